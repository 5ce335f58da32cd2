// Sign the current team and user config the way `countersign trust` does, without a terminal:
// an approver key (cheap scrypt) is created on first use.
import path from 'node:path';
import { approverFile, createKey, readKeyFile, unlockKey, writeKeyFile } from '../../src/confirm/keys.js';
import { findTeamFile, userConfigFile } from '../../src/rules/config-cache.js';
import { currentTeamFiles, currentUserFiles, writeSnapshot } from '../../src/rules/trust.js';

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

/** Sign what is there now: the team file that applies in cwd (if any) and the user config. */
export async function trustNow(o: { env: Record<string, string | undefined>; home: string; cwd: string }): Promise<void> {
  const { file, key } = ensureKey(o.env, o.home);
  const state = stateOf(o.env, o.home);
  const team = findTeamFile(o.cwd);
  if (team) await writeSnapshot(state, key, file.fingerprint, 'team', path.dirname(team), currentTeamFiles(team), 'test');
  const user = userConfigFile(o.env, o.home);
  const files = currentUserFiles(user);
  if (files.length) await writeSnapshot(state, key, file.fingerprint, 'user', user, files, 'test');
}
