import { table } from '../../own.js';
// The exported environment as a shell reports it without starting a process: bash's `export -p`
// (`declare -x NAME="value"`, `$'...'` for control bytes) and NUL-separated NAME=value records
// (what the zsh hook writes).

/** Parse bash's `export -p` output (also its POSIX-mode `export NAME="value"` form). */
export function parseExportP(text: string): Record<string, string> {
  const out: Record<string, string> = table();
  let i = 0;
  const n = text.length;
  while (i < n) {
    // One record: `declare -FLAGS NAME[=VALUE]` or `export NAME[=VALUE]`.
    let m = /^(?:declare\s+-(\S+)\s+|export\s+(?:-\S+\s+)?)([A-Za-z_][A-Za-z0-9_]*)(=?)/.exec(text.slice(i, i + 4096));
    if (!m) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
      continue;
    }
    const flags = m[1] ?? '';
    const name = m[2]!;
    i += m[0].length;
    if (!m[3]) {
      // Exported but unset.
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    const bytes: number[] = [];
    // A value is a run of quoted and unquoted parts up to the newline that ends the record.
    while (i < n && text[i] !== '\n') {
      const c = text[i]!;
      if (c === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n && '"$`\\\n'.includes(text[i + 1]!)) {
            if (text[i + 1] !== '\n') pushText(bytes, text[i + 1]!);
            i += 2;
          } else {
            pushText(bytes, text[i]!);
            i++;
          }
        }
        i++;
      } else if (c === "'") {
        const end = text.indexOf("'", i + 1);
        const stop = end < 0 ? n : end;
        pushText(bytes, text.slice(i + 1, stop));
        i = stop + 1;
      } else if (c === '$' && text[i + 1] === "'") {
        i = ansiC(text, i + 2, bytes);
      } else if (c === '\\' && i + 1 < n) {
        pushText(bytes, text[i + 1]!);
        i += 2;
      } else {
        pushText(bytes, c);
        i++;
      }
    }
    i++;
    m = null;
    // Arrays are never really exported.
    if (/[aA]/.test(flags)) continue;
    out[name] = Buffer.from(bytes).toString('utf8');
  }
  return out;
}

function pushText(bytes: number[], s: string): void {
  for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
}

/** Decode the body of `$'...'` starting at `i` (after the quote); returns the index after the
 *  closing quote. Escapes produce bytes, as in bash. */
function ansiC(text: string, i: number, bytes: number[]): number {
  const n = text.length;
  const simple: Record<string, number> = table({ a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 });
  while (i < n && text[i] !== "'") {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= n) {
      pushText(bytes, c);
      i++;
      continue;
    }
    const e = text[i + 1]!;
    if (e in simple) {
      bytes.push(simple[e]!);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))!;
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += 1 + m[0].length;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4));
      if (m) {
        bytes.push(parseInt(m[0], 16));
        i += 2 + m[0].length;
      } else {
        pushText(bytes, '\\x');
        i += 2;
      }
    } else if (e === 'u' || e === 'U') {
      const m = (e === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(text.slice(i + 2, i + 10));
      if (m) {
        pushText(bytes, String.fromCodePoint(parseInt(m[0], 16)));
        i += 2 + m[0].length;
      } else {
        pushText(bytes, '\\' + e);
        i += 2;
      }
    } else if (e === 'c' && i + 2 < n) {
      bytes.push(text.charCodeAt(i + 2) & 0x1f);
      i += 3;
    } else {
      pushText(bytes, '\\' + e);
      i += 2;
    }
  }
  return i + 1;
}

/** NUL-separated NAME=value records. */
export function parseNulEnv(text: string): Record<string, string> {
  const out: Record<string, string> = table();
  for (const rec of text.split('\0')) {
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
  }
  return out;
}
