// Approval from outside: when no person's terminal is at hand, a confirm becomes a pending request
// in the user's state dir, and a person approves it with `countersign approve ID` or the approver
// pane. The files are only a transport: an approval counts when it carries a signature by the
// approver key (unlocked with a passphrase the agent never sees) over its id, binding and expiry.
// It is single-use, bound to the exact command text, cwd and findings, and expires. A request
// carries no phrase: the approver works it out from the findings, so the agent never reads it.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JudgedFinding } from '../policy/index.js';
import type { Anchor, Claims } from '../keys/index.js';
import { unlinkQuiet } from '../audit/index.js';

export interface PendingRequest {
  id: string;
  command: string;
  cwd: string;
  findings: Array<Pick<JudgedFinding, 'rule' | 'severity' | 'summary' | 'detail' | 'resource' | 'target' | 'decision' | 'verb' | 'noun' | 'via'>>;
  binding: string;
  /** The project root, so the approver words the phrase as the panel does. */
  root?: string;
  created: number;
  expires: number;
  /** Who asked: 'shell' (a process waiting) or 'hook:claude' etc. (the agent will retry). */
  via: string;
}

export interface ApprovalRecord {
  id: string;
  binding: string;
  approvedAt: number;
  expires: number;
  by: string;
  /** The approver key's fingerprint and its Ed25519 signature over the claims. */
  fingerprint?: string;
  signature?: string;
}

/** What an approval signs: everything a consumer relies on. */
export function claimsOf(rec: Pick<ApprovalRecord, 'id' | 'binding' | 'expires' | 'by'>): Claims {
  return { purpose: 'approve', id: rec.id, binding: rec.binding, expires: rec.expires, by: rec.by };
}

/** An approval file that did not verify: kept aside, and reported. */
export interface Forgery {
  id: string;
  file: string;
  why: string;
}

const dirs = (state: string) => ({
  pending: path.join(state, 'pending'),
  approved: path.join(state, 'approved'),
  denied: path.join(state, 'denied'),
  used: path.join(state, 'used'),
  forged: path.join(state, 'forged'),
});

/** The parts of a finding a person is shown (the panel, the phrase): all of them are bound, so
 *  a request file edited to show something else than what was judged no longer matches its
 *  binding (the approver refuses it), and an approval holds only where the retry's findings say
 *  the same (the same target environment, resource and evidence). */
export type BoundFinding = Pick<JudgedFinding, 'rule' | 'detail'> & Partial<Pick<JudgedFinding, 'severity' | 'summary' | 'resource' | 'verb' | 'noun' | 'via' | 'decision'>> & { target?: Partial<JudgedFinding['target']> };

/** What an approval is bound to: the exact text, the directory, the findings as shown and the
 *  project root (the phrase names paths relative to it). */
export function bindingOf(command: string, cwd: string, findings: BoundFinding[], root?: string): string {
  const h = createHash('sha256');
  h.update('countersign-binding-v2\0' + command + '\0' + cwd + '\0' + (root ?? '') + '\0');
  const shown = (f: BoundFinding): string =>
    JSON.stringify([f.rule, f.detail, f.severity ?? null, f.summary ?? null, f.resource ?? null, f.verb ?? null, f.noun ?? null, f.via ?? null, f.decision ?? null, f.target?.environment ?? null, f.target?.resource ?? null, f.target?.evidence ?? []]);
  for (const f of findings.map(shown).sort()) h.update(f + '\n');
  return h.digest('hex');
}

/** Does a request say what it binds? A request file is written by countersign, but the agent can
 *  write there too: one whose command, directory, findings or root were changed after it was made
 *  would show the person one thing and approve another. */
export function requestIntact(p: PendingRequest): boolean {
  try {
    return typeof p.command === 'string' && typeof p.cwd === 'string' && Array.isArray(p.findings) && p.binding === bindingOf(p.command, p.cwd, p.findings, p.root);
  } catch {
    return false;
  }
}

function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}

/** A regular file's JSON. Anything else (a FIFO that would block the reader forever, a device, a
 *  symlink to somewhere else) is not countersign's and is not read. */
function readJson<T>(file: string): T | undefined {
  try {
    if (!lstatSync(file).isFile()) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function newId(): string {
  // Short and easy to type: 6 letters/digits without look-alikes.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function createPending(state: string, req: Omit<PendingRequest, 'id' | 'created'>): PendingRequest {
  const full: PendingRequest = { ...req, id: newId(), created: Date.now() };
  writeJson(path.join(dirs(state).pending, `${full.id}.json`), full);
  return full;
}

/** Reuse a live pending request for the same binding (an agent retrying before approval). */
export function findPending(state: string, binding: string): PendingRequest | undefined {
  // One edited to show something else is not reused: a new, honest request is made instead.
  return listPending(state).find((p) => p.binding === binding && requestIntact(p));
}

export function listPending(state: string, now = Date.now()): PendingRequest[] {
  const d = dirs(state).pending;
  if (!existsSync(d)) return [];
  const out: PendingRequest[] = [];
  for (const f of readdirSync(d)) {
    if (!f.endsWith('.json')) continue;
    const p = readJson<PendingRequest>(path.join(d, f));
    if (!p) continue;
    if (p.expires < now) {
      unlinkQuiet(path.join(d, f));
      continue;
    }
    out.push(p);
  }
  return out.sort((a, b) => a.created - b.created);
}

export function getPending(state: string, id: string): PendingRequest | undefined {
  if (!/^[a-z0-9]{4,16}$/.test(id)) return undefined;
  return listPending(state).find((p) => p.id === id);
}

/** Write a signed approval (the caller signs: it holds the unlocked key). */
export function writeApproval(state: string, p: PendingRequest, rec: ApprovalRecord): void {
  writeJson(path.join(dirs(state).approved, `${p.id}.json`), rec);
  unlinkQuiet(path.join(dirs(state).pending, `${p.id}.json`));
}

export function deny(state: string, p: PendingRequest, by: string): void {
  writeJson(path.join(dirs(state).denied, `${p.id}.json`), { id: p.id, deniedAt: Date.now(), by });
  unlinkQuiet(path.join(dirs(state).pending, `${p.id}.json`));
}

/** Take an approval for this binding, once, if the approver key signed it. The rename makes a
 *  second use impossible. Files that don't verify (no key, unsigned, signed by another key, claims
 *  edited) are moved to forged/ and reported through `onForgery`: never used. */
export function consumeApproval(state: string, binding: string, anchor: Anchor | undefined, opts: { id?: string; now?: number; verify: (a: Anchor, c: Claims, sig: string) => boolean; onForgery?: (f: Forgery) => void }): ApprovalRecord | undefined {
  const d = dirs(state);
  const now = opts.now ?? Date.now();
  if (!existsSync(d.approved)) return undefined;
  for (const f of readdirSync(d.approved)) {
    if (!f.endsWith('.json') || (opts.id && f !== `${opts.id}.json`)) continue;
    const file = path.join(d.approved, f);
    const rec = readJson<ApprovalRecord>(file);
    if (!rec) continue;
    if (rec.binding !== binding) continue;
    // An approval counts once, under its own id: the same signed file under another name (a
    // copy, a hard link made before it was used) would otherwise escape the used/ check.
    const own = typeof rec.id === 'string' && /^[a-z0-9]{4,16}$/.test(rec.id) && f === `${rec.id}.json`;
    const why = !own
      ? `its file name ${f} is not its request id (${String(rec.id)}): a copy`
      : existsSync(path.join(d.used, f))
        ? 'this approval was used already (a replay)'
        : !anchor
          ? 'no approver key is set up, so no approval can be trusted'
          : !rec.signature
            ? 'it is not signed'
            : rec.fingerprint !== anchor.fingerprint
              ? `it is signed by key ${String(rec.fingerprint)}, not the approver key ${anchor.fingerprint}`
              : !opts.verify(anchor, claimsOf(rec), rec.signature)
                ? 'its signature does not match its contents'
                : undefined;
    if (why) {
      mkdirSync(d.forged, { recursive: true, mode: 0o700 });
      const to = path.join(d.forged, `${f}.${Date.now()}`);
      try {
        renameSync(file, to);
      } catch {
        continue;
      }
      opts.onForgery?.({ id: rec.id ?? f, file: to, why });
      continue;
    }
    if (rec.expires < now) {
      unlinkQuiet(file);
      continue;
    }
    mkdirSync(d.used, { recursive: true, mode: 0o700 });
    try {
      renameSync(file, path.join(d.used, f));
    } catch {
      continue; // someone else took it first
    }
    return rec;
  }
  return undefined;
}

export function wasDenied(state: string, id: string): boolean {
  return existsSync(path.join(dirs(state).denied, `${id}.json`));
}

/** A request that does not say what it binds: moved to forged/, never shown as approvable. */
export function setAsideRequest(state: string, id: string): string | undefined {
  const d = dirs(state);
  if (!/^[a-z0-9]{4,16}$/.test(id)) return undefined;
  mkdirSync(d.forged, { recursive: true, mode: 0o700 });
  const to = path.join(d.forged, `pending-${id}.json.${Date.now()}`);
  try {
    renameSync(path.join(d.pending, `${id}.json`), to);
    return to;
  } catch {
    return undefined;
  }
}

export function dropPending(state: string, id: string): void {
  unlinkQuiet(path.join(dirs(state).pending, `${id}.json`));
}
