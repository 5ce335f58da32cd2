// Harmless commands pay nothing: what each start-up path loads. The fast path must not load
// child_process or crypto; a full check must not load YAML, the validator, the prompts or the
// pty. A preloaded module records what was loaded when the process exits.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/fixture.js';

let root: string;
let recorder: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-lazy-'));
  mkdirSync(path.join(root, 'home'));
  recorder = path.join(root, 'record.cjs');
  const hooks = path.join(root, 'hooks.mjs');
  // ESM loads (the program's chunks) are seen by a loader hook; CommonJS ones are in
  // require.cache; node's own modules in process.moduleLoadList.
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const r = await next(url, context);
  const src = r.source ? String(r.source) : '';
  const libs = [...new Set([...src.matchAll(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//g)].map((m) => m[1]))];
  appendFileSync(process.env.RECORD_TO + '.esm', JSON.stringify({ url, libs }) + '\\n');
  return r;
}
`,
  );
  writeFileSync(
    recorder,
    `const fs = require('node:fs');
// The loader hook's own thread loads node's stream modules: left out where those are counted.
if (!process.env.RECORD_NO_ESM) require('node:module').register(${JSON.stringify('file://' + hooks)});
process.on('exit', () => {
  fs.writeFileSync(process.env.RECORD_TO, JSON.stringify({ builtins: process.moduleLoadList, cjs: Object.keys(require.cache) }));
});
`,
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Loaded {
  builtins: string[];
  /** npm packages whose code was loaded, bundled or not. */
  packages: string[];
  esm: string[];
  /** The full program (dist/check.cjs) ran. */
  full: boolean;
  /** Whether the code right after this text in dist/check.cjs ran. */
  ranAfter: (needle: string) => boolean;
}

const CHECK_CJS = path.join(ROOT, 'dist', 'check.cjs');

/** The npm packages whose code ran in dist/check.cjs, one bundle run as a vm script: esbuild wraps
 *  each module there in a function keyed by its path, and V8's coverage says whether it ran. */
function bundledRan(covDir: string): { full: boolean; packages: string[]; ranAfter: (needle: string) => boolean } {
  type Range = { startOffset: number; endOffset: number; count: number };
  const scripts = readdirSync(covDir).flatMap((f) => (JSON.parse(readFileSync(path.join(covDir, f), 'utf8')) as { result: Array<{ url: string; functions: Array<{ ranges: Range[] }> }> }).result);
  const script = scripts.find((e) => e.url === CHECK_CJS || e.url === `file://${CHECK_CJS}`);
  if (!script) return { full: false, packages: [], ranAfter: () => false };
  const src = Module.wrap(readFileSync(CHECK_CJS, 'utf8'));
  const ranges = script.functions.flatMap((f) => f.ranges);
  // The innermost range holding an offset has its count (V8 reports blocks that never ran as 0).
  const ran = (off: number): boolean => {
    let best: Range | undefined;
    for (const r of ranges) if (r.startOffset <= off && off < r.endOffset && (!best || r.endOffset - r.startOffset < best.endOffset - best.startOffset)) best = r;
    return (best?.count ?? 0) > 0;
  };
  const packages = new Set<string>();
  for (const m of src.matchAll(/"[^"\n]*node_modules\/((?:@[^/"]+\/)?[^/"]+)\/[^"\n]*"\([^)]*\)\s*\{/g)) if (ran(m.index + m[0].length)) packages.add(m[1]!);
  // The code just after a piece of text, e.g. the body of the function it starts.
  const ranAfter = (needle: string): boolean => src.includes(needle) && ran(src.indexOf(needle) + needle.length);
  return { full: true, packages: [...packages], ranAfter };
}

function loaded(line: string, cwd = root): Loaded {
  return loadedBy(['-c', line], cwd).loaded;
}

/** `via: 'socket'` hands the input over as node's child_process does (a unix socketpair). */
function loadedBy(args: string[], cwd = root, input?: string, via: 'pipe' | 'socket' = 'pipe', noEsm = false): { loaded: Loaded; stdout: string } {
  const out = path.join(root, 'record.json');
  rmSync(`${out}.esm`, { force: true });
  const cov = path.join(root, 'coverage');
  rmSync(cov, { recursive: true, force: true });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), XDG_STATE_HOME: path.join(root, 'state'), XDG_CONFIG_HOME: path.join(root, 'cfg'), COUNTERSIGN_SHELL: '/bin/bash', RECORD_TO: out, ...(noEsm ? { RECORD_NO_ESM: '1' } : { NODE_V8_COVERAGE: cov }) };
  // A hook's payload comes through a pipe (a FIFO, as Codex and shells give it), ended.
  let rfd: number | undefined;
  if (input !== undefined && via === 'pipe') {
    const fifo = path.join(root, `in-${Date.now()}`);
    spawnSync('mkfifo', [fifo]);
    rfd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const wfd = openSync(fifo, constants.O_WRONLY);
    writeSync(wfd, input);
    closeSync(wfd);
  }
  const r = spawnSync(process.execPath, ['--require', recorder, BIN, ...args], { cwd, env, encoding: 'utf8', input: via === 'socket' ? input : undefined, stdio: [rfd ?? 'pipe', 'pipe', 'pipe'] });
  if (rfd !== undefined) closeSync(rfd);
  expect(r.status, r.stderr).toBe(0);
  const rec = JSON.parse(readFileSync(out, 'utf8')) as { builtins: string[]; cjs: string[] };
  let esmLines: Array<{ url: string; libs: string[] }> = [];
  try {
    esmLines = readFileSync(`${out}.esm`, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    /* nothing loaded as ESM */
  }
  const fromCjs = rec.cjs.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []);
  const bundled = noEsm ? { full: false, packages: [], ranAfter: () => false } : bundledRan(cov);
  return { loaded: { builtins: rec.builtins, packages: [...new Set([...fromCjs, ...esmLines.flatMap((e) => e.libs), ...bundled.packages])], esm: esmLines.map((e) => e.url), full: bundled.full, ranAfter: bundled.ranAfter }, stdout: r.stdout };
}

const hookPayload = (command: string) =>
  JSON.stringify({ session_id: 's', transcript_path: '/t.jsonl', cwd: root, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_1' });

describe('what start-up loads', () => {
  it('the fast path (a harmless -c line): no child_process, no crypto, no full program', () => {
    const r = loaded('true');
    expect(r.full).toBe(false);
    expect(r.builtins).not.toContain('NativeModule child_process');
    expect(r.builtins).not.toContain('NativeModule crypto');
    expect(r.esm.filter((u) => u.includes('/dist/'))).toEqual([]);
  });

  it('a package script whose scripts are all harmless stays on the fast path; one that is not does not', () => {
    const ok = path.join(root, 'pkg-ok');
    const bad = path.join(root, 'pkg-bad');
    mkdirSync(ok);
    mkdirSync(bad);
    writeFileSync(path.join(ok, 'package.json'), JSON.stringify({ scripts: { test: 'echo tested', build: 'tsc -b' } }));
    writeFileSync(path.join(bad, 'package.json'), JSON.stringify({ scripts: { test: 'echo tested', reset: 'terraform destroy -auto-approve' } }));
    expect(loaded('npm test >/dev/null', ok).full).toBe(false);
    expect(loaded('npm test >/dev/null', bad).full).toBe(true);
  });

  it('a line that needs the full check: the parser, but no YAML, validator, prompts, pty, crypto or child_process', () => {
    const r = loaded("bash -c 'echo $HOME' >/dev/null");
    // It did take the full path (one bundle, so what ran is told by V8's coverage)...
    expect(r.full).toBe(true);
    expect(r.packages).toContain('web-tree-sitter');
    for (const lib of ['yaml', 'valibot', '@inquirer/core', '@lydell/node-pty', 'jsonc-parser']) expect(r.packages).not.toContain(lib);
    expect(r.builtins).not.toContain('NativeModule crypto');
    expect(r.builtins).not.toContain('NativeModule child_process');
    // The parser took the wasm modules the launcher compiled in the background (src/fast.ts).
    expect(r.ranAfter('instantiateWasm: (imports, done) => {')).toBe(true);
  });

  // Through a pipe (Codex, shells) and through a socket (a Node-based agent's stdio: 'pipe').
  it.each(['pipe', 'socket'] as const)('a harmless command\'s hook, payload through a %s: answered on the fast path, without the program, the parser, YAML or even the stream modules', (via) => {
    const { loaded: r, stdout } = loadedBy(['hook', 'claude'], root, hookPayload('ls -la'), via);
    expect(stdout).toBe('');
    expect(r.esm.filter((u) => u.includes('/dist/'))).toEqual([]);
    expect(r.full).toBe(false);
    for (const lib of ['web-tree-sitter', 'yaml', 'valibot']) expect(r.packages).not.toContain(lib);
    // Node's modules counted without the ESM recorder (its thread loads streams itself), and
    // only those the hook adds to a bare node's.
    const plain = loadedBy(['hook', 'claude'], root, hookPayload('ls -la'), via, true);
    expect(plain.stdout).toBe('');
    const out = path.join(root, 'baseline.json');
    spawnSync(process.execPath, ['--require', recorder, '-e', ''], { env: { PATH: process.env.PATH ?? '', RECORD_TO: out, RECORD_NO_ESM: '1' } });
    const base = new Set((JSON.parse(readFileSync(out, 'utf8')) as { builtins: string[] }).builtins);
    const added = plain.loaded.builtins.filter((b) => !base.has(b));
    for (const m of ['child_process', 'crypto', 'net', 'stream', 'tty']) expect(added).not.toContain(`NativeModule ${m}`);
  });

  it.each(['pipe', 'socket'] as const)('a destructive command\'s hook, payload through a %s: the bytes read on the fast path reach the full program whole, and it denies', (via) => {
    // Long, so a socket is read in more than one piece (a FIFO is filled before the start: it
    // must fit in the pipe's buffer).
    const { stdout } = loadedBy(['hook', 'claude'], root, hookPayload(`echo ${'x'.repeat(via === 'socket' ? 300_000 : 60_000)}; rm -rf ~`), via);
    expect(JSON.parse(stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('a destructive command\'s hook takes the full program and is denied', () => {
    const { loaded: r, stdout } = loadedBy(['hook', 'claude'], root, hookPayload('rm -rf ~'));
    expect(r.full).toBe(true);
    expect(JSON.parse(stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });
});
