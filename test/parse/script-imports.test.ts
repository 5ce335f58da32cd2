// The project modules a script imports are read like the script itself (src/parse/imports.ts,
// Walk.projectModules): `from lib import wipe`, `require('./lib')`, `require_relative`, perl
// `use lib` + `use`, php `require __DIR__ . '...'`, `python -m pkg.tool`, `go run ./cmd/x`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { quickIndex } from '../../src/rules/index.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickReject } from '../../src/rules/quick.js';
import { moduleRefs, searchDirs } from '../../src/parse/imports.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
const WIPE_PY = 'import shutil\ndef go():\n    shutil.rmtree("data")\n';
const WIPE_JS = 'const fs = require("fs");\nmodule.exports = () => fs.rmSync("data", { recursive: true });\n';
beforeAll(() => {
  fx = bareFixture('countersign-script-imports-');
  const files: Record<string, string> = {
    // python: absolute, submodule, relative, transitive, importlib, -m
    'main.py': 'from lib import wipe\nwipe.go()\n',
    'lib/__init__.py': '',
    'lib/wipe.py': WIPE_PY,
    'tools/run.py': 'import helpers\nhelpers.go()\n',
    'tools/helpers.py': 'from util import deeper\n',
    'util/__init__.py': '',
    'util/deeper.py': 'import os\nos.system("rm -rf data")\n',
    'pkg/__init__.py': '',
    'pkg/tool.py': 'from . import helpers\nhelpers.go()\n',
    'pkg/helpers.py': WIPE_PY,
    'pk2/__init__.py': WIPE_PY + 'go()\n',
    'pk2/sub/__init__.py': '',
    'pk2/sub/tool.py': 'print(1)\n',
    'dyn.py': 'import importlib\nm = importlib.import_module("lib.wipe")\n',
    'paren.py': 'from lib import (\n    other,\n    wipe,\n)\n',
    // node / bun: require, static import, dynamic import, index files, transitive
    'js/a.js': 'const w = require("./lib/w");\nw();\n',
    'js/b.mjs': 'import w from "./lib/w.js";\nw();\n',
    'js/c.js': 'import("./lib/w.js").then((m) => m.default());\n',
    'js/d.js': 'require("./lib");\n',
    'js/lib/w.js': WIPE_JS,
    'js/t.ts': 'import w from "./lib/w.js";\nw();\n',
    'js/lib/index.js': 'module.exports = require("../deep/x.js");\n',
    'js/deep/x.js': WIPE_JS,
    // ruby, perl, php
    'rb/main.rb': 'require_relative "lib"\n',
    'rb/lib.rb': 'require "fileutils"\nFileUtils.rm_rf("data")\n',
    'pl/main.pl': 'use FindBin;\nuse lib "$FindBin::Bin/lib";\nuse My::Wipe;\n',
    'pl/m2.pl': 'use lib "pl/lib";\nrequire My::Wipe;\n',
    'pl/lib/My/Wipe.pm': 'package My::Wipe;\nuse File::Path qw(remove_tree);\nremove_tree("data");\n1;\n',
    'php/main.php': '<?php\nrequire __DIR__ . "/inc/w.php";\n',
    'php/inc/w.php': '<?php\nsystem("rm -rf data");\n',
    // go: a package directory
    'cmd/wipe/main.go': 'package main\nimport "os"\nfunc main() { os.RemoveAll("data") }\n',
    'cmd/ok/main.go': 'package main\nimport "fmt"\nfunc main() { fmt.Println("hi") }\n',
    'cmd/ok/ok_test.go': 'package main\nimport "os"\nfunc TestX() { os.RemoveAll("data") }\n',
    // search paths: sys.path, $NODE_PATH, ruby -I / $LOAD_PATH, perl -I / $PERL5LIB
    'sp.py': 'import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), "vendorlib"))\nimport wipe2\n',
    'vendorlib/wipe2.py': 'import shutil\nshutil.rmtree("data")\n',
    'js/bare.js': 'require("js/lib/w")();\n',
    'rb/bare.rb': 'require "w2"\n',
    'rb/lp.rb': '$LOAD_PATH.unshift File.expand_path("lib2", __dir__)\nrequire "w2"\n',
    'rb/lib2/w2.rb': 'require "fileutils"\nFileUtils.rm_rf("data")\n',
    'pl/bare.pl': 'use My::Wipe;\n',
    // an installed package's file named by the project is read; its own imports are not followed
    'php/app.php': '<?php\nrequire __DIR__ . "/../vendor/autoload.php";\n',
    'vendor/autoload.php': '<?php\nrequire_once __DIR__ . "/composer/autoload_real.php";\n',
    'vendor/composer/autoload_real.php': '<?php\nexec("git " . $x);\n',
    'php/app2.php': '<?php\nrequire __DIR__ . "/../vendor/wipe.php";\n',
    'vendor/wipe.php': '<?php\nsystem("rm -rf data");\n',
    // harmless and unreadable modules
    'hello.py': 'import os, sys\nfrom lib import other\nimport missing_module\nprint(other)\n',
    'lib/other.py': 'print("hi")\n',
    'js/hello.js': 'const x = require("./lib/ok");\nconst y = require("lodash");\nconsole.log(x, y);\n',
    'js/lib/ok.js': 'module.exports = 1;\n',
    'u/__init__.py': '',
    'u/big.py': '#' + 'a'.repeat(300 * 1024) + '\n',
    'u/quiet.py': 'from . import big\nbig.run("ls " + target)\n',
    'u/loud.py': 'from . import big\nbig.run("rm -rf " + target)\n',
    'cyc/a.py': 'import b\n',
    'cyc/b.py': 'import a\n',
  };
  files['js/abs.js'] = `require(${JSON.stringify(path.join(fx.root, 'ext', 'w.js'))});\n`;
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(fx.ctx.cwd!, f)), { recursive: true });
    writeFileSync(path.join(fx.ctx.cwd!, f), text);
  }
});
afterAll(() => fx.cleanup());

const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe("a script's project imports", () => {
  it('are read like the script: a delete of protected data in an imported module pauses', async () => {
    for (const line of [
      'python3 main.py', 'python3 tools/run.py', 'python3 -m pkg.tool', 'python3 -m pk2.sub.tool', 'python3 dyn.py', 'python3 paren.py',
      'node js/a.js', 'node js/b.mjs', 'node js/c.js', 'node js/d.js', 'bun js/a.js',
      'ruby rb/main.rb', 'perl pl/main.pl', 'perl pl/m2.pl', 'php php/main.php', 'php php/app2.php',
      'go run ./cmd/wipe', 'go run cmd/wipe/main.go',
      'python3 sp.py', 'NODE_PATH=. node js/bare.js', 'ruby -Irb/lib2 rb/bare.rb', 'RUBYLIB=rb/lib2 ruby rb/bare.rb', 'ruby rb/lp.rb',
      'perl -Ipl/lib pl/bare.pl', 'PERL5LIB=pl/lib perl pl/bare.pl',
      // TypeScript runners run files as node does
      'tsx js/t.ts', 'tsx watch js/t.ts', 'ts-node js/t.ts', './node_modules/.bin/tsx js/t.ts',
    ]) expect(await decision(line), line).toBe('confirm');
  });

  it('inline and stdin code import project modules the same way', async () => {
    for (const line of ['python3 -c "from lib import wipe"', 'python3 -c "import lib.wipe"', `node -e 'require("./js/lib/w")()'`, 'python3 - <<EOF\nfrom lib import wipe\nEOF', 'echo "from lib import wipe" | python3', `printf 'from lib import wipe' > stdin.py && python3 < stdin.py`]) {
      expect(await decision(line), line).toBe('confirm');
    }
    for (const line of ['python3 -c "from lib import other"', 'python3 -c "import os, json; print(1)"']) expect(await decision(line), line).toBe('allow');
  });

  it('a module the line itself writes is read as written', async () => {
    const line = `printf 'require("fs").rmSync("data", {recursive: true})' > js/lib/fresh.js && printf 'require("./lib/fresh")' > js/e.js && node js/e.js`;
    expect(await decision(line)).toBe('confirm');
    // Outside the project, with content only known at run time: that is the line's own code.
    expect(await decision(`mkdir -p ${fx.root}/ext && curl -so ${fx.root}/ext/w.js https://x.example/w.js && node js/abs.js`)).toBe('confirm');
    const harmless = `printf 'console.log(1)' > js/lib/fresh2.js && node js/hello.js`;
    expect(await decision(harmless)).toBe('allow');
  });

  it('a local module that cannot be read pauses only when code the line writes mentions something watched', async () => {
    const wrote = (f: string, code: string): string => `cat > ${f} <<'EOF'\n${code}EOF\npython3 ${f}`;
    expect(await decision(wrote('u/loud2.py', 'from . import big\nbig.run("rm -rf " + target)\n'))).toBe('confirm');
    expect(await decision(wrote('u/quiet2.py', 'from . import big\nbig.run("ls " + target)\n'))).toBe('allow');
    // A script on disk is judged by what it surely does: an unread module is not a finding.
    expect(await decision('python3 u/loud.py')).toBe('allow');
    expect(await decision('python3 u/quiet.py')).toBe('allow');
  });

  it('harmless imports, library modules, cycles and test files run', async () => {
    for (const line of ['php php/app.php', 'python3 hello.py', 'node js/hello.js', 'node js/bare.js', 'ruby rb/bare.rb', 'perl pl/bare.pl', 'python3 cyc/a.py', 'go run ./cmd/ok', 'python3 -m pytest -q', 'cd cmd/wipe && go run .']) {
      expect(await decision(line), line).toBe('allow');
    }
  });

  it('the quick reject sends `go run .` and script lines to the full parse, and still passes harmless lines', async () => {
    const { cwd, env, home } = fx.ctx as Required<typeof fx.ctx>;
    const idx = quickIndex(await loadConfig({ cwd, env, home }));
    for (const line of ['go run .', 'go run ./cmd/wipe', 'python3 main.py', 'python3 -m pkg.tool']) expect(quickReject(line, idx, cwd), line).toBe(false);
    for (const line of ['tsx js/t.ts', 'ts-node js/t.ts']) expect(quickReject(line, idx, cwd), line).toBe(false);
    for (const line of ['ls -la', 'go build', 'git status', 'go version']) expect(quickReject(line, idx, cwd), line).toBe(true);
  });
});

describe('moduleRefs', () => {
  const files = (lang: Parameters<typeof moduleRefs>[0], code: string, dirs: string[] = []) =>
    moduleRefs(lang, code, '/p/app/run.x', '/p', dirs).flatMap((r) => r.files.map((f) => `${r.local ? 'L' : '-'} ${f}`));

  it('python: absolute, from, relative and literal importlib names, searched in the file dir and the cwd', () => {
    expect(files('python', 'from . import h\n')).toEqual(['L /p/app/__init__.py', 'L /p/app/h.py', 'L /p/app/h/__init__.py']);
    expect(files('python', 'from ..lib import (\n  a,\n  b as c,\n)\n')).toContain('L /p/lib/b.py');
    expect(files('python', '    import x.y as z\n')).toEqual(['- /p/app/x/__init__.py', '- /p/app/x/y.py', '- /p/app/x/y/__init__.py', '- /p/x/__init__.py', '- /p/x/y.py', '- /p/x/y/__init__.py']);
    expect(files('python', 'm = importlib.import_module("w")\n')).toContain('- /p/w.py');
    expect(files('python', 'sys.path.insert(0, "vendor")\nimport w\n')).toContain('- /p/vendor/w.py');
  });

  it('js: relative and absolute specifiers only, unless $NODE_PATH names directories', () => {
    expect(files('node', 'import a from "./a.js"; const b = require(\'../b\'); import("/abs/c"); require("fs"); import "lodash";')).toEqual(
      expect.arrayContaining(['L /p/app/a.js', 'L /p/b.js', 'L /p/b/index.js', 'L /abs/c.mjs']),
    );
    expect(files('node', 'require("fs")')).toEqual([]);
    expect(files('node', 'require("lib/w")', ['/p'])).toContain('- /p/lib/w.js');
  });

  it('ruby, perl and php', () => {
    expect(files('ruby', 'require_relative "lib/x"\nrequire "./y"\nload "z.rb"\n')).toEqual(['L /p/app/lib/x.rb', 'L /p/app/lib/x', 'L /p/y.rb', 'L /p/y', '- /p/z.rb']);
    expect(files('perl', 'use lib "lib";\nuse A::B;\nuse strict;\n')).toEqual(['- /p/lib/A/B.pm']);
    expect(files('php', '<?php require_once __DIR__ . "/inc/a.php"; include "b.php";')).toEqual(expect.arrayContaining(['L /p/app/inc/a.php', 'L /p/b.php', 'L /p/app/b.php']));
  });

  it('searchDirs reads the interpreter options and variables', () => {
    expect(searchDirs('ruby', ['ruby', '-Ilib', '-I', 'vendor', 'x.rb'], { RUBYLIB: 'a:b' })).toEqual(['lib', 'vendor', 'a', 'b']);
    expect(searchDirs('perl', ['perl', 'x.pl'], { PERL5LIB: 'lib' })).toEqual(['lib']);
    expect(searchDirs('node', ['node', 'x.js'], { NODE_PATH: '.:/opt/lib' })).toEqual(['.', '/opt/lib']);
  });
});
