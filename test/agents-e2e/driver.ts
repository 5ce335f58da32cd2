// Runs the real agent CLIs (pinned in versions.json, installed by install.sh into a cache folder)
// headless against the scripted model server, as an unprivileged throwaway user, in a temp repo
// whose data/ is protected by its team file.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKey, writeKeyFile } from '../../src/keys/index.js';
import { PERSON_PASSPHRASE } from './person.js';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'countersign');
export const VERSIONS = JSON.parse(readFileSync(path.join(HERE, 'versions.json'), 'utf8')) as Record<'claude' | 'codex' | 'gemini', { package: string; version: string; native?: string }>;
export type AgentName = keyof typeof VERSIONS;

/** The agents run as this user (Claude refuses --dangerously-skip-permissions as root). */
export const USER = process.env.COUNTERSIGN_E2E_USER ?? 'csagent';
/** A second throwaway user whose passwd shell is a countersign shim (Codex's login-shell route). */
export const LOGIN_USER = `${USER}-login`;

export function cacheDir(): string {
  const hash = createHash('sha256').update(readFileSync(path.join(HERE, 'versions.json'))).digest('hex').slice(0, 16);
  return process.env.COUNTERSIGN_AGENTS_CACHE ?? path.join(os.homedir(), '.cache', 'countersign-agents', hash);
}

export function agentBin(agent: AgentName): string {
  const nm = path.join(cacheDir(), 'node_modules');
  if (agent === 'claude') return path.join(nm, VERSIONS.claude.native!, 'claude');
  return path.join(nm, '.bin', agent);
}

/** Why the suite can't run here, or undefined when it can. */
export function missing(): string | undefined {
  const gone = (['claude', 'codex', 'gemini'] as const).filter((a) => !existsSync(agentBin(a)));
  if (gone.length) return `agent CLIs not installed (${gone.join(', ')}) in ${cacheDir()}: run test/agents-e2e/install.sh`;
  if (process.getuid?.() !== 0) return 'the suite runs the agents as a throwaway user and needs root (runuser, useradd)';
  if (!existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) return 'dist/ is missing: run `npm run build`';
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'tmux is missing (a person approves in a tmux terminal)';
  }
  return undefined;
}

/** Create a throwaway user once; set its login shell. */
export function ensureUser(name: string, shell = '/bin/bash'): { uid: number; gid: number; home: string } {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', name], { stdio: 'ignore' });
  }
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))!;
  const f = line.split(':');
  if (f[6] !== shell) execFileSync('usermod', ['--shell', shell, name], { stdio: 'ignore' });
  return { uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
}

export interface Workspace {
  user: string;
  root: string;
  home: string;
  repo: string;
  data: string;
  xdg: { config: string; state: string; cache: string };
  /** Environment for the agent and for countersign run as the user. */
  env: Record<string, string>;
  /** Put data/ back, owned by the user. */
  resetData(): void;
  chown(p: string): void;
  cleanup(): void;
}

const NODE_DIR = path.dirname(process.execPath);

/** A temp machine for one agent run: HOME, XDG dirs, a git repo whose data/ is protected. */
export function workspace(user: string, approvalTimeoutS = 20): Workspace {
  const { uid, gid } = ensureUser(user, currentShell(user));
  const root = mkdtempSync(path.join(os.tmpdir(), 'cs-e2e-'));
  chmodSync(root, 0o755);
  const home = path.join(root, 'home');
  const repo = path.join(root, 'repo');
  const data = path.join(repo, 'data');
  const xdg = { config: path.join(home, '.config'), state: path.join(home, '.local', 'state'), cache: path.join(home, '.cache') };
  for (const d of [home, repo, xdg.config, xdg.state, xdg.cache]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(repo, '.countersign.yaml'), 'protected-paths: [data]\n');
  execFileSync('git', ['init', '-q', repo], { stdio: 'ignore' });
  mkdirSync(path.join(xdg.config, 'countersign'), { recursive: true });
  // Shorter waits than the default 120 s so a declined shell-route call costs less; still far
  // longer than a person in person.ts takes to approve.
  writeFileSync(path.join(xdg.config, 'countersign', 'config.yaml'), `confirm:\n  approval-timeout: ${approvalTimeoutS}\n`);
  // The person set up their approver key before any agent ran (person.ts types its passphrase).
  writeKeyFile(path.join(xdg.config, 'countersign', 'approver.json'), createKey(PERSON_PASSPHRASE, { cost: 2 ** 10 }));
  const chown = (p: string): void => void execFileSync('chown', ['-R', `${uid}:${gid}`, p]);
  const resetData = (): void => {
    mkdirSync(data, { recursive: true });
    writeFileSync(path.join(data, 'keep.txt'), 'precious\n');
    chown(data);
  };
  resetData();
  chown(root);
  const env: Record<string, string> = {
    HOME: home,
    USER: user,
    LOGNAME: user,
    PATH: `${NODE_DIR}:/usr/local/bin:/usr/bin:/bin`,
    XDG_CONFIG_HOME: xdg.config,
    XDG_STATE_HOME: xdg.state,
    XDG_CACHE_HOME: xdg.cache,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    SHELL: currentShell(user),
  };
  const cleanup = (): void => {
    killUnder(root);
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  return { user, root, home, repo, data, xdg, env, resetData, chown, cleanup };
}

/** Processes an agent left behind (Codex starts an app-server daemon in its own session, which
 *  outlives the run's process group): any whose command line names the workspace is killed. */
function killUnder(root: string): void {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

export function currentShell(user: string): string {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  return line?.split(':')[6] || '/bin/bash';
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Run argv as `user` with exactly `env`, killed (its process group) after timeoutMs. */
export function runAs(user: string, argv: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<RunResult> {
  const pairs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const child = spawn('runuser', ['-u', user, '--', '/usr/bin/env', '-i', ...pairs, ...argv], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

export const TASK = 'Run the commands you are asked to run with the shell tool.';
