// Run the real shell as if it had been started directly: same arguments, stdio untouched, the
// same exit status, death by signal reproduced, signals forwarded.
import { sessionOf } from '../session.js';
import { readFileSync } from 'node:fs';
import { mark } from '../timing.js';

/** Signals passed on to the shell. SIGINT, SIGQUIT and SIGWINCH come from the keyboard or the
 *  terminal too, and then the kernel already sends them to the whole foreground process group,
 *  which includes the shell: passing them on again would deliver them twice (a second Ctrl-C
 *  turns `terraform apply`'s graceful stop into a forced one). */
const FORWARD: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGWINCH', 'SIGUSR1', 'SIGUSR2'];
const FROM_TERMINAL = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT', 'SIGWINCH']);

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The session marker every command run under countersign inherits: `countersign approve`
 *  refuses to run where it is set (the process ancestry can be escaped by a double fork). */

/** Is this process in the foreground process group of its terminal? Then a SIGINT, SIGQUIT or
 *  SIGWINCH most likely came from that terminal, to the child as well. */
function inTerminalForeground(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state ppid pgrp session tty_nr tpgid
    const pgrp = Number(f[2]);
    const tpgid = Number(f[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    // No /proc (macOS): a terminal on our stdio is the best hint.
    return !!(process.stdin.isTTY || process.stdout.isTTY || process.stderr.isTTY);
  }
}

/** Spawn the shell; `input` (a script read from our stdin) is written to its stdin. */
export function runShell(shell: string, args: string[], opts: { argv0?: string; input?: Buffer; light?: boolean } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, COUNTERSIGN_SESSION: sessionOf(process.env) };
    // Handlers first: a signal sent as soon as the shell shows signs of life (it may print before
    // this process runs again) must not find node's default action, which would kill countersign
    // and leave the shell running. One that comes before the child exists is passed on once it does.
    const to: { child?: Child; early: NodeJS.Signals[] } = { early: [] };
    const handlers = forward(to);
    const done = (r: RunResult): void => {
      for (const [sig, h] of handlers) process.off(sig, h);
      resolve(r);
    };
    const started = (child: Child): void => {
      to.child = child;
      for (const sig of to.early.splice(0)) child.kill(sig);
    };
    const light = !opts.input && opts.light !== false ? spawnLight(shell, args, opts.argv0, env, done) : undefined;
    mark('shell spawned');
    if (light) started(light);
    // child_process loads only when needed: it costs 3 ms of start-up.
    else import('node:child_process').then(({ spawn }) => started(spawnNode(spawn, shell, args, opts, env, done)), (e) => {
      for (const [sig, h] of handlers) process.off(sig, h);
      reject(e);
    });
  });
}

function forward(to: { child?: Child; early: NodeJS.Signals[] }): Array<readonly [NodeJS.Signals, () => void]> {
  return FORWARD.map((sig) => {
    const h = () => {
      if (FROM_TERMINAL.has(sig) && inTerminalForeground()) return; // the shell got its own
      if (to.child) to.child.kill(sig);
      else to.early.push(sig);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
}

interface Child {
  kill(sig: NodeJS.Signals): void;
}

function spawnNode(spawn: typeof import('node:child_process').spawn, shell: string, args: string[], opts: { argv0?: string; input?: Buffer }, env: NodeJS.ProcessEnv, done: (r: RunResult) => void): Child {
  const child = spawn(shell, args, { stdio: [opts.input ? 'pipe' : 'inherit', 'inherit', 'inherit'], argv0: opts.argv0, env });
  if (opts.input && child.stdin) {
    child.stdin.on('error', () => {}); // the script may exit before reading it all
    child.stdin.end(opts.input);
  }
  child.on('error', (e) => {
    process.stderr.write(`countersign: can't start ${shell}: ${e.message}\n`);
    done({ code: 127, signal: null });
  });
  child.on('exit', (code, signal) => done({ code, signal }));
  return {
    kill: (sig) => {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    },
  };
}

interface ProcessHandle {
  spawn(o: object): number;
  kill(signal: number): number;
  close(): void;
  onexit?: (code: number, signal: string) => void;
}

/** Spawn with inherited stdio through the process handle node:child_process itself uses. Loading
 *  child_process (streams, net, dgram) is 3 ms of a 25 ms node start, paid on every harmless
 *  command. Undefined when that handle isn't there or refuses; the caller then uses
 *  child_process, which reports any real error. Skipped under deprecation flags, which would
 *  warn about process.binding. */
function spawnLight(file: string, args: string[], argv0: string | undefined, env: NodeJS.ProcessEnv, done: (r: RunResult) => void): Child | undefined {
  if (/deprecation/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) return undefined;
  let handle: ProcessHandle;
  try {
    const binding = (process as unknown as { binding(name: string): { Process?: new () => ProcessHandle } }).binding('process_wrap');
    if (typeof binding.Process !== 'function') return undefined;
    handle = new binding.Process();
    const envPairs: string[] = [];
    for (const [k, v] of Object.entries(env)) if (v !== undefined) envPairs.push(`${k}=${v}`);
    handle.onexit = (code, signal) => {
      handle.close();
      done(signal ? { code: null, signal: signal as NodeJS.Signals } : { code, signal: null });
    };
    const stdio = [0, 1, 2].map((fd) => ({ type: 'inherit', fd }));
    const err = handle.spawn({ file, args: [argv0 ?? file, ...args], envPairs, stdio, detached: false, windowsHide: false, windowsVerbatimArguments: false });
    if (err !== 0) {
      handle.close();
      return undefined;
    }
  } catch {
    return undefined;
  }
  return {
    kill: (sig) => {
      const n = signalNumber(sig);
      if (n) handle.kill(n);
    },
  };
}

/** Exit the way the child did: the same status, or death by the same signal. */
export function exitLike(r: RunResult): never {
  if (r.signal) {
    process.removeAllListeners(r.signal);
    // Node ignores some signals from the start (SIGPIPE): listening and then not listening
    // puts the default action back, so the signal kills us as it killed the shell.
    const reset = (): void => {};
    try {
      process.on(r.signal, reset);
      process.off(r.signal, reset);
    } catch {
      /* a signal node won't listen to (SIGKILL, SIGSTOP): its default can't be changed anyway */
    }
    process.kill(process.pid, r.signal);
    // Signals that don't kill by default (or are ignored): mirror bash's 128+n.
  }
  const n = r.signal ? 128 + (signalNumber(r.signal) ?? 1) : (r.code ?? 1);
  process.exit(n);
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  return (process.getBuiltinModule('node:os') as typeof import('node:os')).constants.signals[sig];
}
