// git: the remote and branch a push would update, read from .git/HEAD and .git/config directly.
// Other git commands change only this clone, so they are local.
import { isAbsolute, join, resolve } from 'node:path';
import { isDir, isFile, listDir, memo, readText } from './cache.js';
import { readIni, type Ini } from './ini.js';
import { absPath, gitRoot, showPath } from './paths.js';
import { dynamicNote, flag, getVar, grammarOf, hasFlag, positionals, type Run } from './run.js';
import type { Candidate } from './types.js';
import { parseConnUrl, redactUrl } from './url.js';
import { table } from '../own.js';

export interface GitDir {
  /** The git directory (a worktree's own one for linked worktrees): holds HEAD. */
  dir: string;
  /** The common git directory: holds config and refs. */
  common: string;
  /** The work tree root, when there is one. */
  root?: string;
}

/** The git directory for a work tree containing `start`, following `.git` files (worktrees). */
export function gitDirOf(start: string): GitDir | undefined {
  return memo(`gitdir:${start}`, () => {
    const root = gitRoot(start);
    if (!root) return undefined;
    return gitDirAt(join(root, '.git'), root);
  });
}

function gitDirAt(dotGit: string, root: string | undefined): GitDir | undefined {
  let dir = dotGit;
  if (isFile(dotGit)) {
    const m = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '');
    if (!m) return undefined;
    dir = resolve(root ?? resolve(dotGit, '..'), (m[1] ?? '').trim());
  }
  if (!isDir(dir)) return undefined;
  const commondir = readText(join(dir, 'commondir'))?.trim();
  const common = commondir ? resolve(dir, commondir) : dir;
  return { dir, common, root };
}

export function currentBranch(g: GitDir): string | undefined {
  const head = readText(join(g.dir, 'HEAD'))?.trim();
  const m = head ? /^ref:\s*refs\/heads\/(.+)$/.exec(head) : null;
  return m?.[1];
}

function localBranches(g: GitDir): string[] {
  const out = new Set<string>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of listDir(dir)) {
      const p = join(dir, name);
      if (isDir(p)) walk(p, `${prefix}${name}/`);
      else out.add(`${prefix}${name}`);
    }
  };
  walk(join(g.common, 'refs', 'heads'), '');
  for (const line of (readText(join(g.common, 'packed-refs')) ?? '').split('\n')) {
    const m = /^[0-9a-f]{40,64} refs\/heads\/(.+)$/.exec(line.trim());
    if (m?.[1]) out.add(m[1]);
  }
  return [...out].sort();
}

function isTag(g: GitDir, name: string): boolean {
  if (isFile(join(g.common, 'refs', 'tags', name))) return true;
  return (readText(join(g.common, 'packed-refs')) ?? '').includes(` refs/tags/${name}\n`);
}

/** Host of a git remote URL: https://h/x, ssh://git@h/x, git@h:x; undefined for local paths. */
export function remoteHost(url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    if (url.startsWith('file:')) return undefined;
    return parseConnUrl(url)?.host || undefined;
  }
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)/.exec(url);
  return scp?.[1];
}

export function resolveGit(run: Run): Candidate[] {
  const a = run.args;
  // Global options before the subcommand: -C (cumulative), --git-dir, --work-tree, -c name=value.
  let dir = run.cwd;
  let gitDirFlag: string | undefined;
  const overrides = new Map<string, string>();
  let i = 0;
  for (; i < a.length; i++) {
    const v = a[i]?.value ?? '';
    if (!v.startsWith('-')) break;
    if (v === '-C') {
      const next = a[++i];
      if (!next || next.dynamic) return [unknownGit(dynamicNote('git -C'))];
      dir = isAbsolute(next.value) ? next.value : dir === undefined ? undefined : resolve(dir, next.value);
    } else if (v === '-c') {
      const kv = a[++i]?.value ?? '';
      const eq = kv.indexOf('=');
      overrides.set((eq < 0 ? kv : kv.slice(0, eq)).toLowerCase(), eq < 0 ? 'true' : kv.slice(eq + 1));
    } else if (v === '--git-dir' || v.startsWith('--git-dir=')) {
      gitDirFlag = v === '--git-dir' ? a[++i]?.value : v.slice(10);
    } else if (v === '--work-tree' || v === '--namespace' || v === '--super-prefix' || v === '--config-env') {
      i++;
    }
  }
  const sub = a[i]?.value;
  const rest = a.slice(i + 1);
  if (dir === undefined) return [unknownGit('the working directory can\'t be known, so the repository can\'t be found')];

  const gitDirVar = getVar(run, 'GIT_DIR');
  const explicit = gitDirFlag ?? gitDirVar?.value;
  const g = explicit !== undefined ? gitDirAt(absPath(explicit, dir, run.ctx.home) ?? explicit, undefined) : gitDirOf(dir);
  if (!g) return [unknownGit(`no git repository at ${showPath(dir, run.ctx, run.cwd)}`)];
  const config = readIni(join(g.common, 'config')) ?? (new Map() as Ini);
  const get = (section: string, key: string): string | undefined => {
    const dotted = `${section.replace(/^(\w+) "(.*)"$/, '$1.$2')}.${key}`.toLowerCase();
    return overrides.get(dotted) ?? config.get(section)?.[key];
  };
  const branch = currentBranch(g);
  const headFile = showPath(join(g.dir, 'HEAD'), run.ctx, run.cwd);

  if (sub !== 'push') {
    const facts: Record<string, string> = table();
    if (branch) facts['git-branch'] = branch;
    return [{
      facts,
      evidence: [`git ${sub ?? ''} changes only this clone${branch ? ` (on branch ${branch})` : ''}`],
      resource: `git repository ${showPath(g.root ?? g.dir, run.ctx, run.cwd) || '.'}`,
      environment: 'local',
    }];
  }

  const ev: string[] = [];
  const pos = positionals(rest, grammarOf('git', 'push'));
  const repoFlag = flag(rest, ['--repo']);
  let remote = repoFlag?.value ?? pos[0]?.value;
  if (pos[0]?.dynamic || repoFlag?.dynamic) return [unknownGit(dynamicNote('the push remote'))];
  // Where the remote's name came from; said once, with its URL, below.
  let remoteWhy = 'argument';
  if (remote === undefined) {
    const keys: Array<[string, string, string]> = [
      [`branch "${branch}"`, 'pushremote', `branch.${branch}.pushRemote`],
      ['remote', 'pushdefault', 'remote.pushDefault'],
      [`branch "${branch}"`, 'remote', `branch.${branch}.remote`],
    ];
    for (const [section, key, label] of keys) {
      if (section.includes('undefined')) continue;
      const v = get(section, key);
      if (v) { remote = v; remoteWhy = `${label} in ${showPath(join(g.common, 'config'), run.ctx, run.cwd)}`; break; }
    }
    if (remote === undefined) { remote = 'origin'; remoteWhy = 'none given: the default'; }
  }
  const url = get(`remote "${remote}"`, 'pushurl') ?? get(`remote "${remote}"`, 'url') ?? remote;

  // Which branches the push updates.
  const refspecs = repoFlag ? pos.map((w) => w.value) : pos.slice(1).map((w) => w.value);
  if (pos.slice(1).some((w) => w.dynamic)) return [unknownGit(dynamicNote('the refspec'))];
  const deleting = hasFlag(rest, ['-d', '--delete']);
  const targets: Array<{ branch?: string; how: string; ref?: string }> = [];
  const all = hasFlag(rest, ['--all', '--branches', '--mirror']);
  if (all) {
    const kind = hasFlag(rest, ['--mirror']) ? '--mirror' : '--all';
    for (const b of localBranches(g)) targets.push({ branch: b, how: `${kind} pushes every branch` });
  } else if (refspecs.length > 0) {
    for (const spec of refspecs) {
      const s = spec.replace(/^\+/, '');
      const colon = s.indexOf(':');
      let src = colon < 0 ? s : s.slice(0, colon);
      let dst = colon < 0 ? s : s.slice(colon + 1);
      if (src === 'HEAD' || src === '@') src = branch ?? src;
      if (colon < 0) dst = src;
      if (colon >= 0 && src === '' && dst === '') {
        for (const b of localBranches(g)) targets.push({ branch: b, how: '":" pushes every matching branch' });
        continue;
      }
      const how = deleting || (colon >= 0 && src === '') ? `deletes ${dst} (refspec ${spec})` : `refspec ${spec}`;
      if (dst.startsWith('refs/tags/') || (!dst.startsWith('refs/heads/') && isTag(g, dst))) {
        targets.push({ ref: dst.replace(/^refs\/tags\//, ''), how: `tag ${dst.replace(/^refs\/tags\//, '')} (refspec ${spec})` });
        continue;
      }
      targets.push({ branch: dst.replace(/^refs\/heads\//, ''), how });
    }
  } else if (hasFlag(rest, ['--tags'])) {
    targets.push({ how: '--tags pushes tags only' });
  } else {
    const mode = (get('push', 'default') ?? 'simple').toLowerCase();
    if (!branch) {
      targets.push({ how: 'HEAD is detached: git would refuse to push without a refspec' });
    } else if (mode === 'matching') {
      for (const b of localBranches(g)) targets.push({ branch: b, how: 'push.default=matching pushes every matching branch' });
    } else if (mode === 'nothing') {
      targets.push({ how: 'push.default=nothing: git would refuse to push without a refspec' });
    } else {
      const merge = get(`branch "${branch}"`, 'merge')?.replace(/^refs\/heads\//, '');
      const upstreamRemote = get(`branch "${branch}"`, 'remote');
      const dst = (mode === 'upstream' || mode === 'tracking' || mode === 'simple') && merge && upstreamRemote === remote ? merge : branch;
      targets.push({ branch: dst, how: `no refspec: the current branch ${branch} in ${headFile}${dst !== branch ? `, to its upstream ${dst}` : ''}` });
    }
  }

  const base: Record<string, string> = table({ 'git-remote': remote });
  if (url !== remote || /[:/]/.test(url)) base['url'] = redactUrl(url);
  const host = remoteHost(url);
  if (host) base['host'] = host;
  else if (/^(\/|\.|~|file:)/.test(url)) base['path'] = url;
  ev.unshift(remote === url ? `remote ${redactUrl(url)} (${remoteWhy})` : `remote ${remote} (${remoteWhy}) is ${redactUrl(url)}`);

  const shownRemote = remote === url ? redactUrl(url) : `${remote} (${redactUrl(url)})`;
  return targets.map((t) => ({
    facts: { ...base, ...(t.branch ? { 'git-branch': t.branch } : {}), ...(t.ref ? { 'git-tag': t.ref } : {}) },
    evidence: [...ev, t.how],
    resource: t.branch ? `branch ${t.branch} on ${shownRemote}` : t.ref ? `tag ${t.ref} on ${shownRemote}` : shownRemote,
  }));
}

function unknownGit(note: string): Candidate {
  return { facts: {}, evidence: [note], resource: 'git', environment: 'unknown' };
}
