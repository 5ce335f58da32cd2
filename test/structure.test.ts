// The code's shape, checked: security-relevant paths have one definition, and folders import
// one way along parse -> rules -> targets -> policy -> confirm -> run -> audit.
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

// Value imports between folders (type-only imports carry no code and are free). Folders import one
// way: no cycles, and parse/rules/targets/policy never reach into the stages after them.
const STAGES = ['timing', 'dirs', 'readfile', 'own', 'fs-view', 'session', 'exit', 'lazy', 'prompts', 'keys', 'programs', 'parse', 'rules', 'targets', 'policy', 'audit', 'engine', 'confirm'];

function folderOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, '');
}

/** Folder -> folders it imports values from. `except` leaves out one file's imports of one folder. */
function valueImports(except: Array<[string, string]> = []): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const f of sources()) {
    const text = readFileSync(f, 'utf8');
    const re = /^(?:import|export)(?!\s+type\b)[^;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
    for (const m of text.matchAll(re)) {
      const target = path.resolve(path.dirname(f), (m[1] ?? m[2])!).replace(/\.js$/, '.ts');
      const a = folderOf(f);
      const b = folderOf(target);
      if (a === b || except.some(([file, folder]) => path.relative(SRC, f) === file && b === folder)) continue;
      if (!g.has(a)) g.set(a, new Set());
      g.get(a)!.add(b);
    }
  }
  return g;
}

function cycles(g: Map<string, Set<string>>): string[][] {
  let n = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('imports', () => {
  it('folders import one way: no cycles', () => {
    expect(cycles(valueImports())).toEqual([]);
  });

  it('an early stage never imports a later one', () => {
    // Loading the config reads the whole file, including the sections the targets own (the
    // environment map, this machine's environment): it validates them with their schema.
    const g = valueImports([[path.join('rules', 'load.ts'), 'targets']]);
    const backwards: string[] = [];
    for (const [a, bs] of g) {
      const ia = STAGES.indexOf(a);
      if (ia < 0) continue;
      for (const b of bs) {
        const ib = STAGES.indexOf(b);
        if (ib < 0 || ib > ia) backwards.push(`${a} -> ${b}`);
      }
    }
    expect(backwards).toEqual([]);
  });
});

// A folder's public surface is its index.ts. The modules below are entry points of their own, each
// for a stated reason (start-up time, mostly: importing the index would load what these avoid).
const ENTRY_POINTS: Record<string, Record<string, string>> = {
  agents: {
    'hook-wire': 'the fast path answers harmless hooks with it (dist/fast.cjs)',
    hooks: 'the hook runtime: answering a hook loads none of the set-up code',
  },
  parse: {
    types: "the vocabulary (words, invocations, origins): the engine reads origins without loading the parser",
    precompiled: 'the fast path starts the wasm compile with it',
    packages: 'the quick reject (run by the fast path) reads package bins',
    projects: 'the quick reject (run by the fast path) reads package.json scripts and makefiles',
    githooks: "the quick reject (run by the fast path) finds a repository's hooks and command-valued config",
  },
  rules: {
    quick: 'the quick reject: the fast path, and the first step of every check',
    'config-cache': 'the fast path reads the compiled config with it',
    load: 'the config loader: YAML and the validator load only when a file must be compiled',
    types: 'the vocabulary: policy reads severities without loading the rules',
  },
  programs: { links: "the quick reject (run by the fast path) knows lwp-request's capital-letter names without loading the registry" },
  shell: { args: 'the fast path', real: 'the fast path', run: 'the fast path' },
  targets: { machine: "the config loader reads this machine's entry on every start" },
};

describe('public surfaces', () => {
  it("code outside a folder imports its index.ts, or an entry point listed with its reason", () => {
    const offenders: string[] = [];
    for (const f of sources()) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*|^import\s+)['"](\.[^'"]+)['"]/gm)) {
        const target = path.resolve(path.dirname(f), m[1]!).replace(/\.js$/, '.ts');
        const rel = path.relative(SRC, target).split(path.sep);
        if (rel.length < 2 || folderOf(f) === rel[0]) continue;
        const mod = rel.slice(1).join('/').replace(/\.ts$/, '');
        if (mod === 'index' || ENTRY_POINTS[rel[0]!]?.[mod]) continue;
        offenders.push(`${path.relative(SRC, f)} -> ${rel.join('/')}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every listed entry point exists', () => {
    for (const [folder, mods] of Object.entries(ENTRY_POINTS)) for (const m of Object.keys(mods)) expect(() => readFileSync(path.join(SRC, folder, `${m}.ts`))).not.toThrow();
  });
});
