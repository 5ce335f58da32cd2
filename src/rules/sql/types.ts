// What the SQL layers hand each other and the rules: where text comes from, how to read it, and
// what a destructive statement found in it looks like.

// `delete-dedupe`: a DELETE whose rows are picked by comparing the table with itself (a self-join,
// a window or GROUP BY over the same table): a dedupe, where a key one column short deletes every copy.
// `delete-history`: a DELETE, with or without WHERE, from a migration tool's table of applied
// versions. `delete-queue`: a Redis DEL of a key that holds a queue or stream.
export type SqlKind = 'drop' | 'truncate' | 'delete-without-where' | 'update-without-where' | 'alter-drop' | 'flush' | 'drop-database' | 'delete-dedupe' | 'delete-history' | 'delete-queue' | 'dynamic';
export type SqlDialect = 'sql' | 'redis' | 'mongo' | 'cypher';
export interface SqlHit {
  kind: SqlKind;
  /** The offending statement, trimmed, at most 200 characters. */
  statement: string;
  /** Table, collection or database name when it is easy to tell. */
  object?: string;
}
export interface SqlSource {
  text: string;
  /** For people: '-c', 'heredoc', '-f schema.sql'. */
  from: string;
  /** How to read `text` (pass to classifySql). */
  dialect: SqlDialect;
  /** The client stops at the first failing statement of this text (psql -c, mysql -e): a CREATE
   *  TEMP TABLE that fails can't leave a later DROP of that name to hit a real table. */
  atomic?: boolean;
  /** The client stops at the first error across all its texts, in order (psql with
   *  ON_ERROR_STOP or --single-transaction): they read as one script (a table one `-c` creates
   *  and a later `-c` drops). */
  session?: boolean;
  /** A file the client would read isn't there now, and nothing earlier on the line may make it:
   *  no text (rules/files.ts). */
  absent?: true;
}

export interface ClassifyOptions {
  atomic?: boolean;
  /** The search path is set outside the text (PGOPTIONS, a URL's options=): it may list pg_temp
   *  after the real schemas, so no temporary table is known to shadow a real one. */
  searchPath?: boolean;
  /** The schema that names only this session's temporary tables in the client's database
   *  (`temp` in SQLite, `pg_temp` in Postgres): `DROP TABLE temp.t` drops the TEMP TABLE t
   *  made here, never a real one. */
  tempSchema?: string;
  /** The client only talks to Postgres (psql): "..." is always a quoted name, never a string as
   *  MySQL reads it; the second reading is Postgres with backslash escapes in '...' (a server or
   *  session with standard_conforming_strings off) instead of MySQL's. */
  postgres?: boolean;
}

const MAX_STATEMENT = 200;

/** A statement as a hit quotes it: trimmed, at most MAX_STATEMENT characters. */
export function shorten(s: string): string {
  const t = s.trim().replace(/\s+\n/g, '\n');
  return t.length <= MAX_STATEMENT ? t : `${t.slice(0, MAX_STATEMENT - 1)}…`;
}

/** The line of `text` that holds offset `at`. */
export function lineAt(text: string, at: number): string {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  const e = text.indexOf('\n', at);
  return text.slice(s, e < 0 ? text.length : e);
}
