// The session's answers to the hooks' requests (the framing is channel.ts's). For each submitted
// line: the definitions it calls first (a few rounds of D), then the quick verdict, then (E) the
// environment and the full check. Replies: A run it (with the preexec sequence to print), F send
// these definitions, V send the environment, N the line isn't complete, G gate it (id), R refuse
// (message), and for a gate command's W: Y or X once a person has answered (panels.ts).
// Anything that fails refuses the line.
import type { CheckResult } from '../../engine.js';
import type { JudgedFinding } from '../../policy/index.js';
import { finding } from './analysis.js';
import type { Channel, Request } from './channel.js';
import { Snapshot, candidateNames, defsToCode, lineWords, parseRecords, splitDeclareF, type Def } from './defs.js';
import type { Judge } from './judge.js';
import { preexecSequence } from './osc.js';
import type { PanelQueue } from './panels.js';

/** How many rounds of "what do these definitions call?" before a line pauses instead. */
export const MAX_DEF_ROUNDS = 8;

const LOST = 'countersign: the session lost track of this line; it was not run.';

export interface RequestDeps {
  judge: Pick<Judge, 'quick' | 'full'>;
  panels: Pick<PanelQueue, 'add' | 'wait'>;
  /** VS Code's nonce, for the preexec sequence (undefined outside VS Code). */
  nonce: string | undefined;
  /** The line starts a nested shell (keygate.ts holds keys for its hook). */
  expectNested(): void;
  /** An allowed line that had findings (audit only). */
  auditAllowed(text: string, cwd: string, result: CheckResult): Promise<void>;
}

/** A line being checked, between its Q and its E. */
interface Pending {
  text: string;
  pwd: string;
  defs: Def[];
  asked: Set<string>;
  rounds: number;
  deep: boolean;
}

type Reply = (kind: string, a?: string, b?: string) => void;

export class Requests {
  /** By shell pid: one line at a time per shell. */
  private readonly pending = new Map<number, Pending>();
  /** By shell pid: what its startup files defined (not sent again with each line). */
  private readonly snapshots = new Map<number, Snapshot>();

  constructor(private readonly d: RequestDeps) {}

  async handle(ch: Channel, req: Request): Promise<void> {
    const reply: Reply = (kind, a = '', b = '') => ch.reply(req.seq, req.nonce, kind, a, b);
    try {
      if (req.kind === 'Q') return await this.line(ch, req, reply);
      if (req.kind === 'D') return await this.moreDefs(ch, req.defs, reply);
      if (req.kind === 'S') return this.snapshot(ch, req, reply);
      if (req.kind === 'E') return await this.full(ch, req.env, reply);
      if (req.kind === 'W' && !this.d.panels.wait(req.id, req.line, { ch, seq: req.seq, nonce: req.nonce })) reply('X');
    } catch (e) {
      // Fail closed: the line does not run.
      this.pending.delete(ch.pid);
      reply('R', `countersign: internal error (${(e as Error).message}); the line was not run.`);
    }
  }

  private async line(ch: Channel, req: Extract<Request, { kind: 'Q' }>, reply: Reply): Promise<void> {
    this.pending.delete(ch.pid);
    if (req.running) return reply('A');
    const text = req.expanded || req.line;
    const defs = this.fresh(ch, req.defs);
    const p: Pending = { text, pwd: req.pwd, defs, asked: lineWords(text), rounds: 0, deep: false };
    for (const d of defs) p.asked.add(d.name);
    return this.next(ch, p, reply);
  }

  private async moreDefs(ch: Channel, records: string, reply: Reply): Promise<void> {
    const p = this.pending.get(ch.pid);
    if (!p) return reply('R', LOST);
    for (const d of this.fresh(ch, records)) {
      if (p.defs.some((x) => x.kind === d.kind && x.name === d.name)) continue;
      p.defs.push(d);
      p.asked.add(d.name);
    }
    return this.next(ch, p, reply);
  }

  private snapshot(ch: Channel, req: Extract<Request, { kind: 'S' }>, reply: Reply): void {
    const snap = new Snapshot();
    snap.add(parseRecords(req.records));
    if (req.declareF) snap.add(splitDeclareF(req.declareF));
    this.snapshots.set(ch.pid, snap);
    reply('A');
  }

  /** Definitions first (a few rounds), then the quick verdict, then the environment for the rest. */
  private async next(ch: Channel, p: Pending, reply: Reply): Promise<void> {
    if (p.defs.length) {
      const more = candidateNames(defsToCode(p.defs), p.asked);
      if (more.length && p.rounds < MAX_DEF_ROUNDS) {
        p.rounds++;
        this.pending.set(ch.pid, p);
        return reply('F', more.join(' '));
      }
      if (more.length) p.deep = true;
    }
    // Too deep: what the last definitions call is unknown, so the quick verdict can't allow it.
    const v = p.deep ? undefined : await this.d.judge.quick(p.text, p.pwd, defsToCode(p.defs));
    if (v?.kind === 'allow') {
      this.pending.delete(ch.pid);
      return reply('A', p.text.trim() ? preexecSequence(p.text, this.d.nonce) : '');
    }
    this.pending.set(ch.pid, p);
    return reply('V');
  }

  private async full(ch: Channel, env: Record<string, string>, reply: Reply): Promise<void> {
    const p = this.pending.get(ch.pid);
    this.pending.delete(ch.pid);
    if (!p) return reply('R', LOST);
    const v = await this.d.judge.full(p.text, p.pwd, env, ch.dialect, defsToCode(p.defs), this.deepFinding(p));
    if (v.kind === 'incomplete') return reply('N');
    if (v.kind === 'allow') {
      if (v.result?.findings.length) void this.d.auditAllowed(p.text, p.pwd, v.result).catch(() => undefined);
      if (v.nested) this.d.expectNested();
      return reply('A', preexecSequence(p.text, this.d.nonce));
    }
    const id = this.d.panels.add(p.text, p.pwd, v.result, v.engine);
    return reply('G', id, preexecSequence(p.text, this.d.nonce));
  }

  private deepFinding(p: Pending): JudgedFinding[] {
    if (!p.deep) return [];
    return [finding('session/deep-definitions', 'runs functions nested too deep to check', `the line calls functions or aliases that call others more than ${MAX_DEF_ROUNDS} levels deep`, p.text, 'run unchecked functions')];
  }

  /** Definitions sent with a line, less what the startup files defined. */
  private fresh(ch: Channel, records: string): Def[] {
    const snap = this.snapshots.get(ch.pid);
    return parseRecords(records).filter((d) => !snap?.has(d));
  }
}
