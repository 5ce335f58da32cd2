// Two entries for the same program, added together: a pack's or team's entry onto the builtin
// one, or the parse side's block onto the rest of the builtin registry (builtin.ts).
import type { OptionGrammar, ProgramSpec } from './types.js';

const uniq = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined => (a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined);

/** Two grammars for the same program: every option either knows about. */
export function mergeGrammar<G extends OptionGrammar>(base: G, add: OptionGrammar): G {
  const out: G = { ...base };
  for (const k of ['value-options', 'attached-options', 'flag-options'] as const) {
    const u = uniq(base[k], add[k]);
    if (u) out[k] = u;
  }
  for (const k of ['single-dash-long', 'abbreviations', 'keep-eq', 'digit-options', 'old-style'] as const) if (add[k]) out[k] = true;
  if (add.names) out.names = { ...base.names, ...add.names };
  return out;
}

/** An entry with another added to it. What the base says about behaviour (wrapping, payload,
 *  target, parse-side fields) stays; lists only grow. */
export function mergeProgram(base: ProgramSpec, add: ProgramSpec): ProgramSpec {
  const out = mergeGrammar(base, add);
  for (const k of ['aliases', 'read-only', 'dry-run', 'help', 'env-file-options'] as const) {
    const u = uniq(base[k], add[k]);
    if (u) out[k] = u;
  }
  if (add.subcommands) {
    const subs = { ...base.subcommands };
    for (const [k, g] of Object.entries(add.subcommands)) subs[k] = subs[k] ? mergeGrammar(subs[k], g) : g;
    out.subcommands = subs;
  }
  out.wraps ??= add.wraps;
  // Two builtin blocks (builtin.ts, parsing.ts) may each say something about one payload: its
  // options add up; the base's reader (kind, client, language) stays. Team files can't declare payloads.
  if (base.payload && add.payload && base.payload.kind === add.payload.kind && (add.payload.lang ?? base.payload.lang) === base.payload.lang) {
    const flags = uniq(base.payload.flags, add.payload.flags);
    const files = uniq(base.payload.files, add.payload.files);
    out.payload = { ...add.payload, ...base.payload, ...(flags ? { flags } : {}), ...(files ? { files } : {}) };
  } else out.payload ??= add.payload;
  out.acts ??= add.acts;
  out.injects ??= add.injects;
  out['package-scripts'] ??= add['package-scripts'];
  out['raw-socket'] ??= add['raw-socket'];
  out['shell-escape'] ??= add['shell-escape'];
  if (add['runs-containers']) out['runs-containers'] = true;
  out['project-code'] ??= add['project-code'];
  out['code-subcommands'] ??= add['code-subcommands'];
  out['prints-sql'] ??= add['prints-sql'];
  out['passes-stdout'] ??= add['passes-stdout'];
  out['opens-tunnel'] ??= add['opens-tunnel'];
  out['typed-operands'] ??= add['typed-operands'];
  out['names-only'] ??= add['names-only'];
  out['shell-setup'] ??= add['shell-setup'];
  return out;
}
