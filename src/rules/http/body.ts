// Where a body comes from: words on the line, files it names (read bounded, or the line's own
// version when the line wrote them) and stdin. Any piece that can't be seen is named.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Invocation, Word } from '../../parse/index.js';
import { writtenContent } from '../../parse/index.js';
import { readBounded, type Read } from '../files.js';

export const readFile = (p: string, cwd: string | undefined): Read => readBounded(p, cwd);

export function readStdin(inv: Invocation): Read {
  const s = inv.stdin;
  if (!s) return { unknown: 'stdin is the terminal' };
  switch (s.kind) {
    case 'heredoc': return { text: s.text };
    case 'herestring': return s.dynamic ? { unknown: 'the here-string is only known at run time' } : { text: s.text };
    case 'pipe': return s.text !== undefined ? { text: s.text } : { unknown: `stdin is piped from ${s.from}` };
    case 'file': return s.path.dynamic ? { unknown: `stdin comes from ${s.path.text}, only known at run time` } : readFile(s.path.value, inv.cwd);
  }
}

/** On disk, or written by the line before the command runs (with content known or not); true
 *  when it can't be told (a relative path and no known working directory). */
export function present(inv: Invocation, p: string): boolean {
  const full = isAbsolute(p) ? p : inv.cwd ? resolve(inv.cwd, p) : undefined;
  if (!full) return true;
  return existsSync(full) || writtenContent(inv.written, full) !== undefined;
}

/** Collects body pieces; any piece we can't see makes the whole body partly unknown. */
export class Body {
  parts: string[] = [];
  unknown: string[] = [];
  /** See HttpRequest.bodyUnread. */
  unread: string[] = [];
  add(r: Read, transform: (s: string) => string = (s) => s): void {
    if ('text' in r) this.parts.push(transform(r.text));
    else this.unknown.push(r.unknown);
  }
  word(w: Word, transform: (s: string) => string = (s) => s): void {
    const plain = w.dynamic ? plainOutput(w.text) : undefined;
    this.parts.push(transform(plain ?? w.value));
    if (w.dynamic && plain === undefined) this.unknown.push(`${w.text} is only known at run time`);
  }
  get empty(): boolean {
    return this.parts.length === 0 && this.unknown.length === 0;
  }
}

// Substitutions whose output is a few letters, digits and dashes, nothing that could close a JSON
// string or a form field and start another: a commit id, a date, a count, a uuid. Not branch or
// tag names (`git describe`, `--abbrev-ref`): a ref may hold `"` (REF_SUB, only in a JSON value).
const PLAIN_SUB = /\$\(\s*(?:git\s+rev-parse(?:\s+--short(?:=\d+)?)?\s+(?:HEAD|@)(?:~\d+|\^)?|git\s+log\s+-1\s+--(?:format|pretty)=(?:format:)?%[hH]|date(?:\s+-u)?(?:\s+\+['"]?[%A-Za-z0-9:._+-]*['"]?)?|uuidgen|nproc|id\s+-[ug]|whoami|hostname(?:\s+-s)?)\s*\)/g;

/** A word written as one double-quoted string (or bare) whose only run-time parts are PLAIN_SUB
 *  substitutions: its text with each of them as `0`; undefined when anything else in it is only
 *  known at run time (`"{\"text\":\"deployed $(git rev-parse --short HEAD)\"}"` is seen). */
export function plainOutput(text: string): string | undefined {
  if (!text.includes('$(')) return undefined;
  let t = text;
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) t = t.slice(1, -1);
  else if (/["'\\]/.test(t)) return undefined;
  const out = t.replace(PLAIN_SUB, '0').replace(REF_SUB, REF);
  if (out === t) return undefined;
  // Anything else that expands (`$X`, `${…}`, another `$(…)`, a backquote), or a quote that would
  // end the string: not plain.
  if (/[`]|(^|[^\\])\$[\w{(@*#?$!-]|(^|[^\\])"/.test(out)) return undefined;
  const body = out.replace(/\\(["\\$`])/g, '$1');
  if (body.includes(REF) && !refsInValues(body)) return undefined;
  return body.split(REF).join('0');
}

// A ref's name (`git describe --tags`, the current branch): git refuses `:`, `\`, blanks and
// control characters in one (git-check-ref-format), but not `"`: it may end a JSON string.
const REF_SUB = /\$\(\s*git\s+(?:describe(?:\s+(?:--tags|--always|--long|--first-parent|--abbrev=\d+))*|rev-parse\s+--abbrev-ref\s+(?:HEAD|@)|branch\s+--show-current)\s*\)/g;
const REF = '\u0001';
// Fields a GraphQL server reads its document from, or a database its statements (curl-data.ts),
// and the ids a server's stored (persisted) operations are picked by.
const DOCUMENT_KEY = /^(query|operations|mutation|extensions|sql|statement|statements|stmt|sqltext|command|id|doc_?id|document_?id|query_?id|operation_?id|hash)$/i;

/** A JSON object whose run-time parts (REF) are ref names: with no `:` and no `\\` in them, every
 *  key the object can have is a string that closes right before one of the text's own colons and
 *  opens at the nearest `"` before that. True when each such string is all literal text (no ref
 *  inside it) and none names a document field: what a ref adds can then only be part of a value
 *  of a field that carries no document, or make the JSON invalid. */
function refsInValues(body: string): boolean {
  if (!body.trimStart().startsWith('{')) return false;
  for (let i = body.indexOf(':'); i >= 0; i = body.indexOf(':', i + 1)) {
    let c = i - 1;
    while (c >= 0 && /\s/.test(body[c]!)) c--;
    if (c < 0) return false;
    if (body[c] === REF) return false;
    if (body[c] !== '"') continue;
    if (body[c - 1] === '\\') return false;
    let o = c - 1;
    while (o >= 0 && !(body[o] === '"' && body[o - 1] !== '\\')) o--;
    if (o < 0) return false;
    const key = body.slice(o + 1, c);
    if (key.includes(REF) || key.includes('\\') || DOCUMENT_KEY.test(key)) return false;
  }
  return true;
}

/** A part of `w` (an option's value inside it) that keeps its dynamic flag and source text. */
export function attached(w: Word, value: string): Word {
  return { value, dynamic: w.dynamic, glob: false, text: w.text };
}
