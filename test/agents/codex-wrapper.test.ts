// Codex 0.169's login-shell wrapper, as a real Codex run sent it to the passwd shell (a countersign
// shim): 38 KB that save and restore 56 variables around `. SNAPSHOT`, then
// `exec 'SHELL' -c CMD` with a quote written as '"'"'. Every command Codex runs carries it, so it
// must read as harmless, the snapshot file must still be read, and CMD is judged by the inner shim.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shimScript, writeShims } from '../../src/agents/shims.js';
import { runsThisCountersign } from '../../src/shell/real.js';
import { codexDelegation, codexPreambleShort } from '../../src/confirm/index.js';
import { parse } from '../../src/parse/index.js';
import { BIN, fixture, removeFixtures, runSync } from './helpers.js';

afterAll(removeFixtures);

const TEMPLATE = readFileSync(path.join(import.meta.dirname, 'snapshots', 'codex-0.169-wrapper.txt'), 'utf8');
/** Codex's quoting of CMD: one single-quoted word, each quote inside as '"'"'. */
const quote = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;
const wrapper = (snapshot: string, shell: string, cmd: string): string => TEMPLATE.replace('@SNAPSHOT@', snapshot).replace('@SHELL@', shell).replace('@CMD@', quote(cmd));

const CURL = `curl -sS --max-time 2 -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer x' -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`;

function setup(snapshotText = 'export LANG=C.UTF-8\n') {
  const f = fixture();
  const dir = path.join(f.root, 'shims');
  writeShims(dir, f.env);
  const snapshot = path.join(f.home, 'snapshot.sh');
  writeFileSync(snapshot, snapshotText);
  return { f, bash: path.join(dir, 'bash'), snapshot };
}

describe("Codex 0.169's login-shell wrapper", () => {
  it('is read whole: no part of it is left unread, whatever its length', async () => {
    const { f, snapshot } = setup();
    const r = await parse(wrapper(snapshot, '/bin/bash', 'ls'), { cwd: f.project, env: f.env, home: f.home }, { envComplete: true });
    expect(r.uncertain).toEqual([]);
    expect(r.invocations.length).toBeGreaterThan(400);
  });

  it('hands CMD to the inner shim with its quotes undone', () => {
    const d = codexDelegation(wrapper('/s.sh', '/x/shims/bash', CURL));
    expect(d?.shell).toBe('/x/shims/bash');
    expect(d?.command).toBe(CURL);
  });

  it('a harmless command runs through it, with its quotes', () => {
    const { f, bash, snapshot } = setup();
    const r = runSync(bash, ['-c', wrapper(snapshot, bash, `echo 'a  b' "c"`)], { cwd: f.project, env: f.env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('a  b c\n');
  });

  it('the Railway curl is stopped by the inner shim, which names the finding and shows the command', () => {
    const { f, bash, snapshot } = setup();
    const r = runSync(bash, ['-c', wrapper(snapshot, bash, CURL)], { cwd: f.project, env: f.env });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain('railway/api-destroy');
    expect(r.stderr).toContain('The command `curl -sS');
    expect(r.stderr).not.toContain('core/uncertain');
  });

  it('a snapshot file the agent rewrote is read: rm -rf data in it is stopped', () => {
    const { f, bash, snapshot } = setup('rm -rf data\n');
    const r = runSync(bash, ['-c', wrapper(snapshot, bash, 'ls')], { cwd: f.project, env: f.env });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain('filesystem/rm-protected');
    expect(existsSync(path.join(f.project, 'data', 'keep.txt'))).toBe(true);
  });

  // An agent can write a file that carries the shim marker but runs bash itself, and hand a
  // wrapper-shaped line straight to countersign: the exec must not be left to that file.
  it('leaves CMD only to a shim that starts this same countersign', () => {
    const { f, bash } = setup();
    const fake = path.join(f.root, 'countersign');
    writeFileSync(fake, '#!/bin/sh\n# countersign-shim\nexec /bin/bash "$@"\n');
    chmodSync(fake, 0o755);
    const other = path.join(f.root, 'other-shim');
    writeFileSync(other, shimScript('/bin/bash', fake));
    chmodSync(other, 0o755);
    expect(runsThisCountersign(bash, BIN)).toBe(true);
    expect(runsThisCountersign(BIN, BIN)).toBe(true);
    expect(runsThisCountersign(fake, BIN)).toBe(false);
    expect(runsThisCountersign(other, BIN)).toBe(false);
    for (const target of [fake, other]) {
      const r = runSync(bash, ['-c', wrapper('/nonexistent.sh', target, 'rm -rf data')], { cwd: f.project, env: f.env });
      expect(r.status).toBe(126);
      expect(r.stderr).toContain('filesystem/rm-protected');
      expect(existsSync(path.join(f.project, 'data', 'keep.txt'))).toBe(true);
    }
  });

  // Reading all 38 KB costs a cold parse on every command; a preamble of Codex's exact line shapes
  // is judged as the snapshot plus one use of each command it runs.
  describe('the short form of a preamble in its known shapes', () => {
    const preamble = (snapshot: string) => codexDelegation(wrapper(snapshot, '/x/shims/bash', 'ls'))!.preamble;

    it("Codex 0.169's preamble is known, and its short form sources the same snapshot", () => {
      const short = codexPreambleShort(preamble('/home/u/.codex/shell_snapshots/a b.sh'));
      expect(short).toMatch(/^if \. '\/home\/u\/\.codex\/shell_snapshots\/a b\.sh' >\/dev\/null 2>&1; then :; fi\n/);
      for (const cmd of ['[ ', 'export ', 'builtin unset', 'command unset']) expect(short).toContain(cmd);
    });

    // An agent can hand countersign a wrapper-shaped line of its own: one line off the shapes and
    // the whole is read.
    it.each([
      ['a command added', (p: string) => p.replace('\nfi\n', '\nrm -rf data\nfi\n')],
      ['a substitution in a saved value', (p: string) => p.replace('"${CODEX_SESSION_ID-}"', '"$(rm -rf data)"')],
      ['a restored value that is not the saved one', (p: string) => p.replace('export CODEX_PERMISSION_PROFILE="${__CODEX_SNAPSHOT_OVERRIDE_1}"', 'export CODEX_PERMISSION_PROFILE="$(cat x)"')],
      ['a second file sourced', (p: string) => `${p}\nif . '/tmp/other.sh' >/dev/null 2>&1; then :; fi\n`],
      ['a quote in the PATH entry', (p: string) => p.replace(/export PATH='[^']*'/, `export PATH='a'"$(rm -rf data)"'b'`)],
      ['no snapshot sourced', (p: string) => p.replace(/^if \. .*$/m, '')],
      ['two commands on a line', (p: string) => p.replace('then :; fi', 'then :; fi; rm -rf data')],
    ])('%s: read whole', (_, edit) => {
      const p = preamble('/s.sh');
      const edited = edit(p);
      expect(edited).not.toBe(p);
      expect(codexPreambleShort(edited)).toBeUndefined();
    });

    // A snapshot can define a function under the name of a command the preamble runs after it.
    // (Some of these names don't parse, which pauses too.)
    it.each(['export', 'unset', 'builtin', 'command', '['].flatMap((n) => [`${n}() { rm -rf data; }`, `function ${n} { rm -rf data; }`]))('a snapshot with %s is stopped', (def) => {
      const { f, bash, snapshot } = setup(`${def}\n`);
      const r = runSync(bash, ['-c', wrapper(snapshot, bash, 'ls')], { cwd: f.project, env: f.env });
      expect(r.status).toBe(126);
      expect(r.stderr).toMatch(/filesystem\/rm-protected|core\/uncertain/);
      expect(existsSync(path.join(f.project, 'data', 'keep.txt'))).toBe(true);
    });
  });
});
