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

/** A person answering `countersign approve ID` in a terminal of their own (the pty given): the
 *  passphrase, then the phrase the panel shows. */
export async function approveInTerminal(p: import('./pty.js').PtyProcess): Promise<{ raw: string; text: string; code: number }> {
  await p.waitFor('Approver passphrase');
  await p.type(PASSPHRASE);
  p.write('\r');
  const seen = await p.waitFor(/Type the phrase|was changed after countersign wrote it|No pending request/);
  if (seen.includes('Type the phrase')) {
    const m = /type exactly:\s+(.+)/.exec(seen);
    await p.type(m![1]!.trim());
    p.write('\r');
  }
  const e = await p.exit();
  return { raw: p.raw(), text: p.text(), code: e.exitCode };
}
