// Finding inline interpreter code (python -c, node -e, ruby/perl -e, php -r, deno eval, bun -e, and
// the same fed on stdin) in an invocation's argv and stdin. Which programs and which of their
// options carry code is registry data (`payload` in src/programs/builtin.ts); how each language
// bundles its short options stays in its reader here. What the code does is read in lex.ts,
// evaluate.ts, sinks.ts and reflection.ts.
import type { Invocation, Word } from '../../parse/index.js';
import { BUILTIN, type Payload } from '../../programs/index.js';
import { readBounded } from '../files.js';
import { parseOpts, SPECS } from '../sql/index.js';
import type { PatternLang } from './unread.js';
import { table } from '../../own.js';

/** Languages lex.ts tokenizes; PatternLang ones (awk, lua, julia, elixir) are read by pattern. */
export type InlineLang = 'python' | 'node' | 'ruby' | 'perl' | 'php' | 'deno' | 'bun';
export interface InlineCode {
  lang: InlineLang | PatternLang;
  code: string;
  from: string;
  /** The words after the code, when each is literal: what the code reads as sys.argv[1:] (python
   *  -c) or process.argv.slice(1) (node -e). */
  args?: string[];
  /** The directory the interpreter runs in, when known. */
  cwd?: string;
}

function w(word: Word, lang: InlineLang | PatternLang, from: string, rest?: Word[]): InlineCode | { unknown: string } {
  if (word.dynamic) return { unknown: `the ${lang} code ${word.text} is only known at run time` };
  const out: InlineCode = { lang, code: word.value, from };
  // node reads a word with a dash after the code as its own option (or fails): not an argument.
  if (rest && !rest.some((x) => x.dynamic || x.glob || (lang !== 'python' && x.value.startsWith('-')))) out.args = rest.map((x) => x.value);
  return out;
}

function fromStdin(inv: Invocation, lang: InlineLang | PatternLang): InlineCode | { unknown: string } | undefined {
  const s = inv.stdin;
  if (!s) return undefined; // a terminal: an interactive session
  switch (s.kind) {
    case 'heredoc': return { lang, code: s.text, from: 'heredoc' };
    case 'herestring': return s.dynamic ? { unknown: `the ${lang} code in the here-string is only known at run time` } : { lang, code: s.text, from: 'here-string' };
    case 'pipe': return s.text !== undefined ? { lang, code: s.text, from: `stdin from ${s.from}` } : { unknown: `the ${lang} code is piped from ${s.from}` };
    case 'file': {
      const p = s.path;
      if (p.dynamic) return { unknown: `the ${lang} code comes from ${p.text}, only known at run time` };
      const r = readBounded(p.value, inv.cwd);
      return 'text' in r ? { lang, code: r.text, from: `< ${p.value}` } : r;
    }
  }
}

type Found = InlineCode | { unknown: string } | undefined;

/** The options of the interpreter's registry entry that take a value (`attached`: only attached,
 *  perl -i.bak). Its inline code options are its payload's. */
const valueSets = new Map<string, Set<string>>();
function valueOptions(name: string, key: 'value-options' | 'attached-options' = 'value-options'): Set<string> {
  let s = valueSets.get(`${key} ${name}`);
  if (!s) valueSets.set(`${key} ${name}`, (s = new Set(BUILTIN[name]?.[key])));
  return s;
}

/** The letters of a payload's short options (`-c` -> c). */
const shorts = (p: Payload): string => (p.flags ?? []).filter((f) => /^-[^-]$/.test(f)).map((f) => f[1]).join('');

function python(inv: Invocation, p: Payload): Found {
  const a = inv.argv;
  const code = shorts(p);
  const values = valueOptions('python');
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '-') {
      // `python - A B <<EOF`: sys.argv is ['-', 'A', 'B'], as with -c (when each word is literal).
      const found = fromStdin(inv, 'python');
      const rest = a.slice(i + 1);
      if (found && 'code' in found && rest.length && !rest.some((x) => x.dynamic || x.glob)) found.args = rest.map((x) => x.value);
      return found;
    }
    if (!v.startsWith('-') || v === '--') return undefined; // a script file
    if (v.startsWith('--')) {
      if (values.has(v)) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (code.includes(ch)) return rest ? w({ ...a[i]!, value: rest }, 'python', `-${ch}`, a.slice(i + 1)) : a[i + 1] ? w(a[i + 1]!, 'python', `-${ch}`, a.slice(i + 2)) : undefined;
      if (ch === 'm') return undefined; // runs a module
      if (values.has(`-${ch}`)) { if (!rest) i++; break; }
    }
  }
  return fromStdin(inv, 'python');
}

function node(inv: Invocation, lang: 'node' | 'bun', p: Payload): Found {
  const a = inv.argv;
  const code = shorts(p);
  const codeBundle = new RegExp(`^[${code}]+$`);
  // The options that take a value: the program's registry grammar (bun -c is --config, node -c --check).
  const values = valueOptions(lang);
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '-') return fromStdin(inv, lang);
    if (v === '--') return undefined;
    if (!v.startsWith('-')) {
      // bun run - reads the script from stdin; any other positional is a script or a subcommand.
      if (lang === 'bun' && v === 'run' && a[i + 1]?.value === '-') return fromStdin(inv, lang);
      return undefined;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      if (p.flags?.includes(name)) {
        if (eq >= 0) return w({ ...a[i]!, value: v.slice(eq + 1) }, lang, name, a.slice(i + 1));
        return a[i + 1] ? w(a[i + 1]!, lang, name, a.slice(i + 2)) : undefined;
      }
      if (name === '--check') return undefined;
      if (eq < 0 && values.has(name)) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (code.includes(ch)) {
        // -pe CODE: the last letter takes the value.
        if (rest && codeBundle.test(rest)) continue;
        return rest ? w({ ...a[i]!, value: rest }, lang, `-${ch}`, a.slice(i + 1)) : a[i + 1] ? w(a[i + 1]!, lang, `-${ch}`, a.slice(i + 2)) : undefined;
      }
      if (values.has(`-${ch}`)) { if (!rest) i++; break; }
      if (ch === 'c') return undefined; // syntax check only
    }
  }
  return fromStdin(inv, lang);
}

/** ruby and perl: several -e pieces join with newlines. */
function rubyPerl(inv: Invocation, lang: 'ruby' | 'perl', p: Payload): Found {
  const a = inv.argv;
  const code = shorts(p);
  const codes: Word[] = [];
  let flag = '-e';
  // Options whose value is the rest of the word, or (values) that or the next word: the registry's.
  const attachedOnly = valueOptions(lang, 'attached-options');
  const values = valueOptions(lang);
  let argvAt = a.length;
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') { argvAt = i + 1; break; }
    if (!v.startsWith('-') || v === '-') {
      if (codes.length) { argvAt = i; break; } // the rest is ARGV
      return v === '-' ? fromStdin(inv, lang) : undefined; // a script file
    }
    if (v.startsWith('--')) {
      if (values.has(v)) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if (code.includes(ch)) {
        flag = `-${ch}`;
        if (rest) codes.push({ ...a[i]!, value: rest });
        else if (a[i + 1]) codes.push(a[++i]!);
        break;
      }
      if (ch === 'c' && !(lang === 'perl' && codes.length)) return undefined; // syntax check only
      // -0[octal] and perl -l[octal] take digits only, then the bundle goes on (-lne, -0777pe)
      if (ch === '0' || (ch === 'l' && lang === 'perl')) { j += /^[0-9a-fA-Fx]*/.exec(rest)![0].replace(/[a-fA-F].*$/, '').length; continue; }
      if (attachedOnly.has(`-${ch}`)) break;
      if (values.has(`-${ch}`)) { if (!rest) i++; break; }
    }
  }
  if (!codes.length) return fromStdin(inv, lang);
  if (codes.some((c) => c.dynamic)) return { unknown: `the ${lang} code ${codes.find((c) => c.dynamic)!.text} is only known at run time` };
  const out: InlineCode = { lang, code: codes.map((c) => c.value).join('\n'), from: flag };
  // perl's @ARGV when each word is literal (ExtUtils::Command's rm_rf and the like act on it).
  const rest = a.slice(argvAt);
  if (lang === 'perl' && rest.length && !rest.some((x) => x.dynamic || x.glob)) out.args = rest.map((x) => x.value);
  return out;
}

function php(inv: Invocation, p: Payload): Found {
  const a = inv.argv;
  const code = shorts(p);
  const values = valueOptions('php');
  const codes: Word[] = [];
  let flag = '-r';
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') break;
    if (!v.startsWith('-')) { if (codes.length) break; return undefined; }
    const ch = v[1];
    const rest = v.slice(2);
    // -r CODE, and -B/-R/-E: code run before, per input line, after.
    if (ch && code.includes(ch)) {
      flag = `-${ch}`;
      if (rest) codes.push({ ...a[i]!, value: rest });
      else if (a[i + 1]) codes.push(a[++i]!);
      continue;
    }
    if (ch === 'f' || ch === 'l' || ch === 'S' || ch === 's' || ch === 'a') return undefined; // a file, lint, server, highlight, interactive
    if (ch && values.has(`-${ch}`) && !rest) i++;
  }
  if (!codes.length) return fromStdin(inv, 'php');
  if (codes.some((c) => c.dynamic)) return { unknown: `the php code ${codes.find((c) => c.dynamic)!.text} is only known at run time` };
  return { lang: 'php', code: codes.map((c) => c.value).join('\n'), from: flag };
}

function deno(inv: Invocation, p: Payload): Found {
  const a = inv.argv;
  const sub = a[1]?.value;
  const values = valueOptions('deno');
  if (sub === p.sub) {
    for (let i = 2; i < a.length; i++) {
      const v = a[i]!.value;
      if (!v.startsWith('-')) return w(a[i]!, 'deno', 'deno eval');
      if (!v.includes('=') && values.has(v)) i++;
    }
    return undefined;
  }
  if (sub === 'run' && a.slice(2).some((x) => x.value === '-')) return fromStdin(inv, 'deno');
  return undefined;
}

/** lua/julia/elixir: the -e pieces (julia also -E/--eval/--print); else the script on stdin. */
function evalFlag(inv: Invocation, lang: 'lua' | 'julia' | 'elixir', p: Payload): Found {
  const a = inv.argv;
  const codes: Word[] = [];
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') break;
    const m = /^(-e|-E|--eval|--print)(=(.*))?$/s.exec(v);
    if (m && p.flags?.includes(m[1]!)) {
      if (m[2] !== undefined) codes.push({ ...a[i]!, value: m[3]! });
      else if (a[i + 1]) codes.push(a[++i]!);
      continue;
    }
    if (v === '-') return fromStdin(inv, lang);
    if (!v.startsWith('-')) { if (codes.length) break; return undefined; } // a script file
    if (lang === 'lua' && v === '-l') i++;
  }
  if (!codes.length) return undefined;
  if (codes.some((c) => c.dynamic)) return { unknown: `the ${lang} code ${codes.find((c) => c.dynamic)!.text} is only known at run time` };
  return { lang, code: codes.map((c) => c.value).join('\n'), from: '-e' };
}

/** awk's program: the first operand, unless -f/--file names one (-e/--source add text). */
function awk(inv: Invocation, p: Payload): Found {
  const a = inv.argv;
  const codes: Word[] = [];
  const fileShort = (p.files ?? []).filter((f) => /^-[^-]$/.test(f));
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') { if (!codes.length && a[i + 1]) codes.push(a[i + 1]!); break; }
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq) : v;
    // A program file: -f FILE, --file=FILE, -fFILE. `-` and /dev/stdin are the program on stdin.
    if (p.files?.includes(name) || fileShort.some((f) => v.startsWith(f) && v.length > 2)) {
      const file = eq > 0 && name.startsWith('--') ? v.slice(eq + 1) : p.files?.includes(v) ? a[i + 1]?.value : v.slice(2);
      return file === '-' || file === '/dev/stdin' ? fromStdin(inv, 'awk') : undefined;
    }
    if (p.flags?.includes(v)) { if (a[i + 1]) codes.push(a[++i]!); continue; }
    if (eq > 0 && name.startsWith('--') && p.flags?.includes(name)) { codes.push({ ...a[i]!, value: v.slice(eq + 1) }); continue; }
    if (/^(-[Fvil]|-E|--field-separator|--assign|--include|--load|--exec)$/.test(v)) { i++; continue; }
    if (v.startsWith('-') && v !== '-') continue;
    if (!codes.length) codes.push(a[i]!);
    break;
  }
  if (!codes.length) return undefined;
  // A program only known at run time may call system() or pipe to a shell: like `python -c "$X"`.
  if (codes.some((c) => c.dynamic)) return { unknown: `the awk program ${codes.find((c) => c.dynamic)!.text} is only known at run time` };
  return { lang: 'awk', code: codes.map((c) => c.value).join('\n'), from: 'program' };
}

/** sqlite3's (and duckdb's, a fork of its shell) input, for its dot-commands: -cmd values and the arguments after the database (one
 *  command each, joined by newlines), else stdin. The database file rides along in `from`. Text
 *  that can't be seen is left to the SQL rules (they pause on it). Options are read as the SQL
 *  reader reads them (one table: -heap takes one value, -pagecache and -lookaside two). */
function sqlite(inv: Invocation, client: 'sqlite3' | 'duckdb'): Found {
  const a = inv.argv;
  const pieces: Word[] = [];
  let db: Word | undefined;
  for (const it of parseOpts(a.slice(1), SPECS[client])) {
    if ('opt' in it) {
      // duckdb's -c/-s run one command each, like -cmd.
      if ((it.opt === 'cmd' || (client === 'duckdb' && (it.opt === 'c' || it.opt === 's'))) && it.value) pieces.push(it.value);
    } else if (!db) db = it.pos;
    else pieces.push(it.pos);
  }
  if (db?.dynamic) return undefined;
  const from = db ? db.value : ':memory:';
  if (a.slice(1).some((w) => /^--?(a|A|archive)$/.test(w.value))) return undefined;
  if (pieces.length) {
    const known = pieces.filter((p) => !p.dynamic);
    return known.length ? { lang: 'sqlite', code: known.map((p) => p.value.replace(/\n/g, ' ')).join('\n'), from } : undefined;
  }
  const s = fromStdin(inv, 'sqlite');
  return s && !('unknown' in s) ? { ...s, from } : undefined;
}

/** An interpreter's registry payload: its own entry's, or (python3.11, perl5.36) its versioned base's. */
function codePayload(name: string): Payload | undefined {
  const own = Object.hasOwn(BUILTIN, name) ? BUILTIN[name]!.payload : undefined;
  if (own) return own;
  const base = /^(.+?)[\d.]+$/.exec(name)?.[1];
  const p = base && Object.hasOwn(BUILTIN, base) ? BUILTIN[base]!.payload : undefined;
  return p?.versions ? p : undefined;
}

const READERS: Record<string, (inv: Invocation, p: Payload) => Found> = table({
  python,
  node: (inv, p) => node(inv, 'node', p),
  bun: (inv, p) => node(inv, 'bun', p),
  ruby: (inv, p) => rubyPerl(inv, 'ruby', p),
  perl: (inv, p) => rubyPerl(inv, 'perl', p),
  php,
  deno,
  awk,
  lua: (inv, p) => evalFlag(inv, 'lua', p),
  julia: (inv, p) => evalFlag(inv, 'julia', p),
  elixir: (inv, p) => evalFlag(inv, 'elixir', p),
});

/** The inline code an interpreter invocation runs, `{ unknown }` when it can't be seen. */
/** Blender runs Python: `--python-expr CODE`, or the file of `-P`/`--python` (blender --help). */
function blender(inv: Invocation): Found {
  const a = inv.argv;
  for (let i = 1; i < a.length - 1; i++) {
    const v = a[i]!.value;
    if (v === '--python-expr') return w(a[i + 1]!, 'python', v);
    if (v === '-P' || v === '--python') {
      const f = a[i + 1]!;
      if (f.dynamic) return { unknown: `blender runs the Python in ${f.text}, only known at run time` };
      const r = readBounded(f.value, inv.cwd);
      return 'text' in r ? { lang: 'python', code: r.text, from: `${v} ${f.value}` } : r;
    }
  }
  return undefined;
}

export function inlineCode(inv: Invocation): InlineCode | { unknown: string } | undefined {
  if (inv.name === 'blender') return blender(inv);
  const p = codePayload(inv.name);
  if (p?.client === 'sqlite3' || p?.client === 'duckdb') return sqlite(inv, p.client);
  const read = p?.kind === 'code' && p.lang && Object.hasOwn(READERS, p.lang) ? READERS[p.lang] : undefined;
  const r = read?.(inv, p!);
  // Where the code runs: a file it reads by a literal relative name is found from there.
  return r && 'code' in r && inv.cwd !== undefined ? { ...r, cwd: inv.cwd } : r;
}

/** Is stdin the program an interpreter runs (`python`, `python -`, `node < x.js`), as opposed to
 *  data for a script file or module (`curl … | python -m json.tool`, `python tool.py < in.json`)? */
export function codeOnStdin(inv: Invocation): boolean {
  return !!inv.stdin && inlineCode(inv) !== undefined && inlineCode({ ...inv, stdin: undefined }) === undefined;
}
