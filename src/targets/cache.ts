// The files target resolution reads, cached for one command line: a line often asks about the
// same kubeconfig or .env many times. The engine clears it before each line, because a long-lived
// process (the interactive session) judges many lines, and the line before may have switched the
// kubeconfig's context or rewritten a .env.
import { readdirSync, statSync } from 'node:fs';
import { readRegular } from '../readfile.js';
import { crypto, yaml } from '../lazy.js';
import { parseSimpleYaml } from './yaml-lite.js';
import type { Written } from '../parse/types.js';

// Files larger than this are treated as unreadable: no config we read is that big, and reading
// a huge file would blow the time budget.
const MAX_BYTES = 4 * 1024 * 1024;

const texts = new Map<string, string | null>();
const stats = new Map<string, 'file' | 'dir' | null>();
const dirs = new Map<string, string[]>();
const derived = new Map<string, unknown>();

let reads = 0;

// The files the line wrote before the command being resolved ran (parse/writes.ts): what a tool
// reads there is the line's version, not what is on disk now (`cat > ~/.kube/config <<EOF …`,
// `printf 'app = "acme-prod"' > fly.toml && fly apps destroy`). Set only while resolving one
// invocation; never cached, since the next command on the line may see another version.
let overlay: Written | undefined;
let unknownReads: string[] = [];

/** The line's own content of `path`: a string, null (written, content only known at run time), or
 *  undefined (not written earlier on the line). Only files written by name count: the looser
 *  record of commands that may write a file their words mention (writtenContent's texts: any word
 *  `config` for ~/.kube/config) is for running scripts, and would make every config unknown here. */
function lineContent(path: string): string | null | undefined {
  return overlay?.files.get(path);
}

function overlaid(path: string): string | null | undefined {
  if (!overlay) return undefined;
  const c = lineContent(path);
  if (c === null && !unknownReads.includes(path)) unknownReads.push(path);
  return c;
}

/** Run `fn` reading files as the line left them before `written`'s command; also returns the
 *  files it read whose content only the run knows (a target read from one can't be trusted as local). */
export function readingAsWritten<T>(written: Written | undefined, fn: () => T): { value: T; unknown: string[] } {
  if (!written?.files.size) return { value: fn(), unknown: [] };
  const saved = [overlay, unknownReads] as const;
  overlay = written;
  unknownReads = [];
  try {
    const value = fn();
    return { value, unknown: unknownReads };
  } finally {
    [overlay, unknownReads] = saved;
  }
}

/** The text of a file, or undefined when it is missing, unreadable or too large. */
export function readText(path: string): string | undefined {
  const line = overlaid(path);
  if (line !== undefined) return line === null ? undefined : line.replace(/^\uFEFF/, '');
  const hit = texts.get(path);
  if (hit !== undefined) return hit ?? undefined;
  let text: string | null = null;
  try {
    if (kind(path) === 'file') {
      reads++;
      text = readRegular(path, MAX_BYTES).toString('utf8').replace(/^\uFEFF/, '');
    }
  } catch {
    text = null;
  }
  texts.set(path, text);
  return text ?? undefined;
}

function kind(path: string): 'file' | 'dir' | null {
  if (lineContent(path) !== undefined) return 'file';
  const hit = stats.get(path);
  if (hit !== undefined) return hit;
  let k: 'file' | 'dir' | null = null;
  try {
    const s = statSync(path);
    k = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : null;
  } catch {
    k = null;
  }
  stats.set(path, k);
  return k;
}

export function isFile(path: string): boolean {
  return kind(path) === 'file';
}

export function isDir(path: string): boolean {
  return kind(path) === 'dir';
}

/** Entry names of a directory, sorted; empty when it can't be read. */
export function listDir(path: string): string[] {
  const hit = dirs.get(path);
  if (hit) return hit;
  let names: string[] = [];
  try {
    names = readdirSync(path).sort();
  } catch {
    names = [];
  }
  dirs.set(path, names);
  return names;
}

/** Memoise a value derived from files (a parsed kubeconfig, a merged .env) under a key. */
export function memo<T>(key: string, compute: () => T): T {
  // Derived from a file the line wrote: computed from the line's version, and not kept.
  const at = key.indexOf(':/');
  if (at > 0 && lineContent(key.slice(at + 1)) !== undefined) return compute();
  if (derived.has(key)) return derived.get(key) as T;
  const value = compute();
  derived.set(key, value);
  return value;
}

export function readJson(path: string): unknown {
  return memo(`json:${path}`, () => {
    const text = readText(path);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  });
}

export function readYaml(path: string): unknown {
  return memo(`yaml:${path}`, () => {
    const text = readText(path);
    if (text === undefined) return undefined;
    const simple = parseSimpleYaml(text);
    if (simple !== undefined) return simple;
    try {
      return yaml().parse(text, { merge: true, logLevel: 'silent' }) as unknown;
    } catch {
      return undefined;
    }
  });
}

export function sha1Hex(s: string): string {
  return crypto().createHash('sha1').update(s).digest('hex');
}

export function sha256Hex(s: string): string {
  return crypto().createHash('sha256').update(s).digest('hex');
}

/** Forget everything read so far: the engine calls it before each line. */
export function clearTargetCache(): void {
  texts.clear();
  stats.clear();
  dirs.clear();
  derived.clear();
}

/** How many files were actually read from disk since start; lets tests check the cache works. */
export function fileReadCount(): number {
  return reads;
}
