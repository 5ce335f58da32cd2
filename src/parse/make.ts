// Make targets: `make reset-db` runs the target's recipe lines (and its prerequisites') through sh.
// This reads the makefile the way make would find it, collects those recipes and expands make's
// own variables in them, so the walker can check them like the line itself. It is a reader for
// the common subset, biased to read more: both branches of conditionals, every rule of a target.
// What it can't expand becomes `$(__make_unknown)`, a word the walker knows only at run time.
import path from 'node:path';
import { programFor } from '../programs/index.js';
import type { Word } from './types.js';
import type { Indirection, ScriptRun } from './indirect.js';
import { makefileIn, readText } from './projects.js';
import { table } from '../own.js';

const UNKNOWN = '$(__make_unknown)';
const MAX_TARGETS = 200;
const MAX_FILES = 20;

interface Rule {
  targets: string[];
  prereqs: string[];
  recipe: string[];
}

interface Makefile {
  vars: Map<string, string>;
  rules: Rule[];
  defaultGoal?: string;
  oneShell: boolean;
  /** `$(shell ...)` in variable definitions: run when make reads them. */
  shells: string[];
  unreadIncludes: string[];
  files: string[];
}

const JOBS = /^(-j|-l|--jobs=|--load-average=|--max-load=)("?)(\$\(|`)(nproc|getconf _NPROCESSORS_ONLN|sysctl -n hw\.(ncpu|logicalcpu))(\)|`)\2$/;

/** `cpuCount`: nproc, getconf and sysctl are the system's (the line doesn't redefine them). */
export function makeRuns(argv: Word[], cwd: string | undefined, env: Readonly<Record<string, string | undefined>>, envComplete: boolean, stdin?: string, cpuCount = false): Indirection {
  let dir: Word | undefined;
  const files: Word[] = [];
  const evals: string[] = [];
  const goals: string[] = [];
  const overrides = new Map<string, string>();
  let dry = false;
  // make's value options and dry-run options: its registry entry.
  const spec = programFor('make');
  const WITH_VALUE = new Set(spec?.['value-options']);
  const DRY = new Set(spec?.['dry-run']);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a.value;
    // `-j"$(nproc)"`: a job count, read from the CPU count (one number: nothing to split).
    if (a.dynamic && cpuCount && JOBS.test(a.text)) continue;
    if (a.dynamic) return { runs: [], opaque: `make gets an argument only known at run time` };
    if (v === '--') continue;
    if (v.startsWith('-') && v.length > 1) {
      if (DRY.has(v) || (!v.startsWith('--') && /^-[^CfIjloWn]*n/.test(v))) dry = true; // -kn, not -Cdir_n
      const eq = v.startsWith('--') ? v.indexOf('=') : -1;
      const opt = eq > 0 ? v.slice(0, eq) : v.startsWith('--') ? v : v.slice(0, 2);
      let val: Word | undefined;
      if (eq > 0) val = { ...a, value: v.slice(eq + 1) };
      else if (!v.startsWith('--') && v.length > 2 && WITH_VALUE.has(opt)) val = { ...a, value: v.slice(2) };
      else if (WITH_VALUE.has(opt)) val = argv[++i];
      if (val?.dynamic) return { runs: [], opaque: `make gets an argument only known at run time` };
      if (opt === '-C' || opt === '--directory') dir = val && { ...val, value: dir && !path.isAbsolute(val.value) ? path.join(dir.value, val.value) : val.value };
      if (opt === '-f' || opt === '--file' || opt === '--makefile') if (val) files.push(val);
      // -E is --eval's short name (GNU make 4.x).
      if ((opt === '--eval' || opt === '-E') && val) evals.push(val.value);
      continue;
    }
    const m = /^([^=:\s]+)\s*:?=(.*)$/s.exec(v);
    if (m) overrides.set(m[1]!, m[2]!);
    else goals.push(v);
  }
  const base = dir ? (cwd === undefined && !path.isAbsolute(dir.value) ? undefined : path.resolve(cwd ?? '/', dir.value)) : cwd;
  if (base === undefined) return { runs: [], opaque: 'make runs a makefile from a directory only known at run time' };
  // `-f -` is the makefile on stdin (a heredoc, herestring or pipe the line shows, or unknown).
  const paths = files.length ? files.map((f) => (/^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/.test(f.value) ? '-' : path.resolve(base, f.value))) : [makefileIn(base)].filter((f): f is string => !!f);
  if (!paths.length && !evals.length) return { runs: [] }; // built-in rules only
  const mk: Makefile = { vars: new Map(), rules: [], oneShell: false, shells: [], unreadIncludes: [], files: [...paths] };
  let read = 0;
  for (const p of paths) {
    const text = p === '-' ? stdin : p === '/dev/null' ? '' : readText(p);
    if (text === undefined) return { runs: [], opaque: p === '-' ? 'make reads its makefile from an input that can\'t be read' : `make reads ${p}, which can't be read` };
    readInto(mk, text, base, env, () => ++read <= MAX_FILES, p === '-' ? undefined : stdin);
  }
  for (const e of evals) readInto(mk, e, base, env, () => true, stdin);
  for (const [k, v] of overrides) mk.vars.set(k, v);
  const shell = mk.vars.get('SHELL');
  if (shell !== undefined && !/(^|\/)(ba|da|k|z)?sh$/.test(shell.trim())) return { runs: [], opaque: `the makefile runs recipes with ${shell.trim() || 'a shell set at run time'}` };

  const ctx: Expand = { mk, env, envComplete, dir: base };
  const runs: ScriptRun[] = mk.shells.map((s) => ({ label: 'make $(shell)', text: expand(s, ctx, undefined, 0), dir: base }));
  const wanted = goals.length ? goals : mk.defaultGoal ? [mk.defaultGoal] : [];
  const seen = new Set<string>();
  const queue = [...wanted];
  let found = false;
  while (queue.length) {
    const t = queue.shift()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (seen.size > MAX_TARGETS) return { runs, opaque: `make target ${wanted.join(' ')} has more than ${MAX_TARGETS} prerequisites` };
    for (const r of mk.rules) {
      if (!r.targets.includes(t)) continue;
      found = true;
      const auto = { target: t, prereqs: r.prereqs.map((p) => expand(p, ctx, undefined, 0)) };
      queue.push(...auto.prereqs.flatMap((p) => p.split(/\s+/)).filter(Boolean));
      const lines = r.recipe.map((l) => l.replace(/^[\s@+-]+/, (pre) => (pre.includes('+') ? '+' : '')));
      const kept = dry ? lines.filter((l) => l.startsWith('+') || /\$[({]MAKE[)}]/.test(l)) : lines;
      const code = kept.map((l) => expand(l.replace(/^\+/, ''), ctx, auto, 0));
      if (mk.oneShell && code.length) runs.push({ label: `make ${t}`, text: code.join('\n'), dir: base });
      else for (const c of code) runs.push({ label: `make ${t}`, text: c, dir: base });
    }
  }
  // No goal on the line and none read: the default goal may be the unread include's first target.
  if (!wanted.length && mk.unreadIncludes.length) return { runs, files: mk.files, opaque: `make's default target may be defined in ${mk.unreadIncludes[0]}, which can't be read` };
  if (!found && mk.unreadIncludes.length && wanted.length) return { runs, files: mk.files, opaque: `make target ${wanted.join(' ')} may be defined in ${mk.unreadIncludes[0]}, which can't be read` };
  return { runs, files: mk.files };
}

/** Read makefile text into mk: variables, explicit rules and their recipes. */
/** `stdin`: make's input, what an `include /dev/stdin` reads (once). */
function readInto(mk: Makefile, text: string, dir: string, env: Readonly<Record<string, string | undefined>>, more: () => boolean, stdin?: string): void {
  const lines = text.split(/\r?\n/);
  let current: Rule[] = [];
  let define: { name: string; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (define) {
      if (/^\s*endef\b/.test(line)) {
        mk.vars.set(define.name, define.body.join('\n'));
        define = undefined;
      } else define.body.push(line);
      continue;
    }
    // .RECIPEPREFIX (GNU make 3.82) replaces the tab that starts a recipe line.
    const pre = mk.vars.get('.RECIPEPREFIX')?.trim()[0] ?? '\t';
    if (line.startsWith(pre) && current.length) {
      // A recipe line; backslash-newline stays in it (sh reads it), minus the next line's tab.
      let l = line.slice(1);
      while (l.endsWith('\\') && i + 1 < lines.length) l += '\n' + lines[++i]!.replace(/^\t/, '');
      for (const r of current) r.recipe.push(l);
      continue;
    }
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!.trim();
    const stripped = stripComment(line).trim();
    if (!stripped) continue;
    const def = /^(?:(?:override|export)\s+)*define\s+(\S+)/.exec(stripped);
    if (def) {
      define = { name: def[1]!, body: [] };
      current = [];
      continue;
    }
    if (/^(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(stripped)) continue;
    const inc = /^(-?include|sinclude)\s+(.*)$/.exec(stripped);
    if (inc) {
      current = [];
      for (const f of expand(inc[2]!, { mk, env, envComplete: false, dir }, undefined, 0).split(/\s+/).filter(Boolean)) {
        const p = path.resolve(dir, f);
        // `include /dev/stdin`: the makefile text the line pipes in (`echo 'x:…' | make`).
        const fromInput = /^(\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/.test(f);
        const t = f.includes(UNKNOWN) || !more() ? undefined : fromInput ? stdin : readText(p);
        if (fromInput) stdin = undefined;
        if (t === undefined) {
          if (inc[1] === 'include' || fromInput) mk.unreadIncludes.push(f);
        } else {
          if (!fromInput) mk.files.push(p);
          readInto(mk, t, dir, env, more);
        }
      }
      continue;
    }
    const asg = /^(?:(?:override|export|private)\s+)*([^\s:#=]+)\s*(::?=|:::=|\?=|\+=|!=|=)\s*(.*)$/.exec(stripped);
    if (asg) {
      current = [];
      const [, name, op, value] = asg as unknown as [string, string, string, string];
      collectShells(value, mk);
      if (op === '!=') {
        mk.shells.push(value);
        mk.vars.set(name, UNKNOWN);
      } else if (op === '?=') {
        if (!mk.vars.has(name) && env[name] === undefined) mk.vars.set(name, value);
      } else if (op === '+=') mk.vars.set(name, `${mk.vars.get(name) ?? ''} ${value}`.trim());
      else mk.vars.set(name, value);
      if (name === '.DEFAULT_GOAL') mk.defaultGoal = value.trim();
      continue;
    }
    const colon = ruleColon(stripped);
    if (colon < 0) {
      // A line that is only a function call (`$(shell cmd)`, `$(info $(shell cmd))`) is expanded
      // when make reads it.
      collectShells(stripped, mk);
      current = [];
      continue;
    }
    const targets = stripped.slice(0, colon).trim().split(/\s+/);
    let after = stripped.slice(colon).replace(/^:+/, '');
    // `t: VAR = x` sets a variable for t; it adds no recipe.
    if (/^\s*[^\s:=]+\s*(::?=|\?=|\+=|!=|=)/.test(after)) {
      current = [];
      continue;
    }
    let inline: string | undefined;
    const semi = line.indexOf(';', line.indexOf(':'));
    if (semi >= 0) {
      inline = line.slice(semi + 1).trim();
      after = after.slice(0, after.indexOf(';'));
    }
    // Targets and prerequisites are expanded when make reads the rule (its recipe only when run).
    collectShells(`${stripped.slice(0, colon)} ${after}`, mk);
    if (targets.includes('.ONESHELL')) mk.oneShell = true;
    const rule: Rule = { targets, prereqs: after.replace('|', ' ').trim().split(/\s+/).filter(Boolean), recipe: inline ? [inline] : [] };
    mk.rules.push(rule);
    current = [rule];
    if (!mk.defaultGoal) {
      const first = targets.find((t) => !t.startsWith('.') && !t.includes('%'));
      if (first) mk.defaultGoal = first;
    }
  }
}

/** `#` starts a comment outside recipes, unless escaped. */
function stripComment(line: string): string {
  const m = /(^|[^\\])#/.exec(line);
  return m ? line.slice(0, m.index + m[1]!.length) : line;
}

/** The index of the colon that makes a line a rule, ignoring ones inside $(...) and drive letters. */
function ruleColon(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      depth++;
      i++;
    } else if ((c === ')' || c === '}') && depth) depth--;
    else if (c === ':' && !depth) return i;
    else if (c === '=' && !depth) return -1;
  }
  return -1;
}

function collectShells(value: string, mk: Makefile): void {
  const re = /\$[({]shell\s+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    const end = closing(value, m.index + 1);
    mk.shells.push(value.slice(m.index + m[0].length, end < 0 ? undefined : end));
  }
}

/** The index of the bracket closing the one at `open`. */
function closing(s: string, open: number): number {
  const o = s[open]!;
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return i;
  }
  return -1;
}

interface Expand {
  mk: Makefile;
  env: Readonly<Record<string, string | undefined>>;
  envComplete: boolean;
  dir: string;
}

const BUILTIN: Record<string, string> = table({ MAKE: 'make', RM: 'rm -f', SHELL: '/bin/sh', CC: 'cc', CXX: 'g++', AR: 'ar', MAKEFLAGS: '', MAKECMDGOALS: '' });
const FUNCS = /^(subst|patsubst|strip|findstring|filter|filter-out|sort|word|words|wordlist|firstword|lastword|dir|notdir|suffix|basename|addsuffix|addprefix|join|wildcard|realpath|abspath|if|or|and|intcmp|foreach|let|call|value|eval|origin|flavor|shell|error|warning|info|file|guile)\s/;

/** Expand make references in `s`: `$$` -> `$`, variables, automatic variables; the rest unknown. */
function expand(s: string, x: Expand, auto: { target: string; prereqs: string[] } | undefined, depth: number): string {
  if (depth > 10) return UNKNOWN;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n === undefined) break;
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    let ref: string;
    if (n === '(' || n === '{') {
      const end = closing(s, i + 1);
      if (end < 0) return out + UNKNOWN;
      ref = s.slice(i + 2, end);
      i = end;
    } else {
      ref = n;
      i++;
    }
    out += lookup(ref, x, auto, depth);
  }
  return out;
}

function lookup(ref: string, x: Expand, auto: { target: string; prereqs: string[] } | undefined, depth: number): string {
  if (auto) {
    const first = auto.prereqs[0] ?? '';
    const all = auto.prereqs.join(' ');
    const autos: Record<string, string> = table({ '@': auto.target, '<': first, '^': all, '+': all, '?': all, '@D': path.dirname(auto.target), '@F': path.basename(auto.target), '<D': path.dirname(first), '<F': path.basename(first) });
    if (ref in autos) return autos[ref]!;
  }
  if (FUNCS.test(ref) || ref.includes(':') || ref.includes('$')) return UNKNOWN;
  if (ref === 'CURDIR') return x.dir;
  const v = x.mk.vars.get(ref);
  if (v !== undefined) return expand(v, x, auto, depth + 1);
  const e = x.env[ref];
  if (e !== undefined) return e;
  if (ref in BUILTIN) return BUILTIN[ref]!;
  return x.envComplete ? '' : UNKNOWN;
}
