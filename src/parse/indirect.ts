// Package scripts: `npm run db:reset`, `pnpm test`, `yarn workspace api migrate`, `bun run x`,
// `npm install` (lifecycle scripts). The runner executes a string from package.json through sh, so
// the walker reads that string and walks it like the line itself, in the package's directory.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { programFor } from '../programs/index.js';
import type { Word } from './types.js';
import { nearestPackageJson, readPackageJson, readText, type PackageJson } from './projects.js';
import { table } from '../own.js';

/** Shell code a runner would execute, and where. */
export interface ScriptRun {
  /** For the origin chain: `npm run db:reset`. */
  label: string;
  /** The script with the line's extra arguments appended, as sh would get it. */
  text: string;
  dir: string;
}

export interface Indirection {
  runs: ScriptRun[];
  /** Set when what runs can't be known: the caller fails closed. */
  opaque?: string;
  /** Arguments known only at run time were appended: unsafe only if a script could care. */
  dynamicArgs?: boolean;
  /** The project files read: a line that changes one first runs code the reader didn't see. */
  files?: string[];
  /** No script of the package runs whatever its files say (`npm ci --ignore-scripts`). */
  none?: boolean;
}

const RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NAMED: Record<string, string[]> = table({
  test: ['test'], t: ['test'], tst: ['test'], start: ['start'], stop: ['stop'],
  restart: ['restart', 'stop', 'start'],
});
const INSTALL = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
/** Commands that run a package's bin, handled as wrappers (wrappers.ts). */
const WRAPPING = new Set(['exec', 'dlx', 'x', 'create', 'init', 'bin']);
// `add` installs too (npm's alias; pnpm, yarn and bun run the root's lifecycle scripts after it).
const INSTALLS = new Set(['install', 'i', 'ci', 'install-test', 'it', 'isntall', 'add']);

/** What `argv` (npm/pnpm/yarn/bun/nr ...) runs from package.json; undefined when it runs no script
 *  (`npm exec`, `yarn prisma` where prisma is a bin: the wrapper table handles those). */
export function packageRuns(name: string, argv: Word[], cwd: string | undefined, vars: Readonly<Record<string, string | undefined>> = table()): Indirection | undefined {
  // What the runner does with its options, and which take a value: its registry entry.
  const entry = programFor(name);
  const spec = entry?.['package-scripts'];
  if (!spec) return undefined;
  const withValue = new Set(entry['value-options']);
  let dir: Word | undefined;
  let workspaces = false;
  /** `npm run x -w apps/api`: workspaces named by their directory. */
  const named: Word[] = [];
  let shellOpt = false;
  let dynamicOpt = false;
  /** Read the option at a[k], noting what it changes; the index after it (and its value). */
  const option = (a: Word[], k: number): number => {
    const w = a[k]!;
    const v = w.value;
    if (w.dynamic) dynamicOpt = true;
    const eq = v.startsWith('--') ? v.indexOf('=') : -1;
    const opt = eq > 0 ? v.slice(0, eq) : v;
    let val: Word | undefined;
    let next = k + 1;
    if (eq > 0) val = { ...w, value: v.slice(eq + 1) };
    else if (withValue.has(opt)) val = a[next++];
    if (spec.dir.includes(opt)) dir = val;
    if (spec.workspace.includes(opt)) {
      workspaces = true;
      if (val && withValue.has(opt)) named.push(val);
    }
    if (spec.shell?.includes(opt)) shellOpt = true;
    return next;
  };
  const isOpt = (w: Word | undefined): boolean => !!w && w.value.startsWith('-') && w.value.length > 1 && w.value !== '--';
  /** Skip options from k; the index of the first word that isn't one. */
  const skip = (a: Word[], k: number): number => {
    while (isOpt(a[k])) k = option(a, k);
    return k;
  };
  let i = skip(argv, 1);
  const cmdWord = argv[i]?.value === '--' ? undefined : argv[i];
  let rest = argv.slice(i + 1);
  let cmd = cmdWord?.value ?? (name === 'yarn' ? 'install' : '');
  if (cmdWord?.dynamic) return { runs: [], opaque: `${name} runs a script whose name is only known at run time` };
  // `npm pkg get engines`, `npm ls`: the runner's own reports and edits, no script of the package.
  if (cmdWord && spec['no-scripts']?.includes(cmd)) return { runs: [], none: true };
  // yarn workspace NAME CMD..., yarn workspaces run CMD, yarn workspaces foreach [opts] run CMD
  if (name === 'yarn' && (cmd === 'workspace' || cmd === 'workspaces')) {
    workspaces = true;
    const k = cmd === 'workspace' ? 1 : rest.findIndex((w) => w.value === 'run') + 1;
    // `yarn workspaces foreach exec CMD`: no script; what it runs is the wrapper's (wrappers.ts).
    if (k === 0) return undefined;
    const next = rest[k];
    if (!next) return { runs: [] };
    if (next.dynamic) return { runs: [], opaque: `${name} runs a script whose name is only known at run time` };
    cmd = next.value;
    rest = rest.slice(k + 1);
  }
  if (name === 'pnpm' && cmd === 'recursive') {
    workspaces = true;
    cmd = rest[0]?.value ?? 'install';
    rest = rest.slice(1);
  }
  let args = rest;
  /** Scripts run with their pre- and post- scripts; `lifecycle` ones as named. */
  const scripts: string[] = [];
  const lifecycle: string[] = [];
  let script: string | undefined;
  let passArgs = true;
  let localDeps: Word[] = [];
  let ignore = false;
  if (name === 'nr') {
    if (!cmd) return { runs: [] };
    script = cmd;
  } else if (RUN.has(cmd)) {
    const k = skip(args, 0);
    if (!args[k] || args[k]!.value === '--') return { runs: [] }; // lists the scripts
    if (args[k]!.dynamic) return { runs: [], opaque: `${name} runs a script whose name is only known at run time` };
    script = args[k]!.value;
    args = args.slice(k + 1);
  } else if (NAMED[cmd] && !(name === 'bun' && cmd === 'test')) {
    scripts.push(...NAMED[cmd]!);
  } else if (INSTALLS.has(cmd)) {
    // `--ignore-scripts` (npm, pnpm, yarn, bun): no lifecycle script runs, the project's nor its
    // local dependencies'; a script named by the command (`install-test`) still does.
    // A word only known at run time could turn it back off (`--ignore-scripts=false`, the last wins).
    ignore = !args.some((w) => w.dynamic) && [...argv.slice(1, i), ...args].some((w) => !w.dynamic && /^--ignore-scripts(=true)?$/.test(w.value));
    if (!ignore) lifecycle.push(...INSTALL);
    if (cmd === 'install-test' || cmd === 'it') scripts.push('test');
    passArgs = false;
    localDeps = ignore ? [] : args.filter((w) => w.dynamic || /^(\.{1,2}\/|\/|~\/|file:)/.test(w.value));
  } else if (spec['bare-scripts'] && cmd && !WRAPPING.has(cmd)) {
    // `pnpm db:reset`, `yarn deploy`: a script if some package has one of that name (even when
    // the runner has a command of that name too: reading one more script is the safe side).
    script = cmd;
  } else return undefined;

  // npm reads options anywhere before `--` and passes on the rest; the others pass everything on.
  let passed: Word[] = [];
  if (passArgs && spec['npm-args']) {
    for (let k = 0; k < args.length; ) {
      if (args[k]!.value === '--') {
        passed.push(...args.slice(k + 1));
        break;
      }
      if (isOpt(args[k])) k = option(args, k);
      else passed.push(args[k++]!);
    }
  } else if (passArgs) passed = args.filter((w, k) => !(k === 0 && w.value === '--'));
  if (dynamicOpt) return { runs: [], opaque: `${name} gets an option only known at run time` };
  if (ignore && !scripts.length) return { runs: [], none: true };
  const base = dir ? (dir.dynamic || cwd === undefined ? undefined : path.resolve(cwd, dir.value)) : cwd;
  if (base === undefined) return { runs: [], opaque: `${name} runs a package script from a directory only known at run time` };
  // `npm install ./pkg`: a local package's own install scripts run too.
  const deps: PackageJson[] = [];
  for (const w of localDeps) {
    if (w.dynamic || /\.(tgz|tar\.gz|tar)$/.test(w.value)) return { runs: [], opaque: `${name} installs ${w.text}, whose install scripts can't be read` };
    const d = readPackageJson(path.join(path.resolve(base, w.value.replace(/^file:/, '')), 'package.json'));
    if (typeof d === 'string') return { runs: [], opaque: `${name} installs ${w.value}, but ${d}` };
    deps.push(d);
  }
  const file = nearestPackageJson(base);
  if (!file && !deps.length) return script && spec['bare-scripts'] ? undefined : { runs: [] };
  const pkg = file ? readPackageJson(file) : undefined;
  if (typeof pkg === 'string') return { runs: [], opaque: `${name} runs a package script, but ${pkg}` };
  const pkgs = [...(pkg ? [pkg] : []), ...deps];
  if (workspaces && pkg) {
    const more = workspacePackages(pkg);
    if (typeof more === 'string') return { runs: [], opaque: `${name} runs scripts in workspace packages, but ${more}` };
    pkgs.push(...more);
  }
  // A workspace named by its directory, read even when the listing can't find it (the line made
  // it first: `mkdir -p apps/api && printf … > apps/api/package.json && npm run x -w apps/api`).
  for (const w of named) {
    if (w.dynamic) return { runs: [], opaque: `${name} runs a script in a workspace only known at run time` };
    if (w.value.startsWith('@') || !w.value.includes('/')) continue;
    const f = path.join(path.resolve(file ? path.dirname(file) : base, w.value), 'package.json');
    if (pkgs.some((p) => p.file === f)) continue;
    const p = readPackageJson(f);
    if (typeof p !== 'string') pkgs.push(p);
  }
  // A bare word is a script only if some package has one of that name; otherwise a bin runs.
  // yarn and bun `run NAME` run the bin NAME too when no script has that name (wrappers.ts).
  if (script !== undefined && spec['bare-scripts'] && name !== 'nr' && (!RUN.has(cmd) || name === 'yarn' || name === 'bun') && !pkgs.some((p) => Object.hasOwn(p.scripts, script!))) return undefined;
  if (script !== undefined) scripts.push(script);
  const names = [...new Set([...lifecycle, ...scripts.flatMap((s) => [`pre${s}`, s, `post${s}`])])];
  const dynamicArgs = passed.some((w) => w.dynamic);
  const tail = passed.filter((w) => !w.dynamic).map((w) => ' ' + shQuote(w.value)).join('');
  const runs: ScriptRun[] = [];
  for (const p of pkgs) {
    for (const n of names) {
      const body = p.scripts[n];
      if (body === undefined) continue;
      const main = scripts.includes(n);
      runs.push({ label: `${name} run ${n} (${path.relative(base, p.file) || 'package.json'})`, text: main ? body + tail : body, dir: path.dirname(p.file) });
    }
  }
  const out: Indirection = { runs, files: pkgs.map((p) => p.file) };
  if (dynamicArgs) out.dynamicArgs = true;
  if (shellOpt && runs.length) out.opaque = `${name} runs its scripts through a shell named on the line`;
  else if (runs.length && scriptShellConfigured(name, [base, file && path.dirname(file), vars.HOME], vars)) out.opaque = `${name} runs its scripts through the shell its config names (script-shell)`;
  return out;
}

/** `npm install --ignore-scripts`: the runner runs no script of the package, whatever its
 *  package.json says (so a line that writes or copies one first hides nothing). */
export function runsNoScript(name: string, argv: Word[]): boolean {
  return !!packageRuns(name, argv, undefined)?.none;
}

/** npm, pnpm and yarn 1 run scripts with the `script-shell` an .npmrc or npm_config_script_shell
 *  names: a program of the user's, whose handling of the script can't be read. */
function scriptShellConfigured(name: string, dirs: Array<string | undefined>, vars: Readonly<Record<string, string | undefined>>): boolean {
  if (!/^(npm|pnpm|yarn)$/.test(name)) return false;
  if (Object.keys(vars).some((k) => /^npm_config_script[-_]shell$/i.test(k) && vars[k])) return true;
  return dirs.some((d) => d !== undefined && /^\s*script-shell\s*=/m.test(readText(path.join(d, '.npmrc')) ?? ''));
}

export function shQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

const MAX_PACKAGES = 400;

/** The packages of the workspace `pkg` belongs to (its root found upward), root excluded. */
function workspacePackages(pkg: PackageJson): PackageJson[] | string {
  let root: PackageJson | undefined = pkg.workspaces.length ? pkg : undefined;
  for (let d = path.dirname(path.dirname(pkg.file)); !root; d = path.dirname(d)) {
    const f = nearestPackageJson(d);
    if (!f) break;
    const p = readPackageJson(f);
    if (typeof p === 'string') return p;
    if (p.workspaces.length) root = p;
    if (path.dirname(path.dirname(f)) === path.dirname(f)) break;
    d = path.dirname(f);
  }
  if (!root) return [];
  const rootDir = path.dirname(root.file);
  const dirs = new Set<string>();
  for (const pat of root.workspaces) {
    if (pat.startsWith('!')) continue; // exclusions only narrow: reading more is safe
    const found = expand(rootDir, pat.replace(/^\.\//, '').replace(/\/+$/, '').split('/'), 0);
    if (found === undefined) return `the workspace pattern ${pat} can't be listed`;
    for (const d of found) dirs.add(d);
    if (dirs.size > MAX_PACKAGES) return `it has more than ${MAX_PACKAGES} packages`;
  }
  const out: PackageJson[] = root === pkg ? [] : [root];
  for (const d of dirs) {
    const f = path.join(d, 'package.json');
    if (f === pkg.file || f === root.file) continue;
    const p = readPackageJson(f);
    if (typeof p !== 'string') out.push(p);
  }
  return out;
}

/** Directories under `dir` matching glob segments (`*`, `**`, literal names). */
function expand(dir: string, segs: string[], depth: number): string[] | undefined {
  if (!segs.length) return [dir];
  if (depth > 8) return undefined;
  const [seg, ...rest] = segs as [string, ...string[]];
  if (!/[*?[{]/.test(seg)) return expand(path.join(dir, seg), rest, depth + 1);
  let entries: string[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
  const out: string[] = [];
  if (seg === '**') {
    const here = expand(dir, rest, depth + 1);
    if (here === undefined) return undefined;
    out.push(...here);
    for (const e of entries) {
      const deeper = expand(path.join(dir, e), segs, depth + 1);
      if (deeper === undefined) return undefined;
      out.push(...deeper);
    }
    return out;
  }
  const m = picomatch(seg, { dot: false });
  for (const e of entries) {
    if (!m(e)) continue;
    const sub = expand(path.join(dir, e), rest, depth + 1);
    if (sub === undefined) return undefined;
    out.push(...sub);
  }
  return out;
}
