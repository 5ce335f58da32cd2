// Red team rt22x: a same-user agent tries to get a paused command approved without the person,
// by routes forgery.test.ts does not cover: the request file the approver reads, approvals under
// other names, files that are not files, what runs changing after the person approved, keys typed
// into the person's terminal, signals, and config written behind countersign's back. Each attempt
// runs for real (a waiting `countersign -c` or the hook-then-retry route, real ptys, a real tmux,
// a real approver key whose passphrase only the "person" side uses). Results are written up in
// rt22x-numbers.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as ap from '../../src/confirm/approvals.js';
import * as keys from '../../src/keys/index.js';
import { PASSPHRASE, approveInTerminal, TEST_COST, makeApprover, type TestApprover } from '../helpers/approver.js';
import { BIN, auditLines, checkJson, makeFixture, pendingIds, run, runCountersign, until, type Fixture, type RanHashed } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';
import { findShell } from '../interactive/harness.js';
import { tmuxPane } from '../helpers/tmux.js';

const CMD = 'rm -rf data';
const CODEX = { CODEX_THREAD_ID: 'thread-1', CODEX_CI: '1' };
const CLAUDE = { CLAUDECODE: '1', BASH_DEFAULT_TIMEOUT_MS: '60000' };
const tmuxPath = findShell('tmux');
const python = findShell('python3');

let fx: Fixture;
let person: TestApprover;
let procs: PtyProcess[] = [];

beforeEach(() => {
  fx = makeFixture();
  person = makeApprover(fx.config);
  keys.trustAnchor(fx.env(), fx.home, fx.csState);
  fx.userConfig('confirm:\n  approval-timeout: 8\n');
  procs = [];
});

afterEach(() => {
  for (const p of procs) p.kill();
  fx.cleanup();
});

const dataIntact = (): boolean => existsSync(path.join(fx.data, 'db.sqlite')) && existsSync(path.join(fx.data, 'sub', 'keep.txt'));
const audit = (): Array<Record<string, unknown>> => auditLines(fx).map((l) => JSON.parse(l) as Record<string, unknown>);
const settled = (): string[] => audit().map((r) => String(r.settled));
const pendingFile = (id: string): string => path.join(fx.csState, 'pending', `${id}.json`);
const approvedDir = (): string => path.join(fx.csState, 'approved');

function pty(file: string, args: string[], env: Record<string, string | undefined> = {}, cwd = fx.repo): PtyProcess {
  const p = spawnPty(file, args, { cwd, env: fx.env({ TERM: 'xterm-256color', ...env }) });
  procs.push(p);
  return p;
}

/** The agent's tool: `countersign -c CMD` with no terminal. */
function agentRun(cmd = CMD, env: Record<string, string | undefined> = CLAUDE, cwd = fx.repo): Promise<RanHashed> {
  return runCountersign(['-c', cmd], { cwd, env: fx.env({ CI: undefined, ...env }), detached: true });
}

/** Start the agent's command and wait for its request id. */
async function paused(cmd = CMD, env: Record<string, string | undefined> = CLAUDE): Promise<{ id: string; done: Promise<RanHashed> }> {
  const before = new Set(pendingIds(fx));
  const done = agentRun(cmd, env);
  const id = await until(() => pendingIds(fx).find((x) => !before.has(x)), 'a pending request');
  return { id, done };
}

/** Claude Code's hook for a Bash call, as the agent's retry sends it. */
function hook(cmd = CMD): Promise<RanHashed> {
  const payload = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: cmd }, cwd: fx.repo });
  return run(BIN, ['hook', 'claude'], { cwd: fx.repo, env: fx.env({ CI: 'true' }), input: payload, detached: true });
}
const denied = (r: RanHashed): boolean => r.out.includes('"permissionDecision":"deny"');

/** The person runs `countersign approve ID` in a terminal of their own and types what it asks. */
function personApproves(id: string): Promise<{ raw: string; text: string; code: number }> {
  return approveInTerminal(pty(BIN, ['approve', id], {}, fx.home));
}

describe('the request file the approver reads is only a transport', () => {
  // The agent rewrites pending/ID.json so the panel shows something milder, keeping the binding of
  // what it will really run. Before rt22x the approver showed the file as it was and signed its
  // binding: the person approved `rm -rf data/sub` (or a LOCAL target) and `rm -rf data` ran.
  const edits: Array<[string, (p: ap.PendingRequest, mild: ap.PendingRequest['findings']) => void]> = [
    ['the command and findings shown as a milder command', (p, mild) => {
      p.command = 'rm -rf data/sub';
      p.findings = mild;
    }],
    ['only the target environment and its evidence lowered', (p) => {
      p.findings = p.findings.map((f) => ({ ...f, target: { ...f.target, environment: 'local', evidence: ['a scratch copy'] } }));
    }],
    ['a finding dropped and the severity lowered', (p) => {
      p.findings = p.findings.slice(0, 1).map((f) => ({ ...f, severity: 'low', summary: 'tidies a cache' }));
    }],
    ['the directory shown moved', (p) => {
      p.cwd = fx.home;
    }],
    ['the project root moved (the phrase names paths from it)', (p) => {
      p.root = '/';
    }],
  ];
  for (const [name, edit] of edits) {
    it(`shell route: ${name}: the approver refuses to show it, nothing is approved`, async () => {
      const mild = (await checkJson(fx, 'rm -rf data/sub')).findings as unknown as ap.PendingRequest['findings'];
      const first = await agentRun(CMD, CODEX); // Codex: no wait; the agent retries after approval
      expect(first.code).toBe(126);
      const id = pendingIds(fx)[0]!;
      const p = JSON.parse(readFileSync(pendingFile(id), 'utf8')) as ap.PendingRequest;
      edit(p, mild);
      writeFileSync(pendingFile(id), JSON.stringify(p, null, 2));
      const r = await personApproves(id);
      expect(r.text).toContain(`Request ${id} was changed after countersign wrote it`);
      expect(r.text).not.toMatch(/Approved/);
      expect(r.code).toBe(126);
      expect(existsSync(path.join(approvedDir(), `${id}.json`))).toBe(false);
      expect((await agentRun(CMD, CODEX)).code).toBe(126);
      expect(dataIntact()).toBe(true);
      expect(audit().find((a) => a.settled === 'forgery')).toMatchObject({ approval: id, note: expect.stringContaining('edited after it was made') });
    });
  }

  it('hook route: a request rewritten to show a milder command is refused, and the retry stays denied; an honest request still works', async () => {
    expect(denied(await hook())).toBe(true);
    const id = pendingIds(fx)[0]!;
    const p = JSON.parse(readFileSync(pendingFile(id), 'utf8')) as ap.PendingRequest;
    p.command = 'rm -rf data/sub';
    p.findings = (await checkJson(fx, 'rm -rf data/sub')).findings as unknown as ap.PendingRequest['findings'];
    writeFileSync(pendingFile(id), JSON.stringify(p, null, 2));
    expect((await personApproves(id)).text).toContain('was changed after countersign wrote it');
    expect(denied(await hook())).toBe(true);
    // The tampered request is set aside: the retry made a fresh, honest one, which the person approves.
    const fresh = pendingIds(fx);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(id);
    const ok = await personApproves(fresh[0]!);
    expect(ok.text).toContain(`Approved ${fresh[0]}`);
    expect((await hook()).out).toBe('');
    expect(settled().filter((s) => s === 'hook-retry')).toHaveLength(1);
  });
});

describe('an approval counts once, under its own id', () => {
  it('a signed approval copied under another name is not a second approval', async () => {
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    const id = pendingIds(fx)[0]!;
    const rec = person.approve(fx.csState, ap.getPending(fx.csState, id)!);
    // The agent reads the approval the person just wrote and keeps a copy under a name of its own.
    writeFileSync(path.join(approvedDir(), 'zzzzzz.json'), JSON.stringify(rec));
    expect((await agentRun(CMD, CODEX)).code).toBe(0);
    fx.resetData();
    const again = await agentRun(CMD, CODEX);
    expect(again.code).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(audit().some((a) => a.settled === 'forgery' && String(a.note).includes('is not its request id'))).toBe(true);
  });

  it('a hard link made before the approval was used is not a second approval (hook route)', async () => {
    expect(denied(await hook())).toBe(true);
    const id = pendingIds(fx)[0]!;
    person.approve(fx.csState, ap.getPending(fx.csState, id)!);
    linkSync(path.join(approvedDir(), `${id}.json`), path.join(approvedDir(), 'kkkkkk.json'));
    expect((await hook()).out).toBe('');
    expect(denied(await hook())).toBe(true);
    expect(settled().filter((s) => s === 'hook-retry')).toHaveLength(1);
    expect(settled()).toContain('forgery');
  });

  it('a used approval put back under its own name is a replay (the used/ record is still there)', async () => {
    expect(denied(await hook())).toBe(true);
    const id = pendingIds(fx)[0]!;
    person.approve(fx.csState, ap.getPending(fx.csState, id)!);
    const keep = path.join(fx.root, 'kept.json');
    linkSync(path.join(approvedDir(), `${id}.json`), keep);
    expect((await hook()).out).toBe('');
    copyFileSync(keep, path.join(approvedDir(), `${id}.json`));
    expect(denied(await hook())).toBe(true);
    expect(audit().some((a) => a.settled === 'forgery' && String(a.note).includes('replay'))).toBe(true);
  });

  // Outside the threat model (README, "What a same-user agent can still do": "countersign's own
  // state can be changed by a same-user program it doesn't see"): a program that also deletes
  // used/ID.json can put the approval back once more before it expires (10 minutes).
  it.skip('a used approval put back after its used/ record was deleted (outside: state written by an unseen program)', () => {});
});

describe('the audit log', () => {
  // Outside the threat model (README, "What a same-user agent can still do": an agent that writes
  // files with a tool countersign doesn't hook could "rewrite the whole audit log consistently").
  // Each record links to the one before it and signed approvals carry their signature, so an edit
  // of part of it is found (forgery.test.ts); a log rebuilt whole, leaving out what ran, is not.
  it.skip('the audit log rewritten whole so the person cannot see what ran (outside: a consistent rewrite by an unseen program)', () => {});
});

describe('files in the state dir that are not files', () => {
  it('a FIFO planted in approved/ does not hang the next command; the person\'s approval still runs it once', async () => {
    mkdirSync(approvedDir(), { recursive: true });
    execFileSync('mkfifo', [path.join(approvedDir(), 'zzzzzz.json')]);
    // Before rt22x, reading the FIFO blocked the check for ever (the run's safety net killed it).
    const first = await agentRun(CMD, CODEX);
    expect(first.code).toBe(126);
    const id = pendingIds(fx)[0]!;
    person.approve(fx.csState, ap.getPending(fx.csState, id)!);
    expect((await agentRun(CMD, CODEX)).code).toBe(0);
    expect(existsSync(fx.data)).toBe(false);
  });

  it('a FIFO planted in pending/ does not hang `countersign approve`', async () => {
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    const id = pendingIds(fx)[0]!;
    execFileSync('mkfifo', [pendingFile('zzzzzz')]);
    const r = await personApproves(id);
    expect(r.text).toContain(`Approved ${id}`);
    expect((await agentRun(CMD, CODEX)).code).toBe(0);
  });
});

describe('what runs is what the person approved', () => {
  it('an approval for `rm -rf data` in one project does not run the same words in another', async () => {
    const other = path.join(fx.root, 'other');
    mkdirSync(path.join(other, 'data'), { recursive: true });
    writeFileSync(path.join(other, '.countersign.yaml'), 'protected-paths: [data]\n');
    writeFileSync(path.join(other, 'data', 'db.sqlite'), 'other\n');
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    person.approve(fx.csState, ap.getPending(fx.csState, pendingIds(fx)[0]!)!);
    expect((await agentRun(CMD, CODEX, other)).code).toBe(126);
    expect(existsSync(path.join(other, 'data', 'db.sqlite'))).toBe(true);
    // The approval is still there for the project it was given in.
    expect((await agentRun(CMD, CODEX)).code).toBe(0);
  });

  it("shell route under Claude's wrapper: a function planted in the snapshot it sources changes the findings, so the approval does not hold", async () => {
    const snap = path.join(fx.home, '.claude', 'shell-snapshots', 'snapshot-bash-1.sh');
    mkdirSync(path.dirname(snap), { recursive: true });
    writeFileSync(snap, '# snapshot\n');
    const wrapped = `source ${snap} 2>/dev/null || true && { shopt -u extglob || setopt NO_EXTENDED_GLOB; } 2>/dev/null || true && eval 'rm -rf data/sub' < /dev/null && pwd -P >| ${fx.root}/claude-1a2b-cwd`;
    expect((await agentRun(wrapped, CODEX)).code).toBe(126);
    const p = ap.getPending(fx.csState, pendingIds(fx)[0]!)!;
    expect(p.command).toBe('rm -rf data/sub');
    person.approve(fx.csState, p);
    // The agent's file tool plants `rm` as a function in the snapshot before the retry.
    writeFileSync(snap, 'rm() { command rm -rf data; }\n');
    expect((await agentRun(wrapped, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
    // The snapshot as it was: the approval holds, once.
    writeFileSync(snap, '# snapshot\n');
    expect((await agentRun(wrapped, CODEX)).code).toBe(0);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(false);
  });

  // A PATH entry the snapshot puts first is followed to the program there (parse/walk.ts
  // plantedOnPath), so `export PATH=$PWD/evil:$PATH` planted in the snapshot changes the findings
  // and the approval of `rm -rf data/sub` does not hold for evil/rm; `export PATH=$PWD/evil:$PATH
  // && ls` pauses on evil/ls. (Found by rt22x, fixed by the lead.)
  it("shell route under Claude's wrapper: a PATH planted in the snapshot finds the agent's own program, so the approval does not hold", async () => {
    const snap = path.join(fx.home, '.claude', 'shell-snapshots', 'snapshot-bash-1.sh');
    mkdirSync(path.dirname(snap), { recursive: true });
    writeFileSync(snap, '# snapshot\n');
    mkdirSync(path.join(fx.repo, 'evil'), { recursive: true });
    for (const name of ['rm', 'ls']) {
      writeFileSync(path.join(fx.repo, 'evil', name), '#!/bin/sh\n/bin/rm -rf data\n');
      execFileSync('chmod', ['+x', path.join(fx.repo, 'evil', name)]);
    }
    const wrapped = `source ${snap} 2>/dev/null || true && eval 'rm -rf data/sub' < /dev/null`;
    expect((await agentRun(wrapped, CODEX)).code).toBe(126);
    const p = ap.getPending(fx.csState, pendingIds(fx)[0]!)!;
    person.approve(fx.csState, p);
    writeFileSync(snap, `export PATH=${path.join(fx.repo, 'evil')}:$PATH\n`);
    expect((await agentRun(wrapped, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
    // Without any approval: a harmless-looking command that PATH sends to the agent's program.
    expect((await agentRun(`export PATH=$PWD/evil:$PATH && ls`, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  // Outside the threat model as the README words it ("Aliases and functions defined in your shell's
  // startup files are not known in `-c` mode"): with the hook alone (no countersign shell), the
  // hook sees only the model's command, never the snapshot Claude's Bash sources first, so a
  // function the agent's file tool plants there runs with the next approved (or allowed) command.
  it.skip('hook route: a function planted in Claude\'s shell snapshot runs in place of the approved command (outside: startup-file functions are not known)', () => {});

  it('hook route: an approval is not reused by a retry whose words differ, however slightly', async () => {
    expect(denied(await hook())).toBe(true);
    person.approve(fx.csState, ap.getPending(fx.csState, pendingIds(fx)[0]!)!);
    for (const other of ['rm  -rf data', 'rm -rf data ', 'rm -rf ./data', 'rm -rf data # ok', '\\rm -rf data']) expect(denied(await hook(other)), other).toBe(true);
    expect(settled()).not.toContain('hook-retry');
    expect((await hook()).out).toBe('');
  });

  it("an approval for `rm -rf data` is not taken by a nested countersign given Claude's wrapper with a prefix of the agent's", async () => {
    mkdirSync(path.join(fx.repo, 'evil'), { recursive: true });
    writeFileSync(path.join(fx.repo, 'evil', 'rm'), `#!/bin/sh\necho ran > ${path.join(fx.root, 'evil-ran')}\n`, { mode: 0o755 });
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    person.approve(fx.csState, ap.getPending(fx.csState, pendingIds(fx)[0]!)!);
    // The inner line binds only its payload (`rm -rf data`); the outer check sees the whole line.
    const inner = `export PATH=$PWD/evil:$PATH && eval 'rm -rf data' < /dev/null && pwd -P >| /tmp/claude-1234abcd-cwd`;
    const r = await agentRun(`${BIN} -c "${inner.replace(/\$/g, '\\$')}"`, CODEX);
    expect(r.code).toBe(126);
    expect(r.err).toContain("needs a person's approval");
    expect(existsSync(path.join(fx.root, 'evil-ran'))).toBe(false);
    expect(dataIntact()).toBe(true);
  });

  it('a script edited while its command waits does not run: the approval was for what the panel showed', async () => {
    writeFileSync(path.join(fx.repo, 'deploy.sh'), 'rm -rf data/sub\n');
    const { id, done } = await paused('bash deploy.sh');
    const p = ap.getPending(fx.csState, id)!;
    expect(p.findings.map((f) => f.detail).join(' ')).toContain('data/sub');
    // The agent's file tool rewrites the script while the person reads the panel.
    writeFileSync(path.join(fx.repo, 'deploy.sh'), 'rm -rf data\n');
    person.approve(fx.csState, p);
    const r = await done;
    expect(r.code).toBe(126);
    expect(r.err).toContain('was approved, but what it would do changed');
    expect(dataIntact()).toBe(true);
    expect(audit().at(-1)).toMatchObject({ settled: 'declined', approval: id });
  });

  it('the same script, unchanged, runs once after the approval', async () => {
    writeFileSync(path.join(fx.repo, 'deploy.sh'), 'rm -rf data/sub\n');
    const { id, done } = await paused('bash deploy.sh');
    person.approve(fx.csState, ap.getPending(fx.csState, id)!);
    expect((await done).code).toBe(0);
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(false);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });

  it('hook route: an approval given while kubeconfig pointed at staging does not hold once it points at production', async () => {
    const kube = path.join(fx.home, '.kube', 'config');
    mkdirSync(path.dirname(kube), { recursive: true });
    const config = (ctx: string): string =>
      `apiVersion: v1\nkind: Config\ncurrent-context: ${ctx}\ncontexts:\n- name: staging\n  context: {cluster: staging-eu, namespace: default}\n- name: prod\n  context: {cluster: prod-eu, namespace: default}\nclusters:\n- name: staging-eu\n  cluster: {server: https://staging.k8s.example.com}\n- name: prod-eu\n  cluster: {server: https://prod.k8s.example.com}\n`;
    writeFileSync(kube, config('staging'));
    const cmd = 'kubectl delete namespace payments';
    expect(denied(await hook(cmd))).toBe(true);
    const p = ap.getPending(fx.csState, pendingIds(fx)[0]!)!;
    expect(p.findings[0]!.target.environment).not.toBe('production');
    person.approve(fx.csState, p);
    // Same words, same rule, same detail: only the target differs. Before rt22x that was the same binding.
    writeFileSync(kube, config('prod'));
    expect(denied(await hook(cmd))).toBe(true);
    expect(settled()).not.toContain('hook-retry');
    // Back on staging, the approval the person gave holds, once.
    writeFileSync(kube, config('staging'));
    expect((await hook(cmd)).out).toBe('');
    expect(settled().filter((s) => s === 'hook-retry')).toHaveLength(1);
  });
});

(tmuxPath ? describe : describe.skip)("keys typed into the person's terminal", () => {
  let sock: string;
  const { tmux, screen, waitScreen } = tmuxPane(tmuxPath!, () => sock, 'pane');
  const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

  afterEach(() => {
    if (sock) spawnSync(tmuxPath!, ['-S', sock, 'kill-server'], { stdio: 'ignore' });
  });

  it('tmux send-keys of the phrase into an unlocked approver pane does not approve: the passphrase is asked for each approval', async () => {
    sock = path.join(fx.root, 'tmux.sock');
    const cmd = ['env', '-i', ...Object.entries(fx.env({ TERM: 'tmux-256color' })).map(([k, v]) => `${k}=${v}`), BIN, 'approver'].map(shq).join(' ');
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'pane', '-x', '110', '-y', '50', '-c', fx.home, cmd);
    // The person unlocks the pane and walks away.
    await waitScreen(/Approver passphrase/);
    tmux('send-keys', '-t', 'pane', '-l', PASSPHRASE);
    tmux('send-keys', '-t', 'pane', 'Enter');
    await waitScreen(/Waiting for requests/);
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    const id = pendingIds(fx)[0]!;
    const shown = await waitScreen(/type exactly:[\s\S]*Type the phrase/);
    const phrase = /type exactly:\s+(.+)/.exec(shown)![1]!.trim();
    // The agent: the phrase is on the screen (capture-pane) and in the findings; it types it, and
    // the line that does so is itself allowed (`tmux send-keys` text is judged as a shell line).
    const line = `tmux -S ${sock} send-keys -t pane -l ${shq(phrase)} && tmux -S ${sock} send-keys -t pane Enter`;
    expect((await checkJson(fx, line)).decision).toBe('allow');
    spawnSync('/bin/sh', ['-c', line], { env: fx.env() });
    await waitScreen(/Approver passphrase for this approval/);
    // It doesn't know the passphrase: an empty line declines.
    tmux('send-keys', '-t', 'pane', 'Enter');
    await waitScreen(new RegExp(`${id} stays pending`));
    expect(existsSync(path.join(approvedDir(), `${id}.json`))).toBe(false);
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });
});

describe('an interactive session an agent drives, unlocked once by the person', () => {
  it('the agent\'s next destructive line needs the passphrase again, not just its phrase', async () => {
    const p = pty(BIN, [], { ...CODEX });
    await p.waitFor(/[$#] /, { deadlineMs: 20_000 });
    // The person runs one command and types phrase and passphrase: the key is now unlocked.
    const subPhrase = (await checkJson(fx, 'rm -rf data/sub')).phrase!;
    p.write('rm -rf data/sub\r');
    await p.waitFor('Type the phrase');
    await p.type(subPhrase);
    p.write('\r');
    await p.waitFor('Approver passphrase');
    const from0 = p.text().length;
    await p.type(PASSPHRASE);
    p.write('\r');
    await p.waitFor(/[$#] $/, { from: from0 });
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(false);
    // The agent, driving the same terminal, types its own line and phrase.
    const phrase = (await checkJson(fx, CMD)).phrase!;
    const from = p.text().length;
    p.write(`${CMD}\r`);
    await p.waitFor('Type the phrase', { from });
    await p.type(phrase);
    p.write('\r');
    await p.waitFor('Approver passphrase', { from });
    p.write('\r');
    await p.waitFor(/did not run[\s\S]*[$#] $/, { from });
    p.write('exit\r');
    await p.exit();
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });
});

describe('signals and debuggers', () => {
  it('SIGUSR1 does not open the inspector in an unlocked approver pane (nor in a waiting shell)', async () => {
    const pane = pty(BIN, ['approver'], {}, fx.home);
    await pane.waitFor('Approver passphrase');
    await pane.type(PASSPHRASE);
    pane.write('\r');
    await pane.waitFor('Waiting for requests');
    process.kill(pane.pid, 'SIGUSR1');
    const { id, done } = await paused();
    process.kill(await until(() => waitingPid(id), 'the waiting process'), 'SIGUSR1');
    // By the time the pane shows the request, both signals were handled.
    await pane.waitFor(`request ${id}`);
    expect(pane.text()).not.toContain('Debugger listening');
    pane.write('\x03');
    const r = await done;
    expect(r.err).not.toContain('Debugger listening');
    expect(dataIntact()).toBe(true);
  });

  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR2', 'SIGSTOP'] as const) {
    it(`${sig} to the waiting shell never runs the command; a later approval runs it once, on the retry`, async () => {
      const { id, done } = await paused();
      const pid = await until(() => waitingPid(id), 'the waiting process');
      process.kill(pid, sig);
      if (sig === 'SIGSTOP') {
        person.approve(fx.csState, ap.getPending(fx.csState, id)!);
        expect(dataIntact()).toBe(true);
        process.kill(pid, 'SIGCONT');
        // Resumed, it takes the approval it was waiting for: the person approved exactly this.
        expect((await done).code).toBe(0);
        return;
      }
      const r = await done;
      expect(r.code === 0).toBe(false);
      expect(dataIntact()).toBe(true);
      person.approve(fx.csState, ap.getPending(fx.csState, id)!);
      expect((await agentRun(CMD, CODEX)).code).toBe(0);
      fx.resetData();
      expect((await agentRun(CMD, CODEX)).code).toBe(126);
    });
  }

  (python ? it : it.skip)('TIOCSTI into the person\'s unlocked approver pane: refused by the kernel, and where it is allowed (root) it is only typing, which the passphrase stops', async () => {
    const pane = pty(BIN, ['approver'], {}, fx.home);
    await pane.waitFor('Approver passphrase');
    await pane.type(PASSPHRASE);
    pane.write('\r');
    await pane.waitFor('Waiting for requests');
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    const id = pendingIds(fx)[0]!;
    const shown = await pane.waitFor(/type exactly:[\s\S]*Type the phrase/);
    const phrase = /type exactly:\s+(.+)/.exec(shown)![1]!.trim();
    // The agent finds the pane's terminal through /proc and pushes keys into its input queue.
    const inject = (keys: string): string =>
      spawnSync(python!, ['-c', 'import fcntl,os,sys,termios\nfd=os.open(sys.argv[1], os.O_RDWR|os.O_NOCTTY)\ntry:\n  [fcntl.ioctl(fd, termios.TIOCSTI, bytes([c])) for c in sys.argv[2].encode()]\n  print("injected")\nexcept OSError as e:\n  print("refused", e.errno)', readlinkTty(pane.pid), keys], { encoding: 'utf8', env: fx.env() }).stdout;
    const first = inject(`${phrase}\r`);
    if (first.startsWith('injected')) {
      // Allowed here (CAP_SYS_ADMIN, or a kernel with legacy TIOCSTI and the agent's own tty):
      // the phrase went in, and the pane asks for the passphrase the agent doesn't know.
      await pane.waitFor('Approver passphrase for this approval');
      expect(inject('\r')).toMatch(/^injected/);
      await pane.waitFor(`${id} stays pending`);
    } else expect(first).toMatch(/^refused/);
    expect(existsSync(path.join(approvedDir(), `${id}.json`))).toBe(false);
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  // Outside what a same-user tool can stop, and not yet in the README: a program of the same user
  // can open the person's /dev/pts/N (it is the user's own device) and read from it; reads race
  // with the approver's, and in raw mode it gets most keys, so it can learn the passphrase as the
  // person types it. Tried by hand for rt22x: it got every key of a typed passphrase. Only running
  // the agent as another user (or in a container) stops it.
  it.skip('reading the person\'s terminal while the passphrase is typed (outside: the pty is the user\'s own device)', () => {});
});

describe('config and keys written behind countersign\'s back', () => {
  it('`confirm.hooks: ask` written into the user config by a program does not hand the decision to the agent\'s dialog', async () => {
    fx.userConfig('confirm:\n  approval-timeout: 8\n  hooks: ask\n');
    const r = await hook();
    expect(denied(r)).toBe(true);
    expect(r.out).not.toContain('"permissionDecision":"ask"');
    expect(settled()).not.toContain('agent-dialog');
  });

  it('`countersign trust` signs what it showed: a weakening swapped in while the person types the passphrase does not apply', async () => {
    fx.userConfig('confirm:\n  approval-timeout: 8\ndisable: ["git/*"]\n');
    const p = pty(BIN, ['trust']);
    await p.waitFor(/Approver passphrase[^\n*]*:\s*(ctrl\+t toggle visibility)?\s*$/);
    expect(p.text()).toContain('+ disable: git/*');
    // The agent rewrites the file between the person reading the changes and signing them.
    fx.userConfig('confirm:\n  approval-timeout: 8\ndisable: ["filesystem/*", "git/*"]\n');
    await p.type(PASSPHRASE);
    p.write('\r');
    expect((await p.exit()).exitCode).toBe(0);
    expect((await checkJson(fx, CMD)).decision).toBe('confirm');
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  it('a user config weakened by a program countersign does not see waits for `countersign trust`', async () => {
    const cfg = path.join(fx.config, 'countersign', 'config.yaml');
    writeFileSync(cfg, 'confirm:\n  approval-timeout: 8\ndisable: ["*"]\npolicy:\n  confirm-at: critical\n');
    expect((await checkJson(fx, CMD)).decision).toBe('confirm');
    const r = await agentRun(CMD, CODEX);
    expect(r.code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  it('the config reached through a symlink the agent planted is still the config (a weakening waits for trust)', async () => {
    const own = path.join(fx.repo, 'mine.yaml');
    writeFileSync(own, 'disable: ["*"]\n');
    const cfg = path.join(fx.config, 'countersign', 'config.yaml');
    execFileSync('ln', ['-sf', own, cfg]);
    expect((await checkJson(fx, CMD)).decision).toBe('confirm');
    expect((await agentRun(CMD, CODEX)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  it('the pin swapped for the agent\'s own key: its signatures still do not count', async () => {
    const own = keys.createKey('the agent own passphrase', { cost: TEST_COST });
    keys.writePin(fx.csState, own.publicKey);
    expect(denied(await hook())).toBe(true);
    const id = pendingIds(fx)[0];
    const p = id ? ap.getPending(fx.csState, id) : undefined;
    const binding = p?.binding ?? 'x';
    const rec = { id: id ?? 'abcdef', binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' };
    mkdirSync(approvedDir(), { recursive: true });
    writeFileSync(path.join(approvedDir(), `${rec.id}.json`), JSON.stringify({ ...rec, fingerprint: own.fingerprint, signature: keys.sign(keys.unlockKey(own, 'the agent own passphrase'), ap.claimsOf(rec)) }));
    expect(denied(await hook())).toBe(true);
    expect(settled()).not.toContain('hook-retry');
    expect(dataIntact()).toBe(true);
  });
});

/** The pid of the countersign process waiting on request `id` (its pending file names no pid:
 *  found the way an agent would, through /proc). */
function waitingPid(id: string): number | undefined {
  void id;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      const env = readFileSync(`/proc/${d}/environ`, 'utf8');
      if (cmdline.includes('-c') && cmdline.includes(CMD) && env.includes(`XDG_STATE_HOME=${fx.state}\0`) && cmdline.some((a) => a.endsWith('countersign'))) return Number(d);
    } catch {
      /* gone, or not ours */
    }
  }
  return undefined;
}

/** The terminal a process reads, as the agent finds it: /proc/PID/fd/0. */
function readlinkTty(pid: number): string {
  return execFileSync('readlink', [`/proc/${pid}/fd/0`], { encoding: 'utf8' }).trim();
}
