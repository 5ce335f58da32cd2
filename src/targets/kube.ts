// Kubernetes: the context kubectl/helm would use, read from kubeconfig files merged the way
// client-go merges them (the first file to set a value or define a name wins).
import { delimiter, join } from 'node:path';
import { readText, readYaml } from './cache.js';
import { absPath, showPath } from './paths.js';
import { httpHost } from './url.js';
import { dynamicNote, flag, getVar, grammarOf, hasFlag, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import type { Invocation } from '../parse/index.js';
import { table } from '../own.js';

interface NamedContext { cluster?: string; namespace?: string; file: string }
interface NamedCluster { server?: string; file: string }

export interface KubeConfig {
  files: string[];
  currentContext?: { name: string; file: string };
  contexts: Map<string, NamedContext>;
  clusters: Map<string, NamedCluster>;
}

function asList(x: unknown): Array<Record<string, unknown>> {
  return Array.isArray(x) ? x.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object') : [];
}

/** Merge kubeconfig files in order, first definition winning, as kubectl does with KUBECONFIG. */
export function loadKubeconfig(files: string[]): KubeConfig {
  const out: KubeConfig = { files, contexts: new Map(), clusters: new Map() };
  for (const file of files) {
    const doc = readYaml(file) as Record<string, unknown> | undefined;
    if (!doc || typeof doc !== 'object') continue;
    const cur = doc['current-context'];
    if (!out.currentContext && typeof cur === 'string' && cur !== '') out.currentContext = { name: cur, file };
    for (const c of asList(doc['contexts'])) {
      const name = c['name'];
      const ctx = (c['context'] ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || out.contexts.has(name)) continue;
      out.contexts.set(name, {
        cluster: typeof ctx['cluster'] === 'string' ? ctx['cluster'] : undefined,
        namespace: typeof ctx['namespace'] === 'string' ? ctx['namespace'] : undefined,
        file,
      });
    }
    for (const c of asList(doc['clusters'])) {
      const name = c['name'];
      const cl = (c['cluster'] ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || out.clusters.has(name)) continue;
      out.clusters.set(name, { server: typeof cl['server'] === 'string' ? cl['server'] : undefined, file });
    }
  }
  return out;
}

/** The kubeconfig files the tool would read, with evidence; undefined entries can't be placed. */
function kubeconfigFiles(run: Run, ev: string[]): string[] | 'dynamic' {
  const f = flag(run.args, ['--kubeconfig']);
  if (f) {
    if (f.dynamic) return 'dynamic';
    ev.push(showFlag(f));
    const p = absPath(f.value, run.cwd, run.ctx.home);
    return p ? [p] : [];
  }
  const v = getVar(run, 'KUBECONFIG');
  if (v && v.value !== '') {
    if (v.dynamic) return 'dynamic';
    ev.push(showVar('KUBECONFIG', v));
    return v.value
      .split(delimiter)
      .filter((p) => p !== '')
      .map((p) => absPath(p, run.cwd, run.ctx.home))
      .filter((p): p is string => p !== undefined);
  }
  return [join(run.ctx.home, '.kube', 'config')];
}

/** `kubectl config use-context prod && kubectl delete …`: the context the line switched to in a
 *  command that had to succeed first (the latest one), as kubectl's next run would read it. */
type Switch = { name: string; dynamic: boolean; how: string };
function switchedContext(run: Run, before: readonly Invocation[] = run.inv.succeeded ?? []): Switch | undefined {
  // Another kubeconfig file than the one switched: its own current-context stands.
  if (flag(run.args, ['--kubeconfig'])) return undefined;
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    const words = prev.argv.slice(1);
    let w: (typeof words)[number] | undefined;
    if (prev.name === 'kubectl' || prev.name === 'oc' || prev.name === 'kubecolor') {
      const c = words.findIndex((x) => x.value === 'config');
      if (c < 0 || !['use-context', 'use'].includes(words[c + 1]?.value ?? '')) continue;
      w = words.slice(c + 2).find((x) => x.dynamic || !x.value.startsWith('-'));
    } else if (prev.name === 'kubectx') {
      const pos = words.filter((x) => x.dynamic || !x.value.startsWith('-') || x.value === '-');
      if (pos.length !== 1 || pos[0]!.value.includes('=')) continue;
      w = pos[0];
    } else {
      const made = madeContext(prev, words);
      if (!made) continue;
      return { ...made, how: prev.argv.map((x) => x.text).join(' ') };
    }
    if (!w) continue;
    // `kubectx -` goes back to the previous context: which one is only known then.
    return { name: w.value, dynamic: w.dynamic || w.value === '-', how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

/** The context a cluster tool writes into the kubeconfig and makes current: `aws eks
 *  update-kubeconfig --name acme-prod` (the cluster's ARN, or --alias), `gcloud container clusters
 *  get-credentials prod-cluster --project acme-prod` (gke_PROJECT_LOCATION_NAME), `az aks
 *  get-credentials -n aks-prod` (the name, or --context), `doctl kubernetes cluster kubeconfig save
 *  acme-prod` (do-REGION-NAME), `kind create cluster --name x` (kind-x), `minikube start -p x`
 *  (x), `k3d cluster create x` (k3d-x). Parts the line doesn't give are `*`. */
function madeContext(prev: Invocation, words: Invocation['argv']): { name: string; dynamic: boolean } | undefined {
  const plain = words.filter((x) => !x.value.startsWith('-'));
  const sub = plain.map((x) => x.value);
  const opt = (...names: string[]): { value: string; dynamic: boolean } | undefined => optOf(words, names);
  const dyn = (...parts: Array<{ dynamic: boolean } | undefined>): boolean => parts.some((p) => p?.dynamic);
  if (prev.name === 'aws' && sub[0] === 'eks' && sub[1] === 'update-kubeconfig') {
    const alias = opt('--alias');
    if (alias) return { name: alias.value, dynamic: alias.dynamic };
    const n = opt('--name');
    if (!n) return undefined;
    const region = opt('--region');
    return { name: `arn:aws:eks:${region?.value ?? '*'}:*:cluster/${n.value}`, dynamic: dyn(n, region) };
  }
  if (prev.name === 'gcloud' && sub[0] === 'container' && sub[1] === 'clusters' && sub[2] === 'get-credentials') {
    const at = sub.indexOf('get-credentials');
    const name = plain[at + 1];
    if (!name) return undefined;
    const project = opt('--project');
    const loc = opt('--zone', '--region', '--location');
    return { name: `gke_${project?.value ?? '*'}_${loc?.value ?? '*'}_${name.value}`, dynamic: dyn(name, project, loc) };
  }
  if (prev.name === 'az' && sub[0] === 'aks' && sub[1] === 'get-credentials') {
    const c = opt('--context') ?? opt('-n', '--name');
    return c ? { name: c.value, dynamic: c.dynamic } : undefined;
  }
  if (prev.name === 'doctl' && /^(kubernetes|k8s|k)$/.test(sub[0] ?? '') && /^(cluster|c)$/.test(sub[1] ?? '') && /^(kubeconfig|kcfg|config|cfg)$/.test(sub[2] ?? '') && /^(save|s)$/.test(sub[3] ?? '')) {
    const name = plain[4];
    return name ? { name: `do-*-${name.value}`, dynamic: name.dynamic } : undefined;
  }
  if (prev.name === 'kind' && sub[0] === 'create' && sub[1] === 'cluster') {
    const n = opt('--name');
    return { name: `kind-${n?.value ?? 'kind'}`, dynamic: dyn(n) };
  }
  if (prev.name === 'minikube' && sub[0] === 'start') {
    const p = opt('-p', '--profile');
    return { name: p?.value ?? 'minikube', dynamic: dyn(p) };
  }
  if (prev.name === 'k3d' && sub[0] === 'cluster' && sub[1] === 'create') {
    const name = plain[2];
    return { name: `k3d-${name?.value ?? 'k3s-default'}`, dynamic: dyn(name) };
  }
  return undefined;
}

/** `kubectl config use-context prod; kubectl delete …` (`;` or a newline): a switch earlier on the
 *  line that need not have worked. */
function looseSwitch(run: Run): Switch | undefined {
  const l = run.inv.line;
  return l ? switchedContext(run, l.all.slice(0, l.at)) : undefined;
}

const KUBECTLS = /^(kubectl|oc|kubecolor)$/;

/** The words after `config set-context` in an earlier kubectl, or undefined. */
function setContextArgs(prev: Invocation): Invocation['argv'] | undefined {
  if (!KUBECTLS.test(prev.name)) return undefined;
  const words = prev.argv.slice(1);
  const c = words.findIndex((x) => x.value === 'config');
  if (c < 0 || words[c + 1]?.value !== 'set-context') return undefined;
  return words.slice(c + 2);
}

function optOf(words: Invocation['argv'], names: string[]): { value: string; dynamic: boolean } | undefined {
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!.value;
    if (names.includes(v) && words[i + 1]) return { value: words[i + 1]!.value, dynamic: words[i + 1]!.dynamic };
    const eq = names.find((n) => n.startsWith('--') && v.startsWith(n + '='));
    if (eq) return { value: v.slice(eq.length + 1), dynamic: words[i]!.dynamic };
  }
  return undefined;
}

/** `kubectl config set-context --current --namespace=production && kubectl delete deploy api`,
 *  `kubens production`, `oc project production`: the namespace the line makes the current
 *  context's default first (the latest switch; `strict`: only commands that had to succeed). */
function switchedNamespace(run: Run, context: string | undefined, strict: boolean): Switch | undefined {
  const l = run.inv.line;
  const before = strict ? (run.inv.succeeded ?? []) : l ? l.all.slice(0, l.at) : [];
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    const how = prev.argv.map((x) => x.text).join(' ');
    const sc = setContextArgs(prev);
    if (sc) {
      const ns = optOf(sc, ['--namespace', '-n']);
      if (!ns) continue;
      const named = sc.find((x) => !x.value.startsWith('-') && x !== undefined && !sc.some((y, j) => (y.value === '--namespace' || y.value === '-n' || y.value === '--cluster' || y.value === '--user') && sc[j + 1] === x));
      const current = sc.some((x) => x.value === '--current');
      if (current || (named && !named.dynamic && named.value === context)) return { name: ns.value, dynamic: ns.dynamic, how };
      continue;
    }
    const words = prev.argv.slice(1);
    if (prev.name === 'kubens') {
      const pos = words.filter((x) => x.dynamic || !x.value.startsWith('-') || x.value === '-');
      if (pos.length === 1) return { name: pos[0]!.value, dynamic: pos[0]!.dynamic || pos[0]!.value === '-', how };
      continue;
    }
    if (prev.name === 'oc' && words[0]?.value === 'project' && words[1] && !words[1].value.startsWith('-')) return { name: words[1].value, dynamic: words[1].dynamic, how };
  }
  return undefined;
}

/** `kubectl config set-context ops --cluster=prod-gke --namespace=billing && kubectl config
 *  use-context ops`: a context the line defines itself (not in the kubeconfig as read). */
function lineContext(run: Run, name: string): { cluster?: string; namespace?: string; how: string } | undefined {
  const l = run.inv.line;
  const before = l ? l.all.slice(0, l.at) : (run.inv.succeeded ?? []);
  for (let i = before.length - 1; i >= 0; i--) {
    const sc = setContextArgs(before[i]!);
    if (!sc || sc.some((x) => x.value === '--current')) continue;
    const first = sc.find((x) => !x.value.startsWith('-'));
    if (!first || first.dynamic || first.value !== name) continue;
    const cl = optOf(sc, ['--cluster']);
    const ns = optOf(sc, ['--namespace', '-n']);
    return { cluster: cl && !cl.dynamic ? cl.value : undefined, namespace: ns && !ns.dynamic ? ns.value : undefined, how: before[i]!.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

/** What the manifests deleted are built from, when its name is a place: `kubectl delete -k
 *  overlays/production`, `kustomize build overlays/prod | kubectl delete -f -`, `skaffold delete
 *  -p prod`. */
function manifestSource(run: Run): { value: string; how: string } | undefined {
  const a = run.args;
  if (run.name === 'skaffold') {
    const p = flag(a, ['-p', '--profile']);
    return p && !p.dynamic ? { value: p.value, how: showFlag(p) } : undefined;
  }
  if (!KUBECTLS.test(run.name)) return undefined;
  const k = flag(a, ['-k', '--kustomize']);
  if (k) return k.dynamic ? undefined : { value: k.value, how: showFlag(k) };
  const f = flag(a, ['-f', '--filename']);
  // A manifest file (perhaps written earlier on the line): the namespaces it defines or puts things in.
  if (f && !f.dynamic && f.value !== '-' && !/^https?:\/\//.test(f.value)) {
    const file = absPath(f.value, run.cwd, run.ctx.home);
    const text = file ? readText(file) : undefined;
    if (text) {
      const names = new Set<string>();
      for (const doc of text.split(/^---\s*$/m)) {
        if (/^kind:\s*Namespace\s*$/m.test(doc)) { const n = /^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([\w.-]+)/m.exec(doc)?.[1]; if (n) names.add(n); }
        for (const m of doc.matchAll(/^[ \t]+namespace:\s*["']?([\w.-]+)/gm)) names.add(m[1]!);
      }
      if (names.size) return { value: [...names].join(' '), how: `namespaces ${[...names].join(', ')} in ${f.value}` };
    }
    return undefined;
  }
  const pipe = run.inv.stdin;
  if (f?.value !== '-' || pipe?.kind !== 'pipe') return undefined;
  // Fed by a pipe: the kustomize build before it.
  const prev = pipe.producer;
  if (!prev) return undefined;
  const words = prev.argv.slice(1).filter((x) => !x.value.startsWith('-'));
  const dir = prev.name === 'kustomize' && words[0]?.value === 'build' ? words[1]
    : KUBECTLS.test(prev.name) && words[0]?.value === 'kustomize' ? words[1] : undefined;
  return dir && !dir.dynamic ? { value: dir.value, how: `${prev.argv.map((x) => x.text).join(' ')} | ${run.name} … -f -` } : undefined;
}

/** `pinned`: the switch to read (or none: the current context), chosen by the caller. */
export function resolveKube(run: Run, pinned?: { sw: Switch | undefined }): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const helmish = run.name === 'helm' || run.name === 'helmfile';
  // A switch that need not have worked: the context switched to, or the one before it.
  if (!pinned && !flag(a, ['--context', '--kube-context']) && !(helmish && getVar(run, 'HELM_KUBECONTEXT')?.value) && !switchedContext(run)) {
    const sw = looseSwitch(run);
    if (sw) {
      const note = 'if that switch failed, the context before it stands';
      return [...resolveKube(run, { sw }).map((c) => ({ ...c, evidence: [...c.evidence, note] })), ...resolveKube(run, { sw: undefined })];
    }
  }
  const files = kubeconfigFiles(run, ev);
  if (files === 'dynamic') return [{ facts: {}, evidence: [dynamicNote('the kubeconfig path')], environment: 'unknown' }];
  const cfg = loadKubeconfig(files);

  let context: string | undefined;
  const cFlag = flag(a, ['--context', '--kube-context']);
  const helmVar = helmish ? getVar(run, 'HELM_KUBECONTEXT') : undefined;
  let switched: ReturnType<typeof switchedContext>;
  if (cFlag) {
    if (cFlag.dynamic) return [{ facts: {}, evidence: [dynamicNote(cFlag.flag)], environment: 'unknown' }];
    context = cFlag.value;
    ev.push(showFlag(cFlag));
  } else if (helmVar && helmVar.value !== '') {
    context = helmVar.value;
    ev.push(showVar('HELM_KUBECONTEXT', helmVar));
  } else if ((switched = pinned ? pinned.sw : switchedContext(run))) {
    if (switched.dynamic) return [{ facts: {}, evidence: [`the line switches the context first (${switched.how}): which one is only known at run time`], environment: 'unknown' }];
    context = switched.name;
    ev.push(`the line switches to context ${context} first (${switched.how})`);
  } else if (cfg.currentContext) {
    context = cfg.currentContext.name;
    ev.push(`current-context ${context} in ${showPath(cfg.currentContext.file, run.ctx, run.cwd)}`);
  }

  const facts: Record<string, string> = table();
  // A kubeconfig chosen by name (`KUBECONFIG=~/.kube/prod.yaml`): the name is evidence too.
  const chosen = files.length && (flag(a, ['--kubeconfig']) || getVar(run, 'KUBECONFIG')?.value) ? files.map((f) => f.replace(/^.*\//, '')).join(' ') : undefined;
  if (context === undefined) {
    if (chosen) facts['kubeconfig'] = chosen;
    const inCluster = getVar(run, 'KUBERNETES_SERVICE_HOST');
    if (inCluster) {
      ev.push(`no kubeconfig context; running inside a pod (KUBERNETES_SERVICE_HOST=${inCluster.value}): acts on this cluster`);
      facts['kube-server'] = `https://${inCluster.value}`;
    } else {
      const shown = files.map((f) => showPath(f, run.ctx, run.cwd)).join(', ') || 'no kubeconfig';
      ev.push(`no current-context in ${shown}`);
    }
    // The cluster is unknown, but a namespace the line names is still evidence (`-n production`).
    const nFlag = flag(a, ['-n', '--namespace']);
    const helmNs = helmish ? getVar(run, 'HELM_NAMESPACE') : undefined;
    const gone = deletedNamespaces(run);
    if (gone) {
      facts['kube-namespace'] = gone;
      ev.push(`deletes namespace ${gone}`);
    } else if (nFlag && !nFlag.dynamic && nFlag.value) {
      facts['kube-namespace'] = nFlag.value;
      ev.push(showFlag(nFlag));
    } else if (!nFlag && helmNs && helmNs.value !== '') {
      facts['kube-namespace'] = helmNs.value;
      ev.push(showVar('HELM_NAMESPACE', helmNs));
    } else if (!nFlag) {
      const ns = switchedNamespace(run, undefined, true) ?? switchedNamespace(run, undefined, false);
      if (ns?.dynamic) return [{ facts: {}, evidence: [`the line switches the namespace first (${ns.how}): which one is only known at run time`], environment: 'unknown' }];
      if (ns) {
        facts['kube-namespace'] = ns.name;
        ev.push(`the line makes namespace ${ns.name} the current context's default first (${ns.how})`);
      }
    }
    const src = manifestSource(run);
    if (src) { facts['kube-manifests'] = src.value; ev.push(`manifests from ${src.value} (${src.how})`); }
    const where = facts['kube-namespace'] ? `namespace ${facts['kube-namespace']} on Kubernetes (no context)` : 'Kubernetes (no context)';
    return [{ facts, evidence: ev, resource: where }];
  }
  facts['kube-context'] = context;
  if (chosen) facts['kubeconfig'] = chosen;
  let ctxDef: { cluster?: string; namespace?: string } | undefined = cfg.contexts.get(context);
  if (!ctxDef) {
    const made = lineContext(run, context);
    if (made) {
      ctxDef = made;
      ev.push(`the line defines context ${context} first (${made.how})`);
    } else ev.push(`context ${context} is not defined in ${files.map((f) => showPath(f, run.ctx, run.cwd)).join(', ')}`);
  }

  let namespace: string | undefined;
  const nFlag = flag(a, ['-n', '--namespace']);
  const helmNs = helmish ? getVar(run, 'HELM_NAMESPACE') : undefined;
  const gone = deletedNamespaces(run);
  if (gone) {
    // The namespace it deletes is what it acts on (`kubectl --context kind-dev delete ns production`).
    namespace = gone;
    ev.push(`deletes namespace ${gone}`);
  } else if (hasFlag(a, ['-A', '--all-namespaces'])) {
    namespace = '*';
    ev.push('--all-namespaces (flag)');
  } else if (nFlag) {
    namespace = nFlag.value;
    ev.push(showFlag(nFlag));
  } else if (helmNs && helmNs.value !== '') {
    namespace = helmNs.value;
    ev.push(showVar('HELM_NAMESPACE', helmNs));
  } else {
    // A namespace the line made the context's default first: the strict switch, else a loose one
    // (after `;`) only where it can only add to what the kubeconfig says (no default named there).
    const sw = switchedNamespace(run, context, true) ?? (ctxDef?.namespace ? undefined : switchedNamespace(run, context, false));
    if (sw?.dynamic) return [{ facts: {}, evidence: [`the line switches the namespace first (${sw.how}): which one is only known at run time`], environment: 'unknown' }];
    if (sw) ev.push(`the line makes namespace ${sw.name} the context's default first (${sw.how})`);
    namespace = sw?.name ?? ctxDef?.namespace ?? 'default';
  }
  facts['kube-namespace'] = namespace;
  const src = manifestSource(run);
  if (src) { facts['kube-manifests'] = src.value; ev.push(`manifests from ${src.value} (${src.how})`); }

  const clFlag = run.name === 'kubectl' || run.name === 'oc' || run.name === 'kubecolor' ? flag(a, ['--cluster']) : undefined;
  const cluster = clFlag?.value ?? ctxDef?.cluster;
  if (cluster) facts['kube-cluster'] = cluster;
  const sFlag = run.name === 'kubectl' || run.name === 'oc' || run.name === 'kubecolor' ? flag(a, ['--server', '-s']) : undefined;
  const server = sFlag?.value ?? (cluster ? cfg.clusters.get(cluster)?.server : undefined);
  if (server) facts['kube-server'] = server;
  if (sFlag) ev.push(showFlag(sFlag));
  // The server is where the context acts; its name is a label anyone who can write the
  // kubeconfig chooses (`kubectl config rename-context prod staging`). So the server's host is
  // matched like any host, and a production host wins over a context named staging.
  const serverHost = server ? httpHost(server)?.host : undefined;
  if (serverHost) {
    facts['kube-server-host'] = serverHost;
    ev.push(`context ${context}'s cluster${cluster ? ` ${cluster}` : ''} is at ${serverHost}`);
  }

  const ns = namespace === '*' ? 'all namespaces' : `namespace ${namespace}`;
  return [{ facts, evidence: ev, resource: `${ns} on ${context}` }];
}

/** The namespaces `kubectl delete namespace NAME…` (or `ns/NAME`) deletes, when the line names them. */
function deletedNamespaces(run: Run): string | undefined {
  if (!/^(kubectl|oc|kubecolor)$/.test(run.name)) return undefined;
  // Global options' values may read as positionals here (`--context kind-dev`): from the verb on.
  const p = positionals(run.args, grammarOf(run.name));
  const at = p.findIndex((w) => w.value === 'delete');
  if (at < 0 || at > 2) return undefined;
  const rest = p.slice(at + 1).filter((w) => !w.dynamic);
  const kind = /^(namespaces?|ns)$/;
  const names = kind.test(rest[0]?.value ?? '')
    ? rest.slice(1).map((w) => w.value)
    : rest.filter((w) => /^(namespaces?|ns)\//.test(w.value)).map((w) => w.value.replace(/^[^/]+\//, ''));
  return names.filter(Boolean).join(',') || undefined;
}
