// Mapping facts to environment names: the team file's `environments:` map first, then the
// built-in defaults, else unknown. Unknown is handled like the strictest environment, because a
// guess is how the Railway volume incident happened.
import picomatch from 'picomatch';
import { isAbsolute, resolve } from 'node:path';
import { isLocalHost, isSocketPath } from './url.js';
import { isUnder, projectRoot } from './paths.js';
import type { TargetContext } from './types.js';
import type { EnvironmentsConfig } from './schema.js';

export type { EnvironmentsConfig };

/** Team-file match keys (a contract) and the facts each is tested against, in order. */
export const MATCH_KEYS = {
  hosts: ['host', 'kube-server-host'],
  'kube-contexts': ['kube-context'],
  'aws-profiles': ['aws-profile'],
  'gcp-projects': ['gcp-project'],
  'azure-subscriptions': ['azure-subscription', 'azure-subscription-id'],
  'railway-environments': ['railway-environment', 'railway-environment-id'],
  'terraform-workspaces': ['terraform-workspace'],
  'pulumi-stacks': ['pulumi-stack', 'pulumi-stack-ref'],
  'fly-apps': ['fly-app'],
  'heroku-apps': ['heroku-app'],
  'vercel-projects': ['vercel-project', 'vercel-project-id'],
  'netlify-sites': ['netlify-site'],
  'supabase-projects': ['supabase-project'],
  'git-branches': ['git-branch'],
  'neon-projects': ['neon-project'],
  'neon-branches': ['neon-branch'],
  'planetscale-databases': ['planetscale-database'],
  'planetscale-branches': ['planetscale-branch'],
  'digitalocean-contexts': ['digitalocean-context'],
  'firebase-projects': ['firebase-project'],
  'cloudflare-workers': ['cloudflare-worker'],
  'wrangler-envs': ['wrangler-env'],
  'atlas-projects': ['atlas-project'],
  'atlas-clusters': ['atlas-cluster'],
  'turso-databases': ['turso-database'],
  buckets: ['bucket'],
  'github-repos': ['github-repo'],
  'github-environments': ['github-environment'],
  'storage-remotes': ['storage-remote'],
  /** Environment names a team's own CLI is given (`programs: NAME: acts: environment:`). */
  'app-envs': ['app-env'],
  // Labels a team chooses per environment, read from the line (LABEL_KEYS: a production name
  // among the target's other facts still wins).
  /** A serverless stage: `sst|serverless --stage X`, `cdk -c stage=X` (or env=, environment=). */
  stages: ['aws-stage'],
  /** An infrastructure directory, relative to the project root: `terraform -chdir=DIR`, the
   *  folder terragrunt runs in (`--working-dir`, `cd DIR &&`), a Pulumi project's folder. */
  'iac-dirs': ['terraform-dir', 'pulumi-dir'],
  /** A secrets runner's environment: `doppler run --config X`, `infisical run --env=X`. */
  'doppler-configs': ['doppler-config'],
  'infisical-envs': ['infisical-env'],
  /** The env file `op run --env-file=FILE` resolves (as written, relative to the project). */
  'op-env-files': ['op-env-file', 'env-file'],
} as const satisfies Record<string, readonly string[]>;

export type MatchKey = keyof typeof MATCH_KEYS;

const matchers = new Map<string, (s: string) => boolean>();

// `bash: true` lets `*` cross `/`, so `*prod*` matches an EKS context ARN `arn:...:cluster/prod-eu`.
function globMatch(pattern: string, value: string): boolean {
  let m = matchers.get(pattern);
  if (!m) {
    m = picomatch(pattern, { nocase: true, dot: true, bash: true });
    matchers.set(pattern, m);
  }
  return m(value);
}

export function classify(
  facts: Record<string, string>,
  ctx: TargetContext,
): { environment: string; evidence: string[] } {
  const team = matchTeam(facts, ctx.environments);
  if (!team) return defaults(facts, ctx);
  // A team match on a name anyone can choose (a context named `staging`) doesn't hide a machine
  // whose own host name says production (the context's server `k8s.prod.acme.internal`).
  if (!isStrictEnv(team.environment)) {
    // A label (a stage, a directory, a runner's config) names nothing by itself: any of the
    // target's names that says production wins over it (`terraform -chdir=infra/envs/staging
    // destroy -var-file=../production/terraform.tfvars`, `sst remove --stage staging --profile prod`).
    const keys = team.label ? NAME_FACTS : HARD_FACTS;
    const hard = Object.fromEntries(keys.filter((k) => facts[k]).map((k) => [k, facts[k]!]));
    const byName = Object.keys(hard).length ? defaults(hard, ctx) : undefined;
    if (byName?.environment === 'production') return { environment: 'production', evidence: [...byName.evidence, ...team.evidence.map((e) => `${e}, but the stricter reading stands`)] };
  }
  return team;
}

const isStrictEnv = (env: string): boolean => env === 'production' || env === 'unknown';
/** Facts that name a machine or the resource itself, not a label for the account or context it is
 *  reached through: `aws --profile staging s3 rm s3://acme-prod-uploads` acts on a production
 *  bucket whatever the team calls the profile. */
const HARD_FACTS = ['host', 'kube-server-host', 'bucket', 'aws-resource', 'gcp-resource', 'azure-resource', 'digitalocean-resource', 'cloudflare-resource',
  // The state a destroy reads is the resources' own record (`TF_WORKSPACE=staging terraform init
  // -backend-config="key=prod/terraform.tfstate"`), and a kubeconfig file holds the clusters its
  // contexts reach (`--context staging --kubeconfig ~/.kube/prod-config`), rt27t.
  'terraform-backend', 'kubeconfig'];

/** The team's environment for these facts. Facts of one target that match different environments
 *  (a context named `staging` whose server matches `production.hosts`) take the strictest: a
 *  name that says staging is no reason to show staging for a production machine. */
function matchTeam(
  facts: Record<string, string>,
  envs: EnvironmentsConfig | undefined,
): { environment: string; evidence: string[]; label?: boolean } | undefined {
  const first = matchTeamFirst(facts, envs);
  if (!first || isStrictEnv(first.environment) || !envs) return first;
  const rest = Object.fromEntries(Object.entries(envs).filter(([n]) => isStrictEnv(n)));
  const strict = matchTeamFirst(facts, rest as EnvironmentsConfig);
  return strict ? { environment: strict.environment, evidence: [...strict.evidence, ...first.evidence.map((e) => `${e}, but the stricter match stands`)] } : first;
}

function matchTeamFirst(
  facts: Record<string, string>,
  envs: EnvironmentsConfig | undefined,
): { environment: string; evidence: string[]; label?: boolean } | undefined {
  if (!envs) return undefined;
  for (const [name, def] of Object.entries(envs)) {
    const match = def?.match;
    if (!match) continue;
    for (const [key, pats] of Object.entries(match) as Array<[MatchKey, string[] | undefined]>) {
      if (!pats) continue;
      for (const factKey of MATCH_KEYS[key] ?? []) {
        const value = facts[factKey];
        if (value === undefined || value === '') continue;
        const hit = pats.find((p) => globMatch(p, value));
        if (hit !== undefined) {
          const how = hit.toLowerCase() === value.toLowerCase() ? '' : ` (${hit})`;
          const r = { environment: name, evidence: [`${factKey} ${value} matches ${name}.${key}${how}`] };
          return LABEL_KEYS.has(key) ? { ...r, label: true } : r;
        }
      }
    }
  }
  return undefined;
}

/** Match keys whose facts are labels for a run, not the name of a machine or resource. */
const LABEL_KEYS = new Set<string>(['stages', 'iac-dirs', 'doppler-configs', 'infisical-envs', 'op-env-files', 'app-envs']);

// Facts that are names people choose, so a name containing prod/production/live says production.
// Not URLs, ports, ids or paths of local files; not Railway or Vercel projects, which hold every
// environment (their environment/target facts say which one).
const NAME_FACTS = [
  'host', 'kube-server-host', 'database', 'kube-context', 'kube-namespace', 'kube-cluster', 'kubeconfig', 'kube-manifests', 'aws-profile', 'aws-resource', 'aws-role', 'aws-config-file', 'aws-stage', 'gcp-project', 'gcp-configuration', 'gcp-resource',
  'azure-subscription', 'azure-resource', 'azure-config-dir', 'railway-environment', 'terraform-workspace', 'terraform-dir', 'terraform-var-file', 'terraform-env', 'terraform-backend',
  'pulumi-stack', 'fly-app', 'fly-config', 'heroku-app', 'vercel-target', 'vercel-scope', 'netlify-site', 'netlify-context', 'supabase-project', 'git-branch', 'git-remote',
  'docker-context', 'compose-project', 'app-env', 'ssh-config', 'ansible-inventory',
  'neon-project', 'neon-branch', 'planetscale-database', 'planetscale-branch', 'digitalocean-context', 'digitalocean-resource', 'firebase-project', 'firebase-instance',
  'cloudflare-worker', 'cloudflare-resource', 'wrangler-env', 'github-environment', 'atlas-cluster', 'turso-database', 'upstash-database', 'render-database', 'bucket', 'storage-remote', 'storage-config',
  // Keys or secret paths a key store's command names (etcd, Consul, Vault, ZooKeeper).
  'service-key', 'service-namespace',
  // A URL path segment that names production (targets/http.ts prodSegments): set only then.
  'http-resource',
  'pulumi-dir', 'doppler-config', 'infisical-env', 'op-env-file', 'serverless-config',
  // The .env.NAME file an HTTP request's token or URL is read from (targets/http.ts).
  'env-file',
];

// A directory named `live` is terragrunt's layout (`infrastructure-live/staging/…`), not production.
const DIR_FACTS = new Set(['terraform-dir', 'pulumi-dir']);

const PROD_TOKEN = /^(prod|production|prd|live)\d*$/;

/** True when a word of the name is prod/production/prd/live (not `products`, not `delivery`). */
export function namesProduction(name: string, live = true): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((t) => PROD_TOKEN.test(t) && (live || t !== 'live'));
}

// Local Kubernetes distributions name their contexts this way.
const LOCAL_KUBE = ['kind-*', 'minikube', 'docker-desktop', 'docker-for-desktop', 'rancher-desktop', 'orbstack', 'colima', 'colima-*', 'k3d-*'];

function defaults(facts: Record<string, string>, ctx: TargetContext): { environment: string; evidence: string[] } {
  const prod: string[] = [];
  for (const key of NAME_FACTS) {
    const value = facts[key];
    if (value && !(key === 'host' && isSocketPath(value)) && namesProduction(value, !DIR_FACTS.has(key))) {
      prod.push(`${key} ${value} names production (default rule)`);
    }
  }
  // Stricter wins when guesses disagree: `kind-prod`, or localhost with database app_production.
  if (prod.length > 0) return { environment: 'production', evidence: prod };

  const local: string[] = [];
  const host = facts['host'];
  if (host !== undefined && isLocalHost(host)) {
    local.push(isSocketPath(host) ? `unix socket ${host} is this machine (default rule)` : `host ${host} is this machine (default rule)`);
  }
  const kube = facts['kube-context'];
  if (kube !== undefined && LOCAL_KUBE.some((p) => globMatch(p, kube))) {
    local.push(`kube-context ${kube} is a local cluster (default rule)`);
  }
  const sqlite = facts['sqlite-file'];
  if (sqlite !== undefined && isAbsolute(sqlite)) {
    const root = projectRoot(ctx);
    if (isUnder(resolve(sqlite), root)) local.push(`sqlite file ${sqlite} is under the project (default rule)`);
  }
  if (facts['path'] !== undefined && host === undefined) {
    local.push('files on this machine (default rule)');
  }
  if (local.length > 0) return { environment: 'local', evidence: local };

  const named = Object.keys(facts).length > 0;
  return {
    environment: 'unknown',
    evidence: [
      named
        ? 'no environment in .countersign.yaml or the defaults matches these facts: unknown, handled like production'
        : 'nothing says where this acts: unknown, handled like production',
    ],
  };
}
