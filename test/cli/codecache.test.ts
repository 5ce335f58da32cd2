// The full program runs as dist/check.cjs with the V8 code cache the build wrote beside it. The
// cache only saves compiling: a cache V8 rejects (garbage, another node) or a missing one, and a
// missing check.cjs (then dist/cli.mjs runs), give the same verdicts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, requireBuilt } from '../helpers/fixture.js';

let root: string;
let env: Record<string, string>;

beforeAll(() => {
  requireBuilt();
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-codecache-'));
  mkdirSync(path.join(root, 'home'));
  mkdirSync(path.join(root, 'work'));
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state'), COUNTERSIGN_SHELL: '/bin/bash' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the installed program (bin/, dist/, node_modules linked) to spoil. */
function install(name: string): string {
  const dir = path.join(root, name);
  cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function cs(dir: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(dir, 'bin', 'countersign'), ...args], { cwd: path.join(root, 'work'), env, encoding: 'utf8' });
}

/** What the installation says about a few lines: the check verdict and a -c run. */
function verdicts(dir: string) {
  const check = cs(dir, ['check', 'rm -rf ~']);
  const ran = cs(dir, ['-c', 'echo "ran in $PWD"']);
  return { check: check.status, checkSays: check.stdout.split('\n')[0], ran: ran.stdout, ranStatus: ran.status };
}

describe('the full program with its code cache', () => {
  it('the cache the build wrote is accepted by this node', () => {
    const dist = path.join(ROOT, 'dist');
    const code = `const f = require(${JSON.stringify(path.join(dist, 'fast.cjs'))}).fullScript(${JSON.stringify(dist)}); console.log(JSON.stringify({ rejected: f.script.cachedDataRejected }));`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false });
  });

  it("the fast path's cache is accepted too, loaded as bin/countersign loads it", () => {
    const file = path.join(ROOT, 'dist', 'fast.cjs');
    const code = `const fs = require('node:fs'); const s = new (require('node:vm').Script)(require('node:module').wrap(fs.readFileSync(${JSON.stringify(file)}, 'latin1')), { filename: ${JSON.stringify(file)}, cachedData: fs.readFileSync(${JSON.stringify(`${file}.cache`)}) }); console.log(JSON.stringify({ rejected: s.cachedDataRejected }));`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false });
  });

  // V8 trusts a cache's bytecode (it checks only its version, flags and the source's length): the
  // cache is as much the program as check.cjs, and an agent's writes to it are stopped like those.
  it('an agent writing the cache is stopped: by its file tool (denied) and through the shell (paused)', () => {
    const cache = path.join(ROOT, 'dist', 'check.cjs.cache');
    const payload = JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: path.join(root, 'work'), hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: cache, content: 'x' } });
    const hook = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'countersign'), 'hook', 'claude'], { cwd: path.join(root, 'work'), env, input: payload, encoding: 'utf8' });
    expect(JSON.parse(hook.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    for (const c of [cache, path.join(ROOT, 'dist', 'fast.cjs.cache')]) {
      for (const line of [`cp /tmp/forged ${c}`, `cat /tmp/forged > ${c}`, `python3 -c "open('${c}','wb').write(b'x')"`]) {
        expect(cs(ROOT, ['check', line]).status, line).not.toBe(0);
      }
    }
  });

  it('a spoilt or missing cache, or a missing check.cjs, changes nothing but the time', () => {
    const good = verdicts(install('good'));
    expect(good.check).toBe(10); // confirm
    expect(good.ran).toBe(`ran in ${path.join(root, 'work')}\n`);

    const spoil: Array<[string, (dist: string) => void]> = [
      ['garbage', (d) => writeFileSync(path.join(d, 'check.cjs.cache'), Buffer.alloc(700_000, 0x5a))],
      ['none', (d) => rmSync(path.join(d, 'check.cjs.cache'))],
      ['fast-garbage', (d) => writeFileSync(path.join(d, 'fast.cjs.cache'), Buffer.alloc(40_000, 0x5a))],
      ['fast-none', (d) => rmSync(path.join(d, 'fast.cjs.cache'))],
      ['esm', (d) => rmSync(path.join(d, 'check.cjs'))], // then dist/cli.mjs runs
    ];
    for (const [name, fn] of spoil) {
      const dir = install(name);
      fn(path.join(dir, 'dist'));
      expect(verdicts(dir), name).toEqual(good);
    }
  });
});
