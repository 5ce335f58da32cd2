// The opt-in `availability` pack: production outages that lose no data (scale to zero, stop a
// database, maintenance mode) stay quiet by default and pause where a team extends the pack, and
// only where the target resolves as production.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-availability-'));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  env = { HOME: home, PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state') };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const team = (yaml: string) => writeFileSync(path.join(project, '.countersign.yaml'), yaml);
const run = async (cmd: string) => {
  const config = await loadConfig({ cwd: project, env, home });
  return check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) });
};

const OUTAGES = [
  'kubectl --context prod scale deploy/api --replicas=0',
  'AWS_PROFILE=prod aws ecs update-service --cluster shop --service api --desired-count 0',
  'fly scale count 0 -a shop-production',
  'heroku maintenance:on -a shop-production',
];

describe('availability pack', () => {
  it('is not on by default: an outage that loses no data runs', async () => {
    team('protected-paths: [data]\n');
    for (const cmd of OUTAGES) expect((await run(cmd)).decision, cmd).toBe('allow');
  });

  it('pauses the same lines in production once the team extends it', async () => {
    team('extends: [recommended, availability]\n');
    for (const cmd of OUTAGES) {
      const r = await run(cmd);
      expect(r.decision, cmd).toBe('confirm');
      expect(r.findings.some((f) => f.rule.startsWith('availability/')), cmd).toBe(true);
    }
  });

  it('stays quiet where the target is not production', async () => {
    team('extends: [recommended, availability]\n');
    for (const cmd of ['kubectl --context kind-dev scale deploy/api --replicas=0', 'fly scale count 0 -a shop-staging', 'kubectl --context prod scale deploy/api --replicas=2']) {
      expect((await run(cmd)).decision, cmd).toBe('allow');
    }
  });
});
