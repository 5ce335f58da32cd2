// SQLite: the database is the file named by the first argument.
import { absPath, showPath } from '../paths.js';
import { dynamicNote, positionals, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { candidate, grammar, unknown } from './common.js';

export function sqlite(run: Run): Candidate {
  const pos = positionals(run.args, grammar(run.name));
  const file = pos[0];
  if (!file || file.value === ':memory:') return { facts: {}, evidence: ['no file: an in-memory database'], resource: 'sqlite :memory:', environment: 'local' };
  if (file.dynamic) return unknown('sqlite', [dynamicNote('the database file')]);
  const path = absPath(file.value, run.cwd, run.ctx.home);
  if (!path) return unknown('sqlite', [`sqlite file ${file.value} is relative to a working directory that can't be known`]);
  return candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, [`sqlite file ${file.value} (argument)`]);
}
