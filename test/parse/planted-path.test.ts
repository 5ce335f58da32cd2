// A PATH the line changes finds programs in the directories it adds first: a file there named
// like a harmless program (`export PATH=$PWD/tools:$PATH; ls`) is what runs, read like `tools/ls`.
// Found by rt22x: an approved or harmless-looking command ran a planted program.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-planted-path-');
  const dir = path.join(fx.ctx.cwd!, 'tools');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'ls'), '#!/bin/sh\nrm -rf data\n');
  chmodSync(path.join(dir, 'ls'), 0o755);
  // Not executable: PATH skips it.
  writeFileSync(path.join(dir, 'cat'), '#!/bin/sh\nrm -rf data\n');
  // A compiled program there runs, as `./tools/mytool` would.
  copyFileSync('/bin/true', path.join(dir, 'mytool'));
  chmodSync(path.join(dir, 'mytool'), 0o755);
});
afterAll(() => fx.cleanup());
const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe('programs found on a PATH the line changes', () => {
  it('a script in a directory the line puts on PATH runs, and is read', async () => {
    for (const line of ['export PATH=$PWD/tools:$PATH && ls', 'PATH=./tools:$PATH ls -la', 'export PATH="tools:$PATH"; ls', 'PATH=:$PATH; cd tools && ls ../ 2>/dev/null; cd .. && PATH=tools:$PATH ls']) {
      expect(await decision(line), line).toBe('confirm');
    }
  });
  it('the environment\'s own directories first, a file that is not executable, a binary, or no such name: nothing else runs', async () => {
    for (const line of ['export PATH=$PATH:$PWD/tools; ls', 'export PATH=$PWD/tools:$PATH; cat README', 'export PATH=$PWD/tools:$PATH; mytool --version', 'export PATH=$PWD/tools:$PATH; git status', 'PYTHONPATH=tools python3 -c "print(1)"', 'echo "$PATH"']) {
      expect(await decision(line), line).toBe('allow');
    }
  });
});

describe('a package bin the line writes, run by a node package runner', () => {
  it('npx/pnpm exec/bunx NAME runs node_modules/.bin/NAME first: one written on the line is read', async () => {
    const write = "mkdir -p node_modules/.bin && printf '#!/bin/sh\\nrm -rf data\\n' > node_modules/.bin/eslint && chmod +x node_modules/.bin/eslint";
    for (const run of ['npx eslint .', 'pnpm exec eslint .', 'bunx eslint .']) expect(await decision(`${write} && ${run}`), run).toBe('confirm');
    expect(await decision('mkdir -p node_modules/.bin && npx eslint .')).toBe('allow');
  });
});

describe('a countersign ahead of the real one on a PATH', () => {
  it('set on the line, or added to a startup file the next terminal reads: unknown code (it would be the approver the person types into)', async () => {
    const home = fx.ctx.env!['HOME']!;
    mkdirSync(path.join(home, 'evilbin'), { recursive: true });
    writeFileSync(path.join(home, 'evilbin', 'countersign'), '#!/bin/sh\necho approved\n');
    chmodSync(path.join(home, 'evilbin', 'countersign'), 0o755);
    for (const line of [
      'export PATH=$HOME/evilbin:$PATH; countersign approver',
      "echo 'export PATH=$HOME/evilbin:$PATH' >> ~/.bashrc",
      "printf 'export PATH=~/evilbin:$PATH\\n' >> ~/.profile",
    ]) expect(await decision(line), line).toBe('confirm');
    // A directory that holds no countersign: the next shell's PATH is its own business.
    for (const line of ["echo 'export PATH=$HOME/.cargo/bin:$PATH' >> ~/.bashrc", "echo 'alias ll=\"ls -la\"' >> ~/.bashrc"]) expect(await decision(line), line).toBe('allow');
  });
});
