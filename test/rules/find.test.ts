// `find ROOT -name PATTERN -delete` over a protected directory: allowed only when nothing in the
// protected directories has a name the filters select (src/rules/find.ts). Real files, real check().
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
let ctx: CheckContext;
const decide = async (line: string) => (await check(line, ctx)).decision;

beforeAll(() => {
  fx = detectionFixture('countersign-find-');
  ctx = fx.ctx;
  mkdirSync(path.join(ctx.cwd, 'src', '__pycache__'), { recursive: true });
  writeFileSync(path.join(ctx.cwd, 'src', '__pycache__', 'a.cpython-312.pyc'), '');
});
afterAll(() => fx.cleanup());

describe('find -delete with name filters over a protected directory', () => {
  it('allows filters nothing protected matches', async () => {
    expect(await decide("find . -name '*.pyc' -delete")).toBe('allow');
    expect(await decide('find . -type d -name __pycache__ -delete')).toBe('allow');
    expect(await decide("find . -iname '*.PYO' -type f -delete")).toBe('allow');
    expect(await decide("find data -name '*.tmp' -delete")).toBe('allow');
  });

  it('pauses when a protected file matches', async () => {
    expect(await decide("find . -name '*.sqlite' -delete")).toBe('confirm');
    expect(await decide("find . -iname 'DB.*' -delete")).toBe('confirm');
    expect(await decide("find . -name 'data' -delete")).toBe('confirm');
  });

  it('pauses when the expression is more than an AND of name tests', async () => {
    expect(await decide("find . -name '*.pyc' -o -name '*' -delete")).toBe('confirm');
    expect(await decide("find . ! -name '*.pyc' -delete")).toBe('confirm');
    expect(await decide("find . -not -name '*.pyc' -delete")).toBe('confirm');
    expect(await decide("find . -path '*/data/*' -delete")).toBe('confirm');
    expect(await decide('find . -name "$P" -delete')).toBe('confirm');
    expect(await decide("find -L . -name '*.pyc' -delete")).toBe('confirm');
    expect(await decide('find . -delete')).toBe('confirm');
  });

  it('pauses once the protected directory holds a matching file', async () => {
    writeFileSync(path.join(ctx.cwd, 'data', 'stale.pyc'), '');
    expect(await decide("find . -name '*.pyc' -delete")).toBe('confirm');
  });

  it('follows a protected path reached through a symlink name only as find would (not at all)', async () => {
    symlinkSync(path.join(ctx.cwd, 'data'), path.join(ctx.cwd, 'link-to-data'));
    expect(await decide("find . -name '*.log' -delete")).toBe('allow');
  });
});

describe('a fresh "$(mktemp -d)" as the destination', () => {
  it('is nothing to lose when quoted and alone', async () => {
    expect(await decide('rsync -a --delete src/ "$(mktemp -d)"')).toBe('allow');
    expect(await decide('rm -rf "$(mktemp -d)"')).toBe('allow');
  });
  it('is checked as what it becomes when mktemp fails, and pauses otherwise', async () => {
    // mktemp failing (TMPDIR=/nonexistent) leaves `/`: rsync --delete src/ / .
    expect(await decide('rsync -a --delete src/ "$(mktemp -d)"/')).toBe('confirm');
    expect(await decide('rsync -a --delete src/ "$(mktemp -d)/etc"')).toBe('confirm');
    expect(await decide('rsync -a --delete src/ "$(mktemp -d)/../data"')).toBe('confirm');
    // Unquoted, a TMPDIR with a space splits it into other paths.
    expect(await decide('rm -rf $(mktemp -d)')).toBe('confirm');
    expect(await decide('rsync -a --delete src/ "$(mktemp)"')).toBe('confirm');
    expect(await decide('rsync -a --delete src/ "$(mktemp -d; echo data)"')).toBe('confirm');
  });
});
