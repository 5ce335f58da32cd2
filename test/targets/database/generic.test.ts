// src/targets/database/generic.ts on its own: tools that take a URL or read one from a variable.
import { describe, expect, it } from 'vitest';
import { generic } from '../../../src/targets/database/generic.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, world } from '../helpers.js';

function gen(argv: string, project: Record<string, string> = {}, env: Record<string, string> = {}, sub = '') {
  const w = world({ project });
  const cwd = sub ? `${w.project}/${sub}` : w.project;
  return generic(makeRun(inv(argv, { cwd }), ctx(w.home, cwd, env)));
}

describe('generic URL readers', () => {
  it('reads a jdbc: URL flag and URL arguments', () => {
    expect(gen('flyway -url=jdbc:postgresql://fly.prod.x/app migrate')[0]?.facts['host']).toBe('fly.prod.x');
    expect(gen('atlas schema apply -u mysql://a.x/db')[0]?.resource).toBe('mysql a.x/db');
  });

  it('reads a sqlite URL or plain path; a scratch file in a temp directory is ephemeral, a project file is not', () => {
    expect(gen('flyway -url=jdbc:sqlite:/tmp/cs-t.db -cleanDisabled=false clean')[0]?.facts['ephemeral']).toBe('scratch file');
    expect(gen('diesel database reset --database-url /tmp/cs-t.sqlite')[0]?.facts['ephemeral']).toBe('scratch file');
    expect(gen('atlas schema clean -u sqlite:///tmp/cs-t.db')[0]?.environment).toBe('local');
    expect(gen('sequel -m db/migrations -M 0 sqlite:///tmp/cs-t.db')[0]?.facts['ephemeral']).toBe('scratch file');
    const kept = gen('diesel database reset --database-url data/db.sqlite')[0];
    expect(kept?.facts['sqlite-file']).toMatch(/\/data\/db\.sqlite$/);
    expect(kept?.facts['ephemeral']).toBeUndefined();
    expect(gen('dbmate --url sqlite:tmp/test.db drop')[0]?.facts['ephemeral']).toBeUndefined();
  });

  it("reads goose's GOOSE_DBSTRING from ./.env and sqlx's DATABASE_URL from the nearest .env upward", () => {
    expect(gen('goose up', { '.env': 'GOOSE_DBSTRING=postgres://goose.prod.x/app\n' })[0]?.facts['host']).toBe('goose.prod.x');
    const up = gen('sqlx migrate run', { '.env': 'DATABASE_URL=postgres://sqlx.prod.x/app\n', 'crates/db/x': '' }, {}, 'crates/db');
    expect(up[0]?.facts['host']).toBe('sqlx.prod.x');
    expect(up[0]?.guessed).toBeFalsy();
  });

  it('for a tool whose config is code, every *_URL holding a database URL is a guessed candidate', () => {
    const c = gen('knex migrate:rollback', {}, { DATABASE_URL: 'postgres://a.x/app', REPLICA_URL: 'mysql://b.x/app', HOME_URL: 'https://x.com' });
    expect(c.map((x) => x.resource)).toEqual(['postgres a.x/app', 'mysql b.x/app']);
    expect(c.every((x) => x.guessed)).toBe(true);
    expect(gen('knex migrate:rollback')[0]?.environment).toBe('unknown');
  });

  it("reads liquibase's url from ./liquibase.properties or --defaults-file; ${...} or a named unreadable file is unknown", () => {
    expect(gen('liquibase rollback v1', { 'liquibase.properties': 'changeLogFile: db/changelog.xml\nurl: jdbc:postgresql://lq.prod.x:5432/app\n' })[0]?.facts['host']).toBe('lq.prod.x');
    expect(gen('liquibase --defaults-file=conf/prod.properties rollback v1', { 'conf/prod.properties': 'liquibase.command.url=jdbc:mysql://lq2.prod.x/shop\n' })[0]?.facts['host']).toBe('lq2.prod.x');
    expect(gen('liquibase rollback v1', { 'liquibase.properties': 'url: jdbc:postgresql://${DB_HOST}/app\n' })[0]?.environment).toBe('unknown');
    expect(gen('liquibase --defaults-file=missing.properties rollback v1')[0]?.environment).toBe('unknown');
    expect(gen('liquibase rollback v1')[0]?.environment).toBe('unknown');
  });

  it('reads clickhouse and cockroach by their host option, then CLICKHOUSE_HOST, else localhost; a client config file may name another', () => {
    expect(gen('clickhouse-client --host ch.prod.x -q "DROP TABLE e"')[0]?.facts['host']).toBe('ch.prod.x');
    expect(gen('clickhouse client -h ch.prod.x -q "DROP TABLE e"')[0]?.facts['host']).toBe('ch.prod.x');
    expect(gen('clickhouse-client -q "DROP TABLE e"', {}, { CLICKHOUSE_HOST: 'ch2.prod.x' })[0]?.facts['host']).toBe('ch2.prod.x');
    expect(gen('clickhouse-client -q "DROP TABLE e"')[0]?.facts).toMatchObject({ host: 'localhost', port: '9000' });
    expect(gen('clickhouse-client -q "DROP TABLE e"', { 'clickhouse-client.xml': '<config><host>ch.prod.x</host></config>' })[0]?.environment).toBe('unknown');
    expect(gen('cockroach sql --host crdb.prod.x -e "DROP DATABASE app"')[0]?.facts['host']).toBe('crdb.prod.x');
    expect(gen('cockroach sql --url postgresql://root@crdb.prod.x:26257/app -e "DROP DATABASE app"')[0]?.facts['host']).toBe('crdb.prod.x');
    // MySQL Shell: --uri, a first argument URI (with or without scheme), -h, else localhost.
    expect(gen("mysqlsh --uri root@my.prod.x --sql -e 'DROP TABLE t'")[0]?.facts['host']).toBe('my.prod.x');
    expect(gen("mysqlsh mysqlx://app@my2.prod.x:33060/shop --sql -e 'DROP TABLE t'")[0]?.facts).toMatchObject({ host: 'my2.prod.x', database: 'shop' });
    expect(gen("mysqlsh -h my3.prod.x --sql -e 'DROP TABLE t'")[0]?.facts['host']).toBe('my3.prod.x');
    const w = world();
    expect(generic(makeRun(inv(['mysqlsh', '--uri', '$URI', '--sql'], { cwd: w.project, dynamic: [2] }), ctx(w.home, w.project)))[0]?.environment).toBe('unknown');
  });
});
