// Paths reached under another name: links the line made earlier (parse/writes.ts records them)
// and symlinks already on disk. Real files in a temp dir.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPathWord, protectedReason, type PathContext } from '../../src/rules/paths.js';
import { builtinProtected } from '../../src/rules/load.js';
import { afterWrites, ANY_LINK, throughLinks } from '../../src/parse/writes.js';
import type { Invocation, Word } from '../../src/parse/types.js';

let root: string;
let ctx: PathContext;
const w = (value: string): Word => ({ value, text: value, dynamic: false, glob: /[*?[]/.test(value) });

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-paths-')));
  mkdirSync(path.join(root, 'data'));
  writeFileSync(path.join(root, 'data', 'db.sqlite'), '');
  mkdirSync(path.join(root, 'scratch'));
  symlinkSync(path.join(root, 'data'), path.join(root, 'old-build'));
  symlinkSync(path.join(root, 'scratch'), path.join(root, 'tmp-link'));
  ctx = { cwd: root, home: path.join(root, 'home'), protectedPaths: [{ path: path.join(root, 'data'), kind: 'subtree', source: 'test' }] };
});

function linksAfter(argv: string[], prev?: ReturnType<typeof afterWrites>): ReturnType<typeof afterWrites> {
  const inv = { argv: argv.map(w), name: argv[0]!, assignments: [], redirects: [], origin: ['top'], cwd: root, vars: {}, text: argv.join(' ') } as unknown as Invocation;
  return afterWrites(inv, { resolve: (p) => path.resolve(root, p), output: () => undefined, prev });
}

describe('symlinks on disk', () => {
  it('a path through an existing symlink to a protected dir is protected', () => {
    expect(checkPathWord(w('old-build/'), ctx)).toMatch(/through a symlink/);
    expect(checkPathWord(w('old-build/*'), ctx)).toMatch(/data/);
    expect(checkPathWord(w('old-build/db.sqlite'), ctx)).toMatch(/data/);
  });
  it('rm of the link itself (no trailing slash) removes the link only', () => {
    expect(checkPathWord(w('old-build'), ctx)).toBeUndefined();
  });
  it('a write (redirect) through it follows the link', () => {
    expect(protectedReason(path.join(root, 'old-build'), ctx)).toMatch(/through a symlink/);
  });
  it('a symlink to a harmless dir stays harmless', () => {
    expect(checkPathWord(w('tmp-link/'), ctx)).toBeUndefined();
    expect(checkPathWord(w('tmp-link/*'), ctx)).toBeUndefined();
  });
});

describe('links the line made', () => {
  it('ln -s, ln (hard), cp -s and -l record the link as its target', () => {
    expect(linksAfter(['ln', '-sfn', 'data', 'build'])?.links?.get(path.join(root, 'build'))).toBe(path.join(root, 'data'));
    expect(linksAfter(['ln', 'data/db.sqlite', 'h'])?.links?.get(path.join(root, 'h'))).toBe(path.join(root, 'data/db.sqlite'));
    expect(linksAfter(['cp', '-s', path.join(root, 'data/db.sqlite'), 'q'])?.links?.get(path.join(root, 'q'))).toBe(path.join(root, 'data/db.sqlite'));
    expect(linksAfter(['cp', '-al', 'data', 'copy'])?.links?.get(path.join(root, 'copy'))).toBe(path.join(root, 'data'));
    // One argument: the link is named after the target, in the current directory.
    expect(linksAfter(['ln', '-s', '/srv/x'])?.links?.get(path.join(root, 'x'))).toBe('/srv/x');
  });
  it('a relative symlink target is read from the link\'s directory; a hard link\'s from the cwd', () => {
    expect(linksAfter(['ln', '-s', '../data', 'scratch/l'])?.links?.get(path.join(root, 'scratch/l'))).toBe(path.join(root, 'data'));
    expect(linksAfter(['ln', '-sr', 'data', 'scratch/l'])?.links?.get(path.join(root, 'scratch/l'))).toBe(path.join(root, 'data'));
  });
  it('into an existing directory, the link lands inside it', () => {
    expect(linksAfter(['ln', '-s', '../data', 'scratch'])?.links?.get(path.join(root, 'scratch/data'))).toBe(path.join(root, 'data'));
  });
  it('links to links, and links moved by mv, keep their target', () => {
    const a = linksAfter(['ln', '-s', 'data', 'a']);
    expect(linksAfter(['ln', '-s', 'a', 'b'], a)?.links?.get(path.join(root, 'b'))).toBe(path.join(root, 'data'));
    expect(linksAfter(['mv', 'a', 'c'], a)?.links?.get(path.join(root, 'c'))).toBe(path.join(root, 'data'));
  });
  it('a symlink on disk copied or moved by the line (cp -a, mv) keeps pointing where it did', () => {
    expect(linksAfter(['cp', '-a', 'old-build', 'b'])?.links?.get(path.join(root, 'b'))).toBe(path.join(root, 'data'));
    expect(linksAfter(['mv', 'old-build', 'c'])?.links?.get(path.join(root, 'c'))).toBe(path.join(root, 'data'));
    expect(linksAfter(['cp', '-a', 'scratch', 'd'])?.links?.has(path.join(root, 'd'))).toBeFalsy();
  });
  it('a run-time target or name is unknown', () => {
    const dyn = { value: '$X', text: '"$X"', dynamic: true, glob: false };
    const inv = (argv: Word[]): Invocation => ({ argv, name: 'ln', assignments: [], redirects: [], origin: ['top'], cwd: root, vars: {}, text: '' }) as unknown as Invocation;
    const env = { resolve: (p: string) => path.resolve(root, p), output: () => undefined, prev: undefined };
    expect(afterWrites(inv([w('ln'), w('-s'), dyn, w('t')]), env)?.links?.get(path.join(root, 't'))).toBeNull();
    expect(afterWrites(inv([w('ln'), w('-s'), w('data'), dyn]), env)?.links?.get(ANY_LINK)).toBe(path.join(root, 'data'));
  });
  it('paths through a recorded link are checked as the target', () => {
    const links = linksAfter(['ln', '-s', 'data', 'build'])!.links!;
    const c = { ...ctx, links };
    expect(checkPathWord(w('build/'), c)).toMatch(/through a link made earlier/);
    expect(checkPathWord(w('build/*'), c)).toMatch(/data/);
    expect(checkPathWord(w('build/db.sqlite'), c)).toMatch(/data/);
    expect(checkPathWord(w('dist/'), c)).toBeUndefined();
    expect(checkPathWord(w('dist/'), ctx)).toBeUndefined();
    expect(throughLinks(path.join(root, 'build/x'), links)).toBe(path.join(root, 'data/x'));
  });
  it('a link to somewhere harmless stays harmless', () => {
    const links = linksAfter(['ln', '-s', '/tmp/cache-xyz', 'cache'])!.links!;
    expect(checkPathWord(w('cache/'), { ...ctx, links })).toBeUndefined();
  });
  it('a link with an unknown target, or an unknown name, makes paths through it unknown', () => {
    expect(checkPathWord(w('t/'), { ...ctx, links: new Map([[path.join(root, 't'), null]]) })).toMatch(/only known at run time/);
    expect(checkPathWord(w('anything/'), { ...ctx, links: new Map([[ANY_LINK, path.join(root, 'data')]]) })).toMatch(/named at run time/);
  });
});

describe('copy-onto-protected with `existing: true`', () => {
  it('a new file under protected data is allowed; an existing one, a made-first one, a linked one or a system path pauses', async () => {
    const { check } = await import('../../src/engine.js');
    const { detectionFixture } = await import('../helpers/detection-fixture.js');
    const fx = detectionFixture('countersign-paths-copy-');
    try {
      const decide = async (line: string) => (await check(line, fx.ctx)).decision;
      expect(await decide('cp data/db.sqlite data/db.sqlite.bak')).toBe('allow');
      expect(await decide('ln -s ../x data/new-link')).toBe('allow');
      expect(await decide('cp /dev/null data/db.sqlite')).toBe('confirm');
      expect(await decide('touch data/n.db && cp /dev/null data/n.db')).toBe('confirm');
      expect(await decide('ln -s data/db.sqlite n.db && cp /dev/null n.db')).toBe('confirm');
      expect(await decide('cp key.pub ~/.ssh/authorized_keys')).toBe('confirm');
      expect(await decide('cp /dev/null "data/$(cat name).bak"')).toBe('confirm');
      // Into the protected directory: each name that lands there is judged.
      expect(await decide('cp README.md data/')).toBe('allow');
      expect(await decide('cp db.sqlite data/')).toBe('confirm');
      expect(await decide('cp -r seeds/. data/')).toBe('confirm');
      expect(await decide('rsync -a seeds/ data/')).toBe('confirm');
      expect(await decide('echo hi > data/notes.txt')).toBe('allow');
      expect(await decide('echo hi > data/db.sqlite')).toBe('confirm');
      expect(await decide('cd data && echo hi > db.sqlite')).toBe('confirm');
      expect(await decide('curl -so data/geo.json https://example.com/geo.json')).toBe('allow');
      expect(await decide('mv /tmp/report.pdf data/')).toBe('allow');
      expect(await decide('mv data/db.sqlite data/old.sqlite')).toBe('confirm');
    } finally {
      fx.cleanup();
    }
  });
});

describe('caches inside builtin protected trees that their tool rebuilds', () => {
  const builtin = (): PathContext => ({ cwd: root, home: path.join(root, 'home'), protectedPaths: builtinProtected(path.join(root, 'home')) });
  it('/var/lib/apt/lists and what is in it are not builtin-protected; the rest of /var/lib is', () => {
    expect(protectedReason('/var/lib/apt/lists', builtin())).toBeUndefined();
    expect(protectedReason('/var/lib/apt/lists/partial', builtin())).toBeUndefined();
    expect(checkPathWord(w('/var/lib/apt/lists/*'), builtin())).toBeUndefined();
    expect(protectedReason('/var/lib/apt', builtin())).toMatch(/protected \/var\/lib/);
    expect(protectedReason('/var/lib/dpkg', builtin())).toMatch(/protected \/var\/lib/);
    expect(checkPathWord(w('/var/lib/apt/*'), builtin())).toBeDefined();
    expect(checkPathWord(w('/var/lib/apt/lists/*/../../../*'), builtin())).toBeDefined();
  });
  it("a team's own protection still covers them", () => {
    const c = builtin();
    c.protectedPaths = [...c.protectedPaths, { path: '/var/lib/apt/lists', kind: 'subtree', source: '.countersign.yaml' }];
    expect(protectedReason('/var/lib/apt/lists/x', c)).toMatch(/inside protected/);
  });
});

describe("the repository's .git", () => {
  it('is protected itself, with its objects and refs, from anywhere in the work tree; what lies under it is not', async () => {
    const { withRepository } = await import('../../src/rules/paths.js');
    const repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-repo-')));
    mkdirSync(path.join(repo, '.git', 'objects'), { recursive: true });
    mkdirSync(path.join(repo, '.git', 'refs'));
    writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(path.join(repo, 'src'));
    const base = { home: path.join(repo, 'home'), protectedPaths: [] };
    const at = (cwd: string): PathContext => ({ ...base, cwd, protectedPaths: withRepository(base.protectedPaths, cwd) });
    expect(checkPathWord(w('.git'), at(repo))).toMatch(/protected/);
    expect(checkPathWord(w('../.git'), at(path.join(repo, 'src')))).toMatch(/protected/);
    expect(checkPathWord(w('.git/objects'), at(repo))).toMatch(/protected/);
    expect(checkPathWord(w('.git/index.lock'), at(repo))).toBeUndefined();
    expect(checkPathWord(w('.git/hooks'), at(repo))).toBeUndefined();
    // A worktree's .git file is no history of its own; outside any repository only the agents'
    // project hook settings of the directory itself are added (load.ts agentGuards).
    const wt = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-wt-')));
    writeFileSync(path.join(wt, '.git'), 'gitdir: /elsewhere\n');
    const added = withRepository(base.protectedPaths, wt).slice(base.protectedPaths.length);
    expect(added.every((p) => p.source === 'countersign' && p.kind === 'exact' && p.path.startsWith(wt + '/.'))).toBe(true);
    expect(added.map((p) => path.relative(wt, p.path))).toContain('.claude/settings.json');
    expect(added.some((p) => p.path.includes('.git'))).toBe(false);
  });
});

describe('a pattern whose literal tail names nothing inside a protected dir (redteam21-fp1)', () => {
  it('*/bin reaches data/bin only when it is there or the line may make it', () => {
    expect(checkPathWord(w('*/bin'), ctx)).toBeUndefined();
    expect(checkPathWord(w('*/db.sqlite'), ctx)).toMatch(/data/);
    expect(checkPathWord(w('*/bin/../db.sqlite'), ctx)).toMatch(/data/);
    expect(checkPathWord(w('*/*'), ctx)).toMatch(/data/);
    const made = { files: new Map([[path.join(root, 'data', 'bin', 'x'), null]]), texts: [] };
    expect(checkPathWord(w('*/bin'), { ...ctx, written: made })).toMatch(/data/);
    expect(checkPathWord(w('*/bin'), { ...ctx, written: { files: new Map(), texts: ['tar -xzf backup.tgz'] } })).toMatch(/data/);
    expect(checkPathWord(w('*/bin'), { ...ctx, written: { files: new Map(), texts: [], moved: new Map([[path.join(root, 'data', 'bin'), path.join(root, 'data', 'db.sqlite')]]) } })).toMatch(/data/);
  });
});
