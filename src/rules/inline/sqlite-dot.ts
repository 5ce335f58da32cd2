// sqlite3's dot-commands (given as arguments, with -cmd, or on stdin): the ones that write a file
// (.output/.once/.log FILE, .backup/.save [DB] FILE, .open --new FILE), .restore, which replaces
// the open database, and the ones that run a shell command (.shell, .system, .output |CMD).
// The SQL around them can write files too: VACUUM INTO, duckdb's COPY ... TO and EXPORT DATABASE,
// the sqlite3 shell's writefile().
import { lex, PG } from '../sql/index.js';
import type { ShellCall, CodeHit } from './sinks.js';

/** A dot-command line's words, with sqlite3's quoting ('x y', "x y"). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
}

/** What one dot-command does; `db` is the database file sqlite3 opened. */
function dotCommand(line: string, db: string | undefined, out: { hits: CodeHit[]; calls: ShellCall[] }): void {
  const [cmd, ...rest] = words(line.trim());
  const args = rest.filter((a) => !a.startsWith('-'));
  const name = cmd?.slice(1).toLowerCase() ?? '';
  const hit = (what: string, arg: string | undefined) => out.hits.push({ what, ...(arg !== undefined ? { arg } : {}), kind: 'overwrite' });
  if (name === 'shell' || name === 'system') {
    out.calls.push({ code: line.trim().replace(/^\.\w+\s*/, ''), how: `.${name}` });
  } else if (name === 'output' || name === 'once' || name === 'log') {
    const f = args[0];
    if (f?.startsWith('|')) out.calls.push({ code: line.slice(line.indexOf('|') + 1).trim(), how: `.${name} |` });
    else if (f && f !== 'stdout' && f !== 'stderr' && f !== 'off') hit(`.${name}`, f);
  } else if (name === 'backup' || name === 'save') {
    hit(`.${name}`, args[args.length - 1]);
  } else if (name === 'open' && rest.includes('--new')) {
    hit('.open --new', args[0]);
  } else if (name === 'restore') {
    // .restore [DB] FILE: the open database (main, or an attached one we can't place) is replaced.
    if (db !== ':memory:' && db !== '') hit('.restore', args.length > 1 && args[0] !== 'main' ? undefined : db);
  }
}

/** Files the SQL writes, by statement: `VACUUM [schema] INTO 'f'`, `COPY ... TO 'f'`, `EXPORT
 *  DATABASE 'dir'`, `writefile('f', ...)`. A name that isn't a literal string is left to the SQL
 *  rules' dynamic reading. */
export function sqlFileWrites(sql: string): Array<{ what: string; arg: string }> {
  const out: Array<{ what: string; arg: string }> = [];
  for (const st of lex(sql, PG)) {
    const t = st.toks;
    const first = t[0]?.up;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i]!;
      const next = t[i + 1];
      if (tok.k !== 'w') continue;
      if (tok.up === 'INTO' && first === 'VACUUM' && next?.k === 's') out.push({ what: 'VACUUM INTO', arg: next.v });
      else if (tok.up === 'TO' && first === 'COPY' && next?.k === 's') out.push({ what: 'COPY TO', arg: next.v });
      else if (tok.up === 'DATABASE' && first === 'EXPORT' && t[i - 1]?.up === 'EXPORT' && next?.k === 's') out.push({ what: 'EXPORT DATABASE', arg: next.v });
      else if (tok.up === 'WRITEFILE' && next?.v === '(' && t[i + 2]?.k === 's') out.push({ what: 'writefile()', arg: t[i + 2]!.v });
    }
  }
  return out;
}

/** Dot-commands in sqlite3 input: each argument that starts with '.', or each such line of stdin;
 *  and the files the SQL between them writes. */
export function sqliteDot(code: string, db: string | undefined): { hits: CodeHit[]; calls: ShellCall[] } {
  const out = { hits: [] as CodeHit[], calls: [] as ShellCall[] };
  const sql: string[] = [];
  for (const line of code.split('\n')) {
    if (/^\s*\./.test(line)) dotCommand(line, db, out);
    else sql.push(line);
  }
  for (const w of sqlFileWrites(sql.join('\n'))) out.hits.push({ what: w.what, arg: w.arg, kind: 'overwrite' });
  return out;
}
