// The inline-code lexer alone: each language's string, comment and command-literal forms.
import { describe, expect, it } from 'vitest';
import type { InlineLang } from '../../../src/rules/inline/extract.js';
import { lex, type Tok } from '../../../src/rules/inline/lex.js';

/** The tokens as short strings: id:x, str:value (str*: with interpolated parts), cmd:value, list:a|b, re, p:x, num:x, nl. */
function show(code: string, lang: InlineLang): string[] {
  return lex(code, lang).map((t: Tok) => {
    switch (t.t) {
      case 'str': return `${t.dyn ? 'str*' : 'str'}:${t.v}`;
      case 'cmd': return `cmd${t.dyn ? '*' : ''}(${t.how}):${t.v}`;
      case 'list': return `list:${t.items.join('|')}`;
      case 'num': return t.v === 're' ? 're' : `num:${t.v}`;
      case 'nl': return 'nl';
      default: return `${t.t}:${t.v}`;
    }
  });
}
const strings = (code: string, lang: InlineLang) => show(code, lang).filter((s) => /^(str|cmd|list)/.test(s));

describe('python', () => {
  it.each([
    [`'a b'`, ['str:a b']],
    [`"a\\x41\\n"`, ['str:aA\n']],
    [`'''x\ny'''`, ['str:x\ny']],
    [`"""rm -rf ~"""`, ['str:rm -rf ~']],
    [`r'\\d\\n'`, ['str:\\d\\n']],
    [`b'x' + u"y"`, ['str:x', 'str:y']],
    [`"\\q"`, ['str:\\q']], // unknown escapes stay as written
    [`"rm \\\n-rf"`, ['str:rm -rf']], // a backslash-newline joins the lines
    [`f"rm {p} -f"`, ['str*:rm ${p} -f']],
    [`f"{{literal}}"`, ['str:{literal}']],
    [`f"{x!r:>10}"`, ['str*:${x}']],
  ])('%s', (code, want) => expect(strings(code, 'python')).toEqual(want));

  it('comments are dropped, with what they mention', () => {
    expect(show(`x = 1  # os.system('rm -rf ~')\ny`, 'python')).toEqual(['id:x', 'p:=', 'num:1', 'id:y']);
  });
  it('a prefix letter is an identifier when it ends a word', () => {
    expect(show(`bar'x'`, 'python')).toEqual(['id:bar', 'str:x']);
  });
  it('an unterminated string runs to the line end', () => {
    expect(show(`'abc\nd`, 'python')).toEqual(['str:abc', 'id:d']);
  });
});

describe('js (node, deno, bun)', () => {
  it.each<[InlineLang, string, string[]]>([
    ['node', `'a' + "b\\u0041"`, ['str:a', 'str:bA']],
    ['deno', '`rm ${dir} -rf`', ['str*:rm ${dir} -rf']],
    ['bun', '`plain`', ['str:plain']],
    ['node', `"\${x}"`, ['str:${x}']], // only templates interpolate
  ])('%s %s', (lang, code, want) => expect(strings(code, lang)).toEqual(want));

  it('line and block comments are dropped', () => {
    expect(show(`a // execSync('rm -rf ~')\n/* fs.rmSync('/') */ b`, 'node')).toEqual(['id:a', 'id:b']);
  });
  it('a regex literal is one token, a division is not', () => {
    expect(show(`x = /rm -rf/g`, 'node')).toEqual(['id:x', 'p:=', 're']);
    expect(show(`a / b / c`, 'node')).toEqual(['id:a', 'p:/', 'id:b', 'p:/', 'id:c']);
  });
  it('a shebang line is a comment', () => {
    expect(show(`#!/usr/bin/env node\nx`, 'node')).toEqual(['id:x']);
  });
  it('punctuation: longest first', () => {
    expect(show(`a?.b === c => d`, 'node')).toEqual(['id:a', 'p:?.', 'id:b', 'p:===', 'id:c', 'p:=>', 'id:d']);
  });
});

describe('ruby', () => {
  it.each([
    [`'a\\'b\\n'`, ["str:a'b\\n"]], // single quotes: only \\ and \' escape
    [`"a#{x}b"`, ['str*:a${x}b']],
    [`"#@v"`, ['str*:${@v}']],
    ['`rm -rf #{d}`', ['cmd*(backticks):rm -rf ${d}']],
    ['`ls`', ['cmd(backticks):ls']],
    [`%x(rm -rf /)`, ['cmd(%x):rm -rf /']],
    [`%w[a b  c]`, ['list:a|b|c']],
    [`%q{x #{y}}`, ['str:x #{y}']],
    [`%Q{x #{y}}`, ['str*:x ${y}']],
    [`%(a (nested) b)`, ['str:a (nested) b']],
  ])('%s', (code, want) => expect(strings(code, 'ruby')).toEqual(want));

  it('comments and =begin/=end are dropped; newlines are tokens', () => {
    expect(show(`a # system('x')\n=begin\nsystem('y')\n=end\nb`, 'ruby')).toEqual(['id:a', 'nl', 'nl', 'id:b']);
  });
  it('predicate and bang methods keep their mark', () => {
    expect(show(`x.empty? y.rm_rf!`, 'ruby')).toEqual(['id:x', 'p:.', 'id:empty?', 'id:y', 'p:.', 'id:rm_rf!']);
  });
});

describe('perl', () => {
  it.each([
    [`'a\\'b'`, ["str:a'b"]],
    [`"rm $dir/x"`, ['str*:rm ${$dir}/x']],
    [`"$h{k} @a"`, ['str*:${$h{k}} ${@a}']],
    [`q(rm -rf ~)`, ['str:rm -rf ~']],
    [`qq{rm $x}`, ['str*:rm ${$x}']],
    [`qw(a b c)`, ['list:a|b|c']],
    [`qx{rm -rf /}`, ['cmd(qx):rm -rf /']],
    [`qx'rm $x'`, ['cmd(qx):rm $x']], // single-quote delimiters don't interpolate
    ['`ls $d`', ['cmd*(backticks):ls ${$d}']],
  ])('%s', (code, want) => expect(strings(code, 'perl')).toEqual(want));

  it('comments, POD and __END__ are dropped', () => {
    expect(show(`a; # system("x")\n=pod\nsystem("y")\n=cut\nb;\n__END__\nsystem("z")`, 'perl')).toEqual(['id:a', 'p:;', 'id:b', 'p:;']);
  });
  it('s/// and tr/// are one token, not strings', () => {
    expect(show(`s/rm/x/g; tr{a}{b}`, 'perl')).toEqual(['re', 'p:;', 're']);
  });
  it('variables are identifiers; a sigil & alone is punctuation', () => {
    expect(show(`$x @y $#z &$f`, 'perl')).toEqual(['id:$x', 'id:@y', 'id:$#z', 'p:&', 'id:$f']);
  });
});

describe('php', () => {
  it.each([
    [`'a$x\\n'`, ['str:a$x\\n']],
    [`"rm $dir"`, ['str*:rm ${$dir}']],
    [`"{$a['k']} x"`, ["str*:${$a['k']} x"]],
    ['`rm -rf $d`', ['cmd*(backticks):rm -rf ${$d}']],
    [`<<<EOT\nrm $x\nEOT;`, ['str*:rm ${$x}']],
    [`<<<'EOT'\nrm $x\nEOT;`, ['str:rm $x']],
  ])('%s', (code, want) => expect(strings(code, 'php')).toEqual(want));

  it('#, // and /* */ comments are dropped; #[ is an attribute', () => {
    expect(show(`a # x\nb // y\nc /* z */ d`, 'php')).toEqual(['id:a', 'id:b', 'id:c', 'id:d']);
    expect(show(`#[Attr] f`, 'php')).toEqual(['p:#', 'p:[', 'id:Attr', 'p:]', 'id:f']);
  });
});
