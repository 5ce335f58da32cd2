// Compatibility matrix: for harmless command lines, `countersign ARGS` and `/bin/bash ARGS` must be
// indistinguishable: the same stdout, stderr and exit status (or death by the same signal), with
// nothing added and nothing written to the audit log. Both run as real processes with a controlled
// environment and no controlling terminal.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASH, BIN, makeFixture, run, type Fixture, type RanHashed } from '../helpers/fixture.js';

interface Case {
  name: string;
  /** The shell's arguments, the same for both. */
  args: string[];
  input?: string | Buffer;
  /** Compare stdout by length and sha256 only (huge output). */
  hash?: boolean;
}

const MB = 1024 * 1024;
const BIG_INPUT = Buffer.alloc(5 * MB, 'countersign\n');

const c = (name: string, cmd: string, ...extra: string[]): Case => ({ name, args: ['-c', cmd, ...extra] });

const CASES: Case[] = [
  // plain output and statuses
  c('true', 'true'),
  c('false', 'false'),
  c('exit 3', 'exit 3'),
  c('exit 255', 'exit 255'),
  c('exit 300 wraps to 44', 'exit 300'),
  c('echo', 'echo hello world'),
  c('stdout and stderr', 'echo out; echo err >&2; echo out2'),
  c('printf without newline', "printf 'no newline'"),
  c('printf list', "printf '%s\\n' a 'b c' d"),
  c('unicode', "echo 'ünïcödé ✓ 日本'"),
  c('binary bytes', "printf '\\x00\\x01\\xfe\\xff\\n'"),
  c('empty command', ''),
  c('comment only', '# nothing here'),
  // shell language
  c('for loop', 'for i in 1 2 3; do echo "n=$i"; done'),
  c('arithmetic', 'x=6; echo $((x * 7))'),
  c('function', 'f() { echo "f:$1:$#"; }; f one two'),
  c('case', 'case abc in a*) echo matched;; *) echo no;; esac'),
  c('[[ ]] glob', '[[ abc == a* ]] && echo yes || echo no'),
  c('arrays', 'arr=(a b c); echo ${#arr[@]} ${arr[1]}'),
  c('parameter expansion', 's=hello.tar.gz; echo ${s%%.*} ${s#*.} ${s^^}'),
  c('subshell status', '(exit 7); echo "status=$?"'),
  c('pipeline status', 'false | true; echo "${PIPESTATUS[@]}"'),
  c('here-doc', "sort <<'EOF'\nc\nb\na\nEOF"),
  c('here-string', 'tr a-z A-Z <<< "shout"'),
  c('command substitution', 'echo "today is $(echo a-day)"'),
  c('process substitution', 'cat <(echo from-procsub)'),
  c('trap EXIT', "trap 'echo bye' EXIT; echo hi"),
  c('background and wait', 'sleep 0.1 & wait; echo waited'),
  c('exec', 'exec echo replaced'),
  c('nested bash', "bash -c 'echo nested $0' inner"),
  c('set -u error', 'set -u; echo $undefined_variable_xyz'),
  c('syntax error', 'if then fi'),
  c('$- flags', 'echo $-'),
  c('shell variables', 'echo "$BASH_VERSION" "$SHLVL" "$0"'),
  // the environment: the same, except the session marker countersign adds for `approve`
  c('environment', "env | grep -v -e '^_=' -e '^COUNTERSIGN_SESSION=' | sort"),
  c('umask and ulimit', 'umask; ulimit -n'),
  // files, directories, programs
  c('pwd', 'pwd'),
  c('cd', 'cd data && pwd && ls'),
  c('cat a file', 'cat notes.txt'),
  c('grep', 'grep -n line notes.txt'),
  c('grep no match status', 'grep -q nothing-like-this notes.txt'),
  c('ls missing', 'ls /definitely/not/here'),
  c('command not found', 'no-such-command-countersign-xyz --flag'),
  c('seq | wc', 'seq 1 100000 | wc -l'),
  c('yes | head (SIGPIPE inside)', 'yes | head -n 3'),
  c('large stderr', 'seq 1 200000 >&2'),
  c('write, read and remove a file', 'echo content > "$HOME/t.txt"; cat "$HOME/t.txt"; rm -f "$HOME/t.txt"; ls "$HOME"'),
  c('test -d', 'test -d data && echo dir'),
  c('type and command -v', 'type cd; command -v ls'),
  // $0 and positional arguments
  c('$0 and positional args', 'echo "0=$0 1=$1 2=$2 #=$#"', 'name', 'a', 'b'),
  c('"$@" keeps words', 'for a in "$@"; do echo "[$a]"; done', 'name', 'a b', '', 'c'),
  c('$0 only', 'echo "$0"', 'just-a-name'),
  // options
  { name: '-e stops at a failure', args: ['-e', '-c', 'echo before; false; echo after'] },
  { name: '-ec', args: ['-ec', 'false; echo after'] },
  { name: '-l (login)', args: ['-l', '-c', 'shopt -q login_shell && echo login || echo not-login'] },
  { name: '-lc', args: ['-lc', 'shopt -q login_shell && echo login'] },
  { name: '--login -c', args: ['--login', '-c', 'shopt -q login_shell && echo login'] },
  { name: '-x traces to stderr', args: ['-x', '-c', 'echo traced; true'] },
  { name: '-o pipefail', args: ['-o', 'pipefail', '-c', 'false | true'] },
  { name: '-O extglob', args: ['-O', 'extglob', '-c', 'shopt extglob'] },
  { name: '--norc --noprofile', args: ['--norc', '--noprofile', '-c', 'echo plain'] },
  { name: '-c -- CMD', args: ['-c', '--', 'echo after-dashdash'] },
  { name: '-c without a command', args: ['-c'] },
  { name: 'an unknown long option', args: ['--no-such-option', '-c', 'echo x'] },
  // script files
  { name: 'script file with args', args: ['script.sh', 'one', 'two words'] },
  { name: 'script file that fails', args: ['fails.sh'] },
  { name: 'script file found on PATH', args: ['on-path.sh', 'x'] },
  { name: 'missing script file', args: ['no-such-script.sh'] },
  { name: 'a directory as the script', args: ['data'] },
  // stdin
  { name: '-s with a script on stdin', args: ['-s', 'a', 'b'], input: 'echo "stdin:$1:$2:$#"\nread -r rest\necho "rest:$rest"\nthe line after\n' },
  { name: 'script on stdin, no arguments', args: [], input: 'echo from-stdin\nexit 5\n' },
  { name: 'cat of piped stdin', args: ['-c', 'cat'], input: BIG_INPUT, hash: true },
  { name: 'wc -c of piped stdin', args: ['-c', 'wc -c'], input: BIG_INPUT },
  { name: 'read from piped stdin', args: ['-c', 'read -r a; read -r b; echo "$b/$a"'], input: 'first\nsecond\n' },
  { name: 'stdin closed early by the command', args: ['-c', 'head -c 5'], input: BIG_INPUT },
  // huge output
  { name: '50 MB of output', args: ['-c', 'yes 0123456789abcdef | head -c 52428800'], hash: true },
  // death by signal: the parent sees the same signal
  ...['TERM', 'INT', 'HUP', 'KILL', 'PIPE', 'USR1', 'USR2', 'ALRM'].map((s) => c(`kill -${s} $$`, `echo before-${s}; kill -${s} $$; echo not-reached`)),
  c('a child killed by a signal', 'sh -c \'kill -TERM $$\'; echo "status=$?"'),
];

let fx: Fixture;
let env: Record<string, string>;

beforeAll(() => {
  fx = makeFixture();
  const bin = path.join(fx.root, 'pathbin');
  mkdirSync(bin);
  writeFileSync(path.join(fx.repo, 'script.sh'), 'echo "script:$0:$1:$2:$#"\nexit 4\n');
  writeFileSync(path.join(fx.repo, 'fails.sh'), 'echo start\nno-such-command-in-script\necho "after:$?"\nexit 9\n');
  writeFileSync(path.join(bin, 'on-path.sh'), 'echo "from PATH: $1"\n');
  chmodSync(path.join(bin, 'on-path.sh'), 0o644);
  // CI=true for both: a harmless line that countersign wrongly paused would fail at once here
  // (126) instead of waiting for an approval. Nothing else reads it.
  env = fx.env({ PATH: `${bin}:${fx.env().PATH}`, CI: 'true' });
});

afterAll(() => fx?.cleanup());

// Two cores: at most two pairs of processes at a time.
let slots = 2;
const queue: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((r) => queue.push(r));
  else slots--;
  try {
    return await fn();
  } finally {
    const next = queue.shift();
    if (next) next();
    else slots++;
  }
}

function summary(r: RanHashed, hash: boolean) {
  return {
    code: r.code,
    signal: r.signal,
    stdout: hash ? `${r.stdoutLength} bytes, sha256 ${r.stdoutSha256}` : r.out,
    stderr: r.err,
  };
}

describe.concurrent('countersign -c behaves exactly like bash for harmless lines', () => {
  it('has at least 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(CASES.map((k) => k.name)).size).toBe(CASES.length);
  });

  for (const k of CASES) {
    it(k.name, async () => {
      const opts = { cwd: fx.repo, env, input: k.input, detached: true, hashStdout: k.hash, deadlineMs: 50_000 };
      const [viaBash, viaCs] = await limited(async () => [await run(BASH, k.args, opts), await run(BIN, k.args, opts)]);
      expect(summary(viaCs, !!k.hash)).toEqual(summary(viaBash, !!k.hash));
      if (k.hash) expect(viaCs.stdoutLength).toBe(viaBash.stdoutLength);
    });
  }
});

describe('what compatibility must not cost', () => {
  it('the 50 MB and the piped stdin really went through', async () => {
    const big = await run(BIN, ['-c', 'yes 0123456789abcdef | head -c 52428800'], { cwd: fx.repo, env, detached: true, hashStdout: true });
    expect(big.stdoutLength).toBe(52428800);
    const wc = await run(BIN, ['-c', 'wc -c'], { cwd: fx.repo, env, input: BIG_INPUT, detached: true });
    expect(wc.out.trim()).toBe(String(BIG_INPUT.length));
  });

  it('deaths by signal are real deaths, not statuses', async () => {
    const r = await run(BIN, ['-c', 'kill -TERM $$'], { cwd: fx.repo, env, detached: true });
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    const p = await run(BIN, ['-c', 'kill -PIPE $$'], { cwd: fx.repo, env, detached: true });
    expect(p).toMatchObject({ code: null, signal: 'SIGPIPE' });
  });

  it('commands run under countersign carry the session marker that `countersign approve` refuses', async () => {
    const r = await run(BIN, ['-c', 'echo "[$COUNTERSIGN_SESSION]"'], { cwd: fx.repo, env, detached: true });
    expect(r.out).toMatch(/^\[.+\]\n$/);
    const kept = await run(BIN, ['-c', 'echo "$COUNTERSIGN_SESSION"'], { cwd: fx.repo, env: { ...env, COUNTERSIGN_SESSION: 'outer-session' }, detached: true });
    expect(kept.out).toBe('outer-session\n');
  });

  it('harmless lines leave no audit line and no pending request', () => {
    // Runs after the matrix (same file, sequential describe).
    expect(existsSync(fx.auditFile)).toBe(false);
    expect(existsSync(path.join(fx.csState, 'pending'))).toBe(false);
  });
});

describe('scripts are checked wherever bash would find them', () => {
  it('a destructive script found on PATH is not run unchecked', async () => {
    const bin = path.join(fx.root, 'wipebin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'wipe.sh'), 'rm -rf data\n');
    const r = await run(BIN, ['wipe.sh'], { cwd: fx.repo, env: { ...env, PATH: `${bin}:${env.PATH}` }, detached: true });
    expect(r.code).toBe(126);
    expect(r.err).toContain('filesystem/rm-protected');
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });

  it('a script that is a pipe (/dev/stdin) is not read behind bash\'s back', async () => {
    const r = await run(BIN, ['/dev/stdin'], { cwd: fx.repo, env, input: 'rm -rf data\n', detached: true });
    expect(r.code).toBe(126);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });

  it('a shell started with no command pauses when the caller can write its input, and runs when there is none', async () => {
    // A pipe: what the caller writes there would run unchecked.
    const piped = await run(BIN, ['-c', 'exec bash'], { cwd: fx.repo, env, input: 'rm -rf data\n', detached: true });
    expect(piped.code).toBe(126);
    expect(piped.err).toContain('a shell reads commands from its input');
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
    // /dev/null: bash reads nothing and exits, as it would without countersign.
    const none = await run(BIN, ['-c', 'echo reloading; exec bash'], { cwd: fx.repo, env, detached: true });
    expect(none.code).toBe(0);
    expect(none.out).toBe('reloading\n');
  });

  it('a REPL started with no code pauses when the caller can write its input, and runs when there is none', async () => {
    // python3 reading the caller's pipe: the code typed there would run unchecked.
    const piped = await run(BIN, ['-c', 'python3'], { cwd: fx.repo, env, input: 'import shutil; shutil.rmtree("data")\n', detached: true });
    expect(piped.code).toBe(126);
    expect(piped.err).toContain('an interpreter reads code from its input');
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
    const node = await run(BIN, ['-c', 'node -'], { cwd: fx.repo, env, input: 'require("fs").rmSync("data", { recursive: true })\n', detached: true });
    expect(node.code).toBe(126);
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
    // Code on the line, or no input to read: runs as usual.
    const inline = await run(BIN, ['-c', 'python3 -c "print(6 * 7)"'], { cwd: fx.repo, env, input: 'x\n', detached: true });
    expect(inline.out).toBe('42\n');
    const none = await run(BIN, ['-c', 'python3'], { cwd: fx.repo, env, detached: true });
    expect(none.code).toBe(0);
  });

  it('a destructive script on stdin is checked', async () => {
    const r = await run(BIN, ['-s'], { cwd: fx.repo, env, input: 'echo start\nrm -rf data\n', detached: true });
    expect(r.code).toBe(126);
    expect(r.out).toBe('');
    expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
  });
});
