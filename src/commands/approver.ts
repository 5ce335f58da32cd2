// `countersign approver setup [--system]` and `countersign approver show`: the person's approver
// key (see src/keys/index.ts). Setup asks for the passphrase on /dev/tty only, and refuses to
// run where an agent could be the one typing.
import { chmodSync, chownSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../exit.js';
import { homeOf, stateDir } from '../engine.js';
import { notAPersonsTerminal } from '../confirm/index.js';
import { insideCountersign } from './more.js';
import type { Tty } from '../confirm/index.js';
import type * as Keys from '../keys/index.js';

const USAGE = 'usage: countersign approver [watch] | list | approve ID | deny ID | setup [--system] | show\n';

export async function approverCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'show' && !rest.length) return showCommand();
  if (sub === 'setup' && rest.every((a) => a === '--system')) return setupCommand({ system: rest.includes('--system') });
  process.stderr.write(sub === '--help' || sub === '-h' || sub === undefined ? USAGE : `countersign approver: unknown arguments ${args.join(' ')}\n${USAGE}`);
  return sub === '--help' || sub === '-h' ? EXIT.OK : EXIT.USAGE;
}

const where = () => {
  const env = process.env;
  const home = homeOf(env);
  return { env, home, state: stateDir(env, home) };
};

// ---- show ----

export function describeAnchor(keys: typeof Keys, env: NodeJS.ProcessEnv, home: string, state: string, systemFile?: string): { lines: string[]; ok: boolean } {
  const file = keys.approverFile(env, home);
  const user = keys.readKeyFile(file);
  const r = keys.trustAnchor(env, home, state, systemFile ? { systemFile } : {});
  const lines = [
    `key file:      ${file}${user ? ` (${user.fingerprint}, created ${user.created})` : existsSync(file) ? ' (not a valid key file)' : ' (none)'}`,
    `system file:   ${systemFile ?? keys.SYSTEM_APPROVERS}${existsSync(systemFile ?? keys.SYSTEM_APPROVERS) ? '' : ' (none)'}`,
  ];
  if (r.anchor) lines.push(`approvals are checked against ${r.anchor.fingerprint} (${r.anchor.source === 'system' ? 'pinned by root in the system file' : 'your key, pinned in the state dir'})`);
  for (const n of r.notes ?? []) lines.push(`note: ${n}`);
  if (r.problem) lines.push(`PROBLEM: ${r.problem}`, 'Nothing can be approved until this is fixed.');
  return { lines, ok: !!r.anchor };
}

async function showCommand(): Promise<number> {
  const keys = await import('../keys/index.js');
  const { env, home, state } = where();
  const d = describeAnchor(keys, env, home, state);
  process.stdout.write(d.lines.join('\n') + '\n');
  return d.ok ? EXIT.OK : 1;
}

// ---- setup ----

class Cancelled extends Error {}

async function askSecret(t: Tty, message: string): Promise<string> {
  const { password } = await import('../prompts.js');
  const { borrowOutput } = await import('../confirm/index.js');
  try {
    return await password({ message, mask: '*', theme: { prefix: '›' } }, { input: t.input, output: borrowOutput(t), clearPromptOnDone: false });
  } catch (e) {
    throw new Cancelled((e as Error).message); // Ctrl-C, Ctrl-D, a terminal that went away
  }
}

/** A new passphrase, typed twice, long enough. */
async function askNewPassphrase(t: Tty, keys: typeof Keys, say: (s: string) => void): Promise<string> {
  for (let i = 0; i < 3; i++) {
    const a = await askSecret(t, `New approver passphrase (at least ${keys.MIN_PASSPHRASE} characters):`);
    if ([...a.normalize('NFC')].length < keys.MIN_PASSPHRASE) {
      say(`  Too short: at least ${keys.MIN_PASSPHRASE} characters.\n`);
      continue;
    }
    const b = await askSecret(t, 'The same passphrase again:');
    if (a === b) return a;
    say('  The two did not match.\n');
  }
  throw new Cancelled('no passphrase');
}

/** The old key, unlocked: proves the person at the terminal knows its passphrase. */
async function askOldPassphrase(t: Tty, keys: typeof Keys, old: Keys.ApproverKeyFile, say: (s: string) => void): Promise<string> {
  for (let i = 0; i < 3; i++) {
    const p = await askSecret(t, `Current approver passphrase (for ${old.fingerprint}):`);
    say('  Checking…\n');
    try {
      keys.unlockKey(old, p);
      return p;
    } catch (e) {
      if (!(e instanceof keys.WrongPassphrase)) throw e;
      say('  Wrong passphrase.\n');
    }
  }
  throw new Cancelled('wrong passphrase');
}

export async function setupCommand(opts: { system: boolean }): Promise<number> {
  const why = notAPersonsTerminal(process.env, insideCountersign);
  if (why) {
    process.stderr.write(`countersign approver setup: refused: ${why}.\nRun it in a terminal of your own that no agent drives and countersign does not wrap (a plain terminal window or tmux pane).\n`);
    return EXIT.DECLINED;
  }
  const keys = await import('../keys/index.js');
  const { openTty, writeTty } = await import('../confirm/index.js');
  const t = openTty();
  if (!t) {
    process.stderr.write('countersign approver setup: refused: there is no terminal to ask the passphrase on.\n');
    return EXIT.DECLINED;
  }
  const say = (s: string) => writeTty(t, s);
  const { env, home, state } = where();
  const file = keys.approverFile(env, home);
  try {
    let key = keys.readKeyFile(file);
    const pin = keys.readPin(state);
    if (key && opts.system) say(`Using your approver key ${key.fingerprint}.\n`);
    else if (key) {
      // A key someone swapped in without the old passphrase: say so before asking for "its" passphrase.
      const before = keys.trustAnchor(env, home, state);
      if (before.problem) say(`PROBLEM: ${before.problem}\n`);
      say(`An approver key exists (${key.fingerprint}). Replacing it needs its passphrase.\n`);
      const old = await askOldPassphrase(t, keys, key, say);
      const fresh = await askNewPassphrase(t, keys, say);
      say('  Creating the new key…\n');
      key = keys.rotateKey(key, old, fresh);
      keys.writeKeyFile(file, key);
      say(`Rotated: the new key ${key.fingerprint} is signed by the old one.\n`);
    } else {
      if (pin) {
        say(`A key was pinned before (${pin.fingerprint}) but ${file} is gone. Restore that file, or, if you lost it, remove ${path.join(state, 'approver-pin.json')} yourself and run this again.\n`);
        return EXIT.DECLINED;
      }
      say('Creating your approver key. Approvals will need its passphrase: choose one the agent never sees.\n');
      const fresh = await askNewPassphrase(t, keys, say);
      say('  Creating the key…\n');
      key = keys.createKey(fresh);
      keys.writeKeyFile(file, key);
      say(`Created ${key.fingerprint} in ${file}.\n`);
    }
    const r = keys.trustAnchor(env, home, state);
    if (r.problem) say(`PROBLEM: ${r.problem}\n`);
    if (opts.system) return pinSystem(key, say);
    if (r.anchor?.source === 'system' && r.anchor.publicKey !== key.publicKey) {
      say(`The system file ${keys.SYSTEM_APPROVERS} names another key (${r.anchor.fingerprint}): pin this one with\n  ${sudoCommand(keys, key)}\n`);
    } else say(`For protection an agent can't undo even as your user, pin it as root:\n  ${sudoCommand(keys, key)}\n`);
    return r.problem ? 1 : EXIT.OK;
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    say('\nCancelled; nothing was changed.\n');
    return EXIT.DECLINED;
  } finally {
    t.close();
  }
}

/** The exact command that pins a key in the system file, for a person to run with sudo. */
export function sudoCommand(keys: typeof Keys, key: Pick<Keys.ApproverKeyFile, 'publicKey' | 'fingerprint'>, file = keys.SYSTEM_APPROVERS): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `sudo sh -c ${q(`umask 022 && mkdir -p ${q(path.dirname(file))} && printf '%s\\n' ${q(keys.systemLine(key).trim())} > ${q(file)}`)}`;
}

/** Write the system file as root: root-owned, 0644, in a root-owned 0755 directory. */
export function writeSystemFile(keys: typeof Keys, key: Pick<Keys.ApproverKeyFile, 'publicKey' | 'fingerprint'>, file = keys.SYSTEM_APPROVERS): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chownSync(dir, 0, 0);
  chmodSync(dir, 0o755);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `# countersign approver key, pinned by root: only its signatures approve.\n${keys.systemLine(key)}`, { mode: 0o644 });
  chownSync(tmp, 0, 0);
  chmodSync(tmp, 0o644);
  renameSync(tmp, file);
}

async function pinSystem(key: Keys.ApproverKeyFile, say: (s: string) => void): Promise<number> {
  const keys = await import('../keys/index.js');
  if (process.getuid?.() !== 0) {
    say(`Pinning in ${keys.SYSTEM_APPROVERS} needs root. Run:\n  ${sudoCommand(keys, key)}\n`);
    return 1;
  }
  writeSystemFile(keys, key);
  say(`Pinned ${key.fingerprint} in ${keys.SYSTEM_APPROVERS} (root-owned): it now wins over any key in your config dir.\n`);
  return EXIT.OK;
}

/** `init`'s step: offer to create the key in a person's terminal; otherwise say how to do it later. */
export async function offerApprover(opts: { yes: boolean }, say: (s: string) => void): Promise<void> {
  const keys = await import('../keys/index.js');
  const { env, home } = where();
  const existing = keys.readKeyFile(keys.approverFile(env, home));
  if (existing) {
    say(`= approver key: ${existing.fingerprint}\n`);
    return;
  }
  const later = '  No approver key yet: approvals need one. Create it later in your own terminal: countersign approver setup\n';
  const { openTty } = await import('../confirm/index.js');
  const t = opts.yes || notAPersonsTerminal(process.env, insideCountersign) ? undefined : openTty();
  if (!t) {
    say(later);
    return;
  }
  let yes: boolean;
  try {
    const { confirm } = await import('../prompts.js');
    const { borrowOutput } = await import('../confirm/index.js');
    yes = await confirm({ message: 'Create your approver key now (a passphrase only you know)?', default: true }, { input: t.input, output: borrowOutput(t) });
  } catch {
    yes = false;
  } finally {
    t.close();
  }
  if (yes) await setupCommand({ system: false });
  else say(later);
}
