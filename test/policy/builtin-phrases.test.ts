// Every builtin rule's phrase, as a person would have to type it: short, each word once, and
// written into the rule's own examples (`tests.match: [{cmd, phrase}]`) so a change shows in review.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type Engine } from '../../src/engine.js';
import { phraseParts, PHRASE_MAX } from '../../src/policy/index.js';
import { builtinPacks, loadConfig, loadConfigLibs, type LoadedRule } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/index.js';
import { makeFixture } from '../../src/rules/selftest.js';
import { exampleCmd } from '../../src/rules/types.js';

// A phrase may pass PHRASE_MAX only because the resource's own name is long (an AWS volume id,
// a bucket with a path) or the environment's ("in production"): the person must read those
// whole. countersign's own words (the verb) stay within VERB_MAX, the name within NAME_MAX.
const VERB_MAX = 24;
const NAME_MAX = 24;

interface Row { rule: string; cmd: string; phrase?: string; written?: string; own: number; verb: string[]; name: string; words: string[] }

// Acts complete without an object: the branch a force-push overwrites is the target's, named when known.
const STANDALONE = new Set(['force-push']);

let fx: ReturnType<typeof makeFixture>;
const rows: Row[] = [];
let rules: LoadedRule[] = [];

beforeAll(async () => {
  await loadConfigLibs();
  fx = makeFixture();
  const team = path.join(fx.project, '.countersign.yaml');
  writeFileSync(team, `extends: [${[...builtinPacks().keys()].join(', ')}]\nprotected-paths: [data]\n`);
  const ctx = { cwd: fx.project, env: fx.env, home: fx.home };
  const config = await loadConfig(ctx, { teamFile: team, userFile: null });
  const engine: Engine = { config, index: quickIndex(config) };
  rules = config.rules;
  for (const rule of rules) {
    for (const ex of rule.tests?.match ?? []) {
      const cmd = exampleCmd(ex);
      const r = await check(cmd, { ...ctx, envComplete: true, inputOpen: true }, engine);
      const parts = phraseParts(r.findings, { home: fx.home, root: fx.project });
      const row: Row = { rule: rule.id, cmd, own: 0, verb: [], name: '', words: [] };
      if (r.phrase && parts) {
        row.phrase = r.phrase;
        row.verb = parts.verb;
        row.name = parts.name.join(' ');
        row.own = parts.verb.join(' ').length;
        row.words = r.phrase.toLowerCase().split(' ');
      }
      if (typeof ex !== 'string' && ex.phrase !== undefined) row.written = ex.phrase;
      rows.push(row);
    }
  }
}, 120_000);

afterAll(() => fx?.cleanup());

describe('builtin phrases', () => {
  it('are short: within PHRASE_MAX, or longer only by the resource name', () => {
    const phrased = rows.filter((r) => r.phrase);
    expect(phrased.length).toBeGreaterThan(500);
    const bad = phrased.filter((r) => r.phrase!.length > PHRASE_MAX && (r.own > VERB_MAX || r.name.length > NAME_MAX));
    expect(bad.map((r) => `${r.rule}: "${r.phrase}" (${r.cmd})`)).toEqual([]);
    // Most are within the limit outright.
    expect(phrased.filter((r) => r.phrase!.length <= PHRASE_MAX).length / phrased.length).toBeGreaterThan(0.85);
  });

  it('say each word once', () => {
    const bad = rows.filter((r) => r.phrase && r.words.length !== new Set(r.words.filter((w) => w !== 'in')).size + r.words.filter((w) => w === 'in').length);
    const twiceIn = rows.filter((r) => r.phrase && r.words.filter((w) => w === 'in').length > 1);
    expect(bad.map((r) => `${r.rule}: "${r.phrase}"`)).toEqual([]);
    expect(twiceIn.map((r) => `${r.rule}: "${r.phrase}"`)).toEqual([]);
  });

  it('name what they act on: never a bare verb, an option, or a number without its kind', () => {
    const phrased = rows.filter((r) => r.phrase);
    const bare = phrased.filter((r) => r.verb.length + (r.name ? 1 : 0) < 2 && !STANDALONE.has(r.verb.join(' ')));
    expect(bare.map((r) => `${r.rule}: "${r.phrase}" (${r.cmd})`)).toEqual([]);
    const option = phrased.filter((r) => r.name.startsWith('-'));
    expect(option.map((r) => `${r.rule}: "${r.phrase}" (${r.cmd})`)).toEqual([]);
    const number = phrased.filter((r) => /^\d+$/.test(r.name) && r.verb.length < 2);
    expect(number.map((r) => `${r.rule}: "${r.phrase}" (${r.cmd})`)).toEqual([]);
    // Nor a long opaque id whole: 8 characters are what a person reads and types.
    const opaque = phrased.filter((r) => /(^|[-_ ])[0-9a-f]{13,}( |$)/i.test(r.name) && /\d/.test(r.name) && /[a-f]/i.test(r.name));
    expect(opaque.map((r) => `${r.rule}: "${r.phrase}"`)).toEqual([]);
  });

  it('end with the environment and hold no absolute path of the fixture', () => {
    for (const r of rows.filter((x) => x.phrase)) {
      expect(r.phrase, r.cmd).toMatch(/ in (local|unknown|production|staging)$/);
      expect(r.phrase, r.cmd).not.toContain(fx.root);
    }
  });

  it('are written into every rule that pauses, and are current', () => {
    const pausing = new Set(rows.filter((r) => r.phrase).map((r) => r.rule));
    const written = new Set(rows.filter((r) => r.written !== undefined).map((r) => r.rule));
    expect([...pausing].filter((id) => !written.has(id))).toEqual([]);
    const stale = rows.filter((r) => r.written !== undefined && r.written !== r.phrase);
    expect(stale.map((r) => `${r.rule}: wrote "${r.written}", asks "${r.phrase}"`)).toEqual([]);
    expect(written.size).toBeGreaterThan(190);
  });
});
