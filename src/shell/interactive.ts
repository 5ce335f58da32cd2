// Interactive sessions: `countersign` with no command on a terminal (also -i/-l). The real shell
// runs as an interactive login shell inside a pseudo-terminal; bytes pass both ways untouched,
// resizes are passed on, and the session ends with the shell's status.
//
// The shell keeps its own startup files, prompt, history, completion and line editing. After them,
// a hook (session/bash.ts, session/zsh.ts) sends every submitted line, with $PWD and, when needed,
// the exported environment, over private FIFOs (session/channel.ts) before it runs. It is judged
// here, in process, with the same engine as -c mode (session/judge.ts, session/requests.ts). A line
// that needs a person runs as a gate command: this process then owns the outer terminal, draws the
// panel and reads the phrase from it (session/panels.ts, session/ui.ts) while nothing typed
// reaches the shell.
//
// The session's parts, each in session/: setup (which shell, the private directory, its
// arguments), pty (the pseudo-terminal and the outer terminal around it), keygate (keys reach the
// shell only while its guard is connected), panels (gates waiting for a person, one panel at a
// time), approver (the passphrase after the phrase), requests (answers to the hooks), startup (the
// user's startup files as the session found them) and channel (the FIFOs). This file wires them.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { IPty } from '@lydell/node-pty';
import type { AuditRecord, Settled } from '../audit/index.js';
import type { CheckResult, Engine } from '../engine.js';
import { homeOf } from '../engine.js';
import { dialectOf, onPath } from './real.js';
import { Approver } from './session/approver.js';
import { ChannelServer } from './session/channel.js';
import { parseExportP, parseNulEnv } from './session/envparse.js';
import { Judge, type Dialect } from './session/judge.js';
import { KeyGate } from './session/keygate.js';
import { MarkerFilter } from './session/markers.js';
import { confirmContext, PanelQueue, type Gate } from './session/panels.js';
import { processTerminal, Relay, sizeOf, spawnPty, type OuterTerminal } from './session/pty.js';
import { Requests } from './session/requests.js';
import { chooseShell, launch, makeSessionDir } from './session/setup.js';
import { StartupWatch, startupFiles } from './session/startup.js';

export { shellOptions } from './session/setup.js';

export async function interactive(realShell: string, argv: string[], engine: Engine): Promise<number> {
  void engine;
  const env = process.env;
  const shell = chooseShell(realShell, env);
  if (!shell) return 70;
  const dir = makeSessionDir(env);
  if (!dir) return 70;
  const dialect = dialectOf(shell);
  const l = launch(argv, dialect, dir.dir, env);
  const term = processTerminal();
  let pty: IPty;
  try {
    pty = await spawnPty(shell, l.args, l.env, sizeOf(term));
  } catch (e) {
    dir.remove();
    process.stderr.write(`countersign: can't start ${shell} in a pseudo-terminal (${(e as Error).message}); nothing was started.\n`);
    return 70;
  }
  const startup = new StartupWatch(startupFiles(homeOf(env), l.env.__CS_USER_ZDOTDIR ?? '', l.env.__CS_USER_RC));
  const session = openSession(pty, term, { env, dir: dir.dir, sessionId: l.sessionId, shell, dialect, startup });
  const exit = await new Promise<{ exitCode: number; signal?: number }>((resolve) => pty.onExit((e) => resolve(e)));
  await session.started;
  session.close();
  dir.remove();
  if (exit.signal) {
    const name = Object.entries(os.constants.signals).find(([, n]) => n === exit.signal)?.[0] as NodeJS.Signals | undefined;
    const { exitLike } = await import('./run.js');
    exitLike({ code: null, signal: name ?? null });
  }
  return exit.exitCode;
}

interface SessionOptions {
  env: NodeJS.ProcessEnv;
  dir: string;
  sessionId: string;
  shell: string;
  dialect: Dialect;
  startup: StartupWatch;
}

/** The running session: its parts, wired. */
export interface Session {
  relay: Relay;
  keys: KeyGate;
  panels: PanelQueue;
  requests: Requests;
  server: ChannelServer;
  /** Resolves once the channel listens (after the agent signs are known). */
  started: Promise<void>;
  close(): void;
}

/** Wires the parts around a started pty. Synchronous up to the channel, so no output is missed. */
function openSession(pty: IPty, term: OuterTerminal, o: SessionOptions): Session {
  const { env } = o;
  const home = homeOf(env);
  const relay = new Relay(pty, term);
  const keys = new KeyGate(pty.pid, { toShell: (b) => relay.toShell(b), say: (s) => relay.write(s), endShell: () => relay.signal('SIGHUP') });
  const signs = import('../confirm/index.js').then((m) => m.agentSigns(env));
  const panels = new PanelQueue({
    write: (b) => relay.write(b),
    columns: () => relay.size().cols,
    color: !env.NO_COLOR,
    audit: (g, settled, extra) => auditGate(o, home, g, settled, extra),
    approver: new Approver(env, home, signs),
    newId: () => randomBytes(8).toString('hex'),
  });
  const filter = new MarkerFilter((id) => panels.marker(id), (b) => panels.output(b));
  pty.onData((d) => {
    const b = d as unknown as Buffer;
    keys.fromShell(b);
    filter.push(b);
  });
  // A panel, when one is open, has the keys; otherwise the key gate decides.
  relay.start((d) => {
    if (!panels.keys(d)) keys.keys(d);
  });
  const shells = { bash: o.dialect === 'bash' ? o.shell : onPath('bash', env), zsh: o.dialect === 'zsh' ? o.shell : onPath('zsh', env) };
  const judge = new Judge({ home, env, sessionDir: o.dir, shells, startup: o.startup });
  const requests = new Requests({
    judge,
    panels,
    nonce: env.VSCODE_NONCE,
    expectNested: () => keys.expectNested(),
    auditAllowed: (text, cwd, result) => auditAllowed(o, home, text, cwd, result),
  });
  const server = new ChannelServer({
    dir: o.dir,
    onRequest: (ch, req) => void requests.handle(ch, req),
    onHello: (pid) => keys.hello(pid),
    parseEnv: (format, text) => (format === 'z' ? parseNulEnv(text) : parseExportP(text)),
  });
  // The agent signs are known before any line can reach a panel (if they can't be had, the
  // approver asks for the passphrase). A channel that can't open ends the shell: it can't be guarded.
  const started = signs
    .then(() => undefined, () => undefined)
    .then(() => server.start())
    .catch((e: Error) => {
      relay.write(`\r\ncountersign: the guard's channel did not open (${e.message}); the session ends.\r\n`);
      relay.signal('SIGHUP');
    });
  const close = (): void => {
    keys.close();
    filter.flush();
    panels.flush();
    server.close();
    relay.stop();
  };
  return { relay, keys, panels, requests, server, started, close };
}

/** One confirm path: the audit goes through confirm/index.ts, with this session's id. */
async function auditGate(o: SessionOptions, home: string, g: Gate, settled: Settled, extra: Partial<AuditRecord> = {}): Promise<void> {
  try {
    const c = await import('../confirm/index.js');
    await c.audit({ ...confirmContext(g, o.env, home), env: { ...o.env, COUNTERSIGN_SESSION: o.sessionId } }, settled, extra);
  } catch {
    /* the audit module reports its own errors */
  }
}

async function auditAllowed(o: SessionOptions, home: string, text: string, cwd: string, result: CheckResult): Promise<void> {
  const c = await import('../confirm/index.js');
  await c.audit({ text, cwd, env: { ...o.env, COUNTERSIGN_SESSION: o.sessionId }, home, result, confirm: {}, via: 'interactive' }, 'allowed');
}
