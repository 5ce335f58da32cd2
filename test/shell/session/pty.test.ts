// The relay alone: a fake outer terminal and a fake pty record what it does with raw mode, stty,
// resizes and signals; then one real pty, to see the spawn and the size.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Relay, sizeOf, spawnPty, type OuterTerminal, type PtyLike } from '../../../src/shell/session/pty.js';

function fakes(o: { tty?: boolean; saved?: string; rawThrowsAfterClose?: boolean } = {}) {
  const log: string[] = [];
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: o.tty ?? true,
    closed: false,
    setRawMode(on: boolean) {
      if (stdin.closed && o.rawThrowsAfterClose) throw new Error('EBADF');
      log.push(`raw ${on}`);
      return stdin;
    },
    resume: () => void log.push('resume'),
    pause: () => void log.push('pause'),
    destroy: () => void log.push('destroy'),
  });
  const stdout = Object.assign(new EventEmitter(), { columns: 100, rows: 40, out: [] as string[], write: (b: Buffer | string) => (stdout.out.push(b.toString()), true) });
  const signals = new EventEmitter();
  const term = { stdin, stdout, signals, stty: { save: () => o.saved, run: (a: string[]) => void log.push(`stty ${a.join(' ')}`) } } as unknown as OuterTerminal;
  let exited = false;
  const pty: PtyLike & { exit(): void } = {
    pid: 1,
    write: (d) => void log.push(`pty write ${JSON.stringify(String(d))}`),
    resize: (c, r) => {
      if (exited) throw new Error('exited');
      log.push(`resize ${c}x${r}`);
    },
    kill: (s) => {
      if (exited) throw new Error('gone');
      log.push(`kill ${s}`);
    },
    exit: () => void (exited = true),
  };
  return { log, stdin, stdout, signals, term, pty };
}

describe('relay', () => {
  it('puts the outer terminal in raw mode with output processing off, and hands it keys', () => {
    const f = fakes({ saved: 'saved-settings' });
    const keys: string[] = [];
    const r = new Relay(f.pty, f.term);
    r.start((d) => keys.push(d.toString()));
    expect(f.log).toEqual(['raw true', 'stty -opost', 'resume']);
    f.stdin.emit('data', Buffer.from('ls\r'));
    expect(keys).toEqual(['ls\r']);
    // Keys go where start() said, never to the pty by themselves.
    expect(f.log.some((l) => l.startsWith('pty write'))).toBe(false);
  });

  it('passes resizes on, and a resize after the shell exited is harmless', () => {
    const f = fakes();
    const r = new Relay(f.pty, f.term);
    r.start(() => {});
    f.stdout.columns = 132;
    f.stdout.rows = 50;
    f.stdout.emit('resize');
    expect(f.log).toContain('resize 132x50');
    f.pty.exit();
    expect(() => f.stdout.emit('resize')).not.toThrow();
  });

  it('ends the shell with a hang-up on SIGHUP and on SIGTERM', () => {
    const f = fakes();
    const r = new Relay(f.pty, f.term);
    r.start(() => {});
    f.signals.emit('SIGTERM');
    f.signals.emit('SIGHUP');
    expect(f.log.filter((l) => l.startsWith('kill'))).toEqual(['kill SIGHUP', 'kill SIGHUP']);
    f.pty.exit();
    expect(() => f.signals.emit('SIGTERM')).not.toThrow();
  });

  it('stop() puts the terminal back as it was and lets go of everything', () => {
    const f = fakes({ saved: 'saved-settings' });
    const r = new Relay(f.pty, f.term);
    r.start(() => {});
    f.log.length = 0;
    r.stop();
    expect(f.log).toEqual(['raw false', 'stty saved-settings', 'pause', 'destroy']);
    expect(f.stdout.listenerCount('resize')).toBe(0);
    expect(f.signals.listenerCount('SIGHUP') + f.signals.listenerCount('SIGTERM')).toBe(0);
    f.stdout.emit('resize');
    expect(f.log).not.toContain('resize 100x40');
  });

  it('restores the saved stty settings even when raw mode can no longer be switched off', () => {
    const f = fakes({ saved: 'saved-settings', rawThrowsAfterClose: true });
    const r = new Relay(f.pty, f.term);
    r.start(() => {});
    f.stdin.closed = true;
    r.stop();
    expect(f.log).toContain('stty saved-settings');
  });

  it('leaves raw mode alone when stdin is not a terminal, and runs no stty restore without saved settings', () => {
    const f = fakes({ tty: false });
    const r = new Relay(f.pty, f.term);
    r.start(() => {});
    r.stop();
    expect(f.log.filter((l) => l.startsWith('raw'))).toEqual([]);
    expect(f.log.filter((l) => l.startsWith('stty'))).toEqual(['stty -opost']);
  });

  it('writes to the outer terminal and to the shell', () => {
    const f = fakes();
    const r = new Relay(f.pty, f.term);
    r.write('out');
    r.toShell(Buffer.from('in'));
    expect(f.stdout.out).toEqual(['out']);
    expect(f.log).toContain('pty write "in"');
  });

  it('sizes default to 80x24 when the outer terminal says nothing', () => {
    const f = fakes();
    f.stdout.columns = 0;
    f.stdout.rows = 0;
    expect(sizeOf(f.term)).toEqual({ cols: 80, rows: 24 });
  });
});

describe('spawnPty', () => {
  it('starts the program in a pty of the given size, with the given environment', async () => {
    const pty = await spawnPty('/bin/sh', ['-c', 'stty size; echo "v=$CS_PTY_TEST"'], { PATH: process.env.PATH ?? '/usr/bin:/bin', CS_PTY_TEST: 'here' }, { cols: 91, rows: 17 });
    let out = '';
    pty.onData((d) => (out += d.toString()));
    const code = await new Promise<number>((resolve) => pty.onExit((e) => resolve(e.exitCode)));
    await new Promise((r) => setTimeout(r, 50));
    expect(code).toBe(0);
    expect(out).toContain('17 91');
    expect(out).toContain('v=here');
  });
});
