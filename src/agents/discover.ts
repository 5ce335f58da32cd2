// What `countersign init` proposes as environments: the names it can see from a repo, read through
// the targets module (kubeconfig contexts, AWS profiles, the Railway link, hosts in .env files).
// Nothing is run and nothing goes over the network.
import { delimiter, join } from 'node:path';
import {
  describeCurrent, httpHost, isLocalHost, isSocketPath, listDir, loadKubeconfig, looksLikeDbUrl, namesProduction, parseConnUrl, readDotenv, readIni, resolveTarget, type TargetContext,
} from '../targets/index.js';
import type { Invocation, Word } from '../parse/index.js';
import { table } from '../own.js';

/** The team file's match keys init fills in. */
export type FoundKey = 'kube-contexts' | 'aws-profiles' | 'railway-environments' | 'hosts';

export interface Found {
  key: FoundKey;
  value: string;
  /** Where it was seen, for people. */
  from: string;
  /** What tools use right now from here (current context, default profile, the link). */
  current: boolean;
}

export type Proposal = 'production' | 'local' | 'unclassified';

/** The --yes default: a name that says prod/production/live is production, this machine is local. */
export function propose(f: Found): Proposal {
  if (f.key === 'hosts' && isLocalHost(f.value)) return 'local';
  if (namesProduction(f.value)) return 'production';
  return 'unclassified';
}

function word(value: string): Word {
  return { value, dynamic: false, glob: false, text: value };
}

function invocation(ctx: TargetContext, name: string): Invocation {
  const vars: Record<string, string> = table();
  for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) vars[k] = v;
  return { argv: [word(name)], name, assignments: [], redirects: [], origin: ['top'], cwd: ctx.cwd, vars, text: name };
}

export function discover(ctx: TargetContext): Found[] {
  const out: Found[] = [];
  const add = (f: Found): void => {
    const same = out.find((o) => o.key === f.key && o.value === f.value);
    if (same) same.current ||= f.current;
    else out.push(f);
  };
  // What resolves right now, for the "current" marks.
  let rows: ReturnType<typeof describeCurrent> = [];
  try {
    rows = describeCurrent(ctx);
  } catch {
    rows = [];
  }
  const currentKube = rows.find((r) => r.source === 'kube context')?.value.replace(/ \(namespace .*\)$/, '');

  // Kubernetes: every context in the kubeconfig files kubectl would read.
  const kubeFiles = ctx.env.KUBECONFIG ? ctx.env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(ctx.home, '.kube', 'config')];
  const kube = loadKubeconfig(kubeFiles);
  for (const [name, def] of kube.contexts) add({ key: 'kube-contexts', value: name, from: def.file, current: name === currentKube });
  if (kube.currentContext && !kube.contexts.has(kube.currentContext.name)) add({ key: 'kube-contexts', value: kube.currentContext.name, from: kube.currentContext.file, current: true });

  // AWS: profiles in the config and credentials files.
  const awsConfig = ctx.env.AWS_CONFIG_FILE || join(ctx.home, '.aws', 'config');
  const awsCreds = ctx.env.AWS_SHARED_CREDENTIALS_FILE || join(ctx.home, '.aws', 'credentials');
  const currentAws = ctx.env.AWS_PROFILE || ctx.env.AWS_DEFAULT_PROFILE || 'default';
  for (const [file, prefixed] of [[awsConfig, true], [awsCreds, false]] as const) {
    const ini = readIni(file);
    if (!ini) continue;
    for (const section of ini.keys()) {
      let name: string | undefined;
      if (section === '') continue;
      if (prefixed) name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
      else name = section;
      if (name) add({ key: 'aws-profiles', value: name, from: file, current: name === currentAws });
    }
  }

  // Railway: the environment this folder is linked to.
  try {
    const rail = resolveTarget(invocation(ctx, 'railway'), 'railway', ctx);
    const env = rail.facts['railway-environment'];
    if (env) add({ key: 'railway-environments', value: env, from: 'railway link', current: true });
  } catch {
    /* no link */
  }

  // Hosts: database URLs, http(s) URLs and *_HOST values in this folder's .env files.
  const envFiles = listDir(ctx.cwd).filter((f) => /^\.env(\.[\w.-]+)?$/.test(f) && !/\.(example|sample|template|dist)$/.test(f)).sort();
  for (const f of envFiles) {
    const entries = readDotenv(join(ctx.cwd, f));
    if (!entries) continue;
    for (const [name, entry] of entries) {
      const v = entry.value.trim();
      let host: string | undefined;
      if (looksLikeDbUrl(v)) host = parseConnUrl(v)?.host;
      else if (/^https?:\/\//i.test(v)) host = httpHost(v)?.host;
      else if (/(^|_)(HOST|HOSTNAME)$/i.test(name) && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(v)) host = v;
      if (!host || isSocketPath(host) || v.includes('${')) continue;
      add({ key: 'hosts', value: host.toLowerCase(), from: `${name} in ${f}`, current: true });
    }
  }
  return out;
}
