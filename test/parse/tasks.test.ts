// parse/tasks.ts: just's and go-task's recipes read as the shell lines they run (fxopen).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { justRuns, taskRuns } from '../../src/parse/tasks.js';
import type { Word } from '../../src/parse/types.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'cs-tasks-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const w = (line: string): Word[] => line.split(' ').map((v) => ({ value: v, dynamic: false, glob: false, text: v }));
const texts = (r: { runs: Array<{ text: string }>; opaque?: string }) => (r.opaque ? `opaque: ${r.opaque}` : r.runs.map((x) => x.text));

describe('just', () => {
  it('reads the recipe, its dependencies first, with literal variables and parameters', () => {
    writeFileSync(path.join(dir, 'justfile'), 'out := "dist"\n\n# build it\nbuild: clean\n    @npm run build\nclean target=out:\n    -rm -rf {{target}} {{{{x}}\n');
    expect(texts(justRuns(w('just build'), dir))).toEqual(['rm -rf dist {{x}}', 'npm run build']);
    expect(texts(justRuns(w('just clean data'), dir))).toEqual(['rm -rf data {{x}}']);
    expect(texts(justRuns(w('just'), dir))).toEqual(['rm -rf dist {{x}}', 'npm run build']);
    expect(texts(justRuns(w('just --set out data clean'), dir))).toEqual(['rm -rf data {{x}}']);
    expect(justRuns(w('just -n clean'), dir).runs).toEqual([]);
    expect(justRuns(w('just nosuch'), dir)).toMatchObject({ runs: [] });
  });
  it('is unknown where it can\'t read: a value only known at run time, another shell, an import', () => {
    writeFileSync(path.join(dir, 'justfile'), 'clean:\n    rm -rf {{env_var("OUT")}}\n');
    expect(texts(justRuns(w('just clean'), dir))).toEqual(['rm -rf $(__task_unknown)']);
    writeFileSync(path.join(dir, 'justfile'), 'set shell := ["python3", "-c"]\nclean:\n    x\n');
    expect(justRuns(w('just clean'), dir).opaque).toMatch(/another shell/);
    writeFileSync(path.join(dir, 'justfile'), "import 'other.just'\nclean:\n    x\n");
    expect(justRuns(w('just clean'), dir).opaque).toMatch(/reads another file/);
    writeFileSync(path.join(dir, 'justfile'), 'clean:\n    #!/usr/bin/env python3\n    import shutil\n');
    expect(justRuns(w('just clean'), dir).opaque).toMatch(/runs with/);
    writeFileSync(path.join(dir, 'justfile'), 'd := `cat target.txt`\nclean:\n    rm -rf {{d}}\n');
    expect(texts(justRuns(w('just clean'), dir))).toEqual(['cat target.txt', 'rm -rf $(__task_unknown)']);
  });
});

describe('the environment recipes get', () => {
  it("just: export, set export, set dotenv-load", () => {
    writeFileSync(path.join(dir, '.env'), "DIR=data\n");
    writeFileSync(path.join(dir, 'justfile'), 'set dotenv-load\nexport OUT := "dist"\nclean:\n    rm -rf $DIR $OUT\n');
    expect(texts(justRuns(w('just clean'), dir))).toEqual(["export DIR='data'\nexport OUT='dist'\nrm -rf $DIR $OUT"]);
    writeFileSync(path.join(dir, 'justfile'), 'set export\nx := `cat f`\nclean:\n    rm -rf $x\n');
    expect(texts(justRuns(w('just clean'), dir))).toEqual(['cat f', 'export x="$(__task_unknown)"\nrm -rf $x']);
  });
  it('go-task: env and dotenv', () => {
    writeFileSync(path.join(dir, '.env'), "DIR=data\n");
    writeFileSync(path.join(dir, 'Taskfile.yml'), "version: '3'\ndotenv: ['.env', 'missing.env']\ntasks:\n  clean:\n    env:\n      OUT:\n        sh: echo x\n    cmds:\n      - rm -rf $DIR $OUT\n");
    expect(texts(taskRuns(w('task clean'), dir))).toEqual(['export DIR=\'data\'\nexport OUT="$(__task_unknown)"\nrm -rf $DIR $OUT']);
  });
});

describe('go-task', () => {
  it('reads a task, its deps and task calls, with literal vars', () => {
    writeFileSync(path.join(dir, 'Taskfile.yml'), "version: '3'\nvars:\n  OUT: bin\ntasks:\n  clean: rm -rf {{.OUT}}\n  default:\n    deps: [clean]\n    cmds:\n      - go build -o {{.OUT}}/app .\n      - task: lint\n  lint:\n    cmds:\n      - cmd: golangci-lint run {{.CLI_ARGS}}\n");
    expect(texts(taskRuns(w('task'), dir))).toEqual(['rm -rf bin', 'go build -o bin/app .', 'golangci-lint run ']);
    expect(texts(taskRuns(w('task clean OUT=data'), dir))).toEqual(['rm -rf data']);
    expect(taskRuns(w('task --dry clean'), dir).runs).toEqual([]);
    expect(taskRuns(w('task nosuch'), dir)).toMatchObject({ runs: [] });
  });
  it('is unknown for sh: vars, includes and loops', () => {
    writeFileSync(path.join(dir, 'Taskfile.yml'), "version: '3'\ntasks:\n  x:\n    vars:\n      D:\n        sh: echo data\n    cmds:\n      - rm -rf {{.D}}\n");
    expect(taskRuns(w('task x'), dir).opaque).toMatch(/vars that can't be read/);
    writeFileSync(path.join(dir, 'Taskfile.yml'), "version: '3'\nincludes:\n  db: ./db\ntasks:\n  x: echo\n");
    expect(taskRuns(w('task x'), dir).opaque).toMatch(/includes/);
  });
});
