// The inline-code evaluator alone: which expressions have a literal value (concatenation, path
// joins, env lookups, base64, imports under other names), which don't (built at run time), and the
// names reached by reflection (getattr, __import__, obj[...]) that make the code unknown.
import { describe, expect, it } from 'vitest';
import { collectAliases, evaluate, type Val } from '../../../src/rules/inline/evaluate.js';
import type { InlineLang } from '../../../src/rules/inline/extract.js';
import { family, lex } from '../../../src/rules/inline/lex.js';
import { reflection } from '../../../src/rules/inline/reflection.js';

/** The value of `expr` in `lang`, with the imports and aliases of `prelude` in scope. */
function ev(lang: InlineLang, expr: string, prelude = ''): Val | undefined {
  const fam = family(lang);
  return evaluate(lex(expr, lang), fam, collectAliases(lex(prelude, lang), fam));
}

/** What reflection flags in `code`: the reasons, in order. */
function flagged(lang: InlineLang, code: string): string[] {
  const t = lex(code, lang);
  const fam = family(lang);
  return reflection(t, fam, collectAliases(t, fam), code).map((r) => r.why);
}

describe('literal values', () => {
  it.each<[InlineLang, string, string, Val]>([
    ['python', `'rm ' + '-rf ' + "~"`, '', { s: 'rm -rf ~' }],
    ['python', `'rm' ' -rf'`, '', { s: 'rm -rf' }], // adjacent literals join
    ['python', `f"rm {'-rf'} ~"`, '', { s: 'rm -rf ~' }],
    ['python', `Path.home() / '.ssh'`, '', { s: '~/.ssh' }],
    ['python', `(Path.home() / 'data')`, '', { s: '~/data' }],
    ['python', `os.path.join(os.environ['HOME'], 'x')`, 'import os', { s: '$HOME/x' }],
    ['python', `o.path.join('/a', 'b')`, 'import os as o', { s: '/a/b' }],
    ['python', `eu('~/x')`, 'from os.path import expanduser as eu', { s: '~/x' }],
    ['python', `os.getenv('HOME')`, 'import os', { s: '$HOME' }],
    ['python', `base64.b64decode('cm0gLXJmIH4=').decode()`, 'import base64', { s: 'rm -rf ~' }],
    ['python', `shlex.split('git push --force')`, 'import shlex', { list: ['git', 'push', '--force'] }],
    ['python', `['rm', '-rf'] + ['/']`, '', { list: ['rm', '-rf', '/'] }],
    ['python', `'rm -rf ~'.strip().decode()`, '', { s: 'rm -rf ~' }], // methods that keep the text
    ['node', `'a' + \`b\${'c'}\``, '', { s: 'abc' }],
    ['node', `require('os').homedir()`, '', { s: '~' }],
    ['node', `process.env.HOME + '/x'`, '', { s: '$HOME/x' }],
    ['node', `path.join(os.homedir(), 'x')`, `const os = require('os'); const path = require('node:path');`, { s: '~/x' }],
    ['node', `Buffer.from('cm0=', 'base64').toString()`, '', { s: 'rm' }],
    ['node', `atob('cm0=')`, '', { s: 'rm' }],
    ['ruby', `"a" + 'b'`, '', { s: 'ab' }],
    ['ruby', `File.join(Dir.home, 'x')`, '', { s: '~/x' }],
    ['ruby', `ENV['HOME']`, '', { s: '$HOME' }],
    ['ruby', `%w[rm -rf]`, '', { list: ['rm', '-rf'] }],
    ['perl', `"a" . 'b'`, '', { s: 'ab' }],
    ['perl', `$ENV{HOME} . "/x"`, '', { s: '$HOME/x' }],
    ['php', `'a' . "b"`, '', { s: 'ab' }],
    ['php', `getenv('HOME')`, '', { s: '$HOME' }],
    ['php', `base64_decode('cm0=')`, '', { s: 'rm' }],
    ['php', `array('a', 'b')`, '', { list: ['a', 'b'] }],
  ])('%s: %s', (lang, expr, prelude, want) => expect(ev(lang, expr, prelude)).toEqual(want));
});

// A known start is kept (a path under it, as the shell word `tmp/$X` is): never a whole value.
describe('built at run time: only the known start', () => {
  it.each<[InlineLang, string, string]>([
    ['python', `'rm -rf ' + x`, 'rm -rf '],
    ['python', `f"rm {x}"`, 'rm '],
    ['node', `'rm ' + process.argv[2]`, 'rm '],
    ['node', '`rm ${dir}`', 'rm '],
    ['node', '`tmp/${a}/${b}.json`', 'tmp/'],
    ['node', `"tmp/" + i + ".json"`, 'tmp/'],
    ['ruby', `"rm #{x}"`, 'rm '],
    ['perl', `"rm " . $x`, 'rm '],
    ['php', `'rm ' . $argv[1]`, 'rm '],
  ])('%s: %s', (lang, expr, prefix) => expect(ev(lang, expr)).toEqual({ prefix }));
});

describe('built at run time: no value', () => {
  it.each<[InlineLang, string]>([
    ['python', `Path('tmp') / x`], // an absolute x replaces the left side
    ['node', '`${dir}/data`'],
    ['python', `chr(114) + 'm'`],
    ['python', `'%s' % x`],
    ['python', `' '.join(parts)`],
    ['python', `input()`],
    ['python', `d['k']`],
  ])('%s: %s', (lang, expr) => expect(ev(lang, expr)).toBeUndefined());
});

describe('reflection: names reached at run time make the code unknown', () => {
  it.each<[InlineLang, string]>([
    ['python', `import os; getattr(os, 'system')('x')`],
    ['python', `import os; getattr(os, 'sys' + 'tem')('x')`],
    ['python', `import os; getattr(os, name)('x')`],
    ['python', `m = __import__(name)`],
    ['python', `import importlib; importlib.import_module(n)`],
    ['python', `import os; vars(os)['system']('x')`],
    ['node', `global['ev' + 'al']('x')`],
    ['node', `const m = require(name)`],
    ['ruby', `Kernel.send(:system, 'x')`],
    ['php', `$f = 'system'; $f('x');`],
    ['perl', `my $f = \\&CORE::system; &$f('x');`],
  ])('%s: %s', (lang, code) => expect(flagged(lang, code)).not.toEqual([]));

  it.each<[InlineLang, string]>([
    ['python', `import os; getattr(os, 'sep')`],
    ['python', `import os; getattr(obj, 'name')`],
    ['python', `import os; __import__('os')`],
    ['python', `import os; __import__('o' + 's')`], // built from literals: still literal
    ['python', `getattr(x, y)`], // code that can't reach commands at all
    ['node', `const fs = require('fs'); obj['name']`],
    ['ruby', `x.send(:length)`],
  ])('not %s: %s', (lang, code) => expect(flagged(lang, code)).toEqual([]));
});
