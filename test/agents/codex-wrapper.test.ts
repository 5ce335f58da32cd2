// Codex 0.169's login-shell wrapper, as a real Codex run sent it to the passwd shell (a countersign
// shim): 38 KB that save and restore 56 variables around `. SNAPSHOT`, then
// `exec 'SHELL' -c CMD` with a quote written as '"'"'. Every command Codex runs carries it, so it
// must read as harmless, the snapshot file must still be read, and CMD is judged by the inner shim.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shimScript, writeShims } from '../../src/agents/shims.js';
import { runsThisCountersign } from '../../src/shell/real.js';
import { codexDelegation } from '../../src/confirm/index.js';
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
});
