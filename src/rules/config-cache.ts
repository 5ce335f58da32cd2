// The compiled-config cache. Parsing YAML costs tens of milliseconds per shell invocation, so the
// compiled config is kept as JSON keyed by the identity (path, size, mtime, inode) of every file it
// was built from; each of those is checked again on use, so an edited, added or removed file is
// read afresh. No dependencies beyond node: the CommonJS fast path (src/fast.ts) reads it too, and
// node:crypto alone would add 4 ms to its start-up, so the file name is a plain hash and the full
// key is stored inside and compared on read.
import { SYSTEM_APPROVERS, approverFile } from '../dirs.js';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readRegular } from '../readfile.js';

/** A cache file is read only as a regular file up to this size (a FIFO would block). */
const MAX_CACHE_FILE = 64 * 1024 * 1024;
import path from 'node:path';

const CACHE_VERSION = 6;

export const TEAM_FILE = '.countersign.yaml';

/** The team file: .countersign.yaml in this directory or the nearest parent that has one. */
export function findTeamFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const f = path.join(dir, TEAM_FILE);
    if (existsSync(f)) return f;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export { userConfigFile } from '../dirs.js';

export function fileId(p: string): string {
  try {
    const st = statSync(p);
    return `${p}:${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return `${p}:absent`;
  }
}

export interface CacheSlot {
  file: string;
  /** Everything the config was built from; stored in the file and compared on read. */
  key: string;
}

// ---- trusted snapshots (src/rules/trust.ts): where they are, without loading node:crypto ----

/** The root-owned approvers file (defined in src/dirs.ts, so the fast path needn't load crypto). */
export { SYSTEM_APPROVERS };

export const trustedDir = (state: string): string => path.join(state, 'trusted');
export const teamSnapshotFile = (state: string, root: string): string => path.join(trustedDir(state), `team-${hash64(path.resolve(root))}.json`);
export const userSnapshotFile = (state: string): string => path.join(trustedDir(state), 'user.json');
/** The team files as countersign first saw them in a project no one has signed yet (unsigned). */
export const seenSnapshotFile = (state: string, root: string): string => path.join(trustedDir(state), `seen-team-${hash64(path.resolve(root))}.json`);

export interface TrustFiles {
  /** The snapshot of the nearest trusted project root that holds cwd (its team file may be gone). */
  team?: string;
  /** Else the unsigned first-seen copy of the nearest such root's team files (trust on first use). */
  seen?: string;
  /** The first-seen copies of projects further up that hold this one (a team file written in a
   *  subdirectory starts a project of its own, but can't lift what the outer one protects). */
  outerSeen?: string[];
  user?: string;
  /** Identity of everything the trust decision reads, for the cache key. */
  key: string;
}

/** Which trusted snapshots apply in cwd. One stat when nothing was ever trusted. */
export function trustFiles(state: string, cwd: string, env: Readonly<Record<string, string | undefined>>, home: string): TrustFiles {
  const dir = trustedDir(state);
  if (!existsSync(dir)) return { key: '-' };
  const out: TrustFiles = { key: '' };
  // One listing, not two stats for every directory up to / (this runs on every command).
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    names = new Set();
  }
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    const f = teamSnapshotFile(state, d);
    if (names.has(path.basename(f))) {
      // A signed snapshot applies here (or, above a first-seen copy, is one of its outer floors
      // that a person signed: it stops the walk; the signed one is what trust shows).
      if (!out.seen) out.team = f;
      break;
    }
    const s = seenSnapshotFile(state, d);
    if (names.has(path.basename(s))) {
      if (!out.seen) out.seen = s;
      else (out.outerSeen ??= []).push(s);
    }
    if (path.dirname(d) === d) break;
  }
  if (existsSync(userSnapshotFile(state))) out.user = userSnapshotFile(state);
  // The signatures are checked against the approver key: a changed key, pin or system file
  // changes what counts.
  const approver = approverFile(env, home);
  out.key = [out.team ? fileId(out.team) : out.seen ? `seen:${fileId(out.seen)}${(out.outerSeen ?? []).map((o) => `+${fileId(o)}`).join('')}` : '-', out.user ? fileId(out.user) : '-', fileId(approver), fileId(path.join(state, 'approver-pin.json')), fileId(SYSTEM_APPROVERS)].join('|');
  return out;
}

/** `builtin` identifies the builtin packs (fileId of dist/rulesets.json, or of each pack file);
 *  `trust` is TrustFiles.key. */
export function cacheSlot(dir: string, builtin: string, teamFile: string | undefined, userFile: string | undefined, home: string, trust: string): CacheSlot {
  const key = [String(CACHE_VERSION), builtin, teamFile ? fileId(teamFile) : '-', teamFile ? fileId(path.join(path.dirname(teamFile), '.countersign')) : '-', userFile ? fileId(userFile) : '-', home, trust].join('\n');
  return { file: path.join(dir, 'cache', `config-${hash64(key)}.json`), key };
}

/** The compiled config, with the quick-reject index built from it when the entry has one. */
export function readConfigCache<T, Q>(slot: CacheSlot): { config: T; quick?: Q } | undefined {
  return readVerified<{ config: T; quick?: Q }>(slot.file, slot.key);
}

/** What the fast path needs: the quick-reject index (quickIndexData's text, as bytes: it is read
 *  lazily) and the configured shell, in a file of its own, so a harmless command doesn't parse the
 *  whole compiled config. The file is a JSON head line (key, sources, shell), then the index. */
export interface QuickEntry {
  quick: Buffer;
  shell?: string;
}

export function readQuickCache(slot: CacheSlot): QuickEntry | undefined {
  try {
    const buf = readRegular(quickFile(slot.file), MAX_CACHE_FILE);
    const nl = buf.indexOf(10);
    const head = verified<{ shell?: string }>(JSON.parse(buf.toString('utf8', 0, nl)), slot.key);
    return head && { quick: buf.subarray(nl + 1), shell: head.shell };
  } catch {
    return undefined;
  }
}

function readVerified<T>(file: string, key: string): T | undefined {
  try {
    return verified<T>(JSON.parse(readRegular(file, MAX_CACHE_FILE).toString('utf8')), key);
  } catch {
    return undefined;
  }
}

function verified<T>(data: { version: number; key: string; sources: string[] } & T, key: string): T | undefined {
  if (data.version !== CACHE_VERSION || data.key !== key) return undefined;
  for (const s of data.sources) if (fileId(s.slice(0, s.indexOf(':'))) !== s) return undefined;
  return data;
}

export function writeConfigCache(slot: CacheSlot, cfg: { sources: string[]; shell?: string }, teamRoot: string | undefined, quick: string): void {
  try {
    const sources = [...new Set([...cfg.sources, ...teamFiles(teamRoot)])].map(fileId);
    mkdirSync(path.dirname(slot.file), { recursive: true, mode: 0o700 });
    const head = { version: CACHE_VERSION, key: slot.key, sources };
    // Each file carries the key and sources, and is verified on its own when read.
    writeAtomic(slot.file, JSON.stringify({ ...head, config: cfg, quick }));
    writeAtomic(quickFile(slot.file), `${JSON.stringify({ ...head, shell: cfg.shell })}\n${quick}`);
  } catch {
    /* a cache is optional */
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

const quickFile = (file: string): string => file.replace(/\.json$/, '.quick');

function teamFiles(teamRoot: string | undefined): string[] {
  if (!teamRoot) return [];
  const d = path.join(teamRoot, '.countersign');
  try {
    return readdirSync(d).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(d, f));
  } catch {
    return [];
  }
}

/** FNV-1a in two 32-bit lanes: a file name, not a security boundary (the key is compared too). */
export function hash64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x05bd1e95);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
