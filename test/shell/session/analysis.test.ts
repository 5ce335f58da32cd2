// The session's own findings for nested shells given a startup file (found while splitting the
// session: `bash --rcfile evil.sh` ran evil.sh unchecked, before the nested guard was in).
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/parse/index.js';
import { sessionLook } from '../../../src/shell/session/analysis.js';

const ctx = { cwd: '/tmp', env: { PATH: '/usr/bin:/bin', HOME: '/root' }, home: '/root' };
const look = async (text: string) => sessionLook(text, await parse(text, ctx), '/run/countersign-x');
const rules = async (text: string) => (await look(text)).findings.map((f) => f.rule);

describe('nested bash with a startup file', () => {
  it('is a finding of its own, naming the file', async () => {
    for (const t of ['bash --rcfile evil.sh', 'bash --init-file ./evil.sh', 'bash -l --rcfile /tmp/x', '( bash --rcfile evil.sh )', 'bash --rcfile']) {
      expect(await rules(t), t).toEqual(['session/unchecked-startup-file']);
    }
    expect((await look('bash --rcfile evil.sh')).findings[0]!.detail).toContain('evil.sh');
  });

  it('plain nested shells stay as they were', async () => {
    for (const t of ['bash', 'bash --norc', 'bash -l', 'zsh', 'echo --rcfile']) expect(await rules(t), t).toEqual([]);
  });
});
