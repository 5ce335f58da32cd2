// What a person sees: a guarded session in a real terminal multiplexer (tmux, fixed size), keys
// sent with send-keys, the screen read with capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, makeFixture, requireBuilt, type Fixture } from '../helpers/fixture.js';
import { SESSION_BIN, findShell } from './harness.js';
import { tmuxPane } from '../helpers/tmux.js';

const tmuxPath = findShell('tmux');
const bash = findShell('bash');
if (!tmuxPath) console.warn('test/interactive: tmux is not installed here, so the tmux screen test is skipped (apt-get install -y tmux).');

(tmuxPath && bash ? describe : describe.skip)('a guarded session in tmux', () => {
  let fx: Fixture;
  let sock: string;
  const { tmux, screen, waitScreen } = tmuxPane(tmuxPath!, () => sock, 'cs');

  beforeAll(() => {
    requireBuilt();
    fx = makeFixture();
    sock = path.join(fx.root, 'tmux.sock');
    writeFileSync(path.join(fx.home, '.bash_profile'), "PS1='$ '\n");
    const env = fx.env({ TERM: 'tmux-256color', SHELL: bash!, COUNTERSIGN_SHELL: bash! });
    const cmd = ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), SESSION_BIN].map(shq).join(' ');
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'cs', '-x', '100', '-y', '40', '-c', fx.repo, cmd);
  });

  afterAll(async () => {
    // The pane's session still writes (history, audit) as it exits: wait for it before removing.
    const pane = Number(spawnSync(tmuxPath!, ['-S', sock, 'list-panes', '-t', 'cs', '-F', '#{pane_pid}'], { encoding: 'utf8' }).stdout.trim());
    spawnSync(tmuxPath!, ['-S', sock, 'kill-server'], { stdio: 'ignore' });
    for (let i = 0; pane > 0 && i < 100 && alive(pane); i++) await new Promise((r) => setTimeout(r, 50));
    fx?.cleanup();
  });

  it('shows the line as typed, the panel with its environment and phrase, and the outcome', async () => {
    await waitScreen(/^\$ ?$/m);
    tmux('send-keys', '-t', 'cs', 'echo hi-from-tmux', 'Enter');
    await waitScreen(/^hi-from-tmux$/m);
    const { phrase } = await checkJson(fx, 'rm -rf data');
    tmux('send-keys', '-t', 'cs', 'rm -rf data', 'Enter');
    const s = await waitScreen(/Type the phrase to run it: ?$/m);
    // capture-pane drops trailing spaces.
    // The line stays on screen as typed (not what the hook turned it into), then the panel.
    expect(s).toMatch(/^\$ rm -rf data$/m);
    expect(s).toContain('countersign paused a destructive command');
    expect(s).toMatch(/command: rm -rf data/);
    expect(s).toMatch(/where: +LOCAL/);
    expect(s).toContain(`type exactly:  ${phrase}`);
    tmux('send-keys', '-t', 'cs', '-l', 'not it');
    tmux('send-keys', '-t', 'cs', 'Enter');
    // One try: the wrong phrase declines at once.
    await waitScreen(/That is not the phrase\. Declined\./);
    const after = await waitScreen(/Declined: the command did not run\.\n\$ ?$/m);
    expect(after).not.toContain('__cs_');
    expect(existsSync(fx.data)).toBe(true);
    tmux('send-keys', '-t', 'cs', 'echo $?', 'Enter');
    await waitScreen(/^126$/m);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function shq(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
