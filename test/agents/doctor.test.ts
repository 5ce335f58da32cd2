// `countersign doctor` in a healthy and in broken fixtures.
import { appendFileSync, chmodSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pty from '@lydell/node-pty';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDoctor, runDoctor, type Item } from '../../src/commands/doctor.js';
import { ensureKey, trustNow } from '../helpers/trust.js';
import { BIN, fixture, pathWithCountersign, removeFixtures, runCli, type Fixture } from './helpers.js';

afterAll(removeFixtures);

const PROGRAM = realpathSync(BIN);

/** A fixture set up the way `countersign init --yes --cursor-hooks --claude` leaves it. */
async function healthy(): Promise<Fixture> {
  const f = fixture();
  // The committed files run `countersign` from PATH, as on a machine where it is installed.
  f.env.PATH = pathWithCountersign(f);
  const r = await runCli(['init', '--yes', '--cursor-hooks', '--claude'], { cwd: f.project, env: f.env });
  expect(r.code).toBe(0);
  ensureKey(f.env, f.home); // an approver key, as `init` offers in a person's terminal
  return f;
}

const bad = (items: Item[]) => items.filter((i) => !i.ok);
const doctor = (f: Fixture, env: NodeJS.ProcessEnv = f.env) => runDoctor({ cwd: f.project, env, home: f.home, tty: () => true });

/** Run the real CLI with a pseudo-terminal as its controlling terminal. */
function inPty(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = pty.spawn(process.execPath, [BIN, ...args], { cwd, env: env as Record<string, string>, cols: 200, rows: 50, name: 'xterm' });
    let out = '';
    p.onData((d) => (out += d));
    p.onExit((e) => setTimeout(() => resolve({ code: e.exitCode, out: out.replace(/\r\n/g, '\n') }), 50));
  });
}

describe('countersign doctor', () => {
  it('a healthy setup: every line ✓, exit 0 (the real CLI, in a terminal)', async () => {
    const f = await healthy();
    const { CI: _ci, ...env } = f.env;
    void _ci;
    const r = await inPty(['doctor'], f.project, env);
    const lines = r.out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^✓ real shell: \/\S+ \(from /m);
    expect(r.out).toMatch(/^✓ rules: \d+ rules load/m);
    expect(r.out).toContain(`✓ team file: ${path.join(f.project, '.countersign.yaml')} is valid`);
    expect(r.out).toContain('✓ terminal: /dev/tty is available for typed phrases');
    expect(r.out).toContain('✓ terminal profile: "countersign" in .vscode/settings.json runs countersign; not the default profile');
    expect(r.out).toContain('✓ Cursor hook: .cursor/hooks.json runs `countersign hook cursor`');
    expect(r.out).toContain('✓ Claude Code hook: .claude/settings.json runs `countersign hook claude || exit 2`');
    expect(r.out).toMatch(/^✓ shell integration: `.*countersign -c true` ran through \S+ and exited 0/m);
    expect(r.out).toMatch(/All \d+ checks passed\./);
  });

  it('shows what the environments resolve to right now', async () => {
    const f = await healthy();
    writeFileSync(path.join(f.project, '.env'), 'DATABASE_URL=postgres://u@db.prod.acme.com/app\n');
    const items = await doctor(f);
    expect(bad(items)).toEqual([]);
    expect(items.map((i) => i.text)).toContain('environment: DATABASE_URL in .env: db.prod.acme.com/app → production');
  });

  it("names this machine's environment and where it comes from", async () => {
    const f = await healthy();
    const host = (await import('node:os')).hostname();
    expect((await doctor(f)).map((i) => i.text)).toContain(`machine: this machine (${host}) is a workstation: local (no machine: setting names it)`);
    appendFileSync(path.join(f.project, '.countersign.yaml'), `machine:\n  - { environment: production, hosts: ["${host}"] }\n`);
    const line = (await doctor(f)).find((i) => i.text.startsWith('machine: '));
    expect(line?.text).toBe(`machine: this machine (${host}) is production: machine: in ${path.join(f.project, '.countersign.yaml')}`);
  });

  it('a broken team file: ✗ with file:line, and exit 1', async () => {
    const f = await healthy();
    const team = path.join(f.project, '.countersign.yaml');
    writeFileSync(team, 'extends: [recommended]\npolicy:\n  confirm-at: [medium\n');
    const items = await doctor(f);
    const errs = bad(items).map((i) => i.text);
    expect(errs.some((t) => t.startsWith(`team file: ${team}:`) && /\.countersign\.yaml:\d+:\d+: /.test(t))).toBe(true);
    expect(errs).toContain('shell integration: not tried, because the rules do not load (above)');
    const r = await runCli(['doctor'], { cwd: f.project, env: f.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^✗ team file: ${team.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .* → fix the file`, 'm'));
  });

  it('a misspelt environments key: ✗ with the line of the key', async () => {
    const f = await healthy();
    const team = path.join(f.project, '.countersign.yaml');
    writeFileSync(team, 'extends: [recommended]\nenvironments:\n  production:\n    match:\n      kube-context: [prod-eu]\n');
    const errs = bad(await doctor(f)).map((i) => i.text);
    // The loader validates environments too, so the rules line may report it as well.
    const teamLine = errs.find((e) => e.includes(`team file: ${team}:5:`));
    expect(teamLine).toBeDefined();
    expect(teamLine).toContain('unknown key "kube-context"');
  });

  it('no team file, no terminal, no profile: each is a ✗ with its fix', async () => {
    const f = fixture({ team: null });
    const items = await runDoctor({ cwd: f.project, env: f.env, home: f.home, tty: () => false });
    const text = formatDoctor(items);
    expect(text).toContain('✗ team file: no .countersign.yaml here or in any parent directory → run `countersign init` in the repository root');
    expect(text).toContain('✗ terminal: no terminal here');
    expect(text).toContain('✗ terminal profile: no "countersign" profile');
    expect(text).toContain('✓ Cursor hook: not set up (optional');
    expect(text).toMatch(/\d+ problem\(s\) found\./);
  });

  it('hooks and profiles that point nowhere, or fail open, are ✗', async () => {
    const f = await healthy();
    f.env.PATH = fixture().env.PATH; // no countersign on PATH
    writeFileSync(path.join(f.project, '.cursor', 'hooks.json'), '{"version":1,"hooks":{"beforeShellExecution":[{"command":"countersign hook cursor"}]}}');
    writeFileSync(path.join(f.project, '.claude', 'settings.json'), '{"hooks":{"PreToolUse":[{"matcher":"Edit","hooks":[{"type":"command","command":"/nowhere/countersign hook claude"}]}]}}');
    mkdirSync(path.join(f.project, '.vscode'), { recursive: true });
    writeFileSync(path.join(f.project, '.vscode', 'settings.json'), '{"terminal.integrated.profiles.linux":{"countersign":{"path":"/nowhere/countersign"}},"terminal.integrated.profiles.osx":{"countersign":{"path":"/nowhere/countersign"}}}');
    const errs = bad(await doctor(f)).map((i) => i.text);
    expect(errs.find((t) => t.startsWith('Cursor hook:'))).toMatch(/failClosed is not true.*; countersign: not found on PATH, so it can't start for you/);
    expect(errs.find((t) => t.startsWith('Claude Code hook:'))).toMatch(/matcher "Edit" does not match the Bash tool; \/nowhere\/countersign: not found on this machine/);
    expect(errs.find((t) => t.startsWith('terminal profile:'))).toContain('/nowhere/countersign');
  });

  it("a committed bare `countersign` that isn't on this user's PATH is ✗ with how to fix it", async () => {
    const f = await healthy();
    const items = await doctor(f, { ...f.env, PATH: fixture().env.PATH });
    const errs = bad(items);
    for (const label of ['terminal profile:', 'Cursor hook:', 'Claude Code hook:']) {
      const e = errs.find((i) => i.text.startsWith(label));
      expect(e?.text).toContain("countersign: not found on PATH, so it can't start for you");
      expect(e?.fix).toContain('`npm link`, or a symlink in ~/.local/bin');
    }
  });

  it('countersign found on PATH, but not the node its #! line asks for: ✗ (it could not start)', async () => {
    const f = await healthy();
    const onlyLink = f.env.PATH!.split(path.delimiter)[0]!; // just the countersign symlink: no node
    const items = await doctor(f, { ...f.env, PATH: onlyLink });
    const e = bad(items).find((i) => i.text.startsWith('Claude Code hook:'));
    expect(e?.text).toContain('starts with `#!/usr/bin/env node`, and node is not on PATH');
    expect(e?.fix).toContain('make node reachable');
  });

  it("a hook naming another machine's absolute path is ✗, and says committed files get a bare countersign", async () => {
    const f = await healthy();
    writeFileSync(path.join(f.project, '.claude', 'settings.json'), '{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"/Users/alice/src/countersign/bin/countersign hook claude"}]}]}}');
    const e = bad(await doctor(f)).find((i) => i.text.startsWith('Claude Code hook:'));
    expect(e?.text).toBe('Claude Code hook: .claude/settings.json: /Users/alice/src/countersign/bin/countersign: not found on this machine');
    expect(e?.fix).toContain('committed files get `countersign`');
  });

  it('init --local: the absolute path lives in the user\'s own files, and doctor finds it there', async () => {
    const f = fixture();
    const r = await runCli(['init', '--yes', '--local', '--claude', '--cursor-hooks'], { cwd: f.project, env: f.env });
    expect(r.code).toBe(0);
    const items = await doctor(f);
    const texts = items.map((i) => `${i.ok ? '✓' : '✗'} ${i.text}`);
    expect(texts).toContain(`✓ terminal profile: "countersign" in ~/.config/Code/User/settings.json runs ${PROGRAM}; not the default profile`.replace('~/.config', f.config));
    expect(texts).toContain(`✓ Claude Code hook: .claude/settings.local.json runs \`${PROGRAM} hook claude || exit 2\``);
    expect(texts).toContain(`✓ Cursor hook: ~/.cursor/hooks.json runs \`${PROGRAM} hook cursor\``);
  });

  it('a shim on PATH whose real shell is gone is ✗; CLAUDE_CODE_SHELL is checked', async () => {
    const f = await healthy();
    const dir = path.join(f.root, 'shims');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'bash'), `#!/bin/sh\n# countersign-shim: runs countersign around /gone/bash.\nexec node ${PROGRAM} --real-shell '/gone/bash' "$@"\n`);
    chmodSync(path.join(dir, 'bash'), 0o755);
    const env = { ...f.env, PATH: `${dir}:${f.env.PATH}`, SHELL: path.join(dir, 'bash'), CLAUDE_CODE_SHELL: '/usr/bin/fish' };
    const items = await doctor(f, env);
    const errs = bad(items).map((i) => i.text);
    expect(errs).toContain(`shim: ${path.join(dir, 'bash')} names /gone/bash, which is missing or is countersign`);
    expect(errs.some((t) => t.startsWith('CLAUDE_CODE_SHELL=/usr/bin/fish'))).toBe(true);
    // The real shell is still found, and the shim in $SHELL is named as skipped.
    expect(items.find((i) => i.text.startsWith('real shell:'))?.ok).toBe(true);
  });

  it('the approver key and pending trust: ✓ with the fingerprint, ✗ without a key or with a weakening waiting', async () => {
    const f = await healthy();
    let items = await doctor(f);
    expect(items.find((i) => i.text.startsWith('approver key: SHA256:'))?.ok).toBe(true);
    const team = path.join(f.project, '.countersign.yaml');
    writeFileSync(team, 'protected-paths: [data]\n');
    await trustNow({ env: f.env, home: f.home, cwd: f.project });
    writeFileSync(team, '# nothing\n');
    items = await doctor(f);
    const waiting = bad(items).find((i) => i.text.startsWith('trust: waiting for `countersign trust`'));
    expect(waiting?.text).toContain(`removed protected-paths: ${path.join(f.project, 'data')}`);
    const g = fixture();
    items = await doctor(g);
    expect(bad(items).find((i) => i.text.startsWith('approver key:'))?.fix).toContain('countersign approver setup');
  });
});
