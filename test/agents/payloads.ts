// Hook payloads in the shapes the agents document (docs/research/agents.md, sections 1-3).

/** Claude Code PreToolUse for the Bash tool (code.claude.com/docs/en/hooks). */
export function claudePayload(command: unknown, cwd: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: 'abc123',
    transcript_path: '/home/user/.claude/projects/my-project/transcript.jsonl',
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'Run the command', timeout: 120000, run_in_background: false },
    tool_use_id: 'toolu_01ABCdef',
    ...extra,
  });
}

/** Cursor beforeShellExecution as observed on 3.9.16: cwd empty, workspace_roots set. */
export function cursorPayload(command: unknown, workspaceRoot: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    conversation_id: '6b1f2c3d-conv',
    generation_id: '9a8b7c6d-gen',
    model: 'default',
    hook_event_name: 'beforeShellExecution',
    cursor_version: '3.9.16',
    workspace_roots: [workspaceRoot],
    user_email: null,
    transcript_path: '/home/user/.cursor/projects/x/agent-transcripts/6b1f2c3d.txt',
    session_id: '6b1f2c3d-conv',
    command,
    cwd: '',
    sandbox: false,
    ...extra,
  });
}

/** Gemini CLI BeforeTool for run_shell_command (docs/hooks/reference.md). */
export function geminiPayload(command: unknown, cwd: string, toolInput: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: 'gemini-session-1',
    transcript_path: '/home/user/.gemini/tmp/chats/session-1.json',
    cwd,
    hook_event_name: 'BeforeTool',
    timestamp: '2026-11-22T10:00:00.000Z',
    tool_name: 'run_shell_command',
    tool_input: { command, description: 'Run the command', ...toolInput },
    ...extra,
  });
}

/** Codex 0.169 PreToolUse for its shell tool (pre-tool-use.command.input schema in the codex
 *  binary: every field required; exec_command is named "Bash" in hooks). */
export function codexPayload(command: unknown, cwd: string, toolInput: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: '019a0c4e-codex-session',
    turn_id: '019a0c4e-turn-1',
    transcript_path: null,
    cwd,
    model: 'gpt-5.3-codex',
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, ...toolInput },
    tool_use_id: 'call_4kQ2Z',
    ...extra,
  });
}
