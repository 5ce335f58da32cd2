// `ssh db 'dropdb acme'` where ~/.ssh/config (perhaps written earlier on the line) says `Host db`
// is `HostName prod-db.acme.internal`: the machine is the HostName, not the alias.
import { join, resolve } from 'node:path';
import { readingAsWritten, readText } from './cache.js';
import type { Written } from '../parse/types.js';
import picomatch from 'picomatch';

/** The HostName the first matching `Host` block gives `alias` in ~/.ssh/config (ssh takes the
 *  first value it finds for each option), and the file, or undefined. Include is not followed. */
export function sshHostName(alias: string, home: string | undefined, written: Written | undefined, choice?: { file?: string; hostName?: string; cwd?: string }): { hostName: string; file: string } | undefined {
  if (choice?.hostName) return { hostName: choice.hostName.replace(/%h/g, alias), file: '-o HostName' };
  // `ssh -F FILE` reads only FILE (no ~/.ssh/config).
  if (!home && !choice?.file) return undefined;
  const file = choice?.file ? resolve(choice.cwd ?? '.', home ? choice.file.replace(/^~(?=\/|$)/, home) : choice.file) : join(home!, '.ssh', 'config');
  const { value: text } = readingAsWritten(written, () => readText(file));
  if (!text) return undefined;
  let matching = true; // options before the first Host apply to every host
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\w+)\s*(?:=\s*|\s+)(.+)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim().replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      const pats = value.split(/\s+/);
      const neg = pats.filter((p) => p.startsWith('!')).some((p) => picomatch.isMatch(alias, p.slice(1), { nocase: true }));
      matching = !neg && pats.filter((p) => !p.startsWith('!')).some((p) => picomatch.isMatch(alias, p, { nocase: true }));
    } else if (key === 'match') {
      matching = false; // Match blocks need what only ssh knows at run time
    } else if (key === 'hostname' && matching) {
      return { hostName: value.replace(/%h/g, alias), file };
    }
  }
  return undefined;
}
