// Agents wrap the model's command in their own scaffolding. Claude Code's Bash tool runs
//   source SNAPSHOT 2>/dev/null || true && { shopt -u extglob …; } && eval 'CMD' < /dev/null && pwd -P >| /tmp/claude-XXXX-cwd
// People and the model should see CMD, and an approval should hold for the retry, whose cwd file
// name differs. The whole line is still what is checked: this only chooses what is shown and bound.

const CLAUDE = /&&\s*\\?(?:builtin\s+)?eval\s+'((?:[^']|'\\'')*)'\s*(?:<\s*\/dev\/null\s*)?&&\s*\\?(?:builtin\s+)?pwd\s+-P\s*>\|\s*\S*claude-[0-9a-f]+-cwd\s*$/;

/** The command an agent's wrapper runs, or undefined when the line is not such a wrapper. */
export function agentPayload(text: string): string | undefined {
  const m = CLAUDE.exec(text);
  return m ? m[1]!.replace(/'\\''/g, "'") : undefined;
}

/** Codex's login-shell wrapper: its snapshot preamble, then `exec 'SHELL' -c 'CMD'` as the last
 *  line. When SHELL is countersign (a shim), that inner countersign judges CMD itself, so the outer
 *  one only has to judge the preamble: judging the whole would ask twice, with two bindings. */
// CMD is one word of quoted parts: '…', a quote as "'" (Codex 0.169) or \' (older), and
// double-quoted parts without expansions.
const CODEX_EXEC = /\n[ \t]*exec '([^']+)' -c ((?:'[^']*'|"[^"\\$`]*"|\\')+)\s*$/;

export function codexDelegation(text: string): { preamble: string; shell: string; command: string } | undefined {
  if (!text.includes('__CODEX_SNAPSHOT_')) return undefined;
  const m = CODEX_EXEC.exec(text);
  if (!m) return undefined;
  const command = m[2]!.replace(/'([^']*)'|"([^"]*)"|\\(')/g, (_, a: string | undefined, b: string | undefined, c: string | undefined) => a ?? b ?? c ?? '');
  return { preamble: text.slice(0, m.index), shell: m[1]!, command };
}
