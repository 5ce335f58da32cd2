import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parse } from '../../src/parse/index.js';
import type { Invocation } from '../../src/parse/types.js';

interface Case {
  line: string;
  runs?: string[];
  origin?: string;
  not?: string[];
  opaque?: boolean;
  uncertain?: boolean;
  cwd?: string;
  dialect?: 'bash' | 'zsh';
}

const cases = YAML.parse(readFileSync(path.join(import.meta.dirname, 'constructs.yaml'), 'utf8')) as Case[];
const ctx = { cwd: '/repo', env: { HOME: '/home/u', PATH: '/usr/bin:/bin', PROJ: '/srv/proj' }, home: '/home/u' };

const show = (i: Invocation) => i.argv.map((w) => (w.dynamic ? '*' : w.value)).join(' ');

describe('parser constructs', () => {
  it('has a table entry per construct', () => expect(cases.length).toBeGreaterThan(100));
  for (const c of cases) {
    it(c.line.replace(/\n/g, '⏎'), async () => {
      const r = await parse(c.line, ctx, { envComplete: true, dialect: c.dialect });
      const shown = r.invocations.map(show);
      for (const want of c.runs ?? []) expect(shown, `invocations: ${JSON.stringify(shown)} uncertain: ${r.uncertain}`).toContain(want);
      if (c.origin) {
        const first = r.invocations.find((i) => show(i) === c.runs![0]);
        expect(first?.origin.join(' > ')).toContain(c.origin);
      }
      for (const n of c.not ?? []) expect(r.invocations.map((i) => i.name)).not.toContain(n);
      if (c.opaque) expect(r.invocations.some((i) => i.opaque), JSON.stringify(shown)).toBe(true);
      if (c.uncertain !== undefined) expect(r.uncertain.length > 0, r.uncertain.join('; ')).toBe(c.uncertain);
      if (c.cwd) expect(r.invocations.filter((i) => c.runs?.includes(show(i))).at(-1)?.cwd).toBe(c.cwd);
    });
  }
});

// `a && b`: b runs only after a succeeded; rules read it (unless-created: a create that failed
// stops the line before the command that would act on what it made).
describe('succeeded: the commands that had to exit 0 first', () => {
  const names = async (line: string) => {
    const r = await parse(line, { cwd: '/tmp', env: {} }, { envComplete: true });
    return Object.fromEntries(r.invocations.map((i) => [i.argv.map((w) => w.value).join(' '), (i.succeeded ?? []).map((s) => s.argv[0]!.value)]));
  };
  it('&& chains, not ; or ||', async () => {
    expect(await names('a && b && c')).toEqual({ a: [], b: ['a'], c: ['a', 'b'] });
    expect(await names('a; b')).toEqual({ a: [], b: [] });
    expect(await names('a || b && c')).toEqual({ a: [], b: [], c: ['b'] });
    expect(await names('a | b && c')).toEqual({ a: [], b: [], c: ['b'] });
    expect(await names('(a; b) && c')).toEqual({ a: [], b: [], c: [] });
  });
});
