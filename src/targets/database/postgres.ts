// PostgreSQL (libpq): conninfo/URL, then -h/-p/-d, then a service, then PG* variables.
import { join } from 'node:path';
import { readIni } from '../ini.js';
import { absPath, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, positionals, showFlag, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { parseConninfo, parseConnUrl, redactUrl } from '../url.js';
import { candidate, grammar, pgSocketDir, unknown } from './common.js';

export const PG_TOOLS = new Set(['psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'dropdb', 'createdb', 'dropuser', 'createuser', 'vacuumdb', 'reindexdb', 'clusterdb', 'pgbench', 'pg_isready', 'pgcli']);

export function postgres(run: Run): Candidate {
  const a = run.args;
  const ev: string[] = [];
  const tool = run.name;
  const valueFlags = grammar(tool);
  const pos = positionals(a, valueFlags);
  // Which positional (if any) is a database name or connection string.
  const dFlag = flag(a, ['-d', '--dbname']) ?? (tool === 'dropdb' || tool === 'createdb' ? flag(a, ['--maintenance-db']) : undefined);
  // With -d given, psql's first positional is the user name.
  const dbPos = tool === 'pg_restore' || tool === 'pg_dumpall' || tool === 'pg_isready' || (dFlag && tool === 'psql') ? undefined : pos[0];

  let host: string | undefined;
  let port: string | undefined;
  let database: string | undefined;
  let url: string | undefined;
  let service: string | undefined;

  const conn = [dFlag, dbPos ? { value: dbPos.value, dynamic: dbPos.dynamic, flag: 'argument' } : undefined];
  for (const c of conn) {
    if (!c) continue;
    if (c.dynamic) return unknown('postgres', [dynamicNote(`the connection ${c.flag === 'argument' ? 'argument' : c.flag}`)]);
    const ep = /^postgres(ql)?:\/\//i.test(c.value) ? parseConnUrl(c.value) : undefined;
    const ci = ep ? undefined : parseConninfo(c.value);
    if (ep) {
      url = c.value;
      if (ep.host) host = ep.host;
      port = ep.port ?? port;
      database = ep.database ?? database;
      ev.push(`connection URL ${redactUrl(c.value)} (${c.flag === 'argument' ? 'argument' : 'flag'})`);
    } else if (ci) {
      host = ci['host'] ?? ci['hostaddr'] ?? host;
      port = ci['port'] ?? port;
      database = ci['dbname'] ?? database;
      service = ci['service'];
      ev.push(`connection string ${c.value.replace(/password=\S+/i, 'password=***')} (${c.flag === 'argument' ? 'argument' : 'flag'})`);
    } else if (database === undefined) {
      database = c.value;
    }
  }
  if (tool === 'dropdb' || tool === 'createdb') database = pos[0]?.value ?? database;

  const hFlag = flag(a, ['-h', '--host']);
  if (host === undefined && hFlag) {
    if (hFlag.dynamic) return unknown('postgres', [dynamicNote(hFlag.flag)]);
    host = hFlag.value;
    ev.push(showFlag(hFlag));
  }
  port ??= flag(a, ['-p', '--port'])?.value;

  // A service (conninfo service= or PGSERVICE) fills what the command line left out, before PG*.
  const svcVar = getVar(run, 'PGSERVICE');
  service ??= svcVar?.value;
  if (service) {
    const svc = pgService(run, service);
    if (svc) {
      if (host === undefined && svc.values['host']) {
        host = svc.values['host'];
        ev.push(`service ${service} in ${svc.file}: host ${host}`);
      }
      port ??= svc.values['port'];
      database ??= svc.values['dbname'];
    } else if (host === undefined) {
      // libpq fails without it, unless it is in a file countersign doesn't know: fail closed.
      return unknown('postgres', [`service ${service} not found in any pg_service.conf countersign reads`]);
    }
  }
  for (const name of ['PGHOST', 'PGHOSTADDR']) {
    if (host !== undefined) break;
    const v = getVar(run, name);
    if (v) {
      if (v.dynamic) return unknown('postgres', [dynamicNote(name)]);
      host = v.value;
      ev.push(showVar(name, v));
    }
  }
  port ??= getVar(run, 'PGPORT')?.value;
  if (database === undefined) {
    const v = getVar(run, 'PGDATABASE');
    if (v) database = v.value;
  }
  if (host === undefined || host === '') {
    host = pgSocketDir();
    ev.push(`no host given: ${tool} connects over the local unix socket`);
    const dbUrl = getVar(run, 'DATABASE_URL');
    if (dbUrl) ev.push(`DATABASE_URL is set, but ${tool} doesn't read it`);
  }
  // libpq accepts a comma-separated host list and tries them in order.
  const first = host.split(',')[0] ?? host;
  if (first !== host) ev.push(`several hosts: ${host}`);
  return candidate('postgres', { host: first, port, database, url }, ev);
}

function pgService(run: Run, name: string): { values: Record<string, string>; file: string } | undefined {
  const files: string[] = [];
  const user = getVar(run, 'PGSERVICEFILE')?.value;
  files.push(user ? (absPath(user, run.cwd, run.ctx.home) ?? user) : join(run.ctx.home, '.pg_service.conf'));
  const sys = getVar(run, 'PGSYSCONFDIR')?.value;
  // Without PGSYSCONFDIR libpq uses its build's sysconfdir: these are the usual ones.
  if (sys) files.push(join(sys, 'pg_service.conf'));
  else files.push('/etc/postgresql-common/pg_service.conf', '/etc/pg_service.conf', '/usr/local/etc/pg_service.conf', '/opt/homebrew/etc/pg_service.conf');
  for (const f of files) {
    const section = readIni(f)?.get(name);
    if (section) return { values: section, file: showPath(f, run.ctx, run.cwd) };
  }
  return undefined;
}
