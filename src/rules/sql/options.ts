// Which database client an invocation runs (the registry's `payload.client`), and its options read
// the way that client reads them (getopt-like, per-client tables of the options that take values).
import type { Invocation, Word } from '../../parse/index.js';
import { BUILTIN, type Payload } from '../../programs/index.js';

export type Client = 'psql' | 'mysql' | 'sqlite3' | 'duckdb' | 'mongosh' | 'redis-cli' | 'clickhouse' | 'cockroach';

/** The client an invocation runs, from its registry `payload` (src/programs/builtin.ts). */
export function clientOf(inv: Invocation): { client: Client; args: Word[]; payload: Payload } | undefined {
  const payload = Object.hasOwn(BUILTIN, inv.name) ? BUILTIN[inv.name]!.payload : undefined;
  if (!payload?.client || !Object.hasOwn(SPECS, payload.client)) return undefined;
  const args = inv.argv.slice(1);
  if (payload.sub === undefined) return { client: payload.client as Client, args, payload };
  return args[0]?.value === payload.sub ? { client: payload.client as Client, args: args.slice(1), payload } : undefined;
}

export interface OptSpec {
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
  /** A unique prefix of a long option names it (psql's getopt_long; MariaDB's mysql). Resolved only
   *  toward the options that carry the payload (parseOpts' `abbrevTo`): the client's other long
   *  options aren't all listed, and `--compress` must not become `--compression-algorithms`. */
  abbrev?: boolean;
  /** `--loose-NAME` is NAME (MySQL and MariaDB programs). */
  loose?: boolean;
}

/** A long option's name as the client reads it: `loose-execute`, `comm` -> `execute`, `command`. */
function longName(name: string, spec: OptSpec, abbrevTo: readonly string[]): string {
  const n = spec.loose && name.startsWith('loose-') ? name.slice(6) : name;
  if (!spec.abbrev || spec.longVal?.includes(n)) return n;
  const hits = abbrevTo.filter((full) => full.startsWith(n));
  return hits.length === 1 ? hits[0]! : n;
}

export type Item = { opt: string; value?: Word } | { pos: Word };

function attached(w: Word, value: string): Word {
  return { value, dynamic: w.dynamic, glob: false, text: w.text };
}

/** getopt-like walk. Unknown options are taken as flags. `abbrevTo`: the long names (no dashes) a
 *  prefix may stand for, where the client takes prefixes. */
export function parseOpts(args: Word[], spec: OptSpec, abbrevTo: readonly string[] = []): Item[] {
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
      const given = eq < 0 ? body : body.slice(0, eq);
      const name = spec.singleDashLong ? given : longName(given, spec, abbrevTo);
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

/** A getopt client's options from its registry grammar: short and long value options, attached ones. */
function grammarSpec(name: string): OptSpec {
  const g = BUILTIN[name];
  const v = g?.['value-options'] ?? [];
  const short = (opts: string[]): string => opts.filter((o) => /^-[^-]$/.test(o)).map((o) => o[1]).join('');
  return { shortVal: short(v), shortAttached: short(g?.['attached-options'] ?? []), longVal: v.filter((o) => o.startsWith('--')).map((o) => o.slice(2)) };
}

/** A single-dash client's options from its registry grammar (value options; those of two values). */
function singleDashSpec(name: string): OptSpec {
  const g = BUILTIN[name];
  const bare = (opts: string[]): string[] => [...new Set(opts.map((o) => o.replace(/^--?/, '')))];
  return { singleDashLong: true, longVal: bare(g?.['value-options'] ?? []), twoVal: bare(Object.entries(g?.['value-counts'] ?? {}).flatMap(([o, n]) => (n === 2 ? [o] : []))) };
}

// Per client: the options that take values, from the registry's grammars (src/programs/builtin.ts,
// parsing.ts), the ones the rules and target readers use too; which carry SQL is its `payload`.
export const SPECS: Record<Client, OptSpec> = {
  psql: { ...grammarSpec('psql'), abbrev: true },
  mysql: { ...grammarSpec('mysql'), abbrev: true, loose: true },
  sqlite3: singleDashSpec('sqlite3'),
  duckdb: singleDashSpec('duckdb'),
  mongosh: grammarSpec('mongosh'),
  // redis-cli: everything from its first positional on is the command.
  'redis-cli': { ...grammarSpec('redis-cli'), stopAtPositional: true },
  clickhouse: grammarSpec('clickhouse-client'),
  cockroach: grammarSpec('cockroach'),
};
