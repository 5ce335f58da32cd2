// Statements a request carries to a database that speaks HTTP (Supabase's and Neon's query
// endpoints, Cloudflare D1, Turso's pipeline, Hasura's run_sql, Snowflake's SQL API, ClickHouse):
// JSON string fields named like a statement, the same fields of a urlencoded form or the URL's
// query, or a body that is only text.
import type { HttpRequest } from './request.js';

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
