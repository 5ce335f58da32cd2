// countersign inside a line. Run as a shell (`countersign -c CMD`, a shim's `--real-shell P -c
// CMD`, or its files through node), its command is judged here like `bash -c CMD`: a nested
// countersign with a config the agent wrote must not be a way around the outer check.
import type { Word } from './types.js';

/** countersign's subcommands: with one of these first, it is not a shell. */
export const COUNTERSIGN_SUBCOMMANDS = new Set(['approver', 'check', 'explain', 'test', 'approve', 'deny', 'log', 'env', 'mark', 'init', 'doctor', 'hook', 'shims', 'help', 'version', 'trust', '--help', '-h', '--version']);

const base = (s: string): string => s.slice(s.lastIndexOf('/') + 1);

/** Is this word countersign's launcher or bundle? */
export function isCountersignProgram(w: Word | undefined): boolean {
  if (!w || w.dynamic) return false;
  return base(w.value) === 'countersign' || /(^|\/)countersign\/(dist\/[\w.-]+\.(mjs|cjs|js)|bin\/countersign)$/.test(w.value) || /(^|\/)dist\/(cli\.mjs|fast\.cjs)$/.test(w.value);
}

/** The argv of the shell countersign would be, as bash's (`bash ARGS`), or undefined when it is
 *  run with a subcommand (or isn't countersign at all). Handles `node [flags] countersign ARGS`. */
export function countersignAsShell(argv: Word[]): Word[] | undefined {
  let i = 0;
  if (/^(node|nodejs)[\d.]*$/.test(base(argv[0]?.value ?? ''))) {
    i = argv.findIndex((a, k) => k > 0 && !a.value.startsWith('-'));
    if (i < 0) return undefined;
  }
  if (!isCountersignProgram(argv[i])) return undefined;
  let rest = argv.slice(i + 1);
  if (rest[0]?.value === '--real-shell') rest = rest.slice(2);
  if (rest[0] && COUNTERSIGN_SUBCOMMANDS.has(rest[0].value)) return undefined;
  return [{ value: 'bash', dynamic: false, glob: false, text: 'bash' }, ...rest];
}
