// Origins are typed values: the engine reads the ssh host from the value, not from a string prefix,
// and every step still prints as it always has.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { originOf, showOrigin } from '../../src/parse/types.js';

describe('typed origins', () => {
  it('ssh HOST cmd: a typed step with the host, shown as before', async () => {
    const r = await parse("ssh deploy@db1.prod 'rm -rf /srv'", { cwd: '/tmp', env: {} });
    const rm = r.invocations.find((i) => i.name === 'rm')!;
    expect(originOf(rm.origin, 'ssh')).toMatchObject({ kind: 'ssh', host: 'deploy@db1.prod' });
    expect(rm.origin.map(showOrigin)).toContain('ssh deploy@db1.prod');
    expect(rm.origin.join(' > ')).toContain('ssh deploy@db1.prod');
  });

  it('a project script and a script file are typed too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-origins-'));
    try {
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { wipe: 'rm -rf data' } }));
      writeFileSync(path.join(dir, 'x.sh'), 'rm -rf data\n');
      const r = await parse('npm run wipe; bash x.sh', { cwd: dir, env: {} });
      const rms = r.invocations.filter((i) => i.name === 'rm');
      expect(originOf(rms[0]!.origin, 'in')?.label).toMatch(/wipe/);
      expect(originOf(rms[1]!.origin, 'script')).toMatchObject({ kind: 'script', path: 'x.sh' });
      expect(showOrigin(originOf(rms[1]!.origin, 'script')!)).toBe('script x.sh');
      // A plain step that merely reads like one is not typed.
      expect(originOf(['top', 'ssh fake'], 'ssh')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
