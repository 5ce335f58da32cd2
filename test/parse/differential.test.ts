// Differential test: real bash vs parse().
//
// Every case in differential-cases.txt runs in REAL bash under the recorder (see
// test/helpers/recorder.ts: empty PATH + command_not_found_handle, in a throw-away sandbox), which
// lists every external program bash would start. parse() must then list each of those programs by
// name, or fall back: `uncertain` non-empty, an `opaque` invocation, or a dynamic command name
// (name === ''). Wrappers that the recorder emulates (sudo, env, bash -c, xargs, find...) are not
// required by name, only what they run.
//
// Quality bar: at least MIN_DECIDED of the cases must be decided without any fallback, so a parser
// that gives up on everything can't pass.
//
// Case format: see the top of differential-cases.txt. Env knobs: CS_RECORDER_MODE=plain|sandbox
// forces the recorder mode, CS_DIFF_VERBOSE=1 lists the cases that pass only thanks to a fallback.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseContext, ParseResult } from '../../src/parse/types.js';
import { createRecorder, type Recorder, type RecordResult } from '../helpers/recorder.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CASES_FILE = path.join(here, 'differential-cases.txt');
const PARSER_FILE = path.resolve(here, '../../src/parse/index.ts');
const BASH = '/bin/bash';
const HAVE_BASH = fs.existsSync(BASH);
const HAVE_PARSER = fs.existsSync(PARSER_FILE);
const MIN_CASES = 170;
const MIN_DECIDED = 0.6;
const POOL = 4;

type ParseFn = (text: string, ctx: ParseContext) => Promise<ParseResult> | ParseResult;

interface Case {
  /** 1-based line of the case in the file (the "<<<" line for a block). */
  line: number;
  text: string;
}

function loadCases(file: string): Case[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const cases: Case[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l === '' || l.startsWith('##')) continue;
    if (l === '<<<') {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== '>>>'; i++) body.push(lines[i] ?? '');
      if (i >= lines.length) throw new Error(`${path.basename(file)}:${start + 1}: "<<<" without ">>>"`);
      cases.push({ line: start + 1, text: body.join('\n') });
      continue;
    }
    if (l === '>>>') throw new Error(`${path.basename(file)}:${i + 1}: ">>>" without "<<<"`);
    cases.push({ line: i + 1, text: l });
  }
  return cases;
}

async function pool<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

const show = (s: string): string => JSON.stringify(s);
/** Programs bash ran (wrappers it went through are not required by name; an empty name runs nothing). */
const programs = (r: RecordResult): string[] => [
  ...new Set(r.commands.filter((c) => c.kind === 'program' && c.name !== '').map((c) => c.name.toLowerCase())),
];

if (!HAVE_BASH) console.warn(`differential test skipped: ${BASH} is missing (the test compares against real bash)`);
else if (!HAVE_PARSER) console.warn(`differential: ${PARSER_FILE} doesn't exist yet; only the recorder is checked`);

describe.skipIf(!HAVE_BASH)('differential: real bash vs parse()', () => {
  const cases = loadCases(CASES_FILE);
  let rec: Recorder;
  let results: RecordResult[] = [];

  beforeAll(async () => {
    // CS_RECORDER_MODE=plain|sandbox forces a mode (default: sandbox when namespaces work).
    const forced = process.env.CS_RECORDER_MODE;
    const r = await createRecorder({ bash: BASH, mode: forced === 'plain' || forced === 'sandbox' ? forced : undefined });
    if (!r) throw new Error(`${BASH} vanished`);
    rec = r;
    results = await pool(cases, POOL, (c) => rec.run(c.text));
  }, 60_000);

  afterAll(() => rec?.close());

  it(`has at least ${MIN_CASES} distinct cases`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
    const seen = new Map<string, number>();
    const dups = cases.filter((c) => seen.has(c.text) || (seen.set(c.text, c.line), false));
    expect(dups.map((c) => `line ${c.line} repeats line ${seen.get(c.text)}: ${show(c.text)}`)).toEqual([]);
  });

  it('the recorder sees what bash runs (self-check, no parser involved)', async () => {
    const checks: Array<[string, string[]]> = [
      ['foo a', ['foo']],
      ['true; echo hi; f() { foo; }', []],
      [`eval 'zap'; X=qq1; eval "$X"`, ['zap', 'qq1']],
      [`bash -c "sh -c 'qq1 a'"`, ['qq1']],
      ['sudo -u x rm y; env -i A=1 zap; timeout -s KILL 5 nice -n 5 qq2', ['rm', 'zap', 'qq2']],
      ['exec zz9 a', ['zz9']],
      [`printf 'foo\\n' | sh`, ['foo']],
      ['bash <<EOF\nzap $(qq1)\nEOF', ['qq1', 'zap']],
      ['X=zap; $X', ['zap']],
      ['echo a | xargs foo; find . -exec zap {} \\;', ['foo', 'zap']],
      ['(foo &); zap & wait', ['foo', 'zap']],
      ['trap qq1 EXIT; "r"m x', ['rm', 'qq1']],
    ];
    if (rec.mode === 'sandbox') checks.push(['/bin/rm x; /usr/bin/env zap; $SHELL -c qq1', ['rm', 'zap', 'qq1']]);
    const bad: string[] = [];
    for (const [line, want] of checks) {
      const r = await rec.run(line);
      const got = programs(r).sort();
      if (r.timedOut || got.join(' ') !== [...want].sort().join(' '))
        bad.push(`${show(line)}: want [${[...want].sort().join(', ')}] got [${got.join(', ')}]${r.timedOut ? ' (timed out)' : ''} ${r.stderr}`);
    }
    expect(bad).toEqual([]);
  });

  it('every case runs to completion under the recorder', () => {
    const executed = results.filter((r) => !r.skipped);
    const timedOut = results.flatMap((r, i) => (r.timedOut ? [`line ${cases[i]?.line}: ${show(r.line)}`] : []));
    expect(timedOut).toEqual([]);
    // A recorder that silently records nothing would make the differential check vacuous.
    const recording = executed.filter((r) => programs(r).length > 0).length;
    expect(recording / Math.max(1, executed.length)).toBeGreaterThan(0.75);
    const skipped = results.length - executed.length;
    console.log(
      `differential: recorder mode=${rec.mode}, ${executed.length}/${results.length} cases executed` +
        (skipped ? ` (${skipped} not executed: ${results.find((r) => r.skipped)?.skipped})` : ''),
    );
  });

  it.skipIf(!HAVE_PARSER)('parse() lists every program bash runs, or falls back', async () => {
    const mod = (await import(/* @vite-ignore */ PARSER_FILE)) as { parse?: ParseFn };
    const parse = mod.parse;
    expect(typeof parse, `${PARSER_FILE} must export parse()`).toBe('function');
    if (!parse) return;
    const ctx: ParseContext = { cwd: rec.cwd, env: rec.env, home: rec.home };

    const failures: string[] = [];
    const fellBackMissing: string[] = [];
    let decided = 0;
    let considered = 0;
    for (const [i, c] of cases.entries()) {
      const r = results[i];
      if (!r || r.skipped) continue;
      considered++;
      let res: ParseResult;
      try {
        res = await parse(c.text, ctx);
      } catch (e) {
        failures.push(`line ${c.line}: ${show(c.text)}\n    parse() threw: ${(e as Error).stack ?? String(e)}`);
        continue;
      }
      const opaque = res.invocations.filter((v) => v.opaque !== undefined);
      const dynamicName = res.invocations.some((v) => v.name === '');
      const fellBack = res.uncertain.length > 0 || opaque.length > 0 || dynamicName;
      if (!fellBack) decided++;
      const found = new Set(res.invocations.map((v) => v.name));
      const ran = programs(r);
      const missing = ran.filter((n) => !found.has(n));
      if (missing.length === 0) continue;
      const why = [
        res.uncertain.length ? `uncertain: ${res.uncertain.join('; ')}` : '',
        opaque.length ? `opaque: ${opaque.map((v) => v.opaque).join('; ')}` : '',
        dynamicName ? 'dynamic command name' : '',
      ].filter(Boolean);
      if (fellBack) {
        fellBackMissing.push(`line ${c.line}: ${show(c.text)} missed [${missing.join(', ')}] (${why.join(' | ')})`);
        continue;
      }
      failures.push(
        `line ${c.line}: ${show(c.text)}\n` +
          `    bash ran:     ${r.commands.map((x) => (x.kind === 'wrapper' ? `(${x.argv.join(' ')})` : x.argv.join(' '))).join(' ; ')}\n` +
          `    missing:      ${missing.join(', ')}\n` +
          `    parser found: ${[...found].map((n) => n || "''").join(', ') || '(nothing)'}`,
      );
    }

    const share = decided / Math.max(1, considered);
    console.log(
      `differential: ${considered} cases, decided without fallback: ${decided} (${(share * 100).toFixed(1)}%, bar ${MIN_DECIDED * 100}%), ` +
        `failures: ${failures.length}, saved only by a fallback: ${fellBackMissing.length}` +
        (fellBackMissing.length && !process.env.CS_DIFF_VERBOSE ? ' (CS_DIFF_VERBOSE=1 lists them)' : ''),
    );
    if (fellBackMissing.length && process.env.CS_DIFF_VERBOSE)
      console.log(`differential: saved only by a fallback:\n  ${fellBackMissing.join('\n  ')}`);
    expect(failures.length, `parse() missed programs that bash ran:\n${failures.join("\n")}`).toBe(0);
    expect(share, `only ${(share * 100).toFixed(1)}% of cases were decided without uncertain/opaque/dynamic`).toBeGreaterThanOrEqual(MIN_DECIDED);
  });
});
