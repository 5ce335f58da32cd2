// The quick-reject index a run takes ready-made must be the one its config would build: the
// builtin one the build writes (dist/quick.idx) and the one stored with a compiled config.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, quickIndexOf } from '../../src/rules/load.js';
import { quickIndex, quickIndexData } from '../../src/rules/quick.js';

const data = (x: Parameters<typeof quickIndexData>[0]) => quickIndexData(x);

describe('ready-made quick-reject data', () => {
  it("dist/quick.idx is the builtin config's index", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'cs-qd-'));
    const cfg = await loadConfig({ cwd: home, env: { HOME: home }, home }, { teamFile: null, userFile: null });
    const built = readFileSync(path.join(import.meta.dirname, '../../dist/quick.idx'), 'utf8');
    expect(data(quickIndex(cfg))).toEqual(built);
  });

  it('every builtin rule has a word (or a word start) it needs: none is checked on every line', async () => {
    // A rule with no anchor makes every command take the full parse (and the build's fast-path
    // code cache, trained on a harmless line, fails to record).
    const home = mkdtempSync(path.join(os.tmpdir(), 'cs-qd-'));
    const cfg = await loadConfig({ cwd: home, env: { HOME: home }, home }, { teamFile: null, userFile: null });
    const idx = quickIndex(cfg);
    expect(idx.unanchored!.map((r) => JSON.stringify(idx.rules[r]))).toEqual([]);
  });

  it('a config read from the compiled cache brings the index built from it', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'cs-qd-'));
    const dir = path.join(base, 'p');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.countersign.yaml'), 'protected-paths: [data]\nrules:\n  - id: team/ourctl-wipe\n    match: {command: ourctl, subcommand: wipe}\n    severity: high\n    summary: wipes\n');
    const ctx = { cwd: dir, env: { HOME: base }, home: base };
    const first = await loadConfig(ctx, { cacheDir: path.join(base, 'state') });
    const second = await loadConfig(ctx, { cacheDir: path.join(base, 'state') });
    expect(second).not.toBe(first);
    expect(second.errors).toEqual([]);
    const stored = quickIndexOf(second);
    const built = quickIndex(second);
    expect(stored.rules).toEqual(built.rules);
    expect(stored.unanchored).toEqual(built.unanchored);
    for (const w of ['rm', 'git', 'psql', 'ourctl', 'wipe', 'ls']) expect(stored.anchors?.get(w), w).toEqual(built.anchors?.get(w));
    // Stored without the rules' examples (only `countersign test` reads them, uncached).
    expect(second.rules.some((r) => r.tests)).toBe(false);
    expect(first.rules.some((r) => r.tests)).toBe(true);
    // The team rule's word is in it: `ourctl wipe` can't be passed by the quick reject.
    expect(stored.anchors?.get('ourctl')).toBeDefined();
  });
});
