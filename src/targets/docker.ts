// Docker and Podman: which engine the command talks to. The docker CLI picks --host, then
// --context, then DOCKER_HOST, then DOCKER_CONTEXT, then currentContext in config.json; a named
// context's endpoint is in contexts/meta/<sha256 of the name>/meta.json.
import { join } from 'node:path';
import { readJson } from './cache.js';
import { absPath, showPath } from './paths.js';
import { dynamicNote, flag, flagAll, getVar, hasFlag, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { argAfter, startsWith, withSwitch, type LineSwitch, type SwitchReader } from './switches.js';
import { sha256Hex } from './cache.js';
import { parseConnUrl } from './url.js';
import { table } from '../own.js';

/** Host fact for an engine endpoint: a socket path, or the host of tcp:// / ssh://. */
function endpointHost(endpoint: string): string {
  if (endpoint.startsWith('unix://')) return endpoint.slice(7);
  if (endpoint.startsWith('npipe://')) return endpoint.slice(8);
  return parseConnUrl(endpoint)?.host || endpoint;
}

// Global options come before the subcommand.
function globalFlag(run: Run, names: string[]): ReturnType<typeof flag> {
  const stop = run.args.findIndex((w) => !w.value.startsWith('-'));
  return flag(run.args, names, stop < 0 ? run.args.length : stop);
}

export function dockerContextEndpoint(run: Run, name: string): { host?: string; file: string } {
  const dir = dockerConfigDir(run);
  const file = join(dir, 'contexts', 'meta', sha256Hex(name), 'meta.json');
  const meta = readJson(file) as { Endpoints?: { docker?: { Host?: string } } } | undefined;
  return { host: meta?.Endpoints?.docker?.Host, file };
}

export function dockerConfigDir(run: Run): string {
  const v = getVar(run, 'DOCKER_CONFIG')?.value;
  return (v && absPath(v, run.cwd, run.ctx.home)) || join(run.ctx.home, '.docker');
}

/** The compose files and project name a compose command names (`-f docker-compose.prod.yml`,
 *  `-p shop-production`, COMPOSE_FILE, COMPOSE_PROJECT_NAME): names people choose, so one that says
 *  production says it for the engine on this machine too (config.ts, the stricter guess wins). */
function composeNames(run: Run): { names: string; how: string } | undefined {
  if (run.name !== 'docker-compose' && !run.args.some((w) => w.value === 'compose')) return undefined;
  const flags = flagAll(composeGlobals(run), ['-f', '--file', '-p', '--project-name']).filter((f) => !f.dynamic && f.value && !f.value.startsWith('-'));
  const vars = ['COMPOSE_FILE', 'COMPOSE_PROJECT_NAME'].map((n) => [n, getVar(run, n)] as const).filter(([, v]) => v && !v.dynamic && v.value);
  const names = [...flags.map((f) => f.value), ...vars.map(([, v]) => v!.value)];
  if (!names.length) return undefined;
  const how = [...flags.map((f) => showFlag(f)), ...vars.map(([n, v]) => showVar(n, v!))].join(', ');
  return { names: names.join(' '), how };
}

const COMPOSE_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--parallel', '--progress']);

/** The words of compose's own options, before its subcommand: after it `-f` is `--force`
 *  (`docker compose rm -f db`), not a compose file. */
function composeGlobals(run: Run): Run['args'] {
  const a = run.args;
  let i = run.name === 'docker-compose' ? 0 : a.findIndex((w) => w.value === 'compose') + 1;
  const start = i;
  while (i < a.length && a[i]!.value.startsWith('-')) i += COMPOSE_VALUE.has(a[i]!.value) ? 2 : 1;
  return a.slice(start, i);
}

/** `docker context use prod-swarm && docker volume rm pgdata`: the context the line made current. */
const dockerSwitch: SwitchReader = (prev, words) => (prev.name === 'docker' && startsWith(words, 'context', 'use') ? argAfter(words, 'context', 'use') : undefined);

export function resolveDocker(run: Run): Candidate[] {
  if (run.name.startsWith('podman')) return podman(run);
  // --host, --context, DOCKER_HOST and DOCKER_CONTEXT all beat the current context.
  if (globalFlag(run, ['-H', '--host']) || globalFlag(run, ['-c', '--context']) || getVar(run, 'DOCKER_HOST')?.value || getVar(run, 'DOCKER_CONTEXT')?.value) return dockerWith(run, undefined);
  return withSwitch(run, dockerSwitch, (sw) => dockerWith(run, sw), 'if that switch failed, the context current before it stands');
}

function dockerWith(run: Run, sw: LineSwitch | undefined): Candidate[] {
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const hFlag = globalFlag(run, ['-H', '--host']);
  const cFlag = globalFlag(run, ['-c', '--context']);
  let endpoint: string | undefined;
  let context: string | undefined;
  if (hFlag) {
    if (hFlag.dynamic) return [{ facts: {}, evidence: [dynamicNote(hFlag.flag)], environment: 'unknown' }];
    endpoint = hFlag.value;
    ev.push(showFlag(hFlag));
  } else if (cFlag) {
    context = cFlag.value;
    ev.push(showFlag(cFlag));
  } else {
    const host = getVar(run, 'DOCKER_HOST');
    const ctxVar = getVar(run, 'DOCKER_CONTEXT');
    if (host && host.value !== '') {
      endpoint = host.value;
      ev.push(showVar('DOCKER_HOST', host));
    } else if (ctxVar && ctxVar.value !== '') {
      context = ctxVar.value;
      ev.push(showVar('DOCKER_CONTEXT', ctxVar));
    } else if (sw) {
      if (sw.dynamic) return [{ facts: {}, evidence: [`the line switches the context first (${sw.how}): which one is only known at run time`], environment: 'unknown' }];
      context = sw.name;
      ev.push(`the line switches to context ${sw.name} first (${sw.how})`);
    } else {
      const cfgFile = join(dockerConfigDir(run), 'config.json');
      const cur = (readJson(cfgFile) as { currentContext?: unknown } | undefined)?.currentContext;
      if (typeof cur === 'string' && cur !== '') {
        context = cur;
        ev.push(`currentContext ${cur} in ${showPath(cfgFile, run.ctx, run.cwd)}`);
      }
    }
  }
  if (context !== undefined && context !== 'default') {
    facts['docker-context'] = context;
    const ep = dockerContextEndpoint(run, context);
    if (ep.host) {
      endpoint = ep.host;
      ev.push(`context ${context} points at ${ep.host}`);
    } else {
      ev.push(`context ${context} has no endpoint in ${showPath(ep.file, run.ctx, run.cwd)}`);
    }
  }
  if (endpoint === undefined && (context === undefined || context === 'default')) {
    endpoint = 'unix:///var/run/docker.sock';
    ev.push('the default engine on this machine (/var/run/docker.sock)');
  }
  if (endpoint) {
    facts['host'] = endpointHost(endpoint);
    facts['docker-host'] = endpoint;
  }
  const project = composeNames(run);
  if (project) {
    facts['compose-project'] = project.names;
    ev.push(project.how);
  }
  return [{ facts, evidence: ev, resource: `Docker engine ${endpoint ?? context ?? '?'}` }];
}

function podman(run: Run): Candidate[] {
  const url = globalFlag(run, ['--url', '--host', '-H']);
  const conn = globalFlag(run, ['--connection', '-c']);
  const envHost = getVar(run, 'CONTAINER_HOST');
  const envConn = getVar(run, 'CONTAINER_CONNECTION');
  if (url || envHost) {
    const value = url?.value ?? envHost?.value ?? '';
    return [{ facts: { host: endpointHost(value), 'docker-host': value }, evidence: [url ? showFlag(url) : showVar('CONTAINER_HOST', envHost!)], resource: `Podman ${value}` }];
  }
  if (conn || envConn || hasFlag(run.args, ['--remote', '-r'])) {
    const name = conn?.value ?? envConn?.value;
    return [{
      facts: name ? { 'docker-context': name } : {},
      evidence: [name ? `podman connection ${name}: its address is in containers.conf, which countersign doesn't read` : 'podman --remote uses the default service connection, which countersign doesn\'t read'],
      resource: `Podman ${name ?? 'remote'}`,
    }];
  }
  return [{ facts: { host: '/run/podman/podman.sock', 'docker-host': 'local' }, evidence: ['podman runs containers on this machine'], resource: 'Podman on this machine' }];
}
