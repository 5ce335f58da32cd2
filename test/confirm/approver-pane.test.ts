// The person's flow, as a person sees it: the approver pane in a tmux pane of its own, beside an
// agent whose `countersign -c 'rm -rf data'` waits. Unlock once, read the panel, type the phrase,
// then the passphrase again for that approval.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSPHRASE, makeApprover, type TestApprover } from '../helpers/approver.js';
import { BIN, auditLines, checkJson, makeFixture, pendingIds, runCountersign, until, type Fixture } from '../helpers/fixture.js';
import { findShell } from '../interactive/harness.js';
import { tmuxPane } from '../helpers/tmux.js';

const tmuxPath = findShell('tmux');
const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

(tmuxPath ? describe : describe.skip)('the approver pane in tmux', () => {
  let fx: Fixture;
  let person: TestApprover;
  let sock: string;
  const { tmux, screen, waitScreen } = tmuxPane(tmuxPath!, () => sock, 'pane');
  const type = (text: string): void => {
    tmux('send-keys', '-t', 'pane', '-l', text);
    tmux('send-keys', '-t', 'pane', 'Enter');
  };

  beforeEach(() => {
    fx = makeFixture();
    person = makeApprover(fx.config);
    fx.userConfig('confirm:\n  approval-timeout: 60\n');
    sock = path.join(fx.root, 'tmux.sock');
    const env = fx.env({ TERM: 'tmux-256color' });
    const cmd = ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), BIN, 'approver'].map(shq).join(' ');
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'pane', '-x', '110', '-y', '50', '-c', fx.home, cmd);
  });

  afterEach(() => {
    spawnSync(tmuxPath!, ['-S', sock, 'kill-server'], { stdio: 'ignore' });
    fx.cleanup();
  });

  it('unlocks once, shows each request with its target and approves the one whose phrase is typed', async () => {
    await waitScreen(/Approver passphrase/);
    expect(screen()).toContain(person.key.fingerprint);
    type(PASSPHRASE);
    await waitScreen(/Waiting for requests/);

    // The agent's command, with no terminal, waits for the approver.
    const agent = runCountersign(['-c', 'rm -rf data'], { cwd: fx.repo, env: fx.env({ CI: undefined, CLAUDECODE: '1', BASH_DEFAULT_TIMEOUT_MS: '100000' }), detached: true });
    const id = await until(() => pendingIds(fx)[0], 'the request');
    const { phrase } = await checkJson(fx, 'rm -rf data');
    const s = await waitScreen(/Type the phrase/);
    expect(s).toContain('command: rm -rf data');
    expect(s).toMatch(/where: +LOCAL/);
    expect(s).toContain(`type exactly:  ${phrase}`);
    expect(s).toContain(`request ${id}`);
    type(phrase!);
    // The key is unlocked, but each approval still needs the passphrase (checked at once).
    await waitScreen(/Approver passphrase for this approval/);
    type(PASSPHRASE);
    await waitScreen(new RegExp(`Approved ${id}`));
    const r = await agent;
    expect(r.code).toBe(0);
    expect(r.err).not.toContain(phrase!);
    expect(existsSync(fx.data)).toBe(false);
    expect(JSON.parse(auditLines(fx).at(-1)!)).toMatchObject({ settled: 'signed-approval', approval: id, fingerprint: person.key.fingerprint });

    // A second request: a wrong phrase leaves it pending (the passphrase is not even asked).
    fx.resetData();
    const second = runCountersign(['-c', 'rm -rf data/sub'], { cwd: fx.repo, env: fx.env({ CI: undefined, CODEX_THREAD_ID: 't' }), detached: true });
    expect((await second).code).toBe(126);
    const id2 = pendingIds(fx)[0]!;
    await waitScreen(new RegExp(`request ${id2}`));
    type('not the phrase');
    await waitScreen(new RegExp(`${id2} stays pending`));
    expect(pendingIds(fx)).toEqual([id2]);
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(true);
    tmux('send-keys', '-t', 'pane', 'C-c');
  });

  it('is refused inside an agent session, saying where to run it instead', async () => {
    const r = await runCountersign(['approver'], { cwd: fx.home, env: fx.env({ CODEX_THREAD_ID: 'x' }) });
    expect(r.code).toBe(126);
    expect(r.err).toContain('refused: an agent may drive this terminal (CODEX_THREAD_ID (Codex))');
    expect(r.err).toContain('a separate');
  });
});
