// Rails: RAILS_ENV picks a section of config/database.yml; DATABASE_URL overrides it; the
// dotenv gem (when in the Gemfile) loads .env files first.
import { join } from 'node:path';
import { isFile, readText } from '../cache.js';
import { lookupEnv, frameworkEnvFiles, type EnvFiles } from '../dotenv.js';
import { absPath, findUp, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, showFlag, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { yaml } from '../../lazy.js';
import { candidate, fromUrl, pgSocketDir, unconfiguredTest, unknown } from './common.js';

type Section = Record<string, unknown>;

/** Variables a Rails app commonly reads its database from (in database.yml's ERB, or Rails itself). */
const DB_VARS = ['DATABASE_URL', 'PGHOST', 'MYSQL_HOST', 'DB_HOST', 'DATABASE_HOST'];

export function rails(run: Run): Candidate[] {
  const a = run.args;
  if (run.name === 'rake' && !a.some((w) => w.value.startsWith('db:'))) {
    return [unknown('rake', ['this rake task is not a db: task countersign knows'])];
  }
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('rails', ['the working directory can\'t be known, so config/database.yml can\'t be found'])];
  const root = findUp(cwd, (d) => isFile(join(d, 'config', 'database.yml')) || isFile(join(d, 'Gemfile'))) ?? cwd;
  const ev: string[] = [];
  const env = railsEnv(run, ev);
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
  const yml = readDatabaseYml(run, root, env, files, ev);
  if (Array.isArray(yml)) return yml;
  return fromSection(run, root, env, yml.section, yml.dynamic, ev);
}

function railsEnv(run: Run, ev: string[]): string {
  const a = run.args;
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
  return env;
}

/** The `env` section of config/database.yml, its ERB filled in; `dynamic` when some ERB couldn't be. */
function readDatabaseYml(run: Run, root: string, env: string, files: EnvFiles | undefined, ev: string[]): { section: Section; dynamic: boolean } | Candidate[] {
  const ymlPath = join(root, 'config', 'database.yml');
  const text = readText(ymlPath);
  if (text === undefined) {
    const test = env === 'test' ? unconfiguredTest('rails', run, root, DB_VARS, ev, 'no config/database.yml') : undefined;
    return [test ?? unknown('rails', [...ev, 'no config/database.yml and no DATABASE_URL'])];
  }
  // ERB that can't be filled in here marks the values it makes: only the section read (with what
  // it merges) is computed when Rails loads it, not the file (a production `url: <%= ENV[...] %>`
  // says nothing of the test section's database), rt27t.
  const MARK = '__countersign_erb__';
  const yml = text
    .replace(/<%#[\s\S]*?%>/g, '')
    .replace(/<%=([\s\S]*?)%>/g, (_m, code: string) => erbValue(code, run, files) ?? MARK)
    .replace(/<%[\s\S]*?%>/g, '');
  let doc: unknown;
  try {
    doc = yaml().parse(yml, { merge: true, logLevel: 'silent' });
  } catch {
    return [unknown('rails', [...ev, 'config/database.yml could not be read'])];
  }
  let section = (doc as Section | undefined)?.[env] as Section | undefined;
  if (!section || typeof section !== 'object') return [unknown('rails', [...ev, `no ${env} section in config/database.yml`])];
  // Multi-database apps nest: production: { primary: {...}, cache: {...} }.
  if (!('adapter' in section) && !('url' in section) && !('database' in section)) {
    const inner = (section['primary'] ?? Object.values(section).find((x) => x && typeof x === 'object')) as Section | undefined;
    if (inner) section = inner;
  }
  const shown = JSON.stringify(section);
  const dynamic = shown.includes(MARK);
  if (dynamic) section = JSON.parse(shown.split(MARK).join('')) as Section;
  return { section, dynamic };
}

function fromSection(run: Run, root: string, env: string, section: Section, dynamic: boolean, ev: string[]): Candidate[] {
  const appEnv = { facts: { 'app-env': env } };
  const s = (k: string): string | undefined => (section[k] === undefined || section[k] === null ? undefined : String(section[k]));
  const where = `${env} in config/database.yml`;
  if (dynamic && !s('url') && !s('host')) ev.push('config/database.yml computes values when Rails loads it');
  if (s('url')) return [fromUrl(s('url') ?? '', [...ev, `url in ${where}`], run, root, { ...appEnv, guessed: dynamic })];
  const adapter = s('adapter') ?? '';
  if (adapter.startsWith('sqlite')) {
    const db = s('database') ?? '';
    const path = absPath(db, root, run.ctx.home) ?? db;
    return [candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, [...ev, `sqlite3 database in ${where}`], appEnv)];
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
