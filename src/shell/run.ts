// Run the real shell as if it had been started directly: same arguments, stdio untouched, the
// same exit status, death by signal reproduced, signals forwarded.
import { spawn } from 'node:child_process';
import os from 'node:os';

const FORWARD: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGWINCH', 'SIGUSR1', 'SIGUSR2'];

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Spawn the shell; `input` (a script read from our stdin) is written to its stdin. */
export function runShell(shell: string, args: string[], opts: { argv0?: string; input?: Buffer } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(shell, args, {
      stdio: [opts.input ? 'pipe' : 'inherit', 'inherit', 'inherit'],
      argv0: opts.argv0,
    });
    const handlers = FORWARD.map((sig) => {
      const h = () => {
        try {
          child.kill(sig);
        } catch {
          /* already gone */
        }
      };
      process.on(sig, h);
      return [sig, h] as const;
    });
    if (opts.input && child.stdin) {
      child.stdin.on('error', () => {}); // the script may exit before reading it all
      child.stdin.end(opts.input);
    }
    child.on('error', (e) => {
      process.stderr.write(`countersign: can't start ${shell}: ${e.message}\n`);
      for (const [sig, h] of handlers) process.off(sig, h);
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => {
      for (const [sig, h] of handlers) process.off(sig, h);
      resolve({ code, signal });
    });
  });
}

/** Exit the way the child did: the same status, or death by the same signal. */
export function exitLike(r: RunResult): never {
  if (r.signal) {
    process.removeAllListeners(r.signal);
    process.kill(process.pid, r.signal);
    // Signals that don't kill by default (or are ignored): mirror bash's 128+n.
  }
  const n = r.signal ? 128 + (signalNumber(r.signal) ?? 1) : (r.code ?? 1);
  process.exit(n);
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  return os.constants.signals[sig];
}
