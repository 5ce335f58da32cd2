// Programs that run another program given in their arguments. The grammar is data in the program
// registry (src/programs: each entry's `wraps`); this peels one such program off an argv.
import type { Invocation, Origin, Word } from './types.js';
import { PACKAGE_BINS } from './packages.js';
import { cmdExeText, robocopyText } from './cmdexe.js';
import { BUILTIN, programFor, wrapperFor, type Registry, type WrapperSpec } from '../programs/index.js';
import { table } from '../own.js';

export { PACKAGE_BINS };

export type { WrapperSpec };

/** The wrapping grammar of the builtin programs (src/programs/builtin.ts), by name. */
export const WRAPPERS: Readonly<Record<string, WrapperSpec>> = table(Object.fromEntries(Object.entries(BUILTIN).flatMap(([k, v]) => (v.wraps ? [[k, v.wraps]] : []))));

/** pnpm's and yarn's options before the subcommand that take a value. */
const PM_VALUE_OPTIONS = new Set(['--filter', '-F', '--filter-prod', '-C', '--dir', '--cwd', '--workspace-dir', '--reporter', '--loglevel', '--test-pattern', '--changed-files-ignore-pattern']);

/** pnpm and yarn subcommands; any other first word runs a bin or script of that name. */
const PM_COMMANDS = new Set([
  'add', 'audit', 'bin', 'build', 'cache', 'config', 'create', 'dedupe', 'deploy', 'dlx', 'doctor', 'env', 'exec', 'fetch', 'help', 'import',
  'info', 'init', 'install', 'i', 'install-test', 'it', 'link', 'list', 'ls', 'licenses', 'login', 'logout', 'outdated', 'owner', 'pack', 'patch',
  'patch-commit', 'prune', 'publish', 'rebuild', 'recursive', 'remove', 'rm', 'root', 'run', 'run-script', 'server', 'setup', 'start', 'store',
  'tag', 'test', 't', 'unlink', 'up', 'update', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'why', 'workspace', 'workspaces', 'set',
  'plugin', 'constraints', 'node', 'npm', 'unplug', 'explain', 'search', 'stage', 'self-update', 'global', 'import', 'generate-lock-entry',
]);

export function packageBin(spec: string): string {
  const noVersion = spec.replace(/(?<=.)@[^/]*$/, '');
  return PACKAGE_BINS[noVersion] ?? (noVersion.startsWith('@') ? (noVersion.split('/')[1] === 'cli' ? noVersion.slice(1).split('/')[0]! : noVersion.split('/')[1]!) : noVersion);
}

export interface Unwrapped {
  inner: Word[];
  /** Assignments given through the wrapper (`env A=1`, `sudo A=1`). */
  assigns: Array<[string, Word]>;
  chdir?: Word;
  unknownCwd?: boolean;
  moreArgs?: boolean;
  /** The command is one shell string to parse again (`watch 'a | b'`, `env -S 'a b'`). */
  shellText?: Word[];
  /** xargs -I REPL: arguments containing it are filled at run time. */
  replace?: string;
  /** xargs -I with no count option (-n, -L, -l, -J) that could undo it: input only fills the
   *  REPL words, nothing is appended. */
  replaceOnly?: boolean;
  /** shellText runs once per entry with it as $1 (undefined: an input known only at run time). */
  runs?: Array<Word | undefined>;
  /** GNU parallel with no command: each line of its input is one, read from these files (`-a F`,
   *  `:::: F`), or from stdin when there are none. */
  inputCommands?: { files: Word[] };
  /** Host directories mounted where the command sees them (`proot -b HOST:GUEST`): guest path
   *  -> host word (as written: relative, `~` or absolute). */
  binds?: Array<{ target: string; host: Word }>;
  /** The command runs on this machine or instance (`lxc exec c1 -- cmd`), with the project at
   *  `projectAt` there. */
  machine?: string;
  projectAt?: string;
}

/** Peel one wrapper; undefined when argv isn't a wrapper form that runs a command. `programs`:
 *  the loaded config's entries (a team's own wrappers). */
export function unwrap(name: string, argv: Word[], programs?: Registry): Unwrapped | undefined {
  if ((name === 'docker' || name === 'podman') && subAfterOptions(argv, ['compose']) > 0) {
    const at = subAfterOptions(argv, ['compose']);
    return unwrap('docker-compose', argv.slice(at), programs);
  }
  const bin = /^(node|nodejs|bun|php[\d.]*|ruby[\d.]*|python[\d.]*|pypy[\d.]*)$/.test(name) ? packageScript(name, argv, programs) : undefined;
  if (bin) return bin;
  if (name === 'cmake') return cmakeTool(argv);
  if (name === 'cmd.exe') {
    // Its command line is cmd syntax, read as the sh that does the same (cmdexe.ts).
    const text = cmdExeText(argv.slice(1));
    if (text === undefined) return undefined;
    if (text !== null) return { inner: [], assigns: [], shellText: [{ value: text, dynamic: false, glob: false, text }] };
  }
  if (name === 'robocopy.exe' || name === 'robocopy') {
    const text = robocopyText(argv.slice(1));
    // A path only known at run time, with a switch that deletes: code that can't be seen.
    if (text === undefined) return argv.some((a) => !a.dynamic && /^\/(mir|purge|mov|move)$/i.test(a.value)) ? { inner: [], assigns: [], shellText: argv.filter((a) => a.dynamic) } : undefined;
    return { inner: [], assigns: [], shellText: [{ value: text, dynamic: false, glob: false, text }] };
  }
  if (name === 'go' && argv[1]?.value === 'run') { const r = goRunModule(argv); if (r) return r; }
  // `pio pkg exec [-p PKG] [-c CMD] -- PROG ARGS` runs a package's tool (-c: a command string).
  if ((name === 'pio' || name === 'platformio') && argv[1]?.value === 'pkg' && argv[2]?.value === 'exec') {
    const dd = argv.findIndex((a, k) => k > 2 && a.value === '--');
    if (dd > 0) return { inner: argv.slice(dd + 1), assigns: [] };
  }
  // `ip [OPTIONS] netns exec NAME CMD...`, `ip -all netns exec CMD...` (ip-netns(8)): CMD in a
  // network namespace, on this machine's files.
  if (name === 'ip') {
    const k = argv.findIndex((a) => a.value === 'netns');
    const all = argv.slice(1, k).some((a) => a.value === '-all' || a.value === '-a');
    if (k > 0 && argv[k + 1]?.value === 'exec') {
      const inner = argv.slice(k + (all ? 2 : 3));
      return inner.length ? { inner, assigns: [] } : undefined;
    }
  }
  let spec = wrapperFor(name, programs);
  let i = 1;
  if (!spec) return undefined;
  if (spec.sub) {
    const pm = name === 'pnpm' || name === 'yarn';
    // The program's own options may come first (`kubectl --context prod exec`): its value options
    // in the registry (packs' commands:) say which take a value.
    if (!pm) {
      const g = new Set([...(spec.globalWithArg ?? []), ...(programFor(name, programs)?.['value-options'] ?? [])]);
      while (i < argv.length && argv[i]!.value.startsWith('-') && argv[i]!.value !== '--') i += g.has(argv[i]!.value) ? 2 : 1;
    } else {
      // Workspace selection first: `pnpm --filter @acme/db exec prisma ...`, `yarn --cwd api ...`.
      while (i < argv.length && argv[i]!.value.startsWith('-') && argv[i]!.value !== '--') i += PM_VALUE_OPTIONS.has(argv[i]!.value) ? 2 : 1;
    }
    let first = argv[i]?.value;
    // `yarn workspace NAME CMD...` is `yarn CMD...` in that workspace.
    if (name === 'yarn' && first === 'workspace' && argv[i + 1]) return unwrap(name, [argv[0]!, ...argv.slice(i + 2)], programs);
    // `yarn workspaces foreach [-A -p --include G ...] CMD...` is `yarn CMD...` in each workspace.
    if (name === 'yarn' && first === 'workspaces' && argv[i + 1]?.value === 'foreach') {
      let k = i + 2;
      while (k < argv.length && argv[k]!.value.startsWith('-')) k += /^(-j|--jobs|--include|--exclude|--from|--since)$/.test(argv[k]!.value) ? 2 : 1;
      return k < argv.length ? unwrap(name, [argv[0]!, ...argv.slice(k)], programs) : undefined;
    }
    // An option the registry doesn't know may take a value (`--connection prod exec`): the
    // subcommand word after options and their possible values still counts.
    if ((!first || !spec.sub.includes(first)) && !pm) {
      const at = subAfterOptions(argv, spec.sub);
      if (at > 0) [i, first] = [at, argv[at]!.value];
    }
    // `ddev wp …`, `lando mysql …`: the subcommand is the program, run in the tool's container.
    if (first && spec.proxies?.includes(first)) return { inner: argv.slice(i), assigns: [], ...(spec.unknownCwd ? { unknownCwd: true } : {}) };
    if (pm && first === 'dlx') spec = WRAPPERS['pnpm dlx']!;
    // `yarn run NAME` with no script NAME (parse/indirect.ts found none) runs the bin NAME.
    else if (name === 'yarn' && first === 'run') spec = {};
    // `podman unshare CMD`: a subcommand with its own entry (`podman unshare`) runs CMD.
    else if (first && !spec.sub.includes(first) && WRAPPERS[`${name} ${first}`]) spec = WRAPPERS[`${name} ${first}`]!;
    else if (pm && first && !first.startsWith('-') && !PM_COMMANDS.has(first)) {
      // `yarn prisma ...` runs a package's bin (or a script of that name).
      return { inner: argv.slice(i), assigns: [] };
    } else if (!first || !spec.sub.includes(first)) return undefined;
    else if ((name === 'docker' || name === 'podman' || name === 'nerdctl') && !argv.slice(i + 1).some((a) => !a.value.startsWith('-'))) return undefined;
    i += 1;
  }
  const res: Unwrapped = { inner: [], assigns: [] };
  if (spec.machine) {
    res.machine = '(its default machine)';
    if (spec.projectAt) res.projectAt = spec.projectAt;
  }
  for (const v of spec.sets ?? []) res.assigns.push([v, { value: '', dynamic: true, glob: false, text: `(set by ${name})` }]);
  if (spec.moreArgs) res.moreArgs = true;
  if (spec.unknownCwd) res.unknownCwd = true;
  if (spec.afterFlag || spec.afterDashDash) {
    const mark = spec.afterFlag ?? '--';
    const at = argv.findIndex((a, k) => k >= i && a.value === mark);
    if (at < 0) {
      // `doppler run --command 'CMD'`: a shell line given to an option instead of after `--`.
      const opts = spec.shellOpt ?? [];
      const k = argv.findIndex((a, j) => j >= i && !a.dynamic && opts.some((o) => a.value === o || a.value.startsWith(`${o}=`)));
      if (k < 0) return undefined;
      const w = argv[k]!;
      const eq = w.value.indexOf('=');
      const val = eq > 0 ? { ...w, value: w.value.slice(eq + 1) } : argv[k + 1];
      return val ? { ...res, shellText: [val] } : undefined;
    }
    res.inner = argv.slice(at + 1);
    if (spec.argsOf) res.inner = [argsProgram(spec, argv.slice(i, at)), ...res.inner];
    return res.inner.length ? res : undefined;
  }
  if (spec.progOpt) return progOptRun(spec, argv.slice(i), res);
  const withArg = new Set(spec.withArg ?? []);
  let split: Word | undefined;
  let keep = false;
  let home = false;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a.value;
    if (a.dynamic && v.startsWith('-')) continue;
    if (v === '--') {
      i++;
      // `timeout -- 5s cmd`: the positionals to skip come after `--` too.
      if (spec.skip && i + spec.skip <= argv.length) {
        if (spec.skipVar) res.assigns.push([spec.skipVar, argv[i]!]);
        i += spec.skip;
      }
      break;
    }
    if (v === '-' && spec.dashFlag) continue;
    if (v.startsWith('-') && v.length > 1) {
      if (spec.noRun?.some((o) => v === o || (o.length === 2 && !v.startsWith('--') && v.slice(1).includes(o[1]!)))) return undefined;
      const eq = v.indexOf('=');
      let opt = v.startsWith('--') && eq > 0 ? v.slice(0, eq) : v;
      let val: Word | undefined;
      const n = spec.argCount?.[opt];
      if (n) {
        if (spec.binds?.[opt] === 'pair' && argv[i + 1] && argv[i + 2] && !argv[i + 2]!.dynamic) (res.binds ??= []).push({ target: argv[i + 2]!.value, host: argv[i + 1]! });
        i += n;
        continue;
      }
      const shellOpt = spec.shellOpt ?? [];
      const cluster = !v.startsWith('--') ? clusterValue(v, withArg, shellOpt) : undefined;
      if (withArg.has(opt) || shellOpt.includes(opt)) {
        if (v.startsWith('--') && eq > 0) val = { ...a, value: v.slice(eq + 1) };
        else val = argv[++i];
      } else if (cluster) {
        // `-dmS name`, `-uroot`: the first letter that takes a value takes the rest or the next word.
        val = cluster.rest ? { ...a, value: cluster.rest } : argv[++i];
        opt = cluster.opt;
      } else if (spec.keepCwd?.includes(opt) || spec.homeCwd?.includes(opt)) {
        if (spec.keepCwd?.includes(opt)) keep = true;
        else home = true;
        continue;
      } else if (name === 'nice' && /^-\d+$/.test(v)) {
        continue;
      } else if (name === 'xargs' && (v.startsWith('-i') || v.startsWith('--replace'))) {
        res.replace = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v.length > 2 ? v.slice(2) : '{}';
        continue;
      } else continue;
      if (shellOpt.includes(opt)) return val ? { ...res, shellText: [val] } : undefined;
      if (name === 'xargs' && (opt === '-I' || opt.startsWith('-I') || opt === '--replace')) res.replace = val?.value ?? '{}';
      if (spec.chdir?.includes(opt) && val) res.chdir = val;
      // systemd-run -p WorkingDirectory=DIR (a leading `-`: ignore a missing DIR) is --working-directory.
      if (name === 'systemd-run' && (opt === '-p' || opt === '--property') && val && /^WorkingDirectory=/.test(val.value)) {
        const dir = val.value.slice('WorkingDirectory='.length).replace(/^-/, '');
        res.chdir = { ...val, value: dir, text: dir };
      }
      if (spec.binds?.[opt] === 'colon' && val) bindOf(val, res);
      if (name === 'env' && (opt === '-S' || opt === '--split-string') && val) split = val;
      continue;
    }
    if (spec.assigns && /^([A-Za-z_][A-Za-z0-9_]*|BASH_FUNC_[^=]+)=/.test(v)) {
      const eq = v.indexOf('=');
      res.assigns.push([v.slice(0, eq), { ...a, value: v.slice(eq + 1) }]);
      continue;
    }
    if (spec.anyOrder) {
      if (spec.machine && res.machine === '(its default machine)') res.machine = a.dynamic ? a.text : a.value;
      continue;
    }
    if (spec.skip && i + spec.skip <= argv.length) {
      if (spec.skipVar) res.assigns.push([spec.skipVar, a]);
      if (spec.machine) res.machine = a.dynamic ? a.text : a.value;
      i += spec.skip;
      if (spec.optionsAfterSkip) {
        // `aws-vault exec prod --no-session -- aws ...`: options, then `--` or the command.
        while (i < argv.length && argv[i]!.value.startsWith('-') && argv[i]!.value !== '--') {
          const o = argv[i]!.value;
          i += withArg.has(o) ? 2 : 1;
        }
      }
      if (argv[i]?.value === '--') i++;
      // `flock FILE -c 'cmd'`
      if (argv[i] && spec.shellOpt?.includes(argv[i]!.value)) return argv[i + 1] ? { ...res, shellText: [argv[i + 1]!] } : undefined;
    }
    break;
  }
  if (spec.shellOnly) return undefined;
  // `corepack prepare pnpm@9 --activate`: one of the program's own subcommands, not a command.
  if (argv[i] && !argv[i]!.dynamic && spec.own?.includes(argv[i]!.value)) return undefined;
  // systemd-run: --working-directory, then --scope/--same-dir (the caller's), then --user (home).
  if (res.chdir || keep) delete res.unknownCwd;
  else if (home && res.unknownCwd) {
    delete res.unknownCwd;
    res.chdir = { value: '~', dynamic: false, glob: false, text: '~' };
  }
  // GNU xargs keeps the last of -I and -n/-L/-l; BSD's -J appends at its own place: any of them
  // (or an option only known at run time) and the input may be appended after all.
  if (name === 'xargs' && res.replace && !argv.slice(1, i).some((a) => a.dynamic || /^-(?!-)[^I]*[nLlJ]|^--max-(args|lines)/.test(a.value))) res.replaceOnly = true;
  res.inner = argv.slice(i);
  // `sudo -s` / `sudo -i` / `doas -s` / `chroot DIR` with no command: a shell reading the line's input.
  if (!res.inner.length && spec.bareShell && (spec.bareShell.includes('*') || argv.slice(1, i).some((a) => !a.dynamic && (spec.bareShell!.includes(a.value) || (/^-[A-Za-z]+$/.test(a.value) && spec.bareShell!.some((o) => o.length === 2 && a.value.slice(1).includes(o[1]!))))))) {
    res.inner = [{ value: 'sh', dynamic: false, glob: false, text: `${name} (its shell)` }];
  }
  if (split) {
    res.shellText = [split, ...res.inner];
    res.inner = [];
    return res;
  }
  if (spec.eachShell) {
    if (!res.inner.length) return undefined;
    return { ...res, inner: [], shellText: [lines(res.inner)] };
  }
  if ((spec.shellJoin && !argv.some((a) => a.value === '-x' || a.value === '--exec')) || (spec.shellFlag && argv.slice(1, i).some((a) => a.dynamic || spec.shellFlag!.includes(a.value)))) {
    if (!res.inner.length) return undefined;
    res.shellText = res.inner;
    res.inner = [];
    return res;
  }
  if (name === 'xargs' && res.inner.length === 0) res.inner = [{ value: 'echo', dynamic: false, glob: false, text: 'echo' }];
  if (name === 'parallel') return parallel(res, argv);
  if (name === 'deno' && !res.inner[0]?.value.startsWith('npm:')) {
    // `deno run wipe.ts`: a script file, run as JavaScript/TypeScript. It is read as node reads
    // one (the JS reader knows Deno's calls); remote modules and other subcommands are not.
    const f = res.inner[0];
    const sub = argv.find((a, k) => k > 0 && !a.value.startsWith('-'))?.value;
    return sub === 'run' && f && !f.dynamic && !/^[a-z]+:/.test(f.value) ? { ...res, inner: [{ ...f, value: 'node', text: 'node' }, ...res.inner] } : undefined;
  }
  if (RUNNERS.has(name) && res.inner[0] && !res.inner[0].dynamic) res.inner[0] = { ...res.inner[0], value: runnerBin(res.inner[0].value) };
  // `hatch run ENV:CMD ...` runs CMD (a command or a script of ENV) in that environment.
  const h = name === 'hatch' && res.inner[0] && !res.inner[0].dynamic ? /^[\w.-]+:(.+)$/.exec(res.inner[0].value) : null;
  if (h) res.inner[0] = { ...res.inner[0]!, value: h[1]!, text: h[1]! };
  return res.inner.length ? res : undefined;
}

// A package's bin run by path through its interpreter: node_modules/.bin/NAME (or
// node_modules/PKG/(bin|build|dist|lib|cli)/FILE), php vendor/bin/NAME, ruby bin/rails.
const NODE_BIN = /(?:^|\/)node_modules\/(?:\.bin\/([^/]+)|((?:@[^/]+\/)?[^/.][^/]*)\/(?:bin|build|dist|lib|cli)\/[^/]+)$/;
const PHP_BIN = /(?:^|\/)vendor\/bin\/([^/]+)$/;
const RUBY_BIN = /(?:^|\/)bin\/(rails|rake|bundle)$/;
const INLINE: Array<[RegExp, RegExp]> = [
  [/^php/, /^(-r|-B|-R|-E|-F|-a)$/],
  [/^ruby/, /^-e$/],
  [/^(python|pypy)/, /^-c$/],
  [/^/, /^(-e|-p|--eval|--print|-c|--check|-i|--interactive)$/],
];

/** python's `-m MOD` at argv[i], also bundled after flags or glued (`-Im MOD`, `-mMOD`): the
 *  module word and the index after it. */
export function pythonModuleOpt(argv: Word[], i: number): { mod: Word | undefined; next: number } | undefined {
  const m = /^-[bBdEhiIOPqRsSuvx]*m(.*)$/s.exec(argv[i]!.value);
  if (!m || argv[i]!.dynamic) return undefined;
  return m[1] ? { mod: { ...argv[i]!, value: m[1], text: m[1] }, next: i + 1 } : { mod: argv[i + 1], next: i + 2 };
}

/** Modules whose `python -m` runs a program of another name: httpie's __main__ is `http` (the
 *  `httpie` program is its plugin and update manager). */
const PY_MODULE_PROGRAMS: Record<string, string> = table({ httpie: 'http', nbconvert: 'jupyter-nbconvert' });

/** `node node_modules/.bin/prisma migrate reset`, `php vendor/bin/doctrine ...`, `ruby bin/rails
 *  db:reset`, `python -m alembic downgrade base`: the interpreter runs the package's command, so
 *  the command is that program with the rest of the arguments (its code is too big to read). */
function packageScript(name: string, argv: Word[], programs?: Registry): Unwrapped | undefined {
  const withArg = new Set(programFor(name, programs)?.['value-options'] ?? []);
  const py = /^(python|pypy)/.test(name);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.dynamic) return undefined;
    if (a.value === '--') continue;
    const pm = py ? pythonModuleOpt(argv, i) : undefined;
    if (pm) {
      const mod = pm.mod;
      i = pm.next - 2;
      if (!mod || mod.dynamic || !/^[a-z_][\w-]*(\.__main__)?$/i.test(mod.value)) return undefined;
      const prog = PY_MODULE_PROGRAMS[mod.value.replace(/\.__main__$/, '')];
      return { inner: [prog ? { ...mod, value: prog } : mod, ...argv.slice(pm.next)], assigns: [] };
    }
    if (a.value.startsWith('-')) {
      // Inline code or an interactive session: no script runs.
      if (INLINE.find(([re]) => re.test(name))?.[1].test(a.value)) return undefined;
      if (withArg.has(a.value)) i++;
      continue;
    }
    const m = (/^php/.test(name) ? PHP_BIN : /^ruby/.test(name) ? RUBY_BIN : py ? undefined : NODE_BIN)?.exec(a.value);
    if (!m) return undefined;
    return { inner: [{ ...a, value: m[1] ?? packageBin(m[2]!) }, ...argv.slice(i + 1)], assigns: [] };
  }
  return undefined;
}

/** `-b HOST[:GUEST[:OPTS]]` (proot, systemd-nspawn --bind): no GUEST is the same path. A
 *  value only known at run time names no mount that can be read. */
function bindOf(val: Word, res: Unwrapped): void {
  if (val.dynamic) return;
  const [host, guest] = val.value.split(':');
  if (!host) return;
  (res.binds ??= []).push({ target: guest || host, host: { ...val, value: host } });
}

/** `start-stop-daemon --start --exec PROG -- ARGS`: the program is an option's value (the last
 *  given wins, --startas over --exec), its arguments everything after `--`. */
function progOptRun(spec: WrapperSpec, args: Word[], res: Unwrapped): Unwrapped | undefined {
  const withArg = new Set([...(spec.withArg ?? []), ...spec.progOpt!]);
  let prog: Word | undefined;
  let strong = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (v === '--') {
      if (!prog) return undefined;
      return { ...res, inner: [prog, ...args.slice(i + 1)] };
    }
    if (spec.noRun?.includes(v)) return undefined;
    const eq = v.startsWith('--') ? v.indexOf('=') : -1;
    const opt = eq > 0 ? v.slice(0, eq) : v;
    const val = eq > 0 ? { ...a, value: v.slice(eq + 1) } : withArg.has(opt) ? args[++i] : undefined;
    if (spec.chdir?.includes(opt) && val) res.chdir = val;
    if (!spec.progOpt!.includes(opt) || !val) continue;
    // --startas names what runs; --exec only what to look for when --startas is given too.
    const isStartas = opt === '-a' || opt === '--startas';
    if (isStartas || !strong) [prog, strong] = [val, isStartas || strong];
  }
  return prog ? { ...res, inner: [prog] } : undefined;
}

/** Where a command runs when that is not this machine: inside a pod or container through
 *  `kubectl exec`/`docker exec` (builtin wrappers that act there), or on a host over ssh. */
/** The host of an rsync/scp operand on another machine: `[user@]host:path` or rsync://host/...;
 *  not `./a:b` or `/x:y`. */
export function remoteFileHost(spec: string): string | undefined {
  const url = /^rsync:\/\/(?:[^@/]+@)?([^/:]+)/.exec(spec);
  if (url) return url[1];
  const m = /^(?:[^@/:]+@)?([^/:]+):/.exec(spec);
  return m && !spec.startsWith('.') && !spec.startsWith('/') ? m[1] : undefined;
}

export function runsElsewhere(inv: Invocation): string | undefined {
  return elsewhere(inv.origin);
}

/** The same for a command reached through `origin`. */
export function elsewhere(origin: readonly Origin[]): string | undefined {
  for (const o of origin) {
    if (typeof o === 'string') continue;
    if (o.kind === 'ssh') return o.via ? (/^fly(ctl)?$/.test(o.via.name) ? `on a machine of Fly app ${o.host} through \`${o.via.name}\`` : `on ${o.host} through \`${o.via.name}\``) : `on ${o.host} over ssh`;
    if (o.kind === 'exec') return `inside a ${BUILTIN[o.into.name]?.acts?.kind === 'kubernetes' ? 'pod' : 'container'} through \`${o.into.name} exec\``;
  }
  return undefined;
}

/** Index of a `sub` word reached through options only, each maybe followed by one value word. */
function subAfterOptions(argv: Word[], sub: string[]): number {
  for (let k = 1; k < argv.length; k++) {
    const v = argv[k]!.value;
    if (v === '--') return -1;
    if (v.startsWith('-') || argv[k]!.dynamic) continue;
    if (sub.includes(v)) return k;
    if (!argv[k - 1]!.value.startsWith('-') || argv[k - 1]!.value.includes('=') || k === 1) return -1;
  }
  return -1;
}

/** GNU parallel joins the command's words into shell code and runs it per input, replacing {}
 *  (and {.}, {/}, {1}...) or appending the input. Inputs after the first `:::` are literal. */
function parallel(res: Unwrapped, argv: Word[]): Unwrapped | undefined {
  const end = res.inner.findIndex((a) => /^:::+\+?$/.test(a.value));
  const cmd = end >= 0 ? res.inner.slice(0, end) : res.inner;
  if (!cmd.length) {
    // No command: each input is one, `::: 'cmd a' 'cmd b'` literally; `:::: F`, `-a F` and stdin
    // line by line.
    const files = argFiles(argv);
    let sep = '';
    for (const w of res.inner.slice(Math.max(end, 0))) {
      if (/^:::+\+?$/.test(w.value)) sep = w.value.replace('+', '');
      else if (sep === '::::') files.push(w);
    }
    if (files.length || end < 0) return { ...res, inner: [], inputCommands: { files } };
    return res.inner.length > end + 1 ? { ...res, inner: [], shellText: [lines(res.inner.slice(end + 1).filter((w) => !/^:::+\+?$/.test(w.value)))] } : undefined;
  }
  const placeholder = /\{(\d*(\.|\/|\/\/|\/\.)?|#|%)\}/g;
  const joined = cmd.map((w) => w.value).join(' ');
  // `{}` is the input as it is ("$1"); `{.}`, `{/}`, `{//}`, `{/.}`, `{N}`, `{#}`, `{%}` are other
  // words made from it or the job ("$2", known only at run time): `{//}` of `logs` is `.`.
  const code = placeholder.test(joined) ? joined.replace(placeholder, (m) => (m === '{}' ? '"$1"' : '"$2"')) : `${joined} "$1"`;
  const text: Word = { value: code, dynamic: cmd.some((w) => w.dynamic), glob: false, text: cmd.map((w) => w.text).join(' ') };
  const literal = end >= 0 && res.inner[end]!.value === ':::' && !res.inner.slice(end + 1).some((w) => /^:::/.test(w.value));
  // A glob input stays the glob (its matches are what "$1" becomes).
  const runs = literal ? res.inner.slice(end + 1).map((w) => (w.dynamic ? undefined : w)) : [undefined];
  return { ...res, inner: [], shellText: [text], runs: runs.length ? runs : [undefined] };
}

/** parallel's `-a F`, `--arg-file F`, `--arg-file=F`, `-aF`: files of inputs. */
function argFiles(argv: Word[]): Word[] {
  const out: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if ((v === '-a' || v === '--arg-file') && argv[i + 1]) out.push(argv[++i]!);
    else if (v.startsWith('--arg-file=')) out.push({ ...argv[i]!, value: v.slice(11) });
    else if (/^-a./.test(v)) out.push({ ...argv[i]!, value: v.slice(2) });
  }
  return out;
}

/** `cmake -E TOOL ARGS` (cmake(1) Command-Line Tool Mode): rm, remove and remove_directory
 *  delete as rm does; env, chdir and time run the command after them. */
function cmakeTool(argv: Word[]): Unwrapped | undefined {
  if (argv[1]?.value !== '-E' || !argv[2] || argv[2].dynamic) return undefined;
  const rest = argv.slice(3);
  const word = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
  switch (argv[2].value) {
    case 'rm':
      return { inner: [word('rm'), ...rest], assigns: [] };
    case 'remove':
      return { inner: [word('rm'), word('-f'), ...rest.filter((w) => w.value !== '-f')], assigns: [] };
    case 'remove_directory':
      return rest.length ? { inner: [word('rm'), word('-rf'), ...rest], assigns: [] } : undefined;
    // copy/copy_if_different/rename write over their destination as cp and mv do.
    case 'copy':
    case 'copy_if_different':
    case 'copy_if_newer':
      return rest.length > 1 ? { inner: [word('cp'), ...rest.filter((w) => w.value !== '-t')], assigns: [] } : undefined;
    case 'copy_directory':
    case 'copy_directory_if_different':
      return rest.length > 1 ? { inner: [word('cp'), word('-r'), ...rest], assigns: [] } : undefined;
    case 'rename':
      return rest.length === 2 ? { inner: [word('mv'), ...rest], assigns: [] } : undefined;
    case 'env':
      return { inner: [word('env'), ...rest], assigns: [] };
    case 'chdir':
      return rest.length > 1 ? { inner: rest.slice(1), assigns: [], chdir: rest[0]! } : undefined;
    case 'time':
      return rest.length ? { inner: rest, assigns: [] } : undefined;
  }
  return undefined;
}

/** `go run MODULE/PATH@VERSION ARGS` builds and runs that module's command: the program is named
 *  by the path's last element (a major-version element, v2.., by the one before it), so `go run
 *  github.com/pressly/goose/v3/cmd/goose@latest ... reset` is goose. Local packages (./cmd/x,
 *  x.go) are Go code the go reader reads. */
function goRunModule(argv: Word[]): Unwrapped | undefined {
  let i = 2;
  while (i < argv.length && argv[i]!.value.startsWith('-')) {
    const v = argv[i]!.value;
    i += /^-(tags|ldflags|gcflags|asmflags|mod|modfile|overlay|pkgdir|exec|C|p|toolexec|coverpkg|covermode)$/.test(v) ? 2 : 1;
  }
  const pkg = argv[i];
  if (!pkg || pkg.dynamic || !/^[a-z0-9.-]+\.[a-z]{2,}\/\S+@\S+$/i.test(pkg.value)) return undefined;
  const parts = pkg.value.replace(/@.*$/, '').split('/');
  let bin = parts.pop();
  if (bin && /^v\d+$/.test(bin)) bin = parts.pop();
  if (!bin) return undefined;
  return { inner: [{ value: bin, dynamic: false, glob: false, text: bin }, ...argv.slice(i + 1)], assigns: [] };
}

/** Shell commands given as separate words, as one text of one command a line. */
function lines(words: Word[]): Word {
  return { value: words.map((w) => w.value).join('\n'), dynamic: words.some((w) => w.dynamic), glob: false, text: words.map((w) => w.text).join(' ') };
}

/** In a short-option cluster (`-dmS`), the first letter that takes a value and what follows it. */
/** The program the words after the mark are arguments of: `--shell=/bin/sh` or the default. */
function argsProgram(spec: WrapperSpec, opts: Word[]): Word {
  const pre = `${spec.argsOfOption}=`;
  let w: Word = { value: spec.argsOf!, dynamic: false, glob: false, text: spec.argsOf! };
  for (let k = 0; k < opts.length; k++) {
    const o = opts[k]!;
    if (spec.argsOfOption && o.value.startsWith(pre)) w = { ...o, value: o.value.slice(pre.length) };
    else if (spec.argsOfOption && o.value === spec.argsOfOption && opts[k + 1]) w = opts[++k]!;
  }
  return w;
}

function clusterValue(v: string, withArg: Set<string>, shellOpt: string[]): { opt: string; rest: string } | undefined {
  for (let k = 1; k < v.length; k++) {
    const o = `-${v[k]}`;
    if (withArg.has(o) || shellOpt.includes(o)) return { opt: o, rest: v.slice(k + 1) };
  }
  return undefined;
}

/** Where a shell's command text comes from, from its argv (bash/sh/zsh/dash/ksh). */
export type ShellMode =
  | { kind: 'string'; code: Word; args: Word[] }
  | { kind: 'script'; file: Word; args: Word[] }
  | { kind: 'stdin'; args: Word[] };

const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'pnpm', 'yarn', 'npm', 'uvx', 'pipx', 'bun', 'deno']);

/** The program a runner's package word runs (`npm:rimraf@5` is rimraf). */
// A python requirement's version (`awscli==1.32`, `ruff>=0.4`) goes too.
const runnerBin = (spec: string): string => packageBin(spec.replace(/^npm:/, '').replace(/(?<=.)(==|>=|<=|~=|!=|[<>]).*$/, ''));

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'busybox-sh', 'fish', 'rbash', 'yash', 'posh', 'tcsh', 'csh']);

export function shellMode(argv: Word[]): ShellMode {
  let c = false;
  let stdin = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === '--' || v === '-') {
      i++;
      break;
    }
    if (v.startsWith('--')) {
      if (v === '--rcfile' || v === '--init-file') i++;
      if (v === '--command') c = true;
      continue;
    }
    if ((v.startsWith('-') || v.startsWith('+')) && v.length > 1) {
      for (const ch of v.slice(1)) {
        if (ch === 'c') c = true;
        else if (ch === 's') stdin = true;
        else if (ch === 'o' || ch === 'O') i++;
      }
      continue;
    }
    break;
  }
  const rest = argv.slice(i);
  if (c && rest.length) return { kind: 'string', code: rest[0]!, args: rest.slice(1) };
  if (c) return { kind: 'stdin', args: [] };
  if (!stdin && rest.length) return { kind: 'script', file: rest[0]!, args: rest.slice(1) };
  return { kind: 'stdin', args: rest };
}
