// The pseudo-terminal and the outer terminal around it: the outer one goes raw with output
// processing off (what inner programs write goes out as is), resizes are passed in, SIGHUP and
// SIGTERM end the shell inside (as a hang-up), and the terminal is put back as it was at the end.
// Which bytes may pass from the keyboard to the shell is not decided here (keygate.ts, panels.ts).
import { spawnSync } from 'node:child_process';
import type { IPty } from '@lydell/node-pty';

/** What the relay uses of a pty (node-pty's IPty, or a fake in tests). */
export type PtyLike = Pick<IPty, 'write' | 'resize' | 'kill' | 'pid'>;

export interface OuterTerminal {
  stdin: Pick<NodeJS.ReadStream, 'isTTY' | 'setRawMode' | 'on' | 'off' | 'resume' | 'pause' | 'destroy'>;
  stdout: Pick<NodeJS.WriteStream, 'columns' | 'rows' | 'write' | 'on' | 'off'>;
  /** `stty` on the outer terminal: the saved settings (-g), and a change. */
  stty: { save(): string | undefined; run(args: string[]): void };
  /** Where SIGHUP and SIGTERM arrive (the process). */
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

/** The outer terminal's size (80x24 when it says nothing). */
export const sizeOf = (t: OuterTerminal): { cols: number; rows: number } => ({ cols: t.stdout.columns || 80, rows: t.stdout.rows || 24 });

export const processTerminal = (): OuterTerminal => ({ stdin: process.stdin, stdout: process.stdout, stty: { save: sttySave, run: sttyRun }, signals: process });

/** The real shell in a new pseudo-terminal the size of the outer one. Throws when it can't start. */
export async function spawnPty(shell: string, args: string[], env: Record<string, string>, size: { cols: number; rows: number }): Promise<IPty> {
  const nodePty = await import('@lydell/node-pty');
  return nodePty.spawn(shell, args, { name: env.TERM || 'xterm-256color', ...size, cwd: process.cwd(), env, encoding: null });
}

export class Relay {
  private saved: string | undefined;
  private readonly sigs: Array<[NodeJS.Signals, () => void]>;
  private readonly onResize = (): void => {
    const s = this.size();
    try {
      this.pty.resize(s.cols, s.rows);
    } catch {
      /* exited */
    }
  };

  constructor(
    private readonly pty: PtyLike,
    private readonly term: OuterTerminal,
  ) {
    // A hang-up of the outer terminal or a polite kill: the shell gets a hang-up and ends.
    this.sigs = (['SIGHUP', 'SIGTERM'] as NodeJS.Signals[]).map((s) => [s, () => this.signal('SIGHUP')]);
  }

  size(): { cols: number; rows: number } {
    return sizeOf(this.term);
  }

  /** Raw mode on; keys go to onKeys; resizes and signals are passed on. */
  start(onKeys: (d: Buffer) => void): void {
    const { stdin, stdout, stty, signals } = this.term;
    this.saved = stty.save();
    if (stdin.isTTY) stdin.setRawMode(true);
    stty.run(['-opost']);
    stdin.on('data', onKeys);
    stdin.resume();
    stdout.on('resize', this.onResize);
    for (const [s, h] of this.sigs) signals.on(s, h);
  }

  /** To the outer terminal. */
  write(b: Buffer | string): void {
    this.term.stdout.write(b);
  }

  /** To the shell inside. */
  toShell(b: Buffer): void {
    this.pty.write(b as unknown as string);
  }

  signal(sig: NodeJS.Signals): void {
    try {
      this.pty.kill(sig);
    } catch {
      /* gone */
    }
  }

  /** Undo start(): listeners off, the terminal as it was, stdin closed. */
  stop(): void {
    const { stdin, stdout, stty, signals } = this.term;
    stdout.off('resize', this.onResize);
    for (const [s, h] of this.sigs) signals.off(s, h);
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      /* closed */
    }
    if (this.saved) stty.run([this.saved]);
    stdin.pause();
    stdin.destroy();
  }
}

function sttySave(): string | undefined {
  const r = spawnSync('stty', ['-g'], { stdio: [0, 'pipe', 'ignore'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function sttyRun(args: string[]): void {
  spawnSync('stty', args, { stdio: [0, 'ignore', 'ignore'] });
}
