// Policy an agent can't quietly weaken: a weakening change to the team file or the user config
// takes effect only after a person signs it (`countersign trust`); until then the union of the
// signed and the current protection applies. Additions apply at once. A forged snapshot counts
// as none.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';
import { approverFile, createKey, unlockKey, writeKeyFile } from '../../src/keys/index.js';
import { teamSnapshotFile, userSnapshotFile } from '../../src/rules/config-cache.js';
import { currentTeamFiles, currentUserFiles, writeSnapshot } from '../../src/rules/trust.js';
import { stateOf, trustNow } from '../helpers/trust.js';
import { BIN, run as runProc } from '../helpers/fixture.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;
let state: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-trust-'));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  mkdirSync(path.join(project, 'data'), { recursive: true });
  writeFileSync(path.join(project, 'data', 'db'), 'precious\n');
  mkdirSync(home, { recursive: true });
  env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state') };
  state = stateOf(env, home);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const teamFile = () => path.join(project, '.countersign.yaml');
const team = (yaml: string) => writeFileSync(teamFile(), yaml);
const userFile = () => path.join(root, 'cfg', 'countersign', 'config.yaml');
const user = (yaml: string) => {
  mkdirSync(path.dirname(userFile()), { recursive: true });
  writeFileSync(userFile(), yaml);
};
const trust = () => trustNow({ env, home, cwd: project });
// Through the compiled-config cache, as the shell does.
const load = () => loadConfig({ cwd: project, env, home }, { cacheDir: state });
const decide = async (cmd: string) => {
  const config = await load();
  return (await check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) })).decision;
};
const ZAP = 'rules:\n  - id: acme/zap\n    severity: low\n    summary: zaps things\n    match: { command: zap }\n';

describe('team file never signed: the files as first seen are the floor', () => {
  it('a weakening waits; an addition applies and the floor follows it', async () => {
    team('protected-paths: [data]\n');
    expect(await decide('rm -rf data')).toBe('confirm');
    team('# nothing protected any more\n');
    expect(await decide('rm -rf data')).toBe('confirm');
    expect((await load()).pendingTrust?.join('\n')).toContain(`removed protected-paths: ${path.join(project, 'data')}`);
    mkdirSync(path.join(project, 'logs'));
    team('protected-paths: [data, logs]\n');
    expect(await decide('rm -rf logs')).toBe('confirm');
    team('protected-paths: [data]\n');
    expect(await decide('rm -rf logs')).toBe('confirm');
  });

  it('a project inside another has a floor of its own, not the outer one read as its own', async () => {
    const inner = path.join(project, 'inner');
    mkdirSync(path.join(inner, 'vault'), { recursive: true });
    team('protected-paths: [data]\n');
    expect(await decide('rm -rf data')).toBe('confirm');
    writeFileSync(path.join(inner, '.countersign.yaml'), 'protected-paths: [vault]\n');
    const loadIn = () => loadConfig({ cwd: inner, env, home }, { cacheDir: state });
    const decideIn = async (cmd: string) => {
      const config = await loadIn();
      return (await check(cmd, { cwd: inner, env, home, envComplete: true }, { config, index: quickIndex(config) })).decision;
    };
    expect(await decideIn('rm -rf vault')).toBe('confirm');
    expect((await loadIn()).pendingTrust ?? []).toEqual([]);
    writeFileSync(path.join(inner, '.countersign.yaml'), '# nothing\n');
    expect(await decideIn('rm -rf vault')).toBe('confirm');
  });
});

describe('team file: weakening waits for trust', () => {
  it('a removed protected path still protects, and is listed as waiting', async () => {
    team('protected-paths: [data]\n');
    await trust();
    team('# nothing protected any more\n');
    expect(await decide('rm -rf data')).toBe('confirm');
    const cfg = await load();
    expect(cfg.pendingTrust?.join('\n')).toContain(`removed protected-paths: ${path.join(project, 'data')}`);
    await trust();
    expect(await decide('rm -rf data')).toBe('allow');
    expect((await load()).pendingTrust).toBeUndefined();
  });

  it('sed -i by a script on the team file: the same', async () => {
    team('protected-paths: [data, other]\n');
    await trust();
    execFileSync('sed', ['-i', 's/data, //', teamFile()]);
    expect(readFileSync(teamFile(), 'utf8')).toBe('protected-paths: [other]\n');
    expect(await decide('rm -rf data')).toBe('confirm');
  });

  it('a removed rule still matches', async () => {
    team(`policy: { confirm-at: low }\n${ZAP}`);
    await trust();
    expect(await decide('zap')).toBe('confirm');
    team('policy: { confirm-at: low }\n');
    expect(await decide('zap')).toBe('confirm');
    expect((await load()).pendingTrust?.join('\n')).toContain('removed rule acme/zap');
    await trust();
    expect(await decide('zap')).toBe('allow');
  });

  it('a relaxed threshold and a removed deny keep the trusted ones', async () => {
    team(`policy: { confirm-at: low, deny: ["filesystem/*"] }\nprotected-paths: [data]\n${ZAP}`);
    await trust();
    expect(await decide('rm -rf data')).toBe('deny');
    team(`policy: { confirm-at: medium }\nprotected-paths: [data]\n${ZAP}`);
    expect(await decide('rm -rf data')).toBe('deny');
    expect(await decide('zap')).toBe('confirm');
    const p = (await load()).pendingTrust!.join('\n');
    expect(p).toContain('removed policy.confirm-at: low');
    expect(p).toContain('removed policy.deny: filesystem/*');
    await trust();
    expect(await decide('rm -rf data')).toBe('confirm');
    expect(await decide('zap')).toBe('allow');
  });

  it('a deleted or moved team file keeps its protection for that project root', async () => {
    team(`protected-paths: [data]\n`);
    await trust();
    rmSync(teamFile());
    expect(await decide('rm -rf data')).toBe('confirm');
    expect((await load()).pendingTrust?.join('\n')).toMatch(/gone \(deleted or moved\)/);
    // Moved into a subdirectory that then applies (a shadowing file): still the union.
    mkdirSync(path.join(project, 'sub'));
    writeFileSync(path.join(project, 'sub', '.countersign.yaml'), '# empty\n');
    const config = await loadConfig({ cwd: path.join(project, 'sub'), env, home });
    const r = await check('rm -rf ../data', { cwd: path.join(project, 'sub'), env, home, envComplete: true }, { config, index: quickIndex(config) });
    expect(r.decision).toBe('confirm');
    // Signing the deletion lets it go.
    await trust();
    expect(await decide('rm -rf data')).toBe('allow');
  });

  it('renamed away (mv), then the line is retried: still paused', async () => {
    team(`protected-paths: [data]\n`);
    await trust();
    renameSync(teamFile(), path.join(project, 'old.yaml'));
    expect(await decide('rm -rf data')).toBe('confirm');
  });

  it('environments: a production match removed or a new local match waits; a new production match applies', async () => {
    execFileSync('git', ['init', '-q', project]);
    team('environments:\n  production:\n    match:\n      hosts: [db.acme.io]\n');
    await trust();
    const envOf = async (cmd: string) => {
      const config = await load();
      const r = await check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) });
      return r.findings[0]?.target.environment;
    };
    const drop = "psql -h db.acme.io -c 'DROP TABLE users'";
    expect(await envOf(drop)).toBe('production');
    team('environments:\n  local:\n    match:\n      hosts: [db.acme.io]\n');
    expect(await envOf(drop)).toBe('production');
    expect((await load()).pendingTrust?.join('\n')).toContain('added environments.local.match.hosts: db.acme.io');
    team('environments:\n  production:\n    match:\n      hosts: [db.acme.io, db2.acme.io]\n');
    expect(await envOf("psql -h db2.acme.io -c 'DROP TABLE users'")).toBe('production');
    expect((await load()).pendingTrust).toBeUndefined();
  });
});

describe('team file: additions apply at once', () => {
  it('a new protected path and a new rule work before any trust', async () => {
    team('protected-paths: [other]\n');
    await trust();
    team(`protected-paths: [other, data]\npolicy: { confirm-at: low }\n${ZAP}`);
    expect(await decide('rm -rf data')).toBe('confirm');
    expect(await decide('zap')).toBe('confirm');
    expect((await load()).pendingTrust).toBeUndefined();
  });

  it('a fresh clone (no snapshot): the team file applies as it is, for additions', async () => {
    team('protected-paths: [data]\n');
    expect(await decide('rm -rf data')).toBe('confirm');
    expect((await load()).pendingTrust).toBeUndefined();
  });
});

describe('user config: weakening waits for trust', () => {
  beforeEach(() => team('protected-paths: [data]\n'));

  it('disable: appended by a script does nothing until trusted', async () => {
    user('# mine\n');
    await trust();
    execFileSync('/bin/sh', ['-c', `echo 'disable: ["filesystem/*"]' >> "${userFile()}"`]);
    expect(await decide('rm -rf data')).toBe('confirm');
    expect((await load()).pendingTrust?.join('\n')).toContain('added disable: filesystem/*');
    await trust();
    expect(await decide('rm -rf data')).toBe('allow');
  });

  it('never trusted at all: disable:, a relaxed threshold, a lowered severity and an environment relaxation wait', async () => {
    execFileSync('git', ['init', '-q', project]);
    for (const y of ['disable: ["filesystem/*"]\n', 'severity: { filesystem/rm-protected: low }\npolicy: { confirm-at: critical }\n', 'policy:\n  environments:\n    local: { confirm-at: critical }\n']) {
      user(y);
      expect(await decide('rm -rf data'), y).toBe('confirm');
      expect((await load()).pendingTrust?.length, y).toBeGreaterThan(0);
    }
    expect(await decide('git reset --hard HEAD~1')).toBe('confirm');
    await trust();
    expect(await decide('git reset --hard HEAD~1')).toBe('allow');
  });

  it('a trusted weakening changed to a weaker one keeps the stricter, signed value', async () => {
    user('disable: ["filesystem/rm-protected"]\n');
    await trust();
    expect(await decide('rm -rf data')).toBe('allow');
    // The agent widens the disable: only the signed pattern counts.
    user('disable: ["filesystem/rm-protected", "git/*"]\n');
    expect(await decide('rm -rf data')).toBe('allow');
    execFileSync('git', ['init', '-q', project]);
    expect(await decide('git reset --hard HEAD~1')).toBe('confirm');
  });

  it('removing a weakening (stricter) applies at once', async () => {
    user('disable: ["filesystem/*"]\n');
    await trust();
    expect(await decide('rm -rf data')).toBe('allow');
    user('# back to defaults\n');
    expect(await decide('rm -rf data')).toBe('confirm');
  });

  it('a user config with only additions applies without trust', async () => {
    user('protected-paths: [~/important]\n');
    mkdirSync(path.join(home, 'important'));
    expect(await decide(`rm -rf ${path.join(home, 'important')}`)).toBe('confirm');
    expect((await load()).pendingTrust).toBeUndefined();
  });

  it('another XDG_CONFIG_HOME (a config the agent wrote) gets no trust', async () => {
    user('disable: ["filesystem/*"]\n');
    await trust();
    const evil = path.join(root, 'evil');
    mkdirSync(path.join(evil, 'countersign'), { recursive: true });
    writeFileSync(path.join(evil, 'countersign', 'config.yaml'), 'disable: ["filesystem/*"]\n');
    const env2 = { ...env, XDG_CONFIG_HOME: evil };
    const config = await loadConfig({ cwd: project, env: env2, home });
    const r = await check('rm -rf data', { cwd: project, env: env2, home, envComplete: true }, { config, index: quickIndex(config) });
    expect(r.decision).toBe('confirm');
  });
});

describe('forged snapshots count as none', () => {
  it('unsigned, signed by the agent’s own key, or edited after signing: ignored and reported', async () => {
    team('protected-paths: [data]\n');
    user('# mine\n');
    await trust(); // the person's key now exists and is pinned
    user('disable: ["filesystem/*"]\n');
    const agentKey = createKey('agent passphrase', { cost: 1024 });
    const k = unlockKey(agentKey, 'agent passphrase');
    // 1. signed with a key of the agent's own
    await writeSnapshot(state, k, agentKey.fingerprint, 'user', userFile(), currentUserFiles(userFile()), 'agent');
    expect(await decide('rm -rf data')).toBe('confirm');
    let cfg = await load();
    expect(cfg.warnings.join('\n')).toMatch(/user\.json: the signature does not verify/);
    expect(cfg.pendingTrust?.join('\n')).toContain('added disable: filesystem/*');
    // 2. a genuine snapshot edited to the new text (the signature no longer matches)
    user('# mine\n');
    await trust();
    user('disable: ["filesystem/*"]\n');
    const snap = JSON.parse(readFileSync(userSnapshotFile(state), 'utf8'));
    snap.files[0].text = 'disable: ["filesystem/*"]\n';
    writeFileSync(userSnapshotFile(state), JSON.stringify(snap));
    expect(await decide('rm -rf data')).toBe('confirm');
    // 3. unsigned
    delete snap.signature;
    writeFileSync(userSnapshotFile(state), JSON.stringify(snap));
    expect(await decide('rm -rf data')).toBe('confirm');
    cfg = await load();
    expect(cfg.warnings.join('\n')).toMatch(/trust: .*user\.json/);
    // 4. a forged team snapshot is reported too (a fresh clone's team file still applies)
    await writeSnapshot(state, k, agentKey.fingerprint, 'team', project, currentTeamFiles(teamFile()), 'agent');
    expect((await load()).warnings.join('\n')).toMatch(/team-[0-9a-f]+\.json: the signature does not verify/);
    expect(await decide('rm -rf data')).toBe('confirm');
  });

  it('the agent replaces approver.json with its own key and signs: the pin refuses it', async () => {
    team('protected-paths: [data]\n');
    user('# mine\n');
    await trust();
    const agentKey = createKey('agent passphrase', { cost: 1024 });
    writeKeyFile(approverFile(env, home), agentKey);
    user('disable: ["filesystem/*"]\n');
    await writeSnapshot(state, unlockKey(agentKey, 'agent passphrase'), agentKey.fingerprint, 'user', userFile(), currentUserFiles(userFile()), 'agent');
    expect(await decide('rm -rf data')).toBe('confirm');
    expect((await load()).warnings.join('\n')).toMatch(/approver key changed/);
    // Known limit (README): a team snapshot overwritten or deleted this way counts as none, so the
    // team file is then trusted as a fresh clone's. Only the user config's weakenings are safe.
  });

  it('a snapshot copied to another project root does not apply there', async () => {
    team('protected-paths: [data]\n');
    await trust();
    const other = path.join(root, 'other');
    mkdirSync(other);
    const f = teamSnapshotFile(state, project);
    writeFileSync(teamSnapshotFile(state, other), readFileSync(f));
    const config = await loadConfig({ cwd: other, env, home });
    expect(config.warnings.join('\n')).toMatch(/names another project/);
  });
});

describe('the built program: cache and fast path', () => {
  it('a custom rule from a trusted, then deleted team file still pauses `countersign -c`', async () => {
    team(`policy: { confirm-at: low }\n${ZAP}`);
    await trust();
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'zap'), `#!/bin/sh\ntouch "${path.join(root, 'zapped')}"\n`, { mode: 0o755 });
    const penv = { ...env, PATH: `${bin}:${env.PATH}`, CI: 'true', SHELL: '/bin/bash', COUNTERSIGN_SHELL: '/bin/bash' };
    // Twice each: the second run is served by the cache (and the fast path, when it applies).
    for (let i = 0; i < 2; i++) {
      const r = await runProc(BIN, ['-c', 'zap'], { cwd: project, env: penv, detached: true });
      expect(r.code, r.err).toBe(126);
    }
    rmSync(teamFile());
    for (let i = 0; i < 2; i++) {
      const r = await runProc(BIN, ['-c', 'zap'], { cwd: project, env: penv, detached: true });
      expect(r.code, r.err).toBe(126);
    }
    expect(existsSync(path.join(root, 'zapped'))).toBe(false);
    await trust(); // the person signs the deletion
    const r = await runProc(BIN, ['-c', 'zap'], { cwd: project, env: penv, detached: true });
    expect(r.code, r.err).toBe(0);
    expect(existsSync(path.join(root, 'zapped'))).toBe(true);
  });
});
