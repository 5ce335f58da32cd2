// src/targets/database/common.ts: a connection URL of any engine.
import { describe, expect, it } from 'vitest';
import { fromUrl } from '../../../src/targets/database/common.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv } from '../helpers.js';

const run = makeRun(inv('tool', { cwd: '/srv/app' }), ctx('/home/u', '/srv/app'));

describe('fromUrl', () => {
  it('names the engine from the scheme, jdbc: included', () => {
    expect(fromUrl('mysql2://db.x/shop', [], run, '/srv/app').resource).toBe('mysql db.x/shop');
    expect(fromUrl('jdbc:postgresql://pg.x:5432/app', [], run, '/srv/app').resource).toBe('postgres pg.x:5432/app');
    expect(fromUrl('mongodb+srv://c.x/db', [], run, undefined).resource).toBe('mongodb c.x/db');
  });

  it('resolves a relative sqlite file against the base, and is unknown without one', () => {
    expect(fromUrl('file:./dev.db', [], run, '/srv/app/prisma').facts['sqlite-file']).toBe('/srv/app/prisma/dev.db');
    expect(fromUrl('sqlite:dev.db', [], run, undefined).environment).toBe('unknown');
  });

  it('a postgres URL without a host is the unix socket; an unreadable one is unknown', () => {
    expect(fromUrl('postgres:///app', [], run, undefined).facts['host']).toMatch(/^\//);
    expect(fromUrl('not a url', [], run, undefined).environment).toBe('unknown');
  });

  it('keeps the password out of facts', () => {
    expect(fromUrl('postgres://u:s3cret@pg.x/app', [], run, undefined).facts['url']).not.toContain('s3cret');
  });
});
