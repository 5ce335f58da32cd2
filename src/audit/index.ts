// Audit log: JSON Lines in $XDG_STATE_HOME/countersign/audit.jsonl, one line per check that had
// findings. Each line is a single O_APPEND write, so concurrent sessions never interleave.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JudgedFinding } from '../policy/index.js';
import { sessionOf } from '../shell/run.js';

export type Settled = 'allowed' | 'phrase' | 'approval' | 'declined' | 'timeout' | 'denied' | 'no-terminal';

export interface AuditRecord {
  time: string;
  session: string;
  cwd: string;
  command: string;
  decision: 'allow' | 'confirm' | 'deny';
  settled: Settled;
  approval?: string;
  via: string;
  findings: Array<{ rule: string; severity: string; summary: string; detail: string; environment: string; evidence: string[] }>;
  exit?: number | string;
}

export function auditFile(state: string): string {
  return path.join(state, 'audit.jsonl');
}

export function toAuditFindings(fs: JudgedFinding[]): AuditRecord['findings'] {
  return fs.map((f) => ({ rule: f.rule, severity: f.severity, summary: f.summary, detail: f.detail, environment: f.target.environment, evidence: f.target.evidence }));
}

export function appendAudit(state: string, rec: AuditRecord): void {
  try {
    mkdirSync(state, { recursive: true, mode: 0o700 });
    appendFileSync(auditFile(state), JSON.stringify(rec) + '\n', { mode: 0o600 });
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

/** The session a record belongs to: the same marker the commands run under countersign get. */
export function sessionId(env: NodeJS.ProcessEnv): string {
  return sessionOf(env);
}
