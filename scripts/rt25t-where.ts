// Where does each finding say a corpus line acts, with staging told apart (red team 25)? Like
// rt23t-where.ts, with two naming fixtures: the README's bare one (no map: a staging resource is
// rightly unknown) and the same with a team `environments:` map that names the staging resources
// (`*.staging.acme.internal`, `staging-*` contexts, …), as a team's committed file would. An
// entry's expected environment is the `env=` word its note starts with: production, staging,
// unknown, local, or `production/unknown` (either is right). A note with "(and " acts on more than
// one place: only its worst place must be named. A local finding next to a remote one is about
// the files the line writes (rightly local), so LOCAL counts only when nothing else is named.
//
//   npx tsx scripts/rt25t-where.ts FILE.yaml [more.yaml …] [--all]
//
// Counts per file: paused (detection fixture); then per naming fixture: named as expected,
// production (for a staging line), unknown, LOCAL wrongly, STAGING wrongly (named staging but
// acts on production: the worst), no finding.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { check, type CheckResult } from '../src/engine.js';
import { bareFixture, detectionFixture } from '../test/helpers/detection-fixture.js';

const args = process.argv.slice(2);
const all = args.includes('--all');
const files = args.filter((a) => !a.startsWith('--'));
const oneLine = (s: string): string => s.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
const LOCALISH = new Set(['local', 'dev', 'development', 'sandbox', 'test']);

export const STAGING_MAP = `protected-paths: [data]
environments:
  staging:
    match:
      hosts: ["*.staging.acme.internal", "acme-staging.*"]
      kube-contexts: ["staging-*", staging]
      aws-profiles: [staging]
      railway-environments: [staging]
      terraform-workspaces: [staging]
      pulumi-stacks: ["*/staging"]
      fly-apps: ["*-staging"]
      heroku-apps: ["*-staging"]
      buckets: ["acme-staging-*"]
      app-envs: [staging, stg]
      stages: [staging]
      iac-dirs: ["infra/envs/staging", "infra/live/staging/*", "infra/staging"]
      doppler-configs: [stg, "stg_*"]
      infisical-envs: [staging]
      op-env-files: ["*.env.staging*"]
`;

type Want = 'production' | 'staging' | 'unknown' | 'local' | 'either' | '?';
function expected(note = ''): Want {
  const w = /env=([a-z/]+)/.exec(note)?.[1];
  if (!w) return '?';
  if (w.includes('/')) return 'either';
  return (['production', 'staging', 'unknown', 'local'] as const).find((x) => x === w) ?? '?';
}

function envsOf(r: CheckResult): string[] {
  const files = (f: CheckResult['findings'][number]): boolean => f.rule.startsWith('filesystem/');
  const acts = r.findings.filter((f) => !files(f));
  return (acts.length ? acts : r.findings).map((f) => f.target.environment);
}

type Verdict = 'ok' | 'prod' | 'unkn' | 'LOCAL' | 'STAGING' | 'NONE' | '?';
function verdict(want: Want, envs: string[], multi: boolean): Verdict {
  if (!envs.length) return 'NONE';
  const has = (p: (x: string) => boolean): boolean => envs.some(p);
  const prod = has((x) => x === 'production');
  const stg = has((x) => x === 'staging');
  const loc = has((x) => LOCALISH.has(x));
  const unk = has((x) => x === 'unknown');
  switch (want) {
    case 'production':
    case 'either':
      if (multi) return prod ? 'ok' : unk ? (want === 'either' ? 'ok' : 'unkn') : stg ? 'STAGING' : 'LOCAL';
      // A local finding beside a production one is about the files the line writes or the
      // clone it changes (rightly local); a staging one never is.
      if (stg) return 'STAGING';
      if (prod) return 'ok';
      if (unk) return want === 'either' ? 'ok' : 'unkn';
      return 'LOCAL';
    case 'unknown':
      if (stg) return 'STAGING';
      if (unk) return 'ok';
      return prod ? 'prod' : 'LOCAL';
    case 'staging':
      if (stg) return 'ok';
      if (prod) return 'prod';
      return unk ? 'unkn' : 'LOCAL';
    case 'local':
      if (loc) return 'ok';
      if (stg) return 'STAGING';
      return prod ? 'prod' : 'unkn';
    default:
      return '?';
  }
}

const fx = detectionFixture('cs-rt25t-where-');
const bare = bareFixture('cs-rt25t-where-bare-');
const mapped = bareFixture('cs-rt25t-where-map-');
writeFileSync(path.join(mapped.ctx.cwd, '.countersign.yaml'), STAGING_MAP);
const zero = () => ({ n: 0, paused: 0, ok: 0, prod: 0, unkn: 0, LOCAL: 0, STAGING: 0, NONE: 0, '?': 0 });
const totals = { bare: zero(), map: zero() };
const line = (name: string, c: ReturnType<typeof zero>): string =>
  `${name}: as expected ${c.ok}, production-for-staging/unknown ${c.prod}, unknown ${c.unkn}, LOCAL wrongly ${c.LOCAL}, STAGING wrongly ${c.STAGING}, no finding ${c.NONE}`;
try {
  for (const file of files) {
    const entries = parseYaml(readFileSync(file, 'utf8')) as { cmd: string; note?: string }[];
    const c = { bare: zero(), map: zero() };
    for (const e of entries) {
      const r = await check(e.cmd, fx.ctx);
      const want = expected(e.note);
      const multi = /\(and /.test(e.note ?? '');
      const out: string[] = [];
      let bad = r.decision === 'allow';
      for (const [k, f] of [['bare', bare], ['map', mapped]] as const) {
        c[k].n++;
        if (r.decision !== 'allow') c[k].paused++;
        const rw = await check(e.cmd, f.ctx);
        const v = verdict(want, envsOf(rw), multi);
        c[k][v]++;
        // Unknown is right in the bare fixture for staging; in the mapped one it is a miss.
        const miss = v === 'LOCAL' || v === 'STAGING' || v === 'NONE' || (v === 'unkn' && (want === 'production' || (k === 'map' && want === 'staging'))) || (v === 'prod' && want === 'staging');
        if (miss) bad = true;
        out.push(`   [${k}] ${v}: ` + rw.findings.map((fd) => `${fd.rule} → ${fd.target.environment}${fd.target.resource ? ` [${fd.target.resource}]` : ''} {${fd.target.evidence.join('; ')}}`).join(' | '));
      }
      if (all || bad) {
        console.log(`${r.decision.padEnd(7)} want=${want}${multi ? '+' : ''} ${oneLine(e.cmd)}`);
        for (const o of out) console.log(o);
      }
    }
    console.log(`${file}: ${c.bare.n} entries; paused ${c.bare.paused}`);
    console.log('  ' + line('bare', c.bare));
    console.log('  ' + line('map ', c.map));
    for (const k of ['bare', 'map'] as const) for (const x of Object.keys(totals[k]) as (keyof ReturnType<typeof zero>)[]) totals[k][x] += c[k][x];
  }
  if (files.length > 1) {
    console.log(`TOTAL: ${totals.bare.n} entries; paused ${totals.bare.paused}`);
    console.log('  ' + line('bare', totals.bare));
    console.log('  ' + line('map ', totals.map));
  }
} finally {
  fx.cleanup();
  bare.cleanup();
  mapped.cleanup();
}
