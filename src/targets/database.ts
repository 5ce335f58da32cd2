// Databases: which server (or file) a database tool would connect to, read the way that tool
// reads it: its flags, its variables, its option files and the .env files it loads itself.
import { dirname, join } from 'node:path';
import { isDir, isFile, listDir, readJson, readText } from './cache.js';
import { lookupEnv, placeFiles, readDotenv, runnerEnvFiles, frameworkEnvFiles, envNames, usesFramework, type EnvFiles, type EnvHit } from './dotenv.js';
import { readIni } from './ini.js';
import { absPath, findUp, showPath } from './paths.js';
import { dynamicNote, flag, getVar, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { looksLikeDbUrl, parseConninfo, parseConnUrl, redactUrl } from './url.js';
import { yaml } from '../lazy.js';
import { BUILTIN, type OptionGrammar } from '../programs/index.js';

const PG_TOOLS = new Set(['psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'dropdb', 'createdb', 'dropuser', 'createuser', 'vacuumdb', 'reindexdb', 'clusterdb', 'pgbench', 'pg_isready', 'pgcli']);
const MYSQL_TOOLS = new Set(['mysql', 'mariadb', 'mysqldump', 'mariadb-dump', 'mysqladmin', 'mariadb-admin', 'mysqlimport', 'mysqlpump', 'mysqlcheck', 'mycli']);
const REDIS_TOOLS = new Set(['redis-cli', 'valkey-cli', 'keydb-cli']);
const MONGO_TOOLS = new Set(['mongosh', 'mongo', 'mongodump', 'mongorestore', 'mongoimport', 'mongoexport', 'mongofiles']);
const SQLITE_TOOLS = new Set(['sqlite3', 'sqlite', 'litecli']);

/** Program names that act on a database, for targetKindFor. */
export const DATABASE_TOOLS = new Set([
  ...PG_TOOLS, ...MYSQL_TOOLS, ...REDIS_TOOLS, ...MONGO_TOOLS, ...SQLITE_TOOLS, 'mysqlsh',
  'prisma', 'rails', 'drizzle-kit', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'mikro-orm', 'node-pg-migrate',
  'db-migrate', 'dbmate', 'sqlx', 'diesel', 'migrate', 'atlas', 'goose', 'flyway', 'liquibase', 'alembic', 'kysely',
]);

export function resolveDatabase(run: Run): Candidate[] {
  const n = run.name;
  if (PG_TOOLS.has(n)) return [postgres(run)];
  if (MYSQL_TOOLS.has(n)) return [mysql(run)];
  if (REDIS_TOOLS.has(n)) return [redis(run)];
  if (MONGO_TOOLS.has(n)) return [mongo(run)];
  if (SQLITE_TOOLS.has(n)) return [sqlite(run)];
  if (n === 'prisma') return prisma(run);
  if (n === 'rails' || n === 'rake') return rails(run);
  return generic(run);
}

interface Parts {
  host?: string;
  port?: string;
  database?: string;
  url?: string;
  sqlite?: string;
}

function candidate(engine: string, p: Parts, evidence: string[], more: Partial<Candidate> = {}): Candidate {
  const facts: Record<string, string> = {};
  if (p.host) facts['host'] = p.host;
  if (p.port) facts['port'] = p.port;
  if (p.database) facts['database'] = p.database;
  if (p.url) facts['url'] = redactUrl(p.url);
  if (p.sqlite) facts['sqlite-file'] = p.sqlite;
  const where = p.sqlite ?? `${p.host ?? '?'}${p.port ? `:${p.port}` : ''}${p.database ? `/${p.database}` : ''}`;
  return { ...more, facts: { ...facts, ...more.facts }, evidence, resource: `${engine} ${where}` };
}

function unknown(engine: string, evidence: string[]): Candidate {
  return { facts: {}, evidence, resource: engine, environment: 'unknown' };
}

const ENGINE_BY_SCHEME: Record<string, string> = {
  postgres: 'postgres', postgresql: 'postgres', cockroachdb: 'postgres', 'prisma+postgres': 'postgres',
  mysql: 'mysql', mysql2: 'mysql', mariadb: 'mysql', mongodb: 'mongodb', 'mongodb+srv': 'mongodb',
  redis: 'redis', rediss: 'redis', valkey: 'redis', sqlserver: 'sqlserver', mssql: 'sqlserver',
};

/** A candidate from a connection URL; `base` resolves relative sqlite paths. */
function fromUrl(raw: string, evidence: string[], run: Run, base: string | undefined, more: Partial<Candidate> = {}): Candidate {
  const url = raw.replace(/^jdbc:/i, '');
  const file = /^(?:file|sqlite3?):(?:\/\/)?(.*)$/i.exec(url);
  if (file) {
    const rel = (file[1] ?? '').split('?')[0] ?? '';
    const path = absPath(rel, base, run.ctx.home);
    if (!path) return unknown('sqlite', [...evidence, `sqlite path ${rel} is relative to a directory that can't be known`]);
    return candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, evidence, more);
  }
  const ep = parseConnUrl(url.split(';')[0] ?? url);
  if (!ep) return unknown('database', [...evidence, `${redactUrl(raw)} is not a connection URL countersign can read`]);
  const engine = ENGINE_BY_SCHEME[ep.scheme] ?? ep.scheme;
  let host = ep.host;
  const notes = [...evidence];
  if (host === '') {
    host = engine === 'postgres' ? pgSocketDir() : 'localhost';
    notes.push(engine === 'postgres' ? 'the URL names no host: libpq uses the local unix socket' : 'the URL names no host: localhost');
  }
  if (ep.hosts.length > 1) notes.push(`several hosts: ${ep.hosts.join(', ')}`);
  return candidate(engine, { host, port: ep.port, database: ep.database, url }, notes, more);
}

function pgSocketDir(): string {
  return process.platform === 'darwin' ? '/tmp' : '/var/run/postgresql';
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (libpq): conninfo/URL, then -h/-p/-d, then a service, then PG* variables.

// Which options take values: the program registry's entries (src/programs/builtin.ts).
const grammar = (tool: string): OptionGrammar => BUILTIN[tool] ?? {};

function postgres(run: Run): Candidate {
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

// ---------------------------------------------------------------------------------------------
// MySQL / MariaDB: flags, then option files, then MYSQL_HOST (the client reads the variable only
// when nothing else names a host), then localhost, which means the unix socket.

function mysql(run: Run): Candidate {
  const a = run.args;
  const ev: string[] = [];
  const tool = run.name;
  const uri = tool === 'mycli' ? positionals(a, grammar(tool)).find((p) => /^mysql:\/\//i.test(p.value)) : undefined;
  if (uri) return fromUrl(uri.value, [`connection URL ${redactUrl(uri.value)} (argument)`], run, run.cwd);

  let host: string | undefined;
  let socket: string | undefined;
  const pos = positionals(a, grammar(tool));
  let database = flag(a, ['-D', '--database'])?.value;
  if (tool === 'mysqladmin' || tool === 'mariadb-admin') {
    const i = pos.findIndex((p) => p.value === 'drop' || p.value === 'create');
    if (i >= 0) database = pos[i + 1]?.value ?? database;
  } else {
    database ??= pos[0]?.value;
  }
  const h = flag(a, ['-h', '--host']);
  if (h) {
    if (h.dynamic) return unknown('mysql', [dynamicNote(h.flag)]);
    host = h.value;
    ev.push(showFlag(h));
  }
  const s = flag(a, ['-S', '--socket']);
  if (s) socket = s.value;
  const port = flag(a, ['-P', '--port'])?.value;

  if (host === undefined && socket === undefined) {
    const fromFiles = mysqlOptionFiles(run);
    if (fromFiles) {
      host = fromFiles.host;
      socket = fromFiles.socket;
      ev.push(...fromFiles.evidence);
    }
  }
  if (host === undefined && socket === undefined) {
    const v = getVar(run, 'MYSQL_HOST');
    if (v) {
      host = v.value;
      ev.push(showVar('MYSQL_HOST', v));
    }
  }
  let guessed = false;
  if (host === undefined && socket === undefined) {
    if (isFile(join(run.ctx.home, '.mylogin.cnf'))) {
      guessed = true;
      ev.push('~/.mylogin.cnf is encrypted and may name another host');
    }
    ev.push(`no host given: ${tool} connects to localhost over the unix socket`);
    host = 'localhost';
  }
  if (host === 'localhost' && socket === undefined) socket = getVar(run, 'MYSQL_UNIX_PORT')?.value;
  return candidate('mysql', { host: socket && (host === undefined || host === 'localhost') ? socket : host, port, database }, ev, { guessed });
}

function mysqlOptionFiles(run: Run): { host?: string; socket?: string; evidence: string[] } | undefined {
  const a = run.args;
  const only = flag(a, ['--defaults-file']);
  const extra = flag(a, ['--defaults-extra-file']);
  const loginPath = flag(a, ['--login-path']);
  if (loginPath) return { evidence: [`--login-path ${loginPath.value} is stored encrypted in ~/.mylogin.cnf: its host can't be read`], host: undefined };
  const files = only
    ? [absPath(only.value, run.cwd, run.ctx.home)]
    : [...(extra ? [absPath(extra.value, run.cwd, run.ctx.home)] : []), join(run.ctx.home, '.my.cnf')];
  const groups = ['client', 'mysql', run.name === 'mysqldump' || run.name === 'mariadb-dump' ? 'mysqldump' : run.name, 'client-mariadb', 'mariadb'];
  // Later files and later groups override earlier ones; ~/.my.cnf is read last.
  let host: string | undefined;
  let socket: string | undefined;
  let where = '';
  for (const f of files) {
    if (!f) continue;
    const ini = readIni(f);
    if (!ini) continue;
    for (const g of groups) {
      const sec = ini.get(g);
      if (sec?.['host']) { host = sec['host']; where = `host ${host} in ${showPath(f, run.ctx, run.cwd)} [${g}]`; }
      if (sec?.['socket']) socket = sec['socket'];
    }
  }
  if (host === undefined && socket === undefined) return undefined;
  return { host, socket, evidence: where ? [where] : [`socket ${socket} in an option file`] };
}

// ---------------------------------------------------------------------------------------------

function redis(run: Run): Candidate {
  const a = run.args;
  const u = flag(a, ['-u']);
  const h = flag(a, ['-h']);
  const s = flag(a, ['-s']);
  const p = flag(a, ['-p'])?.value;
  const n = flag(a, ['-n'])?.value;
  for (const f of [u, h, s]) if (f?.dynamic) return unknown('redis', [dynamicNote(f.flag)]);
  if (s) return candidate('redis', { host: s.value, database: n }, [showFlag(s)]);
  if (h) return candidate('redis', { host: h.value, port: p, database: n }, [showFlag(h)]);
  if (u) return fromUrl(u.value, [`-u ${redactUrl(u.value)} (flag)`], run, run.cwd);
  return candidate('redis', { host: '127.0.0.1', port: p ?? '6379', database: n }, [`no host given: ${run.name} connects to 127.0.0.1`]);
}

function mongo(run: Run): Candidate {
  const a = run.args;
  const uriFlag = flag(a, ['--uri']);
  const pos = positionals(a, grammar(run.name));
  const first = pos[0];
  const uri = uriFlag ?? (first && /^mongodb(\+srv)?:\/\//i.test(first.value) ? { value: first.value, dynamic: first.dynamic, flag: 'argument' } : undefined);
  if (uri) {
    if (uri.dynamic) return unknown('mongodb', [dynamicNote('the connection string')]);
    return fromUrl(uri.value, [`connection URL ${redactUrl(uri.value)} (${uri.flag === 'argument' ? 'argument' : 'flag'})`], run, run.cwd);
  }
  const h = flag(a, ['--host', '-h']);
  const port = flag(a, ['--port'])?.value;
  let db = flag(a, ['-d', '--db'])?.value;
  if (h) {
    if (h.dynamic) return unknown('mongodb', [dynamicNote(h.flag)]);
    // --host rs0/a:27017,b:27017
    const list = h.value.includes('/') ? h.value.slice(h.value.indexOf('/') + 1) : h.value;
    const host = (list.split(',')[0] ?? list).split(':')[0] ?? list;
    return candidate('mongodb', { host, port, database: db }, [showFlag(h)]);
  }
  if (run.name === 'mongosh' || run.name === 'mongo') {
    // `mongosh host:port/db` or `mongosh db`
    if (first && !first.value.endsWith('.js')) {
      const m = /^([^/]+)\/(.*)$/.exec(first.value);
      if (m) return candidate('mongodb', { host: (m[1] ?? '').split(':')[0], database: m[2] }, [`address ${first.value} (argument)`]);
      db = first.value;
    }
  }
  return candidate('mongodb', { host: 'localhost', port: port ?? '27017', database: db }, [`no host given: ${run.name} connects to localhost`]);
}

function sqlite(run: Run): Candidate {
  const pos = positionals(run.args, grammar(run.name));
  const file = pos[0];
  if (!file || file.value === ':memory:') return { facts: {}, evidence: ['no file: an in-memory database'], resource: 'sqlite :memory:', environment: 'local' };
  if (file.dynamic) return unknown('sqlite', [dynamicNote('the database file')]);
  const path = absPath(file.value, run.cwd, run.ctx.home);
  if (!path) return unknown('sqlite', [`sqlite file ${file.value} is relative to a working directory that can't be known`]);
  return candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, [`sqlite file ${file.value} (argument)`]);
}

// ---------------------------------------------------------------------------------------------
// Prisma: the schema's datasource names a variable (usually DATABASE_URL); Prisma loads .env from
// the project root and from next to the schema (the first of: --schema's folder, package.json's
// prisma.schema folder, ./prisma, .), and refuses to run when both define the same variable.

const PRISMA_CONFIGS = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs', '.config/prisma.ts'];

interface Datasource {
  provider?: string;
  url?: { env?: string; literal?: string };
  directUrl?: { env?: string; literal?: string };
  file: string;
}

function prisma(run: Run): Candidate[] {
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('prisma', ['the working directory can\'t be known, so neither the schema nor its .env can be found'])];
  const a = run.args;
  const urlFlag = flag(a, ['--url', '--to-url', '--from-url']);
  if (urlFlag) {
    if (urlFlag.dynamic) return [unknown('prisma', [dynamicNote(urlFlag.flag)])];
    return [fromUrl(urlFlag.value, [`${urlFlag.flag} ${redactUrl(urlFlag.value)} (flag)`], run, cwd)];
  }
  const schemaFlag = flag(a, ['--schema']);
  const pkgDir = findUp(cwd, (d) => isFile(join(d, 'package.json')) && (readJson(join(d, 'package.json')) as { name?: string } | undefined)?.name !== '.prisma/client');
  const pkgSchema = (() => {
    const pkg = readJson(join(cwd, 'package.json')) as { prisma?: { schema?: unknown } } | undefined;
    const s = pkg?.prisma?.schema;
    return typeof s === 'string' ? join(cwd, s) : undefined;
  })();
  const configFlag = flag(a, ['--config']);
  const config = configFlag ? absPath(configFlag.value, cwd, run.ctx.home) : PRISMA_CONFIGS.map((f) => join(cwd, f)).find(isFile);

  const schemaPath = schemaFlag ? absPath(schemaFlag.value, cwd, run.ctx.home) : pkgSchema ?? [join(cwd, 'prisma', 'schema.prisma'), join(cwd, 'schema.prisma'), join(cwd, 'prisma', 'schema')].find((p) => isFile(p) || isDir(p));
  const ev: string[] = [];
  const ds = schemaPath ? readDatasource(schemaPath) : undefined;
  if (schemaPath) ev.push(`schema ${showPath(schemaPath, run.ctx, cwd)}`);

  // .env files, as Prisma picks them.
  let envFiles: EnvFiles;
  let guessed = false;
  if (config) {
    // With a config file, the config (code) loads variables; Prisma no longer reads .env itself.
    // `import 'dotenv/config'` is the usual line, which loads ./.env.
    guessed = true;
    ev.push(`${showPath(config, run.ctx, cwd)} is code: assuming it loads .env as dotenv/config does`);
    envFiles = { files: [join(cwd, '.env')], loader: 'dotenv in the prisma config (assumed)' };
  } else {
    const root = pkgDir ? join(pkgDir, '.env') : undefined;
    const schemaEnvCandidates = [
      schemaFlag && schemaPath ? join(dirname(schemaPath), '.env') : undefined,
      pkgSchema ? join(dirname(pkgSchema), '.env') : undefined,
      join(cwd, 'prisma', '.env'),
      join(cwd, '.env'),
    ];
    const schemaEnv = schemaEnvCandidates.find((p) => p !== undefined && isFile(p));
    const files = [root, schemaEnv].filter((p): p is string => p !== undefined && isFile(p));
    envFiles = { files: [...new Set(files)], loader: 'prisma' };
  }
  const runner = runnerEnvFiles(run);

  const urlRef = ds?.directUrl ?? ds?.url;
  if (ds?.directUrl) ev.push('the datasource has a directUrl, which Prisma\'s CLI uses');
  if (urlRef?.literal) return [fromUrl(urlRef.literal, [...ev, `url ${redactUrl(urlRef.literal)} in the schema`], run, dirname(ds?.file ?? cwd), { guessed })];
  let varName = urlRef?.env;
  if (!varName) {
    varName = 'DATABASE_URL';
    guessed = true;
    ev.push(ds ? 'the schema names no url (set in prisma.config): assuming DATABASE_URL' : 'no Prisma schema found: assuming DATABASE_URL');
  }
  if (runner) {
    const hit = lookupEnv(run, varName, runner);
    if (hit?.file) return [hitCandidate(hit, run, ev, ds, guessed)];
  }
  const hit = lookupEnv(run, varName, envFiles);
  if (!hit) return [unknown('prisma', [...ev, `${varName} is not set in the environment or in any .env that prisma loads`])];
  // Both files define it: Prisma stops with "There is a conflict between env vars".
  if (!config && hit.file && envFiles.files.length === 2) {
    const other = envFiles.files.find((f) => f !== hit.file);
    const otherEntry = other ? readDotenv(other)?.get(varName) : undefined;
    if (other && otherEntry) {
      const note = `${varName} is in both ${envFiles.files.map((f) => showPath(f, run.ctx, cwd)).join(' and ')}: prisma refuses to run on the conflict`;
      const second = lookupEnv(run, varName, { ...envFiles, files: [other] });
      return [hitCandidate(hit, run, [...ev, note], ds, guessed), ...(second ? [hitCandidate(second, run, [...ev, note], ds, guessed)] : [])];
    }
  }
  return [hitCandidate(hit, run, ev, ds, guessed)];
}

function hitCandidate(hit: EnvHit, run: Run, ev: string[], ds: Datasource | undefined, guessed: boolean): Candidate {
  if (hit.dynamic) return unknown('database', [...ev, dynamicNote(hit.evidence)]);
  const base = ds?.provider === 'sqlite' && ds.file ? dirname(ds.file) : run.cwd;
  return fromUrl(hit.value, [...ev, hit.evidence], run, base, { guessed });
}

function readDatasource(schemaPath: string): Datasource | undefined {
  const files = isDir(schemaPath)
    ? listDir(schemaPath).filter((f) => f.endsWith('.prisma')).map((f) => join(schemaPath, f))
    : [schemaPath];
  for (const file of files) {
    const text = readText(file);
    if (!text) continue;
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text.replace(/\/\/.*$/gm, ''));
    if (!block) continue;
    const body = block[1] ?? '';
    const field = (name: string): { env?: string; literal?: string } | undefined => {
      const m = new RegExp(`^\\s*${name}\\s*=\\s*(?:env\\(\\s*"([^"]+)"\\s*\\)|"([^"]*)")`, 'm').exec(body);
      if (!m) return undefined;
      return m[1] !== undefined ? { env: m[1] } : { literal: m[2] ?? '' };
    };
    const provider = /^\s*provider\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    return { provider, url: field('url'), directUrl: field('directUrl'), file };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Rails: RAILS_ENV picks a section of config/database.yml; DATABASE_URL overrides it; the
// dotenv gem (when in the Gemfile) loads .env files first.

function rails(run: Run): Candidate[] {
  const a = run.args;
  if (run.name === 'rake' && !a.some((w) => w.value.startsWith('db:'))) {
    return [unknown('rake', ['this rake task is not a db: task countersign knows'])];
  }
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('rails', ['the working directory can\'t be known, so config/database.yml can\'t be found'])];
  const root = findUp(cwd, (d) => isFile(join(d, 'config', 'database.yml')) || isFile(join(d, 'Gemfile'))) ?? cwd;
  const ev: string[] = [];

  // rails db:drop RAILS_ENV=production works: rake reads NAME=value arguments into ENV.
  const argEnv = a.map((w) => /^RAILS_ENV=(.*)$/.exec(w.value)?.[1]).filter((x) => x !== undefined).pop();
  const eFlag = flag(a, ['-e', '--environment']);
  let env: string;
  if (argEnv !== undefined) { env = argEnv; ev.push(`RAILS_ENV=${env} (argument)`); }
  else if (eFlag) { env = eFlag.value; ev.push(showFlag(eFlag)); }
  else {
    const v = getVar(run, 'RAILS_ENV') ?? getVar(run, 'RACK_ENV');
    env = v?.value || 'development';
    ev.push(v ? showVar(getVar(run, 'RAILS_ENV') ? 'RAILS_ENV' : 'RACK_ENV', v) : 'RAILS_ENV not set: development');
  }
  const appEnv = { facts: { 'app-env': env } };

  const gemfile = readText(join(root, 'Gemfile')) ?? '';
  const files: EnvFiles | undefined = /['"]dotenv(-rails)?['"]/.test(gemfile)
    ? { files: frameworkEnvFiles(root, env), loader: 'dotenv-rails' }
    : undefined;
  const dbUrl = lookupEnv(run, 'DATABASE_URL', files);
  if (dbUrl) {
    if (dbUrl.dynamic) return [unknown('rails', [...ev, dynamicNote('DATABASE_URL')])];
    return [fromUrl(dbUrl.value, [...ev, dbUrl.evidence], run, root, appEnv)];
  }

  const ymlPath = join(root, 'config', 'database.yml');
  const text = readText(ymlPath);
  if (text === undefined) return [unknown('rails', [...ev, 'no config/database.yml and no DATABASE_URL'])];
  let dynamic = false;
  const yml = text
    .replace(/<%#[\s\S]*?%>/g, '')
    .replace(/<%=([\s\S]*?)%>/g, (_m, code: string) => {
      const r = erbValue(code, run, files);
      if (r === undefined) dynamic = true;
      return r ?? '';
    })
    .replace(/<%[\s\S]*?%>/g, '');
  let doc: unknown;
  try {
    doc = yaml().parse(yml, { merge: true, logLevel: 'silent' });
  } catch {
    return [unknown('rails', [...ev, 'config/database.yml could not be read'])];
  }
  let section = (doc as Record<string, unknown> | undefined)?.[env] as Record<string, unknown> | undefined;
  if (!section || typeof section !== 'object') return [unknown('rails', [...ev, `no ${env} section in config/database.yml`])];
  // Multi-database apps nest: production: { primary: {...}, cache: {...} }.
  if (!('adapter' in section) && !('url' in section) && !('database' in section)) {
    const inner = (section['primary'] ?? Object.values(section).find((x) => x && typeof x === 'object')) as Record<string, unknown> | undefined;
    if (inner) section = inner;
  }
  const s = (k: string): string | undefined => (section?.[k] === undefined || section[k] === null ? undefined : String(section[k]));
  const where = `${env} in config/database.yml`;
  if (dynamic && !s('url') && !s('host')) ev.push('config/database.yml computes values when Rails loads it');
  if (s('url')) return [fromUrl(s('url') ?? '', [...ev, `url in ${where}`], run, root, { ...appEnv, guessed: dynamic })];
  const adapter = s('adapter') ?? '';
  if (adapter.startsWith('sqlite')) {
    const db = s('database') ?? '';
    const path = absPath(db, root, run.ctx.home) ?? db;
    return [candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, cwd) }, [...ev, `sqlite3 database in ${where}`], appEnv)];
  }
  let host = s('host') ?? s('socket');
  if (!host) {
    host = adapter.startsWith('postgres') ? pgSocketDir() : 'localhost';
    ev.push(`no host in ${where}: the local ${adapter.startsWith('postgres') ? 'unix socket' : 'server'}`);
  } else {
    ev.push(`host ${host} in ${where}`);
  }
  return [candidate(adapter.startsWith('mysql') || adapter === 'trilogy' ? 'mysql' : 'postgres', { host, port: s('port'), database: s('database') }, ev, { ...appEnv, guessed: dynamic })];
}

// The common ERB in database.yml: ENV['X'], ENV.fetch('X') { 'd' }, ENV.fetch('X', 'd'), ENV['X'] || 'd'.
function erbValue(code: string, run: Run, files: EnvFiles | undefined): string | undefined {
  const name = /ENV(?:\.fetch\(\s*|\[\s*)['"]([A-Za-z_]\w*)['"]/.exec(code)?.[1];
  const def = /(?:\{\s*|,\s*|\|\|\s*)['"]([^'"]*)['"]\s*\}?\s*\)?\s*$/.exec(code.trim())?.[1];
  if (name) {
    const hit = lookupEnv(run, name, files);
    if (hit && !hit.dynamic) return hit.value;
    if (def !== undefined) return def;
    return undefined;
  }
  const lit = /^\s*['"]([^'"]*)['"]\s*$/.exec(code)?.[1];
  if (lit !== undefined) return lit;
  if (/^\s*\d+\s*$/.test(code)) return code.trim();
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Tools that take a URL, or read one from a variable. Tools that read a known variable and load
// .env themselves are exact; for tools whose config is code (drizzle, knex, typeorm) the usual
// variable is an assumption, so a local answer there is not trusted.

const URL_FLAGS = ['--url', '-u', '--database-url', '--db-url', '-database', '--database', '--uri', '--connection-string', '--conn', '-url'];

interface VarReader {
  vars: string[];
  /** .env names the tool loads from its directory, first wins; 'up' = nearest .env upward. */
  dotenv?: string[] | 'up';
}

const READERS: Record<string, VarReader> = {
  dbmate: { vars: ['DATABASE_URL'], dotenv: ['.env'] },
  sqlx: { vars: ['DATABASE_URL'], dotenv: 'up' },
  diesel: { vars: ['DATABASE_URL'], dotenv: 'up' },
  goose: { vars: ['GOOSE_DBSTRING'], dotenv: ['.env'] },
  flyway: { vars: ['FLYWAY_URL'] },
  liquibase: { vars: ['LIQUIBASE_COMMAND_URL'] },
  'node-pg-migrate': { vars: ['DATABASE_URL'] },
};

function generic(run: Run): Candidate[] {
  const a = run.args;
  const f = flag(a, URL_FLAGS);
  if (f) {
    if (f.dynamic) return [unknown(run.name, [dynamicNote(f.flag)])];
    if (looksLikeDbUrl(f.value.replace(/^jdbc:/i, '')) || /^(file|sqlite3?):/i.test(f.value)) {
      return [fromUrl(f.value, [`${f.flag} ${redactUrl(f.value)} (flag)`], run, run.cwd)];
    }
  }
  const urls = a.filter((w) => looksLikeDbUrl(w.value.replace(/^jdbc:/i, '')));
  if (urls.length > 0) {
    return urls.map((w) => (w.dynamic ? unknown(run.name, [dynamicNote('the connection URL')]) : fromUrl(w.value, [`connection URL ${redactUrl(w.value)} (argument)`], run, run.cwd)));
  }
  const reader = READERS[run.name];
  const runner = runnerEnvFiles(run);
  if (reader) {
    const files = readerFiles(run, reader);
    for (const v of reader.vars) {
      const hit = (runner && lookupEnv(run, v, runner)?.file ? lookupEnv(run, v, runner) : undefined) ?? lookupEnv(run, v, files);
      if (hit) return [hit.dynamic ? unknown(run.name, [dynamicNote(v)]) : fromUrl(hit.value, [hit.evidence], run, run.cwd)];
    }
  }
  return envUrlCandidates(run, runner);
}

function readerFiles(run: Run, r: VarReader): EnvFiles | undefined {
  if (!r.dotenv || run.cwd === undefined) return undefined;
  if (r.dotenv === 'up') {
    const dir = findUp(run.cwd, (d) => isFile(join(d, '.env')));
    return dir ? { files: [join(dir, '.env')], loader: run.name } : undefined;
  }
  return { files: placeFiles(run, r.dotenv), loader: run.name };
}

/**
 * DATABASE_URL and other *_URL variables that hold a database URL, from the command's
 * variables and the files its runner loads, else (as an assumption) ./.env. Every distinct one
 * is a candidate; the strictest decides.
 */
function envUrlCandidates(run: Run, runner: EnvFiles | undefined): Candidate[] {
  const tool = run.name || 'this command';
  let files = runner;
  let assumedFile = false;
  if (!files && run.cwd !== undefined) {
    // The tool's config is code; it usually loads .env the way the project's framework does.
    const fw = usesFramework(run.cwd);
    const mode = getVar(run, 'NODE_ENV')?.value || 'development';
    const names = fw ? frameworkEnvFiles(run.cwd, mode) : [join(run.cwd, '.env')];
    const present = names.filter((f) => isFile(f));
    if (present.length > 0) {
      files = { files: present, loader: fw ? `${fw}'s order, if the config loads it (assumed)` : `${tool}, if its config loads it (assumed)` };
      assumedFile = true;
    }
  }
  const names = envNames(run, files).filter((n) => n === 'DATABASE_URL' || /_(URL|URI|DSN)$/.test(n));
  names.sort((x, y) => (x === 'DATABASE_URL' ? -1 : y === 'DATABASE_URL' ? 1 : x.localeCompare(y)));
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const hit = lookupEnv(run, name, files);
    if (!hit || !looksLikeDbUrl(hit.value.replace(/^jdbc:/i, ''))) continue;
    if (seen.has(hit.value)) continue;
    seen.add(hit.value);
    const note = `assumed: ${tool} connects with ${name}; its configuration is code countersign doesn't run`;
    out.push(hit.dynamic ? unknown(tool, [dynamicNote(name)]) : fromUrl(hit.value, [hit.evidence, note], run, run.cwd, { guessed: true }));
  }
  if (out.length === 0) {
    return [unknown(tool, [`${tool}: no database URL in its arguments, its variables${assumedFile ? ' or ./.env' : ''}`])];
  }
  return out;
}
