// A rule's `only-in`: the finding stands only where its target resolves (by evidence) to one of
// the named environments. A one-step rollback on a dev database is everyday work; the same on a
// database the session's DATABASE_URL names as production is not.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { tempProject } from '../helpers/project.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => ({ root, project, home, env } = tempProject('cs-only-in-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = async (cmd: string, extra: Record<string, string> = {}) => {
  const config = await loadConfig({ cwd: project, env, home });
  const { quickIndex } = await import('../../src/rules/quick.js');
  return check(cmd, { cwd: project, env: { ...env, ...extra }, home, envComplete: true }, { config, index: quickIndex(config) });
};

describe('only-in', () => {
  it('a rollback pauses where the session environment names production, not elsewhere', async () => {
    for (const line of ['alembic downgrade -1', 'bin/rails db:rollback STEP=1', 'npx knex migrate:rollback', 'sqlx migrate revert']) {
      const prod = await run(line, { DATABASE_URL: 'postgres://app@db.prod.acme.com/app' });
      expect(prod.decision, line).toBe('confirm');
      expect(prod.findings.map((f) => f.rule), line).toContain('databases/migration-rollback-on-production');
      expect(prod.findings.find((f) => f.rule === 'databases/migration-rollback-on-production')!.target.environment).toBe('production');
      for (const url of ['postgres://app@localhost/app', 'postgres://app@db.staging.acme.com/app']) {
        const r = await run(line, { DATABASE_URL: url });
        expect(r.findings.map((f) => f.rule), `${line} on ${url}`).not.toContain('databases/migration-rollback-on-production');
      }
    }
  });

  it('a team rule may use it; an empty list is a load error', async () => {
    writeFileSync(
      path.join(project, '.countersign.yaml'),
      'rules:\n  - id: team/ourctl-rewind\n    severity: high\n    summary: rewinds the event store\n    target: database\n    only-in: [production]\n    match: { command: ourctl, subcommand: rewind }\n    tests: { match: [ourctl rewind], no-match: [ourctl status] }\n',
    );
    expect((await run('ourctl rewind', { DATABASE_URL: 'postgres://app@db.prod.acme.com/app' })).decision).toBe('confirm');
    expect((await run('ourctl rewind', { DATABASE_URL: 'postgres://app@localhost/app' })).findings.map((f) => f.rule)).not.toContain('team/ourctl-rewind');
    writeFileSync(path.join(project, '.countersign.yaml'), 'rules:\n  - id: team/x\n    severity: high\n    summary: xx x\n    only-in: []\n    match: { command: ourctl }\n');
    const cfg = await loadConfig({ cwd: project, env, home });
    expect(cfg.errors.map((e) => e.message).join()).toMatch(/only-in/);
  });
});
