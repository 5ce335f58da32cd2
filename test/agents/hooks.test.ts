// Agent hooks through runHook and through the real CLI: payloads in the agents' documented
// shapes, failures that must deny, typed approve-then-retry, and ask mode.
import { closeSync, constants, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { trustNow } from '../helpers/trust.js';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_INPUT, readRequest, runHook, type Agent } from '../../src/agents/hooks.js';
import { listPending, type PendingRequest } from '../../src/confirm/approvals.js';
import { makeApprover } from '../helpers/approver.js';

/** A person approves: signed with the fixture's approver key. */
function approve(state: string, req: PendingRequest, f: { config: string }): void {
  makeApproverOnce(f.config).approve(state, req);
}
const approvers = new Map<string, ReturnType<typeof makeApprover>>();
function makeApproverOnce(config: string): ReturnType<typeof makeApprover> {
  let a = approvers.get(config);
  if (!a) approvers.set(config, (a = makeApprover(config)));
  return a;
}
import { readAudit } from '../../src/audit/index.js';
import { BIN, fixture, removeFixtures, runCli, stateOf, type Fixture } from './helpers.js';
import { claudePayload, cursorPayload, geminiPayload } from './payloads.js';

afterAll(removeFixtures);

const DESTRUCTIVE = 'rm -rf data';
const HARMLESS = 'ls -la && git status';

interface Parsed {
  decision: 'defer' | 'deny' | 'ask' | 'allow';
  text: string;
  raw: unknown;
}

/** Read an answer the way each agent would. */
function parse(agent: Agent, stdout: string): Parsed {
  if (agent === 'claude') {
    if (stdout === '') return { decision: 'defer', text: '', raw: undefined };
    const j = JSON.parse(stdout) as { hookSpecificOutput: { hookEventName: string; permissionDecision: Parsed['decision']; permissionDecisionReason: string }; systemMessage?: string };
    expect(j.hookSpecificOutput.hookEventName).toBe('PreToolUse');
    return { decision: j.hookSpecificOutput.permissionDecision, text: j.hookSpecificOutput.permissionDecisionReason + (j.systemMessage ?? ''), raw: j };
  }
  const j = JSON.parse(stdout) as Record<string, string | undefined>;
  if (agent === 'cursor') {
    if (j.permission === undefined) return { decision: 'defer', text: '', raw: j };
    expect(j.agent_message).toBe(j.user_message);
    return { decision: j.permission as Parsed['decision'], text: j.user_message ?? '', raw: j };
  }
  if (j.decision === undefined) return { decision: 'defer', text: '', raw: j };
  return { decision: j.decision as Parsed['decision'], text: (j.reason ?? '') + (j.systemMessage ?? ''), raw: j };
}

const payloadFor = (agent: Agent, command: unknown, f: Fixture) =>
  agent === 'claude' ? claudePayload(command, f.project) : agent === 'cursor' ? cursorPayload(command, f.project) : geminiPayload(command, f.project);

async function hook(agent: Agent, raw: string, f: Fixture): Promise<Parsed> {
  const a = await runHook(agent, raw, f.env, { cwd: f.root });
  expect(a.code).toBe(0);
  const p = parse(agent, a.stdout);
  expect(p.decision).toBe(a.decision);
  return p;
}

describe('hook payloads in the documented formats', () => {
  for (const agent of ['claude', 'cursor', 'gemini'] as const) {
    it(`${agent}: a harmless command gets no decision`, async () => {
      const f = fixture();
      const p = await hook(agent, payloadFor(agent, HARMLESS, f), f);
      expect(p.decision).toBe('defer');
      const a = await runHook(agent, payloadFor(agent, HARMLESS, f), f.env);
      expect(a.stdout).toBe(agent === 'claude' ? '' : '{}');
    });

    it(`${agent}: a destructive command is denied with the panel, the environment and how to approve`, async () => {
      const f = fixture();
      const p = await hook(agent, payloadFor(agent, DESTRUCTIVE, f), f);
      expect(p.decision).toBe('deny');
      expect(p.text).toContain('countersign paused a destructive command');
      expect(p.text).toContain('filesystem/rm-protected');
      expect(p.text).toContain('LOCAL'); // the environment badge of the panel
      const [pending] = listPending(stateOf(f));
      expect(pending).toBeDefined();
      expect(p.text).toContain(`countersign approve ${pending!.id}`);
      expect(p.text).toContain('Do not try to reach the same result another way');
      // The agent is never handed the phrase to type somewhere itself.
      expect(p.text).not.toContain('type exactly');
      expect(pending!.via).toBe(`hook:${agent}`);
      expect(existsSync(path.join(f.project, 'data', 'keep.txt'))).toBe(true);
    });

    it(`${agent}: a rule with action deny is denied outright, with no approval offered`, async () => {
      const f = fixture();
      const p = await hook(agent, payloadFor(agent, 'countersign approve k3f9qa', f), f);
      expect(p.decision).toBe('deny');
      expect(p.text).toContain('countersign/self-approve');
      expect(p.text).toContain('denied by policy');
      expect(p.text).not.toContain('In your own terminal');
      expect(listPending(stateOf(f))).toHaveLength(0);
      expect(readAudit(stateOf(f)).at(-1)).toMatchObject({ settled: 'denied', via: `hook:${agent}` });
    });

    it(`${agent}: malformed JSON is denied with a clear reason`, async () => {
      const f = fixture();
      for (const raw of ['{"tool_name": "Bash", "tool_input": {"command": "ls"', '', 'null', '[1,2]', 'not json at all']) {
        const p = await hook(agent, raw, f);
        expect(p.decision).toBe('deny');
        expect(p.text).toMatch(/hook input (is empty|is not valid JSON|is not a JSON object)/);
        expect(p.text).toContain('not run');
      }
    });

    it(`${agent}: a missing or non-string command is denied`, async () => {
      const f = fixture();
      const noCommand =
        agent === 'claude'
          ? JSON.stringify({ ...JSON.parse(claudePayload('x', f.project)), tool_input: { description: 'no command' } })
          : agent === 'cursor'
            ? JSON.stringify({ ...JSON.parse(cursorPayload('x', f.project)), command: undefined })
            : JSON.stringify({ ...JSON.parse(geminiPayload('x', f.project)), tool_input: { description: 'no command' } });
      const p = await hook(agent, noCommand, f);
      expect(p.decision).toBe('deny');
      expect(p.text).toContain('has no command');
      const p2 = await hook(agent, payloadFor(agent, ['rm', '-rf', 'data'], f), f);
      expect(p2.decision).toBe('deny');
      expect(p2.text).toContain('not a string');
    });

    it(`${agent}: a huge payload is denied without being read, a huge command is still judged`, async () => {
      const f = fixture();
      const huge = payloadFor(agent, 'echo ' + 'a'.repeat(MAX_INPUT), f);
      const p = await hook(agent, huge, f);
      expect(p.decision).toBe('deny');
      expect(p.text).toContain('larger than 8 MB');
      // 300 KB: over the parser's size limit, so a destructive part can't be read with certainty.
      const big = await hook(agent, payloadFor(agent, `${DESTRUCTIVE}; echo ${'b'.repeat(300_000)}`, f), f);
      expect(big.decision).toBe('deny');
      expect(big.text.length).toBeLessThan(40_000);
      // A harmless line over the parser's size limit fails closed too (rt24z: the quick reject
      // takes no line over 128 KB, where its scans grew quadratic); one under it passes.
      const over = await hook(agent, payloadFor(agent, `echo ${'c'.repeat(300_000)}`, f), f);
      expect(over.decision).toBe('deny');
      const ok = await hook(agent, payloadFor(agent, `echo ${'c'.repeat(100_000)}`, f), f);
      expect(ok.decision).toBe('defer');
    });

    it(`${agent}: an internal error denies`, async () => {
      const f = fixture();
      // The state directory can't be created (its parent is a file): creating the request fails.
      const env = { ...f.env, XDG_STATE_HOME: path.join(f.project, 'data', 'keep.txt') };
      const a = await runHook(agent, payloadFor(agent, DESTRUCTIVE, f), env);
      const p = parse(agent, a.stdout);
      expect(p.decision).toBe('deny');
      expect(p.text).toContain('internal error');
    });
  }

  it("set -e proves an upload succeeded before its key is removed, except in Claude Code's eval '...' && wrapper (and Cursor's, not known)", async () => {
    const f = fixture();
    const script = 'set -e\naws s3 cp a.tgz s3://acme-ci/tmp/a.tgz\naws s3 rm s3://acme-ci/tmp/a.tgz';
    expect((await hook('gemini', payloadFor('gemini', script, f), f)).decision).toBe('defer');
    expect((await hook('claude', payloadFor('claude', script, f), f)).decision).toBe('deny');
    expect((await hook('cursor', payloadFor('cursor', script, f), f)).decision).toBe('deny');
    // `&&` proves it wherever the line runs.
    const chained = 'aws s3 cp a.tgz s3://acme-ci/tmp/a.tgz && aws s3 rm s3://acme-ci/tmp/a.tgz';
    expect((await hook('claude', payloadFor('claude', chained, f), f)).decision).toBe('defer');
  });

  it('claude: other tools and other events get no decision', async () => {
    const f = fixture();
    const read = JSON.stringify({ ...JSON.parse(claudePayload('x', f.project)), tool_name: 'Read', tool_input: { file_path: '/etc/passwd' } });
    expect((await hook('claude', read, f)).decision).toBe('defer');
    const post = claudePayload(DESTRUCTIVE, f.project, { hook_event_name: 'PostToolUse' });
    expect((await hook('claude', post, f)).decision).toBe('defer');
    const noTool = JSON.stringify({ ...JSON.parse(claudePayload('x', f.project)), tool_name: undefined });
    expect((await hook('claude', noTool, f)).decision).toBe('deny');
  });

  it('gemini: other tools get no decision; dir_path is resolved against the project', async () => {
    const f = fixture();
    const other = JSON.stringify({ ...JSON.parse(geminiPayload('x', f.project)), tool_name: 'read_file', tool_input: { file_path: 'a' } });
    expect((await hook('gemini', other, f)).decision).toBe('defer');
    // `rm -rf keep.txt` inside data/ deletes a protected path only if the directory is right.
    const inData = geminiPayload('rm -rf keep.txt', f.project, { dir_path: 'data' });
    expect((await hook('gemini', inData, f)).decision).toBe('deny');
    const atRoot = geminiPayload('rm -rf keep.txt', f.project);
    expect((await hook('gemini', atRoot, f)).decision).toBe('defer');
  });

  it('cursor: an empty cwd falls back to the first workspace root; other events get no decision', async () => {
    const f = fixture();
    const req = readRequest('cursor', cursorPayload(DESTRUCTIVE, f.project), {}, '/');
    expect(req).toEqual({ kind: 'shell', command: DESTRUCTIVE, cwd: f.project });
    const withCwd = readRequest('cursor', cursorPayload(DESTRUCTIVE, '/elsewhere', { cwd: path.join(f.project, 'data') }), {}, '/');
    expect(withCwd).toMatchObject({ cwd: path.join(f.project, 'data') });
    const mcp = cursorPayload('npx some-mcp-server', f.project, { hook_event_name: 'beforeMCPExecution' });
    expect((await hook('cursor', mcp, f)).decision).toBe('defer');
  });
});

describe('typed mode: deny, approve in a terminal, retry', () => {
  for (const agent of ['claude', 'cursor'] as const) {
    it(`${agent}: the exact retry runs once after approval; other commands and a reuse do not`, async () => {
      const f = fixture();
      const state = stateOf(f);
      const first = await hook(agent, payloadFor(agent, DESTRUCTIVE, f), f);
      expect(first.decision).toBe('deny');
      const pending = listPending(state);
      expect(pending).toHaveLength(1);
      const req = pending[0]!;
      expect(req.command).toBe(DESTRUCTIVE);
      expect(req.cwd).toBe(f.project);

      // Retrying before anyone approved: still denied, and the same request (not a new one).
      const again = await hook(agent, payloadFor(agent, DESTRUCTIVE, f), f);
      expect(again.decision).toBe('deny');
      expect(again.text).toContain(`countersign approve ${req.id}`);
      expect(listPending(state)).toHaveLength(1);

      approve(state, req, f);
      expect(listPending(state)).toHaveLength(0);

      // A different command, or the same one from another directory, is not covered.
      const other = await hook(agent, payloadFor(agent, 'rm -rf data/keep.txt', f), f);
      expect(other.decision).toBe('deny');
      const elsewhere = agent === 'claude' ? claudePayload(DESTRUCTIVE, path.join(f.project, 'data')) : cursorPayload(DESTRUCTIVE, f.project, { cwd: path.join(f.project, 'data') });
      expect((await hook(agent, elsewhere, f)).decision).toBe('deny');

      // The exact retry: no decision (Claude: empty output; Cursor: no deny), so the agent's own
      // permission flow decides, as for any harmless command.
      const retry = await runHook(agent, payloadFor(agent, DESTRUCTIVE, f), f.env);
      expect(retry.decision).toBe('defer');
      if (agent === 'claude') expect(retry.stdout).toBe('');
      else expect(JSON.parse(retry.stdout)).not.toHaveProperty('permission');
      expect(readAudit(state).some((r) => r.settled === 'hook-retry' && r.approval === req.id && r.via === `hook:${agent}`)).toBe(true);

      // Single use: the next identical call is denied again, with a new request.
      const reuse = await hook(agent, payloadFor(agent, DESTRUCTIVE, f), f);
      expect(reuse.decision).toBe('deny');
      const fresh = listPending(state).filter((p) => p.command === DESTRUCTIVE && p.cwd === f.project);
      expect(fresh).toHaveLength(1);
      expect(fresh[0]!.id).not.toBe(req.id);
    });
  }

  it('an approval for one agent does not outlive its single use across agents', async () => {
    const f = fixture();
    await hook('claude', claudePayload(DESTRUCTIVE, f.project), f);
    approve(stateOf(f), listPending(stateOf(f))[0]!, f);
    // Cursor sends the same command from the same directory: the approval is for the command.
    expect((await hook('cursor', cursorPayload(DESTRUCTIVE, f.project), f)).decision).toBe('defer');
    expect((await hook('claude', claudePayload(DESTRUCTIVE, f.project), f)).decision).toBe('deny');
  });
});

describe('ask mode (confirm.hooks: ask in the user config)', () => {
  const user = 'confirm:\n  hooks: ask\n';
  // `ask` is a weakening: it counts once the person signed the user config (countersign trust).
  const signed = async (f: Fixture) => {
    await trustNow({ env: f.env, home: f.home, cwd: f.project });
    return f;
  };

  it("claude: the agent's own dialog, with the panel and the environment", async () => {
    const f = await signed(fixture({ user }));
    const a = await runHook('claude', claudePayload('git push --force origin main', f.project), f.env);
    const j = JSON.parse(a.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(j.hookSpecificOutput.permissionDecision).toBe('ask');
    const reason = j.hookSpecificOutput.permissionDecisionReason;
    expect(reason).toContain('git/force-push');
    expect(reason).toContain('UNKNOWN');
    expect(reason).toContain('acts on unknown');
    expect(listPending(stateOf(f))).toHaveLength(0);
  });

  it('cursor: permission ask with the panel', async () => {
    const f = await signed(fixture({ user }));
    const p = await hook('cursor', cursorPayload(DESTRUCTIVE, f.project), f);
    expect(p.decision).toBe('ask');
    expect(p.text).toContain('LOCAL');
    expect(p.text).toContain('filesystem/rm-protected');
  });

  it('gemini has no ask: it gets the typed flow', async () => {
    const f = await signed(fixture({ user }));
    const p = await hook('gemini', geminiPayload(DESTRUCTIVE, f.project), f);
    expect(p.decision).toBe('deny');
    expect(p.text).toContain(`countersign approve ${listPending(stateOf(f))[0]!.id}`);
  });

  it('a deny rule is still a deny in ask mode', async () => {
    const f = await signed(fixture({ user }));
    expect((await hook('claude', claudePayload('countersign approve abcdef', f.project), f)).decision).toBe('deny');
  });

  it('an unsigned ask (written by a script, never trusted) still gets the typed flow', async () => {
    const f = fixture({ user });
    expect((await hook('claude', claudePayload(DESTRUCTIVE, f.project), f)).decision).toBe('deny');
    expect(listPending(stateOf(f))).toHaveLength(1);
  });

  it("a user's typed wins over a team's ask", async () => {
    const team = 'extends: [recommended]\nprotected-paths: [data]\nconfirm:\n  hooks: ask\n';
    const g = fixture({ team, user: 'confirm:\n  hooks: typed\n' });
    expect((await hook('claude', claudePayload(DESTRUCTIVE, g.project), g)).decision).toBe('deny');
  });
});

describe('through bin/countersign hook', () => {
  it('claude: a piped payload is denied, and a harmless one gets empty output', async () => {
    const f = fixture();
    const denied = await runCli(['hook', 'claude'], { cwd: f.root, env: f.env, input: claudePayload(DESTRUCTIVE, f.project) });
    expect(denied.code).toBe(0);
    const j = JSON.parse(denied.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string }; systemMessage: string };
    expect(j.hookSpecificOutput.permissionDecision).toBe('deny');
    const id = listPending(stateOf(f))[0]!.id;
    expect(j.hookSpecificOutput.permissionDecisionReason).toContain(`countersign approve ${id}`);
    expect(j.systemMessage).toContain(`countersign approve ${id}`);

    approve(stateOf(f), listPending(stateOf(f))[0]!, f);
    const retry = await runCli(['hook', 'claude'], { cwd: f.root, env: f.env, input: claudePayload(DESTRUCTIVE, f.project) });
    expect(retry).toMatchObject({ code: 0, stdout: '' });

    const ok = await runCli(['hook', 'claude'], { cwd: f.root, env: f.env, input: claudePayload(HARMLESS, f.project) });
    expect(ok).toMatchObject({ code: 0, stdout: '' });
  });

  it('cursor and gemini: always one JSON object on stdout', async () => {
    const f = fixture();
    const c = await runCli(['hook', 'cursor'], { cwd: f.root, env: f.env, input: cursorPayload(HARMLESS, f.project) });
    expect(c).toMatchObject({ code: 0, stdout: '{}' });
    const g = await runCli(['hook', 'gemini'], { cwd: f.root, env: f.env, input: geminiPayload(DESTRUCTIVE, f.project) });
    expect(JSON.parse(g.stdout)).toMatchObject({ decision: 'deny' });
    const bad = await runCli(['hook', 'cursor'], { cwd: f.root, env: f.env, input: '{oops' });
    expect(JSON.parse(bad.stdout)).toMatchObject({ permission: 'deny' });
  });

  it('input larger than the limit is denied', async () => {
    const f = fixture();
    const r = await runCli(['hook', 'claude'], { cwd: f.root, env: f.env, input: claudePayload('echo ' + 'x'.repeat(MAX_INPUT + 10), f.project) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
    expect(r.stdout).toContain('larger than 8 MB');
  });

  it('an input that never ends is denied when the time is up', async () => {
    const f = fixture();
    const child = spawn(process.execPath, [BIN, 'hook', 'claude'], { cwd: f.root, env: { ...f.env, COUNTERSIGN_HOOK_TIMEOUT: '0.1' }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.stdin.write('{"tool_name":"Bash",');
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code).toBe(0);
    const j = JSON.parse(out) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(j.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(j.hookSpecificOutput.permissionDecisionReason).toContain('took longer');
  });

  it('an input through a pipe that never ends is denied when the time is up (the fast path reads pipes itself)', async () => {
    const f = fixture();
    const fifo = path.join(f.root, 'stdin.fifo');
    spawnSync('mkfifo', [fifo]);
    const rfd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const wfd = openSync(fifo, constants.O_WRONLY);
    writeSync(wfd, '{"tool_name":"Bash",');
    const child = spawn(process.execPath, [BIN, 'hook', 'claude'], { cwd: f.root, env: { ...f.env, COUNTERSIGN_HOOK_TIMEOUT: '0.1' }, stdio: [rfd, 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    closeSync(wfd);
    closeSync(rfd);
    expect(code).toBe(0);
    const j = JSON.parse(out) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(j.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(j.hookSpecificOutput.permissionDecisionReason).toContain('took longer');
  });

  it('usage errors exit 2', async () => {
    const f = fixture();
    const r = await runCli(['hook', 'copilot'], { cwd: f.root, env: f.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: countersign hook');
  });

  it('the audit log records what the hook did', async () => {
    const f = fixture();
    await runCli(['hook', 'cursor'], { cwd: f.root, env: f.env, input: cursorPayload(DESTRUCTIVE, f.project) });
    const log = readFileSync(path.join(stateOf(f), 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { via: string; settled: string; command: string });
    expect(log.at(-1)).toMatchObject({ via: 'hook:cursor', settled: 'waiting', command: DESTRUCTIVE });
  });
});

describe('a pending request words the phrase as the panel does', () => {
  it("carries the rule's noun, so the approver asks for the same phrase", async () => {
    const { phraseFor } = await import('../../src/policy/index.js');
    const f = fixture({ team: 'extends: [recommended]\nmachine: production\n' });
    const p = await hook('claude', payloadFor('claude', 'docker compose down -v', f), f);
    expect(p.decision).toBe('deny');
    const [req] = listPending(stateOf(f));
    expect(req!.findings[0]!.noun).toBe('compose volumes');
    expect(phraseFor(req!.findings as never, { root: req!.root })).toBe('delete compose volumes in production');
  });
});
