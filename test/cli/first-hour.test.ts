// The first hour of a new user (issue 16): no crashes, no traps, clear dead ends. Each case runs
// the built bin/countersign in a temp project, with no terminal (like an agent).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/commands/doctor.js';
import { nearSubcommand } from '../../src/cli.js';

const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
let root: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-first-hour-'));
  mkdirSync(path.join(root, 'home'), { recursive: true });
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state'), NO_COLOR: '1' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A project with this team file (and a .git, so it is a repository root). */
function project(team: string): string {
  const dir = path.join(root, `p${++n}`);
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  writeFileSync(path.join(dir, '.countersign.yaml'), team);
  return dir;
}

/** Run with no controlling terminal (a new session), as an agent does. */
const cs = (args: string[], cwd: string, extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...env, ...extra }, encoding: 'utf8', input: '', detached: true } as never) as unknown as { status: number; stdout: string; stderr: string };

const doctorTexts = async (cwd: string) => (await runDoctor({ cwd, env, home: env.HOME, tty: () => true })).map((i) => `${i.ok ? '✓' : '✗'} ${i.text}`);

const FOO_RULE = `rules:
  - id: team/foo-drop
    severity: high
    summary: drops a foo
    target: foo
    match: {command: foo, subcommand: drop}
    tests:
      match: [foo drop x]
`;

describe('a team rule with an unknown value', () => {
  it('target: foo is a load error at file:line:col in check, test and doctor, not a crash', async () => {
    const dir = project(FOO_RULE);
    const team = path.join(dir, '.countersign.yaml');
    const check = cs(['check', '--', 'foo drop x'], dir);
    expect(check.stderr).not.toContain('internal error');
    expect(check.status).not.toBe(70);
    expect(check.stdout).toContain(`${team}:5:13: rules.0.target: target must be one of: database,`);
    const test = cs(['test', team], dir);
    expect(test.stderr).not.toContain('internal error');
    expect(test.status).toBe(3);
    expect(test.stdout).toContain(`! ${team}:5:13: rules.0.target:`);
    const texts = await doctorTexts(dir);
    expect(texts.some((t) => t.startsWith(`✗ team file: ${team}:5:13: rules.0.target: target must be one of`))).toBe(true);
    expect(texts).not.toContain(`✓ team file: ${team} is valid`);
  });

  it('a misspelt HTTP method is a load error too (it would match nothing)', async () => {
    const dir = project(FOO_RULE.replace('target: foo', 'target: http').replace('{command: foo, subcommand: drop}', '{http: {methods: [DELEET]}}').replace('foo drop x', 'curl -X DELETE https://a.example/x'));
    const texts = await doctorTexts(dir);
    expect(texts.find((t) => t.includes('rules.0.match.http.methods.0'))).toContain('methods are HTTP methods');
  });
});

describe('a closed pipe ends quietly', () => {
  /** The reader is gone before countersign writes: `countersign ARGS | head -0`. */
  function closedPipe(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const c = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout.destroy();
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => (stderr += d));
      c.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('log, explain, test, help: status 0, nothing on stderr', async () => {
    const dir = project('extends: [recommended]\n');
    for (const args of [['log'], ['explain', '--', 'ls; rm -rf x'], ['test'], ['help']]) {
      const r = await closedPipe(args, dir);
      expect({ args, ...r }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('check keeps its verdict status (10: confirm), so a closed pipe never reads as "allow"', async () => {
    const r = await closedPipe(['check', '--', 'rm -rf ~'], project('extends: [recommended]\n'));
    expect(r).toEqual({ code: 10, stderr: '' });
  });
});

describe('countersign test with no arguments', () => {
  it("runs the team's own rules too: a failing team example fails the run and is named", () => {
    const dir = project(`rules:
  - id: team/drop-foo
    severity: high
    summary: drops a foo
    match: {command: foo, subcommand: drop}
    tests:
      match: [foo drop x, foo list]
`);
    const r = cs(['test'], dir);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain(`${path.join(dir, '.countersign.yaml')}: 1 rules`);
    expect(r.stdout).toContain('✗ team/drop-foo');
    expect(r.stdout).toContain('✗ should match: foo list');
    expect(r.stdout).toMatch(/^\d+ passed, 1 failed$/m);
    expect(r.stdout).toContain('failing: team/drop-foo (.countersign.yaml)');
  });

  it('rules in .countersign/*.yaml beside the team file are run too', () => {
    const dir = project('extends: [recommended]\n');
    mkdirSync(path.join(dir, '.countersign'));
    writeFileSync(path.join(dir, '.countersign', 'more.yaml'), 'rules:\n  - id: team/zap\n    severity: high\n    summary: zaps it\n    match: {command: zap}\n    tests:\n      no-match: [zap now]\n');
    const r = cs(['test'], dir);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('✗ team/zap');
    expect(r.stdout).toContain(`failing: team/zap (${path.join('.countersign', 'more.yaml')})`);
  });
});

describe('a broken team file', () => {
  const BROKEN = 'extends: [recommended\npolicy: {\n';

  it('shell mode without a terminal declines at once with file:line and the fix, calling nothing destructive', () => {
    const dir = project(BROKEN);
    // Not CI: before, this waited 120 s for an approval.
    const r = cs(['-c', 'ls'], dir, { CI: '' });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain(`countersign: not run: countersign's configuration has errors`);
    expect(r.stderr).toContain(`${path.join(dir, '.countersign.yaml')}:2:1: `);
    expect(r.stderr).toContain('`countersign doctor`');
    expect(r.stderr).not.toMatch(/destructive|approve|waiting/);
  });

  it('an agent hook denies at once with the same message', () => {
    const dir = project(BROKEN);
    const payload = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: dir, session_id: 's' });
    const r = spawnSync(process.execPath, [bin, 'hook', 'claude'], { cwd: dir, env, input: payload, encoding: 'utf8' });
    const out = JSON.parse(r.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe('deny');
    expect(out.permissionDecisionReason).toContain(`${path.join(dir, '.countersign.yaml')}:2:1: `);
    expect(out.permissionDecisionReason).not.toMatch(/destructive/);
  });
});

describe('unknown subcommands', () => {
  it('a near miss gets "did you mean", exit 2, and nothing runs', () => {
    const dir = project('extends: [recommended]\n');
    const r = cs(['chek', '--', 'ls'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("countersign: unknown command 'chek'; did you mean 'check'?\n");
    expect(cs(['doctr'], dir).stderr).toContain("did you mean 'doctor'?");
  });

  it('an existing file by that name still runs as a shell would run it', () => {
    const dir = project('extends: [recommended]\n');
    writeFileSync(path.join(dir, 'chek'), 'echo ran-the-script "$1"\n');
    const r = cs(['chek', 'one'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ran-the-script one\n');
    expect(r.status).toBe(0);
  });

  it('a name not close to any subcommand keeps shell behaviour', () => {
    const dir = project('extends: [recommended]\n');
    writeFileSync(path.join(dir, 'script.sh'), 'echo hello from script\n');
    expect(cs(['script.sh'], dir).stdout).toBe('hello from script\n');
    const missing = cs(['frobnicate'], dir);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toContain('frobnicate: No such file or directory');
    expect(nearSubcommand('frobnicate', env)).toBeUndefined();
    // A program on PATH by a near name is what bash would run: not a typo.
    expect(nearSubcommand('tset', { PATH: path.dirname(bin) })).toBe('test');
    expect(nearSubcommand('countersign', { PATH: path.dirname(bin) })).toBeUndefined();
  });
});

describe('settings a team file cannot make', () => {
  it('disable: and shell: say they belong in the user config, as warnings (not unknown key)', async () => {
    const dir = project('extends: [recommended]\ndisable: ["git/*"]\nshell: /bin/zsh\n');
    const texts = await doctorTexts(dir);
    const team = path.join(dir, '.countersign.yaml');
    expect(texts).toContain(`✗ config: ${team}: disable: is ignored here: disable is only honoured in your user config (~/.config/countersign/config.yaml)`.replace('~/.config', path.join(root, 'cfg')));
    expect(texts.some((t) => t.includes('shell is only honoured in your user config'))).toBe(true);
    expect(texts.some((t) => t.includes('unknown key'))).toBe(false);
    // The rules it tried to turn off are still there.
    expect(cs(['check', '--', 'git push --force origin main'], dir).status).toBe(10);
  });

  it('a weaker confirm-at, global or per environment, is an explicit warning in doctor', async () => {
    const dir = project('extends: [recommended]\npolicy:\n  confirm-at: critical\n  environments:\n    production: {confirm-at: critical}\n');
    const texts = await doctorTexts(dir);
    expect(texts.filter((t) => t.startsWith('✗ config:') && /confirm-at: critical is weaker than medium, so it is ignored/.test(t))).toHaveLength(2);
    expect(texts.find((t) => t.includes('policy.environments.production.confirm-at'))).toBeDefined();
  });
});

describe('doctor counts what is there', () => {
  it('the number of builtin packs is the rulesets/ files that hold rules (recommended only bundles them)', async () => {
    const dir = path.resolve(import.meta.dirname, '..', '..', 'rulesets');
    const withRules = readdirSync(dir).filter((f) => f.endsWith('.yaml') && /^rules:/m.test(readFileSync(path.join(dir, f), 'utf8')));
    expect(withRules.length).toBeGreaterThan(10);
    const texts = await doctorTexts(project('extends: [recommended]\n'));
    expect(texts.find((t) => t.startsWith('✓ rules:'))).toMatch(new RegExp(`^✓ rules: \\d+ rules load \\(${withRules.length} builtin packs`));
  });
});
