// Where a database client's SQL (or Redis/Mongo command text) comes from: its options, the files
// they name, stdin, and the files the text itself pulls in (psql \\i, mysql source, sqlite .read).
import { dirname, isAbsolute, resolve } from 'node:path';
import { elsewhere, originOf, showOrigin, type Invocation, type Origin, type Word } from '../../parse/index.js';
import { readBounded, type Read } from '../files.js';
import { BUILTIN, readItems, type Payload } from '../../programs/index.js';
import { clientOf, parseOpts, SPECS, type Client, type Item } from './options.js';
import { RUNTIME_KEYS } from './redis.js';
import type { SqlDialect, SqlSource } from './types.js';

/** Programs whose payload the SQL reader reads (the registry's `payload.client`). */
export const SQL_CLIENTS: string[] = Object.entries(BUILTIN).flatMap(([name, spec]) => (spec.payload?.client ? [name] : []));

/** How deep included files may nest. */
const MAX_DEPTH = 4;

type Want =
  | { t: 'text'; word: Word; from: string; dialect: SqlDialect }
  | { t: 'file'; word: Word; from: string; dialect: SqlDialect }
  | { t: 'stdin'; dialect: SqlDialect };

function label(opt: string): string {
  return opt.length === 1 ? `-${opt}` : `--${opt}`;
}

type Opt = { opt: string; value?: Word };

/** What a client will read, in order; `stdin` until an option says it reads something else. */
interface Reads { out: Want[]; stdin: boolean }

/** What each client reads, in order, before any file or stdin is opened: the options its registry
 *  payload names, then its positionals; `stdin` until an option says it reads something else. */
function wants(client: Client, payload: Payload, items: Item[], loop = false): Want[] {
  const opts = items.filter((i): i is Opt => 'opt' in i);
  const pos = items.filter((i): i is { pos: Word } => 'pos' in i).map((i) => i.pos);
  if (client === 'redis-cli') return redisWants(opts, pos, loop);
  // sqlite3/duckdb archive mode (-A): not SQL.
  if (SPECS[client].singleDashLong && opts.some((o) => o.opt === 'A' || o.opt === 'archive')) return [];
  const dialect: SqlDialect = client === 'mongosh' ? 'mongo' : 'sql';
  const r: Reads = { out: [], stdin: !!payload.stdin };
  const has = (list: string[] | undefined, name: string): boolean => !!list?.includes(name);
  for (const o of opts) {
    const name = optName(client, o.opt);
    if (has(payload.flags, name)) text(r, o.value, name, true, dialect);
    else if (has(payload.files, name)) file(r, o.value, name, true, dialect);
    else if (has(payload.before, name)) text(r, o.value, name, false, dialect);
    else if (has(payload.beforeFiles, name)) file(r, o.value, name, false, dialect);
  }
  if (payload.args !== undefined) for (const p of pos.slice(payload.args)) text(r, p, 'argument', true, dialect);
  // mongosh runs the .js files named as arguments.
  if (client === 'mongosh') for (const p of pos) if (/\.js$/i.test(p.value)) file(r, p, 'script', true, dialect);
  if (r.stdin) r.out.push({ t: 'stdin', dialect });
  return r.out;
}

/** The long options (no dashes) that carry a payload: what an abbreviation may stand for. */
function payloadLongs(p: Payload): string[] {
  return [...(p.flags ?? []), ...(p.files ?? []), ...(p.before ?? []), ...(p.beforeFiles ?? [])].filter((o) => o.startsWith('--')).map((o) => o.slice(2));
}

/** An option as the registry's payload names it: `-c`, `--command`; `-cmd` for sqlite3 and duckdb. */
function optName(client: Client, opt: string): string {
  return SPECS[client].singleDashLong ? `-${opt}` : label(opt);
}

/** SQL text given on the command line; `alone` when it replaces stdin. */
function text(r: Reads, word: Word | undefined, from: string, alone: boolean, dialect: SqlDialect = 'sql'): void {
  if (word) r.out.push({ t: 'text', word, from, dialect });
  if (alone) r.stdin = false;
}

/** A file of SQL; '-' and /dev/stdin are stdin. */
function file(r: Reads, word: Word | undefined, from: string, alone: boolean, dialect: SqlDialect = 'sql'): void {
  if (alone) r.stdin = false;
  if (!word) return;
  if (word.value === '-' || word.value === '/dev/stdin') r.out.push({ t: 'stdin', dialect });
  else r.out.push({ t: 'file', word, from: `${from} ${word.value}`, dialect });
}

function redisWants(opts: Opt[], pos: Word[], loop: boolean): Want[] {
  const out: Want[] = [];
  const cluster = opts.find((o) => o.opt === 'cluster');
  const script = opts.find((o) => o.opt === 'eval');
  const pipe = opts.some((o) => o.opt === 'pipe');
  if (script) return script.value ? [{ t: 'file', word: script.value, from: `--eval ${script.value.value}`, dialect: 'redis' }] : [];
  if (cluster) {
    // `--cluster call HOST:PORT CMD ARGS...` runs CMD on every node; other subcommands manage slots.
    const all = [cluster.value, ...pos].filter((w): w is Word => !!w);
    if (all[0]?.value === 'call' && all.length > 2) out.push({ t: 'text', word: joinRedis(all.slice(2), loop), from: '--cluster call', dialect: 'redis' });
    return out;
  }
  if (pos.length > 0) {
    out.push({ t: 'text', word: joinRedis(pos, loop), from: 'arguments', dialect: 'redis' });
    if (!pipe) return out;
  }
  // -x feeds stdin as the last argument of the command, which is data, not commands.
  if (opts.some((o) => o.opt === 'x') && pos.length > 0) return out;
  out.push({ t: 'stdin', dialect: 'redis' });
  return out;
}

/** redis-cli argv as one command line; only the command word decides, so dynamic data words are
 *  fine, except an unquoted command substitution (`DEL $(redis-cli KEYS '*')`): the shell splits
 *  its output into any number of keys, named only at run time. So is any key only known at run
 *  time inside a loop (`redis-cli KEYS 'x:*' | while read -r k; do redis-cli DEL "$k"; done`):
 *  one delete per key a listing names. */
function joinRedis(words: Word[], loop: boolean): Word {
  const many = (w: Word, k: number): boolean => k > 0 && w.dynamic && (loop || /^(\$\(|`)/.test(w.text));
  const value = words.map((w, k) => (many(w, k) ? RUNTIME_KEYS : /[\s"'\\]/.test(w.value) || w.value === '' ? JSON.stringify(w.value) : w.value)).join(' ');
  return { value, dynamic: words[0]!.dynamic, glob: false, text: words.map((w) => w.text).join(' ') };
}

/** Where the client opens the files it names: null when on this machine, where a file missing now
 *  that nothing on the line may make means the client finds none either; a reason when it opens
 *  them on another host or in a container, whose files can't be seen here. */
export type Place = { away?: string; final: boolean };

export function placeOf(inv: Invocation): Place {
  return placeAt(inv.origin, inv.cwd);
}

function placeAt(origin: readonly Origin[], cwd: string | undefined): Place {
  const box = originOf(origin, 'container');
  const away = elsewhere(origin) ?? (box && !box.mounts ? showOrigin(box) : undefined);
  if (away) return { away, final: false };
  // A container with host directories mounted sees them (paths rewritten to the host's), but
  // its other files are its own.
  return { final: cwd !== undefined && !box };
}

function readWord(w: Word, cwd: string | undefined, place: Place, base?: string): Read {
  if (w.dynamic) return { unknown: `the file name ${w.text} is only known at run time` };
  if (place.away) return { unknown: `${w.value} is read ${place.away.startsWith('on ') || place.away.startsWith('inside') ? place.away : `inside the container (${place.away})`}, where its content can't be seen` };
  return readBounded(w.value, cwd, base, place.final);
}


export function stdinSource(inv: Invocation): { text: string; from: string; absent?: true } | { unknown: string } | undefined {
  return stdinFrom(inv, placeOf(inv));
}

function stdinFrom(inv: Invocation, place: Place): { text: string; from: string; absent?: true } | { unknown: string } | undefined {
  // `psql < <(echo 'SELECT 1')`: what the process substitution prints, as if piped.
  const s = inv.stdin?.kind === 'file' && inv.stdin.procSub ? inv.stdin.procSub : inv.stdin;
  if (!s) return undefined;
  switch (s.kind) {
    case 'heredoc': return { text: s.text, from: 'heredoc' };
    case 'herestring': return s.dynamic ? { unknown: 'the here-string is only known at run time' } : { text: s.text, from: 'here-string' };
    case 'pipe': {
      if (s.text !== undefined) return { text: s.text, from: `stdin from ${s.from}` };
      const cat = catOf(s);
      if (cat) {
        // `cat q.sql | psql`: the file, read where cat runs (as `psql < q.sql`).
        const r = readWord(cat.argv[1]!, cat.cwd, placeOf(cat));
        return 'text' in r ? { ...r, from: `stdin from cat ${cat.argv[1]!.value}` } : r;
      }
      const dump = plainDump(inv, s);
      return dump ? { text: '', from: `stdin from ${s.from} (${dump})` } : { unknown: `stdin is piped from ${s.from}` };
    }
    case 'file': {
      // A redirect written on an outer command opens the file where that command runs: `ssh host
      // psql < x.sql` here (relative to this directory), `ssh host 'docker exec -i c psql < x.sql'`
      // on host.
      const own = inv.redirects.some((r) => r.op.startsWith('<') && r.target === s.path);
      const r = own || !s.at ? readWord(s.path, inv.cwd, place) : readWord(s.path, s.at.cwd, placeAt(s.at.origin, s.at.cwd));
      return 'text' in r ? { ...r, from: `< ${s.path.value}` } : r;
    }
  }
}

/** `cat FILE |` alone: one file named by a plain word, no option, nothing else the element ran,
 *  its output not redirected nor joined by stderr. */
function catOf(s: Extract<NonNullable<Invocation['stdin']>, { kind: 'pipe' }>): Invocation | undefined {
  const p = s.producer;
  if (!p || !s.system || s.stderr || p.name !== 'cat' || p.via || p.opaque || p.argv.length !== 2 || p.argv[0]!.dynamic) return undefined;
  if (s.ran && (s.ran.length !== 1 || s.ran[0] !== p)) return undefined;
  const f = p.argv[1]!;
  if (f.dynamic || f.glob || f.value.startsWith('-') || p.redirects.length) return undefined;
  return p;
}

/** Why what a dump tool pipes into this client creates and fills only (registry `prints-sql`):
 *  the pipe carries the tool's stdout alone, run directly or through runners that pass it on
 *  (registry `passes-stdout`: `ssh db1 pg_dump app`), its options known and none of them one
 *  that adds DROP statements or picks another format. */
function plainDump(inv: Invocation, s: Extract<NonNullable<Invocation['stdin']>, { kind: 'pipe' }>): string | undefined {
  if (!s.producer || s.stderr) return undefined;
  // What the element ran: the tool alone, or runners each running the next, the tool last.
  const ran = s.ran?.length ? s.ran : [s.producer];
  const p = ran[ran.length - 1]!;
  const spec = BUILTIN[p.name]?.['prints-sql'];
  if (ran[0] !== s.producer || !spec || !spec.clients.includes(inv.name) || p.argv[0]?.dynamic || (ran.length === 1 && p.via)) return undefined;
  if (!ran.slice(0, -1).every((r, k) => passesStdout(r, ran[k + 1]!))) return undefined;
  // `2>&1`, `&>`, `>&2`: stderr joins stdout, or stdout is sent somewhere the line doesn't say.
  if (ran.some((r) => r.redirects.some((d) => d.op.includes('&')))) return undefined;
  // A unique prefix of a long option is that option (getopt_long): `--cle` is --clean.
  const names = (opt: string, list: string[]): boolean => list.includes(opt) || (opt.startsWith('--') && opt.length > 3 && list.some((l) => l.startsWith(opt)));
  for (const it of readItems(p.argv.slice(1), BUILTIN[p.name])) {
    // An unquoted word known only at run time may split into options (`pg_dump $ARGS app`).
    if ('pos' in it) {
      if (it.pos.dynamic && !it.pos.text.startsWith('"')) return undefined;
      continue;
    }
    if (it.word.dynamic) return undefined;
    if (names(it.opt, spec.drops)) return undefined;
    if (spec.format && names(it.opt, spec.format.options) && (!it.value || it.value.dynamic || !spec.format.plain.includes(it.value.value))) return undefined;
  }
  return `a plain ${p.name} without ${spec.drops.filter((d) => d.startsWith('--')).join(' or ')}: it creates and fills, and drops nothing`;
}

/** `runner` runs `next` and its stdout is next's alone: a wrapper peeled to it, or the machine
 *  or container it runs on; no terminal given (that mixes stderr in), the subcommand that runs. */
function passesStdout(runner: Invocation, next: Invocation): boolean {
  const spec = BUILTIN[runner.name]?.['passes-stdout'];
  if (!spec || runner.argv.some((w) => w.dynamic && !w.text.startsWith('"'))) return false;
  const through = next.via === runner || (runner.name === 'ssh' && !next.via && next.origin.some((o) => typeof o !== 'string' && o.kind === 'ssh'));
  if (!through) return false;
  if (spec.sub && !runner.argv.slice(1).some((w) => spec.sub!.includes(w.value))) return false;
  // Words after `--` are the command's (`kubectl exec POD -- pg_dump -t users`).
  const own = runner.argv.findIndex((w) => w.value === '--');
  const items = readItems(runner.argv.slice(1, own < 0 ? undefined : own), BUILTIN[runner.name]);
  return !items.some((it) => 'opt' in it && (spec.tty ?? []).includes(it.opt));
}

// Client commands that pull in another file: psql \i and \ir, mysql source and \., sqlite .read.
const INCLUDES: Partial<Record<Client, RegExp>> = {
  psql: /^[ \t]*\\(i|ir|include|include_relative)[ \t]+('[^'\n]*'|\S+)/gm,
  cockroach: /^[ \t]*\\(i|ir)[ \t]+('[^'\n]*'|\S+)/gm,
  mysql: /^[ \t]*(source|\\\.)[ \t]+([^\s;]+)/gim,
  sqlite3: /^[ \t]*(\.re(?:ad?)?)[ \t]+('[^'\n]*'|"[^"\n]*"|\S+)/gm,
  duckdb: /^[ \t]*(\.re(?:ad?)?)[ \t]+('[^'\n]*'|"[^"\n]*"|\S+)/gm,
};

// Client commands that run something we can't classify as SQL: shell escapes, and psql \gexec,
// which runs each result of a query as a statement. sqlite3 and duckdb take any prefix of a dot
// command (`.sh CMD`, `.sy CMD`, `.on |CMD`: rt27fp1).
const ESCAPES: Partial<Record<Client | 'psql-pipe', RegExp>> = {
  // psql backslash commands may follow the query on the same line: SELECT ... \gexec
  psql: /(?:^|\s)\\(gexec|!)(.*)$/m,
  // \o |cmd, \g |cmd, \w |cmd send output to a shell command; \copy ... PROGRAM runs one.
  'psql-pipe': /(?:^|\s)\\(o|out|g|gx|w|write)[ \t]*\|(.*)$|^[ \t]*\\copy\b.*\bprogram\b(.*)$/im,
  cockroach: /(?:^|\s)\\(!)(.*)$/m,
  mysql: /^[ \t]*(\\!|system)[ \t](.*)$/im,
  sqlite3: /^[ \t]*\.(sh(?:e(?:ll?)?)?|sy(?:s(?:t(?:em?)?)?)?)[ \t](.*)$|^[ \t]*\.(o(?:n(?:ce?)?|u(?:t(?:p(?:ut?)?)?)?)?|im(?:p(?:o(?:rt?)?)?)?)(?:[ \t]+-[-\w]+)*[ \t]+['"]?\|(.*)$/m,
  duckdb: /^[ \t]*\.(sh(?:e(?:ll?)?)?|sy(?:s(?:t(?:em?)?)?)?)[ \t](.*)$|^[ \t]*\.(o(?:n(?:ce?)?|u(?:t(?:p(?:ut?)?)?)?)?|im(?:p(?:o(?:rt?)?)?)?)(?:[ \t]+-[-\w]+)*[ \t]+['"]?\|(.*)$/m,
};

function addText(out: SqlSource[], client: Client, text: string, from: string, dialect: SqlDialect, cwd: string | undefined, dir: string | undefined, depth: number, place: Place, vars?: Map<string, string>): string | undefined {
  const own = client === 'psql' && dialect === 'sql' ? psqlScript(text, vars ?? new Map()) : text;
  if (own === undefined) return 'a psql variable is set from a shell command (\\set with backquotes)';
  out.push({ text: own, from, dialect });
  const esc = dialect === 'sql' ? (ESCAPES[client]?.exec(text) ?? (client === 'psql' ? ESCAPES['psql-pipe']!.exec(text) : null)) : null;
  if (esc) return esc[1] === 'gexec' ? 'psql \\gexec runs SQL built from query results' : `${esc[0].trim().slice(0, 80)} runs a shell command`;
  const re = INCLUDES[client];
  if (!re || dialect !== 'sql') return undefined;
  for (const m of text.matchAll(re)) {
    let p = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
    if (p.startsWith('|')) return `${m[1]} runs the command ${p.slice(1)}`;
    if (depth >= MAX_DEPTH) return `${m[1]} ${p}: includes nest too deep`;
    const relative = m[1] === 'ir' || m[1] === 'include_relative';
    if (p.startsWith('~/') && process.env.HOME) p = resolve(process.env.HOME, p.slice(2));
    const r = readWord({ value: p, text: p, dynamic: false, glob: false }, cwd, place, relative ? dir : undefined);
    if ('unknown' in r) return r.unknown;
    if (r.absent) {
      out.push({ text: '', from: `${m[1]} ${p}`, dialect, absent: true });
      continue;
    }
    const full = isAbsolute(p) ? p : resolve((relative ? dir : cwd) ?? '/', p);
    const bad = addText(out, client, r.text, `${m[1]} ${p}`, dialect, cwd, dirname(full), depth + 1, place, vars);
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
  const items = parseOpts(c.args, SPECS[c.client], payloadLongs(c.payload));
  const stops = /search_path/i.test(inv.vars.PGOPTIONS ?? '') ? 'none' : stopsOnError(c.client, items);
  const loop = inv.origin.some((o) => o === 'for' || o === 'while' || o === 'until');
  const place = placeOf(inv);
  const vars = c.client === 'psql' ? psqlVars(items) : undefined;
  for (const w of wants(c.client, c.payload, items, loop)) {
    if (w.t === 'text') {
      if (w.word.dynamic) return { unknown: `${w.from} ${w.word.text} is only known at run time` };
      const more = c.client === 'redis-cli' && inv.moreArgs && w.from === 'arguments' ? ` ${RUNTIME_KEYS}` : '';
      const start = out.length;
      const bad = addText(out, c.client, w.word.value + more, w.from, w.dialect, inv.cwd, inv.cwd, 0, place, vars);
      if (bad) return { unknown: bad };
      if (stops === 'all' || (stops === 'text' && /^(-c|--command|-e|--execute|argument)$/.test(w.from))) out[start]!.atomic = true;
      if (stops === 'all') out[start]!.session = true;
    } else if (w.t === 'file') {
      const r = readWord(w.word, inv.cwd, place);
      if ('unknown' in r) return r;
      if (r.absent) {
        out.push({ text: '', from: w.from, dialect: w.dialect, absent: true });
        continue;
      }
      const full = isAbsolute(w.word.value) ? w.word.value : resolve(inv.cwd ?? '/', w.word.value);
      const start = out.length;
      const bad = addText(out, c.client, r.text, w.from, w.dialect, inv.cwd, dirname(full), 1, place, vars);
      if (bad) return { unknown: bad };
      if (stops === 'all') out[start]!.atomic = out[start]!.session = true;
    } else {
      const s = stdinFrom(inv, place);
      if (!s) continue; // a terminal: interactive, nothing to check now
      if ('unknown' in s) return s;
      if (s.absent) {
        out.push({ text: '', from: s.from, dialect: w.dialect, absent: true });
        continue;
      }
      const start = out.length;
      const bad = addText(out, c.client, s.text, s.from, w.dialect, inv.cwd, inv.cwd, 0, place, vars);
      if (bad) return { unknown: bad };
      if (stops === 'all') out[start]!.atomic = out[start]!.session = true;
    }
  }
  return out;
}

/** psql's variables from its options: -v NAME=VALUE, --set, --variable. */
function psqlVars(items: Item[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const i of items) {
    if (!('opt' in i) || !['v', 'set', 'variable'].includes(i.opt) || !i.value || i.value.dynamic) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(i.value.value);
    if (m) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

/** What psql sends of a script: its own backslash commands (`\set ON_ERROR_STOP on`, `\x`,
 *  `\timing`) run to the end of their line and are not SQL, `\g` ends a query as `;` does, and
 *  `:name`, `:'name'`, `:"name"` are replaced by what `\set name …` or -v name=… holds (psql
 *  interpolates before the server sees the text). `vars` carries the variables from one text to
 *  the next (-c, -f, stdin in order). Undefined when a variable is set from a shell command. */
export function psqlScript(text: string, vars: Map<string, string>): string | undefined {
  if (!text.includes('\\') && !text.includes(':')) return text;
  let dynamic = false;
  const out = text.split('\n').map((line) => {
    const m = /^[ \t]*\\([A-Za-z!?]+)(.*)$/.exec(line);
    if (m) {
      if (m[1] === 'set') {
        const a = /^[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(.*)$/.exec(m[2]!);
        if (a) {
          const value = psqlArgs(a[2]!);
          if (value === undefined) dynamic = true;
          else vars.set(a[1]!, value);
        }
      } else if (m[1] === 'unset') {
        vars.delete(m[2]!.trim());
      }
      return /^g(x)?$/.test(m[1]!) ? ';' : '';
    }
    // A query ended by \g on its own line's end.
    const line2 = line.replace(/\\gx?[ \t]*$/, ';');
    return vars.size ? interpolate(line2, vars) : line2;
  });
  return dynamic ? undefined : out.join('\n');
}

/** The value `\set` gives: its arguments joined, 'quoted' ones unquoted. Undefined for a
 *  `backquoted` shell command. */
function psqlArgs(rest: string): string | undefined {
  if (rest.includes('`')) return undefined;
  let v = '';
  for (const m of rest.matchAll(/'((?:[^']|'')*)'|(\S+)/g)) v += m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!;
  return v;
}

/** `:name` -> value, `:'name'` -> a quoted literal, `:"name"` -> a quoted identifier, for the
 *  variables psql knows; `::type` casts and unknown names stay. */
function interpolate(line: string, vars: Map<string, string>): string {
  return line.replace(/(?<![:\w]):(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*))/g, (all, lit?: string, ident?: string, bare?: string) => {
    const name = lit ?? ident ?? bare!;
    const v = vars.get(name);
    if (v === undefined) return all;
    if (lit !== undefined) return `'${v.replace(/'/g, "''")}'`;
    if (ident !== undefined) return `"${v.replace(/"/g, '""')}"`;
    return v;
  });
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
  // sqlite3 runs each SQL argument until its first error (checked with sqlite3 3.x); stdin and
  // -init files go on line by line.
  if (client === 'sqlite3') return 'text';
  return 'none';
}
