// What inline code does: the shell commands it would run, the HTTP requests it would send (as the
// equivalent curl) and the files it would delete or overwrite, read from the calls it makes to the
// functions in TABLES. Pattern-based, over the token stream of lex.ts, so that strings and comments
// that merely mention `rm -rf` stay quiet.
import { chainBase, chainValue, collectAliases, evaluate, jsonValue, literal, NO, pathOf, type Scope, type Val } from './evaluate.js';
import type { InlineCode, InlineLang } from './extract.js';
import { readBounded } from '../files.js';
import { closeTok, family, isP, lex, objField, parseChain, SEP, splitArgs, type Family, type Seg, type Tok } from './lex.js';
import { DANGER_MODULES, keptReference, mappedDelete, reflection } from './reflection.js';
import { sqliteDot } from './sqlite-dot.js';
import { isQueueKey } from '../sql/index.js';
import { localStoresOnly } from './local-stores.js';
import { graphqlMutations, isLocal, RUNTIME_FIELD } from '../http/index.js';
import { awkShell, patternHits, patternOpaque, type PatternLang } from './unread.js';

export interface ShellCall {
  code: string;
  /** 'os.system', 'subprocess.run', 'child_process.execSync', 'system', 'backticks', ... */
  how: string;
  /** Set when called with a literal list: subprocess.run(['git', 'push', '--force']). */
  argv?: string[];
  /** Some argv items are known only at run time: they stand in `code` as $RUNTIME_ARG. */
  holes?: boolean;
}
export interface CodeHit {
  /** 'shutil.rmtree', 'fs.rmSync', 'FileUtils.rm_rf', 'os.remove', 'open' ... */
  what: string;
  /** The path argument when it is literal after simple resolution ('~', '$HOME', 'data/x'). */
  arg?: string;
  /** Otherwise, the text the path is known to start with (`tmp/${i}.json`: 'tmp/'). */
  prefix?: string;
  /** `arg` is a pattern the path matches (a name bound to glob.glob's results). */
  glob?: boolean;
  /** 'delete' removes files; 'overwrite' truncates or replaces one (open(p, 'w'), fs.writeFileSync). */
  kind: 'delete' | 'overwrite';
}

const MAX_DEPTH = 3;

type ShellStyle = 'cmd' | 'bash-kw' | 'file+list' | 'exec-l' | 'exec-v' | 'spawn-l' | 'spawn-v' | 'argv1' | 'all' | 'deno-command' | 'cmd-opt' | 'pcntl' | 'perl-open';
type HttpStyle = 'requests' | 'urllib' | 'fetch' | 'axios';
/** `move`: the first argument goes away (a delete of what it held) and the second is replaced;
 *  `copy`: the second is replaced; `move-self`: Path('x').rename(y) moves x away. */
interface Entry { re: RegExp; shell?: ShellStyle; eval?: 'first' | 'last'; del?: 'first' | 'all' | 'self' | 'mapped'; over?: 'open' | 'first' | 'self' | 'named'; http?: HttpStyle; move?: 'args' | 'copy' | 'self'; sqlite?: 'connect' | 'exec' }

const E = (re: RegExp, e: Omit<Entry, 're'>): Entry => ({ re, ...e });

const TABLES: Record<Family, Entry[]> = {
  python: [
    E(/^(os\.(system|popen[234]?)|subprocess\.(getoutput|getstatusoutput)|commands\.(getoutput|getstatusoutput)|platform\.popen)$/, { shell: 'cmd' }),
    E(/^(subprocess\.(run|call|check_call|check_output|Popen)|asyncio\.create_subprocess_shell|pty\.spawn)$/, { shell: 'cmd' }),
    E(/^asyncio\.create_subprocess_exec$/, { shell: 'all' }),
    // nox's session.run("rm", "-rf", "x", external=True) runs its words; invoke's and fabric's
    // c.run("cmd") a shell command (their conventional parameter names).
    E(/^session\.(run|run_always|run_install)$/, { shell: 'all' }),
    E(/^(c|ctx|context|conn|connection)\.(run|sudo|local)$/, { shell: 'cmd' }),
    // Airflow's BashOperator(task_id=..., bash_command="...") runs its command when the task runs
    // (`airflow dags test`, `tasks test`, the scheduler: the airflow entry's project-code, rt27a).
    E(/^((airflow\.operators\.bash(_operator)?\.|airflow\.providers\.standard\.operators\.bash\.)?BashOperator)$/, { shell: 'bash-kw' }),
    E(/^os\.exec(l|le|lp|lpe)$/, { shell: 'exec-l' }),
    E(/^os\.exec(v|ve|vp|vpe)$/, { shell: 'exec-v' }),
    E(/^os\.spawn(l|le|lp|lpe)$/, { shell: 'spawn-l' }),
    E(/^os\.spawn(v|ve|vp|vpe)$/, { shell: 'spawn-v' }),
    E(/^os\.posix_spawnp?$/, { shell: 'argv1' }),
    E(/^(requests|httpx|requests\.api)\.(post|put|patch|delete|request)$/, { http: 'requests' }),
    E(/^(urllib\.request|urllib2)\.Request$/, { http: 'urllib' }),
    E(/^(exec|eval|compile|builtins\.exec|builtins\.eval|__builtins__\.(exec|eval|compile))$/, { eval: 'first' }),
    E(/^(shutil\.rmtree|os\.(remove|unlink|rmdir|removedirs))$/, { del: 'first' }),
    E(/\.(unlink|rmdir)$/, { del: 'self' }),
    E(/^(open|io\.open|builtins\.open)$/, { over: 'open' }),
    E(/^os\.truncate$/, { over: 'first' }),
    // os.open(path, flags): O_TRUNC empties the file.
    E(/^os\.open$/, { over: 'open' }),
    E(/\.(write_text|write_bytes)$/, { over: 'self' }),
    // pandas and polars writers: df.to_parquet('data/x.parquet'), pl.DataFrame().write_csv(p). The
    // first argument may be a buffer or be left out (to_json() returns text), so only a path the
    // code shows (a literal, or the text it starts with) counts.
    E(/\.(to_parquet|to_csv|to_feather|to_pickle|to_json|to_excel|to_hdf|to_stata|to_orc|write_parquet|write_csv|write_ipc|write_json|write_ndjson|write_avro|write_excel|write_delta)$/, { over: 'named' }),
    E(/^(shutil\.move|os\.(rename|replace|renames))$/, { move: 'args' }),
    E(/^shutil\.(copy|copy2|copyfile|copytree)$/, { move: 'copy' }),
    E(/\.(rename|replace)$/, { move: 'self' }),
    // python's sqlite3 module: the SQL goes to the same rules as `sqlite3 DB SQL`.
    E(/^sqlite3\.connect$/, { sqlite: 'connect' }),
    E(/\.(execute|executescript|executemany)$/, { sqlite: 'exec' }),
  ],
  js: [
    E(/^child_process\.(exec|execSync)$/, { shell: 'cmd' }),
    E(/^child_process\.(spawn|spawnSync|execFile|execFileSync)$/, { shell: 'file+list' }),
    E(/^(execa|execa\.execa|execa\.execaSync|execaSync|execa\.sync)$/, { shell: 'file+list' }),
    E(/^(execaCommand|execaCommandSync|execa\.execaCommand|execa\.execaCommandSync)$/, { shell: 'cmd' }),
    E(/^Deno\.Command$/, { shell: 'deno-command' }),
    E(/^(Deno\.run|Bun\.spawn|Bun\.spawnSync)$/, { shell: 'cmd-opt' }),
    E(/^(eval|vm\.runInThisContext|vm\.runInNewContext|vm\.runInContext|vm\.Script|vm\.compileFunction|globalThis\.eval)$/, { eval: 'first' }),
    E(/^Function$/, { eval: 'last' }),
    E(/^(fetch|globalThis\.fetch|node-fetch|undici\.fetch|undici\.request)$/, { http: 'fetch' }),
    E(/^axios(\.(post|put|patch|delete|request))?$/, { http: 'axios' }),
    // A SQL driver's query (pg, mysql2): read only in code that loads one (driverExec).
    E(/\.(query|execute)$/, { sqlite: 'exec' }),
    E(/^(fs|fs\.promises|fs-extra)\.(rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync)$/, { del: 'first' }),
    E(/^fs-extra\.(remove|removeSync|emptyDir|emptyDirSync|emptydir|emptydirSync)$/, { del: 'first' }),
    E(/^(rimraf|rimraf\.sync|rimraf\.rimraf|rimraf\.rimrafSync|rimrafSync|rimraf\.native|rimraf\.manual)$/, { del: 'first' }),
    E(/^Deno\.(remove|removeSync)$/, { del: 'first' }),
    E(/^(fs|fs\.promises|fs-extra)\.(writeFile|writeFileSync|truncate|truncateSync|outputFile|outputFileSync|createWriteStream)$/, { over: 'first' }),
    // open(path, 'w'): the flags truncate ('w', 'w+', 'wx'; numeric flags can't be read).
    E(/^(fs|fs\.promises)\.(open|openSync)$/, { over: 'open' }),
    E(/^(Deno\.(writeTextFile|writeTextFileSync|writeFile|writeFileSync|truncate|truncateSync)|Bun\.write)$/, { over: 'first' }),
    E(/^((fs|fs\.promises|fs-extra)\.(rename|renameSync)|fs-extra\.(move|moveSync)|Deno\.(rename|renameSync))$/, { move: 'args' }),
    E(/^((fs|fs\.promises|fs-extra)\.(copyFile|copyFileSync|cp|cpSync)|fs-extra\.(copy|copySync)|Deno\.(copyFile|copyFileSync))$/, { move: 'copy' }),
  ],
  ruby: [
    // IO.popen(CMD, MODE): the mode ("w") is not an argument.
    E(/^IO\.popen$/, { shell: 'cmd' }),
    E(/^(system|exec|spawn|Kernel\.(system|exec|spawn)|Process\.(spawn|exec)|PTY\.spawn|Open3\.(capture2|capture2e|capture3|popen2|popen2e|popen3|pipeline|pipeline_r|pipeline_w|pipeline_rw|pipeline_start))$/, { shell: 'all' }),
    E(/^(eval|instance_eval|class_eval|module_eval|Kernel\.eval|binding\.eval)$/, { eval: 'first' }),
    E(/^(FileUtils\.(rm_rf|rm_r|rm|rm_f|rmtree|remove|remove_dir|remove_entry|remove_entry_secure|remove_file|rmdir|safe_unlink)|File\.(delete|unlink)|Dir\.(rmdir|delete|unlink))$/, { del: 'all' }),
    E(/\.(rmtree|rm_rf|delete|unlink|rmdir)$/, { del: 'self' }),
    E(/^(File\.write|IO\.write|File\.truncate)$/, { over: 'first' }),
    E(/^File\.open$/, { over: 'open' }),
    E(/^(File\.rename|FileUtils\.(mv|move))$/, { move: 'args' }),
    E(/^FileUtils\.(cp|cp_r|copy|copy_file|install)$/, { move: 'copy' }),
  ],
  perl: [
    E(/^(system|exec)$/, { shell: 'all' }),
    E(/^readpipe$/, { shell: 'cmd' }),
    E(/^open$/, { shell: 'perl-open', over: 'open' }),
    E(/^eval$/, { eval: 'first' }),
    E(/^(rmtree|remove_tree|File\.Path\.rmtree|File\.Path\.remove_tree|unlink|rmdir)$/, { del: 'all' }),
    // ExtUtils::Command (`perl -MExtUtils::Command -e rm_rf DIR`): its functions act on @ARGV.
    E(/^(ExtUtils\.Command\.)?(rm_rf|rm_f)$/, { del: 'all' }),
    E(/^(ExtUtils\.Command\.)?mv$/, { move: 'args' }),
    E(/^(ExtUtils\.Command\.)?cp$/, { move: 'copy' }),
    E(/^truncate$/, { over: 'first' }),
    E(/^(rename|move|File\.Copy\.move)$/, { move: 'args' }),
    E(/^(copy|File\.Copy\.copy)$/, { move: 'copy' }),
  ],
  php: [
    E(/^(system|exec|shell_exec|passthru|popen|proc_open)$/i, { shell: 'cmd' }),
    E(/^pcntl_exec$/i, { shell: 'pcntl' }),
    E(/^(eval|assert)$/i, { eval: 'first' }),
    E(/^create_function$/i, { eval: 'last' }),
    E(/^(unlink|rmdir)$/i, { del: 'first' }),
    // array_map('unlink', glob('storage/logs/*.log')): unlink of each path (redteam22-fp1).
    E(/^array_map$/i, { del: 'mapped' }),
    E(/^file_put_contents$/i, { over: 'first' }),
    E(/^fopen$/i, { over: 'open' }),
    E(/^rename$/i, { move: 'args' }),
    E(/^copy$/i, { move: 'copy' }),
  ],
};

// Ruby and perl call these without parentheses: `system "rm -rf ~"`, `unlink "x"`.
const PARENLESS = new RegExp(`^(${[
  'system|exec|spawn|eval|unlink|rmdir|rmtree|remove_tree|readpipe|open|truncate',
  'FileUtils\\.\\w+|File\\.(delete|unlink|write|truncate)|Dir\\.(rmdir|delete|unlink)|File\\.Path\\.(rmtree|remove_tree)',
  'Kernel\\.(system|exec|spawn|eval)|Process\\.(spawn|exec)|IO\\.(popen|write)|PTY\\.spawn|Open3\\.\\w+',
].join('|')})$`);
const STOP_WORDS = new Set(['if', 'unless', 'or', 'and', 'do', 'while', 'until', 'then', 'rescue', 'for', 'foreach']);

interface Result { calls: ShellCall[]; dynamic: string[]; hits: CodeHit[] }

function quoteArg(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  // A path read from the environment (os.environ["HOME"] + "/.ssh", perl "$ENV{HOME}/.ssh",
  // process.env.HOME) is written `$HOME/...`: it stays an expansion, one double-quoted word (no
  // shell splits an argv item). The same text written literally in the code reads the same: that
  // pauses where the rules know the variable's value, which fails closed. Only a whole path: a
  // `$name` inside other text (a GraphQL `$id`) stays text.
  if (/^\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\})(?:\/[\w@%+=:,./ -]*)?$/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One argv item as a shell word for the rules. The evaluator writes the home directory as a
 *  leading `~` (os.homedir(), expanduser) and an environment lookup as `$NAME` ($ENV{HOME},
 *  os.environ["HOME"]): those stay live, as a shell would have expanded them in the one-string
 *  form, so `system "rm", "-rf", "$ENV{HOME}/.ssh"` reaches ~/.ssh as `system "rm -rf $ENV{HOME}/.ssh"`
 *  does. Everything else is quoted. */
function argWord(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  const m = /^~(?=\/|$)/.exec(s);
  let out = m ? '~' : '';
  const rest = m ? s.slice(1) : s;
  // Only names shaped like the environment's (`$HOME`, `${TMPDIR}`): `$id` or `$1` in SQL or text
  // is the program's own.
  for (const p of rest.split(/(\$\{?[A-Z_][A-Z0-9_]*\}?)/)) {
    if (!p) continue;
    const v = /^\$\{?([A-Z_][A-Z0-9_]*)\}?$/.exec(p);
    out += v ? `"\${${v[1]}}"` : quoteArg(p);
  }
  return out;
}

// ------------------------------------------------------------------ reading the code

/** One piece of code being read: its tokens, the names it imports, and what was found so far. */
interface Ctx {
  c: InlineCode; depth: number; fam: Family; t: Tok[]; scope: Scope; res: Result; db?: string;
  /** SQL executed earlier that reaches beyond its database (ATTACH, VACUUM INTO, ...): later
   *  statements run with it, so each hand-back carries it as `-cmd`. */
  sqlReach?: string[];
}

/** A call to a function in TABLES: its arguments (python keywords apart) and what it is called on. */
interface Call {
  path: string;
  args: Tok[][];
  /** A python keyword argument's value tokens. */
  kw: (name: string) => Tok[] | undefined;
  /** The chain before the called segment: Path('x') in Path('x').unlink(). */
  before: Seg[];
  /** The call's source, for people. */
  snip: string;
}

const PATTERN = new Set<string>(['awk', 'lua', 'julia', 'elixir', 'sqlite']);
const isPattern = (l: string): l is PatternLang => PATTERN.has(l);

function analyze(c: InlineCode, depth: number): Result {
  return withChdir(c.code, analyzeCode(c, depth));
}

// os.chdir, process.chdir, Dir.chdir, chdir (perl, php): the working directory the code moves to.
const CHDIR = /\b(?:os\s*\.\s*chdir|process\s*\.\s*chdir|Dir\s*\.\s*chdir|Deno\s*\.\s*chdir|chdir)\s*\(?\s*(?:(['"])([^'"\\]*)\1\s*[),;]|[^)]*)/g;

/** Code that changes directory (`os.chdir('data'); os.remove('db.sqlite')`): a relative path may
 *  be taken from there. Each is judged both ways; a directory only known at run time makes them
 *  unknown (a hit without its path pauses, a shell call becomes code built at run time). */
function withChdir(code: string, r: Result): Result {
  const dirs = [...code.matchAll(CHDIR)].map((m) => (m[1] ? m[2]! : undefined));
  if (!dirs.length) return r;
  const relative = (p: string): boolean => !/^[/~$]/.test(p);
  if (dirs.some((d) => d === undefined)) {
    return {
      calls: [],
      dynamic: [...r.dynamic, ...r.calls.map((x) => `${x.how} after a chdir to a directory known only at run time`)],
      hits: r.hits.map((h) => (h.arg !== undefined && relative(h.arg) ? { what: h.what, kind: h.kind } : h)),
    };
  }
  const q = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
  return {
    dynamic: r.dynamic,
    calls: [...r.calls, ...r.calls.flatMap((x) => dirs.map((d) => ({ code: `cd ${q(d!)} && ${x.code}`, how: x.how })))],
    hits: [...r.hits, ...r.hits.flatMap((h) => (h.arg !== undefined && relative(h.arg) ? dirs.map((d) => ({ ...h, arg: `${d!.replace(/\/+$/, '')}/${h.arg}` })) : []))],
  };
}

function analyzeCode(c: InlineCode, depth: number): Result {
  if (c.lang === 'sqlite') return { dynamic: [], ...sqliteDot(c.code, c.from) };
  if (c.lang === 'awk') return { ...awkShell(c.code), hits: patternHits(c.lang, c.code) };
  if (isPattern(c.lang)) return { calls: [], dynamic: patternOpaque(c.lang, c.code), hits: patternHits(c.lang, c.code) };
  const fam = family(c.lang);
  const t = withInterpolatedCode(lex(c.code, c.lang), c.lang);
  const cx: Ctx = { c, depth, fam, t, scope: withArgv(collectAliases(t, fam, c.code, c.args), c.args), res: { calls: [], dynamic: [], hits: [] } };
  for (let i = 0; i < t.length; i++) readToken(cx, i);
  for (const r of reflection(t, fam, cx.scope, c.code)) cx.res.dynamic.push(`${r.why}: ${snippet(cx, r.s, r.e)}`);
  if (fam === 'ruby') rubyNetHttp(cx);
  otherHttpDeletes(cx);
  graphqlInCode(cx);
  sdkCalls(cx);
  toSqlReplace(cx);
  sqliteBackup(cx);
  lakeWrites(cx);
  return cx.res;
}

/** Code inside strings runs as they are built: js `${f()}`, ruby `#{f}`, python f"{f()}", perl
 *  `@{[ f() ]}` / `${\ f() }`. Its tokens are read after the code's own (as one more statement),
 *  with the code's names in scope; a plain name or property path adds nothing. */
function withInterpolatedCode(t: Tok[], lang: InlineLang): Tok[] {
  let out = t;
  let from = 0;
  for (let round = 0; round < 3; round++) {
    const more: Tok[] = [];
    for (const x of out.slice(from)) {
      if (x.t !== 'str' || !x.dyn) continue;
      for (const q of x.parts) {
        if (typeof q === 'string' || /^[$@%]*\{?[\w.$:]*\}?$/.test(q.src)) continue;
        const at = x.s;
        more.push({ t: 'p', v: ';', s: at, e: at }, { t: 'nl', s: at, e: at }, ...lex(q.src, lang).map((y) => ({ ...y, s: at, e: x.e })));
      }
    }
    if (!more.length) break;
    from = out.length;
    out = [...out, ...more];
  }
  return out;
}

function snippet(cx: Ctx, a: number, b: number): string {
  const s = cx.c.code.slice(a, b).replace(/\s+/g, ' ').trim();
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

/** The TABLES entries a dotted name matches, directly or through `from m import *` / `include M`. */
function lookup(cx: Ctx, raw: string): { path: string; entries: Entry[] } | undefined {
  const table = TABLES[cx.fam];
  const path = cx.fam === 'php' ? raw.replace(/^\\/, '') : raw;
  if (!path) return undefined;
  const hits = table.filter((e) => e.re.test(path));
  if (hits.length) return { path, entries: hits };
  if (path.includes('.')) return undefined;
  for (const m of cx.scope.star) {
    const full = `${m}.${path}`;
    const more = table.filter((e) => e.re.test(full));
    if (more.length) return { path: full, entries: more };
  }
  return undefined;
}

function readToken(cx: Ctx, i: number): void {
  const { t, fam } = cx;
  const x = t[i]!;
  if (x.t === 'cmd') {
    // backticks, %x, qx
    if (x.dyn) cx.res.dynamic.push(snippet(cx, x.s, x.e));
    else cx.res.calls.push({ code: x.v, how: x.how });
    return;
  }
  const prev = t[i - 1];
  if ((fam === 'python' || fam === 'ruby') && isP(x, '(') && ((x as { bol?: true }).bol || !(prev && (prev.t === 'id' || isP(prev, ')') || isP(prev, ']'))))) {
    groupDelete(cx, i);
    return;
  }
  if (x.t !== 'id') return;
  // inside a chain read from its start; ruby ::Kernel (a top-level constant) starts one
  if (prev && prev.t === 'p' && SEP.has(prev.v) && !(fam === 'ruby' && prev.v === '::' && !endsValue(t[i - 2]))) return;
  readChain(cx, i);
}

/** Whether a token ends a value, so that `::` or `.` after it reaches into that value. */
function endsValue(x: Tok | undefined): boolean {
  return !!x && (x.t === 'id' || x.t === 'str' || isP(x, ')') || isP(x, ']'));
}

/** (Path.home() / '.ssh').unlink(): a delete method on a parenthesised value;
 *  (Path('data') / 'db.sqlite').write_text(''): a write that replaces it. */
function groupDelete(cx: Ctx, i: number): void {
  const { t, fam } = cx;
  const c = closeTok(t, i);
  const m = t[c + 2];
  if (!(isP(t[c + 1], '.') && m?.t === 'id')) return;
  if (fam === 'python' && /^(write_text|write_bytes)$/.test(m.v) && isP(t[c + 3], '(')) {
    const v = evaluate(t.slice(i + 1, c), fam, cx.scope);
    cx.res.hits.push({ what: whatName(`x.${m.v}`), ...argOf(v), kind: 'overwrite' });
    return;
  }
  if (!/^(unlink|rmdir|rmtree|delete)$/.test(m.v)) return;
  if (!(isP(t[c + 3], '(') ? isP(t[c + 4], ')') : fam === 'ruby')) return;
  const v = evaluate(t.slice(i + 1, c), fam, cx.scope);
  cx.res.hits.push({ what: whatName(`x.${m.v}`), ...argOf(v), kind: 'delete' });
}

/** A chain a.b(x).c starting at t[i]: a shell template, or calls to the functions in TABLES. */
function readChain(cx: Ctx, i: number): void {
  const { segs, end } = parseChain(cx.t, i, cx.fam);
  const next = cx.t[end + 1];
  if (shellTemplate(cx, i, segs, next)) return;
  bareArgs(cx, segs, end, next);
  keptAsValue(cx, i, segs, end, next);
  const base = chainBase(segs, cx.scope, cx.fam);
  for (let k = base?.module ? base.from : 0; k < segs.length; k++) callAt(cx, i, segs, k);
}

/** zx / Bun shell: $`cmd`. */
function shellTemplate(cx: Ctx, i: number, segs: Seg[], next: Tok | undefined): boolean {
  if (cx.fam !== 'js' || segs[segs.length - 1]!.args || next?.t !== 'str' || !next.tpl) return false;
  const p = pathOf(segs, segs.length - 1, cx.scope, cx.fam);
  if (p !== '$' && p !== 'Bun.$' && p !== 'zx.$' && p !== 'bun.$') return false;
  if (next.dyn) cx.res.dynamic.push(snippet(cx, cx.t[i]!.s, next.e));
  else cx.res.calls.push({ code: next.v, how: p });
  return true;
}

/** Ruby and perl calls without parentheses (`system "rm -rf ~"`): the arguments run to the end of
 *  the statement. Ruby methods without arguments: Pathname.new("x").rmtree. */
function bareArgs(cx: Ctx, segs: Seg[], end: number, next: Tok | undefined): void {
  const { t, fam } = cx;
  const last = segs[segs.length - 1]!;
  // perl's `unlink <data/*>`: the glob operator starts with `<`.
  const perlGlob = fam === 'perl' && next?.t === 'p' && next.v === '<';
  // ruby's `eval [115, 121].pack("c*")`: a space before `[` makes it the argument, not an index.
  const spacedArray = fam === 'ruby' && next?.t === 'p' && next.v === '[' && next.s > t[end]!.e;
  // perl's `system { "rm" } "rm", "-rf", "x"`: a block naming the program, then the list.
  const perlBlock = fam === 'perl' && isP(next, '{') && segs.length === 1 && /^(system|exec)$/.test(last.name);
  if ((fam === 'ruby' || fam === 'perl') && !last.args && segs.every((s) => !s.args && !s.index) && next && (next.t !== 'p' || perlGlob || spacedArray || perlBlock) && next.t !== 'nl') {
    const p = lookup(cx, pathOf(segs, segs.length - 1, cx.scope, fam) ?? '')?.path;
    if (p && PARENLESS.test(p) && !(p === 'eval' && isP(next, '{'))) {
      const j = statementEnd(t, end + 1);
      last.args = splitArgs(t.slice(end + 1, j));
      last.end = j - 1;
      // `<data/*>` with nothing interpolated is the pattern as a string; the path rules expand it.
      const close = perlGlob ? t.findIndex((x, k) => k > end + 1 && k < j && x.t === 'p' && x.v === '>') : -1;
      const text = close > 0 ? cx.c.code.slice(next!.e, t[close]!.s) : '';
      if (close > 0 && /^[\w./*?~-]+$/.test(text)) last.args = [[{ t: 'str', v: text, dyn: false, parts: [text], s: next!.s, e: t[close]!.e }]];
    }
  }
  if (fam === 'ruby' && segs.length > 1 && !last.args && /^(rmtree|rm_rf|delete|unlink|rmdir)$/.test(last.name)) last.args = [];
  // perl's bare `unlink;` / `{ unlink }` removes $_ (File::Find's current file, a loop's item).
  const bare = !next || next.t === 'nl' || (next.t === 'p' && (next.v === ';' || next.v === '}' || next.v === ')'));
  if (fam === 'perl' && segs.length === 1 && !last.args && /^(unlink|rmdir)$/.test(last.name) && bare) last.args = [];
  // ExtUtils::Command's bare `rm_rf`, `rm_f`, `mv`, `cp` take their paths from @ARGV: the words
  // after the code when they are literal, else a path known only at run time.
  if (fam === 'perl' && !last.args && /^(ExtUtils\.Command\.)?(rm_rf|rm_f|mv|cp)$/.test(segs.map((x) => x.name).join('.')) && bare) {
    const argv = cx.scope.argv;
    last.args = argv ? argv.map((v) => [{ t: 'str', v, dyn: false, parts: [v], s: t[end]!.s, e: t[end]!.e } as Tok]) : [];
  }
}

/** Where a parenless call's arguments stop: a line end, `;`, `||`, `&&`, a closing bracket or a
 *  keyword such as `if`, outside brackets. */
function statementEnd(t: Tok[], from: number): number {
  let d = 0;
  let j = from;
  for (; j < t.length; j++) {
    const y = t[j]!;
    if (y.t === 'nl' && d === 0) break;
    if (y.t === 'p' && '([{'.includes(y.v)) d++;
    if (y.t === 'p' && ')]}'.includes(y.v)) { if (d === 0) break; d--; }
    if (d === 0 && y.t === 'p' && (y.v === ';' || y.v === '||' || y.v === '&&')) break;
    if (d === 0 && y.t === 'id' && STOP_WORDS.has(y.v)) break;
  }
  return j;
}

/** `f = os.system`, `[os]`: a dangerous function or module kept as a value is called later, unseen. */
function keptAsValue(cx: Ctx, i: number, segs: Seg[], end: number, next: Tok | undefined): void {
  const { t, c, scope } = cx;
  const x = t[i] as Extract<Tok, { t: 'id' }>;
  const lineStart = Math.max(c.code.lastIndexOf('\n', x.s), c.code.lastIndexOf(';', x.s)) + 1;
  if (!keptReference(segs, t[i - 1], next, cx.fam) || /\b(import|from|require|use)\b/.test(c.code.slice(lineStart, x.s))) return;
  const found = lookup(cx, pathOf(segs, segs.length - 1, scope, cx.fam) ?? '');
  // A module itself only when stored (`m = os`, `[os]`), not passed (`getattr(os, 'sep')`).
  const mod = segs.length === 1 && !isP(t[i - 1], '(') && !isP(t[i - 1], ',') && scope.alias.has(x.v) && DANGER_MODULES.test(scope.alias.get(x.v)!);
  if (mod || found?.entries.some((e) => e.shell || e.eval || e.del)) cx.res.dynamic.push(`${snippet(cx, x.s, t[end]!.e)} is kept as a value and called later`);
}

/** segs[k] called with arguments: what each matching TABLES entry makes of the call. */
function callAt(cx: Ctx, i: number, segs: Seg[], k: number): void {
  const { t, fam } = cx;
  const seg = segs[k]!;
  if (!seg.args) return;
  const found = lookup(cx, pathOf(segs, k, cx.scope, fam) ?? '');
  if (!found) return;
  const all = seg.args;
  const isKw = (a: Tok[]) => a[0]?.t === 'id' && isP(a[1], '=');
  const call: Call = {
    path: found.path,
    args: fam === 'python' ? all.filter((a) => !isKw(a)) : all,
    kw: (name) => (fam === 'python' ? all.find((a) => isKw(a) && (a[0] as { v: string }).v === name)?.slice(2) : undefined),
    before: segs.slice(0, k),
    snip: snippet(cx, t[i]!.s, t[Math.min(seg.end, t.length - 1)]!.e),
  };
  for (const e of found.entries) {
    if (e.shell) shellCall(cx, e.shell, call);
    if (e.eval) evalCall(cx, e.eval === 'last' ? call.args[call.args.length - 1] : call.args[0], call.snip);
    if (e.del || e.over) destructive(cx, e, call);
    if (e.move) moveHit(cx, e.move, call);
    if (e.sqlite) sqliteCall(cx, e.sqlite, call);
    if (e.http) httpCall(cx, e.http, call);
  }
}

// ------------------------------------------------------------------ shell commands

/** What a call runs: a command (string or argv), 'dynamic' when it isn't literal, or nothing. */
type Outcome = ShellCall | 'dynamic' | undefined;

function shellCall(cx: Ctx, style: ShellStyle, call: Call): void {
  const o = SHELL[style](cx, call);
  if (o === 'dynamic') cx.res.dynamic.push(call.snip);
  else if (o) cx.res.calls.push(o);
}

const val = (cx: Ctx, a: Tok[] | undefined): Val | undefined => (a ? evaluate(a, cx.fam, cx.scope) : undefined);
const asList = (v: Val | undefined): string[] | undefined => (v && 'list' in v ? v.list : undefined);

/** Each argument's string value, or undefined when one isn't literal. */
function strs(cx: Ctx, list: Tok[][]): string[] | undefined {
  const out: string[] = [];
  for (const a of list) {
    const v = val(cx, a);
    if (!v || !('s' in v)) return undefined;
    out.push(v.s);
  }
  return out;
}

function argvCall(argv: string[], how: string): ShellCall {
  return { code: argv.map(argWord).join(' '), how, argv };
}

/** A string runs through a shell; a list is an argv. */
function commandOf(v: Val | undefined, how: string): Outcome {
  if (v && 's' in v) return { code: v.s, how };
  if (v && 'list' in v) return argvCall(v.list, how);
  return 'dynamic';
}

const nonEmpty = (l: string[] | undefined, how: string): Outcome => (l && l.length ? argvCall(l, how) : 'dynamic');

/** An argv list written out (`['git', 'tag', v]`) whose program is literal and some of whose
 *  items are known only at run time: no shell splits an item, so each is one word, written as an
 *  unknown variable for the rules (`git tag <unknown>` runs; `rm -rf <unknown>` pauses). A splat
 *  (`*a`, `...a`) may be any number of words: still dynamic. */
export const HOLE_VAR = 'RUNTIME_ARG';
const HOLE = `"\${${HOLE_VAR}}"`;
function withHoles(cx: Ctx, toks: Tok[] | undefined, how: string, program?: string): Outcome {
  const open = toks?.[0];
  if (!toks || !(isP(open, '[') || (isP(open, '(') && cx.fam !== 'perl')) || !isP(toks[toks.length - 1], isP(open, '[') ? ']' : ')')) return 'dynamic';
  const words = program === undefined ? [] : [argWord(program)];
  let holes = false;
  for (const it of splitArgs(toks.slice(1, -1))) {
    if (!it.length) continue;
    if (it[0]!.t === 'p' && !isP(it[0], '(') && !isP(it[0], '[')) return 'dynamic';
    const v = evaluate(it, cx.fam, cx.scope);
    if (v && 's' in v) words.push(argWord(v.s));
    else if (v && 'list' in v) words.push(...v.list.map(argWord));
    else if (!words.length) return 'dynamic';
    else {
      words.push(HOLE);
      holes = true;
    }
  }
  return words.length ? { code: words.join(' '), how, ...(holes ? { holes } : {}) } : 'dynamic';
}
const orHoles = (o: Outcome, cx: Ctx, toks: Tok[] | undefined, how: string, program?: string): Outcome => (o === 'dynamic' ? withHoles(cx, toks, how, program) : o);

/** A program and its argument list (Deno.Command, pcntl_exec); a missing list is no arguments. */
function programAndList(f: Val | undefined, l: string[] | undefined, how: string): Outcome {
  if (!f || !('s' in f) || !l) return 'dynamic';
  return argvCall([f.s, ...l], how);
}

const SHELL: Record<ShellStyle, (cx: Ctx, call: Call) => Outcome> = {
  cmd: (cx, { args, kw, path }) => {
    const a = args[0] ?? kw('args') ?? kw('cmd');
    return orHoles(commandOf(val(cx, a), path), cx, a, path);
  },
  all: shellAll,
  'bash-kw': (cx, { kw, path }) => {
    const a = kw('bash_command');
    return a ? commandOf(val(cx, a), path) : 'dynamic';
  },
  'file+list': (cx, { args, path }) => {
    const f = val(cx, args[0]);
    if (!f || !('s' in f)) return 'dynamic';
    const second = args[1];
    if (!second || isP(second[0], '{')) return { code: f.s, how: path };
    const l = asList(val(cx, second));
    return l ? argvCall([f.s, ...l], path) : withHoles(cx, second, path, f.s);
  },
  'exec-l': (cx, { args, path }) => execList(cx, args.slice(1), path),
  'spawn-l': (cx, { args, path }) => execList(cx, args.slice(2), path),
  'exec-v': (cx, { args, path }) => orHoles(nonEmpty(asList(val(cx, args[1])), path), cx, args[1], path),
  argv1: (cx, { args, path }) => orHoles(nonEmpty(asList(val(cx, args[1])), path), cx, args[1], path),
  'spawn-v': (cx, { args, path }) => orHoles(nonEmpty(asList(val(cx, args[2])), path), cx, args[2], path),
  'deno-command': (cx, { args, path }) => {
    const a = args[1] ? objField(args[1], 'args') : undefined;
    return programAndList(val(cx, args[0]), a ? asList(val(cx, a)) : [], path);
  },
  'cmd-opt': (cx, { args, path }) => {
    const first = args[0];
    const src = first && isP(first[0], '{') ? objField(first, 'cmd') : first;
    return nonEmpty(asList(val(cx, src)), path);
  },
  pcntl: (cx, { args, path }) => programAndList(val(cx, args[0]), args[1] ? asList(val(cx, args[1])) : [], path),
  'perl-open': perlOpen,
};

/** ruby/perl system, exec, spawn: one string, or an argv; a leading env hash and trailing options
 *  are not the command. */
function shellAll(cx: Ctx, { args, path }: Call): Outcome {
  const { fam } = cx;
  let a = args.filter((x) => !isP(x[0], '{') && !x.some((y) => isP(y, '=>')) && !(fam === 'ruby' && x[0]?.t === 'id' && isP(x[1], ':')));
  // perl's indirect object (`system { "rm" } "rm", "-rf", "x"`): the block names the program, and
  // the list after it (its first item in the same comma piece) is the argv.
  if (fam === 'perl' && isP(args[0]?.[0], '{')) {
    const a0 = args[0]!;
    const close = closeTok(a0, 0);
    const first = close > 0 ? a0.slice(close + 1) : [];
    a = first.length ? [first, ...args.slice(1)] : args.slice(1);
    if (first.length && a.length === 1) return nonEmpty(strs(cx, a), path);
  }
  if (a.length === 1) return commandOf(val(cx, a[0]), path);
  return nonEmpty(strs(cx, a), path);
}

/** os.execl(file, arg0, ...): the arguments after the file, without an env mapping. */
function execList(cx: Ctx, rest: Tok[][], how: string): Outcome {
  return nonEmpty(strs(cx, rest.filter((a) => !(isP(a[0], '{') || (a[0]?.t === 'id' && /environ|env/.test(a[0].v))))), how);
}

/** open(FH, "-|", "cmd", args...) / open(FH, "cmd |") / open(FH, "| cmd"). */
function perlOpen(cx: Ctx, { args }: Call): Outcome {
  const mode = args[1] ? literal(args[1], cx.fam, cx.scope) : undefined;
  if (args.length >= 3 && mode !== undefined) {
    if (!/^\s*(-\||\|-)\s*$/.test(mode)) return undefined;
    const l = strs(cx, args.slice(2));
    if (!l) return 'dynamic';
    return l.length === 1 ? { code: l[0]!, how: 'open' } : argvCall(l, 'open');
  }
  if (args.length !== 2) return undefined;
  if (mode === undefined) {
    // a dynamic two-argument open may be a pipe
    return args[1]!.some((y) => y.t === 'str' && /^\s*\||\|\s*$/.test(y.v)) ? 'dynamic' : undefined;
  }
  const m = /^\s*\|\s*(.*)$/s.exec(mode) ?? /^(.*?)\s*\|\s*$/s.exec(mode);
  return m ? { code: m[1]!, how: 'open' } : undefined;
}

/** sqlite3.connect(DB) ... .execute(SQL): handed back as `sqlite3 DB SQL` so the SQL rules judge it.
 *  Only in code that imports sqlite3; SQL that isn't literal pauses. */
function sqliteCall(cx: Ctx, how: 'connect' | 'exec', { args, snip, path }: Call): void {
  const v = args[0] ? evaluate(args[0], cx.fam, cx.scope) : undefined;
  if (how === 'connect') { cx.db = v && 's' in v ? v.s : '<a database named at run time>'; return; }
  if (![...cx.scope.alias.values()].some((m) => m === 'sqlite3' || m.startsWith('sqlite3.'))) return driverExec(cx, v, args[0], snip);
  // execute() runs one statement: one that starts as a SELECT whatever follows
  // (`f"select count(*) from {name}"`) reads (redteam22-fp1). Not executescript (many).
  if (v && 'prefix' in v && /\.(execute|executemany)$/.test(path) && /^\s*select\b/i.test(v.prefix) && !/;/.test(v.prefix) && !SQL_WRITE.test(v.prefix)) return;
  if (!v || !('s' in v)) { cx.res.dynamic.push(`${snip} (SQL built at run time)`); return; }
  const before = cx.sqlReach?.length ? ['-cmd', cx.sqlReach.join(';\n')] : [];
  const argv = ['sqlite3', ...before, cx.db ?? '<a database named at run time>', v.s];
  // The database path may be the home's (`~/app.db`); the SQL is text.
  cx.res.calls.push({ code: ['sqlite3', ...before.map(quoteArg), argWord(argv[argv.length - 2]!), quoteArg(v.s)].join(' '), how: 'sqlite3.execute', argv });
  if (/\b(attach|vacuum|copy|export|load_extension|writefile)\b/i.test(v.s)) (cx.sqlReach ??= []).push(v.s);
}

/** A database driver's execute()/query() (psycopg2, pymysql, pg, mysql2...) given SQL that isn't
 *  one literal (`"TRUN"+"CATE users"`, `" ".join([...])`, a variable): the value when it can be
 *  read goes to the SQL rules as driverSql hands literals; SQL only known at run time pauses,
 *  unless what the code shows of it starts a read (`"SELECT ... FROM " + t`). */
function driverExec(cx: Ctx, v: Val | undefined, arg: Tok[] | undefined, snip: string): void {
  if (!arg || (cx.fam !== 'python' && cx.fam !== 'js')) return;
  const mod = loadedModules(cx).find((m) => SQL_DRIVERS.some(([re, k]) => k !== 'cypher' && re.test(m)));
  if (!mod) return;
  const driver = SQL_DRIVERS.find(([re]) => re.test(mod))![1] as 'psql' | 'mysql' | 'sql';
  // One plain literal: driverSql already read it. So too one wrapped in a SQL-text helper
  // (`sa.text("SELECT …")`, psycopg's `sql.SQL("…")`, `knex.raw("…")`).
  if (arg.length === 1 && arg[0]!.t === 'str' && !arg[0]!.dyn) return;
  const lit = arg.length >= 4 ? arg[arg.length - 2] : undefined;
  if (lit?.t === 'str' && !lit.dyn && isP(arg[arg.length - 3], '(') && isP(arg[arg.length - 1], ')') && arg.slice(0, -3).every((t) => t.t === 'id' || isP(t, '.')) && /^(text|SQL|sql|raw|literal)$/.test((arg[arg.length - 4] as { v?: string }).v ?? '')) return;
  if (v && 's' in v) {
    if (SQL_WRITE.test(v.s)) cx.res.calls.push(driverCall(cx, driver, v.s));
    return;
  }
  if (v && 'prefix' in v && SQL_READ.test(v.prefix) && !/;/.test(v.prefix) && !SQL_WRITE.test(v.prefix)) return;
  cx.res.dynamic.push(`${snip} (SQL built at run time, sent by ${mod})`);
}
const SQL_WRITE = /\b(drop|truncate|delete|update|alter)\b/i;
const SQL_READ = /^\s*(select|show|explain|describe|desc|with|insert|values|table)\b/i;

// ------------------------------------------------------------------ eval

/** eval/exec of a literal string: read that code too, a few levels deep. */
function evalCall(cx: Ctx, arg: Tok[] | undefined, snip: string): void {
  if (!arg) return;
  // `exec(open('config/settings.py').read())`, `eval(File.read('x.rb'))`,
  // `eval(fs.readFileSync('x.js', 'utf8'))`: the file's code, as `python FILE` would run it
  // (its content on disk, or what the line wrote there, is read by that command's own rules).
  const file = fileCode(arg, cx.fam);
  if (file !== undefined) {
    // The line's own version of the file when it wrote one; one absent that nothing on the line
    // may make holds no code (exec of it raises before anything runs).
    const r = readBounded(file, cx.c.cwd, undefined, true);
    if (!('text' in r)) { cx.res.dynamic.push(`${snip}: ${r.unknown}`); return; }
    if (cx.depth >= MAX_DEPTH) { cx.res.dynamic.push(`${snip} (nested too deep)`); return; }
    const inner = analyze({ lang: cx.c.lang, code: r.text, from: file, ...(cx.c.cwd !== undefined ? { cwd: cx.c.cwd } : {}) }, cx.depth + 1);
    cx.res.calls.push(...inner.calls);
    cx.res.dynamic.push(...inner.dynamic);
    cx.res.hits.push(...inner.hits);
    return;
  }
  const v = evaluate(arg, cx.fam, cx.scope);
  if (!v || !('s' in v)) { cx.res.dynamic.push(snip); return; }
  if (cx.depth >= MAX_DEPTH) { cx.res.dynamic.push(`${snip} (nested too deep)`); return; }
  const inner = analyze({ lang: cx.c.lang, code: v.s, from: cx.c.from }, cx.depth + 1);
  cx.res.calls.push(...inner.calls);
  cx.res.dynamic.push(...inner.dynamic);
  cx.res.hits.push(...inner.hits);
}

/** The literal path of `open('F').read()` (python; `open('F', 'r')` too), `File.read('F')` (ruby)
 *  or `fs.readFileSync('F'[, 'utf8'])` (js), when that is the whole argument. */
function fileCode(a: Tok[], fam: Family): string | undefined {
  const is = (k: number, t: string, v?: string): boolean => a[k]?.t === t && (v === undefined || (a[k] as { v?: string }).v === v);
  const str = (k: number): string | undefined => (a[k]?.t === 'str' && !(a[k] as { dyn: boolean }).dyn ? (a[k] as { v: string }).v : undefined);
  if (fam === 'python' && is(0, 'id', 'open') && is(1, 'p', '(') && str(2) !== undefined) {
    let k = 3;
    if (is(k, 'p', ',') && /^r?t?$/.test(str(k + 1) ?? 'x')) k += 2;
    if (a.length === k + 5 && is(k, 'p', ')') && is(k + 1, 'p', '.') && is(k + 2, 'id', 'read') && is(k + 3, 'p', '(') && is(k + 4, 'p', ')')) return str(2);
  }
  if (fam === 'ruby' && a.length === 6 && is(0, 'id', 'File') && is(1, 'p', '.') && is(2, 'id', 'read') && is(3, 'p', '(') && str(4) !== undefined && is(5, 'p', ')')) return str(4);
  if (fam === 'js' && is(0, 'id', 'fs') && is(1, 'p', '.') && is(2, 'id', 'readFileSync') && is(3, 'p', '(') && str(4) !== undefined) {
    if (a.length === 6 && is(5, 'p', ')')) return str(4);
    if (a.length === 8 && is(5, 'p', ',') && /^utf-?8$/i.test(str(6) ?? '') && is(7, 'p', ')')) return str(4);
  }
  return undefined;
}

// ------------------------------------------------------------------ files

function destructive(cx: Ctx, e: Entry, call: Call): void {
  if (e.del === 'self' || e.over === 'self') selfHit(cx, e, call);
  else if (e.over === 'open') openHit(cx, call);
  else argHits(cx, e, call);
}

/** Path('x').unlink(): the path is what the method is called on. */
function selfHit(cx: Ctx, e: Entry, { path, args, before }: Call): void {
  if (args.length && e.del === 'self') return; // os.unlink(x) style is covered by its own entry
  const v = before.length ? chainValue(before, cx.fam, cx.scope) : undefined;
  cx.res.hits.push({ what: whatName(path), ...argOf(v), kind: e.del ? 'delete' : 'overwrite' });
}

/** open() with a mode that truncates: 'w' (python, ruby, php), '>' (perl). */
function openHit(cx: Ctx, { args, kw }: Call): void {
  const { fam, scope } = cx;
  let target: Tok[] | undefined;
  if (fam === 'perl') {
    const mode = args[1] ? literal(args[1], fam, scope) : undefined;
    if (args.length === 2) {
      // open(FH, ">file"): two-argument form carries the mode in the name
      const m = mode === undefined ? null : /^\s*\+?>(?!>)\s*(.*)$/s.exec(mode);
      if (m) cx.res.hits.push({ what: 'open', ...(m[1] ? { arg: m[1] } : {}), kind: 'overwrite' });
      return;
    }
    if (mode === undefined || !/^\s*\+?>(?!>)/.test(mode)) return;
    target = args[2];
  } else {
    const modeToks = args[1] ?? kw('mode') ?? kw('flags');
    if (!modeToks) return; // read mode by default
    // os.open's flags are constants: only O_TRUNC empties the file.
    if (modeToks.some((x) => x.t === 'id' && /^O_[A-Z]+$/.test(x.v.split('.').pop()!)) && !modeToks.some((x) => x.t === 'id' && x.v.endsWith('O_TRUNC'))) return;
    const mode = literal(modeToks, fam, scope);
    if (mode !== undefined && !/w/i.test(mode)) return; // r, a, r+ keep the contents
    target = args[0];
  }
  const v = target ? evaluate(target, fam, scope) : undefined;
  cx.res.hits.push({ what: fam === 'ruby' ? 'File.open' : fam === 'php' ? 'fopen' : 'open', ...argOf(v), kind: 'overwrite' });
}

/** shutil.rmtree(p), FileUtils.rm_rf(a, b), fs.writeFileSync(p, ...): the path arguments. */
/** A hit's path: literal, or the text it starts with. */
function argOf(v: Val | undefined): { arg: string; glob?: boolean } | { prefix: string } | Record<string, never> {
  return v && 's' in v ? { arg: v.s } : v && 'prefix' in v ? { prefix: v.prefix } : v && 'pattern' in v ? { arg: v.pattern, glob: true } : {};
}

function argHits(cx: Ctx, e: Entry, { path, args }: Call): void {
  const what = /^rimraf/.test(path) ? 'rimraf' : path;
  const kind = e.del ? 'delete' : 'overwrite';
  if (e.del === 'mapped' && !(args.length === 2 && mappedDelete(args[0], cx.fam, cx.scope))) return;
  const targets = e.del === 'all' ? args : e.del === 'mapped' ? args.slice(1) : args.slice(0, 1);
  if (!targets.length) { if (e.over !== 'named') cx.res.hits.push({ what, kind }); return; }
  for (const a of targets) {
    const v = evaluate(a, cx.fam, cx.scope);
    if (e.over === 'named' && !(v && ('s' in v || 'prefix' in v))) continue;
    if (v && 'list' in v) for (const s of v.list) cx.res.hits.push({ what, arg: s, kind });
    else if (v && 'each' in v) for (const s of v.each) cx.res.hits.push({ what, arg: s, kind });
    else cx.res.hits.push({ what, ...argOf(v), kind });
  }
}

/** A move takes its source away (like rm of it) and replaces its destination; a copy replaces the
 *  destination. An unreadable path is a hit without `arg`, which pauses like rm of it would. */
function moveHit(cx: Ctx, how: 'args' | 'copy' | 'self', { path, args, before }: Call): void {
  // A literal path, or one inside a new directory of its own (`shutil.copytree('x', d + '/t')` after
  // `d = tempfile.mkdtemp()`); a known start only (`'data/' + name`) stays unknown.
  const str = (a: Tok[] | undefined): { arg?: string; glob?: boolean } => {
    const v = a ? evaluate(a, cx.fam, cx.scope) : undefined;
    return v && 's' in v ? { arg: v.s } : v && 'pattern' in v && !v.name ? { arg: v.pattern, glob: true } : {};
  };
  if (how === 'self') {
    // Path('x').rename('y'): only a path object's method; str.replace('a', 'b') has two arguments.
    if (args.length !== 1 || !before.length || !/^(Path|PosixPath|pathlib\.Path|pathlib\.PosixPath)$/.test(before[0]!.name === 'pathlib' ? `pathlib.${before[1]?.name}` : before[0]!.name)) return;
    const v = chainValue(before, cx.fam, cx.scope);
    cx.res.hits.push({ what: `Path.${path.split('.').pop()}`, ...argOf(v), kind: 'delete' });
    cx.res.hits.push({ what: `Path.${path.split('.').pop()}`, ...str(args[0]), kind: 'overwrite' });
    return;
  }
  if (how === 'args') cx.res.hits.push({ what: path, ...str(args[0]), kind: 'delete' });
  cx.res.hits.push({ what: path, ...str(args[1]), kind: 'overwrite' });
}

function whatName(path: string): string {
  if (/\.(unlink|rmdir)$/.test(path) && !/^(os|fs|fs\.promises|fs-extra|File|Dir)\./.test(path)) return `Path.${path.split('.').pop()}`;
  if (/\.(write_text|write_bytes)$/.test(path)) return `Path.${path.split('.').pop()}`;
  if (/\.(rmtree|rm_rf|delete)$/.test(path) && !/^(FileUtils|File|Dir)\./.test(path)) return `Pathname.${path.split('.').pop()}`;
  return path;
}

// ------------------------------------------------------------------ HTTP

interface Request { method?: string; url?: Tok[]; body?: Tok[]; bodyKind: 'json' | 'data' }

/** An HTTP request made from code, handed back as the equivalent curl so the HTTP rules see it. */
function httpCall(cx: Ctx, style: HttpStyle, call: Call): void {
  const r = REQUEST[style](cx, call, call.path.split('.').pop()!);
  if (r === 'dynamic') { cx.res.dynamic.push(call.snip); return; }
  const m = (r.method ?? 'GET').toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return; // reads are no concern here
  const u = r.url ? literal(r.url, cx.fam, cx.scope) : undefined;
  if (u === undefined) { cx.res.dynamic.push(call.snip); return; }
  const argv = ['curl', '-X', m, u];
  if (r.body) {
    const j = jsonValue(r.body, cx.fam, cx.scope);
    const text = j === NO ? undefined : typeof j === 'string' ? j : r.bodyKind === 'json' || cx.fam === 'js' ? JSON.stringify(j) : formEncode(j);
    // A body we can't read still has to reach the HTTP rules as unknown.
    argv.push(...(text === undefined ? ['-d', '@<the request body is built at run time>'] : ['--data-raw', text]));
  }
  cx.res.calls.push({ code: argv.map(quoteArg).join(' '), how: call.path, argv });
}

/** A method given as an expression: its literal value, NO when it isn't one, `dflt` when absent. */
function methodOf(cx: Ctx, m: Tok[] | undefined, dflt: string): string | typeof NO {
  if (!m) return dflt;
  return literal(m, cx.fam, cx.scope) ?? NO;
}

const REQUEST: Record<HttpStyle, (cx: Ctx, call: Call, name: string) => Request | 'dynamic'> = {
  // requests.delete(url, ...) / requests.request('DELETE', url, ...)
  requests: (cx, { args, kw }, name) => {
    const method = name === 'request' ? (args[0] ? literal(args[0], cx.fam, cx.scope) : undefined) : name;
    if (!method && args[0]) return 'dynamic';
    const url = (name === 'request' ? args[1] : args[0]) ?? kw('url');
    let body = kw('json') ?? kw('data') ?? kw('content');
    if (!body && name === 'post' && args[1]) body = args[1];
    return { method, url, body, bodyKind: kw('json') ? 'json' : 'data' };
  },
  urllib: (cx, { args, kw }) => {
    const body = args[1] ?? kw('data');
    const method = methodOf(cx, kw('method') ?? args[5], body ? 'POST' : 'GET');
    return method === NO ? 'dynamic' : { method, url: args[0] ?? kw('url'), body, bodyKind: 'data' };
  },
  fetch: (cx, { args }) => {
    const opts = args[1];
    const method = methodOf(cx, opts ? objField(opts, 'method') : undefined, 'GET');
    return method === NO ? 'dynamic' : { method, url: args[0], body: opts ? objField(opts, 'body') : undefined, bodyKind: 'data' };
  },
  // axios.delete(url) / axios.post(url, data) / axios({ method, url, data })
  axios: (cx, { args }, name) => {
    if (name !== 'axios' && name !== 'request') return { method: name, url: args[0], body: args[1], bodyKind: 'json' };
    const o = args[0];
    const method = methodOf(cx, o ? objField(o, 'method') : undefined, 'GET');
    return method === NO ? 'dynamic' : { method, url: o ? objField(o, 'url') : undefined, body: o ? objField(o, 'data') : undefined, bodyKind: 'json' };
  },
};

/** Ruby's Net::HTTP builds its URL from parts (URI(u).host, .path) this reader doesn't follow: a
 *  request that writes (h.delete(path), Net::HTTP.post, Net::HTTP::Delete.new) can't be judged, so
 *  it pauses. Reads (Net::HTTP.get) stay quiet. */
function rubyNetHttp(cx: Ctx): void {
  const code = cx.c.code;
  if (!/\bNet::HTTP\b/.test(code)) return;
  const m = /(\.\s*(delete|post|put|patch|post_form|send_request)\b|Net::HTTP::(Delete|Post|Put|Patch)\b)/.exec(code);
  if (!m) return;
  const r = rubyRequest(cx);
  if (!r) { cx.res.dynamic.push(`ruby Net::HTTP sends a ${(m[2] ?? m[3] ?? '').toUpperCase()} request to a URL built at run time: ${m[0].trim()}`); return; }
  const argv = ['curl', '-X', r.method, r.url];
  if (r.body !== undefined) argv.push(...(r.body === null ? ['-d', '@<the request body is built at run time>'] : ['--data-raw', r.body]));
  cx.res.calls.push({ code: argv.map(quoteArg).join(' '), how: `Net::HTTP ${r.method}`, argv });
}

/** The one request Net::HTTP sends when the code names its URL once (rt22fp2): `u = URI("https://…")`
 *  (URI.parse, or inline), then `Net::HTTP.post(u, BODY, HEADERS)` / `Net::HTTP.post_form(u, FORM)`,
 *  or `req = Net::HTTP::Post.new(u)` (or `u.path`, `u.request_uri`, with `Net::HTTP.start(u.host,
 *  …)` / `Net::HTTP.new(u.host, …)`) and `req.body = BODY` / `req.set_form_data(FORM)`. BODY: a
 *  hash's `.to_json`, `JSON.generate(HASH)` or a string. Anything else (a second request, a host
 *  given apart, a client's own post/delete): undefined. `body`: null when it can't be read. */
function rubyRequest(cx: Ctx): { method: string; url: string; body?: string | null } | undefined {
  const t = cx.t.filter((x) => x.t !== 'nl');
  const id = (k: number, v?: string): boolean => t[k]?.t === 'id' && (v === undefined || (t[k] as { v: string }).v === v);
  const idv = (k: number): string => (t[k] as { v: string }).v;
  const netAt = (k: number): boolean => id(k, 'Net') && isP(t[k + 1], '::') && id(k + 2, 'HTTP');
  const argsAt = (open: number): Tok[][] | undefined => (isP(t[open], '(') ? splitArgs(t.slice(open + 1, closeTok(t, open))) : undefined);
  let write: { method: string; at: number; net: number; kind: 'class' | 'post' | 'post_form' } | undefined;
  const hosts: Tok[][] = [];
  for (let k = 0; k < t.length; k++) {
    if (netAt(k)) {
      const a = k + 3;
      if (isP(t[a], '::') && id(a + 1) && /^(Post|Put|Patch|Delete)$/.test(idv(a + 1))) {
        if (write || !isP(t[a + 2], '.') || !id(a + 3, 'new')) return undefined;
        write = { method: idv(a + 1).toUpperCase(), at: a + 4, net: k, kind: 'class' };
      } else if (isP(t[a], '.') && id(a + 1) && /^(post|post_form)$/.test(idv(a + 1))) {
        if (write) return undefined;
        write = { method: 'POST', at: a + 2, net: k, kind: idv(a + 1) as 'post' | 'post_form' };
      } else if (isP(t[a], '.') && (id(a + 1, 'start') || id(a + 1, 'new'))) {
        const args = argsAt(a + 2);
        if (args?.[0]) hosts.push(args[0]);
      }
      continue;
    }
    // A client object's own writes (h.post(path), http.delete(path), send_request): not followed.
    if (isP(t[k], '.') && id(k + 1) && /^(delete|post|put|patch|post_form|send_request|request_post|request_put|copy|move|proppatch)$/.test(idv(k + 1)) && !netAt(k - 3)) return undefined;
  }
  if (!write) return undefined;
  const args = argsAt(write.at);
  if (!args?.length) return undefined;
  // The URL: NAME, NAME.path / NAME.request_uri (the host then from NAME.host), or URI("…") inline.
  const uriOf = (toks: Tok[]): string | undefined => {
    if (toks.length === 4 && (toks[0] as { v?: string }).v === 'URI' && isP(toks[1], '(') && isP(toks[3], ')')) return literal([toks[2]!], 'ruby', cx.scope);
    if (toks.length === 6 && (toks[0] as { v?: string }).v === 'URI' && isP(toks[1], '.') && (toks[2] as { v?: string }).v === 'parse' && isP(toks[3], '(') && isP(toks[5], ')')) return literal([toks[4]!], 'ruby', cx.scope);
    return undefined;
  };
  const a0 = args[0]!;
  let url: string | undefined;
  let name: string | undefined;
  if (a0[0]?.t === 'id' && (a0.length === 1 || (a0.length === 3 && isP(a0[1], '.') && a0[2]?.t === 'id' && /^(path|request_uri)$/.test(a0[2].v)))) {
    name = a0[0].v;
    // Bound once: NAME = URI("…"), up to the statement's end.
    const binds = t.flatMap((x, k) => (x.t === 'id' && x.v === name && isP(t[k + 1], '=') ? [k] : []));
    // Not changed later: `u += …`, `u.path = "/x"`, `u.host = …` (a URI is mutable).
    const changed = (k: number): boolean => (t[k + 1]?.t === 'p' && /^([-+*/|&]|\|\||&&|<<)=$/.test((t[k + 1] as { v: string }).v)) || (isP(t[k + 1], '.') && id(k + 2) && isP(t[k + 3], '='));
    if (binds.length !== 1 || t.some((x, k) => x.t === 'id' && x.v === name && changed(k))) return undefined;
    const b = binds[0]! + 2;
    const len = isP(t[b + 1], '(') ? closeTok(t, b + 1) - b + 1 : isP(t[b + 3], '(') ? closeTok(t, b + 3) - b + 1 : 0;
    url = len ? uriOf(t.slice(b, b + len)) : undefined;
    if (a0.length === 1 && write.kind !== 'class' && hosts.length) return undefined;
  } else url = uriOf(a0);
  if (url === undefined || !/^https?:\/\/[^/]/i.test(url)) return undefined;
  // Every connection is to that URL's host.
  if (!hosts.every((h) => name !== undefined && h.length === 3 && (h[0] as { v?: string }).v === name && isP(h[1], '.') && /^(host|hostname)$/.test((h[2] as { v?: string }).v ?? ''))) return undefined;
  if (write.kind === 'class' && a0.length === 3 && !hosts.length) return undefined;
  const bodyOf = (toks: Tok[] | undefined, form: boolean): string | null => {
    if (!toks?.length) return null;
    let inner = toks;
    const n = toks.length;
    if (isP(toks[n - 2], '.') && (toks[n - 1] as { v?: string }).v === 'to_json') inner = toks.slice(0, n - 2);
    else if ((toks[0] as { v?: string }).v === 'JSON' && isP(toks[1], '.') && /^(generate|dump)$/.test((toks[2] as { v?: string }).v ?? '') && isP(toks[3], '(') && closeTok(toks, 3) === n - 1) inner = toks.slice(4, n - 1);
    else if (!form) return literal(toks, 'ruby', cx.scope) ?? null;
    // set_form_data(ref: "main"): a hash without its braces.
    if (form && !isP(inner[0], '{')) inner = [{ t: 'p', v: '{', s: 0, e: 0 }, ...inner, { t: 'p', v: '}', s: 0, e: 0 }];
    const j = jsonValue(inner, 'ruby', cx.scope);
    if (j === NO) return null;
    return form ? formEncode(j) ?? null : JSON.stringify(j);
  };
  if (write.kind === 'post') return { method: 'POST', url, body: bodyOf(args[1], false) };
  if (write.kind === 'post_form') return { method: 'POST', url, body: bodyOf(args[1], true) };
  // req = Net::HTTP::Post.new(…): req.body = BODY, or req.set_form_data(FORM), once.
  const reqAt = write.net;
  if (!(isP(t[reqAt - 1], '=') && id(reqAt - 2))) return undefined;
  const req = idv(reqAt - 2);
  const sets = t.flatMap((x, k) => (x.t === 'id' && x.v === req && isP(t[k + 1], '.') && id(k + 2) && /^(body|body_stream|set_form_data|form_data|set_form)$/.test(idv(k + 2)) ? [k] : []));
  if (sets.length > 1) return undefined;
  if (!sets.length) return { method: write.method, url };
  const k = sets[0]!;
  const what = idv(k + 2);
  if (what === 'body' && isP(t[k + 3], '=')) {
    // The value runs to the statement's end (a line end or `;`) at depth 0.
    const all = cx.t as Tok[];
    const rest = all.slice(all.indexOf(t[k + 3]!) + 1);
    let e = 0;
    for (let d = 0; e < rest.length; e++) {
      const y = rest[e]!;
      if (y.t === 'p' && '([{'.includes(y.v)) d++;
      else if (y.t === 'p' && ')]}'.includes(y.v)) d--;
      else if (d === 0 && (y.t === 'nl' || isP(y, ';'))) break;
    }
    return { method: write.method, url, body: bodyOf(rest.slice(0, e), false) };
  }
  if (what === 'set_form_data') return { method: write.method, url, body: bodyOf(argsAt(k + 3)?.[0], true) };
  return undefined;
}

// HTTP clients the tables above don't model (a requests.Session, http.client, https.request, got,
// HTTParty, RestClient, LWP, HTTP::Tiny, PHP's curl_* and stream contexts, ...): when the code loads
// one and says DELETE anywhere, each remote URL literal gets a DELETE; with no URL literal (a host
// given apart, a URL built at run time) the request can't be judged, so it pauses. Only local URL
// literals (the agent's own dev server): nothing.
const CLIENTS: Record<Family, RegExp> = {
  python: /\b(requests|httpx|aiohttp|urllib3|http\.client|httplib2?|pycurl|urllib)\b/,
  js: /\b(fetch|axios|got|https?|undici|superagent|needle|ky|XMLHttpRequest|request|ofetch|wretch)\b/,
  ruby: /\b(Net::HTTP|HTTParty|RestClient|Faraday|Excon|Typhoeus|HTTPX?|Mechanize|Curl)\b/,
  perl: /\b(LWP|HTTP::Tiny|HTTP::Request|Mojo::UserAgent|Furl|REST::Client|WWW::Curl|HTTP::Request::Common)\b/,
  php: /\b(curl_init|curl_setopt(_array)?|stream_context_create|fsockopen|GuzzleHttp|Http::|wp_remote_request)\b/i,
};
// A DELETE said outright: the method as a string where a method goes (method: 'DELETE',
// CURLOPT_CUSTOMREQUEST, "DELETE" as a first argument, :delete), Net::HTTP::Delete, perl's
// `DELETE =>`, or a client's .delete()/->delete() given a URL, a path or a url variable (not
// Map#delete('key'), nor a 'delete' label filtered in a GET's results).
const DELETES = [
  /(method|customrequest|custom_request|http_method|verb)['"]?\s*(=>|=|:|,)\s*(['"`]delete['"`]|:delete\b)/i,
  /\(\s*(['"`]delete['"`]|:delete\b)\s*,/i,
  // reflection: getattr(requests, 'delete'), axios['delete'](url), client.send(:delete, url)
  /\bgetattr\s*\([^,()]+,\s*['"]delete['"]\s*\)|\[\s*['"`]delete['"`]\s*\]\s*\(|\b(send|public_send)\s*\(\s*:delete\b/i,
  /Net::HTTP::Delete\b|\bDELETE\s*=>/,
  /(\.|->|::)\s*(delete|del)\s*\(?\s*(f?['"`](https?:|\/)|\w*(url|uri|endpoint|href)\w*\b)/i,
  /\b(requests|httpx|session|client|HTTParty|RestClient|Faraday|axios|got|ky|superagent|needle|\$ua|ua)\s*(\.|->)\s*(delete|del)\b/,
];

/** A string literal's value, or its literal head when it is interpolated (the host of a URL). */
const head = (x: Extract<Tok, { t: 'str' }>): string => (x.dyn ? (typeof x.parts[0] === 'string' ? x.parts[0] : '') : x.v);

function otherHttpDeletes(cx: Ctx): void {
  const code = cx.c.code;
  // A request line written to a socket by hand (socket, net, TCPSocket, fsockopen): its host is
  // the socket's, given apart, so it pauses.
  const raw = cx.t.find((x) => x.t === 'str' && /^\s*DELETE\s+\S+\s+HTTP\/\d/.test(x.t === 'str' ? x.v : ''));
  if (raw) cx.res.dynamic.push('a raw HTTP DELETE request line is written to a socket');
  if (!CLIENTS[cx.fam].test(code)) return;
  const m = DELETES.map((re) => re.exec(code)).find(Boolean);
  // The modelled calls (requests.delete, fetch with method: 'DELETE') already said it.
  if (!m || cx.res.calls.some((c) => c.argv?.[0] === 'curl' && c.argv[2] === 'DELETE')) return;
  const urls = cx.t.filter((x): x is Extract<Tok, { t: 'str' }> => x.t === 'str' && /^https?:\/\/./i.test(head(x)));
  if (!urls.length) {
    if (!cx.res.dynamic.length) cx.res.dynamic.push(`an HTTP client sends a DELETE to a URL this reader can't follow: ${m[0].trim()}`);
    return;
  }
  for (const u of urls) {
    // An interpolated URL keeps its literal head (the host) and marks the rest as run time.
    const url = u.dyn ? `${head(u)}{run-time}` : u.v;
    const argv = ['curl', '-X', 'DELETE', url];
    cx.res.calls.push({ code: argv.map(quoteArg).join(' '), how: `${m[0].trim()} (an HTTP client)`, argv });
  }
}

// A GraphQL mutation in the code (the incident: one request calling volumeDelete), whatever client
// sends it (LWP, HTTP::Tiny, PHP streams, http.client, https.request, gql, graphql-request): each
// remote URL literal gets a POST carrying the mutations' names, for the GraphQL rules to judge.
// With no URL literal to follow (a host given apart), or a mutation whose field is filled in at
// run time, it pauses when a name reads like a delete or can't be read. Local URLs only: nothing.
const MUTATION_DOC = /\bmutation\b\s*\w*\s*(\([^)]*\))?\s*\{/;
const GQL_CLIENTS = /\b(gql|graphql_client|python_graphql_client|sgqlc|graphql-request|@apollo\/client|apollo-boost|urql|@urql\/core|graphql-hooks|GraphQLClient|Graphlient|graphql-client)\b/;
const DELETE_LIKE = /delete|destroy|remove|purge|truncate|erase|wipe|reset|drop|restore/i;
/** A URL literal whose host is this machine (the agent's own dev server). */
const localUrl = (u: string): boolean => {
  const m = /^https?:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(u);
  return !!m && isLocal(m[1]!.replace(/^\[|\]$/g, '').toLowerCase());
};

function graphqlInCode(cx: Ctx): void {
  const code = cx.c.code;
  if (!MUTATION_DOC.test(code) || !(CLIENTS[cx.fam].test(code) || GQL_CLIENTS.test(code))) return;
  const strs = cx.t.filter((x): x is Extract<Tok, { t: 'str' }> => x.t === 'str');
  // The documents as written (placeholders kept); perl's q(...) and the like: the code itself.
  // Each document as read (its value) and as written (placeholders kept: `%s`, `${op}`).
  let docs = strs.filter((x) => MUTATION_DOC.test(code.slice(x.s, x.e))).map((x) => ({ v: x.v, raw: code.slice(x.s, x.e) }));
  if (!docs.length) docs = [{ v: code.replace(/\\(["'`])/g, '$1'), raw: code }];
  const names = new Set<string>();
  let built = false;
  for (const d of docs) {
    const found = graphqlMutations(d.v);
    for (const n of found) names.add(n);
    // `mutation { %s(...) }`, `${op}`, `#{op}`, `{}`/`{op}` (format), `' + op + '`: a field name
    // filled in at run time, or nothing readable after the brace.
    // So is a name completed at run time (`"mutation { volume" + op + "(id: 1) }"`).
    if (!found.length || found.includes(RUNTIME_FIELD) || /\bmutation\b[^{]*\{\s*(\w+\s*:\s*)?\w*(%[sr(]|\$\{|#\{|\{\w*\}|['"`]\s*[+.])/.test(d.raw)) built = true;
  }
  // URL literals, and a host given apart (http.client's HTTPSConnection('api.x.com'), https.request's
  // `host:`) with the first path literal.
  const path = strs.map(head).find((v) => /^\/[\w./-]*$/.test(v)) ?? '/';
  const hosts = strs.map(head).filter((v) => /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}|\d+\.\d+\.\d+\.\d+)$/i.test(v));
  const urls = [...strs.map(head).filter((u) => /^https?:\/\/./i.test(u)), ...hosts.map((h) => `https://${h}${path}`)];
  const remote = urls.filter((u) => !localUrl(u));
  const listed = [...names].join(', ');
  if (built && (remote.length || !urls.length)) {
    cx.res.dynamic.push(`a GraphQL mutation whose field is only known at run time is sent${remote[0] ? ` to ${remote[0]}` : ''}`);
    return;
  }
  if (!names.size) return;
  if (!urls.length) {
    if ([...names].some((n) => DELETE_LIKE.test(n))) cx.res.dynamic.push(`a GraphQL mutation (${listed}) is sent to a host this reader can't follow`);
    return;
  }
  const body = JSON.stringify({ query: `mutation { ${[...names].join(' ')} }` });
  for (const u of remote) {
    const argv = ['curl', '-X', 'POST', u, '--data-raw', body];
    cx.res.calls.push({ code: argv.map(quoteArg).join(' '), how: `GraphQL mutation ${listed} (an HTTP client)`, argv });
  }
}

// Database drivers and platform SDKs (issue #15: a token found, then the platform's own library):
// a string literal that is destructive SQL goes to the SQL rules as the driver's CLI would run it
// (its server from a URL literal, else the environment, like the CLI); a method named like a
// delete (delete_table, deleteMany, dropDatabase, flushall, terminate_instances,
// DeleteBucketCommand, KMS's schedule_key_deletion, Firestore's recursiveDelete, Supabase storage's
// emptyBucket), a function imported as one (huggingface_hub's delete_repo) or a history
// rewrite (super_squash_history) pauses, since what it reaches is the SDK's credentials' to say.
const SQL_DRIVERS: Array<[RegExp, 'psql' | 'mysql' | 'sql' | 'cypher']> = [
  [/^(psycopg2?|asyncpg|pg8000|pg|postgres|@neondatabase\/serverless|@vercel\/postgres|neon)$/, 'psql'],
  [/^(pymysql|MySQLdb|mysql|mysql2|mysql2\/promise|mysql\.connector|@planetscale\/database)$/, 'mysql'],
  // Graph drivers: Cypher goes to cypher-shell's rules (its server from a neo4j:// or bolt:// literal).
  [/^(neo4j|neo4j-driver|@neo4j\/driver|gqlalchemy|mgclient)$/, 'cypher'],
  // PySpark and Delta's Python API: spark.sql("...") runs Spark SQL (VACUUM ... RETAIN 0 HOURS,
  // CALL ...expire_snapshots, INSERT OVERWRITE) against the session's metastore (rt27a).
  [/^(@libsql\/client|libsql_client|libsql_experimental|sqlalchemy|knex|duckdb|snowflake\.connector|snowflake-sdk|clickhouse_connect|@clickhouse\/client|databricks\.sql|databricks\.connect|google\.cloud\.bigquery|@google-cloud\/bigquery|pyspark(\.\w+)*|delta(\.tables)?)$/, 'sql'],
];
const SDKS = /^(boto3|botocore|aioboto3|google\.cloud(\.\w+)*|@google-cloud\/[\w-]+|googleapiclient|azure(\.\w+)+|@azure\/[\w-]+|supabase|@supabase\/supabase-js|stripe|pymongo|motor|mongodb|mongoose|redis|ioredis|@upstash\/redis|upstash_redis|firebase_admin|firebase-admin|firebase\/\w+|github|gitlab|octokit|@octokit\/[\w-]+|pydo|digitalocean|cloudflare|pinecone|@pinecone-database\/pinecone|qdrant_client|@qdrant\/js-client-rest|elasticsearch|@elastic\/elasticsearch|opensearchpy|@opensearch-project\/opensearch|meilisearch|algoliasearch|kubernetes|@kubernetes\/client-node|docker|dockerode|hvac|node-vault|consul|etcd3|@aws-sdk\/[\w-]+|aws-sdk|@prisma\/client|@vercel\/[\w-]+|@neondatabase\/api-client|neon_api|@tursodatabase\/api|@planetscale\/database|@libsql\/client|heroku-client|@netlify\/api|netlify|@fly\/\w+|wandb|huggingface_hub|@huggingface\/hub|mlflow|databricks(\.\w+)*|@databricks\/[\w-]+|lakefs(_sdk|_client)?|confluent_kafka|pulsar|auth0|okta|slack_sdk|slack|@slack\/web-api|ovh|openstack|linode_api4|hcloud|ibm_\w+|tencentcloud(\.\w+)*|aliyunsdk\w*|alibabacloud_\w+|yandexcloud|ionoscloud|arango|arangojs|pydgraph|dgraph-js|influxdb_client|@influxdata\/influxdb-client|jira|atlassian|@linear\/sdk|sendgrid|@sendgrid\/[\w-]+|mailchimp_marketing|@mailchimp\/mailchimp_marketing|mailchimp3|twilio|resend|mailgun|mailgun\.js|postmark|postmarker|customerio|customerio-node|launchdarkly_api|launchdarkly-api-typescript|contentful-management|contentful_management|@sanity\/client|paddle_billing|@paddle\/paddle-node-sdk|chargebee|recurly|@lemonsqueezy\/lemonsqueezy\.js|shopify|@shopify\/shopify-api|fivetran|prefect|openai|anthropic|@anthropic-ai\/sdk|langsmith|replicate|modal|temporalio(\.\w+)*|@temporalio\/client|sagemaker|cohere|cohere-ai|mistralai|@mistralai\/mistralai|together|rq|bullmq|bull|bee-queue|celery)$/;
// SDKs whose cancel or remove is the delete: a live subscription cancelled (stripe's
// subscriptions.cancel, paddle, chargebee, recurly), a Twilio number or Resend domain removed.
const SDK_CANCEL = /^(stripe|paddle_billing|@paddle\/paddle-node-sdk|chargebee|recurly|@lemonsqueezy\/lemonsqueezy\.js|twilio|resend)$/;
const CANCEL_CALL = /(?:\.|->)\s*(cancel(?:Subscription)?|remove)\s*\(/;
// drop: drop_database, dropCollection, collection.drop(); not pandas' df.drop(columns=...), dropna.
const SDK_DELETE = /(?:\.|->)\s*((?:delete|destroy|terminate|purge|truncate|wipe|erase|recursive_?[dD]elete|batch_?[dD]elete|bulk_?[dD]elete|empty_?[bB]ucket)\w*|\w+_(?:delete|destroy|purge)(?:_\w+)?|drop_(?!duplicates|level)\w+|drop[A-Z]\w*|drop(?=\s*\(\s*\))|flush_?all|flush_?db|del|schedule_key_deletion|scheduleKeyDeletion)\s*\(|\bnew\s+((?:Delete|Drop|Terminate|Purge|Destroy|Empty|Flush|ScheduleKeyDeletion)\w*Command)\b|(?:^|[^\w.$])((?:delete|destroy|purge)_\w+|super_squash_history)\s*\(|\.\s*(super_squash_history)\s*\(/;
// Job queues, where emptying the queue is the delete: RQ's Queue.empty(), BullMQ's and Bull's
// obliterate/drain/clean/empty, Celery's purge and discard_all (also as app.control.purge() on an
// app imported from the project, whatever its module), and Sidekiq's Queue/ScheduledSet/RetrySet/
// DeadSet clear (the messaging/job-queue-purge pattern, for `ruby -e` and scripts).
const QUEUE_SDKS = /^(rq|bullmq|bull|bee-queue|celery)$/;
const QUEUE_DELETE = /\.\s*(empty|obliterate|drain|clean|purge|discard_all)\s*\(/;
// Firebase Realtime Database: a reference's remove() (or set(null)) deletes everything under it;
// the Admin SDK's Firestore and Auth deletes are named delete* and caught above.
const FIREBASE_SDKS = /^(firebase-admin|firebase\/database|firebase\/\w+)$/;
const RTDB_REMOVE = /\.\s*(remove)\s*\(\s*\)|\.\s*(set)\s*\(\s*null\s*\)/;
// Ruby's SDKs are called without parentheses and with bang methods: `Aws::S3::Bucket.new(b).delete!`,
// `bucket.objects.batch_delete!`, `Stripe::Customer.delete id`.
const RUBY_SDK_DELETE = /\.\s*((?:delete|destroy|terminate|purge|truncate|wipe|erase|batch_delete|empty_bucket)\w*!?|\w+_(?:delete|destroy|purge)\w*!?|drop_\w+!?|flush_?all|flush_?db)(?=\s*(?:\(|$|[;})\n]|\s+[\w"':]))/;
// Modal's Volume.remove_file(path, recursive=True) deletes files in a volume (modal.com/docs/reference/modal.Volume).
const MODAL_REMOVE = /\.\s*(remove_file)\s*\(/;
const CELERY_PURGE = /\.\s*control\s*\.\s*(purge|discard_all)\s*\(/;
const SIDEKIQ_CLEAR = /Sidekiq::(?:Queue|RetrySet|ScheduledSet|DeadSet)\b[^;\n]*(\.clear\b|&:clear\b)/;
// Ruby's Redis clients flushed, parentheses or not: `Sidekiq.redis { |c| c.flushdb }`,
// `Sidekiq.redis(&:flushall)`, `Redis.new(url: ...).flushall`.
const RUBY_REDIS_FLUSH = /\b(?:Sidekiq\.redis(?:_pool)?|Redis\.new|Redis\.current|RedisClient\.new|Redis::Namespace\.new)\b[\s\S]*?(?:\.|&:)\s*(flush_?all|flush_?db)\b/;
// A key store's delete of one key is everyday use; emptying it is not.
const KV_SDKS = /^(redis|ioredis|@upstash\/redis|upstash_redis)$/;
const KV_DELETE = /\.\s*(flush_?all|flush_?db|flushAll|flushDb)\s*\(/i;
// ... and so is deleting a key that holds a queue or stream (`r.delete("queue:default")`: every
// job waiting in it; databases/redis-queue-delete for redis-cli, rt26a).
function kvQueueKey(code: string): string | undefined {
  for (const m of code.matchAll(/\.\s*(?:delete|del|unlink)\s*\(([^)]*)\)/g)) {
    for (const k of m[1]!.matchAll(/(['"])([^'"\\]+)\1/g)) if (isQueueKey(k[2]!)) return k[2];
  }
  return undefined;
}

/** The modules the code loads: imports the scope read, require()/import() and `from 'm'`. */
function loadedModules(cx: Ctx): string[] {
  const out = new Set<string>();
  for (const v of cx.scope.alias.values()) { out.add(v); out.add(v.split('.')[0]!); }
  for (const m of cx.c.code.matchAll(/\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]|\bfrom\s+['"]([^'"]+)['"]|^\s*(?:import|from)\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm)) {
    for (const name of (m[1] ?? m[2] ?? m[3] ?? '').split(/\s*,\s*/)) if (name) { out.add(name); out.add(name.split('.')[0]!); }
  }
  return [...out];
}

const LOCAL_VECTOR_SDKS = /^(qdrant_client|pymilvus)$/;
// Git hosts' SDKs moving a branch by force (octokit's git.updateRef, PyGithub's GitRef.edit, an
// octokit.request of PATCH .../git/refs/...): the commits after the new sha are dropped from it,
// as `git push --force` would (the `gh api` and curl forms are the github pack's api-force-ref).
const GIT_HOST_SDKS = /^(github|gitlab|octokit|@octokit\/[\w-]+)$/;
const FORCE_REF = /\.\s*(updateRef|update_ref|edit)\s*\([^)]*\bforce\s*[:=]\s*(?:true|True|!0)\b|(['"`]PATCH\s+\/repos\/[^'"`]*\/git\/refs\/[^'"`]*['"`])[^)]*\bforce\s*:\s*(?:true|!0)\b/;

function sdkCalls(cx: Ctx): void {
  if (cx.fam === 'php') return phpSdk(cx);
  if (cx.fam !== 'python' && cx.fam !== 'js' && cx.fam !== 'ruby') return;
  const mods = cx.fam === 'ruby' ? [] : loadedModules(cx);
  // Bun's own SQL client (`Bun.sql`, `import { sql } from "bun"`) reads DATABASE_URL (Postgres by default).
  const bunSql = cx.fam === 'js' && /\bBun\s*\.\s*(sql|SQL)\b|\bimport\s*\{[^}]*\b(sql|SQL)\b[^}]*\}\s*from\s*['"]bun['"]/.test(cx.c.code);
  const driver = SQL_DRIVERS.find(([re]) => mods.some((m) => re.test(m)))?.[1] ?? (bunSql ? 'psql' : undefined);
  if (driver) driverSql(cx, driver, bunSql ? 'DATABASE_URL' : undefined);
  const sdk = cx.fam === 'ruby' ? /\b(Aws::\w+|Stripe::|Mongo::Client|Redis\.new|Octokit::|Google::Cloud)/.exec(cx.c.code)?.[1] : mods.find((m) => SDKS.test(m));
  const queue = cx.fam === 'ruby' ? SIDEKIQ_CLEAR.exec(cx.c.code) : cx.fam === 'python' ? CELERY_PURGE.exec(cx.c.code) : null;
  if (queue) cx.res.dynamic.push(`${cx.fam === 'ruby' ? 'Sidekiq' : 'Celery'} is called to delete queued jobs (${queue[1]}): what it reaches is its broker's, which can't be read here`);
  const flush = cx.fam === 'ruby' ? RUBY_REDIS_FLUSH.exec(cx.c.code) : null;
  if (flush) cx.res.dynamic.push(`Redis is emptied (${flush[1]}) through ${/Sidekiq/.test(flush[0]) ? 'Sidekiq.redis' : 'a Redis client'}: which server its connection reaches can't be read here`);
  if (!sdk && !driver) return;
  if (!driver && cx.fam === 'python' && mods.filter((x) => SDKS.test(x)).every((x) => LOCAL_VECTOR_SDKS.test(x)) && localStoresOnly(cx.c.code)) return;
  const m = (sdk && KV_SDKS.test(sdk) ? KV_DELETE : SDK_DELETE).exec(cx.c.code) ?? (cx.fam === 'ruby' ? RUBY_SDK_DELETE.exec(cx.c.code) : null) ?? (mods.some((x) => FIREBASE_SDKS.test(x)) ? RTDB_REMOVE.exec(cx.c.code) : null) ?? (sdk && mods.some((x) => SDK_CANCEL.test(x)) ? CANCEL_CALL.exec(cx.c.code) : null) ?? (mods.some((x) => QUEUE_SDKS.test(x)) ? QUEUE_DELETE.exec(cx.c.code) : null) ?? (mods.includes('modal') ? MODAL_REMOVE.exec(cx.c.code) : null);
  if (m) cx.res.dynamic.push(`${sdk ?? mods.find((x) => SQL_DRIVERS.some(([re]) => re.test(x)))} is called to delete (${m.slice(1).find(Boolean)}): what it reaches is its credentials', which can't be read here`);
  const qk = sdk && KV_SDKS.test(sdk) ? kvQueueKey(cx.c.code) : undefined;
  if (qk) cx.res.dynamic.push(`${sdk} is called to delete the queue key ${qk} (every job waiting in it): which server its connection reaches can't be read here`);
  const force = sdk && mods.some((x) => GIT_HOST_SDKS.test(x)) ? FORCE_REF.exec(cx.c.code) : null;
  if (force) cx.res.dynamic.push(`${sdk} is called to move a branch by force (${force.slice(1).find(Boolean)}): the commits after the new one are lost from it, and which repository its token reaches can't be read here`);
}

/** PHP platform SDKs (Composer's autoload, then `new \\Stripe\\StripeClient(...)`, Aws\\, Twilio\\,
 *  SendGrid): a method named like a delete (`$s->customers->delete(...)`) pauses, as above. */
function phpSdk(cx: Ctx): void {
  const sdk = /\\?\b(Stripe\\\w+|Aws\\\w+|Google\\Cloud|Twilio\\\w+|SendGrid|MailchimpMarketing|Mailgun\\\w+|Postmark\\\w+|Contentful\\\w+|ChargeBee\\\w+|Recurly\\\w+)/.exec(cx.c.code)?.[1];
  if (!sdk) return;
  const m = SDK_DELETE.exec(cx.c.code) ?? CANCEL_CALL.exec(cx.c.code);
  if (m) cx.res.dynamic.push(`${sdk} is called to delete (${m.slice(1).find(Boolean)}): what it reaches is its credentials', which can't be read here`);
}

/** pandas' DataFrame.to_sql(NAME, CON, if_exists='replace') drops the table NAME and makes it
 *  again with the frame's rows. CON a sqlite3.connect('F') or create_engine('sqlite:///F') the
 *  code shows: `sqlite3 F 'DROP TABLE NAME'` for the SQL rules (a scratch file stays quiet); any
 *  other connection reaches a database its credentials name, which can't be read here. */
function toSqlReplace(cx: Ctx): void {
  if (cx.fam !== 'python') return;
  const code = cx.c.code;
  for (const m of code.matchAll(/\.\s*to_sql\s*\(\s*(?:name\s*=\s*)?(['"])([\w.]+)\1?[^;\n]*?if_exists\s*=\s*['"]replace['"]/g)) {
    const table = m[2]!;
    const file = /sqlite3\s*\.\s*connect\s*\(\s*['"]([^'"]+)['"]/.exec(code)?.[1] ?? /create_engine\s*\(\s*['"]sqlite:\/\/\/([^'"?]+)['"]/.exec(code)?.[1];
    if (file) cx.res.calls.push({ code: ['sqlite3', argWord(file), quoteArg(`DROP TABLE ${table}`)].join(' '), how: 'DataFrame.to_sql(if_exists="replace")', argv: ['sqlite3', file, `DROP TABLE ${table}`] });
    else cx.res.dynamic.push(`DataFrame.to_sql(${table}, if_exists='replace') drops and remakes the table in a database this reader can't place`);
  }
}

/** python's sqlite3 online backup: SRC.backup(DST) copies SRC over the whole of DST, a restore when
 *  DST is the live database (rt27r). DST a name bound to sqlite3.connect('F') in the code: handed
 *  back as an overwrite of F for the file rules, as sqlite3's `.backup F` (an unmarked F stays quiet); a DST
 *  this reader can't place pauses. */
function sqliteBackup(cx: Ctx): void {
  if (cx.fam !== 'python') return;
  const code = cx.c.code;
  if (!/\b(import\s+sqlite3\b|from\s+sqlite3\s+import\b)/.test(code)) return;
  const files = new Map<string, string>();
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\s*=\s*sqlite3\s*\.\s*connect\s*\(\s*(?:database\s*=\s*)?(['"])([^'"]+)\2/g)) files.set(m[1]!, m[3]!);
  // SRC.backup(DST) with SRC a name or a call (`sqlite3.connect('old.db').backup(dst)`), and DST a
  // name or `sqlite3.connect('F')`.
  for (const m of code.matchAll(/(?:\b([A-Za-z_]\w*)|\))\s*\.\s*backup\s*\(\s*(?:target\s*=\s*)?(?:sqlite3\s*\.\s*connect\s*\(\s*(['"])([^'"]+)\2|([A-Za-z_]\w*))?/g)) {
    const [, src, , inline, name] = m;
    // some other object's backup() (not a sqlite3 connection)
    if (inline === undefined && name === undefined && !(src !== undefined && files.has(src))) continue;
    const file = inline ?? (name !== undefined ? files.get(name) : undefined);
    // `what` is a name the rules' code patterns match (a glob: no path in it).
    if (file !== undefined) cx.res.hits.push({ what: 'sqlite3.Connection.backup', arg: file, kind: 'overwrite' });
    else cx.res.dynamic.push(`sqlite3 Connection.backup(${name ?? '...'}) copies a database over one this reader can't place`);
  }
}

// Data-lake writes (rt27a). Spark's DataFrameWriter with mode("overwrite") (or saveAsTable(t,
// mode="overwrite"), insertInto(t, overwrite=True)) replaces what the table or path holds:
// a table goes to the SQL rules as `INSERT OVERWRITE TABLE t`; a path on a lake (s3, gs, abfs,
// wasb, dbfs, hdfs) pauses; a local path is an overwrite for the filesystem rules (protected or
// not). pandas/polars writers to a lake path the same code reads from rewrite the source in place.
// fsspec's file systems (s3fs, gcsfs, adlfs) delete with rm / rm_file / rmdir.
const LAKE_URL = /^(s3a?|s3n|gs|gcs|abfss?|az|adl|wasbs?|dbfs|hdfs|viewfs|oss|r2):\/?\/?/i;
const FS_SDKS = /^(s3fs|gcsfs|adlfs|fsspec|ocifs|pyarrow\.fs|pyarrow)$/;
const FS_DELETE = /\.\s*(rm|rm_file|rmdir|delete_dir|delete_dir_contents|delete_file)\s*\(/;
const SPARK_WRITE_END = /^\s*\.\s*(saveAsTable|insertInto|save|parquet|csv|json|orc|text|avro|delta)\s*\(\s*(?:(?:name|path|tableName)\s*=\s*)?(?:(['"])([^'"]*)\2)?/;
/** The text of a call's first argument: up to its `,` or `)` at depth 0. */
function firstArg(text: string): string | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length && i < 400; i++) {
    const ch = text[i]!;
    if (quote) { if (ch === '\\') i++; else if (ch === quote) quote = ''; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') { if (depth-- === 0) return text.slice(0, i); }
    else if (ch === ',' && depth === 0) return text.slice(0, i);
  }
  return undefined;
}

function lakeWrites(cx: Ctx): void {
  if (cx.fam !== 'python') return;
  const code = cx.c.code;
  const mods = loadedModules(cx);
  const fs = mods.find((m) => FS_SDKS.test(m));
  const fm = fs ? FS_DELETE.exec(code) : null;
  if (fm) cx.res.dynamic.push(`${fs} is called to delete (${fm[1]}): the objects it reaches are its credentials', which can't be read here`);
  // delta-rs: DeltaTable(...).vacuum(retention_hours=0, enforce_retention_duration=False) deletes
  // the files every older version needs, unless dry_run is left on (its default).
  if (mods.includes('deltalake') && /\.\s*vacuum\s*\([^)]*\bretention_hours\s*=\s*0\b/.test(code) && /\bdry_run\s*=\s*False\b/.test(code)) {
    cx.res.dynamic.push('deltalake vacuums with retention_hours=0: the files every older version of the table needs are deleted');
  }
  // Feast's FeatureStore.teardown() drops the online and offline stores' tables (as `feast teardown`).
  if (mods.includes('feast') && /\.\s*teardown\s*\(\s*\)/.test(code)) cx.res.dynamic.push('feast tears the feature store down (teardown): its online and offline tables are dropped');
  // Spark writers: `.mode("overwrite")` then, later in the same chain, the sink call.
  const targets: Array<{ kind: string; name?: string; expr?: string }> = [];
  for (const m of code.matchAll(/\.\s*mode\s*\(\s*(?:saveMode\s*=\s*)?(['"])overwrite\1\s*\)/gi)) {
    const rest = code.slice(m.index! + m[0].length);
    // Options between the mode and the sink: .format("delta"), .option(...), .partitionBy(...).
    const skip = /^(\s*\.\s*(format|option|options|partitionBy|bucketBy|sortBy)\s*\((?:[^()]|\([^()]*\))*\))*/.exec(rest)![0];
    const after = rest.slice(skip.length);
    const end = SPARK_WRITE_END.exec(after);
    if (end) targets.push({ kind: end[1]!, ...(end[3] !== undefined ? { name: end[3] } : { expr: firstArg(after.slice(after.indexOf('(') + 1)) }) });
  }
  for (const m of code.matchAll(/\.\s*(saveAsTable|save|parquet|csv|json|orc|insertInto)\s*\(\s*(?:(['"])([^'"]*)\2)?[^()]*?\b(?:mode\s*=\s*(['"])overwrite\4|overwrite\s*=\s*True)/g)) {
    targets.push({ kind: m[1]!, ...(m[3] !== undefined ? { name: m[3] } : {}) });
  }
  for (const t of targets) {
    if (t.kind === 'saveAsTable' || t.kind === 'insertInto') {
      const table = t.name && /^[\w.`]+$/.test(t.name) ? t.name : undefined;
      if (table) cx.res.calls.push({ code: `usql -c ${quoteArg(`INSERT OVERWRITE TABLE ${table} SELECT * FROM spark_dataframe`)}`, how: `DataFrameWriter.${t.kind} with mode("overwrite")` });
      else cx.res.dynamic.push(`Spark overwrites a table (${t.kind} with mode("overwrite")) whose name can't be read here`);
    } else if (t.name === undefined || LAKE_URL.test(t.name)) {
      // A path the code computes (`sys.argv[1] + "/out"`): its value when the scope knows it.
      const v = t.name === undefined && t.expr ? evaluate(lex(t.expr, 'python'), cx.fam, cx.scope) : undefined;
      const known = v && 's' in v ? v.s : v && 'prefix' in v ? v.prefix : undefined;
      if (known !== undefined && known !== '' && !LAKE_URL.test(known)) cx.res.hits.push({ what: `DataFrameWriter.${t.kind}(mode="overwrite")`, ...argOf(v), kind: 'overwrite' });
      else cx.res.dynamic.push(`Spark overwrites ${t.name ?? 'a path that can\'t be read here'} (${t.kind} with mode("overwrite")): what the path held is replaced`);
    } else {
      cx.res.hits.push({ what: `DataFrameWriter.${t.kind}(mode="overwrite")`, arg: t.name, kind: 'overwrite' });
    }
  }
  // pandas / polars: a lake path written that the code also reads (a literal, or the same name).
  for (const m of code.matchAll(/\.\s*(to_parquet|to_csv|to_json|to_feather|to_orc|to_pickle|write_parquet|write_csv|write_delta|write_ndjson)\s*\(\s*(?:path\s*=\s*)?(?:(['"])([^'"]+)\2|([A-Za-z_]\w*)\s*[,)])/g)) {
    const lit = m[3];
    const name = m[4];
    if (lit !== undefined && !LAKE_URL.test(lit)) continue;
    const esc = (lit !== undefined ? `(['"])${lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1` : `\\b${name}\\b`);
    const read = new RegExp(`\\b(?:read_\\w+|scan_\\w+|read_table|ParquetFile|open_dataset|dataset)\\s*\\(\\s*(?:path\\s*=\\s*)?${esc}`).test(code);
    if (read) cx.res.dynamic.push(`${m[1]} writes ${lit ?? name} over the data the same code reads from it: the source is rewritten in place`);
  }
}

/** Destructive SQL in the code's string literals, as the driver's CLI would run it against the
 *  server the code names: a URL literal, or the environment variable it reads (DATABASE_URL). */
function driverSql(cx: Ctx, driver: 'psql' | 'mysql' | 'sql' | 'cypher', implicitVar?: string): void {
  const strs = cx.t.filter((x): x is Extract<Tok, { t: 'str' }> => x.t === 'str' && !x.dyn);
  if (driver === 'cypher') {
    const uri = strs.find((x) => /^(neo4j|bolt)(\+s|\+ssc)?:\/\//i.test(x.v))?.v;
    for (const q of strs.filter((x) => /\b(delete|drop|remove|set)\b/i.test(x.v))) cx.res.calls.push({ code: `cypher-shell${uri ? ` -a ${quoteArg(uri)}` : ''} ${quoteArg(q.v)}`, how: 'a graph database driver' });
    return;
  }
  const sql = strs.filter((s) => /\b(drop|truncate|delete|update|alter|vacuum|overwrite|expire_snapshots)\b/i.test(s.v));
  for (const s of sql) cx.res.calls.push(driverCall(cx, driver, s.v, implicitVar));
  // f-strings and template literals (`f"DROP TABLE {t}"` in a loop over tables, rt27a): the
  // statement with each run-time part as a name, so its shape is still read (a WHERE stays one).
  for (const s of cx.t) {
    if (s.t !== 'str' || !s.dyn || !/^\s*(drop|truncate|delete|update|alter|vacuum|insert\s+overwrite|call)\b/i.test(s.v)) continue;
    cx.res.calls.push(driverCall(cx, driver, s.v.replace(/\$\{[^}]*\}/g, 'runtime_value'), implicitVar));
  }
}

/** SQL a driver sends, as its CLI would run it against the server the code names: a URL literal,
 *  or the environment variable it reads (DATABASE_URL). */
function driverCall(cx: Ctx, driver: 'psql' | 'mysql' | 'sql', sql: string, implicitVar?: string): ShellCall {
  const strs = cx.t.filter((x): x is Extract<Tok, { t: 'str' }> => x.t === 'str' && !x.dyn);
  const url = strs.find((x) => /^(postgres(ql)?|mysql):\/\//i.test(x.v))?.v;
  const vars = [...cx.c.code.matchAll(/os\.environ(?:\.get)?\s*[[(]\s*['"](\w+)|os\.getenv\(\s*['"](\w+)|process\.env\.(\w+)|process\.env\[\s*['"`](\w+)|Deno\.env\.get\(\s*['"](\w+)/g)].map((m) => m.slice(1).find(Boolean)!);
  const v = vars.find((n) => /url|uri|dsn|database|conn/i.test(n)) ?? vars[0] ?? implicitVar;
  const conn = url ? quoteArg(url) : v ? `"$${v}"` : undefined;
  // rt27t: code that loads a file of variables by name first (python-dotenv's
  // `load_dotenv('.env.production')`, node's `require('dotenv').config({path: '.env.production'})`)
  // reads the server from there, as `dotenv -e FILE --` would hand it.
  const envFile = url ? undefined : /\bload_dotenv\(\s*(?:dotenv_path\s*=\s*)?['"]([^'"]+)['"]|\bdotenv\b[\w.'"()\]\[]*\.config\(\s*\{\s*path\s*:\s*['"`]([^'"`$]+)['"`]/.exec(cx.c.code);
  const pre = envFile ? `dotenv -e ${quoteArg(envFile[1] ?? envFile[2]!)} -- ` : '';
  // A server the code doesn't name (keyword arguments, a config file): the SQL rules can't place it.
  if (driver === 'sql' || !conn) return { code: `${pre}usql${conn ? ` ${conn}` : ''} -c ${quoteArg(sql)}`, how: 'a database driver' };
  return { code: pre + (driver === 'psql' ? `psql ${conn} -c ${quoteArg(sql)}` : `mysql -e ${quoteArg(sql)}`), how: `a ${driver === 'psql' ? 'postgres' : 'mysql'} driver` };
}

function formEncode(v: unknown): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).map(([k, x]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`).join('&');
  return undefined;
}

// ------------------------------------------------------------------ entry points

/** Shell commands the code would run, from literal strings; `dynamic` lists calls whose command isn't literal. */
export function shellCalls(c: InlineCode): { calls: ShellCall[]; dynamic: string[] } {
  const r = analyze(c, 0);
  return { calls: r.calls, dynamic: r.dynamic };
}

/** Destructive filesystem calls the code makes directly. */
export function destructiveCalls(c: InlineCode): CodeHit[] {
  return analyze(c, 0).hits;
}

/** The scope with the code's own arguments (sys.argv, process.argv) when they are literal. */
function withArgv(scope: Scope, args: string[] | undefined): Scope {
  if (args) scope.argv = args;
  return scope;
}
