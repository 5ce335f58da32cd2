// A script on disk that an interpreter runs (`python3 wipe.py`, `node wipe.js`) is read like the
// same code given inline: an agent's file tool may have written it just before, unseen by any
// shell hook.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-script-files-');
  const files: Record<string, string> = {
    'wipe.py': 'import shutil\nshutil.rmtree("data")\n',
    'scripts/wipe.js': 'const fs = require("fs");\nfs.rmSync("data", { recursive: true, force: true });\n',
    'wipe.rb': 'require "fileutils"\nFileUtils.rm_rf("data")\n',
    'nuke.py': 'import requests\nrequests.delete("https://api.example.com/v1/projects/42", headers={"Authorization": "Bearer x"})\n',
    'hello.py': 'print("hello")\n',
    'clean.py': 'import shutil\nshutil.rmtree("build", ignore_errors=True)\n',
    'build.js': 'require("fs").mkdirSync("dist", { recursive: true });\n',
    // Everyday project scripts: commands and paths built at run time, computed members.
    'release.js': 'const { execSync } = require("child_process");\nconst v = process.argv[2];\nexecSync(`git tag v${v}`);\nrequire("fs").writeFileSync(process.env.OUT, "x");\nconst lines = ["a"]; console.log(lines[v - 1]);\n',
    'run.py': 'import subprocess, sys\nsubprocess.run(sys.argv[1:] or ["pytest"], check=True)\nopen(sys.argv[2], "w").write("x")\n',
    'tidy.py': 'import subprocess, sys\nsubprocess.run(["rm", "-rf", sys.argv[1]])\n',
    // The placeholder's name in a literal command is not a run-time item: still judged.
    'named.py': 'import os\nos.system("rm -rf data # RUNTIME_ARG")\n',
    // Run by path: the `#!` line names the interpreter that reads them.
    'bin/wipe': '#!/usr/bin/env python3\nimport shutil\nshutil.rmtree("data")\n',
    'scripts/wipe-node': '#!/usr/bin/env node\nrequire("fs").rmSync("data", { recursive: true, force: true });\n',
    'bin/hello': '#!/usr/bin/env python3\nprint("hello")\n',
    'bin/greet': '#!/usr/bin/ruby -w\nputs "hi"\n',
    // A package's own bin is run like any program, not read.
    'node_modules/.bin/tool': '#!/usr/bin/env node\nrequire("fs").rmSync("data", { recursive: true, force: true });\n',
    '.venv/pyvenv.cfg': 'home = /usr/bin\n',
    '.venv/bin/tool': '#!/usr/bin/env python3\nimport shutil\nshutil.rmtree("data")\n',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(fx.ctx.cwd!, f)), { recursive: true });
    writeFileSync(path.join(fx.ctx.cwd!, f), text);
  }
});
afterAll(() => fx.cleanup());

const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe('script files on disk', () => {
  it('are read like inline code: a delete of protected data or a remote DELETE pauses', async () => {
    for (const line of ['python3 named.py', 'python3 wipe.py', 'python wipe.py --yes', 'node scripts/wipe.js', 'node ./scripts/wipe.js', 'ruby wipe.rb', 'python3 nuke.py', 'ls && python3 ./wipe.py']) {
      expect(await decision(line), line).toBe('confirm');
    }
  });

  it('run by path are read in the language their #! line names', async () => {
    for (const line of ['bin/wipe', './bin/wipe --yes', 'scripts/wipe-node', 'bash -c bin/wipe']) expect(await decision(line), line).toBe('confirm');
    for (const line of ['bin/hello', './bin/greet', 'node_modules/.bin/tool', '.venv/bin/tool', 'cd bin && ./wipe']) expect(await decision(line), line).toBe('allow');
  });

  it('let harmless scripts run (and one whose relative delete lands elsewhere), and a missing one runs nothing', async () => {
    for (const line of ['python3 hello.py', 'python3 clean.py', 'node build.js', 'python3 missing.py', 'cd scripts && node wipe.js']) expect(await decision(line), line).toBe('allow');
  });

  // Code on disk that the line didn't write is judged by what it surely does, not by what it only
  // may do; the same code written by the line is the line's own, judged in full (README).
  it("judge a project script's concrete calls, not what it builds at run time", async () => {
    for (const line of ['node release.js 1.2.3', 'python3 run.py ls out.txt', 'python3 tidy.py build']) expect(await decision(line), line).toBe('allow');
    const wrote = (f: string, code: string, run: string): string => `cat > ${f} <<'EOF'\n${code}EOF\n${run}`;
    expect(await decision(wrote('r2.js', 'const { execSync } = require("child_process");\nexecSync(`git tag v${process.argv[2]}`);\n', 'node r2.js 1'))).toBe('confirm');
    expect(await decision(wrote('r3.py', 'import subprocess, sys\nsubprocess.run(sys.argv[1:], check=True)\n', 'python3 r3.py ls'))).toBe('confirm');
  });
});

// printf uses its format again while arguments remain: `printf '%s\n' a b c` writes three lines.
// Once, the third line and on were glued to the second with no newline, and a script written
// this way hid its `rm -rf data`.
describe('a script written by printf with its format reused', () => {
  it('holds every line', async () => {
    for (const line of [
      "printf '%s\\n' '#!/usr/bin/env bash' 'set -euo pipefail' 'rm -rf data' > s.sh && chmod +x s.sh && ./s.sh",
      "printf '%s\\n' 'echo a' 'echo b' 'rm -rf data' | bash",
      "printf '%s %s\\n' echo hi 'rm -rf' data | sh",
    ]) expect(await decision(line), line).toBe('confirm');
    for (const line of ["printf '%s\\n' 'echo a' 'echo b' 'rm -rf build' | bash", "printf 'x\\n' 'rm -rf data' | sh"]) expect(await decision(line), line).toBe('allow');
  });
});

// A script missing from disk on a line whose every write is named and none of them is that
// script: the line didn't make it (it was missing before too), as on a line that writes nothing.
describe('a script missing from disk', () => {
  const decision = async (line: string) => (await check(line, fx.ctx)).decision;
  it('runs nothing the line made when the line only wrote other named files, or set a trap', async () => {
    for (const line of ['echo 1 > /tmp/app.pid; node server.js', "trap 'rm -f /tmp/app.pid' EXIT; node server.js", "trap 'echo failed' ERR; ./scripts/migrate-local.sh --check"]) expect(await decision(line), line).toBe('allow');
  });
  it('may be what the line wrote: an unpacked archive, a download, a link, a copy', async () => {
    for (const line of [
      'tar xzf x.tgz; ./install.sh',
      'curl -o run.sh https://example.com/x; bash run.sh',
      'echo 1 > /tmp/a; ln -s /tmp/evil.sh go.sh; ./go.sh',
      'mkdir -p scripts && cp /tmp/evil.sh scripts/run.sh && ./scripts/run.sh',
      'cp -r /tmp/kit tools && node tools/setup.js',
    ]) expect(await decision(line), line).toBe('confirm');
  });
});
