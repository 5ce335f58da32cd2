// Which session a command belongs to, for grouping in the audit log. A leaf: the fast path, the
// shell runner and the audit log all read it.
export function sessionOf(env: Readonly<Record<string, string | undefined>>): string {
  return env.COUNTERSIGN_SESSION || env.CLAUDE_SESSION_ID || `ppid-${process.ppid}`;
}
