// Kubernetes: the context kubectl/helm would use, read from kubeconfig files merged the way
// client-go merges them (the first file to set a value or define a name wins).
import { delimiter, join } from 'node:path';
import { readYaml } from './cache.js';
import { absPath, showPath } from './paths.js';
import { dynamicNote, flag, getVar, grammarOf, hasFlag, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import type { Invocation } from '../parse/index.js';

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
    } else continue;
    if (!w) continue;
    // `kubectx -` goes back to the previous context: which one is only known then.
    return { name: w.value, dynamic: w.dynamic || w.value === '-', how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

/** `kubectl config use-context prod; kubectl delete …` (`;` or a newline): a switch earlier on the
 *  line that need not have worked. */
function looseSwitch(run: Run): Switch | undefined {
  const l = run.inv.line;
  return l ? switchedContext(run, l.all.slice(0, l.at)) : undefined;
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

  const facts: Record<string, string> = {};
  if (context === undefined) {
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
    }
    const where = facts['kube-namespace'] ? `namespace ${facts['kube-namespace']} on Kubernetes (no context)` : 'Kubernetes (no context)';
    return [{ facts, evidence: ev, resource: where }];
  }
  facts['kube-context'] = context;
  const ctxDef = cfg.contexts.get(context);
  if (!ctxDef) ev.push(`context ${context} is not defined in ${files.map((f) => showPath(f, run.ctx, run.cwd)).join(', ')}`);

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
    namespace = ctxDef?.namespace ?? 'default';
  }
  facts['kube-namespace'] = namespace;

  const clFlag = run.name === 'kubectl' || run.name === 'oc' || run.name === 'kubecolor' ? flag(a, ['--cluster']) : undefined;
  const cluster = clFlag?.value ?? ctxDef?.cluster;
  if (cluster) facts['kube-cluster'] = cluster;
  const sFlag = run.name === 'kubectl' || run.name === 'oc' || run.name === 'kubecolor' ? flag(a, ['--server', '-s']) : undefined;
  const server = sFlag?.value ?? (cluster ? cfg.clusters.get(cluster)?.server : undefined);
  if (server) facts['kube-server'] = server;
  if (sFlag) ev.push(showFlag(sFlag));

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
