// What a command's stdin holds, for a rule's `stdin: literal`: content the line shows in full
// (small and fixed), not the output of a program that produces data (`pg_dump | mc pipe ...`).
import path from 'node:path';
import type { Invocation } from '../parse/types.js';
import { writtenContent } from '../parse/writes.js';

// Programs whose output is the words they were given, nothing, or a fixed stream.
const PRINTS_ARGS = /^\s*(?:command\s+|builtin\s+)?(?:echo|printf|true|false|:|yes)(?:\s|$)/;
// Reads of the empty or zero device (`cat /dev/null`, `head -c 0 /dev/zero`).
const READS_DEVICE = /^\s*(?:cat|head|tail|dd)\s(?:[^|;&]*\s)?(?:if=)?\/dev\/(?:null|zero)(?:\s|$)/;
const DEVICE = /^\/dev\/(null|zero)$/;

/** Why stdin is literal content, or undefined when a program's data (or the terminal) feeds it. */
export function literalStdin(inv: Invocation): string | undefined {
  const s = inv.stdin;
  if (!s) return undefined; // the terminal: whatever a person types
  switch (s.kind) {
    case 'heredoc':
      return 'a heredoc';
    case 'herestring':
      return 'a here-string';
    case 'pipe':
      if (s.text !== undefined || PRINTS_ARGS.test(s.from) || READS_DEVICE.test(s.from)) return `\`${s.from.slice(0, 60)}\``;
      return undefined;
    case 'file': {
      if (s.path.dynamic) return undefined;
      if (DEVICE.test(s.path.value)) return s.path.value;
      // A file this line wrote with text it shows (`: > f`, `echo > f`).
      const abs = inv.cwd === undefined && !path.isAbsolute(s.path.value) ? undefined : path.resolve(inv.cwd ?? '/', s.path.value);
      const c = abs ? writtenContent(inv.written, abs) : undefined;
      return typeof c === 'string' ? `${s.path.value}, written earlier in the line` : undefined;
    }
  }
}
