// The HTTP requests curl, wget, httpie/xh, curlie and gh api would send: method, URL, and body
// where it can be seen, so rules can tell `curl -X DELETE` on production from a GET, and find
// GraphQL mutations. By client: curl.ts (curl-options.ts, curl-data.ts), wget.ts, httpie.ts
// (httpie-items.ts, also curlie's positionals), ghapi.ts (and glab api), bench.ts (ab, hey, oha),
// graphqurl.ts, awscurl.ts;
// by stage: options.ts reads argv with the registry's grammars, body.ts the files and stdin a body
// comes from, request.ts and url.ts build the request, graphql.ts reads the mutations in a body and
// sql.ts the statements.
import type { Invocation } from '../../parse/index.js';
import { awscurlRequests } from './awscurl.js';
import { benchRequests } from './bench.js';
import { curlRequests } from './curl.js';
import { graphqurlRequests } from './graphqurl.js';
import { ghApiRequests } from './ghapi.js';
import { httpieRequests } from './httpie.js';
import { httpxRequests } from './httpx.js';
import { hurlRequests } from './hurl.js';
import { lwpRequests } from './lwp.js';
import type { HttpRequest } from './request.js';
import { wgetRequests } from './wget.js';


export { readStdin } from './body.js';
export { graphqlMutations, persistedOnly, RUNTIME_FIELD } from './graphql.js';
export { requestSqlHits } from './sql.js';
export { isLocal } from './url.js';
export type { HttpRequest } from './request.js';

export { HTTP_CLIENTS } from '../../programs/links.js';

/** One request per URL the invocation would fetch (also `gh api`, for the github pack). */
export function httpRequests(inv: Invocation): HttpRequest[] {
  switch (inv.name) {
    case 'gh': case 'glab': return ghApiRequests(inv);
    case 'curl': case 'curlie': return curlRequests(inv, inv.name);
    case 'wget': case 'wget2': return wgetRequests(inv);
    case 'lwp-request': return lwpRequests(inv);
    case 'httpx': return httpxRequests(inv);
    case 'hurl': return hurlRequests(inv);
    case 'awscurl': return awscurlRequests(inv);
    case 'ab': case 'hey': case 'oha': return benchRequests(inv);
    case 'graphqurl': case 'gq': return graphqurlRequests(inv);
    case 'http': case 'https': case 'xh': case 'xhs': return httpieRequests(inv, inv.name);
    default: return [];
  }
}
