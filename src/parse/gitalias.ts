// git aliases: `git -c alias.x=...`, `git config [--global] alias.x ...` earlier in the line, and
// GIT_CONFIG_COUNT/GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n. A plain alias is another git command line;
// a `!` alias is shell code run with the alias's arguments appended.
import type { Invocation, Word } from './types.js';

const GLOBAL_WITH_ARG = /^(-c|-C|--git-dir|--work-tree|--namespace|--exec-path|--config-env|--super-prefix)$/;

/** Index of git's subcommand word in argv, or -1. */
export function gitSubIndex(argv: Word[]): number {
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (GLOBAL_WITH_ARG.test(v)) { i++; continue; }
    if (v.startsWith('-')) continue;
    return i;
  }
  return -1;
}

/** `git config [scope options] alias.NAME VALUE` (also `config set`, `--add`, `--replace-all`). */
export function aliasDefinition(argv: Word[]): { name: string; value: Word } | undefined {
  const s = gitSubIndex(argv);
  if (s < 0 || argv[s]!.value !== 'config') return undefined;
  const rest = argv.slice(s + 1).filter((w, k, all) => !w.value.startsWith('-') && !(k > 0 && /^(-f|--file|--blob|--type|--default|--comment)$/.test(all[k - 1]!.value)));
  if (rest[0]?.value === 'set') rest.shift();
  const key = rest[0];
  if (!key || key.dynamic || !/^alias\./i.test(key.value) || rest.length < 2) return undefined;
  return { name: key.value.slice(6), value: rest[1]! };
}

/** Aliases from `-c alias.x=v` on this invocation and from GIT_CONFIG_* variables. */
export function invocationAliases(inv: Invocation): Map<string, Word> {
  const out = new Map<string, Word>();
  const n = Number(inv.vars.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; i < n && i < 100; i++) {
    const k = inv.vars[`GIT_CONFIG_KEY_${i}`];
    const v = inv.vars[`GIT_CONFIG_VALUE_${i}`];
    if (k && /^alias\./i.test(k) && v !== undefined) out.set(k.slice(6), { value: v, dynamic: false, glob: false, text: v });
  }
  // A GIT_CONFIG_* assigned from something unknown: any alias may exist.
  if (inv.assignments.some((a) => /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/.test(a.name) && a.value.dynamic)) out.set('*', { value: '', dynamic: true, glob: false, text: '' });
  const s = gitSubIndex(inv.argv);
  for (let i = 1; i < (s < 0 ? inv.argv.length : s); i++) {
    const v = inv.argv[i]!.value;
    const kv = v === '-c' ? inv.argv[i + 1] : v.startsWith('-c') && v.length > 2 ? { ...inv.argv[i]!, value: v.slice(2) } : undefined;
    if (!kv) continue;
    const eq = kv.value.indexOf('=');
    if (/^alias\./i.test(kv.value) && eq > 0) out.set(kv.value.slice(6, eq), { ...kv, value: kv.value.slice(eq + 1) });
  }
  return out;
}

/** git's own splitting of an alias value (quotes and backslashes, no expansions). */
export function splitAlias(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  let any = false;
  let quote = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < v.length) cur += v[++i];
      else cur += c;
    } else if (c === '"' || c === "'") { quote = c; any = true; }
    else if (c === '\\' && i + 1 < v.length) { cur += v[++i]; any = true; }
    else if (/\s/.test(c)) { if (cur || any) out.push(cur); cur = ''; any = false; }
    else { cur += c; any = true; }
  }
  if (cur || any) out.push(cur);
  return out;
}
