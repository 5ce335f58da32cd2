// The hook wire formats, pure: reading an agent's hook JSON and writing its answer. No engine,
// no parser: the fast path (dist/fast.cjs) imports this to answer a harmless command itself, and
// the full program (hooks.ts) uses the same code, so both read a payload the same way.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { table } from '../own.js';

export type Agent = 'claude' | 'cursor' | 'gemini' | 'codex';
export const AGENTS: readonly Agent[] = ['claude', 'cursor', 'gemini', 'codex'];

/** Codex's shell tools as its PreToolUse hooks name them ("Bash" in 0.169; the others are the
 *  tool's own names in older and internal builds). */
const CODEX_SHELL_TOOLS = new Set(['Bash', 'shell', 'exec_command', 'local_shell', 'unified_exec', 'container.exec']);

const SAFE_WORD = /^[\w@%+=:,./-]+$/;
/** An argv as the shell line that runs it. */
const argvLine = (argv: string[]): string => argv.map((a) => (SAFE_WORD.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

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

/** What a file tool writes: the text it puts in the file (all of it, or the part an edit adds). */
export interface FileWrite {
  file: string;
  text: string;
  /** An edit (what it adds), not the whole file. */
  edit: boolean;
  /** An edit's replacements in order (Edit's old_string → new_string, MultiEdit's and MCP's
   *  edits), so the file it leaves can be judged whole (hooks.ts). */
  replace?: Array<{ old: string; new: string; all: boolean }>;
}

export type HookRequest = { kind: 'shell'; command: string; cwd: string } | { kind: 'other'; what: string; files?: string[]; writes?: FileWrite[]; cwd?: string };

/** File-writing tools and where their target path is: a write into countersign's own files by the
 *  agent's own tool (not through a shell) is refused like one through the shell (hooks.ts). */
const FILE_TOOLS: Record<string, string[]> = table({
  Write: ['file_path'], Edit: ['file_path'], MultiEdit: ['file_path'], NotebookEdit: ['notebook_path'],
  write_file: ['file_path', 'absolute_path', 'path'], replace: ['file_path', 'absolute_path', 'path'], edit: ['file_path', 'path'],
});

/** A tool the hook doesn't know by name (an MCP server's `mcp__fs__write_file`, a newer agent
 *  tool) that says it writes files: its path-valued arguments are checked like Write's. */
const WRITER_NAME = /write|edit|creat|replace|move|copy|rename|patch|append|save|insert|upload|delete|remove/i;
const PATH_KEY = /^(file_?path|filePath|absolute_path|notebook_path|path|paths|destination|dest|target|target_path|new_path|source|file|filename)$/i;
/** Keys whose value is the text a tool writes (Write's content, Edit's new_string, MCP's newText). */
const TEXT_KEY = /^(content|contents|text|new_string|newString|new_source|newText|new_text)$/;

function filesOf(tool: string, input: unknown): string[] | undefined {
  if (!isObject(input)) return undefined;
  // Own keys only: a tool named `constructor` or `__proto__` is no file tool of the table.
  const keys = Object.hasOwn(FILE_TOOLS, tool) ? FILE_TOOLS[tool] : undefined;
  if (keys) return keys.map((k) => str(input[k])).filter((v): v is string => !!v);
  if (!WRITER_NAME.test(tool)) return undefined;
  const out: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (!PATH_KEY.test(k)) continue;
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x) out.push(x);
  }
  return out.length ? out : undefined;
}

/** The text a file tool puts into each file it names (Write's content, Edit's and MultiEdit's
 *  new strings, an MCP tool's edits): judged where the file runs later by itself (hooks.ts). */
function writesOf(tool: string, input: unknown, files: string[] | undefined): FileWrite[] | undefined {
  if (!isObject(input) || !files?.length) return undefined;
  const texts: string[] = [];
  let edit = false;
  const take = (o: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(o)) {
      if (TEXT_KEY.test(k) && typeof v === 'string') {
        texts.push(v);
        if (k !== 'content' && k !== 'contents') edit = true;
      }
    }
  };
  const replace: NonNullable<FileWrite['replace']> = [];
  const pair = (o: Record<string, unknown>): void => {
    const from = [o.old_string, o.oldString, o.oldText, o.old_text, o.old_str].find((v) => typeof v === 'string') as string | undefined;
    const to = [o.new_string, o.newString, o.newText, o.new_text, o.new_str].find((v) => typeof v === 'string') as string | undefined;
    if (from !== undefined && to !== undefined) replace.push({ old: from, new: to, all: o.replace_all === true || (typeof o.expected_replacements === 'number' && o.expected_replacements > 1) });
  };
  take(input);
  pair(input);
  for (const e of Array.isArray(input.edits) ? input.edits : []) if (isObject(e)) (take(e), pair(e));
  if (!texts.length) return undefined;
  return files.map((file) => ({ file, text: texts.join('\n'), edit, ...(edit && replace.length ? { replace } : {}) }));
}

function fileTool(tool: string, input: unknown, cwd: string | undefined): HookRequest {
  const files = filesOf(tool, input);
  const writes = writesOf(tool, input, files);
  return { kind: 'other', what: `tool ${tool}`, files, ...(writes ? { writes } : {}), cwd };
}

export class HookInputError extends Error {}

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
      if (tool !== 'Bash') return fileTool(tool, data.tool_input, absDir(str(data.cwd), undefined));
      if (!isObject(data.tool_input)) throw new HookInputError('the hook input has no tool_input');
      const cwd = absDir(str(data.cwd), undefined) ?? absDir(env.CLAUDE_PROJECT_DIR, undefined) ?? fallbackCwd;
      return { kind: 'shell', command: command(data.tool_input.command), cwd };
    }
    case 'gemini': {
      if (event !== undefined && event !== 'BeforeTool') return { kind: 'other', what: `event ${event}` };
      const tool = data.tool_name;
      if (typeof tool !== 'string') throw new HookInputError('the hook input has no tool_name');
      if (tool !== 'run_shell_command') return fileTool(tool, data.tool_input, absDir(str(data.cwd), undefined));
      if (!isObject(data.tool_input)) throw new HookInputError('the hook input has no tool_input');
      const base = absDir(str(data.cwd), undefined) ?? absDir(env.GEMINI_PROJECT_DIR, undefined) ?? fallbackCwd;
      // The tool's own directory parameter (dir_path; `directory` in older versions) is relative to the project.
      const dir = str(data.tool_input.dir_path) ?? str(data.tool_input.directory);
      return { kind: 'shell', command: command(data.tool_input.command), cwd: absDir(dir, base) ?? base };
    }
    case 'codex': {
      if (event !== undefined && event !== 'PreToolUse') return { kind: 'other', what: `event ${event}` };
      const tool = data.tool_name;
      if (typeof tool !== 'string') throw new HookInputError('the hook input has no tool_name');
      if (!CODEX_SHELL_TOOLS.has(tool)) return fileTool(tool, data.tool_input, absDir(str(data.cwd), undefined));
      if (!isObject(data.tool_input)) throw new HookInputError('the hook input has no tool_input');
      const base = absDir(str(data.cwd), undefined) ?? fallbackCwd;
      const dir = str(data.tool_input.workdir);
      // The older shell tool takes an argv (["bash", "-lc", "..."]): judged as the line that runs it.
      const c = data.tool_input.command;
      const text = Array.isArray(c) && c.length > 0 && c.every((a) => typeof a === 'string') ? argvLine(c as string[]) : command(c);
      return { kind: 'shell', command: text, cwd: absDir(dir, base) ?? base };
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
    case 'codex':
      // No opinion is no output: Codex rejects an explicit "allow". Never "ask": Codex 0.169
      // reported "hook: PreToolUse Failed" for it and ran the command.
      if (decision === 'defer') return { stdout: '', code: 0, decision };
      return {
        stdout: JSON.stringify({
          hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: agentText },
          ...(t?.notice ? { systemMessage: t.notice } : {}),
        }),
        code: 0,
        decision: 'deny',
      };
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


/** Lower the timeout for tests or slow agents; it can never be raised past the default. */
export function timeoutFrom(env: NodeJS.ProcessEnv): number {
  const n = Number(env.COUNTERSIGN_HOOK_TIMEOUT);
  return Number.isFinite(n) && n > 0 ? Math.min(n * 1000, DEFAULT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

/** The hook's stdin, read once: by the fast path, which hands it to the full program when it
 *  can't answer itself (stdin can't be read twice). */
export interface HookInput {
  /** The bytes read, at most MAX_INPUT. */
  bytes: Buffer;
  /** More than MAX_INPUT bytes came. */
  tooBig: boolean;
  /** Reading failed. */
  error?: string;
}

/** Where the fast path leaves the input for the full program in the same process. */
export const HANDOFF = Symbol.for('countersign.hookInput');

/** Read stdin to its end. A file or a pipe (Codex, and shells, give a hook a pipe) is read with
 *  plain non-blocking reads: process.stdin would load node's stream modules, which costs start-up
 *  time on every hook call. So is a socket (node's child_process gives one), once non-blocking;
 *  anything else is read as a stream. Never a blocking read in node's thread pool: process.exit would wait for it, and
 *  the backstop could never answer a stdin that doesn't end. */
export function readInput(): Promise<HookInput> {
  let st;
  try {
    st = fstatSync(0);
  } catch (e) {
    return Promise.resolve({ bytes: Buffer.alloc(0), tooBig: false, error: (e as Error).message });
  }
  if (st.isFile()) return pollRead(0);
  if (st.isFIFO()) {
    let fd: number;
    try {
      // The same pipe, opened again with its own O_NONBLOCK (Linux); elsewhere, a stream.
      fd = openSync('/proc/self/fd/0', constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      return streamRead();
    }
    return pollRead(fd).finally(() => closeSync(fd));
  }
  // A socket (what node's child_process gives) can't be reopened through /proc: made
  // non-blocking the way process.stdin would make it, then read the same way as a pipe.
  if (st.isSocket() && socketNonBlocking(0)) return pollRead(0);
  return streamRead();
}

/** Put a socket fd in non-blocking mode with the pipe handle node's own stdin uses (libuv's
 *  uv_pipe_open sets O_NONBLOCK); the handle is never read from, so it adds no watcher. False
 *  when that handle isn't there or refuses, or under deprecation flags (process.binding would
 *  warn); the caller then reads a stream. */
function socketNonBlocking(fd: number): boolean {
  if (/deprecation/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) return false;
  try {
    type PipeWrap = { Pipe?: new (type: number) => { open(fd: number): number }; constants?: { SOCKET?: number } };
    const { Pipe, constants: c } = (process as unknown as { binding(name: string): PipeWrap }).binding('pipe_wrap');
    if (typeof Pipe !== 'function' || typeof c?.SOCKET !== 'number') return false;
    return new Pipe(c.SOCKET).open(fd) === 0;
  } catch {
    return false;
  }
}

function collect(): { add: (b: Buffer) => void; done: (error?: string) => HookInput } {
  const chunks: Buffer[] = [];
  let n = 0;
  return {
    add: (b) => {
      n += b.length;
      if (n <= MAX_INPUT) chunks.push(b);
    },
    done: (error) => ({ bytes: Buffer.concat(chunks), tooBig: n > MAX_INPUT, ...(error ? { error } : {}) }),
  };
}

/** Non-blocking reads until end of file; an empty pipe is tried again a moment later. */
function pollRead(fd: number): Promise<HookInput> {
  const c = collect();
  const buf = Buffer.allocUnsafe(64 * 1024);
  return new Promise((resolve) => {
    const next = (): void => {
      for (;;) {
        let got: number;
        try {
          got = readSync(fd, buf, 0, buf.length, null);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return void setTimeout(next, 1);
          return resolve(c.done((e as Error).message));
        }
        if (got === 0) return resolve(c.done());
        c.add(Buffer.from(buf.subarray(0, got)));
      }
    };
    next();
  });
}

async function streamRead(): Promise<HookInput> {
  const c = collect();
  try {
    for await (const chunk of process.stdin) c.add(chunk as Buffer);
  } catch (e) {
    return c.done((e as Error).message);
  }
  return c.done();
}
