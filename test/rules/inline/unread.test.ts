import { describe, expect, it } from 'vitest';
import { inlineCode } from '../../../src/rules/inline/extract.js';
import { awkShell, patternHits, patternOpaque } from '../../../src/rules/inline/unread.js';
import { inv } from '../../helpers/invocation.js';

describe('patternHits', () => {
  it.each([
    ['awk', 'BEGIN { printf "" > "data/db.sqlite" }', [{ what: 'awk print >', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['awk', '{ print $1, $2 > "out.txt" }', [{ what: 'awk print >', arg: 'out.txt', kind: 'overwrite' }]],
    ['awk', '{ print > $1 ".txt" }', [{ what: 'awk print >', kind: 'overwrite' }]],
    ['awk', '{ print >> "log" }', []],
    ['awk', '{ print > "/tmp/split-" NR ".txt" }', [{ what: 'awk print >', arg: '/tmp/split-1.txt', kind: 'overwrite' }]],
    ['awk', '{ print > "/tmp/" $1 }', [{ what: 'awk print >', kind: 'overwrite' }]],
    ['awk', '$3 > 100 { print $1 }', []],
    ['awk', '{ print ($1 > 5) }', []],
    ['awk', '{ print "a > b" }', []],
    ['lua', 'os.remove("data/db.sqlite")', [{ what: 'os.remove', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['lua', "os.remove 'x'", [{ what: 'os.remove', arg: 'x', kind: 'delete' }]],
    ['lua', 'os.rename("data", "/tmp/x")', [{ what: 'os.rename', arg: 'data', kind: 'delete' }, { what: 'os.rename', arg: '/tmp/x', kind: 'overwrite' }]],
    ['lua', 'io.open("data/db.sqlite", "w"):close()', [{ what: 'io.open', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['lua', 'io.open("data/db.sqlite"):read("a")', []],
    ['lua', 'os.remove(p)', [{ what: 'os.remove', kind: 'delete' }]],
    ['lua', 'print("os.remove(1)")', []],
    ['julia', 'rm("data", recursive=true)', [{ what: 'rm', arg: 'data', kind: 'delete' }]],
    ['julia', 'mv("data", "/tmp/x")', [{ what: 'mv', arg: 'data', kind: 'delete' }, { what: 'mv', arg: '/tmp/x', kind: 'overwrite' }]],
    ['julia', 'write(stdout, "hi")', []],
    ['julia', 'Base.Filesystem.rm("data"; recursive=true)', [{ what: 'rm', arg: 'data', kind: 'delete' }]],
    ['elixir', ':file.del_dir_r("data")', [{ what: ':file.delete', arg: 'data', kind: 'delete' }]],
    ['julia', 'println(1)', []],
    ['elixir', 'File.rm_rf!("data")', [{ what: 'File.rm', arg: 'data', kind: 'delete' }]],
    ['elixir', 'File.write("data/db.sqlite", "")', [{ what: 'File.write', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['elixir', 'IO.puts("File.rm_rf!")', []],
  ] as const)('%s: %s', (lang, code, want) => {
    expect(patternHits(lang, code)).toEqual(want);
  });
});

describe('patternOpaque', () => {
  it('julia and elixir shell-outs and evals are unread', () => {
    expect(patternOpaque('julia', 'run(`rm -rf data`)')).toHaveLength(1);
    // rm handed over as a function deletes paths built at run time
    expect(patternOpaque('julia', 'foreach(rm, readdir("data", join=true))')).toHaveLength(1);
    expect(patternOpaque('julia', 'rm.(readdir("data"; join=true))')).toHaveLength(1);
    expect(patternOpaque('julia', 'foreach(println, readdir("data"))')).toHaveLength(0);
    expect(patternOpaque('elixir', 'System.cmd("rm", ["-rf", "data"])')).toHaveLength(1);
    expect(patternOpaque('elixir', 'IO.puts(1 + 1)')).toEqual([]);
  });
});

describe('inlineCode for pattern languages', () => {
  it('finds the code', () => {
    expect(inlineCode(inv(['awk', '-F,', '{ print $2 }', 'x.csv']))).toMatchObject({ lang: 'awk', code: '{ print $2 }' });
    expect(inlineCode(inv(['gawk', '-v', 'x=1', '-f', 'prog.awk', 'x']))).toBeUndefined();
    // -f - and -f /dev/stdin: the program is on stdin
    const here = { kind: 'heredoc' as const, text: 'BEGIN { system("x") }', expands: false };
    expect(inlineCode(inv(['awk', '-f', '/dev/stdin'], { stdin: here }))).toMatchObject({ lang: 'awk', code: 'BEGIN { system("x") }' });
    expect(inlineCode(inv(['gawk', '--file=-'], { stdin: here }))).toMatchObject({ lang: 'awk', code: 'BEGIN { system("x") }' });
    expect(inlineCode(inv(['lua5.4', '-l', 'lfs', '-e', 'os.remove("x")']))).toMatchObject({ lang: 'lua', code: 'os.remove("x")' });
    expect(inlineCode(inv(['lua', 'script.lua']))).toBeUndefined();
    expect(inlineCode(inv(['julia', '--project=.', '-e', 'rm("x")']))).toMatchObject({ lang: 'julia', code: 'rm("x")' });
    expect(inlineCode(inv(['elixir', '--eval', 'File.rm("x")']))).toMatchObject({ lang: 'elixir', code: 'File.rm("x")' });
  });
});

describe('awkShell', () => {
  it('print | "CMD", "CMD" | getline and system("CMD") run CMD; a built one is unknown', () => {
    expect(awkShell('BEGIN { print "" | "cat > data/db.sqlite" }').calls).toEqual([{ code: 'cat > data/db.sqlite', how: '| command' }]);
    expect(awkShell('BEGIN { "date" | getline d }').calls).toEqual([{ code: 'date', how: 'command | getline' }]);
    expect(awkShell('BEGIN { system("rm -rf data") }').calls).toEqual([{ code: 'rm -rf data', how: 'system()' }]);
    expect(awkShell('{ cmd = "sh"; print | cmd }').dynamic).toHaveLength(1);
    expect(awkShell('{ system("rm " $1) }').dynamic).toHaveLength(1);
  });
  it('a | in a regex or || is no pipe', () => {
    expect(awkShell('/foo|bar/ { print }')).toEqual({ calls: [], dynamic: [] });
    expect(awkShell('$1 == "a" || $2 == "b" { print "x|y" }')).toEqual({ calls: [], dynamic: [] });
  });
});
