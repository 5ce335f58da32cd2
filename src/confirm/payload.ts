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

// Codex's preamble as it builds it (0.169): save each variable it protects, source the snapshot,
// restore them, prepend its own PATH entry. N is any variable's name, V one of Codex's own. When
// every line has one of these exact shapes, the preamble runs nothing but `[`, export, unset,
// builtin, command, `:` and `. SNAPSHOT`, and what it sets only reaches the inner shim, which
// reads its own environment. Anything else is read whole.
const N = '[A-Za-z_][A-Za-z0-9_]*';
const V = '__CODEX_SNAPSHOT_[A-Z_]+_[0-9]+';
const PREAMBLE_LINES = [
  '',
  'fi',
  `${V}="\\$\\{${N}\\+x\\}"`,
  `${V}="\\$\\{${N}-\\}"`,
  `__CODEX_SNAPSHOT_PROXY_ENV_SET="\\$\\{${N}\\+x\\}"`,
  `if \\[ -n "\\$\\{${V}\\}" \\]; then`,
  `if \\[ -n "\\$__CODEX_SNAPSHOT_PROXY_ENV_SET" \\] \\|\\| \\[ -n "\\$\\{${N}\\+x\\}" \\]; then`,
  `if \\[ -z "\\$\\{(${N})\\+x\\}" \\] \\|\\| \\[ "\\$\\{\\1-\\}" != "\\$\\{(${V})\\}" \\]; then export \\1="\\$\\{\\2\\}"; else export \\1; fi`,
  `else builtin unset (${N}) 2>/dev/null \\|\\| command unset \\1; fi`,
  `builtin unset (${N} ${N}) 2>/dev/null \\|\\| command unset \\1`,
  `if \\[ -n "\\$\\{PATH:-\\}" \\]; then export PATH=('[^'\\n]*'):"\\$PATH"; else export PATH=\\1; fi`,
].map((s) => new RegExp(`^[ \\t]*${s}[ \\t]*$`));
const SOURCE_SNAPSHOT = /^if \. ('[^'\n]+') >\/dev\/null 2>&1; then :; fi$/;

/** What Codex's preamble does, as a short line to judge in its place: sourcing the snapshot (which
 *  an agent can rewrite, so it is read) and one use of each command the rest runs, so a function
 *  the snapshot defines under one of their names is still called. Undefined: read the whole. */
export function codexPreambleShort(preamble: string): string | undefined {
  let snapshot: string | undefined;
  for (const line of preamble.split('\n')) {
    const s = SOURCE_SNAPSHOT.exec(line);
    if (s && snapshot === undefined) {
      snapshot = s[1];
      continue;
    }
    if (!PREAMBLE_LINES.some((re) => re.test(line))) return undefined;
  }
  if (snapshot === undefined) return undefined;
  return `if . ${snapshot} >/dev/null 2>&1; then :; fi\n[ -n x ] || [ -z x ]; export x=y; export x; builtin unset x 2>/dev/null || command unset x; unset x\n`;
}
