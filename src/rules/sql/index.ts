// What a database client would send, and whether any of it destroys data. By stage: options.ts
// and sources.ts find the text a client would read (sql-from.ts for cloud CLIs' flags), lex.ts
// splits it into statements, classify.ts (redis.ts, mongo.ts) says what each one does.
import type { Invocation } from '../../parse/index.js';
import { classifySql } from './classify.js';
import { sqlSources } from './sources.js';
import type { SqlHit } from './types.js';

export { classifySql } from './classify.js';
export { sqlFromSources } from './sql-from.js';
export { SQL_CLIENTS, sqlSources } from './sources.js';
export { parseOpts, SPECS } from './options.js';
export { lex, PG } from './lex.js';
export { isQueueKey } from './redis.js';
export type { ClassifyOptions, SqlDialect, SqlHit, SqlKind, SqlSource } from './types.js';

/** Convenience: every hit across an invocation's sources. */
export function sqlHits(inv: Invocation): SqlHit[] | { unknown: string } {
  const src = sqlSources(inv);
  if (!Array.isArray(src)) return src;
  return src.flatMap((s) => classifySql(s.text, s.dialect));
}
