// The inline code's token stream, per language family: strings (with their interpolated parts),
// comments dropped, command literals (backticks, %x, qx) kept apart; then the structure read off
// tokens: brackets, argument lists and call chains a.b(x).c[y].
import type { InlineLang } from './extract.js';
import { table } from '../../own.js';

export type Part = string | { src: string };
export type Tok =
  | { t: 'id'; v: string; s: number; e: number }
  | { t: 'str'; v: string; dyn: boolean; parts: Part[]; s: number; e: number; tpl?: boolean }
  | { t: 'cmd'; v: string; dyn: boolean; how: string; s: number; e: number }
  | { t: 'list'; items: string[]; s: number; e: number }
  | { t: 'num'; v: string; s: number; e: number }
  | { t: 'p'; v: string; s: number; e: number; bol?: true }
  | { t: 'nl'; s: number; e: number };

export type Family = 'python' | 'js' | 'ruby' | 'perl' | 'php';
export const family = (l: InlineLang): Family => (l === 'node' || l === 'deno' || l === 'bun' ? 'js' : l);

const PUNCT = ['===', '!==', '...', '::', '->', '=>', '?.', '**', '==', '!=', '<=', '>=', '&&', '||', '=~', '!~', '<<', '>>', '+=', '-=', '.='];
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'and', 'or', 'not', 'if',
  'unless', 'when', 'while', 'until', 'split', 'grep', 'map', 'join', 'push', 'unshift']);
export const PAIRS: Record<string, string> = table({ '(': ')', '[': ']', '{': '}', '<': '>' });

function unescape(body: string, fam: Family): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g, (m, e: string) => {
    const simple: Record<string, string> = table({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '0': '\0' });
    if (e in simple) return simple[e]!;
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'u') return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e === '\n') return '';
    // Python keeps unknown escapes as written; the others drop the backslash.
    return fam === 'python' && !/['"\\]/.test(e) ? m : e;
  });
}

/** Index of the bracket closing the one at text[i], skipping nested quotes roughly. */
function closeIn(text: string, i: number, open: string, close: string): number {
  let d = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j]!;
    if (c === '\\') { j++; continue; }
    if (c === '"' || c === "'" || c === '`') {
      const end = text.indexOf(c, j + 1);
      if (end > 0 && open !== close) { j = end; continue; }
    }
    if (c === open && open !== close) d++;
    else if (c === close && (open === close ? j > i : --d === 0)) return j;
  }
  return text.length;
}

/** Interpolated pieces of a double-quoted string body; `{ src }` for embedded expressions. */
function interpolate(body: string, style: 'js' | 'py' | 'ruby' | 'perl' | 'php' | 'none', fam: Family): Part[] {
  if (style === 'none') return [unescape(body, fam)];
  const parts: Part[] = [];
  let lit = '';
  const flushLit = () => { if (lit) parts.push(unescape(lit, fam)); lit = ''; };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && style !== 'py') { lit += c + (body[i + 1] ?? ''); i++; continue; }
    if (style === 'py') {
      if (c === '\\') { lit += c + (body[i + 1] ?? ''); i++; continue; }
      if ((c === '{' || c === '}') && body[i + 1] === c) { lit += c; i++; continue; }
      if (c === '{') {
        const end = closeIn(body, i, '{', '}');
        flushLit();
        parts.push({ src: body.slice(i + 1, end).replace(/(![rsa])?(:[^\]\)}]*)?$/, '') });
        i = end;
        continue;
      }
    } else if (((style === 'js' && c === '$') || (style === 'ruby' && c === '#')) && body[i + 1] === '{') {
      // ${expr} in js templates, #{expr} in ruby
      const end = closeIn(body, i + 1, '{', '}');
      flushLit();
      parts.push({ src: body.slice(i + 2, end) });
      i = end;
      continue;
    } else if (style === 'ruby' && c === '#' && /[@$]/.test(body[i + 1] ?? '')) {
      const m = /^[@$]{1,2}\w+/.exec(body.slice(i + 1));
      if (m) { flushLit(); parts.push({ src: m[0] }); i += m[0].length; continue; }
    } else if (style === 'perl' && (c === '$' || c === '@') && body[i + 1] === '{' && /^[\s[\\]/.test(body[i + 2] ?? '')) {
      // perl `@{[ code ]}` and `${\ code }`: a block of code run as the string is built.
      const end = closeIn(body, i + 1, '{', '}');
      flushLit();
      parts.push({ src: body.slice(i + 2, end) });
      i = end;
      continue;
    } else if ((style === 'perl' || style === 'php') && (c === '$' || (c === '@' && style === 'perl'))) {
      const rest = body.slice(i);
      const m = style === 'perl'
        ? /^[$@](\{\w+\}|\w+(::\w+)*)(\{[^}]*\}|\[[^\]]*\]|->\{[^}]*\}|->\[[^\]]*\])*/.exec(rest)
        : /^\$\w+(\[[^\]]*\]|->\w+)*/.exec(rest);
      if (m && m[0].length > 1) { flushLit(); parts.push({ src: m[0] }); i += m[0].length - 1; continue; }
    } else if (style === 'php' && c === '{' && body[i + 1] === '$') {
      const end = closeIn(body, i, '{', '}');
      flushLit();
      parts.push({ src: body.slice(i + 1, end) });
      i = end;
      continue;
    }
    lit += c;
  }
  flushLit();
  return parts;
}

function strTok(parts: Part[], s: number, e: number, tpl = false): Tok {
  const dyn = parts.some((p) => typeof p !== 'string');
  return { t: 'str', v: parts.map((p) => (typeof p === 'string' ? p : `\${${p.src}}`)).join(''), dyn, parts, s, e, tpl };
}

function cmdTok(parts: Part[], how: string, s: number, e: number): Tok {
  const t = strTok(parts, s, e) as Extract<Tok, { t: 'str' }>;
  return { t: 'cmd', v: t.v, dyn: t.dyn, how, s, e };
}

/** The lexer's state: the code, the position, the tokens so far. */
interface Lx { code: string; n: number; fam: Family; out: Tok[]; i: number }

/** Scanners, tried in order at each position: each reads one construct at lx.i and returns true, or
 *  returns false without moving. Whatever none of them reads is punctuation. */
const SCANNERS: Array<(lx: Lx) => boolean> = [space, comment, pythonString, quote, phpHeredoc, rubyPercent, regexLiteral, perlVariable, word, num];

export function lex(code: string, lang: InlineLang): Tok[] {
  const lx: Lx = { code, n: code.length, fam: family(lang), out: [], i: 0 };
  while (lx.i < lx.n) if (!SCANNERS.some((scan) => scan(lx))) punct(lx);
  if (lx.fam === 'python') markLineStarts(code, lx.out);
  return lx.out;
}

/** python: a `(` or `[` that starts a logical line (a line end before it, outside brackets) starts
 *  a statement; it calls or indexes nothing before it (`out.mkdir()` ⏎ `(out / 'a').write_text(…)`)
 *  (rt25k1). */
function markLineStarts(code: string, out: Tok[]): void {
  let depth = 0;
  for (let k = 0; k < out.length; k++) {
    const y = out[k]!;
    if (y.t !== 'p') continue;
    if ((y.v === '(' || y.v === '[') && depth === 0 && k > 0 && /^[^\S\n]*(#[^\n]*)?\n/.test(code.slice(out[k - 1]!.e, y.s))) y.bol = true;
    if ('([{'.includes(y.v)) depth++;
    else if (')]}'.includes(y.v)) depth = Math.max(0, depth - 1);
  }
}

/** Whether a `/` (or ruby `%`) here starts a literal rather than dividing. */
function regexOk(lx: Lx): boolean {
  const p = lx.out[lx.out.length - 1];
  if (!p || p.t === 'nl') return true;
  if (p.t === 'p') return !/^[)\]}]$/.test(p.v);
  if (p.t === 'id') return REGEX_AFTER_WORD.has(p.v);
  return false;
}

/** A quoted run starting at code[at] (the opening delimiter); returns the body and the index after. */
function quoted(lx: Lx, at: number, open: string, bs: boolean): { body: string; end: number } {
  const { code, n } = lx;
  const close = PAIRS[open] ?? open;
  let d = 1;
  let j = at + 1;
  while (j < n) {
    const c = code[j]!;
    if (bs && c === '\\') { j += 2; continue; }
    if (c === close && --d === 0) break;
    if (c === open && open !== close) d++;
    j++;
  }
  return { body: code.slice(at + 1, Math.min(j, n)), end: Math.min(j + 1, n) };
}

/** The index after a /regex/flags starting at code[at]. */
function regexEnd(lx: Lx, at: number): number {
  const { code, n } = lx;
  let j = at + 1;
  let cls = false;
  while (j < n && code[j] !== '\n') {
    const c = code[j]!;
    if (c === '\\') { j += 2; continue; }
    if (c === '[') cls = true;
    else if (c === ']') cls = false;
    else if (c === '/' && !cls) break;
    j++;
  }
  j++;
  while (j < n && /[a-z]/i.test(code[j]!)) j++;
  return j;
}

/** White space; a newline is a token in ruby, where it ends a statement. */
function space(lx: Lx): boolean {
  const c = lx.code[lx.i]!;
  if (c === '\n' && lx.fam === 'ruby') lx.out.push({ t: 'nl', s: lx.i, e: lx.i + 1 });
  if (!/\s/.test(c)) return false;
  lx.i++;
  return true;
}

function comment(lx: Lx): boolean {
  const { code, n, fam, i } = lx;
  const c = code[i]!;
  const c2 = code.slice(i, i + 2);
  const lineStart = i === 0 || code[i - 1] === '\n';
  const skipTo = (e: number, len: number) => { lx.i = e < 0 ? n : e + len; return true; };
  if (lineStart && fam === 'ruby' && code.startsWith('=begin', i)) return skipTo(code.indexOf('\n=end', i), 5);
  if (lineStart && fam === 'perl' && /^=[a-z]/.test(code.slice(i, i + 2))) return skipTo(code.indexOf('\n=cut', i), 5);
  if (fam === 'perl' && /^__(END|DATA)__\b/.test(code.slice(i, i + 8))) return skipTo(-1, 0);
  if ((c === '#' && (fam === 'python' || fam === 'ruby' || fam === 'perl' || (fam === 'php' && code[i + 1] !== '['))) || (c2 === '//' && (fam === 'js' || fam === 'php')) || (i === 0 && c2 === '#!')) {
    return skipTo(code.indexOf('\n', i), 0);
  }
  if (c2 === '/*' && (fam === 'js' || fam === 'php')) return skipTo(code.indexOf('*/', i + 2), 2);
  return false;
}

/** Python strings with their prefixes (r, b, u, f and pairs), single or triple quoted. */
function pythonString(lx: Lx): boolean {
  const { code, n, fam, i } = lx;
  if (fam !== 'python') return false;
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(code.slice(i, i + 5));
  // A prefix letter that ends a longer word is an identifier: bar'x'
  if (!m || (m[1] !== '' && /\w/.test(code[i - 1] ?? ''))) return false;
  const pre = m[1]!.toLowerCase();
  const q = m[2]!;
  const raw = pre.includes('r');
  const start = i + m[0].length;
  let j = start;
  while (j < n && !code.startsWith(q, j)) {
    if (code[j] === '\\') j++;
    else if (q.length === 1 && code[j] === '\n') break;
    j++;
  }
  const body = code.slice(start, Math.min(j, n));
  const parts = pre.includes('f') ? interpolate(raw ? body.replace(/\\/g, '\\\\') : body, 'py', fam) : [raw ? body : unescape(body, fam)];
  lx.out.push(strTok(parts, i, Math.min(j + q.length, n)));
  lx.i = Math.min(j + q.length, n);
  return true;
}

/** '...', "..." and `...`: strings, templates, or commands (backticks outside js and python). */
function quote(lx: Lx): boolean {
  const { fam, i } = lx;
  const c = lx.code[i]!;
  if (c !== "'" && c !== '"' && c !== '`') return false;
  const { body, end } = quoted(lx, i, c, true);
  if (c === '`' && fam !== 'js' && fam !== 'python') {
    lx.out.push(cmdTok(interpolate(body, fam === 'ruby' ? 'ruby' : fam === 'perl' ? 'perl' : 'php', fam), 'backticks', i, end));
  } else if (c === '`') {
    lx.out.push(strTok(interpolate(body, 'js', fam), i, end, true));
  } else if (c === "'" && fam !== 'js' && fam !== 'python') {
    // single quotes: only \\ and \' are escapes
    lx.out.push(strTok([body.replace(/\\([\\'])/g, '$1')], i, end));
  } else {
    const style = c === "'" ? 'none' : fam === 'ruby' ? 'ruby' : fam === 'perl' ? 'perl' : fam === 'php' ? 'php' : 'none';
    lx.out.push(strTok(interpolate(body, style, fam), i, end));
  }
  lx.i = end;
  return true;
}

/** php <<<EOT heredoc and <<<'EOT' nowdoc. */
function phpHeredoc(lx: Lx): boolean {
  const { code, n, fam, i } = lx;
  if (fam !== 'php' || !code.startsWith('<<<', i)) return false;
  const m = /^<<<[ \t]*(['"]?)(\w+)\1\r?\n/.exec(code.slice(i));
  if (!m) return false;
  const endRe = new RegExp(`\\n[ \\t]*${m[2]}\\b`);
  const rest = code.slice(i + m[0].length);
  const em = endRe.exec(`\n${rest}`);
  const body = em ? rest.slice(0, Math.max(0, em.index - 1)) : rest;
  const end = em ? i + m[0].length + em.index - 1 + em[0].length : n;
  lx.out.push(strTok(m[1] === "'" ? [body] : interpolate(body, 'php', fam), i, end));
  lx.i = end;
  return true;
}

/** ruby %-literals: %w[] %i[] lists, %x() commands, %r{} regexes, %q() %Q() %() strings. */
function rubyPercent(lx: Lx): boolean {
  const { code, fam, i } = lx;
  if (fam !== 'ruby' || code[i] !== '%') return false;
  const m = /^%([qQwWiIxr]?)([^\w\s])/.exec(code.slice(i, i + 3));
  if (!m) return false;
  // After a word, a spaced `%` with none after it starts a literal: a command call's first
  // argument (rake's `sh %q(psql ...)`, `system %(rm -rf x)`), as ruby reads `foo %q(x)`.
  const prev = lx.out[lx.out.length - 1];
  const arg = prev?.t === 'id' && /\s/.test(code[i - 1] ?? '') && m[2] !== '=';
  if (!arg && !regexOk(lx)) return false;
  const { body, end } = quoted(lx, i + m[0].length - 1, m[2]!, true);
  const k = m[1]!;
  if (k === 'w' || k === 'W' || k === 'i' || k === 'I') lx.out.push({ t: 'list', items: body.split(/\s+/).filter(Boolean), s: i, e: end });
  else if (k === 'x') lx.out.push(cmdTok(interpolate(body, 'ruby', fam), '%x', i, end));
  else if (k === 'r') lx.out.push({ t: 'num', v: 're', s: i, e: end });
  else lx.out.push(strTok(k === 'q' ? [body] : interpolate(body, 'ruby', fam), i, end));
  lx.i = end;
  return true;
}

function regexLiteral(lx: Lx): boolean {
  const { fam, i } = lx;
  if (lx.code[i] !== '/' || !(fam === 'js' || fam === 'ruby' || fam === 'perl') || !regexOk(lx)) return false;
  const end = regexEnd(lx, i);
  lx.out.push({ t: 'num', v: 're', s: i, e: end });
  lx.i = end;
  return true;
}

/** perl $x, @x, %x, &x, $#x, ${name}, $x::y: one identifier token. */
function perlVariable(lx: Lx): boolean {
  const { code, fam, i } = lx;
  const c = code[i]!;
  if (fam !== 'perl' || !/[$@%&]/.test(c)) return false;
  const m = /^(\$#\{?|[$@%&])(\{\^?\w+\}|\w+(?:::\w+)*|[^\s\w{]|\{)/.exec(code.slice(i, i + 200));
  // % and & are operators unless a name follows where an operand may start
  if (!((m && !(c === '%' || c === '&')) || (m && /^[%&]\w/.test(m[0]) && regexOk(lx)))) return false;
  const v = m![2] === '{' ? m![1]! : m![0];
  lx.out.push({ t: 'id', v, s: i, e: i + v.length });
  lx.i += v.length;
  return true;
}

/** Identifiers, per family; in perl also the quote-like operators q qq qw qx m s tr y. */
function word(lx: Lx): boolean {
  const { code, fam, i } = lx;
  const idRe = fam === 'perl' ? /^[A-Za-z_]\w*(?:::\w+)*/ : fam === 'ruby' ? /^[@$]{0,2}[A-Za-z_]\w*/ : fam === 'php' ? /^\$?[A-Za-z_]\w*/ : /^[A-Za-z_$][\w$]*/;
  const idm = idRe.exec(code.slice(i, i + 300));
  if (!idm) return false;
  let v = idm[0];
  if (fam === 'ruby' && /[?!]/.test(code[i + v.length] ?? '') && code[i + v.length + 1] !== '=') v += code[i + v.length];
  if (fam === 'perl' && /^(q|qq|qw|qx|m|s|tr|y)$/.test(v) && perlQuoteLike(lx, v)) return true;
  lx.out.push({ t: 'id', v, s: i, e: i + v.length });
  lx.i += v.length;
  return true;
}

/** q() strings, qq{} interpolated strings, qw() lists, qx{} commands; m//, s///, tr/// as one token. */
function perlQuoteLike(lx: Lx, v: string): boolean {
  const { code, n, fam, i } = lx;
  let j = i + v.length;
  while (j < n && /[ \t]/.test(code[j]!)) j++;
  const d = code[j];
  if (!d || /[\w\s,;=)>]/.test(d) || (d === '=' && code[j + 1] === '>')) return false;
  let { body, end } = quoted(lx, j, d, true);
  if (v === 's' || v === 'tr' || v === 'y') {
    // second part: same delimiter continues, paired ones open again
    let k = end;
    if (PAIRS[d]) { while (k < n && /\s/.test(code[k]!)) k++; k = quoted(lx, k, code[k] ?? d, true).end; } else k = quoted(lx, end - 1, d, true).end;
    end = k;
  }
  while (end < n && /[a-z]/i.test(code[end]!)) end++;
  if (v === 'q') lx.out.push(strTok([body.replace(/\\([\\'])/g, '$1')], i, end));
  else if (v === 'qq') lx.out.push(strTok(interpolate(body, 'perl', fam), i, end));
  else if (v === 'qw') lx.out.push({ t: 'list', items: body.split(/\s+/).filter(Boolean), s: i, e: end });
  else if (v === 'qx') lx.out.push(cmdTok(d === "'" ? [body] : interpolate(body, 'perl', fam), 'qx', i, end));
  else lx.out.push({ t: 'num', v: 're', s: i, e: end });
  lx.i = end;
  return true;
}

function num(lx: Lx): boolean {
  const { code, i } = lx;
  if (!/[0-9]/.test(code[i]!)) return false;
  const m = /^[0-9][0-9a-zA-Z_.]*/.exec(code.slice(i))!;
  lx.out.push({ t: 'num', v: m[0], s: i, e: i + m[0].length });
  lx.i += m[0].length;
  return true;
}

function punct(lx: Lx): void {
  const { code, i } = lx;
  const p = PUNCT.find((x) => code.startsWith(x, i)) ?? code[i]!;
  lx.out.push({ t: 'p', v: p, s: i, e: i + p.length });
  lx.i += p.length;
}

// ------------------------------------------------------------------ chains: a.b(x).c[y]

export interface Seg { name: string; args?: Tok[][]; index?: Tok[]; end: number }

export function closeTok(t: Tok[], i: number): number {
  const open = (t[i] as { v: string }).v;
  const close = PAIRS[open]!;
  let d = 0;
  for (let j = i; j < t.length; j++) {
    const x = t[j]!;
    if (x.t !== 'p') continue;
    if (x.v === open) d++;
    else if (x.v === close && --d === 0) return j;
  }
  return t.length - 1;
}

export function splitArgs(t: Tok[]): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  let d = 0;
  for (const x of t) {
    if (x.t === 'nl') continue;
    if (x.t === 'p' && '([{'.includes(x.v)) d++;
    if (x.t === 'p' && ')]}'.includes(x.v)) d--;
    if (x.t === 'p' && x.v === ',' && d === 0) { out.push(cur); cur = []; continue; }
    cur.push(x);
  }
  if (cur.length) out.push(cur);
  return out;
}

export const isP = (x: Tok | undefined, v: string): boolean => !!x && x.t === 'p' && x.v === v;
export const SEP = new Set(['.', '?.', '->', '::']);

export function parseChain(t: Tok[], i: number, fam: Family): { segs: Seg[]; end: number } {
  const first = t[i] as { v: string; e: number };
  const segs: Seg[] = [{ name: first.v, end: i }];
  let j = i + 1;
  while (j < t.length) {
    const x = t[j]!;
    if (x.t === 'p' && SEP.has(x.v) && t[j + 1]?.t === 'id') {
      segs.push({ name: (t[j + 1] as { v: string }).v, end: j + 1 });
      j += 2;
    } else if (x.t === 'p' && SEP.has(x.v) && isP(t[j + 1], '(')) {
      j++; // a?.(x)
    } else if ((isP(x, '(') || isP(x, '[')) && (x as { bol?: true }).bol) {
      break; // python: the next statement
    } else if (isP(x, '(')) {
      const c = closeTok(t, j);
      const args = splitArgs(t.slice(j + 1, c));
      const last = segs[segs.length - 1]!;
      if (last.args || last.index) segs.push({ name: '()', args, end: c });
      else { last.args = args; last.end = c; }
      j = c + 1;
    } else if (fam === 'ruby' && isP(x, '[') && x.s > (t[j - 1] as { e: number }).e && /^(eval|instance_eval|class_eval|module_eval)$/.test(segs[segs.length - 1]!.name) && !segs[segs.length - 1]!.args) {
      break; // ruby's `eval [115, 121].pack("c*")`: the spaced `[` starts the argument, not an index
    } else if (isP(x, '[') || (fam === 'perl' && isP(x, '{') && /^[$]/.test(segs[segs.length - 1]!.name))) {
      const c = closeTok(t, j);
      segs.push({ name: '[]', index: t.slice(j + 1, c), end: c });
      j = c + 1;
    } else break;
  }
  return { segs, end: j - 1 };
}

/** The tokens of `name: value` in a JS object literal `{ ... }`. */
export function objField(toks: Tok[], name: string): Tok[] | undefined {
  if (!isP(toks[0], '{')) return undefined;
  const c = closeTok(toks, 0);
  for (const part of splitArgs(toks.slice(1, c))) {
    const k = part[0];
    if (k && (k.t === 'id' || k.t === 'str') && k.v === name && isP(part[1], ':')) return part.slice(2);
    if (k && k.t === 'id' && k.v === name && part.length === 1) return undefined;
  }
  return undefined;
}
