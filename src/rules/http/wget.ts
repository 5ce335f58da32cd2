// wget: GET each URL (also those of -i FILE); --post-data/--post-file make POST, --method any
// method with --body-data/--body-file; -e runs the same as wgetrc commands.
import type { Invocation, Word } from '../../parse/types.js';
import { attached, Body, readFile, readStdin } from './body.js';
import { walkOpts } from './options.js';
import { request, type HttpRequest } from './request.js';

interface WgetState { urls: Word[]; body: Body; method?: Word; post: boolean; spider: boolean; unknowns: string[] }

export function wgetRequests(inv: Invocation): HttpRequest[] {
  const st: WgetState = { urls: [], body: new Body(), post: false, spider: false, unknowns: [] };
  for (const it of walkOpts(inv.argv.slice(1), 'wget')) {
    if ('pos' in it) st.urls.push(it.pos);
    else wgetOpt(inv, st, it.name, it.value);
  }
  const { method, post, spider, body, urls } = st;
  // --body-data without --method is ignored.
  const m = method ? method.value.toUpperCase() : post ? 'POST' : spider ? 'HEAD' : 'GET';
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  const unknown = [...st.unknowns, ...(methodUnknown ? [methodUnknown] : [])].join('; ') || undefined;
  const list: Array<Word | undefined> = urls.length ? urls : unknown ? [undefined] : [];
  return list.map((u) => request('wget', m, u, 'http', method || post ? body : undefined, false, { unknown, methodUnknown }));
}

function wgetOpt(inv: Invocation, st: WgetState, name: string, value: Word | undefined): void {
  if (name === 'spider') st.spider = true;
  if (!value) return;
  switch (name) {
    case 'method': st.method = value; break;
    case 'post-data': st.post = true; st.body.word(value); break;
    case 'body-data': st.body.word(value); break;
    case 'post-file': st.post = true; bodyFile(inv, st, value); break;
    case 'body-file': bodyFile(inv, st, value); break;
    case 'execute': wgetrc(inv, st, value); break;
    case 'input-file': inputFile(inv, st, value); break;
  }
}

function bodyFile(inv: Invocation, st: WgetState, w: Word): void {
  if (w.dynamic) st.body.unknown.push(`${w.text} is only known at run time`);
  else st.body.add(w.value === '-' ? readStdin(inv) : readFile(w.value, inv.cwd));
}

/** -e COMMAND, wgetrc commands: method = DELETE, post_data = ..., body_data = ... */
function wgetrc(inv: Invocation, st: WgetState, value: Word): void {
  const m = /^\s*([a-z_]+)\s*=\s*(.*)$/i.exec(value.value);
  const key = m?.[1]!.toLowerCase().replace(/-/g, '_');
  if (key === 'method') st.method = attached(value, m![2]!);
  else if (key === 'post_data') { st.post = true; st.body.word(attached(value, m![2]!)); } else if (key === 'body_data') st.body.word(attached(value, m![2]!));
  else if (key === 'post_file' || key === 'body_file') { st.post ||= key === 'post_file'; bodyFile(inv, st, attached(value, m![2]!)); }
}

/** -i FILE: one URL a line. */
function inputFile(inv: Invocation, st: WgetState, value: Word): void {
  const r = value.dynamic ? { unknown: `${value.text} is only known at run time` } : value.value === '-' ? readStdin(inv) : readFile(value.value, inv.cwd);
  if ('text' in r) for (const line of r.text.split(/\r?\n/)) { if (line.trim() && !line.trim().startsWith('#')) st.urls.push(attached(value, line.trim())); }
  else st.unknowns.push(`wget reads URLs from ${value.text}: ${r.unknown}`);
}
