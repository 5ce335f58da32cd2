// A repo and a home with .ssh, .aws and .kube, in a temp dir, and what each finding names: for the
// tests that read a target from state the line sets up (test/targets/line-state*.test.ts).
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { check, type CheckContext } from '../../src/engine.js';

export interface LineState {
  root: string;
  ctx: CheckContext;
  /** The findings other than about the files the line writes first (those are this machine's). */
  where(line: string): Promise<{ decision: string; env: string[]; evidence: string }>;
  remove(): void;
}

export function lineState(prefix: string): LineState {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  const cwd = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  for (const d of ['.ssh', '.aws', '.kube']) mkdirSync(path.join(home, d), { recursive: true });
  const env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'xdg'), XDG_STATE_HOME: path.join(root, 'state') };
  const ctx: CheckContext = { cwd, env, home, envComplete: true };
  return {
    root,
    ctx,
    async where(line) {
      const r = await check(line, ctx);
      const acts = r.findings.filter((f) => !f.rule.startsWith('filesystem/'));
      const fs = acts.length ? acts : r.findings;
      return { decision: r.decision, env: fs.map((f) => f.target.environment), evidence: fs.flatMap((f) => f.target.evidence).join('\n') };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A line acting on production: paused, named production (never local), with that evidence. */
export function expectProduction(r: Awaited<ReturnType<LineState['where']>>, evidence: RegExp): void {
  expect(r.decision).not.toBe('allow');
  expect(r.env).toContain('production');
  expect(r.env).not.toContain('local');
  expect(r.evidence).toMatch(evidence);
}

/** The same lines without a team map (`bare`) and with one (`mapped`): lines reaching staging and
 *  production name production, production lines never staging, unknown ones stay unknown (both
 *  ways); staging lines are unknown without the map and staging with it. Call inside a describe. */
export function itNamesEnvironments(
  bare: LineState,
  mapped: LineState,
  sets: { both: Array<[string, RegExp]>; production: Array<[string, RegExp]>; unknown: string[]; staging: Array<[string, RegExp]> },
): void {
  for (const [name, ls] of [['no map', bare], ['team map', mapped]] as const) {
    it.each(sets.both)(`${name}: staging and production: %s`, async (line, evidence) => {
      expectProduction(await ls.where(line), evidence);
    });
    it.each(sets.production)(`${name}: production: %s`, async (line, evidence) => {
      const r = await ls.where(line);
      expectProduction(r, evidence);
      expect(r.env).not.toContain('staging');
    });
    it.each(sets.unknown)(`${name}: unknown: %s`, async (line) => {
      const r = await ls.where(line);
      expect(r.decision).not.toBe('allow');
      expect(r.env.length).toBeGreaterThan(0);
      expect(r.env.every((e) => e === 'unknown')).toBe(true);
    });
  }
  it.each(sets.staging)('staging: %s', async (line, evidence) => {
    const b = await bare.where(line);
    expect(b.decision).not.toBe('allow');
    expect(b.env.every((e) => e === 'unknown')).toBe(true);
    const m = await mapped.where(line);
    expect(m.decision).not.toBe('allow');
    expect(m.env.every((e) => e === 'staging')).toBe(true);
    expect(m.evidence).toMatch(evidence);
  });
}
