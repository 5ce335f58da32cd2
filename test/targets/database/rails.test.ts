// src/targets/database/rails.ts on its own: RAILS_ENV and config/database.yml.
import { describe, expect, it } from 'vitest';
import { rails } from '../../../src/targets/database/rails.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, world } from '../helpers.js';

function rl(argv: string, yml: string, env: Record<string, string> = {}) {
  const w = world({ project: { Gemfile: "gem 'rails'\n", 'config/database.yml': yml } });
  return rails(makeRun(inv(argv, { cwd: w.project }), ctx(w.home, w.project, env)));
}

const YML = `
development:
  adapter: postgresql
  database: app_dev
production:
  cache:
    adapter: postgresql
    host: cache.prod.x
  primary:
    adapter: postgresql
    host: <%= ENV.fetch("DB_HOST") { "pg.prod.acme.internal" } %>
    database: app
test:
  adapter: sqlite3
  database: db/test.sqlite3
`;

describe('rails resolver', () => {
  it('takes RAILS_ENV=... as an argument, and the primary of a multi-database section (not the first)', () => {
    const [c] = rl('rails db:drop RAILS_ENV=production', YML);
    expect(c?.facts).toMatchObject({ host: 'pg.prod.acme.internal', database: 'app', 'app-env': 'production' });
    expect(c?.evidence[0]).toBe('RAILS_ENV=production (argument)');
  });

  it('fills ERB from the environment before its default', () => {
    expect(rl('rails db:drop -e production', YML, { DB_HOST: 'pg.staging.x' })[0]?.facts['host']).toBe('pg.staging.x');
  });

  it('defaults to development on the local socket, and reads a sqlite3 adapter as a file', () => {
    const [d] = rl('rails db:reset', YML);
    expect(d?.facts).toMatchObject({ database: 'app_dev', 'app-env': 'development' });
    expect(d?.evidence.join()).toContain('no host in development');
    expect(rl('rails db:reset', YML, { RAILS_ENV: 'test' })[0]?.facts['sqlite-file']).toMatch(/db\/test\.sqlite3$/);
  });

  it('is unknown for a missing section or a rake task that is not db:', () => {
    expect(rl('rails db:drop -e staging', YML)[0]?.environment).toBe('unknown');
    expect(rl('rake assets:precompile', YML)[0]?.environment).toBe('unknown');
  });
});
