// Is a path argument protected? It is, is inside, or is an ancestor of a protected path, or a
// glob or run-time value that could be one. Marked directories (.countersign-protected) count too.
import { lstatSync, mkdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { existsView, listView, statView } from '../fs-view.js';
import { readRegularText } from '../readfile.js';

/** The state directory's registries are read only as regular files up to this size. */
const MAX_STATE_FILE = 16 * 1024 * 1024;
import path from 'node:path';
import picomatch from 'picomatch';
import type { Word, Written } from '../parse/index.js';
import { AGENT_PROJECT_FILES, SELF, type ProtectedPath } from './load.js';
import { agentGuardScripts, ANY_LINK, mayHaveMade, projectRun, throughLinks } from '../parse/index.js';

export const MARKER = '.countersign-protected';

export interface PathContext {
  cwd: string | undefined;
  home: string;
  protectedPaths: ProtectedPath[];
  /** Marked directories known from `countersign mark` (the state registry). */
  marked?: string[];
  /** Links the line made before this command (parse/writes.ts). */
  links?: ReadonlyMap<string, string | null>;
  /** What the line wrote before this command (parse/writes.ts); absent: nothing. */
  written?: Written;
}

const GLOB = /[*?[]/;
const matcherCache = new Map<string, (s: string) => boolean>();
function pm(p: string): (s: string) => boolean {
  let m = matcherCache.get(p);
  if (!m) matcherCache.set(p, (m = picomatch(p, { dot: true })));
  return m;
}

function staticPrefix(p: string): string {
  const i = p.search(GLOB);
  if (i < 0) return p;
  const dir = p.slice(0, i).replace(/[^/]*$/, '');
  return dir.length > 1 ? dir.replace(/\/$/, '') : dir || '.';
}

function inside(child: string, parent: string): boolean {
  if (parent === '/') return child.startsWith('/');
  return child === parent || child.startsWith(parent + '/');
}

/** Why an absolute, normalized, literal path is protected, under any name it has (links the line
 *  made, symlinks on disk; `followLast`: the last part too, as a write or `DIR/` does, not as rm
 *  of the link itself does); undefined if it isn't. */
export function protectedReason(abs: string, ctx: PathContext, followLast = true): string | undefined {
  for (const a of namesOf(abs, ctx, followLast)) {
    if (a.unknown) return a.unknown;
    const r = reasonAt(a.path, ctx);
    if (r) return a.path === abs ? r : `${show(abs, ctx)} is ${show(a.path, ctx)} ${a.via}: ${r}`;
  }
  return undefined;
}

interface Name {
  path: string;
  via?: string;
  unknown?: string;
}

/** `abs` and the other names it has: through links the line made first (the last part followed
 *  too: fail closed), and through symlinks on disk (realpath of the part that exists). */
function namesOf(abs: string, ctx: PathContext, followLast: boolean): Name[] {
  const out: Name[] = [{ path: abs }];
  const seen = new Set([abs]);
  const add = (n: Name): void => {
    if (n.unknown || !seen.has(n.path)) out.push(n), seen.add(n.path);
  };
  if (ctx.links?.size) {
    const t = throughLinks(abs, ctx.links);
    if (t === null) add({ path: abs, unknown: `${show(abs, ctx)} goes through a link made earlier in the line, to a place only known at run time` });
    else if (t !== abs) add({ path: t, via: 'through a link made earlier in the line' });
    if (ctx.links.has(ANY_LINK)) {
      const to = ctx.links.get(ANY_LINK);
      if (to === null || to === undefined) add({ path: abs, unknown: `a link whose name is only known at run time was made earlier in the line; ${show(abs, ctx)} may be it` });
      else add({ path: to, via: 'maybe (a link to it, named at run time, was made earlier in the line)' });
    }
  }
  for (const n of [...out]) {
    if (n.unknown) continue;
    const real = realOf(n.path, followLast);
    if (real && !seen.has(real)) add({ path: real, via: 'through a symlink' });
  }
  return out;
}

/** The real path of the part of `abs` that exists, the rest appended. */
function realOf(abs: string, followLast: boolean): string | undefined {
  const last = followLast ? '' : path.basename(abs);
  let head = followLast ? abs : path.dirname(abs);
  let rest = '';
  for (let i = 0; i < 64; i++) {
    try {
      const r = realpathSync.native(head);
      return path.join(r, rest, last);
    } catch {
      const up = path.dirname(head);
      if (up === head) return undefined;
      rest = path.join(path.basename(head), rest);
      head = up;
    }
  }
  return undefined;
}

/** Why this exact spelling of a path is protected. */
function reasonAt(abs: string, ctx: PathContext): string | undefined {
  return listedReason(abs, ctx) ?? markedReason(abs, ctx);
}

/** The program `name` in one of `dirs` (an executable file), if any. */
function shadowed(name: string, dirs: string[]): string | undefined {
  if (!name || name === '.' || name === '..') return undefined;
  for (const d of dirs) {
    const f = path.join(d, name);
    const st = statView(f);
    if (st?.isFile() && st.mode & 0o111) return f;
  }
  return undefined;
}

/** Caches inside the builtin protected trees that their tool rebuilds (`apt-get update` refetches
 *  the package lists): emptying them is everyday image slimming, not data loss. A team's own
 *  protected paths still cover them. */
const BUILTIN_REBUILT = ['/var/lib/apt/lists'];

/** Why the protected-path list (not marker files) covers this exact spelling of a path. */
export function listedReason(abs: string, ctx: PathContext): string | undefined {
  const rebuilt = BUILTIN_REBUILT.some((c) => inside(abs, c));
  for (const p of ctx.protectedPaths) {
    if (p.shadows) {
      const other = path.dirname(abs) === p.path ? shadowed(path.basename(abs), p.shadows) : undefined;
      if (other) return `${show(abs, ctx)} would run in place of ${other} (${show(p.path, ctx)} comes first on PATH)`;
      continue;
    }
    if (rebuilt && p.source === 'builtin') continue;
    const isPattern = GLOB.test(p.path);
    if (p.kind === 'exact') {
      if (isPattern ? pm(p.path)(abs) : abs === p.path) return `${show(abs, ctx)} is a protected root`;
    } else if (isPattern) {
      // /dev/sd*: the device and anything under it.
      let a = abs;
      for (;;) {
        if (pm(p.path)(a)) return `${show(abs, ctx)} is inside protected ${p.path}`;
        const up = path.dirname(a);
        if (up === a) break;
        a = up;
      }
    } else if (inside(abs, p.path)) {
      return abs === p.path ? `${show(abs, ctx)} is protected (${p.source === 'builtin' ? 'builtin' : path.basename(p.source)})` : `${show(abs, ctx)} is inside protected ${show(p.path, ctx)}`;
    }
    // An ancestor of a protected path takes it with it.
    if (p.only) continue;
    const root = isPattern ? staticPrefix(p.path) : p.path;
    if (abs !== root && inside(root, abs)) {
      return `${show(abs, ctx)} contains protected ${show(p.path, ctx)}`;
    }
  }
  return undefined;
}

function markedReason(abs: string, ctx: PathContext): string | undefined {
  // Inside a marked directory: the marker sits in the path or one of its ancestors.
  let a = abs;
  for (let i = 0; i < 64; i++) {
    if (existsView(path.join(a, MARKER))) return `${show(abs, ctx)} is ${a === abs ? '' : 'inside '}marked (${show(path.join(a, MARKER), ctx)})`;
    const up = path.dirname(a);
    if (up === a) break;
    a = up;
  }
  // A directory the person marked with `countersign mark` stays marked when its marker file is
  // gone: a file tool countersign doesn't hook (an agent's delete, an apply_patch) can remove it.
  for (const m of ctx.marked ?? []) if (inside(abs, m)) return `${show(abs, ctx)} is ${abs === m ? '' : 'inside '}marked (countersign mark ${show(m, ctx)})`;
  for (const m of ctx.marked ?? []) if (m !== abs && inside(m, abs)) return `${show(abs, ctx)} contains marked ${show(m, ctx)}`;
  // A directory that holds a marked directory a few levels down.
  const found = findMarkerBelow(abs);
  if (found) return `${show(abs, ctx)} contains marked ${show(path.dirname(found), ctx)}`;
  return undefined;
}

const SKIP = new Set(['node_modules', '.git', '.next', '.nuxt', 'dist', 'build', 'target', '__pycache__', '.venv', 'venv', 'coverage', '.cache', '.turbo']);

/** Bounded search: a few levels and a few thousand directories, skipping generated trees. */
function findMarkerBelow(dir: string, maxDepth = 4, budget = { n: 3000 }): string | undefined {
  const entries = listView(dir);
  if (!entries) return undefined;
  for (const e of entries) if (e.name === MARKER) return path.join(dir, e.name);
  if (maxDepth === 0) return undefined;
  for (const e of entries) {
    if (!e.isDirectory() || SKIP.has(e.name)) continue;
    if (--budget.n < 0) return undefined;
    const f = findMarkerBelow(path.join(dir, e.name), maxDepth - 1, budget);
    if (f) return f;
  }
  return undefined;
}

function show(p: string, ctx: PathContext): string {
  if (ctx.home && inside(p, ctx.home) && ctx.home !== '/') return '~' + p.slice(ctx.home.length);
  return p;
}

function resolve(value: string, ctx: PathContext): string | undefined {
  let v = value;
  if (v === '~' || v.startsWith('~/')) v = ctx.home + v.slice(1);
  if (path.isAbsolute(v)) return path.normalize(v).replace(/(.)\/$/, '$1');
  if (ctx.cwd === undefined) return undefined;
  return path.resolve(ctx.cwd, v);
}

/** Check one path-like argument. */
export function checkPathWord(w: Word, ctx: PathContext): string | undefined {
  if (w.dynamic) {
    // `{}/../../data`, `$X/../data`: `..` after an unknown part can climb anywhere.
    if (/(^|\/)\.\.(\/|$)/.test(w.value)) return `${w.text} is only known at run time`;
    const i = w.value.search(/[$`]/);
    const prefix = i < 0 ? w.value : w.value.slice(0, i);
    if (!prefix || !prefix.includes('/')) return `${w.text} is only known at run time`;
    // `/tmp/backup-$(date)`: some name starting with the known part, like a glob.
    if (!prefix.endsWith('/')) {
      const abs = resolve(prefix + '*', ctx);
      if (abs === undefined) return `${w.text} is only known at run time`;
      const r = globReason(abs, w.text, ctx);
      return r ? `${w.text} is only known at run time: ${r}` : undefined;
    }
    // The known directory itself (when the rest is empty), and anything under it.
    const abs = resolve(prefix.endsWith('/') ? prefix : path.dirname(prefix), ctx);
    if (abs === undefined) return `${w.text} is only known at run time`;
    const r = protectedReason(abs, ctx) ?? firstOf(namesOf(abs, ctx, true), (n) => underAnyProtected(n.path, ctx));
    return r ? `${w.text} is only known at run time and may be ${show(abs, ctx)} (${r})` : undefined;
  }
  if (w.glob) {
    const abs = resolve(w.value, ctx);
    if (abs === undefined) return relativeUnknown(w.value, ctx);
    return globReason(abs, w.text, ctx);
  }
  const abs = resolve(w.value, ctx);
  if (abs === undefined) return relativeUnknown(w.value, ctx);
  // `rm -rf link` removes the link; `rm -rf link/` what it points at.
  return protectedReason(abs, ctx, /\/\.?$/.test(w.value));
}

function firstOf(names: Name[], f: (n: Name) => string | undefined): string | undefined {
  for (const n of names) {
    const r = n.unknown ?? f(n);
    if (r) return r;
  }
  return undefined;
}

/** Something protected lies under dir (for a dynamic suffix). */
function underAnyProtected(dir: string, ctx: PathContext): string | undefined {
  for (const p of ctx.protectedPaths) {
    if (p.shadows) continue;
    const root = GLOB.test(p.path) ? staticPrefix(p.path) : p.path;
    if (root !== dir && inside(root, dir)) return `it contains protected ${show(p.path, ctx)}`;
  }
  return undefined;
}

function globReason(abs: string, text: string, ctx: PathContext): string | undefined {
  // A link the line made is one of the names the pattern may match when it runs, though it
  // isn't on disk now (`ln -s ../data/db.sqlite t/x; for p in t/*; do : > "$p"; done`).
  if (ctx.links?.size) {
    if (ctx.links.has(ANY_LINK)) return `${text} may match a link the line made, whose name is only known at run time`;
    const match = pm(abs);
    for (const l of ctx.links.keys()) {
      const r = match(l) ? protectedReason(l, ctx, true) : undefined;
      if (r) return `${text} can match ${show(l, ctx)}, a link the line made (${r})`;
    }
  }
  // The pattern goes inside its fixed directory: under every name that directory has.
  const prefix = staticPrefix(abs);
  return firstOf(namesOf(prefix, ctx, true), (n) => globAt(n.path + abs.slice(prefix.length), text, ctx));
}

function globAt(abs: string, text: string, ctx: PathContext): string | undefined {
  const prefix = staticPrefix(abs);
  const inPrefix = reasonAt(prefix, ctx);
  const rest = abs.slice(prefix.length).replace(/^\//, '');
  // `~/*`, `/*`, `data/*`: everything in a protected directory.
  if (inPrefix && (/^(\*|\.\*|\*\.\*|\*\*|\{\*,\.\*\}|\.\[!.\]\*)$/.test(rest) || /is (inside|protected|marked)/.test(inPrefix))) {
    return `${text} matches what is in ${show(prefix, ctx)} (${inPrefix})`;
  }
  const match = pm(abs);
  const rebuilt = BUILTIN_REBUILT.some((c) => inside(prefix, c)) && !abs.includes('..');
  for (const p of ctx.protectedPaths) {
    if (p.shadows || (rebuilt && p.source === 'builtin')) continue;
    if (GLOB.test(p.path)) {
      if (p.path === abs) return `${text} is protected ${p.path}`;
      continue;
    }
    // `./*/db.sqlite` reaches inside protected `data/`: the pattern's leading segments match it.
    if (p.kind === 'subtree' && reachesInside(abs, p.path) && !absentInside(abs, p.path, ctx)) return `${text} can match files inside protected ${show(p.path, ctx)}`;
    let a = p.path;
    for (;;) {
      if (match(a)) return `${text} matches ${show(a, ctx)}${a === p.path ? ' (protected)' : `, which contains protected ${show(p.path, ctx)}`}`;
      const up = path.dirname(a);
      if (up === a) break;
      a = up;
    }
  }
  return undefined;
}

// `*/bin` reaching inside protected `data`: the segments past `dir` are literal (`bin`) and name
// nothing there now that the line may have made first (data/bin isn't there): the pattern matches
// nothing inside `dir` (`dotnet clean && rm -rf */bin */obj`). A project's own task run first
// (dotnet clean, gradle build) counts as making nothing there: that code is already trusted with
// the protected directory itself, and whatever it would make there is new, the line's own.
function absentInside(glob: string, dir: string, ctx: PathContext): boolean {
  const tail = glob.split('/').filter(Boolean).slice(dir.split('/').filter(Boolean).length);
  if (!tail.length || tail.some((seg) => GLOB.test(seg) || seg === '..' || seg === '.')) return false;
  if (ctx.links?.size) return false;
  const at = path.join(dir, ...tail);
  try {
    lstatSync(at);
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  const w = ctx.written && { ...ctx.written, texts: ctx.written.texts.filter((t) => !projectRun(t)) };
  return !w || (!mayHaveMade(w, at) && ![...(w.moved?.keys() ?? [])].some((k) => k === at || k.startsWith(at + '/') || at.startsWith(k + '/')));
}

/** Do the first segments of a glob match every segment of `dir`, with more segments to go? */
function reachesInside(glob: string, dir: string): boolean {
  const g = glob.split('/').filter(Boolean);
  const d = dir.split('/').filter(Boolean);
  if (g.length <= d.length && !g.includes('**')) return false;
  for (let i = 0; i < d.length; i++) {
    const seg = g[i];
    if (seg === undefined) return false;
    if (seg === '**') return true;
    if (!(GLOB.test(seg) ? pm(seg)(d[i]!) : seg === d[i])) return false;
  }
  return true;
}

function relativeUnknown(v: string, ctx: PathContext): string | undefined {
  const n = path.normalize(v);
  if (n === '.' || n.startsWith('..') || /^[*?]+$/.test(n)) return `${v} in a directory that can't be known before run time`;
  // The repository's .git is known only where the directory is (a .git in a directory made at
  // run time is some other repository's, as `rm -rf tmpl/.git` after a clone is).
  for (const p of ctx.protectedPaths) if (!p.shadows && p.source !== 'builtin' && p.source !== REPOSITORY && (p.path.endsWith('/' + n) || p.path.includes('/' + n + '/'))) return `${v} may be protected ${show(p.path, ctx)} (the directory can't be known before run time)`;
  return undefined;
}

/** A state file's parsed content, re-read only when its mtime changes; `none` when it is missing
 *  or can't be stat'ed (a state directory that is a file: ENOTDIR). */
function byMtime<T>(cache: Map<string, { mtimeMs: number; value: T }>, file: string, none: T, read: () => T): T {
  const mtimeMs = statView(file)?.mtimeMs ?? -1;
  if (mtimeMs < 0) return none;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.value;
  const value = read();
  cache.set(file, { mtimeMs, value });
  return value;
}

const registryCache = new Map<string, { mtimeMs: number; value: string[] }>();

/** Marked directories registered by `countersign mark` (re-read only when the file changes). */
export function readMarkedRegistry(file: string): string[] {
  return byMtime(registryCache, file, [], () => readRegistry(file));
}

/** What each project's team files protect, as countersign last computed it inside that project
 *  (`projects.json` in the state directory, written by load.ts): a command run from outside the
 *  project (`cd ..`, Codex's `workdir`, Gemini's `dir_path`) finds no team file walking up from
 *  its directory, yet the data is the same. */
export interface ProjectPaths {
  root: string;
  paths: ProtectedPath[];
}
const projectCache = new Map<string, { mtimeMs: number; value: ProjectPaths[] }>();

export function readProjectRegistry(file: string): ProjectPaths[] {
  return byMtime(projectCache, file, [], () => {
    try {
      const data = JSON.parse(readRegularText(file, MAX_STATE_FILE)) as { projects?: Record<string, Array<{ path: string; kind: string }>> };
      return Object.entries(data.projects ?? {}).map(([root, ps]) => ({
        root,
        paths: (Array.isArray(ps) ? ps : []).filter((p) => typeof p?.path === 'string' && path.isAbsolute(p.path)).map((p) => ({ path: p.path, kind: p.kind === 'exact' ? ('exact' as const) : ('subtree' as const), source: path.join(root, '.countersign.yaml') })),
      }));
    } catch {
      return [];
    }
  });
}

/** Record what `root`'s team files protect (only when it changed: this runs on an uncached load). */
export function writeProjectPaths(file: string, root: string, paths: ProtectedPath[]): void {
  const list = [...new Map(paths.map((p) => [`${p.kind}\0${p.path}`, { path: p.path, kind: p.kind }])).values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let data: { version: number; projects: Record<string, Array<{ path: string; kind: string }>> } = { version: 1, projects: {} };
  try {
    const d = JSON.parse(readRegularText(file, MAX_STATE_FILE));
    if (d && typeof d === 'object' && d.projects && typeof d.projects === 'object') data = { version: 1, projects: d.projects };
  } catch {
    /* none yet, or unreadable: start again */
  }
  if (JSON.stringify(data.projects[root] ?? []) === JSON.stringify(list)) return;
  if (list.length) data.projects[root] = list;
  else delete data.projects[root];
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* a state directory that can't be written: the project's own directory still applies */
  }
}

function readRegistry(file: string): string[] {
  try {
    const data = JSON.parse(readRegularText(file, MAX_STATE_FILE)) as { marked?: string[] };
    return (data.marked ?? []).filter((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

// The repository the line runs in: its .git directory is its history (commits not pushed,
// branches, stashes, the reflog). Deleting it (or its objects or refs) is protected like a root;
// its packs, branch and tag refs and packed-refs too; what else lies under it stays everyday
// (`rm -f .git/index.lock`, hooks, `.git/refs/original`).
const repoMemo = new WeakMap<ProtectedPath[], Map<string, ProtectedPath[]>>();
export const REPOSITORY = 'the repository';

/** protectedPaths plus the .git directory (with objects and refs) of the repository that holds cwd. */
export function withRepository(protectedPaths: ProtectedPath[], cwd: string | undefined, home?: string): ProtectedPath[] {
  if (!cwd) return protectedPaths;
  let per = repoMemo.get(protectedPaths);
  if (!per) repoMemo.set(protectedPaths, (per = new Map()));
  // Scripts the agents' settings run that run countersign themselves (red team 27x): the guard.
  const guards = home ? agentGuardScripts(home, cwd) : [];
  const id = guards.length ? `${cwd}\0${guards.join('\0')}` : cwd;
  const hit = per.get(id);
  if (hit) return hit;
  let out = protectedPaths;
  for (let d = cwd, i = 0; i < 64; i++) {
    const git = path.join(d, '.git');
    const isRepo = !!statView(git)?.isDirectory() && existsView(path.join(git, 'HEAD'));
    if (isRepo) {
      // Its packs and branch/tag refs too (`rm -rf .git/objects/pack`: every packed commit).
      const parts = ['objects', 'objects/pack', 'refs', 'refs/heads', 'refs/tags', 'packed-refs'];
      out = [...protectedPaths, ...[git, ...parts.map((p) => path.join(git, p))].map((p) => ({ path: p, kind: 'exact' as const, source: REPOSITORY }))];
      // The project's agent hook settings (load.ts agentGuards).
      if (d !== cwd) out.push(...AGENT_PROJECT_FILES.map((f) => ({ path: path.join(d, f), kind: 'exact' as const, source: SELF })));
      break;
    }
    if (existsView(git)) break; // a worktree's or submodule's .git file: not its history
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  // An agent started here reads its project settings here (in a repository, at its top too).
  out = [...out, ...AGENT_PROJECT_FILES.map((f) => ({ path: path.join(cwd, f), kind: 'exact' as const, source: SELF })), ...guards.map((g) => ({ path: g, kind: 'exact' as const, source: SELF }))];
  if (per.size > 64) per.clear();
  per.set(id, out);
  return out;
}
