// Sign the current team and user config the way `countersign trust` does, without a terminal:
// an approver key (cheap scrypt) is created on first use.
import path from 'node:path';
import { approverFile, createKey, readKeyFile, trustAnchor, unlockKey, writeKeyFile } from '../../src/keys/index.js';
import { trustTargets, writeSnapshot } from '../../src/rules/trust.js';

export const TEST_PASSPHRASE = 'test approver passphrase';

export function stateOf(env: Record<string, string | undefined>, home: string): string {
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'countersign');
}

export function ensureKey(env: Record<string, string | undefined>, home: string) {
  const file = approverFile(env, home);
  let k = readKeyFile(file);
  if (!k) {
    k = createKey(TEST_PASSPHRASE, { cost: 1024 });
    writeKeyFile(file, k);
  }
  return { file: k, key: unlockKey(k, TEST_PASSPHRASE) };
}

/** Sign what `countersign trust` would sign in cwd (the same targets, the same pin check). */
export async function trustNow(o: { env: Record<string, string | undefined>; home: string; cwd: string }): Promise<void> {
  const { file, key } = ensureKey(o.env, o.home);
  const state = stateOf(o.env, o.home);
  const a = trustAnchor(o.env, o.home, state);
  if (a.anchor?.publicKey !== file.publicKey) throw new Error(`trustNow: the key is not the anchor: ${a.problem}`);
  const { targets } = await trustTargets({ state, cwd: o.cwd, env: o.env, home: o.home });
  for (const t of targets) await writeSnapshot(state, key, file.fingerprint, t.kind, t.id, t.current, 'test');
}
