// The parse side's part of the program registry (src/programs/parsing.ts): the entries are there,
// merged onto the rest of the builtin ones, and a team's `programs:` entry can't weaken them.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { BUILTIN, mergeProgram, readItems, wrapperFor } from '../../src/programs/index.js';
import { formatError, loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';
import { tempProject } from '../helpers/project.js';

describe('the registry holds the parse side’s entries', () => {
  it('option grammars: ssh family, container runs, make, package runners', () => {
    expect(BUILTIN.ssh!['value-options']).toEqual(expect.arrayContaining(['-B', '-b', '-l', '-o', '-P', '-p', '-J', '-W']));
    expect(BUILTIN.ssh!['value-options']).not.toContain('-t');
    expect(BUILTIN.scp!['value-options']).toEqual(expect.arrayContaining(['-S', '-P', '-o']));
    expect(BUILTIN.sftp!['value-options']).toEqual(expect.arrayContaining(['-S', '-P', '-b']));
    expect(BUILTIN.rsync!['value-options']).toEqual(expect.arrayContaining(['-e', '--rsh', '-f']));
    for (const e of ['docker', 'podman', 'nerdctl', 'finch']) {
      expect(BUILTIN[e]!['runs-containers'], e).toBe(true);
      expect(BUILTIN[e]!.subcommands?.run?.['value-options'], e).toEqual(expect.arrayContaining(['-v', '--volume', '--mount', '-w', '--entrypoint']));
    }
    expect(BUILTIN.make!['dry-run']).toEqual(expect.arrayContaining(['-n', '--dry-run']));
    expect(BUILTIN.gmake!['value-options']).toEqual(expect.arrayContaining(['-C', '-f', '--eval']));
    expect(BUILTIN.npm!['value-options']).toEqual(expect.arrayContaining(['--prefix', '-w']));
    expect(BUILTIN.pnpm!['value-options']).toEqual(expect.arrayContaining(['-C', '--filter']));
  });

  it('per-program behaviour: interpreters, injectors, read-only words, shell escapes', () => {
    expect(BUILTIN.python!.payload).toMatchObject({ kind: 'code', lang: 'python', flags: ['-c'] });
    expect([...BUILTIN.node!.payload!.flags!].sort()).toEqual(['--eval', '--print', '-e', '-p']);
    expect(BUILTIN.node!.payload!.flags![0]).toBe('-e'); // the option a stand-in uses
    expect(BUILTIN.perl!.payload!.flags).toEqual(['-e', '-E']);
    // the inline code readers (rules/inline/extract.ts) read these grammars
    expect(BUILTIN.perl!['attached-options']).toEqual(expect.arrayContaining(['-i', '-F', '-x']));
    expect(BUILTIN.ruby!['value-options']).toEqual(expect.arrayContaining(['-C', '-E', '--encoding']));
    expect(BUILTIN.php!['value-options']).toEqual(expect.arrayContaining(['-t']));
    expect(BUILTIN.bun!['value-options']).toContain('-c'); // --config, unlike node's -c (--check)
    expect(BUILTIN.node!['value-options']).not.toContain('-c');
    expect(BUILTIN.deno!['value-options']).not.toContain('--reload');
    for (const [n, sub] of [['railway', 'run'], ['doppler', 'run'], ['op', 'run'], ['infisical', 'run'], ['chamber', 'exec'], ['teller', 'run']]) expect(BUILTIN[n!]!.injects, n).toEqual({ sub });
    expect(BUILTIN.mise!['read-only']).toContain('ls');
    expect(BUILTIN.just!['read-only']).toContain('--list');
    expect(BUILTIN.task!['read-only']).toContain('--list');
    expect(BUILTIN.mariadb!['shell-escape']).toBe('mysql');
    expect(BUILTIN.duckdb!['shell-escape']).toBe('sqlite3');
    expect(BUILTIN.pytest!['project-code']).toEqual({ files: '\\.py$', lang: 'python3' });
    // just's and go-task's recipes are read (parse/tasks.ts), not judged as unread project code.
    expect(BUILTIN.just!['project-code']).toBeUndefined();
    expect(new RegExp(BUILTIN.mise!['project-code']!.files).test('/repo/mise.toml')).toBe(true);
    expect(BUILTIN.turbo!['project-code']!.lang).toBeUndefined();
    expect(BUILTIN.dotenvx!['env-file-options']).toEqual(['-f', '--env-file']);
    expect(BUILTIN.foreman!.subcommands?.run?.['value-options']).toEqual(expect.arrayContaining(['-e', '-d', '-f']));
    expect(BUILTIN.uv!.wraps?.sub).toEqual(['run']);
    // package runners: how they run package.json scripts (parse/indirect.ts)
    expect(BUILTIN.npm!['package-scripts']).toMatchObject({ dir: ['--prefix', '-C'], 'npm-args': true });
    expect(BUILTIN.pnpm!['package-scripts']).toMatchObject({ dir: ['-C', '--dir'], 'bare-scripts': true });
    expect(BUILTIN.pnpm!['package-scripts']!.workspace).toEqual(expect.arrayContaining(['-r', '--filter']));
    expect(BUILTIN.bun!['package-scripts']).toMatchObject({ dir: ['--cwd'], 'bare-scripts': true });
    expect(BUILTIN.yarn!['package-scripts']!.shell).toContain('--script-shell');
    expect(BUILTIN.nr!['package-scripts']!['bare-scripts']).toBe(false);
    for (const n of ['pnpm', 'yarn', 'bun']) expect(BUILTIN[n]!['package-scripts']!.bins, n).toContain('prisma');
    expect(BUILTIN.npm!['package-scripts']!.bins).toBeUndefined();
    for (const [n, how] of [['nc', 'host-port'], ['netcat', 'host-port'], ['ncat', 'host-port'], ['telnet', 'host-port'], ['curl', 'telnet-url'], ['socat', 'address']]) expect(BUILTIN[n!]!['raw-socket'], n).toBe(how);
  });

  it('merged onto the entries builtin.ts declares: nothing of theirs is lost', () => {
    expect(BUILTIN.docker!.wraps?.sub).toEqual(['exec']);
    expect(BUILTIN.docker!.acts).toEqual({ kind: 'docker' });
    expect(BUILTIN.bun!.wraps?.sub).toEqual(['x', 'run']);
    // bun's interpreter and runner options are one list
    expect(BUILTIN.bun!['value-options']).toEqual(expect.arrayContaining(['--preload', '--filter', '--cwd']));
    expect(BUILTIN.psql!.payload).toMatchObject({ kind: 'sql', flags: ['-c', '--command'] });
    expect(BUILTIN.psql!['shell-escape']).toBe('psql');
    expect(wrapperFor('railway')!.withArg).toContain('--environment');
    expect(BUILTIN.mise!.wraps?.sub).toEqual(['exec', 'x']);
  });

  it("npm, bun and railway declare their value options once: the wrapper reads the program's", () => {
    expect(BUILTIN.railway!.wraps?.withArg).toBeUndefined();
    expect(wrapperFor('railway')!.withArg).toEqual(BUILTIN.railway!['value-options']);
    expect(wrapperFor('npm')!.withArg).toEqual(expect.arrayContaining(['-p', '--package', '--prefix', '--registry', '-w']));
    expect(wrapperFor('bun')!.withArg).toEqual(expect.arrayContaining(['-p', '--package', '--cwd', '--elide-lines', '--preload']));
    // a team's value options don't join the wrapper's (only the builtin list does)
    expect(wrapperFor('npm', { npm: { 'value-options': ['--x'] } })!.withArg).not.toContain('--x');
  });

  it('gdb reads single-dash long options and their unique prefixes (getopt_long_only)', () => {
    const w = (s: string) => s.split(' ').map((value) => ({ value, dynamic: false, glob: false, text: value }));
    const opts = (line: string) => readItems(w(line), BUILTIN.gdb).map((it) => ('opt' in it ? `${it.opt}=${it.value?.value ?? ''}` : it.pos.value));
    expect(opts('-eval a -ex b --eval-comm=c -batch -p 1 prog')).toEqual(['--eval-command=a', '--ex=b', '--eval-command=c', '--batch=', '--p=1', 'prog']);
    // an ambiguous prefix or an unknown word stays as written
    expect(opts('-ea x -zz')).toEqual(['-ea=', 'x', '-zz=']);
    // sed: --expr is --expression, -i's suffix is attached
    expect(readItems(w('--expr=x -ie y'), BUILTIN.sed).map((it) => ('opt' in it ? `${it.opt}=${it.value?.value}` : it.pos.value))).toEqual(['--expression=x', '-i=e', 'y']);
  });

  it('an entry added onto one keeps its behaviour; its lists only grow', () => {
    expect(mergeProgram(BUILTIN.psql!, { 'shell-escape': 'sqlite3' })['shell-escape']).toBe('psql');
    expect(mergeProgram(BUILTIN.doppler!, { injects: { sub: 'x' } }).injects).toEqual({ sub: 'run' });
    expect(mergeProgram(BUILTIN.python!, { payload: { kind: 'code', lang: 'node', flags: ['-x'] } }).payload).toMatchObject({ lang: 'python', flags: ['-c'] });
    expect(mergeProgram(BUILTIN.mise!, { 'read-only': ['x'] })['read-only']).toEqual(expect.arrayContaining(['ls', 'x']));
    expect(mergeProgram(BUILTIN.make!, { 'dry-run': [] })['dry-run']).toEqual(BUILTIN.make!['dry-run']);
    expect(mergeProgram(BUILTIN.docker!, {})['runs-containers']).toBe(true);
    expect(mergeProgram(BUILTIN.npm!, { 'package-scripts': { dir: [], workspace: [] } })['package-scripts']).toEqual(BUILTIN.npm!['package-scripts']);
  });
});

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => ({ root, project, home, env } = tempProject('cs-parse-programs-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const team = (yaml: string) => writeFileSync(path.join(project, '.countersign.yaml'), yaml);
const load = () => loadConfig({ cwd: project, env, home });
const run = async (cmd: string) => {
  const config = await load();
  expect(config.errors.map(formatError)).toEqual([]);
  return check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) });
};

describe("a team's programs: entry can't weaken the parse side's entries", () => {
  it('value options declared for ssh, docker, make or a package runner are ignored', async () => {
    team(
      'protected-paths: [data]\nprograms:\n' +
        '  ssh: { value-options: [-t] }\n' +
        '  docker: { value-options: [--rm], subcommands: { run: { value-options: [-i] } } }\n' +
        '  rsync: { value-options: [-a] }\n' +
        '  doppler: { value-options: [-r] }\n',
    );
    const cfg = await load();
    for (const p of ['ssh', 'docker', 'rsync', 'doppler']) expect(cfg.warnings.join('\n')).toMatch(new RegExp(`programs\\.${p}: .*ignored`));
    for (const cmd of ['ssh web1 -t rm -rf /', 'docker run --rm -i -v "$PWD"/data:/d alpine rm -rf /d', "rsync -a -e 'sh -c \"rm -rf data\"' x h:", 'doppler -r x run -- rm -rf data']) {
      expect((await run(cmd)).decision, cmd).toBe('confirm');
    }
  });

  it("the parse side's fields can't be declared by a team at all", async () => {
    for (const [key, yaml] of [
      ['read-only', 'mise: { read-only: [run] }'],
      ['injects', 'ourctl: { injects: { sub: run } }'],
      ['shell-escape', 'ourdb: { shell-escape: psql }'],
      ['dry-run', 'make: { dry-run: [-k] }'],
      ['runs-containers', 'ourctl: { runs-containers: true }'],
      ['project-code', 'ourctl: { project-code: { files: x } }'],
      ['env-file-options', 'ourctl: { env-file-options: [-e] }'],
      ['package-scripts', 'ourctl: { package-scripts: { dir: [-C], workspace: [] } }'],
      ['raw-socket', 'ourctl: { raw-socket: host-port }'],
    ]) {
      team(`programs:\n  ${yaml}\n`);
      expect((await load()).errors.map(formatError).join('\n'), key).toMatch(new RegExp(key!));
    }
  });

  it('an alias naming a program the parse side knows is dropped', async () => {
    team('protected-paths: [data]\nprograms:\n  ourctl: { aliases: [ssh, chamber, just], value-options: [-t] }\n');
    const cfg = await load();
    for (const a of ['ssh', 'chamber', 'just']) expect(cfg.warnings.join('\n')).toMatch(new RegExp(`aliases: ${a} is a program countersign already knows`));
    expect((await run('ssh web1 -t rm -rf /')).decision).toBe('confirm');
  });
});
