// Properties of the parser: it never throws, it fails closed on huge or deeply nested input, and
// mutations of destructive lines keep the destructive program visible (or become uncertain).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT, parse } from '../../src/parse/index.js';

const ctx = { cwd: '/repo', env: { HOME: '/home/u', PATH: '/bin' }, home: '/home/u' };

const piece = fc.constantFrom(
  'rm', '-rf', 'x', '"', "'", '$', '(', ')', '{', '}', ';', '&&', '||', '|', '&', '<', '>', '<<', 'EOF', '\n', '\\', '`', '$(', '${', '#',
  'bash', '-c', 'eval', 'sudo', 'if', 'then', 'fi', 'for', 'do', 'done', 'case', 'esac', 'in', '=', ' ', '*', '~', '!', '[[', ']]', '((', '))',
);
const line = fc.array(piece, { maxLength: 40 }).map((a) => a.join(' '));
const noisy = fc.oneof(line, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 80 }));

describe('parser properties', () => {
  it('never throws, and always returns a result', async () => {
    await fc.assert(
      fc.asyncProperty(noisy, async (text) => {
        const r = await parse(text, ctx);
        expect(Array.isArray(r.invocations)).toBe(true);
        expect(Array.isArray(r.uncertain)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('fails closed on a line over the size bound', async () => {
    const r = await parse('echo ' + 'a'.repeat(MAX_TEXT + 10), ctx);
    expect(r.uncertain.join()).toMatch(/longer than/);
  });

  it('fails closed on deep nesting', async () => {
    const deep = '$('.repeat(400) + 'rm -rf /' + ')'.repeat(400);
    const r = await parse(deep, ctx);
    expect(r.uncertain.length).toBeGreaterThan(0);
  });

  it('fails closed on deeply nested bash -c strings', async () => {
    let s = 'rm -rf /';
    for (let i = 0; i < 20; i++) s = `bash -c ${JSON.stringify(s).replace(/\$/g, '\\$')}`;
    const r = await parse(s, ctx);
    expect(r.uncertain.length > 0 || r.invocations.some((i) => i.name === 'rm')).toBe(true);
  });

  // Dressing up a destructive command must never hide it: either rm is still found, or the
  // result is uncertain or opaque (both confirm). Quoting first, then layers of wrapping.
  const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const dq = (s: string) => `"${s.replace(/["$`\\]/g, '\\$&')}"`;
  const quotings: Array<(s: string) => string> = [
    (s) => s,
    // Function replacements: `$'` in a replacement string means something to String.replace.
    (s) => s.replace(/^rm/, () => '"r"m'),
    (s) => s.replace(/^rm/, () => "r''m"),
    (s) => s.replace(/^rm/, () => '\\rm'),
    (s) => s.replace(/^rm/, () => "$'\\x72m'"),
    (s) => `X=rm; ${s.replace(/^rm/, () => '$X')}`,
  ];
  const layers: Array<(s: string) => string> = [
    (s) => `sudo bash -c ${sq(s)}`,
    (s) => `env A=1 sh -c ${dq(s)}`,
    (s) => `bash -c ${sq(s)}`,
    (s) => `sh -c ${dq(s)}`,
    (s) => `eval ${sq(s)}`,
    (s) => `(${s})`,
    (s) => `{ ${s}; }`,
    (s) => `true && ${s}`,
    (s) => `false || ${s}`,
    (s) => `echo hi; ${s}`,
    (s) => `f() { ${s}; }; f`,
    (s) => `if true; then ${s}; fi`,
    (s) => `echo $(${s})`,
    (s) => `${s}   `,
    (s) => `\n\n${s}\n`,
  ];
  it('mutations of a destructive line stay visible or become uncertain', async () => {
    let visible = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: quotings.length - 1 }), fc.array(fc.integer({ min: 0, max: layers.length - 1 }), { maxLength: 4 }), async (q, idx) => {
        let s = quotings[q]!('rm -rf /');
        for (const i of idx) s = layers[i]!(s);
        const r = await parse(s, ctx, { envComplete: true });
        const found = r.invocations.some((i) => i.name === 'rm');
        total++;
        if (found) visible++;
        expect(found || r.uncertain.length > 0 || r.invocations.some((i) => i.opaque), s).toBe(true);
      }),
      { numRuns: 500 },
    );
    // Most dressings are seen through outright, not just caught by the fallback.
    expect(visible / total).toBeGreaterThan(0.9);
  });
});

describe('parser state', () => {
  it('reads the next line afresh after a parse ran out of time', async () => {
    const big = 'echo ' + 'a b '.repeat(30_000);
    const r1 = await parse(big, ctx, { limits: { budgetMs: 1, msPerKb: 0 } });
    expect(r1.uncertain.join()).toMatch(/time budget/);
    const r2 = await parse('rm -rf /tmp/x', ctx);
    expect(r2.uncertain).toEqual([]);
    expect(r2.invocations.map((i) => i.name)).toEqual(['rm']);
  });

  it('gives a long line more time for each KB, up to a cap', async () => {
    const big = 'echo ' + 'a b '.repeat(30_000);
    const long = await parse(big, ctx, { limits: { budgetMs: 1, msPerKb: 50 } });
    expect(long.uncertain).toEqual([]);
    const capped = await parse(big, ctx, { limits: { budgetMs: 1, msPerKb: 50, maxBudgetMs: 1 } });
    expect(capped.uncertain.join()).toMatch(/time budget/);
  });
});
