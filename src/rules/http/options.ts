// The option grammars are the program registry's (src/programs/builtin.ts); the readers here say
// what the options do to the request.
import type { Word } from '../../parse/index.js';
import { BUILTIN, canonical, grammarFor, mergeGrammar, readItems, type OptionGrammar } from '../../programs/index.js';

export type Opt = { name: string; value?: Word };

let curlGrammar: OptionGrammar | undefined;

/** curl 8.3+ takes --expand-OPTION for every OPTION with a value. */
function curlWithExpand(): OptionGrammar {
  const g = grammarFor(BUILTIN.curl, undefined)!;
  const longs = (g['value-options'] ?? []).filter((o) => o.startsWith('--'));
  return (curlGrammar ??= mergeGrammar(g, { 'value-options': longs.map((o) => `--expand-${o.slice(2)}`) }));
}

/** argv as `program` (a registry entry) reads it, options by their long name without dashes. */
export function walkOpts(args: Word[], program: string, sub?: string): Array<Opt | { pos: Word }> {
  const g = program === 'curl' ? curlWithExpand() : grammarFor(BUILTIN[program], sub);
  return readItems(args, g).map((it) => ('pos' in it ? it : { name: canonical(it.opt, g).replace(/^--?/, ''), ...(it.value ? { value: it.value } : {}) }));
}
