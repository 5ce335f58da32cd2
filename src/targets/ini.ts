// A forgiving INI reader for the small config files tools keep: ~/.aws/config, gcloud
// configurations, .git/config, ~/.my.cnf, pg_service.conf. Section names keep their case
// (AWS profile names and git subsections are case-sensitive), except the part before a quoted
// git subsection; keys are lower-cased.
import { memo, readText } from './cache.js';
import { table } from '../own.js';

export type Ini = Map<string, Record<string, string>>;

export function parseIni(text: string): Ini {
  const out: Ini = new Map();
  let section: Record<string, string> = table();
  out.set('', section);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(.*)\]$/.exec(line);
    if (head) {
      const name = normaliseSection(head[1] ?? '');
      section = out.get(name) ?? {};
      out.set(name, section);
      continue;
    }
    const eq = line.search(/[=:]/);
    const key = (eq < 0 ? line : line.slice(0, eq)).trim().toLowerCase();
    // A bare key (git's `[core] bare`, my.cnf's `skip-ssl`) means true.
    const value = eq < 0 ? 'true' : unquote(stripComment(line.slice(eq + 1).trim()));
    section[key] = value;
  }
  return out;
}

// `[remote "origin"]` and `[Remote  "origin" ]` name the same section.
function normaliseSection(s: string): string {
  const m = /^\s*([^\s"]+)\s*(?:"(.*)")?\s*$/.exec(s);
  if (!m) return s.trim();
  const base = m[1] ?? '';
  return m[2] !== undefined ? `${base.toLowerCase()} "${m[2]}"` : base.trim();
}

function stripComment(v: string): string {
  if (v.startsWith('"')) return v;
  const m = /\s[#;]/.exec(v);
  return m ? v.slice(0, m.index).trim() : v;
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    return v.slice(1, -1);
  }
  return v;
}

export function readIni(path: string): Ini | undefined {
  return memo(`ini:${path}`, () => {
    const text = readText(path);
    return text === undefined ? undefined : parseIni(text);
  });
}
