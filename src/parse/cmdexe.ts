import { table } from '../own.js';
// Windows' cmd.exe, run from WSL (`cmd.exe /c "rd /s /q build"`): its command line as sh text
// the walker reads. cmd quotes only with "...", escapes with ^, and splits statements at &, &&,
// ||, | and parentheses; `\` is the path separator and `%NAME%` a variable that is never empty
// (an unset one stays as written). Its builtins that delete, move, rename or copy files (del,
// erase, rd, rmdir, move, ren, copy) become rm, find, rmdir, mv and cp on the same paths, with
// drive paths (C:\x) at /mnt/c/x, where WSL mounts them; `call` and `start` run the rest. Every
// other statement keeps its text, read as sh reads it, with its redirect targets as paths.
// Relative paths are read from the working directory: from a Linux directory cmd.exe starts in
// C:\Windows instead, so this is the side that fails closed.

interface Tok {
  start: number;
  end: number;
  /** Literal text (quotes and ^ removed) and variable references, in order. */
  parts: Array<string | { v: string }>;
  quoted: boolean;
  /** An operator: && || & | ( ) or a redirect (>, >>, 2>, 2>&1, <). */
  op?: string;
}

const BUILTINS = /^(del|erase|rd|rmdir|move|ren|rename|copy)$/;

/** A cmd.exe invocation's arguments (argv after the program): the sh text its command runs, or
 *  undefined when it runs none (no /c, /k or /r: an interactive cmd). `null`: leave the words to
 *  the caller (a word only known at run time). */
export function cmdExeText(args: Array<{ value: string; dynamic: boolean }>): string | null | undefined {
  let delayed = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (args[i]!.dynamic) return null;
    if (/^\/[ckr]$/i.test(v)) {
      const rest = args.slice(i + 1);
      if (!rest.length) return undefined;
      if (rest.some((a) => a.dynamic)) return null;
      // WSL quotes an argument with blanks when it builds the Windows command line.
      const line = rest.length === 1 ? rest[0]!.value : rest.map((a) => (/[\s]/.test(a.value) && !a.value.includes('"') ? `"${a.value}"` : a.value)).join(' ');
      return cmdToSh(line, delayed);
    }
    if (/^\/v(:on)?$/i.test(v)) delayed = true;
    else if (!/^\/[a-z](:\S*)?$/i.test(v)) return undefined;
  }
  return undefined;
}

function tokenize(text: string, delayed: boolean): Tok[] {
  const toks: Tok[] = [];
  let cur: Tok | undefined;
  let inQuote = false;
  let depth = 0;
  const lit = (s: string, at: number): void => {
    cur ??= { start: at, end: at, parts: [], quoted: false };
    const last = cur.parts[cur.parts.length - 1];
    if (typeof last === 'string') cur.parts[cur.parts.length - 1] = last + s;
    else cur.parts.push(s);
  };
  const flush = (at: number): void => {
    if (cur) {
      cur.end = at;
      toks.push(cur);
      cur = undefined;
    }
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const varRef = (c === '%' ? /^%([^%\s"]+)%/ : delayed && c === '!' ? /^!([^!\s"]+)!/ : undefined)?.exec(text.slice(i));
    if (varRef) {
      cur ??= { start: i, end: i, parts: [], quoted: false };
      cur.parts.push({ v: varRef[1]! });
      i += varRef[0].length;
      continue;
    }
    if (inQuote) {
      if (c === '"') inQuote = false;
      else lit(c, i);
      i++;
      continue;
    }
    if (c === '"') {
      cur ??= { start: i, end: i, parts: [], quoted: false };
      cur.quoted = true;
      inQuote = true;
      i++;
      continue;
    }
    if (c === '^' && i + 1 < text.length) {
      lit(text[i + 1]!, i);
      i += 2;
      continue;
    }
    if (/[\s,;=]/.test(c)) {
      flush(i);
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || c === '&' || c === '|' || (c === '(' && !cur) || (c === ')' && depth > 0)) {
      flush(i);
      const op = two === '&&' || two === '||' ? two : c;
      if (op === '(') depth++;
      if (op === ')') depth--;
      toks.push({ start: i, end: i + op.length, parts: [], quoted: false, op });
      i += op.length;
      continue;
    }
    if (c === '>' || c === '<') {
      // A lone digit right before it is the handle: `2>nul`.
      let start = i;
      let op = c;
      if (cur && !cur.quoted && cur.parts.length === 1 && /^\d$/.test(cur.parts[0] as string) && cur.start === i - 1) {
        start = cur.start;
        op = `${cur.parts[0]}${c}`;
        cur = undefined;
      } else flush(i);
      let j = i + 1;
      if (c === '>' && text[j] === '>') { op += '>'; j++; }
      const dup = /^&\d/.exec(text.slice(j));
      if (dup) { op += dup[0]; j += 2; }
      toks.push({ start, end: j, parts: [], quoted: false, op });
      i = j;
      continue;
    }
    lit(c, i);
    i++;
  }
  flush(text.length);
  return toks;
}

const sq = (s: string): string => (s === '' ? '' : /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Variables cmd sets itself, as the paths they name: the working directory, the profile (read
 *  as the home it is on Windows), the system drive and folder. Others are only known at run
 *  time (but never empty). */
const WELL_KNOWN: Record<string, string> = table({
  CD: '"$PWD"',
  __CD__: '"$PWD"/',
  USERPROFILE: '~',
  HOMEPATH: '~',
  HOMEDRIVE: '/mnt/c',
  SYSTEMDRIVE: '/mnt/c',
  SYSTEMROOT: '/mnt/c/Windows',
  WINDIR: '/mnt/c/Windows',
});

/** A cmd variable's name as an sh one. */
function varName(v: string): string {
  const name = v.replace(/\W/g, '_');
  return /^\d/.test(name) ? `_${name}` : name;
}

/** One token as an sh word naming a path: `\` is `/`, `C:\x` is /mnt/c/x, `*` and `?` stay
 *  patterns, a variable is one that is never empty. */
function pathWord(t: Tok): string {
  let out = '';
  t.parts.forEach((p, k) => {
    if (typeof p !== 'string') {
      const known = WELL_KNOWN[p.v.toUpperCase()];
      // %HOMEDRIVE%%HOMEPATH% is the profile, as %USERPROFILE% is.
      if (p.v.toUpperCase() === 'HOMEDRIVE' && typeof t.parts[k + 1] === 'object' && (t.parts[k + 1] as { v: string }).v.toUpperCase() === 'HOMEPATH') return;
      if (known !== undefined) {
        out += known;
        return;
      }
      out += `"\${${varName(p.v)}:-%${p.v.replace(/["\\$`}]/g, '_')}%}"`;
      return;
    }
    let s = p.replace(/\\/g, '/');
    if (k === 0) s = s.replace(/^([A-Za-z]):(\/|$)/, (_m, d: string) => `/mnt/${d.toLowerCase()}/`).replace(/^\/\/(wsl\$|wsl\.localhost)\/[^/]+(\/|$)/i, '/');
    if (t.parts.length === 1 && /^(nul|con)$/i.test(s)) s = '/dev/null';
    out += s.split(/([*?])/).map((x) => (x === '*' || x === '?' ? x : sq(x))).join('');
  });
  return out || "''";
}

/** A path token's directory (a token, none for a bare name) and last name (undefined when a
 *  variable is in it: any name). */
function splitPath(t: Tok): { dir?: Tok; base?: string } {
  for (let k = t.parts.length - 1; k >= 0; k--) {
    const p = t.parts[k]!;
    if (typeof p !== 'string') continue;
    const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    if (cut < 0) continue;
    const tail = [p.slice(cut + 1), ...t.parts.slice(k + 1)];
    const head = [...t.parts.slice(0, k), p.slice(0, cut) || '/'];
    return { dir: { ...t, parts: head }, base: tail.every((x) => typeof x === 'string') ? tail.join('') || '*' : undefined };
  }
  return { base: t.parts.every((x) => typeof x === 'string') ? plain(t) : undefined };
}

/** The literal text of a token (variables as written). */
const plain = (t: Tok): string => t.parts.map((p) => (typeof p === 'string' ? p : `%${p.v}%`)).join('');

/** Split a token glued to its switches (`rd/s/q` → rd /s /q; `/s/q` → /s /q). */
function unglue(words: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (const w of words) {
    const s = plain(w);
    const m = /^([^/]+)((?:\/[^/]*)+)$/.exec(s);
    if (!w.quoted && w.parts.length === 1 && (m ? BUILTINS.test(m[1]!.replace(/^@/, '').toLowerCase()) : /^(\/[a-z-][^/]*){2,}$/i.test(s))) {
      const pieces = m ? [m[1]!, ...m[2]!.split(/(?=\/)/)] : s.split(/(?=\/)/);
      for (const p of pieces) out.push({ ...w, parts: [p] });
    } else out.push(w);
  }
  return out;
}

/** A builtin statement as sh, or undefined when it isn't one. */
/** A statement as sh: a string (translated), `{ from }` (its own text from that offset, after a
 *  prefix that only runs it: call, start, if exist X, else) or undefined (its own text). */
function builtin(words: Tok[], text: string, end: number): string | { from: number } | undefined {
  let ws = unglue(words);
  // `call X` and `start ["title"] [/switches] X` run X.
  let prefixed = false;
  for (;;) {
    const first = ws[0] && plain(ws[0]).replace(/^@/, '').toLowerCase();
    if (first === 'call' || first === 'else') ws = ws.slice(1);
    else if (first === 'start') {
      ws = ws.slice(1);
      if (ws[0]?.quoted) ws = ws.slice(1);
      while (ws[0] && /^\//.test(plain(ws[0]))) ws = ws.slice(/^\/d$/i.test(plain(ws[0])) ? 2 : 1);
    } else if (first === 'if') {
      // `if [/i] [not] exist|defined|errorlevel X CMD` may run CMD (either way, read as run); a
      // comparison is left as written (sh can't read it: code that can't be seen).
      let k = 1;
      if (ws[k] && /^\/i$/i.test(plain(ws[k]!))) k++;
      if (ws[k] && plain(ws[k]!).toLowerCase() === 'not') k++;
      if (!/^(exist|defined|errorlevel|cmdextversion)$/.test(ws[k] ? plain(ws[k]!).toLowerCase() : '')) return undefined;
      ws = ws.slice(k + 2);
    } else break;
    prefixed = true;
  }
  if (!ws.length) return prefixed ? ':' : undefined;
  const cmd = plain(ws[0]!).replace(/^@/, '').toLowerCase();
  if (cmd === 'cmd' || cmd === 'cmd.exe') {
    // A nested cmd runs the rest of the statement's text after its /c (/k, /r).
    const c = ws.findIndex((w, k) => k > 0 && /^\/[ckr]$/i.test(plain(w)));
    if (c < 0) return ':';
    const rest = text.slice(ws[c]!.end, end).trim();
    return `(${cmdToSh(/^".*"$/s.test(rest) ? rest.slice(1, -1) : rest)})`;
  }
  if (cmd === 'set' && ws.length > 1) {
    // `set NAME=VALUE` names a value later %NAME% (and !NAME!) may read: assigned here, so what
    // a later statement names with it is seen (set /p reads it from input: unknown).
    let rest = text.slice(ws[0]!.end, end).trim();
    const prompt = /^\/p\s*/i.exec(rest);
    if (/^\/a\b/i.test(rest)) return ':';
    if (prompt) rest = rest.slice(prompt[0].length);
    if (/^".*"$/s.test(rest)) rest = rest.slice(1, -1);
    const m = /^([^=\s]+)=(.*)$/s.exec(rest);
    if (!m) return ':';
    const name = varName(m[1]!);
    return prompt ? `read -r ${name}` : `export ${name}=${pathWord({ start: 0, end: 0, parts: [m[2]!], quoted: false })}`;
  }
  if (cmd === 'robocopy' || cmd === 'robocopy.exe') return robocopySh(ws.slice(1));
  if (!BUILTINS.test(cmd)) return prefixed ? { from: ws[0]!.start } : undefined;
  const switches = ws.slice(1).filter((w) => !w.quoted && /^\//.test(plain(w))).map((w) => plain(w).toLowerCase());
  const paths = ws.slice(1).filter((w) => w.quoted || !/^\//.test(plain(w)));
  if (!paths.length) return ':';
  const p = paths.map(pathWord);
  const sub = switches.includes('/s');
  switch (cmd) {
    case 'del':
    case 'erase': {
      // A directory named is emptied of its files; /s also deletes matching names in every
      // subdirectory (read as find over the pattern's directory).
      const rm = `rm -f -- ${p.map((x) => `${x} ${x}/*`).join(' ')}`;
      if (!sub) return rm;
      const finds = paths.map((t) => {
        const { dir, base } = splitPath(t);
        return `find ${dir ? pathWord(dir) : '.'} -name ${sq(base ?? '*')} -exec rm -rf {} +`;
      });
      return `rm -rf -- ${p.join(' ')}; ${finds.join('; ')}`;
    }
    case 'rd':
    case 'rmdir':
      return sub ? `rm -rf -- ${p.join(' ')}` : `rmdir -- ${p.join(' ')}`;
    case 'move':
      return `mv -f -- ${p.length === 1 ? `${p[0]} .` : p.join(' ')}`;
    case 'ren':
    case 'rename': {
      if (p.length < 2) return `mv -f -- ${p[0]} ./x`;
      const { dir } = splitPath(paths[0]!);
      return `mv -f -- ${p[0]} ${dir ? `${pathWord(dir)}/` : ''}${p[1]}`;
    }
    default:
      return `cp -f -- ${p.length === 1 ? `${p[0]} .` : p.join(' ')}`;
  }
}

/** cmd's command line as sh text (see the top of this file). Statements are joined by the
 *  operator between them: && || | as they are, anything else (&, parentheses: cmd's blocks are
 *  not subshells) as `;`. */
export function cmdToSh(text: string, delayed = false): string {
  const toks = tokenize(text, delayed);
  let out = '';
  let gap: string[] = [];
  const isSep = (t: Tok): boolean => t.op !== undefined && !/[<>]/.test(t.op);
  for (let i = 0; i < toks.length; ) {
    if (isSep(toks[i]!)) {
      gap.push(toks[i]!.op!);
      i++;
      continue;
    }
    let j = i;
    while (j < toks.length && !isSep(toks[j]!)) j++;
    const stmt = toks.slice(i, j);
    const words: Tok[] = [];
    const redirects: Array<[Tok, Tok | undefined]> = [];
    for (let k = 0; k < stmt.length; k++) {
      const t = stmt[k]!;
      if (t.op) {
        const target = /&\d$/.test(t.op) ? undefined : stmt[k + 1];
        if (target && !target.op) k++;
        redirects.push([t, target && !target.op ? target : undefined]);
      } else words.push(t);
    }
    const end = stmt[stmt.length - 1]!.end;
    const b = builtin(words, text, end);
    if (out) out += ` ${gap.find((g) => g === '&&' || g === '||' || g === '|') ?? ';'} `;
    gap = [];
    if (typeof b === 'string') {
      out += `${b} ${redirects.map(([op, tgt]) => `${op.op}${tgt ? pathWord(tgt) : ''}`).join(' ')}`.trimEnd();
    } else {
      // The statement's own text, with each redirect target read as a path.
      let pos = b?.from ?? stmt[0]!.start;
      for (const [op, tgt] of redirects) {
        if (!tgt || op.start < pos) continue;
        out += text.slice(pos, tgt.start) + pathWord(tgt);
        pos = tgt.end;
      }
      out += text.slice(pos, end);
    }
    i = j;
  }
  return out;
}

/** robocopy SRC DST [FILES] [/switches] as rsync: /MIR and /PURGE delete from DST what SRC
 *  lacks (--delete), /MOV and /MOVE delete the copied files from SRC (--remove-source-files);
 *  /L only lists. */
function robocopySh(args: Tok[]): string {
  // A switch has no second slash: /tmp/empty (a Linux path from WSL) is a path.
  const isSwitch = (w: Tok): boolean => !w.quoted && /^\/[A-Za-z?]+(:\S*)?$/.test(plain(w));
  const sw = args.filter(isSwitch).map((w) => plain(w).toLowerCase().replace(/:.*$/, ''));
  const pos = args.filter((w) => !isSwitch(w));
  if (sw.includes('/l') || pos.length < 2) return ':';
  const opts = [sw.some((x) => x === '/mir' || x === '/purge') ? ' --delete' : '', sw.some((x) => x === '/mov' || x === '/move') ? ' --remove-source-files' : ''].join('');
  return `rsync -a${opts} -- ${pathWord(pos[0]!)}/ ${pathWord(pos[1]!)}/`;
}

/** robocopy run directly (from WSL, robocopy.exe): its arguments as sh (see robocopySh);
 *  undefined when one is only known at run time. */
export function robocopyText(args: Array<{ value: string; dynamic: boolean }>): string | undefined {
  if (args.some((a) => a.dynamic)) return undefined;
  const toks = args.map((a): Tok => ({ start: 0, end: 0, parts: [a.value], quoted: /\s/.test(a.value) }));
  return robocopySh(toks);
}
