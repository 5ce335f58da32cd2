// Programs that run a command given in an option or in their own script language: ssh
// ProxyCommand, rsync -e, GNU sed's `e`, gdb `shell`, zip -TT, git ext:: transports, and tcl,
// expect, ed, emacs, R and PowerShell code. Each yields shell code for the walker; a deletion in
// the tool's own language becomes the equivalent `rm` so the path rules judge it; anything built
// at run time yields `code: undefined` (the walker reports it as opaque: fail closed).
import { programFor, readItems, type OptionItem } from '../programs/index.js';
import type { Invocation, Word } from './types.js';
import type { Embedded } from './embedded.js';

export const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Value of `-o KEY=V`, `-oKEY=V`, `-o 'KEY V'` ssh options whose value is a local command. */
const SSH_CMD_OPTS = /^(proxycommand|localcommand|knownhostscommand|remotecommand)$/i;

/** ssh's argv as ssh reads it (its grammar in the registry): options, the destination, options
 *  again (OpenSSH reads them after the destination too), then the remote command. */
export function sshArgs(args: Word[]): { options: OptionItem[]; host?: Word; command: Word[] } {
  const options: OptionItem[] = [];
  let host: Word | undefined;
  for (const it of readItems(args, programFor('ssh'))) {
    if (!('pos' in it)) options.push(it);
    else if (!host) host = it.pos;
    else return { options, host, command: args.slice(args.indexOf(it.pos)) };
  }
  return { options, host, command: [] };
}

/** The options of an ssh-family program (ssh before its command, scp, sftp). */
function sshFamilyOptions(args: Word[], name: string): OptionItem[] {
  return name === 'ssh' ? sshArgs(args).options : readItems(args, programFor(name)).filter((it) => !('pos' in it));
}

/** `ssh -o RemoteCommand=CMD HOST`: the command the host runs when the line gives none (`none`: none). */
export function sshRemoteCommand(options: OptionItem[]): Word | undefined {
  for (const it of options) {
    const v = 'opt' in it && it.opt === '-o' ? it.value : undefined;
    const m = v && /^\s*remotecommand\s*(?:=\s*|\s+)(.*)$/is.exec(v.value);
    if (!v || !m) continue;
    // ssh keeps the first value given for an option.
    if (v.dynamic) return v;
    if (m[1]!.trim().toLowerCase() === 'none') return undefined;
    return { ...v, value: m[1]!.replace(/%%/g, '\0').replace(/%[hnrpCdiklLTu]/g, 'x').replace(/\0/g, '%') };
  }
  return undefined;
}

export function sshOptions(args: Word[], how: string, name = 'ssh'): Embedded[] {
  const out: Embedded[] = [];
  for (const it of sshFamilyOptions(args, name)) {
    const opt = 'opt' in it && it.opt === '-o' ? it.value : undefined;
    if (!opt) continue;
    const m = /^\s*(\w+)\s*(?:=\s*|\s+)(.*)$/s.exec(opt.value);
    if (!m || !SSH_CMD_OPTS.test(m[1]!)) continue;
    // ssh's RemoteCommand runs on the host: the walker reads it there (walk.ts ssh).
    if (name === 'ssh' && /^remotecommand$/i.test(m[1]!)) continue;
    // RemoteCommand runs on the remote host: not a local concern, but a remote one; keep it.
    const code = opt.dynamic ? undefined : m[2]!.replace(/%%/g, '\0').replace(/%[hnrp]/g, 'host').replace(/\0/g, '%');
    if (code?.trim().toLowerCase() === 'none') continue;
    out.push({ code, how: `${how} -o ${m[1]}` });
  }
  return out;
}

/** The values of one option (and its other spellings), as the program's registry grammar reads argv. */
function optionValues(args: Word[], name: string, opts: string[]): Word[] {
  return readItems(args, programFor(name)).flatMap((it) => ('opt' in it && opts.includes(it.opt) && it.value ? [it.value] : []));
}

/** The options that carry a program's code (registry: `payload.flags`), as it reads its argv:
 *  each one's value (undefined when it has none), in order. */
export function codeValues(args: Word[], name: string): Array<Word | undefined> {
  const spec = programFor(name);
  const flags = spec?.payload?.flags ?? [];
  return readItems(args, spec).flatMap((it) => ('opt' in it && flags.includes(it.opt) ? [it.value] : []));
}

/** rsync -e/--rsh: the command is run as `CMD host rsync --server ...`. */
export function rsyncShell(args: Word[]): Embedded[] {
  return optionValues(args, 'rsync', ['-e', '--rsh']).map((w) => ({ code: w.dynamic ? undefined : `${w.value} host rsync-server`, how: 'rsync -e' }));
}

/** scp/sftp -S PROGRAM runs the program instead of ssh; -o as ssh. */
export function scpShell(args: Word[], name: string): Embedded[] {
  const out = sshOptions(args, name, name);
  for (const w of optionValues(args, name, ['-S'])) out.push({ code: w.dynamic ? undefined : `${q(w.value)} host`, how: `${name} -S` });
  return out;
}

/** The text of a file a tool reads code from (the line's when it wrote it, else the disk's); null
 *  when it can't be known, undefined when it isn't there (the tool then fails). */
export type CodeFile = (f: Word) => string | null | undefined;

/** GNU sed: the `e` command runs a shell command, the `s///e` flag runs the pattern space. */
export function sedCode(args: Word[], stdin?: string, read?: CodeFile): Embedded[] {
  const scripts: Word[] = [];
  let sawScript = false;
  // `sed -f - / -f /dev/stdin`: the script is what the line feeds it; `-f FILE`: the file's.
  const fromFile = (f: Word | undefined) => {
    sawScript = true;
    if (!f) return;
    if (/^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/.test(f.value)) scripts.push(stdin !== undefined ? { value: stdin, dynamic: false, glob: false, text: f.text } : { ...f, value: 'e', dynamic: true });
    else {
      const t = read?.(f);
      if (t === null) scripts.push({ ...f, value: 'e', dynamic: true });
      else if (t !== undefined) scripts.push({ ...f, value: t, dynamic: false });
    }
  };
  // Its options as sed reads them (registry: sed): bundles, `--expr` for --expression.
  const spec = programFor('sed');
  const code = spec?.payload?.flags ?? [];
  const files = spec?.payload?.files ?? [];
  for (const it of readItems(args, spec)) {
    if ('pos' in it) {
      if (!sawScript) scripts.push(it.pos);
      sawScript = true;
    } else if (code.includes(it.opt)) {
      if (it.value) scripts.push(it.value);
      sawScript = true;
    } else if (files.includes(it.opt)) fromFile(it.value);
  }
  const out: Embedded[] = [];
  for (const s of scripts) {
    // A script built at run time may hold `e` anywhere: only when it could (contains an e).
    if (s.dynamic) {
      if (/e/.test(s.value)) out.push({ code: undefined, how: 'sed script built at run time' });
      continue;
    }
    out.push(...sedScript(s.value));
  }
  return out;
}

/** Walk a sed script's commands (one level of `{}` and `;`/newline separators). */
function sedScript(text: string): Embedded[] {
  const out: Embedded[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // separators and blocks
    while (i < n && /[\s;{}!]/.test(text[i]!)) i++;
    if (i >= n) break;
    // address: numbers, $, /re/, \cREc, ranges, steps
    for (;;) {
      if (/[\d$~+,]/.test(text[i] ?? '')) { i++; continue; }
      if (text[i] === '/' || (text[i] === '\\' && i + 1 < n)) {
        const d = text[i] === '/' ? '/' : text[i + 1]!;
        i += text[i] === '/' ? 1 : 2;
        while (i < n && text[i] !== d) i += text[i] === '\\' ? 2 : 1;
        i++;
        while (/[IM]/.test(text[i] ?? '')) i++;
        continue;
      }
      break;
    }
    while (i < n && /[\s!]/.test(text[i]!)) i++;
    const cmd = text[i];
    if (cmd === undefined) break;
    i++;
    if (cmd === 'e') {
      const end = text.indexOf('\n', i);
      const rest = text.slice(i, end < 0 ? n : end).trim();
      // `e` alone runs the pattern space: what sed reads decides.
      out.push({ code: rest || undefined, how: rest ? 'sed e' : 'sed e (runs the text sed reads)' });
      i = end < 0 ? n : end;
    } else if (cmd === 's' || cmd === 'y') {
      const d = text[i];
      if (d === undefined) break;
      i++;
      for (let part = 0; part < 2; part++) {
        while (i < n && text[i] !== d) i += text[i] === '\\' ? 2 : 1;
        i++;
      }
      let flags = '';
      while (i < n && /[\w]/.test(text[i]!)) flags += text[i++];
      if (cmd === 's' && flags.includes('e')) out.push({ code: undefined, how: 'sed s///e (runs the substituted text)' });
      if (/[wW]/.test(flags)) {
        const end = skipLine(text, i);
        out.push(sedWrite(text.slice(i, end)));
        i = end;
      }
    } else if (cmd === 'w' || cmd === 'W') {
      const end = skipLine(text, i);
      out.push(sedWrite(text.slice(i, end)));
      i = end;
    } else if (/[aicrRbtTlqQ:]/.test(cmd)) {
      // commands taking the rest of the line (text, file names, labels)
      i = skipLine(text, i);
    }
  }
  return out;
}

/** `w FILE` truncates FILE, like a redirection: the redirect rules judge it. */
function sedWrite(name: string): Embedded {
  const f = name.trim();
  return { code: f && !/^\/dev\/(stdout|stderr)$/.test(f) ? `: > ${q(f)}` : '', how: 'sed w' };
}

function skipLine(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  // `b label; n` — GNU ends labels at ; too; text commands run to the newline
  return end < 0 ? text.length : end;
}

/** gdb -ex/--eval-command 'shell CMD' or '!CMD'; python/pipe commands run code we don't read. */
export function gdbCode(args: Word[], stdinText: string | undefined, read?: CodeFile): Embedded[] {
  const cmds: Array<Word | undefined> = [];
  // Its options as gdb reads them (registry: gdb; -eval is --eval-command); --args ends them.
  const spec = programFor('gdb');
  for (const it of readItems(args, spec)) {
    if (!('opt' in it)) continue;
    if (it.opt === '--args') break;
    if (spec?.payload?.flags?.includes(it.opt)) cmds.push(it.value);
    // -x FILE, --command=FILE, -ix FILE: a file of the same commands.
    else if (spec?.payload?.files?.includes(it.opt) && it.value) {
      const t = read?.(it.value);
      if (t === null) cmds.push({ ...it.value, dynamic: true });
      else if (t !== undefined) cmds.push(...t.split('\n').map((l) => ({ ...it.value!, value: l })));
    }
  }
  const out: Embedded[] = [];
  const lines = [...cmds.map((w) => (w ? (w.dynamic ? undefined : w.value) : '')), ...(stdinText?.split('\n') ?? [])];
  for (const l of lines) {
    if (l === undefined) { out.push({ code: undefined, how: 'gdb command built at run time' }); continue; }
    const m = /^\s*(?:shell\s+|!\s*)(.*)$/s.exec(l);
    const call = /^\s*(call|print|p|output|printf)\b.*\b(system|popen|execl\w*|execv\w*)\s*\(\s*(?:"((?:[^"\\]|\\.)*)")?/.exec(l);
    // dump [FORMAT] memory|value FILE ...: writes FILE (append adds to it).
    const dump = /^\s*dump(?:\s+(?:binary|ihex|srec|tekhex|verilog|value|memory))*\s+("[^"]*"|\S+)/.exec(l);
    if (dump && !/^(binary|ihex|srec|tekhex|verilog|value|memory)$/.test(dump[1]!)) out.push({ code: `: > ${q(dump[1]!.replace(/^"|"$/g, ''))}`, how: 'gdb dump' });
    if (m) out.push({ code: m[1], how: 'gdb shell' });
    else if (call) out.push({ code: call[2] === 'system' || call[2] === 'popen' ? call[3]?.replace(/\\(.)/g, '$1') : undefined, how: `gdb ${call[1]} ${call[2]}()` });
    else if (/^\s*(pipe|\||python|py|pi|python-interactive|guile|gu|source|eval)\b/.test(l)) out.push({ code: undefined, how: `gdb ${l.trim().split(/\s+/)[0]}` });
  }
  return out;
}

/** zip -TT/--unzip-command CMD: runs CMD (with {} the archive) to test it. Info-ZIP reads `TT`
 *  inside a bundle of short options too, its value the rest of the word (after an optional `=`)
 *  or the next word (`-qTT CMD`, `-TqTT=CMD`), and long options by a unique prefix (`--unz`). */
export function zipCode(args: Word[]): Embedded[] {
  const out: Embedded[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (v === '--') break;
    const long = /^--(unz[a-z-]*)(=|$)/.exec(v);
    const tt = /^-[^-]*?TT=?/.exec(v);
    let w: Word | undefined;
    if (long && 'unzip-command'.startsWith(long[1]!)) w = long[2] ? { ...a, value: v.slice(long[0].length) } : args[++i];
    else if (tt) w = v.length > tt[0].length ? { ...a, value: v.slice(tt[0].length) } : args[++i];
    if (w) out.push({ code: w.dynamic ? undefined : w.value.replace(/\{\}/g, 'archive.zip'), how: 'zip -TT' });
  }
  return out;
}

/** git's ext:: transport: `ext::CMD ARGS` runs CMD directly; `% ` is a space, `%%` a percent. */
export function gitExt(args: Word[]): Embedded[] {
  const out: Embedded[] = [];
  for (const a of args) {
    const i = a.value.indexOf('ext::');
    if (i < 0) continue;
    if (a.dynamic) { out.push({ code: undefined, how: 'git ext:: transport' }); continue; }
    const words: string[] = [];
    let cur = '';
    // `-c url.ext::CMD.insteadOf=x`: the URL ends before the config key's last part.
    const s = a.value.slice(i + 5).replace(/\.(push)?insteadof=.*$/is, '');
    for (let k = 0; k < s.length; k++) {
      const c = s[k]!;
      if (c === '%' && k + 1 < s.length) {
        const d = s[++k]!;
        cur += d === ' ' ? ' ' : d === '%' ? '%' : d === 's' || d === 'S' ? 'git-upload-pack' : '';
      } else if (c === ' ') {
        if (cur) words.push(cur);
        cur = '';
      } else cur += c;
    }
    if (cur) words.push(cur);
    out.push({ code: words.map(q).join(' '), how: 'git ext:: transport' });
  }
  return out;
}

// ---- script languages: tcl/expect, ed, emacs lisp, R, PowerShell ----

/** Turn a deletion in another language into `rm`, or undefined when its path isn't literal. */
const rm = (recursive: boolean, paths: string[]): string => `rm -f${recursive ? 'r' : ''} -- ${paths.map(q).join(' ')}`;

/** tcl and expect: `exec`, `spawn`, `system`, `open "|cmd"`, `file delete`. */
export function tclCode(code: string, how: string): Embedded[] {
  const out: Embedded[] = [];
  // Commands start a line, follow `;` or `[`.
  const re = /(?:^|[;\n[{])\s*(exec|spawn|system|file\s+delete|open|eval|uplevel|subst|interp|source)\b([^;\n\]}]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    const verb = m[1]!.replace(/\s+/g, ' ');
    const rest = m[2]!.trim();
    const words = tclWords(rest);
    if (verb === 'open') {
      if (/^\s*["{]?\|/.test(rest)) out.push(words && words[0] ? { code: words[0].replace(/^\|/, ''), how: `${how} open |` } : { code: undefined, how: `${how} open |` });
      continue;
    }
    if (verb === 'eval' || verb === 'uplevel' || verb === 'subst' || verb === 'interp' || verb === 'source') {
      if (/[$[]/.test(rest)) out.push({ code: undefined, how: `${how} ${verb}` });
      else if (verb === 'eval' || verb === 'uplevel') out.push(...tclCode(rest.replace(/^#?\d+\s+/, '').replace(/^\{(.*)\}$/s, '$1'), how));
      continue;
    }
    if (!words) { out.push({ code: undefined, how: `${how} ${verb}` }); continue; }
    if (verb === 'file delete') {
      const force = words.includes('-force');
      out.push({ code: rm(force, words.filter((w) => !w.startsWith('-'))), how: `${how} file delete` });
    } else {
      const argv = words.filter((w, k) => !(verb === 'exec' && k === 0 && w === '-ignorestderr') && !(verb === 'spawn' && w.startsWith('-') && k === 0));
      if (argv.length) out.push({ code: verb === 'system' ? argv.join(' ') : argv.map(q).join(' '), how: `${how} ${verb}` });
    }
  }
  return out;
}

/** tcl words: plain, "quoted" and {braced}; undefined when a `$var` or `[cmd]` makes one dynamic. */
function tclWords(s: string): string[] | undefined {
  const out: string[] = [];
  const re = /\{([^}]*)\}|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[1] !== undefined) out.push(m[1]);
    else {
      const w = m[2] ?? m[3]!;
      if (/[$[]/.test(w)) return undefined;
      out.push(w.replace(/\\(.)/g, '$1'));
    }
  }
  return out;
}

/** ed/ex: `!cmd` lines, and `r !cmd`, `w !cmd`, `e !cmd`. */
export function edCode(text: string, file?: string): Embedded[] {
  const out: Embedded[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*[\d.,$;'a-z+-]*\s*(?:[rweWE]\s*)?!(.*)$/.exec(line);
    if (m) out.push({ code: m[1], how: 'ed !' });
    // `w` / `wq` / `w FILE` rewrites a file.
    const w = /^\s*[\d.,$;']*\s*[wW]q?\s*([^!\s].*)?$/.exec(line);
    const target = w ? (w[1]?.trim() || file) : undefined;
    if (target) out.push({ code: `: > ${q(target)}`, how: 'ed w' });
  }
  return out;
}

/** emacs --eval: shell-command and friends run shell code; delete-* remove files. */
export function elispCode(code: string): Embedded[] {
  const out: Embedded[] = [];
  const str = String.raw`"((?:[^"\\]|\\.)*)"`;
  const shell = new RegExp(String.raw`\((shell-command|shell-command-to-string|async-shell-command|call-process-shell-command|start-process-shell-command|process-lines)\s+(?:${str}|([^\s)]+))`, 'g');
  let m: RegExpExecArray | null;
  while ((m = shell.exec(code))) out.push({ code: m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : undefined, how: `emacs ${m[1]}` });
  const del = new RegExp(String.raw`\((delete-directory|delete-file|move-file-to-trash)\s+(?:${str}|([^\s)]+))([^)]*)\)`, 'g');
  while ((m = del.exec(code))) {
    const p = m[2]?.replace(/\\(.)/g, '$1');
    out.push({ code: p === undefined ? undefined : rm(m[1] === 'delete-directory' && /\bt\b/.test(m[4] ?? ''), [p]), how: `emacs ${m[1]}` });
  }
  if (/\((call-process|start-process|make-process|process-file|eval|funcall|apply|intern)\b/.test(code) && /\((call-process|start-process|make-process|process-file)\b|\((eval|funcall|apply)\s+\(intern/.test(code)) out.push({ code: undefined, how: 'emacs runs a program built at run time' });
  return out;
}

/** R: system()/system2()/shell() run commands; unlink()/file.remove() delete; httr's DELETE(url)
 *  and httr2's req_method("DELETE") send what curl -X DELETE would. */
export function rCode(code: string): Embedded[] {
  const out: Embedded[] = [];
  const str = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`;
  let m: RegExpExecArray | null;
  const sys = new RegExp(String.raw`\b(system|shell|pipe)\s*\(\s*(?:${str})?`, 'g');
  while ((m = sys.exec(code))) {
    const s = m[2] ?? m[3];
    out.push({ code: s, how: `R ${m[1]}()` });
  }
  const sys2 = new RegExp(String.raw`\bsystem2\s*\(\s*(?:${str})?\s*(?:,\s*(?:args\s*=\s*)?(?:${str}|c\(([^)]*)\)))?`, 'g');
  while ((m = sys2.exec(code))) {
    const cmd = m[1] ?? m[2];
    const one = m[3] ?? m[4];
    const list = m[5]?.split(',').map((x) => x.trim().replace(/^["']|["']$/g, ''));
    out.push({ code: cmd === undefined ? undefined : [q(cmd), ...(one !== undefined ? [one] : (list ?? []).map(q))].join(' '), how: 'R system2()' });
  }
  const del = new RegExp(String.raw`\b(unlink|file\.remove|fs::dir_delete|fs::file_delete|dir_delete|file_delete)\s*\(\s*(?:${str}|c\(([^)]*)\)|([^,)]+))([^)]*)\)`, 'g');
  while ((m = del.exec(code))) {
    const lit = m[2] ?? m[3];
    const list = m[4]?.split(',').map((x) => x.trim()).filter(Boolean);
    const paths = lit !== undefined ? [lit] : list && list.every((x) => /^["'].*["']$/.test(x)) ? list.map((x) => x.slice(1, -1)) : undefined;
    const recursive = /recursive\s*=\s*(TRUE|T)\b/.test(m[6] ?? '') || /dir_delete/.test(m[1]!);
    out.push({ code: paths ? rm(recursive, paths) : undefined, how: `R ${m[1]}()` });
  }
  for (const h of code.matchAll(new RegExp(String.raw`\b(?:httr::)?(DELETE|VERB)\s*\(\s*(?:"DELETE"\s*,\s*)?(?:url\s*=\s*)?(?:${str})?`, 'g'))) {
    if (h[1] === 'VERB' && !/^VERB\s*\(\s*"DELETE"/.test(h[0].replace(/^httr::/, ''))) continue;
    const u = h[2] ?? h[3];
    out.push({ code: u === undefined ? undefined : `curl -X DELETE ${q(u)}`, how: `R httr ${h[1]}()` });
  }
  // DBI (rt27a): dbExecute/dbSendStatement/dbSendQuery/dbGetQuery(con, "SQL") send SQL, and
  // dbRemoveTable(con, "t") drops t, on a connection whose server can't be read here (as usql).
  for (const d of code.matchAll(new RegExp(String.raw`\b(?:DBI::)?(dbExecute|dbSendStatement|dbSendQuery|dbGetQuery|dbRemoveTable)\s*\((?:[^()]|\([^()]*(?:\([^()]*\))?[^()]*\))*?,\s*(?:statement\s*=\s*|name\s*=\s*)?${str}`, 'g'))) {
    const sql = (d[2] ?? d[3])!.replace(/\\(.)/g, '$1');
    out.push({ code: `usql -c ${q(d[1] === 'dbRemoveTable' ? `DROP TABLE ${sql}` : sql)}`, how: `R DBI ${d[1]}()` });
  }
  if (/\breq_method\s*\(\s*(?:[^,()]*,\s*)?["']DELETE["']/.test(code)) {
    const u = new RegExp(String.raw`\brequest\s*\(\s*${str}`).exec(code);
    out.push({ code: u ? `curl -X DELETE ${q((u[1] ?? u[2])!)}` : undefined, how: 'R httr2 req_method("DELETE")' });
  }
  if (/\b(eval\s*\(\s*parse|do\.call|get\s*\(|match\.fun)\s*\(/.test(code) || /\beval\s*\(\s*parse\s*\(/.test(code)) out.push({ code: undefined, how: 'R evaluates code built at run time' });
  return out;
}

/** PowerShell: Remove-Item and its aliases become rm, Invoke-RestMethod/Invoke-WebRequest the curl
 *  that sends the same request; other statements run like shell commands (native programs);
 *  Invoke-Expression and encoded commands are code built at run time. */
export function pwshCode(code: string): Embedded[] {
  if (/\b(iex|invoke-expression|invoke-command|icm|start-process|saps|start|\[scriptblock\]|frombase64string|add-type|invoke-item|ii)\b/i.test(code) || /(^|[;\s|])[&.]\s*[$('"]/.test(code)) {
    return [{ code: undefined, how: 'PowerShell builds a command at run time' }];
  }
  // A request body built from an expression (`-Body (@{query=…} | ConvertTo-Json)`, `-Body $b`):
  // what it sends can't be read here (the statement splitter cuts it apart).
  if (/\b(invoke-restmethod|irm|invoke-webrequest|iwr)\b[^;\n]*\s-(body|infile|form)\s*:?\s*[$(@]/i.test(code)) {
    return [{ code: undefined, how: 'PowerShell sends a request whose body is built at run time' }];
  }
  const lines: string[] = [];
  // Code that sets TEMP or TMP itself: $env:TEMP = ..., Set-Item env:TEMP, SetEnvironmentVariable.
  const tempSet = /\$env:(temp|tmp)\s*[+]?=|(?<!\$)\benv:[\\/]?(temp|tmp)\b|setenvironmentvariable/i.test(code);
  // .NET deletions: [System.IO.Directory]::Delete('x', $true), [IO.File]::Delete("x")
  for (const m of code.matchAll(/\[(?:System\.)?IO\.(Directory|File|FileInfo|DirectoryInfo)\]::Delete\s*\(\s*(?:'([^']*)'|"([^"$]*)"|([^,)]*))/gi)) {
    const p = m[2] ?? m[3];
    if (p === undefined) return [{ code: undefined, how: 'PowerShell .NET Delete' }];
    lines.push(rm(true, [p.replace(/\\/g, '/')]));
  }
  // .NET writes that replace a file's content: [IO.File]::WriteAllText('x', ''), ::Create('x').
  for (const m of code.matchAll(/\[(?:System\.)?IO\.File\]::(WriteAll(?:Text|Bytes|Lines)|Create|CreateText|OpenWrite)\s*\(\s*(?:'([^']*)'|"([^"$]*)"|([^,)]*))/gi)) {
    const p = m[2] ?? m[3];
    if (p === undefined) return [{ code: undefined, how: `PowerShell .NET ${m[1]}` }];
    lines.push(`: > ${q(p.replace(/\\/g, '/'))}`);
  }
  // A ForEach-Object block that only deletes the item it is given is Remove-Item on the pipeline:
  // `gci build | % { $_.Delete() }`, `| foreach { Remove-Item $_.FullName -Recurse }`.
  code = code.replace(/\|\s*(?:foreach-object|%|foreach)\s+(?:-process\s+)?\{\s*(?:\$_\.delete\(\s*(?:\$true)?\s*\)|(?:remove-item|ri|rm|del|erase|rd|rmdir)\s+(?:-(?:literalpath|path)\s+)?\$_(?:\.fullname)?(?:\s+-(?:recurse|force|r))*)\s*;?\s*\}/gi, '| Remove-Item');
  // $env:TEMP\x is under the temp dir the environment names (unset on Linux pwsh: empty); any
  // other variable, or TEMP set by the code itself, is a path known only at run time.
  const unknown = (p: string): boolean => p.replace(PWSH_TEMP, '').includes('$') || (tempSet && PWSH_TEMP.test(p));
  const word = (p: string): string => {
    const t = PWSH_TEMP.exec(p);
    // Remove-Item -Path expands wildcards (* ? [..]) itself: they stay patterns.
    const glob = (x: string): string => x.replace(/\\/g, '/').split(/([*?[\]])/).map((y, k) => (k % 2 ? y : y && q(y))).join('');
    return t ? `"\${${t[1]!.toUpperCase()}}"${glob(p.slice(t[0].length))}` : glob(p);
  };
  for (const stmt of pwshSegments(code)) {
    // What the previous pipeline stage lists: `Get-ChildItem build | Remove-Item` removes build/*;
    // with -Filter or -Include, the names it picks (`find`).
    let listed: string[] | undefined;
    let listedFind: string | undefined;
    for (const stage of stmt.split('|')) {
      const words = pwshStage(stage).match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
      // The call operator runs the command named after it (`& rm -rf x`); `& $x`, `& 'path'` fail closed above.
      if ((words[0] === '&' || words[0] === '.') && words.length > 1) words.shift();
      if (!words.length) continue;
      const verb = words[0]!.toLowerCase();
      const paths = pwshPaths(words);
      if (/^(get-childitem|gci|ls|dir|get-item|gi)$/.test(verb)) {
        listed = paths.length ? paths.map((p) => (/^(get-item|gi)$/.test(verb) ? p : `${p}/*`)) : undefined;
        listedFind = /^(get-item|gi)$/.test(verb) ? undefined : gciFind(words, paths);
        continue;
      }
      // Disk and volume cmdlets wipe a whole disk.
      if (/^(clear-disk|format-volume|initialize-disk|remove-partition|format-partition|clear-partition)$/.test(verb)) return [{ code: undefined, how: `PowerShell ${words[0]} wipes a disk or volume` }];
      if (/^(move-item|mi|move|mv|rename-item|rni|ren|copy-item|cpi|copy|cp|cpp)$/.test(verb)) {
        const sd = pwshSrcDst(words);
        if (!sd || [...sd.src, sd.dst].some(unknown)) return [{ code: undefined, how: `PowerShell ${words[0]}` }];
        lines.push(`${/^(copy-item|cpi|copy|cp|cpp)$/.test(verb) ? 'cp -r' : 'mv'} -- ${[...sd.src, sd.dst].map(word).join(' ')}`);
        listed = undefined;
        continue;
      }
      if (/^(new-item|ni)$/.test(verb)) {
        // -Force over an existing file replaces it with an empty one (a directory keeps its content).
        const force = words.some((w) => /^-force$/i.test(w));
        const type = words.findIndex((w) => /^-(itemtype|type)$/i.test(w));
        const dir = type >= 0 && /^['"]?(directory|dir)/i.test(words[type + 1] ?? '');
        if (force && !dir) {
          const target = pwshWritten(words.filter((_, k) => k !== type && k !== type + 1 || type < 0));
          if (target === undefined || target === null || target.includes('$')) return [{ code: undefined, how: `PowerShell ${words[0]} -Force` }];
          lines.push(`: > ${q(target.replace(/\\/g, '/'))}`);
        }
        listed = undefined;
        continue;
      }
      if (/^(expand-archive)$/.test(verb) && words.some((w) => /^-force$/i.test(w))) {
        const k = words.findIndex((w) => /^-(destinationpath|destination|d)$/i.test(w));
        const dst = k >= 0 ? words[k + 1]?.replace(/^['"]|['"]$/g, '') : '.';
        if (dst === undefined || dst.includes('$')) return [{ code: undefined, how: 'PowerShell Expand-Archive -Force' }];
        lines.push(`unzip -o -q archive.zip -d ${q(dst.replace(/\\/g, '/'))}`);
        listed = undefined;
        continue;
      }
      if (/^(invoke-restmethod|irm|invoke-webrequest|iwr)$/.test(verb)) {
        const req = pwshRequest(words);
        if (req === undefined) return [{ code: undefined, how: `PowerShell ${words[0]} to a URL built at run time` }];
        lines.push(req);
      } else if (/^(remove-item|ri|rm|rmdir|del|erase|rd|clear-content|clc)$/.test(verb)) {
        if (!paths.length && listedFind !== undefined) {
          if (listedFind.includes('$')) return [{ code: undefined, how: `PowerShell ${words[0]}` }];
          lines.push(`${listedFind} -exec rm -rf {} +`);
          listed = listedFind = undefined;
          continue;
        }
        const targets = paths.length ? paths : listed;
        if (!targets?.length || targets.some(unknown)) return [{ code: undefined, how: `PowerShell ${words[0]}` }];
        lines.push(`rm -fr -- ${targets.map(word).join(' ')}`);
      } else if (/^(set-content|sc|out-file)$/.test(verb)) {
        // They replace the file's content (Out-File unless -Append or -NoClobber).
        const target = pwshWritten(words);
        if (target === null) continue;
        if (target === undefined || target.includes('$')) return [{ code: undefined, how: `PowerShell ${words[0]}` }];
        lines.push(`: > ${q(target.replace(/\\/g, '/'))}`);
      } else if (!(/^[[$(@{.&'":\d]/.test(verb) || /^[a-z]+-[a-z]+$/.test(verb))) lines.push(pwshStage(stage)); // native programs; cmdlets and PowerShell syntax are skipped
      listed = listedFind = undefined;
    }
  }
  return lines.length ? [{ code: lines.join('\n'), how: 'pwsh -c' }] : [];
}

/** PowerShell code cut where one command ends and another may start: ; and newlines, && and
 *  ||, braces (script blocks, if/else bodies) and parentheses (conditions, subexpressions
 *  `(Remove-Item x)`, `$(...)`), outside quotes. Pipelines stay whole. */
function pwshSegments(code: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      cur += c;
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (/[;\n{}()]/.test(c) || ((c === '&' || c === '|') && code[i + 1] === c)) {
      out.push(cur);
      cur = '';
      if (c === '&' || c === '|') i++;
    } else cur += c;
  }
  out.push(cur);
  return out.filter((x) => x.trim());
}

/** One pipeline stage without what only leads to its command: an assignment (`$x = `), casts
 *  (`[void]`), the call's `$`/`@` sigil, and keywords (if, else, foreach, return, ...). */
function pwshStage(stage: string): string {
  let t = stage.trim();
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t
      .replace(/^\$[\w:]+(\[[^\]]*\])?\s*[-+*/]?=(?!=)\s*/, '')
      .replace(/^\[[^\]]+\]\s*/, '')
      .replace(/^(if|elseif|else|while|until|do|switch|foreach|for|try|catch|finally|return|throw|trap|begin|process|end|default)\b\s*/i, '')
      .trim();
  }
  return t;
}

/** `Get-ChildItem [PATH...] -Filter X | -Include A,B [-Recurse]` as the find that lists the same
 *  names (case-insensitive, as on Windows); undefined with neither filter. */
function gciFind(words: string[], paths: string[]): string | undefined {
  const names: string[] = [];
  let recurse = false;
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!.toLowerCase();
    if (/^-(r|re|rec|recu|recur|recurs|recurse)$/.test(w)) recurse = true;
    if (/^-(filter|include|fi|inc|incl|inclu|includ|filt|filte)$/.test(w) && words[k + 1] !== undefined) {
      const v = words[++k]!;
      names.push(...(/^['"]/.test(v) ? [v.replace(/^['"]|['"]$/g, '')] : v.split(',').filter(Boolean)));
    }
  }
  if (!names.length) return undefined;
  const where = (paths.length ? paths : ['.']).map((p) => p.replace(/\\/g, '/')).map((p) => (p.includes('$') ? p : q(p)));
  return `find ${where.join(' ')} ${recurse ? '' : '-mindepth 1 -maxdepth 1 '}\\( ${names.map((n) => `-iname ${q(n)}`).join(' -o ')} \\)`;
}

/** A path that starts in the temp dir the environment names: `$env:TEMP\x`. */
const PWSH_TEMP = /^\$env:(temp|tmp)(?=[\\/])/i;

const PWSH_SWITCHES = /^(usebasicparsing|usedefaultcredentials|disablekeepalive|passthru|skipcertificatecheck|skipheadervalidation|noproxy|allowunencryptedauthentication|resume|preserveauthorizationonredirect|skiphttperrorcheck|allowinsecureredirect|followrellink)$/;

/** Invoke-RestMethod -Method M -Uri U [-Body B] as curl; undefined when the URL or method is a variable. */
function pwshRequest(words: string[]): string | undefined {
  const unq = (w: string): string => w.replace(/^(['"])([\s\S]*)\1$/, '$2');
  let method = 'GET';
  let uri: string | undefined;
  let body: string | undefined;
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    const opt = /^-(\w+)(?::(.*))?$/.exec(w);
    if (!opt) { uri ??= unq(w); continue; }
    const name = opt[1]!.toLowerCase();
    if (PWSH_SWITCHES.test(name) && opt[2] === undefined) continue;
    const val = opt[2] ?? words[++k];
    if (val === undefined) break;
    if (/^(method|custommethod)$/.test(name)) method = unq(val).toUpperCase();
    else if (/^(uri|url)$/.test(name)) uri = unq(val);
    else if (name === 'body') body = unq(val);
  }
  if (!uri || /[$`(]/.test(uri) || /[$(]/.test(method)) return undefined;
  return ['curl', '-X', method, q(uri), ...(body !== undefined && !body.includes('$') ? ['--data-raw', q(body)] : [])].join(' ');
}

/** The file Set-Content/Out-File writes: -Path/-FilePath/-LiteralPath or the first positional;
 *  null when it appends or won't overwrite (-Append, -NoClobber). */
function pwshWritten(words: string[]): string | null | undefined {
  let path: string | undefined;
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    const opt = /^-(\w+)(?::(.*))?$/.exec(w);
    if (!opt) { path ??= w.replace(/^['"]|['"]$/g, ''); continue; }
    const name = opt[1]!.toLowerCase();
    if (/^(append|noclobber)$/.test(name)) return null;
    if (/^(force|nonewline|passthru|whatif|confirm|asbytestream)$/.test(name)) continue;
    const val = opt[2] ?? words[++k];
    if (/^(path|filepath|literalpath|lp|pspath)$/.test(name) && val !== undefined) path = val.replace(/^['"]|['"]$/g, '');
  }
  return path;
}

/** Move-Item/Copy-Item/Rename-Item: the sources (-Path/-LiteralPath or the first positionals) and
 *  the destination (-Destination/-NewName or the last positional); undefined when unclear. */
function pwshSrcDst(words: string[]): { src: string[]; dst: string } | undefined {
  const unq = (w: string): string => w.replace(/^['"]|['"]$/g, '');
  const src: string[] = [];
  const pos: string[] = [];
  let dst: string | undefined;
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    const opt = /^-(\w+)(?::(.*))?$/.exec(w);
    if (!opt) { pos.push(unq(w)); continue; }
    const name = opt[1]!.toLowerCase();
    if (/^(force|recurse|passthru|whatif|confirm|container|verbose)$/.test(name)) continue;
    const val = opt[2] ?? words[++k];
    if (val === undefined) return undefined;
    if (/^(path|literalpath|lp|pspath)$/.test(name)) src.push(unq(val));
    else if (/^(destination|dest|newname)$/.test(name)) dst = unq(val);
  }
  if (!src.length && pos.length) src.push(pos.shift()!);
  dst ??= pos.pop();
  if (!src.length || dst === undefined) return undefined;
  return { src, dst };
}

/** A cmdlet's path arguments (not its options or their values). */
function pwshPaths(words: string[]): string[] {
  const paths: string[] = [];
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    if (/^-(path|literalpath|lp)$/i.test(w)) continue;
    if (/^-(filter|include|exclude|credential|stream|depth|attributes)$/i.test(w)) { k++; continue; }
    if (w.startsWith('-')) continue;
    // `a, b` and `a,b` are a list of paths (a quoted word is one).
    if (/^['"]/.test(w)) paths.push(w.replace(/^['"]|['"],?$/g, ''));
    else paths.push(...w.split(',').filter(Boolean));
  }
  return paths;
}

/** The code a pwsh/powershell invocation runs from -c/-Command (or -EncodedCommand: unknown). */
export function pwshArgs(args: Word[], read?: (file: string) => string | null | undefined): Embedded[] {
  // A script file (`-File F` or the first word that isn't an option): its text, when readable
  // (written by the line or on disk), is read like -Command's; unreadable, it is unknown.
  const script = (w: Word | undefined): Embedded[] => {
    if (!w || !read) return [];
    const text = w.dynamic ? null : read(w.value);
    if (text === undefined) return [];
    return text === null ? [{ code: undefined, how: 'pwsh script file' }] : pwshCode(text);
  };
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value.toLowerCase();
    if (/^-(f|fi|fil|file)$/.test(v)) return script(args[i + 1]);
    if (/^-(e|ec|en|enc|enco|encod|encode|encoded|encodedc\w*)$/.test(v)) return [{ code: undefined, how: 'pwsh -EncodedCommand' }];
    if (/^-(executionpolicy|ex|ep|workingdirectory|wd|outputformat|of|inputformat|inp|if|windowstyle|w|configurationname|settingsfile|custompipename|version|v|psconsolefile)$/.test(v)) {
      i++;
      continue;
    }
    if (/^-(c|co|com|comm|comma|comman|command)$/.test(v)) {
      const rest = args.slice(i + 1);
      if (!rest.length) return [];
      if (rest.some((w) => w.dynamic)) return [{ code: undefined, how: 'pwsh -c' }];
      if (rest[0]!.value === '-') return [{ code: undefined, how: 'pwsh -c - (commands from stdin)' }];
      return pwshCode(rest.map((w) => w.value).join(' '));
    }
    if (!v.startsWith('-')) return script(args[i]); // a script file
  }
  return [];
}

/** Go source run with `go run FILE.go` (read by pattern, as rCode): exec.Command's literal words,
 *  os.Remove/RemoveAll of a literal path, and http.NewRequest with DELETE as the curl that sends
 *  it. A non-literal argument is a command built at run time. */
export function goCode(code: string): Embedded[] {
  const out: Embedded[] = [];
  const lit = (s: string): string | undefined => /^"((?:[^"\\]|\\.)*)"$|^`([^`]*)`$/.exec(s.trim())?.slice(1).find((x) => x !== undefined)?.replace(/\\(.)/g, '$1');
  const args = (s: string): string[] => s.split(/,(?=(?:[^"`]*["`][^"`]*["`])*[^"`]*$)/).map((a) => a.trim()).filter(Boolean);
  for (const m of code.matchAll(/\bexec\.Command(?:Context)?\s*\(([^)]*)\)/g)) {
    const words = args(m[1]!).slice(m[0].includes('Context') ? 1 : 0).map(lit);
    out.push({ code: words.length && words.every((w) => w !== undefined) ? words.map((w) => q(w!)).join(' ') : undefined, how: 'go exec.Command' });
  }
  for (const m of code.matchAll(/\bos\.(RemoveAll|Remove)\s*\(([^)]*)\)/g)) {
    const p = lit(m[2]!);
    out.push({ code: p === undefined ? undefined : rm(m[1] === 'RemoveAll', [p]), how: `go os.${m[1]}` });
  }
  for (const m of code.matchAll(/\bhttp\.NewRequest(?:WithContext)?\s*\(([^)]*)\)/g)) {
    const a = args(m[1]!).slice(m[0].includes('WithContext') ? 1 : 0);
    const method = a[0] === 'http.MethodDelete' ? 'DELETE' : lit(a[0] ?? '')?.toUpperCase();
    if (method !== 'DELETE') continue;
    const u = lit(a[1] ?? '');
    out.push({ code: u === undefined ? undefined : `curl -X DELETE ${q(u)}`, how: 'go http.NewRequest' });
  }
  return out;
}

// ---- small languages with a shell escape (rt23a): m4 syscmd/esyscmd, dc's `!`, gnuplot's
// system()/backticks/`!` lines, octave's system()/unix()/delete()/rmdir(). A literal command is
// judged as shell code; one built at run time is opaque (fail closed).

/** m4: `syscmd(CMD)`, `esyscmd(CMD)` (m4 quotes `...' or [...] around CMD are taken off). */
export function m4Code(text: string): Embedded[] {
  const out: Embedded[] = [];
  for (const m of text.matchAll(/\be?syscmd\s*\(/g)) {
    const from = m.index! + m[0].length;
    let d = 1;
    let k = from;
    for (; k < text.length && d > 0; k++) {
      if (text[k] === '(') d++;
      else if (text[k] === ')') d--;
    }
    const arg = d === 0 ? text.slice(from, k - 1).trim().replace(/^`([\s\S]*)'$/, '$1').replace(/^\[([\s\S]*)\]$/, '$1') : undefined;
    out.push({ code: arg, how: 'm4 syscmd' });
  }
  return out;
}

/** dc: `!` runs the rest of the line with system() (`!<`, `!=`, `!>` are comparisons). */
export function dcCode(text: string): Embedded[] {
  return [...text.matchAll(/!(?![<=>])([^\n]*)/g)].map((m) => ({ code: m[1]!, how: 'dc !' }));
}

const STR_LIT = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`;

/** Calls `fn("literal", ...)` of the named functions: the literal, or undefined when it isn't one. */
function literalCalls(text: string, fns: string, how: string, make: (s: string, rest: string) => string): Embedded[] {
  const out: Embedded[] = [];
  const re = new RegExp(String.raw`\b(${fns})\s*\(\s*(?:${STR_LIT}\s*)?([^)]*)\)?`, 'g');
  for (const m of text.matchAll(re)) {
    const lit = m[2] ?? m[3];
    out.push({ code: lit === undefined ? undefined : make(lit.replace(/\\(["'\\])/g, '$1'), m[4] ?? ''), how: `${how} ${m[1]}()` });
  }
  return out;
}

/** gnuplot: system("CMD"), `CMD` in backticks, and `!CMD` / `shell` lines. */
export function gnuplotCode(text: string): Embedded[] {
  const out = literalCalls(text, 'system', 'gnuplot', (s) => s);
  for (const m of text.matchAll(/`([^`]*)`/g)) out.push({ code: m[1]!, how: 'gnuplot `...`' });
  for (const m of text.matchAll(/(?:^|[;\n])\s*!([^\n;]*)/g)) out.push({ code: m[1]!, how: 'gnuplot !' });
  if (/(?:^|[;\n])\s*shell\b/.test(text)) out.push({ code: undefined, how: 'gnuplot shell' });
  return out;
}

/** octave/MATLAB: system/unix/shell_cmd/dos run a command; delete/unlink remove files; rmdir(D, "s") a tree. */
export function octaveCode(text: string): Embedded[] {
  return [
    ...literalCalls(text, 'system|unix|shell_cmd|dos|popen|popen2|exec', 'octave', (s) => s),
    ...literalCalls(text, 'delete|unlink', 'octave', (s) => `rm -f -- ${q(s)}`),
    ...literalCalls(text, 'rmdir', 'octave', (s, rest) => `rm ${/["']s["']/.test(rest) ? '-rf' : '-d'} -- ${q(s)}`),
  ];
}
