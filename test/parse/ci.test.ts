// CI files a line writes and then pushes or triggers (parse/ci.ts): their steps' commands are
// judged as commands the line runs, on a CI runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { ciCommands, ciOnHost, ciSelfHosted, ciTrigger } from '../../src/parse/ci.js';
import type { Invocation } from '../../src/parse/index.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-ci-');
});
afterAll(() => fx.cleanup());

const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;
const inv = (...argv: string[]): Invocation => ({ name: argv[0]!, argv: argv.map((value) => ({ value, dynamic: false, glob: false, text: value })), cwd: '/repo' }) as unknown as Invocation;

describe('ciCommands', () => {
  it('reads the commands of each service\'s steps', () => {
    expect(ciCommands('/r/.github/workflows/x.yml', 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n      - uses: actions/github-script@v7\n        with:\n          script: console.log(1)\n')).toEqual(['make test']);
    expect(ciCommands('/r/.gitlab-ci.yml', 'deploy:\n  before_script: [npm ci]\n  script:\n    - npm run build\n    - [echo a, echo b]\n')).toEqual(['npm ci', 'npm run build', 'echo a', 'echo b']);
    expect(ciCommands('/r/.buildkite/pipeline.yml', 'steps:\n  - command: "echo $$HOME"\n  - commands: [a, b]\n')).toEqual(['echo $HOME', 'a', 'b']);
    expect(ciCommands('/r/.circleci/config.yml', 'jobs:\n  t:\n    steps:\n      - run:\n          name: t\n          command: npm test\n')).toEqual(['npm test']);
    expect(ciCommands('/r/.github/workflows/x.yml', 'jobs:\n  a:\n    steps:\n      - run: echo ${{ github.sha }}\n')).toEqual(['echo ${CI_EXPRESSION}']);
  });
  it('is null for text that is not YAML', () => {
    expect(ciCommands('/r/.gitlab-ci.yml', 'a: [\n')).toBeNull();
  });
});

describe('ciTrigger', () => {
  it('knows what runs which files', () => {
    expect(ciTrigger(inv('git', 'push'))?.('/repo/.github/workflows/a.yml')).toBe(true);
    expect(ciTrigger(inv('git', 'push', '--dry-run'))).toBeUndefined();
    expect(ciTrigger(inv('git', 'commit', '-m', 'x'))).toBeUndefined();
    expect(ciTrigger(inv('gh', 'workflow', 'run', 'a.yml'))?.('/repo/.gitlab-ci.yml')).toBe(false);
    expect(ciTrigger(inv('buildkite-agent', 'pipeline', 'upload'))?.('/repo/.buildkite/pipeline.yml')).toBe(true);
    expect(ciTrigger(inv('buildkite-agent', 'pipeline', 'upload', 'ci/p.yml'))?.('/repo/ci/p.yml')).toBe(true);
  });
});

describe('CI files written and pushed', () => {
  it('pause when a step is destructive', async () => {
    for (const line of [
      "printf 'jobs:\\n  w:\\n    steps:\\n      - run: aws s3 rm s3://acme-prod --recursive\\n' > .github/workflows/w.yml && git add -A && git commit -m w && git push",
      "printf 'deploy:\\n  script: kubectl delete namespace prod\\n' >> .gitlab-ci.yml && git commit -am ci && git push origin main",
      "printf 'steps:\\n  - command: \"psql $$DATABASE_URL -c \\\\\"DROP SCHEMA public CASCADE\\\\\"\"\\n' > .buildkite/pipeline.yml && buildkite-agent pipeline upload",
      'curl -fsSL -o .github/workflows/w.yml https://example.com/w.yml && git add -A && git commit -m w && git push',
      // Written without a push: the next push runs it (later.ts), so it is judged when written.
      "printf 'deploy:\\n  script: kubectl delete namespace prod\\n' > .gitlab-ci.yml && git add .gitlab-ci.yml",
    ]) expect(await decision(line), line).toBe('confirm');
  });
  it('are allowed when every step is harmless, or nothing runs them', async () => {
    for (const line of [
      "printf 'jobs:\\n  t:\\n    steps:\\n      - run: npm ci\\n      - run: npm test\\n' > .github/workflows/ci.yml && git add -A && git commit -m ci && git push",
      "printf 'deploy:\\n  script: rm -rf node_modules dist && npm ci\\n' > .gitlab-ci.yml && git add .gitlab-ci.yml",
      "printf 'steps:\\n  - command: make test\\n' > .buildkite/pipeline.yml && buildkite-agent pipeline upload",
    ]) expect(await decision(line), line).toBe('allow');
  });
});

describe('CI files written or pushed: what only a person starts (rt27fp2)', () => {
  const teardown = (on: string): string => `on:${on}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform -chdir=infra/preview destroy -auto-approve\n`;
  it('ciCommands with onPush leaves out a workflow only workflow_dispatch starts, and GitLab jobs that wait for a click', () => {
    const gh = '/r/.github/workflows/t.yml';
    for (const on of [' workflow_dispatch', ' [workflow_dispatch]', '\n  workflow_dispatch:\n    inputs:\n      pr:\n        required: true']) {
      expect(ciCommands(gh, teardown(on), true), on).toEqual([]);
      expect(ciCommands(gh, teardown(on)), on).toEqual(['terraform -chdir=infra/preview destroy -auto-approve']);
    }
    for (const on of [' [workflow_dispatch, push]', '\n  push:\n  workflow_dispatch:', ' workflow_call', ' workflow_dispatch\non: push']) expect(ciCommands(gh, teardown(on), true), on).toHaveLength(1);
    // A job or step whose if: needs a dispatch.
    const job = (cond: string, where: 'job' | 'step' = 'job'): string => `on: [push, workflow_dispatch]\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform plan\n  d:\n${where === 'job' ? `    if: ${cond}\n` : ''}    runs-on: ubuntu-latest\n    steps:\n      - ${where === 'step' ? `if: ${cond}\n        ` : ''}run: terraform destroy -auto-approve\n`;
    for (const cond of ["github.event_name == 'workflow_dispatch'", "${{ github.event_name == 'workflow_dispatch' && inputs.confirm == 'destroy' }}", "inputs.confirm == 'destroy' && (github.event_name=='workflow_dispatch')"]) {
      expect(ciCommands(gh, job(cond), true), cond).toEqual(['terraform plan']);
      expect(ciCommands(gh, job(cond, 'step'), true), cond).toEqual(['terraform plan']);
    }
    for (const cond of ["github.event_name == 'workflow_dispatch' || github.ref == 'refs/heads/main'", "github.event_name != 'workflow_dispatch'", "${{ !(github.event_name == 'workflow_dispatch') }}", "github.ref == 'refs/heads/main'", "contains(github.event_name, 'workflow_dispatch')"]) expect(ciCommands(gh, job(cond), true), cond).toEqual(['terraform plan', 'terraform destroy -auto-approve']);
    const gl = '/r/.gitlab-ci.yml';
    expect(ciCommands(gl, 'test:\n  script: npm test\nwipe:\n  when: manual\n  script: kubectl delete ns preview\n', true)).toEqual(['npm test']);
    expect(ciCommands(gl, 'wipe:\n  rules:\n    - if: $CI_COMMIT_BRANCH == "main"\n      when: manual\n    - when: never\n  script: kubectl delete ns preview\n', true)).toEqual([]);
    for (const text of [
      'wipe:\n  when: manual\n  rules:\n    - if: $CI_COMMIT_BRANCH == "main"\n      when: always\n  script: kubectl delete ns preview\n',
      'wipe:\n  when: manual\n  extends: .base\n  script: kubectl delete ns preview\n',
      'include:\n  - local: ci/base.yml\nwipe:\n  when: manual\n  script: kubectl delete ns preview\n',
      'stop:\n  when: manual\n  environment:\n    name: review/x\n    action: stop\n  script: kubectl delete ns preview\n',
    ]) expect(ciCommands(gl, text, true), text).toEqual(['kubectl delete ns preview']);
  });
  it('CircleCI: a job every workflow runs only after an approval job', () => {
    const cc = '/r/.circleci/config.yml';
    const base = 'version: 2.1\njobs:\n  test:\n    docker: [{image: node}]\n    steps: [checkout, {run: npm test}]\n  destroy:\n    docker: [{image: t}]\n    steps:\n      - run: terraform destroy -auto-approve\n';
    expect(ciCommands(cc, base + 'workflows:\n  teardown:\n    jobs:\n      - test\n      - hold:\n          type: approval\n      - destroy:\n          requires: [hold]\n', true)).toEqual(['npm test']);
    expect(ciCommands(cc, base + 'workflows:\n  teardown:\n    jobs:\n      - hold:\n          type: approval\n          name: ok-to-destroy\n      - destroy:\n          requires: [ok-to-destroy]\n', true)).toEqual(['npm test']);
    for (const wf of [
      'workflows:\n  teardown:\n    jobs:\n      - hold:\n          type: approval\n      - destroy:\n          requires: [hold]\n  nightly:\n    jobs: [destroy]\n',
      'workflows:\n  teardown:\n    jobs:\n      - test\n      - destroy:\n          requires: [test]\n',
      'workflows:\n  teardown:\n    jobs:\n      - destroy:\n          type: approval\n',
    ]) expect(ciCommands(cc, base + wf, true), wf).toEqual(['npm test', 'terraform destroy -auto-approve']);
  });
  it('a manual-only workflow or job written (and pushed) is allowed; started, or also run on a push, it pauses', async () => {
    const write = (on: string): string => `mkdir -p .github/workflows && cat > .github/workflows/t.yml <<'EOF'\n${teardown(on)}EOF\n`;
    for (const line of [
      write(' workflow_dispatch'),
      write(' workflow_dispatch') + 'git add .github && git commit -m t && git push origin HEAD',
      "printf 'wipe:\\n  when: manual\\n  script: kubectl delete namespace prod\\n' > .gitlab-ci.yml && git add .gitlab-ci.yml",
    ]) expect(await decision(line), line).toBe('allow');
    for (const line of [
      write(' [workflow_dispatch, push]'),
      write(' workflow_dispatch') + 'git add .github && git commit -m t && git push origin HEAD && gh workflow run t.yml',
      "printf 'wipe:\\n  when: on_success\\n  script: kubectl delete namespace prod\\n' > .gitlab-ci.yml && git add .gitlab-ci.yml",
    ]) expect(await decision(line), line).toBe('confirm');
  });
});

describe('CI files pushed: a hosted runner is its own machine', () => {
  const gh = (runsOn: string, steps: string[]): string =>
    `mkdir -p .github/workflows && cat > .github/workflows/ci.yml <<'EOF'\njobs:\n  t:\n    runs-on: ${runsOn}\n    steps:\n${steps.map((x) => `      - run: ${x}\n`).join('')}EOF\ngit add .github && git commit -m ci && git push origin HEAD`;
  it('steps that stay on a hosted runner (its checkout, its docker, its service database) are allowed, pushed or not', async () => {
    for (const line of [
      gh('ubuntu-latest', ['rm -rf node_modules dist && npm ci', 'docker compose down -v', "psql -h localhost -U postgres -c 'DROP DATABASE IF EXISTS test'"]),
      gh('ubuntu-latest', ['rm -rf node_modules dist && npm ci', 'docker compose down -v']).replace(' && git push origin HEAD', ''),
      gh('${{ matrix.os }}', ['rm -rf data && npm test']),
    ]) expect(await decision(line), line).toBe('allow');
  });
  it('on a self-hosted runner (or Buildkite agents) every step is judged, as it may be a machine that lasts', async () => {
    for (const line of [
      gh('self-hosted', ['docker compose down -v']),
      gh('[self-hosted, linux]', ['docker compose down -v']).replace(' && git push origin HEAD', ''),
      gh('build-box-1', ['docker compose down -v']),
      "printf 'steps:\\n  - command: docker compose down -v\\n' > .buildkite/pipeline.yml && buildkite-agent pipeline upload",
    ]) expect(await decision(line), line).toBe('confirm');
  });
  it('what reaches outside pauses on any runner: a database given an address from the CI settings, with no database of its own', async () => {
    for (const line of [
      gh('ubuntu-latest', ['psql "$DATABASE_URL" -c "DROP DATABASE app"']),
      gh('ubuntu-latest', ['aws s3 rm s3://acme-prod --recursive']),
    ]) expect(await decision(line), line).toBe('confirm');
    // With a service database beside the job, $DATABASE_URL is that one.
    expect(await decision(gh('ubuntu-latest', ['psql "$DATABASE_URL" -c "DROP DATABASE app"']).replace('    runs-on:', '    services:\n      postgres:\n        image: postgres:16\n    runs-on:'))).toBe('allow');
  });
  it('ciSelfHosted reads each service\'s way of naming its own machines', () => {
    expect(ciSelfHosted('/r/.github/workflows/a.yml', 'jobs:\n  a:\n    runs-on: ubuntu-22.04\n')).toBe(false);
    expect(ciSelfHosted('/r/.github/workflows/a.yml', 'jobs:\n  a:\n    runs-on: [self-hosted, gpu]\n')).toBe(true);
    expect(ciSelfHosted('/r/.gitlab-ci.yml', 'a:\n  script: make\n')).toBe(false);
    expect(ciSelfHosted('/r/.gitlab-ci.yml', 'a:\n  tags: [deploy-box]\n  script: make\n')).toBe(true);
    expect(ciSelfHosted('/r/.circleci/config.yml', 'jobs:\n  a:\n    machine: true\n    resource_class: acme/box\n')).toBe(true);
    expect(ciSelfHosted('/r/azure-pipelines.yml', 'pool:\n  vmImage: ubuntu-latest\n')).toBe(false);
    expect(ciSelfHosted('/r/azure-pipelines.yml', 'pool:\n  name: Default\n')).toBe(true);
    expect(ciSelfHosted('/r/.buildkite/pipeline.yml', 'steps: []\n')).toBe(true);
  });
});

describe('CI run on this machine: act and gitlab-ci-local', () => {
  const wf = (steps: string[]): string =>
    `mkdir -p .github/workflows && cat > .github/workflows/w.yml <<'EOF'\non: workflow_dispatch\njobs:\n  w:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((x) => `      - run: ${x}\n`).join('')}EOF\n`;
  it('act runs the workflows; a step is this machine\'s with --bind or a -self-hosted platform', async () => {
    expect(ciTrigger(inv('act', '-j', 'w'))?.('/repo/.github/workflows/w.yml')).toBe(true);
    expect(ciTrigger(inv('act', '-l'))).toBeUndefined();
    expect(ciTrigger(inv('act', '-n'))).toBeUndefined();
    expect(ciOnHost(inv('act', '--bind'))).toBe(true);
    expect(ciOnHost(inv('act', '-P', 'ubuntu-latest=-self-hosted'))).toBe(true);
    expect(ciOnHost(inv('act', '-j', 'w'))).toBe(false);
    for (const line of [
      wf(['rm -rf data']) + 'act --bind workflow_dispatch',
      wf(['rm -rf data']) + 'act -P ubuntu-latest=-self-hosted -j w',
      wf(['psql "$DATABASE_URL" -c "DROP SCHEMA public CASCADE"']) + 'act workflow_dispatch -s DATABASE_URL',
    ]) expect(await decision(line), line).toBe('confirm');
    for (const line of [
      // Copied into a container: its rm -rf is the copy's.
      wf(['rm -rf data']) + 'act -j w',
      wf(['rm -rf data']) + 'act -l',
      wf(['npm ci', 'npm test']) + 'act --bind',
    ]) expect(await decision(line), line).toBe('allow');
  });
  it('gitlab-ci-local runs the jobs here', async () => {
    expect(ciOnHost(inv('gitlab-ci-local', 'wipe'))).toBe(true);
    expect(await decision("printf 'wipe:\\n  script:\\n    - rm -rf data\\n' > .gitlab-ci.yml && gitlab-ci-local wipe")).toBe('confirm');
    expect(await decision("printf 'test:\\n  script:\\n    - npm test\\n' > .gitlab-ci.yml && gitlab-ci-local test")).toBe('allow');
  });
});
