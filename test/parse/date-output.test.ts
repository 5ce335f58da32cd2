// `$(date +%F)` prints digits and fixed separators (red team 8): a path or SQL argument built with
// it is judged with a sample of the same shape; a format that could print a path separator, a
// name or nothing stays unknown. Real check() in the detection fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { dateSample } from '../../src/parse/walk.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const decide = async (line: string) => (await check(line, fx.ctx)).decision;
const w = (...vs: string[]) => vs.map((value) => ({ value, dynamic: false, glob: false, quoted: false })) as never;

beforeAll(() => {
  fx = detectionFixture('countersign-date-');
});
afterAll(() => fx.cleanup());

describe('dateSample', () => {
  it('samples numeric conversions and keeps literal text', () => {
    expect(dateSample(w('+%F'))).toBe('2026-12-04');
    expect(dateSample(w('-u', '+%Y%m%dT%H%M%SZ'))).toBe('20261204T050607Z');
    expect(dateSample(w('+backup-%s.tgz'))).toBe('backup-1764824767.tgz');
    expect(dateSample(w('-I'))).toBe('2026-12-04');
    expect(dateSample(w('--iso-8601=seconds'))).toBe('2026-12-04T05:06:07+00:00');
  });
  it('is unknown for names, padding, slashes, dates read from elsewhere, no format', () => {
    for (const a of [['+%b'], ['+%e'], ['+%D'], ['+%Z'], ['+a/b'], ['+%'], ['+'], ['-d', 'yesterday', '+%F'], ['-r', 'f', '+%s'], ['+%F', '+%s'], [], ['-R'], ['-I=date'], ['+%F %T']]) {
      expect(dateSample(w(...a)), a.join(' ')).toBeUndefined();
    }
  });
});

describe('$(date ...) in a line', () => {
  it('is judged as its shape', async () => {
    for (const l of ['mv data-tmp data-tmp.$(date +%s)', `sqlite3 data/db.sqlite ".backup '/tmp/db-$(date +%F).sqlite'"`, 'rm -rf "./build-$(date -I)"']) {
      expect(await decide(l), l).toBe('allow');
    }
  });
  it('still pauses where its output may reach data/ or is code', async () => {
    for (const l of [
      'rm -rf "da$(date +ta)"',
      'rm -rf "./$(date +/../data)"',
      'mv data-tmp data$(date -d nope +%s)',
      'rm -rf "data$(date --date="$X" +%s)"',
      'date() { echo data; }; rm -rf "$(date +%s)"',
      "alias date='echo data'; rm -rf \"$(date +%s)\"",
      `sqlite3 data/db.sqlite "$(date +'DROP TABLE x')"`,
      'rm -rf data/$(date +%F)',
      'mv data "data-$(date +%F)"',
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});
