// Fixtures for end-to-end tests of the built program: a temp "machine" (HOME, XDG dirs) with a
// project whose data/ is protected, a controlled environment for children, and a runner that
// starts bin/countersign (or any program) as a real process and collects what it did.
import { spawn, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The program under test: the launcher that runs dist/. */
export const BIN = path.join(ROOT, 'bin', 'countersign');
export const BASH = '/bin/bash';

/** The end-to-end tests run the built bundle; `npm test` builds it first. */
export function requireBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) {
    throw new Error('dist/cli.mjs is missing: run `npm run build` before these tests (npm test does).');
  }
}

export interface Fixture {
  /** Everything lives under here. */
  root: string;
  home: string;
  /** The project: `.countersign.yaml` protects data/, which holds a few files. */
  repo: string;
  data: string;
  config: string;
  state: string;
  cache: string;
  /** countersign's state dir (pending requests, audit log). */
  csState: string;
  auditFile: string;
  /** A controlled environment for children: nothing inherited from the test runner but PATH and USER. */
  env(extra?: Record<string, string | undefined>): Record<string, string>;
  /** Write the user config file ($XDG_CONFIG_HOME/countersign/config.yaml). */
  userConfig(yaml: string): void;
  /** Put data/ back (after a test deleted it). */
  resetData(): void;
  cleanup(): void;
}

export interface FixtureOptions {
  /** Extra text appended to `.countersign.yaml` (after `protected-paths: [data]`). */
  team?: string;
  userConfig?: string;
}

export function makeFixture(opts: FixtureOptions = {}): Fixture {
  requireBuilt();
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cs-e2e-')));
  const home = path.join(root, 'home');
  const repo = path.join(root, 'repo');
  const data = path.join(repo, 'data');
  const config = path.join(root, 'config');
  const state = path.join(root, 'state');
  const cache = path.join(root, 'cache');
  for (const d of [home, repo, config, state, cache, path.join(root, 'share')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(repo, '.countersign.yaml'), `protected-paths: [data]\n${opts.team ?? ''}`);
  writeFileSync(path.join(repo, 'notes.txt'), 'first line\nsecond line\nthird line\n');
  const resetData = (): void => {
    mkdirSync(path.join(data, 'sub'), { recursive: true });
    writeFileSync(path.join(data, 'db.sqlite'), 'precious\n');
    writeFileSync(path.join(data, 'sub', 'keep.txt'), 'keep me\n');
  };
  resetData();
  const csState = path.join(state, 'countersign');
  const fx: Fixture = {
    root,
    home,
    repo,
    data,
    config,
    state,
    cache,
    csState,
    auditFile: path.join(csState, 'audit.jsonl'),
    env(extra = {}) {
      const env: Record<string, string | undefined> = {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        USER: process.env.USER ?? 'tester',
        LOGNAME: process.env.USER ?? 'tester',
        HOME: home,
        XDG_CONFIG_HOME: config,
        XDG_STATE_HOME: state,
        XDG_CACHE_HOME: cache,
        XDG_DATA_HOME: path.join(root, 'share'),
        SHELL: BASH,
        COUNTERSIGN_SHELL: BASH,
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        TERM: 'dumb',
        NO_COLOR: '1',
        ...extra,
      };
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
      return out;
    },
    userConfig(yaml) {
      mkdirSync(path.join(config, 'countersign'), { recursive: true });
      writeFileSync(path.join(config, 'countersign', 'config.yaml'), yaml);
    },
    resetData,
    cleanup() {
      // A session's shell may still be writing its history while it exits: retry ENOTEMPTY.
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
  if (opts.userConfig) fx.userConfig(opts.userConfig);
  return fx;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  out: string;
  err: string;
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Written to stdin, then stdin is closed. Without it stdin is /dev/null (or ignored). */
  input?: string | Buffer;
  /** No controlling terminal (setsid), like an agent's tool process. */
  detached?: boolean;
  /** Give up (SIGKILL the process group) after this long; only a safety net, never asserted. */
  deadlineMs?: number;
  /** Don't keep more than this many bytes of stdout; hash the rest. */
  hashStdout?: boolean;
  onStderr?: (chunk: string) => void;
  /** Called with the child's pid once it has started. */
  onSpawn?: (pid: number) => void;
}

export interface RanHashed extends Ran {
  stdoutLength: number;
  stdoutSha256: string;
}

/** Run a program as a real process; resolves when it has exited and its pipes are closed. */
export function run(file: string, args: string[], o: RunOptions): Promise<RanHashed> {
  return new Promise((resolve, reject) => {
    const opts: SpawnOptions = {
      cwd: o.cwd,
      env: o.env,
      stdio: [o.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: o.detached ?? false,
    };
    const child = spawn(file, args, opts);
    if (child.pid !== undefined) o.onSpawn?.(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const hash = createHash('sha256');
    let length = 0;
    child.stdout!.on('data', (d: Buffer) => {
      length += d.length;
      if (o.hashStdout) hash.update(d);
      else out.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => {
      err.push(d);
      o.onStderr?.(d.toString('utf8'));
    });
    if (o.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(o.input);
    }
    const timer = setTimeout(() => {
      try {
        if (o.detached && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }, o.deadlineMs ?? 50_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        out: stdout.toString('utf8'),
        err: stderr.toString('utf8'),
        stdoutLength: length,
        stdoutSha256: o.hashStdout ? hash.digest('hex') : createHash('sha256').update(stdout).digest('hex'),
      });
    });
  });
}

/** `bin/countersign ARGS` as a real process. */
export function runCountersign(args: string[], o: RunOptions): Promise<RanHashed> {
  return run(BIN, args, o);
}

/** The decision and phrase `check --json` gives for a line in the fixture project. */
export async function checkJson(fx: Fixture, line: string, env: Record<string, string> = fx.env()): Promise<{ decision: string; phrase?: string; findings: Array<{ rule: string; target: { environment: string } }> }> {
  const r = await runCountersign(['check', '--json', '--', line], { cwd: fx.repo, env });
  if (r.code !== 0 && r.code !== 10 && r.code !== 11) throw new Error(`check failed (${r.code}): ${r.err}`);
  return JSON.parse(r.out) as never;
}

/** Pending request files in the fixture's state dir. */
export function pendingIds(fx: Fixture): string[] {
  const d = path.join(fx.csState, 'pending');
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
}

export function auditLines(fx: Fixture): string[] {
  if (!existsSync(fx.auditFile)) return [];
  return readFileSync(fx.auditFile, 'utf8').split('\n').filter((l) => l !== '');
}

/** Resolve when `pred` holds, polling; reject after the deadline (a safety net, not an assertion on time). */
export async function until<T>(pred: () => T | undefined | false | null, what: string, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Run async jobs with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
