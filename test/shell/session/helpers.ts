// Shared pieces for the session's parts under test: a project whose data/ is protected, checked
// by the real judge, and a channel that records its replies.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Channel } from '../../../src/shell/session/channel.js';
import { Judge } from '../../../src/shell/session/judge.js';
import type { CheckResult, Engine } from '../../../src/engine.js';

export interface Project {
  cwd: string;
  home: string;
  sessionDir: string;
  env: Record<string, string>;
  judge: Judge;
  /** The judge's verdict on a line that needs a person. */
  paused(text: string): Promise<{ result: CheckResult; engine: Engine }>;
  remove(): void;
}

export function project(): Project {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cs-session-')));
  const cwd = path.join(root, 'repo');
  const home = path.join(root, 'home');
  const sessionDir = path.join(root, 'session');
  for (const d of [path.join(cwd, 'data'), home, sessionDir]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data]\n');
  const env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'config'), XDG_STATE_HOME: path.join(root, 'state'), XDG_CACHE_HOME: path.join(root, 'cache') };
  const judge = new Judge({ home, env, sessionDir, shells: { bash: '/bin/bash' } });
  return {
    cwd,
    home,
    sessionDir,
    env,
    judge,
    async paused(text) {
      const v = await judge.full(text, cwd, env, 'bash');
      if (v.kind !== 'pause') throw new Error(`${text}: not paused (${v.kind})`);
      return { result: v.result, engine: v.engine };
    },
    remove: () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}

export interface Reply {
  seq: string;
  nonce: string;
  kind: string;
  a: string;
  b: string;
}

export function recordingChannel(pid = 100, dialect: 'bash' | 'zsh' = 'bash'): Channel & { replies: Reply[] } {
  const replies: Reply[] = [];
  return { pid, dialect, replies, reply: (seq, nonce, kind, a = '', b = '') => void replies.push({ seq, nonce, kind, a, b }) };
}

/** Resolves once cond() holds (checked on each turn of the event loop). */
export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}
