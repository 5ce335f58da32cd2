// A file as a revision of this repository holds it, read from .git's objects (loose or packed,
// deltas applied), for `git archive REV | tar -x -C "$tmp"`: what the unpacked files hold is that
// revision's committed text, not the work tree's (writes.ts, rt26k). Only what git itself would
// archive unchanged: a repository whose .git is a directory (no linked worktree, no alternates,
// no replace refs, no reftable), a revision that is HEAD, a full object name or a ref name, and
// no attribute anywhere that makes `git archive` change or leave out a file (filter, ident,
// export-subst, export-ignore, working-tree-encoding). Anything else is unknown (null).
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { readRegular } from '../readfile.js';

const MAX_OBJECT = 8 << 20;
const MAX_FILE = 1 << 20;

/** The directory holding `.git` (a directory) at or above `cwd`, or undefined. */
export function repoTop(cwd: string): string | undefined {
  for (let d = cwd; ; d = path.dirname(d)) {
    const st = statSync(path.join(d, '.git'), { throwIfNoEntry: false });
    if (st) return st.isDirectory() ? d : undefined;
    if (path.dirname(d) === d) return undefined;
  }
}

/** What a revision's tree holds: `file(rel)` is the text of that path in it (undefined: no such
 *  file, so the archive makes none; null: unknown, e.g. a symlink, a submodule, too large), or
 *  'absent' when the revision doesn't exist (an unborn HEAD: `git archive` fails and the archive
 *  is empty). null for the whole when it can't be read as git would. */
export function revisionTree(top: string, rev: string, settings: string[]): { file(rel: string): string | null | undefined } | 'absent' | null {
  try {
    const git = path.join(top, '.git');
    if (existsSync(path.join(git, 'objects', 'info', 'alternates')) || existsSync(path.join(git, 'reftable')) || existsSync(path.join(git, 'refs', 'replace')) || existsSync(path.join(git, 'commondir'))) return null;
    const packed = readText(path.join(git, 'packed-refs'));
    if (packed === null || /\srefs\/replace\//.test(packed ?? '')) return null;
    // Attributes git reads besides the tree's own .gitattributes files, and settings that would
    // name more (an attributes file, an included config) or convert line ends. SETTINGS: the
    // user's config and attributes files (`c:PATH`, `a:PATH`), from HOME and XDG_CONFIG_HOME.
    const files = [`a:${path.join(git, 'info', 'attributes')}`, `c:${path.join(git, 'config')}`, 'c:/etc/gitconfig', ...settings];
    for (const f of files) {
      const t = readText(f.slice(2));
      if (t === null || (t !== undefined && (f.startsWith('a:') ? CHANGES : SETTINGS).test(t))) return null;
    }
    const store = storeFor(git);
    const commit = resolve(git, rev, packed, store);
    if (commit === 'absent' || commit === null) return commit;
    const tree = peelToTree(store, commit);
    if (!tree) return null;
    const root = tree;
    return {
      file(rel: string): string | null | undefined {
        try {
          const parts = rel.split('/').filter(Boolean);
          if (!parts.length || parts.some((p) => p === '..' || p === '.')) return null;
          let at = root;
          for (let i = 0; i < parts.length; i++) {
            const entries = readTree(store, at);
            if (!entries) return null;
            const ga = entries.get('.gitattributes');
            if (ga) {
              const t = ga.mode === '100644' || ga.mode === '100755' ? blobText(store, ga.sha) : null;
              if (t === null || CHANGES.test(t)) return null;
            }
            const e = entries.get(parts[i]!);
            if (!e) return undefined;
            if (i < parts.length - 1) {
              if (e.mode !== '40000') return e.mode === '160000' ? undefined : null;
              at = e.sha;
              continue;
            }
            if (e.mode === '40000' || e.mode === '160000') return null;
            if (e.mode !== '100644' && e.mode !== '100755') return null;
            return blobText(store, e.sha);
          }
          return null;
        } catch {
          return null;
        }
      },
    };
  } catch {
    return null;
  }
}

const SETTINGS = /attributesfile|\binclude|autocrlf|\beol\s*=/i;

/** Attributes that make `git archive` write something else than the blob, or leave it out. */
const CHANGES = /\b(filter|ident|export-subst|export-ignore|working-tree-encoding)\b/;

function readText(f: string): string | undefined | null {
  try {
    return readRegular(f, MAX_FILE).toString('utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

/** The object a revision names: HEAD, a full object name, or a ref name in git's order. */
function resolve(git: string, rev: string, packed: string | undefined, store: Store): string | 'absent' | null {
  if (/^[0-9a-f]{40}$/.test(rev)) return store.has(rev) ? rev : null;
  if (!/^[A-Za-z0-9_][\w./-]*$/.test(rev) || rev.includes('..') || rev.endsWith('.lock') || rev.endsWith('/')) return null;
  const cands = rev === 'HEAD' ? ['HEAD'] : [rev, `refs/${rev}`, `refs/tags/${rev}`, `refs/heads/${rev}`, `refs/remotes/${rev}`, `refs/remotes/${rev}/HEAD`];
  for (const c of cands) {
    const r = ref(git, c, packed, 0);
    if (r !== undefined) return r;
  }
  return 'absent';
}

/** A ref's object (symbolic refs followed), undefined when there is no such ref, null unknown. */
function ref(git: string, name: string, packed: string | undefined, depth: number): string | null | undefined {
  if (depth > 5) return null;
  const t = readText(path.join(git, name));
  if (t === null) return statSync(path.join(git, name), { throwIfNoEntry: false })?.isDirectory() ? undefined : null;
  if (t !== undefined) {
    const s = t.trim();
    if (/^[0-9a-f]{40}$/.test(s)) return s;
    const m = /^ref: (refs\/[\w./-]+)$/.exec(s);
    if (!m) return null;
    const r = ref(git, m[1]!, packed, depth + 1);
    // An unborn branch (HEAD names a branch with no commit yet).
    return r === undefined ? (name === 'HEAD' ? 'absent' as const : undefined) : r;
  }
  if (name === 'HEAD' || !name.startsWith('refs/')) return undefined;
  for (const line of (packed ?? '').split('\n')) {
    const m = /^([0-9a-f]{40}) (\S+)$/.exec(line);
    if (m && m[2] === name) return m[1]!;
  }
  return undefined;
}

function peelToTree(store: Store, sha: string): string | undefined {
  for (let i = 0; i < 5; i++) {
    const o = store.get(sha);
    if (!o) return undefined;
    const head = o.data.subarray(0, Math.min(o.data.length, 4096)).toString('latin1');
    if (o.type === 'tree') return sha;
    if (o.type === 'commit') return /^tree ([0-9a-f]{40})\n/.exec(head)?.[1];
    if (o.type === 'tag') {
      const m = /^object ([0-9a-f]{40})\n/.exec(head);
      if (!m) return undefined;
      sha = m[1]!;
      continue;
    }
    return undefined;
  }
  return undefined;
}

function readTree(store: Store, sha: string): Map<string, { mode: string; sha: string }> | undefined {
  const o = store.get(sha);
  if (!o || o.type !== 'tree') return undefined;
  const out = new Map<string, { mode: string; sha: string }>();
  const d = o.data;
  let i = 0;
  while (i < d.length) {
    const sp = d.indexOf(0x20, i);
    const nul = d.indexOf(0, sp);
    if (sp < 0 || nul < 0 || nul + 21 > d.length) return undefined;
    out.set(d.toString('utf8', sp + 1, nul), { mode: d.toString('latin1', i, sp), sha: d.toString('hex', nul + 1, nul + 21) });
    i = nul + 21;
  }
  return out;
}

function blobText(store: Store, sha: string): string | null {
  const o = store.get(sha);
  if (!o || o.type !== 'blob' || o.data.length > MAX_FILE) return null;
  return o.data.toString('utf8');
}

const TYPES = ['', 'commit', 'tree', 'blob', 'tag'];

/** One store per repository for the process: objects are named by their content, so a store
 *  read earlier holds nothing stale; a pack made since (a gc) is not in its list, and what it
 *  doesn't find is unknown, not absent. */
const stores = new Map<string, Store>();
function storeFor(git: string): Store {
  let s = stores.get(git);
  if (!s) {
    if (stores.size > 8) stores.clear();
    s = new Store(git);
    stores.set(git, s);
  }
  return s;
}

/** Loose and packed objects of one repository. */
class Store {
  private packs: Array<{ idx: Buffer; pack: string }> | undefined;
  constructor(private readonly git: string) {}

  has(sha: string): boolean {
    return !!this.get(sha);
  }

  get(sha: string, depth = 0): { type: string; data: Buffer } | undefined {
    if (depth > 60) return undefined;
    const loose = path.join(this.git, 'objects', sha.slice(0, 2), sha.slice(2));
    if (existsSync(loose)) {
      const raw = inflateSync(readRegular(loose, MAX_OBJECT), { maxOutputLength: MAX_OBJECT + 64 });
      const nul = raw.indexOf(0);
      const [type = '', size = ''] = raw.toString('latin1', 0, nul).split(' ');
      const data = raw.subarray(nul + 1);
      if (Number(size) !== data.length) return undefined;
      return { type, data };
    }
    for (const p of this.allPacks()) {
      const off = findInIdx(p.idx, sha);
      if (off !== undefined) return this.packed(p.pack, off, depth);
    }
    return undefined;
  }

  private allPacks(): Array<{ idx: Buffer; pack: string }> {
    if (this.packs) return this.packs;
    const dir = path.join(this.git, 'objects', 'pack');
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.idx'));
    } catch {
      names = [];
    }
    this.packs = names.map((n) => ({ idx: readRegular(path.join(dir, n), 256 << 20), pack: path.join(dir, n.slice(0, -4) + '.pack') }));
    return this.packs;
  }

  private packed(pack: string, off: number, depth: number): { type: string; data: Buffer } | undefined {
    const head = readRange(pack, off, 32);
    let i = 0;
    let c = head[i++]!;
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      c = head[i++]!;
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (size > MAX_OBJECT) return undefined;
    let base: { type: string; data: Buffer } | undefined;
    if (type === 6) {
      c = head[i++]!;
      let back = c & 0x7f;
      while (c & 0x80) {
        c = head[i++]!;
        back = (back + 1) * 128 + (c & 0x7f);
      }
      base = this.packed(pack, off - back, depth + 1);
    } else if (type === 7) {
      const b = readRange(pack, off + i, 20).toString('hex');
      i += 20;
      base = this.get(b, depth + 1);
    } else if (!TYPES[type]) return undefined;
    const data = inflateSync(readRange(pack, off + i, size + Math.ceil(size / 100) + 1024), { maxOutputLength: MAX_OBJECT + 64 });
    if (data.length !== size) return undefined;
    if (type < 6) return { type: TYPES[type]!, data };
    if (!base) return undefined;
    const out = applyDelta(base.data, data);
    return out && { type: base.type, data: out };
  }
}

function readRange(file: string, off: number, len: number): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new Error('not a file');
    const buf = Buffer.alloc(len);
    const n = readSync(fd, buf, 0, len, off);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** An object's offset in a version-2 pack index. */
function findInIdx(idx: Buffer, sha: string): number | undefined {
  if (idx.length < 8 + 1024 || idx.readUInt32BE(0) !== 0xff744f63 || idx.readUInt32BE(4) !== 2) return undefined;
  const want = Buffer.from(sha, 'hex');
  const first = want[0]!;
  const n = idx.readUInt32BE(8 + 255 * 4);
  let lo = first === 0 ? 0 : idx.readUInt32BE(8 + (first - 1) * 4);
  let hi = idx.readUInt32BE(8 + first * 4);
  const names = 8 + 1024;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const cmp = idx.compare(want, 0, 20, names + mid * 20, names + mid * 20 + 20);
    if (cmp === 0) {
      const offs = names + n * 24;
      const o = idx.readUInt32BE(offs + mid * 4);
      if (!(o & 0x80000000)) return o;
      const big = offs + n * 4 + (o & 0x7fffffff) * 8;
      return idx.readUInt32BE(big) * 2 ** 32 + idx.readUInt32BE(big + 4);
    }
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return undefined;
}

function applyDelta(base: Buffer, delta: Buffer): Buffer | undefined {
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    let c: number;
    do {
      c = delta[i++]!;
      v += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80 && i < delta.length);
    return v;
  };
  if (varint() !== base.length) return undefined;
  const size = varint();
  if (size > MAX_OBJECT) return undefined;
  const out = Buffer.alloc(size);
  let o = 0;
  while (i < delta.length) {
    const op = delta[i++]!;
    if (op & 0x80) {
      let off = 0;
      let len = 0;
      for (let b = 0; b < 4; b++) if (op & (1 << b)) off += delta[i++]! * 2 ** (8 * b);
      for (let b = 0; b < 3; b++) if (op & (0x10 << b)) len += delta[i++]! << (8 * b);
      if (len === 0) len = 0x10000;
      if (off + len > base.length || o + len > size) return undefined;
      base.copy(out, o, off, off + len);
      o += len;
    } else if (op) {
      if (o + op > size || i + op > delta.length) return undefined;
      delta.copy(out, o, i, i + op);
      i += op;
      o += op;
    } else return undefined;
  }
  return o === size ? out : undefined;
}
