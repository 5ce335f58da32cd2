// The audit log under concurrency: many countersign processes at once, each line one whole JSON
// record, exactly one per line that had findings and none for harmless lines; then
// `countersign log` reads it back.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLines, makeFixture, pool, runCountersign, type Fixture, type RanHashed } from '../helpers/fixture.js';

// A team rule of low severity: below the default confirm-at (medium), so it is allowed, runs, and
// is still recorded.
const TEAM = `rules:
  - id: team/touch-stamp
    severity: low
    summary: touches a stamp file
    verb: touch
    match:
      command: touch
      args: { any: ["stamp*"] }
    tests:
      match: [touch stamp1, touch -c stamp2]
      no-match: [touch other, ls stamp1]
`;

// Run all at once: 20 lines that need a confirmation (declined at once under CI=true) and some
// harmless ones, all appending to the same file.
const CONFIRMS = Array.from({ length: 20 }, (_, i) => `rm -rf data/sub${i % 2 ? ' data/db.sqlite' : ''} # run ${i}`);
const HARMLESS = Array.from({ length: 8 }, (_, i) => `echo harmless-${i}; ls data >/dev/null`);
// Then, two at a time, lines whose exact findings are asserted. (Under the load of the first
// batch the parser's time budget can run out, which fails closed to a confirm with
// core/uncertain; that is the engine's business, not the audit log's.)
const CALM_CONFIRMS = ['rm -rf data # calm 1', 'rm -r data/sub # calm 2'];
const ALLOWED = Array.from({ length: 5 }, (_, i) => `touch stamp${i} && echo touched-${i}`);
const DENIED = ['countersign approve abcdef', 'countersign approve ghjkmn'];
const WITH_FINDINGS = [...CONFIRMS, ...CALM_CONFIRMS, ...ALLOWED, ...DENIED];

interface Rec {
  time: string;
  session: string;
  cwd: string;
  command: string;
  decision: string;
  settled: string;
  via: string;
  findings: Array<{ rule: string; severity: string; environment: string; evidence: string[] }>;
  exit?: number | string;
}

let fx: Fixture;
let results: Map<string, RanHashed>;

beforeAll(async () => {
  fx = makeFixture({ team: TEAM });
  const env = fx.env({ CI: 'true' });
  const go = (l: string): Promise<RanHashed> => runCountersign(['-c', l], { cwd: fx.repo, env, detached: true, deadlineMs: 55_000 });
  const burst = [...CONFIRMS, ...HARMLESS];
  const ran = await Promise.all(burst.map(go));
  const calm = [...CALM_CONFIRMS, ...ALLOWED, ...DENIED];
  const ran2 = await pool(calm, 2, go);
  results = new Map([...burst.map((l, i) => [l, ran[i]!] as const), ...calm.map((l, i) => [l, ran2[i]!] as const)]);
}, 60_000);

afterAll(() => fx?.cleanup());

const records = (): Rec[] => auditLines(fx).map((l) => JSON.parse(l) as Rec);

describe('after parallel runs', () => {
  it('each process did what its line called for', () => {
    for (const l of [...CONFIRMS, ...CALM_CONFIRMS]) expect(results.get(l)).toMatchObject({ code: 126, out: '' });
    for (const [i, l] of ALLOWED.entries()) expect(results.get(l)).toMatchObject({ code: 0, out: `touched-${i}\n`, err: '' });
    for (const l of DENIED) expect(results.get(l)!.code).toBe(126);
    for (const [i, l] of HARMLESS.entries()) expect(results.get(l)).toMatchObject({ code: 0, out: `harmless-${i}\n`, err: '' });
  });

  it('the audit file has exactly one line per line with findings, and none for harmless lines', () => {
    const lines = auditLines(fx);
    expect(lines).toHaveLength(WITH_FINDINGS.length);
    const commands = records().map((r) => r.command).sort();
    expect(commands).toEqual([...WITH_FINDINGS].sort());
  });

  it('every line is one whole JSON record with the required fields', () => {
    for (const line of auditLines(fx)) {
      const r = JSON.parse(line) as Rec;
      expect(Number.isNaN(Date.parse(r.time))).toBe(false);
      expect(r.cwd).toBe(fx.repo);
      expect(typeof r.command).toBe('string');
      expect(typeof r.session).toBe('string');
      expect(r.via).toBe('shell');
      expect(['allow', 'confirm', 'deny']).toContain(r.decision);
      expect(r.findings.length).toBeGreaterThan(0);
      for (const f of r.findings) {
        expect(typeof f.rule).toBe('string');
        expect(typeof f.environment).toBe('string');
        expect(Array.isArray(f.evidence)).toBe(true);
      }
    }
  });

  it('records the decision, how it was settled, and the exit status when it ran', () => {
    const by = new Map(records().map((r) => [r.command, r]));
    for (const l of CONFIRMS) {
      const r = by.get(l)!;
      expect(r).toMatchObject({ decision: 'confirm', settled: 'no-terminal' });
      expect(r).not.toHaveProperty('exit');
    }
    for (const l of CALM_CONFIRMS) {
      const r = by.get(l)!;
      expect(r).toMatchObject({ decision: 'confirm', settled: 'no-terminal' });
      expect(r).not.toHaveProperty('exit');
      expect(r.findings).toEqual([expect.objectContaining({ rule: 'filesystem/rm-protected', severity: 'high', environment: 'local' })]);
    }
    for (const l of ALLOWED) {
      const r = by.get(l)!;
      expect(r).toMatchObject({ decision: 'allow', settled: 'allowed', exit: 0 });
      expect(r.findings).toEqual([expect.objectContaining({ rule: 'team/touch-stamp', severity: 'low' })]);
    }
    for (const l of DENIED) {
      const r = by.get(l)!;
      expect(r).toMatchObject({ decision: 'deny', settled: 'denied' });
      expect(r).not.toHaveProperty('exit');
      expect(r.findings).toContainEqual(expect.objectContaining({ rule: 'countersign/self-approve' }));
    }
  });
});

describe('countersign log', () => {
  it('--json prints every record, one per line, as written', async () => {
    const r = await runCountersign(['log', '--json'], { cwd: fx.home, env: fx.env() });
    expect(r.code).toBe(0);
    const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as Rec);
    expect(out).toEqual(records());
  });

  it('the text view lists each record with its decision', async () => {
    const r = await runCountersign(['log'], { cwd: fx.home, env: fx.env() });
    expect(r.code).toBe(0);
    expect(r.out).toContain('no-terminal');
    expect(r.out).toContain('allowed exit 0');
    expect(r.out).toContain('denied');
    expect(r.out).toContain('filesystem/rm-protected (high)');
  });

  it('--since keeps recent records only; a bad --since is a usage error', async () => {
    const old = { ...records()[0]!, time: '2020-01-02T03:04:05.000Z', command: 'rm -rf data # from long ago' };
    appendFileSync(fx.auditFile, JSON.stringify(old) + '\n');
    // A torn last line (a crash mid-write) is skipped, not fatal.
    appendFileSync(fx.auditFile, '{"time":"2026-');
    const all = await runCountersign(['log', '--json'], { cwd: fx.home, env: fx.env() });
    expect(all.out.trim().split('\n')).toHaveLength(WITH_FINDINGS.length + 1);
    for (const since of [['--since', '1h'], ['--since=2d'], ['--since', '2021-06-01']]) {
      const r = await runCountersign(['log', '--json', ...since], { cwd: fx.home, env: fx.env() });
      expect(r.code).toBe(0);
      const cmds = r.out.trim().split('\n').map((l) => (JSON.parse(l) as Rec).command);
      expect(cmds).toHaveLength(WITH_FINDINGS.length);
      expect(cmds).not.toContain(old.command);
    }
    const older = await runCountersign(['log', '--json', '--since', '2019-12-31'], { cwd: fx.home, env: fx.env() });
    expect(older.out).toContain(old.command);
    const bad = await runCountersign(['log', '--since', 'yesterday-ish'], { cwd: fx.home, env: fx.env() });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--since');
  });

  it('the text view shows a command of several lines in full, its later lines indented', async () => {
    const own = makeFixture();
    try {
      const rec = { time: '2026-01-02T03:04:05.000Z', session: 's', cwd: own.repo, command: 'cd /srv/app\nrm -rf data\necho \x1b[2Jdone', decision: 'confirm', settled: 'declined', via: 'shell', findings: [] };
      mkdirSync(path.dirname(own.auditFile), { recursive: true });
      appendFileSync(own.auditFile, JSON.stringify(rec) + '\n');
      const r = await runCountersign(['log'], { cwd: own.home, env: own.env() });
      expect(r.code).toBe(0);
      const lines = r.out.split('\n');
      const at = lines.findIndex((l) => l.endsWith('  cd /srv/app'));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toBe('      | rm -rf data');
      // Still drawn safely: an escape sequence in a later line is shown, not obeyed.
      expect(lines[at + 2]).toBe('      | echo \\e[2Jdone');
    } finally {
      own.cleanup();
    }
  });

  it('an empty log says so', async () => {
    const empty = makeFixture();
    try {
      const r = await runCountersign(['log'], { cwd: empty.home, env: empty.env() });
      expect(r).toMatchObject({ code: 0, out: 'No audit entries.\n' });
      const j = await runCountersign(['log', '--json'], { cwd: empty.home, env: empty.env() });
      expect(j).toMatchObject({ code: 0, out: '' });
    } finally {
      empty.cleanup();
    }
  });
});
