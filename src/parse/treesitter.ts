// Lazy loader for the tree-sitter bash grammar. Loaded only when the quick reject can't decide.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { Parser as TSParser, Node as TSNode, Tree } from 'web-tree-sitter';
import { PRECOMPILED, type Precompiled } from './precompiled.js';

export type { TSNode, Tree };

let ready: Promise<TSParser> | undefined;

/** Files sit next to the bundle in dist/, or in node_modules when running from source. */
function wasmPath(file: string, pkg: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve(`${pkg}/${file}`);
}

export function loadParser(): Promise<TSParser> {
  ready ??= (async () => {
    // TurboFan tier-up of the grammar costs ~900 ms of CPU and blocks process exit; the baseline
    // compiler alone parses a typical line in ~30 µs, which is plenty (measured in bench/).
    v8.setFlagsFromString('--liftoff-only');
    const { Parser, Language } = await import('web-tree-sitter');
    // Compiled in the background by the launcher (src/fast.ts) when it started the program.
    const pre = (globalThis as Record<symbol, Precompiled | undefined>)[PRECOMPILED];
    const [runtime, grammar] = await Promise.all([pre?.runtime?.catch(() => undefined), pre?.grammar?.catch(() => undefined)]);
    if (runtime) {
      await Parser.init({
        instantiateWasm: (imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) => {
          done(new WebAssembly.Instance(runtime, imports), runtime);
          return {};
        },
      } as object);
    } else await Parser.init({ wasmBinary: readFileSync(wasmPath('web-tree-sitter.wasm', 'web-tree-sitter')) });
    const lang = grammar ? Language.loadSync(grammar) : await Language.load(readFileSync(wasmPath('tree-sitter-bash.wasm', 'tree-sitter-bash')));
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return ready;
}

let threadStat = process.platform === 'linux';

/** CPU time of this thread in ms (10 ms steps on Linux). Budgets use it, not the wall clock: on a
 *  busy machine a wall-clock budget would turn harmless lines uncertain. Not the process's time
 *  either: V8's background threads (the wasm compile the launcher starts early, concurrent GC and
 *  compilation) would spend the parser's budget for it. */
export function cpuMs(): number {
  if (threadStat) {
    try {
      const f = readFileSync('/proc/thread-self/stat', 'latin1');
      const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (USER_HZ is 100 on Linux).
      return (Number(v[11]) + Number(v[12])) * 10;
    } catch {
      threadStat = false;
    }
  }
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Parse with a CPU-time budget; undefined when the budget ran out. */
export function parseTree(parser: TSParser, text: string, budgetMs: number): Tree | undefined {
  // Short lines never come near the budget: no progress callback at all (each call crosses
  // from wasm into JS), and no CPU clock.
  if (text.length < 4096) return parser.parse(text) ?? undefined;
  const deadline = cpuMs() + budgetMs;
  let cancelled = false;
  let calls = 0;
  const tree = parser.parse(text, null, {
    progressCallback: () => {
      if ((++calls & 15) === 0 && cpuMs() > deadline) cancelled = true;
      return cancelled as unknown as void;
    },
  });
  if (cancelled || !tree) {
    tree?.delete();
    // A cancelled parse is kept for resumption; without a reset the next call would continue
    // the old text instead of reading the new one.
    parser.reset();
    return undefined;
  }
  return tree;
}
