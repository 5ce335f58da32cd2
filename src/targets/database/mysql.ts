// MySQL / MariaDB: flags, then option files, then MYSQL_HOST (the client reads the variable only
// when nothing else names a host), then localhost, which means the unix socket.
import { join } from 'node:path';
import { isFile } from '../cache.js';
import { readIni } from '../ini.js';
import { absPath, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, positionals, showFlag, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { redactUrl } from '../url.js';
import { candidate, fromUrl, grammar, unknown } from './common.js';

export const MYSQL_TOOLS = new Set(['mysql', 'mariadb', 'mysqldump', 'mariadb-dump', 'mysqladmin', 'mariadb-admin', 'mysqlimport', 'mysqlpump', 'mysqlcheck', 'mycli']);

export function mysql(run: Run): Candidate {
  const a = run.args;
  const ev: string[] = [];
  const tool = run.name;
  const uri = tool === 'mycli' ? positionals(a, grammar(tool)).find((p) => /^mysql:\/\//i.test(p.value)) : undefined;
  if (uri) return fromUrl(uri.value, [`connection URL ${redactUrl(uri.value)} (argument)`], run, run.cwd);

  let host: string | undefined;
  let socket: string | undefined;
  const pos = positionals(a, grammar(tool));
  let database = flag(a, ['-D', '--database'])?.value;
  if (tool === 'mysqladmin' || tool === 'mariadb-admin') {
    const i = pos.findIndex((p) => p.value === 'drop' || p.value === 'create');
    if (i >= 0) database = pos[i + 1]?.value ?? database;
  } else {
    database ??= pos[0]?.value;
  }
  const h = flag(a, ['-h', '--host']);
  if (h) {
    if (h.dynamic) return unknown('mysql', [dynamicNote(h.flag)]);
    host = h.value;
    ev.push(showFlag(h));
  }
  const s = flag(a, ['-S', '--socket']);
  if (s) socket = s.value;
  const port = flag(a, ['-P', '--port'])?.value;

  if (host === undefined && socket === undefined) {
    const fromFiles = mysqlOptionFiles(run);
    if (fromFiles) {
      host = fromFiles.host;
      socket = fromFiles.socket;
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
  let guessed = false;
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

function mysqlOptionFiles(run: Run): { host?: string; socket?: string; evidence: string[] } | undefined {
  const a = run.args;
  const only = flag(a, ['--defaults-file']);
  const extra = flag(a, ['--defaults-extra-file']);
  const loginPath = flag(a, ['--login-path']);
  if (loginPath) return { evidence: [`--login-path ${loginPath.value} is stored encrypted in ~/.mylogin.cnf: its host can't be read`], host: undefined };
  const files = only
    ? [absPath(only.value, run.cwd, run.ctx.home)]
    : [...(extra ? [absPath(extra.value, run.cwd, run.ctx.home)] : []), join(run.ctx.home, '.my.cnf')];
  const groups = ['client', 'mysql', run.name === 'mysqldump' || run.name === 'mariadb-dump' ? 'mysqldump' : run.name, 'client-mariadb', 'mariadb'];
  // Later files and later groups override earlier ones; ~/.my.cnf is read last.
  let host: string | undefined;
  let socket: string | undefined;
  let where = '';
  for (const f of files) {
    if (!f) continue;
    const ini = readIni(f);
    if (!ini) continue;
    for (const g of groups) {
      const sec = ini.get(g);
      if (sec?.['host']) { host = sec['host']; where = `host ${host} in ${showPath(f, run.ctx, run.cwd)} [${g}]`; }
      if (sec?.['socket']) socket = sec['socket'];
    }
  }
  if (host === undefined && socket === undefined) return undefined;
  return { host, socket, evidence: where ? [where] : [`socket ${socket} in an option file`] };
}
