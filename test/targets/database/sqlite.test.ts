// src/targets/database/sqlite.ts on its own.
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlSources } from '../../../src/rules/index.js';
import { sqlite } from '../../../src/targets/database/sqlite.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, type InvOptions } from '../helpers.js';

const s = (argv: string | string[], o: InvOptions = {}) => sqlite(makeRun(inv(argv, { cwd: '/srv/app', ...o }), { ...ctx('/home/u', '/srv/app'), sqlSources }));

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

  it('marks a database that ends with the command as ephemeral, only when its SQL reaches no other file', () => {
    expect(s('sqlite3 :memory: DROP_TABLE_T').facts['ephemeral']).toBe('in-memory database');
    expect(s(['sqlite3', ':memory:', 'DROP TABLE IF EXISTS t']).facts['ephemeral']).toBe('in-memory database');
    expect(s(['duckdb', '-c', 'DROP TABLE t']).facts['ephemeral']).toBe('in-memory database');
    expect(s(['duckdb', '-c', 'DROP TABLE t']).resource).toBe('duckdb :memory:');
    expect(s(['sqlite3', '/tmp/scratch.db', 'DROP TABLE users']).facts['ephemeral']).toBe('scratch file');
    expect(s(['sqlite3', '/tmp/scratch.db', 'DROP TABLE users']).environment).toBe('local');
    // A home under /tmp (a sandbox's, a test's) is still a home.
    const h = mkdtempSync('/tmp/cs-sqlite-home-');
    writeFileSync(join(h, 'app.db'), 'x');
    const tmpHome = (argv: string[]) => sqlite(makeRun(inv(argv, { cwd: '/srv/app' }), { ...ctx(h, '/srv/app'), sqlSources }));
    expect(tmpHome(['sqlite3', join(h, 'app.db'), 'DROP TABLE users']).facts['ephemeral']).toBeUndefined();
    expect(tmpHome(['sqlite3', '/tmp/scratch.db', 'DROP TABLE users']).facts['ephemeral']).toBe('scratch file');
    rmSync(h, { recursive: true, force: true });
    // Reaching out: another file attached or opened, a file written, an extension loaded.
    for (const sql of ["ATTACH 'data/db.sqlite' AS d; DROP TABLE d.users", '.open data/db.sqlite', "VACUUM INTO 'data/db.sqlite'", "SELECT load_extension('x')", '.shell rm -rf data', "COPY t TO 'data/x'"]) {
      if (!sql.startsWith('COPY')) expect(s(['sqlite3', ':memory:', sql]).facts['ephemeral'], sql).toBeUndefined();
      expect(s(['sqlite3', '/tmp/x.db', sql]).facts['ephemeral'], sql).toBeUndefined();
    }
    // In memory, duckdb's COPY … TO/FROM a named file reaches that file only (judged by
    // filesystem/inline-delete), no other database (rt25k1); anything else it names still counts.
    expect(s(['duckdb', '-c', "CREATE TABLE t AS SELECT 1; COPY t TO 'out/t.parquet'; DROP TABLE t"]).facts['ephemeral']).toBe('in-memory database');
    expect(s(['duckdb', '-c', "COPY t TO 'out/t.csv'; ATTACH 'data/db.sqlite' AS d; DROP TABLE d.users"]).facts['ephemeral']).toBeUndefined();
    expect(s(['duckdb', '-c', "COPY (SELECT * FROM postgres_scan('host=prod', 'public', 'users')) TO 'x.csv'; DROP TABLE t"]).facts['ephemeral']).toBeUndefined();
    // SQL that can't be seen, a project file (on disk), a temp directory itself.
    expect(s(['sqlite3', ':memory:', '$SQL'], { dynamic: [2] }).facts['ephemeral']).toBeUndefined();
    const proj = mkdtempSync('/tmp/cs-sqlite-proj-');
    try {
      mkdirSync(join(proj, 'data'));
      writeFileSync(join(proj, 'data', 'db.sqlite'), '');
      writeFileSync(join(proj, 'app.db'), '');
      const p = (argv: string[], cwd = proj) => sqlite(makeRun(inv(argv, { cwd }), { ...ctx('/home/u', proj), sqlSources }));
      expect(p(['sqlite3', 'data/db.sqlite', 'DROP TABLE users']).facts['ephemeral']).toBeUndefined();
      expect(p(['sqlite3', `/tmp/..${proj}/data/db.sqlite`, 'DROP TABLE users']).facts['ephemeral']).toBeUndefined();
      // A project cloned into /tmp keeps its files.
      expect(p(['sqlite3', 'app.db', 'DROP TABLE users']).facts['ephemeral']).toBeUndefined();
      // A file only missing here is not taken as a new one: the line may run where it is.
      expect(p(['sqlite3', 'tmp/new.db', 'DROP TABLE IF EXISTS t']).facts['ephemeral']).toBeUndefined();
    } finally {
      rmSync(proj, { recursive: true, force: true });
    }
  });

  it('a scratch file with another hard link is the linked file under another name', () => {
    const dir = mkdtempSync('/tmp/cs-sqlite-');
    try {
      writeFileSync(join(dir, 'one.db'), '');
      writeFileSync(join(dir, 'kept.db'), '');
      linkSync(join(dir, 'kept.db'), join(dir, 'alias.db'));
      expect(s(['sqlite3', join(dir, 'one.db'), 'DROP TABLE t']).facts['ephemeral']).toBe('scratch file');
      expect(s(['sqlite3', join(dir, 'alias.db'), 'DROP TABLE t']).facts['ephemeral']).toBeUndefined();
      // $TMPDIR is the agent's to set: it names no scratch directory (a file kept there, on disk).
      const keep = mkdtempSync(join(homedir(), '.cs-sqlite-keep-'));
      try {
        writeFileSync(join(keep, 'x.db'), 'x');
        const r = sqlite(makeRun(inv(['sqlite3', join(keep, 'x.db'), 'DROP TABLE t'], { cwd: '/srv/app' }), { ...ctx('/home/u', '/srv/app', { TMPDIR: keep }), sqlSources }));
        expect(r.facts['ephemeral']).toBeUndefined();
      } finally {
        rmSync(keep, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
