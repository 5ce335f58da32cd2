// The folders under src/rules/ (http/, inline/, sql/) are used through their index.ts: code outside
// a folder imports nothing else from it, so each folder's files can change without touching callers.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', '..', 'src');
const RULES = path.join(SRC, 'rules');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const folders = readdirSync(RULES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(RULES, e.name));

describe('src/rules folders', () => {
  it('http/ is one of them, with an index.ts', () => {
    expect(folders.map((f) => path.basename(f))).toContain('http');
    expect(sources(path.join(RULES, 'http')).map((f) => path.basename(f))).toContain('index.ts');
  });

  it('code outside a folder imports only its index.ts', () => {
    const reach: string[] = [];
    for (const f of sources(SRC)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\(\s*)['"](\.[^'"]+)['"]/g)) {
        const target = path.resolve(path.dirname(f), m[1]!).replace(/\.js$/, '.ts');
        const folder = folders.find((d) => target.startsWith(d + path.sep));
        if (folder && !f.startsWith(folder + path.sep) && target !== path.join(folder, 'index.ts')) reach.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, target)}`);
      }
    }
    expect(reach).toEqual([]);
  });
});
