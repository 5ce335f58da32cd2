// One line's view of the disk. Judging a line asks the same questions many times (a .git above
// this directory, a marker, the nearest package.json, the state files): inside `during()` each
// path is stat'ed (or listed) once. Outside it every call goes to the disk, so a long-lived
// session's next line sees what changed. Keep this module free of imports from src/.
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';

let stats: Map<string, Stats | null> | undefined;
let lists: Map<string, Dirent[] | null> | undefined;

/** Forgets everything (a run stopped by the watchdog skips during()'s finally). */
export function resetView(): void {
  stats = lists = undefined;
}

/** Runs `fn` with the memo on (nested calls share the outer one). */
export function during<T>(fn: () => T): T {
  if (stats) return fn();
  stats = new Map();
  lists = new Map();
  try {
    return fn();
  } finally {
    stats = lists = undefined;
  }
}

function statNow(p: string): Stats | null {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // EACCES, ELOOP, ENAMETOOLONG: as existsSync, not there
  }
}

/** statSync (following links), undefined when missing or unreadable. */
export function statView(p: string): Stats | undefined {
  if (!stats) return statNow(p) ?? undefined;
  let s = stats.get(p);
  if (s === undefined) stats.set(p, (s = statNow(p)));
  return s ?? undefined;
}

/** existsSync. */
export function existsView(p: string): boolean {
  return statView(p) !== undefined;
}

/** readdirSync with file types, undefined when it can't be listed. */
export function listView(dir: string): Dirent[] | undefined {
  const now = (): Dirent[] | null => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch {
      return null;
    }
  };
  if (!lists) return now() ?? undefined;
  let l = lists.get(dir);
  if (l === undefined) lists.set(dir, (l = now()));
  return l ?? undefined;
}
