// Confirmation without a terminal: the agent's process has no controlling terminal, so it writes a
// pending request and waits; a person approves it with `countersign approve ID` in a terminal of
// their own (a real pty here). Plus everything that must refuse or decline.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countersignAt, insideCountersign } from '../../src/commands/more.js';
import * as ap from '../../src/confirm/approvals.js';
import { BIN, auditLines, checkJson, makeFixture, pendingIds, run, runCountersign, type Fixture, type RanHashed } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';
import { PASSPHRASE, makeApprover, type TestApprover } from '../helpers/approver.js';
import * as keys from '../../src/keys/index.js';
import { trustNow } from '../helpers/trust.js';

const PROMPT = 'Type the phrase to run it';
const UNLOCK = 'Approver passphrase';
const CMD = 'rm -rf data';

// `countersign approve` refuses inside a countersign session by design, and so it refuses in
// these tests when the test runner itself was started under countersign (an agent's shell).
const UNDER_COUNTERSIGN = insideCountersign(process.env);

let fx: Fixture;
let phrase: string;
let approver: TestApprover;
let cleanups: Array<() => void> = [];

beforeEach(async () => {
  fx = makeFixture();
  approver = makeApprover(fx.config);
  phrase = (await checkJson(fx, CMD)).phrase!;
  cleanups = [];
});

afterEach(() => {
  for (const c of cleanups) c();
  fx.cleanup();
});

const dataIntact = (): boolean => existsSync(path.join(fx.data, 'db.sqlite'));

interface Waiter {
  /** The request id printed on stderr. */
  id: Promise<string>;
  done: Promise<RanHashed>;
  pid: () => number | undefined;
}

/** `countersign -c CMD` the way an agent's tool starts it: no controlling terminal (a new
 *  session), stdin ignored, output on pipes, CI unset. */
function agentShell(cmd = CMD, extraEnv: Record<string, string | undefined> = {}): Waiter {
  let err = '';
  let gotId: (id: string) => void;
  const id = new Promise<string>((r) => (gotId = r));
  let pid: number | undefined;
  const done = run(BIN, ['-c', cmd], {
    cwd: fx.repo,
    env: fx.env({ CI: undefined, ...extraEnv }),
    detached: true,
    onSpawn: (p) => (pid = p),
    onStderr: (chunk) => {
      err += chunk;
      const m = /countersign approve ([a-z0-9]+)/.exec(err);
      if (m) gotId(m[1]!);
    },
  });
  const self: Waiter = { id, done, pid: () => pid };
  let finished = false;
  void done.finally(() => {
    finished = true;
    gotId('');
  });
  cleanups.push(() => {
    // A test that failed half-way leaves no process waiting for an approval.
    if (!finished && pid) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  return self;
}

/** A terminal of the person's own. */
function personTerminal(args: string[], extraEnv: Record<string, string | undefined> = {}): PtyProcess {
  const p = spawnPty(BIN, args, { cwd: fx.home, env: fx.env({ TERM: 'xterm-256color', NO_COLOR: undefined, ...extraEnv }) });
  cleanups.push(() => p.kill());
  return p;
}

describe('approval from another terminal', () => {
  it.skipIf(UNDER_COUNTERSIGN)('the waiting command runs once a person types the phrase in `countersign approve ID`', async () => {
    const w = agentShell();
    const id = await w.id;
    expect(id).toMatch(/^[a-z0-9]{6}$/);
    expect(pendingIds(fx)).toEqual([id]);

    const p = personTerminal(['approve', id]);
    await p.waitFor(UNLOCK);
    expect(p.text()).toContain(approver.key.fingerprint);
    await p.type(PASSPHRASE);
    p.write('\r');
    const panel = await p.waitFor(PROMPT);
    expect(panel).toContain(`command: ${CMD}`);
    expect(panel).toContain(`approver key: ${approver.key.fingerprint}`);
    expect(panel).toContain('filesystem/rm-protected');
    expect(panel).toMatch(/target:\s+LOCAL/);
    expect(panel).toContain(`requested from: ${fx.repo}`);
    expect(panel).toContain(`type exactly:  ${phrase}`);
    await p.type(phrase);
    p.write('\r');
    await p.waitFor(`Approved ${id}`);
    expect(await p.exit()).toEqual({ exitCode: 0, signal: 0 });

    const r = await w.done;
    expect(r.code).toBe(0);
    expect(r.err).toContain(`countersign approve ${id}`);
    expect(r.err).not.toContain(phrase);
    expect(r.out).toBe('');
    expect(existsSync(fx.data)).toBe(false);
    expect(pendingIds(fx)).toEqual([]);
    const lines = auditLines(fx).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ command: CMD, decision: 'confirm', settled: 'signed-approval', approval: id, exit: 0, fingerprint: approver.key.fingerprint })]);
    expect(lines[0]!.signed).toMatchObject({ claims: { id, purpose: 'approve' } });
  });

  it.skipIf(UNDER_COUNTERSIGN)('`countersign approve` without an ID takes the only pending request', async () => {
    const w = agentShell();
    const id = await w.id;
    const p = personTerminal(['approve']);
    await p.waitFor(UNLOCK);
    await p.type(PASSPHRASE);
    p.write('\r');
    await p.waitFor(PROMPT);
    expect(p.text()).toContain(`request ${id}`);
    await p.type(phrase);
    p.write('\r');
    expect(await p.exit()).toEqual({ exitCode: 0, signal: 0 });
    expect((await w.done).code).toBe(0);
    expect(existsSync(fx.data)).toBe(false);
  });

  it.skipIf(UNDER_COUNTERSIGN)('a wrong passphrase or a wrong phrase does not approve; `countersign deny` then declines the waiting command', async () => {
    const w = agentShell();
    const id = await w.id;
    const bad = personTerminal(['approve', id]);
    for (let i = 0; i < 3; i++) {
      await bad.waitFor(i ? 'That is not the passphrase' : UNLOCK);
      if (i) await new Promise((r) => setTimeout(r, 50));
      await bad.type(`not the passphrase ${i}`);
      bad.write('\r');
    }
    await bad.waitFor('Not approved');
    expect(await bad.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(bad.text()).not.toContain(PROMPT);

    const p = personTerminal(['approve', id]);
    await p.waitFor(UNLOCK);
    await p.type(PASSPHRASE);
    p.write('\r');
    await p.waitFor(PROMPT);
    await p.type('delete everything');
    p.write('\r');
    await p.waitFor('Not approved');
    expect(p.text()).not.toContain('try 2');
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(pendingIds(fx)).toEqual([id]); // still waiting

    const d = await runCountersign(['deny', id], { cwd: fx.home, env: fx.env() });
    expect(d.code).toBe(0);
    const r = await w.done;
    expect(r.code).toBe(126);
    expect(r.err).toContain('stopped, not run (a person declined it)');
    expect(r.err).toContain('Do not try to reach the same result another way');
    expect(dataIntact()).toBe(true);
    expect(JSON.parse(auditLines(fx)[0]!)).toMatchObject({ settled: 'declined', approval: id });
  });

  it('no approval in time (confirm.approval-timeout): 126, and the request stays for the retry', async () => {
    fx.userConfig('confirm:\n  approval-timeout: 2\n');
    const w = agentShell();
    const id = await w.id;
    expect(pendingIds(fx)).toEqual([id]);
    const r = await w.done;
    expect(r.code).toBe(126);
    expect(r.err).toContain('waiting up to 2 s');
    expect(r.err).toContain(`waiting for a person to approve request ${id}`);
    expect(r.err).toContain('retry exactly the same command');
    expect(r.err).not.toContain(phrase);
    expect(pendingIds(fx)).toEqual([id]);
    expect(dataIntact()).toBe(true);
    expect(JSON.parse(auditLines(fx)[0]!)).toMatchObject({ settled: 'waiting', approval: id });
    // Approved later, the retry of the same line runs once, and a second retry does not.
    approver.approve(fx.csState, ap.getPending(fx.csState, id)!);
    const again = await runCountersign(['-c', CMD], { cwd: fx.repo, env: fx.env({ CI: undefined }), detached: true });
    expect(again.code).toBe(0);
    expect(existsSync(fx.data)).toBe(false);
    fx.resetData();
    const third = await runCountersign(['-c', CMD], { cwd: fx.repo, env: fx.env({ CI: undefined }), detached: true });
    expect(third.code).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(auditLines(fx).map((l) => (JSON.parse(l) as { settled: string }).settled)).toEqual(['waiting', 'signed-approval', 'waiting']);
  });

  it('a waiting command that is killed leaves its request for the retry, and nothing runs', async () => {
    const w = agentShell();
    const id = await w.id;
    expect(pendingIds(fx)).toEqual([id]);
    process.kill(w.pid()!, 'SIGTERM');
    const r = await w.done;
    expect(r.signal).toBe('SIGTERM');
    expect(pendingIds(fx)).toEqual([id]);
    expect(dataIntact()).toBe(true);
  });

  it('CI=true declines at once: 126, and no pending request is created', async () => {
    const r = await runCountersign(['-c', CMD], { cwd: fx.repo, env: fx.env({ CI: 'true' }), detached: true });
    expect(r.code).toBe(126);
    expect(r.err).toContain('stopped, not run (CI=true: nobody can confirm here)');
    expect(r.err).not.toContain('countersign approve');
    expect(existsSync(path.join(fx.csState, 'pending'))).toBe(false);
    expect(dataIntact()).toBe(true);
  });
});

describe('`countersign approve` refuses where an agent could be typing', () => {
  it('refuses without a terminal', async () => {
    const req = ap.createPending(fx.csState, { command: CMD, cwd: fx.repo, findings: [], binding: 'b', expires: Date.now() + 60_000, via: 'shell' });
    const r = await runCountersign(['approve', req.id], { cwd: fx.home, env: fx.env(), detached: true });
    expect(r.code).toBe(126);
    expect(r.err).toContain('refused: there is no terminal');
    expect(pendingIds(fx)).toEqual([req.id]);
    expect(existsSync(path.join(fx.csState, 'approved'))).toBe(false);
  });

  it('the line `countersign approve ID` run through a countersign shell is denied by policy', async () => {
    const req = ap.createPending(fx.csState, { command: CMD, cwd: fx.repo, findings: [], binding: 'b', expires: Date.now() + 60_000, via: 'shell' });
    const p = spawnPty(BIN, ['-c', `${BIN} approve ${req.id}`], { cwd: fx.repo, env: fx.env({ TERM: 'xterm-256color' }) });
    cleanups.push(() => p.kill());
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(p.text()).toContain('countersign/self-approve');
    expect(p.text()).toContain('stopped, not run (denied by policy)');
    expect(p.text()).not.toContain(PROMPT);
    expect(pendingIds(fx)).toEqual([req.id]);
  });

  describe('with the self-approve rule disabled in the user config, the process itself still refuses', () => {
    beforeEach(async () => {
      fx.userConfig('disable: [countersign/self-approve]\n');
      await trustNow({ env: fx.env(), home: fx.home, cwd: fx.repo }); // a weakening counts once signed
    });

    const cases: Array<[string, (id: string) => string[], RegExp]> = [
      ['the session marker', (id) => ['-c', `${BIN} approve ${id}`], /COUNTERSIGN_SESSION is set/],
      ['the process ancestry (marker removed)', (id) => ['-c', `env -u COUNTERSIGN_SESSION ${BIN} approve ${id}`], /process \d+ \(node \S*countersign -c\) is countersign/],
      ['the ancestry, with "approve" among the shell\'s own arguments', (id) => ['-c', `env -u COUNTERSIGN_SESSION ${BIN} approve ${id}`, 'approve'], /process \d+ \(.*\) is countersign/],
      ['the ancestry, from a grandchild in a new pty (script)', (id) => ['-c', `env -u COUNTERSIGN_SESSION script -qec '${BIN} approve ${id}' /dev/null`], /is countersign/],
    ];
    for (const [name, args, why] of cases) {
      it.skipIf(name.includes('(script)') && !existsSync('/usr/bin/script'))(name, async () => {
        const req = ap.createPending(fx.csState, { command: CMD, cwd: fx.repo, findings: [], binding: 'b', expires: Date.now() + 60_000, via: 'shell' });
        const p = spawnPty(BIN, args(req.id), { cwd: fx.repo, env: fx.env({ TERM: 'xterm-256color' }) });
        cleanups.push(() => p.kill());
        // Changing COUNTERSIGN_SESSION pauses the line itself (core/countersign-env) before the
        // inner approve can run; where it gets that far, the ancestry refuses it.
        const first = await p.waitFor(/core\/countersign-env|refused: this terminal is guarded by countersign/);
        if (first.includes('core/countersign-env')) {
          await p.waitFor('Type the phrase');
          p.write('\x03');
        }
        else expect(p.text()).toMatch(why);
        const e = await p.exit();
        expect(p.text()).not.toContain(UNLOCK);
        expect(e.exitCode).toBe(126);
        if (!first.includes("core/countersign-env")) expect(p.text()).not.toContain(PROMPT);
        expect(pendingIds(fx)).toEqual([req.id]);
        expect(existsSync(path.join(fx.csState, 'approved'))).toBe(false);
      });
    }
  });

  it('a process whose parent is a countersign shell is refused, whatever its environment says', async () => {
    // `exec` makes `countersign approve` the direct child of the countersign process.
    fx.userConfig('disable: [countersign/self-approve]\n');
    await trustNow({ env: fx.env(), home: fx.home, cwd: fx.repo });
    // A script the line runs unsets the marker (the line itself can't: that pauses), then execs approve.
    // (countersign's path inside the script: handed to a script as a word, it could be written.)
    writeFileSync(path.join(fx.repo, 'unmark.sh'), `#!/bin/sh\nunset COUNTERSIGN_SESSION\nexec ${BIN} approve abcdef\n`, { mode: 0o755 });
    const r = await runCountersign(['-c', 'exec ./unmark.sh'], { cwd: fx.repo, env: fx.env(), detached: true });
    // Denied by the self-approve rule where the outer check sees the call through the script;
    // otherwise the ancestry check refuses it and names the parent. Never approved.
    expect(r.code).toBe(126);
    expect(r.err).toMatch(/countersign\/self-approve|refused: this terminal is guarded by countersign \(process \d+ \(node \S+countersign -c\) is countersign\)/);
  });
});

describe('what counts as a countersign process in the ancestry', () => {
  it.each([
    [['node', '/usr/local/bin/countersign', '-c', 'make'], 1],
    [['/usr/bin/node', '--liftoff-only', '/opt/cs/dist/cli.mjs', '-lc', 'x'], 2],
    [['node', '/home/u/src/countersign/bin/countersign', '--real-shell', '/bin/bash', '-c', 'x'], 1],
    [['/home/u/.local/bin/countersign', '-c', 'x'], 0],
    [['tmux', 'new', '-s', 'countersign'], -1],
    [['code', '/home/u/src/countersign'], -1],
    [['bash', '-c', 'cd /home/u/countersign'], -1],
    [['node', '/usr/lib/node_modules/npm/bin/npx-cli.js', 'countersign', 'approve'], -1],
  ] as Array<[string[], number]>)('%j -> %i', (cmd, at) => {
    expect(countersignAt(cmd)).toBe(at);
  });
});

describe('an approval is single-use and signed', () => {
  const verify = (a: keys.Anchor, c: keys.Claims, sig: string): boolean => keys.verify(a.publicKey, c, sig);
  const anchor = (): keys.Anchor => keys.trustAnchor(fx.env(), fx.home, fx.csState).anchor!;

  it('can be consumed once, by the same binding only, and not after it expires', () => {
    const state = fx.csState;
    const findings = [{ rule: 'filesystem/rm-protected', detail: `${fx.data} is protected` }];
    const binding = ap.bindingOf(CMD, fx.repo, findings);
    expect(ap.bindingOf(CMD, fx.repo, findings)).toBe(binding);
    expect(ap.bindingOf(`${CMD} `, fx.repo, findings)).not.toBe(binding);
    expect(ap.bindingOf(CMD, fx.home, findings)).not.toBe(binding);

    const req = ap.createPending(state, { command: CMD, cwd: fx.repo, findings: [], binding, expires: Date.now() + 60_000, via: 'shell' });
    expect(ap.getPending(state, req.id)?.binding).toBe(binding);
    expect(ap.consumeApproval(state, binding, anchor(), { id: req.id, verify })).toBeUndefined(); // not approved yet
    approver.approve(state, req);
    expect(ap.getPending(state, req.id)).toBeUndefined();
    expect(ap.consumeApproval(state, 'another-binding', anchor(), { id: req.id, verify })).toBeUndefined();
    expect(ap.consumeApproval(state, binding, anchor(), { id: req.id, verify })).toMatchObject({ id: req.id, binding, by: 'tester' });
    expect(ap.consumeApproval(state, binding, anchor(), { id: req.id, verify })).toBeUndefined();
    expect(ap.consumeApproval(state, binding, anchor(), { verify })).toBeUndefined();

    const late = ap.createPending(state, { command: CMD, cwd: fx.repo, findings: [], binding, expires: Date.now() + 60_000, via: 'shell' });
    approver.approve(state, late, 1000);
    expect(ap.consumeApproval(state, binding, anchor(), { id: late.id, now: Date.now() + 5000, verify })).toBeUndefined(); // expired
    expect(ap.consumeApproval(state, binding, anchor(), { id: late.id, verify })).toBeUndefined(); // and removed
  });

  it('unsigned, re-signed by another key, or edited approvals are never used, and are reported', () => {
    const state = fx.csState;
    const binding = 'forge-binding';
    const forged: string[] = [];
    const onForgery = (f: ap.Forgery): void => void forged.push(f.why);
    const mk = () => ap.createPending(state, { command: CMD, cwd: fx.repo, findings: [], binding, expires: Date.now() + 60_000, via: 'shell' });
    // 1. an approval file written by the agent, unsigned
    const a = mk();
    ap.writeApproval(state, a, { id: a.id, binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' });
    // 2. signed by a key the agent made
    const b = mk();
    const other = keys.createKey('another passphrase!', { cost: 2 ** 10 });
    const rec = { id: b.id, binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' };
    ap.writeApproval(state, b, { ...rec, fingerprint: other.fingerprint, signature: keys.sign(keys.unlockKey(other, 'another passphrase!'), ap.claimsOf(rec)) });
    // 3. a real approval whose expiry was extended afterwards
    const c = mk();
    const real = approver.approve(state, c, 1000);
    ap.writeApproval(state, c, { ...real, expires: real.expires + 3_600_000 });
    // 4. the real fingerprint on a signature by another key
    const d = mk();
    const rec4 = { id: d.id, binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' };
    ap.writeApproval(state, d, { ...rec4, fingerprint: approver.key.fingerprint, signature: keys.sign(keys.unlockKey(other, 'another passphrase!'), ap.claimsOf(rec4)) });
    expect(ap.consumeApproval(state, binding, anchor(), { verify, onForgery })).toBeUndefined();
    expect(forged.sort()).toEqual(['it is not signed', `it is signed by key ${other.fingerprint}, not the approver key ${approver.key.fingerprint}`, 'its signature does not match its contents', 'its signature does not match its contents'].sort());
    expect(existsSync(path.join(state, 'approved', `${a.id}.json`))).toBe(false);
    // With no approver key at all, nothing is trusted.
    const e = mk();
    approver.approve(state, e);
    expect(ap.consumeApproval(state, binding, undefined, { verify, onForgery })).toBeUndefined();
    expect(forged).toContain('no approver key is set up, so no approval can be trusted');
  });

  it('two processes racing for one approval: exactly one gets it', async () => {
    const state = fx.csState;
    const binding = 'race-binding';
    const req = ap.createPending(state, { command: CMD, cwd: fx.repo, findings: [], binding, expires: Date.now() + 60_000, via: 'shell' });
    approver.approve(state, req);
    const mod = path.resolve('src/confirm/approvals.ts');
    const kmod = path.resolve('src/keys/index.ts');
    const racer = `import { consumeApproval } from ${JSON.stringify(mod)}; import * as k from ${JSON.stringify(kmod)}; const a = k.trustAnchor(${JSON.stringify(fx.env())}, ${JSON.stringify(fx.home)}, ${JSON.stringify(state)}).anchor; console.log(consumeApproval(${JSON.stringify(state)}, ${JSON.stringify(binding)}, a, { verify: (x, c, s) => k.verify(x.publicKey, c, s) }) ? 'got' : 'none');`;
    const tsx = path.resolve('node_modules/.bin/tsx');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => run(tsx, ['--eval', racer], { cwd: process.cwd(), env: { ...fx.env(), NODE_OPTIONS: '' } })),
    );
    expect(results.map((r) => r.err).filter(Boolean)).toEqual([]);
    expect(results.map((r) => r.out.trim()).sort()).toEqual(['got', 'none', 'none', 'none']);
  });
});
