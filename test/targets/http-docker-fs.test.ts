import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world } from './helpers.js';

const RAILWAY_API_TEXT = "a bearer token sent to the Railway API: its scope can't be known from here and may reach every environment";

describe('http', () => {
  it('is unknown for a bearer token sent to the Railway API, whatever the body says (the incident)', () => {
    const { home, project } = world();
    const body = '{"query":"mutation { volumeDelete(volumeId: \\"v-1\\") }","variables":{"environmentId":"2f0c4a6e-1111-2222-3333-444455556666"}}';
    const t = resolveTarget(
      inv(['curl', '-X', 'POST', 'https://backboard.railway.app/graphql/v2', '-H', 'Authorization: Bearer tok', '-H', 'Content-Type: application/json', '-d', body]),
      undefined,
      ctx(home, project, {}, v.parse(environmentsSchema, { staging: { match: { 'railway-environments': ['*'], hosts: ['*'] } } })),
    );
    expect(t.environment).toBe('unknown');
    expect(t.evidence).toContain(RAILWAY_API_TEXT);
    expect(t.facts['railway-environment-id']).toBe('2f0c4a6e-1111-2222-3333-444455556666');
    expect(t.facts['host']).toBe('backboard.railway.app');
  });

  it('reads a body from a heredoc and the .com host', () => {
    const { home, project } = world();
    const t = resolveTarget(
      inv(['curl', 'https://backboard.railway.com/graphql/v2', '--data-binary', '@-'], { stdin: { kind: 'heredoc', text: '{"environmentId": "abcdef12-0000"}', expands: false } }),
      undefined,
      ctx(home, project),
    );
    expect(t.environment).toBe('unknown');
    expect(t.facts['railway-environment-id']).toBe('abcdef12-0000');
  });

  it('says a project token is scoped to one environment that still can\'t be known', () => {
    const { home, project } = world();
    const t = resolveTarget(inv(['curl', 'https://backboard.railway.app/graphql/v2', '-H', 'Project-Access-Token: x']), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence.join('\n')).toContain('project token');
  });

  it('classifies other hosts by the usual rules', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    expect(resolveTarget(inv('curl -X DELETE http://localhost:8080/api/users'), undefined, c).environment).toBe('local');
    expect(resolveTarget(inv('curl -sS -X DELETE api.prod.acme.com/v1/users'), undefined, c).facts['host']).toBe('api.prod.acme.com');
    expect(resolveTarget(inv('wget --method=DELETE https://api.example.com/x'), undefined, c).environment).toBe('unknown');
    expect(resolveTarget(inv('http DELETE :3000/users/1'), undefined, c).environment).toBe('local');
    expect(resolveTarget(inv('xh delete https://api.live.acme.io/x'), undefined, c).environment).toBe('production');
  });

  it('marks other providers\' control-plane APIs unknown', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('curl -X DELETE https://api.heroku.com/apps/acme-dev'), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence.join('\n')).toContain('Heroku API');
  });

  it('says production when the URL path names it, on a provider API or any other (rt22a)', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    const heroku = resolveTarget(inv('curl -n -X DELETE https://api.heroku.com/apps/acme-production'), undefined, c);
    expect(heroku.environment).toBe('production');
    expect(heroku.evidence.join('\n')).toContain('the URL names acme-production');
    expect(resolveTarget(inv('curl -X DELETE https://api.turso.tech/v1/organizations/acme/databases/prod-db'), undefined, c).environment).toBe('production');
    expect(resolveTarget(inv('curl -X DELETE https://sqladmin.googleapis.com/v1/projects/acme-prod/instances/pg'), undefined, c).environment).toBe('production');
    expect(resolveTarget(inv('curl -X DELETE https://api.example.com/kv/values/config%3Aproduction'), undefined, c).facts['http-resource']).toBe('config:production');
    // Not products, not live (an API's own word), not the query string.
    expect(resolveTarget(inv('curl -X DELETE https://api.example.com/v1/products/42'), undefined, c).environment).toBe('unknown');
    expect(resolveTarget(inv('curl -X DELETE https://api.mux.com/video/v1/live-streams/abc'), undefined, c).environment).toBe('unknown');
    expect(resolveTarget(inv('curl -X DELETE "https://api.digitalocean.com/v2/droplets?tag_name=production"'), undefined, c).environment).toBe('unknown');
  });

  it('treats --unix-socket as this machine', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('curl --unix-socket /var/run/docker.sock -X DELETE http://localhost/containers/x'), undefined, ctx(home, project));
    expect(t.environment).toBe('local');
  });
});

describe('docker', () => {
  it('is local on the default engine', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('docker volume rm data'), undefined, ctx(home, project)).environment).toBe('local');
  });

  it("a compose file or project that names production says production on this machine's engine too", () => {
    const { home, project } = world();
    const t = resolveTarget(inv('docker compose -f docker-compose.prod.yml down -v'), undefined, ctx(home, project));
    expect(t.facts['compose-project']).toBe('docker-compose.prod.yml');
    expect(t.environment).toBe('production');
    expect(resolveTarget(inv('docker-compose -p shop-production down --volumes'), undefined, ctx(home, project)).environment).toBe('production');
    expect(resolveTarget(inv('docker compose -f docker-compose.dev.yml down -v'), undefined, ctx(home, project)).environment).toBe('local');
  });

  it("reads compose's own -f/-p only before its subcommand: after it -f is --force", () => {
    const { home, project } = world();
    const t = resolveTarget(inv('docker compose rm -v -f shop-production'), undefined, ctx(home, project));
    expect(t.facts['compose-project']).toBeUndefined();
    expect(t.evidence.join('\n')).not.toContain('-f shop-production');
    expect(resolveTarget(inv('docker-compose -p shop-production rm -f -v'), undefined, ctx(home, project)).environment).toBe('production');
  });

  it('reads DOCKER_HOST, and --context over it', () => {
    const { home, project } = world();
    const hash = createHash('sha256').update('prod-box').digest('hex');
    const w2 = world({ home: { [`.docker/contexts/meta/${hash}/meta.json`]: JSON.stringify({ Name: 'prod-box', Endpoints: { docker: { Host: 'ssh://deploy@box1.prod.acme.internal' } } }) } });
    const c = ctx(home, project, { DOCKER_HOST: 'ssh://me@build.example.com' });
    const t = resolveTarget(inv('docker system prune -af'), undefined, c);
    expect(t.facts['host']).toBe('build.example.com');
    expect(t.environment).toBe('unknown');
    const ctxd = resolveTarget(inv('docker --context prod-box volume rm data'), undefined, ctx(w2.home, w2.project, { DOCKER_HOST: 'unix:///var/run/docker.sock' }));
    expect(ctxd.facts).toMatchObject({ 'docker-context': 'prod-box', host: 'box1.prod.acme.internal' });
    expect(ctxd.environment).toBe('production');
  });

  it('reads currentContext from ~/.docker/config.json', () => {
    const hash = createHash('sha256').update('remote').digest('hex');
    const { home, project } = world({
      home: {
        '.docker/config.json': '{"currentContext":"remote"}',
        [`.docker/contexts/meta/${hash}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'tcp://10.0.0.9:2376' } } }),
      },
    });
    const t = resolveTarget(inv('docker rm -f web'), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('10.0.0.9');
    expect(t.evidence[0]).toBe('currentContext remote in ~/.docker/config.json');
  });
});

describe('filesystem', () => {
  it('is local for files here and says whether they are under the project', () => {
    const { home, project } = world({ project: { '.git/HEAD': 'ref: refs/heads/main\n' } });
    const t = resolveTarget(inv('rm -rf build dist', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('local');
    expect(t.evidence).toContain('files under the project');
    expect(t.resource).toBe('files: build, dist');
    const out = resolveTarget(inv('rm -rf /var/lib/postgresql', { cwd: project }), undefined, ctx(home, project));
    expect(out.evidence[0]).toContain('files outside the project');
  });

  it('follows rsync to another host', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('rsync -a --delete ./site/ deploy@web1.prod.acme.com:/srv/www/', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('web1.prod.acme.com');
    expect(t.environment).toBe('production');
    expect(resolveTarget(inv('rsync -a --delete host:/src/ ./local/', { cwd: project }), undefined, ctx(home, project)).environment).toBe('local');
  });

  it("lists find's start points (none: .), never an interpreter's code or `-delete` as `-t e`", () => {
    const { home, project } = world();
    const res = (line: string) => resolveTarget(inv(line, { cwd: project }), 'filesystem', ctx(home, project)).resource;
    expect(res('find data logs -name x -delete')).toBe('files: data, logs');
    expect(res('find -L -delete')).toBe('files: .');
    expect(res("python3 -c \"import shutil; shutil.rmtree('data')\"")).toBe('files on this machine');
    expect(res('mv -t /tmp/x a b')).toBe('files: /tmp/x, a, b');
  });

  it('reads dd of=', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('dd if=/dev/zero of=/dev/sda'), undefined, ctx(home, project)).facts['path']).toBe(join('/dev', 'sda'));
  });
});

describe('a wrapper loading a file named for production (rt22a)', () => {
  it('says production for a token sent to an API; a missing file is skipped (nothing set)', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    expect(resolveTarget(inv(['dotenv', '-e', '.env.production', '--', 'psql', '-c', 'drop table x'], { cwd: project }), undefined, c).environment).toBe('local');
    expect(resolveTarget(inv(['dotenv', '-e', '.env.production', '--', 'curl', '-X', 'DELETE', 'https://api.vercel.com/v9/projects/web']), undefined, c).environment).toBe('production');
    expect(resolveTarget(inv(['dotenv', '-e', '.env.development', '--', 'psql', '-c', 'drop table x']), undefined, c).environment).toBe('local');
  });

  it('leaves a target the file itself says is local', () => {
    const { home, project } = world({ project: { '.env.production': 'PGHOST=localhost\n' } });
    const t = resolveTarget(inv(['dotenv', '-e', '.env.production', '--', 'psql', '-c', 'drop table x'], { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('local');
  });
});

describe('inline code that names production (rt22a)', () => {
  it('says production for a literal or a profile that names it, unknown otherwise', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    const t = resolveTarget(inv(['python3', '-c', "import boto3; boto3.resource('s3').Bucket('acme-prod-uploads').objects.all().delete()"]), undefined, c);
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('the code names acme-prod-uploads');
    expect(resolveTarget(inv(['node', '-e', "new Storage().bucket('exports').deleteFiles()"], { stdin: undefined }), undefined, c).environment).toBe('unknown');
    expect(resolveTarget(inv(['python3', '-c', "import boto3; boto3.client('s3').delete_bucket(Bucket='x')"], { assign: { AWS_PROFILE: 'prod' } }), undefined, c).environment).toBe('production');
    expect(resolveTarget(inv(['python3', '-c', "import boto3; boto3.client('dynamodb').delete_table(TableName='orders-staging')"]), undefined, c).environment).toBe('unknown');
  });
});
