// The parse side's part of the builtin registry: option grammars and per-program behaviour that
// src/parse reads (remote shells, git's global options, tmux, tools whose options carry code,
// raw socket clients, container runs, interpreters, package runners, make, secret injectors,
// env-file loaders, task runners, project files loaded as code, database shell escapes). Kept apart
// so it merges onto the entries builtin.ts declares for the same programs (mergeProgram: lists
// grow, what the base says stays). The rules and target readers read the merged entries too.
import type { PackageScripts, ProgramSpec } from './types.js';
import { table } from '../own.js';

const shorts = (s: string): string[] => [...s].map((c) => `-${c}`);
const longs = (s: string): string[] => s.split(/\s+/).filter(Boolean).map((l) => `--${l}`);

// ---- remote shells (OpenSSH 9.x synopses: ssh(1), scp(1), sftp(1)). ssh reads options again
// after the destination (`ssh host -l root cmd`); the command starts at the next positional.

const SSH: ProgramSpec = { 'value-options': shorts('BbcDEeFIiJLlmOoPpQRSWw') };
const SCP: ProgramSpec = { 'value-options': shorts('cDFiJloPSX') };
const SFTP: ProgramSpec = { 'value-options': shorts('BbcDFiJloPRSsX') };
// rsync: -e/--rsh runs a command; the rest so that `-e` inside a value isn't read as one.
const RSYNC: ProgramSpec = {
  'value-options': [...shorts('eBfMT@'), ...longs(`rsh rsync-path block-size filter remote-option temp-dir modify-window exclude include exclude-from
    include-from files-from compare-dest copy-dest link-dest backup-dir suffix chmod chown usermap groupmap max-size min-size max-delete partial-dir
    log-file log-file-format out-format password-file bwlimit timeout contimeout port sockopts compress-level compress-choice checksum-choice
    skip-compress iconv write-batch read-batch only-write-batch protocol checksum-seed stop-after stop-at address info debug outbuf max-alloc`)],
};

// ---- git's own options before its subcommand that take a separate value (git.c handle_options):
// `--exec-path`, `--list-cmds` take only `=value`. Its subcommands' options are rulesets/git.yaml's.
const GIT: ProgramSpec = { 'value-options': ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source'] };

// ---- tmux (tmux(1)): its own options (-c runs a shell command, for sh compatibility), then a
// command; those that take a trailing shell command, with the options each takes a value for.
const tmuxSub = (letters: string) => ({ 'value-options': shorts(letters) });
const TMUX_NEW = tmuxSub('cefFnstxy');
const TMUX_NEWW = tmuxSub('ceFnt');
const TMUX_SPLIT = tmuxSub('celtFp');
const TMUX_RESPAWN = tmuxSub('cet');
const TMUX_RUN = tmuxSub('cdt');
const TMUX_POPUP = tmuxSub('bcdehsStTwxy');
const TMUX: ProgramSpec = {
  'value-options': shorts('cfLST'),
  subcommands: {
    'new-session': TMUX_NEW, new: TMUX_NEW, 'new-window': TMUX_NEWW, neww: TMUX_NEWW, 'split-window': TMUX_SPLIT, split: TMUX_SPLIT, splitw: TMUX_SPLIT,
    'respawn-pane': TMUX_RESPAWN, respawnp: TMUX_RESPAWN, 'respawn-window': TMUX_RESPAWN, respawnw: TMUX_RESPAWN, respawn: TMUX_RESPAWN,
    'run-shell': TMUX_RUN, run: TMUX_RUN, 'display-popup': TMUX_POPUP, popup: TMUX_POPUP,
  },
};

// ---- tools whose options carry code in their own language (parse/tools.ts reads it)

// GNU sed (getopt_long: `--expr` is --expression). -i's suffix is attached (`-ie` is suffix e).
const SED: ProgramSpec = {
  'value-options': ['-e', '--expression', '-f', '--file', '-l', '--line-length'],
  'attached-options': ['-i'],
  'flag-options': longs('quiet silent debug follow-symlinks in-place null-data zero-terminated posix regexp-extended separate sandbox unbuffered binary help version'),
  abbreviations: true,
  payload: { kind: 'code', flags: ['-e', '--expression'], files: ['-f', '--file'] },
};
// gdb (getopt_long_only: -ex, --ex, -eval, --eval-command=...): commands and command files.
const GDB: ProgramSpec = {
  'value-options': longs(`ex eval-command iex init-eval-command eiex early-init-eval-command x command ix init-command eix early-init-command
    d directory data-directory D cd tty b baud l i interpreter se s symbols e exec c core p pid`),
  'flag-options': longs('args batch q quiet silent n nx nh readnow readnever tui write statistics version help configuration return-child-result'),
  'single-dash-long': true,
  abbreviations: true,
  payload: { kind: 'code', flags: longs('ex eval-command iex init-eval-command eiex early-init-eval-command'), files: longs('x command ix init-command eix early-init-command') },
};

// GNU tar (argp: long options by unique prefix, `--opt value` too): the options that run a command.
const TAR: ProgramSpec = {
  'value-options': [...shorts('bCfFgHIKLNTVX'), ...longs(`blocking-factor checkpoint-action directory exclude exclude-from exclude-tag exclude-tag-all
    exclude-tag-under file files-from format group group-map hole-detection index-file info-script new-volume-script label listed-incremental mode
    mtime newer after-date newer-mtime owner owner-map pax-option quoting-style quote-chars no-quote-chars record-size rmt-command rsh-command
    sort starting-file strip-components suffix tape-length to-command transform xform use-compress-program volno-file warning level`)],
  'flag-options': longs(`create extract get list append update concatenate catenate delete diff compare test-label verbose gzip gunzip bzip2 xz
    lzip lzma lzop zstd compress uncompress auto-compress keep-old-files keep-newer-files overwrite overwrite-dir unlink-first recursive-unlink
    remove-files to-stdout preserve-permissions same-permissions preserve-order same-order absolute-names dereference hard-dereference
    one-file-system ignore-zeros ignore-failed-read verify totals checkpoint wildcards no-wildcards anchored no-anchored null numeric-owner
    sparse incremental multi-volume interactive confirmation show-transformed-names show-stored-names help usage version utc`),
  abbreviations: true,
  payload: { kind: 'code', flags: ['-I', '--use-compress-program', '--to-command', '-F', '--info-script', '--new-volume-script', '--rsh-command'] },
};

// su and script (util-linux, getopt_long): the options that run a shell command.
const SU: ProgramSpec = {
  'value-options': ['-c', '--command', '-C', '--session-command', '-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment'],
  'flag-options': longs('login preserve-environment pty fast help version'),
  abbreviations: true,
  payload: { kind: 'code', flags: ['-c', '--command', '-C', '--session-command'] },
};
// runuser reads su's options, and -u USER (then it runs the command after them: a wrapper).
const RUNUSER: ProgramSpec = { ...SU, 'value-options': [...SU['value-options']!, '-u', '--user'] };
const SCRIPT: ProgramSpec = {
  'value-options': ['-c', '--command', '-E', '--echo', '-B', '--log-io', '-I', '--log-in', '-O', '--log-out', '-T', '--log-timing', '-m', '--logging-format', '-o', '--output-limit'],
  // -t[FILE]: an optional value, only attached
  'attached-options': ['-t'],
  'flag-options': longs('append return flush force quiet timing help version'),
  abbreviations: true,
  payload: { kind: 'code', flags: ['-c', '--command'] },
};

// ---- raw socket clients (parse/runtime.ts rawProtocol reads their host and port): netcat
// (OpenBSD, Debian, traditional), ncat (-c/--sh-exec takes a command there), telnet; curl's
// telnet:// URLs, socat's TCP addresses and `openssl s_client -connect` too.
const NC: ProgramSpec = { 'value-options': shorts('CeHIiKMmOoPpqRsTVWwXxZ'), 'raw-socket': 'host-port' };
const NCAT: ProgramSpec = {
  'value-options': [...shorts('cedgGimopqswx'), ...longs(`exec sh-exec lua-exec proxy proxy-type proxy-auth proxy-dns ssl-cert ssl-key ssl-trustfile ssl-ciphers
    ssl-servername ssl-alpn allow allowfile deny denyfile source source-port wait idle-timeout delay output hex-dump max-conns append-output`)],
  abbreviations: true,
  'raw-socket': 'host-port',
  // -c/--sh-exec runs a shell command per connection, -e/--exec a program with its arguments
  payload: { kind: 'code', flags: ['-c', '--sh-exec', '-e', '--exec'] },
};
const TELNET: ProgramSpec = { 'value-options': shorts('Xbekln'), 'raw-socket': 'host-port' };

// ---- container engines: `X [container] run [opts] IMAGE CMD` (parse/containers.ts)

/** docker/podman run options that take a value (long forms also take `--opt=value`). */
const RUN_OPTS = [
  '-a', '--attach', '--add-host', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns',
  '--cidfile', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime', '-c', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems',
  '--device', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops', '--device-write-bps', '--device-write-iops', '--dns', '--dns-option',
  '--dns-search', '--domainname', '--entrypoint', '-e', '--env', '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval',
  '--health-retries', '--health-start-period', '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l',
  '--label', '--label-file', '--link', '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation',
  '--memory-swap', '--memory-swappiness', '--mount', '--name', '--network', '--net', '--network-alias', '--oom-score-adj', '--pid', '--pids-limit',
  '--platform', '-p', '--publish', '--pull', '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt',
  '--sysctl', '--tmpfs', '--ulimit', '-u', '--user', '--userns', '--uts', '-v', '--volume', '--volume-driver', '--volumes-from', '-w', '--workdir',
  '--detach-keys', '--pod', '--arch', '--os', '--variant', '--secret', '--hooks-dir', '--init-path', '--umask', '--timeout',
];
/** The engine's own options before the subcommand (`docker -H host run`). Not `-l`
 *  (--log-level): after a subcommand it is a flag (`docker rm -l`, `docker ps -l`). */
const ENGINE_GLOBALS = ['-H', '--host', '--context', '-c', '--config', '--log-level', '--tlscacert', '--tlscert', '--tlskey'];
// `docker compose [opts] run`: compose's own options before its subcommand are docker-compose's
// `wraps.globalWithArg` (builtin.ts); not a `compose` grammar, since after `rm` -f is --force.
const ENGINE: ProgramSpec = { 'runs-containers': true, 'value-options': ENGINE_GLOBALS, subcommands: { run: { 'value-options': RUN_OPTS } } };

// ---- interpreters: `payload.flags` run inline code (the first is the one a stand-in uses),
// `payload.files` load a module first; `value-options` take a value before the script (parse/runtime.ts);
// rules/inline/extract.ts reads the inline code with these grammars too.

const INTERPRETERS: Record<string, ProgramSpec> = table({
  python: { payload: { kind: 'code', lang: 'python', flags: ['-c'] }, 'value-options': ['-W', '-X', '--check-hash-based-pycs'] },
  // node and bun: rules/inline/extract.ts reads their inline code with these too.
  node: {
    payload: { kind: 'code', lang: 'node', flags: ['-e', '--eval', '-p', '--print'], files: ['-r', '--require', '--import', '--loader', '--experimental-loader'] },
    'value-options': ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--input-type', '--title', '--inspect-port',
      '--redirect-warnings', '--cpu-prof-dir', '--heap-prof-dir', '--diagnostic-dir', '--report-dir', '--openssl-config', '--tls-cipher-list'],
  },
  bun: {
    payload: { kind: 'code', lang: 'bun', flags: ['-e'], files: ['-r', '--preload'] },
    'value-options': ['-r', '--preload', '--require', '--import', '--env-file', '--cwd', '--config', '--loader', '--conditions', '--title', '--tsconfig-override', '--define'],
  },
  // deno (clap): options of `deno eval` that take a separate value; --reload, --lock, --env-file,
  // --v8-flags take one only after `=`.
  deno: { 'value-options': ['-c', '--config', '--import-map', '--cert', '--location', '--seed', '--ext'] },
  // perl -i.bak, -F/re/, -Mmod...; ruby -i.bak, -Kcode: `attached-options` take only the rest of the word.
  perl: { payload: { kind: 'code', lang: 'perl', flags: ['-e', '-E'] }, 'value-options': ['-I', '-M', '-m'], 'attached-options': shorts('CDdiFxV') },
  ruby: {
    payload: { kind: 'code', lang: 'ruby', flags: ['-e'] },
    'value-options': ['-I', '-r', '-C', '-E', '--encoding', '--external-encoding', '--internal-encoding'],
    'attached-options': shorts('FiTWKx'),
  },
  php: { payload: { kind: 'code', lang: 'php', flags: ['-r'] }, 'value-options': ['-c', '-d', '-z', '-t'] },
  // Blender runs Python: --python-expr CODE, -P/--python FILE (blender --help).
  // (rules/inline/extract.ts reads them; no payload here, so a .blend file is never read as a script).
  blender: { 'value-options': ['-P', '--python', '--python-expr', '--python-text', '-o', '--render-output', '-f', '--render-frame', '-s', '--frame-start', '-e', '--frame-end', '-S', '--scene', '-E', '--engine', '-t', '--threads', '--addons', '--app-template'] },
});

// ---- package runners: their own options, and how they run package.json scripts (parse/indirect.ts)

// Every runner: the options that name another shell for its scripts (npm --script-shell, bun --shell).
const SCRIPT_SHELL = ['--script-shell', '--shell', '--shell-mode'];
const scriptsOf = (dir: string[], workspace: string[], more: Partial<PackageScripts> = {}): PackageScripts => ({ dir, workspace, ...more, shell: SCRIPT_SHELL });
// Tools whose bins pnpm, yarn and bun run by their bare name (`pnpm prisma ...`), read where they act.
const BINS = ['prisma', 'drizzle-kit', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'mikro-orm', 'supabase', 'vercel',
  'railway', 'netlify', 'wrangler', 'cdk', 'pulumi', 'dbmate', 'node-pg-migrate', 'db-migrate', 'kysely'];
const RUNNERS: Record<string, ProgramSpec> = table({
  npm: {
    'value-options': ['--prefix', '-C', '-w', '--workspace', '--loglevel', '--registry', '--userconfig', '--globalconfig', '--cache', '--script-shell', '--tag', '--otp', '--before', '-c', '--call'],
    // Its reports and package.json editing run no lifecycle script (docs.npmjs.com/cli/commands):
    // not version, pack, publish, rebuild, update, link, audit (`audit fix` installs), config.
    'package-scripts': scriptsOf(['--prefix', '-C'], ['-w', '--workspace', '--workspaces', '-ws', '--include-workspace-root'], {
      'npm-args': true,
      'no-scripts': ['pkg', 'ls', 'list', 'll', 'la', 'outdated', 'view', 'info', 'show', 'v', 'why', 'explain', 'query', 'help', 'search', 'prefix', 'root', 'fund', 'whoami', 'ping', 'docs', 'bugs', 'repo', 'home'],
    }),
  },
  pnpm: {
    'value-options': ['-C', '--dir', '--filter', '-F', '--filter-prod', '--workspace-concurrency', '--reporter', '--loglevel', '--resume-from', '--test-pattern', '--changed-files-ignore-pattern', '--config-dir', '--store-dir'],
    'package-scripts': scriptsOf(['-C', '--dir'], ['-r', '--recursive', '--filter', '-F', '--filter-prod', '-w', '--workspace-root'], { 'bare-scripts': true, bins: BINS }),
  },
  yarn: { 'value-options': ['--cwd', '--modules-folder', '--cache-folder', '--mutex', '--network-timeout', '--registry'], 'package-scripts': scriptsOf(['--cwd'], [], { 'bare-scripts': true, bins: BINS }) },
  nr: { 'value-options': ['-C'], 'package-scripts': scriptsOf(['-C'], [], { 'bare-scripts': false }) },
});
// bun's runner options join its interpreter ones (one entry per program).
const BUN_RUNNER: ProgramSpec = {
  'value-options': ['--cwd', '--filter', '-F', '--elide-lines', '--shell', '--env-file', '--config', '-c'],
  'package-scripts': scriptsOf(['--cwd'], ['--filter', '-F', '--workspaces'], { 'bare-scripts': true, bins: BINS }),
};

// ---- make (parse/make.ts)

const MAKE: ProgramSpec = {
  'value-options': ['-C', '-f', '-I', '-j', '-l', '-o', '-W', '--directory', '--file', '--makefile', '--include-dir', '--jobs', '--load-average', '--old-file', '--assume-old', '--what-if', '--new-file', '--assume-new', '--eval', '-E'],
  'dry-run': ['-n', '--just-print', '--dry-run', '--recon'],
};

// ---- secret injectors: `doppler run -- cmd` (parse/runtime.ts; their value options are the
// wrapper's `withArg`, declared in builtin.ts)

const INJECTORS: Record<string, ProgramSpec> = table({
  railway: { injects: { sub: 'run' } },
  doppler: { injects: { sub: 'run' } },
  op: { injects: { sub: 'run' } },
  infisical: { injects: { sub: 'run' } },
  chamber: { injects: { sub: 'exec' } },
  teller: { injects: { sub: 'run' } },
});

// ---- env-file loaders: `X run [opts] CMD` with variables from the files their options name
// (parse/runtime.ts envLoader). dotenvx (commander), foreman (Thor), honcho (argparse), uv (clap).
const LOADERS: Record<string, ProgramSpec> = table({
  dotenvx: { 'env-file-options': ['-f', '--env-file'], subcommands: { run: { 'value-options': ['-f', '--env-file', '-fk', '--env-keys-file', '-e', '--env', '--convention', '--ignore', '--log-level'] } } },
  foreman: { 'env-file-options': ['-e', '--env'], subcommands: { run: { 'value-options': ['-e', '--env', '-d', '--root', '-f', '--procfile'] } } },
  honcho: { 'env-file-options': ['-e', '--env'], subcommands: { run: { 'value-options': ['-e', '--env', '-d', '--app-root', '-f', '--procfile'], abbreviations: true } } },
  uv: { 'env-file-options': ['--env-file'], subcommands: { run: { 'value-options': ['--env-file', '--with', '--with-editable', '--with-requirements', '--python', '-p', '--project', '--directory', '--package', '--extra', '--group', '--index', '--default-index'] } } },
});

// ---- task runners: first words that only read (no project code runs)

const READ_ONLY: Record<string, ProgramSpec> = table({
  mise: { 'read-only': ['ls', 'list', 'doctor', 'version', '--version', '-v', 'which', 'where', 'current', 'help', '--help', '-h', 'ls-remote', 'outdated', 'plugins'] },
  just: { 'read-only': ['--list', '-l', '--summary', '--dump', '--show', '-s', '--help', '-h', '--version', '-V', '--evaluate'] },
  task: { 'read-only': ['--list', '-l', '--list-all', '-a', '--help', '-h', '--version', '--summary'] },
  foreman: { 'read-only': ['check', 'help', '--help', '-h', 'version', '--version'] },
  honcho: { 'read-only': ['check', 'help', '--help', '-h', 'version', '--version'] },
});

// ---- options that only print help: no rule matches an invocation with one (rules/match.ts).
// git: every subcommand's -h prints its usage, --help its manual (commands it runs, `bisect run`,
// `submodule foreach`, aliases, are walked as their own invocations); terraform/tofu take -h,
// -help and --help; aws reads `--help` as an unknown option and stops before calling anything
// (its help is `aws ... help`, which the aws rules leave out by their `args`). Not rails or rake:
// `rails runner CODE --help` hands --help to CODE, and rake runs `-e CODE` before it reads a later
// --help (databases/rails-db-reset leaves out help of tasks by its own flags).

const HELP: Record<string, ProgramSpec> = table({
  git: { help: ['-h', '--help'] },
  aws: { help: ['--help'] },
  terraform: { help: ['-h', '-help', '--help'] },
  tofu: { help: ['-h', '-help', '--help'] },
});

// ---- tools that load code from project files next to them (parse/runtime.ts projectCode)

const pc = (files: RegExp, lang?: string, dsl?: { prelude: string; shell: RegExp; as: string }): ProgramSpec => ({
  'project-code': { files: files.source, ...(lang ? { lang } : {}), ...(dsl ? { dsl: { ...dsl, shell: dsl.shell.source } } : {}) },
});
const runs = (spec: ProgramSpec, words: string[]): ProgramSpec => ({ 'project-code': { ...spec['project-code']!, runs: words } });
// Rake tasks call FileUtils bare (rm_rf) and run shell commands with `sh` (rake/file_utils.rb);
// invoke and fabric tasks with c.run / c.sudo / c.local (and fabric 1's bare run, local, sudo).
const RAKE = { prelude: 'include FileUtils\n', shell: /(?<![\w.:@$])sh(?=[\s(])/, as: 'system' };
const INVOKE = { prelude: 'import os\n', shell: /(?<![\w.])(?<!def )(?:(?:c|ctx|context|conn|connection|cx)\.)?(?:run|sudo|local)(?=\s*\()/, as: 'os.system' };
const JS = /\.(c|m)?[jt]sx?$/;
const JS_CONFIG = /\.(c|m)?[jt]s$/;
const PY = /\.py$/;
const PROJECT_CODE: Record<string, ProgramSpec> = table({
  pytest: pc(PY, 'python3'), 'py.test': pc(PY, 'python3'),
  // tox runs the `commands` of tox.ini (or setup.cfg's / pyproject.toml's tox section) and the
  // project's Python: a file of these the line wrote is unknown code.
  tox: pc(/(\.py|(^|\/)(tox\.ini|setup\.cfg|pyproject\.toml|tox\.toml))$/),
  // Procfile runners start each process line (`name: command`) as a shell command
  // (ddollar/foreman, honcho, overmind, hivemind): a Procfile the line wrote is read as those.
  foreman: pc(/(^|\/)Procfile[^/]*$/, 'procfile'), honcho: pc(/(^|\/)Procfile[^/]*$/, 'procfile'), overmind: pc(/(^|\/)Procfile[^/]*$/, 'procfile'), hivemind: pc(/(^|\/)Procfile[^/]*$/, 'procfile'),
  // nox sessions run commands with session.run(...), which the Python reader doesn't know: a noxfile
  // the line wrote is unknown code.
  nox: pc(/(^|\/)noxfile\.py$/),
  pip: pc(/(^|\/)(setup\.py|[^/]+\.py)$/, 'python3'), pip3: pc(PY, 'python3'), poetry: pc(PY, 'python3'), hatch: pc(PY, 'python3'),
  rake: pc(/(^|\/)(Rakefile|[^/]+\.rake|[^/]+\.rb)$/, 'ruby', RAKE), bundle: pc(/(\.rb|Gemfile|Rakefile)$/, 'ruby', RAKE),
  // Rails loads its tasks (lib/tasks/*.rake), seeds (db:seed, db:seed:replant) and initializers on
  // every command; knex seed:run runs the seed files; `pipenv run NAME` a [scripts] entry of the Pipfile.
  rails: pc(/(^|\/)(lib\/tasks\/[^/]+\.rake|db\/seeds(\.rb|\/[^/]+\.rb)|config\/initializers\/[^/]+\.rb|Rakefile)$/, 'ruby', RAKE),
  knex: runs(pc(/(^|\/)seeds?\/[^/]+\.(c|m)?[jt]s$/), ['seed:run']),
  pipenv: runs(pc(/(^|\/)Pipfile$/), ['run']),
  jest: pc(JS, 'node'), vitest: pc(JS, 'node'), mocha: pc(JS, 'node'), vite: pc(JS_CONFIG, 'node'), webpack: pc(JS_CONFIG, 'node'), rollup: pc(JS_CONFIG, 'node'),
  eslint: pc(/eslint[^/]*\.(c|m)?[jt]s$/, 'node'), prettier: pc(/prettier[^/]*\.(c|m)?[jt]s$/, 'node'), next: pc(JS, 'node'), playwright: pc(JS_CONFIG, 'node'),
  // Makefile.toml: cargo-make's tasks (`cargo make TASK`).
  cargo: pc(/(\.rs|Cargo\.toml|Makefile\.toml)$/), gradle: pc(/\.gradle(\.kts)?$/), gradlew: pc(/\.gradle(\.kts)?$/), mvn: pc(/pom\.xml$/), go: runs(pc(/\.go$/), ['run', 'test', 'generate', 'build']),
  // Task runners: a task file the line wrote first pauses (its tasks are not read here). just's
  // and go-task's recipes are read (parse/tasks.ts), from disk or as the line wrote them.
  mise: pc(/(^|\/)(\.?mise[^/]*\.toml|\.tool-versions|\.?mise(-tasks)?\/.*|\.config\/mise\/.*)$/),
  // devbox.json and pixi.toml scripts, pre-commit's local hooks, SCons' Python build files, ninja
  // rules, PlatformIO's extra scripts (Python), zx scripts and Godot's GDScript run what they say.
  devbox: pc(/(^|\/)devbox\.json$/), pixi: pc(/(^|\/)(pixi|pyproject)\.toml$/),
  // `pre-commit install` writes a hook script and runs none; bare `pre-commit` (or with options) runs.
  'pre-commit': runs({ 'project-code': { files: /(^|\/)\.pre-commit-(config|hooks)\.ya?ml$/.source, anywhere: true } }, ['', 'run', 'try-repo', 'hook-impl']),
  scons: pc(/(^|\/)(SConstruct|SConscript|[^/]+\.py)$/, 'python3'),
  ninja: { 'project-code': { files: /\.ninja$/.source, anywhere: true } },
  pio: pc(PY, 'python3'), platformio: pc(PY, 'python3'),
  zx: { 'project-code': { files: /\.((c|m)?[jt]s|md)$/.source, anywhere: true } },
  godot: { 'project-code': { files: /\.gd$/.source, anywhere: true } }, godot4: { 'project-code': { files: /\.gd$/.source, anywhere: true } },
  // spark-submit runs the application file it is given (a .py with PySpark); Airflow imports the
  // DAG files of its dags folder on every dags/tasks command and runs their tasks on `dags test`,
  // `tasks test`, `dags backfill` and in the scheduler (rt27a).
  'spark-submit': pc(PY, 'python3'),
  airflow: runs(pc(PY, 'python3'), ['dags', 'tasks', 'standalone', 'scheduler', 'backfill']),
  poe: pc(/(\.toml|\.py)$/), invoke: pc(PY, 'python3', INVOKE), inv: pc(PY, 'python3', INVOKE), fab: pc(PY, 'python3', INVOKE),
  gulp: pc(JS_CONFIG, 'node'), grunt: pc(JS_CONFIG, 'node'),
  // Monorepo runners run package.json scripts (and their own task files) in every package.
  turbo: pc(/(package|turbo)\.json$/), nx: pc(/(package|nx|project)\.json$/), lerna: pc(/(package|lerna)\.json$/),
  makers: pc(/Makefile\.toml$/), 'cargo-make': pc(/Makefile\.toml$/),
  // Coding agents read their settings (approval modes, allowed tools, hooks, MCP servers) from the
  // project and the user's home: written by the line, they may turn every approval off.
  claude: { 'project-code': { files: /(^|\/)(\.claude\/settings(\.local)?\.json|\.mcp\.json|\.claude\.json)$/.source, anywhere: true } },
  codex: { 'project-code': { files: /(^|\/)\.codex\/config\.toml$/.source, anywhere: true } },
  gemini: { 'project-code': { files: /(^|\/)\.gemini\/settings\.json$/.source, anywhere: true } },
  qwen: { 'project-code': { files: /(^|\/)\.qwen\/settings\.json$/.source, anywhere: true } },
  opencode: { 'project-code': { files: /(^|\/)(opencode\.jsonc?|\.opencode\/.*|\.config\/opencode\/.*)$/.source, anywhere: true } },
  'cursor-agent': { 'project-code': { files: /(^|\/)\.cursor\/(cli|cli-config)\.json$/.source, anywhere: true } },
  aider: { 'project-code': { files: /(^|\/)\.aider\.conf\.ya?ml$/.source, anywhere: true } },
  // An Ansible playbook the line writes runs its tasks (shell, file state=absent...) unread.
  'ansible-playbook': pc(/\.ya?ml$/),
  // A Puppet manifest the line writes, applied (`puppet apply site.pp`): its resources run unread (rt27b).
  puppet: runs(pc(/\.pp$/), ['apply']),
  // cmake runs CMakeLists.txt and `-P` scripts: file(REMOVE_RECURSE ...), execute_process(...).
  cmake: { 'project-code': { files: /(^|\/)(CMakeLists\.txt|[^/]+\.cmake)$/.source, anywhere: true } },
  // Tilt runs its Tiltfile (Starlark; local() and local_resource() run shell commands) on `up` and
  // `ci`; mix loads mix.exs (Elixir; its aliases run `cmd` shell commands) for every task but `new`,
  // `help`, `local*` and `archive*`, which don't read a project.
  tilt: runs(pc(/(^|\/)(Tiltfile|[^/]+\.tiltfile|[^/]+\.star)$/), ['up', 'ci']),
  mix: pc(/(^|\/)(mix\.exs|config\/[^/]+\.exs)$/),
  // Earthly's targets run their RUN lines (LOCALLY: on this machine).
  earthly: pc(/(^|\/)Earthfile$/), earth: pc(/(^|\/)Earthfile$/),
  // composer run-script / composer NAME: scripts in composer.json.
  composer: pc(/composer\.json$/),
  // fastlane runs the lanes of fastlane/Fastfile (Ruby with fastlane's actions: match_nuke,
  // deliver...) and reads its other config files: one the line wrote pauses (its lanes are not read).
  fastlane: pc(/(^|\/)(Fastfile|Appfile|Matchfile|Deliverfile|Snapfile|Gymfile|Scanfile|Pluginfile|Precheckfile)$/),
  // Runners of one source file of a compiled language (as `go run x.go`): a file the line wrote
  // is code that isn't read here. rust-script and cargo's scripts, Swift, single-file Java, Kotlin
  // and Scala scripts, dotnet script, R, Haskell, Crystal, Nim, Zig, Dart, Groovy, OCaml, D, tcc -run.
  // Their formatters, linters and analyzers only read (`runs`); a build runs Package.swift,
  // build.zig and MSBuild's targets, which are code.
  'rust-script': pc(/\.e?rs$/), scriptisto: pc(/./), swift: runs(pc(/\.swift$/), ['run', 'test', 'build', 'package']), java: pc(/\.java$/), jshell: pc(/\.jsh?$/),
  kotlin: pc(/\.kts$/), kotlinc: pc(/\.kts$/), 'scala-cli': pc(/\.(sc|scala)$/), scala: pc(/\.(sc|scala)$/), amm: pc(/\.sc$/),
  dotnet: runs(pc(/\.(csx|cs|fsx|fs|csproj|fsproj)$/), ['run', 'test', 'build', 'watch', 'script', 'fsi', 'publish', 'pack', 'restore', 'msbuild']), 'dotnet-script': pc(/\.csx$/), Rscript: pc(/\.[Rr]$/), runghc: pc(/\.l?hs$/), runhaskell: pc(/\.l?hs$/),
  crystal: runs(pc(/\.cr$/), ['run', 'spec', 'build', 'eval', 'i']), nim: pc(/\.nims?$/), zig: runs(pc(/\.zig$/), ['run', 'test', 'build', 'build-exe']), dart: runs(pc(/\.dart$/), ['run', 'test']), groovy: pc(/\.groovy$/), ocaml: pc(/\.ml$/), rdmd: pc(/\.d$/), tcc: pc(/\.c$/),
});

// ---- database clients that run a shell command from the text they read

// psql and mysql read long options by unique prefix (getopt_long, my_getopt): `--comm` is
// --command. psql's long switches are listed so a prefix resolves among all of them.
const PSQL_FLAGS = longs(`echo-all no-readline echo-errors echo-queries echo-hidden list no-psqlrc single-transaction help version quiet
  single-step single-line no-align csv html expanded field-separator-zero record-separator-zero tuples-only no-password password`);
const MYSQL_FLAGS = longs('compress ssl help version verbose');
const DUCKDB_VALUE = ['-c', '-s', '-cmd', '-init', '-f', '-separator', '-nullvalue', '-newline', '-storage-version'].flatMap((o) => [o, `-${o}`]);
const ESCAPES: Record<string, ProgramSpec> = table({
  psql: { 'shell-escape': 'psql', abbreviations: true, 'flag-options': PSQL_FLAGS },
  // --compress and --ssl are switches, not prefixes of --compression-algorithms or --ssl-ca.
  mysql: { 'shell-escape': 'mysql', abbreviations: true, 'flag-options': MYSQL_FLAGS },
  mariadb: { 'shell-escape': 'mysql', abbreviations: true, 'flag-options': MYSQL_FLAGS },
  sqlite3: { 'shell-escape': 'sqlite3' },
  sqlite: { 'shell-escape': 'sqlite3' },
  // duckdb's CLI is sqlite3's (-c COMMAND runs one and exits; `--opt` is `-opt`). The SQL reader
  // reads its options with this too (rules/sql/options.ts).
  duckdb: { 'shell-escape': 'sqlite3', 'single-dash-long': true, 'value-options': DUCKDB_VALUE, payload: { kind: 'sql', flags: ['-c', '-cmd', '-s'], files: ['-init'], stdin: true } },
});

// ---- terminals whose `send-text` types into another terminal (parse/embedded.ts typedText): the
// options of that subcommand that take a value (kitty @ send-text, wezterm cli send-text).
const KITTY: ProgramSpec = { subcommands: { 'send-text': { 'value-options': ['-m', '--match', '-t', '--match-tab', '--from-file', '--bracketed-paste', '--to', '--password', '--password-file', '--password-env'] } } };
const TERMINALS: Record<string, ProgramSpec> = table({ kitty: KITTY, kitten: KITTY, wezterm: { subcommands: { 'send-text': { 'value-options': ['--pane-id'] } } } });

// ---- bash builtins that assign variables from input (walk.ts setByBuiltin; bash 5.2 `help read`,
// `help mapfile`): the options that take a value. read -s, -r, -e and mapfile -t are switches.
const MAPFILE: ProgramSpec = { 'value-options': shorts('dnOsuCc') };
const READ_BUILTINS: Record<string, ProgramSpec> = table({ read: { 'value-options': shorts('adinNptu') }, mapfile: MAPFILE, readarray: MAPFILE });
// ---- netcat by flavour (issue #15; parse/netcat.ts picks one by what `nc` resolves to): traditional
// nc 1.10 (getopt "ae:bc:g:G:hi:klno:p:q:rs:T:tuvw:zC") runs `-e PROG` and `-c CMD`; OpenBSD nc
// takes -c as TLS and -e NAME as the TLS peer's name.
const NC_TRADITIONAL: ProgramSpec = { 'value-options': shorts('cegGioqpsTw'), payload: { kind: 'code', flags: ['-c', '-e'] }, 'raw-socket': 'host-port' };
const NC_OPENBSD: ProgramSpec = { 'value-options': shorts('CeHIiKMmOoPpqRsTVWwXxZ'), 'raw-socket': 'host-port' };
const NETCATS: Record<string, ProgramSpec> = table({ 'nc.traditional': NC_TRADITIONAL, 'nc.openbsd': NC_OPENBSD });

// ---- tar's old style (issue #15): `tar cIf PROG x.tar`, `tar xfC a.tar DIR` (read.ts 'old-style').
const OLD_STYLE: Record<string, ProgramSpec> = table({ tar: { 'old-style': true }, gtar: { 'old-style': true }, bsdtar: { 'old-style': true } });

// ---- tmux commands found later (issue #15): pipe-pane's trailing shell command (if-shell is read
// in embedded.ts: its first argument is shell, the others tmux commands).
const TMUX_MORE: ProgramSpec = { subcommands: { 'pipe-pane': tmuxSub('t'), pipep: tmuxSub('t') } };

// ---- subcommands that run code (walk.ts codeSubcommand): WP-CLI's `eval CODE`, `eval-file FILE`
// (`-`: stdin) and `shell` (a REPL reading stdin) run PHP inside WordPress; `--ssh=` and `@alias`
// run it on another machine (developer.wordpress.org/cli/commands/eval, /eval-file, /shell;
// make.wordpress.org/cli/handbook/guides/running-commands-remotely).
const WP_CODE: ProgramSpec = {
  aliases: ['wp-cli.phar', 'wp-cli'],
  'value-options': ['--path', '--url', '--user', '--skip-plugins', '--skip-themes', '--require', '--exec', '--context', '--ssh', '--http'],
  'code-subcommands': { lang: 'php', inline: ['eval'], file: ['eval-file'], stdin: ['shell'], ssh: ['--ssh'], alias: true },
};

// ---- commands that make no file their words don't name (parse/writes.ts namesOnly): git brings
// tracked content from the repository (history, a stash, a fetched branch), none of it text the
// line wrote; cluster and registry clients act elsewhere; system package managers write under
// their own prefix. Not: git stash pop/apply (files an earlier line may have written), git
// clone/apply/am, docker exec/cp and a docker run with a mount (the project mounted), terraform apply/init (local-exec,
// modules), curl -J (a name the server picks), gh run/release download and repo clone.
// docker compose's own sub-commands are read with its options (writes.ts composeOnly).

const list = (words: string): string[] => words.trim().split(/\s+/);
// `docker run`/`create` with no mount reaches no file of this machine (`docker run -d --rm -p
// 5433:5432 postgres:16 && python manage.py migrate`); with a bind mount, another container's
// volumes or host privileges its command may write any of them (rt25fp2).
const DOCKER_NAMES: ProgramSpec = {
  'names-only': {
    subcommands: list('ps logs images build buildx pull push stop start restart kill rm rmi tag inspect network volume image system info version login logout top stats port pause unpause wait events history search context run create'),
    writes: ['-o', '--output', '-v', '--volume', '--mount', '--volumes-from', '--privileged', '--pid', '--device', '--cap-add', '--userns', '--security-opt'],
  },
};
const NAMES_ONLY: Record<string, ProgramSpec> = table({
  // `bisect start|good|bad|skip|reset` check out a commit like checkout does (rt26fp1); not `bisect
  // run`, whose command is walked on its own, nor `replay`, which reads a log file.
  git: { 'names-only': { subcommands: list('stash checkout switch pull merge rebase reset restore cherry-pick revert init mv rm clean gc prune notes lfs sparse-checkout maintenance fsck reflog describe shortlog whatchanged ls-remote ls-tree cat-file rev-list for-each-ref symbolic-ref update-index check-ignore bisect'), except: ['stash pop', 'stash apply', 'stash branch', 'bisect run', 'bisect replay'] } },
  docker: DOCKER_NAMES,
  podman: DOCKER_NAMES,
  kubectl: { 'names-only': { subcommands: ['*'], except: ['cp', 'krew'] } },
  oc: { 'names-only': { subcommands: ['*'], except: ['cp', 'rsync'] } },
  terraform: { 'names-only': { subcommands: list('fmt validate plan show output state providers graph version workspace login logout') } },
  tofu: { 'names-only': { subcommands: list('fmt validate plan show output state providers graph version workspace login logout') } },
  helm: { 'names-only': { subcommands: list('lint template list ls status get show repo search dependency dep history version env diff') } },
  curl: { 'names-only': { subcommands: ['*'], writes: ['-J', '--remote-header-name', '-K', '--config'] } },
  // `gh pr checkout 12` is a git checkout of the PR's branch.
  gh: { 'names-only': { subcommands: [...list('pr issue auth api label search status browse secret variable workflow cache ruleset project'), 'run list', 'run view', 'run watch', 'run rerun', 'run cancel', 'repo view', 'repo list', 'repo set-default', 'repo sync'] } },
  brew: { 'names-only': { subcommands: list('install upgrade update uninstall remove reinstall info list search outdated tap services cleanup link unlink doctor config') } },
  'apt-get': { 'names-only': { subcommands: list('install update upgrade remove purge autoremove dist-upgrade clean') } },
  apt: { 'names-only': { subcommands: list('install update upgrade remove purge autoremove list search show full-upgrade') } },
  dnf: { 'names-only': { subcommands: list('install update upgrade remove info list search makecache') } },
  yum: { 'names-only': { subcommands: list('install update upgrade remove info list search makecache') } },
  apk: { 'names-only': { subcommands: list('add del update upgrade info search') } },
  // adb's package and device commands act on the device; `pull REMOTE LOCAL` names what it writes
  // (redteam22-fp1: `adb uninstall com.x.debug; ./gradlew installDebug`). Not shell/exec-out
  // (redteam17-fp1's twin `adb shell ls && ./gradlew build`), backup, sideload.
  adb: { 'names-only': { subcommands: list('uninstall install install-multiple devices version logcat pull push reverse forward kill-server start-server get-state get-serialno wait-for-device reboot connect disconnect') } },
  // PostgreSQL's server-side utilities write no file at all (`createdb app_tmp && psql -d app_tmp
  // -f db/schema.sql`: the schema file is the one on disk, rt25fp2). Not psql (\o, \copy, -o, -L).
  createdb: { 'names-only': { subcommands: ['*'] } },
  dropdb: { 'names-only': { subcommands: ['*'] } },
  createuser: { 'names-only': { subcommands: ['*'] } },
  dropuser: { 'names-only': { subcommands: ['*'] } },
  pg_isready: { 'names-only': { subcommands: ['*'] } },
  // Data tools that list, query or copy remote data (rt27fp1): locally they write only the
  // destination their words name (`aws s3 cp s3://b/x ./local/`, `gsutil cp gs://b/x out/`, `hdfs
  // dfs -get /w/x ./tmp/`, `az storage blob download -f out/x`, `huggingface-cli download M
  // --local-dir ./m`, `mlflow artifacts download --dst-path out/m`) or nothing (listings, queries,
  // consumers printing to stdout), so a script missing from disk after them was missing before
  // (`aws s3 cp s3://b/x/ ./exports/ --recursive && python scripts/reconcile.py exports`). Not
  // `aws configure`/`eks update-kubeconfig` (settings files), `hadoop jar`, `s5cmd run` (a file of
  // commands), `mlflow run`/`models` (project code), `bq shell`/`init`.
  aws: { 'names-only': { subcommands: list('s3 s3api athena glue sts logs dynamodb kinesis sqs') } },
  gsutil: { 'names-only': { subcommands: list('ls cat cp rsync du stat hash mv rm mb rb') } },
  gcloud: { 'names-only': { subcommands: ['storage'] } },
  hdfs: { 'names-only': { subcommands: ['dfs'] } },
  hadoop: { 'names-only': { subcommands: list('fs dfs') } },
  az: { 'names-only': { subcommands: ['storage'] } },
  s5cmd: { 'names-only': { subcommands: list('ls cat cp du sync') } },
  'huggingface-cli': { 'names-only': { subcommands: list('download scan-cache') } },
  hf: { 'names-only': { subcommands: ['download', 'cache scan'] } },
  mlflow: { 'names-only': { subcommands: ['runs list', 'runs describe', 'experiments', 'artifacts list', 'artifacts download'] } },
  bq: { 'names-only': { subcommands: list('query ls show head mk rm cp extract load wait version') } },
  'kafka-console-consumer': { 'names-only': { subcommands: ['*'] } },
  'kafka-console-consumer.sh': { 'names-only': { subcommands: ['*'] } },
  'kafka-topics': { 'names-only': { subcommands: ['*'] } },
  'kafka-topics.sh': { 'names-only': { subcommands: ['*'] } },
  'kafka-consumer-groups': { 'names-only': { subcommands: ['*'] } },
  'kafka-consumer-groups.sh': { 'names-only': { subcommands: ['*'] } },
  kcat: { 'names-only': { subcommands: ['*'] } },
  kafkacat: { 'names-only': { subcommands: ['*'] } },
  // A client generator writes under its `-o` directory, a word of the line.
  'openapi-generator-cli': { 'names-only': { subcommands: list('generate validate list version config-help author') } },
  'openapi-generator': { 'names-only': { subcommands: list('generate validate list version config-help author') } },
});

/** The parse side's entries, by topic; builtin.ts merges them in this order (bun's two add up). */
export const PARSING: ReadonlyArray<Readonly<Record<string, ProgramSpec>>> = [
  NAMES_ONLY,
  { ssh: SSH, scp: SCP, sftp: SFTP, rsync: RSYNC, git: GIT, tmux: TMUX, sed: SED, gsed: SED, gdb: GDB, su: SU, runuser: RUNUSER, script: SCRIPT, tar: TAR, gtar: TAR, bsdtar: TAR },
  { nc: NC, netcat: NC, ncat: NCAT, telnet: TELNET, curl: { 'raw-socket': 'telnet-url' }, socat: { 'raw-socket': 'address' }, openssl: { 'raw-socket': 'connect' } },
  { docker: ENGINE, podman: ENGINE, nerdctl: ENGINE, finch: ENGINE },
  INTERPRETERS,
  RUNNERS,
  { bun: BUN_RUNNER },
  { make: MAKE, gmake: MAKE },
  INJECTORS,
  LOADERS,
  READ_ONLY,
  HELP,
  PROJECT_CODE,
  ESCAPES,
  READ_BUILTINS,
  TERMINALS,
  NETCATS,
  OLD_STYLE,
  { tmux: TMUX_MORE },
  { wp: WP_CODE },
];
