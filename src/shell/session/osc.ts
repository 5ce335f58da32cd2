// Shell integration sequences (VS Code's OSC 633 and FinalTerm's OSC 133), built the way VS Code's
// own bash and zsh scripts emit them. See docs/research/agents.md, section 5.

/** VS Code's escaping, a superset of both of its scripts: `\` -> `\\`, `;` -> `\x3b`, and every
 *  byte up to 0x20 and 0x7f as `\xHH`. Everything else (UTF-8 text included) passes unchanged. */
export function escapeValue(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x3b) out += '\\x3b';
    else if (c <= 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out;
}

/** VS Code's decoder (`deserializeMessage`), for tests. */
export function unescapeValue(s: string): string {
  return s.replace(/\\(\\|x([0-9a-f]{2}))/gi, (_m: string, op: string, hex?: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : op));
}

const osc = (body: string): string => `\x1b]${body}\x07`;

/** What a shell prints right before a command line runs: the command line (633;E, with the nonce
 *  when VS Code gave one), then "output starts here" (633;C and 133;C). */
export function preexecSequence(commandLine: string, nonce: string | undefined): string {
  const e = `633;E;${escapeValue(commandLine)}${nonce ? `;${nonce}` : ''}`;
  return osc(e) + osc('633;C') + osc('133;C');
}

/** A finished command: its status, or a bare D when the line was empty. */
export function finishedSequence(status: number | undefined): string {
  return status === undefined ? osc('633;D') + osc('133;D') : osc(`633;D;${status}`) + osc(`133;D;${status}`);
}

export function cwdSequence(cwd: string): string {
  return osc(`633;P;Cwd=${escapeValue(cwd)}`);
}

export const PROMPT_START = osc('633;A') + osc('133;A');
export const PROMPT_END = osc('633;B') + osc('133;B');
