// The .env format: KEY=value lines, quotes, comments, `export`. The parser reads it when a line
// sources or loads one; the targets read it to find where a tool connects.
export interface DotenvEntry {
  value: string;
  /** Single-quoted values are taken literally by dotenv-expand and friends. */
  literal: boolean;
}

export function parseDotenv(text: string): Map<string, DotenvEntry> {
  const out = new Map<string, DotenvEntry>();
  const re = /^\s*(?:export[^\S\r\n]+)?([\w.-]+)[^\S\r\n]*[=:][^\S\r\n]*('(?:\\'|[^'])*'|"(?:\\"|[^"])*"|`(?:\\`|[^`])*`|[^#\r\n]*)?[^\S\r\n]*(?:#.*)?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = m[1] ?? '';
    let raw = (m[2] ?? '').trim();
    let literal = false;
    const q = raw[0];
    if ((q === '"' || q === "'" || q === '`') && raw.endsWith(q) && raw.length >= 2) {
      raw = raw.slice(1, -1);
      if (q === '"') raw = raw.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\"/g, '"');
      literal = q === "'";
    }
    out.set(key, { value: raw, literal });
  }
  return out;
}
