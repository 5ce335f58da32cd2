import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world } from './helpers.js';

describe('github (gh)', () => {
  it('names the deployment environment of a secret or variable, and that name can say production', () => {
    const { home, project } = world({ project: {} });
    const t = resolveTarget(inv('gh secret delete DB_URL --env production', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['github-environment']).toBe('production');
    expect(t.environment).toBe('production');
    expect(t.evidence).toContain('environment production (--env)');
    const s = resolveTarget(inv('gh variable delete API_URL -e staging -R acme/shop', { cwd: project }), undefined, ctx(home, project));
    expect(s.facts).toMatchObject({ 'github-repo': 'acme/shop', 'github-environment': 'staging' });
    expect(s.environment).toBe('unknown');
  });

  it('reads the repository from -R, GH_REPO, the words of `repo delete` and `api repos/…`, else the github.com origin', () => {
    const { home, project } = world({ project: { '.git/HEAD': 'ref: refs/heads/main\n', '.git/config': '[remote "origin"]\n\turl = git@github.com:acme/web.git\n' } });
    const repo = (cmd: string, env: Record<string, string> = {}) => resolveTarget(inv(cmd, { cwd: project }), undefined, ctx(home, project, env)).facts['github-repo'];
    expect(repo('gh release delete v1 -y')).toBe('acme/web');
    expect(repo('gh release delete v1 -y -R acme/api')).toBe('acme/api');
    expect(repo('gh release delete v1 -y', { GH_REPO: 'acme/cli' })).toBe('acme/cli');
    expect(repo('gh repo delete acme/old --yes')).toBe('acme/old');
    expect(repo('gh api -X DELETE /repos/acme/shop/git/refs/heads/x')).toBe('acme/shop');
  });

  it('matches the team file\'s github-repos and github-environments', () => {
    const team = v.parse(environmentsSchema, { production: { match: { 'github-repos': ['acme/shop'], 'github-environments': ['live-*'] } } });
    const { home, project } = world({ project: {} });
    const r = (cmd: string) => resolveTarget(inv(cmd, { cwd: project }), undefined, ctx(home, project, {}, team)).environment;
    expect(r('gh repo delete acme/shop --yes')).toBe('production');
    expect(r('gh secret delete X --env live-eu -R acme/other')).toBe('production');
    expect(r('gh repo delete acme/toy --yes')).toBe('unknown');
  });

  it('a repository or environment built at run time is unknown', () => {
    const { home, project } = world({ project: {} });
    expect(resolveTarget(inv('gh secret delete X --env $E', { cwd: project, dynamic: [5] }), undefined, ctx(home, project)).environment).toBe('unknown');
  });
});
