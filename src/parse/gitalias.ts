// git aliases: `git -c alias.x=...`, `git config [--global] alias.x ...` earlier in the line, and
// GIT_CONFIG_COUNT/GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n. A plain alias is another git command line;
// a `!` alias is shell code run with the alias's arguments appended.
import { programFor } from '../programs/index.js';
import type { Invocation, Word } from './types.js';

/** git's own options before its subcommand that take a separate value (registry: git). */
export function gitGlobalWithArg(opt: string): boolean {
  return (globalWithArg ??= new Set(programFor('git')?.['value-options'])).has(opt);
}
let globalWithArg: Set<string> | undefined;

/** Index of git's subcommand word in argv, or -1. */
export function gitSubIndex(argv: Word[]): number {
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (gitGlobalWithArg(v)) { i++; continue; }
    if (v.startsWith('-')) continue;
    return i;
  }
  return -1;
}

/** `git config [scope options] KEY VALUE` (also `config set`, `--add`, `--replace-all`); `name` is
 *  the alias for alias.NAME keys. */
export function aliasDefinition(argv: Word[]): { key: string; name: string; value: Word } | undefined {
  const s = gitSubIndex(argv);
  if (s < 0 || argv[s]!.value !== 'config') return undefined;
  const rest = argv.slice(s + 1).filter((w, k, all) => !w.value.startsWith('-') && !(k > 0 && /^(-f|--file|--blob|--type|--default|--comment)$/.test(all[k - 1]!.value)));
  if (rest[0]?.value === 'set') rest.shift();
  const key = rest[0];
  if (!key || key.dynamic || !key.value.includes('.') || rest.length < 2) return undefined;
  const k = key.value.toLowerCase().startsWith('alias.') ? `alias.${key.value.slice(6)}` : key.value;
  // Config variable names are case-insensitive: `git WIPE` finds alias.wipe.
  return { key: k, name: key.value.slice(6).toLowerCase(), value: rest[1]! };
}

/** The settings GIT_CONFIG_COUNT/GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n and GIT_CONFIG_PARAMETERS
 *  (how git passes -c to its children: 'key'='value' or 'key=value') give, as `key=value`. */
export function envConfig(vars: Invocation['vars']): string[] {
  const out: string[] = [];
  const n = Number(vars.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; i < n && i < 100; i++) {
    const k = vars[`GIT_CONFIG_KEY_${i}`];
    const v = vars[`GIT_CONFIG_VALUE_${i}`];
    if (k && v !== undefined) out.push(`${k}=${v}`);
  }
  const params = vars.GIT_CONFIG_PARAMETERS;
  if (params) for (const m of params.matchAll(/'([^']*)'(?:='([^']*)')?/g)) out.push(m[2] === undefined ? m[1]! : `${m[1]}=${m[2]}`);
  return out;
}

/** Aliases from `-c alias.x=v` on this invocation and from GIT_CONFIG_* variables. */
export function invocationAliases(inv: Invocation): Map<string, Word> {
  const out = new Map<string, Word>();
  for (const kv of envConfig(inv.vars)) setPair(out, kv, undefined);
  // A GIT_CONFIG_* assigned from something unknown: any alias may exist.
  if (inv.assignments.some((a) => /^GIT_CONFIG(_COUNT|_KEY_\d+|_VALUE_\d+|_PARAMETERS|_GLOBAL|_SYSTEM)?$/.test(a.name) && a.value.dynamic)) out.set('*', UNKNOWN);
  const s = gitSubIndex(inv.argv);
  for (let i = 1; i < (s < 0 ? inv.argv.length : s); i++) {
    const a = inv.argv[i]!;
    const v = a.value;
    const kv = v === '-c' ? inv.argv[i + 1] : v.startsWith('-c') && v.length > 2 ? { ...a, value: v.slice(2) } : undefined;
    if (kv) setPair(out, kv.value, kv);
    // --config-env=alias.x=VAR: the value is VAR's.
    const ce = v === '--config-env' ? inv.argv[i + 1] : v.startsWith('--config-env=') ? { ...a, value: v.slice(13) } : undefined;
    const m = ce ? /^([^=]+)=(.*)$/.exec(ce.value) : null;
    if (ce && m) {
      const val = inv.vars[m[2]!];
      setPair(out, `${m[1]}=${val ?? ''}`, ce.dynamic || val === undefined ? UNKNOWN : undefined);
    }
  }
  return out;
}

const UNKNOWN: Word = { value: '', dynamic: true, glob: false, text: '' };

/** Record `alias.x=v`; an included config file can define any alias. */
function setPair(out: Map<string, Word>, kv: string, word: Word | undefined): void {
  const eq = kv.indexOf('=');
  const key = eq > 0 ? kv.slice(0, eq) : kv;
  if (/^include(if\..*)?\.path$/i.test(key)) out.set('*', UNKNOWN);
  if (!/^alias\./i.test(key) || eq < 0) return;
  const value = kv.slice(eq + 1);
  out.set(key.slice(6).toLowerCase(), word?.dynamic ? word : { value, dynamic: false, glob: false, text: word?.text ?? value });
}

/** git's own commands: an alias never replaces one of them. */
export const GIT_BUILTINS = new Set(('add am annotate apply archive bisect blame branch bundle cat-file check-attr check-ignore check-mailmap ' +
  'check-ref-format checkout checkout-index cherry cherry-pick citool clean clone column commit commit-graph commit-tree config count-objects ' +
  'credential describe diff diff-files diff-index diff-tree difftool fast-export fast-import fetch fetch-pack filter-branch fmt-merge-msg ' +
  'for-each-ref for-each-repo format-patch fsck gc get-tar-commit-id grep gui hash-object help index-pack init instaweb interpret-trailers log ' +
  'ls-files ls-remote ls-tree mailinfo mailsplit maintenance merge merge-base merge-file merge-index merge-tree mergetool mktag mktree mv ' +
  'name-rev notes pack-objects pack-refs prune prune-packed pull push range-diff read-tree rebase reflog remote repack replace request-pull ' +
  'rerere reset restore rev-list rev-parse revert rm send-email send-pack shortlog show show-branch show-index show-ref sparse-checkout stash ' +
  'status stripspace submodule switch symbolic-ref tag unpack-file unpack-objects update-index update-ref update-server-info var verify-commit ' +
  'verify-pack verify-tag version whatchanged worktree write-tree lfs').split(' '));

/** git's own splitting of an alias value (quotes and backslashes, no expansions). */
export function splitAlias(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  let any = false;
  let quote = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < v.length) cur += v[++i];
      else cur += c;
    } else if (c === '"' || c === "'") { quote = c; any = true; }
    else if (c === '\\' && i + 1 < v.length) { cur += v[++i]; any = true; }
    else if (/\s/.test(c)) { if (cur || any) out.push(cur); cur = ''; any = false; }
    else { cur += c; any = true; }
  }
  if (cur || any) out.push(cur);
  return out;
}

/** `section.key=value` pairs of a git config file's text (git-config(1) syntax: `[section]`,
 *  `[section "sub"]`, `key = value`, `#`/`;` comments, quoted values); enough to find aliases and
 *  the keys that run commands. */
export function configPairs(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
    if (sec) {
      section = sec[2] !== undefined ? `${sec[1]!.toLowerCase()}.${sec[2]}` : sec[1]!.toLowerCase();
      // `[alias] x = y` on one line: the key follows the header.
      line = sec[3]!.trim();
      if (!line) continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!kv || !section) continue;
    let v = kv[2] ?? 'true';
    // An unquoted ; or # starts a comment; quotes are dropped.
    let val = '';
    let quoted = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === '"') quoted = !quoted;
      else if (c === '\\' && i + 1 < v.length) val += v[++i] === 'n' ? '\n' : v[i] === 't' ? '\t' : v[i];
      else if (!quoted && (c === '#' || c === ';')) break;
      else val += c;
    }
    v = val.trim();
    out.push([`${section}.${kv[1]!.toLowerCase()}`, v]);
  }
  return out;
}

/** Paths of git config files git reads (the repository's, the user's): written by the line, they
 *  can define aliases and commands git runs. */
export function isGitConfigFile(abs: string, home: string | undefined): boolean {
  return /\/\.git\/config$/.test(abs) || (!!home && (abs === `${home}/.gitconfig` || abs === `${home}/.config/git/config`));
}
