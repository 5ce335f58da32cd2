// Reading a file a command names (an SQL script, a request body, inline code on stdin): bounded,
// regular files only, and an `unknown` reason instead of text when it can't be read, so the
// caller fails closed.
import { statSync } from 'node:fs';
import { readRegularText } from '../readfile.js';
import { isAbsolute, resolve } from 'node:path';
import type { Written } from '../parse/index.js';
import { mayHaveMade, writtenContent } from '../parse/index.js';

export const MAX_FILE = 1024 * 1024;

/** `absent`: the file isn't there and nothing earlier on the line may have made it. */
export type Read = { text: string; absent?: true } | { unknown: string };

/** What the line wrote before the invocation being judged (see parse/writes.ts): a file read
 *  there is the line's version, not the one on disk. Set around each invocation's rules. */
let written: Written | undefined;

export function withWritten<T>(w: Written | undefined, fn: () => T): T {
  const before = written;
  written = w;
  try {
    return fn();
  } finally {
    written = before;
  }
}

/** `p` relative to `base` (when given) or `cwd`. With `absentIsEmpty`, a file that isn't there
 *  and that nothing earlier on the line may have made reads as empty: the check runs just before
 *  the line does, so the client finds no file either (the same holds for a script missing from
 *  disk, parse/walk.ts). A file the line may make stays unknown. */
export function readBounded(p: string, cwd: string | undefined, base?: string, absentIsEmpty = false): Read {
  const dir = base ?? cwd;
  let full: string;
  if (isAbsolute(p)) full = p;
  else if (dir) full = resolve(dir, p);
  else return { unknown: `can't tell which directory ${p} is relative to` };
  const w = writtenContent(written, full);
  if (w === null) return { unknown: `${p} is written earlier on this line, with content only known at run time` };
  if (w !== undefined) return { text: w };
  try {
    const st = statSync(full);
    if (!st.isFile()) return { unknown: `${p} is not a regular file` };
    if (st.size > MAX_FILE) return { unknown: `${p} is larger than 1 MB` };
    return { text: readRegularText(full, MAX_FILE) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (absentIsEmpty && (code === 'ENOENT' || code === 'ENOTDIR') && !(written && mayHaveMade(written, full))) return { text: '', absent: true };
    return { unknown: `can't read ${p}` };
  }
}
