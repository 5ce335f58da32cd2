// awscurl (Python, argparse): curl-like requests signed with AWS SigV4, mostly to OpenSearch, API
// Gateway and Neptune. `awscurl [-X METHOD] [-d DATA|@FILE] [-H H] [--service S] URI`: the method is
// GET unless -X names one (a body alone doesn't make it POST); -d @FILE reads the file. argparse
// takes unique prefixes of long options (the registry's `abbreviations`).
import type { Invocation, Word } from '../../parse/index.js';
import { Body, readFile, readStdin } from './body.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { request, type HttpRequest } from './request.js';

export function awscurlRequests(inv: Invocation): HttpRequest[] {
  const urls: Word[] = [];
  let method: Word | undefined;
  const body = new Body();
  for (const it of walkOpts(inv.argv.slice(1), 'awscurl')) {
    if ('pos' in it) { urls.push(it.pos); continue; }
    if ((it.name === 'request' || it.name === 'X') && it.value) method = it.value;
    else if ((it.name === 'data' || it.name === 'd') && it.value) {
      const v = it.value.value;
      if (v.startsWith('@')) {
        if (it.value.dynamic) body.unknown.push(`${it.value.text} is only known at run time`);
        body.add(v === '@-' ? readStdin(inv) : readFile(v.slice(1), inv.cwd));
      } else body.word(it.value);
    }
  }
  const m = method ? method.value.toUpperCase() : 'GET';
  const methodUnknown = method?.dynamic ? `the method ${method.text} is only known at run time` : undefined;
  // argparse takes one URI; a second positional is a usage error.
  return urls.slice(0, 1).map((u) => request('awscurl', m, u, 'https', body, false, { unknown: methodUnknown, methodUnknown, proxied: envProxy(inv) }));
}
