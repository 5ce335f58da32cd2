// src/targets/database/mysql.ts on its own: flags, option files, MYSQL_HOST, the local socket.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mysql } from '../../../src/targets/database/mysql.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, world, write, type InvOptions } from '../helpers.js';

function my(argv: string | string[], files: { home?: Record<string, string>; project?: Record<string, string> } = {}, env: Record<string, string> = {}, o: InvOptions = {}) {
  const { home, project } = world(files);
  return mysql(makeRun(inv(typeof argv === 'string' ? argv.replaceAll('PROJECT', project) : argv, { cwd: project, ...o }), ctx(home, project, env)));
}

describe('mysql resolver', () => {
  it('reads only --defaults-file when given, not ~/.my.cnf', () => {
    const files = { home: { '.my.cnf': '[client]\nhost=home.prod.x\n' }, project: { 'only.cnf': '[client]\nhost=only.staging.x\n' } };
    expect(my('mysql --defaults-file=PROJECT/only.cnf shop', files).facts['host']).toBe('only.staging.x');
  });

  it('reads --defaults-extra-file, then ~/.my.cnf, which wins', () => {
    const files = { home: { '.my.cnf': '[mysql]\nhost=home.prod.x\n' }, project: { 'extra.cnf': '[client]\nhost=extra.staging.x\n' } };
    const t = my('mysql --defaults-extra-file=PROJECT/extra.cnf shop', files);
    expect(t.facts['host']).toBe('home.prod.x');
    expect(t.evidence[0]).toContain('[mysql]');
    expect(my('mysql --defaults-extra-file=PROJECT/extra.cnf shop', { project: files.project }).facts['host']).toBe('extra.staging.x');
  });

  it('reads the [mysqldump] group for mysqldump, and a socket from an option file', () => {
    const files = { home: { '.my.cnf': '[client]\nhost=a.x\n[mysqldump]\nhost=dump.prod.x\n' } };
    expect(my('mysqldump shop', files).facts['host']).toBe('dump.prod.x');
    expect(my('mysql shop', files).facts['host']).toBe('a.x');
    expect(my('mysql shop', { home: { '.my.cnf': '[client]\nsocket=/run/my.sock\n' } }).facts['host']).toBe('/run/my.sock');
  });

  it('says a --login-path host cannot be read, and an encrypted ~/.mylogin.cnf makes the local default a guess', () => {
    const t = my('mysql --login-path=prod shop');
    expect(t.evidence.join()).toContain('stored encrypted');
    const g = my('mysql shop', { home: { '.mylogin.cnf': 'x' } });
    expect(g.guessed).toBe(true);
    expect(g.facts['host']).toBe('localhost');
  });

  it('takes the database after mysqladmin drop, a mycli URL, and MYSQL_HOST last', () => {
    expect(my('mysqladmin -h db.x drop shop').facts).toMatchObject({ host: 'db.x', database: 'shop' });
    expect(my(['mycli', 'mysql://u:p@my.prod.x:3307/crm']).facts).toMatchObject({ host: 'my.prod.x', port: '3307', database: 'crm' });
    expect(my('mysql shop', {}, { MYSQL_HOST: 'env.staging.x' }).facts['host']).toBe('env.staging.x');
    expect(my('mysql shop', {}, { MYSQL_UNIX_PORT: join('/run', 'm.sock') }).facts['host']).toBe('/run/m.sock');
  });

  it('is unknown when -h is computed at run time', () => {
    expect(my(['mysql', '-h', '$H'], {}, {}, { dynamic: [2] }).environment).toBe('unknown');
  });

  // Bypasses: option files the client reads that countersign didn't, so it said localhost.
  it('reads the groups --defaults-group-suffix and MYSQL_GROUP_SUFFIX add', () => {
    const files = { home: { '.my.cnf': '[client]\nhost=localhost\n[client_prod]\nhost=db.prod.x\n' } };
    expect(my('mysql --defaults-group-suffix=_prod shop', files).facts['host']).toBe('db.prod.x');
    expect(my('mysql shop', files, { MYSQL_GROUP_SUFFIX: '_prod' }).facts['host']).toBe('db.prod.x');
    expect(my('mysql shop', files).facts['host']).toBe('localhost');
  });

  it('follows !include and !includedir, and does not trust the order when files name different hosts', () => {
    const w = world({ project: { 'evil.cnf': '[client]\nhost=db.prod.x\n' } });
    write(w.home, { '.my.cnf': `!include ${w.project}/evil.cnf\n[client]\nhost=localhost\n` });
    const t = mysql(makeRun(inv('mysql shop', { cwd: w.project }), ctx(w.home, w.project)));
    expect(t.guessed).toBe(true);
    expect(t.evidence.join()).toContain('db.prod.x');
    const w2 = world({ project: { 'conf.d/a.cnf': '[mysql]\nhost=db2.prod.x\n', 'conf.d/skip.txt': '[client]\nhost=no.x\n' } });
    write(w2.home, { '.my.cnf': `[client]\n!includedir ${w2.project}/conf.d\n` });
    const d = mysql(makeRun(inv('mysql shop', { cwd: w2.project }), ctx(w2.home, w2.project)));
    expect(d.facts['host']).toBe('db2.prod.x');
  });

  it('reads $MYSQL_HOME/my.cnf, which MariaDB clients load', () => {
    const w = world({ project: { 'mh/my.cnf': '[client]\nhost=maria.prod.x\n' } });
    const t = mysql(makeRun(inv('mysql shop', { cwd: w.project }), ctx(w.home, w.project, { MYSQL_HOME: `${w.project}/mh` })));
    expect(t.facts['host']).toBe('maria.prod.x');
  });

  it('an option file the line writes first is read as the line leaves it (red team 16-c)', () => {
    const { home, project } = world({});
    const run = (content: string | null) => {
      const i = inv(['mysql', `--defaults-extra-file=${project}/.my.cnf`, 'app'], { cwd: project, vars: { MYSQL_HOST: 'localhost' } });
      i.written = { files: new Map([[join(project, '.my.cnf'), content]]), texts: [] };
      return mysql(makeRun(i, ctx(home, project, { MYSQL_HOST: 'localhost' })));
    };
    expect(run('[client]\nhost=db.prod.x\n').facts['host']).toBe('db.prod.x');
    expect(run(null).environment).toBe('unknown');
    expect(run('[client]\nuser=app\n').facts['host']).toBe('localhost');
  });
});
