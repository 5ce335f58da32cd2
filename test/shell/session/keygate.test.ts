// The key gate alone, with a fake pty: what reaches the shell, and when. Timers are vitest's fake
// ones, so "a minute passes" is a step, not a wait.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyGate, Needle, type KeyGateTimes } from '../../../src/shell/session/keygate.js';

const PID = 4242;
const TIMES: KeyGateTimes = { connectMs: 60_000, promptMs: 3000, nestedMs: 15_000 };
const PROMPT = Buffer.from('\x1b]633;B\x07');
const DONE = Buffer.from('\x1b]633;D;0\x07');
const b = (s: string): Buffer => Buffer.from(s);

function gate() {
  const shell: string[] = [];
  const said: string[] = [];
  let ended = 0;
  const g = new KeyGate(PID, { toShell: (d) => shell.push(d.toString()), say: (s) => said.push(s), endShell: () => ended++ }, TIMES);
  return { g, shell, said, ended: () => ended, typed: () => shell.join('') };
}

/** A session whose shell has connected and drawn its first prompt. */
function ready() {
  const t = gate();
  t.g.hello(PID);
  t.g.fromShell(PROMPT);
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('key gate: start-up', () => {
  it('holds keys until the shell has connected its guard and drawn a prompt, then sends them in order', () => {
    const t = gate();
    t.g.keys(b('rm -rf '));
    t.g.keys(b('data\r'));
    t.g.fromShell(b('startup output'));
    expect(t.shell).toEqual([]);
    t.g.hello(PID);
    expect(t.shell).toEqual([]);
    t.g.fromShell(PROMPT);
    expect(t.typed()).toBe('rm -rf data\r');
    t.g.keys(b('ls\r'));
    expect(t.typed()).toBe('rm -rf data\rls\r');
  });

  it('a prompt printed before the guard connects (a startup file forging one) releases nothing', () => {
    const t = gate();
    t.g.fromShell(PROMPT);
    t.g.keys(b('x\r'));
    vi.advanceTimersByTime(TIMES.connectMs - 1);
    expect(t.shell).toEqual([]);
    // The real hello then lets them through at once: the prompt was seen.
    t.g.hello(PID);
    expect(t.typed()).toBe('x\r');
  });

  it("a hello from another process (anyone can write to the control FIFO) doesn't connect the session", () => {
    const t = gate();
    t.g.keys(b('y\r'));
    t.g.hello(PID + 1);
    t.g.fromShell(PROMPT);
    vi.advanceTimersByTime(TIMES.promptMs * 2);
    expect(t.shell).toEqual([]);
  });

  it('finds the prompt marker split between reads', () => {
    const t = gate();
    t.g.hello(PID);
    t.g.keys(b('k'));
    t.g.fromShell(Buffer.concat([b('$ '), PROMPT.subarray(0, 4)]));
    expect(t.shell).toEqual([]);
    t.g.fromShell(PROMPT.subarray(4));
    expect(t.typed()).toBe('k');
  });

  it('lets keys through after a while when the prompt has no marker (PS1 replaced after the hook)', () => {
    const t = gate();
    t.g.hello(PID);
    t.g.keys(b('z'));
    vi.advanceTimersByTime(TIMES.promptMs - 1);
    expect(t.shell).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(t.typed()).toBe('z');
  });

  it('ends a shell whose guard never connects, and nothing typed ever reaches it', () => {
    const t = gate();
    t.g.keys(b('rm -rf data\r'));
    vi.advanceTimersByTime(TIMES.connectMs - 1);
    expect(t.ended()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(t.ended()).toBe(1);
    expect(t.said.join('')).toContain('did not connect its guard');
    t.g.keys(b('\x03'));
    expect(t.shell).toEqual([]);
  });

  it('after close, no timer fires', () => {
    const t = gate();
    t.g.close();
    vi.advanceTimersByTime(TIMES.connectMs * 2);
    expect(t.ended()).toBe(0);
    expect(t.said).toEqual([]);
  });
});

describe('key gate: nested shells', () => {
  it('holds keys from a nested shell until its hook says hello (any pid), then sends them', () => {
    const t = ready();
    t.g.expectNested();
    t.g.keys(b('rm -rf data\r'));
    expect(t.shell).toEqual([]);
    t.g.hello(99999);
    expect(t.typed()).toBe('rm -rf data\r');
    t.g.keys(b('ls\r'));
    expect(t.typed()).toBe('rm -rf data\rls\r');
  });

  it('releases them when the line that started it ends (633;D), even split between reads', () => {
    const t = ready();
    t.g.expectNested();
    t.g.keys(b('a'));
    t.g.fromShell(DONE.subarray(0, 5));
    expect(t.shell).toEqual([]);
    t.g.fromShell(DONE.subarray(5));
    expect(t.typed()).toBe('a');
  });

  it("a 633;D from before the wait doesn't count for it", () => {
    const t = ready();
    t.g.fromShell(DONE.subarray(0, 5));
    t.g.expectNested();
    t.g.keys(b('a'));
    t.g.fromShell(DONE.subarray(5));
    expect(t.shell).toEqual([]);
  });

  it('after the wait runs out, drops what was held and passes only Ctrl-C and Ctrl-D', () => {
    const t = ready();
    t.g.expectNested();
    t.g.keys(b('held\r'));
    vi.advanceTimersByTime(TIMES.nestedMs);
    expect(t.said.join('')).toContain('has not connected its guard');
    t.g.keys(b('rm -rf data\x03more\x04'));
    expect(t.shell).toEqual(['\x03\x04']);
    t.g.keys(b('plain'));
    expect(t.shell).toEqual(['\x03\x04']);
    // The nested shell connects late: keys flow again, and what was dropped stays dropped.
    t.g.hello(1234);
    t.g.keys(b('ls\r'));
    expect(t.typed()).toBe('\x03\x04ls\r');
  });

  it('a second nested shell restarts the wait', () => {
    const t = ready();
    t.g.expectNested();
    vi.advanceTimersByTime(TIMES.nestedMs - 1);
    t.g.expectNested();
    vi.advanceTimersByTime(TIMES.nestedMs - 1);
    expect(t.said).toEqual([]);
    t.g.keys(b('q'));
    expect(t.shell).toEqual([]);
  });
});

describe('Needle', () => {
  it('finds a byte string however the stream is cut, and only once it is whole', () => {
    const hay = Buffer.from('xx\x1b]633;Dyy');
    for (let cut = 0; cut <= hay.length; cut++) {
      const n = new Needle(Buffer.from('\x1b]633;D'));
      const first = n.seen(hay.subarray(0, cut));
      const second = n.seen(hay.subarray(cut));
      expect(first || second, `cut at ${cut}`).toBe(true);
      expect(first, `cut at ${cut}`).toBe(cut >= 9);
    }
    expect(new Needle(Buffer.from('ab')).seen(Buffer.from('a b'))).toBe(false);
  });
});
