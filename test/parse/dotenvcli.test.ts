// dotenv-cli read as its cli.js reads argv (src/parse/dotenvcli.ts, minimist with no declared
// options): the cascade of -c [ENV], several -e, -v, -p, options anywhere before `--`. The expected
// readings below were checked against minimist 1.2.8 and dotenv-cli 11's cli.js.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { dotenvCli, minimist } from '../../src/parse/dotenvcli.js';
import type { Word } from '../../src/parse/types.js';
import { bareFixture } from '../helpers/detection-fixture.js';

const w = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
const ws = (s: string): Word[] => s.split(' ').filter(Boolean).map(w);
const read = (s: string) => {
  const r = dotenvCli(ws(s));
  return { files: r.files, assigns: r.assigns, override: r.override, inner: r.inner.map((x) => x.value).join(' '), none: !!r.none };
};

describe('dotenv-cli argv', () => {
  it('reads options like minimist', () => {
    const opts = (s: string) => Object.fromEntries([...minimist(ws(s)).opts].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    expect(opts('-c production psql -c DROP')).toEqual({ c: ['production', 'DROP'] });
    expect(opts('-cprod2 x')).toEqual({ c: 'prod2' });
    expect(opts('-c 2024 x')).toEqual({ c: 2024 });
    expect(opts('-c true x')).toEqual({ c: 'true' });
    expect(opts('-c -c p x')).toEqual({ c: 'p' });
    expect(opts('-oc prod x')).toEqual({ o: true, c: 'prod' });
    expect(opts('-e.env.prod x')).toEqual({ e: '.env.prod' });
    expect(minimist(ws('x -e f y -- -z')).rest.map((x) => x.value)).toEqual(['x', 'y', '-z']);
  });

  it('cascades -c [ENV] per file, first wins, -v over all', () => {
    expect(read('-c production -- psql')).toMatchObject({ files: ['.env.production.local', '.env.local', '.env.production', '.env'], inner: 'psql' });
    expect(read('-c -- psql')).toMatchObject({ files: ['.env.local', '.env'] });
    expect(read('-c 2024 -- psql').files).toEqual(['.env.local', '.env']);
    expect(read('-e ../.env -c -- psql').files).toEqual(['../.env.local', '../.env']);
    expect(read('-e a.env -e b.env -c test -- x').files).toEqual(['a.env.test.local', 'a.env.local', 'a.env.test', 'a.env', 'b.env.test.local', 'b.env.local', 'b.env.test', 'b.env']);
    expect(read('-v A=1 -v B=x=y -o -- x')).toMatchObject({ assigns: [['A', '1'], ['B', 'x=y']], override: true });
  });

  it('the command is what minimist leaves: options anywhere before --, their values taken', () => {
    expect(read('psql -e prod.env -- -c DROP')).toMatchObject({ files: ['prod.env'], inner: 'psql -c DROP' });
    expect(read('-e prod.env rm -rf data').inner).toBe('rm');
    expect(read('-c production psql -- x').inner).toBe('psql x');
  });

  it('runs nothing when it prints or refuses', () => {
    for (const s of ['-p PGHOST', '-p X -- rm -rf data', '--debug -- rm -rf data', '--help -- x', '-c -o -- x', '-cproduction -- x', '-v NOEQUALS -- x', '-e -- x', '-e']) expect(read(s).none, s).toBe(true);
    expect(read('--v= -- rm x').inner).toBe('rm x');
  });
});

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-dotenvcli-');
  const files: Record<string, string> = {
    '.env': 'PGHOST=localhost\nT=build\n',
    '.env.production': 'PGHOST=pg.prod.acme.internal\n',
    '.env.test.local': 'T=data\n',
    'prod.env': 'PGHOST=pg.prod.acme.internal\n',
    'cfg/.env': 'T=dist\n',
    'cfg/.env.local': 'T=data\n',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(fx.ctx.cwd!, f)), { recursive: true });
    writeFileSync(path.join(fx.ctx.cwd!, f), text);
  }
});
afterAll(() => fx.cleanup());

const where = async (line: string): Promise<string> => {
  const r = await check(line, fx.ctx);
  return `${r.decision} ${r.findings.map((f) => f.target?.environment ?? '?').join(',')}`;
};

describe('dotenv-cli in a line', () => {
  it('the variables it loads decide the target', async () => {
    expect(await where('dotenv -c production -- psql -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv -e prod.env -- psql -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv -e prod.env -e .env -- psql -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv -o -e .env -e prod.env -- psql -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv -v PGHOST=pg.prod.acme.internal -- psql -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv psql -e prod.env -- -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv -c production psql -- -c "DROP TABLE users"')).toBe('confirm production');
    expect(await where('dotenv --c=production -- psql -c "DROP TABLE users"')).toBe('confirm production');
  });

  it('a cascade file that sets the path deletes it', async () => {
    expect((await check(`dotenv -c test -- sh -c 'rm -rf "$T"'`, fx.ctx)).decision).toBe('confirm');
    expect((await check(`dotenv -e cfg/.env -c -- sh -c 'rm -rf "$T"'`, fx.ctx)).decision).toBe('confirm');
  });

  it('local values, missing cascade files, -p and a refused run pass', async () => {
    expect(await where('dotenv -e .env -e prod.env -- psql -c "SELECT 1"')).toBe('allow ');
    expect((await check(`dotenv -c staging -- sh -c 'rm -rf "$T"'`, fx.ctx)).decision).toBe('allow');
    expect((await check(`dotenv -e cfg/.env -- sh -c 'rm -rf "$T"'`, fx.ctx)).decision).toBe('allow');
    for (const line of ['dotenv -p PGHOST', 'dotenv -p T -- rm -rf data', 'dotenv -c -o -- rm -rf data']) expect((await check(line, fx.ctx)).decision, line).toBe('allow');
  });

  it('run by its bin path (./node_modules/.bin/dotenv), it is still the loader, like other package wrappers', async () => {
    expect(await where('./node_modules/.bin/dotenv -e prod.env -- psql -c "DROP TABLE users"')).toBe('confirm production');
    for (const line of ['node_modules/.bin/cross-env X=1 rm -rf data', './node_modules/.bin/env-cmd rm -rf data']) expect((await check(line, fx.ctx)).decision, line).toBe('confirm');
    for (const line of ['./node_modules/.bin/dotenv -e prod.env -- psql -c "SELECT 1"', './node_modules/.bin/cross-env NODE_ENV=test vitest run']) expect((await check(line, fx.ctx)).decision, line).toBe('allow');
  });

  it("without --, ruby dotenv's reading (every word from the command on) is judged too", async () => {
    expect((await check('dotenv -e prod.env rm -rf data', fx.ctx)).decision).toBe('confirm');
    expect(await where('dotenv -f prod.env psql -c "DROP TABLE users"')).toBe('confirm production');
  });
});
