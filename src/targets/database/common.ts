// What every engine's resolver shares: the candidate it returns, the unknown one, and reading a
// connection URL of any engine.
import { listDir } from '../cache.js';
import { absPath, showPath } from '../paths.js';
import { flag, grammarOf, type FlagValue, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { parseConnUrl, redactUrl } from '../url.js';
import { scratchFile } from './sqlite.js';
import type { OptionGrammar } from '../../programs/index.js';
import type { Word } from '../../parse/types.js';
import { table } from '../../own.js';

export interface Parts {
  host?: string;
  port?: string;
  database?: string;
  url?: string;
  sqlite?: string;
}

export function candidate(engine: string, p: Parts, evidence: string[], more: Partial<Candidate> = {}): Candidate {
  const facts: Record<string, string> = table();
  if (p.host) facts['host'] = p.host;
  if (p.port) facts['port'] = p.port;
  if (p.database) facts['database'] = p.database;
  if (p.url) facts['url'] = redactUrl(p.url);
  if (p.sqlite) facts['sqlite-file'] = p.sqlite;
  const where = p.sqlite ?? `${p.host ?? '?'}${p.port ? `:${p.port}` : ''}${p.database ? `/${p.database}` : ''}`;
  return { ...more, facts: { ...facts, ...more.facts }, evidence, resource: `${engine} ${where}` };
}

export function unknown(engine: string, evidence: string[]): Candidate {
  return { facts: {}, evidence, resource: engine, environment: 'unknown' };
}

/** A framework command the line runs in its test environment (named by the line or the environment,
 *  never a default) where nothing names a database: no config file (the caller checked), none of
 *  `vars` set, no .env file in `root`, and the line writes no file first (it may write the config).
 *  The framework then has no server to reach: it fails, or acts on a test database on this machine.
 *  (`RAILS_ENV=test bin/rails db:reset` in a checkout with no config/database.yml.) */
export function unconfiguredTest(engine: string, run: Run, root: string, vars: string[], ev: string[], missing: string): Candidate | undefined {
  if (run.inv.written?.files.size || run.inv.unknownVars?.length) return undefined;
  if (vars.some((v) => run.assign.has(v) || run.inv.vars[v] !== undefined || run.ctx.env[v] !== undefined)) return undefined;
  if (listDir(root).some((f) => f.startsWith('.env'))) return undefined;
  return {
    facts: { 'app-env': 'test' },
    evidence: [...ev, `${missing}, none of ${vars.join(', ')} set and no .env file: nothing names a server, so it fails or acts on a test database on this machine`],
    resource: `${engine} test database`,
    environment: 'local',
  };
}

const ENGINE_BY_SCHEME: Record<string, string> = table({
  postgres: 'postgres', postgresql: 'postgres', cockroachdb: 'postgres', 'prisma+postgres': 'postgres',
  mysql: 'mysql', mysql2: 'mysql', mariadb: 'mysql', mongodb: 'mongodb', 'mongodb+srv': 'mongodb',
  redis: 'redis', rediss: 'redis', valkey: 'redis', sqlserver: 'sqlserver', mssql: 'sqlserver',
});

/** A candidate from a connection URL; `base` resolves relative sqlite paths. */
export function fromUrl(raw: string, evidence: string[], run: Run, base: string | undefined, more: Partial<Candidate> = {}): Candidate {
  const url = raw.replace(/^jdbc:/i, '');
  const file = /^(?:file|sqlite3?):(?:\/\/)?(.*)$/i.exec(url);
  if (file) {
    const rel = (file[1] ?? '').split('?')[0] ?? '';
    const path = absPath(rel, base, run.ctx.home);
    if (!path) return unknown('sqlite', [...evidence, `sqlite path ${rel} is relative to a directory that can't be known`]);
    const c = candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, evidence, more);
    // A migration tool's reset of a scratch file in a temp directory (`diesel database reset
    // --database-url /tmp/t.sqlite`): nothing a team keeps. Only when the line wrote no file
    // (no migration of its own that could ATTACH another database) and no guess is involved.
    if (!more.guessed && !run.inv.written?.files.size && scratchFile(path, run)) {
      c.facts['ephemeral'] = 'scratch file';
      c.environment = 'local';
      c.evidence.push(`${path} is under a temporary directory`);
    }
    return c;
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

export function pgSocketDir(): string {
  return process.platform === 'darwin' ? '/tmp' : '/var/run/postgresql';
}

// Which options take values: the program registry's entries (src/programs/builtin.ts).
export const grammar = (tool: string): OptionGrammar => grammarOf(tool);

/** The last value of one of `names`, read the way the tool reads its options (its registry
 *  grammar): `psql --ho HOST` is --host, as the SQL reader and psql read it. */
export function toolFlag(run: Run, names: string[], args: Word[] = run.args): FlagValue | undefined {
  return flag(args, names, args.length, grammar(run.name));
}
