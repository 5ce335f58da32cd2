// xargs fed a literal: the arguments it appends are read (src/parse/xargs.ts), through the parse.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { xargsItems } from '../../src/parse/xargs.js';
import type { Word } from '../../src/parse/types.js';

const w = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-xargs-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runs(line: string): Promise<string[]> {
  const r = await parse(line, { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true });
  return r.invocations.map((i) => i.argv.map((a) => (a.dynamic ? '*' : a.value)).join(' '));
}

describe('xargsItems', () => {
  it('splits at blanks and newlines, NUL (-0, in a cluster too) or the -d character', () => {
    expect(xargsItems([], 'a b\nc\n', undefined)).toEqual({ perItem: false, items: ['a', 'b', 'c'] });
    expect(xargsItems([w('-0')], 'a b\0c\0', undefined)?.items).toEqual(['a b', 'c']);
    expect(xargsItems([w('-r0')], 'a\0', undefined)?.items).toEqual(['a']);
    expect(xargsItems([w('-d'), w('\\n')], 'a b\nc\n', undefined)?.items).toEqual(['a b', 'c']);
    expect(xargsItems([w('--delimiter=,')], 'a,b', undefined)?.items).toEqual(['a', 'b']);
  });

  it('-I takes each line whole, leading blanks dropped', () => {
    expect(xargsItems([], '  a b\nc\n', '{}')).toEqual({ perItem: true, items: ['a b', 'c'] });
  });

  it("can't read quotes, backslashes, input files, end markers, runaway input or run-time options", () => {
    expect(xargsItems([], `'a b'`, undefined)).toBeUndefined();
    expect(xargsItems([], 'a\\ b', undefined)).toBeUndefined();
    expect(xargsItems([w('-a'), w('list')], 'x', undefined)).toBeUndefined();
    expect(xargsItems([w('-E'), w('STOP')], 'x', undefined)).toBeUndefined();
    expect(xargsItems([], Array.from({ length: 100 }, (_, i) => `f${i}`).join(' '), undefined)).toBeUndefined();
    expect(xargsItems([{ ...w('-0'), dynamic: true }], 'x', undefined)).toBeUndefined();
  });
});

describe('xargs with a literal input, in a line', () => {
  it('runs its command with the items, once or per item', async () => {
    expect(await runs(`printf 'build\\0dist\\0' | xargs -0 rm -rf`)).toContain('rm -rf build dist');
    expect(await runs('echo data | xargs -I{} rm -rf {}')).toContain('rm -rf data');
    expect(await runs('echo data | xargs -I % sh -c "rm -rf %"')).toContain('rm -rf data');
    expect(await runs('printf "a\\nb\\n" | xargs -I{} rm -rf x/{}')).toEqual(expect.arrayContaining(['rm -rf x/a', 'rm -rf x/b']));
  });

  it('without a literal input the arguments stay unknown (appended at run time)', async () => {
    const more = async (line: string): Promise<boolean | undefined> =>
      (await parse(line, { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true })).invocations.find((i) => i.name === 'rm')?.moreArgs;
    expect(await more('ls | xargs rm -rf')).toBe(true);
    expect(await more(`echo "'a b'" | xargs rm -rf`)).toBe(true);
    expect(await more('echo dist | xargs rm -rf')).toBeFalsy();
  });

  it('-I fills only the words with its string: nothing is appended, unless a count option may undo it', async () => {
    const more = async (line: string): Promise<boolean | undefined> =>
      (await parse(line, { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true })).invocations.find((i) => i.name === 'rm')?.moreArgs;
    expect(await more('ls | xargs -I{} rm -rf build/{}.tmp')).toBeFalsy();
    expect(await more('ls | xargs -I {} rm -rf build/{}.tmp')).toBeFalsy();
    expect(await more('ls | xargs -0 --replace=% rm -rf build/%')).toBeFalsy();
    for (const line of ['ls | xargs -I{} -n1 rm -rf', 'ls | xargs -L1 -I{} rm -rf', 'ls | xargs -I{} --max-args=1 rm -rf', 'ls | xargs -0I{} -l rm -rf', 'ls | xargs -J % -I{} rm -rf']) {
      expect(await more(line), line).toBe(true);
    }
  });

  // ls prints a file operand as given; a directory by the names in it, which xargs then reads
  // from the working directory.
  it('ls of plain files gives xargs those files back, through filters that only pick lines', async () => {
    const ls = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-xargs-ls-')));
    mkdirSync(path.join(ls, 'backups', 'data'), { recursive: true });
    writeFileSync(path.join(ls, 'a.log'), '');
    writeFileSync(path.join(ls, 'b c.log'), '');
    writeFileSync(path.join(ls, 'x.tmp'), '');
    const rm = async (line: string) => {
      const i = (await parse(line, { cwd: ls, env: { HOME: ls, PATH: '/usr/bin:/bin' }, home: ls }, { envComplete: true })).invocations.find((x) => x.name === 'rm')!;
      return i.moreArgs ? 'unknown' : i.argv.map((a) => a.value).join(' ');
    };
    expect(await rm('ls *.tmp | xargs rm -f')).toBe('rm -f *.tmp');
    expect(await rm('ls -t *.tmp | sort -r | tail -n +2 | grep -v keep | xargs rm -f')).toBe('rm -f *.tmp');
    for (const line of [
      'ls backups | xargs rm -rf', // lists backups/data as "data"
      'ls *.log | xargs rm', // "b c.log" is two words to xargs
      'ls | xargs rm -rf',
      'ls -l *.tmp | xargs rm',
      'ls *.tmp | sed s/x/data/ | xargs rm -rf',
      'ls *.tmp | grep -o x | xargs rm -rf',
      'ls *.tmp | grep -v x other.txt | xargs rm -rf',
      'ls *.tmp | uniq -c | xargs rm -rf',
    ]) expect(await rm(line), line).toBe('unknown');
    expect(await rm('ls -d backups | xargs rm -rf')).toBe('rm -rf backups');
    rmSync(ls, { recursive: true, force: true });
  });
});

describe('xargs reading a list from a file (red team 8)', () => {
  it('reads a file on disk the line did not write, through < or cat', async () => {
    writeFileSync(path.join(dir, 'urls.txt'), 'https://a.example/x\nhttps://b.example/y\n');
    writeFileSync(path.join(dir, 'old.txt'), 'build dist\n');
    expect(await runs('xargs -n1 curl -sI < urls.txt')).toContain('curl -sI https://a.example/x https://b.example/y');
    expect(await runs('cat old.txt | sort -u | xargs rm -rf')).toContain('rm -rf build dist');
  });
  it('leaves a missing file unknown (the line may run once it is there)', async () => {
    expect(await runs('xargs rm -rf < missing.txt')).toContain('rm -rf');
    expect((await parse('cat missing.txt | xargs rm -rf', { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true })).invocations.find((i) => i.name === 'rm')?.moreArgs).toBe(true);
    expect((await parse('xargs rm -rf < missing.txt', { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true })).invocations.find((i) => i.name === 'rm')?.moreArgs).toBe(true);
  });
  it('leaves the arguments unknown when the line writes first, or the file is only known at run time', async () => {
    expect(await runs('echo data > list.txt; xargs rm -rf < list.txt')).not.toContain('rm -rf data');
    expect((await parse('echo data > list.txt; xargs rm -rf < list.txt', { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true })).invocations.find((i) => i.name === 'rm')?.moreArgs).toBe(true);
    expect((await parse('xargs rm -rf < "$F"', { cwd: dir, env: { HOME: dir, PATH: '/usr/bin:/bin' }, home: dir }, { envComplete: true })).invocations.find((i) => i.name === 'rm')?.moreArgs).toBe(true);
  });
});
