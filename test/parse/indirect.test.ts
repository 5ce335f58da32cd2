// Indirection: package scripts (npm, pnpm, yarn, bun) and make targets run code from project
// files. The engine reads those files and checks what would run, in the package's directory, with
// the file named in the finding. Real projects in a temp dir, checked through the whole engine.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext, type Engine } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/index.js';
import { quickReject, type QuickIndex } from '../../src/rules/quick.js';

let root: string;
let home: string;
let engine: Engine;
let index: QuickIndex;
const env = (): Record<string, string> => ({ HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_STATE_HOME: path.join(root, 'xdg-state') });

const DESTROY = 'terraform destroy -auto-approve';

function write(rel: string, text: string): void {
  const f = path.join(root, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
}
const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}): string => JSON.stringify({ name: 'x', ...extra, scripts }, null, 2);

beforeAll(async () => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-indirect-')));
  home = path.join(root, 'home');
  mkdirSync(home, { recursive: true });
  // A workspace: root scripts, a package with a destructive script, nested npm runs.
  write('app/package.json', pkg({ test: 'vitest run', clean: 'rm -rf dist', 'db:reset': DESTROY, deploy: 'npm run build && npm run db:reset', build: 'tsc -b', loop: 'npm run loop', echo: `echo ${DESTROY}`, args: 'node bin.js' }, { workspaces: ['packages/*'] }));
  write('app/packages/api/package.json', pkg({ nuke: DESTROY, test: 'jest' }, { name: 'api' }));
  write('app/packages/web/package.json', pkg({ test: 'jest' }, { name: 'web' }));
  write('app/packages/api/src/index.ts', '');
  // Lifecycle scripts.
  write('life/package.json', pkg({ postinstall: DESTROY, prestart: DESTROY, start: 'node .', pretest: 'echo hi', test: 'jest' }));
  write('harmless/package.json', pkg({ test: 'vitest run', build: 'tsc -b', lint: 'eslint .', fmt: 'prettier --write . && echo done' }));
  write('broken/package.json', '{ "scripts": { "test": ');
  write('pnpmws/package.json', pkg({ test: 'vitest' }));
  write('pnpmws/pnpm-workspace.yaml', "packages:\n  - 'libs/*'\n");
  write('pnpmws/libs/a/package.json', pkg({ wipe: DESTROY }));
  // Makefiles.
  write('mk/Makefile', [
    'TF := terraform',
    'BUILD = build',
    '.PHONY: all build destroy teardown sub deploy',
    'all: build',
    'build:',
    '\tgo build ./...',
    'clean:',
    '\trm -rf $(BUILD)',
    'destroy:',
    '\t@-$(TF) destroy -auto-approve',
    'teardown: clean destroy',
    'sub:',
    '\t$(MAKE) -C infra down',
    'echoed:',
    '\techo "$(TF) destroy"',
    'inline: ; terraform destroy -auto-approve',
    'dyn:',
    '\t$(call run,destroy)',
    'continued:',
    '\tterraform \\',
    '\t  destroy -auto-approve',
    'go:',
    '\t$(CMD) destroy -auto-approve',
    'include extra.mk',
    '',
  ].join('\n'));
  write('mk/extra.mk', 'from-include:\n\tterraform destroy -auto-approve\n');
  write('mk/infra/Makefile', 'down:\n\tterraform destroy -auto-approve\nup:\n\tterraform apply\n');
  write('mk/other.mk', 'nuke:\n\tterraform destroy\n');
  write('mkdefault/Makefile', 'destroy:\n\tterraform destroy -auto-approve\nbuild:\n\tgo build\n');
  write('mkshell/Makefile', 'X := $(shell terraform destroy -auto-approve)\nbuild:\n\tgo build\n');
  write('mkplain/Makefile', 'build:\n\tgo build\ntest:\n\tgo test all\n');
  write('mkone/Makefile', '.ONESHELL:\nrun:\n\tcd infra\n\tterraform destroy -auto-approve\n');
  write('mkinc/Makefile', 'include $(shell echo gen).mk\nbuild:\n\tgo build\n');
  const config = await loadConfig({ cwd: root, env: env(), home });
  expect(config.errors).toEqual([]);
  index = quickIndex(config);
  engine = { config, index };
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const ctxIn = (dir: string): CheckContext => ({ cwd: path.join(root, dir), env: env(), home, envComplete: true });
async function verdict(dir: string, line: string) {
  const r = await check(line, ctxIn(dir), engine);
  return { decision: r.decision, rules: r.findings.map((f) => f.rule), via: r.findings.map((f) => f.via).filter(Boolean), quick: r.quick };
}

describe('package scripts', () => {
  const pauses: Array<[string, string, string?]> = [
    ['app', 'npm run db:reset', 'npm run db:reset (package.json)'],
    ['app', 'npm run-script db:reset'],
    ['app', 'npm run deploy', 'npm run deploy (package.json) → npm run db:reset (package.json)'],
    ['app', 'pnpm db:reset'],
    ['app', 'pnpm run db:reset'],
    ['app', 'yarn db:reset'],
    ['app', 'yarn run db:reset'],
    ['app', 'bun run db:reset'],
    ['app', 'bun db:reset'],
    ['app', 'nr db:reset'],
    ['app', 'npm run --silent db:reset'],
    ['app', 'npm run db:reset -- --force'],
    ['app/packages/api/src', 'npm run nuke', 'npm run nuke (../package.json)'],
    ['app', 'cd packages/api && npm run nuke'],
    ['app', 'npm --prefix packages/api run nuke'],
    ['app', 'npm run nuke -w api'],
    ['app', 'npm run nuke --workspaces'],
    ['app', 'pnpm -r nuke'],
    ['app', 'pnpm --filter api nuke'],
    ['app', 'pnpm -C packages/api nuke'],
    ['app', 'yarn workspace api nuke'],
    ['app', 'yarn workspaces run nuke'],
    ['app', 'yarn workspaces foreach -A run nuke'],
    ['app', 'bash -c "npm run db:reset"'],
    ['app', 'sudo -u deploy npm run db:reset'],
    ['pnpmws', 'pnpm -r wipe'],
    ['life', 'npm install'],
    ['life', 'npm ci'],
    ['life', 'yarn'],
    ['life', 'pnpm i'],
    ['life', 'npm start'],
    ['life', 'npm install --ignore-scripts=false'],
  ];
  it.each(pauses)('%s: %s pauses', async (dir, line, via) => {
    const v = await verdict(dir, line);
    expect(v.decision, JSON.stringify(v)).toBe('confirm');
    expect(v.rules).toContain('iac/terraform-destroy');
    if (via) expect(v.via).toContain(via);
  });

  const passes: Array<[string, string]> = [
    ['app', 'npm test'],
    ['app', 'npm run build'],
    ['app', 'npm run clean'],
    ['app', 'npm run echo'],
    ['app', 'npm run loop'],
    ['app', 'npm run missing-script'],
    ['app', 'npm run'],
    ['app', 'pnpm test'],
    ['app', 'yarn build'],
    ['app', 'npm run nuke'], // the root has no such script
    ['app', 'pnpm --filter web test'],
    ['app', 'npm exec vitest'],
    ['app', 'yarn tsc --noEmit'],
    ['app', 'bun test'], // bun's own test runner, not the script
    ['life', 'npm test'],
    ['life', 'npm install --ignore-scripts'], // no lifecycle script runs
    ['life', 'npm --ignore-scripts ci'],
    ['life', 'pnpm i --ignore-scripts'],
    // No script runs, whatever it wrote (a lifecycle script written there is planted for the
    // next install, so it pauses on its own: see the fail-closed list and src/parse/later.ts).
    ['nowhere', `printf '{"scripts":{"deploy":"${DESTROY}"}}' > package.json && npm ci --ignore-scripts`],
    ['harmless', 'npm test'],
    ['harmless', 'pnpm lint'],
    ['harmless', 'cat package.json && npm test'],
    ['harmless', 'git diff package.json && npm run build'],
    [path.join('nowhere', 'deep'), 'npm run db:reset'], // no package.json: npm fails, nothing runs
    // npm's own reports and package.json edits run no script, whatever the line changed (rt25fp2).
    ['harmless', `sed -i 's/"node": ">=18"/"node": ">=20"/' package.json && npm pkg get engines`],
    ['harmless', `printf '{"scripts":{"deploy":"${DESTROY}"}}' > package.json && npm ls --depth 0`],
    ['harmless', 'curl -s https://example.com/p.json > package.json && npm pkg get engines'],
  ];
  it.each(passes)('%s: %s runs', async (dir, line) => {
    mkdirSync(path.join(root, dir), { recursive: true });
    const v = await verdict(dir, line);
    expect(v.decision, JSON.stringify(v)).toBe('allow');
  });

  it('fails closed when the script or its file is not known', async () => {
    for (const [dir, line] of [
      ['app', 'npm run "$(cat target)"'],
      ['broken', 'npm test'],
      ['app', 'cd "$(cat dir)" && npm run db:reset'],
      ['app', 'npm run db:reset --script-shell=python3'],
      ['harmless', `echo '{"scripts":{"test":"${DESTROY}"}}' > package.json && npm test`],
      ['harmless', 'cp ../app/package.json . && npm run db:reset'],
      // A lifecycle script planted for the next install (rt20d), even when this install skips it.
      ['nowhere', `printf '{"scripts":{"postinstall":"${DESTROY}"}}' > package.json && npm ci --ignore-scripts`],
      ['harmless', 'npm pkg set scripts.test="terraform destroy" && npm test'],
      // Not npm version (its pre/post scripts) or audit fix (it installs) after an unread edit.
      ['harmless', 'curl -s https://example.com/p.json > package.json && npm version patch'],
      ['harmless', 'curl -s https://example.com/p.json > package.json && npm audit fix'],
      ['harmless', 'curl -s https://example.com/p.json > package.json && npm pkg get engines && npm test'],
      ['mkplain', `printf 'x:\\n\\t${DESTROY}\\n' >> Makefile; make x`],
      ['mkplain', 'sed -i s/go.*/terraform/ Makefile && make test'],
      // A literal s/// is replayed on the Makefile: its recipe is judged as edited.
      ['mkplain', 'sed -i "s/go test all/terraform destroy -auto-approve/" Makefile && make test'],
    ] as const) {
      const v = await verdict(dir, line);
      expect(v.decision, `${line}: ${JSON.stringify(v)}`).toBe('confirm');
    }
  });

  it("npm install ./pkg runs the local package's own install scripts", async () => {
    write('harmless/localdep/package.json', pkg({ postinstall: DESTROY }, { name: 'localdep' }));
    write('harmless/gooddep/package.json', pkg({ postinstall: 'node build.js' }, { name: 'gooddep' }));
    expect((await verdict('harmless', 'npm install ./localdep')).decision).toBe('confirm');
    expect((await verdict('harmless', 'npm i file:./localdep')).decision).toBe('confirm');
    expect((await verdict('harmless', 'npm install ./gooddep')).decision).toBe('allow');
    expect((await verdict('harmless', 'npm install ./missing')).decision).toBe('confirm');
  });

  it('a script-shell from the environment or an .npmrc makes the scripts unknown', async () => {
    expect((await verdict('harmless', 'npm_config_script_shell=/tmp/s.sh npm test')).decision).toBe('confirm');
    expect((await verdict('harmless', `echo 'script-shell=/tmp/s.sh' > .npmrc && npm test`)).decision).toBe('confirm');
    expect((await verdict('harmless', `echo 'save-exact=true' > .npmrc && npm test`)).decision).toBe('allow');
  });

  it('npm pkg set and npm init -y write a package.json the line can read', async () => {
    const pauses = [
      'npm pkg set scripts.test="terraform destroy" && npm test',
      `npm pkg set scripts.x="${DESTROY}" scripts.y=z && npm run x`,
      `npm pkg set --json 'scripts={"x":"${DESTROY}"}' && npm run x`,
      `npm pkg set -w api scripts.test="${DESTROY}" && npm test`, // a workspace's file: not read here
      `npm pkg set "scripts[test]"="${DESTROY}" && npm test`,
    ];
    for (const line of pauses) expect((await verdict('harmless', line)).decision, line).toBe('confirm');
    expect((await verdict('harmless', 'npm pkg set scripts.test="vitest run" && npm test')).decision).toBe('allow');
    expect((await verdict('harmless', 'npm pkg set scripts.clean="rm -rf dist" && npm run clean')).decision).toBe('allow');
    mkdirSync(path.join(root, 'fresh'), { recursive: true });
    expect((await verdict('fresh', `npm init -y && npm pkg set scripts.wipe="${DESTROY}" && npm run wipe`)).decision).toBe('confirm');
    expect((await verdict('fresh', 'npm init -y && npm pkg set scripts.build="tsc -p ." && npm run build')).decision).toBe('allow');
    expect((await verdict('fresh', 'npm init -y && npm test')).decision).toBe('allow');
  });

  it('arguments only known at run time matter only for scripts that mention something watched', async () => {
    expect((await verdict('app', 'npm test -- "$FILE"')).decision).toBe('allow');
    expect((await verdict('app', 'npm run db:reset -- "$X"')).decision).toBe('confirm');
  });
});

describe('make targets', () => {
  const pauses: Array<[string, string, string?]> = [
    ['mk', 'make destroy', 'make destroy'],
    ['mk', 'make teardown'],
    ['mk', 'make sub', 'make sub → make down'],
    ['mk', 'make -C infra down'],
    ['mk', 'make -Cinfra down'],
    ['mk', 'make --directory=infra down'],
    ['mk', 'make -f other.mk nuke'],
    ['mk', 'make inline'],
    ['mk', 'make continued'],
    ['mk', 'make from-include'],
    ['mk', 'make go CMD=terraform'],
    ['mk', 'make -j4 -k destroy'],
    ['mk', 'gmake destroy'],
    ['mk/infra', 'make'], // the first target is the default goal
    ['mkdefault', 'make'],
    ['mkshell', 'make build'], // $(shell ...) runs when make reads the file
    ['mkone', 'make run'],
    ['mk', 'make dyn'], // $(call ...) can't be expanded: unknown program
    ['mkinc', 'make something-else'], // the target may be in an include that can't be read
    ['harmless', `make -f - <<< $'x:\\n\\t${DESTROY}' x`], // the makefile on stdin
    ['harmless', `printf 'x:\\n\\t${DESTROY}\\n' | make -f - x`],
    ['harmless', 'cat some.mk | make -f - x'], // stdin that can't be read
    ['harmless', `make -f /dev/stdin <<< $'x:\\n\\t${DESTROY}' x`],
    ['harmless', `make -E 'x: ; ${DESTROY}' x`], // -E is --eval
    ['harmless', `echo '$(shell ${DESTROY})' > Makefile && make -q`], // a bare function call runs when read
    ['harmless', `printf 'all: $(shell ${DESTROY})\\n\\techo hi\\n' > Makefile && make`], // so do prerequisites
    ['mk', 'make -j$(nproc) destroy'],
    ['mk', 'make -j"$(cat jobs)" build'], // a word only known at run time could be a goal
    ['mk', 'nproc() { echo 4 destroy; }; make -j$(nproc) build'], // split into a goal
  ];
  it.each(pauses)('%s: %s pauses', async (dir, line, via) => {
    const v = await verdict(dir, line);
    expect(v.decision, JSON.stringify(v)).toBe('confirm');
    if (via) expect(v.via.some((x) => x?.includes(via)), JSON.stringify(v.via)).toBe(true);
  });

  const passes: Array<[string, string]> = [
    ['mk', 'make'],
    ['mk', 'make build'],
    ['mk', 'make clean'],
    ['mk', 'make echoed'],
    ['mk', 'make -n destroy'],
    ['mk', 'make --dry-run teardown'],
    ['mk', 'make -C infra up'],
    ['mkdefault', 'make build'],
    ['mkplain', 'make test'],
    ['mkinc', 'make build'],
    ['harmless', 'make destroy'], // no makefile: only built-in rules
    ['harmless', "make -f - <<< $'all:\\n\\t@echo hello'"],
    ['harmless', "printf 'x:\\n\\techo hi\\n' | make -f - x"],
    ['harmless', 'make -f /dev/null -p'],
    ['mk', 'make -j"$(nproc)" build'], // a job count from the CPU count
    ['mk', 'make -j$(nproc) build'],
  ];
  it.each(passes)('%s: %s runs', async (dir, line) => {
    const v = await verdict(dir, line);
    expect(v.decision, JSON.stringify(v)).toBe('allow');
  });
});

describe('the quick reject reads the project file', () => {
  const q = (dir: string, line: string): boolean => quickReject(line, index, path.join(root, dir));
  it('passes a runner line when no script could match a rule', () => {
    expect(q('harmless', 'npm test')).toBe(true);
    expect(q('harmless', 'pnpm lint')).toBe(true);
    expect(q('mkplain', 'make test')).toBe(true);
    expect(q('nowhere', 'npm test')).toBe(true);
  });
  it('sends it to the full check when a script could, or the file is elsewhere', () => {
    expect(q('app', 'npm test')).toBe(false); // a sibling script names terraform destroy
    expect(q('life', 'npm test')).toBe(false);
    expect(q('mk', 'make build')).toBe(false);
    expect(q('broken', 'npm test')).toBe(false);
    expect(q('harmless', 'cd ../app && npm test')).toBe(false);
    expect(q('harmless', 'npm --prefix ../app test')).toBe(false);
    expect(q('harmless', 'make -C ../mk')).toBe(false);
    expect(quickReject('npm test', index)).toBe(false); // no directory: can't read the file
  });
  it('a quick pass is never a line the full check stops', async () => {
    for (const dir of ['app', 'life', 'harmless', 'mk', 'mkplain', 'mkdefault', 'pnpmws']) {
      for (const line of ['npm test', 'npm run db:reset', 'pnpm -r wipe', 'yarn', 'make', 'make destroy', 'make build', 'bun run nuke', 'npm start']) {
        if (!q(dir, line)) continue;
        const v = await check(line, ctxIn(dir), { config: engine.config, index: { rules: [[['*']]], rule: () => [['*']], always: new Set(), redirects: false } });
        expect(v.decision, `${dir}: ${line}`).toBe('allow');
      }
    }
  });
});
