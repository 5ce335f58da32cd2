// What a line did before a listing piped into xargs (`rg -l X src | xargs sed -i ...`) and whether
// it may have made a name under the listing's root that xargs would cut into other words
// (rt26fp2): `git rm` deletes only, `git mv` within the root renames names already there (as mv),
// and one plain in-place s/// rewrites files already there. A `w` flag or command, a move from
// outside the root, or any other write still leaves the listing unknown. Real files, real check().
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const decide = async (line: string) => (await check(line, fx.ctx)).decision;

beforeAll(() => {
  fx = detectionFixture('countersign-madeunder-');
  for (const d of ['src/v1', 'src/v2', 'vendor/legacy']) mkdirSync(path.join(fx.ctx.cwd, d), { recursive: true });
  writeFileSync(path.join(fx.ctx.cwd, 'src', 'v2', 'a.ts'), 'api/v2\n');
  writeFileSync(path.join(fx.ctx.cwd, 'vendor', 'legacy', 'x data'), 'x\n');
});
afterAll(() => fx.cleanup());

describe('writes before a listing', () => {
  it('allows deletions, moves within the root and plain s/// before it', async () => {
    for (const l of [
      "git rm -r --quiet src/v1 && rg -l 'api/v2' src | xargs sed -i 's#api/v2#api#g'",
      "git mv src/v2 src/api && rg -l 'api/v2' src | xargs sed -i 's#api/v2#api#g'",
      "rg -l foo src | xargs -r sed -i 's/foo/bar/g'; rg -l baz src | xargs -r sed -i 's/baz/qux/g'",
      "rg -l foo src | xargs -r sed -i.bak -E 's/fo+/bar/g'; rg -l bar src | xargs -r sed -i 's/bar/qux/g'",
      "git mv -n src/v2 /tmp/elsewhere && rg -l foo src | xargs rm -f",
    ]) expect(await decide(l), l).toBe('allow');
  });
  it('still pauses when the earlier write may have made such a name', async () => {
    for (const l of [
      "rg -l a src | xargs sed -i 's/a/b/w src/x data'; rg -l b src | xargs rm -rf",
      "rg -l a src | xargs sed -i 's/a/b/g;w src/x data'; rg -l b src | xargs rm -rf",
      "rg -l a src | xargs sed -i -e 's/a/b/' -e 'w src/x data'; rg -l b src | xargs rm -rf",
      "rg -l a src | xargs sed -i 's/a/b/e'; rg -l b src | xargs rm -rf",
      'git mv vendor/legacy src/legacy && rg -l x src | xargs rm -rf',
      'git -C . mv vendor/legacy src/legacy && rg -l x src | xargs rm -rf',
      "git mv data src/data-old && rg -l '' src | xargs rm -rf",
      "git rm -r --cached src/v1 && rg -l TODO . | xargs rm -f",
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});
