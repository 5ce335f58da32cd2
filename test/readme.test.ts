// The README is the rule format's reference: a match key the schema accepts but the README never
// names is one a team can't find, and one the README names but the schema refuses is a lie.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchSchema } from '../src/rules/schema.js';
import { MATCH_KEYS } from '../src/targets/config.js';

const README = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
const RULE_FORMAT = README.slice(README.indexOf('### Rule format'), README.indexOf('### Policy defaults'));

/** The keys of a valibot object schema, through the pipe and optional wrappers around it. */
function keysOf(schema: unknown): string[] {
  let s = schema as { pipe?: unknown[]; wrapped?: unknown; entries?: Record<string, unknown>; options?: unknown[]; item?: unknown };
  for (;;) {
    if (s.entries) return Object.keys(s.entries);
    if (s.pipe) s = s.pipe[0] as typeof s;
    else if (s.wrapped) s = s.wrapped as typeof s;
    else if (s.options) s = s.options[0] as typeof s;
    else return [];
  }
}
const entries = (schema: unknown, key: string): unknown => {
  let s = schema as { pipe?: unknown[]; entries?: Record<string, unknown> };
  while (!s.entries && s.pipe) s = s.pipe[0] as typeof s;
  return s.entries?.[key];
};
const named = (k: string): boolean => new RegExp(`(^|[\\s{,(\`])${k.replace(/-/g, '\\-')}:`, 'm').test(RULE_FORMAT);

describe('README rule format', () => {
  it('names every match key', () => {
    expect(keysOf(matchSchema).filter((k) => !named(k))).toEqual([]);
  });
  it.each(['unless-created', 'sql-from'])('names every key of %s', (key) => {
    const inner = keysOf(entries(matchSchema, key));
    expect(inner.length).toBeGreaterThan(2);
    expect(inner.filter((k) => !named(k) && !RULE_FORMAT.includes(`\`${k}\``))).toEqual([]);
  });
});

describe('README configuration', () => {
  it("names every environments match key", () => {
    const config = README.slice(README.indexOf('## Configuration'), README.indexOf('### Rule format'));
    expect(Object.keys(MATCH_KEYS).filter((k) => !config.includes(`\`${k}\``))).toEqual([]);
  });
});
