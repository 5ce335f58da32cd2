// Which program's payload the SQL reader reads, and from which options, is registry data
// (`payload` in src/programs/builtin.ts). Differential: what the old switch in clientOf and the
// SQL_CLIENTS list gave (snapshotted before they were removed) is what the registry gives now.
import { describe, expect, it } from 'vitest';
import type { Word } from '../../../src/parse/types.js';
import { BUILTIN } from '../../../src/programs/index.js';
import { clientOf } from '../../../src/rules/sql/options.js';
import { SQL_CLIENTS, sqlSources } from '../../../src/rules/sql/sources.js';

const w = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
const inv = (line: string, stdin?: string) => {
  const argv = line.split(' ').map(w);
  return { argv, name: argv[0]!.value, assignments: [], redirects: [], origin: ['top'], vars: {}, text: line, cwd: '/', ...(stdin ? { stdin: { kind: 'heredoc' as const, text: stdin } } : {}) };
};

// `NAME [FIRST]` with `-x` after it -> client:args, or '-' when the SQL reader doesn't read it.
const OLD: Record<string, string> = {
  'psql': 'psql:-x', 'psql client': 'psql:client -x', 'psql sql': 'psql:sql -x', 'mysql': 'mysql:-x',
  'mysql client': 'mysql:client -x', 'mysql sql': 'mysql:sql -x', 'mariadb': 'mysql:-x', 'mariadb client': 'mysql:client -x',
  'mariadb sql': 'mysql:sql -x', 'sqlite3': 'sqlite3:-x', 'sqlite3 client': 'sqlite3:client -x', 'sqlite3 sql': 'sqlite3:sql -x',
  'sqlite': '-', 'sqlite client': '-', 'sqlite sql': '-', 'duckdb': 'duckdb:-x', 'duckdb client': 'duckdb:client -x',
  'duckdb sql': 'duckdb:sql -x', 'mongosh': 'mongosh:-x', 'mongosh client': 'mongosh:client -x', 'mongosh sql': 'mongosh:sql -x',
  'mongo': 'mongosh:-x', 'mongo client': 'mongosh:client -x', 'mongo sql': 'mongosh:sql -x', 'redis-cli': 'redis-cli:-x',
  'redis-cli client': 'redis-cli:client -x', 'redis-cli sql': 'redis-cli:sql -x', 'valkey-cli': 'redis-cli:-x',
  'valkey-cli client': 'redis-cli:client -x', 'valkey-cli sql': 'redis-cli:sql -x',
  // Red team 19 b: keydb-cli (a Redis fork) is read as redis-cli, as valkey-cli is.
  'keydb-cli': 'redis-cli:-x', 'keydb-cli client': 'redis-cli:client -x', 'keydb-cli sql': 'redis-cli:sql -x', 'clickhouse-client': 'clickhouse:-x', 'clickhouse-client client': 'clickhouse:client -x',
  'clickhouse-client sql': 'clickhouse:sql -x', 'clickhouse': '-', 'clickhouse client': 'clickhouse:-x', 'clickhouse sql': '-',
  'cockroach': '-', 'cockroach client': '-', 'cockroach sql': 'cockroach:-x', 'pgcli': '-', 'pgcli client': '-',
  'pgcli sql': '-', 'mycli': '-', 'mycli client': '-', 'mycli sql': '-', 'litecli': '-', 'litecli client': '-',
  'litecli sql': '-', 'mysqlsh': '-', 'mysqlsh client': '-', 'mysqlsh sql': '-', 'pg_dump': '-', 'pg_dump client': '-',
  'pg_dump sql': '-', 'usql': '-', 'usql client': '-', 'usql sql': '-', 'sqlcmd': '-', 'sqlcmd client': '-', 'sqlcmd sql': '-',
  'clickhouse-local': '-', 'clickhouse-local client': '-', 'clickhouse-local sql': '-',
};
const OLD_CLIENTS = ['psql', 'mysql', 'mariadb', 'sqlite3', 'mongosh', 'mongo', 'redis-cli', 'valkey-cli', 'keydb-cli', 'clickhouse-client', 'clickhouse', 'cockroach', 'duckdb'];

describe('SQL payloads from the registry', () => {
  it.each(Object.entries(OLD))('%s -> %s as before', (key, expected) => {
    const c = clientOf(inv(`${key} -x`) as never);
    expect(c ? `${c.client}:${c.args.map((a) => a.value).join(' ')}` : '-').toBe(expected);
  });

  it('SQL_CLIENTS is the programs with a payload client, the same set as before', () => {
    expect([...SQL_CLIENTS].sort()).toEqual([...OLD_CLIENTS].sort());
  });

  it('reads each option the payload names, in order, and stdin only when none replaces it', () => {
    const from = (line: string, stdin?: string) => {
      const r = sqlSources(inv(line, stdin) as never);
      return 'unknown' in r ? r.unknown : r.map((s) => `${s.from}: ${s.text}`);
    };
    expect(from('psql -c SELECT_1 --command=SELECT_2')).toEqual(['-c: SELECT_1', '--command: SELECT_2']);
    expect(from('mysql --init-command=SET_X -e SELECT_1')).toEqual(['--init-command: SET_X', '-e: SELECT_1']);
    expect(from('mysql --init-command=SET_X', 'DROP TABLE t')).toEqual(['--init-command: SET_X', 'heredoc: DROP TABLE t']);
    expect(from('sqlite3 -cmd PRAGMA_X app.db SELECT_1')).toEqual(['-cmd: PRAGMA_X', 'argument: SELECT_1']);
    expect(from('duckdb -c SELECT_1')).toEqual(['-c: SELECT_1']);
    expect(from('clickhouse client --query SELECT_1')).toEqual(['--query: SELECT_1']);
    expect(from('cockroach sql -e SELECT_1')).toEqual(['-e: SELECT_1']);
    expect(from('mongosh --eval db.x.drop()')).toEqual(['--eval: db.x.drop()']);
    expect(from('sqlite3 -A app.db x')).toEqual([]);
  });

  it('every payload client is one the reader knows', () => {
    for (const [name, spec] of Object.entries(BUILTIN)) if (spec.payload?.client) expect(clientOf(inv(`${name} ${spec.payload.sub ?? ''}`.trim()) as never), name).toBeDefined();
  });

  it('a prefix of a payload option is that option where the client takes prefixes; --loose-X is X for mysql', () => {
    const texts = (line: string) => {
      const argv = line.split('|').map(w);
      const r = sqlSources({ ...inv('x'), argv, name: argv[0]!.value } as never);
      return 'unknown' in r ? r.unknown : r.map((s) => `${s.from}: ${s.text}`);
    };
    expect(texts('psql|--comm|DROP TABLE users')).toEqual(['--command: DROP TABLE users']);
    expect(texts('psql|--comm=DROP TABLE users')).toEqual(['--command: DROP TABLE users']);
    expect(texts('mysql|--exec=DROP TABLE users')).toEqual(['--execute: DROP TABLE users']);
    expect(texts('mysql|--loose-execute=DROP TABLE users')).toEqual(['--execute: DROP TABLE users']);
    // Only toward the payload's options: --compress is a switch, not --compression-algorithms.
    expect(texts('mysql|--compress|-e|DROP TABLE users')).toEqual(['-e: DROP TABLE users']);
    // Ambiguous (init-command, init-command-add): the client refuses it, nothing is read from it.
    expect(texts('mysql|--init-comm=SET x=1|-e|SELECT 1')).toEqual(['-e: SELECT 1']);
  });
});

