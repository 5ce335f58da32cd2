// xargs fed a literal (`echo dist | xargs rm -rf`, `printf 'a\0b\0' | xargs -0 rm -rf`): the
// arguments it appends are known, so the command it runs can be read with them instead of as
// "some arguments only known at run time". GNU xargs(1): input is split at blanks and newlines,
// with quotes and backslashes (then not read here: unknown), or at NUL (-0) or one character (-d);
// -I REPL takes each input line whole (leading blanks dropped) and runs once per line.
import type { Word } from './types.js';
import { table } from '../own.js';

/** At most this many items are read; more is read as unknown (a runaway literal). */
const MAX_ITEMS = 64;

export interface XargsInput {
  /** `-I`: one run per item, REPL replaced in the words; otherwise one run with every item appended. */
  perItem: boolean;
  items: string[];
}

/** The items xargs reads from `text`, or undefined when its options or the text can't be read. */
export function xargsItems(options: Word[], text: string, replace: string | undefined): XargsInput | undefined {
  let delim: string | undefined;
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    if (o.dynamic) return undefined;
    const v = o.value;
    if (v === '--null' || nulInCluster(v)) delim = '\0';
    else if (v === '-d' || v === '--delimiter') delim = unescape(options[++i]?.value);
    else if (v.startsWith('--delimiter=')) delim = unescape(v.slice(12));
    else if (v.startsWith('-d')) delim = unescape(v.slice(2));
    else if (/^(-a|--arg-file|-E|--eof|-e)/.test(v)) return undefined; // input from a file, or an end marker
    if (delim === '') return undefined;
  }
  let items: string[];
  if (replace !== undefined) {
    items = (delim !== undefined ? text.split(delim) : text.split('\n').map((l) => l.replace(/^[ \t]+/, ''))).filter((s) => s !== '');
    if (delim === undefined && items.some((s) => /["'\\]/.test(s))) return undefined;
  } else if (delim !== undefined) {
    items = text.split(delim);
    if (items.at(-1) === '' || (delim !== '\0' && items.at(-1) === '\n')) items.pop();
  } else {
    if (/["'\\]/.test(text)) return undefined;
    items = text.split(/[ \t\n]+/).filter(Boolean);
  }
  if (items.length > MAX_ITEMS) return undefined;
  return { perItem: replace !== undefined, items };
}

/** `-0`, `-r0`, `-0rt`: a cluster of switches with 0 among them before any letter taking a value. */
function nulInCluster(v: string): boolean {
  if (!/^-[^-]/.test(v)) return false;
  for (const c of v.slice(1)) {
    if (c === '0') return true;
    if ('adEeIiLlnPs'.includes(c)) return false;
  }
  return false;
}

/** -d's value: a character, or a C escape (`\n`, `\t`, `\0`, `\\`). */
function unescape(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m: Record<string, string> = table({ '\\n': '\n', '\\t': '\t', '\\0': '\0', '\\\\': '\\' });
  if (m[v] !== undefined) return m[v];
  return v.length === 1 ? v : '';
}
