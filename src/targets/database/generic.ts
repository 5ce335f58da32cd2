// Tools that take a URL, or read one from a variable. Tools that read a known variable and load
// .env themselves are exact; for tools whose config is code (drizzle, knex, typeorm) the usual
// variable is an assumption, so a local answer there is not trusted.
import { join } from 'node:path';
import { isFile, readText } from '../cache.js';
import { absPath, showPath } from '../paths.js';
import { lookupEnv, placeFiles, runnerEnvFiles, frameworkEnvFiles, envNames, usesFramework, type EnvFiles } from '../dotenv.js';
import { findUp } from '../paths.js';
import { dynamicNote, flag, getVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { looksLikeDbUrl, redactUrl } from '../url.js';
import { candidate, fromUrl, grammar, toolFlag, unknown } from './common.js';
import { positionals, showVar } from '../run.js';
import { table } from '../../own.js';

const URL_FLAGS = ['--url', '-u', '--database-url', '--db-url', '-database', '--database', '--uri', '--connection-string', '--conn', '-url'];

interface VarReader {
  vars: string[];
  /** .env names the tool loads from its directory, first wins; 'up' = nearest .env upward. */
  dotenv?: string[] | 'up';
}

const READERS: Record<string, VarReader> = table({
  dbmate: { vars: ['DATABASE_URL'], dotenv: ['.env'] },
  sqlx: { vars: ['DATABASE_URL'], dotenv: 'up' },
  diesel: { vars: ['DATABASE_URL'], dotenv: 'up' },
  goose: { vars: ['GOOSE_DBSTRING'], dotenv: ['.env'] },
  flyway: { vars: ['FLYWAY_URL'] },
  liquibase: { vars: ['LIQUIBASE_COMMAND_URL'] },
  'node-pg-migrate': { vars: ['DATABASE_URL'] },
});

/** The database a URL option or argument on the line names (none: []). Also read for a tool run
 *  from its container image (`docker run flyway/flyway -url=...`): the URL is where it connects. */
export function urlGiven(run: Run): Candidate[] {
  const a = run.args;
  const f = flag(a, URL_FLAGS);
  if (f) {
    if (f.dynamic) return [unknown(run.name, [dynamicNote(f.flag)])];
    // An in-memory JDBC database (`flyway -url=jdbc:h2:mem:test clean`) lives only as long as the
    // run: nothing is kept. Other JDBC URLs this can't read name some server: unknown.
    if (/^jdbc:(h2:mem:|hsqldb:mem:|derby:memory:|sqlite::memory:)/i.test(f.value)) {
      const c = candidate('jdbc', { database: f.value }, [`${f.flag} ${f.value} (flag)`, 'an in-memory database that lives only for this run']);
      c.facts['ephemeral'] = 'in-memory database';
      c.environment = 'local';
      return [c];
    }
    if (/^jdbc:/i.test(f.value) && !looksLikeDbUrl(f.value.replace(/^jdbc:/i, '')) && !/^jdbc:(file|sqlite3?):/i.test(f.value)) return [unknown(run.name, [`${f.flag} ${f.value}: a JDBC URL countersign doesn't read`])];
    if (looksLikeDbUrl(f.value.replace(/^jdbc:/i, '')) || /^(jdbc:)?(file|sqlite3?):/i.test(f.value)) {
      return [fromUrl(f.value, [`${f.flag} ${redactUrl(f.value)} (flag)`], run, run.cwd)];
    }
    // A plain path to a SQLite file (diesel, sqlx and dbmate take one for their sqlite backend).
    if (/^[^:]*\.(db|sqlite3?)$/i.test(f.value)) return [fromUrl(`sqlite:${f.value}`, [`${f.flag} ${f.value} (flag)`], run, run.cwd)];
  }
  const urls = a.filter((w) => looksLikeDbUrl(w.value.replace(/^jdbc:/i, '')) || /^(jdbc:)?sqlite3?:\/\//i.test(w.value));
  return urls.map((w) => (w.dynamic ? unknown(run.name, [dynamicNote('the connection URL')]) : fromUrl(w.value, [`connection URL ${redactUrl(w.value)} (argument)`], run, run.cwd)));
}

export function generic(run: Run): Candidate[] {
  const given = urlGiven(run);
  if (given.length) return given;
  if (run.name === 'sequelize' || run.name === 'sequelize-cli') {
    const s = sequelizeConfig(run);
    if (s) return s;
  }
  if (run.name === 'goose') {
    const g = gooseArgs(run);
    if (g) return g;
  }
  const reader = READERS[run.name];
  const runner = runnerEnvFiles(run);
  if (reader) {
    const files = readerFiles(run, reader);
    for (const v of reader.vars) {
      const hit = (runner && lookupEnv(run, v, runner)?.file ? lookupEnv(run, v, runner) : undefined) ?? lookupEnv(run, v, files);
      if (hit) return [hit.dynamic ? unknown(run.name, [dynamicNote(v)]) : fromUrl(dsnUrl(hit.value) ?? hit.value, [hit.evidence], run, run.cwd)];
    }
  }
  if (run.name === 'liquibase') {
    const props = liquibaseProperties(run);
    if (props) return props;
  }
  const byHost = hostClient(run);
  if (byHost) return [byHost];
  return envUrlCandidates(run, runner);
}

/** sequelize-cli's config file (`--config`, else config/config.json beside no .sequelizerc): the
 *  block of its environment (`--env`, else NODE_ENV, else development), with its host and
 *  database, `url`, or `use_env_variable`. A config that is code (.js, a .sequelizerc) is not read. */
function sequelizeConfig(run: Run): Candidate[] | undefined {
  if (run.cwd === undefined) return undefined;
  const cfgFlag = flag(run.args, ['--config']);
  if (cfgFlag?.dynamic) return [unknown('sequelize', [dynamicNote(cfgFlag.flag)])];
  if (!cfgFlag && isFile(join(run.cwd, '.sequelizerc'))) return [unknown('sequelize', ['.sequelizerc is code that may name another config: not read'])];
  const file = absPath(cfgFlag?.value ?? 'config/config.json', run.cwd, run.ctx.home);
  if (!file || !/\.json$/i.test(file)) return cfgFlag ? [unknown('sequelize', [`${cfgFlag.flag} ${cfgFlag.value} is code countersign doesn't run`])] : undefined;
  const text = readText(file);
  if (text === undefined) return cfgFlag ? [unknown('sequelize', [`${cfgFlag.flag} ${cfgFlag.value} can't be read`])] : undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [unknown('sequelize', [`${showPath(file, run.ctx, run.cwd)} is not JSON`])];
  }
  const envFlag = flag(run.args, ['--env']);
  const nodeEnv = getVar(run, 'NODE_ENV');
  if (envFlag?.dynamic) return [unknown('sequelize', [dynamicNote(envFlag.flag)])];
  if (!envFlag && nodeEnv?.dynamic) return [unknown('sequelize', [dynamicNote('NODE_ENV')])];
  const env = envFlag?.value ?? (nodeEnv?.value || 'development');
  const how = envFlag ? `${envFlag.flag} ${env} (flag)` : nodeEnv?.value ? showVar('NODE_ENV', nodeEnv) : 'no --env or NODE_ENV: development';
  const shown = showPath(file, run.ctx, run.cwd);
  const block = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[env] : undefined;
  if (!block || typeof block !== 'object') return [unknown('sequelize', [how, `no ${env} block in ${shown}`])];
  const b = block as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : typeof b[k] === 'number' ? String(b[k]) : undefined);
  const where = `${env} in ${shown}`;
  const useVar = str('use_env_variable');
  if (useVar) {
    const hit = lookupEnv(run, useVar, undefined);
    if (!hit) return [{ ...unknown('sequelize', [how, `${where} uses ${useVar}, which is not set`]), unset: true }];
    return [hit.dynamic ? unknown('sequelize', [how, dynamicNote(useVar)]) : fromUrl(hit.value, [how, `${where} uses ${useVar}`, hit.evidence], run, run.cwd)];
  }
  const url = str('url');
  if (url) return [fromUrl(url, [how, `url ${redactUrl(url)} of ${where}`], run, run.cwd)];
  const dialect = str('dialect') ?? 'postgres';
  if (dialect === 'sqlite') {
    const storage = str('storage');
    return storage ? [fromUrl(`sqlite:${storage}`, [how, `storage ${storage} of ${where}`], run, run.cwd)] : [unknown('sequelize', [how, `${where} names no sqlite storage`])];
  }
  const host = str('host') ?? 'localhost';
  const engine = /^(mysql|mariadb)$/.test(dialect) ? 'mysql' : dialect === 'mssql' ? 'mssql' : 'postgres';
  return [candidate(engine, { host, port: str('port'), database: str('database') }, [how, `host ${host}${str('host') ? '' : ' (no host: sequelize connects to localhost)'} of ${where}`])];
}

/** Liquibase's defaults file (--defaults-file, else ./liquibase.properties): its `url`. A file
 *  named but unreadable, or a url that uses ${...} substitution, is unknown. */
function liquibaseProperties(run: Run): Candidate[] | undefined {
  const f = flag(run.args, ['--defaults-file', '--defaultsFile']);
  if (f?.dynamic) return [unknown(run.name, [dynamicNote(f.flag)])];
  const file = absPath(f?.value ?? 'liquibase.properties', run.cwd, run.ctx.home);
  if (!file) return undefined;
  const text = readText(file);
  if (text === undefined) return f ? [unknown(run.name, [`${f.flag} ${f.value} can't be read`])] : undefined;
  let url: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:liquibase\.command\.)?url\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m) url = m[1];
  }
  if (url === undefined) return undefined;
  const where = `url in ${showPath(file, run.ctx, run.cwd)}`;
  if (url.includes('${')) return [unknown(run.name, [`${where} is filled in when liquibase runs`])];
  return [fromUrl(url, [`${where}: ${redactUrl(url)}`], run, run.cwd)];
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
  let names = envNames(run, files).filter((n) => n === 'DATABASE_URL' || /_(URL|URI|DSN)$/.test(n));
  // DATABASE_URL set by the line itself (`DATABASE_URL=sqlite:////tmp/t.db alembic ...`) is the
  // database it points the tool at: the environment's other *_URL variables are not candidates.
  const own = getVar(run, 'DATABASE_URL');
  const ownOnly = !!own && !own.dynamic && own.from !== 'environment' && (looksLikeDbUrl(own.value.replace(/^jdbc:/i, '')) || /^(file|sqlite3?):/i.test(own.value));
  if (ownOnly) names = ['DATABASE_URL'];
  names.sort((x, y) => (x === 'DATABASE_URL' ? -1 : y === 'DATABASE_URL' ? 1 : x.localeCompare(y)));
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const hit = lookupEnv(run, name, files);
    if (!hit || !(looksLikeDbUrl(hit.value.replace(/^jdbc:/i, '')) || (ownOnly && /^(file|sqlite3?):/i.test(hit.value)))) continue;
    if (seen.has(hit.value)) continue;
    seen.add(hit.value);
    const note = `assumed: ${tool} connects with ${name}; its configuration is code countersign doesn't run`;
    out.push(hit.dynamic ? unknown(tool, [dynamicNote(name)]) : fromUrl(hit.value, [hit.evidence, note], run, run.cwd, { guessed: true }));
  }
  if (out.length === 0) {
    return [{ ...unknown(tool, [`${tool}: no database URL in its arguments, its variables${assumedFile ? ' or ./.env' : ''}`]), unset: true }];
  }
  return out;
}

// Clients that name their server by a host option, else a variable, else this machine.
interface HostClient { engine: string; host: string[]; port: string[]; db: string[]; vars: string[]; port0: string; configs: string[]; uri?: string[] }
const CLICKHOUSE: HostClient = {
  engine: 'clickhouse', host: ['--host', '-h'], port: ['--port'], db: ['--database', '-d'], vars: ['CLICKHOUSE_HOST'], port0: '9000',
  // clickhouse client reads the first of these that exists; its <host> would name the server.
  configs: ['./clickhouse-client.xml', './clickhouse-client.yaml', '~/.clickhouse-client/config.xml', '~/.clickhouse-client/config.yaml', '/etc/clickhouse-client/config.xml'],
};
const HOST_CLIENTS: Record<string, HostClient> = table({
  'clickhouse-client': CLICKHOUSE,
  clickhouse: CLICKHOUSE,
  // MySQL Shell: `--uri` or a first argument `[scheme://][user[:pw]@]host[:port][/schema]`.
  mysqlsh: { engine: 'mysql', host: ['--host', '-h'], port: ['--port', '-P'], db: ['--schema', '-D', '--database'], vars: [], port0: '3306', configs: [], uri: ['--uri'] },
  cockroach: { engine: 'cockroach', host: ['--host'], port: ['--port', '-p'], db: ['--database', '-d'], vars: ['COCKROACH_HOST'], port0: '26257', configs: [] },
});

/** The server a host-named client connects to (`clickhouse-client --host ch.prod`). A config file
 *  that may name another host leaves it unknown. */
function hostClient(run: Run): Candidate | undefined {
  const c = HOST_CLIENTS[run.name];
  if (!c) return undefined;
  const port = toolFlag(run, c.port)?.value;
  const database = toolFlag(run, c.db)?.value;
  const uriFlag = c.uri ? toolFlag(run, c.uri) : undefined;
  const uri = uriFlag ?? (c.uri ? positionals(run.args, grammar(run.name)).find((p) => p.dynamic || /^[^-][^\s]*@[\w.-]+/.test(p.value)) : undefined);
  if (uri?.dynamic) return unknown(c.engine, [dynamicNote(uriFlag?.flag ?? 'the connection URI')]);
  if (uri) return fromUrl(/^\w+:\/\//.test(uri.value) ? uri.value.replace(/^mysqlx:/, 'mysql:') : `mysql://${uri.value}`, [`connection URI ${redactUrl(uri.value)} (${uriFlag ? uriFlag.flag : 'argument'})`], run, run.cwd);
  const h = toolFlag(run, c.host);
  if (h?.dynamic) return unknown(c.engine, [dynamicNote(h.flag)]);
  if (h) return candidate(c.engine, { host: h.value, port, database }, [`${h.flag} ${h.value} (flag)`]);
  for (const name of c.vars) {
    const v = getVar(run, name);
    if (v?.dynamic) return unknown(c.engine, [dynamicNote(name)]);
    if (v?.value) return candidate(c.engine, { host: v.value, port, database }, [showVar(name, v)]);
  }
  const named = toolFlag(run, ['--config-file', '--config', '-C']);
  const configs = named ? [named.value] : c.configs;
  const found = configs.map((f) => absPath(f, run.cwd, run.ctx.home)).find((f) => f !== undefined && isFile(f));
  if (named || found) return unknown(c.engine, [`${named ? `${named.flag} ${named.value}` : showPath(found!, run.ctx, run.cwd)} may name the server`]);
  return candidate(c.engine, { host: 'localhost', port: port ?? c.port0, database }, [`no host given: ${run.name} connects to localhost`]);
}

// goose's drivers (pressly/goose cmd/goose: `goose [OPTIONS] DRIVER DBSTRING COMMAND`).
const GOOSE_DRIVERS = new Set(['postgres', 'pgx', 'mysql', 'sqlite3', 'sqlite', 'mssql', 'sqlserver', 'redshift', 'tidb', 'clickhouse', 'vertica', 'ydb', 'turso', 'starrocks']);

/** The database goose's DRIVER DBSTRING positionals name; undefined when the line gives none. */
function gooseArgs(run: Run): Candidate[] | undefined {
  // `-dir DIR` and the other options' values may read as positionals: the driver is the first
  // word that names one.
  const pos = positionals(run.args, grammar(run.name));
  const at = pos.findIndex((w) => !w.dynamic && GOOSE_DRIVERS.has(w.value));
  const driver = pos[at];
  if (!driver || !pos[at + 1]) return undefined;
  const db = pos[at + 1]!;
  if (db.dynamic) return [unknown(run.name, [dynamicNote('the connection string')])];
  const ev = [`${driver.value} ${redactUrl(db.value)} (arguments)`];
  if (driver.value === 'sqlite3' || driver.value === 'sqlite') return [fromUrl(`sqlite:${db.value}`, ev, run, run.cwd)];
  const url = dsnUrl(db.value) ?? db.value;
  return looksLikeDbUrl(url) ? [fromUrl(url, ev, run, run.cwd)] : [unknown(run.name, [...ev, `${redactUrl(db.value)} is not a connection string countersign can read`])];
}

/** A libpq key=value string (`host=db.prod user=app dbname=app`) as a URL; undefined for others. */
function dsnUrl(v: string): string | undefined {
  if (!/^\s*\w+=/.test(v) || /^\w+:\/\//.test(v)) return undefined;
  const kv = new Map<string, string>();
  for (const m of v.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g)) kv.set(m[1]!, m[2]!.replace(/^'(.*)'$/, '$1'));
  const host = kv.get('host') ?? kv.get('hostaddr');
  if (!host) return undefined;
  const user = kv.get('user');
  return `postgres://${user ? `${encodeURIComponent(user)}@` : ''}${host}${kv.get('port') ? `:${kv.get('port')}` : ''}/${kv.get('dbname') ?? ''}`;
}
