// Run-time state the line sets up for later commands: env files loaded by `source`, `export
// $(cat .env | xargs)`, dotenv loaders and secret injectors (`dotenv --`, `direnv exec`, `railway
// run`), files the implicit loaders of shells and interpreters read (BASH_ENV, NODE_OPTIONS,
// PYTHONPATH), interpreter scripts, and text sent over a raw socket (`nc host 6379`).
// Plain data and small functions; the walker (walk.ts) applies what these return.
import path from 'node:path';
import { grammarFor, programFor, readItems, readLeading, readOptions, type Payload, type ProgramSpec, type ProjectDsl } from '../programs/index.js';
import { REPLS } from '../programs/links.js';
import { gitHookTrigger } from './githooks.js';
import { parseDotenv } from './dotenv.js';
import { dotenvCli } from './dotenvcli.js';
import type { Invocation, Word } from './types.js';
import { writtenContent } from './writes.js';
import { pythonModuleOpt } from './wrappers.js';
import { table } from '../own.js';

const word = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });

/** The env file whose `KEY=VALUE` lines a command substitution prints as words:
 *  `$(cat .env | xargs)`, `$(grep -v '^#' .env | xargs)`, `$(xargs < .env)`, `` `cat .env` ``. */
export function envFileOfSubst(text: string): string | undefined {
  const t = text.replace(/^"(.*)"$/s, '$1').trim();
  const m = /^(?:\$\(|`)\s*(.*?)\s*(?:\)|`)$/s.exec(t);
  if (!m) return undefined;
  const body = m[1]!.replace(/\s*\|\s*xargs(?:\s+-\w+(?:\s+(?:'[^']*'|"[^"]*"))?)*\s*$/, '');
  const file = /^cat\s+([^\s|;&<>]+)$/.exec(body)?.[1] ?? /^grep\s+-v\s+(?:-\w+\s+)*(?:'[^']*'|"[^"]*"|[^\s'"]+)\s+([^\s|;&<>]+)$/.exec(body)?.[1] ?? /^xargs\s*<\s*([^\s|;&<>]+)$/.exec(body)?.[1];
  return file?.replace(/^(['"])(.*)\1$/, '$2');
}

/** A dotenv file's assignments as the shell would get them; a value that expands something at
 *  run time (`$X`, backticks) is unknown (null). */
export function dotenvAssignments(text: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const [k, e] of parseDotenv(text)) {
    if (!/^[A-Za-z_]\w*$/.test(k)) continue;
    out.set(k, !e.literal && /[$`]/.test(e.value) ? null : e.value);
  }
  return out;
}

export interface Loader {
  /** Who loads, for the reason shown. */
  by: string;
  /** Env files (as named, relative to `dir`) applied before the command, first wins. */
  files: string[];
  dir?: Word;
  /** `NAME=VALUE` words given to the loader itself (dotenv -v). */
  assigns: Array<[string, string]>;
  /** The files override variables already set (dotenv -o, dotenvx --overload). */
  override: boolean;
  /** The variables come from somewhere countersign can't read (a secrets service). */
  unknown?: string;
  /** The command it runs, when the wrapper table doesn't peel this program. */
  inner?: Word[];
  /** `inner` is exactly what runs (empty: nothing), whatever the wrapper table reads. */
  exact?: boolean;
  /** Another reading of the command (ruby's `dotenv`), judged in the same environment. */
  also?: Word[];
  /** A file that doesn't exist is skipped (dotenv-cli), not unknown. */
  optional?: boolean;
}

// aws-vault and saml2aws set known credential variables: the wrapper table (wrappers.ts) says which.

/** Env loaders that run a command: which variables the command gets. */
export function envLoader(inv: Invocation): Loader | undefined {
  const a = inv.argv;
  const v = (i: number): string => a[i]?.value ?? '';
  const base: Loader = { by: inv.name, files: [], assigns: [], override: false };
  switch (inv.name) {
    case 'dotenv': {
      // python-dotenv: `dotenv [-f FILE] run [--no-override] CMD...` (and list/get/set/unset).
      const cli = dotenvCli(a.slice(1));
      if (a.slice(1).some((w) => w.value === '-f' || w.value === '--file') || /^(run|list|get|set|unset)$/.test(cli.inner[0]?.value ?? '')) {
        for (let i = 1; i < a.length && v(i) !== '--'; i++) {
          if (v(i) === '-f' || v(i) === '--file') base.files.push(v(++i));
          else if (v(i) === 'run') {
            let k = i + 1;
            base.override = true;
            for (; k < a.length && v(k).startsWith('--'); k++) if (v(k) === '--no-override') base.override = false;
            base.inner = a.slice(k);
            break;
          } else if (!v(i).startsWith('-')) {
            // Not one of python-dotenv's commands: ruby's dotenv runs it with the files.
            if (!/^(list|get|set|unset)$/.test(v(i))) base.inner = a.slice(i);
            break;
          }
        }
        if (!base.files.length) base.files.push('.env');
        return base;
      }
      // dotenv-cli, read like its minimist (parse/dotenvcli.ts): the command is exactly what it
      // spawns, and a file it doesn't find is skipped, as dotenv.config skips it.
      base.files.push(...cli.files);
      base.assigns.push(...cli.assigns);
      base.override = cli.override;
      base.inner = cli.inner;
      base.exact = true;
      base.optional = true;
      // Ruby's dotenv gem has a `dotenv` bin too, which runs every word from the first that isn't
      // an option: without `--`, that reading is judged as well.
      if (!a.some((w) => w.value === '--')) {
        let k = 1;
        while (k < a.length && v(k).startsWith('-')) k += /^(-[evf]|--file)$/.test(v(k)) ? 2 : 1;
        if (k < a.length && (cli.inner.length !== a.length - k || cli.inner[0] !== a[k])) base.also = a.slice(k);
      }
      // A word only known at run time before `--` may be any option.
      const dd = a.findIndex((w) => w.value === '--');
      if (a.slice(1, dd < 0 ? undefined : dd).some((w) => w.dynamic)) base.unknown = 'dotenv gets options only known at run time';
      return base;
    }
    case 'dotenvx': {
      if (v(1) !== 'run') return undefined;
      const { files, opts } = envFileOptions(inv.name, a.slice(2));
      base.files.push(...files);
      if (opts.some((o) => o === '-o' || o === '--overload')) base.override = true;
      if (!base.files.length) base.files.push('.env');
      // Encrypted values are decrypted at run time with a key countersign doesn't read.
      return base;
    }
    case 'env-cmd': {
      // env-cmd [-f FILE] [-e ENV1,ENV2] [--no-override] CMD: FILE (default .env) overrides the
      // environment; -e reads environments from an rc file this doesn't parse.
      base.override = true;
      for (let i = 1; i < a.length && v(i).startsWith('-') && v(i) !== '--'; i++) {
        if (v(i) === '-f' || v(i) === '--file') base.files.push(v(++i));
        else if (/^(-e|--environments|-r|--rc-file)$/.test(v(i))) base.unknown = `env-cmd ${v(i++)} reads variables from an rc file countersign doesn't read`;
        else if (v(i) === '--no-override') base.override = false;
      }
      if (!base.files.length && !base.unknown) base.files.push('.env');
      return base;
    }
    case 'pipenv':
      return v(1) === 'run' ? { ...base, files: ['.env'] } : undefined;
    case 'foreman':
    case 'honcho': {
      // `foreman run [-e FILE] CMD`: .env unless -e names others.
      if (v(1) !== 'run') return undefined;
      const { files, rest } = envFileOptions(inv.name, a.slice(2), true);
      base.files.push(...files.flatMap((f) => f.split(',')));
      return { ...base, files: base.files.length ? base.files : ['.env'], inner: rest };
    }
    case 'heroku':
      return v(1) === 'local:run' ? { ...base, by: 'heroku local:run', files: ['.env'], inner: a.slice(2) } : undefined;
    case 'uv': {
      if (v(1) !== 'run') return undefined;
      base.files.push(...envFileOptions(inv.name, a.slice(2)).files);
      if (inv.vars.UV_ENV_FILE) base.files.push(...inv.vars.UV_ENV_FILE.split(/\s+/).filter(Boolean));
      return base.files.length ? { ...base, override: false } : undefined;
    }
    case 'direnv': {
      if (v(1) !== 'exec' || !a[2]) return undefined;
      return { ...base, by: 'direnv exec', files: ['.envrc'], dir: a[2], inner: a.slice(3) };
    }
  }
  // Secret managers and platforms that run a command with variables fetched from a service.
  const spec = programFor(inv.name);
  const inj = spec?.injects;
  if (!inj) return undefined;
  const withArg = new Set([...(spec.wraps?.withArg ?? []), ...(spec['value-options'] ?? [])]);
  let i = 1;
  while (i < a.length && v(i).startsWith('-') && v(i) !== '--') i += withArg.has(v(i)) ? 2 : 1;
  if (v(i) !== inj.sub) return undefined;
  i++;
  const dd = a.findIndex((w, k) => k >= i && w.value === '--');
  if (dd >= 0) i = dd + 1;
  else while (i < a.length && v(i).startsWith('-')) i += withArg.has(v(i)) ? 2 : 1;
  return { ...base, by: `${inv.name} ${inj.sub}`, unknown: `${inv.name} ${inj.sub} gives the command variables from a service countersign can't read`, inner: a.slice(i) };
}

/** A loader's `run` options read with its registry grammar: the env files its
 *  `env-file-options` name, and the options given. `leading`: options end at the command (foreman),
 *  whose words are `rest`; else they are read up to `--` (dotenvx, uv). */
function envFileOptions(name: string, args: Word[], leading = false): { files: string[]; opts: string[]; rest: Word[] } {
  const spec = programFor(name);
  const g = grammarFor(spec, 'run');
  const dd = args.findIndex((w) => w.value === '--');
  const { options, rest } = leading ? readLeading(args, g) : { options: readItems(dd < 0 ? args : args.slice(0, dd), g).filter((it) => 'opt' in it), rest: [] };
  const names = spec?.['env-file-options'] ?? [];
  const files = options.flatMap((o) => (names.includes(o.opt) && o.value ? [o.value.value] : []));
  return { files, opts: options.map((o) => o.opt), rest };
}

/** An .envrc as env-file names and assignments; undefined when it does anything else (direnv
 *  runs it as bash with its own library, so what it sets can't be read). */
export function readEnvrc(text: string): { files: string[]; vars: Map<string, string | null> } | undefined {
  const out = { files: [] as string[], vars: new Map<string, string | null>() };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^(PATH_add|path_add|watch_file|strict_env|layout\s+(python3?|node|go))\b/.test(line)) continue;
    const d = /^(dotenv|dotenv_if_exists)(?:\s+(['"]?)([^'"\s]+)\2)?\s*$/.exec(line);
    if (d) {
      out.files.push(d[3] ?? '.env');
      continue;
    }
    const e = /^(?:export\s+)?([A-Za-z_]\w*)=(?:'([^']*)'|"([^"$`\\]*)"|([^\s'"$`\\;&|]*))\s*$/.exec(line);
    if (!e) return undefined;
    out.vars.set(e[1]!, e[2] ?? e[3] ?? e[4] ?? '');
  }
  return out;
}

/** The interpreters whose script files and modules the parser follows (the registry's code payloads
 *  also name languages only the rules read: deno, awk, lua, julia, elixir). */
const LANGS = ['python', 'node', 'bun', 'perl', 'ruby', 'php'] as const;
type Lang = (typeof LANGS)[number];
const isLang = (l: NonNullable<Payload['lang']>): l is Lang => (LANGS as readonly string[]).includes(l);

/** An interpreter's language and options (registry: `payload.lang`); `python3.12` is python. */
interface Interpreter {
  spec: ProgramSpec;
  lang: Lang;
  /** Options that run inline code; the first is the one a stand-in uses. */
  flags: string[];
  /** Options whose value is a module loaded before the script. */
  files: string[];
  withArg: Set<string>;
}

function interpreter(name: string): Interpreter | undefined {
  const spec = programFor(name.replace(/[\d.]+$/, ''));
  const lang = spec?.payload?.kind === 'code' ? spec.payload.lang : undefined;
  if (!lang || !spec || !isLang(lang)) return undefined;
  let it = interpreters.get(spec);
  if (!it) interpreters.set(spec, (it = { spec, lang, flags: spec.payload!.flags ?? [], files: spec.payload!.files ?? [], withArg: new Set(spec['value-options']) }));
  return it;
}
const interpreters = new WeakMap<ProgramSpec, Interpreter>();

export function interpreterOf(name: string): Lang | undefined {
  return interpreter(name)?.lang;
}

/** The language of the scripts and modules an interpreter runs (`python3` -> python). */
export const scriptLang = interpreterOf;

const MODULE_EXT: Record<Lang, RegExp> = {
  python: /\.py$/, node: /\.(js|mjs|cjs|ts|mts|cts|json)$/, bun: /\.(js|mjs|cjs|ts|tsx|jsx)$/, perl: /\.p[lm]$/, ruby: /\.rb$/, php: /\.php$/,
};

/** Whether a file the line wrote could be loaded by this interpreter as a module (it sits in the
 *  working directory, the script's directory or $PYTHONPATH, with the language's extension). */
export function moduleFile(inv: Invocation, abs: string, dirs: string[]): boolean {
  const lang = interpreterOf(inv.name);
  if (!lang || !MODULE_EXT[lang]!.test(abs)) return false;
  const d = path.dirname(abs);
  return dirs.some((x) => d === x || d.startsWith(x + '/'));
}

/** `python -m pkg.mod`: the files it runs, relative to the working directory. */
export function pythonModule(inv: Invocation): string[] {
  if (interpreterOf(inv.name) !== 'python') return [];
  const a = inv.argv;
  let opt: ReturnType<typeof pythonModuleOpt>;
  for (let i = 1; i < a.length && a[i]!.value.startsWith('-') && !opt; i++) {
    opt = pythonModuleOpt(a, i);
    if (a[i]!.value === '-c' || a[i]!.value === '--') break;
    if (a[i]!.value === '-W' || a[i]!.value === '-X') i++;
  }
  const m = opt?.mod?.value;
  if (!m || opt!.mod!.dynamic) return [];
  const parts = m.split('.');
  const p = parts.join('/');
  // The packages on the way are imported first (`-m pkg.tool` runs pkg/__init__.py).
  const parents = parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join('/')}/__init__.py`);
  return [`${p}.py`, `${p}/__main__.py`, `${p}/__init__.py`, ...parents];
}

/** The option that runs code given inline, for an interpreter's name (`python3` -> `-c`). */
export function inlineFlag(name: string): string | undefined {
  return interpreter(name)?.flags[0];
}

/** The script file an interpreter runs (`python3 x.py`, `node x.js`), and the option that takes
 *  the same code inline, so a script the line writes can be judged as inline code. */
export function interpreterScript(inv: Invocation): { file: Word; flag: string } | undefined {
  const spec = interpreter(inv.name);
  if (!spec) return undefined;
  const flag = spec.flags[0]!;
  const a = inv.argv;
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') return a[i + 1] ? { file: a[i + 1]!, flag } : undefined;
    // Inline code (any of its code options) or a module: no script file.
    if (v === '-' || spec.flags.includes(v) || (spec.lang === 'python' ? pythonModuleOpt(a, i) : v === '-m')) return undefined;
    if (spec.lang === 'bun' && i === 1 && /^(run|x|test|build|install|add|create|upgrade|pm|repl)$/.test(v)) continue;
    // `bun run dev`: a bare name is a package.json script first (bun's resolution order), unless
    // the line wrote a file of that name.
    if (!v.startsWith('-') && spec.lang === 'bun' && a[1]?.value === 'run' && !/[./]/.test(v) && (inv.cwd === undefined || writtenContent(inv.written, path.resolve(inv.cwd, v)) === undefined)) return undefined;
    if (!v.startsWith('-')) return { file: a[i]!, flag };
    if (spec.withArg.has(v)) i++;
  }
  return undefined;
}


/** A framework's console, a REPL with the app (and its database) loaded: `rails console`, `python
 *  manage.py shell`, `django-admin shell`, `php artisan tinker`; not with code given (`-c`,
 *  `--execute`), nor `rails runner`. */
function frameworkConsole(name: string, a: string[]): boolean {
  const ops = a.filter((v) => !v.startsWith('-'));
  if (name === 'rails') return /^(c|console)$/.test(ops[0] ?? '');
  if (name === 'django-admin') return /^(shell|shell_plus)$/.test(ops[0] ?? '') && !a.some((v) => /^(-c|--command)(=|$)/.test(v));
  if (/^python[\d.]*$/.test(name)) return /(^|\/)manage\.py$/.test(ops[0] ?? '') && /^(shell|shell_plus)$/.test(ops[1] ?? '') && !a.some((v) => /^(-c|--command)(=|$)/.test(v));
  if (/^php[\d.]*$/.test(name)) return /(^|\/)artisan$/.test(ops[0] ?? '') && ops[1] === 'tinker' && !a.some((v) => /^--execute(=|$)/.test(v));
  return false;
}

/** Does an interpreter read its code from its input (`python3`, `node`, `python3 -i x.py`, `php
 *  -a`, `bun repl`)? Only the line's own words say so: no inline code, script, module, version or
 *  help option. The caller checks that its input isn't moved. */
export function interpreterRepl(inv: Invocation): boolean {
  const it = interpreter(inv.name);
  const a = inv.argv.slice(1).map((w) => w.value);
  if (frameworkConsole(inv.name, a)) return true;
  if (!it) {
    // REPLs countersign has no code reader for: no operand but deno's `repl`, lua's `-i`.
    if (!REPLS.has(inv.name.replace(/[\d.]+$/, '')) || a.some((v) => /^(-v|-V|--version|-h|--help|-e|--eval|-c|-x|-f|--file)$/.test(v))) return false;
    // iex and erl are shells whatever they load first (`iex -S mix`, `iex --remsh app@host`).
    return a.every((v) => v.startsWith('-')) || (inv.name === 'deno' && a[0] === 'repl') || /^(iex|erl)$/.test(inv.name) || (/^lua/.test(inv.name) && a.includes('-i'));
  }
  if (a.some((v) => /^(-V|-v|--version|-h|--help|-\?|--check|-m)$/.test(v) || it.flags.includes(v))) return false;
  if (a.includes('-i') || a.includes('--interactive') || (it.lang === 'php' && a.includes('-a'))) return true;
  if (it.lang === 'bun') return a[0] === 'repl';
  return !interpreterScript(inv);
}

/** The code an interpreter runs when it isn't a script file: its inline option's value
 *  (`python3 -c CODE`, `node -e CODE`), or what it reads on stdin (a heredoc, a herestring, a
 *  literal pipe, a redirected file). `file`: where stdin code comes from, when it is a file. */
export function inlineSource(inv: Invocation): { text?: string; file?: Word } | undefined {
  const it = interpreter(inv.name);
  if (!it || interpreterScript(inv)) return undefined;
  const a = inv.argv;
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (it.flags.includes(v)) return a[i + 1] && !a[i + 1]!.dynamic ? { text: a[i + 1]!.value } : undefined;
    if (v === '-m' || (it.lang === 'python' && pythonModuleOpt(a, i))) return undefined;
    if (it.withArg.has(v)) i++;
  }
  const s = inv.stdin;
  if (!s) return undefined;
  if (s.kind === 'file') return { file: s.path };
  if ((s.kind === 'herestring' && s.dynamic) || (s.kind === 'heredoc' && s.expands && /[$`]/.test(s.text))) return undefined;
  return s.text === undefined ? undefined : { text: s.text };
}

export interface ImplicitLoad {
  /** A path as written (relative to the command's directory). */
  file: string;
  how: string;
  /** How the file is run: shell code, code for the interpreter itself, or a binary. */
  as: 'shell' | 'code' | 'binary';
  /** The code itself, when the option gives it rather than a file (`--import=data:...`). */
  code?: string;
  /** The interpreter that loads it, when that isn't the command itself: NODE_OPTIONS is read by
   *  every node process the command starts (`npm test`, `npx jest`, `make` running node). */
  by?: string;
}

/** Files a program loads before it runs anything it was told to: BASH_ENV and ENV for shells,
 *  PYTHONSTARTUP and sitecustomize.py on PYTHONPATH, `node -r` and NODE_OPTIONS, LD_PRELOAD. */
export function implicitLoads(inv: Invocation, shell: boolean): ImplicitLoad[] {
  const out: ImplicitLoad[] = [];
  const vars = inv.vars;
  const lang = interpreterOf(inv.name);
  if (shell) for (const k of ['BASH_ENV', 'ENV']) if (vars[k]) out.push({ file: vars[k]!, how: `$${k}`, as: 'shell' });
  if (shell) out.push(...writtenStartup(inv));
  if (lang === 'python') {
    if (vars.PYTHONSTARTUP) out.push({ file: vars.PYTHONSTARTUP, how: '$PYTHONSTARTUP', as: 'code' });
    for (const d of (vars.PYTHONPATH ?? '').split(':').filter(Boolean)) {
      for (const m of ['sitecustomize.py', 'usercustomize.py']) out.push({ file: path.join(d, m), how: `${m} on $PYTHONPATH`, as: 'code' });
    }
    const s = interpreterScript(inv);
    if (s && !s.file.dynamic && !/\.py[cw]?$/.test(s.file.value)) out.push({ file: path.join(s.file.value, '__main__.py'), how: `${s.file.value}/__main__.py`, as: 'code' });
  }
  if (lang === 'node' || lang === 'bun') {
    // Modules loaded before the script (registry: payload.files, node -r/--import, bun --preload).
    const spec = interpreter(inv.name)!;
    for (const o of readLeading(inv.argv.slice(1), spec.spec).options) if (spec.files.includes(o.opt)) out.push({ file: o.value?.value ?? '', how: `${inv.name} ${o.opt}`, as: 'code' });
  }
  // NODE_OPTIONS is inherited: any command may start node (npm, npx, a test runner, make).
  if (vars.NODE_OPTIONS && !shell) {
    const ws = vars.NODE_OPTIONS.split(/\s+/);
    for (let i = 0; i < ws.length; i++) {
      const m = /^(-r|--require|--import|--loader|--experimental-loader)(?:=(.*))?$/.exec(ws[i]!);
      const f = m ? (m[2] ?? ws[++i] ?? '') : '';
      const code = dataUrl(f);
      if (m) out.push({ file: f, how: `NODE_OPTIONS ${m[1]}`, as: 'code', ...(code !== undefined ? { code } : {}), ...(lang === 'node' ? {} : { by: 'node' }) });
    }
  }
  // RUBYOPT -rFILE and PERL5OPT -MModule (found on PERL5LIB) load code before any the line shows.
  if (lang === 'ruby' && vars.RUBYOPT) {
    const ws = vars.RUBYOPT.split(/\s+/);
    for (let i = 0; i < ws.length; i++) {
      const m = /^-r(.*)$/.exec(ws[i]!);
      const f = m && (m[1] || ws[++i] || '');
      if (f && /\/|\.rb$/.test(f)) out.push({ file: f.endsWith('.rb') ? f : `${f}.rb`, how: '$RUBYOPT -r', as: 'code' });
    }
  }
  if (lang === 'perl' && vars.PERL5OPT) {
    for (const m of vars.PERL5OPT.matchAll(/(?:^|\s)-[Mm]-?([A-Za-z_][\w:]*)/g)) {
      const rel = `${m[1]!.replace(/::/g, '/')}.pm`;
      for (const d of (vars.PERL5LIB ?? '').split(':').filter(Boolean)) out.push({ file: path.join(d, rel), how: '$PERL5OPT -M', as: 'code' });
    }
  }
  if (lang === 'ruby' || lang === 'perl') {
    // `ruby -r ./x.rb`, `perl -I. -Mx`: a required file; a bare name is a library (`-rjson`).
    const a = inv.argv;
    for (let i = 1; i < a.length && a[i]!.value.startsWith('-'); i++) {
      const m = /^-([rM])(.*)$/.exec(a[i]!.value);
      const f = m && (m[2] || a[++i]?.value || '');
      if (f && lang === 'ruby' && m![1] === 'r' && /\/|\.rb$/.test(f)) out.push({ file: f.endsWith('.rb') ? f : `${f}.rb`, how: 'ruby -r', as: 'code' });
    }
  }
  if (vars.LD_PRELOAD) for (const f of vars.LD_PRELOAD.split(/[:\s]+/).filter(Boolean)) out.push({ file: f, how: '$LD_PRELOAD', as: 'binary' });
  return out.filter((l) => l.file);
}

/** The code of a `data:` URL module (`data:text/javascript,CODE`, `;base64,`). */
function dataUrl(u: string): string | undefined {
  const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(u);
  if (!m) return undefined;
  try {
    return m[1] ? Buffer.from(m[2]!, 'base64').toString('utf8') : decodeURIComponent(m[2]!);
  } catch {
    return m[2];
  }
}

/** Startup files a shell reads before its command, by shell and mode (-i, -l). Over-inclusive on
 *  purpose: only files the line itself wrote are judged. */
function startupNames(inv: Invocation): string[] {
  const a = inv.argv.slice(1);
  let interactive = false;
  let login = inv.argv[0]!.value.startsWith('-');
  let command = false;
  let operand = false;
  const rc: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') { operand = i + 1 < a.length; break; }
    if (v === '--login') login = true;
    else if (v === '--rcfile' || v === '--init-file') rc.push(a[++i]?.value ?? '');
    else if (/^-[a-zA-Z]+$/.test(v)) {
      if (v.includes('i')) interactive = true;
      if (v.includes('l')) login = true;
      if (v.includes('c')) command = true;
      if (v.includes('s')) command = true;
      if (/o$/.test(v)) i++;
    } else if (!v.startsWith('-') && !v.startsWith('+')) {
      operand = true;
      break;
    }
  }
  // No command and no script: the shell reads its commands from a terminal (or stdin).
  if (!command && !operand && !inv.stdin) interactive = true;
  const sh = inv.name;
  const names = [...rc.map((f) => path.basename(f))];
  if (sh === 'zsh') {
    names.push('.zshenv');
    if (interactive) names.push('.zshrc');
    if (login) names.push('.zprofile', '.zlogin', '.zlogout', 'zprofile', 'zshrc', 'zlogin');
  } else if (sh === 'fish') names.push('config.fish');
  else if (sh === 'tcsh' || sh === 'csh') names.push('.tcshrc', '.cshrc', ...(login ? ['.login', '.logout'] : []));
  else {
    if (interactive) names.push(...(sh === 'bash' || sh === 'rbash' ? ['.bashrc', 'bash.bashrc'] : ['.kshrc', '.mkshrc', '.shrc']));
    if (login) names.push('.profile', 'profile', ...(sh === 'bash' || sh === 'rbash' ? ['.bash_profile', '.bash_login', '.bash_logout', '.bashrc'] : []));
  }
  return names;
}

/** The startup files this shell reads that the line wrote earlier: their content is judged, or
 *  the shell pauses when it is only known at run time. */
function writtenStartup(inv: Invocation): ImplicitLoad[] {
  const w = inv.written;
  if (!w) return [];
  const out: ImplicitLoad[] = [];
  const home = inv.vars.HOME;
  for (const name of startupNames(inv)) {
    const how = `${inv.name} reads ${name} at startup`;
    const files = [...w.files.keys()].filter((k) => path.basename(k) === name);
    for (const f of files) out.push({ file: f, how, as: 'shell' });
    // A write the line can't show (sed -i, an unpacked archive) may have changed it.
    const abs = home ? path.join(home, name) : path.join('/', name);
    if (!files.length && writtenContent(w, abs) === null) out.push({ file: home ? abs : `~/${name}`, how, as: 'shell' });
  }
  return out;
}

/** Ports whose services take text commands, and the client that sends the same text. */
const TEXT_PORTS: Record<string, string> = table({ '6379': 'redis-cli', '6380': 'redis-cli', '26379': 'redis-cli', '7000': 'redis-cli' });

/** curl's URLs that open a plain TCP connection and send text: telnet:// (stdin), gopher:// (the
 *  path after its type character), dict:// (the path, `:` as spaces). */
const SOCKET_URL = /^(telnet|gopher|dict):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?(\/[^#]*)?/i;
const URL_PORTS: Record<string, string> = table({ telnet: '23', gopher: '70', dict: '2628' });

/** The text curl sends for a gopher:// or dict:// URL (`gopher://redis:6379/_FLUSHALL%0D%0A`, the
 *  well-known request forgery), decoded; undefined for others. */
export function urlPayload(inv: Invocation): string | undefined {
  if (programFor(inv.name)?.['raw-socket'] !== 'telnet-url') return undefined;
  for (const w of inv.argv.slice(1)) {
    const m = SOCKET_URL.exec(w.value);
    const kind = m?.[1]!.toLowerCase();
    if (!m || kind === 'telnet') continue;
    const p = m[4] ?? '';
    const raw = kind === 'gopher' ? p.slice(2) : p.slice(1).replace(/:/g, ' ');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Text sent over a raw socket (`nc host 6379`, `curl telnet://host:6379`, `socat - TCP:h:p`,
 *  a bash /dev/tcp redirect) is judged as what the service's own client would send. */
export function rawProtocol(inv: Invocation, text?: string): Word[] | undefined {
  const a = inv.argv.slice(1).map((w) => w.value);
  let host: string | undefined;
  let port: string | undefined;
  // Where the client names them: its registry entry (`raw-socket`).
  const spec = programFor(inv.name);
  const how = spec?.['raw-socket'];
  if (how === 'host-port') {
    // host and port as the client reads its options (registry: nc -T lowdelay, nc -vw 1)
    const pos = readOptions(inv.argv.slice(1), spec).positionals.map((w) => w.value);
    [host, port] = [pos[0], pos[1]];
  } else if (how === 'telnet-url') {
    // telnet:// sends stdin; gopher:// and dict:// send the URL's own path (urlPayload).
    const u = a.find((v) => SOCKET_URL.test(v));
    const m = u && SOCKET_URL.exec(u);
    if (m) [host, port] = [m[2], m[3] ?? URL_PORTS[m[1]!.toLowerCase()]];
  } else if (how === 'connect') {
    // openssl s_client -connect host:port (or host:port alone, OpenSSL 3); 443 when no port
    const i = a.indexOf('-connect');
    const v = a[0] === 's_client' ? (i > 0 ? a[i + 1] : a.slice(1).find((x) => /^[\w.-]+:\d+$/.test(x))) : undefined;
    const m = v && /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(v);
    if (m) [host, port] = [m[1], m[2] ?? '443'];
  } else if (how === 'address') {
    const m = a.map((v) => /^(?:tcp4?|tcp6|tcp-connect|openssl):([^:,]+):(\d+)/i.exec(v)).find(Boolean);
    if (m) [host, port] = [m[1], m[2]];
  }
  let devTcp = false;
  for (const r of inv.redirects) {
    const m = r.target && /^\/dev\/(?:tcp|udp)\/([^/]+)\/(\d+)$/.exec(r.target.value);
    if (m) [host, port, devTcp] = [m[1], m[2], true];
  }
  if (!host || !port) return undefined;
  // An HTTP request typed by hand: judged as curl would send it.
  const http = text && /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+(\S+)\s+HTTP\/\d/.exec(text.trimStart());
  if (http) return [word('curl'), word('-X'), word(http[1]!), word(`http://${host}:${port}${http[2]!.startsWith('/') ? '' : '/'}${http[2]}`)];
  const client = TEXT_PORTS[port];
  // Another service written to over bash's /dev/tcp: the same bytes as `nc host port` sends, which
  // the rules for raw clients judge by port (memcached's 11211).
  if (!client) return devTcp && inv.name !== 'nc' ? [word('nc'), word(host), word(port)] : undefined;
  return [word(client), word('-h'), word(host), word('-p'), word(port)];
}

// Database clients that run a shell command from the text they read (registry: `shell-escape`):
// psql `\!`, mysql `\!` and `system`, sqlite3/duckdb `.shell` and `.system`. The command is
// judged like the line itself.
const ESCAPE: Record<'psql' | 'mysql' | 'sqlite3', RegExp> = {
  psql: /(?:^|\s)\\!\s*(.*)$/gm,
  mysql: /^[ \t]*(?:\\!|system)[ \t]+(.*)$/gim,
  // The sqlite3 and duckdb shells take any prefix of a dot command (`.sh`, `.sy`: rt27fp1, sqlite
  // 3.40 runs `.sh CMD`); `.once`/`.output` (`.o`, `.on`, `.ou`...) to `|CMD`, `.read |CMD` and
  // `.import |CMD` run CMD too.
  sqlite3: /^[ \t]*\.(?:sh(?:e(?:ll?)?)?|sy(?:s(?:t(?:em?)?)?)?)[ \t]+(.*)$|^[ \t]*\.(?:o(?:n(?:ce?)?|u(?:t(?:p(?:ut?)?)?)?)?|re(?:ad?)?|im(?:p(?:o(?:rt?)?)?)?)(?:[ \t]+-[-\w]+)*[ \t]+['"]?\|[ \t]*([^'"\n]*)['"]?.*$/gm,
};

/** Shell commands a database client's escapes would run; `read` gives a file's text (or null). */
export function shellEscapes(inv: Invocation, read: (file: Word) => string | null): string[] {
  const spec = programFor(inv.name);
  const client = spec?.['shell-escape'];
  if (!client) return [];
  const texts: string[] = [];
  // The text the client runs: its payload options (registry: psql -Xc, --comm=, mysql -Be), the
  // files it reads, and for sqlite3 the positionals after the database.
  const flags = spec.payload?.flags ?? [];
  const files = spec.payload?.files ?? [];
  let positional = 0;
  for (const it of readItems(inv.argv.slice(1), spec)) {
    if ('pos' in it) {
      if (client === 'sqlite3' && positional++ > 0) texts.push(it.pos.value);
    } else if (it.value && flags.includes(it.opt)) texts.push(it.value.value);
    else if (it.value && files.includes(it.opt)) texts.push(read(it.value) ?? '');
  }
  const s = inv.stdin;
  if (s?.kind === 'file') texts.push(read(s.path) ?? '');
  else if (s && !(s.kind === 'herestring' && s.dynamic) && s.text !== undefined) texts.push(s.text);
  const out: string[] = [];
  for (const t of texts) for (const m of t.matchAll(ESCAPE[client]!)) { const c = m[1] ?? m[2] ?? ''; if (c.trim()) out.push(c); }
  return out;
}

// Go's standard packages that can't reach files, processes or the network: a program that
// imports only these can't delete anything (`go run /tmp/hello/main.go` after writing it).
const PURE_GO = new Set(['fmt', 'strings', 'strconv', 'math', 'math/rand', 'math/big', 'math/bits', 'sort', 'slices', 'maps', 'time', 'errors', 'unicode', 'unicode/utf8', 'bytes', 'regexp', 'encoding/json', 'encoding/hex', 'encoding/base64', 'crypto/sha256', 'crypto/md5', 'hash/crc32', 'container/list', 'text/tabwriter',
  // A test file's own imports (red team 17): the testing package (t.TempDir is a directory of its
  // own, removed by the test), in-memory I/O, synchronisation, reflection on values it was given.
  // Not net/http/httptest (its requests can be sent anywhere), os, path/filepath with os.
  'testing', 'testing/quick', 'testing/iotest', 'testing/fstest', 'context', 'sync', 'sync/atomic', 'reflect', 'io', 'bufio',
  // testify's assertions compare values (their file checks only read); not testify/suite or mock.
  'github.com/stretchr/testify/assert', 'github.com/stretchr/testify/require']);

/** A Go file whose every import is a pure standard package (no os, net, os/exec, syscall, cgo,
 *  unsafe, linkname). An import this reader can't list makes it not pure. */
export function pureGo(text: string): boolean {
  if (/go:linkname|\bunsafe\b/.test(text)) return false;
  const code = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  const paths: string[] = [];
  let blocks = 0;
  for (const m of code.matchAll(/\bimport\s*(\(([^)]*)\)|(?:[\w.]+\s+)?(["`][^"`]*["`]))/g)) {
    blocks++;
    const body = m[2] ?? m[3] ?? '';
    for (const q of body.matchAll(/["`]([^"`]*)["`]/g)) paths.push(q[1]!);
  }
  if (blocks !== (code.match(/\bimport\b/g) ?? []).length) return false;
  return paths.every((p) => PURE_GO.has(p));
}

// Java packages that reach no file, process or network: collections, streams, time, text, math,
// regex, concurrency on values it was given (red team 18: a class written then run by `java X.java`).
const PURE_JAVA = /^java\.(util(\.(function|stream|regex|concurrent(\.atomic)?))?|time(\.format|\.temporal)?|math|text)\.(\*|[A-Z]\w*)$/;

/** A Java file whose imports are all pure packages and that names nothing that reaches files,
 *  processes, the network, native code or reflection, fully qualified or not. Unicode escapes
 *  (`\u0065xec`) are read by javac before anything else: a file with one is not pure. */
export function pureJava(text: string): boolean {
  if (text.includes('\\u')) return false;
  // Comments are kept: stripping them would trust a `//` inside a string.
  const code = text;
  for (const m of code.matchAll(/\bimport\s+(static\s+)?([\w.*]+)\s*;/g)) if (!PURE_JAVA.test(m[1] ? m[2]!.replace(/\.(\w+|\*)$/, '') : m[2]!)) return false;
  if ((code.match(/\bimport\b/g) ?? []).length !== [...code.matchAll(/\bimport\s+(static\s+)?[\w.*]+\s*;/g)].length) return false;
  return !/\b(java\.(io|nio|net|lang\.(reflect|invoke|foreign|instrument))|javax|jdk|sun|com\.sun)\b|\b(exec|load|loadLibrary|forName|getMethod|getDeclaredMethod|invoke|setAccessible|newInstance)\s*\(|\b(ProcessBuilder|ProcessHandle|Process|File|Files|Path|Paths|FileSystem|FileSystems|Socket|ServerSocket|URL|URI|HttpClient|ClassLoader|ServiceLoader|ScriptEngineManager|Unsafe|MethodHandles|Class|native)\b/.test(code);
}

/** A Cargo.toml that only names its package, registry dependencies, features and profiles: data
 *  that runs no code of its own. Not one that points anywhere (`path`, `git`, `build`, workspace
 *  `members`, `[patch]`, `[replace]`: a crate or build script the line may have written), nor one
 *  with an escape (a quoted key spelt `"p\\u0061th"`). */
export function pureCargoManifest(text: string): boolean {
  if (text.includes('\\')) return false;
  if (/["']?\b(path|git|build|members|default-members|registry-index|rustflags|runner|rustc-wrapper)["']?\s*=/i.test(text)) return false;
  return !/^\s*\[+\s*["']?(patch|replace|workspace)\b/im.test(text);
}

const TOX_KEYS = new Set(['envlist', 'env_list', 'deps', 'skipsdist', 'skip_missing_interpreters', 'skip_install', 'basepython', 'base_python', 'isolated_build', 'minversion', 'min_version', 'description', 'passenv', 'pass_env', 'extras', 'usedevelop', 'use_develop', 'package', 'labels', 'allowlist_externals', 'whitelist_externals', 'ignore_errors', 'ignore_outcome', 'parallel_show_output', 'requires']);
const TOX_COMMANDS = new Set(['commands', 'commands_pre', 'commands_post']);

/** The commands a tox.ini runs, one per line, to be read as shell (stricter than tox, which runs
 *  them without one); undefined for a file with anything else that runs or moves code: another
 *  section, set_env, change_dir, install_command, a substitution other than {posargs}. */
export function toxCommands(text: string): string | undefined {
  const out: string[] = [];
  let section = '';
  let key = '';
  for (const raw of text.split('\n')) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const sec = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      section = sec[1]!.trim();
      if (!/^(tox|testenv(:[\w.,-]+)?)$/.test(section)) return undefined;
      key = '';
      continue;
    }
    let value: string;
    if (/^\s/.test(raw)) {
      if (!key) return undefined;
      value = raw.trim();
    } else {
      const kv = /^([A-Za-z_][\w-]*)\s*=(.*)$/.exec(raw);
      if (!kv || !section) return undefined;
      key = kv[1]!.toLowerCase();
      value = kv[2]!.trim();
      if (!TOX_KEYS.has(key) && !TOX_COMMANDS.has(key)) return undefined;
    }
    if (!TOX_COMMANDS.has(key) || !value) continue;
    const cmd = value.replace(/\{posargs(:[^{}]*)?\}/g, '');
    if (/[{}\\]/.test(cmd)) return undefined;
    // `py311: cmd` runs cmd in that factor's environments; `- cmd` ignores its exit status.
    out.push(cmd.replace(/^[\w.!,-]+:\s*/, '').replace(/^-\s*/, ''));
  }
  return out.join('\n');
}

/** A Rust file that can reach nothing but the prelude and its own items: no path (`::`, so no
 *  std::fs, std::process or crate calls), no `use`, `mod`, `extern`, `unsafe`, `include!`, macro
 *  definitions or inner attributes (a test like `#[test] fn t() { assert_eq!(2 + 2, 4); }`). Not a
 *  build script, whose printed `cargo:` lines steer the build. */
export function pureRust(file: string, text: string): boolean {
  if (path.basename(file) === 'build.rs') return false;
  return !/::|#!|\b(use|mod|extern|unsafe|include|include_bytes|include_str|macro_rules|asm|global_asm|env|option_env)\b/.test(text);
}

/** For a tool that loads project code, which written files count and how to judge them. */
export function projectCode(inv: Invocation): ProjectCode | undefined {
  const sub = inv.argv[1]?.value;
  if (inv.name === 'git') return gitHooks(inv);
  if ((inv.name === 'pip' || inv.name === 'pip3') && sub !== 'install') return undefined;
  // Project-file runs that only read (registry: `read-only`; mise ls): no project code runs.
  if (sub && programFor(inv.name)?.['read-only']?.includes(sub)) return undefined;
  // deno task, pdm/hatch/uv/rye run: scripts from deno.json or pyproject.toml.
  if (inv.name === 'deno' && sub === 'task') return { lang: '', file: /(deno\.jsonc?|package\.json)$/ };
  if (/^(pdm|hatch|rye|uv)$/.test(inv.name) && sub === 'run') return { lang: '', file: /(pyproject\.toml|\.py)$/ };
  const pc = projectFiles(inv.name);
  // Only some first words run the code (`go test`, `dart test`, not `dart analyze`), or a file of it named first.
  const only = programFor(inv.name)?.['project-code']?.runs;
  // `''` in `runs`: the program with no subcommand (or only options) runs the code too.
  const word = sub === undefined || sub.startsWith('-') ? '' : sub;
  if (pc && only && !(only.includes(word) || (sub !== undefined && pc.file.test(sub)))) return undefined;
  return pc;
}

/** Tools that load code from project files next to them (registry: `project-code`): pytest's
 *  conftest.py, pip's setup.py, a Rakefile, jest/vite/eslint configs, build.rs, task files. A
 *  file of that kind the line wrote before the tool runs is judged like inline code in its
 *  language (or unknown). */
function projectFiles(name: string): ProjectCode | undefined {
  const pc = programFor(name)?.['project-code'];
  if (!pc) return undefined;
  let re = projectRes.get(pc.files);
  if (!re) projectRes.set(pc.files, (re = new RegExp(pc.files)));
  return { lang: pc.lang ?? '', file: re, ...(pc.dsl ? { dsl: pc.dsl } : {}), ...(pc.anywhere ? { anywhere: true } : {}) };
}

const HOOK_DIRS = /\/(\.git\/hooks|\.husky|\.githooks|\.hooks)\/[^/]+$/;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The hooks a git command may run: the usual hook directories, and the one `-c core.hooksPath=DIR`
 *  or GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n name, wherever it is (`/tmp/hk`). */
function gitHooks(inv: Invocation): ProjectCode | undefined {
  const t = gitHookTrigger(inv);
  if (!t?.runsHooks) return undefined;
  if (!t.dirs.length || inv.cwd === undefined) return { lang: 'sh', file: HOOK_DIRS };
  const abs = t.dirs.map((d) => escapeRe(path.resolve(inv.cwd!, d)));
  return { lang: 'sh', file: new RegExp(`(${HOOK_DIRS.source})|^(${abs.join('|')})/[^/]+$`), anywhere: true };
}

export interface ProjectCode {
  lang: string;
  file: RegExp;
  dsl?: ProjectDsl;
  /** The files may be outside the project (a hooks directory named on the line). */
  anywhere?: boolean;
}

/** A task file's code as its language reads it: the runner's prelude first, and the runner's own
 *  shell calls (rake's `sh "cmd"`) spelt as the language's (`system "cmd"`). */
export function withDsl(code: string, dsl: ProjectDsl | undefined): string {
  if (!dsl) return code;
  const body = dsl.shell && dsl.as ? code.replace(new RegExp(dsl.shell, 'g'), dsl.as) : code;
  return (dsl.prelude ?? '') + body;
}
const projectRes = new Map<string, RegExp>();

/** A filter stage of `source <(grep -v '^#' .env | sed 's/^/export /')`: each keeps or rewrites lines. */
type LineFilter = (lines: string[]) => string[];

/** A plain grep/sed pattern as a JS regex: only ^ $ . * [] and (with -E) ( ) | + ?; anything
 *  else (backreferences, POSIX classes, intervals) is undefined, so the line stays unread. */
function lineRegex(p: string, ere: boolean, flags = ''): RegExp | undefined {
  if (/\[:|\\[^.s#$^*\[\]\/-]|\{|^\*/.test(p)) return undefined;
  if (!ere && /[()|+?]/.test(p)) return undefined;
  // ^ and $ anchor only at the ends (and, in ERE, of an alternative) in both; elsewhere grep reads them as text.
  const bare = p.replace(/\\./g, 'x').replace(/\[\^?\]?[^\]]*\]/g, 'x');
  if (/[^(|]\^|\$(?![)|]|$)/.test(bare.slice(1)) || (!ere && /.\^|\$./.test(bare))) return undefined;
  try { return new RegExp(p, flags); } catch { return undefined; }
}

function grepFilter(args: string[]): { filter: LineFilter; file?: string } | undefined {
  let ere = false;
  let invert = false;
  let ci = false;
  let whole = false;
  let pattern: string | undefined;
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' && pattern === undefined) pattern = args[++i];
    else if (/^-[vEix]+$/.test(a)) {
      ere ||= a.includes('E'); invert ||= a.includes('v'); ci ||= a.includes('i'); whole ||= a.includes('x');
    } else if (a.startsWith('-')) return undefined;
    else ops.push(a);
  }
  if (pattern === undefined) pattern = ops.shift();
  if (pattern === undefined || ops.length > 1) return undefined;
  const re = lineRegex(whole ? `^(?:${pattern})$` : pattern, ere || whole, ci ? 'i' : '');
  if (!re) return undefined;
  return { filter: (ls) => ls.filter((l) => re.test(l) !== invert), ...(ops[0] !== undefined ? { file: ops[0] } : {}) };
}

/** sed with `s/^/TEXT/` (a prefix), `s/\r$//` and `/RE/d` commands, `;`- or `-e`-separated. */
function sedFilter(args: string[]): { filter: LineFilter; file?: string } | undefined {
  let ere = false;
  const scripts: string[] = [];
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e') scripts.push(args[++i] ?? '');
    else if (a === '-E' || a === '-r') ere = true;
    else if (a.startsWith('-')) return undefined;
    else ops.push(a);
  }
  if (!scripts.length) { const s = ops.shift(); if (s === undefined) return undefined; scripts.push(s); }
  if (ops.length > 1) return undefined;
  const steps: LineFilter[] = [];
  for (const cmd of scripts.flatMap((s) => s.split(';')).map((c) => c.trim()).filter(Boolean)) {
    const prefix = /^s\/\^\/([\w =-]*)\/$/.exec(cmd);
    const del = /^\/((?:[^/\\]|\\.)*)\/d$/.exec(cmd);
    if (prefix) steps.push((ls) => ls.map((l) => prefix[1] + l));
    else if (/^s\/\\r\$?\/\/g?$/.test(cmd)) steps.push((ls) => ls.map((l) => l.replace(/\r/g, '')));
    else if (del) {
      const re = lineRegex(del[1]!, ere);
      if (!re) return undefined;
      steps.push((ls) => ls.filter((l) => !re.test(l)));
    } else return undefined;
  }
  return { filter: (ls) => steps.reduce((acc, f) => f(acc), ls), ...(ops[0] !== undefined ? { file: ops[0] } : {}) };
}

/** A pipeline of plain words (quoted or not, nothing expanded): its commands' words, else undefined. */
function pipeWords(body: string): string[][] | undefined {
  const stages: string[][] = [[]];
  const re = /\s+|\||'([^']*)'|"([^"$`\\]*)"|([\w./=:^@%+,-]+)/y;
  let word: string | undefined;
  const end = (): void => { if (word !== undefined) stages[stages.length - 1]!.push(word); word = undefined; };
  for (let i = 0; i < body.length;) {
    re.lastIndex = i;
    const m = re.exec(body);
    if (!m) return undefined;
    i = re.lastIndex;
    if (m[0] === '|') { end(); stages.push([]); } else if (/^\s/.test(m[0])) end();
    else word = (word ?? '') + (m[1] ?? m[2] ?? m[3]!);
  }
  end();
  return stages.every((s) => s.length) ? stages : undefined;
}

/** `cat F`, `grep ... F`, `sed ... F` pipelines of those over one literal file:
 *  the file, the programs (each must be the system's) and how to get the printed text from the
 *  file's. Anything else (a variable, another program, options not listed) is undefined. */
export function filteredFile(body: string): { file: string; programs: string[]; apply: (text: string) => string } | undefined {
  const stages = pipeWords(body);
  if (!stages) return undefined;
  let file: string | undefined;
  const filters: LineFilter[] = [];
  for (const [i, [name, ...args]] of stages.entries()) {
    const f = name === 'cat' ? (args.length === 1 && !args[0]!.startsWith('-') ? { filter: (ls: string[]) => ls, file: args[0] } : undefined)
      : name === 'grep' ? grepFilter(args) : name === 'sed' ? sedFilter(args) : undefined;
    if (!f || (i === 0) !== (f.file !== undefined)) return undefined;
    file ??= f.file;
    filters.push(f.filter);
  }
  if (file === undefined) return undefined;
  return {
    file,
    programs: stages.map((s) => s[0]!),
    apply: (text) => {
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const out = filters.reduce((acc, f) => f(acc), lines);
      return out.length ? `${out.join('\n')}\n` : '';
    },
  };
}

/** The commands a deploy config names: fly.toml `release_command`, railway.json/.toml
 *  `startCommand`/`preDeployCommand`/`buildCommand` (a string or a list), netlify.toml `command`. */
export function deployCommands(file: string, text: string): string[] {
  const tomlKeys = (keys: string): string[] =>
    [...text.matchAll(new RegExp(`^\\s*(?:${keys})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|'([^']*)')`, 'gm'))].map((m) => m[2] ?? m[1]!.replace(/\\(.)/g, '$1'));
  if (file === 'fly.toml' || (/^fly\..*toml$/.test(file))) return tomlKeys('release_command');
  if (file === 'netlify.toml') return tomlKeys('command');
  if (file === 'railway.toml') return tomlKeys('startCommand|preDeployCommand|buildCommand');
  if (file === 'railway.json') {
    let j: unknown;
    try { j = JSON.parse(text); } catch { return []; }
    const out: string[] = [];
    for (const sect of ['build', 'deploy']) {
      const o = (j as Record<string, Record<string, unknown> | undefined>)?.[sect];
      for (const k of ['startCommand', 'preDeployCommand', 'buildCommand']) {
        const v = o?.[k];
        if (typeof v === 'string') out.push(v);
        else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
      }
    }
    return out;
  }
  return [];
}
