// shellfirm's per-rule test cases (Apache-2.0; see docs/peer-agreement.md) as a regression floor:
// the positives of the groups countersign covers must stay intercepted at the rate reached when
// the rulesets were last tuned against them, and their negatives allowed. The corpus lives outside
// the repository (../shared/corpora/shellfirm, or $SHELLFIRM_CORPUS); without it this file skips.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVERED_GROUPS, DEFAULT_CORPUS, figures, inScope, runAgreement, type Outcome } from '../../scripts/peer-agreement.js';

// Reached on 2026-11-22 with the cloud and platform packs (docs/peer-agreement.md): positives
// 594/945 (62.9%), negatives 280/307 (91.2%), should-pause positives 594/594. The floors leave a
// small margin for corpus-neutral rule edits.
// `allowed` counts negatives allowed or paused for a reason scripts/peer-agreement.ts documents;
// `allowedRaw` all pauses (on 2026-12-03, with red team 3's packs: 276/307, 89.9%).
const FLOOR = { intercepted: 0.665, allowed: 0.99, allowedRaw: 0.88, shouldPause: 1 };

const present = existsSync(DEFAULT_CORPUS);
if (!present) console.warn(`corpus.test: no shellfirm corpus at ${DEFAULT_CORPUS} (set SHELLFIRM_CORPUS); skipped`);

describe.skipIf(!present)('shellfirm corpus: covered groups', () => {
  let covered: Outcome[];
  beforeAll(async () => {
    covered = (await runAgreement()).filter((o) => COVERED_GROUPS.includes(o.group));
  }, 120_000);

  const list = (os: Outcome[]): string => os.map((o) => `  [${o.group} ${o.rule}] ${o.test}${o.rules.length ? `  (${o.rules.join(', ')})` : ''}`).join('\n');

  it('intercepts their positives at the reached rate', () => {
    const f = figures(covered);
    const rate = f.intercepted / f.positives;
    console.log(`shellfirm positives intercepted (covered groups): ${f.intercepted}/${f.positives} (${(100 * rate).toFixed(1)}%), floor ${(100 * FLOOR.intercepted).toFixed(1)}%`);
    expect(rate, `misses with no deliberate reason:\n${list(covered.filter((o) => o.positive && !o.agree && !o.why))}`).toBeGreaterThanOrEqual(FLOOR.intercepted);
  });

  it('intercepts the positives its own policy says to pause', () => {
    const scoped = inScope(covered);
    const missed = scoped.filter((o) => !o.agree);
    const rate = (scoped.length - missed.length) / scoped.length;
    console.log(`should-pause positives intercepted: ${scoped.length - missed.length}/${scoped.length}${missed.length ? `; missed:\n${list(missed)}` : ''}`);
    expect(rate, `missed:\n${list(missed)}`).toBeGreaterThanOrEqual(FLOOR.shouldPause);
  });

  it('allows their negatives at the reached rate', () => {
    const f = figures(covered);
    const unexplained = covered.filter((o) => !o.positive && !o.agree && !o.why);
    // A pause with a documented reason (scripts/peer-agreement.ts) is a decision, not a regression.
    const rate = (f.negatives - unexplained.length) / f.negatives;
    console.log(`shellfirm negatives allowed (covered groups): ${f.allowed}/${f.negatives} (${((100 * f.allowed) / f.negatives).toFixed(1)}%); allowed or paused for a documented reason: ${(100 * rate).toFixed(1)}%, floor ${(100 * FLOOR.allowed).toFixed(1)}%`);
    expect(rate, `paused with no deliberate reason:\n${list(unexplained)}`).toBeGreaterThanOrEqual(FLOOR.allowed);
    expect(f.allowed / f.negatives).toBeGreaterThanOrEqual(FLOOR.allowedRaw);
  });
});
