// Build dist/: one esbuild bundle (lazy chunks for the parser, YAML, prompts), the wasm files,
// and the builtin rulesets compiled to JSON (validated here, so a broken pack fails the build).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import * as v from 'valibot';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Build beside dist/ and swap at the end, so a failed build never leaves a broken dist/.
const final = path.join(root, 'dist');
const dist = path.join(root, `.dist-build-${process.pid}`);
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

process.on('exit', (code) => {
  if (code !== 0) rmSync(dist, { recursive: true, force: true });
});
// What every program bundle shares.
const program = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };
// In a CommonJS bundle, `import path from 'node:path'` becomes a copy of the module's every
// property (esbuild's __toESM): ~0.5 ms of the fast path's start. node's builtins need no interop:
// a default import is the module itself.
const BUILTIN_NAMES = Object.fromEntries(['node:path', 'node:os'].map((m) => [m, Object.keys(require(m)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default').join(', ')]));
const builtinDefaults = {
  name: 'builtin-defaults',
  setup(b) {
    b.onResolve({ filter: /^node:(path|os)$/ }, (a) => (a.kind === 'import-statement' && a.namespace === 'file' ? { path: a.path, namespace: 'builtin-default' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'builtin-default' }, (a) => ({ contents: `const m = require(${JSON.stringify(a.path)}); export default m; export const {${BUILTIN_NAMES[a.path]}} = m;`, loader: 'js' }));
  },
};

await build({
  ...program,
  entryPoints: { cli: path.join(root, 'src/main.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  format: 'esm',
  external: ['@lydell/node-pty'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __csRequire } from 'node:module'; const require = __csRequire(import.meta.url);" },
});

// The CommonJS fast path for harmless `-c` commands: one small file, no ESM loader.
await build({ ...program, entryPoints: [path.join(root, 'src/fast.ts')], outfile: path.join(dist, 'fast.cjs'), format: 'cjs', plugins: [builtinDefaults] });

// The full program again as one CommonJS file, which bin/countersign runs with a V8 code cache
// (ESM has no code cache in Node 20). Dynamic imports become requires: a vm script can't import.
// web-tree-sitter's own `import("module")` would be shadowed by the `require` it declares.
const treeSitterImport = {
  name: 'tree-sitter-require',
  setup(b) {
    b.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      if (!src.includes('await import("module")')) throw new Error(`${a.path}: the import this build rewrites is gone; update scripts/build.mjs`);
      return { contents: src.replace('await import("module")', '__csModule'), loader: 'js' };
    });
  },
};
await build({
  ...program,
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(dist, 'check.cjs'),
  format: 'cjs',
  external: ['@lydell/node-pty'],
  supported: { 'dynamic-import': false },
  define: { __VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__csUrl' },
  banner: { js: "const __csUrl = require('node:url').pathToFileURL(__filename).href; const __csModule = require('node:module');" },
  plugins: [treeSitterImport, builtinDefaults],
});

// bin/countersign reads check.cjs as latin1 (no UTF-8 decoding): esbuild writes ASCII unless told not to.
for (const f of ['check.cjs', 'fast.cjs']) if (readFileSync(path.join(dist, f)).some((b) => b > 0x7f)) throw new Error(`build: dist/${f} is not ASCII; bin/countersign and src/fast.ts read it as latin1`);

for (const [file, pkgName] of [['web-tree-sitter.wasm', 'web-tree-sitter'], ['tree-sitter-bash.wasm', 'tree-sitter-bash']]) {
  copyFileSync(require.resolve(`${pkgName}/${file}`), path.join(dist, file));
}

// Rulesets: validate with the same schema the loader uses (imported from the TS source via esbuild).
const schemaOut = path.join(dist, '.schema.mjs');
await build({ entryPoints: [path.join(root, 'src/rules/schema.ts')], outfile: schemaOut, bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
const { packSchema } = await import(schemaOut);
rmSync(schemaOut);
const packs = {};
let bad = 0;
const dir = path.join(root, 'rulesets');
for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(readFileSync(path.join(dir, f), 'utf8'), { lineCounter: lc });
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    console.error(`rulesets/${f}:${p.line}:${p.col}: ${e.message.split('\n')[0]}`);
    bad++;
  }
  const res = v.safeParse(packSchema, doc.toJS() ?? {});
  if (!res.success) {
    for (const i of res.issues) console.error(`rulesets/${f}: ${(i.path ?? []).map((p) => p.key).join('.')}: ${i.message}`);
    bad++;
  } else packs[f.replace(/\.yaml$/, '')] = res.output;
}
if (bad) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(1);
}
writeFileSync(path.join(dist, 'rulesets.json'), JSON.stringify(packs));
// The builtin config's rules and program facts, for the fast path's quick reject.
const quick = { rules: [], commands: {} };
const seen = new Set();
const addPack = (name) => {
  if (seen.has(name) || !packs[name]) return;
  seen.add(name);
  for (const e of packs[name].extends ?? []) addPack(e);
  for (const [k, c] of Object.entries(packs[name].commands ?? {})) {
    const cur = (quick.commands[k] ??= {});
    cur.aliases = [...new Set([...(cur.aliases ?? []), ...(c.aliases ?? [])])];
  }
  for (const r of packs[name].rules ?? []) quick.rules.push({ match: r.match });
};
addPack('recommended');
// Stored as the ready-made index (src/rules/quick.ts), so the fast path doesn't rebuild it per run.
const quickOut = path.join(dist, '.quick.mjs');
await build({ entryPoints: [path.join(root, 'src/rules/quick.ts')], outfile: quickOut, bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
const { quickIndex, quickIndexData } = await import(quickOut);
rmSync(quickOut);
writeFileSync(path.join(dist, 'quick.idx'), quickIndexData(quickIndex(quick)));
const old = `${final}.old-${process.pid}`;
if (existsSync(final)) renameSync(final, old);
renameSync(dist, final);
rmSync(old, { recursive: true, force: true });
// After the swap: the cache records the script's file name, which then shows in stack traces.
codeCache(final);

/** The V8 code cache for check.cjs (written last, into the final dist/): real checks in a
 *  throwaway home (a line declined for want of a person, then a harmless line that needs the
 *  parser and runs) compile what those paths run, and the cache is written when the process
 *  exits. Without it (this fails, or another node version runs it later) countersign compiles
 *  the program itself. */
function codeCache(out) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cs-build-'));
  const trainer = path.join(tmp, 'train.cjs');
  writeFileSync(
    trainer,
    `const f = require(${JSON.stringify(path.join(out, 'fast.cjs'))}).fullScript(${JSON.stringify(out)}, process.argv.slice(2), false);
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(path.join(out, 'check.cjs.cache'))}, f.script.createCachedData()));
const m = f.load();
m.main(['-c', 'git push --force origin main']).then(() => m.main(['-c', 'rm -rf data'])).then(() => m.main(process.argv.slice(2)));
`,
  );
  // A team file, as most projects have.
  mkdirSync(path.join(tmp, 'data'));
  writeFileSync(path.join(tmp, '.countersign.yaml'), 'protected-paths: [data]\n');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'cfg'), XDG_STATE_HOME: path.join(tmp, 'state'), COUNTERSIGN_SHELL: '/bin/sh', LANG: 'C.UTF-8', CI: 'true' };
  // Compiles and caches the team file's config, so the trained runs read it as most runs do.
  spawnSync(process.execPath, [path.join(root, 'bin', 'countersign'), '-c', 'ls'], { cwd: tmp, env, stdio: 'ignore' });
  // The fast path's own cache: a harmless line through it, as bin/countersign loads it.
  const fastTrainer = path.join(tmp, 'train-fast.cjs');
  const fastFile = path.join(out, 'fast.cjs');
  writeFileSync(
    fastTrainer,
    `const fs = require('node:fs');
const script = new (require('node:vm').Script)(require('node:module').wrap(fs.readFileSync(${JSON.stringify(fastFile)}, 'latin1')), { filename: ${JSON.stringify(fastFile)} });
process.on('exit', () => fs.writeFileSync(${JSON.stringify(`${fastFile}.cache`)}, script.createCachedData()));
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, require, m, ${JSON.stringify(fastFile)}, ${JSON.stringify(out)});
if (!m.exports.fastPath(['-c', 'true'], ${JSON.stringify(out)})) process.exit(3);
`,
  );
  const rf = spawnSync(process.execPath, [fastTrainer], { cwd: tmp, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (rf.status !== 0 || !existsSync(`${fastFile}.cache`)) console.warn(`build: no code cache for fast.cjs (the check exited ${rf.status}): ${rf.stderr}`);
  const r = spawnSync(process.execPath, [trainer, '-c', 'git status --short 2>/dev/null; ls -la "$HOME" >/dev/null'], { cwd: tmp, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0 || !existsSync(path.join(out, 'check.cjs.cache'))) console.warn(`build: no code cache for check.cjs (the check exited ${r.status}): ${r.stderr}`);
}
