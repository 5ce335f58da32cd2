// Symfony (php bin/console) with Doctrine: the connection is DATABASE_URL when
// config/packages/doctrine.yaml says only `url: '%env(resolve:DATABASE_URL)%'`, the Flex recipe's
// default. Symfony's Dotenv reads .env (or .env.dist), .env.local (not for the test env),
// .env.<APP_ENV> and .env.<APP_ENV>.local, later files first, and never overrides the process
// environment. Any other doctrine config, a compiled .env.local.php or an env-specific doctrine
// file makes the database unknown.
import { join } from 'node:path';
import { isFile, readText } from '../cache.js';
import { lookupEnv, type EnvFiles } from '../dotenv.js';
import { absPath, findUp, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { fromUrl, unknown } from './common.js';

/** Is this run Symfony's console (`php bin/console`, `bin/console`, `./bin/console`)? */
export function isSymfonyConsole(run: Run): boolean {
  const script = run.name === 'php' ? run.args[0]?.value : run.name === 'console' ? run.inv.argv[0]?.value : undefined;
  return script !== undefined && /(^|\/)bin\/console$/.test(script);
}

export function symfony(run: Run): Candidate[] {
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('doctrine', ["the working directory can't be known, so .env can't be found"])];
  const script = run.name === 'php' ? run.args[0]!.value : run.inv.argv[0]!.value;
  const file = absPath(script, cwd, run.ctx.home) ?? findUp(cwd, (d) => isFile(join(d, 'bin', 'console')));
  const root = file?.replace(/\/bin\/console$/, '');
  if (!root || !isFile(join(root, 'bin', 'console'))) return [unknown('doctrine', ['no bin/console found, so the app and its .env are not known'])];
  const where = (f: string): string => showPath(f, run.ctx, cwd);
  if (isFile(join(root, '.env.local.php'))) return [unknown('doctrine', [`${where(join(root, '.env.local.php'))} (composer dump-env) replaces the .env files; it is PHP countersign doesn't run`])];

  const ev: string[] = [];
  const app = appEnv(run, root, ev);
  if ('unknown' in app) return [unknown('doctrine', [...ev, app.unknown])];
  for (const dir of [join(root, 'config', 'packages', app.name), join(root, 'config', 'packages', 'doctrine')]) {
    for (const ext of ['yaml', 'yml', 'php', 'xml']) {
      const f = join(dir, `doctrine.${ext}`);
      if (isFile(f)) return [unknown('doctrine', [...ev, `${where(f)} configures Doctrine for this env, which countersign doesn't read`])];
    }
  }
  const configPath = join(root, 'config', 'packages', 'doctrine.yaml');
  const config = readText(configPath);
  if (config === undefined) return [unknown('doctrine', [...ev, `no ${where(configPath)} to say which connection Doctrine uses`])];
  const why = offStandard(config, app.name);
  if (why) return [unknown('doctrine', [...ev, `${where(configPath)}: ${why}`])];

  const files = envFiles(root, app.name);
  const hit = lookupEnv(run, 'DATABASE_URL', files);
  if (!hit) return [{ ...unknown('doctrine', [...ev, 'DATABASE_URL is not set in the environment or any .env file Symfony loads']), unset: true }];
  if (hit.dynamic) return [unknown('doctrine', [...ev, dynamicNote('DATABASE_URL')])];
  const url = hit.value.replace(/%kernel\.project_dir%/g, root);
  // Symfony's Dotenv also runs $(command) substitutions: a value built at load time.
  if (/%[\w.]+%|\$[({]?\w|\$\(/.test(url)) return [unknown('doctrine', [...ev, hit.evidence, 'DATABASE_URL holds a parameter or variable countersign does not resolve'])];
  const suffix = app.name === 'test' && /^\s+dbname_suffix:/m.test(config) ? [`when@test adds a suffix to the database name`] : [];
  return [fromUrl(url, [...ev, hit.evidence, `url of Doctrine's connection in ${where(configPath)}`, ...suffix], run, root)];
}

/** APP_ENV: the process environment, else `--env`/`-e`, else .env.local or .env, else dev. */
function appEnv(run: Run, root: string, ev: string[]): { name: string } | { unknown: string } {
  const v = getVar(run, 'APP_ENV');
  if (v?.dynamic) return { unknown: dynamicNote('APP_ENV') };
  if (v) {
    ev.push(showVar('APP_ENV', v));
    return { name: v.value };
  }
  const f = flag(run.args, ['--env', '-e']);
  if (f?.dynamic) return { unknown: dynamicNote(f.flag) };
  if (f) {
    ev.push(`${f.flag} ${f.value} (flag)`);
    return { name: f.value };
  }
  const hit = lookupEnv(run, 'APP_ENV', { files: [join(root, '.env.local'), ...baseEnv(root)], loader: 'Symfony' });
  if (hit) {
    ev.push(hit.evidence);
    return { name: hit.value };
  }
  ev.push('APP_ENV not set: dev');
  return { name: 'dev' };
}

function baseEnv(root: string): string[] {
  return [isFile(join(root, '.env')) ? join(root, '.env') : join(root, '.env.dist')];
}

function envFiles(root: string, env: string): EnvFiles {
  const files = [join(root, `.env.${env}.local`), join(root, `.env.${env}`)];
  if (env !== 'test') files.push(join(root, '.env.local'));
  return { files: [...files, ...baseEnv(root)], loader: 'Symfony' };
}

/** Why doctrine.yaml isn't the recipe's one connection from DATABASE_URL (undefined: it is).
 *  `when@test` may only add a dbname suffix (the recipe's); another env's block doesn't apply. */
function offStandard(text: string, env: string): string | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\s+#.*$/, '')).filter((l) => l.trim() && !l.trim().startsWith('#'));
  let block = '';
  const urls: string[] = [];
  for (const l of lines) {
    const top = /^(\S[^:]*):/.exec(l);
    if (top) block = top[1]!.trim();
    if (block.startsWith('when@') && block !== `when@${env}`) continue;
    const t = l.trim();
    if (/^(connections|host|port|dbname|user|password|unix_socket|path|memory|driver|server_version|default_connection|override_url):/.test(t) && !(t.startsWith('dbname:') && block === 'when@test')) {
      if (!/^(server_version|driver):/.test(t)) return `\`${t.slice(0, 60)}\` may set the connection apart from DATABASE_URL`;
    }
    if (t.startsWith('dbname_suffix:') && block !== 'when@test') return '`dbname_suffix` changes the database name';
    const u = /^url:\s*(.*)$/.exec(t);
    if (u) urls.push(u[1]!.replace(/^['"]|['"]$/g, ''));
  }
  if (urls.length !== 1) return urls.length ? 'more than one url' : 'no url for the connection';
  if (!/^%env\((resolve:)?DATABASE_URL\)%$/.test(urls[0]!)) return `url is ${urls[0]!.slice(0, 60)}, not DATABASE_URL`;
  if (/\b(imports|resource):/.test(text)) return 'it imports other files';
  if (/(^|\s)(<<:|[&*]\w)|!\w/m.test(text)) return 'it uses YAML anchors, merges or tags';
  return undefined;
}
