// netcat's -e/-c by which netcat `nc` is (issue #15): the file it resolves to on the line's PATH
// decides; one that can't be told is read as traditional netcat, whose -e/-c run commands.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import type { Invocation } from '../../src/parse/types.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cs-netcat-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A PATH directory whose `nc` is a link to a file named `target`. */
function pathWith(target: string): string {
  const dir = path.join(root, target.replace(/\W/g, '_'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, target), '#!/bin/sh\n', { mode: 0o755 });
  symlinkSync(target, path.join(dir, 'nc'));
  return dir;
}

const show = (i: Invocation) => i.argv.map((w) => (w.dynamic ? '*' : w.value)).join(' ');
async function runs(line: string, PATH: string): Promise<{ runs: string[]; opaque: boolean }> {
  const p = await parse(line, { cwd: root, env: { HOME: root, PATH }, home: root });
  return { runs: p.invocations.map(show), opaque: p.invocations.some((i) => !!i.opaque) };
}

describe('netcat flavours', () => {
  const traditional = pathWith('nc.traditional');
  const openbsd = pathWith('nc.openbsd');
  const ncat = pathWith('ncat');
  const none = path.join(root, 'empty');
  mkdirSync(none);

  it('traditional nc runs -c through sh and -e as a program', async () => {
    expect((await runs("nc -c 'rm -rf data' h 1", traditional)).runs).toContain('rm -rf data');
    expect((await runs('nc -lvp 1234 -e/bin/rm', traditional)).runs).toContain('/bin/rm');
  });

  it('OpenBSD nc: -c is TLS, -e NAME the peer name', async () => {
    const line = "nc -e 'rm -rf data' -c h 443";
    expect((await runs(line, openbsd)).runs).toEqual(['nc -e rm -rf data -c h 443']);
    expect((await runs(line, traditional)).runs).toContain('rm -rf data');
  });

  it('nc that is ncat reads ncat -c', async () => {
    expect((await runs("nc -c 'rm -rf data' h 1", ncat)).runs).toContain('rm -rf data');
  });

  it('an nc not found, or a PATH only known at run time, is read as traditional', async () => {
    expect((await runs("nc -c 'rm -rf data' h 1", none)).runs).toContain('rm -rf data');
    expect((await runs(`PATH=$X:${openbsd} nc -c 'rm -rf data' h 1`, openbsd)).runs).toContain('rm -rf data');
  });

  it('busybox nc -e runs the rest of the line', async () => {
    const bb = path.join(root, 'bb');
    mkdirSync(bb);
    writeFileSync(path.join(bb, 'busybox'), '', { mode: 0o755 });
    symlinkSync('busybox', path.join(bb, 'nc'));
    expect((await runs('nc -lp 1 -e rm -rf data', bb)).runs).toContain('rm -rf data');
  });
});
