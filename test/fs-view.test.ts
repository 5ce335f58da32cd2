// One line's view of the disk: a path is stat'ed once while a line is judged, and afresh for the
// next line (a long-lived session or hook server must see a marker the person added in between).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, engineFor } from '../src/engine.js';
import { during, existsView, listView } from '../src/fs-view.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'cs-fsview-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('fs-view', () => {
  it('inside during() a path is looked at once; outside, every time', () => {
    const f = path.join(base, 'later');
    during(() => {
      expect(existsView(f)).toBe(false);
      writeFileSync(f, 'x');
      expect(existsView(f)).toBe(false);
      expect(listView(base)?.map((e) => e.name)).toContain('later');
    });
    expect(existsView(f)).toBe(true);
    rmSync(f);
    expect(existsView(f)).toBe(false);
  });

  it('a failing run leaves no memo behind', () => {
    const f = path.join(base, 'after-throw');
    expect(() => during(() => (existsView(f), (() => { throw new Error('x'); })()))).toThrow('x');
    writeFileSync(f, 'x');
    expect(existsView(f)).toBe(true);
  });

  it("one engine, two lines: a marker added between them counts for the second", async () => {
    const dir = path.join(base, 'proj');
    const home = path.join(base, 'home');
    mkdirSync(path.join(dir, 'keep'), { recursive: true });
    mkdirSync(home, { recursive: true });
    const ctx = { cwd: dir, home, env: { PATH: '/usr/bin:/bin', HOME: home, XDG_STATE_HOME: path.join(base, 'state'), XDG_CONFIG_HOME: path.join(base, 'cfg') }, envComplete: true };
    const engine = await engineFor(ctx);
    expect((await check('rm -rf keep', ctx, engine)).decision).toBe('allow');
    writeFileSync(path.join(dir, 'keep', '.countersign-protected'), '');
    expect((await check('rm -rf keep', ctx, engine)).decision).toBe('confirm');
  });
});
