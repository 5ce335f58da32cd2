// Proxies set in the environment (http_proxy, HTTPS_PROXY, ALL_PROXY...): curl, wget and httpie/xh
// send even a localhost URL through them (curl -v: "Uses proxy env variable http_proxy"), and the
// proxy's "localhost" is another machine. NO_PROXY names the hosts that go direct.
import type { Invocation } from '../../parse/index.js';

const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'];

/** Does the environment send a request for `host` through a proxy? Undefined when no proxy is
 *  set. A proxy variable only known at run time counts as set; NO_PROXY only as far as it's known. */
export function envProxy(inv: Invocation): ((host: string) => boolean) | undefined {
  const unknown = inv.unknownVars ?? [];
  if (!PROXY_VARS.some((v) => inv.vars[v] || unknown.includes(v)) && !unknown.includes('*')) return undefined;
  // The lower-case name wins, as in curl and Python's requests.
  const list = (inv.vars.no_proxy ?? inv.vars.NO_PROXY ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return (host) => !list.some((e) => e === '*' || direct(e, host));
}

/** `example.com` and `.example.com` cover the name and its subdomains; `[::1]` is `::1`. */
function direct(entry: string, host: string): boolean {
  const e = entry.replace(/^\./, '').replace(/^\[(.*)\]$/, '$1');
  return host === e || host.endsWith(`.${e}`);
}
