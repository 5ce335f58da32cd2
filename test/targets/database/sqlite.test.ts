// src/targets/database/sqlite.ts on its own.
import { describe, expect, it } from 'vitest';
import { sqlite } from '../../../src/targets/database/sqlite.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, type InvOptions } from '../helpers.js';

const s = (argv: string | string[], o: InvOptions = {}) => sqlite(makeRun(inv(argv, o), ctx('/home/u', '/srv/app')));

describe('sqlite resolver', () => {
  it('resolves the file against the working directory', () => {
    expect(s('sqlite3 db/dev.sqlite3 .tables', { cwd: '/srv/app' }).facts['sqlite-file']).toBe('/srv/app/db/dev.sqlite3');
  });

  it('is local with no file or :memory:', () => {
    expect(s('sqlite3').environment).toBe('local');
    expect(s('sqlite3 :memory:').resource).toBe('sqlite :memory:');
  });

  it('is unknown for a computed file, or a relative one in an unknown directory', () => {
    expect(s(['sqlite3', '$DB'], { dynamic: [1] }).environment).toBe('unknown');
    expect(s('sqlite3 data.db', { cwd: undefined }).environment).toBe('unknown');
  });
});
