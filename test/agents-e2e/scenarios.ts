// One scripted session per integration: the model runs a harmless command, the destructive ones
// (`rm -r data`, `rm -rf data`, the Railway volumeDelete curl), then the approval flow: the same
// destructive command again, a person approves, the agent's retry, data/ put back, and a second
// retry that must not run. What the agent did is read off the file system and the model server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, LOGIN_USER, TASK, USER, VERSIONS, agentBin, ensureUser, runAs, workspace, type AgentName, type RunResult, type Workspace } from './driver.js';
import { startModelServer, type Action, type ModelServer, type Step, type ToolResult } from './model-server.js';
import { approvalIdIn, personApproves, pendingRequests, type Approval, type PersonContext } from './person.js';

export const RM_R = 'rm -r data';
export const RM_RF = 'rm -rf data';
export const curlCommand = (sinkPort: number): string =>
  `curl -sS --max-time 5 --connect-to backboard.railway.app:443:127.0.0.1:${sinkPort} -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer x' -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`;

/** How a confirm reaches the person: a hook denies and the agent retries, or a shell waits. */
export type Route = 'hook' | 'shell';

export interface Integration {
  agent: AgentName;
  /** As in the README's per-agent section. */
  name: string;
  route: Route;
  user: string;
  /** The agent's own permission flow refuses file-changing commands headless (its message). */
  ownPrompt?: RegExp;
  /** Write the agent's config into the workspace; return its argv and environment. */
  setup(ws: Workspace, srv: ModelServer, hook?: string): { argv: string[]; env: Record<string, string> } | Promise<{ argv: string[]; env: Record<string, string> }>;
}

/** What one session did, step by step. */
export interface Outcome {
  integration: Integration;
  run: RunResult;
  results: ToolResult[];
  /** data/ present right after each step ran (index = step; missing when the step never ran). */
  dataAfter: boolean[];
  dataAtEnd: boolean;
  outTxt: string | undefined;
  sinkHits: number;
  approval?: Approval;
  /** The step index of each named call. */
  steps: Record<'echo' | 'rmR' | 'rmRf' | 'curl' | 'ask' | 'retry' | 'retry2', number>;
  /** Requests still pending at the end (the person's `countersign approve` list). */
  pendingAtEnd: string[];
  serverLog: string[];
  error?: string;
}

const hookEntry = (agentWord: 'claude' | 'gemini' | 'codex', override?: string) => override ?? `${BIN} hook ${agentWord}`;

function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2));
}

const claudeEnv = (ws: Workspace, srv: ModelServer): Record<string, string> => ({
  ...ws.env,
  ANTHROPIC_BASE_URL: srv.url,
  ANTHROPIC_API_KEY: 'sk-ant-scripted',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
});

function claudeHook(mode: 'default' | 'acceptEdits' | 'bypassPermissions', onFailure?: 'block'): Integration {
  return {
    agent: 'claude',
    name: `hook (PreToolUse${onFailure ? ', onFailure: block' : ''}), --permission-mode ${mode}`,
    route: 'hook',
    user: USER,
    // Claude 2.1.328 and 2.1.332 in default mode asks before any shell command that changes files in the
    // project, whatever the allow rules say; headless (-p) that ask is a refusal.
    ...(mode === 'default' ? { ownPrompt: /needs approval\. The path is inside the working directories/ } : {}),
    setup(ws, srv, hook) {
      // In default and acceptEdits the person's own rules allow Bash; the hook still decides first.
      writeJson(path.join(ws.repo, '.claude', 'settings.json'), {
        hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: hookEntry('claude', hook), timeout: 30, ...(onFailure ? { onFailure } : {}) }] }] },
        ...(mode === 'bypassPermissions' ? {} : { permissions: { allow: ['Bash'] } }),
      });
      const flags = mode === 'bypassPermissions' ? ['--dangerously-skip-permissions'] : ['--permission-mode', mode];
      return { argv: [agentBin('claude'), '-p', TASK, ...flags, '--output-format', 'json'], env: claudeEnv(ws, srv) };
    },
  };
}

/** `countersign shims DIR` as the user, as the README says. */
function shims(user: string, env: Record<string, string>, dir: string): string {
  execFileSync('runuser', ['-u', user, '--', '/usr/bin/env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), BIN, 'shims', dir], { stdio: 'ignore' });
  return path.join(dir, 'bash');
}

const claudeShell: Integration = {
  agent: 'claude',
  name: 'CLAUDE_CODE_SHELL shim',
  route: 'shell',
  user: USER,
  setup(ws, srv) {
    const bash = shims(USER, ws.env, path.join(ws.home, '.countersign', 'bin'));
    return { argv: [agentBin('claude'), '-p', TASK, '--dangerously-skip-permissions', '--output-format', 'json'], env: { ...claudeEnv(ws, srv), CLAUDE_CODE_SHELL: bash } };
  },
};

function codexConfig(ws: Workspace, srv: ModelServer): string {
  const home = path.join(ws.home, '.codex');
  mkdirSync(home, { recursive: true });
  writeFileSync(
    path.join(home, 'config.toml'),
    `model = "gpt-5.5"\nmodel_provider = "scripted"\n\n[model_providers.scripted]\nname = "scripted"\nbase_url = "${srv.url}/v1"\nwire_api = "responses"\nenv_key = "OPENAI_API_KEY"\n\n` +
      `[projects."${ws.repo}"]\ntrust_level = "trusted"\n`,
  );
  return home;
}

const codexArgv = () => [agentBin('codex'), 'exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', TASK];

/** The shim in the login user's real home: its passwd entry must outlive any one workspace. */
export function loginShim(): string {
  const { home } = ensureUser(LOGIN_USER);
  const dir = path.join(home, '.countersign', 'bin');
  const env = { HOME: home, USER: LOGIN_USER, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
  const bash = shims(LOGIN_USER, env, dir);
  ensureUser(LOGIN_USER, bash);
  return bash;
}

export const codexLogin: Integration = {
  agent: 'codex',
  name: 'login-shell shim (passwd shell = countersign shim)',
  route: 'shell',
  user: LOGIN_USER,
  setup(ws, srv) {
    const ch = codexConfig(ws, srv);
    return { argv: codexArgv(), env: { ...ws.env, CODEX_HOME: ch, OPENAI_API_KEY: 'sk-scripted' } };
  },
};

/** Trust Codex's hooks the way a person does: its TUI's "Hooks need review" screen, "Trust all". */
export async function trustCodexHooks(ws: Workspace, env: Record<string, string>): Promise<void> {
  const sock = path.join(ws.root, 'codex-tui.sock');
  const tm = (args: string[]): string =>
    execFileSync('runuser', ['-u', ws.user, '--', '/usr/bin/env', 'TERM=xterm-256color', `HOME=${ws.home}`, 'tmux', '-S', sock, ...args], { encoding: 'utf8' });
  const config = path.join(env.CODEX_HOME!, 'config.toml');
  tm(['new-session', '-d', '-s', 'tui', '-x', '160', '-y', '50', '-c', ws.repo, '/usr/bin/env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), agentBin('codex'), '--dangerously-bypass-approvals-and-sandbox']);
  try {
    const end = Date.now() + 60_000;
    let pressed = false;
    let declined = 0;
    while (!readFileSync(config, 'utf8').includes('trusted_hash')) {
      if (Date.now() > end) throw new Error(`Codex never wrote the hook trust:\n${tm(['capture-pane', '-p', '-t', 'tui'])}`);
      const screen = tm(['capture-pane', '-p', '-t', 'tui']);
      // Codex may first announce a new model ("1. Try new model / 2. Use existing model"): keep
      // the configured one, as a person would who wants their setup unchanged.
      if (/Use existing model/.test(screen) && Date.now() - declined > 2000) {
        tm(['send-keys', '-t', 'tui', 'Down']);
        await new Promise((r) => setTimeout(r, 300));
        tm(['send-keys', '-t', 'tui', 'Enter']);
        declined = Date.now();
      } else if (!pressed && /Trust all and continue/.test(screen)) {
        tm(['send-keys', '-t', 'tui', 'Down']);
        await new Promise((r) => setTimeout(r, 300));
        tm(['send-keys', '-t', 'tui', 'Enter']);
        pressed = true;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    try {
      tm(['kill-server']);
    } catch {
      /* gone */
    }
  }
}

function codexHookIntegration(trusted: boolean): Integration {
  return {
    agent: 'codex',
    name: `hook (PreToolUse in $CODEX_HOME/hooks.json, \`countersign hook codex\`), ${trusted ? 'trusted' : 'NOT trusted in the TUI'}`,
    route: 'hook',
    user: USER,
    async setup(ws, srv, hook) {
      const ch = codexConfig(ws, srv);
      writeJson(path.join(ch, 'hooks.json'), { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: hookEntry('codex', hook), timeout: 30 }] }] } });
      ws.chown(ws.home);
      const env = { ...ws.env, CODEX_HOME: ch, OPENAI_API_KEY: 'sk-scripted' };
      if (trusted) await trustCodexHooks(ws, env);
      return { argv: codexArgv(), env };
    },
  };
}
const codexHook = codexHookIntegration(true);
export const codexHookUntrusted = codexHookIntegration(false);

const geminiHook: Integration = {
  agent: 'gemini',
  name: 'hook (BeforeTool), --yolo',
  route: 'hook',
  user: USER,
  setup(ws, srv, hook) {
    const dir = path.join(ws.home, '.gemini');
    writeJson(path.join(dir, 'settings.json'), {
      security: { auth: { selectedType: 'gemini-api-key' } },
      privacy: { usageStatisticsEnabled: false },
      general: { disableAutoUpdate: true },
    });
    // The project file, as the README shows it.
    writeJson(path.join(ws.repo, '.gemini', 'settings.json'), {
      hooksConfig: { enabled: true },
      hooks: { BeforeTool: [{ matcher: 'run_shell_command', hooks: [{ name: 'countersign', type: 'command', command: hookEntry('gemini', hook), timeout: 30000 }] }] },
    });
    // Without this, --yolo falls back to default approval (and project settings are ignored).
    writeJson(path.join(dir, 'trustedFolders.json'), { [ws.repo]: 'TRUST_FOLDER' });
    return { argv: [agentBin('gemini'), '--yolo', '-p', TASK, '-o', 'json'], env: { ...ws.env, GEMINI_API_KEY: 'scripted', GOOGLE_GEMINI_BASE_URL: srv.url } };
  },
};

const claudeBypass = claudeHook('bypassPermissions');
export const claudeBlockOnFailure = claudeHook('bypassPermissions', 'block');
export { claudeBypass, codexHook, geminiHook };

export const INTEGRATIONS: Integration[] = [
  claudeHook('default'),
  claudeHook('acceptEdits'),
  claudeBypass,
  claudeShell,
  codexLogin,
  codexHook,
  geminiHook,
];

const AGENT_TIMEOUT_MS = 4 * 60_000;
/** Shell routes wait this long for a person; short, so a declined call costs little (the person
 *  approves after the refusal, and the agent's retry runs, as with hooks). */
export const APPROVAL_TIMEOUT_S = 3;

/** Run one integration's standard session. */
export async function runSession(integ: Integration): Promise<Outcome> {
  const ws = workspace(integ.user, APPROVAL_TIMEOUT_S);
  const person: PersonContext = { user: integ.user, env: ws.env, root: ws.root };
  const dataAfter: boolean[] = [];
  const dataNow = (): boolean => existsSync(path.join(ws.data, 'keep.txt'));
  let approval: Approval | undefined;
  let error: string | undefined;
  // Each step records what the previous one left behind before answering.
  const at = (n: number, next: (results: readonly ToolResult[]) => Action | Promise<Action>): Step => async (results) => {
    dataAfter[n - 1] = dataNow();
    return next(results);
  };
  const srvRef: { srv?: ModelServer } = {};
  const fail = (e: unknown): Action => {
    error = (e as Error).stack ?? String(e);
    return { text: 'stopping: the test harness failed' };
  };
  const common: Step[] = [
    { call: 'echo hello > out.txt' },
    at(1, () => ({ call: RM_R })),
    at(2, () => ({ call: curlCommand(srvRef.srv!.sinkPort) })),
    at(3, () => ({ call: RM_RF })),
  ];
  // The call is stopped with an approval id; a person approves; the agent retries; data/ is put
  // back and the agent retries again.
  const hookSteps: Step[] = [
    at(4, () => ({ call: RM_R })),
    at(5, async (results) => {
      try {
        const id = approvalIdIn(results[4]?.text ?? '');
        if (!id) throw new Error(`the model was not told an approval id:\n${results[4]?.text}`);
        approval = await personApproves(person, id);
      } catch (e) {
        return fail(e);
      }
      return { call: RM_R };
    }),
    at(6, () => {
      ws.resetData();
      return { call: RM_R };
    }),
    at(7, () => ({ text: 'All done.' })),
  ];
  // Every route the same way: a shell route waits only briefly (APPROVAL_TIMEOUT_S), then, like a
  // hook, leaves the request for the person and the agent's retry.
  const steps = { echo: 0, rmR: 1, curl: 2, rmRf: 3, ask: 4, retry: 5, retry2: 6 };
  const stepList = [...common, ...hookSteps];
  const srv = await startModelServer({ steps: stepList, lifetimeMs: AGENT_TIMEOUT_MS + 60_000 });
  srvRef.srv = srv;
  try {
    const { argv, env } = await integ.setup(ws, srv);
    ws.chown(ws.root);
    const run = await runAs(integ.user, argv, env, ws.repo, AGENT_TIMEOUT_MS);
    const out = path.join(ws.repo, 'out.txt');
    return {
      integration: integ,
      run,
      results: srv.results.slice(),
      dataAfter,
      dataAtEnd: dataNow(),
      outTxt: existsSync(out) ? readFileSync(out, 'utf8') : undefined,
      sinkHits: srv.sinkHits(),
      approval,
      steps,
      pendingAtEnd: pendingRequests(person).map((p) => p.command),
      serverLog: srv.log.slice(),
      error,
    };
  } finally {
    await srv.close();
    if (!process.env.CS_E2E_KEEP) ws.cleanup();
  }
}

/** The Codex pty scenario: the model asks for a terminal and types the phrase it reads there. */
export async function runPtyForgery(): Promise<{ run: RunResult; results: ToolResult[]; dataAtEnd: boolean; typed?: string; serverLog: string[] }> {
  const ws = workspace(LOGIN_USER, APPROVAL_TIMEOUT_S);
  let typed: string | undefined;
  const stepList: Step[] = [
    { call: RM_R, tty: true },
    (results) => {
      const screen = results[0]?.text ?? '';
      const phrase = /type exactly:\s+(.+?)\s*$/m.exec(screen)?.[1];
      const session = Number(/session ID (\d+)/i.exec(screen)?.[1]);
      if (!phrase || !session) return { text: 'no phrase on the terminal' };
      typed = phrase;
      return { write: `${phrase}\r`, session };
    },
    (results) => (results.length > 1 && /session ID/i.test(results[1]!.text) ? { write: '', session: Number(/session ID (\d+)/i.exec(results[0]!.text)?.[1]) } : { text: 'done' }),
    { text: 'All done.' },
  ];
  const srv = await startModelServer({ steps: stepList, lifetimeMs: AGENT_TIMEOUT_MS + 60_000 });
  try {
    const { argv, env } = await codexLogin.setup(ws, srv);
    ws.chown(ws.root);
    const run = await runAs(LOGIN_USER, argv, env, ws.repo, AGENT_TIMEOUT_MS);
    return { run, results: srv.results.slice(), dataAtEnd: existsSync(path.join(ws.data, 'keep.txt')), typed, serverLog: srv.log.slice() };
  } finally {
    await srv.close();
    if (!process.env.CS_E2E_KEEP) ws.cleanup();
  }
}

export const versionOf = (agent: AgentName): string => VERSIONS[agent].version;

export interface ShortRun {
  run: RunResult;
  results: ToolResult[];
  outTxt: boolean;
  dataAtEnd: boolean;
  serverLog: string[];
}

/** A short session: the harmless echo, then `rm -r data`; optional user config and hook command,
 *  and (Codex) a `shell` the model names for both calls. */
export async function runShort(integ: Integration, opts: { userConfig?: string; hook?: string; shell?: string; login?: boolean } = {}): Promise<ShortRun> {
  const ws = workspace(integ.user, APPROVAL_TIMEOUT_S);
  if (opts.userConfig) writeFileSync(path.join(ws.xdg.config, 'countersign', 'config.yaml'), opts.userConfig);
  const srv = await startModelServer({ steps: [{ call: 'echo hello > out.txt', shell: opts.shell, login: opts.login }, { call: RM_R, shell: opts.shell, login: opts.login }, { text: 'All done.' }], lifetimeMs: AGENT_TIMEOUT_MS + 60_000 });
  try {
    const { argv, env } = await integ.setup(ws, srv, opts.hook);
    ws.chown(ws.root);
    const run = await runAs(integ.user, argv, env, ws.repo, AGENT_TIMEOUT_MS);
    return { run, results: srv.results.slice(), outTxt: existsSync(path.join(ws.repo, 'out.txt')), dataAtEnd: existsSync(path.join(ws.data, 'keep.txt')), serverLog: srv.log.slice() };
  } finally {
    await srv.close();
    if (!process.env.CS_E2E_KEEP) ws.cleanup();
  }
}
