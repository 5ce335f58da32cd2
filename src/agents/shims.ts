// `countersign shims DIR`: executables named bash, zsh and sh that run countersign around the
// real shell of that name. Tools that pick a shell by its file name (Codex, CLAUDE_CODE_SHELL,
// editor profiles) then get one they recognise.
import { chmodSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIM_MARKER, isCountersign } from '../shell/real.js';

const NAMES = ['bash', 'zsh', 'sh'];

/** The real shell of a name: first on PATH (then /bin, /usr/bin) that isn't countersign. */
export function realShellNamed(name: string, exclude: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(':'), '/bin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const d of dirs) {
    if (!d || path.resolve(d) === path.resolve(exclude)) continue;
    const p = path.join(d, name);
    if (existsSync(p) && !isCountersign(p)) return p;
  }
  return undefined;
}

export function launcherPath(): string {
  // dist/cli.mjs sits next to bin/ in the package: ../bin/countersign.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const c of [path.join(here, '..', 'bin', 'countersign'), path.join(here, '..', '..', 'bin', 'countersign')]) if (existsSync(c)) return realpathSync(c);
  return realpathSync(process.argv[1] ?? 'countersign');
}

export function writeShims(dir: string): Array<{ name: string; file: string; real?: string }> {
  mkdirSync(dir, { recursive: true });
  const out: Array<{ name: string; file: string; real?: string }> = [];
  const launcher = launcherPath();
  for (const name of NAMES) {
    const real = realShellNamed(name, dir);
    const file = path.join(dir, name);
    if (!real) {
      out.push({ name, file });
      continue;
    }
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(
      file,
      `#!/bin/sh\n# ${SHIM_MARKER}: runs countersign around ${real}. Written by \`countersign shims\`.\nexec ${q(process.execPath)} ${q(launcher)} --real-shell ${q(real)} "$@"\n`,
    );
    chmodSync(file, 0o755);
    out.push({ name, file, real });
  }
  return out;
}

export async function shimsCommand(args: string[]): Promise<number> {
  const dir = args[0];
  if (!dir) {
    process.stderr.write('usage: countersign shims DIR\n');
    return 2;
  }
  for (const s of writeShims(path.resolve(dir))) {
    process.stdout.write(s.real ? `${s.file} -> countersign around ${s.real}\n` : `${s.file}: skipped, no real ${s.name} found\n`);
  }
  return 0;
}
