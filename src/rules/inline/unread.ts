// Code in languages lex.ts doesn't tokenize (awk, lua, julia, elixir), read by pattern for the calls
// that delete, move or truncate a file. A path that isn't a plain string literal is left out of the
// hit, which pauses like rm of an unknown path. awk's and lua's shell-outs are the rule
// filesystem/unread-code-shell-out; julia's and elixir's are reported here as dynamic.
import type { CodeHit } from './sinks.js';

export type PatternLang = 'awk' | 'lua' | 'julia' | 'elixir' | 'sqlite';

// A string literal and what follows it: "..." (all four), '...' (lua), [[...]] (lua).
const LIT = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\[\[([^\]]*)\]\])`;

interface Call { re: RegExp; what: string; kinds: Array<CodeHit['kind']>; mode?: RegExp }

/** `name(` (or, in lua and elixir, `name "x"`) then its arguments; each listed kind applies to the
 *  argument in that position, `mode` to the second one (a read-mode open is no hit). */
const call = (name: string, what: string, kinds: Array<CodeHit['kind']>, mode?: RegExp): Call =>
  ({ re: new RegExp(String.raw`(?<![\w.:])${name}(?:\s*\(|\s*(?=["'\[]))`, 'g'), what, kinds, ...(mode ? { mode } : {}) });

const CALLS: Record<Exclude<PatternLang, 'awk' | 'sqlite'>, Call[]> = {
  lua: [
    call(String.raw`os\s*\.\s*remove`, 'os.remove', ['delete']),
    call(String.raw`os\s*\.\s*rename`, 'os.rename', ['delete', 'overwrite']),
    call(String.raw`io\s*\.\s*open`, 'io.open', ['overwrite'], /^w/),
    call(String.raw`io\s*\.\s*output`, 'io.output', ['overwrite']),
  ],
  julia: [
    call(String.raw`(?:Base\.(?:Filesystem\.)?|Filesystem\.)?rm`, 'rm', ['delete']),
    call(String.raw`(?:Base\.(?:Filesystem\.)?|Filesystem\.)?mv`, 'mv', ['delete', 'overwrite']),
    call(String.raw`(?:Base\.(?:Filesystem\.)?|Filesystem\.)?cp`, 'cp', ['overwrite', 'overwrite']),
    call(String.raw`(?:Base\.(?:Filesystem\.)?|Filesystem\.)?write`, 'write', ['overwrite']),
    call(String.raw`(?:Base\.(?:Filesystem\.)?|Filesystem\.)?open`, 'open', ['overwrite'], /^w/),
  ],
  elixir: [
    call(String.raw`:file\.(?:delete|del_dir_r|del_dir)`, ':file.delete', ['delete']),
    call(String.raw`File\.(?:rm|rm!|rm_rf|rm_rf!|rmdir|rmdir!)`, 'File.rm', ['delete']),
    call(String.raw`File\.(?:rename|rename!)`, 'File.rename', ['delete', 'overwrite']),
    call(String.raw`File\.(?:cp|cp!|cp_r|cp_r!|copy|copy!)`, 'File.cp', ['overwrite', 'overwrite']),
    call(String.raw`File\.(?:write|write!)`, 'File.write', ['overwrite']),
  ],
};

// Calls that run a command or evaluate code countersign can't read.
const OPAQUE: Record<Exclude<PatternLang, 'awk' | 'lua' | 'sqlite'>, RegExp> = {
  // rm/mv passed as a function (foreach(rm, readdir(...)), rm.(files)) delete paths built at run time.
  julia: /`|\b(run|pipeline|eval|include|include_string|ccall)\s*\(|Meta\.parse|\b(foreach|map|map!|broadcast|asyncmap|pmap)\s*\(\s*(rm|mv)\s*,|\b(rm|mv)\s*\.\(/,
  elixir: /\b(System\.(cmd|shell)|:os\.cmd|Port\.open|Code\.(eval_string|eval_quoted|eval_file|require_file|compile_string)|:erlang\.open_port)\b/,
};

/** The literal value of the argument starting at `s[i]`, or undefined when it's an expression. */
function litAt(s: string, i: number): { v?: string; end: number } {
  const m = new RegExp(String.raw`^\s*${LIT}\s*(?=[,;)\s]|$)`).exec(s.slice(i));
  if (m) return { v: (m[1] ?? m[2] ?? m[3])!.replace(/\\(.)/g, '$1'), end: i + m[0].length };
  // An expression: skip to the next comma at this depth.
  let d = 0;
  let j = i;
  for (; j < s.length; j++) {
    const ch = s[j]!;
    if ('([{'.includes(ch)) d++;
    else if (')]}'.includes(ch)) { if (d === 0) break; d--; } else if (ch === ',' && d === 0) break;
    else if (ch === '\n' && d === 0) break;
  }
  return { end: j };
}

/** Where the string literals are, so that a call named inside one is text. */
function literalRanges(code: string): Array<[number, number]> {
  return [...code.matchAll(new RegExp(LIT, 'g'))].map((m) => [m.index, m.index + m[0].length]);
}

function callHits(code: string, calls: Call[]): CodeHit[] {
  const out: CodeHit[] = [];
  const lits = literalRanges(code);
  for (const c of calls) {
    for (const m of code.matchAll(c.re)) {
      if (lits.some(([a, b]) => m.index > a && m.index < b)) continue;
      if (/^\s*(stdout|stderr|STDOUT|STDERR)\b/.test(code.slice(m.index + m[0].length))) continue; // julia write(stdout, ...)
      let i = m.index + m[0].length;
      const args: Array<string | undefined> = [];
      for (let k = 0; k < Math.max(c.kinds.length, c.mode ? 2 : 0); k++) {
        const a = litAt(code, i);
        args.push(a.v);
        i = a.end;
        if (code[i] !== ',') break;
        i++;
      }
      if (c.mode && !(args[1] !== undefined ? c.mode.test(args[1]) : args.length > 1)) continue; // read mode
      c.kinds.forEach((kind, k) => {
        if (k > 0 && args.length <= k) return;
        out.push({ what: c.what, ...(args[k] !== undefined ? { arg: args[k] } : {}), kind });
      });
    }
  }
  return out;
}

/** A file name made of string literals and record numbers ("/tmp/split-" NR ".txt"); a number
 *  can't reach another directory, a field ($1) could, so anything else is unknown. */
function awkName(target: string, strs: string[]): string | undefined {
  const parts = target.split(/\s+/);
  if (!parts.every((p) => /^\0\d+\0$/.test(p) || /^(NR|FNR|NF)$/.test(p))) return undefined;
  return parts.map((p) => (p.startsWith('\0') ? strs[Number(p.slice(1, -1))]! : '1')).join('');
}

/** awk's `print > FILE` / `printf ... > FILE` truncates FILE (once per run); `>>` appends. */
function awkHits(code: string): CodeHit[] {
  const strs: string[] = [];
  // Strings out of the way first, so a `>` inside one is text; then statements one by one.
  const bare = code.replace(/"((?:[^"\\]|\\.)*)"/g, (_, v: string) => `\0${strs.push(v.replace(/\\(.)/g, '$1')) - 1}\0`);
  const out: CodeHit[] = [];
  for (const m of bare.matchAll(/\bprintf?\b([^;{}\n]*)/g)) {
    const rest = m[1]!;
    let d = 0;
    for (let j = 0; j < rest.length; j++) {
      const ch = rest[j]!;
      if (ch === '(') d++;
      else if (ch === ')') d--;
      if (ch !== '>' || d !== 0) continue;
      if (rest[j + 1] === '>' || rest[j - 1] === '>') break; // append
      const arg = awkName(rest.slice(j + 1).trim(), strs);
      out.push({ what: 'awk print >', ...(arg !== undefined ? { arg } : {}), kind: 'overwrite' });
      break;
    }
  }
  return out;
}

/** awk's shell-outs: `print | "CMD"`, `"CMD" | getline`, `system("CMD")`. A literal CMD is judged as a
 *  command line (`print | "cat > FILE"` writes FILE); any other is unknown. */
export function awkShell(code: string): { calls: Array<{ code: string; how: string }>; dynamic: string[] } {
  const strs: string[] = [];
  const bare = code.replace(/"((?:[^"\\]|\\.)*)"/g, (_, v: string) => `\0${strs.push(v.replace(/\\(.)/g, '$1')) - 1}\0`);
  const calls: Array<{ code: string; how: string }> = [];
  const dynamic: string[] = [];
  const lit = (x: string | undefined) => (x === undefined ? undefined : /^\0(\d+)\0$/.exec(x.trim()));
  const take = (target: string | undefined, how: string) => {
    const m = lit(target);
    if (m) calls.push({ code: strs[Number(m[1])]!, how });
    else dynamic.push(`awk ${how} runs a command built at run time`);
  };
  // print ... | CMD: the command runs to the end of the statement (a `|` elsewhere is a regex's).
  for (const m of bare.matchAll(/\bprintf?\b[^;{}\n|]*(?<!\|)\|&?(?!\|)\s*([^;{}\n|]*)/g)) {
    take(m[1]!.replace(/\)\s*$/, ''), '| command');
  }
  // `([^;{}\n|(]*?)\s*\|&?\s*getline\b` without its quadratic search (every start position scanned
  // to the next `|`): from each `| getline` back to the statement's start or the last match's end.
  let after = 0;
  for (const g of bare.matchAll(/\|&?\s*getline\b/g)) {
    let from = g.index;
    while (from > after && !';{}\n|('.includes(bare[from - 1]!)) from--;
    take(bare.slice(from, g.index).trim().split(/\s+/).pop(), 'command | getline');
    after = g.index + g[0].length;
  }
  for (const m of bare.matchAll(/\bsystem\s*\(([^)]*)\)/g)) take(m[1], 'system()');
  return { calls, dynamic };
}

/** Files the code deletes or overwrites. */
export function patternHits(lang: PatternLang, code: string): CodeHit[] {
  return lang === 'awk' ? awkHits(code) : lang === 'sqlite' ? [] : callHits(code, CALLS[lang]);
}

/** Calls that run commands or code countersign can't read (julia, elixir). */
export function patternOpaque(lang: PatternLang, code: string): string[] {
  if (lang === 'awk' || lang === 'lua' || lang === 'sqlite') return [];
  const m = OPAQUE[lang].exec(code);
  return m ? [`${lang} code runs a command or code it builds: ${m[0]}`] : [];
}
