// Git hooks on disk (githooks(5)). git runs the executable files of its hooks directory that are
// named for an event (pre-commit, pre-push, post-checkout, ...) when a command causes one. A hook
// planted before the line (by an earlier line, an agent's file tool, a global core.hooksPath) runs
// with a plain `git commit`: the walker reads each hook such a command may run like a script run
// by its path. Hooks the line itself writes are judged where it writes them (runtime.ts gitHooks).
import { readdirSync, statSync } from 'node:fs';
import { readRegularText } from '../readfile.js';
import path from 'node:path';
import type { Invocation } from './types.js';
import { table } from '../own.js';

export const HOOK_NAMES = new Set(['applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg',
  'commit-msg', 'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate', 'fsmonitor-watchman',
  'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change']);

// Subcommands that cause no hook (they update no ref, write no commit and no index).
const NO_HOOK = /^(diff|log|show|blame|grep|ls-files|ls-tree|rev-parse|rev-list|cat-file|config|describe|shortlog|help|version)$/;

// The hooks each command may run (githooks(5)); reference-transaction runs on any ref update.
const COMMIT = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite'];
const MERGE = ['pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-merge'];
const CHECKOUT = ['post-checkout'];
const BY_SUB: Record<string, string[]> = table({
  commit: COMMIT, merge: MERGE, pull: [...MERGE, ...CHECKOUT, 'pre-rebase', 'post-rewrite'], push: ['pre-push'],
  checkout: CHECKOUT, switch: CHECKOUT, clone: CHECKOUT, worktree: CHECKOUT, rebase: [...COMMIT, ...CHECKOUT, 'pre-rebase'],
  am: ['applypatch-msg', 'pre-applypatch', 'post-applypatch', 'post-rewrite'], 'cherry-pick': COMMIT, revert: COMMIT,
  gc: ['pre-auto-gc'], maintenance: ['pre-auto-gc'],
  // They move refs (a branch or tag made or deleted, fetched refs, the stash) or write the index
  // (status refreshes it): only the hooks any ref or index update runs.
  branch: [], tag: [], fetch: [], stash: [], remote: [], status: [], 'update-index': [], 'symbolic-ref': [], 'send-email': ['sendemail-validate'], 'p4': ['p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit'],
});
/** Whether `sub` may run the hook `name`; a subcommand not listed may run any (an alias, a plumbing command). */
export function subRunsHook(sub: string, name: string): boolean {
  if (name === 'reference-transaction' || name === 'post-index-change' || name === 'fsmonitor-watchman') return true;
  const list = BY_SUB[sub];
  return !list || list.includes(name);
}

/** What a git invocation says about hooks: its subcommand (and whether it may run hooks), `-C`
 *  directories, and the hook directories `-c core.hooksPath=DIR` or GIT_CONFIG_KEY_n/VALUE_n set on
 *  the line. Undefined without a subcommand. */
export function gitHookTrigger(inv: Invocation): { sub: string; dirs: string[]; chdir: string[]; runsHooks: boolean } | undefined {
  let i = 1;
  const dirs: string[] = [];
  const chdir: string[] = [];
  for (; i < inv.argv.length && inv.argv[i]!.value.startsWith('-'); i++) {
    const w = inv.argv[i]!.value;
    const val = w === '-c' ? inv.argv[++i]?.value : w.startsWith('-c') ? w.slice(2) : undefined;
    if (val !== undefined && /^core\.hookspath=/i.test(val)) dirs.push(val.slice(val.indexOf('=') + 1));
    if (w === '-C') chdir.push(inv.argv[i + 1]?.dynamic ? '\0' : inv.argv[i + 1]?.value ?? '');
    if (/^(-C|--git-dir|--work-tree|--namespace|--exec-path)$/.test(w)) i++;
  }
  for (const [k, v] of Object.entries(inv.vars)) {
    const n = /^GIT_CONFIG_KEY_(\d+)$/.exec(k);
    if (n && /^core\.hookspath$/i.test(v ?? '') && inv.vars[`GIT_CONFIG_VALUE_${n[1]}`]) dirs.push(inv.vars[`GIT_CONFIG_VALUE_${n[1]}`]!);
  }
  const sub = inv.argv[i]?.value;
  if (!sub || inv.argv[i]!.dynamic) return undefined;
  return { sub, dirs, chdir, runsHooks: !NO_HOOK.test(sub) };
}

// Config files and .git links read before, by path, while their inode, size and change time stay
// the same (ctime, which no one can set back): this runs for every git line the quick reject sees.
// A missing file is a stat, not an exception.
const texts = new Map<string, { key: string; text: string | undefined }>();
function readText(file: string): string | undefined {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  const key = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  const hit = texts.get(file);
  if (hit?.key === key) return hit.text;
  let text: string | undefined;
  try {
    text = readRegularText(file, 4 * 1024 * 1024);
  } catch {
    text = undefined;
  }
  if (texts.size > 256) texts.clear();
  texts.set(file, { key, text });
  return text;
}

// A hooks directory's entries with an event's name, listed again only when the directory's inode,
// time or change time moves (an entry added, removed or renamed); each is still stat'ed for its mode.
const listings = new Map<string, { key: string; names: string[] }>();
function hookNames(dir: string): string[] {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) return [];
  const key = `${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;
  const hit = listings.get(dir);
  if (hit?.key === key) return hit.names;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => HOOK_NAMES.has(n)).sort();
  } catch {
    names = [];
  }
  if (listings.size > 256) listings.clear();
  listings.set(dir, { key, names });
  return names;
}

/** The repository at or above `dir`: its top, its git directory, and the directory it shares
 *  with its linked worktrees (`commondir`), where config and hooks live. */
export function gitRepo(dir: string): { top: string; gitDir: string; common: string } | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const g = path.join(d, '.git');
    const st = statSync(g, { throwIfNoEntry: false });
    if (st?.isDirectory()) return { top: d, gitDir: g, common: g };
    if (st?.isFile()) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readText(g) ?? '');
      if (!m) return undefined;
      const gitDir = path.resolve(d, m[1]!);
      const cd = readText(path.join(gitDir, 'commondir'))?.trim();
      return { top: d, gitDir, common: cd ? path.resolve(gitDir, cd) : gitDir };
    }
    if (d === path.dirname(d)) return undefined;
  }
}

/** Every entry of a git config file and the files it includes (`[include]`, and `[includeIf]`
 *  whatever its condition: taking every one may read a command that won't run, never miss one
 *  that will), as `section[.subsection].key` (section and key lower case) and value. */
function readConfig(file: string, home: string, out: Array<[string, string]>, depth = 0): void {
  const text = depth > 4 ? undefined : readText(file);
  if (text === undefined) return;
  // Parsed once per text (readText keeps the text while the file's stat doesn't move).
  let own = parsed.get(text);
  if (!own || own.home !== home) {
    // Only what diskHooks reads: hooksPath, includes, worktree config and commands.
    own = { home, entries: parseConfig(text, home).filter(([k]) => /^(core\.hookspath|extensions\.worktreeconfig)$|^include(if\..*)?\.path$/.test(k) || COMMAND_KEYS.some(([re]) => re.test(k))) };
    if (parsed.size > 256) parsed.clear();
    parsed.set(text, own);
  }
  for (const e of own.entries) {
    out.push(e);
    if (/^include(if\..*)?\.path$/.test(e[0])) readConfig(path.resolve(path.dirname(file), e[1]), home, out, depth + 1);
  }
}
const parsed = new Map<string, { home: string; entries: Array<[string, string]> }>();

function parseConfig(text: string, home: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+/, '');
    const sec = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (sec) {
      section = sec[1]!.toLowerCase() + (sec[2] !== undefined ? `.${sec[2]}` : '');
      continue;
    }
    const kv = /^([A-Za-z][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    let value = kv[2]!.trim();
    value = value.startsWith('"') ? value.replace(/^"((?:[^"\\]|\\.)*)".*$/, '$1').replace(/\\(["\\])/g, '$1') : value.replace(/\s*[;#].*$/, '');
    const expanded = value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
    out.push([`${section}.${key}`, expanded]);
  }
  return out;
}

/** The config files git reads for a repository, in order (system, global, XDG, local, worktree). */
function configFiles(repo: { common: string; gitDir: string }, vars: Readonly<Record<string, string | undefined>>, home: string): string[] {
  const xdg = vars['XDG_CONFIG_HOME'] || path.join(home, '.config');
  return [vars['GIT_CONFIG_SYSTEM'] || '/etc/gitconfig', vars['GIT_CONFIG_GLOBAL'] || path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config'), path.join(repo.common, 'config')];
}

// Config keys whose value git runs as a command, and the subcommands that may run it. `*`: any
// subcommand that reads the index or the work tree (all but the ones below that only talk to a
// remote or read history).
const INDEX = '*';
const REMOTE = ['fetch', 'pull', 'push', 'clone', 'ls-remote', 'submodule', 'remote'];
const SIGN = ['commit', 'tag', 'merge', 'rebase', 'cherry-pick', 'revert', 'am', 'verify-commit', 'verify-tag', 'log', 'show'];
const EDIT = ['commit', 'tag', 'merge', 'rebase', 'cherry-pick', 'revert', 'am', 'notes', 'config'];
const COMMAND_KEYS: Array<[RegExp, string[] | typeof INDEX]> = [
  [/^core\.fsmonitor$/, INDEX],
  [/^filter\..+\.(clean|smudge|process)$/, INDEX],
  [/^core\.sshcommand$/, REMOTE], [/^core\.askpass$/, REMOTE], [/^credential(\..+)?\.helper$/, REMOTE],
  [/^remote\..+\.(uploadpack|receivepack)$/, REMOTE],
  [/^diff\.external$/, ['diff']], [/^diff\..+\.(textconv|command)$/, ['diff', 'log', 'show', 'blame', 'grep']],
  [/^merge\..+\.driver$/, ['merge', 'pull', 'rebase', 'cherry-pick', 'revert', 'stash', 'am']],
  [/^gpg(\..+)?\.program$/, SIGN],
  [/^(core\.editor|sequence\.editor)$/, EDIT],
  [/^(core\.pager|pager\..+)$/, ['log', 'diff', 'show', 'branch', 'grep', 'blame', 'tag', 'shortlog', 'config', 'help']],
];
const NOT_INDEX = /^(log|show|shortlog|describe|config|remote|fetch|push|ls-remote|clone|help|version|tag|branch|cat-file|rev-parse|rev-list|ls-tree)$/;

/** Shell commands that command-valued config on disk makes `sub` run: `[key, command]`. Booleans
 *  (`core.fsmonitor = true`), a credential helper's own name (`store`, `osxkeychain`: git's
 *  `git credential-NAME`) and empty values run nothing of the config's own. */
function configCommands(entries: Array<[string, string]>, sub: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of entries) {
    const rule = COMMAND_KEYS.find(([re]) => re.test(key));
    if (!rule || !value || /^(true|false|yes|no|on|off|0|1)$/i.test(value)) continue;
    const subs = rule[1];
    if (subs === INDEX ? NOT_INDEX.test(sub) : !subs.includes(sub)) continue;
    if (/\.helper$/.test(key)) {
      if (value.startsWith('!')) out.push([key, value.slice(1)]);
      else if (value.startsWith('/')) out.push([key, value]);
      continue;
    }
    out.push([key, value]);
  }
  return out;
}

/** The hook files on disk a git command run in `cwd` may run (executable, named for an event,
 *  in the hooks directory the line names, else every core.hooksPath the config files git reads
 *  set, else the repository's own hooks directory), and the commands its config on disk makes it
 *  run (with `sub`; every one without). */
export function diskHooks(cwd: string, lineDirs: string[], vars: Readonly<Record<string, string | undefined>>, home: string, sub?: string): { top: string; hooks: string[]; commands: Array<[string, string]> } | undefined {
  const repo = gitRepo(cwd);
  if (!repo) return undefined;
  const entries: Array<[string, string]> = [];
  for (const f of configFiles(repo, vars, home)) readConfig(f, home, entries);
  // git reads config.worktree only with extensions.worktreeConfig set.
  if (entries.some(([k, v]) => k === 'extensions.worktreeconfig' && /^(true|yes|on|1)$/i.test(v))) readConfig(path.join(repo.gitDir, 'config.worktree'), home, entries);
  const commands = sub === undefined ? configCommands(entries, 'status').concat(configCommands(entries, 'fetch'), configCommands(entries, 'commit'), configCommands(entries, 'diff'), configCommands(entries, 'merge'), configCommands(entries, 'log')) : configCommands(entries, sub);
  let dirs = lineDirs;
  if (!dirs.length) {
    const set = entries.filter(([k]) => k === 'core.hookspath').map(([, v]) => v);
    dirs = set.length ? set : [path.join(repo.common, 'hooks')];
  }
  const hooks: string[] = [];
  for (const d of new Set(dirs.map((x) => path.resolve(repo.top, x)))) {
    if (sub !== undefined && NO_HOOK.test(sub)) break;
    const names = hookNames(d);
    for (const n of names) {
      if (!HOOK_NAMES.has(n) || (sub !== undefined && !subRunsHook(sub, n))) continue;
      // Gone, or a link to nothing: git runs nothing.
      const st = statSync(path.join(d, n), { throwIfNoEntry: false });
      if (st?.isFile() && st.mode & 0o111) hooks.push(path.join(d, n));
    }
  }
  return { top: repo.top, hooks, commands };
}
