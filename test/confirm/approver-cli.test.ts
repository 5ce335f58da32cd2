// `countersign approver setup` and `show`, end to end in a real pty: create, rotate with the old
// passphrase, refuse a wrong one, refuse inside an agent, and the --system pieces.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as keys from '../../src/keys/index.js';
import { agentMarkers } from '../../src/confirm/agents.js';
import { insideCountersign } from '../../src/commands/more.js';
import { sudoCommand, writeSystemFile } from '../../src/commands/approver.js';
import { BIN, makeFixture, run, runCountersign, type Fixture } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';

const UNDER_COUNTERSIGN = insideCountersign(process.env);
const PASS = 'a long passphrase';
const PASS2 = 'another long one';

let fx: Fixture;
let ptys: PtyProcess[] = [];
beforeEach(() => {
  fx = makeFixture();
  ptys = [];
});
afterEach(() => {
  for (const p of ptys) p.kill();
  fx.cleanup();
});

const keyFile = () => keys.approverFile(fx.env(), fx.home);
const terminal = (args: string[], extra: Record<string, string | undefined> = {}) => {
  const p = spawnPty(BIN, args, { cwd: fx.home, env: fx.env({ TERM: 'xterm-256color', ...extra }) });
  ptys.push(p);
  return p;
};

/** Answer one password prompt: wait until it is drawn empty at the end of the screen (the program
 *  is waiting on it), type, Enter. Inquirer redraws the prompt on every key, so earlier copies of
 *  the same text don't count. */
async function answer(p: PtyProcess, prompt: string, text: string): Promise<void> {
  const esc = prompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await p.waitFor(new RegExp(`${esc}[^\\n*]*:\\s*(ctrl\\+t toggle visibility)?\\s*$`));
  await p.type(text);
  p.write('\r');
}

async function setup(): Promise<keys.ApproverKeyFile> {
  const p = terminal(['approver', 'setup']);
  await answer(p, 'New approver passphrase', 'short');
  await answer(p, 'New approver passphrase', PASS);
  await answer(p, 'The same passphrase again', PASS);
  expect((await p.exit()).exitCode, p.text()).toBe(0);
  expect(p.text()).toContain('Too short');
  // The passphrase is never echoed.
  expect(p.text()).not.toContain(PASS);
  return keys.readKeyFile(keyFile())!;
}

describe.skipIf(UNDER_COUNTERSIGN)('approver setup in a terminal', () => {
  it('creates a 0600 key with the passphrase typed twice, pins it, and show names it', async () => {
    const k = await setup();
    expect(k).toBeDefined();
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(keys.unlockKey(k, PASS)).toBeDefined();
    expect(keys.readPin(fx.csState)?.publicKey).toBe(k.publicKey);
    const show = await runCountersign(['approver', 'show'], { cwd: fx.home, env: fx.env() });
    expect(show.code).toBe(0);
    expect(show.out).toContain(`approvals are checked against ${k.fingerprint}`);
    expect(show.out).toContain('your key, pinned in the state dir');
  });

  it('mismatched confirmation does not create a key', async () => {
    const p = terminal(['approver', 'setup']);
    for (let i = 0; i < 3; i++) {
      await answer(p, 'New approver passphrase', PASS);
      await answer(p, 'The same passphrase again', PASS + 'x');
    }
    expect((await p.exit()).exitCode).toBe(126);
    expect(p.text()).toContain('did not match');
    expect(existsSync(keyFile())).toBe(false);
  });

  it('a second setup rotates only with the old passphrase; the pin moves', async () => {
    const k1 = await setup();
    const p = terminal(['approver', 'setup']);
    await answer(p, 'Current approver passphrase', 'not the passphrase');
    await p.waitFor('Wrong passphrase');
    await answer(p, 'Current approver passphrase', PASS);
    await answer(p, 'New approver passphrase', PASS2);
    await answer(p, 'The same passphrase again', PASS2);
    expect((await p.exit()).exitCode, p.text()).toBe(0);
    const k2 = keys.readKeyFile(keyFile())!;
    expect(k2.publicKey).not.toBe(k1.publicKey);
    expect(k2.previous?.publicKey).toBe(k1.publicKey);
    expect(keys.readPin(fx.csState)?.publicKey).toBe(k2.publicKey);
    expect(() => keys.unlockKey(k2, PASS)).toThrow(keys.WrongPassphrase);
  });

  it('three wrong old passphrases change nothing', async () => {
    const k1 = await setup();
    const p = terminal(['approver', 'setup']);
    for (let i = 0; i < 3; i++) await answer(p, 'Current approver passphrase', `wrong guess ${i}!`);
    expect((await p.exit()).exitCode).toBe(126);
    expect(keys.readKeyFile(keyFile())?.publicKey).toBe(k1.publicKey);
  });

  it('a key an agent wrote over the pinned one: show reports both fingerprints and fails', async () => {
    const k1 = await setup();
    const evil = keys.createKey('agent chosen passphrase', { cost: 1024 });
    keys.writeKeyFile(keyFile(), evil);
    const show = await runCountersign(['approver', 'show'], { cwd: fx.home, env: fx.env() });
    expect(show.code).toBe(1);
    expect(show.out).toContain(k1.fingerprint);
    expect(show.out).toContain(evil.fingerprint);
    expect(show.out).toContain('PROBLEM');
  });

  it('a deleted key file with a pin left: setup refuses to start over silently', async () => {
    await setup();
    writeFileSync(keyFile(), '');
    const p = terminal(['approver', 'setup']);
    expect((await p.exit()).exitCode).toBe(126);
    expect(p.text()).toContain('was pinned before');
    expect(readFileSync(keyFile(), 'utf8')).toBe('');
  });

  it.each([
    ['CLAUDECODE', '1'],
    ['CODEX_THREAD_ID', 'x'],
    ['AIDER_MODEL', 'gpt'],
    ['COUNTERSIGN_SESSION', '1'],
  ])('refuses with %s set, before asking anything', async (name, value) => {
    const p = terminal(['approver', 'setup'], { [name]: value });
    expect((await p.exit()).exitCode).toBe(126);
    expect(p.text()).toContain('refused');
    expect(p.text()).not.toContain('passphrase (at least');
    expect(existsSync(keyFile())).toBe(false);
  });

  it('refuses when run from inside countersign -c (process ancestry)', async () => {
    const r = await run(BIN, ['-c', `${BIN} approver setup`], { cwd: fx.home, env: fx.env() });
    expect(r.code).not.toBe(0);
    expect(existsSync(keyFile())).toBe(false);
  });

  it('refuses without a terminal', async () => {
    const r = await runCountersign(['approver', 'setup'], { cwd: fx.home, env: fx.env(), detached: true });
    expect(r.code).toBe(126);
    expect(r.err).toContain('no terminal');
  });
});

describe.skipIf(UNDER_COUNTERSIGN)('init offers the key', () => {
  it('in a terminal: yes, then the passphrase twice, creates the key', async () => {
    const p = spawnPty(BIN, ['init'], { cwd: fx.repo, env: fx.env({ TERM: 'xterm-256color' }) });
    ptys.push(p);
    await p.waitFor('Is this machine a workstation');
    p.write('\r'); // a workstation
    await p.waitFor('Create your approver key now');
    p.write('\r'); // the default: yes
    await answer(p, 'New approver passphrase', PASS);
    await answer(p, 'The same passphrase again', PASS);
    expect((await p.exit()).exitCode, p.text()).toBe(0);
    expect(keys.readKeyFile(keyFile())?.fingerprint).toBeDefined();
  });

  it('without a terminal, or with --yes: a line saying how to do it later, no key', async () => {
    for (const args of [['init'], ['init', '--yes']]) {
      const r = await runCountersign(args, { cwd: fx.repo, env: fx.env(), detached: true });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('countersign approver setup');
    }
    expect(existsSync(keyFile())).toBe(false);
  });
});

describe('approver pieces', () => {
  it('agentMarkers lists the documented markers, ignores empty ones', () => {
    // CURSOR_TRACE_ID is not one: Cursor sets it in a person's own terminals too.
    expect(agentMarkers({ CLAUDECODE: '1', CODEX_SESSION_ID: 'a', AIDER_X: 'y', GEMINI_CLI: '', PATH: '/bin', CURSOR_AGENT: '1', CURSOR_TRACE_ID: 't', CLAUDE_CODE_ENTRYPOINT: 'cli', CODEX_THREAD_ID: 'z' }).map((m) => m.split(' ')[0]).sort()).toEqual([
      'AIDER_X', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CODEX_SESSION_ID', 'CODEX_THREAD_ID', 'CURSOR_AGENT',
    ]);
    expect(agentMarkers({ PATH: '/bin', HOME: '/h' })).toEqual([]);
  });

  it('show without a key fails and says how to set one up', async () => {
    const r = await runCountersign(['approver', 'show'], { cwd: fx.home, env: fx.env() });
    expect(r.code).toBe(1);
    expect(r.out).toContain('approver setup');
  });

  it.runIf(process.getuid?.() === 0)('writeSystemFile writes what trustAnchor accepts; the sudo command does the same', async () => {
    const k = keys.createKey(PASS, { cost: 1024 });
    const sys = path.join(fx.root, 'etc', 'countersign', 'approvers');
    writeSystemFile(keys, k, sys);
    expect(statSync(sys).mode & 0o777).toBe(0o644);
    let r = keys.trustAnchor(fx.env(), fx.home, fx.csState, { systemFile: sys });
    expect(r.anchor).toEqual({ publicKey: k.publicKey, fingerprint: k.fingerprint, source: 'system' });
    // The printed command, run by a shell (as root here, so without the sudo word).
    const sys2 = path.join(fx.root, 'etc2', 'countersign', 'approvers');
    const cmd = sudoCommand(keys, k, sys2);
    expect(cmd).toMatch(/^sudo sh -c '/);
    const ran = await run('/bin/sh', ['-c', cmd.replace(/^sudo /, '')], { cwd: fx.root, env: fx.env() });
    expect(ran.code, ran.err).toBe(0);
    chmodSync(path.dirname(sys2), 0o755);
    expect(readFileSync(sys2, 'utf8')).toBe(keys.systemLine(k));
    r = keys.trustAnchor(fx.env(), fx.home, fx.csState, { systemFile: sys2 });
    expect(r.anchor?.source).toBe('system');
  });
});
