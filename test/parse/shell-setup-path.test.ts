// `exec bash` after an edit to ~/.bashrc re-reads it: pyenv's set-up there first puts its own
// directories on PATH (already on the agent's PATH, since its shell ran the same file), then evals
// `pyenv init -`. Directories of the environment's PATH put first again find the environment's
// programs; any other directory could hold anything.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
let ctx: Parameters<typeof check>[1];
beforeAll(() => {
  fx = bareFixture('countersign-setup-path-');
  const home = fx.ctx.env!['HOME']!;
  mkdirSync(path.join(home, '.pyenv', 'bin'), { recursive: true });
  writeFileSync(path.join(home, '.bashrc'), 'export PYENV_ROOT="$HOME/.pyenv"\nexport PATH="$PYENV_ROOT/bin:$PYENV_ROOT/shims:$PATH"\neval "$(pyenv init -)"\neval "$(pyenv virtualenv-init -)"\n');
  ctx = { ...fx.ctx, env: { ...fx.ctx.env, PATH: `${home}/.pyenv/shims:${home}/.pyenv/bin:${fx.ctx.env!['PATH']}` } };
});
afterAll(() => fx.cleanup());

describe("a trusted tool's shell set-up after PATH changes", () => {
  it('runs when PATH only puts the environment\'s own directories first again (a ~/.bashrc re-read)', async () => {
    for (const line of ['echo "alias ll=\'ls -l\'" >> ~/.bashrc && exec bash', 'source ~/.bashrc && python --version', 'export PATH="$HOME/.pyenv/bin:$PATH"; eval "$(pyenv init -)"; eval "$(pyenv virtualenv-init -)"']) {
      expect((await check(line, ctx)).decision, line).toBe('allow');
    }
  });
  it('pauses when PATH gains another directory, before or after the set-up', async () => {
    for (const line of ['export PATH=/tmp/x:$PATH; eval "$(pyenv init -)"', 'eval "$(pyenv init -)"; export PATH=/tmp/x:$PATH; eval "$(pyenv virtualenv-init -)"', 'export PATH="$HOME/.pyenv/bin:$PATH"; cp /tmp/evil "$HOME/.pyenv/bin/pyenv"; eval "$(pyenv init -)"']) {
      expect((await check(line, ctx)).decision, line).toBe('confirm');
    }
  });
});
