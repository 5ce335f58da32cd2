// Which client an invocation runs, and its options walked the way that client reads them.
import { describe, expect, it } from 'vitest';
import { clientOf, parseOpts, SPECS, type Client, type Item } from '../../../src/rules/sql/options.js';
import { inv } from '../../helpers/invocation.js';

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
