// The set-up the confirm-path red teams share (test/forgery/rt23x–rt26x): a fixture whose person
// has an approver key (pinned), a short approval wait, ~/.local/bin first on PATH, a project
// where countersign has run once (its team file first seen as written); the agent's side (a
// no-wait `countersign -c` under Codex's markers, each agent's hook given a raw payload) and the
// person's (`countersign approve` in a real pty, typing the passphrase). `redTeam()` registers the
// beforeEach/afterEach that make and remove one per test; read `fx` and the rest from it inside
// a test (they change with each one).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import * as keys from '../../src/keys/index.js';
import { approveInTerminal, makeApprover, type TestApprover } from './approver.js';
import { BIN, auditLines, checkJson, makeFixture, run, runCountersign, type Fixture, type RanHashed } from './fixture.js';
import { spawnPty, type PtyProcess } from './pty.js';

/** Codex's markers: a `countersign -c` under them never waits on a terminal. */
export const CODEX = { CODEX_THREAD_ID: 'thread-1', CODEX_CI: '1' };
export type Agent = 'claude' | 'cursor' | 'gemini' | 'codex';
export type Judged = { decision: string; phrase?: string; findings: Array<{ rule: string; detail?: string }> };

export const denied = (r: RanHashed): boolean => /"(permissionDecision|permission|decision)":"deny"/.test(r.out);
export const noOpinion = (r: RanHashed): boolean => r.code === 0 && (r.out === '' || r.out === '{}');
export const rules = (j: Judged): string[] => [...new Set(j.findings.map((f) => f.rule))];

export interface RedTeam {
  readonly fx: Fixture;
  /** The person's key (signs approvals in-process where a test needs one without a pty). */
  readonly person: TestApprover;
  /** ~/.local/bin, first on the agent's PATH. */
  readonly localBin: string;
  dataIntact(): boolean;
  audit(): Array<Record<string, unknown>>;
  PATH(): string;
  /** The agent's environment: its markers, and the person's PATH with ~/.local/bin first. */
  agentEnv(extra?: Record<string, string | undefined>): Record<string, string>;
  /** The agent's tool: `countersign -c CMD` with no terminal, Codex's markers (no wait). */
  agentRun(cmd: string, extra?: Record<string, string | undefined>, cwd?: string): Promise<RanHashed>;
  /** An agent's hook given exactly this payload. */
  hookRaw(agent: Agent, input: string): Promise<RanHashed>;
  /** Claude Code's PreToolUse / Gemini's BeforeTool for one of their file tools. */
  claudeTool(tool: string, input: Record<string, unknown>): string;
  geminiTool(tool: string, input: Record<string, unknown>): string;
  pty(file: string, args: string[], cwd?: string): PtyProcess;
  /** The person runs `countersign approve ID` in a terminal of their own and types phrase and passphrase. */
  personApproves(id: string): ReturnType<typeof approveInTerminal>;
  judge<T = Judged>(line: string, env?: Record<string, string>): Promise<T>;
  home(p: string): string;
  put(file: string, text: string): void;
}

export function redTeam(opts: { team?: string } = {}): RedTeam {
  let fx: Fixture | undefined;
  let person: TestApprover | undefined;
  let procs: PtyProcess[] = [];
  const need = (): Fixture => {
    if (!fx) throw new Error('redTeam: no fixture outside a test');
    return fx;
  };
  const localBin = (): string => path.join(need().home, '.local', 'bin');
  beforeEach(async () => {
    fx = makeFixture(opts.team !== undefined ? { team: opts.team } : {});
    person = makeApprover(fx.config);
    keys.trustAnchor(fx.env(), fx.home, fx.csState);
    fx.userConfig('confirm:\n  approval-timeout: 8\n');
    mkdirSync(localBin(), { recursive: true });
    procs = [];
    // countersign has run in the project once (its team file is first seen as the fixture wrote it).
    expect((await checkJson(fx, 'rm -rf data')).decision).toBe('confirm');
  });
  afterEach(() => {
    for (const p of procs) p.kill();
    fx?.cleanup();
    fx = undefined;
  });
  const PATH = (): string => `${localBin()}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  const agentEnv = (extra: Record<string, string | undefined> = {}): Record<string, string> => need().env({ CI: undefined, ...CODEX, PATH: PATH(), ...extra });
  const pty = (file: string, args: string[], cwd = need().home): PtyProcess => {
    const p = spawnPty(file, args, { cwd, env: need().env({ TERM: 'xterm-256color' }) });
    procs.push(p);
    return p;
  };
  const rt: RedTeam = {
    get fx() {
      return need();
    },
    get person() {
      if (!person) throw new Error('redTeam: no approver outside a test');
      return person;
    },
    get localBin() {
      return localBin();
    },
    dataIntact: () => existsSync(path.join(need().data, 'db.sqlite')) && existsSync(path.join(need().data, 'sub', 'keep.txt')),
    audit: () => auditLines(need()).map((l) => JSON.parse(l) as Record<string, unknown>),
    PATH,
    agentEnv,
    agentRun: (cmd, extra = {}, cwd = need().repo) => runCountersign(['-c', cmd], { cwd, env: agentEnv(extra), detached: true }),
    hookRaw: (agent, input) => run(BIN, ['hook', agent], { cwd: need().repo, env: need().env({ CI: 'true', PATH: PATH() }), input, detached: true }),
    claudeTool: (tool, input) => JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, cwd: need().repo }),
    geminiTool: (tool, input) => JSON.stringify({ session_id: 's', hook_event_name: 'BeforeTool', tool_name: tool, tool_input: input, cwd: need().repo }),
    pty,
    personApproves: (id) => approveInTerminal(pty(BIN, ['approve', id])),
    judge: async <T>(line: string, env = need().env({ PATH: PATH() })): Promise<T> => (await checkJson(need(), line, env)) as T,
    home: (p) => path.join(need().home, p),
    put(file, text) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
  };
  return rt;
}
