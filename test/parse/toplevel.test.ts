// `$(git rev-parse --show-toplevel)` prints the repository's top directory, read from disk (red
// team 6): a path under it is judged as that path; where git could be told otherwise or would
// print nothing, the word stays unknown. Real files, real check().
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
let ctx: CheckContext;
let outside: string;
const decide = async (line: string, c = ctx) => (await check(line, c)).decision;

beforeAll(() => {
  fx = detectionFixture('countersign-toplevel-');
  ctx = fx.ctx;
  mkdirSync(path.join(ctx.cwd, 'src', 'deep'), { recursive: true });
  outside = mkdtempSync(path.join(os.tmpdir(), 'countersign-norepo-'));
});
afterAll(() => {
  fx.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

describe('$(git rev-parse --show-toplevel)', () => {
  it('is the repository root, from a subdirectory too', async () => {
    expect(await decide('rm -rf "$(git rev-parse --show-toplevel)/build"')).toBe('allow');
    expect(await decide('cd "$(git rev-parse --show-toplevel)/frontend" && rm -rf node_modules/.cache && npm start')).toBe('allow');
    expect(await decide('cd src/deep && rm -rf "$(git rev-parse --show-toplevel)/dist"')).toBe('allow');
    expect(await decide('rm -rf "$(git rev-parse --show-toplevel)/data"')).toBe('confirm');
    expect(await decide('cd src/deep && rm -rf "$(git rev-parse --show-toplevel)/data/db.sqlite"')).toBe('confirm');
    expect(await decide('cd "$(git rev-parse --show-toplevel)" && rm -rf data')).toBe('confirm');
    expect(await decide('rm -rf "$(git rev-parse --show-toplevel)"/*')).toBe('confirm');
    expect(await decide('rm -rf "$(git rev-parse --show-toplevel)/.."')).toBe('confirm');
  });
  it('stays unknown outside a repository, when git is told where the work tree is, or is redefined', async () => {
    for (const l of [
      `cd ${outside} && rm -rf "$(git rev-parse --show-toplevel)/etc"`,
      'export GIT_WORK_TREE=/; rm -rf "$(git rev-parse --show-toplevel)/etc"',
      'export GIT_DIR=/tmp/x.git; rm -rf "$(git rev-parse --show-toplevel)/etc"',
      'git() { echo /; }; rm -rf "$(git rev-parse --show-toplevel)/etc"',
      'rm -rf "$(git -C /tmp rev-parse --show-toplevel)/etc"',
      'cd .git && rm -rf "$(git rev-parse --show-toplevel)/etc"',
    ]) expect(await decide(l), l).toBe('confirm');
  });
});
