import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parse } from '../../src/parse/index.js';
import type { Invocation } from '../../src/parse/types.js';

interface Case {
  line: string;
  runs?: string[];
  origin?: string;
  not?: string[];
  opaque?: boolean;
  uncertain?: boolean;
  cwd?: string;
  dialect?: 'bash' | 'zsh';
}

const cases = YAML.parse(readFileSync(path.join(import.meta.dirname, 'constructs.yaml'), 'utf8')) as Case[];
const ctx = { cwd: '/repo', env: { HOME: '/home/u', PATH: '/usr/bin:/bin', PROJ: '/srv/proj' }, home: '/home/u' };

const show = (i: Invocation) => i.argv.map((w) => (w.dynamic ? '*' : w.value)).join(' ');

describe('parser constructs', () => {
  it('has a table entry per construct', () => expect(cases.length).toBeGreaterThan(100));
  for (const c of cases) {
    it(c.line.replace(/\n/g, '⏎'), async () => {
      const r = await parse(c.line, ctx, { envComplete: true, dialect: c.dialect });
      const shown = r.invocations.map(show);
      for (const want of c.runs ?? []) expect(shown, `invocations: ${JSON.stringify(shown)} uncertain: ${r.uncertain}`).toContain(want);
      if (c.origin) {
        const first = r.invocations.find((i) => show(i) === c.runs![0]);
        expect(first?.origin.join(' > ')).toContain(c.origin);
      }
      for (const n of c.not ?? []) expect(r.invocations.map((i) => i.name)).not.toContain(n);
      if (c.opaque) expect(r.invocations.some((i) => i.opaque), JSON.stringify(shown)).toBe(true);
      if (c.uncertain !== undefined) expect(r.uncertain.length > 0, r.uncertain.join('; ')).toBe(c.uncertain);
      if (c.cwd) expect(r.invocations.filter((i) => c.runs?.includes(show(i))).at(-1)?.cwd).toBe(c.cwd);
    });
  }
});

// `a && b`: b runs only after a succeeded; rules read it (unless-created: a create that failed
// stops the line before the command that would act on what it made).
describe('succeeded: the commands that had to exit 0 first', () => {
  const names = async (line: string) => {
    const r = await parse(line, { cwd: '/tmp', env: {} }, { envComplete: true });
    return Object.fromEntries(r.invocations.map((i) => [i.argv.map((w) => w.value).join(' '), (i.succeeded ?? []).map((s) => s.argv[0]!.value)]));
  };
  it('&& chains, not ; or ||', async () => {
    expect(await names('a && b && c')).toEqual({ a: [], b: ['a'], c: ['a', 'b'] });
    expect(await names('a; b')).toEqual({ a: [], b: [] });
    // c runs once a or b succeeded: b may never have run (redteam22-fp1).
    expect(await names('a || b && c')).toEqual({ a: [], b: [], c: [] });
    expect(await names('a && b || c && d')).toEqual({ a: [], b: ['a'], c: [], d: [] });
    // A subshell in the chain: c still ran only after a (and the subshell) succeeded.
    expect(await names('a && (b) && c')).toEqual({ a: [], b: ['a'], c: ['a'] });
    expect(await names('a | b && c')).toEqual({ a: [], b: [], c: ['b'] });
    expect(await names('(a; b) && c')).toEqual({ a: [], b: [], c: [] });
  });
});

// A variable that holds one item of a run-time listing (a loop's, or what `read` takes from a
// listing piped in): a redirect to exactly "$f" is the listing's pattern, one to "DIR/$f" some
// existing name under DIR (Redirect.item). Other unknown targets stay unknown.
describe('redirects to the items of a listing', () => {
  const target = async (line: string) => {
    const r = await parse(line, ctx, { envComplete: true });
    return r.invocations.flatMap((i) => i.redirects).find((x) => x.op === '>');
  };
  it('read from ls of a pattern: the pattern', async () => {
    expect(await target('ls data/*.db | while read -r f; do : > "$f"; done')).toMatchObject({ target: { value: 'data/*.db', glob: true } });
  });
  it('read from find: everything under its root', async () => {
    expect(await target('find data -type f | while read -r f; do : > "$f"; done')).toMatchObject({ target: { value: 'data/**', glob: true } });
  });
  it('a loop variable under a known directory: an item there', async () => {
    expect(await target('for f in $(ls data); do : > "data/$f"; done')).toMatchObject({ item: true, target: { dynamic: true } });
  });
  it('an array of patterns holds the names each matches: the pattern (rt25k2)', async () => {
    expect(await target('a=(data/*.db); for x in "${a[@]}"; do : > "$x"; done')).toMatchObject({ target: { value: 'data/*.db' } });
  });
  it('ls of a directory lists bare names; mktemp and other variables stay unknown', async () => {
    const bare = await target('ls data | while read -r f; do : > "$f"; done');
    expect(bare?.target?.dynamic).toBe(true);
    expect(bare?.item).toBeUndefined();
    const tmp = await target('out=$(cat .outfile); echo hi > "$out"');
    expect(tmp?.target?.dynamic).toBe(true);
    expect(tmp?.item).toBeUndefined();
  });
  it('a listing read through process substitution, or looped over from $( )', async () => {
    expect(await target('while read -r f; do : > "$f"; done < <(find data -type f)')).toMatchObject({ target: { value: 'data/**', glob: true } });
    expect(await target('for f in $(ls data/*.db); do : > "$f"; done')).toMatchObject({ target: { value: 'data/*.db', glob: true } });
    expect(await target('for f in `find data`; do : > $f; done')).toMatchObject({ target: { value: 'data/**', glob: true } });
  });
  it('find -print0 read with -d \'\', and single-quoted -name patterns, in process substitution', async () => {
    expect(await target("while IFS= read -r -d '' f; do : > \"$f\"; done < <(find scripts -name '*.sh' -print0)")).toMatchObject({ target: { value: 'scripts/**', glob: true } });
    // A quoted root or a quoted action is not read as a listing.
    expect((await target("while read -r f; do : > \"$f\"; done < <(find 'data' -print0)"))?.target?.dynamic).toBe(true);
    expect((await target("while read -r f; do : > \"$f\"; done < <(find scripts '-exec' echo x ';')"))?.target?.dynamic).toBe(true);
  });
  it('mktemp with an absolute template or a --suffix, and ${x:?}', async () => {
    expect(await target('o=$(mktemp /tmp/report.XXXX.json) && echo x > "$o"')).toMatchObject({ target: { value: '/tmp/report.XXXX.json', dynamic: false } });
    expect((await target('o=$(mktemp /tmp/../XXXX) && echo x > "$o"'))?.target?.dynamic).toBe(true);
    // Without && a failed mktemp leaves the name empty, and the line goes on: judged empty when
    // the line deletes under the name.
    expect(await target('o=$(mktemp /tmp/report.XXXX.json); echo x > "$o"')).toMatchObject({ target: { value: '/tmp/report.XXXX.json', dynamic: false } });
    // …when that matters: /etc is there (`rm -rf /etc`); /old is not, so a failed mktemp deletes
    // nothing there and the name stays the temp directory's (rt27fp1).
    expect(await target('d=$(mktemp -d); rm -rf "$d"/etc; echo x > "$d/f"')).toMatchObject({ target: { value: '/f', dynamic: false } });
    expect(await target('d=$(mktemp -d); rm -rf "$d"/old; echo x > "$d/f"')).toMatchObject({ target: { value: expect.stringMatching(/tmp\.X+\/f$/) } });
    expect(await target('set -e; d=$(mktemp -d); rm -rf "$d"/old; echo x > "$d/f"')).toMatchObject({ target: { value: expect.stringMatching(/tmp\.X+\/f$/) } });
    expect((await target('if o=$(mktemp); then echo x > "$o"; fi'))?.target?.value).toMatch(/tmp\.X+$/);
    expect(await target('d=.cache/lint; echo x > "${d:?}"')).toMatchObject({ target: { value: '.cache/lint', dynamic: false } });
    expect((await target('d=; echo x > "${d:?}"'))?.target?.dynamic).toBe(true);
  });
  it('a variable set again after the read is no longer an item', async () => {
    expect(await target('ls data/*.db | while read -r f; do f=notes.txt; : > "$f"; done')).toMatchObject({ target: { value: 'notes.txt', dynamic: false } });
  });
});

describe('arrays of patterns, read from disk', () => {
  it('a=(data/*.db) holds the names the pattern matches now', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-arr-'));
    try {
      mkdirSync(path.join(dir, 'data'));
      writeFileSync(path.join(dir, 'data', 'a.db'), '');
      const r = await parse('a=(data/*.db); for x in "${a[@]}"; do : > "$x"; done', { ...ctx, cwd: dir }, { envComplete: true });
      expect(r.invocations.flatMap((i) => i.redirects).find((x) => x.op === '>')?.target).toMatchObject({ value: 'data/a.db', dynamic: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
