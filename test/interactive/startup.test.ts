// Keys typed while the session starts (before the shell's hook connects) reach the shell once and
// are shown once: not echoed by the inner terminal before the shell's line editor takes them,
// and then again by the editor (issue 14).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixture, requireBuilt } from '../helpers/fixture.js';
import { startTerm } from '../helpers/term.js';
import { SESSION_BIN, SHELLS } from './harness.js';

beforeAll(() => requireBuilt());

for (const shell of SHELLS) {
  const d = shell.path ? describe : describe.skip;
  d(`interactive ${shell.name}: typing during start-up`, () => {
    it('what was typed before the prompt is shown once and runs once', async () => {
      const fx = makeFixture();
      try {
        writeFileSync(path.join(fx.home, '.bash_profile'), "PS1='\\$ '\n[ -r ~/.bashrc ] && . ~/.bashrc\n");
        // A slow start: the keys arrive well before the hook connects.
        writeFileSync(path.join(fx.home, '.bashrc'), "PS1='\\$ '\nsleep 3\n");
        writeFileSync(path.join(fx.home, '.zshrc'), "PS1='%# '\nunsetopt PROMPT_SP\nsleep 3\n");
        try {
          execFileSync('git', ['init', '-q'], { cwd: fx.repo, stdio: 'ignore' });
        } catch {
          /* optional */
        }
        const env = fx.env({ TERM: 'xterm-256color', SHELL: shell.path!, COUNTERSIGN_SHELL: shell.path!, TMPDIR: fx.root });
        const t = startTerm({ file: SESSION_BIN, cwd: fx.repo, env, cols: 100, rows: 30 });
        // Typed once the outer terminal is raw (countersign took it), before the shell is ready.
        await new Promise((r) => setTimeout(r, 2000));
        t.send('echo early-$((6*7))\r');
        const end = await t.waitForEvent((e) => e.code === 633 && e.kind === 'D' && e.exit !== undefined, { deadlineMs: 20_000 });
        void end;
        await t.waitFor(/early-42/);
        const text = t.text();
        expect(text.split('echo early-$((6*7))').length - 1, text).toBe(1);
        expect(text.split('early-42').length - 1, text).toBe(1);
        t.send('exit\r');
        await t.exit(10_000);
      } finally {
        fx.cleanup();
      }
    });
  });
}
