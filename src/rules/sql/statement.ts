// Reading one statement's tokens: names, keywords at a nesting level, strings built at run time,
// and whether a WHERE condition leaves any row out.
import type { Tok } from './lex.js';

/** Whether a DELETE/UPDATE starting at t[from] has a WHERE that can leave rows out. `WHERE 1=1`,
 *  `WHERE true`, `WHERE 1`, `WHERE id IS NOT NULL` and `... OR 1=1` keep every row: the same as no WHERE; so does a
 *  condition that names no column (`WHERE NULL IS NULL`, `WHERE 1 IN (1)`, `... OR now() > 0`). */
export function filters(t: Tok[], from: number, table?: string): boolean {
  const k = wordAt(t, from, 'WHERE');
  if (k < 0) return false;
  const c = clause(t, k + 1);
  return !alwaysTrue(c) && !constant(c) && !(table !== undefined && selfSubquery(c, table));
}

/** `WHERE id IN (SELECT id FROM same_table)`: every row's key is in its own table's keys. Only the
 *  bare form: a WHERE, JOIN, LIMIT or anything else inside the subquery can leave rows out. */
function selfSubquery(e: Tok[], table: string): boolean {
  const at = e.findIndex((x) => x.k === 'w' && x.up === 'IN');
  if (at < 1 || e[at - 1]?.k === 'w' && e[at - 1]!.up === 'NOT') return false;
  const inner = e.slice(at + 1);
  if (inner[0]?.v !== '(' || inner[inner.length - 1]?.v !== ')' || !wraps(inner)) return false;
  const q = inner.slice(1, -1);
  let k = 0;
  if (q[k]?.up !== 'SELECT') return false;
  k++;
  if (q[k]?.up === 'DISTINCT') k++;
  const last = (xs: Tok[]): string | undefined => {
    // a name, or a qualified one (t.id, "public"."users")
    if (!xs.length || xs.length % 2 === 0) return undefined;
    for (let j = 0; j < xs.length; j++) if (j % 2 ? xs[j]!.v !== '.' : !(xs[j]!.k === 'w' || xs[j]!.k === 'q')) return undefined;
    return xs[xs.length - 1]!.v.toLowerCase();
  };
  const from = q.findIndex((x, j) => j >= k && x.k === 'w' && x.up === 'FROM');
  if (from < 0) return false;
  const col = last(e.slice(0, at));
  return col !== undefined && col === last(q.slice(k, from)) && last(q.slice(from + 1)) === table.split('.').pop()!.toLowerCase();
}

// Words a condition can hold without naming a column.
const CONSTANT_WORDS = new Set(['TRUE', 'FALSE', 'NULL', 'UNKNOWN', 'NOT', 'AND', 'OR', 'XOR', 'IS', 'IN', 'BETWEEN', 'SYMMETRIC', 'LIKE',
  'ILIKE', 'SIMILAR', 'TO', 'ESCAPE', 'DISTINCT', 'FROM', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'DIV', 'MOD', 'COLLATE']);

/** A condition that names no column is the same for every row: it keeps them all (or none, which
 *  deletes nothing either way). Functions, casts and typed literals of constants are constants
 *  (`random() < 2`, `1::bool`, `DATE '2020-01-01' < now()`); a subquery may be correlated, so its
 *  SELECT counts as naming a column. */
function constant(e: Tok[]): boolean {
  return e.length > 0 && e.every((x, k) => {
    if (x.k === 'q') return false;
    if (x.k !== 'w' || CONSTANT_WORDS.has(x.up)) return true;
    const prev = e[k - 1];
    return e[k + 1]?.v === '(' || e[k + 1]?.k === 's' || (prev?.v === ':' && e[k - 2]?.v === ':') || prev?.up === 'AS';
  });
}

const CLAUSE_END = new Set(['RETURNING', 'ORDER', 'LIMIT', 'GROUP', 'OPTION', 'OUTPUT']);

/** The WHERE condition's tokens: up to the statement's end or a clause that follows it. */
function clause(t: Tok[], from: number): Tok[] {
  const out: Tok[] = [];
  let d = 0;
  for (let k = from; k < t.length; k++) {
    const x = t[k]!;
    if (x.k === 'p' && x.v === '(') d++;
    if (x.k === 'p' && x.v === ')') { if (d === 0) break; d--; }
    if (d === 0 && ((x.k === 'p' && x.v === ';') || (x.k === 'w' && CLAUSE_END.has(x.up)))) break;
    out.push(x);
  }
  return out;
}

/** Split at a top-level keyword (OR, AND). */
function splitAt(e: Tok[], word: string): Tok[][] {
  const parts: Tok[][] = [[]];
  let d = 0;
  for (const x of e) {
    if (x.k === 'p' && x.v === '(') d++;
    if (x.k === 'p' && x.v === ')') d--;
    if (d === 0 && x.k === 'w' && x.up === word) parts.push([]);
    else parts[parts.length - 1]!.push(x);
  }
  return parts;
}

function literal(x: Tok | undefined): string | undefined {
  if (!x) return undefined;
  if (x.k === 'n') return String(Number(x.v));
  if (x.k === 's') return `'${x.v}`;
  if (x.k === 'w' && (x.up === 'TRUE' || x.up === 'FALSE')) return x.up;
  return undefined;
}

/** A condition every row meets: TRUE, a non-zero number, `a = a`, `1 <> 0`, `NOT FALSE`,
 *  `x LIKE '%'`, or an OR with one such branch, or an AND of them. */
function alwaysTrue(e: Tok[]): boolean {
  if (e.length === 0) return false;
  const ors = splitAt(e, 'OR');
  // One branch that names no column: a false one would be pointless, so it is taken as true.
  // `x IS NULL OR x IS NOT NULL`: the two branches together hold for every row.
  if (ors.length > 1) return ors.some((b) => alwaysTrue(b) || constant(b)) || nullComplement(ors);
  const ands = splitAt(e, 'AND');
  // BETWEEN a AND b is one condition, not two.
  if (ands.length > 1 && !e.some((x) => x.up === 'BETWEEN')) return ands.every(alwaysTrue);
  if (e[0]!.v === '(' && e[e.length - 1]!.v === ')' && wraps(e)) return alwaysTrue(e.slice(1, -1));
  const v = e.map((x) => (x.k === 'p' ? x.v : x.k === 'w' ? x.up : literal(x) ?? x.v));
  const one = (x: Tok) => x.k === 'n' ? Number(x.v) !== 0 : x.k === 'w' && x.up === 'TRUE';
  if (e.length === 1) return one(e[0]!) || (e[0]!.k === 's' && /^\s*[1-9]/.test(e[0]!.v));
  if (e.length === 2 && v[0] === 'NOT') return (e[1]!.k === 'n' && Number(e[1]!.v) === 0) || v[1] === 'FALSE';
  if (e.length === 3 && (v[1] === '=' || v[1] === 'LIKE' || v[1] === 'IS')) {
    const [a, b] = [e[0]!, e[2]!];
    if (v[1] === 'LIKE') return b.k === 's' && /^%+$/.test(b.v);
    if (v[1] === 'IS') return v[2] === 'TRUE' && one(a);
    const la = literal(a) ?? (a.k === 'w' || a.k === 'q' ? `id:${a.v.toLowerCase()}` : undefined);
    const lb = literal(b) ?? (b.k === 'w' || b.k === 'q' ? `id:${b.v.toLowerCase()}` : undefined);
    return la !== undefined && la === lb;
  }
  if (keyNotNull(e, v) || keyAllPositive(e)) return true;
  // 1 <> 0, 1 != 2, 2 > 1...
  if (e.length === 4 && e[1]!.k === 'p' && e[2]!.k === 'p') {
    const op = e[1]!.v + e[2]!.v;
    const la = literal(e[0]);
    const lb = literal(e[3]);
    if ((op === '<>' || op === '!=') && la !== undefined && lb !== undefined) return la !== lb;
  }
  if (e.length === 3 && e[0]!.k === 'n' && e[2]!.k === 'n' && (v[1] === '>' || v[1] === '<')) {
    return v[1] === '>' ? Number(e[0]!.v) > Number(e[2]!.v) : Number(e[0]!.v) < Number(e[2]!.v);
  }
  return false;
}

/** Branches `x IS NULL` and `x IS NOT NULL` (or `NOT x IS NULL`) of the same expression. */
function nullComplement(ors: Tok[][]): boolean {
  const isNull = new Set<string>();
  const notNull = new Set<string>();
  for (const b of ors) {
    const v = b.map((x) => (x.k === 'w' ? x.up : x.k === 'q' ? `"${x.v.toLowerCase()}"` : x.k === 's' ? `'${x.v}` : x.v));
    if (v.length >= 4 && v.slice(-3).join(' ') === 'IS NOT NULL') notNull.add(v.slice(0, -3).join(' '));
    else if (v.length < 3 || v.slice(-2).join(' ') !== 'IS NULL') continue;
    else if (v[0] === 'NOT') notNull.add(v.slice(1, -2).join(' '));
    else isNull.add(v.slice(0, -2).join(' '));
  }
  return [...isNull].some((x) => x !== '' && notNull.has(x));
}

// Columns that are never NULL: a primary key by its usual name, and the engines' row ids.
const KEY_COLUMNS = /^(ID|ROWID|_ROWID_|OID|CTID|UUID|PK)$/;

/** `id IS NOT NULL` (or `t.id`, `NOT id IS NULL`) holds for every row. A column that may be NULL
 *  (`deleted_at IS NOT NULL`) is a real filter: the name is all that is seen, so only key names count. */
function keyNotNull(e: Tok[], v: string[]): boolean {
  const w = v[0] === 'NOT' && v.slice(-2).join(' ') === 'IS NULL' ? [...v.slice(1, -2), 'IS', 'NOT', 'NULL'] : v;
  if (w.slice(-3).join(' ') !== 'IS NOT NULL') return false;
  const col = w.slice(0, -3);
  const name = e[(v[0] === 'NOT' ? 1 : 0) + col.length - 1];
  if (col.length === 1 || (col.length === 3 && col[1] === '.')) return !!name && (name.k === 'w' || name.k === 'q') && KEY_COLUMNS.test(name.v.toUpperCase());
  return false;
}

/** `id > 0`, `id >= 1`, `id <> 0` (`t.id` too): every row of a key that counts up from 1 — the
 *  usual way around MySQL's safe-updates mode, not a filter. */
function keyAllPositive(e: Tok[]): boolean {
  let k = 0;
  if (e[1]?.k === 'p' && e[1].v === '.') k = 2;
  const col = e[k];
  if (!col || (col.k !== 'w' && col.k !== 'q') || !KEY_COLUMNS.test(col.v.toUpperCase())) return false;
  const rest = e.slice(k + 1);
  const num = rest[rest.length - 1];
  if (!num || num.k !== 'n' || rest.slice(0, -1).some((x) => x.k !== 'p' || x.v.length !== 1)) return false;
  let ops = rest.slice(0, -1).map((x) => x.v).join('');
  const neg = ops.length > 1 && ops.endsWith('-');
  if (neg) ops = ops.slice(0, -1);
  const n = neg ? -Number(num.v) : Number(num.v);
  return (ops === '>' && n <= 0) || (ops === '>=' && n <= 1) || ((ops === '<>' || ops === '!=') && n === 0);
}

/** Whether e[0] '(' closes at the last token. */
function wraps(e: Tok[]): boolean {
  let d = 0;
  for (let k = 0; k < e.length; k++) {
    if (e[k]!.v === '(' && e[k]!.k === 'p') d++;
    if (e[k]!.v === ')' && e[k]!.k === 'p') { d--; if (d === 0 && k < e.length - 1) return false; }
  }
  return true;
}

/** `'...' || x` (Postgres, MySQL PIPES_AS_CONCAT) or `'...' + @x` (T-SQL): a string built at run time. */
export function concatenated(t: Tok[], k: number): boolean {
  const a = t[k];
  return !!a && a.k === 'p' && ((a.v === '|' && t[k + 1]?.v === '|') || a.v === '+');
}

/** Where `word` appears at the nesting level of t[from] before the command's end, or -1. */
export function wordAt(t: Tok[], from: number, word: string): number {
  let d = 0;
  for (let k = from; k < t.length; k++) {
    const x = t[k]!;
    if (x.k === 'p') {
      if (x.v === '(') d++;
      else if (x.v === ')') { if (d === 0) return -1; d--; } else if (x.v === ';' && d === 0) return -1;
    } else if (d === 0 && x.k === 'w' && x.up === word) return k;
  }
  return -1;
}

/** Whether `word` appears at the nesting level of t[from] before the command's end. */
export function segmentHas(t: Tok[], from: number, word: string): boolean {
  return wordAt(t, from, word) >= 0;
}

/** A possibly qualified name (a.b."c") at t[j]. */
export function nameAt(t: Tok[], j: number): string | undefined {
  const parts: string[] = [];
  let k = j;
  while (t[k] && (t[k]!.k === 'w' || t[k]!.k === 'q')) {
    parts.push(t[k]!.v);
    if (t[k + 1]?.k === 'p' && t[k + 1]!.v === '.') k += 2;
    else break;
  }
  return parts.length ? parts.join('.') : undefined;
}
