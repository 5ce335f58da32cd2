// `countersign shims DIR`: executables named bash, zsh and sh that run countersign around the
// real shell of that name. Tools that pick a shell by its file name then get one they recognise:
// Codex classifies the passwd shell by its file stem, Claude Code accepts CLAUDE_CODE_SHELL only
// when the path contains bash or zsh, and VS Code injects its shell integration only when a
// profile's file name is exactly bash or zsh.
//
// A shim names its real shell (`--real-shell PATH`), chosen when it was written: the first file of
// that name on PATH (then the usual directories) that is not countersign, skipping DIR itself.
// So countersign run through a shim never looks the real shell up again, and a shim on PATH or in
// $SHELL is never taken for the real shell (isCountersign recognises the marker line).
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIM_MARKER, executable, isCountersign } from '../shell/index.js';

export const SHIM_NAMES = ['bash', 'zsh', 'sh'] as const;


function sameDir(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The real shell of a name: first on PATH (then /bin, /usr/bin...) that isn't countersign. */
export function realShellNamed(name: string, exclude: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter), '/bin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const d of dirs) {
    if (!d || !path.isAbsolute(d) || (exclude && sameDir(d, exclude))) continue;
    const p = path.join(d, name);
    if (executable(p) && !isCountersign(p)) return p;
  }
  return undefined;
}

/** bin/countersign of this installation (dist/ sits beside bin/). */
export function launcherPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const c of [path.join(here, '..', 'bin', 'countersign'), path.join(here, '..', '..', 'bin', 'countersign')]) if (existsSync(c)) return realpathSync(c);
  return realpathSync(process.argv[1] ?? 'countersign');
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function shimScript(real: string, launcher = launcherPath(), node = process.execPath): string {
  // Node is named by its absolute path (agents often run with a thin PATH); if it has moved
  // (a Node upgrade), the launcher's own `#!/usr/bin/env node` is tried. Either way the shim
  // never runs the real shell unchecked: if countersign can't start, nothing runs.
  return (
    `#!/bin/sh\n` +
    `# ${SHIM_MARKER}: runs countersign around ${real}. Written by \`countersign shims\`; rerun it after moving countersign or the shell.\n` +
    `if [ -x ${q(node)} ]; then exec ${q(node)} ${q(launcher)} --real-shell ${q(real)} "$@"; fi\n` +
    `exec ${q(launcher)} --real-shell ${q(real)} "$@"\n`
  );
}

/** The real shell a shim file runs, or undefined when the file is not a shim. */
export function shimTarget(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').slice(0, 4096);
    if (!text.includes(SHIM_MARKER)) return undefined;
    const m = /--real-shell '((?:[^']|'\\'')*)'/.exec(text);
    return m ? m[1]!.replace(/'\\''/g, "'") : undefined;
  } catch {
    return undefined;
  }
}

export interface ShimResult {
  name: string;
  file: string;
  real?: string;
  changed: boolean;
}

export function writeShims(dir: string, env: NodeJS.ProcessEnv = process.env): ShimResult[] {
  const abs = path.resolve(dir);
  mkdirSync(abs, { recursive: true });
  const out: ShimResult[] = [];
  const launcher = launcherPath();
  for (const name of SHIM_NAMES) {
    const file = path.join(abs, name);
    const real = realShellNamed(name, abs, env);
    if (!real) {
      out.push({ name, file, changed: false });
      continue;
    }
    const text = shimScript(real, launcher);
    let old: string | undefined;
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      old = undefined;
    }
    if (old !== undefined && !old.includes(SHIM_MARKER)) throw new Error(`${file} exists and is not a countersign shim; not overwriting it`);
    const changed = old !== text;
    if (changed) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text, { mode: 0o755 });
      chmodSync(tmp, 0o755);
      renameSync(tmp, file);
    }
    out.push({ name, file, real, changed });
  }
  return out;
}

export async function shimsCommand(args: string[]): Promise<number> {
  const dir = args[0];
  if (!dir || args.length > 1 || dir.startsWith('-')) {
    process.stderr.write('usage: countersign shims DIR\n');
    return 2;
  }
  let res: ShimResult[];
  try {
    res = writeShims(dir);
  } catch (e) {
    process.stderr.write(`countersign shims: ${(e as Error).message}\n`);
    return 1;
  }
  for (const s of res) {
    process.stdout.write(s.real ? `${s.file} -> countersign around ${s.real}${s.changed ? '' : ' (unchanged)'}\n` : `${s.file}: skipped, no real ${s.name} found\n`);
  }
  const bash = res.find((s) => s.name === 'bash' && s.real);
  if (bash) {
    process.stdout.write(
      `\nUse them where a tool picks a shell by its name:\n` +
        `  Claude Code:   export CLAUDE_CODE_SHELL=${bash.file}\n` +
        `  Codex:         chsh -s ${bash.file}   (the path must be listed in /etc/shells)\n` +
        `  VS Code/Cursor terminal profile: "path": "${bash.file}"\n`,
    );
  }
  return 0;
}
