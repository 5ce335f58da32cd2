import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { describeCurrent, resolveTarget, targetKindFor } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { clearTargetCache, fileReadCount } from '../../src/targets/cache.js';
import { ctx, inv, world, write } from './helpers.js';

describe('targetKindFor', () => {
  it.each([
    ['psql -c x', 'database'], ['mysql', 'database'], ['redis-cli', 'database'], ['mongosh', 'database'], ['sqlite3 a.db', 'database'],
    ['prisma migrate reset', 'database'], ['bin/rails db:drop', 'database'], ['rake db:reset', 'database'],
    ['kubectl delete ns x', 'kubernetes'], ['helm uninstall x', 'kubernetes'], ['aws s3 rb s3://x', 'aws'],
    ['gcloud projects delete x', 'gcp'], ['gsutil rm gs://x', 'gcp'], ['bq rm x', 'gcp'], ['az group delete', 'azure'],
    ['railway down', 'railway'], ['terraform destroy', 'terraform'], ['tofu destroy', 'terraform'], ['terragrunt destroy', 'terraform'],
    ['pulumi destroy', 'pulumi'], ['fly apps destroy', 'fly'], ['flyctl apps destroy', 'fly'], ['heroku pg:reset', 'heroku'],
    ['vercel remove x', 'vercel'], ['supabase db reset', 'supabase'], ['git push', 'git'], ['docker rm x', 'docker'],
    ['podman rm x', 'docker'], ['curl https://x', 'http'], ['wget https://x', 'http'], ['xh DELETE x', 'http'],
    ['rm -rf x', 'filesystem'], ['mkfs.ext4 /dev/sdb', 'filesystem'], ['dd of=/dev/sda', 'filesystem'],
    ['npx prisma migrate reset', 'database'], ['pnpm exec prisma db push', 'database'], ['yarn prisma db push', 'database'],
    ['bunx drizzle-kit push', 'database'], ['npx @railway/cli down', 'railway'], ['bundle exec rake db:drop', 'database'],
    ['dotenv -e .env.prod -- prisma migrate reset', 'database'], ['doppler run -- prisma migrate reset', 'database'],
    // bins pnpm, yarn and bun run by bare name (registry: package-scripts.bins)
    ['pnpm wrangler d1 delete x', 'cloudflare'], ['bun prisma migrate reset', 'database'], ['yarn pulumi destroy', 'pulumi'],
  ])('%s → %s', (cmd, kind) => {
    expect(targetKindFor(inv(cmd))).toBe(kind);
  });

  it('is undefined for programs with no known target', () => {
    expect(targetKindFor(inv('ls -la'))).toBeUndefined();
    expect(targetKindFor(inv('rake assets:precompile'))).toBeUndefined();
    expect(targetKindFor(inv('npm run reset'))).toBeUndefined();
    // npm runs no bin by its bare name; pnpm runs only known ones
    expect(targetKindFor(inv('npm prisma migrate reset'))).toBeUndefined();
    expect(targetKindFor(inv('pnpm build'))).toBeUndefined();
  });
});

describe('resolveTarget', () => {
  it('is unknown, with evidence, for a program it can\'t place', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('./scripts/wipe.sh'), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence[0]).toContain("countersign doesn't know where wipe.sh acts");
  });

  it('uses the kind the rule asks for when the program has none of its own', () => {
    const { home, project } = world({ project: { '.env': 'DATABASE_URL=postgres://db.prod.acme.com/app\n' } });
    const t = resolveTarget(inv('node scripts/reset-db.js', { cwd: project }), 'database', ctx(home, project));
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('assumed');
  });

  it('reads a tool as itself even when asked for another kind', () => {
    const { home, project } = world({ project: { 'supabase/config.toml': '' } });
    expect(resolveTarget(inv('supabase db reset', { cwd: project }), 'database', ctx(home, project)).resource).toBe('local Supabase stack');
  });

  it('does not trust a local answer under sudo (root has another environment and home)', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('psql -c x', { origin: ['top', 'sudo'] }), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence[0]).toContain('sudo');
  });

  it('is unknown when the working directory can\'t be known and the answer lives in a folder', () => {
    const { home, project } = world({ project: { '.terraform/environment': 'dev' } });
    expect(resolveTarget(inv('terraform destroy', { cwd: undefined }), undefined, ctx(home, project)).environment).toBe('unknown');
  });

  it('takes the variables of doppler run as unknowable, and names the config', () => {
    const { home, project } = world({ project: { 'prisma/schema.prisma': 'datasource db {\n provider = "postgresql"\n url = env("DATABASE_URL")\n}\n', '.env': 'DATABASE_URL=postgres://localhost/a\n' } });
    const unnamed = resolveTarget(inv('doppler run -- npx prisma migrate reset', { cwd: project }), undefined, ctx(home, project));
    expect(unnamed.environment).toBe('unknown');
    const named = resolveTarget(inv('doppler run --config prd -- npx prisma migrate reset', { cwd: project }), undefined, ctx(home, project));
    expect(named.environment).toBe('production');
  });
});

describe('precedence: flag over prefix over environment over file', () => {
  it('holds for AWS profiles', () => {
    const { home, project } = world({ home: { '.aws/config': '[default]\nregion=us-east-1\n[profile a]\n[profile b]\n[profile c]\n' } });
    const c = ctx(home, project, { AWS_PROFILE: 'b' });
    expect(resolveTarget(inv('aws s3 rb s3://x'), undefined, ctx(home, project)).facts['aws-profile']).toBe('default');
    expect(resolveTarget(inv('aws s3 rb s3://x'), undefined, c).facts['aws-profile']).toBe('b');
    expect(resolveTarget(inv('aws s3 rb s3://x', { assign: { AWS_PROFILE: 'c' } }), undefined, c).facts['aws-profile']).toBe('c');
    expect(resolveTarget(inv('aws s3 rb s3://x --profile a', { assign: { AWS_PROFILE: 'c' } }), undefined, c).facts['aws-profile']).toBe('a');
  });

  it('holds for Railway environments', () => {
    const { home, project } = world();
    write(home, { '.railway/config.json': JSON.stringify({ projects: { [project]: { projectPath: project, project: 'p', environment: 'e', environmentName: 'from-file' } }, user: {} }) });
    const c = ctx(home, project, { RAILWAY_ENVIRONMENT: 'from-env' });
    expect(resolveTarget(inv('railway down', { cwd: project }), undefined, ctx(home, project)).facts['railway-environment']).toBe('from-file');
    expect(resolveTarget(inv('railway down', { cwd: project }), undefined, c).facts['railway-environment']).toBe('from-env');
    expect(resolveTarget(inv('railway down', { cwd: project, assign: { RAILWAY_ENVIRONMENT: 'from-prefix' } }), undefined, c).facts['railway-environment']).toBe('from-prefix');
    expect(resolveTarget(inv('railway down -e from-flag', { cwd: project }), undefined, c).facts['railway-environment']).toBe('from-flag');
  });

  it('says a variable set earlier on the line came from the line', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('psql', { vars: { PGHOST: 'db.line.x' } }), undefined, ctx(home, project, { PGHOST: 'db.env.x' }));
    expect(t.evidence[0]).toBe('PGHOST=db.line.x (set earlier on this line)');
  });
});

describe('describeCurrent', () => {
  it('lists what resolves from this folder, each mapped to an environment', () => {
    const { home, project } = world({
      home: {
        '.kube/config': 'current-context: kind-dev\ncontexts:\n- name: kind-dev\n  context: {cluster: kind-dev, namespace: web}\nclusters:\n- name: kind-dev\n  cluster: {server: "https://127.0.0.1:6443"}\n',
        '.aws/config': '[profile prod]\nregion = eu-west-1\n',
      },
      project: {
        'main.tf': '',
        '.terraform/environment': 'prod',
        '.env': 'DATABASE_URL=postgres://u:p@localhost:5432/app\nREDIS_URL=redis://cache.prod.acme.internal:6379\n',
        '.env.local': 'DATABASE_URL=postgres://db.prod.acme.internal/app\n',
        '.env.example': 'DATABASE_URL=postgres://example/app\n',
        'prisma/schema.prisma': 'datasource db {\n provider = "postgresql"\n url = env("DATABASE_URL")\n}\n',
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.git/config': '[remote "origin"]\n\turl = git@github.com:acme/web.git\n[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n',
      },
    });
    write(home, { '.railway/config.json': JSON.stringify({ projects: { [project]: { projectPath: project, name: 'acme', project: 'p1', environment: 'e1', environmentName: 'production' } }, user: {} }) });
    const envs = v.parse(environmentsSchema, { production: { match: { 'terraform-workspaces': ['prod'], 'git-branches': ['main'] } } });
    const rows = describeCurrent(ctx(home, project, { AWS_PROFILE: 'prod' }, envs));
    const by = (s: string) => rows.find((r) => r.source === s);
    expect(by('kube context')).toMatchObject({ value: 'kind-dev (namespace web)', environment: 'local' });
    expect(by('AWS profile')).toMatchObject({ value: 'prod (eu-west-1)', environment: 'production' });
    expect(by('Railway link')).toMatchObject({ value: 'acme / production', environment: 'production' });
    expect(by('Terraform workspace')).toMatchObject({ value: 'prod', environment: 'production' });
    expect(by('git push')).toMatchObject({ value: 'origin main', environment: 'production' });
    expect(by('prisma')).toMatchObject({ value: 'postgres localhost:5432/app', environment: 'local' });
    expect(by('DATABASE_URL in .env')).toMatchObject({ value: 'localhost:5432/app', environment: 'local' });
    expect(by('DATABASE_URL in .env')?.evidence).toContain('loaded by prisma');
    expect(by('DATABASE_URL in .env.local')).toMatchObject({ environment: 'production' });
    expect(by('DATABASE_URL in .env.local')?.evidence).toContain('not by prisma');
    expect(by('REDIS_URL in .env')).toMatchObject({ value: 'cache.prod.acme.internal:6379', environment: 'production' });
    expect(rows.some((r) => r.source.includes('.env.example'))).toBe(false);
    for (const r of rows) expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('is empty in an empty folder with an empty home', () => {
    const { home, project } = world();
    expect(describeCurrent(ctx(home, project))).toEqual([]);
  });
});

describe('file cache', () => {
  it('reads each file once per process until cleared', () => {
    const { home, project } = world({ home: { '.kube/config': 'current-context: a\n' } });
    const c = ctx(home, project);
    clearTargetCache();
    const before = fileReadCount();
    expect(resolveTarget(inv('kubectl delete ns x'), undefined, c).facts['kube-context']).toBe('a');
    const firstReads = fileReadCount() - before;
    expect(firstReads).toBeGreaterThan(0);
    writeFileSync(join(home, '.kube', 'config'), 'current-context: b\n');
    expect(resolveTarget(inv('kubectl delete ns y'), undefined, c).facts['kube-context']).toBe('a');
    expect(fileReadCount() - before).toBe(firstReads);
    clearTargetCache();
    expect(resolveTarget(inv('kubectl delete ns y'), undefined, c).facts['kube-context']).toBe('b');
  });

  it('remembers that a file is missing', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    clearTargetCache();
    resolveTarget(inv('kubectl delete ns x'), undefined, c);
    write(home, { '.kube/config': 'current-context: late\n' });
    expect(resolveTarget(inv('kubectl delete ns x'), undefined, c).environment).toBe('unknown');
    clearTargetCache();
    expect(resolveTarget(inv('kubectl delete ns x'), undefined, c).facts['kube-context']).toBe('late');
  });
});

describe('inline code read as local that names a production server', () => {
  it('says production when the code names a server (URL, host:port, three labels), not a file', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    const perl = resolveTarget(inv(['perl', '-MRedis', '-e', 'my $r = Redis->new(server => "cache.prod.internal:6379"); $r->$m'], { cwd: project }), 'filesystem', c);
    expect(perl.environment).toBe('production');
    const file = resolveTarget(inv(['perl', '-e', 'unlink "data/prod.db"'], { cwd: project }), 'filesystem', c);
    expect(file.environment).toBe('local');
  });
});
