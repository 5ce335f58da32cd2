import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseSimpleYaml } from '../../src/targets/yaml-lite.js';

const CLIENT_GO = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://127.0.0.1:6443
  name: kind-dev
- cluster:
    server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com"
  name: arn:aws:eks:eu-west-1:1234:cluster/prod
contexts:
- context:
    cluster: kind-dev
    user: kind-dev
  name: kind-dev
- context:
    cluster: arn:aws:eks:eu-west-1:1234:cluster/prod
    namespace: payments   # the team's namespace
    user: 'it''s me'
  name: arn:aws:eks:eu-west-1:1234:cluster/prod
current-context: kind-dev
kind: Config
preferences: {}
users:
- name: kind-dev
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args: [] 
      command: aws
      env: null
`;

const INDENTED = `
# written by hand
apiVersion: v1
current-context: "prod-eu"
contexts:
  - name: prod-eu
    context:
      cluster: eks
      namespace: 42
  -
    name: empty
clusters:
  - name: eks
    cluster:
      server: https://x:443
      insecure-skip-tls-verify: true
`;

describe('parseSimpleYaml', () => {
  it.each([['client-go style', CLIENT_GO], ['indented sequences', INDENTED], ['JSON kubeconfig', '{"current-context":"a","contexts":[]}']])(
    'reads %s exactly as the yaml package does',
    (_name, text) => {
      const mine = parseSimpleYaml(text);
      expect(mine).not.toBeUndefined();
      expect(mine).toEqual(parse(text));
    },
  );

  it.each([
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['merge keys', 'a:\n  <<: {b: 1}\n'],
    ['block scalars', 'a: |\n  line\n'],
    ['flow maps with content', 'a: {b: 1}\n'],
    ['tags', 'a: !!str 1\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['tabs in indentation', 'a:\n\tb: 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
  ])('declines %s so the full parser handles them', (_name, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it('never disagrees with the yaml package on what it accepts', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
    const str = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9 :/._#'"-]{0,12}$/),
      fc.constantFrom('true', 'null', '123', '1.5', '~', 'a: b', ' x', 'x ', '#x', '- x', "it's", '"q"', 'https://h:6443/p'),
    );
    const leaf = fc.oneof(str, fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (v, indentSeq) => {
        const text = stringify(v, { indentSeq, lineWidth: 0 });
        const mine = parseSimpleYaml(text);
        if (mine !== undefined) expect(mine).toEqual(parse(text));
      }),
      { numRuns: 400 },
    );
  });
});
