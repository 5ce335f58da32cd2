// The program registry: one entry per program, as data (see types.ts). The builtin entries are TS
// data (builtin.ts, with the parse side's block parsing.ts merged in); packs' `commands:` and the
// team's `programs:` add to them. Parse, rules and targets read
// programs through here and read argv with the one option reader (read.ts).
import { BUILTIN, builtinSelects, type Selects } from './builtin.js';
import { mergeGrammar, mergeProgram } from './merge.js';
import type { Acts, OptionGrammar, ProgramSpec, Registry, WrapperSpec } from './types.js';
import { own } from '../own.js';

export { mergeGrammar, mergeProgram };
export type { Acts, Injects, OptionGrammar, OptionItem, PackageScripts, ParseSpec, Payload, PrintsSql, ProgramSpec, ProjectDsl, Registry, WrapperSpec } from './types.js';
export { canonical, findRoots, readItems, readLeading, readOptions, type Options } from './read.js';
export { BUILTIN, builtinSelects, type Selects };
export { CAPITAL_NAMES, CAPITAL_WORD, shellVariant } from './links.js';

const GLOB = /[*?[]/;

function globTest(p: string): (s: string) => boolean {
  const re = new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (s) => re.test(s);
}

interface Index {
  aliases: Map<string, ProgramSpec>;
  globs: Array<[(s: string) => boolean, ProgramSpec]>;
}
const indexes = new WeakMap<Registry, Index>();

function indexOf(reg: Registry): Index {
  let idx = indexes.get(reg);
  if (idx) return idx;
  idx = { aliases: new Map(), globs: [] };
  for (const [k, v] of Object.entries(reg)) {
    for (const a of v.aliases ?? []) if (!idx.aliases.has(a)) idx.aliases.set(a, v);
    if (GLOB.test(k)) idx.globs.push([globTest(k), v]);
  }
  indexes.set(reg, idx);
  return idx;
}

/** An entry of one registry: the program's own, one that lists it as an alias, or a glob key. */
export function lookup(name: string, reg: Registry): ProgramSpec | undefined {
  if (Object.hasOwn(reg, name)) return reg[name];
  const idx = indexOf(reg);
  return idx.aliases.get(name) ?? idx.globs.find(([t]) => t(name))?.[1];
}

const merged = new WeakMap<Registry, Map<string, ProgramSpec | null>>();

/** A program's entry: the builtin one with the loaded config's entries (`overlay`) added. */
export function programFor(name: string, overlay?: Registry): ProgramSpec | undefined {
  const own = lookup(name, BUILTIN);
  if (!overlay) return own;
  let cache = merged.get(overlay);
  if (!cache) merged.set(overlay, (cache = new Map()));
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const add = lookup(name, overlay);
  const spec = own && add ? mergeProgram(own, add) : (own ?? add);
  cache.set(name, spec ?? null);
  return spec;
}

/** The option grammar after a subcommand word (`gh api`): the program's own plus the subcommand's. */
export function grammarFor(spec: ProgramSpec | undefined, sub: string | undefined): OptionGrammar | undefined {
  const g = sub !== undefined ? own(spec?.subcommands, sub) : undefined;
  if (!spec || !g) return spec;
  // Cached, so the reader compiles each merged grammar once.
  let bySub = subGrammars.get(spec);
  if (!bySub) subGrammars.set(spec, (bySub = new Map()));
  let m = bySub.get(sub!);
  if (!m) bySub.set(sub!, (m = mergeGrammar(spec, g)));
  return m;
}
const subGrammars = new WeakMap<ProgramSpec, Map<string, OptionGrammar>>();

/** Where a builtin program acts (its kind and engine). Only the builtin entries: a team's
 *  `acts` is read by its declared environment sources (targets/acts.ts), not a builtin resolver. */
export function builtinActs(name: string): Acts | undefined {
  return lookup(name, BUILTIN)?.acts;
}

/** The wrapping grammar of a program, from the builtin registry and `overlay`. */
export function wrapperFor(name: string, overlay?: Registry): WrapperSpec | undefined {
  const w = programFor(name, overlay)?.wraps;
  return w?.ownOptions ? withOwnOptions(name, w) : w;
}

/** `ownOptions`: the builtin entry's value options join the wrapper's (cached per spec). */
function withOwnOptions(name: string, w: WrapperSpec): WrapperSpec {
  let out = ownOptions.get(w);
  if (!out) ownOptions.set(w, (out = { ...w, withArg: [...new Set([...(w.withArg ?? []), ...(lookup(name, BUILTIN)?.['value-options'] ?? [])])] }));
  return out;
}
const ownOptions = new WeakMap<WrapperSpec, WrapperSpec>();
