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

/** The splitter's state: the text, the position, the statement being read and those done. */
interface Sx {
  text: string;
  n: number;
  mode: LexMode;
  i: number;
  stmts: Stmt[];
  cur: Tok[];
  /** The statement separator: `;`, or what MySQL's DELIMITER set. */
  delim: string;
  /** Open /*! ... *\/ sections whose closing *\/ must be skipped. */
  execComments: number;
}

/** Scanners, tried in order at each position: each reads one construct at sx.i and returns true, or
 *  returns false without moving. Whatever none of them reads is punctuation. */
const SCANNERS: Array<(sx: Sx) => boolean> = [space, delimiter, lineComment, blockComment, string, quotedName, dollarString, word, num, semicolon];

export function lex(text: string, mode: LexMode): Stmt[] {
  const sx: Sx = { text, n: text.length, mode, i: 0, stmts: [], cur: [], delim: ';', execComments: 0 };
  while (sx.i < sx.n) {
    if (SCANNERS.some((scan) => scan(sx))) continue;
    push(sx, 'p', text[sx.i]!, sx.i, sx.i + 1);
    sx.i++;
  }
  flush(sx);
  return sx.stmts;
}

function flush(sx: Sx): void {
  const { cur } = sx;
  if (cur.length) sx.stmts.push({ toks: cur, s: cur[0]!.s, e: cur[cur.length - 1]!.e });
  sx.cur = [];
}

function push(sx: Sx, k: TK, v: string, s: number, e: number, dollar?: boolean): void {
  sx.cur.push({ k, v, up: k === 'w' ? v.toUpperCase() : v, s, e, dollar });
}

function space(sx: Sx): boolean {
  if (!/\s/.test(sx.text[sx.i]!)) return false;
  sx.i++;
  return true;
}

/** MySQL `DELIMITER //` at a statement's start, and the separator it set. */
function delimiter(sx: Sx): boolean {
  const { text, i } = sx;
  if (sx.mode.mysql && sx.cur.length === 0) {
    const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(text.slice(i, i + 200));
    if (m) { sx.delim = m[1]!; sx.i += m[0].length; return true; }
  }
  if (sx.delim === ';' || !text.startsWith(sx.delim, i)) return false;
  flush(sx);
  sx.i += sx.delim.length;
  return true;
}

/** -- comments; # comments in MySQL, and in Postgres where a line starts with one. */
function lineComment(sx: Sx): boolean {
  const { text, n, i } = sx;
  const ch = text[i]!;
  // In Postgres # is XOR, but a line that starts with it reads as a comment to people and fails to parse.
  const hash = ch === '#' && (sx.mode.hash || /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, i - 80), i)));
  if (!(ch === '-' && text[i + 1] === '-') && !hash) return false;
  let j = i;
  while (j < n && text[j] !== '\n') j++;
  sx.i = j;
  return true;
}

/** Block comments (nested in Postgres); MySQL /*! ... *\/ is code, so only its markers are skipped. */
function blockComment(sx: Sx): boolean {
  const { text, n, mode } = sx;
  let i = sx.i;
  if (text[i] === '*' && text[i + 1] === '/' && sx.execComments > 0) { sx.execComments--; sx.i += 2; return true; }
  if (text[i] !== '/' || text[i + 1] !== '*') return false;
  if (mode.mysql && text[i + 2] === '!') {
    i += 3;
    while (i < n && /[0-9]/.test(text[i]!)) i++;
    sx.execComments++;
    sx.i = i;
    return true;
  }
  let depth = 1;
  i += 2;
  while (i < n && depth > 0) {
    if (mode.nested && text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; } else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; } else i++;
  }
  sx.i = i;
  return true;
}

/** '...' (and "..." in MySQL): a string; E'...' turns on backslash escapes in Postgres. */
function string(sx: Sx): boolean {
  const { text, n, mode, cur, i } = sx;
  const ch = text[i]!;
  if (!(ch === "'" || (ch === '"' && mode.mysql))) return false;
  const prev = cur[cur.length - 1];
  const eprefix = !!prev && prev.k === 'w' && prev.up === 'E' && prev.e === i;
  if (eprefix) cur.pop();
  const start = eprefix ? prev!.s : i;
  const { v, j } = body(text, i, mode.backslash || eprefix);
  push(sx, 's', v, start, Math.min(j + 1, n));
  sx.i = j + 1;
  return true;
}

/** The body of a quoted run opened at text[at]: a doubled quote is one quote; `bs`: backslash
 *  escapes. `j` is the index of the closing quote (or the end). */
function body(text: string, at: number, bs: boolean): { v: string; j: number } {
  const ch = text[at]!;
  const n = text.length;
  let j = at + 1;
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
  return { v, j };
}

/** "name" and `name`: quoted identifiers. */
function quotedName(sx: Sx): boolean {
  const { text, n, i } = sx;
  const ch = text[i]!;
  if (ch !== '"' && ch !== '`') return false;
  const { v, j } = body(text, i, false);
  push(sx, 'q', v, i, Math.min(j + 1, n));
  sx.i = j + 1;
  return true;
}

/** $$...$$ and $tag$...$tag$. */
function dollarString(sx: Sx): boolean {
  const { text, n, i } = sx;
  if (text[i] !== '$' || !sx.mode.dollar || (i > 0 && WORD_CHAR.test(text[i - 1]!))) return false;
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 80));
  if (!m) return false;
  const tag = m[0];
  const end = text.indexOf(tag, i + tag.length);
  const stop = end < 0 ? n : end;
  push(sx, 's', text.slice(i + tag.length, stop), i, end < 0 ? n : end + tag.length, true);
  sx.i = end < 0 ? n : end + tag.length;
  return true;
}

function word(sx: Sx): boolean {
  const { text, n, i } = sx;
  if (!WORD_START.test(text[i]!)) return false;
  let j = i + 1;
  while (j < n && WORD_CHAR.test(text[j]!)) j++;
  push(sx, 'w', text.slice(i, j), i, j);
  sx.i = j;
  return true;
}

function num(sx: Sx): boolean {
  const { text, n, i } = sx;
  if (!/[0-9]/.test(text[i]!)) return false;
  let j = i + 1;
  while (j < n && /[0-9.eE_xXa-fA-F]/.test(text[j]!)) j++;
  push(sx, 'n', text.slice(i, j), i, j);
  sx.i = j;
  return true;
}

function semicolon(sx: Sx): boolean {
  if (sx.text[sx.i] !== ';' || sx.delim !== ';') return false;
  flush(sx);
  sx.i++;
  return true;
}
