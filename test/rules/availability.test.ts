// The opt-in `availability` pack: production outages that lose no data (scale to zero, stop a
// database, maintenance mode) stay quiet by default and pause where a team extends the pack, and
// only where the target resolves as production.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIn, tempProject, type TempProject } from '../helpers/project.js';

let tp: TempProject;
beforeEach(() => {
  tp = tempProject('cs-availability-');
});
afterEach(() => rmSync(tp.root, { recursive: true, force: true }));

const team = (yaml: string) => writeFileSync(path.join(tp.project, '.countersign.yaml'), yaml);
const run = (cmd: string) => checkIn(tp, cmd);

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
