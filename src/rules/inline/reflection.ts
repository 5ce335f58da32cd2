// Calls the code reaches by reflection (getattr(os, 'sys'+'tem'), __import__(x), obj['ev'+'al'],
// Kernel.send(:system), $f(...)) and dangerous functions or modules kept as values: neither can be
// read, so they make the code unknown.
import { argvPastEnd, evaluate, type Scope } from './evaluate.js';
import { closeTok, isP, SEP, splitArgs, type Family, type Seg, type Tok } from './lex.js';


/** Names that run commands, delete or evaluate code when reached by reflection, and a data
 *  store client's wipes (getattr(r, 'flush' + 'all')()). */
const DANGER = /^(system|popen\d?|exec\w*|spawn\w*|eval|compile|run|call|check_call|check_output|Popen|getoutput|getstatusoutput|rmtree|remove\w*|unlink\w*|rmdir\w*|rm|rm_rf|rm_r|rm_f|rmSync|writeFile\w*|truncate\w*|fork|binding|_linkedBinding|shell_exec|passthru|proc_open|pcntl_exec|assert|create_function|send|public_send|__send__|instance_eval|class_eval|module_eval|open|import_module|__import__|require|Function|constructor|load|syscall|write_text|write_bytes|delete\w*|emptyDir\w*|outputFile\w*|readpipe|remove_tree|file_put_contents|fopen|os|subprocess|shutil|child_process|fs|pty|Kernel|FileUtils|IO|Open3|Process|flushall|flushdb|flush_all|drop|drop_\w+|dropDatabase|dropCollection|dropIndexes|delete_many|deleteMany|unlink_many)$/i;

/** Code that can reach commands or files at all (perl, ruby and php always can), or send a
 *  request (getattr(requests, 'de'+'lete'): rt24a). */
const CAPABLE: Record<Family, RegExp> = {
  python: /\b(os|subprocess|shutil|pty|commands|pathlib|importlib|__import__|builtins|__builtins__|sys|ctypes|posix|eval|exec|pickle|cPickle|dill|marshal|types|code|redis|pymongo|motor|psycopg2?|pymysql|MySQLdb|sqlalchemy|sqlite3|boto3|elasticsearch|opensearchpy|requests|httpx|aiohttp|urllib3?|http\.client)\b/,
  js: /\b(child_process|fs|require|process|global|globalThis|eval|Function|Deno|Bun|import|module|window|self)\b/,
  ruby: /./,
  perl: /./,
  php: /./,
};

/** A name reached by reflection: dangerous when it isn't a literal, or is a literal that names
 *  something that runs commands or deletes. Ruby symbols (:system) are literals. */
/** php's array_map('unlink', …) / array_map('rmdir', …): a literal name of a delete. */
export function mappedDelete(arg: Tok[] | undefined, fam: Family, scope: Scope): boolean {
  const v = arg?.length ? evaluate(arg, fam, scope) : undefined;
  return !!v && 's' in v && /^(unlink|rmdir)$/i.test(v.s);
}

function dangerousName(arg: Tok[] | undefined, fam: Family, scope: Scope): boolean {
  if (!arg?.length) return true;
  if (fam === 'ruby' && isP(arg[0], ':') && arg[1]?.t === 'id' && arg.length === 2) return DANGER.test(arg[1].v);
  const v = evaluate(arg, fam, scope);
  // A loop name over literal strings (`for name in ("DEBUG", "PORT"): getattr(settings, name)`):
  // each of those names in turn.
  if (v && 'each' in v) return v.each.some((s) => DANGER.test(s.replace(/^.*[.:]/, '')));
  return !v || !('s' in v) || DANGER.test(v.s.replace(/^.*[.:]/, ''));
}

/** Calls reached through reflection — getattr(os, 'sys'+'tem'), __import__(x), require(m),
 *  global['ev'+'al'], Kernel.send(:system), &$f, $f(...) — can't be read: they make the code
 *  unknown when it can run commands at all. Literal, harmless names (getattr(o, 'name')) pass. */
export function reflection(t: Tok[], fam: Family, scope: Scope, code: string): Flag[] {
  if (!CAPABLE[fam].test(code)) return [];
  const r: Refl = { t, fam, scope, code, out: [] };
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t === 'id') reflectName(r, i, x);
    else if (x.t === 'p') reflectPunct(r, i, x.v);
  }
  return r.out;
}

export interface Flag { why: string; s: number; e: number }

/** The code being read and the flags so far. */
interface Refl { t: Tok[]; fam: Family; scope: Scope; code: string; out: Flag[] }

/** A name at t[i]: how it is reached, per family. */
interface NameAt { i: number; v: string; prev: Tok | undefined; member: boolean; args: Tok[][] | undefined }

/** Flag t[i], with its call or index brackets when they follow. */
function flag(r: Refl, i: number, why: string): void {
  const { t } = r;
  const end = isP(t[i + 1], '(') || isP(t[i + 1], '[') ? closeTok(t, i + 1) : i;
  r.out.push({ why, s: t[i]!.s, e: t[Math.min(end, t.length - 1)]!.e });
}

/** The arguments when t[i] is called. */
function callArgs(t: Tok[], i: number): Tok[][] | undefined {
  return isP(t[i + 1], '(') ? splitArgs(t.slice(i + 2, closeTok(t, i + 1))) : undefined;
}

function reflectName(r: Refl, i: number, x: Extract<Tok, { t: 'id' }>): void {
  const { t, fam, scope } = r;
  const prev = t[i - 1];
  const member = !!prev && prev.t === 'p' && SEP.has(prev.v);
  const args = callArgs(t, i);
  if (member && args && isP(t[i - 2], ')') && STRONG.test(x.v) && !literalImport(t, openOf(t, i - 2), fam, scope)) {
    flag(r, i, `.${x.v}() on a value computed at run time`);
    return;
  }
  if (member && (args || fam === 'ruby') && STRONG.test(x.v) && unknownReceiver(t, i, scope)) {
    flag(r, i, `.${x.v}() on a value that holds a module`);
    return;
  }
  NAMES[fam](r, { i, v: x.v, prev, member, args });
}

const NAMES: Record<Family, (r: Refl, n: NameAt) => void> = { python: pythonName, js: jsName, ruby: rubyName, php: phpName, perl: perlName };

function pythonName(r: Refl, { i, v, member, args }: NameAt): void {
  const { t, fam, scope } = r;
  const name = (k: number) => (t[k] as { v?: string } | undefined)?.v ?? '';
  if (args && /^(CDLL|PyDLL|LoadLibrary|cdll|pydll|dlopen)$/.test(v)) flag(r, i, `${v} reaches native code`);
  else if (v === 'cdll' && member) flag(r, i, 'ctypes.cdll reaches native code');
  else if (args && member && /^(loads?|Unpickler)$/.test(v) && /^(pickle|cPickle|dill|marshal|_pickle)$/.test(name(i - 2))) flag(r, i, 'unpickling runs code the data names');
  else if (args && member && /^(FunctionType|CodeType)$/.test(v)) flag(r, i, `types.${v} builds a function at run time`);
  else if (args && (v === 'getattr' ? !member : v === 'attrgetter' || v === 'methodcaller' || (member && /^__getattr(ibute)?__$/.test(v))) && dangerousName(v === 'getattr' ? args[1] : args[0], fam, scope) && !(v === 'getattr' && onlyPrinted(r, i, args))) flag(r, i, `${v} reaches a name by reflection`);
  else if (args && (v === '__import__' || v === 'import_module') && !(args[0] && evaluate(args[0], fam, scope))) flag(r, i, `${v} imports a module named at run time`);
  else if ((v === '__dict__' || v === '__builtins__' || (v === 'modules' && member)) && isP(t[i + 1], '[') && dangerousName(t.slice(i + 2, closeTok(t, i + 1)), fam, scope)) flag(r, i, `${v}[...] reaches a name by reflection`);
  else if (args && /^(vars|globals|locals)$/.test(v) && !member) {
    const c = closeTok(t, i + 1);
    if (isP(t[c + 1], '[') && dangerousName(t.slice(c + 2, closeTok(t, c + 1)), fam, scope)) flag(r, i, `${v}()[...] reaches a name by reflection`);
  }
}

/** `handler = getattr(__import__("logging"), cfg.get("level", "INFO"))` then only
 *  `print(..., handler, ...)`: the value is shown, never called, indexed or passed on (rt26k).
 *  The getattr is a whole statement's value assigned to a name bound nowhere else; the object is
 *  a module (`__import__('lit')` or a name an import binds), whose attributes are plain values;
 *  every other use of the name is a whole argument of the builtin print; no string holds the
 *  name (an f-string's `{handler()}`); nothing rebinds print or reaches names by other means. */
function onlyPrinted(r: Refl, i: number, args: Tok[][]): boolean {
  const { t, scope } = r;
  if (args.length !== 2 || !isP(t[i - 1], '=') || t[i - 2]?.t !== 'id') return false;
  const name = (t[i - 2] as { v: string }).v;
  const before = t[i - 3];
  if (before && (isP(before, '.') || isP(before, ',') || isP(before, '(') || isP(before, '['))) return false;
  const close = closeTok(t, i + 1);
  const after = t[close + 1];
  if (after && !(after.t === 'nl' || isP(after, ';') || after.t === 'id')) return false;
  // The object: __import__('lit'), or a module name an import binds.
  const obj = args[0]!;
  const mod = obj.length === 4 && obj[0]!.t === 'id' && obj[0]!.v === '__import__' && isP(obj[1], '(') && obj[2]!.t === 'str' && !(obj[2] as { dyn: boolean }).dyn && isP(obj[3], ')');
  if (!mod && !(obj.length === 1 && obj[0]!.t === 'id' && scope.alias.has(obj[0]!.v))) return false;
  if (t.some((y) => y.t === 'id' && /^(exec|eval|globals|locals|vars|setattr|__dict__|__builtins__|global|nonlocal|del|lambda|compile)$/.test(y.v))) return false;
  if (t.some((y, k) => y.t === 'id' && y.v === 'print' && (isP(t[k + 1], '=') || (k > 0 && t[k - 1]!.t === 'id' && /^(def|class|import|as)$/.test((t[k - 1] as { v: string }).v))))) return false;
  if (t.some((y) => y.t === 'str' && y.v.includes(name))) return false;
  for (let k = 0; k < t.length; k++) {
    const y = t[k]!;
    if (y.t !== 'id' || y.v !== name || k === i - 2) continue;
    // A whole argument of print(...): print ( … , NAME , … ).
    const p = t[k - 1];
    const n = t[k + 1];
    if (!(isP(p, ',') || isP(p, '(')) || !(isP(n, ',') || isP(n, ')'))) return false;
    let o = k - 1;
    let depth = 0;
    for (; o >= 0; o--) {
      if (isP(t[o], ')') || isP(t[o], ']') || isP(t[o], '}')) depth++;
      else if (isP(t[o], '(') || isP(t[o], '[') || isP(t[o], '{')) {
        if (depth === 0) break;
        depth--;
      }
    }
    if (o < 1 || !isP(t[o], '(') || t[o - 1]?.t !== 'id' || (t[o - 1] as { v: string }).v !== 'print' || isP(t[o - 2], '.')) return false;
    // Not a keyword argument's value (`print(x, file=NAME)`).
    if (isP(t[k - 1], '=')) return false;
  }
  return true;
}

/** `require(name + '/package.json')`: a built name that ends in a literal `.json` file, which
 *  require reads as data (JSON.parse), not as code. */
function jsonPath(arg: Tok[] | undefined): boolean {
  const t = arg?.filter((x) => x.t !== 'nl') ?? [];
  const last = t[t.length - 1];
  return t.length >= 3 && isP(t[t.length - 2], '+') && last?.t === 'str' && !last.dyn && /^[\w./@-]*\.json$/.test(last.v) && !last.v.includes('..');
}

function jsName(r: Refl, { i, v, member, args }: NameAt): void {
  const { t, fam, scope } = r;
  const mod = args?.[0] ? evaluate(args[0], fam, scope) : undefined;
  if (args && (v === 'require' || v === 'import' || (/^(_load|getBuiltinModule)$/.test(v) && member)) && !mod && !jsonPath(args[0]) && !(!member && argvPastEnd(args[0], fam, scope))) flag(r, i, `${v}() loads a module named at run time`);
  // process.mainModule.require('child_process'), import('child_process'), Module._load(...)
  else if (args && mod && 's' in mod && (member || v === 'import') && /^(require|import|_load|getBuiltinModule)$/.test(v) && /^(node:)?(child_process|fs|fs\/promises|vm|worker_threads|cluster|module|process)$/.test(mod.s)) flag(r, i, `${v}('${mod.s}') is not followed here`);
  else if (member && /^(binding|_linkedBinding|dlopen)$/.test(v) && args) flag(r, i, `process.${v} reaches native code`);
  else if (member && v === 'constructor' && args) flag(r, i, 'constructor(...) builds a function from a string');
  else if (v === 'Reflect' && isP(t[i + 1], '.') && /^(apply|get|construct)$/.test((t[i + 2] as { v?: string })?.v ?? '')) flag(r, i, 'Reflect reaches a function by reflection');
}

function rubyName(r: Refl, { i, v, prev, member, args }: NameAt): void {
  if (!/^(send|public_send|__send__|method|instance_method|const_get|define_method|instance_variable_get|public_method)$/.test(v)) return;
  if (!(member || !prev || prev.t !== 'p' || prev.v !== 'def')) return;
  const first = args ? args[0] : rubyParenless(r.t, i + 1);
  if (dangerousName(first, r.fam, r.scope)) flag(r, i, `${v} reaches a method by reflection`);
}

function phpName(r: Refl, { i, v, prev, member, args }: NameAt): void {
  if (v.startsWith('$') && args && !member && !(prev && prev.t === 'id' && /^(function|new|fn)$/i.test(prev.v)) && !closureVar(r.code, v) && !phpReadingName(r, v)) flag(r, i, `${v}(...) calls a function named at run time`);
  // $redis->$m() with $m = 'flush' . 'All': a method named by a variable.
  else if (v.startsWith('$') && args && member && isP(prev, '->') && dangerousName([r.t[i]!], r.fam, r.scope)) flag(r, i, `->${v}() calls a method named at run time`);
  // array_map('unlink', $paths): the delete is read as unlink of each path (sinks.ts).
  else if (args && /^array_map$/i.test(v) && args.length === 2 && mappedDelete(args[0], r.fam, r.scope)) return;
  else if (args && /^(call_user_func(_array)?|forward_static_call(_array)?|array_map|array_walk|array_filter|usort|uasort|uksort|register_shutdown_function|iterator_apply|ReflectionFunction|func_get_args)$/i.test(v) && dangerousName(/^array_(walk|filter)$/i.test(v) ? args[1] : args[0], r.fam, r.scope)) flag(r, i, `${v} calls a function by name`);
}

function perlName(r: Refl, { i, v, member }: NameAt): void {
  const { t } = r;
  if (/^&\$/.test(v) || v === '&' || (v.startsWith('$') && isP(t[i + 1], '->') && isP(t[i + 2], '('))) flag(r, i, 'a code reference built at run time is called');
  // $redis->$m with $m = "flush" . "all": a method named by a variable.
  else if (v.startsWith('$') && member && isP(t[i - 1], '->') && dangerousName([t[i]!], r.fam, r.scope)) flag(r, i, `->${v} calls a method named at run time`);
  else if (v === 'can' && member) flag(r, i, 'can() reaches a sub by name');
  else if ((v === 'do' || v === 'require') && !member && t[i + 1]?.t === 'id' && /^[$@]/.test((t[i + 1] as { v: string }).v)) flag(r, i, `${v} runs a file named at run time`);
}

/** Punctuation that calls or indexes something computed: (expr)(...), obj[expr], perl &{...}. */
function reflectPunct(r: Refl, i: number, v: string): void {
  const { t, fam } = r;
  const prev = t[i - 1];
  if (v === '(' && isP(prev, ')') && (fam === 'python' || fam === 'php')) computedCallee(r, i);
  else if (v === '(' && isP(prev, ')') && fam === 'js') jsComputedCallee(r, i);
  else if (v === '[' && fam === 'js' && prev && (prev.t === 'id' || isP(prev, ')'))) jsComputedMember(r, i, prev);
  else if (fam === 'perl' && (v === '&' || v === '*') && (isP(t[i + 1], '{') || (v === '&' && t[i + 1]?.t === 'id' && (t[i + 1] as { v: string }).v.startsWith('$') && !(prev && (prev.t === 'id' || prev.t === 'str' || prev.t === 'num' || isP(prev, ')')))))) {
    flag(r, i, 'a symbol reached by name');
  }
}

/** (expr)(...) / f(...)(...): a callee computed by an expression. */
function computedCallee(r: Refl, i: number): void {
  const { t } = r;
  // python: `f(x)` ⏎ `(out / 'a.json').write_text(…)`: a line end outside brackets ends the
  // statement; the next one only starts with a bracket (the lexer keeps no line ends) (rt25k1).
  if (r.fam === 'python' && /^[^\S\n]*(#[^\n]*)?\n/.test(r.code.slice(t[i - 1]!.e, t[i]!.s))) {
    let depth = 0;
    for (let k = 0; k < i; k++) {
      const y = t[k]!;
      if (y.t === 'p' && '([{'.includes(y.v)) depth++;
      else if (y.t === 'p' && ')]}'.includes(y.v)) depth--;
    }
    if (depth === 0) return;
  }
  const open = openOf(t, i - 1);
  const group = t.slice(open + 1, i - 1);
  const callee = t[open - 1];
  // getattr(obj, 'name')(...) with a literal, harmless name is obj.name(...): its name was judged
  // where getattr is read (pythonName), like any plain call.
  if (r.fam === 'python' && callee?.t === 'id' && callee.v === 'getattr' && !isP(t[open - 2], '.') && literalGetattr(r, group)) return;
  const called = callee?.t === 'id';
  const closure = group[0]?.t === 'id' && /^(function|fn|static|lambda)$/.test(group[0].v);
  // php `($a . $b)(...)`: a name put together from variables (one closure variable alone is a call of it).
  const phpBuilt = r.fam === 'php' && group.some((y) => y.t === 'id' && y.v.startsWith('$')) && !(group.length === 1 && closureVar(r.code, (group[0] as { v: string }).v));
  if (!closure && (called || phpBuilt || group.some((y) => y.t === 'str' || (y.t === 'id' && DANGER.test(y.v))))) flag(r, open, 'a function computed at run time is called');
}

/** getattr's arguments (obj, 'name'[, default]) with a literal name that runs nothing. */
function literalGetattr(r: Refl, group: Tok[]): boolean {
  const args = splitArgs(group);
  if (args.length < 2 || args.length > 3 || !args[1]?.length) return false;
  const v = evaluate(args[1], r.fam, r.scope);
  return !!v && 's' in v && /^\w+$/.test(v.s) && !DANGER.test(v.s);
}

/** (0, eval)(...), ('ev' + 'al' ...): a parenthesised callee that isn't a function literal. */
function jsComputedCallee(r: Refl, i: number): void {
  const { t } = r;
  const open = openOf(t, i - 1);
  const group = t.slice(open + 1, i - 1);
  const fnLit = group.some((y) => (y.t === 'id' && /^(function|async)$/.test(y.v)) || isP(y, '=>'));
  if (t[open - 1]?.t !== 'id' && !fnLit && group.some((y) => y.t === 'id' && DANGER.test(y.v))) flag(r, open, 'a function computed at run time is called');
}

/** obj['ev' + 'al'], fs[name]: a member named by a value. */
function jsComputedMember(r: Refl, i: number, prev: Tok): void {
  const { t, fam, scope } = r;
  const key = t.slice(i + 1, closeTok(t, i));
  const lit = evaluate(key, fam, scope);
  const base = prev.t === 'id' ? prev.v : '';
  // require('fs')[name]: the module itself, loaded by a literal name, indexed by a computed one.
  const loaded = isP(prev, ')') && importsDangerous(t, openOf(t, i - 1), fam, scope);
  const modular = loaded || /^(global|globalThis|window|self|process|module|exports|require|this|Function|Reflect)$/.test(base) || scope.alias.has(base);
  // fs['renameSync'], fs[m] with `const m = 'copy' + 'FileSync'`: a module that runs commands or
  // changes files, reached by a name the file calls aren't read for. Only names that read pass.
  const FILES = /^(fs|fs\.promises|fs-extra|child_process)$/;
  const fileModule = (loaded && importsDangerous(t, openOf(t, i - 1), fam, scope, FILES)) || (!!base && FILES.test((scope.alias.get(base) ?? '').replace(/^node:/, '').replace(/\/promises$/, '.promises')));
  if (lit && 's' in lit && fileModule && !READS.test(lit.s)) flag(r, i - 1, `a member reached by a computed name: ${lit.s}`);
  else if ((lit && 's' in lit && DANGER.test(lit.s)) || (!lit && modular && key.length > 0 && !(key.length === 1 && key[0]!.t === 'num'))) flag(r, i - 1, 'a member reached by a computed name');
}

/** Members of fs and its kind that only read (a computed name reaching any other is not read). */
const READS = /^(read(File|dir|link)?(Sync)?|exists(Sync)?|l?stat(Sync)?|access(Sync)?|realpath(Sync)?|constants)$/;

/** Modules whose functions run commands or delete. */
export const DANGER_MODULES = /^(os|subprocess|shutil|pty|posix|nt|builtins|importlib|child_process|fs|fs\.promises|fs-extra|Kernel|FileUtils|Open3|Process|IO)$/;

/** A chain used as a value, not called: `f = os.system`, `[os]`, `map(os.remove, xs)`, `{'a': os}`.
 *  Not an assignment target, a member access, a call or a destructuring pattern. */
export function keptReference(segs: Seg[], prev: Tok | undefined, next: Tok | undefined, fam: Family): boolean {
  if (segs.some((s) => s.args || s.index)) return false;
  if (next && next.t === 'p' && ['(', '.', '=', '[', '?.', '->', '::', '=>'].includes(next.v)) return false;
  // `:` is a dict value in python; in js it is a destructuring rename (`{ execSync: run }`).
  return !!prev && prev.t === 'p' && (['=', '[', ',', '('].includes(prev.v) || (prev.v === ':' && fam === 'python'));
}

/** `require('x')` / `__import__('x')` / `import_module('x')` with a literal name: the chain code
 *  follows those. */
function literalImport(t: Tok[], open: number, fam: Family, scope: Scope): boolean {
  const callee = t[open - 1];
  if (callee?.t !== 'id' || !/^(require|__import__|import_module)$/.test(callee.v)) return false;
  const v = evaluate(t.slice(open + 1, closeTok(t, open)), fam, scope);
  return !!v && 's' in v;
}

/** `require('fs')`, `require('node:child_process')`: a literal import of a module that runs
 *  commands or deletes. */
function importsDangerous(t: Tok[], open: number, fam: Family, scope: Scope, modules = DANGER_MODULES): boolean {
  const callee = t[open - 1];
  if (callee?.t !== 'id' || !/^(require|import)$/.test(callee.v)) return false;
  const v = evaluate(t.slice(open + 1, closeTok(t, open)), fam, scope);
  return !!v && 's' in v && modules.test(v.s.replace(/^node:/, '').replace(/\/promises$/, '.promises'));
}

/** The index of the `(` matching the `)` at `close`. */
function openOf(t: Tok[], close: number): number {
  let d = 0;
  for (let j = close; j >= 0; j--) {
    if (isP(t[j], ')')) d++;
    else if (isP(t[j], '(') && --d === 0) return j;
  }
  return 0;
}

/** php functions that only read or format: a variable holding one of these names, by a literal
 *  the code shows (`$f = 'file_get' . '_contents'`), calls it. */
const PHP_READS = /^(file_get_contents|file_exists|is_(file|dir|readable|link)|filesize|filemtime|scandir|realpath|basename|dirname|pathinfo|json_(encode|decode)|strlen|strto(upper|lower)|trim|explode|implode|count|md5|sha1|hash|sprintf|number_format|var_dump|var_export|print_r|getenv|phpversion|date)$/i;

/** `$f = 'file_get' . '_contents'; $f(...)`: $f is assigned once, a literal naming a function that
 *  only reads, and is otherwise only called. Code that can set variables by name isn't read. */
function phpReadingName(r: Refl, name: string): boolean {
  const { t } = r;
  if (/\$\$|\$\{|\b(extract|parse_str|compact|get_defined_vars|global)\b|\$GLOBALS|&\s*\$/i.test(r.code)) return false;
  let value: string | undefined;
  for (let k = 0; k < t.length; k++) {
    const x = t[k]!;
    if (x.t !== 'id' || x.v !== name) continue;
    if (isP(t[k + 1], '(')) continue;
    if (value !== undefined || !isP(t[k + 1], '=') || isP(t[k - 1], ',') || isP(t[k - 1], '[') || isP(t[k - 1], '(')) return false;
    let e = k + 2;
    while (e < t.length && !isP(t[e], ';')) e++;
    const v = evaluate(t.slice(k + 2, e), r.fam, r.scope);
    if (!v || !('s' in v) || !PHP_READS.test(v.s)) return false;
    value = v.s;
    k = e;
  }
  return value !== undefined;
}

/** php `$f = function (...) {...}` / `fn(...) =>`: calling $f runs that closure. */
function closureVar(code: string, name: string): boolean {
  const assigned = [...code.matchAll(new RegExp(`\\$${name.slice(1)}\\s*=(?!=)\\s*(\\S+)`, 'g'))];
  return assigned.length > 0 && assigned.every((m) => /^(static|function|fn)\b/i.test(m[1]!));
}

const STRONG = /^(system|popen[234]?|rmtree|execSync|spawnSync|execFileSync|rmSync|rm_rf|rm_r|check_output|check_call|Popen|getoutput|getstatusoutput|shell_exec|passthru|proc_open|capture2e?|capture3)$/;
const KNOWN_ROOTS = /^(os|subprocess|shutil|platform|commands|pty|posix|child_process|fs|Kernel|FileUtils|Open3|IO|Process|PTY|Bun|Deno|self|this)$/;

/** `m.system(...)` where m is a plain variable, not an import: it may hold any module. */
function unknownReceiver(t: Tok[], i: number, scope: Scope): boolean {
  let j = i - 2;
  while (isP(t[j - 1], '.') && t[j - 2]?.t === 'id') j -= 2;
  const base = t[j];
  if (!base) return false;
  if (isP(base, ']')) return true; // d['a'].system(...)
  if (base.t !== 'id') return false;
  return !scope.alias.has(base.v) && !KNOWN_ROOTS.test(base.v);
}

/** Ruby `Kernel.send :system, 'x'`: the first argument up to a comma or line end. */
function rubyParenless(t: Tok[], i: number): Tok[] | undefined {
  const out: Tok[] = [];
  for (let j = i; j < t.length; j++) {
    const y = t[j]!;
    if (y.t === 'nl' || isP(y, ',') || isP(y, ';') || isP(y, ')')) break;
    out.push(y);
  }
  return out.length ? out : undefined;
}
