// A file a command reads commands from (vim -S, tmux source-file, gh's config.yml), as the line
// leaves it: the line's own version when it wrote the file, else the one on disk.
import { statSync } from 'node:fs';
import { readRegularText } from '../readfile.js';
import path from 'node:path';
import type { Invocation, Word } from './types.js';
import { mayHaveMade, writtenContent } from './writes.js';

const MAX = 256 * 1024;

/** The text; null when it can't be known (written with run-time content, too large, not a
 *  regular file, or a relative path with no known directory); undefined when there is no such file. */
export function fileText(inv: Invocation, p: string): string | null | undefined {
  if (!path.isAbsolute(p) && inv.cwd === undefined) return null;
  const abs = path.resolve(inv.cwd ?? '/', p);
  const w = writtenContent(inv.written, abs);
  if (w !== undefined) return w;
  try {
    const st = statSync(abs);
    return st.isFile() && st.size <= MAX ? readRegularText(abs, MAX) : null;
  } catch {
    return undefined;
  }
}

/** A file of code or commands a program runs (`sed -f`, `gdb -x`, `tclsh FILE`, `parallel -a`),
 *  read like the same text given inline: fileText's, and also unknown when its name is only known
 *  at run time, or when it is missing and an earlier command of the line may make it; undefined
 *  when it is surely not there (the program then fails). */
export function codeFileText(inv: Invocation, f: Word): string | null | undefined {
  if (f.dynamic) return null;
  const t = fileText(inv, f.value);
  if (t !== undefined) return t;
  return inv.written && mayHaveMade(inv.written, path.resolve(inv.cwd ?? '/', f.value)) ? null : undefined;
}
