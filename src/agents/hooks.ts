// Agent hooks: the agent asks before it runs a shell command. Same engine, same approvals.
//   claude: PreToolUse for the Bash tool; cursor: beforeShellExecution; gemini: BeforeTool for
//   run_shell_command. Payload shapes: docs/research/agents.md.
//
// Semantics, the same for every agent:
// - allowed: no opinion. countersign never widens what the agent may do, so the agent's own
//   permission settings still apply. Claude: exit 0 with no output (an explicit "allow" would skip
//   Claude's own permission prompt). Cursor: `{}`, an answer without `permission`: Cursor documents
//   no "defer" value and no way to keep its own approval flow other than not deciding; a JSON
//   object is always printed because with `failClosed: true` an empty answer counts as a failure.
//   Gemini: `{}` (no `decision`).
// - deny: deny, with the panel and the paragraph for the agent.
// - confirm, `confirm.hooks: typed` (default): deny now, with the panel and how to approve with
//   `countersign approve ID` in the person's own terminal. A matching, unexpired, single-use
//   approval turns the agent's retry of exactly that command (same text, directory and findings)
//   into "no opinion" again.
// - confirm, `confirm.hooks: ask`: the agent's own approval dialog, with the panel (and so the
//   environment) in its text. Gemini's BeforeTool only blocks on deny/block (an "ask" there would
//   let the command through), so Gemini always gets the typed flow.
// - Anything that goes wrong answers deny: malformed input, a missing command, an internal error,
//   a timeout. A hook that fails open is a hole.
import path from 'node:path';
import { check, engineFor, homeOf, stateDir, type CheckResult, type Engine } from '../engine.js';

export type Agent = 'claude' | 'cursor' | 'gemini';
export const AGENTS: readonly Agent[] = ['claude', 'cursor', 'gemini'];

export type HookDecision = 'defer' | 'deny' | 'ask';

export interface HookAnswer {
  /** Exactly what goes to stdout. */
  stdout: string;
  code: number;
  /** What the answer means, whatever the agent's wire format. */
  decision: HookDecision;
}

/** Hook input larger than this is not read: deny. */
export const MAX_INPUT = 8 * 1024 * 1024;
/** The whole check must finish well within the agents' own hook timeouts (30 s configured). */
export const DEFAULT_TIMEOUT_MS = 20_000;
/** Messages to the agent are capped: findings of a huge line could otherwise be huge too. */
const MAX_MESSAGE = 16 * 1024;
/** How long a typed request stays open for `countersign approve`. */
const PENDING_TTL_MS = 30 * 60_000;

export type HookRequest = { kind: 'shell'; command: string; cwd: string } | { kind: 'other'; what: string };

class HookInputError extends Error {}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function absDir(dir: string | undefined, base: string | undefined): string | undefined {
  if (!dir) return undefined;
  if (path.isAbsolute(dir)) return dir;
  return base && path.isAbsolute(base) ? path.resolve(base, dir) : undefined;
}

/** Read the agent's JSON. Throws HookInputError for input that can't be judged. */
export function readRequest(agent: Agent, raw: string, env: NodeJS.ProcessEnv = process.env, fallbackCwd = process.cwd()): HookRequest {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new HookInputError(raw.trim() === '' ? 'the hook input is empty' : `the hook input is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(data)) throw new HookInputError('the hook input is not a JSON object');
  const event = str(data.hook_event_name);
  const command = (v: unknown): string => {
    if (v === undefined || v === null) throw new HookInputError('the hook input has no command');
    if (typeof v !== 'string') throw new HookInputError('the command in the hook input is not a string');
    return v;
  };
  switch (agent) {
    case 'claude': {
      if (event !== undefined && event !== 'PreToolUse') return { kind: 'other', what: `event ${event}` };
      const tool = data.tool_name;
      if (typeof tool !== 'string') throw new HookInputError('the hook input has no tool_name');
      if (tool !== 'Bash') return { kind: 'other', what: `tool ${tool}` };
      if (!isObject(data.tool_input)) throw new HookInputError('the hook input has no tool_input');
      const cwd = absDir(str(data.cwd), undefined) ?? absDir(env.CLAUDE_PROJECT_DIR, undefined) ?? fallbackCwd;
      return { kind: 'shell', command: command(data.tool_input.command), cwd };
    }
    case 'gemini': {
      if (event !== undefined && event !== 'BeforeTool') return { kind: 'other', what: `event ${event}` };
      const tool = data.tool_name;
      if (typeof tool !== 'string') throw new HookInputError('the hook input has no tool_name');
      if (tool !== 'run_shell_command') return { kind: 'other', what: `tool ${tool}` };
      if (!isObject(data.tool_input)) throw new HookInputError('the hook input has no tool_input');
      const base = absDir(str(data.cwd), undefined) ?? absDir(env.GEMINI_PROJECT_DIR, undefined) ?? fallbackCwd;
      // The tool's own directory parameter (dir_path; `directory` in older versions) is relative to the project.
      const dir = str(data.tool_input.dir_path) ?? str(data.tool_input.directory);
      return { kind: 'shell', command: command(data.tool_input.command), cwd: absDir(dir, base) ?? base };
    }
    case 'cursor': {
      if (event !== undefined && event !== 'beforeShellExecution') return { kind: 'other', what: `event ${event}` };
      // Cursor has been seen sending an empty cwd: fall back to the first workspace root.
      const roots = Array.isArray(data.workspace_roots) ? data.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
      const cwd = absDir(str(data.cwd), undefined) ?? absDir(roots[0], undefined) ?? absDir(env.CURSOR_PROJECT_DIR, undefined) ?? fallbackCwd;
      return { kind: 'shell', command: command(data.command), cwd };
    }
  }
}

function cap(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 40)}\n... (message shortened by countersign)` : s;
}

interface Texts {
  /** For the agent (the model). */
  agent: string;
  /** For the person (Cursor shows user_message to both). */
  user: string;
  /** One line for the person, where the agent has a separate channel for it. */
  notice?: string;
}

export function answer(agent: Agent, decision: HookDecision, t?: Texts): HookAnswer {
  const agentText = cap(t?.agent ?? '');
  const userText = cap(t?.user ?? '');
  switch (agent) {
    case 'claude':
      if (decision === 'defer') return { stdout: '', code: 0, decision };
      return {
        stdout: JSON.stringify({
          hookSpecificOutput: {
            hookEventName: 'PreToolUse',
            permissionDecision: decision,
            // Shown to Claude on deny, to the person on ask.
            permissionDecisionReason: decision === 'deny' ? agentText : userText,
          },
          ...(t?.notice ? { systemMessage: t.notice } : {}),
        }),
        code: 0,
        decision,
      };
    case 'cursor':
      if (decision === 'defer') return { stdout: '{}', code: 0, decision };
      // user_message is what reaches the model in practice; agent_message is kept identical.
      return { stdout: JSON.stringify({ permission: decision, user_message: userText, agent_message: userText }), code: 0, decision };
    case 'gemini':
      if (decision === 'defer') return { stdout: '{}', code: 0, decision };
      // Gemini has no ask (see the header): anything but defer is a deny here.
      return { stdout: JSON.stringify({ decision: 'deny', reason: agentText, ...(t?.notice ? { systemMessage: t.notice } : {}) }), code: 0, decision: 'deny' };
  }
}

/** A deny for input or failures: the same text to everyone. */
export function failAnswer(agent: Agent, message: string): HookAnswer {
  const text = `countersign: ${message}; the command was not run.`;
  return answer(agent, 'deny', { agent: text, user: text, notice: text });
}

/** The config doesn't load: deny at once with the errors (a hook has no terminal to ask on). */
async function configErrorAnswer(agent: Agent, errors: import('../rules/load.js').ConfigError[]): Promise<HookAnswer> {
  const [{ configErrorMessage }, { formatError }] = await Promise.all([import('../confirm/render.js'), import('../rules/load.js')]);
  const text = configErrorMessage(errors.map(formatError)).trimEnd();
  const { safe } = await import('../confirm/render.js');
  return answer(agent, 'deny', { agent: text, user: text, notice: `countersign: configuration error, nothing is run until it is fixed: ${safe(formatError(errors[0]!))}` });
}

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
  if (engine.config.errors.length) return configErrorAnswer(agent, engine.config.errors);
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

/** The mode for this agent: Gemini can't ask (see the header). */
export function hookMode(agent: Agent, engine: Engine): 'typed' | 'ask' {
  const mode = engine.config.confirm.hooks ?? 'typed';
  return agent === 'gemini' ? 'typed' : mode;
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

/** Lower the timeout for tests or slow agents; it can never be raised past the default. */
function timeoutFrom(env: NodeJS.ProcessEnv): number {
  const n = Number(env.COUNTERSIGN_HOOK_TIMEOUT);
  return Number.isFinite(n) && n > 0 ? Math.min(n * 1000, DEFAULT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

export async function hookCommand(args: string[]): Promise<number> {
  const agent = args[0] as Agent;
  if (args.length !== 1 || !AGENTS.includes(agent)) {
    process.stderr.write('usage: countersign hook claude|cursor|gemini   (reads the hook JSON on stdin, answers on stdout)\n');
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
  if (process.stdin.isTTY) process.stderr.write(`countersign hook ${agent}: reading the hook JSON from standard input (end with Ctrl-D)\n`);
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of process.stdin) {
      const b = c as Buffer;
      n += b.length;
      if (n <= MAX_INPUT) chunks.push(b);
    }
  } catch (e) {
    return finish(failAnswer(agent, `the hook input could not be read (${(e as Error).message})`));
  }
  if (n > MAX_INPUT) return finish(failAnswer(agent, `the hook input is larger than ${MAX_INPUT >> 20} MB, so it can't be checked`));
  const a = await runHook(agent, Buffer.concat(chunks).toString('utf8'), process.env, { timeoutMs });
  clearTimeout(backstop);
  return finish(a);
}
