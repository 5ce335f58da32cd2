// Agent hooks: the agent asks before it runs a shell command. Same engine, same approvals.
//   claude: PreToolUse for the Bash tool; cursor: beforeShellExecution; gemini: BeforeTool.
// Allowed commands get no decision, so the agent's own permission settings still apply.
// Anything that goes wrong answers deny: a hook that fails open is a hole.
import path from 'node:path';
import { check, engineFor, homeOf, stateDir, type CheckResult } from '../engine.js';

export type Agent = 'claude' | 'cursor' | 'gemini';

export interface HookAnswer {
  stdout: string;
  code: number;
}

const MAX_INPUT = 8 * 1024 * 1024;

interface Request {
  command?: string;
  cwd?: string;
  /** false when the tool isn't a shell tool: no opinion. */
  shellTool: boolean;
}

export function readRequest(agent: Agent, raw: string): Request {
  const data = JSON.parse(raw) as Record<string, unknown>;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('the hook input is not a JSON object');
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const input = (data.tool_input ?? {}) as Record<string, unknown>;
  switch (agent) {
    case 'claude':
      return { shellTool: data.tool_name === 'Bash', command: str(input.command), cwd: str(data.cwd) };
    case 'gemini':
      return { shellTool: data.tool_name === 'run_shell_command', command: str(input.command), cwd: str(input.dir_path) ?? str(input.directory) ?? str(data.cwd) };
    case 'cursor': {
      // Cursor has been seen sending an empty cwd: fall back to the first workspace root.
      const roots = Array.isArray(data.workspace_roots) ? data.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
      return { shellTool: true, command: str(data.command), cwd: str(data.cwd) || roots[0] || process.env.CURSOR_PROJECT_DIR };
    }
  }
}

function answer(agent: Agent, decision: 'defer' | 'allow' | 'deny' | 'ask', message?: string): HookAnswer {
  switch (agent) {
    case 'claude':
      if (decision === 'defer') return { stdout: '', code: 0 };
      return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: message ?? '' } }), code: 0 };
    case 'cursor':
      // No documented "defer" value: an answer without `permission` leaves Cursor's own rules in charge.
      if (decision === 'defer') return { stdout: '{}', code: 0 };
      return { stdout: JSON.stringify({ permission: decision, user_message: message ?? '', agent_message: message ?? '' }), code: 0 };
    case 'gemini':
      if (decision === 'defer') return { stdout: '{}', code: 0 };
      if (decision === 'ask') return { stdout: JSON.stringify({ decision: 'ask', reason: message ?? '' }), code: 0 };
      return { stdout: JSON.stringify({ decision, reason: message ?? '' }), code: 0 };
  }
}

export async function runHook(agent: Agent, raw: string, env: NodeJS.ProcessEnv = process.env): Promise<HookAnswer> {
  try {
    if (raw.length > MAX_INPUT) return answer(agent, 'deny', `countersign: the hook input is larger than ${MAX_INPUT >> 20} MB, so it can't be checked; not run.`);
    let req: Request;
    try {
      req = readRequest(agent, raw);
    } catch (e) {
      return answer(agent, 'deny', `countersign: the hook input could not be read (${(e as Error).message}); not run. Check the hook configuration.`);
    }
    if (!req.shellTool) return answer(agent, 'defer');
    if (req.command === undefined) return answer(agent, 'deny', 'countersign: the hook input has no command, so nothing can be checked; not run.');
    const cwd = req.cwd && path.isAbsolute(req.cwd) ? req.cwd : process.cwd();
    const home = homeOf(env);
    const engine = await engineFor({ cwd, env, home });
    const res = await check(req.command, { cwd, env, home }, engine);
    if (res.decision === 'allow') return answer(agent, 'defer');
    return await settle(agent, req.command, cwd, env, home, res, engine.config.confirm.hooks ?? 'typed');
  } catch (e) {
    return answer(agent, 'deny', `countersign: internal error while checking (${(e as Error).message}); not run.`);
  }
}

async function settle(agent: Agent, command: string, cwd: string, env: NodeJS.ProcessEnv, home: string, res: CheckResult, mode: 'typed' | 'ask'): Promise<HookAnswer> {
  const { renderPanel, agentMessage } = await import('../confirm/render.js');
  const { appendAudit, toAuditFindings, sessionId } = await import('../audit/index.js');
  const state = stateDir(env, home);
  const audit = (settled: 'denied' | 'declined' | 'approval' | 'no-terminal', approval?: string) =>
    appendAudit(state, { time: new Date().toISOString(), session: sessionId(env), cwd, command: command.slice(0, 4000), decision: res.decision, settled, ...(approval ? { approval } : {}), via: `hook:${agent}`, findings: toAuditFindings(res.findings) });
  const panel = renderPanel(command, res, { color: false, width: 80 });
  if (res.decision === 'deny') {
    audit('denied');
    return answer(agent, 'deny', `${panel}\n${agentMessage(command, res, 'denied by policy')}`);
  }
  if (mode === 'ask') {
    audit('no-terminal');
    return answer(agent, 'ask', panel);
  }
  const ap = await import('../confirm/approvals.js');
  const binding = ap.bindingOf(command, cwd, res.findings);
  const used = ap.consumeApproval(state, binding);
  if (used) {
    audit('approval', used.id);
    // Approved by a person: hand back to the agent's own permission flow.
    return answer(agent, 'defer');
  }
  const pending = ap.findPending(state, binding) ?? ap.createPending(state, { command, cwd, findings: res.findings, phrase: res.phrase ?? '', binding, expires: Date.now() + 30 * 60_000, via: `hook:${agent}` });
  audit('declined', pending.id);
  const how =
    `To run it, a person types the phrase in their own terminal (not one the agent uses):\n` +
    `    countersign approve ${pending.id}\n` +
    `then asks the agent to retry exactly the same command. The approval is single-use and expires.`;
  return answer(agent, 'deny', `${panel}\n${how}\n\n${agentMessage(command, res, 'waiting for a person')}`);
}

export async function hookCommand(args: string[]): Promise<number> {
  const agent = args[0];
  if (agent !== 'claude' && agent !== 'cursor' && agent !== 'gemini') {
    process.stderr.write('usage: countersign hook claude|cursor|gemini   (reads the hook JSON on stdin)\n');
    return 2;
  }
  const timer = setTimeout(() => {
    // Fail closed on a hang: answer deny before the agent's own timeout turns into "proceed".
    const a = answer(agent, 'deny', 'countersign: checking took too long; not run.');
    process.stdout.write(a.stdout);
    process.exit(a.code);
  }, 20_000);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of process.stdin) {
    n += (c as Buffer).length;
    if (n <= MAX_INPUT + 1) chunks.push(c as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  const a = await runHook(agent, n > MAX_INPUT ? raw + ' '.repeat(1) : raw);
  clearTimeout(timer);
  process.stdout.write(a.stdout);
  return a.code;
}
