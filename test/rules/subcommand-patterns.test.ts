// A team rule's `subcommand:` words may be /regex/ or glob patterns. Both the matcher and the
// quick reject must read them as patterns (a /regex/ word once never fired: the matcher compared
// it as literal text and the quick reject looked for it as a token).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext, type Engine } from '../../src/engine.js';
import { quickIndex } from '../../src/rules/index.js';
import { loadConfig } from '../../src/rules/load.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
let ctx: CheckContext;
let engine: Engine;

beforeAll(async () => {
  fx = bareFixture('countersign-subpat-');
  ctx = fx.ctx;
  writeFileSync(path.join(ctx.cwd!, '.countersign.yaml'), `protected-paths: [data]
rules:
  - id: team/mytool-wipe
    severity: high
    summary: wipes a mytool store
    match:
      command: mytool
      subcommand: ['/^(nuke|wipe)$/', 'store dro?']
`);
  const { cwd, env, home } = ctx as Required<Pick<CheckContext, 'cwd' | 'env' | 'home'>>;
  const config = await loadConfig({ cwd, env, home });
  expect(config.errors).toEqual([]);
  engine = { config, index: quickIndex(config) };
});
afterAll(() => fx.cleanup());

describe('subcommand patterns in a team rule', () => {
  it.each(['mytool wipe all', 'mytool NUKE x', 'mytool store drop x', 'mytool --verbose nuke'])('%s pauses', async (line) => {
    expect((await check(line, ctx, engine)).decision).toBe('confirm');
  });
  it.each(['mytool list', 'mytool nukes', 'mytool store show'])('%s is allowed', async (line) => {
    expect((await check(line, ctx, engine)).decision).toBe('allow');
  });
});
