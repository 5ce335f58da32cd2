// Turning word nodes into the words bash would pass: quote removal, the expansions that can be
// known statically, brace expansion, field splitting. Anything unknowable is marked dynamic.
import type { TSNode } from './treesitter.js';
import type { Invocation, Word } from './types.js';
import { table } from '../own.js';

/** A piece of a word. `q`: quoted (no splitting, globbing or braces). `exp`: came from an
 *  expansion (subject to field splitting when unquoted). `dyn`: value unknown. */
export interface Seg {
  s: string;
  q: boolean;
  exp: boolean;
  dyn: boolean;
  /** `s` is a pattern: the value is one path it matches (a loop variable over a glob). */
  pat?: boolean;
  /** The find whose listing this is (Word.listedBy). */
  by?: Invocation;
  /** An unset variable's empty value (Word.unset). */
  unset?: boolean;
}

export interface WordEnv {
  /** Look a variable up: its value, undefined when known to be unset, null when unknowable. */
  lookup(name: string): string | null | undefined;
  home: string | undefined;
  /** Walk a nested command ($(), <(), `...`) found inside a word; it runs when the word expands. */
  /** Walk a nested command; for `$()`, what it prints when the line shows all of it. */
  nested(node: TSNode, kind: string): string | { listed: Word[]; via?: Invocation } | undefined | void;
  /** Report a construct the parser can't be sure of. */
  unsure(reason: string): void;
  /** ${X:=word} assigns: the variable becomes unknown. */
  assign?(name: string): void;
  /** The pattern an unknown variable's value is one match of (`for f in src/*.js`). */
  globOf?(name: string): string | undefined;
  /** bash's own RANDOM, SRANDOM or BASHPID (the line neither set nor unset it). */
  ownNumber?(name: string): boolean;
  /** A variable the line set to `$!` and left so (`pid=$!`): read as `$!` (rt27k). */
  bgPid?(name: string): boolean;
}

/** `$$` is the shell's process id: digits, never empty, no `/`, no glob, nothing IFS splits. Kept
 *  as the text `$$`, a name of its own: `/tmp/diff-$$.patch` stays one file in /tmp, `data$$` is
 *  not `data`. */
const PID = (quoted: boolean): Seg => ({ s: '$$', q: quoted, exp: true, dyn: false });

/** `$RANDOM`, `$SRANDOM`, `$BASHPID` as bash sets them: digits, never empty, as `$$`. Kept as the
 *  text `$RANDOM`, a run-time unique part of a name (rules' `unique`). Only the plain expansion:
 *  `${RANDOM//[0-9]/}` and other operations on it stay unknown. */
const NUMBER_VARS = new Set(['RANDOM', 'SRANDOM', 'BASHPID']);
const ownNumber = (name: string, env: WordEnv, quoted: boolean): Seg | undefined =>
  NUMBER_VARS.has(name) && env.ownNumber?.(name) ? { s: `$${name}`, q: quoted, exp: true, dyn: false } : undefined;

const SPECIAL_DYNAMIC = new Set(['@', '*', '#', '?', '$', '!', '-', '_']);

export function evalWord(node: TSNode, env: WordEnv, quoted = false): Seg[] {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'brace_expression':
    case 'special_variable_name':
      return quoted ? [lit(node.text, true)] : unquotedWord(node.text, env);
    case 'raw_string':
      return [lit(node.text.slice(1, -1), true)];
    case 'ansi_c_string':
      return [lit(decodeAnsiC(node.text.slice(2, -1)), true)];
    case 'string':
    case 'translated_string':
      return stringParts(node, env);
    case 'simple_expansion':
    case 'expansion':
      return [expansion(node, env, quoted)];
    case 'command_substitution':
      if (node.text.startsWith('`') && node.text.includes('\\`')) env.unsure('nested escaped backticks');
      {
        // `"$(printf '\x3a%s' main)"` is `:main`: the substitution's known output, split and
        // globbed like any expansion.
        const out = env.nested(node, '$()');
        if (typeof out === 'string') return [{ s: out, q: quoted, exp: true, dyn: false }];
        // `sed -i s/a/b/ $(grep -rl a src)`: the paths a listing prints, as the words xargs would
        // get (each root and a pattern under it), for an unquoted argument that is only the
        // substitution (split into words by the default IFS, else unknown).
        if (out && typeof out === 'object' && !quoted && node.parent?.type === 'command') {
          const segs: Seg[] = [];
          for (const w of out.listed) {
            const by = out.via ? { by: out.via } : {};
            segs.push(w.glob ? { s: w.value, q: false, exp: true, dyn: false, pat: true, ...by } : { s: w.value, q: false, exp: true, dyn: false, ...by });
            segs.push({ s: ' ', q: false, exp: true, dyn: false });
          }
          if (segs.length) return segs;
        }
      }
      return [{ s: node.text, q: quoted, exp: true, dyn: true }];
    case 'process_substitution':
      env.nested(node, node.text.startsWith('>') ? '>()' : '<()');
      return [{ s: '/dev/fd/63', q: true, exp: true, dyn: true }];
    case 'arithmetic_expansion':
      descend(node, env);
      return [{ s: node.text, q: quoted, exp: true, dyn: true }];
    case '$':
      // tree-sitter-bash reads a `$$` that ends an unquoted word before a blank or the end
      // (`x=a$$`, `createdb app_test_$$ && ...`) as the word and one anonymous `$$` token.
      if (node.text === '$$') return [PID(quoted)];
      descend(node, env);
      return [{ s: node.text, q: quoted, exp: false, dyn: true }];
    case 'concatenation': {
      const out: Seg[] = [];
      for (const c of node.children) if (c) out.push(...evalWord(c, env, quoted));
      return out;
    }
    default:
      // Unknown shape: keep the text, mark it dynamic, and still find any commands inside.
      descend(node, env);
      return [{ s: node.text, q: quoted, exp: false, dyn: true }];
  }
}

/** Find commands nested anywhere under a node we don't otherwise understand. */
export function descend(node: TSNode, env: WordEnv): void {
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'command_substitution') env.nested(c, '$()');
    else if (c.type === 'process_substitution') env.nested(c, '<()');
    else descend(c, env);
  }
}

function lit(s: string, q: boolean): Seg {
  return { s, q, exp: false, dyn: false };
}

/** An unquoted word: backslash escapes quote the next char; leading ~ is $HOME. */
function unquotedWord(text: string, env: WordEnv): Seg[] {
  if (!/[\\~]/.test(text)) return [lit(text, false)];
  const segs: Seg[] = [];
  let buf = '';
  let i = 0;
  if (text === '~' || text.startsWith('~/')) {
    if (env.home !== undefined) segs.push({ s: env.home, q: true, exp: true, dyn: false });
    else segs.push({ s: '~', q: true, exp: true, dyn: true });
    i = 1;
  } else if (text.startsWith('~')) {
    // ~+ is $PWD, ~- $OLDPWD, ~N / ~+N / ~-N the directory stack, ~user a home directory.
    const m = /^~([^/]*)/.exec(text)!;
    const v = m[1] === '+' ? env.lookup('PWD') : m[1] === '-' ? env.lookup('OLDPWD') : null;
    const prefixQuoted = /[\'"]/.test(m[1]!);
    if (!prefixQuoted) {
      segs.push(typeof v === 'string' ? { s: v, q: true, exp: true, dyn: false } : { s: m[0], q: true, exp: true, dyn: true });
      i = m[0].length;
    }
  }
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      if (next === '\n') continue;
      if (buf) segs.push(lit(buf, false));
      buf = '';
      segs.push(lit(next, true));
    } else buf += ch;
  }
  if (buf) segs.push(lit(buf, false));
  return segs;
}

/** "..." : the gaps between child nodes are literal text with \$ \` \" \\ \newline escapes. */
function stringParts(node: TSNode, env: WordEnv): Seg[] {
  const segs: Seg[] = [];
  const text = node.text;
  const base = node.startIndex;
  const open = text.startsWith('$"') ? 2 : 1;
  let pos = base + open;
  const end = base + text.length - 1;
  const gap = (from: number, to: number) => {
    if (to > from) segs.push(lit(unescapeDouble(text.slice(from - base, to - base)), true));
  };
  for (const c of node.namedChildren) {
    if (!c || c.startIndex < pos) continue;
    gap(pos, c.startIndex);
    if (c.type === 'string_content') segs.push(lit(unescapeDouble(c.text), true));
    else {
      // tree-sitter puts the blanks between two expansions into the second one's node
      // (`"$a $b"`: ` $b`, `"${a} $(x)"`: ` $(x)`): they are literal text of the string.
      const lead = /^\s+/.exec(c.text)?.[0];
      const parts = evalWord(c, env, true);
      if (lead) {
        segs.push(lit(lead, true));
        if (parts[0]?.dyn && parts[0].s.startsWith(lead)) parts[0] = { ...parts[0], s: parts[0].s.slice(lead.length) };
      }
      segs.push(...parts);
    }
    pos = c.endIndex;
  }
  gap(pos, end);
  // `""` is still one (empty) word: without a segment it would vanish and shift the arguments.
  if (!segs.length) segs.push(lit('', true));
  return segs;
}

function unescapeDouble(s: string): string {
  return s.includes('\\') ? s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : s;
}

function expansion(node: TSNode, env: WordEnv, quoted: boolean): Seg {
  const unknown = (): Seg => {
    descend(node, env);
    return { s: node.text, q: quoted, exp: true, dyn: true };
  };
  if (node.type === 'simple_expansion') {
    const name = node.text.trimStart().slice(1);
    if (name === '$') return PID(quoted);
    if (SPECIAL_DYNAMIC.has(name)) return unknown();
    const own = ownNumber(name, env, quoted);
    if (own) return own;
    const v = env.lookup(name);
    if (v === null && env.bgPid?.(name)) return { s: '$!', q: quoted, exp: true, dyn: true };
    return v === null ? unknown() : v === undefined ? { s: '', q: quoted, exp: true, dyn: false, unset: true } : { s: v, q: quoted, exp: true, dyn: false };
  }
  // ${...}: tree-sitter misses backticks inside, so a backtick anywhere here is a blind spot.
  if (node.text.includes('`')) env.unsure('backtick inside ${...}');
  const kids = node.children.filter((c): c is TSNode => !!c);
  const inner = kids.filter((c) => c.type !== '${' && c.type !== '}');
  const nameNode = inner[0];
  if (!nameNode || (nameNode.type !== 'variable_name' && nameNode.type !== 'special_variable_name')) return unknown();
  const name = nameNode.text;
  if (inner.length === 1) {
    if (name === '$') return PID(quoted);
    if (SPECIAL_DYNAMIC.has(name)) return unknown();
    const own = ownNumber(name, env, quoted);
    if (own) return own;
    const v = env.lookup(name);
    if (v === null && env.bgPid?.(name)) return { s: '$!', q: quoted, exp: true, dyn: true };
    return v === null ? unknown() : v === undefined ? { s: '', q: quoted, exp: true, dyn: false, unset: true } : { s: v, q: quoted, exp: true, dyn: false };
  }
  const op = inner[1]?.text;
  // A value holding a run-time number kept as its text (`$$`, `$RANDOM`…): what an operation on
  // it gives (`${x#?????}`, `${x:1}`, `${x^^}`, `${x@Q}`) depends on the digits: unknown. A default
  // or `:?` keeps it whole.
  if (!/^:?[-=?+]$/.test(op ?? '')) {
    const cur = env.lookup(name);
    if (typeof cur === 'string' && /\$(\$|RANDOM\b|SRANDOM\b|BASHPID\b)/.test(cur)) return unknown();
  }
  const transform = /@([A-Za-z])\}$/.exec(node.text)?.[1];
  if (transform && (op === '@' || inner.length === 1)) return transformed(name, transform, env, quoted, unknown);
  if (op === ':=' || op === '=') {
    env.assign?.(name);
    descend(node, env);
    return { s: node.text, q: quoted, exp: true, dyn: true };
  }
  if (op === ':-' || op === '-') {
    // $$, $!, $?...: always set, to a value only known at run time.
    if (SPECIAL_DYNAMIC.has(name)) return unknown();
    const v = env.lookup(name);
    const rest = inner.slice(2);
    if (v === null) return unknown();
    if (v !== undefined && (v !== '' || op === '-')) return { s: v, q: quoted, exp: true, dyn: false };
    const parts = rest.flatMap((c) => evalWord(c, env, true));
    return { s: parts.map((p) => p.s).join(''), q: quoted, exp: true, dyn: parts.some((p) => p.dyn) };
  }
  if (op === ':?' || op === '?') {
    // `${d:?}`: the value when set (and not empty, for `:?`); otherwise bash stops with an error
    // and the message word is expanded, so anything else stays unknown.
    if (SPECIAL_DYNAMIC.has(name)) return unknown();
    const v = env.lookup(name);
    if (v !== null && v !== undefined && (v !== '' || op === '?')) return { s: v, q: quoted, exp: true, dyn: false };
    return unknown();
  }
  if (op === '%' || op === '%%' || op === '#' || op === '##' || op === '/' || op === '//') {
    // The grammar drops blanks inside the pattern (`${x%% *}` reads as `${x%%*}`): a pattern
    // whose nodes don't cover the text up to `}` is not read.
    const close = kids[kids.length - 1];
    const covered = close?.type === '}' && inner.slice(1).every((c, k, a) => (k === 0 ? true : c.startIndex === a[k - 1]!.endIndex)) && inner[inner.length - 1]!.endIndex === close.startIndex;
    // A removal (`%`, `#`) whose pattern is plain text with blanks is read from the source.
    const raw = close?.type === '}' ? node.text.slice(inner[1]!.endIndex - node.startIndex, close.startIndex - node.startIndex) : undefined;
    // (`${x#* }` comes as two pattern nodes, `*` and ` `: the same.)
    const useRaw = !covered || (/^[%#]/.test(op) && inner.length > 3);
    if (useRaw && !(raw !== undefined && /^[%#]/.test(op) && /^[\w.\/ *?,:=+-]*$/.test(raw))) return unknown();
    const s = trimmed(name, op, inner.slice(2), env, useRaw ? raw : undefined);
    if (s !== undefined) return { s, q: quoted, exp: true, dyn: false };
    // `${f%.js}` of a path matching src/**/*.js: one matching src/**/*. Only a literal end the
    // pattern itself ends (or starts) with, so the removal is the same for every match.
    const pat = env.globOf?.(name);
    const cut = inner[2]?.text ?? '';
    if (pat !== undefined && quoted && inner.length === 3 && /^[\w.\/-]+$/.test(cut)) {
      const end = op.startsWith('%') ? pat.slice(-cut.length) : op.startsWith('#') ? pat.slice(0, cut.length) : undefined;
      const rest = op.startsWith('%') ? pat.slice(0, -cut.length) : pat.slice(cut.length);
      if (end === cut) return { s: rest, q: quoted, exp: true, dyn: false, pat: true };
    }
  }
  return unknown();
}

/** `${f%.js}`, `${f##*\/}`, `${f//-/_}`: the value with a pattern removed or replaced, when the
 *  value is known and the pattern is plain text with `*` and `?` (anything else: undefined). */
function trimmed(name: string, op: string, rest: TSNode[], env: WordEnv, rawPat?: string): string | undefined {
  if (SPECIAL_DYNAMIC.has(name)) return undefined;
  const v = env.lookup(name);
  if (v === null) return undefined;
  const value = v ?? '';
  const patNode = rest[0];
  if (rawPat === undefined && patNode && patNode.type !== 'regex' && patNode.type !== 'word') return undefined;
  const pat = rawPat ?? patNode?.text ?? '';
  if ((rawPat === undefined ? /[\\$`'"[\](){}!+@|&;<>\s]/ : /[\\$`'"[\](){}!+@|&;<>\t\n]/).test(pat) || (op.startsWith('/') && /^[#%]/.test(pat))) return undefined;
  const re = new RegExp(`^${pat.replace(/[.^$|+(){}\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]')}$`);
  const n = value.length;
  switch (op) {
    case '#':
      for (let i = 0; i <= n; i++) if (re.test(value.slice(0, i))) return value.slice(i);
      return value;
    case '##':
      for (let i = n; i >= 0; i--) if (re.test(value.slice(0, i))) return value.slice(i);
      return value;
    case '%':
      for (let i = n; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
      return value;
    case '%%':
      for (let i = 0; i <= n; i++) if (re.test(value.slice(i))) return value.slice(0, i);
      return value;
  }
  // ${f/pat/rep}, ${f//pat/rep}: the longest match at each earliest place. `&` in the
  // replacement is the match (bash 5.2's patsub_replacement): not read.
  const repNodes = rest.slice(1).filter((c) => c.type !== '/');
  if (rest[1] && rest[1].type !== '/') return undefined;
  const repParts = repNodes.flatMap((c) => evalWord(c, env, true));
  if (repParts.some((p) => p.dyn)) return undefined;
  const rep = repParts.map((p) => p.s).join('');
  if (rep.includes('&') || !pat) return pat ? undefined : value;
  let out = '';
  let i = 0;
  while (i < n) {
    let end = -1;
    for (let j = n; j > i; j--) if (re.test(value.slice(i, j))) { end = j; break; }
    if (end < 0) { out += value[i]; i++; continue; }
    out += rep;
    i = end;
    if (op === '/') return out + value.slice(i);
  }
  return out;
}

/** ${x@P} expands the value as a prompt (running any $(...) in it), ${x@E} decodes escapes,
 *  ${x@U}/${x@u}/${x@L} change case; the rest quote or describe the value. */
function transformed(name: string, op: string, env: WordEnv, quoted: boolean, unknown: () => Seg): Seg {
  const v = SPECIAL_DYNAMIC.has(name) ? null : env.lookup(name);
  if (op === 'P') {
    if (v === null || /[$`]/.test(v ?? '')) env.unsure(`\${${name}@P} expands a prompt string, which can run commands`);
    return unknown();
  }
  if (v === null) return unknown();
  const s = v ?? '';
  switch (op) {
    case 'E': return { s: decodeAnsiC(s), q: quoted, exp: true, dyn: false };
    case 'U': return { s: s.toUpperCase(), q: quoted, exp: true, dyn: false };
    case 'L': return { s: s.toLowerCase(), q: quoted, exp: true, dyn: false };
    case 'u': return { s: s.charAt(0).toUpperCase() + s.slice(1), q: quoted, exp: true, dyn: false };
    default: return unknown();
  }
}

export function decodeAnsiC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (_m, e: string) => {
    switch (e[0]) {
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'c':
        return String.fromCharCode(e.charCodeAt(1) & 31);
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'e':
      case 'E': return '\x1b';
      case 'f': return '\f';
      case 'v': return '\v';
      default:
        return /[0-7]/.test(e[0]!) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

const MAX_BRACE = 256;

/** Segments to words: brace expansion, field splitting of unquoted expansions, empty removal. */
export function toWords(segs: Seg[], text: string, ifsKnownDefault: boolean): Word[] {
  // Fast path: one plain literal.
  if (segs.length === 1 && !segs[0]!.exp && !segs[0]!.dyn) {
    const s = segs[0]!;
    if (s.q) return [{ value: s.s, dynamic: false, glob: false, text }];
    if (!/[{*?[]/.test(s.s)) return [{ value: s.s, dynamic: false, glob: false, text }];
  }
  const variants = braceExpand(segs);
  const words: Word[] = [];
  for (const v of variants.list) {
    for (const w of split(v, ifsKnownDefault)) words.push({ ...w, text, dynamic: w.dynamic || variants.capped });
  }
  return words;
}

function split(segs: Seg[], ifsDefault: boolean): Omit<Word, 'text'>[] {
  const out: Omit<Word, 'text'>[] = [];
  let cur: { value: string; dynamic: boolean; glob: boolean; quoted: boolean; any: boolean; by?: Invocation; other?: boolean; unset?: number } = { value: '', dynamic: false, glob: false, quoted: false, any: false };
  const flush = () => {
    // A word all of one listing's pieces keeps the listing; anything else joined to it drops it.
    if (cur.any && (cur.value !== '' || cur.quoted || cur.dynamic)) out.push({ value: cur.value, dynamic: cur.dynamic, glob: cur.glob, ...(cur.by && !cur.other ? { listedBy: cur.by } : {}), ...(cur.unset !== undefined ? { unset: cur.unset } : {}) });
    cur = { value: '', dynamic: false, glob: false, quoted: false, any: false };
  };
  for (const s of segs) {
    if (s.unset) cur.unset ??= cur.value.length;
    if (s.by && !/^\s*$/.test(s.s)) cur.by = s.by;
    else if (!/^\s*$/.test(s.s)) cur.other = true;
    if (s.dyn) {
      cur.value += s.s;
      cur.dynamic = true;
      cur.any = true;
      continue;
    }
    if (s.pat) {
      cur.value += s.s;
      cur.glob = true;
      cur.any = true;
      continue;
    }
    if (s.q) {
      cur.value += s.s;
      cur.quoted = true;
      cur.any = true;
      continue;
    }
    if (/[*?[]/.test(s.s)) cur.glob = true;
    if (s.exp) {
      if (!ifsDefault) {
        cur.value += s.s;
        cur.dynamic = true;
        cur.any = true;
        continue;
      }
      const parts = s.s.split(/[ \t\n]+/);
      parts.forEach((p, i) => {
        if (i > 0) flush();
        if (p !== '') {
          cur.value += p;
          cur.any = true;
        }
      });
      if (s.s === '') cur.any = cur.any || false;
      continue;
    }
    cur.value += s.s;
    cur.any = true;
  }
  flush();
  return out;
}

/** Bash brace expansion over segments; only unquoted literal braces and commas are syntax. */
function braceExpand(segs: Seg[]): { list: Seg[][]; capped: boolean } {
  const hasBrace = segs.some((s) => !s.q && !s.exp && !s.dyn && s.s.includes('{'));
  if (!hasBrace) return { list: [segs], capped: false };
  // Char-level with a syntax flag, then rebuild segments.
  type Ch = { c: string; syn: boolean; seg: Seg };
  const chars: Ch[] = [];
  for (const s of segs) for (const c of s.s) chars.push({ c, syn: !s.q && !s.exp && !s.dyn, seg: s });
  let capped = false;
  const expand = (cs: Ch[]): Ch[][] => {
    for (let i = 0; i < cs.length; i++) {
      if (!(cs[i]!.c === '{' && cs[i]!.syn)) continue;
      let depth = 0;
      const commas: number[] = [];
      let close = -1;
      for (let j = i + 1; j < cs.length; j++) {
        const ch = cs[j]!;
        if (!ch.syn) continue;
        if (ch.c === '{') depth++;
        else if (ch.c === '}') {
          if (depth === 0) {
            close = j;
            break;
          }
          depth--;
        } else if (ch.c === ',' && depth === 0) commas.push(j);
      }
      if (close < 0) return [cs];
      const pre = cs.slice(0, i);
      const post = cs.slice(close + 1);
      let alts: Ch[][];
      if (commas.length > 0) {
        const bounds = [i, ...commas, close];
        alts = [];
        for (let k = 0; k + 1 < bounds.length; k++) alts.push(cs.slice(bounds[k]! + 1, bounds[k + 1]!));
      } else {
        const body = cs.slice(i + 1, close).map((c) => c.c).join('');
        const m = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.-?\d+)?$/.exec(body);
        if (!m) {
          const rest = expand(cs.slice(i + 1));
          return rest.map((r) => [...cs.slice(0, i + 1), ...r]);
        }
        const seq = sequence(m[1]!, m[2]!);
        if (seq.length > MAX_BRACE) {
          capped = true;
          seq.length = MAX_BRACE;
        }
        alts = seq.map((v) => [...v].map((c) => ({ c, syn: false, seg: cs[i]!.seg })));
      }
      const out: Ch[][] = [];
      for (const a of alts) {
        for (const e of expand([...pre, ...a, ...post])) {
          out.push(e);
          if (out.length >= MAX_BRACE) {
            capped = true;
            return out;
          }
        }
      }
      return out;
    }
    return [cs];
  };
  const lists = expand(chars).map((cs) => {
    const out: Seg[] = [];
    for (const ch of cs) {
      const last = out[out.length - 1];
      if (last && last.q === ch.seg.q && last.exp === ch.seg.exp && last.dyn === ch.seg.dyn) last.s += ch.c;
      else out.push({ s: ch.c, q: ch.seg.q, exp: ch.seg.exp, dyn: ch.seg.dyn });
    }
    return out;
  });
  return { list: lists, capped };
}

function sequence(a: string, b: string): string[] {
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) {
    const out: string[] = [];
    const step = na <= nb ? 1 : -1;
    for (let v = na; step > 0 ? v <= nb : v >= nb; v += step) {
      out.push(String(v));
      if (out.length > MAX_BRACE) break;
    }
    return out;
  }
  const out: string[] = [];
  const ca = a.charCodeAt(0);
  const cb = b.charCodeAt(0);
  const step = ca <= cb ? 1 : -1;
  for (let v = ca; step > 0 ? v <= cb : v >= cb; v += step) out.push(String.fromCharCode(v));
  return out;
}

/** zsh parameter flags that only read, split, join, sort or quote a value. `e` (evaluate), `#`,
 *  `I`, `l`/`r` (arithmetic), `%` (prompt) and `g` are left out; `P` (the value names another
 *  parameter, whose subscript zsh evaluates, running any $(...) in it) only with `t`, which just
 *  names the type. */
const ZSH_SAFE_FLAGS = /^[@AaCcDfFikLnOoQqtuUVvWwz0]$/;
const ZSH_PAIRS: Record<string, string> = table({ '(': ')', '[': ']', '{': '}', '<': '>' });

/** tree-sitter-bash can't read zsh's parameter flags (`${(f)"$(typeset +x)"}`, `${(tP)name}`).
 *  In zsh, each `${(FLAGS)` whose flags are all harmless becomes `${$:-`: the same expansion,
 *  now a default value of `$$`, so a word only known at run time whose $(...) are still walked.
 *  Other flags are left as they are: a parse error, so the line is uncertain. */
export function zshFlags(text: string): string {
  if (!text.includes('${(')) return text;
  // Same length (spaces pad the default value), so positions in the line hold.
  return text.replace(/\$\{\(([^)]+)\)/g, (m, flags: string) => (harmlessFlags(flags) ? '${$:-' + ' '.repeat(flags.length - 1) : m));
}

function harmlessFlags(flags: string): boolean {
  let t = false;
  let p = false;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (f === 's' || f === 'j') {
      // s:SEP: / j:SEP: with any delimiter (or a bracket pair): a literal separator only.
      const open = flags[i + 1];
      if (open === undefined) return false;
      const close = ZSH_PAIRS[open] ?? open;
      const end = flags.indexOf(close, i + 2);
      if (end < 0 || /[$`]/.test(flags.slice(i + 2, end))) return false;
      i = end;
    } else if (f === 'P') p = true;
    else if (f === 't') t = true;
    else if (!ZSH_SAFE_FLAGS.test(f)) return false;
  }
  return !p || t;
}
