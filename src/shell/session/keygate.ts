// The key gate: what is typed reaches the shell only while its guard is connected.
//
// Until the shell's hook has said hello, keys are held: a shell whose startup files failed (or
// that exec'd something else) must not get commands it can't guard; after a minute it is ended.
// Keys typed before the first prompt wait for it too: written to the shell earlier, the inner
// terminal (still cooked, echo on) shows them, and the line editor shows them again. The same
// holds after a line that starts a nested bash or zsh: keys wait for its hook (or for the line to
// end); if neither comes, they are dropped and only Ctrl-C and Ctrl-D get through.

/** The end of a prompt (PS1 carries it): the line editor has the terminal from here on. */
const PROMPT_END = Buffer.from('\x1b]633;B');
/** The bash hook's private keys (bash.ts): Ctrl-X then Ctrl-] (accept the checked line), Ctrl-^ or
 *  Ctrl-_ (check), Ctrl-A (comment). Only the hook's own macros may produce them: typed from outside
 *  (an agent writing to the pty, or an inputrc-free paste), Ctrl-X Ctrl-] accepted a line no check
 *  saw (red team 25s). They are dropped from what is typed; a lone Ctrl-X at the end of a chunk waits
 *  briefly for the next. */
const PRIVATE_SECOND = new Set([0x1d, 0x1e, 0x1f, 0x01]);

/** Drops the private key pairs from typed bytes; returns what to pass on and a held trailing Ctrl-X. */
export function dropPrivateKeys(d: Buffer, held: boolean): { out: Buffer; hold: boolean } {
  const all = held ? Buffer.concat([Buffer.from([0x18]), d]) : d;
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const b = all[i]!;
    if (b === 0x18) {
      if (i + 1 >= all.length) return { out: Buffer.from(out), hold: true };
      if (PRIVATE_SECOND.has(all[i + 1]!)) {
        i++;
        continue;
      }
    }
    out.push(b);
  }
  return { out: Buffer.from(out), hold: false };
}

/** The end of a command: the line that started a nested shell is over. */
const FINISHED = Buffer.from('\x1b]633;D');

export interface KeyGateIo {
  toShell(b: Buffer): void;
  /** A notice on the outer terminal. */
  say(s: string): void;
  /** The guard never connected: end the shell. */
  endShell(): void;
}

export interface KeyGateTimes {
  connectMs: number;
  /** After hello, how long a prompt without the marker may keep keys. */
  promptMs: number;
  nestedMs: number;
}

export const KEY_GATE_TIMES: KeyGateTimes = { connectMs: 60_000, promptMs: 3000, nestedMs: 15_000 };

/** Finds a byte string in a stream that may split it between chunks. */
export class Needle {
  private tail = Buffer.alloc(0);
  constructor(private readonly bytes: Buffer) {}

  seen(b: Buffer): boolean {
    const all = this.tail.length ? Buffer.concat([this.tail, b]) : b;
    if (all.includes(this.bytes)) {
      this.tail = Buffer.alloc(0);
      return true;
    }
    this.tail = Buffer.from(all.subarray(Math.max(0, all.length - this.bytes.length + 1)));
    return false;
  }

  reset(): void {
    this.tail = Buffer.alloc(0);
  }
}

export class KeyGate {
  private connected = false;
  private prompted = false;
  private early: Buffer[] = [];
  private nested: { timer: NodeJS.Timeout; warned: boolean } | undefined;
  private readonly connectTimer: NodeJS.Timeout;
  private promptTimer: NodeJS.Timeout | undefined;
  private readonly prompt = new Needle(PROMPT_END);
  private readonly finished = new Needle(FINISHED);

  constructor(
    /** The pid of the shell the pty runs: only its hello connects the session. */
    private readonly shellPid: number,
    private readonly io: KeyGateIo,
    private readonly times: KeyGateTimes = KEY_GATE_TIMES,
  ) {
    this.connectTimer = setTimeout(() => this.neverConnected(), times.connectMs);
  }

  private heldCtrlX = false;
  private heldTimer: NodeJS.Timeout | undefined;

  /** Keys from the outer terminal (when no panel has them). */
  keys(d: Buffer): void {
    clearTimeout(this.heldTimer);
    const { out, hold } = dropPrivateKeys(d, this.heldCtrlX);
    this.heldCtrlX = hold;
    if (hold) {
      this.heldTimer = setTimeout(() => {
        if (!this.heldCtrlX) return;
        this.heldCtrlX = false;
        this.route(Buffer.from([0x18]));
      }, 40);
      this.heldTimer.unref();
    }
    if (out.length) this.route(out);
  }

  private route(d: Buffer): void {
    if (!this.connected || !this.prompted) this.early.push(d);
    else if (!this.nested) this.io.toShell(d);
    else if (!this.nested.warned) this.early.push(d);
    else {
      const keep = Buffer.from([...d].filter((b) => b === 0x03 || b === 0x04));
      if (keep.length) this.io.toShell(keep);
    }
  }

  /** What the shell printed: the first prompt's end, and the end of a line that started a nested shell. */
  fromShell(b: Buffer): void {
    if (!this.prompted && this.prompt.seen(b)) {
      this.prompted = true;
      if (this.connected) this.releaseEarly();
    }
    if (this.nested && this.finished.seen(b)) this.releaseNested();
  }

  /** A hook said hello: the session's own shell, or (any pid) the nested one being waited for. */
  hello(pid: number): void {
    // Any hook saying hello now is the nested shell's (`exec zsh` keeps the pid).
    if (this.nested) this.releaseNested();
    if (this.connected || pid !== this.shellPid) return;
    this.connected = true;
    clearTimeout(this.connectTimer);
    // A prompt without the marker (PS1 replaced after the hook) must not keep keys forever.
    this.promptTimer = setTimeout(() => this.releaseEarly(), this.times.promptMs);
    this.promptTimer.unref();
    if (this.prompted) this.releaseEarly();
  }

  /** The line about to run starts a nested bash or zsh: hold keys for its hook. */
  expectNested(): void {
    if (this.nested) clearTimeout(this.nested.timer);
    const w = {
      warned: false,
      timer: setTimeout(() => {
        w.warned = true;
        this.early = [];
        this.io.say('\r\ncountersign: the nested shell has not connected its guard, so what you type reaches it only as Ctrl-C or Ctrl-D (to end it) until it does.\r\n');
      }, this.times.nestedMs),
    };
    w.timer.unref();
    this.nested = w;
    this.finished.reset();
  }

  close(): void {
    clearTimeout(this.heldTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.promptTimer);
    if (this.nested) clearTimeout(this.nested.timer);
  }

  private neverConnected(): void {
    if (this.connected) return;
    this.io.say('\r\ncountersign: the shell did not connect its guard within 60 seconds (its startup files may have failed or replaced it); the session ends.\r\n');
    this.io.endShell();
  }

  private releaseNested(): void {
    if (!this.nested) return;
    clearTimeout(this.nested.timer);
    this.nested = undefined;
    this.flush();
  }

  private releaseEarly(): void {
    if (!this.connected || this.nested) return;
    clearTimeout(this.promptTimer);
    this.prompted = true;
    this.flush();
  }

  private flush(): void {
    const out = this.early;
    this.early = [];
    for (const d of out) this.io.toShell(d);
  }
}
