// The request model every client's reader produces, and the one place it is built.
import type { Word } from '../../parse/index.js';
import type { Body } from './body.js';
import { parseUrl, type ParsedUrl } from './url.js';

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
  /** A REST body (gh api --input FILE) that can't be read: only rules that look for a pattern in
   *  the body pause on it (the GraphQL rules don't: no mutation goes to a REST path). */
  bodyUnread?: string;
  /** localhost, 127.0.0.0/8, ::1, *.localhost, 0.0.0.0 — and nothing reroutes the request. */
  local: boolean;
  /** Why the method or URL can't be known before run time. */
  unknown?: string;
  /** Why the method can't be known before run time (a rule on methods then can't tell). */
  methodUnknown?: string;
  /** Why the method, URL and body may be anything: every HTTP rule must pause (curl -K FILE unread). */
  anywhere?: string;
  /** A local URL the request doesn't really go to (a proxy, --resolve, --connect-to): why. */
  rerouted?: string;
  /** The Content-Type the line gives the request (lower-case, without parameters), when literal. */
  contentType?: string;
  /** The path is written out: nothing known only at run time comes after the host
   *  (`$ES_URL/orders/_search`, `http://$HOST:9200/_count`). */
  pathKnown?: boolean;
}

export interface RequestExtra {
  unknown?: string;
  query?: string;
  methodUnknown?: string;
  /** The environment's proxy settings send a request for this host through a proxy (proxy.ts). */
  proxied?: (host: string) => boolean;
}

/** `reroute`: an option sends the request somewhere other than the URL's host (never local). */
export function request(tool: string, method: string, urlWord: Word | undefined, defaultScheme: string, body: Body | undefined, reroute: boolean, extra: RequestExtra = {}): HttpRequest {
  const unknowns: string[] = [];
  if (extra.unknown) unknowns.push(extra.unknown);
  let u: ParsedUrl = { url: '', host: '', path: '/', local: false };
  if (urlWord) {
    u = parseUrl(withQuery(urlWord.value, extra.query), defaultScheme);
    if (urlWord.dynamic) {
      unknowns.push(`the URL ${urlWord.text} is only known at run time`);
      u = { ...u, local: false };
      // The host is unknown unless the dynamic part ($X, `x`, curl's {{x}}) comes after it.
      if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^$`{/]+\//.test(urlWord.value)) u.host = '';
    }
  }
  const proxied = !!extra.proxied?.(u.host);
  const local = u.local && !reroute && !proxied;
  const req: HttpRequest = { tool, method, url: u.url, host: u.host, path: u.path, local };
  if (urlWord && (!urlWord.dynamic || literalPath(urlWord.text)) && !extra.query) req.pathKnown = true;
  if (u.local && !local) req.rerouted = `${u.host} is not where the request goes: ${reroute ? 'an option sends it elsewhere (a proxy, --resolve or --connect-to)' : 'the proxy set in the environment takes it'}, and where that lands can't be known from here`;
  if (body && !body.empty) {
    if (body.parts.length) req.body = body.parts.join('&'); // curl joins repeated -d with &
    if (body.unknown.length) req.bodyUnknown = body.unknown.join('; ');
  }
  if (body?.unread.length) req.bodyUnread = body.unread.join('; ');
  if (unknowns.length) req.unknown = unknowns.join('; ');
  if (extra.methodUnknown) req.methodUnknown = extra.methodUnknown;
  return req;
}

/** A request whose method, URL and body may be anything (a config file that can't be read): every
 *  HTTP rule must pause. */
export function anywhereRequest(tool: string, method: string, why: string): HttpRequest {
  return { tool, method, url: '', host: '', path: '/', local: false, unknown: why, methodUnknown: why, bodyUnknown: why, anywhere: why };
}

function withQuery(url: string, query: string | undefined): string {
  return query ? url + (url.includes('?') ? '&' : '?') + query : url;
}

/** A URL as written whose run-time part (a variable, a substitution) ends before its path: a
 *  scheme and authority with the variable in them, or one variable standing for the base URL. */
function literalPath(text: string): boolean {
  const t = text.replace(/["']/g, '');
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(t) ?? /^\$(\w+|\{\w+\})(?=\/)/.exec(t);
  if (!m) return false;
  const rest = t.slice(m[0].length);
  return rest.startsWith('/') && !/[$`\\]|\{\{/.test(rest);
}
