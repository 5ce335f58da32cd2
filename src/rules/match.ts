// Matching one rule against one invocation. Each invocation is judged on its own: nothing about
// one part of a line can silence another.
import path from 'node:path';
import picomatch from 'picomatch';
import type { Invocation, Word } from '../parse/index.js';
import { ANY_TUNNEL_END, runsElsewhere, tunnelEnds } from '../parse/index.js';
import type { CommandSpec, Finding, MatchSpec, UnlessCreated } from './types.js';
import { LAUNCHER, PATH_SHADOW, SELF, type LoadedRule } from './load.js';
import { checkPathWord, listedReason, protectedReason, type PathContext } from './paths.js';
import { ANY_LINK, mayHaveMade, remoteFileHost, throughLinks, writtenContent } from '../parse/index.js';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { existsView } from '../fs-view.js';
import { classifySql, sqlFromSources, sqlSources } from './sql/index.js';
import { literalStdin } from './stdin.js';
import { findRoots, findSpares, recursiveGlobSpares } from './find.js';
import { readPlan } from './tfplan.js';
import { readBounded, type Read } from './files.js';
import { graphqlMutations, httpRequests, persistedOnly, readStdin, requestSqlHits, RUNTIME_FIELD } from './http/index.js';
import { codeOnStdin, destructiveCalls, inlineCode, localStoresOnly } from './inline/index.js';
import { grammarFor, programFor, readOptions } from '../programs/index.js';
import { crypto } from '../lazy.js';

/** 16 hex digits of a text's SHA-256, for a binding (64 bits: no second text an agent could find
 *  to match). node:crypto loads only when a finding needs it (the full check's start-up stays lean). */
const sha16 = (t: string): string => crypto().createHash('sha256').update(t).digest('hex').slice(0, 16);

export interface MatchContext extends PathContext {
  commands: Record<string, CommandSpec>;
  /** The command's input may be written by the caller (see CheckContext.inputOpen). */
  inputOpen?: boolean;
}

export interface Analysis {
  positionals: Word[];
  /** Normalised flag -> values ('' when it takes none). */
  flags: Map<string, string[]>;
  /** Normalised flag -> the words of its values, so a value only known at run time stays known as such. */
  values: Map<string, Word[]>;
}

const analyses = new WeakMap<Invocation, Map<CommandSpec | undefined, Analysis>>();

/** The entry for a program: the builtin registry's with the config's (packs, team) added. */
export function specFor(name: string, commands: Record<string, CommandSpec>): CommandSpec | undefined {
  return programFor(name, commands);
}

/** Split argv into flags and positionals the way the program reads them (src/programs/read.ts);
 *  after a subcommand with options of its own (`gh api`), with those too. */
export function analyze(inv: Invocation, spec: CommandSpec | undefined): Analysis {
  let perSpec = analyses.get(inv);
  const cached = perSpec?.get(spec);
  if (cached) return cached;
  let res: Analysis = readOptions(inv.argv.slice(1), spec);
  const sub = spec?.subcommands && res.positionals[0]?.value;
  if (sub && spec.subcommands![sub]) res = readOptions(inv.argv.slice(1), grammarFor(spec, sub));
  if (!perSpec) analyses.set(inv, (perSpec = new Map()));
  perSpec.set(spec, res);
  return res;
}

const globCache = new Map<string, (s: string) => boolean>();
function patternTest(p: string): (s: string) => boolean {
  let t = globCache.get(p);
  if (t) return t;
  if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) {
    const re = new RegExp(p.slice(1, -1), 'i');
    t = (s) => re.test(s);
  } else if (/[*?[{]/.test(p)) {
    const m = picomatch(p, { nocase: true, dot: true });
    t = (s) => m(s);
  } else {
    const lower = p.toLowerCase();
    t = (s) => s.toLowerCase() === lower;
  }
  globCache.set(p, t);
  return t;
}

export const list = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

type NameSet = { names: string[]; exact: Set<string>; globs: Array<(s: string) => boolean> };
// Per config (its aliases differ) and rule: builtin rule objects are shared between configs.
const namesCache = new WeakMap<Record<string, CommandSpec>, WeakMap<MatchSpec, NameSet>>();

export function commandNames(m: MatchSpec, commands: Record<string, CommandSpec>): string[] {
  return commandSet(m, commands).names;
}

/** A rule's program names with aliases, split into exact names and globs (cached per rule). */
/** The program names a rule matches (aliases added): exact ones lower-cased, and patterns. */
export function commandSet(m: MatchSpec, commands: Record<string, CommandSpec>) {
  let perConfig = namesCache.get(commands);
  if (!perConfig) namesCache.set(commands, (perConfig = new WeakMap()));
  let c = perConfig.get(m);
  if (!c) {
    const names = list(m.command).flatMap((n) => [n, ...(programFor(n, commands)?.aliases ?? [])]);
    const exact = new Set(names.filter((n) => !/[*?[{]/.test(n)).map((n) => n.toLowerCase()));
    const globs = names.filter((n) => /[*?[{]/.test(n)).map((n) => patternTest(n));
    c = { names, exact, globs };
    perConfig.set(m, c);
  }
  return c;
}

const isRegex = (p: string): boolean => p.length > 2 && p.startsWith('/') && p.endsWith('/');

function wordIs(w: Word, expected: string): boolean {
  if (w.dynamic) return true; // could be anything: fail closed
  // A glob word against a /regex/: the regex reads the word as written too (`gs://b/*` is a
  // gs:// URL whatever the shell does with it).
  if (w.glob) return (isRegex(expected) && patternTest(expected)(w.value)) || picomatch(w.value, { nocase: true })(expected);
  if (isRegex(expected) || /[*?[]/.test(expected)) return patternTest(expected)(w.value);
  // Lengths first: this runs for every word of every rule, and lower-casing allocates.
  return w.value.length === expected.length && (w.value === expected || w.value.toLowerCase() === expected.toLowerCase());
}

/** How many positionals the first subcommand that holds takes up (`clusters delete`: 2); -1: none
 *  holds. Runs for every rule of a program on every line: no per-call splitting or closures. */
function subcommandLength(subs: string | string[], positionals: Word[]): number {
  if (typeof subs === 'string') return holds(subWords(subs), positionals) ? subWords(subs).length : -1;
  for (const s of subs) if (holds(subWords(s), positionals)) return subWords(s).length;
  return -1;
}

function holds(words: string[], positionals: Word[]): boolean {
  for (let i = 0; i < words.length; i++) if (positionals[i] === undefined || !wordIs(positionals[i]!, words[i]!)) return false;
  return true;
}

// Rules' patterns, compiled once (every regex rule of a program is tried on every line).
const regexes = new Map<string, RegExp>();
function regexOf(p: string): RegExp {
  let re = regexes.get(p);
  if (!re) regexes.set(p, (re = new RegExp(p, 'i')));
  return re;
}

const argvTexts = new WeakMap<Invocation, string>();
/** The files argv names with one of `prefixes` (`file://x.json`, `--opt=fileb://x`), read as
 *  the CLI reads them (`~` expanded), or why not. */
function prefixedFiles(inv: Invocation, prefixes: string[]): Read[] {
  const out: Read[] = [];
  for (const w of inv.argv.slice(1)) {
    const v = w.value.startsWith('--') && w.value.includes('=') ? w.value.slice(w.value.indexOf('=') + 1) : w.value;
    const pre = prefixes.find((p) => v.startsWith(p));
    if (!pre) continue;
    let p = v.slice(pre.length);
    const home = inv.vars.HOME ?? process.env.HOME;
    if (p.startsWith('~/') && home) p = path.join(home, p.slice(2));
    if (w.dynamic || p.includes('$')) out.push({ unknown: `${v} is only known at run time` });
    else out.push(readBounded(p, inv.cwd));
  }
  return out;
}

/** A file named by an earlier command on the line that may have written it (an in-place editor,
 *  a program that writes the files its words name) but isn't on disk or recorded with content:
 *  its path and null (the content is unknown), when its path matches `re`. */
function editedUnseen(inv: Invocation, re: RegExp, keep: (abs: string) => boolean = () => true): [string, null] | undefined {
  for (const t of inv.written?.texts ?? []) {
    if (t.startsWith('\0') && !t.startsWith('\0named:')) continue;
    for (const w of t.replace(/^\0named:/, '').split(/\s+/)) {
      if (!w || w.startsWith('-') || /[$`*?]/.test(w)) continue;
      const abs = path.resolve(inv.cwd ?? '/', w);
      if (re.test(abs) && !inv.written!.files.has(abs) && writtenContent(inv.written, abs) === null && keep(abs)) return [abs, null];
    }
  }
  return inlineEdit(inv, re);
}

/** A value that turns a setting off or clears it: a resource the program makes only when the
 *  setting is on (`if (cfg.getBoolean("cache"))`) goes. */
const CLEARING = /^(["']?)(false|no|off|0|null|none|nil|~|disabled?|)\1$/i;
/** One setting's whole value, `KEY: VALUE`, `KEY = VALUE`, `KEY=VALUE` or `"KEY": VALUE` (YAML,
 *  TOML, dotenv, JSON, a config object's member), as a sed pattern or replacement: the key and
 *  the value ('' for `.*`), or undefined. */
function setting(s: string): { key: string; sep: string; value: string } | undefined {
  const m = /^\^?(\s*)("?)([A-Za-z_][\w.:\/@-]*)\2(\s*[:=]\s*)("[^"\\$`]*"|'[^'\\$`]*'|[\w.:@\/+-]*|\.\*)\$?,?$/.exec(s);
  if (!m || (m[2] && !m[4]!.includes(':'))) return undefined;
  return { key: m[2] + m[3]! + m[2], sep: m[4]!.trim(), value: m[5] === '.*' ? '' : m[5]! };
}
/** `s/KEY: OLD/KEY: NEW/` (g or no flag): the same key's value set to a plain value that doesn't
 *  clear it. */
function sedValueSet(script: string): boolean {
  const d = script[1];
  if (script[0] !== 's' || !d || /[\\\n\s\w]/.test(d)) return false;
  const parts = script.slice(2).split(d);
  if (parts.length !== 3 || !/^g?$/.test(parts[2]!)) return false;
  const a = setting(parts[0]!);
  const b = setting(parts[1]!);
  return !!a && !!b && a.key === b.key && a.sep === b.sep && !CLEARING.test(b.value);
}
/** `yq -i '.config."app:replicas" = 3' FILE` (several joined by `|`): each a path set to a plain
 *  value that doesn't clear it (no del, no `|=` update, nothing computed). */
function yqValueSet(expr: string): boolean {
  return expr.split('|').every((e) => {
    const m = /^\s*(\.[\w."':\/\[\]-]+)\s*=\s*("[^"\\$`]*"|'[^'\\$`]*'|[\w.:@\/+-]+)\s*$/.exec(e);
    return !!m && !CLEARING.test(m[2]!);
  });
}
/** Every command earlier on the line that names `abs` sets values in it and nothing else
 *  (sedValueSet, yqValueSet), and nothing else on the line may have written it. */
function valueSetsOnly(inv: Invocation, abs: string): boolean {
  const sets: string[] = [];
  for (const o of inv.line?.all.slice(0, inv.line.at) ?? []) {
    const words = o.argv.slice(1);
    const names = (w: Word): boolean => !w.dynamic && path.resolve(o.cwd ?? inv.cwd ?? '/', w.value) === abs;
    if (!words.some(names) && !o.redirects.some((r) => r.target && names(r.target))) continue;
    if (o.redirects.length || words.some((w) => w.dynamic || w.glob)) return false;
    const opts = words.filter((w) => w.value.startsWith('-'));
    const rest = words.filter((w) => !w.value.startsWith('-'));
    let ok = false;
    if (o.name === 'sed' || o.name === 'gsed') {
      const scripts: string[] = [];
      for (let i = 0; i < words.length; i++) if (words[i]!.value === '-e' || words[i]!.value === '--expression') scripts.push(words[++i]?.value ?? '');
      const es = scripts.length > 0;
      const files = es ? rest.filter((w) => !scripts.includes(w.value)) : rest.slice(1);
      if (!es && rest[0]) scripts.push(rest[0].value);
      ok = opts.every((w) => /^(-i|--in-place|-E|-r|--regexp-extended|-e|--expression)$/.test(w.value)) && opts.some((w) => /^(-i|--in-place)$/.test(w.value)) && scripts.length > 0 && scripts.every(sedValueSet) && files.every(names);
    } else if (o.name === 'yq') {
      ok = opts.every((w) => /^(-i|--inplace)$/.test(w.value)) && opts.length === 1 && rest.length === 2 && yqValueSet(rest[0]!.value) && names(rest[1]!);
    }
    if (!ok) return false;
    // Its record: its words (a generic write), or the files it names (sed's NAMED entry).
    sets.push(o.argv.map((w) => w.value).join(' '), words.filter(names).map((w) => w.value).join(' '));
  }
  if (!sets.length || !inv.written) return false;
  // What the record says without those edits: nothing else wrote the file.
  const texts = inv.written.texts.filter((t) => !sets.includes(t.replace(/^\0named:/, '')));
  return writtenContent({ ...inv.written, files: new Map([...inv.written.files].filter(([k]) => k !== abs)), texts }, abs) === undefined;
}

/** rt26b: inline code earlier on the line (`python3 - <<'PY'`, `node -e`, `ruby -e`) that writes
 *  and names, in a string, a file `re` matches (`pathlib.Path("main.tf").write_text(...)`): the
 *  record can't say what it wrote, so the file counts as edited with content that can't be seen. */
const INLINE = /^(python[\d.]*|pypy3|node|nodejs|bun|deno|ruby|perl|php)$/;
const INLINE_WRITES = /\b(write\w*|open\s*\([^)]*['"][wa+]|File\.write|IO\.write|file_put_contents|rename\w*)\b/;
function inlineEdit(inv: Invocation, re: RegExp): [string, null] | undefined {
  for (const o of inv.line?.all.slice(0, inv.line.at) ?? []) {
    if (!INLINE.test(o.name)) continue;
    const s = o.stdin;
    const code = [...o.argv.slice(1).map((w) => w.value), s && (s.kind === 'heredoc' || s.kind === 'herestring') && s.text !== undefined ? s.text : ''].join('\n');
    if (!INLINE_WRITES.test(code)) continue;
    for (const m of code.matchAll(/(["'])([^"'\n\s]+)\1/g)) {
      const abs = path.resolve(o.cwd ?? inv.cwd ?? '/', m[2]!);
      if (re.test(abs)) return [abs, null];
    }
  }
  return undefined;
}

/** The first word of an earlier rm, unlink, shred -u, git rm, mv (a source) or find -delete (a
 *  name it selects) on the line that matches `re`, as written (`infra/*.tf`). */
function removedEarlier(inv: Invocation, re: RegExp): string | undefined {
  for (const o of inv.line?.all.slice(0, inv.line.at) ?? []) {
    let words = o.argv.slice(1).filter((w) => !w.value.startsWith('-'));
    if (o.name === 'find') {
      // `find . -name '*.tf' -delete`: the names it deletes.
      if (!o.argv.some((w) => w.value === '-delete')) continue;
      words = o.argv.filter((w, i) => i > 0 && /^-i?(name|path|wholename)$/.test(o.argv[i - 1]!.value));
    } else if (o.name === 'git') {
      if (words[0]?.value !== 'rm' || o.argv.some((w) => w.value === '--cached')) continue;
      words = words.slice(1);
    } else if (o.name === 'mv') words = words.slice(0, -1);
    else if (o.name === 'shred') {
      if (!o.argv.some((w) => /^(-[a-z]*u|--remove)/.test(w.value))) continue;
    } else if (o.name !== 'rm' && o.name !== 'unlink') continue;
    const hit = words.find((w) => re.test(w.value) || re.test(w.text));
    if (hit) return hit.text;
  }
  return undefined;
}

function argvText(inv: Invocation): string {
  let t = argvTexts.get(inv);
  if (t === undefined) argvTexts.set(inv, (t = inv.argv.map((w) => w.value).join(' ')));
  return t;
}

const splitSubs = new Map<string, string[]>();
function subWords(s: string): string[] {
  let w = splitSubs.get(s);
  if (!w) splitSubs.set(s, (w = s.split(/\s+/)));
  return w;
}

export interface Hit {
  detail: string;
  resource?: string;
  /** The rule's input (SQL, a request body) can't be seen: one such finding per invocation. */
  unseen?: boolean;
  /** The command acts somewhere other than the words say (a proxied localhost request): why. */
  elsewhere?: string;
  /** Unseen only because a file it reads isn't there now (rules/files.ts): see Finding.absent. */
  absent?: boolean;
  /** The operands after the subcommand words a spec (or its any-of alternative) matched: what an
   *  enclosing spec names its resource from, never the subcommand words themselves. */
  rest?: Word[];
}

/** The commands piped into inv, nearest last (`a | b | xargs c` -> `a | b`), as their words. */
function feedText(inv: Invocation): string | undefined {
  const out: string[] = [];
  let cur = inv;
  for (let hop = 0; hop < 8 && cur.stdin?.kind === 'pipe' && cur.stdin.producer; hop++) {
    cur = cur.stdin.producer;
    out.unshift(argvText(cur));
  }
  return out.length ? out.join(' | ') : undefined;
}

/** A word appended at run time (Invocation.moreArgs): only known then. */
const FROM_INPUT: Word = { value: '', dynamic: true, glob: false, text: '' };

/** Does the match spec hold for this invocation? Returns what matched. */
export function matchSpec(m: MatchSpec, inv: Invocation, outer: MatchContext, inherited?: string | string[], nested = false): Hit | undefined {
  // Paths are relative to where this command runs (after any `cd` earlier in the line).
  // Paths through links the line made first are checked as what they point at (rules/paths.ts).
  const cs = commandSet(m, outer.commands);
  if (cs.names.length && !cs.exact.has(inv.name) && !cs.globs.some((g) => g(inv.name))) return undefined;
  const links = inv.written?.links;
  const ctx = inv.cwd === outer.cwd && !inv.written ? outer : { ...outer, cwd: inv.cwd, links, written: inv.written };
  const spec = specFor(inv.name, ctx.commands);
  const an = analyze(inv, spec);
  // `git stash clear --help`, `terraform destroy -help`: it prints its help and runs nothing
  // (registry: `help`). A redirect on the line still truncates, so redirect rules still look.
  if (!m.redirect && spec?.help?.some((f) => an.flags.has(f))) return undefined;
  // find's operands are its start points, `.` when none is written (`find -delete` deletes where
  // it runs); the words of its expression are not paths.
  let rest = inv.name === 'find' ? findRoots(inv) : an.positionals;
  let detail = '';
  let resource: string | undefined;
  let unseen = false;
  let absent = false;
  let elsewhere: string | undefined;

  const subs = m.subcommand ?? inherited;
  if (subs !== undefined) {
    const n = subcommandLength(subs, an.positionals);
    if (n < 0) return undefined;
    rest = an.positionals.slice(n);
  }
  // Alternatives that each name a subcommand, none of which this is (`git bisect reset` for
  // `git stash push -- data`): no match, before the costlier checks (protected paths) below.
  if (subs === undefined && m['any-of']?.every((a) => a.subcommand !== undefined && subcommandLength(a.subcommand, an.positionals) < 0)) return undefined;
  if (m.flags && !flagsHold(m.flags, an.flags)) return undefined;
  // With no operand written, the ones xargs (or find -exec {} +) appends at run time are all it
  // gets: names (argsHold). `vercel ls | awk … | xargs -n1 vercel rm --yes` names its
  // projects only then. (With one written, `xargs kubectl delete pod`, the input adds names to it.)
  if (m.args && !argsHold(m.args, inv.moreArgs && !rest.length ? [FROM_INPUT] : typedNames(spec, an, rest))) return undefined;
  if (m.vars && !varsHold(m.vars, inv)) return undefined;
  if (m.scratch && !scratchHolds(m.scratch, an, rest, inv, ctx)) return undefined;
  if (m.fresh && !freshHolds(m.fresh, an, rest)) return undefined;
  if (m.unique && !uniqueHolds(m.unique, an, rest, inv)) return undefined;
  if (m['caller-input'] && !(ctx.inputOpen && inv.callerInput && !inv.fromDisk)) return undefined;
  if (m['unless-created'] && [m['unless-created']].flat().some((u) => unlessCreatedHolds(u, an, rest, inv, cs, ctx))) return undefined;
  if (m.stdin === 'literal') {
    const what = literalStdin(inv);
    if (!what) return undefined;
    detail = `its input is ${what}`;
  }
  if (m.remote) {
    const where = runsElsewhere(inv);
    if (!where) return undefined;
    detail = `${inv.argv.map((w) => w.text).join(' ')} (runs ${where})`;
  }
  if (m.tfplan) {
    const file = rest[0];
    if (!file) return undefined;
    const r = file.dynamic ? { unknown: `the plan file ${file.text} is only known at run time` } : readPlan(file.value, inv.cwd);
    if ('safe' in r) return undefined;
    if ('unknown' in r) { detail = `it applies a saved plan that can't be read here: ${r.unknown}`; unseen = true; }
    else detail = r.destroys;
    resource = file.value;
  }
  if (m.regex) {
    let text = argvText(inv);
    if (m['regex-written']) {
      // The words as written, the wrappers it runs under (`dotenv -e .env.production --`, `ssh
      // prod-app`) and the files sourced before it on the line (`set -a; . .env.production`).
      const more = [inv.argv.filter((w) => w.dynamic || w.unset !== undefined).map((w) => w.text).join(' ')];
      // `line` (rt26b): also a value the line computes for it, as written (`DATABASE_URL=$(heroku
      // config:get DATABASE_URL -a shop-prod) dbmate rollback`), and the commands whose output
      // earlier assignments took (`export DATABASE_URL=$(railway variables -e production …) && …`):
      // for words that say where it acts, not what (a daemon named in a port-forward's `$( )` is
      // not the process `kill "$pid"` stops).
      const line = m['regex-written'] === 'line';
      if (line) more.push(...inv.assignments.filter((a) => a.value.dynamic).map((a) => `${a.name}=${a.value.text}`));
      for (let v = inv.via; v; v = v.via) more.push(argvText(v));
      for (const o of inv.line?.all.slice(0, inv.line.at) ?? []) if (o.name === 'source' || o.name === '.' || (line && o.origin.includes('$()'))) more.push(argvText(o));
      text += `\n${more.join('\n')}`;
    }
    // Code on stdin (a terminal is a person typing: nothing to read now).
    const input = m['regex-stdin'] && inv.stdin && (m['regex-stdin'] !== 'code' || codeOnStdin(inv)) ? readStdin(inv) : undefined;
    if (input && 'text' in input) text += `\n${input.text}`;
    const files = m['regex-files'] ? prefixedFiles(inv, m['regex-files']) : undefined;
    for (const f of files ?? []) if ('text' in f) text += `\n${f.text}`;
    const unread = files?.find((f): f is { unknown: string } => 'unknown' in f);
    if (input && 'unknown' in input) { detail = `it runs code from stdin that can't be seen here: ${input.unknown}`; unseen = true; }
    else if (regexOf(m.regex).test(text)) { if (unread) unseen = true; }
    else if (unread) { detail = `its parameters come from a file that can't be read here: ${unread.unknown}`; unseen = true; }
    else return undefined;
  }
  if (m['written-file']) {
    const re = new RegExp(m['written-file'].path);
    const files = [...(inv.written?.files ?? [])].filter(([abs]) => re.test(abs));
    const ign = m['written-file'].ignore;
    const hit = files.find(([, c]) => c !== null && regexOf(m['written-file']!.content).test(ign ? c.replace(new RegExp(ign, 'gi'), ' ') : c));
    // A file that isn't there now, edited in place earlier on the line (`sed -i '/x/d' main.tf`):
    // the line was written for a project that has it, and what the edit left can't be seen.
    // `settings` (rt27k): a settings file (a Pulumi stack's Pulumi.prod.yaml, CDK context) whose
    // only change on the line is a value set (valueSetsOnly) is as `pulumi config set`: no resource
    // goes by itself. A key deleted, the file emptied or rewritten by code still counts.
    const st = m['written-file'].settings;
    const keep = (abs: string): boolean => !(st && new RegExp(st).test(abs) && valueSetsOnly(inv, abs));
    const unread = files.find(([a, c]) => c === null && keep(a)) ?? editedUnseen(inv, re, keep);
    if (hit) detail = `it applies ${hit[0]}, which this line writes first`;
    else if (unread) { detail = `it applies ${unread[0]}, which this line writes first with content that can't be seen here`; unseen = true; }
    else return undefined;
  }
  if (m['package-bins']) {
    const hit = packageBins(inv, m['package-bins']);
    if (!hit) return undefined;
    detail = hit.detail;
    resource = hit.resource;
  }
  if (m.earlier) {
    const re = regexOf(m.earlier);
    const hit = inv.line?.all.slice(0, inv.line.at).find((o) => re.test(argvText(o)));
    if (!hit) return undefined;
    detail = `it runs after \`${argvText(hit).slice(0, 80)}\` earlier on the line`;
  }
  if (m['removed-file']) {
    const gone = removedEarlier(inv, new RegExp(m['removed-file']));
    if (!gone) return undefined;
    detail = `it runs after \`${gone}\` is removed earlier on the line`;
  }
  if (m['regex-input']) {
    const feed = inv.moreArgs ? feedText(inv) : undefined;
    if (feed === undefined || !regexOf(m['regex-input']).test(feed)) return undefined;
    detail = `its arguments come from \`${feed.slice(0, 120)}\``;
  }
  if (m['regex-producer']) {
    // Only a producer that is all its pipe element runs, its output alone (no stderr joined).
    const s = inv.stdin?.kind === 'pipe' ? inv.stdin : undefined;
    const p = s?.producer;
    if (!s || !p || s.stderr || p.opaque || (s.ran && (s.ran.length !== 1 || s.ran[0] !== p))) return undefined;
    const words = argvText(p);
    const got = regexOf(m['regex-producer']).exec(words);
    if (!got) return undefined;
    detail = `its input is what \`${words.slice(0, 120)}\` prints`;
    // A group named `name` in the regex: what the producer names (the object replaced).
    if (got.groups?.name) resource = got.groups.name;
  }
  if (m.paths) {
    const words =
      m.paths.from === 'all'
        ? inv.argv.slice(1).filter((w) => !w.value.startsWith('-') || w.dynamic)
        : m.paths.from === 'flag-values'
          ? flagValueWords(inv, an, m.paths.flags ?? [])
          : m.paths.from === 'last'
            ? [...flagValueWords(inv, an, m.paths.flags ?? []), ...rest.slice(-1)]
            : m.paths.flags
              ? [...flagValueWords(inv, an, m.paths.flags), ...rest]
              : rest;
    // `mv -t DIR SRC...` (`--target-directory`): every operand lands in DIR.
    const tdir = LANDS_BY_NAME.has(inv.name) ? words.find((w) => (an.flags.get('-t') ?? an.flags.get('--target-directory') ?? []).includes(w.value)) : undefined;
    const dest = tdir ?? (rest.length > 1 ? rest[rest.length - 1] : undefined);
    const into = dest && words.includes(dest) ? landedIn(inv, an, rest, ctx, !!m.paths.existing, tdir) : undefined;
    if (into) words.splice(words.indexOf(dest!), 1, ...into);
    let why: string | undefined;
    // Every operand that hits, and then the widest one shown: `rm -rf data/sub data` must not
    // read "data/sub is inside protected data" (the phrase `delete data/sub`) while all of data goes.
    const hits: Array<{ why: string; resource: string }> = [];
    for (const w of words) {
      if (m.paths.existing && newDataFile(w, inv, ctx)) continue;
      if (m.paths.existing && m.paths.from === 'last' && !tdir && BACKUP_COPIERS.has(inv.name) && backupBeside(rest, w, ctx)) continue;
      // rsync/scp `[user@]host:path` and `rsync://` name another machine's files, not ours
      // (rules of their own judge those: filesystem/rsync-delete-remote).
      if ((inv.name === 'rsync' || inv.name === 'scp') && !w.dynamic && remoteFileHost(w.value) !== undefined) continue;
      // An empty operand (`rm -rf "$unset"`) names no file: the C utilities fail on it. Not
      // Node's (path.resolve('') is the directory it runs in), not an option's value (`git -C ""`).
      // Only in this shell: a program between (npm, make, sudo, a container) may give the
      // variable a value this line doesn't show (npm's $npm_package_*, $INIT_CWD).
      if (w.value === '' && !w.dynamic && !w.glob && EMPTY_FAILS.has(inv.name) && inv.origin.every((o) => typeof o === 'string' && SHELL_STEPS.test(o)) && (rest.includes(w) || inv.argv.includes(w))) continue;
      if (containerOwn(inv, w)) continue;
      why = m.paths.self ? selfPathReason(w, ctx, !RUNNERS_OF_PATHS.has(inv.name)) : checkPathWord(w, ctx);
      if (why && !m.paths.self && (inv.name === 'find' || inv.via?.name === 'find' || w.listedBy?.name === 'find') && sparedByFind(inv, w, why, ctx)) why = undefined;
      // `rm -rf build/` where build links to data: the phrase names data (what goes), not the link's name.
      const real = why ? / is ((?:\/|~\/)[^:]*?) through (?:a symlink|a link made earlier in the line): /.exec(why)?.[1] : undefined;
      if (why) hits.push({ why, resource: real ?? (w.value === '' ? '.' : w.value) });
      why = undefined;
    }
    // `tar -xf t.tar -C ~/.local/bin`: whatever names the archive holds land on PATH, ahead of the
    // programs found later (`rm`, `git`) or in place of the `node` that runs countersign.
    if (m.paths.into && !hits.length) {
      const dirs = words.length ? words : ctx.cwd !== undefined ? [{ value: ctx.cwd, text: '.', dynamic: false, glob: false } as Word] : [];
      for (const w of dirs) {
        const why = w.dynamic || w.glob ? undefined : pathDirWhy(w.value, ctx);
        if (why) {
          hits.push({ why, resource: w.value });
          break;
        }
      }
    }
    const widest = hits.find((h) => !/ is inside (protected|marked|a protected)/.test(h.why)) ?? hits[0];
    if (widest) {
      why = hits.length > 1 ? `${widest.why} (and ${hits.length - 1} more: ${hits.filter((h) => h !== widest).slice(0, 3).map((h) => h.resource).join(', ')}${hits.length > 4 ? ', …' : ''})` : widest.why;
      resource = widest.resource;
    }
    if (!why && inv.moreArgs && !m.paths.self) why = 'paths are added at run time (from its input)';
    if (!why) return undefined;
    detail = why;
  }
  if (m.redirect) {
    const why = redirectHit(inv, ctx, m.redirect);
    if (!why) return undefined;
    detail = why.detail;
    resource = why.resource;
  }
  if (m.sql) {
    const from = m['sql-from'];
    const h = sqlHit(inv, m.sql, from && { from, values: (f) => an.values.get(f) ?? [], args: rest });
    if (!h) return undefined;
    detail = h.detail;
    resource = h.resource;
    unseen ||= !!h.unseen;
    if (h.absent) absent = true;
  }
  if (m.http) {
    const h = httpHit(inv, m.http);
    if (!h) return undefined;
    detail = h.detail;
    resource = h.resource;
    unseen ||= !!h.unseen;
    elsewhere = h.elsewhere;
  }
  if (m['local-stores']) {
    const c = inlineCode(inv);
    if (!c || 'unknown' in c || c.lang !== 'python' || !localStoresOnly(c.code)) return undefined;
  }
  if (m.code) {
    const c = inlineCode(inv);
    if (!c || 'unknown' in c) return undefined;
    // Like rm: a literal path that isn't protected stays quiet; an unknown one pauses.
    const calls = destructiveCalls(c).filter((h) => {
      if (!m.code!.some((p) => patternTest(p)(h.what))) return false;
      // On another machine (`remote: true`) this machine's protected paths don't apply: as
      // filesystem/rm-remote, a delete there counts unless it is inside a temp dir or /var/cache.
      if (m.remote) return h.kind === 'delete' && (h.arg === undefined || !REMOTE_SCRATCH.test(h.arg));
      // Code read from disk: a path only known at run time is not a finding (types.ts, fromDisk).
      if (h.arg === undefined && h.prefix !== undefined && !/[*?[]/.test(h.prefix)) {
        // `tmp/${i}.json`: some path starting so, judged as the shell word `tmp/$X.json` is.
        const p = envArg(h.prefix, inv);
        if (p === undefined) return !inv.fromDisk;
        return !!checkPathWord({ value: `${p}$X`, dynamic: true, glob: false, text: `${h.prefix}…` }, ctx) && !inv.fromDisk;
      }
      if (h.arg === undefined) return !inv.fromDisk;
      const v = envArg(h.arg, inv);
      if (v === undefined) return !inv.fromDisk;
      const w: Word = { value: v, dynamic: false, glob: !!h.glob, text: h.arg };
      // `for p in Path('.').rglob('__pycache__'): shutil.rmtree(p)`: as `find . -name __pycache__ -delete`.
      if (h.glob && ctx.cwd !== undefined && recursiveGlobSpares(path.resolve(ctx.cwd, v.replace(/^~(?=\/|$)/, ctx.home)), ctx)) return false;
      // A file written where none is (`open('data/export.csv', 'w')`, `.once data/out.csv`) is a
      // new file, as with `paths.existing`.
      if (h.kind === 'overwrite' && newDataFile(w, inv, ctx)) return false;
      return !!checkPathWord(w, ctx);
    });
    if (!calls.length) return undefined;
    detail = calls.map((h) => `${h.what}(${h.arg ?? (h.prefix !== undefined ? `${h.prefix}…` : '…')})`).join(', ');
    resource = calls[0]!.arg;
  }
  const sub = m.subcommand ?? inherited;
  if (m['any-of']) {
    const alt = m['any-of'].map((a) => matchSpec(a, inv, ctx, sub, true)).find(Boolean);
    if (!alt) return undefined;
    if (!detail) detail = alt.detail;
    resource ??= alt.resource;
    if (alt.rest) rest = alt.rest;
    unseen ||= !!alt.unseen;
    if (alt.absent) absent = true;
    elsewhere ??= alt.elsewhere;
  }
  if (m.not && matchSpec(m.not, inv, ctx, sub, true)) return undefined;
  // A word that reads as an option names nothing, even after `--` (`drbdadm -- --overwrite-data-of-peer
  // primary r0` hands it on to another program's options).
  // Nor does a word the rule matches as its action (`drbdadm -- … primary r0`, `compose … down`).
  const action = actionWords(m);
  const names = rest.filter((w) => w.dynamic || (!w.value.startsWith('-') && !action.has(w.value.toLowerCase())));
  // Named once, by the outermost spec: an alternative hands its operands up (`rest`).
  if (!resource && names.length && !m.paths && !nested) resource = names.slice(0, 3).map((w) => w.value).join(' ');
  const hit: Hit = { detail: detail || inv.argv.map((w) => w.value).join(' ').slice(0, 200) };
  if (resource) hit.resource = resource;
  if (subs !== undefined || rest !== an.positionals) hit.rest = rest;
  if (unseen) hit.unseen = true;
  if (absent) hit.absent = true;
  if (elsewhere) hit.elsewhere = elsewhere;
  return hit;
}

const actions = new WeakMap<MatchSpec, Set<string>>();
/** The literal words a spec matches as the action (its subcommands', its any-of alternatives',
 *  its `args` any/all): they say what is done, never what it is done to. */
function actionWords(m: MatchSpec): Set<string> {
  let set = actions.get(m);
  if (set) return set;
  set = new Set<string>();
  const add = (spec: MatchSpec): void => {
    const subs = spec.subcommand === undefined ? [] : Array.isArray(spec.subcommand) ? spec.subcommand : [spec.subcommand];
    for (const s of subs) for (const w of subWords(s)) if (!/^\/.*\/$|[*?[]/.test(w)) set!.add(w.toLowerCase());
    // A regex rule's keywords are its action words too (`compose … rm -v db` names db, not rm).
    for (const w of [...(spec.args?.any ?? []), ...(spec.args?.all ?? []), ...(spec.regex ? spec.keywords ?? [] : [])]) if (/^[a-z][a-z-]*$/i.test(w)) set!.add(w.toLowerCase());
    for (const a of spec['any-of'] ?? []) add(a);
  };
  add(m);
  actions.set(m, set);
  return set;
}

// Programs whose last operand, a directory, receives each source under its own name.
const LANDS_BY_NAME = new Set(['cp', 'mv', 'install', 'ln', 'rsync', 'ditto', 'adb']);

/** `cp notes.txt /tmp/`, `mv a.log old/`: a file copied or moved into a directory lands at
 *  DIR/NAME, so a directory that only holds protected data further down (a repo under /tmp) is
 *  judged by the names that land in it. A source only known at run time, a contents copy (`src/.`,
 *  rsync's `src/`, aws s3 --recursive or sync) or -T keeps the directory itself; undefined then. */
function landedIn(inv: Invocation, an: Analysis, rest: Word[], ctx: MatchContext, intoData = false, tdir?: Word): Word[] | undefined {
  const aws = inv.name === 'aws' && an.positionals[0]?.value === 's3' && /^(cp|mv)$/.test(an.positionals[1]?.value ?? '') && !an.flags.has('--recursive');
  if (!LANDS_BY_NAME.has(inv.name) && !aws) return undefined;
  if (an.flags.has('-T') || an.flags.has('--no-target-directory')) return undefined;
  const dest = tdir ?? rest[rest.length - 1]!;
  const sources = tdir ? rest : aws ? rest.slice(-2, -1) : rest.slice(0, -1);
  if (dest.dynamic || dest.glob || !sources.length) return undefined;
  const home = dest.value === '~' || dest.value.startsWith('~/') ? ctx.home + dest.value.slice(1) : dest.value;
  const abs = path.resolve(ctx.cwd ?? '/', home);
  if (ctx.cwd === undefined && !path.isAbsolute(home)) return undefined;
  let dir = dest.value.endsWith('/');
  try {
    dir ||= statSync(abs).isDirectory();
  } catch {
    // not there: the copy is named DEST itself
  }
  if (!dir) return undefined;
  // Into protected data itself (`cp README.md data/`): the directory is what is judged, unless the
  // rule judges new files apart (`existing`): then each name that lands there is.
  const under = (p: string): boolean => abs === p || abs.startsWith(p.endsWith('/') ? p : `${p}/`);
  if (!intoData && (ctx.protectedPaths.some((p) => p.kind === 'subtree' && under(p.path)) || (ctx.marked ?? []).some(under))) return undefined;
  const out: Word[] = [];
  for (const s of sources) {
    const name = path.posix.basename(s.value.replace(/\/+$/, ''));
    // A source only known at run time still lands under its written last name when the word is
    // one double-quoted string (no splitting) ending in `/NAME` outside any expansion:
    // `cp "$(ls -d /mnt/backup-*)/report.csv" ~/` lands at ~/report.csv.
    const knownName = !s.dynamic || (/^"[^"]*"$/.test(s.text) && /\/[\w.@+,=-]+$/.test(s.value) && /^[\w.@+,=-]+$/.test(name));
    if (!knownName || !name || name === '.' || name === '..' || (inv.name === 'rsync' && s.value.endsWith('/'))) return undefined;
    out.push({ value: path.posix.join(dest.value, name), dynamic: false, glob: s.glob, text: dest.text });
  }
  return out;
}

/** A path the code reads from the environment (`$X/sub`, from os.environ['X'] or process.env.X)
 *  as the program will see it: the variables the line set (`X=data python3 -c ...`) and the
 *  environment; undefined (unknown: pause) when the line can't tell. `$HOME` stays `~`. */
function envArg(arg: string, inv: Invocation): string | undefined {
  const m = /^\$(\w+)(.*)$/s.exec(arg);
  if (!m) return arg;
  const [, name, rest] = m as unknown as [string, string, string];
  if (name === 'HOME') return `~${rest}`;
  if (inv.unknownVars?.includes(name) || inv.unknownVars?.includes('*')) return undefined;
  // A temporary directory (python's tempfile.gettempdir()) with none of its variables set: /tmp.
  if (name === 'TMPDIR' && !['TMPDIR', 'TEMP', 'TMP'].some((k) => inv.vars[k] !== undefined || inv.unknownVars?.includes(k))) return `/tmp${rest}`;
  const v = inv.vars[name];
  return v === undefined ? undefined : v + rest;
}

/** `docker run --rm -v "$PWD/backups":/in:ro alpine sh -c 'mkdir /restore && tar xzf /in/x.tgz -C
 *  /restore'`: a command walked in a container with host directories mounted (their paths
 *  rewritten to the host's) names a path under none of them and above none: the container's own
 *  file, not this machine's (rt25fp1). Only when the mounts are all the run reaches (the origin
 *  lists them), the container step is the last place the command runs, no link was made on the
 *  line, and the path is not under /dev, /proc or /sys. */
function containerOwn(inv: Invocation, w: Word): boolean {
  const typed = inv.origin.filter((o): o is Exclude<typeof o, string> => typeof o !== 'string');
  const box = typed.at(-1);
  if (box?.kind !== 'container' || !box.mounts || !box.hosts?.length) return false;
  if (w.dynamic || !w.value.startsWith('/') || inv.written?.links?.size) return false;
  const i = w.glob ? w.value.search(/[*?[]/) : -1;
  const p = path.posix.normalize(i < 0 ? w.value : w.value.slice(0, w.value.lastIndexOf('/', i) + 1) || '/').replace(/(.)\/+$/, '$1');
  if (p === '/' || /^\/(dev|proc|sys)(\/|$)/.test(p)) return false;
  const within = (a: string, b: string): boolean => a === b || a.startsWith(b.endsWith('/') ? b : b + '/');
  // Under no mount's host path, above none, and above no mount's target (`rm -rf /srv` with
  // `-v data:/srv/in` empties the mount).
  return box.hosts.every((m) => !within(p, m.host) && !within(m.host, p) && !within(m.target, p));
}

/** Wrappers that exec one command and exit with its status. */
const STATUS_WRAPPERS = new Set(['npx', 'bunx', 'pnpx', 'sudo', 'doas', 'env', 'nice', 'ionice', 'stdbuf', 'command', 'exec', 'time', 'nohup', 'chronic']);

/** One `unless-created` entry: this command is one it covers (`for`, `none`), the thing it acts on
 *  is its only operand (`only`) or its option's only value (`option`), and createdFirst holds. */
function unlessCreatedHolds(u: UnlessCreated, an: Analysis, rest: Word[], inv: Invocation, cs: ReturnType<typeof commandSet>, ctx: MatchContext): boolean {
  if (u.for !== undefined && subcommandLength(u.for, an.positionals) < 0) return false;
  if (u['none-here']?.some((f) => an.flags.has(f))) return false;
  if (u.option !== undefined) {
    // A plain name only: a value that may be a pattern (`kafka-topics --delete --topic 'a.b'`
    // deletes every topic the regex matches) names more than the line made.
    const vals = an.values.get(u.option) ?? [];
    if (vals.length !== 1 || vals[0]!.dynamic || !/^[\w-]+$/.test(vals[0]!.value) || (u.only && rest.length > 0)) return false;
    return createdFirst(u, inv, vals[0], cs, ctx);
  }
  const at = u.at ?? 0;
  const dflt: Word | undefined = u.default !== undefined && rest.length === 0 ? { value: u.default, dynamic: false, glob: false, text: u.default } : undefined;
  if (u.only && rest.length !== at + 1 && !dflt) return false;
  return createdFirst(u, inv, rest[at] ?? dflt, cs, ctx);
}

/** `unless-created`: the thing this command acts on (its first operand) was created by a command
 *  of the same program that had to succeed first (`create X && reset X`), with the same scope
 *  options, in the same directory: fresh, nothing of value in it. `;` or `||` prove nothing. */
function createdFirst(spec: UnlessCreated, inv: Invocation, target: Word | undefined, cs: ReturnType<typeof commandSet>, ctx: MatchContext): boolean {
  if (!target || target.dynamic || target.glob || !inv.succeeded?.length) return false;
  // A trap's body runs when the shell exits or gets a signal, which the line's order doesn't
  // decide (rt25k1's twin `set -e; createdb app_test; trap 'dropdb app_test' EXIT`): not proved.
  if (inv.origin.some((o) => typeof o === 'string' && o.startsWith('trap'))) return false;
  const mine = analyze(inv, specFor(inv.name, ctx.commands));
  const same = (a: Analysis, b: Analysis): boolean =>
    (spec.same ?? []).every((o) => {
      const x = a.values.get(o) ?? [];
      const y = b.values.get(o) ?? [];
      // A flag with no value (`--remote`, `--local`): given to both or to neither.
      return a.flags.has(o) === b.flags.has(o) && x.length === y.length && x.every((w, i) => !w.dynamic && !y[i]!.dynamic && w.value === y[i]!.value);
    });
  // `npx wrangler r2 object put … && …`: a wrapper that execs one command exits with its status,
  // so the command it wrapped succeeded too.
  const sure = new Set(inv.succeeded);
  for (const x of inv.line?.all ?? []) if (x.via && sure.has(x.via) && STATUS_WRAPPERS.has(x.via.name)) sure.add(x);
  return [...sure].some((prev) => {
    const env = (i: Invocation): string => JSON.stringify(i.assignments.map((a) => [a.name, a.value.dynamic ? null : a.value.value]));
    // The environment a client reads where it connects (PGHOST, DOCKER_HOST, GIT_DIR): no
    // `export PGHOST=prod` between the create and this command (rt25fp1).
    const shared = (i: Invocation): string => JSON.stringify([Object.entries(i.vars).filter(([k]) => /^[A-Z][A-Z0-9_]*$/.test(k)).sort(), (i.unknownVars ?? []).filter((k) => k === '*' || /^[A-Z]/.test(k)).sort()]);
    // (In an `any-of` alternative with no command of its own: the same program as this one.
    // `program`: the create is that other program, `createdb NAME && dropdb NAME`.)
    const creator = spec.program !== undefined ? list(spec.program).includes(prev.name) : cs.names.length ? cs.exact.has(prev.name) || cs.globs.some((g) => g(prev.name)) : prev.name === inv.name;
    if (prev.cwd !== inv.cwd || env(prev) !== env(inv) || shared(prev) !== shared(inv) || !creator) return false;
    const an = analyze(prev, specFor(prev.name, ctx.commands));
    // A create that only shows what it would do (`kubectl create ns x --dry-run=client`) made nothing.
    // (`-h HOST` is a host to createdb, psql and mysql, not help.)
    if ((an.flags.has('-h') && !an.values.get('-h')?.length) || an.flags.has('--help') || an.flags.has('--dry-run')) return false;
    if (spec.none?.some((f) => an.flags.has(f))) return false;
    if (spec.flag !== undefined && !an.flags.has(spec.flag)) return false;
    const sub = spec.subcommand === undefined ? '' : list(spec.subcommand).find((sub) => sub.split(/\s+/).every((w, i) => an.positionals[i]?.value.toLowerCase() === w.toLowerCase()));
    if (sub === undefined) return false;
    // `operand`: the create's first operand after its sub-command (`turso db create NAME`).
    const operand = an.positionals[sub ? sub.split(/\s+/).length : 0] ?? (spec.default !== undefined ? { value: spec.default, dynamic: false, glob: false, text: spec.default } : undefined);
    if (spec['none-between'] && inv.line && !noneBetween(spec['none-between'], prev, inv, ctx)) return false;
    // `last`: the create's last operand (`aws s3 cp FILE s3://b/k`: the key it wrote).
    const lastOp = an.positionals.length > (sub ? sub.split(/\s+/).length : 0) ? an.positionals[an.positionals.length - 1] : undefined;
    const names = spec.name.flatMap((o) => (o === 'operand' ? (operand ? [operand] : []) : o === 'last' ? (lastOp ? [lastOp] : []) : o === 'copy-dest' ? copyDest(an.positionals.slice(sub ? sub.split(/\s+/).length : 0)) : an.values.get(o) ?? []));
    return names.length > 0 && names.every((w) => !w.dynamic && w.value === target.value) && same(an, mine);
  });
}

/** No invocation of the same program between `prev` and `inv` on the line runs one of `subs`
 *  (word prefixes of its positionals); false when the line's order can't be told. */
function noneBetween(subs: string[], prev: Invocation, inv: Invocation, ctx: MatchContext): boolean {
  const all = inv.line!.all;
  const a = all.indexOf(prev);
  const b = inv.line!.at;
  if (a < 0 || a >= b) return false;
  return all.slice(a + 1, b).every((x) => {
    if (x.name !== inv.name) return true;
    const pos = analyze(x, specFor(x.name, ctx.commands)).positionals;
    return !subs.some((s) => s.split(/\s+/).every((w, i) => pos[i] !== undefined && (pos[i]!.dynamic || pos[i]!.value === w)));
  });
}

/** `copy-dest` (unless-created): the one object a copy of one source made: `mc cp SRC DEST/` makes
 *  DEST/basename(SRC); `mc cp SRC DEST` makes DEST. Several sources, or one known only at run
 *  time, make none to name. */
function copyDest(ops: Word[]): Word[] {
  if (ops.length !== 2) return [];
  const [src, dest] = ops as [Word, Word];
  if (src.dynamic || src.glob || dest.dynamic || dest.glob || src.value.endsWith('/') || !src.value) return [];
  const base = src.value.split('/').pop()!;
  return [dest.value.endsWith('/') ? { ...dest, value: dest.value + base } : dest];
}

function varsHold(spec: Record<string, string[]>, inv: Invocation): boolean {
  for (const [name, pats] of Object.entries(spec)) {
    const a = [...inv.assignments].reverse().find((x) => x.name === name);
    if (a?.value.dynamic) return true;
    const val = a ? a.value.value : inv.vars[name];
    if (val !== undefined && pats.some((p) => patternTest(p)(val))) return true;
  }
  return false;
}

function flagsHold(spec: NonNullable<MatchSpec['flags']>, flags: Map<string, string[]>): boolean {
  const has = (f: string): boolean => {
    const eq = f.indexOf('=', 1);
    if (eq > 0) {
      const vals = flags.get(f.slice(0, eq));
      return !!vals && vals.some((v) => patternTest(f.slice(eq + 1))(v));
    }
    return flags.has(f);
  };
  if (spec.any && !spec.any.some(has)) return false;
  if (spec.all && !spec.all.every(has)) return false;
  if (spec.none && spec.none.some(has)) return false;
  return true;
}

/** After a kind written out (`kubectl delete pod NAME...`, registry: typed-operands), an operand
 *  only known at run time is a name of that kind: it meets the patterns any name meets, not a
 *  kind's (`ns`, `pvc`). A kind with `/` (TYPE/NAME), or one only known at run time, leaves them. */
function typedNames(spec: CommandSpec | undefined, an: Analysis, args: Word[]): Word[] {
  const subs = spec?.['typed-operands'];
  if (!subs?.length) return args;
  const pos = an.positionals;
  let k = -1;
  for (const s of subs) {
    const ws = s.split(' ');
    if (ws.every((w, i) => pos[i] && !pos[i]!.dynamic && pos[i]!.value === w)) k = Math.max(k, ws.length);
  }
  const kind = k >= 0 ? pos[k] : undefined;
  if (!kind || kind.dynamic || kind.glob || !kind.value || kind.value.includes('/') || kind.value.startsWith('-')) return args;
  return args.map((a) => (a.dynamic && pos.indexOf(a) > k ? FROM_INPUT : a));
}

function argsHold(spec: NonNullable<MatchSpec['args']>, args: Word[]): boolean {
  // An operand from the input is some name: it meets the patterns any name meets (a project to
  // remove), not ones that ask for a particular word (a kind: `pvc`, `namespace`).
  const matches = (p: string) => args.some((a) => (a === FROM_INPUT ? patternTest(p)('some-name') : a.dynamic || patternTest(p)(a.value)));
  const matchesStatic = (p: string) => args.some((a) => !a.dynamic && patternTest(p)(a.value));
  if (spec.any && !spec.any.some(matches)) return false;
  if (spec.all && !spec.all.every(matches)) return false;
  if (spec.none && spec.none.some(matchesStatic)) return false;
  return true;
}

/** Directories whose files are scratch (as for SQLite files, targets/database/sqlite.ts). */
const TEMP_ROOTS = ['/tmp', '/var/tmp', '/dev/shm', '/private/tmp', '/private/var/tmp'];

/** Every value of these options is a name mktemp picked on the line (MatchSpec.fresh): an
 *  expansion whose value is mktemp's pattern (parse/walk.ts mktempValue keeps the X's), with no
 *  `..` to climb out of it. */
function freshHolds(names: string[], an: Analysis, rest: Word[]): boolean {
  let seen = 0;
  for (const n of names) {
    const words = n === 'operands' ? rest : an.values.get(n) ?? [];
    for (const w of words) {
      // The name itself or a path under it (`git worktree add "$tmp/wt"`; rt23fp1).
      if (w.dynamic || w.glob || !w.text.includes('$') || w.value.split('/').includes('..') || !/(^|\/)[^/]*X{3,}[^/]*(\/[^/]+)*\/?$/.test(w.value)) return false;
      seen++;
    }
  }
  return seen > 0;
}

/** A part of a name only this run has (MatchSpec.unique): parse/words.ts keeps `$$`, `$RANDOM`,
 *  `$SRANDOM` and `$BASHPID` as that text. Not a wildcard character anywhere (a pattern could
 *  name more). */
const RUN_UNIQUE = /\$(\$|RANDOM\b|SRANDOM\b|BASHPID\b)/;

/** Every value of these options (or, with none given, the `$VAR` the program reads) is a name
 *  mktemp picked or one with a run-time unique part (MatchSpec.unique), and one is given. */
function uniqueHolds(names: string[], an: Analysis, rest: Word[], inv: Invocation): boolean {
  const one = (w: Word): boolean => freshHolds(['operands'], an, [w]) || (!w.dynamic && !w.glob && !/[*?[\]{}]/.test(w.value) && !w.value.split('/').includes('..') && RUN_UNIQUE.test(w.value));
  const words: Word[] = [];
  for (const n of names) {
    if (n === 'operands') words.push(...rest);
    else if (n === 'last') words.push(...rest.slice(-1));
    else if (!n.startsWith('$')) {
      const vals = an.values.get(n);
      if (vals?.length) {
        words.push(...vals);
        continue;
      }
      // An option the program's grammar here doesn't take a value for (compose's -p after
      // `docker compose`): the word after it, or after its `=`.
      inv.argv.forEach((w, i) => {
        if (!w.dynamic && w.value === n) words.push(inv.argv[i + 1] ?? { value: '', dynamic: true, glob: false, text: '' });
        else if (!w.dynamic && w.value.startsWith(`${n}=`)) words.push({ ...w, value: w.value.slice(n.length + 1) });
        else if (!w.dynamic && /^-\w$/.test(n) && w.value.startsWith(n) && w.value.length > 2) words.push({ ...w, value: w.value.slice(2) });
        else if (w.dynamic && w.text.startsWith(n)) words.push(w);
      });
    }
  }
  if (!words.length) {
    for (const n of names.filter((x) => x.startsWith('$'))) {
      const name = n.slice(1);
      if (inv.unknownVars?.includes(name) || inv.unknownVars?.includes('*')) return false;
      const a = [...inv.assignments].reverse().find((x) => x.name === name);
      if (a?.value.dynamic) return false;
      const v = a ? a.value.value : inv.vars[name];
      if (v !== undefined) words.push({ value: v, dynamic: false, glob: false, text: `$${name}` });
    }
  }
  return words.length > 0 && words.every(one);
}

/** Every value of these options is a scratch directory, and one is given (MatchSpec.scratch).
 *  `operands` names the positionals after the subcommand, each up to a `::` (borg's
 *  REPO::ARCHIVE; `::ARCHIVE` alone means the repository comes from the environment: not scratch). */
function scratchHolds(names: string[], an: Analysis, rest: Word[], inv: Invocation, ctx: MatchContext): boolean {
  const under = (p: string, root: string): boolean => p.startsWith(root + '/') && p.length > root.length + 1;
  const outside = (p: string): boolean => !(p === ctx.home || p.startsWith(ctx.home + '/') || (ctx.cwd && (p === ctx.cwd || p.startsWith(ctx.cwd + '/'))) || findGit(p));
  let seen = 0;
  for (const n of names) {
    if (n !== 'operands' && !an.flags.has(n)) continue;
    const words = n === 'operands' ? rest.map((w) => (w.dynamic ? w : { ...w, value: w.value.replace(/::.*$/s, '') })) : an.values.get(n) ?? [];
    if (!words.length) {
      if (n === 'operands') continue;
      return false;
    }
    for (const w of words) {
      if (w.dynamic || w.glob || !w.value) return false;
      const v = w.value.replace(/^~(?=\/|$)/, ctx.home);
      if (!v.startsWith('/') && !ctx.cwd) return false;
      const abs = path.resolve(ctx.cwd ?? '/', v);
      const linked = throughLinks(abs, inv.written?.links);
      if (linked !== abs) return false;
      let real = abs;
      try {
        real = realpathSync(abs);
      } catch {
        // Not there yet: the command makes it.
      }
      if (![abs, real].every((p) => TEMP_ROOTS.some((r) => under(p, r)) && outside(p))) return false;
      // Not when the line may have put something there first (`git worktree move ../wip /tmp/x`,
      // `mv ~/repo /tmp/x`): only an empty directory it makes (mktemp, mkdir) or a worktree it adds.
      if (inv.written && mayHaveMade({ ...inv.written, texts: inv.written.texts.filter((t) => !/^(mktemp|mkdir|touch)(\s|$)|^git worktree add\s/.test(t)) }, abs)) return false;
      seen++;
    }
  }
  return seen > 0;
}

/** Inside a temp dir or /var/cache, with no `..` (rulesets/filesystem.yaml filesystem/rm-remote). */
const REMOTE_SCRATCH = /^(\/tmp|\/var\/tmp|\/dev\/shm|\/data\/local\/tmp|\/var\/cache)\/(?!.*\.\.)[^/]/;

/** A directory (or one above it) holds a .git: it is inside a repository. */
function findGit(p: string): boolean {
  for (let d = p; d !== '/' && d; d = path.dirname(d)) if (existsView(path.join(d, '.git'))) return true;
  return false;
}

function flagValueWords(inv: Invocation, an: Analysis, names: string[]): Word[] {
  const out: Word[] = [];
  for (const n of names) for (const v of an.flags.get(n) ?? []) if (v) out.push({ value: v, dynamic: false, glob: /[*?[]/.test(v), text: v });
  // dd-style key=value operands.
  for (const w of inv.argv.slice(1)) {
    const eq = w.value.indexOf('=');
    if (eq > 0 && names.includes(w.value.slice(0, eq))) out.push({ ...w, value: w.value.slice(eq + 1) });
  }
  return out;
}

/** A word naming something inside countersign's own directories (config, state, program). Only
 *  what is inside counts: a parent (`ls ~`) is not a write there. */
/** Programs that run the program a word names (wrappers, a script handed its command): naming
 *  `countersign` or `node` on PATH there is running it, not writing it. (Any other program naming
 *  it, cp, ln, tee, curl -o, an interpreter's code, may write it.) */
const RUNNERS_OF_PATHS = new Set(['timeout', 'exec', 'env', 'nice', 'nohup', 'setsid', 'stdbuf', 'time', 'command', 'sudo', 'doas', 'xargs', 'watch', 'strace', 'ltrace', 'flock', 'ionice', 'taskset', 'script', 'unbuffer', 'faketime', 'which', 'type', 'file', 'ls', 'stat', 'readlink', 'realpath', 'sha256sum', 'md5sum', 'cat', 'head', 'less']);

function selfPathReason(w: Word, ctx: MatchContext, writer = true): string | undefined {
  // Code handed to an interpreter (`python3 -c "open('…/countersign/config.yaml','a')…"`) names
  // the file inside a word: the directory's text anywhere in it counts. The launchers on PATH
  // (`DIR/countersign`, `DIR/node`) count only where the program may write them.
  const own = writer ? [...selfPaths(ctx), ...launcherPaths(ctx)] : selfPaths(ctx);
  for (const x of own) if (names(w.value, x.path) || (x.tilde && names(w.value, x.tilde))) return /agent|Claude/.test(selfWhy(x.path)) ? `${w.text.slice(0, 80)} names ${selfWhy(x.path)}` : `${w.text.slice(0, 80)} names countersign's own files (${x.path})`;
  if (w.dynamic) return undefined;
  const v = w.value.replace(/^[\w-]+=/, ''); // --config=FILE, key=FILE
  const abs = v.startsWith('/') ? path.normalize(v) : ctx.cwd ? path.resolve(ctx.cwd, v.replace(/^~(?=\/|$)/, ctx.home)) : undefined;
  if (!abs) return undefined;
  const p = own.find((x) => abs === x.path || abs.startsWith(x.path + '/'));
  if (!p) return undefined;
  const agent = selfWhy(abs);
  return /agent|Claude/.test(agent) ? agent : `${abs} is inside countersign's own files (${p.path})`;
}

function names(value: string, p: string): boolean {
  if (value.endsWith(p) || value.includes(p + '/')) return true;
  // A file's path inside code: `open('/home/u/.cursor/hooks.json', 'w')`.
  const i = value.indexOf(p);
  return i >= 0 && !/[\w.-]/.test(value[i + p.length] ?? '');
}

const launcherMemo = new WeakMap<MatchContext['protectedPaths'], Array<{ path: string; tilde?: string }>>();
function launcherPaths(ctx: MatchContext): Array<{ path: string; tilde?: string }> {
  let hit = launcherMemo.get(ctx.protectedPaths);
  if (!hit) launcherMemo.set(ctx.protectedPaths, (hit = ctx.protectedPaths.filter((x) => x.source === LAUNCHER).map((x) => ({ path: x.path }))));
  return hit;
}

// countersign's own paths and their ~ forms, once per protected-path list (not per word).
const selfPathsMemo = new WeakMap<MatchContext['protectedPaths'], { home: string; own: Array<{ path: string; tilde?: string }> }>();
function selfPaths(ctx: MatchContext): Array<{ path: string; tilde?: string }> {
  const hit = selfPathsMemo.get(ctx.protectedPaths);
  if (hit && hit.home === ctx.home) return hit.own;
  const own = ctx.protectedPaths.filter((x) => x.source === SELF).map((x) => (x.path.startsWith(ctx.home + '/') ? { path: x.path, tilde: `~${x.path.slice(ctx.home.length)}` } : { path: x.path }));
  selfPathsMemo.set(ctx.protectedPaths, { home: ctx.home, own });
  return own;
}

/** Why a path is countersign's own: its config and state, or an agent's file that runs it. */
export function selfWhy(abs: string): string {
  if (/\/\.claude\/shell-snapshots(\/|$)/.test(abs)) return `${abs} is sourced by Claude Code before every command it runs`;
  if (/\/\.(claude|cursor|codex|gemini)\/[^/]+$/.test(abs) || /\/hooks\.json$|\/config\.toml$/.test(abs)) return `${abs} holds the agent's hook settings that run countersign`;
  return `${abs} is countersign's own config or state`;
}

/** Programs that fail on an empty path operand (GNU coreutils, BSD): `rm -rf ""` removes nothing. */
const EMPTY_FAILS = new Set(['rm', 'rmdir', 'unlink', 'mv', 'cp', 'ln', 'shred', 'truncate', 'chmod', 'chown', 'chgrp', 'srm']);

/** Origin steps that stay in the shell the line runs in (its variables are the line's). */
const SHELL_STEPS = /^(top|subshell|group|\$\(\)|<\(\)|>\(\)|if|elif|else|for|while|until|case|select|coproc|!|trap|trap \(later\)|function .+)$/;

const SYSTEM_SOURCES = new Set(['builtin', SELF, 'countersign (program)', LAUNCHER, PATH_SHADOW]);

/** A literal destination that doesn't exist, that the line doesn't write or link first, and that
 *  no system or countersign path covers: copying there makes a new file and overwrites nothing. */
function newDataFile(w: Word, inv: Invocation, ctx: MatchContext): boolean {
  if (w.glob && !w.dynamic) return newDataDir(w, inv, ctx);
  // `data/new/` where nothing is: a new directory; `data/.` is the directory itself.
  if (w.dynamic || w.glob || ctx.cwd === undefined || /(^|\/)\.\.?\/*$/.test(w.value)) return false;
  const abs = path.resolve(ctx.cwd, w.value.replace(/^~(?=\/|$)/, ctx.home));
  if (lexists(abs) || writtenContent(inv.written, abs) !== undefined) return false;
  if (ctx.links && [...ctx.links.keys()].some((l) => abs === l || abs.startsWith(l + '/') || l === ANY_LINK)) return false;
  const system = { ...ctx, protectedPaths: ctx.protectedPaths.filter((p) => SYSTEM_SOURCES.has(p.source)), marked: [] };
  return !listedReason(abs, system) || newKubeconfig(abs, ctx.home);
}

/** A new file directly in ~/.kube other than `config` (`… kubeconfig-view | base64 -d >
 *  ~/.kube/lke.yaml`): kubectl reads it only when KUBECONFIG names it, and a line that does is
 *  judged by what it wrote there. `config` itself (kubectl's default) and the cache stay protected. */
function newKubeconfig(abs: string, home: string): boolean {
  return path.dirname(abs) === path.join(home, '.kube') && path.basename(abs) !== 'config';
}

/** `cp fixtures/*.json data/fixtures/` where data/fixtures isn't there (or only a `mkdir -p` of
 *  this line makes it): whatever the pattern names lands in a directory with nothing in it to
 *  overwrite. Only when the line wrote nothing a file or link could have come from first. */
function newDataDir(w: Word, inv: Invocation, ctx: MatchContext): boolean {
  if (ctx.cwd === undefined) return false;
  const lit = w.value.slice(0, w.value.search(/[*?[]/));
  const dir = lit.endsWith('/') ? lit.replace(/\/+$/, '') : path.posix.dirname(lit);
  if (!dir || dir === '.' || /(^|\/)\.\.?$/.test(dir)) return false;
  const abs = path.resolve(ctx.cwd, dir.replace(/^~(?=\/|$)/, ctx.home));
  if (lexists(abs)) return false;
  const wr = inv.written;
  if (wr && (wr.texts.length || wr.links?.size || [...wr.files.keys()].some((k) => k === abs || k.startsWith(abs + '/')))) return false;
  if (ctx.links && ctx.links.size) return false;
  const system = { ...ctx, protectedPaths: ctx.protectedPaths.filter((p) => SYSTEM_SOURCES.has(p.source)), marked: [] };
  return !listedReason(abs, system);
}

// A backup name: the source's own name plus one of these (config.yml.bak, hosts.2026-12-05,
// nginx.conf~). No further extension and no `pre…`: a sibling named *.conf or ld.so.preload is
// read by what loads that directory.
const BACKUP_SUFFIX = /^(~|[.\-_](bak|backup|orig|original|old|save|saved|prev|previous|copy)[\w-]*|[.\-_]\d{4}-?\d{2}-?\d{2}[\w:-]*)$/i;

/** `cp /etc/app/config.yml /etc/app/config.yml.bak`: one literal source copied beside itself
 *  under a backup name that isn't there yet. What it makes holds what is already there. An
 *  older backup there would be replaced (with a copy of a file perhaps broken since: the only
 *  good one), and a link there leads elsewhere: then no. Where it can't be looked at (another
 *  machine) the name decides. */
const BACKUP_COPIERS = new Set(['cp', 'rsync', 'ditto']);
function backupBeside(rest: Word[], w: Word, ctx: MatchContext): boolean {
  if (rest.length !== 2 || w !== rest[1]) return false;
  const src = rest[0]!;
  if (src.dynamic || src.glob || w.dynamic || w.glob || !src.value || /\/$/.test(src.value)) return false;
  if (!w.value.startsWith(src.value) || !BACKUP_SUFFIX.test(w.value.slice(src.value.length))) return false;
  if (ctx.cwd === undefined) return true;
  return !lexists(path.resolve(ctx.cwd, w.value.replace(/^~(?=\/|$)/, ctx.home)));
}

const PM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);
const PM_GLOBAL = /^(-g|--global|--location=global)$/;

/** `npm link ./fake` where ./fake/package.json is named `countersign` (or has a bin `node`): the
 *  global bin every agent hook runs becomes the package's. Local packages only (a directory on
 *  disk); a registry name other than countersign can't be read from here. */
function packageBins(inv: Invocation, names: string[]): { detail: string; resource: string } | undefined {
  const words = inv.argv.slice(1);
  const plain = words.filter((w) => w.dynamic || !w.value.startsWith('-'));
  const sub = plain[0]?.value ?? '';
  const global = words.some((w) => !w.dynamic && PM_GLOBAL.test(w.value));
  let dirs: Word[] = [];
  if (sub === 'link' || sub === 'ln') dirs = plain.slice(1);
  else if (inv.name === 'yarn' && sub === 'global' && plain[1]?.value === 'add') dirs = plain.slice(2);
  else if (PM_INSTALL.has(sub) && global) dirs = plain.slice(1);
  else return undefined;
  const candidates = dirs.length || !(sub === 'link' || sub === 'ln') ? dirs.filter((w) => w.dynamic || /^(\.|\/|~|file:)/.test(w.value)) : [{ value: '.', text: '.', dynamic: false, glob: false } as Word];
  for (const w of candidates) {
    if (w.dynamic) continue;
    const home = inv.vars.HOME ?? process.env.HOME ?? '';
    const dir = path.resolve(inv.cwd ?? '/', w.value.replace(/^file:/, '').replace(/^~(?=\/|$)/, home));
    const read = readBounded(path.join(dir, 'package.json'), inv.cwd);
    if (!('text' in read)) continue;
    let pkg: { name?: unknown; bin?: unknown };
    try {
      pkg = JSON.parse(read.text) as typeof pkg;
    } catch {
      continue;
    }
    const base = typeof pkg.name === 'string' ? pkg.name.replace(/^@[^/]+\//, '') : undefined;
    const bins = typeof pkg.bin === 'string' ? (base ? [base] : []) : pkg.bin && typeof pkg.bin === 'object' ? Object.keys(pkg.bin) : [];
    const hit = [base, ...bins].find((b) => b !== undefined && names.includes(b));
    if (hit) return { detail: `${w.text}/package.json names ${hit === base ? 'the package' : 'a bin'} \`${hit}\`: it is put on PATH in place of the one there`, resource: hit };
  }
  return undefined;
}

/** A directory on PATH whose programs would run in place of later ones or of countersign's launcher. */
function pathDirWhy(value: string, ctx: MatchContext): string | undefined {
  if (ctx.cwd === undefined && !value.startsWith('/')) return undefined;
  const abs = path.resolve(ctx.cwd ?? '/', value.replace(/^~(?=\/|$)/, ctx.home));
  const hit = ctx.protectedPaths.find((p) => (p.shadows && p.path === abs) || (p.source === LAUNCHER && path.dirname(p.path) === abs));
  if (!hit) return undefined;
  const shown = abs === ctx.home ? '~' : abs.startsWith(ctx.home + '/') ? `~${abs.slice(ctx.home.length)}` : abs;
  return `${shown} is a directory on PATH: a program put there runs in place of ${hit.shadows ? 'the ones found later on PATH (rm, git, node)' : "the node or countersign found later, when you approve"}`;
}

function lexists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function redirectHit(inv: Invocation, outer: MatchContext, spec: NonNullable<MatchSpec['redirect']>): Hit | undefined {
  const ctx = spec.self ? { ...outer, protectedPaths: outer.protectedPaths.filter((p) => p.source === SELF || p.source === LAUNCHER), marked: [] } : outer;
  const ops = spec.append ? ['>', '>|', '&>', '>&', '>>', '&>>'] : ['>', '>|', '&>', '>&'];
  const shape = spec.matches !== undefined ? new RegExp(spec.matches) : undefined;
  for (const r of inv.redirects) {
    if (!ops.includes(r.op) || !r.target) continue;
    // `exec 3> f` truncates f as surely as `> f`: the descriptor number doesn't matter.
    const t = r.target;
    if (/^\d+$|^-$/.test(t.value) && r.op === '>&') continue;
    if (shape) {
      if (!t.dynamic && shape.test(t.value)) return { detail: `\`${r.op} ${t.text}\` ${r.op.includes('>>') ? 'writes to' : 'overwrites'} it`, resource: t.value };
      continue;
    }
    // `for f in $(ls data); do : > "data/$f"`: one of the items under a known directory.
    if (t.dynamic) {
      if (r.throughUnseen && !spec.self) return { detail: `\`${r.op} ${t.text}\` writes to an item of a listing made after the line unpacked or wrote files it doesn't show, which may be a link to anything`, resource: t.text };
      // `cat list | while read f; do : > "$f"`: each listed file emptied, the list only known at run time.
      if (r.anyItem && !spec.self && r.op !== '>>' && r.op !== '&>>') return { detail: `\`${r.op} ${t.text}\` overwrites each item of a listing only known at run time`, resource: t.text };
      if (!r.item || spec.self) continue;
      const why = checkPathWord(t, ctx);
      if (why && why !== `${t.text} is only known at run time`) return { detail: `\`${r.op} ${t.text}\` overwrites each item the line lists: ${why}`, resource: t.value };
      continue;
    }
    // A pattern (find's `{}` reaching `> "$1"`): whatever it may match.
    if (t.glob && !spec.self) {
      const why = checkPathWord(t, ctx);
      if (why && !(inv.via?.name === 'find' && sparedByFind(inv, t, why, ctx))) return { detail: `\`${r.op} ${t.text}\` overwrites what it matches: ${why}`, resource: t.value };
      continue;
    }
    // `> ""` (a failed `out=$(mktemp)`): bash can't open an empty name, nothing is written.
    if (t.value === '') continue;
    const abs = t.value.startsWith('/') ? path.normalize(t.value) : ctx.cwd ? path.resolve(ctx.cwd, t.value.replace(/^~(?=\/|$)/, ctx.home)) : undefined;
    if (!abs || abs === '/dev/null' || abs === '/dev/stdout' || abs === '/dev/stderr' || abs === '/dev/tty') continue;
    // `pg_dump > data/backups/new.sql`: a new file under protected data truncates nothing.
    if (spec.existing && !spec.self && newDataFile(t, inv, outer)) continue;
    const why = spec.self ? ctx.protectedPaths.some((p) => abs === p.path || abs.startsWith(p.path + '/')) && selfWhy(abs) : protectedReason(abs, ctx);
    if (why) return { detail: `\`${r.op} ${t.text}\` ${r.op.includes('>>') ? 'writes to' : 'overwrites'} it: ${why}`, resource: t.value };
  }
  return undefined;
}

// A literal find root whose protected contents its -name filters can't select. Reasons from
// marker files found on disk aren't in ctx, so those keep the finding.
function sparedByFind(inv: Invocation, w: Word, why: string, ctx: MatchContext): boolean {
  if (ctx.cwd === undefined || /\bmarked\b/.test(why)) return false;
  const cwd = ctx.cwd;
  const spares = (find: Invocation, root: Word): boolean => {
    if (root.dynamic || root.glob) return false;
    const v = root.value === '~' || root.value.startsWith('~/') ? ctx.home + root.value.slice(1) : root.value;
    return findSpares(find, path.resolve(cwd, v), ctx, v);
  };
  if (inv.name === 'find') return spares(inv, w);
  // `sed -i ... $(find ROOT -name X)`: the paths that find lists, as for `| xargs` below.
  const by = w.listedBy;
  if (by?.name === 'find' && !w.dynamic && by.cwd === inv.cwd) return findRoots(by).every((root) => spares(by, root));
  // `find ROOT -name X -exec rm -rf {} +`: the {} are what find selects under its roots.
  const find = inv.via;
  if (!find || find.name !== 'find' || w.dynamic || !/^(\{\}|"\{\}"|'\{\}')$/.test(w.text) || find.cwd !== inv.cwd) return false;
  return findRoots(find).every((root) => spares(find, root));
}

/** The destructive statements as the panel shows them: the first 200 characters, and past that
 *  how many there are, every object they name that the cut hid (`DROP TABLE users` after thirty
 *  temp tables), and a digest of them all, so an approval of what was shown doesn't hold for a file
 *  that changed past the cut. */
function statementsShown(hits: Array<{ statement: string; object?: string }>): string {
  const all = hits.map((h) => h.statement).join('; ');
  if (all.length <= 200) return all;
  const shown = all.slice(0, 200);
  const hidden = [...new Set(hits.map((h) => h.object).filter((o): o is string => !!o && !shown.includes(o)))];
  const names = hidden.length ? `; also ${hidden.slice(0, 40).join(', ')}${hidden.length > 40 ? ` and ${hidden.length - 40} more` : ''}` : '';
  return `${shown}… (${hits.length} statements${names}; all of them: sha256 ${sha16(all)})`;
}

const ROUTINE = /\bCREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b/i;

const RESTORE_NAME = /dump|restore|backup|bak|snapshot|wipe|reset|drop|truncat|purge|clean|nuke|teardown|destroy|flush|delet|rollback|revert|down/i;

function sqlHit(inv: Invocation, kinds: string[], cli?: { from: NonNullable<MatchSpec['sql-from']>; values: (f: string) => Word[]; args: Word[] }): Hit | undefined {
  // A database client's own flags, heredocs and files; or where the rule says a CLI carries SQL.
  const srcs = cli ? sqlFromSources(inv, cli.from, cli.values, cli.args) : sqlSourcesOf(inv);
  if (!Array.isArray(srcs)) return { detail: `it runs SQL that can't be seen here: ${srcs.unknown}`, unseen: true };
  const dialect = cli?.from.dialect ?? (/^(redis-cli|valkey-cli|keydb-cli)$/.test(inv.name) ? 'redis' : /^mongo(sh)?$/.test(inv.name) ? 'mongo' : 'sql');
  // Texts that run as one script stopping at its first error read as one (psql -v ON_ERROR_STOP=1
  // -c 'CREATE TABLE s AS ...' -c 'DROP TABLE s'): a table one creates is the one a later drops.
  const present = srcs.filter((s) => !s.absent);
  const one = present.length > 1 && present.length === srcs.length && present.every((s) => s.session)
    ? [{ text: present.map((s) => s.text).join(';\n'), from: present.map((s) => s.from).join(', '), dialect: present[0]!.dialect, atomic: true }]
    : srcs;
  for (const s of one) {
    if (s.absent) continue;
    const all = classified(inv, s.text, dialect, !!s.atomic);
    const hits = all.filter((h) => kinds.includes(h.kind));
    if (hits.length) return { detail: `${statementsShown(hits)} (from ${s.from})`, resource: hits[0]!.object };
    // SQL built at run time (EXECUTE of a concatenation) could be any of these: the rule that
    // looks for DROP speaks for it, once.
    const built = kinds.includes('drop') ? all.find((h) => h.kind === 'dynamic') : undefined;
    if (built) return { detail: `it runs SQL built at run time: ${built.statement} (from ${s.from})`, unseen: true };
  }
  // The sources run in one session, in order (`psql -c 'CREATE FUNCTION f() ... $$ TRUNCATE t $$'
  // -c 'SELECT f()'`): a function one defines and a later one calls does its body's work there.
  // A routine an earlier call of the same client on the line created stays in the database for
  // this one to call (`psql -c 'CREATE FUNCTION wipe() ...' && psql -c 'SELECT wipe()'`).
  const earlier = cli || !inv.line ? [] : inv.line.all.slice(0, inv.line.at).filter((o) => o !== inv && o.name === inv.name).flatMap((o) => {
    const r = sqlSourcesOf(o);
    return Array.isArray(r) ? r.filter((s) => !s.absent && ROUTINE.test(s.text)) : [];
  });
  const seen = [...earlier, ...srcs.filter((s) => !s.absent)];
  if (seen.length > 1) {
    const hits = classified(inv, seen.map((s) => s.text).join(';\n'), dialect, one !== srcs && !earlier.length).filter((h) => kinds.includes(h.kind));
    if (hits.length) return { detail: `${statementsShown(hits)} (from ${seen.map((s) => s.from).join(', ')}, in one session)`, resource: hits[0]!.object };
  }
  const gone = srcs.filter((s) => s.absent);
  if (!gone.length) return undefined;
  const detail = `it runs SQL from ${gone.map((s) => s.from).join(', ')}, which isn't there now (the command fails as it stands, but the file could appear before it runs)`;
  // A file named for replacing or wiping data (dump.sql, restore.sql, wipe.lua) says what the
  // line means to do: that pauses wherever it points, like SQL that can't be seen.
  return gone.some((s) => RESTORE_NAME.test(s.from.split(/[\s/]/).pop() ?? '')) ? { detail, unseen: true } : { detail, unseen: true, absent: true };
}

// An invocation's requests, SQL sources and statements, read once for all the rules that ask
// (each SQL or HTTP rule used to read and classify them again).
const requestsMemo = new WeakMap<Invocation, ReturnType<typeof httpRequests>>();
const sourcesMemo = new WeakMap<Invocation, ReturnType<typeof sqlSources>>();
const classifiedMemo = new WeakMap<Invocation, Map<string, ReturnType<typeof classifySql>>>();
function requestsOf(inv: Invocation): ReturnType<typeof httpRequests> {
  let r = requestsMemo.get(inv);
  if (!r) requestsMemo.set(inv, (r = httpRequests(inv).map((req) => throughLineTunnel(inv, req))));
  return r;
}

/** A request to this machine's port that a tunnel opened earlier on the line leads elsewhere
 *  (`kubectl port-forward svc/es 9200 & curl -X DELETE localhost:9200/orders`): not local. */
function throughLineTunnel(inv: Invocation, req: ReturnType<typeof httpRequests>[number]): ReturnType<typeof httpRequests>[number] {
  const line = inv.line;
  if (!req.local || !line) return req;
  let port: string | undefined;
  try {
    const u = new URL(req.url);
    port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : undefined);
  } catch { /* any tunnel end may be it */ }
  for (const before of line.all.slice(0, line.at)) {
    const ends = tunnelEnds(before);
    if (!ends || !(ends.includes(ANY_TUNNEL_END) || port === undefined || ends.includes(port))) continue;
    const why = `${req.host}${port ? `:${port}` : ''} may be the tunnel \`${before.argv.map((w) => w.value).join(' ').slice(0, 80)}\` opened earlier on this line: another machine`;
    return { ...req, local: false, rerouted: why };
  }
  return req;
}
function sqlSourcesOf(inv: Invocation): ReturnType<typeof sqlSources> {
  let r = sourcesMemo.get(inv);
  if (!r) sourcesMemo.set(inv, (r = sqlSources(inv)));
  return r;
}
function classified(inv: Invocation, text: string, dialect: Parameters<typeof classifySql>[1], atomic: boolean): ReturnType<typeof classifySql> {
  let m = classifiedMemo.get(inv);
  if (!m) classifiedMemo.set(inv, (m = new Map()));
  const key = `${dialect}\0${atomic ? 1 : 0}\0${text}`;
  let r = m.get(key);
  // `DROP TABLE temp.t` in sqlite3, `pg_temp.t` in psql: only that session's temporary table.
  const tempSchema = inv.name === 'sqlite3' ? 'temp' : inv.name === 'psql' ? 'pg_temp' : undefined;
  // A search path set for the connection (PGOPTIONS, options= in a URL word) may list pg_temp
  // after the real schemas: no temporary table shadows a real one there.
  const pathSet = inv.name === 'psql' && (/search_path/i.test(inv.vars.PGOPTIONS ?? '') || inv.argv.some((w) => /search_path/i.test(w.value)));
  if (!r) m.set(key, (r = classifySql(text, dialect, { atomic, ...(tempSchema ? { tempSchema } : {}), ...(inv.name === 'psql' ? { postgres: true } : {}), ...(pathSet ? { searchPath: true } : {}) })));
  return r;
}

function httpHit(inv: Invocation, spec: NonNullable<MatchSpec['http']>): Hit | undefined {
  for (const req of requestsOf(inv)) {
    if (req.anywhere) return { detail: req.anywhere, unseen: true };
    if (req.local && !spec.local) continue;
    // Elasticsearch/OpenSearch's DELETE of a search context (a scroll, a point in time) frees a
    // reader on the server: no index, document or snapshot goes. Only with the path written out.
    if (req.method === 'DELETE' && req.pathKnown && !req.methodUnknown && SEARCH_CONTEXT_CLOSE.test(req.path)) continue;
    const methodOk = !spec.methods || spec.methods.some((m) => m.toUpperCase() === req.method);
    if (!methodOk && !req.methodUnknown) continue;
    // A host known only at run time ('') could be the rule's: its other conditions decide.
    if (spec.hosts && req.host !== '' && !spec.hosts.some((h) => patternTest(h)(req.host))) continue;
    if (spec.paths && !spec.paths.some((p) => patternTest(p)(req.path))) continue;
    // The query string as written: one built at run time could say anything, so it matches.
    if (spec.query && !req.unknown && !spec.query.some((p) => patternTest(p)(urlQueryString(req.url)))) continue;
    // A method built at run time could be the one the rule is about.
    if (!methodOk) return { detail: `${req.url || req.tool}: ${req.methodUnknown}`, resource: req.host, unseen: true };
    if (spec.mutations) {
      // Elasticsearch/OpenSearch's read APIs (POST /INDEX/_search with a query body) are no
      // GraphQL endpoint: a body that can't be seen there is a search. A mutation that can be
      // seen, or a GraphQL client's own URL, still counts.
      // An unseen body that can't be a GraphQL request either: an upload sent with a method
      // GraphQL over HTTP doesn't use (curl -T is a PUT), or with a media type no GraphQL server
      // reads (application/gzip, application/pdf, image/png). A mutation that can be seen counts.
      // Not to a path that names GraphQL: some servers there read any body as JSON.
      const notGraphql = !req.methodUnknown && !/graphql|gql/i.test(req.url) && (!GRAPHQL_METHODS.has(req.method) || (!!req.contentType && NOT_GRAPHQL_TYPE.test(req.contentType)));
      const searchRead = notGraphql || (!!req.pathKnown && !GRAPHQL_CLIENTS.has(req.tool) && SEARCH_READ_API.test(req.path));
      // A GraphQL GET carries its document in ?query= (curl -G, some servers run mutations so).
      const q = req.body === undefined ? urlQuery(req.url) : undefined;
      if (q) {
        const muts = graphqlMutations(q).filter((n) => spec.mutations!.some((p) => patternTest(p)(n)));
        if (muts.length && (!spec.body || spec.body.some((p) => patternTest(p)(q)))) return { detail: `${req.method} ${req.url} calls ${muts.join(', ')}`, resource: muts.join(', ') };
      }
      if (req.body === undefined) {
        if (req.bodyUnknown && !searchRead) return { detail: `${req.method} ${req.url}: the request body can't be seen (${req.bodyUnknown})`, resource: req.host, unseen: true };
        continue;
      }
      const all = graphqlMutations(req.body);
      const muts = all.filter((n) => spec.mutations!.some((p) => patternTest(p)(n)));
      if (!muts.length && all.includes(RUNTIME_FIELD) && !searchRead) return { detail: `${req.method} ${req.url}: a mutation's name is completed at run time`, resource: req.host, unseen: true };
      // Part of the body unseen (-d "x=$VAR"): the mutation could be in that part.
      if (!muts.length && req.bodyUnknown && !searchRead) return { detail: `${req.method} ${req.url}: part of the request body can't be seen (${req.bodyUnknown})`, resource: req.host, unseen: true };
      if (!muts.length && !searchRead && persistedOnly(req.body)) return { detail: `${req.method} ${req.url}: a persisted query sent by its hash runs an operation stored on the server, which can't be read here`, resource: req.host, unseen: true };
      if (!muts.length) continue;
      // A body pattern narrows the mutation (variableCollectionUpsert only with replace: true).
      if (spec.body && !spec.body.some((p) => patternTest(p)(req.body!))) continue;
      // A body read from a file (`-d @q.json`) is not in the command the binding covers: its
      // digest is, so an approval of `volumeDelete(volumeId: "staging-v")` doesn't hold once the
      // file says "prod-v" (the mutation's name alone would stay the same).
      const words = inv.argv.map((w) => w.value).join(' ');
      const fromFile = !words.includes(req.body) ? ` (body not on the line: sha256 ${sha16(req.body)})` : '';
      return { detail: `${req.method} ${req.url} calls ${muts.join(', ')}${fromFile}`, resource: muts.join(', ') };
    }
    if (spec.sql) {
      // Only statements that can be seen: an unseen body already pauses on the mutation rule.
      const hits = requestSqlHits(req, spec.sql);
      if (!hits.length) continue;
      return { detail: `${req.method} ${req.url} runs ${statementsShown(hits)}`, resource: hits[0]!.object ?? req.host + req.path };
    }
    if (spec.body && !(req.body !== undefined && spec.body.some((p) => patternTest(p)(req.body!)))) {
      // gh api's whole REST body from a file that can't be read (`--input ref.json` that jq wrote
      // at run time) could say what the pattern looks for: it pauses, as an unseen GraphQL body
      // does (rt27b). Not any unseen body: `curl -d @query.json` to a search API is a read.
      const why = req.bodyUnread;
      if (why) return { detail: `${req.method} ${req.url}: ${req.body === undefined ? 'the request body' : 'part of the request body'} can't be seen (${why})`, resource: req.host + req.path, unseen: true };
      continue;
    }
    const hit: Hit = { detail: `${req.method} ${req.url}`, resource: req.host + req.path };
    if (req.rerouted) hit.elsewhere = req.rerouted;
    return hit;
  }
  return undefined;
}

// Elasticsearch/OpenSearch endpoints that only read (search, count, explain, validate, term
// vectors, field caps, analyze, multi-get): the last part of the path.
const SEARCH_READ_API = /\/(_search|_msearch|_search\/template|_msearch\/template|_render\/template|_count|_validate\/query|_explain\/[^/]+|_field_caps|_termvectors(\/[^/]+)?|_mtermvectors|_async_search|_knn_search|_search_shards|_eql\/search|_analyze|_mget|_rank_eval)\/?$/;
// DELETE /_search/scroll[/ID,…], /_pit (Elasticsearch) and /_search/point_in_time[/_all]
// (OpenSearch) close search contexts. Segments of letters, digits, `_`, `-` (and `=`, `+`, `,` in
// scroll ids) only: no dot segment can walk the path back to an index.
const SEARCH_CONTEXT_CLOSE = /^\/(_search\/scroll(\/[A-Za-z0-9_=+,-]+)?|_pit|_search\/point_in_time(\/_all)?)\/?$/;
const GRAPHQL_CLIENTS = new Set(['graphqurl', 'gq']);
// GraphQL over HTTP is GET and POST (servers answer 405 to the rest).
const GRAPHQL_METHODS = new Set(['GET', 'POST']);
// Media types of files and archives: a body sent as one is not a GraphQL document, form or JSON.
// (Not application/x-ndjson: an Elasticsearch _bulk body is that, and may hold deletes.)
const NOT_GRAPHQL_TYPE = /^(application\/(octet-stream|gzip|x-gzip|zip|x-tar|x-bzip2|x-xz|zstd|pdf|wasm)|image\/[\w.+-]+|audio\/[\w.+-]+|video\/[\w.+-]+|font\/[\w.+-]+|text\/(csv|html|css|javascript|markdown))$/;

/** The URL's query string, without `?` or a fragment ('' when none). */
function urlQueryString(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1).replace(/#.*$/s, '');
}

/** The URL's ?query= value, when it has one. */
function urlQuery(url: string): string | undefined {
  const i = url.indexOf('?');
  return i < 0 ? undefined : new URLSearchParams(url.slice(i + 1).replace(/#.*$/s, '')).get('query') ?? undefined;
}

/** Turn a matched rule into a finding. */
export function toFinding(rule: LoadedRule, inv: Invocation, hit: Hit): Finding & { unseen?: boolean } {
  const f: Finding & { unseen?: boolean } = {
    rule: rule.id,
    severity: rule.severity,
    summary: rule.summary,
    action: rule.action ?? 'confirm',
    invocation: inv.argv.map((w) => w.text).join(' ') || inv.text,
    detail: hit.detail,
    inv,
  };
  if (rule.verb) f.verb = rule.verb;
  if (hit.resource) f.resource = hit.resource;
  if (rule.target) f.targetKind = rule.target;
  if (rule['only-in']) f.onlyIn = rule['only-in'];
  if (hit.unseen) f.unseen = true;
  if (hit.absent) f.absent = true;
  if (hit.elsewhere) f.elsewhere = hit.elsewhere;
  return f;
}
