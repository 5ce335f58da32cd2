// Path helpers shared by the resolvers.
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isDir, isFile, memo } from './cache.js';
import type { TargetContext } from './types.js';

/** Nearest directory from `start` upward (inclusive) for which `has(dir)` holds. */
export function findUp(start: string, has: (dir: string) => boolean): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (has(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Directory holding `.git` (a directory, or a file for worktrees and submodules). */
export function gitRoot(start: string): string | undefined {
  return memo(`gitroot:${start}`, () => findUp(start, (d) => isDir(join(d, '.git')) || isFile(join(d, '.git'))));
}

export function projectRoot(ctx: TargetContext, cwd: string = ctx.cwd): string {
  return ctx.projectRoot ?? gitRoot(cwd) ?? cwd;
}

export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

/** Absolute path for `p` as the tool would see it from `cwd`; undefined if that can't be known. */
export function absPath(p: string, cwd: string | undefined, home: string): string | undefined {
  const e = expandHome(p, home);
  if (isAbsolute(e)) return resolve(e);
  return cwd === undefined ? undefined : resolve(cwd, e);
}

export function isUnder(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A path as people would like to read it: relative to cwd when inside it, `~/` for home. */
export function showPath(path: string, ctx: TargetContext, cwd: string | undefined = ctx.cwd): string {
  if (path === cwd) return '.';
  const inCwd = cwd !== undefined && isUnder(path, cwd);
  const inHome = !!ctx.home && isUnder(path, ctx.home) && path !== ctx.home;
  // From a project folder, `prisma/.env`; from home or above it, `~/.kube/config`.
  if (inCwd && !(inHome && isUnder(ctx.home, cwd ?? '/'))) return relative(cwd ?? '/', path);
  if (inHome) return `~${sep}${relative(ctx.home, path)}`;
  return path;
}
