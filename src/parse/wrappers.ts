// Programs that run another program given in their arguments. Data, so adding one is a line.
import type { Word } from './types.js';
import { PACKAGE_BINS } from './packages.js';

export { PACKAGE_BINS };

export interface WrapperSpec {
  /** Options that take a separate value (`-u root`); `--opt=value` and `-uroot` are handled. */
  withArg?: string[];
  /** Leading subcommand words required for the wrapper form (`pnpm exec`). */
  sub?: string[];
  /** Positional words to skip before the command (`timeout 5`, `chroot /x`). */
  skip?: number;
  /** NAME=VALUE words before the command are environment (`env A=1 cmd`, `sudo A=1 cmd`). */
  assigns?: boolean;
  /** Options that mean no command is run (`command -v`, `ionice -p`). */
  noRun?: string[];
  /** The command's directory changes (`env -C dir`) or becomes unknown (`chroot`). */
  chdir?: string[];
  unknownCwd?: boolean;
  /** Arguments are appended at run time. */
  moreArgs?: boolean;
  /** Options after which the rest is one shell string (`watch` without -x joins its words). */
  shellJoin?: boolean;
  /** Only the part after `--` is the command (`op run -- cmd`). */
  afterDashDash?: boolean;
  /** Only the part after this flag is the command (`gdb --args cmd`). */
  afterFlag?: string;
  /** Options that may come before the `sub` word (`aws-vault --backend file exec`). */
  globalWithArg?: string[];
  /** After the skipped positionals, more options may come before the command. */
  optionsAfterSkip?: boolean;
  /** The first skipped positional is this variable for the command (`aws-vault exec PROFILE`). */
  skipVar?: string;
  /** Variables the wrapper sets to values known only at run time (credentials). */
  sets?: string[];
  /** Options whose value is one shell command string (`flock -c 'cmd'`, `npx -c 'cmd'`); for
   *  skip-wrappers also accepted right after the skipped positional. */
  shellOpt?: string[];
  /** Only a shellOpt runs a command; without one the program runs something else (`nodemon app.js`). */
  shellOnly?: boolean;
  /** A lone `-` is a flag, not the command (`sg - group`). */
  dashFlag?: boolean;
}

const w = (s: WrapperSpec) => s;

export const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: w({ withArg: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--command-timeout', '--other-user'], assigns: true, noRun: ['-l', '-v', '-k', '-K', '-e', '--list', '--validate', '--edit'], chdir: ['-D', '--chdir'] }),
  doas: w({ withArg: ['-u', '-C'] }),
  env: w({ withArg: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string', '-P'], assigns: true, chdir: ['-C', '--chdir'] }),
  command: w({ noRun: ['-v', '-V'] }),
  builtin: w({}),
  exec: w({ withArg: ['-a'] }),
  nohup: w({}),
  time: w({ withArg: ['-f', '-o', '--format', '--output'] }),
  nice: w({ withArg: ['-n', '--adjustment'] }),
  ionice: w({ withArg: ['-c', '-n', '--class', '--classdata'], noRun: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'] }),
  timeout: w({ withArg: ['-s', '-k', '--signal', '--kill-after'], skip: 1 }),
  gtimeout: w({ withArg: ['-s', '-k', '--signal', '--kill-after'], skip: 1 }),
  stdbuf: w({ withArg: ['-i', '-o', '-e', '--input', '--output', '--error'] }),
  setsid: w({}),
  coproc: w({}),
  // Tracers, sandboxes and launchers that run the command after their options.
  strace: w({ withArg: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-O', '-S', '-X', '-P'], noRun: ['-p'] }),
  ltrace: w({ withArg: ['-o', '-e', '-p', '-s', '-u', '-n', '-a', '-A', '-D', '-E', '-F', '-l', '-x'], noRun: ['-p'] }),
  valgrind: w({}),
  firejail: w({}),
  'dbus-launch': w({}),
  'systemd-run': w({ withArg: ['-u', '--unit', '-p', '--property', '-E', '--setenv', '--uid', '--gid', '-M', '--machine', '--description', '--slice', '-H', '--host', '--working-directory', '--on-calendar', '--on-active', '--timer-property'], unknownCwd: true }),
  runuser: w({ withArg: ['-u', '-g', '-G', '--user', '--group', '--supp-group', '-s', '--shell'] }),
  nsenter: w({ withArg: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-r', '--root', '-w', '--wd'], unknownCwd: true }),
  unshare: w({ withArg: ['--propagation', '--setgroups', '--map-user', '--map-group', '--map-users', '--map-groups', '-R', '--root', '-w', '--wd'] }),
  chpst: w({ withArg: ['-u', '-U', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t'] }),
  screen: w({ withArg: ['-S', '-c', '-e', '-h', '-p', '-T', '-t', '-L', '-Logfile'] }),
  parallel: w({ withArg: ['-j', '--jobs', '-S', '--sshlogin', '--delay', '--timeout', '-a', '--arg-file', '--colsep', '-d', '--delimiter', '-N', '-n', '--max-args', '-I', '--joblog', '--results', '--tagstring', '--workdir'], moreArgs: true }),
  gdb: w({ afterFlag: '--args' }),
  // zsh precommand modifiers and `repeat N cmd`.
  noglob: w({}),
  nocorrect: w({}),
  repeat: w({ skip: 1 }),
  caffeinate: w({ withArg: ['-t', '-w'] }),
  watch: w({ withArg: ['-n', '--interval', '-q', '--equexit'], shellJoin: true }),
  chroot: w({ withArg: ['--userspec', '--groups'], skip: 1, unknownCwd: true }),
  flock: w({ withArg: ['-w', '--timeout', '-E', '--conflict-exit-code'], skip: 1, shellOpt: ['-c', '--command'] }),
  // `sg GROUP -c 'cmd'` / `sg GROUP cmd...`: sh -c runs the (joined) command.
  sg: w({ skip: 1, shellOpt: ['-c'], shellJoin: true, dashFlag: true }),
  prlimit: w({ withArg: ['-p', '--pid', '-o', '--output'], noRun: ['-p', '--pid'] }),
  pkexec: w({ withArg: ['--user', '-u'] }),
  'ssh-agent': w({ withArg: ['-a', '-E', '-P', '-t', '-O'], noRun: ['-k', '-l'] }),
  'dbus-run-session': w({ withArg: ['--config-file', '--dbus-daemon'] }),
  'xvfb-run': w({ withArg: ['-e', '-f', '-n', '-p', '-s', '-w', '--error-file', '--auth-file', '--server-num', '--xauth-protocol', '--server-args', '--wait'] }),
  faketime: w({ withArg: ['-p', '--date-prog'], skip: 1 }),
  // `entr cmd args` (with -s the command is a shell string: embedded.ts).
  entr: w({ noRun: ['-s'] }),
  run0: w({ withArg: ['-u', '--user', '-g', '--group', '-D', '--chdir', '--setenv', '--property', '--unit', '--description', '--slice', '--nice', '--machine', '--background'], chdir: ['-D', '--chdir'] }),
  setpriv: w({ withArg: ['--reuid', '--regid', '--ruid', '--euid', '--rgid', '--egid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--securebits', '--pdeathsig', '--selinux-label', '--apparmor-profile', '--landlock-access', '--landlock-rule', '--seccomp-filter'] }),
  setarch: w({ skip: 1, optionsAfterSkip: true }),
  linux32: w({}),
  linux64: w({}),
  numactl: w({ withArg: ['-C', '-N', '-m', '-i', '-p', '-P', '-b', '-w', '--cpunodebind', '--physcpubind', '--membind', '--interleave', '--preferred', '--weighted-interleave'], noRun: ['-H', '-s', '--hardware', '--show'] }),
  cgexec: w({ withArg: ['-g'] }),
  trickle: w({ withArg: ['-d', '-u', '-w', '-t', '-l', '-n'] }),
  proxychains: w({ withArg: ['-f'] }),
  proxychains4: w({ withArg: ['-f'] }),
  torsocks: w({ withArg: ['-u', '-p', '-a', '-P'] }),
  tsocks: w({}),
  eatmydata: w({}),
  fakeroot: w({ withArg: ['-l', '--lib', '--faked', '-s', '-i', '-b'] }),
  fakechroot: w({ withArg: ['-l', '--lib', '-d', '--elfloader', '-s', '--config-dir', '-b', '--bindir', '-e', '--environment'] }),
  catchsegv: w({}),
  nocache: w({}),
  'with-contenv': w({}),
  's6-setuidgid': w({ skip: 1 }),
  setuidgid: w({ skip: 1 }),
  envuidgid: w({ skip: 1 }),
  envdir: w({ skip: 1 }),
  softlimit: w({ withArg: ['-a', '-c', '-d', '-f', '-l', '-m', '-o', '-p', '-r', '-s', '-t'] }),
  daemonize: w({ withArg: ['-a', '-c', '-e', '-E', '-o', '-p', '-l', '-u'], unknownCwd: true }),
  dtach: w({ withArg: ['-n', '-c', '-A', '-a', '-p', '-e', '-r'] }),
  abduco: w({ withArg: ['-c', '-n', '-A', '-a', '-e'] }),
  perf: w({ sub: ['stat', 'record', 'trace'], withArg: ['-e', '--event', '-o', '--output', '-r', '--repeat', '-F', '--freq', '-c', '--count', '-C', '--cpu', '-G', '--cgroup', '-I', '--interval-print', '-x', '--field-separator'], noRun: ['-p', '--pid', '-t', '--tid'] }),
  rlwrap: w({ withArg: ['-f', '-H', '-l', '-C', '-P', '-S', '-z', '-e', '-m', '-s', '-w', '-b', '-q', '-t', '-D', '-O', '-p'] }),
  'flatpak-spawn': w({ withArg: ['--directory', '--env', '--forward-fd', '--sandbox-expose', '--sandbox-expose-ro'], unknownCwd: true }),
  toolbox: w({ sub: ['run'], withArg: ['-c', '--container', '-r', '--release', '-d', '--distro'] }),
  distrobox: w({ sub: ['enter'], afterDashDash: true }),
  // `nodemon --exec 'cmd'` and `nix-shell --run 'cmd'` run a shell string; otherwise something else.
  nodemon: w({ shellOpt: ['--exec', '-x'], shellOnly: true, withArg: ['-w', '--watch', '-e', '--ext', '-i', '--ignore', '-d', '--delay', '--signal', '--config'] }),
  'nix-shell': w({ shellOpt: ['--run', '--command'], shellOnly: true, withArg: ['-p', '--packages', '-A', '--attr', '-I', '--arg', '--argstr', '--option'] }),
  nix: w({ sub: ['develop', 'shell'], afterFlag: '-c' }),
  conda: w({ sub: ['run'], withArg: ['-n', '--name', '-p', '--prefix', '--cwd'], chdir: ['--cwd'] }),
  mamba: w({ sub: ['run'], withArg: ['-n', '--name', '-p', '--prefix', '--cwd'], chdir: ['--cwd'] }),
  micromamba: w({ sub: ['run'], withArg: ['-n', '--name', '-p', '--prefix', '--cwd'], chdir: ['--cwd'] }),
  mise: w({ sub: ['exec', 'x'], afterDashDash: true }),
  asdf: w({ sub: ['exec'] }),
  rbenv: w({ sub: ['exec'] }),
  pyenv: w({ sub: ['exec'] }),
  nodenv: w({ sub: ['exec'] }),
  volta: w({ sub: ['run'], withArg: ['--node', '--npm', '--yarn', '--pnpm', '--env'] }),
  direnv: w({ sub: ['exec'], skip: 1 }),
  pdm: w({ sub: ['run'], withArg: ['-p', '--project'] }),
  hatch: w({ sub: ['run'] }),
  rye: w({ sub: ['run'] }),
  pixi: w({ sub: ['run', 'exec'], withArg: ['-e', '--environment', '--manifest-path'] }),
  devbox: w({ sub: ['run'] }),
  sshpass: w({ withArg: ['-p', '-f', '-d', '-P'] }),
  railway: w({ sub: ['run'], withArg: ['-e', '--environment', '-s', '--service', '-p', '--project'] }),
  unbuffer: w({}),
  chronic: w({}),
  taskset: w({ skip: 1 }),
  chrt: w({ skip: 1 }),
  xargs: w({ withArg: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'], moreArgs: true }),
  // Package runners: `npx prisma migrate reset` runs prisma.
  npx: w({ withArg: ['-p', '--package', '--cache', '--userconfig'], shellOpt: ['-c', '--call'] }),
  bunx: w({ withArg: ['-p', '--package'] }),
  pnpx: w({}),
  pnpm: w({ sub: ['exec'], withArg: ['-C', '--dir', '--filter', '-F'] }),
  'pnpm dlx': w({}),
  yarn: w({ sub: ['exec'] }),
  bundle: w({ sub: ['exec'] }),
  poetry: w({ sub: ['run'] }),
  uv: w({ sub: ['run'], withArg: ['--with', '--python', '-p', '--project', '--directory', '--env-file'] }),
  uvx: w({ withArg: ['--from', '--with', '--python', '-p'] }),
  pipenv: w({ sub: ['run'] }),
  // Credential helpers: the profile they name is the account the command acts on.
  'aws-vault': w({ sub: ['exec'], skip: 1, optionsAfterSkip: true, skipVar: 'AWS_PROFILE', withArg: ['-d', '--duration', '-t', '--mfa-token', '--region', '--ec2-server', '--ecs-server'], globalWithArg: ['--backend', '--prompt', '--keychain', '--secret-service-collection', '--pass-dir', '--pass-cmd', '--pass-prefix', '--file-dir'] }),
  'aws-okta': w({ sub: ['exec'], skip: 1, optionsAfterSkip: true, skipVar: 'AWS_PROFILE', withArg: ['-t', '--assume-role-ttl', '-a', '--session-ttl', '-r', '--assume-role-arn', '-m', '--mfa-provider', '--mfa-factor-type', '--mfa-duo-device'], globalWithArg: ['-b', '--backend'] }),
  saml2aws: w({ sub: ['exec'], sets: ['AWS_ACCESS_KEY_ID'], withArg: ['--exec-profile', '-a', '--idp-account', '-p', '--profile', '--region', '--role', '--session-duration', '--credentials-file'], globalWithArg: ['-a', '--idp-account', '--idp-provider', '--mfa', '-s', '--skip-verify', '--url', '--username', '--password', '--role', '--region', '--session-duration', '-p', '--profile', '--cache-file', '--credentials-file'] }),
  // Commands run inside a container or pod: `docker exec -i db psql -c ...`.
  docker: w({ sub: ['exec'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'] }),
  podman: w({ sub: ['exec'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'] }),
  nerdctl: w({ sub: ['exec'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir'] }),
  kubectl: w({ sub: ['exec'], afterDashDash: true, unknownCwd: true }),
  oc: w({ sub: ['exec'], afterDashDash: true, unknownCwd: true }),
  npm: w({ sub: ['exec', 'x'], withArg: ['-p', '--package', '-w', '--workspace'], shellOpt: ['-c', '--call'] }),
  op: w({ sub: ['run'], afterDashDash: true }),
  doppler: w({ sub: ['run'], afterDashDash: true }),
  infisical: w({ sub: ['run'], afterDashDash: true }),
  dotenv: w({ withArg: ['-e', '-v', '-c'], afterDashDash: true }),
  'dotenvx': w({ sub: ['run'], afterDashDash: true, withArg: ['-f', '--env-file'] }),
};

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
  /** shellText runs once per entry with it as $1 (undefined: an input known only at run time). */
  runs?: Array<Word | undefined>;
}

/** Peel one wrapper; undefined when argv isn't a wrapper form that runs a command. */
export function unwrap(name: string, argv: Word[]): Unwrapped | undefined {
  let spec = WRAPPERS[name];
  let i = 1;
  if (!spec) return undefined;
  if (spec.sub) {
    if (spec.globalWithArg) {
      const g = new Set(spec.globalWithArg);
      while (i < argv.length && argv[i]!.value.startsWith('-') && argv[i]!.value !== '--') i += g.has(argv[i]!.value) ? 2 : 1;
    }
    const first = argv[i]?.value;
    if ((name === 'pnpm' || name === 'yarn') && first === 'dlx') spec = WRAPPERS['pnpm dlx']!;
    else if ((name === 'pnpm' || name === 'yarn') && first && !first.startsWith('-') && !PM_COMMANDS.has(first)) {
      // `yarn prisma ...` runs a package's bin (or a script of that name).
      return { inner: argv.slice(1), assigns: [] };
    } else if (!first || !spec.sub.includes(first)) return undefined;
    else if ((name === 'docker' || name === 'podman' || name === 'nerdctl') && !argv.slice(2).some((a) => !a.value.startsWith('-'))) return undefined;
    i += 1;
  }
  const res: Unwrapped = { inner: [], assigns: [] };
  for (const v of spec.sets ?? []) res.assigns.push([v, { value: '', dynamic: true, glob: false, text: `(set by ${name})` }]);
  if (spec.moreArgs) res.moreArgs = true;
  if (spec.unknownCwd) res.unknownCwd = true;
  if (spec.afterFlag) {
    const at = argv.findIndex((a, k) => k >= i && a.value === spec!.afterFlag);
    if (at < 0) return undefined;
    res.inner = argv.slice(at + 1);
    return res.inner.length ? res : undefined;
  }
  if (spec.afterDashDash) {
    const dd = argv.findIndex((a, k) => k >= i && a.value === '--');
    if (dd < 0) return undefined;
    res.inner = argv.slice(dd + 1);
    return res.inner.length ? res : undefined;
  }
  const withArg = new Set(spec.withArg ?? []);
  let split: Word | undefined;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a.value;
    if (a.dynamic && v.startsWith('-')) continue;
    if (v === '--') {
      i++;
      break;
    }
    if (v === '-' && spec.dashFlag) continue;
    if (v.startsWith('-') && v.length > 1) {
      if (spec.noRun?.some((o) => v === o || (o.length === 2 && !v.startsWith('--') && v.slice(1).includes(o[1]!)))) return undefined;
      const eq = v.indexOf('=');
      let opt = v.startsWith('--') && eq > 0 ? v.slice(0, eq) : v;
      let val: Word | undefined;
      const shellOpt = spec.shellOpt ?? [];
      const cluster = !v.startsWith('--') ? clusterValue(v, withArg, shellOpt) : undefined;
      if (withArg.has(opt) || shellOpt.includes(opt)) {
        if (v.startsWith('--') && eq > 0) val = { ...a, value: v.slice(eq + 1) };
        else val = argv[++i];
      } else if (cluster) {
        // `-dmS name`, `-uroot`: the first letter that takes a value takes the rest or the next word.
        val = cluster.rest ? { ...a, value: cluster.rest } : argv[++i];
        opt = cluster.opt;
      } else if (name === 'nice' && /^-\d+$/.test(v)) {
        continue;
      } else if (name === 'xargs' && (v.startsWith('-i') || v.startsWith('--replace'))) {
        res.replace = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v.length > 2 ? v.slice(2) : '{}';
        continue;
      } else continue;
      if (shellOpt.includes(opt)) return val ? { ...res, shellText: [val] } : undefined;
      if (name === 'xargs' && (opt === '-I' || opt.startsWith('-I') || opt === '--replace')) res.replace = val?.value ?? '{}';
      if (spec.chdir?.includes(opt) && val) res.chdir = val;
      if (name === 'env' && (opt === '-S' || opt === '--split-string') && val) split = val;
      continue;
    }
    if (spec.assigns && /^([A-Za-z_][A-Za-z0-9_]*|BASH_FUNC_[^=]+)=/.test(v)) {
      const eq = v.indexOf('=');
      res.assigns.push([v.slice(0, eq), { ...a, value: v.slice(eq + 1) }]);
      continue;
    }
    if (spec.skip && i + spec.skip <= argv.length) {
      if (spec.skipVar) res.assigns.push([spec.skipVar, a]);
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
  res.inner = argv.slice(i);
  if (split) {
    res.shellText = [split, ...res.inner];
    res.inner = [];
    return res;
  }
  if (spec.shellJoin && !argv.some((a) => a.value === '-x' || a.value === '--exec')) {
    if (!res.inner.length) return undefined;
    res.shellText = res.inner;
    res.inner = [];
    return res;
  }
  if (name === 'xargs' && res.inner.length === 0) res.inner = [{ value: 'echo', dynamic: false, glob: false, text: 'echo' }];
  if (name === 'parallel') return parallel(res);
  if (RUNNERS.has(name) && res.inner[0] && !res.inner[0].dynamic) res.inner[0] = { ...res.inner[0], value: packageBin(res.inner[0].value) };
  return res.inner.length ? res : undefined;
}

/** GNU parallel joins the command's words into shell code and runs it per input, replacing {}
 *  (and {.}, {/}, {1}...) or appending the input. Inputs after the first `:::` are literal. */
function parallel(res: Unwrapped): Unwrapped | undefined {
  const end = res.inner.findIndex((a) => /^:::+\+?$/.test(a.value));
  const cmd = end >= 0 ? res.inner.slice(0, end) : res.inner;
  if (!cmd.length) return undefined;
  const placeholder = /\{(\d*(\.|\/|\/\/|\/\.)?|#|%)\}/g;
  const joined = cmd.map((w) => w.value).join(' ');
  const code = placeholder.test(joined) ? joined.replace(placeholder, () => '"$1"') : `${joined} "$1"`;
  const text: Word = { value: code, dynamic: cmd.some((w) => w.dynamic), glob: false, text: cmd.map((w) => w.text).join(' ') };
  const literal = end >= 0 && res.inner[end]!.value === ':::' && !res.inner.slice(end + 1).some((w) => /^:::/.test(w.value));
  const runs = literal ? res.inner.slice(end + 1).map((w) => (w.dynamic || w.glob ? undefined : w)) : [undefined];
  return { ...res, inner: [], shellText: [text], runs: runs.length ? runs : [undefined] };
}

/** In a short-option cluster (`-dmS`), the first letter that takes a value and what follows it. */
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

const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'pnpm', 'yarn', 'npm', 'uvx']);

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
