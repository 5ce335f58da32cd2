// What `jq -n` prints when its filter only builds an object of literals and --arg values (red
// team 8): a GraphQL body built so is read, a query allowed and a mutation caught; anything jq
// could compute (operators, functions, escapes, files) stays unseen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { jqNullOutput } from '../../src/parse/walk.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const decide = async (line: string) => (await check(line, fx.ctx)).decision;
beforeAll(() => {
  fx = detectionFixture('countersign-jq-');
});
afterAll(() => fx.cleanup());

describe('jqNullOutput', () => {
  it('builds objects of keys, $names, strings, numbers and nested objects', () => {
    expect(jqNullOutput(['-n', '--arg', 'q', 'query { me }', '{query: $q}'])).toBe('{\n  "query": "query { me }"\n}\n');
    expect(jqNullOutput(['-nc', '--arg', 'id', 'v1', '--argjson', 'n', '3', '{"query": "q", variables: {id: $id, n: $n, ok: true}}'])).toBe('{"query":"q","variables":{"id":"v1","n":3,"ok":true}}\n');
    expect(jqNullOutput(['-n', '--arg', 'q', 'x', '-c', '{$q}'])).toBe('{"q":"x"}\n');
    // JSON's escapes are read (rt22fp2); `\(...)` interpolation is not.
    expect(jqNullOutput(['-nc', '{query: "a\\"b\\\\c\\n"}'])).toBe('{"query":"a\\"b\\\\c\\n"}\n');
  });
  it('reads --rawfile through the reader it is given; a missing file prints nothing', () => {
    expect(jqNullOutput(['-nc', '--rawfile', 'b', 'notes.md', '{body: $b}'], () => 'line "1"\n')).toBe('{"body":"line \\"1\\"\\n"}\n');
    expect(jqNullOutput(['-nc', '--rawfile', 'b', 'notes.md', '{body: $b}'], () => undefined)).toBe('');
    expect(jqNullOutput(['-nc', '--rawfile', 'b', 'notes.md', '{body: $b}'], () => null)).toBeUndefined();
  });
  it('is unknown for anything computed or read', () => {
    for (const a of [
      ['--arg', 'q', 'x', '{query: $q}'],
      ['-n', '{query: ($q + "x")}'],
      ['-n', '--arg', 'q', 'x', '{query: ($q + "x")}'],
      ['-n', '{query: "\\(1)"}'],
      ['-n', '{q}'],
      ['-n', '{query: $undefined}'],
      ['-n', '--rawfile', 'q', 'f', '{query: $q}'],
      ['-n', '--argjson', 'v', '{bad', '{v: $v}'],
      ['-n', '{a: 1} | .a'],
      ['-n', '[1]'],
      ['-n', '{a: 1}', 'extra'],
    ]) expect(jqNullOutput(a), a.join(' ')).toBeUndefined();
  });
});

describe('a GraphQL body from jq -n', () => {
  it('a query is allowed, a mutation caught', async () => {
    expect(await decide(`jq -n --arg q 'query { viewer { login } }' '{query: $q}' | curl -s -H "Authorization: bearer $GITHUB_TOKEN" -d @- https://api.github.com/graphql`)).toBe('allow');
    for (const l of [
      `jq -n --arg q 'mutation { volumeDelete(volumeId: "v") }' '{query: $q}' | curl -s -H "Authorization: Bearer $T" -d @- https://backboard.railway.app/graphql/v2`,
      `jq -nc --arg id v1 '{query: "mutation($id: String!) { volumeDelete(volumeId: $id) }", variables: {id: $id}}' | curl -s --data-binary @- https://backboard.railway.app/graphql/v2`,
      `jq -n --arg q 'mutation { volume' '{query: ($q + "Delete(volumeId: \\"v\\") }")}' | curl -s -d @- https://backboard.railway.app/graphql/v2`,
      `Q=$(cat q.graphql); jq -n --arg q "$Q" '{query: $q}' | curl -s -d @- https://backboard.railway.app/graphql/v2`,
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});

// `jq '.a.b = "literal"' FILE` (fxopen): the file with that key set, so a script it adds to
// package.json is read when the line runs it; anything jq computes stays unknown.
describe('a package.json script set with jq', () => {
  const pkg = `echo '{"name":"app","scripts":{"test":"vitest"}}' > package.json && `;
  it('reads a literal assignment, the file as the line left it', async () => {
    expect(await decide(`${pkg}jq '.scripts.x = "rm -rf dist"' package.json > tmp && mv tmp package.json && npm run x`)).toBe('allow');
    expect(await decide(`${pkg}jq -c '.scripts["x"] = "eslint ."' package.json > tmp && mv tmp package.json && npm run x`)).toBe('allow');
    expect(await decide(`${pkg}jq '.scripts.x = "rm -rf data"' package.json > tmp && mv tmp package.json && npm run x`)).not.toBe('allow');
    // --arg values are literal strings too (fx17).
    expect(await decide(`${pkg}jq --arg s 'rm -rf dist' '.scripts.x = $s' package.json > tmp && mv tmp package.json && npm run x`)).toBe('allow');
    expect(await decide(`${pkg}jq --arg s 'rm -rf data' '.scripts.x = $s' package.json > tmp && mv tmp package.json && npm run x`)).not.toBe('allow');
  });
  it('is unknown for anything computed, or a file it can\'t read', async () => {
    for (const l of [
      `${pkg}jq '.scripts.x = "rm -rf " + "dist"' package.json > tmp && mv tmp package.json && npm run x`,
      `${pkg}jq '.scripts.x = "rm -rf \\(.name)"' package.json > tmp && mv tmp package.json && npm run x`,
      `${pkg}jq '.scripts.x = .scripts.test' package.json > tmp && mv tmp package.json && npm run x`,
      `${pkg}jq --arg s 'rm -rf dist' '.scripts.x = $t' package.json > tmp && mv tmp package.json && npm run x`,
      `echo '{"scripts":"no"}' > package.json && jq '.scripts.x = "rm -rf dist"' package.json > tmp && mv tmp package.json && npm run x`,
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});
