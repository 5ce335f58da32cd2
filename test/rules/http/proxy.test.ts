// A proxy set in the environment carries even a localhost request to another machine: such a
// request is not local, unless NO_PROXY sends it direct.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../../src/parse/types.js';
import { httpRequests } from '../../../src/rules/http/index.js';
import { inv } from '../../helpers/invocation.js';

const local = (args: string[], vars: Record<string, string>, unknownVars?: string[]): boolean => {
  const i: Invocation = { ...inv(args), vars, ...(unknownVars ? { unknownVars } : {}) };
  const r = httpRequests(i);
  expect(r).toHaveLength(1);
  return r[0]!.local;
};

describe('proxies from the environment', () => {
  const cases: Array<[string, string[]]> = [
    ['curl', ['curl', '-X', 'DELETE', 'http://localhost:3000/users/42']],
    ['curlie', ['curlie', 'DELETE', 'http://localhost:3000/users/42']],
    ['wget', ['wget', '--method=DELETE', 'http://127.0.0.1/users/42']],
    ['httpie', ['http', 'DELETE', ':3000/users/42']],
    ['xh', ['xh', 'DELETE', 'localhost:3000/users/42']],
  ];

  it.each(cases)('%s: local without a proxy, not local through one', (_n, args) => {
    expect(local(args, {})).toBe(true);
    expect(local(args, { http_proxy: 'http://gw.prod.acme.internal:3128' })).toBe(false);
    expect(local(args, { ALL_PROXY: 'socks5://gw:1080' })).toBe(false);
  });

  it.each(cases)('%s: NO_PROXY covering the host sends it direct', (_n, args) => {
    expect(local(args, { http_proxy: 'http://gw:3128', no_proxy: 'localhost,127.0.0.1,::1' })).toBe(true);
    expect(local(args, { HTTPS_PROXY: 'http://gw:3128', NO_PROXY: '*' })).toBe(true);
    expect(local(args, { http_proxy: 'http://gw:3128', no_proxy: 'example.com' })).toBe(false);
  });

  it('a proxy variable only known at run time, or a sourced file that may set one, counts as set', () => {
    const args = ['curl', '-X', 'DELETE', 'http://localhost/x'];
    expect(local(args, {}, ['https_proxy'])).toBe(false);
    expect(local(args, {}, ['*'])).toBe(false);
  });

  it('.example.com covers its subdomains; the lower-case no_proxy wins', () => {
    expect(local(['curl', 'http://app.localhost/x'], { http_proxy: 'http://gw', no_proxy: '.localhost' })).toBe(true);
    expect(local(['curl', 'http://localhost/x'], { http_proxy: 'http://gw', no_proxy: 'example.com', NO_PROXY: 'localhost' })).toBe(false);
  });
});

// With the default policy a local target may run: the target of a rerouted localhost request must
// not be named local, or the rules' finding is relaxed away.
describe('the target of a rerouted localhost request', () => {
  it('is unknown, with the reason as evidence, so the default policy pauses it', async () => {
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { check, engineFor } = await import('../../../src/engine.js');
    const home = mkdtempSync(path.join(os.tmpdir(), 'cs-proxy-'));
    const ctx = { cwd: home, env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' }, home, envComplete: true };
    const engine = await engineFor(ctx);
    const plain = await check('curl -X DELETE http://localhost:3000/users/42', ctx, engine);
    expect(plain.decision).toBe('allow');
    for (const line of [
      'http_proxy=http://gw.prod.acme.internal:3128 curl -X DELETE http://localhost:3000/users/42',
      'curl --connect-to localhost:80:db.prod.acme.com:80 -X DELETE http://localhost/x',
      'curl --resolve localhost:80:10.0.0.7 -X DELETE http://localhost/x',
      'xh --proxy http:http://gw:3128 DELETE localhost:3000/users/42',
    ]) {
      const r = await check(line, ctx, engine);
      expect(r.decision, line).toBe('confirm');
      const t = r.findings[0]!.target as { environment: string; evidence: string[] };
      expect(t.environment, line).toBe('unknown');
      expect(t.evidence.join(' '), line).toMatch(/is not where the request goes/);
    }
    const direct = await check('NO_PROXY=localhost http_proxy=http://gw:3128 curl -X DELETE http://localhost:3000/users/42', ctx, engine);
    expect(direct.decision).toBe('allow');
  });
});
