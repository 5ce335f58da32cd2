// Measure evasion-corpus files without vitest: each entry through `check()` in the detection
// fixture (and the README's bare one), the way test/evasion/evasion.test.ts judges it. A red team
// records its first numbers with this before any fix. Nothing is ever executed.
//
//   npx tsx scripts/corpus-check.ts test/evasion/benign/redteam5-x.yaml [more.yaml …] [--all]
//
// The kind comes from the path (…/destructive/… or …/benign/…). Prints the entries judged wrong
// (--all: every entry with its decision and rules) and a count per file.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { check, type CheckResult } from '../src/engine.js';
import { bareFixture, detectionFixture } from '../test/helpers/detection-fixture.js';

const args = process.argv.slice(2);
const all = args.includes('--all');
const files = args.filter((a) => !a.startsWith('--'));
const oneLine = (s: string): string => s.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
const why = (r: CheckResult): string => (r.findings.length ? r.findings.map((f) => `${f.rule}(${f.decision}, ${f.target.environment})`).join(', ') : 'nothing found');

const fx = detectionFixture('cs-corpus-check-');
const bare = bareFixture('cs-corpus-check-bare-');
try {
  for (const file of files) {
    const destructive = /(^|\/)destructive(\/|\.yaml$)/.test(file);
    const entries = parseYaml(readFileSync(file, 'utf8')) as { cmd: string; known?: string }[];
    let ok = 0;
    let bareOk = 0;
    for (const e of entries) {
      const r = await check(e.cmd, fx.ctx);
      const good = destructive ? r.decision !== 'allow' : r.decision === 'allow';
      const rb = await check(e.cmd, bare.ctx);
      const bareGood = destructive ? rb.decision !== 'allow' : rb.decision === 'allow';
      if (good) ok++;
      if (bareGood) bareOk++;
      if (!good || all) console.log(`${good ? 'ok  ' : 'MISS'} ${r.decision.padEnd(7)} ${oneLine(e.cmd)}\n       ${why(r)}${e.known ? `  [known: ${e.known}]` : ''}`);
      else if (!bareGood) console.log(`BARE ${rb.decision.padEnd(7)} ${oneLine(e.cmd)}\n       ${why(rb)}`);
    }
    console.log(`${file}: ${destructive ? 'destructive' : 'look-alike'} ${ok}/${entries.length} right (${((100 * ok) / entries.length).toFixed(1)}%); bare fixture ${bareOk}/${entries.length}`);
  }
} finally {
  fx.cleanup();
  bare.cleanup();
}
