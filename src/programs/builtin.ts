// The builtin program registry, as TS data (no YAML at run time: importing it is cheap). Packs'
// `commands:` and the team's `programs:` add to these entries (src/programs/index.ts).
import { mergeProgram } from './merge.js';
import { PARSING } from './parsing.js';
import type { Acts, Payload, ProgramSpec, WrapperSpec } from './types.js';
import { table } from '../own.js';

/** Programs dev-environment tools run in their container under their own name. */
const DEV_ENV_TOOLS = ['wp', 'mysql', 'psql', 'mariadb', 'composer', 'drush', 'artisan', 'php', 'npm', 'npx', 'yarn', 'pnpm', 'node', 'python', 'craft', 'magento', 'console', 'sake', 'typo3', 'redis-cli', 'mongosh', 'rails', 'rake', 'bundle'];

const w = (wraps: WrapperSpec): ProgramSpec => ({ wraps });

/** Value options from getopt-style tables: short letters and long names without dashes. */
const opts = (short: string, long: string): string[] => [...[...short].map((c) => `-${c}`), ...long.split(/\s+/).filter(Boolean).map((l) => `--${l}`)];
const longs = (s: string): string[] => s.split(/\s+/).filter(Boolean).map((l) => `--${l}`);
const shortNames = (m: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([s, l]) => [`-${s}`, `--${l}`]));

// ---- programs that run another program given in their arguments (parse/walk.ts peels them)

const WSL = w({ withArg: ['-d', '--distribution', '--distribution-id', '-u', '--user', '--cd', '--shell-type'], chdir: ['--cd'],
  noRun: ['--unregister', '--shutdown', '-l', '--list', '--status', '--install', '--export', '--import', '--import-in-place', '-t', '--terminate', '-s', '--set-default', '--set-version', '--set-default-version', '--mount', '--unmount', '--update', '-v', '--version', '--help', '--manage', '--debug-shell'] });

const WRAPPERS: Record<string, ProgramSpec> = table({
  sudo: w({ withArg: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--command-timeout', '--other-user'], assigns: true, noRun: ['-l', '-v', '-k', '-K', '-e', '--list', '--validate', '--edit'], chdir: ['-D', '--chdir'], bareShell: ['-s', '-i', '--shell', '--login'] }),
  doas: w({ withArg: ['-u', '-C'], bareShell: ['-s'] }),
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
  // `retry [options] [--] CMD...`: Debian's retry (-t/--times, -d/--delay, -u/--until, -w/--while,
  // -m/--message), kadwanev/retry (-s, -t, -m) and joshdk/retry (single-dash -attempts, -sleep...).
  retry: w({ withArg: ['-t', '--times', '--tries', '-d', '--delay', '-u', '--until', '-w', '--while', '-m', '--message', '-s', '--sleep', '-n', '--attempts', '-attempts', '-sleep', '-max-time', '-task-time', '-consecutive'] }),
  stdbuf: w({ withArg: ['-i', '-o', '-e', '--input', '--output', '--error'] }),
  setsid: w({}),
  coproc: w({}),
  // Tracers, sandboxes and launchers that run the command after their options.
  strace: w({ withArg: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-O', '-S', '-X', '-P'], noRun: ['-p'] }),
  ltrace: w({ withArg: ['-o', '-e', '-p', '-s', '-u', '-n', '-a', '-A', '-D', '-E', '-F', '-l', '-x'], noRun: ['-p'] }),
  valgrind: w({}),
  firejail: w({ bareShell: ['*'] }),
  'dbus-launch': w({}),
  'systemd-run': w({ withArg: ['-u', '--unit', '-p', '--property', '-E', '--setenv', '--uid', '--gid', '-M', '--machine', '--description', '--slice', '-H', '--host', '--working-directory', '--on-calendar', '--on-active', '--timer-property'], unknownCwd: true, chdir: ['--working-directory'], keepCwd: ['--scope', '--same-dir', '-d'], homeCwd: ['--user'] }),
  runuser: w({ withArg: ['-u', '-g', '-G', '--user', '--group', '--supp-group', '-s', '--shell'] }),
  nsenter: w({ withArg: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-r', '--root', '-w', '--wd'], unknownCwd: true, bareShell: ['*'] }),
  unshare: w({ withArg: ['--propagation', '--setgroups', '--map-user', '--map-group', '--map-users', '--map-groups', '-R', '--root', '-w', '--wd'], bareShell: ['*'] }),
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
  chroot: w({ withArg: ['--userspec', '--groups'], skip: 1, unknownCwd: true, bareShell: ['*'] }),
  flock: w({ withArg: ['-w', '--timeout', '-E', '--conflict-exit-code'], skip: 1, shellOpt: ['-c', '--command'] }),
  // `sg GROUP -c 'cmd'` / `sg GROUP cmd...`: sh -c runs the (joined) command.
  sg: w({ skip: 1, shellOpt: ['-c'], shellJoin: true, dashFlag: true }),
  // `newgrp GROUP`: a new shell with that group, reading the line's input.
  newgrp: w({ skip: 1, dashFlag: true, bareShell: ['*'] }),
  // Windows' cmd.exe, run from WSL: `cmd.exe /c vssadmin delete shadows /all`. The first word is
  // its switch (/c, /k); the command line after it is cmd syntax, read here as sh would read the
  // joined words (close enough to see the program it runs).
  'cmd.exe': w({ skip: 1, shellJoin: true }),
  // `wsl.exe [-d DISTRO] [-u USER] [--cd DIR] [-e|--exec] CMD...` (or `-- CMD`) runs CMD in a
  // distro (with -e directly; otherwise its shell gets the words re-quoted, which reads the same).
  // Its management options (--unregister, --list, --export...) run no command.
  wsl: WSL,
  'wsl.exe': WSL,
  // libcap's capsh (its man page): `capsh [--caps=X --user=U --shell=PATH] -- ARGS` runs
  // `/bin/bash ARGS` (`-- -c CMD`); `==` re-runs capsh itself and is left to the rest.
  capsh: w({ afterDashDash: true, argsOf: 'bash', argsOfOption: '--shell' }),
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
  fakeroot: w({ withArg: ['-l', '--lib', '--faked', '-s', '-i', '-b'], bareShell: ['*'] }),
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
  // Sandboxes: bwrap's bind options take two values (`--bind SRC DEST`), --overlay three.
  bwrap: w({ withArg: ['--args', '--userns', '--userns2', '--pidns', '--argv0', '--chdir', '--unsetenv', '--lock-file', '--sync-fd', '--info-fd', '--json-status-fd', '--block-fd', '--userns-block-fd', '--seccomp', '--add-seccomp-fd', '--exec-label', '--file-label', '--proc', '--dev', '--tmpfs', '--mqueue', '--dir', '--remount-ro', '--overlay-src', '--tmp-overlay', '--ro-overlay', '--cap-add', '--cap-drop', '--perms', '--size', '--uid', '--gid', '--hostname'], argCount: { '--bind': 2, '--bind-try': 2, '--ro-bind': 2, '--ro-bind-try': 2, '--dev-bind': 2, '--dev-bind-try': 2, '--symlink': 2, '--setenv': 2, '--file': 2, '--bind-data': 2, '--ro-bind-data': 2, '--chmod': 2, '--overlay': 3 }, chdir: ['--chdir'], binds: { '--bind': 'pair', '--bind-try': 'pair', '--dev-bind': 'pair', '--dev-bind-try': 'pair' } }),
  proot: w({ withArg: ['-r', '--rootfs', '-b', '--bind', '-m', '--mount', '-w', '--pwd', '--cwd', '-q', '--qemu', '-k', '--kernel-release', '-v', '--verbose', '-p', '--port'], chdir: ['-w', '--pwd', '--cwd'], binds: { '-b': 'colon', '--bind': 'colon', '-m': 'colon', '--mount': 'colon' } }),
  // `systemd-nspawn -D ROOT [--bind=HOST[:GUEST]] CMD` (systemd-nspawn(1)): a container of a
  // directory tree; like chroot, its paths are judged as this machine's.
  'systemd-nspawn': w({ withArg: ['-D', '--directory', '-i', '--image', '-u', '--user', '-M', '--machine', '--bind', '--bind-ro', '--tmpfs', '--overlay', '--overlay-ro', '-E', '--setenv', '--chdir', '--capability', '--drop-capability', '--network-interface', '--network-macvlan', '--network-ipvlan', '--network-bridge', '--network-zone', '--network-namespace-path', '-p', '--port', '--uuid', '-S', '--slice', '--property', '--private-users', '--register', '--personality', '--link-journal', '--resolv-conf', '--timezone', '--console', '--pivot-root', '--hostname', '--oci-bundle', '--template', '--root-hash', '--notify-ready', '--kill-signal', '--inaccessible', '--system-call-filter', '--rlimit', '--oom-score-adjust', '--cpu-affinity', '--load-credential', '--set-credential', '--private-users-ownership', '--background', '--suppress-sync'], unknownCwd: true, chdir: ['--chdir'], noRun: ['-b', '--boot'], binds: { '--bind': 'colon' } }),
  // `podman unshare CMD` runs CMD in podman's user namespace, here (podman-unshare(1)).
  'podman unshare': w({}),
  // Commands run on a container, VM or instance of another machine's kind: judged as over ssh
  // there (`lxc exec c1 -- CMD`, `incus exec`, `multipass exec VM -- CMD`, `vagrant ssh -c CMD`,
  // whose machine has the project at /vagrant).
  lxc: w({ sub: ['exec'], skip: 1, machine: true, withArg: ['--cwd', '--env', '--group', '--mode', '--user', '--project'], globalWithArg: ['--project'] }),
  incus: w({ sub: ['exec'], skip: 1, machine: true, withArg: ['--cwd', '--env', '--group', '--mode', '--user', '--project'], globalWithArg: ['--project'] }),
  multipass: w({ sub: ['exec'], skip: 1, machine: true, withArg: ['-d', '--working-directory'] }),
  // `machinectl shell [USER@]NAME CMD...`: CMD runs in that machine (`.host`: this one).
  machinectl: w({ sub: ['shell'], skip: 1, machine: true, withArg: ['-E', '--setenv', '--uid', '-M', '--machine', '-H', '--host'] }),
  vagrant: w({ sub: ['ssh'], shellOpt: ['-c', '--command'], shellOnly: true, anyOrder: true, machine: true, projectAt: '/vagrant' }),
  // Lima (lima-vm.io): `lima CMD` runs CMD in the instance $LIMA_INSTANCE (default `default`);
  // `limactl shell INSTANCE CMD` in INSTANCE. The VM on this machine mounts the home directory and
  // starts in the same directory, so its paths are this machine's (`lima nerdctl volume rm pgdata`:
  // the engine of a VM on this machine).
  lima: w({}),
  limactl: w({ sub: ['shell'], skip: 1, withArg: ['--workdir', '--shell'], chdir: ['--workdir'] }),
  // `start-stop-daemon --start --exec PROG -- ARGS`: PROG (or --startas) runs with ARGS.
  'start-stop-daemon': w({ progOpt: ['-x', '--exec', '-a', '--startas'], noRun: ['-K', '--stop', '-T', '--status', '-H', '--help', '-V', '--version'], withArg: ['-p', '--pidfile', '-n', '--name', '-u', '--user', '-c', '--chuid', '-g', '--group', '-r', '--chroot', '-d', '--chdir', '-N', '--nicelevel', '-P', '--procsched', '-I', '--iosched', '-k', '--umask', '-R', '--retry', '-s', '--signal', '-O', '--output', '--notify-timeout', '--ppid'], chdir: ['-d', '--chdir'] }),
  // watchexec runs its words through a shell (`-n`/`--shell=none`: directly; as a shell line it reads the same).
  watchexec: w({ shellJoin: true, withArg: ['-w', '--watch', '-W', '--watch-non-recursive', '-e', '--exts', '-f', '--filter', '-i', '--ignore', '-d', '--debounce', '-s', '--signal', '--shell', '-E', '--env', '--project-origin', '--workdir', '--stop-signal', '--stop-timeout', '--delay-run', '--poll', '--emit-events-to', '--filter-file', '--ignore-file', '--on-busy-update', '--color', '--filter-prog', '--watch-file', '--fs-events', '--log-file', '--wrap-process', '-o', '--socket'], chdir: ['--workdir'] }),
  // `zellij run -- CMD` (and `zellij action new-pane -- CMD`) opens a pane running CMD.
  zellij: w({ sub: ['run'], withArg: ['--cwd', '-n', '--name', '-d', '--direction', '--width', '--height', '-x', '-y', '--pinned', '-s', '--session'], globalWithArg: ['-s', '--session', '-l', '--layout', '-c', '--config', '--config-dir', '--data-dir', '--max-panes'], chdir: ['--cwd'] }),
  // chokidar-cli 1.2 (its README): `chokidar GLOB... -c CMD [--initial]`, options before or after
  // the globs; CMD runs through a shell on each change, and at once with --initial.
  chokidar: w({ shellOpt: ['-c', '--command'], shellOnly: true, anyOrder: true, withArg: ['-d', '--debounce', '-t', '--throttle', '-i', '--ignore', '--poll-interval', '--poll-interval-binary'] }),
  'chokidar-cli': w({ shellOpt: ['-c', '--command'], shellOnly: true, anyOrder: true, withArg: ['-d', '--debounce', '-t', '--throttle', '-i', '--ignore', '--poll-interval', '--poll-interval-binary'] }),
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
  // `corepack pnpm ...` runs the pinned package manager; `fnm exec --using=20 CMD`.
  corepack: w({ own: ['enable', 'disable', 'prepare', 'install', 'use', 'up', 'pack', 'cache', 'help'] }),
  fnm: w({ sub: ['exec'], withArg: ['--using'] }),
  // `sops exec-env FILE 'CMD'`: CMD runs in a shell with the decrypted file's variables.
  sops: w({ sub: ['exec-env', 'exec-file'], skip: 1, shellJoin: true }),
  sshpass: w({ withArg: ['-p', '-f', '-d', '-P'] }),
  railway: { wraps: { sub: ['run'], ownOptions: true }, 'value-options': ['-e', '--environment', '-s', '--service', '-p', '--project'] },
  // `netlify dev:exec [--context production] CMD...` (netlify-cli): CMD with the site's
  // environment variables (rt24a).
  netlify: w({ sub: ['dev:exec'], withArg: ['--context', '--filter'] }),
  ntl: w({ sub: ['dev:exec'], withArg: ['--context', '--filter'] }),
  // Monorepo runners: `lerna exec -- CMD` and `nx exec -- CMD` run CMD (in each package).
  lerna: w({ sub: ['exec'], afterDashDash: true }),
  nx: w({ sub: ['exec'], afterDashDash: true }),
  // `concurrently 'cmd a' 'cmd b'`: each argument is a shell command (its value options from its --help).
  concurrently: w({ eachShell: true, withArg: ['-n', '--names', '--name-separator', '-s', '--success', '-r', '--raw', '-c', '--prefix-colors', '-p', '--prefix', '-l', '--prefix-length', '-t', '--timestamp-format', '--kill-signal', '--restart-tries', '--restart-after', '--default-input-target', '-m', '--max-processes', '--passthrough-arguments', '--pad-prefix'] }),
  // `guix shell PKG... -- CMD`; envchain NAMESPACE CMD (its keychain's variables); a toolbox's
  // or distrobox's way out to the host.
  guix: w({ sub: ['shell', 'environment'], afterDashDash: true }),
  envchain: w({ skip: 1, noRun: ['-s', '--set', '-l', '--list', '-u', '--unset'], sets: ['AWS_ACCESS_KEY_ID'] }),
  'distrobox-host-exec': w({}),
  // aider runs --test-cmd and --lint-cmd through the shell after its edits (--auto-test, --auto-lint).
  aider: w({ shellOpt: ['--test-cmd', '--lint-cmd'], shellOnly: true, withArg: ['-m', '--message', '--message-file', '-f', '--model', '--weak-model', '--editor-model', '--edit-format', '--read', '--file', '-c', '--config', '--env-file', '--map-tokens', '--openai-api-key', '--anthropic-api-key', '--api-key', '--set-env'] }),
  'host-spawn': w({ withArg: ['-cwd', '-env'] }),
  unbuffer: w({}),
  chronic: w({}),
  taskset: w({ skip: 1 }),
  chrt: w({ skip: 1 }),
  xargs: w({ withArg: ['-a', '-d', '-E', '-I', '-J', '-R', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'], moreArgs: true }),
  // Package runners: `npx prisma migrate reset` runs prisma.
  npx: w({ withArg: ['-p', '--package', '--cache', '--userconfig'], shellOpt: ['-c', '--call'] }),
  bunx: w({ withArg: ['-p', '--package'] }),
  // `bun x PKG` is bunx; `bun run NAME` reaches here only when no package script has that name.
  // Its own value options (parsing.ts: interpreter and runner) take a value here too.
  bun: w({ sub: ['x', 'run'], withArg: ['-p', '--package'], ownOptions: true, chdir: ['--cwd'] }),
  // `deno run npm:PKG` runs the package's bin (a script file is not unwrapped: wrappers.ts).
  // Its own value options (parsing.ts) take a value here too.
  deno: w({ sub: ['run', 'x'], withArg: ['--lock', '--env-file', '--inspect', '--inspect-brk', '--inspect-wait'], ownOptions: true }),
  pnpx: w({}),
  pnpm: w({ sub: ['exec'], withArg: ['-C', '--dir', '--filter', '-F'] }),
  // pnpm dlx -c 'CMD': the command runs in a shell.
  'pnpm dlx': w({ shellOpt: ['-c', '--shell-mode'] }),
  yarn: w({ sub: ['exec'] }),
  bundle: w({ sub: ['exec'] }),
  poetry: w({ sub: ['run'] }),
  uv: w({ sub: ['run'], withArg: ['--with', '--python', '-p', '--project', '--directory', '--env-file'] }),
  uvx: w({ withArg: ['--from', '--with', '--python', '-p'] }),
  pipx: w({ sub: ['run'], withArg: ['--spec', '--python', '--index-url', '-i', '--pip-args'] }),
  pipenv: w({ sub: ['run'] }),
  // Credential helpers: the profile they name is the account the command acts on.
  'aws-vault': w({ sub: ['exec'], skip: 1, optionsAfterSkip: true, skipVar: 'AWS_PROFILE', withArg: ['-d', '--duration', '-t', '--mfa-token', '--region', '--ec2-server', '--ecs-server'], globalWithArg: ['--backend', '--prompt', '--keychain', '--secret-service-collection', '--pass-dir', '--pass-cmd', '--pass-prefix', '--file-dir'] }),
  'aws-okta': w({ sub: ['exec'], skip: 1, optionsAfterSkip: true, skipVar: 'AWS_PROFILE', withArg: ['-t', '--assume-role-ttl', '-a', '--session-ttl', '-r', '--assume-role-arn', '-m', '--mfa-provider', '--mfa-factor-type', '--mfa-duo-device'], globalWithArg: ['-b', '--backend'] }),
  saml2aws: w({ sub: ['exec'], sets: ['AWS_ACCESS_KEY_ID'], withArg: ['--exec-profile', '-a', '--idp-account', '-p', '--profile', '--region', '--role', '--session-duration', '--credentials-file'], globalWithArg: ['-a', '--idp-account', '--idp-provider', '--mfa', '-s', '--skip-verify', '--url', '--username', '--password', '--role', '--region', '--session-duration', '-p', '--profile', '--cache-file', '--credentials-file'] }),
  // Commands run inside a container or pod: `docker exec -i db psql -c ...`. `acts`: the inner
  // command acts where the container or pod is (engine.ts).
  docker: { wraps: { sub: ['exec'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'] }, acts: { kind: 'docker' } },
  podman: { wraps: { sub: ['exec'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'] }, acts: { kind: 'docker' } },
  nerdctl: { wraps: { sub: ['exec'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir'] }, acts: { kind: 'docker' } },
  // `docker compose exec SERVICE CMD`, `docker compose run [--rm] SERVICE CMD` (also `podman
  // compose`: parse/wrappers.ts hands them here). withArg: both subcommands' value options.
  // Local dev environments: `ddev exec CMD`, and their tooling commands run the program of that
  // name in the project's container (ddev.readthedocs.io, docs.lando.dev/cli, @wordpress/env).
  ddev: { wraps: { sub: ['exec'], proxies: DEV_ENV_TOOLS, unknownCwd: true, withArg: ['-s', '--service', '-d', '--dir'] }, acts: { kind: 'docker' } },
  lando: { wraps: { sub: [], proxies: DEV_ENV_TOOLS, unknownCwd: true }, acts: { kind: 'docker' } },
  'wp-env': { wraps: { sub: ['run'], skip: 1, unknownCwd: true, withArg: ['--env-cwd'] }, acts: { kind: 'docker' } },
  'docker-compose': { wraps: { sub: ['exec', 'run'], skip: 1, unknownCwd: true, withArg: ['-e', '--env', '-u', '--user', '-w', '--workdir', '--index', '-p', '--publish', '-v', '--volume', '--name', '--entrypoint', '-l', '--label', '--cap-add', '--cap-drop', '--pull', '--env-from-file'], globalWithArg: ['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--parallel', '--progress'] }, acts: { kind: 'docker' }, aliases: ['podman-compose'] },
  // `kubectl debug POD|node/N --image=X -- CMD` runs CMD in a debug container there (a node's: its
  // files at /host).
  // `kubectl run NAME --image=X [--command] -- CMD` starts a pod running CMD (or passing it to the
  // image's entrypoint: read as a command, the wider reading).
  kubectl: { wraps: { sub: ['exec', 'debug', 'run'], afterDashDash: true, unknownCwd: true }, acts: { kind: 'kubernetes' } },
  // `kubie exec CONTEXT NAMESPACE CMD...` runs CMD against that context (github.com/sbstp/kubie);
  // `rancher kubectl ...` runs kubectl with the Rancher server's kubeconfig.
  kubie: { wraps: { sub: ['exec'], skip: 2, withArg: [] }, acts: { kind: 'kubernetes' } },
  rancher: { wraps: { sub: [], proxies: ['kubectl'] }, acts: { kind: 'kubernetes' } },
  oc: { wraps: { sub: ['exec', 'debug'], afterDashDash: true, unknownCwd: true }, acts: { kind: 'kubernetes' } },
  // `oc rsh POD CMD...` runs CMD in the pod, like exec.
  'oc rsh': w({ skip: 1, unknownCwd: true, withArg: ['-c', '--container', '--shell', '-n', '--namespace', '-f', '--filename', '--timeout'] }),
  // npm's own value options (parsing.ts: --prefix, --registry...) take a value here too.
  npm: w({ sub: ['exec', 'x'], withArg: ['-p', '--package'], ownOptions: true, shellOpt: ['-c', '--call'] }),
  // withArg: the options of `run` that take a value (targets/run.ts finds the command without `--`).
  op: w({ sub: ['run'], afterDashDash: true, withArg: ['--env-file', '--account', '--config', '--session', '--cache'] }),
  // `--command 'CMD'` (instead of `-- CMD...`): a shell line (doppler run --help, infisical run --help).
  doppler: w({ sub: ['run'], afterDashDash: true, withArg: ['-p', '--project', '-c', '--config', '--token', '--scope', '--command', '--mount', '--fallback'], shellOpt: ['--command'] }),
  infisical: w({ sub: ['run'], afterDashDash: true, withArg: ['--env', '--projectId', '--path', '--token', '--command', '--tags', '--domain'], shellOpt: ['--command'] }),
  // More secret injectors (rt23a): `summon [opts] CMD...` (cyberark/summon), `berglas exec -- CMD`,
  // `vals exec -f F -- CMD`, `hcp vault-secrets run -- CMD`, `bws run [--] 'CMD'` (Bitwarden
  // Secrets Manager: the words joined run through a shell).
  summon: w({ withArg: ['-p', '--provider', '-f', '--yaml', '-D', '-e', '--environment'] }),
  berglas: w({ sub: ['exec'], afterDashDash: true, withArg: ['--local', '--project'] }),
  vals: w({ sub: ['exec'], afterDashDash: true, withArg: ['-f', '-o'] }),
  hcp: w({ sub: [] }),
  'hcp vault-secrets': w({ afterDashDash: true }),
  bws: w({ sub: ['run'], shellJoin: true, withArg: ['--project-id', '--shell', '-t', '--access-token', '--server-url', '--profile', '--color', '-c', '--config-file', '-o', '--output'] }),
  // `envconsul [-prefix P] [-secret S] ... CMD...` (hashicorp/envconsul): CMD with the keys as its
  // environment; `-exec CMD` gives it as a shell line.
  envconsul: w({ withArg: ['-prefix', '-secret', '-service', '-config', '-consul-addr', '-consul-token', '-vault-addr', '-vault-token', '-log-level', '-kill-signal', '-kill-timeout', '-max-stale', '-wait', '-pid-file', '-exec-kill-signal', '-exec-kill-timeout', '-exec-splay'], shellOpt: ['-exec'] }),
  dotenv: w({ withArg: ['-e', '-v', '-c'], afterDashDash: true }),
  // env-cmd -f FILE CMD (its file's values are unknown here); `--use-shell` runs the words joined
  // as one shell line; cross-env A=1 CMD.
  'env-cmd': w({ withArg: ['-f', '--file', '-e', '--environments', '-r', '--rc-file'], shellFlag: ['--use-shell'] }),
  'cross-env': w({ assigns: true }),
  'cross-env-shell': w({ assigns: true, shellJoin: true }),
  'dotenvx': w({ sub: ['run'], afterDashDash: true, withArg: ['-f', '--env-file'] }),
});

// ---- HTTP clients (src/rules/http.ts reads the requests; src/targets/http.ts the hosts)

// curl options that take a value (curl 8.x manual). Everything else is a boolean flag.
const curl: ProgramSpec = {
  'value-options': opts('AbcCdDeEFHKmoPQrtTuUwxXyYz', `abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config connect-timeout connect-to continue-at
    cookie cookie-jar create-file-mode crlfile curves data data-ascii data-binary data-raw data-urlencode delegation dns-interface dns-ipv4-addr
    dns-ipv6-addr dns-servers doh-url dump-header ech egd-file engine etag-compare etag-save expect100-timeout form form-string ftp-account
    ftp-alternative-to-user ftp-method ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms haproxy-clientip header hostpubmd5 hostpubsha256 hsts
    interface ip-tos ipfs-gateway json keepalive-cnt keepalive-time key key-type knownhosts krb krb4 libcurl limit-rate local-port login-options mail-auth
    mail-from mail-rcpt max-filesize max-redirs max-time netrc-file noproxy oauth2-bearer output output-dir parallel-max parallel-max-host pass
    pinnedpubkey preproxy proto proto-default proto-redir proxy proxy-cacert proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile
    proxy-header proxy-key proxy-key-type proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword
    proxy-tlsuser proxy-user proxy1.0 pubkey quote random-file range rate referer request request-target resolve retry retry-delay
    retry-max-time sasl-authzid service-name sigalgs socks4 socks4a socks5 socks5-gssapi-service socks5-hostname speed-limit speed-time ssl-sessions
    stderr telnet-option tftp-blksize time-cond tls-max tls13-ciphers tlsauthtype tlspassword tlsuser trace trace-ascii trace-config unix-socket
    upload-file upload-flags url url-query user user-agent variable vlan-priority write-out`),
  'flag-options': longs(`anyauth append basic ca-native cert-status compressed compressed-ssh create-dirs crlf digest disable disable-eprt
    disable-epsv disallow-username-in-url doh-cert-status doh-insecure fail fail-early fail-with-body false-start follow form-escape ftp-create-dirs
    ftp-pasv ftp-pret ftp-skip-pasv-ip ftp-ssl-ccc ftp-ssl-control get globoff haproxy-protocol head help http0.9 http1.0 http1.1 http2
    http2-prior-knowledge http3 http3-only ignore-content-length include insecure ipv4 ipv6 junk-session-cookies list-only location
    location-trusted mail-rcpt-allowfails manual metalink negotiate netrc netrc-optional next no-alpn no-buffer no-clobber no-keepalive no-npn
    no-progress-meter no-sessionid ntlm ntlm-wb out-null parallel parallel-immediate path-as-is post301 post302 post303 progress-bar proxy-anyauth
    proxy-basic proxy-ca-native proxy-digest proxy-http2 proxy-insecure proxy-negotiate proxy-ntlm proxy-ssl-allow-beast proxy-ssl-auto-client-cert
    proxytunnel raw remote-header-name remote-name remote-name-all remove-on-error retry-all-errors retry-connrefused sasl-ir show-error
    show-headers silent skip-existing socks5-basic socks5-gssapi socks5-gssapi-nec ssl ssl-allow-beast ssl-auto-client-cert ssl-no-revoke ssl-reqd
    ssl-revoke-best-effort sslv2 sslv3 styled-output suppress-connect-headers tcp-fastopen tcp-nodelay tftp-no-options tlsv1 tlsv1.0 tlsv1.1
    tlsv1.2 tlsv1.3 tr-encoding trace-ids trace-time use-ascii verbose version xattr`),
  names: shortNames({
    A: 'user-agent', b: 'cookie', c: 'cookie-jar', C: 'continue-at', d: 'data', D: 'dump-header', e: 'referer', E: 'cert', F: 'form', G: 'get',
    H: 'header', I: 'head', K: 'config', m: 'max-time', o: 'output', P: 'ftp-port', Q: 'quote', r: 'range', t: 'telnet-option', T: 'upload-file',
    u: 'user', U: 'proxy-user', w: 'write-out', x: 'proxy', X: 'request', y: 'speed-time', Y: 'speed-limit', z: 'time-cond', ':': 'next',
  }),
  abbreviations: true,
  'keep-eq': true,
  'digit-options': true,
  payload: { kind: 'http', flags: longs('data data-ascii data-binary data-raw data-urlencode json form form-string upload-file') },
};

const wget: ProgramSpec = {
  'value-options': opts('OoaiBetTwQPUlARDIXn', `output-document output-file append-output input-file base execute config tries timeout wait waitretry quota
    directory-prefix user-agent header user password http-user http-password post-data post-file body-data body-file method referer load-cookies
    save-cookies level accept reject domains exclude-domains include-directories exclude-directories bind-address limit-rate dns-timeout
    connect-timeout read-timeout cut-dirs ca-certificate certificate certificate-type private-key private-key-type secure-protocol ca-directory
    crl-file pinnedpubkey random-file egd-file proxy-user proxy-password default-page local-encoding remote-encoding restrict-file-names
    accept-regex reject-regex regex-type rejected-log ciphers use-askpass report-speed retry-on-http-error progress backups hsts-file
    ftp-user ftp-password compression start-pos ignore-tags follow-tags warc-file warc-header warc-max-size warc-dedup warc-tempdir prefer-family
    bind-dns-address dns-servers max-redirect ftps-implicit`),
  'flag-options': longs(`background debug quiet verbose no-verbose force-html spider server-response no-clobber continue timestamping
    no-use-server-timestamps no-dns-cache ignore-case inet4-only inet6-only retry-connrefused no-proxy ask-password no-iri unlink no-directories
    force-directories no-host-directories protocol-directories no-cache no-cookies keep-session-cookies ignore-length no-http-keep-alive
    auth-no-challenge content-disposition content-on-error trust-server-names save-headers no-check-certificate https-only recursive delete-after
    convert-links convert-file-only backup-converted mirror page-requisites strict-comments follow-ftp relative span-hosts no-parent no-glob
    no-passive-ftp preserve-permissions retr-symlinks adjust-extension html-extension no-config show-progress xattr help version warc-cdx
    no-warc-compression no-warc-digests no-warc-keep-log no-hsts no-netrc enable-xattr`),
  names: shortNames({
    O: 'output-document', o: 'output-file', a: 'append-output', i: 'input-file', B: 'base', e: 'execute', t: 'tries', T: 'timeout', w: 'wait',
    Q: 'quota', P: 'directory-prefix', U: 'user-agent', l: 'level', A: 'accept', R: 'reject', D: 'domains', I: 'include-directories',
    X: 'exclude-directories', n: 'n', S: 'server-response',
  }),
  abbreviations: true,
  'keep-eq': true,
  'digit-options': true,
  payload: { kind: 'http', flags: longs('post-data body-data'), files: longs('post-file body-file') },
};

// httpie and xh: no abbreviations; METHOD URL ITEMS are positionals.
const httpie: ProgramSpec = {
  'value-options': opts('aAospP', `auth auth-type output session session-read-only verify cert cert-key cert-key-pass ssl ciphers proxy timeout
    max-redirects max-headers pretty style print history-print format-options default-scheme response-charset response-mime raw boundary
    bearer resolve interface http-version unix-socket generate`),
  names: shortNames({ a: 'auth', A: 'auth-type', o: 'output', s: 'style', p: 'print', P: 'history-print', f: 'form', j: 'json', I: 'ignore-stdin' }),
  'keep-eq': true,
  'digit-options': true,
  payload: { kind: 'http', stdin: true },
};

// gh: pflag (no abbreviations; `-X=DELETE` is DELETE). `gh api` has its own options.
const gh: ProgramSpec = {
  subcommands: {
    api: {
      'value-options': opts('XFfHpqtR', 'method field raw-field header preview jq template hostname input cache repo'),
      'flag-options': longs('include paginate slurp silent verbose help'),
      names: shortNames({ X: 'method', F: 'field', f: 'raw-field', H: 'header', p: 'preview', q: 'jq', t: 'template', i: 'include', R: 'repo' }),
      'digit-options': true,
    },
  },
};

// glab (GitLab CLI): `glab api` takes gh's options (cobra/pflag): -X/--method, -F/--field,
// -f/--raw-field, -H/--header, --hostname, --input, -i/--include, --paginate, --silent.
const glab: ProgramSpec = {
  subcommands: {
    api: {
      'value-options': opts('XFfH', 'method field raw-field header hostname input'),
      'flag-options': longs('include paginate silent help'),
      names: shortNames({ X: 'method', F: 'field', f: 'raw-field', H: 'header', i: 'include' }),
      'digit-options': true,
    },
  },
};

// ---- database clients (src/targets/database/ reads where they connect; src/rules/sql/ the SQL)

const pgValue = ['-c', '--command', '-d', '--dbname', '-f', '--file', '-h', '--host', '-L', '--log-file', '-o', '--output',
  '-p', '--port', '-P', '--pset', '-R', '--record-separator', '-T', '--table-attr', '-U', '--username',
  '-v', '--set', '--variable', '-F', '--field-separator', '--maintenance-db', '--role'];
// pg_dump and friends: the connection options and their own; their -c, -O, -v, -l are switches
// (--clean, --no-owner, --verbose, --list), unlike psql's -c/-v and createdb's -O/-l.
const pgConn = ['-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '--maintenance-db', '--role'];
const pgDumpValue = [...pgConn, '-f', '--file', '-F', '--format', '-t', '--table', '-n', '--schema', '-N', '--exclude-schema', '-j', '--jobs',
  '-Z', '--compress', '-E', '--encoding', '-S', '--superuser', '-I', '--index', '-T', '--trigger', '-L', '--use-list', '-P', '--function',
  '--exclude-table', '--exclude-table-data', '--section', '--extension', '--tablespace', '--template'];
const createdbValue = [...pgConn, '-O', '--owner', '-D', '--tablespace', '-E', '--encoding', '-l', '--locale', '-T', '--template', '--lc-collate', '--lc-ctype'];
const mysqlValue = ['-h', '--host', '-P', '--port', '-S', '--socket', '-D', '--database', '-u', '--user', '-e', '--execute', '--login-path',
  '--defaults-file', '--defaults-extra-file', '--default-character-set', '--tables', '--ignore-table', '-w', '--where', '--result-file', '-r'];
// The psql and mysql/mariadb clients: the SQL reader reads their options with these too
// (rules/sql/options.ts). The mysql client's -r and -w are --raw and --wait, switches.
const psqlValue = pgValue.filter((o) => o !== '--maintenance-db' && o !== '--role');
const mysqlClient = opts('uhPDSeO', `user host port database socket execute defaults-file defaults-extra-file defaults-group-suffix
  default-character-set init-command init-command-add ssl-ca ssl-capath ssl-cert ssl-cipher ssl-key ssl-crl ssl-crlpath ssl-mode ssl-fips-mode
  tls-version tls-ciphersuites protocol login-path delimiter connect-timeout max-allowed-packet net-buffer-length select-limit max-join-size
  character-sets-dir plugin-dir default-auth bind-address compression-algorithms zstd-compression-level prompt tee server-public-key-path
  load-data-local-dir histignore dns-srv-name network-namespace connect-expired-password ssl-session-data`);
// mongosh (and the legacy mongo shell): its own options, read by the SQL reader too.
const mongoshValue = opts('ufp', `eval file host port username password authenticationDatabase authenticationMechanism gssapiServiceName
  sspiHostnameCanonicalization sspiRealmOverride tlsCAFile tlsCertificateKeyFile tlsCertificateKeyFilePassword tlsCRLFile tlsDisabledProtocols
  tlsCertificateSelector apiVersion awsAccessKeyId awsSecretAccessKey awsSessionToken awsIamSessionToken keyVaultNamespace kmsURL csfleLibraryPath
  cryptSharedLibPath browser oidcFlows oidcRedirectUri`);
const mongoValue = ['--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase', '--eval', '-f', '--file', '-d', '--db',
  // --archive[=FILE]: an optional value, only with `=` (bare reads or writes stdin/stdout).
  '-c', '--collection', '--out', '-o', '--nsInclude', '--nsExclude', '--uri', '--mode', '--type', '--fields', '--fieldFile', '--upsertFields'];
const sqliteValue = ['-cmd', '-separator', '-newline', '-nullvalue', '-init', '-vfs', '-mmap', '-maxsize', '-pagecache', '-lookaside', '-heap', '-A', '-archive'];
// sqlite3 3.40 shell.c: `--opt` is `-opt`; -pagecache and -lookaside take two values. The SQL and
// dot-command readers read sqlite3's options with this too (rules/sql/options.ts).
const sqlite3Value = ['-cmd', '-init', '-separator', '-nullvalue', '-newline', '-maxsize', '-mmap', '-vfs', '-nonce', '-escape', '-heap', '-A', '-archive'];
const sqlite3Counts = { '-pagecache': 2, '-lookaside': 2 };
const sqlite3: ProgramSpec = {
  'value-options': [...sqlite3Value, ...sqlite3Value.map((o) => `-${o}`)],
  'value-counts': { ...sqlite3Counts, ...Object.fromEntries(Object.entries(sqlite3Counts).map(([o, n]) => [`-${o}`, n])) },
  'single-dash-long': true,
};

// redis-cli (7.x), clickhouse client, cockroach sql: the options that take a value. The SQL reader
// reads them with these too (rules/sql/options.ts; redis-cli's options end at its command).
const redisValue = opts('hpsaurindDtX', `user pass eval cluster pattern quoted-pattern count memkeys-samples rdb functions-rdb pipe-timeout sni
  cacert cacertdir tls-ciphers tls-ciphersuites cert key intrinsic-latency lru-test show-pushes keystats-samples top`);
const clickhouseValue = opts('hudqfC', `host port user password database query queries-file format config-file config query_id history_file
  connection log-level server_logs_file jwt ssh-key-file ssh-key-passphrase quota_key max_threads max_memory_usage receive_timeout send_timeout
  connect_timeout output-format input-format format_csv_delimiter`);
const cockroachValue = opts('efud', 'execute file url host port user database certs-dir format set watch cluster-name log-dir log vmodule');

const db = (value: string[], more: ProgramSpec = {}): ProgramSpec => ({ 'value-options': value, ...more });

const DATABASES: Record<string, ProgramSpec> = table({
  psql: db(psqlValue),
  pgcli: db(pgValue),
  ...Object.fromEntries(['pg_dumpall', 'pg_restore', 'vacuumdb', 'reindexdb', 'clusterdb', 'pg_isready'].map((n) => [n, db(pgDumpValue)])),
  // `pg_dump prod | psql scratch`: a plain dump creates and fills; -c/--clean (and -C with it)
  // adds DROP statements. pg_dumpall is not here: without --clean it still ALTERs existing roles.
  pg_dump: db(pgDumpValue, { 'prints-sql': { clients: ['psql'], drops: ['-c', '--clean'], format: { options: ['-F', '--format'], plain: ['p', 'plain'] } } }),
  ...Object.fromEntries(['dropdb', 'dropuser', 'createuser'].map((n) => [n, db(pgConn)])),
  createdb: db(createdbValue),
  pgbench: db([...pgConn, '-c', '--client', '-j', '--jobs', '-t', '--transactions', '-T', '--time', '-s', '--scale', '-f', '--file', '-b', '--builtin', '-D', '--define']),
  ...Object.fromEntries(['mysql', 'mariadb'].map((n) => [n, db(mysqlClient, { 'attached-options': ['-p', '-#'] })])),
  ...Object.fromEntries(['mysqldump', 'mariadb-dump', 'mysqladmin', 'mariadb-admin', 'mysqlimport', 'mysqlpump', 'mysqlcheck', 'mycli'].map((n) => [n, db(mysqlValue, { 'attached-options': ['-p'] })])),
  ...Object.fromEntries(['mongosh', 'mongo'].map((n) => [n, db(mongoshValue)])),
  ...Object.fromEntries(['mongodump', 'mongorestore', 'mongoimport', 'mongoexport', 'mongofiles'].map((n) => [n, db(mongoValue)])),
  sqlite3,
  sqlite: sqlite3,
  litecli: db(sqliteValue),
  ...Object.fromEntries(['redis-cli', 'valkey-cli', 'keydb-cli'].map((n) => [n, db(redisValue)])),
  ...Object.fromEntries(['clickhouse-client', 'clickhouse'].map((n) => [n, db(clickhouseValue)])),
  cockroach: db(cockroachValue),
});

// ---- more HTTP clients (issue #15): wget2 reads wget's options (its startup file is ~/.wget2rc);
// libwww-perl's lwp-request (its GET/POST/DELETE... links, programs/links.ts, are named by the
// method, which -m overrides; Getopt::Long with bundling); the httpx CLI (click: -m METHOD, several options take
// two values); hurl (requests in .hurl files); awscurl (argparse: unique prefixes of long options,
// -X METHOD, -d DATA or @FILE). Their readers: src/rules/http/.
const lwpRequest: ProgramSpec = {
  'value-options': ['-m', '-b', '-t', '-i', '-c', '-C', '-H', '-p', '-o'],
  payload: { kind: 'http', stdin: true },
};
const httpxCounts = { '-p': 2, '--params': 2, '-d': 2, '--data': 2, '-f': 2, '--files': 2, '-h': 2, '--headers': 2, '--cookies': 2, '--auth': 2 };
const httpxCli: ProgramSpec = {
  // -u/-target URL and -x METHODS are ProjectDiscovery's httpx (Go), a prober of the same name.
  'value-options': ['-m', '--method', '-c', '--content', '-j', '--json', '--proxy', '--timeout', '--download', '-u', '-target', '-x', ...Object.keys(httpxCounts)],
  'value-counts': httpxCounts,
  payload: { kind: 'http', flags: ['-c', '--content', '-d', '--data', '-j', '--json'] },
};
const hurl: ProgramSpec = {
  'value-options': longs(`variable variables-file cacert cert key compressed connect-timeout connect-to cookie cookie-jar delay from-entry to-entry
    glob max-redirs max-time noproxy output proxy resolve retry retry-interval report-html report-junit report-tap report-json json-report
    test-output unix-socket user user-agent header aws-sigv4 jobs max-filesize file-root ssl-no-revoke secret`).concat(['-u', '-o', '-x', '-A', '-b', '-c', '-m', '-H']),
  payload: { kind: 'http', stdin: true, args: 0 },
};
// Load generators send real requests, each with -m METHOD and one URL (src/rules/http/bench.ts):
// ab (apache bench; -p FILE posts, -u FILE puts, -i sends HEAD), hey (Go flags), oha (clap).
const ab: ProgramSpec = { 'value-options': opts('AbBcCeEfgHmnpPstTuvXxyzZ', '') };
const hey: ProgramSpec = { 'single-dash-long': true, 'value-options': ['-n', '-c', '-q', '-z', '-o', '-m', '-H', '-t', '-A', '-d', '-D', '-T', '-a', '-x', '-host', '-cpus'] };
const oha: ProgramSpec = {
  'value-options': [...opts('nczqmHtAdDTaxpwo', 'method header timeout accept body body-path content-type basic-auth proxy host connect-to unix-socket query-per-second redirect output format burst-delay burst-rate rand-regex-url max-repeat dump-urls cacert cert key db-url')],
};
// graphqurl (npm; `gq` is its short name): ENDPOINT and -q QUERY / --queryFile FILE.
const graphqurl: ProgramSpec = {
  'value-options': [...opts('Hvnq', 'header variable name query queryFile variablesJSON variablesFile format graphiqlAddress graphiqlHost graphiqlPort')],
  names: shortNames({ H: 'header', v: 'variable', n: 'name', q: 'query' }),
};
const awscurl: ProgramSpec = {
  'value-options': ['-X', '--request', '-d', '--data', '-H', '--header', '-o', '--output', ...longs('region profile service access_key secret_key security_token session_token')],
  'flag-options': longs('verbose include insecure fail-with-body data-binary location help'),
  abbreviations: true,
  payload: { kind: 'http', flags: ['-d', '--data'] },
};
const MORE_HTTP: Record<string, ProgramSpec> = table({
  awscurl,
  graphqurl,
  gq: graphqurl,
  wget2: wget,
  'lwp-request': lwpRequest,
  httpx: httpxCli,
  hurl,
  ab,
  hey,
  oha,
});

const BASE: Record<string, ProgramSpec> = table({
  ...WRAPPERS,
  curl,
  curlie: curl,
  wget,
  http: httpie,
  https: httpie,
  xh: httpie,
  xhs: httpie,
  httpie,
  gh,
  glab,
  ...DATABASES,
  ...MORE_HTTP,
});

// ---- where programs act (src/targets reads these): the target kind, and for databases the engine
// whose reader knows the program's own settings (flags, variables, option files). A database
// program without an engine is read by its URL and variables (targets/database/generic.ts).
// Kinds decided by arguments (`atlas clusters`, `rake db:*`) are in targets/index.ts.

const acts = (kind: string, names: string, engine?: string): Array<[string, Acts]> =>
  names.split(/\s+/).filter(Boolean).map((n) => [n, engine ? { kind, engine } : { kind }]);

const ACTS: Record<string, Acts> = table(Object.fromEntries([
  ...acts('database', 'psql pgcli pg_dump pg_dumpall pg_restore vacuumdb reindexdb clusterdb pg_isready dropdb dropuser createuser createdb pgbench', 'postgres'),
  ...acts('database', 'mysql mariadb mysqldump mariadb-dump mysqladmin mariadb-admin mysqlimport mysqlpump mysqlcheck mycli', 'mysql'),
  ...acts('database', 'redis-cli valkey-cli keydb-cli', 'redis'),
  ...acts('database', 'mongosh mongo mongodump mongorestore mongoimport mongoexport mongofiles', 'mongo'),
  ...acts('database', 'sqlite3 sqlite litecli duckdb', 'sqlite'),
  ...acts('database', 'prisma', 'prisma'),
  ...acts('database', 'rails rake', 'rails'),
  ...acts('database', 'mix', 'ecto'),
  ...acts('database', `mysqlsh drizzle-kit knex sequelize sequelize-cli typeorm mikro-orm node-pg-migrate db-migrate dbmate sqlx diesel migrate
    atlas goose flyway liquibase alembic kysely skeema pgroll`),
  ...acts('kubernetes', 'kubectl kubecolor oc helm helmfile k9s skaffold flux stern kapp kubectx kubens kubectl-cnpg argocd velero microk8s kubeadm k3s-uninstall.sh k3s-agent-uninstall.sh rke2-uninstall.sh rke2-agent-uninstall.sh'),
  ...acts('aws', 'aws awslocal sam cdk eb copilot'),
  ...acts('gcp', 'gcloud gsutil bq'),
  ...acts('azure', 'az'),
  ...acts('terraform', 'terraform tofu terragrunt'),
  // podman-compose is docker-compose's alias (its wrapping too). The wrappers above say the same.
  ...acts('docker', 'docker docker-compose podman nerdctl'),
  ...acts('http', 'curl curlie wget http https xh xhs httpie'),
  ...acts('http', 'wget2 lwp-request httpx hurl awscurl'),
  // mkfs.ext4, mkfs.xfs...: a glob key.
  ...acts('filesystem', `rm rmdir unlink shred srm truncate dd mv cp find rsync scp chmod chown chgrp wipefs fdisk sfdisk parted ln install tee
    trash trash-put gio sed perl mkfs* fdupes jdupes rdfind`),
  ...acts('railway', 'railway'),
  ...acts('pulumi', 'pulumi'),
  ...acts('fly', 'fly flyctl'),
  ...acts('heroku', 'heroku'),
  ...acts('vercel', 'vercel vc'),
  ...acts('netlify', 'netlify ntl'),
  ...acts('supabase', 'supabase'),
  ...acts('git', 'git'),
  ...acts('neon', 'neonctl neon'),
  ...acts('planetscale', 'pscale'),
  ...acts('digitalocean', 'doctl'),
  ...acts('firebase', 'firebase'),
  ...acts('cloudflare', 'wrangler'),
  ...acts('atlas', 'mongocli'),
  ...acts('turso', 'turso'),
  ...acts('upstash', 'upstash'),
  ...acts('render', 'render'),
  ...acts('github', 'gh'),
  ...acts('objectstore', 'mc mcli rclone s3cmd'),
  ...acts('service', 'etcdctl consul vault kafka-topics kafka-topics.sh kafka-delete-records kafka-delete-records.sh kafka-configs kafka-configs.sh kafka-consumer-groups kafka-consumer-groups.sh kafka-streams-application-reset kafka-streams-application-reset.sh rpk cqlsh influx zkcli.sh zkcli zookeeper-shell zookeeper-shell.sh rabbitmqadmin'),
]));

// ---- option grammars the target readers use (src/targets): the options that take a value, so the
// words a resolver reads (a destination, an app, a workspace) are the program's positionals. Packs'
// `commands:` may add to these for the rules (a pack's list is often longer).

// rsync 3.x: its short options -P -i -o -F -c -l -S -J are switches (they were read as scp's).
const rsync: ProgramSpec = {
  'value-options': opts('efBTM@', `rsh rsync-path filter exclude exclude-from include include-from files-from info debug stderr backup-dir
    suffix chmod chown copy-as block-size max-delete max-size min-size max-alloc temp-dir compare-dest copy-dest link-dest compress-choice zc
    compress-level zl skip-compress checksum-choice cc address port sockopts out-format log-file log-file-format password-file early-input
    bwlimit stop-after stop-at write-batch only-write-batch read-batch protocol iconv checksum-seed remote-option partial-dir timeout
    contimeout modify-window usermap groupmap outbuf`),
};
// OpenSSH scp: `scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config] [-i identity_file] [-J destination]
// [-l limit] [-o ssh_option] [-P port] [-S program] [-X sftp_option] source ... target`.
const scp: ProgramSpec = { 'value-options': opts('cDFiJloPSX', '') };
const terraform: ProgramSpec = { 'single-dash-long': true, subcommands: { workspace: { 'value-options': ['-lock-timeout'] } } };
const vals = (list: string[]): ProgramSpec => ({ 'value-options': list });
// flyctl (cobra/pflag: short options bundle, `-Cbash` is -C bash; no long prefixes): its global
// options and those of `ssh console`, `console`, `machine run`/`deploy` that take a value. parse/walk.ts
// reads `ssh console -C CMD` with it, targets/platforms.ts the app.
const fly = vals(['-a', '--app', '-c', '--config', '-r', '--region', '-i', '--image', '-o', '--org', '-A', '--address', '-C', '--command', '--machine',
  '-g', '--process-group', '-u', '--user', '-t', '--access-token', '--container', '--timeout', '--dockerfile', '--entrypoint', '-e', '--env', '--vm-size',
  '--vm-memory', '--vm-cpus', '--vm-cpu-kind', '--vm-gpu-kind', '--file-local', '--file-literal', '--file-secret', '--build-arg']);
const vercel = vals(['--cwd', '--scope', '-S', '--token', '-t', '--target', '-e', '--env', '-b', '--build-env', '-m', '--meta', '-A', '--local-config', '-Q', '--global-config', '--project']);
const neon = vals(['--api-key', '--context-file', '--config-dir', '-o', '--output', '--project-id', '--org-id', '--branch', '--parent', '--name']);
const mc = vals(['-C', '--config-dir', '--older-than', '--newer-than', '--rewind', '--version-id', '--vid', '--encrypt-key', '--expire-days', '--expiry-days', '--prefix']);
const atlasCloud = vals(['-P', '--profile', '--projectId', '--orgId', '-o', '--output', '--clusterName', '--type']);

// Ansible ad-hoc commands (`ansible HOSTS -m MODULE -a ARGS`): its options that take a value
// (ansible --help, ansible-core 2.16). parse/walk.ts runs -a of command/shell/raw on the hosts.
const ansible = vals(['-m', '--module-name', '-a', '--args', '-i', '--inventory', '--inventory-file', '-u', '--user', '-e', '--extra-vars', '-f', '--forks',
  '-l', '--limit', '-c', '--connection', '-T', '--timeout', '-B', '--background', '-P', '--poll', '--become-user', '--become-method', '--private-key',
  '--key-file', '--vault-id', '--vault-password-file', '--vault-pass-file', '-M', '--module-path', '-t', '--tree', '--playbook-dir', '--task-timeout',
  '--ssh-common-args', '--sftp-extra-args', '--scp-extra-args', '--ssh-extra-args', '--become-password-file', '--connection-password-file']);

// Parallel ssh (rt26a): pssh/parallel-ssh (`-h HOSTS_FILE -i CMD`), pdsh (`-w HOSTS CMD`), clush
// (`-w NODES|-g GROUP|-a CMD`): their options that take a value (their man pages); the words after
// them are one command run on every host. parse/walk.ts reads it as ssh's.
const pssh = vals(['-h', '--hosts', '-H', '--host', '-l', '--user', '-p', '--par', '-o', '--outdir', '-e', '--errdir', '-t', '--timeout', '-O', '--option',
  '-x', '--extra-args', '-X', '--extra-arg']);
const pdsh = vals(['-w', '-x', '-g', '-X', '-l', '-t', '-u', '-f', '-R', '-e']);
const clush = vals(['-w', '--nodes', '-x', '--exclude', '-g', '--group', '-X', '-l', '--user', '-f', '--fanout', '-t', '--connect_timeout', '-u',
  '--command_timeout', '-o', '--options', '-O', '--option', '-R', '--worker', '-s', '--groupsource', '--topology', '--pick', '--dest', '--color']);

// Chef's knife (rt27b): options that take a value (knife ssh --help, Chef Infra 18); parse/walk.ts
// runs `knife ssh QUERY COMMAND` on the nodes the query finds.
const knife = vals(['-x', '--ssh-user', '-P', '--ssh-password', '-p', '--ssh-port', '-i', '--ssh-identity-file', '-G', '--ssh-gateway', '-a', '--attribute',
  '-C', '--concurrency', '-c', '--config', '--config-option', '-s', '--server-url', '-u', '--user', '-k', '--key', '-E', '--environment',
  '-F', '--format', '--profile', '--ssh-gateway-identity', '--prefix-attribute', '-e', '--editor']);

const TARGET_GRAMMARS: Record<string, ProgramSpec> = table({
  ansible,
  knife,
  pssh,
  'parallel-ssh': pssh,
  pdsh,
  clush,
  // npm exec's config options that take a value, besides its wrapping grammar's (targets/run.ts).
  npx: vals(['--node-options', '--registry', '--prefix']),
  rsync,
  scp,
  git: { subcommands: { push: { 'value-options': ['-o', '--push-option', '--receive-pack', '--exec', '--repo'] }, 'update-ref': { 'value-options': ['-m'] } } },
  aws: vals(['--profile', '--region', '--endpoint-url', '--output', '--query']),
  terraform,
  tofu: terraform,
  terragrunt: terraform,
  pulumi: vals(['-s', '--stack', '-C', '--cwd', '--config-file', '-m', '--message', '--target', '-t', '--parallel', '-p']),
  fly,
  flyctl: fly,
  vercel,
  vc: vercel,
  supabase: vals(['--project-ref', '--workdir', '-o', '--output', '--password', '-p', '--schema', '-s', '--file', '-f', '--db-url']),
  neonctl: neon,
  neon,
  pscale: vals(['--org', '--service-token', '--service-token-id', '--api-url', '--config', '-f', '--format', '--dir', '--from']),
  doctl: vals(['-t', '--access-token', '--context', '-c', '--config', '-o', '--output', '--format', '-u', '--api-url']),
  wrangler: vals(['-c', '--config', '-e', '--env', '--cwd', '--binding', '--namespace-id', '--command', '--file', '--name', '--jurisdiction', '--account-id']),
  atlas: atlasCloud,
  mongocli: atlasCloud,
  turso: vals(['--group', '--location', '--from-db', '--from-dump', '--from-file', '--timestamp', '--instance', '--type', '-l']),
  // Object stores (targets/services.ts: the paths after the subcommand).
  mc,
  mcli: mc,
  rclone: vals(['--config', '--transfers', '--checkers', '--include', '--exclude', '--filter', '--max-age', '--min-age', '--backup-dir', '--log-file', '--max-delete']),
  s3cmd: vals(['-c', '--config', '--access_key', '--secret_key', '--host', '--host-bucket', '--region', '--bucket-location', '--exclude', '--include', '--expiry-days', '--expiry-date', '--expiry-prefix']),
  cqlsh: vals(['-e', '--execute', '-f', '--file', '-u', '--username', '-p', '--password', '-k', '--keyspace', '--cqlshrc', '--encoding', '--cqlversion', '--request-timeout', '--connect-timeout']),
  // ZooKeeper's shell (zkCli.sh -server HOST:PORT CMD ARGS; Kafka's zookeeper-shell HOST:PORT CMD ARGS).
  'zkcli.sh': vals(['-server', '-timeout', '-client-configuration']),
  zkcli: vals(['-server', '-timeout', '-client-configuration']),
  'zookeeper-shell': vals(['-zk-tls-config-file']),
  'zookeeper-shell.sh': vals(['-zk-tls-config-file']),
});

// ---- where a program's payload comes from, for the SQL reader (src/rules/sql/sources.ts); the
// HTTP clients' are with their entries above. Options as the client's reader names them: the
// single-dash clients (sqlite3, duckdb) as `-cmd`.

const sql = (client: string, p: Omit<Payload, 'kind' | 'client'> = {}): Payload => ({ kind: 'sql', client, stdin: true, ...p });
const SQL_PAYLOADS: Record<string, Payload> = table({
  psql: sql('psql', { flags: ['-c', '--command'], files: ['-f', '--file'] }),
  mysql: sql('mysql', { flags: ['-e', '--execute'], before: ['--init-command', '--init-command-add'] }),
  mariadb: sql('mysql', { flags: ['-e', '--execute'], before: ['--init-command', '--init-command-add'] }),
  sqlite3: sql('sqlite3', { before: ['-cmd'], beforeFiles: ['-init'], args: 1 }),
  // sqlite 2: not read (its payload is SQL on stdin all the same).
  sqlite: { kind: 'sql', stdin: true },
  duckdb: sql('duckdb', { flags: ['-c', '-s'], files: ['-f'], before: ['-cmd'], beforeFiles: ['-init'], args: 1 }),
  mongosh: { kind: 'code', client: 'mongosh', flags: ['--eval'], files: ['-f', '--file'], stdin: true },
  mongo: { kind: 'code', client: 'mongosh', flags: ['--eval'], files: ['-f', '--file'], stdin: true },
  'redis-cli': sql('redis-cli'),
  'valkey-cli': sql('redis-cli'),
  'keydb-cli': sql('redis-cli'),
  'clickhouse-client': sql('clickhouse', { flags: ['-q', '--query'], files: ['--queries-file'], args: 0 }),
  // The single clickhouse binary dispatches on its first argument; only `client` talks to a server.
  clickhouse: sql('clickhouse', { sub: 'client', flags: ['-q', '--query'], files: ['--queries-file'], args: 0 }),
  cockroach: sql('cockroach', { sub: 'sql', flags: ['-e', '--execute'], files: ['-f', '--file'] }),
});

// Interpreters: the options whose values are code (src/rules/inline/extract.ts); each reads its
// script from stdin when no option or script file gives one.
const code = (lang: NonNullable<Payload['lang']>, flags: string[], more: Omit<Payload, 'kind' | 'lang' | 'flags'> = {}): Payload => ({ kind: 'code', lang, flags, stdin: true, ...more });
const node = code('node', ['-e', '-p', '--eval', '--print']);
const awk = code('awk', ['-e', '--source'], { files: ['-f', '--file'], args: 0 });
const CODE_PAYLOADS: Record<string, Payload> = table({
  python: code('python', ['-c'], { versions: true }),
  pypy: code('python', ['-c'], { versions: true }),
  node,
  nodejs: node,
  bun: code('bun', ['-e', '-p', '--eval', '--print']),
  ruby: code('ruby', ['-e'], { versions: true }),
  perl: code('perl', ['-e', '-E'], { versions: true }),
  php: code('php', ['-r', '-B', '-R', '-E'], { versions: true }),
  deno: code('deno', [], { sub: 'eval', args: 0 }),
  awk, gawk: awk, mawk: awk, nawk: awk, 'busybox-awk': awk,
  lua: code('lua', ['-e'], { versions: true }),
  luajit: code('lua', ['-e']),
  julia: code('julia', ['-e', '-E', '--eval', '--print']),
  elixir: code('elixir', ['-e', '--eval']),
});
const PAYLOADS: Record<string, Payload> = table({ ...SQL_PAYLOADS, ...CODE_PAYLOADS });

/** An entry with a grammar added: value options and subcommands grow, whatever else it says stays. */
function addGrammar(base: ProgramSpec | undefined, g: ProgramSpec): ProgramSpec {
  if (!base) return g;
  const values = [...new Set([...(base['value-options'] ?? []), ...(g['value-options'] ?? [])])];
  const subs = base.subcommands || g.subcommands ? { ...base.subcommands, ...g.subcommands } : undefined;
  return { ...g, ...base, ...(values.length ? { 'value-options': values } : {}), ...(subs ? { subcommands: subs } : {}), ...(g['single-dash-long'] ? { 'single-dash-long': true } : {}) };
}

// ---- how a program picks the configuration it acts on by name, where that configuration is a
// file or code countersign doesn't read (`alembic -c alembic.prod.ini`, `knex --knexfile
// knexfile.prod.js`, `flyway -configFiles=conf/flyway.prod.conf`, `dbt run --target prod`,
// `helmfile -e production`, `sam delete --config-env prod`). Read as evidence only where the
// target is otherwise unknown (targets/index.ts selectedEnv). Besides these, every program's
// `--env`/`--environment`/`--stage` and the frameworks' variables (RAILS_ENV...) are read there.
export interface Selects { flag?: string[]; variable?: string[] }
const typeorm: Selects = { flag: ['-d', '--dataSource', '--data-source'] };
const SELECTS: Record<string, Selects> = table({
  alembic: { flag: ['-c', '--config', '-n', '--name', '-x'] },
  knex: { flag: ['--knexfile'] },
  typeorm,
  'typeorm-ts-node-commonjs': typeorm,
  'typeorm-ts-node-esm': typeorm,
  'drizzle-kit': { flag: ['--config'] },
  'mikro-orm': { flag: ['--config'] },
  'node-pg-migrate': { flag: ['--envPath', '--config-file', '-f'] },
  sequelize: { flag: ['--config', '--url'] },
  'sequelize-cli': { flag: ['--config', '--url'] },
  flyway: { flag: ['-configFiles', '-configFile', '-environment'] },
  liquibase: { flag: ['--defaults-file', '--defaultsFile'] },
  // dbt's targets are profiles.yml's outputs; a profile's `target: "{{ env_var('DBT_TARGET') }}"` is the usual way to pick one by variable.
  dbt: { flag: ['--target', '-t', '--profiles-dir'], variable: ['DBT_TARGET'] },
  flask: { flag: ['--app', '-A'] },
  // `dotnet ef database drop -- --environment Production`: the app's host builder reads it.
  dotnet: { flag: ['--environment'] },
  helmfile: { flag: ['-e', '--environment'] },
  skaffold: { flag: ['-p', '--profile'] },
  sam: { flag: ['--config-env', '--stack-name'] },
  serverless: { variable: ['SLS_STAGE'] },
  sls: { variable: ['SLS_STAGE'] },
});

export function builtinSelects(name: string): Selects | undefined {
  return Object.hasOwn(SELECTS, name) ? SELECTS[name] : undefined;
}

/** Each program's entry with its target grammar, `acts` and payload added (an entry of its own
 *  when it had none). */
function withTargets(entries: Record<string, ProgramSpec>): Record<string, ProgramSpec> {
  const out = { ...entries };
  for (const [name, g] of Object.entries(TARGET_GRAMMARS)) out[name] = addGrammar(out[name], g);
  for (const [name, a] of Object.entries(ACTS)) out[name] = { ...out[name], acts: a };
  for (const [name, p] of Object.entries(PAYLOADS)) out[name] = { ...out[name], payload: p };
  return out;
}

/** The entries above, with where they act and their payloads, and the parse side's (parsing.ts) added. */

// ---- runners whose stdout is the stdout of the one command they run (`passes-stdout`): the
// local wrappers that only change how it runs, a remote shell, a container exec. Not `watch`,
// `script`, `xargs`, `parallel` or `heroku run`, which add output of their own or run many.
const pass = (p: NonNullable<ProgramSpec['passes-stdout']> = {}): ProgramSpec => ({ 'passes-stdout': p });
const exec = pass({ sub: ['exec'], tty: ['-t', '--tty'] });
// ---- programs whose first operand after these subcommands is the kind of the rest
// (`typed-operands`): kubectl delete TYPE[,TYPE] NAME... (kubernetes.io kubectl reference, delete).
const typed: ProgramSpec = { 'typed-operands': ['delete'] };
const TYPED: Record<string, ProgramSpec> = table({ kubectl: typed, oc: typed, kubecolor: typed });

const STDOUT_RUNNERS: Record<string, ProgramSpec> = table({
  sudo: pass(), doas: pass(), env: pass(), nice: pass(), ionice: pass(), timeout: pass(), gtimeout: pass(), stdbuf: pass(),
  ssh: pass({ tty: ['-t'] }),
  kubectl: exec, oc: exec, docker: exec, podman: exec, nerdctl: exec,
});

// ---- programs that open a local port or socket leading to another machine (`opens-tunnel`): a
// database on localhost later on the same line may be the one at the other end (ssh -L
// 15432:db:5432 … psql -h localhost -p 15432). Docs: man ssh (-L), kubernetes.io kubectl
// port-forward, cloud.google.com/sql/docs/postgres/sql-proxy (--port), fly.io/docs/flyctl/proxy and
// fly.io/docs/flyctl/machine-api-proxy,
// cloud.google.com/sdk/gcloud/reference/compute/start-iap-tunnel, docs.aws.amazon.com (ssm
// start-session port forwarding), goteleport.com (tsh proxy db), developer.hashicorp.com/boundary
// (connect -listen-port), developers.cloudflare.com (cloudflared access tcp), learn.microsoft.com
// (az network bastion tunnel), socat(1) TCP-LISTEN, planetscale.com/docs/cli/connect; gcloud
// compute ssh and az ssh vm hand the words after `--` to ssh (`ssh-after`).
const tunnel = (t: NonNullable<ProgramSpec['opens-tunnel']>): ProgramSpec => ({ 'opens-tunnel': t });
const TUNNELS: Record<string, ProgramSpec> = table({
  ssh: tunnel({ forward: ['-L'] }), autossh: tunnel({ forward: ['-L'] }),
  kubectl: tunnel({ sub: [['port-forward']] }), oc: tunnel({ sub: [['port-forward']] }),
  'cloud-sql-proxy': tunnel({ port: ['--port', '-p'] }), cloud_sql_proxy: tunnel({ port: ['--port', '-p'] }),
  // `fly machines api-proxy` serves the Machines API (a token's whole org) on localhost:4280.
  fly: tunnel({ sub: [['proxy'], ['machines', 'api-proxy'], ['machine', 'api-proxy'], ['m', 'api-proxy']] }), flyctl: tunnel({ sub: [['proxy'], ['machines', 'api-proxy'], ['machine', 'api-proxy'], ['m', 'api-proxy']] }),
  gcloud: tunnel({ sub: [['compute', 'start-iap-tunnel']], port: ['--local-host-port'], 'ssh-after': [['compute', 'ssh'], ['compute', 'tpus', 'tpu-vm', 'ssh'], ['cloud-shell', 'ssh']] }),
  aws: tunnel({ sub: [['ssm', 'start-session']] }),
  tsh: tunnel({ sub: [['proxy', 'db']], port: ['--port'] }),
  boundary: tunnel({ sub: [['connect']], port: ['-listen-port'] }),
  cloudflared: tunnel({ sub: [['access', 'tcp']], port: ['--url'] }),
  az: tunnel({ sub: [['network', 'bastion', 'tunnel']], port: ['--port'], 'ssh-after': [['ssh', 'vm'], ['network', 'bastion', 'ssh']] }),
  // pscale connect DATABASE BRANCH [--port N] (3306 by default): a MySQL proxy to the branch.
  pscale: tunnel({ sub: [['connect']], port: ['--port'] }),
  socat: tunnel({}),
});

// ---- tools that print their own shell set-up (`shell-setup`): PATH and variables (`brew
// shellenv`, `minikube docker-env`, `docker-machine env`), hook functions (`direnv hook bash`,
// `pyenv init -`, `conda shell.bash hook`), completion scripts (`kubectl completion bash`).
const SH = '(?:bash|zsh)';
const setup = (re: string): ProgramSpec => ({ 'shell-setup': re });
const manager = setup(`hook ${SH}|init(?: (?:-|--path|bash|zsh))*|virtualenv-init -|activate ${SH}|env(?: --use-on-cd)?`);
const completion = setup(`completion ${SH}`);
const completions = setup(`completions ${SH}`);
const SHELL_SETUP: Record<string, ProgramSpec> = table({
  direnv: setup(`hook ${SH}|export ${SH}`),
  pyenv: manager, rbenv: manager, nodenv: manager, goenv: manager, jenv: manager, zoxide: manager, starship: manager, mise: manager, rtx: manager, fnm: manager,
  brew: setup(`shellenv(?: ${SH})?`),
  conda: setup(`shell\\.${SH} hook`),
  minikube: setup(`(?:(?:-p|--profile) [\\w.-]+ )?(?:docker|podman)-env(?: (?:--shell ${SH}|(?:-p|--profile) [\\w.-]+))*|completion ${SH}`),
  kubectl: completion, helm: completion, kind: completion, k3d: completion, flux: completion, argocd: completion, docker: completion, oc: completion, istioctl: completion,
  gh: setup(`completion (?:-s|--shell) ${SH}`),
  rustup: completions, poetry: completions, deno: completions,
  npm: setup('completion'), pnpm: setup('completion'),
  pip: setup(`completion --${SH}`), pip3: setup(`completion --${SH}`),
  uv: setup(`generate-shell-completion ${SH}`),
  'docker-machine': setup(`env(?: --shell ${SH})?(?: [\\w.-]+)?`),
});

export const BUILTIN: Record<string, ProgramSpec> = table([...PARSING, STDOUT_RUNNERS, TUNNELS, TYPED, SHELL_SETUP].reduce<Record<string, ProgramSpec>>((all, block) => {
  for (const [k, v] of Object.entries(block)) all[k] = all[k] ? mergeProgram(all[k], v) : v;
  return all;
}, withTargets(BASE)));
