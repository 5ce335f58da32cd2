// The panel queue: lines waiting for a person, one panel at a time.
//
// A line that needs a person becomes a gate (add); its hook then runs the gate command, which
// asks over the channel (wait) and blocks until answered. The panel opens once the gate's sync
// marker has come through the shell's output (so it comes after what the shell printed), or after
// 1.5 s without it. While a panel is open it owns the outer terminal: keys go to it, never to the
// shell, and the shell's output is held until it closes. Every gate is answered: Y runs the line,
// X (declined, denied, timed out, failed) does not.
import type { AuditRecord, Settled } from '../../audit/index.js';
import type { ConfirmContext } from '../../confirm/index.js';
import type { CheckResult, Engine } from '../../engine.js';
import type { Channel } from './channel.js';
import type { Approver } from './approver.js';
import { confirmUi, type Outcome, type UiIo } from './ui.js';

export interface Gate {
  id: string;
  text: string;
  cwd: string;
  result: CheckResult;
  engine: Engine;
  chan?: { ch: Channel; seq: string; nonce: string };
  marker: boolean;
  timer?: NodeJS.Timeout;
  created: number;
}

export interface PanelDeps {
  /** To the outer terminal (raw: lines end with \r\n). */
  write(b: Buffer | string): void;
  columns(): number;
  color: boolean;
  audit(g: Gate, settled: Settled, extra?: Partial<AuditRecord>): Promise<void>;
  approver: Pick<Approver, 'needed' | 'sign'>;
  /** How long a gate waits for its marker (1.5 s). */
  markerMs?: number;
  /** A gate whose command never ran is forgotten after this long (an hour). */
  staleMs?: number;
  /** Gate ids (random). */
  newId(): string;
  /** The panel itself (ui.ts's confirmUi). */
  confirm?: typeof confirmUi;
}

/** How a gate is settled in the audit log, and whether its line runs. */
type Decided = { settled: Settled; extra: Partial<AuditRecord> };

export class PanelQueue {
  private readonly gates = new Map<string, Gate>();
  private readonly queue: Gate[] = [];
  /** Set while a panel is open: it owns the keys (keys set) and the output is held. */
  private ui: { keys?: (d: Buffer) => void } | undefined;
  private held: Buffer[] = [];
  /** The panel's view of the outer terminal. */
  readonly io: UiIo;

  constructor(private readonly d: PanelDeps) {
    this.io = {
      write: (s) => d.write(s.replace(/\r?\n/g, '\r\n')),
      onKeys: (cb) => {
        this.ui!.keys = cb;
        return () => {
          if (this.ui) this.ui.keys = undefined;
        };
      },
      columns: () => d.columns(),
    };
  }

  /** A line that needs a person: its gate id. */
  add(text: string, cwd: string, result: CheckResult, engine: Engine): string {
    // A gate whose command never ran (a syntax error, an interrupted line) is dropped later.
    const stale = this.d.staleMs ?? 3_600_000;
    for (const [gid, g] of this.gates) if (!g.chan && Date.now() - g.created > stale) this.gates.delete(gid);
    const id = this.d.newId();
    this.gates.set(id, { id, text, cwd, result, engine, marker: false, created: Date.now() });
    return id;
  }

  /** The gate command asks (W): false when it isn't a gate waiting for this line (answer X). */
  wait(id: string, line: string, chan: NonNullable<Gate['chan']>): boolean {
    const g = this.gates.get(id);
    if (!g || g.chan || g.text !== line) return false;
    g.chan = chan;
    this.maybeStart(g);
    return true;
  }

  /** The gate's sync marker came through the shell's output. */
  marker(id: string): void {
    const g = this.gates.get(id);
    if (!g) return;
    g.marker = true;
    this.maybeStart(g);
  }

  /** The shell's output: out now, or after the open panel. */
  output(b: Buffer): void {
    if (this.ui) this.held.push(b);
    else this.d.write(b);
  }

  /** Keys from the outer terminal: true when a panel took them. */
  keys(d: Buffer): boolean {
    if (!this.ui) return false;
    this.ui.keys?.(d);
    return true;
  }

  /** The session ends: what was held goes out. */
  flush(): void {
    const out = this.held;
    this.held = [];
    for (const b of out) this.d.write(b);
  }

  private maybeStart(g: Gate): void {
    if (!g.chan) return;
    if (!g.marker && !g.timer) {
      // The marker keeps the panel after what the shell printed; don't wait for it forever.
      g.timer = setTimeout(() => {
        g.marker = true;
        this.maybeStart(g);
      }, this.d.markerMs ?? 1500);
      return;
    }
    if (!g.marker) return;
    if (g.timer) clearTimeout(g.timer);
    if (this.queue.includes(g)) return;
    this.queue.push(g);
    if (this.queue.length === 1) void this.run();
  }

  private async run(): Promise<void> {
    while (this.queue.length) {
      const g = this.queue[0]!;
      this.ui = {};
      // Fail closed, and never leave the terminal to a panel that is gone.
      const { settled, extra } = await this.decide(g).catch((): Decided => ({ settled: 'declined', extra: {} }));
      const run = settled === 'terminal-phrase' || settled === 'passphrase';
      await this.d.audit(g, settled, extra).catch(() => undefined);
      this.ui = undefined;
      this.flush();
      g.chan!.ch.reply(g.chan!.seq, g.chan!.nonce, run ? 'Y' : 'X');
      this.gates.delete(g.id);
      this.queue.shift();
    }
  }

  /** The panel, then the passphrase when needed. Anything that fails declines. */
  private async decide(g: Gate): Promise<Decided> {
    let outcome: Outcome = 'declined';
    try {
      outcome = await (this.d.confirm ?? confirmUi)(this.io, g.text, g.result, { color: this.d.color, timeoutMs: (g.engine.config.confirm.timeout ?? 300) * 1000 });
    } catch (e) {
      this.d.write(`\r\ncountersign: ${(e as Error).message}\r\n`);
      outcome = 'declined';
    }
    let decided: Decided = { settled: SETTLED[outcome], extra: {} };
    if (outcome === 'confirmed' && (await this.d.approver.needed(g.engine))) decided = await this.passphrase(g);
    if (decided.settled !== 'terminal-phrase' && decided.settled !== 'passphrase') {
      this.d.write(`  ${outcome === 'denied' ? 'Denied by policy' : outcome === 'timeout' ? 'No confirmation in time' : 'Declined'}: the command did not run.\r\n`);
    }
    return decided;
  }

  private async passphrase(g: Gate): Promise<Decided> {
    const signed = await this.d.approver.sign(g, this.io).catch((e: Error) => {
      this.d.write(`\r\ncountersign: ${e.message}\r\n`);
      return undefined;
    });
    if (signed) return { settled: 'passphrase', extra: { fingerprint: signed.fingerprint, signed: { claims: signed.claims, signature: signed.signature } } };
    return { settled: 'declined', extra: { note: 'the phrase was typed, the approver passphrase was not' } };
  }
}

const SETTLED: Record<Outcome, Settled> = { confirmed: 'terminal-phrase', denied: 'denied', timeout: 'timeout', declined: 'declined' };

/** What the confirm module needs to audit a gate. */
export function confirmContext(g: Gate, env: NodeJS.ProcessEnv, home: string): ConfirmContext {
  return { text: g.text, cwd: g.cwd, env, home, result: g.result, confirm: g.engine.config.confirm, notes: g.engine.config.pendingTrust, via: 'interactive' };
}
