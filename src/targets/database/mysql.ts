// MySQL / MariaDB: flags, then option files, then MYSQL_HOST (the client reads the variable only
// when nothing else names a host), then localhost, which means the unix socket.
import { join } from 'node:path';
import { isFile, listDir, readText } from '../cache.js';
import { parseIni } from '../ini.js';
import { writtenContent } from '../../parse/index.js';
import { absPath, showPath } from '../paths.js';
import { dynamicNote, getVar, positionals, showFlag, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { redactUrl } from '../url.js';
import { namesProduction } from '../config.js';
import { candidate, fromUrl, grammar, toolFlag, unknown } from './common.js';

export function mysql(run: Run): Candidate {
  const a = run.args;
  const ev: string[] = [];
  const tool = run.name;
  const uri = tool === 'mycli' ? positionals(a, grammar(tool)).find((p) => /^mysql:\/\//i.test(p.value)) : undefined;
  if (uri) return fromUrl(uri.value, [`connection URL ${redactUrl(uri.value)} (argument)`], run, run.cwd);

  let host: string | undefined;
  let socket: string | undefined;
  const pos = positionals(a, grammar(tool));
  let database = toolFlag(run, ['-D', '--database'])?.value;
  if (tool === 'mysqladmin' || tool === 'mariadb-admin') {
    const i = pos.findIndex((p) => p.value === 'drop' || p.value === 'create');
    if (i >= 0) database = pos[i + 1]?.value ?? database;
  } else {
    database ??= pos[0]?.value;
  }
  const h = toolFlag(run, ['-h', '--host']);
  if (h) {
    if (h.dynamic) return unknown('mysql', [dynamicNote(h.flag)]);
    host = h.value;
    ev.push(showFlag(h));
  }
  const s = toolFlag(run, ['-S', '--socket']);
  if (s) socket = s.value;
  const port = toolFlag(run, ['-P', '--port'])?.value;
  let guessed = false;

  if (host === undefined && socket === undefined) {
    const fromFiles = mysqlOptionFiles(run);
    if (fromFiles && 'unknown' in fromFiles) {
      if (!fromFiles.named) return unknown('mysql', [fromFiles.unknown]);
      return { facts: { 'app-env': fromFiles.named }, evidence: [fromFiles.unknown, `option file ${fromFiles.named} names production (default rule)`], resource: `mysql (what ${fromFiles.named} names)`, guessed: true };
    }
    if (fromFiles) {
      host = fromFiles.host;
      socket = fromFiles.socket;
      guessed = fromFiles.guessed ?? false;
      ev.push(...fromFiles.evidence);
    }
  }
  if (host === undefined && socket === undefined) {
    const v = getVar(run, 'MYSQL_HOST');
    if (v) {
      host = v.value;
      ev.push(showVar('MYSQL_HOST', v));
    }
  }
  if (host === undefined && socket === undefined) {
    if (isFile(join(run.ctx.home, '.mylogin.cnf'))) {
      guessed = true;
      ev.push('~/.mylogin.cnf is encrypted and may name another host');
    }
    ev.push(`no host given: ${tool} connects to localhost over the unix socket`);
    host = 'localhost';
  }
  if (host === 'localhost' && socket === undefined) socket = getVar(run, 'MYSQL_UNIX_PORT')?.value;
  return candidate('mysql', { host: socket && (host === undefined || host === 'localhost') ? socket : host, port, database }, ev, { guessed });
}

function mysqlOptionFiles(run: Run): { host?: string; socket?: string; evidence: string[]; guessed?: boolean } | { unknown: string; named?: string } | undefined {
  const loginPath = toolFlag(run, ['--login-path']);
  if (loginPath) return { evidence: [`--login-path ${loginPath.value} is stored encrypted in ~/.mylogin.cnf: its host can't be read`], host: undefined };
  // An option file the line writes first is read as the line leaves it, not as it is on disk.
  const text = (f: string): string | null | undefined => {
    const w = writtenContent(run.inv.written, f);
    return w !== undefined ? w : readText(f);
  };
  // An option file named on the line (`--defaults-file=/etc/mysql/prod.cnf`) that isn't here: the
  // host it names is unknown, not localhost (its name is evidence when it says production).
  const named = toolFlag(run, ['--defaults-file', '--defaults-extra-file']);
  const namedPath = named && !named.dynamic ? absPath(named.value, run.cwd, run.ctx.home) : undefined;
  if (named && (named.dynamic || namedPath === undefined || text(namedPath) === undefined)) {
    const base = named.value.replace(/^.*\//, '');
    const why = `${named.flag} ${named.value} is not here: the host it names can't be read`;
    return namesProduction(base) ? { unknown: why, named: base } : { unknown: why };
  }
  const files = optionFiles(run).flatMap((f) => withIncludes(f, 0, text));
  const groups = optionGroups(run);
  // Later files and later groups override earlier ones; ~/.my.cnf is read last.
  let host: string | undefined;
  let socket: string | undefined;
  let where = '';
  const hosts = new Set<string>();
  for (const f of files) {
    const t = text(f);
    if (t === null) return { unknown: `${showPath(f, run.ctx, run.cwd)} is written earlier on this line, with content only known at run time` };
    if (t === undefined) continue;
    const ini = parseIni(t);
    for (const g of groups) {
      const sec = ini.get(g);
      if (sec?.['host']) { host = sec['host']; hosts.add(host); where = `host ${host} in ${showPath(f, run.ctx, run.cwd)} [${g}]`; }
      if (sec?.['socket']) socket = sec['socket'];
    }
  }
  if (host === undefined && socket === undefined) return undefined;
  const evidence = where ? [where] : [`socket ${socket} in an option file`];
  // The client takes options in file order across groups and includes, which this reading only
  // approximates: when the files name several hosts, the answer is a guess.
  if (hosts.size > 1) evidence.push(`option files name several hosts (${[...hosts].join(', ')}): which one the client takes depends on their order`);
  return { host, socket, evidence, guessed: hosts.size > 1 };
}

/** The option files a client reads, in order; only --defaults-file replaces them. */
function optionFiles(run: Run): string[] {
  const a = run.args;
  const only = toolFlag(run, ['--defaults-file']);
  if (only) return [absPath(only.value, run.cwd, run.ctx.home)].filter((f) => f !== undefined);
  const extra = toolFlag(run, ['--defaults-extra-file']);
  // MariaDB clients read $MYSQL_HOME/my.cnf too (MySQL 8's only its server): read it either way.
  const mysqlHome = getVar(run, 'MYSQL_HOME')?.value;
  const files = ['/etc/my.cnf', '/etc/mysql/my.cnf', mysqlHome ? join(mysqlHome, 'my.cnf') : undefined, extra ? absPath(extra.value, run.cwd, run.ctx.home) : undefined, join(run.ctx.home, '.my.cnf')];
  return files.filter((f) => f !== undefined);
}

/** A file and, after it, the files its !include and !includedir (*.cnf) lines name. */
function withIncludes(file: string, depth: number, text: (f: string) => string | null | undefined): string[] {
  const t = text(file);
  if (t === undefined || depth > 8) return [];
  const out = [file];
  if (t === null) return out;
  for (const m of t.matchAll(/^\s*!include(dir)?\s+(.+?)\s*$/gm)) {
    const target = m[2] ?? '';
    const named = m[1] ? listDir(target).filter((f) => f.endsWith('.cnf')).sort().map((f) => join(target, f)) : [target];
    out.push(...named.flatMap((f) => withIncludes(f, depth + 1, text)));
  }
  return out;
}

/** Groups in the order the client reads them, with --defaults-group-suffix / MYSQL_GROUP_SUFFIX copies. */
function optionGroups(run: Run): string[] {
  const base = ['client', 'mysql', run.name === 'mysqldump' || run.name === 'mariadb-dump' ? 'mysqldump' : run.name, 'client-mariadb', 'mariadb'];
  const suffix = toolFlag(run, ['--defaults-group-suffix'])?.value ?? getVar(run, 'MYSQL_GROUP_SUFFIX')?.value;
  return suffix ? [...base, ...base.map((g) => g + suffix)] : base;
}
