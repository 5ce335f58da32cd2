// The one confirm path. Shell mode, agent hooks and the interactive session all end here once the
// engine says confirm or deny: who may settle it, how it is shown, what the agent is told, and
// what the audit log records. A fix to any of that lands once.
//
// Who may settle a confirm:
// - a signed approval: the approver key (unlocked with a passphrase the agent never sees) signed
//   this request's id, binding and expiry, in `countersign approve` or the approver pane;
// - on a terminal with no sign of an agent, the phrase and the passphrase (the key signs there);
// - in a person's own interactive session, the phrase alone (confirm.passphrase: auto), unless
//   there are signs of an agent, or confirm.passphrase is always.
// Nothing else: not a file, not a terminal, not an environment variable.
import type { CheckResult } from '../engine.js';
import { stateDir } from '../dirs.js';
import type { Config } from '../rules/index.js';
import type { AuditRecord, Settled } from '../audit/index.js';
import type { PendingRequest } from './approvals.js';
import type { Anchor } from '../keys/index.js';

export interface ConfirmContext {
  /** The line as checked. */
  text: string;
  /** What people and the model are shown, when an agent wrapped the real command (Claude's eval). */
  shown?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  home: string;
  result: CheckResult;
  confirm: Config['confirm'];
  /** Waiting changes to the config, for the panel ("a weakening change waits for trust"). */
  notes?: string[];
  /** 'shell', 'hook:claude', 'interactive', … for the audit log. */
  via: string;
}

export interface Outcome {
  run: boolean;
  how: Settled;
  approval?: string;
  /** For the agent (stderr in shell mode, the hook's reason). Never contains the phrase. */
  message?: string;
  /** For a command that runs: what its audit record adds (written by `finish`, with the exit). */
  extra?: Partial<AuditRecord>;
}

/** The audit record of a settled command that ran, with its exit status. */
export async function finish(c: ConfirmContext, o: Outcome, exit: number | string): Promise<void> {
  await audit(c, o.how, { ...o.extra, exit });
}

/** Pending requests live this long: a person may be away for a while; the agent retries. */
export const PENDING_TTL_MS = 30 * 60_000;
/** An approval works once within this time. */
export const APPROVAL_TTL_MS = 10 * 60_000;

export const stateOf = (c: Pick<ConfirmContext, 'env' | 'home'>): string => stateDir(c.env, c.home);

/** The text people are shown for a line. */
export const shownText = (c: Pick<ConfirmContext, 'text' | 'shown'>): string => c.shown ?? c.text;

export async function audit(c: ConfirmContext, settled: Settled, extra: Partial<AuditRecord> = {}): Promise<void> {
  const { appendAudit, toAuditFindings, sessionId } = await import('../audit/index.js');
  appendAudit(stateOf(c), {
    time: new Date().toISOString(),
    session: sessionId(c.env),
    cwd: c.cwd,
    command: c.text.slice(0, 4000),
    ...(c.shown && c.shown !== c.text ? { shown: c.shown.slice(0, 4000) } : {}),
    decision: c.result.decision,
    settled,
    via: c.via,
    findings: toAuditFindings(c.result.findings),
    ...extra,
  });
}

/** The approver key whose signatures count, or why there is none. */
export async function anchorFor(c: Pick<ConfirmContext, 'env' | 'home'>): Promise<{ anchor?: Anchor; problem?: string }> {
  const keys = await import('../keys/index.js');
  return keys.trustAnchor(c.env, c.home, stateOf(c));
}

/** What binds an approval: the text the agent will send again, the directory and the findings. */
async function bindingFor(c: ConfirmContext): Promise<string> {
  const ap = await import('./approvals.js');
  return ap.bindingOf(shownText(c), c.cwd, c.result.findings, c.result.root);
}

/** Take a signed approval for this exact line, once. Forgeries are logged and ignored. */
export async function takeApproval(c: ConfirmContext, id?: string): Promise<import('./approvals.js').ApprovalRecord | undefined> {
  const [ap, keys] = await Promise.all([import('./approvals.js'), import('../keys/index.js')]);
  const { anchor } = await anchorFor(c);
  const forged: import('./approvals.js').Forgery[] = [];
  const rec = ap.consumeApproval(stateOf(c), await bindingFor(c), anchor, {
    id,
    verify: (a, claims, sig) => keys.verify(a.publicKey, claims, sig),
    onForgery: (f) => forged.push(f),
  });
  for (const f of forged) {
    await audit(c, 'forgery', { approval: f.id, note: `an approval file was ignored: ${f.why} (kept in ${f.file})` });
    process.stderr.write(`countersign: ignored an approval for request ${f.id}: ${f.why}. This is logged.\n`);
  }
  return rec;
}

function signedExtra(rec: import('./approvals.js').ApprovalRecord): Partial<AuditRecord> {
  const claims = { purpose: 'approve', id: rec.id, binding: rec.binding, expires: rec.expires, by: rec.by };
  return { approval: rec.id, approvedBy: rec.by, fingerprint: rec.fingerprint, ...(rec.signature ? { signed: { claims, signature: rec.signature } } : {}) };
}

/** Reuse the live request for this line (an agent retrying), or make one. */
export async function requestFor(c: ConfirmContext): Promise<PendingRequest> {
  const ap = await import('./approvals.js');
  const binding = await bindingFor(c);
  const state = stateOf(c);
  return (
    ap.findPending(state, binding) ??
    ap.createPending(state, {
      command: shownText(c),
      cwd: c.cwd,
      findings: c.result.findings.map(({ rule, severity, summary, detail, resource, target, decision, verb, noun, via }) => ({ rule, severity, summary, detail, resource, target, decision, verb, noun, via })),
      binding,
      ...(c.result.root ? { root: c.result.root } : {}),
      expires: Date.now() + PENDING_TTL_MS,
      via: c.via,
    })
  );
}

/** How a person approves a request, for the agent and the person. Never the phrase. */
export function howToApprove(id: string, retry: boolean): string {
  return (
    `countersign: a person must approve this (request ${id}). In a terminal of their own that no agent uses, ` +
    `they run \`countersign approver\` (the approver pane) or \`countersign approve ${id}\`, read the panel, ` +
    `type the phrase it shows and the approver passphrase.` +
    (retry ? ` Then the same command, retried exactly as it was from the same directory, runs once.` : '') +
    `\n`
  );
}

/** How long a shell-mode command may wait for an approval before the agent running it gives up
 *  (its tool timeout): waiting past that only leaves a command nobody will see run. */
export function waitSeconds(env: NodeJS.ProcessEnv, configured: number): number {
  if (env.CLAUDECODE || env.CLAUDE_CODE_ENTRYPOINT) {
    const ms = Number(env.BASH_DEFAULT_TIMEOUT_MS) > 0 ? Number(env.BASH_DEFAULT_TIMEOUT_MS) : 120_000;
    return Math.max(0, Math.min(configured, Math.floor(ms / 1000) - 20));
  }
  // Codex kills a command after its tool timeout (10 s by default): approve, then retry.
  if (env.CODEX_THREAD_ID || env.CODEX_SESSION_ID || env.CODEX_CI) return 0;
  return configured;
}

/** Shell mode (`countersign -c`, scripts, stdin): settle a confirm or deny. */
export async function confirmShell(c: ConfirmContext): Promise<Outcome> {
  const { agentMessage } = await import('./render.js');
  const shown = shownText(c);
  if (c.result.decision === 'allow') return { run: true, how: 'allowed' };
  if (c.result.decision === 'deny') {
    await drawOnPersonTerminal(c);
    await audit(c, 'denied');
    return { run: false, how: 'denied', message: agentMessage(shown, c.result, 'denied by policy', { approvable: false }) };
  }
  // Approved earlier (the agent retrying after a person approved): runs once.
  const early = await takeApproval(c);
  if (early) return { run: true, how: 'signed-approval', approval: early.id, extra: signedExtra(early) };
  const { agentSigns } = await import('./agents.js');
  const signs = agentSigns(c.env);
  if (c.env.CI === 'true' && c.confirm.ci !== 'wait') {
    await audit(c, 'no-terminal');
    return { run: false, how: 'no-terminal', message: agentMessage(shown, c.result, 'CI=true: nobody can confirm here', { approvable: false }) };
  }
  if (!signs.length) {
    const { openTty } = await import('./tty.js');
    const t = openTty();
    if (t) {
      try {
        return await onTerminal(c, t);
      } finally {
        t.close();
      }
    }
  }
  return await viaApprover(c, signs);
}

/** Shown only on a terminal no agent is seen on; never drawn where an agent reads its output. */
async function drawOnPersonTerminal(c: ConfirmContext): Promise<void> {
  const { agentSigns } = await import('./agents.js');
  if (agentSigns(c.env).length) return;
  const { openTty, writeTty } = await import('./tty.js');
  const t = openTty();
  if (!t) return;
  const { renderPanel } = await import('./render.js');
  writeTty(t, renderPanel(shownText(c), c.result, { color: !c.env.NO_COLOR, width: t.columns, notes: c.notes }));
  t.close();
}

/** A terminal with no sign of an agent: the panel, the phrase, then the passphrase, because a
 *  terminal alone is no proof of a person. The key signs the approval here and now. */
async function onTerminal(c: ConfirmContext, t: import('./tty.js').Tty): Promise<Outcome> {
  const { askPhrase, askPassphrase, writeTty } = await import('./tty.js');
  const { renderPanel, agentMessage } = await import('./render.js');
  const shown = shownText(c);
  const { anchor } = await anchorFor(c);
  writeTty(t, renderPanel(shown, c.result, { color: !c.env.NO_COLOR, width: t.columns, notes: c.notes, fingerprint: anchor?.fingerprint }));
  const answer = await askPhrase(t, c.result.phrase!, { timeoutMs: (c.confirm.timeout ?? 300) * 1000 });
  if (answer !== 'confirmed') {
    await audit(c, answer === 'timeout' ? 'timeout' : 'declined');
    return { run: false, how: answer === 'timeout' ? 'timeout' : 'declined', message: agentMessage(shown, c.result, answer === 'timeout' ? 'no confirmation in time' : 'the person declined', { approvable: false }) };
  }
  const signed = await unlockAndSign(c, (prompt) => askPassphrase(t, prompt), (s) => writeTty(t, s));
  if (!signed) {
    await audit(c, 'declined', { note: 'the phrase was typed, the approver passphrase was not' });
    return { run: false, how: 'declined', message: agentMessage(shown, c.result, 'not approved', { approvable: false }) };
  }
  return { run: true, how: 'passphrase', extra: { fingerprint: signed.fingerprint, signed: { claims: signed.claims, signature: signed.signature } } };
}

/** Unlock the approver key with a passphrase (up to three tries) and sign this line's approval,
 *  which the audit keeps. undefined when there is no key or no right passphrase. */
export async function unlockAndSign(
  c: ConfirmContext,
  ask: (prompt: string) => Promise<string | undefined>,
  say: (s: string) => void,
): Promise<{ fingerprint: string; signature: string; claims: import('../keys/index.js').Claims } | undefined> {
  const keys = await import('../keys/index.js');
  const { anchor, problem } = await anchorFor(c);
  const file = keys.readKeyFile(keys.approverFile(c.env, c.home));
  if (!anchor || !file || file.fingerprint !== anchor.fingerprint) {
    say(`  ${problem ?? 'No approver key is set up, so nobody can approve here.'} Set one up in your own terminal: countersign approver setup\n`);
    return undefined;
  }
  for (let i = 0; i < 3; i++) {
    const pass = await ask(`Approver passphrase (key ${anchor.fingerprint}):`);
    if (pass === undefined || pass === '') return undefined;
    let key;
    try {
      key = keys.unlockKey(file, pass);
    } catch (e) {
      if (e instanceof keys.WrongPassphrase) {
        say('  That is not the passphrase.\n');
        continue;
      }
      throw e;
    }
    const ap = await import('./approvals.js');
    const claims = { purpose: 'approve' as const, id: 'terminal', binding: ap.bindingOf(shownText(c), c.cwd, c.result.findings, c.result.root), expires: Date.now() + APPROVAL_TTL_MS, by: `terminal ${c.env.USER ?? ''}`.trim() };
    return { fingerprint: anchor.fingerprint, signature: keys.sign(key, claims), claims };
  }
  return undefined;
}

/** An agent may drive this terminal (or there is none): the request goes to the approver, the
 *  agent is told a person must approve, and this process waits as long as the agent will. */
async function viaApprover(c: ConfirmContext, signs: string[]): Promise<Outcome> {
  const { agentMessage } = await import('./render.js');
  const shown = shownText(c);
  const req = await requestFor(c);
  // With no approver key nobody can sign an approval: don't make the agent wait for one.
  const { anchor, problem } = await anchorFor(c);
  const wait = anchor ? waitSeconds(c.env, c.confirm['approval-timeout'] ?? 120) : 0;
  if (!anchor) process.stderr.write(`countersign: ${problem ?? 'no approver key is set up'}; a person sets one up with \`countersign approver setup\` in their own terminal, then approves.\n`);
  const { notifyPending } = await import('./notify.js');
  notifyPending(req);
  const why = signs.length ? `an agent may drive this terminal (${signs[0]})` : 'there is no terminal here';
  process.stderr.write(`countersign: paused: this command needs a person's approval, and ${why}.\n` + howToApprove(req.id, true));
  if (wait > 0) {
    process.stderr.write(`countersign: waiting up to ${wait} s...\n`);
    const ap = await import('./approvals.js');
    const until = Date.now() + wait * 1000;
    for (;;) {
      const rec = await takeApproval(c, req.id);
      if (rec) return { run: true, how: 'signed-approval', approval: rec.id, extra: signedExtra(rec) };
      if (ap.wasDenied(stateOf(c), req.id)) {
        await audit(c, 'declined', { approval: req.id });
        return { run: false, how: 'declined', approval: req.id, message: agentMessage(shown, c.result, 'a person declined it', { approvable: false }) };
      }
      if (Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await audit(c, 'waiting', { approval: req.id });
  return { run: false, how: 'waiting', approval: req.id, message: agentMessage(shown, c.result, `waiting for a person to approve request ${req.id}`, { approvable: true, id: req.id }) };
}

/** Agent hooks: the same settlement, answered as deny / ask / no opinion. */
export async function confirmHook(c: ConfirmContext, mode: 'typed' | 'ask'): Promise<{ decision: 'defer' | 'deny' | 'ask'; how: Settled; approval?: string }> {
  if (c.result.decision === 'deny') {
    await audit(c, 'denied');
    return { decision: 'deny', how: 'denied' };
  }
  if (mode === 'ask') {
    await audit(c, 'agent-dialog');
    return { decision: 'ask', how: 'agent-dialog' };
  }
  const used = await takeApproval(c);
  if (used) {
    await audit(c, 'hook-retry', signedExtra(used));
    return { decision: 'defer', how: 'hook-retry', approval: used.id };
  }
  const req = await requestFor(c);
  const { notifyPending } = await import('./notify.js');
  notifyPending(req);
  await audit(c, 'waiting', { approval: req.id });
  return { decision: 'deny', how: 'waiting', approval: req.id };
}

// The rest of the confirm stage, for other folders (shell, hooks, commands): through here only.
export * from './agents.js';
export * from './payload.js';
export * from './render.js';
export * from './tty.js';
export * as approvals from './approvals.js';
/** The approver pane and `countersign approve` (it imports this module: loaded on demand). */
export const approver = (): Promise<typeof import('./approver.js')> => import('./approver.js');
