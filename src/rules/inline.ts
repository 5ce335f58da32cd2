// Inline interpreter code (python -c, node -e, ruby/perl -e, php -r, deno eval, bun -e, and the same
// fed on stdin): the shell commands it would run and the files it would delete. Pattern-based, over
// a per-language token stream so that strings and comments that merely mention `rm -rf` stay quiet.
import { resolve } from 'node:path';
import type { Invocation, Word } from '../parse/types.js';
import { readBounded } from './files.js';

export type InlineLang = 'python' | 'node' | 'ruby' | 'perl' | 'php' | 'deno' | 'bun';
export interface InlineCode { lang: InlineLang; code: string; from: string }
export interface ShellCall {
  code: string;
  /** 'os.system', 'subprocess.run', 'child_process.execSync', 'system', 'backticks', ... */
  how: string;
  /** Set when called with a literal list: subprocess.run(['git', 'push', '--force']). */
  argv?: string[];
}
export interface CodeHit {
  /** 'shutil.rmtree', 'fs.rmSync', 'FileUtils.rm_rf', 'os.remove', 'open' ... */
  what: string;
  /** The path argument when it is literal after simple resolution ('~', '$HOME', 'data/x'). */
  arg?: string;
  /** 'delete' removes files; 'overwrite' truncates or replaces one (open(p, 'w'), fs.writeFileSync). */
  kind: 'delete' | 'overwrite';
}

const MAX_DEPTH = 3;

// ------------------------------------------------------------------ finding the code

function w(word: Word, lang: InlineLang, from: string): InlineCode | { unknown: string } {
  return word.dynamic ? { unknown: `the ${lang} code ${word.text} is only known at run time` } : { lang, code: word.value, from };
}

function fromStdin(inv: Invocation, lang: InlineLang): InlineCode | { unknown: string } | undefined {
  const s = inv.stdin;
  if (!s) return undefined; // a terminal: an interactive session
  switch (s.kind) {
    case 'heredoc': return { lang, code: s.text, from: 'heredoc' };
    case 'herestring': return s.dynamic ? { unknown: `the ${lang} code in the here-string is only known at run time` } : { lang, code: s.text, from: 'here-string' };
    case 'pipe': return s.text !== undefined ? { lang, code: s.text, from: `stdin from ${s.from}` } : { unknown: `the ${lang} code is piped from ${s.from}` };
    case 'file': {
      const p = s.path;
      if (p.dynamic) return { unknown: `the ${lang} code comes from ${p.text}, only known at run time` };
      const r = readBounded(p.value, inv.cwd);
      return 'text' in r ? { lang, code: r.text, from: `< ${p.value}` } : r;
    }
  }
}

type Found = InlineCode | { unknown: string } | undefined;

function python(inv: Invocation): Found {
  const a = inv.argv;
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '-') return fromStdin(inv, 'python');
    if (!v.startsWith('-') || v === '--') return undefined; // a script file
    if (v.startsWith('--')) {
      if (v === '--check-hash-based-pycs') i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (ch === 'c') return rest ? w({ ...a[i]!, value: rest }, 'python', '-c') : a[i + 1] ? w(a[i + 1]!, 'python', '-c') : undefined;
      if (ch === 'm') return undefined; // runs a module
      if (ch === 'W' || ch === 'X') { if (!rest) i++; break; }
    }
  }
  return fromStdin(inv, 'python');
}

function node(inv: Invocation, lang: 'node' | 'bun'): Found {
  const a = inv.argv;
  const longVal = new Set(['--require', '--import', '--loader', '--experimental-loader', '--conditions', '--input-type', '--inspect-port', '--title',
    '--env-file', '--redirect-warnings', '--cpu-prof-dir', '--heap-prof-dir', '--diagnostic-dir', '--report-dir', '--openssl-config', '--tls-cipher-list',
    '--preload', '--cwd', '--config', '--tsconfig-override', '--define', '--loader']);
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '-') return fromStdin(inv, lang);
    if (v === '--') return undefined;
    if (!v.startsWith('-')) {
      // bun run - reads the script from stdin; any other positional is a script or a subcommand.
      if (lang === 'bun' && v === 'run' && a[i + 1]?.value === '-') return fromStdin(inv, lang);
      return undefined;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      if (name === '--eval' || name === '--print') {
        if (eq >= 0) return w({ ...a[i]!, value: v.slice(eq + 1) }, lang, name);
        return a[i + 1] ? w(a[i + 1]!, lang, name) : undefined;
      }
      if (name === '--check') return undefined;
      if (eq < 0 && longVal.has(name)) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (ch === 'e' || ch === 'p') {
        // -pe CODE: the last letter takes the value.
        if (rest && /^[ep]+$/.test(rest)) continue;
        return rest ? w({ ...a[i]!, value: rest }, lang, `-${ch}`) : a[i + 1] ? w(a[i + 1]!, lang, `-${ch}`) : undefined;
      }
      if (ch === 'c') return undefined; // syntax check only
      if (ch === 'r' || ch === 'C') { if (!rest) i++; break; }
    }
  }
  return fromStdin(inv, lang);
}

/** ruby and perl: several -e pieces join with newlines. */
function rubyPerl(inv: Invocation, lang: 'ruby' | 'perl'): Found {
  const a = inv.argv;
  const codes: Word[] = [];
  let flag = '-e';
  // Letters whose value is the rest of the word (or, for some, the next word).
  const restOnly = lang === 'ruby' ? 'FiTWKx' : 'CDdiFxV';
  const restOrNext = lang === 'ruby' ? 'IrCE' : 'IMm';
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') break;
    if (!v.startsWith('-') || v === '-') {
      if (codes.length) break; // the rest is ARGV
      return v === '-' ? fromStdin(inv, lang) : undefined; // a script file
    }
    if (v.startsWith('--')) {
      if (lang === 'ruby' && /^--(encoding|external-encoding|internal-encoding)$/.test(v)) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (ch === 'e' || (lang === 'perl' && ch === 'E')) {
        flag = `-${ch}`;
        if (rest) codes.push({ ...a[i]!, value: rest });
        else if (a[i + 1]) codes.push(a[++i]!);
        break;
      }
      if (ch === 'c' && !(lang === 'perl' && codes.length)) return undefined; // syntax check only
      // -0[octal] and perl -l[octal] take digits only, then the bundle goes on (-lne, -0777pe)
      if (ch === '0' || (ch === 'l' && lang === 'perl')) { j += /^[0-9a-fA-Fx]*/.exec(rest)![0].replace(/[a-fA-F].*$/, '').length; continue; }
      if (restOnly.includes(ch)) break;
      if (restOrNext.includes(ch)) { if (!rest) i++; break; }
    }
  }
  if (!codes.length) return fromStdin(inv, lang);
  if (codes.some((c) => c.dynamic)) return { unknown: `the ${lang} code ${codes.find((c) => c.dynamic)!.text} is only known at run time` };
  return { lang, code: codes.map((c) => c.value).join('\n'), from: flag };
}

function php(inv: Invocation): Found {
  const a = inv.argv;
  const codes: Word[] = [];
  let flag = '-r';
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') break;
    if (!v.startsWith('-')) { if (codes.length) break; return undefined; }
    const ch = v[1];
    const rest = v.slice(2);
    // -r CODE, and -B/-R/-E: code run before, per input line, after.
    if (ch && 'rBRE'.includes(ch)) {
      flag = `-${ch}`;
      if (rest) codes.push({ ...a[i]!, value: rest });
      else if (a[i + 1]) codes.push(a[++i]!);
      continue;
    }
    if (ch === 'f' || ch === 'l' || ch === 'S' || ch === 's' || ch === 'a') return undefined; // a file, lint, server, highlight, interactive
    if (ch && 'cdzt'.includes(ch) && !rest) i++;
  }
  if (!codes.length) return fromStdin(inv, 'php');
  if (codes.some((c) => c.dynamic)) return { unknown: `the php code ${codes.find((c) => c.dynamic)!.text} is only known at run time` };
  return { lang: 'php', code: codes.map((c) => c.value).join('\n'), from: flag };
}

function deno(inv: Invocation): Found {
  const a = inv.argv;
  const sub = a[1]?.value;
  const longVal = new Set(['--ext', '--config', '-c', '--import-map', '--cert', '--location', '--seed', '--env-file', '--lock', '--reload', '-r', '--v8-flags']);
  if (sub === 'eval') {
    for (let i = 2; i < a.length; i++) {
      const v = a[i]!.value;
      if (!v.startsWith('-')) return w(a[i]!, 'deno', 'deno eval');
      if (!v.includes('=') && longVal.has(v)) i++;
    }
    return undefined;
  }
  if (sub === 'run' && a.slice(2).some((x) => x.value === '-')) return fromStdin(inv, 'deno');
  return undefined;
}

/** The inline code an interpreter invocation runs, `{ unknown }` when it can't be seen. */
export function inlineCode(inv: Invocation): InlineCode | { unknown: string } | undefined {
  const n = inv.name;
  if (/^(python([23](\.\d+)?)?|pypy3?)$/.test(n)) return python(inv);
  if (n === 'node' || n === 'nodejs') return node(inv, 'node');
  if (n === 'bun') return node(inv, 'bun');
  if (/^ruby[\d.]*$/.test(n)) return rubyPerl(inv, 'ruby');
  if (/^perl[\d.]*$/.test(n)) return rubyPerl(inv, 'perl');
  if (/^php[\d.]*$/.test(n)) return php(inv);
  if (n === 'deno') return deno(inv);
  return undefined;
}

// ------------------------------------------------------------------ tokens

type Part = string | { src: string };
type Tok =
  | { t: 'id'; v: string; s: number; e: number }
  | { t: 'str'; v: string; dyn: boolean; parts: Part[]; s: number; e: number; tpl?: boolean }
  | { t: 'cmd'; v: string; dyn: boolean; how: string; s: number; e: number }
  | { t: 'list'; items: string[]; s: number; e: number }
  | { t: 'num'; v: string; s: number; e: number }
  | { t: 'p'; v: string; s: number; e: number }
  | { t: 'nl'; s: number; e: number };

type Family = 'python' | 'js' | 'ruby' | 'perl' | 'php';
const family = (l: InlineLang): Family => (l === 'node' || l === 'deno' || l === 'bun' ? 'js' : l);

const PUNCT = ['===', '!==', '...', '::', '->', '=>', '?.', '**', '==', '!=', '<=', '>=', '&&', '||', '=~', '!~', '<<', '>>', '+=', '-=', '.='];
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'and', 'or', 'not', 'if',
  'unless', 'when', 'while', 'until', 'split', 'grep', 'map', 'join', 'push', 'unshift']);
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

function unescape(body: string, fam: Family): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g, (m, e: string) => {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '0': '\0' };
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
    } else if (style === 'js' && c === '$' && body[i + 1] === '{') {
      const end = closeIn(body, i + 1, '{', '}');
      flushLit();
      parts.push({ src: body.slice(i + 2, end) });
      i = end;
      continue;
    } else if (style === 'ruby' && c === '#' && body[i + 1] === '{') {
      const end = closeIn(body, i + 1, '{', '}');
      flushLit();
      parts.push({ src: body.slice(i + 2, end) });
      i = end;
      continue;
    } else if (style === 'ruby' && c === '#' && /[@$]/.test(body[i + 1] ?? '')) {
      const m = /^[@$]{1,2}\w+/.exec(body.slice(i + 1));
      if (m) { flushLit(); parts.push({ src: m[0] }); i += m[0].length; continue; }
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

function lex(code: string, lang: InlineLang): Tok[] {
  const fam = family(lang);
  const out: Tok[] = [];
  const n = code.length;
  let i = 0;
  const prev = () => out[out.length - 1];
  const regexOk = () => {
    const p = prev();
    if (!p || p.t === 'nl') return true;
    if (p.t === 'p') return !/^[)\]}]$/.test(p.v);
    if (p.t === 'id') return REGEX_AFTER_WORD.has(p.v);
    return false;
  };
  /** A quoted run starting at code[i] (the opening delimiter); returns the body and the index after. */
  const quoted = (at: number, open: string, bs: boolean): { body: string; end: number } => {
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
  };
  const regex = (at: number) => {
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
  };
  while (i < n) {
    const c = code[i]!;
    const c2 = code.slice(i, i + 2);
    if (c === '\n') {
      if (fam === 'ruby') out.push({ t: 'nl', s: i, e: i + 1 });
      i++;
      continue;
    }
    if (/\s/.test(c)) { i++; continue; }
    // comments
    const lineStart = i === 0 || code[i - 1] === '\n';
    if (lineStart && fam === 'ruby' && code.startsWith('=begin', i)) { const e = code.indexOf('\n=end', i); i = e < 0 ? n : e + 5; continue; }
    if (lineStart && fam === 'perl' && /^=[a-z]/.test(code.slice(i, i + 2))) { const e = code.indexOf('\n=cut', i); i = e < 0 ? n : e + 5; continue; }
    if (fam === 'perl' && /^__(END|DATA)__\b/.test(code.slice(i, i + 8))) break;
    if ((c === '#' && (fam === 'python' || fam === 'ruby' || fam === 'perl' || (fam === 'php' && code[i + 1] !== '['))) || (c2 === '//' && (fam === 'js' || fam === 'php')) || (i === 0 && c2 === '#!')) {
      while (i < n && code[i] !== '\n') i++;
      continue;
    }
    if (c2 === '/*' && (fam === 'js' || fam === 'php')) {
      const e = code.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    // python string prefixes and the identifiers they look like
    if (fam === 'python') {
      const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(code.slice(i, i + 5));
      if (m && (m[1] === '' || !/\w/.test(code[i - 1] ?? ''))) {
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
        out.push(strTok(parts, i, Math.min(j + q.length, n)));
        i = Math.min(j + q.length, n);
        continue;
      }
    }
    // quotes
    if (c === "'" || c === '"' || c === '`') {
      const { body, end } = quoted(i, c, true);
      if (c === '`' && fam !== 'js' && fam !== 'python') {
        const parts = interpolate(body, fam === 'ruby' ? 'ruby' : fam === 'perl' ? 'perl' : 'php', fam);
        const t = strTok(parts, i, end) as Extract<Tok, { t: 'str' }>;
        out.push({ t: 'cmd', v: t.v, dyn: t.dyn, how: 'backticks', s: i, e: end });
      } else if (c === '`') {
        out.push(strTok(interpolate(body, 'js', fam), i, end, true));
      } else if (c === "'" && fam !== 'js' && fam !== 'python') {
        // single quotes: only \\ and \' are escapes
        out.push(strTok([body.replace(/\\([\\'])/g, '$1')], i, end));
      } else {
        const style = c === "'" ? 'none' : fam === 'ruby' ? 'ruby' : fam === 'perl' ? 'perl' : fam === 'php' ? 'php' : 'none';
        out.push(strTok(interpolate(body, style, fam), i, end));
      }
      i = end;
      continue;
    }
    // php heredoc / nowdoc
    if (fam === 'php' && code.startsWith('<<<', i)) {
      const m = /^<<<[ \t]*(['"]?)(\w+)\1\r?\n/.exec(code.slice(i));
      if (m) {
        const endRe = new RegExp(`\\n[ \\t]*${m[2]}\\b`);
        const rest = code.slice(i + m[0].length);
        const em = endRe.exec(`\n${rest}`);
        const body = em ? rest.slice(0, Math.max(0, em.index - 1)) : rest;
        const end = em ? i + m[0].length + em.index - 1 + em[0].length : n;
        out.push(strTok(m[1] === "'" ? [body] : interpolate(body, 'php', fam), i, end));
        i = end;
        continue;
      }
    }
    // ruby %-literals
    if (fam === 'ruby' && c === '%' && regexOk()) {
      const m = /^%([qQwWiIxr]?)([^\w\s])/.exec(code.slice(i, i + 3));
      if (m) {
        const { body, end } = quoted(i + m[0].length - 1, m[2]!, true);
        const k = m[1]!;
        if (k === 'w' || k === 'W' || k === 'i' || k === 'I') out.push({ t: 'list', items: body.split(/\s+/).filter(Boolean), s: i, e: end });
        else if (k === 'x') {
          const t = strTok(interpolate(body, 'ruby', fam), i, end) as Extract<Tok, { t: 'str' }>;
          out.push({ t: 'cmd', v: t.v, dyn: t.dyn, how: '%x', s: i, e: end });
        } else if (k === 'r') out.push({ t: 'num', v: 're', s: i, e: end });
        else out.push(strTok(k === 'q' ? [body] : interpolate(body, 'ruby', fam), i, end));
        i = end;
        continue;
      }
    }
    // regex literals
    if (c === '/' && (fam === 'js' || fam === 'ruby' || fam === 'perl') && regexOk()) {
      const end = regex(i);
      out.push({ t: 'num', v: 're', s: i, e: end });
      i = end;
      continue;
    }
    // perl variables
    if (fam === 'perl' && /[$@%&]/.test(c)) {
      const m = /^(\$#\{?|[$@%&])(\{\^?\w+\}|\w+(?:::\w+)*|[^\s\w{]|\{)/.exec(code.slice(i, i + 200));
      if (m && !(c === '%' || c === '&') || (m && /^[%&]\w/.test(m[0]) && regexOk())) {
        const v = m![2] === '{' ? m![1]! : m![0];
        out.push({ t: 'id', v, s: i, e: i + v.length });
        i += v.length;
        continue;
      }
    }
    // identifiers (and perl quote-like operators)
    const idRe = fam === 'perl' ? /^[A-Za-z_]\w*(?:::\w+)*/ : fam === 'ruby' ? /^[@$]{0,2}[A-Za-z_]\w*/ : fam === 'php' ? /^\$?[A-Za-z_]\w*/ : /^[A-Za-z_$][\w$]*/;
    const idm = idRe.exec(code.slice(i, i + 300));
    if (idm) {
      let v = idm[0];
      if (fam === 'ruby' && /[?!]/.test(code[i + v.length] ?? '') && code[i + v.length + 1] !== '=') v += code[i + v.length];
      if (fam === 'perl' && /^(q|qq|qw|qx|m|s|tr|y)$/.test(v)) {
        let j = i + v.length;
        while (j < n && /[ \t]/.test(code[j]!)) j++;
        const d = code[j];
        if (d && !/[\w\s,;=)>]/.test(d) && !(d === '=' && code[j + 1] === '>')) {
          let { body, end } = quoted(j, d, true);
          if (v === 's' || v === 'tr' || v === 'y') {
            // second part: same delimiter continues, paired ones open again
            let k = end;
            if (PAIRS[d]) { while (k < n && /\s/.test(code[k]!)) k++; k = quoted(k, code[k] ?? d, true).end; } else k = quoted(end - 1, d, true).end;
            end = k;
          }
          while (end < n && /[a-z]/i.test(code[end]!)) end++;
          if (v === 'q') out.push(strTok([body.replace(/\\([\\'])/g, '$1')], i, end));
          else if (v === 'qq') out.push(strTok(interpolate(body, 'perl', fam), i, end));
          else if (v === 'qw') out.push({ t: 'list', items: body.split(/\s+/).filter(Boolean), s: i, e: end });
          else if (v === 'qx') {
            const t = strTok(d === "'" ? [body] : interpolate(body, 'perl', fam), i, end) as Extract<Tok, { t: 'str' }>;
            out.push({ t: 'cmd', v: t.v, dyn: t.dyn, how: 'qx', s: i, e: end });
          } else out.push({ t: 'num', v: 're', s: i, e: end });
          i = end;
          continue;
        }
      }
      out.push({ t: 'id', v, s: i, e: i + v.length });
      i += v.length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9a-zA-Z_.]*/.exec(code.slice(i))!;
      out.push({ t: 'num', v: m[0], s: i, e: i + m[0].length });
      i += m[0].length;
      continue;
    }
    const p = PUNCT.find((x) => code.startsWith(x, i)) ?? c;
    out.push({ t: 'p', v: p, s: i, e: i + p.length });
    i += p.length;
  }
  return out;
}

// ------------------------------------------------------------------ chains: a.b(x).c[y]

interface Seg { name: string; args?: Tok[][]; index?: Tok[]; end: number }

function closeTok(t: Tok[], i: number): number {
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

function splitArgs(t: Tok[]): Tok[][] {
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

const isP = (x: Tok | undefined, v: string): boolean => !!x && x.t === 'p' && x.v === v;
const SEP = new Set(['.', '?.', '->', '::']);

function parseChain(t: Tok[], i: number, fam: Family): { segs: Seg[]; end: number } {
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
    } else if (isP(x, '(')) {
      const c = closeTok(t, j);
      const args = splitArgs(t.slice(j + 1, c));
      const last = segs[segs.length - 1]!;
      if (last.args || last.index) segs.push({ name: '()', args, end: c });
      else { last.args = args; last.end = c; }
      j = c + 1;
    } else if (isP(x, '[') || (fam === 'perl' && isP(x, '{') && /^[$]/.test(segs[segs.length - 1]!.name))) {
      const c = closeTok(t, j);
      segs.push({ name: '[]', index: t.slice(j + 1, c), end: c });
      j = c + 1;
    } else break;
  }
  return { segs, end: j - 1 };
}

// ------------------------------------------------------------------ imports and aliases

/** 'node:fs' and 'fs' are one module; 'fs/promises' is fs.promises. */
function normModule(m: string): string {
  const s = m.replace(/^node:/, '');
  return s === 'fs/promises' ? 'fs.promises' : s;
}

interface Scope { alias: Map<string, string>; star: string[] }

function collectAliases(t: Tok[], fam: Family): Scope {
  const alias = new Map<string, string>();
  const star: string[] = [];
  const dotted = (k: number): { name: string; next: number } => {
    let name = (t[k] as { v: string }).v;
    let j = k + 1;
    while (isP(t[j], '.') && t[j + 1]?.t === 'id') { name += `.${(t[j + 1] as { v: string }).v}`; j += 2; }
    return { name, next: j };
  };
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t !== 'id') continue;
    if (fam === 'python' && x.v === 'import' && t[i + 1]?.t === 'id' && !(t[i - 1]?.t === 'id')) {
      // import a.b as c, d
      let j = i + 1;
      while (t[j]?.t === 'id') {
        const d = dotted(j);
        j = d.next;
        if (t[j]?.t === 'id' && (t[j] as { v: string }).v === 'as' && t[j + 1]?.t === 'id') { alias.set((t[j + 1] as { v: string }).v, d.name); j += 2; } else alias.set(d.name.split('.')[0]!, d.name.split('.')[0]!);
        if (!isP(t[j], ',')) break;
        j++;
      }
    }
    if (fam === 'python' && x.v === 'from' && t[i + 1]?.t === 'id') {
      const d = dotted(i + 1);
      let j = d.next;
      if (!(t[j]?.t === 'id' && (t[j] as { v: string }).v === 'import')) continue;
      j++;
      if (isP(t[j], '(')) j++;
      if (isP(t[j], '*')) { star.push(d.name); continue; }
      while (t[j]?.t === 'id') {
        const nm = (t[j] as { v: string }).v;
        j++;
        let local = nm;
        if (t[j]?.t === 'id' && (t[j] as { v: string }).v === 'as' && t[j + 1]?.t === 'id') { local = (t[j + 1] as { v: string }).v; j += 2; }
        alias.set(local, `${d.name}.${nm}`);
        if (!isP(t[j], ',')) break;
        j++;
      }
    }
    if (fam === 'js' && (x.v === 'const' || x.v === 'let' || x.v === 'var')) {
      // const X = require('m').y / const { a, b: c } = require('m') / = X / = await import('m')
      let j = i + 1;
      let names: Array<[string, string]> = [];
      if (t[j]?.t === 'id') { names = [[(t[j] as { v: string }).v, '']]; j++; } else if (isP(t[j], '{')) {
        const c = closeTok(t, j);
        for (const part of splitArgs(t.slice(j + 1, c))) {
          const ids = part.filter((p) => p.t === 'id').map((p) => (p as { v: string }).v);
          if (ids.length === 1) names.push([ids[0]!, ids[0]!]);
          else if (ids.length >= 2 && isP(part[1], ':')) names.push([ids[1]!, ids[0]!]);
        }
        j = c + 1;
      } else continue;
      if (!isP(t[j], '=')) continue;
      j++;
      if (t[j]?.t === 'id' && (t[j] as { v: string }).v === 'await') j++;
      if (t[j]?.t !== 'id') continue;
      const { segs } = parseChain(t, j, fam);
      const base = chainBase(segs, { alias, star }, fam);
      if (!base) continue;
      const full = [base.root, ...segs.slice(base.from).map((s) => s.name)].join('.');
      for (const [local, prop] of names) alias.set(local, prop ? `${full}.${prop}` : full);
    }
    if (fam === 'js' && x.v === 'import' && !isP(t[i + 1], '(')) {
      // import X from 'm' / import * as X from 'm' / import { a as b } from 'm'
      let j = i + 1;
      const names: Array<[string, string]> = [];
      while (j < t.length && !(t[j]?.t === 'id' && (t[j] as { v: string }).v === 'from')) {
        const y = t[j]!;
        if (isP(y, '*') && t[j + 2]?.t === 'id') { names.push([(t[j + 2] as { v: string }).v, '']); j += 3; continue; }
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
      if (m?.t !== 'str') continue;
      const mod = normModule(m.v);
      for (const [local, prop] of names) alias.set(local, prop && prop !== 'default' ? `${mod}.${prop}` : mod);
    }
    if (fam === 'ruby' && x.v === 'include' && t[i + 1]?.t === 'id') star.push((t[i + 1] as { v: string }).v);
  }
  return { alias, star };
}

const MODULE_CALLS = new Set(['require', '__import__', 'import']);

/** The module or name a chain starts from, and the first segment after it. */
function chainBase(segs: Seg[], scope: Scope, fam: Family): { root: string; from: number; module?: boolean } | undefined {
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
  return { root: scope.alias.get(name) ?? name, from: 1 };
}

function pathOf(segs: Seg[], k: number, scope: Scope, fam: Family): string | undefined {
  const b = chainBase(segs, scope, fam);
  if (!b) return undefined;
  return [b.root, ...segs.slice(b.from, k + 1).map((s) => s.name)].join('.');
}

// ------------------------------------------------------------------ values

type Val = { s: string } | { list: string[] } | { env: true } | { pathcls: true };

const HOME_CALLS = new Set(['os.homedir', 'pathlib.Path.home', 'Path.home', 'Dir.home', 'File.home', 'Etc.getpwuid.dir', 'Deno.homeDir']);
const CWD_CALLS = new Set(['os.getcwd', 'process.cwd', 'Dir.pwd', 'Deno.cwd', 'getcwd', 'Cwd.getcwd', 'cwd', 'Cwd.cwd', 'pathlib.Path.cwd', 'Path.cwd']);
const ENV_OBJECTS = new Set(['os.environ', 'process.env', 'ENV', '$ENV', '$_SERVER', '$_ENV', 'Bun.env', 'Deno.env']);
const IDENTITY = new Set(['os.path.expanduser', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.fspath', 'str', 'String', 'pathlib.Path',
  'Path', 'pathlib.PurePath', 'PurePath', 'pathlib.PosixPath', 'PosixPath', 'File.expand_path', 'File.absolute_path', 'Pathname.new', 'Pathname',
  'path.normalize', 'realpath', 'abs_path', 'Cwd.abs_path', 'glob', 'os.path.expandvars', 'File.realpath', 'fs.realpathSync', 'URL']);
const JOIN = new Set(['os.path.join', 'path.join', 'path.resolve', 'path.posix.join', 'File.join', 'catfile', 'catdir', 'File.Spec.catfile',
  'File.Spec.catdir', 'posixpath.join']);
const B64 = new Set(['base64.b64decode', 'base64.decodebytes', 'base64.standard_b64decode', 'base64.urlsafe_b64decode', 'atob', 'Base64.decode64',
  'Base64.strict_decode64', 'Base64.urlsafe_decode64', 'decode_base64', 'MIME.Base64.decode_base64', 'base64_decode']);
const STR_METHODS = new Set(['decode', 'toString', 'strip', 'trim', 'expanduser', 'resolve', 'absolute', 'expand_path', 'to_s', 'as_posix',
  'rstrip', 'lstrip', 'chomp', 'realpath', 'normalize', 'cleanpath']);

function b64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8');
}

/** The value of an expression when it's literal after simple resolution, else undefined. */
function evaluate(toks: Tok[], fam: Family, scope: Scope): Val | undefined {
  const t = toks.filter((x) => x.t !== 'nl');
  if (!t.length) return undefined;
  // top-level concatenation: + everywhere, . in perl/php, / for python paths
  const ops = fam === 'perl' || fam === 'php' ? ['.'] : fam === 'python' ? ['+', '/'] : ['+'];
  let d = 0;
  for (let i = t.length - 1; i > 0; i--) {
    const x = t[i]!;
    if (x.t === 'p' && ')]}'.includes(x.v)) d++;
    else if (x.t === 'p' && '([{'.includes(x.v)) d--;
    else if (d === 0 && x.t === 'p' && ops.includes(x.v)) {
      const l = evaluate(t.slice(0, i), fam, scope);
      const r = evaluate(t.slice(i + 1), fam, scope);
      if (!l || !r || !('s' in l) || !('s' in r)) {
        if (l && r && 'list' in l && 'list' in r && x.v === '+') return { list: [...l.list, ...r.list] };
        return undefined;
      }
      return { s: x.v === '/' ? `${l.s.replace(/\/$/, '')}/${r.s}` : l.s + r.s };
    }
  }
  if (t.length === 1 || t.every((x) => x.t === 'str')) {
    if (t.every((x) => x.t === 'str')) {
      let s = '';
      for (const x of t as Array<Extract<Tok, { t: 'str' }>>) {
        const v = parts(x, fam, scope);
        if (v === undefined) return undefined;
        s += v;
      }
      return { s };
    }
    const x = t[0]!;
    if (x.t === 'num' && x.v !== 're') return { s: x.v };
    if (x.t === 'list') return { list: x.items };
  }
  // (expr) and [a, b] / (a, b) lists
  if (isP(t[0], '(') || isP(t[0], '[')) {
    const c = closeTok(t, 0);
    if (c === t.length - 1) {
      const items = splitArgs(t.slice(1, c));
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
    // (Path.home() / 'x').unlink() style: evaluate the group then its methods
  }
  if (fam === 'php' && t[0]?.t === 'id' && t[0].v.toLowerCase() === 'array' && isP(t[1], '(')) return evaluate(t.slice(1), fam, scope);
  // 'a b'.split(), (expr).strip(): a value, then methods on it
  const head = t[0]!.t === 'str' ? 0 : isP(t[0], '(') ? closeTok(t, 0) : -1;
  if (head >= 0 && isP(t[head + 1], '.')) {
    const v = evaluate(t.slice(0, head + 1), fam, scope);
    const { segs, end } = parseChain([{ t: 'id', v: '_', s: 0, e: 0 }, ...t.slice(head + 1)], 0, fam);
    if (!v || end !== t.length - head - 1) return undefined;
    return methods(v, segs.slice(1), fam, scope);
  }
  if (t[0]?.t !== 'id') return undefined;
  const { segs, end } = parseChain(t, 0, fam);
  if (end !== t.length - 1) return undefined;
  return chainValue(segs, fam, scope);
}

function parts(x: Extract<Tok, { t: 'str' }>, fam: Family, scope: Scope): string | undefined {
  let s = '';
  for (const p of x.parts) {
    if (typeof p === 'string') { s += p; continue; }
    const v = evaluate(lex(p.src, fam === 'js' ? 'node' : fam), fam, scope);
    if (!v || !('s' in v)) return undefined;
    s += v.s;
  }
  return s;
}

function literal(toks: Tok[], fam: Family, scope: Scope): string | undefined {
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

function chainValue(segs: Seg[], fam: Family, scope: Scope): Val | undefined {
  const b = chainBase(segs, scope, fam);
  if (!b) return undefined;
  let path = b.root;
  let val: Val | undefined;
  const s0 = segs[0]!;
  // A call on the root itself (str(x), Path('x'), glob('~'))
  const rootCall = !b.module && s0.args !== undefined;
  const steps: Array<{ seg: Seg; isRoot: boolean }> = [...(rootCall ? [{ seg: s0, isRoot: true }] : []), ...segs.slice(b.from).map((seg) => ({ seg, isRoot: false }))];
  if (!rootCall && ENV_OBJECTS.has(path)) val = { env: true };
  if (!rootCall && (HOME_CALLS.has(path))) val = { s: '~' };
  if (!rootCall && CWD_CALLS.has(path)) val = { s: '.' };
  if (!rootCall && (path === 'Path' || path === 'pathlib.Path')) val = { pathcls: true };
  for (const { seg, isRoot } of steps) {
    if (!isRoot && val === undefined) path += seg.name === '[]' || seg.name === '()' ? '' : `.${seg.name}`;
    if (val === undefined) {
      if (seg.name === '[]') return undefined;
      if (ENV_OBJECTS.has(path) && !seg.args) { val = { env: true }; continue; }
      if (HOME_CALLS.has(path)) { val = { s: '~' }; continue; }
      if (CWD_CALLS.has(path)) { val = { s: '.' }; continue; }
      if (!seg.args) continue;
      const a = seg.args;
      if (path === 'os.getenv' || path === 'getenv' || path === 'Deno.env.get') { val = envName(a[0], fam, scope); if (!val) return undefined; continue; }
      if (IDENTITY.has(path) || JOIN.has(path)) {
        const vs = a.filter((x) => !(fam === 'python' && isP(x[1], '='))).map((x) => literal(x, fam, scope));
        if (!vs.length || vs.some((v) => v === undefined)) return undefined;
        val = { s: (vs as string[]).reduce((acc, v) => (v.startsWith('/') ? v : acc ? `${acc.replace(/\/$/, '')}/${v}` : v), '') };
        continue;
      }
      if (B64.has(path) || (path === 'Buffer.from' && a[1] && literal(a[1], fam, scope) === 'base64')) {
        const s = a[0] ? literal(a[0], fam, scope) : undefined;
        if (s === undefined) return undefined;
        val = { s: b64(s) };
        continue;
      }
      if (path === 'Buffer.from' && a.length === 1) { const s = literal(a[0]!, fam, scope); if (s === undefined) return undefined; val = { s }; continue; }
      if (path === 'shlex.split' || path === 'Shellwords.split' || path === 'Shellwords.shellsplit') {
        const s = a[0] ? literal(a[0], fam, scope) : undefined;
        if (s === undefined) return undefined;
        val = { list: s.match(/'[^']*'|"(?:[^"\\]|\\.)*"|\S+/g)?.map((x) => x.replace(/^(['"])(.*)\1$/s, '$2')) ?? [] };
        continue;
      }
      return undefined;
    }
    val = methods(val, [seg], fam, scope);
    if (!val) return undefined;
  }
  return val;
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

// ------------------------------------------------------------------ what calls do

type ShellStyle = 'cmd' | 'file+list' | 'exec-l' | 'exec-v' | 'spawn-l' | 'spawn-v' | 'argv1' | 'all' | 'deno-command' | 'cmd-opt' | 'pcntl' | 'perl-open';
type HttpStyle = 'requests' | 'urllib' | 'fetch' | 'axios';
interface Entry { re: RegExp; shell?: ShellStyle; eval?: 'first' | 'last'; del?: 'first' | 'all' | 'self'; over?: 'open' | 'first' | 'self'; http?: HttpStyle }

const E = (re: RegExp, e: Omit<Entry, 're'>): Entry => ({ re, ...e });

const TABLES: Record<Family, Entry[]> = {
  python: [
    E(/^(os\.(system|popen[234]?)|subprocess\.(getoutput|getstatusoutput)|commands\.(getoutput|getstatusoutput)|platform\.popen)$/, { shell: 'cmd' }),
    E(/^(subprocess\.(run|call|check_call|check_output|Popen)|asyncio\.create_subprocess_shell|pty\.spawn)$/, { shell: 'cmd' }),
    E(/^asyncio\.create_subprocess_exec$/, { shell: 'all' }),
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
    E(/\.(write_text|write_bytes)$/, { over: 'self' }),
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
    E(/^(fs|fs\.promises|fs-extra)\.(rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync)$/, { del: 'first' }),
    E(/^fs-extra\.(remove|removeSync|emptyDir|emptyDirSync|emptydir|emptydirSync)$/, { del: 'first' }),
    E(/^(rimraf|rimraf\.sync|rimraf\.rimraf|rimraf\.rimrafSync|rimrafSync|rimraf\.native|rimraf\.manual)$/, { del: 'first' }),
    E(/^Deno\.(remove|removeSync)$/, { del: 'first' }),
    E(/^(fs|fs\.promises|fs-extra)\.(writeFile|writeFileSync|truncate|truncateSync|outputFile|outputFileSync)$/, { over: 'first' }),
    E(/^(Deno\.(writeTextFile|writeTextFileSync|writeFile|writeFileSync|truncate|truncateSync)|Bun\.write)$/, { over: 'first' }),
  ],
  ruby: [
    E(/^(system|exec|spawn|Kernel\.(system|exec|spawn)|Process\.(spawn|exec)|IO\.popen|PTY\.spawn|Open3\.(capture2|capture2e|capture3|popen2|popen2e|popen3|pipeline|pipeline_r|pipeline_w|pipeline_rw|pipeline_start))$/, { shell: 'all' }),
    E(/^(eval|instance_eval|class_eval|module_eval|Kernel\.eval|binding\.eval)$/, { eval: 'first' }),
    E(/^(FileUtils\.(rm_rf|rm_r|rm|rm_f|rmtree|remove|remove_dir|remove_entry|remove_entry_secure|remove_file|rmdir|safe_unlink)|File\.(delete|unlink)|Dir\.(rmdir|delete|unlink))$/, { del: 'all' }),
    E(/\.(rmtree|rm_rf|delete|unlink|rmdir)$/, { del: 'self' }),
    E(/^(File\.write|IO\.write|File\.truncate)$/, { over: 'first' }),
    E(/^File\.open$/, { over: 'open' }),
  ],
  perl: [
    E(/^(system|exec)$/, { shell: 'all' }),
    E(/^readpipe$/, { shell: 'cmd' }),
    E(/^open$/, { shell: 'perl-open', over: 'open' }),
    E(/^eval$/, { eval: 'first' }),
    E(/^(rmtree|remove_tree|File\.Path\.rmtree|File\.Path\.remove_tree|unlink|rmdir)$/, { del: 'all' }),
    E(/^truncate$/, { over: 'first' }),
  ],
  php: [
    E(/^(system|exec|shell_exec|passthru|popen|proc_open)$/i, { shell: 'cmd' }),
    E(/^pcntl_exec$/i, { shell: 'pcntl' }),
    E(/^(eval|assert)$/i, { eval: 'first' }),
    E(/^create_function$/i, { eval: 'last' }),
    E(/^(unlink|rmdir)$/i, { del: 'first' }),
    E(/^file_put_contents$/i, { over: 'first' }),
    E(/^fopen$/i, { over: 'open' }),
  ],
};

// Ruby and perl call these without parentheses: `system "rm -rf ~"`, `unlink "x"`.
const PARENLESS = /^(system|exec|spawn|eval|unlink|rmdir|rmtree|remove_tree|readpipe|open|truncate|FileUtils\.\w+|File\.(delete|unlink|write)|Dir\.(rmdir|delete))$/;
const STOP_WORDS = new Set(['if', 'unless', 'or', 'and', 'do', 'while', 'until', 'then', 'rescue', 'for', 'foreach']);

interface Result { calls: ShellCall[]; dynamic: string[]; hits: CodeHit[] }

function quoteArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function analyze(c: InlineCode, depth: number): Result {
  const fam = family(c.lang);
  const t = lex(c.code, c.lang);
  const scope = collectAliases(t, fam);
  const res: Result = { calls: [], dynamic: [], hits: [] };
  const snippet = (a: number, b: number) => {
    const s = c.code.slice(a, b).replace(/\s+/g, ' ').trim();
    return s.length > 120 ? `${s.slice(0, 119)}…` : s;
  };
  const table = TABLES[fam];
  const lookup = (raw: string): { path: string; entries: Entry[] } | undefined => {
    const path = fam === 'php' ? raw.replace(/^\\/, '') : raw;
    if (!path) return undefined;
    const hits = table.filter((e) => e.re.test(path));
    if (hits.length) return { path, entries: hits };
    if (path.includes('.')) return undefined;
    // from m import * / include FileUtils
    for (const m of scope.star) {
      const full = `${m}.${path}`;
      const more = table.filter((e) => e.re.test(full));
      if (more.length) return { path: full, entries: more };
    }
    return undefined;
  };
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.t === 'cmd') {
      if (x.dyn) res.dynamic.push(snippet(x.s, x.e));
      else res.calls.push({ code: x.v, how: x.how });
      continue;
    }
    // (Path.home() / '.ssh').unlink(): a method on a parenthesised value
    if ((fam === 'python' || fam === 'ruby') && isP(x, '(') && !(t[i - 1] && (t[i - 1]!.t === 'id' || isP(t[i - 1], ')') || isP(t[i - 1], ']')))) {
      const c = closeTok(t, i);
      const m = t[c + 2];
      if (isP(t[c + 1], '.') && m?.t === 'id' && /^(unlink|rmdir|rmtree|delete)$/.test(m.v) && (isP(t[c + 3], '(') ? isP(t[c + 4], ')') : fam === 'ruby')) {
        const v = evaluate(t.slice(i + 1, c), fam, scope);
        res.hits.push({ what: whatName(`x.${m.v}`), ...(v && 's' in v ? { arg: v.s } : {}), kind: 'delete' });
      }
      continue;
    }
    if (x.t !== 'id') continue;
    const before = t[i - 1];
    if (before && before.t === 'p' && SEP.has(before.v)) continue;
    const { segs, end } = parseChain(t, i, fam);
    const last = segs[segs.length - 1]!;
    // zx / Bun shell: $`cmd`
    const nextTok = t[end + 1];
    if (fam === 'js' && !last.args && nextTok?.t === 'str' && nextTok.tpl) {
      const p = pathOf(segs, segs.length - 1, scope, fam);
      if (p === '$' || p === 'Bun.$' || p === 'zx.$' || p === 'bun.$') {
        if (nextTok.dyn) res.dynamic.push(snippet(x.s, nextTok.e));
        else res.calls.push({ code: nextTok.v, how: p });
        continue;
      }
    }
    // ruby/perl calls without parentheses
    if ((fam === 'ruby' || fam === 'perl') && !last.args && segs.length === segs.filter((s) => !s.args && !s.index).length && nextTok && nextTok.t !== 'p' && nextTok.t !== 'nl') {
      const p = lookup(pathOf(segs, segs.length - 1, scope, fam) ?? '')?.path;
      if (p && PARENLESS.test(p) && !(p === 'eval' && isP(nextTok, '{'))) {
        let j = end + 1;
        let d = 0;
        for (; j < t.length; j++) {
          const y = t[j]!;
          if (y.t === 'nl' && d === 0) break;
          if (y.t === 'p' && '([{'.includes(y.v)) d++;
          if (y.t === 'p' && ')]}'.includes(y.v)) { if (d === 0) break; d--; }
          if (d === 0 && y.t === 'p' && (y.v === ';' || y.v === '||' || y.v === '&&')) break;
          if (d === 0 && y.t === 'id' && STOP_WORDS.has(y.v)) break;
        }
        last.args = splitArgs(t.slice(end + 1, j));
        last.end = j - 1;
      }
    }
    // ruby calls methods without parentheses: Pathname.new("x").rmtree
    if (fam === 'ruby' && segs.length > 1 && !last.args && /^(rmtree|rm_rf|delete|unlink|rmdir)$/.test(last.name)) last.args = [];
    const kept = keptReference(segs, t[i - 1], nextTok, fam) && !/\b(import|from|require|use)\b/.test(c.code.slice(Math.max(c.code.lastIndexOf('\n', x.s), c.code.lastIndexOf(';', x.s)) + 1, x.s));
    if (kept) {
      const found = lookup(pathOf(segs, segs.length - 1, scope, fam) ?? '');
      // A module itself only when stored (`m = os`, `[os]`), not passed (`getattr(os, 'sep')`).
      const mod = segs.length === 1 && !isP(t[i - 1], '(') && !isP(t[i - 1], ',') && scope.alias.has(x.v) && DANGER_MODULES.test(scope.alias.get(x.v)!);
      if (mod || found?.entries.some((e) => e.shell || e.eval || e.del)) res.dynamic.push(`${snippet(x.s, t[end]!.e)} is kept as a value and called later`);
    }
    const base = chainBase(segs, scope, fam);
    for (let k = base?.module ? base.from : 0; k < segs.length; k++) {
      const seg = segs[k]!;
      if (!seg.args) continue;
      const found = lookup(pathOf(segs, k, scope, fam) ?? '');
      if (!found) continue;
      const { path, entries } = found;
      const startTok = t[i]!;
      const endTok = t[Math.min(seg.end, t.length - 1)]!;
      const snip = snippet(startTok.s, endTok.e);
      const pyArgs = fam === 'python' ? seg.args.filter((a) => !(a[0]?.t === 'id' && isP(a[1], '='))) : seg.args;
      const kw = (name: string) => (fam === 'python' ? seg.args!.find((a) => a[0]?.t === 'id' && a[0].v === name && isP(a[1], '='))?.slice(2) : undefined);
      const args = pyArgs;
      const how = path;
      for (const e of entries) {
        if (e.shell) shellCall(e.shell, args, kw, how, snip);
        if (e.eval) evalCall(e.eval === 'last' ? args[args.length - 1] : args[0], snip);
        if (e.del || e.over) destructive(e, path, segs.slice(0, k), args, kw);
        if (e.http) httpCall(e.http, path, args, kw, snip);
      }
    }
  }
  for (const r of reflection(t, fam, scope, c.code)) res.dynamic.push(`${r.why}: ${snippet(r.s, r.e)}`);
  return res;

  function shellCall(style: ShellStyle, args: Tok[][], kw: (n: string) => Tok[] | undefined, how: string, snip: string): void {
    const val = (a: Tok[] | undefined) => (a ? evaluate(a, fam, scope) : undefined);
    const asList = (v: Val | undefined): string[] | undefined => (v && 'list' in v ? v.list : undefined);
    const push = (v: Val | undefined, prefix: string[] = []) => {
      if (v && 's' in v && !prefix.length) res.calls.push({ code: v.s, how });
      else if (v && ('list' in v || 's' in v)) {
        const argv = [...prefix, ...('list' in v ? v.list : [v.s])];
        res.calls.push({ code: argv.map(quoteArg).join(' '), how, argv });
      } else res.dynamic.push(snip);
    };
    const strs = (list: Tok[][]): string[] | undefined => {
      const out: string[] = [];
      for (const a of list) {
        const v = val(a);
        if (!v || !('s' in v)) return undefined;
        out.push(v.s);
      }
      return out;
    };
    switch (style) {
      case 'cmd': push(val(args[0] ?? kw('args') ?? kw('cmd'))); return;
      case 'all': {
        // ruby/perl: a leading env hash and trailing options are not the command
        let a = args.filter((x) => !isP(x[0], '{') && !x.some((y) => isP(y, '=>')) && !(fam === 'ruby' && x[0]?.t === 'id' && isP(x[1], ':')));
        if (fam === 'perl' && isP(args[0]?.[0], '{')) a = args.slice(1);
        if (a.length === 1) { push(val(a[0])); return; }
        const list = strs(a);
        if (list && list.length) res.calls.push({ code: list.map(quoteArg).join(' '), how, argv: list });
        else res.dynamic.push(snip);
        return;
      }
      case 'file+list': {
        const f = val(args[0]);
        if (!f || !('s' in f)) { res.dynamic.push(snip); return; }
        const second = args[1];
        if (second && !isP(second[0], '{')) {
          const l = asList(val(second));
          if (!l) { res.dynamic.push(snip); return; }
          res.calls.push({ code: [f.s, ...l].map(quoteArg).join(' '), how, argv: [f.s, ...l] });
        } else res.calls.push({ code: f.s, how });
        return;
      }
      case 'exec-l': case 'spawn-l': {
        const rest = args.slice(style === 'exec-l' ? 1 : 2);
        const l = strs(rest.filter((a) => !(isP(a[0], '{') || (a[0]?.t === 'id' && /environ|env/.test(a[0].v)))));
        if (l && l.length) res.calls.push({ code: l.map(quoteArg).join(' '), how, argv: l });
        else res.dynamic.push(snip);
        return;
      }
      case 'exec-v': case 'spawn-v': case 'argv1': {
        const l = asList(val(args[style === 'spawn-v' ? 2 : 1]));
        if (l && l.length) res.calls.push({ code: l.map(quoteArg).join(' '), how, argv: l });
        else res.dynamic.push(snip);
        return;
      }
      case 'deno-command': {
        const f = val(args[0]);
        const opts = args[1];
        const a = opts ? objField(opts, 'args') : undefined;
        const l = a ? asList(val(a)) : [];
        if (!f || !('s' in f) || !l) { res.dynamic.push(snip); return; }
        res.calls.push({ code: [f.s, ...l].map(quoteArg).join(' '), how, argv: [f.s, ...l] });
        return;
      }
      case 'cmd-opt': {
        const first = args[0];
        const src = first && isP(first[0], '{') ? objField(first, 'cmd') : first;
        const l = asList(val(src));
        if (l && l.length) res.calls.push({ code: l.map(quoteArg).join(' '), how, argv: l });
        else res.dynamic.push(snip);
        return;
      }
      case 'pcntl': {
        const f = val(args[0]);
        const l = args[1] ? asList(val(args[1])) : [];
        if (!f || !('s' in f) || !l) { res.dynamic.push(snip); return; }
        res.calls.push({ code: [f.s, ...l].map(quoteArg).join(' '), how, argv: [f.s, ...l] });
        return;
      }
      case 'perl-open': {
        // open(FH, "-|", "cmd", args...) / open(FH, "cmd |") / open(FH, "| cmd")
        const mode = args[1] ? literal(args[1], fam, scope) : undefined;
        if (args.length >= 3 && mode !== undefined) {
          if (!/^\s*(-\||\|-)\s*$/.test(mode)) return;
          const l = strs(args.slice(2));
          if (!l) { res.dynamic.push(snip); return; }
          if (l.length === 1) res.calls.push({ code: l[0]!, how: 'open' });
          else res.calls.push({ code: l.map(quoteArg).join(' '), how: 'open', argv: l });
          return;
        }
        if (args.length === 2) {
          if (mode === undefined) {
            // a dynamic two-argument open may be a pipe
            if (args[1]!.some((y) => y.t === 'str' && /^\s*\||\|\s*$/.test(y.v))) res.dynamic.push(snip);
            return;
          }
          const m = /^\s*\|\s*(.*)$/s.exec(mode) ?? /^(.*?)\s*\|\s*$/s.exec(mode);
          if (m) res.calls.push({ code: m[1]!, how: 'open' });
        }
        return;
      }
    }
  }

  /** An HTTP request made from code, handed back as the equivalent curl so the HTTP rules see it. */
  function httpCall(style: HttpStyle, path: string, args: Tok[][], kw: (n: string) => Tok[] | undefined, snip: string): void {
    let method: string | undefined;
    let url: Tok[] | undefined;
    let body: Tok[] | undefined;
    let bodyKind: 'json' | 'data' = 'data';
    const name = path.split('.').pop()!;
    if (style === 'requests') {
      // requests.delete(url, ...) / requests.request('DELETE', url, ...)
      if (name === 'request') { method = args[0] ? literal(args[0], fam, scope) : undefined; url = args[1] ?? kw('url'); } else { method = name; url = args[0] ?? kw('url'); }
      body = kw('json') ?? kw('data') ?? kw('content');
      if (kw('json')) bodyKind = 'json';
      if (!body && name === 'post' && args[1]) body = args[1];
      if (!method && args[0]) { res.dynamic.push(snip); return; }
    } else if (style === 'urllib') {
      url = args[0] ?? kw('url');
      body = args[1] ?? kw('data');
      const m = kw('method') ?? args[5];
      method = m ? literal(m, fam, scope) : body ? 'POST' : 'GET';
      if (m && method === undefined) { res.dynamic.push(snip); return; }
    } else if (style === 'fetch') {
      url = args[0];
      const opts = args[1];
      const m = opts ? objField(opts, 'method') : undefined;
      method = m ? literal(m, fam, scope) : 'GET';
      if (m && method === undefined) { res.dynamic.push(snip); return; }
      body = opts ? objField(opts, 'body') : undefined;
    } else {
      // axios.delete(url) / axios.post(url, data) / axios({ method, url, data })
      if (name === 'axios' || name === 'request') {
        const o = args[0];
        const m = o ? objField(o, 'method') : undefined;
        method = m ? literal(m, fam, scope) : 'GET';
        if (m && method === undefined) { res.dynamic.push(snip); return; }
        url = o ? objField(o, 'url') : undefined;
        body = o ? objField(o, 'data') : undefined;
      } else { method = name; url = args[0]; body = args[1]; }
      bodyKind = 'json';
    }
    const m = (method ?? 'GET').toUpperCase();
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return; // reads are no concern here
    const u = url ? literal(url, fam, scope) : undefined;
    if (u === undefined) { res.dynamic.push(snip); return; }
    const argv = ['curl', '-X', m, u];
    if (body) {
      const j = jsonValue(body, fam, scope);
      const text = j === NO ? undefined : typeof j === 'string' ? j : bodyKind === 'json' || fam === 'js' ? JSON.stringify(j) : formEncode(j);
      // A body we can't read still has to reach the HTTP rules as unknown.
      argv.push(...(text === undefined ? ['-d', '@<the request body is built at run time>'] : ['--data-raw', text]));
    }
    res.calls.push({ code: argv.map(quoteArg).join(' '), how: path, argv });
  }

  function evalCall(arg: Tok[] | undefined, snip: string): void {
    if (!arg) return;
    const v = evaluate(arg, fam, scope);
    if (!v || !('s' in v)) { res.dynamic.push(snip); return; }
    if (depth >= MAX_DEPTH) { res.dynamic.push(`${snip} (nested too deep)`); return; }
    const inner = analyze({ lang: c.lang, code: v.s, from: c.from }, depth + 1);
    res.calls.push(...inner.calls);
    res.dynamic.push(...inner.dynamic);
    res.hits.push(...inner.hits);
  }

  function destructive(e: Entry, path: string, before: Seg[], args: Tok[][], kw: (n: string) => Tok[] | undefined): void {
    const what = e.del === 'self' || e.over === 'self' ? whatName(path) : /^rimraf/.test(path) ? 'rimraf' : path;
    if (e.del === 'self' || e.over === 'self') {
      // Path('x').unlink(): the path is what the method is called on
      if (args.length && e.del === 'self') return; // os.unlink(x) style is covered by its own entry
      const v = before.length ? chainValue(before, fam, scope) : undefined;
      res.hits.push({ what, ...(v && 's' in v ? { arg: v.s } : {}), kind: e.del ? 'delete' : 'overwrite' });
      return;
    }
    if (e.over === 'open') {
      let target: Tok[] | undefined;
      if (fam === 'perl') {
        const mode = args[1] ? literal(args[1], fam, scope) : undefined;
        if (args.length === 2) {
          // open(FH, ">file"): two-argument form carries the mode in the name
          const m = mode === undefined ? null : /^\s*\+?>(?!>)\s*(.*)$/s.exec(mode);
          if (m) res.hits.push({ what: 'open', ...(m[1] ? { arg: m[1] } : {}), kind: 'overwrite' });
          return;
        }
        if (mode === undefined || !/^\s*\+?>(?!>)/.test(mode)) return;
        target = args[2];
      } else {
        const modeToks = args[1] ?? kw('mode');
        if (!modeToks) return; // read mode by default
        const mode = literal(modeToks, fam, scope);
        if (mode !== undefined && !/w/i.test(mode)) return; // r, a, r+ keep the contents
        target = args[0];
      }
      const v = target ? evaluate(target, fam, scope) : undefined;
      res.hits.push({ what: fam === 'ruby' ? 'File.open' : fam === 'php' ? 'fopen' : 'open', ...(v && 's' in v ? { arg: v.s } : {}), kind: 'overwrite' });
      return;
    }
    const kind = e.del ? 'delete' : 'overwrite';
    const targets = e.del === 'all' ? args : args.slice(0, 1);
    if (!targets.length) { res.hits.push({ what, kind }); return; }
    for (const a of targets) {
      const v = evaluate(a, fam, scope);
      if (v && 'list' in v) for (const s of v.list) res.hits.push({ what, arg: s, kind });
      else res.hits.push({ what, ...(v && 's' in v ? { arg: v.s } : {}), kind });
    }
  }

}

// ------------------------------------------------------------------ reflection

/** Names that run commands, delete or evaluate code when reached by reflection. */
const DANGER = /^(system|popen\d?|exec\w*|spawn\w*|eval|compile|run|call|check_call|check_output|Popen|getoutput|getstatusoutput|rmtree|remove\w*|unlink\w*|rmdir\w*|rm|rm_rf|rm_r|rm_f|rmSync|writeFile\w*|truncate\w*|fork|binding|_linkedBinding|shell_exec|passthru|proc_open|pcntl_exec|assert|create_function|send|public_send|__send__|instance_eval|class_eval|module_eval|open|import_module|__import__|require|Function|constructor|load|syscall|write_text|write_bytes|delete\w*|emptyDir\w*|outputFile\w*|readpipe|remove_tree|file_put_contents|fopen|os|subprocess|shutil|child_process|fs|pty|Kernel|FileUtils|IO|Open3|Process)$/i;

/** Code that can reach commands or files at all (perl, ruby and php always can). */
const CAPABLE: Record<Family, RegExp> = {
  python: /\b(os|subprocess|shutil|pty|commands|pathlib|importlib|__import__|builtins|__builtins__|sys|ctypes|posix|eval|exec|pickle|cPickle|dill|marshal|types|code)\b/,
  js: /\b(child_process|fs|require|process|global|globalThis|eval|Function|Deno|Bun|import|module|window|self)\b/,
  ruby: /./,
  perl: /./,
  php: /./,
};

/** A name reached by reflection: dangerous when it isn't a literal, or is a literal that names
 *  something that runs commands or deletes. Ruby symbols (:system) are literals. */
function dangerousName(arg: Tok[] | undefined, fam: Family, scope: Scope): boolean {
  if (!arg?.length) return true;
  if (fam === 'ruby' && isP(arg[0], ':') && arg[1]?.t === 'id' && arg.length === 2) return DANGER.test(arg[1].v);
  const v = evaluate(arg, fam, scope);
  return !v || !('s' in v) || DANGER.test(v.s.replace(/^.*[.:]/, ''));
}

/** Calls reached through reflection — getattr(os, 'sys'+'tem'), __import__(x), require(m),
 *  global['ev'+'al'], Kernel.send(:system), &$f, $f(...) — can't be read: they make the code
 *  unknown when it can run commands at all. Literal, harmless names (getattr(o, 'name')) pass. */
function reflection(t: Tok[], fam: Family, scope: Scope, code: string): Array<{ why: string; s: number; e: number }> {
  if (!CAPABLE[fam].test(code)) return [];
  const out: Array<{ why: string; s: number; e: number }> = [];
  const call = (i: number): Tok[][] | undefined => (isP(t[i + 1], '(') ? splitArgs(t.slice(i + 2, closeTok(t, i + 1))) : undefined);
  const flag = (i: number, why: string) => {
    const end = isP(t[i + 1], '(') || isP(t[i + 1], '[') ? closeTok(t, i + 1) : i;
    out.push({ why, s: t[i]!.s, e: t[Math.min(end, t.length - 1)]!.e });
  };
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const prev = t[i - 1];
    const member = !!prev && prev.t === 'p' && SEP.has(prev.v);
    if (x.t === 'id') {
      const args = call(i);
      if (member && args && isP(t[i - 2], ')') && STRONG.test(x.v) && !literalImport(t, openOf(t, i - 2), fam, scope)) {
        flag(i, `.${x.v}() on a value computed at run time`);
        continue;
      }
      if (member && (args || fam === 'ruby') && STRONG.test(x.v) && unknownReceiver(t, i, scope)) {
        flag(i, `.${x.v}() on a value that holds a module`);
        continue;
      }
      if (fam === 'python') {
        if (args && /^(CDLL|PyDLL|LoadLibrary|cdll|pydll|dlopen)$/.test(x.v)) flag(i, `${x.v} reaches native code`);
        else if (x.v === 'cdll' && member) flag(i, 'ctypes.cdll reaches native code');
        else if (args && member && /^(loads?|Unpickler)$/.test(x.v) && /^(pickle|cPickle|dill|marshal|_pickle)$/.test((t[i - 2] as { v?: string })?.v ?? '')) flag(i, 'unpickling runs code the data names');
        else if (args && member && /^(FunctionType|CodeType)$/.test(x.v)) flag(i, `types.${x.v} builds a function at run time`);
        else if (args && (x.v === 'getattr' ? !member : x.v === 'attrgetter' || x.v === 'methodcaller' || (member && /^__getattr(ibute)?__$/.test(x.v))) && dangerousName(x.v === 'getattr' ? args[1] : args[0], fam, scope)) flag(i, `${x.v} reaches a name by reflection`);
        else if (args && (x.v === '__import__' || x.v === 'import_module') && !(args[0] && evaluate(args[0], fam, scope))) flag(i, `${x.v} imports a module named at run time`);
        else if ((x.v === '__dict__' || x.v === '__builtins__' || (x.v === 'modules' && member)) && isP(t[i + 1], '[') && dangerousName(t.slice(i + 2, closeTok(t, i + 1)), fam, scope)) flag(i, `${x.v}[...] reaches a name by reflection`);
        else if (args && /^(vars|globals|locals)$/.test(x.v) && !member) {
          const c = closeTok(t, i + 1);
          if (isP(t[c + 1], '[') && dangerousName(t.slice(c + 2, closeTok(t, c + 1)), fam, scope)) flag(i, `${x.v}()[...] reaches a name by reflection`);
        }
      } else if (fam === 'js') {
        const mod = args?.[0] ? evaluate(args[0], fam, scope) : undefined;
        if (args && (x.v === 'require' || x.v === 'import' || (/^(_load|getBuiltinModule)$/.test(x.v) && member)) && !mod) flag(i, `${x.v}() loads a module named at run time`);
        // process.mainModule.require('child_process'), import('child_process'), Module._load(...)
        else if (args && mod && 's' in mod && (member || x.v === 'import') && /^(require|import|_load|getBuiltinModule)$/.test(x.v) && /^(node:)?(child_process|fs|fs\/promises|vm|worker_threads|cluster|module|process)$/.test(mod.s)) flag(i, `${x.v}('${mod.s}') is not followed here`);
        else if (member && /^(binding|_linkedBinding|dlopen)$/.test(x.v) && args) flag(i, `process.${x.v} reaches native code`);
        else if (member && x.v === 'constructor' && args) flag(i, 'constructor(...) builds a function from a string');
        else if (x.v === 'Reflect' && isP(t[i + 1], '.') && /^(apply|get|construct)$/.test((t[i + 2] as { v?: string })?.v ?? '')) flag(i, 'Reflect reaches a function by reflection');
      } else if (fam === 'ruby') {
        if (/^(send|public_send|__send__|method|instance_method|const_get|define_method|instance_variable_get|public_method)$/.test(x.v) && (member || !prev || prev.t !== 'p' || prev.v !== 'def')) {
          const first = args ? args[0] : rubyParenless(t, i + 1);
          if (dangerousName(first, fam, scope)) flag(i, `${x.v} reaches a method by reflection`);
        }
      } else if (fam === 'php') {
        if (x.v.startsWith('$') && args && !member && !(prev && prev.t === 'id' && /^(function|new|fn)$/i.test(prev.v)) && !closureVar(code, x.v)) flag(i, `${x.v}(...) calls a function named at run time`);
        else if (args && /^(call_user_func(_array)?|forward_static_call(_array)?|array_map|array_walk|array_filter|usort|uasort|uksort|register_shutdown_function|iterator_apply|ReflectionFunction|func_get_args)$/i.test(x.v) && dangerousName(/^array_(walk|filter)$/i.test(x.v) ? args[1] : args[0], fam, scope)) flag(i, `${x.v} calls a function by name`);
      } else if (fam === 'perl') {
        if (/^&\$/.test(x.v) || x.v === '&' || (x.v.startsWith('$') && isP(t[i + 1], '->') && isP(t[i + 2], '('))) flag(i, 'a code reference built at run time is called');
        else if (x.v === 'can' && member) flag(i, 'can() reaches a sub by name');
        else if ((x.v === 'do' || x.v === 'require') && !member && t[i + 1]?.t === 'id' && /^[$@]/.test((t[i + 1] as { v: string }).v)) flag(i, `${x.v} runs a file named at run time`);
      }
    } else if (x.t === 'p' && x.v === '(' && isP(prev, ')') && fam !== 'js' && fam !== 'ruby' && fam !== 'perl') {
      // (expr)(...) / f(...)(...): a callee computed by an expression
      const open = openOf(t, i - 1);
      const group = t.slice(open + 1, i - 1);
      const called = t[open - 1]?.t === 'id';
      const closure = group[0]?.t === 'id' && /^(function|fn|static|lambda)$/.test(group[0].v);
      if (!closure && (called || group.some((y) => y.t === 'str' || (y.t === 'id' && DANGER.test(y.v))))) flag(open, 'a function computed at run time is called');
    } else if (x.t === 'p' && x.v === '(' && isP(prev, ')') && fam === 'js') {
      // (0, eval)(...), ('ev' + 'al' ...): a parenthesised callee that isn't a function literal
      const open = openOf(t, i - 1);
      const group = t.slice(open + 1, i - 1);
      const fnLit = group.some((y) => (y.t === 'id' && /^(function|async)$/.test(y.v)) || isP(y, '=>'));
      if (t[open - 1]?.t !== 'id' && !fnLit && group.some((y) => y.t === 'id' && DANGER.test(y.v))) flag(open, 'a function computed at run time is called');
    } else if (x.t === 'p' && x.v === '[' && fam === 'js' && prev && (prev.t === 'id' || isP(prev, ')'))) {
      // obj['ev' + 'al'], fs[name]: a member named by a value
      const key = t.slice(i + 1, closeTok(t, i));
      const lit = evaluate(key, fam, scope);
      const base = prev.t === 'id' ? prev.v : '';
      const modular = /^(global|globalThis|window|self|process|module|exports|require|this|Function|Reflect)$/.test(base) || scope.alias.has(base);
      if ((lit && 's' in lit && DANGER.test(lit.s)) || (!lit && modular && key.length > 0 && !(key.length === 1 && key[0]!.t === 'num'))) flag(i - 1, 'a member reached by a computed name');
    } else if (x.t === 'p' && fam === 'perl' && (x.v === '&' || x.v === '*') && (isP(t[i + 1], '{') || (x.v === '&' && t[i + 1]?.t === 'id' && (t[i + 1] as { v: string }).v.startsWith('$') && !(prev && (prev.t === 'id' || prev.t === 'str' || prev.t === 'num' || isP(prev, ')')))))) {
      flag(i, 'a symbol reached by name');
    }
  }
  return out;
}

/** Modules whose functions run commands or delete. */
const DANGER_MODULES = /^(os|subprocess|shutil|pty|posix|nt|builtins|importlib|child_process|fs|fs\.promises|fs-extra|Kernel|FileUtils|Open3|Process|IO)$/;

/** A chain used as a value, not called: `f = os.system`, `[os]`, `map(os.remove, xs)`, `{'a': os}`.
 *  Not an assignment target, a member access, a call or a destructuring pattern. */
function keptReference(segs: Seg[], prev: Tok | undefined, next: Tok | undefined, fam: Family): boolean {
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

/** The index of the `(` matching the `)` at `close`. */
function openOf(t: Tok[], close: number): number {
  let d = 0;
  for (let j = close; j >= 0; j--) {
    if (isP(t[j], ')')) d++;
    else if (isP(t[j], '(') && --d === 0) return j;
  }
  return 0;
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

function whatName(path: string): string {
  if (/\.(unlink|rmdir)$/.test(path) && !/^(os|fs|fs\.promises|fs-extra|File|Dir)\./.test(path)) return `Path.${path.split('.').pop()}`;
  if (/\.(write_text|write_bytes)$/.test(path)) return `Path.${path.split('.').pop()}`;
  if (/\.(rmtree|rm_rf|delete)$/.test(path) && !/^(FileUtils|File|Dir)\./.test(path)) return `Pathname.${path.split('.').pop()}`;
  return path;
}

const NO = Symbol('not literal');

/** A JSON-able literal: strings, numbers, booleans, null, lists and dicts/objects of them. */
function jsonValue(toks: Tok[], fam: Family, scope: Scope): unknown {
  const t = toks.filter((x) => x.t !== 'nl');
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
    const obj: Record<string, unknown> = {};
    for (const it of items) {
      const colon = it.findIndex((x) => isP(x, ':') || isP(x, '=>'));
      if (colon !== 1) return NO;
      const k = it[0]!;
      const key = k.t === 'str' && !k.dyn ? k.v : k.t === 'id' && fam === 'js' ? k.v : undefined;
      if (key === undefined) return NO;
      const v = jsonValue(it.slice(2), fam, scope);
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

function formEncode(v: unknown): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).map(([k, x]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`).join('&');
  return undefined;
}

/** The tokens of `name: value` in a JS object literal `{ ... }`. */
function objField(toks: Tok[], name: string): Tok[] | undefined {
  if (!isP(toks[0], '{')) return undefined;
  const c = closeTok(toks, 0);
  for (const part of splitArgs(toks.slice(1, c))) {
    const k = part[0];
    if (k && (k.t === 'id' || k.t === 'str') && k.v === name && isP(part[1], ':')) return part.slice(2);
    if (k && k.t === 'id' && k.v === name && part.length === 1) return undefined;
  }
  return undefined;
}

/** Shell commands the code would run, from literal strings; `dynamic` lists calls whose command isn't literal. */
export function shellCalls(c: InlineCode): { calls: ShellCall[]; dynamic: string[] } {
  const r = analyze(c, 0);
  return { calls: r.calls, dynamic: r.dynamic };
}

/** Destructive filesystem calls the code makes directly. */
export function destructiveCalls(c: InlineCode): CodeHit[] {
  return analyze(c, 0).hits;
}
