// The quick reject: a line none of whose words any enabled rule needs is allowed without parsing.
// Sound under quoting and escapes because it over-approximates the words bash could produce:
// quotes and backslashes are dropped before splitting, and anything that builds words at run time
// ($, backticks, brace lists) sends the line to the full parse. Keep this module free of heavy
// imports: it runs for every command.

import path from 'node:path';
import { PACKAGE_BINS } from '../parse/packages.js';
import { CAPITAL_NAMES, CAPITAL_WORD, REPLS, shellVariant } from '../programs/links.js';
import { diskHooks } from '../parse/githooks.js';
import { MAKE_RUNNERS, PACKAGE_RUNNERS, TASK_FILES, makefileIn, nearestPackageJson, readPackageJson, readText, taskFileIn } from '../parse/projects.js';
import type { CommandSpec, MatchSpec } from './types.js';
import { touchesGuardedEnv } from './selfguard.js';

export interface QuickIndex {
  /** Per rule: groups of keywords; the rule can apply only if every group has one keyword present. */
  rules: string[][][];
  /** One rule's groups (the ready-made index reads just that one). */
  rule(r: number): string[][];
  /** Words that always need the full parse (shells, eval...). */
  always: Set<string>;
  /** Some rule looks at output redirections. */
  redirects: boolean;
  /** Word -> the rules that can't apply without it (one group of each rule, all literal words):
   *  a line without globs is checked only against the rules its words name, plus `unanchored`. */
  anchors?: { get(word: string): number[] | undefined };
  /** The same for a word's start (`python3.*` in a group): checked against every word. */
  prefixes?: Array<[string, number[]]>;
  unanchored?: number[];
}

/** A QuickIndex as text, built once (dist/quick.idx, the config cache), not per run: a JSON head
 *  line, the rules as a JSON array one per line, then one `word<TAB>rule,rule` line per anchor.
 *  A harmless command reads only the head and the lines its words name: parsing the whole index
 *  (300 KB of objects) cost a garbage collection on every command. */
export type QuickIndexData = string;

/** Programs that run code given to them, whose content the token scan can't see. */
export const ALWAYS_PARSE = [
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'rbash', 'yash', 'posh', 'tcsh', 'csh', 'busybox', 'toybox',
  'eval', 'source', '.', 'trap', 'watch', 'su', 'ssh', 'exec',
  // An alias defined here may expand on a later line (sh, zsh, expand_aliases) to any text.
  'alias',
  // Raw sockets: the text they send is judged as the service's own client would send it.
  'nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'telnet', 'socat', 'openssl',
  // Their own deletion verbs become `rm` for the rules (Remove-Item, delete-directory, unlink()).
  // Text typed into another terminal, with escapes decoded (`\x72m`, zellij's byte values).
  'kitty', 'kitten', 'zellij', 'wezterm', 'tmux', 'screen',
  // An image whose entrypoint is a CLI the rules know by another name (parse/containers.ts).
  'aws-cli',
  // fd's command may be glued to its option (`fd -xrm`, `--exec=rm`).
  'fd', 'fdfind',
  // `cmake -E remove_directory DIR` deletes (parse/wrappers.ts cmakeTool).
  'cmake',
  // robocopy /MIR is rsync --delete (parse/cmdexe.ts); openocd dump_image, avrdude -U mem:r:FILE
  // and cross gdbs' dump/shell commands write files or run commands (parse/embedded.ts).
  'openocd', 'avrdude', 'gdb-multiarch',
  // Small languages with a shell escape (m4 syscmd, dc `!`, gnuplot system(), octave system()).
  'm4', 'gm4', 'dc', 'gnuplot', 'octave', 'octave-cli',
  // Every program in a directory (parse/walk.ts); AppleScript, whose scripts may be files.
  'run-parts', 'osascript',
  // Configuration management that deletes by its own verbs (file.remove, file.absent, ensure =>
  // absent) on this machine or its minions (parse/embedded.ts, parse/walk.ts).
  'salt', 'salt-call', 'salt-ssh', 'puppet',
  // IPython shell lines and magics; notebooks whose cells these run (parse/ipython.ts).
  'ipython', 'ipython3', 'jupyter', 'jupyter-execute', 'jupyter-nbconvert', 'jupyter-run', 'nbconvert', 'papermill', 'jupytext', 'quarto',
  // REPLs with no operand read code from the caller's input (rules/index.ts core/opaque).
  ...[...REPLS].map((n) => n.toLowerCase()),
  'ed', 'red', '-fprint', '-fprint0', '-fprintf', '-fls', 'pwsh', 'powershell', 'pwsh-preview', 'pwsh.exe', 'powershell.exe', 'cmd.exe', 'robocopy', 'robocopy.exe', 'emacs', 'emacsclient', 'rscript', 'r', 'tclsh', 'wish', 'jimsh', 'expect',
];

// Anything that can sit next to a program name inside a string: ! in `vim -c !rm`, + in `vim +!rm`.
const SPLIT = /[\s;&|()<>=/,:{}@!+#%^~]+/;

export function tokens(text: string): Set<string> {
  // The includes() guards skip compiling regexes no line needs (this runs first on every command).
  let t = text.toLowerCase();
  // bash joins a word at a backslash-newline; tree-sitter splits it, and the full check reads the
  // split words too (`del\⏎ete .` is also `del .`): both readings' words count.
  const split = t.includes('\\\n') || t.includes('\\\r\n') ? t.replace(/\\\r?\n/g, ' ') : undefined;
  if (t.includes('\\')) t = t.replace(/\\\r?\n/g, '');
  if (split !== undefined) t += ' ' + split;
  if (t.includes('\\') || t.includes("'") || t.includes('"')) t = t.replace(/[\\'"]/g, '');
  const out = new Set<string>();
  // `DELETE url` runs lwp-request (programs/links.ts): its name only counts in capitals.
  if (/[DEGHPT]/.test(text)) {
    const raw = text.replace(/\\\r?\n/g, '').replace(/[\\'"]/g, '');
    if (CAPITAL_WORD.test(raw)) for (const [n, p] of Object.entries(CAPITAL_NAMES)) if (raw.includes(n)) out.add(p);
  }
  for (const w of t.split(SPLIT)) {
    if (!w) continue;
    out.add(w);
    // A JSON or shell-style list around a command (`commands=["rm -rf x"]`, `[rm,-rf,x]`): its
    // items count as words too.
    if (w.includes('[') || w.includes(']')) for (const p of w.split(/[[\]]+/)) if (p) out.add(p);
    // A short-option cluster may end in a program or its argument (`env -iS"rm -rf x"` is
    // `-iSrm`, `sudo -urootrm`...): its tails count as words too.
    if (w.length > 2 && w.length <= 32 && w[0] === '-' && w[1] !== '-') for (let k = 2; k < w.length - 1; k++) out.add(w.slice(k));
    const shell = shellVariant(w);
    if (shell) out.add(shell);
    // Cross gdbs (arm-none-eabi-gdb) read gdb's commands (parse/embedded.ts).
    if (w.endsWith('-gdb')) out.add('gdb-multiarch');
    // npx/yarn name packages; the program they run is the package's bin.
    const bin = PACKAGE_BINS[w];
    if (bin) out.add(bin);
  }
  return out;
}

// Precommands whose later words may be the program they run (`sudo -u x bin/deploy`).
const PRECOMMANDS = new Set(['sudo', 'doas', 'env', 'nohup', 'nice', 'time', 'timeout', 'exec', 'command', 'builtin', 'stdbuf', 'setsid', 'xargs', 'ionice', 'chrt', 'taskset', 'caffeinate', 'then', 'do', 'else', 'if', 'while', 'until', '!', '{']);

/** A program named by a path (`bin/deploy`, `/opt/x/run`, `nohup scripts/db reset`): the full
 *  parse reads it when it is a script, so the quick reject can't pass it. Only command positions
 *  count, so `cat src/a.ts` stays quick. */
function runsByPath(text: string): boolean {
  for (const seg of text.split(/[;&|()\n]+/)) {
    const words = seg.trim().split(/\s+/);
    let i = 0;
    let wrapped = false;
    for (; i < words.length; i++) {
      const w = words[i]!;
      if (ASSIGNMENT.test(w)) continue;
      if (!PRECOMMANDS.has(w)) break;
      wrapped = true;
    }
    for (; i < words.length; i++) {
      const w = words[i]!;
      if (ASSIGNMENT.test(w)) continue;
      if (w.includes('/') && !w.startsWith('-')) return true;
      if (!wrapped) break;
    }
  }
  return false;
}
const ASSIGNMENT = /^[A-Za-z_]\w*=/;

/** Constructs that make words only known at run time. */
export function buildsWords(text: string): boolean {
  if (text.includes('$') || text.includes('`')) return true;
  // A script run by path: its text is read by the full parse. Quotes and backslashes go first:
  // `"."/artisan` and `\./x` are `./artisan` and `./x` to bash.
  if (text.includes('.') && /(^|[\s;&|(])\.{1,2}\/|\.(sh|bash|zsh)(\s|$|[;&|)])/.test(text.replace(/["'\\]/g, ''))) return true;
  if (text.includes('/') && runsByPath(text.replace(/["'\\]/g, ''))) return true;
  // Brace expansion: {a,b} or {1..3}.
  return text.includes('{') && braceList(text);
}

/** Is there a `{`, then a `,` or `..` before the next `}`, then that `}`? What
 *  /\{[^}]*(,|\.\.)[^}]*\}/ asks, in one pass: that regex tries every `{` against the rest of the
 *  line, quadratic in a line of `{` (80 KB of them took 10 s). */
function braceList(text: string): boolean {
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      if (open < 0) open = i;
    } else if (c === 0x7d /* } */) {
      if (open >= 0) {
        const inner = text.slice(open + 1, i);
        if (inner.includes(',') || inner.includes('..')) return true;
      }
      open = -1;
    }
  }
  return false;
}

// `2>&1`, `>/dev/null` and friends write nothing that matters.
const HARMLESS_REDIRECT = /^(&\d*-?|\/dev\/(null|stdout|stderr|tty))$/;

function hasRedirect(text: string): boolean {
  // `>&2` duplicates a descriptor; `>&file` (like `&>file`) truncates a file.
  const re = />+\|?(&?)\s*([^\s;&|()<>]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const target = (m[2] ?? '').replace(/['"]/g, '');
    if (m[1] && /^(\d*-?)$/.test(target)) continue;
    if (!HARMLESS_REDIRECT.test(target)) return true;
  }
  return false;
}

function globToRegExp(g: string): RegExp | undefined {
  try {
    return new RegExp('^' + g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  } catch {
    return undefined;
  }
}

const partsCache = new Map<string, string[]>();
const NO_GLOBS: RegExp[] = [];
// Keywords' globs, compiled once (keywords come from the rules: a bounded set).
const keywordGlobs = new Map<string, RegExp | undefined>();

/** Does some keyword (all of its sub-words) appear among the tokens? Plain loops: this runs for
 *  every keyword of every rule a line's words name, and closures here were a fifth of check's
 *  allocations. */
function present(keyword: string, toks: Set<string>, globs: RegExp[]): boolean {
  for (const p of splitKeyword(keyword)) {
    if (p.includes('*')) {
      let re = keywordGlobs.get(p);
      if (re === undefined && !keywordGlobs.has(p)) keywordGlobs.set(p, (re = globToRegExp(p)));
      if (!re || !anyMatches(re, toks)) return false;
    } else if (!toks.has(p) && !anyTests(globs, p)) return false;
  }
  return true;
}

function anyMatches(re: RegExp, toks: Set<string>): boolean {
  for (const t of toks) if (re.test(t)) return true;
  return false;
}

function anyTests(globs: RegExp[], p: string): boolean {
  for (const g of globs) if (g.test(p)) return true;
  return false;
}

/** Every group of a rule has a keyword present. */
function applies(groups: string[][], toks: Set<string>, globs: RegExp[]): boolean {
  for (const g of groups) {
    let some = false;
    for (const k of g) if (present(k, toks, globs)) { some = true; break; }
    if (!some) return false;
  }
  return true;
}

/** True when the line can't match any rule and needs no parse. `cwd` lets a line that runs a
 *  package script or make target pass when the project file can't hold anything a rule needs. */
const ANY_WORD = /^/;

/** Words of a GraphQL mutation that deletes: the quick reject and rules/index.ts deleteMutationHanded. */
export const DELETE_WORDS = 'delete|destroy|remove|purge|truncate|erase|wipe|reset|drop';
const DELETE_WORD = new RegExp(DELETE_WORDS, 'i');

/** `\bmutation\b[^{]*\{[^}]*(delete|...)`, case-insensitive, in one pass: a `mutation` word, the
 *  first `{` after it, and a delete word before the next `}` after that. As a regex it scans from
 *  every `mutation` to the next `{` (quadratic in a line of `mutation mutation ...`). */
export function handedDelete(text: string): boolean {
  let prev = -1;
  // The `}` that ended the last region found without a delete word: a later `{` before it looks
  // at a part of the same region.
  let failedTo = -1;
  for (let b = text.indexOf('{'); b >= 0; prev = b, b = text.indexOf('{', b + 1)) {
    if (b < failedTo || !/\bmutation\b/i.test(text.slice(prev + 1, b))) continue;
    const e = text.indexOf('}', b);
    if (DELETE_WORD.test(text.slice(b + 1, e < 0 ? text.length : e))) return true;
    if (e < 0) return false;
    failedTo = e;
  }
  return false;
}

/** Longer lines are never quick: the full check refuses to parse them (parse/index.ts MAX_TEXT)
 *  and pauses. Keeps every scan below linear-ish in a bounded text (a hook payload may carry 8 MB). */
export const MAX_QUICK = 128 * 1024;

export function quickReject(text: string, idx: QuickIndex, cwd?: string, depth = 0, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (text.length > MAX_QUICK) return false;
  // No command line holds a NUL byte; bash reading a script from its input drops them (`r\0m` is
  // `rm`), and tree-sitter doesn't: the full check pauses.
  if (text.includes('\0')) return false;
  if (buildsWords(text)) return false;
  if (touchesGuardedEnv(text)) return false;
  // A PATH the line changes may find a program of the same name somewhere else (parse/walk.ts plantedOnPath).
  if (text.includes('PATH') && /(^|[^\w$])PATH\b/.test(text)) return false;
  // A GraphQL delete handed to a helper the line doesn't show (rules/index.ts deleteMutationHanded).
  if (text.includes('mutation') && handedDelete(text)) return false;
  if (idx.redirects && text.includes('>') && hasRedirect(text)) return false;
  const toks = tokens(text);
  for (const a of idx.always) if (toks.has(a) && (a !== '.' || startsCommand(text, DOT))) return false;
  // at and batch run shell code from their input or a file, later (parse/walk.ts atJob); as
  // words they are common English.
  if ((toks.has('at') || toks.has('batch')) && (startsCommand(text, AT_JOB) || /[<|]|(^|\s)-\w*f/.test(text))) return false;
  // A git alias or included config can make any subcommand name run anything.
  if (toks.has('git') && /alias\.|include(if)?[.\]]|config-env|git_config/i.test(text)) return false;
  // A git command in a repository with hooks on disk: what they run is read in the full parse.
  if (toks.has('git') && cwd && depth === 0 && hooksOnDisk(cwd, env, idx)) return false;
  // `uniq IN OUT` writes OUT; vim -c/+ commands can write files or run code the words don't show.
  if (toks.has('uniq') && /\buniq(\s+-\S+)*\s+[^\s|;&<>()-]\S*\s+[^\s|;&<>()]/.test(text)) return false;
  if (toks.has('ex') || ((toks.has('vim') || toks.has('vi') || toks.has('nvim') || toks.has('view')) && /(^|\s)(-c|--cmd|\+\S|-[a-zA-Z]*[es]\b)/.test(text))) return false;
  // GNU sed's `e` runs commands and `w FILE` writes a file the words don't show as a redirection;
  // `sed -f FILE` and `gdb -x FILE` read such commands from a file (parse/embedded.ts codeFile).
  if ((toks.has('sed') || toks.has('gsed')) && /(^|[;{}\s\d$/'"])[ewW](\s|$|['";}])|\/[gpIiMm0-9]*[ewW]|(^|\s)(-[a-zA-Z]*f|--file)/.test(text)) return false;
  if (toks.has('gdb') && /(^|\s)--?(x|command|ix|init-command|eix|early-init-command)(=|\s|$)/.test(text)) return false;
  if (!projectQuick(toks, idx, cwd, depth)) return false;
  // `npm install ./pkg`, `npm i file:../x`: a local package's install scripts run (parse/indirect.ts).
  if ([...PACKAGE_RUNNERS].some((r) => toks.has(r)) && /(^|\s)(file:|\.{1,2}\/|~\/)/.test(text)) return false;
  // An interpreter running a script file: the full parse reads the script (it may be one an
  // agent's file tool wrote just before).
  if (runsScriptFile(toks)) return false;
  const lineGlobs = text.includes('*') || text.includes('?') || text.includes('[');
  // An unquoted glob in a word could expand to any file name, even a keyword.
  const globs: RegExp[] = [];
  // xargs and parallel append words from their input, which could be any keyword.
  if (toks.has('xargs') || toks.has('parallel')) globs.push(ANY_WORD);
  if (lineGlobs) for (const t of toks) if (/[*?[]/.test(t)) { const re = globToRegExp(t.replace(/\[[^\]]*\]/g, '?')); if (re) globs.push(re); }
  // The anchors hold only for words on the line: not when xargs or a glob may add any word.
  if (idx.anchors && !globs.length) {
    for (const r of idx.unanchored ?? []) if (applies(idx.rule(r), toks, globs)) return false;
    for (const t of toks) {
      const rs = idx.anchors.get(t);
      if (rs) for (const r of rs) if (applies(idx.rule(r), toks, globs)) return false;
      if (idx.prefixes) for (const [p, prs] of idx.prefixes) if (t.startsWith(p)) for (const r of prs) if (applies(idx.rule(r), toks, globs)) return false;
    }
    return true;
  }
  for (const groups of idx.rules) if (applies(groups, toks, globs)) return false;
  return true;
}

// Package runners run a path they are given as a program (`bunx app/manage.py`), and the
// TypeScript runners run code as node does.
const INTERPRETER = /^(python[\d.]*|pypy3?|node|nodejs|bun|deno|ruby|perl|php|npx|bunx|pnpx|tsx|ts-node|esno)$/;
const SCRIPT_FILE = /\.(py|js|mjs|cjs|ts|mts|cts|rb|pl|pm|php)$/;

function runsScriptFile(toks: Set<string>): boolean {
  let interp = false;
  let file = false;
  for (const t of toks) {
    if (!interp && INTERPRETER.test(t)) interp = true;
    else if (!file && SCRIPT_FILE.test(t)) file = true;
  }
  if (interp && file) return true;
  // `go run main.go` / `go run .` / `go run ./cmd/x`: the files (or the package's) are read.
  if (!toks.has('go') || !toks.has('run')) return false;
  for (const t of toks) if (t === '.' || t.endsWith('.go')) return true;
  return false;
}

/** Does one of `names` start a command (`.` is `source` only there: `eslint .` and `prettier
 *  --write .` read no code)? Quotes and escapes are dropped first (`"." f` is still source);
 *  assignments and keywords before it don't hide it (`X=1 . f`, `if . f`). */
const BEFORE_COMMAND = new Set(['if', 'elif', 'while', 'until', 'then', 'do', 'else', 'time', '!', 'exec', 'command', 'builtin', 'coproc', 'sudo', 'nohup', 'env']);
const DOT = new Set(['.']);
const AT_JOB = new Set(['at', 'batch']);
function startsCommand(text: string, names: Set<string>): boolean {
  for (const seg of text.replace(/\\\r?\n/g, ' ').replace(/[\\'"]/g, '').split(/[;&|(){}\n]/)) {
    const words = seg.trim().split(/\s+/);
    let k = 0;
    // Options after a keyword belong to it: `time -p . f`, `command -p . f`.
    while (k < words.length && (BEFORE_COMMAND.has(words[k]!) || /^[A-Za-z_]\w*(\[[^\]]*\])?\+?=/.test(words[k]!) || (k > 0 && BEFORE_COMMAND.has(words[k - 1]!) && words[k]!.startsWith('-')))) k++;
    if (names.has(words[k]!) || names.has(path.basename(words[k] ?? ''))) return true;
  }
  return false;
}

// Options and words that make a runner read another directory's project file, or other files.
const ELSEWHERE = new Set(['cd', 'pushd', 'popd', 'workspace', 'workspaces', 'foreach', 'include', '-include', 'sinclude', '--prefix', '--dir', '--cwd', '--workspace', '--workspaces', '--filter', '--recursive', '--file', '--makefile', '--directory', '--include-dir', '--global', '--script-shell', '--shell-mode', '--eval-file']);

/** A line naming a script runner passes only when every script its project file holds would. */
function projectQuick(toks: Set<string>, idx: QuickIndex, cwd: string | undefined, depth: number): boolean {
  let pkg = false;
  let make = false;
  const tasks: string[] = [];
  for (const t of toks) {
    if (PACKAGE_RUNNERS.has(t)) pkg = true;
    else if (MAKE_RUNNERS.has(t)) make = true;
    else if (Object.hasOwn(TASK_FILES, t)) tasks.push(t);
  }
  if (!pkg && !make && !tasks.length) return true;
  if (!cwd || depth >= 3) return false;
  // just and go-task: every recipe in the file they find (options may name another file or dir).
  for (const r of tasks) {
    if ([...toks].some((t) => t.startsWith('-') || /justfile$|taskfile(\.dist)?\.ya?ml$/i.test(t))) return false;
    const f = taskFileIn(cwd, r);
    if (f === undefined) continue;
    const text = readText(f);
    if (text === undefined || !quickReject(text, idx, path.dirname(f), depth + 1)) return false;
  }
  if (!pkg && !make) return true;
  // The line names the project file itself (`cp evil.mk Makefile && make`): it may change it first.
  if (toks.has('makefile') || toks.has('gnumakefile') || toks.has('package.json')) return false;
  for (const t of toks) if (ELSEWHERE.has(t) || /^-[a-z0-9]*[cfwrig]/.test(t)) return false;
  if (pkg) {
    const f = nearestPackageJson(cwd);
    if (f) {
      const p = readPackageJson(f);
      if (typeof p === 'string' || p.workspaces.length) return false;
      if (!quickReject(Object.values(p.scripts).join('\n'), idx, path.dirname(f), depth + 1)) return false;
    }
  }
  if (make) {
    const f = makefileIn(cwd);
    const text = f === undefined ? '' : readText(f);
    if (text === undefined || !quickReject(text, idx, cwd, depth + 1)) return false;
  }
  return true;
}

/** Whether a text names anything a rule watches, ignoring run-time expansions (for script files). */
export function mentionsWatched(text: string, idx: QuickIndex): boolean {
  if (idx.redirects && text.includes('>') && hasRedirect(text)) return true;
  const toks = tokens(text);
  for (const groups of idx.rules) if (applies(groups, toks, NO_GLOBS)) return true;
  return false;
}

/** The quick-reject index for a config: per rule, the literal words it can't match without. */
export function quickIndex(cfg: { rules: Array<{ match: MatchSpec }>; commands: Record<string, CommandSpec> }): QuickIndex {
  const rules: string[][][] = [];
  let redirects = false;
  for (const r of cfg.rules) {
    for (const g of entriesFor(r.match, cfg.commands)) {
      if (g === 'redirect') redirects = true;
      else rules.push(g);
    }
  }
  return { rules, rule: (r) => rules[r]!, always: new Set(ALWAYS_PARSE), redirects, ...anchorsOf(rules) };
}

function anchorsOf(rules: string[][][]): Pick<QuickIndex, 'anchors' | 'prefixes' | 'unanchored'> {
  const anchors = new Map<string, number[]>();
  const prefixes = new Map<string, number[]>();
  const unanchored: number[] = [];
  const add = (m: Map<string, number[]>, k: string, r: number): void => {
    const list = m.get(k) ?? [];
    if (list[list.length - 1] !== r) list.push(r);
    m.set(k, list);
  };
  rules.forEach((groups, r) => {
    // A group each keyword of which starts with a literal word, or a literal start and one `*`
    // (`python3.*`): a match needs a word equal to, or starting with, one of those.
    const g = groups.find((g) => g.length > 0 && g.every((k) => anchorOf(k) !== undefined));
    if (!g) return unanchored.push(r);
    for (const k of g) {
      const a = anchorOf(k)!;
      add(a.prefix ? prefixes : anchors, a.word, r);
    }
  });
  return { anchors, prefixes: [...prefixes], unanchored };
}

/** The word a keyword's match must contain: its first sub-word, whole or as a start. */
function anchorOf(k: string): { word: string; prefix: boolean } | undefined {
  const first = splitKeyword(k)[0];
  if (!first) return undefined;
  if (!/[*?[]/.test(first)) return { word: first, prefix: false };
  const star = first.indexOf('*');
  if (star > 0 && star === first.length - 1 && !/[?[]/.test(first)) return { word: first.slice(0, -1), prefix: true };
  return undefined;
}

function splitKeyword(k: string): string[] {
  let parts = partsCache.get(k);
  if (!parts) partsCache.set(k, (parts = k.toLowerCase().split(SPLIT).filter(Boolean)));
  return parts;
}

export function quickIndexData(idx: QuickIndex): QuickIndexData {
  const lines = idx.rules.map((g) => JSON.stringify(g));
  // Byte offsets (the reader slices a Buffer) of each rule's line.
  const at: number[] = [];
  let off = 2; // "[\n"
  for (const l of lines) {
    at.push(off);
    off += Buffer.byteLength(l) + 2; // ",\n"
  }
  const list = `[\n${lines.join(',\n')}\n]`;
  const anchors = idx.anchors ? [...(idx.anchors as Map<string, number[]>)].map(([w, rs]) => `${w}\t${rs.join(',')}\n`).join('') : '';
  const body = `${list}\n${anchors}`;
  const head = JSON.stringify({ redirects: idx.redirects, unanchored: idx.unanchored, prefixes: idx.prefixes, at, end: Buffer.byteLength(list), bytes: Buffer.byteLength(body), anchored: !!idx.anchors });
  return `${head}\n${body}`;
}

/** The index in quickIndexData's text, read lazily: the rules a line's words name are parsed when
 *  asked for, the whole list only when a line needs every rule. */
export function quickIndexFromData(d: QuickIndexData | Buffer): QuickIndex {
  const buf = typeof d === 'string' ? Buffer.from(d) : d;
  const nl = buf.indexOf(10);
  const head = JSON.parse(buf.toString('utf8', 0, nl)) as { redirects: boolean; unanchored?: number[]; prefixes?: Array<[string, number[]]>; at: number[]; end: number; bytes: number; anchored: boolean };
  const base = nl + 1;
  // A cut-short file would lose anchors (lines passing unchecked): refuse it; the caller checks in full.
  if (nl < 0 || buf.length - base !== head.bytes) throw new Error('quick-reject index: wrong length');
  const { at, end } = head;
  let all: string[][][] | undefined;
  const one = new Map<number, string[][]>();
  const seen = new Map<string, number[] | undefined>();
  const rule = (r: number): string[][] => {
    if (all) return all[r]!;
    let g = one.get(r);
    if (!g) {
      g = JSON.parse(buf.toString('utf8', base + at[r]!, base + (r + 1 < at.length ? at[r + 1]! : end) - 2)) as string[][];
      one.set(r, g);
    }
    return g;
  };
  const anchors = head.anchored
    ? {
        get(word: string): number[] | undefined {
          if (seen.has(word)) return seen.get(word);
          const key = `\n${word}\t`;
          const i = buf.indexOf(key, base + end);
          const from = i + Buffer.byteLength(key);
          const rs = i < 0 ? undefined : buf.toString('latin1', from, buf.indexOf(10, from)).split(',').map(Number);
          // A long-lived process (the interactive session) sees many words: keep the memo bounded.
          if (seen.size > 10_000) seen.clear();
          seen.set(word, rs);
          return rs;
        },
      }
    : undefined;
  return {
    get rules() {
      return (all ??= JSON.parse(buf.toString('utf8', base, base + end)) as string[][][]);
    },
    rule,
    always: new Set(ALWAYS_PARSE),
    redirects: head.redirects,
    anchors,
    prefixes: head.prefixes,
    unanchored: head.unanchored,
  };
}

/** A rule whose `any-of` alternatives each say what they need (their program, subcommand, literal
 *  arguments): one index entry per alternative, so `cargo build` isn't parsed for a rule whose
 *  cargo alternative needs `sqlx database reset`. Otherwise the rule's own groups. */
function entriesFor(m: MatchSpec, commands: Record<string, CommandSpec>): Array<string[][] | 'redirect'> {
  const whole = groupsFor(m, commands);
  const alts = m['any-of'];
  if (whole === 'redirect' || !alts?.length || m.redirect || alts.some((a) => a.redirect || a['regex-stdin'])) return [whole];
  const list = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  return alts.map((a) => {
    const g = groupsFor({ ...m, 'any-of': undefined, command: a.command ?? m.command, subcommand: a.subcommand ?? m.subcommand }, commands);
    if (g === 'redirect') return g;
    if (a.keywords?.length) g.push(a.keywords);
    // Literal words one of which must be an argument (`flyway clean`); not a /regex/ or a glob.
    const any = list(a.args?.any);
    if (any.length && any.every((w) => /^[\w.:@+-]+$/.test(w))) g.push(any);
    return g.length > 1 && g[0]![0] === '*' ? g.slice(1) : g;
  });
}

function groupsFor(m: MatchSpec, commands: Record<string, CommandSpec>): string[][] | 'redirect' {
  if (m.redirect && !m.command) return 'redirect';
  const groups: string[][] = [];
  const names = m.command === undefined ? [] : Array.isArray(m.command) ? m.command : [m.command];
  const list = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  const alts = m['any-of'] ?? [];
  // `any-of` alternatives that each name their programs: one of those is needed.
  const progs = names.length ? names : alts.length && alts.every((a) => list(a.command).length) ? alts.flatMap((a) => list(a.command)) : [];
  const withAliases = progs.flatMap((n) => [n, ...(commands[n]?.aliases ?? [])]);
  if (withAliases.length) groups.push(withAliases);
  let subs = list(m.subcommand);
  // `any-of` alternatives that each name their subcommands: one of those is needed.
  if (!subs.length && alts.length && alts.every((a) => list(a.subcommand).length)) subs = alts.flatMap((a) => list(a.subcommand));
  // Every word of a subcommand must be on the line (the matcher compares each one). A /regex/ or
  // ?/[ ] pattern word can't be looked up as a token: only the literal words are required.
  const literal = subs.map((x) => x.split(/\s+/).filter((w) => !((w.length > 2 && w.startsWith('/') && w.endsWith('/')) || /[?[]/.test(w))).join(' '));
  if (subs.length && literal.every(Boolean)) groups.push(literal);
  // Keywords are looked for in the line's text; code read from stdin may be anywhere else.
  if (m.keywords?.length && !m['regex-stdin']) groups.push(m.keywords);
  // A rule with no literal requirement must see every line.
  if (!groups.length) groups.push(['*']);
  return groups;
}

/** Executable hooks in the repository at `cwd` (or the hooks directory its config names), or a
 *  command its config on disk runs that the quick reject can't clear (git-lfs's filters can). */
function hooksOnDisk(cwd: string, env: Readonly<Record<string, string | undefined>>, idx: QuickIndex): boolean {
  const home = env['HOME'];
  const found = home ? diskHooks(cwd, [], env, home) : undefined;
  return !!found && (found.hooks.length > 0 || found.commands.some(([, c]) => !quickReject(c, idx, cwd, 1, env)));
}
