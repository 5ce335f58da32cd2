// What people read: `check` output and the panel, from real checks in a scratch project.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckResult, type Engine } from '../../src/engine.js';
import { agentMessage, renderCheck, renderPanel } from '../../src/confirm/render.js';
import { builtinPacks, loadConfig, loadConfigLibs } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/index.js';
import { makeFixture } from '../../src/rules/selftest.js';

let fx: ReturnType<typeof makeFixture>;
let run: (cmd: string) => Promise<CheckResult>;

beforeAll(async () => {
  await loadConfigLibs();
  fx = makeFixture();
  const team = path.join(fx.project, '.countersign.yaml');
  writeFileSync(team, `extends: [${[...builtinPacks().keys()].join(', ')}]\nprotected-paths: [data]\n`);
  const ctx = { cwd: fx.project, env: fx.env, home: fx.home };
  const config = await loadConfig(ctx, { teamFile: team, userFile: null });
  const engine: Engine = { config, index: quickIndex(config) };
  run = (cmd) => check(cmd, { ...ctx, envComplete: true }, engine);
});
afterAll(() => fx?.cleanup());

// The incident's call: a Railway API mutation with a bearer token.
const RAILWAY = `curl -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer x' -H 'Content-Type: application/json' -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`;

describe('check output', () => {
  it('puts the verdict and the phrase on one line and the command on its own', async () => {
    const out = renderCheck('rm -rf data', await run('rm -rf data'), { color: false });
    const lines = out.split('\n');
    expect(lines[0]).toBe('confirm: a person must confirm (phrase: "delete data in local")');
    expect(lines[1]).toBe('  command: rm -rf data');
    expect(out).not.toMatch(/phrase\s+rm -rf/);
  });

  it('says unknown is handled like production', async () => {
    const out = renderCheck(RAILWAY, await run(RAILWAY), { color: false });
    expect(out).toMatch(/where: +UNKNOWN +\(handled like production\)/);
  });
});

describe('identical findings', () => {
  it('are listed once, with the other rule named', async () => {
    const res = await run(RAILWAY);
    // Both rules still fire (the audit log and --json keep both) ...
    expect(res.findings.map((f) => f.rule).sort()).toEqual(['http/graphql-destructive-mutation', 'railway/api-destroy']);
    // ... but a person reads the finding once, under the stricter rule.
    for (const out of [renderCheck(RAILWAY, res, { color: false }), renderPanel(RAILWAY, res, { color: false })]) {
      expect(out.match(/calls volumeDelete/g)).toHaveLength(1);
      expect(out).toContain('CRITICAL railway/api-destroy (also http/graphql-destructive-mutation):');
    }
    const msg = agentMessage(RAILWAY, res, 'x');
    expect(msg.match(/calls volumeDelete/g)).toHaveLength(1);
    expect(msg).toContain('Target environment: unknown (handled like production) [');
    expect(res.phrase).toBe('call volumeDelete in unknown');
  });

  it('findings that differ stay apart', async () => {
    const cmd = 'rm -rf data && rm -rf ~/.ssh';
    const out = renderCheck(cmd, await run(cmd), { color: false });
    expect(out.match(/filesystem\/rm-protected/g)).toHaveLength(2);
  });
});

describe('the panel', () => {
  it('says how unknown is treated and that there is one try', async () => {
    const out = renderPanel(RAILWAY, await run(RAILWAY), { color: false });
    expect(out).toMatch(/target: +UNKNOWN +\(handled like production\)/);
    expect(out).toContain('To run it, type exactly:  call volumeDelete in unknown');
    expect(out).toContain('One try: a wrong phrase, an empty line, Ctrl-C or Ctrl-D declines.');
    expect(out).not.toMatch(/Anything else/);
  });

  it('keeps its indentation for a command of several lines', async () => {
    const cmd = 'cd data\nrm -rf ../data\necho done';
    const out = renderPanel(cmd, await run(cmd), { color: false });
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  command: '));
    expect(lines.slice(at, at + 3)).toEqual(['  command: cd data', '           rm -rf ../data', '           echo done']);
  });

  it('shows a local target as local, with nothing added', async () => {
    const out = renderPanel('rm -rf data', await run('rm -rf data'), { color: false });
    expect(out).toMatch(/target: +LOCAL *\n/);
  });
});
