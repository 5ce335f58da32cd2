// src/targets/database/prisma.ts on its own: the schema's datasource and the .env files Prisma loads.
import { describe, expect, it } from 'vitest';
import { prisma } from '../../../src/targets/database/prisma.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, world } from '../helpers.js';

const ds = (body: string) => `datasource db {\n  provider = "postgresql"\n${body}\n}\n`;

function pr(argv: string, project: Record<string, string>, env: Record<string, string> = {}) {
  const w = world({ project });
  return prisma(makeRun(inv(argv, { cwd: w.project }), ctx(w.home, w.project, env)));
}

describe('prisma resolver', () => {
  it('uses directUrl over url, as the CLI does', () => {
    const [c] = pr('prisma migrate reset', {
      'package.json': '{}',
      'prisma/schema.prisma': ds('  url = env("POOL_URL")\n  directUrl = env("DIRECT_URL")'),
      '.env': 'POOL_URL=postgres://pool.staging.x/app\nDIRECT_URL=postgres://direct.prod.x/app\n',
    });
    expect(c?.facts['host']).toBe('direct.prod.x');
    expect(c?.evidence.join()).toContain('directUrl');
  });

  it('reads a literal url in the schema, and --url over everything', () => {
    const files = { 'prisma/schema.prisma': ds('  url = "postgres://lit.prod.x/app"') };
    expect(pr('prisma db push', files)[0]?.facts['host']).toBe('lit.prod.x');
    expect(pr('prisma db execute --url postgres://flag.staging.x/app', files)[0]?.facts['host']).toBe('flag.staging.x');
  });

  it('finds the schema through package.json prisma.schema and reads the .env beside it', () => {
    const [c] = pr('prisma migrate deploy', {
      'package.json': '{"prisma":{"schema":"db/schema.prisma"}}',
      'db/schema.prisma': ds('  url = env("DATABASE_URL")'),
      'db/.env': 'DATABASE_URL=postgres://beside.prod.x/app\n',
    });
    expect(c?.facts['host']).toBe('beside.prod.x');
  });

  it('with a prisma config, assumes ./.env and marks the answer guessed', () => {
    const [c] = pr('prisma migrate reset', {
      'prisma.config.ts': 'import "dotenv/config"',
      'prisma/schema.prisma': ds('  url = env("DATABASE_URL")'),
      '.env': 'DATABASE_URL=postgres://localhost/app\n',
    });
    expect(c?.guessed).toBe(true);
    expect(c?.evidence.join()).toContain('is code');
  });
});
