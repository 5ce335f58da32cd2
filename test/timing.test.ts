// COUNTERSIGN_TIMING=1 says where a run's time went: the marks of each stage it passed, on stderr;
// without it, nothing is added to the command's output.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '..', 'bin', 'countersign');

function project(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cs-timing-'));
  mkdirSync(path.join(root, 'p', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'p', '.countersign.yaml'), 'protected-paths: [data]\n');
  return root;
}

function run(line: string, extra: Record<string, string>, root = project()) {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, XDG_STATE_HOME: path.join(root, 's'), XDG_CONFIG_HOME: path.join(root, 'c'), COUNTERSIGN_SHELL: '/bin/bash', ...extra };
  return spawnSync(process.execPath, [bin, '-c', line], { cwd: path.join(root, 'p'), env, encoding: 'utf8' });
}

describe('COUNTERSIGN_TIMING', () => {
  it('names the stages of a line that needs the parser, and the command still runs', () => {
    const r = run("bash -c 'echo hi'", { COUNTERSIGN_TIMING: '1' });
    expect(r.stdout).toBe('hi\n');
    const line = r.stderr.split('\n').find((l) => l.startsWith('countersign timing'));
    for (const stage of ['launcher', 'fast path', 'read program', 'module init', 'config', 'parser ready', 'parse', 'rules', 'check', 'shell spawned', 'total']) expect(line).toContain(stage);
  });

  it('a quick-rejected line shows only the fast path', () => {
    const root = project();
    run('echo compiles the config', {}, root); // the fast path needs the compiled config
    const r = run('echo hi', { COUNTERSIGN_TIMING: '1' }, root);
    expect(r.stdout).toBe('hi\n');
    expect(r.stderr).toMatch(/^countersign timing .*launcher \+[\d.]+, shell spawned \+[\d.]+; total [\d.]+\n$/);
  });

  it('is silent without the variable', () => {
    const r = run("bash -c 'echo hi'", {});
    expect(r.stdout).toBe('hi\n');
    expect(r.stderr).toBe('');
  });
});
