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
import path from 'node:path';
import { check, engineFor, homeOf, type CheckResult, type Engine } from '../engine.js';
import { PENDING_TTL_MS } from '../confirm/index.js';
import { AGENTS, DEFAULT_TIMEOUT_MS, HANDOFF, HookInputError, MAX_INPUT, readInput, timeoutFrom, type HookInput, answer, failAnswer, readRequest, type Agent, type HookAnswer, type HookDecision, type HookRequest } from './hook-wire.js';

export { AGENTS, DEFAULT_TIMEOUT_MS, MAX_INPUT, answer, failAnswer, readRequest, type Agent, type HookAnswer, type HookDecision, type HookRequest };


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
    if (req.kind === 'other') {
      const own = req.files?.length ? await ownFile(req.files, req.cwd ?? opts.cwd ?? process.cwd(), env) : undefined;
      if (!own) return answer(agent, 'defer');
      const text = `countersign: ${req.what} would write ${own}, one of countersign's own files (config, approvals, keys, audit log, program). Only a person changes those, in their own terminal.`;
      return answer(agent, 'deny', { agent: text, user: text, notice: text });
    }

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

async function configErrorAnswer(agent: Agent, errors: import('../rules/load.js').ConfigError[]): Promise<HookAnswer> {
  const [{ configErrorMessage }, { formatError }] = await Promise.all([import('../confirm/index.js'), import('../rules/load.js')]);
  const text = configErrorMessage(errors.map(formatError)).trimEnd();
  const { safe } = await import('../confirm/index.js');
  return answer(agent, 'deny', { agent: text, user: text, notice: `countersign: configuration error, nothing is run until it is fixed: ${safe(formatError(errors[0]!))}` });
}

export interface HookOptions {
  /** Give up (deny) after this long. */
  timeoutMs?: number;
  /** Used when the payload names no usable directory. */
  cwd?: string;
}

/** The first of these paths inside countersign's own directories. */
async function ownFile(files: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const [{ selfProtected, withPathShadows, SELF, LAUNCHER }, { withRepository }] = await Promise.all([import('../rules/load.js'), import('../rules/index.js')]);
  // With the project's agent hook settings (.claude/settings.json...) of the repository at cwd.
  const dirs = withPathShadows(withRepository(selfProtected(env, homeOf(env)), cwd), env.PATH, homeOf(env)).filter((p) => p.source === SELF || p.source === LAUNCHER || p.source === 'countersign (program)').map((p) => p.path);
  for (const f of files) {
    const abs = path.resolve(cwd, f.replace(/^~(?=\/|$)/, homeOf(env)));
    if (dirs.some((d) => abs === d || abs.startsWith(d + '/'))) return abs;
  }
  return undefined;
}

async function judge(agent: Agent, req: { command: string; cwd: string }, env: NodeJS.ProcessEnv): Promise<HookAnswer> {
  const home = homeOf(env);
  const engine = await engineFor({ cwd: req.cwd, env, home });
  if (engine.config.errors.length) return configErrorAnswer(agent, engine.config.errors);
  const res = await check(req.command, { cwd: req.cwd, env, home }, engine);
  if (res.decision === 'allow' && !res.findings.length) return answer(agent, 'defer');
  const { confirmHook, audit, howToApprove } = await import('../confirm/index.js');
  const { agentPayload } = await import('../confirm/index.js');
  const ctx = { text: req.command, shown: agentPayload(req.command), cwd: req.cwd, env, home, result: res, confirm: engine.config.confirm, notes: engine.config.pendingTrust, via: `hook:${agent}` };
  if (res.decision === 'allow') {
    await audit(ctx, 'allowed');
    return answer(agent, 'defer');
  }
  const mode = hookMode(agent, engine);
  const out = await confirmHook(ctx, mode === 'ask' ? 'ask' : 'typed');
  const { renderPanel, agentMessage } = await import('../confirm/index.js');
  const command = ctx.shown ?? req.command;
  // The panel without "type exactly ...": the phrase is typed in the approver, never here.
  const panel = renderPanel(command, { ...res, phrase: undefined }, { color: false, width: 80, notes: ctx.notes });
  if (out.decision === 'defer') return answer(agent, 'defer');
  if (out.how === 'denied') {
    const para = agentMessage(command, res, 'denied by policy', { approvable: false });
    return answer(agent, 'deny', { agent: `${panel}\n${para}`, user: `${panel}\n${para}`, notice: `countersign denied a destructive command (${environments(res)}): policy says it never runs.` });
  }
  if (out.decision === 'ask') {
    const text =
      `${panel}\n` +
      `countersign: this command is destructive and acts on ${environments(res)}. Approve it only if that is ` +
      `what you intend; approving here runs it once (confirm.hooks: ask, so no phrase is typed).`;
    return answer(agent, 'ask', { agent: text, user: text });
  }
  const id = out.approval!;
  const how = howToApprove(id, true) + `The request expires after ${PENDING_TTL_MS / 60_000} minutes; an approval works once, within 10 minutes.\n`;
  const para = agentMessage(command, res, 'waiting for a person', { id });
  return answer(agent, 'deny', {
    agent: `${panel}\n${how}\n${para}`,
    user: `${panel}\n${how}\n${para}`,
    notice: `countersign paused a destructive command (${environments(res)}). To allow it once: run \`countersign approver\` or \`countersign approve ${id}\` in your own terminal, then ask the agent to retry.`,
  });
}

/** The mode for this agent: Gemini can't ask (see the header). */
export function hookMode(agent: Agent, engine: Engine): 'typed' | 'ask' {
  const mode = engine.config.confirm.hooks ?? 'typed';
  return agent === 'gemini' ? 'typed' : mode;
}

function environments(res: CheckResult): string {
  const envs = [...new Set(res.findings.filter((f) => f.decision !== 'allow').map((f) => f.target.environment))];
  return envs.join(', ') || 'unknown';
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
