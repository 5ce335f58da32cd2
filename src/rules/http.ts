// The HTTP requests curl, wget, httpie/xh and curlie would send: method, URL, and body where it can
// be seen, so rules can tell `curl -X DELETE` on production from a GET, and find GraphQL mutations.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Invocation, Word } from '../parse/types.js';
import { readBounded, type Read } from './files.js';
import { BUILTIN, canonical, grammarFor, readItems } from '../programs/index.js';

export interface HttpRequest {
  tool: string;
  /** Upper-case. GET by default, POST when a body is given. */
  method: string;
  url: string;
  /** Lower-case host name without port or brackets; '' when it can't be known. */
  host: string;
  path: string;
  body?: string;
  /** Why the body (or part of it) can't be seen. */
  bodyUnknown?: string;
  /** localhost, 127.0.0.0/8, ::1, *.localhost, 0.0.0.0 — and nothing reroutes the request. */
  local: boolean;
  /** Why the method or URL can't be known before run time. */
  unknown?: string;
  /** Why the method can't be known before run time (a rule on methods then can't tell). */
  methodUnknown?: string;
  /** Why the method, URL and body may be anything: every HTTP rule must pause (curl -K FILE unread). */
  anywhere?: string;
}

export const HTTP_CLIENTS: string[] = ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'curlie'];


// ------------------------------------------------------------------ shared helpers

const readFile = (p: string, cwd: string | undefined): Read => readBounded(p, cwd);

export function readStdin(inv: Invocation): Read {
  const s = inv.stdin;
  if (!s) return { unknown: 'stdin is the terminal' };
  switch (s.kind) {
    case 'heredoc': return { text: s.text };
    case 'herestring': return s.dynamic ? { unknown: 'the here-string is only known at run time' } : { text: s.text };
    case 'pipe': return s.text !== undefined ? { text: s.text } : { unknown: `stdin is piped from ${s.from}` };
    case 'file': return s.path.dynamic ? { unknown: `stdin comes from ${s.path.text}, only known at run time` } : readFile(s.path.value, inv.cwd);
  }
}

/** Collects body pieces; any piece we can't see makes the whole body partly unknown. */
class Body {
  parts: string[] = [];
  unknown: string[] = [];
  add(r: Read, transform: (s: string) => string = (s) => s): void {
    if ('text' in r) this.parts.push(transform(r.text));
    else this.unknown.push(r.unknown);
  }
  word(w: Word, transform: (s: string) => string = (s) => s): void {
    this.parts.push(transform(w.value));
    if (w.dynamic) this.unknown.push(`${w.text} is only known at run time`);
  }
  get empty(): boolean {
    return this.parts.length === 0 && this.unknown.length === 0;
  }
}

// ------------------------------------------------------------------ URLs

interface ParsedUrl { url: string; host: string; path: string; local: boolean; bad?: string }

function parseUrl(raw: string, defaultScheme: string): ParsedUrl {
  let rest = raw.trim();
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  const scheme = sm ? sm[1]!.toLowerCase() : defaultScheme;
  if (sm) rest = rest.slice(sm[0].length);
  const url = sm ? raw.trim() : `${scheme}://${rest}`;
  const cut = rest.search(/[/?#]/);
  let authority = cut < 0 ? rest : rest.slice(0, cut);
  let path = cut < 0 ? '/' : rest.slice(cut);
  path = path.replace(/[?#].*$/s, '') || '/';
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  let host: string;
  if (authority.startsWith('[')) host = authority.slice(1, authority.indexOf(']') < 0 ? undefined : authority.indexOf(']'));
  else host = authority.replace(/:[^:]*$/, '');
  host = host.toLowerCase().replace(/\.$/, '');
  // Let WHATWG normalise numeric forms (127.1, 0x7f.1, 2130706433) the way the resolver would read them.
  let norm = host;
  if (/^[0-9a-fx.]+$/.test(host) && /\d/.test(host)) {
    try {
      norm = new URL(`http://${host}/`).hostname;
    } catch {
      /* keep as written */
    }
  }
  const clean = /^[a-z0-9.-]+$/.test(host) || /^[0-9a-f:.]+$/.test(host);
  return { url, host, path, local: clean && !/[\\\s]/.test(rest.slice(0, cut < 0 ? undefined : cut)) && isLocal(norm) };
}

function isLocal(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '0.0.0.0' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)) return true;
  return false;
}

function request(tool: string, method: string, urlWord: Word | undefined, defaultScheme: string, body: Body | undefined, reroute: boolean, extra: { unknown?: string; query?: string; methodUnknown?: string } = {}): HttpRequest {
  const unknowns: string[] = [];
  if (extra.unknown) unknowns.push(extra.unknown);
  let u: ParsedUrl = { url: '', host: '', path: '/', local: false };
  if (urlWord) {
    let raw = urlWord.value;
    if (extra.query) raw += (raw.includes('?') ? '&' : '?') + extra.query;
    u = parseUrl(raw, defaultScheme);
    if (urlWord.dynamic) {
      unknowns.push(`the URL ${urlWord.text} is only known at run time`);
      u = { ...u, local: false };
      // The host is unknown unless the dynamic part comes after it.
      if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^$`/]+\//.test(urlWord.value)) u.host = '';
    }
  }
  const req: HttpRequest = { tool, method, url: u.url, host: u.host, path: u.path, local: u.local && !reroute };
  if (body && !body.empty) {
    if (body.parts.length) req.body = body.parts.join('&'); // curl joins repeated -d with &
    if (body.unknown.length) req.bodyUnknown = body.unknown.join('; ');
  }
  if (unknowns.length) req.unknown = unknowns.join('; ');
  if (extra.methodUnknown) req.methodUnknown = extra.methodUnknown;
  return req;
}

// ------------------------------------------------------------------ options

// The option grammars are the program registry's (src/programs/builtin.ts); these say what the
// options do to the request.

// Options that send the request somewhere other than the URL's host.
const CURL_REROUTE = new Set(['resolve', 'connect-to', 'proxy', 'preproxy', 'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'unix-socket', 'abstract-unix-socket']);
const HTTPIE_REROUTE = new Set(['proxy', 'resolve', 'unix-socket']);

type Opt = { name: string; value?: Word };

function attached(w: Word, value: string): Word {
  return { value, dynamic: w.dynamic, glob: false, text: w.text };
}

/** argv as `program` (a registry entry) reads it, options by their long name without dashes. */
function walkOpts(args: Word[], program: string, sub?: string): Array<Opt | { pos: Word }> {
  const g = grammarFor(BUILTIN[program], sub);
  return readItems(args, g).map((it) => ('pos' in it ? it : { name: canonical(it.opt, g).replace(/^--?/, ''), ...(it.value ? { value: it.value } : {}) }));
}

// ------------------------------------------------------------------ curl

interface CurlGroup {
  urls: Word[];
  method?: Word;
  head: boolean;
  get: boolean;
  body: Body;
  json: boolean;
  form: boolean;
  upload?: Word;
  query: string[];
  unknown: string[];
  reroute: boolean;
  /** Why method, URL and body may be anything (a curl config file that can't be read). */
  anywhere?: string;
}

function newGroup(): CurlGroup {
  return { urls: [], head: false, get: false, body: new Body(), json: false, form: false, query: [], unknown: [], reroute: false };
}

// "$(cat FILE)" / "$(<FILE)" as the whole value: the file's text, like @FILE.
const CAT_SUB = /^\$\(\s*(?:cat\s+(?:--\s+)?|<\s*)(['"]?)([^\s'"$`()*?[\]]+)\1\s*\)$/;

function curlData(inv: Invocation, g: CurlGroup, name: string, w: Word): void {
  const v = w.value;
  const cat = w.dynamic ? CAT_SUB.exec(v) : null;
  if (cat && !/^(form|form-string|data-urlencode)$/.test(name)) {
    if (name === 'json') g.json = true;
    // The substitution drops the trailing newlines.
    g.body.add(readFile(cat[2]!, inv.cwd), (s) => s.replace(/\n+$/, ''));
    return;
  }
  const fromFile = (p: string, strip: boolean, enc: (s: string) => string = (s) => s) => {
    const r = p === '-' ? readStdin(inv) : readFile(p, inv.cwd);
    if (w.dynamic) g.body.unknown.push(`${w.text} is only known at run time`);
    // -d @file drops carriage returns and newlines; --data-binary keeps them.
    g.body.add(r, (s) => enc(strip ? s.replace(/[\r\n]/g, '') : s));
  };
  switch (name) {
    case 'data':
    case 'data-ascii':
      if (v.startsWith('@')) fromFile(v.slice(1), true);
      else g.body.word(w);
      return;
    case 'data-binary':
    case 'json':
      if (name === 'json') g.json = true;
      if (v.startsWith('@')) fromFile(v.slice(1), false);
      else g.body.word(w);
      return;
    case 'data-raw':
      g.body.word(w);
      return;
    case 'data-urlencode': {
      // content | =content | name=content | @file | name@file
      if (v.startsWith('=')) return g.body.word(attached(w, v.slice(1)), encodeURIComponent);
      const eq = v.indexOf('=');
      const at = eq < 0 ? v.indexOf('@') : -1;
      if (at >= 0) return fromFile(v.slice(at + 1), false, (s) => (at > 0 ? `${v.slice(0, at)}=` : '') + encodeURIComponent(s));
      if (eq > 0) return g.body.word(attached(w, v.slice(eq + 1)), (s) => `${v.slice(0, eq)}=${encodeURIComponent(s)}`);
      return g.body.word(w, encodeURIComponent);
    }
    case 'form':
    case 'form-string': {
      g.form = true;
      const eq = v.indexOf('=');
      const key = eq < 0 ? v : v.slice(0, eq);
      const val = eq < 0 ? '' : v.slice(eq + 1);
      // name=<file sends the file's text as the field; name=@file uploads it as a file.
      if (name === 'form' && val.startsWith('<')) return fromFile(val.slice(1).replace(/;type=.*$/, ''), false, (s) => `${key}=${encodeURIComponent(s)}`);
      return g.body.word(attached(w, val), (s) => `${key}=${encodeURIComponent(s)}`);
    }
  }
}

function curlOpt(inv: Invocation, g: CurlGroup, name: string, value: Word | undefined, depth: number): void {
  if (CURL_REROUTE.has(name)) g.reroute = true;
  if (!value) {
    if (name === 'head') g.head = true;
    else if (name === 'get') g.get = true;
    return;
  }
  switch (name) {
    case 'request': g.method = value; break;
    case 'url': g.urls.push(value); break;
    case 'url-query': g.query.push(value.value.replace(/^\+/, '')); break;
    case 'upload-file': g.upload = value; break;
    case 'config': curlConfig(inv, g, value, depth); break;
    case 'data': case 'data-ascii': case 'data-binary': case 'data-raw': case 'data-urlencode': case 'json': case 'form': case 'form-string':
      curlData(inv, g, name, value);
      break;
    default:
      // curl 8.3+: --expand-data and friends take the same value after {{variable}} expansion.
      if (name.startsWith('expand-')) {
        curlData(inv, g, name.slice(7), value);
        if (/\{\{/.test(value.value)) g.body.unknown.push(`${value.text} expands curl variables`);
      }
  }
}

// Short options a config file may spell with a dash; the rest are long names without dashes.
const CURL_CONFIG_SHORT: Record<string, string> = { X: 'request', d: 'data', F: 'form', G: 'get', I: 'head', T: 'upload-file', K: 'config', x: 'proxy' };

/** curl -K FILE: one option a line (`url = "..."`, `request DELETE`, `-d x`), read like argv. A file
 *  that can't be read leaves method, URL and body unknown: every HTTP rule pauses (`anywhere`). */
function curlConfig(inv: Invocation, g: CurlGroup, file: Word, depth: number): void {
  const r = file.dynamic ? { unknown: `${file.text} is only known at run time` } : file.value === '-' ? readStdin(inv) : readFile(file.value, inv.cwd);
  // A config file that doesn't exist (and this line doesn't write): curl stops with error 26, sends nothing.
  if ('unknown' in r && !file.dynamic && file.value !== '-' && inv.cwd && !existsSync(resolve(inv.cwd, file.value))) return;
  if ('unknown' in r || depth > 2) {
    g.anywhere = `curl reads its options from ${file.text}, which can't be read here${'unknown' in r ? ` (${r.unknown})` : ''}`;
    return;
  }
  for (const line of r.text.split(/\r?\n/)) {
    const m = /^\s*(-{0,2})([A-Za-z][\w-]*)\s*(?:[=:]\s*|\s+|$)(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const name = m[1] === '-' ? CURL_CONFIG_SHORT[m[2]!] : m[2]!;
    if (!name) { g.anywhere = `curl reads an option it doesn't know from ${file.text}: ${line.trim()}`; continue; }
    let v = m[3]!;
    if (/^".*"$/s.test(v)) v = v.slice(1, -1).replace(/\\(.)/g, (_x, c: string) => ({ t: '\t', n: '\n', r: '\r', v: '\v' })[c] ?? c);
    const word: Word | undefined = v ? { value: v, dynamic: false, glob: false, text: v } : undefined;
    curlOpt(inv, g, name, word, depth + 1);
  }
}

function curlRequests(inv: Invocation, tool: string): HttpRequest[] {
  const groups: CurlGroup[] = [newGroup()];
  let g = groups[0]!;
  const items = walkOpts(inv.argv.slice(1), 'curl');
  const httpieItems: Word[] = [];
  for (const it of items) {
    if ('pos' in it) {
      if (tool === 'curlie') httpieItems.push(it.pos);
      else g.urls.push(it.pos);
      continue;
    }
    const { name, value } = it;
    if (name === 'next') {
      g = newGroup();
      groups.push(g);
      continue;
    }
    curlOpt(inv, g, name, value, 0);
  }
  if (tool === 'curlie') applyHttpieItems(inv, httpieItems, g);
  const out: HttpRequest[] = [];
  for (const grp of groups) {
    if (grp.upload) {
      const u = grp.upload;
      if (u.dynamic) grp.body.unknown.push(`${u.text} is only known at run time`);
      else grp.body.add(u.value === '-' || u.value === '.' ? readStdin(inv) : readFile(u.value, inv.cwd));
    }
    const hasBody = !grp.body.empty;
    let method: string;
    let unknown = grp.unknown.join('; ') || undefined;
    let methodUnknown: string | undefined;
    if (grp.method) {
      method = grp.method.value.toUpperCase();
      if (grp.method.dynamic) methodUnknown = `the method ${grp.method.text} is only known at run time`;
      if (methodUnknown) unknown = [unknown, methodUnknown].filter(Boolean).join('; ');
    } else if (grp.head) method = 'HEAD';
    else if (grp.get) method = 'GET';
    else if (hasBody && !grp.upload) method = 'POST';
    else if (grp.upload) method = 'PUT';
    else method = 'GET';
    // -G sends the data as the query string instead of a body.
    const query = [...grp.query];
    let body: Body | undefined = grp.body;
    if (grp.get && hasBody) {
      query.push(...grp.body.parts);
      body = new Body();
      body.unknown = grp.body.unknown;
    }
    if (grp.json && body) body.parts = [body.parts.join('')];
    if (grp.anywhere) {
      out.push({ tool, method, url: '', host: '', path: '/', local: false, unknown: grp.anywhere, methodUnknown: grp.anywhere, bodyUnknown: grp.anywhere, anywhere: grp.anywhere });
      continue;
    }
    const urls: Array<Word | undefined> = grp.urls.length ? grp.urls : unknown ? [undefined] : [];
    for (const u of urls) out.push(request(tool, method, u, 'http', body, grp.reroute, { unknown, query: query.join('&') || undefined, methodUnknown }));
  }
  return out;
}

// ------------------------------------------------------------------ wget

function wgetRequests(inv: Invocation): HttpRequest[] {
  const items = walkOpts(inv.argv.slice(1), 'wget');
  const urls: Word[] = [];
  const body = new Body();
  let method: Word | undefined;
  let post = false;
  let spider = false;
  const unknowns: string[] = [];
  const bodyFile = (w: Word) => {
    if (w.dynamic) body.unknown.push(`${w.text} is only known at run time`);
    else body.add(w.value === '-' ? readStdin(inv) : readFile(w.value, inv.cwd));
  };
  for (const it of items) {
    if ('pos' in it) { urls.push(it.pos); continue; }
    const { name, value } = it;
    if (name === 'spider') spider = true;
    if (!value) continue;
    switch (name) {
      case 'method': method = value; break;
      case 'post-data': post = true; body.word(value); break;
      case 'body-data': body.word(value); break;
      case 'post-file': post = true; bodyFile(value); break;
      case 'body-file': bodyFile(value); break;
      case 'execute': {
        // wgetrc commands: method = DELETE, post_data = ..., body_data = ...
        const m = /^\s*([a-z_]+)\s*=\s*(.*)$/i.exec(value.value);
        const key = m?.[1]!.toLowerCase().replace(/-/g, '_');
        if (key === 'method') method = attached(value, m![2]!);
        else if (key === 'post_data') { post = true; body.word(attached(value, m![2]!)); } else if (key === 'body_data') body.word(attached(value, m![2]!));
        else if (key === 'post_file' || key === 'body_file') { post ||= key === 'post_file'; bodyFile(attached(value, m![2]!)); }
        break;
      }
      case 'input-file': {
        const r = value.dynamic ? { unknown: `${value.text} is only known at run time` } : value.value === '-' ? readStdin(inv) : readFile(value.value, inv.cwd);
        if ('text' in r) for (const line of r.text.split(/\r?\n/)) { if (line.trim() && !line.trim().startsWith('#')) urls.push(attached(value, line.trim())); }
        else unknowns.push(`wget reads URLs from ${value.text}: ${r.unknown}`);
        break;
      }
    }
  }
  // --body-data without --method is ignored.
  const m = method ? method.value.toUpperCase() : post ? 'POST' : spider ? 'HEAD' : 'GET';
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  const unknown = [...unknowns, ...(methodUnknown ? [methodUnknown] : [])].join('; ') || undefined;
  const list: Array<Word | undefined> = urls.length ? urls : unknown ? [undefined] : [];
  return list.map((u) => request('wget', m, u, 'http', method || post ? body : undefined, false, { unknown, methodUnknown }));
}

// ------------------------------------------------------------------ httpie / xh

interface HttpieState {
  method?: Word;
  url?: Word;
  data: Record<string, unknown>;
  hasData: boolean;
  form: boolean;
  raw?: Body;
  query: string[];
  unknown: string[];
}

// Earliest separator wins; at the same spot the longest one.
const ITEM_SEPS = [':=@', '=@', '==', ':=', '=', '@', ':', ';'];

function splitItem(s: string): { key: string; sep: string; value: string } | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    for (const sep of ITEM_SEPS) {
      if (s.startsWith(sep, i)) return { key: s.slice(0, i).replace(/\\(.)/g, '$1'), sep, value: s.slice(i + sep.length) };
    }
  }
  return undefined;
}

function applyHttpieItems(inv: Invocation, positionals: Word[], target: CurlGroup | HttpieState): HttpieState {
  const st: HttpieState = 'data' in target ? target : { data: {}, hasData: false, form: false, query: [], unknown: [] };
  let pos = positionals;
  // METHOD is optional: a bare word followed by the URL.
  if (pos.length >= 2 && /^[a-zA-Z]+$/.test(pos[0]!.value) && !pos[0]!.dynamic) {
    st.method = pos[0];
    pos = pos.slice(1);
  } else if (pos.length >= 2 && pos[0]!.dynamic && !/[:/.]/.test(pos[0]!.value)) {
    st.method = pos[0];
    pos = pos.slice(1);
  }
  if (!('data' in target)) {
    // curlie: curl collected no URL; the first positional is it.
    target.urls.push(...pos.slice(0, 1));
  } else st.url = pos[0];
  for (const w of pos.slice(1)) {
    const it = splitItem(w.value);
    if (!it) {
      st.unknown.push(`can't read the request item ${w.text}`);
      continue;
    }
    const dynNote = () => w.dynamic && st.unknown.push(`${w.text} is only known at run time`);
    switch (it.sep) {
      case '=':
        st.data[it.key] = it.value;
        st.hasData = true;
        dynNote();
        break;
      case ':=':
        try {
          st.data[it.key] = JSON.parse(it.value);
        } catch {
          st.data[it.key] = it.value;
        }
        st.hasData = true;
        dynNote();
        break;
      case '=@':
      case ':=@': {
        const r = w.dynamic ? { unknown: `${w.text} is only known at run time` } : readFile(it.value, inv.cwd);
        if ('text' in r) {
          let v: unknown = r.text;
          if (it.sep === ':=@') try { v = JSON.parse(r.text); } catch { /* keep text */ }
          st.data[it.key] = v;
        } else st.unknown.push(r.unknown);
        st.hasData = true;
        break;
      }
      case '@':
        st.hasData = true;
        st.form = true;
        if (it.key === '') {
          // A bare @file is the whole body.
          st.raw ??= new Body();
          if (w.dynamic) st.raw.unknown.push(`${w.text} is only known at run time`);
          else st.raw.add(readFile(it.value, inv.cwd));
        } else st.data[it.key] = `@${it.value}`;
        break;
      case '==':
        st.query.push(`${encodeURIComponent(it.key)}=${encodeURIComponent(it.value)}`);
        break;
      default:
        break; // headers
    }
  }
  if (!('data' in target)) {
    if (st.method) target.method = st.method;
    if (st.hasData) {
      target.body.parts.push(JSON.stringify(st.data));
      target.json = true;
    }
    target.body.unknown.push(...st.unknown);
    target.query.push(...st.query);
  }
  return st;
}

function httpieRequests(inv: Invocation, tool: string): HttpRequest[] {
  const items = walkOpts(inv.argv.slice(1), 'httpie');
  const pos: Word[] = [];
  let form = false;
  let ignoreStdin = false;
  let reroute = false;
  let raw: Word | undefined;
  let scheme = tool === 'https' || tool === 'xhs' ? 'https' : 'http';
  for (const it of items) {
    if ('pos' in it) { pos.push(it.pos); continue; }
    const { name, value } = it;
    // These print the request without sending it.
    if (name === 'offline' || name === 'curl' || name === 'help' || name === 'version') return [];
    if (name === 'form' || name === 'multipart') form = true;
    if (name === 'ignore-stdin') ignoreStdin = true;
    if (name === 'https') scheme = 'https';
    if (HTTPIE_REROUTE.has(name)) reroute = true;
    if (name === 'raw' && value) raw = value;
    if (name === 'default-scheme' && value) scheme = value.value;
  }
  const st = applyHttpieItems(inv, pos, { data: {}, hasData: false, form: false, query: [], unknown: [] });
  const body = new Body();
  if (raw) body.word(raw);
  else if (st.raw) { body.parts.push(...st.raw.parts); body.unknown.push(...st.raw.unknown); } else if (st.hasData) {
    body.parts.push(form || st.form
      ? Object.entries(st.data).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&')
      : JSON.stringify(st.data));
  } else if (inv.stdin && !ignoreStdin) body.add(readStdin(inv));
  body.unknown.push(...st.unknown);
  const hasBody = !body.empty;
  const method = st.method ? st.method.value.toUpperCase() : hasBody ? 'POST' : 'GET';
  const unknown = st.method?.dynamic ? `the method ${st.method.text} is only known at run time` : undefined;
  if (!st.url) return [];
  // :3000/x and :/x are localhost shorthands.
  let urlWord = st.url;
  const sh = /^:(\d*)(\/.*)?$/.exec(urlWord.value);
  if (sh) urlWord = attached(urlWord, `${scheme}://localhost${sh[1] ? `:${sh[1]}` : ''}${sh[2] ?? ''}`);
  return [request(tool, method, urlWord, scheme, body, reroute, { unknown, query: st.query.join('&') || undefined, methodUnknown: unknown })];
}

// ------------------------------------------------------------------ gh api

// gh api's options (cli/cli pkg/cmd/api) are the registry's `gh` entry, subcommand `api`.

/** The request `gh api ENDPOINT` sends. Fields become a JSON body (for `graphql`: `query` and
 *  `operationName` at the top, the rest under `variables`); `-F key=@file` reads the value from a
 *  file (`@-`: stdin), `-f` never does; `--input FILE` is the whole body and the fields go to the
 *  URL. For a GraphQL endpoint, a query that can't be seen leaves the body unknown. */
function ghApiRequests(inv: Invocation): HttpRequest[] {
  const items = walkOpts(inv.argv.slice(1), 'gh', 'api');
  const pos: Word[] = [];
  const fields: Array<{ word: Word; magic: boolean }> = [];
  let method: Word | undefined;
  let input: Word | undefined;
  let hostname = inv.vars.GH_HOST || 'github.com';
  for (const it of items) {
    if ('pos' in it) { pos.push(it.pos); continue; }
    if (!it.value) continue;
    if (it.name === 'method') method = it.value;
    else if (it.name === 'field' || it.name === 'raw-field') fields.push({ word: it.value, magic: it.name === 'field' });
    else if (it.name === 'input') input = it.value;
    else if (it.name === 'hostname') hostname = it.value.value.toLowerCase();
  }
  const ep = pos[1];
  if (pos[0]?.value !== 'api' || pos[0].dynamic || !ep) return [];
  const graphql = ep.dynamic || /^\/?graphql\/?$|^[a-z][a-z0-9+.-]*:\/\/[^?#]*\/graphql\/?([?#]|$)/i.test(ep.value);
  // ghinstance: github.com and *.ghe.com have an api. host; Enterprise Server serves /api/v3 and /api/graphql.
  const api = hostname === 'github.com' || hostname.endsWith('.ghe.com') ? `https://api.${hostname}/` : `https://${hostname}/api/`;
  const path = ep.value.replace(/^\//, '');
  const absolute = ep.value.includes('://') || (ep.dynamic && /^[$`]/.test(ep.value));
  const url = absolute ? ep.value : graphql && path === 'graphql' ? `${api}graphql` : `${api}${api.endsWith('/api/') ? 'v3/' : ''}${path}`;
  const urlWord: Word = { value: url, dynamic: ep.dynamic, glob: false, text: ep.text };

  const unknown: string[] = [];
  const queries: string[] = [];
  const top: Record<string, unknown> = {};
  const variables: Record<string, unknown> = {};
  for (const { word, magic } of fields) {
    const eq = word.value.indexOf('=');
    const key = eq < 0 ? word.value : word.value.slice(0, eq);
    const val = eq < 0 ? '' : word.value.slice(eq + 1);
    const label = `${magic ? '-F' : '-f'} ${word.text}`;
    // Only the query decides which mutations run; a variable only known at run time can't change that.
    if (word.dynamic && /[$`]/.test(key)) { unknown.push(`${label}: the field name is only known at run time`); continue; }
    if (key !== 'query') { (graphql && key !== 'operationName' ? variables : top)[key] = val; continue; }
    if (magic && val.startsWith('@')) {
      const p = val.slice(1);
      const r: Read = word.dynamic ? { unknown: 'the file name is only known at run time' } : !p ? { unknown: 'no file name after @' } : p === '-' ? readStdin(inv) : readFile(p, inv.cwd);
      if ('text' in r) queries.push(r.text);
      else unknown.push(`${label}: ${r.unknown}`);
    } else if (word.dynamic) unknown.push(`${label}: the query is only known at run time`);
    else queries.push(val);
  }
  if (queries.length) top.query = queries.join('\n');
  if (Object.keys(variables).length) top.variables = variables;

  const m = method ? method.value.toUpperCase() : fields.length || input ? 'POST' : 'GET';
  const body = new Body();
  let query: string | undefined;
  if (input) {
    const r: Read = input.dynamic ? { unknown: `--input ${input.text} is only known at run time` } : input.value === '-' ? readStdin(inv) : readFile(input.value, inv.cwd);
    if ('text' in r) body.parts.push(r.text);
    else unknown.push(`--input ${input.text}: ${r.unknown}`);
    if (fields.length) query = new URLSearchParams(Object.entries({ ...top, ...variables }).map(([k, v]) => [k, String(v)])).toString();
  } else if (fields.length) {
    // A GET sends the fields as a query string; for GraphQL they are judged as a body all the same.
    if (m === 'GET' && !graphql) query = new URLSearchParams(Object.entries(top).map(([k, v]) => [k, String(v)])).toString();
    else body.parts.push(JSON.stringify(top));
  }
  // Only a GraphQL endpoint needs to see its body: mutations are all a rule looks for there.
  if (graphql && unknown.length) {
    body.parts = [];
    body.unknown = unknown;
  }
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  const extra = { unknown: methodUnknown, query, methodUnknown };
  return [request('gh', m, urlWord, 'https', body, false, extra)];
}

// ------------------------------------------------------------------ entry

/** One request per URL the invocation would fetch (also `gh api`, for the github pack). */
export function httpRequests(inv: Invocation): HttpRequest[] {
  switch (inv.name) {
    case 'gh': return ghApiRequests(inv);
    case 'curl': case 'curlie': return curlRequests(inv, inv.name);
    case 'wget': return wgetRequests(inv);
    case 'http': case 'https': case 'xh': case 'xhs': return httpieRequests(inv, inv.name);
    default: return [];
  }
}

// ------------------------------------------------------------------ GraphQL

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
    if (tok.k === 'name') {
      let name = tok.v;
      i++;
      if (t[i]?.v === ':' && t[i + 1]?.k === 'name') { name = t[i + 1]!.v; i += 2; } // alias: field
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
  const text = body.trim();
  const docs: string[] = [];
  if (/^[[{]/.test(text)) {
    try {
      queriesIn(JSON.parse(text), docs);
    } catch {
      // Not strict JSON: pull out "query": "..." strings by hand.
      for (const m of text.matchAll(/"(?:query|operations)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
        try { docs.push(JSON.parse(`"${m[1]}"`) as string); } catch { docs.push(m[1]!); }
      }
      if (!docs.length) docs.push(text);
    }
  } else if (/^(query|operations)=/.test(text) || /&(query|operations)=/.test(text)) {
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
  } else docs.push(text);
  const out: string[] = [];
  for (const d of docs) for (const m of mutationsInDocument(d)) if (!out.includes(m)) out.push(m);
  return out;
}
