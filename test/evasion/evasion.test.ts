// The evasion corpus (test/evasion/*.yaml, see README.md there): every destructive entry must be
// confirmed or denied, every benign entry allowed, through the one engine (`check()` in process).
//
// An entry marked `known: "<reason>"` is a gap in the engine that this suite can't fix from the
// data side (src/ is someone else's): it is skipped, counted and listed on every run so it stays
// visible. When the engine is fixed, the listing says so; drop the `known:` field then.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { check, checkFully, type CheckContext, type CheckResult } from '../../src/engine.js';
import { bareFixture, detectionFixture } from '../helpers/detection-fixture.js';

interface Entry {
  cmd: string;
  category: string;
  note?: string;
  known?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function load(file: string, parsed?: unknown[]): Entry[] {
  const data = parsed ?? (parseYaml(readFileSync(path.join(here, file), 'utf8')) as unknown);
  if (!Array.isArray(data)) throw new Error(`${file}: not a YAML list`);
  return data.map((e: unknown, i) => {
    const r = e as Partial<Entry>;
    if (!r || typeof r.cmd !== 'string' || typeof r.category !== 'string') throw new Error(`${file}: entry ${i} needs cmd and category`);
    if (r.known !== undefined && (typeof r.known !== 'string' || !r.known.trim())) throw new Error(`${file}: entry ${i}: known needs a reason`);
    return r as Entry;
  });
}

// Topic files (destructive/<topic>.yaml, benign/<topic>.yaml) add categories of their own: the
// file name is the category unless an entry names one.
function loadDir(dir: string): Entry[] {
  const full = path.join(here, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const data = parseYaml(readFileSync(path.join(full, f), 'utf8')) as unknown;
      if (!Array.isArray(data)) throw new Error(`${dir}/${f}: not a YAML list`);
      return load(`${dir}/${f}`, data.map((e: Partial<Entry>) => ({ category: f.replace(/\.yaml$/, ''), ...e })));
    });
}

const topics = (dir: string): string[] => (existsSync(path.join(here, dir)) ? readdirSync(path.join(here, dir)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')) : []);
const DESTRUCTIVE_CATEGORIES = ['quoting', 'wrappers', 'nesting', 'dynamic', 'encoding', 'interpreters', 'heredoc', 'separators', 'sql', 'http', 'platforms', 'indirection', ...topics('destructive')];
const BENIGN_CATEGORIES = ['echo', 'commit-message', 'grep', 'sql-literal', 'heredoc-to-cat', 'dry-run', 'build-dirs', 'read-only', 'comments', 'paths', 'mixed', ...topics('benign')];

const destructive = [...load('destructive.yaml'), ...loadDir('destructive')];
const benign = [...load('benign.yaml'), ...loadDir('benign')];

/** The fixture of README.md (shared with the peer-agreement script). */
function makeFixture(): { root: string; ctx: CheckContext } {
  const fx = detectionFixture('countersign-evasion-');
  expect(fx.ctx.env.CS_SURELY_UNSET_VAR).toBeUndefined();
  return fx;
}

interface Outcome {
  entry: Entry;
  res: CheckResult;
  ok: boolean;
}

let fx: { root: string; ctx: CheckContext };
const results = new Map<'destructive' | 'benign', Outcome[]>();

beforeAll(async () => {
  fx = makeFixture();
  for (const [kind, entries] of [['destructive', destructive], ['benign', benign]] as const) {
    const out: Outcome[] = [];
    for (const entry of entries) {
      const res = await check(entry.cmd, fx.ctx);
      const ok = kind === 'destructive' ? res.decision === 'confirm' || res.decision === 'deny' : res.decision === 'allow';
      out.push({ entry, res, ok });
    }
    results.set(kind, out);
  }
}, 1_800_000); // ~16k lines through check(): over a minute on a loaded two-core machine

afterAll(() => {
  if (fx) rmSync(fx.root, { recursive: true, force: true });
});

const oneLine = (s: string): string => s.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
const why = (r: CheckResult): string =>
  r.findings.length ? r.findings.map((f) => `${f.rule}(${f.decision})`).join(', ') : r.quick ? 'quick-reject' : 'no findings';

function report(kind: 'destructive' | 'benign', categories: string[]): { failures: string[]; stale: string[] } {
  const out = results.get(kind)!;
  const lines: string[] = [`${kind}: ${out.length} entries`];
  for (const cat of categories) {
    const inCat = out.filter((o) => o.entry.category === cat && !o.entry.known);
    const pass = inCat.filter((o) => o.ok).length;
    const known = out.filter((o) => o.entry.category === cat && o.entry.known).length;
    const rate = inCat.length ? ((100 * pass) / inCat.length).toFixed(1) : '-';
    lines.push(`  ${cat.padEnd(15)} ${String(pass).padStart(3)}/${String(inCat.length).padEnd(3)} ${rate.padStart(5)}%${known ? `  (+${known} known)` : ''}`);
  }
  const counted = out.filter((o) => !o.entry.known);
  const pass = counted.filter((o) => o.ok).length;
  lines.push(`  ${'total'.padEnd(15)} ${String(pass).padStart(3)}/${String(counted.length).padEnd(3)} ${((100 * pass) / counted.length).toFixed(1).padStart(5)}%`);
  const known = out.filter((o) => o.entry.known);
  if (known.length) {
    lines.push(`  known gaps (${known.length}, skipped; engine repros):`);
    for (const o of known) lines.push(`    - [${o.entry.category}] ${oneLine(o.entry.cmd)}  -- ${o.entry.known}${o.ok ? '  ** NOW PASSES: remove `known:` **' : ''}`);
  }
  console.log(lines.join('\n'));
  return {
    failures: counted.filter((o) => !o.ok).map((o) => `[${o.entry.category}] ${oneLine(o.entry.cmd)}  => ${o.res.decision}: ${why(o.res)}`),
    stale: known.filter((o) => o.ok).map((o) => oneLine(o.entry.cmd)),
  };
}

describe('evasion corpus', () => {
  it('data files are well formed', () => {
    for (const e of destructive) expect(DESTRUCTIVE_CATEGORIES, e.cmd).toContain(e.category);
    for (const e of benign) expect(BENIGN_CATEGORIES, e.cmd).toContain(e.category);
    // Gaps must stay few: a long `known:` list means the suite no longer says much. The red team's
    // files (redteam-*.yaml) are a measured work list of misses, listed on every run, outside the cap.
    const capped = (e: Entry): boolean => !!e.known && !e.category.startsWith('redteam-');
    expect(destructive.filter(capped).length + benign.filter(capped).length).toBeLessThanOrEqual(10);
  });

  it('every cmd is valid bash (`bash -n`, no warnings)', () => {
    // One bash runs `bash -n` on every entry (a file each): thousands of spawns from node took
    // over a minute on a busy machine.
    // Entries that passed before with this bash are remembered (node_modules/.cache), so a re-run
    // checks only new or changed ones; a fresh clone checks them all.
    const version = spawnSync('bash', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
    const key = (cmd: string): string => createHash('sha256').update(version).update('\0').update(cmd).digest('hex').slice(0, 32);
    const cacheFile = path.join(here, '../../node_modules/.cache/countersign-bash-n.txt');
    const passed = new Set(existsSync(cacheFile) ? readFileSync(cacheFile, 'utf8').split('\n') : []);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-bash-n-'));
    const all = [...destructive, ...benign].filter((e) => !passed.has(key(e.cmd)));
    try {
      all.forEach((e, i) => writeFileSync(path.join(dir, String(i)), e.cmd));
      // Two loops at once (files end in even or odd digits): the corpus keeps growing, and one loop
      // passed the timeout on a loaded two-core machine.
      // Errors go to a file (no `$( )` subshell per entry: one fork each, not two).
      const loop = 'shopt -s nullglob; chk() { e=$1; shift; for f in "$@"; do bash -n "$f" 2> "$e"; s=$?; if [ $s -ne 0 ] || [ -s "$e" ]; then printf "%s\\0%s\\0" "${f##*/}" "$(cat "$e")"; fi; done; rm -f "$e"; }; chk "$1.e0" "$1"/*[02468] > "$1.even" & chk "$1.e1" "$1"/*[13579]; wait; cat "$1.even"; rm -f "$1.even"';
      const r = spawnSync('bash', ['-c', loop, 'bash', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.error) return; // no bash here: nothing to compare with
      const parts = r.stdout.split('\0');
      const bad: string[] = [];
      const failed = new Set<number>();
      for (let i = 0; i + 1 < parts.length; i += 2) {
        failed.add(Number(parts[i]));
        bad.push(`${oneLine(all[Number(parts[i])]!.cmd)}: ${parts[i + 1]!.trim()}`);
      }
      if (all.length) {
        mkdirSync(path.dirname(cacheFile), { recursive: true });
        writeFileSync(cacheFile, [...passed, ...all.filter((_, i) => !failed.has(i)).map((e) => key(e.cmd))].join('\n'));
      }
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A fresh clone checks every entry (tens of thousands) while other test files run beside it.
  }, 1_800_000);

  it('every destructive entry is confirmed or denied', () => {
    const { failures, stale } = report('destructive', DESTRUCTIVE_CATEGORIES);
    expect(failures, `bypasses:\n${failures.join('\n')}`).toEqual([]);
    expect(stale, 'known gaps that now pass: drop their `known:`').toEqual([]);
  });

  it('every benign entry is allowed', () => {
    const { failures, stale } = report('benign', BENIGN_CATEGORIES);
    expect(failures, `false positives:\n${failures.join('\n')}`).toEqual([]);
    expect(stale, 'known gaps that now pass: drop their `known:`').toEqual([]);
  });

  // The quick reject is an optimisation: a line it passes must be one the full check allows too
  // (else a harmless-looking line hides a pause the engine would make, and the corpus can't see it).
  it('the quick reject passes only lines the full check allows', async () => {
    const disagree: string[] = [];
    for (const o of [...results.get('benign')!, ...results.get('destructive')!]) {
      if (!o.res.quick) continue;
      const full = await checkFully(o.entry.cmd, fx.ctx);
      if (full.decision !== 'allow') disagree.push(`${oneLine(o.entry.cmd)}  => full check: ${full.decision}: ${why(full)}`);
    }
    expect(disagree, `quick reject passes what the full check pauses:\n${disagree.join('\n')}`).toEqual([]);
  }, 600_000);

  // Skipped on purpose, so the runner's summary counts them; the reports above list them too.
  for (const e of [...destructive, ...benign].filter((x) => x.known)) {
    it.skip(`known gap [${e.category}] ${oneLine(e.cmd)} -- ${e.known}`, () => {});
  }
});

// The same corpus with the default policy in the README's bare fixture (only `protected-paths:
// [data]`; no environment variables naming servers): local databases and engines are what the
// lines reach. What runs there without a pause must be found and relaxed on purpose (a `high`
// finding on a local target: a framework's development reset), and stay rare.
describe('evasion corpus, default policy, bare fixture', () => {
  let bare: ReturnType<typeof bareFixture>;
  beforeAll(() => {
    bare = bareFixture('countersign-evasion-bare-');
  });
  afterAll(() => bare.cleanup());

  it('pauses the destructive lines but for a few development resets on local targets', async () => {
    const relaxed: string[] = [];
    let n = 0;
    for (const e of destructive.filter((x) => !x.known)) {
      n++;
      const r = await check(e.cmd, bare.ctx);
      if (r.decision !== 'allow') continue;
      const why = r.findings.map((f) => `${f.rule}(${f.severity}, ${f.target.environment})`).join(', ');
      relaxed.push(`[${e.category}] ${oneLine(e.cmd)} => ${why || 'nothing found'}`);
      // Found, and relaxed only because it is below critical on a local target.
      expect(r.findings.length, `${oneLine(e.cmd)}: nothing found`).toBeGreaterThan(0);
      for (const f of r.findings) expect(f.severity !== 'critical' && f.target.environment === 'local', `${oneLine(e.cmd)}: ${why}`).toBe(true);
    }
    console.log(`bare fixture: ${n - relaxed.length}/${n} destructive lines pause; relaxed on local:\n${relaxed.join('\n')}`);
    expect(relaxed.length / n).toBeLessThanOrEqual(0.01);
  }, 600_000);

  it('allows the look-alikes', async () => {
    const paused: string[] = [];
    for (const e of benign.filter((x) => !x.known)) {
      const r = await check(e.cmd, bare.ctx);
      if (r.decision !== 'allow') paused.push(`[${e.category}] ${oneLine(e.cmd)} => ${r.findings.map((f) => f.rule).join(', ')}`);
    }
    expect(paused).toEqual([]);
  }, 600_000);
});
