// Bash recorder: runs a command line in REAL bash and records every external program bash would
// start, without starting any of them.
//
// How it works
// - PATH is an empty directory (NOT an empty string: bash treats `PATH=` as "search the cwd" and
//   then never calls the handler), so every external name is "not found" and bash calls
//   `command_not_found_handle`. That function is defined by a small rc file loaded through
//   BASH_ENV (which `bash -c` and bash scripts read) and also exported with `export -f`, so that
//   `bash -i`, `bash --posix` etc. inherit it. The handler appends the name and arguments to a log
//   file and returns 0. The rc uses builtins only.
// - Shells and wrappers are emulated in the handler so that what THEY would run is recorded too:
//   `bash`/`sh` re-exec the real bash with the same arguments and the same BASH_ENV (sh = bash that
//   turns posix mode on at the end of the rc: `bash --posix` would skip BASH_ENV); sudo, doas, env,
//   nice, nohup, timeout, stdbuf, setsid, ionice, chrt, taskset, time, xargs and find
//   (-exec/-execdir/-ok/-okdir, always run once, with {} = ./x) drop their own options and hand the
//   inner command back to the handler. These are recorded with kind 'wrapper', which callers may
//   choose not to require; the programs they start are kind 'program'. `cat` is recorded as a
//   program and passes its input through, so `cat <<EOF | sh` feeds sh. Every other program
//   prints nothing and exits 0. `eval`, `source`, `exec`, `command`, `builtin`, `time`, traps,
//   aliases... are real bash.
// - `exec NAME` does not call command_not_found_handle (bash prints "exec: NAME: not found" and
//   exits). So for the first plain words after each `exec` in the line, a shim script of that name
//   is put in the PATH directory; it records itself the same way. `exec "$DYNAMIC"` isn't recorded.
// - Absolute paths bypass PATH. In 'sandbox' mode (default when user namespaces work) every line
//   runs in its own throw-away root: `unshare -r -m -n -p -f` (user, mount, network and pid
//   namespaces) and a chroot (`unshare --root`) into a fresh temp dir holding only a copy of bash,
//   its libraries, the rc, /dev/null (bind mount), /proc (the pid namespace's own, for /dev/fd and
//   process substitution), /tmp, the cwd (/work/case) and HOME (/home/u). /bin/sh, /bin/bash,
//   /usr/bin/env and every absolute path the line names under a bin/sbin directory (e.g. /bin/rm)
//   get recorder shims inside that root; any other path simply doesn't exist there. When the tests
//   run as real root, the sandbox first drops to uid/gid 65534 (setpriv) so that its "root" is
//   nobody outside (otherwise it could write /proc/sys); without setpriv, /proc isn't mounted.
//   Redirections can only touch the throw-away root, there is no network, and `kill -1` only
//   reaches the sandbox.
// - 'plain' mode is the fallback when namespaces are unavailable: host bash, temp cwd and HOME,
//   the kill builtin disabled, and any line that contains "/", "~" or cd/kill/enable/ulimit is
//   not executed at all (reported as skipped). It is only meant for trusted case files.
// - Completion: a small init script runs `bash -c LINE` with an extra pipe on fd 62 and waits for
//   EOF on it, so background jobs and orphans still running are waited for too. The timeout is a
//   safety net only: it kills the process group (and with it the pid namespace).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type RecordKind = 'program' | 'wrapper';

export interface RecordedCommand {
  kind: RecordKind;
  /** argv as bash passed it (each argument cut to 256 characters). */
  argv: string[];
  /** Basename of argv[0]. */
  name: string;
}

export interface RecordResult {
  line: string;
  /** Set when the line was not executed (plain mode and the line names an absolute path). */
  skipped?: string;
  commands: RecordedCommand[];
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export type RecorderMode = 'sandbox' | 'plain';

export interface Recorder {
  readonly mode: RecorderMode;
  /** cwd, HOME and environment the line runs with (paths as the line sees them). */
  readonly cwd: string;
  readonly home: string;
  readonly env: Readonly<Record<string, string>>;
  run(line: string): Promise<RecordResult>;
  /** Why the line would not be executed in this mode, or undefined. */
  skipReason(line: string): string | undefined;
  close(): void;
}

export interface RecorderOptions {
  bash?: string;
  timeoutMs?: number;
  /** Force a mode (default: sandbox when it works, else plain). */
  mode?: RecorderMode;
}

const SANDBOX_CWD = '/work/case';
const SANDBOX_HOME = '/home/u';
const SANDBOX_CS = '/.cs';
const SENTINEL_FD = 62;

// The rc. Builtins only. Written with %{ for ${ (this is a JS template) and @BASH@/@LOG@/@RC@
// placeholders. Everything is under __cs_ names to stay out of the way of the line under test.
const RC_TEMPLATE = String.raw`# countersign test recorder (BASH_ENV). Builtins only.
__cs_log() {
  local IFS=$' \t\n' __cs_s=$1 __cs_a
  shift
  for __cs_a in "$@"; do
    __cs_a=%{__cs_a//$'\x1f'/?}
    __cs_a=%{__cs_a//$'\x1e'/?}
    __cs_s+=$'\x1f'%{__cs_a:0:256}
  done
  builtin printf '%s\x1e' "%{__cs_s:0:3800}" >>'@LOG@' 2>/dev/null
  return 0
}
command_not_found_handle() {
  { builtin set +x +e +u +f; } 2>/dev/null
  __cs_exec "$@"
}
# Run "$@" the way an external program of that name would run.
__cs_exec() {
  local IFS=$' \t\n' __cs_n=%{1##*/}
  case $__cs_n in
    bash|sh)
      __cs_log W "$@"; shift
      # sh: bash in posix mode. Not --posix, which skips BASH_ENV: the rc sets posix mode itself.
      builtin export BASH_ENV='@RC@'
      if [[ $__cs_n == sh ]]; then builtin export __CS_POSIX=1; fi
      builtin exec '@BASH@' "$@" ;;
    cat) __cs_log X "$@"; shift; __cs_cat "$@" ;;
    sudo|doas) __cs_log W "$@"; shift; __cs_sudo "$@" ;;
    env) __cs_log W "$@"; shift; __cs_env "$@" ;;
    nice) __cs_log W "$@"; shift; __cs_skipopts 'n adjustment' "$@" ;;
    nohup) __cs_log W "$@"; shift; __cs_skipopts '' "$@" ;;
    stdbuf) __cs_log W "$@"; shift; __cs_skipopts 'i o e input output error' "$@" ;;
    setsid) __cs_log W "$@"; shift; __cs_skipopts '' "$@" ;;
    ionice) __cs_log W "$@"; shift; __cs_skipopts 'c n class classdata' "$@" ;;
    time) __cs_log W "$@"; shift; __cs_skipopts 'f o format output' "$@" ;;
    timeout) __cs_log W "$@"; shift; __cs_timeout "$@" ;;
    chrt|taskset) __cs_log W "$@"; shift; __cs_chrt "$@" ;;
    xargs) __cs_log W "$@"; shift; __cs_xargs "$@" ;;
    find) __cs_log W "$@"; shift; __cs_find "$@" ;;
    *) __cs_log X "$@" ;;
  esac
  return 0
}
# __cs_skipopts 'OPTS WITH AN ARGUMENT' ARGS...: drop options, run the rest.
__cs_skipopts() {
  local __cs_w=" $1 " __cs_o
  shift
  while (($#)); do
    case $1 in
      --) shift; break ;;
      --*=*) shift ;;
      --*) __cs_o=%{1#--}; shift
           if [[ $__cs_w == *" $__cs_o "* ]] && (($#)); then shift; fi ;;
      -[0-9]*) shift ;;
      -?) __cs_o=%{1#-}; shift
          if [[ $__cs_w == *" $__cs_o "* ]] && (($#)); then shift; fi ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  (($#)) && __cs_exec "$@"
  return 0
}
# cat: pass the input through, so "cat <<EOF | sh" feeds sh.
__cs_cat() {
  local __cs_l __cs_f
  (($#)) || builtin set -- -
  for __cs_f in "$@"; do
    case $__cs_f in
      -) while IFS= builtin read -r __cs_l || [[ -n $__cs_l ]]; do builtin printf '%s\n' "$__cs_l"; done ;;
      -*) ;;
      *) [[ -f $__cs_f ]] && while IFS= builtin read -r __cs_l || [[ -n $__cs_l ]]; do builtin printf '%s\n' "$__cs_l"; done <"$__cs_f" ;;
    esac
  done
  return 0
}
__cs_sudo() {
  local __cs_sh=
  while (($#)); do
    case $1 in
      --) shift; break ;;
      -i|-s|--login|--shell) __cs_sh=1; shift ;;
      -u|-g|-p|-C|-h|-r|-t|-U|-T|-D|--user|--group|--prompt|--close-from|--host|--role|--type|--other-user|--command-timeout|--chdir)
        shift; (($#)) && shift ;;
      -*) shift ;;
      *=*) shift ;;
      *) break ;;
    esac
  done
  (($#)) || return 0
  if [[ -n $__cs_sh ]]; then __cs_exec bash -c "$*"; return 0; fi
  __cs_exec "$@"
}
__cs_env() {
  local -a __cs_sw
  while (($#)); do
    case $1 in
      --) shift; break ;;
      -u|--unset|-C|--chdir) shift; (($#)) && shift ;;
      -S|--split-string) shift; builtin set -f; __cs_sw=(%{1-}); builtin set +f; (($#)) && shift
        builtin set -- "%{__cs_sw[@]}" "$@" ;;
      -S*|--split-string=*) __cs_sw=%{1#-S}; __cs_sw=%{__cs_sw#--split-string=}; shift
        builtin set -f; __cs_sw=(%{__cs_sw}); builtin set +f; builtin set -- "%{__cs_sw[@]}" "$@" ;;
      -*) shift ;;
      *=*) builtin export "$1" 2>/dev/null; shift ;;
      *) break ;;
    esac
  done
  (($#)) && __cs_exec "$@"
  return 0
}
__cs_timeout() {
  while (($#)); do
    case $1 in
      --) shift; break ;;
      -s|-k|--signal|--kill-after) shift; (($#)) && shift ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  (($#)) && shift
  (($#)) && __cs_exec "$@"
  return 0
}
__cs_chrt() {
  while (($#)); do
    case $1 in
      -p|--pid|-a|--all-tasks) return 0 ;;
      --) shift; break ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  (($#)) && shift
  (($#)) && __cs_exec "$@"
  return 0
}
__cs_xargs() {
  local __cs_rep= __cs_r= __cs_z= __cs_l __cs_i=0 __cs_b='{}'
  local -a __cs_items=() __cs_w __cs_c
  while (($#)); do
    case $1 in
      --) shift; break ;;
      -0|--null) __cs_z=1; shift ;;
      -r|--no-run-if-empty) __cs_r=1; shift ;;
      -I) shift; __cs_rep=%{1-}; (($#)) && shift ;;
      -I*) __cs_rep=%{1#-I}; shift ;;
      --replace=*) __cs_rep=%{1#*=}; shift ;;
      -i|--replace) __cs_rep='{}'; shift ;;
      -i*) __cs_rep=%{1#-i}; shift ;;
      -n|-L|-P|-s|-d|-E|-a|--max-args|--max-lines|--max-procs|--max-chars|--delimiter|--eof|--arg-file|--process-slot-var)
        shift; (($#)) && shift ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  (($#)) || builtin set -- echo
  if [[ -n $__cs_z ]]; then
    while ((__cs_i < 50)) && builtin read -r -d '' __cs_l; do __cs_items+=("$__cs_l"); ((__cs_i++)); done
  else
    while ((__cs_i < 50)) && { builtin read -r __cs_l || [[ -n $__cs_l ]]; }; do
      if [[ -n $__cs_rep ]]; then __cs_items+=("$__cs_l")
      else builtin set -f; __cs_w=($__cs_l); builtin set +f; __cs_items+=("%{__cs_w[@]}"); fi
      ((__cs_i++))
    done
  fi
  if [[ -n $__cs_rep ]]; then
    __cs_i=0
    for __cs_l in "%{__cs_items[@]}"; do
      ((__cs_i++ < 5)) || break
      __cs_c=()
      for __cs_b in "$@"; do __cs_c+=("%{__cs_b//"$__cs_rep"/"$__cs_l"}"); done
      ( __cs_exec "%{__cs_c[@]}" )
    done
    return 0
  fi
  ((%{#__cs_items[@]} == 0)) && [[ -n $__cs_r ]] && return 0
  __cs_exec "$@" "%{__cs_items[@]}"
  return 0
}
__cs_find() {
  local -a __cs_c
  local __cs_b='{}'
  while (($#)); do
    case $1 in
      -exec|-execdir|-ok|-okdir)
        shift; __cs_c=()
        while (($#)) && [[ $1 != ';' && $1 != '+' ]]; do __cs_c+=("%{1//"$__cs_b"/./x}"); shift; done
        (($#)) && shift
        ((%{#__cs_c[@]})) && ( __cs_exec "%{__cs_c[@]}" ) ;;
      *) shift ;;
    esac
  done
  return 0
}
builtin export -f __cs_log command_not_found_handle __cs_exec __cs_skipopts __cs_cat __cs_sudo __cs_env __cs_timeout __cs_chrt __cs_xargs __cs_find
@PLAIN@
if [[ -n %{__CS_POSIX-} ]]; then builtin unset __CS_POSIX; builtin set -o posix; fi
`;

function makeRc(bash: string, log: string, rc: string, plain: boolean): string {
  const q = (s: string): string => s.replace(/'/g, `'\\''`);
  return RC_TEMPLATE.replaceAll('%{', '${')
    .replaceAll('@BASH@', q(bash))
    .replaceAll('@LOG@', q(log))
    .replaceAll('@RC@', q(rc))
    // Outside the sandbox there is no pid namespace: "kill -1" would reach every process of the user.
    .replace('@PLAIN@', plain ? 'builtin enable -n kill' : '');
}

function makeShim(bash: string, rc: string): string {
  return `#!${bash}\n. '${rc}'\n__cs_exec "$0" "$@"\n`;
}

// Runs LINE with fd 62 on a pipe whose reader only sees EOF once every process that inherited it
// (background jobs, orphans) is gone. The exit status is bash's.
function initScript(bash: string): string {
  return `{ { '${bash}' -c "$1" ${SENTINEL_FD}>&1 1>&3 3>&-; } | { builtin read -r -d '' _; }; } 3>&1\nexit "\${PIPESTATUS[0]}"\n`;
}

/** Literal command words after `exec` (skipping exec's options): they get PATH shims. */
export function execTargets(line: string): string[] {
  const out = new Set<string>();
  // The first few plain words after `exec` (options skipped). A shim too many is harmless: it
  // records the same thing the not-found handler would.
  for (const m of line.matchAll(/(?:^|[\s;&|(`{!'"])exec((?:[ \t]+[^\s;&|)`<>]+){1,4})/g)) {
    let n = 0;
    for (const tok of (m[1] ?? '').trim().split(/[ \t]+/)) {
      if (tok.startsWith('-')) continue;
      const word = tok.replace(/^["'\\]+|["']+$/g, '');
      if (/^[A-Za-z_][\w.+-]*$/.test(word) && !word.includes('=')) out.add(word);
      if (++n >= 2) break;
    }
  }
  return [...out];
}

/** Absolute paths under a bin/sbin directory that the line names: they get shims in the sandbox. */
export function absoluteBinPaths(line: string): string[] {
  const out = new Set<string>();
  for (const m of line.matchAll(/(?<![\w.$}\])-])(\/(?:[\w.+-]+\/)*s?bin\/[\w.+-]+)/g)) {
    const p = path.posix.normalize(m[1] ?? '');
    if (!/^\/(?:\.cs|lib|lib64|dev|proc|tmp|work|home)(?:\/|$)/.test(p) && !p.includes('..')) out.add(p);
  }
  return [...out];
}

function which(name: string, dirs = ['/usr/bin', '/bin', '/usr/sbin', '/sbin']): string | undefined {
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Shared libraries bash needs, from ldd. */
function bashLibs(bash: string): string[] | undefined {
  const ldd = which('ldd');
  if (!ldd) return undefined;
  const r = spawnSync(ldd, [bash], { encoding: 'utf8' });
  if (r.status !== 0) return r.stdout?.includes('not a dynamic') ? [] : undefined;
  const libs: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s/.exec(line);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

function parseLog(buf: string): RecordedCommand[] {
  const out: RecordedCommand[] = [];
  for (const rec of buf.split('\x1e')) {
    if (!rec) continue;
    const [kind, ...argv] = rec.split('\x1f');
    if ((kind !== 'X' && kind !== 'W') || argv.length === 0) continue;
    const a0 = argv[0] ?? '';
    out.push({ kind: kind === 'W' ? 'wrapper' : 'program', argv, name: a0.slice(a0.lastIndexOf('/') + 1) });
  }
  return out;
}

interface Spawned {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function runProcess(cmd: string, args: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const cap = (s: string, d: Buffer): string => (s.length > 20000 ? s : s + d.toString('utf8'));
    child.stdout.on('data', (d: Buffer) => (stdout = cap(stdout, d)));
    child.stderr.on('data', (d: Buffer) => (stderr = cap(stderr, d)));
    const kill = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ exitCode: null, timedOut, stdout, stderr: stderr + String(e) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      kill(); // anything left in the group (plain mode)
      resolve({ exitCode: code, timedOut, stdout, stderr });
    });
  });
}

/** Create a recorder, or undefined when bash is missing. */
export async function createRecorder(opts: RecorderOptions = {}): Promise<Recorder | undefined> {
  const bash = opts.bash ?? '/bin/bash';
  if (!fs.existsSync(bash)) return undefined;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-recorder-'));
  let counter = 0;
  const newDir = (): string => {
    const d = path.join(base, `c${++counter}-${randomBytes(3).toString('hex')}`);
    fs.mkdirSync(d);
    return d;
  };
  const cleanup = (d: string): void => {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };

  // ---- sandbox mode
  // Run as root, `unshare -r` maps the sandbox's root to the real root, which may write
  // /proc/sys. So drop to nobody first (setpriv), and only mount /proc when that worked or
  // when not root to begin with.
  const isRoot = process.getuid?.() === 0;
  const setpriv = isRoot ? which('setpriv') : undefined;
  const dropTo = isRoot && setpriv ? 65534 : undefined;
  const mountProc = !isRoot || dropTo !== undefined;
  if (dropTo !== undefined) fs.chmodSync(base, 0o711);
  const unshare = which('unshare');
  const mount = which('mount');
  const hostSh = which('sh', ['/bin', '/usr/bin']);
  const libs = bashLibs(bash);
  const template = path.join(base, 'template');
  const bashInRoot = `${SANDBOX_CS}/bash`;
  const rcInRoot = `${SANDBOX_CS}/rc`;
  const logInRoot = `${SANDBOX_CS}/log`;
  const sandboxEnv: Record<string, string> = {
    PATH: `${SANDBOX_CS}/xbin`,
    HOME: SANDBOX_HOME,
    SHELL: '/bin/bash',
    BASH_ENV: rcInRoot,
    LANG: 'C',
    LC_ALL: 'C',
    TERM: 'dumb',
  };

  const linkOrCopy = (from: string, to: string): void => {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
      fs.chmodSync(to, 0o755);
    }
  };

  const buildRoot = (line: string): string => {
    const root = newDir();
    for (const d of ['.cs/xbin', 'dev', 'proc', 'tmp', 'work/case', 'home/u']) fs.mkdirSync(path.join(root, d), { recursive: true });
    fs.chmodSync(path.join(root, 'tmp'), 0o1777);
    fs.writeFileSync(path.join(root, 'dev/null'), '');
    // Process substitution hands out /dev/fd/N paths: they need /proc (the pid namespace's own).
    fs.symlinkSync('/proc/self/fd', path.join(root, 'dev/fd'));
    for (const [i, n] of ['stdin', 'stdout', 'stderr'].entries()) fs.symlinkSync(`/proc/self/fd/${i}`, path.join(root, 'dev', n));
    linkOrCopy(path.join(template, '.cs/bash'), path.join(root, '.cs/bash'));
    linkOrCopy(path.join(template, '.cs/init'), path.join(root, '.cs/init'));
    for (const lib of libs ?? []) linkOrCopy(path.join(template, lib), path.join(root, lib));
    fs.writeFileSync(path.join(root, '.cs/rc'), makeRc(bashInRoot, logInRoot, rcInRoot, false));
    fs.writeFileSync(path.join(root, '.cs/log'), '');
    if (dropTo !== undefined) for (const d of ['tmp', 'work/case', 'home/u', '.cs/log']) fs.chownSync(path.join(root, d), dropTo, dropTo);
    const shim = makeShim(bashInRoot, rcInRoot);
    for (const name of execTargets(line)) fs.writeFileSync(path.join(root, '.cs/xbin', name), shim, { mode: 0o755 });
    // Shells and env are also reached without being named ($SHELL, "$BASH", shebangs).
    for (const p of new Set(['/bin/sh', '/bin/bash', '/usr/bin/env', ...absoluteBinPaths(line)])) {
      const host = path.join(root, p);
      if (fs.existsSync(host)) continue;
      try {
        fs.mkdirSync(path.dirname(host), { recursive: true });
        fs.writeFileSync(host, shim, { mode: 0o755 });
      } catch {
        /* a path component is a file: leave it */
      }
    }
    return root;
  };

  const sandboxScript =
    `"$3" --bind /dev/null "$1/dev/null" || exit 125\n` +
    `if [ "$5" = proc ]; then "$3" -t proc proc "$1/proc" || exit 125; fi\n` +
    `exec "$4" --root="$1" --wd=${SANDBOX_CWD} ${bashInRoot} ${SANDBOX_CS}/init "$2"\n`;

  const runSandbox = async (line: string): Promise<RecordResult> => {
    const root = buildRoot(line);
    try {
      const args = ['-r', '-m', '-n', '-p', '-f', hostSh as string, '-c', sandboxScript, 'sh', root, line, mount as string, unshare as string, mountProc ? 'proc' : ''];
      const [cmd, ...pre] = dropTo !== undefined ? [setpriv as string, `--reuid=${dropTo}`, `--regid=${dropTo}`, '--clear-groups', unshare as string] : [unshare as string];
      const r = await runProcess(
        cmd as string,
        [...pre, ...args],
        sandboxEnv,
        root,
        timeoutMs,
      );
      const log = fs.readFileSync(path.join(root, '.cs/log'), 'utf8');
      return { line, commands: parseLog(log), ...r };
    } finally {
      cleanup(root);
    }
  };

  // ---- plain mode
  // Best effort for trusted case files only: without namespaces, builtins alone can still write
  // files through redirections, change directory or send signals.
  const plainSkip = (line: string): string | undefined =>
    line.includes('/') || line.includes('~') || /\b(?:kill|enable|cd|pushd|popd|ulimit)\b/.test(line)
      ? 'plain mode (no user namespaces): the line has a path, ~, or cd/kill/enable/ulimit; not executed outside a sandbox'
      : undefined;

  const runPlain = async (line: string): Promise<RecordResult> => {
    const skipped = plainSkip(line);
    if (skipped) return { line, skipped, commands: [], exitCode: null, timedOut: false, stdout: '', stderr: '' };
    const dir = newDir();
    try {
      for (const d of ['xbin', 'work', 'home']) fs.mkdirSync(path.join(dir, d));
      const rc = path.join(dir, 'rc');
      const log = path.join(dir, 'log');
      fs.writeFileSync(rc, makeRc(bash, log, rc, true));
      fs.writeFileSync(log, '');
      fs.writeFileSync(path.join(dir, 'init'), initScript(bash));
      const shim = makeShim(bash, rc);
      for (const name of execTargets(line)) fs.writeFileSync(path.join(dir, 'xbin', name), shim, { mode: 0o755 });
      const env = { PATH: path.join(dir, 'xbin'), HOME: path.join(dir, 'home'), SHELL: bash, BASH_ENV: rc, LANG: 'C', LC_ALL: 'C', TERM: 'dumb' };
      const r = await runProcess(bash, [path.join(dir, 'init'), line], env, path.join(dir, 'work'), timeoutMs);
      return { line, commands: parseLog(fs.readFileSync(log, 'utf8')), ...r };
    } finally {
      cleanup(dir);
    }
  };

  const plainDirs = { cwd: path.join(base, 'plain-cwd'), home: path.join(base, 'plain-home') };

  let mode: RecorderMode = 'plain';
  if (opts.mode !== 'plain' && unshare && mount && hostSh && libs) {
    try {
      fs.mkdirSync(path.join(template, '.cs'), { recursive: true });
      fs.copyFileSync(bash, path.join(template, '.cs/bash'));
      fs.chmodSync(path.join(template, '.cs/bash'), 0o755);
      fs.writeFileSync(path.join(template, '.cs/init'), initScript(bashInRoot));
      for (const lib of libs) {
        fs.mkdirSync(path.join(template, path.dirname(lib)), { recursive: true });
        fs.copyFileSync(lib, path.join(template, lib));
      }
      const probe = await runSandbox('cs_probe_cmd 1');
      if (probe.commands.some((c) => c.name === 'cs_probe_cmd')) mode = 'sandbox';
      else if (opts.mode === 'sandbox') throw new Error(`sandbox probe failed: ${probe.stderr}`);
    } catch (e) {
      if (opts.mode === 'sandbox') throw e;
    }
  }
  if (mode === 'plain') {
    // Real paths differ per line in plain mode; report stable placeholders for the parse context.
    fs.mkdirSync(plainDirs.cwd, { recursive: true });
    fs.mkdirSync(plainDirs.home, { recursive: true });
  }

  const sandbox = mode === 'sandbox';
  // What the line sees, for the parser: PATH is shown as a normal one (the real one is the
  // recorder's empty directory), BASH_ENV is left out.
  const env = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: sandbox ? SANDBOX_HOME : plainDirs.home,
    SHELL: sandbox ? '/bin/bash' : bash,
    LANG: 'C',
    LC_ALL: 'C',
    TERM: 'dumb',
  };
  return {
    mode,
    cwd: sandbox ? SANDBOX_CWD : plainDirs.cwd,
    home: sandbox ? SANDBOX_HOME : plainDirs.home,
    env,
    skipReason: (line) => (sandbox ? undefined : plainSkip(line)),
    run: sandbox ? runSandbox : runPlain,
    close: () => cleanup(base),
  };
}
