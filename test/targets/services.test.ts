// Where the small-team platform and data-service CLIs act (src/targets/services.ts): flags, then
// variables, then the files that link a folder to a project; each finding names its evidence.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { resolveTarget, targetKindFor } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world, write } from './helpers.js';

const r = (line: string, home: string, cwd: string, env: Record<string, string> = {}, envs?: unknown) =>
  resolveTarget(inv(line, { cwd, vars: env }), undefined, ctx(home, cwd, env, envs ? v.parse(environmentsSchema, envs) : undefined));

describe('kinds', () => {
  it.each([
    ['neonctl branches delete main', 'neon'], ['pscale branch delete shop main', 'planetscale'], ['doctl databases delete x', 'digitalocean'],
    ['firebase database:remove /', 'firebase'], ['wrangler d1 delete db', 'cloudflare'], ['atlas clusters delete c', 'atlas'],
    ['turso db destroy d', 'turso'], ['upstash redis delete --id x', 'upstash'], ['mc rb prod/b', 'objectstore'], ['rclone purge s3:b', 'objectstore'],
    ['s3cmd rb s3://b', 'objectstore'], ['etcdctl del --prefix /', 'service'], ['consul kv delete -recurse x', 'service'], ['kafka-topics.sh --delete', 'service'],
    ['cqlsh -e x', 'service'], ['vault secrets disable kv', 'service'],
  ])('%s → %s', (line, kind) => {
    expect(targetKindFor(inv(line))).toBe(kind);
  });
  it('a kind no resolver knows is unknown, not a crash', () => {
    const t = resolveTarget(inv('mytool wipe'), 'team-kind' as never, ctx('/nonexistent', '/'));
    expect(t.environment).toBe('unknown');
  });
});

describe('neon', () => {
  it('reads the .neon context file up to the project root, and the branch argument', () => {
    const { home, project } = world({ project: { 'package.json': '{}', '.neon': JSON.stringify({ projectId: 'shop-prod-123' }), 'api/x': '' } });
    const t = r('neonctl branches delete preview-1', home, `${project}/api`);
    expect(t.facts).toMatchObject({ 'neon-project': 'shop-prod-123', 'neon-branch': 'preview-1' });
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('.neon');
  });
  it('puts --project-id over the context, and names the main branch through the team map', () => {
    const { home, project } = world({ project: { '.neon': JSON.stringify({ projectId: 'x' }) } });
    const t = r('neonctl branches delete main --project-id acme-123', home, project, {}, { production: { match: { 'neon-branches': ['main'] } } });
    expect(t.facts['neon-project']).toBe('acme-123');
    expect(t.environment).toBe('production');
  });
  it('is unknown without a project', () => {
    const { home, project } = world();
    expect(r('neonctl databases delete app', home, project).environment).toBe('unknown');
  });
});

describe('planetscale', () => {
  it('names database and branch from the arguments, the org from .pscale.yml', () => {
    const { home, project } = world({ project: { '.pscale.yml': 'org: acme\ndatabase: shop\nbranch: dev\n' } });
    const t = r('pscale branch delete shop production --force', home, project);
    expect(t.facts).toMatchObject({ 'planetscale-org': 'acme', 'planetscale-database': 'shop', 'planetscale-branch': 'production' });
    expect(t.environment).toBe('production');
  });
  it('falls back to .pscale.yml for the database', () => {
    const { home, project } = world({ project: { '.pscale.yml': 'database: shop-staging\n' } });
    const t = r('pscale shell', home, project);
    expect(t.facts['planetscale-database']).toBe('shop-staging');
  });
});

describe('digitalocean', () => {
  it('names the context and the resource', () => {
    const { home, project } = world({ home: { '.config/doctl/config.yaml': 'context: prod\naccess-token: x\n' } });
    const t = r('doctl databases delete db-prod-1 --force', home, project);
    expect(t.facts).toMatchObject({ 'digitalocean-context': 'prod', 'digitalocean-resource': 'db-prod-1' });
    expect(t.environment).toBe('production');
    expect(r('doctl --context staging compute volume delete vol-1', home, project).facts['digitalocean-context']).toBe('staging');
  });
});

describe('firebase', () => {
  it('resolves -P aliases through .firebaserc, else its default', () => {
    const { home, project } = world({ project: { 'firebase.json': '{}', '.firebaserc': JSON.stringify({ projects: { default: 'shop-dev', live: 'shop-7f3a1' } }) } });
    const aliased = r('firebase database:remove / -P live', home, project);
    expect(aliased.facts).toMatchObject({ 'firebase-project': 'shop-7f3a1', 'app-env': 'live' });
    expect(aliased.environment).toBe('production');
    const def = r('firebase firestore:delete --all-collections', home, project);
    expect(def.facts['firebase-project']).toBe('shop-dev');
    expect(def.evidence.join('\n')).toContain('.firebaserc');
  });
  it('reads the project the line switched to first (`firebase use ALIAS &&`), through .firebaserc', () => {
    const { home, project } = world({ project: { '.firebaserc': JSON.stringify({ projects: { default: 'shop-dev', prod: 'shop-7f3a1' } }) } });
    const after = (prev: string, cmd: string, dynamic?: number[]) => {
      const i = inv(cmd, { cwd: project });
      i.succeeded = [inv(prev, { cwd: project, ...(dynamic ? { dynamic } : {}) })];
      return resolveTarget(i, undefined, ctx(home, project));
    };
    const t = after('firebase use prod', 'firebase firestore:delete --all-collections --force');
    expect(t.facts).toMatchObject({ 'firebase-project': 'shop-7f3a1', 'app-env': 'prod' });
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('firebase use prod');
    // A flag still wins; --add, --clear and a listing switch to nothing.
    expect(after('firebase use prod', 'firebase firestore:delete -P default --all-collections').facts['firebase-project']).toBe('shop-dev');
    expect(after('firebase use --add prod', 'firebase firestore:delete --all-collections').facts['firebase-project']).toBe('shop-dev');
    expect(after('firebase use', 'firebase firestore:delete --all-collections').facts['firebase-project']).toBe('shop-dev');
    expect(after('firebase use $P', 'firebase firestore:delete --all-collections', [2]).environment).toBe('unknown');
  });
  it('names the Realtime Database instance of --instance', () => {
    const { home, project } = world({ project: {} });
    const t = r('firebase database:remove / --instance acme-prod-default-rtdb -f', home, project);
    expect(t.facts['firebase-instance']).toBe('acme-prod-default-rtdb');
    expect(t.environment).toBe('production');
  });
  it('prefers the folder\'s `firebase use` project', () => {
    const { home, project } = world({ project: { '.firebaserc': JSON.stringify({ projects: { default: 'shop-dev', prod: 'shop-prod' } }) } });
    write(home, { '.config/configstore/firebase-tools.json': JSON.stringify({ activeProjects: { [project]: 'prod' } }) });
    expect(r('firebase functions:delete f', home, project).facts['firebase-project']).toBe('shop-prod');
  });
});

describe('cloudflare', () => {
  it('names the worker from wrangler.toml and the env', () => {
    const { home, project } = world({ project: { 'wrangler.toml': 'name = "api"\n\n[env.production]\nname = "api-prod"\n' } });
    const t = r('wrangler kv namespace delete --binding SESSIONS --env production', home, project);
    expect(t.facts).toMatchObject({ 'cloudflare-worker': 'api', 'wrangler-env': 'production' });
    expect(t.environment).toBe('production');
  });
  it('d1 execute without --remote is the local copy from wrangler 3.33 on; with it, the account', () => {
    const { home, project } = world({ project: { 'wrangler.jsonc': '{ "name": "shop-worker" }', 'node_modules/wrangler/package.json': '{"version":"4.12.0"}' } });
    expect(r('wrangler d1 execute db --command x', home, project).environment).toBe('local');
    const old = world({ project: { 'node_modules/wrangler/package.json': '{"version":"3.22.1"}' } });
    expect(r('wrangler d1 execute db --command x', old.home, old.project).environment).toBe('unknown');
    const none = world();
    expect(r('wrangler d1 execute db --command x', none.home, none.project).environment).toBe('unknown');
    expect(r('wrangler d1 execute db --local --command x', none.home, none.project).environment).toBe('local');
    const remote = r('wrangler d1 execute db --remote --command x', home, project);
    expect(remote.environment).toBe('unknown');
    expect(remote.facts['cloudflare-worker']).toBe('shop-worker');
  });
});

describe('atlas', () => {
  it('names the cluster and the profile\'s project', () => {
    const { home, project } = world({ home: { '.config/atlascli/config.toml': '[default]\n  project_id = "5e22aa"\n  org_id = "o"\n' } });
    const t = r('atlas clusters delete prod-cluster --force', home, project);
    expect(t.facts).toMatchObject({ 'atlas-cluster': 'prod-cluster', 'atlas-project': '5e22aa' });
    expect(t.environment).toBe('production');
  });
});

describe('turso, upstash', () => {
  it('names the database', () => {
    const { home, project } = world();
    expect(r('turso db destroy shop-prod --yes', home, project).environment).toBe('production');
    expect(r('turso db destroy scratch', home, project).environment).toBe('unknown');
    expect(r('upstash redis delete --id a3e2', home, project).facts['upstash-database']).toBe('a3e2');
  });
});

describe('object stores', () => {
  it('mc: the alias URL from ~/.mc/config.json', () => {
    const { home, project } = world({ home: { '.mc/config.json': JSON.stringify({ aliases: { prod: { url: 'https://minio.prod.acme.com' }, local: { url: 'http://127.0.0.1:9000' } } }) } });
    const t = r('mc rm -r --force prod/uploads', home, project);
    expect(t.facts).toMatchObject({ host: 'minio.prod.acme.com', bucket: 'uploads', 'storage-remote': 'prod' });
    expect(t.environment).toBe('production');
    expect(r('mc rb --force local/scratch', home, project).environment).toBe('local');
  });
  it('rclone: the remote in rclone.conf; a local path is this machine', () => {
    const { home, project } = world({ home: { '.config/rclone/rclone.conf': '[r2]\ntype = s3\nendpoint = https://acct.r2.cloudflarestorage.com\n' } });
    const t = r('rclone purge r2:shop-prod-uploads', home, project);
    expect(t.facts).toMatchObject({ 'storage-remote': 'r2', bucket: 'shop-prod-uploads', host: 'acct.r2.cloudflarestorage.com' });
    expect(t.environment).toBe('production');
    expect(r('rclone sync ./public ./mirror', home, project).environment).toBe('local');
  });
  it('a move names what it takes away (the source), not where it goes', () => {
    const { home, project } = world({ home: { '.mc/config.json': JSON.stringify({ aliases: { prod: { url: 'https://minio.prod.acme.com' } } }), '.config/rclone/rclone.conf': '[r2]\ntype = s3\n' } });
    const mc = r('mc mv --recursive prod/uploads /tmp/x', home, project);
    expect(mc.facts).toMatchObject({ bucket: 'uploads', 'storage-remote': 'prod' });
    expect(mc.environment).toBe('production');
    const rc = r('rclone move r2:shop-prod-uploads /tmp/x', home, project);
    expect(rc.facts).toMatchObject({ 'storage-remote': 'r2', bucket: 'shop-prod-uploads' });
    expect(rc.environment).toBe('production');
    expect(r('rclone moveto r2:shop-prod-uploads/a.png ./a.png', home, project).facts['bucket']).toBe('shop-prod-uploads');
    // A local source moved up: the remote destination still acts, as before.
    expect(r('mc mv ./report.csv prod/reports/', home, project).facts['storage-remote']).toBe('prod');
    // Copies and syncs act on the destination.
    expect(r('rclone sync /tmp/empty r2:shop-prod-uploads', home, project).facts['bucket']).toBe('shop-prod-uploads');
    expect(r('mc cp /dev/null prod/backups/db.dump', home, project).facts['bucket']).toBe('backups');
  });
  it('s3cmd: the bucket and host_base', () => {
    const { home, project } = world({ home: { '.s3cfg': '[default]\nhost_base = nyc3.digitaloceanspaces.com\n' } });
    const t = r('s3cmd rb -r s3://shop-prod', home, project);
    expect(t.facts).toMatchObject({ bucket: 'shop-prod', host: 'nyc3.digitaloceanspaces.com' });
    expect(t.environment).toBe('production');
  });
});

describe('self-run services', () => {
  it('takes the address from the flag, the variable, or the default', () => {
    const { home, project } = world();
    expect(r('etcdctl --endpoints https://etcd.prod.acme.com:2379 del --prefix /', home, project).facts['host']).toBe('etcd.prod.acme.com');
    expect(r('etcdctl del --prefix /', home, project).environment).toBe('local');
    expect(r('consul kv delete -recurse x', home, project, { CONSUL_HTTP_ADDR: 'consul.prod.acme.com:8500' }).environment).toBe('production');
    expect(r('vault secrets disable kv', home, project, { VAULT_ADDR: 'https://vault.prod.acme.com:8200' }).facts['host']).toBe('vault.prod.acme.com');
    expect(r('kafka-topics --bootstrap-server kafka.prod.acme.com:9092 --delete --topic t', home, project).environment).toBe('production');
    expect(r('cqlsh cassandra.prod.acme.com -e x', home, project).facts['host']).toBe('cassandra.prod.acme.com');
    expect(r('zkCli.sh -server zk.prod.acme.com:2181 deleteall /app', home, project).environment).toBe('production');
    expect(r('zookeeper-shell.sh zk-0.prod.acme.com:2181 rmr /brokers', home, project).facts['host']).toBe('zk-0.prod.acme.com');
    expect(r('zkCli.sh deleteall /app', home, project).environment).toBe('local');
    // Consul's default is the local client agent, which forwards to the cluster it joined.
    const c = r('consul kv delete -recurse app/', home, project);
    expect(c.environment).toBe('unknown');
    expect(c.evidence.join(' ')).toMatch(/local agent .* forwards/);
    expect(r('consul kv delete -recurse app/', home, project, { CONSUL_HTTP_ADDR: '127.0.0.1:8500' }).environment).toBe('local');
  });
  it("a key store's key that names production says production on this machine's server too", () => {
    const { home, project } = world();
    const t = r('vault kv metadata delete secret/prod/db', home, project);
    expect(t.facts['service-key']).toBe('secret/prod/db');
    expect(t.environment).toBe('production');
    expect(r('vault kv metadata delete secret/shop/stripe', home, project).environment).toBe('local');
    expect(r('etcdctl del --prefix /registry/', home, project).environment).toBe('local');
    expect(r('consul kv delete -recurse config/production/', home, project).environment).toBe('production');
  });
  it('is unknown when the address is only known at run time or not given', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('etcdctl --endpoints $E del --prefix /', { cwd: project, dynamic: [2] }), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(r('kafka-topics --delete --topic t', home, project).environment).toBe('unknown');
    expect(r('influx bucket delete -n telegraf', home, project).environment).toBe('unknown');
  });
});
