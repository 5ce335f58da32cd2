// The person's side: `countersign approve ID` and the approver pane (`countersign approver`), run
// in a terminal the person keeps beside the agent. Each approval is the phrase typed after reading
// the panel, signed with the approver key; the key is unlocked with the passphrase and held only in
// this process's memory.
import type { KeyObject } from 'node:crypto';
import type { PendingRequest } from './approvals.js';
import type { Tty } from './tty.js';
import { APPROVAL_TTL_MS, stateOf } from './index.js';

export interface Unlocked {
  key: KeyObject;
  fingerprint: string;
  until: number;
  /** The passphrase typed again for one approval, checked without unlocking again. */
  matches: (typed: string) => boolean;
}

interface Ctx {
  env: NodeJS.ProcessEnv;
  home: string;
}

/** Why this process may not approve (an agent or a countersign session may be typing), or undefined. */
export async function refusal(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { agentSigns, insideCountersign } = await import('./agents.js');
  const signs = agentSigns(env);
  if (signs.length) return `an agent may drive this terminal (${signs[0]})`;
  const inside = insideCountersign(env);
  return inside ? `this terminal is guarded by countersign (${inside})` : undefined;
}

export function whereToApprove(cmd: string, why: string): string {
  return (
    `countersign ${cmd}: refused: ${why}, so an agent could be typing here.\n` +
    `Approve from a terminal of your own that no agent drives and countersign does not wrap: a separate\n` +
    `terminal window, an editor terminal whose profile is your plain shell, or a tmux pane started outside\n` +
    `the agent. There, run \`countersign approver\` (it shows each request as it comes) or \`countersign approve ID\`.\n`
  );
}

/** Ask for the passphrase and unlock the approver key. */
export async function unlock(t: Tty, c: Ctx, minutes: number): Promise<Unlocked | undefined> {
  const keys = await import('../keys/index.js');
  const { askPassphrase, writeTty } = await import('./tty.js');
  const { anchor, problem } = keys.trustAnchor(c.env, c.home, stateOf(c));
  if (!anchor) {
    writeTty(t, `${problem ?? 'No approver key is set up.'}\nSet one up with: countersign approver setup\n`);
    return undefined;
  }
  const file = keys.readKeyFile(keys.approverFile(c.env, c.home));
  if (!file || file.fingerprint !== anchor.fingerprint) {
    writeTty(t, `The approver key that counts (${anchor.fingerprint}, ${anchor.source}) is not in ${keys.approverFile(c.env, c.home)}.\n`);
    return undefined;
  }
  for (let i = 0; i < 3; i++) {
    const pass = await askPassphrase(t, `Approver passphrase (key ${anchor.fingerprint}):`);
    if (!pass) return undefined;
    try {
      return { key: keys.unlockKey(file, pass), fingerprint: anchor.fingerprint, until: Date.now() + minutes * 60_000, matches: keys.rememberPassphrase(pass) };
    } catch (e) {
      if (!(e instanceof keys.WrongPassphrase)) throw e;
      writeTty(t, 'That is not the passphrase.\n');
    }
  }
  return undefined;
}

/** Show one request and, when the person types its phrase, sign and write the approval. `again`:
 *  the key was unlocked earlier (the pane), so the passphrase is typed once more for this request:
 *  an unlocked pane would otherwise approve whatever the phrase is typed into it, and anything
 *  that can type into the person's terminal (tmux send-keys, a terminal's remote control) can work
 *  out the phrase from the findings. */
export async function decideOne(t: Tty, c: Ctx, p: PendingRequest, u: Unlocked, opts: { again?: boolean } = {}): Promise<'approved' | 'declined' | 'gone' | 'tampered'> {
  const [{ renderPanel, safe }, { askPhrase, askPassphrase, writeTty }, { phraseFor }, ap, keys] = await Promise.all([
    import('./render.js'),
    import('./tty.js'),
    import('../policy/index.js'),
    import('./approvals.js'),
    import('../keys/index.js'),
  ]);
  // The request file is only a transport: one whose command, directory or findings don't match
  // its binding was edited after countersign wrote it, to show one thing and approve another.
  if (!ap.requestIntact(p)) {
    const kept = ap.setAsideRequest(stateOf(c), p.id);
    writeTty(t, `Request ${p.id} was changed after countersign wrote it: what it shows is not what it would approve. Not shown, not approvable${kept ? ` (kept in ${kept})` : ''}.\n`);
    const { appendAudit } = await import('../audit/index.js');
    appendAudit(stateOf(c), { time: new Date().toISOString(), session: '', cwd: String(p.cwd), command: String(p.command).slice(0, 4000), decision: 'confirm', settled: 'forgery', via: 'approver', findings: [], approval: p.id, note: `a pending request was edited after it was made${kept ? ` (kept in ${kept})` : ''}` });
    return 'tampered';
  }
  const phrase = phraseFor(p.findings as never, { home: c.home, root: p.root }) ?? 'approve';
  const res = { decision: 'confirm' as const, findings: p.findings as never, uncertain: [], phrase, quick: false };
  writeTty(t, renderPanel(p.command, res, { color: !c.env.NO_COLOR, width: t.columns, fingerprint: u.fingerprint }));
  writeTty(t, `  requested from: ${safe(p.cwd)}  (via ${safe(p.via)}, request ${p.id}, ${new Date(p.created).toLocaleTimeString()})\n`);
  const answer = await askPhrase(t, phrase, { tries: 1 });
  if (answer !== 'confirmed') return 'declined';
  if (opts.again) {
    let ok = false;
    for (let i = 0; i < 3 && !ok; i++) {
      const pass = await askPassphrase(t, `Approver passphrase for this approval (key ${u.fingerprint}):`);
      if (!pass) return 'declined';
      ok = u.matches(pass);
      if (!ok) writeTty(t, 'That is not the passphrase.\n');
    }
    if (!ok) return 'declined';
  }
  // It may have expired, or been settled elsewhere, while the phrase was being typed.
  if (!ap.getPending(stateOf(c), p.id)) return 'gone';
  const rec = { id: p.id, binding: p.binding, approvedAt: Date.now(), expires: Date.now() + APPROVAL_TTL_MS, by: `${c.env.USER ?? 'person'} (approver key ${u.fingerprint})` };
  const signature = keys.sign(u.key, ap.claimsOf(rec));
  ap.writeApproval(stateOf(c), p, { ...rec, fingerprint: u.fingerprint, signature });
  return 'approved';
}

/** `countersign approve [ID]`. */
export async function approveCommand(args: string[], c: Ctx, minutes: number): Promise<number> {
  const why = await refusal(c.env);
  if (why) {
    process.stderr.write(whereToApprove('approve', why));
    return 126;
  }
  const { openTty, writeTty } = await import('./tty.js');
  const ap = await import('./approvals.js');
  const t = openTty();
  if (!t) {
    process.stderr.write('countersign approve: refused: there is no terminal. Only a person at a terminal can approve.\n');
    return 126;
  }
  // Ctrl-C while a request is shown leaves it pending (a person may approve it later) and says so.
  try {
    const pending = ap.listPending(stateOf(c));
    const id = args.find((a) => !a.startsWith('-'));
    if (!id && !pending.length) {
      writeTty(t, 'No pending requests.\n');
      return 0;
    }
    if (!id && pending.length > 1) {
      const { safe } = await import('./render.js');
      writeTty(t, `Pending requests:\n${pending.map((p) => `  ${safe(p.id)}  ${new Date(p.created).toLocaleTimeString()}  ${safe(p.cwd)}\n      ${safe(p.command.slice(0, 120))}`).join('\n')}\n\nRun \`countersign approve ID\` for one of them, or \`countersign approver\` to go through them.\n`);
      return 0;
    }
    const p = id ? ap.getPending(stateOf(c), id) : pending[0];
    if (!p) {
      writeTty(t, `No pending request ${id}: it may have expired or been settled.\n`);
      return 2;
    }
    const u = await unlock(t, c, minutes);
    if (!u) {
      writeTty(t, `Not approved; request ${p.id} is still pending.\n`);
      return 126;
    }
    const out = await decideOne(t, c, p, u);
    if (out === 'approved') {
      writeTty(t, `Approved ${p.id}. It can run once${p.via === 'shell' ? '' : ' when the agent retries the same command'}.\n`);
      return 0;
    }
    if (out === 'tampered') return 126;
    writeTty(t, out === 'gone' ? `Request ${p.id} expired or was settled while you typed; not approved.\n` : `Not approved; request ${p.id} is still pending (\`countersign deny ${p.id}\` to refuse it).\n`);
    return 126;
  } finally {
    t.close();
  }
}

/** `countersign approver`: unlock once, then each new request as it comes. Ends on Ctrl-C. */
export async function approverPane(c: Ctx, minutes: number): Promise<number> {
  const why = await refusal(c.env);
  if (why) {
    process.stderr.write(whereToApprove('approver', why));
    return 126;
  }
  const { openTty, writeTty } = await import('./tty.js');
  const ap = await import('./approvals.js');
  const { notifyPending } = await import('./notify.js');
  const t = openTty();
  if (!t) {
    process.stderr.write('countersign approver: there is no terminal here.\n');
    return 126;
  }
  let stop = false;
  const onKey = (d: Buffer | string): void => {
    const s = typeof d === 'string' ? d : d.toString('latin1');
    if (s.includes('\x03') || s.includes('\x04') || s === 'q') stop = true;
  };
  try {
    writeTty(t, 'countersign approver: requests from your agents appear here. Ctrl-C to leave.\n');
    let u = await unlock(t, c, minutes);
    if (!u) return 126;
    writeTty(t, `Unlocked for ${minutes} minutes (key ${u.fingerprint}). Waiting for requests...\n`);
    const seen = new Set<string>();
    while (!stop) {
      const next = ap.listPending(stateOf(c)).find((p) => !seen.has(p.id));
      if (!next) {
        t.input.setRawMode?.(true);
        t.input.on('data', onKey);
        t.input.resume();
        await new Promise((r) => setTimeout(r, 400));
        t.input.off('data', onKey);
        t.input.pause();
        t.input.setRawMode?.(false);
        continue;
      }
      seen.add(next.id);
      notifyPending(next, c.env);
      if (u.until < Date.now()) {
        writeTty(t, '\nThe approver key locked again (confirm.unlock-minutes).\n');
        const again = await unlock(t, c, minutes);
        if (!again) return 126;
        u = again;
      }
      const out = await decideOne(t, c, next, u, { again: true });
      writeTty(t, out === 'approved' ? `Approved ${next.id}: it runs once.\n\n` : out === 'tampered' ? '\n' : out === 'gone' ? `Request ${next.id} expired or was settled meanwhile.\n\n` : `Not approved; ${next.id} stays pending (\`countersign deny ${next.id}\` refuses it).\n\n`);
      writeTty(t, 'Waiting for requests... (Ctrl-C to leave)\n');
    }
    return 0;
  } finally {
    t.close();
  }
}
