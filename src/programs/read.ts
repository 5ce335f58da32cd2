// The one option reader: argv -> options (with their value words) and positionals, the way the
// program reads them. Rules (match.ts), HTTP requests (http.ts) and targets (run.ts) all use it,
// so they can't disagree about what `curl -X DELETE` means.
import type { OptionGrammar, OptionItem, Word } from './types.js';
import { own } from '../own.js';

interface Compiled {
  value: Set<string>;
  attached: Set<string>;
  longs: string[];
  singleDash: boolean;
  abbrev: boolean;
  keepEq: boolean;
  digits: boolean;
  counts: Map<string, number>;
  oldStyle: boolean;
}

const compiled = new WeakMap<OptionGrammar, Compiled>();
const EMPTY: OptionGrammar = {};

function compile(g: OptionGrammar): Compiled {
  let c = compiled.get(g);
  if (c) return c;
  const value = new Set(g['value-options'] ?? []);
  const longs = [...value, ...(g['flag-options'] ?? [])].filter((o) => o.startsWith('--'));
  c = { value, attached: new Set(g['attached-options'] ?? []), longs, singleDash: !!g['single-dash-long'], abbrev: !!g.abbreviations, keepEq: !!g['keep-eq'], digits: !!g['digit-options'], counts: new Map(Object.entries(g['value-counts'] ?? {})), oldStyle: !!g['old-style'] };
  compiled.set(g, c);
  return c;
}

/** Exact name, else a unique prefix among the known long options (getopt_long, curl). */
function longName(given: string, c: Compiled): string {
  if (!c.abbrev || c.longs.includes(given)) return given;
  const hits = c.longs.filter((n) => n.startsWith(given));
  if (hits.length === 1) return hits[0]!;
  // `--no-progress-meter` is its own option; `--no-location` turns `--location` off.
  if (given.startsWith('--no-')) return longName(`--${given.slice(5)}`, c);
  return given;
}

/** getopt_long_only (gdb): `-eval` is a unique prefix of `--eval-command`, named by its long form. */
function singleDashName(given: string, c: Compiled): string {
  if (!c.singleDash || !c.abbrev || c.value.has(given)) return given;
  const long = longName(`-${given}`, c);
  return c.longs.includes(long) ? long : given;
}

/** A value cut from a word (`--x=v`, `-Xv`): run-time parts stay run-time, globs don't apply. */
function cut(w: Word, value: string): Word {
  return w.value === value ? w : { ...w, value, glob: false };
}

/** argv after the program's name, in order: options (with values) and positionals. */
export function readItems(args: readonly Word[], grammar: OptionGrammar | undefined): OptionItem[] {
  const c = compile(grammar ?? EMPTY);
  const out: OptionItem[] = [];
  for (let i = c.oldStyle ? oldStyle(args, c, out) : 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (w.dynamic && !v.startsWith('-')) {
      out.push({ pos: w });
      continue;
    }
    if (v === '--') {
      for (const p of args.slice(i + 1)) out.push({ pos: p });
      break;
    }
    // An option of several values (sqlite3 -pagecache SIZE N): its first is its value, all are skipped.
    const count = c.counts.get(v);
    if (count) {
      out.push(i + 1 < args.length ? { opt: v, value: args[i + 1]!, word: w } : { opt: v, word: w });
      i += count;
      continue;
    }
    if (v.startsWith('--') && v.length > 2) {
      const eq = v.indexOf('=');
      const opt = longName(eq > 0 ? v.slice(0, eq) : v, c);
      if (eq > 0) out.push({ opt, value: cut(w, v.slice(eq + 1)), word: w });
      else if (c.value.has(opt) && i + 1 < args.length) out.push({ opt, value: args[++i]!, word: w });
      else out.push({ opt, word: w });
      continue;
    }
    if (!(v.startsWith('-') && v.length > 1 && (c.digits || !/^-\d/.test(v)))) {
      out.push({ pos: w });
      continue;
    }
    if (c.singleDash || c.value.has(v)) {
      const eq = v.indexOf('=');
      const opt = singleDashName(eq > 0 ? v.slice(0, eq) : v, c);
      if (eq > 0) out.push({ opt, value: cut(w, v.slice(eq + 1)), word: w });
      else if (c.value.has(opt) && i + 1 < args.length) out.push({ opt, value: args[++i]!, word: w });
      else out.push({ opt, word: w });
      continue;
    }
    // Bundled short options: -rf, -sXPOST (an option that takes a value takes the rest of the word).
    for (let k = 1; k < v.length; k++) {
      const opt = `-${v[k]}`;
      if (c.attached.has(opt)) {
        out.push({ opt, value: cut(w, v.slice(k + 1)), word: w });
        break;
      }
      if (c.value.has(opt)) {
        const rest = c.keepEq ? v.slice(k + 1) : v.slice(k + 1).replace(/^=/, '');
        if (rest) out.push({ opt, value: cut(w, rest), word: w });
        else if (i + 1 < args.length) out.push({ opt, value: args[++i]!, word: w });
        else out.push({ opt, word: w });
        break;
      }
      out.push({ opt, word: w });
    }
  }
  return out;
}

/** tar's old-style first word (`cIf PROG x.tar`): its letters as options, each that takes a value
 *  taking the next word. Returns the index after the words used. */
function oldStyle(args: readonly Word[], c: Compiled, out: OptionItem[]): number {
  const w = args[0];
  if (!w || w.dynamic || !/^[A-Za-z]+$/.test(w.value)) return 0;
  let next = 1;
  for (const ch of w.value) {
    const opt = `-${ch}`;
    if (c.value.has(opt) && next < args.length) out.push({ opt, value: args[next++]!, word: w });
    else out.push({ opt, word: w });
  }
  return next;
}

/** The options before the first positional, and the words from it on (`tmux -L s new -d CMD`:
 *  tmux's options, then `new` and the rest, which the subcommand reads with its own grammar). */
export function readLeading(args: readonly Word[], grammar: OptionGrammar | undefined): { options: Array<Extract<OptionItem, { opt: string }>>; rest: Word[] } {
  const options: Array<Extract<OptionItem, { opt: string }>> = [];
  for (const it of readItems(args, grammar)) {
    if ('pos' in it) return { options, rest: args.slice(args.indexOf(it.pos)) };
    options.push(it);
  }
  return { options, rest: [] };
}

export interface Options {
  positionals: Word[];
  /** Option as written (abbreviations resolved) -> values ('' when it takes none). */
  flags: Map<string, string[]>;
  /** Option -> the words of its values, so a value only known at run time stays known as such. */
  values: Map<string, Word[]>;
}

/** The items gathered per option. */
export function readOptions(args: readonly Word[], grammar: OptionGrammar | undefined): Options {
  const positionals: Word[] = [];
  const flags = new Map<string, string[]>();
  const values = new Map<string, Word[]>();
  for (const it of readItems(args, grammar)) {
    if ('pos' in it) {
      positionals.push(it.pos);
      continue;
    }
    const list = flags.get(it.opt) ?? [];
    list.push(it.value?.value ?? '');
    flags.set(it.opt, list);
    if (!it.value) continue;
    const ws = values.get(it.opt) ?? [];
    ws.push(it.value);
    values.set(it.opt, ws);
  }
  return { positionals, flags, values };
}

/** The option's other name when it has one (`-X` -> `--request`), else itself. */
export function canonical(opt: string, grammar: OptionGrammar | undefined): string {
  return own(grammar?.names, opt) ?? opt;
}

/** find's start points (its argv after the program name): the words after its own -H/-L/-P/-D x/-Ox
 *  and before the expression; `.` when none is written (GNU and BSD `find -delete` start where
 *  they run). `-delete` and `-name` are the expression, never an option bundle. */
export function findRoots(args: readonly Word[]): Word[] {
  let i = 0;
  while (i < args.length && /^-([HLP]|O\d*|D)$/.test(args[i]!.value)) i += args[i]!.value === '-D' ? 2 : 1;
  const out: Word[] = [];
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v.startsWith('-') || v === '(' || v === '!' || v === ',') break;
    out.push(args[i]!);
  }
  return out.length ? out : [{ value: '.', dynamic: false, glob: false, text: '.' }];
}
