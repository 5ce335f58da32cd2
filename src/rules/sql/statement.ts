// Reading one statement's tokens: names, keywords at a nesting level, strings built at run time,
// and whether a WHERE condition leaves any row out.
import type { Tok } from './lex.js';
import { table } from '../../own.js';

/** Whether a DELETE/UPDATE starting at t[from] has a WHERE that can leave rows out. `WHERE 1=1`,
 *  `WHERE true`, `WHERE 1`, `WHERE id IS NOT NULL` and `... OR 1=1` keep every row: the same as no WHERE; so does a
 *  condition that names no column (`WHERE NULL IS NULL`, `WHERE 1 IN (1)`, `... OR now() > 0`). */
export function filters(t: Tok[], from: number, table?: string): boolean {
  const k = wordAt(t, from, 'WHERE');
  if (k < 0) return false;
  const c = clause(t, k + 1);
  return !alwaysTrue(c) && !constant(c) && !(table !== undefined && selfSubquery(c, table));
}

/** `DELETE FROM orders o USING users u WHERE o.user_id = u.id`: a WHERE made only of join
 *  conditions (one table's column equal to another's) is Postgres's spelling of MySQL's
 *  `DELETE o FROM orders o JOIN users u ON o.user_id = u.id`, which has no WHERE: it bounds no row
 *  by a value, only by the other table's rows. */
export function joinsOnly(t: Tok[], from: number): boolean {
  const k = wordAt(t, from, 'WHERE');
  const using = wordAt(t, from, 'USING');
  if (k < 0 || using < 0 || using > k) return false;
  const ands = splitAt(clause(t, k + 1), 'AND').map(unwrap);
  return ands.length > 0 && ands.every((c) => {
    if (c.length !== 7 || c[1]!.v !== '.' || c[3]!.v !== '=' || c[5]!.v !== '.') return false;
    if (![0, 2, 4, 6].every((j) => c[j]!.k === 'w' || c[j]!.k === 'q')) return false;
    return c[0]!.v.toLowerCase() !== c[4]!.v.toLowerCase();
  });
}

function unwrap(e: Tok[]): Tok[] {
  let xs = e;
  while (xs[0]?.v === '(' && xs[xs.length - 1]?.v === ')' && wraps(xs)) xs = xs.slice(1, -1);
  return xs;
}

/** `WHERE id IN (SELECT id FROM same_table)`: every row's key is in its own table's keys. Also
 *  `= ANY (SELECT …)`, `= ANY (ARRAY(SELECT …))`, the table under an alias, `LIMIT ALL`, and the
 *  same select over a derived table (`FROM (SELECT id FROM t) AS x`, MySQL's usual way around
 *  error 1093). Only bare forms: a WHERE, JOIN, LIMIT or anything else inside can leave rows out. */
function selfSubquery(e: Tok[], table: string): boolean {
  let at = e.findIndex((x) => x.k === 'w' && x.up === 'IN');
  let colEnd = at;
  if (at < 0) {
    at = e.findIndex((x, k) => x.k === 'w' && (x.up === 'ANY' || x.up === 'SOME') && e[k - 1]?.k === 'p' && e[k - 1]!.v === '=' && !isOpChar(e[k - 2]));
    colEnd = at - 1;
  }
  if (at < 1 || (e[at - 1]?.k === 'w' && e[at - 1]!.up === 'NOT')) return false;
  const inner = e.slice(at + 1);
  if (inner[0]?.v !== '(' || inner[inner.length - 1]?.v !== ')' || !wraps(inner)) return false;
  let q = inner.slice(1, -1);
  if (q[0]?.up === 'ARRAY' && q[1]?.v === '(' && q[q.length - 1]?.v === ')' && wraps(q.slice(1))) q = q.slice(2, -1);
  const col = lastName(e.slice(0, colEnd));
  return col !== undefined && selectsEvery(q, col, table.split('.').pop()!.toLowerCase(), 0);
}

/** A possibly qualified name (t.id, "public"."users") alone: its last part, lower-case. */
function lastName(xs: Tok[]): string | undefined {
  if (!xs.length || xs.length % 2 === 0) return undefined;
  for (let j = 0; j < xs.length; j++) if (j % 2 ? xs[j]!.v !== '.' : !(xs[j]!.k === 'w' || xs[j]!.k === 'q')) return undefined;
  return xs[xs.length - 1]!.v.toLowerCase();
}

/** `SELECT [DISTINCT|ALL] col FROM table [[AS] alias] [LIMIT ALL]`, or the same over a derived
 *  table that is itself such a select: every value of `col` in `table`. */
function selectsEvery(q: Tok[], col: string, table: string, depth: number): boolean {
  let k = 0;
  if (q[k]?.up !== 'SELECT') return false;
  k++;
  if (q[k]?.up === 'DISTINCT' || q[k]?.up === 'ALL') k++;
  const from = q.findIndex((x, j) => j >= k && x.k === 'w' && x.up === 'FROM');
  if (from < 0 || lastName(q.slice(k, from)) !== col) return false;
  let src = q.slice(from + 1);
  if (src.length > 2 && src[src.length - 2]!.up === 'LIMIT' && src[src.length - 1]!.up === 'ALL') src = src.slice(0, -2);
  // An alias: one word after the source (`users u`, `users AS u`, `(SELECT …) t`).
  const end = src[src.length - 1];
  if (src.length > 1 && end && (end.k === 'q' || (end.k === 'w' && !ALIAS_NOT.has(end.up))) && lastName(src) === undefined) {
    src = src[src.length - 2]!.up === 'AS' ? src.slice(0, -2) : src.slice(0, -1);
  }
  if (lastName(src) === table) return true;
  if (depth < 3 && src[0]?.v === '(' && src[src.length - 1]?.v === ')' && wraps(src)) return selectsEvery(src.slice(1, -1), col, table, depth + 1);
  return false;
}

// Words that end a source in a FROM list rather than alias it.
const ALIAS_NOT = new Set(['WHERE', 'LIMIT', 'OFFSET', 'FETCH', 'JOIN', 'ON', 'USING', 'GROUP', 'HAVING', 'ORDER', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'QUALIFY', 'TABLESAMPLE', 'ALL', 'NATURAL', 'CROSS', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'OUTER', 'LATERAL']);

// Words a condition can hold without naming a column.
// The SQL standard's functions called without parentheses (`current_date`) are constants too.
const CONSTANT_WORDS = new Set(['TRUE', 'FALSE', 'NULL', 'UNKNOWN', 'NOT', 'AND', 'OR', 'XOR', 'IS', 'IN', 'BETWEEN', 'SYMMETRIC', 'LIKE',
  'ILIKE', 'SIMILAR', 'TO', 'ESCAPE', 'DISTINCT', 'FROM', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'DIV', 'MOD', 'COLLATE',
  'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'SESSION_USER', 'CURRENT_ROLE',
  'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'SYSDATE', 'SYSTIMESTAMP']);

/** An expression that names no column: the same value for every row. */
export function namesNoColumn(e: Tok[]): boolean {
  return constant(e);
}

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

/** A condition every row meets: TRUE, a non-zero number, `a = a` (any expression the same on
 *  both sides), `1 <> 0`, `NOT FALSE`, `x LIKE '%'`, `EXISTS (SELECT 1)`, or an OR with one such
 *  branch or with a branch and its negation (`x IS NULL OR x IS NOT NULL`), or an AND of them. */
function alwaysTrue(e: Tok[]): boolean {
  if (e.length === 0) return false;
  const ors = splitAt(e, 'OR');
  // One branch that names no column: a false one would be pointless, so it is taken as true.
  // `x IS NULL OR x IS NOT NULL`, `a OR NOT a` (withNegation): the branches together hold for every row.
  if (ors.length > 1) return ors.some((b) => alwaysTrue(b) || constant(b)) || withNegation(ors);
  const ands = splitAt(e, 'AND');
  // BETWEEN a AND b is one condition, not two.
  if (ands.length > 1 && !e.some((x) => x.up === 'BETWEEN')) return ands.every(alwaysTrue);
  if (e[0]!.v === '(' && e[e.length - 1]!.v === ')' && wraps(e)) return alwaysTrue(e.slice(1, -1));
  if (uncorrelatedExists(e) || notInEmpty(e)) return true;
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
  if (sameSides(e)) return true;
  if (keyNotNull(e, v) || keyAllPositive(e) || keyWholeRange(e) || pastBeforeFuture(e)) return true;
  // NOT (id IS NULL)
  if (v[0] === 'NOT' && e[1]?.v === '(' && wraps(e.slice(1))) {
    const inner = e.slice(2, -1);
    const iv = v.slice(2, -1);
    if (iv.slice(-2).join(' ') === 'IS NULL') return keyNotNull(inner, [...iv.slice(0, -2), 'IS', 'NOT', 'NULL']);
  }
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

function isOpChar(x: Tok | undefined): boolean {
  return !!x && x.k === 'p' && /^[<>!=:]$/.test(x.v);
}

// Functions whose value changes from row to row although no column is named.
const VOLATILE = new Set(['RANDOM', 'RAND', 'NEWID', 'UUID', 'GEN_RANDOM_UUID', 'UUID_GENERATE_V4', 'NEXTVAL', 'CLOCK_TIMESTAMP', 'TIMEOFDAY', 'SYS_GUID', 'RANDOM_NORMAL']);

/** `users.id = users.id`, `coalesce(id, 0) = coalesce(id, 0)`, `id::text = id::text`: one top-level
 *  `=` with the same expression on both sides. */
function sameSides(e: Tok[]): boolean {
  const eqs: number[] = [];
  for (let k = 0, d = 0; k < e.length; k++) {
    const x = e[k]!;
    if (x.k === 'p' && x.v === '(') d++;
    else if (x.k === 'p' && x.v === ')') d--;
    else if (d === 0 && x.k === 'p' && x.v === '=' && !isOpChar(e[k - 1]) && !isOpChar(e[k + 1])) eqs.push(k);
  }
  if (eqs.length !== 1) return false;
  const a = e.slice(0, eqs[0]);
  const b = e.slice(eqs[0]! + 1);
  if (!a.length || a.length !== b.length || a.some((x) => x.k === 'w' && VOLATILE.has(x.up))) return false;
  return a.every((x, k) => x.k === b[k]!.k && (x.k === 'w' ? x.up === b[k]!.up : x.v === b[k]!.v));
}

// Words inside a subquery that may make it depend on the row, or leave it empty.
const NARROWS = new Set(['WHERE', 'JOIN', 'ON', 'USING', 'LIMIT', 'OFFSET', 'FETCH', 'TOP', 'HAVING', 'GROUP', 'EXCEPT', 'INTERSECT', 'UNION', 'QUALIFY', 'TABLESAMPLE', 'LATERAL']);

/** `EXISTS (SELECT 1)`, `EXISTS (SELECT 1 FROM t)`: a subquery that nothing ties to the row is the
 *  same for every row, like a constant: all rows or none. */
function uncorrelatedExists(e: Tok[]): boolean {
  if (e[0]?.up !== 'EXISTS' || e[1]?.v !== '(' || e[e.length - 1]?.v !== ')' || !wraps(e.slice(1))) return false;
  const q = e.slice(2, -1);
  return q[0]?.up === 'SELECT' && !q.some((x) => x.k === 'w' && NARROWS.has(x.up));
}

/** `NOT EXISTS (SELECT 1 WHERE false)`, `id NOT IN (SELECT id FROM t WHERE 1 = 0)`: a subquery whose
 *  WHERE names no column and isn't true is empty, and nothing is in an empty set (rt23a). */
function notInEmpty(e: Tok[]): boolean {
  const n = e.findIndex((x) => x.k === 'w' && x.up === 'NOT');
  if (n < 0 || !(e[n + 1]?.up === 'EXISTS' ? n === 0 : e[n + 1]?.up === 'IN' && lastName(e.slice(0, n)) !== undefined)) return false;
  const sub = e.slice(n + 2);
  if (sub[0]?.v !== '(' || sub[sub.length - 1]?.v !== ')' || !wraps(sub)) return false;
  const q = sub.slice(1, -1);
  const w = q[0]?.up === 'SELECT' ? wordAt(q, 1, 'WHERE') : -1;
  if (w < 0) return false;
  const c = clause(q, w + 1);
  return constant(c) && !alwaysTrue(c);
}

/** A condition with its NOT taken off (leading NOT, NOT IN, NOT LIKE, IS NOT): the rest as one
 *  string, and whether a NOT was taken. */
function polarity(b: Tok[]): { key: string; neg: boolean } {
  let xs = b;
  let neg = false;
  for (;;) {
    if (xs[0]?.k === 'w' && xs[0].up === 'NOT') { xs = xs.slice(1); neg = !neg; continue; }
    if (xs[0]?.v === '(' && xs[xs.length - 1]?.v === ')' && wraps(xs)) { xs = xs.slice(1, -1); continue; }
    break;
  }
  let d = 0;
  const out: string[] = [];
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    if (x.k === 'p' && x.v === '(') d++;
    else if (x.k === 'p' && x.v === ')') d--;
    if (d === 0 && x.k === 'w' && x.up === 'NOT' && ['IN', 'LIKE', 'ILIKE', 'BETWEEN', 'NULL', 'EXISTS'].includes(xs[k + 1]?.up ?? '')) { neg = !neg; continue; }
    out.push(x.k === 'w' ? x.up : `${x.k}:${x.v}`);
  }
  // One comparison at the top: `x <= 0` is `NOT x > 0`, `x >= v` is `NOT x < v`, `x <> v` is
  // `NOT x = v` (`expires_at > 0 OR expires_at <= 0` holds for every row with a value).
  const ops: number[] = [];
  for (let k = 0, dd = 0; k < out.length; k++) {
    if (out[k] === 'p:(') dd++;
    else if (out[k] === 'p:)') dd--;
    else if (dd === 0 && /^p:[<>=!]$/.test(out[k]!)) ops.push(k);
  }
  const first = ops[0];
  if (first !== undefined && ops.length <= 2 && ops.every((k, n) => k === first + n)) {
    const op = ops.map((k) => out[k]!.slice(2)).join('');
    const canon = COMPLEMENT[op];
    if (canon) {
      out.splice(first, ops.length, `p:${canon[0]}`);
      if (canon[1]) neg = !neg;
    }
  }
  return { key: out.join(' '), neg };
}

// A comparison and whether it is the negation of the canonical one.
const COMPLEMENT: Record<string, [string, boolean]> = table({ '>': ['>', false], '<=': ['>', true], '<': ['<', false], '>=': ['<', true], '=': ['=', false], '<>': ['=', true], '!=': ['=', true] });

/** `a OR NOT a` in any of its spellings: one branch is another's negation. */
function withNegation(branches: Tok[][]): boolean {
  const seen = branches.map(polarity);
  return seen.some((p, i) => seen.some((q, j) => j !== i && p.key === q.key && p.neg !== q.neg));
}

// Columns that are never NULL: a primary key by its usual name, and the engines' row ids.
const KEY_COLUMNS = /^(ID|ROWID|_ROWID_|OID|CTID|UUID|PK)$/;

/** `id IS NOT NULL` (or `t.id`, `NOT id IS NULL`, `id IS DISTINCT FROM NULL`) holds for every row. A
 *  column that may be NULL (`deleted_at IS NOT NULL`) is a real filter: the name is all that is seen,
 *  so only key names count. `v0` spells `e`'s words; only the ending may differ (IS NOT NULL for
 *  IS NULL under a NOT taken off). */
function keyNotNull(e: Tok[], v0: string[]): boolean {
  const v = v0.slice(-4).join(' ') === 'IS DISTINCT FROM NULL' ? [...v0.slice(0, -4), 'IS', 'NOT', 'NULL'] : v0;
  const w = v[0] === 'NOT' && v.slice(-2).join(' ') === 'IS NULL' ? [...v.slice(1, -2), 'IS', 'NOT', 'NULL'] : v;
  if (w.slice(-3).join(' ') !== 'IS NOT NULL') return false;
  const col = w.slice(0, -3);
  const name = e[(v[0] === 'NOT' ? 1 : 0) + col.length - 1];
  if (col.length === 1 || (col.length === 3 && col[1] === '.')) return !!name && (name.k === 'w' || name.k === 'q') && KEY_COLUMNS.test(name.v.toUpperCase());
  return false;
}

/** `id > 0`, `id >= 1`, `id <> 0`, `id <> -1`, `id < 2147483647` (`t.id` too): every row of a
 *  key that counts up from 1 — the usual way around MySQL's safe-updates mode, not a filter. */
function keyAllPositive(e: Tok[]): boolean {
  const rest = afterKey(e);
  if (!rest) return false;
  const num = rest[rest.length - 1];
  if (!num || num.k !== 'n' || rest.slice(0, -1).some((x) => x.k !== 'p' || x.v.length !== 1)) return false;
  let ops = rest.slice(0, -1).map((x) => x.v).join('');
  const neg = ops.length > 1 && ops.endsWith('-');
  if (neg) ops = ops.slice(0, -1);
  const n = neg ? -Number(num.v) : Number(num.v);
  return (ops === '>' && n <= 0) || (ops === '>=' && n <= 1) || ((ops === '<>' || ops === '!=') && n <= 0) || ((ops === '<' || ops === '<=') && n >= MAX_INT);
}

// Columns that record when a row was made or something already happened: never in the future.
const PAST_COLUMNS = /^(CREATED|INSERTED|LOGGED|OCCURRED|RECORDED|RECEIVED)_?(AT|ON|DATE|TIME|TS)?$/;
const NOW = new Set(['NOW', 'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'SYSDATE', 'GETDATE', 'UTC_TIMESTAMP', 'SYSDATETIME']);

/** `created_at < now() + interval '100 years'` (or `now() + INTERVAL 1 DAY > created_at`, or
 *  `created_at < now()`): a time
 *  that is always in the past before a moment in the future holds for every row (rt23a). A bound
 *  in the future on a column that may be (`expires_at`, `run_at`) is a real filter. */
function pastBeforeFuture(e: Tok[]): boolean {
  const op = e.findIndex((x) => x.k === 'p' && (x.v === '<' || x.v === '>'));
  if (op < 0) return false;
  const eq = e[op + 1]?.k === 'p' && e[op + 1]!.v === '=' ? 1 : 0;
  const left = e.slice(0, op);
  const right = e.slice(op + 1 + eq);
  const [col, fut] = e[op]!.v === '<' ? [left, right] : [right, left];
  const name = col.length === 1 ? col[0] : col.length === 3 && col[1]!.v === '.' ? col[2] : undefined;
  if (!name || (name.k !== 'w' && name.k !== 'q') || !PAST_COLUMNS.test(name.v.toUpperCase())) return false;
  // NOW() | CURRENT_TIMESTAMP, then `+ INTERVAL 'n unit'` or `+ INTERVAL n UNIT`, nothing else.
  let k = 0;
  if (fut[k]?.k !== 'w' || !NOW.has(fut[k]!.up)) return false;
  k++;
  if (fut[k]?.v === '(' && fut[k + 1]?.v === ')') k += 2;
  // `created_at < now()` alone: every row made before this moment, which is all of them (a time
  // of day; `< current_date` keeps today's rows).
  if (k === fut.length) return fut[0]!.up !== 'CURRENT_DATE';
  if (fut[k]?.v !== '+' || fut[k + 1]?.up !== 'INTERVAL') return false;
  k += 2;
  const n = fut[k];
  if (n?.k === 's' && /^\s*\+?\d+(\.\d+)?\s*[a-z]+\s*$/i.test(n.v)) return k + 1 === fut.length;
  return n?.k === 'n' && Number(n.v) > 0 && fut[k + 1]?.k === 'w' && k + 2 === fut.length;
}

/** What follows a key column (`id`, `t.id`) that `e` starts with; undefined when it starts with none. */
function afterKey(e: Tok[]): Tok[] | undefined {
  const k = e[1]?.k === 'p' && e[1].v === '.' ? 2 : 0;
  const col = e[k];
  return col && (col.k === 'w' || col.k === 'q') && KEY_COLUMNS.test(col.v.toUpperCase()) ? e.slice(k + 1) : undefined;
}

// The largest 32-bit key: a bound at or past it leaves no row of a usual key out.
const MAX_INT = 2147483647;

/** A number, maybe negative, spelled by `xs` alone. */
function numberOf(xs: Tok[]): number | undefined {
  if (xs.length === 1 && xs[0]!.k === 'n') return Number(xs[0]!.v);
  if (xs.length === 2 && xs[0]!.v === '-' && xs[1]!.k === 'n') return -Number(xs[1]!.v);
  return undefined;
}

/** `id BETWEEN 0 AND 2147483647`, `id NOT IN (0)`, `id NOT IN (-1, 0)`: bounds that leave no row of
 *  a key counting up from 1 out. */
function keyWholeRange(e: Tok[]): boolean {
  const rest = afterKey(e);
  if (!rest) return false;
  if (rest[0]?.up === 'BETWEEN') {
    const and = rest.findIndex((x) => x.up === 'AND');
    const lo = numberOf(rest.slice(1, and));
    const hi = numberOf(rest.slice(and + 1));
    return and > 1 && lo !== undefined && hi !== undefined && lo <= 1 && hi >= MAX_INT;
  }
  if (rest[0]?.up === 'NOT' && rest[1]?.up === 'IN' && rest[2]?.v === '(' && rest[rest.length - 1]?.v === ')' && wraps(rest.slice(2))) {
    let inner = rest.slice(3, -1);
    if (inner[0]?.up === 'SELECT') inner = inner.slice(1);
    const items = splitComma(inner);
    return items.length > 0 && items.every((it) => (numberOf(it) ?? 1) <= 0);
  }
  return false;
}

function splitComma(e: Tok[]): Tok[][] {
  const parts: Tok[][] = [[]];
  for (const x of e) {
    if (x.k === 'p' && x.v === ',') parts.push([]);
    else parts[parts.length - 1]!.push(x);
  }
  return parts;
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
