// The approver passphrase after the phrase. A terminal is no proof of a person: where an agent may
// drive this one (agent signs), or where the config asks for it, the phrase is followed by the
// approver passphrase. The key stays unlocked in this process for confirm.unlock-minutes, so the
// passphrase typed for the next line is checked at once (no second-long unlock); it is still typed
// for every line, or an agent typing here would only need the phrase.
import type { KeyObject } from 'node:crypto';
import type { CheckResult, Engine } from '../../engine.js';
import type { Claims } from '../../keys/index.js';
import { readLine, type UiIo } from './ui.js';

export interface Signed {
  fingerprint: string;
  signature: string;
  claims: Claims;
}

/** What is approved: the line, where it runs, what was found. */
export interface ApprovalSubject {
  id: string;
  text: string;
  cwd: string;
  result: CheckResult;
  engine: Engine;
}

/** The passphrase rule: any sign of an agent, or the config says always. */
export function needsPassphrase(signs: readonly string[], engine: Engine): boolean {
  return signs.length > 0 || engine.config.confirm.passphrase === 'always';
}

export class Approver {
  private unlocked: { key: KeyObject; fingerprint: string; until: number; matches: (typed: string) => boolean } | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly home: string,
    /** Why an agent may be driving this terminal (confirm/agents.ts); empty when nothing says so. */
    private readonly signs: Promise<readonly string[]>,
  ) {}

  async needed(engine: Engine): Promise<boolean> {
    return needsPassphrase(await this.knownSigns(), engine);
  }

  /** Signs that can't be had count as one: unknown is handled like an agent. */
  private knownSigns(): Promise<readonly string[]> {
    return this.signs.catch((e: Error) => [`countersign can't tell whether an agent drives this terminal (${e.message})`]);
  }

  /** Unlock the approver key (asking for the passphrase on io when locked) and sign this line. */
  async sign(s: ApprovalSubject, io: UiIo): Promise<Signed | undefined> {
    const keys = await import('../../keys/index.js');
    const ap = (await import('../../confirm/index.js')).approvals;
    const { APPROVAL_TTL_MS, anchorFor } = await import('../../confirm/index.js');
    const { anchor, problem } = await anchorFor({ env: this.env, home: this.home });
    if (!anchor) {
      io.write(`  ${problem ?? 'No approver key is set up, so nothing can be approved here.'} Set one up in a terminal of your own: countersign approver setup\n`);
      return undefined;
    }
    if (!this.unlocked || this.unlocked.until < Date.now() || this.unlocked.fingerprint !== anchor.fingerprint) {
      this.unlocked = undefined;
      const file = keys.readKeyFile(keys.approverFile(this.env, this.home));
      if (!file || file.fingerprint !== anchor.fingerprint) {
        io.write(`  The approver key ${anchor.fingerprint} is not on this machine's user config; approve with \`countersign approve\` where it is.\n`);
        return undefined;
      }
      const confirm = s.engine.config.confirm;
      const signs = await this.knownSigns();
      if (signs.length) io.write(`  ${signs[0]}: the approver passphrase is needed too.\n`);
      for (let i = 0; i < 3 && !this.unlocked; i++) {
        io.write(`\u203a Approver passphrase (key ${anchor.fingerprint}): `);
        const pass = await readLine(io, (confirm.timeout ?? 300) * 1000, { mask: true });
        if (!pass) return undefined;
        try {
          this.unlocked = { key: keys.unlockKey(file, pass), fingerprint: anchor.fingerprint, until: Date.now() + (confirm['unlock-minutes'] ?? 15) * 60_000, matches: keys.rememberPassphrase(pass) };
        } catch (e) {
          if (!(e instanceof keys.WrongPassphrase)) throw e;
          io.write('  That is not the passphrase.\n');
        }
      }
      if (!this.unlocked) return undefined;
    } else {
      // Unlocked earlier: the key is at hand, but this line still needs the passphrase typed (an
      // agent driving this terminal types the phrase as easily as a line; the passphrase it
      // never saw). Checked against the one that unlocked the key: no second-long unlock.
      const confirm = s.engine.config.confirm;
      let ok = false;
      for (let i = 0; i < 3 && !ok; i++) {
        io.write(`\u203a Approver passphrase (key ${anchor.fingerprint}): `);
        const pass = await readLine(io, (confirm.timeout ?? 300) * 1000, { mask: true });
        if (!pass) return undefined;
        ok = this.unlocked.matches(pass);
        if (!ok) io.write('  That is not the passphrase.\n');
      }
      if (!ok) return undefined;
    }
    const claims = { purpose: 'approve' as const, id: s.id, binding: ap.bindingOf(s.text, s.cwd, s.result.findings, s.result.root), expires: Date.now() + APPROVAL_TTL_MS, by: `interactive ${this.env.USER ?? ''}`.trim() };
    return { fingerprint: this.unlocked.fingerprint, signature: keys.sign(this.unlocked.key, claims), claims };
  }
}
