// Where a URL goes: its host as the resolver would read it, its path, and whether it stays on
// this machine.

export interface ParsedUrl { url: string; host: string; path: string; local: boolean }

export function parseUrl(raw: string, defaultScheme: string): ParsedUrl {
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
  const host = hostOf(authority);
  const clean = /^[a-z0-9.-]+$/.test(host) || /^[0-9a-f:.]+$/.test(host);
  return { url, host, path, local: clean && !/[\\\s]/.test(rest.slice(0, cut < 0 ? undefined : cut)) && isLocal(numericHost(host)) };
}

/** The authority without user info, port or brackets, lower-case, without a trailing dot. */
function hostOf(authority: string): string {
  let host: string;
  if (authority.startsWith('[')) host = authority.slice(1, authority.indexOf(']') < 0 ? undefined : authority.indexOf(']'));
  else host = authority.replace(/:[^:]*$/, '');
  return host.toLowerCase().replace(/\.$/, '');
}

/** Let WHATWG normalise numeric forms (127.1, 0x7f.1, 2130706433) the way the resolver would read them. */
function numericHost(host: string): string {
  if (!/^[0-9a-fx.]+$/.test(host) || !/\d/.test(host)) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}

export function isLocal(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '0.0.0.0' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)) return true;
  return false;
}
