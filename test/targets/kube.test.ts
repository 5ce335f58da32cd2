import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world } from './helpers.js';

function kubeconfig(o: { current?: string; contexts?: Array<[string, string, string?]>; clusters?: Array<[string, string]> }): string {
  const lines: string[] = ['apiVersion: v1', 'kind: Config'];
  if (o.current !== undefined) lines.push(`current-context: ${o.current}`);
  lines.push('contexts:');
  for (const [name, cluster, ns] of o.contexts ?? []) {
    lines.push(`- name: ${name}`, '  context:', `    cluster: ${cluster}`, '    user: u');
    if (ns) lines.push(`    namespace: ${ns}`);
  }
  lines.push('clusters:');
  for (const [name, server] of o.clusters ?? []) lines.push(`- name: ${name}`, '  cluster:', `    server: ${server}`);
  lines.push('users:', '- name: u', '  user: {}');
  return lines.join('\n') + '\n';
}

const DEFAULT = kubeconfig({
  current: 'prod-eu',
  contexts: [['prod-eu', 'eks-prod', 'payments'], ['kind-dev', 'kind-dev']],
  clusters: [['eks-prod', 'https://ABC.gr7.eu-west-1.eks.amazonaws.com'], ['kind-dev', 'https://127.0.0.1:6443']],
});

describe('kubernetes', () => {
  it('without a context, still reads the namespace the line names (-n production names production)', () => {
    const { home, project } = world({ home: { '.kube/x': '' } });
    const t = resolveTarget(inv('kubectl delete pvc data-pg-0 -n production', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['kube-namespace']).toBe('production');
    expect(t.environment).toBe('production');
    expect(t.evidence).toContain('-n production (flag)');
    const dev = resolveTarget(inv('kubectl delete pvc data-pg-0 -n dev', { cwd: project }), undefined, ctx(home, project));
    expect(dev.environment).toBe('unknown');
    expect(resolveTarget(inv('kubectl delete pvc data-pg-0', { cwd: project }), undefined, ctx(home, project)).facts['kube-namespace']).toBeUndefined();
  });

  it('reads current-context, its namespace and server from ~/.kube/config', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    const t = resolveTarget(inv('kubectl delete deployment api', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts).toEqual({
      'kube-context': 'prod-eu',
      'kube-namespace': 'payments',
      'kube-cluster': 'eks-prod',
      'kube-server': 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      // The server's host is matched like `hosts:` (a context's name is a label; rt24x route 1).
      'kube-server-host': 'abc.gr7.eu-west-1.eks.amazonaws.com',
    });
    expect(t.environment).toBe('production');
    expect(t.evidence[0]).toBe('current-context prod-eu in ~/.kube/config');
    expect(t.resource).toBe('namespace payments on prod-eu');
  });

  it('lets --context and -n override the file', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    const t = resolveTarget(inv('kubectl --context kind-dev -n scratch delete deployment x'), undefined, ctx(home, project));
    expect(t.facts['kube-context']).toBe('kind-dev');
    expect(t.facts['kube-namespace']).toBe('scratch');
    expect(t.environment).toBe('local');
    expect(t.evidence).toContain('--context kind-dev (flag)');
    expect(resolveTarget(inv('kubectl --context=kind-dev -A delete pods --all'), undefined, ctx(home, project)).resource).toBe('all namespaces on kind-dev');
  });

  it('a namespace the line deletes is the namespace it acts on (a prod-named one on a local cluster says production)', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    const t = resolveTarget(inv('kubectl --context kind-dev delete namespace production'), undefined, ctx(home, project));
    expect(t.facts['kube-namespace']).toBe('production');
    expect(t.environment).toBe('production');
    const scratch = resolveTarget(inv('kubectl --context kind-dev -n default delete ns/scratch'), undefined, ctx(home, project));
    expect(scratch.facts['kube-namespace']).toBe('scratch');
    expect(scratch.environment).toBe('local');
    expect(resolveTarget(inv('kubectl delete ns production'), undefined, ctx(home, project)).facts['kube-namespace']).toBe('production');
  });

  it('reads a context the line switched to first (kubectl config use-context, kubectx) that had to succeed', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    const after = (prev: string, cmd: string, dynamic?: number[]) => {
      const i = inv(cmd, { cwd: project });
      i.succeeded = [inv(prev, { cwd: project, ...(dynamic ? { dynamic } : {}) })];
      return resolveTarget(i, undefined, ctx(home, project));
    };
    const kind = after('kubectl config use-context kind-dev', 'kubectl delete deployment api');
    expect(kind.facts['kube-context']).toBe('kind-dev');
    expect(kind.environment).toBe('local');
    expect(kind.evidence).toContain('the line switches to context kind-dev first (kubectl config use-context kind-dev)');
    expect(after('kubectx kind-dev', 'helm uninstall api').facts['kube-context']).toBe('kind-dev');
    expect(after('kubectx -', 'kubectl delete deployment api').environment).toBe('unknown');
    expect(after('kubectl config use-context $C', 'kubectl delete deployment api', [3]).environment).toBe('unknown');
    // A flag still wins, and another kubeconfig keeps its own current-context.
    expect(after('kubectl config use-context kind-dev', 'kubectl --context prod-eu delete deployment api').facts['kube-context']).toBe('prod-eu');
    expect(after('kubectl config use-context kind-dev', `kubectl --kubeconfig ${join(home, '.kube/config')} delete deployment api`).facts['kube-context']).toBe('prod-eu');
    // Not a switch: a read of the config.
    expect(after('kubectl config get-contexts', 'kubectl delete deployment api').facts['kube-context']).toBe('prod-eu');
  });

  it('merges a KUBECONFIG list as kubectl does: the first file to set current-context wins', () => {
    const { home, project } = world({
      home: {
        'k/a.yaml': kubeconfig({ current: 'staging', contexts: [['staging', 'gke-staging']], clusters: [['gke-staging', 'https://1.2.3.4']] }),
        'k/b.yaml': kubeconfig({ current: 'prod-us', contexts: [['prod-us', 'gke-prod'], ['staging', 'shadowed']], clusters: [['gke-prod', 'https://5.6.7.8']] }),
      },
    });
    const list = `${join(home, 'k/a.yaml')}:${join(home, 'k/missing.yaml')}::${join(home, 'k/b.yaml')}`;
    const c = ctx(home, project, { KUBECONFIG: list });
    const t = resolveTarget(inv('kubectl delete pvc data'), undefined, c);
    expect(t.facts['kube-context']).toBe('staging');
    expect(t.facts['kube-cluster']).toBe('gke-staging'); // first definition of "staging" wins
    expect(t.evidence[0]).toBe(`KUBECONFIG=${list} (environment)`);
    expect(t.evidence[1]).toBe('current-context staging in ~/k/a.yaml');
    // A context defined only in the second file is still found.
    const p = resolveTarget(inv('kubectl --context prod-us delete pvc data'), undefined, c);
    expect(p.facts['kube-server']).toBe('https://5.6.7.8');
  });

  it('reads only the --kubeconfig file when given', () => {
    const { home, project } = world({
      home: { '.kube/config': DEFAULT },
      project: { 'kc.yaml': kubeconfig({ current: 'minikube', contexts: [['minikube', 'minikube']], clusters: [['minikube', 'https://192.168.49.2:8443']] }) },
    });
    const t = resolveTarget(inv('kubectl --kubeconfig kc.yaml delete ns x', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['kube-context']).toBe('minikube');
    expect(t.environment).toBe('local');
  });

  it('puts a flag over a prefix over the environment over the file', () => {
    const { home, project } = world({
      home: {
        '.kube/config': DEFAULT,
        'env.yaml': kubeconfig({ current: 'from-env', contexts: [['from-env', 'c']] }),
        'prefix.yaml': kubeconfig({ current: 'from-prefix', contexts: [['from-prefix', 'c']] }),
      },
    });
    const c = ctx(home, project, { KUBECONFIG: join(home, 'env.yaml') });
    expect(resolveTarget(inv('kubectl delete ns x'), undefined, ctx(home, project)).facts['kube-context']).toBe('prod-eu');
    expect(resolveTarget(inv('kubectl delete ns x'), undefined, c).facts['kube-context']).toBe('from-env');
    const pre = inv('kubectl delete ns x', { assign: { KUBECONFIG: join(home, 'prefix.yaml') } });
    expect(resolveTarget(pre, undefined, c).facts['kube-context']).toBe('from-prefix');
    const flagged = inv('kubectl --context from-flag delete ns x', { assign: { KUBECONFIG: join(home, 'prefix.yaml') } });
    expect(resolveTarget(flagged, undefined, c).facts['kube-context']).toBe('from-flag');
  });

  it('reads helm --kube-context and HELM_KUBECONTEXT', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    expect(resolveTarget(inv('helm uninstall api --kube-context kind-dev'), undefined, ctx(home, project)).environment).toBe('local');
    const t = resolveTarget(inv('helm uninstall api -n web'), undefined, ctx(home, project, { HELM_KUBECONTEXT: 'kind-dev' }));
    expect(t.facts['kube-context']).toBe('kind-dev');
    expect(t.facts['kube-namespace']).toBe('web');
  });

  it('maps contexts through the team file', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    const envs = v.parse(environmentsSchema, { staging: { match: { 'kube-contexts': ['prod-eu'] } } });
    const t = resolveTarget(inv('kubectl delete ns x'), undefined, ctx(home, project, {}, envs));
    expect(t.environment).toBe('staging');
    expect(t.evidence).toContain('kube-context prod-eu matches staging.kube-contexts');
  });

  it('is unknown with no kubeconfig, or with a context computed at run time', () => {
    const { home, project } = world();
    const t = resolveTarget(inv('kubectl delete ns x'), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence[0]).toBe('no current-context in ~/.kube/config');
    const d = resolveTarget(inv(['kubectl', '--context', '$CTX', 'delete', 'ns', 'x'], { dynamic: [2] }), undefined, ctx(home, project));
    expect(d.environment).toBe('unknown');
  });

  it('flags a context that is not defined, keeping the name', () => {
    const { home, project } = world({ home: { '.kube/config': DEFAULT } });
    const t = resolveTarget(inv('kubectl --context prod-missing delete ns x'), undefined, ctx(home, project));
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('context prod-missing is not defined');
  });
});
