// Laravel (php artisan): the connection (--database, else `default` in config/database.php, which
// reads DB_CONNECTION) and its host, database or URL. Variables come from the process
// environment, else .env.<--env or APP_ENV> when it exists, else .env (phpdotenv never overrides
// the environment). config/database.php is PHP: only literal strings and env('X', default) are
// read; a missing file means the framework's own defaults (Laravel 11 ships none in the app).
import { join } from 'node:path';
import { isFile, readText } from '../cache.js';
import { lookupEnv, type EnvFiles } from '../dotenv.js';
import { absPath, findUp, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { candidate, fromUrl, pgSocketDir, unconfiguredTest, unknown } from './common.js';

type Val = { value: string; evidence?: string } | { unknown: string } | undefined;

// The framework's config/database.php (laravel/framework 11+), for apps that don't publish it.
const FRAMEWORK_DEFAULT = `return [
  'default' => env('DB_CONNECTION', 'sqlite'),
  'connections' => [
    'sqlite' => [
      'driver' => 'sqlite',
      'url' => env('DB_URL'),
      'database' => env('DB_DATABASE', database_path('database.sqlite')),
    ],
    'mysql' => [
      'driver' => 'mysql',
      'url' => env('DB_URL'),
      'host' => env('DB_HOST', '127.0.0.1'),
      'port' => env('DB_PORT', '3306'),
      'database' => env('DB_DATABASE', 'laravel'),
    ],
    'mariadb' => [
      'driver' => 'mariadb',
      'url' => env('DB_URL'),
      'host' => env('DB_HOST', '127.0.0.1'),
      'port' => env('DB_PORT', '3306'),
      'database' => env('DB_DATABASE', 'laravel'),
    ],
    'pgsql' => [
      'driver' => 'pgsql',
      'url' => env('DB_URL'),
      'host' => env('DB_HOST', '127.0.0.1'),
      'port' => env('DB_PORT', '5432'),
      'database' => env('DB_DATABASE', 'laravel'),
    ],
  ],
];`;

/** Is this run Laravel's artisan (not through Sail, which runs it in a container)? */
export function isArtisan(run: Run): boolean {
  if (run.name === 'artisan') return true;
  return run.name === 'php' && /(^|\/)artisan$/.test(run.args[0]?.value ?? '');
}

export function laravel(run: Run): Candidate[] {
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('laravel', ["the working directory can't be known, so .env can't be found"])];
  const script = run.name === 'artisan' ? run.inv.argv[0]?.value : run.args[0]?.value;
  const root = script && script.includes('/') ? absPath(script, cwd, run.ctx.home)?.replace(/\/artisan$/, '') : findUp(cwd, (d) => isFile(join(d, 'artisan')));
  // Without the app's artisan file there is no app to read (the framework defaults would be a guess).
  if (root === undefined || !isFile(join(root, 'artisan'))) {
    const ev: string[] = [];
    const name = testingEnv(run, ev);
    const test = name ? unconfiguredTest('laravel', run, root ?? cwd, ['DB_CONNECTION', 'DB_HOST', 'DB_URL', 'DATABASE_URL'], ev, 'no artisan file (so no app)') : undefined;
    return [test ?? unknown('laravel', ['no artisan file found, so the app and its .env are not known'])];
  }
  const where = (f: string): string => showPath(f, run.ctx, cwd);
  if (isFile(join(root, 'bootstrap', 'cache', 'config.php'))) return [unknown('laravel', ['the configuration is cached (bootstrap/cache/config.php), so .env and config/database.php are not what it uses'])];
  const ev: string[] = [];
  const files = envFiles(run, root, ev);
  if ('unknown' in files) return [unknown('laravel', [...ev, files.unknown])];
  const configPath = join(root, 'config', 'database.php');
  const config = readText(configPath);
  const configName = config === undefined ? "the framework's default config/database.php" : where(configPath);
  const src = stripComments(config ?? FRAMEWORK_DEFAULT);
  if (/<<<|\b(require|include)(_once)?\b|\beval\s*\(|\bputenv\s*\(|\$_(ENV|SERVER)\s*\[[^\]]*\]\s*=(?!=)/.test(src)) return [unknown('laravel', [...ev, `${configName} runs code countersign doesn't read`])];
  const read = (expr: string | undefined): Val => (expr === undefined ? undefined : phpValue(expr, run, root, files));

  const f = flag(run.args, ['--database']);
  if (f?.dynamic) return [unknown('laravel', [...ev, dynamicNote(f.flag)])];
  let conn: string;
  if (f) {
    conn = f.value;
    ev.push(`--database ${f.value} (flag)`);
  } else {
    const d = read(entry(/['"]default['"]\s*=>\s*([^\n]*)\n/.exec(src)?.[1]));
    if (!d || 'unknown' in d) return [unknown('laravel', [...ev, `the default connection in ${configName}: ${d ? d.unknown : 'not found'}`])];
    conn = d.value;
    ev.push(d.evidence ?? `default connection ${conn} in ${configName}`);
  }
  const block = connectionBlock(src, conn);
  if (block === undefined) return [unknown('laravel', [...ev, `no ${conn} connection in ${configName}`])];
  // Read/write hosts are separate lists; which one a reset uses isn't read here.
  if (/['"](read|write)['"]\s*=>/.test(block)) return [unknown('laravel', [...ev, `the ${conn} connection in ${configName} has separate read and write hosts`])];
  const keys = new Map<string, Val>();
  // Only the connection's own keys: a nested array ('options' => [...]) may hold the same names.
  for (const m of topLevel(block).matchAll(/['"](driver|url|host|port|database|unix_socket)['"]\s*=>\s*([^\n]*)\n/g)) keys.set(m[1]!, read(entry(m[2]!)));
  for (const [k, v] of keys) if (v && 'unknown' in v) return [unknown('laravel', [...ev, `${k} of the ${conn} connection: ${v.unknown}`])];
  const get = (k: string): string | undefined => {
    const v = keys.get(k);
    if (v && 'value' in v && v.evidence) ev.push(v.evidence);
    return v && 'value' in v && v.value !== '' ? v.value : undefined;
  };
  const at = `the ${conn} connection in ${configName}`;
  const url = get('url');
  if (url) return [fromUrl(url, [...ev, `url of ${at}`], run, root)];
  const driver = get('driver') ?? '';
  if (driver === 'sqlite') {
    const db = get('database');
    if (!db) return [unknown('laravel', [...ev, `no database file for ${at}`])];
    if (db === ':memory:') return [candidate('sqlite', { sqlite: ':memory:', database: ':memory:' }, [...ev, `in-memory sqlite for ${at}`])];
    const path = absPath(db, root, run.ctx.home) ?? db;
    return [candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, cwd) }, [...ev, `sqlite database of ${at}`])];
  }
  const engine = driver === 'pgsql' ? 'postgres' : driver === 'mysql' || driver === 'mariadb' ? 'mysql' : undefined;
  if (!engine) return [unknown('laravel', [...ev, `${at} uses the ${driver || 'unnamed'} driver, which countersign doesn't read`])];
  // A MySQL socket path is used instead of the host.
  const socket = engine === 'mysql' ? get('unix_socket') : undefined;
  const host = socket ?? get('host') ?? (engine === 'postgres' ? pgSocketDir() : 'localhost');
  ev.push(`host ${host} of ${at}`);
  return [candidate(engine, { host, port: get('port'), database: get('database') }, ev)];
}

/** PHP without its comments (// and # to the end of the line, and block comments), outside strings. */
function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else if ((c === '/' && src[i + 1] === '/') || c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      out += src.slice(i, end < 0 ? src.length : end + 2).replace(/[^\n]/g, ' ');
      i = end < 0 ? src.length : end + 1;
    } else out += c;
  }
  return out;
}

/** An array's text with its nested arrays emptied, so only its own keys are left. */
function topLevel(block: string): string {
  let t = block;
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t.replace(/\[[^[\]]*\]/g, '[]');
  }
  return t;
}

/** An array entry's value without its trailing comma and a // comment after it. */
function entry(v: string | undefined): string | undefined {
  return v?.replace(/,\s*(\/\/.*)?$/, '');
}

/** `--env testing` or APP_ENV=testing (Laravel's name for the test environment), as evidence. */
function testingEnv(run: Run, ev: string[]): boolean {
  const f = flag(run.args, ['--env']);
  const app = f ? undefined : getVar(run, 'APP_ENV');
  const v = f ?? app;
  if (!v || v.dynamic || !/^test(ing)?$/.test(v.value)) return false;
  ev.push(f ? `--env ${f.value} (flag)` : showVar('APP_ENV', app!));
  return true;
}

/** Where env() reads: .env.<--env|APP_ENV> when it exists, else .env. */
function envFiles(run: Run, root: string, ev: string[]): EnvFiles | { unknown: string } {
  const f = flag(run.args, ['--env']);
  if (f?.dynamic) return { unknown: dynamicNote(f.flag) };
  const app = f ? undefined : getVar(run, 'APP_ENV');
  if (app?.dynamic) return { unknown: dynamicNote('APP_ENV') };
  const name = f?.value ?? app?.value;
  if (f) ev.push(`--env ${f.value} (flag)`);
  else if (app) ev.push(showVar('APP_ENV', app));
  const specific = name ? join(root, `.env.${name}`) : undefined;
  const file = specific && isFile(specific) ? specific : join(root, '.env');
  return { files: [file], loader: 'Laravel' };
}

/** The `'NAME' => [ … ]` block inside 'connections'. */
function connectionBlock(src: string, name: string): string | undefined {
  const start = src.search(/['"]connections['"]\s*=>\s*\[/);
  if (start < 0) return undefined;
  const re = new RegExp(`['"]${name.replace(/[^\w-]/g, '')}['"]\\s*=>\\s*\\[`, 'g');
  re.lastIndex = start;
  const m = re.exec(src);
  if (!m) return undefined;
  // PHP keeps the last of two equal keys: a second block with this name is not read.
  if (re.exec(src)) return undefined;
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < src.length; i++) {
    if (src[i] === '[') depth++;
    else if (src[i] === ']' && --depth === 0) return `${src.slice(m.index + m[0].length, i)}\n`;
  }
  return undefined;
}

/** A literal string, env('X'[, default]) or database_path('x'); anything else is unknown. */
function phpValue(expr: string, run: Run, root: string, files: EnvFiles): Val {
  const t = expr.trim();
  const lit = /^'([^'\\]*)'$/.exec(t) ?? /^"([^"\\$]*)"$/.exec(t);
  if (lit) return { value: lit[1]! };
  if (/^\d+$/.test(t)) return { value: t };
  if (t === 'null') return { value: '' };
  const path = /^database_path\(\s*'([\w./-]*)'\s*\)$/.exec(t);
  if (path) return /\.\./.test(path[1]!) ? { unknown: `${t} leaves the project` } : { value: join(root, 'database', path[1]!) };
  const env = /^env\(\s*'(\w+)'\s*(?:,\s*([\s\S]+))?\)$/.exec(t);
  if (env) {
    const name = env[1]!;
    const hit = lookupEnv(run, name, files);
    if (hit?.dynamic) return { unknown: dynamicNote(name) };
    if (hit) {
      if (/^\(?null\)?$|^\(?empty\)?$/i.test(hit.value)) return { unknown: `${name} is ${hit.value}, which env() reads specially` };
      return { value: hit.value, evidence: hit.evidence };
    }
    if (env[2] === undefined) return { value: '' };
    const d = phpValue(env[2], run, root, files);
    return d && 'value' in d ? { value: d.value, evidence: `${name} not set: the default ${d.value || "''"}` } : d;
  }
  return { unknown: `${t.slice(0, 60)} is code countersign doesn't run` };
}

