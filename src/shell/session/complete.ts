// Is a submitted buffer a whole command, or does the shell want more lines (an open quote, loop,
// heredoc, a trailing `\` or `&&`)? Only the real shell knows for sure, so ask it: run it with -n
// (parse, never execute) and -i on the text, and see which prompt it prints after the last line:
// PS2 means it was still waiting for more. Called only for lines that would otherwise pause.
import { spawn } from 'node:child_process';
import { table } from '../../own.js';

export type Completeness = 'complete' | 'incomplete' | 'unknown';

const P1 = '\x01P1\x01';
const P2 = '\x01P2\x01';

export function completeness(text: string, shell: { path: string; dialect: 'bash' | 'zsh' }, timeoutMs = 3000): Promise<Completeness> {
  const input = text.replace(/\x01/g, ' ') + '\n';
  const lines = input.split('\n').length - 1;
  const env: Record<string, string> = table({ PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'dumb', HOME: '/nonexistent', HISTFILE: '/dev/null', LC_ALL: 'C' });
  let args: string[];
  if (shell.dialect === 'bash') {
    args = ['--norc', '--noprofile', '-n', '-i'];
    env.PS1 = P1;
    env.PS2 = P2;
  } else {
    args = ['-f', '-n', '-i', '+o', 'promptcr', '+o', 'promptsp'];
  }
  return new Promise((resolve) => {
    let out = '';
    let done = false;
    const finish = (v: Completeness): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(v);
    };
    let child;
    try {
      child = spawn(shell.path, args, { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    } catch {
      finish('unknown');
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      finish('unknown');
    }, timeoutMs);
    const take = (d: Buffer): void => {
      if (out.length < 1 << 20) out += d.toString('latin1');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('error', () => finish('unknown'));
    child.on('close', () => {
      const prompts = shell.dialect === 'bash' ? bashPrompts(out) : zshPrompts(out);
      const p = prompts[lines];
      finish(p === undefined ? 'unknown' : p === 2 ? 'incomplete' : 'complete');
    });
  });
}

/** The prompts bash printed, in order: 1 for PS1, 2 for PS2. */
export function bashPrompts(out: string): number[] {
  const res: number[] = [];
  const re = /\x01P([12])\x01/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(out))) res.push(m[1] === '2' ? 2 : 1);
  return res;
}

/** zsh -f prompts: PS1 is `%m%# ` ("host% " or "# "), PS2 is `%_> ` ("for> ", "dquote> ", "> "). */
export function zshPrompts(out: string): number[] {
  const res: number[] = [];
  let i = 0;
  const ps2 = /^(?:[a-z]+ )*[a-z]*> /;
  const ps1 = /^[^\s>]*[#%] /;
  while (i < out.length) {
    const rest = out.slice(i, i + 200);
    if (rest.startsWith('zsh:') || rest.startsWith('zsh ')) {
      const nl = out.indexOf('\n', i);
      i = nl < 0 ? out.length : nl + 1;
      continue;
    }
    let m = ps2.exec(rest);
    if (m) {
      res.push(2);
      i += m[0].length;
      continue;
    }
    m = ps1.exec(rest);
    if (m) {
      res.push(1);
      i += m[0].length;
      continue;
    }
    i++;
  }
  return res;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'function', 'coproc', 'foreach', 'end', 'repeat']);

/** A cheap look at a line: 'complete' when it surely is (no open quote, no compound command, no
 *  heredoc, no trailing `\`, `|` or `&&`); 'unsure' sends it to the real shell. Over-approximates. */
export function surelyComplete(text: string): boolean {
  let i = 0;
  const n = text.length;
  let word = '';
  const endWord = (): boolean => {
    const w = word;
    word = '';
    return KEYWORDS.has(w) || w === '{' || w === '}' || w === '[[' || w === '((';
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\\') {
      if (i + 1 >= n) return false; // trailing backslash: continues
      word += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "'" && !(word.endsWith('$'))) {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return false;
      word += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      // "..." and $'...': backslash escapes; anything that nests sends the line to the shell.
      let j = i + 1;
      for (; j < n && text[j] !== c; j++) {
        if (text[j] === '\\') j++;
        else if (c === '"' && (text[j] === '`' || (text[j] === '$' && text[j + 1] === '('))) return false;
      }
      if (j >= n) return false;
      word += text.slice(i + 1, j);
      i = j + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0 || /[\s'"`$({]/.test(text.slice(i + 2, end))) return false;
      word += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '`' || c === '(' || c === ')') return false;
    if (c === '#' && word === '') {
      // A comment runs to the end of the line (it can't open anything).
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') return false;
    if (/\s/.test(c) || c === ';' || c === '&' || c === '|' || c === '<' || c === '>') {
      if (endWord()) return false;
      i++;
      continue;
    }
    word += c;
    i++;
  }
  if (endWord()) return false;
  return !/(\|\||&&|\||\\)\s*$/.test(text);
}
