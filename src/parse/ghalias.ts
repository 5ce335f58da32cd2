// gh aliases (cli/cli pkg/cmd/alias): `gh alias set NAME EXPANSION` makes `gh NAME` run `gh
// EXPANSION`, or EXPANSION through sh with --shell or a leading `!`; `gh alias import` takes them
// from a YAML file; gh keeps them under `aliases:` in its config.yml. Setting one is judged as
// running it (the line, or a later one, may); using one from config.yml runs its expansion.
import path from 'node:path';
import type { Embedded } from './embedded.js';
import { fileText } from './filetext.js';
import { q } from './tools.js';
import type { Invocation, Word } from './types.js';

/** What `gh NAME args` runs for the alias `expansion`. */
function aliasCode(expansion: string, shell: boolean, args: Word[] = []): string | undefined {
  if (args.some((a) => a.dynamic)) return undefined;
  if (shell || expansion.startsWith('!')) return expansion.replace(/^!/, '');
  return ['gh', expansion, ...args.map((a) => q(a.value))].join(' ');
}

/** The config.yml gh reads: $GH_CONFIG_DIR, else $XDG_CONFIG_HOME/gh, else ~/.config/gh. */
function configFile(inv: Invocation): string | null | undefined {
  for (const v of ['GH_CONFIG_DIR', 'XDG_CONFIG_HOME', 'HOME']) if (inv.unknownVars?.includes(v)) return null;
  const dir = inv.vars.GH_CONFIG_DIR ?? (inv.vars.XDG_CONFIG_HOME ? path.join(inv.vars.XDG_CONFIG_HOME, 'gh') : inv.vars.HOME ? path.join(inv.vars.HOME, '.config', 'gh') : undefined);
  if (!dir) return undefined;
  return path.resolve(inv.cwd ?? '/', dir, 'config.yml');
}

/** The expansion of `name` under the top-level `aliases:` of gh's YAML (block style, as gh
 *  writes it); null when the text names it in a way not read here. */
export function aliasIn(text: string, name: string): string | null | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^aliases:\s*(#.*)?$/.test(l));
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (start < 0) return new RegExp(`(^|[\\s{,'"])${esc}['"]?\\s*:`, 'm').test(text) ? null : undefined;
  for (const l of lines.slice(start + 1)) {
    if (/^\S/.test(l)) break;
    const m = aliasLine(l);
    if (!m || m[2] !== name) continue;
    const v = m[3]!.trim();
    if (/^'.*'$/.test(v)) return v.slice(1, -1).replace(/''/g, "'");
    if (/^".*"$/.test(v)) return v.slice(1, -1).replace(/\\(.)/g, '$1');
    return /^[|>&*!{[]/.test(v) || v === '' ? null : v.replace(/\s+#.*$/, '');
  }
  return undefined;
}

/** Every alias of a YAML file's top level (`gh alias import`): name -> expansion. */
function aliasesOf(text: string): string[] | undefined {
  const out: string[] = [];
  for (const l of text.split(/\r?\n/)) {
    if (!l.trim() || l.trim().startsWith('#')) continue;
    const m = /^(['"]?)([^'":\s]+)\1\s*:\s*(.*)$/.exec(l);
    if (!m) return undefined;
    const v = aliasIn(`aliases:\n  ${m[2]}: ${m[3]}`, m[2]!);
    if (typeof v !== 'string') return undefined;
    out.push(v);
  }
  return out;
}

export function ghAliasCode(inv: Invocation): Embedded[] {
  const args = inv.argv.slice(1);
  const pos = args.findIndex((a) => !a.value.startsWith('-'));
  if (pos < 0) return [];
  const sub = args[pos]!;
  const rest = args.slice(pos + 1);
  if (sub.value === 'alias') return aliasCommand(inv, rest);
  if (sub.dynamic) return [];
  const file = configFile(inv);
  if (file === undefined) return [];
  const text = file === null ? null : fileText(inv, file);
  if (text === undefined) return [];
  const exp = text === null ? null : aliasIn(text, sub.value);
  if (exp === undefined) return [];
  return [{ code: exp === null ? undefined : aliasCode(exp, false, rest), how: `gh alias ${sub.value} (gh's config.yml)` }];
}

/** `gh alias set [-s|--shell] NAME EXPANSION` (EXPANSION `-`: stdin), `gh alias import [FILE|-]`. */
function aliasCommand(inv: Invocation, rest: Word[]): Embedded[] {
  const verb = rest.find((a) => !a.value.startsWith('-'));
  const words = rest.slice(verb ? rest.indexOf(verb) + 1 : rest.length);
  const shell = words.some((a) => a.value === '-s' || a.value === '--shell');
  const pos = words.filter((a) => !a.value.startsWith('-') || a.value === '-');
  if (verb?.value === 'set' && pos.length >= 2) {
    const exp = pos[1]!;
    const text = exp.value === '-' ? stdin(inv) : exp.dynamic ? undefined : exp.value;
    return [{ code: text === undefined ? undefined : aliasCode(text.trim(), shell), how: `gh alias set ${pos[0]!.text}` }];
  }
  if (verb?.value === 'import') {
    const f = pos[0];
    const text = !f || f.value === '-' ? stdin(inv) : f.dynamic ? undefined : (fileText(inv, f.value) ?? undefined);
    const exps = text === undefined ? undefined : aliasesOf(text);
    if (!exps) return [{ code: undefined, how: 'gh alias import (aliases that can\'t be read here)' }];
    return exps.map((e) => ({ code: aliasCode(e, false), how: 'gh alias import' }));
  }
  return [];
}

function stdin(inv: Invocation): string | undefined {
  const s = inv.stdin;
  if (s?.kind === 'heredoc' || (s?.kind === 'herestring' && !s.dynamic)) return s.text;
  if (s?.kind === 'pipe') return s.text;
  return undefined;
}

/** /^\s+(['"]?)([^'":]+)\1\s*:\s*(.*)$/ (indent, a name, quoted or not, a colon, the value) read
 *  by hand: the regex backtracked cubically through a line of spaces. [whole, quote, name, value]
 *  as exec gives them, for a name that doesn't start with a space (no alias name does). */
function aliasLine(l: string): [string, string, string, string] | undefined {
  let i = 0;
  while (i < l.length && /\s/.test(l[i]!)) i++;
  if (i === 0 || i === l.length) return undefined;
  const q = l[i] === "'" || l[i] === '"' ? l[i]! : '';
  const from = i + q.length;
  let j = from;
  while (j < l.length && l[j] !== "'" && l[j] !== '"' && l[j] !== ':') j++;
  if (j === from) return undefined;
  let k = j;
  if (q) {
    if (l[j] !== q) return undefined;
    k++;
    while (k < l.length && /\s/.test(l[k]!)) k++;
  }
  if (l[k] !== ':') return undefined;
  k++;
  while (k < l.length && /\s/.test(l[k]!)) k++;
  const value = l.slice(k);
  // `.` stops at line terminators: the regex matched no line holding one in its value.
  if (/[\n\r\u2028\u2029]/.test(value)) return undefined;
  return [l, q, l.slice(from, j), value];
}
