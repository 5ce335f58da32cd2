// The CLI contract, through the built bin/countersign (npm test builds dist/ first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPacks, loadConfigLibs } from '../../src/rules/load.js';

const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
let root: string;
let project: string;
let env: Record<string, string>;

beforeAll(() => {
  if (!existsSync(path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.mjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-cli-'));
  project = path.join(root, 'project');
  mkdirSync(path.join(project, 'data'), { recursive: true });
  mkdirSync(path.join(root, 'home'), { recursive: true });
  writeFileSync(path.join(project, '.countersign.yaml'), 'protected-paths: [data]\n');
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state'), NO_COLOR: '1' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cs = (args: string[], cwd = project) => spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });

describe('countersign check', () => {
  it('--json: allow, exit 0, no findings', () => {
    const r = cs(['check', '--json', '--', 'git status && npm test']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ decision: 'allow', findings: [], uncertain: [] });
  });

  it('--json: confirm, exit 10, findings carry rule, summary, invocation and target', () => {
    const r = cs(['check', '--json', '--', 'rm -rf data']);
    expect(r.status).toBe(10);
    const j = JSON.parse(r.stdout);
    expect(j.decision).toBe('confirm');
    expect(j.phrase).toMatch(/^delete .*data.* in local$/);
    expect(j.findings[0]).toMatchObject({ rule: 'filesystem/rm-protected', severity: 'high', invocation: 'rm -rf data' });
    expect(j.findings[0].summary).toBeTruthy();
    expect(j.findings[0].target.environment).toBe('local');
    expect(j.findings[0].target.evidence.length).toBeGreaterThan(0);
    expect(j.uncertain).toEqual([]);
  });

  it('--json: deny, exit 11, no phrase', () => {
    const r = cs(['check', '--json', '--', 'countersign approve abc123']);
    expect(r.status).toBe(11);
    const j = JSON.parse(r.stdout);
    expect(j.decision).toBe('deny');
    expect(j.phrase).toBeUndefined();
  });

  it('the incident: a curl to Railway calling volumeDelete, target unknown', () => {
    const r = cs(['check', '--json', '--', `curl -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer x' -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`]);
    expect(r.status).toBe(10);
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: { rule: string }) => f.rule)).toContain('railway/api-destroy');
    const f = j.findings.find((x: { rule: string }) => x.rule === 'railway/api-destroy');
    expect(f.severity).toBe('critical');
    expect(f.target.environment).toBe('unknown');
    expect(f.target.evidence.join(' ')).toMatch(/scope can't be known/);
  });

  it('the profile a credential helper names is the account: aws-vault exec prod is production', () => {
    const dir = path.join(root, 'aws-vault');
    mkdirSync(path.join(dir, 'home', '.aws'), { recursive: true });
    writeFileSync(path.join(dir, 'home', '.aws', 'config'), '[default]\nregion = us-east-1\n[profile prod]\nregion = eu-west-1\n');
    writeFileSync(path.join(dir, '.countersign.yaml'), 'environments:\n  staging:\n    match: { aws-profiles: [default] }\n  production:\n    match: { aws-profiles: [prod] }\n');
    const run = (line: string) => {
      const r = spawnSync(process.execPath, [bin, 'check', '--json', '--', line], { cwd: dir, env: { ...env, HOME: path.join(dir, 'home') }, encoding: 'utf8' });
      return JSON.parse(r.stdout) as { decision: string; findings: Array<{ rule: string; target: { environment: string } }> };
    };
    for (const line of ['aws-vault exec prod -- aws s3 rb s3://acme --force', 'aws-vault exec -t 123456 prod --no-session -- aws s3 rb s3://acme --force', 'aws-vault --backend=file exec prod aws s3 rb s3://acme --force', 'aws --prof prod s3 rb s3://acme --force']) {
      const j = run(line);
      expect(j.findings[0], line).toMatchObject({ rule: 'aws/s3-bucket-force-delete', target: { environment: 'production' } });
    }
    expect(run('aws s3 rb s3://acme --force').findings[0]!.target.environment).toBe('staging');
    // saml2aws sets keys of its own: the default profile says nothing about them.
    expect(run('saml2aws exec -- aws s3 rb s3://acme --force').findings[0]!.target.environment).toBe('unknown');
  });

  it('human output names the rule, the environment and the phrase', () => {
    const r = cs(['check', '--', 'rm -rf data']);
    expect(r.status).toBe(10);
    expect(r.stdout).toMatch(/filesystem\/rm-protected/);
    expect(r.stdout).toMatch(/LOCAL/);
    // The verdict and the phrase on one line, the command on its own: never read as the phrase.
    expect(r.stdout).toMatch(/^confirm: a person must confirm \(phrase: "delete data in local"\)$/m);
    expect(r.stdout).toMatch(/^  command: rm -rf data$/m);
  });

  it('usage errors exit 2', () => {
    expect(cs(['check', '--json']).status).toBe(2);
    expect(cs(['check', '--bogus', '--', 'ls']).status).toBe(2);
  });
});

describe('countersign explain', () => {
  it('prints every program as a tree, with what it came through', () => {
    const r = cs(['explain', '--', `sudo bash -c 'X=rm; $X -rf /tmp/x' && echo done`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/• rm -rf \/tmp\/x\s+\[via bash -c › sudo\]|• rm -rf \/tmp\/x\s+\[via sudo › bash -c\]/);
    expect(r.stdout).toMatch(/• echo done/);
  });
  it('--json lists invocations and uncertainty', () => {
    const r = cs(['explain', '--json', '--', 'echo cm0= | base64 -d | sh']);
    const j = JSON.parse(r.stdout);
    expect(j.invocations.some((i: { opaque?: string }) => i.opaque)).toBe(true);
    expect(Array.isArray(j.uncertain)).toBe(true);
  });
});

describe('countersign test', () => {
  it('runs every builtin rule example and exits 0', () => {
    const r = cs(['test', '-q']);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(r.status).toBe(0);
  });

  it('every builtin rule has at least 2 match and 2 no-match examples', async () => {
    await loadConfigLibs();
    const short: string[] = [];
    for (const [, p] of builtinPacks()) for (const rule of p.file.rules ?? []) if ((rule.tests?.match?.length ?? 0) < 2 || (rule.tests?.['no-match']?.length ?? 0) < 2) short.push(rule.id);
    expect(short).toEqual([]);
  });

  it('fails, with the example, when a team rule example is wrong', () => {
    const f = path.join(root, 'team-rules.yaml');
    writeFileSync(f, 'rules:\n  - id: acme/zap\n    severity: high\n    summary: zaps\n    match: { command: zap }\n    tests:\n      match: [zap, ls]\n      no-match: [echo zap, zap2]\n');
    const r = cs(['test', f]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/should match: ls/);
    expect(r.stdout).toMatch(/1 failed/);
  });
});

describe('countersign mark', () => {
  it('protects a directory with a marker file and a registry entry', () => {
    mkdirSync(path.join(project, 'vault', 'x'), { recursive: true });
    expect(cs(['check', '--json', '--', 'rm -rf vault']).status).toBe(0);
    const r = cs(['mark', 'vault']);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(project, 'vault', '.countersign-protected'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(root, 'state', 'countersign', 'marked.json'), 'utf8')).marked).toContain(path.join(project, 'vault'));
    expect(cs(['check', '--json', '--', 'rm -rf vault/x']).status).toBe(10);
    expect(cs(['mark', 'no-such-dir']).status).toBe(2);
  });
});

describe('help and version', () => {
  it('--version and --help', () => {
    expect(cs(['--version']).stdout).toMatch(/^countersign \d+\.\d+\.\d+/);
    expect(cs(['--help']).stdout).toMatch(/check \[--json\]/);
  });
});

describe('countersign env', () => {
  it('shows what resolves here, mapped to environment names by the team file', () => {
    const dir = path.join(root, 'envproj');
    mkdirSync(path.join(dir, 'home', '.kube'), { recursive: true });
    writeFileSync(
      path.join(dir, 'home', '.kube', 'config'),
      'apiVersion: v1\nkind: Config\ncurrent-context: prod-eu\ncontexts:\n- name: prod-eu\n  context: {cluster: c1, namespace: web}\nclusters:\n- name: c1\n  cluster: {server: "https://k8s.example.com"}\n',
    );
    writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=postgres://app@db.staging.acme.internal/app\n');
    writeFileSync(path.join(dir, '.countersign.yaml'), 'environments:\n  staging:\n    match:\n      hosts: ["*.staging.acme.internal"]\n');
    const r = spawnSync(process.execPath, [bin, 'env', '--json'], { cwd: dir, env: { ...env, HOME: path.join(dir, 'home') }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.teamFile).toBe(path.join(dir, '.countersign.yaml'));
    const kube = j.rows.find((x: { value: string }) => x.value.includes('prod-eu'));
    expect(kube?.environment).toBe('production');
    const db = j.rows.find((x: { value: string }) => x.value.includes('db.staging.acme.internal'));
    expect(db?.environment).toBe('staging');
    const human = spawnSync(process.execPath, [bin, 'env'], { cwd: dir, env: { ...env, HOME: path.join(dir, 'home') }, encoding: 'utf8' });
    expect(human.stdout).toMatch(/prod-eu.*→\s+production/);
  });
});
