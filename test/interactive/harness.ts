// Interactive sessions under test: bin/countersign with no command, on a pseudo-terminal drawn by
// @xterm/headless, in the fixture project (a git repo whose data/ is protected).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, makeFixture, type Fixture } from '../helpers/fixture.js';
import { startTerm, type OscEvent, type TermSession } from '../helpers/term.js';

/** The program under test (COUNTERSIGN_TEST_BIN points elsewhere while developing). */
export const SESSION_BIN = process.env.COUNTERSIGN_TEST_BIN || BIN;

export function findShell(name: string): string | undefined {
  for (const d of ['/bin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin']) {
    const p = path.join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export const SHELLS = [
  { name: 'bash', path: findShell('bash') },
  { name: 'zsh', path: findShell('zsh') },
] as const;

export interface Session {
  fx: Fixture;
  t: TermSession;
  /** Index into t.events where the current command started. */
  mark(): number;
  /** Submit a line: typed key by key (a person) or sent whole (an agent). Resolves with the 633;D
   *  that ends it. */
  run(line: string, how?: 'type' | 'send'): Promise<OscEvent>;
  /** The 633;D that ends the command started at `since`. */
  finished(since: number): Promise<OscEvent>;
  close(): Promise<void>;
}

/** A fixture with a small prompt of its own and a git repo, then a session in it. */
export async function openSession(shellPath: string, o: { env?: Record<string, string>; cols?: number; rows?: number; fx?: Fixture; rc?: { bash?: string; zsh?: string } } = {}): Promise<Session> {
  const fx = o.fx ?? makeFixture();
  // The user's own startup files: a plain prompt, so the screen is easy to read.
  writeFileSync(path.join(fx.home, '.bash_profile'), "PS1='\\$ '\n[ -r ~/.bashrc ] && . ~/.bashrc\n");
  writeFileSync(path.join(fx.home, '.bashrc'), `PS1='\\$ '\n${o.rc?.bash ?? ''}`);
  writeFileSync(path.join(fx.home, '.zshrc'), `PS1='%# '\nunsetopt PROMPT_SP\n${o.rc?.zsh ?? ''}`);
  try {
    execFileSync('git', ['init', '-q'], { cwd: fx.repo, stdio: 'ignore' });
  } catch {
    /* git is optional for these tests */
  }
  // TMPDIR: the session's private directory goes under the fixture, gone with it.
  const env = fx.env({ TERM: 'xterm-256color', SHELL: shellPath, COUNTERSIGN_SHELL: shellPath, TMPDIR: fx.root, ...o.env });
  const t = startTerm({ file: SESSION_BIN, cwd: fx.repo, env, cols: o.cols ?? 100, rows: o.rows ?? 30 });
  // The first prompt: its end (633;B) comes after the hook is in.
  await t.waitForEvent((e) => e.code === 633 && e.kind === 'B');
  const finished = (since: number): Promise<OscEvent> => t.waitForEvent((e) => e.code === 633 && e.kind === 'D', { since });
  return {
    fx,
    t,
    mark: () => t.events.length,
    finished,
    async run(line, how = 'type') {
      const since = t.events.length;
      if (how === 'type') await t.type(line + '\r');
      else t.send(line + '\r');
      return finished(since);
    },
    async close() {
      // Ctrl-C first (a panel may be up); the terminal drops what follows a Ctrl-C at once.
      t.send('\x03');
      await new Promise((r) => setTimeout(r, 150));
      t.send('exit\r');
      try {
        await t.exit(10_000);
      } catch {
        t.kill();
      }
      if (!o.fx) fx.cleanup();
    },
  };
}

/** Send one chunk as an agent writes to the pty; decline a panel if one appears; wait for the line's end or a short while. */
export async function step(s: Session, bytes: string, waitMs = 2500): Promise<'panel' | 'done' | 'timeout'> {
  const since = s.mark();
  const before = s.t.text().split('Type the phrase').length;
  s.t.send(bytes);
  const t0 = Date.now();
  while (Date.now() - t0 < waitMs) {
    if (s.t.text().split('Type the phrase').length > before) {
      s.t.send('\x03');
      await new Promise((r) => setTimeout(r, 300));
      return 'panel';
    }
    if (s.t.events.slice(since).some((e) => e.code === 633 && e.kind === 'D')) return 'done';
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'timeout';
}
