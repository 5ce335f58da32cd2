// The editor and agent configuration countersign writes (init) and checks (doctor): the terminal
// profile in .vscode/settings.json (Cursor reads it too), the Cursor beforeShellExecution hook and
// the Claude Code and Codex PreToolUse hooks. Every change merges into the existing file (see jsonc.ts).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { hookTrust, hooksTurnedOff, projectTrusted } from './codex-config.js';
import { JsoncDoc, deepEqual } from './jsonc.js';
import { launcherPath } from './shims.js';

export const PROFILE_NAME = 'countersign';
export type Platform = 'linux' | 'osx';
export const PLATFORMS: Platform[] = ['linux', 'osx'];

export const profilesKey = (p: Platform) => `terminal.integrated.profiles.${p}`;
export const defaultProfileKey = (p: Platform) => `terminal.integrated.defaultProfile.${p}`;

/** Agent hook timeouts, in each agent's own unit. */
export const CURSOR_TIMEOUT = 30; // seconds (the unit is not documented; every known config uses seconds)
export const CLAUDE_TIMEOUT = 30; // seconds
export const CODEX_TIMEOUT = 30; // seconds

/** The repository root: the nearest directory holding .git, else the directory given. */
export function repoRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(cwd);
    dir = up;
  }
}

export function currentPlatform(): Platform {
  return process.platform === 'darwin' ? 'osx' : 'linux';
}

const SAFE = /^[\w@%+=:,./-]+$/;
export const shellQuote = (s: string) => (SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The countersign program to write into configs: its absolute path. When a `countersign` on
 *  PATH is this same program (an npm link or symlink), that path is used: it survives moving
 *  the checkout. */
export function programPath(env: NodeJS.ProcessEnv = process.env, launcher = launcherPath()): string {
  let real: string;
  try {
    real = realpathSync(launcher);
  } catch {
    return launcher;
  }
  for (const d of (env.PATH ?? '').split(path.delimiter)) {
    if (!d || !path.isAbsolute(d)) continue;
    const p = path.join(d, 'countersign');
    try {
      if (realpathSync(p) === real) return p;
    } catch {
      /* not here */
    }
  }
  return real;
}

/** What files meant to be committed run: found on PATH at run time, on every teammate's machine.
 *  (`npx --no-install countersign` was measured at +0.45 s a command, and asks the registry when
 *  countersign is not a dependency; see README, Agent setup.) */
export const PORTABLE_PROGRAM = 'countersign';

/** Claude Code lets the command through when a hook exits with anything but 0 or 2 (a program
 *  that can't start: 127; a crash: 70), so any failure becomes 2, which blocks. */
export function hookCommandLine(program: string, agent: 'claude' | 'cursor' | 'gemini' | 'codex'): string {
  return `${shellQuote(program)} hook ${agent}${agent === 'claude' || agent === 'gemini' ? ' || exit 2' : ''}`;
}

/** The user's own VS Code settings (not in the repository), for `init --local`. */
export function vscodeUserSettings(home: string, env: NodeJS.ProcessEnv, platform = currentPlatform()): string {
  if (platform === 'osx') return path.join(home, 'Library', 'Application Support', 'Code', 'User', 'settings.json');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Code', 'User', 'settings.json');
}

/** Is this a command line that runs `countersign hook AGENT`? */
export function isCountersignHook(command: unknown, agent: string): boolean {
  return typeof command === 'string' && new RegExp(`(^|[/\\s'"])countersign['"]?\\s+hook\\s+${agent}\\b`).test(command);
}

/** The program a hook command line starts (first word, unquoted). */
export function programOf(command: string): string {
  const m = /^\s*(?:'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+))/.exec(command);
  return (m?.[1]?.replace(/'\\''/g, "'") ?? m?.[2] ?? m?.[3] ?? '').trim();
}

export interface Change {
  file: string;
  status: 'created' | 'updated' | 'unchanged' | 'error';
  notes: string[];
}

function finish(doc: JsoncDoc, notes: string[], dryRun = false): Change {
  const status: Change['status'] = !doc.existed ? 'created' : doc.changed ? 'updated' : 'unchanged';
  if (!dryRun) doc.save();
  return { file: doc.file, status, notes };
}

// ---- terminal profile ----

export function mergeTerminalProfile(file: string, program: string, opts: { setDefault?: boolean } = {}): Change {
  const doc = JsoncDoc.read(file);
  const notes: string[] = [];
  const ops: Array<[Array<string | number>, unknown]> = [];
  for (const p of PLATFORMS) {
    const prof = doc.get([profilesKey(p), PROFILE_NAME]);
    const want = { path: program, args: ['-l'] };
    if (prof && typeof prof === 'object' && !Array.isArray(prof)) {
      // Keep anything else in the profile (icon, env...): set only path and args.
      const cur = prof as Record<string, unknown>;
      if (cur.path !== want.path) {
        ops.push([[profilesKey(p), PROFILE_NAME, 'path'], want.path]);
        notes.push(`${p}: profile "${PROFILE_NAME}" now runs ${program}`);
      }
      if (!deepEqual(cur.args, want.args)) {
        ops.push([[profilesKey(p), PROFILE_NAME, 'args'], want.args]);
        notes.push(`${p}: profile "${PROFILE_NAME}" args set to ["-l"]`);
      }
    } else {
      ops.push([[profilesKey(p), PROFILE_NAME], want]);
      notes.push(`${p}: added terminal profile "${PROFILE_NAME}" (${program} -l)`);
    }
    // The default profile is the person's choice (on macOS it decides every new terminal): only
    // when asked.
    const def = doc.get([defaultProfileKey(p)]);
    if (def === PROFILE_NAME) continue;
    if (opts.setDefault) {
      ops.push([[defaultProfileKey(p)], PROFILE_NAME]);
      notes.push(`${p}: default terminal profile set to "${PROFILE_NAME}"${typeof def === 'string' ? ` (was "${def}")` : ''}`);
    } else if (p === currentPlatform()) {
      notes.push(`${p}: ${typeof def === 'string' ? `kept your default terminal profile "${def}"` : 'the default terminal profile is left as it is'}; pass --default-profile to make "${PROFILE_NAME}" the default`);
    }
  }
  doc.setAll(ops);
  return finish(doc, notes);
}

export interface ProfileStatus {
  file: string;
  program?: string;
  isDefault: boolean;
  otherDefault?: string;
}

export function terminalProfileStatus(file: string, platform = currentPlatform()): ProfileStatus | undefined {
  if (!existsSync(file)) return undefined;
  const doc = JsoncDoc.read(file);
  const prof = doc.get([profilesKey(platform), PROFILE_NAME]) as { path?: unknown } | undefined;
  const def = doc.get([defaultProfileKey(platform)]);
  return {
    file,
    ...(prof && typeof prof.path === 'string' ? { program: prof.path } : {}),
    isDefault: def === PROFILE_NAME,
    ...(typeof def === 'string' && def !== PROFILE_NAME ? { otherDefault: def } : {}),
  };
}

// ---- Cursor hooks ----

export function cursorHookEntry(program: string): Record<string, unknown> {
  return { command: hookCommandLine(program, 'cursor'), timeout: CURSOR_TIMEOUT, failClosed: true };
}

export function mergeCursorHooks(file: string, program: string): Change {
  const doc = JsoncDoc.read(file);
  const notes: string[] = [];
  const want = cursorHookEntry(program);
  const version = doc.get(['version']);
  const list = doc.get(['hooks', 'beforeShellExecution']);
  if (!Array.isArray(list)) {
    if (list !== undefined) throw new Error(`${file}: hooks.beforeShellExecution is not a list; fix it by hand`);
    doc.set(['hooks', 'beforeShellExecution'], [want]);
    notes.push('added the countersign beforeShellExecution hook (failClosed: true)');
  }
  if (version === undefined) {
    doc.set(['version'], 1); // goes first, as Cursor's examples have it
    if (doc.existed) notes.push('added "version": 1');
  } else if (version !== 1) notes.push(`"version" is ${JSON.stringify(version)}, not 1: Cursor may not read this file`);
  if (!Array.isArray(list)) return finish(doc, notes);
  const i = list.findIndex((h) => h && typeof h === 'object' && isCountersignHook((h as Record<string, unknown>).command, 'cursor'));
  if (i < 0) {
    // First in the list: some Cursor versions were reported to run only the first hook.
    doc.set(['hooks', 'beforeShellExecution', 0], want, true);
    notes.push(`added the countersign beforeShellExecution hook first, before ${list.length} other hook(s)`);
    return finish(doc, notes);
  }
  const cur = list[i] as Record<string, unknown>;
  for (const [k, v] of Object.entries(want)) {
    if (!deepEqual(cur[k], v)) {
      doc.set(['hooks', 'beforeShellExecution', i, k], v);
      notes.push(`countersign hook: ${k} set to ${JSON.stringify(v)}`);
    }
  }
  return finish(doc, notes);
}

export interface HookStatus {
  file: string;
  command: string;
  program: string;
  problems: string[];
}

export function cursorHookStatus(file: string): HookStatus | undefined {
  if (!existsSync(file)) return undefined;
  const doc = JsoncDoc.read(file);
  const list = doc.get(['hooks', 'beforeShellExecution']);
  if (!Array.isArray(list)) return undefined;
  const h = list.find((x) => x && typeof x === 'object' && isCountersignHook((x as Record<string, unknown>).command, 'cursor')) as Record<string, unknown> | undefined;
  if (!h) return undefined;
  const command = h.command as string;
  const problems: string[] = [];
  if (doc.get(['version']) !== 1) problems.push('"version" must be 1');
  if (h.failClosed !== true) problems.push('failClosed is not true, so a crashed or hung hook lets the command through');
  return { file, command, program: programOf(command), problems };
}

// ---- Claude Code hooks ----

export function claudeHookGroup(program: string, agent: 'claude' | 'codex' = 'claude'): Record<string, unknown> {
  // Claude's file tools too: a write into countersign's own files by the agent's tool is refused.
  const matcher = agent === 'codex' ? 'Bash' : 'Bash|Write|Edit|MultiEdit|NotebookEdit';
  return { matcher, hooks: [{ type: 'command', command: hookCommandLine(program, agent), timeout: agent === 'codex' ? CODEX_TIMEOUT : CLAUDE_TIMEOUT }] };
}

/** Claude Code's settings.json and Codex's hooks.json share the PreToolUse layout. */
function findClaudeHook(doc: JsoncDoc, agent: 'claude' | 'codex' = 'claude'): { group: number; hook: number; matcher: unknown; entry: Record<string, unknown> } | undefined {
  const groups = doc.get(['hooks', 'PreToolUse']);
  if (!Array.isArray(groups)) return undefined;
  for (let g = 0; g < groups.length; g++) {
    const hooks = (groups[g] as { hooks?: unknown } | undefined)?.hooks;
    if (!Array.isArray(hooks)) continue;
    for (let h = 0; h < hooks.length; h++) {
      const entry = hooks[h] as Record<string, unknown> | undefined;
      if (entry && isCountersignHook(entry.command, agent)) return { group: g, hook: h, matcher: (groups[g] as { matcher?: unknown }).matcher, entry };
    }
  }
  return undefined;
}

export function mergeClaudeHooks(file: string, program: string, agent: 'claude' | 'codex' = 'claude'): Change {
  const doc = JsoncDoc.read(file);
  const notes: string[] = [];
  const group = claudeHookGroup(program, agent);
  const found = findClaudeHook(doc, agent);
  if (!found) {
    const groups = doc.get(['hooks', 'PreToolUse']);
    if (groups === undefined) doc.set(['hooks', 'PreToolUse'], [group]);
    else if (Array.isArray(groups)) doc.set(['hooks', 'PreToolUse', groups.length], group, true);
    else throw new Error(`${file}: hooks.PreToolUse is not a list; fix it by hand`);
    notes.push('added the countersign PreToolUse hook for Bash (and for file writes into countersign\'s own files)');
    return finish(doc, notes);
  }
  const want = (group.hooks as Array<Record<string, unknown>>)[0]!;
  const base = ['hooks', 'PreToolUse', found.group, 'hooks', found.hook];
  for (const [k, v] of Object.entries(want)) {
    if (!deepEqual(found.entry[k], v)) {
      doc.set([...base, k], v);
      notes.push(`countersign hook: ${k} set to ${JSON.stringify(v)}`);
    }
  }
  if (!matcherCoversBash(found.matcher)) notes.push(`the countersign hook's matcher ${JSON.stringify(found.matcher)} does not match Bash; left as is`);
  return finish(doc, notes);
}

export function matcherCoversBash(matcher: unknown): boolean {
  if (matcher === undefined || matcher === '' || matcher === '*') return true;
  if (typeof matcher !== 'string') return false;
  try {
    return new RegExp(`^(?:${matcher})$`).test('Bash');
  } catch {
    return false;
  }
}

export function claudeHookStatus(file: string, agent: 'claude' | 'codex' = 'claude'): (HookStatus & { group: number; hook: number }) | undefined {
  if (!existsSync(file)) return undefined;
  const doc = JsoncDoc.read(file);
  const found = findClaudeHook(doc, agent);
  if (!found) return undefined;
  const command = found.entry.command as string;
  const problems: string[] = [];
  if (!matcherCoversBash(found.matcher)) problems.push(`matcher ${JSON.stringify(found.matcher)} does not match the Bash tool`);
  if (found.entry.type !== undefined && found.entry.type !== 'command') problems.push(`type is ${JSON.stringify(found.entry.type)}, not "command"`);
  return { file, command, program: programOf(command), problems, group: found.group, hook: found.hook };
}

// ---- Codex hooks (hooks.json, 0.169) ----

export function mergeCodexHooks(file: string, program: string): Change {
  const c = mergeClaudeHooks(file, program, 'codex');
  // Written is not running: Codex runs it only once a person trusts it.
  c.notes.push('Codex runs this hook only after you trust it: start `codex` here and choose "Trust" on its "Hooks need review" screen (or use /hooks); `countersign doctor` says whether it is trusted');
  return c;
}

/** The hook in a Codex hooks.json, with Codex's trust for it read from config.toml. */
export function codexHookStatus(file: string, configToml: string, projectRoot?: string): HookStatus | undefined {
  const s = claudeHookStatus(file, 'codex');
  if (!s) return undefined;
  let text = '';
  try {
    text = readFileSync(configToml, 'utf8');
  } catch {
    /* no config.toml: nothing is trusted */
  }
  const { group, hook, ...status } = s;
  if (hooksTurnedOff(text)) status.problems.push(`hooks are turned off in ${configToml} ([features] hooks = false)`);
  const trust = hookTrust(text, file, group, hook);
  if (trust === 'untrusted')
    status.problems.push(`NOT TRUSTED by Codex yet, so Codex runs every command with no check and no warning: start \`codex\` and choose "Trust" on its "Hooks need review" screen (or /hooks)`);
  if (trust === 'disabled') status.problems.push(`disabled in Codex (enabled = false in ${configToml}), so Codex runs every command with no check`);
  if (projectRoot && !projectTrusted(text, projectRoot))
    status.problems.push(`Codex loads a project's .codex/ only in a trusted folder, and ${projectRoot} is not trusted in ${configToml}: trust the folder when Codex asks (or \`codex exec --trust\` in it)`);
  return status;
}

// ---- Gemini CLI hooks (checked by doctor; written by hand, see README) ----

export function geminiHookStatus(file: string): HookStatus | undefined {
  if (!existsSync(file)) return undefined;
  const doc = JsoncDoc.read(file);
  const groups = doc.get(['hooks', 'BeforeTool']);
  if (!Array.isArray(groups)) return undefined;
  for (const g of groups as Array<{ matcher?: unknown; hooks?: unknown }>) {
    if (!g || !Array.isArray(g.hooks)) continue;
    for (const h of g.hooks as Array<Record<string, unknown>>) {
      if (!h || !isCountersignHook(h.command, 'gemini')) continue;
      const command = h.command as string;
      const problems: string[] = [];
      if (doc.get(['hooksConfig', 'enabled']) !== true && doc.get(['tools', 'enableHooks']) !== true) problems.push('hooks are not enabled ("hooksConfig": {"enabled": true})');
      if (typeof g.matcher === 'string' && !new RegExp(g.matcher).test('run_shell_command')) problems.push(`matcher ${JSON.stringify(g.matcher)} does not match run_shell_command`);
      return { file, command, program: programOf(command), problems };
    }
  }
  return undefined;
}
