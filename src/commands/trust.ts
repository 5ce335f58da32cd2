// `countersign trust`: show how the team file(s) and the user config changed since they were
// last signed, then sign them with the approver key. Until then a weakening change waits (the
// union of the signed and the current protection applies; see src/rules/trust.ts).
import path from 'node:path';
import { EXIT } from '../exit.js';
import { homeOf, stateDir } from '../engine.js';
import { notAPersonsTerminal } from '../confirm/index.js';
import { insideCountersign } from './more.js';

const USAGE = 'usage: countersign trust   (in your own terminal: shows the changes, asks the approver passphrase, signs)\n';

export async function trustCommand(args: string[]): Promise<number> {
  if (args.length) {
    process.stderr.write(args[0] === '--help' || args[0] === '-h' ? USAGE : `countersign trust: unknown argument ${args[0]}\n${USAGE}`);
    return args[0] === '--help' || args[0] === '-h' ? EXIT.OK : EXIT.USAGE;
  }
  const why = notAPersonsTerminal(process.env, insideCountersign);
  if (why) {
    process.stderr.write(`countersign trust: refused: ${why}.\nRun it in a terminal of your own that no agent drives and countersign does not wrap.\n`);
    return EXIT.DECLINED;
  }
  const env = process.env;
  const home = homeOf(env);
  const state = stateDir(env, home);
  const keys = await import('../keys/index.js');
  const trust = await (await import('../rules/index.js')).trust();
  const anchor = keys.trustAnchor(env, home, state);
  const keyFile = keys.readKeyFile(keys.approverFile(env, home));
  if (!anchor.anchor || !keyFile) {
    process.stderr.write(`countersign trust: ${anchor.problem ?? 'no approver key'}\n`);
    return 1;
  }
  if (keyFile.publicKey !== anchor.anchor.publicKey) {
    process.stderr.write(`countersign trust: your key ${keyFile.fingerprint} is not the one approvals are checked against (${anchor.anchor.fingerprint}, ${anchor.anchor.source}).\n`);
    return 1;
  }
  const { targets, problems } = await trust.trustTargets({ state, cwd: process.cwd(), env, home });
  const { openTty, writeTty } = await import('../confirm/index.js');
  const t = openTty();
  if (!t) {
    process.stderr.write('countersign trust: refused: there is no terminal to ask the passphrase on.\n');
    return EXIT.DECLINED;
  }
  const say = (s: string) => writeTty(t, s);
  try {
    const { safe } = await import('../confirm/index.js');
    for (const p of problems) say(`note: ${safe(p)}\n`);
    const changed: typeof targets = [];
    for (const tg of targets) {
      if (tg.trusted && !tg.seenOnly && trust.sameFiles(tg.trusted, tg.current)) {
        say(`= ${safe(tg.label)}: trusted as it is\n`);
        continue;
      }
      const d = await trust.describeTarget(tg, home);
      if (d.errors.length) {
        say(`✗ ${safe(tg.label)}: does not load, not signed:\n${d.errors.map((e) => `    ${safe(e)}\n`).join('')}`);
        continue;
      }
      const state = !tg.current.length ? 'deleted' : tg.seenOnly ? 'never signed (shown against the files as first seen)' : tg.trusted ? 'changed' : 'never signed';
      say(`~ ${safe(tg.label)}: ${state}${tg.kind === 'team' && tg.current.length > 1 ? ` (with ${tg.current.length - 1} file(s) in ${safe(path.join(tg.id, '.countersign'))})` : ''}\n`);
      for (const a of d.added) say(`    + ${safe(a)}\n`);
      for (const r of d.removed) say(`    - ${safe(r)}\n`);
      if (d.weakening.length) say(`    weakens protection: ${d.weakening.length} change(s)\n`);
      changed.push(tg);
    }
    if (!changed.length) {
      say('Nothing to sign.\n');
      return EXIT.OK;
    }
    const { password } = await import('../prompts.js');
    const { borrowOutput } = await import('../confirm/index.js');
    let key;
    for (let i = 0; i < 3 && !key; i++) {
      let p: string;
      try {
        p = await password({ message: `Approver passphrase (${keyFile.fingerprint}) to sign these:`, mask: '*', theme: { prefix: '›' } }, { input: t.input, output: borrowOutput(t), clearPromptOnDone: false });
      } catch {
        say('\nCancelled; nothing was signed.\n');
        return EXIT.DECLINED;
      }
      try {
        key = keys.unlockKey(keyFile, p);
      } catch (e) {
        if (!(e instanceof keys.WrongPassphrase)) throw e;
        say('  Wrong passphrase.\n');
      }
    }
    if (!key) {
      say('Nothing was signed.\n');
      return EXIT.DECLINED;
    }
    const by = `trust ${env.USER ?? ''}`.trim();
    for (const tg of changed) {
      await trust.writeSnapshot(state, key, keyFile.fingerprint, tg.kind, tg.id, tg.current, by);
      say(`Signed ${safe(tg.label)}.\n`);
    }
    return EXIT.OK;
  } finally {
    t.close();
  }
}
