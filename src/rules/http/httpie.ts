// httpie (http, https) and xh (xh, xhs): options, then [METHOD] URL ITEM... (httpie-items.ts).
import type { Invocation, Word } from '../../parse/index.js';
import { attached, Body, readStdin } from './body.js';
import { readHttpieItems, type HttpieState } from './httpie-items.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { request, type HttpRequest } from './request.js';

const HTTPIE_REROUTE = new Set(['proxy', 'resolve', 'unix-socket']);

interface HttpieOptions { pos: Word[]; form: boolean; ignoreStdin: boolean; reroute: boolean; raw?: Word; scheme: string }

/** undefined: the options make it print the request without sending it. */
function readOptions(inv: Invocation, tool: string): HttpieOptions | undefined {
  const o: HttpieOptions = { pos: [], form: false, ignoreStdin: false, reroute: false, scheme: tool === 'https' || tool === 'xhs' ? 'https' : 'http' };
  for (const it of walkOpts(inv.argv.slice(1), 'httpie')) {
    if ('pos' in it) { o.pos.push(it.pos); continue; }
    const { name, value } = it;
    if (name === 'offline' || name === 'curl' || name === 'help' || name === 'version') return undefined;
    if (name === 'form' || name === 'multipart') o.form = true;
    if (name === 'ignore-stdin') o.ignoreStdin = true;
    if (name === 'https') o.scheme = 'https';
    if (HTTPIE_REROUTE.has(name)) o.reroute = true;
    if (name === 'raw' && value) o.raw = value;
    if (name === 'default-scheme' && value) o.scheme = value.value;
  }
  return o;
}

/** --raw, else a bare @file, else the fields (JSON, or urlencoded with --form or a file), else stdin. */
function httpieBody(inv: Invocation, o: HttpieOptions, st: HttpieState): Body {
  const body = new Body();
  if (o.raw) body.word(o.raw);
  else if (st.raw) {
    body.parts.push(...st.raw.parts);
    body.unknown.push(...st.raw.unknown);
  } else if (st.hasData) body.parts.push(o.form || st.form ? formBody(st.data) : JSON.stringify(st.data));
  else if (inv.stdin && !o.ignoreStdin) body.add(readStdin(inv));
  body.unknown.push(...st.unknown);
  return body;
}

function formBody(data: Record<string, unknown>): string {
  return Object.entries(data).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');
}

export function httpieRequests(inv: Invocation, tool: string): HttpRequest[] {
  const o = readOptions(inv, tool);
  if (!o) return [];
  const st = readHttpieItems(inv, o.pos);
  const body = httpieBody(inv, o, st);
  const method = st.method ? st.method.value.toUpperCase() : !body.empty ? 'POST' : 'GET';
  const unknown = st.method?.dynamic ? `the method ${st.method.text} is only known at run time` : undefined;
  if (!st.url) return [];
  // :3000/x and :/x are localhost shorthands.
  let urlWord = st.url;
  const sh = /^:(\d*)(\/.*)?$/.exec(urlWord.value);
  if (sh) urlWord = attached(urlWord, `${o.scheme}://localhost${sh[1] ? `:${sh[1]}` : ''}${sh[2] ?? ''}`);
  const extra = { unknown, query: st.query.join('&') || undefined, methodUnknown: unknown, proxied: envProxy(inv) };
  return [request(tool, method, urlWord, o.scheme, body, o.reroute, extra)];
}
