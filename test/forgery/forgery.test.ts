// The forgery suite: an agent running as the same user tries to get a paused `rm -rf data` run
// without a person. Every attempt runs for real against a waiting `countersign -c` (the shell
// route) and, where it applies, against the hook-then-retry route. Each asserts that data/ survives
// and that the audit log names what happened.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as ap from '../../src/confirm/approvals.js';
import * as keys from '../../src/keys/index.js';
import { PASSPHRASE, TEST_COST, makeApprover, type TestApprover } from '../helpers/approver.js';
import { BIN, ROOT, auditLines, checkJson, makeFixture, pendingIds, run, runCountersign, until, type Fixture, type RanHashed } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';

const CMD = 'rm -rf data';
const CODEX = { CODEX_THREAD_ID: 'thread-1', CODEX_CI: '1' };
/** Claude Code's markers: its tool waits up to BASH_DEFAULT_TIMEOUT_MS, so countersign waits too. */
const CLAUDE = { CLAUDECODE: '1', BASH_DEFAULT_TIMEOUT_MS: '60000' };

let fx: Fixture;
let person: TestApprover;
let phrase: string;
let procs: PtyProcess[] = [];

beforeEach(async () => {
  fx = makeFixture();
  person = makeApprover(fx.config);
  // The pin is made the first time the key is seen: that is setup time, before any agent.
  keys.trustAnchor(fx.env(), fx.home, fx.csState);
  phrase = (await checkJson(fx, CMD)).phrase!;
  fx.userConfig('confirm:\n  approval-timeout: 8\n');
  procs = [];
});

afterEach(() => {
  for (const p of procs) p.kill();
  fx.cleanup();
});

const dataIntact = (): boolean => existsSync(path.join(fx.data, 'db.sqlite'));
const audit = (): Array<Record<string, unknown>> => auditLines(fx).map((l) => JSON.parse(l) as Record<string, unknown>);
const settled = (): string[] => audit().map((r) => String(r.settled));

function pty(file: string, args: string[], env: Record<string, string | undefined> = {}, cwd = fx.repo): PtyProcess {
  const p = spawnPty(file, args, { cwd, env: fx.env({ TERM: 'xterm-256color', ...env }) });
  procs.push(p);
  return p;
}

/** The agent's tool: `countersign -c CMD` with no terminal, as Codex or Claude start it. */
function agentRun(cmd = CMD, env: Record<string, string | undefined> = {}): Promise<RanHashed> {
  return runCountersign(['-c', cmd], { cwd: fx.repo, env: fx.env({ CI: undefined, ...CLAUDE, ...env }), detached: true });
}

/** Start the agent's command and wait for its request id. */
async function paused(env: Record<string, string | undefined> = {}): Promise<{ id: string; done: Promise<RanHashed> }> {
  const before = new Set(pendingIds(fx));
  const done = agentRun(CMD, env);
  const id = await until(() => pendingIds(fx).find((x) => !before.has(x)), 'a pending request');
  return { id, done };
}

describe('the agent owns the terminal', () => {
  it('under an agent (markers), no panel and no phrase prompt are drawn in its pty; typing the phrase there does nothing', async () => {
    const p = pty(BIN, ['-c', CMD], CODEX);
    await p.waitFor('needs a person');
    expect(p.text()).not.toContain('Type the phrase');
    expect(p.text()).not.toContain(phrase);
    await p.type(phrase);
    p.write('\r');
    const e = await p.exit();
    expect(e.exitCode).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(p.text()).toContain('countersign approve');
    expect(settled()).toEqual(['waiting']);
  });

  it('without markers (env scrubbed, new session), the phrase alone is not enough: the passphrase is asked and the agent does not know it', async () => {
    const p = pty(BIN, ['-c', CMD]);
    await p.waitFor('Type the phrase');
    await p.type(phrase);
    p.write('\r');
    await p.waitFor('Approver passphrase');
    for (let i = 0; i < 3; i++) {
      await p.type(`guess number ${i} of the agent`);
      p.write('\r');
      if (i < 2) await p.waitFor('That is not the passphrase', { from: p.text().length - 200 });
    }
    expect((await p.exit()).exitCode).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(audit().at(-1)).toMatchObject({ settled: 'declined', note: 'the phrase was typed, the approver passphrase was not' });
  });

  it('an interactive countersign in a pty the agent owns asks for the passphrase after the phrase', async () => {
    const p = pty(BIN, [], { ...CODEX });
    await p.waitFor(/[$#] /, { deadlineMs: 20_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${p.text()}`);
    });
    p.write(`${CMD}\r`);
    await p.waitFor('Type the phrase');
    await p.type(phrase);
    p.write('\r');
    await p.waitFor('Approver passphrase');
    p.write('not it\r');
    await p.waitFor('not the passphrase');
    p.write('\x03');
    await p.waitFor(/did not run[\s\S]*[$#] $/);
    p.write('exit\r');
    await p.exit();
    expect(dataIntact()).toBe(true);
    expect(settled()).toContain('declined');
  });
});

describe('with no approver key', () => {
  it('nothing can be approved, so the command is not kept waiting, and the message says how to set one up', async () => {
    rmSync(person.file);
    rmSync(path.join(fx.csState, 'approver-pin.json'));
    const r = await agentRun();
    expect(r.code).toBe(126);
    expect(r.err).toContain('countersign approver setup');
    expect(r.err).not.toContain('waiting up to');
    expect(dataIntact()).toBe(true);
  });
});

describe('the agent is never told the phrase', () => {
  it('`countersign check` under an agent gives the decision and findings, not the phrase', async () => {
    const r = await runCountersign(['check', '--json', '--', CMD], { cwd: fx.repo, env: fx.env(CODEX) });
    expect(r.code).toBe(10);
    expect(JSON.parse(r.out)).not.toHaveProperty('phrase');
    expect(r.out).not.toContain(phrase);
    const text = await runCountersign(['check', '--', CMD], { cwd: fx.repo, env: fx.env(CLAUDE) });
    expect(text.out).toContain('a person must confirm');
    expect(text.out).not.toContain(phrase);
  });
});

describe('approving from a pty, a script or another process tree', () => {
  const approvers: Array<[string, (id: string) => [string, string[], Record<string, string | undefined>]]> = [
    ['`countersign approve ID` in a pty the agent owns (markers inherited)', (id) => [BIN, ['approve', id], CODEX]],
    ['setsid + env -u COUNTERSIGN_SESSION + node dist/cli.mjs approve', (id) => ['/usr/bin/setsid', ['-w', 'env', '-u', 'COUNTERSIGN_SESSION', '-u', 'CODEX_THREAD_ID', '-u', 'CODEX_CI', process.execPath, path.join(ROOT, 'dist', 'cli.mjs'), 'approve', id], {}]],
    ['`script` making a fresh pty, markers scrubbed', (id) => ['/usr/bin/script', ['-qec', `env -i PATH=/usr/bin:/bin HOME=${fx.home} XDG_CONFIG_HOME=${fx.config} XDG_STATE_HOME=${fx.state} ${BIN} approve ${id}`, '/dev/null'], {}]],
  ];
  for (const [name, how] of approvers) {
    it(name, async () => {
      const { id, done } = await paused();
      const [file, args, env] = how(id);
      const p = pty(file, args, env, fx.home);
      // With markers it refuses outright; without, it wants the passphrase, which the agent lacks.
      const first = await p.waitFor(/refused|Approver passphrase/);
      if (first.includes('Approver passphrase')) {
        for (let i = 0; i < 3; i++) {
          await p.type(phrase);
          p.write('\r');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await p.exit();
      expect(p.text()).not.toMatch(/Approved/);
      const r = await done;
      expect(r.code).toBe(126);
      expect(dataIntact()).toBe(true);
      expect(pendingIds(fx)).toEqual([id]);
    });
  }

  it.skipIf(!existsSync('/usr/bin/expect'))('expect driving `countersign approve` with the phrase', async () => {
    const { id, done } = await paused();
    const script = `spawn ${BIN} approve ${id}\nexpect -re "passphrase|refused"\nsend "${phrase}\\r"\nexpect eof\n`;
    writeFileSync(path.join(fx.root, 'a.exp'), script);
    await run('/usr/bin/expect', [path.join(fx.root, 'a.exp')], { cwd: fx.home, env: fx.env({ ...CODEX }) });
    expect((await done).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });
});

describe('approval files are a transport, not a trust', () => {
  it('an unsigned approval written by the agent is ignored by the waiting shell, and logged as a forgery', async () => {
    const { id, done } = await paused();
    const p = ap.getPending(fx.csState, id)!;
    ap.writeApproval(fx.csState, p, { id, binding: p.binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' });
    const r = await done;
    expect(r.code).toBe(126);
    expect(r.err).toContain('ignored an approval');
    expect(dataIntact()).toBe(true);
    expect(audit().find((a) => a.settled === 'forgery')).toMatchObject({ approval: id, note: expect.stringContaining('it is not signed') });
  });

  it('an approval signed by a key the agent made (knowing its passphrase) is ignored', async () => {
    const { id, done } = await paused();
    const p = ap.getPending(fx.csState, id)!;
    const own = keys.createKey('the agent own passphrase', { cost: TEST_COST });
    const rec = { id, binding: p.binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' };
    ap.writeApproval(fx.csState, p, { ...rec, fingerprint: own.fingerprint, signature: keys.sign(keys.unlockKey(own, 'the agent own passphrase'), ap.claimsOf(rec)) });
    expect((await done).code).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(settled()).toContain('forgery');
  });

  it('replacing the approver key file with the agent\'s own key is refused (it was not introduced by the old passphrase)', async () => {
    const own = keys.createKey('the agent own passphrase', { cost: TEST_COST });
    keys.writeKeyFile(person.file, own);
    const { id, done } = await paused();
    const p = ap.getPending(fx.csState, id)!;
    const rec = { id, binding: p.binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' };
    ap.writeApproval(fx.csState, p, { ...rec, fingerprint: own.fingerprint, signature: keys.sign(keys.unlockKey(own, 'the agent own passphrase'), ap.claimsOf(rec)) });
    const r = await done;
    expect(r.code).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(keys.trustAnchor(fx.env(), fx.home, fx.csState).problem).toContain('without the old passphrase');
  });

  it('a used approval copied back is a replay, and is refused', async () => {
    const first = await paused();
    person.approve(fx.csState, ap.getPending(fx.csState, first.id)!);
    expect((await first.done).code).toBe(0);
    fx.resetData();
    const used = path.join(fx.csState, 'used', `${first.id}.json`);
    mkdirSync(path.join(fx.csState, 'approved'), { recursive: true });
    copyFileSync(used, path.join(fx.csState, 'approved', `${first.id}.json`));
    const r = await agentRun();
    expect(r.code).toBe(126);
    expect(dataIntact()).toBe(true);
    expect(audit().some((a) => a.settled === 'forgery' && String(a.note).includes('replay'))).toBe(true);
  });

  it('the hook route: an unsigned approval does not let the retry through; a signed one does, once', async () => {
    const payload = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: CMD }, cwd: fx.repo });
    const hook = () => run(BIN, ['hook', 'claude'], { cwd: fx.repo, env: fx.env({ CI: 'true' }), input: payload, detached: true });
    const denied = await hook();
    expect(denied.out).toContain('"permissionDecision":"deny"');
    expect(denied.out).not.toContain(phrase);
    const id = pendingIds(fx)[0]!;
    const p = ap.getPending(fx.csState, id)!;
    ap.writeApproval(fx.csState, p, { id, binding: p.binding, approvedAt: Date.now(), expires: Date.now() + 60_000, by: 'agent' });
    expect((await hook()).out).toContain('"permissionDecision":"deny"');
    expect(settled()).toContain('forgery');
    const again = ap.getPending(fx.csState, pendingIds(fx)[0]!)!;
    person.approve(fx.csState, again);
    expect((await hook()).out).toBe('');
    expect((await hook()).out).toContain('"permissionDecision":"deny"');
    expect(settled().filter((s) => s === 'hook-retry')).toHaveLength(1);
  });
});

describe('nothing in the line turns the guard off', () => {
  const lines: Array<[string, (f: Fixture) => string]> = [
    ['a nested countersign with a config the agent wrote', (f) => `mkdir -p evil/countersign && echo 'disable: ["*"]' > evil/countersign/config.yaml; XDG_CONFIG_HOME=./evil ${BIN} -c '${CMD}'`],
    ['a nested countersign through node', (f) => `${process.execPath} ${path.join(ROOT, 'dist', 'cli.mjs')} -c '${CMD}'`],
    ['a state dir of its own for the command', (f) => `XDG_STATE_HOME=/tmp ${CMD}`],
    ['HOME moved for the command', (f) => `HOME=/tmp ${CMD}`],
    ['the session marker removed', (f) => `env -u COUNTERSIGN_SESSION ${CMD}`],
    ['an approval written with sed into the state dir', (f) => `mkdir -p "$XDG_STATE_HOME/countersign/approved" && sed -n p /dev/null > "$XDG_STATE_HOME/countersign/approved/x.json"`],
    ['the user config edited by a script', (f) => `python3 -c "open('${f.config}/countersign/config.yaml','a').write('disable: [\\"*\\"]')"`],
    ['the user config appended with tee', (f) => `echo 'disable: ["*"]' | tee -a "$XDG_CONFIG_HOME/countersign/config.yaml"`],
    // The agent's own hook settings: its next session would run unguarded.
    ['the hook removed from the project\'s .claude/settings.json', () => `mkdir -p .claude && sed -i '/countersign/d' .claude/settings.json`],
    ['the user\'s Claude settings replaced', () => `echo '{}' > ~/.claude/settings.json`],
    ['a PATH planted in Claude Code\'s shell snapshot', () => `echo 'export PATH=$PWD/evil:$PATH' >> ~/.claude/shell-snapshots/snapshot-bash-1.sh`],
  ];
  for (const [name, line] of lines) {
    it(name, async () => {
      const r = await runCountersign(['-c', line(fx)], { cwd: fx.repo, env: fx.env({ CI: undefined, ...CODEX }), detached: true });
      expect(r.err).toContain('needs a person');
      expect(r.code).toBe(126);
      expect(dataIntact()).toBe(true);
      expect(readFileSync(path.join(fx.config, 'countersign', 'config.yaml'), 'utf8')).not.toContain('disable');
      expect(existsSync(path.join(fx.csState, 'approved', 'x.json'))).toBe(false);
    });
  }
});

describe("the agent's own file tools", () => {
  const write = (tool: string, file: string, agent = 'claude') =>
    run(BIN, ['hook', agent], {
      cwd: fx.repo,
      env: fx.env({ CI: 'true' }),
      input: JSON.stringify(agent === 'claude' ? { hook_event_name: 'PreToolUse', tool_name: tool, tool_input: { file_path: file, content: 'disable: ["*"]' }, cwd: fx.repo } : { hook_event_name: 'BeforeTool', tool_name: tool, tool_input: { file_path: file, content: 'x' }, cwd: fx.repo }),
      detached: true,
    });
  it.each([
    ['Write', () => path.join(fx.config, 'countersign', 'config.yaml')],
    ['Edit', () => path.join(fx.csState, 'approved', 'x.json')],
    ['MultiEdit', () => path.join(fx.config, 'countersign', 'approver.json')],
    ['Write', () => path.join(ROOT, 'dist', 'cli.mjs')],
    ['Edit', () => path.join(fx.repo, '.claude', 'settings.json')],
    ['Write', () => path.join(fx.home, '.claude', 'shell-snapshots', 'snapshot-bash-1.sh')],
  ] as Array<[string, () => string]>)('Claude %s into countersign\'s own files is denied', async (tool, file) => {
    const r = await write(tool, file());
    expect(JSON.parse(r.out).hookSpecificOutput.permissionDecision).toBe('deny');
  });
  it('Gemini write_file into the state dir is denied; a project file is not', async () => {
    expect(JSON.parse((await write('write_file', path.join(fx.csState, 'approved', 'x.json'), 'gemini')).out).decision).toBe('deny');
    expect((await write('write_file', path.join(fx.repo, 'notes.txt'), 'gemini')).out).toBe('{}');
    expect((await write('Write', path.join(fx.repo, 'notes.txt'))).out).toBe('');
  });
});

describe('the person\'s flow still works', () => {
  it('approve ID with the passphrase runs the waiting command once, and the audit chain verifies', async () => {
    const { id, done } = await paused();
    const p = pty(BIN, ['approve', id], {}, fx.home);
    await p.waitFor('Approver passphrase');
    await p.type(PASSPHRASE);
    p.write('\r');
    await p.waitFor('Type the phrase');
    await p.type(phrase);
    p.write('\r');
    await p.waitFor(`Approved ${id}`);
    expect((await done).code).toBe(0);
    expect(existsSync(fx.data)).toBe(false);
    const v = await runCountersign(['log', '--verify'], { cwd: fx.home, env: fx.env() });
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/chain intact, 1 signatures verify/);
  });
});

describe('the audit log is tamper-evident', () => {
  it('an edited record breaks the chain at that record; a signed record edited breaks its signature', async () => {
    for (let i = 0; i < 3; i++) expect((await agentRun(`${CMD} # ${i}`, CODEX)).code).toBe(126);
    const first = await paused();
    person.approve(fx.csState, ap.getPending(fx.csState, first.id)!);
    expect((await first.done).code).toBe(0);
    const ok = await runCountersign(['log', '--verify'], { cwd: fx.home, env: fx.env() });
    expect(ok.code).toBe(0);
    const file = fx.auditFile;
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    // Edit record 2: record 3 no longer links to it.
    const edited = [...lines];
    edited[1] = edited[1]!.replace('"waiting"', '"allowed"');
    writeFileSync(file, edited.join('\n') + '\n');
    const bad = await runCountersign(['log', '--verify'], { cwd: fx.home, env: fx.env() });
    expect(bad.code).toBe(126);
    expect(bad.out).toContain('record 3 is bad');
    // Delete the first record: the new first links to something that is gone.
    writeFileSync(file, lines.slice(1).join('\n') + '\n');
    expect((await runCountersign(['log', '--verify'], { cwd: fx.home, env: fx.env() })).out).toContain('record 1 is bad');
    // A signed record whose claims were changed, with the chain rebuilt around it.
    const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { signed?: { claims: { by: string } } });
    const s = recs.findIndex((r) => r.signed);
    expect(s).toBeGreaterThan(-1);
    recs[s]!.signed!.claims.by = 'someone else';
    const { createHash } = await import('node:crypto');
    let prev: string | undefined;
    const rebuilt = recs.map((r) => {
      const line = JSON.stringify({ ...r, prev: prev ? createHash('sha256').update(prev).digest('hex') : 'start' });
      prev = line;
      return line;
    });
    writeFileSync(file, rebuilt.join('\n') + '\n');
    const sig = await runCountersign(['log', '--verify'], { cwd: fx.home, env: fx.env() });
    expect(sig.out).toContain(`record ${s + 1} is bad: its signature does not match its contents`);
  });
});
