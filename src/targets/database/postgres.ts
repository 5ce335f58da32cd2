// PostgreSQL (libpq): conninfo/URL, then -h/-p/-d, then a service, then PG* variables.
import { join } from 'node:path';
import { readIni } from '../ini.js';
import { readText } from '../cache.js';
import { absPath, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, positionals, showFlag, showVar, type Run } from '../run.js';
import type { Word } from '../../parse/index.js';
import type { Candidate } from '../types.js';
import { parseConninfo, parseConnUrl, redactUrl } from '../url.js';
import { candidate, grammar, pgSocketDir, toolFlag, unknown } from './common.js';

/** What the command line, a service and PG* variables say so far; each step fills what is left. */
interface PgConn {
  host?: string | undefined;
  /** libpq connects to hostaddr when it is set; host then only names the server for TLS and passwords. */
  hostaddr?: string | undefined;
  port?: string | undefined;
  database?: string | undefined;
  url?: string | undefined;
  service?: string | undefined;
}

export function postgres(run: Run): Candidate {
  const ev: string[] = [];
  const c: PgConn = {};
  // Each step returns an unknown candidate when a value it needs is computed at run time.
  const failed = readConnArgs(run, c, ev) ?? readHostFlags(run, c, ev) ?? readService(run, c, ev) ?? readPgVars(run, c, ev);
  if (failed) return failed;
  const rc = psqlrcConnect(run);
  if (rc) return rc;
  let host = c.hostaddr ?? c.host;
  if (host === undefined || host === '') {
    host = pgSocketDir();
    ev.push(`no host given: ${run.name} connects over the local unix socket`);
    const dbUrl = getVar(run, 'DATABASE_URL');
    if (dbUrl) ev.push(`DATABASE_URL is set, but ${run.name} doesn't read it`);
  }
  // libpq accepts a comma-separated host list and tries them in order.
  const first = host.split(',')[0] ?? host;
  if (first !== host) ev.push(`several hosts: ${host}`);
  const out = candidate('postgres', { host: first, port: c.port, database: c.database, url: c.url }, ev);
  const made = madeByLine(run);
  if (made) {
    out.facts['ephemeral'] = 'a database this line created';
    out.evidence.push(`\`${made}\` succeeded earlier on this line, so the database wasn't there before it`);
  }
  return out;
}

// The options that pick the server, the user and the maintenance database (pgConn in builtin.ts).
const CONN_OPTS = [['-h', '--host'], ['-p', '--port'], ['-U', '--username'], ['--maintenance-db']];

/** `createdb app_tmp && psql -d app_tmp -f db/schema.sql && dropdb app_tmp`: dropdb of a database
 *  an earlier `createdb` of the line surely made (`&&` or set -e: it succeeded, so no database of
 *  that name was there before), with the same server options and PG* variables, every word
 *  literal. Not after `;` (createdb failing because the database exists is what `;` ignores), not
 *  in a trap, not after `createdb --help`, nor through a wrapper (ssh, docker exec: another
 *  machine's server) (rt25fp2). */
function madeByLine(run: Run): string | undefined {
  const inv = run.inv;
  if (run.name === 'psql') return psqlMadeByLine(run);
  if (run.name !== 'dropdb' || inv.via || run.assign.size || inv.argv.some((w) => w.dynamic)) return undefined;
  // A trap's code runs at exit whether or not createdb succeeded (set -e exits into it).
  if (inv.origin.some((o) => String(o).includes('trap'))) return undefined;
  const dropped = positionals(run.args, grammar('dropdb'));
  const name = dropped[0]?.value;
  if (!name || dropped.length !== 1) return undefined;
  const conn = (tool: string, args: Word[]): string => CONN_OPTS.map((o) => `${o[0]}=${flag(args, o, args.length, grammar(tool))?.value ?? ''}`).join(' ');
  const pgVars = (vars: Readonly<Record<string, string | undefined>>): string => Object.keys(vars).filter((k) => k.startsWith('PG')).sort().map((k) => `${k}=${vars[k]}`).join(' ');
  // A service's file may be rewritten between the two: which server it names isn't compared.
  if (inv.unknownVars?.some((v) => v === '*' || v.startsWith('PG')) || inv.vars['PGSERVICE'] || inv.vars['PGSERVICEFILE']) return undefined;
  for (const prev of inv.succeeded ?? []) {
    if (prev.name !== 'createdb' || prev.via || prev.argv.some((w) => w.dynamic) || !/^createdb(\s|$)/.test(prev.text.trim())) continue;
    if (prev.unknownVars?.some((v) => v === '*' || v.startsWith('PG'))) continue;
    const args = prev.argv.slice(1);
    // `createdb --help app` prints its help and creates nothing.
    if (args.some((w) => /^(--help|-\?|-V|--version)$/.test(w.value))) continue;
    const made = positionals(args, grammar('createdb'));
    if (made[0]?.value !== name || made.length > 2) continue;
    if (conn('createdb', args) !== conn('dropdb', run.args) || pgVars(prev.vars) !== pgVars(inv.vars)) continue;
    return prev.text.trim();
  }
  return undefined;
}

/** `psql -c 'CREATE DATABASE x' && … && psql -c 'DROP DATABASE x'`: as createdb && dropdb
 *  (madeByLine), with SQL: a psql whose only statement (its one -c) drops database x, after a
 *  psql that had to succeed whose only statement created x, both with the same words otherwise
 *  (server, user, database, flags) and the same PG* variables, every word literal (rt26k). */
function psqlMadeByLine(run: Run): string | undefined {
  const inv = run.inv;
  if (inv.via || run.assign.size || inv.argv.some((w) => w.dynamic) || inv.stdin?.kind === 'heredoc' || inv.stdin?.kind === 'herestring') return undefined;
  if (inv.origin.some((o) => String(o).includes('trap'))) return undefined;
  if (inv.unknownVars?.some((v) => v === '*' || v.startsWith('PG')) || inv.vars['PGSERVICE'] || inv.vars['PGSERVICEFILE']) return undefined;
  const one = (args: Word[], re: RegExp): { name: string; rest: string } | undefined => {
    const cs = args.flatMap((w, i) => (w.value === '-c' || w.value === '--command' ? [i] : /^(-c.|--command=)/.test(w.value) ? [-1] : []));
    if (cs.length !== 1 || cs[0]! < 0 || args.some((w) => /^(-f|--file)(=|$)|^-[a-zA-Z]*f|^--single-transaction$|^-1$|^--help$|^-\?$|^-V$|^--version$/.test(w.value))) return undefined;
    const m = re.exec(args[cs[0]! + 1]?.value ?? '');
    if (!m) return undefined;
    const name = m[2] ? m[2] : m[3]!.toLowerCase();
    return { name, rest: JSON.stringify(args.filter((_, i) => i !== cs[0] && i !== cs[0]! + 1).map((w) => w.value)) };
  };
  const drop = one(run.args, /^\s*DROP\s+DATABASE\s+(IF\s+EXISTS\s+)?(?:"([\w-]+)"|([A-Za-z_]\w*))\s*;?\s*$/i);
  if (!drop) return undefined;
  const pgVars = (vars: Readonly<Record<string, string | undefined>>): string => Object.keys(vars).filter((k) => k.startsWith('PG')).sort().map((k) => `${k}=${vars[k]}`).join(' ');
  const conn = (tool: string, args: Word[]): string => CONN_OPTS.map((o) => `${o[0]}=${flag(args, o, args.length, grammar(tool))?.value ?? ''}`).join(' ');
  for (const prev of inv.succeeded ?? []) {
    // `createdb NAME && … && psql -c 'DROP DATABASE NAME'` with the same server options.
    if (prev.name === 'createdb' && !prev.via && !prev.argv.some((w) => w.dynamic) && /^createdb(\s|$)/.test(prev.text.trim()) && !prev.assignments.length && prev.cwd === inv.cwd) {
      const args = prev.argv.slice(1);
      if (prev.unknownVars?.some((v) => v === '*' || v.startsWith('PG')) || pgVars(prev.vars) !== pgVars(inv.vars) || args.some((w) => /^(--help|-\?|-V|--version)$/.test(w.value))) continue;
      const made = positionals(args, grammar('createdb'));
      if (made.length <= 2 && made[0]?.value === drop.name && conn('createdb', args) === conn('psql', run.args)) return prev.text.trim();
      continue;
    }
    if (prev.name !== 'psql' || prev.via || prev.argv.some((w) => w.dynamic) || !/^psql(\s|$)/.test(prev.text.trim()) || prev.assignments.length) continue;
    if (prev.unknownVars?.some((v) => v === '*' || v.startsWith('PG')) || pgVars(prev.vars) !== pgVars(inv.vars) || prev.cwd !== inv.cwd) continue;
    const made = one(prev.argv.slice(1), /^\s*CREATE\s+DATABASE\s+()(?:"([\w-]+)"|([A-Za-z_]\w*))(\s+[^;]*)?;?\s*$/i);
    if (made && made.name === drop.name && made.rest === drop.rest) return prev.text.trim();
  }
  return undefined;
}

/** -d or the database argument: a URL, a conninfo string or a database name. */
function readConnArgs(run: Run, c: PgConn, ev: string[]): Candidate | undefined {
  const a = run.args;
  const tool = run.name;
  const valueFlags = grammar(tool);
  const pos = positionals(a, valueFlags);
  // Which positional (if any) is a database name or connection string.
  const dFlag = toolFlag(run, ['-d', '--dbname']) ?? (tool === 'dropdb' || tool === 'createdb' ? toolFlag(run, ['--maintenance-db']) : undefined);
  // With -d given, psql's first positional is the user name.
  const dbPos = tool === 'pg_restore' || tool === 'pg_dumpall' || tool === 'pg_isready' || (dFlag && tool === 'psql') ? undefined : pos[0];

  const conn = [dFlag, dbPos ? { value: dbPos.value, dynamic: dbPos.dynamic, flag: 'argument' } : undefined];
  for (const f of conn) {
    if (!f) continue;
    if (f.dynamic) return unknown('postgres', [dynamicNote(`the connection ${f.flag === 'argument' ? 'argument' : f.flag}`)]);
    const ep = /^postgres(ql)?:\/\//i.test(f.value) ? parseConnUrl(f.value) : undefined;
    const ci = ep ? undefined : parseConninfo(f.value);
    if (ep) {
      c.url = f.value;
      if (ep.host) c.host = ep.host;
      const addr = /[?&]hostaddr=([^&#]+)/.exec(f.value)?.[1];
      if (addr) c.hostaddr = decodeURIComponent(addr);
      c.port = ep.port ?? c.port;
      c.database = ep.database ?? c.database;
      ev.push(`connection URL ${redactUrl(f.value)} (${f.flag === 'argument' ? 'argument' : 'flag'})`);
    } else if (ci) {
      c.host = ci['host'] ?? c.host;
      c.hostaddr = ci['hostaddr'] ?? c.hostaddr;
      c.port = ci['port'] ?? c.port;
      c.database = ci['dbname'] ?? c.database;
      c.service = ci['service'];
      ev.push(`connection string ${f.value.replace(/password=\S+/i, 'password=***')} (${f.flag === 'argument' ? 'argument' : 'flag'})`);
    } else if (c.database === undefined) {
      c.database = f.value;
    }
  }
  if (tool === 'dropdb' || tool === 'createdb') c.database = pos[0]?.value ?? c.database;
  return undefined;
}

function readHostFlags(run: Run, c: PgConn, ev: string[]): Candidate | undefined {
  const hFlag = toolFlag(run, ['-h', '--host']);
  if (c.host === undefined && hFlag) {
    if (hFlag.dynamic) return unknown('postgres', [dynamicNote(hFlag.flag)]);
    c.host = hFlag.value;
    ev.push(showFlag(hFlag));
  }
  c.port ??= toolFlag(run, ['-p', '--port'])?.value;
  return undefined;
}

// A service (conninfo service= or PGSERVICE) fills what the command line left out, before PG*.
function readService(run: Run, c: PgConn, ev: string[]): Candidate | undefined {
  const svcVar = getVar(run, 'PGSERVICE');
  c.service ??= svcVar?.value;
  const service = c.service;
  if (!service) return undefined;
  const svc = pgService(run, service);
  if (svc) {
    if (c.host === undefined && svc.values['host']) {
      c.host = svc.values['host'];
      ev.push(`service ${service} in ${svc.file}: host ${c.host}`);
    }
    if (c.hostaddr === undefined && svc.values['hostaddr']) {
      c.hostaddr = svc.values['hostaddr'];
      ev.push(`service ${service} in ${svc.file}: hostaddr ${c.hostaddr}`);
    }
    c.port ??= svc.values['port'];
    c.database ??= svc.values['dbname'];
  } else if (c.host === undefined) {
    // libpq fails without it, unless it is in a file countersign doesn't know: fail closed.
    // The service's name is still a name people choose (`service=prod`): evidence of its environment.
    return { facts: { 'app-env': service }, evidence: [`service ${service} not found in any pg_service.conf countersign reads`], resource: `postgres service ${service}` };
  }
  return undefined;
}

function readPgVars(run: Run, c: PgConn, ev: string[]): Candidate | undefined {
  // Each variable fills its own keyword when the command line and service left it out.
  for (const name of ['PGHOSTADDR', 'PGHOST'] as const) {
    const key = name === 'PGHOST' ? 'host' : 'hostaddr';
    const v = c[key] === undefined ? getVar(run, name) : undefined;
    if (v) {
      if (v.dynamic) return unknown('postgres', [dynamicNote(name)]);
      c[key] = v.value;
      ev.push(showVar(name, v));
    }
  }
  c.port ??= getVar(run, 'PGPORT')?.value;
  if (c.database === undefined) {
    const v = getVar(run, 'PGDATABASE');
    if (v) c.database = v.value;
  }
  return undefined;
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

/** psql runs ~/.psqlrc (or $PSQLRC) before -c and -f (since 9.6) unless -X: a `\connect` there
 *  (perhaps written earlier on the line) is where the commands after it go. */
function psqlrcConnect(run: Run): Candidate | undefined {
  if (run.name !== 'psql' || run.args.some((w) => w.value === '-X' || w.value === '--no-psqlrc' || /^-[a-zA-Z]*X/.test(w.value))) return undefined;
  const v = getVar(run, 'PSQLRC');
  if (v?.dynamic) return unknown('postgres', [dynamicNote('PSQLRC')]);
  const file = (v?.value && absPath(v.value, run.cwd, run.ctx.home)) || (run.ctx.home ? join(run.ctx.home, '.psqlrc') : undefined);
  const text = file ? readText(file) : undefined;
  if (!file || text === undefined) return undefined;
  const m = /^\s*\\c(?:onnect)?\s+(.*)$/m.exec(text);
  if (!m) return undefined;
  const shown = showPath(file, run.ctx, run.cwd);
  const arg = m[1]!.trim().replace(/^'(.*)'$/, '$1');
  const ep = parseConnUrl(arg);
  const host = ep?.host ?? parseConninfo(arg)?.['host'];
  const ev = [`${shown} connects first (\\connect ${arg.replace(/password=\S+/g, 'password=…')}): psql runs it before -c and -f`];
  if (!host) return unknown('postgres', [...ev, 'where it connects can\'t be read from it']);
  return candidate('postgres', { host, database: ep?.database ?? parseConninfo(arg)?.['dbname'] }, ev);
}
