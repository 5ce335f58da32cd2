// The option grammars are the program registry's (src/programs/builtin.ts); the readers here say
// what the options do to the request.
import type { Word } from '../../parse/types.js';
import { BUILTIN, canonical, grammarFor, readItems } from '../../programs/index.js';

export type Opt = { name: string; value?: Word };

/** argv as `program` (a registry entry) reads it, options by their long name without dashes. */
export function walkOpts(args: Word[], program: string, sub?: string): Array<Opt | { pos: Word }> {
  const g = grammarFor(BUILTIN[program], sub);
  return readItems(args, g).map((it) => ('pos' in it ? it : { name: canonical(it.opt, g).replace(/^--?/, ''), ...(it.value ? { value: it.value } : {}) }));
}
