// The httpx CLI (Python, click): `httpx URL [-m METHOD]`; without -m it sends POST when a body
// option is given, else GET. -d/-f take NAME VALUE pairs (the registry's value-counts). Also
// ProjectDiscovery's httpx (Go), another program of that name: -u URL -x METHODS probes with them.
import type { Invocation, Word } from '../../parse/types.js';
import { Body } from './body.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { request, type HttpRequest } from './request.js';

const BODY = new Set(['content', 'data', 'files', 'json', 'c', 'd', 'f', 'j']);

export function httpxRequests(inv: Invocation): HttpRequest[] {
  const urls: Word[] = [];
  let method: Word | undefined;
  let proxy = false;
  const body = new Body();
  for (const it of walkOpts(inv.argv.slice(1), 'httpx')) {
    if ('pos' in it) { urls.push(it.pos); continue; }
    if ((it.name === 'method' || it.name === 'm') && it.value) method = it.value;
    // ProjectDiscovery's httpx: -u/-target URL, -x METHODS (comma-separated, or `all`).
    else if ((it.name === 'u' || it.name === 'target') && it.value) urls.push(it.value);
    else if (it.name === 'x' && it.value) method = /(^|,)\s*(delete|all)\s*(,|$)/i.test(it.value.value) ? { ...it.value, value: 'DELETE' } : it.value;
    else if (it.name === 'proxy') proxy = true;
    else if (BODY.has(it.name) && it.value) body.word(it.value);
  }
  const m = method ? method.value.toUpperCase() : body.empty ? 'GET' : 'POST';
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  // The first positional is the URL; a second one is a click usage error.
  return urls.slice(0, 1).map((u) => request('httpx', m, u, 'https', body, proxy, { unknown: methodUnknown, methodUnknown, proxied: envProxy(inv) }));
}
