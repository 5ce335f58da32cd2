// `ls PATTERN | while read f`: each line is a match of the pattern only while no match is a
// directory; without -d, ls prints a directory's entries as bare names, which the loop then
// resolves from here (`ls cach*` lists cache/data as `data`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-ls-listing-');
  mkdirSync(path.join(fx.ctx.cwd!, 'cache', 'data'), { recursive: true });
  mkdirSync(path.join(fx.ctx.cwd!, 'logs'), { recursive: true });
  for (const f of ['a.log', 'b.log']) writeFileSync(path.join(fx.ctx.cwd!, 'logs', f), '');
});
afterAll(() => fx.cleanup());
const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe('a listing of ls with a pattern', () => {
  it('is unknown when the pattern matches a directory (its entries come out as bare names)', async () => {
    for (const line of ['ls cach* | while read f; do rm -rf "$f"; done', 'for f in $(ls cach*); do rm -rf "$f"; done', 'mapfile -t xs < <(ls cach*); rm -rf "${xs[@]}"']) expect(await decision(line), line).toBe('confirm');
  });
  it('is the pattern when every match is a file, or with -d', async () => {
    for (const line of ['ls -1t logs/*.log | tail -n +2 | while read -r f; do rm -f "$f"; done', 'ls -d cach* | while read f; do rm -rf "$f"; done', 'for f in $(ls logs/*.log); do rm -f "$f"; done']) expect(await decision(line), line).toBe('allow');
  });
  it('through a process substitution holding a pipeline, a variable and an arithmetic count (rt25k2)', async () => {
    for (const line of ['d=logs; keep=1; mapfile -t old < <(ls -1t "$d"/*.log | tail -n +$((keep+1))); rm -f -- "${old[@]}"', 'mapfile -t old < <(ls -1t logs/*.log | sort | head -n 1); rm -f -- "${old[@]}"']) expect(await decision(line), line).toBe('allow');
    for (const line of ['d=cache; mapfile -t old < <(ls -1t "$d"/* | tail -n +2); rm -rf -- "${old[@]}"', 'mapfile -t old < <(ls -1t logs/*.log | sed s/a/b/); rm -f -- "${old[@]}"', 'mapfile -t old < <(ls -1t logs/*.log | tail -n $(cat n)); rm -f -- "${old[@]}"', 'mapfile -t xs < <(ls cach* | head -n 5); rm -rf "${xs[@]}"']) expect(await decision(line), line).toBe('confirm');
  });
});
