// `find ROOT -name PATTERN -delete` deletes only what the name filter lets through. When ROOT
// holds a protected directory and nothing in that directory (now) matches the filter, the line
// spares it: `find . -name '*.pyc' -delete` in a project whose data/ has no .pyc files.
// Anything this can't read (an action reached without a name test, negation, -path/-regex alone,
// run-time words, a tree too big to list) keeps the finding: fail closed.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { someName, type Invocation } from '../parse/index.js';
import { MARKER, type PathContext } from './paths.js';
import { findRoots as readFindRoots } from '../programs/index.js';

const NAME = new Set(['-name', '-iname']);
const PATH = new Set(['-path', '-ipath', '-wholename', '-iwholename']);
/** The literal last part of a -path pattern (`*\/build/tmp`: tmp), else undefined. */
function pathLeaf(w: { value: string; dynamic: boolean } | undefined): string | undefined {
  if (!w || w.dynamic) return undefined;
  const m = /\/([^/]+)$/.exec(w.value);
  return m && !/[*?[\\]/.test(m[1]!) && m[1] !== '.' && m[1] !== '..' ? m[1] : undefined;
}
// What can't be read: symlinks followed (a walk into a protected dir through a link), start
// points read from a file.
const OPAQUE = new Set(['-L', '-follow', '-files0-from']);
// -exec CMD ... ; (or +): a test that can only narrow; CMD is judged as its own invocation.
const EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);
// What acts on (or hands on) the entries that reach it: deletes, runs, prints for a pipe.
const ACTION = /^-(delete|exec|execdir|ok|okdir|print|print0|printf|fprint|fprint0|fprintf|ls|fls)$/;
// Tests and actions that take one argument (GNU find), so a value is never read as an operator.
const ONE_ARG = new Set(['-amin', '-anewer', '-atime', '-cmin', '-cnewer', '-ctime', '-fstype', '-gid', '-group', '-ilname', '-iname', '-inum', '-ipath', '-iregex', '-iwholename', '-links', '-lname', '-mmin', '-mtime', '-name', '-newer', '-path', '-perm', '-regex', '-samefile', '-size', '-type', '-uid', '-used', '-user', '-wholename', '-xtype', '-context', '-maxdepth', '-mindepth', '-regextype', '-fprint', '-fprint0', '-fls', '-printf']);
const BUDGET = 20_000;

function inside(child: string, parent: string): boolean {
  return parent === '/' ? child.startsWith('/') : child === parent || child.startsWith(parent + '/');
}

/** fnmatch(3) as find -name uses it (no FNM_PERIOD: `*` matches a leading dot): `*`, `?`,
 *  `[...]` with `!` or `^` negation, `\x` for a literal x. Written out rather than a glob library,
 *  whose extglobs, braces and escapes would match less than find does. */
export function fnmatchRegex(pattern: string, nocase: boolean): RegExp {
  // POSIX classes, collating symbols, equivalence classes: anything (never less than find).
  if (/\[[:.=]/.test(pattern)) return /[\s\S]*/;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) out += escape(pattern[++i]!);
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) { out += escape(c); continue; }
      let body = pattern.slice(i + 1, j);
      const neg = body[0] === '!' || body[0] === '^';
      if (neg) body = body.slice(1);
      // An escape inside brackets: any one character (never less than find).
      out += /[[\\]/.test(body) ? '[\\s\\S]' : `[${neg ? '^' : ''}${body.replace(/\]/g, '\\]')}]`;
      i = j;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`, nocase ? 'is' : 's');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A find expression read as a tree: `!`/-not binds tightest, then AND (-a, or nothing), then OR
 *  (-o), then the list operator `,`; `( … )` groups. */
type Expr =
  | { t: 'name'; test: (s: string) => boolean }
  | { t: 'test' }
  | { t: 'act' }
  | { t: 'not'; x: Expr }
  | { t: 'and' | 'or' | 'list'; xs: Expr[] };

/** Name filters that bound what find acts on, when its expression can be read: every action
 *  (-delete, -exec, a print; the whole expression when none is given) is reached only by entries
 *  that passed a -name/-iname test on the way to it. An AND reaches its later parts only through
 *  the earlier ones; the right side of an OR or a `,` is reached without the left side's tests; a
 *  group is bounded when each of its OR branches is; `!` bounds nothing (`! ! -name x` is x).
 *  Other tests (-path, -type, `! -path ./node_modules/*`, -prune) only narrow. Whatever passes the
 *  returned test may be acted on; undefined: anything may. */
function nameFilters(inv: Invocation): ((s: string) => boolean) | undefined {
  const args = inv.argv.slice(1);
  let i = 0;
  // Start points and the options before them (findRoots): not part of the expression.
  while (i < args.length && /^-([HLP]|O\d*|D)$/.test(args[i]!.value)) {
    if (args[i]!.value === '-L') return undefined;
    i += args[i]!.value === '-D' ? 2 : 1;
  }
  while (i < args.length && !args[i]!.dynamic && !(args[i]!.value.startsWith('-') || args[i]!.value === '(' || args[i]!.value === '!' || args[i]!.value === ',')) i++;
  // Tokens: operators, and one leaf per test or action with its arguments consumed.
  const toks: Array<string | Expr> = [];
  for (; i < args.length; i++) {
    const w = args[i]!;
    if (w.dynamic || OPAQUE.has(w.value)) return undefined;
    const v = w.value;
    if (/^(-o|-or|-a|-and|!|-not|\(|\)|,)$/.test(v)) {
      toks.push(v === '-or' ? '-o' : v === '-and' ? '-a' : v === '-not' ? '!' : v);
      continue;
    }
    if (EXEC.has(v)) {
      while (i + 1 < args.length && args[i + 1]!.value !== ';' && !(args[i + 1]!.value === '+' && args[i]!.value === '{}')) i++;
      i++;
      toks.push({ t: 'act' });
    } else if (NAME.has(v)) {
      const p = args[i + 1];
      if (!p || p.dynamic || p.value === '') return undefined;
      const re = fnmatchRegex(p.value, v === '-iname');
      toks.push({ t: 'name', test: (s) => re.test(s) });
      i++;
    } else if (PATH.has(v) && pathLeaf(args[i + 1])) {
      // `-path '*/build/tmp'`: a whole path ending in a literal last part, so the entry's own name
      // is that part (its `*` may match `/`, but only before the last slash) (redteam22-fp1).
      const leaf = pathLeaf(args[i + 1])!;
      const nocase = v.startsWith('-i');
      toks.push({ t: 'name', test: (s) => (nocase ? s.toLowerCase() === leaf.toLowerCase() : s === leaf) });
      i++;
    } else {
      if (ONE_ARG.has(v) || /^-newer[a-zA-Z]{2}$/.test(v)) {
        // A test's value known only at run time (`-user "$(whoami)"`) only narrows, when quoted
        // (one word); unquoted it may split into operators, and an output file is another matter.
        const val = args[i + 1];
        if (val?.dynamic && (!/^"[^"]*"$/.test(val.text) || /^-(fprint0?|fls|printf)$/.test(v))) return undefined;
        i++;
      } else if (v === '-fprintf') {
        if (args[i + 1]?.dynamic || args[i + 2]?.dynamic) return undefined;
        i += 2;
      }
      toks.push({ t: ACTION.test(v) ? 'act' : 'test' });
    }
  }
  let k = 0;
  const fail = Symbol('unreadable');
  const list = (): Expr => {
    const xs = [or()];
    while (toks[k] === ',') { k++; xs.push(or()); }
    return xs.length === 1 ? xs[0]! : { t: 'list', xs };
  };
  const or = (): Expr => {
    const xs = [and()];
    while (toks[k] === '-o') { k++; xs.push(and()); }
    return xs.length === 1 ? xs[0]! : { t: 'or', xs };
  };
  const and = (): Expr => {
    const xs = [unary()];
    while (k < toks.length && toks[k] !== '-o' && toks[k] !== ',' && toks[k] !== ')') {
      if (toks[k] === '-a') k++;
      xs.push(unary());
    }
    return xs.length === 1 ? xs[0]! : { t: 'and', xs };
  };
  const unary = (): Expr => {
    const tk = toks[k++];
    if (tk === '!') return { t: 'not', x: unary() };
    if (tk === '(') {
      const x = list();
      if (toks[k++] !== ')') throw fail;
      return x;
    }
    if (tk === undefined || typeof tk === 'string') throw fail;
    return tk;
  };
  let tree: Expr | undefined;
  try {
    tree = k < toks.length ? list() : undefined;
    if (k < toks.length) return undefined;
  } catch (e) {
    if (e === fail) return undefined;
    throw e;
  }
  type Bound = ((s: string) => boolean) | undefined;
  const both = (a: Bound, b: Bound): Bound => (a && b ? (s) => a(s) && b(s) : a ?? b);
  // What every entry for which `x` is true passed.
  const bound = (x: Expr): Bound => {
    if (x.t === 'name') return x.test;
    if (x.t === 'not') return x.x.t === 'not' ? bound(x.x.x) : undefined;
    if (x.t === 'and') return x.xs.map(bound).reduce(both, undefined);
    if (x.t === 'list') return bound(x.xs.at(-1)!);
    if (x.t === 'or') {
      const bs = x.xs.map(bound);
      return bs.every((b) => b) ? (s) => bs.some((b) => b!(s)) : undefined;
    }
    return undefined;
  };
  // The bounds of the entries each action is reached by.
  const reached: Bound[] = [];
  const visit = (x: Expr, reach: Bound): void => {
    if (x.t === 'act') reached.push(reach);
    else if (x.t === 'not') visit(x.x, reach);
    else if (x.t === 'or' || x.t === 'list') for (const y of x.xs) visit(y, reach);
    else if (x.t === 'and') {
      let r = reach;
      for (const y of x.xs) {
        visit(y, r);
        r = both(r, bound(y));
      }
    }
  };
  if (tree) visit(tree, undefined);
  // No action: find prints what the whole expression is true for.
  if (!reached.length) reached.push(tree ? bound(tree) : undefined);
  if (reached.some((b) => !b)) return undefined;
  return (s) => reached.some((b) => b!(s));
}

/** True when `find` under `root` (absolute; `given` as the line wrote it) can't delete anything
 *  protected, by its name filters. */
export function findSpares(inv: Invocation, root: string, ctx: PathContext, given = root): boolean {
  const test = nameFilters(inv);
  return !!test && nameSpares(test, root, ctx, given);
}

/** A recursive walk's delete (`Path('.').rglob('__pycache__')`, `glob('**\/*.pyc', recursive=True)`
 *  in inline code, the pattern `ROOT/**\/NAME`) judged as `find ROOT -name NAME -delete` is: true
 *  when nothing protected under ROOT has (now) a name NAME matches. `abs`: the resolved pattern. */
export function recursiveGlobSpares(abs: string, ctx: PathContext): boolean {
  const m = /^(\/[^*?[\]{}]*?)\/\*\*\/([^/]+)$/.exec(abs);
  if (!m || /[{}]/.test(m[2]!) || m[1]!.split('/').includes('..')) return false;
  const re = fnmatchRegex(m[2]!, false);
  return nameSpares((s) => re.test(s), m[1]!, ctx);
}

function nameSpares(test: (s: string) => boolean, root: string, ctx: PathContext, given = root): boolean {
  const tests = [test];
  // `-exec rm -rf {}` on a directory that holds a protected one: the start point (by its name as
  // given: `.` is `.`) and every directory between it and the protected one.
  const start = path.basename(given.replace(/\/+$/, ''));
  const holds = (d: string): boolean => {
    if (d === root || !inside(d, root)) return false;
    if (start && start !== '.' && start !== '..' && tests.some((t) => t(start))) return true;
    for (let a = path.dirname(d); a !== root && inside(a, root); a = path.dirname(a)) if (tests.some((t) => t(path.basename(a)))) return true;
    return false;
  };
  // Protected directories the walk reaches: under root, or root itself inside one.
  const dirs: string[] = [];
  // System directories (/etc, ~/.ssh) keep the finding, as before: only plain roots are spared.
  const system = ctx.protectedPaths.some((p) => p.kind === 'subtree' && p.source === 'builtin' && inside(root, p.path));
  for (const p of ctx.protectedPaths) {
    if (p.shadows) continue;
    if (p.kind === 'exact' && !system && exactSpared(p.path, root, tests) !== undefined) {
      if (!exactSpared(p.path, root, tests)) return false;
      continue;
    }
    if (/[*?[]/.test(p.path)) {
      // /dev/sd*: only a pattern whose fixed part meets root matters, and that can't be listed.
      const fixed = p.path.slice(0, p.path.search(/[*?[]/)).replace(/\/[^/]*$/, '') || '/';
      if (inside(fixed, root) || picomatch(p.path, { dot: true })(root)) return false;
      continue;
    }
    if (inside(p.path, root)) dirs.push(p.path);
    else if (p.kind === 'subtree' && inside(root, p.path)) dirs.push(root);
  }
  for (const m of ctx.marked ?? []) if (inside(m, root) || inside(root, m)) dirs.push(inside(m, root) ? m : root);
  // Directories marked on disk below root (not in ctx), a few levels down as rm's check looks.
  dirs.push(...markedBelow(root));
  const budget = { n: BUDGET };
  for (const d of dirs) if (holds(d) || someName(d, (n) => tests.some((t) => t(n)), budget) !== false) return false;
  return true;
}

/** Directories under `dir` holding a marker file, searched as rm's check searches (paths.ts:
 *  four levels, generated trees skipped, a budget of directories). */
const SKIP = new Set(['node_modules', '.git', '.next', '.nuxt', 'dist', 'build', 'target', '__pycache__', '.venv', 'venv', 'coverage', '.cache', '.turbo']);
function markedBelow(dir: string, out: string[] = [], depth = 4, budget = { n: 3000 }): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  if (entries.some((e) => e.name === MARKER)) out.push(dir);
  if (depth === 0) return out;
  for (const e of entries) {
    if (!e.isDirectory() || SKIP.has(e.name)) continue;
    if (--budget.n < 0) return out;
    markedBelow(path.join(dir, e.name), out, depth - 1, budget);
  }
  return out;
}

/** A root protected only as itself (`/*`, ~): find selects the start point only when its own
 *  name passes the filters, so `find /tmp -name 'pytest-*'` spares /tmp. undefined: not this case. */
function exactSpared(p: string, root: string, tests: Array<(s: string) => boolean>): boolean | undefined {
  const hit = /[*?[]/.test(p) ? picomatch(p, { dot: true })(root) : p === root;
  if (!hit) return undefined;
  return root !== '/' && !tests.some((t) => t(path.basename(root)));
}

/** find's start paths (programs/read.ts): the words before the expression, `.` when none. */
export function findRoots(inv: Invocation): Invocation['argv'] {
  return readFindRoots(inv.argv.slice(1));
}
