// Which programs run inline code and which of their options carry it is registry data (`payload`
// in src/programs/builtin.ts). Differential: what the old name patterns and per-reader letters in
// src/rules/inline/extract.ts gave (snapshotted before they were removed) is what the registry
// gives now, except the names listed in NOW_READ.
import { describe, expect, it } from 'vitest';
import type { Invocation, Word } from '../../../src/parse/types.js';
import { inlineCode } from '../../../src/rules/inline/extract.js';
import { sqlSources } from '../../../src/rules/sql/sources.js';

const w = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
const inv = (argv: string[]): Invocation => ({ argv: argv.map(w), name: argv[0]!, assignments: [], redirects: [], origin: ['top'], vars: {}, text: argv.join(' '), cwd: '/' });

const FORMS: Array<[string, string[]]> = [['e', ['-e', 'X']], ['c', ['-c', 'X']], ['r', ['-r', 'X']], ['eval', ['eval', 'X']], ['prog', ['X']], ['db', ['a.db', '.shell X']]];
const read = (name: string): string =>
  FORMS.map(([k, args]) => {
    const r = inlineCode(inv([name, ...args]));
    return `${k}=${r === undefined ? '-' : 'unknown' in r ? 'unknown' : `${r.lang}:${r.from}:${r.code}`}`;
  }).join(' ');

const OLD: Record<string, string> = {
  'python': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'python2': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'python3': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'python2.7': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'python3.11': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'python3.11.2': 'e=- c=- r=- eval=- prog=- db=-',
  'python4': 'e=- c=- r=- eval=- prog=- db=-',
  'pypy': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'pypy3': 'e=- c=python:-c:X r=- eval=- prog=- db=-',
  'pypy2': 'e=- c=- r=- eval=- prog=- db=-',
  'python-config': 'e=- c=- r=- eval=- prog=- db=-',
  'node': 'e=node:-e:X c=- r=- eval=- prog=- db=-',
  'nodejs': 'e=node:-e:X c=- r=- eval=- prog=- db=-',
  'node18': 'e=- c=- r=- eval=- prog=- db=-',
  'bun': 'e=bun:-e:X c=- r=- eval=- prog=- db=-',
  'ruby': 'e=ruby:-e:X c=- r=- eval=- prog=- db=-',
  'ruby3': 'e=ruby:-e:X c=- r=- eval=- prog=- db=-',
  'ruby3.2': 'e=ruby:-e:X c=- r=- eval=- prog=- db=-',
  'ruby-build': 'e=- c=- r=- eval=- prog=- db=-',
  'rubocop': 'e=- c=- r=- eval=- prog=- db=-',
  'perl': 'e=perl:-e:X c=- r=- eval=- prog=- db=-',
  'perl5': 'e=perl:-e:X c=- r=- eval=- prog=- db=-',
  'perl5.36': 'e=perl:-e:X c=- r=- eval=- prog=- db=-',
  'perlbrew': 'e=- c=- r=- eval=- prog=- db=-',
  'php': 'e=- c=- r=php:-r:X eval=- prog=- db=-',
  'php8': 'e=- c=- r=php:-r:X eval=- prog=- db=-',
  'php8.2': 'e=- c=- r=php:-r:X eval=- prog=- db=-',
  'phpunit': 'e=- c=- r=- eval=- prog=- db=-',
  'deno': 'e=- c=- r=- eval=deno:deno eval:X prog=- db=-',
  'awk': 'e=awk:program:X c=awk:program:X r=awk:program:X eval=awk:program:eval prog=awk:program:X db=awk:program:a.db',
  'gawk': 'e=awk:program:X c=awk:program:X r=awk:program:X eval=awk:program:eval prog=awk:program:X db=awk:program:a.db',
  'mawk': 'e=awk:program:X c=awk:program:X r=awk:program:X eval=awk:program:eval prog=awk:program:X db=awk:program:a.db',
  'nawk': 'e=awk:program:X c=awk:program:X r=awk:program:X eval=awk:program:eval prog=awk:program:X db=awk:program:a.db',
  'busybox-awk': 'e=awk:program:X c=awk:program:X r=awk:program:X eval=awk:program:eval prog=awk:program:X db=awk:program:a.db',
  'awkward': 'e=- c=- r=- eval=- prog=- db=-',
  'lua': 'e=lua:-e:X c=- r=- eval=- prog=- db=-',
  'lua5.4': 'e=lua:-e:X c=- r=- eval=- prog=- db=-',
  'luajit': 'e=lua:-e:X c=- r=- eval=- prog=- db=-',
  'luarocks': 'e=- c=- r=- eval=- prog=- db=-',
  'julia': 'e=julia:-e:X c=- r=- eval=- prog=- db=-',
  'elixir': 'e=elixir:-e:X c=- r=- eval=- prog=- db=-',
  'iex': 'e=- c=- r=- eval=- prog=- db=-',
  'sqlite3': 'e=- c=- r=- eval=sqlite:eval:X prog=- db=sqlite:a.db:.shell X',
  'sqlite': 'e=- c=- r=- eval=- prog=- db=-',
  'duckdb': 'e=- c=- r=- eval=- prog=- db=-',
  'psql': 'e=- c=- r=- eval=- prog=- db=-',
};
// A version after python/pypy is python whatever the version (python4, python3.11.2, pypy2 weren't read).
const NOW_READ = new Set(['python3.11.2', 'python4', 'pypy2', 'duckdb']);

describe('inline code payloads from the registry', () => {
  it.each(Object.entries(OLD).filter(([n]) => !NOW_READ.has(n)))('%s reads as before', (name, expected) => {
    expect(read(name)).toBe(expected);
  });

  // duckdb's shell is sqlite3's: -c/-s/-cmd and the arguments after the database are read for
  // dot-commands and the SQL that writes files.
  it('duckdb is read like sqlite3 now', () => {
    expect(read('duckdb')).toBe('e=- c=sqlite::memory::X r=- eval=sqlite:eval:X prog=- db=sqlite:a.db:.shell X');
  });

  it.each([...NOW_READ].filter((n) => n !== 'duckdb'))('%s is python now', (name) => {
    expect(read(name)).toBe('e=- c=python:-c:X r=- eval=- prog=- db=-');
  });

  it('bundles read the payload letters: node -pe, perl -lne, php -B', () => {
    expect(inlineCode(inv(['node', '-pe', 'X']))).toMatchObject({ lang: 'node', code: 'X', from: '-e' });
    expect(inlineCode(inv(['perl', '-lnE', 'X']))).toMatchObject({ lang: 'perl', code: 'X', from: '-E' });
    expect(inlineCode(inv(['php', '-B', 'X', '-R', 'Y']))).toMatchObject({ lang: 'php', code: 'X\nY' });
    expect(inlineCode(inv(['julia', '--print=X']))).toMatchObject({ lang: 'julia', code: 'X' });
    expect(inlineCode(inv(['lua', '--eval', 'X']))).toBeUndefined();
  });

  it('python - A B <<EOF: the code on stdin, sys.argv[1:] the literal words after the dash', () => {
    const heredoc = (argv: string[], more: Partial<Word> = {}): Invocation => ({ ...inv(argv), argv: argv.map((v, i) => (i === 2 ? { ...w(v), ...more } : w(v))), stdin: { kind: 'heredoc', text: 'X', quoted: true } } as unknown as Invocation);
    expect(inlineCode(heredoc(['python3', '-', '/tmp/out', 'b']))).toMatchObject({ lang: 'python', code: 'X', args: ['/tmp/out', 'b'] });
    expect(inlineCode(heredoc(['python3', '-', '$out'], { dynamic: true }))).not.toHaveProperty('args');
    expect(inlineCode(heredoc(['python3', '-']))).not.toHaveProperty('args');
  });

  it("awk's program: -e/--source pieces, none when -f/--file names a program file", () => {
    for (const argv of [['awk', '-f', 'p.awk', 'x'], ['awk', '--file=p.awk', 'x'], ['awk', '-fp.awk', 'x'], ['gawk', '-e', 'X', '-f', 'p.awk']]) expect(inlineCode(inv(argv)), argv.join(' ')).toBeUndefined();
    expect(inlineCode(inv(['gawk', '--source=X', '-e', 'Y']))).toMatchObject({ lang: 'awk', code: 'X\nY' });
    expect(inlineCode(inv(['awk', '-F', ':', 'X', 'f']))).toMatchObject({ lang: 'awk', code: 'X' });
    expect(inlineCode(inv(['deno', 'eval', '--ext', 'ts', 'X']))).toMatchObject({ lang: 'deno', code: 'X' });
  });
});

describe('sqlite3 options, one table for the SQL and dot-command readers (sqlite3 3.40 shell.c)', () => {
  it('-heap takes one value: the SQL after the database is read (it was taken for the database)', () => {
    const r = sqlSources(inv(['sqlite3', '-heap', '1000000', 'data/db.sqlite', 'DROP TABLE users']));
    expect('unknown' in r ? r : r.map((s) => s.text)).toEqual(['DROP TABLE users']);
  });

  it('-pagecache and -lookaside take two: the dot-command after the database is read', () => {
    expect(inlineCode(inv(['sqlite3', '-pagecache', '1024', '10', 'app.db', '.shell rm -rf ~']))).toMatchObject({ lang: 'sqlite', code: '.shell rm -rf ~', from: 'app.db' });
    expect(inlineCode(inv(['sqlite3', '-lookaside', '100', '10', 'app.db', '.shell rm -rf ~']))).toMatchObject({ from: 'app.db' });
    expect(inlineCode(inv(['sqlite3', '-heap', '100', 'app.db', '.shell x']))).toMatchObject({ from: 'app.db' });
  });
});
