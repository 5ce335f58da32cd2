// Files a line writes before it reads them: `cat > run.sh <<EOF ... EOF; bash run.sh`,
// `printf 'DROP TABLE t' > q.sql && psql -f q.sql`, `cp /dev/stdin x.py <<EOF`. What is on disk
// now is not what will run. The walker keeps a running record (path -> literal content, or null
// when only known at run time); each invocation carries the record as it stood before it ran, so
// the walker and the rules read the line's own version of a file, or fail closed.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Invocation, Word, Written } from './types.js';

const MAX = 256 * 1024;

/** What the line wrote to `abs` before: the literal content, null (unknown), or undefined (not written). */
export function writtenContent(w: Written | undefined, abs: string): string | null | undefined {
  if (!w) return undefined;
  const c = w.files.get(abs);
  if (c !== undefined) return c;
  const base = path.basename(abs);
  for (const t of w.texts) {
    if (t === ANY_FILE || (t.startsWith(UNDER) ? abs.startsWith(t.slice(UNDER.length) + '/') : base && t.includes(base))) return null;
  }
  return undefined;
}

/** Texts entries with a meaning: any file may have changed (an archive was unpacked, a patch
 *  applied), or any file under a directory (a recursive copy). */
const ANY_FILE = '\0*';
const UNDER = '\0under:';

/** Programs that don't write the files they name (or whose writes the walker follows itself). */
const NON_WRITERS = new Set([
  'cat', 'less', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'jq', 'yq', 'wc', 'ls', 'stat', 'file', 'diff', 'cmp',
  'md5sum', 'sha256sum', 'sha1sum', 'bat', 'test', '[', 'echo', 'printf', 'cd', 'pushd', 'popd', 'source', '.', 'bash', 'sh', 'zsh',
  'dash', 'ksh', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'set', 'true', 'false', ':', 'exit', 'return', 'eval',
  'psql', 'mysql', 'mariadb', 'sqlite3', 'redis-cli', 'mongosh', 'mongo', 'xargs', 'env', 'sudo', 'time', 'nice', 'timeout', 'nohup',
  'chmod', 'chown', 'mkdir', 'rm', 'rmdir', 'sleep', 'kill', 'date', 'pwd', 'whoami', 'uname', 'id',
  // Formatters rewrite layout, not what a script runs.
  'prettier', 'eslint', 'biome', 'dprint', 'black', 'ruff', 'isort', 'gofmt', 'rustfmt', 'shfmt', 'clang-format', 'which', 'type', 'command', 'ssh', 'nc', 'ncat', 'netcat', 'sort', 'uniq', 'cut', 'tr', 'base64', 'find',
]);
const GIT_READERS = new Set(['diff', 'log', 'show', 'status', 'blame', 'add', 'commit', 'ls-files', 'grep', 'push', 'fetch', 'remote', 'branch', 'tag', 'rev-parse', 'config']);
const WRITE_API = /\bopen\s*\([^)]*['"][wax+]|write_text|write_bytes|writeFile|appendFile|createWriteStream|copyFile|File\.(write|open)|IO\.write|fopen|file_put_contents|shutil\.(copy|move)|os\.rename|\.rename\(|Deno\.writeTextFile|Bun\.write/;
const DEVICES = /^\/dev\/(null|stdout|stderr|tty|fd\/[12])$/;

export interface WriteEnv {
  /** Absolute path of a word as this command sees it; undefined when the directory is unknown. */
  resolve(p: string): string | undefined;
  /** What the command prints, when it is a literal (echo, printf, cat of a heredoc). */
  output(): string | undefined;
  prev: Written | undefined;
}

/** The record after `inv` ran; `prev` itself when it wrote nothing. */
export function afterWrites(inv: Invocation, env: WriteEnv): Written | undefined {
  // Most commands write nothing: no work for them (this runs for every command).
  if (!inv.redirects.length && (NON_WRITERS.has(inv.name) || inv.argv.length < 2)) return env.prev;
  const files: Array<[string, string | null]> = [];
  const texts: string[] = [];
  const put = (w: Word | undefined, content: string | null): void => {
    if (!w) return;
    if (w.dynamic || w.glob) {
      texts.push(w.text);
      return;
    }
    if (DEVICES.test(w.value)) return;
    const abs = env.resolve(w.value);
    if (abs === undefined) texts.push(w.value);
    else files.push([abs, content]);
  };
  const known = (w: Word): string | null => {
    if (w.dynamic) return null;
    const abs = env.resolve(w.value);
    if (abs === undefined) return null;
    const c = writtenContent(env.prev, abs);
    return c !== undefined ? c : readSmall(abs);
  };
  const stdin = (): string | null => {
    const s = inv.stdin;
    if (!s) return null;
    if (s.kind === 'file') return known(s.path);
    return s.kind === 'herestring' && s.dynamic ? null : (s.text ?? null);
  };

  for (const r of inv.redirects) {
    if (!r.op.includes('>') || r.op === '>&' && r.target && /^\d+$|^-$/.test(r.target.value)) continue;
    const out = r.fd === undefined || r.fd === 1 ? env.output() ?? null : null;
    if (r.op === '>>' || r.op === '&>>') put(r.target, out === null || !r.target ? null : append(r.target, out));
    else put(r.target, r.op === '<>' ? null : out);
  }
  const args = inv.argv.slice(1);
  const pos = args.filter((a) => !a.value.startsWith('-') || a.value === '-');
  switch (inv.name) {
    case 'tee': {
      const add = args.some((a) => /^-[a-z]*a/.test(a.value) || a.value === '--append');
      const text = stdin();
      for (const f of pos) put(f, text === null ? null : add ? append(f, text) : text);
      break;
    }
    case 'cp':
    case 'install':
    case 'mv': {
      const t = args.findIndex((a) => a.value === '-t' || a.value.startsWith('--target-directory'));
      const dir = t >= 0 ? (args[t]!.value.includes('=') ? { ...args[t]!, value: args[t]!.value.split('=')[1]! } : args[t + 1]) : undefined;
      const srcs = dir ? pos.filter((p) => p !== dir) : pos.slice(0, -1);
      const dest = dir ?? pos[pos.length - 1];
      if (!dest) break;
      const intoDir = !!dir || srcs.length > 1 || dest.value.endsWith('/') || isDir(env.resolve(dest.value));
      const recursive = args.some((a) => /^-[a-zA-Z]*[rRa]|^--recursive$|^--archive$/.test(a.value));
      for (const s of srcs) {
        const content = s.value === '/dev/stdin' || s.value === '-' ? stdin() : known(s);
        const to = intoDir ? { ...dest, value: path.join(dest.value, path.basename(s.value)) } : dest;
        put(to, content);
        if (inv.name === 'mv') put(s, null);
        // A directory copied or moved: every file under the destination is new.
        const abs = to.dynamic ? undefined : env.resolve(to.value);
        if (abs && (recursive || inv.name === 'mv' || isDir(env.resolve(s.value)))) texts.push(UNDER + abs);
        else if (!abs && recursive) texts.push(ANY_FILE);
      }
      break;
    }
    case 'ln':
      put(pos[pos.length - 1], null);
      break;
    case 'tar':
    case 'gtar':
    case 'bsdtar':
      if (/^-?[a-z]*x|^--extract|^--get/.test(args[0]?.value ?? '') || args.some((a) => a.value === '-x' || a.value === '--extract')) texts.push(ANY_FILE);
      break;
    case 'unzip':
    case 'cpio':
    case 'patch':
    case '7z':
    case '7za':
    case 'rsync':
    case 'busybox':
      texts.push(ANY_FILE);
      break;
    case 'npm':
    case 'pnpm':
      if (args.some((a) => a.value === 'pkg' || a.value === 'set-script')) put({ value: 'package.json', dynamic: false, glob: false, text: 'package.json' }, null);
      break;
    case 'git':
      if (pos[0]?.value === 'apply' || pos[0]?.value === 'am') texts.push(ANY_FILE);
      else if (!GIT_READERS.has(pos[0]?.value ?? '')) texts.push(inv.argv.map((a) => a.text).join(' '));
      break;
    default:
      if (!NON_WRITERS.has(inv.name) && (args.length || inv.stdin)) {
        // Anything else may write the files it names (sed -i, an interpreter's open(...,'w')).
        const text = inv.stdin?.kind === 'file' ? null : stdin();
        const all = inv.argv.map((a) => a.value).join(' ') + (text === null ? '' : `\n${text}`);
        texts.push(all);
        // Code that writes files under a name it builds (`open('x'+'.sh','w')`) may write any.
        if (WRITE_API.test(all)) texts.push(ANY_FILE);
      }
  }
  if (inv.name === 'curl' || inv.name === 'wget') {
    const out = inv.name === 'curl' ? /^(-[a-zA-Z]*o|--output)$/ : /^(-[a-zA-Z]*O|--output-document)$/;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.value;
      if (out.test(v)) put(args[i + 1], null);
      else if (/^--output(-document)?=/.test(v)) put({ ...args[i]!, value: v.slice(v.indexOf('=') + 1) }, null);
    }
  }
  if (!files.length && !texts.length) return env.prev;
  const map = new Map(env.prev?.files ?? []);
  // A write the line shows earlier no longer holds once something may have changed the file.
  if (texts.length) for (const k of map.keys()) if (texts.some((t) => t.includes(path.basename(k)))) map.set(k, null);
  for (const [k, v] of files) map.set(k, v);
  return { files: map, texts: [...(env.prev?.texts ?? []), ...texts] };

  function append(w: Word, more: string): string | null {
    const before = known(w);
    return before === null ? null : before + more;
  }
}

function isDir(abs: string | undefined): boolean {
  if (!abs) return false;
  try {
    return statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** A file's current text ('' when it doesn't exist yet), or null when it can't be read. */
function readSmall(abs: string): string | null {
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return '';
    if (!st.isFile() || st.size > MAX) return null;
    return readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}
