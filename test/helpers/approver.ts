// The person's approver key in tests: a cheap scrypt cost (the real one costs a second), a known
// passphrase, and a way to sign an approval the way `countersign approve` does.
import path from 'node:path';
import * as ap from '../../src/confirm/approvals.js';
import * as keys from '../../src/keys/index.js';

/** The same passphrase as test/helpers/trust.ts, so both helpers can share one key. */
export const PASSPHRASE = 'test approver passphrase';
export const TEST_COST = 2 ** 10;

export interface TestApprover {
  file: string;
  key: keys.ApproverKeyFile;
  /** Sign and write an approval for a pending request, as a person would. */
  approve(state: string, p: ap.PendingRequest, ttlMs?: number): ap.ApprovalRecord;
}

/** Create the approver key in `configDir/countersign/approver.json` (XDG_CONFIG_HOME). */
export function makeApprover(configDir: string, passphrase = PASSPHRASE): TestApprover {
  const file = path.join(configDir, 'countersign', 'approver.json');
  const key = keys.createKey(passphrase, { cost: TEST_COST });
  keys.writeKeyFile(file, key);
  const priv = keys.unlockKey(key, passphrase);
  return {
    file,
    key,
    approve(state, p, ttlMs = 10 * 60_000) {
      const rec = { id: p.id, binding: p.binding, approvedAt: Date.now(), expires: Date.now() + ttlMs, by: 'tester' };
      const full = { ...rec, fingerprint: key.fingerprint, signature: keys.sign(priv, ap.claimsOf(rec)) };
      ap.writeApproval(state, p, full);
      return full;
    },
  };
}
