// Statements a request carries to a database that speaks HTTP (Supabase's and Neon's query
// endpoints, Cloudflare D1, Turso's pipeline, Hasura's run_sql, Snowflake's SQL API, ClickHouse):
// JSON string fields named like a statement, the same fields of a urlencoded form or the URL's
// query, or a body that is only text.
import { classifySql, type SqlHit } from '../sql/index.js';
import type { HttpRequest } from './request.js';
import { table } from '../../own.js';

const FIELD = /^(sql|query|statement|statements|stmt|sqltext|command)$/i;

/** The texts in a request that may be SQL. */
export function requestStatements(req: HttpRequest): string[] {
  const out: string[] = [];
  const body = req.body?.trim();
  for (const [k, v] of queryParams(req.url)) if (FIELD.test(k)) out.push(v);
  if (!body) return out;
  const j = json(body);
  if (j !== undefined) walk(j, false, out);
  else if (/^[\w.[\]%-]+=/.test(body)) for (const [k, v] of new URLSearchParams(body)) { if (FIELD.test(k)) out.push(v); }
  else out.push(body);
  return out;
}

function walk(v: unknown, named: boolean, out: string[]): void {
  if (typeof v === 'string') { if (named) out.push(v); return; }
  if (Array.isArray(v)) { for (const x of v) walk(x, named, out); return; }
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, FIELD.test(k), out);
}

function json(s: string): unknown {
  if (!/^[[{"]/.test(s)) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function queryParams(url: string): URLSearchParams {
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1).replace(/#.*$/s, ''));
}

// A body field is only sometimes SQL (Algolia's "query" is a search): the statement must have the
// shape of one, not just its first word ("truncate", "drop dead gorgeous").
const SHAPED: Record<string, RegExp> = table({
  drop: /\bdrop\s+(table|database|schema|view|index|sequence|function|procedure|type|extension|materialized\s+view|keyspace|collection|owned|user|role)\b/i,
  'drop-database': /\bdrop\s+(database|schema|keyspace)\b/i,
  truncate: /\btruncate\s+(table\s+)?(only\s+)?[\w."`[]+/i,
  'delete-without-where': /\bdelete\s+from\s+\S/i,
  'delete-history': /\bdelete\s+from\s+\S/i,
  'update-without-where': /\bupdate\s+\S+\s+set\b/i,
  'alter-drop': /\balter\s+table\b/i,
});

/** The statements of `kinds` the request carries, shaped like SQL, or Cypher (Neo4j's HTTP API:
 *  `MATCH (n) DETACH DELETE n`). */
export function requestSqlHits(req: HttpRequest, kinds: string[]): SqlHit[] {
  return requestStatements(req).flatMap((t) => {
    const sql = classifySql(t).filter((h) => !!h.object && (SHAPED[h.kind]?.test(h.statement) ?? true));
    const cypher = /^\s*(match|optional\s+match|call|unwind)\b/i.test(t) ? classifySql(t, 'cypher') : [];
    return [...sql, ...cypher].filter((h) => kinds.includes(h.kind));
  });
}
