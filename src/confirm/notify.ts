// A desktop notification for a new request, where the OS has one (notify-send, osascript). Best
// effort: it never blocks, never fails the command, and never carries the phrase.
import { spawn } from 'node:child_process';
import type { PendingRequest } from './approvals.js';

export function notifyPending(p: Pick<PendingRequest, 'id' | 'command' | 'findings'>, env: NodeJS.ProcessEnv = process.env): void {
  if (env.COUNTERSIGN_NO_NOTIFY || env.CI === 'true') return;
  const envs = [...new Set(p.findings.filter((f) => f.decision !== 'allow').map((f) => f.target.environment))].join(', ') || 'unknown';
  const title = `countersign: approval needed (${envs})`;
  const body = `${p.command.replace(/\s+/g, ' ').slice(0, 120)}\nRequest ${p.id}: countersign approve ${p.id}`;
  let cmd: string[] | undefined;
  if (process.platform === 'darwin') {
    const q = (s: string): string => JSON.stringify(s);
    cmd = ['osascript', '-e', `display notification ${q(body)} with title ${q(title)}`];
  } else if (env.DISPLAY || env.WAYLAND_DISPLAY || env.DBUS_SESSION_BUS_ADDRESS) {
    cmd = ['notify-send', '--app-name=countersign', title, body];
  }
  if (!cmd) return;
  // A missing notify-send surfaces as an 'error' event, ignored.
  try {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* no notifications here */
  }
}
