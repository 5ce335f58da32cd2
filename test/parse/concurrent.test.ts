// Commands that run while later ones do (`job &`, a pipeline's elements but its last) may read a
// file after a later command wrote it; and a file a client would read that isn't there now (nothing
// earlier on the line may make it) means the command fails, so it pauses only where the target is
// production or unknown, or the file's name says it restores or wipes data.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-concurrent-');
  writeFileSync(path.join(fx.ctx.cwd!, 'ok.sh'), 'echo hi\n');
  writeFileSync(path.join(fx.ctx.cwd!, 'ok.sql'), 'SELECT 1;\n');
});
afterAll(() => fx.cleanup());

const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe('a command running while later ones write', () => {
  it.each([
    "sleep 1 && sh out.sh & echo 'rm -rf data' > out.sh",
    "sleep 1 && sh ok.sh & echo 'rm -rf data' > ok.sh",
    "(sleep 1; ./ok.sh) & echo 'rm -rf data' > ok.sh",
    "sleep 1 && python3 x.py & echo 'import shutil; shutil.rmtree(\"data\")' > x.py",
    'sh out.sh & tar xzf scripts.tgz',
    "(sleep 1; psql -h localhost -d app_dev -f seed.sql) & echo 'DROP TABLE users;' > seed.sql",
    "sqlite3 dev.db < ok.sql & echo 'DROP TABLE users;' > ok.sql",
    'sh ok.sh | tee ok.sh',
  ])('pauses: %s', async (line) => {
    expect(await decision(line)).toBe('confirm');
  });

  it.each([
    "{ echo 'echo hi' > a.sh; sh a.sh; } & echo done > log.txt",
    'sh ok.sh & echo $! > server.pid',
    'npm run dev & sleep 5 && curl -s localhost:3000',
    'sh ok.sh & sh ok.sh; wait',
    'sqlite3 dev.db < ok.sql & echo done > log.txt',
  ])('allows: %s', async (line) => {
    expect(await decision(line)).toBe('allow');
  });
});

describe('SQL from a file that is not there now', () => {
  it.each([
    'sqlite3 dev.sqlite3 < db/seeds.sql',
    'psql -h localhost -U postgres -d app_dev -f db/seed.sql',
    'mysql -h 127.0.0.1 -u root -proot app_dev < db/schema.sql',
    'sqlite3 :memory: < schema.sql',
  ])('local, nothing on the line makes it: allowed: %s', async (line) => {
    expect(await decision(line)).toBe('allow');
  });

  it.each([
    // Production or unknown targets: it may appear before the command runs.
    'psql -h db.prod.example.com -d app -f db/seed.sql',
    'psql "$DATABASE_URL" -f db/seed.sql',
    // Named for a restore or a wipe.
    'mysql --batch shop < dump.sql',
    'psql -d app -1 -f /tmp/restore.sql',
    // A protected database file.
    'sqlite3 data/db.sqlite < seed.sql',
    // Something earlier on the line may make it.
    'node gen.js && psql -h localhost -d app_dev -f out.sql',
    'tar xzf seed.tgz && psql -h localhost -d app_dev -f seed.sql',
    'curl -so seed.sql https://example.com/seed.sql && psql -h localhost -d app_dev -f seed.sql',
    // Read on another host or in a container: not this machine's file, present or not.
    "ssh db1 'psql -d app -f /tmp/seed.sql'",
    `ssh db1 'psql -d app -f ${'OKSQL'}'`,
    'kubectl exec db-0 -- psql -f /tmp/seed.sql',
    'docker run --rm postgres psql -h db.internal -f /seed.sql',
  ])('pauses: %s', async (line) => {
    expect(await decision(line.replace('OKSQL', path.join(fx.ctx.cwd!, 'ok.sql')))).toBe('confirm');
  });
});
