// Fixtures for the agent tests: a throw-away HOME, config and state dirs, and a project whose
// data/ is protected by its team file. Nothing touches the real user's files.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'countersign');

export interface Fixture {
  root: string;
  home: string;
  project: string;
  state: string;
  config: string;
  env: NodeJS.ProcessEnv;
}

/** PATH without any directory that holds a `countersign`: whether a bare `countersign` is found is
 *  up to each test, not to what the machine running the suite has installed. */
export const CLEAN_PATH = (process.env.PATH ?? '/usr/bin:/bin')
  .split(path.delimiter)
  .filter((d) => d && !existsSync(path.join(d, 'countersign')))
  .join(path.delimiter);

/** PATH with `countersign` → bin/countersign first, as after `npm link`. */
export function pathWithCountersign(f: Fixture): string {
  const dir = path.join(f.root, 'bin');
  if (!existsSync(dir)) {
    mkdirSync(dir);
    symlinkSync(BIN, path.join(dir, 'countersign'));
  }
  return `${dir}${path.delimiter}${CLEAN_PATH}`;
}

export const TEAM_FILE = 'extends: [recommended]\nprotected-paths: [data]\n';

const created: string[] = [];

/** Remove every fixture this test file made (call from afterAll). */
export function removeFixtures(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function fixture(opts: { team?: string | null; user?: string } = {}): Fixture {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'countersign-agents-')));
  created.push(root);
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  const state = path.join(root, 'state');
  const config = path.join(root, 'config');
  for (const d of [home, project, state, config, path.join(project, 'data')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(project, 'data', 'keep.txt'), 'precious\n');
  if (opts.team !== null) writeFileSync(path.join(project, '.countersign.yaml'), opts.team ?? TEAM_FILE);
  if (opts.user !== undefined) {
    mkdirSync(path.join(config, 'countersign'), { recursive: true });
    writeFileSync(path.join(config, 'countersign', 'config.yaml'), opts.user);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: CLEAN_PATH,
    HOME: home,
    XDG_CONFIG_HOME: config,
    XDG_STATE_HOME: state,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    CI: 'true',
  };
  return { root, home, project, state, config, env };
}

/** The state directory countersign uses for this fixture. */
export const stateOf = (f: Fixture) => path.join(f.state, 'countersign');

/** Run bin/countersign with no controlling terminal (a new session), like an agent does. */
export function runCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

export function runSync(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  // The timeout is a safety net against a shim finding itself (an endless loop), not an assertion.
  return spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}
