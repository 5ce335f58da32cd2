// Interpreter obfuscation (issue 15): calls reached by reflection or a built name make the code
// unknown (a `dynamic` entry, which pauses) when the code can run commands; ordinary code stays
// readable.
import { describe, expect, it } from 'vitest';
import { shellCalls, type InlineLang } from '../../src/rules/inline/index.js';

const dynamic = (lang: InlineLang, src: string) => shellCalls({ lang, code: src, from: '-c' }).dynamic;

const UNKNOWN: Array<[InlineLang, string]> = [
  ['python', "import os; getattr(os, 'sys'+'tem')('rm -rf data')"],
  ['python', 'import os\nfor name in ("getcwd", "system"):\n    getattr(os, name)("rm -rf data")'],
  ['python', "import shutil as s; getattr(s, 'rmtree')('data')"],
  ['python', 'import os; f = getattr(os, name); f(x)'],
  ['python', "import os; vars(os)['system']('x')"],
  ['python', "import os; os.__dict__['sys'+'tem']('x')"],
  ['python', "import sys; sys.modules['o'+'s'].system('x')"],
  ['python', "__builtins__.__dict__['ex'+'ec']('x')"],
  ['python', 'import importlib, sys; importlib.import_module(sys.argv[1]).rmtree("data")'],
  ['python', 'import sys; __import__(sys.argv[1]).system("x")'],
  ['python', 'import operator, os; operator.methodcaller("system", "x")(os)'],
  ['node', "const m = process.argv[1]; require(m).execSync('x')"],
  ['node', "global['ev'+'al']('x')"],
  ['node', "require('fs')['rm'+'Sync']('data', {recursive: true})"],
  ['node', "const fs = require('fs'); fs[process.argv[1]]('data')"],
  ['node', "const m = 'rm' + 'Sync'; require('fs')[m]('data', {recursive: true})"],
  ['node', "require('node:child_process')[process.argv[1]]('x')"],
  ['node', "process.binding('spawn_sync')"],
  ['node', "process.mainModule.require('child_process').execSync('x')"],
  ['node', "module.constructor._load('child_process').execSync('x')"],
  ['node', "process.getBuiltinModule('child_'+'process').execSync('x')"],
  ['node', "import('child_process').then(m => m.execSync('x'))"],
  ['python', "import ctypes; ctypes.CDLL(None).system(b'x')"],
  ['python', "import os; os.__getattribute__('sys'+'tem')('x')"],
  ['perl', 'do $ARGV[0]'],
  ['python', "import os; m = os; m.system('x')"],
  ['python', "import pickle, base64; pickle.loads(base64.b64decode(b'x'))"],
  ['python', "import marshal, types; types.FunctionType(marshal.loads(b'x'), {})()"],
  ['python', "import os; d = {'a': os}; d['a'].system('x')"],
  ['python', "import shutil; f = shutil.rmtree; f('data')"],
  ['python', "import os; list(map(os.remove, files))"],
  ['node', "const o = {c: require('child_process')}; o.c.execSync('x')"],
  ['node', 'const e = eval; e(code)'],
  ['ruby', 'k = Kernel; k.system("x")'],
  ['ruby', 'Kernel.then { |k| k.system("x") }'],
  ['python', "(lambda: __import__('os'))().system('x')"],
  ['python', "import os; (os.system)('x')"],
  ['node', "this.constructor.constructor('return process')()"],
  ['node', "const e = (0, eval); (0, eval)('x')"],
  ['php', "('sys'.'tem')('x');"],
  ['php', "implode('', ['sys', 'tem'])('x');"],
  ['node', "const cp = require('child_process'); Reflect.apply(cp[k], null, ['x'])"],
  ['ruby', 'Kernel.send(:system, "x")'],
  ['ruby', 'Kernel.public_send("sys" + "tem", "x")'],
  ['ruby', 'Kernel.send :system, "x"'],
  ['ruby', 'Kernel.method(:system).call("x")'],
  ['ruby', 'Object.const_get(ARGV[0]).rm_rf("data")'],
  ['perl', 'my $f = "File::Path::rm"."tree"; &$f("data")'],
  ['perl', '&{"rm"."tree"}("data")'],
  ['perl', '*{"main::x"} = sub { 1 }'],
  ['php', '$f = "sys"."tem"; $f("x");'],
  ['php', 'call_user_func("sys"."tem", "x");'],
  ['php', 'array_map($argv[1], ["x"]);'],
  ['php', '$a = "sys"; $b = "tem"; ($a . $b)("x");'],
  // redteam21-fp1: literal names on fs that change files, and variables that aren't one literal.
  ['node', "require('fs')['renameSync']('data', '/tmp/x')"],
  ['node', "const fs = require('fs'); fs['copyFileSync']('/tmp/a', 'data/db.sqlite')"],
  ['node', "const m = 'rename' + 'Sync'; require('fs')[m]('data', '/tmp/x')"],
  ['node', "let m = 'readFileSync'; m = 'rmSync'; require('fs')[m]('data', {recursive: true})"],
  ['node', "const cp = require('child_process'); const k = 'exec' + 'Sync'; cp[k]('x')"],
  ['php', '$f = "file_get" . "_contents"; $f = "sys" . "tem"; $f("x");'],
  ['php', '$f = "file_get" . "_contents"; $f .= "x"; $f("x");'],
  ['php', '$f = "unl" . "ink"; $f("data/db.sqlite");'],
  ['php', '$f = "file_get_contents"; $$f = 1; $f("x");'],
];

const READABLE: Array<[InlineLang, string]> = [
  ['python', 'import json; print(json.dumps({"a": 1}))'],
  ['python', 'import os; print(getattr(os, "sep"))'],
  ['python', 'x = getattr(obj, "name", None)'],
  // A loop name over literal strings is each of them in turn (rt22fp3).
  ['python', 'import importlib\ns = importlib.import_module("config.settings")\nfor name in ("DEBUG", "PORT"):\n    print(name, getattr(s, name, None))'],
  ['python', 'import sys; print(sys.modules["json"])'],
  ['python', 'import importlib; print(importlib.import_module("json").dumps([1]))'],
  ['python', 'd = {"a": 1}; print(vars(args)["verbose"])'],
  ['node', 'const pkg = require("./package.json"); console.log(pkg["version"])'],
  ['node', 'const a = [1, 2, 3]; console.log(a[0], process.env["HOME"])'],
  ['node', 'const o = {a: 1}; const k = "a"; console.log(o[k])'],
  ['node', 'const k = process.argv[2]; console.log(require("./package.json")[k], require("path")[k])'],
  ['ruby', 'puts [1, 2].send(:map) { |x| x * 2 }.inspect'],
  ['ruby', 'puts 1.send(:+, 2)'],
  ['perl', 'print if /foo/ && $. > 3'],
  ['perl', 'my %h = (a => 1); print $h{a} & 1'],
  ['php', '$a = array_map("strtoupper", ["a"]); print_r($a);'],
  ['php', '$f = function($x) { return $x; }; echo $f(1);'],
  ['php', '$g = fn($x) => $x * 2; echo $g(2);'],
  ['perl', 'do { print 1 } while 0'],
  ['python', 'import ctypes; print(ctypes.sizeof(ctypes.c_int))'],
  ['node', 'import("./x.mjs").then(m => m.main())'],
  ['node', "const fs = require('fs'); (function () { console.log(fs.existsSync('x')) })()"],
  ['node', "const db = require('better-sqlite3')('x.db'); db.prepare('select 1').run()"],
  ['python', 'import platform; print(platform.system())'],
  ['python', 'import json; print(json.loads("[1]"))'],
  ['php', '(function () { echo 1; })();'],
  ['php', '$f = function ($x) { return $x * 2; }; $y = ($f)(21); print($y);'],
  ['python', 'import os; print(list(map(os.path.basename, ["a/b"])))'],
  ['python', 'import os; env = os.environ; print(env.get("HOME"))'],
  ['python', 'import shlex, subprocess; print(shlex.split("a b"))'],
  ['node', 'const fs = require("fs"); const read = fs.readFileSync; console.log(read("package.json", "utf8"))'],
  ['node', "const { execSync: run } = require('child_process'); console.log(1)"],
  // redteam21-fp1: a name built from literals the code shows, that only reads.
  ['node', 'const m = "read" + "FileSync"; console.log(require("fs")[m]("package.json", "utf8").length)'],
  ['node', 'const fs = require("fs"); console.log(fs["existsSync"]("x"))'],
  ['php', '$f = "file_get" . "_contents"; echo strlen($f("composer.json")), PHP_EOL;'],
];

describe('reflection makes interpreter code unknown', () => {
  for (const [lang, src] of UNKNOWN) it(`${lang}: ${src}`, () => expect(dynamic(lang, src).length, 'no dynamic entry').toBeGreaterThan(0));
});

describe('ordinary code near the reflection patterns stays readable', () => {
  for (const [lang, src] of READABLE) it(`${lang}: ${src}`, () => expect(dynamic(lang, src)).toEqual([]));
});
