// A bounded walk over a directory tree's names, for checks that must know what is on disk now
// (find's name filters, names xargs would split).
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Whether `dir` (its own name too, unless `ownName` is false) or any entry under it has a name
 *  `test` accepts; undefined when the tree is bigger than `budget.n` entries or can't be read
 *  (`sudo find` may still read it). Links aren't followed (find and grep -r don't). */
export function someName(dir: string, test: (name: string) => boolean, budget: { n: number }, ownName = true, depth = Infinity): boolean | undefined {
  if (ownName && test(path.basename(dir))) return true;
  if (depth <= 0) return false;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // Not a directory (its own name was tested above) or gone: nothing under it.
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' || code === 'ENOENT' ? false : undefined;
  }
  for (const e of entries) {
    if (--budget.n < 0) return undefined;
    if (test(e.name)) return true;
    if (e.isDirectory()) {
      const r = someName(path.join(dir, e.name), test, budget, false, depth - 1);
      if (r !== false) return r;
    }
  }
  return false;
}
