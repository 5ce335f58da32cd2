// Where a command acts when its own arguments name the server (fxknown): a host flag or URL inside
// `docker exec`, `kubectl exec` or `ssh` decides the target, the container or machine is only the
// way there; and a variable the environment doesn't set, where it decides the target, is a value
// only known at run time (unknown, handled like production), not the tool's local default.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';
import { tempProject } from '../helpers/project.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => ({ root, project, home, env } = tempProject('cs-elsewhere-host-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const where = async (cmd: string, extra: Record<string, string> = {}) => {
  const config = await loadConfig({ cwd: project, env, home });
  const res = await check(cmd, { cwd: project, env: { ...env, ...extra }, home, envComplete: true }, { config, index: quickIndex(config) });
  expect(res.decision).not.toBe('allow');
  return res.findings[0]!.target;
};

describe('a host named inside a command run elsewhere', () => {
  it('decides the target over the container, pod or ssh host', async () => {
    for (const cmd of [
      "docker compose exec postgres psql -h db.prod.example.com -U app -c 'DROP TABLE users'",
      "docker exec pg psql postgres://u@db.prod.example.com/app -c 'DROP TABLE users'",
      "kubectl exec -it pg-0 -- psql -h db.prod.example.com -c 'DROP TABLE users'",
      `ssh web1 "psql -h db.prod.example.com -c 'DROP TABLE users'"`,
      'docker exec app curl -X DELETE https://api.prod.example.com/v1/users/1',
    ]) {
      const t = await where(cmd);
      expect(t.environment, cmd).toBe('production');
      expect(t.evidence.at(-1), cmd).toMatch(/^sent from /);
    }
  });
  it('leaves the container the target for localhost, no host, or a neighbour service name', async () => {
    for (const cmd of [
      "docker compose exec postgres psql -U app -c 'DROP TABLE users'",
      "docker compose exec postgres psql -h localhost -c 'DROP TABLE users'",
      "docker compose exec app psql -h db -c 'DROP TABLE users'",
    ]) {
      const t = await where(cmd);
      expect(t.evidence[0], cmd).toMatch(/runs inside a container/);
    }
  });
  it('is unknown when the host is only known at run time', async () => {
    const t = await where(`docker exec pg psql -h "$H" -c 'DROP TABLE users'`);
    expect(t.environment).toBe('unknown');
  });
});

describe('a variable the environment does not set, where it decides the target', () => {
  it('makes the target unknown, not local', async () => {
    for (const cmd of [
      `psql "$PROD_DATABASE_URL" -c 'DROP TABLE users'`,
      `mysql -h "$DB_HOST" -e 'DROP TABLE users'`,
      'redis-cli -u "$REDIS_URL" FLUSHALL',
      `mongosh "$MONGO_URL" --eval 'db.dropDatabase()'`,
      'curl -X DELETE "$API_URL/users/1"',
      'curl -X DELETE "https://api.$DOMAIN/users/1"',
    ]) expect((await where(cmd)).environment, cmd).toBe('unknown');
  });
  it('is read as set when the environment or the line sets it, or a default is written', async () => {
    expect((await where(`psql "$U" -c 'DROP TABLE users'`, { U: 'postgres://localhost/app' })).environment).not.toBe('unknown');
    expect((await where(`U=postgres://localhost/app; psql "$U" -c 'DROP TABLE users'`)).environment).not.toBe('unknown');
    expect((await where(`psql "\${PROD_DATABASE_URL:-postgres://localhost/app}" -c 'DROP TABLE users'`)).environment).not.toBe('unknown');
  });
  it('does not decide once a URL names its host', async () => {
    const t = await where('curl -X DELETE "https://api.prod.example.com/v1/users/1?auth=$SECRET"');
    expect(t.environment).toBe('production');
  });
});

// An app's database tool run in a container (fxopen): the database its settings there name (the
// compose service's environment, the project's files), not the engine; unread, unknown.
describe("an app's database tool inside a container", () => {
  const target = async (cmd: string) => {
    const config = await loadConfig({ cwd: project, env, home });
    const res = await check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) });
    return res.findings[0]!.target;
  };
  const compose = (body: string) => writeFileSync(path.join(project, 'docker-compose.yml'), body);
  it('is unknown when nothing here names its database', async () => {
    for (const cmd of ['docker compose exec app npx prisma migrate reset --force', 'docker compose exec app php artisan db:wipe', 'docker compose exec web python manage.py flush --no-input']) {
      expect((await target(cmd)).environment, cmd).toBe('unknown');
    }
  });
  it("reads the service's environment: a neighbour service is on the engine, a remote host is itself", async () => {
    mkdirSync(path.join(project, 'prisma'), { recursive: true });
    writeFileSync(path.join(project, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n');
    writeFileSync(path.join(project, '.env'), 'PROD_HOST=db.prod.example.com\n');
    compose('services:\n  app:\n    environment:\n      DATABASE_URL: postgresql://postgres@db:5432/app\n  prod:\n    environment:\n      - DATABASE_URL=postgresql://app@${PROD_HOST}:5432/app\n  gone:\n    environment:\n      DATABASE_URL: postgresql://app@${NOT_SET}:5432/app\n  db:\n    image: postgres:16\n');
    const local = await target('docker compose exec app npx prisma migrate reset --force');
    expect(local.environment).not.toBe('unknown');
    expect(local.evidence.join('\n')).toMatch(/db is on the container's network/);
    expect((await target('docker compose exec prod npx prisma migrate reset --force')).environment).toBe('production');
    expect((await target('docker compose exec gone npx prisma migrate reset --force')).environment).toBe('unknown');
    expect((await target('docker compose exec -e DATABASE_URL=postgresql://u@db.prod.example.com/app app npx prisma migrate reset --force')).environment).toBe('production');
    expect((await target('docker compose exec nosuch npx prisma migrate reset --force')).environment).toBe('unknown');
    // A database client there still talks to the container's own server.
    expect((await target("docker compose exec db psql -U postgres -c 'DROP TABLE users'")).evidence[0]).toMatch(/runs inside a container through `docker exec`$/);
  });
});
