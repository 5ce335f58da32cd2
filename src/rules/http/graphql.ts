// GraphQL mutations in a request body: the body's documents (JSON `query`/`mutation`/multipart
// `operations`, a urlencoded form, or the text itself), tokenized, and the top-level fields of
// each mutation with its fragments spread in.

type GTok = { k: 'name' | 'punct' | 'str' | 'other'; v: string };

function gqlTokens(doc: string): GTok[] {
  const out: GTok[] = [];
  const n = doc.length;
  let i = 0;
  while (i < n) {
    const c = doc[i]!;
    if (/[\s,\ufeff]/.test(c)) { i++; continue; }
    if (c === '#') { while (i < n && doc[i] !== '\n') i++; continue; }
    if (doc.startsWith('"""', i)) {
      const end = doc.indexOf('"""', i + 3);
      i = end < 0 ? n : end + 3;
      out.push({ k: 'str', v: '' });
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && doc[j] !== '"' && doc[j] !== '\n') j += doc[j] === '\\' ? 2 : 1;
      i = j + 1;
      out.push({ k: 'str', v: '' });
      continue;
    }
    if (doc.startsWith('...', i)) { out.push({ k: 'punct', v: '...' }); i += 3; continue; }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(doc[j]!)) j++;
      out.push({ k: 'name', v: doc.slice(i, j) });
      i = j;
      continue;
    }
    if ('!$&()[]{}:=@|'.includes(c)) { out.push({ k: 'punct', v: c }); i++; continue; }
    let j = i + 1;
    while (j < n && /[-0-9.eE+]/.test(doc[j]!)) j++;
    out.push({ k: 'other', v: doc.slice(i, j) });
    i = j;
  }
  return out;
}

/** Index just past the bracket group opening at t[i]. */
function skipGroup(t: GTok[], i: number): number {
  const open = t[i]!.v;
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  let d = 0;
  for (let j = i; j < t.length; j++) {
    if (t[j]!.k !== 'punct') continue;
    if (t[j]!.v === open) d++;
    else if (t[j]!.v === close && --d === 0) return j + 1;
  }
  return t.length;
}

function skipDirectives(t: GTok[], i: number): number {
  while (t[i]?.v === '@' && t[i + 1]?.k === 'name') {
    i += 2;
    if (t[i]?.v === '(') i = skipGroup(t, i);
  }
  return i;
}

/** A field whose name a run-time value completes (`volume$OP`, `$OP(id: 1)`): no GraphQL puts a `$`
 *  where a field is named, so it is a placeholder the value fills in. */
export const RUNTIME_FIELD = '$';

/** Top-level field names of the selection set opening at t[i] ('{'); spreads are returned by name. */
function selection(t: GTok[], i: number): { fields: string[]; spreads: string[]; end: number } {
  const fields: string[] = [];
  const spreads: string[] = [];
  i++;
  while (i < t.length && t[i]!.v !== '}') {
    const tok = t[i]!;
    if (tok.v === '...') {
      if (t[i + 1]?.k === 'name' && t[i + 1]!.v !== 'on') {
        spreads.push(t[i + 1]!.v);
        i = skipDirectives(t, i + 2);
        continue;
      }
      i++;
      if (t[i]?.v === 'on') i += 2;
      i = skipDirectives(t, i);
      if (t[i]?.v === '{') {
        const inner = selection(t, i);
        fields.push(...inner.fields);
        spreads.push(...inner.spreads);
        i = inner.end;
      }
      continue;
    }
    if (tok.v === '$' && t[i + 1]?.k === 'name') {
      fields.push(RUNTIME_FIELD);
      i += 2;
      while (t[i]?.v === '$' && t[i + 1]?.k === 'name') i += 2;
      if (t[i]?.v === '(') i = skipGroup(t, i);
      if (t[i]?.v === '{') i = skipGroup(t, i);
      continue;
    }
    if (tok.k === 'name') {
      let name = tok.v;
      i++;
      if (t[i]?.v === ':' && t[i + 1]?.k === 'name') { name = t[i + 1]!.v; i += 2; } // alias: field
      if (t[i]?.v === '$' && t[i + 1]?.k === 'name') {
        name = RUNTIME_FIELD;
        while (t[i]?.v === '$' && t[i + 1]?.k === 'name') i += 2;
      }
      fields.push(name);
      if (t[i]?.v === '(') i = skipGroup(t, i);
      i = skipDirectives(t, i);
      if (t[i]?.v === '{') i = skipGroup(t, i);
      continue;
    }
    i++;
  }
  return { fields, spreads, end: i + 1 };
}

function mutationsInDocument(doc: string): string[] {
  const t = gqlTokens(doc);
  const fragments = new Map<string, { fields: string[]; spreads: string[] }>();
  const roots: Array<{ fields: string[]; spreads: string[] }> = [];
  let i = 0;
  while (i < t.length) {
    const tok = t[i]!;
    if (tok.k === 'name' && (tok.v === 'mutation' || tok.v === 'fragment')) {
      const isFrag = tok.v === 'fragment';
      const name = t[i + 1]?.k === 'name' ? t[i + 1]!.v : '';
      let j = i + 1;
      while (j < t.length && t[j]!.v !== '{') j = t[j]!.v === '(' ? skipGroup(t, j) : j + 1;
      if (j >= t.length) break;
      const sel = selection(t, j);
      if (isFrag) fragments.set(name, sel);
      else roots.push(sel);
      i = sel.end;
      continue;
    }
    if (tok.v === '{' || tok.v === '(' || tok.v === '[') { i = skipGroup(t, i); continue; }
    i++;
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const expand = (sel: { fields: string[]; spreads: string[] }) => {
    out.push(...sel.fields);
    for (const s of sel.spreads) {
      const f = fragments.get(s);
      if (f && !seen.has(s)) { seen.add(s); expand(f); }
    }
  };
  for (const r of roots) expand(r);
  return out;
}

function queriesIn(value: unknown, out: string[]): void {
  if (Array.isArray(value)) for (const v of value) queriesIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.query === 'string') out.push(o.query);
    if (typeof o.mutation === 'string') out.push(`mutation ${o.mutation}`);
    // multipart uploads (graphql-multipart-request-spec) carry the operation as a JSON string
    if (typeof o.operations === 'string') {
      try { queriesIn(JSON.parse(o.operations), out); } catch { /* not JSON */ }
    }
  }
}

/** GraphQL mutation field names a request body would run (aliases resolved to the real field). */
export function graphqlMutations(body: string): string[] {
  const out: string[] = [];
  for (const d of documents(body.trim())) for (const m of mutationsInDocument(d)) if (!out.includes(m)) out.push(m);
  return out;
}

/** An Apollo persisted query sent by its hash alone: the operation is stored on the server, so
 *  what it does can't be read from the request. */
export function persistedOnly(body: string): boolean {
  if (!/persistedQuery/.test(body)) return false;
  try {
    const ops = [JSON.parse(body.trim()) as unknown].flat() as Array<Record<string, unknown>>;
    return ops.some((o) => !!o && typeof o === 'object' && !o.query && !!(o.extensions as Record<string, unknown> | undefined)?.persistedQuery);
  } catch {
    return false;
  }
}

function documents(text: string): string[] {
  if (/^[[{]/.test(text)) return jsonDocuments(text);
  if (/^(query|operations)=/.test(text) || /&(query|operations)=/.test(text)) return formDocuments(text);
  return [text];
}

function jsonDocuments(text: string): string[] {
  const docs: string[] = [];
  try {
    queriesIn(JSON.parse(text), docs);
  } catch {
    // Not strict JSON: pull out "query": "..." strings by hand.
    for (const m of text.matchAll(/"(?:query|operations)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
      try { docs.push(JSON.parse(`"${m[1]}"`) as string); } catch { docs.push(m[1]!); }
    }
    if (!docs.length) docs.push(text);
  }
  return docs;
}

function formDocuments(text: string): string[] {
  const docs: string[] = [];
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq);
    let v = part.slice(eq + 1);
    try { v = decodeURIComponent(v.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    if (k === 'query') docs.push(v);
    else if (k === 'operations') {
      try { queriesIn(JSON.parse(v), docs); } catch { docs.push(v); }
    }
  }
  return docs;
}
