// A real pseudo-terminal for end-to-end tests: spawn a program with the pty as its controlling
// terminal (so /dev/tty is the pty), read everything it draws, type key by key.
import pty from '@lydell/node-pty';

export interface PtyExit {
  exitCode: number;
  signal: number;
}

export interface PtyProcess {
  pid: number;
  /** Everything written to the terminal so far, raw. */
  raw(): string;
  /** The same with escape sequences and carriage returns removed. */
  text(): string;
  /** Wait until the text (from `from`, an offset in text()) contains `pattern`. */
  waitFor(pattern: string | RegExp, opts?: { from?: number; deadlineMs?: number }): Promise<string>;
  /** Type a string one key at a time, as a person would. */
  type(keys: string): Promise<void>;
  /** Write bytes at once (control keys: '\r' Enter, '\x03' Ctrl-C, '\x04' Ctrl-D). */
  write(data: string): void;
  exited: Promise<PtyExit>;
  /** Wait for the exit with a deadline (a safety net; kills the process when it is hit). */
  exit(deadlineMs?: number): Promise<PtyExit>;
  kill(signal?: string): void;
}

// CSI, OSC and other escape sequences, then stray control characters except newline and tab.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(ANSI, '').replace(/\r\n/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

export interface PtyOptions {
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

export function spawnPty(file: string, args: string[], o: PtyOptions): PtyProcess {
  const p = pty.spawn(file, args, { name: o.env.TERM ?? 'xterm-256color', cols: o.cols ?? 100, rows: o.rows ?? 40, cwd: o.cwd, env: o.env });
  let buf = '';
  const waiters = new Set<() => void>();
  p.onData((d) => {
    buf += d;
    for (const w of [...waiters]) w();
  });
  let done = false;
  const exited = new Promise<PtyExit>((resolve) => {
    p.onExit((e) => {
      done = true;
      // Let the last output arrive before anyone reads it.
      setTimeout(() => {
        for (const w of [...waiters]) w();
        resolve({ exitCode: e.exitCode, signal: e.signal ?? 0 });
      }, 50);
    });
  });
  const self: PtyProcess = {
    pid: p.pid,
    raw: () => buf,
    text: () => stripAnsi(buf),
    waitFor(pattern, opts = {}) {
      const from = opts.from ?? 0;
      const test = (): boolean => {
        const t = stripAnsi(buf).slice(from);
        return typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t);
      };
      if (test()) return Promise.resolve(stripAnsi(buf));
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (test()) {
            cleanup();
            resolve(stripAnsi(buf));
          } else if (done) {
            cleanup();
            reject(new Error(`the program exited before showing ${String(pattern)}; the terminal showed:\n${stripAnsi(buf)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(pattern)}; the terminal showed:\n${stripAnsi(buf)}`));
        }, opts.deadlineMs ?? 30_000);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    async type(keys) {
      for (const k of keys) {
        p.write(k);
        await new Promise((r) => setTimeout(r, 8));
      }
    },
    write: (d) => p.write(d),
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
          reject(new Error(`the program did not exit; the terminal showed:\n${stripAnsi(buf)}`));
        }, deadlineMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill(signal = 'SIGKILL') {
      if (done) return;
      try {
        p.kill(signal);
      } catch {
        /* gone */
      }
    },
  };
  return self;
}
