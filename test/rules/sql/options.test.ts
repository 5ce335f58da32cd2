// Which client an invocation runs, and its options walked the way that client reads them.
import { describe, expect, it } from 'vitest';
import { clientOf, parseOpts, SPECS, type Client, type Item } from '../../../src/rules/sql/options.js';
import { inv } from '../../helpers/invocation.js';
import { BUILTIN } from '../../../src/programs/index.js';

/** The walk as short strings: -x / -x=value for options, the word for positionals. */
function walk(client: Client, args: string[]): string[] {
  const c = clientOf(inv([client, ...args]));
  return parseOpts(c!.args, SPECS[c!.client]).map((i: Item) => ('pos' in i ? i.pos.value : i.value ? `-${i.opt}=${i.value.value}` : `-${i.opt}`));
}

describe('clientOf', () => {
  it.each([
    [['mariadb', '-e', 'x'], 'mysql', ['-e', 'x']],
    [['valkey-cli', 'FLUSHALL'], 'redis-cli', ['FLUSHALL']],
    [['mongo', 'db'], 'mongosh', ['db']],
    [['clickhouse', 'client', '-q', 'x'], 'clickhouse', ['-q', 'x']],
    [['cockroach', 'sql', '-e', 'x'], 'cockroach', ['-e', 'x']],
  ])('%j', (argv, client, args) => {
    const c = clientOf(inv(argv));
    expect(c?.client).toBe(client);
    expect(c?.args.map((w) => w.value)).toEqual(args);
  });
  it.each([[['clickhouse', 'local', '-q', 'x']], [['cockroach', 'start']], [['pg_dump', 'db']]])('not a client that sends SQL: %j', (argv) => {
    expect(clientOf(inv(argv))).toBeUndefined();
  });
});

describe('parseOpts', () => {
  it('psql: bundled short options, values attached or next, long with =', () => {
    expect(walk('psql', ['-qAt', '-c', 'DROP TABLE a', '-cDELETE', '--dbname=x', '-h', 'host', 'db'])).toEqual(['-q', '-A', '-t', '-c=DROP TABLE a', '-c=DELETE', '-dbname=x', '-h=host', 'db']);
  });
  it('mysql -p takes an attached value only: a bare -p prompts and the next word is the database', () => {
    expect(walk('mysql', ['-pSECRET', 'db'])).toEqual(['-p=SECRET', 'db']);
    expect(walk('mysql', ['-p', 'db', '-e', 'x'])).toEqual(['-p', 'db', '-e=x']);
  });
  it('sqlite3: single-dash long options, some with two values', () => {
    expect(walk('sqlite3', ['-cmd', 'DROP TABLE a', '-lookaside', '1', '2', '-bail', 'x.db', 'SELECT 1'])).toEqual(['-cmd=DROP TABLE a', '-lookaside', '-bail', 'x.db', 'SELECT 1']);
  });
  it('redis-cli: everything from the first positional on is the command', () => {
    expect(walk('redis-cli', ['-h', 'host', '-n', '2', 'DEL', '-x', 'k'])).toEqual(['-h=host', '-n=2', 'DEL', '-x', 'k']);
  });
  it('-- ends the options', () => {
    expect(walk('psql', ['--', '-c', 'x'])).toEqual(['-c', 'x']);
  });
  it('an attached value keeps the word\'s run-time status', () => {
    const c = clientOf(inv(['psql', { value: '-cDROP', dynamic: true, glob: false, text: '-c$Q' }]))!;
    const [item] = parseOpts(c.args, SPECS.psql);
    expect(item).toEqual({ opt: 'c', value: { value: 'DROP', dynamic: true, glob: false, text: '-c$Q' } });
  });
});

describe('the last local tables (duckdb, redis-cli, clickhouse, cockroach) are registry grammars', () => {
  // Snapshotted from rules/sql/options.ts before they moved (issue 15): the derived tables read the same.
  const OLD: Partial<Record<Client, { shortVal?: string; longVal: string[] }>> = {
    duckdb: { longVal: ['c', 's', 'cmd', 'init', 'f', 'separator', 'nullvalue', 'newline', 'storage-version'] },
    'redis-cli': {
      shortVal: 'hpsaurindDtX',
      longVal: ['user', 'pass', 'eval', 'cluster', 'pattern', 'quoted-pattern', 'count', 'memkeys-samples', 'rdb', 'functions-rdb', 'pipe-timeout',
        'sni', 'cacert', 'cacertdir', 'tls-ciphers', 'tls-ciphersuites', 'cert', 'key', 'intrinsic-latency', 'lru-test', 'show-pushes', 'keystats-samples', 'top'],
    },
    clickhouse: {
      shortVal: 'hudqfC',
      longVal: ['host', 'port', 'user', 'password', 'database', 'query', 'queries-file', 'format', 'config-file', 'config', 'query_id', 'history_file',
        'connection', 'log-level', 'server_logs_file', 'jwt', 'ssh-key-file', 'ssh-key-passphrase', 'quota_key', 'max_threads', 'max_memory_usage',
        'receive_timeout', 'send_timeout', 'connect_timeout', 'output-format', 'input-format', 'format_csv_delimiter'],
    },
    cockroach: { shortVal: 'efud', longVal: ['execute', 'file', 'url', 'host', 'port', 'user', 'database', 'certs-dir', 'format', 'set', 'watch', 'cluster-name', 'log-dir', 'log', 'vmodule'] },
  };
  it.each(Object.entries(OLD))('%s: the same options take values', (client, old) => {
    const spec = SPECS[client as Client];
    expect([...(spec.shortVal ?? '')].sort()).toEqual([...(old!.shortVal ?? '')].sort());
    expect([...new Set(spec.longVal)].sort()).toEqual([...old!.longVal].sort());
  });
  it('the walks are unchanged', () => {
    expect(walk('duckdb', ['--cmd', 'DROP TABLE a', '-separator', ',', '-bail', 'x.db', 'SELECT 1'])).toEqual(['-cmd=DROP TABLE a', '-separator=,', '-bail', 'x.db', 'SELECT 1']);
    expect(walk('redis-cli', ['-n', '2', '--pass', 'x', 'FLUSHDB', '-h', 'y'])).toEqual(['-n=2', '-pass=x', 'FLUSHDB', '-h', 'y']);
    expect(walk('clickhouse', ['client', '-hdb', '--query_id', 'q', '-q', 'DROP TABLE a'])).toEqual(['-h=db', '-query_id=q', '-q=DROP TABLE a']);
    expect(walk('cockroach', ['sql', '--url', 'u', '-e', 'DROP TABLE a'])).toEqual(['-url=u', '-e=DROP TABLE a']);
  });
  it('the rules and target readers read them with the same grammar', () => {
    const g = BUILTIN['redis-cli']!['value-options']!;
    expect(g).toEqual(expect.arrayContaining(['-n', '-h', '--pass', '--eval']));
    expect(BUILTIN['valkey-cli']!['value-options']).toEqual(g);
    expect(BUILTIN.cockroach!['value-options']).toEqual(expect.arrayContaining(['-e', '--url']));
    expect(BUILTIN.duckdb!['value-options']).toEqual(expect.arrayContaining(['-cmd', '--cmd', '-separator']));
  });
});
