// Mongo shell code: drops of databases and collections, and deletes or updates with an empty filter.
import { lineAt, shorten, type SqlHit, type SqlKind } from './types.js';

/** Same-length copy of JS source with comments blanked and string bodies filled, so regexes see code only. */
export function maskJs(text: string): string {
  const out = text.split('');
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      // A quoted key or operator ("_id", "$exists") stays readable; it can't spell a call.
      const id = new RegExp(String.raw`^${ch}[\w$]+${ch}`).exec(text.slice(i, i + 64));
      if (id) { i += id[0].length; continue; }
      let j = i + 1;
      while (j < n && text[j] !== ch) {
        if (text[j] === '\\') { out[j] = '_'; j++; }
        if (j < n) out[j] = '_';
        j++;
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  return out.join('');
}

// A filter that matches every document, on masked text: {}, {_id: {$exists: true}} (every document
// has an _id), {_id: {$ne: null}}, {$expr: true}, and any $where (its JS is a string we don't read).
const K = (k: string) => String.raw`["'\x60]?${k}["'\x60]?\s*:\s*`;
const ALL = String.raw`\{\s*(?:${K('_id')}\{\s*(?:${K('\\$exists')}(?:true|1)|${K('\\$ne')}null)\s*\}\s*|${K('\\$expr')}true\s*|${K('\\$where')}[^{}]*?)?\}`;

function unquoteJs(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

export function classifyMongo(text: string): SqlHit[] {
  const m = maskJs(text);
  const out: SqlHit[] = [];
  const add = (kind: SqlKind, at: number, object?: string) => out.push({ kind, statement: shorten(lineAt(text, at)), ...(object ? { object } : {}) });
  const STR = String.raw`(?:"[^"\n]*"|'[^'\n]*'|\x60[^\x60]*\x60)`;
  for (const x of m.matchAll(/\.\s*dropDatabase\s*\(/g)) {
    const before = m.slice(0, x.index);
    const sib = new RegExp(String.raw`getSiblingDB\s*\(\s*(${STR})\s*\)\s*$`).exec(before);
    add('drop-database', x.index, sib ? unquoteJs(text.slice(sib.index + sib[0].indexOf(sib[1]!), sib.index + sib[0].indexOf(sib[1]!) + sib[1]!.length)) : undefined);
  }
  for (const x of m.matchAll(/\.\s*drop\s*\(/g)) {
    const before = m.slice(0, x.index);
    let object: string | undefined;
    const get = new RegExp(String.raw`(?:getCollection\s*\(\s*|\[\s*)(${STR})\s*[)\]]\s*$`).exec(before);
    const dot = /\bdb\s*\.\s*([A-Za-z_$][\w$]*)\s*$/.exec(before);
    if (get) {
      const s = get.index + get[0].indexOf(get[1]!);
      object = unquoteJs(text.slice(s, s + get[1]!.length));
    } else if (dot) object = dot[1];
    add('drop', x.index, object);
  }
  // runCommand({ dropDatabase: 1 }) / runCommand({ drop: "users" }); keys may be quoted.
  for (const x of m.matchAll(new RegExp(String.raw`\b(?:runCommand|adminCommand)\s*\(\s*\{\s*([A-Za-z_$][\w$]*|${STR})\s*:\s*(${STR})?`, 'g'))) {
    const keyAt = x.index + x[0].indexOf(x[1]!);
    const rawKey = text.slice(keyAt, keyAt + x[1]!.length);
    const key = /^['"`]/.test(rawKey) ? unquoteJs(rawKey) : rawKey;
    if (key === 'dropDatabase') add('drop-database', x.index);
    else if (key === 'drop') {
      const valAt = x[2] ? x.index + x[0].lastIndexOf(x[2]) : -1;
      add('drop', x.index, valAt >= 0 ? unquoteJs(text.slice(valAt, valAt + x[2]!.length)) : undefined);
    }
  }
  // renameCollection(to, true) / { renameCollection: …, to: …, dropTarget: true }: the collection
  // already named `to` is dropped first (rt26b: a rename done over an existing collection).
  for (const x of m.matchAll(new RegExp(String.raw`\.\s*renameCollection\s*\(\s*(${STR})\s*,\s*(?:true|1)\s*\)`, 'g'))) {
    const s = x.index + x[0].indexOf(x[1]!);
    add('drop', x.index, unquoteJs(text.slice(s, s + x[1]!.length)));
  }
  for (const x of m.matchAll(/\brenameCollection["'\x60]?\s*:[^{}]*?["'\x60]?dropTarget["'\x60]?\s*:\s*(?:true|1)\b/g)) add('drop', x.index);
  const coll = (before: string): string | undefined => /\bdb\s*\.\s*([A-Za-z_$][\w$]*)\s*$/.exec(before)?.[1];
  for (const x of m.matchAll(new RegExp(String.raw`\.\s*(deleteMany|remove)\s*\(\s*(?:${ALL}\s*)?[,)]`, 'g'))) add('delete-without-where', x.index, coll(m.slice(0, x.index)));
  for (const x of m.matchAll(new RegExp(String.raw`\.\s*updateMany\s*\(\s*${ALL}\s*,`, 'g'))) add('update-without-where', x.index, coll(m.slice(0, x.index)));
  // bulkWrite([{ deleteMany: { filter: {} } }]): the same operations as a list.
  for (const x of m.matchAll(new RegExp(String.raw`\b(deleteMany|updateMany)["'\x60]?\s*:\s*\{\s*["'\x60]?filter["'\x60]?\s*:\s*${ALL}`, 'g'))) {
    add(x[1] === 'deleteMany' ? 'delete-without-where' : 'update-without-where', x.index, coll(m.slice(0, x.index).replace(/\.\s*bulkWrite\s*\([^]*$/, '')));
  }
  return out;
}
