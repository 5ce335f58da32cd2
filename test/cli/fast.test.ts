// The CommonJS fast path runs harmless -c commands itself and defers everything else.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = path.resolve(import.meta.dirname, '..', '..', 'dist');
const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
let root: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-fast-'));
  mkdirSync(path.join(root, 'home'));
  mkdirSync(path.join(root, 'plain'));
  mkdirSync(path.join(root, 'team', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'team', '.countersign.yaml'), 'protected-paths: [data]\n');
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state'), COUNTERSIGN_SHELL: '/bin/bash' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Call fastPath in a child: prints "deferred" when it returns undefined, else the command runs. */
function fast(args: string[], cwd: string) {
  const code = `const r = require(${JSON.stringify(path.join(dist, 'fast.cjs'))}).fastPath(${JSON.stringify(args)}, ${JSON.stringify(dist)}); if (!r) { console.log('deferred'); process.exit(99); }`;
  return spawnSync(process.execPath, ['-e', code], { cwd, env, encoding: 'utf8' });
}

describe('fast path', () => {
  it('runs a harmless -c command itself, with its exit status', () => {
    const r = fast(['-c', 'echo ran; exit 7'], path.join(root, 'plain'));
    expect(r.stdout).toBe('ran\n');
    expect(r.status).toBe(7);
  });

  it('defers destructive lines, dynamic lines, scripts and stdin', () => {
    for (const args of [['-c', 'rm -rf ~'], ['-c', 'echo $(date)'], ['-s'], ['script.sh']]) {
      expect(fast(args, path.join(root, 'plain')).stdout, args.join(' ')).toBe('deferred\n');
    }
  });

  it('with a team file, defers until the compiled config is cached, then runs; an edit defers again', () => {
    const cwd = path.join(root, 'team');
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
    // The full program compiles and caches the config.
    expect(spawnSync(process.execPath, [bin, '-c', 'true'], { cwd, env }).status).toBe(0);
    expect(fast(['-c', 'echo cached'], cwd).stdout).toBe('cached\n');
    // It reads only the small quick file, and only under the key it was written for.
    const dir = path.join(root, 'state', 'countersign', 'cache');
    const quick = readdirSync(dir).find((f) => f.endsWith('.quick'))!;
    const saved = readFileSync(path.join(dir, quick), 'utf8');
    const nl = saved.indexOf('\n');
    writeFileSync(path.join(dir, quick), JSON.stringify({ ...JSON.parse(saved.slice(0, nl)), key: 'another config' }) + saved.slice(nl));
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
    writeFileSync(path.join(dir, quick), saved);
    expect(fast(['-c', 'echo cached'], cwd).stdout).toBe('cached\n');
    writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data, more]\n');
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
  });

  it('a broken team file is never served from the cache', () => {
    const cwd = path.join(root, 'team');
    writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data\n');
    expect(spawnSync(process.execPath, [bin, '-c', 'true'], { cwd, env: { ...env, CI: 'true' } }).status).toBe(126);
    expect(fast(['-c', 'true'], cwd).stdout).toBe('deferred\n');
  });
});

/** Call fastPath for `hook AGENT` in a child with `input` on stdin. The full program is stood in
 *  for by a function that prints what was handed to it. */
function fastHook(agent: string, input: string | Buffer, cwd: string) {
  const code = `const full = () => { const h = globalThis[Symbol.for('countersign.hookInput')]; console.log('deferred ' + JSON.stringify({ bytes: h.bytes.toString('utf8'), tooBig: h.tooBig })); };
const r = require(${JSON.stringify(path.join(dist, 'fast.cjs'))}).fastPath(['hook', ${JSON.stringify(agent)}], ${JSON.stringify(dist)}, full); if (!r) { console.log('not taken'); process.exit(99); }`;
  return spawnSync(process.execPath, ['-e', code], { cwd, env, input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

const claudeBash = (command: unknown, cwd: string, tool = 'Bash') =>
  JSON.stringify({ session_id: 's', transcript_path: '/t.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: { command }, tool_use_id: 'toolu_1' });

describe('fast path for agent hooks', () => {
  it("answers a harmless command itself, in each agent's no-opinion form", () => {
    const cwd = path.join(root, 'plain');
    const payloads: Record<string, [string, string]> = {
      claude: [claudeBash('ls -la', cwd), ''],
      codex: [JSON.stringify({ session_id: 's', turn_id: 't', transcript_path: null, cwd, model: 'gpt-5', permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git status' }, tool_use_id: 'call_1' }), ''],
      gemini: [JSON.stringify({ session_id: 's', cwd, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'ls' } }), '{}'],
      cursor: [JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'echo hi', cwd: '', workspace_roots: [cwd] }), '{}'],
    };
    for (const [agent, [input, out]] of Object.entries(payloads)) {
      const r = fastHook(agent, input, cwd);
      expect(r.stdout, agent).toBe(out);
      expect(r.status, agent).toBe(0);
    }
  });

  it('hands everything else to the full program with the bytes it read', () => {
    const cwd = path.join(root, 'plain');
    const cases = [
      claudeBash('rm -rf ~', cwd),
      claudeBash('echo $(date)', cwd),
      claudeBash('ls', cwd, 'Read'),
      claudeBash(42, cwd),
      'not json',
      '',
      JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } }).slice(0, -1),
    ];
    for (const input of cases) {
      const r = fastHook('claude', input, cwd);
      expect(r.stdout, input).toBe(`deferred ${JSON.stringify({ bytes: input, tooBig: false })}\n`);
    }
  });

  it('judges the directory the payload names, not its own: a team file there without a cached config defers', () => {
    const team = path.join(root, 'hook-team');
    mkdirSync(path.join(team, 'data'), { recursive: true });
    writeFileSync(path.join(team, '.countersign.yaml'), 'protected-paths: [data]\n');
    const r = fastHook('claude', claudeBash('ls -la', team), path.join(root, 'plain'));
    expect(r.stdout.startsWith('deferred ')).toBe(true);
    // Once the full program has compiled that config, the same payload is answered here.
    expect(spawnSync(process.execPath, [bin, 'hook', 'claude'], { cwd: path.join(root, 'plain'), env, input: claudeBash('ls -la', team) }).status).toBe(0);
    expect(fastHook('claude', claudeBash('ls -la', team), path.join(root, 'plain')).stdout).toBe('');
  });

  it('an input over the size limit is handed over as too big', () => {
    const big = claudeBash('echo ' + 'a'.repeat(9 << 20), path.join(root, 'plain'));
    const r = fastHook('claude', big, path.join(root, 'plain'));
    expect(r.stdout.startsWith('deferred ')).toBe(true);
    expect(JSON.parse(r.stdout.slice(9)).tooBig).toBe(true);
  });

  it('through bin/countersign, the full program answers from the handed-over bytes (stdin is not read twice)', () => {
    const cwd = path.join(root, 'plain');
    const run = (input: string) => spawnSync(process.execPath, [bin, 'hook', 'claude'], { cwd, env, input, encoding: 'utf8', maxBuffer: 64 << 20 });
    const deny = (r: ReturnType<typeof run>) => JSON.parse(r.stdout).hookSpecificOutput;
    expect(run(claudeBash('ls -la', cwd)).stdout).toBe('');
    const d = deny(run(claudeBash('rm -rf ~', cwd)));
    expect(d.permissionDecision).toBe('deny');
    expect(d.permissionDecisionReason).toContain('countersign approve');
    expect(deny(run('not json')).permissionDecisionReason).toContain('not valid JSON');
    expect(deny(run(claudeBash('echo ' + 'a'.repeat(9 << 20), cwd))).permissionDecisionReason).toContain('larger than 8 MB');
  });
});
