// httpie's positionals: [METHOD] URL ITEM... where an item is a header (`:`), a data field (`=`,
// `:=` raw JSON, `=@`/`:=@` from a file), a query parameter (`==`) or a file (`@`).
import type { Invocation, Word } from '../../parse/index.js';
import { Body, readFile } from './body.js';

export interface HttpieState {
  method?: Word;
  url?: Word;
  data: Record<string, unknown>;
  hasData: boolean;
  form: boolean;
  /** A bare @file: the whole body. */
  raw?: Body;
  query: string[];
  unknown: string[];
}

type Item = { key: string; sep: string; value: string };

// Earliest separator wins; at the same spot the longest one.
const ITEM_SEPS = [':=@', '=@', '==', ':=', '=', '@', ':', ';'];

function splitItem(s: string): Item | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    for (const sep of ITEM_SEPS) {
      if (s.startsWith(sep, i)) return { key: s.slice(0, i).replace(/\\(.)/g, '$1'), sep, value: s.slice(i + sep.length) };
    }
  }
  return undefined;
}

export function readHttpieItems(inv: Invocation, positionals: Word[]): HttpieState {
  const st: HttpieState = { data: {}, hasData: false, form: false, query: [], unknown: [] };
  let pos = positionals;
  // METHOD is optional: a bare word followed by the URL.
  if (pos.length >= 2 && /^[a-zA-Z]+$/.test(pos[0]!.value) && !pos[0]!.dynamic) {
    st.method = pos[0];
    pos = pos.slice(1);
  } else if (pos.length >= 2 && pos[0]!.dynamic && !/[:/.]/.test(pos[0]!.value)) {
    st.method = pos[0];
    pos = pos.slice(1);
  }
  st.url = pos[0];
  for (const w of pos.slice(1)) {
    const it = splitItem(w.value);
    if (it) applyItem(inv, st, w, it);
    else st.unknown.push(`can't read the request item ${w.text}`);
  }
  return st;
}

function applyItem(inv: Invocation, st: HttpieState, w: Word, it: Item): void {
  const dynNote = () => w.dynamic && st.unknown.push(`${w.text} is only known at run time`);
  switch (it.sep) {
    case '=':
      st.data[it.key] = it.value;
      st.hasData = true;
      dynNote();
      return;
    case ':=':
      st.data[it.key] = jsonOr(it.value, it.value);
      st.hasData = true;
      dynNote();
      return;
    case '=@':
    case ':=@':
      return fileField(inv, st, w, it);
    case '@':
      return fileItem(inv, st, w, it);
    case '==':
      st.query.push(`${encodeURIComponent(it.key)}=${encodeURIComponent(it.value)}`);
      return;
    default:
      return; // headers
  }
}

function jsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** key=@file: the file's text; key:=@file: its JSON. */
function fileField(inv: Invocation, st: HttpieState, w: Word, it: Item): void {
  const r = w.dynamic ? { unknown: `${w.text} is only known at run time` } : readFile(it.value, inv.cwd);
  if ('text' in r) st.data[it.key] = it.sep === ':=@' ? jsonOr(r.text, r.text) : r.text;
  else st.unknown.push(r.unknown);
  st.hasData = true;
}

/** key@file uploads a file (multipart); a bare @file is the whole body. */
function fileItem(inv: Invocation, st: HttpieState, w: Word, it: Item): void {
  st.hasData = true;
  st.form = true;
  if (it.key !== '') {
    st.data[it.key] = `@${it.value}`;
    return;
  }
  st.raw ??= new Body();
  if (w.dynamic) st.raw.unknown.push(`${w.text} is only known at run time`);
  else st.raw.add(readFile(it.value, inv.cwd));
}
