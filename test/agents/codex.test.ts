// `countersign hook codex` (issue 14): Codex 0.169's PreToolUse hook in hooks.json. It answers
// deny or nothing, never "ask" (0.169 reported "hook: PreToolUse Failed" for it and ran the
// command); `init --codex` writes the hook; doctor says loudly when Codex doesn't trust it yet.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRequest } from '../../src/agents/hooks.js';
import { hookTrust, hooksTurnedOff, keyPath, readToml } from '../../src/agents/codex-config.js';
import { runDoctor } from '../../src/commands/doctor.js';
import { listPending } from '../../src/confirm/approvals.js';
import { makeApprover } from '../helpers/approver.js';
import { BIN, fixture, pathWithCountersign, removeFixtures, runCli, stateOf, type Fixture } from './helpers.js';
import { codexPayload } from './payloads.js';

afterAll(removeFixtures);

const PROGRAM = realpathSync(BIN);

async function hook(f: Fixture, input: string, env: NodeJS.ProcessEnv = f.env) {
  const r = await runCli(['hook', 'codex'], { cwd: f.root, env, input });
  return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; permissionDecision: string; permissionDecisionReason: string }; systemMessage?: string }) : undefined };
}

describe('countersign hook codex', () => {
  it('a harmless command: exit 0, no output (Codex rejects an explicit "allow")', async () => {
    const f = fixture();
    const r = await hook(f, codexPayload('ls -la', f.project));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('a destructive command: deny with the panel and how a person approves; the retry after approval runs once', async () => {
    const f = fixture();
    const r = await hook(f, codexPayload('rm -rf data', f.project));
    expect(r.code).toBe(0);
    expect(r.json!.hookSpecificOutput.hookEventName).toBe('PreToolUse');
    expect(r.json!.hookSpecificOutput.permissionDecision).toBe('deny');
    const [pending] = listPending(stateOf(f));
    expect(pending!.via).toBe('hook:codex');
    expect(r.json!.hookSpecificOutput.permissionDecisionReason).toContain('filesystem/rm-protected');
    expect(r.json!.hookSpecificOutput.permissionDecisionReason).toContain(`countersign approve ${pending!.id}`);
    expect(r.json!.systemMessage).toContain(`countersign approve ${pending!.id}`);
    makeApprover(f.config).approve(stateOf(f), pending!);
    expect((await hook(f, codexPayload('rm -rf data', f.project))).stdout).toBe('');
    expect((await hook(f, codexPayload('rm -rf data', f.project))).json!.hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('never answers "ask", even with confirm.hooks: ask', async () => {
    const f = fixture({ user: 'confirm:\n  hooks: ask\n' });
    const r = await hook(f, codexPayload('rm -rf data', f.project));
    expect(r.json!.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(r.stdout).not.toContain('"ask"');
  });

  it('malformed input, a missing command, a wrong type: deny', async () => {
    const f = fixture();
    for (const input of ['', 'nope', JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {} }), codexPayload(7, f.project)]) {
      const r = await hook(f, input);
      expect(r.json?.hookSpecificOutput.permissionDecision, input).toBe('deny');
      expect(r.json!.hookSpecificOutput.permissionDecisionReason).toContain('not run');
    }
  });

  it("judges the tool's workdir, and an argv command as the line that runs it", async () => {
    const f = fixture();
    // data/ is protected in the project: `rm -rf data` from the project's parent is not about it.
    expect((await hook(f, codexPayload('rm -rf data', f.root, { workdir: f.project }))).json!.hookSpecificOutput.permissionDecision).toBe('deny');
    expect((await hook(f, codexPayload(['bash', '-lc', 'rm -rf data'], f.project))).json!.hookSpecificOutput.permissionDecision).toBe('deny');
    expect((await hook(f, codexPayload(['ls', '-la'], f.project))).stdout).toBe('');
  });

  it('other tools and events get no opinion', async () => {
    const f = fixture();
    expect((await hook(f, codexPayload('*** Begin Patch', f.project, {}, { tool_name: 'apply_patch' }))).stdout).toBe('');
    expect((await hook(f, codexPayload('rm -rf data', f.project, {}, { hook_event_name: 'PostToolUse' }))).stdout).toBe('');
  });

  it('readRequest: the shell tool names Codex uses', () => {
    for (const tool of ['Bash', 'exec_command', 'shell', 'local_shell']) {
      expect(readRequest('codex', codexPayload('ls', '/p', {}, { tool_name: tool }))).toEqual({ kind: 'shell', command: 'ls', cwd: '/p' });
    }
    expect(readRequest('codex', codexPayload(['bash', '-lc', "echo 'a b'"], '/p'))).toEqual({ kind: 'shell', command: `bash -lc 'echo '\\''a b'\\'''`, cwd: '/p' });
  });
});

describe('Codex trust in config.toml', () => {
  const file = '/home/u/.codex/hooks.json';
  it('reads tables, dotted keys and inline tables', () => {
    expect(keyPath('hooks.state."/a/b.json:pre_tool_use:0:0"')).toEqual(['hooks', 'state', '/a/b.json:pre_tool_use:0:0']);
    const t = readToml('[features]\nhooks = false # off\n[hooks.state]\n"/x:pre_tool_use:0:0" = { trusted_hash = "sha256:ab", enabled = true }\n');
    expect(t.get('features\0hooks')).toBe(false);
    expect(t.get('hooks\0state\0/x:pre_tool_use:0:0\0trusted_hash')).toBe('sha256:ab');
  });

  it('trusted only with a trusted_hash for this file, event and position, and not disabled', () => {
    const entry = (key: string, body: string) => `model = "x"\n\n[hooks.state."${key}"]\n${body}\n`;
    expect(hookTrust('', file, 0, 0)).toBe('untrusted');
    expect(hookTrust(entry(`${file}:pre_tool_use:0:0`, 'trusted_hash = "sha256:1f"'), file, 0, 0)).toBe('trusted');
    expect(hookTrust(entry(`${file}:pre_tool_use:0:0`, 'trusted_hash = "sha256:1f"\nenabled = false'), file, 0, 0)).toBe('disabled');
    expect(hookTrust(entry(`${file}:pre_tool_use:1:0`, 'trusted_hash = "sha256:1f"'), file, 0, 0)).toBe('untrusted');
    expect(hookTrust(entry(`${file}:post_tool_use:0:0`, 'trusted_hash = "sha256:1f"'), file, 0, 0)).toBe('untrusted');
    expect(hookTrust(entry(`/other/hooks.json:pre_tool_use:0:0`, 'trusted_hash = "sha256:1f"'), file, 0, 0)).toBe('untrusted');
    expect(hookTrust(entry(`${file}:pre_tool_use:0:0`, 'enabled = true'), file, 0, 0)).toBe('untrusted');
    expect(hooksTurnedOff('[features]\nhooks = false\n')).toBe(true);
    expect(hooksTurnedOff('[features]\nhooks = true\n')).toBe(false);
  });
});

describe('init --codex and doctor', () => {
  const doctor = (f: Fixture, env = f.env) => runDoctor({ cwd: f.project, env, home: f.home, tty: () => true });
  const codexLines = async (f: Fixture, env = f.env) => (await doctor(f, env)).filter((i) => i.text.startsWith('Codex hook'));

  it('no hooks.json: not set up (optional)', async () => {
    const f = fixture();
    const [line] = await codexLines(f);
    expect(line).toMatchObject({ ok: true });
    expect(line!.text).toContain('not set up');
  });

  it('init --codex writes .codex/hooks.json, merged and idempotent; doctor fails loudly until Codex trusts it', async () => {
    const f = fixture();
    const file = path.join(f.project, '.codex', 'hooks.json');
    mkdirSync(path.dirname(file));
    // Someone else's hook stays, first.
    writeFileSync(file, JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'audit-log', timeout: 5 }] }] } }, null, 2));
    const r = await runCli(['init', '--yes', '--codex'], { cwd: f.project, env: f.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hooks need review');
    const written = JSON.parse(readFileSync(file, 'utf8')) as { hooks: { PreToolUse: Array<{ matcher: string; hooks: Array<{ command: string; timeout: number; type: string }> }> } };
    expect(written.hooks.PreToolUse[0]!.hooks[0]!.command).toBe('audit-log');
    expect(written.hooks.PreToolUse[1]).toEqual({ matcher: 'Bash', hooks: [{ type: 'command', command: 'countersign hook codex', timeout: 30 }] });
    const again = await runCli(['init', '--yes', '--codex'], { cwd: f.project, env: f.env });
    expect(again.stdout).toContain('.codex/hooks.json: unchanged');

    const codexHome = path.join(f.root, 'codex-home');
    mkdirSync(codexHome);
    const env = { ...f.env, CODEX_HOME: codexHome, PATH: pathWithCountersign(f) };
    let [line] = await codexLines(f, env);
    expect(line!.ok).toBe(false);
    expect(line!.text).toContain('NOT TRUSTED by Codex yet, so Codex runs every command with no check');

    // What Codex's review screen records (the hook is group 1, handler 0).
    const trustHook = `[hooks.state."${file}:pre_tool_use:1:0"]\ntrusted_hash = "sha256:9d2c"\n`;
    writeFileSync(path.join(codexHome, 'config.toml'), trustHook);
    [line] = await codexLines(f, env);
    // The hook is trusted, but a project's .codex/ loads only in a trusted folder.
    expect(line!.ok).toBe(false);
    expect(line!.text).toContain('only in a trusted folder');
    writeFileSync(path.join(codexHome, 'config.toml'), `[projects."${f.project}"]\ntrust_level = "trusted"\n\n${trustHook}`);
    [line] = await codexLines(f, env);
    expect(line).toMatchObject({ ok: true });
    expect(line!.text).toContain(`runs \`countersign hook codex\``);

    writeFileSync(path.join(codexHome, 'config.toml'), `[features]\nhooks = false\n\n[projects."${f.project}"]\ntrust_level = "trusted"\n\n${trustHook}`);
    [line] = await codexLines(f, env);
    expect(line!.ok).toBe(false);
    expect(line!.text).toContain('hooks are turned off');
  });

  it('init --codex-user writes $CODEX_HOME/hooks.json', async () => {
    const f = fixture();
    const codexHome = path.join(f.root, 'ch');
    const r = await runCli(['init', '--yes', '--codex-user'], { cwd: f.project, env: { ...f.env, CODEX_HOME: codexHome } });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(codexHome, 'hooks.json'))).toBe(true);
    expect(existsSync(path.join(f.project, '.codex', 'hooks.json'))).toBe(false);
  });
});
