// End to end, bypasses found while splitting the session:
// - functions defined in the session that call others more levels deep than the session asks
//   about: the quick verdict saw only the harmless first levels and let the line run, the deepest
//   function (`rm -rf data`) unchecked;
// - a nested bash given a startup file (`bash --rcfile evil.sh`): the file ran unchecked before the
//   nested shell's guard was in;
// - a startup file changed by one line (`echo 'rm -rf data' >> ~/.bashrc`), then a nested shell
//   that runs it, unchecked.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../../helpers/fixture.js';
import { SHELLS, openSession, type Session } from '../../interactive/harness.js';
import { MAX_DEF_ROUNDS } from '../../../src/shell/session/requests.js';
import { until } from './helpers.js';

beforeAll(() => requireBuilt());

for (const shell of SHELLS) {
  const d = shell.path ? describe : describe.skip;
  d(`interactive ${shell.name} session: bypasses`, () => {
    let s: Session | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });

    it(`pauses a function chain deeper than ${MAX_DEF_ROUNDS} levels whose last level deletes data`, async () => {
      s = await openSession(shell.path!);
      const depth = MAX_DEF_ROUNDS + 2;
      const defs = [`f${depth}() { rm -rf data; }`];
      for (let i = depth - 1; i >= 0; i--) defs.push(`f${i}() { f${i + 1}; }`);
      expect((await s.run(defs.join('; '), 'send')).exit).toBe(0);
      const since = s.mark();
      s.t.send('f0\r');
      await until(() => s!.t.text().includes('Type the phrase') || s!.t.events.slice(since).some((e) => e.code === 633 && e.kind === 'D'), 'a panel or the end of the line');
      expect(s.t.text()).toContain('session/deep-definitions');
      s.t.send('\x03');
      expect((await s.finished(since)).exit).toBe(126);
      expect(existsSync(s.fx.data)).toBe(true);
    });

    it('pauses a nested bash that would first run a startup file of its own', async () => {
      s = await openSession(shell.path!);
      writeFileSync(path.join(s.fx.repo, 'evil.sh'), 'rm -rf data\n');
      for (const line of ['bash --rcfile evil.sh', 'bash --init-file ./evil.sh']) {
        const since = s.mark();
        const panels = (): number => s!.t.text().split('Type the phrase').length;
        const before = panels();
        s.t.send(`${line}\r`);
        await until(() => panels() > before || s!.t.events.slice(since).some((e) => e.code === 633 && e.kind === 'D'), 'a panel or the end of the line');
        expect(s.t.text()).toContain('session/unchecked-startup-file');
        s.t.send('\x03');
        expect((await s.finished(since)).exit).toBe(126);
        expect(existsSync(s.fx.data)).toBe(true);
      }
    });

    it('pauses a nested shell after a line changed its startup file', async () => {
      s = await openSession(shell.path!);
      const rc = shell.name === 'bash' ? '~/.bashrc' : '~/.zshrc';
      // Text written into the startup file that the line shows (literal, or a file cat reads)
      // is judged at once and pauses; text only known when it runs (decoded here) is judged
      // when a shell starts.
      expect((await s.run(`printf 'cm0gLXJmIGRhdGEK\\n' > rc-add.txt`, 'send')).exit).toBe(0);
      expect((await s.run(`base64 -d rc-add.txt >> ${rc}`, 'send')).exit).toBe(0);
      const since = s.mark();
      s.t.send(`${shell.name}\r`);
      await until(() => s!.t.text().includes('Type the phrase') || s!.t.events.slice(since).some((e) => e.code === 633 && e.kind === 'D'), 'a panel or the end of the line');
      expect(s.t.text()).toContain('session/startup-files-changed');
      s.t.send('\x03');
      expect((await s.finished(since)).exit).toBe(126);
      expect(existsSync(s.fx.data)).toBe(true);
    });
  });
}
