// curl (and curlie, which takes curl's options and httpie's METHOD URL ITEMS): one request per URL
// of each `--next` group.
import type { Invocation, Word } from '../../parse/index.js';
import { Body, readFile, readStdin } from './body.js';
import { curlOpt, curlrc, newGroup, type CurlGroup } from './curl-options.js';
import { readHttpieItems } from './httpie-items.js';
import { walkOpts } from './options.js';
import { envProxy } from './proxy.js';
import { anywhereRequest, request, type HttpRequest } from './request.js';

export function curlRequests(inv: Invocation, tool: string): HttpRequest[] {
  return readGroups(inv, tool).flatMap((g) => groupRequests(inv, tool, g));
}

function readGroups(inv: Invocation, tool: string): CurlGroup[] {
  const groups: CurlGroup[] = [newGroup()];
  let g = groups[0]!;
  curlrc(inv, g);
  const httpieItems: Word[] = [];
  for (const it of walkOpts(inv.argv.slice(1), 'curl')) {
    if ('pos' in it) {
      if (tool === 'curlie') httpieItems.push(it.pos);
      else g.urls.push(it.pos);
      continue;
    }
    if (it.name === 'next') {
      g = newGroup();
      groups.push(g);
      continue;
    }
    curlOpt(inv, g, it.name, it.value, 0);
  }
  if (tool === 'curlie') curlieItems(inv, httpieItems, g);
  return groups;
}

/** curlie: the positionals are httpie's; their URL, method and JSON fields go to the last group. */
function curlieItems(inv: Invocation, positionals: Word[], g: CurlGroup): void {
  const st = readHttpieItems(inv, positionals);
  // curl collected no URL; the first positional is it.
  if (st.url) g.urls.push(st.url);
  if (st.method) g.method = st.method;
  if (st.hasData) {
    g.body.parts.push(JSON.stringify(st.data));
    g.json = true;
  }
  g.body.unknown.push(...st.unknown);
  g.query.push(...st.query);
}

function groupRequests(inv: Invocation, tool: string, grp: CurlGroup): HttpRequest[] {
  if (grp.upload) {
    const u = grp.upload;
    if (u.dynamic) grp.body.unknown.push(`${u.text} is only known at run time`);
    else grp.body.add(u.value === '-' || u.value === '.' ? readStdin(inv) : readFile(u.value, inv.cwd));
  }
  const hasBody = !grp.body.empty;
  const { method, unknown, methodUnknown } = groupMethod(grp, hasBody);
  // -G sends the data as the query string instead of a body.
  const query = [...grp.query];
  let body = grp.body;
  if (grp.get && hasBody) {
    query.push(...grp.body.parts);
    body = new Body();
    body.unknown = grp.body.unknown;
  }
  if (grp.json) body.parts = [body.parts.join('')];
  if (grp.anywhere) return [anywhereRequest(tool, method, grp.anywhere)];
  const urls: Array<Word | undefined> = grp.urls.length ? grp.urls : unknown ? [undefined] : [];
  const extra = { unknown, query: query.join('&') || undefined, methodUnknown, proxied: envProxy(inv) };
  return urls.map((u) => {
    const r = request(tool, method, u, 'http', body, grp.reroute, extra);
    if (grp.contentType) r.contentType = grp.contentType;
    return r;
  });
}

/** -X wins; then -I, -G; a body makes POST, -T PUT. */
function groupMethod(grp: CurlGroup, hasBody: boolean): { method: string; unknown?: string; methodUnknown?: string } {
  const unknown = grp.unknown.join('; ') || undefined;
  if (grp.method) {
    const methodUnknown = grp.method.dynamic ? `the method ${grp.method.text} is only known at run time` : undefined;
    return { method: grp.method.value.toUpperCase(), unknown: methodUnknown ? [unknown, methodUnknown].filter(Boolean).join('; ') : unknown, methodUnknown };
  }
  const method = grp.head ? 'HEAD' : grp.get ? 'GET' : hasBody && !grp.upload ? 'POST' : grp.upload ? 'PUT' : 'GET';
  return { method, unknown };
}
