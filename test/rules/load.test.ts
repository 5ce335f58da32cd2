// Config layering: the team file can only add protection; only the user's file can weaken it.
// Broken files fail closed with file:line:col.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { trustNow } from '../helpers/trust.js';
import { tempProject } from '../helpers/project.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => ({ root, project, home, env } = tempProject('cs-load-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const team = (yaml: string) => writeFileSync(path.join(project, '.countersign.yaml'), yaml);
const user = (yaml: string) => {
  mkdirSync(path.join(root, 'cfg', 'countersign'), { recursive: true });
  writeFileSync(path.join(root, 'cfg', 'countersign', 'config.yaml'), yaml);
};
const load = () => loadConfig({ cwd: project, env, home });
const run = async (cmd: string, cwd = project) => {
  const config = await loadConfig({ cwd, env, home });
  const { quickIndex } = await import('../../src/rules/quick.js');
  return check(cmd, { cwd, env, home, envComplete: true }, { config, index: quickIndex(config) });
};

describe('team file', () => {
  it('is found walking up from a subdirectory, and adds protected paths', async () => {
    team('protected-paths: [data]\n');
    mkdirSync(path.join(project, 'src', 'deep'), { recursive: true });
    const r = await run('rm -rf ../../data', path.join(project, 'src', 'deep'));
    expect(r.decision).toBe('confirm');
    expect(r.findings[0]!.rule).toBe('filesystem/rm-protected');
  });

  it('without protection, the same rm is allowed', async () => {
    expect((await run('rm -rf data')).decision).toBe('allow');
  });

  it('can add rules, and raise severity and policy', async () => {
    team(`
rules:
  - id: acme/nuke
    severity: high
    summary: runs the nuke script
    match: { command: nuke }
    tests: { match: [nuke], no-match: [ls] }
severity: { git/reset-hard: critical }
policy: { deny: ["acme/*"] }
`);
    const cfg = await load();
    expect(cfg.errors).toEqual([]);
    expect(cfg.rules.find((r) => r.id === 'git/reset-hard')?.severity).toBe('critical');
    expect((await run('nuke --all')).decision).toBe('deny');
  });

  it('cannot disable rules, lower severity, or relax confirm-at', async () => {
    const before = (await load()).rules.find((r) => r.id === 'filesystem/rm-protected')!.severity;
    team(`
disable: [filesystem/rm-protected]
severity: { filesystem/rm-protected: low }
policy: { confirm-at: critical }
`);
    const cfg = await load();
    // `disable` is read only to say where it belongs; the rule stays on.
    expect(cfg.errors).toEqual([]);
    expect(cfg.warnings.join('\n')).toMatch(/disable is only honoured in your user config/);
    expect(cfg.rules.some((r) => r.id === 'filesystem/rm-protected')).toBe(true);
    expect((await run('rm -rf ~')).decision).toBe('confirm');
    team(`
severity: { filesystem/rm-protected: low }
policy: { confirm-at: critical }
`);
    const cfg2 = await load();
    expect(cfg2.errors).toEqual([]);
    expect(cfg2.rules.find((r) => r.id === 'filesystem/rm-protected')!.severity).toBe(before);
    expect(cfg2.policy['confirm-at']).toBe('medium');
    expect(cfg2.warnings.join('\n')).toMatch(/can only be raised/);
    expect(cfg2.warnings.join('\n')).toMatch(/policy.confirm-at: critical is weaker than medium, so it is ignored/);
    expect((await run('rm -rf ~')).decision).toBe('confirm');
  });

  it('cannot redefine a builtin rule id', async () => {
    team(`
rules:
  - id: filesystem/rm-protected
    severity: low
    summary: harmless now
    match: { command: nothing-at-all }
`);
    const cfg = await load();
    expect(cfg.errors.map((e) => e.message).join()).toMatch(/builtin rule id/);
  });

  it('broken YAML fails closed with file:line:col, even for harmless commands', async () => {
    team('protected-paths: [data\nrules: 3\n');
    const cfg = await load();
    expect(cfg.errors[0]!.file).toMatch(/\.countersign\.yaml$/);
    expect(cfg.errors[0]!.line).toBeGreaterThan(0);
    expect(cfg.errors[0]!.col).toBeGreaterThan(0);
    const r = await run('ls');
    expect(r.decision).toBe('confirm');
    expect(r.findings[0]!.rule).toBe('core/config-error');
    expect(r.findings[0]!.detail).toMatch(/\.countersign\.yaml:\d+:\d+/);
  });

  it('schema errors point at the offending key', async () => {
    team('protected-paths: [data]\npolicy:\n  confirm-at: sometimes\n');
    const cfg = await load();
    expect(cfg.errors[0]!.line).toBe(3);
    expect(cfg.errors[0]!.message).toMatch(/policy\.confirm-at/);
  });

  it('a required key left out is called missing, not "unknown key undefined"', async () => {
    team('rules:\n  - id: team/x\n    match: { command: ourctl }\n    severity: high\n');
    const cfg = await load();
    expect(cfg.errors.map((e) => e.message)).toEqual(['rules.0.summary: missing key "summary"']);
    expect(cfg.errors[0]!.line).toBe(2);
  });

  it.each([
    ['regex', 'match: { command: ourctl, regex: "drop(" }', /regex must be a valid regular expression/],
    ['a /regex/ arg', 'match: { command: ourctl, args: { any: ["/[a-/"] } }', /valid regular expression/],
    ['a /regex/ flag value', 'match: { command: ourctl, flags: { any: ["-X=/(DEL/"] } }', /valid regular expression/],
    ['a /regex/ in code', 'match: { command: ourctl, code: ["/unlink(/"] }', /valid regular expression/],
  ])('an invalid %s in a team rule is a load error with its line, and lines pause', async (_, m, msg) => {
    team(`rules:\n  - id: team/x\n    severity: high\n    summary: ourctl\n    ${m}\n`);
    const cfg = await load();
    expect(cfg.errors.map((e) => e.message).join()).toMatch(msg);
    expect(cfg.errors[0]!.line).toBe(5);
    const r = await run('ourctl status');
    expect(r.decision).toBe('confirm');
    expect(r.findings[0]!.rule).toBe('core/config-error');
  });

  it("a team rule on an API names every HTTP client with '@http-clients'; an unknown group is a load error", async () => {
    team(`rules:
  - id: acme/purge
    severity: high
    summary: purges the cache
    match: { command: ['@http-clients'], http: { methods: [POST], hosts: [api.acme.dev], paths: [/purge] } }
`);
    expect((await load()).errors).toEqual([]);
    for (const c of ['curl -X POST https://api.acme.dev/purge', 'awscurl -X POST https://api.acme.dev/purge', 'httpx -m POST https://api.acme.dev/purge']) {
      expect((await run(c)).findings.map((f) => f.rule), c).toContain('acme/purge');
    }
    team(`rules:\n  - id: acme/x\n    severity: high\n    summary: ourctl\n    match: { command: ['@http-client'] }\n`);
    const cfg = await load();
    expect(cfg.errors.map((e) => e.message).join()).toMatch(/unknown command group/);
    expect((await run('ls')).findings[0]!.rule).toBe('core/config-error');
  });

  it('loads .countersign/*.yaml beside the team file', async () => {
    team('protected-paths: [data]\n');
    mkdirSync(path.join(project, '.countersign'));
    writeFileSync(
      path.join(project, '.countersign', 'extra.yaml'),
      'rules:\n  - id: acme/zap\n    severity: high\n    summary: zaps things\n    match: { command: zap }\n',
    );
    expect((await run('zap')).findings.map((f) => f.rule)).toContain('acme/zap');
  });
});

describe('user file', () => {
  it('can disable and lower what the team file cannot', async () => {
    team('protected-paths: [data]\n');
    // The user's weakenings count once signed (`countersign trust`; test/rules/trust.test.ts).
    user('disable: ["filesystem/*"]\n');
    await trustNow({ env, home, cwd: project });
    expect((await run('rm -rf data')).decision).toBe('allow');
    user('severity: { filesystem/rm-protected: low }\n');
    await trustNow({ env, home, cwd: project });
    expect((await run('rm -rf data')).decision).toBe('allow');
    user('policy: { confirm-at: low }\n');
    await trustNow({ env, home, cwd: project });
    const cfg = await load();
    expect(cfg.policy['confirm-at']).toBe('low');
  });

  it('a broken user file fails closed too', async () => {
    user('disable: {oops\n');
    expect((await run('ls')).decision).toBe('confirm');
  });
});

describe('marked directories', () => {
  it('a .countersign-protected file protects its directory and everything under it', async () => {
    mkdirSync(path.join(project, 'keep', 'inner'), { recursive: true });
    writeFileSync(path.join(project, 'keep', '.countersign-protected'), '');
    expect((await run('rm -rf keep')).decision).toBe('confirm');
    expect((await run('rm -rf keep/inner')).decision).toBe('confirm');
    // An ancestor holding a marked directory is protected as well.
    expect((await run('rm -rf .')).decision).toBe('confirm');
    expect((await run('rm -rf other')).decision).toBe('allow');
  });
});

describe('compiled-config cache', () => {
  it('serves the same config, and sees edits, new files and removed files', async () => {
    const cacheDir = path.join(root, 'state', 'countersign');
    const ctx = { cwd: project, env, home };
    team('protected-paths: [data]\n');
    const a = await loadConfig(ctx, { cacheDir });
    const b = await loadConfig(ctx, { cacheDir });
    expect(b.protectedPaths).toEqual(a.protectedPaths);
    // The compiled config, and the small file the fast path reads (the quick-reject index).
    expect(readdirSync(path.join(cacheDir, 'cache')).sort()).toEqual([expect.stringMatching(/^config-[0-9a-f]{16}\.json$/), expect.stringMatching(/^config-[0-9a-f]{16}\.quick$/)]);
    // A cache file is served only for the key it was written for (its name is a short hash).
    const file = readdirSync(path.join(cacheDir, 'cache')).find((f) => f.endsWith('.json'));
    const cached = JSON.parse(readFileSync(path.join(cacheDir, 'cache', file!), 'utf8'));
    cached.config.protectedPaths = [];
    writeFileSync(path.join(cacheDir, 'cache', file!), JSON.stringify(cached));
    expect((await loadConfig(ctx, { cacheDir })).protectedPaths).toEqual([]);
    writeFileSync(path.join(cacheDir, 'cache', file!), JSON.stringify({ ...cached, key: `${cached.key}x` }));
    expect((await loadConfig(ctx, { cacheDir })).protectedPaths.length).toBeGreaterThan(0);
    // An edit (different size) is seen at once.
    team('protected-paths: [data, other-dir]\n');
    const c = await loadConfig(ctx, { cacheDir });
    expect(c.protectedPaths.map((p) => path.basename(p.path))).toContain('other-dir');
    // A new .countersign/*.yaml is seen.
    mkdirSync(path.join(project, '.countersign'));
    writeFileSync(path.join(project, '.countersign', 'more.yaml'), 'rules:\n  - id: acme/zap\n    severity: high\n    summary: zaps things\n    match: { command: zap }\n');
    const d = await loadConfig(ctx, { cacheDir });
    expect(d.rules.map((r) => r.id)).toContain('acme/zap');
    // A broken edit is never hidden by the cache.
    team('protected-paths: [data\n');
    const e = await loadConfig(ctx, { cacheDir });
    expect(e.errors.length).toBeGreaterThan(0);
  });
});

describe('per-environment policy', () => {
  it('a team threshold for an environment can make it stricter, never laxer', async () => {
    team('protected-paths: [data]\npolicy:\n  environments:\n    local: { confirm-at: high }\n');
    // git reset --hard is medium and local: the team's `high` must not relax it.
    expect((await run('git reset --hard HEAD~1')).decision).toBe('confirm');
    // A local cluster pauses only for critical by default; the team's `high` makes it pause.
    expect((await run('kubectl --context kind-dev delete pods --all')).decision).toBe('confirm');
  });
  it('without it, a high finding on a local cluster or database does not pause; a critical one (DROP TABLE) does', async () => {
    expect((await run('kubectl --context kind-dev delete pods --all')).decision).toBe('allow');
    expect((await run("psql -c 'DROP TABLE users'")).decision).toBe('confirm');
  });
  it('the user may relax an environment', async () => {
    // A git repo, so the reset's target resolves to this machine (local), not unknown.
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['init', '-q', project]);
    user('policy:\n  environments:\n    local: { confirm-at: critical }\n');
    await trustNow({ env, home, cwd: project });
    expect((await run('git reset --hard HEAD~1')).decision).toBe('allow');
  });
});
