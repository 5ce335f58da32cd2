// `countersign trust` end to end in a real pty: it shows what changed, asks the approver
// passphrase, and signs exactly what it showed; refused under an agent.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insideCountersign } from '../../src/commands/more.js';
import { userSnapshotFile } from '../../src/rules/config-cache.js';
import { BIN, checkJson, makeFixture, runCountersign, type Fixture } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';
import { TEST_PASSPHRASE, ensureKey, trustNow } from '../helpers/trust.js';

const UNDER_COUNTERSIGN = insideCountersign(process.env);
let fx: Fixture;
let ptys: PtyProcess[] = [];
beforeEach(() => {
  fx = makeFixture();
  ptys = [];
});
afterEach(() => {
  for (const p of ptys) p.kill();
  fx.cleanup();
});

const terminal = (args: string[], extra: Record<string, string | undefined> = {}) => {
  const p = spawnPty(BIN, args, { cwd: fx.repo, env: fx.env({ TERM: 'xterm-256color', ...extra }) });
  ptys.push(p);
  return p;
};
const PROMPT = /Approver passphrase[^\n*]*:\s*(ctrl\+t toggle visibility)?\s*$/;

describe.skipIf(UNDER_COUNTERSIGN)('countersign trust', () => {
  it('shows the removed protection, takes the passphrase, and the weakening then applies', async () => {
    await trustNow({ env: fx.env(), home: fx.home, cwd: fx.repo }); // protected-paths: [data], signed
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), '# data is scratch now\n');
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('confirm');
    const p = terminal(['trust']);
    await p.waitFor(PROMPT);
    expect(p.text()).toContain(`- protected-paths: ${fx.data}`);
    expect(p.text()).toContain('weakens protection: 1 change(s)');
    await p.type('not the passphrase');
    p.write('\r');
    await p.waitFor('Wrong passphrase');
    await p.waitFor(PROMPT);
    await p.type(TEST_PASSPHRASE);
    p.write('\r');
    expect((await p.exit()).exitCode, p.text()).toBe(0);
    expect(p.text()).toContain('Signed');
    expect(p.text()).not.toContain(TEST_PASSPHRASE);
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('allow');
  });

  it('never signed: a weakening is shown against the files as first seen, waits, and is signed', async () => {
    ensureKey(fx.env(), fx.home);
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('confirm'); // first seen: protected-paths: [data]
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), '# data is scratch now\n');
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('confirm'); // the first-seen floor
    const p = terminal(['trust']);
    await p.waitFor(PROMPT);
    expect(p.text()).toContain('never signed (shown against the files as first seen)');
    expect(p.text()).toContain(`- protected-paths: ${fx.data}`);
    await p.type(TEST_PASSPHRASE);
    p.write('\r');
    expect((await p.exit()).exitCode, p.text()).toBe(0);
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('allow');
  });

  it('a user config `disable:` waits, then is signed', async () => {
    ensureKey(fx.env(), fx.home);
    fx.userConfig('disable: ["filesystem/*"]\n');
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('confirm');
    const p = terminal(['trust']);
    await p.waitFor(PROMPT);
    expect(p.text()).toContain('never signed');
    expect(p.text()).toContain('+ disable: filesystem/*');
    await p.type(TEST_PASSPHRASE);
    p.write('\r');
    expect((await p.exit()).exitCode, p.text()).toBe(0);
    expect(existsSync(userSnapshotFile(fx.csState))).toBe(true);
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('allow');
  });

  it('three wrong passphrases or Ctrl-C sign nothing', async () => {
    ensureKey(fx.env(), fx.home);
    fx.userConfig('disable: ["filesystem/*"]\n');
    const p = terminal(['trust']);
    for (let i = 0; i < 3; i++) {
      await p.waitFor(PROMPT);
      await p.type(`wrong guess ${i}`);
      p.write('\r');
    }
    expect((await p.exit()).exitCode).toBe(126);
    const q = terminal(['trust']);
    await q.waitFor(PROMPT);
    q.write('\x03');
    expect((await q.exit()).exitCode).toBe(126);
    expect(existsSync(userSnapshotFile(fx.csState))).toBe(false);
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('confirm');
  });

  it.each([['CLAUDECODE'], ['CURSOR_AGENT'], ['COUNTERSIGN_SESSION']])('refused with %s set', async (name) => {
    ensureKey(fx.env(), fx.home);
    fx.userConfig('disable: ["filesystem/*"]\n');
    const p = terminal(['trust'], { [name]: '1' });
    expect((await p.exit()).exitCode).toBe(126);
    expect(p.text()).toContain('refused');
    expect(existsSync(userSnapshotFile(fx.csState))).toBe(false);
  });

  it('refused from inside countersign -c, and without a key', async () => {
    ensureKey(fx.env(), fx.home);
    // approval-timeout 0: the outer countersign pauses it and returns at once instead of waiting.
    fx.userConfig('disable: ["filesystem/*"]\nconfirm:\n  approval-timeout: 0\n');
    const r = await runCountersign(['-c', `env -u COUNTERSIGN_SESSION ${BIN} trust`], { cwd: fx.repo, env: fx.env() });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull(); // it ended by itself, not by the helper's deadline
    expect(existsSync(userSnapshotFile(fx.csState))).toBe(false);
    const fx2 = makeFixture();
    try {
      const r2 = await runCountersign(['trust'], { cwd: fx2.repo, env: fx2.env() });
      expect(r2.code).toBe(1);
      expect(r2.err).toContain('approver setup');
    } finally {
      fx2.cleanup();
    }
  });
});
