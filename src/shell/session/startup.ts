// The user's startup files, as they were when the session started. A nested bash or zsh runs them
// before its guard is in, unchecked (they are the user's configuration). A line in the session can
// change them (`echo 'rm -rf data' >> ~/.bashrc`, then `bash`): a nested shell started after such
// a change pauses instead. Only these files are watched, not what they source in turn.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const BASH = ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.bash_logout', '.bash_aliases'];
const ZSH = ['.zshenv', '.zprofile', '.zshrc', '.zlogin', '.zlogout'];

/** The files a nested bash or zsh of this user reads at start (and at exit). */
export function startupFiles(home: string, userZdotdir: string, userRc?: string): string[] {
  const zdot = userZdotdir || home;
  const files = [...BASH.map((f) => path.join(home, f)), ...ZSH.map((f) => path.join(zdot, f))];
  if (userRc) files.push(path.resolve(home, userRc));
  return [...new Set(files)];
}

const contents = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
};

export class StartupWatch {
  private readonly seen = new Map<string, string | undefined>();

  constructor(files: string[]) {
    for (const f of files) this.seen.set(f, contents(f));
  }

  /** The files created, changed or removed since the session started. */
  changed(): string[] {
    return [...this.seen].filter(([f, was]) => contents(f) !== was).map(([f]) => f);
  }
}
