// Aliases and functions: in an interactive shell a line can run what an earlier line defined
// (`f() { rm -rf data; }`, then `f`), which a check of the line alone can't see. The hook sends the
// definitions of the words of a submitted line that are aliases or functions; the ones unchanged
// since the user's startup files (the snapshot taken when the hook was installed) are trusted like
// the rest of the user's configuration, and the others are checked with the line: functions as
// they are, an alias as a function that runs its text with the arguments. What those definitions
// call is asked for in turn, a few rounds deep.

export interface Def {
  kind: 'a' | 'f';
  name: string;
  text: string;
}

/** Records `a|f NAME \x1f TEXT \x1e`. */
export function parseRecords(s: string): Def[] {
  const out: Def[] = [];
  for (const rec of s.split('\x1e')) {
    if (rec.length < 2) continue;
    const kind = rec[0];
    const sep = rec.indexOf('\x1f');
    if ((kind !== 'a' && kind !== 'f') || sep < 2) continue;
    out.push({ kind, name: rec.slice(1, sep), text: rec.slice(sep + 1) });
  }
  return out;
}

/** bash's `declare -f` (every function) into one Def per function. */
export function splitDeclareF(s: string): Def[] {
  const lines = s.split('\n');
  const out: Def[] = [];
  let cur: { name: string; lines: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const m = /^(\S.*) \(\) $/.exec(l);
    if (m && lines[i + 1] === '{ ') {
      if (cur) out.push({ kind: 'f', name: cur.name, text: cur.lines.join('\n') });
      cur = { name: m[1]!, lines: [l] };
      continue;
    }
    cur?.lines.push(l);
  }
  if (cur) out.push({ kind: 'f', name: cur.name, text: cur.lines.join('\n') });
  return out;
}

const norm = (t: string): string => t.replace(/\s+$/, '');

export class Snapshot {
  private known = new Map<string, string>();

  add(defs: Def[]): void {
    for (const d of defs) this.known.set(`${d.kind}\0${d.name}`, norm(d.text));
  }

  /** Defined by the startup files and not changed since. */
  has(d: Def): boolean {
    return this.known.get(`${d.kind}\0${d.name}`) === norm(d.text);
  }
}

/** Shell text that defines them, for the engine: functions first, then aliases as functions. */
export function defsToCode(defs: Def[]): string {
  const fns = defs.filter((d) => d.kind === 'f').map((d) => d.text.replace(/\s+$/, ''));
  const aliases = defs.filter((d) => d.kind === 'a').map((d) => `${d.name} () {\n${d.text} "$@"\n}`);
  return [...fns, ...aliases].join('\n');
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', 'coproc', 'local', 'declare', 'typeset', 'export', 'readonly', 'return', 'echo', 'printf', 'true', 'false', 'test']);

/** Words of `code` that could be aliases or functions and weren't asked about yet. */
export function candidateNames(code: string, asked: Set<string>, max = 1000): string[] {
  const out: string[] = [];
  for (const w of code.split(/[^A-Za-z0-9_.:+,-]+/)) {
    if (!w || asked.has(w) || KEYWORDS.has(w) || !/^[A-Za-z_]/.test(w)) continue;
    asked.add(w);
    out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

/** The words a line itself offers (what the hook looked up). */
export function lineWords(text: string): Set<string> {
  return new Set(text.split(/[^A-Za-z0-9_.:+,-]+/).filter(Boolean));
}
