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
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRegularText } from '../readfile.js';
import { check, engineFor, homeOf, type CheckResult, type Engine } from '../engine.js';
import { PENDING_TTL_MS } from '../confirm/index.js';
import { AGENTS, DEFAULT_TIMEOUT_MS, HANDOFF, HookInputError, MAX_INPUT, readInput, timeoutFrom, type HookInput, answer, failAnswer, readRequest, type Agent, type HookAnswer, type HookDecision, type HookRequest, type FileWrite } from './hook-wire.js';

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
      const cwd = req.cwd ?? opts.cwd ?? process.cwd();
      const own = req.files?.length ? await ownFile(req.files, cwd, env) : undefined;
      if (own) {
        const text = `countersign: ${req.what} would write ${own}, one of countersign's own files (config, approvals, keys, audit log, program), or a program that would run in place of one on PATH. Only a person changes those, in their own terminal.`;
        return answer(agent, 'deny', { agent: text, user: text, notice: text });
      }
      if (!req.writes?.length) return answer(agent, 'defer');
      return await withTimeout(agent, opts, plants(agent, req.what, req.writes, cwd, env));
    }

    // The directory as the file system has it: a path through a symlink the agent made (`ln -s
    // repo alias`, then `cd alias`) would otherwise be a project countersign never saw, whose
    // team file it would first see as it is now. A directory that isn't there runs nothing here
    // (the agent may run the command somewhere else): denied.
    let cwd: string;
    try {
      cwd = realpathSync(req.cwd);
      if (!statSync(cwd).isDirectory()) throw new Error('not a directory');
    } catch {
      return failAnswer(agent, `the command's directory (${req.cwd}) does not exist or is not a directory, so where it would run can't be checked`);
    }
    return await withTimeout(agent, opts, judge(agent, { ...req, cwd }, env));
  } catch (e) {
    return failAnswer(agent, `internal error while checking (${(e as Error)?.message ?? String(e)})`);
  }
}

async function withTimeout(agent: Agent, opts: HookOptions, work: Promise<HookAnswer>): Promise<HookAnswer> {
  {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HookAnswer>((resolve) => {
      timer = setTimeout(() => resolve(failAnswer(agent, `checking took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A file tool's write into a file something runs later by itself (a shell startup file, a git
 *  hook, a systemd unit: later.ts), judged as the shell line that writes the same text there.
 *  What it would plant against countersign itself (NODE_OPTIONS or LD_PRELOAD for the person's
 *  next approver, a PATH that finds another `countersign` or `node` first, a hook that rewrites
 *  countersign's files) is refused like a write into its own files; anything else stays the
 *  agent's own business (no opinion), as for every other file a tool writes. */
async function plants(agent: Agent, what: string, writes: FileWrite[], cwd: string, env: NodeJS.ProcessEnv): Promise<HookAnswer> {
  const { laterPlace } = await import('../parse/index.js');
  const home = homeOf(env);
  for (const w of writes) {
    const real = realTarget(path.resolve(cwd, w.file.replace(/^~(?=\/|$)/, home)));
    if (!laterPlace(real, home, undefined, cwd)) continue;
    // An edit is judged by the file it leaves when that can be worked out (a replacement inside
    // a line can turn `--max-old-space-size` into `--require x.js`); else by the text it adds.
    const whole = w.edit && w.replace ? afterEdits(real, w.replace) : undefined;
    const body = whole ?? w.text;
    let delim = 'COUNTERSIGN_FILE_TOOL';
    while (body.includes(delim)) delim += '_';
    const line = `cat ${w.edit && whole === undefined ? '>>' : '>'} '${real.replace(/'/g, `'\\''`)}' <<'${delim}'\n${body}\n${delim}`;
    const engine = await engineFor({ cwd, env, home });
    if (engine.config.errors.length) return configErrorAnswer(agent, engine.config.errors);
    const res = await check(line, { cwd, env, home }, engine);
    // countersign's own rules, or code only known at run time standing in for `countersign` (a
    // PATH that finds another one first, `countersign` redefined: later.ts judges those as the
    // person's next `countersign approver`).
    const self = res.findings.find((f) => f.decision !== 'allow' && (f.rule.startsWith('countersign/') || /^countersign\b/.test(f.invocation ?? '')));
    if (!self) continue;
    const text = `countersign: ${what} would put code that works against countersign into ${real}, which runs later by itself (${self.rule}: ${self.summary}${self.detail ? `; ${self.detail}` : ''}). Only a person changes that, in their own terminal.`;
    return answer(agent, 'deny', { agent: text, user: text, notice: text });
  }
  return answer(agent, 'defer');
}

/** The text a file holds after an edit tool's replacements, or undefined when it can't be read or
 *  a replacement wouldn't apply (the tool then fails too). */
function afterEdits(file: string, replace: NonNullable<FileWrite['replace']>): string | undefined {
  let text: string;
  try {
    text = readRegularText(file, 1024 * 1024);
  } catch {
    return undefined;
  }
  for (const r of replace) {
    if (r.old === '' || !text.includes(r.old)) return undefined;
    text = r.all ? text.split(r.old).join(r.new) : text.replace(r.old, () => r.new);
  }
  return text;
}

/** Where a write to `p` lands: every symlink on the way followed, the last one too (a write
 *  through a dangling link creates its target), and a path that isn't there yet below the real
 *  directory it would be made in. */
export function realTarget(p: string, depth = 0): string {
  if (depth > 40) return p;
  let st;
  try {
    st = lstatSync(p);
  } catch {
    const d = path.dirname(p);
    return d === p ? p : path.join(realTarget(d, depth + 1), path.basename(p));
  }
  if (st.isSymbolicLink()) {
    try {
      return realTarget(path.resolve(path.dirname(p), readlinkSync(p)), depth + 1);
    } catch {
      return p;
    }
  }
  try {
    return realpathSync(p);
  } catch {
    return p;
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
  const [{ selfProtected, withPathShadows, SELF, LAUNCHER, PATH_SHADOW }, { withRepository, listedReason }] = await Promise.all([import('../rules/load.js'), import('../rules/index.js')]);
  // With the project's agent hook settings (.claude/settings.json...) of the repository at cwd.
  const all = withPathShadows(withRepository(selfProtected(env, homeOf(env)), cwd, homeOf(env)), env.PATH, homeOf(env));
  const dirs = all.filter((p) => p.source === SELF || p.source === LAUNCHER || p.source === 'countersign (program)').map((p) => p.path);
  // A program of the person's own put ahead of a system one on PATH (`~/.local/bin/ls`): every
  // later `ls` would run it, judged as the system's.
  const shadows = all.filter((p) => p.source === PATH_SHADOW);
  const shadow = (f: string): string | undefined => (shadows.length ? listedReason(f, { cwd, home: homeOf(env), protectedPaths: shadows }) : undefined);
  // Compared as the file system has them: a symlink the agent made (`ln -s ~/.local/bin lb`, or
  // a dangling `x -> ~/.claude/settings.json`) leads a write into them under another name.
  const own = [...new Set([...dirs, ...dirs.map((d) => realTarget(d))])];
  for (const f of files) {
    const abs = path.resolve(cwd, f.replace(/^~(?=\/|$)/, homeOf(env)));
    for (const p of new Set([abs, realTarget(abs)])) if (own.some((d) => p === d || p.startsWith(d + '/')) || shadow(p)) return p;
  }
  return undefined;
}

async function judge(agent: Agent, req: { command: string; cwd: string }, env: NodeJS.ProcessEnv): Promise<HookAnswer> {
  const home = homeOf(env);
  const engine = await engineFor({ cwd: req.cwd, env, home });
  if (engine.config.errors.length) return configErrorAnswer(agent, engine.config.errors);
  // Claude Code runs the command as `eval '...' < /dev/null && pwd -P >| ...`, where bash ignores a
  // set -e in it; how Cursor runs it isn't known: neither's set -e proves a command succeeded.
  // Codex keeps a command it started running as a session the model writes into later
  // (`write_stdin`, with or without `tty`): a shell, REPL or database client started with no
  // input of its own reads what the model types next, which no hook is asked about (red team 25).
  // The other agents' shell tools give the model no way to type into a command.
  const res = await check(req.command, { cwd: req.cwd, env, home, inputOpen: agent === 'codex', ...(agent === 'claude' || agent === 'cursor' ? { evalWrapped: true } : {}) }, engine);
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
