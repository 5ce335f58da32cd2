// Files that run later by themselves: a git hook on the next commit, a shell's startup file on the
// next login, direnv's .envrc on the next cd, a package's lifecycle scripts on the next install, a
// Makefile's recipes on the next make, VS Code's folder-open tasks, a dev container's start
// commands, compose commands, CI steps, pytest's conftest.py, python's site hooks, ssh's and git's
// configured commands, readline macros, vim's shell escapes. A line that writes one plants code
// that no later line shows: what it plants is judged now, in the language that place uses.
// Each place is data: where it is (a path pattern), how code is found in its text, and whether a
// file there whose content is unknown runs unknown code (strong: a hook, python's site hooks).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRegularText } from '../readfile.js';
import { ciCommands, isCiFile } from './ci.js';
import { composeRuns } from './containers.js';

export type Lang = 'sh' | 'python' | 'node';
export interface Piece {
  lang: Lang;
  code: string;
}
export interface Place {
  /** Shown in the finding's origin: `pre-commit, run by git on the next commit`. */
  what: string;
  /** A file here with unknown content runs code countersign can't see. */
  strong: boolean;
  code(text: string): Piece[];
  /** Its code runs on another machine (CI's runner, with a checkout of the repository and CI's
   *  own services): only what reaches outside that machine is judged (elsewhere()). */
  elsewhere?: boolean;
  /** A shell's startup file (or one it sources): where the shim set-up lives. */
  shell?: boolean;
}

const GIT_HOOKS = new Set(['applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive', 'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate', 'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change']);

/** A script by its `#!` line: python or node code, else shell. */
function script(text: string): Piece[] {
  const first = text.startsWith('#!') ? text.split('\n', 1)[0]! : '';
  if (/python/.test(first)) return [{ lang: 'python', code: text.slice(first.length) }];
  if (/\b(node|bun|deno)\b/.test(first)) return [{ lang: 'node', code: text.slice(first.length) }];
  return [{ lang: 'sh', code: text }];
}

const sh = (code: string): Piece => ({ lang: 'sh', code });
const unquote = (s: string): string => {
  const t = s.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")))) {
    const inner = t.slice(1, -1);
    return t[0] === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
  }
  return t;
};

const ZSH_STARTUP = ['.zshenv', '.zprofile', '.zshrc', '.zlogin'];

/** A file's text: what the line being judged leaves there (its writes), else what is on disk;
 *  undefined when neither can be read. */
export type Reader = (abs: string) => string | undefined;
/** What the line writes: a file's text, null when only known at run time, undefined when the
 *  line doesn't write it. */
export type Overlay = (abs: string) => string | null | undefined;
const readDisk: Reader = (file) => {
  try {
    return readRegularText(file, 1024 * 1024);
  } catch {
    return undefined;
  }
};

/** systemd's environment.d (`KEY=VALUE` lines, `${VAR}` expanded): the environment of the next
 *  login's programs, the person's terminal and its `countersign approver` among them. Read as the
 *  startup file that exports the same. */
function envD(text: string): Piece[] {
  const lines: string[] = [];
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(.*?)[ \t]*$/gm)) lines.push(`export ${m[1]}="${unquote(m[2]!).replace(/["\\`]/g, '\\$&')}"`);
  return lines.length ? rc(lines.join('\n')) : [];
}

/** An agent CLI's env file (KEY=VALUE lines, loaded into its process at start, so into every
 *  hook and shell it starts: Gemini CLI's `.gemini/.env` and the nearest `.env`, Codex's
 *  `$CODEX_HOME/.env`): read as the startup file that exports the same, values literal (red team
 *  27x: `NODE_OPTIONS=--require x.js` there runs the agent's code inside the next hook). */
function dotenv(text: string): Piece[] {
  const lines: string[] = [];
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)[ \t]*=[ \t]*(.*?)[ \t]*$/gm)) lines.push(`export ${m[1]}=${quoteWord(unquote(m[2]!))}`);
  return lines.length ? rc(lines.join('\n')).slice(1) : [];
}

/** Commands a program's own startup file runs when that program starts (red team 25: written by
 *  one line, run by the next `psql`, `sqlite3`, `tmux`, `gdb`, `R` or `irb`, the agent's own or
 *  the person's): each line that runs a shell command, as shell; R and Ruby code as the one-liner
 *  that runs it. */
const lines = (text: string): string[] => text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const tmuxConf = (text: string): Piece[] => lines(text).map((l) => sh(`tmux ${l}`));
const psqlrc = (text: string): Piece[] => lines(text).flatMap((l) => {
  const m = /^\\!\s*(.+)$/.exec(l) ?? /^\\[og]\s*\|\s*(.+)$/.exec(l);
  return m ? [sh(m[1]!)] : /^\\(copy|i|ir|include|include_relative)\b|program\s+'/i.test(l) ? [sh(`psql -X -c ${quoteWord(l)}`)] : [];
});
const sqliterc = (text: string): Piece[] => lines(text).flatMap((l) => {
  // Any prefix of a dot command works (`.sh`, `.sy`, `.on`: rt27fp1).
  const m = /^\.(?:sh(?:e(?:ll?)?)?|sy(?:s(?:t(?:em?)?)?)?)\s+(.+)$/.exec(l) ?? /^\.(?:o(?:n(?:ce?)?|u(?:t(?:p(?:ut?)?)?)?)?)\s+(?:-[-a-z]+\s+)*['"]?\|(.+?)['"]?$/.exec(l);
  return m ? [sh(m[1]!)] : /^\.(re|rea|read|op|ope|open|res|rest|resto|restor|restore|ba|bac|back|backu|backup|sa|sav|save|im|imp|impo|impor|import|lo|loa|load)\b/.test(l) ? [sh(`sqlite3 :memory: ${quoteWord(l)}`)] : [];
});
const gdbinit = (text: string): Piece[] => lines(text).flatMap((l) => {
  const m = /^(?:shell|!)\s*(.+)$/.exec(l) ?? /^pipe\s+.*?\|\s*(.+)$/.exec(l);
  return m ? [sh(m[1]!)] : /^(source|python|py|pi|guile)\b/.test(l) ? [sh(`gdb -batch -ex ${quoteWord(l)}`)] : [];
});
const rCode = (text: string): Piece[] => (text.trim() ? [sh(`Rscript -e ${quoteWord(text)}`)] : []);
const rubyCode = (text: string): Piece[] => (text.trim() ? [sh(`ruby -e ${quoteWord(text)}`)] : []);

/** Shell code of a startup file: its text, and the value of each alias it defines (run when the
 *  alias, a common command's name, is typed). */
function rc(text: string): Piece[] {
  const out = [sh(text)];
  // An unquoted value may escape its spaces (`printf 'alias gs=%q'` writes `git\ push\ …`).
  for (const m of text.matchAll(/^[ \t]*alias[ \t]+(?:-[a-z]+[ \t]+)?[\w.:@%+-]+=((['"]).*\2|(?:\\.|\S)+)/gm)) out.push(sh(m[2] ? unquote(m[1]!) : m[1]!.replace(/\\(.)/g, '$1')));
  // Variables that load code into every node program or binary the next shell starts: the
  // person's own `countersign approver` among them (rule countersign/self-preload).
  // A library path and an OpenSSL config load shared objects into node as well (red team 25); a
  // library path that only adds to the one inherited (`:$LD_LIBRARY_PATH`) is judged by what it adds.
  const loaders = [...text.matchAll(/^[ \t]*(?:export[ \t]+|declare[ \t]+-x[ \t]+|setenv[ \t]+)?(NODE_OPTIONS|LD_PRELOAD|LD_AUDIT|DYLD_INSERT_LIBRARIES|LD_LIBRARY_PATH|DYLD_LIBRARY_PATH|DYLD_FALLBACK_LIBRARY_PATH|OPENSSL_CONF)(?:=|[ \t]+\S).*$/gm)].map((m) =>
    m[1]!.endsWith('LIBRARY_PATH') ? m[0].replace(/:?\$\{?(?:DY)?LD_(?:FALLBACK_)?LIBRARY_PATH(?::[+-][^}]*)?\}?:?/g, '') : m[0],
  );
  if (loaders.length) out.push(sh(`${loaders.join('\n')}\nexport NODE_OPTIONS LD_PRELOAD LD_AUDIT DYLD_INSERT_LIBRARIES LD_LIBRARY_PATH DYLD_LIBRARY_PATH DYLD_FALLBACK_LIBRARY_PATH OPENSSL_CONF 2>/dev/null\ncountersign approver`));
  // A file every later shell reads first: BASH_ENV (each non-interactive bash, the real shell of
  // every `countersign -c` among them) and ENV (sh), or the directory zsh reads its startup files
  // from (ZDOTDIR). What those files hold on disk is judged as sourced there (red team 25).
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+)?(BASH_ENV|ENV)=.*$/gm)) out.push(sh(`${m[0]}\n. "$${m[1]}"`));
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+)?ZDOTDIR=.*$/gm)) out.push(sh(`${m[0]}\n${ZSH_STARTUP.map((f) => `. "$ZDOTDIR/${f}"`).join('\n')}`));
  // Claude Code started from the next shell runs CLAUDE_CODE_SHELL: set to countersign's shim in
  // the shim set-up. The last setting or unset of it, judged as starting claude with it
  // (countersign/agent-shell) when it names another shell; only a change is judged (later
  // pieces already in the file before the write are not), so a person's own setting stands.
  const ccs = [...text.matchAll(/^[ \t]*(?:(?:export[ \t]+)?CLAUDE_CODE_SHELL=(.*)|unset[ \t]+(?:-v[ \t]+)?CLAUDE_CODE_SHELL\b.*)$/gm)];
  if (ccs.length && !/countersign/.test(ccs.at(-1)![1] ?? '')) out.push(sh(`export CLAUDE_CODE_SHELL=${quoteWord(unquote(ccs.at(-1)![1] ?? '/bin/sh'))}\nclaude`));
  // Where an agent's CLI reads its settings and hooks, and what turns its hooks off (red team
  // 27x): CLAUDE_CONFIG_DIR (user settings, hooks among them, from another folder), Claude Code's
  // simple/safe modes (no hooks), CLAUDE_CODE_SHELL_PREFIX (a program wrapping every command
  // after the hook), CODEX_HOME (hooks.json and the hook's trust from another folder), Gemini's
  // system settings path (above every other settings file): judged as starting that agent with
  // the value (countersign/agent-hook-off); only a change is judged, as above.
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+)?(CLAUDE_CONFIG_DIR|CLAUDE_CODE_SIMPLE|CLAUDE_CODE_SAFE_MODE|CLAUDE_CODE_SHELL_PREFIX|CODEX_HOME|GEMINI_CLI_SYSTEM_SETTINGS_PATH)=(.*)$/gm)) {
    const agent = m[1]!.startsWith('CODEX') ? 'codex' : m[1]!.startsWith('GEMINI') ? 'gemini' : 'claude';
    out.push(sh(`export ${m[1]}=${quoteWord(unquote(m[2]!.replace(/[ \t]+#.*$/, '')))}\n${agent}`));
  }
  // A PATH the next shell gets: the `countersign` it would find there is the approver pane the
  // person types the passphrase into (walk.ts: one ahead of the real one is unknown code).
  const paths = [...text.matchAll(/^[ \t]*(?:export[ \t]+)?PATH=.*$/gm)].map((m) => m[0]);
  if (paths.length) out.push(sh(`${paths.join('\n')}\ncountersign approver`));
  // `countersign` itself redefined (an alias, a function, `hash -p`): the person's next
  // `countersign approver` would run it instead (walk.ts: a redefined countersign is unknown code).
  if (/^[ \t]*(?:alias[ \t]+(?:-[a-z]+[ \t]+)?['"]?countersign['"]?=|(?:function[ \t]+)?countersign[ \t]*\([ \t]*\)|function[ \t]+countersign\b|hash[ \t]+(?:-[a-z]+[ \t]+)*-p[ \t]+\S+[ \t]+countersign\b)/m.test(text)) out.push(sh(`${text}\ncountersign approver`));
  return out;
}

/** Values of YAML keys (`run:`, `command:`): a plain or quoted scalar, a flow list, or a block
 *  scalar (`run: |` and the lines more indented than the key). */
function yamlValues(keys: RegExp): (text: string) => Piece[] {
  return (text) => {
    const lines = text.split('\n');
    const out: Piece[] = [];
    lines.forEach((l, i) => {
      const m = /^([ \t]*(?:-[ \t]+)?)([\w.-]+)[ \t]*:[ \t]*(.*)$/.exec(l);
      if (!m || !keys.test(m[2]!)) return;
      const v = m[3]!.replace(/[ \t]+#.*$/, '').trim();
      if (!v) {
        // A block sequence under the key: one command's words (compose's `command:`).
        const ind = m[1]!.length;
        const items: string[] = [];
        for (let j = i + 1; j < lines.length; j++) {
          const b = lines[j]!;
          if (!b.trim() || /^[ \t]*#/.test(b)) continue;
          const item = /^([ \t]*)-[ \t]+(.*)$/.exec(b);
          if (!item || item[1]!.length < ind) break;
          items.push(unquote(item[2]!.replace(/[ \t]+#.*$/, '')));
        }
        if (items.length) out.push(sh(items.map(quoteWord).join(' ')));
      } else if (/^[|>]/.test(v)) {
        const ind = m[1]!.length;
        const body: string[] = [];
        for (let j = i + 1; j < lines.length; j++) {
          const b = lines[j]!;
          if (b.trim() && b.length - b.trimStart().length <= ind) break;
          body.push(b.trim());
        }
        out.push(sh(v.startsWith('>') ? body.join(' ') : body.join('\n')));
      } else if (v.startsWith('[')) {
        out.push(sh(v.slice(1, v.lastIndexOf(']') < 0 ? undefined : v.lastIndexOf(']')).split(',').map((w) => quoteWord(unquote(w))).join(' ')));
      } else if (v) out.push(sh(unquote(v)));
    });
    return out;
  };
}

const quoteWord = (w: string): string => (/^[\w./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** Values of JSON string keys (and string arrays, as words), found by name anywhere in the text. */
function jsonValues(keys: RegExp): (text: string) => Piece[] {
  return (text) => {
    const out: Piece[] = [];
    const str = '"((?:[^"\\\\]|\\\\.)*)"';
    for (const m of text.matchAll(new RegExp(`"([\\w.:-]+)"\\s*:\\s*(?:${str}|\\[((?:\\s*${str}\\s*,?)*)\\])`, 'g'))) {
      if (!keys.test(m[1]!)) continue;
      if (m[2] !== undefined) out.push(sh(jsonString(m[2])));
      else if (m[3] !== undefined) out.push(sh([...m[3].matchAll(new RegExp(str, 'g'))].map((s) => quoteWord(jsonString(s[1]!))).join(' ')));
    }
    return out;
  };
}

function jsonString(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

/** npm's lifecycle scripts: run by install, test, start, publish and by `pre`/`post` of any script. */
const LIFECYCLE = /^(pre|post)[\w:-]+$|^(install|prepare|prepublish|prepublishOnly|prepack|postpack|dependencies|test|start|stop|restart)$/;
function packageScripts(text: string): Piece[] {
  try {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> })?.scripts;
    if (!scripts || typeof scripts !== 'object') return [];
    return Object.entries(scripts)
      .filter(([k, v]) => LIFECYCLE.test(k) && typeof v === 'string')
      .map(([, v]) => sh(v as string));
  } catch {
    return jsonValues(LIFECYCLE)(text);
  }
}

/** A Makefile's recipe lines (a tab first), without make's prefixes, `$$` as the shell's `$`. */
function makeRecipes(text: string): Piece[] {
  const lines = text.split('\n').filter((l) => l.startsWith('\t'));
  return lines.length ? [sh(lines.map((l) => l.slice(1).replace(/^[@+-]+/, '').replace(/\$\$/g, '$')).join('\n'))] : [];
}

/** `KEY = VALUE` lines (ini, git config, ssh config `Key value`, systemd, desktop entries). */
function keyed(keys: RegExp, sep: RegExp, fix: (v: string) => string = (v) => v): (text: string) => Piece[] {
  return (text) => {
    const out: Piece[] = [];
    for (const l of text.split('\n')) {
      const m = new RegExp(`^[ \\t]*([\\w.-]+)${sep.source}(.*)$`).exec(l);
      if (m && keys.test(m[1]!)) out.push(sh(fix(m[2]!.trim())));
    }
    return out;
  };
}

/** git config values that run: an alias starting with `!`, and commands git runs by itself. */
function gitConfig(text: string): Piece[] {
  const out: Piece[] = [];
  for (const l of text.split('\n')) {
    const m = /^[ \t]*([\w.-]+)[ \t]*=[ \t]*(.*)$/.exec(l);
    if (!m) continue;
    const v = unquote(m[2]!.trim());
    if (v.startsWith('!')) out.push(sh(v.slice(1)));
    else if (/^(fsmonitor|pager|sshCommand|editor|askPass|smudge|clean|process|textconv|external|cmd|hooksPath)$/i.test(m[1]!)) out.push(sh(v));
  }
  return out;
}

/** tox's `commands =` and the indented lines under it. */
function toxCommands(text: string): Piece[] {
  const out: string[] = [];
  let on = false;
  for (const l of text.split('\n')) {
    const m = /^(commands(?:_pre|_post)?)[ \t]*=[ \t]*(.*)$/.exec(l);
    if (m) {
      on = true;
      if (m[2]!.trim()) out.push(m[2]!.trim());
    } else if (on && /^[ \t]+\S/.test(l)) out.push(l.trim());
    else on = false;
  }
  return out.length ? [sh(out.join('\n').replace(/\{(toxinidir|tox_root)\}/g, '.'))] : [];
}

/** Readline macros (`"\C-m": "text"`): the text typed, without key escapes. Each binding is also
 *  judged as the `bind` line that makes it (countersign/readline-keys: a key sequence or a macro
 *  holding Ctrl-X, the prefix of the guarded session's private keys, red team 26x), and a file
 *  `$include`d is read as part of it (what it holds on disk, two levels deep). */
function inputrc(text: string, home?: string, depth = 0, read: Reader = readDisk): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(/^[ \t]*"(?:[^"\\]|\\.)*"[ \t]*:[ \t]*"((?:[^"\\]|\\.)*)"/gm)) {
    out.push(sh(m[1]!.replace(/\\C-[jm]/gi, '\n').replace(/\\(C|M)-./g, '').replace(/\\e/g, '').replace(/\\(.)/g, '$1')));
  }
  for (const m of text.matchAll(/^[ \t]*((?:"(?:[^"\\]|\\.)*"|[^\s"$#:][^\s:]*)[ \t]*:.*?)[ \t]*$/gm)) out.push(sh(`bind ${quoteWord(m[1]!)}`));
  if (depth < 2) {
    for (const m of text.matchAll(/^[ \t]*\$include[ \t]+(\S.*?)[ \t]*$/gm)) {
      const f = home ? m[1]!.replace(/^~(?=\/)/, home) : m[1]!;
      if (!path.isAbsolute(f)) continue;
      // What the line itself writes there counts as written (red team 27x: `$include` and the
      // file it names, written by one line); else what is on disk. Not there (yet): the file is
      // a place of its own (startupPulled's inputrc).
      const t = read(path.resolve(f));
      if (t !== undefined) out.push(...inputrc(t, home, depth + 1, read));
    }
  }
  return out;
}

/** vim's shell escapes: `!cmd` as an ex command, `silent !cmd`, `autocmd ... !cmd`, system("cmd"). */
function vimEscapes(text: string): Piece[] {
  const out: Piece[] = [];
  for (const l of text.split('\n')) {
    const m = /(?:^[ \t]*:?|\bsilent!?[ \t]+|\bexe(?:cute)?[ \t]+"|\|[ \t]*)!([^!\n].*)$/.exec(l);
    if (m) out.push(sh(m[1]!));
    for (const s of l.matchAll(/\bsystem\(\s*(['"])(.*?)\1/g)) out.push(sh(s[2]!));
  }
  return out;
}

/** A .pth file's lines that python runs (those starting with `import`). */
function pth(text: string): Piece[] {
  const lines = text.split('\n').filter((l) => /^import[ \t]/.test(l));
  return lines.length ? [{ lang: 'python', code: lines.join('\n') }] : [];
}

const python = (text: string): Piece[] => [{ lang: 'python', code: text }];

/** A Claude Code command, skill or sub-agent file: its inline `!`cmd`` (as Claude Code matches
 *  them: after the start of a line or a space, fences or not), its ```! blocks, and the commands
 *  of its frontmatter's `hooks:`. */
function claudeMarkdown(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(/(?<=^|\s)!`([^`]+)`/gm)) out.push(sh(m[1]!));
  for (const m of text.matchAll(/^```!.*\n([\s\S]*?)^```/gm)) out.push(sh(m[1]!));
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (fm) out.push(...yamlValues(/^command$/)(fm[1]!));
  return out;
}

/** starship's `command`/`when` values (TOML basic, literal or multi-line literal strings). */
function starship(text: string): Piece[] {
  return [...text.matchAll(/^[ \t]*(?:command|when)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|'''([\s\S]*?)'''|'([^']*)')/gm)].map((m) => sh(m[2] ?? m[3] ?? (m[1] ?? '').replace(/\\(["\\])/g, '$1')));
}

interface Entry {
  test: (abs: string, base: string) => boolean;
  what: string;
  strong: boolean;
  code: (text: string, abs: string, read: Reader) => Piece[];
  elsewhere?: boolean;
}

/** A compose file's services that run a command of their own, as the `docker run` each amounts
 *  to (containers.ts: a service's files are its own but for its mounts); YAML it can't parse is
 *  read line by line for `command:`/`entrypoint:`. */
const composeCommands = (text: string, abs: string): Piece[] =>
  composeRuns(text, path.dirname(abs))?.map((run) => sh(run.map((w) => quoteWord(w.value)).join(' '))) ?? yamlValues(/^(command|entrypoint)$/)(text);

/** A CI file's steps (ci.ts reads them for a line that pushes, too); YAML it can't parse is
 *  read line by line for its step keys, as the service may still run it. */
const ciSteps = (text: string, abs: string): Piece[] =>
  ciCommands(abs, text, true)?.map(sh) ?? yamlValues(/^(run|script|command|commands|before_script|after_script)$/)(text).map((p) => ({ ...p, code: p.code.replace(/\$\{\{[^}]*\}\}/g, '${CI_EXPRESSION}') }));

const PLACES: Entry[] = [
  { test: (a, b) => /\/\.git\/hooks\/[^/]+$/.test(a) && GIT_HOOKS.has(b), what: 'a git hook, run by git later', strong: true, code: script },
  { test: (a) => /\/\.husky\/(?!_\/)[^/]+$/.test(a), what: 'a husky hook, run by git later', strong: true, code: script },
  { test: (a, b) => GIT_HOOKS.has(b) && /\/[^/]*hooks\/[^/]+$/i.test(a), what: 'a git hook, run by git later', strong: true, code: script },
  { test: (a) => /(^|\/)\.(bashrc|bash_profile|bash_login|bash_logout|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|mkshrc|envrc)$|\/\.config\/fish\/(config\.fish|conf\.d\/[^/]+)$|^\/etc\/(profile|bash\.bashrc|zshrc|zsh\/[^/]+|profile\.d\/[^/]+)$|\/\.ssh\/rc$|^\/etc\/ssh\/sshrc$/.test(a), what: 'run by the next shell', strong: false, code: rc },
  { test: (a, b) => b === '.env' || /\/\.(?:gemini|codex)\/\.env$/.test(a), what: "an agent CLI's env file, loaded into its next start and every hook it runs", strong: false, code: dotenv },
  { test: (a) => /\/\.config\/environment\.d\/[^/]+\.conf$/.test(a), what: "the environment of the next login's programs", strong: false, code: envD },
  { test: (a, b) => b === '.tmux.conf' || /\/\.config\/tmux\/tmux\.conf$/.test(a), what: "tmux's config, run by the next tmux server", strong: false, code: tmuxConf },
  { test: (_a, b) => b === '.psqlrc' || /^\.psqlrc-[\w.]+$/.test(b), what: "psql's startup file, run by the next psql", strong: false, code: psqlrc },
  { test: (_a, b) => b === '.sqliterc', what: "sqlite3's startup file, run by the next sqlite3", strong: false, code: sqliterc },
  { test: (a, b) => b === '.gdbinit' || /\/\.config\/gdb\/gdbinit$/.test(a), what: "gdb's startup file, run by the next gdb", strong: false, code: gdbinit },
  { test: (_a, b) => b === '.Rprofile' || b === 'Rprofile.site', what: "R's startup file, run by the next R or Rscript", strong: false, code: rCode },
  { test: (_a, b) => b === '.irbrc' || b === '.pryrc', what: "irb's startup file, run by the next irb or rails console", strong: false, code: rubyCode },
  { test: (_a, b) => b === 'package.json', what: "package.json's lifecycle scripts, run by npm later", strong: false, code: packageScripts },
  { test: (_a, b) => /^(GNUmakefile|[Mm]akefile|.+\.mk)$/.test(b), what: 'a Makefile, run by make later', strong: false, code: makeRecipes },
  { test: (a) => /\/\.vscode\/tasks\.json$/.test(a), what: "VS Code's tasks, run when the folder opens", strong: false, code: jsonValues(/^command$/) },
  { test: (a) => /(\/\.devcontainer\/([^/]+\/)?devcontainer\.json|\/\.devcontainer\.json)$/.test(a), what: "a dev container's commands, run when it starts", strong: false, code: jsonValues(/^(initialize|onCreate|updateContent|postCreate|postStart|postAttach)Command$/) },
  { test: (_a, b) => /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(b), what: "compose's commands, run by compose up later", strong: false, code: composeCommands },
  // CI steps run on CI's machine against CI's services (a reset there is its own test database:
  // benign redteam3-agent): only what reaches outside it is judged (a push, an API, a cloud).
  { test: (a) => isCiFile(a), what: 'a CI pipeline, run by CI on the next push', strong: false, elsewhere: true, code: ciSteps },
  { test: (_a, b) => b === '.pre-commit-config.yaml', what: "pre-commit's hooks, run by git later", strong: false, code: yamlValues(/^entry$/) },
  { test: (_a, b) => /^\.?lefthook(-local)?\.ya?ml$/.test(b), what: "lefthook's hooks, run by git later", strong: false, code: yamlValues(/^run$/) },
  { test: (_a, b) => b === 'Procfile' || /^Procfile\./.test(b), what: "a Procfile's processes, run later", strong: false, code: keyed(/./, /[ \t]*:/) },
  { test: (_a, b) => b === 'tox.ini', what: "tox's commands, run by tox later", strong: false, code: toxCommands },
  { test: (_a, b) => /^(docker-)?entrypoint(\.[\w-]+)?\.sh$/.test(b), what: "a container's entrypoint, run when it starts", strong: false, code: script },
  { test: (_a, b) => b === 'conftest.py' || b === 'noxfile.py', what: 'python code pytest or nox loads later', strong: false, code: python },
  // Python code an interactive start runs: IPython's startup folder and config, Jupyter's config,
  // the file PYTHONSTARTUP names (red team 26x).
  { test: (a, b) => /\/(?:\.ipython|\.config\/ipython)\/profile_[^/]+\/(?:startup\/[^/]+\.(?:py|ipy)|ipython(?:_kernel)?_config\.py)$/.test(a) || (/^jupyter_[\w]+_config\.py$/.test(b) && /\/\.jupyter\//.test(a)), what: 'python code the next ipython or jupyter runs at start', strong: false, code: python },
  { test: (_a, b) => b === '.pythonrc' || b === '.pythonrc.py' || b === '.pythonstartup', what: 'python code the next interactive python runs (PYTHONSTARTUP)', strong: false, code: python },
  { test: (_a, b) => b === 'sitecustomize.py' || b === 'usercustomize.py', what: 'python code every python start runs', strong: true, code: python },
  { test: (a, b) => b.endsWith('.pth') && /\/(site|dist)-packages\//.test(a), what: 'a .pth file every python start runs', strong: true, code: pth },
  { test: (a) => /\/\.ssh\/config$|^\/etc\/ssh\/ssh_config(\.d\/[^/]+)?$/.test(a), what: "ssh's configured commands, run by the next ssh", strong: false, code: keyed(/^(LocalCommand|ProxyCommand|KnownHostsCommand|Match)$/i, /[ \t]*[= \t][ \t]*/, (v) => v.replace(/^exec[ \t]+/, '')) },
  { test: (a, b) => b === '.gitconfig' || /\/\.config\/git\/config$|\/\.git\/config$|^\/etc\/gitconfig$/.test(a), what: "git's configured commands, run by git later", strong: false, code: gitConfig },
  { test: (_a, b) => b === '.npmrc' || b === 'npmrc', what: "npm's script shell, run by the next npm run", strong: false, code: keyed(/^script-shell$/, /[ \t]*=/, (v) => quoteWord(unquote(v))) },
  { test: (_a, b) => b === '.yarnrc.yml', what: "yarn's own path, run by the next yarn", strong: false, code: (t) => yamlValues(/^yarnPath$/)(t).map((p) => sh(`node ${quoteWord(p.code)}`)) },
  { test: (_a, b) => b === '.inputrc' || b === 'inputrc', what: 'readline macros, typed by a key later', strong: false, code: (t, a, read) => inputrc(t, path.basename(a) === '.inputrc' ? path.dirname(a) : undefined, 0, read) },
  // Files the startup files pull in without naming them (red team 26x): bash-completion sources
  // ~/.bash_completion and /etc/bash_completion.d/* at the start of every interactive shell, and a
  // command's completion script (.../bash-completion/completions/NAME, in XDG_DATA_HOME or
  // BASH_COMPLETION_USER_DIR too) on the first Tab for it; zsh autoloads a function or completion
  // from a directory on fpath (site-functions, a directory the startup files add: below) when it
  // is first called or completed, and compinit sources its dump; frameworks source their plugins.
  // direnv sources its library before every .envrc; an agent's hook scripts run at its next tool
  // call (the settings that name them are guarded: load.ts agentGuards).
  { test: (a) => /\/\.config\/direnv\/(?:direnvrc|lib\/[^/]+\.sh)$|\/\.direnvrc$/.test(a), what: "direnv's library, sourced before every .envrc", strong: false, code: rc },
  { test: (a) => /\/\.(?:claude|cursor|gemini|codex)\/hooks\/[^/]+$/.test(a), what: "an agent's hook script, run by the agent on its next tool call", strong: true, code: script },
  { test: (_a, b) => b === '.bash_completion', what: 'run by bash-completion in the next shell', strong: false, code: rc },
  { test: (a) => /\/bash-completion\/completions\/[^/]+$|\/bash_completion\.d\/[^/]+$/.test(a), what: 'a completion script, run by the next Tab for its command', strong: false, code: rc },
  { test: (a) => /\/zsh\/(?:[\d.]+\/)?(?:site-functions|vendor-completions|vendor-functions)\/[^/]+$/.test(a), what: 'a zsh function, autoloaded by the next shell that calls or completes it', strong: false, code: rc },
  { test: (_a, b) => /^\.zcompdump/.test(b) && !b.endsWith('.zwc'), what: "zsh's completion dump, sourced by compinit in the next shell", strong: false, code: rc },
  { test: (a) => /\/\.(?:oh-my-zsh|oh-my-bash|bash_it|zprezto)\/(?:.*\/)?(?:[^/.]+|[^/]+\.(?:zsh|sh|bash|zsh-theme))$/.test(a), what: "a shell framework's file, sourced by the next shell", strong: false, code: rc },
  // Plugin managers source their plugins from caches the startup files never name (red team
  // 27x): zinit/zi, antigen, antidote (and its static file), sheldon, zplug, zgen/zgenom, zim,
  // znap; tmux's plugin manager runs each plugin's *.tmux at the next tmux start.
  { test: (a) => /\/(?:\.?zinit|\.zi|\.?antigen|\.?antidote|sheldon|\.?zplug|\.zgenom|\.zgen|\.zim|zsh-snap)\/(?:.*\/)?(?:[^/.]+|[^/]+\.(?:zsh|sh|bash|zsh-theme|plugin\.zsh))$/.test(a) || /\/\.zsh_plugins\.zsh$/.test(a), what: "a zsh plugin manager's plugin or cache, sourced by the next shell", strong: false, code: rc },
  { test: (a) => /\/\.(?:tmux|config\/tmux)\/plugins\/[^/]+\/(?:[^/]+\.tmux|scripts\/[^/]+)$/.test(a), what: "a tmux plugin, run by the next tmux server", strong: false, code: script },
  // starship's custom modules run their `command` and `when` at every prompt.
  { test: (a, b) => b === 'starship.toml' && /\/\.config\//.test(a), what: "starship's custom modules, run at every prompt", strong: false, code: starship },
  // Claude Code's custom slash commands and skills: a `!`cmd`` (or a ```! block) runs when the
  // command or skill is invoked, by the person or by the model, without the PreToolUse hook; a
  // skill's or sub-agent's frontmatter `hooks:` run commands too (red team 27x).
  { test: (a) => /\/\.claude\/(?:commands\/.+\.md|skills\/.+\/SKILL\.md|agents\/.+\.md)$/i.test(a), what: "a Claude Code command, skill or sub-agent: its `!` lines and hooks run when it is invoked, outside the hook", strong: true, code: claudeMarkdown },
  // Gemini CLI's custom commands: `!{cmd}` in a command's prompt runs when it is invoked, outside
  // the BeforeTool hook (red team 27x).
  { test: (a) => /\/\.gemini\/commands\/.+\.toml$/.test(a), what: "a Gemini CLI command: its `!{…}` runs when it is invoked, outside the hook", strong: true, code: (t) => [...t.matchAll(/!\{([^}]*)\}/g)].map((m) => sh(m[1]!)) },
  { test: (a, b) => /^(\.vimrc|\.exrc|\.nvimrc|_vimrc|\.gvimrc|init\.vim)$/.test(b) || /\/\.vim\/(plugin|after)\/.*\.vim$/.test(a), what: "vim's shell escapes, run when vim starts", strong: false, code: vimEscapes },
  { test: (a, b) => /\/\.config\/systemd\/user\/[^/]+\.service$|^\/(etc|lib|usr\/lib)\/systemd\/(system|user)\/[^/]+\.service$/.test(a) || (b.endsWith('.service') && /\/systemd\//.test(a)), what: 'a systemd unit, run when it starts', strong: true, code: keyed(/^Exec(Start|StartPre|StartPost|Stop|StopPost|Reload)$/, /[ \t]*=/, (v) => v.replace(/^[-@+!:]+/, '').replace(/%h/g, '$HOME')) },
  { test: (a, b) => b.endsWith('.desktop') && /\/autostart\//.test(a), what: 'a desktop autostart entry, run at the next login', strong: true, code: keyed(/^Exec$/, /[ \t]*=/) },
];

/** The place `abs` is, if a file there runs later by itself. With `home`, a file the home's shell
 *  startup files source by a path they spell out (`. "$HOME/.cargo/env"`, nvm's `\. "$NVM_DIR/nvm.sh"`),
 *  also through a file they source, or from a directory they source in a loop (`for f in
 *  ~/.bashrc.d/*; do . "$f"; done`) or add to zsh's fpath, is one too: the next shell runs it like
 *  the startup file itself; so is a file `~/.inputrc` `$include`s (readline reads it with it).
 *  `written`: what the line being judged writes, read in place of the disk (a line that adds
 *  `. ~/.x` to ~/.bashrc and writes ~/.x, or `$include` and its file: red team 27x). `cwd`: where
 *  the line runs, for the scripts a project's agent settings run (agentSettingsScripts). */
export function laterPlace(abs: string, home?: string, written?: Overlay, cwd?: string): Place | undefined {
  const base = path.basename(abs);
  const read: Reader = written ? (f) => overlaid(written, f) : readDisk;
  const e = PLACES.find((p) => p.test(abs, base));
  if (e) return { what: e.what, strong: e.strong, code: (t) => e.code(t, abs, read), ...(e.elsewhere ? { elsewhere: true } : {}), ...(e.code === rc ? { shell: true } : {}) };
  if (!home) return undefined;
  const pulled = startupPulled(home, written);
  const by = pulled.files.get(abs);
  if (by) return { what: `sourced by ${by}, run by the next shell`, strong: false, code: rc, shell: true };
  const dir = pulled.dirs.get(path.dirname(abs));
  if (dir) return { what: dir, strong: false, code: rc, shell: true };
  if (pulled.trees.size && SHELLISH.test(base)) {
    for (let d = path.dirname(abs); d.startsWith(home + '/'); d = path.dirname(d)) {
      const t = pulled.trees.get(d);
      if (t) return { what: t, strong: false, code: rc, shell: true };
    }
  }
  const py = pulled.python.get(abs);
  if (py) return { what: `python code the next interactive python runs (PYTHONSTARTUP in ${py})`, strong: false, code: python };
  const inc = pulled.inputrc.get(abs);
  if (inc) return { what: `readline bindings ${inc} includes, typed by a key later`, strong: false, code: (t) => inputrc(t, home, 0, read) };
  const run = agentScripts(home, cwd).get(abs);
  if (run) return { what: `a program ${run.by} runs (a hook, status line, helper or MCP server), run by the agent outside every check`, strong: true, code: byKind(abs) };
  return undefined;
}

const overlaid = (written: Overlay, f: string): string | undefined => {
  const w = written(f);
  return w === undefined ? readDisk(f) : w ?? undefined;
};

/** A file name a shell sources from a folder: no extension, or a shell's. */
const SHELLISH = /^[^.]+$|^\.[^.]+$|\.(?:sh|bash|zsh|ksh|zsh-theme|plugin|inc|rc|env|aliases|functions|profile)$/;

/** Startup files whose sourced files count as startup files too. */
const STARTUP_FILES = ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.bash_aliases', '.zshenv', '.zprofile', '.zshrc', '.zlogin'];
interface Pulled {
  /** Files sourced by path, with the startup file that sources them. */
  files: Map<string, string>;
  /** Directories whose every file is sourced or autoloaded, with what runs them. */
  dirs: Map<string, string>;
  /** Directories a startup file names where it sources what it can't spell out (`for f in
   *  $(ls ~/.bashrc.d)`, `source <(cat ~/.x)`, `eval "$(cat …)"`, a plugin manager's cache): every
   *  shell-named file below them, with what runs them. */
  trees: Map<string, string>;
  /** Files ~/.inputrc `$include`s. */
  inputrc: Map<string, string>;
  /** The file a PYTHONSTARTUP the startup files set names. */
  python: Map<string, string>;
  /** Every file read (or tried) to find the above: a line writing one of them changes them. */
  consulted: Set<string>;
}
const sourcedMemo = new Map<string, { key: string; pulled: Pulled; epoch: number }>();
/** One per parse: within it the startup files are taken as unchanged (no stat per written file). */
let epoch = 0;
export function newParseEpoch(): void {
  epoch++;
}

/** Files the home's startup files source, by path (each with the startup file that sources it). */
export function startupSourced(home: string): Map<string, string> {
  return startupPulled(home).files;
}

/** What the home's startup files pull in, as the line being judged leaves them (`written`): read
 *  afresh when the line writes a file they were read from, else the memo of the disk. */
function startupPulled(home: string, written?: Overlay): Pulled {
  const disk = pulledFromDisk(home);
  if (written) for (const f of disk.consulted) if (written(f) !== undefined) return scanPulled(home, (x) => overlaid(written, x));
  return disk;
}

/** Memoized per home while the startup files are unchanged. */
function pulledFromDisk(home: string): Pulled {
  const cached = sourcedMemo.get(home);
  if (cached?.epoch === epoch) return cached.pulled;
  // No exception for a missing file (most homes lack most of them): a thrown ENOENT costs more.
  const tops = [...STARTUP_FILES, '.inputrc'];
  const stats = tops.map((f) => {
    try {
      const st = statSync(path.join(home, f), { throwIfNoEntry: false });
      return st ? `${st.mtimeMs}:${st.size}` : '-';
    } catch {
      return '-';
    }
  });
  const key = stats.join('|');
  const hit = sourcedMemo.get(home);
  if (hit?.key === key) { hit.epoch = epoch; return hit.pulled; }
  const pulled = scanPulled(home, readDisk, stats.map((s) => s !== '-'));
  sourcedMemo.set(home, { key, pulled, epoch });
  return pulled;
}

const isDir = (p: string): boolean => {
  try {
    return !!statSync(p, { throwIfNoEntry: false })?.isDirectory();
  } catch {
    return false;
  }
};

/** Read by pattern: `.`/`source` of a path made of literal text, `~`, `$HOME` and variables the
 *  same file sets to such text (and, two levels deep, what those files source in turn); a `for`
 *  loop's glob whose variable is sourced; `fpath`/`FPATH` entries; `BASH_COMPLETION_USER_DIR`/
 *  `_FILE`; `$include` lines of ~/.inputrc. A file that sources what it can't spell out (a loop
 *  over `$(ls DIR)` or `$(find DIR …)`, `source <(cat F)`, `eval "$(cat F)"`, a path built at run
 *  time) pulls in everything its sourcing lines name: each directory named there (with what is
 *  below it) and each file (red team 27x: the general rule, not one pattern per loader). */
function scanPulled(home: string, read: Reader, present?: boolean[]): Pulled {
  const pulled: Pulled = { files: new Map(), dirs: new Map(), trees: new Map(), inputrc: new Map(), python: new Map(), consulted: new Set() };
  const get = (file: string): string | undefined => {
    pulled.consulted.add(file);
    return read(file);
  };
  const scan = (text: string, by: string, inherited: Map<string, string>, depth: number): void => {
    const vars = new Map(inherited);
    const expand = (v: string): string | undefined => {
      const out = v
        .replace(/\$\{([A-Za-z_]\w*):?-([^}$]*)\}/g, (m, n: string, d: string) => vars.get(n) ?? d)
        .replace(/^~(?=\/|$)/, home)
        .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (m, n: string) => vars.get(n) ?? m)
        .replace(/^~(?=\/|$)/, home);
      return out.includes('$') || out.includes('`') ? undefined : out;
    };
    const word = (w: string): string | undefined => expand(w.replace(/["']/g, ''));
    const loops = new Map<string, string[]>();
    const found: string[] = [];
    let dynamic = false;
    const context: string[] = [];
    const headers: Array<{ name: string; line: string }> = [];
    const usedVars = new Set<string>();
    for (const line of text.split('\n')) {
      // The lines that say what is sourced: a `.`/`source`, `eval`, a process substitution (`done
      // < <(find …)`), and a loop whose variable a `.`/`source` uses (below).
      if (/(?:^|[\s;&|({!])(?:source|\.|eval)(?=[\s;&|)]|$)|<\(/.test(line)) context.push(line);
      const header = /(?:^|[;&|{(]|\bthen|\bdo|\belse)[ \t]*(?:for[ \t]+([A-Za-z_]\w*)[ \t]+in|while[ \t]+(?:IFS=\S*[ \t]+)?read[ \t]+(?:-\w+[ \t]+)*([A-Za-z_]\w*))/.exec(line);
      if (header) headers.push({ name: (header[1] ?? header[2])!, line });
      if (/(?:^|[\s;&|({!])eval[ \t]+["']?\$\(/.test(line) || /(?:^|[\s;&|({!])(?:source|\.)[ \t]+<\(/.test(line)) dynamic = true;
      const a = /^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)=(?:"([^"`]*)"|'([^']*)'|([^\s;&|'"`]*))[ \t]*(?:[;#].*)?$/.exec(line);
      if (a) {
        const v = a[3] ?? expand(a[2] ?? a[4] ?? '');
        if (v !== undefined) vars.set(a[1]!, v);
        else vars.delete(a[1]!);
        if (v && path.isAbsolute(v)) {
          if (a[1] === 'BASH_COMPLETION_USER_DIR') for (const d of v.split(':')) pulled.dirs.set(path.join(path.resolve(d), 'completions'), 'a completion script, run by the next Tab for its command');
          if (a[1] === 'BASH_COMPLETION_USER_FILE') pulled.files.set(path.resolve(v), by);
          if (a[1] === 'PYTHONSTARTUP') pulled.python.set(path.resolve(v), by);
          if (a[1] === 'FPATH') for (const d of v.split(':')) if (path.isAbsolute(d)) pulled.dirs.set(path.resolve(d), 'a zsh function, autoloaded by the next shell that calls or completes it');
        }
      }
      // zsh's fpath: `fpath=(~/.zfunc $fpath)`, `fpath+=(...)`, `fpath+=~/.zfunc`, `FPATH=...:$FPATH`.
      const fp = /(?:^|[\s;&|])(?:fpath\+?=\(([^)]*)\)|fpath\+=(\S+)|(?:export[ \t]+)?FPATH=(\S+))/.exec(line);
      if (fp) {
        for (const w of (fp[1] ?? fp[2] ?? fp[3] ?? '').split(/[\s:]+/)) {
          const d = w && word(w);
          if (d && path.isAbsolute(d)) pulled.dirs.set(path.resolve(d), 'a zsh function, autoloaded by the next shell that calls or completes it');
        }
      }
      const loop = /(?:^|[;&|{(]|\bthen|\bdo|\belse)[ \t]*for[ \t]+([A-Za-z_]\w*)[ \t]+in[ \t]+([^;\n]+)/.exec(line);
      if (loop) {
        const dirs: string[] = [];
        for (const w of loop[2]!.trim().split(/[ \t]+/)) {
          const g = word(w);
          if (g && /[*?[]/.test(g)) {
            const d = g.slice(0, g.search(/[*?[]/)).replace(/\/[^/]*$/, '');
            if (path.isAbsolute(d)) dirs.push(path.resolve(d));
          }
        }
        if (dirs.length) loops.set(loop[1]!, dirs);
      }
      for (const m of line.matchAll(/(?:^|[;&|{(!]|\bthen|\bdo|\belse)[ \t]*(?:\\?\.|source)[ \t]+(?:"([^"]+)"|'([^']+)'|([^\s;&|)'"]+))/g)) {
        const raw = m[1] ?? m[3];
        const lv = raw && /^\$\{?([A-Za-z_]\w*)\}?$/.exec(raw);
        if (lv && loops.has(lv[1]!)) {
          for (const d of loops.get(lv[1]!)!) pulled.dirs.set(d, `sourced by ${by}, run by the next shell`);
          continue;
        }
        const p = m[2] ?? expand(raw ?? '');
        if (!p || !path.isAbsolute(p)) {
          dynamic = true;
          for (const v of (raw ?? '').matchAll(/\$\{?([A-Za-z_]\w*)/g)) usedVars.add(v[1]!);
          continue;
        }
        if (!pulled.files.has(path.resolve(p))) {
          pulled.files.set(path.resolve(p), by);
          found.push(path.resolve(p));
        }
      }
    }
    // Sourced by a name only known at run time: what the sourcing lines name (under the home).
    if (dynamic) {
      for (const h of headers) if (usedVars.has(h.name) && !context.includes(h.line)) context.push(h.line);
      for (const line of context) {
        for (const m of line.replace(/\$\{([A-Za-z_]\w*):?-([^}$]*)\}/g, (x, n: string, d: string) => vars.get(n) ?? d).matchAll(/(?:~|\$\{?[A-Za-z_]\w*\}?)?(?:\/[\w.@%+*?[\]-]+)+\/?/g)) {
          const w = word(m[0]);
          if (!w || !path.isAbsolute(w)) continue;
          const cut = /[*?[]/.test(w) ? w.slice(0, w.search(/[*?[]/)).replace(/\/[^/]*$/, '') : w.replace(/\/$/, '');
          const p = path.resolve(cut);
          if (!p.startsWith(home + '/')) continue;
          // A folder (or a name not made yet, which may become one): what is below it.
          const folder = cut !== w || w.endsWith('/') || isDir(p) || !existsSync(p);
          if (folder) pulled.trees.set(p, `in a folder ${by} sources from by a name only known when it runs, run by the next shell`);
          if (!folder || !existsSync(p)) if (!pulled.files.has(p)) {
            pulled.files.set(p, by);
            found.push(p);
          }
        }
      }
    }
    // What a sourced file sources in turn (oh-my-zsh.sh, a ~/.bash_functions that sources more).
    if (depth < 2) {
      for (const f of found) {
        const t = get(f);
        if (t !== undefined) scan(t, by, vars, depth + 1);
      }
    }
  };
  STARTUP_FILES.forEach((f, i) => {
    const file = path.join(home, f);
    pulled.consulted.add(file);
    if (present && !present[i]) return;
    const text = get(file);
    if (text !== undefined) scan(text, `~/${f}`, new Map([['HOME', home]]), 0);
  });
  // readline's `$include` (also in what it includes): read with ~/.inputrc, as its bindings.
  const inc = (file: string, depth: number): void => {
    const text = get(file);
    if (text === undefined || depth > 2) return;
    for (const m of text.matchAll(/^[ \t]*\$include[ \t]+(\S.*?)[ \t]*$/gm)) {
      const f = m[1]!.replace(/^~(?=\/)/, home);
      if (!path.isAbsolute(f) || pulled.inputrc.has(path.resolve(f))) continue;
      pulled.inputrc.set(path.resolve(f), '~/.inputrc');
      inc(path.resolve(f), depth + 1);
    }
  };
  const inputrcFile = path.join(home, '.inputrc');
  pulled.consulted.add(inputrcFile);
  if (!present || present.at(-1)) inc(inputrcFile, 0);
  return pulled;
}

/** A script by its name or `#!` line (a hook in python, node or shell). */
function byKind(abs: string): (text: string) => Piece[] {
  return (text) => {
    if (text.startsWith('#!')) return script(text);
    if (/\.py$/.test(abs)) return python(text);
    if (/\.[cm]?[jt]s$/.test(abs)) return [{ lang: 'node', code: text }];
    return script(text);
  };
}

/** The agents' settings files, in the home and in a project: what they run by a path. */
export const AGENT_SETTINGS_HOME = ['.claude/settings.json', '.claude/settings.local.json', '.claude.json', '.cursor/hooks.json', '.cursor/mcp.json', '.codex/hooks.json', '.codex/config.toml', '.gemini/settings.json'];
export const AGENT_SETTINGS_PROJECT = ['.claude/settings.json', '.claude/settings.local.json', '.cursor/hooks.json', '.cursor/mcp.json', '.codex/hooks.json', '.codex/config.toml', '.gemini/settings.json', '.mcp.json', '.vscode/mcp.json'];
/** Keys whose string (or list of strings) an agent runs: hooks' and MCP servers' `command` and
 *  `args`, Claude Code's status line and credential helpers, Gemini's tool discovery. */
const RUN_KEYS = new Set(['command', 'args', 'apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'otelHeadersHelper', 'discoveryCommand', 'callCommand', 'notify']);

export interface AgentScript {
  /** The settings file that names it. */
  by: string;
  /** It runs countersign itself (the hook entry calls a script that calls `countersign hook`):
   *  changing it is changing the agent's guard. */
  guard: boolean;
}
const scriptsMemo = new Map<string, { watch: Array<[string, string]>; out: Map<string, AgentScript>; epoch: number }>();

/** Files an agent's settings run by a path (red team 27x): a hook's `"command":
 *  "$CLAUDE_PROJECT_DIR/scripts/fmt.sh"` or `"~/bin/guard.sh"`, a status line, an MCP server's
 *  script, Codex's `notify`. The settings files are guarded (load.ts agentGuards); what they run
 *  is code the agent starts outside every check. Relative paths are taken from `project`. */
export function agentSettingsScripts(files: string[], home: string, project?: string): Map<string, AgentScript> {
  const out = new Map<string, AgentScript>();
  for (const file of files) {
    const text = readDisk(file);
    if (text === undefined) continue;
    const strings: string[] = [];
    if (file.endsWith('.toml')) {
      for (const m of text.matchAll(/^[ \t]*(?:notify|command|args)[ \t]*=[ \t]*(.*)$/gm)) for (const q of m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) strings.push(q[1] ?? q[2] ?? '');
    } else {
      let json: unknown;
      try {
        json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
      } catch {
        continue;
      }
      const walk = (v: unknown, key: string | undefined, depth: number): void => {
        if (depth > 12 || v === null || typeof v !== 'object') {
          if (typeof v === 'string' && key !== undefined && RUN_KEYS.has(key)) strings.push(v);
          return;
        }
        if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
        else for (const [k, x] of Object.entries(v)) walk(x, k === 'statusLine' ? 'command' : k, depth + 1);
      };
      walk(json, undefined, 0);
    }
    const dir = project ?? '';
    for (const s of strings) {
      for (const raw of s.split(/[\s;&|()]+/)) {
        const w = raw.replace(/["']/g, '').replace(/^~(?=\/)/, home).replace(/\$\{?HOME\}?(?=\/)/, home).replace(/\$\{?(?:CLAUDE_PROJECT_DIR|GEMINI_PROJECT_DIR|CURSOR_PROJECT_DIR|CODEX_PROJECT_DIR)\}?(?=\/)/, dir || '\0');
        if (!w.includes('/') || w.includes('$') || w.includes('\0') || /^[a-z]+:\/\//i.test(w) || w.startsWith('-')) continue;
        if (!path.isAbsolute(w) && !project) continue;
        const abs = path.resolve(dir || '/', w);
        if (abs === '/' || isDir(abs)) continue;
        if (out.has(abs)) continue;
        const body = readDisk(abs);
        out.set(abs, { by: file.startsWith(home + '/') ? `~/${path.relative(home, file)}` : file, guard: body !== undefined && /\bcountersign\b/.test(body) });
      }
    }
  }
  return out;
}

/** The scripts the home's and this project's agent settings run (memoized per home and cwd while
 *  those files are unchanged, and once per parse). */
function agentScripts(home: string, cwd?: string): Map<string, AgentScript> {
  const id = `${home}\0${cwd ?? ''}`;
  const cached = scriptsMemo.get(id);
  if (cached?.epoch === epoch) return cached.out;
  // Unchanged when every directory the files are (or would be) in has its mtime (a file made or
  // removed there changes it) and every file there has its mtime and size: a few stats a check,
  // not one per possible settings file (most don't exist).
  if (cached && cached.watch.every(([f, k]) => stamp(f) === k)) { cached.epoch = epoch; return cached.out; }
  const sets: Array<{ files: string[]; project?: string }> = [{ files: AGENT_SETTINGS_HOME.map((f) => path.join(home, f)) }];
  for (const d of projectDirs(cwd, home)) sets.push({ files: AGENT_SETTINGS_PROJECT.map((f) => path.join(d, f)), project: d });
  const watch = new Map<string, string>();
  const dirs = new Map<string, string>();
  let any = false;
  for (const f of sets.flatMap((x) => x.files)) {
    const dir = path.dirname(f);
    let ds = dirs.get(dir);
    if (ds === undefined) dirs.set(dir, (ds = stamp(dir)));
    // A missing directory: its parent's mtime says when it appears.
    if (ds === '-') {
      const up = path.dirname(dir);
      if (!watch.has(up)) watch.set(up, stamp(up));
      continue;
    }
    watch.set(dir, ds);
    // A file missing from a directory that is there: the directory's mtime covers it.
    const k = stamp(f);
    if (k !== '-') { watch.set(f, k); any = true; }
  }
  const out = new Map<string, AgentScript>();
  if (any) for (const x of sets) for (const [k, v] of agentSettingsScripts(x.files, home, x.project)) if (!out.has(k)) out.set(k, v);
  // The scripts themselves too: one edited to run countersign becomes a guard.
  for (const k of out.keys()) watch.set(k, stamp(k));
  if (scriptsMemo.size > 32) scriptsMemo.clear();
  scriptsMemo.set(id, { watch: [...watch], out, epoch });
  return out;
}

/** A file's or directory's mtime and size, '-' when it is missing. */
function stamp(f: string): string {
  try {
    const st = statSync(f, { throwIfNoEntry: false });
    return st ? `${st.mtimeMs}:${st.size}` : '-';
  } catch {
    return '-';
  }
}

/** cwd and its parents up to the repository's top (where `.git` is), at most 3, never the home
 *  itself or above it: where an agent started here, or a folder or two up, reads its project
 *  settings (a command may run in a subfolder of where the agent started). */
export function projectDirs(cwd: string | undefined, home: string): string[] {
  const out: string[] = [];
  if (!cwd) return out;
  for (let d = cwd, i = 0; i < 3 && d !== home && d !== path.dirname(d); i++, d = path.dirname(d)) {
    out.push(d);
    try {
      if (statSync(path.join(d, '.git'), { throwIfNoEntry: false })) break;
    } catch {
      break;
    }
  }
  return out;
}

/** Words of a command that may write files in ways not modelled (an interpreter's code, sed -i)
 *  that name a strong place: a file there may now run code countersign can't see. */
const STRONG_MENTION = /\.git\/hooks\/(?![\w-]+\.sample\b)[\w-]+|\.husky\/[\w-]+|(?:site|user)customize\.py|[\w-]+\.pth\b|\.config\/systemd\/|\/autostart\/[\w.-]+\.desktop/;
/** …or that name a weak place (its literal strings are then judged as the code it plants). */
const WEAK_MENTION = /\.(bashrc|bash_profile|bash_login|bash_logout|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin|envrc|inputrc|vimrc|exrc|gitconfig)\b|config\.fish|\.ssh\/(rc|config)\b|\bMakefile\b|\bpackage\.json\b|\btasks\.json\b|devcontainer\.json|compose\.ya?ml|lefthook\.ya?ml|pre-commit-config\.yaml|\bProcfile\b|\btox\.ini\b|\b(conftest|noxfile)\.py\b|\.github\/workflows\/|\.gitlab-ci\.ya?ml\b/;

export function mentionsPlace(text: string): 'strong' | 'weak' | undefined {
  return STRONG_MENTION.test(text) ? 'strong' : WEAK_MENTION.test(text) ? 'weak' : undefined;
}

/** The text a sed script adds (`2i TEXT`, `$a TEXT`, `a\` then TEXT, `c TEXT`). */
export function sedAdded(script: string): string[] {
  const out: string[] = [];
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^[ \t]*(?:\d+|\$|\/(?:[^/\\]|\\.)*\/)?(?:,(?:\d+|\$|\/(?:[^/\\]|\\.)*\/))?[ \t]*[aic](\\?)[ \t]*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    // sed drops a backslash before any character of the text (`$a \\! cmd` adds `\! cmd`).
    if (m[2]) out.push(m[2].replace(/\\(.)/g, '$1'));
    else if (m[1] && i + 1 < lines.length) out.push(lines[++i]!.replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** sed's words after its name: the script(s) and the files it edits. `unread`: a script from a
 *  file (`-f`), not seen here. GNU's `-i` takes its suffix attached (`-ie` is a suffix `e`). */
export function sedParts(args: string[]): { scripts: string[]; files: string[]; unread: boolean } {
  const scripts: string[] = [];
  const files: string[] = [];
  let unread = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { i++; break; }
    if (a === '-e' || a === '--expression' || /^-[nrEsuz]+e$/.test(a)) scripts.push(args[++i] ?? '');
    else if (a.startsWith('--expression=')) scripts.push(a.slice('--expression='.length));
    else if (a === '-f' || a === '--file' || /^-[nrEsuz]+f$/.test(a)) { unread = true; i++; }
    else if (a.startsWith('--file=')) unread = true;
    else if (a === '-l' || a === '--line-length') i++;
    else if (!a.startsWith('-') || a === '-') files.push(a);
  }
  files.push(...args.slice(i));
  if (!scripts.length && !unread) scripts.push(files.shift() ?? '');
  return { scripts, files, unread };
}

/** The replacement text of a sed script's `s` commands (what each puts into the file), with
 *  back-references and `&` dropped. */
export function sedReplaced(script: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;\n{}\s\d$!/])s([^\w\s\\])/g;
  for (let m = re.exec(script); m; m = re.exec(script)) {
    const d = m[1]!;
    const parts: string[] = [];
    let cur = '';
    let j = m.index + m[0].length;
    for (; j < script.length && parts.length < 2; j++) {
      const c = script[j]!;
      if (c === '\\' && j + 1 < script.length) { cur += script[j + 1] === d ? d : c + script[j + 1]; j++; }
      else if (c === d) { parts.push(cur); cur = ''; }
      else cur += c;
    }
    if (parts.length < 2) continue;
    out.push(parts[1]!.replace(/\\[0-9]|&/g, '').replace(/\\n/g, '\n').replace(/\\(.)/g, '$1'));
    re.lastIndex = j;
  }
  return out;
}

/** String literals in code (an interpreter's `-c`/`-e`), unescaped: what it may write. */
export function stringLiterals(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
    const s = m[1] ?? m[2] ?? m[3] ?? '';
    out.push(s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(['"`\\])/g, '$1'));
  }
  return out;
}

/** A shell line that runs `p` as its language would: shell code itself, else the interpreter with the code. */
export function asShellLine(p: Piece): string {
  if (p.lang === 'sh') return p.code;
  const q = `'${p.code.replace(/'/g, `'\\''`)}'`;
  return p.lang === 'python' ? `python3 -c ${q}` : `node -e ${q}`;
}

/** The scripts the home's and this project's agent settings run that themselves run countersign
 *  (a hook entry calling `~/bin/guard.sh`, which calls `countersign hook claude`): changing one
 *  is changing the agent's guard, like its settings file (rules/paths.ts withRepository). */
export function agentGuardScripts(home: string, cwd: string | undefined): string[] {
  const out: string[] = [];
  for (const [abs, s] of agentScripts(home, cwd)) if (s.guard) out.push(abs);
  return out;
}
