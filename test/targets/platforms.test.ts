import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world, write } from './helpers.js';

function railwayConfig(links: Record<string, { name: string; env: string; envName?: string }>): string {
  const projects: Record<string, unknown> = {};
  for (const [path, l] of Object.entries(links)) {
    projects[path] = { projectPath: path, name: l.name, project: `${l.name}-id`, environment: l.env, ...(l.envName ? { environmentName: l.envName } : {}), service: null };
  }
  return JSON.stringify({ projects, user: { token: 'x' } });
}

describe('railway', () => {
  it('uses the link of the nearest linked parent folder', () => {
    const { home, project } = world({ project: { 'services/api/x': '' } });
    write(home, { '.railway/config.json': railwayConfig({ [project]: { name: 'acme', env: 'env-1', envName: 'production' } }) });
    const t = resolveTarget(inv('railway down', { cwd: join(project, 'services', 'api') }), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ 'railway-project': 'acme', 'railway-environment': 'production', 'railway-environment-id': 'env-1' });
    expect(t.environment).toBe('production');
    expect(t.evidence[0]).toContain('~/.railway/config.json (linked at');
  });

  it('reads the environment the line linked first (`railway link --environment NAME &&`), over the saved link', () => {
    const { home, project } = world();
    write(home, { '.railway/config.json': railwayConfig({ [project]: { name: 'acme', env: 'env-1', envName: 'dev' } }) });
    const after = (prev: string, cmd: string) => {
      const i = inv(cmd, { cwd: project });
      i.succeeded = [inv(prev, { cwd: project })];
      return resolveTarget(i, undefined, ctx(home, project));
    };
    const t = after('railway link --environment production', 'railway down -y');
    expect(t.facts['railway-environment']).toBe('production');
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('railway link --environment production');
    expect(after('railway environment production', 'railway down -y').facts['railway-environment']).toBe('production');
    // -e on the command wins; creating or deleting an environment links nothing.
    expect(after('railway link --environment production', 'railway down -y -e dev').facts['railway-environment']).toBe('dev');
    expect(after('railway environment new production', 'railway down -y').facts['railway-environment']).toBe('dev');
  });

  it('puts -e over the link', () => {
    const { home, project } = world();
    write(home, { '.railway/config.json': railwayConfig({ [project]: { name: 'acme', env: 'env-1', envName: 'production' } }) });
    const envs = v.parse(environmentsSchema, { staging: { match: { 'railway-environments': ['staging'] } } });
    const t = resolveTarget(inv('railway down -e staging', { cwd: project }), undefined, ctx(home, project, {}, envs));
    expect(t.facts['railway-environment']).toBe('staging');
    expect(t.environment).toBe('staging');
    expect(t.evidence[0]).toBe('-e staging (flag)');
  });

  it('reads RAILWAY_ENVIRONMENT and the id variables', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('railway down', { cwd: project }), undefined, ctx(home, project, { RAILWAY_ENVIRONMENT: 'production', RAILWAY_PROJECT_ID: 'p-1' }));
    expect(t.facts).toMatchObject({ 'railway-environment': 'production', 'railway-project': 'p-1' });
    const ids = resolveTarget(inv('railway down', { cwd: project }), undefined, ctx(home, project, { RAILWAY_ENVIRONMENT_ID: 'e-9' }));
    expect(ids.facts['railway-environment-id']).toBe('e-9');
    expect(ids.environment).toBe('unknown');
  });

  it('is unknown under a project token, whose environment only the API knows', () => {
    const { home, project } = world();
    write(home, { '.railway/config.json': railwayConfig({ [project]: { name: 'acme', env: 'env-2', envName: 'dev-sandbox' } }) });
    const t = resolveTarget(inv('railway volume delete', { cwd: project }), undefined, ctx(home, project, { RAILWAY_TOKEN: 'secret-token' }));
    expect(t.environment).toBe('unknown');
    expect(t.evidence.join('\n')).toContain('RAILWAY_TOKEN is set');
    expect(t.evidence.join('\n')).not.toContain('secret-token');
  });

  it('says when the folder is not linked', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('railway down', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence[0]).toBe('this folder is not linked in ~/.railway/config.json');
  });

  it('takes `railway run` to mean the linked environment\'s variables', () => {
    const { home, project } = world({ project: { 'prisma/schema.prisma': 'datasource db {\n provider = "postgresql"\n url = env("DATABASE_URL")\n}\n', '.env': 'DATABASE_URL=postgres://localhost/app\n' } });
    write(home, { '.railway/config.json': railwayConfig({ [project]: { name: 'acme', env: 'e1', envName: 'production' } }) });
    const i = inv('railway run npx prisma migrate reset', { cwd: project });
    const t = resolveTarget(i, undefined, ctx(home, project));
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain("railway run gives the command this environment's variables");
  });
});

describe('fly', () => {
  it('reads app from fly.toml, FLY_APP over it, -a over both', () => {
    const { home, project } = world({ project: { 'fly.toml': 'app = "acme-web"\nprimary_region = "ams"\n\n[env]\n  app = "not-this"\n' } });
    expect(resolveTarget(inv('fly apps destroy', { cwd: project }), 'fly', ctx(home, project)).facts['fly-app']).toBe('acme-web');
    const c = ctx(home, project, { FLY_APP: 'acme-staging' });
    expect(resolveTarget(inv('flyctl scale count 0', { cwd: project }), undefined, c).facts['fly-app']).toBe('acme-staging');
    expect(resolveTarget(inv('fly scale count 0 -a acme-prod', { cwd: project }), undefined, c).environment).toBe('production');
  });

  it('reads the app being destroyed from the argument', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('fly apps destroy acme-live --yes', { cwd: project }), undefined, ctx(home, project)).facts['fly-app']).toBe('acme-live');
  });

  it("reads the app with fly's grammar: -Cbash is -C's value, not bundled flags ending in -a", () => {
    const { home, project } = world();
    for (const line of ['fly -a shop ssh console -Cbash', 'fly -a shop ssh console -Cxashop-dev -C ls', 'flyctl ssh console -sa shop -C ls']) {
      expect(resolveTarget(inv(line, { cwd: project }), 'fly', ctx(home, project)).facts['fly-app'], line).toBe('shop');
    }
  });
});

describe('heroku', () => {
  const gitConfig = '[core]\n\tbare = false\n[remote "heroku"]\n\turl = https://git.heroku.com/acme-prod.git\n[remote "staging"]\n\turl = git@heroku.com:acme-staging.git\n[remote "origin"]\n\turl = git@github.com:acme/web.git\n';

  it('reads -a, then HEROKU_APP', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('heroku pg:reset -a acme-live'), undefined, ctx(home, project)).facts['heroku-app']).toBe('acme-live');
    expect(resolveTarget(inv('heroku pg:reset'), undefined, ctx(home, project, { HEROKU_APP: 'acme-dev' })).facts['heroku-app']).toBe('acme-dev');
  });

  it('reads the app from the git remote named by -r', () => {
    const { home, project } = world({ project: { '.git/config': gitConfig, '.git/HEAD': 'ref: refs/heads/main\n' } });
    const t = resolveTarget(inv('heroku pg:reset -r staging', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['heroku-app']).toBe('acme-staging');
  });

  it('says heroku will ask when several remotes point at Heroku', () => {
    const { home, project } = world({ project: { '.git/config': gitConfig, '.git/HEAD': 'ref: refs/heads/main\n' } });
    const t = resolveTarget(inv('heroku pg:reset', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence[0]).toContain('several git remotes point at Heroku');
  });
});

describe('vercel', () => {
  it('reads .vercel/project.json and --prod', () => {
    const { home, project } = world({ project: { '.vercel/project.json': '{"projectId":"prj_123","orgId":"team_1","projectName":"acme-web"}' } });
    const c = ctx(home, project);
    const preview = resolveTarget(inv('vercel deploy', { cwd: project }), undefined, c);
    expect(preview.facts).toMatchObject({ 'vercel-project': 'acme-web', 'vercel-project-id': 'prj_123' });
    expect(preview.environment).toBe('unknown');
    const prod = resolveTarget(inv('vercel deploy --prod', { cwd: project }), undefined, c);
    expect(prod.facts['vercel-target']).toBe('production');
    expect(prod.environment).toBe('production');
    const envs = v.parse(environmentsSchema, { web: { match: { 'vercel-projects': ['prj_*'] } } });
    expect(resolveTarget(inv('vercel env rm API_KEY production', { cwd: project }), undefined, ctx(home, project, {}, envs)).environment).toBe('web');
  });
});

describe('supabase', () => {
  it('reads the linked project ref, SUPABASE_PROJECT_ID over it, --project-ref over both', () => {
    const { home, project } = world({ project: { 'supabase/config.toml': 'project_id = "x"\n', 'supabase/.temp/project-ref': 'abcdefghijklmnopqrst\n', 'supabase/migrations/x': '' } });
    const envs = v.parse(environmentsSchema, { production: { match: { 'supabase-projects': ['abcdefghijklmnopqrst'] } } });
    const c = ctx(home, project, {}, envs);
    const t = resolveTarget(inv('supabase db push', { cwd: join(project, 'supabase', 'migrations') }), undefined, c);
    expect(t.facts['supabase-project']).toBe('abcdefghijklmnopqrst');
    expect(t.environment).toBe('production');
    const env = ctx(home, project, { SUPABASE_PROJECT_ID: 'zzzzzzzzzzzzzzzzzzzz' }, envs);
    expect(resolveTarget(inv('supabase db push', { cwd: project }), undefined, env).facts['supabase-project']).toBe('zzzzzzzzzzzzzzzzzzzz');
    expect(resolveTarget(inv('supabase db push --project-ref yyyyyyyyyyyyyyyyyyyy', { cwd: project }), undefined, env).facts['supabase-project']).toBe('yyyyyyyyyyyyyyyyyyyy');
  });

  it('knows `db reset` is local unless --linked, and reads --db-url', () => {
    const { home, project } = world({ project: { 'supabase/config.toml': '', 'supabase/.temp/project-ref': 'abcdefghijklmnopqrst' } });
    const c = ctx(home, project);
    expect(resolveTarget(inv('supabase db reset', { cwd: project }), undefined, c).environment).toBe('local');
    expect(resolveTarget(inv('supabase db reset --linked', { cwd: project }), undefined, c).facts['supabase-project']).toBe('abcdefghijklmnopqrst');
    const url = resolveTarget(inv('supabase db reset --db-url postgresql://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres', { cwd: project }), undefined, c);
    expect(url.facts['host']).toBe('db.abcdefghijklmnopqrst.supabase.co');
    expect(url.facts['supabase-project']).toBe('abcdefghijklmnopqrst');
    expect(resolveTarget(inv('supabase db push --local', { cwd: project }), undefined, c).environment).toBe('local');
  });
});
