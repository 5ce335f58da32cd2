// Reading values out of tokens: the modules a file imports and the names it gives them, and the
// value of an expression when it is a literal after simple resolution (concatenation, path joins,
// env lookups, the home and working directories, base64). Anything else is unknown (undefined).
import { closeTok, isP, lex, parseChain, splitArgs, type Family, type Seg, type Tok } from './lex.js';
import { table } from '../../own.js';

/** 'node:fs' and 'fs' are one module; 'fs/promises' is fs.promises. */
function normModule(m: string): string {
  const s = m.replace(/^node:/, '');
  return s === 'fs/promises' ? 'fs.promises' : s;
}

/** `vars`: python names bound once to a value read from the code (a path a glob matches, a fresh
 *  temporary directory); null when bound more than once or in a way not read. */
export interface Scope {
  alias: Map<string, string>;
  star: string[];
  vars?: Map<string, Val | null>;
  /** js names declared once with an object literal and only passed to calls (`const body = {...};
   *  fetch(u, { body: JSON.stringify(body) })`): the literal's tokens, for jsonValue. */
  objects?: Map<string, Tok[]>;
  /** The words after the code (InlineCode.args): sys.argv[k] and process.argv[k] are argv[k - 1]. */
  argv?: string[];
}

/** The argument lists of `python -c CODE A B` and `node -e CODE A B`: index 0 is the program
 *  (`-c`, node's path), 1 on the words after the code. */
const ARGV_LISTS = new Set(['sys.argv', 'process.argv', 'Bun.argv']);

/** Bun.argv[k] of `bun -e CODE A B`: since oven-sh/bun#17251 (Feb 2025) the words start at
 *  argv[1], as node's; before, argv[1] was an [eval] path and A was dropped. From k = 2 on both
 *  read the k-th word (rt27k); argv[1] is read by neither. */
const argvFrom = (path: string): number => (path === 'Bun.argv' ? 2 : 1);

/** `import(Bun.argv[2])` / `require(process.argv[3])` with fewer literal words after the code:
 *  the index is past the end, the value `undefined`, a module named "undefined" at most (import
 *  converts its specifier to a string; require throws). */
export function argvPastEnd(toks: Tok[] | undefined, fam: Family, scope: Scope): boolean {
  const t = toks?.filter((x) => x.t !== 'nl') ?? [];
  if (fam !== 'js' || !scope.argv || t.length !== 6) return false;
  const [root, dot, name, open, k, close] = t;
  if (root?.t !== 'id' || !isP(dot, '.') || name?.t !== 'id' || !isP(open, '[') || k?.t !== 'num' || !isP(close, ']')) return false;
  const path = `${root.v}.${name.v}`;
  if (!ARGV_LISTS.has(path) || path === 'sys.argv' || !/^[1-9]\d*$/.test(k.v)) return false;
  const i = Number(k.v);
  return i >= argvFrom(path) && i - 1 >= scope.argv.length;
}

export function collectAliases(t: Tok[], fam: Family, code?: string, argv?: string[]): Scope {
  // The code's own literal arguments first: a binding may read them (`const n = process.argv[1]`).
  const scope: Scope = { alias: new Map(), star: [], ...(argv ? { argv } : {}) };
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t !== 'id') continue;
    if (fam === 'python' && x.v === 'import' && t[i + 1]?.t === 'id' && !(t[i - 1]?.t === 'id')) pyImport(t, i, scope);
    else if (fam === 'python' && x.v === 'from' && t[i + 1]?.t === 'id') pyFromImport(t, i, scope);
    else if (fam === 'js' && (x.v === 'const' || x.v === 'let' || x.v === 'var')) jsDeclaration(t, i, scope);
    else if (fam === 'js' && x.v === 'import' && !isP(t[i + 1], '(')) jsImport(t, i, scope);
    else if (fam === 'ruby' && x.v === 'include' && t[i + 1]?.t === 'id') scope.star.push(idAt(t, i + 1));
  }
  if (fam === 'python') pyBindings(t, scope, code);
  if (fam === 'python') pyObjects(t, scope, code);
  if (fam === 'js') jsBindings(t, scope);
  if (fam === 'ruby') rubyBindings(t, scope);
  if (fam === 'perl') perlBindings(t, scope);
  if (scope.vars) {
    // A name assigned inside an interpolation (f"{(p := 'data')}", `${d = 'data'}`) isn't read.
    const inner = t.flatMap((x) => (x.t === 'str' ? x.parts.filter((q): q is { src: string } => typeof q !== 'string').map((q) => q.src) : []));
    // Only an assignment there counts: a name read in one (f"{base}/x") keeps its value (rt22fp2).
    for (const name of scope.vars.keys()) if (inner.some((src) => new RegExp(`(^|[^\\w.$])${name.replace(/\$/g, '\\$')}\\s*(:=|=(?![=>])|([-+*/%&|^@]|\\*\\*|\\/\\/|<<|>>>?|&&|\\|\\||\\?\\?)=|\\+\\+|--)|(\\+\\+|--)\\s*${name.replace(/\$/g, '\\$')}\\b`).test(src))) scope.vars.set(name, null);
  }
  return scope;
}

/** ruby `m = :keys` / `m = "keys"`: a symbol or a plain string literal, the whole value of the
 *  name's only assignment, when every other use of the name is a call's plain argument
 *  (`obj.send(m)`): nothing else (`m << "x"`, `m.replace(...)`, a block parameter) touches it (rt24fp1). */
function rubyBindings(t: Tok[], scope: Scope): void {
  const end = (k: number): boolean => t[k] === undefined || isP(t[k], ';') || t[k]!.t === 'nl';
  const vars = scope.vars ?? new Map<string, Val | null>();
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t !== 'id' || !/^[a-z_]\w*$/.test(x.v) || !isP(t[i + 1], '=') || !(i === 0 || end(i - 1))) continue;
    let val: Val | undefined;
    const v = t[i + 2];
    if (isP(v, ':') && t[i + 3]?.t === 'id' && end(i + 4)) val = { s: idAt(t, i + 3) };
    else if (v?.t === 'str' && !v.dyn && end(i + 3)) val = { s: v.v };
    // `dir = Dir.mktmpdir` / `Dir.mktmpdir("prefix")`, no block: a new directory of its own (rt25k2).
    else if (v?.t === 'id' && v.v === 'Dir' && isP(t[i + 3], '.') && isWord(t, i + 4, 'mktmpdir')) {
      if (end(i + 5)) val = { pattern: '/tmp/d*' };
      else if (isP(t[i + 5], '(') && isP(t[i + 6], ')') && end(i + 7)) val = { pattern: '/tmp/d*' };
      else if (isP(t[i + 5], '(') && t[i + 6]?.t === 'str' && !(t[i + 6] as { dyn: boolean }).dyn && /^[\w.-]+$/.test((t[i + 6] as { v: string }).v) && isP(t[i + 7], ')') && end(i + 8)) val = { pattern: `/tmp/${(t[i + 6] as { v: string }).v}*` };
    }
    const uses = t.flatMap((y, k) => (y.t === 'id' && y.v === x.v ? [k] : []));
    const plain = (k: number): boolean => (isP(t[k - 1], '(') || isP(t[k - 1], ',')) && (isP(t[k + 1], ')') || isP(t[k + 1], ','));
    vars.set(x.v, val && !vars.has(x.v) && uses.every((k) => k === i || plain(k)) ? val : null);
  }
  if (vars.size) scope.vars = vars;
}

/** perl `my $f = "length";`: a scalar declared once with a plain string literal, the statement's
 *  whole value, read nowhere but in a string's interpolation of it alone (`eval "$f(q{x})"`):
 *  nothing else (an assignment, `=~ s///`, a reference `\$f`, chop, a loop variable) can touch
 *  it (rt25k2). */
function perlBindings(t: Tok[], scope: Scope): void {
  const end = (k: number): boolean => t[k] === undefined || isP(t[k], ';') || t[k]!.t === 'nl';
  const start = (k: number): boolean => k < 0 || isP(t[k], ';') || isP(t[k], '{') || t[k]!.t === 'nl';
  for (let i = 0; i < t.length; i++) {
    const id = t[i + 1];
    if (!(isWord(t, i, 'my') && start(i - 1)) || id?.t !== 'id' || !/^\$[A-Za-z_]\w*$/.test(id.v) || !isP(t[i + 2], '=')) continue;
    const name = id.v;
    const v = t[i + 3];
    if (v?.t !== 'str' || v.dyn || !end(i + 4)) continue;
    // The name as a token anywhere else (its array and hash too), in a string's text (code an
    // eval may run: '$f = "x"'), or interpolated with more than its name: not trusted.
    const bare = name.slice(1);
    const mention = new RegExp(`[$@%*]\\{?\\s*${bare}\\b`);
    const other = t.some((y, k) => k !== i + 1 && k !== i + 3 && ((y.t === 'id' && mention.test(y.v)) ||
      (y.t === 'str' && y.parts.some((q) => (typeof q === 'string' ? mention.test(q) : q.src !== name && q.src !== '${' + bare + '}' && new RegExp(`\\b${bare}\\b`).test(q.src))))));
    if (other) continue;
    const vars = (scope.vars ??= new Map<string, Val | null>());
    vars.set(name, vars.has(name) ? null : { s: v.v });
  }
}

/** js names bound once by a loop over a literal array of strings: `for (const d of ['dist',
 *  'build'])` and `['dist', 'build'].forEach((d) => ...)`. Only when every other use of the name is
 *  a plain argument of a call (`fs.rmSync(d, {...})`): any other appearance (a parameter, a
 *  declaration, an assignment, an object shorthand) and the name isn't trusted. */
function jsBindings(t: Tok[], scope: Scope): void {
  if (t.some((x) => x.t === 'id' && /^(eval|Function|with|arguments)$/.test(x.v))) return;
  const found: Array<{ name: string; at: number; items: Tok[] }> = [];
  for (let i = 0; i < t.length; i++) {
    if (isWord(t, i, 'for') && isP(t[i + 1], '(') && /^(const|let|var)$/.test(t[i + 2]?.t === 'id' ? idAt(t, i + 2) : '') && t[i + 3]?.t === 'id' && isWord(t, i + 4, 'of') && isP(t[i + 5], '[')) {
      const c = closeTok(t, i + 5);
      if (isP(t[c + 1], ')')) found.push({ name: idAt(t, i + 3), at: i + 3, items: t.slice(i + 5, c + 1) });
    }
    // `const mods = ['./a.js', './b.js']; for (const p of mods)`: the array a const names, when
    // that name appears nowhere else (nothing pushes to it or passes it on) (rt24fp1).
    if (isWord(t, i, 'for') && isP(t[i + 1], '(') && /^(const|let|var)$/.test(t[i + 2]?.t === 'id' ? idAt(t, i + 2) : '') && t[i + 3]?.t === 'id' && isWord(t, i + 4, 'of') && t[i + 5]?.t === 'id' && isP(t[i + 6], ')')) {
      const arr = idAt(t, i + 5);
      const uses = t.flatMap((x, k) => (x.t === 'id' && x.v === arr ? [k] : []));
      const d = uses[0]! - 1;
      if (uses.length === 2 && uses[1] === i + 5 && isWord(t, d, 'const') && isP(t[d + 2], '=') && isP(t[d + 3], '[')) {
        const c = closeTok(t, d + 3);
        if (c > 0 && (t[c + 1] === undefined || isP(t[c + 1], ';') || t[c + 1]!.t === 'nl')) found.push({ name: idAt(t, i + 3), at: i + 3, items: t.slice(d + 3, c + 1) });
      }
    }
    if (isP(t[i], '[') && !(t[i - 1] && (t[i - 1]!.t === 'id' || t[i - 1]!.t === 'str' || isP(t[i - 1], ')') || isP(t[i - 1], ']')))) {
      const c = closeTok(t, i);
      const k = c + 4;
      if (!(isP(t[c + 1], '.') && isWord(t, c + 2, 'forEach') && isP(t[c + 3], '('))) continue;
      let at = -1;
      if (isP(t[k], '(') && t[k + 1]?.t === 'id' && isP(t[k + 2], ')') && isP(t[k + 3], '=>')) at = k + 1;
      else if (t[k]?.t === 'id' && isP(t[k + 1], '=>')) at = k;
      else if (isWord(t, k, 'function') && isP(t[k + 1], '(') && t[k + 2]?.t === 'id' && isP(t[k + 3], ')')) at = k + 2;
      if (at > 0) found.push({ name: idAt(t, at), at, items: t.slice(i, c + 1) });
    }
  }
  // `const d = 'dist'` / `let d = 'dist'`: a string literal (or literals joined with +), the
  // declaration's whole value. Not `var` (a property of the global object, which code can set
  // by a computed name).
  const decls: Array<{ name: string; at: number; val: Val }> = [];
  for (let i = 0; i < t.length; i++) {
    if (!(isWord(t, i, 'const') || isWord(t, i, 'let')) || t[i + 1]?.t !== 'id' || !isP(t[i + 2], '=')) continue;
    let e = i + 3;
    while (t[e]?.t === 'str' && isP(t[e + 1], '+') && t[e + 2]?.t === 'str') e += 2;
    const end = t[e + 1];
    if (t[e]?.t !== 'str' || !(end === undefined || isP(end, ';') || isP(end, '}') || (end.t === 'id' && !/^(in|instanceof|of)$/.test(end.v)))) {
      // `const name = process.argv[1];`: an argument of the line, read without a call.
      let j = i + 3;
      while (j < t.length && !isP(t[j], ';') && !isP(t[j], '}') && t[j]!.t !== 'nl') j++;
      const val = t.slice(i + 3, j);
      // `const out = "dist/config/" + f.replace(/\.ya?ml$/, ".json");`: a literal start joined to
      // something only known at run time keeps that start (as the same expression given inline) (rt27k).
      if (isWord(t, i, 'const') && val[0]?.t === 'str' && isP(val[1], '+') && j < t.length && !val.some((x) => isP(x, '=') || isP(x, '=>'))) {
        const v = evaluate(val, 'js', scope);
        if (v && 'prefix' in v && v.prefix !== '') decls.push({ name: idAt(t, i + 1), at: i + 1, val: v });
        continue;
      }
      if (!val.length || j >= t.length || val.some((x) => isP(x, '(') || isP(x, '=')) || !(val[0]!.t === 'id' && /^process\b/.test(val[0]!.v))) continue;
      const v = evaluate(val, 'js', scope);
      if (v && 's' in v && v.s !== '') decls.push({ name: idAt(t, i + 1), at: i + 1, val: v });
      continue;
    }
    const v = evaluate(t.slice(i + 3, e + 1), 'js', scope);
    if (v && 's' in v && v.s !== '') decls.push({ name: idAt(t, i + 1), at: i + 1, val: v });
  }
  // `const dir = mkdtempSync(join(tmpdir(), 'fmt-'))` (or `await fs.promises.mkdtemp(...)`): a new
  // directory of its own, named when it runs, as python's tempfile.mkdtemp (rt25k1).
  for (let i = 0; i < t.length; i++) {
    if (!(isWord(t, i, 'const') || isWord(t, i, 'let')) || t[i + 1]?.t !== 'id' || !isP(t[i + 2], '=')) continue;
    const v = jsMkdtemp(t, isWord(t, i + 3, 'await') ? i + 4 : i + 3, scope);
    if (v) decls.push({ name: idAt(t, i + 1), at: i + 1, val: v });
  }
  // `const body = { ... };`: an object literal, the declaration's whole value, for a request body.
  // Only when every other use of the name is a call's plain argument (nothing sets a field of it)
  // or a key of that name in an object literal.
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t, i, 'const') || t[i + 1]?.t !== 'id' || !isP(t[i + 2], '=') || !isP(t[i + 3], '{')) continue;
    const c = closeTok(t, i + 3);
    const end = t[c + 1];
    if (c < 0 || !(end === undefined || isP(end, ';') || end.t === 'nl' || (end.t === 'id' && !/^(in|instanceof|of)$/.test(end.v)))) continue;
    const name = idAt(t, i + 1);
    const key = (k: number): boolean => isP(t[k + 1], ':') && (isP(t[k - 1], '{') || isP(t[k - 1], ','));
    const decl = (k: number): boolean => /^(const|let|var|function|class)$/.test(t[k - 1]?.t === 'id' ? idAt(t, k - 1) : '');
    if (t.some((x, k) => k !== i + 1 && x.t === 'id' && x.v === name && decl(k))) continue;
    if (!t.every((x, k) => k === i + 1 || x.t !== 'id' || x.v !== name || isP(t[k - 1], '.') || key(k) || jsArgUse(t, k))) continue;
    (scope.objects ??= new Map()).set(name, t.slice(i + 3, c + 1));
  }
  if (!found.length && !decls.length) return;
  const vars = scope.vars ?? new Map<string, Val | null>();
  const declared = (name: string): number => t.filter((x, k) => x.t === 'id' && x.v === name && /^(const|let|var)$/.test(t[k - 1]?.t === 'id' ? idAt(t, k - 1) : '')).length;
  // Every other use of the name is a call's plain argument (or a property of that name).
  // A literal bound once may also be a computed member's whole key (`const m = 'read' + 'FileSync';
  // fs[m](...)`): the member is then named by that literal, and reflection judges the name.
  const onlyArgs = (name: string, at: number, key = false): boolean => t.every((x, k) => k === at || x.t !== 'id' || x.v !== name || isP(t[k - 1], '.') || jsArgUse(t, k) || (key && jsMemberKey(t, k)));
  for (const { name, at, items } of found) {
    const v = group(items, 'js', scope);
    const ok = v && 'list' in v && v.list.length && !vars.has(name) && found.filter((f) => f.name === name).length === 1 && onlyArgs(name, at);
    vars.set(name, ok ? { each: (v as { list: string[] }).list } : null);
  }
  for (const { name, at, val } of decls) vars.set(name, !vars.has(name) && declared(name) === 1 && onlyArgs(name, at, true) ? val : null);
  scope.vars = vars;
}

const JS_MKDTEMP = new Set(['fs.mkdtempSync', 'fs.mkdtemp', 'fs.promises.mkdtemp', 'fs/promises.mkdtemp']);

/** `mkdtempSync(join(tmpdir(), 'fmt-'))`, `fs.mkdtempSync(path.join(os.tmpdir(), 'x-'))`, as the
 *  whole value (then `;`, a line end or `}`): `/tmp/fmt-*`. Only a literal prefix of plain
 *  characters under the temp directory. */
function jsMkdtemp(t: Tok[], k: number, scope: Scope): Val | undefined {
  if (t[k]?.t !== 'id') return undefined;
  const { segs, end } = parseChain(t, k, 'js');
  const after = t[end + 1];
  if (after && !isP(after, ';') && !isP(after, '}') && after.t !== 'nl') return undefined;
  const call = pathOf(segs, segs.length - 1, scope, 'js');
  const args = segs[segs.length - 1]!.args;
  if (!call || !JS_MKDTEMP.has(call.replace(/^node:/, '')) || args?.length !== 1) return undefined;
  const a = args[0]!;
  if (a[0]?.t !== 'id') return undefined;
  const inner = parseChain(a, 0, 'js');
  const join = pathOf(inner.segs, inner.segs.length - 1, scope, 'js');
  const parts = inner.segs[inner.segs.length - 1]!.args;
  if (inner.end !== a.length - 1 || !join || !/^path\.(posix\.)?join$/.test(join.replace(/^node:/, '')) || parts?.length !== 2) return undefined;
  const tmp = parts[0]!;
  if (tmp[0]?.t !== 'id') return undefined;
  const tc = parseChain(tmp, 0, 'js');
  if (tc.end !== tmp.length - 1 || pathOf(tc.segs, tc.segs.length - 1, scope, 'js')?.replace(/^node:/, '') !== 'os.tmpdir' || tc.segs[tc.segs.length - 1]!.args?.length !== 0) return undefined;
  const prefix = parts[1]!.length === 1 && parts[1]![0]!.t === 'str' ? literal(parts[1]!, 'js', scope) : undefined;
  return prefix !== undefined && /^[\w.-]*$/.test(prefix) ? { pattern: `/tmp/${prefix}*` } : undefined;
}

/** t[k] is the whole key of a computed member read: `obj[k]`, `f()[k]`, not an array literal or a
 *  destructuring pattern, nor an assignment to the member. */
function jsMemberKey(t: Tok[], k: number): boolean {
  const before = t[k - 2];
  return isP(t[k - 1], '[') && isP(t[k + 1], ']') && !!before && (before.t === 'id' || isP(before, ')') || isP(before, ']')) && !(before.t === 'id' && /^(return|typeof|in|of|case|new|await|yield|else|do|void|delete)$/.test(before.v)) && !(t[k + 2]?.t === 'p' && /^([-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=$/.test((t[k + 2] as { v: string }).v));
}

/** t[k] is a whole argument of a call: `f(x)`, `a.b(x, y)`, not a parameter list or a declaration. */
function jsArgUse(t: Tok[], k: number): boolean {
  if (!(isP(t[k - 1], '(') || isP(t[k - 1], ',')) || !(isP(t[k + 1], ')') || isP(t[k + 1], ','))) return false;
  let d = 0;
  let o = -1;
  for (let j = k - 1; j >= 0; j--) {
    const y = t[j]!;
    if (y.t === 'p' && ')]}'.includes(y.v)) d++;
    else if (y.t === 'p' && '([{'.includes(y.v)) {
      if (d === 0) { o = j; break; }
      d--;
    }
  }
  if (o < 1 || !isP(t[o], '(')) return false;
  const callee = t[o - 1]!;
  if (!(callee.t === 'id' || isP(callee, ')'))) return false;
  if (callee.t === 'id' && /^(function|if|while|for|switch|catch|return|typeof|await|async|new)$/.test(callee.v)) return false;
  if (isWord(t, o - 2, 'function') || isWord(t, o - 2, 'async')) return false;
  const c = closeTok(t, o);
  return !(isP(t[c + 1], '{') || isP(t[c + 1], '=>'));
}

// Code that can bind a name in ways not read here: then no name is trusted. (A `def` binds its
// own name and its parameters: those names are not trusted, see pyBindings.)
const PY_OPAQUE = /^(lambda|class|global|nonlocal|exec|eval|globals|locals|vars|setattr|__dict__|__builtins__|del|case)$/;

/** python names bound once: `for p in glob.glob('build/**\/*.o')` (in a loop or a comprehension),
 *  `for f in os.listdir('tmp')` (bare names), `Path('x').rglob('y')`, `d = tempfile.mkdtemp()`,
 *  `p = pathlib.Path('x')` (a literal path). */
function pyBindings(t: Tok[], scope: Scope, code?: string): void {
  if (t.some((x) => x.t === 'id' && PY_OPAQUE.test(x.v))) return;
  // pytest's own tmp_path given to fixtures (pytestTmpPath): read while the bindings are.
  const tmp = pytestTmpPath(t, scope);
  const outer = scope;
  if (tmp) scope = { ...scope, vars: new Map([...(scope.vars ?? []), ['tmp_path', tmp]]) };
  const vars = new Map<string, Val | null>();
  const bind = (name: string, v: Val | undefined): void => void vars.set(name, vars.has(name) || !v ? null : v);
  // Second names of `fd, p = tempfile.mkstemp()` (token indexes), bound there.
  const tempPair = new Set<number>();
  // How many brackets are open at each token.
  const depth: number[] = [];
  let open = 0;
  for (const y of t) {
    if (y.t === 'p' && ')]}'.includes(y.v)) open = Math.max(0, open - 1);
    depth.push(open);
    if (y.t === 'p' && '([{'.includes(y.v)) open++;
  }
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t !== 'id') continue;
    const prev = t[i - 1];
    const next = t[i + 1];
    if (prev?.t === 'id' && prev.v === 'for') {
      // for NAME in CHAIN; a tuple target (for a, b in ...) is not read.
      if (isWord(t, i + 1, 'in') && t[i + 2]?.t === 'id') bind(x.v, listed(t, i + 2, scope));
      else if (isWord(t, i + 1, 'in')) bind(x.v, literalItems(t, i + 2, scope));
      else bind(x.v, undefined);
    } else if (prev?.t === 'id' && prev.v === 'as') bind(x.v, freshWith(t, i, scope));
    // `p: str = 'data'`: an annotated assignment (the lexer keeps no line ends: NAME : TYPE =).
    else if (isP(next, ':') && depth[i] === 0 && !(prev?.t === 'id' && /^(if|elif|while|in|not|and|or|is|return|yield|assert|lambda|else|with|except)$/.test(prev.v)) && annotated(t, i + 2)) bind(x.v, undefined);
    else if (next?.t === 'p' && (/^([-+*/%&|^@]|\/\/|\*\*|<<|>>)?=$|^:=$/.test(next.v)) && !(prev?.t === 'p' && prev.v === '.')) {
      // Part of a tuple target (`a, p = ...`), augmented, or a keyword argument: not read.
      if (next.v !== '=' || (prev?.t === 'p' && prev.v === ',')) { if (!tempPair.has(i)) bind(x.v, undefined); continue; }
      bind(x.v, fresh(t, i + 2, scope, depth[i] === 0 ? code : undefined) ?? (depth[i] === 0 ? pathExpr(t, i + 2, scope, code) : undefined));
    } else if (next?.t === 'p' && next.v === ',') {
      // a, b = ... or (a, b) = ...: any of them may be bound here. Not a call's argument
      // (`rmtree(p, ignore_errors=True)`): inside brackets, only when they close before an `=`.
      // `fd, p = tempfile.mkstemp()`: p is a new file of its own (its own suffix/prefix only).
      if (tupleTarget(t, i, depth[i]!)) bind(x.v, undefined);
      if (depth[i] === 0 && !(prev?.t === 'p' && prev.v === ',') && t[i + 2]?.t === 'id' && isP(t[i + 3], '=')) {
        const made = mkstemp(t, i + 4, scope, code);
        if (made) { bind(idAt(t, i + 2), made); tempPair.add(i + 2); }
      }
    }
  }
  // A name an import binds too (`from cfg import d`) is whatever that module says.
  for (const name of scope.alias.keys()) if (vars.has(name)) vars.set(name, null);
  // `def f(d, e=x, *a, **k):` binds f, and d, e, a, k to whatever a caller passes: none of them is
  // trusted (the fixture's `d = tempfile.mkdtemp(); yield d; shutil.rmtree(d)` in a def's body
  // still is: its only binding). Every name in the parameter list is dropped, annotations and
  // defaults included.
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t, i, 'def')) continue;
    if (t[i + 1]?.t === 'id') vars.set(idAt(t, i + 1), null);
    let open = i + 2;
    if (isP(t[open], '[')) open = closeTok(t, open) + 1;
    if (!isP(t[open], '(')) continue;
    const close = closeTok(t, open);
    for (let k = open + 1; k < close; k++) if (t[k]!.t === 'id' && !(tmp && idAt(t, k) === 'tmp_path')) vars.set(idAt(t, k), null);
  }
  if (tmp) vars.set('tmp_path', tmp);
  outer.vars = vars;
}

/** pytest's directory for one test (tmp_path), as a pattern under the temp dir. */
const PYTEST_TMP: Val = { pattern: '/tmp/pytest-of-*/pytest-*/*' };

/** `@pytest.fixture` (or `@fixture` imported from pytest) right above `def NAME(…, tmp_path, …):`:
 *  pytest gives the fixture its built-in tmp_path, a new directory of this test's own, and a
 *  fixture can't be called directly (pytest raises). Only when every def with a tmp_path
 *  parameter is such a fixture (no default or annotation on it) and nothing else in the code
 *  binds or defines tmp_path (a fixture of that name would replace pytest's) (rt26k). */
function pytestTmpPath(t: Tok[], scope: Scope): Val | undefined {
  let seen = false;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t !== 'id' || x.v !== 'tmp_path') continue;
    const prev = t[i - 1];
    const next = t[i + 1];
    // A use (`tmp_path / "x"`, `str(tmp_path)`) is fine; a binding or definition is not.
    if (isWord(t, i - 1, 'def') || isWord(t, i - 1, 'as') || isWord(t, i - 1, 'for') || isWord(t, i - 1, 'import') || isWord(t, i - 1, 'class')) return undefined;
    if (isP(next, '=') && !isP(prev, '.') && !isP(prev, '(') && !isP(prev, ',')) return undefined;
    if (next && next.t === 'p' && /^([-+*/%&|^@]|\/\/|\*\*|<<|>>)=$|^:=$/.test(next.v)) return undefined;
    // A parameter: find the def whose parameter list holds it.
    let o = i - 1;
    let depth = 0;
    for (; o >= 0; o--) {
      if (isP(t[o], ')') || isP(t[o], ']')) depth++;
      else if (isP(t[o], '(') || isP(t[o], '[')) {
        if (depth === 0) break;
        depth--;
      }
    }
    const isParam = o >= 2 && isP(t[o], '(') && t[o - 1]?.t === 'id' && isWord(t, o - 2, 'def');
    if (!isParam) {
      // A keyword argument `f(tmp_path=…)` passes a value; other uses read it.
      if (isP(next, '=') && (isP(prev, '(') || isP(prev, ','))) return undefined;
      continue;
    }
    if (!(isP(prev, '(') || isP(prev, ',')) || !(isP(next, ')') || isP(next, ','))) return undefined;
    if (!fixtureAbove(t, o - 2, scope)) return undefined;
    seen = true;
  }
  return seen ? PYTEST_TMP : undefined;
}

/** t[d] is `def` right below `@pytest.fixture` or `@pytest.fixture(...)`. */
function fixtureAbove(t: Tok[], d: number, scope: Scope): boolean {
  let e = d - 1;
  if (isP(t[e], ')')) {
    let depth = 0;
    for (; e >= 0; e--) {
      if (isP(t[e], ')')) depth++;
      else if (isP(t[e], '(') && --depth === 0) break;
    }
    e--;
  }
  if (!isWord(t, e, 'fixture')) return false;
  if (isP(t[e - 1], '.') && isWord(t, e - 2, 'pytest') && isP(t[e - 3], '@')) return (scope.alias.get('pytest') ?? 'pytest') === 'pytest';
  return isP(t[e - 1], '@') && scope.alias.get('fixture') === 'pytest.fixture';
}

/** t[k]... is a type (`str`, `os.PathLike`, `list[str]`, `str | None`) and then `=`. */
function annotated(t: Tok[], k: number): boolean {
  if (t[k]?.t !== 'id') return false;
  for (let j = k; j < t.length; j++) {
    const y = t[j]!;
    if (isP(y, '=')) return true;
    if (isP(y, '[')) { j = closeTok(t, j); continue; }
    if (!(y.t === 'id' || isP(y, '.') || isP(y, '|'))) return false;
  }
  return false;
}

/** t[i], followed by a comma, is one of the names an assignment binds: `a, b = ...` at the
 *  statement's level, or `(a, b) = ...` / `[a, b] = ...` when it sits in brackets. */
function tupleTarget(t: Tok[], i: number, d0: number): boolean {
  let d = 0;
  for (let k = i + 1; k < t.length; k++) {
    const y = t[k]!;
    if (d0 === 0 && (y.t === 'nl' || isP(y, ';'))) return false;
    if (y.t === 'p' && '([{'.includes(y.v)) d++;
    else if (y.t === 'p' && ')]}'.includes(y.v)) {
      if (--d < 0) return d0 > 0 && isP(t[k + 1], '=');
    } else if (d === 0 && d0 === 0 && isP(y, '=')) return true;
  }
  return false;
}

/** `d = pathlib.Path(tempfile.gettempdir()) / 'x'`, `d = os.path.join('build', 'x')`: a path
 *  made of literals (the statement from t[k] to its end), else undefined. */
function pathExpr(t: Tok[], k: number, scope: Scope, code?: string): Val | undefined {
  let e = k;
  for (let depth = 0; e < t.length; e++) {
    const y = t[e]!;
    if (y.t === 'p' && '([{'.includes(y.v)) depth++;
    else if (y.t === 'p' && ')]}'.includes(y.v)) depth--;
    else if (depth === 0 && (y.t === 'nl' || (y.t === 'p' && y.v === ';'))) break;
    else if (depth === 0 && e > k && lineEndBetween(code, t[e - 1]!, y)) break;
    // The next statement's first name, after a value (lines aren't always tokens).
    else if (depth === 0 && e > k && y.t === 'id' && !/^(if|else|or|and|for|in|is|not)$/.test(y.v)) {
      const prev = t[e - 1]!;
      if (prev.t !== 'p' || ')]}'.includes(prev.v)) break;
    }
  }
  // Paths, and a string literal alone (`d = 'build'`, then `shutil.rmtree(d)`).
  if (e === k) return undefined;
  // `d = tmp_path / "work"` in a pytest fixture (pytestTmpPath): a path under the test's own.
  if (isWord(t, k, 'tmp_path') && scope.vars?.get('tmp_path') === PYTEST_TMP && t.slice(k + 1, e).every((y, j) => (j % 2 === 0 ? isP(y, '/') : y.t === 'str' && !y.dyn))) {
    const v = evaluate(t.slice(k, e), 'python', scope);
    return v && 'pattern' in v && !v.name ? v : undefined;
  }
  if (!t.slice(k, e).every((y) => y.t === 'str') && !t.slice(k, e).some((y) => y.t === 'id' && /^((Pure)?(Posix)?Path|join|gettempdir|expanduser|abspath|realpath)$/.test(y.v))) return undefined;
  const v = evaluate(t.slice(k, e), 'python', scope);
  return v && 's' in v && typeof v.s === 'string' && v.s !== '' ? { s: v.s } : undefined;
}

/** What `for NAME in` t[k]... yields each time: a path a pattern matches, or a bare name. */
function listed(t: Tok[], k: number, scope: Scope): Val | undefined {
  const { segs } = parseChain(t, k, 'python');
  const path = pathOf(segs, segs.length - 1, scope, 'python');
  const last = segs[segs.length - 1]!;
  const arg = (n: number) => (last.args?.[n] ? literal(last.args[n]!, 'python', scope) : undefined);
  if ((path === 'glob.glob' || path === 'glob.iglob') && last.args?.length) {
    const p = arg(0);
    return p === undefined || !/^[\w.\/*?~-]+$/.test(p) ? undefined : { pattern: p };
  }
  if (path === 'os.listdir' || path === 'os.scandir') {
    // Bare names, relative to where the code runs (dot files too).
    return last.args?.length && arg(0) === undefined ? undefined : { pattern: '*', name: true };
  }
  const m = /\.(r?glob)$/.exec(path ?? '');
  if (m && segs.length >= 2) {
    const base = evaluate(t.slice(k, segs[segs.length - 2]!.end + 1), 'python', scope);
    const p = arg(0);
    // Path.glob('**/NAME') walks the tree as rglob('NAME') does.
    if (!base || !('s' in base) || p === undefined || !(m[1] === 'glob' ? /^(\*\*\/)?[\w.*?-]+$/ : /^[\w.*?-]+$/).test(p)) return undefined;
    return { pattern: `${base.s.replace(/\/+$/, '') || '.'}/${m[1] === 'rglob' ? '**/' : ''}${p}` };
  }
  return undefined;
}

/** `for p in ('build', 'dist')` (a loop or a comprehension): each of those strings in turn. Only
 *  when the tuple or list is the whole iterable (then `:`, or the comprehension goes on or ends). */
function literalItems(t: Tok[], k: number, scope: Scope): Val | undefined {
  if (!isP(t[k], '(') && !isP(t[k], '[')) return undefined;
  const c = closeTok(t, k);
  const after = t[c + 1];
  if (!(isP(after, ':') || isP(after, ']') || isP(after, ')') || isP(after, '}') || isWord(t, c + 1, 'if') || isWord(t, c + 1, 'for'))) return undefined;
  const v = group(t.slice(k, c + 1), 'python', scope);
  return v && 'list' in v && v.list.length ? { each: v.list } : undefined;
}

/** A python line end (not continued with a backslash) between two tokens of the source. */
function lineEndBetween(code: string | undefined, a: Tok, b: Tok): boolean {
  return code !== undefined && /^[^\S\n]*(#[^\n]*)?\n/.test(code.slice(a.e, b.s));
}

/** python `payload = {...}` (a dict literal, the statement's whole value, at the top level), the
 *  name's one binding, then only handed to calls: `requests.post(u, json=payload)`,
 *  `json.dumps(payload)`. Anything else (`payload["query"] = ...`, `payload.update(...)`, another
 *  binding, an alias) and it isn't read. For jsonValue (rt22fp2). */
function pyObjects(t: Tok[], scope: Scope, code?: string): void {
  if (code === undefined || t.some((x) => x.t === 'id' && PY_OPAQUE.test(x.v))) return;
  // The bracket each token sits in, innermost.
  const inside: Array<string | undefined> = [];
  const stack: string[] = [];
  for (const y of t) {
    if (y.t === 'p' && ')]}'.includes(y.v)) stack.pop();
    inside.push(stack[stack.length - 1]);
    if (y.t === 'p' && '([{'.includes(y.v)) stack.push(y.v);
  }
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t !== 'id' || inside[i] !== undefined || !isP(t[i + 1], '=') || !isP(t[i + 2], '{')) continue;
    if (t[i - 1] && !lineEndBetween(code, t[i - 1]!, x) && !isP(t[i - 1], ';')) continue;
    const c = closeTok(t, i + 2);
    const end = t[c + 1];
    if (c < 0 || c >= t.length || !(end === undefined || isP(end, ';') || lineEndBetween(code, t[c]!, end))) continue;
    const name = x.v;
    // A call's argument, plain or by keyword: `f(payload)`, `f(json=payload)`.
    const passed = (k: number): boolean => inside[k] === '(' && (isP(t[k + 1], ')') || isP(t[k + 1], ',')) && (isP(t[k - 1], '(') || isP(t[k - 1], ',') || (isP(t[k - 1], '=') && t[k - 2]?.t === 'id' && (isP(t[k - 3], '(') || isP(t[k - 3], ','))));
    if (!t.every((y, k) => k === i || y.t !== 'id' || y.v !== name || isP(t[k - 1], '.') || passed(k))) continue;
    // Not a parameter of a def (`def send(payload): requests.post(u, json=payload)`).
    if (t.some((y, k) => isWord(t, k, 'def') && isP(t[k + 2], '(') && t.slice(k + 3, closeTok(t, k + 2)).some((z) => z.t === 'id' && z.v === name))) continue;
    (scope.objects ??= new Map()).set(name, t.slice(i + 2, c + 1));
  }
}

/** `with tempfile.TemporaryDirectory() as d:` (t[i] is d): a new directory of its own. */
function freshWith(t: Tok[], i: number, scope: Scope): Val | undefined {
  if (!isP(t[i - 2], ')') || !isP(t[i - 3], '(')) return undefined;
  let j = i - 4;
  while (t[j]?.t === 'id' && isP(t[j - 1], '.') && t[j - 2]?.t === 'id') j -= 2;
  if (t[j]?.t !== 'id' || !(isWord(t, j - 1, 'with') || isP(t[j - 1], ','))) return undefined;
  const { segs, end } = parseChain(t, j, 'python');
  return end === i - 2 && pathOf(segs, segs.length - 1, scope, 'python') === 'tempfile.TemporaryDirectory' ? { pattern: '/tmp/tmp*' } : undefined;
}

/** `tempfile.mkdtemp()`: a new directory of its own, named only when it runs. `code`: the source,
 *  when the assignment is a statement of its own (not inside brackets), to see its line end. */
function fresh(t: Tok[], k: number, scope: Scope, code?: string): Val | undefined {
  if (t[k]?.t !== 'id') return undefined;
  const { segs, end } = parseChain(t, k, 'python');
  // The statement ends there: a newline (no token), `;`, or the next statement's first name
  // (a keyword only after a line end: `d = mkdtemp() if x else 'data'` goes on).
  const after = t[end + 1];
  const lineEnd = after && t[end] && lineEndBetween(code, t[end]!, after);
  if (after && !lineEnd && after.t !== 'nl' && !(after.t === 'p' && after.v === ';') && !(after.t === 'id' && !/^(if|else|or|and|for|in|is|not)$/.test(after.v))) return undefined;
  const path = pathOf(segs, segs.length - 1, scope, 'python');
  const args = segs[segs.length - 1]!.args;
  // `p = pathlib.Path('tsconfig.json')`: the literal path (then `p.write_text(...)` names it).
  if (segs.length >= 1 && args?.length === 1 && /^(pathlib\.)?(Pure)?(Posix)?Path$/.test(path ?? '')) {
    const lit = literal(args[0]!, 'python', scope);
    return lit !== undefined && lit !== '' ? { s: lit } : undefined;
  }
  if (path !== 'tempfile.mkdtemp' || !args) return undefined;
  // `mkdtemp(prefix='proj-', suffix='-x')`: still a new directory of its own in the temp dir.
  return tempName(args, scope);
}

/** `tempfile.mkstemp()` (at most literal `prefix=`/`suffix=` of plain characters) as the whole
 *  statement: its second item is a new file of its own in the temp dir. */
function mkstemp(t: Tok[], k: number, scope: Scope, code?: string): Val | undefined {
  if (t[k]?.t !== 'id') return undefined;
  const { segs, end } = parseChain(t, k, 'python');
  const after = t[end + 1];
  if (after && !(t[end] && lineEndBetween(code, t[end]!, after)) && after.t !== 'nl' && !(after.t === 'p' && after.v === ';')) return undefined;
  const args = segs[segs.length - 1]!.args;
  if (pathOf(segs, segs.length - 1, scope, 'python') !== 'tempfile.mkstemp' || !args) return undefined;
  return tempName(args, scope);
}

/** mkdtemp's and mkstemp's name: only literal `prefix=`/`suffix=` of plain characters (not `dir=`,
 *  which puts it elsewhere, or a part with a slash or a pattern character). */
function tempName(args: Tok[][], scope: Scope): Val | undefined {
  const parts: Record<string, string> = table();
  for (const a of args) {
    const v = a.length === 3 && a[0]!.t === 'id' && isP(a[1], '=') && a[2]!.t === 'str' ? literal([a[2]!], 'python', scope) : undefined;
    if (v === undefined || !/^(prefix|suffix)$/.test(idAt(a, 0)) || !/^[\w.-]*$/.test(v)) return undefined;
    parts[idAt(a, 0)] = v;
  }
  return { pattern: `/tmp/${parts.prefix ?? 'tmp'}*${parts.suffix ?? ''}` };
}

const idAt = (t: Tok[], k: number): string => (t[k] as { v: string }).v;
const isWord = (t: Tok[], k: number, word: string): boolean => t[k]?.t === 'id' && idAt(t, k) === word;

/** a.b.c starting at t[k], and the index after it. */
function dotted(t: Tok[], k: number): { name: string; next: number } {
  let name = idAt(t, k);
  let j = k + 1;
  while (isP(t[j], '.') && t[j + 1]?.t === 'id') { name += `.${idAt(t, j + 1)}`; j += 2; }
  return { name, next: j };
}

/** python `import a.b as c, d`. */
function pyImport(t: Tok[], i: number, { alias }: Scope): void {
  let j = i + 1;
  while (t[j]?.t === 'id') {
    const d = dotted(t, j);
    j = d.next;
    if (isWord(t, j, 'as') && t[j + 1]?.t === 'id') { alias.set(idAt(t, j + 1), d.name); j += 2; } else alias.set(d.name.split('.')[0]!, d.name.split('.')[0]!);
    if (!isP(t[j], ',')) break;
    j++;
  }
}

/** python `from m import a as b, c` and `from m import *`. */
function pyFromImport(t: Tok[], i: number, { alias, star }: Scope): void {
  const d = dotted(t, i + 1);
  let j = d.next;
  if (!isWord(t, j, 'import')) return;
  j++;
  if (isP(t[j], '(')) j++;
  if (isP(t[j], '*')) { star.push(d.name); return; }
  while (t[j]?.t === 'id') {
    const nm = idAt(t, j);
    j++;
    let local = nm;
    if (isWord(t, j, 'as') && t[j + 1]?.t === 'id') { local = idAt(t, j + 1); j += 2; }
    alias.set(local, `${d.name}.${nm}`);
    if (!isP(t[j], ',')) break;
    j++;
  }
}

/** js `const X = require('m').y` / `const { a, b: c } = require('m')` / `= X` / `= await import('m')`. */
function jsDeclaration(t: Tok[], i: number, scope: Scope): void {
  let j = i + 1;
  let names: Array<[string, string]> = [];
  if (t[j]?.t === 'id') { names = [[idAt(t, j), '']]; j++; } else if (isP(t[j], '{')) {
    const c = closeTok(t, j);
    for (const part of splitArgs(t.slice(j + 1, c))) {
      const ids = part.filter((p) => p.t === 'id').map((p) => (p as { v: string }).v);
      if (ids.length === 1) names.push([ids[0]!, ids[0]!]);
      else if (ids.length >= 2 && isP(part[1], ':')) names.push([ids[1]!, ids[0]!]);
    }
    j = c + 1;
  } else return;
  if (!isP(t[j], '=')) return;
  j++;
  if (isWord(t, j, 'await')) j++;
  if (t[j]?.t !== 'id') return;
  const { segs } = parseChain(t, j, 'js');
  const base = chainBase(segs, scope, 'js');
  if (!base) return;
  const full = [base.root, ...segs.slice(base.from).map((s) => s.name)].join('.');
  for (const [local, prop] of names) scope.alias.set(local, prop ? `${full}.${prop}` : full);
}

/** js `import X from 'm'` / `import * as X from 'm'` / `import { a as b } from 'm'`. */
function jsImport(t: Tok[], i: number, { alias }: Scope): void {
  let j = i + 1;
  const names: Array<[string, string]> = [];
  while (j < t.length && !isWord(t, j, 'from')) {
    const y = t[j]!;
    if (isP(y, '*') && t[j + 2]?.t === 'id') { names.push([idAt(t, j + 2), '']); j += 3; continue; }
    if (isP(y, '{')) {
      const c = closeTok(t, j);
      for (const part of splitArgs(t.slice(j + 1, c))) {
        const ids = part.filter((p) => p.t === 'id').map((p) => (p as { v: string }).v);
        if (ids.length === 1) names.push([ids[0]!, ids[0]!]);
        else if (ids.length === 3 && ids[1] === 'as') names.push([ids[2]!, ids[0]!]);
      }
      j = c + 1;
      continue;
    }
    if (y.t === 'id') names.push([y.v, 'default']);
    j++;
  }
  const m = t[j + 1];
  if (m?.t !== 'str') return;
  const mod = normModule(m.v);
  for (const [local, prop] of names) alias.set(local, prop && prop !== 'default' ? `${mod}.${prop}` : mod);
}

const MODULE_CALLS = new Set(['require', '__import__', 'import']);

/** The module or name a chain starts from, and the first segment after it. */
export function chainBase(segs: Seg[], scope: Scope, fam: Family): { root: string; from: number; module?: boolean } | undefined {
  const s0 = segs[0]!;
  if (MODULE_CALLS.has(s0.name) && s0.args?.length) {
    const m = literal(s0.args[0]!, fam, scope);
    return m !== undefined ? { root: normModule(m), from: 1, module: true } : undefined;
  }
  if (s0.name === 'importlib' && segs[1]?.name === 'import_module' && segs[1].args?.length) {
    const m = literal(segs[1].args[0]!, fam, scope);
    return m !== undefined ? { root: m, from: 2, module: true } : undefined;
  }
  let name = s0.name.replace(/^::/, '');
  if (fam === 'perl' || fam === 'ruby') name = name.replace(/::/g, '.');
  // perl &name(...) calls name; CORE::system is the builtin (CORE::GLOBAL:: its override, if any)
  if (fam === 'perl') name = name.replace(/^&(?=\w)/, '').replace(/^CORE\.(GLOBAL\.)?(?=\w)/, '');
  return { root: scope.alias.get(name) ?? name, from: 1 };
}

export function pathOf(segs: Seg[], k: number, scope: Scope, fam: Family): string | undefined {
  const b = chainBase(segs, scope, fam);
  if (!b) return undefined;
  return [b.root, ...segs.slice(b.from, k + 1).map((s) => s.name)].join('.');
}

// ------------------------------------------------------------------ values

/** `prefix`: a string known to start with this text, the rest only known at run time
 *  (`\`tmp/${i}.json\``, 'out/' + name): a path under that directory, as a shell word `out/$X` is. */
/** `pattern`: one path the glob matches, only known at run time (`name`: a bare name, as
 *  os.listdir gives, to be joined to its directory). */
/** `each`: a loop name that is each of these strings in turn (only a delete or write of the bare
 *  name reads it: one path each time; anything else treats it as unknown). */
export type Val = { s: string } | { list: string[] } | { env: true } | { pathcls: true } | { prefix: string } | { pattern: string; name?: true } | { each: string[] };

const HOME_CALLS = new Set(['os.homedir', 'pathlib.Path.home', 'Path.home', 'Dir.home', 'File.home', 'Etc.getpwuid.dir', 'Deno.homeDir']);
const CWD_CALLS = new Set(['os.getcwd', 'process.cwd', 'Dir.pwd', 'Deno.cwd', 'getcwd', 'Cwd.getcwd', 'cwd', 'Cwd.cwd', 'pathlib.Path.cwd', 'Path.cwd']);
const ENV_OBJECTS = new Set(['os.environ', 'process.env', 'ENV', '$ENV', '$_SERVER', '$_ENV', 'Bun.env', 'Deno.env']);
const IDENTITY = new Set(['os.path.expanduser', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.fspath', 'str', 'String', 'pathlib.Path',
  'Path', 'pathlib.PurePath', 'PurePath', 'pathlib.PosixPath', 'PosixPath', 'File.expand_path', 'File.absolute_path', 'Pathname.new', 'Pathname',
  'path.normalize', 'realpath', 'abs_path', 'Cwd.abs_path', 'glob', 'os.path.expandvars', 'File.realpath', 'fs.realpathSync', 'URL']);
const JOIN = new Set(['os.path.join', 'path.join', 'path.resolve', 'path.posix.join', 'File.join', 'catfile', 'catdir', 'File.Spec.catfile',
  'File.Spec.catdir', 'posixpath.join']);
const RESTARTING_JOINS = new Set(['os.path.join', 'posixpath.join', 'path.resolve']);
/** The tokens are a call for the working directory (`os.getcwd()`, `process.cwd()`). */
function isCwdCall(toks: Tok[], fam: Family, scope: Scope): boolean {
  const t = toks.filter((x) => x.t !== 'nl');
  if (t[0]?.t !== 'id') return false;
  const { segs, end } = parseChain(t, 0, fam);
  return end === t.length - 1 && CWD_CALLS.has(pathOf(segs, segs.length - 1, scope, fam) ?? '');
}
const B64 = new Set(['base64.b64decode', 'base64.decodebytes', 'base64.standard_b64decode', 'base64.urlsafe_b64decode', 'atob', 'Base64.decode64',
  'Base64.strict_decode64', 'Base64.urlsafe_decode64', 'decode_base64', 'MIME.Base64.decode_base64', 'base64_decode']);
const STR_METHODS = new Set(['decode', 'toString', 'strip', 'trim', 'expanduser', 'resolve', 'absolute', 'expand_path', 'to_s', 'as_posix',
  'rstrip', 'lstrip', 'chomp', 'realpath', 'normalize', 'cleanpath']);

function b64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8');
}

/** The value of an expression when it's literal after simple resolution, else undefined. */
export function evaluate(toks: Tok[], fam: Family, scope: Scope): Val | undefined {
  const t = toks.filter((x) => x.t !== 'nl');
  if (!t.length) return undefined;
  const op = topOperator(t, fam);
  if (op > 0) return concat(t, op, fam, scope);
  if (t.every((x) => x.t === 'str')) return strings(t as Array<Extract<Tok, { t: 'str' }>>, fam, scope);
  const x = t[0]!;
  if (t.length === 1 && x.t === 'num' && x.v !== 're') return { s: x.v };
  if (t.length === 1 && x.t === 'list') return { list: x.items };
  // (expr) and [a, b] / (a, b) lists; (Path.home() / 'x').unlink() style goes on below
  if ((isP(x, '(') || isP(x, '[')) && closeTok(t, 0) === t.length - 1) return group(t, fam, scope);
  if (fam === 'php' && x.t === 'id' && x.v.toLowerCase() === 'array' && isP(t[1], '(')) return evaluate(t.slice(1), fam, scope);
  // 'a b'.split(), (expr).strip(): a value, then methods on it
  const head = x.t === 'str' ? 0 : isP(x, '(') ? closeTok(t, 0) : -1;
  if (head >= 0 && isP(t[head + 1], '.')) {
    const v = evaluate(t.slice(0, head + 1), fam, scope);
    const { segs, end } = parseChain([{ t: 'id', v: '_', s: 0, e: 0 }, ...t.slice(head + 1)], 0, fam);
    if (!v || end !== t.length - head - 1) return undefined;
    return methods(v, segs.slice(1), fam, scope);
  }
  if (x.t !== 'id') return undefined;
  const bound = t.length === 1 ? scope.vars?.get(x.v) : undefined;
  if (bound) return bound;
  const { segs, end } = parseChain(t, 0, fam);
  if (end !== t.length - 1) return undefined;
  return chainValue(segs, fam, scope);
}

/** The last top-level concatenation operator: + everywhere, . in perl/php, / for python paths.
 *  0 when there is none (an operator can't come first). */
function topOperator(t: Tok[], fam: Family): number {
  const ops = fam === 'perl' || fam === 'php' ? ['.'] : fam === 'python' ? ['+', '/'] : ['+'];
  let d = 0;
  for (let i = t.length - 1; i > 0; i--) {
    const x = t[i]!;
    if (x.t === 'p' && ')]}'.includes(x.v)) d++;
    else if (x.t === 'p' && '([{'.includes(x.v)) d--;
    else if (d === 0 && x.t === 'p' && ops.includes(x.v)) return i;
  }
  return 0;
}

/** a + b: strings join (python `/` as a path), lists add. */
function concat(t: Tok[], i: number, fam: Family, scope: Scope): Val | undefined {
  const op = (t[i] as { v: string }).v;
  const l = evaluate(t.slice(0, i), fam, scope);
  const r = evaluate(t.slice(i + 1), fam, scope);
  if (l && r && 's' in l && 's' in r) return { s: op === '/' ? `${l.s.replace(/\/$/, '')}/${r.s}` : l.s + r.s };
  if (l && r && 'list' in l && 'list' in r && op === '+') return { list: [...l.list, ...r.list] };
  // A path inside a new directory of its own (`d + '/x'`, `Path(d) / 'x'` after `d = mkdtemp()`).
  if (l && r && 'pattern' in l && !l.name && 's' in r && (op === '/' ? !r.s.startsWith('/') : r.s.startsWith('/')) && /^[\w./-]+$/.test(r.s) && !r.s.split('/').includes('..')) {
    return { pattern: `${l.pattern}/${r.s.replace(/^\/+/, '')}` };
  }
  // A string joined to something only known at run time keeps its known start. Not python's
  // `/`: Path('tmp') / '/etc' is /etc.
  if (op === '/' || !l) return undefined;
  if ('prefix' in l) return l;
  if (!('s' in l)) return undefined;
  if (r && 'prefix' in r) return { prefix: l.s + r.prefix };
  return l.s ? { prefix: l.s } : undefined;
}

/** Adjacent string literals join. */
function strings(t: Array<Extract<Tok, { t: 'str' }>>, fam: Family, scope: Scope): Val | undefined {
  let s = '';
  for (const x of t) {
    const v = parts(x, fam, scope);
    if (typeof v !== 'string') return v && v.prefix !== '' ? { prefix: s + v.prefix } : s ? { prefix: s } : undefined;
    s += v;
  }
  return { s };
}

/** (expr) is its value (a one-item list in perl); (a, b) and [a, b] are lists, flattened. */
function group(t: Tok[], fam: Family, scope: Scope): Val | undefined {
  const items = splitArgs(t.slice(1, t.length - 1));
  if (isP(t[0], '(') && items.length === 1 && !(fam === 'perl')) return evaluate(items[0]!, fam, scope);
  const list: string[] = [];
  for (const it of items) {
    const v = evaluate(it, fam, scope);
    if (!v) return undefined;
    if ('s' in v) list.push(v.s);
    else if ('list' in v) list.push(...v.list);
    else return undefined;
  }
  return { list };
}

/** A string's text; `{ prefix }` up to an interpolation only known at run time. */
function parts(x: Extract<Tok, { t: 'str' }>, fam: Family, scope: Scope): string | { prefix: string } | undefined {
  let s = '';
  for (const p of x.parts) {
    if (typeof p === 'string') { s += p; continue; }
    const v = evaluate(lex(p.src, fam === 'js' ? 'node' : fam), fam, scope);
    if (v && 'prefix' in v) return { prefix: s + v.prefix };
    if (!v || !('s' in v)) return { prefix: s };
    s += v.s;
  }
  return s;
}

export function literal(toks: Tok[], fam: Family, scope: Scope): string | undefined {
  const v = evaluate(toks, fam, scope);
  return v && 's' in v ? v.s : undefined;
}

function envName(toks: Tok[] | undefined, fam: Family, scope: Scope): Val | undefined {
  if (!toks) return undefined;
  // perl $ENV{HOME}: a bare word key
  if (toks.length === 1 && toks[0]!.t === 'id') return { s: `$${toks[0]!.v}` };
  const k = literal(toks, fam, scope);
  return k !== undefined ? { s: `$${k}` } : undefined;
}

export function chainValue(segs: Seg[], fam: Family, scope: Scope): Val | undefined {
  // A name bound once to a value (pyBindings): `p = Path('x')`, then `p.write_text(...)`.
  if (segs.length === 1 && !segs[0]!.args && !segs[0]!.index && !segs[0]!.name.includes('.')) {
    const bound = scope.vars?.get(segs[0]!.name);
    if (bound) return bound;
  }
  const b = chainBase(segs, scope, fam);
  if (!b) return undefined;
  let path = b.root;
  const s0 = segs[0]!;
  // A call on the root itself (str(x), Path('x'), glob('~'))
  const rootCall = !b.module && s0.args !== undefined;
  const steps: Array<{ seg: Seg; isRoot: boolean }> = [...(rootCall ? [{ seg: s0, isRoot: true }] : []), ...segs.slice(b.from).map((seg) => ({ seg, isRoot: false }))];
  let val: Val | undefined = rootCall ? undefined : nameValue(path, true) ?? (path === 'Path' || path === 'pathlib.Path' ? { pathcls: true } : undefined);
  for (const { seg, isRoot } of steps) {
    if (val !== undefined) {
      val = methods(val, [seg], fam, scope);
      if (!val) return undefined;
      continue;
    }
    // Still a name: a.b.c, until it is something known or called
    if (!isRoot) path += seg.name === '[]' || seg.name === '()' ? '' : `.${seg.name}`;
    if (seg.name === '[]' && ARGV_LISTS.has(path) && scope.argv && seg.index) {
      const k = literal(seg.index, fam, scope);
      const v = k !== undefined && /^[1-9]\d*$/.test(k) && Number(k) >= argvFrom(path) ? scope.argv[Number(k) - 1] : undefined;
      if (v === undefined) return undefined;
      val = { s: v };
      continue;
    }
    if (seg.name === '[]') return undefined;
    val = nameValue(path, !seg.args);
    if (val || !seg.args) continue;
    val = callValue(path, seg.args, fam, scope);
    if (!val) return undefined;
  }
  return val;
}

/** What a name stands for by itself: the environment (`bare`: not called), the home or working directory. */
function nameValue(path: string, bare: boolean): Val | undefined {
  if (bare && ENV_OBJECTS.has(path)) return { env: true };
  if (HOME_CALLS.has(path)) return { s: '~' };
  if (CWD_CALLS.has(path)) return { s: '.' };
  return undefined;
}

/** The value of a known function called with literal arguments: getenv, path joins, base64, shlex.split. */
function callValue(path: string, a: Tok[][], fam: Family, scope: Scope): Val | undefined {
  if (path === 'os.getenv' || path === 'getenv' || path === 'Deno.env.get') return envName(a[0], fam, scope);
  // python's temporary directory: $TMPDIR, $TEMP or $TMP when set, else /tmp (rules/match.ts envArg).
  if (path === 'tempfile.gettempdir' && !a.length) return { s: '$TMPDIR' };
  // ruby's Dir.glob('coverage/*') / Dir['x/*']: the paths a literal pattern matches
  // (redteam22-fp1: `FileUtils.rm_rf(Dir.glob("coverage/*"))`).
  if (path === 'Dir.glob' && a.length === 1 && fam === 'ruby') {
    const p = literal(a[0]!, fam, scope);
    return p === undefined || !/^[\w.\/*?~-]+$/.test(p) ? undefined : { pattern: p };
  }
  if (JOIN.has(path) && scope.vars?.size) {
    // os.path.join('tmp', f) with f a name os.listdir('tmp') gave: tmp/*.
    const vs = a.map((x) => evaluate(x, fam, scope));
    if (vs.some((v) => v && 'pattern' in v) && vs.every((v) => v && ('s' in v || 'pattern' in v))) {
      const parts = vs.map((v) => ('s' in v! ? v.s : (v as { pattern: string }).pattern));
      // Climbing out of what the pattern matched, or a part known only as '.', is not read.
      if (parts.some((x, k) => k > 0 && (/(^|\/)\.\.(\/|$)/.test(x) || isCwdCall(a[k]!, fam, scope)))) return undefined;
      return { pattern: parts.reduce((acc, v) => (v.startsWith('/') ? v : acc ? `${acc.replace(/\/$/, '')}/${v}` : v), '') };
    }
  }
  // Path(d), str(d) of a new directory of its own (`d = tempfile.mkdtemp()`): still that directory.
  if (IDENTITY.has(path) && a.length === 1 && scope.vars?.size) {
    const v = evaluate(a[0]!, fam, scope);
    if (v && 'pattern' in v && !v.name) return v;
  }
  // perl's and php's glob('d*/*') match paths: a pattern, not a file of that name (redteam22-fp1:
  // `perl -e 'unlink glob("*/*.sqlite")'` was read as one file named `*/*.sqlite`). Braces and
  // more than one pattern: unknown.
  if (path === 'glob' && a.length >= 1) {
    const p = literal(a[0]!, fam, scope);
    if (p !== undefined && /[*?[{\s]/.test(p)) return /[{\s]/.test(p) || a.length > 1 && fam !== 'php' ? undefined : { pattern: p };
  }
  if (IDENTITY.has(path) || JOIN.has(path)) {
    const given = a.filter((x) => !(fam === 'python' && isP(x[1], '=')));
    const vs = given.map((x) => literal(x, fam, scope));
    if (!vs.length || vs.some((v) => v === undefined)) return undefined;
    // The working directory is absolute when the code runs: a join that restarts at an absolute
    // part (os.path.join, path.resolve) restarts there (os.path.join('/tmp', os.getcwd(), 'data')).
    const restarts = RESTARTING_JOINS.has(path);
    return { s: (vs as string[]).reduce((acc, v, k) => (v.startsWith('/') || (restarts && isCwdCall(given[k]!, fam, scope)) ? v : acc ? `${acc.replace(/\/$/, '')}/${v}` : v), '') };
  }
  if (B64.has(path) || (path === 'Buffer.from' && a[1] && literal(a[1], fam, scope) === 'base64')) {
    const s = a[0] ? literal(a[0], fam, scope) : undefined;
    return s === undefined ? undefined : { s: b64(s) };
  }
  if (path === 'Buffer.from' && a.length === 1) {
    const s = literal(a[0]!, fam, scope);
    return s === undefined ? undefined : { s };
  }
  if (path === 'shlex.split' || path === 'Shellwords.split' || path === 'Shellwords.shellsplit') {
    const s = a[0] ? literal(a[0], fam, scope) : undefined;
    if (s === undefined) return undefined;
    return { list: s.match(/'[^']*'|"(?:[^"\\]|\\.)*"|\S+/g)?.map((x) => x.replace(/^(['"])(.*)\1$/s, '$2')) ?? [] };
  }
  return undefined;
}

/** Method calls on a known value: env lookups, Path.home(), string methods. */
function methods(start: Val, segs: Seg[], fam: Family, scope: Scope): Val | undefined {
  let val: Val | undefined = start;
  for (const seg of segs) {
    if (!val) return undefined;
    if ('env' in val) {
      if (seg.name === '[]') val = envName(seg.index, fam, scope);
      else if ((seg.name === 'get' || seg.name === 'fetch') && seg.args) val = envName(seg.args[0], fam, scope);
      else if (!seg.args && seg.name !== '()') val = { s: `$${seg.name}` };
      else return undefined;
      continue;
    }
    if ('pathcls' in val) {
      if (seg.name === 'home') val = { s: '~' };
      else if (seg.name === 'cwd') val = { s: '.' };
      else return undefined;
      continue;
    }
    if ('s' in val) {
      if (seg.name === '()') continue;
      if (seg.name === '[]') return undefined;
      if (seg.name === 'split' && (!seg.args || seg.args.length === 0)) { val = { list: val.s.split(/\s+/).filter(Boolean) }; continue; }
      if ((seg.name === 'joinpath' || seg.name === 'join') && seg.args?.length) {
        const vs = seg.args.map((x) => literal(x, fam, scope));
        if (vs.some((v) => v === undefined)) return undefined;
        val = { s: [val.s, ...(vs as string[])].join('/') };
        continue;
      }
      if (STR_METHODS.has(seg.name)) continue;
      return undefined;
    }
    return undefined;
  }
  return val;
}

export const NO = Symbol('not literal');

/** A JSON-able literal: strings, numbers, booleans, null, lists and dicts/objects of them. */
// Fields a GraphQL server reads its document from (or a persisted query's hash), or a database
// its statements (http/sql.ts FIELD).
const DOCUMENT_FIELD = /^(query|operations|mutation|extensions|sql|statement|statements|stmt|sqltext|command|requests)$/i;

export function jsonValue(toks: Tok[], fam: Family, scope: Scope): unknown {
  const t = toks.filter((x) => x.t !== 'nl');
  // `const body = {...}` bound once and only passed on (jsBindings): that object.
  if (t.length === 1 && t[0]!.t === 'id' && scope.objects?.has(t[0]!.v)) {
    const o = scope.objects.get(t[0]!.v)!;
    scope.objects.delete(t[0]!.v);
    const v = jsonValue(o, fam, scope);
    scope.objects.set(t[0]!.v, o);
    return v;
  }
  if (t.length === 1 && t[0]!.t === 'id') {
    const v = t[0]!.v;
    if (v === 'true' || v === 'True') return true;
    if (v === 'false' || v === 'False') return false;
    if (v === 'null' || v === 'None' || v === 'nil') return null;
  }
  if (t.length === 1 && t[0]!.t === 'num' && t[0]!.v !== 're') return Number(t[0]!.v);
  if ((isP(t[0], '{') || isP(t[0], '[')) && closeTok(t, 0) === t.length - 1) {
    const items = splitArgs(t.slice(1, -1));
    if (isP(t[0], '[')) {
      const arr = items.map((x) => jsonValue(x, fam, scope));
      return arr.includes(NO) ? NO : arr;
    }
    const obj: Record<string, unknown> = table();
    for (const it of items) {
      const colon = it.findIndex((x) => isP(x, ':') || isP(x, '=>'));
      if (colon !== 1) return NO;
      const k = it[0]!;
      // js `{a: 1}`, ruby `{a: 1}` (a symbol key, a string in JSON)
      const key = k.t === 'str' && !k.dyn ? k.v : k.t === 'id' && (fam === 'js' || (fam === 'ruby' && isP(it[1], ':'))) ? k.v : undefined;
      if (key === undefined) return NO;
      let v = jsonValue(it.slice(2), fam, scope);
      // `version: 'api@' + pkg.version`, f"Bearer {token}": a string whose start is known. Under a
      // field no server reads a document or statement from (not query, sql...) its run-time rest
      // can't be a mutation or SQL, and JSON keeps it inside that field (rt22fp2).
      if (v === NO && !DOCUMENT_FIELD.test(key)) {
        const e = evaluate(it.slice(2), fam, scope);
        if (e && 'prefix' in e) v = e.prefix;
      }
      if (v === NO) return NO;
      obj[key] = v;
    }
    return obj;
  }
  // json.dumps({...}) / JSON.stringify({...}) and their .encode()
  if (t[0]?.t === 'id' && (t[0].v === 'json' || t[0].v === 'JSON') && isP(t[1], '.') && t[2]?.t === 'id' && (t[2].v === 'dumps' || t[2].v === 'stringify') && isP(t[3], '(')) {
    const c = closeTok(t, 3);
    const rest = t.slice(c + 1);
    if (rest.length && !(rest.length === 4 && isP(rest[0], '.') && rest[1]?.t === 'id' && rest[1].v === 'encode' && isP(rest[2], '(') && isP(rest[3], ')'))) return NO;
    const inner = splitArgs(t.slice(4, c))[0];
    const v = inner ? jsonValue(inner, fam, scope) : NO;
    return v === NO ? NO : JSON.stringify(v);
  }
  const v = evaluate(t, fam, scope);
  return v && 's' in v ? v.s : NO;
}
