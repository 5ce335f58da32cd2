// Walks a tree-sitter bash tree in execution order and lists every program it would run.
// Unknown node types are descended into, never skipped, so nothing is silently dropped.
import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { readRegularText } from '../readfile.js';
import path from 'node:path';
import type { Parser as TSParser } from 'web-tree-sitter';
import { cpuMs, parseTree, type TSNode } from './treesitter.js';
import type { Invocation, ParseContext, ProcSubStdin, Redirect, StdinSource, Word, Assignment, Written } from './types.js';
import { execInto, inContainer, inProject, inScript, showOrigin, viaSsh, type Origin } from './types.js';
import { EDITS, afterWrites, jqRawSlurp, jqSet, mayHaveMade, mayHaveMadeButCopies, namedWords, namesFile, onlyPlainFiles, projectRun, underDir, venvProgram, writtenContent, type WriteEnv } from './writes.js';
import { repoTop } from './gitrev.js';
import { xargsItems } from './xargs.js';
import { codeFileText } from './filetext.js';
import { ipythonParts, ipythonRuns } from './ipython.js';
import { indexPaths } from './gitindex.js';
import { deployCommands, dotenvAssignments, envFileOfSubst, envLoader, filteredFile, interpreterRepl, implicitLoads, inlineFlag, interpreterOf, inlineSource, interpreterScript, moduleFile, projectCode, pureCargoManifest, pureGo, pureJava, pureRust, toxCommands, pythonModule, rawProtocol, readEnvrc, urlPayload, scriptLang, shellEscapes, withDsl, type ProjectCode } from './runtime.js';
import { moduleRefs, searchDirs } from './imports.js';
import { descend, evalWord, toWords, decodeAnsiC, zshFlags, type Seg, type WordEnv } from './words.js';
import { PACKAGE_BINS, SHELLS, elsewhere, runsElsewhere, shellMode, unwrap, type Unwrapped } from './wrappers.js';
import { BUILTIN, CAPITAL_NAMES, programFor, shellVariant, readItems, wrapperFor } from '../programs/index.js';
import type { Registry } from '../programs/index.js';
import { countersignAsShell } from './self.js';
import { COMMAND_VARS, GIT_COMMAND_KEYS, embeddedCode, saltCode, type Embedded } from './embedded.js';
import { diskHooks, gitHookTrigger } from './githooks.js';
import { packageRuns, runsNoScript, type Indirection } from './indirect.js';
import { makeRuns } from './make.js';
import { asShellLine, laterPlace, mentionsPlace, sedAdded, sedParts, sedReplaced, stringLiterals } from './later.js';
import { justRuns, taskRuns } from './tasks.js';
import { ciCommands, ciOnHost, ciSelfHosted, ciTrigger } from './ci.js';
import { someName } from './tree.js';
import { MAKE_RUNNERS, PACKAGE_RUNNERS, withOverlay } from './projects.js';
import { GIT_BUILTINS, aliasDefinition, configPairs, gitSubIndex, invocationAliases, isGitConfigFile, splitAlias } from './gitalias.js';
import { codeValues, q, sshArgs, sshRemoteCommand } from './tools.js';
import { arithRefs, fixedShape, SHAPE_FILTERS, subscriptCode } from './arith.js';
import { actsOutside, composeExec, composeFileCommands, containerRun, emptiesPath, podManifestCommands, podRun, rewriteMounts, touchesMount, type ContainerRun } from './containers.js';
import { table } from '../own.js';

export interface Scope {
  /** Line variables: value, undefined = unset, null = unknowable. */
  vars: Vars;
  cwd: string | undefined;
  funcs: Map<string, TSNode>;
  /** Set when a sourced file, eval or loader the parser couldn't read may have set any
   *  variable: every variable not set since is unknown (not empty, not the environment's). */
  anyVar?: string;
  /** PATH's stamp when a trusted tool's shell set-up last ran (evalOfShellInit): PATH unchanged since. */
  setupPath?: { stamp: number | undefined };
  /** Names exported on the line (`export X`, `set -a`); others reach only the shell itself. */
  exported: Set<string>;
  allexport?: boolean;
  /** Positional parameters that hold one of the paths a pattern matches (a glob argument, or
   *  find's `{}` with the find it came from): "$1" is judged as that pattern, not as unknown. */
  globArgs?: Map<string, GlobArg>;
  /** `if ...; then rc=a; elif ...; then rc=b; else rc=c; fi`: the values a variable may hold,
   *  each arm known, while the variable keeps the stamp it had after the if (Vars). */
  choices?: Map<string, { stamp: number | undefined; anyVar: string | undefined; values: Choice[] }>;
  /** What an unknown value holds, for arithmetic on it (see arith.ts), while the variable keeps
   *  this stamp: `code` its subscripts would run, `why` it may hold anything; neither: a number. */
  shapes?: Map<string, Shape>;
  /** Arrays whose every item is a plain word (`a=(build dist)`), while the variable keeps this
   *  stamp: `"${a[@]}"` is one word per item. `dyn`: the items only known in part, each a
   *  double-quoted word (`a=(-X DELETE -H "Authorization: Bearer $T")`): still one word each,
   *  dynamic; only `"${a[@]}"` and `"${a[i]}"` read such an array. */
  arrays?: Map<string, { stamp: number | undefined; items: string[]; dyn?: Array<Word | undefined>; keys?: Map<string, string> }>;
  /** Variables that hold one item of a run-time listing, while they keep this stamp: a loop's
   *  variable, or what `read` takes from a listing piped in (`ls data/*.db | while read f`).
   *  `word`: the pattern every item matches, when the listing shows it. A redirect to exactly
   *  "$f" is judged as that pattern; one to "DIR/$f" as some name under DIR (parse/listed). */
  listed?: Map<string, { stamp: number | undefined; word?: Word; unseen?: true; runtime?: true }>;
  /** After `cd "$d"` of a `d=$(mktemp -d)` whose failure doesn't stop the line: while the shell
   *  is in `at` (the fresh directory), `cwd` is where it is if mktemp failed (`cd ""` stays). */
  alt?: { at: string; cwd: string | undefined };
  /** The shell process this scope belongs to: the same object in its groups, branches and copies,
   *  a new one in a child shell (`bash -c`, a script run): a trap is that shell's (laterTraps). */
  shell?: object;
}

export interface Shape {
  stamp?: number | undefined;
  code?: string;
  why?: string;
  /** `pid=$!`: the value is exactly `$!`, the id of the line's last background job (rt27k). */
  bg?: true;
}

/** One arm's value; `null` with the assignment's text when only known at run time. */
export interface Choice {
  value: string | null;
  text: string;
}

/** Line variables, stamped on each change: a value read later is known to be the one recorded. */
/** A scope's variables, each with the stamp of its last change. A copy shares its maps until
 *  either side writes (a long script copies scopes at every branch, and most copies are only
 *  read); not a Map subclass, so that a copy of a plain Map is native. */
/** The files the line wrote before this command (content, or null when only known at run time)
 *  that a loader picks: package scripts, Makefiles, CI files (projectFiles, ciFiles). */
function writtenWhere(inv: Invocation, picks: (abs: string) => boolean): [string, string | null][] {
  return [...inv.written!.files].filter(([abs]) => picks(abs));
}

export class Vars {
  /** Bumped by every change to any scope's variables: a view computed at one value still holds. */
  static n = 0;
  private data: Map<string, string | null | undefined>;
  private stampMap: Map<string, number>;
  /** Namerefs (`declare -n r=a`): a write to r is a write to a; null: to a variable only known
   *  at run time, so any of them. */
  private refs: Map<string, string | null> | undefined;
  private owned = true;
  constructor(from?: Vars) {
    if (from) {
      this.data = from.data;
      this.stampMap = from.stampMap;
      this.refs = from.refs;
      this.owned = from.owned = false;
    } else {
      this.data = new Map();
      this.stampMap = new Map();
    }
  }
  private own(): void {
    if (this.owned) return;
    this.data = new Map(this.data);
    this.stampMap = new Map(this.stampMap);
    if (this.refs) this.refs = new Map(this.refs);
    this.owned = true;
  }
  /** The namerefs, for a branch's merge into the scope around it. */
  refEntries(): Array<[string, string | null]> {
    return [...(this.refs ?? [])];
  }
  /** `declare -n name=target`: from now on a write to `name` may change `target` (null: any). */
  setRef(name: string, target: string | null): void {
    this.set(name, null);
    this.own();
    (this.refs ??= new Map()).set(name, target);
    if (target !== null) this.set(target, null);
  }
  /** Nothing written on either side since one was copied from the other. */
  unchangedFrom(other: Vars): boolean {
    return this.data === other.data;
  }
  get size(): number {
    return this.data.size;
  }
  get(k: string): string | null | undefined {
    return this.data.get(k);
  }
  stamp(k: string): number | undefined {
    return this.stampMap.get(k);
  }
  has(k: string): boolean {
    return this.data.has(k);
  }
  set(k: string, v: string | null | undefined): this {
    this.own();
    this.stampMap.set(k, ++Vars.n);
    this.data.set(k, v);
    const ref = this.refs?.get(k);
    if (ref !== undefined) {
      // Written through a nameref: what it names is no longer known (unknown target: nothing is).
      if (v !== null) this.data.set(k, null);
      for (const t of ref === null ? [...this.data.keys()] : [ref]) {
        if (t === k || this.data.get(t) === null) continue;
        this.stampMap.set(t, ++Vars.n);
        this.data.set(t, null);
      }
    }
    return this;
  }
  delete(k: string): boolean {
    if (!this.data.has(k)) return false;
    this.own();
    ++Vars.n;
    this.stampMap.delete(k);
    return this.data.delete(k);
  }
  keys(): IterableIterator<string> {
    return this.data.keys();
  }
  [Symbol.iterator](): IterableIterator<[string, string | null | undefined]> {
    return this.data[Symbol.iterator]();
  }
}

export interface GlobArg {
  word: Word;
  via?: Invocation;
}

export interface Limits {
  /** CPU ms for the whole line, however long (a runaway line fails closed to a confirm). */
  budgetMs: number;
  /** More for each KB of code read (the line, sourced files, scripts): a long script is not a
   *  runaway one, and Codex's wrapper alone is 38 KB. Capped at maxBudgetMs. */
  msPerKb: number;
  maxBudgetMs: number;
  maxDepth: number;
  maxReparse: number;
  maxInvocations: number;
}

const MAX_PIPES = 4000;
function countOf(text: string, c: string): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) n++;
  return n;
}

export const LIMITS: Limits = { budgetMs: 250, msPerKb: 10, maxBudgetMs: 2000, maxDepth: 150, maxReparse: 12, maxInvocations: 4000 };

const RESERVED = new Set(['{', '}', '!', 'then', 'do', 'done', 'fi', 'esac', 'in', 'elif', 'else', '[[', ']]', 'function', 'select']);
/** at and batch run a job of shell code, read from stdin or a file (atJob). */
const AT = new Set(['at', 'batch']);

/** Statements whose words or expressions bash may read as arithmetic (`command` is checked in
 *  command(), which pipelines and redirections reach without stmt). */
const ARITH_HOSTS = new Set(['declaration_command', 'test_command', 'compound_statement', 'c_style_for_statement', 'variable_assignment', 'variable_assignments']);
/** Variables bash keeps numeric. */
const ARITH_SAFE = new Set(['RANDOM', 'SRANDOM', 'LINENO', 'SECONDS', 'BASHPID', 'PPID', 'EPOCHSECONDS', 'EPOCHREALTIME', 'UID', 'EUID', 'COLUMNS', 'LINES', 'OPTIND', 'SHLVL', 'HISTCMD', 'BASH_VERSINFO', 'BASH_LINENO', 'BASH_SUBSHELL', 'BASH_ARGC', 'PIPESTATUS', 'COMP_CWORD', 'COMP_POINT', 'COMP_TYPE', 'COMP_KEY']);

/** All parts numbers: a number; any payload: its commands; any part unknown: unknown. */
function joinShapes(parts: Shape[]): Shape {
  const why = parts.find((p) => p.why !== undefined)?.why;
  const code = parts.filter((p) => p.code !== undefined).map((p) => p.code).join('\n');
  return code ? { code } : why !== undefined ? { why } : {};
}

/** A small text file's content, or undefined. */
function readText(abs: string): string | undefined {
  try {
    return readRegularText(abs, MAX_SCRIPT);
  } catch {
    return undefined;
  }
}

const BASH_DYNAMIC = new Set([
  'RANDOM', 'SRANDOM', 'LINENO', 'SECONDS', 'BASHPID', 'PPID', 'EPOCHSECONDS', 'EPOCHREALTIME',
  'BASH_COMMAND', 'FUNCNAME', 'PIPESTATUS', 'REPLY', 'OLDPWD', 'BASH_SOURCE', 'BASH_ARGV', 'DIRSTACK',
]);

/** What a shell started with no command does (Invocation.readsInput). */
export const SHELL_READS_INPUT = 'a shell reads commands from its input';
/** Which deploy config a deploy reads (`fly deploy [-c FILE]`, `railway up`, `netlify deploy
 *  --build`/`netlify build`), and where its commands run (a platform: remote). */
function deployFiles(inv: Invocation): { sub: string; files: string[]; remote?: string } | undefined {
  const a = inv.argv.map((w) => (w.dynamic ? '' : w.value));
  const sub = a.slice(1).find((v) => !v.startsWith('-')) ?? '';
  const opt = (names: string[]): string | undefined => {
    for (let i = 1; i < a.length; i++) {
      const eq = a[i]!.indexOf('=');
      if (names.includes(a[i]!)) return a[i + 1];
      if (eq > 0 && names.includes(a[i]!.slice(0, eq))) return a[i]!.slice(eq + 1);
    }
    return undefined;
  };
  if (inv.name === 'fly' || inv.name === 'flyctl') {
    if (sub !== 'deploy') return undefined;
    const app = opt(['-a', '--app']);
    return { sub, files: [opt(['-c', '--config']) ?? 'fly.toml'], remote: `Fly app ${app ?? '(the app of fly.toml)'}` };
  }
  if (inv.name === 'railway') return sub === 'up' ? { sub, files: ['railway.json', 'railway.toml'], remote: `Railway service ${opt(['-s', '--service']) ?? '(the linked service)'}` } : undefined;
  if (sub === 'build' || (sub === 'deploy' && a.includes('--build'))) return { sub, files: ['netlify.toml'] };
  return undefined;
}

const GIT_HOSTS = /^(?:ssh:\/\/)?git@(github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com|vs-ssh\.visualstudio\.com|codeberg\.org|ssh\.github\.com)(:\d+)?$/;

/** What a remote login shell started with no command does (`ssh prod`, `fly ssh console`). */
export const REMOTE_READS_INPUT = 'a remote shell reads commands from its input';
/** What an interpreter started with no code does (`python3`, `node`: a REPL). */
export const REPL_READS_INPUT = 'an interpreter reads code from its input (a REPL)';

export class Walk {
  readonly out: Invocation[] = [];
  readonly uncertain = new Set<string>();
  /** Files the line has written so far (parse/writes.ts). */
  private state: Written | undefined;
  /** Builtins `enable -n` turned off on the line ('*': one named at run time). */
  private disabled = new Set<string>();
  /** Invocations that run while later commands do (`a &`, the elements of a pipeline but its
   *  last): out[from, to) and the writes state once those later commands ran (undefined: the
   *  line's end). A file they read may be one a later command writes first (finish()). */
  /** The script file each invocation that runs one reads (script(), runtime()). */
  private readonly scriptFiles = new WeakMap<Invocation, string>();
  private readonly concurrent: Array<{ from: number; to: number; after: Written | undefined; until?: Written | undefined; line: boolean }> = [];
  /** Scripts interpreters ran earlier in the line, and each run's script word (with its wrappers'). */
  private readonly ranScripts = new Set<string>();
  private readonly scriptWords = new WeakMap<Invocation, string>();
  /** Function bodies being walked (recursion guard). */
  private readonly activeFuncs = new Set<number>();
  /** Aliases this line defines: name to value, null when the value is only known at run time
   *  ('' for one whose name is). */
  private readonly aliases = new Map<string, string | null>();
  /** Command keys of written git config files already walked (file, key, value). */
  private readonly gitConfigRun = new Set<string>();
  /** Aliases being expanded (bash doesn't expand one inside itself). */
  private readonly activeAliases = new Set<string>();
  /** Package scripts and make targets being walked (recursion guard). */
  private readonly activeScripts = new Set<string>();
  /** A shell's scope after its startup files ran (BASH_ENV, ENV, an rc or profile file the line
   *  wrote): what they set is what its command string runs with. */
  private readonly startupScopes = new WeakMap<Invocation, Scope>();
  /** Variables set from `$(mktemp ...)` whose failure doesn't stop the line: maybe empty. */
  private readonly maybeEmpty = new Set<string>();
  /** Walking the failure case of a maybe-empty mktemp directory (Scope.alt). */
  private inAlt = false;
  /** `hash -p PATH NAME`: NAME runs PATH (null: a path only known at run time). */
  private readonly hashed = new Map<string, string | null>();
  /** git aliases this line defines with `git config alias.x ...`. */
  private readonly gitAliases = new Map<string, Word>();
  private cwdForRedirects: string | undefined;
  /** Set by heredoc(): where bash's real body of the last heredoc read goes on past tree-sitter's
   *  end (its end line had more text after the word); redirects from there on are body text. */
  private heredocOverrun: number | undefined;
  /** Traps set so far, with what their code used when last read (trapSig). */
  private readonly traps: Array<{ inv: Invocation; code: Word; origin: Origin[]; sig: string; runs: number; shell?: object }> = [];
  private inTrap = false;
  /** A `cd` to a directory that isn't there (and that nothing earlier on the line may have made)
   *  fails, and the shell stays where it was: the directory it stays in, per scope, until the
   *  statement ends. `cd /nope; rm -rf ./*` deletes what is in the first directory; after `&&` the
   *  rest never runs, after `||` it runs there. */
  private readonly cdFails = new WeakMap<Scope, string | undefined>();
  /** Invocations a list with `||` in it returned: they may not have run when what follows does. */
  private readonly orTails = new WeakSet<Invocation>();
  /** The last command a list of && only surely ran, for the list around it (list()). */
  private listTail: Invocation | undefined;
  /** Arrays declared associative at the top of the line (`declare -A seen`), not in a function or
   *  subshell whose declaration may not reach the rest. */
  private readonly assoc = new Set<string>();
  private depth = 0;
  private steps = 0;
  private reparseDepth = 0;
  /** A function definition was walked somewhere in the line (any name may then run other code). */
  /** Names of the functions the line defines ('*': one it can't name). */
  private definedFunctions = new Set<string>();
  /** Programs given a quoted `x[$(...)]`-like argument (an AWS --query, a JSONPath), judged when
   *  the whole line has been walked: see quotedSubscripts. */
  private readonly subscriptArgs = new Set<string>();
  private readonly trees: Array<{ delete(): void }> = [];
  private deadline: number;
  private budgetMs: number;

  constructor(
    private readonly parser: TSParser,
    private readonly ctx: ParseContext & { envComplete?: boolean; positional?: string[]; dialect?: 'bash' | 'zsh'; mentions?: (text: string) => boolean; programs?: Registry; evalWrapped?: boolean },
    private readonly limits: Limits = LIMITS,
  ) {
    this.deadline = Infinity;
    this.budgetMs = limits.budgetMs;
  }

  /** Files a command line around this code wrote before it runs (code an interpreter starts:
   *  `subprocess.run(["python3", "/tmp/x.py"])` after the line wrote /tmp/x.py). */
  seedWritten(w: Written | undefined): void {
    if (w) this.state = w;
  }

  /** Parse text as shell code and walk it. */
  /** After the whole line: a command that runs while later ones do (`sh job.sh & echo x > job.sh`,
   *  `psql -f q.sql & cp x q.sql`) may read a file after they wrote it. What they write is unknown
   *  to it, and a script it runs that they may write is code only known at run time. */
  finish(): void {
    for (const r of this.concurrent) {
      const end = r.line ? this.state : r.until;
      if (!end || end === r.after) continue;
      for (const inv of this.out.slice(r.from, r.to)) {
        const seen = laterUnknown(inv.written, r.after, end, r.line);
        if (!seen) continue;
        inv.written = seen;
        const abs = this.scriptFiles.get(inv);
        const c = abs === undefined ? undefined : writtenContent(seen, abs);
        // Only a write that names it (or any file: an archive, a recursive copy): a tool run later
        // on the line is not taken to write a script that isn't there (a server started first).
        if (abs && !inv.opaque && c === null) inv.opaque = `${inv.name} runs ${path.basename(abs)} while a command after it on the line may write it`;
      }
    }
  }

  code(text: string, scope: Scope, origin: Origin[], stdin?: StdinSource): void {
    if (this.reparseDepth >= this.limits.maxReparse) {
      this.uncertain.add('code nested too deeply');
      return;
    }
    const extra = Math.min(this.limits.maxBudgetMs - this.budgetMs, (text.length >> 10) * this.limits.msPerKb);
    if (extra > 0) {
      this.budgetMs += extra;
      this.deadline += extra;
    }
    // The CPU clock costs more than a short line: start the budget once there's real work.
    if (this.deadline === Infinity && (text.length >= 4096 || this.reparseDepth > 0)) this.deadline = cpuMs() + this.budgetMs;
    const left = this.deadline === Infinity ? this.budgetMs : this.deadline - cpuMs();
    if (left <= 0) {
      this.uncertain.add('time budget spent before the whole line was read');
      return;
    }
    // tree-sitter builds a pipeline as nested pairs: thousands of `|` (`a "b" | a "b" | ...`) keep it
    // busy without calling back for seconds, then abort its wasm for good (every later parse in the
    // process fails). A chain that long holds more commands than maxInvocations anyway.
    if (countOf(text, '|') > MAX_PIPES) {
      this.uncertain.add(`more than ${MAX_PIPES} \`|\` in one piece of code`);
      return;
    }
    let subscript = checkBlindSpots(text, this.uncertain);
    const prep = (t: string): string => (this.ctx.dialect === 'zsh' ? zshFlags(substringSpaces(t)) : substringSpaces(t));
    let tree = parseTree(this.parser, prep(text), left);
    // tree-sitter-bash reads a line that starts with a backslash (`cd app⏎\rm -rf data`, Claude
    // Code's snapshot `...⏎\alias -p`) as one more word of the line before, newline and all: the
    // command bash runs there would be missed. The same text with a space after that newline
    // (the same commands to bash, the backslash and what it skips kept) parses right.
    if (tree && text.includes('\n\\')) {
      const at = misjoined(tree.rootNode, text);
      if (at?.length) {
        tree.delete();
        for (const i of at.reverse()) text = text.slice(0, i) + ' ' + text.slice(i);
        subscript = checkBlindSpots(text, this.uncertain);
        tree = parseTree(this.parser, prep(text), left);
      }
      if (at === undefined || (at.length && tree && misjoined(tree.rootNode, text)?.length !== 0)) this.uncertain.add('a line starts with a backslash, which the parser reads as part of the line before');
    }
    if (!tree) {
      if (subscript) this.uncertain.add(SUBSCRIPT);
      this.uncertain.add('time budget spent before the whole line was read');
      return;
    }
    // tree-sitter-bash skips every Unicode blank between tokens (a carriage return, a vertical tab,
    // a form feed, a no-break space...) and an escaped tab or space there; bash separates words
    // only at unescaped spaces, tabs and newlines, and reads the others as part of a word (`x >⏎`
    // with a carriage return before the newline is a redirection to a file named by that
    // character, the next line a command of its own; the parser made that command the
    // redirection's target. `echo x\⇥#; rm -rf data`: the parser read a comment from `#`). Not
    // patched shape by shape: the same text with those characters made plain word characters
    // (same length, so the same offsets) is parsed once more, and a line whose commands start
    // elsewhere there is read two ways.
    if (ODD_BLANK.test(text) || ESCAPED_BLANK.test(text)) {
      const faithful = parseTree(this.parser, prep(asWordChars(text)), left);
      if (!faithful || structureOf(faithful.rootNode) !== structureOf(tree.rootNode)) this.uncertain.add('a carriage return, an escaped tab or another blank bash reads as part of a word, where the parser reads a space and sees other commands');
      faithful?.delete();
    }
    try {
      const root = tree.rootNode;
      if (root.hasError) this.uncertain.add(describeError(root));
      // Other line ends tree-sitter-bash reads as a space (`a\r==⏎rm -rf data`, `<\ ⏎rm -rf data`):
      // a newline inside a simple command or a redirection, where bash ends the command.
      if (text.includes('\n') && swallowedNewline(root, text)) this.uncertain.add('a line end the parser reads as part of the command before it');
      // Two words of one command with nothing between them are one word to bash (`> out{}\x psql
      // ...`: tree-sitter ended the redirection's target at `}` and made `\x` the program, psql
      // its argument). Wherever the parser splits a word, the command it names is in doubt.
      if (splitWord(root)) this.uncertain.add('a word the parser reads as two (nothing between them), so another program than bash would run');
      // A lone `$` before a space, a newline or a backslash is a literal `$` to bash (`$⏎rm -rf
      // data`, `$\ ⏎rm -rf data` run rm); tree-sitter-bash reads on into the next word as the
      // variable's name, and that command is missed.
      if (/\$[\s\\]/.test(text) && root.descendantsOfType('simple_expansion').some((n) => n !== null && /\s/.test(n.text))) this.uncertain.add('a `$` before a space, a newline or a backslash, which the parser reads as naming the next word');
      if (subscript) {
        const programs = this.ctx.dialect === 'zsh' || root.hasError ? undefined : quotedSubscripts(text, root);
        if (programs) for (const p of programs) this.subscriptArgs.add(p);
        else this.uncertain.add(SUBSCRIPT);
      }
      this.reparseDepth++;
      this.stmt(root, scope, origin, stdin);
    } finally {
      this.reparseDepth--;
      // Only a program of the system's takes the quoted text as a plain argument: a function, an
      // alias or a hashed path of this line could hand it to `declare` or `(( ))`.
      if (this.reparseDepth === 0 && this.subscriptArgs.size) {
        for (const p of this.subscriptArgs) {
          // (Only a function of that name: `run() { … "$@"; }` leaves `[` the builtin, rt27k.)
          if (this.definedFunctions.has(p) || this.definedFunctions.has('*') || this.aliases.size || this.hashed.has(p) || this.ctx.env[`BASH_FUNC_${p}%%`] !== undefined) this.uncertain.add(SUBSCRIPT);
        }
        this.subscriptArgs.clear();
      }
      // Functions a sourced file defines outlive its walk (`. ./lib.sh && clean`): its tree is
      // freed with the outermost one.
      this.trees.push(tree);
      if (this.reparseDepth === 0) for (const t of this.trees.splice(0)) t.delete();
    }
  }

  /** What a trap's code depends on in a scope: the directory, the variables it (and the
   *  functions it calls, a few levels down) names, those functions' bodies. */
  private trapSig(code: string, scope: Scope): string {
    const parts: string[] = [scope.cwd ?? '\0', scope.anyVar ?? ''];
    const seen = new Set<string>();
    const texts = [code];
    for (let i = 0; i < texts.length && i < 16; i++) {
      for (const m of texts[i]!.matchAll(/\$\{?([A-Za-z_]\w*|\d+|[@*#?$!-])/g)) if (!seen.has('$' + m[1])) {
        seen.add('$' + m[1]);
        const v = scope.vars.get(m[1]!);
        parts.push(`${m[1]}=${v === null ? '\0?' : v === undefined ? (scope.vars.has(m[1]!) ? '\0u' : '\0e') : v}`);
      }
      for (const w of texts[i]!.split(/[^\w.:-]+/)) {
        const fn = w && !seen.has(w) ? scope.funcs.get(w) : undefined;
        if (!fn) continue;
        seen.add(w);
        parts.push(`${w}()=${fn.id}`);
        texts.push(fn.text);
      }
    }
    return parts.join('\0');
  }

  /** Each trap's code again when what it depends on changed since it was last read. */
  private laterTraps(scope: Scope): void {
    this.inTrap = true;
    try {
      for (const t of this.traps) {
        // A child shell's trap ran when that shell exited (`bash -c 'd=$(mktemp -d); trap … EXIT'`):
        // this shell's later values are not its.
        if (t.shell !== scope.shell) continue;
        const sig = this.trapSig(t.code.value, scope);
        if (sig === t.sig) continue;
        t.sig = sig;
        // A line that keeps changing what a trap uses (a loop): past a point, code that can't be known.
        if (++t.runs > 16) {
          t.inv.opaque ??= 'a trap whose code uses values that change too often to follow';
          continue;
        }
        this.runCode(t.inv, [t.code], scope, [...t.origin, 'trap (later)']);
      }
    } finally {
      this.inTrap = false;
    }
  }

  // ---- statements ----

  private stmt(n: TSNode, scope: Scope, origin: Origin[], stdin?: StdinSource): Invocation | undefined {
    if (++this.depth > this.limits.maxDepth) {
      this.uncertain.add('nesting too deep');
      this.depth--;
      return undefined;
    }
    // The CPU clock is read every 32 statements: reading it costs more than a statement.
    if ((++this.steps & 31) === 0 && this.deadline === Infinity) this.deadline = cpuMs() + this.budgetMs;
    if ((this.steps & 31) === 0 && cpuMs() > this.deadline) {
      this.uncertain.add('time budget spent before the whole line was read');
      this.depth--;
      return undefined;
    }
    try {
      const inv = this.stmtInner(n, scope, origin, stdin);
      if (this.traps.length && !this.inTrap) this.laterTraps(scope);
      return inv;
    } finally {
      this.depth--;
    }
  }

  private stmtInner(n: TSNode, scope: Scope, origin: Origin[], stdin?: StdinSource): Invocation | undefined {
    if (ARITH_HOSTS.has(n.type) && (n.type !== 'compound_statement' || n.text.startsWith('(('))) this.arith(n, scope, origin);
    switch (n.type) {
      case 'command':
        return this.command(n, scope, origin, [], stdin);
      case 'redirected_statement':
        return this.redirected(n, scope, origin, stdin);
      case 'pipeline':
        return this.pipeline(n.namedChildren, scope, origin, stdin);
      case 'list':
        return this.list(n, scope, origin, stdin);
      case 'subshell':
        this.seq(named(n), copyScope(scope), [...origin, 'subshell'], stdin);
        return undefined;
      case 'compound_statement':
        this.seq(named(n), scope, [...origin, 'group'], stdin, n.parent?.type === 'program' && this.errexitPlace(origin));
        return undefined;
      case 'command_substitution':
        this.seq(named(n), copyScope(scope), [...origin, '$()']);
        return undefined;
      case 'process_substitution':
        this.seq(named(n), copyScope(scope), [...origin, n.text.startsWith('>') ? '>()' : '<()']);
        return undefined;
      case 'variable_assignment':
        this.assign(n, scope, scope.vars);
        return undefined;
      case 'variable_assignments':
        for (const c of named(n)) this.assign(c, scope, scope.vars);
        return undefined;
      case 'declaration_command':
        if (scope.funcs.has(n.child(0)?.text ?? '')) return this.shadowedBuiltin(n, scope, origin, stdin);
        this.declaration(n, scope, origin);
        return undefined;
      case 'unset_command':
        if (scope.funcs.has(n.child(0)?.text ?? '')) return this.shadowedBuiltin(n, scope, origin, stdin);
        for (const c of named(n)) if (c.type === 'word' || c.type === 'variable_name') scope.vars.set(c.text, undefined);
        return undefined;
      case 'function_definition': {
        const name = n.childForFieldName('name')?.text;
        const body = n.childForFieldName('body');
        if (name && body) scope.funcs.set(name, body);
        this.definedFunctions.add(name && /^[\w.:+@%-]+$/.test(name) ? name : '*');
        // bash calls it for any command it can't find: its body may run at any later point.
        if (name === 'command_not_found_handle' && body) this.stmt(body, copyScope(scope), [...origin, `function ${name}`]);
        return undefined;
      }
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
      case 'case_statement':
      case 'select_statement':
        this.branching(n, scope, origin, stdin);
        return undefined;
      case 'negated_command':
        for (const c of named(n)) this.stmt(c, scope, origin, stdin);
        return undefined;
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return undefined;
      case 'test_command':
        descend(n, this.wordEnv(scope, origin));
        return undefined;
      default:
        // program, do_group, else/elif clauses, case_item, ERROR and anything new: walk in order.
        this.seq(named(n), scope, origin, stdin, n.type === 'program' && this.errexitPlace(origin));
        return undefined;
    }
  }

  /** DIR isn't a directory on disk, and nothing earlier on the line may have made it (mkdir,
   *  clone, unpack, a write under it, code run). */
  private cdSurelyFails(dir: string): boolean {
    try {
      if (statSync(dir).isDirectory()) return false;
    } catch {
      // missing: read on
    }
    if (this.state && mayHaveMade(this.state, dir)) return false;
    for (const x of this.out) {
      if (x.opaque || !NON_WRITERS_CD.has(x.name)) return false;
      if (x.name === 'mkdir' && x.argv.slice(1).some((a) => a.dynamic || a.glob || dir === resolveDir(x.cwd, a.value, this.home()) || resolveDir(x.cwd, a.value, this.home())?.startsWith(dir + '/'))) return false;
    }
    return true;
  }

  /** `a && b`, `a || b`. LASTHOOK walks the last command instead (a redirect tree-sitter hangs on
   *  the whole list belongs to it, and is read once the commands before it ran). */
  private list(n: TSNode, scope: Scope, origin: Origin[], stdin: StdinSource | undefined, lastHook?: (c: TSNode) => Invocation | undefined): Invocation | undefined {
    // tree-sitter hangs `a && b < f` 's redirect on the whole list; bash gives it to b.
    let last: Invocation | undefined;
    const cs = named(n);
    const and = n.children.some((c) => c?.type === '&&');
    const or = n.children.some((c) => c?.type === '||');
    // The last simple command of the chain so far: `a && (cd x && b) && c` runs c only once a
    // succeeded too (a compound command returns no invocation of its own) (redteam22-fp1).
    let chain: Invocation | undefined;
    // `a || b && c` runs c once a OR b succeeded: neither surely did. Only a run of && from the
    // start proves what ran before, and a list with || in it proves nothing to an outer one.
    const ops = n.children.filter((c) => c?.type === '&&' || c?.type === '||').map((c) => c!.type);
    let pure = true;
    cs.forEach((c, i) => {
      const from = this.out.length;
      if (i > 0 && ops[i - 1] !== '&&') pure = false;
      const before = pure ? chain : undefined;
      // `cd /nope || true; …`: what runs after || runs in the directory the cd failed to leave;
      // after `|| exit` (or return) nothing later runs unless the cd worked.
      if (or && i > 0 && this.cdFails.has(scope)) {
        const stay = this.cdFails.get(scope);
        this.cdFails.delete(scope);
        if (!STOPS.test(c.text)) scope.cwd = stay;
      }
      this.listTail = undefined;
      last = i === cs.length - 1 && lastHook ? lastHook(c) : this.stmt(c, scope, origin, i === cs.length - 1 ? stdin : undefined);
      // `a && b`: b runs only once a succeeded (a create that failed stops the line there).
      if (and && i > 0 && before && !this.orTails.has(before)) for (const x of this.out.slice(from)) x.succeeded = [...(before.succeeded ?? []), before, ...(x.succeeded ?? [])];
      // A nested list of && only (`a && (b) && c` nests) ends with its own last sure command.
      chain = last ?? (c.type === 'list' ? this.listTail : undefined) ?? before;
    });
    if (or && last) this.orTails.add(last);
    this.listTail = or ? undefined : chain;
    return last;
  }

  private seq(nodes: TSNode[], scope: Scope, origin: Origin[], stdin?: StdinSource, errexitOk = false): void {
    // Under `set -e` (a statement of this list), each plain command statement that ran before
    // surely succeeded, as after `&&` (Invocation.succeeded) (rt25k1).
    let errexitOn = false;
    const sure: Invocation[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const c = nodes[i]!;
      const from = this.out.length;
      // `coproc NAME { …; }`, which tree-sitter-bash reads as a command `coproc NAME { …` and
      // then one named `}`: its body is read again as code that runs beside the line (rt24fp1).
      const co = coprocGroup(nodes, i);
      if (co) {
        const inner = copyScope(scope);
        this.code(co.body, inner, [...origin, 'coproc']);
        this.concurrent.push({ from, to: this.out.length, after: this.state, line: true });
        for (const v of [co.name, `${co.name}_PID`]) scope.vars.set(v, null);
        i = co.end;
        continue;
      }
      const last = this.stmt(c, scope, origin, stdin);
      if (errexitOk) {
        if (sure.length) for (const x of this.out.slice(from)) x.succeeded = [...sure, ...(x.succeeded ?? [])];
        if (c.type === 'command' && /^set\s/.test(c.text)) {
          if (/^set\s+(-[a-zA-Z]*e[a-zA-Z]*|-o\s+errexit)(\s|$)/.test(c.text)) errexitOn = true;
          if (/^set\s+(\+[a-zA-Z]*e|\+o\s+errexit)/.test(c.text)) errexitOn = false;
        } else if (errexitOn && last && (c.type === 'command' || c.type === 'redirected_statement') && c.nextSibling?.type !== '&' && this.out.includes(last)) sure.push(last);
      }
      // `job &`: it runs on while the rest of the line does.
      if (c.nextSibling?.type === '&') this.concurrent.push({ from, to: this.out.length, after: this.state, line: true });
      // A cd that failed: the next statement runs where the shell was.
      if (this.cdFails.has(scope)) {
        scope.cwd = this.cdFails.get(scope);
        this.cdFails.delete(scope);
      }
    }
  }

  /** if/while/for/case: bodies may or may not run, so what they change becomes unknown. */
  private branching(n: TSNode, scope: Scope, origin: Origin[], stdin?: StdinSource): void {
    const kind = n.type.replace(/_statement$/, '').replace('c_style_for', 'for');
    const inner = copyScope(scope);
    const o = [...origin, kind];
    if (n.type === 'for_statement' || n.type === 'select_statement') {
      const v = n.childForFieldName('variable');
      const env = this.wordEnv(inner, o);
      const values = n.childrenForFieldName('value').filter((x): x is TSNode => !!x);
      for (const val of values) evalWord(val, env);
      const body = n.childForFieldName('body');
      // `for d in dist build .turbo; do rm -rf "$d"; done`: a short list of plain words runs
      // the body once with each, in order.
      // So does an array the line set: `for d in "${dirs[@]}"`.
      // `for pkg in packages/*`, `for ws in apps/* packages/*`: a pattern over one directory,
      // read from disk as bash would expand it now (every entry the pattern could match, dot
      // files too; none: the pattern itself). Not once the line may have written there: it may
      // have made more.
      const plain: Array<string | undefined> = n.type === 'for_statement' && v && body
        ? values.flatMap((x) => arrayArgs(x.text, inner)?.words.map((w) => (w.dynamic ? undefined : w.value)) ?? (plainWord(x) !== undefined ? [plainWord(x)] : this.globValues(x, inner.cwd) ?? [undefined]))
        : [];
      if (plain.length && plain.length <= 8 && plain.every((x) => x !== undefined)) {
        for (const value of plain as string[]) {
          inner.vars.set(v!.text, value);
          this.stmt(body!, inner, o);
        }
        return mergeBranch(scope, inner);
      }
      // `for f in .env.example services/*/.env.example`: plain words and patterns (one with a `*`
      // in a middle part, or matching more than are read one by one): the body once with each
      // word, and once with each pattern's item, one name the pattern matches (rt25k1).
      // `f() { for x in "$@"; do … > "$x"; done; }; f data/*`: the positional parameters the
      // function (or `set --`) was given, one at a time: a plain word as its value, a pattern as
      // one name it matches.
      const all = n.type === 'for_statement' && v && body && values.length === 1 && /^"\$(@|\{@\})"$/.test(values[0]!.text) ? allArgs(values[0]!.text, inner) : undefined;
      if (all && all.words.length && all.words.length <= 8 && all.words.every((w) => !w.dynamic)) {
        for (const w of all.words) {
          if (!w.glob) inner.vars.set(v!.text, w.value);
          else {
            inner.vars.set(v!.text, null);
            this.setShape(inner, v!.text, { why: `${w.text} names files` });
            setListed(inner, v!.text, w, !this.wroteNothing() && !onlyPlainFiles(this.state!.texts));
          }
          this.stmt(body!, inner, o);
        }
        return mergeBranch(scope, inner);
      }
      if (n.type === 'for_statement' && v && body && values.length > 1 && values.length <= 8 && !values.some((x) => /[$`\\]/.test(x.text))) {
        const items = values.map((x) => {
          const p = plainWord(x);
          if (p !== undefined) return { x, value: p };
          if (!/[*?[]/.test(x.text) || (x.type !== 'word' && x.type !== 'concatenation')) return undefined;
          const ws = toWords(evalWord(x, this.wordEnv(inner, o)), x.text, true);
          return ws.length === 1 && ws[0]!.glob && !ws[0]!.dynamic ? { x, glob: ws[0]! } : undefined;
        });
        if (items.every((it) => it !== undefined)) {
          for (const it of items) {
            if (it.glob === undefined) inner.vars.set(v.text, it.value!);
            else {
              inner.vars.set(v.text, null);
              this.setShape(inner, v.text, { why: `${it.x.text} names files` });
              setListed(inner, v.text, it.glob, !this.wroteNothing() && !onlyPlainFiles(this.state!.texts));
            }
            this.stmt(body, inner, o);
          }
          return mergeBranch(scope, inner);
        }
      }
      if (v) {
        inner.vars.set(v.text, null);
        this.setShape(inner, v.text, values.length ? joinShapes(values.map((x) => (/[*?[]/.test(x.text) && !/^["']/.test(x.text) ? { why: `${x.text} names files` } : this.valueShape(x, inner)))) : { why: 'the positional parameters' });
        // `for f in data/*.db` (more names than are walked one by one): each is one the pattern matches.
        // `for f in "$outdir"/part-*` with $outdir known: the same, once its parts are known.
        const one = values.length === 1 && (values[0]!.type === 'word' || values[0]!.type === 'concatenation') && /[*?[]/.test(values[0]!.text) ? toWords(evalWord(values[0]!, this.wordEnv(inner, o)), values[0]!.text, true) : [];
        // `for f in $(find data -type f)`: each word of what a listing prints.
        const subst = values.length === 1 && values[0]!.type === 'command_substitution' ? listingOfText(/^(?:\$\(([\s\S]*)\)|`([\s\S]*)`)$/.exec(values[0]!.text)?.slice(1).find((x) => x !== undefined), inner.cwd) : undefined;
        // After a write the parser can't name, an archive unpacked may have made links there: the
        // item is unknown, and a redirect to it pauses (setListed's `unseen`).
        // `for p in "${pkgs[@]}"` after `mapfile -t pkgs < <(find packages …)`: the listing's pattern.
        const arr = values.length === 1 ? /^"\$\{([A-Za-z_]\w*)\[@\]\}"$/.exec(values[0]!.text)?.[1] : undefined;
        const fromArr = arr !== undefined ? scope.listed?.get(arr) : undefined;
        if (fromArr && fromArr.stamp === stampOf(scope, arr!) && (fromArr.word || fromArr.unseen)) setListed(inner, v.text, fromArr.word, !!fromArr.unseen);
        // Plain files a command made (split's pieces) are no links: the items stay what the pattern matches.
        else setListed(inner, v.text, one.length === 1 && one[0]!.glob && !one[0]!.dynamic ? one[0] : subst, !this.wroteNothing() && !(one.length === 1 && onlyPlainFiles(this.state!.texts)), values.length === 1 && values[0]!.type === 'command_substitution');
      }
      if (body) this.stmt(body, inner, o);
    } else if (n.type === 'case_statement') {
      const env = this.wordEnv(inner, o);
      const value = n.childForFieldName('value');
      if (value) evalWord(value, env);
      for (const item of named(n)) {
        if (item.type !== 'case_item') continue;
        for (const c of named(item)) {
          if (item.childrenForFieldName('value').some((v) => v?.id === c.id)) evalWord(c, env);
          else this.stmt(c, inner, o);
        }
      }
    } else if (n.type === 'if_statement') {
      return this.ifStatement(n, scope, o);
    } else {
      // while/until: the loop's input (`done < f`, `... | while read`) is its commands' input.
      this.seq(named(n), inner, o, n.type === 'while_statement' ? stdin : undefined);
    }
    mergeBranch(scope, inner);
  }

  /** The paths a producer piped into xargs lists, as patterns under its roots: find (its roots;
   *  it stands as `via` so its name filters count), `grep -rl`/`rg -l` (files under the paths
   *  searched). Only where xargs can't cut a listed name into other words: no name under the
   *  roots holds a blank, quote or backslash (read from disk, bounded), and the line wrote no
   *  file first. undefined: unknown, as before. */
  /** GNU parallel's inputs from a pipe, when its options before the command are only ones that
   *  leave each input line one argument (jobs, order, progress; -0 for NUL-ended lines): the
   *  paths the producer lists (listedPaths), else undefined. */
  private parallelListed(inv: Invocation, argv: Word[]): { words: Word[]; via?: Invocation } | undefined {
    if (inv.stdin?.kind !== 'pipe' || !inv.stdin.producer || inv.stdin.stderr) return undefined;
    // Only `{}` (or none): `{//}`, `{/}`, `{.}` make other paths of it (`{//}` of `logs` is `.`).
    if (argv.some((w) => /\{(?!\})[^}]*\}/.test(w.value))) return undefined;
    let nul = false;
    for (let i = 1; i < argv.length; i++) {
      const w = argv[i]!;
      if (w.dynamic) return undefined;
      const v = w.value;
      if (!v.startsWith('-')) break;
      if (v === '-j' || v === '--jobs' || v === '-P') { if (!/^\+?\d+%?$/.test(argv[++i]?.value ?? '')) return undefined; continue; }
      if (/^(-j|-P)\+?\d+%?$|^--jobs=\+?\d+%?$|^(-k|--keep-order|--bar|--progress|--eta|--will-cite|--no-notice|-q|--quote|--line-buffer|--lb|--group|-u|--ungroup)$/.test(v)) continue;
      if (v === '-0' || v === '--null') { nul = true; continue; }
      return undefined;
    }
    return this.listedPaths(lineSource(inv.stdin.producer), [argv[0]!, ...(nul ? [lit('-0')] : [])], []);
  }

  private listedPaths(prod: Invocation, xargv: Word[], inner: Word[]): { words: Word[]; via?: Invocation } | undefined {
    if (prod.cwd === undefined) return undefined;
    // What the line wrote before: judged against the producer's roots below (madeUnder).
    const written = this.state && (this.state.files.size || this.state.texts.length || this.state.links?.size) ? this.state : undefined;
    if (written?.links?.size) return undefined;
    // xargs' own options: only the ones that don't change how input becomes words.
    const opts = xargv.slice(1, inner.length ? xargv.indexOf(inner[0]!) : xargv.length);
    if (opts.some((w) => w.dynamic || !/^(-r|--no-run-if-empty|-0|--null|-n\d*|-P\d*|-t|--verbose|-[r0t]+|\d+)$/.test(w.value))) return undefined;
    let roots: Word[] | undefined;
    let via: Invocation | undefined;
    const a = prod.argv;
    // `git grep -lz PATTERN -- 'src/*.ts' | xargs -0 sed -i ...`: some of the tracked files
    // `git ls-files -z -- 'src/*.ts'` lists: read as that.
    if (prod.name === 'git' && a[1]?.value === 'grep' && !a[1].dynamic) {
      const ls = gitGrepAsLsFiles(a, prod.cwd);
      return ls && this.listedPaths({ ...prod, argv: ls }, xargv, inner);
    }
    if (prod.name === 'find' && !prod.via) {
      roots = [];
      let i = 1;
      while (i < a.length && /^-([HP]|O\d*)$/.test(a[i]!.value)) i++;
      for (; i < a.length && !/^[-(!,]/.test(a[i]!.value); i++) roots.push(a[i]!);
      if (!roots.length) roots = [lit('.')];
      // What find prints: paths, one a line (-print, or nothing), or NUL-ended for xargs -0
      // (-print0); -printf, -ls and -exec print other text.
      if (a.some((w) => /^-(printf|fprint.*|ls|fls|exec|execdir|ok|okdir|L|follow)$/.test(w.value))) return undefined;
      if (a.some((w) => w.value === '-print0') !== opts.some((w) => /^(-0|--null|-[rt]*0[rt]*)$/.test(w.value))) return undefined;
      via = prod;
    } else if (prod.name === 'rg' && a.some((w) => w.value === '--files')) {
      // `rg --files -g '*.orig'`: the files under its roots whose names pass a glob, which is
      // read as find's -name (a plain glob, no slash or brace); it stands as `via` in a find of
      // the same roots so the name filters count. An exclusion (`!`) only narrows.
      const names: string[] = [];
      let nocase = false;
      const ops: Word[] = [];
      for (let i = 1; i < a.length; i++) {
        const w = a[i]!;
        if (w.dynamic) return undefined;
        const v = w.value;
        const g = /^(-g|--glob|--iglob)$/.test(v) ? a[++i] : /^--(i?glob)=/.test(v) ? { ...w, value: v.slice(v.indexOf('=') + 1) } : undefined;
        if (g) {
          if (!g || g.dynamic) return undefined;
          if (v.startsWith('--iglob')) nocase = true;
          if (g.value.startsWith('!')) continue;
          if (!/^[\w.*?@+-]+$/.test(g.value)) return undefined;
          names.push(g.value);
          continue;
        }
        if (/^(--files|--hidden|--no-ignore|--glob-case-insensitive|-\.)$/.test(v)) { if (v === '--glob-case-insensitive') nocase = true; continue; }
        if (v === '--') { ops.push(...a.slice(i + 1)); break; }
        if (v.startsWith('-')) return undefined;
        ops.push(w);
      }
      roots = ops.length ? ops : [lit('.')];
      if (names.length) {
        const test = nocase ? '-iname' : '-name';
        const expr = names.flatMap((n, k) => [...(k ? [lit('-o')] : []), lit(test), lit(n)]);
        via = { ...prod, name: 'find', argv: [lit('find'), ...roots, lit('('), ...expr, lit(')'), lit('-print')] };
      }
    } else if (prod.name === 'grep' || prod.name === 'rg') {
      const rest = a.slice(1);
      let listing = false;
      let recursive = prod.name === 'rg';
      const ops: Word[] = [];
      for (let i = 0; i < rest.length; i++) {
        const w = rest[i]!;
        if (w.dynamic) return undefined;
        const v = w.value;
        if (v === '--') { ops.push(...rest.slice(i + 1)); break; }
        if (/^--(files-with-matches)$/.test(v)) { listing = true; continue; }
        if (/^--(include|exclude|exclude-dir|glob|type)=/.test(v) || /^--(ignore-case|word-regexp|fixed-strings|extended-regexp|recursive|hidden|no-ignore)$/.test(v)) { if (/^--(recursive)$/.test(v)) recursive = true; continue; }
        if (prod.name === 'rg' && /^(-g|--glob|-t|--type|-T|--type-not)$/.test(v)) { i++; continue; }
        if (/^-[a-zA-Z]+$/.test(v)) {
          // -R follows links into directories anywhere (-r only those named): not read here.
          if (/[^lriwFEsIHn]/.test(v.slice(1))) return undefined;
          if (v.includes('l')) listing = true;
          if (v.includes('r')) recursive = true;
          continue;
        }
        if (v.startsWith('-')) return undefined;
        ops.push(w);
      }
      if (!listing || !recursive || !ops.length) return undefined;
      roots = ops.slice(1);
      if (!roots.length) roots = [lit('.')];
    } else if (prod.name === 'git' && a[1]?.value === 'ls-files' && !a[1].dynamic) {
      // `git ls-files -z 'src/*.ts' | xargs -0 sed -i ...`: the files of the index (and, with
      // -o, on disk) its pathspecs match, under each one's literal directory. Only plain
      // pathspecs (no `:(magic)`), files listed one a line (-z with xargs -0), and no path of the
      // index under them that xargs could cut or git would quote.
      const ops: Word[] = [];
      let z = false;
      for (let i = 2; i < a.length; i++) {
        const w = a[i]!;
        if (w.dynamic || w.glob) return undefined;
        const v = w.value;
        if (v === '--') { ops.push(...a.slice(i + 1)); break; }
        if (v === '-z') { z = true; continue; }
        // -i/--ignored and --directory (`dist/` for a wholly untracked dir) print paths under the same roots.
        if (/^(-c|--cached|-m|--modified|-o|--others|-d|--deleted|--exclude-standard|-i|--ignored|--directory|--no-empty-directory)$/.test(v)) continue;
        if (v.startsWith('-')) return undefined;
        ops.push(w);
      }
      if (z !== opts.some((w) => /^(-0|--null|-[rt]*0[rt]*)$/.test(w.value))) return undefined;
      if (['GIT_ICASE_PATHSPECS', 'GIT_GLOB_PATHSPECS', 'GIT_NOGLOB_PATHSPECS'].some((v) => prod.vars[v] !== undefined || prod.unknownVars?.some((u) => u === v || u === '*'))) return undefined;
      roots = [];
      // `git ls-files '*.md'`: git's `*` crosses `/`, so `*.EXT` is every path ending so, which
      // is find's `-name '*.EXT'` under `.` (it stands as `via`, its name filter counts).
      if (ops.length && ops.every((o) => !o.dynamic && /^\*\.[\w-]+(\.[\w-]+)*$/.test(o.value))) {
        const expr = ops.flatMap((o, k) => [...(k ? [lit('-o')] : []), lit('-name'), lit(o.value)]);
        via = { ...prod, name: 'find', argv: [lit('find'), lit('.'), lit('('), ...expr, lit(')'), lit('-print')] };
        ops.splice(0, ops.length, lit('.'));
      }
      for (const o of ops) {
        if (o.dynamic || o.value === '' || o.value.startsWith(':')) return undefined;
        const k = o.value.search(/[*?[\\]/);
        const root = k < 0 ? o.value : o.value.slice(0, o.value.lastIndexOf('/', k) + 1);
        roots.push(lit(root.replace(/\/+$/, '') || '.'));
      }
      if (!roots.length) roots = [lit('.')];
      const idx = indexPaths(prod.cwd, prod.vars, prod.unknownVars);
      if (!idx) return undefined;
      for (const r of roots) {
        if (r.dynamic || /(^|\/)\.\.(\/|$)/.test(r.value)) return undefined;
        const rel = path.relative(idx.top, path.resolve(prod.cwd, r.value));
        if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
        const under = (p: string, lower = false): boolean => { const x = lower ? p.toLowerCase() : p; const y = lower ? rel.toLowerCase() : rel; return !y || x === y || x.startsWith(`${y}/`); };
        // Another case of the same name (core.ignoreCase) could be what git matches.
        if (idx.paths.some((p) => under(p, true) && (!under(p) || /[^\x21-\x7e]|['"\\]/.test(p)))) return undefined;
        if (caseTwin(idx.top, rel)) return undefined;
      }
    } else if (prod.name === 'ls') {
      // `mv logs/app.log logs/app.log.1; ls -1t logs/app.log.* | xargs rm`: what the line wrote
      // first counts only in the directories ls reads. There a file moved from a path that is no
      // directory on disk stays a file; anything else written there may be a directory (ls would
      // print its entries' bare names) or a name made at run time.
      if (written) {
        const dirs = prod.argv.slice(1).filter((w) => !w.value.startsWith('-')).map((w) => path.resolve(prod.cwd!, w.value.slice(0, w.value.lastIndexOf('/') + 1) || '.'));
        const inside = (p: string | undefined, from: string): boolean => p === undefined || p === from || p.startsWith(from + '/');
        const movedDir = (d: string): boolean => [...(written.moved ?? [])].some(([to, from]) => (to === d || to.startsWith(d + '/')) && (!!statSync(from, { throwIfNoEntry: false })?.isDirectory() || [...written.files.keys()].some((k) => k.startsWith(from + '/')) || written.texts.some((t) => inside(underDir(t), from))));
        if (!dirs.length || dirs.some((d) => madeUnder(written, d) || movedDir(d))) return undefined;
      }
      return lsListed(prod);
    }
    if (!roots || roots.some((r) => r.dynamic || r.glob || r.value === '' || /[\s'"\\]/.test(r.value) || /(^|\/)\.\.(\/|$)/.test(r.value))) return undefined;
    if (written && roots.some((r) => madeUnder(written, path.resolve(prod.cwd!, r.value.replace(/^~(?=\/|$)/, this.home() ?? '~'))))) return undefined;
    // find's -maxdepth N prints nothing deeper: only names down to that depth reach xargs (`find
    // /tmp -maxdepth 1 -name 'tmp.*' | xargs rm -rf` needn't read every user's folder under /tmp).
    const md = via?.name === 'find' && via === prod ? a.findIndex((w) => w.value === '-maxdepth') : -1;
    const depth = md > 0 && /^\d+$/.test(a[md + 1]?.value ?? '') && !a[md + 1]!.dynamic ? Number(a[md + 1]!.value) : Infinity;
    // One level is one directory read, whose entries are all in hand anyway (a busy /tmp holds
    // more than the tree budget): test them all.
    const budget = { n: depth <= 1 ? 1_000_000 : 20_000 };
    for (const r of roots) if (someName(path.resolve(prod.cwd, r.value.replace(/^~(?=\/|$)/, this.home() ?? '~')), (n) => /[\s'"\\]/.test(n), budget, false, depth) !== false) return undefined;
    // The root itself (a file searched, find's start point) and what is under it.
    const words = roots.flatMap((r) => {
      const root = r.value.replace(/\/+$/, '') || '/';
      return [{ value: r.value, dynamic: false, glob: false, text: '{}' }, { value: `${root === '/' ? '' : root}/**`, dynamic: false, glob: true, text: '{}' }];
    });
    return via ? { words, via } : { words };
  }

  /** The words a one-directory pattern (`packages/*`, `src/*.ts`) expands to now, at most 8 of
   *  plain names; undefined when that can't be told. */
  private globValues(n: TSNode, cwd: string | undefined): string[] | undefined {
    if (n.type !== 'word' || cwd === undefined || !/^[\w.\/@%+,:-]*[*?][\w.@%+,:*?-]*\/?$/.test(n.text)) return undefined;
    const slash = n.text.replace(/\/$/, '').lastIndexOf('/');
    const dir = slash < 0 ? '' : n.text.slice(0, slash + 1);
    const pat = n.text.slice(slash + 1).replace(/\/$/, '');
    if (/[*?]/.test(dir) || dir.startsWith('/') || dir.split('/').includes('..')) return undefined;
    // Not once the line may have written there (`cat > /tmp/t.sh` elsewhere doesn't count).
    if (this.state && mayHaveMade(this.state, path.resolve(cwd, dir || '.'))) return undefined;
    const re = nameGlob(pat);
    let names: string[];
    try {
      names = readdirSync(path.resolve(cwd, dir || '.')).filter((x) => re.test(x)).sort();
    } catch {
      names = [];
    }
    if (names.length > 8 || names.some((x) => !/^[\w.@%+,:-]+$/.test(x))) return undefined;
    const trail = n.text.endsWith('/') ? '/' : '';
    return names.length ? names.map((x) => `${dir}${x}${trail}`) : [n.text];
  }

  /** if/elif/else: the conditions run in order, then one arm (or none without else). Each arm
   *  is walked from the conditions' scope, not after the other arms. */
  private ifStatement(n: TSNode, scope: Scope, o: Origin[]): void {
    const cond = copyScope(scope);
    const arms: Array<{ scope: Scope; body: TSNode[] }> = [];
    let hasElse = false;
    for (const clause of [n, ...named(n).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause')]) {
      const parts = ifParts(clause);
      hasElse ||= clause.type === 'else_clause';
      this.seq(parts.cond, cond, o);
      const arm = copyScope(cond);
      this.seq(parts.body, arm, o);
      arms.push({ scope: arm, body: parts.body });
    }
    // No else: the conditions' scope is that arm's (nothing runs in it, so no copy).
    if (!hasElse) arms.push({ scope: cond, body: [] });
    for (const a of [{ scope: cond }, ...arms]) mergeBranch(scope, a.scope);
    // Variables every arm sets by plain assignment: the values they may hold now. Only when
    // every arm (so there is an else) is nothing but assignments.
    if (!hasElse || !arms.every((a) => a.body.every((c) => c.type === 'variable_assignment' || c.type === 'comment'))) return;
    for (const [k, v] of scope.vars) {
      if (v !== null || /^(\d+|#)$/.test(k)) continue;
      const values: Choice[] = [];
      for (const a of arms) {
        const last = a.body.filter((c) => c.type === 'variable_assignment' && c.childForFieldName('name')?.text === k).at(-1);
        const val = a.scope.vars.get(k);
        if (!last || val === undefined) break;
        values.push({ value: val, text: last.childForFieldName('value')?.text ?? '' });
      }
      if (values.length === arms.length) (scope.choices ??= new Map()).set(k, { stamp: stampOf(scope, k), anyVar: scope.anyVar, values });
    }
  }

  /** The values `"$name"` may have if an if/elif/else chose among known ones and nothing has
   *  changed the variable since. */
  private choicesOf(scope: Scope, w: Word): Choice[] | undefined {
    // Quoted: unquoted, a value would be split and globbed into other words.
    const m = /^"\$\{?([A-Za-z_]\w*)\}?"$/.exec(w.text);
    const c = m ? scope.choices?.get(m[1]!) : undefined;
    if (!c || c.stamp !== stampOf(scope, m![1]!) || c.anyVar !== scope.anyVar) return undefined;
    return c.values;
  }

  private pipeline(elems: (TSNode | null)[], scope: Scope, origin: Origin[], lastStdin?: StdinSource, firstStdin?: StdinSource): Invocation | undefined {
    const nodes = elems.filter((c): c is TSNode => !!c && c.type !== 'comment');
    let prev: Invocation | undefined;
    let prevText = '';
    let prevRan: Invocation[] = [];
    let made: Invocation[] = [];
    const piped: Array<{ from: number; to: number; after: Written | undefined; line: boolean }> = [];
    nodes.forEach((c, i) => {
      const system = prev?.name === 'cat' && !prev.assignments.length && this.systemProgram('cat', scope);
      // A `cat` that may be a function or another program prints what countersign can't know.
      const text = i === 0 ? undefined : (made.length ? groupOutput(nodes[i - 1]!, made, /^crontab\s+-\s*$/.test(c.text)) : undefined) ?? (prev && (prev.name !== 'cat' || system) ? literalOutput(prev) : undefined);
      const both = i > 0 && nodes[i - 1]!.nextSibling?.type === '|&';
      let stdin: StdinSource | undefined = i === 0 ? firstStdin : { kind: 'pipe', from: prevText, text, ...(prev ? { producer: prev } : {}), ...(both ? { stderr: true as const } : {}), ran: prevRan, ...(system ? { system: true as const } : {}) };
      if (i === nodes.length - 1 && lastStdin) stdin = lastStdin;
      // Each element runs in a subshell.
      const start = this.out.length;
      prev = this.stmt(c, nodes.length > 1 ? copyScope(scope) : scope, origin, stdin);
      // What a group piped on ran (groupOutput); other elements need nothing kept.
      made = i < nodes.length - 1 && (c.type === 'subshell' || c.type === 'compound_statement') ? this.out.slice(start) : [];
      prevRan = i < nodes.length - 1 ? this.out.slice(start) : [];
      prevText = c.text;
      if (i < nodes.length - 1) piped.push({ from: start, to: this.out.length, after: this.state, line: false });
    });
    // Every element runs at once: the ones before the last, while the rest write.
    for (const r of piped) this.concurrent.push({ ...r, until: this.state });
    return prev;
  }

  private redirected(n: TSNode, scope: Scope, origin: Origin[], inherited?: StdinSource, last?: TSNode): Invocation | undefined {
    const whole = n.childForFieldName('body');
    // `f=$(mktemp) && git diff > "$f"`: tree-sitter hangs the redirect on the whole list, bash gives
    // it to the last command, and reads its words after the commands before it ran. A heredoc after
    // the list is the last command's too (`d=$(mktemp -d) && cat > "$d/x.sh" <<'EOF'`).
    if (!last && whole?.type === 'list') return this.list(whole, scope, origin, inherited, (c) => this.redirected(n, scope, origin, inherited, c));
    const body = last ?? whole;
    const redirects: Redirect[] = [];
    let stdin = inherited;
    const env = this.wordEnv(scope, origin);
    this.cwdForRedirects = scope.cwd;
    const continuations: TSNode[] = [];
    // `rm <<'EOF' -rf data`: tree-sitter puts the words after a heredoc start in the redirect
    // node; bash passes them to the command.
    const hereArgs: TSNode[] = [];
    let overrun: number | undefined;
    for (const r of named(n)) {
      if ((body && r.id === body.id) || (whole && r.id === whole.id)) continue;
      if (overrun !== undefined && r.startIndex >= overrun) continue;
      if (r.type === 'heredoc_redirect') {
        stdin = this.heredoc(r, env, continuations, redirects, hereArgs);
        overrun ??= this.heredocOverrun;
        redirects.push({ op: r.text.startsWith('<<-') ? '<<-' : '<<' });
      } else {
        const before = this.out.length;
        const res = this.redirect(r, env);
        positionalTarget(res.redirect, r, scope);
        if (res.redirect) redirects.push(res.redirect);
        if (res.stdin?.kind === 'file') res.stdin.at = { origin, cwd: scope.cwd };
        const procSub = res.stdin ? procSubStdin(r, res.stdin, this.out.slice(before), (p) => this.systemProgram(p, scope)) : undefined;
        if (procSub && res.stdin?.kind === 'file') res.stdin.procSub = procSub;
        if (res.stdin) stdin = res.stdin;
      }
    }
    let inv: Invocation | undefined;
    const ifsDefault = isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS);
    const extra = hereArgs.flatMap((c) => toWords(evalWord(c, env), c.text, ifsDefault));
    if (hereArgs.length && body?.type !== 'command') this.uncertain.add('words after a heredoc start that no command takes');
    if (!body) inv = this.emit([], [], redirects, stdin, scope, origin, n.text);
    else if (body.type === 'command') inv = this.command(body, scope, origin, [...redirects, ...reopenedFiles(redirects, [], true)], stdin, [...this.dropped(n, body), ...extra]);
    else if (body.type === 'pipeline') {
      inv = this.pipeline(body.namedChildren, scope, origin, stdin);
      // `cat f | sed … > f`: tree-sitter hangs the redirect on the pipeline, bash opens it for the
      // last command (with O_TRUNC, before anything reads f): judged like a group's redirect.
      // Its input is what the pipeline's last command prints (targets/index.ts fetchedFrom reads
      // who made a file the line writes: `heroku config:get … -a acme-prod | sed … > .env`).
      if (redirects.length) this.emit([], [], redirects, inv ? { kind: 'pipe', from: inv.text, producer: inv } : undefined, scope, origin, n.text);
      this.recordRedirects(redirects, inv, scope.cwd);
    } else {
      const before = this.out.length;
      const last = this.stmt(body, scope, origin, stdin);
      if (redirects.length) this.emit([], [], redirects, undefined, scope, origin, n.text);
      // `(echo x > /dev/stdout) >> data/db.sqlite`: inside, `> /dev/stdout` opens again, with
      // O_TRUNC, the file the group's stdout goes to (Linux): that file is overwritten.
      const reopened = reopenedFiles(redirects, this.out.slice(before));
      if (reopened.length) this.emit([], [], reopened, undefined, scope, origin, n.text);
      // `{ echo FLUSHALL; } > /dev/tcp/host/6379`: what the group prints goes over a raw socket,
      // judged as `nc host port` fed that text (what each command prints, when all are plain).
      const sock = redirects.map((r) => (r.op.includes('>') ? /^\/dev\/(?:tcp|udp)\/([^/]+)\/(\d+)$/.exec(r.target?.value ?? '') : null)).find(Boolean);
      if (sock) {
        const ran = this.out.slice(before).filter((i) => i.argv.length > 0 && !i.origin.some((o) => o === '$()'));
        const parts = ran.map((i) => literalOutput(i));
        const text = parts.every((t) => t !== undefined) ? parts.join('') : undefined;
        this.emit([lit('nc'), lit(sock[1]!), lit(sock[2]!)], [], [], { kind: 'pipe', from: n.text, ...(text !== undefined ? { text } : {}) }, scope, [...origin, 'group to a socket'], n.text);
      }
      // `a && echo x > f`, misparsed with the redirect on the list: f gets what echo prints.
      if (body.type === 'list') this.recordRedirects(redirects, last, scope.cwd);
    }
    // tree-sitter puts what follows a heredoc start on the same line inside the redirect node.
    for (const c of continuations) {
      if (c.type === 'pipeline') inv = this.pipeline(c.namedChildren, scope, origin, undefined, inv ? { kind: 'pipe', from: inv.text, text: literalOutput(inv) } : undefined);
      else inv = this.stmt(c, scope, origin);
    }
    return inv;
  }

  /** Words tree-sitter leaves out of the command: in `psql -f - <<'SQL'` its grammar drops the
   *  `-` before `<<` (no error node), so the client would seem to read no stdin. Plain words come
   *  back as they are; anything else there makes the line uncertain. */
  private dropped(n: TSNode, body: TSNode): Word[] {
    const out: Word[] = [];
    let from = body.endIndex;
    for (const c of named(n)) {
      if (c.id === body.id || c.startIndex < from) continue;
      const gap = n.text.slice(from - n.startIndex, c.startIndex - n.startIndex).replace(/\\\n/g, ' ').trim();
      from = c.endIndex;
      if (!gap) continue;
      if (!/^[\w./=:+,@%-]+(\s+[\w./=:+,@%-]+)*$/.test(gap)) this.uncertain.add(`text the parser skipped before a redirection: ${gap}`);
      else out.push(...gap.split(/\s+/).map((w) => ({ value: w, dynamic: false, glob: false, text: w })));
    }
    return out;
  }

  private heredoc(r: TSNode, env: WordEnv, continuations: TSNode[], redirects: Redirect[], args?: TSNode[]): StdinSource {
    let start = '';
    let bodyText = '';
    let bodyNode: TSNode | undefined;
    let end: TSNode | undefined;
    // tree-sitter reads a body whose first line starts with a backslash (`\! cmd`, `\rm -rf x`)
    // as a line continuation: that line comes out as words after the start, the body as empty.
    const nl = r.text.indexOf('\n');
    let misread = false;
    for (const c of named(r)) {
      if (c.type === 'heredoc_start') start = c.text;
      else if (c.type === 'heredoc_body') {
        bodyNode = c;
        bodyText = c.text;
      } else if (c.type === 'heredoc_end') end = c;
      else if (nl >= 0 && c.startIndex - r.startIndex >= nl) misread = true;
      else if (nl >= 0 && c.endIndex - r.startIndex > nl) {
        // `cat <<'EOF' | sh` with such a body: the pipe took the first line as its words. A
        // redirect (`> f.sql`) took it as extra destination words: its target is still the first.
        misread = true;
        const target = c.type === 'file_redirect' ? c.childForFieldName('destination') : null;
        if (target && target.endIndex - r.startIndex <= nl) {
          const res = this.redirect(c, env);
          if (res.redirect) redirects.push(res.redirect);
        } else env.unsure('a heredoc whose first line starts with a backslash, read into the command after it');
      } else if (c.type.endsWith('_redirect')) {
        // `cat <<'EOF' > run.sh`: tree-sitter nests the redirect after the heredoc start here.
        const res = this.redirect(c, env);
        if (res.redirect) redirects.push(res.redirect);
      } else if (args && HEREDOC_ARGS.has(c.type)) args.push(c);
      else continuations.push(c);
    }
    const expands = !/['"\\]/.test(start);
    // tree-sitter ends a heredoc at a line that starts with its word (`EOF < /dev/null`, which a
    // Claude Code wrapper makes of `eval '…EOF' \< /dev/null`); bash only at a line that is the
    // word: the body goes on to such a line or the end of the text, that line and all.
    this.heredocOverrun = undefined;
    const src = r.tree.rootNode.text;
    if (end && !misread && nl >= 0) {
      const lineEnd = src.indexOf('\n', end.endIndex);
      const after = src.slice(end.endIndex, lineEnd < 0 ? src.length : lineEnd);
      // `$(cat <<EOF⏎…⏎EOF)`: bash ends the body with the command substitution's text.
      if (after !== '' && !after.startsWith(')')) {
        const word = start.replace(/['"\\]/g, '');
        const from = r.startIndex + nl + 1;
        let to = src.length;
        for (let at = end.startIndex; at < src.length; ) {
          const e = src.indexOf('\n', at);
          const line = src.slice(at, e < 0 ? src.length : e);
          if ((r.text.startsWith('<<-') ? line.replace(/^\t+/, '') : line) === word) {
            to = at;
            break;
          }
          if (e < 0) break;
          at = e + 1;
        }
        bodyText = src.slice(from, to);
        if (!bodyText.endsWith('\n')) bodyText += '\n';
        bodyNode = undefined;
        this.heredocOverrun = end.startIndex;
        if (expands && /[$`]/.test(bodyText)) env.unsure('expansions in a heredoc that runs on past the line tree-sitter ended it at');
      }
    }
    if (misread) {
      // The body as bash reads it: the lines between the start's line and the end word.
      bodyText = r.text.slice(nl + 1, end ? end.startIndex - r.startIndex : undefined);
      bodyNode = undefined;
      if (expands && /[$`]/.test(bodyText)) env.unsure('expansions in a heredoc the parser misread');
    }
    if (r.text.startsWith('<<-')) bodyText = bodyText.replace(/^\t+/gm, '');
    if (expands && bodyNode) {
      // Expansions in an unquoted heredoc run when the heredoc is read.
      if (bodyText.includes('`')) env.unsure('backtick inside a heredoc');
      let found = 0;
      descend(bodyNode, { ...env, nested: (n, k) => { found++; env.nested(n, k); } });
      if (bodyText.includes('$(') && !found) env.unsure('command substitution in a heredoc the parser did not read');
    }
    // What the reader gets from an unquoted heredoc: `\$`, `\``, `\\` lose their backslash and
    // `\`+newline joins lines (bash(1) Here Documents). `cat <<EOF > x.sh` writes `$HOME`, not `\$HOME`.
    if (expands) bodyText = bodyText.replace(/\\([$`\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
    // The body's parameter expansions are this shell's (`a=rm; bash <<EOF⏎$a -rf data⏎EOF`: the
    // shell reading it gets `rm -rf data`, whether or not it could see $a): put in the values
    // known here; what isn't known (and command substitutions, walked above) stays as written.
    if (expands && bodyNode && !misread && bodyNode.text.includes('$')) {
      const x = this.expandBody(bodyNode, env, r.text.startsWith('<<-'));
      if (x !== undefined) bodyText = r.text.startsWith('<<-') ? x.replace(/^\t+/gm, '') : x;
    }
    // Those whose value only the run knows stay as written: a shell reading the body gets that
    // value, not its own unset variable (`a=$(cat f); bash <<EOF⏎$a⏎EOF` runs what f holds).
    const runtime = expands && bodyText.includes('$') ? [...new Set([...bodyText.matchAll(/(?<!\\)\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*))/g)].map((m) => (m[1] ?? m[2])!))].filter((n) => env.lookup(n) === null) : [];
    return { kind: 'heredoc', text: bodyText, expands, ...(runtime.length ? { runtime } : {}) };
  }

  /** An unquoted heredoc's body with the parameter expansions whose value is known put in. */
  private expandBody(body: TSNode, env: WordEnv, tabs: boolean): string | undefined {
    const unesc = (t: string): string => t.replace(/\\([$`\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
    let out = '';
    let pos = body.startIndex;
    let changed = false;
    // tree-sitter misreads a `<<-` body whose first line starts with a tab (no expansion nodes,
    // or only from some point on): its plain `$name` and `${name}` with a value known here are
    // put in from the text.
    if (tabs || !named(body).length) {
      const x = body.text.replace(/(\\*)\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})/g, (m, bs: string, a?: string, b?: string) => {
        if (bs.length % 2) return m;
        const v = env.lookup((a ?? b)!);
        if (typeof v !== 'string') return m;
        changed = true;
        return bs + v;
      });
      return changed ? unesc(x) : undefined;
    }
    for (const c of named(body)) {
      if (c.startIndex < pos) return undefined;
      out += unesc(body.text.slice(pos - body.startIndex, c.startIndex - body.startIndex));
      pos = c.endIndex;
      if (c.type === 'heredoc_content') { out += unesc(c.text); continue; }
      const lead = /^\s*/.exec(c.text)![0];
      // Command substitutions (also inside ${x:-...}) were walked with the body: not again.
      if ((c.type !== 'simple_expansion' && c.type !== 'expansion') || /\$\(|`/.test(c.text)) { out += c.text; continue; }
      const segs = evalWord(c, env, true);
      // Unset ones too stay as written: what reads the body decides (a shell: empty; cat: unknown).
      if (segs.some((x) => x.dyn || x.unset)) { out += c.text; continue; }
      out += lead + segs.map((x) => x.s).join('');
      changed = true;
    }
    out += unesc(body.text.slice(pos - body.startIndex));
    return changed ? out : undefined;
  }

  private redirect(r: TSNode, env: WordEnv): { redirect?: Redirect; stdin?: StdinSource } {
    if (r.type === 'herestring_redirect') {
      const target = named(r)[0];
      const segs = target ? evalWord(target, env) : [];
      return { redirect: { op: '<<<' }, stdin: { kind: 'herestring', text: segs.map((s) => s.s).join(''), dynamic: segs.some((s) => s.dyn) } };
    }
    if (r.type !== 'file_redirect') {
      descend(r, env);
      return {};
    }
    const fdNode = r.childForFieldName('descriptor');
    const dest = r.childrenForFieldName('destination').filter((d): d is TSNode => !!d);
    let op = '>';
    for (const c of r.children) if (c && !c.isNamed) op = c.type;
    // `> $A/etc/$B/x`: tree-sitter's two destinations are one word (splitAtDollar).
    const joined = dest.length >= 2 && dest[0]!.endIndex === dest[1]!.startIndex ? splitAtDollar(evalWord(dest[0]!, env), evalWord(dest[1]!, env), dest[1]!.text, env) : undefined;
    const words = joined ? [...toWords(joined, dest[0]!.text + dest[1]!.text, true), ...dest.slice(2).flatMap((d) => toWords(evalWord(d, env), d.text, true))] : dest.flatMap((d) => toWords(evalWord(d, env), d.text, true));
    const redirect: Redirect = { op, target: words[0] ?? (dest[0] ? { value: dest[0].text, dynamic: true, glob: false, text: dest[0].text } : undefined) };
    if (fdNode) redirect.fd = Number(fdNode.text);
    if ((op === '<' || op === '<>') && redirect.target && (redirect.fd === undefined || redirect.fd === 0)) return { redirect, stdin: { kind: 'file', path: redirect.target } };
    return { redirect };
  }

  // ---- simple commands ----

  private command(n: TSNode, scope: Scope, origin: Origin[], extraRedirects: Redirect[], stdin?: StdinSource, trailing: Word[] = []): Invocation | undefined {
    const whole = n.text;
    // `time ( … )`: bash's reserved word times the subshell; tree-sitter reads a command named time.
    if (whole.startsWith('time') && !extraRedirects.length && !trailing.length) {
      const kids = n.namedChildren;
      if (kids.length === 2 && kids[0]?.type === 'command_name' && kids[0].text === 'time' && kids[1]?.type === 'subshell') return this.stmt(kids[1], scope, origin, stdin);
    }
    if (/\(\(|\[|\$\{!|-(eq|ne|lt|le|gt|ge)\b|^\s*let\s|:\s*\$?\w|printf|\bread\b|\btest\b/.test(whole)) this.arith(n, scope, origin);
    const env = this.wordEnv(scope, origin);
    this.cwdForRedirects = scope.cwd;
    const prefix = new Map<string, string | null | undefined>();
    const assignments: Assignment[] = [];
    const argv: Word[] = [];
    const redirects = [...extraRedirects];
    let sawName = false;
    // find, when "$1" is a path find selected: the rules read its name filters.
    let via: Invocation | undefined;
    let hereFd: number | undefined;
    const ifsDefault = isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS);
    // One `children` call and one field lookup: per-index accessors cross into wasm each time.
    const nameId = n.childForFieldName('name')?.id;
    // The last plain argument: where its words start in argv, its segments, where it ends.
    let lastArg: { at: number; segs: Seg[]; end: number; text: string } | undefined;
    // A command name that is really the end of the assignment before it (splitAtDollar).
    let gluedId: number | undefined;
    for (const c of n.children) {
      if (!c || !c.isNamed || c.id === gluedId) continue;
      const field = c.id === nameId ? 'name' : undefined;
      const type = c.type;
      const text = c.text;
      if (type === 'variable_assignment' && !sawName) {
        const nx = c.nextNamedSibling;
        const glued = nx && nx.type === 'command_name' && nx.startIndex === c.endIndex && c.text.endsWith('$') && /^[A-Za-z_]/.test(nx.text) ? nx : undefined;
        if (glued) gluedId = glued.id;
        const a = this.assign(c, scope, prefix, glued);
        if (a) assignments.push(a);
      } else if (type === 'command_name' || field === 'name') {
        sawName = true;
        const inner = type === 'command_name' ? (c.namedChildren[0] ?? c) : c;
        const all = allArgs(inner.text, scope);
        if (all) {
          argv.push(...all.words);
          via ??= all.via;
        }
        else argv.push(...toWords(evalWord(inner, env), inner.text, ifsDefault));
      } else if (type === 'number' && c.nextSibling?.type === 'herestring_redirect' && c.endIndex === c.nextSibling.startIndex) {
        // `sh 0<<<'cmd'`: tree-sitter reads the descriptor of a here-string as an argument.
        hereFd = Number(text);
      } else if (type.endsWith('_redirect')) {
        if (type === 'heredoc_redirect') {
          const rest: TSNode[] = [];
          const args: TSNode[] = [];
          stdin = this.heredoc(c, env, rest, redirects, args);
          for (const a of args) argv.push(...toWords(evalWord(a, env), a.text, ifsDefault));
          if (rest.length) this.uncertain.add('text after a heredoc start inside a command');
          continue;
        }
        const res = this.redirect(c, env);
        if (res.stdin?.kind === 'file') res.stdin.at = { origin, cwd: scope.cwd };
        if (res.redirect && hereFd !== undefined && type === 'herestring_redirect') res.redirect.fd = hereFd;
        via ??= positionalTarget(res.redirect, c, scope);
        if (res.redirect) redirects.push(res.redirect);
        if (res.stdin && !(type === 'herestring_redirect' && hereFd !== undefined && hereFd !== 0)) stdin = res.stdin;
        hereFd = undefined;
      } else if (type === 'comment') {
        continue;
      } else if (allArgs(text, scope)) {
        const all = allArgs(text, scope)!;
        argv.push(...all.words);
        via ??= all.via;
      } else if (argv.length && text.includes('tempfile.gettempdir') && this.tempdirWord(c, text, scope, env)) {
        evalWord(c.type === 'concatenation' ? c.child(0)! : c, env); // python itself still runs
        argv.push(this.tempdirWord(c, text, scope, env)!);
      } else if (argv.length && /^"?\$\(\s*(pip3?|python3? -m pip|npm|go|yarn) /.test(text) && this.cacheWord(text, scope)) {
        argv.push(this.cacheWord(text, scope)!);
      } else if (argv.length && FRESH_TAKERS.has(path.basename(argv[0]!.value)) && !argv[0]!.dynamic && (c.type === 'string' || c.type === 'command_substitution') && text.includes('mktemp') && this.mktempValue(text, scope) !== undefined) {
        // `rm -rf -- "$(mktemp -d)"`: a name nothing had before, as in `d=$(mktemp -d)`; if mktemp
        // fails the word is empty (`rm -rf ""` removes nothing, `cd ""` stays: see cd).
        evalWord(c, env); // mktemp itself still runs
        argv.push({ value: this.mktempValue(text, scope)!, dynamic: false, glob: false, text, fresh: true });
      } else {
        const segs = evalWord(c, env);
        const joined = lastArg && lastArg.end === c.startIndex ? splitAtDollar(lastArg.segs, segs, text, env) : undefined;
        if (lastArg && joined) {
          // tree-sitter-bash splits `$A/b/$B/c` into `$A/b/$` and `B/c`: one word in bash.
          argv.length = lastArg.at;
          argv.push(...toWords(joined, lastArg.text + text, ifsDefault));
          lastArg = { at: lastArg.at, segs: joined, end: c.endIndex, text: lastArg.text + text };
          continue;
        }
        lastArg = { at: argv.length, segs, end: c.endIndex, text };
        argv.push(...toWords(segs, text, ifsDefault));
      }
    }
    argv.push(...trailing);
    if (argv.length === 0) {
      // `X=1` alone sets a shell variable for the rest of the line.
      for (const [k, v] of prefix) scope.vars.set(k, v);
      if (redirects.length) return this.emit([], assignments, redirects, stdin, scope, origin, n.text);
      return undefined;
    }
    return this.emit(argv, assignments, redirects, stdin, scope, origin, n.text, false, via);
  }

  private assign(n: TSNode, scope: Scope, into: Vars | Map<string, string | null | undefined>, glued?: TSNode): Assignment | undefined {
    const nameNode = n.childForFieldName('name');
    const valueNode = n.childForFieldName('value');
    if (!nameNode) return undefined;
    const name = nameNode.text;
    const env = this.wordEnv(scope, []);
    if (into === scope.vars && scope.allexport) scope.exported.add(name.replace(/\[.*$/, ''));
    if (nameNode.type !== 'variable_name') {
      // x[1]=... : array element; the variable as a whole becomes unknown.
      descend(n, env);
      // BASH_CMDS[name]=path is `hash -p path name`.
      const cmd = /^BASH_CMDS\[['"]?([^'"\]]+)['"]?\]$/.exec(name);
      if (cmd) this.hashed.set(cmd[1]!, valueNode && !/[$`]/.test(valueNode.text) ? evalWord(valueNode, env).map((x) => x.s).join('') : null);
      // BASH_ALIASES[name]=text is `alias name=text`.
      const al = /^BASH_ALIASES\[['"]?([^'"\]]*)['"]?\]$/.exec(name);
      if (al) this.aliases.set(/[$`]/.test(al[1]!) ? '' : al[1]!, valueNode && !/[$`]/.test(valueNode.text) ? evalWord(valueNode, env).map((x) => x.s).join('') : null);
      into.set(name.replace(/\[.*$/, ''), null);
      return undefined;
    }
    if (!valueNode) {
      into.set(name, '');
      return { name, value: { value: '', dynamic: false, glob: false, text: '' } };
    }
    if (valueNode.type === 'array') {
      descend(valueNode, env);
      // `a=(build dist)`: plain words only (no expansion, glob or [i]= key), few of them.
      // A pattern item (`a=(data/*.db)`) is the names it matches on disk now, as bash expands
      // it; one that matches nothing stays unknown.
      // A double-quoted item with an expansion (`"Authorization: Bearer $T"`) is one word known
      // in part: kept as a dynamic item, so `curl "${a[@]}"` still shows `-X DELETE` and the URL.
      const dyn: Array<Word | undefined> = [];
      // `declare -A m=([gh]="secret delete" [glab]=x)` (rt27b): every item `[KEY]=VALUE` with a
      // plain key and a value known in full: `${m[gh]}` reads it.
      // Only an associative array (declare/typeset/local -A): in an indexed one the key is
      // arithmetic (`a=([x]=v)` is a[0], and so is `${a[y]}`).
      const assoc = n.parent?.type === 'declaration_command' && n.parent.children.some((c) => c?.type === 'word' && /^-[a-zA-Z]*A/.test(c.text));
      const keyed = assoc ? this.keyedItems(valueNode, env) : undefined;
      if (keyed && into === scope.vars && !n.text.slice(nameNode.text.length).startsWith('+=')) {
        const vals = [...keyed.values()];
        into.set(name, keyed.get('0') ?? '');
        (scope.arrays ??= new Map()).set(name, { stamp: stampOf(scope, name), items: vals, keys: keyed });
        return undefined;
      }
      const items = named(valueNode).flatMap((x) => {
        if (plainWord(x) !== undefined) { dyn.push(undefined); return [plainWord(x)]; }
        if (x.type === 'string') {
          // The word the item is, as it would be an argument (a quoted word is never split).
          const ws = toWords(evalWord(x, env), x.text, true);
          if (ws.length !== 1) return [undefined];
          const w = ws[0]!;
          // A variable the line didn't set may hold anything when it runs.
          dyn.push(w.dynamic || w.unset !== undefined ? w : undefined);
          return [w.value];
        }
        const g = this.globValues(x, scope.cwd);
        if (g && !(g.length === 1 && g[0] === x.text)) { for (const _ of g) dyn.push(undefined); return g; }
        // A pattern not read from disk (`packages/*/dist`, or one that matches nothing now): the
        // names it matches when the line runs, kept as that pattern (as the same glob written as
        // an argument is), not as anything at all.
        if (x.type === 'word' && /^[\w.\/@%+,:-]*[*?][\w.\/@%+,:*?-]*$/.test(x.text) && !x.text.split('/').includes('..')) {
          dyn.push({ value: x.text, dynamic: false, glob: true, text: x.text });
          return [x.text];
        }
        return [undefined];
      });
      const append = n.text.slice(nameNode.text.length).startsWith('+=');
      const before = append ? this.arrayItems(scope, name) : [];
      if (into === scope.vars && before && items.length <= 64 && items.every((x): x is string => x !== undefined)) {
        const all = [...before, ...items];
        const partly = dyn.some((d) => d !== undefined);
        // `$a` is its first item.
        into.set(name, partly && dyn[0] ? null : all[0] ?? '');
        (scope.arrays ??= new Map()).set(name, { stamp: stampOf(scope, name), items: all, ...(partly ? { dyn: [...before.map(() => undefined), ...dyn] } : {}) });
      } else into.set(name, null);
      return undefined;
    }
    // Escapes and quotes are removed; no splitting or globbing happens in an assignment.
    let segs = evalWord(valueNode, env);
    // `X=$A/$B.log`: the end of the value that tree-sitter read as a command name (splitAtDollar).
    if (glued) segs = splitAtDollar(segs, evalWord(glued.namedChildren[0] ?? glued, env), glued.text, env) ?? segs;
    let fresh = this.mktempValue(valueNode.text, scope);
    // `wt=$(mktemp -d)/pr-123 && git worktree add "$wt" ...`: a literal path under the fresh name is
    // fresh too (rt25fp1). Only when mktemp's failure stops the line: a failed one would leave the
    // bare suffix, an absolute path (`/pr-123`) nothing made.
    const stops = failureStops(n) || errexit(n);
    // `d=$(mktemp -d) && …; cd "$d"; rm -rf ./*`: the failure skips the `&&` chain, but a cd after
    // `;` still runs and fails (`cd ""` stays here): judged as though nothing stopped it (rt25fp1).
    const cdLater = !errexit(n) && cdsUnchecked(n, name);
    if (fresh === undefined && stops && !cdLater) {
      const m = FRESH_SUFFIX.exec(valueNode.text);
      const under = m && this.mktempValue(m[1]!, scope);
      if (m && under && !m[2]!.split('/').some((c) => c === '.' || c === '..') && !climbsFrom(n, name)) fresh = under + m[2]!.replace(/\/+$/, '');
    }
    // A failed mktemp leaves the variable empty: `d=$(mktemp -d); rm -rf "$d"/*` is `rm -rf /*`,
    // `d=$(mktemp -d); cd "$d"; rm -rf ./*` stays here. Unless the failure stops what follows
    // (`&&`, `|| exit`, an if condition, set -e), a line that deletes under the name is judged
    // with the name empty (see emptyMatters), and after `cd "$d"` the directory is unknown.
    if (fresh !== undefined && (!stops || cdLater)) {
      this.maybeEmpty.add(name);
      fresh = emptyMatters(n, name, fresh, !scope.anyVar);
    }
    if (fresh !== undefined) {
      into.set(name, fresh);
      return { name, value: { value: fresh, dynamic: false, glob: false, text: valueNode.text } };
    }
    const dyn = segs.some((s) => s.dyn);
    const value = segs.map((s) => s.s).join('');
    const append = n.text.slice(nameNode.text.length).startsWith('+=');
    const old = append ? (into.get(name) ?? this.lookup(scope, name)) : '';
    const full = old === null ? null : (old ?? '') + value;
    into.set(name, dyn || full === null ? null : full);
    if (into === scope.vars) this.setShape(scope, name, dyn || full === null ? (!append && /^"?\$\{?!\}?"?$/.test(valueNode.text) ? { bg: true } : this.valueShape(valueNode, scope, append ? name : undefined)) : undefined);
    if (!dyn && /^PS[0-4]$/.test(name) && /\$\(|`/.test(value)) this.promptString(name, value, scope);
    // An interactive shell runs PROMPT_COMMAND before each prompt.
    if (!dyn && name === 'PROMPT_COMMAND' && into === scope.vars) this.code(value, copyScope(scope), ['$PROMPT_COMMAND']);
    return { name, value: { value, dynamic: dyn, glob: false, text: valueNode.text } };
  }

  /** The items of an array set on the line, while it still holds them; [] for a variable never
   *  set (bash's empty array); undefined when unknown. */
  /** The items of an array literal written as `[KEY]=VALUE` each (a key of letters, digits, `_`,
   *  `.`, `-`; the value plain text or a quoted string with nothing only known at run time). */
  private keyedItems(valueNode: TSNode, env: WordEnv): Map<string, string> | undefined {
    const items = named(valueNode);
    if (!items.length || items.length > 64) return undefined;
    const out = new Map<string, string>();
    for (const x of items) {
      const k = x.children.filter((c): c is TSNode => !!c);
      if (x.type !== 'concatenation' || k.length < 4 || k[0]!.text !== '[' || k[2]!.text !== ']' || !/^[\w.-]+$/.test(k[1]!.text) || !k[3]!.text.startsWith('=')) return undefined;
      if (k.slice(3).some((c) => c.type !== 'word' && c.type !== 'string' && c.type !== 'raw_string')) return undefined;
      const segs = k.slice(3).flatMap((c) => evalWord(c, env, true));
      if (segs.some((s) => s.dyn)) return undefined;
      out.set(k[1]!.text, segs.map((s) => s.s).join('').slice(1));
    }
    return out;
  }

  private arrayItems(scope: Scope, name: string): string[] | undefined {
    const a = scope.arrays?.get(name);
    if (a && a.stamp === stampOf(scope, name)) return a.dyn ? undefined : a.items;
    if (!scope.vars.has(name) && !scope.anyVar && this.ctx.envComplete && this.ctx.env[name] === undefined) return [];
    return undefined;
  }

  /** `export() { rm -rf data; }; export x=1`: bash calls a function named like export, declare,
   *  local, readonly, typeset or unset instead of the builtin; tree-sitter reads the call as a
   *  declaration, so it is walked here as the command it is. */
  private shadowedBuiltin(n: TSNode, scope: Scope, origin: Origin[], stdin?: StdinSource): Invocation | undefined {
    const env = this.wordEnv(scope, origin);
    const ifsDefault = isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS);
    const argv: Word[] = [lit(n.child(0)!.text)];
    for (const c of named(n)) argv.push(...toWords(evalWord(c, env), c.text, ifsDefault));
    return this.emit(argv, [], [], stdin, scope, origin, n.text);
  }

  private declaration(n: TSNode, scope: Scope, origin: Origin[]): void {
    const env = this.wordEnv(scope, origin);
    if (/^(declare|typeset|local)\b/.test(n.text) && origin.length === 0 && named(n).some((c) => c.type === 'word' && /^-[a-zA-Z]*A/.test(c.text))) {
      for (const c of named(n)) if (c.type === 'variable_name') this.assoc.add(c.text);
    }
    // declare -n / local -n make a name refer to another variable: both unknown, and a later
    // write to the name is a write to the other (Vars.setRef).
    const nameref = named(n).some((c) => c.type === 'word' && /^-[a-zA-Z]*n/.test(c.text));
    const exports = n.text.startsWith('export') || named(n).some((c) => c.type === 'word' && /^-[a-zA-Z]*x/.test(c.text));
    for (const c of named(n)) {
      if (c.type === 'variable_assignment' && nameref) {
        const nm = c.childForFieldName('name')?.text;
        const target = c.childForFieldName('value');
        if (nm) scope.vars.setRef(nm, target && /^[A-Za-z_]\w*$/.test(target.text) ? target.text : null);
      } else if (c.type === 'variable_assignment') {
        this.assign(c, scope, scope.vars);
        const nm = c.childForFieldName('name')?.text;
        if (exports && nm) scope.exported.add(nm);
      } else if (c.type === 'variable_name' || c.type === 'word') {
        if (exports && !c.text.startsWith('-')) scope.exported.add(c.text);
        // `declare -n r`: its first assignment names the target.
        if (nameref && /^[A-Za-z_]\w*$/.test(c.text)) scope.vars.setRef(c.text, null);
        if (!c.text.startsWith('-') && !scope.vars.has(c.text)) continue;
      } else {
        const segs = evalWord(c, env);
        // `export $(cat .env | xargs)`: names and values come from the command's output.
        if (segs.some((x) => x.dyn)) this.declareFromOutput(c.text, scope, exports);
        else {
          // `declare "T=data"`: a quoted word is still an assignment to the builtin.
          const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(segs.map((x) => x.s).join(''));
          if (m && !nameref) scope.vars.set(m[1]!, m[2]!);
          else if (m) scope.vars.setRef(m[1]!, /^[A-Za-z_]\w*$/.test(m[2]!) ? m[2]! : null);
          if (m && exports) scope.exported.add(m[1]!);
        }
      }
    }
  }

  /** `export $(cat .env | xargs)` and friends: the file's assignments when the output is just a
   *  readable env file; otherwise any variable may now hold anything. */
  private declareFromOutput(text: string, scope: Scope, exports: boolean): void {
    const f = envFileOfSubst(text);
    const abs = f === undefined ? undefined : resolveDir(scope.cwd, f, this.home());
    this.applyEnvFile(abs, scope, exports, `\`${text.slice(0, 60)}\``);
  }

  /** Apply a dotenv file's assignments to the scope, or make every variable unknown. */
  private applyEnvFile(abs: string | undefined, scope: Scope, exports: boolean, how: string): void {
    const text = abs === undefined ? null : this.fileText(abs);
    const vars = text === null ? undefined : dotenvAssignments(text);
    if (!vars) {
      scope.anyVar = `${how} sets variables the parser can't read`;
      return;
    }
    for (const [k, v] of vars) {
      scope.vars.set(k, v);
      if (exports) scope.exported.add(k);
    }
  }

  /** A file's text as the line left it: what it wrote, else what is on disk; null if unknown. */
  private fileText(abs: string, asShell = false): string | null {
    const w = writtenContent(this.state, abs);
    if (w !== undefined) return w;
    return readScript(abs, asShell) ?? null;
  }

  /** Record an invocation and follow it into whatever it runs. */
  private emit(argv: Word[], assignments: Assignment[], redirects: Redirect[], stdin: StdinSource | undefined, scope: Scope, origin: Origin[], text: string, moreArgs = false, via?: Invocation): Invocation | undefined {
    if (this.out.length >= this.limits.maxInvocations) {
      this.uncertain.add('too many commands in one line');
      return undefined;
    }
    // After `cd "$d"` of a mktemp that may have failed (Scope.alt): judged where the shell was, too.
    if (scope.alt && scope.alt.at === scope.cwd && !this.inAlt && !/^(cd|pushd|popd)$/.test(argv[0]?.value ?? '')) {
      const b = copyScope(scope);
      b.cwd = scope.alt.cwd;
      delete b.alt;
      this.inAlt = true;
      try {
        this.emit(argv, assignments, redirects, stdin, b, [...origin, 'if mktemp failed'], text, moreArgs, via);
      } finally {
        this.inAlt = false;
      }
    }
    const view = this.viewOf(scope, assignments);
    const inv: Invocation = { argv, name: '', assignments, redirects, origin: origin.length ? origin : ['top'], cwd: scope.cwd, vars: view.vars, text };
    if (stdin) inv.stdin = stdin;
    else if (!redirects.some((r) => r.op.includes('<')) && inv.origin.every(ownInput)) inv.callerInput = true;
    if (moreArgs) inv.moreArgs = true;
    if (via) inv.via = via;
    if (view.unknown) inv.unknownVars = view.unknown as string[];
    if (this.state) inv.written = this.state;
    this.out.push(inv);
    try {
      return this.emitInner(inv, scope, origin);
    } finally {
      // A `cat` that may be a function or another program writes what countersign can't know.
      if (inv.name === 'cat' && !this.systemProgram('cat', scope)) this.recordWrites(inv, () => undefined, false);
      // A call of a function the line defined: its body's commands recorded their own writes;
      // only its redirects are its own (rt25k1: `log "created $f"` was a writer of anything).
      else if (this.fnCalls.has(inv)) this.recordWrites({ ...inv, argv: [], name: '' }, () => undefined);
      else this.recordWrites(inv, undefined, true, /^g?tar$/.test(inv.name) ? () => this.archiveSource(inv, scope) : undefined);
    }
  }

  /** `git archive REV | tar -x -C "$d"`: the repository and revision the stream holds, when the
   *  producer is the system's `git archive [--format=tar] REV` run in the repository's top with no
   *  variable naming another repository, config or attributes, and nothing earlier on the line
   *  may have moved a ref, made a commit or changed .git or git's settings (only the quiet
   *  commands below ran before, and the line wrote nothing but mktemp's and mkdir's). */
  private archiveSource(inv: Invocation, scope: Scope): { top: string; rev: string; conf: string[] } | undefined {
    const s = inv.stdin;
    if (s?.kind !== 'pipe' || !s.producer || s.stderr || (s.ran && s.ran.length !== 1)) return undefined;
    const p = s.producer;
    if (p.name !== 'git' || this.fnCalls.has(p) || p.opaque || p.redirects.length || p.cwd === undefined || !this.systemProgram('git', scope) || !this.systemProgram(inv.name, scope)) return undefined;
    const a = p.argv.slice(1);
    if (a.some((w) => w.dynamic || w.glob) || a[0]?.value !== 'archive') return undefined;
    const rest = a.slice(1).map((w) => w.value).filter((v) => v !== '--format=tar');
    if (rest.length !== 1 || rest[0]!.startsWith('-') || repoTop(p.cwd) !== p.cwd) return undefined;
    if (p.unknownVars?.some((v) => v === '*' || /^(GIT_|HOME$|XDG_CONFIG_HOME$)/.test(v)) || Object.keys(p.vars).some((k) => /^GIT_(DIR|WORK_TREE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|CONFIG\w*|ATTR_\w*|REPLACE_REF_BASE|NAMESPACE|COMMON_DIR|NO_REPLACE_OBJECTS)$/.test(k))) return undefined;
    for (const x of this.out) {
      if (x === p || x === inv) break;
      if (x.origin.some((o) => String(o).includes('trap'))) continue;
      if (x.opaque || !(ARCHIVE_QUIET.has(x.name) || (x.name === 'git' && GIT_LOOKS.has(x.argv[1]?.value ?? '') && !x.argv.some((w) => w.dynamic)))) return undefined;
    }
    const w = this.state;
    const dotGit = path.join(p.cwd, '.git');
    if (w && (w.links?.size || [...w.files.keys()].some((k) => k === dotGit || k.startsWith(dotGit + '/')) || w.texts.some((t) => !/^(mktemp|mkdir)(\s|$)/.test(t)))) return undefined;
    const home = p.vars.HOME ?? this.home();
    const xdg = p.vars.XDG_CONFIG_HOME ?? (home ? path.join(home, '.config') : undefined);
    const conf = [...(home ? [`c:${path.join(home, '.gitconfig')}`] : []), ...(xdg ? [`c:${path.join(xdg, 'git', 'config')}`, `a:${path.join(xdg, 'git', 'attributes')}`] : [])];
    if (!home) return undefined;
    return { top: p.cwd, rev: rest[0]!, conf };
  }

  private emitInner(inv: Invocation, scope: Scope, origin: Origin[]): Invocation {
    const argv = inv.argv;
    let first = argv[0];
    if (!first) return inv;
    const looked = first.dynamic && !first.glob ? lookedUp(first.text) : undefined;
    if (looked) first = argv[0] = { ...first, value: looked, dynamic: false };
    // `exec "$SHELL" -l`: the login shell, which login sets (unset in a complete environment where
    // nothing on the line sets it): read as bash, so its options and startup files are judged.
    else if (first.dynamic && /^"?\$(SHELL|\{SHELL\})"?$/.test(first.text) && this.ctx.env.SHELL === undefined && !scope.vars.has('SHELL') && !scope.anyVar && !inv.assignments.some((a) => a.name === 'SHELL') && !inv.unknownVars?.length) first = argv[0] = { ...first, value: 'bash', dynamic: false };
    if (first.dynamic || first.glob) {
      inv.opaque = 'the program name is only known at run time';
      return inv;
    }
    let name = first.value;
    if (this.ctx.dialect === 'zsh' && name.startsWith('=')) {
      // zsh's `=cmd` expands to the program's path.
      name = name.slice(1);
      argv[0] = { ...first, value: name };
    }
    if (RESERVED.has(name) && !first.text.match(/['"\\]/)) this.uncertain.add(`the reserved word ${JSON.stringify(name)} where a command was expected`);
    // `countersign` made to run something else by the line (a function, an alias, `hash -p`):
    // written into a startup file (later.ts), it is what the person's next `countersign
    // approver` runs, the prompt they type the passphrase into. Like one ahead on PATH.
    if (name === 'countersign' && (scope.funcs.has(name) || this.aliases.has(name) || this.hashed.has(name) || this.ctx.env[`BASH_FUNC_${name}%%`] !== undefined)) {
      inv.opaque = 'countersign is redefined (a function, an alias or `hash -p`): it would run in place of the real one';
      inv.opaqueAlways = true;
      return inv;
    }
    if (this.hashed.size && this.hashed.has(name) && !name.includes('/')) {
      const to = this.hashed.get(name);
      if (to === null || to === undefined) {
        inv.opaque = `\`hash -p\` made ${name} run a program only known at run time`;
        return inv;
      }
      name = to;
      argv[0] = { ...first, value: to };
    }
    inv.name = /^\/proc\/(self|thread-self)\/exe$/.test(name) ? 'bash' : (CAPITAL_NAMES[path.basename(name)] ?? path.basename(name).toLowerCase());
    inv.name = shellVariant(inv.name) ?? inv.name;
    // rustup's proxies (cargo, rustc...) take `+TOOLCHAIN` first and pass the rest on unchanged.
    if (/^(cargo|rustc|rustdoc|rustfmt|cargo-clippy|clippy-driver)$/.test(inv.name) && argv[1] && !argv[1].dynamic && /^\+\S+$/.test(argv[1].value)) argv.splice(1, 1);
    // TypeScript runners run files as node does (`tsx wipe.ts`), as `npx tsx` is read already.
    if (PACKAGE_BINS[inv.name] === 'node' && (!name.includes('/') || NODE_BIN_PATH.test(name))) {
      // `tsx watch FILE` runs FILE (again on each change).
      const rest = inv.name === 'tsx' && argv[1]?.value === 'watch' ? argv.slice(2) : argv.slice(1);
      inv.name = 'node';
      inv.argv = [{ ...argv[0]!, value: 'node' }, ...rest];
    }
    if (this.aliases.size && this.expandAlias(inv, name, scope, origin)) return inv;
    // rimraf (v3 always, v4+ with --glob) and del-cli expand patterns themselves: a quoted
    // `'**/*.sqlite'` reaches data/ like an unquoted one.
    if (SELF_GLOBBING.has(inv.name)) inv.argv = argv.map((w, k) => (k && !w.dynamic && !w.glob && /[*?[{]/.test(w.value) ? { ...w, glob: true } : w));
    this.follow(inv, scope, origin);
    return inv;
  }

  /** `export GIT_SSH_COMMAND='rm -rf data; ssh'; git fetch`, `export PAGER=...; git log`: a
   *  variable whose value is a command (COMMAND_VARS), set earlier on the line and seen by the
   *  programs it starts, is code a later program may run, as the same `X=... git log` prefix is
   *  (embeddedCode). Judged once per value, at the first program (not a builtin) that sees it. */
  private exportedCommandVars(inv: Invocation, scope: Scope): Embedded[] {
    if (!scope.vars.size || SHELL_BUILTINS.has(inv.name) || scope.funcs.has(inv.argv[0]?.value ?? '')) return [];
    const out: Embedded[] = [];
    for (const k of scope.vars.keys()) {
      if (!COMMAND_VARS.has(k) || inv.assignments.some((a) => a.name === k) || !this.visible(scope, k)) continue;
      const v = scope.vars.get(k);
      if (v === undefined || v === '') continue;
      const key = `${k}\0${v ?? '\0'}`;
      if (this.commandVarsJudged.has(key)) continue;
      this.commandVarsJudged.add(key);
      out.push({ code: v ?? undefined, how: `$${k} (exported)` });
    }
    return out;
  }

  private readonly commandVarsJudged = new Set<string>();

  private follow(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const { argv, name } = inv;
    this.importedFunctions(inv, scope, origin);
    const shell = this.lineShell(inv);
    for (const e of [...embeddedCode(inv), ...this.exportedCommandVars(inv, scope)]) {
      if (e.code === undefined) inv.opaque = `${e.how} runs code only known at run time`;
      else if (shell) this.emit([lit(shell), lit('-c'), lit(e.code)], [], [], undefined, copyScope(scope), [...origin, `${e.how} ($SHELL)`], inv.text);
      else this.code(e.code, copyScope(scope), [...origin, e.how]);
    }
    const fn = scope.funcs.get(argv[0]!.value);
    if (fn) {
      this.fnCalls.add(inv);
      const o = [...origin, `function ${argv[0]!.value}`];
      // Recursion is walked once. Keyed on the body, not the name: a function may redefine itself.
      if (this.activeFuncs.has(fn.id)) return;
      this.activeFuncs.add(fn.id);
      const callScope = copyScope(scope);
      setPositionalWords(callScope, scope.vars.get('0') ?? null, argv.slice(1));
      try {
        this.stmt(fn, callScope, o);
      } finally {
        this.activeFuncs.delete(fn.id);
      }
      mergeBranch(scope, callScope);
      return;
    }
    this.runtime(inv, scope, origin);
    // `python3`, `node`, `irb`: a REPL reads code from the line's input, like a shell with no command.
    if (!inv.stdin && !inv.redirects.some((r) => r.op.includes('<')) && interpreterRepl(inv)) {
      if (inv.origin.every(ownInput)) inv.readsInput = REPL_READS_INPUT;
      // Over plain ssh (`ssh host python3`): the line's input reaches it, as for `ssh host bash`.
      else if (inv.origin.some((o) => typeof o !== 'string' && o.kind === 'ssh' && o.input)) inv.opaque = REPL_READS_INPUT;
    }
    // A program the line wrote, run by its path, is its content whatever its name (`/tmp/ssh`).
    if (argv[0]!.value.includes('/') && !argv[0]!.dynamic && inv.written && writtenContent(inv.written, resolveDir(inv.cwd, argv[0]!.value, this.home()) ?? '') !== undefined) return this.script(inv, argv[0]!, scope, origin, argv.slice(1));
    if (name === 'git' && this.gitAlias(inv, scope, origin)) return;
    if (name === 'git') this.gitDiskHooks(inv, scope, origin);
    switch (name) {
      case 'cd':
      case 'pushd': {
        // bash sets OLDPWD to the directory it leaves; `cd -` goes back to OLDPWD.
        const prev = scope.cwd;
        const back = argv.length === 2 && argv[1]!.value === '-' && !argv[1]!.dynamic ? this.lookup(scope, 'OLDPWD') : undefined;
        scope.cwd = back ? resolveDir(prev, back, this.home()) : cdPathUnknown(argv, this.cdpath(inv, scope)) ? undefined : cdTarget(argv, prev, this.home());
        // `cd "$(mktemp -d)"`: if mktemp fails, `cd ""` stays where it is (and succeeds), so what
        // follows is judged where the shell was.
        if (argv.some((a) => a.fresh)) scope.cwd = prev;
        // `d=$(mktemp -d); cd "$d"` when the assignment's failure didn't stop the line: here if
        // mktemp failed, the fresh directory (where the line may have written files) if not.
        const v = /^"?\$\{?(\w+)\}?"?$/.exec(inv.argv[1]?.text ?? '');
        // Both are judged (rt26k): what follows runs in the fresh directory, and again (emit)
        // where the shell was. A second cd moves both; `cd -` leaves the failure case unknown.
        const altBefore = scope.alt && scope.alt.at === prev ? scope.alt : undefined;
        if (v && this.maybeEmpty.has(v[1]!)) {
          if (!altBefore && prev !== undefined && scope.cwd !== undefined && scope.cwd !== prev && argv.length === 2 && /(^|\/)[^/]*X{3,}[^/]*$/.test(scope.cwd)) scope.alt = { at: scope.cwd, cwd: prev };
          else scope.cwd = undefined;
        } else if (altBefore && scope.cwd !== undefined) scope.alt = { at: scope.cwd, cwd: back || altBefore.cwd === undefined ? undefined : cdTarget(argv, altBefore.cwd, this.home()) };
        if (scope.cwd !== undefined && scope.cwd !== prev && !back && scope.cwd !== this.home() && this.cdSurelyFails(scope.cwd)) {
          this.cdFails.set(scope, prev);
          return;
        }
        scope.vars.set('OLDPWD', prev ?? null);
        return;
      }
      case 'hash':
        return this.hash(argv);
      case 'enable':
        // `enable -f lib.so name`: name becomes a builtin loaded from a shared object.
        if (argv.some((a) => /^-[a-zA-Z]*f/.test(a.value))) inv.opaque = 'enable -f loads a builtin from a shared object';
        // `enable -n printf`: the name runs a program from PATH instead (no printf -v there).
        if (argv.some((a) => a.dynamic || /^-[a-zA-Z]*n/.test(a.value))) for (const a of argv.slice(1)) this.disabled.add(a.dynamic ? '*' : a.value);
        return;
      case 'popd':
        scope.cwd = undefined;
        return;
      case 'shift': {
        const p = positionalOf(scope);
        const k = argv[1] ? Number(argv[1].value) : 1;
        if (p && !argv[1]?.dynamic && Number.isInteger(k)) setPositional(scope, [p[0]!, ...p.slice(1 + k)]);
        else for (const key of [...scope.vars.keys()]) if (/^\d+$|^#$/.test(key) && key !== '0') scope.vars.set(key, null);
        return;
      }
      case 'set': {
        for (let i = 1; i < argv.length; i++) {
          const v = argv[i]!.value;
          if (/^[-+][a-zA-Z]*a/.test(v) && !v.startsWith('--')) scope.allexport = v.startsWith('-');
          if ((v === '-o' || v === '+o') && argv[i + 1]?.value === 'allexport') scope.allexport = v === '-o';
        }
        const dd = argv.findIndex((a) => a.value === '--');
        if (dd > 0) setPositionalWords(scope, scope.vars.get('0') ?? null, argv.slice(dd + 1));
        return;
      }
      case 'read':
      case 'readarray':
      case 'mapfile':
      case 'getopts':
      case 'printf':
        // `mapfile -C CALLBACK -c N`: bash evals the callback (with the index and the line
        // appended) every N lines read.
        if (name === 'mapfile' || name === 'readarray') {
          for (const it of readItems(argv.slice(1), BUILTIN[name])) {
            if ('opt' in it && it.opt === '-C' && it.value) this.runCode(inv, [it.value], scope, [...origin, `${name} -C`]);
          }
        }
        // Builtins that set variables from input or formatting: those become unknown.
        // `printf -v 'a[0]'`, `read 'a[1]'`: an item of an array changes the array. A name only
        // known at run time may be any variable.
        for (const v of setByBuiltin(name, argv).map((x) => x?.replace(/\[.*$/s, '') ?? null)) {
          if (v === null) {
            unknownAll(scope, `${name} sets a variable whose name is only known at run time`);
            for (const k of [...scope.vars.keys()]) if (scope.vars.get(k) !== null && !/^(\d+|#)$/.test(k)) scope.vars.set(k, null);
            continue;
          }
          scope.vars.set(v, null);
          this.setShape(scope, v, name === 'read' || name === 'readarray' || name === 'mapfile' ? this.stdinShape(inv.stdin, scope) : undefined);
          if (name === 'read' && origin.some((x) => x === 'while' || x === 'until')) setListed(scope, v, listingPattern(inv.stdin, scope.cwd), !this.wroteNothing(), literalStdin(inv.stdin) === undefined);
          // `mapfile -t dirs < <(find packages -type d)`: every item is one line of the listing.
          // Only `-t` and the name: -O keeps earlier items, -u reads another fd, -d and -C change items.
          if ((name === 'mapfile' || name === 'readarray') && argv.length <= 3 && argv.slice(1).every((w) => !w.dynamic && (w.value === '-t' || w.value === v))) {
            setListed(scope, v, listingPattern(inv.stdin, scope.cwd), !this.wroteNothing());
            // `mapfile -t dirs < <(printf '%s\n' build dist)`, or from a literal heredoc: the items.
            const text = argv.some((w) => w.value === '-t') ? literalStdin(inv.stdin) : undefined;
            const items = text?.replace(/\n$/, '').split('\n');
            if (items && items.length <= 64) {
              scope.vars.set(v, items[0] ?? '');
              (scope.arrays ??= new Map()).set(v, { stamp: stampOf(scope, v), items });
            }
          }
        }
        // `printf -v cmd '%q ' npm test`: the text printf would print, when every word is known
        // (and no %(fmt)T: the time), kept whole (no trailing newlines dropped, as $(...) does).
        // A time of plain fields (`printf -v stamp '%(%Y%m%d-%H%M%S)T' -1`) stands for one sample
        // time of the same shape: digits and separators, never a slash, a space or a glob.
        if (name === 'printf' && !this.disabled.has('printf') && !this.disabled.has('*') && argv[1]?.value === '-v' && argv[2] && !argv[2].dynamic && /^[A-Za-z_]\w*$/.test(argv[2].value) && argv.length > 3 && argv.slice(3).every((w) => !w.dynamic && !w.glob)) {
          const fmt = argv[3]!.value === '--' ? 4 : 3;
          const words = argv.slice(3).map((w, i) => (i + 3 === fmt ? { ...w, value: sampleTimes(w.value) ?? w.value } : w));
          const out = words.every((w) => !w.value.includes('%(')) ? literalOutput({ ...inv, argv: [argv[0]!, ...words] }) : undefined;
          if (out !== undefined) scope.vars.set(argv[2].value, out);
        }
        return;
      case 'eval':
        if (this.evalOfAssignments(inv, scope) || this.evalOfShellInit(inv, scope)) return;
        if (argv.length === 2 && this.filteredSource(argv[1]!.text, /^"\$\((.*)\)"$/s, inv, scope, origin)) return;
        // eval runs in this shell: code it can't read may set any variable.
        this.runCode(inv, argv.slice(1), scope, [...origin, 'eval'], true, undefined, true);
        if (inv.opaque) unknownAll(scope, `eval of code built at run time`);
        return;
      case 'alias':
        return this.alias(inv);
      case 'compgen':
      case 'complete': {
        // `-C CMD` runs CMD and `-F FUNC` calls FUNC (compgen: at once, even in `bash -c`; complete:
        // at the next Tab in an interactive shell): red team 25s.
        const withArg = new Set(['-A', '-G', '-W', '-X', '-P', '-S', '-o', '-O']);
        for (let i = 1; i < argv.length; i++) {
          const w = argv[i]!;
          if (w.value === '--' || !w.value.startsWith('-')) break;
          let code: Word | undefined;
          if (w.value === '-C' || w.value === '-F') code = argv[++i];
          else if (withArg.has(w.value)) i++;
          else if (/^-[CF]./.test(w.value)) code = { ...w, value: w.value.slice(2), text: w.text.slice(2) };
          if (code) this.runCode(inv, [code], scope, [...origin, name]);
        }
        return;
      }
      case 'bind': {
        // `bind -x 'KEYSEQ: COMMAND'` runs COMMAND on a key, in an interactive shell: written into
        // a file a later shell reads (a completion script, a sourced file), it is a command for
        // later (red team 26x). What a binding does to the keys themselves is a rule's
        // (countersign/readline-keys).
        let x = false;
        for (let i = 1; i < argv.length; i++) {
          const w = argv[i]!;
          if (/^-[a-zA-Z]*[mfqurf]$/.test(w.value)) { x ||= w.value.includes('x'); i++; continue; }
          if (/^-[a-zA-Z]+$/.test(w.value)) { x ||= w.value.includes('x'); continue; }
          if (!x) continue;
          const m = /^\s*("(?:[^"\\]|\\.)*"|[^\s:]+)\s*:\s*([\s\S]*)$/.exec(w.value);
          if (!m || w.dynamic) continue;
          const code = /^"[\s\S]*"$/.test(m[2]!.trim()) ? m[2]!.trim().slice(1, -1) : m[2]!;
          if (/\S/.test(code)) this.runCode(inv, [{ ...w, value: code, text: code }], scope, [...origin, 'bind -x']);
        }
        return;
      }
      case 'trap': {
        // `trap [--] CODE SIG...`; `trap - SIG` resets, `trap -p`/`-l` only print.
        const at = argv[1]?.value === '--' ? 2 : 1;
        const code = argv[at];
        if (code && argv.length > at + 1 && code.value !== '-' && (at === 2 || !code.value.startsWith('-'))) {
          this.runCode(inv, [code], scope, [...origin, 'trap']);
          // The trap runs later (at exit, on a signal or an error), with the values of that time
          // (`trap 'rm -rf "$d"' EXIT; d=$(mktemp -d)`): read again after each later statement
          // that changes what it uses.
          if (!code.dynamic) this.traps.push({ inv, code, origin, sig: this.trapSig(code.value, scope), runs: 0, shell: scope.shell });
        }
        return;
      }
      case 'source':
      case '.':
        return this.source(inv, scope, origin);
      case 'busybox':
      case 'toybox':
        if (argv.length > 1) this.emit(argv.slice(1), [], [], inv.stdin, scope, [...origin, name], inv.text);
        return;
      case 'find':
        return this.findExec(inv, scope, origin);
      case 'fd':
      case 'fdfind':
        return this.fdExec(inv, scope, origin);
      case 'su':
      case 'runuser':
        // runuser without a command option is a wrapper (`runuser -u x -- cmd`); without -u
        // either, it is su (`runuser -l root <<< 'cmd'`: the user's shell reads the input).
        if (name === 'runuser' && !codeValues(argv.slice(1), name).length && argv.some((w) => w.dynamic || /^(-u|--user)(=|$)/.test(w.value) || (/^-[a-zA-Z]*u/.test(w.value) && !w.value.startsWith('--')))) break;
        return this.su(inv, scope, origin);
      case 'at':
      case 'batch':
        return this.atJob(inv, scope, origin);
      case 'run-parts':
        // Every executable file in the directory, whatever it holds now or when it runs.
        if (!argv.some((a) => a.value === '--test' || a.value === '--list')) inv.opaque = `run-parts runs every program in ${argv[argv.length - 1]?.text ?? 'a directory'}`;
        return;
      case 'ssh':
        return this.ssh(inv, scope, origin);
      case 'rsync':
        this.rsyncPath(inv, scope, origin);
        break;
      case 'ansible':
        return this.ansible(inv, scope, origin);
      case 'salt':
      case 'salt-ssh':
        return this.salt(inv, scope, origin);
      case 'knife':
        return this.knifeSsh(inv, scope, origin);
      case 'pssh':
      case 'parallel-ssh':
      case 'pdsh':
      case 'clush':
        return this.parallelSsh(inv, scope, origin);
      case 'fly':
      case 'flyctl':
        if (this.flySsh(inv, scope, origin)) return;
        this.deployConfig(inv, scope, origin);
        break;
      case 'gcloud':
        if (this.gcloudSsh(inv, scope, origin)) return;
        break;
      case 'railway':
      case 'render':
        if (this.platformSsh(inv, scope, origin)) return;
        if (name === 'railway') this.deployConfig(inv, scope, origin);
        break;
      case 'netlify':
      case 'ntl':
        this.deployConfig(inv, scope, origin);
        break;
      case 'heroku':
      case 'kamal':
      case 'gigalixir':
        if (this.platformRun(inv, scope, origin)) return;
        break;
      case 'aws':
      case 'az':
        if (name === 'az' && this.platformRun(inv, scope, origin)) return;
        this.runCommand(inv, scope, origin);
        break;
      case 'adb':
        if (this.adbShell(inv, scope, origin)) return;
        break;
    }
    if (SHELLS.has(name)) return this.shell(inv, scope, origin);
    const asShell = countersignAsShell(argv);
    if (asShell) return this.shell({ ...inv, argv: asShell, name: 'countersign' }, scope, origin);
    if (argv[0]!.value.includes('/') && !WRAPPERS_WITH_PATH.has(name) && !systemWrapper(argv[0]!, name, inv, this.ctx.programs)) {
      // An Elixir release's start script (`_build/prod/rel/app/bin/app eval CODE`, `/app/bin/app
      // rpc CODE`) is named after the app: its eval/rpc code is read as `mix run -e` code.
      if (/(^|\/)bin\/[\w-]+$/.test(argv[0]!.value) && (argv[1]?.value === 'eval' || argv[1]?.value === 'rpc') && argv[2] && !argv[1]!.dynamic) {
        this.emit([lit('mix'), lit('run'), lit('-e'), argv[2]], [], [], inv.stdin, copyScope(scope), [...origin, `${argv[0]!.text} ${argv[1]!.value} (an Elixir release)`], inv.text, false);
      }
      this.script(inv, argv[0]!, scope, origin, argv.slice(1));
      // A package's wrapper run by its bin path (`./node_modules/.bin/dotenv -- psql ...`, cross-env):
      // still the wrapper, so the command it runs is walked too.
      if (!NODE_BIN_PATH.test(argv[0]!.value) || argv[0]!.dynamic || !(wrapperFor(name, this.ctx.programs) || envLoader(inv))) return;
    }
    const onPath = (inv.written && this.writtenOnPath(inv)) || this.plantedOnPath(inv);
    // A `countersign` a changed PATH finds before the real one (the one the environment's PATH
    // finds): run in the person's next terminal (`export PATH=~/x:$PATH` added to ~/.bashrc,
    // later.ts), it would be the approver pane they type the passphrase into.
    if (onPath && name === 'countersign' && realPath(onPath) !== this.realCountersign()) {
      inv.opaque = `${onPath} is a countersign ahead of the real one on a PATH the line sets: it would answer in its place`;
      inv.opaqueAlways = true;
      return;
    }
    // The real countersign is `#!/usr/bin/env node`: the `node` that PATH finds first runs it,
    // and the passphrase typed into it. One that isn't a node binary (a script, a small wrapper)
    // ahead of the environment's node is unknown code (rt22y route 18).
    if (name === 'countersign' && inv.vars.PATH !== undefined && inv.vars.PATH !== this.ctx.env.PATH) {
      const written = (f: string) => !!inv.written?.files.has(f);
      const node = shadowNode(inv.vars.PATH, this.ctx.env.PATH, written);
      if (node) {
        inv.opaque = `${node} is a node ahead of the real one on a PATH the line sets, and not a node binary: countersign would run in it`;
        inv.opaqueAlways = true;
        return;
      }
    }
    if (onPath) return this.script(inv, lit(onPath), scope, origin, argv.slice(1));
    if (PACKAGE_RUNNERS.has(name) || MAKE_RUNNERS.has(name)) {
      // A project file this line writes or edits first (even one that doesn't exist yet) holds
      // code nobody can read before it runs.
      const names = MAKE_RUNNERS.has(name) ? ['GNUmakefile', 'makefile', 'Makefile'] : ['package.json'];
      const changed = !runsNoScript(name, argv) && names.find((n) => this.changes(path.join(scope.cwd ?? '/', n), inv));
      if (changed) {
        inv.opaque = `${name} runs code from ${changed}, which this line changes first`;
        return;
      }
    }
    // Project files the line wrote with literal content are read as the line left them.
    const overlay = inv.written && ((f: string) => writtenContent(inv.written, f));
    const complete = !!this.ctx.envComplete && !inv.unknownVars?.includes('*');
    const input = inv.stdin && (inv.stdin.kind === 'heredoc' || (inv.stdin.kind === 'herestring' && !inv.stdin.dynamic) || inv.stdin.kind === 'pipe') ? inv.stdin.text : undefined;
    if (name === 'just' || name === 'task' || name === 'go-task') {
      const cwd = scope.cwd;
      return this.indirect(inv, withOverlay(overlay, () => (name === 'just' ? justRuns(argv, cwd) : taskRuns(argv, cwd))), scope, origin);
    }
    if (MAKE_RUNNERS.has(name)) {
      const cpuCount = ['nproc', 'getconf', 'sysctl'].every((n) => this.systemProgram(n, scope));
      return this.indirect(inv, withOverlay(overlay, () => makeRuns(argv, scope.cwd, inv.vars, complete, input, cpuCount)), scope, origin);
    }
    const scripts = PACKAGE_RUNNERS.has(name) ? withOverlay(overlay, () => packageRuns(name, argv, scope.cwd, inv.vars)) : undefined;
    if (scripts) return this.indirect(inv, scripts, scope, origin);
    const run = containerRun(name, argv, scope.cwd, this.home());
    if (run?.volumes.length) this.namedVolumes(inv, run, scope, origin);
    // `docker run --volumes-from db alpine rm -rf /var/lib/postgresql/data`: the command reaches
    // db's volumes where db mounts them, as `docker exec db CMD` would.
    if (run?.volumesFrom && !run.compose) {
      for (const c of run.volumesFrom) this.emit([argv[0]!, ...run.engineArgs, lit('exec'), c, ...run.inner], [], [], inv.stdin, copyScope(scope), [...origin, `${name} run --volumes-from ${c.text}`], inv.text, false);
    }
    if (run?.hostPid) this.hostNamespaces(inv, run, scope, origin);
    // A compose service without -v mounts of the line runs like `compose exec`: with the compose
    // file's volumes and environment (its DATABASE_URL), which the line doesn't show.
    if (run && (!run.compose || touchesMount(run))) return this.container(inv, run, scope, origin);
    // `compose exec` reaches a service of the same project: read like `compose run`.
    const composeRun = !!run || composeExec(name, argv);
    const pod = podRun(name, argv);
    if (pod) this.emit(pod, [], [], undefined, copyScope(scope), [...origin, `${name} run (a pod)`], inv.text, false);
    // Only files the line surely wrote: a compose file an earlier `docker compose -f x.yml down`
    // merely names is the project's own.
    const fromCompose = composeFileCommands(inv, (f) => (inv.written && inv.cwd !== undefined ? inv.written.files.get(path.resolve(inv.cwd, f)) : undefined));
    if (fromCompose.unknown) inv.opaque ??= fromCompose.unknown;
    for (const c of fromCompose.runs) this.emit(c, [], [], undefined, copyScope(scope), [...origin, `${name} compose (a service of the compose file the line wrote)`], inv.text, false);
    for (const podCmd of podManifestCommands(inv, (f) => (inv.written && inv.cwd !== undefined ? writtenContent(inv.written, path.resolve(inv.cwd, f)) : undefined))) this.emit(podCmd, [], [], undefined, copyScope(scope), [...origin, `${name} ${inv.argv.find((w) => /^(apply|create|replace)$/.test(w.value))?.value ?? 'apply'} (a pod's command)`], inv.text, false);
    const loaded = this.loader(inv, scope);
    if (loaded?.rc !== undefined) this.code(loaded.rc, this.childScope(scope, inv), [...origin, 'direnv exec loads .envrc']);
    const u = unwrap(name, name === 'env' ? this.envWords(argv, scope) : argv, this.ctx.programs);
    if (!u || loaded?.exact) {
      if (loaded?.inner?.length) this.emit(loaded.inner, inv.assignments, [], inv.stdin, loaded.scope, [...origin, name], inv.text, inv.moreArgs, inv);
      if (loaded?.also) this.emit(loaded.also, inv.assignments, [], inv.stdin, copyScope(loaded.scope), [...origin, name], inv.text, inv.moreArgs, inv);
      return;
    }
    // `proot -b "$PWD":/w rm -rf /w/data`: the command's paths under a bind are the host's.
    if (u.binds?.length) this.rebind(u, scope);
    // `lxc exec c1 -- cmd`, `vagrant ssh -c cmd`: it runs on that machine, as over ssh.
    if (u.machine !== undefined) {
      const at = u.projectAt && scope.cwd !== undefined ? [{ target: u.projectAt, host: scope.cwd }] : [];
      const words = (u.shellText ?? u.inner).map((w) => (w.dynamic || !at.length ? w : { ...w, value: rewriteMounts(w.value, at) }));
      return this.remoteShell(inv, scope, [...origin, viaSsh(u.machine, inv)], words, false);
    }
    let inner = loaded?.scope ?? scope;
    if (u.chdir || u.unknownCwd) {
      inner = copyScope(inner);
      // A service `compose run` starts is built from the project and usually mounts it where it
      // works: its package scripts and relative paths are read as the project's.
      inner.cwd = composeRun ? scope.cwd : u.unknownCwd || u.chdir?.dynamic ? undefined : resolveDir(inner.cwd, u.chdir!.value, this.home());
    }
    if (actsInside(name)) {
      // A pod's or container's `~` is its own user's home; its variables are its own.
      if (inner === scope) inner = copyScope(inner);
      inner.vars.set('HOME', null);
      unknownAll(inner, `${name}: the container's environment`);
    }
    const assigns: Assignment[] = u.assigns.map(([k, v]) => ({ name: k, value: v }));
    // Inside a pod or container, everything the command runs (even through `sh -c`) acts there.
    const o = [...origin, actsInside(name) ? execInto(inv) : name];
    if (u.inputCommands) return this.inputCommands(inv, u.inputCommands.files, this.childScope(inner, inv), o);
    if (u.shellText) {
      // The text runs in a new shell (or cmd.exe): it sees exported variables and the command's
      // prefixes (`X=data watch 'rm -rf $X'`), as `sh -c` does, and the wrapper's own.
      const child = this.childScope(inner, inv);
      for (const a of assigns) {
        child.vars.set(a.name, a.value.dynamic ? null : a.value.value);
        child.exported.add(a.name);
      }
      // GNU parallel: the joined words run through a shell once per input, which is "$1".
      if (u.runs) {
        // `find logs -name '*.log' | parallel gzip`: each input line is a path find lists, under its
        // roots (as `| xargs gzip`, listedPaths); judged as the root and everything under it.
        const listed = u.runs.length === 1 && !u.runs[0] ? this.parallelListed(inv, argv) : undefined;
        const input: Word = { value: '', dynamic: true, glob: false, text: '(input)' };
        // With find's name filters read for each (as for `-exec sh -c '...' sh {} +`): the root too,
        // held as a pattern so "$1" keeps find as what lists it (allArgs).
        const fed = listed?.via ? listed.words.map((w) => ({ ...w, glob: true })) : listed?.words;
        for (const r of fed ?? u.runs) this.runCode(inv, u.shellText, child, o, true, [argv[0]!, r ?? input, { ...input, text: '(a word made from the input)' }], false, undefined, listed?.via);
        return;
      }
      // env -S: only its string is split into words; the words after it are passed as they are.
      return this.runCode(inv, name === 'env' ? u.shellText.map((w, i) => (i && !w.dynamic ? { ...w, value: q(w.value) } : w)) : u.shellText, child, o, true);
    }
    let innerArgv = u.inner;
    let fedText = inv.stdin?.kind === 'pipe' ? inv.stdin.text : undefined;
    if (name === 'xargs' && inv.stdin?.kind === 'file' && !inv.stdin.path.dynamic && !inv.stdin.path.glob && !(this.state && (this.state.files.size || this.state.texts.length || this.state.links?.size))) {
      // `xargs -n1 curl -sI < urls.txt`: a list on disk the line didn't write is read like a
      // literal. A missing one stays unknown (as a missing SQL file does): it may be made by
      // the time the line runs.
      const abs = resolveDir(inv.cwd, inv.stdin.path.value, this.home());
      if (abs !== undefined) fedText = readText(abs);
    } else if (name === 'xargs' && fedText === undefined && inv.stdin?.kind === 'pipe' && inv.stdin.producer && !(this.state && (this.state.files.size || this.state.texts.length || this.state.links?.size))) {
      // `cat urls.txt | xargs ...` (through filters that pass whole lines): the same list.
      const prod = lineSource(inv.stdin.producer);
      const f = prod.name === 'cat' && prod.argv.length === 2 && !prod.redirects.length && !prod.opaque ? prod.argv[1]! : undefined;
      if (f && !f.dynamic && !f.glob && !f.value.startsWith('-')) {
        const abs = resolveDir(prod.cwd, f.value, this.home());
        if (abs !== undefined) fedText = readText(abs);
      }
    }
    const fed = name === 'xargs' && fedText !== undefined ? xargsItems(argv.slice(1, u.inner[0] && argv.includes(u.inner[0]) ? argv.indexOf(u.inner[0]) : argv.length), fedText, u.replace) : undefined;
    if (fed) {
      // Its input is a literal: the runs it makes, with the arguments they get.
      const item = (s: string): Word => ({ value: s, dynamic: false, glob: false, text: q(s) });
      const runs = fed.perItem ? fed.items.map((it) => innerArgv.map((a) => (a.value.includes(u.replace!) ? item(a.value.split(u.replace!).join(it)) : a))) : [[...innerArgv, ...fed.items.map(item)]];
      for (const r of runs) this.emit(r, [...inv.assignments, ...assigns], [], inv.stdin, inner, o, inv.text, inv.moreArgs, inv);
      return;
    }
    const listed = name === 'xargs' && !u.replace && inv.stdin?.kind === 'pipe' && inv.stdin.producer ? this.listedPaths(lineSource(inv.stdin.producer), argv, u.inner) : undefined;
    if (listed) {
      // `find ROOT -name X | xargs rm`, `grep -rl X src | xargs sed -i`: the paths the producer
      // lists, under its roots (find's name filters judged as for -exec: it stands as `via`).
      this.emit([...innerArgv, ...listed.words], [...inv.assignments, ...assigns], [], inv.stdin, inner, o, inv.text, false, listed.via ?? inv);
      return;
    }
    if (u.replace) {
      const rep = u.replace;
      innerArgv = innerArgv.map((a) => (a.value.includes(rep) ? { ...a, dynamic: true } : a));
    }
    // Input that is only commit hashes (`git log --format=%H | xargs -n1 git show`) adds no option
    // and no path.
    const hashes = name === 'xargs' && inv.stdin?.kind === 'pipe' && !!inv.stdin.producer && printsHashesOnly(lineSource(inv.stdin.producer));
    this.emit(innerArgv, [...inv.assignments, ...assigns], [], inv.stdin, inner, o, inv.text, (u.moreArgs && !u.replaceOnly && !hashes) || inv.moreArgs, inv);
  }

  /** `eval "$(ssh-agent -s)"`: ssh-agent prints only `SSH_AUTH_SOCK=...; export SSH_AUTH_SOCK;
   *  SSH_AGENT_PID=...; export SSH_AGENT_PID; echo Agent pid N;`, so
   *  eval of that output sets those two variables to run-time values and runs nothing else. Only
   *  when the one argument is exactly that substitution and `ssh-agent` is the system's program:
   *  not a function, alias or hashed path of this line, not a file the line wrote, found on a PATH
   *  of absolute directories the line didn't change. The substitution itself was walked already. */
  private evalOfAssignments(inv: Invocation, scope: Scope): boolean {
    const a = inv.argv;
    if (a.length !== 2 || !SSH_AGENT_EVAL.test(a[1]!.text)) return false;
    // Unquoted, the output is split on IFS first: another IFS could cut it into other commands.
    if (!a[1]!.text.startsWith('"') && !isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS)) return false;
    // The output runs `export` and `echo`: those must be the builtins too.
    for (const name of ['ssh-agent', 'export', 'echo']) {
      if (scope.funcs.has(name) || this.aliases.has(name) || this.hashed.has(name) || this.ctx.env[`BASH_FUNC_${name}%%`] !== undefined) return false;
    }
    if (this.aliases.has('')) return false;
    // With no -s, ssh-agent prints csh `setenv` lines when $SHELL ends in csh: another command.
    // An unset SHELL (known so: the whole environment is known and nothing on the line set it)
    // gets the sh form too (ssh-agent.c: csh only when $SHELL ends in csh).
    const shellUnset = inv.vars.SHELL === undefined && !!this.ctx.envComplete && this.ctx.env.SHELL === undefined && !scope.anyVar && !scope.vars.has('SHELL');
    if (!/\s-s\b/.test(a[1]!.text) && ((inv.vars.SHELL === undefined && !shellUnset) || /csh$/.test(inv.vars.SHELL ?? '') || inv.unknownVars?.some((v) => v === 'SHELL' || v === '*'))) return false;
    const name = 'ssh-agent';
    const pathVar = this.ctx.env.PATH;
    if (pathVar === undefined || inv.vars.PATH !== pathVar || inv.unknownVars?.some((v) => v === 'PATH' || v === '*')) return false;
    if (pathVar.split(':').some((d) => !d.startsWith('/'))) return false;
    if (inv.written && [...inv.written.files.keys()].some((f) => path.basename(f) === name)) return false;
    for (const v of ['SSH_AUTH_SOCK', 'SSH_AGENT_PID']) {
      scope.vars.set(v, null);
      scope.exported.add(v);
    }
    return true;
  }

  /** `eval "$(pyenv init -)"`, `eval "$(direnv hook bash)"`, `eval "$(brew shellenv)"`, `eval
   *  "$(minikube docker-env)"`, `source <(kubectl completion bash)`: an installed tool's own shell
   *  set-up (PATH, variables, hook and completion functions), as trusted as running the tool;
   *  `eval "$(aws configure export-credentials --format env)"` prints `export AWS_...=` lines of the
   *  profile's credentials (a credential_process that could print more runs on any aws command
   *  anyway). Only the exact substitution of the system's program (or Homebrew's own absolute
   *  path); afterwards any variable may have changed. */
  private evalOfShellInit(inv: Invocation, scope: Scope): boolean {
    const a = inv.argv;
    if (a.length !== 2) return false;
    const tool = shellInitTool(a[1]!.text, inv.name === 'eval');
    if (!tool || (!a[1]!.text.startsWith('"') && !a[1]!.text.startsWith('<(') && !isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS))) return false;
    // The output runs with the command's own PATH (`PATH=./bin eval ...`): that must be the system's too.
    const trusted = tool.startsWith('/')
      ? !scope.funcs.has(tool) && !this.aliases.has('') && !(this.state && writtenContent(this.state, tool) === null) && this.lookup(scope, 'PATH') === this.ctx.env.PATH
      : this.systemProgram(tool, scope);
    // After another tool's set-up (`eval "$(pyenv init -)"; eval "$(pyenv virtualenv-init -)"`)
    // PATH is that trusted tool's (shims, Homebrew's bin), unless the line set PATH itself since.
    const afterSetup = !!scope.anyVar && SETUP_WHY.test(scope.anyVar) && (!scope.vars.has('PATH') || scope.setupPath?.stamp === stampOf(scope, 'PATH')) && !(inv.unknownVars ?? []).includes('PATH')
      && !inv.assignments.some((x) => x.name === 'PATH');
    if (afterSetup) {
      if (!this.systemProgram(tool, scope, true)) return false;
    } else if (!trusted || (inv.vars.PATH !== this.ctx.env.PATH && !(absolutePath(inv.vars.PATH) && inv.vars.PATH!.split(':').every((d) => this.ctx.env.PATH!.split(':').includes(d)))) || inv.unknownVars?.some((v) => v === 'PATH' || v === '*')) return false;
    scope.anyVar = `${inv.name} of ${tool}'s shell set-up`;
    scope.setupPath = { stamp: stampOf(scope, 'PATH') };
    return true;
  }

  /** `x=$(mktemp [-d] [-t] [TEMPLATE])`: a name nothing had before (mktemp creates it, or with -u
   *  only picks it), so removing it later removes nothing else, wherever $TMPDIR points. Shown
   *  as mktemp's pattern; only when `mktemp` is the system's program. */
  private mktempValue(text: string, scope: Scope): string | undefined {
    const m = MKTEMP.exec(text);
    if (!m || !this.systemProgram('mktemp', scope)) return undefined;
    // `mktemp -d "${TMPDIR:-/tmp}/x.XXXXXX"`: as `mktemp -d -t x.XXXXXX` (the name in $TMPDIR).
    const opts = (m[1] ?? '') + (m[3] !== undefined ? ' -t' : '');
    const template = m[2] ?? m[3];
    const suffix = /--suffix=([\w.-]+)/.exec(opts)?.[1] ?? '';
    // An absolute template names its own directory (with -t mktemp refuses a slash).
    if (template?.startsWith('/')) return /-t\b|--tmpdir\b/.test(opts) || template.split('/').includes('..') ? undefined : template + suffix;
    const tmp = this.lookup(scope, 'TMPDIR');
    const name = (template ?? 'tmp.XXXXXXXXXX') + suffix;
    // With TMPDIR unknown the name is kept relative: `$d/../data` then climbs from here, where the
    // protected paths are, instead of from a directory taken on trust.
    if (template && !/-t\b|--tmpdir\b/.test(opts)) return `./${name}`;
    return tmp === null ? name : `${tmp || '/tmp'}/${name}`;
  }

  /** `"$(pip cache dir)/http"`, `"$(go env GOCACHE)"/x`, `$(npm config get cache)`, `$(yarn cache
   *  dir)`: the tool's own cache directory (from its variable, else its default under home), as a
   *  word. Only when the line changes none of what decides it (the variables, home, a config file
   *  that may name another cache), and when the word without the output (the tool missing or
   *  failing prints nothing) names nothing on disk: `"$(go env GOCACHE)"/*` would be `/*`. */
  private cacheWord(text: string, scope: Scope): Word | undefined {
    if (/[`'\\]/.test(text)) return undefined;
    const m = /^\$\(\s*(pip3? cache dir|python3? -m pip cache dir|npm config get cache|go env GOCACHE|go env GOMODCACHE|yarn cache dir)\s*\)((?:\/[\w.@+*-]+)*\/?)$/.exec(text.replace(/"/g, ''));
    if (!m) return undefined;
    const [, cmd, suffix] = m as unknown as [string, string, string];
    const tool = cmd.startsWith('python') ? 'python3' : cmd.split(' ')[0]!;
    if (!this.systemProgram(tool, scope)) return undefined;
    const comps = suffix.split('/').filter(Boolean);
    if (comps.some((x) => x === '.' || x === '..') || comps.slice(0, -1).some((x) => x.includes('*'))) return undefined;
    // Without the output: a path under / that must name nothing there.
    if (comps.length) {
      const re = new RegExp(`^${comps[0]!.replace(/[.+@-]/g, (ch) => `\\${ch}`).replace(/\*/g, '.*')}$`);
      let root: string[];
      try {
        root = readdirSync('/');
      } catch {
        return undefined;
      }
      if (root.some((e) => re.test(e))) return undefined;
    }
    const vars = ['HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'PIP_CACHE_DIR', 'PIP_CONFIG_FILE', 'npm_config_cache', 'NPM_CONFIG_CACHE', 'npm_config_userconfig', 'GOCACHE', 'GOMODCACHE', 'GOPATH', 'GOENV', 'YARN_CACHE_FOLDER'];
    for (const v of vars) if (this.lookup(scope, v) !== this.ctx.env[v] || scope.anyVar) return undefined;
    // The line configures a tool, or writes files nobody can name: the cache may be elsewhere.
    if (this.state && (this.state.texts.length || [...this.state.files.keys()].some((f) => /(^|\/)(\.npmrc|\.yarnrc(\.yml)?|pip\.conf|pip\.ini|env)$/.test(f)))) return undefined;
    if (this.out.some((x) => x.opaque || x.argv.some((a) => a.value === 'config' || a.value === '-w' || a.value === '--global'))) return undefined;
    const env = this.ctx.env;
    const home = this.home();
    if (!home) return undefined;
    const cacheHome = env.XDG_CACHE_HOME || path.join(home, '.cache');
    const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
    const mentions = (files: string[], re: RegExp): boolean => files.some((f) => {
      try {
        return re.test(readRegularText(f, 1024 * 1024));
      } catch {
        return false;
      }
    });
    const ups: string[] = [];
    for (let d = scope.cwd; d; d = path.dirname(d) === d ? undefined : path.dirname(d)) ups.push(d);
    if (scope.cwd === undefined) return undefined;
    let dir: string | undefined;
    if (tool === 'pip' || tool === 'pip3' || tool === 'python3') {
      if (mentions([path.join(configHome, 'pip/pip.conf'), path.join(home, '.pip/pip.conf'), '/etc/pip.conf', '/etc/xdg/pip/pip.conf', ...(env.VIRTUAL_ENV ? [path.join(env.VIRTUAL_ENV, 'pip.conf')] : [])], /cache/i) || env.PIP_CONFIG_FILE) return undefined;
      dir = env.PIP_CACHE_DIR || path.join(cacheHome, 'pip');
    } else if (tool === 'npm') {
      if (mentions([...ups.map((d) => path.join(d, '.npmrc')), path.join(home, '.npmrc'), '/etc/npmrc', '/usr/etc/npmrc'], /cache/i)) return undefined;
      dir = env.npm_config_cache || env.NPM_CONFIG_CACHE || path.join(home, '.npm');
    } else if (tool === 'go') {
      if (env.GOENV || mentions([path.join(configHome, 'go/env')], /GOCACHE|GOMODCACHE|GOPATH/)) return undefined;
      dir = cmd.endsWith('GOCACHE') ? env.GOCACHE || path.join(cacheHome, 'go-build') : env.GOMODCACHE || path.join((env.GOPATH || path.join(home, 'go')).split(':')[0]!, 'pkg/mod');
    } else {
      if (mentions([...ups.flatMap((d) => [path.join(d, '.yarnrc'), path.join(d, '.yarnrc.yml')]), path.join(home, '.yarnrc'), path.join(home, '.yarnrc.yml')], /cache/i)) return undefined;
      dir = env.YARN_CACHE_FOLDER || path.join(cacheHome, 'yarn/v6');
    }
    if (!path.isAbsolute(dir)) return undefined;
    const value = dir + suffix;
    return { value, dynamic: false, glob: suffix.includes('*'), text };
  }

  /** `"$(python3 -c 'import tempfile; print(tempfile.gettempdir())')"/pytest-of-$USER`: python's
   *  temporary directory as a word. gettempdir() is the first of $TMPDIR, $TEMP, $TMP, /tmp,
   *  /var/tmp, /usr/tmp, the cwd that is a writable directory; taken only when the line changed
   *  none of those variables and the one it picks is an absolute directory writable now (so the
   *  cwd fallback isn't reached). The system's python, with no PYTHONPATH and no `tempfile` module
   *  in the cwd (sys.path[0] for -c) on disk or written by the line. The rest of the word must be
   *  a plain `/x/y` path whose first part names nothing under / (python failing prints nothing). */
  private tempdirWord(c: TSNode, text: string, scope: Scope, env: WordEnv): Word | undefined {
    const head = c.type === 'concatenation' ? c.child(0) : c;
    if (!head) return undefined;
    const m = /^("?)\$\(\s*(python3?) -c (?:'import tempfile; ?print\(tempfile\.gettempdir\(\)\)'|"import tempfile; ?print\(tempfile\.gettempdir\(\)\)")\s*\)\1$/.exec(head.text);
    if (!m || !this.systemProgram(m[2]!, scope) || scope.anyVar || scope.cwd === undefined) return undefined;
    // Only plain text and variables after it: nothing nested that evaluating it here would walk.
    if (/[`(]/.test(text.slice(head.text.length))) return undefined;
    for (const v of ['TMPDIR', 'TEMP', 'TMP', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONSAFEPATH']) if (this.lookup(scope, v) !== this.ctx.env[v]) return undefined;
    if (this.ctx.env.PYTHONPATH || this.ctx.env.PYTHONHOME) return undefined;
    const shadow = (d: string): boolean => existsSync(path.join(d, 'tempfile.py')) || existsSync(path.join(d, 'tempfile'));
    if (shadow(scope.cwd) || (this.state && [...this.state.files.keys()].some((f) => /^tempfile(\.py)?$/.test(path.basename(f)) || /(^|\/)tempfile\//.test(f)))) return undefined;
    const env0 = this.ctx.env;
    const set = ['TMPDIR', 'TEMP', 'TMP'].map((v) => env0[v]).find((x) => x !== undefined && x !== '');
    const dir = set ?? '/tmp';
    if (!path.isAbsolute(dir)) return undefined;
    try {
      if (!statSync(dir).isDirectory()) return undefined;
      accessSync(dir, constants.W_OK);
    } catch {
      return undefined;
    }
    let suffix = '';
    if (c.type === 'concatenation') {
      const segs: Seg[] = [];
      for (let i = 1; i < c.childCount; i++) segs.push(...evalWord(c.child(i)!, env));
      if (segs.some((x) => x.dyn || x.pat)) return undefined;
      suffix = segs.map((x) => x.s).join('');
      if (!/^(\/[\w.@+-]+)+\/?$/.test(suffix) || suffix.split('/').some((x) => x === '.' || x === '..')) return undefined;
      const first = suffix.split('/')[1]!;
      if (existsSync(path.join('/', first))) return undefined;
    }
    return { value: path.resolve(dir) + suffix, dynamic: false, glob: false, text };
  }

  /** NAME runs the system's program: no function, alias or hashed path of this line, no file of
   *  that name written by the line, found on the environment's PATH of absolute directories. */
  private systemProgram(name: string, scope: Scope, setupPath = false): boolean {
    if (scope.funcs.has(name) || this.aliases.has(name) || this.aliases.has('') || this.hashed.has(name) || this.ctx.env[`BASH_FUNC_${name}%%`] !== undefined) return false;
    const pathVar = this.ctx.env.PATH;
    if (pathVar === undefined || pathVar.split(':').some((d) => !d.startsWith('/'))) return false;
    // A PATH the line changed only by putting directories of the environment's PATH first again
    // (`exec bash` re-reading a ~/.bashrc that did `export PATH="$HOME/.pyenv/bin:$PATH"`) finds
    // one of the environment's programs; any other directory could hold anything.
    const now = this.lookup(scope, 'PATH');
    if (!setupPath && now !== pathVar && !(absolutePath(now) && now!.split(':').every((d) => pathVar.split(':').includes(d)))) return false;
    return !(this.state && [...this.state.files.keys()].some((f) => path.basename(f) === name));
  }

  /** `alias NAME=VALUE`: a later use of NAME may run VALUE (sh, zsh, interactive bash and
   *  `shopt -s expand_aliases` expand aliases); one already used may be re-read in a loop or eval. */
  private alias(inv: Invocation): void {
    for (const a of inv.argv.slice(1)) {
      const eq = a.value.indexOf('=');
      if (eq < 0 && !a.dynamic) continue;
      const name = eq < 0 || /[$`]/.test(a.text.slice(0, a.text.indexOf('=') + 1 || undefined)) ? '' : a.value.slice(0, eq);
      this.aliases.set(name, name && !a.dynamic ? a.value.slice(eq + 1) : null);
      if (!name || this.out.some((o) => o !== inv && o.argv[0]?.value === name)) this.uncertain.add(`an alias this line defines may replace ${name || 'a command'}`);
    }
  }

  /** A command named like an alias this line defined runs what the alias says, whether or not
   *  this shell expands aliases (judged as if it did). True when the expansion was walked. */
  private expandAlias(inv: Invocation, name: string, scope: Scope, origin: Origin[]): boolean {
    if (this.aliases.has('')) this.uncertain.add('an alias whose name is only known at run time may replace a command');
    const value = this.aliases.get(name);
    if (value === undefined || this.activeAliases.has(name)) return false;
    const args = inv.argv.slice(1);
    if (value === null || args.some((a) => a.dynamic)) {
      this.uncertain.add(`${name} may be an alias this line defines`);
      return false;
    }
    const quote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
    this.activeAliases.add(name);
    try {
      this.code([value, ...args.map((a) => quote(a.value))].join(' '), scope, [...origin, `alias ${name}`], inv.stdin);
    } finally {
      this.activeAliases.delete(name);
    }
    return true;
  }

  /** A file name written in a substitution's text (`"$scratch/.env"`): its `$name` and `${name}`
   *  parts replaced by the line's known values, each a plain path; otherwise undefined. */
  private expandName(f: string | undefined, scope: Scope): string | undefined {
    if (f === undefined || !f.includes('$')) return f;
    if (/[`'"\\]|\$\(|\$\{[^}]*[^\w}]/.test(f)) return undefined;
    let ok = true;
    const out = f.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_m, name: string) => {
      const v = this.lookup(scope, name);
      if (typeof v !== 'string' || v === '' || !/^[\w.\/@%+,:=~-]+$/.test(v)) ok = false;
      return typeof v === 'string' ? v : '';
    });
    return ok && !out.includes('$') ? out : undefined;
  }

  /** `env $(cat .env) cmd`: the file's assignments as the words env gets, when it can be read. */
  private envWords(argv: Word[], scope: Scope): Word[] {
    if (!argv.some((w) => w.dynamic)) return argv;
    return argv.flatMap((w, i) => {
      const f = i > 0 && w.dynamic ? this.expandName(envFileOfSubst(w.text), scope) : undefined;
      const abs = f === undefined ? undefined : resolveDir(scope.cwd, f, this.home());
      const text = abs === undefined ? null : this.fileText(abs);
      // No such file, and nothing before on the line wrote it (a copy of a file missing now is
      // missing too: writtenContent reads the source): cat prints nothing, so an unquoted
      // substitution gives env no words (rt27k: `cp .env.example "$scratch/.env"; env $(grep -v
      // '^#' "$scratch/.env" | xargs) npm run check-env` in a project without .env.example).
      if (text === null && abs !== undefined && (this.state === undefined || (writtenContent(this.state, abs) === undefined && !mayHaveMadeButCopies(this.state, abs))) && !existsSync(abs) && !w.text.startsWith('"')) return [];
      const vars = text === null ? undefined : [...dotenvAssignments(text)];
      // Only a file of assignments: any other word in it (`rm -rf data`) becomes env's command.
      const other = text !== null && text.split('\n').some((l) => l.trim() !== '' && !/^\s*#/.test(l) && !/^\s*(export\s+)?[A-Za-z_]\w*=\S*\s*$/.test(l));
      if (!vars || other || vars.some(([, v]) => v === null || /\s/.test(v!))) return [w];
      return vars.map(([k, v]) => lit(`${k}=${v}`));
    });
  }

  /** Files of the kind `pc` names that the line wrote under the tool's directory: walked as shell,
   *  judged as inline code in their language, or unknown. */
  private projectFiles(inv: Invocation, pc: ProjectCode, scope: Scope, origin: Origin[]): void {
    // Files under the directory it works in, and any the command names (`go run /tmp/x.go`).
    const named = new Set(inv.argv.slice(1).flatMap((w) => (w.dynamic ? [] : [resolveDir(inv.cwd, w.value, this.home())]).filter((x): x is string => !!x)));
    // A project file named elsewhere (`cargo run --manifest-path /tmp/w/Cargo.toml`, `mvn -f
    // /tmp/w/pom.xml`) makes its directory a project the tool works in too.
    const roots = [inv.cwd!, ...[...named].filter((abs) => pc.file.test(abs)).map((abs) => path.dirname(abs))];
    const where = (abs: string): boolean => pc.file.test(abs) && (pc.anywhere || named.has(abs) || (pc.lang === 'sh' && abs.includes('/.git/hooks/')) || roots.some((r) => abs.startsWith(r + '/')));
    for (const [abs, c] of writtenWhere(inv, where)) {
      const how = `${inv.name} loads ${path.relative(inv.cwd!, abs)}`;
      if (c !== null && !pc.lang && abs.endsWith('.go') && pureGo(c)) continue;
      // A pure class can still call classes the line compiled or wrote (on java's class path).
      if (c !== null && !pc.lang && abs.endsWith('.java') && pureJava(c) && !otherJvmCode(inv.written!, abs)) continue;
      if (c !== null && !pc.lang && inv.name === 'cargo' && path.basename(abs) === 'Cargo.toml' && pureCargoManifest(c)) continue;
      if (c !== null && !pc.lang && inv.name === 'cargo' && abs.endsWith('.rs') && pureRust(abs, c)) continue;
      // tox.ini: its commands run (tox's own reader; parse/runtime.ts toxCommands), read as shell.
      const tox = c !== null && inv.name === 'tox' && path.basename(abs) === 'tox.ini' ? toxCommands(c) : undefined;
      if (tox !== undefined) {
        this.code(tox, this.childScope(scope, inv), [...origin, how]);
        continue;
      }
      if (c === null || !pc.lang) inv.opaque = `${how}, which this line writes first`;
      else if (pc.lang === 'sh') this.code(c, this.childScope(scope, inv), [...origin, how]);
      // A Procfile: each `name: command` line is a shell command.
      else if (pc.lang === 'procfile') this.code(c.split('\n').flatMap((l) => /^\s*[\w.-]+\s*:(.*)$/.exec(l)?.[1]?.trim() || []).join('\n'), this.childScope(scope, inv), [...origin, how]);
      else {
        this.activeScripts.add('stand-in');
        try {
          this.emit([lit(pc.lang), lit(inlineFlag(pc.lang)!), lit(withDsl(c, pc.dsl))], [], [], undefined, scope, [...origin, how], inv.text);
        } finally {
          this.activeScripts.delete('stand-in');
        }
      }
    }
  }

  /** Hooks on disk a git command may run (parse/githooks.ts): each read like a script run by its
   *  path, at the top of the worktree. One the line wrote is judged by projectFiles instead. */
  private gitDiskHooks(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const t = gitHookTrigger(inv);
    if (!t || scope.cwd === undefined || t.chdir.includes('\0')) return;
    const cwd = t.chdir.reduce<string | undefined>((d, c) => (d === undefined ? d : resolveDir(d, c, this.home())), scope.cwd);
    const home = this.home();
    const found = cwd === undefined || home === undefined ? undefined : diskHooks(cwd, t.dirs, inv.vars, home, t.sub);
    if (!found) return;
    const runs: Array<[string, () => void]> = [
      ...found.hooks.filter((abs) => !(inv.written && writtenContent(inv.written, abs) !== undefined)).map((abs): [string, () => void] => [`hook\0${abs}`, () => {
        const inner = copyScope(scope);
        inner.cwd = found.top;
        this.emit([lit(abs)], [], [], undefined, inner, [...origin, `git runs its ${path.basename(abs)} hook`], inv.text);
      }]),
      // Command-valued config on disk (core.fsmonitor, a filter's clean, core.sshCommand...): git
      // runs the value through a shell.
      ...found.commands.map(([k, cmd]): [string, () => void] => [`config\0${k}\0${cmd}`, () => {
        const inner = copyScope(scope);
        inner.cwd = found.top;
        this.code(cmd, inner, [...origin, `git runs ${k} from its config`]);
      }]),
    ];
    for (const [key, run] of runs) {
      if (this.activeScripts.has(key)) continue;
      this.activeScripts.add(key);
      const start = this.out.length;
      const before = new Set(this.uncertain);
      try {
        run();
      } finally {
        this.activeScripts.delete(key);
      }
      // A hook on disk is judged by what it surely does, like a project's script read by its
      // interpreter: not by a program or word it only finds at run time (lefthook's and
      // pre-commit's launchers look for their binary, maybe under node_modules).
      for (const v of this.out.slice(start)) if (v.opaque && /only known at run time|\/node_modules\/\S*, which doesn't exist yet/.test(v.opaque)) delete v.opaque;
      for (const u of this.uncertain) if (!before.has(u)) this.uncertain.delete(u);
    }
  }

  /** CI files the line wrote, pushed or triggered (parse/ci.ts): their steps run on a CI runner. */
  private ciFiles(inv: Invocation, runs: (abs: string) => boolean, scope: Scope, origin: Origin[]): void {
    for (const [abs, c] of writtenWhere(inv, (abs) => abs.startsWith(inv.cwd! + '/') && runs(abs))) {
      const rel = path.relative(inv.cwd!, abs);
      const cmds = c === null ? null : ciCommands(abs, c, inv.name === 'git');
      if (cmds === null) {
        inv.opaque = `${inv.name} runs the CI steps of ${rel}, which this line writes first with content that can't be read`;
        continue;
      }
      // The runner works in a checkout of this project, with its own variables (the CI's secrets)
      // and home: read like the project's own commands, with every variable known only there.
      const o = [...origin, `${inv.name} runs the CI steps of ${rel}`];
      const from = this.out.length;
      const state = this.state;
      const uncertain = new Set(this.uncertain);
      for (const cmd of cmds) this.remoteShell(inv, scope, o, [lit(cmd)], false, inv.cwd);
      if (c === null || ciSelfHosted(abs, c) || ciOnHost(inv)) continue;
      // A hosted runner is a fresh machine with its own services: what stays on it is its own
      // (as for a pipeline only written, later.ts); what reaches outside it is judged.
      const text = c;
      this.out.splice(from, Infinity, ...this.out.slice(from).filter((w) => this.reachesOutside(w, text)));
      for (const w of this.out.slice(from)) if (!w.opaqueAlways) delete w.opaque;
      this.state = state;
      this.uncertain.clear();
      for (const u of uncertain) this.uncertain.add(u);
    }
  }

  /** A program the line wrote into a directory on $PATH (`> ~/bin/deploy; deploy`). */
  private writtenOnPath(inv: Invocation): string | undefined {
    const name = inv.argv[0]!.value;
    const dirs = (inv.vars.PATH ?? '').split(':');
    // npx/bunx/pnpm exec/yarn run a package's bin from node_modules/.bin first (`printf … >
    // node_modules/.bin/eslint && npx eslint .`).
    if (inv.via && NODE_BIN_RUNNERS.test(inv.via.name)) dirs.unshift('node_modules/.bin');
    for (const d of dirs) {
      const abs = resolveDir(inv.cwd, path.join(d || '.', name), this.home());
      if (abs && inv.written!.files.has(abs)) return abs;
    }
    return undefined;
  }

  /** The countersign the environment's PATH finds, resolved (undefined: none). */
  private realCountersign(): string | undefined {
    const f = programOn('countersign', this.ctx.env.PATH)?.file;
    return f && realPath(f);
  }

  /** A program on disk that a PATH directory the line added finds first (`export
   *  PATH=$PWD/tools:$PATH; ls` runs tools/ls when there is one): run like `tools/ls`, read when
   *  it is a script. Directories of the environment's own PATH hold its programs. */
  private plantedOnPath(inv: Invocation): string | undefined {
    const now = inv.vars.PATH;
    const env = this.ctx.env.PATH;
    const name = inv.argv[0]!.value;
    if (now === undefined || now === env || inv.argv[0]!.dynamic || name.includes('/') || !name) return undefined;
    const trusted = new Set((env ?? '').split(':').filter((d) => d.startsWith('/')));
    for (const d of now.split(':')) {
      const dir = resolveDir(inv.cwd, d || '.', this.home());
      if (dir === undefined) return undefined;
      const file = path.join(dir, name);
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st?.isFile() || !(st.mode & 0o111)) continue;
      return trusted.has(d) || trusted.has(dir) ? undefined : file;
    }
    return undefined;
  }

  /** What the line sets up at run time for this command (parse/runtime.ts): text for a raw
   *  socket, scripts and implicitly loaded files the line wrote first. */
  private runtime(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const read = (f: Word): string | null => {
      const abs = f.dynamic ? undefined : resolveDir(inv.cwd, f.value, this.home());
      return abs === undefined ? null : this.fileText(abs);
    };
    for (const cmd of shellEscapes(inv, read)) this.code(cmd, this.childScope(scope, inv), [...origin, `${inv.name} shell escape`]);
    const toSocket = inv.redirects.some((r) => r.op.includes('>') && r.target?.value.startsWith('/dev/tcp/'));
    const inUrl = urlPayload(inv);
    const sent = inUrl ?? (toSocket ? literalOutput(inv) : inv.stdin && inv.stdin.kind !== 'file' ? inv.stdin.text : undefined);
    const raw = rawProtocol(inv, sent);
    if (raw) {
      const stdin: StdinSource | undefined = toSocket || inUrl !== undefined ? { kind: 'pipe', from: inv.text, text: sent } : inv.stdin;
      this.emit(raw, [], [], stdin, scope, [...origin, `${inv.name} as ${raw[0]!.value}`], inv.text, false, inv);
    }
    // The inline stand-in keeps the variables, so it would load the same files again: once each.
    const inline = (code: string, how: Origin, disk = false, by?: string): void => {
      const flag = inlineFlag(by ?? inv.name);
      if (!flag || this.activeScripts.has(`load\0${showOrigin(how)}`)) return;
      this.activeScripts.add(`load\0${showOrigin(how)}`);
      this.activeScripts.add('stand-in');
      try {
        const standIn = this.emit([by ? lit(by) : inv.argv[0]!, lit(flag), lit(code)], inv.assignments, [], undefined, scope, [...origin, how], inv.text);
        if (standIn && disk) standIn.fromDisk = true;
      } finally {
        this.activeScripts.delete(`load\0${showOrigin(how)}`);
        this.activeScripts.delete('stand-in');
      }
    };
    if (this.activeScripts.has('stand-in')) return;
    this.codeSubcommand(inv, scope, origin);
    this.ipython(inv, scope, origin, inline);
    const pc = inv.written && inv.cwd !== undefined ? projectCode(inv) : undefined;
    if (pc) this.projectFiles(inv, pc, scope, origin);
    const ci = inv.written && inv.cwd !== undefined ? ciTrigger(inv) : undefined;
    if (ci) this.ciFiles(inv, ci, scope, origin);
    const s = interpreterScript(inv);
    let scriptAbs: string | undefined;
    // The code the interpreter runs, where it can be read: does it move its module search path?
    const codeSeen: string[] = [];
    if (s && !s.file.dynamic) {
      const abs = (scriptAbs = resolveDir(inv.cwd, s.file.value, this.home()));
      if (abs) this.scriptFiles.set(inv, abs);
      const c = abs === undefined ? undefined : writtenContent(inv.written, abs);
      const made = (p: string): boolean => [...inv.written!.files.keys()].some((k) => k.startsWith(p + '/'));
      // A script an earlier command already ran was there before the line (or never ran at all).
      let text: string | undefined;
      // `npx tsc && node dist/index.js`: what a build tool wrote, not yet on disk (see builtOnly).
      const built = typeof c !== 'string' && abs !== undefined && !!inv.written && !existsSync(abs) && builtOnly(inv.written, abs, this.ranScripts);
      if (built) {
        // run, not read
      } else if (c === null || (c === undefined && inv.written && abs && !existsSync(abs) && !made(abs) && !this.ranScripts.has(abs) && mayHaveMade(inv.written, abs))) inv.opaque = `${inv.name} runs ${s.file.value}, which this line writes first`;
      else if (c !== undefined) inline((text = c), inScript(s.file.value));
      else if (abs && !this.ranScripts.has(abs)) {
        // A script on disk (an agent's file tool may have written it just before): read like
        // the same code given inline.
        text = readCode(abs);
        if (text !== undefined) inline(text, inScript(s.file.value), true);
        // A FIFO or a device (`mkfifo /tmp/p`, fed by a job an earlier line left running): its
        // code comes from elsewhere, as for a shell reading one (unreadableScript). Standard
        // input and /dev/null are read as such.
        else if (!STDIN_PATHS.has(abs) && nonRegular(abs)) inv.opaque = `${inv.name} runs ${s.file.value}, which is not a file: its code comes from elsewhere (a pipe, a device)`;
      }
      if (abs && text !== undefined) this.projectModules(inv, [[abs, text]], inline, c === undefined);
      if (text !== undefined) codeSeen.push(text);
      if (abs) this.ranScripts.add(abs);
      // Running a script is not writing it: `python manage.py makemigrations && python manage.py
      // migrate` runs the same manage.py twice (what a run does to it is that run's own doing).
      for (let v: Invocation | undefined = inv; v; v = v.via) this.scriptWords.set(v, s.file.value);
    }
    // Inline or stdin code imports project modules like a script does (`python3 -c 'import wipe'`).
    const src = s || inv.cwd === undefined ? undefined : inlineSource(inv);
    if (src) {
      const abs = src.file && !src.file.dynamic ? resolveDir(inv.cwd, src.file.value, this.home()) : undefined;
      const text = src.text ?? (abs === undefined ? undefined : writtenContent(inv.written, abs) ?? readCode(abs));
      if (text) this.projectModules(inv, [[abs ?? path.join(inv.cwd!, '-'), text]], inline, false);
      if (text) codeSeen.push(text);
    }
    // `python -m pkg.tool`: the package's module on disk (pkg/tool.py, pkg/tool/__main__.py).
    const runs = pythonModule(inv).map((m) => resolveDir(inv.cwd, m, this.home())).filter((m): m is string => !!m && writtenContent(inv.written, m) === undefined);
    const onDisk = runs.flatMap((m): Array<[string, string]> => {
      const text = readCode(m);
      return text === undefined ? [] : [[m, text]];
    });
    for (const [m, text] of onDisk) inline(text, `${inv.name} -m ${path.relative(inv.cwd ?? '/', m)}`, true);
    if (onDisk.length) this.projectModules(inv, onDisk, inline, true);
    if (inv.written && inlineFlag(inv.name)) {
      // Modules the line wrote next to the code: importing one runs it.
      const dirs = [inv.cwd, scriptAbs && path.dirname(scriptAbs), ...(inv.vars.PYTHONPATH ?? '').split(':').map((d) => resolveDir(inv.cwd, d, this.home()))].filter((d): d is string => !!d);
      // Code that moves its search path or loads a module by a built name (`sys.path.insert(0,
      // '/tmp')`, `require(process.argv[1] + '/x.js')`) may load a module the line wrote anywhere.
      if (codeSeen.some((t) => movesModulePath(t))) dirs.push('');
      const mods = pythonModule(inv).map((m) => resolveDir(inv.cwd, m, this.home())).filter((m): m is string => !!m);
      const loads = new Set(implicitLoads(inv, false).map((l) => resolveDir(inv.cwd, l.file, this.home())));
      for (const [abs, c] of inv.written.files) {
        if (abs === scriptAbs || loads.has(abs) || !(moduleFile(inv, abs, dirs) || mods.includes(abs))) continue;
        if (c === null) inv.opaque = `${inv.name} may load ${path.basename(abs)}, which this line writes first`;
        else inline(c, `module ${path.basename(abs)}`);
      }
      for (const m of mods) if (writtenContent(inv.written, m) === null) inv.opaque = `${inv.name} -m runs ${path.basename(m)}, which this line writes first`;
      // A .pth file (its `import` lines) or sitecustomize.py the line wrote, wherever: python runs
      // them at start when they sit in a site directory, which `python3 -m site` names at run time.
      if (interpreterOf(inv.name) === 'python') {
        for (const [abs, c] of inv.written.files) {
          if (!SITE_STARTUP.test(path.basename(abs)) || loads.has(abs)) continue;
          if (c === null) inv.opaque = `${inv.name} may run ${path.basename(abs)} at start, which this line writes first`;
          else inline(c, `${path.basename(abs)} run at start`);
        }
        const named = inv.written.texts.find((t) => /\.pth\b|customize\.py\b/.test(t));
        if (named) inv.opaque ??= `${inv.name} may run ${named} at start, which this line writes first`;
      }
    }
    // `BASH_ENV=<(echo ...) bash -c ...`: bash runs a file the line names only at run time.
    if (SHELLS.has(inv.name) && inv.unknownVars?.includes('BASH_ENV')) inv.opaque ??= '$BASH_ENV loads a file only known at run time';
    // `ENV=<(echo ...) sh -i`: the same for a POSIX shell's (dash's, bash-as-sh's) interactive start
    // (ENV is a common name for a deploy environment: only with -i).
    if (SHELLS.has(inv.name) && inv.unknownVars?.includes('ENV') && inv.argv.some((w, i) => i > 0 && /^-[a-zA-Z]*i[a-zA-Z]*$/.test(w.value))) inv.opaque ??= '$ENV loads a file only known at run time';
    // `bash --rcfile <(echo ...) -i`: the same, named by an option.
    if (SHELLS.has(inv.name) && inv.argv.some((w, i) => i > 0 && w.dynamic && /^--(rcfile|init-file)$/.test(inv.argv[i - 1]!.value))) inv.opaque ??= `${inv.name} --rcfile loads a file only known at run time`;
    for (const l of implicitLoads(inv, SHELLS.has(inv.name))) {
      if (l.code !== undefined) {
        inline(l.code, l.how, false, l.by);
        continue;
      }
      const abs = resolveDir(inv.cwd, l.file, this.home());
      if (abs === undefined) {
        inv.opaque ??= `${l.how} loads ${l.file} from a directory only known at run time`;
        continue;
      }
      const c = writtenContent(inv.written, abs);
      if (c === null || (c !== undefined && l.as === 'binary')) inv.opaque = `${l.how} loads ${l.file}, which this line writes first`;
      else if (l.as === 'shell') {
        const text = c ?? readScript(abs, true);
        const key = `load\0${abs}`;
        const why = text === undefined ? unreadableScript(abs) : undefined;
        if (why) inv.opaque ??= `${l.how} loads ${l.file}, ${why}`;
        if (text === undefined || this.activeScripts.has(key)) continue;
        this.activeScripts.add(key);
        try {
          // A shell runs its startup files in its own environment, then its command: variables
          // they set (`export DATABASE_URL=…` in a BASH_ENV file) reach that command.
          const own = SHELLS.has(inv.name) ? (this.startupScopes.get(inv) ?? this.childScope(scope, inv)) : copyScope(scope);
          if (SHELLS.has(inv.name)) this.startupScopes.set(inv, own);
          this.code(text, own, [...origin, l.how]);
        } finally {
          this.activeScripts.delete(key);
        }
      } else if (c !== undefined) inline(c, `${l.how} ${l.file}`, false, l.by);
    }
  }

  /** `wp eval CODE`, `wp eval-file FILE`, `echo CODE | wp shell` (registry: `code-subcommands`):
   *  the code judged as its interpreter's inline code (`php -r CODE`), on the machine `--ssh=`
   *  or an `@alias` names. Code that can't be read (a run-time value, a file the line writes
   *  unseen or countersign can't read, a pipe) pauses. */
  /** IPython and Jupyter (parse/ipython.ts): each cell's python through the inline stand-in, its
   *  shell lines as code. A notebook on disk the line didn't write is read like a script on disk. */
  private ipython(inv: Invocation, scope: Scope, origin: Origin[], inline: (code: string, how: Origin, disk?: boolean, by?: string) => void): void {
    const runs = ipythonRuns(inv);
    if ('unknown' in runs) {
      inv.opaque ??= runs.unknown;
      return;
    }
    for (const r of runs) {
      let text: string | null | undefined;
      let disk = false;
      const s = inv.stdin;
      const file = r.kind === 'stdin' ? (s?.kind === 'file' ? s.path : undefined) : r.kind === 'text' ? undefined : r.word;
      if (r.kind === 'text') text = r.word!.dynamic ? null : r.word!.value;
      else if (file) {
        text = codeFileText(inv, file);
        const abs = file.dynamic ? undefined : resolveDir(inv.cwd, file.value, this.home());
        disk = typeof text === 'string' && (abs === undefined || writtenContent(inv.written, abs) === undefined);
      } else if (s) text = s.kind === 'file' || (s.kind === 'herestring' && s.dynamic) || s.text === undefined ? null : s.text;
      if (text === null) inv.opaque ??= `${r.how} runs code only known at run time`;
      if (typeof text !== 'string') continue;
      const parts = ipythonParts(text, r.kind === 'quarto' ? 'quarto' : r.kind === 'notebook' || /\.ipynb$/.test(file?.value ?? ''));
      if ('unknown' in parts) {
        if (!disk) inv.opaque ??= `${r.how}: ${parts.unknown}`;
        continue;
      }
      for (const p of parts) {
        if (p.unknown && !disk) inv.opaque ??= `${r.how}: ${p.unknown}`;
        if (/\S/.test(p.py.replace(/^\s*pass\s*$/gm, ''))) inline(p.py, r.how, disk, 'python3');
        if (p.shell.length) this.code(p.shell.join('\n'), this.childScope(scope, inv), [...origin, r.how]);
      }
    }
  }

  private codeSubcommand(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const spec = programFor(inv.name, this.ctx.programs);
    const cs = spec?.['code-subcommands'];
    if (!cs) return;
    const items = readItems(inv.argv.slice(1), spec);
    const pos = items.flatMap((it) => ('pos' in it ? [it.pos] : []));
    const alias = cs.alias && pos[0] && /^@[\w.-]+$/.test(pos[0].value) ? pos.shift()!.value : undefined;
    const sub = pos[0];
    if (!sub || sub.dynamic) return;
    const kind = cs.inline?.includes(sub.value) ? 'inline' : cs.file?.includes(sub.value) ? 'file' : cs.stdin?.includes(sub.value) ? 'stdin' : undefined;
    if (!kind) return;
    const how = `${inv.name} ${sub.value}`;
    const flag = inlineFlag(cs.lang);
    if (!flag) return;
    // Where it runs: `--ssh=[scheme:][user@]host[:port][path]`, else the alias' remote.
    const sshOpt = items.flatMap((it) => ('opt' in it && cs.ssh?.includes(it.opt) && it.value ? [it.value] : [])).at(-1);
    let remote: string | undefined;
    if (sshOpt) remote = sshOpt.dynamic ? '(a host only known at run time)' : (/^(?:[a-z-]+:)?(?:[^@]*@)?([^:/]+)/i.exec(sshOpt.value)?.[1] ?? sshOpt.value);
    else if (alias && alias !== '@local') remote = alias.slice(1); // its host is in a wp-cli.yml countersign doesn't read
    const run = (code: string, from: string): void => {
      const o: Origin[] = [...origin, from];
      if (remote) o.push(viaSsh(remote));
      this.activeScripts.add('stand-in');
      try {
        this.emit([lit(cs.lang), lit(flag), lit(code)], inv.assignments, [], undefined, scope, o, inv.text);
      } finally {
        this.activeScripts.delete('stand-in');
      }
    };
    const fromStdin = (): void => {
      const s = inv.stdin;
      if (!s) return; // a terminal: a person types it
      if (s.kind === 'file') return fromFile(s.path);
      if ((s.kind === 'herestring' && s.dynamic) || s.text === undefined) {
        inv.opaque = `${how} runs ${cs.lang} code ${s.kind === 'pipe' ? `piped from ${s.from}` : 'only known at run time'}`;
        return;
      }
      run(s.text, `${how} (stdin)`);
    };
    const fromFile = (f: Word | undefined): void => {
      if (!f) return;
      if (f.dynamic) {
        inv.opaque = `${how} runs ${f.text}, a file only known at run time`;
        return;
      }
      if (f.value === '-') return fromStdin();
      const abs = resolveDir(inv.cwd, f.value, this.home());
      const c = abs === undefined ? undefined : writtenContent(inv.written, abs);
      if (c === null) inv.opaque = `${how} runs ${f.value}, which this line writes first`;
      else if (typeof c === 'string') run(c, `${how} ${f.value}`);
      else {
        const text = abs === undefined || remote ? undefined : readCode(abs);
        if (text === undefined) inv.opaque = `${how} runs ${f.value}, ${remote ? `a file on ${remote}` : 'which countersign can\'t read'}`;
        else run(text, `${how} ${f.value}`);
      }
    };
    if (kind === 'inline') {
      const code = pos[1];
      if (!code) return;
      if (code.dynamic) inv.opaque = `${how} runs ${cs.lang} code only known at run time`;
      else run(code.value, how);
    } else if (kind === 'file') fromFile(pos[1]);
    else fromStdin();
  }

  /** The project modules a script imports, read transitively (bounded) and judged as the same
   *  language's code; a file the line wrote is read as written (one whose content is only known at
   *  run time pauses). A module on disk that can't be read pauses only when the code read so far
   *  mentions something a rule watches. */
  /** `disk`: the starting code was read from disk, not given or written by the line. */
  private projectModules(inv: Invocation, start: Array<[string, string]>, inline: (code: string, how: Origin, disk?: boolean) => void, disk: boolean): void {
    const lang = scriptLang(inv.name);
    if (!lang || inv.cwd === undefined) return;
    const cwd = inv.cwd;
    const dirs = searchDirs(lang, inv.argv.map((w) => w.value), inv.vars).map((d) => resolveDir(cwd, d, this.home())).filter((d): d is string => !!d);
    const seen = new Set(start.map(([f]) => f));
    let queue = start.map(([f, text]) => ({ f, text, depth: 0 }));
    let total = start.reduce((n, [, t]) => n + t.length, 0);
    let read = start.map(([, t]) => t).join('\n');
    const unseen: string[] = [];
    while (queue.length) {
      const next: typeof queue = [];
      for (const { f, text, depth } of queue) {
        for (const ref of moduleRefs(lang, text, f, cwd, dirs)) {
          let found = false;
          for (const m of ref.files) {
            const c = writtenContent(inv.written, m);
            if (c === undefined && !existsSync(m)) continue;
            found = true;
            if (seen.has(m)) continue;
            seen.add(m);
            const body = c ?? readCode(m);
            const rel = path.relative(cwd, m);
            if (body == null) unseen.push(`${rel}, which ${c === null ? 'this line writes first' : "countersign can't read"}`);
            else if (depth + 1 > MAX_IMPORT_DEPTH || seen.size > MAX_MODULES || (total += body.length) > MAX_MODULE_BYTES) unseen.push(`${rel}, past the ${MAX_MODULES} modules countersign reads`);
            else if (!/\.json$/.test(m)) {
              read += '\n' + body;
              inline(body, `module ${rel}`, c === undefined);
              // An installed package's file the project names is read; its own imports are the
              // package's (composer's autoloader, a library), not the project's.
              if (!THIRD_PARTY.test(m)) next.push({ f: m, text: body, depth: depth + 1 });
            }
          }
          if (!found && ref.local && ref.files[0]) {
            const w = ref.files.find((m) => writtenContent(inv.written, m) !== undefined || [...(inv.written?.files.keys() ?? [])].some((k) => k.startsWith(m + '/')));
            if (w) unseen.push(`${path.relative(cwd, w)}, which this line writes first`);
          }
        }
      }
      queue = next;
    }
    const mentions = this.ctx.mentions ?? (() => true);
    // A module the line itself writes with content only known at run time is that line's code.
    const written = unseen.find((u) => u.endsWith('this line writes first'));
    // A module on disk that can't be read is only a finding for code the line itself gives.
    if (written || (!disk && unseen.length && mentions(read))) inv.opaque ??= `${inv.name} imports ${written ?? unseen[0]}`;
  }

  /** The scope a loader's command runs in: its env files applied, or every variable unknown. */
  private loader(inv: Invocation, scope: Scope): { scope: Scope; inner?: Word[]; exact?: boolean; also?: Word[]; rc?: string } | undefined {
    const ld = envLoader(inv);
    if (!ld) return undefined;
    const inner = copyScope(scope);
    if (ld.unknown) inner.anyVar = ld.unknown;
    const dir = ld.dir ? (ld.dir.dynamic ? undefined : resolveDir(scope.cwd, ld.dir.value, this.home())) : scope.cwd;
    let files = ld.files;
    let rcCode: string | undefined;
    if (ld.by === 'direnv exec') {
      const abs = dir === undefined ? undefined : path.join(dir, '.envrc');
      const text = abs === undefined ? null : this.fileText(abs);
      const rc = text === null ? undefined : readEnvrc(text);
      if (!rc) {
        inner.anyVar = `direnv exec runs an .envrc countersign can't read`;
        // An .envrc is a bash script direnv runs first: what more it does than set variables counts.
        if (text !== null) rcCode = text;
      } else {
        for (const [k, v] of rc.vars) inner.vars.set(k, v);
        for (const k of rc.vars.keys()) inner.exported.add(k);
      }
      files = rc?.files ?? [];
    }
    for (const f of files) {
      const abs = dir === undefined ? undefined : resolveDir(dir, f, this.home());
      if (ld.optional && abs !== undefined && writtenContent(this.state, abs) === undefined && !existsSync(abs)) continue;
      const text = abs === undefined ? null : this.fileText(abs);
      if (text === null) {
        inner.anyVar = `${ld.by} loads ${f}, which countersign can't read`;
        continue;
      }
      for (const [k, v] of dotenvAssignments(text)) {
        // Loaders leave variables that are already set alone unless told to override.
        // A variable whose value is unknown (an earlier file's `$X`) is still set.
        const set = inner.vars.has(k) ? inner.vars.get(k) !== undefined : this.ctx.env[k] !== undefined;
        if (set && !ld.override) continue;
        inner.vars.set(k, v);
        inner.exported.add(k);
      }
    }
    for (const [k, v] of ld.assigns) {
      inner.vars.set(k, v);
      inner.exported.add(k);
    }
    return { scope: inner, ...(ld.inner ? { inner: ld.inner, exact: ld.exact, also: ld.also } : {}), ...(rcCode !== undefined ? { rc: rcCode } : {}) };
  }

  /** `git config alias.x ...` is remembered (a `!` value is walked now); a git subcommand that is
   *  an alias is walked as what it expands to. True when the invocation was an alias. */
  private gitAlias(inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const def = aliasDefinition(inv.argv);
    if (def) {
      const v = def.value;
      if (def.key.startsWith('alias.')) {
        this.gitAliases.set(def.name, v);
        if (!v.dynamic && v.value.startsWith('!')) this.runCode(inv, [{ ...v, value: v.value.slice(1) }], scope, [...origin, `git alias ${def.name}`], false);
      } else if (GIT_COMMAND_KEYS.test(def.key)) {
        // `git config core.pager CMD`: later git commands in the line (and after it) run CMD.
        this.runCode(inv, [v], scope, [...origin, `git config ${def.key}`], false);
      }
      return false;
    }
    const s = gitSubIndex(inv.argv);
    const sub = inv.argv[s];
    if (!sub || sub.dynamic) return false;
    const own = invocationAliases(inv);
    const files = this.writtenGitConfig(inv, scope, origin);
    const key = sub.value.toLowerCase();
    const val = own.get(key) ?? this.gitAliases.get(key) ?? files.get(key) ?? (GIT_BUILTINS.has(sub.value) ? undefined : own.get('*') ?? files.get('*'));
    if (!val) return false;
    const o = [...origin, `git alias ${sub.value}`];
    const rest = inv.argv.slice(s + 1);
    if (origin.filter((x) => typeof x === 'string' && x.startsWith('git alias')).length > 8) {
      this.uncertain.add('git aliases nest too deeply');
      return true;
    }
    if (val.dynamic) {
      inv.opaque = `git ${sub.value} may be an alias only known at run time`;
      return true;
    }
    if (val.value.startsWith('!')) {
      // git runs `sh -c '<alias> "$@"' <alias> ARGS...`: the arguments follow the code.
      if (rest.some((w) => w.dynamic)) inv.opaque = `git alias ${sub.value} runs with arguments only known at run time`;
      else this.code([val.value.slice(1), ...rest.map((w) => q(w.value))].join(' '), copyScope(scope), o);
      return true;
    }
    const words = splitAlias(val.value).map((v) => ({ value: v, dynamic: false, glob: false, text: val.text }));
    this.emit([...inv.argv.slice(0, s), ...words, ...rest], inv.assignments, [], inv.stdin, scope, o, inv.text, inv.moreArgs, inv);
    return true;
  }

  /** The program the line set $SHELL to, for a program that runs its command with $SHELL -c
   *  (script -c, flock -c, entr -s, tmux, screen, sudo -s): that program gets the command. */
  private lineShell(inv: Invocation): string | undefined {
    if (!SHELL_USERS.has(inv.name)) return undefined;
    const v = inv.vars.SHELL;
    if (v === undefined || v === this.ctx.env.SHELL || /^\/(usr\/)?(local\/)?bin\/(ba|da|z|k|mk)?sh$/.test(v)) return undefined;
    return v;
  }

  /** Git config files the line wrote (`>> .git/config`, `~/.gitconfig`): their aliases, and the
   *  commands their keys make git run (core.fsmonitor, core.pager...), walked once each. */
  private writtenGitConfig(inv: Invocation, scope: Scope, origin: Origin[]): Map<string, Word> {
    const out = new Map<string, Word>();
    if (!inv.written) return out;
    const unknown: Word = { value: '', dynamic: true, glob: false, text: '' };
    for (const [abs, c] of inv.written.files) {
      if (!isGitConfigFile(abs, this.home())) continue;
      if (c === null) {
        out.set('*', unknown);
        continue;
      }
      for (const [k, v] of configPairs(c)) {
        if (k.startsWith('alias.')) out.set(k.slice(6).toLowerCase(), lit(v));
        else if (/^include(if\..*)?\.path$/.test(k)) out.set('*', unknown);
        else if (GIT_COMMAND_KEYS.test(k) && !this.gitConfigRun.has(`${abs}\0${k}\0${v}`)) {
          this.gitConfigRun.add(`${abs}\0${k}\0${v}`);
          this.runCode(inv, [lit(v.replace(/^!/, ''))], scope, [...origin, `${path.basename(abs)} ${k}`], false);
        }
      }
    }
    return out;
  }

  /** PS4 (with `set -x`) and the other prompts expand like a double-quoted string each time they
   *  are shown: command substitutions in them run then. */
  private promptString(name: string, value: string, scope: Scope): void {
    this.code(`: "${value.replace(/(["\\])/g, '\\$1')}"`, copyScope(scope), [`$${name}`]);
  }

  /** A command run in a container with host directories mounted: walked with the mounts'
   *  targets rewritten to their host paths (containers.ts). */
  private container(inv: Invocation, run: ContainerRun, scope: Scope, origin: Origin[]): void {
    // A client of something outside (an HTTP API, a database, a cloud) sends the same request from
    // inside. Not `via` the engine: it acts where its URL or server says, not in the container.
    const outside = actsOutside(run, this.ctx.programs);
    if (!touchesMount(run)) {
      // Its files are the container's.
      if (outside) this.emit(run.inner, [], [], inv.stdin, copyScope(scope), [...origin, inContainer(inv.name, false)], inv.text, false);
      else if (run.inner[0] && !run.inner[0].dynamic && SHELLS.has(path.posix.basename(run.inner[0].value))) this.outsideOnly(inv, run, scope, origin);
      return;
    }
    const inner = copyScope(scope);
    inner.cwd = run.cwd;
    // The container's variables are its image's and what -e/--env-file pass, not this shell's.
    unknownAll(inner, `${inv.name} run: the container's environment`);
    const argv = run.inner.map((w) => (w.dynamic ? w : { ...w, value: rewriteMounts(w.value, run.mounts) }));
    // The host paths it can reach, when its mounts are all it can reach (types.ts, rt25fp1).
    const only = !run.dynamicMount && !run.compose && !run.volumesFrom && !run.hostPid && !run.hostAccess && !run.engineSocket && !run.mounts.some((m) => m.target === '/');
    this.emit(argv, [], [], inv.stdin, inner, [...origin, inContainer(inv.name, true, only ? run.mounts : undefined)], inv.text, false, outside ? undefined : inv);
  }

  /** A wrapper's bind mounts (`proot -b HOST:GUEST`, `bwrap --bind HOST GUEST`): the command's
   *  words (and shell text) naming a guest path are rewritten to the host path, as for a
   *  container's mounts. A host path only known at run time is left as it is. */
  private rebind(u: Unwrapped, scope: Scope): void {
    const mounts: ContainerRun['mounts'] = [];
    for (const b of u.binds ?? []) {
      const host = b.host.dynamic ? undefined : resolveDir(scope.cwd, b.host.value, this.home());
      if (host !== undefined && b.target.startsWith('/')) mounts.push({ target: path.posix.normalize(b.target).replace(/\/+$/, '') || '/', host });
    }
    if (!mounts.length) return;
    mounts.sort((x, y) => y.target.length - x.target.length);
    const rw = (w: Word): Word => (w.dynamic ? w : { ...w, value: rewriteMounts(w.value, mounts) });
    u.inner = u.inner.map(rw);
    if (u.shellText) u.shellText = u.shellText.map(rw);
  }

  /** `docker run -e DATABASE_URL postgres sh -c 'psql "$DATABASE_URL" -c "TRUNCATE users"'`: a
   *  shell in a container with no host directory mounted. What it runs on the container's own
   *  files stays there, but a client of something outside (a database, an HTTP API, a cloud)
   *  acts the same from inside: the shell's code is walked aside and only those are kept. */
  private outsideOnly(inv: Invocation, run: ContainerRun, scope: Scope, origin: Origin[]): void {
    const { walked } = this.walkAside(inv, run, scope, origin);
    for (const w of walked) if (w.argv.length && !SHELLS.has(w.name) && actsOutside({ ...run, inner: w.argv, remote: false }, this.ctx.programs)) this.out.push(w);
  }

  /** A container's command walked aside: its paths are the container's, not the host's, so
   *  nothing of the walk is kept but what it returns. What the walk may change that later
   *  commands read (aliases, hashed programs, git aliases, scripts run, uncertainty, state) is
   *  restored. `unsure`: code only known at run time it met. */
  private walkAside(inv: Invocation, run: ContainerRun, scope: Scope, origin: Origin[]): { walked: Invocation[]; unsure: string | undefined } {
    const before = this.out.length;
    const uncertain = new Set(this.uncertain);
    const state = this.state;
    const kept = [[this.aliases, new Map(this.aliases)], [this.hashed, new Map(this.hashed)], [this.gitAliases, new Map(this.gitAliases)]] as const;
    const ran = new Set(this.ranScripts);
    const inner = copyScope(scope);
    // Docker's default working directory is `/` (an image may set another; -w names it).
    inner.cwd = !run.workdir ? '/' : run.workdir.startsWith('/') ? path.posix.normalize(run.workdir) : undefined;
    // The container's `~` and $PWD are its own, and its variables.
    for (const k of ['HOME', 'PWD', 'OLDPWD']) inner.vars.set(k, null);
    unknownAll(inner, `${inv.name} run: the container's environment`);
    let walked: Invocation[];
    let unsure: string | undefined;
    try {
      this.emit(run.inner, [], [], inv.stdin, inner, [...origin, inContainer(inv.name, false)], inv.text, false);
    } finally {
      walked = this.out.splice(before);
      unsure = walked.find((w) => w.opaque)?.opaque ?? [...this.uncertain].find((u) => !uncertain.has(u));
      this.uncertain.clear();
      for (const u of uncertain) this.uncertain.add(u);
      this.state = state;
      for (const [m, copy] of kept) {
        m.clear();
        for (const [k, v] of copy as Map<string, never>) m.set(k, v);
      }
      this.ranScripts.clear();
      for (const r of ran) this.ranScripts.add(r);
    }
    return { walked, unsure };
  }

  /** `docker run --privileged --pid=host alpine nsenter -t 1 -m -- rm -rf /var/lib/x`: with the
   *  host's processes visible, nsenter enters the host's namespaces, so what it runs acts on this
   *  machine. The container's command is walked aside; what nsenter runs is kept. */
  private hostNamespaces(inv: Invocation, run: ContainerRun, scope: Scope, origin: Origin[]): void {
    const { walked } = this.walkAside(inv, run, scope, origin);
    for (const w of walked) if (w.origin.some((o) => o === 'nsenter')) this.out.push(w);
  }

  /** `docker run -v pgdata:/b alpine rm -rf /b/*`: a named volume emptied inside the container.
   *  The container's command is walked aside; a delete, truncation or overwrite under a named
   *  volume's mount (or code only known at run time) is judged as `docker volume rm NAME` on the
   *  same engine. */
  private namedVolumes(inv: Invocation, run: ContainerRun, scope: Scope, origin: Origin[]): void {
    const { walked, unsure } = this.walkAside(inv, run, scope, origin);
    const engine = /compose/.test(inv.name) ? 'docker' : inv.name;
    for (const v of run.volumes) {
      const how = walked.map((w) => emptiesPath(w, v.target)).find(Boolean) ?? (unsure && `code only known at run time (${unsure})`);
      if (!how) continue;
      const argv = [inv.argv[0]!, ...run.engineArgs, lit('volume'), lit('rm'), lit(v.name)].map((w, k) => (k === 0 ? { ...w, value: engine } : w));
      this.emit(argv, [], [], undefined, copyScope(scope), [...origin, inProject(`${inv.name} run: ${how} inside the container empties volume ${v.name}`)], inv.text, false);
    }
  }

  /** `env 'BASH_FUNC_f%%=() { ...}' bash -c f`: bash imports the function; walk its body. */
  private importedFunctions(inv: Invocation, scope: Scope, origin: Origin[]): void {
    for (const a of inv.assignments) {
      if (!a.name.startsWith('BASH_FUNC_')) continue;
      this.definedFunctions.add(/^BASH_FUNC_([\w.:+@-]+)%%$/.exec(a.name)?.[1] ?? '*');
      if (a.value.dynamic) inv.opaque = `${a.name} imports a function only known at run time`;
      else if (/^\(\)\s*\{/.test(a.value.value)) this.code(a.value.value.replace(/^\(\)\s*/, ''), copyScope(scope), [...origin, `function ${a.name}`]);
    }
  }

  /** CDPATH for a cd: a prefix assignment, the line's, or the environment's (null: unknown). */
  private cdpath(inv: Invocation, scope: Scope): string | null | undefined {
    const own = inv.assignments.find((a) => a.name === 'CDPATH');
    if (own) return own.value.dynamic ? null : own.value.value;
    const v = scope.vars.has('CDPATH') ? scope.vars.get('CDPATH') : this.ctx.env.CDPATH;
    return v;
  }

  private hash(argv: Word[]): void {
    const p = argv.findIndex((a, k) => k > 0 && /^-[a-zA-Z]*p$/.test(a.value));
    if (p < 0) return;
    const target = argv[p + 1];
    for (const n of argv.slice(p + 2)) {
      if (n.value.startsWith('-')) continue;
      this.hashed.set(n.value, !target || target.dynamic || n.dynamic ? null : target.value);
    }
  }

  /** Words that form shell code (eval's arguments, bash -c's string): parse them again. */
  private runCode(inv: Invocation, words: Word[], scope: Scope, origin: Origin[], join = true, positional?: Word[], inPlace = false, stdin?: StdinSource, listedBy?: Invocation): void {
    if (words.length === 0) return;
    if (words.some((w) => w.dynamic)) {
      inv.opaque = `${showOrigin(origin[origin.length - 1]!)} runs code built at run time`;
      return;
    }
    const text = join ? words.map((w) => w.value).join(' ') : words[0]!.value;
    const shell = this.lineShell(inv);
    if (shell) return void this.emit([lit(shell), lit('-c'), lit(text)], [], [], stdin, copyScope(scope), [...origin, '$SHELL'], inv.text);
    const inner = inPlace ? scope : copyScope(scope);
    // find's `{}` handed to `sh -c`: the rules read find's name filters for "$1" too.
    const via = listedBy ?? (inv.via?.name === 'find' ? inv.via : undefined);
    if (positional) setPositionalWords(inner, undefined, positional.length ? positional : [{ value: '', dynamic: true, glob: false, text: '' }], via);
    this.code(text, inner, origin, stdin);
  }

  private shell(inv: Invocation, scope: Scope, origin: Origin[]): void {
    // `bash -n FILE` (noexec) reads its commands without running them: a syntax check
    // (redteam22-fp1: `for f in scripts/*.sh; do bash -n "$f"; done`).
    if (syntaxOnly(inv.argv)) return;
    const mode = shellMode(inv.argv);
    const o = [...origin, `${inv.name} -c`];
    const child = this.startupScopes.get(inv) ?? this.childScope(scope, inv);
    // Arguments appended at run time (xargs) are unknown positionals; a glob one is some path
    // the pattern matches (setPositionalWords).
    const args = mode.kind === 'string' ? [...mode.args] : [];
    if (inv.moreArgs && mode.kind === 'string') args.push({ value: '', dynamic: true, glob: false, text: '(appended at run time)' });
    // The command string's commands read the shell's stdin (`printf 'DROP …' | bash -c 'psql app'`).
    if (mode.kind === 'string') {
      const from = this.out.length;
      this.runCode(inv, [mode.code], child, o, false, args, false, inv.stdin);
      // A secrets runner's shell (`doppler run -c prd -- sh -c 'curl …'`): the commands it runs get
      // the runner's variables too, so they are judged with the runner (targets/index.ts).
      const runner = inv.via && programFor(inv.via.name)?.injects ? inv.via : undefined;
      if (runner) for (const x of this.out.slice(from)) x.via ??= runner;
      return;
    }
    if (mode.kind === 'script') return this.script(inv, mode.file, child, origin, mode.args);
    this.stdinCode(inv, child, [...origin, `${stdinLabel(inv.stdin)} ${inv.name}`]);
  }

  /** Commands read line by line from files or stdin (GNU parallel with no command of its own). */
  private inputCommands(inv: Invocation, files: Word[], scope: Scope, origin: Origin[]): void {
    const texts: string[] = [];
    const fromFile = (f: Word): void => {
      const t = codeFileText(inv, f);
      if (t === null) inv.opaque ??= `${inv.name} runs the commands in ${f.text}, whose content can't be known here`;
      else if (t !== undefined) texts.push(t);
    };
    if (files.length) files.forEach(fromFile);
    else {
      const s = inv.stdin;
      if (s?.kind === 'file') fromFile(s.path);
      else if (s && s.text !== undefined && !(s.kind === 'herestring' && s.dynamic)) texts.push(s.text);
      else inv.opaque ??= s?.kind === 'pipe' ? `${inv.name} runs each line \`${s.from.slice(0, 60)}\` prints as a command` : `${inv.name} runs each line of its input as a command`;
    }
    if (texts.length) this.runCode(inv, [lit(texts.join('\n'))], scope, [...origin, `${inv.name} input`], true);
  }

  /** `at TIME`, `batch`: a job of shell code, read from stdin or `-f FILE` and run later by
   *  /bin/sh with this environment. Listing, removing or showing jobs (-l, -r, -d, -c) runs none. */
  private atJob(inv: Invocation, scope: Scope, origin: Origin[]): void {
    let file: Word | undefined;
    for (let i = 1; i < inv.argv.length; i++) {
      const w = inv.argv[i]!;
      if (w.dynamic && w.value.startsWith('-')) {
        inv.opaque = `${inv.name} takes options only known at run time`;
        return;
      }
      if (w.value === '--') break;
      if (!w.value.startsWith('-') || w.value === '-') continue; // the time
      for (let k = 1; k < w.value.length; k++) {
        const c = w.value[k]!;
        if ('lrdcV'.includes(c)) return;
        if (!'qft'.includes(c)) continue;
        const value = k + 1 < w.value.length ? { ...w, value: w.value.slice(k + 1), text: w.value.slice(k + 1) } : inv.argv[++i];
        if (c === 'f') file = value;
        break;
      }
    }
    const child = this.childScope(scope, inv);
    const o = [...origin, `${inv.name} job`];
    if (file) this.script(inv, file, child, o);
    else this.stdinCode(inv, child, o);
  }

  /** The variables a new shell process starts with: exported ones and the command's prefixes
   *  (`T=x sh -c '...$T'`); the rest are unset there. */
  private childScope(scope: Scope, inv: Invocation): Scope {
    const c = copyScope(scope);
    c.shell = {};
    for (const k of c.vars.keys()) if (!/^(\d+|#)$/.test(k) && !this.visible(c, k)) c.vars.set(k, this.ctx.envComplete ? undefined : null);
    for (const a of inv.assignments) {
      c.vars.set(a.name, a.value.dynamic ? null : a.value.value);
      c.exported.add(a.name);
    }
    return c;
  }

  /** A script file run or sourced: written earlier in this line means code built at run time;
   *  otherwise its current text is read and walked like the line itself. */
  private script(inv: Invocation, file: Word, scope: Scope, origin: Origin[], args: Word[] = [], opened?: { origin: Origin[]; cwd: string | undefined }): void {
    if (file.dynamic) {
      inv.opaque = `${inv.name} runs a script whose name is only known at run time`;
      return;
    }
    // `opened`: where a `<` redirect opened it (the runner's side: `docker exec -i c sh < x.sh`).
    const abs = resolveDir(opened ? opened.cwd : scope.cwd, file.value, this.home());
    if (abs === undefined) {
      // In a pod, a container or on another machine no file can be read from here, wherever the
      // directory is: a program run by path there is a binary like one named by an absolute path
      // (`kubectl exec deploy/api -- bin/rails runner ...`), as for `docker exec`, on a line that
      // wrote nothing (`kubectl cp x pod:/app/bin/x && kubectl exec pod -- bin/x` may have put it
      // there). A shell reading it is still code nobody has seen.
      const asShell = SHELLS.has(inv.name) || inv.name === 'source' || inv.name === '.';
      if (!asShell && !inv.written && runsElsewhere(inv)) return;
      inv.opaque = `${inv.name} runs ${file.value} from a directory only known at run time`;
      return;
    }
    this.scriptFiles.set(inv, abs);
    // Written earlier in the line: its literal text when the line shows it, else unknown.
    const written = writtenContent(inv.written, abs);
    // What a compiler or build tool made from the sources on disk (`go build -o bin/app &&
    // ./bin/app`) is a program like one built before the line: run, not read.
    if ((written === null || (written === undefined && inv.written && !existsSync(abs))) && builtOnly(inv.written!, abs, this.ranScripts)) return;
    // A program pip installed into a virtual environment this line created: run, not read.
    if ((written === null || (written === undefined && !existsSync(abs))) && !SHELLS.has(inv.name) && inv.name !== 'source' && inv.name !== '.' && venvProgram(abs, inv.written)) return;
    if (written === null) {
      inv.opaque = `${inv.name} runs ${file.value}, which this line writes first`;
      return;
    }
    // On another machine, in a container or a pod, `/tmp/x.sh` is that machine's file, not this
    // one's: a program there is its binary; a shell reading it runs code nobody has seen here.
    if (written === undefined && elsewhere(opened?.origin ?? inv.origin)) {
      if (SHELLS.has(inv.name) || inv.name === 'source' || inv.name === '.' || AT.has(inv.name)) inv.opaque = `${inv.name} runs ${file.value} where it runs, which can't be read from here`;
      return;
    }
    // Running it is not writing it (`bin/rails db:migrate && bin/rails test`); see ranScripts.
    const ran = this.ranScripts.has(abs);
    this.ranScripts.add(abs);
    for (let v: Invocation | undefined = inv; v; v = v.via) this.scriptWords.set(v, file.value);
    // A shell told to run a file reads it as shell code whatever its first line says.
    const asShell = SHELLS.has(inv.name) || inv.name === 'source' || inv.name === '.' || AT.has(inv.name);
    // `bash /dev/stdin <<< CODE`: the shell's own input.
    if (asShell && /^\/dev\/(stdin|fd\/0)$|^\/proc\/self\/fd\/0$/.test(abs) && inv.stdin?.kind !== 'file') return this.stdinCode(inv, scope, [...origin, `${stdinLabel(inv.stdin)} ${inv.name}`]);
    const text = written ?? readScript(abs, asShell);
    // A file the line wrote whose first line names another interpreter runs as that language's
    // script (`printf '#!/usr/bin/env python3\n...' > t; ./t`), not as shell. So does one on disk
    // (an agent's file tool wrote `wipe.py`, then `./wipe.py`), as `python3 wipe.py` would be read;
    // not a package's own bin (node_modules, a virtual environment), run like any program.
    const interp = !asShell && typeof written === 'string' ? shebangProgram(written) : !asShell && written === undefined && text === undefined && !packageBin(abs) ? diskShebang(abs) : undefined;
    if (interp !== undefined && !SHELLS.has(interp)) {
      if (inlineFlag(interp)) {
        // The interpreter reads the file on disk unless an earlier command of the line ran it.
        if (!ran && written === undefined) this.ranScripts.delete(abs);
        return this.runtime({ ...inv, name: interp, argv: [lit(interp), file, ...args] }, scope, origin);
      }
      inv.opaque = `${inv.name} runs ${file.value}, which this line writes in a language countersign doesn't read (${interp})`;
      return;
    }
    if (text === undefined) {
      // Not there yet, on a line that writes files: something before it must create it.
      if (inv.written && !existsSync(abs) && !ran && !fromNewVenv(abs, inv.written) && mayHaveMade(inv.written, abs)) inv.opaque = `${inv.name} runs ${file.value}, which doesn't exist yet: the line must create it`;
      // A program run by path that can't be read is a binary like any other; a shell reading
      // commands from it is running code nobody has seen.
      const why = asShell ? unreadableScript(abs) : undefined;
      if (why) inv.opaque = `${inv.name} runs ${file.value}, ${why}`;
      return;
    }
    const inner = copyScope(scope);
    // `source f` with no arguments keeps the caller's positional parameters.
    if (args.length || inv.name !== 'source' && inv.name !== '.') setPositionalWords(inner, file.value, args);
    const before = new Set(this.uncertain);
    // Its commands read the stdin it was given (`./wipe.sh <<< "DROP …"` with `exec psql "$@"` inside).
    this.code(text, inner, [...origin, inScript(file.value)], inv.stdin);
    // A script that mentions nothing any rule watches can't hide a destructive command in what
    // the parser couldn't read (run-time code it builds is still reported as opaque).
    if (this.ctx.mentions && !this.ctx.mentions(text)) for (const u of this.uncertain) if (!before.has(u)) this.uncertain.delete(u);
  }

  /** Package scripts and make recipes the invocation runs: each is walked in its directory. */
  private indirect(inv: Invocation, ind: Indirection, scope: Scope, origin: Origin[]): void {
    if (ind.opaque) inv.opaque = ind.opaque;
    const changed = ind.files?.find((f) => this.changes(f, inv));
    if (changed) inv.opaque = `${inv.name} runs code from ${path.basename(changed)}, which this line changes first`;
    const mentions = this.ctx.mentions ?? (() => true);
    if (ind.dynamicArgs && ind.runs.some((r) => mentions(r.text))) inv.opaque ??= `${inv.name} passes arguments only known at run time to a script`;
    for (const r of ind.runs) {
      const key = `${r.dir}\0${r.label}`;
      if (this.activeScripts.has(key)) continue; // a script that runs itself is walked once
      this.activeScripts.add(key);
      const inner = copyScope(scope);
      inner.cwd = r.dir;
      setPositional(inner, ['sh']);
      const before = new Set(this.uncertain);
      try {
        this.code(r.text, inner, [...origin, inProject(r.label)]);
      } finally {
        this.activeScripts.delete(key);
      }
      if (!mentions(r.text)) for (const u of this.uncertain) if (!before.has(u)) this.uncertain.delete(u);
    }
  }

  /** Whether the line, before `inv`, may change file `f`: a redirection to it, a command naming
   *  it (cp, sed -i, mv, git checkout...), or `npm pkg set` / `npm set-script`. */
  private changes(f: string, inv: Invocation): boolean {
    return writtenContent(inv.written, f) === null;
  }

  /** A shell or `source /dev/stdin` reading its commands from stdin. */
  private stdinCode(inv: Invocation, scope: Scope, origin: Origin[], inPlace = false): void {
    const s = inv.stdin;
    if (!s) {
      // `bash`, `exec bash`: after its startup files it reads commands from its input, which this
      // line doesn't show. Under `countersign -c` that is whatever the agent's tool connected (a
      // pty or pipe it can write to); in a session, a shell that replaces the guarded one. Where
      // that input may be written (rules: inputOpen) the commands that follow are never judged,
      // so it pauses. (The session drops it for the nested shells it guards itself.)
      // Only the line's own input: inside other code (`echo x | bash -c 'bash'`) the shell reads
      // whatever that code's caller connected, which this walk doesn't carry.
      // Nor with its input moved (`bash <&3`) or as a coprocess the line writes to.
      // A shell in a container or pod (`docker exec -it c sh`, `kubectl exec -it POD -- bash`)
      // reads what the exec forwards: the line's own input when the exec has none of its own.
      if (!inv.redirects.some((r) => r.op.includes('<')) && inv.origin.every(ownInput)) inv.readsInput = SHELL_READS_INPUT;
      else inv.opaque = SHELL_READS_INPUT;
      return;
    }
    const sc = inPlace ? scope : copyScope(scope);
    if (s.kind === 'heredoc') for (const n of s.runtime ?? []) {
      sc.vars.set(n, null);
      sc.exported.add(n);
    }
    if (s.kind === 'heredoc' || (s.kind === 'herestring' && !s.dynamic)) return this.code(s.text, sc, origin);
    if (s.kind === 'pipe' && s.text !== undefined) return this.code(s.text, sc, origin);
    // A script file, opened where the redirect was written (`docker exec -i c bash < x.sh` reads it here).
    if (s.kind === 'file' && !s.path.dynamic) return this.script(inv, s.path, sc, origin, [], s.at);
    inv.opaque = s.kind === 'pipe' ? `a shell runs what \`${s.from.slice(0, 60)}\` prints` : 'a shell reads commands built at run time';
  }

  /** `source f` / `. f` runs f in this shell: what it sets holds for the rest of the line. What
   *  can't be read (a run-time name, a pipe, a missing or unreadable file) may set anything. */
  private source(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const f = inv.argv[1];
    if (!f) return;
    const unread = (why: string): void => {
      unknownAll(scope, `${inv.name} ${f.text}: ${why}`);
    };
    // `source <(kubectl completion bash)`: an installed tool's shell set-up, as with eval.
    if (f.dynamic && this.evalOfShellInit(inv, scope)) return;
    if (f.dynamic && inv.argv.length === 2 && this.filteredSource(f.text, /^<\((.*)\)$/s, inv, scope, origin)) return;
    const choices = f.dynamic ? this.choicesOf(scope, f) : undefined;
    if (choices) return this.sourceChoices(inv, choices, scope, origin);
    if (f.dynamic && this.sourceFiltered(inv, f, scope, origin)) return;
    if (f.dynamic) {
      inv.opaque = `${inv.name} reads code from a file only known at run time`;
      return unread('a file only known at run time');
    }
    if (/^\/dev\/(stdin|fd\/0)$|^\/proc\/self\/fd\/0$/.test(f.value)) {
      this.stdinCode(inv, scope, [...origin, 'source'], true);
      if (inv.opaque) unread('code read from stdin');
      return;
    }
    if (/^\/dev\/fd\/|^\/proc\/self\/fd\//.test(f.value)) {
      inv.opaque = `${inv.name} reads code from a pipe`;
      return unread('code read from a pipe');
    }
    // bash looks a name without a slash up in PATH first; a file here is the usual case.
    const abs = resolveDir(scope.cwd, f.value, this.home());
    // Claude Code's wrapper sources its own snapshot of the user's shell (functions, aliases,
    // options, PATH) before each command (`source ~/.claude/shell-snapshots/snapshot-bash-….sh
    // 2>/dev/null || true && eval '…'`). One on disk is read like any file; where there is none
    // and nothing earlier on the line may make one, bash finds none either: it sets nothing.
    // (Any other missing file stays unknown: it may be there when the line runs.)
    if (abs !== undefined && /\/\.claude\/shell-snapshots\/snapshot-[\w.-]+\.sh$/.test(abs) && !lstatSync(abs, { throwIfNoEntry: false }) && writtenContent(this.state, abs) === undefined && !(this.state && mayHaveMade(this.state, abs))) return;
    const text = abs === undefined ? null : this.fileText(abs, true);
    // A path (with a slash: a bare name is looked up on PATH first) to nothing, which the line
    // doesn't write: bash reports it and sets nothing.
    if (text === null && abs !== undefined && f.value.includes('/') && this.surelyAbsent(abs, inv)) return;
    if (text === null) {
      if (abs !== undefined && writtenContent(this.state, abs) === null) inv.opaque = `${inv.name} runs ${f.value}, which this line writes first`;
      const why = abs === undefined ? undefined : unreadableScript(abs);
      if (why) inv.opaque ??= `${inv.name} runs ${f.value}, ${why}`;
      return unread(abs === undefined ? 'from a directory only known at run time' : 'a file countersign can\'t read');
    }
    const args = inv.argv.slice(2);
    const inner = args.length ? copyScope(scope) : scope;
    if (args.length) setPositionalWords(inner, f.value, args);
    const before = new Set(this.uncertain);
    this.code(text, inner, [...origin, inScript(f.value)]);
    if (this.ctx.mentions && !this.ctx.mentions(text)) for (const u of this.uncertain) if (!before.has(u)) this.uncertain.delete(u);
    if (inner !== scope) {
      for (const [k, v] of inner.vars) if (!/^(\d+|#)$/.test(k)) scope.vars.set(k, v);
      for (const k of inner.exported) scope.exported.add(k);
      scope.cwd = inner.cwd;
      if (inner.anyVar) unknownAll(scope, inner.anyVar);
      scope.allexport = inner.allexport;
      for (const [k, v] of inner.funcs) scope.funcs.set(k, v);
    }
  }

  /** A file that isn't there when the line runs `inv`: missing now, not written by the line, and
   *  only shell builtins ran before (any other program, `make env`, `vercel env pull`, may make it). */
  private surelyAbsent(abs: string, inv: Invocation, own: string[] = []): boolean {
    if (writtenContent(this.state, abs) !== undefined || existsSync(abs) || unreadableScript(abs)) return false;
    const at = this.out.indexOf(inv);
    const before = this.out.slice(0, at < 0 ? this.out.length : at);
    // The substitution's own pipeline (`<(grep ... | sed ...)`) ran just before: it only reads.
    const theirs = before.slice(before.length - own.length);
    if (own.length && theirs.map((o) => o.name).join(' ') === own.join(' ')) before.length -= own.length;
    return before.every((o) => NOTHING_MADE.has(o.name) && !o.opaque);
  }

  /** `source <(grep -v '^#' .env | sed 's/^/export /')`, `eval "$(grep ... .env)"`: the lines of one
   *  file that a pipeline of the system's cat/grep/sed prints, run as if sourced (filteredFile). */
  private filteredSource(text: string, form: RegExp, inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const m = form.exec(text);
    const ff = m ? filteredFile(m[1]!) : undefined;
    if (!ff || !ff.programs.every((p) => this.systemProgram(p, scope))) return false;
    const abs = resolveDir(scope.cwd, ff.file, this.home());
    let t = abs === undefined ? null : this.fileText(abs, true);
    // A missing file the line doesn't write: grep, sed and cat print nothing (an error on stderr).
    if (t === null && abs !== undefined && this.surelyAbsent(abs, inv, ff.programs)) t = '';
    if (t === null) return false;
    this.code(ff.apply(t), scope, [...origin, inScript(ff.file)]);
    return true;
  }

  /** `source <(grep -w KEY .env)` where filteredSource can't work out the lines (a pattern or option
   *  it doesn't model): some of a file's lines, whole (not -o), run as code. Which lines only run
   *  time knows, so each line is
   *  read alone with every variable unknown: none may do harm whichever others run before it. A
   *  file that isn't there runs nothing (as `source .env` would fail); one the line writes with
   *  content it doesn't show is opaque. (rt24fp1) */
  private sourceFiltered(inv: Invocation, f: Word, scope: Scope, origin: Origin[]): boolean {
    if (inv.argv.length !== 2) return false;
    const m = /^<\((.*)\)$/s.exec(f.text);
    if (!m) return false;
    const words: string[] = [];
    const tok = /\s*(?:'([^']*)'|"([^"$`\\]*)"|([^\s'"$`\\;|&<>(){}]+))/y;
    let at = 0;
    const body = m[1]!.trimEnd();
    while (at < body.length) {
      tok.lastIndex = at;
      const t = tok.exec(body);
      if (!t || tok.lastIndex === at) return false;
      words.push(t[1] ?? t[2] ?? t[3]!);
      at = tok.lastIndex;
    }
    if (words[0] !== 'grep' || !this.systemProgram('grep', scope)) return false;
    // Options that keep every printed line a whole line of the file, and one pattern.
    const ops: string[] = [];
    for (let k = 1; k < words.length; k++) {
      const w = words[k]!;
      if (w === '-e' || w === '--regexp') { ops.push(words[++k] ?? ''); continue; }
      if (w.startsWith('--regexp=')) { ops.push(w.slice(9)); continue; }
      if (/^-[EFGivxwsh]+$/.test(w) || /^--(extended-regexp|fixed-strings|basic-regexp|invert-match|ignore-case|line-regexp|word-regexp|no-messages|no-filename)$/.test(w)) continue;
      if (w.startsWith('-') && w !== '-') return false;
      ops.push(w);
    }
    const hasE = words.some((w, k) => k > 0 && (w === '-e' || w === '--regexp' || w.startsWith('--regexp=')));
    const files = hasE ? ops.slice(words.filter((w, k) => k > 0 && (w === '-e' || w === '--regexp' || w.startsWith('--regexp='))).length) : ops.slice(1);
    if (files.length !== 1 || files[0] === '-' || /[*?[]/.test(files[0]!)) return false;
    const abs = resolveDir(scope.cwd, files[0]!, this.home());
    if (abs === undefined) return false;
    const text = this.fileText(abs, true);
    if (text === null) {
      if (writtenContent(this.state, abs) === null) inv.opaque = `${inv.name} runs lines of ${files[0]}, which this line writes first`;
      unknownAll(scope, `${inv.name} ${f.text}: a file countersign can't read`);
      return true;
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim() && !/^\s*#/.test(l));
    // Lines that join what follows them, whichever line that is: a continuation, a heredoc (the
    // lines after it become its input: `psql <<E` then `DROP TABLE t`).
    if (lines.some((l) => /\\$|<</.test(l))) return false;
    for (const line of lines) {
      const inner = copyScope(scope);
      unknownAll(inner, `${inv.name} ${f.text}: lines only run time picks`);
      this.code(line, inner, [...origin, inScript(files[0]!)]);
    }
    unknownAll(scope, `${inv.name} ${f.text}: lines only run time picks`);
    return true;
  }

  /** `. "$rc"` where an if/elif/else set rc to one of known files: each is sourced as a branch.
   *  An arm's `"$ZDOTDIR/.zshrc"` with ZDOTDIR set by nothing countersign sees (not the line, not
   *  the environment) is zsh's own startup file, chosen by the zshenv files zsh ran before this
   *  line and as trusted as they are: not read, and it may set any variable. Anything else only
   *  known at run time is opaque, as before. */
  private sourceChoices(inv: Invocation, choices: Choice[], scope: Scope, origin: Origin[]): void {
    const ownStartup = (c: Choice): boolean =>
      this.ctx.dialect === 'zsh' && /^"?\$\{?ZDOTDIR\}?\/\.z(shenv|profile|shrc|login)"?$/.test(c.text) && !scope.vars.has('ZDOTDIR') && this.ctx.env.ZDOTDIR === undefined && !scope.anyVar;
    if (choices.some((c) => c.value === null && !ownStartup(c))) {
      inv.opaque = `${inv.name} reads code from a file only known at run time`;
      unknownAll(scope, `${inv.name} ${inv.argv[1]!.text}: a file only known at run time`);
      return;
    }
    for (const c of choices) {
      if (c.value === '') continue; // `. ""` fails: nothing runs
      const arm = copyScope(scope);
      if (c.value === null) unknownAll(arm, `${inv.name} ${c.text}: zsh's startup file, not read`);
      else {
        const one: Invocation = { ...inv, argv: [inv.argv[0]!, { ...inv.argv[1]!, value: c.value, dynamic: false }, ...inv.argv.slice(2)] };
        this.source(one, arm, origin);
        if (one.opaque) inv.opaque ??= one.opaque;
      }
      mergeBranch(scope, arm);
    }
  }

  private findExec(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const a = inv.argv;
    // `{}` is some path under find's starting points: with known roots, a pattern below each
    // (`find src tests -exec rm {} +` gets one word per root, as if both were named).
    const roots: Word[] = [];
    for (let i = 1; i < a.length && !/^[-(!]/.test(a[i]!.value); i++) roots.push(a[i]!);
    const known = roots.every((r) => !r.dynamic && !r.glob) ? (roots.length ? roots.map((r) => r.value.replace(/\/+$/, '') || '/') : ['.']) : undefined;
    const under = (w: Word): Word[] =>
      known === undefined ? [{ ...w, dynamic: true }] : known.map((root) => ({ ...w, value: w.value.replace('{}', `${root === '/' ? '' : root}/**`), glob: true, dynamic: false }));
    for (let i = 1; i < a.length; i++) {
      const v = a[i]!.value;
      if (v !== '-exec' && v !== '-execdir' && v !== '-ok' && v !== '-okdir') continue;
      let j = i + 1;
      while (j < a.length && a[j]!.value !== ';' && a[j]!.value !== '+') j++;
      const cmd = a.slice(i + 1, j).flatMap((w, k) => (w.value.includes('{}') ? (k > 0 && w.value === '{}' ? under(w) : [{ ...w, dynamic: true }]) : [w]));
      // With `+`, find fills `{}` with many paths: the `{}` word already stands for them.
      if (cmd.length) this.emit(cmd, [], [], undefined, v.endsWith('dir') ? { ...scope, cwd: undefined } : scope, [...origin, `find ${v}`], inv.text, false, inv);
      i = j;
    }
  }

  /** `fd [PATTERN] [PATH] -x|-X CMD ARGS [;]`: CMD runs on the matches like find -exec. `{}` (or
   *  the path fd appends without one) is under the search root; a find with fd's name filter
   *  stands in as its `via`, so the rules spare a protected dir it can't select (src/rules/find.ts). */
  private fdExec(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const a = inv.argv;
    // -x CMD, --exec=CMD, -xCMD, flags bundled before it (-Hx CMD).
    const EXEC = /^(?:--exec(?:-batch)?(?:=(.*))?|-[HIusiFgaLp01q]*[xX](.*))$/s;
    const x = a.findIndex((w, k) => k > 0 && !w.dynamic && EXEC.test(w.value));
    if (x < 0) return;
    const m = EXEC.exec(a[x]!.value)!;
    const attached = m[1] || m[2];
    const pos: Word[] = [];
    let ext: Word | undefined;
    let exts = 0;
    let glob = false;
    let fullPath = false;
    for (let i = 1; i < x; i++) {
      const v = a[i]!.value;
      if (/^(-e|--extension)$/.test(v)) { ext = a[++i]; exts++; continue; }
      if (/^(--search-path|--base-directory)$/.test(v)) { if (a[i + 1]) pos.push(a[i + 1]!, a[++i]!); continue; }
      if (/^(-t|--type|-d|--max-depth|--min-depth|--exact-depth|-E|--exclude|-S|--size|--changed-within|--changed-before|--newer|--older|-o|--owner|-j|--threads|--max-results|--path-separator|-c|--color|--ignore-file|--batch-size|--format|--and)$/.test(v)) { i++; continue; }
      if (v === '-g' || v === '--glob') glob = true;
      if (v === '-p' || v === '--full-path') fullPath = true;
      if (!v.startsWith('-') || a[i]!.dynamic) pos.push(a[i]!);
    }
    const roots = pos.slice(1);
    const root = roots.length === 0 ? '.' : roots.length === 1 && !roots[0]!.dynamic && !roots[0]!.glob ? roots[0]!.value.replace(/\/+$/, '') || '/' : undefined;
    let j = x + 1;
    while (j < a.length && a[j]!.value !== ';') j++;
    let cmd = attached ? [{ ...a[x]!, value: attached }, ...a.slice(x + 1, j)] : a.slice(x + 1, j);
    if (!cmd.length) return;
    const place = /\{(\/|\/\/|\.|\/\.)?\}/;
    if (!cmd.slice(1).some((w) => place.test(w.value))) cmd = [...cmd, { value: '{}', dynamic: false, glob: false, text: '{}' }];
    const under = (w: Word): Word => (root === undefined ? { ...w, dynamic: true } : { ...w, value: `${root === '/' ? '' : root}/**`, glob: true, dynamic: false, text: '{}' });
    cmd = cmd.map((w, k) => (k > 0 && w.value === '{}' ? under(w) : place.test(w.value) ? { ...w, dynamic: true } : w));
    // The name filter fd applies, as find would: one extension, or a glob on the name.
    const name = exts === 1 && ext && !ext.dynamic ? `*.${ext.value.replace(/^\./, '')}` : glob && !fullPath && pos[0] && !pos[0].dynamic && !pos[0].value.includes('/') ? pos[0].value : undefined;
    const follow = a.slice(1, x).some((w) => w.value === '-L' || w.value === '--follow');
    const findArgv = [lit('find'), ...(follow ? [lit('-L')] : []), ...(root === undefined ? [] : [lit(root)]), ...(name ? [lit(exts ? '-iname' : '-name'), lit(name)] : [])];
    const asFind: Invocation = { ...inv, name: 'find', argv: findArgv };
    this.emit(cmd, [], [], undefined, scope, [...origin, `fd ${a[x]!.value}`], inv.text, false, asFind);
  }

  private su(inv: Invocation, scope: Scope, origin: Origin[]): void {
    // su's (runuser's) options as it reads them (registry): -lc CMD, --comm=CMD, -C CMD.
    const code = codeValues(inv.argv.slice(1), inv.name)[0];
    if (code) return this.runCode(inv, [code], scope, [...origin, 'su -c'], false);
    // No command: the user's shell, which reads its commands from the input (`su - root <<< 'cmd'`,
    // `echo cmd | sudo su`). From the terminal it is an interactive shell, which the session
    // reports itself (session/unguarded-shell).
    if (!inv.stdin || inv.argv.slice(1).some((w) => /^(-h|-V|--help|--version)$/.test(w.value))) return;
    this.stdinCode(inv, this.childScope(scope, inv), [...origin, `${stdinLabel(inv.stdin)} su`]);
  }

  private ssh(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const { options, host, command: rest } = sshArgs(inv.argv.slice(1));
    if (!host) return;
    const noStdin = options.some((o) => 'opt' in o && o.opt === '-N');
    // Dokku's ssh user runs `dokku` with the command it is given (`ssh dokku@host apps:destroy
    // api` is `dokku apps:destroy api` there), as its authorized_keys command= forces. The user
    // may come from -l, -o User=, or ~/.ssh/config (not read): a command shaped like dokku's
    // `plugin:subcommand` (no program is named so) is read as dokku's too.
    const users = [/^(?:ssh:\/\/)?([^@/]+)@/.exec(host.value)?.[1]];
    for (const o of options) {
      if (!('opt' in o) || !o.value || o.value.dynamic) continue;
      if (o.opt === '-l') users.push(o.value.value);
      else if (o.opt === '-o') users.push(/^\s*user\s*(?:=\s*|\s+)(\S+)\s*$/i.exec(o.value.value)?.[1]);
    }
    const first = rest[0] && !rest[0].dynamic ? rest[0].value.trimStart().split(/\s/)[0]! : '';
    const dokku = users.includes('dokku') || /^[a-z][\w-]*:[\w:-]+$/.test(first);
    let cmd = dokku && rest.length ? [lit('dokku'), ...rest] : rest;
    // `-o RemoteCommand=CMD` (no command on the line): CMD runs on the host, as `ssh HOST CMD`.
    if (!rest.length) {
      const rc = sshRemoteCommand(options);
      if (rc) cmd = [rc];
    }
    // -W forwards stdin to a port, -O talks to a master, -G/-Q/-V only print: no login shell.
    // Git hosts run only their own git commands for a key (`ssh -T git@github.com` says hello).
    const noShell = noStdin || options.some((o) => 'opt' in o && ['-W', '-O', '-G', '-Q', '-V'].includes(o.opt)) || GIT_HOSTS.test(host.value);
    // -n (and -f) give the remote command /dev/null for input.
    const input = !noStdin && !inv.stdin && !inv.redirects.some((r) => r.op.includes('<')) && !options.some((o) => 'opt' in o && ['-n', '-f'].includes(o.opt));
    // `ssh -F ./cfg web.staging.x` or `-o HostName=prod-1`: the machine is the HostName they
    // give, not the name on the line (ssh takes the first value of each option).
    let config: { file?: string; hostName?: string; dynamic?: boolean } | undefined;
    for (const o of options) {
      if (!('opt' in o) || !o.value) continue;
      if (o.opt === '-F' && config?.file === undefined) config = o.value.dynamic ? { ...config, dynamic: true } : { ...config, file: o.value.value };
      else if (o.opt === '-o' && config?.hostName === undefined) {
        if (o.value.dynamic && /hostname/i.test(o.value.text)) config = { ...config, dynamic: true };
        const m = o.value.dynamic ? undefined : /^\s*hostname\s*(?:=\s*|\s+)(\S+)\s*$/i.exec(o.value.value);
        if (m) config = { ...config, hostName: m[1]! };
      }
    }
    this.remoteShell(inv, scope, [...origin, viaSsh(host.value, undefined, { input, ...(config ? { config } : {}) })], cmd, !noStdin, undefined, !noShell);
  }

  /** `rsync --rsync-path=PROG SRC HOST:DST`: rsync's remote shell runs `PROG --server ...` on the
   *  host, through that host's shell (`--rsync-path='sudo rsync'`, `'rm -rf x; rsync'`). */
  private rsyncPath(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const items = readItems(inv.argv.slice(1), BUILTIN.rsync);
    const paths = items.flatMap((it) => ('opt' in it && it.opt === '--rsync-path' && it.value ? [it.value] : []));
    if (!paths.length) return;
    // The remote side: `[USER@]HOST:PATH` (one colon; `HOST::MOD` and rsync:// are a daemon's,
    // which takes no --rsync-path). Unknown at run time: still some host.
    const remote = items.filter((it): it is { pos: Word } => 'pos' in it).map((it) => it.pos).find((w) => w.dynamic || /^[^/:]+:(?!:)/.test(w.value));
    if (!remote) return;
    const host = remote.dynamic ? remote.text : remote.value.slice(0, remote.value.indexOf(':'));
    for (const p of paths) this.remoteShell(inv, scope, [...origin, viaSsh(host)], [p.dynamic ? p : lit(`${p.value} --server`)], false);
  }

  /** `ansible HOSTS [-m command|shell|raw] -a CMD`: CMD runs on every host the pattern names (the
   *  command module, the default, splits it into words; shell and raw give it to sh). Under
   *  --check the hosts run none of it. A module name known only at run time reads -a as code too;
   *  other modules are rules' business (the file module's state=absent: rulesets/iac.yaml). */
  private ansible(inv: Invocation, scope: Scope, origin: Origin[]): void {
    let mod = 'command';
    let args: Word | undefined;
    let hosts: string | undefined;
    // The inventory the hosts come from (`-i inventories/prod`, ANSIBLE_INVENTORY): its name says
    // where they are.
    let inventory: { inventory: string; dynamic?: boolean } | undefined = inv.vars['ANSIBLE_INVENTORY'] ? { inventory: inv.vars['ANSIBLE_INVENTORY'] } : undefined;
    for (const it of readItems(inv.argv.slice(1), BUILTIN.ansible)) {
      if ('pos' in it) hosts ??= it.pos.dynamic ? it.pos.text : it.pos.value;
      else if ((it.opt === '-i' || it.opt === '--inventory' || it.opt === '--inventory-file') && it.value) inventory = { inventory: it.value.value, dynamic: it.value.dynamic || undefined };
      else if (it.opt === '-C' || it.opt === '--check') return;
      else if ((it.opt === '-m' || it.opt === '--module-name') && it.value) mod = it.value.dynamic ? '' : it.value.value.replace(/^ansible\.(builtin|legacy)\./, '');
      else if ((it.opt === '-a' || it.opt === '--args') && it.value) args = it.value;
    }
    if (!args || !['', 'command', 'shell', 'raw'].includes(mod)) return;
    this.remoteShell(inv, scope, [...origin, viaSsh(hosts ?? '(the inventory)', undefined, inventory ? { config: inventory } : undefined)], [args], false);
  }

  /** `salt TARGET FUNCTION ARGS` (and salt-ssh): the master runs FUNCTION on every minion TARGET
   *  names, other machines (rt27b; salt-call runs it here: parse/embedded.ts). cmd.run 'CMD' runs
   *  CMD in a shell there; file.remove PATH and `state.single file.absent name=PATH` delete PATH.
   *  -G/-E/-L/-C/-N/-I only say how TARGET is read. */
  private salt(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const args = inv.argv.slice(1);
    const found = saltCode(args);
    if (!found.length) return;
    const fnAt = args.findIndex((w) => /^(cmd|file|state)\./.test(w.value));
    const target = args.slice(0, fnAt).find((w) => !w.value.startsWith('-'));
    const host = target ? (target.dynamic ? target.text : `minions ${target.value}`) : '(the minions)';
    for (const e of found) {
      if (e.code === undefined) inv.opaque = `${e.how} runs code only known at run time on ${host}`;
      else this.remoteShell(inv, scope, [...origin, viaSsh(host)], [lit(e.code)], false);
    }
  }

  /** `knife ssh QUERY COMMAND` (Chef): COMMAND runs in a shell on every node QUERY finds, like
   *  `ssh HOST COMMAND` (rt27b). Other knife commands are rules' business (rulesets/iac.yaml). */
  private knifeSsh(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const pos: Word[] = [];
    for (const it of readItems(inv.argv.slice(1), BUILTIN.knife)) if ('pos' in it) pos.push(it.pos);
    if (pos[0]?.value !== 'ssh' || pos.length < 3) return;
    const q = pos[1]!;
    this.remoteShell(inv, scope, [...origin, viaSsh(q.dynamic ? q.text : `nodes ${q.value}`)], pos.slice(2), false);
  }

  /** pssh/parallel-ssh, pdsh and clush: the words after their options are one command that runs
   *  on every host they name (-h FILE, -H/-w HOSTS, -g GROUP, -a all), like `ssh HOST CMD`. clush
   *  -c/--copy/--rcopy copies files instead; pdsh -N only drops the host prefix. No command: pssh
   *  -I and clush read commands from stdin, which the remote shells run. */
  private parallelSsh(inv: Invocation, scope: Scope, origin: Origin[]): void {
    let words: Word[] = [];
    let hosts: string | undefined;
    let copy = false;
    let stdin = false;
    for (const it of readItems(inv.argv.slice(1), BUILTIN[inv.name === 'parallel-ssh' ? 'pssh' : inv.name])) {
      // The command starts at the first word that is no option: its own options (`rm -rf`) follow.
      if ('pos' in it) { words = inv.argv.slice(Math.max(1, inv.argv.indexOf(it.pos))); break; }
      if (['-h', '--hosts', '-H', '--host', '-w', '--nodes', '-g', '--group'].includes(it.opt) && it.value) hosts ??= it.value.dynamic ? it.value.text : it.value.value;
      if (['-c', '--copy', '--rcopy'].includes(it.opt) && inv.name === 'clush') copy = true;
      if (it.opt === '-I' || it.opt === '--send-input') stdin = true;
    }
    if (copy) return;
    const o = [...origin, viaSsh(hosts ?? `(the hosts of ${inv.name})`)];
    if (words.length) this.remoteShell(inv, scope, o, words, false);
    else if (stdin || inv.name === 'clush') this.remoteShell(inv, scope, o, [], true);
  }

  /** `fly ssh console [-a APP] [-C CMD]` (flyctl too): like `ssh HOST CMD` on one of the app's
   *  machines. CMD is judged as a shell line (the machine splits it into words, a shell line is
   *  the wider reading); without -C the remote shell runs what comes on stdin. */
  private flySsh(inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const words: Word[] = [];
    let app: Word | undefined;
    let cmd: Word | undefined;
    // fly's options as it reads them (registry grammar): `-Cbash`, `--app=x`, `-sa x`.
    for (const it of readItems(inv.argv.slice(1), BUILTIN.fly)) {
      if ('pos' in it) {
        if (!it.pos.value.startsWith('-')) words.push(it.pos);
        continue;
      }
      if (it.opt === '-a' || it.opt === '--app') app = it.value;
      if (it.opt === '-C' || it.opt === '--command') cmd = it.value ?? cmd;
    }
    // `fly console` (a console machine, or an existing one with --machine) takes -C the same way;
    // `fly machine exec [ID] CMD` runs CMD on the machine.
    const pos = words.map((w) => w.value);
    const exec = /^(machines?|m)$/.test(pos[0] ?? '') && pos[1] === 'exec';
    if (!(pos[0] === 'ssh' && pos[1] === 'console') && pos[0] !== 'console' && !exec) return false;
    const host = app ? (app.dynamic ? app.text : app.value) : '(the app of fly.toml)';
    const o = [...origin, viaSsh(host, inv)];
    if (exec) cmd = words.length > 2 ? words.at(-1) : undefined;
    if (cmd) this.remoteShell(inv, scope, o, [cmd], false);
    else if (!exec) this.remoteShell(inv, scope, o, [], true);
    return true;
  }

  /** A deploy config the line wrote with content it shows, then deployed: the commands it names run
   *  (fly.toml `release_command` and railway's `startCommand`/`preDeployCommand` on the platform,
   *  with its environment; netlify.toml's build `command` here). Content the line doesn't show
   *  (an edit it can't replay) is like any deploy of code nobody read: not judged here. */
  private deployConfig(inv: Invocation, scope: Scope, origin: Origin[]): void {
    if (!inv.written || inv.cwd === undefined) return;
    const d = deployFiles(inv);
    if (!d) return;
    for (const f of d.files) {
      const abs = resolveDir(inv.cwd, f, this.home());
      const c = abs === undefined ? undefined : writtenContent(inv.written, abs);
      if (typeof c !== 'string') continue;
      const cmds = deployCommands(path.basename(f), c);
      const how = `${inv.name} ${d.sub} runs ${path.basename(f)}'s commands`;
      // The deploy uploads this directory: the image's files are the project's, as the line left them.
      if (d.remote) for (const cmd of cmds) this.remoteShell(inv, scope, [...origin, viaSsh(d.remote, inv)], [lit(cmd)], false, inv.cwd);
      else if (cmds.length) this.code(cmds.join('\n'), this.childScope(scope, inv), [...origin, how]);
    }
  }

  /** `railway ssh [-p P] [-s SERVICE] [-e ENV] [-d ID] [--session [NAME]] [--] CMD...`
   *  (railwayapp/cli src/commands/ssh/mod.rs: the trailing words, joined with spaces, run in the
   *  service's container) and `render ssh [SERVICE] [-- ARGS...]` (read as a command there, failing
   *  closed: render-oss/cli's cmd/ssh.go as stored runs `ssh ADDRESS` and takes only the service id).
   *  Like `ssh HOST CMD`; with no command the remote shell reads stdin. */
  private platformSsh(inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const a = inv.argv;
    const vals = new Set(programFor(inv.name, this.ctx.programs)?.['value-options'] ?? []);
    const named = (w: Word | undefined): string | undefined => (w ? (w.dynamic ? w.text : w.value) : undefined);
    let k = 1;
    let service: string | undefined;
    const opts = (): void => {
      for (; k < a.length; k++) {
        const v = a[k]!.value;
        if (v === '--' || !v.startsWith('-') || v === '-') return;
        const opt = v.startsWith('--') && v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
        const val = opt !== v ? { ...a[k]!, value: v.slice(opt.length + 1) } : vals.has(v) ? a[k + 1] : undefined;
        if (opt === '-s' || opt === '--service') service = named(val);
        if (opt === v && vals.has(v)) k++;
      }
    };
    opts();
    const sub = a[k];
    if (!sub || sub.dynamic || sub.value !== 'ssh') return false;
    k++;
    opts();
    if (inv.name === 'render' && a[k] && a[k]!.value !== '--') {
      service = named(a[k]);
      k++;
      opts();
    }
    if (a[k]?.value === '--') k++;
    else if (inv.name === 'render') k = a.length;
    const host = inv.name === 'railway' ? `Railway service ${service ?? '(the linked service)'}` : `Render service ${service ?? '(one chosen on a terminal)'}`;
    const rest = a.slice(k);
    this.remoteShell(inv, scope, [...origin, viaSsh(host, inv)], rest, true);
    return true;
  }

  /** One-off commands on a platform's machines, like `ssh HOST CMD`: `heroku run[:detached]
   *  [-a APP] bash` fed the line's input (its script runs on a dyno), `kamal app exec
   *  [-d DEST] 'CMD'` (on the destination's servers), `gigalixir run|ps:run [-a APP] CMD` and `az containerapp exec --command CMD`
   *  (default sh, which reads stdin). Their value options as each CLI documents them. */
  private platformRun(inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const a = inv.argv;
    const v = (k: number): string | undefined => (a[k] && !a[k]!.dynamic ? a[k]!.value : undefined);
    let k = 1;
    let vals: Set<string>;
    let cmdOpt: string | undefined;
    let host: string;
    let nameOpts: string[];
    if (inv.name === 'heroku' && /^run(:detached)?$/.test(v(1) ?? '')) {
      vals = new Set(['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type']);
      nameOpts = ['-a', '--app'];
      host = 'Heroku app';
      k = 2;
    } else if (inv.name === 'kamal' && v(1) === 'app' && v(2) === 'exec') {
      vals = new Set(['-d', '--destination', '-h', '--hosts', '-r', '--roles', '-c', '--config-file', '--version', '-e', '--env', '--detach-keys']);
      nameOpts = ['-d', '--destination'];
      host = 'Kamal destination';
      k = 3;
    } else if (inv.name === 'gigalixir' && /^(run|ps:run)$/.test(v(1) ?? '')) {
      // `gigalixir run [-a APP] CMD` runs CMD as a job in a new container of the app (its
      // release: `mix ecto.rollback --all` acts on the app's database); `ps:run` in a running one (rt27t).
      vals = new Set(['-a', '--app_name', '--app-name']);
      nameOpts = ['-a', '--app_name', '--app-name'];
      host = 'Gigalixir app';
      k = 2;
    } else if (inv.name === 'az' && v(1) === 'containerapp' && v(2) === 'exec') {
      vals = new Set(['-n', '--name', '-g', '--resource-group', '--command', '--container', '--replica', '--revision', '--subscription']);
      nameOpts = ['-n', '--name'];
      cmdOpt = '--command';
      host = 'Azure container app';
      k = 3;
    } else return false;
    let named: string | undefined;
    let cmd: Word | undefined;
    const rest: Word[] = [];
    for (; k < a.length; k++) {
      const w = a[k]!;
      if (w.value === '--' && !w.dynamic) { rest.push(...a.slice(k + 1)); break; }
      if (w.dynamic || !w.value.startsWith('-')) {
        // heroku: the command and its arguments, options among them its own; kamal: one string.
        if (inv.name === 'az') continue;
        rest.push(...a.slice(k));
        break;
      }
      const eq = w.value.startsWith('--') ? w.value.indexOf('=') : -1;
      const opt = eq > 0 ? w.value.slice(0, eq) : w.value;
      let val: Word | undefined;
      if (eq > 0) val = { ...w, value: w.value.slice(eq + 1) };
      else if (vals.has(opt)) val = a[++k];
      if (nameOpts.includes(opt) && val) named = val.dynamic ? val.text : val.value;
      if (opt === cmdOpt && val) cmd = val;
    }
    // heroku reads its own options after the command too (`heroku run bash -a app`), unless
    // the command follows `--`.
    if (inv.name === 'heroku' && !a.some((w) => w.value === '--' && !w.dynamic)) {
      const kept: Word[] = [];
      for (let j = 0; j < rest.length; j++) {
        const w = rest[j]!;
        const opt = w.value.startsWith('--') && w.value.includes('=') ? w.value.slice(0, w.value.indexOf('=')) : w.value;
        if (!w.dynamic && vals.has(opt)) {
          const val = opt === w.value ? rest[++j] : { ...w, value: w.value.slice(opt.length + 1) };
          if (nameOpts.includes(opt) && val) named ??= val.dynamic ? val.text : val.value;
          continue;
        }
        if (!w.dynamic && /^(-x|--exit-code|--no-tty|--no-notify)$/.test(w.value)) continue;
        kept.push(w);
      }
      rest.splice(0, rest.length, ...kept);
    }
    const lone = rest.length === 1 && !rest[0]!.dynamic && /^(ba|z|da)?sh$/.test(rest[0]!.value);
    // heroku run CMD stays the rules' (heroku/run-destructive: a one-off dyno's files are its
    // own, so deletes there are nothing); only a shell fed the line's input is read here.
    // A console (`heroku run rails console`, `heroku run bash` with nothing on stdin) reads the
    // line's input: walked there, it pauses where that input is open.
    if (inv.name === 'heroku' && !lone && !/^((bin\/)?rails (c|console)|python3? manage\.py (shell|shell_plus)|php artisan tinker|i?python3?|node|irb|iex -S mix)$/.test(rest.map((w) => w.value).join(' '))) return false;
    const o = [...origin, viaSsh(`${host} ${named ?? '(the default)'}`, inv)];
    if (cmd) this.remoteShell(inv, scope, o, [cmd], false);
    // A lone shell (az's default, `heroku run bash`, `kamal app exec -i sh`) reads stdin: a person
    // typing, or the line's heredoc.
    else if (inv.name === 'az' || lone) this.remoteShell(inv, scope, o, [], true);
    else this.remoteShell(inv, scope, o, rest, true);
    return true;
  }

  /** `gcloud compute ssh VM --command CMD` (or `-- CMD`): CMD runs on the VM; with neither,
   *  its login shell reads stdin. */
  private gcloudSsh(inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const a = inv.argv;
    const at = a.findIndex((w, k) => k > 0 && w.value === 'compute');
    if (at < 0 || a[at + 1]?.value !== 'ssh') return false;
    const dd = a.findIndex((w, k) => k > at && w.value === '--');
    let cmd: Word | undefined;
    let host: string | undefined;
    for (let k = at + 2; k < (dd < 0 ? a.length : dd); k++) {
      const w = a[k]!;
      if (w.value === '--command') cmd = a[++k];
      else if (w.value.startsWith('--command=')) cmd = { ...w, value: w.value.slice('--command='.length) };
      else if (w.value.startsWith('-')) k += GCLOUD_SSH_VALUE.has(w.value) ? 1 : 0;
      else host ??= w.dynamic ? w.text : w.value;
    }
    const o = [...origin, viaSsh(host ?? '(a VM)')];
    if (cmd) this.remoteShell(inv, scope, o, [cmd], false);
    else this.remoteShell(inv, scope, o, dd < 0 ? [] : a.slice(dd + 1), true);
    return true;
  }

  /** Cloud run-command services run shell lines on a fleet's machines, like ssh:
   *  `aws ssm send-command --document-name AWS-RunShellScript --parameters commands=CMD` (the
   *  shorthand `commands=a,b`, `commands=["a","b"]` or JSON) and `az vm run-command invoke
   *  --command-id RunShellScript --scripts CMD...`. Parameters that can't be read pause. */
  private runCommand(inv: Invocation, scope: Scope, origin: Origin[]): void {
    const a = inv.argv.map((w) => w.value);
    const at = (name: string): number => a.findIndex((v, k) => k > 0 && (v === name || v.startsWith(`${name}=`)));
    const valueAt = (k: number): Word | undefined => {
      const w = inv.argv[k]!;
      const eq = w.value.indexOf('=');
      return w.value.startsWith('--') && eq > 0 ? { ...w, value: w.value.slice(eq + 1) } : inv.argv[k + 1];
    };
    let lines: Word[] = [];
    let host = '';
    if (inv.name === 'aws' && a.includes('ssm') && a.includes('send-command')) {
      const p = at('--parameters');
      if (p < 0) return;
      const v = valueAt(p);
      host = 'ssm send-command targets';
      if (!v || v.dynamic) lines = [v ?? { value: '', dynamic: true, glob: false, text: '--parameters' }];
      else {
        const cmds = ssmCommands(v.value);
        if (!cmds) {
          this.uncertain.add(`aws ssm send-command parameters that can't be read: ${v.value}`);
          return;
        }
        lines = cmds.map((c) => ({ value: c, dynamic: false, glob: false, text: v.text }));
      }
    } else if (inv.name === 'aws' && a.includes('ecs') && a.includes('execute-command')) {
      // `aws ecs execute-command --cluster C --task T [--container N] --interactive --command CMD`:
      // CMD runs in the task's container (ECS Exec through SSM), split into words there; read as
      // a shell line, the wider reading.
      const k = at('--command');
      if (k < 0) return;
      host = 'an ECS task';
      lines = [valueAt(k) ?? { value: '', dynamic: true, glob: false, text: '--command' }];
    } else if (inv.name === 'az' && a.includes('run-command') && (a.includes('invoke') || a.includes('create'))) {
      const k = at('--scripts') >= 0 ? at('--scripts') : at('--script');
      if (k < 0) return;
      host = 'az vm run-command targets';
      if (inv.argv[k]!.value.includes('=')) lines = [valueAt(k)!];
      else for (let j = k + 1; j < a.length && !a[j]!.startsWith('--'); j++) lines.push(inv.argv[j]!);
    } else if (inv.name === 'az' && a.includes('acr') && (a.includes('run') || a.includes('task'))) {
      // `az acr run --cmd CMD CONTEXT` and `az acr task create|update --cmd CMD` run CMD (an image
      // and its arguments; `acr` is the ACR CLI's image, `acr purge` deletes images) in the
      // registry's task runner: read as a command line there.
      const k = at('--cmd');
      if (k < 0) return;
      host = 'an ACR task';
      // The first word is an image (`acr`, `bash`, `$Registry/tool`: ACR puts the registry's login
      // server for $Registry and {{.Run.Registry}}): one named by a path runs its entrypoint with
      // the rest, read as a command as for `docker run IMAGE CMD`.
      const v = valueAt(k);
      if (v) lines = [{ ...v, value: v.dynamic ? v.value : v.value.replace(/^\s*(?:\$Registry\b|\{\{\s*\.Run\.Registry\s*\}\}|[^\s'"]*\/)[^\s'"]*\s*/, '') }];
    } else return;
    const o = [...origin, viaSsh(host, inv)];
    for (const l of lines) this.remoteShell(inv, scope, o, [l], false);
  }

  /** `adb [-s SERIAL] shell [-e C] [-n] [-T|-t] [-x] CMD...` and `adb exec-out CMD...`: CMD runs
   *  in the device's shell. adb joins the words with spaces and doesn't quote them, like ssh
   *  (adb commandline.cpp: "We don't escape here, just like ssh(1)"); with no command, `adb shell`
   *  reads what comes on stdin. Global options that take a value: -s -t -H -P -L (adb help). */
  private adbShell(inv: Invocation, scope: Scope, origin: Origin[]): boolean {
    const a = inv.argv;
    let k = 1;
    let serial: string | undefined;
    for (; k < a.length && a[k]!.value.startsWith('-'); k++) {
      const v = a[k]!.value;
      if (['-s', '-t', '-H', '-P', '-L'].includes(v)) {
        if (v === '-s') serial = a[k + 1]?.dynamic ? a[k + 1]!.text : a[k + 1]?.value;
        k++;
      }
    }
    const sub = a[k];
    if (!sub || sub.dynamic) return false;
    if (sub.value !== 'shell' && sub.value !== 'exec-out') return false;
    k++;
    if (sub.value === 'shell') {
      for (; k < a.length && /^-[entTx]+$/.test(a[k]!.value); k++) if (a[k]!.value === '-e') k++;
      if (a[k]?.value === '--') k++;
    }
    const o = [...origin, viaSsh(serial ? `Android device ${serial}` : 'the Android device', inv)];
    this.remoteShell(inv, scope, o, a.slice(k), sub.value === 'shell');
    return true;
  }

  /** Code run by a shell on another machine: nothing of this machine's variables or cwd holds. */
  private remoteShell(inv: Invocation, scope: Scope, origin: Origin[], rest: Word[], readsStdin: boolean, checkout?: string, loginShell = readsStdin): void {
    const remote = copyScope(scope);
    // A CI runner works in a checkout of this project (`checkout`): its package scripts are ours.
    remote.cwd = checkout;
    for (const k of remote.vars.keys()) remote.vars.set(k, null);
    remote.vars.set('HOME', null); // `~` there is the remote user's home
    remote.anyVar = 'a remote shell';
    // With no command, the remote login shell runs what comes on stdin (`echo 'rm -rf x' | ssh h`).
    if (!rest.length) {
      if (inv.stdin && readsStdin) this.stdinCode(inv, remote, origin);
      // With nothing on stdin either, it reads the line's own input: what an agent driving the
      // pty types there runs on the host unseen (`ssh prod`, `fly ssh console`), like `bash`.
      else if (!inv.stdin && loginShell && !inv.redirects.some((r) => r.op.includes('<')) && inv.origin.every(ownInput)) inv.readsInput = REMOTE_READS_INPUT;
      return;
    }
    this.runCode(inv, rest, remote, origin, true, undefined, false, inv.stdin);
  }

  // ---- arithmetic on values (arith.ts) ----

  /** An arithmetic context reads variables (and command output) as expressions: a subscript in
   *  the value, `a[$(cmd)]`, runs cmd. A value the line shows is read: its commands are judged.
   *  One known only at run time pauses unless what made it yields only numbers. */
  private arith(n: TSNode, scope: Scope, origin: Origin[]): void {
    const refs = arithRefs(n, this.assoc);
    if (!refs.names.size && !refs.substs.length) return;
    const o = [...origin, 'arithmetic'];
    const seen = new Set<string>();
    const judge = (sh: Shape, what: string): void => {
      if (sh.code !== undefined) this.code(sh.code, copyScope(scope), o);
      else if (sh.why !== undefined) this.uncertain.add(`arithmetic on ${what}, which only run time knows (${sh.why}): a subscript in it, a[$(cmd)], would run cmd`);
    };
    const name = (v: string, depth: number): void => {
      if (seen.has(v) || depth > 8) return;
      seen.add(v);
      const val = this.lookup(scope, v);
      // A nameref's target given by name (`local -n ref=$1` called with `exts`): nothing to evaluate.
      if (depth === 0 && refs.asName?.has(v) && typeof val === 'string' && /^[A-Za-z_]\w*$/.test(val)) return;
      if (typeof val === 'string') {
        const code = subscriptCode(val);
        if (code !== undefined) return judge({ code }, `$${v}`);
        // The value is itself an expression: the names in it are read too.
        for (const m of val.matchAll(/(?<![\w#$])[A-Za-z_]\w*/g)) name(m[0], depth + 1);
        return;
      }
      if (val === null) judge(this.varShape(v, scope), `$${v}`);
    };
    for (const v of refs.names) name(v, 0);
    for (const c of refs.substs) judge(this.substShape(c, scope), `the output of ${c.text.slice(0, 60)}`);
  }

  private setShape(scope: Scope, name: string, sh: Shape | undefined): void {
    if (!sh) return void scope.shapes?.delete(name);
    (scope.shapes ??= new Map()).set(name, { ...sh, stamp: stampOf(scope, name) });
  }

  /** The shape of an unknown variable, as recorded when it was set (if it still holds that). */
  private varShape(name: string, scope: Scope): Shape {
    if (ARITH_SAFE.has(name) || /^[#?$!]$/.test(name)) return {};
    const sh = scope.shapes?.get(name);
    if (sh && sh.stamp === stampOf(scope, name)) return sh;
    if (/^\d+$|^[@*]$/.test(name)) return { why: 'a positional parameter' };
    return { why: scope.vars.has(name) ? `$${name} is set at run time` : `$${name} comes from the environment` };
  }

  /** What a word's run-time parts may hold: `$(( ))`, `${#x}` and numeric producers are numbers;
   *  text read from a file or shown by the line is read; the rest may be anything. */
  private valueShape(node: TSNode, scope: Scope, appendTo?: string): Shape {
    const parts: Shape[] = appendTo ? [this.varShape(appendTo, scope)] : [];
    const walk = (x: TSNode): void => {
      switch (x.type) {
        case 'arithmetic_expansion':
          return;
        case 'command_substitution':
          parts.push(this.substShape(x, scope));
          return;
        case 'simple_expansion':
        case 'expansion': {
          if (x.text.startsWith('${#')) return;
          const v = x.namedChildren.find((c) => c?.type === 'variable_name' || c?.type === 'special_variable_name')?.text ?? x.text.replace(/^\$\{?/, '').replace(/\}$/, '');
          const val = this.lookup(scope, v);
          if (typeof val === 'string') {
            const code = subscriptCode(val);
            if (code !== undefined) parts.push({ code });
          } else if (val === null) parts.push(this.varShape(v, scope));
          // ${x:-default}, ${x/a/b}: the default and replacement are words of the line.
          for (const c of x.namedChildren) if (c && c.type !== 'variable_name' && c.type !== 'special_variable_name') walk(c);
          return;
        }
        default:
          for (const c of x.namedChildren) if (c) walk(c);
      }
    };
    walk(node);
    return joinShapes(parts);
  }

  /** What `$(...)` prints, by the program at the end of its pipeline. */
  private substShape(cs: TSNode, scope: Scope): Shape {
    const body = named(cs).filter((c) => c.type !== 'comment');
    const file = cs.childForFieldName('redirect') ?? (body.length === 1 && body[0]!.type === 'file_redirect' ? body[0] : undefined);
    if (file) return this.fileShape(file.childForFieldName('destination') ?? file.lastNamedChild!, scope);
    if (body.length !== 1) return { why: `\`${cs.text.slice(0, 60)}\` runs several commands` };
    let top = body[0]!;
    let input: TSNode | undefined;
    if (top.type === 'redirected_statement') {
      input = named(top).find((r) => r.type === 'file_redirect' && r.text.startsWith('<'));
      top = top.childForFieldName('body') ?? top;
    }
    const stages = top.type === 'pipeline' ? named(top).filter((c) => c.type === 'command') : [top];
    for (let i = stages.length - 1; i >= 0; i--) {
      const st = stages[i]!;
      if (st.type !== 'command') break;
      const prog = (st.childForFieldName('name')?.text ?? '').replace(/['"\\]/g, '').replace(/^.*\//, '');
      const args = st.childrenForFieldName('argument').filter((a): a is TSNode => !!a);
      const words = args.map((a) => ({ value: a.text.replace(/^(['"])(.*)\1$/s, '$2'), dynamic: /[$`]/.test(a.text), glob: /^[^'"]*[*?[]/.test(a.text) }));
      if (fixedShape(prog, words)) return {};
      if (prog === 'cat' || SHAPE_FILTERS.has(prog)) {
        // Its files (not an option's value: head -n 5, cut -d ,); none: it filters its input.
        const files = args.filter((_a, k) => !words[k]!.value.startsWith('-') && !(k > 0 && /^-[ncdfbktoSTsw]$/.test(words[k - 1]!.value)));
        if (files.length) return joinShapes(files.map((a) => this.fileShape(a, scope)));
        continue;
      }
      if ((prog === 'echo' || prog === 'printf') && args.every((a) => !/[$`]/.test(a.text))) {
        const out = literalOutput({ argv: [{ value: prog, dynamic: false, glob: false, text: prog }, ...args.map((a) => this.literalWord(a, scope))], name: prog, assignments: [], redirects: [], origin: [], cwd: scope.cwd, vars: table(), text: st.text });
        if (out === undefined) return { why: `\`${st.text.slice(0, 60)}\` prints data` };
        const code = subscriptCode(out);
        return code === undefined ? {} : { code };
      }
      if (prog === 'echo' || (prog === 'printf' && /^['"]?%[sbqd]/.test(args[0]?.text ?? ''))) return joinShapes(args.map((a) => this.valueShape(a, scope)));
      return { why: `\`${st.text.slice(0, 60)}\` prints data` };
    }
    if (input) return this.fileShape(input.childForFieldName('destination') ?? input.lastNamedChild!, scope);
    return { why: `\`${cs.text.slice(0, 60)}\` prints data` };
  }

  private literalWord(a: TSNode, scope: Scope): Word {
    const segs = evalWord(a, this.wordEnv(scope, []));
    return { value: segs.map((x) => x.s).join(''), dynamic: segs.some((x) => x.dyn), glob: false, text: a.text };
  }

  /** A file's text: as this line wrote it, or as it is on disk. */
  private fileShape(w: TSNode, scope: Scope): Shape {
    const word = this.literalWord(w, scope);
    if (word.dynamic) return { why: `a file named at run time (${w.text})` };
    return this.pathShape(word.value, w.text, scope);
  }

  private pathShape(p: string, shown: string, scope: Scope): Shape {
    const abs = resolveDir(scope.cwd, p, this.home());
    if (!abs) return { why: `${shown} in a directory known only at run time` };
    const written = writtenContent(this.state, abs);
    if (written === null) return { why: `${shown}, which this line writes first` };
    const text = written ?? readText(abs);
    if (text === undefined) return { why: `${shown}, which can't be read here` };
    const code = subscriptCode(text);
    return code === undefined ? {} : { code };
  }

  /** What `read` takes: a here-string or heredoc the line shows, a file, or a pipe. */
  private stdinShape(s: StdinSource | undefined, scope: Scope): Shape {
    if (!s) return { why: 'read from the terminal' };
    if (s.kind === 'file') return s.path.dynamic ? { why: `a file named at run time (${s.path.text})` } : this.pathShape(s.path.value, s.path.text, scope);
    if (s.kind === 'pipe' && s.text === undefined) {
      // The last program of what pipes in: one that prints numbers, or `cat` of plain files.
      const [prog = '', ...args] = (s.from.split('|').at(-1) ?? '').trim().split(/\s+/);
      const words = args.map((a) => ({ value: a, dynamic: /[$`'"\\]/.test(a), glob: /[*?[]/.test(a) }));
      if (fixedShape(prog, words)) return {};
      if (prog === 'cat' && words.length && words.every((w) => !w.dynamic && !w.glob && !w.value.startsWith('-'))) return joinShapes(words.map((w) => this.pathShape(w.value, w.value, scope)));
      return { why: `read from \`${s.from.slice(0, 60)}\`` };
    }
    const text = s.kind === 'heredoc' || (s.kind === 'herestring' && !s.dynamic) || s.kind === 'pipe' ? s.text : undefined;
    if (text === undefined) return { why: 'read from text built at run time' };
    const code = subscriptCode(text);
    return code === undefined ? {} : { code };
  }

  /** Code where `set -e` stops the shell at a failed command: the line itself (unless the agent
   *  runs it inside `eval '...' && ...`, where bash ignores set -e: Claude Code's hook), or a shell
   *  it starts (`bash -lc '...'`, a process of its own). Not eval'd or sourced code (rt25k1). */
  private errexitPlace(origin: Origin[]): boolean {
    if (!origin.length) return !this.ctx.evalWrapped;
    const o = origin[origin.length - 1];
    return typeof o === 'string' && /^(ba|z|da|k)?sh -[a-zA-Z]*c$/.test(o);
  }

  // ---- variables ----

  private home(): string | undefined {
    return this.ctx.home ?? this.ctx.env.HOME;
  }

  lookup(scope: Scope, name: string): string | null | undefined {
    if (scope.vars.has(name)) return scope.vars.get(name);
    if (name === 'PWD') return scope.cwd ?? null;
    // A new bash sets IFS itself, whatever the environment says; a live session's is its own.
    if (name === 'IFS') return (this.ctx.envComplete ? undefined : this.ctx.env.IFS) ?? ' \t\n';
    if (name === 'BASH') return '/bin/bash';
    // bash sets SHELL to the login shell when the environment doesn't.
    if (name === 'SHELL' && this.ctx.env.SHELL === undefined) return null;
    if (name === 'HOME') return this.home() ?? null;
    if (BASH_DYNAMIC.has(name)) return null;
    if (/^\d+$/.test(name) || name === '#') return scope.vars.has('#') ? undefined : null;
    if (scope.anyVar) return null;
    const v = this.ctx.env[name];
    if (v !== undefined) return v;
    return this.ctx.envComplete ? undefined : null;
  }

  private baseVars: Readonly<Record<string, string>> | undefined;
  /** Invocations that called a function the line defined (emit records only their redirects). */
  private readonly fnCalls = new WeakSet<Invocation>();

  /** What a program started in a scope sees, kept while the scope is unchanged: a long script's
   *  commands would otherwise each copy every variable it has set (quadratic in its length). */
  private readonly views = new WeakMap<Scope, { version: string; vars: Readonly<Record<string, string>>; unknown: string[] | undefined }>();

  private viewOf(scope: Scope, assignments: Assignment[]): { vars: Readonly<Record<string, string>>; unknown: string[] | undefined } {
    if (assignments.length) return { vars: this.varsFor(scope, assignments), unknown: this.unknownVars(scope, assignments) };
    const version = `${Vars.n}\0${scope.exported.size}\0${scope.allexport ?? ''}\0${scope.anyVar ?? ''}`;
    const had = this.views.get(scope);
    if (had?.version === version) return had;
    const view = { version, vars: Object.freeze(this.varsFor(scope, assignments)), unknown: this.unknownVars(scope, assignments) };
    if (view.unknown) Object.freeze(view.unknown);
    this.views.set(scope, view);
    return view;
  }

  private varsFor(scope: Scope, assignments: Assignment[]): Readonly<Record<string, string>> {
    if (!this.baseVars) {
      const base: Record<string, string> = table();
      for (const [k, v] of Object.entries(this.ctx.env)) if (v !== undefined) base[k] = v;
      this.baseVars = Object.freeze(base);
    }
    // Most commands see the environment unchanged: share one frozen copy.
    if (!scope.vars.size && !assignments.length && !scope.anyVar) return this.baseVars;
    const vars: Record<string, string> = table(scope.anyVar ? {} : this.baseVars);
    for (const [k, v] of scope.vars) {
      if (!this.visible(scope, k)) continue;
      if (typeof v === 'string') vars[k] = v;
      else delete vars[k];
    }
    for (const a of assignments) {
      if (a.value.dynamic) delete vars[a.name];
      else vars[a.name] = a.value.value;
    }
    return vars;
  }

  /** Whether a program started here sees the shell variable `k`: exported on the line, or
   *  inherited (those stay exported). With an environment not known in full, assume it does. */
  private visible(scope: Scope, k: string): boolean {
    return scope.allexport || scope.exported.has(k) || this.ctx.env[k] !== undefined || !this.ctx.envComplete;
  }

  /** Variables a program started here sees with values only known at run time. */
  private unknownVars(scope: Scope, assignments: Assignment[]): string[] | undefined {
    let out: string[] | undefined;
    for (const [k, v] of scope.vars) if (v === null && !/^(\d+|#)$/.test(k) && this.visible(scope, k)) (out ??= []).push(k);
    for (const a of assignments) if (a.value.dynamic) (out ??= []).push(a.name);
    if (scope.anyVar) (out ??= []).push('*');
    return out;
  }

  private recordWrites(inv: Invocation, output = (): string | undefined => literalOutput(inv), plain = true, archive?: WriteEnv['archive']): void {
    const own = this.scriptWords.get(inv);
    // The script's word stays a word (the command may still write files it names otherwise).
    // A build tool's wrapper run by path (`./gradlew build`, `./mvnw package`), a file the line
    // didn't write: `\0build-wrapper`, a build tool as `gradle` is to builtOnly. (Not its name: a
    // text holding a file's name may have made that file, namesFile.)
    const abs = this.scriptFiles.get(inv);
    const wrapper = own !== undefined && inv.argv[0]?.value === own && abs !== undefined && /^(gradlew|mvnw)$/.test(path.basename(abs)) && writtenContent(this.state, abs) === undefined;
    if (own !== undefined) inv = { ...inv, argv: inv.argv.map((a, i) => (!a.dynamic && a.value === own ? { ...a, value: i === 0 && wrapper ? '\0build-wrapper' : '\0script', text: '\0script' } : a)) };
    const prev = this.state;
    this.state = afterWrites(inv, {
      resolve: (p) => resolveDir(inv.cwd, p, this.home()),
      output,
      prev: this.state,
      mentions: this.ctx.mentions,
      programs: this.ctx.programs,
      script: own,
      ...(archive ? { archive } : {}),
    });
    if (this.state !== prev) this.plantedLater(inv, prev, this.state, plain);
  }

  /** `sed -i '$a export NODE_OPTIONS=...' ~/.bashrc`, `sed -i 's/x/rm -rf data/' Makefile`: what sed
   *  puts into a file of a place (its a/i/c text, its s replacements) read in that place's language,
   *  as the text a `>>` adds is; on a shell's startup file, a d or s whose own text names the shim
   *  set-up (`/CLAUDE_CODE_SHELL/d`, `s#countersign/bin/bash#bin/bash#`) may undo it. False when no
   *  file it edits is a place known before run time. */
  private sedOnPlaces(inv: Invocation, pieces: Array<{ line: string; where: string }>): boolean {
    const args = inv.argv.slice(1);
    if (args.some((a) => a.dynamic && !a.value.startsWith('-'))) return false;
    const { scripts, files } = sedParts(args.map((a) => a.value));
    const places = files.map((f) => ({ f, abs: resolveDir(inv.cwd, f, this.home()) })).flatMap(({ f, abs }) => {
      const place = abs === undefined ? undefined : laterPlace(abs, this.home(), undefined, inv.cwd);
      return place ? [{ f, place }] : [];
    });
    if (!places.length) return false;
    const script = scripts.join('\n');
    const added = [...sedAdded(script), ...sedReplaced(script)].join('\n');
    const own = sedAdded(script).reduce((t, a) => t.split(a).join(' '), script);
    for (const { f, place } of places) {
      const where = `${path.basename(f)}, ${place.what}`;
      const text = place.shell && /CLAUDE_CODE_SHELL|countersign/.test(own) ? `${added}\nunset CLAUDE_CODE_SHELL` : added;
      for (const p of place.code(text)) if (/\S/.test(p.code)) pieces.push({ line: asShellLine(p), where });
      // Elsewhere, the text sed adds is also judged as shell, as it was before places were read.
      if (!place.shell) for (const a of sedAdded(script)) if (/\S/.test(a)) pieces.push({ line: a, where });
    }
    return true;
  }

  /** `echo 'rm -rf data' >> ~/.bashrc`, `printf '#!/bin/sh\nrm -rf data' > .git/hooks/pre-commit`:
   *  a file some tool runs later by itself (later.ts) plants code no later line shows. What the
   *  line adds there is judged now, in that place's language, where the next run starts (taken
   *  to be here) with variables only that run knows. What that code would run that only that run
   *  knows (`eval "$(direnv hook bash)"`) is not judged; a file of a strong place (a git hook,
   *  python's site hooks, a unit) whose content is unknown is code countersign can't see. */
  private plantedLater(inv: Invocation, prev: Written | undefined, now: Written | undefined, plain = true): void {
    if (!now || this.reparseDepth >= this.limits.maxReparse) return;
    const pieces: Array<{ line: string; where: string; elsewhere?: string }> = [];
    let sedRead = false;
    for (const [abs, written] of now.files) {
      if (prev?.files.get(abs) === written && prev.files.has(abs)) continue;
      const place = laterPlace(abs, this.home(), (f) => (now.files.has(f) ? now.files.get(f) : undefined), inv.cwd);
      if (!place) continue;
      const where = `${path.basename(abs)}, ${place.what}`;
      // A link the line made there runs what it points at: the line's own file, or one on disk
      // (nothing, when there is none).
      const to = written === null ? now.links?.get(abs) : undefined;
      const content = typeof to === 'string' ? writtenContent(now, to) ?? readCode(to) ?? (existsSync(to) ? null : '') : written ?? (plain ? catOnDisk(inv) : null);
      if (content === null && /^g?sed$/.test(inv.name)) {
        // sed's in-place edit: what it puts there is read from its script (once for all its files).
        if (!sedRead && (sedRead = this.sedOnPlaces(inv, pieces))) continue;
        if (sedRead) continue;
      }
      if (content === null) {
        // A copy, link or install of a project file named in full (`install -m 755 scripts/pre-push.sh
        // .git/hooks/pre-push`) that isn't on disk here runs that checked-in file, not the line's code.
        const copiedIn = /^(cp|install|ln|mv)$/.test(inv.name) && inv.argv.every((a) => !a.dynamic && !a.glob);
        if (place.strong && !copiedIn) this.uncertain.add(`the line writes ${abs} (${place.what}) with content only known when it runs`);
        continue;
      }
      const before = prev?.files.has(abs) ? prev.files.get(abs) ?? '' : readCode(abs) ?? '';
      const old = place.code(before);
      for (const p of place.code(content)) {
        if (old.some((o) => o.lang === p.lang && o.code === p.code)) continue;
        const grown = old.find((o) => o.lang === p.lang && o.code && p.code.startsWith(o.code));
        pieces.push({ line: asShellLine(grown ? { ...p, code: p.code.slice(grown.code.length) } : p), where, ...(place.elsewhere && !ciSelfHosted(abs, content) ? { elsewhere: content } : {}) });
      }
    }
    // Writers not modelled (sed -i, an interpreter's code) that name such a place.
    for (const t of now.texts.slice(prev?.texts.length ?? 0)) {
      const kind = mentionsPlace(t);
      if (!kind) continue;
      const where = 'a file run later by itself';
      // Code (an interpreter's, sed's) may write anything there; a tool whose words are all
      // literal (`npx husky add .husky/pre-commit "npm test"`) writes what its words say.
      const interp = /^(perl|ruby|php|python[\d.]*|node|nodejs|bun|deno|g?awk|lua)$/.test(inv.name);
      const code = interp || /^g?sed$/.test(inv.name) || inv.argv.some((a) => a.dynamic) || inv.redirects.some((r) => r.target?.dynamic);
      if (kind === 'strong' && code) this.uncertain.add(`the line changes a file run later by itself (a git hook, python's site hooks, a unit) in a way countersign can't read: ${t.slice(0, 80)}`);
      // What it adds: sed's a/i/c text, an interpreter's string literals, a literal tool's words
      // (for a strong place); a weak place changed otherwise is left to what runs it.
      if (/^g?sed$/.test(inv.name) && (sedRead || (sedRead = this.sedOnPlaces(inv, pieces)))) continue;
      const added = /^g?sed$/.test(inv.name) ? sedAdded(inv.argv.slice(1).filter((a) => !a.value.startsWith('-')).map((a) => a.value).join('\n')) : interp ? stringLiterals(t) : kind === 'strong' && !code ? inv.argv.slice(1).map((a) => a.value) : [];
      for (const a of added) if (/\S/.test(a)) pieces.push({ line: a.replace(/^#![^\n]*\n?/, ''), where });
    }
    for (const { line, where, elsewhere } of pieces) {
      const later = newScope(inv.cwd);
      later.anyVar = 'the next run';
      // Run later on this machine by this user (a hook, a startup file): its home, and the PATH
      // it starts from. (Not on CI's machine.)
      if (elsewhere === undefined) {
        const home = this.home();
        if (home !== undefined) later.vars.set('HOME', home);
        if (this.ctx.env.PATH !== undefined) later.vars.set('PATH', this.ctx.env.PATH);
      }
      const from = this.out.length;
      const uncertain = new Set(this.uncertain);
      const state = this.state;
      this.code(line, later, [...inv.origin, where]);
      if (elsewhere !== undefined) {
        // On CI's machine: its files and services are its own; what reaches outside is kept.
        this.out.splice(from, Infinity, ...this.out.slice(from).filter((w) => this.reachesOutside(w, elsewhere)));
        this.state = state;
      }
      for (const w of this.out.slice(from)) if (!w.opaqueAlways) delete w.opaque;
      this.uncertain.clear();
      for (const u of uncertain) this.uncertain.add(u);
    }
  }

  /** Does `w`, run on another machine (CI's runner), act outside it: on another host (ssh), a
   *  git remote (push), an API, a cloud or platform? A database client counts when the pipeline
   *  gives it a secret's or a named host's address (`text`), not CI's own service. */
  private reachesOutside(w: Invocation, text: string): boolean {
    if (w.origin.some((o) => typeof o === 'object' && o.kind === 'ssh')) return true;
    const spec = programFor(w.name, this.ctx.programs);
    const kind = spec?.acts?.kind;
    if (kind === 'git') return w.argv.some((a) => a.value === 'push');
    if (kind === 'filesystem' || kind === 'docker') return false;
    if (kind === 'database') {
      // A variable the pipeline doesn't set, with no database service of its own beside the job
      // (`services:`, a database image): the address comes from the CI's settings, outside it.
      const ownDb = /^\s*services:|image:\s*['"]?([\w.-]+\/)*(postgres|postgis|mysql|mariadb|mongo|redis|valkey|cockroach|clickhouse|mssql|timescale)/im.test(text);
      const fromSettings = (a: Word): boolean => [...a.text.matchAll(/\$\{?(\w+)/g)].some(([, v]) => !new RegExp(`(^|[\\s{,])['"]?${v}['"]?\\s*[:=]`, 'm').test(text));
      if (!ownDb && w.argv.slice(1).some((a) => a.dynamic && fromSettings(a))) return true;
      return /\$\{\{\s*(secrets|vars)\.\w*(DATABASE|DB|PG|POSTGRES|MYSQL|MONGO|REDIS)/i.test(text) || w.argv.some((a) => a.dynamic && /\$\{?\w*(PROD|LIVE)/i.test(a.text)) || w.argv.some((a) => !a.dynamic && /^(\w+:\/\/([^@/\s]*@)?|-h|--host=?)?(?!localhost\b|127\.)[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}\b/i.test(a.value) && /[.:]/.test(a.value) && !/\.(sql|js|ts|py|rb|json|ya?ml|dump|gz)$/i.test(a.value));
    }
    return !!spec;
  }

  /** Redirections tree-sitter hangs on a pipeline or list: they write what its last command prints. */
  private recordRedirects(redirects: Redirect[], last: Invocation | undefined, cwd: string | undefined): void {
    if (!redirects.some((r) => r.op.includes('>'))) return;
    this.recordWrites({ argv: [], name: '', assignments: [], redirects, origin: [], cwd: last?.cwd ?? cwd, vars: table(), text: '' }, () => (last ? literalOutput(last) : undefined));
  }

  /** Nothing on the line so far may have made files the parser can't name (an archive unpacked,
   *  code run): what a pattern meets is on disk, or a file or link the line shows (the rules read
   *  those links against the pattern). */
  private wroteNothing(): boolean {
    return !this.state?.texts.length;
  }

  wordEnv(scope: Scope, origin: Origin[]): WordEnv {
    return {
      lookup: (name) => this.lookup(scope, name),
      // `HOME=/etc; rm -rf ~/x`: tilde expands the variable when the line sets it.
      home: homeOf(scope, this.home()),
      nested: (node, kind) => {
        const o = [...origin, kind];
        const from = this.out.length;
        this.seq(named(node), copyScope(scope), o);
        if (kind !== '$()') return undefined;
        const made = this.out.slice(from);
        const p = printed(made);
        if (p !== undefined || !made.length) return p;
        // A listing (find, grep -rl, git ls-files, ls) alone, or through filters that pass whole lines.
        const last = made[made.length - 1]!;
        const prod = lineSource(last);
        let hops = 1;
        for (let c: Invocation | undefined = last; c && c !== prod; c = c.stdin?.kind === 'pipe' ? c.stdin.producer : undefined) hops++;
        if (hops !== made.length || prod.stdin?.kind === 'pipe' || !isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS)) return undefined;
        const l = this.listedPaths(prod, [lit('xargs')], []);
        return l ? { listed: l.words, ...(l.via ? { via: l.via } : {}) } : undefined;
      },
      unsure: (reason) => this.uncertain.add(reason),
      assign: (name) => scope.vars.set(name, null),
      globOf: (name) => {
        const l = scope.listed?.get(name);
        return l?.word && l.stamp === stampOf(scope, name) ? l.word.value : undefined;
      },
      ownNumber: (name) => !scope.vars.has(name) && !scope.anyVar && this.ctx.env[name] === undefined,
      bgPid: (name) => {
        const sh = scope.shapes?.get(name);
        return !!sh?.bg && sh.stamp === stampOf(scope, name);
      },
    };
  }
}

// ---- helpers ----

/** Variables a builtin assigns: read NAME..., read -a NAME, printf -v NAME, getopts OPTS NAME;
 *  `null` for a name only known at run time. */
function setByBuiltin(name: string, argv: Word[]): Array<string | null> {
  const a = argv.slice(1);
  const out: Array<string | null> = [];
  const put = (w: Word | undefined): void => void (w && out.push(w.dynamic ? null : w.value));
  if (name === 'printf') {
    const i = a.findIndex((w) => w.value === '-v');
    if (i >= 0) put(a[i + 1]);
    return out;
  }
  if (name === 'getopts') {
    put(a[1]);
    return out;
  }
  // read's and mapfile's options as bash reads them (registry): `read -rs NAME`, `read -ra ARR`.
  for (const it of readItems(a, BUILTIN[name])) {
    if ('pos' in it) put(it.pos);
    else if (it.opt === '-a' && it.value) put(it.value);
  }
  if (!out.length) out.push(name === 'read' ? 'REPLY' : 'MAPFILE');
  return out;
}

/** A PATH the line knows whose every entry is an absolute directory. */
function absolutePath(v: string | null | undefined): boolean {
  return typeof v === 'string' && v !== '' && v.split(':').every((d) => d.startsWith('/'));
}

/** The output of a tool's shell set-up command, evaluated: `"$(pyenv init -)"`, `$(direnv hook bash)`. */
/** Nodes after a heredoc start (on its line) that are words of the command. */
const HEREDOC_ARGS = new Set(['word', 'string', 'raw_string', 'concatenation', 'simple_expansion', 'expansion', 'command_substitution', 'number', 'ansi_c_string', 'translated_string', 'process_substitution']);
const AWS_CREDENTIALS_EVAL = /^"?\$\((aws)[ \t]+configure[ \t]+export-credentials(?=[^)]*[ \t]--format[ \t])(?:[ \t]+(?:--profile[ \t]+[\w.@-]+|--format[ \t]+env(?:-no-export)?))+\)"?$/;
/** Why any variable may have changed when that is only a trusted tool's shell set-up (evalOfShellInit). */
const SETUP_WHY = /^(?:eval|source|\.) of [\w./-]+'s shell set-up$/;
/** Any variable may now be anything: `why` replaces a reason that was only a tool's shell set-up. */
function unknownAll(s: Scope, why: string): void {
  if (!s.anyVar || SETUP_WHY.test(s.anyVar)) s.anyVar = why;
}
/** `X ARGS` for every program whose ARGS print its shell set-up (registry: `shell-setup`), by
 *  name or by its path in a system directory (Homebrew's own). */
let shellSetupBody: RegExp | undefined;
function shellSetup(): RegExp {
  if (shellSetupBody) return shellSetupBody;
  const alts = Object.entries(BUILTIN)
    .filter(([, spec]) => spec['shell-setup'])
    .map(([name, spec]) => `${name.replace(/[.+^$()|\\[\]{}*?\\-]/g, '\\$&')}[ \\t]+(?:${spec['shell-setup']!.replace(/ /g, '[ \\t]+')})`);
  return (shellSetupBody = new RegExp(`^(?:/(?:usr/local/bin|opt/homebrew/bin|home/linuxbrew/\\.linuxbrew/bin)/)?(?:${alts.join('|')})$`));
}

/** The tool whose shell set-up is the whole argument: `"$(X)"` or `$(X)` for eval, `<(X)` for
 *  source, where X is a tool's shell set-up (shellSetup) or aws's credential export (eval only). */
function shellInitTool(text: string, isEval: boolean): string | undefined {
  const m = isEval ? /^("?)\$\((.*)\)\1$/s.exec(text) : /^()<\((.*)\)$/s.exec(text);
  if (!m) return undefined;
  const body = m[2]!.trim();
  if (shellSetup().test(body) || (isEval && AWS_CREDENTIALS_EVAL.test(`$(${body})`))) return body.split(/[ \t]/)[0];
  return undefined;
}

/** `$(mktemp ...)` alone: flags that don't choose a directory, at most a template without a slash
 *  or an absolute one (`mktemp /tmp/report.XXXX.json`), a `--suffix=` of plain characters. */
/** `$(mktemp ...)` (quoted or not) followed by a literal path: `$(mktemp -d)/wt`, `"$(mktemp -d)"/a/b`. */
const FRESH_SUFFIX = /^("?\$\([ \t]*mktemp\b[^()`]*\)"?)((?:\/[\w.@+-]+)+)\/?$/;
const MKTEMP = /^"?\$\([ \t]*mktemp((?:[ \t]+(?:-[dqut]+|--directory|--quiet|--dry-run|--tmpdir|--suffix=[\w.-]+))*)(?:[ \t]+((?:\/(?:[\w-][\w.-]*\/)*)?[\w.-]*XXX[\w.-]*)|[ \t]+"?\$(?:TMPDIR|\{TMPDIR(?::-\/tmp)?\})\/([\w.-]*XXX[\w.-]*)"?)?[ \t]*\)"?$/;

/** The one argument of `eval` that is exactly ssh-agent's output: `"$(ssh-agent -s)"`,
 *  `$(ssh-agent)`, `` `ssh-agent -s` ``, with at most a literal socket path (-a) or lifetime (-t). */
const SSH_AGENT_EVAL = /^(?:"?\$\(|`)ssh-agent(?:[ \t]+(?:-s|-a[ \t]+[\w./-]+|-t[ \t]+\d+[smhdwSMHDW]?))*[ \t]*(?:\)"?|`)$/;

/** Programs that only read the files they name (so `cat package.json && npm test` is fine). */
const READERS = new Set(['cat', 'less', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'jq', 'wc', 'ls', 'stat', 'file', 'diff', 'cmp', 'md5sum', 'sha256sum', 'sha1sum', 'bat', 'test', '[', 'echo', 'printf']);
const GIT_READERS = new Set(['diff', 'log', 'show', 'status', 'blame', 'add', 'commit', 'ls-files', 'grep']);

/** Paths to well-known programs are binaries, not scripts to read. */
const WRAPPERS_WITH_PATH = new Set(['env', 'sudo', 'bash', 'sh']);
const NODE_BIN_RUNNERS = /^(npx|pnpx|bunx|npm|pnpm|yarn|bun)$/;
const NODE_BIN_PATH = /(^|\/)node_modules\/\.bin\/[^/]+$/;
/** Builtin wrappers that run the command inside a pod or container (`kubectl exec`, `docker exec`). */
const SELF_GLOBBING = new Set(['rimraf', 'del', 'del-cli']);
// gcloud compute ssh's options that take a separate value (gcloud reference).
const GCLOUD_SSH_VALUE = new Set(['--zone', '--project', '--ssh-key-file', '--ssh-flag', '--container', '--strict-host-key-checking', '--account', '--configuration', '--verbosity', '--impersonate-service-account', '--ssh-key-expiration', '--ssh-key-expire-after', '--flags-file', '--billing-project']);

function actsInside(name: string): boolean {
  const spec = BUILTIN[name];
  return !!spec?.wraps && (spec.acts?.kind === 'kubernetes' || spec.acts?.kind === 'docker');
}

// WSL sees Windows' system directory under /mnt/c (cmd.exe, wsl.exe, robocopy.exe live there).
const SYSTEM_BIN = /^(\/(usr\/(local\/)?)?s?bin|\/opt\/homebrew\/bin|\/home\/linuxbrew\/\.linuxbrew\/bin|\/run\/current-system\/sw\/bin|\/mnt\/[a-z]\/[Ww]indows\/([Ss]ystem32|SysWOW64))\/[^/]+$/;

/** `/usr/bin/time rm ...`: a known wrapper run from a system directory (not one the line writes)
 *  is that wrapper, not a script to read. */
function systemWrapper(first: Word, name: string, inv: Invocation, programs: Registry | undefined): boolean {
  if (first.dynamic || !SYSTEM_BIN.test(first.value) || !(wrapperFor(name, programs) || name === 'robocopy.exe' || name === 'robocopy')) return false;
  return !inv.written || writtenContent(inv.written, first.value) === undefined;
}
/** The program a `#!` line runs, by base name (`#!/usr/bin/env -S python3 -u` -> python3);
 *  undefined without one, '' when it can't be told. */
function shebangProgram(text: string): string | undefined {
  if (!text.startsWith('#!')) return undefined;
  const words = text.slice(2).split('\n', 1)[0]!.trim().split(/\s+/);
  let prog = words[0]?.split('/').pop() ?? '';
  if (prog === 'env') {
    // env's options and NAME=VALUE words come before the program.
    const rest = words.slice(1).filter((w) => w !== '-S' && !/^-[iS]+$/.test(w) && !/^[A-Za-z_]\w*=/.test(w));
    if (words.slice(1).some((w) => /^-(u|C|-unset|-chdir)/.test(w))) return '';
    prog = rest[0]?.split('/').pop() ?? '';
  }
  return prog;
}

/** The interpreter an on-disk file's `#!` line names, for a regular file of script size. */
function diskShebang(abs: string): string | undefined {
  const text = readCode(abs);
  return text === undefined ? undefined : shebangProgram(text);
}

/** A program a package manager installed: under node_modules, or in a virtual environment's bin. */
function packageBin(abs: string): boolean {
  if (/\/(node_modules|site-packages|dist-packages)\//.test(abs)) return true;
  const dir = path.dirname(abs);
  return /\/(bin|Scripts)$/.test(dir) && existsSync(path.join(path.dirname(dir), 'pyvenv.cfg'));
}

const SHEBANG = /^#!\s*(\/usr\/bin\/env\s+(-S\s+)?)?\S*\/?(ba|z|da|k|mk|a)?sh\b/;
const MAX_SCRIPT = 256 * 1024;
// How far a script's project imports are followed: levels, files, bytes read in all.
const MAX_IMPORT_DEPTH = 8;
const MAX_MODULES = 64;
const MAX_MODULE_BYTES = 2 * 1024 * 1024;
const THIRD_PARTY = /\/(node_modules|vendor|site-packages|dist-packages|\.venv|venv)\//;

/** A shell script's text, if the file is one we should read (small, text, shell; `asShell`:
 *  a shell reads it whatever its first line names). */
function readScript(abs: string, asShell = false): string | undefined {
  try {
    const text = readRegularText(abs, MAX_SCRIPT);
    if (text.includes('\0')) return undefined;
    if (!asShell && text.startsWith('#!') && !SHEBANG.test(text.split('\n', 1)[0]!)) return undefined;
    return text;
  } catch {
    return undefined;
  }
}

/** An interpreter's script file as text: a regular file up to MAX_SCRIPT without NUL bytes. */
function readCode(abs: string): string | undefined {
  try {
    const text = readRegularText(abs, MAX_SCRIPT);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Blanks tree-sitter-bash skips (its `\\s`, Unicode White_Space and U+FEFF) that bash reads as
 *  word characters: all but space, tab and newline. */
const ODD_BLANK = /[\r\v\f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const ODD_BLANKS = new RegExp(ODD_BLANK.source, 'g');
/** A blank after an unescaped backslash: part of a word to bash, whitespace to tree-sitter at times. */
const ESCAPED_BLANK = /(?<!\\)(?:\\\\)*\\[ \t\v\f]/;
/** The text with every odd blank, and every escaped blank, a plain word character (same length). */
function asWordChars(text: string): string {
  return text.replace(new RegExp(ESCAPED_BLANK.source, 'g'), (m) => m.slice(0, -1) + '\x01').replace(ODD_BLANKS, '\x01');
}
/** Where commands start and here-documents run: what must not change when the odd blanks
 *  become word characters. */
function structureOf(root: TSNode): string {
  // Not whether the parse failed: a placeholder after a quoted heredoc delimiter is an error of its own.
  const out: string[] = [];
  for (const n of root.descendantsOfType(['command_name', 'heredoc_body', 'heredoc_start', 'function_definition', 'command_substitution', 'process_substitution', 'subshell', 'compound_statement'])) {
    // A program named by odd blanks alone (what is left of `<<'EOF'⏎` with a carriage return, read
    // as a word after the delimiter) runs nothing bash could find.
    if (n && !(n.type === 'command_name' && /^\x01+$/.test(n.text))) out.push(`${n.type[0]}${n.type.length}@${n.startIndex}`);
  }
  return out.join(' ');
}

/** Nodes whose newlines are data, not the end of a command. */
const LITERAL_NODES = new Set(['string', 'raw_string', 'ansi_c_string', 'translated_string', 'string_content', 'heredoc_body', 'heredoc_content', 'heredoc_redirect', 'comment']);

/** Nodes a newline may sit inside without ending a command (`$(⏎...)`, `arr=(⏎...)`, a body). */
const NEWLINE_HOSTS = new Set([...LITERAL_NODES, 'program', 'command_substitution', 'process_substitution', 'array', 'subshell', 'compound_statement', 'do_group', 'if_statement', 'elif_clause', 'else_clause', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'case_item', 'function_definition', 'list', 'pipeline', 'arithmetic_expansion', 'expansion', 'test_command', 'ERROR']);
/** Is there an unescaped newline inside a simple command or a redirection (bash would end the
 *  command there)? */
function swallowedNewline(root: TSNode, text: string): boolean {
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) {
    if (text[p - 1] === '\\' || (text[p - 1] === '\r' && text[p - 2] === '\\')) continue;
    // Only the shapes seen to join (an escaped blank, or a carriage return inside the line,
    // before the newline): tree-sitter also nests some pipelines' next line into their last
    // redirection (Claude Code's snapshot script), harmless there, and pausing that is worse.
    const line = text.slice(text.lastIndexOf('\n', p - 1) + 1, p);
    if (!/\\[ \t]+$/.test(line) && !/\r(?!$)/.test(line)) continue;
    // The end of a line that starts a heredoc: its body's first line may be read as words of the
    // redirection (misjoined above), content either way.
    if (line.includes('<<')) continue;
    for (let n: TSNode | null = root.descendantForIndex(p); n; n = n.parent) {
      if (NEWLINE_HOSTS.has(n.type)) break;
      if (n.type === 'command' || n.type === 'file_redirect' || n.type === 'redirected_statement') return true;
    }
  }
  return false;
}

/** Nodes that are (or end in) a word of a command, in the order bash reads them. */
const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);
/** Does a command hold two word-level nodes that touch, with no blank between (bash reads one word)? */
function splitWord(root: TSNode): boolean {
  for (const cmd of root.descendantsOfType('command')) {
    if (!cmd) continue;
    let prev: TSNode | undefined;
    // Touching, and not the split the walk joins back (`$A/$B` read as `$A/$` and `B`: splitAtDollar).
    const split = (w: TSNode): boolean => !!prev && w.startIndex === prev.endIndex && !(prev.text.endsWith('$') && /^[A-Za-z_]/.test(w.text));
    // One call for all children (each child(i) is a call into the wasm module).
    for (const c of cmd.children) {
      if (!c) continue;
      if (REDIRECTS.has(c.type)) {
        // The operator starts the node; its target words follow (tree-sitter may hang several on it).
        let first = true;
        for (const w of c.namedChildren) {
          if (!w || w.type === 'file_descriptor' || w.type === 'heredoc_start' || w.type === 'heredoc_body' || w.type === 'heredoc_end') continue;
          if (!first && split(w)) return true;
          first = false;
          prev = w;
        }
        continue;
      }
      if (!c.isNamed) {
        prev = undefined;
        continue;
      }
      if (c.type === 'comment') continue;
      if (split(c)) return true;
      prev = c;
    }
  }
  return false;
}

/** Where tree-sitter-bash joined a line that starts with a backslash to the line before: the
 *  offsets just past each such newline (a word of the tree that starts with a bare newline; no
 *  word bash reads does). A heredoc's first line read as the heredoc's argument (`cat > paper.tex
 *  <<'EOF'⏎\documentclass`) is left alone: its own case, not a command missed. */
function misjoined(root: TSNode, text: string): number[] | undefined {
  const out: number[] = [];
  for (const n of root.descendantsOfType(['word', 'concatenation'])) {
    if (!n || !/^\r?\n/.test(n.text) || n.parent?.type === 'heredoc_redirect' || n.parent?.parent?.type === 'heredoc_redirect') continue;
    const nl = n.startIndex + (n.text[0] === '\r' ? 1 : 0);
    // Offsets that don't point at the newline (text the tree counts differently): no repair.
    out.push(text[nl] === '\n' ? nl + 1 : -1);
  }
  // A line of a lone backslash (`echo a⏎\⏎rm -rf data`: the backslash-newline joins it to the
  // next line, a command of its own): tree-sitter eats the newline before it and makes the next
  // line's words the previous command's. Found by position, outside any string or heredoc.
  for (let p = text.indexOf('\n\\'); p >= 0; p = text.indexOf('\n\\', p + 1)) {
    if (text[p + 2] !== '\n' && !(text[p + 2] === '\r' && text[p + 3] === '\n')) continue;
    let inside = false;
    for (let n: TSNode | null = root.descendantForIndex(p); n; n = n.parent) if (LITERAL_NODES.has(n.type)) inside = true;
    if (!inside) out.push(p + 1);
  }
  return out.includes(-1) ? undefined : [...new Set(out)].sort((a, b) => a - b);
}

const STDIN_PATHS = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0', '/dev/null']);
/** Something there that is neither a regular file nor a directory (a FIFO, a device, a socket). */
function nonRegular(abs: string): boolean {
  try {
    const st = statSync(abs);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** Why a shell reading commands from `abs` runs code countersign can't see (readScript gave
 *  nothing): a terminal, pipe or device, a file too big or not text. Undefined when the shell
 *  reads nothing: a missing or unreadable file, a directory, /dev/null. */
/** Builtins and readers that make no file but through a redirect (which the line's record holds). */
const NOTHING_MADE = new Set(['echo', 'printf', 'cd', 'pushd', 'popd', 'export', 'set', 'unset', 'true', 'false', ':', 'test', '[', '[[', 'source', '.', 'local', 'declare', 'typeset', 'readonly', 'shopt', 'umask', 'pwd', 'read', 'command', 'type', 'hash', 'which', 'sleep', 'cat', 'grep', 'env', 'exec']);

function unreadableScript(abs: string): string | undefined {
  try {
    const st = statSync(abs);
    if (st.isDirectory() || abs === '/dev/null') return undefined;
    if (!st.isFile()) return 'which is not a file: its commands come from elsewhere (a terminal, a pipe, a device)';
    accessSync(abs, constants.R_OK);
    return st.size > MAX_SCRIPT ? `which is too big to read (over ${MAX_SCRIPT / 1024} KB)` : 'which is not text countersign can read';
  } catch {
    return undefined;
  }
}

function lit(value: string): Word {
  return { value, dynamic: false, glob: false, text: value };
}

function named(n: TSNode): TSNode[] {
  return n.namedChildren.filter((c): c is TSNode => !!c);
}

export function newScope(cwd: string | undefined, positional?: Array<string | null>): Scope {
  const scope: Scope = { vars: new Vars(), cwd, funcs: new Map(), exported: new Set(), shell: {} };
  if (positional) setPositional(scope, positional);
  return scope;
}

/** $0, $1... and $# in the scope; `null` entries are unknown. */
export function setPositional(scope: Scope, values: Array<string | null>): void {
  delete scope.globArgs;
  for (const k of [...scope.vars.keys()]) if (/^\d+$/.test(k) && k !== '0') scope.vars.delete(k);
  values.forEach((v, i) => scope.vars.set(String(i), v));
  scope.vars.set('#', String(Math.max(0, values.length - 1)));
}

/** Positional parameters from words: `zero` is $0 (undefined: the first word is). A glob word's
 *  value is some path it matches, only known at run time: recorded as the pattern (globArgs). */
function setPositionalWords(scope: Scope, zero: string | null | undefined, words: Word[], via?: Invocation): void {
  const all = zero === undefined ? words : [lit(zero ?? ''), ...words];
  setPositional(scope, all.map((w, i) => (i === 0 && zero !== undefined ? zero : w.dynamic || w.glob ? null : w.value)));
  all.forEach((w, i) => {
    if (w.glob && !w.dynamic && (i > 0 || zero === undefined)) (scope.globArgs ??= new Map()).set(String(i), via ? { word: w, via } : { word: w });
    // A word only known at run time is still one word: quoted "$@" and "$1" give it back as it
    // was (`run git tag -a "v$version"` with `run() { … "$@"; }`: git, not an unknown program) (rt27k).
    else if (w.dynamic && (i > 0 || zero === undefined)) (scope.globArgs ??= new Map()).set(String(i), { word: w });
  });
}

function positionalOf(scope: Scope): Array<string | null> | undefined {
  const n = scope.vars.get('#');
  if (typeof n !== 'string') return undefined;
  const out: Array<string | null> = [scope.vars.get('0') ?? null];
  for (let i = 1; i <= Number(n); i++) out.push(scope.vars.get(String(i)) ?? null);
  return out;
}

function copyScope(s: Scope): Scope {
  const c: Scope = { vars: copyVars(s.vars), cwd: s.cwd, funcs: new Map(s.funcs), exported: new Set(s.exported) };
  if (s.shell) c.shell = s.shell;
  if (s.anyVar) c.anyVar = s.anyVar;
  if (s.setupPath) c.setupPath = s.setupPath;
  if (s.allexport) c.allexport = true;
  if (s.globArgs) c.globArgs = new Map(s.globArgs);
  if (s.choices) c.choices = new Map(s.choices);
  if (s.shapes) c.shapes = new Map(s.shapes);
  if (s.arrays) c.arrays = new Map(s.arrays);
  if (s.listed) c.listed = new Map(s.listed);
  if (s.alt) c.alt = s.alt;
  return c;
}

function copyVars(v: Vars): Vars {
  return new Vars(v);
}

function stampOf(scope: Scope, k: string): number | undefined {
  return scope.vars.stamp(k);
}

/** An if or elif clause's conditions and body, an else clause's body. */
function ifParts(clause: TSNode): { cond: TSNode[]; body: TSNode[] } {
  const cond: TSNode[] = [];
  const body: TSNode[] = [];
  let inBody = clause.type === 'else_clause';
  for (const c of clause.children) {
    if (!c) continue;
    if (c.type === 'then') inBody = true;
    if (!c.isNamed || c.type === 'elif_clause' || c.type === 'else_clause') continue;
    (inBody ? body : cond).push(c);
  }
  return { cond, body };
}

/** A for-list word with no expansion at all (no $, glob, brace, tilde): its value. */
function plainWord(n: TSNode): string | undefined {
  if (n.type === 'word' && /^[\w.\/@%+=,:-]+$/.test(n.text)) return n.text;
  // `for cid in 42 1337`: tree-sitter reads a word of digits as a number.
  if (n.type === 'number' && /^\d+$/.test(n.text)) return n.text;
  if (n.type === 'raw_string') return n.text.slice(1, -1);
  if (n.type === 'string' && /^"[^$`\\]*"$/.test(n.text)) return n.text.slice(1, -1);
  return undefined;
}

/** May the line's writes so far have put under ROOT something a listing of it (`rg -l X ROOT |
 *  xargs sed -i`) names that wasn't there: a link, an archive's or a tool's files, a directory
 *  copied or moved in, a file moved in from outside ROOT, a file of unknown content, a name xargs
 *  would split? A file of text the line wrote (a new regular file), one moved within ROOT (`mv
 *  src/old.ts src/new.ts`) or moved away, and writes elsewhere don't: the listing still names
 *  only what is under ROOT. */
function madeUnder(w: Written, root: string): boolean {
  const under = (p: string): boolean => p.startsWith(root === '/' ? '/' : root + '/');
  // A path moved within ROOT may have been a directory: what is under it was under ROOT too.
  const within = (d: string | undefined): boolean => d !== undefined && under(d) && w.moved?.get(d) !== undefined && under(w.moved.get(d)!);
  // `git rm` only deletes; an in-place s/// (EDITS) rewrites files already there, and its backups
  // add a plain suffix to their names.
  const noNames = (t: string): boolean => t.startsWith(EDITS) || /^git rm(\s|$)/.test(namedWords(t) ?? '');
  if (w.links?.size || mayHaveMade({ files: new Map(), texts: w.texts.filter((t) => !within(underDir(t)) && !noNames(t)) }, root)) return true;
  const sources = new Set(w.moved?.values() ?? []);
  for (const [k, c] of w.files) {
    if (k === root || root.startsWith(k + '/')) return true;
    if (!under(k)) continue;
    if (/[\s'"\\]/.test(path.relative(root, k))) return true;
    const from = w.moved?.get(k);
    if (from !== undefined) {
      if (!under(from)) return true;
    } else if (c === null && !sources.has(k)) return true;
  }
  return false;
}

/** After a branch that may or may not run: changed variables and directory become unknown. */
/** OWN (what a command saw) with what later commands wrote (from AFTER, the state once it and
 *  its own group ran, to END) unknown; undefined when they wrote nothing. Writes the parser can't
 *  name (a tool's, an archive's) count for a background job, not for a pipeline's upstream
 *  elements: those start first and read their files as they start. */
function laterUnknown(own: Written | undefined, after: Written | undefined, end: Written, withTexts: boolean): Written | undefined {
  const changed = [...end.files].filter(([k, v]) => !after?.files.has(k) || after.files.get(k) !== v).map(([k]) => k);
  const texts = withTexts ? end.texts.filter((t) => !after?.texts.includes(t)) : [];
  const links = end.links !== after?.links ? end.links : undefined;
  if (!changed.length && !texts.length && !links) return undefined;
  const files = new Map(own?.files ?? []);
  for (const k of changed) files.set(k, null);
  const out: Written = { files, texts: [...(own?.texts ?? []), ...texts] };
  const allLinks = links ?? own?.links;
  if (allLinks) out.links = allLinks;
  if (own?.venvs) out.venvs = own.venvs;
  if (own?.copies) out.copies = own.copies;
  if (own?.moved) {
    const moved = new Map([...own.moved].filter(([k]) => !changed.includes(k)));
    if (moved.size) out.moved = moved;
  }
  return out;
}

function mergeBranch(outer: Scope, inner: Scope): void {
  if (!inner.vars.unchangedFrom(outer.vars)) for (const [k, v] of inner.vars) if (outer.vars.get(k) !== v || !outer.vars.has(k)) outer.vars.set(k, null);
  if (inner.cwd !== outer.cwd) outer.cwd = undefined;
  // A nameref the branch may have made holds after it.
  for (const [k, t] of inner.vars.refEntries()) if (!outer.vars.refEntries().some(([a, b]) => a === k && b === t)) outer.vars.setRef(k, t);
  // An array the branch set (its first item may equal the old one's) is no longer known.
  for (const [k, a] of inner.arrays ?? []) if (outer.arrays?.get(k) !== a) outer.vars.set(k, null);
  for (const [k, v] of inner.funcs) if (!outer.funcs.has(k)) outer.funcs.set(k, v);
  for (const k of inner.exported) outer.exported.add(k);
  if (inner.anyVar) unknownAll(outer, inner.anyVar);
  if (inner.allexport) outer.allexport = true;
  // A positional parameter the branch may have reset no longer stands for the pattern.
  for (const [k, g] of outer.globArgs ?? []) if (inner.globArgs?.get(k) !== g) outer.globArgs!.delete(k);
}

/** $HOME for `~`: the line's value when it sets one (null: unknown), else the user's. */
function homeOf(scope: Scope, home: string | undefined): string | undefined {
  const h = scope.vars.get('HOME');
  return h === null ? undefined : h === undefined ? home : h;
}

function isDefaultIfs(scope: Scope, sessionIfs: string | undefined): boolean {
  // A new bash ignores IFS from the environment: only the line (or a live session) changes it.
  const v = scope.vars.has('IFS') ? scope.vars.get('IFS') : sessionIfs;
  return v === undefined || v === ' \t\n';
}

/** With CDPATH set, `cd name` (not `./name`, `../x` or `/x`) may go to a directory under CDPATH. */
function cdPathUnknown(argv: Word[], cdpath: string | null | undefined): boolean {
  if (cdpath === undefined || cdpath === '') return false;
  const d = argv.slice(1).find((a) => !/^-[LPe@]+$/.test(a.value) && a.value !== '--');
  return !!d && !d.dynamic && !/^(\/|\.\.?(\/|$)|~)/.test(d.value) && d.value !== '-';
}

/** The files a group's redirects give fd 1 and 2 that a command inside truncates by opening
 *  `/dev/stdout`, `/dev/fd/1` or `/proc/self/fd/1` (and 2) with `>`: each as a `>` of that file.
 *  `own`: the command's own list, read in order (`echo x >> f > /dev/stdout` truncates f). */
function reopenedFiles(outer: Redirect[], inner: Invocation[], own = false): Redirect[] {
  const fdFile = new Map<number, Word>();
  const out: Redirect[] = [];
  const reopen = (r: Redirect): void => {
    if (!r.target || !/^(>|>\||&>)$/.test(r.op)) return;
    const m = /^\/(?:dev\/(?:std(out|err)|fd\/([12]))|proc\/(?:self|\d+)\/fd\/([12]))$/.exec(r.target.value);
    if (!m) return;
    const file = fdFile.get(m[1] === 'out' ? 1 : m[1] === 'err' ? 2 : Number(m[2] ?? m[3]));
    if (file) out.push({ op: '>', fd: r.fd ?? 1, target: file });
  };
  for (const r of outer) {
    if (own) reopen(r);
    if (!r.target || !r.op.includes('>') || r.op === '>&' || r.target.value.startsWith('/dev/') || r.target.value.startsWith('/proc/')) continue;
    if (r.op.startsWith('&')) { fdFile.set(1, r.target); fdFile.set(2, r.target); }
    else fdFile.set(r.fd ?? 1, r.target);
  }
  if (!fdFile.size) return [];
  for (const inv of inner) for (const r of inv.redirects) reopen(r);
  return out;
}

/** An origin through which a command still reads the line's own input: plain nesting, or an exec
 *  into a container that forwards it (`docker exec -it c sh`) with no input of its own. Not inside
 *  other code (`echo x | bash -c 'bash'`: that code's caller's input), eval or a coprocess. */
function ownInput(o: Origin): boolean {
  if (typeof o === 'string') return /^[\w$()-]+$/.test(o) && o !== 'eval' && o !== 'coproc';
  // A pod, container or remote machine forwards the wrapper's input: the line's, when it has none of its own.
  const by = o.kind === 'exec' ? o.into : o.kind === 'ssh' ? o.via : undefined;
  return !!by && !by.stdin && !by.redirects.some((r) => r.op.includes('<'));
}

/** The first executable `name` on a PATH (absolute directories only), or one the line writes
 *  there first (`written`). */
function programOn(name: string, PATH: string | undefined, written?: (f: string) => boolean): { file: string; written?: true } | undefined {
  for (const d of (PATH ?? '').split(':')) {
    if (!d.startsWith('/')) continue;
    const f = path.join(path.resolve(d), name);
    if (written?.(f)) return { file: f, written: true };
    const st = statSync(f, { throwIfNoEntry: false });
    if (st?.isFile() && st.mode & 0o111) return { file: f };
  }
  return undefined;
}

/** A `node` that PATH finds before the environment's own and that is not a node binary: a
 *  script, or a native program far smaller than node (a wrapper), or one the line writes. Version
 *  managers' nodes (nvm, fnm, volta's and mise's links to their binaries) are real binaries of
 *  tens of megabytes. */
function shadowNode(PATH: string, envPATH: string | undefined, written: (f: string) => boolean): string | undefined {
  const hit = programOn('node', PATH, written);
  if (!hit) return undefined;
  if (hit.written) return hit.file;
  const found = hit.file;
  const real = realPath(found);
  const own = programOn('node', envPATH)?.file;
  if (own && realPath(own) === real) return undefined;
  return nativeLarge(real) ? undefined : found;
}

const NODE_MIN_BYTES = 16 * 1024 * 1024;
/** ELF or Mach-O, and as large as a node binary. */
function nativeLarge(f: string): boolean {
  try {
    if (statSync(f).size < NODE_MIN_BYTES) return false;
    const fd = openSync(f, 'r');
    const b = Buffer.alloc(4);
    try {
      readSync(fd, b, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    const m = b.readUInt32BE(0);
    return m === 0x7f454c46 || m === 0xcffaedfe || m === 0xcefaedfe || m === 0xfeedfacf || m === 0xcafebabe;
  } catch {
    return false;
  }
}

function realPath(f: string): string {
  try {
    return realpathSync(f);
  } catch {
    return f;
  }
}

function resolveDir(cwd: string | undefined, dir: string, home: string | undefined): string | undefined {
  if (dir === '~' || dir.startsWith('~/')) {
    if (!home) return undefined;
    dir = home + dir.slice(1);
  }
  // No trailing slash, as path.resolve gives for a relative one: `rsync -a x/ /tmp/copy/` writes
  // the files under /tmp/copy (rt24fp1).
  if (path.isAbsolute(dir)) return path.normalize(dir).replace(/(?<=.)\/+$/, '');
  return cwd === undefined ? undefined : path.resolve(cwd, dir);
}

function cdTarget(argv: Word[], cwd: string | undefined, home: string | undefined): string | undefined {
  const args = argv.slice(1).filter((a) => !/^-[LPe@]+$/.test(a.value));
  if (args[0]?.value === '--') args.shift();
  const d = args[0];
  if (!d) return home;
  if (d.dynamic || d.glob || d.value === '-' || /^[+-]\d+$/.test(d.value)) return undefined;
  return resolveDir(cwd, d.value, home);
}

function stdinLabel(s: StdinSource | undefined): string {
  if (!s) return 'stdin to';
  return s.kind === 'pipe' ? 'pipe to' : `${s.kind} to`;
}

/** What a command prints, when that is a literal we can read (echo, printf, cat of a heredoc). */
/** `(echo a; printf 'b\\n') | x`, `{ crontab -l; echo JOB; } | crontab -`: a group of plain commands
 *  run one after another prints each one's literal output in turn; `crontab -l` into `crontab -`
 *  is the schedule already installed, kept as it is. A condition, a nested command, a redirect
 *  other than stderr to /dev/null, or a command whose output isn't literal leaves it unknown. */
function groupOutput(node: TSNode, made: Invocation[], intoCrontab: boolean): string | undefined {
  if (node.type !== 'subshell' && node.type !== 'compound_statement') return undefined;
  const kids = node.namedChildren.filter((k): k is TSNode => !!k && k.type !== 'comment');
  const plain = (k: TSNode): boolean => k.type === 'command' || (k.type === 'redirected_statement' && k.namedChildren.filter((r) => r && r.type !== 'command').every((r) => /^2>\s*\/dev\/null$/.test(r!.text)));
  if (!kids.length || !kids.every(plain) || made.length !== kids.length) return undefined;
  let text = '';
  for (const inv of made) {
    if (intoCrontab && inv.name === 'crontab' && inv.argv.length === 2 && inv.argv[1]!.value === '-l') continue;
    const t = literalOutput(inv);
    if (t === undefined) return undefined;
    text += t;
  }
  return text;
}

/** `psql < <(echo 'SELECT 1')`: stdin read from a process substitution is what its one command
 *  prints, as if piped (`echo 'SELECT 1' | psql`); anything else stays a file known at run time. */
function procSubStdin(r: TSNode, stdin: StdinSource, made: Invocation[], system: (name: string) => boolean): ProcSubStdin | undefined {
  if (stdin.kind !== 'file') return undefined;
  const dest = r.childrenForFieldName('destination').filter((d): d is TSNode => !!d);
  const ps = dest.length === 1 ? dest[0]! : undefined;
  if (!ps || ps.type !== 'process_substitution' || !ps.text.startsWith('<(')) return undefined;
  const body = ps.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment');
  // `< <(ls -1t d/*.tgz | tail -n +8)`: a pipeline of plain commands prints what its last one
  // does (its own stdin the one before, as for a pipe written out); no text is known then.
  if (body.length === 1 && body[0]!.type === 'pipeline' && made.length > 1 && made.length === named(body[0]!).length && named(body[0]!).every((c) => c.type === 'command')) {
    const last = made[made.length - 1]!;
    if (made.some((m) => m.origin[m.origin.length - 1] !== '<()' || m.redirects.length) || last.stdin?.kind !== 'pipe') return undefined;
    return { kind: 'pipe', from: ps.text, producer: last, ran: made };
  }
  if (body.length !== 1 || body[0]!.type !== 'command' || made.length !== 1) return undefined;
  const inv = made[0]!;
  if (inv.origin[inv.origin.length - 1] !== '<()' || inv.redirects.length) return undefined;
  const cat = inv.name === 'cat' && !inv.assignments.length && system('cat');
  const text = inv.name !== 'cat' || cat ? literalOutput(inv) : undefined;
  return { kind: 'pipe', from: ps.text, ...(text !== undefined ? { text } : {}), producer: inv, ran: made, ...(cat ? { system: true as const } : {}) };
}

/** strftime fields whose text has no slash, space or glob, at one sample time (2024-06-01 12:00:00 UTC). */
const SAMPLE_TIME: Record<string, string> = table({ Y: '2024', m: '06', d: '01', H: '12', M: '00', S: '00', y: '24', j: '153', s: '1717243200', F: '2024-06-01', T: '12:00:00', R: '12:00', u: '6', w: '6', I: '12', z: '+0000', C: '20', G: '2024', V: '22' });

/** A printf format whose `%(FMT)T` conversions are all plain fields and separators, with each one
 *  replaced by `%.0s` (it still takes its argument) and the sample time's text; else undefined. */
function sampleTimes(fmt: string): string | undefined {
  if (!fmt.includes('%(')) return undefined;
  let ok = true;
  const out = fmt.replace(/%\(([^)]*)\)T/g, (_m, f: string) => {
    const text = f.replace(/%(.)|([^%])/g, (_x, field: string | undefined, ch: string | undefined) => {
      if (field !== undefined) {
        const v = field === '%' ? undefined : SAMPLE_TIME[field];
        if (v === undefined) ok = false;
        return v ?? '';
      }
      if (!/^[-_.:+A-Za-z0-9]$/.test(ch!)) ok = false;
      return ch!;
    });
    return '%.0s' + text;
  });
  return ok ? out : undefined;
}

/** One printf conversion (`%s`, `%-8s`, `%03o`, `%x`, `%q`...) of one argument as bash prints it,
 *  or undefined for one not read here (floating point, a number that doesn't parse). */
function printfConversion(spec: string, v: string): string | undefined {
  const m = /^%([-+ #0]*)(\d*)(?:\.(\d+))?([a-zA-Z])$/.exec(spec);
  if (!m) return undefined;
  const [, flags, width, prec, conv] = m as unknown as [string, string, string, string | undefined, string];
  let body: string;
  let numeric = false;
  switch (conv) {
    case 's': body = prec !== undefined ? v.slice(0, Number(prec)) : v; break;
    // %q: quoted for the shell to read back as one word (bash escapes with backslashes).
    case 'q': body = v === '' ? "''" : v.replace(/[^\w@%+=:,./-]/g, '\\$&'); break;
    // %b: like echo -e, octal is \0nnn (up to three digits after the 0).
    case 'b': body = decodeAnsiC(v.replace(/\\0([0-7]{1,3})/g, (_o, o: string) => String.fromCharCode(parseInt(o, 8)))); break;
    case 'c': body = v.slice(0, 1); break;
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': {
      const n = shellInteger(v);
      if (n === undefined) return undefined;
      const neg = n < 0n;
      const abs = neg ? -n : n;
      const digits = conv === 'o' ? abs.toString(8) : conv === 'x' ? abs.toString(16) : conv === 'X' ? abs.toString(16).toUpperCase() : abs.toString();
      if ((conv === 'o' || conv === 'x' || conv === 'X' || conv === 'u') && neg) return undefined; // two's complement: not read here
      const p = prec !== undefined ? digits.padStart(Number(prec), '0') : digits;
      body = (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + (flags.includes('#') && conv === 'o' && !p.startsWith('0') ? '0' : '') + (flags.includes('#') && n !== 0n && (conv === 'x' || conv === 'X') ? (conv === 'x' ? '0x' : '0X') : '') + p;
      numeric = true;
      break;
    }
    default: return undefined;
  }
  const w = Number(width || 0);
  if (body.length >= w) return body;
  if (flags.includes('-')) return body.padEnd(w, ' ');
  if (numeric && flags.includes('0') && prec === undefined) {
    const sign = /^[-+ ]|^0[xX]/.exec(body)?.[0] ?? '';
    return sign + body.slice(sign.length).padStart(w - sign.length, '0');
  }
  return body.padStart(w, ' ');
}

/** A printf numeric argument as bash reads it: decimal, 0-leading octal, 0x hex, or 'c (the
 *  character's code); undefined for anything else (bash prints an error and a partial value). */
function shellInteger(v: string): bigint | undefined {
  const t = v.trim();
  if (t === '') return 0n;
  if (/^['"]/.test(t)) return t.length > 1 ? BigInt(t.codePointAt(1)!) : 0n;
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(t);
  if (!m) return undefined;
  const d = m[2]!;
  const n = /^0[xX]/.test(d) ? BigInt(d) : d.length > 1 && d.startsWith('0') ? BigInt(`0o${d.slice(1)}`) : BigInt(d);
  return m[1] === '-' ? -n : n;
}

export function literalOutput(inv: Invocation): string | undefined {
  const args = inv.argv.slice(1);
  if (args.some((a) => a.dynamic)) return undefined;
  switch (inv.name) {
    case 'echo': {
      let i = 0;
      let escapes = false;
      let newline = true;
      while (i < args.length && /^-[neE]+$/.test(args[i]!.value)) {
        if (args[i]!.value.includes('e')) escapes = true;
        if (args[i]!.value.includes('n')) newline = false;
        i++;
      }
      const s = args.slice(i).map((a) => a.value).join(' ');
      // echo -e writes octal as \0nnn (ANSI-C quoting as \nnn).
      return (escapes ? decodeAnsiC(s.replace(/\\0([0-7]{1,3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)))) : s) + (newline ? '\n' : '');
    }
    case 'printf': {
      let i = 0;
      if (args[0]?.value === '--') i++;
      const fmt = args[i]?.value;
      if (fmt === undefined) return undefined;
      const rest = args.slice(i + 1).map((a) => a.value);
      // The format is used again while arguments remain (`printf '%s\n' a b c`: three lines); a
      // format that takes none prints once, and its extra arguments are ignored.
      let k = 0;
      let out = '';
      do {
        const before = k;
        // The format's escapes are decoded, not the arguments' (but %b decodes its own). A
        // conversion this can't print exactly (%f, %e, a number that isn't one) leaves it unknown:
        // `printf "\\$(printf %o 114)"` is an `r` built from its octal code.
        let unknown = false;
        out += fmt.split(/(%(?:%|[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]))/).map((part, j) => {
          if (j % 2 === 0) return decodeAnsiC(part);
          if (part === '%%') return '%';
          const v = rest[k++] ?? '';
          const r = printfConversion(part, v);
          if (r === undefined) unknown = true;
          return r ?? '';
        }).join('');
        if (unknown) return undefined;
        if (k === before) break;
      } while (k < rest.length);
      return out;
    }
    case ':':
    case 'true':
    case 'false':
      return '';
    case 'tee':
      // tee passes its input on (the files it names get it too: writes.ts).
      if (args.some((a) => a.value.startsWith('-') && a.value !== '-a' && a.value !== '--append')) return undefined;
      if (inv.stdin?.kind === 'pipe' || inv.stdin?.kind === 'heredoc' || (inv.stdin?.kind === 'herestring' && !inv.stdin.dynamic)) return inv.stdin.text;
      return undefined;
    case 'cat':
      if (args.length === 0 && inv.stdin && (inv.stdin.kind === 'heredoc' || inv.stdin.kind === 'herestring')) return inv.stdin.text;
      if (args.length === 0 && inv.stdin?.kind === 'pipe') return inv.stdin.text;
      return catWritten(inv, args);
    case 'jq': {
      // The file as the line left it, or on disk ('' when missing: jq prints nothing).
      const known = (w: Word): string | null => {
        const abs = w.dynamic || inv.cwd === undefined ? undefined : path.resolve(inv.cwd, w.value);
        if (abs === undefined) return null;
        const c = writtenContent(inv.written, abs);
        return c !== undefined ? c : readText(abs) ?? (existsSync(abs) ? null : '');
      };
      const rawfile = (p: string): string | null | undefined => {
        const w = args.find((a) => a.value === p);
        const abs = !w || w.dynamic || inv.cwd === undefined ? undefined : path.resolve(inv.cwd, p);
        if (abs === undefined) return null;
        const c = writtenContent(inv.written, abs);
        return c !== undefined ? c : readText(abs) ?? (existsSync(abs) ? null : undefined);
      };
      return jqNullOutput(args.map((a) => a.value), rawfile) ?? jqSet(inv, known) ?? jqRawSlurp(inv, known);
    }
    default:
      return undefined;
  }
}

/** `cat /tmp/rc >> ~/.bashrc`: what cat adds, from the files on disk (those this line wrote are
 *  literalOutput's); null when any can't be read. Only for a file run later by itself. */
function catOnDisk(inv: Invocation): string | null {
  const args = inv.argv.slice(1);
  if (inv.name !== 'cat' || !args.length || inv.cwd === undefined) return null;
  let out = '';
  for (const a of args) {
    if (a.dynamic || a.glob || a.value.startsWith('-')) return null;
    const t = readCode(path.resolve(inv.cwd, a.value));
    if (t === undefined) return null;
    out += t;
  }
  return out;
}

/** `cat FILE…` of files this line wrote with known text: that text (files on disk are not read
 *  here: a pipe from `cat big.log` must cost nothing). */
function catWritten(inv: Invocation, args: Word[]): string | undefined {
  if (!args.length || inv.cwd === undefined || !inv.written) return undefined;
  let out = '';
  for (const a of args) {
    if (a.glob || a.value.startsWith('-')) return undefined;
    const c = writtenContent(inv.written, path.resolve(inv.cwd, a.value));
    if (typeof c !== 'string') return undefined;
    out += c;
  }
  return out;
}

/** What `jq -n --arg q 'query { viewer { login } }' '{query: $q}'` prints: an object built only
 *  of keys, `$name`s given by --arg/--argjson, plain strings, numbers, true/false/null and such
 *  objects (no operator, path, function, escape or interpolation). undefined otherwise. */
export function jqNullOutput(args: string[], rawfile?: (p: string) => string | null | undefined): string | undefined {
  const vars = new Map<string, unknown>();
  let missing = false;
  let nullInput = false;
  let compact = false;
  let filter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--null-input') nullInput = true;
    else if (a === '-c' || a === '--compact-output') compact = true;
    else if (/^-[ncrM]+$/.test(a)) { if (a.includes('n')) nullInput = true; if (a.includes('c')) compact = true; }
    else if (a === '-r' || a === '--raw-output' || a === '-M' || a === '--monochrome-output') continue;
    else if ((a === '--arg' || a === '--argjson') && i + 2 < args.length) {
      const name = args[++i]!;
      const v = args[++i]!;
      if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
      if (a === '--arg') vars.set(name, v);
      else {
        try {
          vars.set(name, JSON.parse(v));
        } catch {
          return undefined;
        }
      }
    } else if (a === '--rawfile' && rawfile && i + 2 < args.length) {
      // --rawfile NAME FILE: the file's text as a string (read as the line left it). A file not
      // there makes jq fail before printing anything.
      const name = args[++i]!;
      const t = rawfile(args[++i]!);
      if (!/^[A-Za-z_]\w*$/.test(name) || t === null) return undefined;
      if (t === undefined) missing = true;
      else vars.set(name, t);
    } else if (a.startsWith('-') || filter !== undefined) return undefined;
    else filter = a;
  }
  if (!nullInput || filter === undefined) return undefined;
  if (missing) return '';
  let pos = 0;
  const f = filter;
  const ws = (): void => { while (pos < f.length && /\s/.test(f[pos]!)) pos++; };
  // A jq string is JSON's, but `\(...)` interpolates: only JSON's escapes are read.
  const str = (): string | undefined => {
    const m = /^"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(f.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const value = (depth: number): { v: unknown } | undefined => {
    ws();
    const rest = f.slice(pos);
    if (rest.startsWith('{')) return depth < 8 ? object(depth + 1) : undefined;
    if (rest.startsWith('"')) { const s = str(); return s === undefined ? undefined : { v: s }; }
    const m = /^(\$[A-Za-z_]\w*|-?\d+(?:\.\d+)?|true|false|null)(?![\w.])/.exec(rest);
    if (!m) return undefined;
    pos += m[0].length;
    if (m[1]!.startsWith('$')) return vars.has(m[1]!.slice(1)) ? { v: vars.get(m[1]!.slice(1)) } : undefined;
    return { v: JSON.parse(m[1]!) };
  };
  const object = (depth: number): { v: unknown } | undefined => {
    pos++;
    const o: Record<string, unknown> = table();
    ws();
    if (f[pos] === '}') { pos++; return { v: o }; }
    for (;;) {
      ws();
      let key: string | undefined;
      const m = /^(\$?)([A-Za-z_]\w*)/.exec(f.slice(pos));
      if (f[pos] === '"') key = str();
      else if (m) {
        pos += m[0].length;
        key = m[2];
        // `{$q}` is `{q: $q}`; a bare `{q}` is `.q` of null input.
        if (m[1]) {
          if (!vars.has(key!)) return undefined;
          o[key!] = vars.get(key!);
          ws();
          if (f[pos] === ',') { pos++; continue; }
          if (f[pos] === '}') { pos++; return { v: o }; }
          return undefined;
        }
      }
      if (key === undefined) return undefined;
      ws();
      if (f[pos] !== ':') return undefined;
      pos++;
      const v = value(depth);
      if (!v) return undefined;
      o[key] = v.v;
      ws();
      if (f[pos] === ',') { pos++; continue; }
      if (f[pos] === '}') { pos++; return { v: o }; }
      return undefined;
    }
  };
  ws();
  if (f[pos] !== '{') return undefined;
  const r = object(1);
  ws();
  if (!r || pos !== f.length) return undefined;
  return `${compact ? JSON.stringify(r.v) : JSON.stringify(r.v, null, 2)}\n`;
}

/** Programs that run the command they are given with `$SHELL -c`. */
const SHELL_USERS = new Set(['script', 'flock', 'entr', 'tmux', 'screen', 'sudo']);

/** `find ... -exec sh -c ': > "$0"' {} \;`: a redirect to a positional parameter that holds a
 *  pattern (find's `{}`) is to what the pattern matches. Returns the find it came from. */
function positionalTarget(r: Redirect | undefined, node: TSNode, scope: Scope): Invocation | undefined {
  // `: > "${a[1]}"` of an array the line set: that item, as the same word as an argument is.
  if (r?.target?.dynamic && scope.arrays) {
    const text = node.childForFieldName('destination')?.text ?? '';
    const item = text.includes('[') ? arrayArgs(text, scope) : undefined;
    if (item?.words.length === 1) r.target = { ...item.words[0]!, text };
  }
  if (r?.target?.dynamic && scope.listed) listedTarget(r, node, scope);
  if (!r?.target?.dynamic || !scope.globArgs) return undefined;
  const dest = node.childForFieldName('destination');
  const one = dest ? allArgs(dest.text, scope) : undefined;
  if (one?.words.length !== 1) return undefined;
  r.target = one.words[0]!;
  return one.via;
}

/** `runtime`: the listing's items come from what a program prints or a file holds (`cat list |
 *  while read f`, `for f in $(…)`), not from a pattern the walk couldn't read. */
function setListed(scope: Scope, name: string, word: Word | undefined, unseen = false, runtime = false): void {
  const stamp = stampOf(scope, name);
  (scope.listed ??= new Map()).set(name, unseen ? { stamp, unseen: true } : word ? { stamp, word } : runtime ? { stamp, runtime: true } : { stamp });
}

/** `> "$f"` where f holds one item of a listing: the listing's pattern when known; `> "DIR/$f"`:
 *  the redirect is marked as naming one of the items under DIR (Redirect.item). */
function listedTarget(r: Redirect, node: TSNode, scope: Scope): void {
  const text = node.childForFieldName('destination')?.text ?? '';
  const m = /^"?((?:[\w.@%+,:~-]*\/)*)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))"?$/.exec(text);
  if (!m || (text.startsWith('"') !== text.endsWith('"'))) return;
  const name = m[2] ?? m[3]!;
  const l = scope.listed!.get(name);
  if (!l || l.stamp !== stampOf(scope, name)) return;
  if (l.unseen) r.throughUnseen = true;
  else if (!m[1] && l.word) r.target = { ...l.word, text };
  else if (m[1]) r.item = true;
  else if (l.runtime) r.anyItem = true;
}

/** The pattern every line of a listing piped into `read` matches: `ls PATTERN`, `find ROOT`,
 *  `printf '%s\n' PATTERN`, `compgen -G PATTERN`, one path operand each. */
function listingPattern(s: StdinSource | undefined, cwd: string | undefined): Word | undefined {
  // `< <(ls -1t "$dir"/x-*.tgz | tail -n +11)`: what the process substitution prints, as a pipe.
  if (s?.kind === 'file' && s.procSub?.producer) return listingPattern(s.procSub, cwd);
  if (s?.kind === 'file') return listingOfText(/^<\(([^()`$]*)\)$/.exec(s.path.text)?.[1], cwd);
  if (s?.kind !== 'pipe' || !s.producer) return undefined;
  // `ls -1t logs/*.log | tail -n +11 | while read -r f`: through filters that pass whole lines.
  const p = lineSource(s.producer);
  if (p.via) return undefined;
  return listingOf(p.name, p.argv.slice(1), p.cwd);
}

/** What a builtin reads on stdin when the line shows all of it: a heredoc without expansions, a
 *  literal here-string, or `< <(printf …)` / `< <(echo …)` of plain words. */
function literalStdin(s: StdinSource | undefined): string | undefined {
  if (s?.kind === 'heredoc') return !s.expands || !/[$`]/.test(s.text) ? s.text : undefined;
  if (s?.kind === 'herestring') return s.dynamic ? undefined : s.text + '\n';
  if (s?.kind !== 'file') return undefined;
  const m = /^<\(\s*(printf|echo)\s+([^()`$;|&<>]*)\)$/.exec(s.path.text);
  if (!m) return undefined;
  const parts = m[2]!.trim().split(/[ \t]+/);
  const words = parts.map((x) => (/^'[^']*'$/.test(x) ? x.slice(1, -1) : /["'\\*?[]/.test(x) ? undefined : x));
  if (words.some((w) => w === undefined)) return undefined;
  const argv = [m[1]!, ...(words as string[])].map((v) => ({ value: v, dynamic: false, glob: false, text: v }));
  return literalOutput({ argv, name: m[1]!, assignments: [], redirects: [], origin: [], cwd: undefined, vars: table(), text: s.path.text });
}

/** The same for the text of a simple command (`done < <(find data -type f)`, `for f in $(ls
 *  data/*)`): plain words only, split at blanks. */
function listingOfText(text: string | undefined, cwd: string | undefined): Word | undefined {
  const parts = text?.trim().split(/[ \t]+/);
  // A word wholly in single quotes (`-name '*.sh'`, `'kill\('`: a backslash in them is itself) is
  // its text without them.
  const plain = (x: string): string | undefined => (/^'[^']*'$/.test(x) ? x.slice(1, -1) : /[$`"'\\;|&<>(){}]/.test(x) ? undefined : x);
  if (!parts?.length || parts.some((x) => plain(x) === undefined)) return undefined;
  return listingOf(parts[0]!, parts.slice(1).map((x) => ({ value: plain(x)!, dynamic: false, glob: x === plain(x) && /[*?[]/.test(x), text: x })), cwd);
}

/** `git grep -l|--files-with-matches|--name-only [-z] [-i -w -F -E -G -P -I -n] (PATTERN | -e
 *  PATTERN...) [PATHSPEC...] [-- PATHSPEC...]` as the `git ls-files [-z] -- PATHSPEC...` whose
 *  files it searches (tracked files in the work tree, paths relative to the current directory);
 *  undefined for anything else: no -l (lines of text, not paths), an option that searches other
 *  files or prints other paths (--untracked, --no-index, --cached, --recurse-submodules,
 *  --full-name, -O), a pattern built at run time where it could be an option, or an operand
 *  before `--` that isn't a path on disk (a revision: `rev:path` names). */
function gitGrepAsLsFiles(a: Word[], cwd: string): Word[] | undefined {
  let listing = false;
  let z = false;
  let pattern = false;
  const ops: Word[] = [];
  for (let i = 2; i < a.length; i++) {
    const w = a[i]!;
    const v = w.value;
    if (!w.dynamic && v === '--') {
      ops.push(...a.slice(i + 1));
      break;
    }
    if (!w.dynamic && (v === '-e' || v === '--regexp')) {
      if (++i >= a.length) return undefined;
      pattern = true;
      continue;
    }
    if (w.dynamic) return undefined;
    if (/^(--files-with-matches|--name-only)$/.test(v)) listing = true;
    else if (v === '-z' || v === '--null') z = true;
    else if (/^--(ignore-case|word-regexp|fixed-strings|extended-regexp|basic-regexp|perl-regexp|line-number)$/.test(v)) continue;
    else if (/^-[a-zA-Z]+$/.test(v)) {
      if (/[^lziwFEGPIn]/.test(v.slice(1))) return undefined;
      listing ||= v.includes('l');
      z ||= v.includes('z');
    } else if (v.startsWith('-')) return undefined;
    else if (!pattern) pattern = true;
    else if (!existsSync(path.resolve(cwd, v))) return undefined;
    else ops.push(w);
  }
  if (!listing || !pattern) return undefined;
  return [lit('git'), lit('ls-files'), ...(z ? [lit('-z')] : []), lit('--'), ...ops];
}

/** A root written with a leading tilde: its value is the expanded path it prints under. */
const TILDE = /^~[\w.-]*(\/[^$`"'\\]*)?$/;

function listingOf(name: string, a: Word[], cwd: string | undefined): Word | undefined {
  if (a.some((w) => w.dynamic)) return undefined;
  if (name === 'ls') {
    const ops = a.filter((w) => !w.value.startsWith('-'));
    // A directory operand lists bare names (relative to it): only a pattern's matches are paths,
    // and only while none of them is a directory (without -d, ls lists its entries instead).
    if (ops.length === 1 && ops[0]!.glob && a.every((w) => !w.value.startsWith('-') || /^-[1aAdFhlrtS]+$/.test(w.value))) {
      const asNames = a.some((w) => /^-[1aAFhlrtS]*d/.test(w.value));
      return asNames || (cwd !== undefined && !globHasDir(cwd, ops[0]!.value)) ? ops[0] : undefined;
    }
    return undefined;
  }
  if (name === 'find') {
    const roots: Word[] = [];
    for (const w of a) {
      if (/^[-(!,]/.test(w.value)) break;
      roots.push(w);
    }
    // -print0 joins the same paths with NULs (`read -d ''` splits them; elsewhere bash drops the
    // NULs, gluing paths that all start with the root).
    if (roots.length > 1 || roots.some((w) => w.value !== w.text && !TILDE.test(w.text)) || a.some((w) => /^-(printf|fprint.*|ls|fls|exec|execdir|ok|okdir|delete)$/.test(w.value))) return undefined;
    const root = (roots[0]?.value ?? '.').replace(/\/+$/, '') || '/';
    return { value: `${root === '/' ? '' : root}/**`, dynamic: false, glob: true, text: roots[0]?.text ?? '.' };
  }
  if (name === 'grep' || name === 'rg') {
    // `grep -rl PATTERN ROOT`, `rg -l PATTERN ROOT`: files under the one root.
    let listing = false;
    let recursive = name === 'rg';
    const ops: Word[] = [];
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!.value;
      if (v === '--') { ops.push(...a.slice(i + 1)); break; }
      if (v === '--files-with-matches') listing = true;
      else if (v === '--recursive') recursive = true;
      else if (/^--(include|exclude|exclude-dir|glob|type)=/.test(v) || /^--(ignore-case|word-regexp|fixed-strings|extended-regexp|hidden|no-ignore)$/.test(v)) continue;
      else if (name === 'rg' && /^(-g|--glob|-t|--type|-T|--type-not)$/.test(v)) i++;
      else if (/^-[a-zA-Z]+$/.test(v)) {
        // -R follows links into directories anywhere: not read here.
        if (/[^lriwFEsIHn]/.test(v.slice(1))) return undefined;
        listing ||= v.includes('l');
        recursive ||= v.includes('r');
      } else if (v.startsWith('-')) return undefined;
      else ops.push(a[i]!);
    }
    const roots = ops.slice(1);
    if (!listing || !recursive || !ops.length || roots.length > 1 || roots.some((w) => w.glob || (w.value !== w.text && !TILDE.test(w.text)))) return undefined;
    const root = (roots[0]?.value ?? '.').replace(/\/+$/, '') || '/';
    return { value: `${root === '/' ? '' : root}/**`, dynamic: false, glob: true, text: roots[0]?.text ?? '.' };
  }
  if (name === 'git' && a[0]?.value === 'ls-files') {
    // `git ls-files 'src/**/*.js' | while read -r f`: tracked paths the one pathspec matches. Its
    // `*` crosses `/`, so every path lies under the pathspec's literal directory (or is the
    // pathspec itself): that directory's `/**`. No options, no pathspec magic, nothing above cwd.
    const ops = a.slice(1).filter((w) => w.value !== '--');
    const v = ops[0]?.value ?? '';
    if (ops.length !== 1 || /^[-:]/.test(v) || v.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(v)) return undefined;
    const at = v.search(/[*?[]/);
    const dir = (at < 0 ? v : v.slice(0, v.lastIndexOf('/', at) + 1)).replace(/\/+$/, '');
    if (!dir || dir === '.') return undefined;
    return { value: `${dir}/**`, dynamic: false, glob: true, text: ops[0]!.text };
  }
  if (name === 'printf' && a.length === 2 && /^%s\\?n?$|^%s\n$/.test(a[0]!.value) && a[1]!.glob) return a[1];
  if (name === 'compgen' && a.length === 2 && a[0]!.value === '-G') return { ...a[1]!, glob: true };
  return undefined;
}

/** The shell lines of `aws ssm send-command --parameters`: JSON `{"commands":[...]}`, or the
 *  shorthand `commands=a,b` / `commands=["a","b"]`; undefined when it can't be read. */
export function ssmCommands(v: string): string[] | undefined {
  const list = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every((c) => typeof c === 'string') ? x : typeof x === 'string' ? [x] : undefined);
  const t = v.trim();
  try {
    if (t.startsWith('{')) return list((JSON.parse(t) as { commands?: unknown }).commands);
  } catch {
    return undefined;
  }
  const m = /^commands=([\s\S]*)$/.exec(t);
  if (!m) return /(^|,)\s*commands\s*=/.test(t) ? undefined : [];
  if (m[1]!.startsWith('[')) {
    try {
      return list(JSON.parse(m[1]!));
    } catch {
      return [m[1]!.slice(1, m[1]!.endsWith(']') ? -1 : undefined)];
    }
  }
  return m[1]!.split(',');
}

/** What a command substitution prints when it is one echo or printf of text the line shows, or
 *  cat of a literal heredoc (bash drops the trailing newlines); undefined otherwise. */
function printed(made: Invocation[]): string | undefined {
  // `$(dirname "$(dirname "$0")")`: the substitutions inside the last command's words print
  // nothing of their own; each must itself print a known value.
  if (made.length > 1) {
    const last = made[made.length - 1]!;
    return made.slice(0, -1).every((m, i) => last.text.includes(`$(${m.text})`) && printed(made.slice(i, i + 1)) !== undefined) ? printed([last]) : undefined;
  }
  if (made.length !== 1) return undefined;
  const inv = made[0]!;
  // `"$(cat <<'EOF' ... EOF)"`: a heredoc whose body has no expansions, or a literal herestring.
  if (inv.name === 'cat' && inv.argv.length === 1 && !inv.opaque && !inv.assignments.length && inv.redirects.every((r) => /^<<[-<]?$/.test(r.op))) {
    const s = inv.stdin;
    if (s?.kind === 'heredoc' && (!s.expands || !/[$`]/.test(s.text))) return s.text.replace(/\n+$/, '');
    if (s?.kind === 'herestring' && !s.dynamic) return s.text.replace(/\n+$/, '');
    return undefined;
  }
  if (inv.redirects.length || inv.opaque || inv.assignments.length) return undefined;
  // dirname, basename and pwd of what the line shows print a known path too.
  const args = inv.argv.slice(1);
  const plain = args.every((a) => !a.dynamic && !a.glob && !a.value.startsWith('-'));
  if (inv.name === 'pwd' && !args.length) return inv.cwd;
  if (inv.name === 'git' && args.length === 2 && args.every((a) => !a.dynamic && !a.glob) && args[0]!.value === 'rev-parse' && args[1]!.value === '--show-toplevel') return gitToplevel(inv);
  if (inv.name === 'dirname' && plain && args.length) return args.map((a) => path.posix.dirname(a.value)).join('\n');
  if (inv.name === 'basename' && plain && (args.length === 1 || args.length === 2)) {
    const b = path.posix.basename(args[0]!.value);
    return args[1] && b !== args[1].value && b.endsWith(args[1].value) ? b.slice(0, -args[1].value.length) : b;
  }
  if (inv.name === 'date') return dateSample(args);
  // `"$(jq -n --arg id X '{query: "...", variables: {id: $id}}')"`: the object it builds.
  if (inv.name === 'jq') return literalOutput(inv)?.replace(/\n+$/, '');
  if (inv.name !== 'echo' && inv.name !== 'printf') return undefined;
  // printf's %(fmt)T prints the time; -v assigns instead of printing.
  if (inv.name === 'printf' && inv.argv.some((a) => a.value.includes('%(') || a.value === '-v')) return undefined;
  return literalOutput(inv)?.replace(/\n+$/, '');
}

/** Conversions of date whose output is digits with fixed separators, and a sample of each. */
const DATE_SAMPLE: Record<string, string> = table({
  Y: '2026', C: '20', y: '26', G: '2026', g: '26', m: '12', d: '04', H: '05', I: '05', M: '06', S: '07', s: '1764824767',
  N: '123456789', j: '338', u: '5', w: '5', U: '48', W: '48', V: '49', q: '4', F: '2026-12-04', T: '05:06:07', R: '05:06', z: '+0000',
});

/** What `date -u +%Y%m%d-%H%M%S` prints, in shape: every conversion a sample of the same
 *  characters (digits, `-`, `:`, `+`), the rest of the format as written. Only a format of those
 *  conversions (no name, space padding, `/` or time zone abbreviation) and literal characters
 *  that are no path separator; `-u` and `-I[date|hours|minutes|seconds|ns]` besides. A date read
 *  from an argument or a file (`-d`, `-r`, `-f`) may fail and print nothing: undefined. */
export function dateSample(args: Word[]): string | undefined {
  let out: string | undefined;
  for (const a of args) {
    if (a.dynamic || a.glob) return undefined;
    const v = a.value;
    if (v === '-u' || v === '--utc' || v === '--universal') continue;
    if (out !== undefined) return undefined;
    if (v.startsWith('+')) {
      let bad = false;
      out = v.slice(1).replace(/%(.?)|[^\w.:,+=@-]/g, (m, c: string | undefined) => {
        const sample = c === undefined ? undefined : DATE_SAMPLE[c];
        if (sample === undefined) bad = true;
        return sample ?? m;
      });
      if (bad || !out) return undefined;
      continue;
    }
    const iso = /^(?:-I(date|hours|minutes|seconds|ns)?|--iso-8601(?:=(date|hours|minutes|seconds|ns))?)$/.exec(v);
    if (!iso) return undefined;
    out = { date: '2026-12-04', hours: '2026-12-04T05+00:00', minutes: '2026-12-04T05:06+00:00', seconds: '2026-12-04T05:06:07+00:00', ns: '2026-12-04T05:06:07,123456789+00:00' }[iso[1] ?? iso[2] ?? 'date'];
  }
  return out;
}

/** What `git rev-parse --show-toplevel` prints: the directory above the command's that holds
 *  `.git` (a repository's directory, or a worktree's `gitdir:` file), when git can't be told
 *  otherwise (GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES, core.worktree) and won't refuse it
 *  (owned by another user: git's safe.directory check prints nothing, and the path would start
 *  at `/`). undefined when that can't be told. */
function gitToplevel(inv: Invocation): string | undefined {
  const cwd = inv.cwd;
  if (!cwd || cwd.split('/').includes('.git')) return undefined;
  for (const v of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM']) {
    if (inv.vars[v] !== undefined || inv.unknownVars?.some((u) => u === v || u === '*')) return undefined;
  }
  const uid = process.getuid?.();
  for (let d = cwd; ; d = path.dirname(d)) {
    const g = path.join(d, '.git');
    try {
      const st = statSync(g);
      if (uid === undefined || statSync(d).uid !== uid || st.uid !== uid) return undefined;
      if (st.isDirectory()) {
        if (!existsSync(path.join(g, 'HEAD'))) return undefined;
        const config = existsSync(path.join(g, 'config')) ? readRegularText(path.join(g, 'config'), 1024 * 1024) : '';
        return /^\s*worktree\s*=|^\s*bare\s*=\s*(true|yes|on|1)\b|^\s*\[include/im.test(config) ? undefined : d;
      }
      return st.isFile() && readRegularText(g, 64 * 1024).startsWith('gitdir:') ? d : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    if (d === '/' || d === path.dirname(d)) return undefined;
  }
}

/** "$@" (or "${@}") with known positional parameters: one word each. Quoted, "$@" and "$1"
 *  keep a pattern's parameters as the pattern (with find, when one is find's `{}`); unquoted,
 *  the path they hold would be split and globbed again, so that stays unknown. */
function allArgs(text: string, scope: Scope): { words: Word[]; via?: Invocation } | undefined {
  if (!text.includes('$')) return undefined;
  // "${old[@]}" after `mapfile -t old < <(ls -1t backups/*.tgz | tail -n +8)`: the listing's pattern.
  const arr = scope.listed ? /^"\$\{([A-Za-z_]\w*)\[@\]\}"$/.exec(text)?.[1] : undefined;
  const la = arr !== undefined ? scope.listed!.get(arr) : undefined;
  if (la?.word && la.stamp === stampOf(scope, arr!)) return { words: [{ ...la.word, text }] };
  if (text.includes('[') && scope.arrays) return arrayArgs(text, scope);
  const quoted = text.startsWith('"');
  // "$f" holding one item of a listing with a pattern (`for f in src/**\/*.js`): the pattern.
  // "$p/dist" (`for p in packages/*`): the pattern with the same literal path after it; not one
  // that climbs (`"$p/../data"`).
  const named = scope.listed && quoted ? /^"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})(\/[\w.@%+,:\/-]*)?"$/.exec(text) : null;
  if (named) {
    const k = named[1] ?? named[2]!;
    const l = scope.listed!.get(k);
    const tail = named[3] ?? '';
    if (l?.word && l.stamp === stampOf(scope, k) && !tail.split('/').includes('..')) return { words: [tail ? { ...l.word, value: l.word.value.replace(/\/+$/, '') + tail, glob: true, text } : { ...l.word, text }] };
  }
  // "${f%.js}.ts": an item with a literal suffix swapped stays in the item's directory (no `/` in
  // either part): the pattern's literal directory, any name below it.
  const swapped = scope.listed && quoted ? /^"\$\{([A-Za-z_]\w*)%%?[\w.@+,:-]+\}([\w.@+,:-]*)"$/.exec(text) : null;
  if (swapped) {
    const l = scope.listed!.get(swapped[1]!);
    const v = l?.word?.value;
    const at = v === undefined ? -1 : v.search(/[*?[]/);
    const dir = v === undefined ? '' : (at < 0 ? path.posix.dirname(v) : v.slice(0, v.lastIndexOf('/', at) + 1)).replace(/\/+$/, '');
    if (l?.word && l.stamp === stampOf(scope, swapped[1]!) && dir && dir !== '.' && !dir.split('/').includes('..')) return { words: [{ ...l.word, value: `${dir}/**`, glob: true, text }] };
  }
  const one = scope.globArgs && quoted ? /^"\$(\d|\{\d+\})"$/.exec(text) : null;
  if (one) {
    const g = scope.globArgs!.get(one[1]!.replace(/[{}]/g, ''));
    return g && { words: [{ ...g.word, text: g.via ? g.word.text : text }], via: g.via };
  }
  if (!text.includes('@') || !/^"?\$(@|\{@\})"?$/.test(text)) return undefined;
  const p = positionalOf(scope)?.slice(1);
  if (!p) return undefined;
  const words: Word[] = [];
  let via: Invocation | undefined;
  for (let i = 0; i < p.length; i++) {
    const g = quoted ? scope.globArgs?.get(String(i + 1)) : undefined;
    if (g) {
      words.push({ ...g.word, text: g.via ? g.word.text : text });
      via ??= g.via;
    } else if (p[i] === null) return undefined;
    else words.push({ value: p[i]!, dynamic: false, glob: false, text });
  }
  return { words, via };
}

/** Other JVM code the line wrote or built: sources, classes, jars, or a JVM build tool's run. */
function otherJvmCode(written: Written, abs: string): boolean {
  return [...written.files.keys()].some((k) => k !== abs && /\.(java|class|jar|kt|scala|groovy)$/.test(k)) || written.texts.some((t) => /^(\S*\/)?(javac|jar|kotlinc|scalac|groovyc|mvnw?|gradlew?|sbt|ant|bazel|bazelisk|unzip|tar|cp|mv|curl|wget|ln)\b/.test(t));
}

// Compilers and build tools: what they write comes from source files on disk, not from the line.
const SETTINGS_FILE = /^(\.env(\.[\w.-]+)?|[\w.-]+\.(ya?ml|json|toml|ini|conf|cfg|env|properties|txt|md|csv|lock|log|pid|xml))$/;
const BUILDERS = new Set(['go', 'goreleaser', 'cargo', 'rustc', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'make', 'gmake', 'cmake', 'ninja', 'meson', 'javac', 'mvn', 'gradle', 'gradlew', 'tsc', 'esbuild', 'swc', 'vite', 'webpack', 'rollup', 'dotnet', 'swift', 'swiftc', 'zig', 'bazel', 'bazelisk', 'xcodebuild', 'ghc', 'cabal', 'stack', 'nim', 'kotlinc', 'scalac', 'sbt']);

/** Every command of the line that may have written files is a build tool (`npx tsc`, `go build`,
 *  `cargo build`, `make`), the line wrote no file with content of its own, made no link and
 *  unpacked nothing; and `abs` isn't a file it wrote. Then a program there not yet on disk is
 *  what the build made. */
function builtOnly(written: Written, abs: string, ran: ReadonlySet<string>): boolean {
  // A script the line wrote and is running (`cat > run.sh <<EOF … EOF; bash run.sh`) is no source
  // of what its build made; any other file with content may be.
  // A settings or data file (`cp -n config/config.example.yaml config/config.yaml`, `.env`) is no
  // source a compiler builds into a program.
  if ([...written.files.keys()].some((k) => !ran.has(k) && !SETTINGS_FILE.test(path.basename(k))) || written.links?.size || written.files.has(abs)) return false;
  // A names-only command (git stash, docker compose up) that doesn't name it made none of it.
  // mktemp, mkdir and touch make empty files and directories: nothing there to run.
  const texts = written.texts.filter((t) => { if (/^(mktemp|mkdir|touch)(\s|$)/.test(t)) return false; const pr = projectRun(t); if (pr) return pr.mayMake(abs); const n = namedWords(t); return n === undefined || namesFile(n, abs); });
  // A wrapper (`./gradlew`) downloads and runs the build tool its wrapper/ settings name.
  if ([...written.files.keys()].some((k) => /(^|\/)wrapper\//.test(k))) return false;
  return texts.length > 0 && texts.every((t) => {
    // `./gradlew build`: the wrapper of a build tool (a file the line didn't write: recordWrites).
    // Not the wrapper itself run again (`./gradlew --version; ./gradlew clean`): it was there.
    if (/^\0build-wrapper( |$)/.test(t)) return !/^(gradlew|mvnw)$/.test(path.basename(abs));
    if (t.startsWith('\0')) return false;
    const words = t.split(/\s+/);
    let prog = (words[0] ?? '').split('/').pop()!;
    if (/^(npx|bunx|pnpx)$/.test(prog)) prog = words.slice(1).find((w) => !w.startsWith('-')) ?? '';
    else if (/^(pnpm|yarn)$/.test(prog) && (words[1] === 'exec' || words[1] === 'dlx')) prog = words[2] ?? '';
    return BUILDERS.has(prog);
  });
}

/** `python3 -m venv .venv && .venv/bin/pip install ...`: the python or pip of a virtual environment
 *  an earlier command of the line created (parse/writes.ts venvDir). */
/** Whether a failure of the statement `n` (an assignment) stops what follows it on the line:
 *  `x=$(mktemp -d) && …`, `x=$(mktemp -d) || exit 1`, `if x=$(mktemp -d); then …`. */
function failureStops(n: TSNode): boolean {
  let a = n;
  if (a.parent?.type === 'variable_assignments') a = a.parent;
  for (;;) {
    const p = a.parent;
    if (!p) return false;
    if (p.type === 'list') {
      const op = a.nextSibling;
      if (!op) {
        a = p;
        continue;
      }
      if (op.type === '&&') return true;
      return op.type === '||' && !!op.nextSibling && STOPS.test(op.nextSibling.text);
    }
    if (p.type === 'if_statement' || p.type === 'elif_clause' || p.type === 'while_statement') {
      const then = p.children.find((c) => c.type === 'then' || c.type === 'do_group');
      return !!then && a.endIndex <= then.startIndex;
    }
    return false;
  }
}

/** A `cd "$name"` (or pushd) whose failure doesn't stop what follows it. */
function cdsUnchecked(n: TSNode, name: string): boolean {
  return new RegExp(String.raw`\b(cd|pushd)\s+"?\$\{?${name}\}?[^\s;&|]*"?[ \t]*(;|\n|$)`).test(rootOf(n).text);
}

/** `x=$(mktemp -d)/sub`: a command after `;` still runs when mktemp failed, with `$x` the bare
 *  suffix (`/sub`); climbing from it (`dirname "$x"`, `${x%/*}`, `"$x"/..`) reaches `/`. */
function climbsFrom(n: TSNode, name: string): boolean {
  const text = rootOf(n).text;
  const v = String.raw`\$\{?${name}\b`;
  return new RegExp(String.raw`\b(dirname|realpath|readlink)\b[^;&|\n]*${v}|\$\{${name}[%#/:]|${v}\}?"?/+\.\.`).test(text);
}

/** For `name=$(mktemp ...)` whose failure doesn't stop the line: the failure case (''), when the
 *  line deletes under the name (`rm -rf "$d"/*`, `rsync --delete x "$d/"`, `find "$d/" -delete`)
 *  or cd's into it; undefined (unknown) when it climbs out of it (`"$d/../x"`, where empty and
 *  fresh differ); else the fresh name (`cp -r src "$d"/`: a failed mktemp writes /src, which the
 *  rules would pause on for every such cleanup idiom). */
function emptyMatters(n: TSNode, name: string, fresh: string, local: boolean): string | undefined {
  const text = rootOf(n).text;
  const v = String.raw`\$\{?${name}\b[^\s;&|/]*"?`;
  if (new RegExp(String.raw`${v}/[^\s;&|]*\.\.`).test(text)) return undefined;
  const deletes = new RegExp(String.raw`\b(rm|rmdir|unlink|shred|find)\b[^;&|\n]*${v}/|--delete[^;&|\n]*${v}/`, 'g');
  // `d=$(mktemp -d); rclone sync remote:bak "$d"`: rclone and the aws CLI read an empty local
  // path as the working directory, so the failure case mirrors the bucket over it (rt27fp3).
  const bare = String.raw`${v}(?=$|[\s;&|)])`;
  for (const m of text.matchAll(new RegExp(String.raw`\b(rclone|aws)\b[^;&|\n]*\b(sync|bisync)\b[^;&|\n]*`, 'g'))) {
    if (new RegExp(bare).test(m[0]) && (m[1] === 'rclone' || m[0].includes('--delete'))) return '';
  }
  const uses = [...text.matchAll(deletes)];
  if (!uses.length) return fresh;
  // The failure case deletes `/NAME...` (rt27fp1: `tmp=$(mktemp -d)` ⏎ … ⏎ `rm -rf "$tmp/mlruns"`
  // is `rm -rf /mlruns`). On this machine, when every delete under the name starts with a plain
  // literal top-level name that isn't there, that case deletes nothing: judged as the fresh name.
  // Not a pattern or a value known at run time (`"$d"/*`, `"$d/$x"`), not a name that is there
  // (`"$d/srv"`: TMPDIR=/nope makes mktemp fail on purpose), not in a container, pod or remote
  // shell (anyVar: its / isn't this one).
  if (!local) return '';
  // Every use of the name on the line: `$NAME` or `${NAME}` (quoted or not), alone or followed by
  // `/` and a literal suffix.
  for (const m of text.matchAll(new RegExp(String.raw`\$(\{?)${name}\b([^\s;&|/]*)(/?)([^\s;&|)'"\\]*)(.?)`, 'g'))) {
    const [, brace, mod, slash, rest, next] = m as unknown as string[];
    if (!(brace ? /^\}"?$/.test(mod!) : /^"?$/.test(mod!))) return '';
    if (!slash) continue;
    const first = rest!.split('/')[0]!;
    if (!/^\w[\w.-]*$/.test(first) || /[*?[\]{}$`~]/.test(rest!) || (next !== '' && !/[\s"';&|)]/.test(next!))) return '';
    if (lstatSync('/' + first, { throwIfNoEntry: false })) return '';
  }
  return fresh;
}

/** `set -e` (or -o errexit) earlier on the line: a failed assignment stops it, but not `local` or
 *  `export`, whose own status hides mktemp's. */
function errexit(n: TSNode): boolean {
  if (n.parent?.type === 'declaration_command') return false;
  const before = rootOf(n).text.slice(0, n.startIndex);
  return /(^|[\s;&|(])set\s+(-[a-zA-Z]*e[a-zA-Z]*\b|-o\s+errexit\b)/.test(before) && !/(^|[\s;&|(])set\s+\+[a-zA-Z]*e/.test(before);
}

function rootOf(n: TSNode): TSNode {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

/** Programs for which an empty operand (a failed inline `"$(mktemp -d)"`) names nothing, or stays
 *  where it is (cd): `make -C ""` or `git -C ""` would work in the repo instead. */
const FRESH_TAKERS = new Set(['rm', 'rmdir', 'cp', 'mv', 'ls', 'du', 'touch', 'mkdir', 'chmod', 'cd', 'pushd', 'rsync']);

/** Files python runs when it starts, from a site directory. */
const SITE_STARTUP = /\.pth$|^(site|user)customize\.py$/;

/** After `||`: commands that end the script or function, so what follows ran only if the cd worked. */
const STOPS = /^\s*(exit|return|exec|die|fail)\b/;
/** Commands that change no ref, commit or setting of a repository (archiveSource). */
const ARCHIVE_QUIET = new Set(['mktemp', 'mkdir', 'trap', 'set', 'shopt', 'echo', 'printf', 'cd', 'pushd', 'popd', 'pwd', 'true', ':', 'export', 'test', '[', 'date', 'sleep', 'which', 'ls']);
/** git sub-commands that only read (archiveSource). */
const GIT_LOOKS = new Set(['status', 'diff', 'log', 'show', 'ls-files', 'rev-parse', 'describe', 'ls-tree', 'archive', 'blame', 'shortlog', 'cat-file']);

/** Commands that make no directory: after only these, a directory missing from disk is still
 *  missing (mkdir is read on its own). */
const NON_WRITERS_CD = new Set(['cd', 'pushd', 'popd', 'echo', 'printf', 'true', 'false', ':', 'test', '[', 'ls', 'pwd', 'cat', 'grep', 'export', 'set', 'unset', 'sleep', 'date', 'mkdir', 'wc', 'head', 'tail', 'which', 'type', 'command', 'rm', 'rmdir']);


/** A shell's options turn on noexec (`-n`, also in a cluster like `-xn`) and nothing may undo it:
 *  no `+n`, no `-o`/`+o` (`+o noexec`), no `-i` (an interactive shell ignores -n), no option only
 *  known at run time, all before the script or `-c` code. */
function syntaxOnly(argv: Word[]): boolean {
  let n = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.dynamic) return false;
    const v = w.value;
    if (v === '--' || v === '-' || !/^[-+]./.test(v)) break;
    if (v.startsWith('--')) {
      if (v === '--rcfile' || v === '--init-file') i++;
      else if (!/^--(norc|noprofile|posix|restricted|noediting|verbose)$/.test(v)) return false;
      continue;
    }
    if (v.startsWith('+') || /[ioO]/.test(v)) return false;
    if (v.includes('n')) n = true;
  }
  return n;
}

function fromNewVenv(abs: string, written: Written): boolean {
  const m = /^(.*)\/bin\/(python|pip)(\d(\.\d+)?)?$/.exec(abs);
  return !!m && !!written.venvs?.includes(m[1]!);
}

/** `"${a[@]}"`, `${a[*]}`, `${a[1]}` of an array the line set to plain words: its items as words.
 *  Unquoted, or joined by `*`, only while no item would be split or globbed again. */
function arrayArgs(text: string, scope: Scope): { words: Word[] } | undefined {
  // `"${t[@]/#/:refs/tags/}"`, `"${t[@]/%/.bak}"` (rt27b): each item with plain text put before
  // (or after) it.
  const fix = /^("?)\$\{([A-Za-z_]\w*)\[(@|\*)\]\/([#%])\/([\w.:\/@+=-]*)\}\1$/.exec(text);
  if (fix) {
    const base = arrayArgs(`${fix[1]}\${${fix[2]}[${fix[3]}]}${fix[1]}`, scope);
    if (!base || base.words.some((w) => w.dynamic) || fix[3] !== '@' || !fix[1]) return undefined;
    return { words: base.words.map((w) => ({ ...w, value: fix[4] === '#' ? fix[5] + w.value : w.value + fix[5], text })) };
  }
  // `${m[KEY]}` of an array the line set with `[KEY]=VALUE` items.
  const k = /^("?)\$\{([A-Za-z_]\w*)\[([A-Za-z_][\w.-]*|\d+)\]\}\1$/.exec(text);
  const ka = k ? scope.arrays?.get(k[2]!) : undefined;
  if (k && ka?.keys && ka.stamp === stampOf(scope, k[2]!)) {
    const v = ka.keys.get(k[3]!);
    if (v === undefined) return k[1] ? { words: [{ value: '', dynamic: false, glob: false, text }] } : { words: [] };
    if (k[1]) return { words: [{ value: v, dynamic: false, glob: false, text }] };
    // Unquoted: split on blanks; not when IFS is set or an item would glob.
    if (scope.vars.has('IFS') || /[*?[\]]/.test(v)) return undefined;
    return { words: v.split(/\s+/).filter(Boolean).map((value) => ({ value, dynamic: false, glob: false, text })) };
  }
  const m = /^("?)\$\{([A-Za-z_]\w*)\[(@|\*|\d+)\]\}\1$/.exec(text);
  if (!m) return undefined;
  const a = scope.arrays?.get(m[2]!);
  if (!a || a.stamp !== stampOf(scope, m[2]!)) return undefined;
  if (a.keys && /^\d+$/.test(m[3]!)) return undefined;
  const quoted = m[1] === '"';
  const plain = a.items.every((x) => x !== '' && !/[\s*?[\]]/.test(x));
  if (!quoted && (!plain || scope.vars.has('IFS'))) return undefined;
  // Items known only in part are one word each only inside double quotes, and only per item.
  if (a.dyn && (!quoted || m[3] === '*')) return undefined;
  const word = (value: string, i: number): Word => (a.dyn?.[i] ? { ...a.dyn[i]!, text } : { value, dynamic: false, glob: false, text });
  if (m[3] === '@') return { words: a.items.map(word) };
  if (m[3] === '*') return quoted ? (scope.vars.get('IFS') === undefined ? { words: [word(a.items.join(' '), -1)] } : undefined) : { words: a.items.map(word) };
  const i = Number(m[3]);
  const item = a.items[i];
  return { words: item === undefined ? (quoted ? [word('', -1)] : []) : [word(item, i)] };
}

/** `"$(command -v env)"` as a command name runs the program `env` finds on PATH: the same
 *  program the bare name would run, so it is judged like the bare name. The one prefix allowed is
 *  the system's default PATH (Codex's snapshot); another PATH could find a file the line can't
 *  see, which as a path would be read like any script. */
export function lookedUp(text: string): string | undefined {
  const m = /^"?\$\(\s*(?:PATH="\$\(command -p getconf PATH\)"\s+)?(?:command\s+-v|type\s+-P|which)\s+([A-Za-z0-9._+-]+)\s*\)"?$/.exec(text);
  return m?.[1];
}

/** tree-sitter-bash can't read spaces after a variable in a substring expansion's arithmetic
 *  (`"${@:1:$# - 1}"`, from Claude Code's snapshot script). The same text with those spaces
 *  moved to the front of each part parses; the expansion is dynamic either way, and a part
 *  with quotes, brackets, braces or substitutions is left alone. Same length, so positions hold. */
export function substringSpaces(text: string): string {
  if (!text.includes('${')) return text;
  return text.replace(/\$\{([A-Za-z_]\w*|[@*#0-9]):([^}{'"`\[\]\n\\;|&<>]*)\}/g, (m, name: string, rest: string) => {
    if (!rest.includes(' ') || /^[-=?+]|\$\(|\?/.test(rest) || rest.split(':').length > 2) return m;
    const parts = rest.split(':').map((p) => ' '.repeat(p.length - p.replace(/ /g, '').length) + p.replace(/ /g, ''));
    return `\${${name}:${parts.join(':')}}`;
  });
}

const SUBSCRIPT = 'command substitution inside an array subscript';
// An array subscript is evaluated as arithmetic, running any $(...) in it, even from a string.
// `[[` opens a test, not a subscript; nor does a `[` after an operator character, which no name
// ends with (`PS4='+[$(date +%T)] '`: arithmetic on it stops at the `[`, declare rejects the name).
const SUBSCRIPT_TEXT = /(?<![[+\-*/:.,%^~@])\[(?!\[)[^\]]*(\$\(|`)/;
// Builtins (and keywords) that may read an argument as a variable name or as arithmetic, or run it.
const SHELL_BUILTINS = new Set([
  '.', ':', '[', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete', 'compopt',
  'continue', 'declare', 'dirs', 'disown', 'echo', 'enable', 'eval', 'exec', 'exit', 'export', 'false', 'fc', 'fg',
  'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'logout', 'mapfile', 'popd', 'printf', 'pushd',
  'pwd', 'read', 'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source', 'suspend', 'test', 'times',
  'trap', 'true', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait', 'coproc', 'time', 'select',
]);

/** `aws ec2 describe-snapshots --query 'Snapshots[?StartTime>=`2024-06-01`]'`: a `[` and a
 *  backtick or `$(` inside one quoted argument of a program named by a plain word. bash passes
 *  the text as it is; only a builtin (declare, read, printf -v, test -v, let...) or a value later
 *  used as arithmetic would evaluate the subscript, and a program that runs it as code (`bash
 *  -c`, `ssh`) has it read again as code. The names of those programs, or undefined when some
 *  `[...$(` of the text is elsewhere (then the line is uncertain). The caller still checks, once
 *  the line is walked, that each name is the system's program (no function, alias or hash). */
export function quotedSubscripts(text: string, root: TSNode): string[] | undefined {
  let masked = text;
  const names: string[] = [];
  const visit = (n: TSNode): void => {
    const quoted = n.type === 'raw_string' || (n.type === 'string' && n.namedChildren.every((c) => c?.type === 'string_content'));
    if (quoted && SUBSCRIPT_TEXT.test(n.text) && text.slice(n.startIndex, n.endIndex) === n.text) {
      let arg = n;
      while (arg.parent?.type === 'concatenation') arg = arg.parent;
      const cmd = arg.parent;
      const name = cmd?.type === 'command' ? cmd.childForFieldName('name') : null;
      const isArg = !!cmd && cmd.childrenForFieldName('argument').some((c) => c?.id === arg.id);
      if (isArg && name && /^[\w./+-]+$/.test(name.text) && !SHELL_BUILTINS.has(name.text)) {
        masked = masked.slice(0, n.startIndex) + ' '.repeat(n.endIndex - n.startIndex) + masked.slice(n.endIndex);
        names.push(name.text);
      }
      return;
    }
    // `[ -z "$(git status --porcelain)" ]`: the `[` that names the test command opens no subscript
    // (what follows is walked as code; a `[` inside it, `${a[$(x)]}` or `'a[$(x)]'`, still counts).
    const open = n.type === 'test_command' ? n.child(0) : null;
    if (open?.type === '[' && text[open.startIndex] === '[' && open.endIndex === open.startIndex + 1) {
      masked = masked.slice(0, open.startIndex) + ' ' + masked.slice(open.endIndex);
      names.push('[');
    }
    for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  return SUBSCRIPT_TEXT.test(masked) ? undefined : names;
}

/** Constructs tree-sitter-bash is known to get wrong: fail closed on them. Returns true when the
 *  text has a `[` followed by a command substitution (see quotedSubscripts), left to the caller. */
export function checkBlindSpots(text: string, out: Set<string>): boolean {
  if (/\\\r?\n[ \t]*#/.test(text)) out.add('backslash-newline before #');
  // tree-sitter splits a word at a backslash-newline; bash joins it.
  if (/(^|[^\s\\])\\\r?\n/.test(text)) out.add('backslash-newline inside a word');
  const subscript = SUBSCRIPT_TEXT.test(text);
  if (text.includes('`') && /<<-?\s*\S/.test(text) && /<<-?\s*['"\\]?\w+['"]?[^\n]*\n[\s\S]*`/.test(text)) {
    // Refined per heredoc in the walk; this catches bodies tree-sitter failed to attach.
    const m = /<<-?\s*(['"\\]?)(\w+)/.exec(text);
    if (m && !m[1]) out.add('backtick inside a heredoc');
  }
  return subscript;
}

function describeError(root: TSNode): string {
  const err = findError(root);
  if (!err) return 'the line could not be parsed';
  const what = err.isMissing ? `missing ${err.type}` : `unexpected ${JSON.stringify(err.text.slice(0, 20))}`;
  return `parse error at column ${err.startPosition.column + 1}${err.startPosition.row ? ` of line ${err.startPosition.row + 1}` : ''}: ${what}`;
}

function findError(n: TSNode): TSNode | undefined {
  if (n.isError || n.isMissing) return n;
  for (const c of n.children) {
    if (c && (c.hasError || c.isMissing || c.isError)) {
      const e = findError(c);
      if (e) return e;
    }
  }
  return undefined;
}

export type { Seg };

/** `ls *.log | xargs rm`: ls prints each file operand as given, so xargs gets the operands back.
 *  Only with plain files named: a directory is listed by the names in it, which xargs would read
 *  from the working directory (`ls backups | xargs rm -rf` with backups/data in it removes data),
 *  and only names xargs can't cut into other words. undefined: unknown. */
/** Whether a one-directory pattern (`logs/*.log`) matches a directory on disk now; true when it
 *  can't be told (a pattern in a directory part, an unreadable directory). */
function globHasDir(cwd: string, pattern: string): boolean {
  const slash = pattern.lastIndexOf('/');
  if (/[*?[]/.test(pattern.slice(0, slash + 1))) return true;
  const dir = path.resolve(cwd, slash < 0 ? '.' : pattern.slice(0, slash + 1) || '/');
  const re = nameGlob(pattern.slice(slash + 1));
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return existsSync(dir);
  }
  return entries.some((e) => re.test(e.name) && (e.isDirectory() || (e.isSymbolicLink() && !!statSync(path.join(dir, e.name), { throwIfNoEntry: false })?.isDirectory())));
}

// Loading by a search path the code changes or by a name it builds: python's sys.path, site
// directories, importlib and runpy; node's require/import of anything but one string literal,
// createRequire, module paths; ruby's $LOAD_PATH and load; perl's @INC, require/do of a variable;
// php's include of a variable or set_include_path.
const MOVES_MODULE_PATH = /\bsys\.path\b|\baddsitedir\b|\bimportlib\b|\brunpy\b|\bload_source\b|SourceFileLoader|spec_from_file_location|__import__\s*\(\s*[^'")\s]|\b(require|import)\s*\(\s*(?!(['"])[^'"`$]*\2\s*\))|\bcreateRequire\b|\bmodule\.paths\b|\bModule\._load\b|\$LOAD_PATH|\$:\s*(<<|\.unshift|\.push)|(^|[\s;(])load\s*\(?\s*[^'"\s(]|@INC\b|\b(require|do)\s+\$|\b(include|require)(_once)?\s*\(?\s*\$|set_include_path/;
function movesModulePath(code: string): boolean {
  return MOVES_MODULE_PATH.test(code);
}

function lsListed(prod: Invocation): { words: Word[] } | undefined {
  const ops: Word[] = [];
  let dirsAsNames = false;
  for (const w of prod.argv.slice(1)) {
    if (w.dynamic) return undefined;
    if (/^-[1trSUAa]*d[1trSUAa]*$/.test(w.value)) dirsAsNames = true;
    else if (/^-[1trSUAa]+$/.test(w.value) || /^--sort=\w+$/.test(w.value)) continue;
    else if (w.value.startsWith('-')) return undefined;
    else ops.push(w);
  }
  if (!ops.length || prod.cwd === undefined) return undefined;
  for (const w of ops) {
    if (/[\s'"\\]/.test(w.value)) return undefined;
    const slash = w.value.lastIndexOf('/');
    const dir = path.resolve(prod.cwd, slash < 0 ? '.' : w.value.slice(0, slash + 1) || '/');
    if (w.glob && (/[*?[]/.test(w.value.slice(0, slash + 1)) || w.value.includes('['))) return undefined;
    const re = w.glob ? nameGlob(w.value.slice(slash + 1)) : undefined;
    let names: string[];
    try {
      names = re ? readdirSync(dir).filter((x) => re.test(x) && !x.startsWith('.')) : [path.basename(w.value)];
    } catch {
      names = [];
    }
    if (names.length > 200) return undefined;
    for (const x of names) {
      if (/[\s'"\\]/.test(x)) return undefined;
      if (!dirsAsNames && statSync(path.join(dir, x), { throwIfNoEntry: false })?.isDirectory()) return undefined;
    }
  }
  return { words: ops };
}

/** A directory on the way from `top` to `rel` that has an entry differing from the next
 *  component only in case (true), none (false). */
function caseTwin(top: string, rel: string): boolean {
  let dir = top;
  for (const c of rel ? rel.split('/') : []) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return false;
    }
    if (names.some((x) => x !== c && x.toLowerCase() === c.toLowerCase())) return true;
    dir = path.join(dir, c);
  }
  return false;
}

/** `git log --format=%H`, `git rev-list REV`, `git rev-parse REV`: each line a hex hash. Any other
 *  option may add lines (`--stat`, `--objects`), so only these few count. */
function printsHashesOnly(inv: Invocation): boolean {
  if (inv.name !== 'git' || inv.redirects.length || inv.argv.some((w) => w.dynamic)) return false;
  const [sub, ...rest] = inv.argv.slice(1).map((w) => w.value);
  const revision = (x: string): boolean => /^[\w./^~@{}-]+$/.test(x) && !x.startsWith('-') && !x.includes('..-');
  const limit = (x: string, prev?: string): boolean =>
    /^(-\d+|-n\d*|--max-count=\d+|--reverse|--no-merges|--first-parent|--all|--branches|(--since|--until|--after|--before)=\S+|--)$/.test(x) || (prev === '-n' && /^\d+$/.test(x));
  if (sub === 'rev-parse') return rest.every((x) => revision(x) || x === '--verify' || x === '-q' || x === '--short');
  if (sub === 'rev-list') return rest.every((x, i) => revision(x) || limit(x, rest[i - 1]));
  if (sub !== 'log') return false;
  const fmt = rest.filter((x) => /^--(format|pretty)=/.test(x));
  return fmt.length === 1 && /^--(format|pretty)=(t?format:)?%[Hh]$/.test(fmt[0]!) && rest.every((x, i) => fmt.includes(x) || revision(x) || limit(x, rest[i - 1]));
}

/** Through the filters that only pass some of their input's lines whole (`| sort | tail -n +6 |
 *  grep -v keep`) to the command whose lines they are. */
function lineSource(inv: Invocation): Invocation {
  let cur = inv;
  for (let hop = 0; hop < 8 && cur.stdin?.kind === 'pipe' && cur.stdin.producer && selectsLines(cur); hop++) cur = cur.stdin.producer;
  return cur;
}

function selectsLines(inv: Invocation): boolean {
  const a = inv.argv.slice(1);
  // head/tail's count from arithmetic (`tail -n +$((keep+1))`): a number whatever it is.
  const count = (w: Word, i: number): boolean => (inv.name === 'head' || inv.name === 'tail') && a[i - 1]?.value === '-n' && /^[+-]?\$\(\([\w\s+*\/%-]*\)\)$/.test(w.text);
  if (a.some((w, i) => w.dynamic && !count(w, i)) || inv.redirects.length) return false;
  const v = a.map((w, i) => (w.dynamic ? `${w.text.startsWith('+') ? '+' : ''}1` : w.value));
  switch (inv.name) {
    case 'head':
    case 'tail':
      return v.every((x, i) => /^(-n|-[0-9]+|\+[0-9]+|-n[+-]?[0-9]+)$/.test(x) || (v[i - 1] === '-n' && /^[+-]?[0-9]+$/.test(x)));
    case 'sort':
      return v.every((x, i) => /^-[rnuVfhMb]+$/.test(x) || /^-[kt]$/.test(x) || /^--(reverse|numeric-sort|unique|version-sort)$/.test(x) || /^-[kt]$/.test(v[i - 1] ?? ''));
    case 'uniq':
      return v.every((x) => /^-[udi]+$/.test(x));
    case 'grep': {
      // One pattern and no file: whole lines of its input, or of none (-v).
      const ops = v.filter((x, i) => !x.startsWith('-') && v[i - 1] !== '-e');
      return ops.length + v.filter((x) => x === '-e').length === 1 && v.every((x, i) => !x.startsWith('-') || /^-[viEFwx]+$/.test(x) || (x === '-e' && i + 1 < v.length));
    }
    case 'cat':
      return !v.length;
    default:
      return false;
  }
}

/** A one-name pattern of `*` and `?` (the callers let nothing else through) as a regex. */
function nameGlob(pat: string): RegExp {
  return new RegExp(`^${pat.replace(/[.+^${}()|\\@%,:-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
}

/** tree-sitter-bash 0.25 reads an unquoted `$A/b/$B/c` as two arguments, `$A/b/$` and `B/c` (the
 *  second `$NAME` is cut after its `$` when text follows it). Bash sees one word: when the earlier
 *  argument ends in a literal `$` and the next one, written right after it, starts with a name,
 *  the segments of that one word (the name expanded as `$NAME` would be), else undefined. */
function splitAtDollar(head: Seg[], tail: Seg[], tailText: string, env: WordEnv): Seg[] | undefined {
  const last = head[head.length - 1];
  const first = tail[0];
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(tailText)?.[0];
  if (!name || !last || last.exp || last.q || !last.s.endsWith('$') || !first || first.exp || first.q || !first.s.startsWith(name)) return undefined;
  const v = env.lookup(name);
  const mid: Seg = v === null ? { s: `$${name}`, q: false, exp: true, dyn: true } : v === undefined ? { s: '', q: false, exp: true, dyn: false, unset: true } : { s: v, q: false, exp: true, dyn: false };
  const rest = first.s.slice(name.length);
  return [...head.slice(0, -1), ...(last.s.length > 1 ? [{ ...last, s: last.s.slice(0, -1) }] : []), mid, ...(rest ? [{ ...first, s: rest }] : []), ...tail.slice(1)];
}

/** `coproc [NAME] { BODY }` as tree-sitter-bash leaves it: a command `coproc` whose first (or,
 *  after a NAME, second) argument is a bare `{`, then, among the statements after it, a bare
 *  `}`. The body is the text between them; undefined for anything else (it stays uncertain). */
function coprocGroup(nodes: TSNode[], i: number): { name: string; body: string; end: number } | undefined {
  const c = nodes[i]!;
  if (c.type !== 'command' || c.childForFieldName('name')?.text !== 'coproc') return undefined;
  const args = c.childrenForFieldName('argument').filter((a): a is TSNode => !!a);
  const named = args[0]?.text !== '{';
  if (named && !(args[1]?.text === '{' && /^[A-Za-z_]\w*$/.test(args[0]?.text ?? ''))) return undefined;
  const brace = args[named ? 1 : 0]!;
  const end = nodes.findIndex((n, k) => k > i && n.type === 'command' && n.text === '}' && n.childForFieldName('name')?.text === '}');
  if (end < 0) return undefined;
  const root = c.tree.rootNode.text;
  // Offsets that don't land on the nodes' own text (characters outside ASCII): not read.
  if (root.slice(c.startIndex, c.endIndex) !== c.text || root.slice(nodes[end]!.startIndex, nodes[end]!.endIndex) !== '}') return undefined;
  return { name: named ? args[0]!.text : 'COPROC', body: root.slice(brace.endIndex, nodes[end]!.startIndex), end };
}
