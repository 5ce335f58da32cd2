// Open items from earlier red teams (fx17): each reading, both ways.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';
import type { Invocation } from '../../src/parse/index.js';
import { jqSet, nodeJsonEdit } from '../../src/parse/writes.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-fx17-');
});
afterAll(() => fx.cleanup());

const decision = async (line: string): Promise<string> => (await check(line, fx.ctx)).decision;

describe('a checked-in script missing from disk after a project-code runner', () => {
  it('was missing before: a test run, migration or client generator does not write bin/ or scripts/', async () => {
    for (const line of ['bin/rails db:test:prepare && bin/rspec', 'bundle exec rails db:migrate && bin/rails s', 'npx prisma generate && node scripts/seed.js', 'poetry run pytest && ./scripts/check.sh', 'python -m pytest && python scripts/report.py', 'python manage.py migrate && ./scripts/seed.sh']) {
      expect(await decision(line), line).toBe('allow');
    }
  });
  it('stays unknown elsewhere, after code the line shows or names, or when the runner names the place', async () => {
    for (const line of ['python gen.py && sh out.sh', 'python gen.py && sh scripts/out.sh', 'bin/rails db:migrate && sh out.sh', 'npx prisma generate && node generated/seed.js', 'bin/rails generate task x && bin/x', `bin/rails runner 'File.write("bin/x", "rm -rf data")' && sh bin/x`, 'pytest --basetemp=bin && sh bin/x', `python manage.py shell -c 'open("bin/x", "w")' && sh bin/x`, 'python gen.py migrate && bin/x']) {
      expect(await decision(line), line).toBe('confirm');
    }
  });
});

describe('nodeJsonEdit: node -e setting keys of package.json', () => {
  const w = (value: string) => ({ value, dynamic: false, glob: false, text: value });
  const edit = (code: string, before: string | null = '{"scripts":{"test":"vitest"}}') => nodeJsonEdit({ argv: [w('node'), w('-e'), w(code)] } as unknown as Invocation, () => before);
  it('replays literal assignments and the write back', () => {
    expect(edit(`const p=require('./package.json'); p.scripts.x='echo hi'; require('fs').writeFileSync('package.json', JSON.stringify(p))`)).toEqual({ file: 'package.json', text: '{"scripts":{"test":"vitest","x":"echo hi"}}' });
    expect(edit(`const fs = require("node:fs")\nconst p = JSON.parse(fs.readFileSync("package.json", "utf8"))\np["scripts"]["x"] = "a"\nfs.writeFileSync("./package.json", JSON.stringify(p, null, 2) + "\\n")`)?.text).toBe('{\n  "scripts": {\n    "test": "vitest",\n    "x": "a"\n  }\n}\n');
    // Not there: the keys set on an empty one.
    expect(edit(`const p=require('./package.json'); p.scripts.x='y'; require('fs').writeFileSync('package.json', JSON.stringify(p))`, '')?.text).toBe('{"scripts":{"x":"y"}}');
    expect(edit(`const p=require('./package.json'); p.scripts.x='y'; require('fs').writeFileSync('package.json', JSON.stringify(p))`, null)).toEqual({ file: 'package.json', text: null });
  });
  it('is undefined for anything else', () => {
    for (const code of [
      `const p=require('./package.json'); p.scripts.x=process.env.X; require('fs').writeFileSync('package.json', JSON.stringify(p))`,
      `const p=require('./package.json'); p.scripts.x='y'; require('fs').writeFileSync('other.json', JSON.stringify(p))`,
      `const p=require('./package.json'); p.scripts.x='y'; require('fs').writeFileSync('package.json', JSON.stringify(p)); require('fs').writeFileSync('a.sh', 'x')`,
      `const p=require('./package.json'); p.scripts.x='y' // c\nrequire('fs').writeFileSync('package.json', JSON.stringify(p))`,
      `const p=require('./package.json'); p.scripts.x=\`\${1}\`; require('fs').writeFileSync('package.json', JSON.stringify(p))`,
      `const p=require('./package.json'); p.nope.x='y'; require('fs').writeFileSync('package.json', JSON.stringify(p))`,
      `const p=require('./package.json'); p.scripts.x='y'`,
    ]) expect(edit(code), code).toBeUndefined();
  });
});

describe('sys.argv and process.argv of inline code', () => {
  it('are the literal words after the code', async () => {
    for (const line of [`node -e 'require("fs").rmSync(process.argv[1], {recursive: true})' dist`, `python3 -c 'import shutil, sys; shutil.rmtree(sys.argv[1])' build`, `python3 -c 'import os, sys; os.system(sys.argv[1])' 'ls -la'`]) {
      expect(await decision(line), line).toBe('allow');
    }
    for (const line of [`node -e 'require("fs").rmSync(process.argv[1], {recursive: true})' data`, `python3 -c 'import shutil; from sys import argv; shutil.rmtree(argv[1])' data`, `python3 -c 'import os, sys; os.system(sys.argv[1])' 'rm -rf data'`]) {
      expect(await decision(line), line).toBe('confirm');
    }
  });
  it('stay unknown when the word is missing, only known at run time, or an option of node', async () => {
    for (const line of [`node -e 'require("fs").rmSync(process.argv[2], {recursive: true})' dist`, `node -e 'require("fs").rmSync(process.argv[1], {recursive: true})' "$X"`, `node -e 'require("fs").rmSync(process.argv[1], {recursive: true})' --x`, `python3 -c 'import shutil, sys; shutil.rmtree(sys.argv[0])' build`]) {
      expect(await decision(line), line).toBe('confirm');
    }
  });
});

describe('an app tool run in a pod through kubectl exec', () => {
  it('a binstub of the image is run, not read from here; a reset is the cluster\'s', async () => {
    for (const line of ['kubectl exec -it deploy/app -- bin/rails db:migrate:status', 'kubectl exec deploy/app -- ./manage.py showmigrations']) expect(await decision(line), line).toBe('allow');
    for (const line of ['kubectl exec deploy/app -- bin/rails db:reset', 'kubectl exec deploy/app -- python manage.py flush --no-input', 'kubectl exec deploy/app -- sh bin/x', 'kubectl cp x pod:/app/bin/x && kubectl exec pod -- bin/x', 'scp wipe.sh prod: && ssh prod ./wipe.sh', 'ssh prod sh ./wipe.sh']) expect(await decision(line), line).toBe('confirm');
  });
});

describe('jqSet with --arg and --argjson', () => {
  const w = (value: string) => ({ value, dynamic: false, glob: false, text: value });
  const jq = (...a: string[]) => jqSet({ name: 'jq', argv: [w('jq'), ...a.map(w)] } as unknown as Invocation, () => '{"scripts":{}}');
  it('sets keys to the named values', () => {
    expect(jq('-c', '--arg', 'k', 'echo hi', '.scripts.x = $k', 'package.json')).toBe('{"scripts":{"x":"echo hi"}}\n');
    expect(jq('-c', '--argjson', 'n', '{"a":1}', '.scripts.x = $n | .b = $n', 'package.json')).toBe('{"scripts":{"x":{"a":1}},"b":{"a":1}}\n');
  });
  it('is unknown for a name not bound, $ENV, or a bad --argjson', () => {
    expect(jq('--arg', 'k', 'x', '.scripts.x = $j', 'package.json')).toBeUndefined();
    expect(jq('--arg', 'k', 'x', '.scripts.x = $ENV', 'package.json')).toBeUndefined();
    expect(jq('--argjson', 'k', 'nope', '.scripts.x = $k', 'package.json')).toBeUndefined();
    expect(jq('--arg', 'k', '.scripts.x = $k', 'package.json')).toBeUndefined();
  });
});

describe('task files: what runs is read, what is not read is unknown', () => {
  const q = (l: string) => `'${l.replace(/'/g, `'\\''`)}'`;
  const just = (body: string) => `printf '%s\\n' ${body.split('\n').map(q).join(' ')} > justfile && just clean`;
  const task = (body: string) => `printf '%s\\n' ${["version: '3'", 'tasks:', ...body.split('\n')].map(q).join(' ')} > Taskfile.yml && task build`;
  it('reads a recipe\'s working directory and a task\'s checks', async () => {
    expect(await decision(just("[working-directory('/')]\nclean:\n  rm -rf etc"))).toBe('confirm');
    expect(await decision(just("[working-directory: 'web']\nclean:\n  rm -rf dist"))).toBe('allow');
    expect(await decision(just("[private, linux]\n[doc('x')]\nclean:\n  rm -rf dist"))).toBe('allow');
    expect(await decision(task('  build:\n    preconditions:\n      - sh: rm -rf data\n    cmds:\n      - echo hi'))).toBe('confirm');
    expect(await decision(task('  build:\n    status:\n      - rm -rf data\n    cmds:\n      - echo hi'))).toBe('confirm');
    expect(await decision(task('  build:\n    preconditions:\n      - test -f go.mod\n    status:\n      - test -f bin/app\n    cmds:\n      - echo hi'))).toBe('allow');
  });
  it('fails closed on attributes and keys it does not know', async () => {
    expect(await decision(just('[sandbox]\nclean:\n  rm -rf dist'))).toBe('confirm');
    expect(await decision(just('[working-directory(x)]\nclean:\n  rm -rf dist'))).toBe('confirm');
    expect(await decision(task('  build:\n    newkey: x\n    cmds:\n      - echo hi'))).toBe('confirm');
  });
});

describe('a kube context switched with ; or a newline', () => {
  let kfx: ReturnType<typeof bareFixture>;
  beforeAll(() => {
    kfx = bareFixture('countersign-fx17-kube-');
    writeFileSync(path.join(kfx.ctx.home!, '.kube', 'config'), 'apiVersion: v1\nkind: Config\ncurrent-context: kind-dev\ncontexts:\n- name: kind-dev\n  context: { cluster: kind-dev }\n- name: prod\n  context: { cluster: prod }\nclusters:\n- name: kind-dev\n  cluster: { server: https://127.0.0.1:6443 }\n- name: prod\n  cluster: { server: https://k8s.prod.example.com }\n');
  });
  afterAll(() => kfx.cleanup());
  const env = async (line: string) => (await check(line, kfx.ctx)).findings.find((f) => f.rule.startsWith('kubernetes/'))?.target.environment;
  it('may be the context switched to (or, had it failed, the one before): the strictest stands', async () => {
    expect(await env('kubectl delete ns app')).toBe('local');
    expect(await env('kubectl config use-context prod && kubectl delete ns app')).toBe('production');
    expect(await env('kubectl config use-context prod; kubectl delete ns app')).toBe('production');
    expect(await env('kubectl config use-context prod\nkubectl delete ns app')).toBe('production');
    expect(await env('kubectl config use-context kind-dev; kubectl delete ns app')).toBe('local');
    expect(await env('kubectl config use-context "$(cat ctx)"; kubectl delete ns app')).toBe('unknown');
    expect(await env('kubectl config use-context prod; kubectl --context kind-dev delete ns app')).toBe('local');
  });
});

describe('credential directories under the home', () => {
  it('pause when deleted; caches inside tool directories do not', async () => {
    for (const line of ['rm -rf ~/.docker', 'rm -f ~/.docker/config.json', 'rm -rf ~/.railway', 'rm -rf ~/.azure', 'rm -rf ~/.config/gh', 'rm -rf ~/.terraform.d', 'rm -f ~/.pulumi/credentials.json', 'rm -rf ~/.password-store']) expect(await decision(line), line).toBe('confirm');
    for (const line of ['rm -rf ~/.docker/buildx', 'rm -rf ~/.terraform.d/plugin-cache', 'rm -rf ~/.pulumi/plugins', 'rm -rf ~/.cache/pip']) expect(await decision(line), line).toBe('allow');
  });
});

describe('names-only is registry data a team can declare', () => {
  let tfx: ReturnType<typeof bareFixture>;
  beforeAll(() => {
    tfx = bareFixture('countersign-fx17-names-');
    writeFileSync(path.join(tfx.ctx.cwd!, '.countersign.yaml'), 'protected-paths: [data]\nprograms:\n  ourctl:\n    names-only:\n      subcommands: [deploy, "env list"]\n      except: [deploy pull]\n      writes: [-o]\n');
  });
  afterAll(() => tfx.cleanup());
  const d = async (line: string) => (await check(line, tfx.ctx)).decision;
  it('builtin entries keep their reading', async () => {
    for (const line of ['git stash && ./gradlew test', 'docker compose -f x.yml up -d && ./scripts/x.sh', 'kubectl apply -f k8s/ && ./scripts/smoke.sh', 'gh run list && ./x.sh']) expect(await d(line), line).toBe('allow');
    for (const line of ['git stash pop && ./wipe.sh', 'docker save -o img.tar x && ./x.sh', 'curl -sOJ https://x.example/dl && bash wipe.sh', 'kubectl cp pod:/tmp/x . && bash x/run.sh', 'gh run download 1 && ./x.sh']) expect(await d(line), line).toBe('confirm');
  });
  it('a team program: its sub-commands, exceptions and writing options', async () => {
    for (const line of ['ourctl deploy && ./scripts/smoke.sh', 'ourctl env list && ./x.sh']) expect(await d(line), line).toBe('allow');
    for (const line of ['ourctl deploy pull && ./scripts/smoke.sh', 'ourctl deploy -o x && ./scripts/smoke.sh', 'ourctl fetch && ./x.sh']) expect(await d(line), line).toBe('confirm');
  });
});
