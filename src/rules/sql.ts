// What a database client would send, and whether any of it destroys data.
// A real tokenizer (strings, quoted identifiers, dollar quotes, comments) so that text that only
// mentions DROP TABLE stays harmless while DROP/**/TABLE or a commented-out WHERE does not.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Invocation, Word } from '../parse/types.js';
import { readBounded, type Read } from './files.js';
import type { SqlFrom } from './types.js';

export type SqlKind = 'drop' | 'truncate' | 'delete-without-where' | 'update-without-where' | 'alter-drop' | 'flush' | 'drop-database' | 'dynamic';
export type SqlDialect = 'sql' | 'redis' | 'mongo';
export interface SqlHit {
  kind: SqlKind;
  /** The offending statement, trimmed, at most 200 characters. */
  statement: string;
  /** Table, collection or database name when it is easy to tell. */
  object?: string;
}
export interface SqlSource {
  text: string;
  /** For people: '-c', 'heredoc', '-f schema.sql'. */
  from: string;
  /** How to read `text` (pass to classifySql). */
  dialect: SqlDialect;
  /** The client stops at the first failing statement of this text (psql -c, mysql -e): a CREATE
   *  TEMP TABLE that fails can't leave a later DROP of that name to hit a real table. */
  atomic?: boolean;
}

export interface ClassifyOptions {
  atomic?: boolean;
}

export const SQL_CLIENTS: string[] = [
  'psql', 'mysql', 'mariadb', 'sqlite3', 'mongosh', 'mongo', 'redis-cli', 'valkey-cli',
  'clickhouse-client', 'clickhouse', 'cockroach', 'duckdb',
];

const MAX_STATEMENT = 200;
const MAX_DEPTH = 4;

// ------------------------------------------------------------------ sources

type Client = 'psql' | 'mysql' | 'sqlite3' | 'duckdb' | 'mongosh' | 'redis-cli' | 'clickhouse' | 'cockroach';

function clientOf(inv: Invocation): { client: Client; args: Word[] } | undefined {
  const args = inv.argv.slice(1);
  switch (inv.name) {
    case 'psql': return { client: 'psql', args };
    case 'mysql': case 'mariadb': return { client: 'mysql', args };
    case 'sqlite3': return { client: 'sqlite3', args };
    case 'duckdb': return { client: 'duckdb', args };
    case 'mongosh': case 'mongo': return { client: 'mongosh', args };
    case 'redis-cli': case 'valkey-cli': return { client: 'redis-cli', args };
    case 'clickhouse-client': return { client: 'clickhouse', args };
    // The single clickhouse binary dispatches on its first argument; only `client` talks to a server.
    case 'clickhouse': return args[0]?.value === 'client' ? { client: 'clickhouse', args: args.slice(1) } : undefined;
    case 'cockroach': return args[0]?.value === 'sql' ? { client: 'cockroach', args: args.slice(1) } : undefined;
    default: return undefined;
  }
}

interface OptSpec {
  /** Short options that take a value (attached or the next word). */
  shortVal?: string;
  /** Short options whose value can only be attached (mysql -pSECRET; bare -p prompts). */
  shortAttached?: string;
  /** Long options (no dashes) that take a value. */
  longVal?: string[];
  /** sqlite3/duckdb style: -cmd, --cmd, one name per word, never bundled. */
  singleDashLong?: boolean;
  /** Options taking two values (sqlite3 -lookaside SIZE N). */
  twoVal?: string[];
  /** Stop at the first positional (redis-cli: the rest is the command). */
  stopAtPositional?: boolean;
}

type Item = { opt: string; value?: Word } | { pos: Word };

function attached(w: Word, value: string): Word {
  return { value, dynamic: w.dynamic, glob: false, text: w.text };
}

/** getopt-like walk. Unknown options are taken as flags. */
function parseOpts(args: Word[], spec: OptSpec): Item[] {
  const out: Item[] = [];
  const longVal = new Set(spec.longVal ?? []);
  const twoVal = new Set(spec.twoVal ?? []);
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--') {
      for (const p of args.slice(i + 1)) out.push({ pos: p });
      break;
    }
    if (!v.startsWith('-') || v === '-') {
      if (spec.stopAtPositional) {
        for (const p of args.slice(i)) out.push({ pos: p });
        break;
      }
      out.push({ pos: w });
      continue;
    }
    if (spec.singleDashLong || v.startsWith('--')) {
      const body = v.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      if (twoVal.has(name)) { i += 2; out.push({ opt: name }); continue; }
      if (eq >= 0) out.push({ opt: name, value: attached(w, body.slice(eq + 1)) });
      else if (longVal.has(name)) out.push({ opt: name, value: args[++i] });
      else out.push({ opt: name });
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (spec.shortAttached?.includes(ch)) { out.push({ opt: ch, value: rest ? attached(w, rest) : undefined }); break; }
      if (spec.shortVal?.includes(ch)) {
        out.push({ opt: ch, value: rest ? attached(w, rest) : args[++i] });
        break;
      }
      out.push({ opt: ch });
    }
  }
  return out;
}

// Per client: which options carry SQL text or a SQL file, and which take values we must skip.
const SPECS: Record<Client, OptSpec> = {
  psql: {
    shortVal: 'cdfhpUvoLPFRT',
    longVal: ['command', 'dbname', 'file', 'host', 'port', 'username', 'set', 'variable', 'output', 'log-file', 'pset', 'field-separator', 'record-separator', 'table-attr'],
  },
  mysql: {
    shortVal: 'uhPDSeO',
    shortAttached: 'p#',
    longVal: ['user', 'host', 'port', 'database', 'socket', 'execute', 'defaults-file', 'defaults-extra-file', 'defaults-group-suffix',
      'default-character-set', 'init-command', 'init-command-add', 'ssl-ca', 'ssl-capath', 'ssl-cert', 'ssl-cipher', 'ssl-key', 'ssl-crl', 'ssl-crlpath',
      'ssl-mode', 'ssl-fips-mode', 'tls-version', 'tls-ciphersuites', 'protocol', 'login-path', 'delimiter', 'connect-timeout', 'max-allowed-packet',
      'net-buffer-length', 'select-limit', 'max-join-size', 'character-sets-dir', 'plugin-dir', 'default-auth', 'bind-address',
      'compression-algorithms', 'zstd-compression-level', 'prompt', 'tee', 'server-public-key-path', 'load-data-local-dir', 'histignore',
      'dns-srv-name', 'network-namespace', 'connect-expired-password', 'ssl-session-data'],
  },
  sqlite3: {
    singleDashLong: true,
    longVal: ['cmd', 'init', 'separator', 'nullvalue', 'newline', 'maxsize', 'mmap', 'vfs', 'nonce', 'escape'],
    twoVal: ['lookaside', 'pagecache', 'heap'],
  },
  duckdb: {
    singleDashLong: true,
    longVal: ['c', 's', 'cmd', 'init', 'f', 'separator', 'nullvalue', 'newline', 'storage-version'],
  },
  mongosh: {
    shortVal: 'ufp',
    longVal: ['eval', 'file', 'host', 'port', 'username', 'password', 'authenticationDatabase', 'authenticationMechanism', 'gssapiServiceName',
      'sspiHostnameCanonicalization', 'sspiRealmOverride', 'tlsCAFile', 'tlsCertificateKeyFile', 'tlsCertificateKeyFilePassword', 'tlsCRLFile',
      'tlsDisabledProtocols', 'tlsCertificateSelector', 'apiVersion', 'awsAccessKeyId', 'awsSecretAccessKey', 'awsSessionToken',
      'awsIamSessionToken', 'keyVaultNamespace', 'kmsURL', 'csfleLibraryPath', 'cryptSharedLibPath', 'browser', 'oidcFlows', 'oidcRedirectUri'],
  },
  'redis-cli': {
    shortVal: 'hpsaurindDtX',
    longVal: ['user', 'pass', 'eval', 'cluster', 'pattern', 'quoted-pattern', 'count', 'memkeys-samples', 'rdb', 'functions-rdb', 'pipe-timeout',
      'sni', 'cacert', 'cacertdir', 'tls-ciphers', 'tls-ciphersuites', 'cert', 'key', 'intrinsic-latency', 'lru-test', 'show-pushes', 'keystats-samples', 'top'],
    stopAtPositional: true,
  },
  clickhouse: {
    shortVal: 'hudqfC',
    longVal: ['host', 'port', 'user', 'password', 'database', 'query', 'queries-file', 'format', 'config-file', 'config', 'query_id', 'history_file',
      'connection', 'log-level', 'server_logs_file', 'jwt', 'ssh-key-file', 'ssh-key-passphrase', 'quota_key', 'max_threads', 'max_memory_usage',
      'receive_timeout', 'send_timeout', 'connect_timeout', 'output-format', 'input-format', 'format_csv_delimiter'],
  },
  cockroach: {
    shortVal: 'efud',
    longVal: ['execute', 'file', 'url', 'host', 'port', 'user', 'database', 'certs-dir', 'format', 'set', 'watch', 'cluster-name', 'log-dir', 'log', 'vmodule'],
  },
};

type Want =
  | { t: 'text'; word: Word; from: string; dialect: SqlDialect }
  | { t: 'file'; word: Word; from: string; dialect: SqlDialect }
  | { t: 'stdin'; dialect: SqlDialect };

function label(opt: string): string {
  return opt.length === 1 ? `-${opt}` : `--${opt}`;
}

/** What each client reads, in order, before any file or stdin is opened. */
function wants(client: Client, items: Item[]): Want[] {
  const out: Want[] = [];
  const opts = items.filter((i): i is { opt: string; value?: Word } => 'opt' in i);
  const pos = items.filter((i): i is { pos: Word } => 'pos' in i).map((i) => i.pos);
  const text = (word: Word | undefined, from: string, dialect: SqlDialect = 'sql') => word && out.push({ t: 'text', word, from, dialect });
  const file = (word: Word | undefined, from: string, dialect: SqlDialect = 'sql') => {
    if (!word) return;
    if (word.value === '-' || word.value === '/dev/stdin') out.push({ t: 'stdin', dialect });
    else out.push({ t: 'file', word, from: `${from} ${word.value}`, dialect });
  };
  let readsStdin = true;
  switch (client) {
    case 'psql':
    case 'cockroach': {
      for (const o of opts) {
        const isText = client === 'psql' ? o.opt === 'c' || o.opt === 'command' : o.opt === 'e' || o.opt === 'execute';
        if (isText) { text(o.value, label(o.opt)); readsStdin = false; }
        if (o.opt === 'f' || o.opt === 'file') { file(o.value, label(o.opt)); readsStdin = false; }
      }
      break;
    }
    case 'mysql': {
      for (const o of opts) {
        if (o.opt === 'init-command' || o.opt === 'init-command-add') text(o.value, label(o.opt));
        if (o.opt === 'e' || o.opt === 'execute') { text(o.value, label(o.opt)); readsStdin = false; }
      }
      break;
    }
    case 'sqlite3':
    case 'duckdb': {
      if (opts.some((o) => o.opt === 'A' || o.opt === 'archive')) return []; // archive mode, not SQL
      for (const o of opts) {
        if (o.opt === 'init') file(o.value, '-init');
        if (o.opt === 'cmd') text(o.value, '-cmd');
        if (client === 'duckdb' && (o.opt === 'c' || o.opt === 's')) { text(o.value, `-${o.opt}`); readsStdin = false; }
        if (client === 'duckdb' && o.opt === 'f') { file(o.value, '-f'); readsStdin = false; }
      }
      // The first positional is the database file; each one after it is SQL.
      for (const p of pos.slice(1)) { text(p, 'argument'); readsStdin = false; }
      break;
    }
    case 'clickhouse': {
      for (const o of opts) {
        if (o.opt === 'q' || o.opt === 'query') { text(o.value, label(o.opt)); readsStdin = false; }
        if (o.opt === 'queries-file') { file(o.value, '--queries-file'); readsStdin = false; }
      }
      // Newer clients take the query as a positional; anything else here is harmless to classify.
      for (const p of pos) { text(p, 'argument'); readsStdin = false; }
      break;
    }
    case 'mongosh': {
      for (const o of opts) {
        if (o.opt === 'eval') { text(o.value, '--eval', 'mongo'); readsStdin = false; }
        if (o.opt === 'f' || o.opt === 'file') { file(o.value, label(o.opt), 'mongo'); readsStdin = false; }
      }
      for (const p of pos) {
        if (/\.js$/i.test(p.value)) { file(p, 'script', 'mongo'); readsStdin = false; }
      }
      if (readsStdin) out.push({ t: 'stdin', dialect: 'mongo' });
      return out;
    }
    case 'redis-cli': {
      const cluster = opts.find((o) => o.opt === 'cluster');
      const script = opts.find((o) => o.opt === 'eval');
      const pipe = opts.some((o) => o.opt === 'pipe');
      if (script) return [...(script.value ? [{ t: 'file' as const, word: script.value, from: `--eval ${script.value.value}`, dialect: 'redis' as const }] : [])];
      if (cluster) {
        // `--cluster call HOST:PORT CMD ARGS...` runs CMD on every node; other subcommands manage slots.
        const all = [cluster.value, ...pos].filter((w): w is Word => !!w);
        if (all[0]?.value === 'call' && all.length > 2) out.push({ t: 'text', word: joinRedis(all.slice(2)), from: '--cluster call', dialect: 'redis' });
        return out;
      }
      if (pos.length > 0) {
        out.push({ t: 'text', word: joinRedis(pos), from: 'arguments', dialect: 'redis' });
        if (!pipe) return out;
      }
      // -x feeds stdin as the last argument of the command, which is data, not commands.
      if (opts.some((o) => o.opt === 'x') && pos.length > 0) return out;
      out.push({ t: 'stdin', dialect: 'redis' });
      return out;
    }
  }
  if (readsStdin) out.push({ t: 'stdin', dialect: 'sql' });
  return out;
}

/** redis-cli argv as one command line; only the command word decides, so dynamic data words are fine. */
function joinRedis(words: Word[]): Word {
  const value = words.map((w) => (/[\s"'\\]/.test(w.value) || w.value === '' ? JSON.stringify(w.value) : w.value)).join(' ');
  return { value, dynamic: words[0]!.dynamic, glob: false, text: words.map((w) => w.text).join(' ') };
}

function readWord(w: Word, cwd: string | undefined, base?: string): Read {
  if (w.dynamic) return { unknown: `the file name ${w.text} is only known at run time` };
  return readBounded(w.value, cwd, base);
}


function stdinSource(inv: Invocation): { text: string; from: string } | { unknown: string } | undefined {
  const s = inv.stdin;
  if (!s) return undefined;
  switch (s.kind) {
    case 'heredoc': return { text: s.text, from: 'heredoc' };
    case 'herestring': return s.dynamic ? { unknown: 'the here-string is only known at run time' } : { text: s.text, from: 'here-string' };
    case 'pipe': return s.text !== undefined ? { text: s.text, from: `stdin from ${s.from}` } : { unknown: `stdin is piped from ${s.from}` };
    case 'file': {
      const r = readWord(s.path, inv.cwd);
      return 'text' in r ? { text: r.text, from: `< ${s.path.value}` } : r;
    }
  }
}

// Client commands that pull in another file: psql \i and \ir, mysql source and \., sqlite .read.
const INCLUDES: Partial<Record<Client, RegExp>> = {
  psql: /^[ \t]*\\(i|ir|include|include_relative)[ \t]+('[^'\n]*'|\S+)/gm,
  cockroach: /^[ \t]*\\(i|ir)[ \t]+('[^'\n]*'|\S+)/gm,
  mysql: /^[ \t]*(source|\\\.)[ \t]+([^\s;]+)/gim,
  sqlite3: /^[ \t]*(\.read)[ \t]+('[^'\n]*'|"[^"\n]*"|\S+)/gm,
  duckdb: /^[ \t]*(\.read)[ \t]+('[^'\n]*'|"[^"\n]*"|\S+)/gm,
};

// Client commands that run something we can't classify as SQL: shell escapes, and psql \gexec,
// which runs each result of a query as a statement.
const ESCAPES: Partial<Record<Client, RegExp>> = {
  // psql backslash commands may follow the query on the same line: SELECT ... \gexec
  psql: /(?:^|\s)\\(gexec|!)(.*)$/m,
  cockroach: /(?:^|\s)\\(!)(.*)$/m,
  mysql: /^[ \t]*(\\!|system)[ \t](.*)$/im,
  sqlite3: /^[ \t]*\.(shell|system)[ \t](.*)$/m,
  duckdb: /^[ \t]*\.(shell|system)[ \t](.*)$/m,
};

function addText(out: SqlSource[], client: Client, text: string, from: string, dialect: SqlDialect, cwd: string | undefined, dir: string | undefined, depth: number): string | undefined {
  out.push({ text, from, dialect });
  const esc = dialect === 'sql' ? ESCAPES[client]?.exec(text) : null;
  if (esc) return esc[1] === 'gexec' ? 'psql \\gexec runs SQL built from query results' : `${esc[0].trim().slice(0, 80)} runs a shell command`;
  const re = INCLUDES[client];
  if (!re || dialect !== 'sql') return undefined;
  for (const m of text.matchAll(re)) {
    let p = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
    if (p.startsWith('|')) return `${m[1]} runs the command ${p.slice(1)}`;
    if (depth >= MAX_DEPTH) return `${m[1]} ${p}: includes nest too deep`;
    const relative = m[1] === 'ir' || m[1] === 'include_relative';
    if (p.startsWith('~/') && process.env.HOME) p = resolve(process.env.HOME, p.slice(2));
    const r = readBounded(p, cwd, relative ? dir : undefined);
    if ('unknown' in r) return r.unknown;
    const full = isAbsolute(p) ? p : resolve((relative ? dir : cwd) ?? '/', p);
    const bad = addText(out, client, r.text, `${m[1]} ${p}`, dialect, cwd, dirname(full), depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

/** The SQL (or Redis/Mongo command text) an invocation would send. `{ unknown }` when the client
 *  would read text we can't see, so the caller can fail closed. */
export function sqlSources(inv: Invocation): SqlSource[] | { unknown: string } {
  const c = clientOf(inv);
  if (!c) return [];
  const out: SqlSource[] = [];
  const items = parseOpts(c.args, SPECS[c.client]);
  const stops = /search_path/i.test(inv.vars.PGOPTIONS ?? '') ? 'none' : stopsOnError(c.client, items);
  for (const w of wants(c.client, items)) {
    if (w.t === 'text') {
      if (w.word.dynamic) return { unknown: `${w.from} ${w.word.text} is only known at run time` };
      const more = c.client === 'redis-cli' && inv.moreArgs && w.from === 'arguments' ? ` ${RUNTIME_KEYS}` : '';
      const start = out.length;
      const bad = addText(out, c.client, w.word.value + more, w.from, w.dialect, inv.cwd, inv.cwd, 0);
      if (bad) return { unknown: bad };
      if (stops === 'all' || (stops === 'text' && /^(-c|--command|-e|--execute)$/.test(w.from))) out[start]!.atomic = true;
    } else if (w.t === 'file') {
      const r = readWord(w.word, inv.cwd);
      if ('unknown' in r) return r;
      const full = isAbsolute(w.word.value) ? w.word.value : resolve(inv.cwd ?? '/', w.word.value);
      const start = out.length;
      const bad = addText(out, c.client, r.text, w.from, w.dialect, inv.cwd, dirname(full), 1);
      if (bad) return { unknown: bad };
      if (stops === 'all') out[start]!.atomic = true;
    } else {
      const s = stdinSource(inv);
      if (!s) continue; // a terminal: interactive, nothing to check now
      if ('unknown' in s) return s;
      const start = out.length;
      const bad = addText(out, c.client, s.text, s.from, w.dialect, inv.cwd, inv.cwd, 0);
      if (bad) return { unknown: bad };
      if (stops === 'all') out[start]!.atomic = true;
    }
  }
  return out;
}

// Whether a failing statement stops the rest: psql sends one -c string as one query (an error
// skips the rest of it), and with -1 or ON_ERROR_STOP every source stops; mysql stops at the first
// error unless --force.
function stopsOnError(client: Client, items: Item[]): 'all' | 'text' | 'none' {
  const opts = items.filter((i): i is { opt: string; value?: Word } => 'opt' in i);
  if (client === 'psql') {
    // The search path set for the connection (PGOPTIONS, options= in the URL) is not in the text.
    if (items.some((i) => 'pos' in i && /search_path/i.test(i.pos.value)) || opts.some((o) => /search_path/i.test(o.value?.value ?? ''))) return 'none';
    const onErrorStop = opts.some((o) => (o.opt === 'v' || o.opt === 'set' || o.opt === 'variable') && /^ON_ERROR_STOP=(1|on|true|yes)$/i.test(o.value?.value ?? ''));
    if (onErrorStop || opts.some((o) => o.opt === '1' || o.opt === 'single-transaction')) return 'all';
    return 'text';
  }
  if (client === 'mysql') return opts.some((o) => o.opt === 'f' || o.opt === 'force') ? 'none' : 'text';
  return 'none';
}

// ------------------------------------------------------------------ SQL in a CLI's flags (sql-from)

/** The SQL a cloud CLI would send, read from where the rule says (`sql-from:`): option values,
 *  files those name, the positionals after the subcommand, or stdin. `flagValues` gives an option's
 *  value words as the rule's command spec splits them; `args` are the positionals after the
 *  subcommand. `{ unknown }` when any of it can't be seen, so the caller fails closed. */
export function sqlFromSources(inv: Invocation, from: SqlFrom, flagValues: (flag: string) => Word[], args: Word[]): SqlSource[] | { unknown: string } {
  const out: SqlSource[] = [];
  const prefixes = from['file-prefix'] ?? [];
  const push = (text: string, label: string) => out.push({ text, from: label, dialect: 'sql' });
  // A path (after any prefix): '-' and /dev/stdin are stdin, as for the clients above.
  const file = (w: Word, path: string, label: string): string | undefined => {
    if (path === '-' || path === '/dev/stdin') {
      const s = stdinSource(inv);
      if (!s) return `${label} reads SQL from the terminal`;
      if ('unknown' in s) return `${label} reads SQL from stdin: ${s.unknown}`;
      push(s.text, `${label} (${s.from})`);
      return undefined;
    }
    if (w.dynamic) return `${label}: the file name is only known at run time`;
    // The CLIs expand ~ (aws also $VARS) in these paths themselves.
    let p = path;
    const home = inv.vars.HOME ?? process.env.HOME;
    if (p.startsWith('~/') && home) p = resolve(home, p.slice(2));
    if (p.includes('$')) return `${label}: the CLI expands variables in ${path}`;
    const r = readBounded(p, inv.cwd);
    if ('unknown' in r) return `${label}: ${r.unknown}`;
    push(r.text, label);
    return undefined;
  };
  const text = (w: Word, label: string): string | undefined => {
    const pre = prefixes.find((x) => w.value.startsWith(x));
    if (pre) return file(w, w.value.slice(pre.length), `${label} ${w.value}`);
    // An attached value's word is the whole `--sql=...`.
    if (w.dynamic) return `${w.text.startsWith(label) ? '' : `${label} `}${w.text} is only known at run time`;
    push(w.value, label);
    return undefined;
  };
  let given = false;
  const bad: string[] = [];
  const note = (why: string | undefined) => why && bad.push(why);
  for (const f of from.flags ?? []) for (const w of flagValues(f)) { given = true; note(text(w, f)); }
  for (const f of from.files ?? []) for (const w of flagValues(f)) { given = true; note(file(w, w.value, `${f} ${w.value}`)); }
  // An empty query counts as none: bq then reads stdin.
  if (from.args && args.some((w) => w.value !== '' || w.dynamic)) {
    given = true;
    const start = out.length;
    for (const w of args) note(text(w, 'argument'));
    // bq joins its arguments into one query. Each is also read alone, in case one of them was
    // really an option's value that the command spec doesn't list.
    if (out.length - start > 1) push(out.slice(start).map((s) => s.text).join(' '), 'arguments');
  }
  if (from.stdin && !given) {
    const s = stdinSource(inv);
    if (s && 'unknown' in s) note(`stdin: ${s.unknown}`);
    else if (s) push(s.text, s.from);
  }
  return bad.length ? { unknown: bad.join('; ') } : out;
}

/** Convenience: every hit across an invocation's sources. */
export function sqlHits(inv: Invocation): SqlHit[] | { unknown: string } {
  const src = sqlSources(inv);
  if (!Array.isArray(src)) return src;
  return src.flatMap((s) => classifySql(s.text, s.dialect));
}

// ------------------------------------------------------------------ SQL tokenizer

type TK = 'w' | 'q' | 's' | 'p' | 'n';
interface Tok { k: TK; v: string; up: string; s: number; e: number; dollar?: boolean }
interface Stmt { toks: Tok[]; s: number; e: number }

interface LexMode {
  /** Backslash escapes inside '...' (MySQL, ClickHouse) — otherwise only in E'...' (Postgres). */
  backslash: boolean;
  /** `# comment` (MySQL, ClickHouse); in Postgres # is an operator. */
  hash: boolean;
  /** Nested block comments (Postgres). */
  nested: boolean;
  /** $tag$ ... $tag$ strings (Postgres). */
  dollar: boolean;
  /** MySQL: /*! ... *\/ runs its contents; "..." is a string; DELIMITER changes the separator. */
  mysql: boolean;
}
const PG: LexMode = { backslash: false, hash: false, nested: true, dollar: true, mysql: false };
// Dollar quotes in both: ClickHouse has them too, and in MySQL `$$` is a syntax error anyway.
const MY: LexMode = { backslash: true, hash: true, nested: false, dollar: true, mysql: true };

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

function lex(text: string, mode: LexMode): Stmt[] {
  const stmts: Stmt[] = [];
  let cur: Tok[] = [];
  let delim = ';';
  let execComments = 0; // open /*! ... */ sections whose closing */ must be skipped
  const n = text.length;
  const flush = () => {
    if (cur.length) stmts.push({ toks: cur, s: cur[0]!.s, e: cur[cur.length - 1]!.e });
    cur = [];
  };
  const push = (k: TK, v: string, s: number, e: number, dollar?: boolean) => cur.push({ k, v, up: k === 'w' ? v.toUpperCase() : v, s, e, dollar });
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (/\s/.test(ch)) { i++; continue; }
    if (mode.mysql && cur.length === 0) {
      const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(text.slice(i, i + 200));
      if (m) { delim = m[1]!; i += m[0].length; continue; }
    }
    if (delim !== ';' && text.startsWith(delim, i)) { flush(); i += delim.length; continue; }
    if (ch === '-' && next === '-') { while (i < n && text[i] !== '\n') i++; continue; }
    // In Postgres # is XOR, but a line that starts with it reads as a comment to people and fails to parse.
    if (ch === '#' && (mode.hash || /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, i - 80), i)))) { while (i < n && text[i] !== '\n') i++; continue; }
    if (ch === '*' && next === '/' && execComments > 0) { execComments--; i += 2; continue; }
    if (ch === '/' && next === '*') {
      if (mode.mysql && text[i + 2] === '!') {
        i += 3;
        while (i < n && /[0-9]/.test(text[i]!)) i++;
        execComments++;
        continue;
      }
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (mode.nested && text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; } else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      continue;
    }
    if (ch === "'" || (ch === '"' && mode.mysql)) {
      // E'...' (Postgres) turns on backslash escapes for one string.
      const prev = cur[cur.length - 1];
      const eprefix = !!prev && prev.k === 'w' && prev.up === 'E' && prev.e === i;
      if (eprefix) cur.pop();
      const start = eprefix ? prev!.s : i;
      const bs = mode.backslash || eprefix;
      let j = i + 1;
      let v = '';
      while (j < n) {
        const c = text[j]!;
        if (bs && c === '\\' && j + 1 < n) { v += text[j + 1]; j += 2; continue; }
        if (c === ch) {
          if (text[j + 1] === ch) { v += ch; j += 2; continue; }
          break;
        }
        v += c;
        j++;
      }
      push('s', v, start, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      let v = '';
      while (j < n) {
        if (text[j] === ch) {
          if (text[j + 1] === ch) { v += ch; j += 2; continue; }
          break;
        }
        v += text[j];
        j++;
      }
      push('q', v, i, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    if (ch === '$' && mode.dollar && !(i > 0 && WORD_CHAR.test(text[i - 1]!))) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 80));
      if (m) {
        const tag = m[0];
        const end = text.indexOf(tag, i + tag.length);
        const stop = end < 0 ? n : end;
        push('s', text.slice(i + tag.length, stop), i, end < 0 ? n : end + tag.length, true);
        i = end < 0 ? n : end + tag.length;
        continue;
      }
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(text[j]!)) j++;
      push('w', text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[0-9.eE_xXa-fA-F]/.test(text[j]!)) j++;
      push('n', text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (ch === ';' && delim === ';') { flush(); i++; continue; }
    push('p', ch, i, i + 1);
    i++;
  }
  flush();
  return stmts;
}

// ------------------------------------------------------------------ SQL classification

// Words that may follow DROP when it is not at the start of a statement (inside a procedure
// body, after a DELIMITER we didn't follow...). Bare DROP elsewhere is a privilege or ON COMMIT DROP.
const DROP_OBJECTS = new Set(['TABLE', 'TABLES', 'DATABASE', 'SCHEMA', 'VIEW', 'INDEX', 'SEQUENCE', 'TEMPORARY', 'TEMP', 'MATERIALIZED', 'FOREIGN',
  'COLLECTION', 'KEYSPACE', 'USER', 'ROLE', 'OWNED', 'DICTIONARY', 'TABLESPACE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'DOMAIN',
  'EXTENSION', 'EVENT', 'SERVER', 'UNLOGGED', 'MACRO', 'SECRET', 'STREAM', 'SYNONYM', 'PACKAGE']);
// Modifiers between DROP and the object name.
const DROP_SKIP = new Set(['TEMPORARY', 'TEMP', 'MATERIALIZED', 'FOREIGN', 'UNLOGGED', 'IF', 'EXISTS', 'CONCURRENTLY', 'DATA', 'WRAPPER',
  'TEXT', 'SEARCH', 'CONFIGURATION', 'DICTIONARY', 'PARSER', 'TEMPLATE', 'ACCESS', 'METHOD', 'OWNED', 'BY', 'ROW', 'SETTINGS', 'PROFILE', 'NAMED',
  'TABLE', 'TABLES', 'VIEW', 'INDEX', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'DOMAIN', 'EXTENSION', 'EVENT', 'SERVER',
  'COLLECTION', 'KEYSPACE', 'USER', 'ROLE', 'TABLESPACE', 'MACRO', 'SECRET', 'STREAM', 'SYNONYM', 'PACKAGE', 'ROUTINE', 'AGGREGATE', 'CAST',
  'OPERATOR', 'LANGUAGE', 'POLICY', 'RULE', 'PUBLICATION', 'SUBSCRIPTION', 'STATISTICS', 'TRANSFORM', 'GROUP', 'CONVERSION', 'COLLATION']);
// A keyword before which a new command may start inside one statement (procedural bodies, rules).
const CMD_AFTER = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'ATOMIC', 'ANALYZE', 'ANALYSE', 'VERBOSE', 'INSTEAD', 'ALSO', 'DO']);
// ALTER ... DROP of these only removes a property of a column, no data.
const ALTER_DROP_HARMLESS = new Set(['DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION']);

function shorten(s: string): string {
  const t = s.trim().replace(/\s+\n/g, '\n');
  return t.length <= MAX_STATEMENT ? t : `${t.slice(0, MAX_STATEMENT - 1)}…`;
}

class SqlScan {
  hits: Array<SqlHit & { at: number }> = [];
  /** Temporary tables this text created (lower-case name -> how many), when it runs atomically. */
  private temps = new Map<string, number>();
  private searchPath: boolean;
  constructor(private mode: LexMode, private opts: ClassifyOptions = {}) {
    this.searchPath = false;
  }

  run(text: string, base: number, depth: number): void {
    if (/search_path/i.test(text)) this.searchPath = true;
    for (const st of lex(text, this.mode)) this.stmt(st, text, base, depth);
  }

  private hit(kind: SqlKind, st: Stmt, text: string, base: number, object?: string): void {
    this.hits.push({ kind, statement: shorten(text.slice(st.s, st.e)), ...(object ? { object } : {}), at: base + st.s });
  }

  // CREATE [GLOBAL|LOCAL] TEMP|TEMPORARY TABLE [IF NOT EXISTS] name: only when the text stops at
  // its first error, else a CREATE that fails would leave a later DROP to hit the real table.
  private createTemp(t: Tok[], j: number): void {
    // A search_path that lists pg_temp after other schemas makes `DROP TABLE t` find the real t.
    if (!this.opts.atomic || this.searchPath) return;
    while (t[j]?.up === 'GLOBAL' || t[j]?.up === 'LOCAL' || t[j]?.up === 'OR' || t[j]?.up === 'REPLACE') j++;
    if (t[j]?.up !== 'TEMP' && t[j]?.up !== 'TEMPORARY') return;
    j++;
    if (t[j]?.up !== 'TABLE') return;
    j++;
    if (t[j]?.up === 'IF' && t[j + 1]?.up === 'NOT' && t[j + 2]?.up === 'EXISTS') j += 3;
    const name = nameAt(t, j)?.toLowerCase();
    if (name && !name.includes('.')) this.temps.set(name, (this.temps.get(name) ?? 0) + 1);
  }

  private isTemp(t: Tok[], j: number): boolean {
    const name = nameAt(t, j)?.toLowerCase();
    return !!name && (this.temps.get(name) ?? 0) > 0;
  }

  /** DROP TABLE a, b where every name is a temporary table made here; each DROP uses one up. */
  private dropsOnlyTemps(t: Tok[], j: number): boolean {
    const names: string[] = [];
    let k = j;
    for (;;) {
      const name = nameAt(t, k)?.toLowerCase();
      if (!name) return false;
      names.push(name);
      while (t[k] && (t[k]!.k === 'w' || t[k]!.k === 'q' || t[k]!.v === '.')) k++;
      if (t[k]?.v !== ',') break;
      k++;
    }
    const need = new Map<string, number>();
    for (const n of names) need.set(n, (need.get(n) ?? 0) + 1);
    for (const [n, c] of need) if ((this.temps.get(n) ?? 0) < c) return false;
    for (const [n, c] of need) this.temps.set(n, (this.temps.get(n) ?? 0) - c);
    return true;
  }

  private stmt(st: Stmt, text: string, base: number, depth: number): void {
    const t = st.toks;
    const first = t[0]!.up;
    // Plain EXPLAIN only plans; EXPLAIN ANALYZE runs the statement.
    if (first === 'EXPLAIN' && !t.slice(1, 8).some((x) => x.up === 'ANALYZE' || x.up === 'ANALYSE')) return;
    const opensAfterParen = first === 'WITH' || first === 'EXPLAIN';
    const consumed = new Set<number>();
    const cmdPos = (i: number): boolean => {
      if (i === 0) return true;
      const p = t[i - 1]!;
      if (p.k === 'p') return p.v === '(' || p.v === ';' || (p.v === ')' && opensAfterParen);
      // ON CONFLICT ... DO UPDATE is an upsert of one row, not a bare UPDATE.
      return p.k === 'w' && CMD_AFTER.has(p.up) && !(p.up === 'DO' && t.slice(0, i).some((x) => x.up === 'CONFLICT'));
    };
    for (let i = 0; i < t.length; i++) {
      const tok = t[i]!;
      if (tok.k !== 'w' || consumed.has(i)) continue;
      const nx = t[i + 1];
      switch (tok.up) {
        case 'CREATE': {
          if (cmdPos(i)) this.createTemp(t, i + 1);
          break;
        }
        case 'DROP': {
          const atStart = cmdPos(i);
          if (!atStart && !(nx && nx.k === 'w' && DROP_OBJECTS.has(nx.up))) break;
          if (!nx || (nx.k === 'p' && nx.v !== '(')) break;
          let j = i + 1;
          let db = false;
          let table = false;
          while (t[j]?.k === 'w' && DROP_SKIP.has(t[j]!.up)) {
            if (t[j]!.up === 'DATABASE' || t[j]!.up === 'SCHEMA') db = true;
            if (t[j]!.up === 'TABLE') table = true;
            j++;
          }
          if (t[j]?.k === 'w' && (t[j]!.up === 'DATABASE' || t[j]!.up === 'SCHEMA')) { db = true; j++; }
          if (!db && table && this.dropsOnlyTemps(t, j)) break;
          this.hit(db ? 'drop-database' : 'drop', st, text, base, nameAt(t, j));
          break;
        }
        case 'TRUNCATE': {
          if (!cmdPos(i) && nx?.up !== 'TABLE') break;
          if (nx?.k === 'p' && nx.v === '(') break; // MySQL TRUNCATE(x, d) is arithmetic
          let j = i + 1;
          while (t[j]?.k === 'w' && (t[j]!.up === 'TABLE' || t[j]!.up === 'ONLY' || t[j]!.up === 'IF' || t[j]!.up === 'EXISTS')) j++;
          if (this.isTemp(t, j) && t[j + 1]?.v !== ',') break;
          this.hit('truncate', st, text, base, nameAt(t, j));
          break;
        }
        case 'DELETE': {
          let j = i + 1;
          while (t[j]?.k === 'w' && ['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(t[j]!.up)) j++;
          const from = t[j]?.up === 'FROM';
          // MySQL multi-table form: DELETE t1 FROM t1 JOIN t2 ...
          if (!from && !(cmdPos(i) && (t[j]?.k === 'w' || t[j]?.k === 'q') && segmentHas(t, j, 'FROM'))) break;
          if (from) j++;
          while (t[j]?.k === 'w' && t[j]!.up === 'ONLY') j++;
          if (!filters(t, i + 1) && !this.isTemp(t, j)) this.hit('delete-without-where', st, text, base, nameAt(t, j));
          break;
        }
        case 'UPDATE': {
          if (!cmdPos(i) || !segmentHas(t, i + 1, 'SET')) break;
          let j = i + 1;
          while (t[j]?.k === 'w' && ['LOW_PRIORITY', 'IGNORE', 'ONLY'].includes(t[j]!.up)) j++;
          if (t[j]?.up === 'OR' && t[j + 1]) j += 2; // sqlite UPDATE OR REPLACE
          if (!filters(t, i + 1) && !this.isTemp(t, j)) this.hit('update-without-where', st, text, base, nameAt(t, j));
          break;
        }
        case 'ALTER': {
          if (!cmdPos(i)) break;
          let j = i + 1;
          while (t[j]?.k === 'w' && (t[j]!.up === 'ONLINE' || t[j]!.up === 'IGNORE')) j++;
          if (t[j]?.up !== 'TABLE') break;
          j++;
          while (t[j]?.k === 'w' && ['IF', 'EXISTS', 'ONLY'].includes(t[j]!.up)) j++;
          const table = nameAt(t, j);
          let depthP = 0;
          let dropped = false;
          let truncated = false;
          for (let k = j; k < t.length; k++) {
            const x = t[k]!;
            if (x.k === 'p' && x.v === '(') depthP++;
            else if (x.k === 'p' && x.v === ')') { if (depthP === 0) break; depthP--; } else if (x.k === 'p' && x.v === ';') break;
            else if (depthP === 0 && x.k === 'w' && x.up === 'DROP') {
              consumed.add(k);
              if (!ALTER_DROP_HARMLESS.has(t[k + 1]?.up ?? '')) dropped = true;
            } else if (depthP === 0 && x.k === 'w' && x.up === 'TRUNCATE') {
              consumed.add(k);
              truncated = true; // MySQL/ClickHouse ALTER TABLE t TRUNCATE PARTITION p
            }
          }
          if (dropped) this.hit('alter-drop', st, text, base, table);
          if (truncated) this.hit('truncate', st, text, base, table);
          break;
        }
        case 'DO': {
          // Postgres DO runs its body at once: look inside the quoted block.
          if (i !== 0) break;
          if (depth < MAX_DEPTH) for (const x of t.slice(i + 1)) if (x.k === 's') this.run(x.v, base + x.s, depth + 1);
          break;
        }
        case 'EXECUTE':
        case 'EXEC':
        case 'IMMEDIATE':
        case 'FROM': {
          // Dynamic SQL from a literal: EXECUTE 'DROP ...', EXECUTE format('DROP TABLE %I', t), PREPARE s FROM '...'.
          if (tok.up === 'FROM' && t[0]?.up !== 'PREPARE') break;
          let j = i + 1;
          if (t[j]?.up === 'IMMEDIATE') break; // handled at IMMEDIATE
          if (t[j]?.up === 'FORMAT' && t[j + 1]?.v === '(') j += 2;
          const s = t[j];
          if (s?.k === 's' && depth < MAX_DEPTH) this.run(s.v.replace(/%[IsL]/g, 'x'), base + s.s, depth + 1);
          // SQL put together at run time (a variable, 'DROP TABLE ' || name, a format with %s
          // in the verb): what it does can't be read here. Top-level EXECUTE name runs a prepared
          // statement, whose PREPARE was read already.
          const built = s?.k === 's'
            ? concatenated(t, j + 1) || /^\s*%[IsL]/.test(s.v)
            : !!s && (s.v === '(' || s.v === '@' || depth > 0 || tok.up === 'IMMEDIATE' || tok.up === 'FROM');
          if (built) this.hit('dynamic', st, text, base);
          break;
        }
      }
    }
  }
}

/** Whether a DELETE/UPDATE starting at t[from] has a WHERE that can leave rows out. `WHERE 1=1`,
 *  `WHERE true`, `WHERE 1` and `... OR 1=1` keep every row: the same as no WHERE. */
function filters(t: Tok[], from: number): boolean {
  const k = wordAt(t, from, 'WHERE');
  return k >= 0 && !alwaysTrue(clause(t, k + 1));
}

const CLAUSE_END = new Set(['RETURNING', 'ORDER', 'LIMIT', 'GROUP', 'OPTION', 'OUTPUT']);

/** The WHERE condition's tokens: up to the statement's end or a clause that follows it. */
function clause(t: Tok[], from: number): Tok[] {
  const out: Tok[] = [];
  let d = 0;
  for (let k = from; k < t.length; k++) {
    const x = t[k]!;
    if (x.k === 'p' && x.v === '(') d++;
    if (x.k === 'p' && x.v === ')') { if (d === 0) break; d--; }
    if (d === 0 && ((x.k === 'p' && x.v === ';') || (x.k === 'w' && CLAUSE_END.has(x.up)))) break;
    out.push(x);
  }
  return out;
}

/** Split at a top-level keyword (OR, AND). */
function splitAt(e: Tok[], word: string): Tok[][] {
  const parts: Tok[][] = [[]];
  let d = 0;
  for (const x of e) {
    if (x.k === 'p' && x.v === '(') d++;
    if (x.k === 'p' && x.v === ')') d--;
    if (d === 0 && x.k === 'w' && x.up === word) parts.push([]);
    else parts[parts.length - 1]!.push(x);
  }
  return parts;
}

function literal(x: Tok | undefined): string | undefined {
  if (!x) return undefined;
  if (x.k === 'n') return String(Number(x.v));
  if (x.k === 's') return `'${x.v}`;
  if (x.k === 'w' && (x.up === 'TRUE' || x.up === 'FALSE')) return x.up;
  return undefined;
}

/** A condition every row meets: TRUE, a non-zero number, `a = a`, `1 <> 0`, `NOT FALSE`,
 *  `x LIKE '%'`, or an OR with one such branch, or an AND of them. */
function alwaysTrue(e: Tok[]): boolean {
  if (e.length === 0) return false;
  const ors = splitAt(e, 'OR');
  if (ors.length > 1) return ors.some(alwaysTrue);
  const ands = splitAt(e, 'AND');
  // BETWEEN a AND b is one condition, not two.
  if (ands.length > 1 && !e.some((x) => x.up === 'BETWEEN')) return ands.every(alwaysTrue);
  if (e[0]!.v === '(' && e[e.length - 1]!.v === ')' && wraps(e)) return alwaysTrue(e.slice(1, -1));
  const v = e.map((x) => (x.k === 'p' ? x.v : x.k === 'w' ? x.up : literal(x) ?? x.v));
  const one = (x: Tok) => x.k === 'n' ? Number(x.v) !== 0 : x.k === 'w' && x.up === 'TRUE';
  if (e.length === 1) return one(e[0]!) || (e[0]!.k === 's' && /^\s*[1-9]/.test(e[0]!.v));
  if (e.length === 2 && v[0] === 'NOT') return (e[1]!.k === 'n' && Number(e[1]!.v) === 0) || v[1] === 'FALSE';
  if (e.length === 3 && (v[1] === '=' || v[1] === 'LIKE' || v[1] === 'IS')) {
    const [a, b] = [e[0]!, e[2]!];
    if (v[1] === 'LIKE') return b.k === 's' && /^%+$/.test(b.v);
    if (v[1] === 'IS') return v[2] === 'TRUE' && one(a);
    const la = literal(a) ?? (a.k === 'w' || a.k === 'q' ? `id:${a.v.toLowerCase()}` : undefined);
    const lb = literal(b) ?? (b.k === 'w' || b.k === 'q' ? `id:${b.v.toLowerCase()}` : undefined);
    return la !== undefined && la === lb;
  }
  // 1 <> 0, 1 != 2, 2 > 1...
  if (e.length === 4 && e[1]!.k === 'p' && e[2]!.k === 'p') {
    const op = e[1]!.v + e[2]!.v;
    const la = literal(e[0]);
    const lb = literal(e[3]);
    if ((op === '<>' || op === '!=') && la !== undefined && lb !== undefined) return la !== lb;
  }
  if (e.length === 3 && e[0]!.k === 'n' && e[2]!.k === 'n' && (v[1] === '>' || v[1] === '<')) {
    return v[1] === '>' ? Number(e[0]!.v) > Number(e[2]!.v) : Number(e[0]!.v) < Number(e[2]!.v);
  }
  return false;
}

/** Whether e[0] '(' closes at the last token. */
function wraps(e: Tok[]): boolean {
  let d = 0;
  for (let k = 0; k < e.length; k++) {
    if (e[k]!.v === '(' && e[k]!.k === 'p') d++;
    if (e[k]!.v === ')' && e[k]!.k === 'p') { d--; if (d === 0 && k < e.length - 1) return false; }
  }
  return true;
}

/** `'...' || x` (Postgres, MySQL PIPES_AS_CONCAT) or `'...' + @x` (T-SQL): a string built at run time. */
function concatenated(t: Tok[], k: number): boolean {
  const a = t[k];
  return !!a && a.k === 'p' && ((a.v === '|' && t[k + 1]?.v === '|') || a.v === '+');
}

/** Where `word` appears at the nesting level of t[from] before the command's end, or -1. */
function wordAt(t: Tok[], from: number, word: string): number {
  let d = 0;
  for (let k = from; k < t.length; k++) {
    const x = t[k]!;
    if (x.k === 'p') {
      if (x.v === '(') d++;
      else if (x.v === ')') { if (d === 0) return -1; d--; } else if (x.v === ';' && d === 0) return -1;
    } else if (d === 0 && x.k === 'w' && x.up === word) return k;
  }
  return -1;
}

/** Whether `word` appears at the nesting level of t[from] before the command's end. */
function segmentHas(t: Tok[], from: number, word: string): boolean {
  return wordAt(t, from, word) >= 0;
}

/** A possibly qualified name (a.b."c") at t[j]. */
function nameAt(t: Tok[], j: number): string | undefined {
  const parts: string[] = [];
  let k = j;
  while (t[k] && (t[k]!.k === 'w' || t[k]!.k === 'q')) {
    parts.push(t[k]!.v);
    if (t[k + 1]?.k === 'p' && t[k + 1]!.v === '.') k += 2;
    else break;
  }
  return parts.length ? parts.join('.') : undefined;
}

function classifyPlainSql(text: string, opts: ClassifyOptions): SqlHit[] {
  // Postgres and MySQL disagree on backslashes, # and nested comments; a statement either one would
  // run counts, so scan both ways and keep the union.
  const pg = new SqlScan(PG, opts);
  pg.run(text, 0, 0);
  const my = new SqlScan(MY, opts);
  my.run(text, 0, 0);
  // The same statement seen both ways: same place, or same object (a DO body read inside and out).
  const extra = my.hits.filter((h) => !pg.hits.some((p) => p.kind === h.kind && (p.at === h.at || (p.object !== undefined && p.object === h.object))));
  return [...pg.hits, ...extra].map(({ at: _at, ...hit }) => hit);
}

// ------------------------------------------------------------------ Redis

function redisWords(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}

const LUA_FLUSH = /redis\s*\.\s*p?call\s*\(\s*['"](flushall|flushdb)['"]/gi;
const LUA_FLUSH_ONE = new RegExp(LUA_FLUSH.source, 'i');

/** Stands for arguments xargs appends to a redis-cli command at run time. */
const RUNTIME_KEYS = '\u0000';

function classifyRedis(text: string): SqlHit[] {
  const out: SqlHit[] = [];
  for (const line of text.split(/\r?\n/)) {
    const words = redisWords(line);
    const cmd = words[0]?.toUpperCase();
    if (cmd === 'FLUSHALL' || cmd === 'FLUSHDB') out.push({ kind: 'flush', statement: shorten(line) });
    // `redis-cli --scan | xargs redis-cli DEL`: every key a scan finds, named only at run time.
    else if ((cmd === 'DEL' || cmd === 'UNLINK') && words.includes(RUNTIME_KEYS)) out.push({ kind: 'delete-without-where', statement: `${cmd} <keys appended at run time>` });
    else if ((cmd === 'EVAL' || cmd === 'EVAL_RO') && words[1] && LUA_FLUSH_ONE.test(words[1])) out.push({ kind: 'flush', statement: shorten(line) });
  }
  // A Lua script file (redis-cli --eval) calls commands through redis.call.
  if (out.length === 0) for (const m of text.matchAll(LUA_FLUSH)) out.push({ kind: 'flush', statement: shorten(lineAt(text, m.index)) });
  return out;
}

// ------------------------------------------------------------------ Mongo

/** Same-length copy of JS source with comments blanked and string bodies filled, so regexes see code only. */
function maskJs(text: string): string {
  const out = text.split('');
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < n && text[j] !== ch) {
        if (text[j] === '\\') { out[j] = '_'; j++; }
        if (j < n) out[j] = '_';
        j++;
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  return out.join('');
}

function lineAt(text: string, at: number): string {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  const e = text.indexOf('\n', at);
  return text.slice(s, e < 0 ? text.length : e);
}

function unquoteJs(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

function classifyMongo(text: string): SqlHit[] {
  const m = maskJs(text);
  const out: SqlHit[] = [];
  const add = (kind: SqlKind, at: number, object?: string) => out.push({ kind, statement: shorten(lineAt(text, at)), ...(object ? { object } : {}) });
  const STR = String.raw`(?:"[^"\n]*"|'[^'\n]*'|\x60[^\x60]*\x60)`;
  for (const x of m.matchAll(/\.\s*dropDatabase\s*\(/g)) {
    const before = m.slice(0, x.index);
    const sib = new RegExp(String.raw`getSiblingDB\s*\(\s*(${STR})\s*\)\s*$`).exec(before);
    add('drop-database', x.index, sib ? unquoteJs(text.slice(sib.index + sib[0].indexOf(sib[1]!), sib.index + sib[0].indexOf(sib[1]!) + sib[1]!.length)) : undefined);
  }
  for (const x of m.matchAll(/\.\s*drop\s*\(/g)) {
    const before = m.slice(0, x.index);
    let object: string | undefined;
    const get = new RegExp(String.raw`(?:getCollection\s*\(\s*|\[\s*)(${STR})\s*[)\]]\s*$`).exec(before);
    const dot = /\bdb\s*\.\s*([A-Za-z_$][\w$]*)\s*$/.exec(before);
    if (get) {
      const s = get.index + get[0].indexOf(get[1]!);
      object = unquoteJs(text.slice(s, s + get[1]!.length));
    } else if (dot) object = dot[1];
    add('drop', x.index, object);
  }
  // runCommand({ dropDatabase: 1 }) / runCommand({ drop: "users" }); keys may be quoted.
  for (const x of m.matchAll(new RegExp(String.raw`\b(?:runCommand|adminCommand)\s*\(\s*\{\s*([A-Za-z_$][\w$]*|${STR})\s*:\s*(${STR})?`, 'g'))) {
    const keyAt = x.index + x[0].indexOf(x[1]!);
    const rawKey = text.slice(keyAt, keyAt + x[1]!.length);
    const key = /^['"`]/.test(rawKey) ? unquoteJs(rawKey) : rawKey;
    if (key === 'dropDatabase') add('drop-database', x.index);
    else if (key === 'drop') {
      const valAt = x[2] ? x.index + x[0].lastIndexOf(x[2]) : -1;
      add('drop', x.index, valAt >= 0 ? unquoteJs(text.slice(valAt, valAt + x[2]!.length)) : undefined);
    }
  }
  const coll = (before: string): string | undefined => /\bdb\s*\.\s*([A-Za-z_$][\w$]*)\s*$/.exec(before)?.[1];
  for (const x of m.matchAll(/\.\s*(deleteMany|remove)\s*\(\s*(?:\{\s*\}\s*)?[,)]/g)) add('delete-without-where', x.index, coll(m.slice(0, x.index)));
  for (const x of m.matchAll(/\.\s*updateMany\s*\(\s*\{\s*\}\s*,/g)) add('update-without-where', x.index, coll(m.slice(0, x.index)));
  return out;
}

/** Destructive statements in `text`. Strings, quoted identifiers and comments never count. */
export function classifySql(text: string, dialect: SqlDialect = 'sql', opts: ClassifyOptions = {}): SqlHit[] {
  if (dialect === 'redis') return classifyRedis(text);
  if (dialect === 'mongo') return classifyMongo(text);
  return classifyPlainSql(text, opts);
}
