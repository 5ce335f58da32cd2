// Policy: findings (with their targets) to allow | confirm | deny, and the confirmation phrase.
import picomatch from 'picomatch';
import type { Finding, Severity } from '../rules/types.js';
import { SEVERITIES } from '../rules/types.js';
import type { Config } from '../rules/load.js';

export type Decision = 'allow' | 'confirm' | 'deny';

export interface TargetInfo {
  environment: string;
  resource?: string;
  facts: Record<string, string>;
  evidence: string[];
}

export type JudgedFinding = Omit<Finding, 'target' | 'inv'> & { target: TargetInfo; decision: Decision };

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Environments treated as the strictest: a guess is how the incident happened. */
export function isStrict(env: string): boolean {
  return env === 'production' || env === 'unknown';
}

/** Kinds where "local" really means a throwaway resource (a local database, a kind cluster,
 *  wrangler's local D1/KV/R2 state under .wrangler/).
 *  Files on this machine are never relaxed this way: `rm -rf data` is local and still real. */
const RELAXABLE = new Set(['database', 'kubernetes', 'docker', 'terraform', 'pulumi', 'http', 'cloudflare']);

export function decideOne(f: Finding & { target: TargetInfo }, policy: Config['policy']): Decision {
  const env = f.target.environment;
  const envPol = policy.environments?.[env];
  const denyList = [...(policy.deny ?? []), ...(envPol?.deny ?? [])];
  if (f.action === 'deny' || (denyList.length && picomatch(denyList)(f.rule))) return 'deny';
  let at: Severity = policy['confirm-at'];
  if (env === 'local' && f.targetKind && RELAXABLE.has(f.targetKind) && !f.target.facts['protected-path']) at = 'critical';
  // A per-environment threshold from the team file may only make this stricter; from the
  // user's own file it may also relax it.
  const envAt = envPol?.['confirm-at'];
  if (envAt) at = (envPol as { userSet?: boolean }).userSet || rank(envAt) < rank(at) ? envAt : at;
  // Production and unknown always pause at high and critical, whatever a file says.
  if (isStrict(env) && rank(at) > rank('high')) at = 'high';
  if (f.rule.startsWith('core/')) at = 'low';
  return rank(f.severity) >= rank(at) ? 'confirm' : 'allow';
}

export function decide(findings: JudgedFinding[]): Decision {
  if (findings.some((f) => f.decision === 'deny')) return 'deny';
  if (findings.some((f) => f.decision === 'confirm')) return 'confirm';
  return 'allow';
}

/** The phrase a human types: names the action, the resource and the environment. Never "yes". */
export function phraseFor(findings: JudgedFinding[]): string | undefined {
  const pausing = findings.filter((f) => f.decision === 'confirm');
  if (!pausing.length) return undefined;
  const top = [...pausing].sort((a, b) => rank(b.severity) - rank(a.severity) || envRank(b.target.environment) - envRank(a.target.environment))[0]!;
  const verb = top.verb ?? defaultVerb(top.rule);
  const resource = shortResource(top.resource ?? top.target.resource);
  const env = top.target.environment;
  let phrase = [verb, resource, 'in', env].filter(Boolean).join(' ');
  phrase = phrase.toLowerCase().replace(/[^a-z0-9 ._/:@~-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (/^(y|yes|ok)$/i.test(phrase)) phrase = `confirm ${phrase}`;
  return phrase;
}

function envRank(e: string): number {
  return e === 'production' ? 3 : e === 'unknown' ? 2 : e === 'local' ? 0 : 1;
}

function defaultVerb(rule: string): string {
  const name = rule.split('/')[1] ?? rule;
  if (rule.startsWith('core/')) return 'run unverified code';
  return name.replace(/-/g, ' ');
}

function shortResource(r: string | undefined): string | undefined {
  if (!r) return undefined;
  let s = r.trim();
  if (s.length > 40) s = s.slice(0, 40);
  return s || undefined;
}
