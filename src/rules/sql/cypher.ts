// Cypher (neo4j's cypher-shell): deletes and label/property removals that no WHERE or property map
// narrows, batch deletes through apoc.periodic.*, and drops of databases, indexes and constraints.
import { maskJs } from './mongo.js';
import { shorten, type SqlHit, type SqlKind } from './types.js';

// A condition that holds for every row narrows nothing.
const TRUE_WHERE = /\bWHERE\s+(true|1\s*=\s*1|NOT\s+false|\w+\s+IS\s+NOT\s+NULL)\s*(?:$|\b(?:WITH|DETACH|DELETE|REMOVE|SET|RETURN|CALL)\b)/i;

/** Does the clause text before a DELETE/REMOVE pick particular nodes? A WHERE (but WHERE true) or a
 *  property map in a pattern (`(u:User {id: 5})`). A label alone still means every node of it. */
function narrowed(before: string): boolean {
  if (filledBraces(before.replace(/\bCALL\s*\{/gi, ''))) return true;
  const where = /\bWHERE\b/i.exec(before);
  return !!where && !TRUE_WHERE.test(before.slice(where.index));
}

/** /\{[^}]*\S[^}]*\}/ in one pass: a `{`, something not blank, then the next `}`. The regex tried
 *  every `{` against the rest of the text (quadratic, 7 s for 2 KB of `{`). */
function filledBraces(text: string): boolean {
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      if (open < 0) open = i;
    } else if (c === '}') {
      if (open >= 0 && /\S/.test(text.slice(open + 1, i))) return true;
      open = -1;
    }
  }
  return false;
}

/** Statements split on `;` outside strings and comments (masked), with their offsets. */
function statements(text: string): Array<{ at: number; masked: string }> {
  const m = maskJs(text);
  const out: Array<{ at: number; masked: string }> = [];
  let start = 0;
  for (let i = 0; i <= m.length; i++) {
    if (i < m.length && m[i] !== ';') continue;
    out.push({ at: start, masked: m.slice(start, i) });
    start = i + 1;
  }
  return out;
}

export function classifyCypher(text: string): SqlHit[] {
  const out: SqlHit[] = [];
  for (const s of statements(text)) {
    const raw = text.slice(s.at, s.at + s.masked.length);
    const add = (kind: SqlKind, object?: string): void => {
      out.push({ kind, statement: shorten(raw), ...(object ? { object } : {}) });
    };
    const m = s.masked;
    const db = /\b(?:DROP\s+(?:COMPOSITE\s+)?|CREATE\s+OR\s+REPLACE\s+(?:COMPOSITE\s+)?)DATABASE\s+([`\w.$-]+)/i.exec(m);
    if (db) add('drop-database', raw.slice(db.index + db[0].length - db[1]!.length, db.index + db[0].length).replace(/`/g, ''));
    const idx = /\bDROP\s+(INDEX|CONSTRAINT)\b\s*([`\w.$-]*)/i.exec(m);
    if (idx) add('drop', idx[2]?.replace(/`/g, '') || idx[1]!.toLowerCase());
    // apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', ...): the inner queries are
    // strings, so read the raw text; a WHERE in them still narrows.
    const apoc = /\bapoc\s*\.\s*periodic\s*\.\s*(iterate|commit|repeat|submit)\s*\(/i.exec(m);
    if (apoc) {
      const inner = raw.slice(apoc.index);
      const del = /\b(DETACH\s+)?DELETE\b/i.exec(inner);
      if (del && !narrowed(inner.slice(0, del.index))) add('delete-without-where', 'apoc.periodic');
    }
    for (const x of m.matchAll(/\b(?:DETACH\s+|NODETACH\s+)?DELETE\b|\bREMOVE\b/gi)) {
      // The clauses since the statement's last MATCH (or its start) choose what is deleted.
      const before = m.slice(0, x.index);
      const last = [...before.matchAll(/\bMATCH\b/gi)].at(-1)?.index;
      if (last === undefined || narrowed(before.slice(last))) continue;
      add(/^REMOVE$/i.test(x[0]) ? 'update-without-where' : 'delete-without-where', /\(\s*\w*\s*:\s*`?([\w ]+?)`?\s*\)/.exec(before.slice(last))?.[1] ?? 'every node');
      break;
    }
  }
  return out;
}
