// `countersign doctor`: check the setup from where it runs, one line per item, ✓ or ✗ with the
// fix. Exits 1 when anything is ✗.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { EXIT } from '../exit.js';
import { homeOf } from '../engine.js';
import { executable, onPath } from '../shell/index.js';
import { yaml } from '../lazy.js';

export interface Item {
  ok: boolean;
  text: string;
  fix?: string;
}

export interface DoctorContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  home?: string;
  /** Is there a terminal for typed phrases? (default: can /dev/tty be opened) */
  tty?: () => boolean;
  /** bin/countersign to run for the shell-integration check (default: this installation). */
  launcher?: string;
  /** The login shell from the passwd entry (default: os.userInfo().shell). */
  loginShell?: () => string | undefined;
}


function ttyAvailable(): Promise<boolean> {
  return import('../confirm/index.js').then(({ openTty }) => {
    const t = openTty();
    if (!t) return false;
    t.close();
    return true;
  });
}

/** Validate `environments:` with the targets schema; errors point at file:line:col. */
async function environmentErrors(file: string): Promise<string[]> {
  const YAML = yaml();
  const targets = await import('../targets/index.js');
  const [{ environmentsSchema }, v] = await Promise.all([targets.schema(), import('valibot')]);
  const { MATCH_KEYS } = targets;
  const src = readFileSync(file, 'utf8');
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(src, { lineCounter: lc });
  if (doc.errors.length) return [];
  const envs = (doc.toJS() as { environments?: unknown } | null)?.environments;
  if (envs === undefined || envs === null) return [];
  const res = v.safeParse(environmentsSchema, envs);
  if (res.success) return [];
  return res.issues.slice(0, 5).map((issue) => {
    const keys = ['environments', ...(issue.path ?? []).map((p) => (p as { key: unknown }).key as string | number)];
    let node: unknown;
    for (let n = keys.length; n >= 1 && !node; n--) node = doc.getIn(keys.slice(0, n), true);
    const range = (node as { range?: [number, number] } | undefined)?.range;
    const pos = range ? lc.linePos(range[0]) : undefined;
    let msg = issue.message;
    if (issue.type === 'strict_object' && issue.input === undefined) msg = `missing key ${JSON.stringify(keys.at(-1))}`;
    else if (issue.type === 'strict_object') msg = `unknown key ${JSON.stringify(issue.input)} (match keys: ${Object.keys(MATCH_KEYS).join(', ')})`;
    return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${keys.join('.')}: ${msg}`;
  });
}

export async function runDoctor(ctx: DoctorContext): Promise<Item[]> {
  const { cwd, env } = ctx;
  const home = ctx.home ?? homeOf(env);
  const items: Item[] = [];
  const add = (ok: boolean, text: string, fix?: string) => items.push({ ok, text, ...(fix && !ok ? { fix } : {}) });

  const load = await import('../rules/load.js');
  const { findRealShell, isCountersign } = await import('../shell/index.js');
  const { shimTarget, launcherPath, SHIM_NAMES } = await import('../agents/index.js');
  const setup = await import('../agents/index.js');

  // ---- configuration (needed for the shell choice) ----
  let cfg: import('../rules/load.js').Config | undefined;
  let loadError: string | undefined;
  try {
    cfg = await load.loadConfig({ cwd, env, home });
  } catch (e) {
    loadError = (e as Error).message;
  }

  // ---- the real shell ----
  const shell = findRealShell(env, cfg?.shell);
  if (!executable(shell.path)) add(false, `real shell: ${shell.path} (${shell.from}) is not an executable file`, 'set `shell: /bin/bash` (or zsh) in ~/.config/countersign/config.yaml');
  else if (isCountersign(shell.path)) add(false, `real shell: ${shell.path} is countersign itself`, 'set `shell: /bin/bash` in ~/.config/countersign/config.yaml');
  else {
    const skipped = [['$SHELL', env.SHELL], ['COUNTERSIGN_SHELL', env.COUNTERSIGN_SHELL]].filter(([, p]) => p && path.isAbsolute(p) && existsSync(p) && isCountersign(p)).map(([n]) => n);
    add(true, `real shell: ${shell.path} (from ${shell.from})${skipped.length ? `; ${skipped.join(' and ')} point at countersign and were skipped` : ''}`);
  }
  for (const [what, p] of [['config shell:', cfg?.shell], ['COUNTERSIGN_SHELL', env.COUNTERSIGN_SHELL]] as const) {
    if (p && (!path.isAbsolute(p) || !executable(p))) add(false, `${what} ${p} is not an executable file, so it is ignored`, `fix or remove ${what}`);
  }
  // Shims on PATH: each must name a real shell that exists.
  for (const name of SHIM_NAMES) {
    const first = onPath(name, env);
    if (!first) continue;
    const target = shimTarget(first);
    if (target === undefined) continue;
    if (executable(target) && !isCountersign(target)) add(true, `shim: ${first} runs countersign around ${target}`);
    else add(false, `shim: ${first} names ${target}, which is missing or is countersign`, `rerun \`countersign shims ${path.dirname(first)}\``);
  }

  // ---- rules and the team file ----
  const teamFile = load.findTeamFile(cwd);
  if (loadError || !cfg) {
    add(false, `rules: loading failed: ${loadError}`, 'report this as a bug');
  } else {
    let builtin = 0;
    try {
      // Packs with rules of their own: `recommended` only bundles the others.
      builtin = [...load.builtinPacks().values()].filter((p) => p.file.rules?.length).length;
    } catch (e) {
      add(false, `builtin rule packs: ${(e as Error).message}`, 'reinstall countersign (`npm ci` rebuilds dist/)');
    }
    const teamErrors = cfg.errors.filter((e) => e.file === teamFile);
    const otherErrors = cfg.errors.filter((e) => e.file !== teamFile);
    if (!otherErrors.length) add(true, `rules: ${cfg.rules.length} rules load (${builtin} builtin packs${cfg.userFile ? `, user config ${cfg.userFile}` : ''})`);
    for (const e of otherErrors) add(false, `rules: ${load.formatError(e)}`, 'fix the file; until then every command pauses');
    if (!teamFile) add(false, 'team file: no .countersign.yaml here or in any parent directory', 'run `countersign init` in the repository root');
    else {
      const envErrors = teamErrors.length ? [] : await environmentErrors(teamFile);
      for (const e of teamErrors) add(false, `team file: ${load.formatError(e)}`, 'fix the file; until then every command pauses');
      for (const e of envErrors) add(false, `team file: ${e}`, 'fix the environments: section (see README, Configuration)');
      if (!teamErrors.length && !envErrors.length) add(true, `team file: ${teamFile} is valid`);
    }
    for (const w of cfg.warnings) {
      if (w.startsWith('trust: ')) add(false, w, 'run `countersign trust` in your own terminal to sign the current files again');
      else add(false, `config: ${w}`, 'remove the setting: it is ignored where it is');
    }
    for (const p of cfg.pendingTrust ?? []) add(false, `trust: waiting for \`countersign trust\`: ${p}`, 'if you made this change, run `countersign trust` in your own terminal; if not, undo it (until then the signed protection still applies)');
    if (cfg.userFile && cfg.environments !== undefined && !teamFile) {
      const errs = await environmentErrors(cfg.userFile);
      for (const e of errs) add(false, `user config: ${e}`, 'fix the environments: section');
    }

    // ---- what the environments resolve to, right now ----
    const broken = items.some((i) => !i.ok && /environments/.test(i.text));
    if (!broken) {
      try {
        const { describeCurrent, machineEnvironment } = await import('../targets/index.js');
        const machine = machineEnvironment(cfg.machine);
        add(true, `machine: ${machine.evidence}`);
        // The machine has its own line above, with where its setting comes from.
        const rows = describeCurrent({ cwd, env, home, environments: cfg.environments as never, projectRoot: cfg.teamRoot, machine }).filter((r) => r.source !== 'this machine');
        if (!rows.length) add(true, 'environments: nothing found here (no kube context, cloud profile, linked project or database URL)');
        for (const r of rows) add(true, `environment: ${r.source}: ${r.value} → ${r.environment}`);
      } catch (e) {
        add(false, `environments: resolving failed: ${(e as Error).message}`, 'check the environments: section of the team file');
      }
    }
  }

  // ---- the approver key: whose signatures approve ----
  {
    const keys = await import('../keys/index.js');
    const { stateDir } = await import('../engine.js');
    const r = keys.trustAnchor(env, home, stateDir(env, home));
    const fix = 'run `countersign approver setup` in your own terminal (see `countersign approver show`)';
    if (r.anchor) add(true, `approver key: ${r.anchor.fingerprint} (${r.anchor.source === 'system' ? `pinned by root in ${keys.SYSTEM_APPROVERS}` : `${keys.approverFile(env, home)}, pinned in the state dir`})`);
    else add(false, `approver key: ${r.problem}`, fix);
    for (const n of r.notes ?? []) add(false, `approver key: ${n}`, 'make the system file root-owned and not writable by others, or remove it');
  }

  // ---- a terminal for typed phrases ----
  const tty = ctx.tty ? ctx.tty() : await ttyAvailable();
  add(tty, tty ? 'terminal: /dev/tty is available for typed phrases' : 'terminal: no terminal here, so a confirm waits for `countersign approve` from another terminal', 'run doctor from your own terminal; agents without one get approvals instead of phrases');

  // ---- hooks and profiles ----
  const root = setup.repoRoot(cwd);
  const rel = (f: string) => (f.startsWith(root + path.sep) ? path.relative(root, f) : f.startsWith(home + path.sep) ? `~/${path.relative(home, f)}` : f);
  // Resolved on PATH as the agent or editor would; a bare `countersign` must be found there, and
  // so must the interpreter its `#!/usr/bin/env` line names (an editor started from a dock may
  // have a thinner PATH than this shell: see README).
  const startProblem = (p: string): string | undefined => {
    const found = onPath(p, env);
    if (!found) return path.isAbsolute(p) ? 'not found on this machine' : "not found on PATH, so it can't start for you";
    if (!isCountersign(found) && shimTarget(found) === undefined) return `${found} is not countersign`;
    const interp = interpreterOf(found);
    if (interp && !onPath(interp, env)) return `${found} starts with \`#!/usr/bin/env ${interp}\`, and ${interp} is not on PATH`;
    return undefined;
  };
  const programOk = (p: string) => startProblem(p) === undefined;
  const notStarting = (p: string) => startProblem(p) ?? '';
  const fixFor = (p: string) =>
    / is not on PATH$/.test(startProblem(p) ?? '')
      ? `make node reachable on the PATH your editor and agent get (a symlink to ${process.execPath} in /usr/local/bin), or use \`countersign shims\` (they name node by its path)`
      : path.isAbsolute(p)
      ? 'run `countersign init` again: committed files get `countersign` (found on PATH); `--local` writes this machine\'s path into your own files'
      : `put bin/countersign on PATH as \`${p}\` (\`npm link\`, or a symlink in ~/.local/bin) where your editor and agent look`;
  const guard = <T>(file: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      add(false, `${rel(file)}: ${(e as Error).message}`, 'fix the file (it must be valid JSON with comments)');
      return undefined;
    }
  };
  // The project's settings (committed) and the person's own (`init --local`).
  const vscode = path.join(root, '.vscode', 'settings.json');
  let profiles = 0;
  for (const file of [vscode, setup.vscodeUserSettings(home, env)]) {
    const prof = guard(file, () => setup.terminalProfileStatus(file));
    if (!prof?.program) continue;
    profiles++;
    const def = prof.isDefault ? ', the default profile' : prof.otherDefault ? `; the default profile is still "${prof.otherDefault}"` : '; not the default profile';
    if (programOk(prof.program)) add(true, `terminal profile: "${setup.PROFILE_NAME}" in ${rel(file)} runs ${prof.program}${def}`);
    else add(false, `terminal profile: "${setup.PROFILE_NAME}" in ${rel(file)} runs ${prof.program}: ${notStarting(prof.program)}`, fixFor(prof.program));
  }
  if (!profiles) add(false, `terminal profile: no "${setup.PROFILE_NAME}" profile for ${setup.currentPlatform()} in ${rel(vscode)}`, 'run `countersign init`');
  const hookCheck = (label: string, files: string[], status: (f: string) => import('../agents/index.js').HookStatus | undefined, optional: string, note = '') => {
    let any = false;
    for (const f of files) {
      const s = guard(f, () => status(f));
      if (!s) continue;
      any = true;
      const problems = [...s.problems];
      if (!programOk(s.program)) problems.push(`${s.program}: ${notStarting(s.program)}`);
      if (problems.length) add(false, `${label}: ${rel(f)}: ${problems.join('; ')}`, programOk(s.program) ? `fix it, or run \`countersign init ${optional}\`` : fixFor(s.program));
      else add(true, `${label}: ${rel(f)} runs \`${s.command}\`${note}`);
    }
    if (!any) add(true, `${label}: not set up (optional: \`countersign init ${optional}\`, or see README)`);
  };
  const askNote = cfg?.confirm.hooks === 'ask' ? ' (confirm.hooks: ask; Cursor was reported to run "ask" answers without a prompt in Auto-review mode)' : '';
  hookCheck('Cursor hook', [path.join(root, '.cursor', 'hooks.json'), path.join(home, '.cursor', 'hooks.json')], setup.cursorHookStatus, '--cursor-hooks', askNote);
  hookCheck('Claude Code hook', [path.join(root, '.claude', 'settings.json'), path.join(root, '.claude', 'settings.local.json'), path.join(home, '.claude', 'settings.json')], setup.claudeHookStatus, '--claude');
  // Codex: written is not running. Until a person trusts the hook in Codex, every command runs
  // unchecked, so an untrusted hook is a failure, not a note.
  const codexDir = (await import('../agents/index.js')).codexHome(env, home);
  const codexFiles = [path.join(root, '.codex', 'hooks.json'), path.join(codexDir, 'hooks.json')];
  hookCheck('Codex hook', codexFiles, (f) => setup.codexHookStatus(f, path.join(codexDir, 'config.toml'), f === codexFiles[0] ? root : undefined), '--codex');
  // The Codex shim set-up (a countersign shim as the passwd login shell) alone doesn't hold:
  // Codex lets the model name the shell of a command (`/bin/sh`, `/bin/zsh`, any path), and only
  // `bash` maps to the login shell (README, Codex). Where Codex is here, a trusted hook must back it.
  const login = (ctx.loginShell ?? loginShellOf)();
  if (login && path.isAbsolute(login) && shimTarget(login) !== undefined && (existsSync(codexDir) || onPath('codex', env))) {
    const trusted = codexFiles.some((f) => {
      try {
        const s = setup.codexHookStatus(f, path.join(codexDir, 'config.toml'), f === codexFiles[0] ? root : undefined);
        return s !== undefined && !s.problems.length && programOk(s.program);
      } catch {
        return false;
      }
    });
    if (trusted) add(true, `Codex: your login shell ${login} is a countersign shim, and a trusted Codex hook backs it`);
    else add(false, `Codex: your login shell ${login} is a countersign shim, but no trusted Codex hook: Codex lets the model pick a command's shell (/bin/sh, /bin/zsh, any path), which steps around the shim, so commands can run unchecked`, 'run `countersign init --codex-user` (or `--codex` in the project) and choose "Trust" for the hook in Codex (`/hooks`)');
  }
  const gem = [path.join(root, '.gemini', 'settings.json'), path.join(home, '.gemini', 'settings.json')];
  if (gem.some((f) => existsSync(f))) hookCheck('Gemini CLI hook', gem, setup.geminiHookStatus, '', '');
  if (env.CLAUDE_CODE_SHELL) {
    const p = env.CLAUDE_CODE_SHELL;
    if (!/bash|zsh/.test(p)) add(false, `CLAUDE_CODE_SHELL=${p}: Claude Code ignores a path without "bash" or "zsh" in it`, 'use a shim: `countersign shims ~/.countersign/bin` and point CLAUDE_CODE_SHELL at ~/.countersign/bin/bash');
    else if (!executable(p) || (shimTarget(p) === undefined && !isCountersign(p))) add(false, `CLAUDE_CODE_SHELL=${p} is not a countersign shim`, 'run `countersign shims DIR` and point CLAUDE_CODE_SHELL at DIR/bash');
    else add(true, `CLAUDE_CODE_SHELL=${p} runs countersign`);
  }

  // ---- the shell integration answers ----
  const launcher = ctx.launcher ?? launcherPath();
  if (cfg && !cfg.errors.length) {
    // Detached (no controlling terminal) and CI=true: should anything pause, it declines at once
    // instead of asking on this terminal.
    const r = await runDetached(process.execPath, [launcher, '-c', 'true'], cwd, { ...env, CI: 'true' });
    if (r.status === 0) add(true, `shell integration: \`${launcher} -c true\` ran through ${shell.path} and exited 0`);
    else add(false, `shell integration: \`${launcher} -c true\` failed (${r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`}${r.stderr ? `: ${r.stderr.trim().split('\n')[0]}` : ''})`, 'run it by hand to see why; `npm ci` rebuilds dist/');
  } else {
    add(false, 'shell integration: not tried, because the rules do not load (above)', 'fix the errors above');
  }
  return items;
}

interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  error?: Error;
}

function loginShellOf(): string | undefined {
  try {
    return userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}

/** Run in a new session (no controlling terminal); killed after a minute as a safety net. */
function runDetached(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, signal: null, stderr, error });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

/** The program a `#!/usr/bin/env NAME` script needs on PATH, if that is how it starts. */
function interpreterOf(file: string): string | undefined {
  try {
    const head = readFileSync(file, 'latin1').slice(0, 200);
    return /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?([\w.+-]+)/.exec(head)?.[1];
  } catch {
    return undefined;
  }
}

export function formatDoctor(items: Item[], color = false): string {
  const g = (s: string) => (color ? `\x1b[32m${s}\x1b[39m` : s);
  const r = (s: string) => (color ? `\x1b[31m${s}\x1b[39m` : s);
  const lines = items.map((i) => (i.ok ? `${g('✓')} ${i.text}` : `${r('✗')} ${i.text}${i.fix ? ` → ${i.fix}` : ''}`));
  const bad = items.filter((i) => !i.ok).length;
  lines.push(bad ? `\n${bad} problem(s) found.` : `\nAll ${items.length} checks passed.`);
  return lines.join('\n') + '\n';
}

export async function doctorCommand(args: string[]): Promise<number> {
  if (args.length) {
    process.stderr.write('usage: countersign doctor\n');
    return EXIT.USAGE;
  }
  const items = await runDoctor({ cwd: process.cwd(), env: process.env });
  process.stdout.write(formatDoctor(items, !!process.stdout.isTTY && !process.env.NO_COLOR));
  return items.some((i) => !i.ok) ? 1 : EXIT.OK;
}
