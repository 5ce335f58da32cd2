// The parser's public data. Everything downstream (rules, targets, policy) reads only these.

/** One shell word after quote removal and the expansions that can be known statically. */
export interface Word {
  /** The value bash would pass, as far as it can be known. Unknown parts are left as written. */
  value: string;
  /** Part of the value can't be known before run time (unknown variable, $(...), $((...)), $@...). */
  dynamic: boolean;
  /** Unquoted glob characters remain: the value is a pattern, not a name. */
  glob: boolean;
  /** The source text of the word. */
  text: string;
  /** One of the paths a `find` in an unquoted `$( )` lists (`sed -i ... $(find . -name '*.md')`):
   *  that find's name filters judge it, as `via` does for `-exec {}` and `| xargs`. */
  listedBy?: Invocation;
  /** An inline `"$(mktemp …)"`: a fresh name, or empty when mktemp fails. */
  fresh?: boolean;
  /** Where in the value a variable the environment given doesn't set expanded (empty): where the
   *  word decides a target, it is read as a value only known at run time (targets/run.ts). */
  unset?: number;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface Redirect {
  /** '>', '>>', '<', '>|', '&>', '&>>', '<>', '>&', '<&', '<<', '<<-', '<<<' */
  op: string;
  fd?: number;
  target?: Word;
  /** The target is `DIR/$f` where f holds one item of a run-time listing (a loop's variable,
   *  `read` from a listing): some existing name under DIR, not a new file. */
  item?: boolean;
  /** The target is an item of a listing made after a write the parser can't name (an archive
   *  unpacked, code run), which may have made a link there to anything. */
  throughUnseen?: boolean;
  /** The target is exactly `"$f"` where f holds one item of a listing whose items can't be
   *  known (`cat list | while read f`): any existing file. */
  anyItem?: boolean;
}

export type StdinSource =
  /** `runtime`: variables the body expands whose values only the run knows (left as written). */
  | { kind: 'heredoc'; text: string; expands: boolean; runtime?: string[] }
  | { kind: 'herestring'; text: string; dynamic: boolean }
  /** Piped from the previous command; `text` is set when that command only prints a literal.
   *  `stderr`: piped with `|&`, so what it writes to stderr comes too. `ran`: every program that
   *  element ran, in order (the producer first when it is a simple command: `ssh db1 pg_dump app`
   *  ran ssh, then pg_dump). `system`: the producer is `cat` and the system's own (no function,
   *  alias or prefix assignment, PATH as the environment has it). */
  | { kind: 'pipe'; from: string; text?: string; producer?: Invocation; stderr?: true; ran?: Invocation[]; system?: true }
  /** `< path`. `at`: where the redirect was written (the redirecting command's origin and
   *  directory): a command a runner starts (`ssh h psql < q.sql`, `docker exec -i c psql < q.sql`)
   *  gets the runner's stdin, a file opened where the runner runs. */
  | { kind: 'file'; path: Word; at?: { origin: Origin[]; cwd: string | undefined }; procSub?: ProcSubStdin };

/** `< <(cmd)`: what a database client reads is what cmd prints, as if piped (rules/sql/sources.ts);
 *  for the shell's own builtins it stays a file (read and mapfile keep their variables). */
export type ProcSubStdin = { kind: 'pipe'; from: string; text?: string; producer?: Invocation; ran?: Invocation[]; system?: true };

/** One step of how an invocation was reached, outermost first, e.g. ['top', 'bash -c', 'sudo'].
 *  Steps that carry a value something downstream reads are typed (made by the functions below);
 *  the others are their display text. `showOrigin` (or String()) renders any step. */
export type Origin = string | TypedOrigin;

export type TypedOrigin =
  /** Run on another machine: `ssh HOST cmd`; `via` is the platform CLI that connects
   *  (`fly ssh console -a APP`), whose target names the machine. */
  | { readonly kind: 'ssh'; readonly host: string; readonly via?: Invocation;
      /** The remote command reads the line's own input (plain ssh with no stdin of its own). */
      readonly input?: boolean;
      readonly config?: SshConfigChoice }
  /** A project's script or target: `in npm run db:reset (package.json)`. */
  | { readonly kind: 'in'; readonly label: string }
  /** A script file's code: `script ./deploy.sh`. */
  | { readonly kind: 'script'; readonly path: string }
  /** Run inside a pod or container: `kubectl exec POD -- cmd`, `docker exec C cmd` (the wrapper). */
  | { readonly kind: 'exec'; readonly into: Invocation }
  /** A new container's command: `docker run IMAGE cmd`. `mounts`: host directories mounted (its
   *  paths were rewritten to the host's); without, its files are all the container's own. */
  | { readonly kind: 'container'; readonly engine: string; readonly mounts: boolean;
      /** With mounts: every host path mounted, when the run reaches the host no other way
       *  (no --privileged, --device, --cap-add, --pid=host, --volumes-from, compose service,
       *  mount only known at run time). A path in the container under none of them, and above
       *  none, is the container's own (rules/match.ts containerOwn). */
      readonly hosts?: ReadonlyArray<{ readonly target: string; readonly host: string }> };

/** The display text of a step, as it has always read. */
export function showOrigin(o: Origin): string {
  if (typeof o === 'string') return o;
  switch (o.kind) {
    case 'ssh': return o.via ? `${o.via.name} machine of ${o.host}` : `ssh ${o.host}`;
    case 'in': return `in ${o.label}`;
    case 'script': return `script ${o.path}`;
    case 'exec': return o.into.name;
    case 'container': return `${o.engine} run${o.mounts ? ' (host mounts)' : ''}`;
  }
}

// Typed steps print as their display text, so `origin.join(' > ')` reads as it always has.
const STEP = { toString(this: TypedOrigin): string { return showOrigin(this); } };
const step = <T extends TypedOrigin>(o: T): T => Object.freeze(Object.assign(Object.create(STEP) as object, o)) as T;

/** Where ssh's own options (or the inventory) say HOST is: `-F FILE` (the config file read instead
 *  of ~/.ssh/config), `-o HostName=H`, `ansible -i INVENTORY`; `dynamic`: one of them is only known
 *  at run time. */
export interface SshConfigChoice { readonly file?: string; readonly hostName?: string; readonly inventory?: string; readonly dynamic?: boolean }
export const viaSsh = (host: string, via?: Invocation, more?: { input?: boolean; config?: SshConfigChoice }) =>
  step(via ? { kind: 'ssh', host, via } : { kind: 'ssh', host, ...(more?.input ? { input: true } : {}), ...(more?.config ? { config: more.config } : {}) });
export const inProject = (label: string) => step({ kind: 'in', label });
export const inScript = (path: string) => step({ kind: 'script', path });
export const execInto = (into: Invocation) => step({ kind: 'exec', into });
export const inContainer = (engine: string, mounts: boolean, hosts?: ReadonlyArray<{ readonly target: string; readonly host: string }>) => step({ kind: 'container', engine, mounts, ...(hosts ? { hosts } : {}) });

/** The first step of a kind, typed. */
export function originOf<K extends TypedOrigin['kind']>(origin: readonly Origin[], kind: K): Extract<TypedOrigin, { kind: K }> | undefined {
  return origin.find((o): o is Extract<TypedOrigin, { kind: K }> => typeof o !== 'string' && o.kind === kind);
}

export interface Invocation {
  /** argv after wrappers are peeled off; argv[0] is the program. */
  argv: Word[];
  /** Basename of argv[0] when known, lower-cased for matching; '' when dynamic. */
  name: string;
  /** `X=1 cmd` prefixes. */
  assignments: Assignment[];
  redirects: Redirect[];
  stdin?: StdinSource;
  /** Outermost first: 'top', 'subshell', 'group', '$()', '<()', 'if', 'for', 'while', 'case',
   *  'function NAME', 'bash -c', 'eval', 'pipe to sh', 'heredoc to sh', 'xargs', 'find -exec', 'sudo', ... */
  origin: Origin[];
  /** Absolute directory the command would run in, or undefined if it can't be known. */
  cwd: string | undefined;
  /** Variables known at this point (process environment, line assignments, prefixes). */
  vars: Readonly<Record<string, string>>;
  /** Set when the line builds code at run time here (pipe into a shell, eval of $(...), dynamic
   *  command name). The text to run can't be known, so policy must confirm. */
  opaque?: string;
  /** `opaque` holds where code run later is otherwise trusted to its own run (later.ts places):
   *  a countersign a changed PATH finds ahead of the real one. */
  opaqueAlways?: true;
  /** A shell started with no command (`bash`, `exec bash`): after its startup files it reads its
   *  commands from its input, like any REPL. Judged only where that input may be written by the
   *  caller (a terminal or pipe under `-c`, an interactive session): see CheckContext.inputOpen. */
  readsInput?: string;
  /** Its input is the line's own (no pipe, heredoc or `<`, not inside code fed by something
   *  else): what the caller connected, which an agent driving a pty may write to later. */
  callerInput?: true;
  /** Code read from a file on disk that this line did not write (a project script and its
   *  modules): its concrete calls are judged, but what it only may do (commands built at run
   *  time, paths only known then, reflection) is not a finding. See README, what it can't catch. */
  fromDisk?: boolean;
  /** Extra arguments will be appended at run time (xargs, find -exec ... {} +). */
  moreArgs?: boolean;
  /** The source text this invocation came from (for display). */
  text: string;
  /** The wrapper invocation this one was peeled from (`kubectl exec pod -- psql` -> kubectl). */
  via?: Invocation;
  /** Variables whose value is only known at run time though `vars` may not say so: names set on
   *  the line to run-time values, and '*' when a sourced file, eval or loader the parser couldn't
   *  read may have set any variable. The process environment no longer answers for these. */
  unknownVars?: string[];
  /** Files the line wrote before this command ran (see parse/writes.ts). */
  written?: Written;
  /** Commands that must have exited 0 before this one runs (`a && b`: a, for b). */
  succeeded?: Invocation[];
  /** Every command of the line, in the order walked, and this one's place in it: what may have
   *  run before it whether or not it succeeded (`a; b`, a newline). Set once the walk is done. */
  line?: { all: readonly Invocation[]; at: number };
}

/** Files written earlier in the line: absolute path -> the literal content, or null when the
 *  content is only known at run time. `texts` are the words of commands that may write files
 *  they name in ways not modelled (an interpreter's code, sed -i): a file whose base name appears
 *  in one counts as written with unknown content. */
export interface Written {
  files: ReadonlyMap<string, string | null>;
  texts: readonly string[];
  /** Links the line made (ln, cp -s/-l): link -> what it points at, null when only known at run
   *  time. ANY_LINK as the key: a link whose own name is only known at run time. */
  links?: ReadonlyMap<string, string | null>;
  /** Virtual environments the line created (`python3 -m venv .venv`, `uv venv`): their bin/python
   *  and bin/pip are the interpreter and pip, though not on disk yet. */
  venvs?: readonly string[];
  /** Files a plain `cp` made on the line from a regular file, where nothing was before, and that
   *  nothing wrote since: regular files holding a copy (a scratch database may be one). */
  copies?: ReadonlySet<string>;
  /** Files a `mv` of one literal path put where they are, that nothing wrote since: destination
   *  -> source (`mv src/old.ts src/new.ts`: what src/new.ts holds was src/old.ts). */
  moved?: ReadonlyMap<string, string>;
}

export interface ParseResult {
  invocations: Invocation[];
  /** Reasons the parse can't be trusted in full. Non-empty means fail closed. */
  uncertain: string[];
}

export interface ParseContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  home?: string;
}
