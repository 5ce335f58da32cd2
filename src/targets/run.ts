// The invocation as a resolver sees it: the real tool behind npx/dotenv/bundle exec wrappers,
// its arguments, and variable and flag lookups that say where each value came from.
import type { Invocation, Word } from '../parse/index.js';
import type { TargetContext } from './types.js';
import { BUILTIN, grammarFor, lookup, mergeGrammar, readItems, readLeading, wrapperFor, type OptionGrammar } from '../programs/index.js';

export interface Run {
  inv: Invocation;
  ctx: TargetContext;
  /** Lower-cased basename of the tool that does the work (prisma in `npx prisma@5 migrate reset`). */
  name: string;
  /** Arguments after the tool's name. */
  args: Word[];
  /** Directory the tool runs in; undefined when the parser couldn't know it. */
  cwd: string | undefined;
  /** Variables set for this command only: `X=1 cmd`, `env X=1 cmd`, `dotenv -v X=1 -- cmd`. */
  assign: Map<string, Word>;
  /** .env files a wrapper loads before the tool (dotenv-cli, dotenvx, pipenv, bun), first wins. */
  wrapperEnvFiles: string[];
  /** Who loads wrapperEnvFiles, for evidence. */
  wrapperLoader: string;
  /** Whether the wrapper's files override the process environment (dotenv -o, dotenvx --overload). */
  wrapperOverride: boolean;
  /** A wrapper injects variables countersign can't see: `doppler run`, `railway run`, `op run`. */
  injected?: { by: string; inner: Run; outer: Run };
  /** Evidence from wrappers and the origin (sudo). */
  notes: string[];
  /** An assumption underlies everything here (sudo changes env and home). */
  guessed: boolean;
}

export interface FlagValue {
  value: string;
  dynamic: boolean;
  /** The flag as written, e.g. `--context` or `-n`. */
  flag: string;
}

export interface VarValue {
  value: string;
  dynamic: boolean;
  /** 'prefix', 'set earlier on this line' or 'environment'. */
  from: string;
}

function basename(s: string): string {
  const b = s.split('/').pop() ?? s;
  return b.toLowerCase();
}

/** Package name as npx/bunx/pnpm dlx receive it, reduced to the bin it runs: `prisma@5.2` → `prisma`. */
function binOf(spec: string): string {
  let s = spec;
  if (s.startsWith('@')) {
    // @scope/pkg@1 → pkg; @railway/cli → railway; @supabase/cli → supabase
    const parts = s.slice(1).split('/');
    const scope = parts[0] ?? '';
    const pkg = (parts[1] ?? '').split('@')[0] ?? '';
    if (pkg === 'cli') return scope.toLowerCase();
    s = pkg;
  }
  s = s.split('@')[0] ?? s;
  if (s === 'prisma-cli') return 'prisma';
  return basename(s);
}

function w(value: string): Word {
  return { value, dynamic: false, glob: false, text: value };
}

/** A word with a variable the environment given doesn't set, where it may decide the target: a
 *  value only known at run time (`psql "$PROD_DATABASE_URL"`), not the tool's default. Once a
 *  URL's host is written out (`https://x.example.com/a?auth=$SECRET`) the rest doesn't. */
function unsetDecides(w: Word): boolean {
  return w.unset !== undefined && !/^[a-z][\w+.-]*:\/\/[^/?#$]+[/?#]/i.test(w.value.slice(0, w.unset));
}

export function makeRun(inv: Invocation, ctx: TargetContext): Run {
  const argv0 = inv.argv[0];
  const run: Run = {
    inv,
    ctx,
    name: inv.name || (argv0 ? basename(argv0.value) : ''),
    args: inv.argv.some(unsetDecides) ? inv.argv.slice(1).map((w) => (unsetDecides(w) ? { ...w, dynamic: true, value: w.text.replace(/^"(.*)"$/s, '$1') } : w)) : inv.argv.slice(1),
    cwd: inv.cwd,
    assign: new Map(inv.assignments.map((a) => [a.name, a.value])),
    wrapperEnvFiles: [],
    wrapperLoader: '',
    wrapperOverride: false,
    notes: [],
    guessed: false,
  };
  if (inv.unknownVars?.includes('*')) {
    // A sourced file, eval or secrets loader may have set any variable this tool reads.
    run.guessed = true;
    run.notes.push('earlier on the line, something countersign can\'t read may set this command\'s variables');
  }
  if (inv.origin.includes('sudo')) {
    run.guessed = true;
    run.notes.push('run through sudo: the environment and home directory may be root\'s, not yours');
  }
  peel(run);
  return run;
}

/** Peel wrappers until the tool that does the work is at the front. */
function peel(run: Run): void {
  for (let guard = 0; guard < 8; guard++) {
    const a = run.args;
    const first = a[0]?.value;
    switch (run.name) {
      case 'npx':
      case 'pnpx':
      case 'bunx': {
        const i = skipOptions(a, npxValues());
        if (i < 0 || hasFlagBefore(a, i, BUILTIN.npx?.wraps?.shellOpt ?? [])) return;
        if (run.name === 'bunx') addEnvFiles(run, bunEnvFiles(run), 'bun');
        shift(run, i);
        continue;
      }
      case 'pnpm':
      case 'yarn':
      case 'bun':
      case 'npm': {
        if (first === undefined) return;
        let i = 0;
        if (['exec', 'dlx', 'x'].includes(first)) i = 1;
        else if (run.name === 'bun' && first === 'run') i = 1;
        const bin = a[i]?.value;
        // A bare word is a bin the runner runs directly (registry: `package-scripts.bins`; npm has none).
        if (bin === undefined || (i === 0 && !BUILTIN[run.name]?.['package-scripts']?.bins?.includes(binOf(bin)))) return;
        if (run.name === 'bun') addEnvFiles(run, bunEnvFiles(run), 'bun');
        shift(run, i);
        continue;
      }
      case 'dotenv': {
        // dotenv-cli: -e FILE (repeatable, default .env), -c [ENV] cascade, -v NAME=VALUE, -o override.
        // The cascade is .env.ENV.local, .env.local, .env.ENV, .env; the first file to set a name wins.
        const files: string[] = [];
        let cascade: string | undefined;
        let i = 0;
        for (; i < a.length; i++) {
          const v = a[i]?.value ?? '';
          if (v === '--') { i++; break; }
          if (v === '-e') { files.push(a[++i]?.value ?? ''); continue; }
          // Ruby's dotenv: -f a,b
          if (v === '-f') { files.push(...(a[++i]?.value ?? '').split(',')); continue; }
          if (v === '-v') {
            const kv = a[++i]?.value ?? '';
            const eq = kv.indexOf('=');
            if (eq > 0) run.assign.set(kv.slice(0, eq), w(kv.slice(eq + 1)));
            continue;
          }
          if (v === '-c') {
            const next = a[i + 1]?.value;
            cascade = next !== undefined && !next.startsWith('-') ? (i++, next) : '';
            continue;
          }
          if (v === '-o' || v === '--override') { run.wrapperOverride = true; continue; }
          if (v.startsWith('-')) continue;
          break;
        }
        if (files.length === 0) files.push('.env');
        const out: string[] = [];
        for (const f of files) {
          if (cascade !== undefined) {
            const dot = f;
            if (cascade) out.push(`${dot}.${cascade}.local`);
            out.push(`${dot}.local`);
            if (cascade) out.push(`${dot}.${cascade}`);
          }
          out.push(f);
        }
        addEnvFiles(run, out, 'dotenv-cli');
        run.notes.push(`dotenv-cli loads ${out.join(', ')}`);
        shift(run, i);
        continue;
      }
      case 'dotenvx': {
        if (first !== 'run') return;
        // `run`'s options as dotenvx reads them (registry): the env files, the rest skipped with their values.
        const spec = BUILTIN.dotenvx;
        const fileOpts = spec?.['env-file-options'] ?? [];
        const { options, rest } = readLeading(a.slice(1), grammarFor(spec, 'run'));
        const files = options.flatMap((o) => (fileOpts.includes(o.opt) ? [o.value?.value ?? ''] : []));
        if (options.some((o) => o.opt === '--overload' || o.opt === '-o')) run.wrapperOverride = true;
        const i = a.length - rest.length;
        if (files.length === 0) files.push('.env');
        addEnvFiles(run, files, 'dotenvx');
        run.notes.push(`dotenvx loads ${files.join(', ')}`);
        shift(run, i);
        continue;
      }
      case 'env': {
        // env's options that take a value: its registry wrapping grammar (-u, -C, -S, -P...).
        const withArg = wrapperFor('env')?.withArg ?? [];
        let i = 0;
        for (; i < a.length; i++) {
          const v = a[i]?.value ?? '';
          if (withArg.includes(v)) { i++; continue; }
          if (v.startsWith('-')) continue;
          const eq = v.indexOf('=');
          if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.slice(0, eq))) {
            const word = a[i];
            if (word) run.assign.set(v.slice(0, eq), { ...word, value: v.slice(eq + 1) });
            continue;
          }
          break;
        }
        shift(run, i);
        continue;
      }
      case 'bundle':
      case 'poetry':
      case 'pipenv':
      case 'uv': {
        if (first !== (run.name === 'bundle' ? 'exec' : 'run')) return;
        if (run.name === 'pipenv') addEnvFiles(run, ['.env'], 'pipenv');
        shift(run, 1);
        continue;
      }
      case 'nohup':
      case 'time':
      case 'exec':
      case 'command':
        shift(run, 0);
        continue;
      case 'heroku': {
        // `heroku local:run` runs here with .env loaded; `heroku run` runs on the app itself.
        if (first !== 'local:run') return;
        addEnvFiles(run, ['.env'], 'heroku local');
        shift(run, 1);
        continue;
      }
      // INJECTORS: run the command with variables fetched from a service.
      case 'doppler':
      case 'infisical':
      case 'op':
      case 'railway': {
        // These run the command with variables fetched from a service: what it reaches depends
        // on values countersign can't see, so the wrapper's own target matters too.
        if (first !== 'run') return;
        const dd = a.findIndex((x) => x.value === '--');
        const i = dd >= 0 ? dd + 1 : skipOptions(a.slice(1), runValueFlags(run.name)) + 1;
        if (i <= 0 || i >= a.length) return;
        const copy = (r: Run): Run => ({ ...r, assign: new Map(r.assign), wrapperEnvFiles: [...r.wrapperEnvFiles], notes: [...r.notes] });
        const outer = copy(run);
        const inner = { ...copy(run), name: binOf(a[i]?.value ?? ''), args: a.slice(i + 1) };
        peel(inner);
        run.injected = { by: run.name, inner, outer };
        return;
      }
      default:
        return;
    }
  }
}

// npx, pnpx and bunx: npx's options that take a value in the registry (its wrapping grammar, its
// shell-string options and its own value options).
let npxSet: Set<string> | undefined;
function npxValues(): Set<string> {
  const n = BUILTIN.npx;
  npxSet ??= new Set([...(n?.wraps?.withArg ?? []), ...(n?.wraps?.shellOpt ?? []), ...(n?.['value-options'] ?? [])]);
  return npxSet;
}

// The options of `doppler run`, `op run`... that take a value: the registry's wrapping grammar.
const runValueFlags = (name: string): Set<string> => new Set(wrapperFor(name)?.withArg ?? []);

function shift(run: Run, i: number): void {
  const tool = run.args[i];
  if (!tool) {
    run.args = [];
    run.name = '';
    return;
  }
  run.name = binOf(tool.value);
  run.args = run.args.slice(i + 1);
}

function addEnvFiles(run: Run, files: string[], loader: string): void {
  for (const f of files) if (f && !run.wrapperEnvFiles.includes(f)) run.wrapperEnvFiles.push(f);
  run.wrapperLoader = run.wrapperLoader ? `${run.wrapperLoader}, ${loader}` : loader;
}

// Bun loads these itself before running anything, highest priority first.
export function bunEnvFiles(run: Run): string[] {
  const mode = getVar(run, 'NODE_ENV')?.value || 'development';
  return mode === 'test' ? [`.env.${mode}`, '.env'] : ['.env.local', `.env.${mode}`, '.env'];
}

/** Index of the first positional word, skipping options and the values of `valueFlags`; -1 if none. */
export function skipOptions(args: Word[], valueFlags: Set<string>): number {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value ?? '';
    if (v === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!v.startsWith('-') || v === '-') return i;
    if (valueFlags.has(v)) i++;
  }
  return -1;
}

function hasFlagBefore(args: Word[], end: number, names: string[]): boolean {
  return args.slice(0, end).some((a) => names.includes(a.value));
}

/**
 * The last value given for any of `names`, read with the one option reader (src/programs):
 * `--flag value`, `--flag=value`, `-nvalue`, `-xn value`. Stops at `--`. `grammar`: the rest of
 * the program's options, so a value of another option isn't taken for one of these.
 */
export function flag(args: Word[], names: string[], stopAt = args.length, grammar?: OptionGrammar): FlagValue | undefined {
  let found: FlagValue | undefined;
  // Options before `stopAt` (the value of the last one may be the word at stopAt).
  const stop = args[stopAt];
  for (const it of readItems(args.slice(0, stopAt + 1), withValues(grammar, names))) {
    if ('pos' in it || it.word === stop || !names.includes(it.opt) || !it.value) continue;
    found = { value: it.value.value, dynamic: it.value.dynamic, flag: it.opt };
  }
  return found;
}

const grammars = new WeakMap<OptionGrammar | Set<string>, Map<string, OptionGrammar>>();

/** `grammar` with `names` taking values too (cached: the reader compiles each grammar once). */
function withValues(grammar: OptionGrammar | undefined, names: Iterable<string>): OptionGrammar {
  const key = [...names].join(' ');
  const base = grammar ?? NONE;
  let m = grammars.get(base);
  if (!m) grammars.set(base, (m = new Map()));
  let g = m.get(key);
  // Single-dash long names (terraform -var-file) mean the program reads options that way.
  if (!g) m.set(key, (g = mergeGrammar(base, { 'value-options': [...names], 'single-dash-long': [...names].some((n) => /^-[^-]{2,}/.test(n)) })));
  return g;
}
const NONE: OptionGrammar = {};

/** A program's option grammar from the builtin registry; after `sub`, with that subcommand's
 *  (`git push`). Every resolver reads a program's options through this. `-4`, `-1` are options
 *  here (git push -4, psql -1), never the remote or database. */
export function grammarOf(name: string, sub?: string): OptionGrammar {
  const g = grammarFor(lookup(name, BUILTIN), sub) ?? NONE;
  let d = withDigits.get(g);
  if (!d) withDigits.set(g, (d = mergeGrammar(g, { 'digit-options': true })));
  return d;
}
const withDigits = new WeakMap<OptionGrammar, OptionGrammar>();

/** Every value given for any of `names`, in order. */
export function flagAll(args: Word[], names: string[]): FlagValue[] {
  const out: FlagValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const f = flag(args.slice(i, i + 2), names);
    if (!f) continue;
    const word = args[i]?.value ?? '';
    out.push(f);
    if (names.includes(word)) i++;
  }
  return out;
}

export function hasFlag(args: Word[], names: string[]): boolean {
  for (const a of args) {
    if (a.value === '--') return false;
    if (names.includes(a.value) || names.some((n) => n.startsWith('--') && a.value.startsWith(`${n}=`))) return true;
  }
  return false;
}

/** Non-option words, skipping the values of `valueFlags` (a set of options, or a registry
 *  entry's grammar), read with the one option reader. */
export function positionals(args: Word[], valueFlags: Set<string> | OptionGrammar): Word[] {
  const g = valueFlags instanceof Set ? setGrammar(valueFlags) : valueFlags;
  return readItems(args, g).flatMap((it) => ('pos' in it ? [it.pos] : []));
}

const setGrammars = new WeakMap<Set<string>, OptionGrammar>();
function setGrammar(s: Set<string>): OptionGrammar {
  let g = setGrammars.get(s);
  if (!g) setGrammars.set(s, (g = { 'value-options': [...s], 'digit-options': true, 'single-dash-long': [...s].some((n) => /^-[^-]{2,}/.test(n)) }));
  return g;
}

/** Programs whose `run` gives a command variables fetched from a service (see peel). */
export const INJECTORS: ReadonlySet<string> = new Set(['railway', 'doppler', 'infisical', 'op']);

/**
 * A variable as the tool would see it: a prefix on the command, then one set earlier on the
 * line, then the process environment.
 */
export function getVar(run: Run, name: string): VarValue | undefined {
  const pre = run.assign.get(name);
  if (pre) return { value: pre.value, dynamic: pre.dynamic, from: 'prefix' };
  const env = run.ctx.env[name];
  const line = run.inv.vars[name];
  if (line !== undefined && line !== env) return { value: line, dynamic: false, from: 'set earlier on this line' };
  // Set on the line to a run-time value, or possibly by a sourced file the parser couldn't read.
  const unknown = run.inv.unknownVars;
  if (unknown && line === undefined && (unknown.includes(name) || unknown.includes('*'))) return { value: '', dynamic: true, from: 'may be set earlier on this line at run time' };
  if (env !== undefined) return { value: env, dynamic: false, from: 'environment' };
  return undefined;
}

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL/i;

/** `NAME=value (from)` with secrets hidden. */
export function showVar(name: string, v: VarValue): string {
  const shown = SECRET_NAME.test(name) ? '(set)' : v.value;
  return `${name}=${shown} (${v.from})`;
}

export function showFlag(f: FlagValue): string {
  return `${f.flag} ${f.value} (flag)`;
}

/** Evidence for a value that is computed at run time and so can't be known. */
export function dynamicNote(what: string): string {
  return `${what} is computed when the command runs, so where it points can't be known`;
}
