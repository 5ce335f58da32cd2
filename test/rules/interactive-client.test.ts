// An interactive database client on production whose input the caller may write (an agent driving
// a pty types statements into it later): `databases/interactive-client` pauses it only where that
// input is open, and a real `countersign -c` reads whether it is (a pipe: open; /dev/null: not).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';
import { BIN } from '../helpers/fixture.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-repl-'));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state') };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = async (cmd: string, inputOpen: boolean) => {
  const config = await loadConfig({ cwd: project, env, home });
  return check(cmd, { cwd: project, env, home, envComplete: true, inputOpen }, { config, index: quickIndex(config) });
};
const rules = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => f.rule);

const PROD = 'postgres://app@db.prod.acme.com/app';

describe('databases/interactive-client', () => {
  it('pauses a production client whose input the caller may write, and names the target', async () => {
    for (const cmd of [`psql ${PROD}`, 'redis-cli -h redis.prod.acme.com', 'mongosh "mongodb+srv://admin@prod-cluster.abc12.mongodb.net/shop"', `kubectl --context prod exec -it db-0 -- psql -U postgres`]) {
      const r = await run(cmd, true);
      expect(rules(r), cmd).toContain('databases/interactive-client');
      expect(r.findings.find((f) => f.rule === 'databases/interactive-client')!.target.environment, cmd).toBe('production');
    }
    expect(rules(await run('psql "$PROD_DATABASE_URL"', true))).toContain('databases/interactive-client');
  });

  it('stays quiet where the input is closed (hooks, check), the statements are on the line, or the target is local', async () => {
    expect(rules(await run(`psql ${PROD}`, false))).not.toContain('databases/interactive-client');
    for (const cmd of [`psql ${PROD} -c 'SELECT 1'`, `echo 'SELECT 1' | psql ${PROD}`, `psql ${PROD} < report.sql`, `psql ${PROD} -l`, 'psql -h localhost app_dev', 'redis-cli -h redis.prod.acme.com INFO', 'bash -c "psql ' + PROD + ' < /dev/null"']) {
      expect(rules(await run(cmd, true)), cmd).not.toContain('databases/interactive-client');
    }
  });

  it('countersign -c: input on a pipe pauses (exit 126 with no terminal), input on /dev/null runs', () => {
    const cenv = { ...env, CI: 'true' };
    const piped = spawnSync(BIN, ['-c', `psql ${PROD}`], { cwd: project, env: cenv, input: '', encoding: 'utf8' });
    expect(piped.status).toBe(126);
    expect(piped.stderr).toContain('databases/interactive-client');
    // psql itself then runs (and fails: the host doesn't resolve here), unpaused.
    const closed = spawnSync('sh', ['-c', `"$0" -c 'psql ${PROD}' < /dev/null`, BIN], { cwd: project, env: cenv, encoding: 'utf8' });
    expect(closed.status).not.toBe(126);
    expect(closed.stderr).not.toContain('databases/interactive-client');
  });
});
