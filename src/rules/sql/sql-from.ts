// SQL in a cloud CLI's flags (a rule's `sql-from:`): option values, files they name, the
// positionals after the subcommand, or stdin.
import { resolve } from 'node:path';
import type { Invocation, Word } from '../../parse/index.js';
import { readBounded } from '../files.js';
import type { SqlFrom } from '../types.js';
import { placeOf, stdinSource } from './sources.js';
import type { SqlSource } from './types.js';

/** The SQL a cloud CLI would send, read from where the rule says (`sql-from:`): option values,
 *  files those name, the positionals after the subcommand, or stdin. `flagValues` gives an option's
 *  value words as the rule's command spec splits them; `args` are the positionals after the
 *  subcommand. `{ unknown }` when any of it can't be seen, so the caller fails closed. */
export function sqlFromSources(inv: Invocation, from: SqlFrom, flagValues: (flag: string) => Word[], args: Word[]): SqlSource[] | { unknown: string } {
  const out: SqlSource[] = [];
  const prefixes = from['file-prefix'] ?? [];
  const push = (text: string, label: string, absent?: boolean) => out.push(absent ? { text: '', from: label, dialect: 'sql', absent: true } : { text, from: label, dialect: 'sql' });
  // A path (after any prefix): '-' and /dev/stdin are stdin, as for the clients above.
  const file = (w: Word, path: string, label: string): string | undefined => {
    if (path === '-' || path === '/dev/stdin') {
      const s = stdinSource(inv);
      if (!s) return `${label} reads SQL from the terminal`;
      if ('unknown' in s) return `${label} reads SQL from stdin: ${s.unknown}`;
      push(s.text, `${label} (${s.from})`, 'absent' in s && s.absent);
      return undefined;
    }
    if (w.dynamic) return `${label}: the file name is only known at run time`;
    // The CLIs expand ~ (aws also $VARS) in these paths themselves.
    let p = path;
    const home = inv.vars.HOME ?? process.env.HOME;
    if (p.startsWith('~/') && home) p = resolve(home, p.slice(2));
    if (p.includes('$')) return `${label}: the CLI expands variables in ${path}`;
    // A file missing now that nothing on the line may make: the CLI stops with an error too.
    const r = readBounded(p, inv.cwd, undefined, placeOf(inv).final);
    if ('unknown' in r) return `${label}: ${r.unknown}`;
    push(r.text, label, r.absent);
    return undefined;
  };
  const text = (w: Word, label: string): string | undefined => {
    const pre = prefixes.find((x) => w.value.startsWith(x));
    if (pre) return file(w, w.value.slice(pre.length), `${label} ${w.value}`);
    // An attached value's word is the whole `--sql=...`.
    if (w.dynamic) return `${w.text.startsWith(label) ? '' : `${label} `}${w.text} is only known at run time`;
    push(w.value, label);
    return undefined;
  };
  let given = false;
  const bad: string[] = [];
  const note = (why: string | undefined) => why && bad.push(why);
  for (const f of from.flags ?? []) for (const w of flagValues(f)) { given = true; note(text(w, f)); }
  for (const f of from.files ?? []) for (const w of flagValues(f)) { given = true; note(file(w, w.value, `${f} ${w.value}`)); }
  // An empty query counts as none: bq then reads stdin.
  if (from.args && args.some((w) => w.value !== '' || w.dynamic)) {
    given = true;
    const start = out.length;
    for (const w of args) note(text(w, 'argument'));
    // bq joins its arguments into one query. Each is also read alone, in case one of them was
    // really an option's value that the command spec doesn't list.
    if (out.length - start > 1) push(out.slice(start).map((s) => s.text).join(' '), 'arguments');
  }
  // Migrations the tool applies from its directory: the ones this line wrote first.
  if (from.written && inv.written) {
    const re = new RegExp(from.written);
    for (const [abs, c] of inv.written.files) {
      if (!re.test(abs)) continue;
      if (c === null) bad.push(`it applies ${abs}, which this line writes first`);
      else push(c, `${abs}, written by this line`);
    }
  }
  if (from.stdin && !given) {
    const s = stdinSource(inv);
    if (s && 'unknown' in s) note(`stdin: ${s.unknown}`);
    else if (s) push(s.text, s.from, 'absent' in s && s.absent);
  }
  // `.read FILE` lines in what was read: the file's SQL runs too (one level: libSQL's shell reads
  // a file's lines as statements, not commands).
  const cmd = from['read-command'];
  if (cmd) {
    const re = new RegExp(`^[ \\t]*${cmd.replace('.', '\\.')}[ \\t]+(\\S+)`, 'gm');
    for (const s of out.slice()) {
      for (const m of s.text.matchAll(re)) {
        const p = m[1]!;
        note(file({ value: p, text: p, dynamic: false, glob: false }, p, `${cmd} ${p}`));
      }
    }
  }
  return bad.length ? { unknown: bad.join('; ') } : out;
}
