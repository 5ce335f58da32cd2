// graphqurl (`gq`, npm graphqurl): `gq ENDPOINT -q QUERY` or `--queryFile FILE` posts a GraphQL
// document, `-n NAME` picks the operation; the document is read like any GraphQL body.
import type { Invocation, Word } from '../../parse/types.js';
import { Body, readFile } from './body.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { request, type HttpRequest } from './request.js';

export function graphqurlRequests(inv: Invocation): HttpRequest[] {
  let url: Word | undefined;
  const body = new Body();
  for (const it of walkOpts(inv.argv.slice(1), 'graphqurl')) {
    if ('pos' in it) { url ??= it.pos; continue; }
    if (!it.value) continue;
    if (it.name === 'query' || it.name === 'q') body.word(it.value, (q) => JSON.stringify({ query: q }));
    else if (it.name === 'queryFile') body.add(it.value.dynamic ? { unknown: `--queryFile ${it.value.text} is only known at run time` } : readFile(it.value.value, inv.cwd), (q) => JSON.stringify({ query: q }));
  }
  // Without a query it opens an interactive prompt or GraphiQL: a person types there.
  if (!url || body.empty) return [];
  return [request('graphqurl', 'POST', url, 'https', body, false, { proxied: envProxy(inv) })];
}
