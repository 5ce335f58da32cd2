// CLI state a line switches before the command that reads it: `docker context use prod-swarm &&
// docker volume rm x`, `gcloud config set project acme-prod && gcloud sql instances delete db`,
// `az account set -s "Acme Production" && az group delete …`. The latest switch among the commands
// that had to succeed first decides; one that need not have worked (`;`, a newline) gives two
// possible targets, the switched one and the one before it (the strictest is shown).
import type { Invocation, Word } from '../parse/index.js';
import type { Run } from './run.js';
import type { Candidate } from './types.js';

export interface LineSwitch { name: string; dynamic: boolean; how: string }

/** Reads one earlier command: the value it switches to, or undefined when it switches nothing. */
export type SwitchReader = (prev: Invocation, words: Word[]) => Word | undefined;

function latest(before: readonly Invocation[], read: SwitchReader): LineSwitch | undefined {
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    const w = read(prev, prev.argv.slice(1));
    if (!w || (!w.dynamic && w.value === '')) continue;
    return { name: w.value, dynamic: w.dynamic, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

/** Resolve with the line's switch: `resolve(sw)` with the switch that had to work, else both
 *  readings of one that need not have (with `note` on the switched one), else `resolve(undefined)`. */
export function withSwitch(run: Run, read: SwitchReader, resolve: (sw: LineSwitch | undefined) => Candidate[], note: string): Candidate[] {
  const strict = latest(run.inv.succeeded ?? [], read);
  if (strict) return resolve(strict);
  const line = run.inv.line;
  const loose = line ? latest(line.all.slice(0, line.at), read) : undefined;
  if (!loose) return resolve(undefined);
  return [...resolve(loose).map((c) => ({ ...c, evidence: [...c.evidence, note] })), ...resolve(undefined)];
}

/** The value after `opts` (`-s X`, `--subscription=X`) among `words`. */
export function optValue(words: Word[], opts: string[]): Word | undefined {
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!.value;
    if (opts.includes(v)) return words[i + 1];
    const eq = opts.find((o) => o.startsWith('--') && v.startsWith(o + '='));
    if (eq) return { ...words[i]!, value: v.slice(eq.length + 1) };
  }
  return undefined;
}

/** `words` start with `sub` (the subcommand path), options before it skipped. */
export function startsWith(words: Word[], ...sub: string[]): boolean {
  const plain = words.filter((w) => !w.value.startsWith('-'));
  return sub.every((s, i) => plain[i]?.value === s && !plain[i]?.dynamic);
}

/** The first word after the subcommand path `sub` that isn't an option. */
export function argAfter(words: Word[], ...sub: string[]): Word | undefined {
  const plain = words.filter((w) => w.dynamic || !w.value.startsWith('-'));
  return plain[sub.length];
}
