// Interactive sessions: `countersign` with no command on a terminal (also -i/-l). The real shell
// runs as an interactive login shell inside a pseudo-terminal; bytes pass both ways untouched,
// resizes are passed on, and the session ends with the shell's status.
//
// The shell keeps its own startup files, prompt, history, completion and line editing. After them,
// a hook (session/bash.ts, session/zsh.ts) sends every submitted line, with $PWD and, when needed,
// the exported environment, over private FIFOs (session/channel.ts) before it runs. It is judged
// here, in process, with the same engine as -c mode (session/judge.ts). A line that needs a person
// runs as a gate command: this process then owns the outer terminal, draws the panel and reads the
// phrase from it (session/ui.ts) while nothing typed reaches the shell.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckResult, Engine } from '../engine.js';
import { homeOf } from '../engine.js';
import { dialectOf, onPath } from './real.js';
import { bashRc } from './session/bash.js';
import { zshFiles } from './session/zsh.js';
import { ChannelServer, type Channel, type Request } from './session/channel.js';
import { parseExportP, parseNulEnv } from './session/envparse.js';
import { Judge, type Dialect } from './session/judge.js';
import { preexecSequence } from './session/osc.js';
import { confirmUi, readLine, type Outcome } from './session/ui.js';
import { MarkerFilter } from './session/markers.js';
import { Snapshot, candidateNames, defsToCode, lineWords, parseRecords, splitDeclareF, type Def } from './session/defs.js';
import { finding } from './session/analysis.js';

const FINISHED = Buffer.from('\x1b]633;D');
/** The end of a prompt (PS1 carries it): the line editor has the terminal from here on. */
const PROMPT_END = Buffer.from('\x1b]633;B');

/** How many rounds of "what do these definitions call?" before a line pauses instead. */
const MAX_DEF_ROUNDS = 8;

interface Gate {
  id: string;
  text: string;
  cwd: string;
  result: CheckResult;
  engine: Engine;
  chan?: { ch: Channel; seq: string; nonce: string };
  marker: boolean;
  timer?: NodeJS.Timeout;
  created: number;
}

export async function interactive(realShell: string, argv: string[], engine: Engine): Promise<number> {
  const env = process.env;
  // Only bash and zsh can carry the hook: another shell would run unguarded, so use one of those.
  let shell = realShell;
  if (!/^(bash|zsh)/.test(path.basename(shell))) {
    const alt = onPath('bash', env) ?? onPath('zsh', env);
    if (!alt) {
      process.stderr.write(`countersign: interactive sessions can be guarded in bash or zsh, and ${shell} is neither (nor is either installed); nothing was started.\n`);
      return 70;
    }
    process.stderr.write(`countersign: ${path.basename(shell)} can't be guarded interactively; starting ${alt} instead (set \`shell:\` in your countersign config to choose).\n`);
    shell = alt;
  }
  if (dialectOf(shell) === 'bash' && !bashNewEnough(shell)) {
    // bash before 4.4 (macOS's /bin/bash is 3.2) lacks what the hook needs (PS0, READLINE_LINE).
    const zsh = onPath('zsh', env);
    if (zsh) {
      process.stderr.write(`countersign: ${shell} is older than bash 4.4 and can't be guarded interactively; starting ${zsh} instead.\n`);
      shell = zsh;
    }
  }
  const dialect = dialectOf(shell);
  const home = homeOf(env);
  const opts = shellOptions(argv, dialect);

  // The session's private directory: the hook files and the FIFOs.
  const dir = mkdtempSync(path.join(runtimeBase(env), 'countersign-'));
  const cleanupDir = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };
  process.on('exit', cleanupDir);
  try {
    execFileSync('mkfifo', ['-m', '600', path.join(dir, 'ctl')], { stdio: 'ignore' });
    writeFileSync(path.join(dir, 'bashrc'), bashRc(), { mode: 0o600 });
    const zdot = path.join(dir, 'zsh');
    mkdirSync(zdot, { mode: 0o700 });
    for (const [name, text] of Object.entries(zshFiles())) writeFileSync(path.join(zdot, name), text, { mode: 0o600 });
  } catch (e) {
    cleanupDir();
    process.stderr.write(`countersign: can't set up the guarded session (${(e as Error).message}); nothing was started.\n`);
    return 70;
  }

  const nonce = env.VSCODE_NONCE;
  const sessionId = `cs-${process.pid}-${randomBytes(4).toString('hex')}`;
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  // VS Code's scripts take the nonce and unset it, so nothing inside can forge a trusted line.
  delete childEnv.VSCODE_NONCE;
  Object.assign(childEnv, {
    COUNTERSIGN_SESSION: sessionId,
    __CS_DIR: dir,
    ZDOTDIR: path.join(dir, 'zsh'),
    __CS_USER_ZDOTDIR: userZdotdir(env),
    __CS_LOGIN: opts.login ? '1' : '',
    __CS_NORC: opts.norc ? '1' : '',
    __CS_NOPROFILE: opts.noprofile ? '1' : '',
    __CS_USER_RC: opts.rcfile ?? '',
  });
  const args = dialect === 'bash' ? [...opts.long, '--rcfile', path.join(dir, 'bashrc'), '-i', ...opts.short] : ['-i', ...(opts.login ? ['-l'] : []), ...opts.long, ...opts.short];

  const judge = new Judge({ home, env, sessionDir: dir, shells: { bash: dialect === 'bash' ? shell : onPath('bash', env), zsh: dialect === 'zsh' ? shell : onPath('zsh', env) } });
  void engine;

  let pty: import('@lydell/node-pty').IPty;
  const stdin = process.stdin;
  const stdout = process.stdout;
  const size = (): { cols: number; rows: number } => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  try {
    const nodePty = await import('@lydell/node-pty');
    pty = nodePty.spawn(shell, args, { name: env.TERM || 'xterm-256color', ...size(), cwd: process.cwd(), env: childEnv, encoding: null });
  } catch (e) {
    cleanupDir();
    process.stderr.write(`countersign: can't start ${shell} in a pseudo-terminal (${(e as Error).message}); nothing was started.\n`);
    return 70;
  }

  // The outer terminal: raw, output processing off (what inner programs write goes out as is).
  const saved = sttySave();
  if (stdin.isTTY) stdin.setRawMode(true);
  sttyRun(['-opost']);
  const restoreTty = (): void => {
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      /* closed */
    }
    if (saved) sttyRun([saved]);
  };

  // ---- the confirmation UI owns the terminal while it runs
  let ui: { keys?: (d: Buffer) => void } | undefined;
  let held: Buffer[] = [];
  const write = (b: Buffer | string): void => {
    stdout.write(b);
  };
  const gates = new Map<string, Gate>();
  const uiQueue: Gate[] = [];

  const filter = new MarkerFilter((id) => {
    const g = gates.get(id);
    if (!g) return;
    g.marker = true;
    maybeStart(g);
  }, (b) => {
    // The line that started a nested shell has ended (its shell printed 633;D): keys flow again.
    if (nestedWait && b.includes(FINISHED)) releaseNested();
    if (ui) held.push(b);
    else write(b);
  });

  // Until the shell's hook has connected, keys are held: a shell whose startup files failed (or
  // that exec'd something else) must not get commands it can't guard. The same holds after a line
  // that starts a nested bash or zsh: keys wait for its hook (or for the line to end).
  let connected = false;
  // Keys typed before the first prompt wait for it too: written to the shell earlier, the inner
  // terminal (still cooked, echo on) shows them, and the line editor shows them again.
  let prompted = false;
  let promptTail = Buffer.alloc(0);
  let promptTimer: NodeJS.Timeout | undefined;
  let early: Buffer[] = [];
  let nestedWait: { timer: NodeJS.Timeout; warned: boolean } | undefined;
  const releaseNested = (): void => {
    if (!nestedWait) return;
    clearTimeout(nestedWait.timer);
    nestedWait = undefined;
    for (const d of early) pty.write(d as unknown as string);
    early = [];
  };
  const expectNested = (): void => {
    if (nestedWait) clearTimeout(nestedWait.timer);
    const w = { warned: false, timer: setTimeout(() => {
      w.warned = true;
      early = [];
      write('\r\ncountersign: the nested shell has not connected its guard, so what you type reaches it only as Ctrl-C or Ctrl-D (to end it) until it does.\r\n');
    }, 15_000) };
    w.timer.unref();
    nestedWait = w;
  };
  const connectTimer = setTimeout(() => {
    if (connected) return;
    write('\r\ncountersign: the shell did not connect its guard within 60 seconds (its startup files may have failed or replaced it); the session ends.\r\n');
    try {
      pty.kill('SIGHUP');
    } catch {
      /* gone */
    }
  }, 60_000);
  const onHello = (pid: number): void => {
    // Any hook saying hello now is the nested shell's (`exec zsh` keeps the pid).
    if (nestedWait) releaseNested();
    if (connected || pid !== pty.pid) return;
    connected = true;
    clearTimeout(connectTimer);
    // A prompt without the marker (PS1 replaced after the hook) must not keep keys forever.
    promptTimer = setTimeout(releaseEarly, 3000);
    promptTimer.unref();
    if (prompted) releaseEarly();
  };
  const releaseEarly = (): void => {
    if (!connected || nestedWait) return;
    clearTimeout(promptTimer);
    prompted = true;
    for (const d of early) pty.write(d as unknown as string);
    early = [];
  };

  pty.onData((d) => {
    const b = d as unknown as Buffer;
    if (!prompted) {
      // The marker may be split between reads: keep the end of the last one.
      const seen = Buffer.concat([promptTail, b]);
      if (seen.includes(PROMPT_END)) {
        prompted = true;
        if (connected) releaseEarly();
      } else promptTail = seen.subarray(Math.max(0, seen.length - PROMPT_END.length));
    }
    filter.push(b);
  });
  stdin.on('data', (d: Buffer) => {
    if (ui) ui.keys?.(d);
    else if (!connected || !prompted) early.push(d);
    else if (nestedWait) {
      if (!nestedWait.warned) early.push(d);
      else {
        const keep = Buffer.from([...d].filter((b) => b === 0x03 || b === 0x04));
        if (keep.length) pty.write(keep as unknown as string);
      }
    } else pty.write(d as unknown as string);
  });
  stdin.resume();
  const onResize = (): void => {
    const s = size();
    try {
      pty.resize(s.cols, s.rows);
    } catch {
      /* exited */
    }
  };
  stdout.on('resize', onResize);
  const forward = (sig: NodeJS.Signals) => () => {
    try {
      pty.kill(sig === 'SIGTERM' ? 'SIGHUP' : sig);
    } catch {
      /* gone */
    }
  };
  const sigs: Array<[NodeJS.Signals, () => void]> = (['SIGHUP', 'SIGTERM'] as NodeJS.Signals[]).map((s) => [s, forward(s)]);
  for (const [s, h] of sigs) process.on(s, h);

  const maybeStart = (g: Gate): void => {
    if (!g.chan) return;
    if (!g.marker && !g.timer) {
      // The marker keeps the panel after what the shell printed; don't wait for it forever.
      g.timer = setTimeout(() => {
        g.marker = true;
        maybeStart(g);
      }, 1500);
      return;
    }
    if (!g.marker) return;
    if (g.timer) clearTimeout(g.timer);
    if (uiQueue.includes(g)) return;
    uiQueue.push(g);
    if (uiQueue.length === 1) void runUi();
  };

  const uiIo: import('./session/ui.js').UiIo = {
    write: (s) => write(s.replace(/\r?\n/g, '\r\n')),
    onKeys: (cb) => {
      ui!.keys = cb;
      return () => {
        if (ui) ui.keys = undefined;
      };
    },
    columns: () => size().cols,
  };
  const runUi = async (): Promise<void> => {
    while (uiQueue.length) {
      const g = uiQueue[0]!;
      ui = {};
      let outcome: Outcome = 'declined';
      try {
        outcome = await confirmUi(
          uiIo,
          g.text,
          g.result,
          { color: !env.NO_COLOR, timeoutMs: (g.engine.config.confirm.timeout ?? 300) * 1000 },
        );
      } catch (e) {
        write(`\r\ncountersign: ${(e as Error).message}\r\n`);
        outcome = 'declined';
      }
      let settled: import('../audit/index.js').Settled = outcome === 'confirmed' ? 'terminal-phrase' : outcome === 'denied' ? 'denied' : outcome === 'timeout' ? 'timeout' : 'declined';
      let extra: Partial<import('../audit/index.js').AuditRecord> = {};
      if (outcome === 'confirmed' && needsPassphrase(g)) {
        const signed = await withPassphrase(g).catch((e: Error) => {
          write(`\r\ncountersign: ${e.message}\r\n`);
          return undefined;
        });
        if (signed) {
          settled = 'passphrase';
          extra = { fingerprint: signed.fingerprint, signed: { claims: signed.claims, signature: signed.signature } };
        } else {
          settled = 'declined';
          extra = { note: 'the phrase was typed, the approver passphrase was not' };
        }
      }
      const run = settled === 'terminal-phrase' || settled === 'passphrase';
      if (!run) write(`  ${outcome === 'denied' ? 'Denied by policy' : outcome === 'timeout' ? 'No confirmation in time' : 'Declined'}: the command did not run.\r\n`);
      await audit(g, settled, extra);
      ui = undefined;
      const out = held;
      held = [];
      for (const b of out) write(b);
      g.chan!.ch.reply(g.chan!.seq, g.chan!.nonce, run ? 'Y' : 'X');
      gates.delete(g.id);
      uiQueue.shift();
    }
  };

  const confirmCtx = (g: Gate): import('../confirm/index.js').ConfirmContext => ({ text: g.text, cwd: g.cwd, env, home, result: g.result, confirm: g.engine.config.confirm, notes: g.engine.config.pendingTrust, via: 'interactive' });
  const audit = async (g: Gate, settled: import('../audit/index.js').Settled, extra: Partial<import('../audit/index.js').AuditRecord> = {}): Promise<void> => {
    try {
      const c = await import('../confirm/index.js');
      await c.audit({ ...confirmCtx(g), env: { ...env, COUNTERSIGN_SESSION: sessionId } }, settled, extra);
    } catch {
      /* the audit module reports its own errors */
    }
  };

  // A terminal is no proof of a person: where an agent may drive this one, or where the config
  // asks for it, the phrase is followed by the approver passphrase. The key stays unlocked in this
  // process for confirm.unlock-minutes, so a person types it once in a while, not every time.
  const signs = (await import('../confirm/agents.js')).agentSigns(env);
  const needsPassphrase = (g: Gate): boolean => signs.length > 0 || g.engine.config.confirm.passphrase === 'always';
  let unlocked: { key: import('node:crypto').KeyObject; fingerprint: string; until: number } | undefined;
  const withPassphrase = async (g: Gate): Promise<{ fingerprint: string; signature: string; claims: import('../confirm/keys.js').Claims } | undefined> => {
    const keys = await import('../confirm/keys.js');
    const ap = await import('../confirm/approvals.js');
    const { APPROVAL_TTL_MS, anchorFor } = await import('../confirm/index.js');
    const { anchor, problem } = await anchorFor({ env, home });
    if (!anchor) {
      write(`  ${problem ?? 'No approver key is set up, so nothing can be approved here.'} Set one up in a terminal of your own: countersign approver setup\r\n`);
      return undefined;
    }
    if (!unlocked || unlocked.until < Date.now() || unlocked.fingerprint !== anchor.fingerprint) {
      unlocked = undefined;
      const file = keys.readKeyFile(keys.approverFile(env, home));
      if (!file || file.fingerprint !== anchor.fingerprint) {
        write(`  The approver key ${anchor.fingerprint} is not on this machine's user config; approve with \`countersign approve\` where it is.\r\n`);
        return undefined;
      }
      if (signs.length) write(`  ${signs[0]}: the approver passphrase is needed too.\r\n`);
      for (let i = 0; i < 3 && !unlocked; i++) {
        write(`\u203a Approver passphrase (key ${anchor.fingerprint}): `);
        const pass = await readLine(uiIo, (g.engine.config.confirm.timeout ?? 300) * 1000, { mask: true });
        if (!pass) return undefined;
        try {
          unlocked = { key: keys.unlockKey(file, pass), fingerprint: anchor.fingerprint, until: Date.now() + (g.engine.config.confirm['unlock-minutes'] ?? 15) * 60_000 };
        } catch (e) {
          if (!(e instanceof keys.WrongPassphrase)) throw e;
          write('  That is not the passphrase.\r\n');
        }
      }
      if (!unlocked) return undefined;
    }
    const claims = { purpose: 'approve' as const, id: g.id, binding: ap.bindingOf(g.text, g.cwd, g.result.findings), expires: Date.now() + APPROVAL_TTL_MS, by: `interactive ${env.USER ?? ''}`.trim() };
    return { fingerprint: unlocked.fingerprint, signature: keys.sign(unlocked.key, claims), claims };
  };

  // ---- requests from the hooks
  interface Pending {
    text: string;
    pwd: string;
    defs: Def[];
    asked: Set<string>;
    rounds: number;
    deep: boolean;
  }
  const pending = new Map<number, Pending>();
  const snapshots = new Map<number, Snapshot>();
  const handle = async (ch: Channel, req: Request): Promise<void> => {
    const reply = (kind: string, a = '', b = ''): void => ch.reply(req.seq, req.nonce, kind, a, b);
    const fresh = (records: string): Def[] => {
      const snap = snapshots.get(ch.pid);
      return parseRecords(records).filter((d) => !snap?.has(d));
    };
    // Definitions first (a few rounds), then the quick verdict, then the environment for the rest.
    const next = async (p: Pending): Promise<void> => {
      if (p.defs.length) {
        const more = candidateNames(defsToCode(p.defs), p.asked);
        if (more.length && p.rounds < MAX_DEF_ROUNDS) {
          p.rounds++;
          pending.set(ch.pid, p);
          return reply('F', more.join(' '));
        }
        if (more.length) p.deep = true;
      }
      const v = await judge.quick(p.text, p.pwd, defsToCode(p.defs));
      if (v?.kind === 'allow') {
        pending.delete(ch.pid);
        return reply('A', p.text.trim() ? preexecSequence(p.text, nonce) : '');
      }
      pending.set(ch.pid, p);
      return reply('V');
    };
    try {
      if (req.kind === 'Q') {
        pending.delete(ch.pid);
        if (req.running) return reply('A');
        const text = req.expanded || req.line;
        const defs = fresh(req.defs);
        const p: Pending = { text, pwd: req.pwd, defs, asked: lineWords(text), rounds: 0, deep: false };
        for (const d of defs) p.asked.add(d.name);
        return await next(p);
      }
      if (req.kind === 'D') {
        const p = pending.get(ch.pid);
        if (!p) return reply('R', 'countersign: the session lost track of this line; it was not run.');
        for (const d of fresh(req.defs)) {
          if (p.defs.some((x) => x.kind === d.kind && x.name === d.name)) continue;
          p.defs.push(d);
          p.asked.add(d.name);
        }
        return await next(p);
      }
      if (req.kind === 'S') {
        const snap = new Snapshot();
        snap.add(parseRecords(req.records));
        if (req.declareF) snap.add(splitDeclareF(req.declareF));
        snapshots.set(ch.pid, snap);
        return reply('A');
      }
      if (req.kind === 'E') {
        const p = pending.get(ch.pid);
        pending.delete(ch.pid);
        if (!p) return reply('R', 'countersign: the session lost track of this line; it was not run.');
        const extra = p.deep ? [finding('session/deep-definitions', "runs functions nested too deep to check", `the line calls functions or aliases that call others more than ${MAX_DEF_ROUNDS} levels deep`, p.text, 'run unchecked functions')] : [];
        const v = await judge.full(p.text, p.pwd, req.env, ch.dialect, defsToCode(p.defs), extra);
        if (v.kind === 'incomplete') return reply('N');
        if (v.kind === 'allow') {
          if (v.result?.findings.length) void auditAllowed(p.text, p.pwd, v.result);
          if (v.nested) expectNested();
          return reply('A', preexecSequence(p.text, nonce));
        }
        // A gate whose command never ran (a syntax error, an interrupted line) is dropped later.
        for (const [gid, g] of gates) if (!g.chan && Date.now() - g.created > 3_600_000) gates.delete(gid);
        const id = randomBytes(8).toString('hex');
        gates.set(id, { id, text: p.text, cwd: p.pwd, result: v.result, engine: v.engine, marker: false, created: Date.now() });
        return reply('G', id, preexecSequence(p.text, nonce));
      }
      if (req.kind === 'W') {
        const g = gates.get(req.id);
        if (!g || g.chan || g.text !== req.line) return reply('X');
        g.chan = { ch, seq: req.seq, nonce: req.nonce };
        maybeStart(g);
      }
    } catch (e) {
      // Fail closed: the line does not run.
      pending.delete(ch.pid);
      reply('R', `countersign: internal error (${(e as Error).message}); the line was not run.`);
    }
  };
  const auditAllowed = async (text: string, cwd: string, result: CheckResult): Promise<void> => {
    const c = await import('../confirm/index.js');
    await c.audit({ text, cwd, env: { ...env, COUNTERSIGN_SESSION: sessionId }, home, result, confirm: {}, via: 'interactive' }, 'allowed');
  };

  const server = new ChannelServer({
    dir,
    onRequest: (ch, req) => void handle(ch, req),
    onHello: (pid) => onHello(pid),
    parseEnv: (format, text) => (format === 'z' ? parseNulEnv(text) : parseExportP(text)),
  });
  server.start();

  const exit = await new Promise<{ exitCode: number; signal?: number }>((resolve) => pty.onExit((e) => resolve(e)));
  clearTimeout(connectTimer);
  clearTimeout(promptTimer);
  if (nestedWait) clearTimeout(nestedWait.timer);
  filter.flush();
  for (const b of held) write(b);
  server.close();
  stdout.off('resize', onResize);
  for (const [s, h] of sigs) process.off(s, h);
  restoreTty();
  stdin.pause();
  stdin.destroy();
  cleanupDir();
  if (exit.signal) {
    const name = Object.entries(os.constants.signals).find(([, n]) => n === exit.signal)?.[0] as NodeJS.Signals | undefined;
    const { exitLike } = await import('./run.js');
    exitLike({ code: null, signal: name ?? null });
  }
  return exit.exitCode;
}

interface ShellOptions {
  login: boolean;
  norc: boolean;
  noprofile: boolean;
  rcfile?: string;
  /** Options for the real shell: bash wants long ones first. */
  long: string[];
  short: string[];
}

/** countersign's own arguments (bash/zsh style) as options for the real shell. */
export function shellOptions(argv: string[], dialect: Dialect): ShellOptions {
  const o: ShellOptions = { login: true, norc: false, noprofile: false, long: [], short: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || a === '-') break;
    if (a === '--login' || a === '--norc' || a === '--noprofile') {
      if (a === '--norc') o.norc = true;
      if (a === '--noprofile') o.noprofile = true;
      continue;
    }
    if (a === '--rcfile' || a === '--init-file') {
      const f = argv[++i];
      // VS Code's own integration script (it injects it for shells named bash): the session does
      // the integration itself, and sources ~/.bashrc as the script would have.
      if (f && !/shellIntegration-bash\.sh$/.test(f)) o.rcfile = f;
      continue;
    }
    if (/^--?no-?rcs$/i.test(a)) continue; // zsh: skipping startup files would skip the hook
    if (a.startsWith('--')) {
      o.long.push(a);
      continue;
    }
    if (/^[-+][oO]$/.test(a)) {
      const v = argv[++i];
      if (v !== undefined && !(dialect === 'zsh' && /^no_?rcs$/i.test(v))) o.short.push(a, v);
      continue;
    }
    if (/^[-+]./.test(a)) {
      let letters = a.slice(1).replace(/[li]/g, '');
      if (dialect === 'zsh' && a.startsWith('-')) letters = letters.replace(/f/g, '');
      if (letters) o.short.push(a[0] + letters);
      continue;
    }
    break;
  }
  if (dialect === 'zsh' && (o.norc || o.noprofile)) {
    // zsh has no such options; -f would also skip the session's own files.
    o.norc = o.noprofile = false;
  }
  return o;
}

/** The user's own ZDOTDIR ('' for $HOME): not an outer countersign session's, nor VS Code's. */
function userZdotdir(env: NodeJS.ProcessEnv): string {
  if (env.__CS_DIR && env.__CS_USER_ZDOTDIR !== undefined) return env.__CS_USER_ZDOTDIR;
  if (env.VSCODE_INJECTION === '1' && env.USER_ZDOTDIR) return env.USER_ZDOTDIR;
  return env.ZDOTDIR ?? '';
}

function runtimeBase(env: NodeJS.ProcessEnv): string {
  const r = env.XDG_RUNTIME_DIR;
  if (r && path.isAbsolute(r)) {
    try {
      accessSync(r, constants.W_OK | constants.X_OK);
      return r;
    } catch {
      /* fall back */
    }
  }
  return os.tmpdir();
}


function bashNewEnough(bash: string): boolean {
  const r = spawnSync(bash, ['--norc', '--noprofile', '-c', 'echo "${BASH_VERSINFO[0]} ${BASH_VERSINFO[1]}"'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [major = 0, minor = 0] = (r.stdout ?? '').trim().split(' ').map(Number);
  // Unknown (it didn't run): let the rc file say why.
  if (r.status !== 0) return true;
  return major > 4 || (major === 4 && minor >= 4);
}

function sttySave(): string | undefined {
  const r = spawnSync('stty', ['-g'], { stdio: [0, 'pipe', 'ignore'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function sttyRun(args: string[]): void {
  spawnSync('stty', args, { stdio: [0, 'ignore', 'ignore'] });
}
