// The agents' own shell-snapshot scripts (issue 14): Claude Code runs one before a session's first
// command, Codex one per shell. The fixtures in snapshots/ are the scripts as the agents compose
// them from templates in their binaries (`strings` of @anthropic-ai/claude-code-linux-x64@2.1.328
// `claude`, of @openai/codex@0.169.0-linux-x64 `codex`; the templates of 2.1.332 and 0.171.0 are
// the same but for minified names), with the per-run parts (snapshot path, random heredoc marker)
// filled in. countersign must judge
// them harmless with certainty: an uncertain line pauses the agent's first command until its own
// timeout, and the agent then works without its snapshot.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { fixture, removeFixtures, runCli } from './helpers.js';

afterAll(removeFixtures);

const here = path.dirname(new URL(import.meta.url).pathname);
const script = (name: string) => readFileSync(path.join(here, 'snapshots', name), 'utf8');
const CLAUDE = script('claude-snapshot-bash.sh');
const CODEX = script('codex-snapshot-bash.sh');
const CLAUDE_ZSH = script('claude-snapshot-zsh.sh');
const CODEX_ZSH = script('codex-snapshot-zsh.sh');
const CLAUDE_PATH = '/home/agent/.claude/shell-snapshots/snapshot-bash-1764730000000-k2x9qa.sh';

describe("agents' snapshot scripts", () => {
  for (const [name, text] of [['Claude Code', CLAUDE], ['Codex', CODEX]] as const) {
    it(`${name}: no finding, no uncertainty`, async () => {
      const f = fixture();
      const res = await check(text, { cwd: f.project, env: f.env, home: f.home });
      expect(res.uncertain).toEqual([]);
      expect(res.findings).toEqual([]);
      expect(res.decision).toBe('allow');
    });
  }

  it('Claude Code, zsh user: no finding, no uncertainty', async () => {
    const f = fixture();
    const res = await check(CLAUDE_ZSH, { cwd: f.project, env: f.env, home: f.home, dialect: 'zsh' });
    expect(res.uncertain).toEqual([]);
    expect(res.findings).toEqual([]);
  });

  // zsh's parameter flags (`${(f)"$(typeset +x)"}`, `${(tP)name}`) are read as run-time words,
  // and `. "$rc"` after the if/elif/else sources one of the startup files its arms name.
  it('Codex, zsh user: no finding, no uncertainty', async () => {
    const f = fixture();
    const res = await check(CODEX_ZSH, { cwd: f.project, env: f.env, home: f.home, dialect: 'zsh' });
    expect(res.uncertain).toEqual([]);
    expect(res.findings).toEqual([]);
  });

  it('Claude Code: runs through the shell route without a pause and writes its snapshot', async () => {
    // A one-second approval wait: a regression fails fast instead of stalling like the agent did.
    const f = fixture({ user: 'confirm:\n  approval-timeout: 1\n' });
    const snap = path.join(f.root, 'snapshot-bash.sh');
    // A user's startup file with an alias and a function, as the snapshot collects them.
    writeFileSync(path.join(f.home, '.bashrc'), "alias ll='ls -la'\ngreet() { echo hi; }\n");
    const text = CLAUDE.replace(CLAUDE_PATH, snap).replace('/home/agent/.bashrc', path.join(f.home, '.bashrc'));
    const r = await runCli(['-c', text], { cwd: f.project, env: { ...f.env, CI: '', COUNTERSIGN_SHELL: '/bin/bash' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(snap)).toBe(true);
    const written = readFileSync(snap, 'utf8');
    expect(written).toContain('shopt -s expand_aliases');
    expect(written).toContain('function pkill {');
    expect(written).toContain("alias -- ll='ls -la'");
    expect(written).toContain('greet');
  });

  it('Codex: runs through the shell route without a pause', async () => {
    const f = fixture({ user: 'confirm:\n  approval-timeout: 1\n' });
    const r = await runCli(['-c', CODEX], { cwd: f.project, env: { ...f.env, CI: '', COUNTERSIGN_SHELL: '/bin/bash' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Snapshot file');
    expect(r.stdout).toMatch(/# setopts [1-9]/);
  });
});

describe('what the snapshot scripts needed, judged by the parsed line', () => {
  const f = fixture();
  const judge = (line: string) => check(line, { cwd: f.project, env: f.env, home: f.home });

  it('an echo of "shopt -s expand_aliases" is just an echo', async () => {
    const res = await judge('echo "shopt -s expand_aliases" >> "$SNAPSHOT_FILE"');
    expect(res.uncertain).toEqual([]);
  });

  it('an alias defined, then used, is judged by what it expands to (sh, zsh and expand_aliases expand it)', async () => {
    for (const line of ["shopt -s expand_aliases\nalias nuke='rm -rf'\nnuke data", "alias nuke='r''m -rf'\nnuke data", "alias s='sudo '\nalias n='rm -rf data'\ns n"]) {
      const res = await judge(line);
      expect(res.decision, line).toBe('confirm');
      expect(res.findings.map((x) => x.rule), line).toContain('filesystem/rm-protected');
    }
    // Unknown names or values, or an alias defined after its first use: uncertain.
    for (const line of ['alias "$N=rm -rf"\nls data', 'alias nuke="$CMD"\nnuke data', 'for i in 1 2; do eval "nuke data"; alias nuke="rm -rf"; done']) {
      const res = await judge(line);
      expect(res.decision, line).toBe('confirm');
      expect(res.uncertain.join(' '), line).toMatch(/alias/);
    }
    const ls = await judge("shopt -s expand_aliases\nalias ls='ls --color=auto'\nls -la");
    expect(ls.decision).toBe('allow');
    expect(ls.uncertain).toEqual([]);
  });

  it("Claude Code's shell route: a command after sourcing the snapshot it wrote is judged as before", async () => {
    const snap = path.join(f.root, 'snapshot-bash-1.sh');
    writeFileSync(snap, "# Snapshot file\nunalias -a 2>/dev/null || true\nshopt -s expand_aliases\nalias -- ls='ls --color=auto'\nalias -- nuke='rm -rf'\n");
    const line = (cmd: string) => `source ${snap} 2>/dev/null || true && shopt -u extglob 2>/dev/null || true && eval ${JSON.stringify(cmd)} && pwd -P >| /tmp/claude-1-cwd`;
    const ok = await judge(line('ls -la'));
    expect(ok.uncertain).toEqual([]);
    expect(ok.decision).toBe('allow');
    expect((await judge(line('nuke data'))).findings.map((x) => x.rule)).toContain('filesystem/rm-protected');
  });

  it('a function running "$@" is judged by its callers', async () => {
    expect((await judge('f() { "$@"; }; f ls -la; f')).decision).toBe('allow');
    expect((await judge('f() { "$@"; }; f rm -rf data')).decision).toBe('confirm');
    expect((await judge('f() { command -p "$@"; }; f rm -rf data')).decision).toBe('confirm');
    // Words only known at run time: the program is unknown.
    const dyn = await judge('f() { "$@"; }; f "$(cat name)" -rf data');
    expect(dyn.decision).toBe('confirm');
    expect(dyn.findings.map((x) => x.rule)).toContain('core/opaque');
  });

  it('"$(command -v NAME)" as the program is NAME', async () => {
    expect((await judge('"$(PATH="$(command -p getconf PATH)" command -v env)" -0')).decision).toBe('allow');
    expect((await judge('"$(command -v rm)" -rf data')).decision).toBe('confirm');
    expect((await judge('$(which rm) -rf data')).decision).toBe('confirm');
    // Another PATH may find a file nobody read: the program stays unknown.
    const other = await judge('"$(PATH=/tmp/x command -v env)" -0');
    expect(other.findings.map((x) => x.rule)).toContain('core/opaque');
  });

  it('a substring expansion with spaces in its arithmetic parses; `${x:-a b}` is still a default', async () => {
    // ($n is set: an offset from a variable the environment may hold pauses, see test/parse/arith.test.ts.)
    expect((await judge('n=3; set -- "${@:1:$# - 1}"; echo "${x:1:$n - 1}" "${x: -1}"')).uncertain).toEqual([]);
    const d = await judge('x=; ${x:-rm} -rf data');
    expect(d.decision).toBe('confirm');
  });

  const zsh = (line: string, env: Record<string, string> = {}) => check(line, { cwd: f.project, env: { ...f.env, ...env }, home: f.home, dialect: 'zsh' });
  const rules = async (line: string, env?: Record<string, string>) => {
    const r = await zsh(line, env);
    return [r.decision, ...r.findings.map((x) => x.rule)];
  };

  it("zsh parameter flags: a run-time word whose $(...) is still walked; flags that run code are uncertain", async () => {
    for (const line of ['for n in ${(f)"$(typeset +x)"}; do printf "%s" "${(tP)n}"; done', 'echo ${(j:,:)${(s./.)PATH}}', 'print -r -- "${(qq)x}" ${(k)h} ${(@)a}']) {
      const r = await zsh(line);
      expect(r.uncertain, line).toEqual([]);
      expect(r.decision, line).toBe('allow');
    }
    // A command inside a flag expansion runs when the word expands.
    for (const line of ['echo ${(f)"$(rm -rf data)"}', 'for x in ${(f)"$(rm -rf data)"}; do :; done', 'echo "${(j:,:)${(f)"$(rm -rf data)"}}"']) {
      expect(await rules(line), line).toContain('filesystem/rm-protected');
    }
    // The word's value is only known at run time.
    expect(await rules('rm -rf ${(f)"$(echo data)"}')).toContain('filesystem/rm-protected');
    expect(await rules('rm -rf "${(tP)x}"')).toContain('filesystem/rm-protected');
    expect(await rules('${(f)"$(echo rm)"} -rf data')).toContain('core/opaque');
    // (e) evaluates the value, (P) without t evaluates a subscript in the name, (%) expands a
    // prompt, a separator with $(...) runs it: not read as harmless, so the line is uncertain.
    for (const line of ['x=$(cat f); echo ${(e)x}', 'x=$(cat f); echo ${(P)x}', 'echo ${(%):-%n}', 'echo ${(s:$(id):)x}', 'echo "${(l:10:)x}"', 'echo ${(#)x}']) {
      const r = await zsh(line);
      expect(r.decision, line).toBe('confirm');
      expect(r.uncertain.length, line).toBeGreaterThan(0);
    }
  });

  it('`. "$rc"` after an if/elif/else: each file an arm names is sourced; anything else only known at run time is opaque', async () => {
    const pick = (zdot: string, other: string) => `if [[ -n "\${ZDOTDIR-}" ]]; then\n  rc=${zdot}\nelif [[ -n "\${HOME-}" ]]; then\n  rc=${other}\nelse\n  rc=\nfi\n[[ -r "$rc" ]] && . "$rc"\necho done`;
    const codex = pick('"$ZDOTDIR/.zshrc"', '"$HOME/.zshrc"');
    expect(await rules(codex)).toEqual(['allow']);
    // The files are read: one the line wrote, or one on disk, with a destructive command.
    expect(await rules(`echo 'rm -rf data' >> ~/.zshrc\n${codex}`)).toContain('filesystem/rm-protected');
    writeFileSync(path.join(f.home, '.zshrc'), 'rm -rf data\n');
    try {
      expect(await rules(codex)).toContain('filesystem/rm-protected');
    } finally {
      writeFileSync(path.join(f.home, '.zshrc'), '');
    }
    // ZDOTDIR from the environment or the line: its .zshrc is read like any file.
    mkdirSync(path.join(f.root, 'zdot'), { recursive: true });
    writeFileSync(path.join(f.root, 'zdot', '.zshrc'), 'rm -rf data\n');
    expect(await rules(codex, { ZDOTDIR: path.join(f.root, 'zdot') })).toContain('filesystem/rm-protected');
    expect(await rules(`ZDOTDIR=${path.join(f.root, 'zdot')}\n${codex}`)).toContain('filesystem/rm-protected');
    for (const line of [
      `ZDOTDIR=$(cat dir)\n${codex}`, // set on the line to a run-time value
      pick('"$ZDOTDIR/.zshrc"', '"$X/.zshrc"'), // another run-time arm
      pick('"$ZDOTDIR/../evil.sh"', '"$HOME/.zshrc"'), // not zsh's startup file
      pick('./a.sh', './b.sh').replace(/else\n  rc=\n/, ''), // no else: rc may be what it was
      pick('./a.sh', './b.sh').replace('rc=./b.sh', 'rc=./b.sh; read rc'), // an arm that isn't plain assignments
      pick('./a.sh', './b.sh').replace('[[ -r', 'read rc; [[ -r'), // changed after the if
      pick('./a.sh', './b.sh').replace('[[ -r', 'rc=$(cat f); [[ -r'),
      pick('./a.sh', '"./*.sh"').replace('. "$rc"', '. $rc'), // unquoted: split and globbed
      `make; source ./unread-file\n${codex}`, // a file an unknown program may have made may set ZDOTDIR
    ]) {
      expect(await rules(line), line).toContain('core/opaque');
    }
    // bash has no ZDOTDIR of its own: the same arm is a file only known at run time.
    const bash = await check(codex, { cwd: f.project, env: f.env, home: f.home });
    expect(bash.findings.map((x) => x.rule)).toContain('core/opaque');
    // A literal arm the line wrote with a destructive command.
    expect(await rules(`echo 'rm -rf data' > b.sh\n${pick('./a.sh', './b.sh')}`)).toContain('filesystem/rm-protected');
  });

  it('`[[ ... "$((...))" ]]` is a test, not an array subscript', async () => {
    expect((await judge('[[ "${!#}" == "$(($# - 1))" ]]')).uncertain).toEqual([]);
    expect((await judge("declare 'a[$(rm -rf data)]=1'")).decision).toBe('confirm');
  });
});
