// The panel queue alone: real verdicts from the judge, the real panel (ui.ts) drawn into a string,
// keys fed by hand, and a channel that records its answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settled } from '../../../src/audit/index.js';
import { PanelQueue, confirmContext, type Gate, type PanelDeps } from '../../../src/shell/session/panels.js';
import { project, recordingChannel, until, type Project } from './helpers.js';

let p: Project;
let paused: Awaited<ReturnType<Project['paused']>>;
beforeAll(async () => {
  p = project();
  paused = await p.paused('rm -rf data');
});
afterAll(() => p.remove());

const key = (s: string): Buffer => Buffer.from(s);

function queue(o: Partial<PanelDeps> = {}) {
  const out: string[] = [];
  const audits: Array<{ id: string; settled: Settled; extra: unknown }> = [];
  let n = 0;
  const q = new PanelQueue({
    write: (b) => void out.push(b.toString()),
    columns: () => 80,
    color: false,
    audit: async (g, settled, extra) => void audits.push({ id: g.id, settled, extra }),
    approver: { needed: async () => false, sign: async () => undefined },
    newId: () => `g${++n}`,
    markerMs: 20,
    ...o,
  });
  const text = (): string => out.join('');
  return { q, out, audits, text };
}

/** A gate for `rm -rf data` whose gate command asked (W) and whose marker came through. */
function arrive(q: PanelQueue, seq = '1') {
  const ch = recordingChannel();
  const id = q.add('rm -rf data', p.cwd, paused.result, paused.engine);
  expect(q.wait(id, 'rm -rf data', { ch, seq, nonce: 'n' })).toBe(true);
  q.marker(id);
  return { id, ch };
}

const panels = (s: string): number => s.split('Type the phrase').length - 1;

describe('panel queue', () => {
  it('opens the panel once asked and marked; the phrase runs the line (Y) and is audited', async () => {
    const t = queue();
    const { id, ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    expect(t.text()).toContain(paused.result.phrase);
    expect(t.q.keys(key(`${paused.result.phrase}\r`))).toBe(true);
    await until(() => ch.replies.length === 1, 'the answer');
    expect(ch.replies[0]).toMatchObject({ seq: '1', nonce: 'n', kind: 'Y' });
    expect(t.audits).toEqual([{ id, settled: 'terminal-phrase', extra: {} }]);
    // The panel has closed: keys are the shell's again.
    expect(t.q.keys(key('ls'))).toBe(false);
  });

  it('holds what the shell prints while the panel is open, and lets it out after, in order', async () => {
    const t = queue();
    const { ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.output(key('[late one]'));
    t.q.output(key('[late two]'));
    expect(t.text()).not.toContain('late');
    t.q.keys(key('\x03'));
    await until(() => ch.replies.length === 1, 'the answer');
    const s = t.text();
    expect(s.indexOf('Declined')).toBeLessThan(s.indexOf('[late one][late two]'));
    t.q.output(key('[after]'));
    expect(t.text().endsWith('[after]')).toBe(true);
  });

  it('shows one panel at a time: the second waits; declining the first answers it X', async () => {
    const t = queue();
    const a = arrive(t.q, 'a');
    const b = arrive(t.q, 'b');
    await until(() => panels(t.text()) === 1, 'the first panel');
    // Give the second every chance to open early.
    await new Promise((r) => setTimeout(r, 50));
    expect(panels(t.text())).toBe(1);
    expect(b.ch.replies).toEqual([]);
    t.q.keys(key('\x03'));
    await until(() => panels(t.text()) === 2, 'the second panel');
    expect(a.ch.replies).toMatchObject([{ seq: 'a', kind: 'X' }]);
    expect(b.ch.replies).toEqual([]);
    t.q.keys(key(`${paused.result.phrase}\r`));
    await until(() => b.ch.replies.length === 1, 'the second answer');
    expect(b.ch.replies).toMatchObject([{ seq: 'b', kind: 'Y' }]);
    expect(t.audits.map((x) => x.settled)).toEqual(['declined', 'terminal-phrase']);
  });

  it("keys typed for the first panel don't leak into the second", async () => {
    const t = queue();
    const a = arrive(t.q, 'a');
    const b = arrive(t.q, 'b');
    await until(() => panels(t.text()) === 1, 'the first panel');
    // One read: a decline, then the phrase (an agent typing ahead).
    t.q.keys(key(`\x03${paused.result.phrase}\r`));
    await until(() => a.ch.replies.length === 1, 'the first answer');
    await until(() => panels(t.text()) === 2, 'the second panel');
    await new Promise((r) => setTimeout(r, 30));
    expect(b.ch.replies).toEqual([]);
    t.q.keys(key('\x04'));
    await until(() => b.ch.replies.length === 1, 'the second answer');
    expect(b.ch.replies[0]!.kind).toBe('X');
  });

  it("opens the panel without the marker after a while (it doesn't wait forever)", async () => {
    const t = queue();
    const ch = recordingChannel();
    const id = t.q.add('rm -rf data', p.cwd, paused.result, paused.engine);
    t.q.wait(id, 'rm -rf data', { ch, seq: '1', nonce: 'n' });
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.keys(key('\x1b'));
    await until(() => ch.replies.length === 1, 'the answer');
    expect(ch.replies[0]!.kind).toBe('X');
  });

  it('opens no panel for a gate nobody asked for: a marker alone does nothing', async () => {
    const t = queue();
    const id = t.q.add('rm -rf data', p.cwd, paused.result, paused.engine);
    t.q.marker(id);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.text()).toBe('');
    expect(t.q.keys(key('x'))).toBe(false);
  });

  it('refuses a gate command that names another line, an unknown gate, or a gate already asked for', () => {
    const t = queue();
    const ch = recordingChannel();
    const id = t.q.add('rm -rf data', p.cwd, paused.result, paused.engine);
    expect(t.q.wait(id, 'rm -rf data/sub', { ch, seq: '1', nonce: 'n' })).toBe(false);
    expect(t.q.wait('nope', 'rm -rf data', { ch, seq: '1', nonce: 'n' })).toBe(false);
    expect(t.q.wait(id, 'rm -rf data', { ch, seq: '1', nonce: 'n' })).toBe(true);
    expect(t.q.wait(id, 'rm -rf data', { ch, seq: '2', nonce: 'n' })).toBe(false);
  });

  it('forgets gates whose command never ran', () => {
    const t = queue({ staleMs: -1 });
    const ch = recordingChannel();
    const old = t.q.add('rm -rf data', p.cwd, paused.result, paused.engine);
    t.q.add('rm -rf data', p.cwd, paused.result, paused.engine);
    expect(t.q.wait(old, 'rm -rf data', { ch, seq: '1', nonce: 'n' })).toBe(false);
  });

  it('a line the policy denies offers no phrase and answers X', async () => {
    const t = queue();
    const ch = recordingChannel();
    const denied = { ...paused.result, decision: 'deny' as const };
    const id = t.q.add('rm -rf data', p.cwd, denied, paused.engine);
    t.q.wait(id, 'rm -rf data', { ch, seq: '1', nonce: 'n' });
    t.q.marker(id);
    await until(() => ch.replies.length === 1, 'the answer');
    expect(ch.replies[0]!.kind).toBe('X');
    expect(t.text()).toContain('Denied by policy');
    expect(t.text()).not.toContain('Type the phrase');
    expect(t.audits[0]!.settled).toBe('denied');
  });

  it('a panel that fails declines (X), and the next one still opens', async () => {
    let calls = 0;
    const t = queue({
      confirm: async (io, text, result, o) => {
        if (++calls === 1) throw new Error('the panel broke');
        const { confirmUi } = await import('../../../src/shell/session/ui.js');
        return confirmUi(io, text, result, o);
      },
    });
    const a = arrive(t.q, 'a');
    const b = arrive(t.q, 'b');
    await until(() => a.ch.replies.length === 1, 'the first answer');
    expect(a.ch.replies[0]!.kind).toBe('X');
    expect(t.text()).toContain('countersign: the panel broke');
    await until(() => panels(t.text()) === 1, 'the second panel');
    t.q.keys(key(`${paused.result.phrase}\r`));
    await until(() => b.ch.replies.length === 1, 'the second answer');
    expect(b.ch.replies[0]!.kind).toBe('Y');
  });

  it('a failing audit still answers (and the queue goes on)', async () => {
    const t = queue({ audit: async () => Promise.reject(new Error('disk full')) });
    const { ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.keys(key(`${paused.result.phrase}\r`));
    await until(() => ch.replies.length === 1, 'the answer');
    expect(ch.replies[0]!.kind).toBe('Y');
    expect(t.q.keys(key('x'))).toBe(false);
  });
});

describe('panel queue: the approver passphrase', () => {
  it('after the phrase, asks the approver; no signature means X, audited as declined with a note', async () => {
    const asked: Gate[] = [];
    const t = queue({ approver: { needed: async () => true, sign: async (g) => void asked.push(g as Gate) } });
    const { id, ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.keys(key(`${paused.result.phrase}\r`));
    await until(() => ch.replies.length === 1, 'the answer');
    expect(asked.map((g) => g.id)).toEqual([id]);
    expect(ch.replies[0]!.kind).toBe('X');
    expect(t.audits[0]).toMatchObject({ settled: 'declined', extra: { note: 'the phrase was typed, the approver passphrase was not' } });
    expect(t.text()).toContain('Declined: the command did not run.');
  });

  it('a signature runs the line (Y), audited with it', async () => {
    const signed = { fingerprint: 'FP', signature: 'SIG', claims: { purpose: 'approve' as const, id: 'x', binding: 'b', expires: 1, by: 'me' } };
    const t = queue({ approver: { needed: async () => true, sign: async () => signed } });
    const { ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.keys(key(`${paused.result.phrase}\r`));
    await until(() => ch.replies.length === 1, 'the answer');
    expect(ch.replies[0]!.kind).toBe('Y');
    expect(t.audits[0]).toMatchObject({ settled: 'passphrase', extra: { fingerprint: 'FP', signed: { signature: 'SIG' } } });
  });

  it('an approver that throws declines', async () => {
    const t = queue({ approver: { needed: async () => true, sign: async () => Promise.reject(new Error('key file unreadable')) } });
    const { ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.keys(key(`${paused.result.phrase}\r`));
    await until(() => ch.replies.length === 1, 'the answer');
    expect(ch.replies[0]!.kind).toBe('X');
    expect(t.text()).toContain('key file unreadable');
  });

  it('is not asked when the phrase was not typed', async () => {
    let asked = 0;
    const t = queue({ approver: { needed: async () => true, sign: async () => void asked++ } });
    const { ch } = arrive(t.q);
    await until(() => panels(t.text()) === 1, 'the panel');
    t.q.keys(key('wrong phrase\r'));
    await until(() => ch.replies.length === 1, 'the answer');
    expect(asked).toBe(0);
    expect(ch.replies[0]!.kind).toBe('X');
  });
});

describe('confirmContext', () => {
  it("carries the line, where it runs, the verdict and the config's confirm settings", () => {
    const g: Gate = { id: 'g', text: 'rm -rf data', cwd: p.cwd, result: paused.result, engine: paused.engine, marker: true, created: 0 };
    const c = confirmContext(g, p.env, p.home);
    expect(c).toMatchObject({ text: 'rm -rf data', cwd: p.cwd, home: p.home, result: paused.result, confirm: paused.engine.config.confirm, via: 'interactive' });
    expect(c.env).toBe(p.env);
  });
});
