// The fixture of the detection suites (test/evasion, the peer-agreement script): a git repo whose
// `data/` is protected, a HOME with .ssh/.aws/.kube, XDG directories inside the temp dir. They
// measure seeing through disguises, not policy: databases and the docker engine named in the
// environment are production, and the team makes local targets as strict as the rest (by default
// a local database pauses only for critical findings).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckContext } from '../../src/engine.js';

export function detectionFixture(prefix = 'countersign-detect-'): { root: string; ctx: CheckContext; cleanup(): void } {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  const cwd = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(path.join(cwd, 'data'), { recursive: true });
  writeFileSync(path.join(cwd, 'data', 'db.sqlite'), '');
  writeFileSync(
    path.join(cwd, '.countersign.yaml'),
    'protected-paths: [data]\nenvironments:\n  production:\n    match:\n      hosts: ["*.prod.acme.internal"]\npolicy:\n  environments:\n    local: { confirm-at: high }\n',
  );
  execFileSync('git', ['init', '-q', cwd], { stdio: 'ignore' });
  for (const d of ['.ssh', '.aws', '.kube']) mkdirSync(path.join(home, d), { recursive: true });
  const env: Record<string, string> = {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_STATE_HOME: path.join(root, 'xdg', 'state'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    PGHOST: 'pg.prod.acme.internal',
    MYSQL_HOST: 'mysql.prod.acme.internal',
    DATABASE_URL: 'postgres://app@pg.prod.acme.internal/app',
    REDIS_URL: 'redis://cache.prod.acme.internal:6379',
    MONGODB_URI: 'mongodb://mongo.prod.acme.internal/app',
    DOCKER_HOST: 'tcp://docker.prod.acme.internal:2376',
  };
  return { root, ctx: { cwd, env, home, envComplete: true }, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The README's fixture as it stands (test/evasion/README.md): only `protected-paths: [data]`, no
 *  variables naming servers, the default policy. */
export function bareFixture(prefix = 'countersign-bare-'): { root: string; ctx: CheckContext; cleanup(): void } {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  const cwd = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(path.join(cwd, 'data'), { recursive: true });
  writeFileSync(path.join(cwd, 'data', 'db.sqlite'), '');
  writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data]\n');
  execFileSync('git', ['init', '-q', cwd], { stdio: 'ignore' });
  for (const d of ['.ssh', '.aws', '.kube']) mkdirSync(path.join(home, d), { recursive: true });
  const env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_STATE_HOME: path.join(root, 'xdg-state') };
  return { root, ctx: { cwd, env, home, envComplete: true }, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
