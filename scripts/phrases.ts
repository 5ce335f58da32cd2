// Writes the phrase each builtin rule asks for into the rule's examples (`tests.match` entries
// `{cmd, phrase}`), so a change of wording shows up in review. One example per rule: the one that
// already has a phrase, else the first one-line example that pauses. Run after a deliberate change
// of phrases: `npx tsx scripts/phrases.ts` (the self-test then checks them).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { check, type Engine } from '../src/engine.js';
import { builtinPacks, loadConfig, loadConfigLibs } from '../src/rules/load.js';
import { quickIndex } from '../src/rules/index.js';
import { makeFixture } from '../src/rules/selftest.js';

const dir = path.join(import.meta.dirname, '..', 'rulesets');
await loadConfigLibs();
const fx = makeFixture();
const team = path.join(fx.project, '.countersign.yaml');
writeFileSync(team, `extends: [${[...builtinPacks().keys()].join(', ')}]\nprotected-paths: [data]\n`);
const ctx = { cwd: fx.project, env: fx.env, home: fx.home };
const config = await loadConfig(ctx, { teamFile: team, userFile: null });
const engine: Engine = { config, index: quickIndex(config) };
const phraseOf = async (cmd: string, rule: string): Promise<string | undefined> => {
  const r = await check(cmd, { ...ctx, envComplete: true }, engine);
  return r.findings.some((f) => f.rule === rule) ? r.phrase : undefined;
};

let changed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const full = path.join(dir, file);
  const src = readFileSync(full, 'utf8');
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(src, { lineCounter: lc });
  const lines = src.split('\n');
  const edits: Array<{ line: number; count?: number; text: string[] }> = [];
  const rules = doc.get('rules') as YAML.YAMLSeq<YAML.YAMLMap> | undefined;
  for (const rule of rules?.items ?? []) {
    const id = String(rule.get('id'));
    const seq = rule.getIn(['tests', 'match']) as YAML.YAMLSeq | undefined;
    if (!seq) continue;
    const items = seq.items as Array<YAML.Scalar | YAML.YAMLMap>;
    const written = items.find((i): i is YAML.YAMLMap => YAML.isMap(i));
    if (written) {
      const want = await phraseOf(String(written.get('cmd')), id);
      const node = written.get('phrase', true) as YAML.Scalar | undefined;
      if (want && node?.range && node.value !== want) {
        const p = lc.linePos(node.range[0]);
        const line = lines[p.line - 1]!;
        edits.push({ line: p.line, text: [line.slice(0, p.col - 1) + YAML.stringify(want).trimEnd()] });
      }
      continue;
    }
    for (const item of items) {
      if (!YAML.isScalar(item) || !item.range || typeof item.value !== 'string') continue;
      const want = await phraseOf(item.value, id);
      if (!want) continue;
      const p = lc.linePos(item.range[0]);
      const indent = ' '.repeat(p.col - 1);
      // A block scalar (`- |-` and lines under it) moves under `cmd:`, two columns further in.
      const block = item.type === 'BLOCK_LITERAL' || item.type === 'BLOCK_FOLDED';
      const end = block ? lc.linePos(item.range[1]).line - 1 : p.line;
      const body = lines.slice(p.line, end).map((l) => (l.trim() ? `  ${l}` : l));
      const first = lines[p.line - 1]!;
      edits.push({ line: p.line, count: end - p.line + 1, text: [`${first.slice(0, p.col - 1)}cmd: ${first.slice(p.col - 1)}`, ...body, `${indent}phrase: ${YAML.stringify(want).trimEnd()}`] });
      break;
    }
  }
  if (!edits.length) continue;
  for (const e of edits.sort((a, b) => b.line - a.line)) lines.splice(e.line - 1, e.count ?? 1, ...e.text);
  const out = lines.join('\n');
  // The commands must read back exactly as before.
  const cmds = (s: string) => JSON.stringify((YAML.parse(s).rules ?? []).map((r: { tests?: { match?: unknown[] } }) => (r.tests?.match ?? []).map((m) => (typeof m === 'string' ? m : (m as { cmd: string }).cmd))));
  if (cmds(out) !== cmds(src)) throw new Error(`${file}: rewriting changed an example`);
  writeFileSync(full, out);
  changed += edits.length;
  console.log(`${file}: ${edits.length} phrase(s) written`);
}
fx.cleanup();
console.log(`${changed} change(s)`);
