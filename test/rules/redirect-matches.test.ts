// `redirect: { matches: REGEX }`: a redirection onto a file whose literal path has a shape, for
// places where no protected paths are known (another machine, a container, a pod).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { tempProject } from '../helpers/project.js';

let root: string;
let project: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => ({ root, project, home, env } = tempProject('cs-redirect-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const team = (yaml: string) => writeFileSync(path.join(project, '.countersign.yaml'), yaml);
const run = async (cmd: string) => {
  const config = await loadConfig({ cwd: project, env, home });
  const { quickIndex } = await import('../../src/rules/quick.js');
  return check(cmd, { cwd: project, env, home, envComplete: true }, { config, index: quickIndex(config) });
};
const rules = async (cmd: string) => (await run(cmd)).findings.map((f) => f.rule);

describe('redirect matches', () => {
  it('the builtin rule sees a database file truncated where the command runs elsewhere', async () => {
    expect(await rules(`docker exec -i app sh -c 'cat > /app/db/production.sqlite3' < x.db`)).toContain('filesystem/redirect-over-remote-database');
    expect(await rules(`ssh prod 'echo > /var/lib/postgresql/16/main/base/1/1259'`)).toContain('filesystem/redirect-over-remote-database');
    // Here, this machine's protected paths decide; a shape alone is not enough.
    expect(await rules('echo > scratch.db')).not.toContain('filesystem/redirect-over-remote-database');
    expect(await rules(`ssh prod 'cat /srv/app.db > /tmp/app.db'`)).not.toContain('filesystem/redirect-over-remote-database');
    // A variable set on the line is read; a name known only at run time is not matched by shape.
    expect(await rules(`ssh prod 'f=/srv/app.db; echo > "$f"'`)).toContain('filesystem/redirect-over-remote-database');
    expect(await rules(`ssh prod 'echo > "$(date +%F).log"'`)).not.toContain('filesystem/redirect-over-remote-database');
  });

  it('a team rule may match by shape; neither or both of protected and matches is a load error', async () => {
    team("rules:\n  - id: team/ledger\n    severity: high\n    summary: truncates a ledger file\n    match:\n      redirect: { matches: '\\.ledger$' }\n");
    expect(await rules('echo > books/2026.ledger')).toContain('team/ledger');
    expect(await rules('echo > books/2026.txt')).not.toContain('team/ledger');
    for (const bad of ['redirect: {}', "redirect: { protected: true, matches: 'x' }", "redirect: { matches: '(' }"]) {
      team(`rules:\n  - id: team/x\n    severity: high\n    summary: xx x\n    match:\n      ${bad}\n`);
      const cfg = await loadConfig({ cwd: project, env, home });
      expect(cfg.errors.length, bad).toBeGreaterThan(0);
    }
  });
});

describe('a copy beside itself under a backup name', () => {
  it('is allowed while the name is new, and pauses over an older backup of protected data', async () => {
    const { mkdirSync, writeFileSync: write } = await import('node:fs');
    team('protected-paths: [data]\n');
    mkdirSync(path.join(project, 'data'), { recursive: true });
    write(path.join(project, 'data', 'db.sqlite'), 'x');
    expect((await run('cp data/db.sqlite data/db.sqlite.bak')).decision).toBe('allow');
    write(path.join(project, 'data', 'db.sqlite.bak'), 'the only good copy');
    expect((await run('cp data/db.sqlite data/db.sqlite.bak')).decision).toBe('confirm');
    expect((await run('cp data/db.sqlite data/db.sqlite.2026-12-05')).decision).toBe('allow');
  });
});
