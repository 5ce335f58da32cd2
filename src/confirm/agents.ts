// Environment markers that AI coding agents set in the processes they run, from their docs and
// source. A command that sees one runs under an agent: it must not be where a person proves
// themselves (setup, trust, approve). Absent markers prove nothing: an agent can unset them.
const EXACT = ['CODEX_THREAD_ID', 'CODEX_SESSION_ID', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'GEMINI_CLI', 'CURSOR_AGENT', 'CURSOR_TRACE_ID'];
const PREFIXES = ['AIDER_'];

/** The agent markers set (non-empty) in env, sorted. */
export function agentMarkers(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env)
    .filter((k) => !!env[k] && (EXACT.includes(k) || PREFIXES.some((p) => k.startsWith(p))))
    .sort();
}

/** Why a person-only command must not run here (inside countersign or an agent), or undefined. */
export function notAPersonsTerminal(env: NodeJS.ProcessEnv, inside: (env: NodeJS.ProcessEnv) => string | undefined): string | undefined {
  const markers = agentMarkers(env);
  if (markers.length) return `this process runs under an AI agent (${markers.join(', ')} set)`;
  const cs = inside(env);
  return cs ? `this terminal is guarded by countersign (${cs}), so an agent could be typing here` : undefined;
}
