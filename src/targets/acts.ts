// Where a team's own CLI acts, as its `programs:` entry declares (`acts.environment`): the value
// of a flag, else a variable, else a file found walking up from where it runs. A value only known
// at run time, or none at all, is unknown, which is handled like production.
import { basename, join } from 'node:path';
import { isFile, readText } from './cache.js';
import { findUp, showPath } from './paths.js';
import { dynamicNote, flag, getVar, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { lookup, type Acts, type Registry } from '../programs/index.js';

/** The `acts` of a program the loaded config declares (team and user `programs:`). */
export function declaredActs(run: Run, programs: Registry | undefined): Acts | undefined {
  return programs && run.name ? lookup(run.name, programs)?.acts : undefined;
}

export function resolveActs(run: Run, acts: Acts, programs: Registry | undefined): Candidate[] {
  const env = acts.environment;
  const what = `${run.name} (${acts.kind})`;
  const named = (value: string, evidence: string): Candidate[] => [{ facts: { 'app-env': value }, evidence: [evidence], resource: `${what} in ${value}` }];
  if (!env) return [{ facts: {}, evidence: [`the team's programs: entry for ${run.name} names no source for its environment`], resource: what, environment: 'unknown' }];
  if (env.flag?.length) {
    // Many CLIs (Python's argparse) take a unique prefix of a long option: `--en prod` is `--env prod`.
    const f = flag(run.args, env.flag, undefined, { ...(programs && lookup(run.name, programs)), abbreviations: true });
    if (f?.dynamic) return [{ facts: {}, evidence: [dynamicNote(f.flag)], resource: what, environment: 'unknown' }];
    if (f) return named(f.value, showFlag(f));
  }
  for (const name of env.variable ?? []) {
    const v = getVar(run, name);
    if (v?.dynamic) return [{ facts: {}, evidence: [dynamicNote(name)], resource: what, environment: 'unknown' }];
    if (v?.value) return named(v.value, showVar(name, v));
  }
  for (const file of env.file ?? []) {
    // The line may write the file before the command reads it: what is on disk now doesn't count.
    const base = basename(file);
    const w = run.inv.written;
    if (w && ([...w.files.keys()].some((k) => basename(k) === base) || w.texts.some((t) => t.includes(base)))) {
      return [{ facts: {}, evidence: [`the line writes ${file} before ${run.name} reads it`], resource: what, environment: 'unknown' }];
    }
    if (run.cwd === undefined) return [{ facts: {}, evidence: [`${file} is read from where ${run.name} runs, which can't be known here`], resource: what, environment: 'unknown' }];
    const dir = file.startsWith('/') ? undefined : findUp(run.cwd, (d) => isFile(join(d, file)));
    const path = file.startsWith('/') ? file : dir && join(dir, file);
    const text = path ? readText(path) : undefined;
    if (!path || text === undefined) continue;
    const value = fileValue(text);
    const shown = showPath(path, run.ctx, run.cwd);
    if (value) return named(value, `${value} in ${shown} (file)`);
    return [{ facts: {}, evidence: [`${shown} names no environment`], resource: what, environment: 'unknown' }];
  }
  const sources = [...(env.flag ?? []), ...(env.variable ?? []), ...(env.file ?? [])].join(', ');
  return [{ facts: {}, evidence: [`none of ${sources} names ${run.name}'s environment`], resource: what, environment: 'unknown' }];
}

/** A file of one word, or its `environment:`/`env:` key, or an `ENV=`/`ENVIRONMENT=` line. */
function fileValue(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 1 && /^[\w.-]+$/.test(lines[0]!)) return lines[0];
  for (const l of lines) {
    const m = /^(?:environment|env)\s*[:=]\s*["']?([\w.-]+)["']?\s*$/i.exec(l);
    if (m) return m[1];
  }
  return undefined;
}
