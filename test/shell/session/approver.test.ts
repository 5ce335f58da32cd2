// The approver passphrase after the phrase, alone: the rule that asks for it, and a real approver
// key (cheap scrypt) unlocked from keys typed into a fake panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindingOf } from '../../../src/confirm/approvals.js';
import { readKeyFile, approverFile, verify } from '../../../src/keys/index.js';
import type { Engine } from '../../../src/engine.js';
import { Approver, needsPassphrase, type ApprovalSubject } from '../../../src/shell/session/approver.js';
import type { UiIo } from '../../../src/shell/session/ui.js';
import { ensureKey, TEST_PASSPHRASE } from '../../helpers/trust.js';
import { project, until, type Project } from './helpers.js';

let p: Project;
let subject: ApprovalSubject;
beforeAll(async () => {
  p = project();
  const { result, engine } = await p.paused('rm -rf data');
  subject = { id: 'gate1', text: 'rm -rf data', cwd: p.cwd, result, engine };
});
afterAll(() => p.remove());

const withPassphrase = (e: Engine, passphrase: 'always' | 'auto' | undefined): Engine => ({ ...e, config: { ...e.config, confirm: { ...e.config.confirm, passphrase } } });

/** A panel's view of a terminal: what was written, and a way to type. */
function fakeIo() {
  let keys: ((d: Buffer) => void) | undefined;
  const out: string[] = [];
  const io: UiIo = {
    write: (s) => void out.push(s),
    onKeys: (cb) => {
      keys = cb;
      return () => (keys = undefined);
    },
    columns: () => 80,
  };
  const text = (): string => out.join('');
  const prompts = (): number => text().split('Approver passphrase (key').length - 1;
  /** Type a line at the n-th passphrase prompt. */
  const answer = async (n: number, line: string): Promise<void> => {
    await until(() => prompts() >= n && keys !== undefined, `passphrase prompt ${n}`);
    keys!(Buffer.from(line));
  };
  return { io, text, prompts, answer };
}

describe('the passphrase rule', () => {
  it('asks when anything says an agent may drive this terminal, or when the config says always', () => {
    const e = subject.engine;
    expect(needsPassphrase([], withPassphrase(e, undefined))).toBe(false);
    expect(needsPassphrase([], withPassphrase(e, 'auto'))).toBe(false);
    expect(needsPassphrase([], withPassphrase(e, 'always'))).toBe(true);
    expect(needsPassphrase(['CLAUDECODE is set'], withPassphrase(e, undefined))).toBe(true);
    expect(needsPassphrase(['CLAUDECODE is set'], withPassphrase(e, 'auto'))).toBe(true);
  });

  it('the approver applies it with the signs it was given', async () => {
    expect(await new Approver(p.env, p.home, Promise.resolve([])).needed(withPassphrase(subject.engine, undefined))).toBe(false);
    expect(await new Approver(p.env, p.home, Promise.resolve(['an agent'])).needed(subject.engine)).toBe(true);
    // Signs that can't be had don't mean "no agent".
    expect(await new Approver(p.env, p.home, Promise.reject(new Error('no /proc'))).needed(withPassphrase(subject.engine, undefined))).toBe(true);
  });
});

describe('signing', () => {
  it('says how to set up a key when there is none, and signs nothing', async () => {
    const q = project();
    try {
      const f = fakeIo();
      expect(await new Approver(q.env, q.home, Promise.resolve([])).sign({ ...subject, cwd: q.cwd }, f.io)).toBeUndefined();
      expect(f.text()).toContain('countersign approver setup');
      expect(f.prompts()).toBe(0);
    } finally {
      q.remove();
    }
  });

  it('unlocks the key with the passphrase (after a wrong one), signs this line, and asks the passphrase again for the next line', async () => {
    ensureKey(p.env, p.home);
    const file = readKeyFile(approverFile(p.env, p.home))!;
    const a = new Approver(p.env, p.home, Promise.resolve(['an agent runs here']));
    const f = fakeIo();
    const signing = a.sign(subject, f.io);
    await f.answer(1, 'not it\r');
    await f.answer(2, `${TEST_PASSPHRASE}\r`);
    const signed = await signing;
    expect(f.text()).toContain('an agent runs here: the approver passphrase is needed too.');
    expect(f.text()).toContain('That is not the passphrase.');
    expect(f.text()).not.toContain(TEST_PASSPHRASE);
    expect(signed?.fingerprint).toBe(file.fingerprint);
    expect(signed!.claims).toMatchObject({ purpose: 'approve', id: 'gate1', binding: bindingOf('rm -rf data', p.cwd, subject.result.findings, subject.result.root) });
    expect(verify(file.publicKey, signed!.claims, signed!.signature)).toBe(true);
    // Unlocked for a while, but the next line still needs the passphrase typed (an agent driving
    // this terminal knows the phrase): checked against the one that unlocked the key.
    const g = fakeIo();
    const next = a.sign({ ...subject, id: 'gate2' }, g.io);
    await g.answer(1, 'the agent guesses\r');
    await g.answer(2, `${TEST_PASSPHRASE}\r`);
    const again = await next;
    expect(g.text()).toContain('That is not the passphrase.');
    expect(again?.claims.id).toBe('gate2');
    expect(verify(file.publicKey, again!.claims, again!.signature)).toBe(true);
  });

  it("when the agent signs can't be had, says so and still lets a person sign", async () => {
    ensureKey(p.env, p.home);
    const f = fakeIo();
    const signing = new Approver(p.env, p.home, Promise.reject(new Error('no /proc'))).sign(subject, f.io);
    await f.answer(1, `${TEST_PASSPHRASE}\r`);
    expect(await signing).toBeDefined();
    expect(f.text()).toContain("can't tell whether an agent drives this terminal (no /proc): the approver passphrase is needed too.");
  });

  it('three wrong passphrases, or Ctrl-C, sign nothing', async () => {
    ensureKey(p.env, p.home);
    const f = fakeIo();
    const signing = new Approver(p.env, p.home, Promise.resolve([])).sign(subject, f.io);
    for (let i = 1; i <= 3; i++) await f.answer(i, `wrong ${i}\r`);
    expect(await signing).toBeUndefined();
    const g = fakeIo();
    const cancelled = new Approver(p.env, p.home, Promise.resolve([])).sign(subject, g.io);
    await g.answer(1, '\x03');
    expect(await cancelled).toBeUndefined();
  });

  it('locks again after confirm.unlock-minutes', async () => {
    ensureKey(p.env, p.home);
    const e = { ...subject.engine, config: { ...subject.engine.config, confirm: { ...subject.engine.config.confirm, 'unlock-minutes': 0 } } } as Engine;
    const a = new Approver(p.env, p.home, Promise.resolve([]));
    const f = fakeIo();
    const first = a.sign({ ...subject, engine: e }, f.io);
    await f.answer(1, `${TEST_PASSPHRASE}\r`);
    expect(await first).toBeDefined();
    await new Promise((r) => setTimeout(r, 5));
    const g = fakeIo();
    const second = a.sign({ ...subject, engine: e }, g.io);
    await g.answer(1, '\x03');
    expect(await second).toBeUndefined();
  });
});
