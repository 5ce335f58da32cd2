// `git ls-files PATHSPEC | xargs CMD` (red team 8): the files it lists are under each pathspec's
// literal directory, read like `grep -rl X src | xargs`; names in the index (.git/index, read
// from disk) that xargs could cut into other words, another case of the directory, pathspec
// magic or options that print other text leave the arguments unknown. Real files, real check().
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { parseIndex } from '../../src/parse/gitindex.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const decide = async (line: string) => (await check(line, fx.ctx)).decision;
const git = (...a: string[]) => execFileSync('git', ['-C', fx.ctx.cwd, ...a], { stdio: 'ignore' });

beforeAll(() => {
  fx = detectionFixture('countersign-lsfiles-');
  mkdirSync(path.join(fx.ctx.cwd, 'src', 'a'), { recursive: true });
  writeFileSync(path.join(fx.ctx.cwd, 'src', 'a', 'x.ts'), '');
  writeFileSync(path.join(fx.ctx.cwd, 'lib.ts'), '');
  git('add', 'src', 'lib.ts');
});
afterAll(() => fx.cleanup());

describe('parseIndex', () => {
  it('reads the paths of index versions 2, 3 and 4', () => {
    for (const v of ['2', '3', '4']) {
      git('update-index', '--index-version', v);
      expect(parseIndex(readFileSync(path.join(fx.ctx.cwd, '.git', 'index'))), v).toEqual(['lib.ts', 'src/a/x.ts']);
    }
  });
  it('refuses what is no index', () => {
    expect(parseIndex(Buffer.from('DIRC\0\0\0\x09\0\0\0\x01'))).toBeUndefined();
    expect(parseIndex(Buffer.from('not an index at all'))).toBeUndefined();
  });
});

describe('git ls-files | xargs', () => {
  it('lists files under the pathspec: allowed', async () => {
    for (const l of [
      "git ls-files -z 'src/**/*.ts' | xargs -0 sed -i 's/\\r$//'",
      "git ls-files 'src/*.ts' | xargs perl -pi -e 's/foo/bar/g'",
      'git ls-files --others --exclude-standard src | xargs rm -f',
      "git ls-files -z -- '*.md' | xargs -0 sed -i 's/old/new/g'",
      "git ls-files -o '*.log' '*.tmp' | xargs rm -f",
      "git ls-files --others --ignored --exclude-standard --directory -- src | grep -E '/dist/$' | xargs -r rm -rf",
    ]) expect(await decide(l), l).toBe('allow');
  });
  it('still pauses where the listing may reach data/ or can\'t be read', async () => {
    for (const l of [
      'git ls-files | xargs rm -f',
      "git ls-files 'dat*' | xargs rm -rf",
      'git ls-files data | xargs sed -i s/a/b/',
      'git ls-files -z src | xargs rm -f',
      "git ls-files ':(top)data' | xargs rm -f",
      'git ls-files src/../data | xargs rm -rf',
      'git ls-files DATA | xargs rm -rf',
      'GIT_ICASE_PATHSPECS=1 git ls-files src | xargs rm -rf',
      'GIT_INDEX_FILE=/tmp/idx git ls-files src | xargs rm -rf',
      'git ls-files --format="%(path)" src | xargs rm -rf',
      'git -C .. ls-files src | xargs rm -rf',
      "git ls-files -o '*.sqlite' | xargs rm -f",
      "git ls-files -o '*.md' '*.sqlite' | xargs rm -f",
      "git ls-files -o '*.s*' | xargs rm -f",
      "git ls-files -o '*' | xargs rm -f",
      'git ls-files -o -i --exclude-standard --directory | xargs -r rm -rf',
      'git ls-files -o -i --exclude-standard --directory -- data | xargs -r rm -rf',
    ]) expect(await decide(l), l).not.toBe('allow');
  });
  it('pauses when a path in the index under the pathspec holds a blank', async () => {
    mkdirSync(path.join(fx.ctx.cwd, 'web'), { recursive: true });
    writeFileSync(path.join(fx.ctx.cwd, 'web', 'x data'), '');
    git('add', 'web');
    rmSync(path.join(fx.ctx.cwd, 'web'), { recursive: true });
    expect(await decide('git ls-files web | xargs rm -rf')).not.toBe('allow');
    expect(await decide("git ls-files 'src/*.ts' | xargs rm -f")).toBe('allow');
  });
});

describe('$(LISTING) as unquoted arguments', () => {
  it('are the paths under the listing\'s roots: allowed', async () => {
    for (const l of [
      "perl -pi -e 's/purgeCache/invalidateCache/g' $(git ls-files 'src/*.ts')",
      'sed -i s/old/new/ $(grep -rl old src)',
      "sed -i s/a/b/ $(find src -name '*.ts' | sort | head -3)",
      "sed -i 's/^/# /' $(find . -path ./node_modules -prune -o -name '*.env.example' -print)",
      "rm -rf $(find . -name '*.pyc')",
    ]) expect(await decide(l), l).toBe('allow');
  });
  it('still pause where the paths may reach data/, or the words can\'t be told', async () => {
    for (const l of [
      "sed -i s/a/b/ $(git ls-files '*.ts')",
      'sed -i s/a/b/ $(grep -rl foo .)',
      'rm -rf $(grep -rl foo data)',
      'rm -rf "$(grep -rl foo src)"',
      'rm -rf x$(grep -rl foo src)',
      'IFS=/; rm -rf $(grep -rl foo src)',
      "rm -rf $(find src -name '*.ts'; echo data)",
      "rm -rf $(find src -name '*.ts' | sed s/src/data/)",
      'files=$(git ls-files src); rm -rf $files',
      'rm -rf $(git ls-files src/../data)',
      '$(git ls-files src) --help',
      "rm -f $(find . -name '*.sqlite')",
      "rm -f $(find . -name '*.md' -o -name '*.sqlite')",
      "rm -rf $(find . -name 'dat*')",
      "rm -f $(find . -name '*.md') data/db.sqlite",
      "rm -f $(git ls-files -o '*.sqlite')",
      "rm -f x$(find . -name '*.md')",
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});

// `git grep -l PATTERN -- PATHSPEC | xargs CMD` (rt26fp2): the files it lists are some of those
// `git ls-files -- PATHSPEC` lists, read as that; no -l, options that search other files or print
// other paths, or an operand that may be a revision leave them unknown.
describe('git grep -l | xargs', () => {
  it('lists tracked files under the pathspec: allowed', async () => {
    for (const l of [
      "git grep -lz 'rm -rf' -- 'src/*.ts' | xargs -0 perl -pi -e 's/foo/bar/g'",
      "git grep -l foo src | xargs sed -i 's/foo/bar/g'",
      "git grep -l -e foo -e bar -- src | xargs -r sed -i 's/foo/bar/g'",
      "git grep --files-with-matches -iw foo -- 'src/*.ts' | xargs sed -i 's/foo/bar/g'",
    ]) expect(await decide(l), l).toBe('allow');
  });
  it("still pauses where the listing may reach data/ or can't be read", async () => {
    for (const l of [
      "git grep -l foo | xargs rm -f",
      "git grep -l foo -- . | xargs rm -f",
      "git grep -l foo -- src data | xargs rm -f",
      "git grep foo -- src | xargs rm -f",
      "git grep -l --untracked foo -- src | xargs rm -f",
      "git grep -l --no-index foo src | xargs rm -f",
      "git grep -l --full-name foo -- src | xargs rm -f",
      "git grep -l -O'rm -rf data' foo -- src | xargs rm -f",
      "git grep -l \"$(cat /tmp/pattern)\" src | xargs rm -f",
      "git grep -l foo HEAD~1 | xargs rm -f",
      "git grep -lz foo -- src | xargs rm -f",
      "git grep -c foo -- src | xargs rm -f",
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});

describe('git ls-files | while read (session 26)', () => {
  it("each item lies under the one pathspec's literal directory; a swapped suffix keeps it there", async () => {
    expect(await decide(`git ls-files 'src/**/*.ts' | while read -r f; do git mv "$f" "\${f%.ts}.mts"; done`)).toBe('allow');
    expect(await decide(`git ls-files src | while read -r f; do rm -f "$f"; done`)).toBe('allow');
  });
  it('a protected directory, no pathspec, options, magic or a prefix cut off: paused', async () => {
    expect(await decide(`git ls-files data | while read -r f; do rm -f "$f"; done`)).toBe('confirm');
    expect(await decide(`git ls-files | while read -r f; do rm -f "$f"; done`)).toBe('confirm');
    expect(await decide(`git ls-files -o src | while read -r f; do rm -f "$f"; done`)).toBe('confirm');
    expect(await decide(`git ls-files ':(top)src' | while read -r f; do rm -f "$f"; done`)).toBe('confirm');
    expect(await decide(`git ls-files '../x/*' | while read -r f; do rm -f "$f"; done`)).toBe('confirm');
    expect(await decide(`find data -name '*.sqlite' | while read -r f; do mv "$f" "\${f%.sqlite}.old"; done`)).toBe('confirm');
  });
});
