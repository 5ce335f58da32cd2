// Load generators: ab (apache bench), hey and oha send the request they are given as many times as
// asked, a DELETE as surely as curl: `-m METHOD` (ab: -p FILE posts, -u FILE puts, -i sends HEAD)
// and one URL, the last positional.
import type { Invocation, Word } from '../../parse/types.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { request, type HttpRequest } from './request.js';
import { table } from '../../own.js';

const AB_METHOD: Record<string, string> = table({ p: 'POST', u: 'PUT', i: 'HEAD' });

export function benchRequests(inv: Invocation): HttpRequest[] {
  let method: Word | undefined;
  let dflt = 'GET';
  let url: Word | undefined;
  let proxy = false;
  for (const it of walkOpts(inv.argv.slice(1), inv.name)) {
    if ('pos' in it) { url = it.pos; continue; }
    if ((it.name === 'm' || it.name === 'method') && it.value) method = it.value;
    else if (inv.name === 'ab' && AB_METHOD[it.name]) dflt = AB_METHOD[it.name]!;
    else if (/^(x|X|proxy|connect-to|unix-socket)$/.test(it.name)) proxy = true;
  }
  if (!url) return [];
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  return [request(inv.name, method ? method.value.toUpperCase() : dflt, url, 'http', undefined, proxy, { unknown: methodUnknown, methodUnknown, proxied: envProxy(inv) })];
}
