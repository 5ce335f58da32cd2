import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolveTarget } from '../../src/targets/index.js';
import { ctx, inv, world } from './helpers.js';

describe('postgres (libpq tools)', () => {
  it('reads the host from a URL argument', () => {
    const { home, project } = world();
    const t = resolveTarget(inv(['psql', 'postgres://app:secret@db.prod.acme.com:5432/app', '-c', 'DROP TABLE users'], { cwd: project }), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ host: 'db.prod.acme.com', port: '5432', database: 'app' });
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).not.toContain('secret');
    expect(t.resource).toBe('postgres db.prod.acme.com:5432/app');
  });

  it('reads -h and a conninfo string', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('psql -h db.staging.x -d app', { cwd: project }), 'database', ctx(home, project)).facts['host']).toBe('db.staging.x');
    const t = resolveTarget(inv(['psql', 'host=10.0.0.5 dbname=orders password=x']), 'database', ctx(home, project));
    expect(t.facts).toMatchObject({ host: '10.0.0.5', database: 'orders' });
    expect(t.evidence.join()).not.toContain('password=x');
  });

  it('reads PGHOST from the environment and from a prefix; the prefix wins', () => {
    const { home, project } = world();
    const c = ctx(home, project, { PGHOST: 'pg.staging.acme.internal' });
    expect(resolveTarget(inv('psql -c select'), undefined, c).facts['host']).toBe('pg.staging.acme.internal');
    const t = resolveTarget(inv('psql', { assign: { PGHOST: 'pg.prod.acme.internal' } }), undefined, c);
    expect(t.facts['host']).toBe('pg.prod.acme.internal');
    expect(t.evidence[0]).toBe('PGHOST=pg.prod.acme.internal (prefix)');
  });

  it('puts the -h flag above PGHOST', () => {
    const { home, project } = world();
    const c = ctx(home, project, { PGHOST: 'pg.prod.acme.internal' });
    const t = resolveTarget(inv('psql -h localhost'), undefined, c);
    expect(t.facts['host']).toBe('localhost');
    expect(t.environment).toBe('local');
    expect(t.evidence[0]).toBe('-h localhost (flag)');
  });

  it('defaults to the local unix socket, after checking PGHOST; notes that psql ignores DATABASE_URL', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('psql -c select'), undefined, ctx(home, project, { DATABASE_URL: 'postgres://db.prod.acme.com/app' }));
    expect(t.environment).toBe('local');
    expect(t.evidence.join('\n')).toContain('local unix socket');
    expect(t.evidence.join('\n')).toContain("DATABASE_URL is set, but psql doesn't read it");
  });

  it('reads a service from ~/.pg_service.conf, ahead of PGHOST', () => {
    const { home, project } = world({ home: { '.pg_service.conf': '[prod]\nhost=pg1.prod.acme.internal\ndbname=main\n' } });
    const t = resolveTarget(inv('psql service=prod'), undefined, ctx(home, project, { PGHOST: 'localhost' }));
    expect(t.facts).toMatchObject({ host: 'pg1.prod.acme.internal', database: 'main' });
    expect(t.environment).toBe('production');
  });

  it('takes the dropped database from dropdb\'s argument', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('dropdb -h db.acme.com shop'), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ host: 'db.acme.com', database: 'shop' });
  });

  it('is unknown when the connection string is computed at run time', () => {
    const { home, project } = world();
    const t = resolveTarget(inv(['psql', '$(get-url)'], { dynamic: [1] }), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
  });
});

describe('mysql, redis, mongo, sqlite', () => {
  it("reads long options by unique prefix where the client does (psql, mysql), as the SQL reader does", () => {
    const { home, project } = world();
    const host = (line: string) => resolveTarget(inv(line, { cwd: project }), 'database', ctx(home, project)).facts['host'];
    expect(resolveTarget(inv(['psql', '--ho', 'db.prod.acme.com', '-c', 'DROP TABLE users'], { cwd: project }), undefined, ctx(home, project)).environment).toBe('production');
    expect(host('psql --ho db.prod.acme.com -c x')).toBe('db.prod.acme.com');
    expect(host('psql --dbn=postgres://db.prod.acme.com/app -c x')).toBe('db.prod.acme.com');
    expect(host('mysql --ho db.prod.acme.com -e x')).toBe('db.prod.acme.com');
    // --compress is a switch (not --compression-algorithms): app is the database, -h still read
    const t = resolveTarget(inv('mysql --compress app -h db.prod.acme.com -e x', { cwd: project }), 'database', ctx(home, project));
    expect(t.facts).toMatchObject({ host: 'db.prod.acme.com', database: 'app' });
  });

  it("reads redis-cli's options only before its command (the rest is sent to the server)", () => {
    const { home, project } = world();
    const t = resolveTarget(inv('redis-cli -h cache.prod.acme.com FLUSHALL -h localhost', { cwd: project }), 'database', ctx(home, project));
    expect(t.facts['host']).toBe('cache.prod.acme.com');
    expect(t.environment).toBe('production');
  });

  it('reads mysql -hHOST attached and --host=', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('mysql -hdb.prod.x -uroot -pPw shop'), undefined, ctx(home, project)).facts).toMatchObject({ host: 'db.prod.x', database: 'shop' });
    expect(resolveTarget(inv('mysqldump --host=10.1.1.1 shop'), undefined, ctx(home, project)).facts['host']).toBe('10.1.1.1');
  });

  it('reads ~/.my.cnf before MYSQL_HOST, and defaults to the local socket', () => {
    const { home, project } = world({ home: { '.my.cnf': '[client]\nhost = mysql.prod.acme.internal\nuser=app\n' } });
    const t = resolveTarget(inv('mysql shop'), undefined, ctx(home, project, { MYSQL_HOST: 'localhost' }));
    expect(t.facts['host']).toBe('mysql.prod.acme.internal');
    expect(t.evidence[0]).toContain('.my.cnf [client]');
    const bare = world();
    const d = resolveTarget(inv('mysql shop'), undefined, ctx(bare.home, bare.project));
    expect(d.environment).toBe('local');
    const env = resolveTarget(inv('mysql shop'), undefined, ctx(bare.home, bare.project, { MYSQL_HOST: 'mysql.staging.x' }));
    expect(env.facts['host']).toBe('mysql.staging.x');
  });

  it('reads redis-cli -h and -u, and defaults to 127.0.0.1', () => {
    const { home, project } = world();
    const c = ctx(home, project);
    expect(resolveTarget(inv('redis-cli -h cache.prod.x FLUSHALL'), undefined, c).environment).toBe('production');
    expect(resolveTarget(inv('redis-cli -u rediss://default:pw@cache.live.x:6380 FLUSHALL'), undefined, c).facts['host']).toBe('cache.live.x');
    expect(resolveTarget(inv('redis-cli FLUSHALL'), undefined, c).environment).toBe('local');
  });

  it('reads a mongo URI', () => {
    const { home, project } = world();
    const t = resolveTarget(inv(['mongosh', 'mongodb+srv://u:p@cluster0.abcde.mongodb.net/shop', '--eval', 'db.dropDatabase()']), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ host: 'cluster0.abcde.mongodb.net', database: 'shop' });
    expect(t.environment).toBe('unknown');
    expect(resolveTarget(inv('mongosh --eval x'), undefined, ctx(home, project)).environment).toBe('local');
  });

  it('treats a sqlite file under the project as local and one elsewhere as unknown', () => {
    const { home, project } = world({ project: { '.git/HEAD': 'ref: refs/heads/main\n' } });
    const c = ctx(home, project);
    expect(resolveTarget(inv('sqlite3 db/dev.sqlite3 .tables', { cwd: project }), undefined, c).environment).toBe('local');
    expect(resolveTarget(inv('sqlite3 /var/lib/app/data.db', { cwd: project }), undefined, c).environment).toBe('unknown');
    expect(resolveTarget(inv('sqlite3 /var/lib/prod/data.db', { cwd: project }), undefined, c).environment).toBe('production');
  });
});

const SCHEMA = `
generator client { provider = "prisma-client-js" }
datasource db {
  provider = "postgresql"
  // url = "postgres://commented.out/x"
  url      = env("DATABASE_URL")
}
`;

describe('prisma', () => {
  it('reads DATABASE_URL from the .env next to the schema (prisma/.env)', () => {
    const { home, project } = world({
      project: {
        'package.json': '{"name":"app"}',
        'prisma/schema.prisma': SCHEMA,
        'prisma/.env': 'DATABASE_URL="postgresql://u:p@db.prod.acme.internal:5432/app?schema=public"\n',
      },
    });
    const t = resolveTarget(inv('npx prisma migrate reset --force', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('db.prod.acme.internal');
    expect(t.environment).toBe('production');
    expect(t.evidence).toContain('DATABASE_URL in prisma/.env (loaded by prisma)');
  });

  it('uses the .env beside a --schema in another folder, and the root .env', () => {
    const { home, project } = world({
      project: {
        'package.json': '{"name":"mono"}',
        'services/api/db/schema.prisma': SCHEMA.replace('DATABASE_URL', 'API_DB_URL'),
        'services/api/db/.env': 'API_DB_URL=postgres://localhost:5432/api\n',
        '.env': 'OTHER=1\n',
      },
    });
    const t = resolveTarget(inv('prisma db push --schema services/api/db/schema.prisma', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('local');
    expect(t.evidence).toContain('API_DB_URL in services/api/db/.env (loaded by prisma)');
  });

  it('lets the process environment win over .env', () => {
    const { home, project } = world({ project: { 'prisma/schema.prisma': SCHEMA, '.env': 'DATABASE_URL=postgres://localhost/app\n' } });
    const t = resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project, { DATABASE_URL: 'postgres://db.live.acme.com/app' }));
    expect(t.facts['host']).toBe('db.live.acme.com');
    expect(t.evidence).toContain('DATABASE_URL (environment)');
  });

  it('does not read .env.local, which prisma does not load', () => {
    const { home, project } = world({
      project: { 'prisma/schema.prisma': SCHEMA, '.env.local': 'DATABASE_URL=postgres://localhost/app\n', '.env': 'DATABASE_URL=postgres://db.prod.x/app\n' },
    });
    expect(resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project)).facts['host']).toBe('db.prod.x');
  });

  it('shows both values when root .env and prisma/.env conflict, the strictest first', () => {
    const { home, project } = world({
      project: {
        'package.json': '{}',
        'prisma/schema.prisma': SCHEMA,
        '.env': 'DATABASE_URL=postgres://localhost/app\n',
        'prisma/.env': 'DATABASE_URL=postgres://db.prod.x/app\n',
      },
    });
    const t = resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('prisma refuses to run on the conflict');
  });

  it('resolves a sqlite url relative to the schema', () => {
    const { home, project } = world({
      project: { '.git/HEAD': 'ref: refs/heads/main\n', 'prisma/schema.prisma': 'datasource db {\n provider = "sqlite"\n url = "file:./dev.db"\n}\n' },
    });
    const t = resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['sqlite-file']).toBe(join(project, 'prisma', 'dev.db'));
    expect(t.environment).toBe('local');
  });

  it('does not trust a local answer when prisma.config.ts decides what is loaded', () => {
    const { home, project } = world({ project: { 'prisma.config.ts': 'export default {}', 'prisma/schema.prisma': SCHEMA, '.env': 'DATABASE_URL=postgres://localhost/app\n' } });
    const t = resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('localhost');
    expect(t.environment).toBe('unknown');
  });

  it('is unknown when the variable is nowhere', () => {
    const { home, project } = world({ project: { 'prisma/schema.prisma': SCHEMA } });
    expect(resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project)).environment).toBe('unknown');
  });

  it('reads dotenv-cli files wrapped around prisma', () => {
    const { home, project } = world({ project: { 'prisma/schema.prisma': SCHEMA, '.env.production': 'DATABASE_URL=postgres://db.internal/app\n' } });
    const t = resolveTarget(inv('dotenv -e .env.production -- prisma migrate reset', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('db.internal');
    expect(t.evidence.join('\n')).toContain('.env.production (loaded by dotenv-cli)');
  });
});

describe('rails', () => {
  const DB_YML = `
default: &default
  adapter: postgresql
  pool: 5
development:
  <<: *default
  database: app_development
production:
  <<: *default
  host: <%= ENV.fetch("DB_HOST") { "db.prod.acme.internal" } %>
  database: app_production
`;

  it('reads the RAILS_ENV section of config/database.yml', () => {
    const { home, project } = world({ project: { 'config/database.yml': DB_YML, Gemfile: "gem 'rails'\n" } });
    const dev = resolveTarget(inv('bin/rails db:drop', { cwd: project }), undefined, ctx(home, project));
    expect(dev.environment).toBe('local');
    expect(dev.facts['app-env']).toBe('development');
    const prod = resolveTarget(inv('bin/rails db:drop RAILS_ENV=production', { cwd: project }), undefined, ctx(home, project));
    expect(prod.facts).toMatchObject({ host: 'db.prod.acme.internal', database: 'app_production' });
    const envHost = resolveTarget(inv('rails db:reset', { cwd: project }), undefined, ctx(home, project, { RAILS_ENV: 'production', DB_HOST: '10.2.0.4' }));
    expect(envHost.facts['host']).toBe('10.2.0.4');
    expect(envHost.environment).toBe('production');
  });

  it('prefers DATABASE_URL, from .env when the dotenv gem is in the Gemfile', () => {
    const { home, project } = world({
      project: { 'config/database.yml': DB_YML, Gemfile: "gem 'dotenv-rails'\n", '.env.development': 'DATABASE_URL=postgres://pg.staging.acme/app\n' },
    });
    const t = resolveTarget(inv('rake db:drop', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('pg.staging.acme');
    expect(t.evidence).toContain('DATABASE_URL in .env.development (loaded by dotenv-rails)');
  });
});

describe('other tools and runners', () => {
  it('reads node --env-file, later files winning', () => {
    const { home, project } = world({ project: { '.env': 'DATABASE_URL=postgres://localhost/a\n', '.env.prod': 'DATABASE_URL=postgres://db.prod.x/a\n' } });
    const t = resolveTarget(inv('node --env-file=.env --env-file=.env.prod scripts/reset.js', { cwd: project }), 'database', ctx(home, project));
    expect(t.facts['host']).toBe('db.prod.x');
    expect(t.evidence.join('\n')).toContain('.env.prod (loaded by node --env-file)');
  });

  it('reads a URL flag (dbmate --url) and dbmate\'s own .env', () => {
    const { home, project } = world({ project: { '.env': 'DATABASE_URL=postgres://db.acme.com/app\n' } });
    const c = ctx(home, project);
    expect(resolveTarget(inv('dbmate --url postgres://localhost/x drop', { cwd: project }), undefined, c).environment).toBe('local');
    expect(resolveTarget(inv('dbmate drop', { cwd: project }), undefined, c).facts['host']).toBe('db.acme.com');
  });

  it('treats DATABASE_URL for a tool whose config is code as an assumption that cannot make it local', () => {
    const { home, project } = world({ project: { '.env': 'DATABASE_URL=postgres://localhost/x\nREDIS_URL=redis://cache.prod.x:6379\n' } });
    const t = resolveTarget(inv('npx drizzle-kit push', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('production');
    const only = world({ project: { '.env': 'DATABASE_URL=postgres://localhost/x\n' } });
    const u = resolveTarget(inv('npx drizzle-kit push', { cwd: only.project }), undefined, ctx(only.home, only.project));
    expect(u.facts['host']).toBe('localhost');
    expect(u.environment).toBe('unknown');
  });

  it('reads .env files in a framework\'s order: Vite --mode, and Next.js for a tool in a Next project', () => {
    const { home, project } = world({ project: { '.env': 'DATABASE_URL=postgres://localhost/a\n', '.env.staging': 'DATABASE_URL=postgres://pg.staging.acme/a\n' } });
    const t = resolveTarget(inv('vite-node scripts/reset.ts --mode staging', { cwd: project }), 'database', ctx(home, project));
    expect(t.facts['host']).toBe('pg.staging.acme');
    expect(t.evidence.join('\n')).toContain('(loaded by vite-node (staging mode))');
    const next = world({ project: { 'package.json': '{"dependencies":{"next":"15"}}', '.env': 'DATABASE_URL=postgres://localhost/a\n', '.env.local': 'DATABASE_URL=postgres://db.prod.acme.com/a\n' } });
    const d = resolveTarget(inv('npx drizzle-kit push', { cwd: next.project }), undefined, ctx(next.home, next.project));
    expect(d.facts['host']).toBe('db.prod.acme.com');
    expect(d.evidence.join('\n')).toContain("Next.js's order");
  });

  it('reads deno run --env-file', () => {
    const { home, project } = world({ project: { '.env': 'DATABASE_URL=postgres://db.prod.x/a\n' } });
    expect(resolveTarget(inv('deno run --env-file -A reset.ts', { cwd: project }), 'database', ctx(home, project)).facts['host']).toBe('db.prod.x');
  });

  it('expands ${VAR} references in .env the way dotenv-expand does', () => {
    const { home, project } = world({ project: { 'prisma/schema.prisma': SCHEMA, '.env': 'DB_HOST=db.prod.acme.internal\nDATABASE_URL=postgres://u@${DB_HOST}:5432/app\n' } });
    expect(resolveTarget(inv('prisma migrate reset', { cwd: project }), undefined, ctx(home, project)).facts['host']).toBe('db.prod.acme.internal');
  });
});
