// Before the shell starts, alone: which shell, the private directory, the shell's arguments and
// environment. Real files, real FIFOs, real (and fake old) shells on PATH.
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chooseShell, launch, makeSessionDir } from '../../../src/shell/session/setup.js';
import { findShell } from '../../interactive/harness.js';

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cs-setup-')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A directory for PATH holding these programs (symlinks to real ones, or scripts). */
function binDir(name: string, programs: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [prog, script] of Object.entries(programs)) {
    writeFileSync(path.join(dir, prog), script);
    chmodSync(path.join(dir, prog), 0o755);
  }
  return dir;
}

function stderr(): { text(): string } {
  const said: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (said.push(String(s)), true));
  return { text: () => said.join('') };
}

describe('chooseShell', () => {
  const bash = findShell('bash');
  it.runIf(bash)('keeps bash; starts bash instead of a shell that cannot carry the hook, and says so', () => {
    const e = stderr();
    expect(chooseShell(bash!, { PATH: '/usr/bin:/bin' })).toBe(bash);
    expect(e.text()).toBe('');
    const alt = chooseShell('/usr/bin/fish', { PATH: path.dirname(bash!) });
    expect(alt && path.basename(alt)).toBe('bash');
    expect(e.text()).toContain("fish can't be guarded interactively; starting");
  });

  it('starts nothing when neither bash nor zsh is to be had', () => {
    const e = stderr();
    expect(chooseShell('/usr/bin/fish', { PATH: binDir('empty', {}) })).toBeUndefined();
    expect(e.text()).toContain('nothing was started');
  });

  it('prefers zsh to a bash older than 4.4, and keeps the old bash when there is no zsh', () => {
    const old = binDir('old', { bash: '#!/bin/sh\necho "3 2"\n', zsh: '#!/bin/sh\nexit 0\n' });
    const e = stderr();
    expect(chooseShell(path.join(old, 'bash'), { PATH: old })).toBe(path.join(old, 'zsh'));
    expect(e.text()).toContain('older than bash 4.4');
    const alone = binDir('old-alone', { bash: '#!/bin/sh\necho "3 2"\n' });
    expect(chooseShell(path.join(alone, 'bash'), { PATH: alone })).toBe(path.join(alone, 'bash'));
  });
});

describe('makeSessionDir', () => {
  it('makes a private directory with the control FIFO and the hook files, under XDG_RUNTIME_DIR when usable', () => {
    const run = path.join(root, 'run');
    mkdirSync(run, { mode: 0o700 });
    const s = makeSessionDir({ XDG_RUNTIME_DIR: run })!;
    try {
      expect(path.dirname(s.dir)).toBe(run);
      expect(statSync(s.dir).mode & 0o777).toBe(0o700);
      const ctl = statSync(path.join(s.dir, 'ctl'));
      expect(ctl.isFIFO()).toBe(true);
      expect(ctl.mode & 0o777).toBe(0o600);
      expect(statSync(path.join(s.dir, 'bashrc')).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(s.dir, 'zsh')).mode & 0o777).toBe(0o700);
    } finally {
      s.remove();
    }
    expect(() => statSync(s.dir)).toThrow();
  });

  it('falls back to the temporary directory for a relative or missing XDG_RUNTIME_DIR', () => {
    for (const r of ['relative/dir', path.join(root, 'missing')]) {
      const s = makeSessionDir({ XDG_RUNTIME_DIR: r })!;
      expect(path.dirname(s.dir)).toBe(tmpdir());
      s.remove();
    }
  });
});

describe('launch', () => {
  const dir = '/run/cs-test';
  it("gives bash our rc file, long options first, and takes VS Code's nonce away from the shell", () => {
    const l = launch(['--login', '--noprofile', '-x'], 'bash', dir, { VSCODE_NONCE: 'secret', ZDOTDIR: '/z', KEEP: 'me' });
    expect(l.args).toEqual(['--rcfile', `${dir}/bashrc`, '-i', '-x']);
    expect(l.env.VSCODE_NONCE).toBeUndefined();
    expect(l.env).toMatchObject({ KEEP: 'me', COUNTERSIGN_SESSION: l.sessionId, __CS_DIR: dir, ZDOTDIR: `${dir}/zsh`, __CS_USER_ZDOTDIR: '/z', __CS_LOGIN: '1', __CS_NOPROFILE: '1', __CS_NORC: '' });
    expect(l.sessionId).toMatch(/^cs-\d+-[0-9a-f]{8}$/);
    expect(launch([], 'bash', dir, {}).sessionId).not.toBe(l.sessionId);
  });

  it('starts zsh as an interactive login shell with our ZDOTDIR', () => {
    const l = launch([], 'zsh', dir, {});
    expect(l.args).toEqual(['-i', '-l']);
    expect(l.env.ZDOTDIR).toBe(`${dir}/zsh`);
    expect(l.env.__CS_USER_ZDOTDIR).toBe('');
  });

  it("keeps the user's own ZDOTDIR through a nested session and through VS Code's injection", () => {
    expect(launch([], 'zsh', dir, { __CS_DIR: '/outer', __CS_USER_ZDOTDIR: '/mine', ZDOTDIR: '/outer/zsh' }).env.__CS_USER_ZDOTDIR).toBe('/mine');
    expect(launch([], 'zsh', dir, { VSCODE_INJECTION: '1', USER_ZDOTDIR: '/mine', ZDOTDIR: '/vscode' }).env.__CS_USER_ZDOTDIR).toBe('/mine');
  });

  it("passes the user's --rcfile on, but not VS Code's own integration script", () => {
    expect(launch(['--rcfile', '/home/u/.myrc'], 'bash', dir, {}).env.__CS_USER_RC).toBe('/home/u/.myrc');
    expect(launch(['--init-file', '/x/shellIntegration-bash.sh'], 'bash', dir, {}).env.__CS_USER_RC).toBe('');
  });
});
