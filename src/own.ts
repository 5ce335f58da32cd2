// Lookup tables keyed by text an agent or a team wrote (a program name, a subcommand, a host, a URL
// scheme, a variable name, a config key): a plain object answers `constructor`, `toString` or
// `__proto__` from Object.prototype, so `TABLE[word]` hands a function (or the prototype itself) to
// code that expected an entry. At best the line crashes to "uncertain"; at worst a verdict changes.
// Every table keyed by such text is made with `table()` (no prototype), and an object that came
// from outside (JSON, YAML) is read with `own()`. Keep this module free of imports.

// The tables' prototype: empty, frozen, itself prototype-less. Not `Object.create(null)` for the
// table itself: V8 keeps such objects in dictionary mode, which made every lookup several times
// slower (measured: check() a third slower after the change to null-prototype tables).
const NOTHING: object = Object.freeze(Object.create(null) as object);

/** A table whose only keys are its own entries (`k in t`, `t[k]` alike): its prototype is an
 *  empty object with none. */
export function table<T>(entries: { readonly [k: string]: T } = {}): Record<string, T> {
  const t = Object.create(NOTHING) as Record<string, T>;
  for (const k of Object.keys(entries)) t[k] = entries[k]!;
  return t;
}

/** `obj[key]` when `key` is one of obj's own keys, else undefined (never Object.prototype's). */
export function own<T>(obj: { readonly [k: string]: T } | undefined | null, key: string): T | undefined {
  return obj != null && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** `obj` itself when it has no prototype already, else a `table()` copy of it (an environment
 *  handed in from outside: process.env answers `$constructor` with a function). */
export function bare<T>(obj: { readonly [k: string]: T }): Record<string, T> {
  const p = Object.getPrototypeOf(obj) as object | null;
  return p === null || p === NOTHING ? (obj as Record<string, T>) : table(obj);
}
