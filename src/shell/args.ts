// bash/zsh-compatible invocation: find what would run, and keep the arguments to pass on unchanged.

export type ShellRequest =
  | { kind: 'command'; code: string; positional: string[]; login: boolean; interactive: boolean }
  | { kind: 'script'; file: string; positional: string[]; login: boolean }
  | { kind: 'stdin'; positional: string[]; login: boolean; interactive: boolean }
  | { kind: 'error'; message: string };

/** Long options (bash) that take a value. */
const LONG_WITH_VALUE = new Set(['--rcfile', '--init-file']);

export function parseShellArgs(argv: string[]): ShellRequest {
  let c = false;
  let s = false;
  let login = false;
  let interactive = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      if (a === '--login') login = true;
      else if (LONG_WITH_VALUE.has(a)) i++;
      continue;
    }
    if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k]!;
        if (ch === 'c') c = true;
        else if (ch === 's') s = true;
        else if (ch === 'l') login = true;
        else if (ch === 'i') interactive = true;
        else if (ch === 'o' || ch === 'O') {
          // -o OPT: the value is the next word (bash allows `-o` alone to list options).
          if (i + 1 < argv.length) i++;
        }
      }
      continue;
    }
    break;
  }
  const rest = argv.slice(i);
  if (c) {
    if (!rest.length) return { kind: 'error', message: '-c: option requires an argument' };
    return { kind: 'command', code: rest[0]!, positional: rest.slice(1), login, interactive };
  }
  if (!s && rest.length) return { kind: 'script', file: rest[0]!, positional: rest, login };
  return { kind: 'stdin', positional: rest, login, interactive };
}
