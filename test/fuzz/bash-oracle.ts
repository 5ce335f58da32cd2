// What bash itself would run, without running anything: `bash --pretty-print FILE` parses a script
// with bash's own parser and prints it back normalised (comments gone, one syntax), never executing
// it (only the FILE form: with -c it runs the line). Used by the differential fuzz (rt25z.test.ts)
// to tell whether a destructive command stands in command position on a line bash accepts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let dir: string | undefined;
function scratch(): string {
  dir ??= mkdtempSync(path.join(os.tmpdir(), 'cs-bash-oracle-'));
  return dir;
}
export function oracleCleanup(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

/** bash's normalised form of `line`, or undefined when bash refuses it (a syntax error, or a
 *  warning such as a here-document cut short: left out of the comparison). */
export function bashNormalised(line: string): string | undefined {
  const file = path.join(scratch(), 'line.sh');
  writeFileSync(file, line + '\n');
  // Parse only; nothing of the line runs. Belt and braces: no PATH, an empty HOME, a scratch cwd.
  const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '--pretty-print', file], { cwd: scratch(), env: { PATH: '/nonexistent', HOME: scratch(), LC_ALL: 'C' }, encoding: 'latin1', timeout: 10_000 });
  if (r.status !== 0 || r.stderr !== '') return undefined;
  return r.stdout;
}

const STARTS = /(?:^|(?<!\\)[;&|(]|(?<!\\)`(?=[^`]*$)|\$\(|[<>]\()[ \t]*(?:(?:then|do|else|if|elif|while|until|time|exec|coproc|!|\{)[ \t]+)*(?:[A-Za-z_]\w*=\S*[ \t]+)*$/;

// Not `)`: it ends `$(...)` as often as a case pattern, and bash prints a case item's commands on
// lines of their own. A backtick only when it opens (an odd number of them before on the line).
/** Whether `cmd` stands as a command (not inside quotes, a here-document body or a word) in bash's
 *  normalised text. Conservative towards "runs": any position bash could start it from counts,
 *  also in a branch never taken or a function never called (the test reviews those by hand). */
export function runsIn(norm: string, cmd: string): boolean {
  for (let at = norm.indexOf(cmd); at >= 0; at = norm.indexOf(cmd, at + 1)) {
    const after = norm[at + cmd.length];
    if (after !== undefined && !/[\s;&|)<>`]/.test(after)) continue;
    if (!inCode(norm, at)) continue;
    const lineStart = norm.lastIndexOf('\n', at - 1) + 1;
    const before = norm.slice(lineStart, at);
    if (STARTS.test(before) && !(/`[ \t]*(?:[A-Za-z_]\w*=\S*[ \t]+)*$/.test(before) && (before.match(/(?<!\\)`/g)?.length ?? 0) % 2 === 0)) return true;
  }
  return false;
}

/** Whether offset `at` of bash's normalised text is shell code (not quoted, not a heredoc body). */
function inCode(s: string, at: number): boolean {
  type Ctx = { k: 'code'; depth: number } | { k: 'dq' } | { k: 'bt' };
  const stack: Ctx[] = [{ k: 'code', depth: 0 }];
  const pending: Array<{ delim: string; dash: boolean }> = [];
  let i = 0;
  while (i < at) {
    const top = stack[stack.length - 1]!;
    const c = s[i]!;
    if (top.k === 'dq') {
      if (c === '\\') i += 2;
      else if (c === '"') { stack.pop(); i++; }
      else if (s.startsWith('$(', i)) { stack.push({ k: 'code', depth: 0 }); i += 2; }
      else if (c === '`') { stack.push({ k: 'bt' }); i++; }
      else i++;
      continue;
    }
    // code or backticks
    if (c === '\\') { i += 2; continue; }
    if (c === "'") { const e = s.indexOf("'", i + 1); if (e < 0 || e >= at) return false; i = e + 1; continue; }
    if (s.startsWith("$'", i)) {
      let j = i + 2;
      while (j < s.length && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
      if (j >= at) return false;
      i = j + 1;
      continue;
    }
    if (c === '"') { stack.push({ k: 'dq' }); i++; continue; }
    if (c === '`') { if (top.k === 'bt') stack.pop(); else stack.push({ k: 'bt' }); i++; continue; }
    if (s.startsWith('$(', i) || s.startsWith('<(', i) || s.startsWith('>(', i)) { stack.push({ k: 'code', depth: 0 }); i += 2; continue; }
    if (top.k === 'code' && c === '(') { top.depth++; i++; continue; }
    if (top.k === 'code' && c === ')') { if (top.depth === 0 && stack.length > 1) stack.pop(); else top.depth = Math.max(0, top.depth - 1); i++; continue; }
    if (s.startsWith('<<', i) && s[i + 2] !== '<') {
      const m = /^<<(-?)[ \t]*(?:'([^']*)'|"([^"]*)"|\\?([^\s;&|<>()'"]+))/.exec(s.slice(i));
      if (m) { pending.push({ delim: m[2] ?? m[3] ?? m[4]!, dash: m[1] === '-' }); i += m[0].length; continue; }
    }
    if (c === '\n' && pending.length) {
      // Skip each pending here-document's body, through its delimiter line.
      let j = i + 1;
      for (const h of pending.splice(0)) {
        for (;;) {
          const e = s.indexOf('\n', j);
          const line = s.slice(j, e < 0 ? s.length : e);
          const next = e < 0 ? s.length : e + 1;
          if (at >= j && at < next && (h.dash ? line.replace(/^\t+/, '') : line) !== h.delim) return false;
          j = next;
          if ((h.dash ? line.replace(/^\t+/, '') : line) === h.delim || e < 0) break;
        }
      }
      i = j;
      continue;
    }
    i++;
  }
  return stack[stack.length - 1]!.k !== 'dq';
}
