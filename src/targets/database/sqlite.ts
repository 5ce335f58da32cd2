// SQLite and DuckDB: the database is the file named by the first argument; none (or `:memory:`)
// is a database in memory that ends with the command.
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { throughLinks, writtenContent } from '../../parse/index.js';
import { dirname } from 'node:path';
import { absPath, gitRoot, isUnder, projectRoot, showPath } from '../paths.js';
import { dynamicNote, positionals, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { candidate, grammar, unknown } from './common.js';

/** Directories whose files are scratch: nothing a team keeps lives there. Not $TMPDIR: an agent
 *  sets its own environment. */
const TEMP_ROOTS = ['/tmp', '/var/tmp', '/dev/shm', '/private/tmp', '/private/var/tmp'];

// Dot-commands that only show or format: anything else (.open, .restore, .read, .load, .import,
// .shell, .output...) may reach another file or a program.
const SHOW_ONLY = new Set(['tables', 'schema', 'indexes', 'indices', 'headers', 'header', 'mode', 'print', 'echo', 'timer', 'bail', 'nullvalue', 'width', 'dump', 'show', 'stats', 'eqp', 'changes', 'separator', 'quit', 'exit', 'help', 'databases', 'dbinfo', 'fullschema', 'columns', 'maxrows', 'rows', 'parameter', 'param']);
// SQL that reaches beyond the database it runs in: another file or server, an extension, a file
// written. Matched anywhere, even in strings: a relaxation only for text that plainly has none.
const REACHES_OUT = /\b(attach|detach|vacuum\s+(?:\w+\s+)?into|copy|export|import|install|load|load_extension|writefile|readfile|edit|fts5vocab|postgres_\w+|mysql_\w+|sqlite_attach)\b/i;

/** Whether the SQL sent reaches nothing but the database itself: all of it can be read, it
 *  attaches nothing, loads nothing and writes no file. */
function selfContained(run: Run, memory = false): boolean {
  const src = run.ctx.sqlSources?.(run.inv);
  if (!src || !Array.isArray(src)) return false;
  for (const s of src) {
    if (REACHES_OUT.test(memory ? withoutFileCopies(s.text) : s.text)) return false;
    for (const m of s.text.matchAll(/^\s*\.(\w*)/gm)) if (!SHOW_ONLY.has(m[1]!.toLowerCase())) return false;
  }
  return true;
}

/** The SQL with the word COPY taken out of each `COPY … TO 'file'` / `COPY … FROM 'file'` (a
 *  literal file name): for a database in memory, such a statement reads or writes that one file,
 *  which the file rules judge (filesystem/inline-delete: COPY TO a protected path), and reaches no
 *  other database. Whatever else the statement names (ATTACH, a scanner) still counts (rt25k1). */
function withoutFileCopies(sql: string): string {
  // Statements split at `;` outside quotes and comments.
  const stmts: string[] = [];
  let cur = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    const quote = ch === "'" || ch === '"' ? ch : undefined;
    if (quote) {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === quote && sql[j + 1] !== quote)) j += sql[j] === quote ? 2 : 1;
      cur += sql.slice(i, j + 1);
      i = j;
    } else if (sql.startsWith('--', i) || sql.startsWith('/*', i)) {
      const end = sql.startsWith('--', i) ? sql.indexOf('\n', i) : sql.indexOf('*/', i) + 1;
      const j = end <= 0 ? sql.length : end;
      cur += sql.slice(i, j + 1);
      i = j;
    } else if (ch === ';') {
      stmts.push(cur);
      cur = '';
    } else cur += ch;
  }
  stmts.push(cur);
  return stmts.map((st) => (/^\s*copy\b/i.test(st) && /\b(to|from)\s+'[^']*'/i.test(st) ? st.replace(/^(\s*)copy\b/i, '$1') : st)).join(';\n');
}

/** `path` is a scratch file: under a temp directory, as written and on disk, not a link the line
 *  made, not a file the line wrote before unless as a plain copy. */
export function scratchFile(path: string, run: Run): boolean {
  const roots = TEMP_ROOTS;
  if (!roots.some((r) => isUnder(path, r) && path !== r)) return false;
  // A home under /tmp (a sandbox's, a test's) is still a home: its files are kept.
  if (isUnder(path, run.ctx.home)) return false;
  // A project cloned into /tmp is still a project: its files are kept.
  if (isUnder(path, projectRoot(run.ctx, run.cwd ?? run.ctx.cwd)) || gitRoot(dirname(path))) return false;
  // A file the line wrote is scratch only as a plain copy (`cp data/db.sqlite /tmp/x.db`).
  if (throughLinks(path, run.inv.written?.links) !== path || (writtenContent(run.inv.written, path) !== undefined && !run.inv.written?.copies?.has(path))) return false;
  let real = path;
  try {
    real = realpathSync(path);
    // A hard link made earlier (`ln data/db.sqlite /tmp/x.db`) is the kept file under another name.
    if (statSync(real).nlink > 1) return false;
  } catch {
    // Not there yet: the command makes a new, empty database.
  }
  return roots.some((r) => isUnder(real, r) && real !== r) && !isUnder(real, run.ctx.home) && !isUnder(real, projectRoot(run.ctx, run.cwd ?? run.ctx.cwd)) && !gitRoot(dirname(real));
}

/** A word whose only run-time parts are bash's numbers ($$, $RANDOM, $BASHPID), with each read as
 *  0; undefined when anything else in it is only known at run time. */
function numericOnly(text: string): string | undefined {
  const t = text.replace(/^(["'])(.*)\1$/, '$2').replace(/\$(\$|\{?(RANDOM|BASHPID)\}?(?![\w]))/g, '0');
  return /[$`\\'"*?[]/.test(t) ? undefined : t;
}

export function sqlite(run: Run): Candidate {
  const engine = run.name === 'duckdb' ? 'duckdb' : 'sqlite';
  const pos = positionals(run.args, grammar(run.name));
  const file = pos[0];
  if (!file || file.value === ':memory:') {
    const c: Candidate = { facts: {}, evidence: ['no file: an in-memory database'], resource: `${engine} :memory:`, environment: 'local' };
    if (selfContained(run, true)) {
      c.facts['ephemeral'] = 'in-memory database';
      c.evidence.push('nothing outlives the command: the SQL attaches, opens and writes no file');
    }
    return c;
  }
  // MotherDuck (`duckdb md:analytics`, `md:`, `motherduck:db`): a database in MotherDuck's cloud,
  // which its token reaches, not a file here (rt27a).
  if (engine === 'duckdb' && /^(md|motherduck):/i.test(file.value)) {
    return { facts: { database: file.value }, evidence: [`${file.value} (argument) is a MotherDuck database, in MotherDuck's cloud: which account its token reaches can't be read here`], resource: `duckdb ${file.value}`, environment: 'unknown' };
  }
  // `/tmp/test-$$.db`: only digits are unknown, so the directory is known.
  const numeric = file.dynamic ? numericOnly(file.text) : file.value;
  if (numeric === undefined) return unknown(engine, [dynamicNote('the database file')]);
  const path = absPath(numeric, run.cwd, run.ctx.home);
  if (!path) return unknown(engine, [`${engine} file ${file.value} is relative to a working directory that can't be known`]);
  const c = candidate(engine, { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, [`${engine} file ${file.dynamic ? file.text : file.value} (argument)`]);
  if (scratchFile(path, run) && selfContained(run)) {
    c.facts['ephemeral'] = 'scratch file';
    c.environment = 'local';
    c.evidence.push(`${path} is under a temporary directory, and the SQL attaches, opens and writes no other file`);
  } else if (file.dynamic) return unknown(engine, [dynamicNote('the database file')]);
  else if (lineOwn(path, run) && selfContained(run)) {
    c.facts['ephemeral'] = 'the line\'s own file';
    c.environment = 'local';
    c.evidence.push(`${showPath(path, run.ctx, run.cwd)} is a copy the line made, and the SQL attaches, opens and writes no other file`);
  }
  return c;
}

/** A database file that holds only what the line put there: a plain copy the line made (`cp
 *  data/db.sqlite tmp/x.db`), never a link or a file the line wrote another way (moved there: the
 *  kept file itself). A file only missing here is not taken as new: the line may run where it is
 *  (the suites name files the fixture lacks, as agents name their project's). */
function lineOwn(path: string, run: Run): boolean {
  if (throughLinks(path, run.inv.written?.links) !== path || !run.inv.written?.copies?.has(path)) return false;
  try {
    const st = lstatSync(path);
    return st.isFile() && st.nlink === 1;
  } catch {
    return true;
  }
}
