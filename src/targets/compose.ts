// The environment a command run inside a container sees, as far as this machine's files say:
// `docker compose exec|run SERVICE CMD` gets the service's `environment:` and `env_file:` from
// the compose file (its `${VAR}` filled in from the project's .env and this environment), and any
// `-e NAME=value` the line gives; `docker exec CONTAINER CMD` only the `-e` ones. What the image
// itself sets can't be read here. Used for an app's database tool run there (`docker compose exec
// app npx prisma migrate reset`): the database is the app's, not the engine.
import { dirname, join } from 'node:path';
import type { Invocation } from '../parse/index.js';
import { isFile, readYaml } from './cache.js';
import { readDotenv } from './dotenv.js';
import { absPath, findUp, showPath } from './paths.js';
import type { TargetContext } from './types.js';

export interface ContainerEnv {
  env: Record<string, string>;
  /** Names whose value is only known when the container runs (an unset `${VAR}`, a run-time -e). */
  unknown: string[];
  evidence: string[];
}

const DOCKER_GLOBAL = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);
const COMPOSE_GLOBAL = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--parallel', '--progress']);
const EXEC_WITH_ARG = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index', '-p', '--publish', '-v', '--volume', '--name', '--entrypoint',
  '-l', '--label', '--cap-add', '--cap-drop', '--pull', '--env-from-file', '--detach-keys', '--env-file']);
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** Undefined: the wrapper is not `docker exec` / `docker compose exec|run` (or can't be read). */
export function containerEnv(wrapper: Invocation, ctx: TargetContext): ContainerEnv | undefined {
  const a = wrapper.argv.map((w) => w);
  const cwd = wrapper.cwd ?? ctx.cwd;
  let i = 1;
  const take = (set: Set<string>, into?: Array<[string, string]>): void => {
    while (i < a.length && a[i]!.value.startsWith('-')) {
      const w = a[i]!.value;
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(0, eq) : w;
      if (eq > 0) into?.push([name, w.slice(eq + 1)]);
      else if (set.has(name)) { into?.push([name, a[i + 1]?.dynamic ? '\0' : a[i + 1]?.value ?? '']); i++; }
      i++;
    }
  };
  const name = wrapper.name.replace(/^.*\//, '');
  let compose = /^(docker|podman)-compose$/.test(name);
  const globals: Array<[string, string]> = [];
  if (!compose) {
    take(DOCKER_GLOBAL);
    if (a[i]?.value === 'compose') { compose = true; i++; }
  }
  if (compose) take(COMPOSE_GLOBAL, globals);
  const sub = a[i]?.value;
  if (!(sub === 'exec' || (compose && sub === 'run'))) return undefined;
  i++;
  const opts: Array<[string, string]> = [];
  take(EXEC_WITH_ARG, opts);
  const target = a[i];
  if (!target || target.dynamic) return undefined;
  const out: ContainerEnv = { env: {}, unknown: [], evidence: [] };
  if (compose) readService(target.value, globals, cwd, ctx, out);
  for (const [flag, v] of opts) {
    if (flag !== '-e' && flag !== '--env') continue;
    if (v === '\0') { out.unknown.push('*'); out.evidence.push(`${flag} is only known at run time`); continue; }
    const eq = v.indexOf('=');
    const k = eq < 0 ? v : v.slice(0, eq);
    const val = eq < 0 ? ctx.env[k] : v.slice(eq + 1);
    if (val === undefined) { delete out.env[k]; continue; }
    out.env[k] = val;
    out.evidence.push(`${flag} ${k}=… on the line`);
  }
  return out;
}

function readService(service: string, globals: Array<[string, string]>, cwd: string | undefined, ctx: TargetContext, out: ContainerEnv): void {
  const given = globals.filter(([f]) => f === '-f' || f === '--file').map(([, v]) => v);
  const projectDir = globals.find(([f]) => f === '--project-directory')?.[1];
  let files: string[];
  if (given.length) {
    if (given.some((f) => f === '\0' || f === '-')) { out.unknown.push('*'); out.evidence.push('the compose file is only known at run time'); return; }
    files = given.map((f) => absPath(f, cwd, ctx.home)).filter((f): f is string => !!f);
  } else {
    const dir = cwd === undefined ? undefined : findUp(cwd, (d) => COMPOSE_FILES.some((f) => isFile(join(d, f))));
    const first = dir && COMPOSE_FILES.map((f) => join(dir, f)).find((f) => isFile(f));
    files = first ? [first] : [];
  }
  if (!files.length) { out.evidence.push('no compose file here to read the service\'s environment from'); return; }
  const base = projectDir ? absPath(projectDir, cwd, ctx.home) ?? dirname(files[0]!) : dirname(files[0]!);
  // Compose fills ${VAR} from this environment, then the project's .env (or --env-file).
  const envFile = globals.find(([f]) => f === '--env-file')?.[1];
  const dotenv = readDotenv(envFile && envFile !== '\0' ? absPath(envFile, cwd, ctx.home) ?? '' : join(base, '.env'));
  const lookup = (k: string): string | undefined => ctx.env[k] ?? dotenv?.get(k)?.value;
  let found = false;
  for (const file of files) {
    const doc = readYaml(file) as { services?: Record<string, unknown> } | undefined;
    const svc = doc?.services?.[service] as { environment?: unknown; env_file?: unknown } | undefined;
    if (!svc || typeof svc !== 'object') continue;
    found = true;
    const shown = showPath(file, ctx, cwd);
    for (const ef of [svc.env_file].flat()) {
      const p = typeof ef === 'string' ? ef : ef && typeof ef === 'object' ? (ef as { path?: unknown }).path : undefined;
      if (typeof p !== 'string') continue;
      const abs = absPath(p, dirname(file), ctx.home) ?? '';
      // `- path: .env.staging.local` with `required: false`: a file that isn't there is skipped.
      if (typeof ef === 'object' && (ef as { required?: unknown }).required === false && !isFile(abs)) { out.evidence.push(`env_file ${p} of service ${service} is optional and not there`); continue; }
      const entries = readDotenv(abs);
      if (!entries) { out.unknown.push('*'); out.evidence.push(`env_file ${p} of service ${service} can't be read`); continue; }
      for (const [k, e] of entries) out.env[k] = e.value;
      out.evidence.push(`env_file ${p} of service ${service} in ${shown}`);
    }
    const env = svc.environment;
    const pairs: Array<[string, unknown]> = Array.isArray(env)
      ? env.filter((x): x is string => typeof x === 'string').map((x) => (x.includes('=') ? [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)] : [x, undefined]))
      : env && typeof env === 'object' ? Object.entries(env) : [];
    for (const [k, raw] of pairs) {
      if (raw === undefined || raw === null) {
        const v = ctx.env[k];
        if (v !== undefined) out.env[k] = v;
        continue;
      }
      const v = interpolate(String(raw), lookup);
      if (v === undefined) { out.unknown.push(k); delete out.env[k]; } else out.env[k] = v;
    }
    if (pairs.length) out.evidence.push(`the environment of service ${service} in ${shown}`);
  }
  if (!found) { out.unknown.push('*'); out.evidence.push(`service ${service} is not in ${files.map((f) => showPath(f, ctx, cwd)).join(', ')}`); }
}

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`; undefined when a
 *  variable it needs is unset (or the form can't be read). */
function interpolate(s: string, lookup: (k: string) => string | undefined): string | undefined {
  let bad = false;
  const r = s.replace(/\$\$|\$\{(\w+)(?:(:?[-?+])([^}]*))?\}|\$(\w+)/g, (m, a?: string, op?: string, def?: string, b?: string) => {
    if (m === '$$') return '$';
    const v = lookup((a ?? b)!);
    if (!op) {
      if (v === undefined) bad = true;
      return v ?? '';
    }
    if (op === ':-') return v === undefined || v === '' ? def ?? '' : v;
    if (op === '-') return v === undefined ? def ?? '' : v;
    bad = true;
    return '';
  });
  return bad || /\$\{/.test(r) ? undefined : r;
}
