// The SQL tokenizer and statement splitter: strings, quoted identifiers, dollar quotes and comments
// are told apart from code so that text that only mentions DROP TABLE stays harmless while
// DROP/**/TABLE or a commented-out WHERE does not. Two modes (Postgres, MySQL) where they disagree.

type TK = 'w' | 'q' | 's' | 'p' | 'n';
export interface Tok { k: TK; v: string; up: string; s: number; e: number; dollar?: boolean }
export interface Stmt { toks: Tok[]; s: number; e: number }

export interface LexMode {
  /** Backslash escapes inside '...' (MySQL, ClickHouse) — otherwise only in E'...' (Postgres). */
  backslash: boolean;
  /** `# comment` (MySQL, ClickHouse); in Postgres # is an operator. */
  hash: boolean;
  /** Nested block comments (Postgres). */
  nested: boolean;
  /** $tag$ ... $tag$ strings (Postgres). */
  dollar: boolean;
  /** MySQL: /*! ... *\/ runs its contents; "..." is a string; DELIMITER changes the separator. */
  mysql: boolean;
}
export const PG: LexMode = { backslash: false, hash: false, nested: true, dollar: true, mysql: false };
// Dollar quotes in both: ClickHouse has them too, and in MySQL `$$` is a syntax error anyway.
export const MY: LexMode = { backslash: true, hash: true, nested: false, dollar: true, mysql: true };

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

export function lex(text: string, mode: LexMode): Stmt[] {
  const stmts: Stmt[] = [];
  let cur: Tok[] = [];
  let delim = ';';
  let execComments = 0; // open /*! ... */ sections whose closing */ must be skipped
  const n = text.length;
  const flush = () => {
    if (cur.length) stmts.push({ toks: cur, s: cur[0]!.s, e: cur[cur.length - 1]!.e });
    cur = [];
  };
  const push = (k: TK, v: string, s: number, e: number, dollar?: boolean) => cur.push({ k, v, up: k === 'w' ? v.toUpperCase() : v, s, e, dollar });
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (/\s/.test(ch)) { i++; continue; }
    if (mode.mysql && cur.length === 0) {
      const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(text.slice(i, i + 200));
      if (m) { delim = m[1]!; i += m[0].length; continue; }
    }
    if (delim !== ';' && text.startsWith(delim, i)) { flush(); i += delim.length; continue; }
    if (ch === '-' && next === '-') { while (i < n && text[i] !== '\n') i++; continue; }
    // In Postgres # is XOR, but a line that starts with it reads as a comment to people and fails to parse.
    if (ch === '#' && (mode.hash || /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, i - 80), i)))) { while (i < n && text[i] !== '\n') i++; continue; }
    if (ch === '*' && next === '/' && execComments > 0) { execComments--; i += 2; continue; }
    if (ch === '/' && next === '*') {
      if (mode.mysql && text[i + 2] === '!') {
        i += 3;
        while (i < n && /[0-9]/.test(text[i]!)) i++;
        execComments++;
        continue;
      }
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (mode.nested && text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; } else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      continue;
    }
    if (ch === "'" || (ch === '"' && mode.mysql)) {
      // E'...' (Postgres) turns on backslash escapes for one string.
      const prev = cur[cur.length - 1];
      const eprefix = !!prev && prev.k === 'w' && prev.up === 'E' && prev.e === i;
      if (eprefix) cur.pop();
      const start = eprefix ? prev!.s : i;
      const bs = mode.backslash || eprefix;
      let j = i + 1;
      let v = '';
      while (j < n) {
        const c = text[j]!;
        if (bs && c === '\\' && j + 1 < n) { v += text[j + 1]; j += 2; continue; }
        if (c === ch) {
          if (text[j + 1] === ch) { v += ch; j += 2; continue; }
          break;
        }
        v += c;
        j++;
      }
      push('s', v, start, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      let v = '';
      while (j < n) {
        if (text[j] === ch) {
          if (text[j + 1] === ch) { v += ch; j += 2; continue; }
          break;
        }
        v += text[j];
        j++;
      }
      push('q', v, i, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    if (ch === '$' && mode.dollar && !(i > 0 && WORD_CHAR.test(text[i - 1]!))) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 80));
      if (m) {
        const tag = m[0];
        const end = text.indexOf(tag, i + tag.length);
        const stop = end < 0 ? n : end;
        push('s', text.slice(i + tag.length, stop), i, end < 0 ? n : end + tag.length, true);
        i = end < 0 ? n : end + tag.length;
        continue;
      }
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(text[j]!)) j++;
      push('w', text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[0-9.eE_xXa-fA-F]/.test(text[j]!)) j++;
      push('n', text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (ch === ';' && delim === ';') { flush(); i++; continue; }
    push('p', ch, i, i + 1);
    i++;
  }
  flush();
  return stmts;
}
