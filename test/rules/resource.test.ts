// A rule's `resource: {noun, from}`: what the phrase calls the thing and which option names it.
// Real config files in a temp dir, real parsing and matching; unknown keys stay load errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-resource-'));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  env = { HOME: home, PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state') };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const team = (yaml: string) => writeFileSync(path.join(project, '.countersign.yaml'), yaml);
const run = async (cmd: string) => {
  const config = await loadConfig({ cwd: project, env, home });
  return check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) });
};

// A rule of the team's own, with `resource:` as given.
const rule = (resource: string, verb = 'wipe') => `
rules:
  - id: acme/wipe
    severity: high
    summary: wipes a tenant
    verb: ${verb}
    resource: ${resource}
    match: { command: tenantctl, subcommand: wipe }
    tests: { match: [tenantctl wipe acme], no-match: [tenantctl list] }
`;

describe('resource: noun', () => {
  it('follows the verb before the name, and stands alone when the command names nothing', async () => {
    team(rule('{ noun: tenant }'));
    expect((await run('tenantctl wipe acme')).phrase).toBe('wipe tenant acme in unknown');
    expect((await run('tenantctl wipe')).phrase).toBe('wipe tenant in unknown');
  });

  it('is not said twice when the verb already says it', async () => {
    team(rule('{ noun: tenant }', 'wipe tenant'));
    expect((await run('tenantctl wipe acme')).phrase).toBe('wipe tenant acme in unknown');
  });
});

describe('resource: from', () => {
  it('takes the name from any of the listed options, in any of its spellings', async () => {
    team(rule('{ noun: tenant, from: [--name, -n] }'));
    expect((await run('tenantctl wipe --region eu -n acme')).phrase).toBe('wipe tenant acme in unknown');
    expect((await run('tenantctl wipe --name=acme')).phrase).toBe('wipe tenant acme in unknown');
    expect((await run('tenantctl wipe --name acme -n acme')).phrase).toBe('wipe tenant acme in unknown');
  });

  it('names nothing when the options disagree: a decoy first or last must not be the name typed', async () => {
    team(rule('{ noun: tenant, from: [--name, -n] }'));
    for (const cmd of ['tenantctl wipe -n staging -n prod', 'tenantctl wipe --name staging -n prod', 'tenantctl wipe -n prod --name=staging']) {
      const r = await run(cmd);
      expect(r.decision, cmd).toBe('confirm');
      expect(r.phrase, cmd).toBe('wipe tenant in unknown');
    }
  });

  it('without the option, says the noun alone, never a stray positional', async () => {
    team(rule('{ noun: tenant, from: [--name] }'));
    expect((await run('tenantctl wipe now')).phrase).toBe('wipe tenant in unknown');
  });

  it('a name only known at run time is not shown: the noun alone', async () => {
    team(rule('{ noun: tenant, from: [--name] }'));
    const r = await run('tenantctl wipe --name "$T"');
    expect(r.decision).toBe('confirm');
    expect(r.phrase).toBe('wipe tenant in unknown');
  });

  it('none: the words after the subcommand are not a name', async () => {
    team(rule('{ noun: tenant, from: none }'));
    expect((await run('tenantctl wipe now please')).phrase).toBe('wipe tenant in unknown');
  });

  it('sources: a move names what it takes away, the operands but the last (the destination)', async () => {
    team(rule('{ from: sources }', 'move out of').replace('subcommand: wipe', "subcommand: ['mv /^t:.*/']").replace('tenantctl wipe acme', 'tenantctl mv t:acme /tmp/x'));
    expect((await run('tenantctl mv t:acme /tmp/x')).phrase).toBe('move out of t:acme in unknown');
    expect((await run('tenantctl mv --force t:acme t:b /tmp/x')).phrase).toBe('move out of t:acme t:b in unknown');
    // A source only known at run time: no name, never the destination.
    const dyn = await run('tenantctl mv "t:$T" /tmp/x');
    expect(dyn.decision).toBe('confirm');
    expect(dyn.phrase).not.toMatch(/tmp/);
  });

  it('changes only the phrase: the finding and its decision are the same', async () => {
    team(rule('{ from: none }'));
    const r = await run('tenantctl wipe acme');
    expect(r.decision).toBe('confirm');
    expect(r.findings.map((f) => f.rule)).toEqual(['acme/wipe']);
  });
});

describe('resource: schema', () => {
  for (const [bad, why] of [
    ['{ nuon: tenant }', /nuon/],
    ['{ noun: Tenant! }', /noun/],
    ['{ from: [] }', /from/],
    ['{ from: all }', /from/],
    ['{ from: source }', /from/],
    ['tenant', /resource/],
  ] as const) {
    it(`rejects ${bad}, and the broken file fails closed`, async () => {
      team(rule(bad));
      const cfg = await loadConfig({ cwd: project, env, home });
      expect(cfg.errors.map((e) => e.message).join('\n')).toMatch(why);
      const r = await run('ls');
      expect(r.decision).toBe('confirm');
      expect(r.findings[0]!.rule).toBe('core/config-error');
    });
  }
});

describe('builtin rules', () => {
  it('name the compose project from -p, and its volumes without it', async () => {
    team('extends: [containers]\nmachine: production\n');
    expect((await run('docker compose -p shop --profile db down --volumes')).phrase).toBe('delete compose volumes shop in production');
    expect((await run('docker compose down -v')).phrase).toBe('delete compose volumes in production');
    expect((await run('docker-compose --project-name shop down -v')).phrase).toBe('delete compose volumes shop in production');
  });

  it('name the azure resource from -n, not the resource group before it (prod-rg says production)', async () => {
    team('extends: [azure]\n');
    expect((await run('az aks delete -g prod-rg -n prod-aks')).phrase).toBe('delete cluster prod-aks in production');
    expect((await run('az sql db delete -g prod-rg -s prod-sql -n orders --yes')).phrase).toBe('delete database orders in production');
    expect((await run('az aks delete -g prod-rg -n staging-aks -n prod-aks')).phrase).toBe('delete cluster in production');
  });
});
