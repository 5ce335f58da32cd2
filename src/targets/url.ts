import { table } from '../own.js';
// Connection strings and hosts. Parsed by hand: WHATWG URL rejects the multi-host forms
// (postgres://a,b/db, mongodb://a,b/) and percent-encoded socket paths that databases accept.

export interface Endpoint {
  scheme: string;
  /** First host; a path for a unix socket. Empty when the string names none. */
  host: string;
  /** Every host of a multi-host string, first included. */
  hosts: string[];
  port?: string;
  database?: string;
}

const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i;

/** Parse `scheme://[user[:pass]@]host[:port][,host2...][/db][?query]`. */
export function parseConnUrl(s: string): Endpoint | undefined {
  const m = URL_RE.exec(s.trim());
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase();
  let rest = m[2] ?? '';
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const slash = rest.indexOf('/');
  let authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  const hosts: string[] = [];
  let port: string | undefined;
  for (const part of authority.split(',')) {
    if (part === '') continue;
    const { host, port: p } = splitHostPort(part);
    hosts.push(safeDecode(host));
    port ??= p;
  }
  const params = new URLSearchParams(query);
  // postgres://user@/db?host=/var/run/postgresql names a socket in the query.
  const qHost = params.get('host') ?? params.get('socket') ?? params.get('unix_socket');
  if (qHost) hosts.unshift(qHost.split(',')[0] ?? qHost);
  const qPort = params.get('port');
  if (qPort) port = qPort;
  const database = safeDecode(path.split('/')[0] ?? '') || undefined;
  return { scheme, host: hosts[0] ?? '', hosts, port, database };
}

function splitHostPort(s: string): { host: string; port?: string } {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    const host = s.slice(1, end < 0 ? undefined : end);
    const port = end >= 0 && s[end + 1] === ':' ? s.slice(end + 2) : undefined;
    return { host, port: port || undefined };
  }
  const c = s.lastIndexOf(':');
  if (c > 0 && /^\d*$/.test(s.slice(c + 1))) return { host: s.slice(0, c), port: s.slice(c + 1) || undefined };
  return { host: s };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** libpq keyword/value strings: `host=db port=5432 dbname=app`. */
export function parseConninfo(s: string): Record<string, string> | undefined {
  if (!/^\s*\w+\s*=/.test(s)) return undefined;
  const out: Record<string, string> = table();
  const re = /(\w+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out[(m[1] ?? '').toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return out;
}

/** Schemes that name a database server or file. */
export const DB_SCHEMES = new Set([
  'postgres', 'postgresql', 'mysql', 'mysql2', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss',
  'sqlserver', 'mssql', 'cockroachdb', 'clickhouse', 'libsql', 'prisma', 'prisma+postgres', 'valkey', 'cassandra',
]);

export function looksLikeDbUrl(s: string): boolean {
  const m = URL_RE.exec(s.trim());
  return !!m && DB_SCHEMES.has((m[1] ?? '').toLowerCase());
}

/** Loopback names and unix sockets: this machine. */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === '') return false;
  if (isSocketPath(h)) return true;
  if (h === 'localhost' || h.endsWith('.localhost') || h === 'host.docker.internal') return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '0.0.0.0') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function isSocketPath(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@') || host.startsWith('unix:');
}

/** A URL with its password hidden, for evidence shown to people and kept in audit logs. */
export function redactUrl(s: string): string {
  // https://TOKEN@github.com/...: over http the user part is often a token, so hide it all.
  if (/^https?:\/\/[^/@]+@/i.test(s)) return s.replace(/^(https?:\/\/)[^/@]+@/i, '$1***@');
  return s.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^@/]*@/i, '$1:***@');
}

/** Host of an http(s) URL, or of a scheme-less `host/path` as curl accepts it. */
export function httpHost(raw: string): { host: string; url: string } | undefined {
  let s = raw.trim();
  if (s === '' || s.startsWith('-')) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    // httpie's `:3000/path` means localhost.
    if (s.startsWith(':')) s = `localhost${s}`;
    if (!/^[\w.[\]-]+(:\d+)?(\/|$|\?)/.test(s)) return undefined;
    s = `http://${s}`;
  }
  const ep = parseConnUrl(s);
  if (!ep || ep.host === '') return undefined;
  return { host: ep.host.toLowerCase(), url: redactUrl(s) };
}
