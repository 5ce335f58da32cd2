// The paths in a repository's index (.git/index), read from disk: what `git ls-files` lists
// besides the untracked files on disk. Versions 2 to 4 (4 compresses each path against the one
// before). Anything else, or an index git would not read alone (a split index, GIT_INDEX_FILE,
// GIT_DIR, a worktree's `.git` file), is unknown. Only the paths are read.
import { statView } from '../fs-view.js';
import { readRegular } from '../readfile.js';
import path from 'node:path';

/** The repository's top directory and its index's paths (relative to the top), or undefined. */
export function indexPaths(cwd: string, vars: Record<string, string | null | undefined>, unknownVars?: string[]): { top: string; paths: string[] } | undefined {
  for (const v of ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES']) {
    if (vars[v] !== undefined || unknownVars?.some((u) => u === v || u === '*')) return undefined;
  }
  let top: string | undefined;
  for (let d = cwd; ; d = path.dirname(d)) {
    const st = statView(path.join(d, '.git'));
    if (st) {
      if (!st.isDirectory()) return undefined;
      top = d;
      break;
    }
    if (path.dirname(d) === d) return undefined;
  }
  let buf: Buffer;
  try {
    buf = readRegular(path.join(top, '.git', 'index'), 256 * 1024 * 1024);
  } catch (e) {
    // A repository with nothing staged yet has no index.
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { top, paths: [] } : undefined;
  }
  const paths = parseIndex(buf);
  return paths && { top, paths };
}

/** The paths of an index file's entries, undefined when it can't be read whole. */
export function parseIndex(buf: Buffer): string[] | undefined {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  const count = buf.readUInt32BE(8);
  if (version < 2 || version > 4 || count > 1_000_000) return undefined;
  // SHA-1 or SHA-256 object names: the one whose entries end where the extensions begin fits.
  for (const hash of [20, 32]) {
    const r = entries(buf, version, count, hash);
    if (r) return r;
  }
  return undefined;
}

function entries(buf: Buffer, version: number, count: number, hash: number): string[] | undefined {
  const out: string[] = [];
  let pos = 12;
  let prev = '';
  for (let i = 0; i < count; i++) {
    const start = pos;
    pos += 40 + hash;
    if (pos + 2 > buf.length) return undefined;
    const flags = buf.readUInt16BE(pos);
    pos += 2;
    if (flags & 0x4000) {
      if (version < 3) return undefined;
      pos += 2;
    }
    let name: string;
    if (version === 4) {
      // A varint: how many bytes of the previous path to drop; then the rest, NUL-ended.
      let n = 0;
      let b: number;
      let k = 0;
      do {
        if (pos >= buf.length || ++k > 5) return undefined;
        b = buf[pos++]!;
        n = k === 1 ? b & 0x7f : ((n + 1) << 7) | (b & 0x7f);
      } while (b & 0x80);
      const end = buf.indexOf(0, pos);
      if (end < 0 || n > Buffer.byteLength(prev, 'latin1')) return undefined;
      name = prev.slice(0, prev.length - n) + buf.toString('latin1', pos, end);
      pos = end + 1;
    } else {
      const end = buf.indexOf(0, pos);
      if (end < 0) return undefined;
      name = buf.toString('latin1', pos, end);
      // Entries are padded with NULs to a multiple of 8 bytes.
      pos = start + Math.ceil((end - start + 1) / 8) * 8;
    }
    if (!name || pos > buf.length) return undefined;
    out.push(name);
    prev = name;
  }
  // What follows is extensions (a 4-letter signature each) and the checksum; a split index
  // (`link`) keeps its other entries in another file.
  for (let p = pos; p + 8 <= buf.length - hash; ) {
    const sig = buf.toString('latin1', p, p + 4);
    if (!/^[A-Za-z]{4}$/.test(sig)) return undefined;
    if (sig === 'link' || sig === 'sdir') return undefined;
    p += 8 + buf.readUInt32BE(p + 4);
    if (p > buf.length - hash) return undefined;
    if (p === buf.length - hash) return out;
  }
  return pos === buf.length - hash ? out : undefined;
}
