// What a command's stdin holds, for a rule's `stdin: literal`: content the line shows in full
// (small and fixed), not the output of a program that produces data (`pg_dump | mc pipe ...`).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Invocation } from '../parse/index.js';
import { writtenContent } from '../parse/index.js';

// Programs whose output is the words they were given, nothing, or a fixed stream (also in a
// subshell or group: `(echo) | ...`).
const PRINTS_ARGS = /^\s*[({]?\s*(?:command\s+|builtin\s+)?(?:echo|printf|true|false|:|yes|sleep|sync|touch|mkdir|rm|cp|mv|ln|chmod|chown|test|\[|cd|export|unset|kill|wait|exit|return)(?:\s|$|[;)])/;
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
      const onDisk = s.path.value.startsWith('/') || inv.cwd !== undefined ? path.resolve(inv.cwd ?? '/', s.path.value) : undefined;
      // A file this line wrote with text it shows (`: > f`, `echo > f`).
      const abs = inv.cwd === undefined && !path.isAbsolute(s.path.value) ? undefined : path.resolve(inv.cwd ?? '/', s.path.value);
      const c = abs ? writtenContent(inv.written, abs) : undefined;
      if (typeof c === 'string') return `${s.path.value}, written earlier in the line`;
      // An empty file already on disk (`touch e` on an earlier line) empties the object too.
      return c === undefined && onDisk && emptyFile(onDisk) ? `${s.path.value}, an empty file` : undefined;
    }
  }
}

function emptyFile(abs: string): boolean {
  try {
    const st = statSync(abs);
    return st.isFile() && st.size === 0;
  } catch {
    return false;
  }
}
