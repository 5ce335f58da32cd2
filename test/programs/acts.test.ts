// Where programs act is registry data (src/programs/builtin.ts `acts`): the target kind, and for
// databases the engine whose reader knows the program. Differential: the kinds and engines the old
// per-module tables (DATABASE_TOOLS, PG_TOOLS..., KUBE_TOOLS, AWS_TOOLS, the switch in
// targets/index.ts) gave, snapshotted before they were removed, are what the registry gives now.
import { describe, expect, it } from 'vitest';
import { BUILTIN, builtinActs } from '../../src/programs/index.js';
import { TARGET_KINDS } from '../../src/rules/schema.js';
import { resolveTarget, targetKindFor } from '../../src/targets/index.js';
import { ctx, inv } from '../targets/helpers.js';

// name -> kind (database/ENGINE for databases; generic: read by URL and variables; '-': none).
const OLD: Record<string, string> = {
  'alembic': 'database/generic', 'atlas': 'database/generic', 'aws': 'aws', 'awslocal': 'aws', 'az': 'azure', 'bq': 'gcp',
  'cdk': 'aws', 'chgrp': 'filesystem', 'chmod': 'filesystem', 'chown': 'filesystem', 'clusterdb': 'database/postgres',
  'consul': 'service', 'copilot': 'aws', 'cp': 'filesystem', 'cqlsh': 'service', 'createdb': 'database/postgres',
  'createuser': 'database/postgres', 'curl': 'http', 'curlie': 'http', 'db-migrate': 'database/generic',
  'dbmate': 'database/generic', 'dd': 'filesystem', 'diesel': 'database/generic', 'docker': 'docker', 'docker-compose': 'docker',
  'doctl': 'digitalocean', 'drizzle-kit': 'database/generic', 'dropdb': 'database/postgres', 'dropuser': 'database/postgres',
  'eb': 'aws', 'etcdctl': 'service', 'fdisk': 'filesystem', 'find': 'filesystem', 'firebase': 'firebase', 'flux': 'kubernetes',
  'fly': 'fly', 'flyctl': 'fly', 'flyway': 'database/generic', 'gcloud': 'gcp', 'gio': 'filesystem', 'git': 'git',
  'goose': 'database/generic', 'gsutil': 'gcp', 'helm': 'kubernetes', 'helmfile': 'kubernetes', 'heroku': 'heroku', 'http': 'http',
  'httpie': 'http', 'https': 'http', 'influx': 'service', 'install': 'filesystem', 'k9s': 'kubernetes',
  'kafka-delete-records': 'service', 'kafka-delete-records.sh': 'service', 'kafka-topics': 'service', 'kafka-topics.sh': 'service',
  'kapp': 'kubernetes', 'keydb-cli': 'database/redis', 'knex': 'database/generic', 'kubecolor': 'kubernetes',
  'kubectl': 'kubernetes', 'kubectx': 'kubernetes', 'kubens': 'kubernetes', 'kysely': 'database/generic',
  'liquibase': 'database/generic', 'litecli': 'database/sqlite', 'ln': 'filesystem', 'mariadb': 'database/mysql',
  'mariadb-admin': 'database/mysql', 'mariadb-dump': 'database/mysql', 'mc': 'objectstore', 'mcli': 'objectstore',
  'migrate': 'database/generic', 'mikro-orm': 'database/generic', 'mkfs': 'filesystem', 'mkfs.ext4': 'filesystem',
  'mkfs.xfs': 'filesystem', 'mongo': 'database/mongo', 'mongocli': 'atlas', 'mongodump': 'database/mongo',
  'mongoexport': 'database/mongo', 'mongofiles': 'database/mongo', 'mongoimport': 'database/mongo',
  'mongorestore': 'database/mongo', 'mongosh': 'database/mongo', 'mv': 'filesystem', 'mycli': 'database/mysql',
  'mysql': 'database/mysql', 'mysqladmin': 'database/mysql', 'mysqlcheck': 'database/mysql', 'mysqldump': 'database/mysql',
  'mysqlimport': 'database/mysql', 'mysqlpump': 'database/mysql', 'mysqlsh': 'database/generic', 'neon': 'neon', 'neonctl': 'neon',
  'nerdctl': 'docker', 'node-pg-migrate': 'database/generic', 'oc': 'kubernetes', 'parted': 'filesystem', 'perl': 'filesystem',
  'pg_dump': 'database/postgres', 'pg_dumpall': 'database/postgres', 'pg_isready': 'database/postgres',
  'pg_restore': 'database/postgres', 'pgbench': 'database/postgres', 'pgcli': 'database/postgres', 'podman': 'docker',
  'podman-compose': 'docker', 'prisma': 'database/prisma', 'pscale': 'planetscale', 'psql': 'database/postgres',
  'pulumi': 'pulumi', 'rails': 'database/rails', 'railway': 'railway', 'rake': '-', 'rclone': 'objectstore',
  'redis-cli': 'database/redis', 'reindexdb': 'database/postgres', 'render': 'render', 'rm': 'filesystem', 'rmdir': 'filesystem',
  'rpk': 'service', 'rsync': 'filesystem', 's3cmd': 'objectstore', 'sam': 'aws', 'scp': 'filesystem', 'sed': 'filesystem',
  'sequelize': 'database/generic', 'sequelize-cli': 'database/generic', 'sfdisk': 'filesystem', 'shred': 'filesystem',
  'skaffold': 'kubernetes', 'sqlite': 'database/sqlite', 'sqlite3': 'database/sqlite', 'sqlx': 'database/generic',
  'srm': 'filesystem', 'stern': 'kubernetes', 'supabase': 'supabase', 'tee': 'filesystem', 'terraform': 'terraform',
  'terragrunt': 'terraform', 'tofu': 'terraform', 'trash': 'filesystem', 'trash-put': 'filesystem', 'truncate': 'filesystem',
  'turso': 'turso', 'typeorm': 'database/generic', 'unlink': 'filesystem', 'upstash': 'upstash', 'vacuumdb': 'database/postgres',
  'valkey-cli': 'database/redis', 'vault': 'service', 'vc': 'vercel', 'vercel': 'vercel', 'wget': 'http', 'wipefs': 'filesystem',
  'wrangler': 'cloudflare', 'xh': 'http', 'xhs': 'http',
};

describe('builtin acts', () => {
  it.each(Object.entries(OLD))('%s acts on %s as before', (name, expected) => {
    const [kind, engine] = expected.split('/');
    expect(targetKindFor(inv(name)) ?? '-').toBe(kind);
    if (kind === 'database') expect(builtinActs(name)?.engine ?? 'generic').toBe(engine);
  });

  it('keeps the kinds that depend on arguments', () => {
    expect(targetKindFor(inv('rake db:drop'))).toBe('database');
    expect(builtinActs('rake')?.engine).toBe('rails');
    expect(targetKindFor(inv('mix ecto.drop'))).toBe('database');
    expect(targetKindFor(inv('mix test'))).toBeUndefined();
    expect(targetKindFor(inv('atlas clusters delete c0'))).toBe('atlas');
    expect(targetKindFor(inv('atlas schema apply'))).toBe('database');
    expect(targetKindFor(inv('mkfs.btrfs /dev/sdb'))).toBe('filesystem');
    expect(targetKindFor(inv('podman-compose down'))).toBe('docker');
  });

  it('names only kinds a resolver knows, and engines the database dispatcher knows', () => {
    const engines = new Set(['postgres', 'mysql', 'redis', 'mongo', 'sqlite', 'prisma', 'rails', 'ecto']);
    for (const [name, spec] of Object.entries(BUILTIN)) {
      if (!spec.acts) continue;
      expect(TARGET_KINDS, name).toContain(spec.acts.kind);
      if (spec.acts.engine) {
        expect(spec.acts.kind, name).toBe('database');
        expect(engines.has(spec.acts.engine), `${name}: ${spec.acts.engine}`).toBe(true);
      }
    }
  });

  it('the dispatcher reads the engine: keydb-cli is read as redis, mysqlsh by its URL', () => {
    const t = resolveTarget(inv('keydb-cli -h db.prod.example.com -n 2 FLUSHDB'), undefined, ctx('/nonexistent-home', '/'));
    expect(t.facts['host']).toBe('db.prod.example.com');
    expect(t.resource).toMatch(/redis/);
    const g = resolveTarget(inv('mysqlsh --uri mysql://u@db.stage.example.com/app'), undefined, ctx('/nonexistent-home', '/'));
    expect(g.facts['host']).toBe('db.stage.example.com');
  });

  it('a program nobody declared has no kind; a wrapper keeps its wrapping with its kind', () => {
    expect(targetKindFor(inv('ourctl destroy'))).toBeUndefined();
    expect(BUILTIN['docker']?.wraps?.sub).toEqual(['exec']);
    expect(BUILTIN['railway']?.wraps?.sub).toEqual(['run']);
    expect(BUILTIN['railway']?.acts?.kind).toBe('railway');
  });
});
