// `machine:`: on a server that is production, what runs "on this machine" is production too.
// Through the whole engine: real team and user files in a scratch project, check() for commands.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { check, type CheckResult } from '../../src/engine.js';
import { loadConfig, loadConfigLibs, formatError } from '../../src/rules/load.js';
import { describeCurrent, machineEnvironment } from '../../src/targets/index.js';
import { trustNow } from '../helpers/trust.js';

const HOST = os.hostname();
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

interface World { project: string; env: Record<string, string>; home: string; userFile: string; teamFile: string }

function world(team?: string, user?: string): World {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cs-machine-')));
  roots.push(root);
  const project = path.join(root, 'project');
  const home = path.join(root, 'home');
  const xdg = path.join(root, 'xdg-config');
  mkdirSync(path.join(project, '.git'), { recursive: true });
  mkdirSync(path.join(xdg, 'countersign'), { recursive: true });
  mkdirSync(home, { recursive: true });
  const teamFile = path.join(project, '.countersign.yaml');
  const userFile = path.join(xdg, 'countersign', 'config.yaml');
  if (team !== undefined) writeFileSync(teamFile, team);
  if (user !== undefined) writeFileSync(userFile, user);
  const env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: xdg, XDG_STATE_HOME: path.join(root, 'state') };
  return { project, env, home, userFile, teamFile };
}

const run = (w: World, cmd: string, extraEnv: Record<string, string> = {}): Promise<CheckResult> =>
  check(cmd, { cwd: w.project, env: { ...w.env, ...extraEnv }, home: w.home, envComplete: true });

// With the config loaded now (check() alone keeps one per process and team file).
const runFresh = async (w: World, cmd: string): Promise<CheckResult> => {
  const config = await loadConfig({ cwd: w.project, env: w.env, home: w.home });
  const { quickIndex } = await import('../../src/rules/quick.js');
  return check(cmd, { cwd: w.project, env: w.env, home: w.home, envComplete: true }, { config, index: quickIndex(config) });
};

const envOf = (r: CheckResult): string[] => [...new Set(r.findings.map((f) => f.target.environment))];

// The VPS of the issue: docker compose and a volume holding the database, on the machine itself.
const ON_THIS_MACHINE = ['docker compose down -v', 'docker volume rm pgdata', "psql -h localhost -c 'DROP TABLE users'", 'kubectl --context kind-dev delete namespace shop'];
// High, not critical: relaxed on a workstation's own targets (volume and table deletes are critical
// and pause there too).
const RELAXED = 'kubectl --context kind-dev delete pods --all';

describe('no machine: setting (a workstation)', () => {
  it('keeps local targets local and says why; relaxed below critical (volume and table deletes are critical)', async () => {
    const w = world();
    for (const cmd of [...ON_THIS_MACHINE, RELAXED]) {
      const r = await run(w, cmd);
      expect(r.decision, cmd).toBe(cmd === RELAXED ? 'allow' : 'confirm');
      expect(envOf(r), cmd).toEqual(['local']);
      expect(r.findings[0]!.target.evidence, cmd).toContain(`this machine (${HOST}) is a workstation: local (no machine: setting names it)`);
    }
  });
});

describe('a team file naming this host production', () => {
  const TEAM = `machine:\n  environment: production\n  hosts: ['${HOST}', 'prod-*']\n`;

  it('makes everything on this machine production: it pauses, names why, and the phrase says so', async () => {
    const w = world(TEAM);
    for (const cmd of ON_THIS_MACHINE) {
      const r = await run(w, cmd);
      expect(r.decision, cmd).toBe('confirm');
      expect(envOf(r), cmd).toEqual(['production']);
      expect(r.findings[0]!.target.evidence, cmd).toContain(`this machine (${HOST}) is production: machine: in ${w.teamFile}`);
      expect(r.phrase, cmd).toMatch(/ in production$/);
    }
    expect((await run(w, 'docker volume rm pgdata')).phrase).toBe('delete volume pgdata in production');
  });

  it('reads the kernel hostname, not $HOSTNAME, which any program can set', async () => {
    const w = world(TEAM);
    const r = await run(w, 'docker volume rm pgdata', { HOSTNAME: 'dev-laptop' });
    expect(envOf(r)).toEqual(['production']);
    const other = world(`machine:\n  environment: production\n  hosts: ['evil-*']\n`);
    expect((await run(other, RELAXED, { HOSTNAME: 'evil-1' })).decision).toBe('allow');
  });

  it('`ssh localhost` is this machine too', async () => {
    const w = world(TEAM);
    for (const cmd of ["ssh localhost 'docker volume rm pgdata'", `ssh 127.0.0.1 "psql -h localhost -c 'DROP TABLE users'"`]) {
      const r = await run(w, cmd);
      expect(r.decision, cmd).toBe('confirm');
      expect(envOf(r), cmd).toEqual(['production']);
    }
  });

  it('leaves remote targets alone', async () => {
    const w = world(TEAM);
    const r = await run(w, 'docker --context staging volume rm pgdata');
    expect(r.findings[0]!.target.evidence.join('\n')).not.toContain('this machine');
  });

  it('does not apply on another host', async () => {
    const w = world(`machine: [{ environment: production, hosts: ['prod-*', '*.acme.com'] }]\n`);
    const r = await run(w, RELAXED);
    expect(r.decision).toBe('allow');
    expect(envOf(r)).toEqual(['local']);
  });
});

describe('who may say what', () => {
  it('the team file can only make the machine stricter: the strictest match wins, workstation changes nothing', async () => {
    const both = world(`machine:\n  - { environment: staging, hosts: ['*'] }\n  - { environment: production, hosts: ['${HOST}'] }\n  - { environment: workstation }\n`);
    expect(envOf(await run(both, 'docker volume rm pgdata'))).toEqual(['production']);
    const ws = world('machine: workstation\n');
    expect(envOf(await run(ws, 'docker volume rm pgdata'))).toEqual(['local']);
  });

  it("the user's own file may set it either way, but relaxing the team's waits for a signed trust", async () => {
    const relax = world(`machine: { environment: production, hosts: ['${HOST}'] }\n`, 'machine: workstation\n');
    // An agent can write the user's file (an editor tool, not the shell): unsigned, it relaxes nothing.
    const before = await runFresh(relax, RELAXED);
    expect(before.decision).toBe('confirm');
    expect(envOf(before)).toEqual(['production']);
    const cfg = await loadConfig({ cwd: relax.project, env: relax.env, home: relax.home });
    expect((cfg.pendingTrust ?? []).join("\n")).toContain(`${relax.userFile}: added machine: local`);
    await trustNow({ env: relax.env, home: relax.home, cwd: relax.project });
    const r = await runFresh(relax, RELAXED);
    expect(r.decision).toBe('allow');
    expect(r.findings[0]!.target.evidence).toContain(`this machine (${HOST}) is a workstation: local: machine: in ${relax.userFile}`);
    // Edited after signing: back to the team's production until signed again.
    writeFileSync(relax.userFile, 'machine: staging\n');
    expect(envOf(await runFresh(relax, 'docker volume rm pgdata'))).toEqual(['production']);
    // Stricter needs no signature.
    const strict = world(undefined, 'machine: production\n');
    expect(envOf(await runFresh(strict, 'docker compose down -v'))).toEqual(['production']);
    expect((await loadConfig({ cwd: strict.project, env: strict.env, home: strict.home })).pendingTrust ?? []).toEqual([]);
  });

  it('a user workstation where no team file names the machine relaxes nothing, so needs no signature', async () => {
    const w = world('protected-paths: [data]\n', 'machine: workstation\n');
    const cfg = await loadConfig({ cwd: w.project, env: w.env, home: w.home });
    expect(cfg.pendingTrust ?? []).toEqual([]);
    const r = await runFresh(w, RELAXED);
    expect(r.decision).toBe('allow');
    expect(r.findings[0]!.target.evidence).toContain(`this machine (${HOST}) is a workstation: local: machine: in ${w.userFile}`);
  });

  it('files on a production machine are production too', async () => {
    const w = world(`machine: production\nprotected-paths: [data]\n`);
    mkdirSync(path.join(w.project, 'data'));
    const r = await run(w, 'rm -rf data');
    expect(r.decision).toBe('confirm');
    expect(r.phrase).toBe('delete data in production');
  });
});

describe('countersign env and the schema', () => {
  it('env shows this machine first', async () => {
    const w = world(`machine: { environment: production, hosts: ['${HOST}'] }\n`);
    await loadConfigLibs();
    const cfg = await loadConfig({ cwd: w.project, env: w.env, home: w.home }, { teamFile: w.teamFile, userFile: null });
    const rows = describeCurrent({ cwd: w.project, env: w.env, home: w.home, machine: machineEnvironment(cfg.machine) });
    expect(rows[0]).toMatchObject({ source: 'this machine', value: HOST, environment: 'production' });
    expect(rows[0]!.evidence).toContain(`machine: in ${w.teamFile}`);
  });

  it('a misspelt key is an error with its position, not a silently local server', async () => {
    const w = world(`machine:\n  environment: production\n  host: ['prod-*']\n`);
    await loadConfigLibs();
    const cfg = await loadConfig({ cwd: w.project, env: w.env, home: w.home }, { teamFile: w.teamFile, userFile: null });
    expect(cfg.errors.map(formatError).join('\n')).toMatch(/\.countersign\.yaml:3:\d+: machine\.host: unknown key "host"/);
    // A broken config never means "no rules": the check pauses.
    expect((await run(w, 'docker volume rm pgdata')).decision).not.toBe('allow');
  });
});
