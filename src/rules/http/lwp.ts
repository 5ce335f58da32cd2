// libwww-perl's lwp-request and its links (GET, HEAD, POST...): the link's name is the method
// unless -m names one; POST and PUT send stdin as the body; -p PROXY sends it through a proxy.
import { basename } from 'node:path';
import { CAPITAL_NAMES } from '../../programs/index.js';
import type { Invocation, Word } from '../../parse/index.js';
import { Body, readStdin } from './body.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { request, type HttpRequest } from './request.js';

export function lwpRequests(inv: Invocation): HttpRequest[] {
  const urls = [];
  // Its links (GET, DELETE...; programs/links.ts) are named by the method.
  const name = basename(inv.argv[0]!.value);
  let method = CAPITAL_NAMES[name] ? { value: name, dynamic: false, glob: false, text: name } : undefined;
  let proxy = false;
  let base: Word | undefined;
  for (const it of walkOpts(inv.argv.slice(1), 'lwp-request')) {
    if ('pos' in it) urls.push(it.pos);
    else if (it.name === 'm' && it.value) method = it.value;
    else if (it.name === 'p') proxy = true;
    else if (it.name === 'b' && it.value) base = it.value;
  }
  const m = (method?.value ?? 'GET').toUpperCase();
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  const body = new Body();
  if (m === 'POST' || m === 'PUT') body.add(readStdin(inv));
  // A URL without a scheme is resolved against -b BASE; with no base lwp-request sends nothing
  // ("400 URL must be absolute"), so `DELETE FROM users` typed at a shell deletes nothing.
  const sent = urls.flatMap((u): Word[] => (u.dynamic || /^[a-z][a-z0-9+.-]*:/i.test(u.value) ? [u] : base ? [resolved(u, base)] : []));
  return sent.map((u) => request(name, m, u, 'http', body, proxy, { unknown: methodUnknown, methodUnknown, proxied: envProxy(inv) }));
}

function resolved(u: Word, base: Word): Word {
  if (base.dynamic) return { ...base, text: `${base.text} + ${u.text}` };
  try {
    const v = new URL(u.value, base.value).href;
    return { value: v, dynamic: false, glob: false, text: v };
  } catch {
    return { ...u, dynamic: true, text: `${u.text} (against ${base.text})` };
  }
}
