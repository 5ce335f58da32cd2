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
import { check, engineFor, homeOf, type CheckResult, type Engine } from '../engine.js';
import { PENDING_TTL_MS } from '../confirm/index.js';

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

export type HookRequest = { kind: 'shell'; command: string; cwd: string } | { kind: 'other'; what: string; files?: string[]; cwd?: string };

/** File-writing tools and where their target path is: a write into countersign's own files by the
 *  agent's own tool (not through a shell) is refused like one through the shell. */
const FILE_TOOLS: Record<string, string[]> = {
  Write: ['file_path'], Edit: ['file_path'], MultiEdit: ['file_path'], NotebookEdit: ['notebook_path'],
  write_file: ['file_path', 'absolute_path', 'path'], replace: ['file_path', 'absolute_path', 'path'], edit: ['file_path', 'path'],
};

function filesOf(tool: string, input: unknown): string[] | undefined {
  const keys = FILE_TOOLS[tool];
  if (!keys || !isObject(input)) return undefined;
  return keys.map((k) => str(input[k])).filter((v): v is string => !!v);
}

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
      if (tool !== 'Bash') return { kind: 'other', what: `tool ${tool}`, files: filesOf(tool, data.tool_input), cwd: absDir(str(data.cwd), undefined) };
      if (!isObject(data.tool_input)) throw new HookInputError('the hook input has no tool_input');
      const cwd = absDir(str(data.cwd), undefined) ?? absDir(env.CLAUDE_PROJECT_DIR, undefined) ?? fallbackCwd;
      return { kind: 'shell', command: command(data.tool_input.command), cwd };
    }
    case 'gemini': {
      if (event !== undefined && event !== 'BeforeTool') return { kind: 'other', what: `event ${event}` };
      const tool = data.tool_name;
      if (typeof tool !== 'string') throw new HookInputError('the hook input has no tool_name');
      if (tool !== 'run_shell_command') return { kind: 'other', what: `tool ${tool}`, files: filesOf(tool, data.tool_input), cwd: absDir(str(data.cwd), undefined) };
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

/** The first of these paths inside countersign's own directories. */
async function ownFile(files: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { selfProtected } = await import('../rules/load.js');
  const dirs = selfProtected(env, homeOf(env)).map((p) => p.path);
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
  const { agentPayload } = await import('../confirm/payload.js');
  const ctx = { text: req.command, shown: agentPayload(req.command), cwd: req.cwd, env, home, result: res, confirm: engine.config.confirm, notes: engine.config.pendingTrust, via: `hook:${agent}` };
  if (res.decision === 'allow') {
    await audit(ctx, 'allowed');
    return answer(agent, 'defer');
  }
  const mode = hookMode(agent, engine);
  const out = await confirmHook(ctx, mode === 'ask' ? 'ask' : 'typed');
  const { renderPanel, agentMessage } = await import('../confirm/render.js');
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
