// The fast path (dist/fast.cjs, CommonJS, one file): a harmless `-c` command runs, and a harmless
// command's agent hook is answered "no opinion", without the ESM loader, the parser or YAML. It
// applies only when the config is the builtin one or is already compiled in the cache, and the
// line passes the quick reject; anything else returns undefined (or, for a hook whose stdin is
// read, hands the bytes to the full program) and the full program (dist/cli.mjs) decides, from
// scratch. Every import here costs start-up time on every command: bench it
// (`npm run bench -- startup`).
import { existsSync, fstatSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AGENTS, HANDOFF, answer, failAnswer, readInput, readRequest, timeoutFrom, type Agent, type HookInput } from './agents/hook-wire.js';
import { cacheSlot, fileId, findTeamFile, readQuickCache, trustFiles, userConfigFile } from './rules/config-cache.js';
import { homeOf, stateDir } from './dirs.js';
import { quickIndexFromData, quickReject } from './rules/quick.js';
import { parseShellArgs } from './shell/args.js';
import { findRealShell } from './shell/real.js';
import { PRECOMPILED } from './parse/precompiled.js';
import { exitLike, runShell } from './shell/run.js';
import { mark } from './timing.js';

/** The quick-reject data for a directory: the builtin index, or the cached one of its config;
 *  undefined when the config isn't compiled yet. */
function quickData(cwd: string, env: NodeJS.ProcessEnv, distDir: string): { data: Buffer; shell?: string } | undefined {
  const home = homeOf(env);
  const team = findTeamFile(cwd);
  const user = userConfigFile(env, home);
  const state = stateDir(env, home);
  // A trusted snapshot keeps a deleted team file's protection: then the builtin index won't do.
  const trust = trustFiles(state, cwd, env, home);
  if (!team && !existsSync(user) && !trust.team && !trust.user) return { data: readFileSync(path.join(distDir, 'quick.idx')) };
  // Written only for a config without errors; verified against its sources like the full one.
  const hit = readQuickCache(cacheSlot(state, fileId(path.join(distDir, 'rulesets.json')), team, user, home, trust.key));
  return hit ? { data: hit.quick, shell: hit.shell } : undefined;
}

/** `full` starts the full program (dist/cli.mjs) in this process. */
export function fastPath(args: string[], distDir: string, full: () => void = () => {}): Promise<unknown> | undefined {
  mark('launcher');
  if (args[0] === 'hook') return hookFast(args, distDir, full);
  let argv = args;
  let forced: string | undefined;
  if (argv[0] === '--real-shell' && argv[1]) {
    forced = argv[1];
    argv = argv.slice(2);
  }
  const req = parseShellArgs(argv);
  // A BASH_ENV file runs before the command: the full check reads it.
  if (req.kind !== 'command' || process.env.BASH_ENV) return undefined;
  const q = quickData(process.cwd(), process.env, distDir);
  if (!q || !quickReject(req.code, quickIndexFromData(q.data), process.cwd())) return undefined;
  return runShell(forced ?? findRealShell(process.env, q.shell).path, argv).then(exitLike);
}

/** `countersign hook AGENT`: read the payload; a shell command that passes the quick reject gets
 *  the agent's "no opinion". Anything else, and any doubt, goes to the full program with the
 *  bytes read. */
function hookFast(args: string[], distDir: string, full: () => void): Promise<unknown> | undefined {
  const agent = args[1] as Agent;
  // fstat, not process.stdin or tty: those load the stream modules, which cost start-up time.
  // A terminal (a person typing the JSON) goes to the full program, which says what it waits for.
  if (args.length !== 2 || !AGENTS.includes(agent) || stdinIsTerminal()) return undefined;
  const timeoutMs = timeoutFrom(process.env);
  let settled = false;
  // The same backstop as the full program's: a stdin that never ends is denied, not left to the
  // agent's own timeout (which lets the command run).
  const backstop = setTimeout(() => {
    if (settled) return;
    const a = failAnswer(agent, `checking took longer than ${Math.round(timeoutMs / 1000)} s (or the hook input never ended)`);
    process.stdout.write(a.stdout, () => process.exit(a.code));
  }, timeoutMs + 1000);
  backstop.unref();
  return readInput().then((input) => {
    settled = true;
    clearTimeout(backstop);
    let quiet: string | undefined;
    try {
      quiet = harmless(agent, input, distDir);
    } catch {
      quiet = undefined;
    }
    if (quiet === undefined) {
      (globalThis as Record<symbol, unknown>)[HANDOFF] = input;
      full();
      return;
    }
    if (quiet) writeOut(quiet);
  });
}

function stdinIsTerminal(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

/** Write the answer without creating process.stdout (see stdinIsTerminal). */
function writeOut(s: string): void {
  const b = Buffer.from(s);
  let off = 0;
  try {
    while (off < b.length) off += writeSync(1, b, off);
  } catch {
    process.stdout.write(b.subarray(off));
  }
}

/** The "no opinion" answer when the payload is a shell command the quick reject clears. */
function harmless(agent: Agent, input: HookInput, distDir: string): string | undefined {
  if (input.error || input.tooBig) return undefined;
  const req = readRequest(agent, input.bytes.toString('utf8'), process.env, process.cwd());
  if (req.kind !== 'shell') return undefined;
  const q = quickData(req.cwd, process.env, distDir);
  if (!q || !quickReject(req.command, quickIndexFromData(q.data), req.cwd)) return undefined;
  return answer(agent, 'defer').stdout;
}

/** The full program as one CommonJS file (dist/check.cjs), compiled with the V8 code cache the
 *  build made for it (dist/check.cjs.cache): compiling ~2 MB of JavaScript on every start is most
 *  of the full program's start-up. V8 uses the cache only for the same V8 version, flags and
 *  source length, and trusts its bytecode otherwise: it is a build output, exactly as trusted as
 *  check.cjs beside it (whoever can write one can write the other), and nothing writes it at run
 *  time. Undefined when check.cjs isn't there (the caller starts dist/cli.mjs). */
export function fullScript(distDir: string, args: string[] = [], useCache = true): { script: import('node:vm').Script; load: () => FullExports; run: () => Promise<void> } | undefined {
  const file = path.join(distDir, 'check.cjs');
  let src: string;
  try {
    // ASCII (the build checks): read as latin1, which skips UTF-8 decoding of 1.5 MB.
    mark('fast path');
    src = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  // The parser's V8 flags, set before compiling: the flags are part of the cache's key, and the
  // build records the cache with them set.
  const v8 = process.getBuiltinModule('node:v8') as typeof import('node:v8');
  for (const f of WASM_FLAGS) v8.setFlagsFromString(f);
  mark('read program');
  if (mayParse(args)) compileGrammar(distDir);
  mark('wasm compile started');
  let cachedData: Buffer | undefined;
  try {
    cachedData = useCache ? readFileSync(`${file}.cache`) : undefined;
  } catch {
    cachedData = undefined;
  }
  const vm = process.getBuiltinModule('node:vm') as typeof import('node:vm');
  const mod = process.getBuiltinModule('node:module') as typeof import('node:module');
  const script = new vm.Script(mod.wrap(src), { filename: file, cachedData });
  mark(cachedData && !script.cachedDataRejected ? 'code cache' : 'compile (no code cache)');
  const load = (): FullExports => {
    const m = { exports: {} as FullExports };
    (script.runInThisContext() as (...a: unknown[]) => void).call(m.exports, m.exports, mod.createRequire(file), m, file, distDir);
    mark('module init');
    return m.exports;
  };
  return { script, load, run: () => load().runCli() };
}

/** What dist/check.cjs exports (src/cli.ts). */
interface FullExports {
  runCli: () => Promise<void>;
  main: (argv: string[]) => Promise<number>;
}

/** Commands that don't parse a line (`log`, `doctor`, `approve`...) needn't compile the parser. */
const NO_PARSE = new Set(['approve', 'deny', 'log', 'env', 'mark', 'init', 'doctor', 'shims', 'approver', 'trust', 'help', 'version', '--help', '-h', '--version']);
const mayParse = (args: string[]): boolean => !NO_PARSE.has(args[0] ?? '');

/** TurboFan tier-up of the grammar costs ~900 ms of CPU and blocks process exit: the baseline
 *  compiler only. (Compiling all of the wasm eagerly in the background, with
 *  --no-wasm-lazy-compilation, was measured too: more CPU, and slower on a busy machine.) */
const WASM_FLAGS = ['--liftoff-only'];

/** Start compiling the parser's wasm (web-tree-sitter's runtime and the bash grammar: decoding
 *  and validating 1.5 MB; functions compile on first use) in V8's background threads while this
 *  thread loads and runs the program; src/parse/treesitter.ts takes the modules from here. In
 *  process only: nothing compiled is kept on disk. */
function compileGrammar(distDir: string): void {
  const compile = (file: string): Promise<WebAssembly.Module> | undefined => {
    try {
      const p = WebAssembly.compile(readFileSync(path.join(distDir, file)));
      p.catch(() => {}); // treesitter.ts compiles again and reports
      return p;
    } catch {
      return undefined;
    }
  };
  (globalThis as Record<symbol, unknown>)[PRECOMPILED] = { runtime: compile('web-tree-sitter.wasm'), grammar: compile('tree-sitter-bash.wasm') };
}
