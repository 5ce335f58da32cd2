// The code's shape, checked: security-relevant paths have one definition.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..', 'src');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('structure', () => {
  it("countersign's state and config directories are computed only in src/dirs.ts", () => {
    const offenders = sources()
      .filter((f) => !f.endsWith(`${path.sep}dirs.ts`))
      .filter((f) => /XDG_STATE_HOME\s*\|\||XDG_CONFIG_HOME\s*\|\|\s*path\.join\([^)]*\)\s*,\s*'countersign'|'\.local',\s*'state'\)\s*,\s*'countersign'/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
