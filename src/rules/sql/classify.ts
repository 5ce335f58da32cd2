// What each statement does: DROP, TRUNCATE, DELETE or UPDATE without a (real) WHERE, ALTER ... DROP,
// and dynamic SQL, including inside DO bodies and EXECUTE of literal strings. Redis and Mongo text
// have classifiers of their own (redis.ts, mongo.ts).
import { lex, MY, PG, type LexMode, type Stmt, type Tok } from './lex.js';

/** Postgres with standard_conforming_strings off: backslash escapes inside '...'. */
const PG_ESCAPES: LexMode = { ...PG, backslash: true };
import { classifyMongo } from './mongo.js';
import { classifyRedis } from './redis.js';
import { concatenated, filters, joinsOnly, nameAt, namesNoColumn, segmentHas, wordAt } from './statement.js';
import { classifyCypher } from './cypher.js';
import { shorten, type ClassifyOptions, type SqlDialect, type SqlHit, type SqlKind } from './types.js';

/** Tables migration tools keep their applied versions in (not their lock tables). */
const MIGRATION_HISTORY = /^(schema_migrations|_prisma_migrations|django_migrations|knex_migrations|flyway_schema_history|schema_version|alembic_version|__EFMigrationsHistory|SequelizeMeta|goose_db_version|doctrine_migration_versions|migration_versions|migrations|databasechangelog|atlas_schema_revisions|seaql_migrations|_sqlx_migrations|diesel_schema_migrations)$/i;

/** How deep DO bodies and EXECUTE strings are read. */
const MAX_DEPTH = 4;

// Words that may follow DROP when it is not at the start of a statement (inside a procedure
// body, after a DELIMITER we didn't follow...). Bare DROP elsewhere is a privilege or ON COMMIT DROP.
const DROP_OBJECTS = new Set(['TABLE', 'TABLES', 'DATABASE', 'SCHEMA', 'VIEW', 'INDEX', 'SEQUENCE', 'TEMPORARY', 'TEMP', 'MATERIALIZED', 'FOREIGN',
  'COLLECTION', 'KEYSPACE', 'USER', 'ROLE', 'OWNED', 'DICTIONARY', 'TABLESPACE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'DOMAIN',
  'EXTENSION', 'EVENT', 'SERVER', 'UNLOGGED', 'MACRO', 'SECRET', 'STREAM', 'SYNONYM', 'PACKAGE']);
// Modifiers between DROP and the object name.
const DROP_SKIP = new Set(['TEMPORARY', 'TEMP', 'MATERIALIZED', 'FOREIGN', 'UNLOGGED', 'IF', 'EXISTS', 'CONCURRENTLY', 'DATA', 'WRAPPER',
  'TEXT', 'SEARCH', 'CONFIGURATION', 'DICTIONARY', 'PARSER', 'TEMPLATE', 'ACCESS', 'METHOD', 'OWNED', 'BY', 'ROW', 'SETTINGS', 'PROFILE', 'NAMED',
  'TABLE', 'TABLES', 'VIEW', 'INDEX', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'DOMAIN', 'EXTENSION', 'EVENT', 'SERVER',
  'COLLECTION', 'KEYSPACE', 'USER', 'ROLE', 'TABLESPACE', 'MACRO', 'SECRET', 'STREAM', 'SYNONYM', 'PACKAGE', 'ROUTINE', 'AGGREGATE', 'CAST',
  'OPERATOR', 'LANGUAGE', 'POLICY', 'RULE', 'PUBLICATION', 'SUBSCRIPTION', 'STATISTICS', 'TRANSFORM', 'GROUP', 'CONVERSION', 'COLLATION']);
// A keyword before which a new command may start inside one statement (procedural bodies, rules).
const CMD_AFTER = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'ATOMIC', 'ANALYZE', 'ANALYSE', 'VERBOSE', 'INSTEAD', 'ALSO', 'DO']);
// ALTER ... DROP of these only removes a property of a column, no data.
const ALTER_DROP_HARMLESS = new Set(['DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION']);

class SqlScan {
  hits: Array<SqlHit & { at: number }> = [];
  /** Temporary tables this text created (lower-case name -> how many), when it runs atomically. */
  private temps = new Map<string, number>();
  /** Functions and procedures this text defines (lower-case name, last part): their quoted
   *  bodies, read when a later statement calls them. */
  private routines = new Map<string, Array<{ text: string; base: number }>>();
  /** Databases and schemas this text created, by name as written (createDatabase). */
  private databases = new Set<string>();
  private searchPath: boolean;
  constructor(private mode: LexMode, private opts: ClassifyOptions = {}) {
    this.searchPath = !!opts.searchPath;
  }

  run(text: string, base: number, depth: number): void {
    if (/search_path/i.test(text)) this.searchPath = true;
    for (const st of lex(text, this.mode)) this.stmt(st, text, base, depth);
  }

  private hit(kind: SqlKind, st: Stmt, text: string, base: number, object?: string): void {
    this.hits.push({ kind, statement: shorten(text.slice(st.s, st.e)), ...(object ? { object } : {}), at: base + st.s });
  }

  // CREATE [GLOBAL|LOCAL] TEMP|TEMPORARY TABLE [IF NOT EXISTS] name, and CREATE TABLE name (no IF
  // NOT EXISTS: it fails when name exists): only when the text stops at its first error, else a
  // CREATE that fails would leave a later DROP to hit the real table.
  // CREATE OR REPLACE TABLE name replaces an existing table and its rows: a DROP.
  private create(a: At, i: number): void {
    const { t } = a;
    let j = i + 1;
    const replace = t[j]?.up === 'OR' && t[j + 1]?.up === 'REPLACE';
    while (t[j]?.up === 'GLOBAL' || t[j]?.up === 'LOCAL' || t[j]?.up === 'OR' || t[j]?.up === 'REPLACE') j++;
    if (t[j]?.up === 'FUNCTION' || t[j]?.up === 'PROCEDURE') { this.routine(a, j + 1); return; }
    if (t[j]?.up === 'DATABASE' || t[j]?.up === 'SCHEMA') { this.createDatabase(a, j + 1, replace); return; }
    const temp = t[j]?.up === 'TEMP' || t[j]?.up === 'TEMPORARY';
    if (temp) j++;
    if (t[j]?.up !== 'TABLE') return;
    j++;
    if (replace && !temp) { this.hitAt(a, 'drop', nameAt(t, j)); return; }
    const ifNotExists = t[j]?.up === 'IF' && t[j + 1]?.up === 'NOT' && t[j + 2]?.up === 'EXISTS';
    if (ifNotExists) j += 3;
    // A search_path that lists pg_temp after other schemas makes `DROP TABLE t` find the real t.
    // A TEMP table counts in a script that goes on after errors too (a heredoc into psql): only a
    // CREATE TEMP that fails *and* a real table of the same name would make its DROP hit data,
    // and issue 15 names `CREATE TEMP TABLE t …; DROP TABLE t` a look-alike to allow. A plain
    // CREATE TABLE still needs the text to stop at its first error.
    if ((!this.opts.atomic && !temp) || this.searchPath || (!temp && (ifNotExists || replace))) return;
    const name = nameAt(t, j)?.toLowerCase();
    // `CREATE TEMP TABLE users AS SELECT … FROM users`: a real table of that name exists, and a
    // failed CREATE would leave the DROP to it.
    if (!this.opts.atomic && name && t.some((x, k) => k > j && (t[k - 1]?.up === 'FROM' || t[k - 1]?.up === 'JOIN') && nameAt(t, k)?.toLowerCase().split('.').pop() === name)) return;
    if (name && !name.includes('.')) this.temps.set(name, (this.temps.get(name) ?? 0) + 1);
  }

  /** CREATE DATABASE|SCHEMA name: it fails when the name is taken, so in a text that stops at its
   *  first error, a later DROP of the same name (written the same way) drops only what this text
   *  made (`mysql -e 'CREATE DATABASE scratch; ...; DROP DATABASE scratch'`, rt25fp1). Not when the
   *  text may reconnect between them (psql `\\c`, mysql `connect`). MariaDB's CREATE OR REPLACE
   *  DATABASE drops the one there first. */
  private createDatabase(a: At, j: number, replace: boolean): void {
    const { t } = a;
    if (replace) { this.hitAt(a, 'drop-database', nameAt(t, j)); return; }
    if (t[j]?.up === 'IF' || !this.opts.atomic || /(^|[\s;])(\\c|\\r|\\connect|connect)\b/i.test(a.text)) return;
    const name = nameAt(t, j);
    if (name && !name.includes('.')) this.databases.add(name);
  }

  /** CREATE FUNCTION|PROCEDURE name(...) ... AS 'body' | AS $$body$$: the body runs when the
   *  function is called, not now; keep it for the calls that follow in the same text. */
  private routine(a: At, j: number): void {
    const { t } = a;
    const name = nameAt(t, j)?.split('.').pop()?.toLowerCase();
    if (!name) return;
    const bodies: Array<{ text: string; base: number }> = [];
    for (let k = j, d = 0; k < t.length; k++) {
      const x = t[k]!;
      if (x.k === 'p') d += x.v === '(' ? 1 : x.v === ')' ? -1 : 0;
      else if (d === 0 && x.k === 's' && t[k - 1]?.k === 'w' && t[k - 1]!.up === 'AS') bodies.push({ text: x.v, base: a.base + x.s });
    }
    if (bodies.length) this.routines.set(name, bodies);
  }

  /** A call of a function or procedure this text defined (SELECT f(), CALL p(), PERFORM f()):
   *  what its body does happens here. */
  private call(a: At, i: number): void {
    const bodies = this.routines.get(a.t[i]!.v.toLowerCase());
    if (!bodies || a.depth >= MAX_DEPTH || a.t[0]!.up === 'CREATE') return;
    for (const b of bodies) this.run(b.text, b.base, a.depth + 1);
  }

  /** MySQL's reading of `UPDATE "User" ...`: a "..." string where the table goes is a syntax
   *  error, nothing runs (with ANSI_QUOTES it is a name, and the Postgres reading covers that,
   *  "email" in its WHERE a column). */
  private stringName(a: At, j: number): boolean {
    const x = a.t[j];
    return this.mode.mysql && x?.k === 's' && a.text[x.s] === '"';
  }

  private isTemp(t: Tok[], j: number): boolean {
    const name = nameAt(t, j)?.toLowerCase();
    return !!name && (this.temps.get(name) ?? 0) > 0;
  }

  /** DROP TABLE a, b where every name is a temporary table made here; each DROP uses one up. */
  private dropsOnlyTemps(t: Tok[], j: number): boolean {
    const names: string[] = [];
    let k = j;
    for (;;) {
      const full = nameAt(t, k)?.toLowerCase();
      if (!full) return false;
      const ts = this.opts.tempSchema;
      names.push(ts && full.startsWith(`${ts}.`) && !full.slice(ts.length + 1).includes('.') ? full.slice(ts.length + 1) : full);
      while (t[k] && (t[k]!.k === 'w' || t[k]!.k === 'q' || t[k]!.v === '.')) k++;
      if (t[k]?.v !== ',') break;
      k++;
    }
    const need = new Map<string, number>();
    for (const n of names) need.set(n, (need.get(n) ?? 0) + 1);
    for (const [n, c] of need) if ((this.temps.get(n) ?? 0) < c) return false;
    for (const [n, c] of need) this.temps.set(n, (this.temps.get(n) ?? 0) - c);
    return true;
  }

  private stmt(st: Stmt, text: string, base: number, depth: number): void {
    const t = st.toks;
    // Plain EXPLAIN only plans; EXPLAIN ANALYZE runs the statement.
    if (t[0]!.up === 'EXPLAIN' && !t.slice(1, 8).some((x) => x.up === 'ANALYZE' || x.up === 'ANALYSE')) return;
    const a: At = { st, text, base, depth, t, consumed: new Set() };
    for (let i = 0; i < t.length; i++) {
      const tok = t[i]!;
      if (tok.k !== 'w' || a.consumed.has(i)) continue;
      if (this.routines.size && t[i + 1]?.v === '(') this.call(a, i);
      switch (tok.up) {
        case 'CREATE': if (cmdPos(t, i)) this.create(a, i); break;
        case 'DROP': this.drop(a, i); break;
        case 'TRUNCATE': this.truncate(a, i); break;
        case 'DELETE': this.delete(a, i); break;
        case 'UPDATE': this.update(a, i); break;
        case 'ALTER': this.alter(a, i); break;
        case 'DO': this.doBlock(a, i); break;
        case 'EXECUTE': case 'EXEC': case 'IMMEDIATE': case 'FROM': this.execute(a, i); break;
        case 'COPY': this.copy(a, i); break;
        case 'MERGE': this.merge(a, i); break;
        case 'DBLINK_EXEC': case 'DBLINK': this.dblink(a, i); break;
        case 'LO_UNLINK': this.loUnlink(a, i); break;
        // pg_cron: cron.schedule([name,] schedule, 'SQL'), schedule_in_database, alter_job run the
        // SQL later, on their schedule.
        case 'SCHEDULE': case 'SCHEDULE_IN_DATABASE': case 'ALTER_JOB': if (t[i - 1]?.v === '.' && t[i - 2]?.up === 'CRON') this.cronJob(a, i); break;
        // MySQL's sys.execute_prepared_stmt('SQL') prepares and runs its argument at once.
        case 'EXECUTE_PREPARED_STMT': if ((t[i - 1]?.v === '.' && t[i - 2]?.up === 'SYS') || t[i - 1]?.up === 'CALL') this.cronJob(a, i); break;
        // Postgres pg_drop_replication_slot('s'): a CDC consumer (Debezium, logical replication)
        // loses its place in the stream for good.
        case 'PG_DROP_REPLICATION_SLOT': if (t[i + 1]?.v === '(') this.hitAt(a, 'drop', t[i + 2]?.k === 's' ? t[i + 2]!.v : 'replication slot'); break;
        case 'INSERT': this.insertOverwrite(a, i); this.replaceOwnRows(a, i); break;
        case 'REPLACE': this.replaceOwnRows(a, i); break;
        case 'VACUUM': this.vacuumRetainZero(a, i); break;
        case 'EXPIRE_SNAPSHOTS': if (t[i - 1]?.v === '.' && t[i + 1]?.v === '(') this.expireSnapshots(a, i); break;
        case 'PURGE': case 'RESET': this.purgeLogs(a, i); break;
        case 'SET': this.binlogExpiry(a, i); break;
      }
    }
  }

  private hitAt(a: At, kind: SqlKind, object?: string): void {
    this.hit(kind, a.st, a.text, a.base, object);
  }

  private drop(a: At, i: number): void {
    const { t } = a;
    const nx = t[i + 1];
    if (!cmdPos(t, i) && !(nx && nx.k === 'w' && DROP_OBJECTS.has(nx.up))) return;
    if (!nx || (nx.k === 'p' && nx.v !== '(')) return;
    let j = i + 1;
    let db = false;
    let table = false;
    // A keyword followed by a dot is a schema's name (`DROP TABLE temp.t`), not a keyword.
    while (t[j]?.k === 'w' && DROP_SKIP.has(t[j]!.up) && !(t[j + 1]?.k === 'p' && t[j + 1]!.v === '.')) {
      if (t[j]!.up === 'DATABASE' || t[j]!.up === 'SCHEMA') db = true;
      if (t[j]!.up === 'TABLE') table = true;
      j++;
    }
    if (t[j]?.k === 'w' && (t[j]!.up === 'DATABASE' || t[j]!.up === 'SCHEMA')) { db = true; j++; }
    if (!db && table && this.dropsOnlyTemps(t, j)) return;
    if (db && this.databases.has(nameAt(t, j) ?? '') && t[j + 1]?.v !== ',' && t[j + 1]?.v !== '.') return;
    this.hitAt(a, db ? 'drop-database' : 'drop', nameAt(t, j));
  }

  private truncate(a: At, i: number): void {
    const { t } = a;
    const nx = t[i + 1];
    if (!cmdPos(t, i) && nx?.up !== 'TABLE') return;
    if (nx?.k === 'p' && nx.v === '(') return; // MySQL TRUNCATE(x, d) is arithmetic
    // SQLite's `PRAGMA wal_checkpoint(TRUNCATE)` checkpoints the WAL into the database and empties
    // the WAL file: a PRAGMA's argument, no table's rows (rt27fp3).
    if (a.t[0]?.up === 'PRAGMA') return;
    let j = i + 1;
    while (t[j]?.k === 'w' && (t[j]!.up === 'TABLE' || t[j]!.up === 'ONLY' || t[j]!.up === 'IF' || t[j]!.up === 'EXISTS')) j++;
    if (this.isTemp(t, j) && t[j + 1]?.v !== ',') return;
    this.hitAt(a, 'truncate', nameAt(t, j));
  }

  /** Hive, Spark, Databricks and Snowflake: INSERT OVERWRITE [TABLE|INTO] t ... replaces every row
   *  of t (or of the partition) with the query's; INSERT OVERWRITE [LOCAL] DIRECTORY 'p' replaces
   *  what the directory holds. */
  private insertOverwrite(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i) || t[i + 1]?.up !== 'OVERWRITE') return;
    let j = i + 2;
    while (t[j]?.k === 'w' && (t[j]!.up === 'TABLE' || t[j]!.up === 'INTO' || t[j]!.up === 'LOCAL')) j++;
    if (t[j]?.up === 'DIRECTORY') { this.hitAt(a, 'truncate', t[j + 1]?.v); return; }
    if (this.isTemp(t, j)) return;
    this.hitAt(a, 'truncate', nameAt(t, j));
  }

  /** SQLite INSERT OR REPLACE INTO t (cols) SELECT ... FROM t, and MySQL/SQLite REPLACE INTO t
   *  (cols) SELECT ... FROM t, with no real WHERE: every row of t conflicts with itself, is deleted
   *  and inserted again with only the listed columns; the others fall back to their defaults: a
   *  rewrite of every row. Without a column list (`SELECT *`) or from another table it is an upsert. */
  private replaceOwnRows(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i)) return;
    let j = i + 1;
    if (t[i]!.up === 'INSERT') {
      if (t[j]?.up !== 'OR' || t[j + 1]?.up !== 'REPLACE') return;
      j += 2;
    } else if (t[j]?.k === 'p') return; // REPLACE(str, from, to) is a function
    while (t[j]?.k === 'w' && (t[j]!.up === 'INTO' || t[j]!.up === 'LOW_PRIORITY' || t[j]!.up === 'DELAYED')) j++;
    const table = nameAt(t, j);
    if (!table || this.isTemp(t, j)) return;
    let k = j;
    while (t[k] && (t[k]!.k === 'w' || t[k]!.k === 'q' || t[k]!.v === '.')) k++;
    if (t[k]?.v !== '(') return;
    for (let d = 0; k < t.length; k++) {
      if (t[k]!.v === '(') d++;
      else if (t[k]!.v === ')' && --d === 0) break;
    }
    if (t[k + 1]?.up !== 'SELECT') return;
    const from = wordAt(t, k + 2, 'FROM');
    if (from < 0) return;
    const src = nameAt(t, from + 1);
    const last = (n: string): string => n.toLowerCase().replace(/["`[\]]/g, '').split('.').pop()!;
    if (!src || last(src) !== last(table)) return;
    // JOIN, a second table, WHERE, LIMIT: only some rows, or rows from elsewhere.
    let m = from + 2;
    while (t[m] && (t[m]!.k === 'w' || t[m]!.k === 'q' || t[m]!.v === '.') && !['WHERE', 'JOIN', 'LIMIT', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'NATURAL', 'FULL', 'ON', 'GROUP', 'ORDER', 'UNION'].includes(t[m]!.up)) m++;
    if (t[m] && t[m]!.v !== ';' && t[m]!.up !== 'WHERE' && t[m]!.up !== 'ORDER') return;
    if (t[m]?.up === 'WHERE' && filters(t, from + 1, src)) return;
    if (wordAt(t, from + 1, 'LIMIT') >= 0) return;
    this.hitAt(a, 'update-without-where', table);
  }

  /** MySQL/MariaDB PURGE BINARY|MASTER LOGS and RESET MASTER (8.4: RESET BINARY LOGS AND GTIDS)
   *  delete binary logs: what point-in-time recovery and lagging replicas read. RESET SLAVE|REPLICA
   *  [ALL] deletes the replica's relay logs and its place in the source's log. Oracle PURGE TABLE |
   *  INDEX | RECYCLEBIN | DBA_RECYCLEBIN | TABLESPACE deletes dropped tables for good. RESET QUERY
   *  CACHE, RESET PERSIST and Postgres RESET name only reset settings. */
  private purgeLogs(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i)) return;
    const nx = t[i + 1]?.k === 'w' ? t[i + 1]!.up : '';
    if (t[i]!.up === 'PURGE') {
      if ((nx === 'BINARY' || nx === 'MASTER') && t[i + 2]?.up === 'LOGS') this.hitAt(a, 'drop', 'binary logs');
      else if (nx === 'RECYCLEBIN' || nx === 'DBA_RECYCLEBIN') this.hitAt(a, 'drop', 'recycle bin');
      else if (nx === 'TABLE' || nx === 'INDEX' || nx === 'TABLESPACE') this.hitAt(a, 'drop', nameAt(t, i + 2));
      return;
    }
    if (nx === 'MASTER' || (nx === 'BINARY' && t[i + 2]?.up === 'LOGS')) this.hitAt(a, 'drop', 'binary logs');
    else if (nx === 'SLAVE' || nx === 'REPLICA') this.hitAt(a, 'drop', 'relay logs');
  }

  /** MySQL: SET [GLOBAL|PERSIST] binlog_expire_logs_seconds to under a day purges the binary logs
   *  older than that at the next rotation (FLUSH BINARY LOGS, a restart): point-in-time recovery
   *  loses them. 0 turns automatic purging off. */
  private binlogExpiry(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i)) return;
    for (let j = i + 1; j < t.length && t[j]!.v !== ';'; j++) {
      if (t[j]!.up !== 'BINLOG_EXPIRE_LOGS_SECONDS') continue;
      let k = j + 1;
      while (t[k]?.k === 'p' && (t[k]!.v === '=' || t[k]!.v === ':')) k++;
      const n = t[k]?.k === 'n' ? Number(t[k]!.v) : NaN;
      if (n > 0 && n < 86400) this.hitAt(a, 'drop', 'binary logs');
    }
  }

  /** Delta Lake: VACUUM t RETAIN 0 HOURS deletes every file an older version needs (time travel
   *  and restores); a plain VACUUM, or Postgres's, only reclaims space. */
  private vacuumRetainZero(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i)) return;
    for (let j = i + 1; j < t.length && t[j]!.v !== ';'; j++) {
      // ... RETAIN 0 HOURS DRY RUN only lists the files it would delete.
      if (t[j]!.up === 'RETAIN' && /^0+(\.0*)?$/.test(t[j + 1]?.v ?? '')) {
        for (let k = j + 2; k < t.length && t[k]!.v !== ';'; k++) if (t[k]!.up === 'DRY' && t[k + 1]?.up === 'RUN') return;
        this.hitAt(a, 'delete-without-where', nameAt(t, i + 1));
        return;
      }
    }
  }

  /** Iceberg: CALL cat.system.expire_snapshots(table => 't', older_than => T ...) deletes every
   *  snapshot older than T (and the files only they use): with T now or later, all history but the
   *  current snapshot (and retain_last) is gone, like Delta's VACUUM RETAIN 0 HOURS. Without
   *  older_than, or with a time in the past, it is the routine expiry (5 days by default). */
  private expireSnapshots(a: At, i: number): void {
    const { t } = a;
    for (let k = i + 2, d = 0; k < t.length; k++) {
      const x = t[k]!;
      if (x.k === 'p' && x.v === '(') d++;
      else if (x.k === 'p' && x.v === ')') { if (d === 0) return; d--; }
      else if (d === 0 && x.up === 'OLDER_THAN') {
        let j = k + 1;
        while (t[j]?.k === 'p' && /^(=>?|>|:)$/.test(t[j]!.v)) j++;
        const v = t[j];
        if (!v) return;
        const now = /^(CURRENT_TIMESTAMP|NOW|CURRENT_DATE|LOCALTIMESTAMP|GETDATE|SYSDATE)$/.test(v.up ?? '');
        const lit = v.k === 's' ? v : (v.up === 'TIMESTAMP' || v.up === 'DATE') && t[j + 1]?.k === 's' ? t[j + 1]! : undefined;
        const when = lit ? Date.parse(lit.v.replace(' ', 'T')) : NaN;
        if (now || (!Number.isNaN(when) && when >= Date.now() - 86_400_000)) this.hitAt(a, 'delete-without-where', 'snapshots');
        return;
      }
    }
  }

  private delete(a: At, i: number): void {
    const { t } = a;
    let j = i + 1;
    while (t[j]?.k === 'w' && ['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(t[j]!.up)) j++;
    const from = t[j]?.up === 'FROM';
    // MySQL multi-table form: DELETE t1 FROM t1 JOIN t2 ...
    if (!from && !(cmdPos(t, i) && (t[j]?.k === 'w' || t[j]?.k === 'q') && segmentHas(t, j, 'FROM'))) return;
    if (from) j++;
    while (t[j]?.k === 'w' && t[j]!.up === 'ONLY') j++;
    if (this.isTemp(t, j) || this.stringName(a, j)) return;
    // SQLite's schema table (with PRAGMA writable_schema=1): deleting its rows, with or without a
    // WHERE, drops those tables and indexes from the database file.
    if (/^(\w+\.)?sqlite_(master|schema)$/i.test(nameAt(t, j) ?? '')) { this.hitAt(a, 'drop', nameAt(t, j)); return; }
    // A migration tool's record of applied versions (Rails/Ecto/golang-migrate/dbmate
    // schema_migrations, Prisma, Django, Knex, Flyway, Alembic, EF Core, Sequelize, goose, Doctrine,
    // Laravel/TypeORM `migrations`, Liquibase's changelog, Atlas): deleting its rows, with or without
    // a WHERE, makes the next deploy run those migrations again over the tables they already changed
    // (rt26a: the on-call fix for a hung migration). Its lock tables are left alone: clearing a
    // stale lock is the tool's documented fix.
    if (MIGRATION_HISTORY.test(nameAt(t, j)?.split('.').pop() ?? '')) { this.hitAt(a, 'delete-history', nameAt(t, j)); return; }
    if (!filters(t, i + 1, nameAt(t, j)) || (from && joinsOnly(t, i + 1))) this.hitAt(a, 'delete-without-where', nameAt(t, j));
    else if (from ? selfCompared(t, i, j) : fromListRepeats(t, j)) this.hitAt(a, 'delete-dedupe', nameAt(t, j));
  }

  private update(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i) || !segmentHas(t, i + 1, 'SET')) return;
    let j = i + 1;
    while (t[j]?.k === 'w' && ['LOW_PRIORITY', 'IGNORE', 'ONLY'].includes(t[j]!.up)) j++;
    if (t[j]?.up === 'OR' && t[j + 1]) j += 2; // sqlite UPDATE OR REPLACE
    if (this.stringName(a, j)) return;
    if (!filters(t, i + 1, nameAt(t, j)) && !this.isTemp(t, j)) this.hitAt(a, 'update-without-where', nameAt(t, j));
  }

  /** ALTER TABLE t ... DROP COLUMN / TRUNCATE PARTITION: the DROPs it holds are its own, not statements. */
  private alter(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i)) return;
    let j = i + 1;
    while (t[j]?.k === 'w' && (t[j]!.up === 'ONLINE' || t[j]!.up === 'IGNORE')) j++;
    if (t[j]?.up !== 'TABLE') return;
    j++;
    while (t[j]?.k === 'w' && ['IF', 'EXISTS', 'ONLY'].includes(t[j]!.up)) j++;
    const table = nameAt(t, j);
    let depthP = 0;
    let dropped = false;
    let truncated = false;
    for (let k = j; k < t.length; k++) {
      const x = t[k]!;
      if (x.k === 'p' && x.v === '(') depthP++;
      else if (x.k === 'p' && x.v === ')') { if (depthP === 0) break; depthP--; } else if (x.k === 'p' && x.v === ';') break;
      else if (depthP === 0 && x.k === 'w' && x.up === 'DROP') {
        a.consumed.add(k);
        if (!ALTER_DROP_HARMLESS.has(t[k + 1]?.up ?? '')) dropped = true;
      } else if (depthP === 0 && x.k === 'w' && x.up === 'TRUNCATE') {
        a.consumed.add(k);
        truncated = true; // MySQL/ClickHouse ALTER TABLE t TRUNCATE PARTITION p
      } else if (depthP === 0 && x.k === 'w' && x.up === 'DISCARD' && t.slice(k + 1, k + 12).some((y) => y.up === 'TABLESPACE')) {
        // MySQL ALTER TABLE t DISCARD [PARTITION p] TABLESPACE deletes the table's .ibd file.
        a.consumed.add(k);
        dropped = true;
      } else if (depthP === 0 && x.k === 'w' && x.up === 'USING' && t.slice(j, k).some((y) => y.up === 'TYPE')) {
        // ALTER COLUMN c TYPE t USING NULL: the rewrite gives every row the same value.
        const expr: Tok[] = [];
        for (let m = k + 1, d = 0; m < t.length; m++) {
          const y = t[m]!;
          if (y.k === 'p' && y.v === '(') d++;
          else if (y.k === 'p' && y.v === ')') { if (d === 0) break; d--; } else if (d === 0 && y.k === 'p' && (y.v === ',' || y.v === ';')) break;
          expr.push(y);
        }
        if (namesNoColumn(expr)) this.hitAt(a, 'update-without-where', table);
      } else if (depthP === 1 && x.k === 'w' && (x.up === 'EXPIRATION_TIMESTAMP' || x.up === 'PARTITION_EXPIRATION_DAYS') && t.slice(j, k).some((y) => y.up === 'OPTIONS')) {
        // BigQuery ALTER TABLE t SET OPTIONS (expiration_timestamp = T): the table is deleted at T
        // (as `bq update --expiration`); partition_expiration_days = N drops every partition older
        // than N days at once. NULL clears either (rt27a).
        let m = k + 1;
        while (t[m]?.k === 'p' && t[m]!.v === '=') m++;
        if (t[m] && t[m]!.up !== 'NULL') this.hitAt(a, x.up === 'EXPIRATION_TIMESTAMP' ? 'drop' : 'delete-without-where', table);
      } else if (depthP === 0 && x.k === 'w' && (x.up === 'DELETE' || x.up === 'UPDATE') && k > j) {
        // ClickHouse mutations: ALTER TABLE t DELETE WHERE 1 / UPDATE c = 0 WHERE true.
        a.consumed.add(k);
        if (!filters(t, k + 1)) this.hitAt(a, x.up === 'DELETE' ? 'delete-without-where' : 'update-without-where', table);
      }
    }
    if (dropped) this.hitAt(a, 'alter-drop', table);
    if (truncated) this.hitAt(a, 'truncate', table);
  }

  /** MERGE INTO t USING s ON cond WHEN MATCHED THEN DELETE | UPDATE SET ...: the actions are the
   *  MERGE's own (not statements); with a condition that names no column (ON true, ON 1 = 1) every
   *  row of t matches, like DELETE or UPDATE without WHERE. */
  private merge(a: At, i: number): void {
    const { t } = a;
    if (!cmdPos(t, i)) return;
    const actions = t.map((x, k) => (k > i && (x.up === 'DELETE' || x.up === 'UPDATE') && t[k - 1]?.up === 'THEN' ? k : -1)).filter((k) => k >= 0);
    for (const k of actions) a.consumed.add(k);
    const on = t.findIndex((x, k) => k > i && x.up === 'ON' && x.k === 'w');
    const when = t.findIndex((x, k) => k > on && x.up === 'WHEN');
    if (on < 0 || when < 0) return;
    // The same test a WHERE gets: read `ON cond` as `WHERE cond`.
    if (filters([{ ...t[on]!, v: 'WHERE', up: 'WHERE' }, ...t.slice(on + 1, when)], 0)) return;
    let j = i + 1;
    if (t[j]?.up === 'INTO') j++;
    for (const k of actions) this.hitAt(a, t[k]!.up === 'DELETE' ? 'delete-without-where' : 'update-without-where', nameAt(t, j));
  }

  /** COPY ... TO|FROM PROGRAM 'cmd' runs a shell command on the database server: code this text
   *  doesn't show the effect of. */
  private copy(a: At, i: number): void {
    if (!cmdPos(a.t, i)) return;
    const k = a.t.findIndex((x, n) => n > i && x.k === 'w' && x.up === 'PROGRAM' && (a.t[n - 1]?.up === 'TO' || a.t[n - 1]?.up === 'FROM'));
    if (k > 0) this.hitAt(a, 'dynamic');
  }

  /** Postgres lo_unlink(oid) deletes a large object: called for every row of a FROM with no
   *  WHERE (`SELECT lo_unlink(oid) FROM pg_largeobject_metadata`) it deletes them all. */
  private loUnlink(a: At, i: number): void {
    const { t } = a;
    if (t[i + 1]?.v !== '(') return;
    const from = t.findIndex((x, n) => n > i && x.k === 'w' && x.up === 'FROM');
    if (from < 0 || t.some((x, n) => n > from && x.k === 'w' && x.up === 'WHERE')) return;
    this.hitAt(a, 'delete-without-where', nameAt(t, from + 1) ?? 'large objects');
  }

  /** dblink_exec(conn, 'SQL') and dblink(conn, 'SQL') run their last string on another connection. */
  private dblink(a: At, i: number): void {
    const { t } = a;
    if (t[i + 1]?.v !== '(') return;
    let last: Tok | undefined;
    for (let k = i + 2, d = 0; k < t.length; k++) {
      const x = t[k]!;
      if (x.k === 'p' && x.v === '(') d++;
      else if (x.k === 'p' && x.v === ')') { if (d === 0) break; d--; } else if (d === 0 && x.k === 's') last = x;
    }
    if (last && a.depth < MAX_DEPTH) this.run(last.v, a.base + last.s, a.depth + 1);
    else if (!last) this.hitAt(a, 'dynamic');
  }

  /** pg_cron's job functions and MySQL's sys.execute_prepared_stmt: each string argument is read
   *  as SQL (the schedule and the job's name read as nothing); a command only known at run time
   *  could be anything. */
  private cronJob(a: At, i: number): void {
    const { t } = a;
    if (t[i + 1]?.v !== '(' || a.depth >= MAX_DEPTH) return;
    let strings = 0;
    for (let k = i + 2, d = 0; k < t.length; k++) {
      const x = t[k]!;
      if (x.k === 'p' && x.v === '(') d++;
      else if (x.k === 'p' && x.v === ')') { if (d === 0) break; d--; } else if (d === 0 && x.k === 's') { strings++; this.run(x.v, a.base + x.s, a.depth + 1); }
    }
    if (!strings) this.hitAt(a, 'dynamic');
  }

  /** Postgres DO runs its body at once: look inside the quoted block. */
  private doBlock(a: At, i: number): void {
    if (i !== 0) return;
    if (a.depth < MAX_DEPTH) for (const x of a.t.slice(i + 1)) if (x.k === 's') this.run(x.v, a.base + x.s, a.depth + 1);
  }

  /** Dynamic SQL from a literal: EXECUTE 'DROP ...', EXECUTE format('DROP TABLE %I', t), PREPARE s FROM '...'. */
  private execute(a: At, i: number): void {
    const { t, depth } = a;
    const tok = t[i]!;
    // MySQL's `PREPARE name FROM text`: FROM right after the name. A FROM further on is part of
    // PostgreSQL's `PREPARE name [(types)] AS statement` (read as that statement).
    if (tok.up === 'FROM' && (t[0]?.up !== 'PREPARE' || i !== 2)) return;
    let j = i + 1;
    if (t[j]?.up === 'IMMEDIATE') return; // handled at IMMEDIATE
    if (t[j]?.up === 'FORMAT' && t[j + 1]?.v === '(') j += 2;
    const s = t[j];
    if (s?.k === 's' && depth < MAX_DEPTH) this.run(s.v.replace(/%[IsL]/g, 'x'), a.base + s.s, depth + 1);
    // SQL put together at run time (a variable, 'DROP TABLE ' || name, a format with %s
    // in the verb): what it does can't be read here. Top-level EXECUTE name runs a prepared
    // statement, whose PREPARE was read already.
    const built = s?.k === 's'
      ? concatenated(t, j + 1) || /^\s*%[IsL]/.test(s.v)
      : !!s && (s.v === '(' || s.v === '@' || depth > 0 || tok.up === 'IMMEDIATE' || tok.up === 'FROM');
    if (built) this.hitAt(a, 'dynamic');
  }
}

// Words that say a query compares a table's rows with each other: a self-join, a window, a grouping.
const SELF_COMPARE = new Set(['USING', 'JOIN', 'GROUP', 'HAVING', 'OVER', 'PARTITION']);

/** A dedupe: the DELETE at t[i] (its table named at t[j]) names that table again elsewhere in the
 *  statement (USING it, a subquery or a WITH over it) and compares rows with each other there
 *  (USING/JOIN, GROUP BY, HAVING, OVER/PARTITION BY). `DELETE FROM t WHERE id IN (SELECT id FROM t
 *  WHERE ... LIMIT n)` (a batch) compares nothing and stays a filter. */
function selfCompared(t: Tok[], i: number, j: number): boolean {
  const table = nameAt(t, j)?.split('.').pop()?.toLowerCase();
  if (!table) return false;
  let end = t.findIndex((x, k) => k > i && x.k === 'p' && x.v === ';');
  if (end < 0) end = t.length;
  let again = false;
  let compares = false;
  for (let k = 0, d = 0; k < end; k++) {
    const x = t[k]!;
    if (x.k === 'p') d += x.v === '(' ? 1 : x.v === ')' ? -1 : 0;
    if (k === j || (x.k !== 'w' && x.k !== 'q')) continue;
    if (x.k === 'w' && SELF_COMPARE.has(x.up)) compares = true;
    // the name, or a qualified one's last part; not a column (`users.email`) or the DELETE's own
    if (x.v.toLowerCase() === table && t[k + 1]?.v !== '.' && !(k > j && k <= j + 2 && t[j + 1]?.v === '.')) {
      again = true;
      // Named twice in the DELETE's own FROM list (MySQL `DELETE t1 FROM users t1, users t2`): a self-join.
      if (d === 0 && k > i) compares = true;
    }
  }
  return again && compares;
}

/** MySQL's multi-table DELETE (`DELETE t1 FROM users t1, users t2 WHERE …`, `… JOIN users t2`):
 *  its FROM list (at the statement's level) names one table twice: a self-join. */
function fromListRepeats(t: Tok[], j: number): boolean {
  const f = wordAt(t, j, 'FROM');
  if (f < 0) return false;
  const seen = new Set<string>();
  let start = true;
  for (let k = f + 1, d = 0; k < t.length; k++) {
    const x = t[k]!;
    if (x.k === 'p' && x.v === '(') d++;
    else if (x.k === 'p' && x.v === ')') d--;
    else if (x.k === 'p' && x.v === ';') break;
    if (d !== 0) continue;
    if (x.k === 'w' && (x.up === 'WHERE' || x.up === 'ORDER' || x.up === 'LIMIT')) break;
    if ((x.k === 'p' && x.v === ',') || (x.k === 'w' && x.up === 'JOIN')) { start = true; continue; }
    if (start && (x.k === 'w' || x.k === 'q') && !['INNER', 'LEFT', 'RIGHT', 'CROSS', 'OUTER', 'STRAIGHT_JOIN'].includes(x.up)) {
      const name = nameAt(t, k)!.split('.').pop()!.toLowerCase();
      if (seen.has(name)) return true;
      seen.add(name);
      start = false;
    }
  }
  return false;
}

/** One statement being read: where it is in the text, and the DROP/TRUNCATE words ALTER has taken. */
interface At { st: Stmt; text: string; base: number; depth: number; t: Tok[]; consumed: Set<number> }

/** Whether a new command can start at t[i]: the statement's start, after `(` or `;`, after `)` in
 *  WITH/EXPLAIN, or after a keyword such as BEGIN or THEN. */
function cmdPos(t: Tok[], i: number): boolean {
  if (i === 0) return true;
  const p = t[i - 1]!;
  if (p.k === 'p') return p.v === '(' || p.v === ';' || (p.v === ')' && (t[0]!.up === 'WITH' || t[0]!.up === 'EXPLAIN'));
  // ON CONFLICT ... DO UPDATE is an upsert of one row, not a bare UPDATE.
  // PostgreSQL's `PREPARE name [(types)] AS statement`: the statement EXECUTE runs.
  if (p.k === 'w' && p.up === 'AS' && t[0]!.up === 'PREPARE') return true;
  return p.k === 'w' && CMD_AFTER.has(p.up) && !(p.up === 'DO' && t.slice(0, i).some((x) => x.up === 'CONFLICT'));
}

function classifyPlainSql(text: string, opts: ClassifyOptions): SqlHit[] {
  // Postgres and MySQL disagree on backslashes, # and nested comments; a statement either one would
  // run counts, so scan both ways and keep the union.
  const pg = new SqlScan(PG, opts);
  pg.run(text, 0, 0);
  // psql (opts.postgres): "email" in `WHERE "email" = 'x'` is a column, not MySQL's string
  // constant; backslash escapes (standard_conforming_strings off: an old server, a SET or
  // PGOPTIONS) still count (rt23fp1).
  const my = new SqlScan(opts.postgres ? PG_ESCAPES : MY, opts);
  my.run(text, 0, 0);
  // The same statement seen both ways: same place, or same object (a DO body read inside and out).
  const extra = my.hits.filter((h) => !pg.hits.some((p) => p.kind === h.kind && (p.at === h.at || (p.object !== undefined && p.object === h.object))));
  return [...pg.hits, ...extra].map(({ at: _at, ...hit }) => hit);
}

/** Destructive statements in `text`. Strings, quoted identifiers and comments never count. */
export function classifySql(text: string, dialect: SqlDialect = 'sql', opts: ClassifyOptions = {}): SqlHit[] {
  if (dialect === 'redis') return classifyRedis(text);
  if (dialect === 'mongo') return classifyMongo(text);
  if (dialect === 'cypher') return classifyCypher(text);
  return classifyPlainSql(text, opts);
}
