// The target readers read a program's options with the registry's grammar (src/programs/builtin.ts),
// the same the rules read: a value is not taken for the destination, app or workspace.
import { describe, expect, it } from 'vitest';
import { BUILTIN } from '../../src/programs/index.js';
import { grammarOf, positionals } from '../../src/targets/run.js';
import { resolveTarget, targetKindFor } from '../../src/targets/index.js';
import { ctx, inv, world } from './helpers.js';

const pos = (line: string, g = grammarOf(line.split(' ')[0]!)) => positionals(inv(line).argv.slice(1), g).map((w) => w.value);

describe('rsync and scp have grammars of their own', () => {
  it('rsync -avP to a production host is that host (-P is a switch, not a value: it read as local)', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('rsync -avP ./build/ deploy@web1.prod.acme.com:/srv/www/', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('web1.prod.acme.com');
    expect(t.environment).toBe('production');
  });

  it('reads rsync switches as switches and its value options as values', () => {
    expect(pos('rsync -ioFclSJ src/ host:/dst/')).toEqual(['src/', 'host:/dst/']);
    expect(pos('rsync --exclude-from list.txt -B 4096 --bwlimit 100 -M --fake-super src/ host:/dst/')).toEqual(['src/', 'host:/dst/']);
  });

  it("reads scp's value options (OpenSSH scp usage)", () => {
    expect(pos('scp -P 2222 -i key -J bastion -D /usr/lib/sftp-server -X nrequests=4 f host:/x')).toEqual(['f', 'host:/x']);
    const { home, project } = world();
    const t = resolveTarget(inv('scp -P 2222 ./dump.sql db1.prod.acme.com:/tmp/', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('db1.prod.acme.com');
  });
});

describe('option lists that were local to the resolvers are registry data', () => {
  it.each([
    ['git push -o ci.skip --receive-pack x origin main', 'git', 'push', ['push', 'origin', 'main']],
    ['terraform workspace delete -lock-timeout 5s prod', 'terraform', 'workspace', ['workspace', 'delete', 'prod']],
    ['fly -a shop -c fly.toml apps destroy shop', 'fly', undefined, ['apps', 'destroy', 'shop']],
    ['vercel --env A=1 remove myproj', 'vercel', undefined, ['remove', 'myproj']],
    ['supabase -p secret db push', 'supabase', undefined, ['db', 'push']],
    ['pulumi -s prod -m msg destroy', 'pulumi', undefined, ['destroy']],
    ['neonctl --project-id p branches delete main', 'neonctl', undefined, ['branches', 'delete', 'main']],
    ['wrangler -e prod d1 execute db', 'wrangler', undefined, ['d1', 'execute', 'db']],
    ['cqlsh -u admin -k ks db1.prod', 'cqlsh', undefined, ['db1.prod']],
    ['turso -l fra db destroy shop', 'turso', undefined, ['db', 'destroy', 'shop']],
    ['aws --profile prod s3 rb s3://b', 'aws', undefined, ['s3', 'rb', 's3://b']],
    ['mc --older-than 7d rm -r --force local/bucket', 'mc', undefined, ['rm', 'local/bucket']],
    ['mcli -C /cfg rm local/bucket', 'mcli', undefined, ['rm', 'local/bucket']],
    ['rclone --config c.conf --max-age 1d delete remote:b', 'rclone', undefined, ['delete', 'remote:b']],
    ['s3cmd -c cfg --host h del s3://b/k', 's3cmd', undefined, ['del', 's3://b/k']],
  ])('%s', (line, name, sub, expected) => {
    expect(pos(line, grammarOf(name as string, sub as string | undefined))).toEqual(expected);
  });

  it('aliases share their grammar', () => {
    expect(BUILTIN['flyctl']?.['value-options']).toEqual(BUILTIN['fly']?.['value-options']);
    expect(BUILTIN['vc']?.['value-options']).toEqual(BUILTIN['vercel']?.['value-options']);
    expect(BUILTIN['tofu']?.subcommands).toEqual(BUILTIN['terraform']?.subcommands);
    expect(BUILTIN['neon']?.['value-options']).toEqual(BUILTIN['neonctl']?.['value-options']);
  });
});

describe('a dash and digits is an option to the target readers, as it was with their own lists', () => {
  it('psql -1 (single transaction) is not the database', () => {
    const t = resolveTarget(inv('psql -1 -h db.prod.acme.com -c x appdb'), undefined, ctx('/nonexistent-home', '/'));
    expect(t.facts['database']).toBe('appdb');
  });

  it('git push -4 is not the remote', () => {
    expect(pos('git push -4 origin main', grammarOf('git', 'push'))).toEqual(['push', 'origin', 'main']);
  });
});

describe("npx's options that take a value are the registry's (its wrapping grammar and npm config options)", () => {
  it.each(['npx --cache /tmp/c prisma migrate reset', 'npx --registry https://r.example prisma migrate reset', 'npx --node-options x prisma migrate reset', 'bunx -p prisma prisma migrate reset'])('%s acts on a database', (line) => {
    expect(targetKindFor(inv(line))).toBe('database');
  });

  it('npx -c runs a shell string, not a package', () => {
    expect(targetKindFor(inv(['npx', '-c', 'prisma migrate reset']))).toBeUndefined();
  });
});

describe("sqlite3's options: one grammar for the target, SQL and dot-command readers", () => {
  it.each([
    ['sqlite3 -pagecache 1024 10 data/db.sqlite x', 'data/db.sqlite'],
    ['sqlite3 -lookaside 100 10 data/db.sqlite x', 'data/db.sqlite'],
    ['sqlite3 --cmd .tables data/db.sqlite x', 'data/db.sqlite'],
    ['sqlite3 -nonce n -escape off data/db.sqlite x', 'data/db.sqlite'],
  ])('%s opens %s (the values were read as the file)', (line, file) => {
    const t = resolveTarget(inv(line, { cwd: '/p' }), undefined, ctx('/nonexistent-home', '/p'));
    expect(t.facts['sqlite-file']).toBe(`/p/${file}`);
  });
});

describe("the psql and mysql clients' options: one grammar for the target and SQL readers", () => {
  it.each([
    ['mysql -r -h 127.0.0.1 shop_prod', 'shop_prod'],
    ['mysql -w -h 127.0.0.1 shop_prod', 'shop_prod'],
    ['mysql --ssl-ca /etc/ca.pem -h 127.0.0.1 shop_prod', 'shop_prod'],
    ['mysql --init-command SET_X -h 127.0.0.1 shop_prod', 'shop_prod'],
    ['mariadb --tee /tmp/log -h 127.0.0.1 shop_prod', 'shop_prod'],
  ])('%s uses database %s (-r, -w are switches of the client; its value options were unknown)', (line, db) => {
    const t = resolveTarget(inv(line), undefined, ctx('/nonexistent-home', '/'));
    expect(t.facts['database']).toBe(db);
  });

  it('mysqldump keeps its own: -r FILE, -w WHERE', () => {
    expect(pos('mysqldump -r out.sql -w id=1 shop_prod t1')).toEqual(['shop_prod', 't1']);
  });
});

describe("mongosh's options: one grammar for the target and the shell-code reader", () => {
  it.each([
    'mongosh --tlsCAFile ca.pem mongodb://db.prod.acme.com/app',
    'mongosh --apiVersion 1 mongodb://db.prod.acme.com/app',
    'mongosh --someNewOption x mongodb://db.prod.acme.com/app',
  ])('%s connects to db.prod.acme.com (the value was read as the address: localhost)', (line) => {
    const t = resolveTarget(inv(line), undefined, ctx('/nonexistent-home', '/'));
    expect(t.facts['host']).toBe('db.prod.acme.com');
    expect(t.environment).toBe('production');
  });
});


describe("the wrappers run.ts peels read their options with the registry's grammars", () => {
  it('dotenvx run: the files of -f, the values of its other options skipped (--convention NAME)', () => {
    const schema = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n';
    const { home, project } = world({ project: { 'prisma/schema.prisma': schema, '.env.prod': 'DATABASE_URL=postgres://db.prod.acme.com/app\n' } });
    for (const line of ['dotenvx run --convention nextjs -f .env.prod -- prisma migrate reset', 'dotenvx run -e A=1 --env-file=.env.prod -- prisma migrate reset']) {
      const t = resolveTarget(inv(line, { cwd: project }), undefined, ctx(home, project));
      expect(t.facts['host'], line).toBe('db.prod.acme.com');
      expect(t.evidence.join('\n'), line).toContain('.env.prod (loaded by dotenvx)');
    }
  });

  it('env: all of its value options (-P, --split-string) are skipped with their values', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('env -P /usr/bin PGHOST=db.prod.acme.com psql -c x', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['host']).toBe('db.prod.acme.com');
  });
});
