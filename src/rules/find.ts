// `find ROOT -name PATTERN -delete` deletes only what the name filter lets through. When ROOT
// holds a protected directory and nothing in that directory (now) matches the filter, the line
// spares it: `find . -name '*.pyc' -delete` in a project whose data/ has no .pyc files.
// Anything this can't read plainly (OR, negation, -path/-regex, run-time words, a tree too big to
// list) keeps the finding: fail closed.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Invocation } from '../parse/index.js';
import type { PathContext } from './paths.js';

const NAME = new Set(['-name', '-iname']);
// Tests that widen or invert the selection, or select by something other than the name.
const OPAQUE = new Set(['-L', '-follow', '-o', '-or', ',', '!', '-not', '(', ')', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-files0-from']);
// -exec CMD ... ; (or +): a test that can only narrow; CMD is judged as its own invocation.
const EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);
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

/** The -name/-iname filters, if the expression is a plain AND of tests that include one. */
function nameFilters(inv: Invocation): Array<(s: string) => boolean> | undefined {
  const args = inv.argv.slice(1);
  const out: Array<(s: string) => boolean> = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (EXEC.has(w.value)) {
      while (i + 1 < args.length && args[i + 1]!.value !== ';' && !(args[i + 1]!.value === '+' && args[i]!.value === '{}')) i++;
      i++;
      continue;
    }
    if (w.dynamic) return undefined;
    if (OPAQUE.has(w.value)) return undefined;
    if (NAME.has(w.value)) {
      const p = args[i + 1];
      if (!p || p.dynamic || p.value === '') return undefined;
      const re = fnmatchRegex(p.value, w.value === '-iname');
      out.push((s) => re.test(s));
      i++;
    }
  }
  return out.length ? out : undefined;
}

/** Whether any entry under `dir` (or `dir` itself) has a name a filter accepts; undefined when
 *  the tree is too big to tell. */
function anyMatch(dir: string, tests: Array<(s: string) => boolean>, budget: { n: number }): boolean | undefined {
  if (tests.some((t) => t(path.basename(dir)))) return true;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // Not a directory (its own name was tested above) or gone: nothing under it. Unreadable
    // here: `sudo find` may still read it.
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' || code === 'ENOENT' ? false : undefined;
  }
  for (const e of entries) {
    if (--budget.n < 0) return undefined;
    const full = path.join(dir, e.name);
    if (tests.some((t) => t(e.name))) return true;
    if (e.isDirectory()) {
      const r = anyMatch(full, tests, budget);
      if (r !== false) return r;
    }
  }
  return false;
}

/** True when `find` under `root` (absolute) can't delete anything protected, by its name filters. */
export function findSpares(inv: Invocation, root: string, ctx: PathContext): boolean {
  const tests = nameFilters(inv);
  if (!tests) return false;
  // Protected directories the walk reaches: under root, or root itself inside one.
  const dirs: string[] = [];
  // System directories (/etc, ~/.ssh) keep the finding, as before: only plain roots are spared.
  const system = ctx.protectedPaths.some((p) => p.kind === 'subtree' && p.source === 'builtin' && inside(root, p.path));
  for (const p of ctx.protectedPaths) {
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
  const budget = { n: BUDGET };
  for (const d of dirs) if (anyMatch(d, tests, budget) !== false) return false;
  return true;
}

/** A root protected only as itself (`/*`, ~): find selects the start point only when its own
 *  name passes the filters, so `find /tmp -name 'pytest-*'` spares /tmp. undefined: not this case. */
function exactSpared(p: string, root: string, tests: Array<(s: string) => boolean>): boolean | undefined {
  const hit = /[*?[]/.test(p) ? picomatch(p, { dot: true })(root) : p === root;
  if (!hit) return undefined;
  return root !== '/' && !tests.some((t) => t(path.basename(root)));
}

/** find's start paths: the words before the expression (after -H/-L/-P/-D/-O options). */
export function findRoots(inv: Invocation): Invocation['argv'] {
  const args = inv.argv.slice(1);
  let i = 0;
  while (i < args.length && /^-([HLP]|O\d*|D)$/.test(args[i]!.value)) i += args[i]!.value === '-D' ? 2 : 1;
  const out: Invocation['argv'] = [];
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v.startsWith('-') || v === '(' || v === '!' || v === ',') break;
    out.push(args[i]!);
  }
  return out.length ? out : [{ value: '.', dynamic: false, glob: false, text: '.' }];
}
