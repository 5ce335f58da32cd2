// Rules: from invocations to findings.
import type { Parser as TSParser } from 'web-tree-sitter';
import { parseWith, showOrigin, type Invocation, type ParseContext, type ParseResult, type Word } from '../parse/index.js';
import type { Config, LoadedRule } from './load.js';
import { formatError } from './load.js';
import { analyze, commandSet, list, matchSpec, specFor, toFinding, type MatchContext } from './match.js';
import { HOLE_VAR, inlineCode, shellCalls } from './inline/index.js';
import { DELETE_WORDS, type QuickIndex } from './quick.js';
import { withWritten } from './files.js';
import type { Finding } from './types.js';
import { touchesGuardedEnv } from './selfguard.js';
import { graphqlMutations } from './http/index.js';

export type { Finding } from './types.js';

export { quickIndex } from './quick.js';

export interface RuleContext extends MatchContext {
  parseCtx: ParseContext;
  parser?: TSParser;
}

const INLINE_LIMIT = 4;

/** Add what inline interpreter code would run through a shell (os.system("...") and the like). */
function withInlineShell(res: ParseResult, ctx: RuleContext, depth = 0): { invocations: Invocation[]; dynamic: Array<{ inv: Invocation; why: string }> } {
  const out: Invocation[] = [];
  const dynamic: Array<{ inv: Invocation; why: string }> = [];
  for (const inv of res.invocations) {
    out.push(inv);
    const code = withWritten(inv.written, () => inlineCode(inv));
    if (!code) continue;
    if ('unknown' in code) {
      if (!inv.fromDisk) dynamic.push({ inv, why: code.unknown });
      continue;
    }
    const { calls, dynamic: dyn } = shellCalls(code);
    if (!inv.fromDisk) for (const d of dyn) dynamic.push({ inv, why: `${inv.name} builds a command at run time: ${d}` });
    for (const c of calls) {
      // Code on disk: an argv item known only at run time is what it only may do (types.ts, fromDisk).
      if (inv.fromDisk && c.holes) continue;
      const origin = [...inv.origin, `${inv.name} ${c.how}`];
      // A literal argv is read as its quoted shell words when the parser is at hand, so wrappers
      // and runners in it are followed: subprocess.run(['npx', 'prisma', 'migrate', 'reset']).
      if (c.argv && !(ctx.parser && depth < INLINE_LIMIT)) {
        const argv: Word[] = c.argv.map((v) => ({ value: v, dynamic: false, glob: false, text: v }));
        out.push({ ...inv, argv, name: (c.argv[0] ?? '').split('/').pop()!.toLowerCase(), origin, text: c.argv.join(' '), stdin: undefined, redirects: [] });
      } else if (ctx.parser && depth < INLINE_LIMIT) {
        // An argv item known only at run time is $RUNTIME_ARG (sinks.ts): never the environment's.
        const env = c.holes ? { ...ctx.parseCtx.env, [HOLE_VAR]: undefined } : ctx.parseCtx.env;
        // Files the line wrote before the code ran are the line's versions (rt23fp1: a script it
        // wrote, then ran through subprocess.run).
        const sub = parseWith(ctx.parser, c.code, { ...ctx.parseCtx, env, cwd: inv.cwd ?? ctx.parseCtx.cwd }, { programs: ctx.commands, ...(inv.written ? { written: inv.written } : {}) });
        for (const s of sub.invocations) {
          s.origin = [...origin, ...s.origin.filter((o) => o !== 'top')];
          if (inv.fromDisk) s.fromDisk = true;
          // A shell the code starts reads what the code writes it (`open(P, "|sh")`), not the line's input.
          if (s.readsInput) s.opaque ??= s.readsInput;
        }
        const nested = withInlineShell(sub, ctx, depth + 1);
        out.push(...nested.invocations);
        dynamic.push(...nested.dynamic);
        if (!inv.fromDisk) for (const u of sub.uncertain) dynamic.push({ inv, why: `${inv.name} ${c.how}: ${u}` });
      }
    }
  }
  return { invocations: out, dynamic };
}

// `./scripts/gql.sh 'mutation { volumeDelete(volumeId: "v") }'`: a project's own helper (a path,
// or a script an interpreter runs) handed a GraphQL document that deletes. What the helper does
// with it is not on the line, and the one thing it is given to send is a delete: pause. Known
// programs (curl, gh, echo) are judged by their own rules.
const MUTATION_ARG = /\bmutation\b[^{]*\{/;
const DELETE_FIELD = new RegExp(DELETE_WORDS, 'i');
const SCRIPT_RUNNER = /^(python[\d.]*|node|nodejs|bun|deno|ruby|perl|php|tsx|ts-node|bash|sh|zsh|dash)$/;
function deleteMutationHanded(inv: Invocation, commands: Config['commands']): string | undefined {
  const argv0 = inv.argv[0];
  if (!argv0 || argv0.dynamic || inv.argv.length < 2) return undefined;
  let program: string | undefined;
  if (argv0.value.includes('/') && !specFor(inv.name, commands)) program = argv0.value;
  else if (SCRIPT_RUNNER.test(inv.name)) {
    const file = inv.argv.slice(1).find((w) => !w.value.startsWith('-'));
    if (file && !file.dynamic && /\/|\.(py|js|mjs|cjs|ts|rb|pl|php|sh)$/.test(file.value)) program = file.value;
  }
  if (!program) return undefined;
  for (const w of inv.argv.slice(1)) {
    if (w.dynamic || !MUTATION_ARG.test(w.value)) continue;
    const names = graphqlMutations(w.value).filter((n) => DELETE_FIELD.test(n));
    if (names.length) return `${program}, a program the line doesn't show, is handed a GraphQL mutation that deletes (${names.join(', ')})`;
  }
  return undefined;
}

export interface RuleResult {
  findings: Finding[];
  invocations: Invocation[];
}

export function evaluateRules(res: ParseResult, cfg: Config, ctx: RuleContext, idx: QuickIndex, text: string): RuleResult {
  const { invocations, dynamic } = withInlineShell(res, ctx);
  const findings: Finding[] = [];
  for (const e of cfg.errors) {
    findings.push(core('core/config-error', 'high', 'the rules could not be loaded, so nothing can be judged safely', formatError(e), text));
  }
  for (const inv of invocations) {
    withWritten(inv.written, () => {
      for (const rule of rulesFor(cfg, ctx.commands, inv.name)) {
        const hit = matchSpec(rule.match, inv, ctx);
        if (hit) findings.push(named(rule, toFinding(rule, inv, hit), inv, ctx));
      }
    });
    if (inv.opaque && !inv.fromDisk) findings.push({ ...core('core/opaque', 'high', 'runs code that is only known at run time', inv.opaque, inv.text), inv });
    else if (inv.readsInput && ctx.inputOpen && !inv.fromDisk) findings.push({ ...core('core/opaque', 'high', 'runs code that is only known at run time', inv.readsInput, inv.text), inv });
    const handed = deleteMutationHanded(inv, ctx.commands);
    if (handed) findings.push({ ...core('core/opaque', 'high', 'runs code that is only known at run time', handed, inv.text), inv });
  }
  for (const d of dynamic) findings.push({ ...core('core/opaque', 'high', 'runs code that is only known at run time', d.why, d.inv.text), inv: d.inv });
  const env = touchesGuardedEnv(text);
  if (env) findings.push(core('core/countersign-env', 'critical', "changes the variables countersign's own files are found by", env, text));
  if (res.uncertain.length) {
    // The quick reject already said the line mentions something watched, or builds words at run time.
    findings.push(core('core/uncertain', 'high', "the line can't be read with certainty", res.uncertain.join('; '), text));
  }
  void idx;
  for (const f of findings) {
    const via = f.inv?.origin.flatMap((o) => (typeof o === 'string' ? [] : o.kind === 'in' ? [o.label] : o.kind === 'script' ? [showOrigin(o)] : []));
    if (via?.length) f.via = via.join(' → ');
  }
  return { findings: collapseUnseen(dedupe(findings)), invocations };
}

/** The rules that can match a program of this name, in the config's order: those naming it (or an
 *  alias) and those naming no program or a pattern. Indexed once per config, as the rules are
 *  thousands and a line runs a few programs. */
function rulesFor(cfg: Config, commands: Config['commands'], name: string): LoadedRule[] {
  let idx = ruleIndexes.get(cfg);
  if (idx?.commands !== commands) ruleIndexes.set(cfg, (idx = indexRules(cfg, commands)));
  const named = idx.byName.get(name);
  if (!named) return idx.always;
  let merged = idx.merged.get(name);
  if (!merged) idx.merged.set(name, (merged = cfg.rules.filter((_, i) => idx.alwaysAt.has(i) || named.has(i))));
  return merged;
}

interface RuleIndex {
  /** The program registry the names were read with (matchSpec reads the same one). */
  commands: Config['commands'];
  byName: Map<string, Set<number>>;
  always: LoadedRule[];
  alwaysAt: Set<number>;
  merged: Map<string, LoadedRule[]>;
}
const ruleIndexes = new WeakMap<Config, RuleIndex>();

function indexRules(cfg: Config, commands: Config['commands']): RuleIndex {
  const byName = new Map<string, Set<number>>();
  const alwaysAt = new Set<number>();
  cfg.rules.forEach((rule, i) => {
    // With no command of its own, a rule whose every `any-of` alternative names its programs is
    // indexed by all of them (each alternative checks its own), not run for every program.
    const alts = !list(rule.match.command).length && rule.match['any-of']?.length && rule.match['any-of'].every((a) => list(a.command).length) ? rule.match['any-of'] : [rule.match];
    const sets = alts.map((m) => commandSet(m, commands));
    if (sets.some((cs) => !cs.names.length || cs.globs.length)) alwaysAt.add(i);
    for (const n of sets.flatMap((cs) => [...cs.exact])) {
      let set = byName.get(n);
      if (!set) byName.set(n, (set = new Set()));
      set.add(i);
    }
  });
  return { commands, byName, alwaysAt, always: cfg.rules.filter((_, i) => alwaysAt.has(i)), merged: new Map() };
}

/** Several rules that can't see their input (SQL piped from elsewhere) say the same thing: keep
 *  the most severe one per invocation. */
function collapseUnseen(fs: Array<Finding & { unseen?: boolean }>): Finding[] {
  const best = new Map<unknown, Finding & { unseen?: boolean }>();
  const order = ['low', 'medium', 'high', 'critical'];
  for (const f of fs) {
    if (!f.unseen) continue;
    const cur = best.get(f.inv);
    // One that can't be seen at all outranks one that only reads a missing file (policy relaxes those).
    const rank = (x: Finding) => order.indexOf(x.severity) + (x.absent ? 0 : 10);
    if (!cur || rank(f) > rank(cur)) best.set(f.inv, f);
  }
  // The rule's summary says what it watches for, not what this command does: say so.
  return fs.filter((f) => !f.unseen || best.get(f.inv) === f).map(({ unseen, ...f }) => (unseen ? { ...f, summary: `${f.summary}, perhaps: what it runs can't be seen here` } : f));
}

/** The rule's own say on what the finding's resource is called (`resource: {noun, from}`). */
function named<F extends Finding>(rule: LoadedRule, f: F, inv: Invocation, ctx: RuleContext): F {
  const spec = rule.resource;
  if (!spec) return f;
  if (spec.noun) f.noun = spec.noun;
  if (spec.from === undefined) return f;
  delete f.resource;
  if (spec.from === 'none') return f;
  if (spec.from === 'sources') return withSources(rule, f, inv, ctx);
  // Every value any of the options has: one name, or none. Programs differ on which of
  // `-n decoy -n prod` wins, so a phrase naming either could name the wrong thing.
  const words = spec.from.flatMap((o) => optionValues(inv, o, ctx));
  const names = new Set(words.map((w) => w.value));
  // A value only known at run time names nothing that can be shown: the noun alone.
  if (names.size === 1 && !words.some((w) => w.dynamic)) f.resource = words[0]!.value;
  return f;
}

/** `from: sources`: what a move or copy takes from, the operands after the rule's subcommand
 *  words but the last (the destination). Names built at run time leave the noun alone. */
function withSources<F extends Finding>(rule: LoadedRule, f: F, inv: Invocation, ctx: RuleContext): F {
  const pos = analyze(inv, specFor(inv.name, ctx.commands)).positionals;
  const lead = subcommandsOf(rule.match)
    .map((s) => s.split(/\s+/))
    .map((ws) => ws.slice(0, literalWords(ws)))
    .filter((ws) => ws.every((w, i) => pos[i] && !pos[i]!.dynamic && pos[i]!.value.toLowerCase() === w.toLowerCase()))
    .reduce((n, ws) => Math.max(n, ws.length), 0);
  const src = pos.slice(lead, -1);
  if (src.length && !src.some((w) => w.dynamic)) f.resource = src.slice(0, 3).map((w) => w.value).join(' ');
  return f;
}

/** How many leading words of a subcommand are literal (the rest are patterns for operands). */
function literalWords(ws: string[]): number {
  const k = ws.findIndex((w) => /^\/.*\/$|[*?[]/.test(w));
  return k < 0 ? ws.length : k;
}

function subcommandsOf(m: LoadedRule['match']): string[] {
  const own = m.subcommand === undefined ? [] : Array.isArray(m.subcommand) ? m.subcommand : [m.subcommand];
  return [...own, ...(m['any-of'] ?? []).flatMap(subcommandsOf)];
}

/** The values of option `o`: as the program's spec reads them, and the next word or `o=value`
 *  (the rule names `o` as carrying a value even where the pack's spec doesn't: docker's `compose -p`). */
function optionValues(inv: Invocation, o: string, ctx: RuleContext): Word[] {
  const out = [...(analyze(inv, specFor(inv.name, ctx.commands)).values.get(o) ?? [])];
  const a = inv.argv;
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') break;
    if (v === o && a[i + 1] && !a[i + 1]!.value.startsWith('-')) out.push(a[i + 1]!);
    if (v.startsWith(`${o}=`)) out.push({ ...a[i]!, value: v.slice(o.length + 1) });
  }
  return out;
}

function core(rule: string, severity: Finding['severity'], summary: string, detail: string, invocation: string): Finding {
  return { rule, severity, summary, action: 'confirm', invocation: invocation.slice(0, 300), detail };
}

// Two commands with the same text are one finding only when they are the same command: a loop's
// body run once per value (`for ws in staging prod; do terraform workspace select "$ws" &&
// terraform destroy; done`) or the same text after another switch may act in two places. The
// engine folds those whose targets come out the same (engine.ts, sameTarget).
const invIds = new WeakMap<object, number>();
let nextInv = 0;
const invId = (inv: object | undefined): number => {
  if (!inv) return -1;
  let id = invIds.get(inv);
  if (id === undefined) invIds.set(inv, (id = nextInv++));
  return id;
};

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.rule}\0${f.invocation}\0${f.detail}\0${invId(f.inv)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export type { LoadedRule };

// For other folders, through here: protected paths (the engine, `countersign mark`), trusted
// snapshots (loaded on demand: only `countersign trust` uses them) and the selftest fixture.
export { listedReason, MARKER, protectedReason, readMarkedRegistry, readProjectRegistry, withRepository, writeProjectPaths, type ProjectPaths } from './paths.js';
export { PATH_SHADOW, withPathShadows } from './load.js';
export { exampleCmd } from './types.js';
export { sqlSources } from './sql/index.js';
export const trust = (): Promise<typeof import('./trust.js')> => import('./trust.js');
export { makeFixture } from './selftest.js';
export type * from './types.js';
export type { Config } from './load.js';
export type { QuickIndex } from './quick.js';
