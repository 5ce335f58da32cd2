// The CommonJS fast path runs harmless -c commands itself and defers everything else.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = path.resolve(import.meta.dirname, '..', '..', 'dist');
const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
let root: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-fast-'));
  mkdirSync(path.join(root, 'home'));
  mkdirSync(path.join(root, 'plain'));
  mkdirSync(path.join(root, 'team', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'team', '.countersign.yaml'), 'protected-paths: [data]\n');
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state'), COUNTERSIGN_SHELL: '/bin/bash' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Call fastPath in a child: prints "deferred" when it returns undefined, else the command runs. */
function fast(args: string[], cwd: string) {
  const code = `const r = require(${JSON.stringify(path.join(dist, 'fast.cjs'))}).fastPath(${JSON.stringify(args)}, ${JSON.stringify(dist)}); if (!r) { console.log('deferred'); process.exit(99); }`;
  return spawnSync(process.execPath, ['-e', code], { cwd, env, encoding: 'utf8' });
}

describe('fast path', () => {
  it('runs a harmless -c command itself, with its exit status', () => {
    const r = fast(['-c', 'echo ran; exit 7'], path.join(root, 'plain'));
    expect(r.stdout).toBe('ran\n');
    expect(r.status).toBe(7);
  });

  it('defers destructive lines, dynamic lines, scripts and stdin', () => {
    for (const args of [['-c', 'rm -rf ~'], ['-c', 'echo $(date)'], ['-s'], ['script.sh']]) {
      expect(fast(args, path.join(root, 'plain')).stdout, args.join(' ')).toBe('deferred\n');
    }
  });

  it('with a team file, defers until the compiled config is cached, then runs; an edit defers again', () => {
    const cwd = path.join(root, 'team');
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
    // The full program compiles and caches the config.
    expect(spawnSync(process.execPath, [bin, '-c', 'true'], { cwd, env }).status).toBe(0);
    expect(fast(['-c', 'echo cached'], cwd).stdout).toBe('cached\n');
    // It reads only the small quick file, and only under the key it was written for.
    const dir = path.join(root, 'state', 'countersign', 'cache');
    const quick = readdirSync(dir).find((f) => f.endsWith('.quick.json'))!;
    const saved = readFileSync(path.join(dir, quick), 'utf8');
    writeFileSync(path.join(dir, quick), JSON.stringify({ ...JSON.parse(saved), key: 'another config' }));
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
    writeFileSync(path.join(dir, quick), saved);
    expect(fast(['-c', 'echo cached'], cwd).stdout).toBe('cached\n');
    writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data, more]\n');
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
  });

  it('a broken team file is never served from the cache', () => {
    const cwd = path.join(root, 'team');
    writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data\n');
    expect(spawnSync(process.execPath, [bin, '-c', 'true'], { cwd, env: { ...env, CI: 'true' } }).status).toBe(126);
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
  });
});
