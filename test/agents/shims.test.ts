// Shims: named bash/zsh/sh, they run countersign around the real shell, and neither they nor
// countersign started through them ever take a shim for the real shell.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realShellNamed, shimTarget, writeShims } from '../../src/agents/shims.js';
import { findRealShell, isCountersign } from '../../src/shell/real.js';
import { BIN, fixture, removeFixtures, runSync } from './helpers.js';

afterAll(removeFixtures);

const linux = process.platform === 'linux';

function setup() {
  const f = fixture();
  const dir = path.join(f.root, 'shims');
  const shims = writeShims(dir, f.env);
  const bash = path.join(dir, 'bash');
  // The shim dir first on PATH and in every variable a shell is looked up from.
  const env = { ...f.env, PATH: `${dir}:${f.env.PATH}`, SHELL: bash, COUNTERSIGN_SHELL: bash };
  return { f, dir, shims, bash, env };
}

describe('countersign shims', () => {
  it('writes bash and sh (and zsh when there is one) that countersign recognises', () => {
    const { dir, shims } = setup();
    const written = shims.filter((s) => s.real);
    expect(written.map((s) => s.name)).toEqual(expect.arrayContaining(['bash', 'sh']));
    for (const s of written) {
      expect(path.basename(s.file)).toBe(s.name);
      expect(isCountersign(s.file, undefined)).toBe(true);
      expect(shimTarget(s.file)).toBe(s.real);
      expect(path.dirname(s.real!)).not.toBe(dir);
      expect(isCountersign(s.real!, undefined)).toBe(false);
      expect(readFileSync(s.file, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    }
    for (const s of shims.filter((x) => !x.real)) expect(existsSync(s.file)).toBe(false);
  });

  it('is idempotent and never overwrites a file that is not a shim', () => {
    const { f, dir } = setup();
    expect(writeShims(dir, f.env).every((s) => !s.changed)).toBe(true);
    const other = path.join(f.root, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'bash'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    expect(() => writeShims(other, f.env)).toThrow(/not a countersign shim/);
    expect(readFileSync(path.join(other, 'bash'), 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('the real shell lookups skip the shims even when they come first', () => {
    const { dir, env, bash } = setup();
    expect(realShellNamed('bash', undefined, env)).not.toBe(bash);
    expect(path.dirname(realShellNamed('bash', undefined, env)!)).not.toBe(dir);
    const chosen = findRealShell(env);
    expect(isCountersign(chosen.path, undefined)).toBe(false);
    expect(chosen.path.startsWith(dir)).toBe(false);
  });

  it('a harmless command runs through the shim', () => {
    const { f, bash, env } = setup();
    const r = runSync(bash, ['-c', 'echo "hello $1"', 'x', 'world'], { cwd: f.project, env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello world\n');
    const status = runSync(bash, ['-c', 'exit 7'], { cwd: f.project, env });
    expect(status.status).toBe(7);
  });

  it('a destructive command through the shim is checked: no terminal, CI, so it does not run', () => {
    const { f, bash, env } = setup();
    const r = runSync(bash, ['-c', 'rm -rf data'], { cwd: f.project, env });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain('filesystem/rm-protected');
    expect(existsSync(path.join(f.project, 'data', 'keep.txt'))).toBe(true);
  });

  it.runIf(linux)('the process running the command is the real shell, never a shim or countersign', () => {
    const { f, dir, shims, env } = setup();
    for (const s of shims.filter((x) => x.real)) {
      const r = runSync(s.file, ['-c', 'readlink /proc/$$/exe; :'], { cwd: f.project, env });
      expect(r.status).toBe(0);
      const exe = r.stdout.trim();
      expect(exe).toBe(realpathSync(s.real!));
      expect(exe.startsWith(dir)).toBe(false);
      expect(exe).not.toBe(realpathSync(process.execPath));
    }
    // Nested: bash started from inside goes through the shim again (PATH) and still ends in a real shell.
    const nested = runSync(path.join(dir, 'bash'), ['-c', 'bash -c "readlink /proc/\\$\\$/exe; :"'], { cwd: f.project, env });
    expect(nested.status).toBe(0);
    expect(nested.stdout.trim()).toBe(realpathSync(shims.find((s) => s.name === 'bash')!.real!));
  });

  it.runIf(linux)('countersign started directly, with SHELL and COUNTERSIGN_SHELL pointing at a shim, finds the real shell', () => {
    const { f, dir, env } = setup();
    const r = runSync(process.execPath, [BIN, '-c', 'readlink /proc/$$/exe; :'], { cwd: f.project, env });
    expect(r.status).toBe(0);
    const exe = r.stdout.trim();
    expect(exe.startsWith(dir)).toBe(false);
    expect(exe).not.toBe(realpathSync(process.execPath));
    expect(isCountersign(exe, undefined)).toBe(false);
    expect(path.basename(exe)).toMatch(/^(bash|zsh|dash|sh)$/);
  });

  it('countersign shims DIR through the CLI', () => {
    const { f } = setup();
    const dir = path.join(f.root, 'cli-shims');
    const r = runSync(process.execPath, [BIN, 'shims', dir], { cwd: f.root, env: f.env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${path.join(dir, 'bash')} -> countersign around `);
    expect(r.stdout).toContain(`CLAUDE_CODE_SHELL=${path.join(dir, 'bash')}`);
    expect(runSync(process.execPath, [BIN, 'shims'], { cwd: f.root, env: f.env }).status).toBe(2);
  });
});
