// src/targets/database/redis.ts on its own.
import { describe, expect, it } from 'vitest';
import { redis } from '../../../src/targets/database/redis.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, type InvOptions } from '../helpers.js';

const r = (argv: string | string[], o: InvOptions = {}) => redis(makeRun(inv(argv, o), ctx('/nonexistent-home', '/')));

describe('redis resolver', () => {
  it('reads -u URL: host, port, database number; the password stays hidden', () => {
    const c = r('redis-cli -u redis://:hunter2@cache.prod.x:6380/3 FLUSHDB');
    expect(c.facts).toMatchObject({ host: 'cache.prod.x', port: '6380', database: '3' });
    expect(JSON.stringify(c)).not.toContain('hunter2');
  });

  it('prefers -s over -h and -u, and reads -p and -n with -h', () => {
    expect(r('redis-cli -s /run/redis.sock -h cache.x').facts['host']).toBe('/run/redis.sock');
    expect(r('valkey-cli -u redis://other.x -h cache.x -p 7000 -n 2').facts).toMatchObject({ host: 'cache.x', port: '7000', database: '2' });
  });

  it('defaults to 127.0.0.1:6379, and is unknown when -u is computed', () => {
    expect(r('redis-cli FLUSHALL').resource).toBe('redis 127.0.0.1:6379');
    expect(r(['redis-cli', '-u', '$URL'], { dynamic: [2] }).environment).toBe('unknown');
  });

  // Bypass: redis-cli reads -h and -u in order, the later one wins; countersign took -h always.
  it('takes whichever of -h and -u comes last', () => {
    expect(r('redis-cli -h localhost -u redis://cache.prod.x FLUSHALL').facts['host']).toBe('cache.prod.x');
    expect(r('redis-cli -u redis://cache.prod.x -h 127.0.0.1 FLUSHALL').facts['host']).toBe('127.0.0.1');
  });

  // Red team 19 b: `--cluster call HOST:PORT CMD` runs CMD on every node of that node's cluster.
  it('reads the node of --cluster SUBCOMMAND HOST:PORT', () => {
    expect(r('redis-cli --cluster call redis.prod.internal:6379 FLUSHALL').facts).toMatchObject({ host: 'redis.prod.internal', port: '6379' });
    expect(r(['redis-cli', '--cluster', 'call', '$NODE', 'FLUSHALL'], { dynamic: [3] }).environment).toBe('unknown');
  });
});
