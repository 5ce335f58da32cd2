// httpie (http, https) and xh (xh, xhs): options, then [METHOD] URL ITEM... (httpie-items.ts).
import type { Invocation, Word } from '../../parse/index.js';
import { join } from 'node:path';
import { attached, Body, present, readFile, readStdin } from './body.js';
import { readHttpieItems, type HttpieState } from './httpie-items.js';
import { walkOpts } from './options.js';
import { othersConfig } from './curl-options.js';
import { envProxy } from './proxy.js';
import { anywhereRequest, request, type HttpRequest } from './request.js';

const HTTPIE_REROUTE = new Set(['proxy', 'resolve', 'unix-socket']);

interface HttpieOptions { pos: Word[]; form: boolean; ignoreStdin: boolean; reroute: boolean; raw?: Word; scheme: string }

/** undefined: the options make it print the request without sending it. */
function readOptions(inv: Invocation, tool: string, defaults: Word[]): HttpieOptions | undefined {
  const o: HttpieOptions = { pos: [], form: false, ignoreStdin: false, reroute: false, scheme: tool === 'https' || tool === 'xhs' ? 'https' : 'http' };
  for (const it of walkOpts([...defaults, ...inv.argv.slice(1)], 'httpie')) {
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

/** The config file's `default_options`, read before the arguments (httpie: $HTTPIE_CONFIG_DIR,
 *  else ~/.httpie when there, else $XDG_CONFIG_HOME/httpie or ~/.config/httpie; xh: $XH_CONFIG_DIR, else the same under
 *  xh): they may hold anything the line could, a METHOD positional too. A string: why they can't
 *  be read. */
function defaultOptions(inv: Invocation, tool: string): Word[] | string {
  const xh = tool === 'xh' || tool === 'xhs';
  const own = xh ? 'XH_CONFIG_DIR' : 'HTTPIE_CONFIG_DIR';
  for (const v of [own, 'XDG_CONFIG_HOME', 'HOME']) if (inv.unknownVars?.includes(v) && !othersConfig(inv, /config\.json$/)) return `${tool} reads its config.json from $${v}, only known at run time`;
  const base = inv.vars.XDG_CONFIG_HOME || (inv.vars.HOME && join(inv.vars.HOME, '.config'));
  // httpie still reads the legacy ~/.httpie when it is there.
  const legacy = !xh && inv.vars.HOME ? join(inv.vars.HOME, '.httpie', 'config.json') : undefined;
  const dir = inv.vars[own] || (base && join(base, xh ? 'xh' : 'httpie'));
  const file = !inv.vars[own] && legacy && present(inv, legacy) ? legacy : dir && join(dir, 'config.json');
  if (!file || !present(inv, file)) return [];
  const r = readFile(file, inv.cwd);
  if ('unknown' in r) return `${tool} reads default options from ${file}, which can't be read here (${r.unknown})`;
  try {
    const opts = (JSON.parse(r.text) as { default_options?: unknown }).default_options;
    if (opts === undefined) return [];
    if (!Array.isArray(opts) || opts.some((x) => typeof x !== 'string')) return `${file}'s default_options can't be read here`;
    return opts.map((x: string) => ({ value: x, dynamic: false, glob: false, text: x }));
  } catch {
    return [];
  }
}

export function httpieRequests(inv: Invocation, tool: string): HttpRequest[] {
  const defaults = defaultOptions(inv, tool);
  if (typeof defaults === 'string') return [anywhereRequest(tool, 'GET', defaults)];
  const o = readOptions(inv, tool, defaults);
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
