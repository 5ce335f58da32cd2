import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { classify, type EnvironmentsConfig } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { namesProduction } from '../../src/targets/config.js';
import { ctx, fixture } from './helpers.js';

const TEAM_YAML = `
environments:
  production:
    match:
      hosts: ["*.prod.acme.internal", db.acme.com]
      kube-contexts: ["prod-*", "*:cluster/prod-*"]
      aws-profiles: [prod]
      gcp-projects: [acme-prod]
      railway-environments: [production]
      terraform-workspaces: [prod]
      git-branches: [main, "release/*"]
  staging:  { match: { hosts: ["*.staging.acme.internal"], kube-contexts: [staging] } }
  local:    { match: { hosts: [localhost, 127.0.0.1] } }
`;

function team(): EnvironmentsConfig {
  const doc = parseYaml(TEAM_YAML) as { environments: unknown };
  return v.parse(environmentsSchema, doc.environments);
}

describe('environmentsSchema', () => {
  it('accepts the documented team file', () => {
    const envs = team();
    expect(Object.keys(envs)).toEqual(['production', 'staging', 'local']);
    expect(envs['production']?.match?.hosts).toEqual(['*.prod.acme.internal', 'db.acme.com']);
  });

  it('turns a single pattern and numbers into lists of strings', () => {
    const envs = v.parse(environmentsSchema, { prod: { match: { hosts: 'db.acme.com', 'terraform-workspaces': [2024] } } });
    expect(envs['prod']?.match?.hosts).toEqual(['db.acme.com']);
    expect(envs['prod']?.match?.['terraform-workspaces']).toEqual(['2024']);
  });

  it('rejects a misspelt match key instead of ignoring it', () => {
    expect(v.safeParse(environmentsSchema, { prod: { match: { 'kube-context': ['prod'] } } }).success).toBe(false);
  });

  it('keeps other keys of an environment for the policy, and allows empty ones', () => {
    const r = v.safeParse(environmentsSchema, { prod: { match: { hosts: ['x'] }, confirm: 'typed' }, dev: null });
    expect(r.success).toBe(true);
  });

  it('accepts every documented match key', () => {
    const keys = ['hosts', 'kube-contexts', 'aws-profiles', 'gcp-projects', 'azure-subscriptions', 'railway-environments',
      'terraform-workspaces', 'pulumi-stacks', 'fly-apps', 'heroku-apps', 'vercel-projects', 'supabase-projects', 'git-branches'];
    const match = Object.fromEntries(keys.map((k) => [k, ['x']]));
    expect(v.safeParse(environmentsSchema, { e: { match } }).success).toBe(true);
  });
});

describe('classify with a team file', () => {
  const c = ctx('/nohome', '/nowhere', {}, team());

  it('maps a host by glob and says which key matched', () => {
    const r = classify({ host: 'pg1.prod.acme.internal' }, c);
    expect(r.environment).toBe('production');
    expect(r.evidence[0]).toBe('host pg1.prod.acme.internal matches production.hosts (*.prod.acme.internal)');
  });

  it('maps an exact host without repeating the pattern', () => {
    expect(classify({ host: 'db.acme.com' }, c).evidence[0]).toBe('host db.acme.com matches production.hosts');
  });

  it('is case-insensitive', () => {
    expect(classify({ host: 'DB.ACME.COM' }, c).environment).toBe('production');
    expect(classify({ 'kube-context': 'Staging' }, c).environment).toBe('staging');
  });

  it('lets * cross slashes (EKS context ARNs, release branches)', () => {
    expect(classify({ 'kube-context': 'arn:aws:eks:eu-west-1:1234:cluster/prod-eu' }, c).environment).toBe('production');
    expect(classify({ 'git-branch': 'release/2024/q1' }, c).environment).toBe('production');
  });

  it('takes the first environment in file order that matches', () => {
    const envs = v.parse(environmentsSchema, {
      'prod-db': { match: { hosts: ['*.acme.com'] } },
      staging: { match: { hosts: ['stage.acme.com'] } },
    });
    expect(classify({ host: 'stage.acme.com' }, ctx('/h', '/c', {}, envs)).environment).toBe('prod-db');
  });

  it('checks the team file before the defaults', () => {
    const envs = v.parse(environmentsSchema, { sandbox: { match: { 'kube-contexts': ['prod-sandbox'] } } });
    expect(classify({ 'kube-context': 'prod-sandbox' }, ctx('/h', '/c', {}, envs)).environment).toBe('sandbox');
  });

  it('falls back to the defaults when the team map has no match', () => {
    expect(classify({ 'kube-context': 'kind-dev' }, c).environment).toBe('local');
  });

  it('is unknown when nothing matches', () => {
    const r = classify({ host: 'db.other.example' }, c);
    expect(r.environment).toBe('unknown');
    expect(r.evidence[0]).toMatch(/handled like production/);
  });
});

describe('classify without a team file (defaults)', () => {
  const c = ctx('/nohome', '/nowhere');

  it.each([
    ['localhost'], ['127.0.0.1'], ['::1'], ['/var/run/postgresql'], ['app.localhost'],
  ])('host %s is local', (host) => {
    expect(classify({ host }, c).environment).toBe('local');
  });

  it.each([['kind-dev'], ['minikube'], ['docker-desktop'], ['k3d-mycluster']])('kube-context %s is local', (k) => {
    expect(classify({ 'kube-context': k }, c).environment).toBe('local');
  });

  it.each([
    ['kube-context', 'prod-eu'], ['aws-profile', 'production'], ['fly-app', 'acme-live'], ['database', 'app_production'],
    ['terraform-workspace', 'prd'], ['gcp-project', 'acmeProd'], ['host', 'db.prod.acme.com'],
  ])('%s %s names production', (key, value) => {
    const r = classify({ [key]: value }, c);
    expect(r.environment).toBe('production');
    expect(r.evidence[0]).toContain('(default rule)');
  });

  it('does not read production into words that merely contain it', () => {
    expect(namesProduction('products-db')).toBe(false);
    expect(namesProduction('delivery')).toBe(false);
    expect(namesProduction('prod2')).toBe(true);
  });

  it('lets a production name win over a local one', () => {
    expect(classify({ host: 'localhost', database: 'app_production' }, c).environment).toBe('production');
    expect(classify({ 'kube-context': 'kind-prod' }, c).environment).toBe('production');
  });

  it('treats a sqlite file under the project as local, outside it as unknown', () => {
    const proj = fixture({ '.git/HEAD': 'ref: refs/heads/main\n' });
    const pc = ctx('/nohome', proj);
    expect(classify({ 'sqlite-file': `${proj}/dev.db` }, pc).environment).toBe('local');
    expect(classify({ 'sqlite-file': '/srv/data/app.db' }, pc).environment).toBe('unknown');
  });

  it('does not call staging-looking names staging: only the team file can', () => {
    expect(classify({ 'kube-context': 'staging' }, c).environment).toBe('unknown');
  });

  it('is unknown with no facts at all', () => {
    expect(classify({}, c).environment).toBe('unknown');
  });
});
