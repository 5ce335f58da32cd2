// Agent hooks: the agent asks before it runs a shell command. Same engine, same approvals.
//   claude: PreToolUse for the Bash tool; cursor: beforeShellExecution; gemini: BeforeTool for
//   run_shell_command; codex: PreToolUse for its Bash tool (hooks.json, 0.169). Payload shapes:
//   docs/research/agents.md; the wire formats are in hook-wire.ts.
//
// Semantics, the same for every agent:
// - allowed: no opinion. countersign never widens what the agent may do, so the agent's own
//   permission settings still apply. Claude: exit 0 with no output (an explicit "allow" would skip
//   Claude's own permission prompt). Cursor: `{}`, an answer without `permission`: Cursor documents
//   no "defer" value and no way to keep its own approval flow other than not deciding; a JSON
//   object is always printed because with `failClosed: true` an empty answer counts as a failure.
//   Gemini: `{}` (no `decision`). Codex: exit 0 with no output (it rejects an explicit "allow").
// - deny: deny, with the panel and the paragraph for the agent.
// - confirm, `confirm.hooks: typed` (default): deny now, with the panel and how to approve with
//   `countersign approve ID` in the person's own terminal. A matching, unexpired, single-use
//   approval turns the agent's retry of exactly that command (same text, directory and findings)
//   into "no opinion" again.
// - confirm, `confirm.hooks: ask`: the agent's own approval dialog, with the panel (and so the
//   environment) in its text. Gemini's BeforeTool only blocks on deny/block (an "ask" there would
//   let the command through), so Gemini always gets the typed flow. Codex too: 0.169 answered an
//   "ask" with "hook: PreToolUse Failed" and ran the command.
// - Anything that goes wrong answers deny: malformed input, a missing command, an internal error,
//   a timeout. A hook that fails open is a hole.
import { check, engineFor, homeOf, stateDir, type CheckResult, type Engine } from '../engine.js';
import { AGENTS, DEFAULT_TIMEOUT_MS, HANDOFF, HookInputError, MAX_INPUT, readInput, timeoutFrom, type HookInput, answer, failAnswer, readRequest, type Agent, type HookAnswer, type HookDecision, type HookRequest } from './hook-wire.js';

export { AGENTS, DEFAULT_TIMEOUT_MS, MAX_INPUT, answer, failAnswer, readRequest, type Agent, type HookAnswer, type HookDecision, type HookRequest };

/** How long a typed request stays open for `countersign approve`. */
const PENDING_TTL_MS = 30 * 60_000;

export interface HookOptions {
  /** Give up (deny) after this long. */
  timeoutMs?: number;
  /** Used when the payload names no usable directory. */
  cwd?: string;
}

export async function runHook(agent: Agent, raw: string, env: NodeJS.ProcessEnv = process.env, opts: HookOptions = {}): Promise<HookAnswer> {
  try {
    if (Buffer.byteLength(raw, 'utf8') > MAX_INPUT) return failAnswer(agent, `the hook input is larger than ${MAX_INPUT >> 20} MB, so it can't be checked`);
    let req: HookRequest;
    try {
      req = readRequest(agent, raw, env, opts.cwd ?? process.cwd());
    } catch (e) {
      if (e instanceof HookInputError) return failAnswer(agent, `${e.message}, so nothing could be checked (is this hook configured for ${agent}?)`);
      throw e;
    }
    if (req.kind === 'other') return answer(agent, 'defer');
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HookAnswer>((resolve) => {
      timer = setTimeout(() => resolve(failAnswer(agent, `checking took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    try {
      return await Promise.race([judge(agent, req, env), late]);
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    return failAnswer(agent, `internal error while checking (${(e as Error)?.message ?? String(e)})`);
  }
}

async function judge(agent: Agent, req: { command: string; cwd: string }, env: NodeJS.ProcessEnv): Promise<HookAnswer> {
  const home = homeOf(env);
  const engine = await engineFor({ cwd: req.cwd, env, home });
  const res = await check(req.command, { cwd: req.cwd, env, home }, engine);
  if (res.decision === 'allow') {
    if (res.findings.length) await audit(agent, req, env, home, res, 'allowed');
    return answer(agent, 'defer');
  }
  return settle(agent, req, env, home, res, engine);
}

async function audit(agent: Agent, req: { command: string; cwd: string }, env: NodeJS.ProcessEnv, home: string, res: CheckResult, settled: import('../audit/index.js').Settled, extra: { approval?: string; via?: string } = {}): Promise<void> {
  const { appendAudit, toAuditFindings, sessionId } = await import('../audit/index.js');
  appendAudit(stateDir(env, home), {
    time: new Date().toISOString(),
    session: sessionId(env),
    cwd: req.cwd,
    command: req.command.slice(0, 4000),
    decision: res.decision,
    settled,
    ...(extra.approval ? { approval: extra.approval } : {}),
    via: extra.via ?? `hook:${agent}`,
    findings: toAuditFindings(res.findings),
  });
}

/** The mode for this agent: Gemini and Codex can't ask (see the header). */
export function hookMode(agent: Agent, engine: Engine): 'typed' | 'ask' {
  const mode = engine.config.confirm.hooks ?? 'typed';
  return agent === 'gemini' || agent === 'codex' ? 'typed' : mode;
}

function environments(res: CheckResult): string {
  const envs = [...new Set(res.findings.filter((f) => f.decision !== 'allow').map((f) => f.target.environment))];
  return envs.join(', ') || 'unknown';
}

async function settle(agent: Agent, req: { command: string; cwd: string }, env: NodeJS.ProcessEnv, home: string, res: CheckResult, engine: Engine): Promise<HookAnswer> {
  const { renderPanel, agentMessage } = await import('../confirm/render.js');
  const { command, cwd } = req;
  // The panel without "type exactly ...": the phrase is typed in `countersign approve`, not here.
  const panel = renderPanel(command, { ...res, phrase: undefined }, { color: false, width: 80 });
  if (res.decision === 'deny') {
    await audit(agent, req, env, home, res, 'denied');
    const para = agentMessage(command, res, 'denied by policy');
    return answer(agent, 'deny', { agent: `${panel}\n${para}`, user: `${panel}\n${para}`, notice: `countersign denied a destructive command (${environments(res)}): policy says it never runs.` });
  }
  if (hookMode(agent, engine) === 'ask') {
    await audit(agent, req, env, home, res, 'no-terminal', { via: `hook:${agent} (ask)` });
    const text =
      `${panel}\n` +
      `countersign: this command is destructive and acts on ${environments(res)}. Approve it only if that is ` +
      `what you intend; approving here runs it once (confirm.hooks: ask, so no phrase is typed).`;
    return answer(agent, 'ask', { agent: text, user: text });
  }
  const ap = await import('../confirm/approvals.js');
  const state = stateDir(env, home);
  const binding = ap.bindingOf(command, cwd, res.findings);
  const used = ap.consumeApproval(state, binding);
  if (used) {
    await audit(agent, req, env, home, res, 'approval', { approval: used.id });
    // Approved by a person: back to the agent's own permission flow, as for a harmless command.
    return answer(agent, 'defer');
  }
  const pending =
    ap.findPending(state, binding) ??
    ap.createPending(state, { command, cwd, findings: res.findings, phrase: res.phrase ?? '', binding, expires: Date.now() + PENDING_TTL_MS, via: `hook:${agent}` });
  await audit(agent, req, env, home, res, 'declined', { approval: pending.id });
  const how =
    `countersign paused this command until a person approves it. In your own terminal (not one the agent uses), run:\n` +
    `    countersign approve ${pending.id}\n` +
    `and type the phrase it shows. Then ask the agent to retry exactly the same command, from the same directory.\n` +
    `The approval works once and expires after 10 minutes; the request expires after ${PENDING_TTL_MS / 60_000} minutes.\n`;
  const para = agentMessage(command, res, 'waiting for a person');
  return answer(agent, 'deny', {
    agent: `${panel}\n${how}\n${para}`,
    user: `${panel}\n${how}\n${para}`,
    notice: `countersign paused a destructive command (${environments(res)}). To allow it once: run \`countersign approve ${pending.id}\` in your own terminal, then ask the agent to retry.`,
  });
}

export async function hookCommand(args: string[]): Promise<number> {
  const agent = args[0] as Agent;
  if (args.length !== 1 || !AGENTS.includes(agent)) {
    process.stderr.write('usage: countersign hook claude|cursor|gemini|codex   (reads the hook JSON on stdin, answers on stdout)\n');
    return 2;
  }
  const timeoutMs = timeoutFrom(process.env);
  let done = false;
  const finish = (a: HookAnswer): number => {
    done = true;
    process.stdout.write(a.stdout);
    return a.code;
  };
  // A backstop for a stdin that never closes: answer deny before the agent's own timeout turns
  // into "proceed" (Claude and Gemini fail open on a hook timeout).
  const backstop = setTimeout(() => {
    if (done) return;
    const a = failAnswer(agent, `checking took longer than ${Math.round(timeoutMs / 1000)} s (or the hook input never ended)`);
    process.stdout.write(a.stdout, () => process.exit(a.code));
  }, timeoutMs + 1000);
  backstop.unref();
  // The fast path (dist/fast.cjs) may have read stdin already: then its bytes are handed over.
  const handed = (globalThis as Record<symbol, unknown>)[HANDOFF] as HookInput | undefined;
  if (!handed && process.stdin.isTTY) process.stderr.write(`countersign hook ${agent}: reading the hook JSON from standard input (end with Ctrl-D)\n`);
  const input = handed ?? (await readInput());
  if (input.error) return finish(failAnswer(agent, `the hook input could not be read (${input.error})`));
  if (input.tooBig) return finish(failAnswer(agent, `the hook input is larger than ${MAX_INPUT >> 20} MB, so it can't be checked`));
  const a = await runHook(agent, input.bytes.toString('utf8'), process.env, { timeoutMs });
  clearTimeout(backstop);
  return finish(a);
}
