// Before the shell starts: which shell can carry the hook, the session's private directory (the
// hook files and the control FIFO), and the arguments and environment the real shell gets.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dialectOf, onPath } from '../real.js';
import { bashRc } from './bash.js';
import { zshFiles } from './zsh.js';
import type { Dialect } from './judge.js';
import { table } from '../../own.js';

type Env = NodeJS.ProcessEnv;
const say = (s: string): void => void process.stderr.write(`countersign: ${s}\n`);

/** The shell to run, or undefined (said why) when neither bash nor zsh can be had. */
export function chooseShell(realShell: string, env: Env): string | undefined {
  // Only bash and zsh can carry the hook: another shell would run unguarded, so use one of those.
  let shell = realShell;
  if (!/^(bash|zsh)/.test(path.basename(shell))) {
    const alt = onPath('bash', env) ?? onPath('zsh', env);
    if (!alt) {
      say(`interactive sessions can be guarded in bash or zsh, and ${shell} is neither (nor is either installed); nothing was started.`);
      return undefined;
    }
    say(`${path.basename(shell)} can't be guarded interactively; starting ${alt} instead (set \`shell:\` in your countersign config to choose).`);
    shell = alt;
  }
  if (dialectOf(shell) === 'bash' && !bashNewEnough(shell)) {
    // bash before 4.4 (macOS's /bin/bash is 3.2) lacks what the hook needs (PS0, READLINE_LINE).
    const zsh = onPath('zsh', env);
    if (zsh) {
      say(`${shell} is older than bash 4.4 and can't be guarded interactively; starting ${zsh} instead.`);
      shell = zsh;
    }
  }
  return shell;
}

export interface SessionDir {
  dir: string;
  /** Removes it (also done at process exit). */
  remove(): void;
}

/** The session's private directory: the hook files and the FIFOs. undefined (said why) on failure. */
export function makeSessionDir(env: Env): SessionDir | undefined {
  const dir = mkdtempSync(path.join(runtimeBase(env), 'countersign-'));
  const remove = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };
  process.on('exit', remove);
  try {
    execFileSync('mkfifo', ['-m', '600', path.join(dir, 'ctl')], { stdio: 'ignore' });
    writeFileSync(path.join(dir, 'bashrc'), bashRc(), { mode: 0o600 });
    const zdot = path.join(dir, 'zsh');
    mkdirSync(zdot, { mode: 0o700 });
    for (const [name, text] of Object.entries(zshFiles())) writeFileSync(path.join(zdot, name), text, { mode: 0o600 });
  } catch (e) {
    remove();
    say(`can't set up the guarded session (${(e as Error).message}); nothing was started.`);
    return undefined;
  }
  return { dir, remove };
}

export interface Launch {
  sessionId: string;
  args: string[];
  env: Record<string, string>;
}

/** The real shell's arguments and environment: our hook files first, the user's own after them. */
export function launch(argv: string[], dialect: Dialect, dir: string, env: Env): Launch {
  const opts = shellOptions(argv, dialect);
  const sessionId = `cs-${process.pid}-${randomBytes(4).toString('hex')}`;
  const childEnv: Record<string, string> = table();
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  // VS Code's scripts take the nonce and unset it, so nothing inside can forge a trusted line.
  delete childEnv.VSCODE_NONCE;
  Object.assign(childEnv, {
    COUNTERSIGN_SESSION: sessionId,
    __CS_DIR: dir,
    ZDOTDIR: path.join(dir, 'zsh'),
    __CS_USER_ZDOTDIR: userZdotdir(env),
    __CS_LOGIN: opts.login ? '1' : '',
    __CS_NORC: opts.norc ? '1' : '',
    __CS_NOPROFILE: opts.noprofile ? '1' : '',
    __CS_USER_RC: opts.rcfile ?? '',
  });
  const args = dialect === 'bash' ? [...opts.long, '--rcfile', path.join(dir, 'bashrc'), '-i', ...opts.short] : ['-i', ...(opts.login ? ['-l'] : []), ...opts.long, ...opts.short];
  return { sessionId, args, env: childEnv };
}

interface ShellOptions {
  login: boolean;
  norc: boolean;
  noprofile: boolean;
  rcfile?: string;
  /** Options for the real shell: bash wants long ones first. */
  long: string[];
  short: string[];
}

/** countersign's own arguments (bash/zsh style) as options for the real shell. */
export function shellOptions(argv: string[], dialect: Dialect): ShellOptions {
  const o: ShellOptions = { login: true, norc: false, noprofile: false, long: [], short: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || a === '-') break;
    if (a === '--login' || a === '--norc' || a === '--noprofile') {
      if (a === '--norc') o.norc = true;
      if (a === '--noprofile') o.noprofile = true;
      continue;
    }
    if (a === '--rcfile' || a === '--init-file') {
      const f = argv[++i];
      // VS Code's own integration script (it injects it for shells named bash): the session does
      // the integration itself, and sources ~/.bashrc as the script would have.
      if (f && !/shellIntegration-bash\.sh$/.test(f)) o.rcfile = f;
      continue;
    }
    if (/^--?no-?rcs$/i.test(a)) continue; // zsh: skipping startup files would skip the hook
    if (a.startsWith('--')) {
      o.long.push(a);
      continue;
    }
    if (/^[-+][oO]$/.test(a)) {
      const v = argv[++i];
      if (v !== undefined && !(dialect === 'zsh' && /^no_?rcs$/i.test(v))) o.short.push(a, v);
      continue;
    }
    if (/^[-+]./.test(a)) {
      let letters = a.slice(1).replace(/[li]/g, '');
      if (dialect === 'zsh' && a.startsWith('-')) letters = letters.replace(/f/g, '');
      if (letters) o.short.push(a[0] + letters);
      continue;
    }
    break;
  }
  if (dialect === 'zsh' && (o.norc || o.noprofile)) {
    // zsh has no such options; -f would also skip the session's own files.
    o.norc = o.noprofile = false;
  }
  return o;
}

/** The user's own ZDOTDIR ('' for $HOME): not an outer countersign session's, nor VS Code's. */
function userZdotdir(env: Env): string {
  if (env.__CS_DIR && env.__CS_USER_ZDOTDIR !== undefined) return env.__CS_USER_ZDOTDIR;
  if (env.VSCODE_INJECTION === '1' && env.USER_ZDOTDIR) return env.USER_ZDOTDIR;
  return env.ZDOTDIR ?? '';
}

function runtimeBase(env: Env): string {
  const r = env.XDG_RUNTIME_DIR;
  if (r && path.isAbsolute(r)) {
    try {
      accessSync(r, constants.W_OK | constants.X_OK);
      return r;
    } catch {
      /* fall back */
    }
  }
  return os.tmpdir();
}

function bashNewEnough(bash: string): boolean {
  const r = spawnSync(bash, ['--norc', '--noprofile', '-c', 'echo "${BASH_VERSINFO[0]} ${BASH_VERSINFO[1]}"'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [major = 0, minor = 0] = (r.stdout ?? '').trim().split(' ').map(Number);
  // Unknown (it didn't run): let the rc file say why.
  if (r.status !== 0) return true;
  return major > 4 || (major === 4 && minor >= 4);
}
