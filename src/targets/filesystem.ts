// Files: rm, dd, shred and friends act on this machine. rsync and scp can act on another one
// when the destination is `host:path`.
import { absPath, isUnder, projectRoot, showPath } from './paths.js';
import { flag, grammarOf, positionals, type Run } from './run.js';
import type { Candidate } from './types.js';
import { remoteFileHost } from '../parse/index.js';
import { builtinActs, findRoots } from '../programs/index.js';


export function resolveFilesystem(run: Run): Candidate[] {
  const a = run.args;
  if (run.name === 'rsync' || run.name === 'scp') {
    const pos = positionals(a, grammarOf(run.name));
    const dest = pos[pos.length - 1];
    const host = dest && pos.length >= 2 ? remoteFileHost(dest.value) : undefined;
    if (host && dest) {
      return [{ facts: { host, path: dest.value }, evidence: [`destination ${dest.value} is on ${host}`], resource: `files at ${dest.value}` }];
    }
    // rsync --remove-source-files deletes the sources once copied: a source on another machine.
    const src = run.name === 'rsync' && a.some((w) => w.value === '--remove-source-files') ? pos.slice(0, -1).find((w) => remoteFileHost(w.value) !== undefined) : undefined;
    const srcHost = src && remoteFileHost(src.value);
    if (src && srcHost) return [{ facts: { host: srcHost, path: src.value }, evidence: [`source ${src.value} is on ${srcHost}`], resource: `files at ${src.value}` }];
  }
  let paths: string[];
  if (run.name === 'dd') {
    const of = a.map((w) => /^of=(.*)$/.exec(w.value)?.[1]).find((x) => x !== undefined);
    paths = of ? [of] : [];
  } else if (builtinActs(run.name)?.kind !== 'filesystem') {
    // An interpreter's words are code, not files (`python3 -c "…rmtree('data')"`): the finding
    // names what it deletes.
    paths = [];
  } else {
    // Each program's own options (registry): `rm -rf a b` has no -f FILTER.
    paths = run.name === 'find' ? findRoots(a).map((w) => w.value) : positionals(a, grammarOf(run.name)).map((w) => w.value);
    if (run.name === 'sed' || run.name === 'perl') paths = paths.slice(1);
    // cp/mv/ln/install's target directory (find's `-delete` is no `-t e` bundle).
    const t = /^(cp|mv|ln|install)$/.test(run.name) ? flag(a, ['-t', '--target-directory'], a.length, grammarOf(run.name)) : undefined;
    if (t && !paths.includes(t.value)) paths.push(t.value);
  }
  const root = projectRoot(run.ctx, run.cwd ?? run.ctx.cwd);
  const abs = paths.map((p) => absPath(p, run.cwd, run.ctx.home)).filter((p): p is string => p !== undefined);
  const outside = abs.filter((p) => !isUnder(p, root));
  const ev = [
    outside.length === 0 && abs.length > 0
      ? 'files under the project'
      : outside.length > 0
        ? `files outside the project: ${outside.slice(0, 3).map((p) => showPath(p, run.ctx, run.cwd)).join(', ')}${outside.length > 3 ? ', ...' : ''}`
        : 'files on this machine',
  ];
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? `, ... (${paths.length})` : '');
  return [{ facts: { path: abs[0] ?? paths[0] ?? '.' }, evidence: ev, resource: paths.length > 0 ? `files: ${shown}` : 'files on this machine' }];
}

