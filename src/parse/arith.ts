// bash evaluates a variable's value as arithmetic ($((x)), ((x)), [[ x -eq y ]], ${a[x]}, let,
// declare -i) and as a name (${!x}, declare -n); an array subscript in that value, `a[$(cmd)]`,
// runs cmd. These helpers find the names an arithmetic context reads, the commands a value's
// subscripts would run, and whether a producer's output only has a fixed shape (numbers).
import type { TSNode } from './treesitter.js';

/** Nodes walked as statements of their own: their arithmetic is checked when they are. */
const OWN_STATEMENTS = new Set(['command_substitution', 'process_substitution', 'do_group', 'subshell', 'function_definition', 'heredoc_body', 'if_statement', 'while_statement', 'for_statement']);
const ARITH_TESTS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
// An identifier, not the digits of 0x1F or 16#ff.
const IDENT = /(?<![\w#$])[A-Za-z_]\w*/g;

/** What an arithmetic context reads: variable names, and command substitutions whose output is
 *  evaluated (`$(( $(cat f) ))`). */
export interface ArithRefs {
  names: Set<string>;
  substs: TSNode[];
  /** Arrays the line declared associative (`declare -A seen`): a key is a string, not arithmetic. */
  assoc?: ReadonlySet<string>;
  /** Variables whose value is only taken as a name (`local -n ref=$1`): a bare name there is not
   *  evaluated (`ref` refers to it), only a subscript in it (`a[$(cmd)]`). */
  asName?: Set<string>;
}

/** The names and substitutions `n` reads as arithmetic (or as a name, `${!x}`). `n` is one of
 *  the statement kinds the walker visits: a command, a test, `(( ))`, a C-style for, a
 *  declaration or an assignment. */
export function arithRefs(n: TSNode, assoc?: ReadonlySet<string>): ArithRefs {
  const out: ArithRefs = { names: new Set(), substs: [], ...(assoc?.size ? { assoc } : {}) };
  const cmd = n.type === 'command' ? n.childForFieldName('name')?.text : undefined;
  // declare/typeset/local "$n=v" take the built NAME (export and readonly don't evaluate it).
  const decl = n.type === 'declaration_command' && /^(declare|typeset|local)\b/.test(n.text);
  const declI = n.type === 'declaration_command' && n.namedChildren.some((c) => c?.type === 'word' && /^-[a-zA-Z]*[in]/.test(c.text));
  // -n without -i: the value names the variable referred to.
  const declN = declI && !n.namedChildren.some((c) => c?.type === 'word' && /^-[a-zA-Z]*i/.test(c.text));
  const asName = new Set<string>();
  const whole = (n.type === 'compound_statement' && n.text.startsWith('((')) || cmd === 'let';
  // `[ A -eq B ]` and `test` compare numbers only; `[[ ]]` evaluates its operands.
  const dbl = !(n.type === 'test_command' && !n.text.startsWith('[['));
  if (n.type === 'c_style_for_statement') {
    for (const f of ['initializer', 'condition', 'update']) for (const c of n.childrenForFieldName(f)) if (c) visit(c, true, out, dbl);
    return out;
  }
  // Words the builtin takes as variable names, subscript and all: printf -v NAME, read NAME...,
  // test -v NAME, declare/local "NAME=value".
  const args = n.type === 'command' ? n.childrenForFieldName('argument').filter((c): c is TSNode => !!c) : [];
  const names = new Set<number>();
  if (cmd === 'printf') args.forEach((a, i) => args[i - 1]?.text === '-v' && names.add(a.id));
  if (cmd === 'read') args.forEach((a, i) => !a.text.startsWith('-') && !/^-[dinNptu]$/.test(args[i - 1]?.text ?? '') && names.add(a.id));
  if (cmd === 'test' || cmd === '[') args.forEach((a, i) => args[i - 1]?.text === '-v' && names.add(a.id));
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (cmd === 'let' && c.type === 'command_name') continue;
    if (names.has(c.id) || (decl && c.type !== 'variable_assignment' && c.type !== 'word' && c.text.includes('='))) {
      nameRefs(c, out);
      continue;
    }
    if (declI && c.type === 'variable_assignment') {
      const v = c.childForFieldName('value');
      if (v && declN) {
        const own: ArithRefs = { names: new Set(), substs: out.substs };
        nameRefs(v, own);
        for (const x of own.names) asName.add(x);
      } else if (v) visit(v, true, out, dbl);
      continue;
    }
    visit(c, whole, out, dbl);
  }
  // Read as arithmetic anywhere else in the statement: evaluated after all.
  for (const x of asName) {
    if (out.names.has(x)) continue;
    out.names.add(x);
    (out.asName ??= new Set()).add(x);
  }
  return out;
}

/** The variables in a word whose value is used as a name. */
function nameRefs(n: TSNode, out: ArithRefs): void {
  if (n.type === 'simple_expansion' || n.type === 'expansion') {
    const name = n.namedChildren.find((c) => c?.type === 'variable_name');
    if (name) out.names.add(name.text);
  }
  if (n.type === 'command_substitution') return void out.substs.push(n);
  for (const c of n.namedChildren) if (c) nameRefs(c, out);
}

function visit(n: TSNode, arith: boolean, out: ArithRefs, dbl = true): void {
  if (OWN_STATEMENTS.has(n.type) && !(arith && n.type === 'command_substitution')) return;
  if (arith) {
    if (n.type === 'command_substitution') return void out.substs.push(n);
    if (n.type === 'variable_name') out.names.add(n.text);
    if (n.type === 'word' || n.type === 'string_content') for (const m of n.text.matchAll(IDENT)) out.names.add(m[0]);
  }
  if (n.type === 'arithmetic_expansion') arith = true;
  if (n.type === 'binary_expression' && dbl) {
    const op = n.children.find((c) => c?.type === 'test_operator')?.text;
    if (op && ARITH_TESTS.has(op)) arith = true;
  }
  // [[ -v NAME ]], [ -v NAME ]: the value is a name, subscript and all.
  if (n.type === 'unary_expression' && n.children.find((c) => c?.type === 'test_operator')?.text === '-v') {
    for (const c of n.namedChildren) if (c && c.type !== 'test_operator') nameRefs(c, out);
    return;
  }
  if (n.type === 'expansion') {
    const t = n.text;
    const name = n.namedChildren.find((c) => c?.type === 'variable_name');
    // ${!x}: x's value names a variable, subscript and all.
    // (${!prefix*} and ${!arr[@]} only list names and keys.)
    if (t.startsWith('${!') && name && !/[@*]\}$/.test(t)) out.names.add(name.text);
    // ${s:off:len}: the offsets are arithmetic.
    if (/^\$\{[#!]?\w+:(?![-=?+])/.test(t)) {
      for (const c of n.namedChildren) if (c && c.id !== name?.id) visit(c, true, out, dbl);
      return;
    }
  }
  if (n.type === 'subscript') {
    const idx = n.childForFieldName('index');
    // `seen[$b]=1` of an associative array: the key is expanded as a word, never evaluated.
    if (out.assoc?.has(n.childForFieldName('name')?.text ?? '') && !arith) {
      for (const c of n.namedChildren) if (c) visit(c, false, out, dbl);
      return;
    }
    for (const c of n.namedChildren) if (c) visit(c, c.id === idx?.id || arith, out, dbl);
    if (idx && idx.type === 'word') for (const m of idx.text.matchAll(IDENT)) out.names.add(m[0]);
    return;
  }
  // `((${#dirs[@]}))`, `$(( ${#name} ))`: a length is a number whatever the value holds.
  if (n.type === 'expansion' && /^\$\{#[A-Za-z_]\w*(\[[@*]\])?\}$/.test(n.text)) return;
  if (arith && (n.type === 'simple_expansion' || n.type === 'expansion')) {
    const name = n.namedChildren.find((c) => c?.type === 'variable_name');
    if (name) out.names.add(name.text);
  }
  for (const c of n.namedChildren) if (c) visit(c, arith, out, dbl);
}

/** The commands `a[$(cmd)]`/``a[`cmd`]`` in a value would run when bash evaluates it as
 *  arithmetic; undefined when it holds none. */
export function subscriptCode(value: string): string | undefined {
  if (!/\[[^\]]*(\$\(|`)/.test(value)) return undefined;
  const out: string[] = [];
  for (let i = value.indexOf('['); i >= 0 && i < value.length; i++) {
    if (value.startsWith('$(', i)) {
      let depth = 1;
      let j = i + 2;
      for (; j < value.length && depth; j++) depth += value[j] === '(' ? 1 : value[j] === ')' ? -1 : 0;
      out.push(value.slice(i + 2, depth ? value.length : j - 1));
      i = j - 1;
    } else if (value[i] === '`') {
      const end = value.indexOf('`', i + 1);
      out.push(value.slice(i + 1, end < 0 ? value.length : end));
      i = end < 0 ? value.length : end;
    }
  }
  return out.join('\n');
}

/** Does a program's output (given its words) only ever have a fixed shape: numbers, a date, a
 *  hash? Its arithmetic can't hold a subscript. A file name it may print (wc, grep -c of several
 *  files) is in the line's text unless built at run time. */
export function fixedShape(name: string, args: Array<{ value: string; dynamic: boolean; glob: boolean }>): boolean {
  const has = (re: RegExp): boolean => args.some((a) => re.test(a.value));
  const known = args.every((a) => !a.dynamic && !a.glob);
  switch (name) {
    case 'nproc': case 'seq': case 'date': case 'getconf': case 'tput':
      return true;
    case 'id':
      return has(/^-[ugG]+r?$|^-r[ugG]+$/);
    case 'wc': case 'expr':
      return known;
    case 'grep': case 'egrep': case 'fgrep': case 'rg':
      return known && has(/^--count$|^-[a-zA-Z]*c[a-zA-Z]*$/);
    case 'stat':
      // Only its own format (no file name in it) prints just numbers and fixed words.
      return has(/^(-c|--format|--printf)/) && !has(/%[nN]/);
    case 'git':
      return has(/^--count$/) || args[0]?.value === 'rev-parse';
    default:
      return false;
  }
}

/** Filters that only pass on (part of) their input: the shape is their input's. */
export const SHAPE_FILTERS = new Set(['head', 'tail', 'cut', 'sort', 'uniq']);
