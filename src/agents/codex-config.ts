// What doctor reads from Codex's config.toml (0.169): whether a hooks.json handler is trusted.
// Codex runs an unmanaged hook only after a person trusts it (its "Hooks need review" screen, or
// /hooks), which records `[hooks.state."<hooks.json>:pre_tool_use:<group>:<handler>"]` with a
// `trusted_hash` in the user's config.toml. Until then every command runs with no hook at all.
// Only what doctor needs is read (tables, dotted keys, one-line inline tables, strings and
// booleans); countersign never writes this file: trusting a hook is the person's act.
import { realpathSync } from 'node:fs';
import path from 'node:path';

export type Trust = 'trusted' | 'untrusted' | 'disabled';

type Scalar = string | boolean | number;

/** A dotted TOML key (`a."b.c".d`) as its parts; undefined when it isn't one. */
export function keyPath(s: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t') i++;
  };
  for (;;) {
    ws();
    if (s[i] === '"') {
      let v = '';
      for (i++; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\') {
          const e = s[++i];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '');
        } else v += s[i];
      }
      if (s[i] !== '"') return undefined;
      i++;
      out.push(v);
    } else if (s[i] === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out.push(s.slice(i + 1, end));
      i = end + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
      if (!m) return undefined;
      out.push(m[0]);
      i += m[0].length;
    }
    ws();
    if (i >= s.length) return out;
    if (s[i] !== '.') return undefined;
    i++;
  }
}

function scalar(v: string): Scalar | undefined {
  const t = v.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const m = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(t);
  if (m) return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
  return /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

/** Split `k = v` at the first `=` outside quotes. */
function splitAssign(line: string): [string, string] | undefined {
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '=') return [line.slice(0, i), line.slice(i + 1)];
  }
  return undefined;
}

/** Every scalar in the file, by its full key path joined with NUL. */
export function readToml(text: string): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  let table: string[] = [];
  const put = (parts: string[], raw: string) => {
    const v = raw.trim();
    if (v.startsWith('{') && v.endsWith('}')) {
      for (const item of v.slice(1, -1).split(',')) {
        const kv = splitAssign(item);
        const k = kv && keyPath(kv[0]);
        if (kv && k) put([...parts, ...k], kv[1]);
      }
      return;
    }
    const s = scalar(v.replace(/\s+#.*$/, ''));
    if (s !== undefined) out.set(parts.join('\0'), s);
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const h = /^\[\[?(.*?)\]\]?\s*(#.*)?$/.exec(line);
    if (h) {
      table = keyPath(h[1]!) ?? ['\0unreadable'];
      continue;
    }
    const kv = splitAssign(line);
    const k = kv && keyPath(kv[0]);
    if (kv && k) put([...table, ...k], kv[1]);
  }
  return out;
}

const same = (a: string, b: string): boolean => {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return a === b || real(a) === real(b);
};

/** Whether Codex will run the PreToolUse handler at (group, handler) of hooks.json. */
export function hookTrust(configText: string, hooksFile: string, group: number, handler: number): Trust {
  const toml = readToml(configText);
  const suffix = `:pre_tool_use:${group}:${handler}`;
  let hash: Scalar | undefined;
  let enabled: Scalar | undefined;
  for (const [k, v] of toml) {
    const parts = k.split('\0');
    if (parts.length !== 4 || parts[0] !== 'hooks' || parts[1] !== 'state') continue;
    const id = parts[2]!;
    if (!id.endsWith(suffix) || !same(id.slice(0, -suffix.length), hooksFile)) continue;
    if (parts[3] === 'trusted_hash') hash = v;
    if (parts[3] === 'enabled') enabled = v;
  }
  if (enabled === false) return 'disabled';
  return typeof hash === 'string' && hash !== '' ? 'trusted' : 'untrusted';
}

/** Codex loads a project's .codex/ (and so its hooks.json) only for a folder a person trusted:
 *  `[projects."<folder>"] trust_level = "trusted"`. */
export function projectTrusted(configText: string, folder: string): boolean {
  for (const [k, v] of readToml(configText)) {
    const parts = k.split('\0');
    if (parts.length === 3 && parts[0] === 'projects' && parts[2] === 'trust_level' && v === 'trusted' && same(parts[1]!, folder)) return true;
  }
  return false;
}

/** `[features] hooks = false` (or the older `codex_hooks = false`) turns every hook off. */
export function hooksTurnedOff(configText: string): boolean {
  const toml = readToml(configText);
  return toml.get('features\0hooks') === false || (toml.get('features\0hooks') === undefined && toml.get('features\0codex_hooks') === false);
}

/** Codex's home: $CODEX_HOME, else ~/.codex. */
export function codexHome(env: NodeJS.ProcessEnv, home: string): string {
  return env.CODEX_HOME ? path.resolve(env.CODEX_HOME) : path.join(home, '.codex');
}
