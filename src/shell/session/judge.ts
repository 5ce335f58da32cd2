// Judging a submitted line in the session, with the same engine as `-c` mode, in process.
//
// Hot path: a line that is surely complete and that the quick reject allows (no word any rule
// needs, nothing the session watches) is allowed with no parse and no environment. Anything else
// asks the shell for its exported environment (builtins only) and runs the full check, plus the
// session's own look (nested shells, the hook itself). A line that would pause first goes to the
// real shell in -n mode: if it is only an unfinished compound command, the person keeps editing.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult, Engine } from '../../engine.js';
import { check } from '../../engine.js';
import { quickReject } from '../../rules/quick.js';
import type { JudgedFinding } from '../../policy/index.js';
import { completeness, surelyComplete } from './complete.js';
import { SHELL_READS_INPUT, finding, needsSessionLook, sessionLook } from './analysis.js';

export type Dialect = 'bash' | 'zsh';

export type Verdict =
  /** nested: the line starts a nested bash or zsh that should connect its own hook. */
  | { kind: 'allow'; result?: CheckResult; nested?: boolean }
  | { kind: 'incomplete' }
  | { kind: 'pause'; result: CheckResult; engine: Engine };

export interface JudgeOptions {
  home: string;
  /** The wrapper's own environment: where the user config is (not the shell's, which a command
   *  in the session could change). */
  env: Readonly<Record<string, string | undefined>>;
  sessionDir: string;
  /** Real shells for the completeness test. */
  shells: Partial<Record<Dialect, string>>;
  /** The user's startup files as the session found them (startup.ts). */
  startup?: { changed(): string[] };
}

export class Judge {
  private engines = new Map<string, { sig: string; engine: Engine }>();

  constructor(private readonly o: JudgeOptions) {}

  /** The engine for a directory: the team file found from there, re-read when it or the user
   *  file changes. */
  private load?: typeof import('../../rules/load.js');

  async engineAt(cwd: string): Promise<Engine> {
    const load = (this.load ??= await import('../../rules/load.js'));
    const { findTeamFile, userConfigFile, loadConfig } = load;
    const team = findTeamFile(cwd);
    const user = userConfigFile(this.o.env, this.o.home);
    const sig = [team ?? '', sigOf(team), team ? sigOf(path.join(path.dirname(team), '.countersign')) : '', sigOf(user)].join('\0');
    const key = team ?? '';
    const hit = this.engines.get(key);
    if (hit && hit.sig === sig) return hit.engine;
    const config = await loadConfig({ cwd, env: this.o.env, home: this.o.home });
    const { quickIndex } = await import('../../rules/index.js');
    const engine: Engine = { config, index: quickIndex(config) };
    this.engines.set(key, { sig, engine });
    return engine;
  }

  /** The verdict without the environment when that is enough; undefined: ask for it. */
  /** `defs`: shell code defining the aliases and functions the line may call (see defs.ts). */
  async quick(text: string, cwd: string, defs = ''): Promise<Verdict | undefined> {
    if (text.trim() === '') return { kind: 'allow' };
    if (!surelyComplete(text)) return undefined;
    const engine = await this.engineAt(cwd);
    if (engine.config.errors.length) return undefined;
    const all = defs ? `${defs}\n${text}` : text;
    if (!quickReject(all, engine.index, cwd)) return undefined;
    if (needsSessionLook(all, this.o.sessionDir)) return undefined;
    return { kind: 'allow' };
  }

  async full(text: string, cwd: string, env: Record<string, string>, dialect: Dialect, defs = '', extra: JudgedFinding[] = []): Promise<Verdict> {
    const shell = this.o.shells[dialect];
    if (shell && !surelyComplete(text) && (await completeness(text, { path: shell, dialect })) === 'incomplete') return { kind: 'incomplete' };
    const engine = await this.engineAt(cwd);
    const ctx = { cwd, env, home: this.o.home, envComplete: false, dialect, inputOpen: true };
    const all = defs ? `${defs}\n${text}` : text;
    let result = await check(all, ctx, engine);
    let nested = false;
    if (extra.length || needsSessionLook(all, this.o.sessionDir)) {
      const { parse } = await import('../../parse/index.js');
      const parsed = await parse(all, { cwd, env, home: this.o.home }, { dialect });
      const look = sessionLook(all, parsed, this.o.sessionDir);
      let findings: JudgedFinding[] = result.findings;
      nested = look.shellsGuarded;
      if (look.shellsGuarded) findings = findings.filter((f) => !(f.rule === 'core/opaque' && f.detail === SHELL_READS_INPUT));
      findings = [...findings, ...look.findings, ...this.startupFindings(look.shellsGuarded, text), ...extra];
      if (findings !== result.findings) {
        const policy = await import('../../policy/index.js');
        const decision = policy.decide(findings);
        const { projectRoot } = await import('../../targets/index.js');
        const root = projectRoot({ cwd, env, home: this.o.home, ...(engine.config.teamRoot ? { projectRoot: engine.config.teamRoot } : {}) });
        const phrase = decision === 'confirm' ? policy.phraseFor(findings, { home: this.o.home, root }) : undefined;
        result = { ...result, findings, decision, ...(phrase ? { phrase } : {}) };
        if (!phrase) delete result.phrase;
      }
    }
    if (result.decision === 'allow') return { kind: 'allow', result, nested };
    return { kind: 'pause', result, engine };
  }

  /** A nested shell would run startup files changed during the session, unchecked. */
  private startupFindings(nested: boolean, text: string): JudgedFinding[] {
    const changed = nested ? (this.o.startup?.changed() ?? []) : [];
    if (!changed.length) return [];
    return [finding('session/startup-files-changed', 'starts a shell whose startup files changed during this session', `${changed.join(', ')} changed since this session started; a nested shell runs them before its guard is in`, text, 'run changed startup files')];
  }
}

function sigOf(p: string | undefined): string {
  if (!p) return '';
  const s = statSync(p, { throwIfNoEntry: false });
  return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : '-';
}
