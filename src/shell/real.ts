// Choosing the real shell: config `shell:`, then COUNTERSIGN_SHELL, then the user's login shell
// (passwd, then $SHELL) unless that is countersign itself, then /bin/zsh on macOS, /bin/bash.
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export const SHIM_MARKER = 'countersign-shim';

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** A countersign launcher, bundle or shim: never chosen as the real shell. */
export function isCountersign(p: string, self: string | undefined = process.argv[1]): boolean {
  const r = real(p);
  if (!r) return false;
  if (self && r === real(self)) return true;
  if (path.basename(r) === 'countersign' || path.basename(r) === 'cli.mjs') return true;
  try {
    // Shims and launchers are small scripts; a real shell is a binary far bigger than this. One
    // stat instead of reading every time (this runs on every command).
    if (statSync(r).size > 64 * 1024) return false;
    const fd = openSync(r, 'r');
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, 512, 0);
    closeSync(fd);
    return buf.subarray(0, n).toString('latin1').includes(SHIM_MARKER);
  } catch {
    return false;
  }
}

/** A shim exactly as `countersign shims` writes it (src/agents/shims.ts), capturing node, the
 *  launcher and the real shell. */
const SHIM_TEXT = new RegExp(
  String.raw`^#!/bin/sh\n# ${SHIM_MARKER}: [^\n]*\nif \[ -x ('(?:[^']|'\\'')*') \]; then exec \1 ('(?:[^']|'\\'')*') --real-shell ('(?:[^']|'\\'')*') "\$@"; fi\nexec \2 --real-shell \3 "\$@"\n$`,
);
const unq = (s: string): string => s.slice(1, -1).replace(/'\\''/g, "'");

/** Whether running p runs this very countersign (p is it, or a shim that starts it): only then may
 *  this one leave a command to it. A file that merely carries the shim marker is not enough: an
 *  agent can write one that runs a real shell directly. */
export function runsThisCountersign(p: string, self: string | undefined = process.argv[1]): boolean {
  const r = real(p);
  const me = self ? real(self) : undefined;
  if (!r || !me) return false;
  if (r === me) return true;
  try {
    if (statSync(r).size > 4096) return false;
    const m = SHIM_TEXT.exec(readFileSync(r, 'utf8'));
    return !!m && real(unq(m[2]!)) === me;
  } catch {
    return false;
  }
}

export interface RealShell {
  path: string;
  /** Where the choice came from, for doctor. */
  from: string;
}

export function findRealShell(env: NodeJS.ProcessEnv, configured?: string): RealShell {
  // Thunks: the passwd lookup runs only when the earlier choices don't settle it.
  const candidates: Array<[() => string | undefined, string]> = [
    [() => configured, 'config shell:'],
    [() => env.COUNTERSIGN_SHELL, 'COUNTERSIGN_SHELL'],
    [safeUserShell, 'login shell (passwd)'],
    [() => env.SHELL, '$SHELL'],
  ];
  for (const [get, from] of candidates) {
    const p = get();
    if (!p || !path.isAbsolute(p) || !existsSync(p)) continue;
    if (isCountersign(p)) continue;
    return { path: p, from };
  }
  const fallback = process.platform === 'darwin' ? '/bin/zsh' : existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  return { path: fallback, from: 'default' };
}

function safeUserShell(): string | undefined {
  try {
    return (process.getBuiltinModule('node:os') as typeof import('node:os')).userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}

export function dialectOf(shellPath: string): 'bash' | 'zsh' {
  return path.basename(shellPath).includes('zsh') ? 'zsh' : 'bash';
}

/** An executable regular file. */
export function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The first executable named `name` on PATH (an absolute name is checked as it is). */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (path.isAbsolute(name)) return executable(name) ? name : undefined;
  for (const d of (env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, name);
    if (executable(p)) return p;
  }
  return undefined;
}
