// A scripted model for the real agent CLIs: one loopback HTTP server that speaks Anthropic Messages
// (SSE), OpenAI Responses (SSE, as Codex reads it) and Gemini generateContent /
// streamGenerateContent. A scenario is a list of steps; the step to answer is chosen by how many
// tool results the agent has sent back so far, so the agents' retries and side requests (titles,
// routing, next-speaker checks) don't move the script. Every tool result is recorded: the tests
// assert on what the model saw.
//
// Bounded: 127.0.0.1 only, at most `maxRequests` requests, and it closes itself after `lifetimeMs`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';

/** What the model does next. */
export type Action =
  | { call: string; tty?: boolean; /** Codex only: exec_command's own `shell` (red team 25s). */ shell?: string; login?: boolean }
  /** Codex only: type into the pty session of the previous `tty: true` call. */
  | { write: string; session: number }
  | { text: string };

export interface ToolResult {
  /** Index of the step whose call produced it. */
  step: number;
  api: Api;
  text: string;
}

export type Step = Action | ((results: readonly ToolResult[]) => Action | Promise<Action>);

type Api = 'anthropic' | 'openai' | 'gemini';

export interface ModelServer {
  url: string;
  port: number;
  /** Every tool result the model got back, in order. */
  results: ToolResult[];
  /** One line per request, for debugging a failed run. */
  log: string[];
  /** Connections to the sink port (where the Railway curl is pointed). */
  sinkHits(): number;
  sinkPort: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  steps: Step[];
  maxRequests?: number;
  lifetimeMs?: number;
}

const FINISH: Action = { text: 'All done.' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n < 64 * 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const textOf = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join('\n');
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if ('content' in o) return textOf(o.content);
    return JSON.stringify(o);
  }
  return v === undefined || v === null ? '' : String(v);
};

type Body = Record<string, any>;

/** The tool results in a request's history, oldest first. */
function toolResults(api: Api, body: Body): string[] {
  const out: string[] = [];
  if (api === 'anthropic') {
    for (const m of body.messages ?? []) for (const c of Array.isArray(m.content) ? m.content : []) if (c?.type === 'tool_result') out.push(textOf(c.content));
  } else if (api === 'openai') {
    for (const it of body.input ?? []) if (it?.type === 'function_call_output' || it?.type === 'custom_tool_call_output') out.push(textOf(it.output));
  } else {
    for (const m of body.contents ?? []) for (const p of m.parts ?? []) if (p?.functionResponse) out.push(textOf(p.functionResponse.response));
  }
  return out;
}

function toolNames(api: Api, body: Body): string[] {
  if (api === 'gemini') return (body.tools ?? []).flatMap((t: Body) => (t.functionDeclarations ?? []).map((f: Body) => f.name));
  return (body.tools ?? []).map((t: Body) => t.name ?? t.function?.name).filter(Boolean);
}

const SHELL_TOOL: Record<Api, RegExp> = { anthropic: /^Bash$/, openai: /^(exec_command|shell_command|shell)$/, gemini: /^run_shell_command$/ };

export async function startModelServer(opts: ServerOptions): Promise<ModelServer> {
  const maxRequests = opts.maxRequests ?? 400;
  const results: ToolResult[] = [];
  const log: string[] = [];
  const decided = new Map<number, Promise<Action>>();
  let served = 0;
  const started = Date.now();
  let callSeq = 0;

  const decide = (n: number): Promise<Action> => {
    let p = decided.get(n);
    if (!p) {
      const step = opts.steps[n];
      p = Promise.resolve(step === undefined ? FINISH : typeof step === 'function' ? step(results.slice()) : step);
      decided.set(n, p);
    }
    return p;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const raw = await readBody(req);
    let body: Body = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      body = {};
    }
    const api: Api | undefined = /\/messages(\?|$)/.test(url) ? 'anthropic' : /\/responses(\?|$)/.test(url) ? 'openai' : /:(stream)?[gG]enerateContent/.test(url) ? 'gemini' : undefined;
    const stream = api === 'gemini' ? url.includes(':streamGenerateContent') : body.stream === true;
    if (!api || req.method !== 'POST') {
      log.push(`${req.method} ${url} -> 404`);
      // count_tokens, model lists and the like: an empty but well-formed answer.
      res.writeHead(url.includes('count_tokens') ? 200 : 404, { 'content-type': 'application/json' });
      res.end(url.includes('count_tokens') ? '{"input_tokens":10}' : '{}');
      return;
    }
    const tools = toolNames(api, body);
    const shell = tools.find((t) => SHELL_TOOL[api].test(t));
    let action: Action;
    if (!shell) {
      action = { text: sideAnswer(api, body) };
    } else {
      const seen = toolResults(api, body);
      for (let i = results.length; i < seen.length; i++) results.push({ step: i, api, text: seen[i]! });
      action = await decide(seen.length);
    }
    log.push(`+${((Date.now() - started) / 1000).toFixed(1)}s ${api} ${url} tools=${tools.length} stream=${stream} results=${results.length} -> ${JSON.stringify(action).slice(0, 200)}`);
    const id = ++callSeq;
    if (api === 'anthropic') sendAnthropic(res, action, stream, id);
    else if (api === 'openai') sendOpenAI(res, action, tools, id);
    else sendGemini(res, action, stream);
  };

  const server: Server = createServer((req, res) => {
    if (++served > maxRequests) {
      res.writeHead(503).end();
      return;
    }
    handle(req, res).catch((e) => {
      log.push(`error ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // The Railway curl is aimed here (curl --connect-to): any connection means it ran.
  let hits = 0;
  const sink: NetServer = createNetServer((s) => {
    hits++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const sinkPort = (sink.address() as { port: number }).port;
  const close = async (): Promise<void> => {
    clearTimeout(timer);
    server.closeAllConnections();
    await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => sink.close(r))]);
  };
  const timer = setTimeout(() => void close(), opts.lifetimeMs ?? 15 * 60_000);
  timer.unref();
  return { url: `http://127.0.0.1:${port}`, port, results, log, sinkHits: () => hits, sinkPort, close };
}

/** Answers to the agents' side requests (no shell tool): titles, routing, next-speaker checks. */
function sideAnswer(api: Api, body: Body): string {
  const cfg = body.generationConfig ?? {};
  if (api === 'gemini' && (cfg.responseJsonSchema || cfg.responseSchema || cfg.responseMimeType === 'application/json')) {
    return JSON.stringify({ reasoning: 'scripted', next_speaker: 'user', model_choice: 'flash', complexity_reasoning: 'scripted', complexity_score: 1 });
  }
  return 'ok';
}

function sse(res: ServerResponse, events: Array<[string | undefined, unknown]>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' });
  for (const [ev, data] of events) res.write(`${ev ? `event: ${ev}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  res.end();
}

function sendAnthropic(res: ServerResponse, a: Action, stream: boolean, id: number): void {
  const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const block =
    'call' in a
      ? { type: 'tool_use', id: `toolu_${id}`, name: 'Bash', input: { command: a.call, description: 'scripted step' } }
      : { type: 'text', text: 'text' in a ? a.text : 'unsupported step' };
  const stop = block.type === 'tool_use' ? 'tool_use' : 'end_turn';
  const message = { id: `msg_${id}`, type: 'message', role: 'assistant', model: 'claude-scripted', content: [] as unknown[], stop_reason: null, stop_sequence: null, usage };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...message, content: [block], stop_reason: stop }));
    return;
  }
  const start = block.type === 'tool_use' ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta = block.type === 'tool_use' ? { type: 'input_json_delta', partial_json: JSON.stringify((block as { input: unknown }).input) } : { type: 'text_delta', text: (block as { text: string }).text };
  sse(res, [
    ['message_start', { type: 'message_start', message }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: start }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } }],
    ['message_stop', { type: 'message_stop' }],
  ]);
}

function openaiCall(a: Action, tools: string[]): { name: string; args: unknown } | undefined {
  if ('write' in a) return { name: 'write_stdin', args: { session_id: a.session, chars: a.write, yield_time_ms: 5000 } };
  if (!('call' in a)) return undefined;
  if (tools.includes('exec_command')) return { name: 'exec_command', args: { cmd: a.call, ...(a.tty ? { tty: true } : {}), ...(a.shell ? { shell: a.shell } : {}), ...(a.login !== undefined ? { login: a.login } : {}), yield_time_ms: a.tty ? 3000 : 60_000 } };
  if (tools.includes('shell_command')) return { name: 'shell_command', args: { command: a.call } };
  return { name: 'shell', args: { command: ['bash', '-lc', a.call] } };
}

function sendOpenAI(res: ServerResponse, a: Action, tools: string[], id: number): void {
  const call = openaiCall(a, tools);
  const item = call
    ? { type: 'function_call', id: `fc_${id}`, call_id: `call_${id}`, name: call.name, arguments: JSON.stringify(call.args), status: 'completed' }
    : { type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'text' in a ? a.text : '', annotations: [] }] };
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
  sse(res, [
    ['response.created', { type: 'response.created', response: { id: `resp_${id}` } }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
    ['response.completed', { type: 'response.completed', response: { id: `resp_${id}`, status: 'completed', usage } }],
  ]);
}

function sendGemini(res: ServerResponse, a: Action, stream: boolean): void {
  const part = 'call' in a ? { functionCall: { name: 'run_shell_command', args: { command: a.call, description: 'scripted step' } } } : { text: 'text' in a ? a.text : 'unsupported step' };
  const chunk = {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-scripted',
  };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(chunk));
    return;
  }
  sse(res, [[undefined, chunk]]);
}
