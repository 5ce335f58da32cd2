// A framework's reset in its test environment where nothing names a database (common.ts
// unconfiguredTest): in the README's bare fixture (no config, no variables naming servers) it can
// only fail or reach a local test database, so it is LOCAL and the default policy lets a `high`
// reset there run. Anything that could name a server keeps it unknown or production.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/engine.js';
import { bareFixture, detectionFixture } from '../../helpers/detection-fixture.js';

const TEST_RESETS = [
  'RAILS_ENV=test bin/rails db:reset',
  'bin/rails db:drop db:create db:schema:load RAILS_ENV=test',
  'export RAILS_ENV=test; bundle exec rails db:reset',
  'MIX_ENV=test mix ecto.reset',
  'php artisan migrate:fresh --env=testing --seed',
  'APP_ENV=testing php artisan db:wipe --force',
  'python manage.py flush --noinput --settings=config.settings.test',
];

// The same with one change that can reach a real database, or that doesn't name the test env.
const STILL_PAUSED = [
  'bin/rails db:reset',
  'RAILS_ENV=production bin/rails db:reset',
  'RAILS_ENV=$TARGET_ENV bin/rails db:reset',
  'source .env.production && RAILS_ENV=test bin/rails db:reset',
  'echo "DATABASE_URL=postgres://db.prod.example.com/app" > .env && RAILS_ENV=test bin/rails db:reset',
  'RAILS_ENV=test DATABASE_URL=postgres://db.prod.example.com/app bin/rails db:reset',
  'mix ecto.reset',
  'MIX_ENV=test DATABASE_URL=ecto://db.prod.example.com/app mix ecto.reset',
  'php artisan migrate:fresh --seed',
  'DB_HOST=db.prod.example.com php artisan migrate:fresh --env=testing',
  'python manage.py flush --noinput',
  'python manage.py flush --noinput --settings=config.settings.production',
  'DATABASE_URL=postgres://db.prod.example.com/app python manage.py flush --noinput --settings=config.settings.test',
];

describe('test-environment resets with nothing configured', () => {
  let bare: ReturnType<typeof bareFixture>;
  beforeAll(() => {
    bare = bareFixture('countersign-unconfigured-test-');
  });
  afterAll(() => bare.cleanup());

  it.each(TEST_RESETS)('names a local test database and runs: %s', async (line) => {
    const r = await check(line, bare.ctx);
    expect(r.decision, r.findings.map((f) => `${f.rule} ${f.target.environment}`).join()).toBe('allow');
    const f = r.findings.find((x) => x.rule.startsWith('databases/'));
    expect(f?.target.environment).toBe('local');
    expect(f?.target.evidence.join(' ')).toMatch(/nothing names a server/);
  });

  it.each(STILL_PAUSED)('pauses: %s', async (line) => {
    expect((await check(line, bare.ctx)).decision).toBe('confirm');
  });

  it('a .env file on disk, or the project config itself, takes the decision away', async () => {
    const ctx = { ...bare.ctx, cwd: path.join(bare.root, 'with-env') };
    mkdirSync(ctx.cwd, { recursive: true });
    writeFileSync(path.join(ctx.cwd, '.env'), 'DATABASE_URL=postgres://db.prod.example.com/app\n');
    expect((await check('RAILS_ENV=test bin/rails db:reset', ctx)).decision).toBe('confirm');
    const cfg = { ...bare.ctx, cwd: path.join(bare.root, 'with-config') };
    mkdirSync(path.join(cfg.cwd, 'config'), { recursive: true });
    writeFileSync(path.join(cfg.cwd, 'config', 'database.yml'), 'test:\n  adapter: postgresql\n  host: db.prod.example.com\n  database: app\n');
    const r = await check('RAILS_ENV=test bin/rails db:reset', cfg);
    expect(r.decision).toBe('confirm');
    expect(r.findings[0]?.target.environment).toBe('production');
  });

  it('with DATABASE_URL naming production in the environment, every one pauses', async () => {
    const det = detectionFixture('countersign-unconfigured-test-det-');
    try {
      for (const line of TEST_RESETS) expect((await check(line, det.ctx)).decision, line).toBe('confirm');
    } finally {
      det.cleanup();
    }
  });
});
