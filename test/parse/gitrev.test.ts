// `git archive REV | tar -x -C "$tmp"` (rt26k): the unpacked files are the revision's committed
// text, read from .git's objects (loose, then packed with deltas after gc), not the work tree's.
// Real repositories, real check().
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { revisionTree } from '../../src/parse/gitrev.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const git = (...a: string[]) => execFileSync('git', ['-C', fx.ctx.cwd, '-c', 'user.email=a@b', '-c', 'user.name=a', ...a], { stdio: 'ignore' });
const decide = async (line: string) => (await check(line, fx.ctx)).decision;
const pkg = (test: string) => JSON.stringify({ name: 'x', scripts: { test, build: 'tsc' } }) + '\n';
const LINE = `set -euo pipefail; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; git archive HEAD | tar -x -C "$tmp"; (cd "$tmp" && npm ci && npm test)`;

beforeAll(() => {
  fx = detectionFixture('countersign-gitrev-');
});
afterAll(() => fx.cleanup());

describe('git archive into a mktemp dir', () => {
  it('an unborn HEAD makes no archive', () => {
    expect(revisionTree(fx.ctx.cwd, 'HEAD', [])).toBe('absent');
  });

  it("reads HEAD's package.json, not the work tree's", async () => {
    writeFileSync(path.join(fx.ctx.cwd, 'package.json'), pkg('rm -rf ~'));
    git('add', 'package.json');
    git('commit', '-qm', 'one');
    writeFileSync(path.join(fx.ctx.cwd, 'package.json'), pkg('vitest run'));
    git('commit', '-qam', 'two');
    writeFileSync(path.join(fx.ctx.cwd, 'package.json'), pkg('rm -rf ~'));
    const tree = revisionTree(fx.ctx.cwd, 'HEAD', []);
    expect(tree && tree !== 'absent' && tree.file('package.json')).toBe(pkg('vitest run'));
    expect(await decide(LINE)).toBe('allow');
    // HEAD~1 is not read (only HEAD, a ref name or a full object name).
    expect(await decide(LINE.replace('HEAD', 'HEAD~1'))).not.toBe('allow');
    // Packed, with deltas.
    git('gc', '-q');
    const packed = revisionTree(fx.ctx.cwd, 'HEAD', []);
    expect(packed && packed !== 'absent' && packed.file('package.json')).toBe(pkg('vitest run'));
    expect(packed && packed !== 'absent' && packed.file('nope.json')).toBeUndefined();
    expect(await decide(LINE)).toBe('allow');
  });

  it("pauses on HEAD's own destructive script, a commit first, another repository", async () => {
    writeFileSync(path.join(fx.ctx.cwd, 'package.json'), pkg('rm -rf ~'));
    expect(await decide(`git commit -qam three; ${LINE}`)).not.toBe('allow');
    git('commit', '-qam', 'three');
    expect(await decide(LINE)).not.toBe('allow');
    expect(await decide(LINE.replace('git archive', 'git -C ../other archive'))).not.toBe('allow');
  });

  it('export-subst or a filter in .gitattributes makes the files unknown', async () => {
    writeFileSync(path.join(fx.ctx.cwd, 'package.json'), pkg('vitest run'));
    writeFileSync(path.join(fx.ctx.cwd, '.gitattributes'), 'package.json export-subst\n');
    git('add', '.gitattributes', 'package.json');
    git('commit', '-qm', 'four');
    const tree = revisionTree(fx.ctx.cwd, 'HEAD', []);
    expect(tree && tree !== 'absent' && tree.file('package.json')).toBeNull();
    expect(await decide(LINE)).not.toBe('allow');
  });
});
