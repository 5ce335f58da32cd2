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

// "$(mktemp -d)" is not trusted as a fresh directory: mktemp may fail (TMPDIR=/nonexistent makes
// `"$(mktemp -d)"/` into `/`), and the line can redefine it (a function, PATH, hash -p).
describe('a "$(mktemp -d)" destination', () => {
  it('still pauses', async () => {
    for (const l of [
      'rsync -a --delete src/ "$(mktemp -d)"/',
      'mktemp() { echo /; }; rm -rf "$(mktemp -d)"',
      'PATH=/tmp/evil:$PATH; rm -rf "$(mktemp -d)"',
      'hash -p /tmp/evil/mk mktemp; rm -rf "$(mktemp -d)"',
    ]) expect(await decide(l), l).toBe('confirm');
  });
});

describe('fnmatch as find -name reads it', () => {
  it('matches at least what find would', async () => {
    const { fnmatchRegex } = await import('../../src/rules/find.js');
    const yes: Array<[string, string]> = [['[!a]b.sqlite', 'db.sqlite'], ['[^a]b.sqlite', 'db.sqlite'], ['\\db.sqlite', 'db.sqlite'], ['*', '.hidden'],
      ['db.sql?te', 'db.sqlite'], ['[[:alpha:]]b.sqlite', 'db.sqlite'], ['[]d]b.sqlite', 'db.sqlite'], ['[a-e]b.*', 'db.sqlite'], ['+(x)', '+(x)'], ['{a,b}', '{a,b}']];
    const no: Array<[string, string]> = [['+(db).sqlite', 'db.sqlite'], ['{db,x}.sqlite', 'db.sqlite'], ['!x', 'db.sqlite'], ['*.pyc', 'db.sqlite']];
    for (const [p, n] of yes) expect(fnmatchRegex(p, false).test(n), p).toBe(true);
    for (const [p, n] of no) expect(fnmatchRegex(p, false).test(n), p).toBe(false);
    expect(fnmatchRegex('DB.*', true).test('db.sqlite')).toBe(true);
  });
  it('so a disguised pattern for a protected file still pauses', async () => {
    expect(await decide("find . -name '[!a]b.sqlite' -delete")).toBe('confirm');
    expect(await decide("find . -name '\\db.sqlite' -delete")).toBe('confirm');
    expect(await decide("find . -name '[[:alpha:]]b.sqlite' -delete")).toBe('confirm');
  });
});

describe('find ... -exec rm {} with name filters', () => {
  it('allows what the filters keep away from protected files', async () => {
    expect(await decide("find . -name '*.pyo' -exec rm -f {} +")).toBe('allow');
    expect(await decide("find . -type d -name __pycache__ -exec rm -rf {} +")).toBe('allow');
    expect(await decide("find . -name '*.orig' -exec rm -f '{}' \\;")).toBe('allow');
  });
  it('pauses a filter that reaches a protected file, other paths, and {} inside a longer word', async () => {
    expect(await decide("find . -name '*.sqlite' -exec rm -f {} +")).toBe('confirm');
    expect(await decide("find . -name '*.pyo' -exec rm -rf data {} +")).toBe('confirm');
    expect(await decide("find . -name __pycache__ -exec rm -rf {}/../../data \\;")).toBe('confirm');
    expect(await decide("find . -name '*.pyo' -o -name '*' -exec rm -f {} +")).toBe('confirm');
  });
});

describe('a start point protected only as itself (every top-level dir: /*)', () => {
  it('is spared when its own name fails the filter', async () => {
    expect(await decide("find /tmp -maxdepth 1 -name 'pytest-*' -mtime +1 -exec rm -rf {} +")).toBe('allow');
    expect(await decide("find /tmp -maxdepth 1 -name 'pytest-*' -delete")).toBe('allow');
  });
  it('pauses when the filter selects the start point, when there is no filter, and for system dirs', async () => {
    expect(await decide("find /tmp -name 'tm*' -exec rm -rf {} +")).toBe('confirm');
    expect(await decide("find /tmp -name '*' -delete")).toBe('confirm');
    expect(await decide('find /tmp -exec rm -rf {} +')).toBe('confirm');
    expect(await decide("find /etc -name '*.bak' -delete")).toBe('confirm');
    expect(await decide("find / -name 'pytest-*' -delete")).toBe('confirm');
  });
});

// An OR of ANDs: `! -path X` and -prune branches only narrow; each branch that acts needs its own
// name filter before its first action (red team 5a).
describe('find expressions read as an OR of ANDs', () => {
  it('allows narrowing tests, negated ones and a pruned branch around a name filter', async () => {
    expect(await decide("find . -name '*.log' -not -path './node_modules/*' -delete")).toBe('allow');
    expect(await decide("find . -name '.DS_Store' ! -path './.git/*' -print -delete")).toBe('allow');
    expect(await decide("find . -path ./node_modules -prune -o -name '*.tsbuildinfo' -print -delete")).toBe('allow');
    expect(await decide("find . -name '*.pyo' -newermt 2024-01-01 -not -name 'keep*' -delete")).toBe('allow');
    expect(await decide("find . ! ! -name '*.pyo' -delete")).toBe('allow');
  });
  it('allows a group of name tests that bounds every action (red team 6)', async () => {
    expect(await decide("find . \\( -name '*.rej' -o -name '*.orig' \\) -delete")).toBe('allow');
    expect(await decide("find . -type f \\( -name '*.rej' -o -name '*.orig' \\) -print0 | xargs -0 rm -f")).toBe('allow');
    expect(await decide("find . \\( -name '*.pyo' -o \\( -name '*.bak' -a -type f \\) \\) -exec rm -f {} +")).toBe('allow');
    expect(await decide("find . -path ./node_modules -prune -o \\( -name '*.orig' -o -name '*.rej' \\) -print -delete")).toBe('allow');
  });
  it('pauses a group with an unbounded branch, a negated group, a list, an action inside a group before its filter', async () => {
    for (const l of [
      "find . \\( -name '*.rej' -o -type f \\) -delete",
      "find . ! \\( -name '*.rej' -o -name '*.orig' \\) -delete",
      "find . \\( -name '*.rej' , -type f \\) -delete",
      "find . \\( -delete -o -name '*.rej' \\) -print",
      "find . \\( -name '*.rej' -prune -o -print0 \\) | xargs -0 rm -f",
      "find . \\( -name '*.orig' \\) -delete -o \\( -type f -delete \\)",
      "find . \\( -name '*.orig' -o -name 'db.*' \\) -exec rm -f {} +",
      "find . \\( -name '*.orig' -o -name '*.rej' -delete",
      "find . -name '*.orig' \\) -delete",
    ]) expect(await decide(l), l).toBe('confirm');
  });
  it('pauses a branch that acts without its own filter, a filter after the action, and a group that selects a protected file', async () => {
    for (const l of [
      "find . -name '*.sqlite' -not -path './node_modules/*' -delete",
      "find . -path ./node_modules -prune -o -print -delete",
      "find . -path ./node_modules -prune -o -name '*.pyo' -delete -o -delete",
      "find . -delete -name '*.pyo'",
      "find . -name '*.pyo' -o -type f -delete",
      "find . -name '*.pyo' -prune -o -exec rm -rf {} +",
      "find . \\( -name '*.pyo' -o -name '*.sqlite' \\) -delete",
      "find . -name '*.pyo' -delete , -delete",
      "find -L . -name '*.pyo' -not -path './x/*' -delete",
      "find . -not -name '*.pyo' -type f -delete",
      "find . -name '*.pyo' -path \"$P\" -o -delete",
    ]) expect(await decide(l), l).toBe('confirm');
  });
});

describe('find -exec with several start points', () => {
  it('reads {} under each of them', async () => {
    expect(await decide('find src tests -name __pycache__ -type d -exec rm -rf {} +')).toBe('allow');
    expect(await decide("find src data -name '*.sqlite' -exec rm -f {} +")).toBe('confirm');
    expect(await decide('find tests data -type f -exec rm {} +')).toBe('confirm');
  });
  it('pauses a filter that selects a directory holding a protected one (the start point by its name)', async () => {
    expect(await decide(`find ${ctx.cwd} -name ${path.basename(ctx.cwd)} -exec rm -rf {} +`)).toBe('confirm');
    mkdirSync(path.join(ctx.cwd, 'nest', 'data'), { recursive: true });
    writeFileSync(path.join(ctx.cwd, 'nest', 'data', '.countersign-protected'), '');
    expect(await decide('find . -name nest -type d -exec rm -rf {} +')).toBe('confirm');
  });
});

// `rg --files -g GLOB | xargs rm`: the files rg lists, bounded by a plain glob read as find's -name
// (red team 6).
describe('rg --files with globs piped to xargs', () => {
  it('allows globs nothing protected matches', async () => {
    expect(await decide("rg --files -g '*.orig' | xargs -r rm -f")).toBe('allow');
    expect(await decide("rg --files -g '*.orig' -g '*.rej' src tests | xargs rm -f")).toBe('allow');
    expect(await decide("rg --files --glob='*.rej' | xargs -r rm -f")).toBe('allow');
  });
  it('pauses a glob that selects a protected file, no glob, only exclusions, braces, run-time globs', async () => {
    for (const l of [
      "rg --files -g '*.sqlite' | xargs -r rm -f",
      "rg --files --iglob 'DB.*' | xargs -r rm -f",
      "rg --files -g '*.orig' -g '*' | xargs -r rm -f",
      "rg --files -g '!*.orig' | xargs -r rm -f",
      'rg --files | xargs -r rm -f',
      "rg --files -g '*.{orig,sqlite}' | xargs -r rm -f",
      'rg --files -g "$P" | xargs rm',
      "rg --files -L -g '*.orig' | xargs rm -f",
    ]) expect(await decide(l), l).toBe('confirm');
  });
});
