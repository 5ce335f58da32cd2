// Project files that hold code a runner executes: package.json scripts and Makefiles. Kept light
// (node:fs and node:path only): the quick reject (dist/fast.cjs) reads them for every line that
// names a runner, so `npm test` stays on the fast path when no script could be destructive.
import { statView } from '../fs-view.js';
import { readRegularText } from '../readfile.js';
import path from 'node:path';
import { table } from '../own.js';

const MAX_FILE = 1024 * 1024;

/** Programs that run scripts from package.json (`nr` is ni's script runner). */
export const PACKAGE_RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun', 'nr']);
export const MAKE_RUNNERS = new Set(['make', 'gmake']);
const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

export interface PackageJson {
  file: string;
  scripts: Record<string, string>;
  /** Workspace patterns (package.json `workspaces`, or pnpm-workspace.yaml `packages`). */
  workspaces: string[];
}

/** Files the line wrote before the runner (parse/writes.ts): their literal text, or null when
 *  unknown. Set by the walker around its reads; the quick reject never sets it. */
let overlay: ((file: string) => string | null | undefined) | undefined;

export function withOverlay<T>(o: typeof overlay, fn: () => T): T {
  const before = overlay;
  overlay = o;
  try {
    return fn();
  } finally {
    overlay = before;
  }
}

// `throwIfNoEntry: false`: a missing file is the common case, and a thrown error costs ~10 µs.
function isFile(f: string): boolean {
  if (overlay?.(f) !== undefined) return true;
  return statView(f)?.isFile() ?? false;
}

/** A small text file, or undefined when it is missing, too large or unreadable. */
export function readText(file: string): string | undefined {
  const w = overlay?.(file);
  if (w !== undefined) return w ?? undefined;
  try {
    const st = statView(file);
    if (!st?.isFile() || st.size > MAX_FILE) return undefined;
    return readRegularText(file, MAX_FILE);
  } catch {
    return undefined;
  }
}

/** The package.json a runner uses from `dir`: the nearest one at or above it. */
export function nearestPackageJson(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, 'package.json');
    if (isFile(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Its scripts and workspaces; a string says why it can't be read (the runner would fail too,
 *  but the caller fails closed). */
export function readPackageJson(file: string): PackageJson | string {
  const text = readText(file);
  if (text === undefined) return `${file} can't be read`;
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return `${file} is not valid JSON`;
  }
  if (!j || typeof j !== 'object') return `${file} is not a JSON object`;
  const o = j as { scripts?: unknown; workspaces?: unknown };
  const scripts: Record<string, string> = table();
  if (o.scripts && typeof o.scripts === 'object') for (const [k, v] of Object.entries(o.scripts)) if (typeof v === 'string') scripts[k] = v;
  const ws = Array.isArray(o.workspaces) ? o.workspaces : (o.workspaces as { packages?: unknown } | undefined)?.packages;
  const workspaces = Array.isArray(ws) ? ws.filter((x): x is string => typeof x === 'string') : [];
  const pnpm = readText(path.join(path.dirname(file), 'pnpm-workspace.yaml'));
  if (pnpm) workspaces.push(...pnpmPackages(pnpm));
  return { file, scripts, workspaces };
}

/** The `packages:` list of pnpm-workspace.yaml (a flat list of strings). */
function pnpmPackages(text: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) inList = true;
    else if (/^\S/.test(line)) inList = false;
    else if (inList) {
      const m = /^\s+-\s*(['"]?)([^'"#]+?)\1\s*(#.*)?$/.exec(line);
      if (m) out.push(m[2]!);
    }
  }
  return out;
}

/** The makefile `make` reads in `dir` when no -f is given. */
/** Task runners whose recipes are shell lines (parse/tasks.ts), and the files they look for, in
 *  their directory or the nearest one above. */
export const TASK_FILES: Record<string, string[]> = table({
  just: ['justfile', 'Justfile', '.justfile', 'JUSTFILE'],
  task: ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'],
});
TASK_FILES['go-task'] = TASK_FILES['task']!;

export function taskFileIn(dir: string, runner: string): string | undefined {
  const names = TASK_FILES[runner] ?? [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const n of names) if (isFile(path.join(d, n))) return path.join(d, n);
    if (path.dirname(d) === d) return undefined;
  }
}

export function makefileIn(dir: string): string | undefined {
  for (const n of MAKEFILES) {
    const f = path.join(dir, n);
    if (isFile(f)) return f;
  }
  return undefined;
}
