// Task runners whose recipes are shell lines: `just RECIPE` (a justfile) and `task NAME` (go-task's
// Taskfile.yml). Like make.ts: the recipe's lines (and its dependencies') with the runner's own
// interpolation done when it is literal (`{{dir}}` bound to a string, a parameter given on the line
// or defaulted); anything else becomes a word known only at run time. What can't be read (imports,
// modules, a shell other than sh/bash, script recipes, a template function) is opaque: fail closed.
import path from 'node:path';
import { yaml } from '../lazy.js';
import type { Word } from './types.js';
import type { Indirection, ScriptRun } from './indirect.js';
import { readText, taskFileIn } from './projects.js';
import { parseDotenv } from './dotenv.js';

const UNKNOWN = '$(__task_unknown)';
const MAX_RUNS = 100;
const SH = /^(\/usr\/bin\/env\s+)?(\/(usr\/)?bin\/)?(ba|z|da)?sh(\s+-[euxo]+( pipefail)?)*\s*$/;

/** The runner's options: value options and the read-only or dry-run ones. Returns the index of
 *  the first positional word, the file and directory given, or a reason to stop. */
function options(argv: Word[], withValue: Set<string>, quiet: Set<string>): { i: number; file?: Word; dir?: Word; overrides: Map<string, string>; none?: boolean; opaque?: string } {
  const overrides = new Map<string, string>();
  let file: Word | undefined;
  let dir: Word | undefined;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.dynamic) return { i, overrides, opaque: `${argv[0]!.value} gets an argument only known at run time` };
    const v = a.value;
    if (v === '--') { i++; break; }
    if (!v.startsWith('-') || v === '-') break;
    const eq = v.startsWith('--') ? v.indexOf('=') : -1;
    const opt = eq > 0 ? v.slice(0, eq) : v;
    if (quiet.has(opt)) return { i, overrides, none: true };
    let val: Word | undefined;
    if (eq > 0) val = { ...a, value: v.slice(eq + 1) };
    else if (withValue.has(opt)) {
      val = argv[++i];
      if (val?.dynamic) return { i, overrides, opaque: `${argv[0]!.value} ${opt} is only known at run time` };
    }
    if (/^(-f|--justfile|-t|--taskfile)$/.test(opt)) file = val;
    if (/^(-d|--working-directory|--dir)$/.test(opt)) dir = val;
    if (opt === '--set' && val) { const nv = argv[++i]; if (!nv || nv.dynamic) return { i, overrides, opaque: 'just --set gets a value only known at run time' }; overrides.set(val.value, nv.value); }
  }
  return { i, file, dir, overrides };
}

/** `export NAME='value'` lines that give a recipe the variables its runner sets (a value only
 *  known at run time stays so). */
function exports(env: Map<string, string | undefined>): string {
  const q = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
  return [...env].filter(([k]) => /^[A-Za-z_]\w*$/.test(k)).map(([k, v]) => `export ${k}=${v === undefined || v.includes(UNKNOWN) ? `"${UNKNOWN}"` : q(v)}\n`).join('');
}

/** A .env file's variables (none when it isn't there); undefined: named but unreadable. */
function dotenvVars(file: string, required: boolean): Map<string, string | undefined> | undefined {
  const text = readText(file);
  if (text === undefined) return required ? undefined : new Map();
  return new Map([...parseDotenv(text)].map(([k, e]) => [k, e.literal || !e.value.includes('$') ? e.value : undefined]));
}

// ------------------------------------------------------------------ just

interface Recipe { name: string; params: Array<{ name: string; def?: string; variadic: boolean }>; deps: Array<{ name: string; args: string[] }>; body: string[]; noCd: boolean; opaque?: string; wd?: string }

/** Recipe attributes that don't change what runs or where (just's manual, "Attributes"); any
 *  other (a newer one) is not read: the recipe is unknown. `script` and `working-directory` are
 *  read below. */
const JUST_ATTRS = new Set(['confirm', 'doc', 'extension', 'group', 'linux', 'macos', 'unix', 'windows', 'openbsd', 'freebsd', 'netbsd', 'dragonfly', 'android', 'ios', 'metadata', 'no-cd', 'no-exit-message', 'exit-message', 'no-quiet', 'parallel', 'positional-arguments', 'private', 'default', 'arg', 'script', 'working-directory']);

/** The names of the attributes in `[a, b('x'), c: 'y']`. */
function attrNames(a: string): string[] {
  return [...a.slice(1, a.lastIndexOf(']')).replace(/'[^']*'|"(?:[^"\\]|\\.)*"|\([^)]*\)/g, '').matchAll(/(?:^|,)\s*([\w-]+)/g)].map((m) => m[1]!);
}

const JUST_VALUE = new Set(['-f', '--justfile', '-d', '--working-directory', '--set', '--dotenv-filename', '--dotenv-path', '-E', '--color', '--shell', '--shell-arg', '--chooser', '--command-color', '--list-heading', '--list-prefix', '--timestamp-format']);
const JUST_QUIET = new Set(['-n', '--dry-run', '-l', '--list', '--summary', '--dump', '-s', '--show', '--evaluate', '--variables', '--groups', '-h', '--help', '-V', '--version', '--fmt', '--init', '--edit', '--completions', '--choose', '--changelog', '--man', '--check']);

/** A just string literal or a concatenation of them (`"a" + 'b'`), else undefined. */
function justValue(expr: string, vars: Map<string, string | undefined>): string | undefined {
  let out = '';
  for (const part of expr.split(/\s*\+\s*/)) {
    const p = part.trim();
    const m = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)')$/.exec(p);
    if (m) out += m[1] !== undefined ? m[1].replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)) : m[2]!;
    else if (/^[A-Za-z_][\w-]*$/.test(p) && vars.get(p) !== undefined) out += vars.get(p)!;
    else return undefined;
  }
  return out;
}

type Options = ReturnType<typeof options>;

/** The runner's options and task file (-f, else found from -d or the directory) with its text; or
 *  the answer when they settle it already (nothing to run, or unknown). A file named but not there:
 *  the runner stops (one the line writes unread is the walker's: `files`). */
function taskFileOf(runner: 'just' | 'task', argv: Word[], cwd: string | undefined, withValue: Set<string>, quiet: Set<string>): Indirection | { o: Options; cwd: string; file: string; text: string; fail: (why: string) => Indirection } {
  const o = options(argv, withValue, quiet);
  if (o.opaque) return { runs: [], opaque: o.opaque };
  if (o.none) return { runs: [], none: true };
  if (cwd === undefined) return { runs: [], opaque: `${runner} runs in a directory only known at run time` };
  const file = o.file ? path.resolve(cwd, o.file.value) : taskFileIn(o.dir ? path.resolve(cwd, o.dir.value) : cwd, runner);
  if (!file) return { runs: [] };
  const text = readText(file);
  if (text === undefined) return { runs: [], files: [file] };
  return { o, cwd, file, text, fail: (why) => ({ runs: [], opaque: `${runner}: ${why} in ${path.basename(file)}`, files: [file] }) };
}

export function justRuns(argv: Word[], wd: string | undefined): Indirection {
  const tf = taskFileOf('just', argv, wd, JUST_VALUE, JUST_QUIET);
  if ('runs' in tf) return tf;
  const { o, cwd, file, text, fail } = tf;
  const vars = new Map<string, string | undefined>();
  // Recipes run in the justfile's directory, or the one -d (with -f) names, or `set working-directory`.
  let runDir = o.dir && o.file ? path.resolve(cwd, o.dir.value) : path.dirname(file);
  const recipes = new Map<string, Recipe>();
  const aliases = new Map<string, string>();
  const backticks: string[] = [];
  let first: string | undefined;
  let attrs: string[] = [];
  // Variables recipes get in their environment: `export NAME := ...`, `set export` (all of
  // them), `set dotenv-load` (the .env next to the justfile, or as dotenv-filename/-path say).
  const exported = new Set<string>();
  let exportAll = false;
  let dotenv: string | undefined;
  let dotenvRequired = false;
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (/^\s*$/.test(line) || line.startsWith('#')) continue;
    if (/^\s/.test(line)) continue; // a body line of no recipe (after a comment): never runs
    const t = line.trim();
    if (/^\[/.test(t)) { attrs.push(t); continue; }
    let m: RegExpExecArray | null;
    if ((m = /^set\s+([\w-]+)\s*(?::=\s*(.*))?$/.exec(t))) {
      const [, name, value] = m;
      if (name === 'export') exportAll = value === undefined || /^true\b/.test(value);
      else if (name === 'dotenv-load' || name === 'dotenv-required') {
        if (value === undefined || /^true\b/.test(value)) { dotenv ??= '.env'; if (name === 'dotenv-required') dotenvRequired = true; }
      } else if (name === 'dotenv-filename' || name === 'dotenv-path') {
        const f = value === undefined ? undefined : justValue(value.replace(/\s+#.*$/, ''), vars);
        if (f === undefined) return fail(`set ${name} names a file that can't be read`);
        dotenv = f;
      } else if (name === 'working-directory') {
        const d = value === undefined ? undefined : justValue(value.replace(/\s+#.*$/, ''), vars);
        if (d === undefined) return fail('set working-directory names a directory that can\'t be read');
        runDir = path.resolve(runDir, d);
      } else if (name === 'shell' || name === 'script-interpreter') {
        const first = /^\[\s*(?:"([^"]*)"|'([^']*)')/.exec(value ?? '');
        if (!first || !SH.test(first[1] ?? first[2] ?? '')) return fail(`set ${name} runs recipes with another shell`);
      } else if (/^(windows-shell|windows-powershell|fallback|positional-arguments)$/.test(name!)) {
        if (name === 'fallback') return fail('set fallback reads a parent justfile');
      }
      continue;
    }
    if (/^(import|mod)\b/.test(t)) return fail(`\`${t}\` reads another file`);
    if ((m = /^alias\s+([\w-]+)\s*:=\s*([\w-]+)\s*$/.exec(t))) { aliases.set(m[1]!, m[2]!); attrs = []; continue; }
    if ((m = /^(export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/.exec(t))) {
      const [, exp, name, raw] = m;
      if (exp) exported.add(name!);
      const expr = raw!.replace(/\s+#.*$/, '');
      for (const b of expr.matchAll(/```([\s\S]*?)```|`([^`]*)`/g)) backticks.push((b[1] ?? b[2])!);
      vars.set(name!, vars.has(name!) ? undefined : justValue(expr, vars));
      attrs = [];
      continue;
    }
    if ((m = /^@?([A-Za-z_][\w-]*)([^:]*?)\s*:(?!=)\s*(.*)$/.exec(t))) {
      const [, name, params, rest] = m;
      const r: Recipe = { name: name!, params: [], deps: [], body: [], noCd: attrs.some((a) => /\bno-cd\b/.test(a)) };
      if (attrs.some((a) => /\bscript\b/.test(a))) r.opaque = `recipe ${name} is a script`;
      const unknownAttr = attrs.flatMap(attrNames).find((n) => !JUST_ATTRS.has(n));
      if (unknownAttr !== undefined) r.opaque = `recipe ${name} has the attribute ${unknownAttr}, which countersign doesn't read`;
      // `[working-directory: 'sub']`, `[working-directory('sub')]`: the recipe runs there.
      const wd = attrs.find((a) => /\bworking-directory\b/.test(a));
      if (wd !== undefined) {
        const m = /\bworking-directory\s*(?::\s*|\(\s*)(?:'([^']*)'|"([^"\\$]*)")\s*\)?\s*(?:,|\])/.exec(wd);
        if (m) r.wd = m[1] ?? m[2]!;
        else r.opaque = `recipe ${name} runs in a working directory that can't be read`;
      }
      for (const p of params!.trim().match(/[+*$]*[\w-]+(=(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s]+))?/g) ?? []) {
        const pm = /^([+*$]*)([\w-]+)(?:=(.*))?$/.exec(p)!;
        r.params.push({ name: pm[2]!, def: pm[3], variadic: /[+*]/.test(pm[1]!) });
      }
      for (const d of (rest ?? '').replace(/\s+#.*$/, '').replace(/&&/g, ' ').matchAll(/\(\s*([\w-]+)([^)]*)\)|([\w-]+)/g)) {
        const args = d[2] ? (d[2].match(/"(?:[^"\\]|\\.)*"|'[^']*'|[\w-]+/g) ?? []).map((x) => justValue(x, vars) ?? UNKNOWN) : [];
        r.deps.push({ name: (d[1] ?? d[3])!, args });
      }
      for (; k + 1 < lines.length && (/^[ \t]+\S/.test(lines[k + 1]!) || /^\s*$/.test(lines[k + 1]!)); k++) r.body.push(lines[k + 1]!.replace(/^[ \t]+/, ''));
      while (r.body.length && r.body[r.body.length - 1] === '') r.body.pop();
      if (recipes.has(r.name)) return fail(`recipe ${r.name} is defined twice`);
      recipes.set(r.name, r);
      first ??= r.name;
      attrs = [];
      continue;
    }
    return fail(`\`${t.slice(0, 40)}\` can't be read`);
  }
  for (const [k, v] of o.overrides) vars.set(k, v);
  const runs: ScriptRun[] = [];
  const base = runDir;
  const env = dotenv === undefined ? new Map<string, string | undefined>() : dotenvVars(path.resolve(path.dirname(file), dotenv), dotenvRequired);
  if (!env) return fail(`the dotenv file ${dotenv} can't be read`);
  for (const b of backticks) runs.push({ label: 'just (a backtick in the justfile)', text: b, dir: base });
  // Positional words: NAME=VALUE overrides, then recipes with their arguments.
  const pos = argv.slice(o.i);
  let j = 0;
  for (; j < pos.length && /^[A-Za-z_][\w-]*=/.test(pos[j]!.value); j++) {
    const v = pos[j]!.value;
    vars.set(v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1));
  }
  const calls: Array<{ name: string; args: string[] }> = [];
  if (j >= pos.length) {
    if (recipes.has('default') || first) calls.push({ name: recipes.has('default') ? 'default' : first!, args: [] });
  }
  while (j < pos.length) {
    const name = aliases.get(pos[j]!.value) ?? pos[j]!.value;
    const r = recipes.get(name);
    // just stops before anything runs when the first name is no recipe; later, the count of
    // arguments read here may be off: unknown.
    if (!r) return calls.length ? { runs: [], opaque: `just runs ${name}, which ${path.basename(file)} doesn't define`, files: [file] } : { runs: [], files: [file] };
    j++;
    const args: string[] = [];
    const variadic = r.params.some((p) => p.variadic);
    while (j < pos.length && (variadic || args.length < r.params.filter((p) => p.def === undefined).length || (args.length < r.params.length && !recipes.has(pos[j]!.value)))) args.push(pos[j++]!.value);
    calls.push({ name, args });
  }
  const seen = new Set<string>();
  const walk = (name: string, args: string[], depth: number): string | undefined => {
    const r = recipes.get(aliases.get(name) ?? name);
    if (!r) return `a dependency ${name} that ${path.basename(file)} doesn't define`;
    if (r.opaque) return r.opaque;
    if (depth > 20 || runs.length > MAX_RUNS) return 'recipes nested too deep to read';
    const key = `${r.name}\0${args.join('\0')}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const scope = new Map(vars);
    const recipeEnv = new Map(env);
    for (const [k, v] of vars) if (exportAll || exported.has(k)) recipeEnv.set(k, v);
    // A default is an expression over the variables (with --set and NAME=VALUE applied).
    const def = (p: Recipe['params'][number]): string | undefined => (p.def === undefined ? undefined : justValue(p.def, vars) ?? UNKNOWN);
    r.params.forEach((p, n) => scope.set(p.name, p.variadic ? (args.slice(n).length ? args.slice(n).join(' ') : def(p)) : args[n] ?? def(p)));
    // Dependencies (those after `&&` run after the body: read first all the same).
    for (const d of r.deps) { const why = walk(d.name, d.args, depth + 1); if (why) return why; }
    let body = r.body;
    if (body[0]?.startsWith('#!')) {
      if (!SH.test(body[0].slice(2).trim())) return `recipe ${r.name} runs with ${body[0].slice(2).trim()}`;
      body = body.slice(1);
    }
    const lines = body.map((l) => l.replace(/^[@-]+/, '')).map((l) => interpolate(l, scope)).join('\n');
    // Parameters are exported too under `set export` ($name in the recipe).
    if (exportAll) r.params.forEach((p) => recipeEnv.set(p.name, scope.get(p.name)));
    const text = lines.trim() ? exports(recipeEnv) + lines : '';
    if (text) runs.push({ label: `just ${r.name}`, text, dir: r.noCd ? cwd : r.wd !== undefined ? path.resolve(base, r.wd) : base });
    return undefined;
  };
  for (const c of calls) {
    const why = walk(c.name, c.args, 0);
    if (why) return { runs: [], opaque: `just: ${why}`, files: [file] };
  }
  return { runs, files: [file] };
}

/** `{{name}}` with a literal value; `{{{{` is a literal `{{`; anything else is unknown. */
function interpolate(line: string, scope: Map<string, string | undefined>): string {
  return line.replace(/\{\{\{\{|\{\{\s*([\s\S]*?)\s*\}\}/g, (m, expr?: string) => {
    if (m === '{{{{') return '{{';
    const v = expr !== undefined ? justValue(expr, scope) : undefined;
    return v ?? UNKNOWN;
  });
}

// ------------------------------------------------------------------ go-task

const TASK_VALUE = new Set(['-t', '--taskfile', '-d', '--dir', '-o', '--output', '--output-group-begin', '--output-group-end', '-c', '--color', '-C', '--concurrency', '-I', '--interval', '--sort']);
const TASK_QUIET = new Set(['-n', '--dry', '-l', '--list', '-a', '--list-all', '--summary', '-h', '--help', '--version', '-i', '--init', '--status', '--completion', '-j', '--json']);

interface TaskDef { cmds?: unknown; deps?: unknown; dir?: unknown; vars?: unknown; cmd?: unknown; env?: unknown; dotenv?: unknown; preconditions?: unknown; status?: unknown }

/** A task's keys that run nothing of their own (taskfile.dev schema); `preconditions` and `status`
 *  run shell commands and are read; any other key is not read: the task is unknown. */
const TASK_KEYS = new Set(['cmds', 'cmd', 'deps', 'dir', 'vars', 'env', 'dotenv', 'preconditions', 'status', 'desc', 'summary', 'aliases', 'label', 'prompt', 'sources', 'generates', 'method', 'requires', 'silent', 'interactive', 'internal', 'ignore_error', 'run', 'platforms', 'set', 'shopt', 'prefix', 'watch', 'failfast']);

export function taskRuns(argv: Word[], wd: string | undefined): Indirection {
  const tf = taskFileOf('task', argv, wd, TASK_VALUE, TASK_QUIET);
  if ('runs' in tf) return tf;
  const { o, cwd, file, text, fail } = tf;
  let doc: { tasks?: Record<string, unknown>; vars?: unknown; env?: unknown; includes?: unknown; dotenv?: unknown; set?: unknown; shopt?: unknown } | undefined;
  try {
    doc = yaml().parse(text) as typeof doc;
  } catch {
    return fail('the file can\'t be parsed');
  }
  if (!doc || typeof doc !== 'object' || !doc.tasks || typeof doc.tasks !== 'object') return fail('no tasks can be read');
  if (doc.includes) return fail('includes read other taskfiles');
  const globals = literalVars(doc.vars);
  if (globals === undefined) return fail('vars that can\'t be read');
  // The environment commands get: dotenv files (missing ones skipped), then env: (a sh: value
  // or one only known at run time stays unknown).
  const envOf = (x: unknown, files: unknown, scope: Map<string, string | undefined>, into: Map<string, string | undefined>): boolean => {
    for (const f of [files ?? []].flat()) {
      const name = typeof f === 'string' ? template(f, scope) : undefined;
      const vs = name === undefined || name.includes(UNKNOWN) ? undefined : dotenvVars(path.resolve(path.dirname(file), name), false);
      if (!vs) return false;
      for (const [k, v] of vs) into.set(k, v);
    }
    if (x === undefined || x === null) return true;
    if (typeof x !== 'object' || Array.isArray(x)) return false;
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) into.set(k, typeof v === 'string' ? template(v, scope) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
    return true;
  };
  const globalEnv = new Map<string, string | undefined>();
  if (!envOf(doc.env, doc.dotenv, globals, globalEnv)) return fail('an environment that can\'t be read');
  // Tasks run in the Taskfile's directory, or the one -d names.
  const base = o.dir ? path.resolve(cwd, o.dir.value) : path.dirname(file);
  const runs: ScriptRun[] = [];
  // Positional words: NAME=VALUE variables (CLI vars), task names, and after `--` the CLI_ARGS.
  const pos = argv.slice(o.i);
  const names: string[] = [];
  const vars = new Map(globals);
  let cliArgs: string | undefined = '';
  for (let j = 0; j < pos.length; j++) {
    const v = pos[j]!.value;
    if (v === '--') { cliArgs = pos.slice(j + 1).some((w) => w.dynamic) ? undefined : pos.slice(j + 1).map((w) => w.value).join(' '); break; }
    const eq = /^[A-Za-z_]\w*=/.test(v) ? v.indexOf('=') : -1;
    if (eq > 0) vars.set(v.slice(0, eq), v.slice(eq + 1));
    else names.push(v);
  }
  vars.set('CLI_ARGS', cliArgs);
  if (!names.length) names.push('default');
  const tasks = doc.tasks as Record<string, TaskDef | string[] | string | null>;
  const seen = new Set<string>();
  const walk = (name: string, outer: Map<string, string | undefined>, depth: number): string | undefined => {
    if (!Object.hasOwn(tasks, name)) return /[*{]/.test(name) ? `task ${name} uses a wildcard` : `task ${name} is not defined`;
    if (depth > 20 || runs.length > MAX_RUNS) return 'tasks nested too deep to read';
    if (seen.has(name)) return undefined;
    seen.add(name);
    let t = tasks[name];
    if (typeof t === 'string' || Array.isArray(t)) t = { cmds: [t].flat() };
    if (!t || typeof t !== 'object') return undefined;
    const other = Object.keys(t).find((k) => !TASK_KEYS.has(k));
    if (other !== undefined) return `task ${name} has ${other}:, which countersign doesn't read`;
    const own = literalVars(t.vars, outer);
    if (own === undefined) return `task ${name} has vars that can't be read`;
    const scope = new Map([...outer, ...own]);
    const env = new Map(globalEnv);
    if (!envOf(t.env, t.dotenv, scope, env)) return `task ${name} has an environment that can't be read`;
    const sh = (c: string): string => exports(env) + (template(c, scope) ?? UNKNOWN);
    let dir = base;
    if (t.dir !== undefined) {
      const d = typeof t.dir === 'string' ? template(t.dir, scope) : undefined;
      if (d === undefined || d.includes(UNKNOWN)) return `task ${name} runs in a directory only known at run time`;
      dir = path.resolve(base, d);
    }
    for (const d of [t.deps ?? []].flat()) {
      const dn = typeof d === 'string' ? d : d && typeof d === 'object' && typeof (d as { task?: unknown }).task === 'string' ? (d as { task: string }).task : undefined;
      if (!dn || (d && typeof d === 'object' && (d as { vars?: unknown }).vars)) return `task ${name} has a dependency that can't be read`;
      const why = walk(dn, scope, depth + 1);
      if (why) return why;
    }
    // `status:` commands (is the task up to date?) and `preconditions:` (strings or {sh: …}) run
    // before the task's commands, in its directory.
    for (const c of [t.status ?? [], t.preconditions ?? []].flat()) {
      const code = typeof c === 'string' ? c : c && typeof c === 'object' && typeof (c as { sh?: unknown }).sh === 'string' ? (c as { sh: string }).sh : undefined;
      if (code === undefined) return `task ${name} has a check that can't be read`;
      runs.push({ label: `task ${name}`, text: sh(code), dir });
    }
    for (const c of [t.cmds ?? (t.cmd !== undefined ? [t.cmd] : [])].flat()) {
      if (typeof c === 'string') { runs.push({ label: `task ${name}`, text: sh(c), dir }); continue; }
      if (!c || typeof c !== 'object') continue;
      const cc = c as { cmd?: unknown; task?: unknown; vars?: unknown; defer?: unknown; for?: unknown };
      if (cc.for !== undefined) return `task ${name} loops over values`;
      if (typeof cc.cmd === 'string') { runs.push({ label: `task ${name}`, text: sh(cc.cmd), dir }); continue; }
      if (typeof cc.task === 'string' && !cc.vars) { const why = walk(cc.task, scope, depth + 1); if (why) return why; continue; }
      if (typeof cc.defer === 'string') { runs.push({ label: `task ${name}`, text: sh(cc.defer), dir }); continue; }
      return `task ${name} has a command that can't be read`;
    }
    return undefined;
  };
  // A name no task has (and no wildcard task could match): task stops, nothing runs.
  if (names.some((n) => !Object.hasOwn(tasks, n)) && !Object.keys(tasks).some((k) => k.includes('*'))) return { runs: [], files: [file] };
  for (const n of names) {
    const why = walk(n, vars, 0);
    if (why) return { runs: [], opaque: `task: ${why}`, files: [file] };
  }
  return { runs, files: [file] };
}

/** A `vars:` map of literal strings and numbers (templates over them too); a `sh:` value runs a
 *  command: unknown (undefined) rather than read. */
function literalVars(v: unknown, outer: Map<string, string | undefined> = new Map()): Map<string, string | undefined> | undefined {
  const out = new Map<string, string | undefined>();
  if (v === undefined || v === null) return out;
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string') out.set(k, template(x, new Map([...outer, ...out])));
    else if (typeof x === 'number' || typeof x === 'boolean') out.set(k, String(x));
    else if (x && typeof x === 'object' && typeof (x as { sh?: unknown }).sh === 'string') return undefined;
    else out.set(k, undefined);
  }
  return out;
}

/** go-task's `{{.NAME}}` with a literal value; any other template action is unknown. */
function template(s: string, scope: Map<string, string | undefined>): string | undefined {
  return s.replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_m, expr: string) => {
    const m = /^\.(\w+)$/.exec(expr);
    const v = m ? scope.get(m[1]!) : undefined;
    return v ?? UNKNOWN;
  });
}
