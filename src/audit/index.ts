// Audit log: JSON Lines in $XDG_STATE_HOME/countersign/audit.jsonl, one line per check that had
// findings. Tamper-evident: each record carries the SHA-256 of the line before it, so editing or
// deleting a record breaks the chain at that point, and approvals carry the approver key's
// signature over their claims. `countersign log --verify` checks both. A same-user agent can still
// rewrite the whole file from the start; a signed approval pins the records before it only by their
// place in the chain, so the README says what this does and doesn't show.
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, unlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JudgedFinding } from '../policy/index.js';
import { sessionOf } from '../session.js';

/** Who settled a command. */
export type Settled =
  | 'allowed' // policy let it run
  | 'terminal-phrase' // the phrase typed in a person's interactive session
  | 'passphrase' // the phrase and the approver passphrase on a terminal (signed there)
  | 'signed-approval' // a signed approval from `approve` or the approver pane, taken by a waiting shell
  | 'hook-retry' // the same, taken by an agent hook on the agent's retry
  | 'agent-dialog' // confirm.hooks: ask: the agent's own dialog decides
  | 'declined'
  | 'timeout'
  | 'denied'
  | 'no-terminal'
  | 'waiting' // handed to the approver; the agent was told to retry after approval
  | 'forgery' // an approval file that did not verify was ignored
  | 'config-error';

export interface AuditRecord {
  time: string;
  session: string;
  cwd: string;
  command: string;
  /** What people were shown, when it differs (an agent's wrapper around the real command). */
  shown?: string;
  decision: 'allow' | 'confirm' | 'deny';
  settled: Settled;
  approval?: string;
  approvedBy?: string;
  fingerprint?: string;
  /** A signed approval's claims and signature, so `log --verify` can check them again. */
  signed?: { claims: { purpose: string; id: string; binding: string; expires: number; by: string }; signature: string };
  note?: string;
  via: string;
  findings: Array<{ rule: string; severity: string; summary: string; detail: string; environment: string; evidence: string[] }>;
  exit?: number | string;
  /** SHA-256 (hex) of the previous line, or 'start' for the first record. */
  prev?: string;
}

export function auditFile(state: string): string {
  return path.join(state, 'audit.jsonl');
}

export function toAuditFindings(fs: JudgedFinding[]): AuditRecord['findings'] {
  return fs.map((f) => ({ rule: f.rule, severity: f.severity, summary: f.summary, detail: f.detail, environment: f.target.environment, evidence: f.target.evidence }));
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The last complete line of a file, read from its end. */
function lastLine(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = statSync(file).size;
    let chunk = 64 * 1024;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const text = buf.toString('utf8').replace(/\n+$/, '');
      const nl = text.lastIndexOf('\n');
      if (nl >= 0 || start === 0) return text.slice(nl + 1) || undefined;
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

/** A short exclusive lock around read-last-then-append, so concurrent sessions keep one chain. */
function withLock<T>(state: string, fn: () => T): T {
  const lock = path.join(state, 'audit.lock');
  const deadline = Date.now() + 3000;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch {
      try {
        // A lock left by a process that died mid-append.
        if (Date.now() - statSync(lock).mtimeMs > 10_000) unlinkQuiet(lock);
      } catch {
        /* gone already */
      }
      if (Date.now() > deadline) break; // append unchained rather than lose the record; verify reports it
      const until = Date.now() + 5;
      while (Date.now() < until) {
        /* brief spin: appends take microseconds */
      }
    }
  }
  try {
    return fn();
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
      unlinkQuiet(lock);
    }
  }
}

export function appendAudit(state: string, rec: AuditRecord): void {
  try {
    mkdirSync(state, { recursive: true, mode: 0o700 });
    const file = auditFile(state);
    withLock(state, () => {
      const last = lastLine(file);
      const line = JSON.stringify({ ...rec, prev: last ? sha256(last) : 'start' });
      appendFileSync(file, line + '\n', { mode: 0o600 });
    });
  } catch (e) {
    process.stderr.write(`countersign: could not write the audit log: ${(e as Error).message}\n`);
  }
}

export function readAudit(state: string): AuditRecord[] {
  const f = auditFile(state);
  if (!existsSync(f)) return [];
  const out: AuditRecord[] = [];
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AuditRecord);
    } catch {
      /* a torn last line from a crash: skip */
    }
  }
  return out;
}

export interface VerifyResult {
  records: number;
  signed: number;
  /** The first record that breaks the chain or carries a bad signature (1-based line). */
  bad?: { line: number; why: string };
}

/** Check the chain and every signature. `verifySig` checks a signature against the approver key
 *  (false for another key or none). */
export function verifyAudit(state: string, verifySig: (fingerprint: string | undefined, claims: NonNullable<AuditRecord['signed']>['claims'], signature: string) => string | undefined): VerifyResult {
  const f = auditFile(state);
  if (!existsSync(f)) return { records: 0, signed: 0 };
  const lines = readFileSync(f, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  let prev: string | undefined;
  let signed = 0;
  const used = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let rec: AuditRecord;
    try {
      rec = JSON.parse(line) as AuditRecord;
    } catch {
      return { records: i, signed, bad: { line: i + 1, why: 'not a JSON record' } };
    }
    const want = prev === undefined ? 'start' : sha256(prev);
    if (rec.prev !== want) return { records: i, signed, bad: { line: i + 1, why: rec.prev === undefined ? 'it carries no link to the record before it' : prev === undefined ? 'the first record links to an earlier one that is gone' : 'it does not link to the record before it (that record was edited, removed or inserted)' } };
    if (rec.signed) {
      const why = verifySig(rec.fingerprint, rec.signed.claims, rec.signed.signature);
      if (why) return { records: i, signed, bad: { line: i + 1, why } };
      // An approval runs once: a second record carrying the same signed approval (a record
      // copied under another command, or one approval taken twice) is not a second approval.
      const id = rec.signed.claims.id;
      if (rec.approval !== undefined && rec.approval !== id) return { records: i, signed, bad: { line: i + 1, why: `it names approval ${rec.approval} but carries the signature of ${id}` } };
      const twice = used.get(id);
      if (twice !== undefined) return { records: i, signed, bad: { line: i + 1, why: `approval ${id} was already used on line ${twice}: an approval runs once` } };
      used.set(id, i + 1);
      signed++;
    } else if (rec.settled === 'signed-approval' || rec.settled === 'hook-retry' || rec.settled === 'passphrase') {
      return { records: i, signed, bad: { line: i + 1, why: `settled by ${rec.settled} but carries no signature` } };
    }
    prev = line;
  }
  return { records: lines.length, signed };
}

/** The session a record belongs to: the same marker the commands run under countersign get. */
export function sessionId(env: NodeJS.ProcessEnv): string {
  return sessionOf(env);
}

/** Remove a file if it's there (rmSync would load node's rimraf: start-up time on every decline). */
export function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* gone already */
  }
}
