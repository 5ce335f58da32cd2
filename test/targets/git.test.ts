import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world, write } from './helpers.js';

const team = v.parse(environmentsSchema, { production: { match: { 'git-branches': ['main', 'release/*'] } } });

const CONFIG = `[core]
\trepositoryformatversion = 0
[remote "origin"]
\turl = git@github.com:acme/web.git
\tfetch = +refs/heads/*:refs/remotes/origin/*
[remote "backup"]
\turl = /srv/backup/web.git
[branch "main"]
\tremote = origin
\tmerge = refs/heads/main
[branch "feature/x"]
\tremote = origin
\tmerge = refs/heads/feature/x
`;

function repo(branch = 'main'): { home: string; project: string } {
  return world({
    project: {
      '.git/HEAD': `ref: refs/heads/${branch}\n`,
      '.git/config': CONFIG,
      '.git/refs/heads/main': 'a'.repeat(40),
      '.git/refs/heads/feature/x': 'b'.repeat(40),
      '.git/packed-refs': `# pack-refs\n${'c'.repeat(40)} refs/heads/dev\n${'d'.repeat(40)} refs/tags/v1.0\n`,
    },
  });
}

describe('git push', () => {
  it('pushes the current branch to its remote when no refspec is given', () => {
    const { home, project } = repo();
    const t = resolveTarget(inv('git push --force', { cwd: project }), undefined, ctx(home, project, {}, team));
    expect(t.facts).toMatchObject({ 'git-remote': 'origin', 'git-branch': 'main', host: 'github.com' });
    expect(t.environment).toBe('production');
    expect(t.resource).toBe('branch main on origin (git@github.com:acme/web.git)');
  });

  it('reads an explicit remote and refspec', () => {
    const { home, project } = repo('feature/x');
    const c = ctx(home, project, {}, team);
    expect(resolveTarget(inv('git push -f origin HEAD:main', { cwd: project }), undefined, c).facts['git-branch']).toBe('main');
    expect(resolveTarget(inv('git push origin feature/x', { cwd: project }), undefined, c).environment).toBe('unknown');
    expect(resolveTarget(inv('git push origin +refs/heads/feature/x:refs/heads/release/2', { cwd: project }), undefined, c).facts['git-branch']).toBe('release/2');
  });

  it('reads deletions: --delete and :branch', () => {
    const { home, project } = repo('feature/x');
    const c = ctx(home, project, {}, team);
    const t = resolveTarget(inv('git push origin --delete main', { cwd: project }), undefined, c);
    expect(t.facts['git-branch']).toBe('main');
    expect(t.evidence.join('\n')).toContain('deletes main');
    expect(resolveTarget(inv('git push origin :main', { cwd: project }), undefined, c).environment).toBe('production');
  });

  it('treats --all as every local branch, loose and packed', () => {
    const { home, project } = repo('feature/x');
    const t = resolveTarget(inv('git push --all --force origin', { cwd: project }), undefined, ctx(home, project, {}, team));
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('3 possible targets');
  });

  it('handles git -C and a worktree whose .git is a file', () => {
    const { home, project } = repo();
    const wt = world({ project: { '.git': `gitdir: ${join(project, '.git', 'worktrees', 'wt')}\n` } });
    // The worktree's own HEAD lives in the main repo's worktrees folder; config is shared.
    write(project, { '.git/worktrees/wt/HEAD': 'ref: refs/heads/feature/x\n', '.git/worktrees/wt/commondir': '../..\n' });
    const t = resolveTarget(inv(['git', '-C', wt.project, 'push']), undefined, ctx(home, '/'));
    expect(t.facts).toMatchObject({ 'git-branch': 'feature/x', 'git-remote': 'origin' });
  });

  it('treats a push to a local path as local, and a tag push has no branch', () => {
    const { home, project } = repo();
    const c = ctx(home, project);
    expect(resolveTarget(inv('git push backup main', { cwd: project }), undefined, c).environment).toBe('local');
    const tag = resolveTarget(inv('git push origin v1.0', { cwd: project }), undefined, c);
    expect(tag.facts['git-tag']).toBe('v1.0');
    expect(tag.facts['git-branch']).toBeUndefined();
  });

  it('names the remote once, with where its name came from and its URL', () => {
    const { home, project } = repo();
    for (const [cmd, line] of [
      ['git push -f origin main', 'remote origin (argument) is git@github.com:acme/web.git'],
      ['git push -f', 'remote origin (branch.main.remote in .git/config) is git@github.com:acme/web.git'],
    ] as const) {
      const t = resolveTarget(inv(cmd, { cwd: project }), undefined, ctx(home, project));
      expect(t.evidence, cmd).toContain(line);
      expect(t.evidence.filter((e) => /\bremote origin\b/.test(e)), cmd).toHaveLength(1);
    }
  });

  it('uses remote.pushDefault and -c overrides', () => {
    const { home, project } = repo();
    const t = resolveTarget(inv('git -c remote.pushDefault=backup push', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['git-remote']).toBe('backup');
  });
});

describe('git remote URLs', () => {
  it('hides a token in an https remote', () => {
    const { home, project } = world({
      project: { '.git/HEAD': 'ref: refs/heads/dev\n', '.git/config': '[remote "origin"]\n\turl = https://ghp_secret@github.com/acme/web.git\n' },
    });
    const t = resolveTarget(inv('git push', { cwd: project }), undefined, ctx(home, project));
    expect(JSON.stringify(t)).not.toContain('ghp_secret');
    expect(t.facts['url']).toBe('https://***@github.com/acme/web.git');
  });
});

describe('other git commands', () => {
  it('are local: they change only this clone', () => {
    const { home, project } = repo();
    const t = resolveTarget(inv('git reset --hard HEAD~3', { cwd: project }), undefined, ctx(home, project, {}, team));
    expect(t.environment).toBe('local');
    expect(t.facts['git-branch']).toBe('main');
  });

  it('are unknown outside a repository', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('git push', { cwd: project }), undefined, ctx(home, project)).environment).toBe('unknown');
  });
});
