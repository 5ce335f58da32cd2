// Shell code that programs take in an option or a variable and run later: `git -c
// core.pager='...'`, `EDITOR='...' git commit`, `vim -c '!...'`, `tar --checkpoint-action=exec=...`,
// `script -c '...'`, `tmux new '...'`, crontab lines. The walker parses each as code.
import type { Invocation, StdinSource, Word } from './types.js';
import { programFor, readItems, readLeading } from '../programs/index.js';
import { codeFileText, fileText } from './filetext.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { writtenContent } from './writes.js';
import { ghAliasCode } from './ghalias.js';
import { netcatCode } from './netcat.js';
import { envConfig, gitGlobalWithArg } from './gitalias.js';
import { codeValues, dcCode, edCode, elispCode, gdbCode, gitExt, gnuplotCode, goCode, m4Code, octaveCode, pwshArgs, q, rCode, rsyncShell, scpShell, sedCode, sshOptions, tclCode, zipCode } from './tools.js';
import { table } from '../own.js';

export interface Embedded {
  /** The code, or undefined when it is only known at run time. */
  code: string | undefined;
  how: string;
}

/** Variables whose value is a command some program runs. */
export const COMMAND_VARS = new Set(['GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_PROXY_COMMAND', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'SSH_ASKPASS', 'PAGER', 'EDITOR', 'VISUAL', 'MANPAGER', 'LESSOPEN', 'PROMPT_COMMAND', 'RSYNC_RSH']);

/** git config keys whose value is a shell command (aliases only when they start with `!`). */
export const GIT_COMMAND_KEYS = /^(core\.(pager|sshcommand|editor|fsmonitor|askpass|gitproxy|alternaterefscommand)|uploadpack\.packobjectshook|remote\..+\.(uploadpack|receivepack)|interactive\.difffilter|imap\.tunnel|sendemail\.(sendmailcmd|tocmd|cccmd)|gpg\.(.+\.)?program|gpg\.ssh\.defaultkeycommand|sequence\.editor|diff\.external|credential\.(.+\.)?helper|(diff|merge|filter)\..+\.(textconv|command|clean|smudge|process|driver|cmd)|(difftool|mergetool)\..+\.cmd|pager\..+|alias\..+|gpg\.program|ssh\.variant)$/i;

const word = (w: Word | undefined): string | undefined => (w && !w.dynamic ? w.value : undefined);

/** clone/fetch/pull/ls-remote --upload-pack, push --receive-pack/--exec, archive --exec: a command
 *  run through the shell (for a local or ssh remote). */
function gitTransportCommands(args: Word[]): Embedded[] {
  const sub = subcommandOf(args);
  if (!sub || !/^(clone|fetch|pull|ls-remote|push|archive|send-pack|fetch-pack)$/.test(sub.word.value)) return [];
  const out: Embedded[] = [];
  const rest = sub.rest;
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i]!.value;
    const m = /^--(upload-pack|receive-pack|exec)=(.*)$/s.exec(v);
    let w: Word | undefined;
    if (m) w = { ...rest[i]!, value: m[2]! };
    else if (/^--(upload-pack|receive-pack|exec)$/.test(v) || (v === '-u' && sub.word.value === 'clone')) w = rest[++i];
    if (w) out.push({ code: w.dynamic ? undefined : w.value, how: `git ${sub.word.value} ${m ? `--${m[1]}` : v}` });
  }
  return out;
}

/** Subcommands that run a command: `rebase -x CMD` and `difftool -x CMD` (a shell line),
 *  `bisect run CMD ARGS` (argv), `submodule foreach CMD` (a shell line). */
function gitRunsCommand(args: Word[]): Embedded[] {
  const sub = subcommandOf(args);
  if (!sub) return [];
  const name = sub.word.value;
  const rest = sub.rest;
  const out: Embedded[] = [];
  const text = (w: Word | undefined, how: string): void => void (w && out.push({ code: w.dynamic ? undefined : w.value, how }));
  if (name === 'rebase' || name === 'difftool') {
    const long = name === 'rebase' ? '--exec' : '--extcmd';
    for (let i = 0; i < rest.length; i++) {
      const v = rest[i]!.value;
      if (v === '--') break;
      if (v === '-x' || v === long) text(rest[++i], `git ${name} ${v}`);
      else if (v.startsWith(`${long}=`)) text({ ...rest[i]!, value: v.slice(long.length + 1) }, `git ${name} ${long}`);
      else {
        // Bundled flags before it (`-ix CMD`, `-yxCMD`).
        const m = /^-[ivqnfprmyg]*x(.*)$/s.exec(v);
        if (m) text(m[1] ? { ...rest[i]!, value: m[1] } : rest[++i], `git ${name} -x`);
      }
    }
  }
  const words = (ws: Word[], how: string): void => void (ws.length && out.push({ code: ws.some((w) => w.dynamic) ? undefined : ws.map((w) => q(w.value)).join(' '), how }));
  if (name === 'bisect' && rest[0]?.value === 'run') words(rest.slice(1), 'git bisect run');
  if (name === 'submodule') {
    const at = rest.findIndex((w) => w.value === 'foreach');
    if (at >= 0) {
      const cmd = rest.slice(at + 1).filter((w, k, a) => !(w.value.startsWith('-') && a.slice(0, k).every((x) => x.value.startsWith('-'))));
      if (cmd.length) out.push({ code: cmd.some((w) => w.dynamic) ? undefined : cmd.map((w) => w.value).join(' '), how: 'git submodule foreach' });
    }
  }
  return out;
}

/** socat's EXEC:cmd (its words), SYSTEM:cmd and SHELL:cmd (a shell) addresses run a command; address
 *  options follow the first comma outside quotes. */
function socatCommands(args: Word[]): Embedded[] {
  const out: Embedded[] = [];
  for (const a of args) {
    const m = /^(exec|system|shell):(.*)$/is.exec(a.value);
    if (!m) continue;
    if (a.dynamic) { out.push({ code: undefined, how: `socat ${m[1]!.toUpperCase()}:` }); continue; }
    let end = 0;
    let quote = '';
    for (; end < m[2]!.length; end++) {
      const c = m[2]![end]!;
      if (quote) { if (c === quote) quote = ''; }
      else if (c === '"' || c === "'") quote = c;
      else if (c === ',' || c === '!') break; // `!!` joins two addresses
      else if (c === '\\') end++;
    }
    out.push({ code: m[2]!.slice(0, end), how: `socat ${m[1]!.toUpperCase()}:` });
  }
  return out;
}

/** Shells with a syntax of their own (nushell, xonsh, elvish): `-c CMD` is read as a shell line,
 *  since their simple commands look the same (what doesn't parse pauses); commands on stdin are
 *  unknown; a script file is not read (like `python app.py`). Per shell: the options that take a value. */
const OTHER_SHELL_VALUES: Record<string, RegExp> = table({
  nu: /^(--config|--env-config|--plugin-config|--log-level|--log-target|--include-path|-I|--table-mode|-m|--error-style|--testbin|--experimental-options)$/,
  xonsh: /^(--rc|-D|--shell-type|--timings)$/,
  elvish: /^(-rc|--rc|-sock|--sock|-db|--db)$/,
});
function otherShellCode(name: string, args: Word[], stdin: StdinSource | undefined): Embedded[] {
  const how = `${name} -c`;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-c' || (name === 'nu' && v === '--commands')) return [{ code: word(args[i + 1]), how }];
    if (name === 'nu' && v.startsWith('--commands=')) return [{ code: args[i]!.dynamic ? undefined : v.slice(11), how }];
    if (OTHER_SHELL_VALUES[name]!.test(v)) { i++; continue; }
    if (!v.startsWith('-')) return [];
  }
  if (stdin && stdin.kind !== 'file') return [{ code: undefined, how: `${name} reads commands from its input (not read)` }];
  return [];
}

/** Text typed into another terminal (`kitty @ send-text`, `wezterm cli send-text`, `zellij action
 *  write-chars`): the shell there runs it, so it is judged as a shell line. */
function typedText(name: string, args: Word[], stdin: StdinSource | undefined): Embedded[] {
  const how = `${name} (types into a terminal)`;
  const at = (w: string): number => args.findIndex((a) => a.value === w);
  let rest: Word[];
  // The send-text subcommand's options that take a value: the registry's (kitty @ send-text -m X).
  const withArg = new Set(programFor(name)?.subcommands?.['send-text']?.['value-options']);
  if ((name === 'kitty' || name === 'kitten') && at('send-text') >= 0 && args.slice(0, at('send-text')).some((a) => a.value === '@' || a.value.startsWith('@'))) {
    rest = args.slice(at('send-text') + 1);
    if (rest.some((a) => a.value === '--stdin' || a.value.startsWith('--from-file'))) return [{ code: stdinText(stdin), how }];
  } else if (name === 'wezterm' && at('send-text') >= 0 && at('cli') >= 0) {
    rest = args.slice(at('send-text') + 1);
  } else if (name === 'zellij' && at('action') >= 0 && (at('write-chars') >= 0 || at('write') >= 0)) {
    if (at('write-chars') < 0) {
      // `write 114 109 ...`: the bytes typed, in decimal.
      const bytes = args.slice(at('write') + 1);
      const ok = bytes.length && bytes.every((w) => !w.dynamic && /^\d{1,3}$/.test(w.value) && +w.value < 256);
      return [{ code: ok ? typedCode(String.fromCharCode(...bytes.map((w) => +w.value))) : undefined, how }];
    }
    rest = args.slice(at('write-chars') + 1);
    withArg.clear();
  } else return [];
  const text: Word[] = [];
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i]!.value;
    if (v === '--') { text.push(...rest.slice(i + 1)); break; }
    if (v.startsWith('-') && !rest[i]!.dynamic) { if (withArg.has(v)) i++; continue; }
    text.push(rest[i]!);
  }
  // wezterm reads stdin when no text is given.
  if (!text.length) return name === 'wezterm' ? [{ code: stdinText(stdin), how }] : [];
  if (text.some((w) => w.dynamic)) return [{ code: undefined, how }];
  const joined = text.map((w) => w.value).join(' ');
  return [{ code: typedCode(name === 'kitty' || name === 'kitten' ? pyUnescape(joined) : joined), how }];
}

/** Typed text as the shell there reads it; unknown when backspace, ^U, ^W or escape sequences
 *  edit the line before it runs, or when it reads like a command to another program's prompt
 *  (vim's `:!cmd`, psql's `\\! cmd`, a shell's `!` history), which a shell parse wouldn't see. */
function typedCode(text: string): string | undefined {
  const typed = text.replace(/\r/g, '\n');
  if (/(^|\n)\s*[:!]|\\!/.test(typed)) return undefined;
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(typed) ? undefined : typed;
}

/** tmux key names that type a newline or a space; any other named key (C-c, Escape, Tab, Up…)
 *  edits or leaves the line, so the text becomes unknown. */
const TMUX_TEXT_KEYS: Record<string, string> = table({ Enter: '\n', 'C-m': '\n', 'C-j': '\n', KPEnter: '\n', Space: ' ' });
const TMUX_NAMED = /^([CMS]-.|\^.|(Escape|Tab|BTab|BSpace|Up|Down|Left|Right|Home|End|IC|DC|PageUp|PgUp|PageDown|PgDn|NPage|PPage|Any)$|F\d+$|KP.+$)/;

/** `tmux send-keys [-lH] [-t PANE] KEY...`: the keys as the pane receives them (-H: hex bytes,
 *  -l: literal text), or undefined when they can't be read as plain typed text. */
function tmuxKeys(args: Word[]): string | undefined {
  let literal = false;
  let hex = false;
  let k = 0;
  for (; k < args.length; k++) {
    const v = args[k]!.value;
    if (args[k]!.dynamic) return undefined;
    if (v === '--') { k++; break; }
    if (!v.startsWith('-') || v.length < 2) break;
    for (const ch of v.slice(1)) {
      if (ch === 'l') literal = true;
      else if (ch === 'H') hex = true;
      else if (ch === 't' || ch === 'c') { k++; break; }
      else return undefined; // -N repeats, -R resets, -X/-M copy-mode and mouse: not plain text
    }
  }
  let text = '';
  for (const w of args.slice(k)) {
    if (w.dynamic) return undefined;
    if (hex) {
      if (!/^[0-9a-fA-F]{1,2}$/.test(w.value)) return undefined;
      text += String.fromCharCode(parseInt(w.value, 16));
    } else if (!literal && TMUX_TEXT_KEYS[w.value] !== undefined) text += TMUX_TEXT_KEYS[w.value];
    else if (!literal && TMUX_NAMED.test(w.value)) return undefined;
    else text += w.value;
  }
  return typedCode(text);
}

/** screen commands that only steer the session (no file, no program, no typed text). */
const SCREEN_CONTROL = new Set(['quit', 'detach', 'kill', 'windows', 'select', 'title', 'info', 'version', 'sessionname', 'next', 'prev', 'other', 'clear', 'redisplay', 'number', 'width', 'height', 'msgwait', 'idle', 'lastmsg', 'focus', 'only', 'remove', 'split', 'resize']);

/** `screen [-S NAME] [-p WIN] -X CMD ARGS`: `stuff TEXT` types TEXT into the session (read like
 *  tmux send-keys); any other command is not read (unknown). */
function screenCommand(args: Word[]): Embedded[] {
  const x = args.findIndex((a) => a.value === '-X');
  if (x < 0) return [];
  const how = 'screen -X (commands to a session)';
  const [cmd, ...rest] = args.slice(x + 1);
  if (cmd && !cmd.dynamic && SCREEN_CONTROL.has(cmd.value)) return [];
  if (cmd?.value !== 'stuff' || rest.length !== 1 || rest[0]!.dynamic) return [{ code: undefined, how }];
  // screen's string escapes: newline and return as \n \r, octal \012 \015 or ^J ^M; any other
  // escape or control key edits the line, so the text is unknown.
  let ok = true;
  const text = rest[0]!.value.replace(/\\([nr]|0?1[25])|\^([JM])|\\.|\^./g, (m, esc?: string, caret?: string) => {
    if (esc || caret) return '\n';
    ok = false;
    return m;
  });
  return [{ code: ok ? typedCode(text) : undefined, how: 'screen -X stuff (types into a terminal)' }];
}

/** tmux's command sequence (cmd-parse.y, arguments): a word `;` ends a command, as does a word
 *  ending in `;` (the rest is its last argument); `\\;` at the end is a literal `;`. */
function tmuxSequence(words: Word[]): Word[][] {
  const cmds: Word[][] = [[]];
  for (const w of words) {
    const v = w.value;
    const cur = cmds[cmds.length - 1]!;
    if (!v.endsWith(';')) cur.push(w);
    else if (v.endsWith('\\;')) cur.push({ ...w, value: `${v.slice(0, -2)};` });
    else {
      if (v.length > 1) cur.push({ ...w, value: v.slice(0, -1) });
      cmds.push([]);
    }
  }
  return cmds.filter((c) => c.length);
}

/** `tmux if-shell [-bF] [-t pane] SHELL-COMMAND TMUX-COMMAND [TMUX-COMMAND]`: the first is run by
 *  the shell (with -F it is a format, not run), the others are tmux commands (as `tmux` lines). */
function tmuxIf(words: Word[]): Embedded[] {
  const { options, rest } = readLeading(words, { 'value-options': ['-t'] });
  const out: Embedded[] = [];
  if (rest[0] && !options.some((o) => o.opt === '-F')) out.push({ code: word(rest[0]), how: 'tmux if-shell' });
  for (const c of rest.slice(1, 3)) out.push({ code: c.dynamic ? undefined : `tmux ${c.value}`, how: 'tmux if-shell (its tmux command)' });
  return out;
}

/** Commands tmux keeps to run later: `bind-key [-nr] [-N note] [-T table] KEY CMD [ARGS]` and
 *  `set-hook [-agpRuw] [-t target] HOOK CMD` (judged as if run: a key press or event runs them). */
function tmuxLater(sub: string, words: Word[]): Embedded[] {
  const bind = sub === 'bind-key' || sub === 'bind';
  if (!bind && sub !== 'set-hook') return [];
  const { rest } = readLeading(words, { 'value-options': bind ? ['-N', '-T'] : ['-t'] });
  const cmd = rest.slice(1);
  if (!cmd.length) return [];
  const text = bind ? cmd.map((w) => q(w.value)).join(' ') : cmd[0]!.value;
  return [{ code: cmd.some((w) => w.dynamic) ? undefined : `tmux ${text}`, how: `tmux ${sub} (runs it later)` }];
}

/** A tmux config file's lines, each as a `tmux` line (comments and `\\` continuations as tmux
 *  reads them); one that can't be read is unknown, one that isn't there is skipped. */
function tmuxFile(inv: Invocation, f: Word | undefined, how: string): Embedded[] {
  if (!f) return [];
  const text = f.dynamic ? null : fileText(inv, f.value.replace(/^~(?=\/)/, inv.vars.HOME ?? '~'));
  if (text === null) return [{ code: undefined, how: `${how} ${f.text}, which can't be read here` }];
  if (text === undefined) return [];
  return text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')).map((l) => ({ code: `tmux ${l.trim()}`, how: `${how} ${f.text}` }));
}

/** `tmux -f FILE`, else the default config a server starts with, when the line wrote it (one
 *  already on disk is the person's own). */
function tmuxConfigs(inv: Invocation, files: Array<Word | undefined>): Embedded[] {
  if (files.length) return files.flatMap((f) => tmuxFile(inv, f, 'tmux -f'));
  const home = inv.vars.HOME;
  const xdg = inv.vars.XDG_CONFIG_HOME ?? (home && `${home}/.config`);
  const defaults = [home && `${home}/.tmux.conf`, xdg && `${xdg}/tmux/tmux.conf`].filter((p): p is string => !!p);
  return defaults.filter((p) => writtenContent(inv.written, p) !== undefined).flatMap((p) => tmuxFile(inv, { value: p, dynamic: false, glob: false, text: p }, 'tmux config'));
}

/** `tmux source-file [-Fnqv] [-t pane] PATH...`: each file's commands (-n only checks syntax). */
function tmuxSource(inv: Invocation, words: Word[]): Embedded[] {
  const { options, rest } = readLeading(words, { 'value-options': ['-t'] });
  if (options.some((o) => o.opt === '-n')) return [];
  return rest.flatMap((f) => tmuxFile(inv, f, 'tmux source-file'));
}

/** kitty reads send-text's text with Python escapes (`\n`, `\x72`, `\u0072`). */
function pyUnescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[nrtabfve\\'"])/g, (_, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', r: '\n', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e]!;
  });
}

/** git's first non-option word (the subcommand) and the words after it. */
function subcommandOf(args: Word[]): { word: Word; rest: Word[] } | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (gitGlobalWithArg(v)) { i++; continue; }
    if (v.startsWith('-')) continue;
    return { word: args[i]!, rest: args.slice(i + 1) };
  }
  return undefined;
}

/** A file a program truncates: a redirection for the rules (`: > FILE`). */
function writes(w: Word, how: string): Embedded {
  return { code: w.dynamic ? undefined : `: > ${q(w.value)}`, how };
}

/** vim/ex commands from -c/--cmd/+cmd (and ex scripts on stdin): `:!cmd`, `:r !cmd`, `:w !cmd`,
 *  system()/job_start(), delete(), `:w`/`:wq` writing the edited or a named file, and the embedded
 *  languages (python, lua, perl, ruby), which aren't read here. */
function vimCommands(inv: Invocation, args: Word[]): Embedded[] {
  const name = inv.name;
  let stdin = stdinText(inv.stdin);
  const out: Embedded[] = [];
  const cmds: Array<Word | undefined> = [];
  const scripts: Word[] = [];
  const files: string[] = [];
  // Ex mode (`ex`, `vim -e`/`-es`) reads commands from stdin, and there -s means silent.
  const es = name === 'ex' || args.some((a) => /^-[a-zA-Z]*e/.test(a.value) && !a.value.startsWith('--'));
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--cmd') cmds.push(args[++i]);
    else if (v.startsWith('+')) cmds.push({ ...args[i]!, value: v.slice(1) });
    else if (/^(--servername|--remote\w*)$/.test(v)) i++;
    else if (/^-[^-]/.test(v)) i = vimBundle(args, i, es, cmds, scripts);
    else if (!v.startsWith('-')) files.push(v);
  }
  // Script files (-u VIMRC, -S FILE) and, in Ex mode, a file on stdin: their lines are commands.
  const stdinFile = es && inv.stdin?.kind === 'file' ? inv.stdin.path : undefined;
  if (stdinFile) scripts.push(stdinFile);
  for (const f of scripts) {
    const text = f.dynamic ? null : fileText(inv, f.value);
    if (text === null) out.push({ code: undefined, how: `${name} runs the commands in ${f.text}, which can't be read here` });
    else if (text !== undefined && f === stdinFile) stdin = text;
    else if (text !== undefined) cmds.push(...text.split('\n').map((l) => ({ ...f, value: l })));
  }
  const lines = [...cmds.map((w) => (w ? (w.dynamic ? null : w.value) : undefined)), ...(es && stdin ? stdin.split('\n') : [])];
  for (const l of lines) {
    if (l === null) { out.push({ code: undefined, how: `${name} command built at run time` }); continue; }
    if (l === undefined) continue;
    for (const c of l.replace(/^[\s:]+/, '').split('|')) {
      // Each run of spaces follows a word of its own (`\s*(?:[...]*\s*)?(?:r)?\s*` backtracked cubically).
      const bang = /^\s*(?:sil(?:ent)?!?\s*)?(?:[.,$%\d'<>]+\s*)?(?:(?:r(?:ead)?|w(?:rite)?)\s*)?!(.*)$/s.exec(c);
      if (bang) { out.push({ code: bang[1], how: `${name} :!` }); continue; }
      const sys = /\b(system|systemlist|job_start|jobstart|term_start|termopen)\s*\(\s*(?:'([^']*)'|"((?:[^"\\]|\\.)*)")?/.exec(c);
      if (sys) out.push({ code: sys[2] ?? sys[3]?.replace(/\\(.)/g, '$1'), how: `${name} ${sys[1]}()` });
      const del = /\bdelete\s*\(\s*(?:'([^']*)'|"([^"]*)")?\s*(?:,\s*['"](rf|d)['"])?/.exec(c);
      if (del) out.push({ code: (del[1] ?? del[2]) === undefined ? undefined : `rm -f${del[3] === 'rf' ? 'r' : ''} -- ${q(del[1] ?? del[2]!)}`, how: `${name} delete()` });
      if (/^\s*(py|py3|pyx|python|python3|pythonx|pydo|py3do|lua|luado|perl|perldo|ruby|rubydo|tcl|tcldo|mz|mzscheme)(file)?\b/.test(c)) out.push({ code: undefined, how: `${name} :${c.trim().split(/\s+/)[0]}` });
      const w = /^\s*(?:[.,$%\d'<>]+\s*)?(w(?:rite)?|wq|x(?:it)?|sav(?:eas)?|up(?:date)?|wa(?:ll)?|wqa(?:ll)?|xa(?:ll)?)!?(?:\s+(\S.*))?$/.exec(c);
      if (w) for (const f of w[2] ? [w[2].trim()] : files) out.push({ code: `: > ${q(f)}`, how: `${name} :${w[1]}` });
    }
  }
  return out;
}

/** One word of vim's short options, bundled as vim reads them (`-esc CMD`, `-c!cmd`): -c takes
 *  the rest of the word or the next one; -S and the options that take a file take the next.
 *  Returns the index of the last word used. */
function vimBundle(args: Word[], i: number, es: boolean, cmds: Array<Word | undefined>, scripts: Word[]): number {
  const w = args[i]!;
  for (let k = 1; k < w.value.length; k++) {
    const ch = w.value[k]!;
    if (ch === 'c') {
      const rest = w.value.slice(k + 1);
      cmds.push(rest ? { ...w, value: rest } : args[i + 1]);
      return rest ? i : i + 1;
    }
    // -S FILE (a session file when none follows) and -u VIMRC (NONE, NORC, DEFAULTS: none) run vim script.
    const next = args[i + 1];
    if (ch === 'S') {
      if (next && !next.value.startsWith('-')) scripts.push(next);
      return next && !next.value.startsWith('-') ? i + 1 : i;
    }
    if (ch === 'u' && next && !/^(NONE|NORC|DEFAULTS)$/.test(next.value)) scripts.push(next);
    if ('uUiTwWrd'.includes(ch) || (ch === 's' && !es)) return i + 1;
  }
  return i;
}

/** ed's file argument (written back by `w`). */
function edFile(args: Word[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-p') i++;
    else if (!v.startsWith('-') || v === '-') return args[i]!.dynamic ? undefined : v;
  }
  return undefined;
}

/** hyperfine: every positional is a shell command, and so are --prepare/--setup/--cleanup. */
function hyperfine(args: Word[]): Embedded[] {
  const out: Embedded[] = [];
  const shellOpts = /^(-p|--prepare|-s|--setup|-c|--conclude|--cleanup)$/;
  const withArg = /^(-w|--warmup|-m|--min-runs|-M|--max-runs|-r|--runs|-S|--shell|-n|--command-name|-o|--output|--style|--sort|-u|--time-unit|--export-asciidoc|--export-csv|--export-json|--export-markdown|--export-orgmode|--reference|--input)$/;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    let code: Word | undefined;
    if (shellOpts.test(v)) code = args[++i];
    else if (/^(-P|--parameter-scan)$/.test(v)) { i += 3; continue; }
    else if (/^(-L|--parameter-list)$/.test(v)) { i += 2; continue; }
    else if (withArg.test(v)) { i++; continue; }
    else if (v.startsWith('-')) continue;
    else code = a;
    if (code) out.push({ code: code.dynamic || /\{\w+\}/.test(code.value) ? undefined : code.value, how: 'hyperfine' });
  }
  return out;
}

function stdinText(s: StdinSource | undefined): string | undefined {
  if (!s) return undefined;
  if (s.kind === 'heredoc' || (s.kind === 'herestring' && !s.dynamic)) return s.text;
  if (s.kind === 'pipe') return s.text;
  return undefined;
}

/** Commands read from stdin: the literal text when the line shows it, else unknown. */
function fromStdin(s: StdinSource | undefined, how: string, read: (text: string) => Embedded[]): Embedded[] {
  if (!s) return []; // a terminal
  const t = stdinText(s);
  if (t !== undefined) return read(t);
  if (s.kind === 'file' && !s.path.dynamic) return []; // a script file: not read here
  return [{ code: undefined, how: `${how} reads commands built at run time` }];
}

/** `salt[-call] [TARGET] cmd.run 'CMD'` runs CMD; file.remove PATH deletes it; `state.single
 *  file.absent name=PATH` too (rt27b); `state.template_str TEXT` applies states written on the line,
 *  which are not read here (unknown). salt and salt-ssh run it on the minions (parse/walk.ts),
 *  salt-call here. */
export function saltCode(args: Word[]): Embedded[] {
  const at = args.findIndex((w) => /^(cmd\.(run|shell|run_all|run_stdout|run_bg|exec_code|script)|file\.(remove|rmdir)|state\.(single|template_str|template|high|low))$/.test(w.value));
  const next = at >= 0 ? args[at + 1] : undefined;
  if (!next) return [];
  const fn = args[at]!.value;
  const how = `salt ${fn}`;
  const rm = (w: Word): Embedded => ({ code: w.dynamic ? undefined : `rm -rf -- ${q(w.value)}`, how });
  if (fn.startsWith('file.')) return [rm(next)];
  if (fn === 'state.single') {
    // `state.single file.absent name=PATH` (or the path as the first bare argument).
    if (!/^file\.(absent|directory)$/.test(next.value) && !next.dynamic) return [];
    if (next.value === 'file.directory' && !args.slice(at + 2).some((w) => /^clean=(true|True)$/.test(w.value))) return [];
    const name = args.slice(at + 2).find((w) => w.value.startsWith('name=') || !w.value.includes('='));
    return name ? [rm(name.value.startsWith('name=') ? { ...name, value: name.value.slice(5) } : name)] : [{ code: undefined, how }];
  }
  if (fn.startsWith('state.')) return [{ code: undefined, how: `${how} (states given on the line are not read here)` }];
  if (fn === 'cmd.script') return [{ code: undefined, how }];
  return [{ code: next.dynamic ? undefined : next.value, how }];
}

/** `puppet apply -e CODE` (rt27b): the resources CODE declares, as the commands that do the same
 *  here: a file with `ensure => absent` is removed (`rm -rf` with force => true, which also removes
 *  directories), an exec runs its command, a user with `ensure => absent` is `userdel`. Code only
 *  known at run time is unknown; other resources are left alone. */
function puppetApply(args: Word[]): Embedded[] {
  if (args[0]?.value !== 'apply') return [];
  const out: Embedded[] = [];
  const how = 'puppet apply -e';
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    let code: Word | undefined;
    if ((a.value === '-e' || a.value === '--execute') && args[i + 1]) code = args[++i];
    else if (a.value.startsWith('--execute=')) code = { ...a, value: a.value.slice(10) };
    if (!code) continue;
    if (code.dynamic) { out.push({ code: undefined, how }); continue; }
    // TYPE { 'TITLE': ATTRS } (one title; `;`-separated bodies and title arrays each read).
    for (const m of code.value.matchAll(/\b(file|exec|user)\s*\{([^{}]*)\}/g)) {
      for (const body of m[2]!.split(/;\s*(?=['"])/)) {
        const t = /^\s*(?:(['"])(.*?)\1|\[([^\]]*)\])\s*:([\s\S]*)$/.exec(body);
        if (!t) continue;
        const titles = t[2] !== undefined ? [t[2]] : [...t[3]!.matchAll(/(['"])(.*?)\1/g)].map((x) => x[2]!);
        const attrs = t[4]!;
        const attr = (k: string): string | undefined => new RegExp(`\\b${k}\\s*=>\\s*(?:(['"])(.*?)\\1|([\\w:-]+))`).exec(attrs)?.slice(2).find((x) => x !== undefined);
        const absent = attr('ensure') === 'absent';
        for (const title of titles) {
          if (m[1] === 'file' && absent) out.push({ code: `rm ${attr('force') === 'true' ? '-rf' : '-f'} -- ${q(attr('path') ?? title)}`, how });
          else if (m[1] === 'user' && absent) out.push({ code: `userdel ${attr('managehome') === 'true' ? '-r ' : ''}${q(attr('name') ?? title)}`, how });
          else if (m[1] === 'exec') out.push({ code: attr('command') ?? title, how });
        }
      }
    }
  }
  return out;
}

/** `rails runner CODE|FILE` (`r`): the Ruby runs in the app, read as `ruby -e CODE` or `ruby FILE`
 *  (the ORM rules read the same line on their own). */
function railsRunner(args: Word[]): Embedded[] {
  const at = args.findIndex((a) => !a.value.startsWith('-'));
  if (at < 0 || !['runner', 'r'].includes(args[at]!.value)) return [];
  const rest = args.slice(at + 1);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w.dynamic) return [{ code: undefined, how: 'rails runner (Ruby in the app)' }];
    if (w.value === '-e' || w.value === '--environment') { i++; continue; }
    if (w.value.startsWith('-') && w.value !== '-') {
      if (w.value === '-h' || w.value === '--help') return [];
      continue;
    }
    if (w.value === '-') return []; // stdin: the ORM rules read it
    const file = /^[\w./-]+\.rb$/.test(w.value);
    return [{ code: file ? `ruby ${q(w.value)}` : `ruby -e ${q(w.value)}`, how: 'rails runner (Ruby in the app)' }];
  }
  return [];
}

/** A file of code or commands a tool runs (codeFileText), judged as the same text given inline.
 *  One the line writes is read as written; one on disk as it is (an agent's file tool may have
 *  written it just before). */
function fromCodeFile(inv: Invocation, f: Word | undefined, how: string, judge: (text: string, f: Word) => Embedded[]): Embedded[] {
  if (!f) return [];
  const t = codeFileText(inv, f);
  if (t === null) return [{ code: undefined, how: `${how} ${f.text}, whose content can't be known here` }];
  return t === undefined ? [] : judge(t, f);
}

/** Lua's `dofile("FILE")`/`loadfile("FILE")` in -e code run FILE: read it as `lua -e TEXT`. A name
 *  that isn't a literal stays filesystem/unread-code-shell-out's. */
function luaDofiles(inv: Invocation, args: Word[]): Embedded[] {
  const out: Embedded[] = [];
  for (let i = 0; i < args.length - 1; i++) {
    if (args[i]!.value !== '-e' || args[i + 1]!.dynamic) continue;
    for (const m of args[i + 1]!.value.matchAll(/\b(?:dofile|loadfile)\s*\(?\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|\[\[([^\]\n]*)\]\])/g)) {
      const file = m[1] ?? m[2] ?? m[3]!;
      out.push(...fromCodeFile(inv, { ...args[i + 1]!, value: file, text: file }, `${inv.name} dofile`, (t) => [{ code: `${inv.name} -e ${q(t)}`, how: `${inv.name} dofile("${file}")` }]));
    }
  }
  return out;
}

/** The first word after a program's options (its script file), given which options take a value. */
function scriptOperand(args: Word[], withValue: RegExp, stopIf?: RegExp): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--') return args[i + 1];
    if (stopIf?.test(v)) return undefined;
    if (!v.startsWith('-') || v === '-') return v === '-' ? undefined : args[i];
    if (withValue.test(v)) i++;
  }
  return undefined;
}

export function embeddedCode(inv: Invocation): Embedded[] {
  const out: Embedded[] = [];
  for (const a of inv.assignments) if (COMMAND_VARS.has(a.name)) out.push({ code: a.value.dynamic ? undefined : a.value.value, how: `$${a.name}` });
  const args = inv.argv.slice(1);
  // Cross and multi-arch gdbs (arm-none-eabi-gdb, gdb-multiarch) read the same commands as gdb.
  if (/^(?:[\w.]+-)+gdb$|^gdb-multiarch$/.test(inv.name)) out.push(...gdbCode(args, stdinText(inv.stdin)));
  switch (inv.name) {
    case 'git':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        if (v !== '-c' && !v.startsWith('-c')) {
          if (!v.startsWith('-')) break; // the subcommand: git's own options end here
          continue;
        }
        const kv = v === '-c' ? args[++i] : { ...args[i]!, value: v.slice(2) };
        if (!kv) break;
        const eq = kv.value.indexOf('=');
        const key = eq > 0 ? kv.value.slice(0, eq) : kv.value;
        const val = eq > 0 ? kv.value.slice(eq + 1) : '';
        if (!GIT_COMMAND_KEYS.test(key)) continue;
        if (/^alias\./i.test(key) && !val.startsWith('!')) continue;
        // An alias this invocation uses is walked with its arguments by the walker (gitalias.ts).
        if (/^alias\./i.test(key) && subcommandOf(args)?.word.value.toLowerCase() === key.slice(6).toLowerCase()) continue;
        out.push({ code: kv.dynamic ? undefined : val.replace(/^!/, ''), how: `git -c ${key}` });
      }
      // The same settings from GIT_CONFIG_COUNT/KEY_n/VALUE_n and GIT_CONFIG_PARAMETERS; one set
      // to a value only known at run time may be any command setting.
      if (inv.assignments.some((a) => /^GIT_CONFIG(_COUNT|_KEY_\d+|_VALUE_\d+|_PARAMETERS)$/.test(a.name) && a.value.dynamic) || inv.unknownVars?.some((u) => /^GIT_CONFIG(_COUNT|_KEY_\d+|_VALUE_\d+|_PARAMETERS)$/.test(u))) out.push({ code: undefined, how: 'git config from a variable only known at run time' });
      for (const kv of envConfig(inv.vars)) {
        const eq = kv.indexOf('=');
        const key = eq > 0 ? kv.slice(0, eq) : kv;
        const val = eq > 0 ? kv.slice(eq + 1) : '';
        if (!GIT_COMMAND_KEYS.test(key) || (/^alias\./i.test(key) && !val.startsWith('!'))) continue;
        if (/^alias\./i.test(key) && subcommandOf(args)?.word.value.toLowerCase() === key.slice(6).toLowerCase()) continue;
        out.push({ code: val.replace(/^!/, ''), how: `git config from the environment (${key})` });
      }
      out.push(...gitExt(args));
      out.push(...gitTransportCommands(args));
      out.push(...gitRunsCommand(args));
      break;
    case 'ssh':
      out.push(...sshOptions(args, 'ssh'));
      break;
    case 'scp':
    case 'sftp':
      out.push(...scpShell(args, inv.name));
      break;
    case 'rsync':
      out.push(...rsyncShell(args));
      break;
    case 'sed':
    case 'gsed':
      out.push(...sedCode(args, stdinText(inv.stdin), (f) => codeFileText(inv, f)));
      break;
    case 'gdb':
      out.push(...gdbCode(args, stdinText(inv.stdin), (f) => codeFileText(inv, f)));
      break;
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk':
    case 'busybox-awk':
      // -f FILE (repeatable) / --file=FILE: the program, as if given as its text.
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        if (v === '--') break;
        const f = v === '-f' || v === '--file' ? args[++i] : v.startsWith('--file=') ? { ...args[i]!, value: v.slice(7) } : /^-f./.test(v) ? { ...args[i]!, value: v.slice(2) } : undefined;
        // Read as the program given as its text (`awk 'CODE'`), for the rules to read.
        out.push(...fromCodeFile(inv, f, `${inv.name} -f`, (t, file) => [{ code: `${inv.name} ${q(t)}`, how: `${inv.name} -f ${file.value}` }]));
      }
      break;
    case 'lua':
    case 'luajit':
    case 'julia':
    case 'elixir':
    case 'osascript':
      // `lua FILE`: the script (julia's -e/--eval and osascript's -e give code instead).
      // Read as the same code given with -e (`lua -e 'CODE'`), for the rules to read.
      out.push(...fromCodeFile(inv, scriptOperand(args, /^(-l|-L|--load|-C|--project|-J|--sysimage|-r|--require|-pa|-pz|-s)$/, /^(-e|-E|--eval|--print)$/), inv.name, (t, file) => [{ code: inv.name === 'osascript' ? t.split('\n').filter((l) => l.trim()).map((l) => `osascript -e ${q(l)}`).join('\n') : `${inv.name} -e ${q(t)}`, how: `${inv.name} ${file.value}` }]));
      if (inv.name === 'lua' || inv.name === 'luajit') out.push(...luaDofiles(inv, args));
      break;
    case 'rails':
      out.push(...railsRunner(args));
      break;
    case 'rake':
      // rake -e/-E/-p CODE runs Ruby with rake's DSL (`sh`, FileUtils' `rm_rf`): not read, so unknown.
      if (args.some((a) => /^(-[eEp]|--execute(-continue|-print)?)(=|$)/.test(a.value) || /^-[^-]*[eEp]/.test(a.value))) out.push({ code: undefined, how: 'rake -e (Ruby with rake loaded, not read)' });
      break;
    case 'zip':
      out.push(...zipCode(args));
      break;
    case 'cargo': {
      // cargo clean removes the whole target directory: CARGO_TARGET_DIR's when set on the line
      // or exported before it (--target-dir is filesystem/output-dir-emptied's). -p, --release,
      // --profile and --doc clean only part of it.
      const sub = args.find((a) => !a.value.startsWith('-') && !a.value.startsWith('+'));
      const dir = inv.vars.CARGO_TARGET_DIR;
      if (sub?.value === 'clean' && dir && !args.some((a) => /^(-p|--package|--release|-r|--profile|--doc|--target-dir)(=|$)/.test(a.value))) out.push({ code: `rm -rf -- ${q(dir)}`, how: 'cargo clean (CARGO_TARGET_DIR)' });
      break;
    }
    case 'cmake': {
      // cmake -P SCRIPT runs CMake code (file(REMOVE_RECURSE), execute_process): a script only
      // known at run time (<(...), a variable) or that can't be read is code nobody has seen. One
      // the line wrote is judged by its project-code entry.
      const k = args.findIndex((a) => a.value === '-P');
      const f = k >= 0 ? args[k + 1] : undefined;
      if (f && (f.dynamic || fileText(inv, f.value) === null)) out.push({ code: undefined, how: 'cmake -P script' });
      break;
    }
    case 'openocd':
      // -c CMDS (Tcl, `;`-separated): dump_image FILE ADDR SIZE writes FILE.
      for (let i = 0; i < args.length; i++) {
        if (args[i]!.value !== '-c' && args[i]!.value !== '--command') continue;
        const c = args[++i];
        if (!c) break;
        if (c.dynamic) { out.push({ code: undefined, how: 'openocd -c' }); continue; }
        for (const m of c.value.matchAll(/(?:^|[;\[{\s])dump_image\s+("[^"]*"|\{[^}]*\}|[^\s;\]]+)/g)) out.push({ code: `: > ${q(m[1]!.replace(/^["{]|["}]$/g, ''))}`, how: 'openocd dump_image' });
      }
      break;
    case 'avrdude':
      // -U MEMTYPE:r:FILE[:FORMAT] reads the device's memory into FILE.
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        const u = v === '-U' ? args[++i] : v.startsWith('-U') ? { ...args[i]!, value: v.slice(2) } : undefined;
        if (!u) continue;
        const m = /^[\w-]+:r:(.+?)(?::[a-zA-Z])?$/.exec(u.value);
        if (m) out.push(u.dynamic ? { code: undefined, how: 'avrdude -U' } : { code: `: > ${q(m[1]!)}`, how: 'avrdude -U ...:r:FILE' });
      }
      break;
    case 'tclsh':
    case 'wish':
    case 'jimsh':
    case 'expect': {
      const c = args.findIndex((a) => a.value === '-c');
      // The script: `tclsh FILE`, `expect [-f] FILE`, or stdin (a file redirected to it too).
      const fa = inv.name === 'expect' ? args.findIndex((a) => a.value === '-f') : -1;
      const file = fa >= 0 ? args[fa + 1] : scriptOperand(args, inv.name === 'expect' ? /^-[cDf]$/ : /^-encoding$/);
      const tcl = (f: Word): void => void out.push(...fromCodeFile(inv, f, `${inv.name} runs`, (t) => tclCode(t, inv.name)));
      if (inv.name === 'expect' && c >= 0) {
        const w = args[c + 1];
        if (w) out.push(...(w.dynamic ? [{ code: undefined, how: 'expect -c' }] : tclCode(w.value, 'expect')));
      }
      if (file) tcl(file);
      else if (c < 0 || inv.name !== 'expect') {
        if (inv.stdin?.kind === 'file') tcl(inv.stdin.path);
        else out.push(...fromStdin(inv.stdin, inv.name, (t) => tclCode(t, inv.name)));
      }
      break;
    }
    case 'm4':
    case 'gm4':
    case 'dc':
    case 'gnuplot':
    case 'octave':
    case 'octave-cli': {
      const read = inv.name === 'dc' ? dcCode : inv.name === 'gnuplot' ? gnuplotCode : inv.name.startsWith('octave') ? octaveCode : m4Code;
      // Code in options (dc -e/--expression, gnuplot -e, octave --eval; m4 -D defines text, read too),
      // in files named (dc -f, operands), or on stdin when none is named.
      const codeOpt = inv.name === 'dc' ? /^(-e|--expression)$/ : inv.name === 'gnuplot' ? /^(-e)$/ : inv.name.startsWith('octave') ? /^(--eval)$/ : /^(-D|--define)$/;
      const fileOpt = inv.name === 'dc' ? /^(-f|--file)$/ : /^$/;
      let named = false;
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        const eq = /^--[\w-]+=/.test(v) ? v.indexOf('=') : -1;
        const opt = eq > 0 ? v.slice(0, eq) : v;
        const val = eq > 0 ? { ...args[i]!, value: v.slice(eq + 1) } : undefined;
        if (codeOpt.test(opt)) {
          const w = val ?? args[++i];
          if (inv.name !== 'm4') named = true;
          if (w) out.push(...(w.dynamic ? [{ code: undefined, how: `${inv.name} ${opt}` }] : read(w.value)));
        } else if (fileOpt.test(opt)) {
          named = true;
          out.push(...fromCodeFile(inv, val ?? args[++i], `${inv.name} runs`, (t) => read(t)));
        } else if (!v.startsWith('-') || v === '-') {
          if (v === '-') continue;
          named = true;
          out.push(...fromCodeFile(inv, args[i], `${inv.name} runs`, (t) => read(t)));
        }
      }
      if (!named) {
        if (inv.stdin?.kind === 'file') out.push(...fromCodeFile(inv, inv.stdin.path, `${inv.name} runs`, (t) => read(t)));
        else out.push(...fromStdin(inv.stdin, inv.name, read));
      }
      break;
    }
    case 'ed':
    case 'red':
      out.push(...fromStdin(inv.stdin, 'ed', (t) => edCode(t, edFile(args))));
      break;
    case 'emacs':
    case 'emacsclient':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        const w = /^--?(eval|execute)$/.test(v) ? args[++i] : /^--?(eval|execute)=/.test(v) ? { ...args[i]!, value: v.slice(v.indexOf('=') + 1) } : undefined;
        if (w) out.push(...(w.dynamic ? [{ code: undefined, how: 'emacs --eval' }] : elispCode(w.value)));
        // --script FILE, -l/--load FILE: a file of the same Lisp.
        const f = /^(--?script|-l|--?load)$/.test(v) ? args[++i] : /^--?(script|load)=/.test(v) ? { ...args[i]!, value: v.slice(v.indexOf('=') + 1) } : undefined;
        out.push(...fromCodeFile(inv, f, 'emacs loads', elispCode));
      }
      break;
    case 'rscript':
    case 'r': {
      let expr = false;
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        if (v === '-e' || v === '--expr') {
          expr = true;
          const w = args[++i];
          if (w) out.push(...(w.dynamic ? [{ code: undefined, how: `${inv.name} -e` }] : rCode(w.value)));
        }
        // `R -f FILE`, `--file=FILE`: a script the line wrote first is read as written (as Rscript's).
        const f = inv.name === 'r' && (v === '-f' || v === '--file') ? args[++i] : inv.name === 'r' && v.startsWith('--file=') ? { ...args[i]!, value: v.slice(7) } : undefined;
        if (f && inv.cwd !== undefined) {
          expr = true;
          const text = f.dynamic ? null : writtenContent(inv.written, path.resolve(inv.cwd, f.value));
          if (text === null) out.push({ code: undefined, how: `R runs ${f.text}, which this line writes first` });
          else if (text !== undefined) out.push(...rCode(text));
        }
      }
      if (!expr && (inv.name === 'r' || !args.some((a) => !a.value.startsWith('-')))) out.push(...fromStdin(inv.stdin, inv.name, rCode));
      // `Rscript [options] FILE [args]`: a script the line wrote first is read as written (one on
      // disk was there before the line: left to its own review, like the other interpreters').
      const file = !expr && inv.name === 'rscript' ? args.find((a) => !a.value.startsWith('-')) : undefined;
      if (file && inv.cwd !== undefined) {
        const text = file.dynamic ? undefined : writtenContent(inv.written, path.resolve(inv.cwd, file.value));
        if (text === null) out.push({ code: undefined, how: `Rscript runs ${file.value}, which this line writes first` });
        else if (text !== undefined) out.push(...rCode(text));
      }
      break;
    }
    case 'hyperfine':
      out.push(...hyperfine(args));
      break;
    case 'go':
      // `go run a.go b.go`: the files named; `go run .` / `go run ./cmd/x`: the package
      // directory's non-test .go files.
      if (args[0]?.value === 'run') {
        const files = args.slice(1).filter((a) => /\.go$/.test(a.value));
        const pkg = files.length ? undefined : args.slice(1).find((a) => !a.value.startsWith('-'));
        if (pkg && !pkg.dynamic && /^(\.{1,2}|\/)(\/|$)/.test(pkg.value)) files.push(...goPackageFiles(inv, pkg.value));
        for (const f of files) {
          const text = f.dynamic ? null : fileText(inv, f.value);
          if (text) out.push(...goCode(text));
        }
      }
      break;
    case 'entr':
      // entr -s 'cmd' runs the string with $SHELL; without -s the words are the command (a wrapper).
      if (args.some((a) => /^-[acdnprz]*s[acdnprz]*$/.test(a.value))) {
        const cmd = args.find((a) => !a.value.startsWith('-'));
        if (cmd) out.push({ code: cmd.dynamic ? undefined : cmd.value, how: 'entr -s' });
      }
      break;
    case 'pwsh':
    case 'powershell':
    case 'pwsh-preview':
    // Run from WSL by their Windows names.
    case 'pwsh.exe':
    case 'powershell.exe':
      // A script file the line wrote is read as written; one already on disk is not read here
      // (as Rscript's): its cmdlets' heuristics would make everyday build scripts unknown.
      out.push(...pwshArgs(args, (f) => (inv.cwd === undefined && !f.startsWith('/') ? null : writtenContent(inv.written, path.resolve(inv.cwd ?? '/', f)))));
      break;
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'view':
    case 'ex':
      out.push(...vimCommands(inv, args));
      break;
    case 'man':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        const w = v === '-P' || v === '--pager' ? args[++i] : v.startsWith('--pager=') ? { ...args[i]!, value: v.slice(8) } : /^-P./.test(v) ? { ...args[i]!, value: v.slice(2) } : undefined;
        if (w) out.push({ code: w.dynamic ? undefined : w.value, how: 'man -P' });
      }
      break;
    case 'find':
      // -fprint FILE and friends truncate FILE, like a redirection.
      for (let i = 0; i < args.length; i++) if (/^-fprint0?$|^-fls$|^-fprintf$/.test(args[i]!.value) && args[i + 1]) out.push(writes(args[++i]!, `find ${args[i - 1]!.value}`));
      break;
    case 'uniq': {
      const files = args.filter((a, k) => !a.value.startsWith('-') || a.value === '-' ? !(k > 0 && /^(-f|-s|-w|--skip-fields|--skip-chars|--check-chars)$/.test(args[k - 1]!.value)) : false);
      if (files[1] && files[1].value !== '-') out.push(writes(files[1], 'uniq OUTPUT'));
      break;
    }
    case 'tar':
    case 'gtar':
    case 'bsdtar': {
      // tar's options as it reads them (registry: tar; -cI PROG, --to-comm=CMD, --to-command CMD).
      const spec = programFor('tar');
      for (const it of readItems(args, spec)) {
        if (!('opt' in it) || !it.value) continue;
        const exec = it.opt === '--checkpoint-action' ? /^exec=(.*)$/s.exec(it.value.value) : null;
        if (exec) out.push({ code: it.value.dynamic ? undefined : exec[1], how: 'tar --checkpoint-action=exec' });
        else if (spec?.payload?.flags?.includes(it.opt)) out.push({ code: word(it.value), how: `tar ${it.opt}` });
      }
      break;
    }
    case 'salt-call':
      out.push(...saltCode(args));
      break;
    case 'puppet':
      out.push(...puppetApply(args));
      break;
    case 'script': {
      // -c CMD (registry: script; -qc, -c'CMD', --comm=CMD); without one its shell reads stdin.
      const cmds = codeValues(args, 'script');
      if (!cmds.length) out.push(...fromStdin(inv.stdin, 'script', (t) => [{ code: t, how: 'script (its shell reads stdin)' }]));
      for (const c of cmds) out.push({ code: word(c), how: 'script -c' });
      break;
    }
    case 'tmux': {
      // tmux's own options (-c runs a shell command), then its command: new-session / new-window /
      // split-window / respawn-* / run-shell / display-popup take a trailing shell command.
      const spec = programFor('tmux');
      const top = readLeading(args, spec);
      for (const o of top.options) if (o.opt === '-c') out.push({ code: word(o.value), how: 'tmux -c' });
      out.push(...tmuxConfigs(inv, top.options.filter((o) => o.opt === '-f').map((o) => o.value)));
      // A command sequence (`new -d \\; run-shell CMD`): the first command here, each later one
      // as its own `tmux` line.
      const [first = [], ...later] = tmuxSequence(top.rest);
      for (const c of later) out.push({ code: c.some((w) => w.dynamic) ? undefined : ['tmux', ...c.map((w) => q(w.value))].join(' '), how: 'tmux command sequence' });
      const sub = first[0]?.value ?? '';
      const grammar = spec?.subcommands && Object.hasOwn(spec.subcommands, sub) ? spec.subcommands[sub] : undefined;
      if (grammar) {
        const cmd = readLeading(first.slice(1), grammar).rest;
        // One word is a shell command; more are the program's argv, run as they are (tmux 3.0+).
        const text = cmd.length === 1 ? cmd[0]!.value : cmd.map((w) => q(w.value)).join(' ');
        if (cmd.length) out.push({ code: cmd.some((w) => w.dynamic) ? undefined : text, how: `tmux ${sub}` });
      }
      if (sub === 'send-keys' || sub === 'send') out.push({ code: tmuxKeys(first.slice(1)), how: 'tmux send-keys (types into a terminal)' });
      if (sub === 'if-shell' || sub === 'if') out.push(...tmuxIf(first.slice(1)));
      if (sub === 'source-file' || sub === 'source') out.push(...tmuxSource(inv, first.slice(1)));
      out.push(...tmuxLater(sub, first.slice(1)));
      break;
    }
    case 'nc':
    case 'netcat':
    case 'nc.traditional':
    case 'nc.openbsd':
      out.push(...netcatCode(inv));
      break;
    case 'ncat':
      // ncat -c/--sh-exec CMD (or -e PROG ARGS) runs it for each connection (registry: ncat).
      for (const c of codeValues(args, 'ncat')) out.push({ code: word(c), how: 'ncat --sh-exec' });
      break;
    case 'socat':
      out.push(...socatCommands(args));
      break;
    case 'gh':
      out.push(...ghAliasCode(inv));
      break;
    case 'nu':
    case 'xonsh':
    case 'elvish':
      out.push(...otherShellCode(inv.name, args, inv.stdin));
      break;
    case 'kitty':
    case 'kitten':
    case 'wezterm':
    case 'zellij':
      out.push(...typedText(inv.name, args, inv.stdin));
      break;
    case 'zx':
      // zx with no script file runs the JavaScript on its input; --eval code: not read here.
      if (args.some((a) => /^(-e|--eval)(=|$)/.test(a.value))) out.push({ code: undefined, how: 'zx --eval (JavaScript, not read)' });
      else if (!args.some((a) => !a.value.startsWith('-')) && inv.stdin && inv.stdin.kind !== 'file') out.push({ code: undefined, how: 'zx runs JavaScript from its input (not read)' });
      break;
    case 'screen':
      out.push(...screenCommand(args));
      break;
    case 'crontab': {
      const s = inv.stdin;
      const file = args.find((a) => !a.value.startsWith('-'));
      if (args.some((a) => a.value === '-r' || a.value === '-l' || a.value === '-e')) break;
      if (file && file.value !== '-') break; // a file argument: read by the indirection rules later
      if (s && (s.kind === 'heredoc' || (s.kind === 'herestring' && !s.dynamic) || (s.kind === 'pipe' && s.text !== undefined))) {
        for (const line of (s.text ?? '').split('\n')) {
          const t = line.trim();
          if (!t || t.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) continue;
          const m = /^(@\w+|\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$/.exec(t);
          if (m) out.push({ code: m[2], how: 'crontab entry' });
        }
      } else out.push({ code: undefined, how: 'crontab reads a schedule from its input' });
      break;
    }
  }
  return out;
}

/** A go package directory's source files as words (`go run` skips *_test.go), with the ones the
 *  line wrote there; at most 200. */
function goPackageFiles(inv: Invocation, dir: string): Word[] {
  const abs = path.resolve(inv.cwd ?? '/', dir);
  let names: string[] = [];
  try {
    names = readdirSync(abs).filter((n) => n.endsWith('.go'));
  } catch {
    // Not a directory here: nothing on disk to read.
  }
  for (const k of inv.written?.files.keys() ?? []) if (path.dirname(k) === abs && k.endsWith('.go')) names.push(path.basename(k));
  return [...new Set(names)].filter((n) => !n.endsWith('_test.go')).slice(0, 200).map((n) => {
    const v = path.join(abs, n);
    return { value: v, dynamic: false, glob: false, text: v };
  });
}
