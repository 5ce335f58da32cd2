// The session's answers to the hooks, alone: requests as the channel parses them, the real judge
// on a project whose data/ is protected, the real panel queue, and a channel that records replies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/engine.js';
import type { Request } from '../../../src/shell/session/channel.js';
import { preexecSequence } from '../../../src/shell/session/osc.js';
import { PanelQueue } from '../../../src/shell/session/panels.js';
import { MAX_DEF_ROUNDS, Requests, type RequestDeps } from '../../../src/shell/session/requests.js';
import { project, recordingChannel, until, type Project } from './helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
});
afterAll(() => p.remove());

const fn = (name: string, body: string): string => `f${name}\x1f${name} () \n{ \n    ${body}\n}\x1e`;

function session(o: Partial<RequestDeps> = {}) {
  const out: string[] = [];
  let n = 0;
  const panels = new PanelQueue({
    write: (b) => void out.push(b.toString()),
    columns: () => 80,
    color: false,
    audit: async () => {},
    approver: { needed: async () => false, sign: async () => undefined },
    newId: () => `gate${++n}`,
    markerMs: 10,
  });
  const gated: CheckResult[] = [];
  const allowed: string[] = [];
  let nested = 0;
  const r = new Requests({
    judge: p.judge,
    panels: { add: (...a) => (gated.push(a[2]), panels.add(...a)), wait: (...a) => panels.wait(...a) },
    nonce: 'NONCE',
    expectNested: () => void nested++,
    auditAllowed: async (text) => void allowed.push(text),
    ...o,
  });
  const ch = recordingChannel();
  let seq = 0;
  /** Send a request; resolves with the reply it got (if any). */
  const send = async (req: Record<string, unknown>) => {
    const before = ch.replies.length;
    const s = String(++seq);
    await r.handle(ch, { seq: s, nonce: 'n', ...req } as Request);
    const got = ch.replies.slice(before);
    for (const x of got) expect(x.seq).toBe(s);
    return got[0];
  };
  const Q = (line: string, defs = '') => send({ kind: 'Q', pwd: p.cwd, line, expanded: '', running: false, defs });
  const E = () => send({ kind: 'E', env: p.env });
  return { r, ch, panels, out, gated, allowed, nested: () => nested, send, Q, E };
}

describe('requests', () => {
  it('allows a harmless line at once, with the preexec sequence to print', async () => {
    const s = session();
    expect(await s.Q('ls -la')).toMatchObject({ kind: 'A', a: preexecSequence('ls -la', 'NONCE') });
    expect(await s.Q('   ')).toMatchObject({ kind: 'A', a: '' });
  });

  it('lets a line through that the shell says is already running (a gate command)', async () => {
    const s = session();
    expect(await s.send({ kind: 'Q', pwd: p.cwd, line: 'rm -rf data', expanded: '', running: true, defs: '' })).toMatchObject({ kind: 'A', a: '' });
  });

  it('asks for the environment, then gates a destructive line; only its own gate command is answered', async () => {
    const s = session();
    expect((await s.Q('rm -rf data'))?.kind).toBe('V');
    const g = await s.E();
    expect(g).toMatchObject({ kind: 'G', b: preexecSequence('rm -rf data', 'NONCE') });
    expect(s.gated[0]?.decision).toBe('confirm');
    // A gate command for another line, or for a made-up gate, is refused.
    expect((await s.send({ kind: 'W', id: g!.a, line: 'rm -rf data/sub' }))?.kind).toBe('X');
    expect((await s.send({ kind: 'W', id: 'ffff', line: 'rm -rf data' }))?.kind).toBe('X');
    // Its own waits for a person: no reply until the panel is answered.
    expect(await s.send({ kind: 'W', id: g!.a, line: 'rm -rf data' })).toBeUndefined();
    await until(() => s.out.join('').includes('Type the phrase'), 'the panel');
    s.panels.keys(Buffer.from(`${s.gated[0]!.phrase}\r`));
    await until(() => s.ch.replies.at(-1)?.kind === 'Y', 'the answer');
  });

  it('uses the line as the shell expanded it (history, aliases) when there is one', async () => {
    const s = session();
    expect((await s.send({ kind: 'Q', pwd: p.cwd, line: '!!', expanded: 'rm -rf data', running: false, defs: '' }))?.kind).toBe('V');
    expect((await s.E())?.kind).toBe('G');
  });

  it('refuses an environment, or definitions, for a line it was not asked about', async () => {
    const s = session();
    expect(await s.E()).toMatchObject({ kind: 'R', a: expect.stringContaining('lost track') });
    expect(await s.send({ kind: 'D', defs: '' })).toMatchObject({ kind: 'R', a: expect.stringContaining('lost track') });
    // And an E answers one line only.
    await s.Q('rm -rf data');
    expect((await s.E())?.kind).toBe('G');
    expect((await s.E())?.kind).toBe('R');
  });

  it('checks what a function defined in the session calls, asking for the definitions it needs', async () => {
    const s = session();
    // Alone, `cleanup` is harmless; with its definition, it deletes data.
    expect((await s.Q('cleanup'))?.kind).toBe('A');
    expect(await s.Q('cleanup', fn('cleanup', 'helper'))).toMatchObject({ kind: 'F', a: 'helper' });
    let r = await s.send({ kind: 'D', defs: fn('helper', 'rm -rf data') });
    while (r?.kind === 'F') r = await s.send({ kind: 'D', defs: '' });
    expect(r?.kind).toBe('V');
    expect((await s.E())?.kind).toBe('G');
    expect(s.gated[0]!.findings.map((f) => f.rule)).toContain('filesystem/rm-protected');
  });

  it('trusts definitions unchanged since the startup files (the snapshot), and checks changed ones', async () => {
    const s = session();
    expect((await s.send({ kind: 'S', records: fn('cleanup', 'rm -rf data'), declareF: '' }))?.kind).toBe('A');
    expect((await s.Q('cleanup', fn('cleanup', 'rm -rf data')))?.kind).toBe('A');
    let r = await s.Q('cleanup', fn('cleanup', 'rm -rf data/sub'));
    while (r?.kind === 'F') r = await s.send({ kind: 'D', defs: '' });
    expect(r?.kind).toBe('V');
  });

  it(`pauses a line whose functions call others more than ${MAX_DEF_ROUNDS} levels deep`, async () => {
    const s = session();
    let r = await s.Q('f0', fn('f0', 'f1'));
    let i = 1;
    while (r?.kind === 'F') {
      expect(r.a).toBe(`f${i}`);
      r = await s.send({ kind: 'D', defs: fn(`f${i}`, `f${i + 1}`) });
      i++;
    }
    expect(i).toBe(MAX_DEF_ROUNDS + 1);
    expect(r?.kind).toBe('V');
    expect((await s.E())?.kind).toBe('G');
    expect(s.gated[0]!.findings.map((f) => f.rule)).toContain('session/deep-definitions');
  });

  it('expects a nested guarded shell to connect its own guard', async () => {
    const s = session();
    let r = await s.Q('bash');
    if (r?.kind === 'V') r = await s.E();
    expect(r?.kind).toBe('A');
    expect(s.nested()).toBe(1);
  });

  it('says a line is not complete yet (N) when the shell would ask for more', async () => {
    const s = session();
    expect((await s.Q('for i in 1; do'))?.kind).toBe('V');
    expect((await s.E())?.kind).toBe('N');
  });

  it('refuses the line when the judge fails, and forgets it', async () => {
    const boom = async (): Promise<never> => {
      throw new Error('boom');
    };
    const s = session({ judge: { quick: boom, full: boom } });
    expect(await s.Q('ls')).toMatchObject({ kind: 'R', a: expect.stringContaining('internal error (boom)') });
    expect((await s.E())?.kind).toBe('R');
  });

  it('keeps the lines of different shells apart', async () => {
    const s = session();
    await s.Q('rm -rf data');
    const other = recordingChannel(200);
    await s.r.handle(other, { kind: 'E', seq: '9', nonce: 'n', env: p.env });
    expect(other.replies[0]?.kind).toBe('R');
    expect((await s.E())?.kind).toBe('G');
  });
});
