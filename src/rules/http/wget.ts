// wget: GET each URL (also those of -i FILE); --post-data/--post-file make POST, --method any
// method with --body-data/--body-file; -e and the startup file (~/.wgetrc) run the same as
// wgetrc commands.
import { join } from 'node:path';
import type { Invocation, Word } from '../../parse/index.js';
import { attached, Body, present, readFile, readStdin } from './body.js';
import { walkOpts, type Opt } from './options.js';
import { othersConfig } from './curl-options.js';
import { envProxy } from './proxy.js';
import { anywhereRequest, request, type HttpRequest } from './request.js';

interface WgetState { urls: Word[]; body: Body; method?: Word; post: boolean; spider: boolean; unknowns: string[]; anywhere?: string }

export function wgetRequests(inv: Invocation): HttpRequest[] {
  const st: WgetState = { urls: [], body: new Body(), post: false, spider: false, unknowns: [] };
  const items = walkOpts(inv.argv.slice(1), inv.name === 'wget2' ? 'wget2' : 'wget');
  startupFile(inv, st, items.filter((it): it is Opt => !('pos' in it)));
  for (const it of items) {
    if ('pos' in it) st.urls.push(it.pos);
    else wgetOpt(inv, st, it.name, it.value);
  }
  const { method, post, spider, body, urls } = st;
  // --body-data without --method is ignored.
  const m = method ? method.value.toUpperCase() : post ? 'POST' : spider ? 'HEAD' : 'GET';
  if (st.anywhere) return [anywhereRequest(inv.name, m, st.anywhere)];
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  const unknown = [...st.unknowns, ...(methodUnknown ? [methodUnknown] : [])].join('; ') || undefined;
  const list: Array<Word | undefined> = urls.length ? urls : unknown ? [undefined] : [];
  return list.map((u) => request(inv.name, m, u, 'http', method || post ? body : undefined, false, { unknown, methodUnknown, proxied: envProxy(inv) }));
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

/** A wgetrc command (-e, or a line of the startup file): method = DELETE, post_data = ...
 *  Names ignore case, `_` and `-` (wget's init.c): `Body-Data`, `postdata`, `me_thod`. */
function wgetrc(inv: Invocation, st: WgetState, value: Word): void {
  const m = /^\s*([a-z_-]+)\s*=\s*(.*)$/i.exec(value.value);
  if (!m) return;
  const v = attached(value, m[2]!);
  switch (m[1]!.toLowerCase().replace(/[-_]/g, '')) {
    case 'method': st.method = v; break;
    case 'postdata': st.post = true; st.body.word(v); break;
    case 'bodydata': st.body.word(v); break;
    case 'postfile': st.post = true; bodyFile(inv, st, v); break;
    case 'bodyfile': bodyFile(inv, st, v); break;
    case 'input': inputFile(inv, st, v); break;
  }
}

/** -i FILE: one URL a line. */
function inputFile(inv: Invocation, st: WgetState, value: Word): void {
  const r = value.dynamic ? { unknown: `${value.text} is only known at run time` } : value.value === '-' ? readStdin(inv) : readFile(value.value, inv.cwd);
  if ('text' in r) for (const line of r.text.split(/\r?\n/)) { if (line.trim() && !line.trim().startsWith('#')) st.urls.push(attached(value, line.trim())); }
  else st.unknowns.push(`wget reads URLs from ${value.text}: ${r.unknown}`);
}

/** wget runs its startup file's commands before its options: --config FILE, else $WGETRC, else
 *  ~/.wgetrc; none with --no-config (unless --config is given too). The system-wide wgetrc
 *  (/etc/wgetrc) is the administrator's and left out. A file that isn't there is skipped. */
function startupFile(inv: Invocation, st: WgetState, opts: Opt[]): void {
  const config = opts.filter((o) => o.name === 'config' && o.value).pop()?.value;
  if (!config && opts.some((o) => o.name === 'no-config')) return;
  const file = config ?? userFile(inv, st);
  if (!file || (!file.dynamic && !present(inv, file.value))) return;
  const r = file.dynamic ? { unknown: `${file.text} is only known at run time` } : readFile(file.value, inv.cwd);
  if ('unknown' in r) {
    st.anywhere = `wget runs the commands in ${file.text}, which can't be read here (${r.unknown})`;
    return;
  }
  for (const line of r.text.split(/\r?\n/)) {
    if (line.trim() && !line.trim().startsWith('#')) wgetrc(inv, st, { value: line, dynamic: false, glob: false, text: line.trim() });
  }
}

function userFile(inv: Invocation, st: WgetState): Word | undefined {
  // wget2: $WGET2RC, else ~/.wget2rc.
  const two = inv.name === 'wget2' ? '2' : '';
  for (const [v, file] of [[`WGET${two}RC`, ''], ['HOME', `.wget${two}rc`]] as const) {
    if (inv.unknownVars?.includes(v)) {
      if (othersConfig(inv, /wget2?rc$/)) return undefined;
      st.anywhere = `wget reads its startup file from $${v}, only known at run time`;
      return undefined;
    }
    const dir = inv.vars[v];
    if (dir) return { value: file ? join(dir, file) : dir, dynamic: false, glob: false, text: file ? `$${v}/${file}` : `$${v}` };
  }
  return undefined;
}
