// Where does each finding say a corpus line acts? Runs the same check() as corpus-check, in the
// README's bare fixture (no variables naming servers: what the environment is must come from the
// line itself) and in the detection fixture, and prints per entry the decision and, per finding,
// the environment and the evidence countersign reports. An entry's expected environment is the
// `env=` word its note starts with (production, unknown/production, local, dev, sandbox, …).
//
//   npx tsx scripts/rt23t-where.ts FILE.yaml [more.yaml …] [--all] [--fx]
//
// Counts per file: paused (detection fixture), and for the bare fixture's findings: named
// production / named unknown / named local-or-staging wrongly. `--all` prints every entry;
// otherwise only the ones not named as expected. `--fx` reads the environment in the detection
// fixture instead of the bare one.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { check, type CheckResult } from '../src/engine.js';
import { bareFixture, detectionFixture } from '../test/helpers/detection-fixture.js';

const args = process.argv.slice(2);
const all = args.includes('--all');
const useFx = args.includes('--fx');
const files = args.filter((a) => !a.startsWith('--'));
const oneLine = (s: string): string => s.replace(/\n/g, '⏎').replace(/\t/g, '⇥');

const PROD = new Set(['production']);
const LOCALISH = new Set(['local', 'dev', 'development', 'sandbox', 'preview', 'test', 'staging']);

/** What the note says: 'production' (unknown counts with it) or 'local' (dev, sandbox … too). */
function expected(note = ''): 'production' | 'local' | '?' {
  const m = /env=([a-z/]+)/.exec(note);
  const w = m?.[1];
  if (!w) return '?';
  if (w.includes('production') || w === 'unknown') return 'production';
  return LOCALISH.has(w) ? 'local' : '?';
}

/** The environments the findings name. A finding about the files the line writes first (a
 *  kubeconfig, ~/.aws/config) rightly names this machine: it counts only when nothing else was found. */
function envsOf(r: CheckResult): string[] {
  const files = (f: CheckResult['findings'][number]): boolean => f.rule.startsWith('filesystem/');
  const acts = r.findings.filter((f) => !files(f));
  return (acts.length ? acts : r.findings).map((f) => f.target.environment);
}

const fx = detectionFixture('cs-rt23t-where-');
const bare = bareFixture('cs-rt23t-where-bare-');
const totals = { n: 0, paused: 0, prod: 0, unknown: 0, wrong: 0, none: 0 };
try {
  for (const file of files) {
    const entries = parseYaml(readFileSync(file, 'utf8')) as { cmd: string; note?: string; known?: string }[];
    const c = { n: 0, paused: 0, prod: 0, unknown: 0, wrong: 0, none: 0 };
    for (const e of entries) {
      c.n++;
      const r = await check(e.cmd, fx.ctx);
      if (r.decision !== 'allow') c.paused++;
      const rw = useFx ? r : await check(e.cmd, bare.ctx);
      const want = expected(e.note);
      const envs = envsOf(rw);
      let verdict: string;
      if (!envs.length) { c.none++; verdict = 'NONE'; }
      else if (want === 'production') {
        // The finding that names the worst place decides: any local/staging name is wrong.
        if (envs.some((x) => LOCALISH.has(x))) { c.wrong++; verdict = 'WRONG'; }
        else if (envs.some((x) => PROD.has(x))) { c.prod++; verdict = 'prod'; }
        else { c.unknown++; verdict = 'unkn'; }
      } else if (want === 'local') {
        if (envs.some((x) => LOCALISH.has(x))) { c.prod++; verdict = 'local'; }
        else if (envs.some((x) => PROD.has(x))) { c.wrong++; verdict = 'WRONG'; }
        else { c.unknown++; verdict = 'unkn'; }
      } else verdict = '?';
      const show = all || verdict === 'WRONG' || verdict === 'NONE' || (verdict === 'unkn' && want === 'production') || r.decision === 'allow';
      if (show) {
        console.log(`${verdict.padEnd(5)} ${r.decision.padEnd(7)} want=${want} ${oneLine(e.cmd)}`);
        for (const f of rw.findings) {
          console.log(`        ${f.rule} (${f.decision}) → ${f.target.environment}${f.target.resource ? ` [${f.target.resource}]` : ''}`);
          for (const ev of f.target.evidence) console.log(`            · ${ev}`);
        }
      }
    }
    console.log(`${file}: ${c.n} entries; paused ${c.paused}; named as expected ${c.prod}, unknown ${c.unknown}, wrongly ${c.wrong}, no finding ${c.none}`);
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += c[k];
  }
  if (files.length > 1) console.log(`TOTAL: ${totals.n} entries; paused ${totals.paused}; named as expected ${totals.prod}, unknown ${totals.unknown}, wrongly ${totals.wrong}, no finding ${totals.none}`);
} finally {
  fx.cleanup();
  bare.cleanup();
}
