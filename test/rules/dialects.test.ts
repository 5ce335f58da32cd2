// sql-from with a dialect (#15): cypher-shell's query, -f/--file and stdin are read as Cypher,
// and heroku redis:cli's stdin as Redis commands. Real files in a temp dir, the whole engine.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

const fx = detectionFixture('countersign-dialects-');
writeFileSync(path.join(fx.ctx.cwd, 'ok.cypher'), 'MATCH (n) RETURN count(n);\n');
writeFileSync(path.join(fx.ctx.cwd, 'wipe.cypher'), '// nightly\nMATCH (n)\nDETACH DELETE n;\n');
writeFileSync(path.join(fx.ctx.cwd, 'ok.redis'), 'INFO keyspace\nGET flushall\n');
writeFileSync(path.join(fx.ctx.cwd, 'wipe.redis'), 'SELECT 0\nflushall async\n');
afterAll(() => rmSync(fx.root, { recursive: true, force: true }));

const rules = async (line: string) => (await check(line, fx.ctx)).findings.map((f) => f.rule);

describe('cypher-shell reads Cypher wherever it comes from', () => {
  it('a file, --file, stdin from a file or a pipe', async () => {
    for (const line of ['cypher-shell -a neo4j+s://g.prod -f wipe.cypher', 'cypher-shell --file=wipe.cypher', 'cypher-shell < wipe.cypher', "echo 'MATCH (n:User) DETACH DELETE n' | cypher-shell"]) {
      expect(await rules(line), line).toContain('databases/cypher-delete-all');
    }
    for (const line of ['cypher-shell -f ok.cypher', 'cypher-shell < ok.cypher', "cypher-shell 'MATCH (u:User) WHERE u.id = 1 DETACH DELETE u'"]) {
      expect(await rules(line), line).not.toContain('databases/cypher-delete-all');
    }
  });
  it('a file that cannot be read pauses unseen', async () => {
    const r = await check('cypher-shell -f missing.cypher', fx.ctx);
    expect(r.findings.map((f) => f.rule)).toContain('databases/cypher-delete-all');
    expect(r.findings.find((f) => f.rule === 'databases/cypher-delete-all')!.detail).toMatch(/missing.cypher, which isn't there now/);
  });
});

describe('heroku redis:cli reads Redis commands on stdin', () => {
  it('FLUSHALL from a file or a pipe; other commands pass', async () => {
    expect(await rules('heroku redis:cli -a shop-prod -c shop-prod < wipe.redis')).toContain('heroku/redis-cli-flush');
    expect(await rules('echo FLUSHDB | heroku redis:cli -a shop-prod -c shop-prod')).toContain('heroku/redis-cli-flush');
    expect(await rules('heroku redis:cli -a shop-prod -c shop-prod < ok.redis')).toEqual([]);
    expect(await rules('heroku redis:cli -a shop-prod')).toEqual([]);
  });
});
