// A terminal for end-to-end tests of interactive sessions: node-pty runs the program, and
// @xterm/headless (the terminal emulator VS Code uses) draws what it prints. Shell integration is
// read the way VS Code reads it: an OSC handler for 633 (and 133) on the terminal's parser, with
// VS Code's own decoder for the escaped values.
import { createRequire } from 'node:module';
import pty from '@lydell/node-pty';
import type { Terminal as XTerminal } from '@xterm/headless';

const require = createRequire(import.meta.url);
const { Terminal } = require('@xterm/headless') as { Terminal: typeof XTerminal };

export interface OscEvent {
  /** 633 or 133. */
  code: number;
  /** A, B, C, D, E, P... */
  kind: string;
  /** The fields after the kind (split on ';' as VS Code does), E's command line decoded. */
  args: string[];
  /** E: the command line, decoded; D: the exit status when given; P: key and value. */
  command?: string;
  nonce?: string;
  exit?: number;
  key?: string;
  value?: string;
  /** Absolute buffer line of the cursor when the sequence was parsed. */
  line: number;
}

/** VS Code's `deserializeMessage`. */
export function deserialize(message: string): string {
  return message.replaceAll(/\\(\\|x([0-9a-f]{2}))/gi, (_m: string, op: string, hex?: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : op));
}

export interface TermSession {
  term: XTerminal;
  pid: number;
  /** Every OSC 633/133 sequence, in order. */
  events: OscEvent[];
  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string[];
  /** Scrollback and screen as one text. */
  text(): string;
  /** Type one key at a time, as a person would. */
  type(keys: string, delayMs?: number): Promise<void>;
  /** Send bytes at once, as an agent (or a paste) would. */
  send(data: string): void;
  /** Wait until the text (scrollback + screen) matches; returns it. */
  waitFor(pattern: string | RegExp, opts?: { deadlineMs?: number; from?: number }): Promise<string>;
  /** Wait for an OSC event (counting from `since`, an index into events). */
  waitForEvent(pred: (e: OscEvent) => boolean, opts?: { since?: number; deadlineMs?: number }): Promise<OscEvent>;
  resize(cols: number, rows: number): void;
  exited: Promise<{ exitCode: number; signal: number }>;
  exit(deadlineMs?: number): Promise<{ exitCode: number; signal: number }>;
  kill(): void;
}

export interface TermOptions {
  file: string;
  args?: string[];
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

export function startTerm(o: TermOptions): TermSession {
  const cols = o.cols ?? 100;
  const rows = o.rows ?? 30;
  const term = new Terminal({ cols, rows, scrollback: 10000, allowProposedApi: true });
  const events: OscEvent[] = [];
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  const lineNow = (): number => term.buffer.active.baseY + term.buffer.active.cursorY;
  const onOsc = (code: number) => (data: string): boolean => {
    const [kind = '', ...args] = data.split(';');
    const ev: OscEvent = { code, kind, args, line: lineNow() };
    if (kind === 'E') {
      ev.command = deserialize(args[0] ?? '');
      if (args[1] !== undefined) ev.nonce = args[1];
    } else if (kind === 'D' && args[0] !== undefined && args[0] !== '') {
      ev.exit = Number(args[0]);
    } else if (kind === 'P' && args[0] !== undefined) {
      const d = deserialize(args[0]);
      const eq = d.indexOf('=');
      ev.key = eq < 0 ? d : d.slice(0, eq);
      ev.value = eq < 0 ? '' : d.slice(eq + 1);
    }
    events.push(ev);
    wake();
    return true;
  };
  term.parser.registerOscHandler(633, onOsc(633));
  term.parser.registerOscHandler(133, onOsc(133));

  const p = pty.spawn(o.file, o.args ?? [], { name: o.env.TERM ?? 'xterm-256color', cols, rows, cwd: o.cwd, env: o.env });
  p.onData((d) => term.write(d, wake));
  // What the terminal answers (cursor reports, device attributes) goes back, as a real one does.
  term.onData((d) => p.write(d));
  let done = false;
  const exited = new Promise<{ exitCode: number; signal: number }>((resolve) => {
    p.onExit((e) => {
      done = true;
      setTimeout(() => {
        wake();
        resolve({ exitCode: e.exitCode, signal: e.signal ?? 0 });
      }, 50);
    });
  });

  const screen = (): string[] => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(b.getLine(b.baseY + y)?.translateToString(true) ?? '');
    return out;
  };
  const text = (): string => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < b.length; y++) {
      const l = b.getLine(y);
      if (!l) continue;
      // Wrapped rows continue the previous line.
      if (l.isWrapped && out.length) out[out.length - 1] += l.translateToString(true);
      else out.push(l.translateToString(true));
    }
    return out.join('\n');
  };
  const until = <T>(get: () => T | undefined, what: () => string, deadlineMs: number): Promise<T> => {
    const v = get();
    if (v !== undefined) return Promise.resolve(v);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const r = get();
        if (r !== undefined) {
          cleanup();
          resolve(r);
        } else if (done) {
          cleanup();
          reject(new Error(`the program exited before ${what()}; the terminal showed:\n${text()}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what()}; the terminal showed:\n${text()}`));
      }, deadlineMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
    });
  };

  return {
    term,
    pid: p.pid,
    events,
    screen,
    text,
    async type(keys, delayMs = 6) {
      for (const k of keys) {
        p.write(k);
        await new Promise((r) => setTimeout(r, delayMs));
      }
    },
    send: (d) => p.write(d),
    waitFor(pattern, opts = {}) {
      const test = (): string | undefined => {
        const t = text().slice(opts.from ?? 0);
        return (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)) ? t : undefined;
      };
      return until(test, () => `${String(pattern)}`, opts.deadlineMs ?? 30_000);
    },
    waitForEvent(pred, opts = {}) {
      const since = opts.since ?? 0;
      return until(() => events.slice(since).find(pred), () => 'an OSC event', opts.deadlineMs ?? 30_000);
    },
    resize(c, r) {
      term.resize(c, r);
      p.resize(c, r);
    },
    exited,
    async exit(deadlineMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          try {
            p.kill('SIGKILL');
          } catch {
            /* gone */
          }
          reject(new Error(`the program did not exit; the terminal showed:\n${text()}`));
        }, deadlineMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      if (done) return;
      try {
        p.kill('SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
}
