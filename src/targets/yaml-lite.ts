import { table } from '../own.js';
// A reader for the plain block YAML that tools write (kubeconfig from kubectl, eks, gcloud, kind;
// Pulumi.yaml). The `yaml` package takes 10-20 ms on a kubeconfig with a few dozen contexts, which
// alone would break the per-finding budget; this takes well under a millisecond. Anything outside
// the subset (anchors, tags, block scalars, non-empty flow collections, tabs) returns undefined
// and the caller falls back to the full parser, so the subset only has to be right, not complete.

interface Line {
  indent: number;
  text: string;
}

class Unsupported extends Error {}

export function parseSimpleYaml(src: string): unknown {
  const t = src.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(src) as unknown;
    } catch {
      return undefined;
    }
  }
  const lines: Line[] = [];
  for (const raw of src.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(raw)) continue;
    if (raw === '---' && lines.length === 0) continue;
    if (raw === '...' || raw.startsWith('---')) return undefined;
    const indent = raw.length - raw.trimStart().length;
    if (raw.slice(0, indent).includes('\t')) return undefined;
    lines.push({ indent, text: raw.slice(indent).trimEnd() });
  }
  if (lines.length === 0) return null;
  try {
    const st: State = { lines, i: 0 };
    const v = node(st, 0);
    if (st.i < lines.length) return undefined;
    return v;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

interface State {
  lines: Line[];
  i: number;
}

function node(st: State, minIndent: number): unknown {
  const line = st.lines[st.i];
  if (!line || line.indent < minIndent) return null;
  return isSeqItem(line.text) ? seq(st, line.indent) : map(st, line.indent);
}

function seq(st: State, indent: number): unknown[] {
  const out: unknown[] = [];
  for (;;) {
    const line = st.lines[st.i];
    // A key at the sequence's own indent ends it (`contexts:` then `- ...` then `kind: Config`).
    if (!line || line.indent < indent || (line.indent === indent && !isSeqItem(line.text))) return out;
    if (line.indent > indent) throw new Unsupported();
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      st.i++;
      const next = st.lines[st.i];
      out.push(next && next.indent > indent ? node(st, indent + 1) : null);
      continue;
    }
    // `- key: value` opens a mapping whose lines sit where `key` starts.
    const col = indent + (line.text.length - rest.length);
    if (isSeqItem(rest) || splitKey(rest)) {
      st.lines[st.i] = { indent: col, text: rest };
      out.push(node(st, col));
      continue;
    }
    st.i++;
    out.push(scalar(rest));
  }
}

function map(st: State, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = table();
  for (;;) {
    const line = st.lines[st.i];
    if (!line || line.indent < indent) return out;
    if (line.indent > indent || isSeqItem(line.text)) throw new Unsupported();
    const kv = splitKey(line.text);
    if (!kv) throw new Unsupported();
    const [key, value] = kv;
    if (key === '<<' || key === '__proto__') throw new Unsupported();
    st.i++;
    if (value !== '') {
      out[key] = scalar(value);
      continue;
    }
    const next = st.lines[st.i];
    if (next && next.indent > indent) out[key] = node(st, indent + 1);
    else if (next && next.indent === indent && isSeqItem(next.text)) out[key] = seq(st, indent);
    else out[key] = null;
  }
}

/** `key: value` → [key, value-with-comment-removed]; undefined when the line is not a key. */
function splitKey(text: string): [string, string] | undefined {
  let key: string;
  let rest: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const q = text[0] ?? '"';
    const end = text.indexOf(q, 1);
    if (end < 0) return undefined;
    key = q === '"' ? unescapeDouble(text.slice(0, end + 1)) : text.slice(1, end);
    rest = text.slice(end + 1);
    if (!rest.startsWith(':')) return undefined;
    rest = rest.slice(1);
  } else {
    // The key ends at the first `:` followed by a space or the end of the line.
    const m = /:(\s|$)/.exec(text);
    if (!m) return undefined;
    key = text.slice(0, m.index).trim();
    if (key === '' || key.includes(' #') || /^[[{&*!|>%@`?]/.test(key)) return undefined;
    rest = text.slice(m.index + 1);
  }
  if (rest !== '' && !/^\s/.test(rest)) return undefined;
  return [key, rest.trim()];
}

function unescapeDouble(q: string): string {
  try {
    return JSON.parse(q) as string;
  } catch {
    throw new Unsupported();
  }
}

function scalar(raw: string): unknown {
  let v = raw;
  if (v.startsWith('"')) {
    const end = findClosingDouble(v);
    if (end < 0) throw new Unsupported();
    const after = v.slice(end + 1).trim();
    if (after !== '' && !after.startsWith('#')) throw new Unsupported();
    return unescapeDouble(v.slice(0, end + 1));
  }
  if (v.startsWith("'")) {
    let i = 1;
    let out = '';
    for (; i < v.length; i++) {
      if (v[i] === "'") {
        if (v[i + 1] === "'") { out += "'"; i++; continue; }
        break;
      }
      out += v[i];
    }
    if (i >= v.length) throw new Unsupported();
    const after = v.slice(i + 1).trim();
    if (after !== '' && !after.startsWith('#')) throw new Unsupported();
    return out;
  }
  const hash = v.search(/\s#/);
  if (hash >= 0) v = v.slice(0, hash).trimEnd();
  if (v === '{}') return {};
  if (v === '[]') return [];
  if (/^[[{&*!|>%@`]/.test(v) || v.includes(': ')) throw new Unsupported();
  if (v === '' || v === '~' || /^(null|Null|NULL)$/.test(v)) return null;
  if (/^(true|True|TRUE)$/.test(v)) return true;
  if (/^(false|False|FALSE)$/.test(v)) return false;
  if (/^[-+]?\d+$/.test(v)) return Number(v);
  if (/^[-+]?(\.\d+|\d+\.\d*|\d+)([eE][-+]?\d+)?$/.test(v)) return Number(v);
  if (/^0x[0-9a-fA-F]+$/.test(v) || /^0o[0-7]+$/.test(v) || /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(v)) throw new Unsupported();
  return v;
}

function findClosingDouble(v: string): number {
  for (let i = 1; i < v.length; i++) {
    if (v[i] === '\\') { i++; continue; }
    if (v[i] === '"') return i;
  }
  return -1;
}
