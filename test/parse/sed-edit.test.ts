// A literal `sed -i 's/OLD/NEW/' FILE` is replayed on the file's text (parse/writes.ts
// literalSedEdit), so a reader of the file (npm scripts, make, a sourced env file) sees the edit.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { literalSedEdit } from '../../src/parse/writes.js';
import { checkIn, tempProject, type TempProject } from '../helpers/project.js';
import type { Invocation } from '../../src/parse/index.js';

const inv = (...words: string[]): Invocation =>
  ({ name: 'sed', argv: ['sed', ...words].map((value) => ({ value, text: value, dynamic: false, glob: false })), assignments: [], redirects: [], origin: [], vars: {}, text: '' }) as unknown as Invocation;

describe('literalSedEdit', () => {
  it('replays one literal s command', () => {
    const e = literalSedEdit(inv('-i', 's/"version": "1.2.3"/"version": "1.2.4"/', 'package.json'))!;
    expect(e.apply('{\n  "version": "1.2.3",\n  "v2": "1.2.3"\n}\n')).toBe('{\n  "version": "1.2.4",\n  "v2": "1.2.3"\n}\n');
    expect(e.files.map((f) => f.value)).toEqual(['package.json']);
    // `.` is any character; without g only the first match of each line.
    expect(literalSedEdit(inv('-i', 's/a.c/X/', 'f'))!.apply('abc abc\nazc')).toBe('X abc\nX');
    expect(literalSedEdit(inv('-i', '-e', 's|a/b|c|g', 'f'))!.apply('a/b a/b')).toBe('c c');
    expect(literalSedEdit(inv('-i.bak', 's/x/y/', 'f'))!.backup).toBe('.bak');
    expect(literalSedEdit(inv('-i', 's/\\./!/g', 'f'))!.apply('a.b.c')).toBe('a!b!c');
    // `^` first and `$` last anchor to a line; `.*` runs to its end (`s/^PORT=.*/PORT=3001/`).
    expect(literalSedEdit(inv('-i', 's/^PORT=.*/PORT=3001/', '.env'))!.apply('PORT=3000\nXPORT=1\n')).toBe('PORT=3001\nXPORT=1\n');
    expect(literalSedEdit(inv('-i', 's/^x/y/', 'f'))!.apply('xx\nax')).toBe('yx\nax');
    expect(literalSedEdit(inv('-i', 's/x$/y/', 'f'))!.apply('xx\nxa')).toBe('xy\nxa');
  });
  it('leaves anything else unknown', () => {
    for (const w of [
      ['s/x/y/', 'f'], // not in place
      ['-i', 's/x*/y/', 'f'], // regex operator
      ['-i', 's/x^/y/', 'f'], // ^ not first
      ['-i', 's/.*/y/g', 'f'], // an empty match under g (JS and sed differ)
      ['-i', 's/x/&y/', 'f'], // & in the replacement
      ['-i', 's/x/\\1/', 'f'],
      ['-i', 's/x/y/e', 'f'], // flags other than g
      ['-i', 's/x/y/w out', 'f'],
      ['-i', 's/x/y/;s/a/b/', 'f'], // several commands
      ['-i', '/x/d', 'f'],
      ['-i', '-E', 's/x/y/', 'f'],
      ['-n', '-i', 's/x/y/', 'f'],
      ['-i', 's/x/y/', 's/a/b/', 'f'], // BSD sed: s/x/y/ is the suffix, s/a/b/ the script
    ]) expect(literalSedEdit(inv(...w)), w.join(' ')).toBeUndefined();
  });
});

// What sed puts into a file a tool runs later (a shell's startup file, psql's): its a/i/c text and
// its s replacements are read in that place's language, as `>>` text is; a d or s on a startup
// file whose own text names the shim set-up may undo it (red team 25's note, closed by the lead).
describe('sed on a file run later', () => {
  let tp: TempProject;
  beforeEach(() => {
    tp = tempProject('cs-sedplace-');
    writeFileSync(path.join(tp.project, '.countersign.yaml'), 'protected-paths: [data]\n');
    writeFileSync(path.join(tp.home, '.bashrc'), 'export NODE_OPTIONS=--max-old-space-size=4096\nnvm use 16\n');
    writeFileSync(path.join(tp.home, '.psqlrc'), '\\set QUIET 1\n');
  });
  afterEach(() => rmSync(tp.root, { recursive: true, force: true }));

  it.each([
    [`sed -i '/CLAUDE_CODE_SHELL/d' ~/.bashrc`, 'countersign/agent-shell'],
    [`sed -i 's#$HOME/.countersign/bin/bash#/bin/bash#' ~/.zshrc`, 'countersign/agent-shell'],
    [`sed -i '$a export CLAUDE_CODE_SHELL=/bin/bash' ~/.bashrc`, 'countersign/agent-shell'],
    [`sed -i '$a export NODE_OPTIONS="--require /tmp/x.js"' ~/.bashrc`, 'countersign/self-preload'],
    [`sed -i 's/--max-old-space-size=4096/"--require \\/tmp\\/x.js"/' ~/.bashrc`, 'countersign/self-preload'],
    [`sed -i 's/nvm use 16/rm -rf ${'$'}PWD\\/data/' ~/.bashrc`, 'filesystem/rm-protected'],
    [`sed -i '$a \\\\! rm -rf data' ~/.psqlrc`, 'filesystem/rm-protected'],
  ])('%s pauses (%s)', async (cmd, rule) => {
    const r = await checkIn(tp, cmd);
    expect(r.decision, cmd).toBe('confirm');
    expect(r.findings.map((f) => f.rule), cmd).toContain(rule);
  });

  it.each([
    `sed -i 's/nvm use 16/nvm use 18/' ~/.bashrc`,
    `sed -i 's/--max-old-space-size=4096/--max-old-space-size=8192/' ~/.bashrc`,
    `sed -i '$a export EDITOR=vim' ~/.bashrc`,
    `sed -i '$a export CLAUDE_CODE_SHELL=$HOME/.countersign/bin/bash' ~/.bashrc`,
    `sed -i 's/old/new/' README.md`,
  ])('%s runs', async (cmd) => {
    expect((await checkIn(tp, cmd)).decision, cmd).toBe('allow');
  });
});
