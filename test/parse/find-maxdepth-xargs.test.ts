// `find ROOT -maxdepth N … | xargs rm -rf`: xargs splits a path at blanks and quotes, so the
// names under ROOT are read first; with -maxdepth N find prints nothing deeper, so only names down
// to that depth count (rt27fp2: `find /tmp -maxdepth 1 -name 'tmp.*' | xargs rm -rf` paused on a
// name with a space deep in someone else's folder under /tmp).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-find-maxdepth-');
  const root = path.join(fx.ctx.cwd!, 'scratch');
  mkdirSync(path.join(root, 'rt-a', 'inner'), { recursive: true });
  mkdirSync(path.join(root, 'keep', 'has space'), { recursive: true });
  writeFileSync(path.join(root, 'rt-a', 'inner', 'x y'), '');
});
afterAll(() => fx.cleanup());
const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe('find -maxdepth piped to xargs rm', () => {
  it('reads only the names find can print', async () => {
    for (const line of ["find scratch -maxdepth 1 -name 'rt-*' | xargs -r rm -rf --", "find scratch -maxdepth 1 -name 'rt-*' -print0 | xargs -0 rm -rf"]) expect(await decision(line), line).toBe('allow');
  });
  it('still pauses for a name with a blank within that depth, no depth limit, or a depth only known at run time', async () => {
    for (const line of [
      "find scratch -maxdepth 2 -name 'rt-*' | xargs -r rm -rf --",
      "find scratch -name 'rt-*' | xargs -r rm -rf --",
      "find scratch -maxdepth $D -name 'rt-*' | xargs -r rm -rf --",
      "find . -maxdepth 1 -name 'da*' | xargs rm -rf",
    ]) expect(await decision(line), line).toBe('confirm');
  });
});
