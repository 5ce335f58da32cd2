// Policy: findings (with their targets) to allow | confirm | deny, and the confirmation phrase.
import picomatch from 'picomatch';
import type { Finding, Severity } from '../rules/index.js';
import { SEVERITIES } from '../rules/types.js';
import type { Config } from '../rules/index.js';
import { table } from '../own.js';

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
  // A database that ends with the command (in memory, or a scratch file in a temp directory, whose
  // SQL reaches no other file): dropping its tables destroys nothing anyone keeps.
  // (Atlas's schema commands too: `atlas schema clean -u sqlite:///tmp/dev.db`.)
  if (f.target.facts['ephemeral'] && f.targetKind === 'database' && /^(databases|atlas)\//.test(f.rule) && !f.target.facts['protected-path']) return 'allow';
  // An AWS emulator the line started in a container with no volume (targets/clouds.ts
  // emulatorStarted): its buckets and objects are the line's own.
  if (f.target.facts['ephemeral'] && f.targetKind === 'aws' && /^aws\//.test(f.rule) && !f.target.facts['protected-path']) return 'allow';
  // SQL from a file that isn't there now: the command fails as it stands. Only where a wrong
  // guess is the incident (production, unknown) does the chance of it appearing first still pause.
  if (f.absent && !isStrict(env) && !f.target.facts['protected-path']) return 'allow';
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

/** What phraseFor needs to show paths the way people read them. */
export interface PhraseContext {
  home?: string;
  /** The project root: absolute paths under it are shown relative to it. */
  root?: string;
}

/** The phrase a human types: names the action, the resource and the environment, in that order,
 *  short enough to read once and type right. Never "yes". */
export function phraseFor(findings: JudgedFinding[], where: PhraseContext = {}): string | undefined {
  const parts = phraseParts(findings, where);
  if (!parts) return undefined;
  const phrase = [...parts.verb, ...parts.name, 'in', parts.env].join(' ');
  return /^(y|yes|ok)$/i.test(phrase) ? `confirm ${phrase}` : phrase;
}

/** The phrase in its parts: the verb's words, the name's words (the resource), the environment. */
export function phraseParts(findings: JudgedFinding[], where: PhraseContext = {}): { verb: string[]; name: string[]; env: string } | undefined {
  const pausing = findings.filter((f) => f.decision === 'confirm');
  if (!pausing.length) return undefined;
  const top = [...pausing].sort((a, b) => rank(b.severity) - rank(a.severity) || envRank(b.target.environment) - envRank(a.target.environment))[0]!;
  const env = clean(top.target.environment).toLowerCase().replace(/ /g, '-');
  const verb = clean(top.verb ?? defaultVerb(top.rule)).toLowerCase().split(' ').filter(Boolean);
  const tail = verb[verb.length - 1] ?? '';
  // One name: what the rule saw (the last word of it for "into" verbs: `sync ... into DEST`),
  // else the target's own name (a database, a workspace, an app), never its long description.
  // A name can't say "in": `rm -rf 'in local'` must not read "delete in local in production".
  // The rule's noun (`compose project`) follows the verb unless the verb already says it.
  const noun = newWords(top.noun, [...verb, env, 'in'], 3);
  const said = [...verb, ...noun, env, 'in'];
  // An "into" verb names only its destination: `sync over r2:site`, not the source after it.
  // So does "at" (`overwrite data at /users`, not the file after it).
  let name = top.resource !== undefined ? newWords(shortName(top.resource, where, INTO.has(tail)), said, INTO.has(tail) || tail === 'at' ? 1 : 2) : [];
  // "delete every row of users"; but "reset database with" only joined the old description,
  // and "delete objects in X in production" says "in" twice.
  if (verb.length > 1 && (tail === 'with' || tail === 'in' || (FILLER.has(tail) && !name.length && !noun.length))) verb.pop();
  verb.push(...noun);
  // Code known only at run time acts on no named thing: not "run unverified code master".
  if (!name.length && !top.rule.startsWith('core/')) name = newWords(targetName(top.target), said);
  // A second word only while the phrase stays short (`delete pvc data-db-0`, but not
  // `delete database prod-rg prod-sql`), and never the kind
  // without its name (`discard changes master`, not `discard changes branch`).
  if (name.length > 1 && [...verb, ...name, 'in', env].join(' ').length > PHRASE_MAX) name = KINDS.has(name[0]!) || K8S_KIND.test(top.resource?.trim().split(/\s+/)[0] ?? '') ? name.slice(1) : name.slice(0, 1);
  return { verb, name, env };
}

/** Up to two words of `name` that say something new: not a word already said, and
 *  `namespace/payments` after "namespace" is `payments`. */
function newWords(name: string | undefined, said: string[], max = 2): string[] {
  const out: string[] = [];
  for (let w of clean(name ?? '').split(' ').filter(Boolean)) {
    const typed = /^([A-Za-z]+)\/(.+)$/.exec(w);
    if (typed && repeats(typed[1]!, said)) w = typed[2]!;
    // `-` (stdin, "this account") is no name; a file called `-rf` is.
    if (w === '-' || repeats(w, [...said, ...out])) continue;
    out.push(w);
    if (out.length === max) break;
  }
  return out;
}

/** Does what a person typed confirm `phrase`? Case (A-Z only) and runs of spaces don't matter;
 *  nothing else is forgiven. The one comparison every prompt uses. */
export function phraseMatches(typed: string, phrase: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').replace(/[A-Z]/g, (c) => c.toLowerCase());
  return norm(typed) !== '' && norm(typed) === norm(phrase);
}

const FILLER = new Set(['with', 'of', 'in', 'into', 'to', 'from', 'over', 'on', 'at']);
const INTO = new Set(['into', 'to', 'over']);
// Words that say what kind of thing the next word names (targetName's `branch main`).
const KINDS = new Set(['branch', 'workspace', 'stack', 'namespace', 'tag']);
const ALIASES: Record<string, string> = table({ ns: 'namespace', pv: 'volume', svc: 'service', deploy: 'deployment' });
// Names longer than this are cut to their last segment (a URL, a path, an ARN) or their start.
const NAME_MAX = 24;
/** Phrases stay this short as a rule; only a resource's own long name may pass it. */
export const PHRASE_MAX = 40;

// Letters, digits and the punctuation of names and paths; anything else becomes a space.
// Punctuation left at a word's end once a pattern's `*` is gone (`api:.*` is `api`) says nothing.
// A name known only at run time keeps its `$` (`delete $d in local`, not `delete d`).
// A glob's `*` stays inside a path (`/home/*/.ssh`); alone or as a regex's `.*` it says nothing.
const clean = (s: string): string => s.replace(/\$\{([A-Za-z_]\w*)[^}]*\}/g, '$$$1').replace(/\$(?![A-Za-z_0-9])/g, ' ').replace(/\.\*/g, ' ').replace(/[^A-Za-z0-9 ._/:@~$*-]+/g, ' ').replace(/(^|\s)\*+(?=\s|$)/g, ' ').replace(/(\w)[.:]+(?=\s|$)/g, '$1').replace(/\s+/g, ' ').trim();

/** A word already said: the same word, its plural, its short form, or the verb run into a name
 *  (`flush flushall`, `delete namespace ns payments`). */
function repeats(w: string, said: string[]): boolean {
  const l = w.toLowerCase();
  const base = ALIASES[l] ?? l.replace(/s$/, '');
  return said.some((s) => s === l || s === base || s.replace(/s$/, '') === base || (s.length >= 4 && l.startsWith(s) && /^[a-z]+$/.test(l.slice(s.length))));
}

// The words of the name, the last first for "into" verbs (`sync ... into DEST`).
function shortName(resource: string, where: PhraseContext, last: boolean): string | undefined {
  const words = resource.trim().split(/\s+/).filter(Boolean).slice(0, 3);
  if (last) words.reverse();
  return words.map((w) => shortWord(w, where)).join(' ') || undefined;
}

const K8S_KIND = /^([a-z][a-z0-9-]*)\.(?:[a-z0-9-]+\.)+(?:io|com|dev|org|net|sh|cloud)$/;

function shortWord(w: string, where: PhraseContext): string {
  let s = w;
  if (s.startsWith('/')) s = showPath(s, where);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[?#].*$/, '');
  s = shortId(s);
  if (s.length <= NAME_MAX) return s;
  // The last segment, with the one before it when that fits and says something (`services/srv-abc`
  // of a URL, not an account number); of a long dotted name its tail (`aws_rds_cluster.this`).
  const parts = s.split(/[/:]/).filter(Boolean);
  const last = parts[parts.length - 1] ?? s;
  const prev = parts[parts.length - 2];
  const two = `${prev}/${last}`;
  if (prev && prev.length > 2 && !/^\d+$/.test(prev) && s.endsWith(two) && two.length <= NAME_MAX) return two;
  // An email-like identity (`ci@proj.iam.gserviceaccount.com`): its name and the domain's first
  // label (the GCP project), not the domain's tail every service account shares.
  const email = /^([\w.+-]+)@([\w-]+)\.[\w.-]+$/.exec(s);
  if (email) return `${email[1]}@${email[2]}`.length <= NAME_MAX ? `${email[1]}@${email[2]}` : email[1]!.slice(0, NAME_MAX);
  if (last.length <= NAME_MAX) return last;
  // A Kubernetes kind with its API group (`rdsinstances.database.aws.crossplane.io`): the kind.
  const kind = K8S_KIND.exec(last)?.[1];
  if (kind && kind.length <= NAME_MAX) return kind;
  const dotted = [...last.matchAll(/\./g)].map((m) => last.slice(m.index + 1)).find((t) => /^[\w.-]+$/.test(t) && t.length <= NAME_MAX);
  if (dotted) return dotted;
  // Code or a long word: its start up to the first punctuation (`MyApp.Repo.delete_all` of
  // `MyApp.Repo.delete_all(MyApp.User)`), not a cut mid-word.
  const head = /^[\w.-]+/.exec(last)?.[0];
  return head && head.length >= 6 && head.length <= NAME_MAX ? head : last.slice(0, 12);
}

/** A long opaque id (hex with letters and digits, a UUID), after any short kind prefix (`vol-`,
 *  `i-`), is shown by its first 8 characters: the panel shows it whole, and what is approved is
 *  the exact command, never the phrase, so a shorter phrase binds nothing less. */
function shortId(s: string): string {
  const m = /^([a-z]{1,5}[-_])?([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{13,})$/i.exec(s);
  if (!m || !/\d/.test(m[2]!) || !/[a-f]/i.test(m[2]!)) return s;
  return `${m[1] ?? ''}${m[2]!.slice(0, 8)}`;
}

// Relative to the deeper of the project root and home: `data/db.sqlite` in a project under
// home, `~/.ssh` outside it.
function showPath(p: string, where: PhraseContext): string {
  const under = (base: string | undefined): string | undefined => {
    if (!base || base === '/') return undefined;
    const b = base.replace(/\/+$/, '');
    return p === b ? '' : p.startsWith(`${b}/`) ? p.slice(b.length + 1) : undefined;
  };
  // The project root itself is named from home or in full, never as an easily skipped ".".
  const inRoot = under(where.root) || undefined;
  const inHome = under(where.home);
  if (inRoot !== undefined && (inHome === undefined || (where.root ?? '').length > (where.home ?? '').length)) return inRoot;
  if (inHome !== undefined) return inHome ? `~/${inHome}` : '~';
  return p;
}

/** The name of the target itself when the rule named nothing: a database, a workspace, an app. */
function targetName(t: TargetInfo): string | undefined {
  const f = t.facts;
  if (f['database']) return f['database'];
  if (f['terraform-workspace']) return `workspace ${f['terraform-workspace']}`;
  if (f['pulumi-stack']) return `stack ${f['pulumi-stack']}`;
  if (f['git-branch']) return `branch ${f['git-branch']}`;
  return f['fly-app'] ?? f['heroku-app'] ?? f['vercel-project'] ?? f['supabase-project'] ?? f['railway-environment'];
}

function envRank(e: string): number {
  return e === 'production' ? 3 : e === 'unknown' ? 2 : e === 'local' ? 0 : 1;
}

function defaultVerb(rule: string): string {
  const name = rule.split('/')[1] ?? rule;
  if (rule.startsWith('core/')) return 'run unverified code';
  return name.replace(/-/g, ' ');
}
