// The project modules a script imports (`from lib import wipe`, `require('./lib')`,
// `require_relative 'x'`, perl `use lib` + `use Foo`, php `include`): read by pattern, over-inclusive
// on purpose (an import inside a comment or an unused branch is read too; reading more code only
// ever adds findings). Each reference names the files it may load; the walker reads them.
import path from 'node:path';

export type ImportLang = 'python' | 'node' | 'bun' | 'deno' | 'ruby' | 'perl' | 'php';

export interface ModuleRef {
  /** As written in the code, for the reason shown. */
  spec: string;
  /** Absolute files it may load, every one of which is read when it exists. */
  files: string[];
  /** The import names a path of the project (`./x`, `from . import`, require_relative): when none
   *  of its files can be read, the script runs code countersign can't see. */
  local: boolean;
}

const JS_EXT = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];
const STR = String.raw`(['"\`])([^'"\`\n]+)\1`;

/** The modules `code` (the file `file`, run from `cwd`) loads from the project. `dirs`: more
 *  directories the language searches ($PYTHONPATH). */
export function moduleRefs(lang: ImportLang, code: string, file: string, cwd: string, dirs: string[] = []): ModuleRef[] {
  const here = path.dirname(file);
  switch (lang) {
    case 'python':
      return pythonRefs(code, here, [...new Set([here, cwd, ...dirs])], cwd);
    case 'node':
    case 'bun':
    case 'deno':
      return jsRefs(code, here, dirs);
    case 'ruby':
      return rubyRefs(code, here, cwd, dirs);
    case 'perl':
      return perlRefs(code, here, cwd, dirs);
    case 'php':
      return phpRefs(code, here, cwd);
  }
}

/** python `a.b` under `root`: the packages' __init__.py on the way and the module itself. */
function pyFiles(root: string, dotted: string): string[] {
  const parts = dotted.split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(path.join(root, ...parts.slice(0, i), '__init__.py'));
  if (!parts.length) return [path.join(root, '__init__.py')];
  out.push(path.join(root, ...parts) + '.py', path.join(root, ...parts, '__init__.py'));
  return out;
}

/** Literal directories a script adds to its search path (`sys.path.insert(0, "lib")`,
 *  `$LOAD_PATH.unshift File.expand_path("lib", __dir__)`), taken from the file's directory and
 *  the working directory both. */
function addedDirs(code: string, re: RegExp, here: string, cwd: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(re)) {
    for (const s of m[1]!.matchAll(/(['"])([^'"\n]+)\1/g)) {
      const d = s[2]!.replace(/^\/+/, '');
      if (!d.includes('$') && !d.includes('#{')) out.push(path.resolve(here, d), path.resolve(cwd, d));
    }
  }
  return out;
}

function pythonRefs(code: string, here: string, base: string[], cwd: string): ModuleRef[] {
  const roots = [...new Set([...base, ...addedDirs(code, /\bsys\.path\.(?:insert|append)\s*\(([^\n]*)\)/g, here, cwd)])];
  const out: ModuleRef[] = [];
  for (const m of code.matchAll(/^[ \t]*import[ \t]+([\w. \t,]+)/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+/)[0]!;
      if (/^[\w.]+$/.test(name)) out.push({ spec: `import ${name}`, files: roots.flatMap((r) => pyFiles(r, name)), local: false });
    }
  }
  for (const m of code.matchAll(/^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)/gm)) {
    const dots = m[1]!.length;
    const mod = m[2]!;
    const names = m[3]!.replace(/[()\\]/g, ' ').split(',').map((n) => n.trim().split(/\s+/)[0]!).filter((n) => /^\w+$/.test(n));
    // `from . import x` is relative to the file's own package; `from .. import` one above.
    const bases = dots ? [path.resolve(here, ...Array<string>(dots - 1).fill('..'))] : roots;
    // A name may be a submodule (`from lib import wipe` loads lib/wipe.py).
    const files = bases.flatMap((b) => [...pyFiles(b, mod), ...names.flatMap((n) => pyFiles(b, mod ? `${mod}.${n}` : n).slice(-2))]);
    out.push({ spec: `from ${m[1]}${mod} import ${names.join(', ')}`, files, local: dots > 0 });
  }
  // importlib.import_module('x') / __import__('x') / runpy with a literal name.
  for (const m of code.matchAll(/\b(?:import_module|__import__|run_module)\s*\(\s*(['"])([\w.]+)\1/g)) {
    out.push({ spec: m[0], files: roots.flatMap((r) => pyFiles(r, m[2]!)), local: false });
  }
  for (const m of code.matchAll(/\brun_path\s*\(\s*(['"])([^'"\n]+)\1/g)) out.push({ spec: m[0], files: [path.resolve(roots[1] ?? here, m[2]!)], local: true });
  return out;
}

/** `./x` from `here`: the file, with the extensions node and bun try, or a directory's index. */
function jsFiles(here: string, spec: string): string[] {
  const base = path.resolve(here, spec);
  return [...JS_EXT.map((e) => base + e), ...JS_EXT.slice(1).map((e) => path.join(base, 'index' + e))];
}

function jsRefs(code: string, here: string, dirs: string[]): ModuleRef[] {
  const out: ModuleRef[] = [];
  const re = new RegExp(String.raw`(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)${STR}`, 'g');
  for (const m of code.matchAll(re)) {
    const spec = m[2]!.replace(/^file:\/\//, '');
    if (m[1] === '`' && spec.includes('${')) continue;
    if (/^(\.{1,2}(\/|$)|\/)/.test(spec)) out.push({ spec, files: jsFiles(here, spec), local: true });
    // A bare name on $NODE_PATH (`NODE_PATH=. node run.js` with require('lib/wipe')).
    else if (dirs.length && !spec.startsWith('node:')) out.push({ spec, files: dirs.flatMap((d) => jsFiles(d, spec)), local: false });
  }
  return out;
}

function rubyRefs(code: string, here: string, cwd: string, dirs: string[]): ModuleRef[] {
  const out: ModuleRef[] = [];
  const rb = (f: string): string[] => (f.endsWith('.rb') ? [f] : [f + '.rb', f]);
  // `require 'wipe'` searches -I, $RUBYLIB and what the script adds to $LOAD_PATH.
  const load = [...dirs, ...addedDirs(code, /(?:\$LOAD_PATH|\$:)\s*(?:\.\s*(?:unshift|push|prepend|append|<<)|<<)\s*\(?([^\n]*)/g, here, cwd)];
  if (load.length) {
    for (const m of code.matchAll(/\brequire\s*\(?\s*(['"])([\w][\w/.-]*)\1/g)) out.push({ spec: m[0], files: load.flatMap((d) => rb(path.resolve(d, m[2]!))), local: false });
  }
  for (const m of code.matchAll(/\brequire_relative\s*\(?\s*(['"])([^'"\n#]+)\1/g)) out.push({ spec: m[0], files: rb(path.resolve(here, m[2]!)), local: true });
  // `require './x'` and `load 'x.rb'` are relative to the working directory.
  for (const m of code.matchAll(/\b(?:require|load)\s*\(?\s*(['"])(\.{1,2}\/[^'"\n]+|\/[^'"\n]+|[^'"\n]+\.rb)\1/g)) out.push({ spec: m[0], files: rb(path.resolve(cwd, m[2]!)), local: /^[./]/.test(m[2]!) });
  return out;
}

function perlRefs(code: string, here: string, cwd: string, dirs: string[]): ModuleRef[] {
  const out: ModuleRef[] = [];
  // `use lib 'lib'`, `use lib qw(lib t/lib)`, `use lib "$FindBin::Bin/lib"`; -I and $PERL5LIB.
  const libs: string[] = [...dirs];
  for (const m of code.matchAll(/\buse\s+lib\s+(?:qw\s*[([{/]([^)\]}/]*)[)\]}/]|(['"])([^'"\n]*)\2)/g)) {
    for (const d of m[1] !== undefined ? m[1].trim().split(/\s+/) : [m[3]!]) {
      const fb = /^\$(?:FindBin::)?(?:Bin|RealBin)\b\/?(.*)$/.exec(d);
      if (fb) libs.push(path.resolve(here, fb[1]!));
      else if (!d.includes('$')) libs.push(path.resolve(cwd, d));
    }
  }
  if (!libs.length) return stringRequires(code, /\b(?:require|do)\s*\(?\s*(['"])([^'"\n]+)\1/g, here, cwd);
  for (const m of code.matchAll(/\b(?:use|require)\s+([A-Za-z_][\w]*(?:::\w+)*)/g)) {
    if (/^(lib|strict|warnings|utf8|constant|parent|base|vars|feature|FindBin)$/.test(m[1]!)) continue;
    const rel = m[1]!.split('::').join('/') + '.pm';
    out.push({ spec: m[0], files: libs.map((l) => path.join(l, rel)), local: false });
  }
  return [...out, ...stringRequires(code, /\b(?:require|do)\s*\(?\s*(['"])([^'"\n]+)\1/g, here, cwd, libs)];
}

/** `require "x.pl"` / `include 'x.php'`: the working directory, the search dirs, the file's own. */
function stringRequires(code: string, re: RegExp, here: string, cwd: string, dirs: string[] = []): ModuleRef[] {
  return [...code.matchAll(re)].map((m) => {
    const f = m[2]!;
    const files = path.isAbsolute(f) ? [f] : [...new Set([cwd, ...dirs, here])].map((d) => path.resolve(d, f));
    return { spec: m[0], files, local: /^[./]/.test(f) || /\.(pl|pm|php|inc)$/.test(f) };
  });
}

function phpRefs(code: string, here: string, cwd: string): ModuleRef[] {
  const out: ModuleRef[] = [];
  const dirOf = String.raw`(?:__DIR__|dirname\s*\(\s*__FILE__\s*\))\s*\.\s*`;
  for (const m of code.matchAll(new RegExp(String.raw`\b(?:require|include)(?:_once)?\s*\(?\s*${dirOf}(['"])([^'"\n]+)\1`, 'g'))) {
    out.push({ spec: m[0], files: [path.join(here, m[2]!)], local: true });
  }
  return [...out, ...stringRequires(code, /\b(?:require|include)(?:_once)?\s*\(?\s*(['"])([^'"\n]+)\1/g, here, cwd)];
}

/** The directories an interpreter searches for bare module names, from its options and
 *  variables: $PYTHONPATH, $NODE_PATH, ruby -I and $RUBYLIB, perl -I and $PERL5LIB/$PERLLIB.
 *  As written (relative to the working directory). */
export function searchDirs(lang: ImportLang, argv: string[], vars: Record<string, string | undefined>): string[] {
  const split = (v: string | undefined): string[] => (v ?? '').split(':').filter(Boolean);
  const flagDirs = (): string[] => {
    const out: string[] = [];
    for (let i = 1; i < argv.length && argv[i]!.startsWith('-'); i++) {
      if (argv[i] === '-I') out.push(argv[++i] ?? '');
      else if (/^-I./.test(argv[i]!)) out.push(argv[i]!.slice(2));
    }
    return out.filter(Boolean);
  };
  switch (lang) {
    case 'python':
      return split(vars.PYTHONPATH);
    case 'node':
    case 'bun':
    case 'deno':
      return split(vars.NODE_PATH);
    case 'ruby':
      return [...flagDirs(), ...split(vars.RUBYLIB)];
    case 'perl':
      return [...flagDirs(), ...split(vars.PERL5LIB ?? vars.PERLLIB)];
    case 'php':
      return [];
  }
}
