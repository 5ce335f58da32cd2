// What only an interactive session has to watch for, on top of the rules: lines that would leave
// the session unguarded. These become findings of their own (rule ids `session/...`), which always
// pause, whatever the policy says, like the engine's own `core/` findings.
//
// - Nested interactive shells. A nested bash started by name and any nested zsh are guarded too
//   (the session's `bash` function and exported ZDOTDIR, see bash.ts and zsh.ts), so the engine's
//   "a shell reads commands from its input" finding is dropped for them. A shell the session can't
//   reach (sudo -s, su, exec bash, /bin/bash, bash --posix, zsh -f, env -i zsh, tmux...) pauses.
// - Changes to the hook itself: bind/bindkey/zle, unsetting or redefining the session's functions
//   and variables, PROMPT_COMMAND, PS0, precmd/preexec hooks, ZDOTDIR, the session directory.
// - Re-running history without showing it (`fc -s`, `fc` with an editor, zsh `r`).
// - A nested bash given a startup file (--rcfile, --init-file): it runs unchecked, before the guard.
import { tokens } from '../../rules/quick.js';
import type { Invocation, ParseResult } from '../../parse/index.js';
import type { JudgedFinding } from '../../policy/index.js';

export const SHELL_READS_INPUT = 'a shell reads commands from its input';

/** Words that make a line worth a session look (besides the ones the rules already parse for). */
const TRIGGERS = new Set([
  'bash', 'zsh', 'sh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'rbash', 'yash', 'posh', 'tcsh', 'csh', 'busybox', 'pwsh', 'nu', 'xonsh', 'elvish',
  'su', 'sudo', 'doas', 'pkexec', 'run0', 'runuser', 'machinectl', 'login', 'newgrp', 'script', 'tmux', 'screen', 'byobu', 'zellij',
  'exec', 'bind', 'bindkey', 'zle', 'complete', 'compgen', 'compdef', 'compctl', 'add-zsh-hook', 'unset', 'unfunction', 'unalias', 'enable', 'disable', 'fc', 'r', 'functions', 'env', 'command', 'eval', 'source', '.',
]);

const HOOK_NAMES = /(?:^|[^\w])(?:__cs_\w*|__CS_\w*|PROMPT_COMMAND|PS0|PS[1-4]|PROMPT|PROMPT[2-4]|RPROMPT|RPS[12]|INPUTRC|precmd_functions|preexec_functions|zshaddhistory_functions|ZDOTDIR|READLINE_LINE|HISTIGNORE)(?:\W|$)/;
const HOOK_ASSIGN = /(?:^|[^\w])(?:__cs_\w*|__CS_\w*|PROMPT_COMMAND|PS0|INPUTRC|precmd_functions|preexec_functions|zshaddhistory_functions|ZDOTDIR|READLINE_LINE)\s*(?:\+?=|\[)/;
/** zsh runs these functions on its own (a directory change, each prompt, each line, a signal,
 *  the shell's exit), and bash runs command_not_found_handle: a definition is a command for later. */
const HOOK_FUNCTION = /(?:^|[\s;&|({])(?:function\s+)?(?:chpwd|precmd|preexec|periodic|zshexit|zshaddhistory|TRAP[A-Z0-9]+|command_not_found_handler?)\s*(?:\(\s*\)|\{|$)|(?:^|[\s;&|({])function\s+(?:chpwd|precmd|preexec|periodic|zshexit|zshaddhistory|TRAP[A-Z0-9]+|command_not_found_handler?)(?:\s|\{|$)/;
/** A prompt is expanded before each line (command substitutions in it run then, with bash's
 *  promptvars or zsh's PROMPT_SUBST): one set from a value the line doesn't show is a command for
 *  later. Reads (`$PS1`, `${PS1}`) and plain literal values are fine. */
const PROMPT_VAR = /\b(?:PS[1-4]|PROMPT[2-4]?|RPROMPT2?|RPS[12])\b/g;

/** A prompt variable set in a way the engine can't read (from a variable, `printf -v`, `read`,
 *  `declare` with an expansion, `${PS1:=...}`). */
export function promptSetUnseen(text: string): string | undefined {
  for (const m of text.matchAll(PROMPT_VAR)) {
    const i = m.index!;
    const before = text.slice(Math.max(0, i - 2), i);
    const after = text.slice(i + m[0].length);
    if (before.endsWith('$') || before === '${') {
      if (before === '${' && /^(?::?=)/.test(after)) return `\`\${${m[0]}=...}\` sets the prompt`;
      continue;
    }
    const ch = text[i - 1];
    if (ch !== undefined && /[\w$]/.test(ch)) continue;
    const eq = /^\+?=/.exec(after);
    if (!eq) {
      // A mention that is not an assignment: set by a command (`printf -v PS1`, `read PS1`, zsh's `vared PS1`)?
      if (!/(?:^|[\s;&|(])(?:printf|read|mapfile|readarray|getopts|vared|zparseopts|print)\b[^;&|\n]*$/.test(text.slice(0, i))) continue;
      return `\`${m[0]}\` is set by a command, and its value is expanded before each prompt`;
    }
    // PS1=VALUE: only single-quoted text and plain characters are read as they are.
    const v = after.slice(eq[0].length);
    let j = 0;
    let q = '';
    for (; j < v.length; j++) {
      const c = v[j]!;
      if (q === "'") { if (c === "'") q = ''; continue; }
      if (c === '\\') { j++; continue; }
      if (q === '"') { if (c === '"') { q = ''; continue; } }
      else if (c === "'" || c === '"') { q = c; continue; }
      else if (/[\s;&|)]/.test(c)) break;
      if (c === '`' || (c === '$' && /[\w{(@*#?!$-]/.test(v[j + 1] ?? ''))) return `\`${m[0]}\` is set from a value only known when the line runs, and it is expanded before each prompt`;
    }
  }
  return undefined;
}

const REDEFINE_BASH = /(?:^|[\s;&|({])(?:function\s+)?bash\s*\(\s*\)|(?:^|[\s;&|({])function\s+bash(?:\s|\{|$)/;

/** Does the line need the parser for the session's own checks? (Cheap; runs for every line.) */
export function needsSessionLook(text: string, sessionDir: string): boolean {
  if (text.includes('__cs_') || text.includes('__CS_') || text.includes(sessionDir)) return true;
  if (HOOK_NAMES.test(text) || HOOK_FUNCTION.test(text) || VAR_SETTER.test(text)) return true;
  const t = tokens(text);
  for (const w of t) if (TRIGGERS.has(w) || TRIGGERS.has(w.slice(w.lastIndexOf('/') + 1))) return true;
  return false;
}

export interface SessionLook {
  findings: JudgedFinding[];
  /** Every interactive shell the line starts is guarded: the engine's opaque-shell findings go. */
  shellsGuarded: boolean;
}

const ALLOWED_ORIGINS = /^(top|subshell|group|if|elif|else|for|while|until|case|select|function .+)$/;

export function sessionLook(text: string, res: ParseResult, sessionDir: string): SessionLook {
  const findings: JudgedFinding[] = [];
  let shells = 0;
  let guarded = 0;
  const tamper = (why: string, inv?: string): void => {
    findings.push(finding('session/shell-hook', 'changes how this shell reads commands, which could switch countersign off', why, inv ?? text, 'change the shell hook'));
  };
  if (text.includes(sessionDir)) tamper(`the line names the session's private directory ${sessionDir}`);
  if (HOOK_ASSIGN.test(text) || /__cs_|__CS_/.test(text)) tamper('the line sets or names the variables and functions of countersign\'s shell hook');
  if (REDEFINE_BASH.test(text)) tamper('the line redefines `bash`, which countersign uses to guard nested shells');
  if (HOOK_FUNCTION.test(text)) findings.push(finding('session/hook-function', 'defines a function the shell runs on its own later, unchecked', 'the shell runs it on a directory change, a prompt, a line, a signal or a missing command, without a line to check', text, 'define a shell hook function'));
  const prompt = promptSetUnseen(text);
  if (prompt) findings.push(finding('session/prompt-code', 'sets a prompt the shell expands before each line, from a value countersign can\'t read', prompt, text, 'set the prompt'));

  for (const inv of res.invocations) {
    const args = inv.argv.slice(1).map((w) => w.value);
    const name = inv.name;
    if (inv.readsInput === SHELL_READS_INPUT) {
      shells++;
      if (guardedShell(inv)) guarded++;
      const rc = name === 'bash' ? startupFile(args) : undefined;
      // The file runs before the nested shell's guard is in, and nothing checks it.
      if (rc !== undefined) findings.push(finding('session/unchecked-startup-file', "starts a shell that first runs a file countersign doesn't check", `bash runs ${rc || 'its --rcfile'} before the session's guard is in`, inv.text, 'run an unchecked startup file'));
      continue;
    }
    const unguarded = unguardedShell(name, args);
    if (unguarded) {
      findings.push(finding('session/unguarded-shell', "starts an interactive shell that countersign can't guard", unguarded, inv.text, 'start an unguarded shell', 'a shell outside this session'));
      continue;
    }
    switch (name) {
      case 'bind':
        if (args.some((a) => !/^-[pPsSvVXl]+$/.test(a))) tamper('`bind` changes key bindings, and countersign is bound to Enter', inv.text);
        break;
      case 'bindkey':
        if (args.some((a) => /^-[a-zA-Z]*[rsANDRd]/.test(a)) || args.filter((a) => !a.startsWith('-')).length >= 2) tamper('`bindkey` changes key bindings, and countersign is bound to accept-line', inv.text);
        break;
      case 'zle':
        if (args.some((a) => /^-[a-zA-Z]*[NADU]/.test(a))) tamper('`zle` changes editor widgets, and countersign is the accept-line widget', inv.text);
        break;
      case 'enable':
      case 'disable':
        if (name === 'disable' || args.some((a) => /^-[a-zA-Z]*[nd]/.test(a))) tamper(`\`${name}\` turns shell builtins off, which countersign's hook uses`, inv.text);
        break;
      case 'unset':
      case 'unfunction':
      case 'unalias':
      case 'functions':
        if (args.some((a) => /^(__cs_|__CS_|PROMPT_COMMAND$|PS0$|precmd_functions$|preexec_functions$|zshaddhistory_functions$|ZDOTDIR$|bash$)/.test(a))) tamper(`\`${name}\` removes part of countersign's shell hook`, inv.text);
        break;
      case 'printf':
      case 'read':
      case 'mapfile':
      case 'readarray':
      case 'getopts':
      case 'vared':
      case 'declare':
      case 'typeset':
      case 'local':
      case 'export':
      case 'readonly': {
        // A variable named by a value the line doesn't show (`printf -v "$n"` with n=PS1 set on an
        // earlier line) could be a prompt, expanded before each line (red team 25s).
        const named = setTargets(name, inv.argv.slice(1));
        const bad = named.find((w) => w.dynamic || PROMPT_NAME.test(w.value));
        if (bad && (bad.dynamic || name === 'printf' || name === 'read' || name === 'mapfile' || name === 'readarray' || name === 'getopts' || name === 'vared' || /[$`]/.test(bad.text))) {
          findings.push(finding('session/prompt-code', 'sets a variable named at run time, which could be a prompt the shell expands before each line', `\`${name}\` sets ${bad.dynamic ? `a variable whose name is only known when the line runs (${bad.text})` : `\`${bad.value}\` from a value countersign can't read`}`, inv.text, 'set the prompt'));
        }
        break;
      }
      case 'complete':
      case 'compgen':
        // -C runs a command, -F a function, when completing (compgen: at once).
        if (args.some((a) => /^-[a-zA-Z]*[CF]/.test(a))) findings.push(finding('session/completion-code', 'makes completion run a command countersign doesn\'t check', `\`${name} -C/-F\` runs its command or function when a word is completed (Tab), not as a line`, inv.text, 'set a completion command'));
        break;
      case 'compdef':
      case 'compctl':
      case 'add-zsh-hook':
        findings.push(finding('session/completion-code', 'makes the shell run a function countersign doesn\'t check', `\`${name}\` makes zsh run a function on its own (completion or a hook), not as a line`, inv.text, 'set a completion or hook function'));
        break;
      case 'fc':
        if (!args.some((a) => /^-[a-zA-Z]*l/.test(a))) findings.push(finding('session/history-rerun', "re-runs a command from history, which countersign can't see", '`fc` runs an earlier command line again (or what an editor leaves) without showing it first', inv.text, 're-run history'));
        break;
      case 'r':
        if (inv.argv[0]?.value === 'r') findings.push(finding('session/history-rerun', "re-runs a command from history, which countersign can't see", "zsh's `r` runs an earlier command line again without showing it first", inv.text, 're-run history'));
        break;
    }
  }
  return { findings, shellsGuarded: shells > 0 && guarded === shells };
}

/** A builtin that sets a variable, with an expansion after it (the name may be one). */
const VAR_SETTER = /(?:^|[\s;&|({])(?:printf\b[^;&|\n]*\s-v|read|mapfile|readarray|getopts|vared|declare|typeset|local|export|readonly)\b[^;&|\n]*[$`]/;
const PROMPT_NAME = /^(?:PS[0-4]|PROMPT[2-4]?|RPROMPT2?|RPS[12]|PROMPT_COMMAND)$/;

/** The variable names a setting builtin is given (for declare-likes, the part before `=`). */
function setTargets(name: string, args: Invocation['argv']): { value: string; text: string; dynamic: boolean }[] {
  const out: { value: string; text: string; dynamic: boolean }[] = [];
  if (name === 'printf') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.value === '--') break;
      if (a.value === '-v' && args[i + 1]) out.push(args[i + 1]!);
      else if (a.value.startsWith('-v') && a.value.length > 2) out.push({ ...a, value: a.value.slice(2), text: a.text.slice(2) });
      if (!a.value.startsWith('-')) break;
    }
    return out;
  }
  if (name === 'declare' || name === 'typeset' || name === 'local' || name === 'export' || name === 'readonly') {
    for (const a of args) {
      if (!a.dynamic && /^[-+]/.test(a.value)) continue;
      const eq = a.text.indexOf('=');
      const head = eq >= 0 ? a.text.slice(0, eq) : a.text;
      out.push({ value: a.value.split('=')[0]!, text: head, dynamic: /[$`]/.test(head) });
    }
    return out;
  }
  // read, mapfile, readarray, getopts, vared: the words that aren't options or their arguments.
  const withArg = new Set(['-p', '-d', '-t', '-n', '-N', '-u', '-i', '-C', '-c', '-O', '-s', '-k']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.dynamic && a.value.startsWith('-') && a.value.length > 1) {
      if (withArg.has(a.value)) i++;
      continue;
    }
    if (name === 'getopts' && out.length === 0 && i === 0) continue;
    out.push(a);
  }
  return out;
}

/** bash's --rcfile/--init-file operand ('' when missing), or undefined. */
function startupFile(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return undefined;
    if (args[i] === '--rcfile' || args[i] === '--init-file') return args[i + 1] ?? '';
  }
  return undefined;
}

/** A nested interactive bash or zsh that the session's startup files will reach. */
export function guardedShell(inv: Invocation): boolean {
  if (!inv.origin.every((o) => typeof o === 'string' && (ALLOWED_ORIGINS.test(o) || o === inv.via?.name))) return false;
  const a0 = inv.argv[0];
  if (!a0 || a0.dynamic) return false;
  const args = inv.argv.slice(1);
  if (args.some((w) => w.dynamic)) return false;
  const vals = args.map((w) => w.value);
  if (inv.name === 'bash') {
    // Only the session's `bash` function adds the rc file: a bare name, not exec/env/sudo/a path.
    if (inv.via || a0.value !== 'bash') return false;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      if (v === '--posix') return false;
      if (/^[-+][oO]$/.test(v)) {
        if (vals[i + 1] === 'posix') return false;
        i++;
        continue;
      }
      if (v === '--rcfile' || v === '--init-file') {
        i++;
        continue;
      }
      if (v === '--') return i + 1 >= vals.length;
      if (!v.startsWith('-') && !v.startsWith('+')) return false;
      if (/^-[^-]*c/.test(v)) return false;
    }
    return true;
  }
  if (inv.name === 'zsh') {
    // ZDOTDIR is exported: any zsh reads the session's files unless the environment is cleared,
    // ZDOTDIR is changed, or startup files are skipped.
    for (let v = inv.via; v; v = v.via) {
      if (!['exec', 'command', 'builtin', 'nice', 'nohup', 'time', 'env'].includes(v.name)) return false;
      if (v.name === 'env' && v.argv.slice(1).some((w) => /^(-[a-zA-Z]*[iu]|-|--ignore-environment|--unset(=.*)?|-C|--chdir(=.*)?)$/.test(w.value))) return false;
    }
    if (inv.assignments.some((x) => x.name === 'ZDOTDIR' || x.name === 'HOME')) return false;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      if (/^-[a-zA-Z]*f/.test(v) && !v.startsWith('--')) return false;
      if (/^--?no[-_]?rcs$/i.test(v)) return false;
      if (/^[-+]o$/.test(v)) {
        const o = (vals[i + 1] ?? '').toLowerCase().replace(/_/g, '');
        if ((v === '-o' && o === 'norcs') || (v === '+o' && o === 'rcs')) return false;
        i++;
      }
    }
    return true;
  }
  return false;
}

/** Commands that start an interactive shell without naming one (or as another user). */
export function unguardedShell(name: string, args: string[]): string | undefined {
  const operands = (withArg: Set<string>): string[] => {
    const out: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') return [...out, ...args.slice(i + 1)];
      if (a.startsWith('-') && a.length > 1) {
        if (withArg.has(a)) i++;
        continue;
      }
      out.push(a);
    }
    return out;
  };
  switch (name) {
    case 'sudo': {
      const shellFlag = args.some((a) => /^-[a-zA-Z]*[si]$/.test(a) || a === '--shell' || a === '--login');
      const ops = operands(new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '--user', '--group', '--host', '--prompt', '--chdir', '--role', '--type', '--command-timeout', '--other-user', '--close-from']));
      if (shellFlag && !ops.length) return `\`sudo ${args.join(' ')}\` starts a shell as another user, which this session doesn't guard`;
      return undefined;
    }
    case 'doas':
      if (args.includes('-s')) return '`doas -s` starts a shell as another user, which this session doesn\'t guard';
      return undefined;
    case 'su':
    case 'runuser':
      if (args.some((a) => a === '-c' || a === '--command' || a.startsWith('--command=') || a === '--session-command')) return undefined;
      return `\`${name}\` starts a shell as another user, which this session doesn't guard`;
    case 'pkexec':
    case 'run0':
      if (!operands(new Set(['--user', '-u', '--unit', '--property', '--description', '--slice', '--nice', '-D', '--chdir', '--setenv', '--machine'])).length) return `\`${name}\` starts a shell as another user, which this session doesn't guard`;
      return undefined;
    case 'machinectl':
      if (args.includes('shell') || args.includes('login')) return '`machinectl shell` starts a shell this session doesn\'t guard';
      return undefined;
    case 'login':
    case 'newgrp':
      return `\`${name}\` starts a new shell, which this session doesn't guard`;
    case 'script':
      if (args.some((a) => a === '-c' || a === '--command' || /^-[a-zA-Z]*c$/.test(a))) return undefined;
      return '`script` starts a shell this session doesn\'t guard';
    case 'tmux': {
      const sub = args.find((a) => !a.startsWith('-'));
      if (sub === undefined || /^(new|new-session|attach|attach-session|a|at|new-window|neww|split-window|splitw)$/.test(sub)) return '`tmux` starts (or attaches to) shells this session doesn\'t guard';
      return undefined;
    }
    case 'screen':
    case 'byobu':
    case 'zellij':
      if (!args.some((a) => !a.startsWith('-')) || args.some((a) => /^-[rRxD]/.test(a))) return `\`${name}\` starts (or attaches to) shells this session doesn't guard`;
      return undefined;
  }
  return undefined;
}

export function finding(rule: string, summary: string, detail: string, invocation: string, verb: string, where = 'this shell'): JudgedFinding {
  return {
    rule,
    severity: 'high',
    summary,
    action: 'confirm',
    invocation,
    detail,
    verb,
    target: { environment: 'local', facts: {}, evidence: [`${where}, on this machine`] },
    decision: 'confirm',
  } as JudgedFinding;
}
