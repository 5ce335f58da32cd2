// The team's own programs (`programs:` in .countersign.yaml): load errors with positions, a
// declared wrapper peeled by the parser, `acts` naming the environment, and no weakening of the
// programs countersign's rules already read.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { formatError, loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/quick.js';
import { tempProject } from '../helpers/project.js';
import { stateDir } from '../../src/dirs.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => ({ root, project, home, env } = tempProject('cs-team-programs-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

// Each write stands for a new project as first seen (these tests are about programs:, not about
// trust on first use, test/rules/trust*.test.ts): the first-seen copy is dropped.
const team = (yaml: string) => {
  rmSync(path.join(stateDir(env, home), 'trusted'), { recursive: true, force: true });
  writeFileSync(path.join(project, '.countersign.yaml'), yaml);
};
const load = () => loadConfig({ cwd: project, env, home });
const run = async (cmd: string, cwd = project, extraEnv: Record<string, string> = {}) => {
  const config = await loadConfig({ cwd, env, home });
  expect(config.errors.map(formatError)).toEqual([]);
  return check(cmd, { cwd, env: { ...env, ...extraEnv }, home, envComplete: true }, { config, index: quickIndex(config) });
};

const OURCTL = `protected-paths: [data]
programs:
  ourctl:
    aliases: [ourc]
    value-options: [--env, -e, --cluster]
    wraps: { sub: [run], after: '--' }
    acts:
      kind: service
      environment: { flag: [--env, -e], variable: OURCTL_ENV, file: .ourctl.yaml }
rules:
  - id: acme/ourctl-destroy
    severity: high
    summary: destroys an ourctl stack
    target: service
    match: { command: ourctl, subcommand: destroy }
`;

describe('load errors point at file:line:col', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown key', 'programs:\n  ourctl:\n    value-option: [--env]\n', /:3:\d+: .*value-option/],
    ['an unknown target kind', 'programs:\n  ourctl:\n    acts: { kind: warp-drive }\n', /:3:\d+: .*acts\.kind must be one of/],
    ['a wraps that finds no command', 'programs:\n  ourctl:\n    wraps: { after: run }\n', /:3:\d+: .*after is `--` or an option/],
    ['a wraps mixing after and skip', 'programs:\n  ourctl:\n    wraps: { after: "--", skip: 1 }\n', /:3:\d+: .*can't be combined/],
    ['a value option that is not an option', 'programs:\n  ourctl:\n    value-options: [env]\n', /:3:\d+: .*options start with -/],
    ['an environment with no source', 'programs:\n  ourctl:\n    acts: { kind: service, environment: {} }\n', /:3:\d+: .*needs a flag, variable or file/],
    ['a pattern for a name', 'programs:\n  "r*":\n    aliases: [x]\n', /:[23]:\d+: .*a program name/],
  ];
  for (const [what, yaml, re] of cases) {
    it(what, async () => {
      team(yaml);
      const cfg = await load();
      expect(cfg.errors.map(formatError).join('\n')).toMatch(re);
      // Broken config never means no rules: even a harmless command waits.
      const r = await check('ls', { cwd: project, env, home, envComplete: true }, { config: cfg, index: quickIndex(cfg) });
      expect(r.decision).not.toBe('allow');
    });
  }

  it('commands: is read as the same thing as programs:', async () => {
    team('commands:\n  ourctl:\n    wraps: { after: nope }\n');
    expect((await load()).errors.map(formatError).join('\n')).toMatch(/:3:\d+: .*after is/);
  });
});

describe('a team wrapper is peeled by the parser', () => {
  it('ourctl run -- rm -rf data pauses on rm; so does its alias; without the entry it runs', async () => {
    team(OURCTL);
    for (const cmd of ['ourctl run -- rm -rf data', 'ourctl --cluster eu run -- rm -rf data', 'ourc run -- rm -rf data', "ourctl run -- sh -c 'rm -rf data'"]) {
      const r = await run(cmd);
      expect(r.decision, cmd).toBe('confirm');
      expect(r.findings.map((f) => f.rule), cmd).toContain('filesystem/rm-protected');
    }
    expect((await run('ourctl status')).decision).toBe('allow');
    team('protected-paths: [data]\n');
    expect((await run('ourctl run -- rm -rf data')).decision).toBe('allow');
  });
});

describe('acts names the environment from a flag, a variable or a file', () => {
  const target = async (cmd: string, extraEnv: Record<string, string> = {}, cwd = project) => {
    const r = await run(cmd, cwd, extraEnv);
    const f = r.findings.find((x) => x.rule === 'acme/ourctl-destroy');
    expect(f, cmd).toBeDefined();
    return f!.target as { environment: string; evidence: string[] };
  };

  it('from the flag, with evidence', async () => {
    team(OURCTL);
    const t = await target('ourctl destroy --env prod');
    expect(t.environment).toBe('production');
    expect(t.evidence).toContain('--env prod (flag)');
    expect((await target('ourctl destroy -eprod')).environment).toBe('production');
    // A unique prefix (argparse) names the same option; the last one given wins.
    expect((await target('ourctl destroy --en prod')).evidence).toContain('--env prod (flag)');
    expect((await target('ourctl destroy --env dev --env=prod')).environment).toBe('production');
  });

  it('a team environment can claim the names (app-envs)', async () => {
    team(`${OURCTL}environments:\n  staging: { match: { app-envs: [staging, stg] } }\n`);
    const t = await target('ourctl destroy -e stg');
    expect(t.environment).toBe('staging');
    expect(t.evidence).toContain('-e stg (flag)');
  });

  it('from the variable when no flag is given, and the flag wins over it', async () => {
    team(OURCTL);
    const t = await target('ourctl destroy', { OURCTL_ENV: 'production' });
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('OURCTL_ENV=production (environment)');
    team(`${OURCTL}environments:\n  staging: { match: { app-envs: [staging] } }\n`);
    expect((await target('ourctl destroy --env staging', { OURCTL_ENV: 'production' })).environment).toBe('staging');
  });

  it('from the file, found walking up from where it runs', async () => {
    team(OURCTL);
    writeFileSync(path.join(project, '.ourctl.yaml'), '# ourctl settings\nenvironment: production\nregion: eu\n');
    mkdirSync(path.join(project, 'sub'));
    const t = await target('ourctl destroy', {}, path.join(project, 'sub'));
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toMatch(/production in .*\.ourctl\.yaml \(file\)/);
  });

  it('a file the line writes first is not read from disk', async () => {
    team(`${OURCTL}environments:\n  staging: { match: { app-envs: [staging] } }\n`);
    writeFileSync(path.join(project, '.ourctl.yaml'), 'environment: staging\n');
    expect((await target('ourctl destroy')).environment).toBe('staging');
    const t = await target("echo 'environment: production' > .ourctl.yaml && ourctl destroy");
    expect(t.environment).toBe('unknown');
    expect(t.evidence.join('\n')).toContain('the line writes .ourctl.yaml before ourctl reads it');
  });

  it('unknown (handled like production) when the value is dynamic or absent', async () => {
    team(OURCTL);
    const dynamic = await target('ourctl destroy --env "$(cat envname)"');
    expect(dynamic.environment).toBe('unknown');
    const none = await target('ourctl destroy');
    expect(none.environment).toBe('unknown');
    expect(none.evidence.join('\n')).toContain('none of --env, -e, OURCTL_ENV, .ourctl.yaml names');
    // A name the defaults and the team map don't know is unknown too, never local.
    expect((await target('ourctl destroy --env dev')).environment).toBe('unknown');
  });
});

describe('protection only grows: a team entry cannot change how rules read a known program', () => {
  it('value-options for rm are ignored (rm -r data keeps data), with a warning', async () => {
    team('protected-paths: [data]\nprograms:\n  rm: { value-options: [-r, -f] }\n');
    const cfg = await load();
    expect(cfg.warnings.join('\n')).toMatch(/programs\.rm: value-options ignored/);
    for (const cmd of ['rm -r data', 'rm -rf data', 'rm -f data']) expect((await run(cmd)).decision, cmd).toBe('confirm');
  });

  it('a wrapper or a target declared for a known program is ignored', async () => {
    team('protected-paths: [data]\nprograms:\n  rm: { wraps: { after: "--" } }\n  psql: { acts: { kind: service, environment: { variable: X } } }\n');
    expect((await run('rm -rf -- data')).decision).toBe('confirm');
    const r = await run('psql -h db.prod.internal -c "DROP TABLE users"', project, { X: 'local' });
    expect(r.findings[0]!.target).toMatchObject({ environment: 'production' });
  });

  it("an alias naming a known program can't hand it another program's options", async () => {
    // `shred` has no entry of its own: an alias would give it ourctl's grammar (-u taking a value).
    team('protected-paths: [data]\nprograms:\n  ourctl: { aliases: [shred, find, ourc2], value-options: [-u, -exec, -delete] }\n');
    const cfg = await load();
    expect(cfg.warnings.join('\n')).toMatch(/aliases: shred is a program countersign already knows/);
    expect(cfg.commands['ourctl']!.aliases).toEqual(['ourc2']);
    expect((await run('find data -delete')).decision).toBe('confirm');
  });

  it('the same holds in the user file and in .countersign/*.yaml, and a pattern entry there is ignored', async () => {
    team('protected-paths: [data]\n');
    mkdirSync(path.join(project, '.countersign'));
    writeFileSync(path.join(project, '.countersign', 'x.yaml'), 'commands:\n  "*": { value-options: [-r, -v, -n] }\n  rm: { single-dash-long: true }\n');
    mkdirSync(path.join(root, 'cfg', 'countersign'), { recursive: true });
    writeFileSync(path.join(root, 'cfg', 'countersign', 'config.yaml'), 'programs:\n  rm: { value-options: [-r] }\n');
    const cfg = await load();
    expect(cfg.warnings.join('\n')).toMatch(/commands\.\*: a team or user entry names one program, not a pattern/);
    expect(cfg.warnings.join('\n')).toMatch(/config\.yaml: programs\.rm: value-options ignored/);
    // unlink and rmdir have no entry of their own: a pattern entry would be theirs.
    for (const cmd of ['rm -r data', 'rm -rf data', 'rmdir -v data', 'unlink -v data/db.sqlite']) expect((await run(cmd)).decision, cmd).toBe('confirm');
  });

  it('aliases may be added to a known program: its rules then watch the new name too', async () => {
    team('protected-paths: [data]\nprograms:\n  rm: { aliases: [nuke] }\n');
    expect((await run('nuke -rf data')).decision).toBe('confirm');
  });
});
