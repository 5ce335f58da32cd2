// What countersign knows about one program, as data: its names, how it reads its options, what it
// runs (wrapping), where its payload comes from and where it acts. Packs' `commands:` entries and
// the team's `programs:` entries have this shape too (kebab-case keys, as written in YAML).
import type { Word } from '../parse/index.js';

/** How a program reads its options. */
export interface OptionGrammar {
  /** Options that take a value (`-X`, `--request`): `--opt v`, `--opt=v`, `-Xv`, `-sX v` all work. */
  'value-options'?: string[];
  /** Short options whose value is only ever attached (mysql -pSECRET): the rest of the word. */
  'attached-options'?: string[];
  /** Options are single-dash long words (terraform -destroy, find -delete): never split bundles.
   *  With `abbreviations` (getopt_long_only, gdb), `-eval` names the unique `--eval…` long option. */
  'single-dash-long'?: boolean;
  /** Long options that take no value: with `abbreviations`, a unique prefix names one of these. */
  'flag-options'?: string[];
  /** A unique prefix of a long option names it (getopt_long, curl): `--req` is `--request`. */
  abbreviations?: boolean;
  /** Other spellings of options: `{-X: --request}`. Readers that want one name per option use it. */
  names?: Record<string, string>;
  /** A short option's attached value keeps a leading `=` (curl reads -X=DELETE as "=DELETE"). */
  'keep-eq'?: boolean;
  /** `-0`, `-4` are options, not negative numbers (curl, wget). */
  'digit-options'?: boolean;
  /** Options that take more than one separate value (sqlite3 `-pagecache SIZE N`): how many. */
  'value-counts'?: Record<string, number>;
  /** A first word of letters without a dash is a bundle of short options whose values are the
   *  next words in order (tar's old style: `tar cIf PROG x.tar` is `-c -I PROG -f x.tar`). */
  'old-style'?: boolean;
}

/** How a program runs another program given in its arguments (`sudo cmd`, `ourctl run -- cmd`). */
export interface WrapperSpec {
  /** Options that take a separate value (`-u root`); `--opt=value` and `-uroot` are handled. */
  withArg?: string[];
  /** The program's own `value-options` take a value here too (`npm exec --prefix DIR`, `railway
   *  run -e ENV`): one list for both. Builtin entries only (wrapperFor adds the builtin list). */
  ownOptions?: boolean;
  /** Leading subcommand words required for the wrapper form (`pnpm exec`). */
  sub?: string[];
  /** Subcommand words that are themselves the program run (`ddev wp …`, `lando mysql …`). */
  proxies?: string[];
  /** Positional words to skip before the command (`timeout 5`, `chroot /x`). */
  skip?: number;
  /** NAME=VALUE words before the command are environment (`env A=1 cmd`, `sudo A=1 cmd`). */
  assigns?: boolean;
  /** Options that take more than one separate value (`bwrap --bind SRC DEST`): how many. */
  argCount?: Record<string, number>;
  /** Options whose value is the program run; its arguments follow `--` (`start-stop-daemon --exec`). */
  progOpt?: string[];
  /** Options that mean no command is run (`command -v`, `ionice -p`). */
  noRun?: string[];
  /** First words that are the program's own subcommands, so no command is run (`corepack
   *  prepare`, `corepack enable`); any other word is the program run (`corepack pnpm i`). */
  own?: string[];
  /** The command's directory changes (`env -C dir`) or becomes unknown (`chroot`). */
  chdir?: string[];
  unknownCwd?: boolean;
  /** With unknownCwd: options that keep the caller's directory (`systemd-run --scope`, `--same-dir`). */
  keepCwd?: string[];
  /** With unknownCwd: options that start the command in the home directory (`systemd-run --user`). */
  homeCwd?: string[];
  /** Options that, given no command, start a shell that reads its commands from the input
   *  (`sudo -s <<< 'cmd'`, `sudo -i`, `doas -s`): read as `sh` with the line's input. `'*'`:
   *  with no command it always does (`chroot DIR`, `unshare`, `nsenter`, `fakeroot`, `firejail`). */
  bareShell?: string[];
  /** Arguments are appended at run time. */
  moreArgs?: boolean;
  /** Options after which the rest is one shell string (`watch` without -x joins its words). */
  shellJoin?: boolean;
  /** Flags that make the rest one shell string, as shellJoin does always (`env-cmd --use-shell`). */
  shellFlag?: string[];
  /** Only the part after `--` is the command (`op run -- cmd`). */
  afterDashDash?: boolean;
  /** The words after `--` (or afterFlag) are arguments of this program, not a command
   *  (`capsh -- -c CMD` runs `bash -c CMD`); `argsOfOption` names another (`capsh --shell=/bin/sh`). */
  argsOf?: string;
  argsOfOption?: string;
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
  /** Options may follow positionals (`chokidar 'src/**' -c 'cmd'`): read on past each one. */
  anyOrder?: boolean;
  /** A lone `-` is a flag, not the command (`sg - group`). */
  dashFlag?: boolean;
  /** Each word after the options is a shell command of its own (`concurrently 'a' 'b'`). */
  eachShell?: boolean;
  /** Options that mount a host directory at a path the command sees (`proot -b HOST:GUEST`,
   *  `bwrap --bind HOST GUEST`, `systemd-nspawn --bind=HOST:GUEST`): `colon` is one value
   *  HOST[:GUEST[:OPTS]] (no GUEST: the same path), `pair` two words. The command's paths under a
   *  guest path are judged as the host paths they stand for. */
  binds?: Record<string, 'colon' | 'pair'>;
  /** The command runs on another machine or instance (`lxc exec c1 -- CMD`, `vagrant ssh -c
   *  CMD`): judged as a command over ssh there. Its name is the first positional (the skipped
   *  one). */
  machine?: boolean;
  /** With `machine`: the project directory is mounted at this path there (Vagrant's `/vagrant`). */
  projectAt?: string;
}

/** Where a program's payload comes from, for the readers of SQL, HTTP requests and code. */
export interface Payload {
  kind: 'sql' | 'http' | 'code' | 'stdin';
  /** Options whose values are the payload (`psql -c`, `curl -d`). */
  flags?: string[];
  /** Options whose values name a file holding it (`psql -f`, `curl -d @file` is the reader's). */
  files?: string[];
  /** Read from stdin when no flag gives it. */
  stdin?: boolean;
  /** SQL: whose reading this is (psql, mysql, sqlite3, duckdb, mongosh, redis-cli, clickhouse,
   *  cockroach): its dialect, the files its text pulls in, its shell escapes and error handling,
   *  and the quirks no field here says (src/rules/sql/sources.ts). */
  client?: string;
  /** The program reads the payload only after this first word (`clickhouse client`, `cockroach sql`). */
  sub?: string;
  /** Options whose values are payload run first, not instead of stdin (mysql --init-command,
   *  sqlite3 -cmd); `beforeFiles`: the same, naming a file (sqlite3 -init). */
  before?: string[];
  beforeFiles?: string[];
  /** Positionals from this one on (0: the first) are payload (`sqlite3 DB 'SQL'`, `clickhouse-client 'SQL'`). */
  args?: number;
  /** Code: the language its reader reads (src/rules/inline/extract.ts; the bundling of short
   *  options, script files and `-` for stdin are each language's reader's). An interpreter also
   *  runs a script file and loads modules next to it (parse/runtime.ts). `flags[0]` runs inline code. */
  lang?: 'python' | 'node' | 'bun' | 'perl' | 'ruby' | 'php' | 'deno' | 'awk' | 'lua' | 'julia' | 'elixir';
  /** NAME followed by a version is this program too (python3.11, perl5.36, lua5.4). */
  versions?: boolean;
}

/** Where a program acts: the target kind, and where the environment's name comes from. */
export interface Acts {
  /** A target kind (TARGET_KINDS in src/rules/schema.ts). */
  kind: string;
  /** Builtin entries only (a team's `programs:` can't name one): which engine's reader knows the
   *  program's own settings, for the database kind: postgres, mysql, redis, mongo, sqlite, prisma,
   *  rails. None: its URL and variables are read (targets/database/generic.ts). */
  engine?: string;
  environment?: {
    /** Options whose value names the environment (`--env prod`), first given wins over the rest. */
    flag?: string[];
    /** Variables that name it when no flag does. */
    variable?: string[];
    /** A file (relative to where the command runs, found walking up) that names it: a file of one
     *  word, or its `environment:`/`env:` key (YAML) or `ENV=`/`ENVIRONMENT=` line. */
    file?: string[];
  };
}

/** The program runs a command with variables it fetches from a service countersign can't read
 *  (`doppler run -- cmd`). Its options that take a value: `value-options` and `wraps.withArg`. */
export interface Injects {
  /** The subcommand that runs the command (`run`, `exec`). */
  sub: string;
}

/** A package runner: `X run NAME`, `X test`, `X install` run package.json scripts through sh
 *  (parse/indirect.ts). Which of its options take a value is its `value-options`. */
export interface PackageScripts {
  /** Options whose value is the package's directory (`npm --prefix DIR`, `pnpm -C DIR`). */
  dir: string[];
  /** Options that run the script in workspace packages instead of (or besides) this one. */
  workspace: string[];
  /** A bare word runs the script of that name, if there is one (`pnpm db:reset`). */
  'bare-scripts'?: boolean;
  /** Commands of the runner that run no script of the package whatever package.json says
   *  (`npm pkg get engines`, `npm ls`): a line that edits package.json first runs nothing of it. */
  'no-scripts'?: string[];
  /** npm: only arguments after the script name that aren't options are passed on, plus all after `--`. */
  'npm-args'?: boolean;
  /** Options that name the shell the scripts run with: what they run can't be read. */
  shell?: string[];
  /** Package bins it runs by their bare name (`pnpm prisma migrate reset`): the target readers
   *  read them as run directly (targets/run.ts). */
  bins?: string[];
}

/** What a task runner gives the code of its task files (see `project-code`). */
export interface ProjectDsl {
  prelude?: string;
  /** A regular expression: the calls that run a shell command... */
  shell?: string;
  /** ...read as this call of the language (`system`, `os.system`). */
  as?: string;
}

/** A command that makes no file its words don't name (parse/writes.ts): a script missing from
 *  disk after it was missing before too (`git stash && ./gradlew test`, `kubectl apply -f k8s/ &&
 *  ./scripts/smoke.sh`). Its positional words (the words not starting with `-`) are matched. */
export interface NamesOnly {
  /** First positional words, or word sequences (`run list`), after which it only makes files its
   *  words name; `*`: any. */
  subcommands: string[];
  /** Sequences that bring back or fetch files it doesn't name (`stash pop`, `cp`). */
  except?: string[];
  /** Options with which it may write a file it doesn't name (`curl -J`, `docker save -o`); a
   *  short one also inside a bundle (`-sOJ`). */
  writes?: string[];
}

/** Parse-side behaviour of a program that isn't option grammar (src/parse reads these). */
export interface ParseSpec {
  injects?: Injects;
  'package-scripts'?: PackageScripts;
  /** Text it sends over a raw socket is judged as the service's own client would send it
   *  (parse/runtime.ts rawProtocol); where it names the host and port: its first two positionals
   *  (`nc host 6379`), a telnet:// URL (curl), a TCP address (`socat - TCP:host:6379`), or
   *  `s_client -connect host:port` (openssl). */
  'raw-socket'?: 'host-port' | 'telnet-url' | 'address' | 'connect';
  /** Options of its `run` subcommand whose values are env files it loads into the command's
   *  environment (`dotenvx run -f .env.prod`, `foreman run -e .env`); `subcommands.run` reads them. */
  'env-file-options'?: string[];
  /** Words that, as the first argument, only read: no project code runs (`mise ls`, `just --list`). */
  'read-only'?: string[];
  /** Options after which nothing is run, only printed (`make -n`). */
  'dry-run'?: string[];
  /** Options that make it print its help and run nothing (`git stash clear --help`, `terraform
   *  destroy -help`): an invocation with one (before `--`) matches no rule (rules/match.ts). */
  help?: string[];
  /** The client runs a shell command from the text it reads, in this client's syntax (psql `\!`,
   *  mysql `system`, sqlite3 `.shell`). */
  'shell-escape'?: 'psql' | 'mysql' | 'sqlite3';
  /** Files next to it the program loads as code (pytest's conftest.py, a Rakefile, a justfile):
   *  one the line wrote first is judged as inline code for `lang` (an interpreter), or as unknown
   *  without one. `files`: a regular expression on the file's path. `dsl`: what the tool gives
   *  the file besides its language: text put before it (rake's `include FileUtils`) and the calls
   *  that run a shell command (rake's `sh`, invoke's `c.run`), read as the language's own (`as`).
   *  `anywhere`: the files may be outside the project (the user's own config, ~/.codex).
   *  `runs`: only these first words (or a file of that kind as the first argument) load them:
   *  `dart run`/`dart test`, not `dart analyze` or `dart format`. */
  'project-code'?: { files: string; lang?: string; dsl?: ProjectDsl; anywhere?: boolean; runs?: string[] };
  /** Subcommands that run code of an interpreter's language, judged as that interpreter running
   *  the same code inline (parse/walk.ts): `inline` take the code as their first argument (`wp
   *  eval CODE`), `file` a file of it (`wp eval-file FILE`, `-` for stdin), `stdin` read it on
   *  stdin (`wp shell`). `ssh`: options whose value names the machine it runs on
   *  (`--ssh=[user@]host[:port][/path]`); `alias`: a first `@name` names a configured remote. */
  'code-subcommands'?: { lang: string; inline?: string[]; file?: string[]; stdin?: string[]; ssh?: string[]; alias?: boolean };
  /** `X [container] run [opts] IMAGE CMD` runs CMD in a container, with host directories mounted
   *  (parse/containers.ts reads the `run` subcommand's options). */
  'runs-containers'?: boolean;
  'names-only'?: NamesOnly;
  /** Arguments (a regular expression; a space is any run of blanks) whose output is the tool's
   *  own shell set-up: `eval "$(pyenv init -)"`, `source <(kubectl completion bash)` are as
   *  trusted as running the tool (parse/walk.ts evalOfShellInit). */
  'shell-setup'?: string;
}

/** What a dump tool prints on stdout, for a SQL client reading it from a pipe (rules/sql/sources.ts):
 *  a plain script that only creates and fills objects (pg_dump: SET, CREATE, ALTER, COPY, GRANT),
 *  so the `clients` it is written for drop nothing running it. Unless an option in `drops` is given
 *  (pg_dump --clean adds DROP statements; a unique prefix counts too), or an option in `format`
 *  names another format than its `plain` values (pg_dump -Fc: an archive that keeps every object's
 *  DROP text). Its stderr piped along (`|&`, `2>&1`) or a wrapper or group around it: not known. */
export interface PrintsSql {
  clients: string[];
  drops: string[];
  format?: { options: string[]; plain: string[] };
}

/** How a program opens a tunnel (ProgramSpec['opens-tunnel']). With `forward`: only when one of
 *  these options is given, its value a forward spec (`[bind:]port:host:hostport`, or a socket
 *  path first); else with `sub`: only after one of these subcommand paths; else always. The local
 *  end is then a `PORT[:REMOTE]` positional or the value of a `port` option (`localhost:PORT`
 *  too); none of them given: any loopback port may be it. */
export interface OpensTunnel {
  forward?: string[];
  sub?: string[][];
  port?: string[];
  /** Subcommand paths that hand the words after `--` to ssh (`gcloud compute ssh VM -- -L
   *  5433:db:5432`): an ssh `-L` (or `-o LocalForward`) there opens a tunnel, and only then. */
  'ssh-after'?: string[][];
}

export interface ProgramSpec extends OptionGrammar, ParseSpec {
  aliases?: string[];
  /** Builtin entries only (the SQL reader reads the builtin registry): see PrintsSql. */
  'prints-sql'?: PrintsSql;
  /** Builtin entries only: it runs one command (a wrapper, a remote shell, a container exec) and
   *  what it prints on stdout is that command's stdout alone, so a reader that judges a command's
   *  output by what prints it (PrintsSql) sees through it: `ssh db1 pg_dump app | psql scratch`.
   *  `sub`: only after this subcommand word (`kubectl exec`); `tty`: options that give the command
   *  a terminal, which mixes its stderr in (`ssh -t`, `docker exec -it`). */
  'passes-stdout'?: { sub?: string[]; tty?: string[] };
  /** Builtin entries only: it opens a local port (or socket) that leads to another machine
   *  (`ssh -L`, `kubectl port-forward`, `cloud-sql-proxy`), so a loopback address later on the
   *  line may be that machine, not this one. See OpensTunnel. */
  'opens-tunnel'?: OpensTunnel;
  /** Builtin entries only: after these subcommand paths the first operand names the kinds of
   *  what the rest name (`kubectl delete TYPE[,TYPE] NAME...`). When it is written out, with no
   *  `/` (`TYPE/NAME` forms carry a kind in each operand), a later operand known only at run time
   *  is a name of those kinds: `kubectl delete pod "$(kubectl get pods … -o jsonpath=…)"`. */
  'typed-operands'?: string[];
  /** Option grammars of subcommands, added to the program's own after that word (`gh api`). */
  subcommands?: Record<string, OptionGrammar>;
  wraps?: WrapperSpec;
  payload?: Payload;
  acts?: Acts;
}

export type Registry = Readonly<Record<string, ProgramSpec>>;

/** One item of argv as the program reads it. */
export type OptionItem =
  /** An option as written (an abbreviation resolved), its value when it takes one. */
  | { opt: string; value?: Word; word: Word }
  | { pos: Word };

export type { Word };
