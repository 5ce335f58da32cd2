// Where does each finding say a corpus line acts, with staging told apart? The README's bare
// fixture, and a mapped one whose team file names the staging resources, as a team's committed
// file would. Expected environment: the `env=` word an entry's note starts with (production,
// staging, unknown, local, or `production/unknown`). A note with "(and " acts on more than one
// place: only its worst place must be named. A local finding next to a remote one is about the
// files the line writes (rightly local), so LOCAL counts only when nothing else is named.
// Red team 26: an entry that starts by appending the team's `environments:` map to
// .countersign.yaml (`cat >> .countersign.yaml <<'EOF' … EOF`, `printf '…' >> .countersign.yaml`)
// is read in the mapped fixture with that map committed (the rest of the line checked there), so
// the map is used as a team's committed file, not as an edit the agent makes.
//
//   npx tsx scripts/where.ts FILE.yaml [more.yaml …] [--all] [--rt25]
//
// `--rt25`: red team 25's map and no map read from the line (scripts/rt25t-where.ts).
// Counts per file: paused (detection fixture); then per naming fixture: named as expected,
// production (for a staging line), unknown, LOCAL wrongly, STAGING wrongly (named staging but acts
// on production: the worst), no finding.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { check, type CheckResult } from '../src/engine.js';
import { bareFixture, detectionFixture } from '../test/helpers/detection-fixture.js';

const args = process.argv.slice(2);
const all = args.includes('--all');
const rt25 = args.includes('--rt25');
const files = args.filter((a) => !a.startsWith('--'));
const oneLine = (s: string): string => s.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
const LOCALISH = new Set(['local', 'dev', 'development', 'sandbox', 'test']);

export const STAGING_MAP = `protected-paths: [data]
environments:
  staging:
    match:
      hosts: ["*.staging.acme.internal", "acme-staging.*"${rt25 ? '' : ', "*.staging.*", "staging-*", "*-stg.*", "*-staging.*", "es-staging.*"'}]
      kube-contexts: ["staging-*", staging]
      aws-profiles: [staging]
      railway-environments: [staging]
      terraform-workspaces: [staging]
      pulumi-stacks: ["*/staging"]
      fly-apps: ["*-staging"]
${rt25 ? '' : `      vercel-projects: ["*-staging"]
      netlify-sites: ["*-staging"]
      cloudflare-workers: ["*-staging"]
      github-environments: [staging]
      neon-branches: [staging]
`}      heroku-apps: ["*-staging"]
      buckets: ["acme-staging-*"]
      app-envs: [staging, stg]
      stages: [staging]
      iac-dirs: ["infra/envs/staging", "infra/live/staging/*", "infra/staging"]
      doppler-configs: [stg, "stg_*"]
      infisical-envs: [staging]
      op-env-files: ["*.env.staging*"]
`;

/** A line that first appends the team's map: the map, and the rest of the line. */
function ownMap(cmd: string): { map: string; rest: string } | undefined {
  if (rt25) return undefined;
  const h = /^cat >> \.countersign\.yaml <<'EOF'\n([\s\S]*?)\nEOF\n([\s\S]*)$/.exec(cmd);
  if (h) return { map: h[1]! + '\n', rest: h[2]! };
  const p = /^printf '([^']*)' >> \.countersign\.yaml\n([\s\S]*)$/.exec(cmd);
  if (p) return { map: p[1]!.replace(/\\n/g, '\n'), rest: p[2]! };
  return undefined;
}

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

const fx = detectionFixture('cs-where-');
const bare = bareFixture('cs-where-bare-');
const mapped = bareFixture('cs-where-map-');
writeFileSync(path.join(mapped.ctx.cwd, '.countersign.yaml'), STAGING_MAP);
const zero = () => ({ n: 0, paused: 0, ok: 0, prod: 0, unkn: 0, LOCAL: 0, STAGING: 0, NONE: 0, '?': 0 });
const totals = { bare: zero(), map: zero() };
const line = (name: string, c: ReturnType<typeof zero>): string =>
  `${name}: as expected ${c.ok}, production-for-staging/unknown ${c.prod}, unknown ${c.unkn}, LOCAL wrongly ${c.LOCAL}, STAGING wrongly ${c.STAGING}, no finding ${c.NONE}`;
try {
  for (const file of files) {
    const entries = parseYaml(readFileSync(file, 'utf8')) as { cmd: string; note?: string }[];
    const c = { bare: zero(), map: zero() };
    for (const e0 of entries) {
      const own = ownMap(e0.cmd);
      const e = own ? { ...e0, cmd: own.rest } : e0;
      // A fresh folder per team map: countersign's first sight of a team file is its floor.
      const fresh = own ? bareFixture('cs-where-own-') : undefined;
      if (fresh && own) writeFileSync(path.join(fresh.ctx.cwd, '.countersign.yaml'), `protected-paths: [data]\n${own.map}`);
      const r = await check(e0.cmd, fx.ctx);
      const want = expected(e.note);
      const multi = /\(and /.test(e.note ?? '');
      const out: string[] = [];
      let bad = r.decision === 'allow';
      for (const [k, f] of [['bare', bare], ['map', fresh ?? mapped]] as const) {
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
      fresh?.cleanup();
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
