// Walks a tree-sitter bash tree in execution order and lists every program it would run.
// Unknown node types are descended into, never skipped, so nothing is silently dropped.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Parser as TSParser } from 'web-tree-sitter';
import { cpuMs, parseTree, type TSNode } from './treesitter.js';
import type { Invocation, ParseContext, Redirect, StdinSource, Word, Assignment } from './types.js';
import { descend, evalWord, toWords, decodeAnsiC, type Seg, type WordEnv } from './words.js';
import { SHELLS, shellMode, unwrap } from './wrappers.js';
import { GIT_COMMAND_KEYS, embeddedCode } from './embedded.js';
import { packageRuns, type Indirection } from './indirect.js';
import { makeRuns } from './make.js';
import { MAKE_RUNNERS, PACKAGE_RUNNERS } from './projects.js';
import { GIT_BUILTINS, aliasDefinition, gitSubIndex, invocationAliases, splitAlias } from './gitalias.js';
import { q } from './tools.js';
import { containerRun, rewriteMounts, touchesMount, type ContainerRun } from './containers.js';

export interface Scope {
  /** Line variables: value, undefined = unset, null = unknowable. */
  vars: Map<string, string | null | undefined>;
  cwd: string | undefined;
  funcs: Map<string, TSNode>;
}

export interface Limits {
  budgetMs: number;
  maxDepth: number;
  maxReparse: number;
  maxInvocations: number;
}

export const LIMITS: Limits = { budgetMs: 60, maxDepth: 150, maxReparse: 12, maxInvocations: 4000 };

const RESERVED = new Set(['{', '}', '!', 'then', 'do', 'done', 'fi', 'esac', 'in', 'elif', 'else', '[[', ']]', 'function', 'select']);

const BASH_DYNAMIC = new Set([
  'RANDOM', 'SRANDOM', 'LINENO', 'SECONDS', 'BASHPID', 'PPID', 'EPOCHSECONDS', 'EPOCHREALTIME',
  'BASH_COMMAND', 'FUNCNAME', 'PIPESTATUS', 'REPLY', 'OLDPWD', 'BASH_SOURCE', 'BASH_ARGV', 'DIRSTACK',
]);

export class Walk {
  readonly out: Invocation[] = [];
  readonly uncertain = new Set<string>();
  /** Files this line writes with a redirection: running one later is code built at run time. */
  private readonly written = new Set<string>();
  /** Function bodies being walked (recursion guard). */
  private readonly activeFuncs = new Set<number>();
  /** Package scripts and make targets being walked (recursion guard). */
  private readonly activeScripts = new Set<string>();
  /** `hash -p PATH NAME`: NAME runs PATH (null: a path only known at run time). */
  private readonly hashed = new Map<string, string | null>();
  /** git aliases this line defines with `git config alias.x ...`. */
  private readonly gitAliases = new Map<string, Word>();
  private cwdForRedirects: string | undefined;
  private depth = 0;
  private steps = 0;
  private reparseDepth = 0;
  private deadline: number;
  private readonly budgetMs: number;

  constructor(
    private readonly parser: TSParser,
    private readonly ctx: ParseContext & { envComplete?: boolean; positional?: string[]; dialect?: 'bash' | 'zsh'; mentions?: (text: string) => boolean },
    private readonly limits: Limits = LIMITS,
  ) {
    this.deadline = Infinity;
    this.budgetMs = limits.budgetMs;
  }

  /** Parse text as shell code and walk it. */
  code(text: string, scope: Scope, origin: string[], stdin?: StdinSource): void {
    if (this.reparseDepth >= this.limits.maxReparse) {
      this.uncertain.add('code nested too deeply');
      return;
    }
    // The CPU clock costs more than a short line: start the budget once there's real work.
    if (this.deadline === Infinity && (text.length >= 4096 || this.reparseDepth > 0)) this.deadline = cpuMs() + this.budgetMs;
    const left = this.deadline === Infinity ? this.budgetMs : this.deadline - cpuMs();
    if (left <= 0) {
      this.uncertain.add('time budget spent before the whole line was read');
      return;
    }
    checkBlindSpots(text, this.uncertain);
    const tree = parseTree(this.parser, text, left);
    if (!tree) {
      this.uncertain.add('time budget spent before the whole line was read');
      return;
    }
    try {
      const root = tree.rootNode;
      if (root.hasError) this.uncertain.add(describeError(root));
      this.reparseDepth++;
      this.stmt(root, scope, origin, stdin);
    } finally {
      this.reparseDepth--;
      tree.delete();
    }
  }

  // ---- statements ----

  private stmt(n: TSNode, scope: Scope, origin: string[], stdin?: StdinSource): Invocation | undefined {
    if (++this.depth > this.limits.maxDepth) {
      this.uncertain.add('nesting too deep');
      this.depth--;
      return undefined;
    }
    // The CPU clock is read every 32 statements: reading it costs more than a statement.
    if ((++this.steps & 31) === 0 && this.deadline === Infinity) this.deadline = cpuMs() + this.budgetMs;
    if ((this.steps & 31) === 0 && cpuMs() > this.deadline) {
      this.uncertain.add('time budget spent before the whole line was read');
      this.depth--;
      return undefined;
    }
    try {
      return this.stmtInner(n, scope, origin, stdin);
    } finally {
      this.depth--;
    }
  }

  private stmtInner(n: TSNode, scope: Scope, origin: string[], stdin?: StdinSource): Invocation | undefined {
    switch (n.type) {
      case 'command':
        return this.command(n, scope, origin, [], stdin);
      case 'redirected_statement':
        return this.redirected(n, scope, origin, stdin);
      case 'pipeline':
        return this.pipeline(n.namedChildren, scope, origin, stdin);
      case 'list': {
        let last: Invocation | undefined;
        for (const c of named(n)) last = this.stmt(c, scope, origin);
        return last;
      }
      case 'subshell':
        this.seq(named(n), copyScope(scope), [...origin, 'subshell'], stdin);
        return undefined;
      case 'compound_statement':
        this.seq(named(n), scope, [...origin, 'group'], stdin);
        return undefined;
      case 'command_substitution':
        this.seq(named(n), copyScope(scope), [...origin, '$()']);
        return undefined;
      case 'process_substitution':
        this.seq(named(n), copyScope(scope), [...origin, n.text.startsWith('>') ? '>()' : '<()']);
        return undefined;
      case 'variable_assignment':
        this.assign(n, scope, scope.vars);
        return undefined;
      case 'variable_assignments':
        for (const c of named(n)) this.assign(c, scope, scope.vars);
        return undefined;
      case 'declaration_command':
        this.declaration(n, scope, origin);
        return undefined;
      case 'unset_command':
        for (const c of named(n)) if (c.type === 'word' || c.type === 'variable_name') scope.vars.set(c.text, undefined);
        return undefined;
      case 'function_definition': {
        const name = n.childForFieldName('name')?.text;
        const body = n.childForFieldName('body');
        if (name && body) scope.funcs.set(name, body);
        // bash calls it for any command it can't find: its body may run at any later point.
        if (name === 'command_not_found_handle' && body) this.stmt(body, copyScope(scope), [...origin, `function ${name}`]);
        return undefined;
      }
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
      case 'case_statement':
      case 'select_statement':
        this.branching(n, scope, origin);
        return undefined;
      case 'negated_command':
        for (const c of named(n)) this.stmt(c, scope, origin, stdin);
        return undefined;
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return undefined;
      case 'test_command':
        descend(n, this.wordEnv(scope, origin));
        return undefined;
      default:
        // program, do_group, else/elif clauses, case_item, ERROR and anything new: walk in order.
        this.seq(named(n), scope, origin, stdin);
        return undefined;
    }
  }

  private seq(nodes: TSNode[], scope: Scope, origin: string[], stdin?: StdinSource): void {
    for (const c of nodes) this.stmt(c, scope, origin, stdin);
  }

  /** if/while/for/case: bodies may or may not run, so what they change becomes unknown. */
  private branching(n: TSNode, scope: Scope, origin: string[]): void {
    const kind = n.type.replace(/_statement$/, '').replace('c_style_for', 'for');
    const inner = copyScope(scope);
    const o = [...origin, kind];
    if (n.type === 'for_statement' || n.type === 'select_statement') {
      const v = n.childForFieldName('variable');
      const env = this.wordEnv(inner, o);
      for (const val of n.childrenForFieldName('value')) if (val) evalWord(val, env);
      if (v) inner.vars.set(v.text, null);
      const body = n.childForFieldName('body');
      if (body) this.stmt(body, inner, o);
    } else if (n.type === 'case_statement') {
      const env = this.wordEnv(inner, o);
      const value = n.childForFieldName('value');
      if (value) evalWord(value, env);
      for (const item of named(n)) {
        if (item.type !== 'case_item') continue;
        for (const c of named(item)) {
          if (item.childrenForFieldName('value').some((v) => v?.id === c.id)) evalWord(c, env);
          else this.stmt(c, inner, o);
        }
      }
    } else {
      this.seq(named(n), inner, o);
    }
    mergeBranch(scope, inner);
  }

  private pipeline(elems: (TSNode | null)[], scope: Scope, origin: string[], lastStdin?: StdinSource, firstStdin?: StdinSource): Invocation | undefined {
    const nodes = elems.filter((c): c is TSNode => !!c && c.type !== 'comment');
    let prev: Invocation | undefined;
    let prevText = '';
    nodes.forEach((c, i) => {
      let stdin: StdinSource | undefined = i === 0 ? firstStdin : { kind: 'pipe', from: prevText, text: prev ? literalOutput(prev) : undefined };
      if (i === nodes.length - 1 && lastStdin) stdin = lastStdin;
      // Each element runs in a subshell.
      prev = this.stmt(c, nodes.length > 1 ? copyScope(scope) : scope, origin, stdin);
      prevText = c.text;
    });
    return prev;
  }

  private redirected(n: TSNode, scope: Scope, origin: string[], inherited?: StdinSource): Invocation | undefined {
    const body = n.childForFieldName('body');
    const redirects: Redirect[] = [];
    let stdin = inherited;
    const env = this.wordEnv(scope, origin);
    this.cwdForRedirects = scope.cwd;
    const continuations: TSNode[] = [];
    for (const r of named(n)) {
      if (body && r.id === body.id) continue;
      if (r.type === 'heredoc_redirect') {
        stdin = this.heredoc(r, env, continuations);
        redirects.push({ op: r.text.startsWith('<<-') ? '<<-' : '<<' });
      } else {
        const res = this.redirect(r, env);
        if (res.redirect) redirects.push(res.redirect);
        if (res.stdin) stdin = res.stdin;
      }
    }
    let inv: Invocation | undefined;
    if (!body) inv = this.emit([], [], redirects, stdin, scope, origin, n.text);
    else if (body.type === 'command') inv = this.command(body, scope, origin, redirects, stdin);
    else if (body.type === 'pipeline') inv = this.pipeline(body.namedChildren, scope, origin, stdin);
    else {
      this.stmt(body, scope, origin, stdin);
      if (redirects.length) this.emit([], [], redirects, undefined, scope, origin, n.text);
    }
    // tree-sitter puts what follows a heredoc start on the same line inside the redirect node.
    for (const c of continuations) {
      if (c.type === 'pipeline') inv = this.pipeline(c.namedChildren, scope, origin, undefined, inv ? { kind: 'pipe', from: inv.text, text: literalOutput(inv) } : undefined);
      else inv = this.stmt(c, scope, origin);
    }
    return inv;
  }

  private heredoc(r: TSNode, env: WordEnv, continuations: TSNode[]): StdinSource {
    let start = '';
    let bodyText = '';
    let bodyNode: TSNode | undefined;
    for (const c of named(r)) {
      if (c.type === 'heredoc_start') start = c.text;
      else if (c.type === 'heredoc_body') {
        bodyNode = c;
        bodyText = c.text;
      } else if (c.type !== 'heredoc_end') continuations.push(c);
    }
    const expands = !/['"\\]/.test(start);
    if (r.text.startsWith('<<-')) bodyText = bodyText.replace(/^\t+/gm, '');
    if (expands && bodyNode) {
      // Expansions in an unquoted heredoc run when the heredoc is read.
      if (bodyText.includes('`')) env.unsure('backtick inside a heredoc');
      let found = 0;
      descend(bodyNode, { ...env, nested: (n, k) => { found++; env.nested(n, k); } });
      if (bodyText.includes('$(') && !found) env.unsure('command substitution in a heredoc the parser did not read');
    }
    return { kind: 'heredoc', text: bodyText, expands };
  }

  private redirect(r: TSNode, env: WordEnv): { redirect?: Redirect; stdin?: StdinSource } {
    if (r.type === 'herestring_redirect') {
      const target = named(r)[0];
      const segs = target ? evalWord(target, env) : [];
      return { redirect: { op: '<<<' }, stdin: { kind: 'herestring', text: segs.map((s) => s.s).join(''), dynamic: segs.some((s) => s.dyn) } };
    }
    if (r.type !== 'file_redirect') {
      descend(r, env);
      return {};
    }
    const fdNode = r.childForFieldName('descriptor');
    const dest = r.childrenForFieldName('destination').filter((d): d is TSNode => !!d);
    let op = '>';
    for (const c of r.children) if (c && !c.isNamed) op = c.type;
    const words = dest.flatMap((d) => toWords(evalWord(d, env), d.text, true));
    const redirect: Redirect = { op, target: words[0] ?? (dest[0] ? { value: dest[0].text, dynamic: true, glob: false, text: dest[0].text } : undefined) };
    if (op.includes('>') && redirect.target && !redirect.target.dynamic) {
      const abs = resolveDir(this.cwdForRedirects, redirect.target.value, this.home());
      if (abs) this.written.add(abs);
    }
    if (fdNode) redirect.fd = Number(fdNode.text);
    if ((op === '<' || op === '<>') && redirect.target && (redirect.fd === undefined || redirect.fd === 0)) return { redirect, stdin: { kind: 'file', path: redirect.target } };
    return { redirect };
  }

  // ---- simple commands ----

  private command(n: TSNode, scope: Scope, origin: string[], extraRedirects: Redirect[], stdin?: StdinSource): Invocation | undefined {
    const env = this.wordEnv(scope, origin);
    this.cwdForRedirects = scope.cwd;
    const prefix = new Map<string, string | null | undefined>();
    const assignments: Assignment[] = [];
    const argv: Word[] = [];
    const redirects = [...extraRedirects];
    let sawName = false;
    const ifsDefault = isDefaultIfs(scope, this.ctx.envComplete ? undefined : this.ctx.env.IFS);
    // One `children` call and one field lookup: per-index accessors cross into wasm each time.
    const nameId = n.childForFieldName('name')?.id;
    for (const c of n.children) {
      if (!c || !c.isNamed) continue;
      const field = c.id === nameId ? 'name' : undefined;
      const type = c.type;
      const text = c.text;
      if (type === 'variable_assignment' && !sawName) {
        const a = this.assign(c, scope, prefix);
        if (a) assignments.push(a);
      } else if (type === 'command_name' || field === 'name') {
        sawName = true;
        const inner = type === 'command_name' ? (c.namedChildren[0] ?? c) : c;
        argv.push(...toWords(evalWord(inner, env), inner.text, ifsDefault));
      } else if (type.endsWith('_redirect')) {
        if (type === 'heredoc_redirect') {
          stdin = this.heredoc(c, env, []);
          continue;
        }
        const res = this.redirect(c, env);
        if (res.redirect) redirects.push(res.redirect);
        if (res.stdin) stdin = res.stdin;
      } else if (type === 'comment') {
        continue;
      } else if (text.includes('@') && /^"?\$(@|\{@\})"?$/.test(text) && positionalOf(scope)?.slice(1).every((v) => v !== null)) {
        // "$@" with known positional parameters: one word each.
        for (const v of positionalOf(scope)!.slice(1)) argv.push({ value: v!, dynamic: false, glob: false, text });
      } else {
        argv.push(...toWords(evalWord(c, env), text, ifsDefault));
      }
    }
    if (argv.length === 0) {
      // `X=1` alone sets a shell variable for the rest of the line.
      for (const [k, v] of prefix) scope.vars.set(k, v);
      if (redirects.length) return this.emit([], assignments, redirects, stdin, scope, origin, n.text);
      return undefined;
    }
    return this.emit(argv, assignments, redirects, stdin, scope, origin, n.text);
  }

  private assign(n: TSNode, scope: Scope, into: Map<string, string | null | undefined>): Assignment | undefined {
    const nameNode = n.childForFieldName('name');
    const valueNode = n.childForFieldName('value');
    if (!nameNode) return undefined;
    const name = nameNode.text;
    const env = this.wordEnv(scope, []);
    if (nameNode.type !== 'variable_name') {
      // x[1]=... : array element; the variable as a whole becomes unknown.
      descend(n, env);
      // BASH_CMDS[name]=path is `hash -p path name`.
      const cmd = /^BASH_CMDS\[['"]?([^'"\]]+)['"]?\]$/.exec(name);
      if (cmd) this.hashed.set(cmd[1]!, valueNode && !/[$`]/.test(valueNode.text) ? evalWord(valueNode, env).map((x) => x.s).join('') : null);
      into.set(name.replace(/\[.*$/, ''), null);
      return undefined;
    }
    if (!valueNode) {
      into.set(name, '');
      return { name, value: { value: '', dynamic: false, glob: false, text: '' } };
    }
    if (valueNode.type === 'array') {
      descend(valueNode, env);
      into.set(name, null);
      return undefined;
    }
    // Escapes and quotes are removed; no splitting or globbing happens in an assignment.
    const segs = evalWord(valueNode, env);
    const dyn = segs.some((s) => s.dyn);
    const value = segs.map((s) => s.s).join('');
    const append = n.text.slice(nameNode.text.length).startsWith('+=');
    const old = append ? (into.get(name) ?? this.lookup(scope, name)) : '';
    const full = old === null ? null : (old ?? '') + value;
    into.set(name, dyn || full === null ? null : full);
    if (!dyn && /^PS[0-4]$/.test(name) && /\$\(|`/.test(value)) this.promptString(name, value, scope);
    // An interactive shell runs PROMPT_COMMAND before each prompt.
    if (!dyn && name === 'PROMPT_COMMAND' && into === scope.vars) this.code(value, copyScope(scope), ['$PROMPT_COMMAND']);
    return { name, value: { value, dynamic: dyn, glob: false, text: valueNode.text } };
  }

  private declaration(n: TSNode, scope: Scope, origin: string[]): void {
    const env = this.wordEnv(scope, origin);
    // declare -n / local -n make a name refer to another variable: treat it as unknown.
    const nameref = named(n).some((c) => c.type === 'word' && /^-[a-zA-Z]*n/.test(c.text));
    for (const c of named(n)) {
      if (c.type === 'variable_assignment' && nameref) {
        const nm = c.childForFieldName('name')?.text;
        if (nm) scope.vars.set(nm, null);
      } else if (c.type === 'variable_assignment') this.assign(c, scope, scope.vars);
      else if (c.type === 'variable_name' || c.type === 'word') {
        if (!c.text.startsWith('-') && !scope.vars.has(c.text)) continue;
      } else evalWord(c, env);
    }
  }

  /** Record an invocation and follow it into whatever it runs. */
  private emit(argv: Word[], assignments: Assignment[], redirects: Redirect[], stdin: StdinSource | undefined, scope: Scope, origin: string[], text: string, moreArgs = false, via?: Invocation): Invocation | undefined {
    if (this.out.length >= this.limits.maxInvocations) {
      this.uncertain.add('too many commands in one line');
      return undefined;
    }
    const vars = this.varsFor(scope, assignments);
    const inv: Invocation = { argv, name: '', assignments, redirects, origin: origin.length ? origin : ['top'], cwd: scope.cwd, vars, text };
    if (stdin) inv.stdin = stdin;
    if (moreArgs) inv.moreArgs = true;
    if (via) inv.via = via;
    this.out.push(inv);
    const first = argv[0];
    if (!first) return inv;
    if (first.dynamic || first.glob) {
      inv.opaque = 'the program name is only known at run time';
      return inv;
    }
    let name = first.value;
    if (this.ctx.dialect === 'zsh' && name.startsWith('=')) {
      // zsh's `=cmd` expands to the program's path.
      name = name.slice(1);
      argv[0] = { ...first, value: name };
    }
    if (RESERVED.has(name) && !first.text.match(/['"\\]/)) this.uncertain.add(`the reserved word ${JSON.stringify(name)} where a command was expected`);
    if (this.hashed.size && this.hashed.has(name) && !name.includes('/')) {
      const to = this.hashed.get(name);
      if (to === null || to === undefined) {
        inv.opaque = `\`hash -p\` made ${name} run a program only known at run time`;
        return inv;
      }
      name = to;
      argv[0] = { ...first, value: to };
    }
    inv.name = /^\/proc\/(self|thread-self)\/exe$/.test(name) ? 'bash' : path.basename(name).toLowerCase();
    this.follow(inv, scope, origin);
    return inv;
  }

  private follow(inv: Invocation, scope: Scope, origin: string[]): void {
    const { argv, name } = inv;
    this.importedFunctions(inv, scope, origin);
    for (const e of embeddedCode(inv)) {
      if (e.code === undefined) inv.opaque = `${e.how} runs code only known at run time`;
      else this.code(e.code, copyScope(scope), [...origin, e.how]);
    }
    const fn = scope.funcs.get(argv[0]!.value);
    if (fn) {
      const o = [...origin, `function ${argv[0]!.value}`];
      // Recursion is walked once. Keyed on the body, not the name: a function may redefine itself.
      if (this.activeFuncs.has(fn.id)) return;
      this.activeFuncs.add(fn.id);
      const callScope = copyScope(scope);
      setPositional(callScope, [scope.vars.get('0') ?? null, ...argv.slice(1).map((a) => (a.dynamic ? null : a.value))]);
      try {
        this.stmt(fn, callScope, o);
      } finally {
        this.activeFuncs.delete(fn.id);
      }
      mergeBranch(scope, callScope);
      return;
    }
    if (name === 'git' && this.gitAlias(inv, scope, origin)) return;
    switch (name) {
      case 'cd':
      case 'pushd':
        scope.cwd = cdPathUnknown(argv, this.cdpath(inv, scope)) ? undefined : cdTarget(argv, scope.cwd, this.home());
        return;
      case 'hash':
        return this.hash(argv);
      case 'enable':
        // `enable -f lib.so name`: name becomes a builtin loaded from a shared object.
        if (argv.some((a) => /^-[a-zA-Z]*f/.test(a.value))) inv.opaque = 'enable -f loads a builtin from a shared object';
        return;
      case 'popd':
        scope.cwd = undefined;
        return;
      case 'shift': {
        const p = positionalOf(scope);
        const k = argv[1] ? Number(argv[1].value) : 1;
        if (p && !argv[1]?.dynamic && Number.isInteger(k)) setPositional(scope, [p[0]!, ...p.slice(1 + k)]);
        else for (const key of [...scope.vars.keys()]) if (/^\d+$|^#$/.test(key) && key !== '0') scope.vars.set(key, null);
        return;
      }
      case 'set': {
        const dd = argv.findIndex((a) => a.value === '--');
        if (dd > 0) setPositional(scope, [scope.vars.get('0') ?? null, ...argv.slice(dd + 1).map((a) => (a.dynamic ? null : a.value))]);
        return;
      }
      case 'read':
      case 'readarray':
      case 'mapfile':
      case 'getopts':
      case 'printf':
        // Builtins that set variables from input or formatting: those become unknown.
        for (const v of setByBuiltin(name, argv)) scope.vars.set(v, null);
        return;
      case 'eval':
        return this.runCode(inv, argv.slice(1), scope, [...origin, 'eval'], true);
      case 'trap':
        if (argv.length > 2 && argv[1]!.value !== '-' && !argv[1]!.value.startsWith('-')) this.runCode(inv, [argv[1]!], scope, [...origin, 'trap']);
        return;
      case 'source':
      case '.':
        return this.source(inv, scope, origin);
      case 'busybox':
      case 'toybox':
        if (argv.length > 1) this.emit(argv.slice(1), [], [], inv.stdin, scope, [...origin, name], inv.text);
        return;
      case 'find':
        return this.findExec(inv, scope, origin);
      case 'su':
      case 'runuser':
        if (name === 'runuser' && !argv.some((a) => a.value === '-c' || a.value === '--command' || a.value.startsWith('--command='))) break;
        return this.su(inv, scope, origin);
      case 'at':
      case 'batch':
        // The job's commands come from stdin (or -f FILE) and run later through sh.
        if (argv.some((a) => /^-[lrdc]$|^-[a-zA-Z]*[lrdc]$/.test(a.value) && !a.value.startsWith('-f'))) return;
        if (argv.some((a) => a.value === '-f')) {
          inv.opaque = `${name} -f runs a script file later`;
          return;
        }
        return this.stdinCode(inv, scope, [...origin, name]);
      case 'ssh':
        return this.ssh(inv, scope, origin);
    }
    if (SHELLS.has(name)) return this.shell(inv, scope, origin);
    if (argv[0]!.value.includes('/') && !WRAPPERS_WITH_PATH.has(name)) return this.script(inv, argv[0]!, scope, origin, argv.slice(1));
    if (PACKAGE_RUNNERS.has(name) || MAKE_RUNNERS.has(name)) {
      // A project file this line writes or edits first (even one that doesn't exist yet) holds
      // code nobody can read before it runs.
      const names = MAKE_RUNNERS.has(name) ? ['GNUmakefile', 'makefile', 'Makefile'] : ['package.json'];
      const changed = names.find((n) => this.changes(path.join(scope.cwd ?? '/', n), inv));
      if (changed) {
        inv.opaque = `${name} runs code from ${changed}, which this line changes first`;
        return;
      }
    }
    if (MAKE_RUNNERS.has(name)) return this.indirect(inv, makeRuns(argv, scope.cwd, inv.vars, !!this.ctx.envComplete), scope, origin);
    const scripts = PACKAGE_RUNNERS.has(name) ? packageRuns(name, argv, scope.cwd) : undefined;
    if (scripts) return this.indirect(inv, scripts, scope, origin);
    const run = containerRun(name, argv, scope.cwd, this.home());
    if (run) return this.container(inv, run, scope, origin);
    const u = unwrap(name, argv);
    if (!u) return;
    let inner = scope;
    if (u.chdir || u.unknownCwd) {
      inner = copyScope(scope);
      inner.cwd = u.unknownCwd || u.chdir?.dynamic ? undefined : resolveDir(inner.cwd, u.chdir!.value, this.home());
    }
    const assigns: Assignment[] = u.assigns.map(([k, v]) => ({ name: k, value: v }));
    const o = [...origin, name];
    if (u.shellText && u.runs) {
      // GNU parallel: the joined words run through a shell once per input, which is "$1".
      for (const r of u.runs) this.runCode(inv, u.shellText, inner, o, true, [argv[0]!, r ?? { value: '', dynamic: true, glob: false, text: '(input)' }]);
      return;
    }
    if (u.shellText) return this.runCode(inv, u.shellText, inner, o, true);
    let innerArgv = u.inner;
    if (u.replace) {
      const rep = u.replace;
      innerArgv = innerArgv.map((a) => (a.value.includes(rep) ? { ...a, dynamic: true } : a));
    }
    this.emit(innerArgv, [...inv.assignments, ...assigns], [], inv.stdin, inner, o, inv.text, u.moreArgs || inv.moreArgs, inv);
  }

  /** `git config alias.x ...` is remembered (a `!` value is walked now); a git subcommand that is
   *  an alias is walked as what it expands to. True when the invocation was an alias. */
  private gitAlias(inv: Invocation, scope: Scope, origin: string[]): boolean {
    const def = aliasDefinition(inv.argv);
    if (def) {
      const v = def.value;
      if (def.key.startsWith('alias.')) {
        this.gitAliases.set(def.name, v);
        if (!v.dynamic && v.value.startsWith('!')) this.runCode(inv, [{ ...v, value: v.value.slice(1) }], scope, [...origin, `git alias ${def.name}`], false);
      } else if (GIT_COMMAND_KEYS.test(def.key)) {
        // `git config core.pager CMD`: later git commands in the line (and after it) run CMD.
        this.runCode(inv, [v], scope, [...origin, `git config ${def.key}`], false);
      }
      return false;
    }
    const s = gitSubIndex(inv.argv);
    const sub = inv.argv[s];
    if (!sub || sub.dynamic) return false;
    const own = invocationAliases(inv);
    const key = sub.value.toLowerCase();
    const val = own.get(key) ?? this.gitAliases.get(key) ?? (GIT_BUILTINS.has(sub.value) ? undefined : own.get('*'));
    if (!val) return false;
    const o = [...origin, `git alias ${sub.value}`];
    const rest = inv.argv.slice(s + 1);
    if (origin.filter((x) => x.startsWith('git alias')).length > 8) {
      this.uncertain.add('git aliases nest too deeply');
      return true;
    }
    if (val.dynamic) {
      inv.opaque = `git ${sub.value} may be an alias only known at run time`;
      return true;
    }
    if (val.value.startsWith('!')) {
      // git runs `sh -c '<alias> "$@"' <alias> ARGS...`: the arguments follow the code.
      if (rest.some((w) => w.dynamic)) inv.opaque = `git alias ${sub.value} runs with arguments only known at run time`;
      else this.code([val.value.slice(1), ...rest.map((w) => q(w.value))].join(' '), copyScope(scope), o);
      return true;
    }
    const words = splitAlias(val.value).map((v) => ({ value: v, dynamic: false, glob: false, text: val.text }));
    this.emit([...inv.argv.slice(0, s), ...words, ...rest], inv.assignments, [], inv.stdin, scope, o, inv.text, inv.moreArgs, inv);
    return true;
  }

  /** PS4 (with `set -x`) and the other prompts expand like a double-quoted string each time they
   *  are shown: command substitutions in them run then. */
  private promptString(name: string, value: string, scope: Scope): void {
    this.code(`: "${value.replace(/(["\\])/g, '\\$1')}"`, copyScope(scope), [`$${name}`]);
  }

  /** A command run in a container with host directories mounted: walked with the mounts'
   *  targets rewritten to their host paths (containers.ts). */
  private container(inv: Invocation, run: ContainerRun, scope: Scope, origin: string[]): void {
    if (!touchesMount(run)) return;
    const inner = copyScope(scope);
    inner.cwd = run.cwd;
    const argv = run.inner.map((w) => (w.dynamic ? w : { ...w, value: rewriteMounts(w.value, run.mounts) }));
    this.emit(argv, [], [], inv.stdin, inner, [...origin, `${inv.name} run (host mounts)`], inv.text, false, inv);
  }

  /** `env 'BASH_FUNC_f%%=() { ...}' bash -c f`: bash imports the function; walk its body. */
  private importedFunctions(inv: Invocation, scope: Scope, origin: string[]): void {
    for (const a of inv.assignments) {
      if (!a.name.startsWith('BASH_FUNC_')) continue;
      if (a.value.dynamic) inv.opaque = `${a.name} imports a function only known at run time`;
      else if (/^\(\)\s*\{/.test(a.value.value)) this.code(a.value.value.replace(/^\(\)\s*/, ''), copyScope(scope), [...origin, `function ${a.name}`]);
    }
  }

  /** CDPATH for a cd: a prefix assignment, the line's, or the environment's (null: unknown). */
  private cdpath(inv: Invocation, scope: Scope): string | null | undefined {
    const own = inv.assignments.find((a) => a.name === 'CDPATH');
    if (own) return own.value.dynamic ? null : own.value.value;
    const v = scope.vars.has('CDPATH') ? scope.vars.get('CDPATH') : this.ctx.env.CDPATH;
    return v;
  }

  private hash(argv: Word[]): void {
    const p = argv.findIndex((a, k) => k > 0 && /^-[a-zA-Z]*p$/.test(a.value));
    if (p < 0) return;
    const target = argv[p + 1];
    for (const n of argv.slice(p + 2)) {
      if (n.value.startsWith('-')) continue;
      this.hashed.set(n.value, !target || target.dynamic || n.dynamic ? null : target.value);
    }
  }

  /** Words that form shell code (eval's arguments, bash -c's string): parse them again. */
  private runCode(inv: Invocation, words: Word[], scope: Scope, origin: string[], join = true, positional?: Word[]): void {
    if (words.length === 0) return;
    if (words.some((w) => w.dynamic)) {
      inv.opaque = `${origin[origin.length - 1]} runs code built at run time`;
      return;
    }
    const text = join ? words.map((w) => w.value).join(' ') : words[0]!.value;
    const inner = copyScope(scope);
    if (positional) setPositional(inner, positional.length ? positional.map((w) => (w.dynamic ? null : w.value)) : [null]);
    this.code(text, inner, origin);
  }

  private shell(inv: Invocation, scope: Scope, origin: string[]): void {
    const mode = shellMode(inv.argv);
    const o = [...origin, `${inv.name} -c`];
    // Arguments appended at run time (xargs, find -exec {} +) or globs are unknown positionals.
    const args = mode.kind === 'string' ? mode.args.map((w) => (w.glob ? { ...w, dynamic: true } : w)) : [];
    if (inv.moreArgs && mode.kind === 'string') args.push({ value: '', dynamic: true, glob: false, text: '(appended at run time)' });
    if (mode.kind === 'string') return this.runCode(inv, [mode.code], scope, o, false, args);
    if (mode.kind === 'script') return this.script(inv, mode.file, scope, origin, mode.args);
    this.stdinCode(inv, scope, [...origin, `${stdinLabel(inv.stdin)} ${inv.name}`]);
  }

  /** A script file run or sourced: written earlier in this line means code built at run time;
   *  otherwise its current text is read and walked like the line itself. */
  private script(inv: Invocation, file: Word, scope: Scope, origin: string[], args: Word[] = []): void {
    if (file.dynamic) {
      inv.opaque = `${inv.name} runs a script whose name is only known at run time`;
      return;
    }
    const abs = resolveDir(scope.cwd, file.value, this.home());
    if (abs === undefined) {
      inv.opaque = `${inv.name} runs ${file.value} from a directory only known at run time`;
      return;
    }
    if (this.written.has(abs)) {
      inv.opaque = `${inv.name} runs ${file.value}, which this line writes first`;
      return;
    }
    const text = readScript(abs);
    if (text === undefined) return;
    const inner = copyScope(scope);
    // `source f` with no arguments keeps the caller's positional parameters.
    if (args.length || inv.name !== 'source' && inv.name !== '.') setPositional(inner, [file.value, ...args.map((a) => (a.dynamic ? null : a.value))]);
    const before = new Set(this.uncertain);
    this.code(text, inner, [...origin, `script ${file.value}`]);
    // A script that mentions nothing any rule watches can't hide a destructive command in what
    // the parser couldn't read (run-time code it builds is still reported as opaque).
    if (this.ctx.mentions && !this.ctx.mentions(text)) for (const u of this.uncertain) if (!before.has(u)) this.uncertain.delete(u);
  }

  /** Package scripts and make recipes the invocation runs: each is walked in its directory. */
  private indirect(inv: Invocation, ind: Indirection, scope: Scope, origin: string[]): void {
    if (ind.opaque) inv.opaque = ind.opaque;
    const changed = ind.files?.find((f) => this.changes(f, inv));
    if (changed) inv.opaque = `${inv.name} runs code from ${path.basename(changed)}, which this line changes first`;
    const mentions = this.ctx.mentions ?? (() => true);
    if (ind.dynamicArgs && ind.runs.some((r) => mentions(r.text))) inv.opaque ??= `${inv.name} passes arguments only known at run time to a script`;
    for (const r of ind.runs) {
      const key = `${r.dir}\0${r.label}`;
      if (this.activeScripts.has(key)) continue; // a script that runs itself is walked once
      this.activeScripts.add(key);
      const inner = copyScope(scope);
      inner.cwd = r.dir;
      setPositional(inner, ['sh']);
      const before = new Set(this.uncertain);
      try {
        this.code(r.text, inner, [...origin, `in ${r.label}`]);
      } finally {
        this.activeScripts.delete(key);
      }
      if (!mentions(r.text)) for (const u of this.uncertain) if (!before.has(u)) this.uncertain.delete(u);
    }
  }

  /** Whether the line, before `inv`, may change file `f`: a redirection to it, a command naming
   *  it (cp, sed -i, mv, git checkout...), or `npm pkg set` / `npm set-script`. */
  private changes(f: string, inv: Invocation): boolean {
    const base = path.basename(f);
    for (const w of this.written) if (w === f || path.basename(w) === base) return true;
    for (const o of this.out) {
      if (o === inv) break;
      const words = o.argv.map((w) => w.value);
      if (o.name === 'npm' && (words.includes('set-script') || (words.includes('pkg') && words.includes('set')))) return true;
      if (o.name === 'pnpm' && words.includes('pkg')) return true;
      if (READERS.has(o.name) || (o.name === 'git' && GIT_READERS.has(words[1] ?? ''))) continue;
      if (o.argv.slice(1).some((w) => path.basename(w.value) === base)) return true;
    }
    return false;
  }

  /** A shell or `source /dev/stdin` reading its commands from stdin. */
  private stdinCode(inv: Invocation, scope: Scope, origin: string[]): void {
    const s = inv.stdin;
    if (!s) {
      inv.opaque = 'a shell reads commands from its input';
      return;
    }
    if (s.kind === 'heredoc' || (s.kind === 'herestring' && !s.dynamic)) return this.code(s.text, copyScope(scope), origin);
    if (s.kind === 'pipe' && s.text !== undefined) return this.code(s.text, copyScope(scope), origin);
    if (s.kind === 'file' && !s.path.dynamic) return; // a script file
    inv.opaque = s.kind === 'pipe' ? `a shell runs what \`${s.from.slice(0, 60)}\` prints` : 'a shell reads commands built at run time';
  }

  private source(inv: Invocation, scope: Scope, origin: string[]): void {
    const f = inv.argv[1];
    if (!f) return;
    if (f.dynamic) {
      inv.opaque = `${inv.name} reads code from a file only known at run time`;
      return;
    }
    if (/^\/dev\/(stdin|fd\/0)$|^\/proc\/self\/fd\/0$/.test(f.value)) return this.stdinCode(inv, scope, [...origin, 'source']);
    if (/^\/dev\/fd\/|^\/proc\/self\/fd\//.test(f.value)) {
      inv.opaque = `${inv.name} reads code from a pipe`;
      return;
    }
    this.script(inv, f, scope, origin, inv.argv.slice(2));
  }

  private findExec(inv: Invocation, scope: Scope, origin: string[]): void {
    const a = inv.argv;
    // `{}` is some path under find's starting points: with one known root, a pattern below it.
    const roots: Word[] = [];
    for (let i = 1; i < a.length && !/^[-(!]/.test(a[i]!.value); i++) roots.push(a[i]!);
    const root = roots.length === 1 && !roots[0]!.dynamic && !roots[0]!.glob ? roots[0]!.value.replace(/\/+$/, '') || '/' : roots.length === 0 ? '.' : undefined;
    const under = (w: Word): Word =>
      root === undefined ? { ...w, dynamic: true } : { ...w, value: w.value.replace('{}', `${root === '/' ? '' : root}/**`), glob: true, dynamic: false };
    for (let i = 1; i < a.length; i++) {
      const v = a[i]!.value;
      if (v !== '-exec' && v !== '-execdir' && v !== '-ok' && v !== '-okdir') continue;
      let j = i + 1;
      while (j < a.length && a[j]!.value !== ';' && a[j]!.value !== '+') j++;
      const cmd = a.slice(i + 1, j).map((w, k) => (w.value.includes('{}') ? (k > 0 && w.value === '{}' ? under(w) : { ...w, dynamic: true }) : w));
      // With `+`, find fills `{}` with many paths: the `{}` word already stands for them.
      if (cmd.length) this.emit(cmd, [], [], undefined, v.endsWith('dir') ? { ...scope, cwd: undefined } : scope, [...origin, `find ${v}`], inv.text, false, inv);
      i = j;
    }
  }

  private su(inv: Invocation, scope: Scope, origin: string[]): void {
    const a = inv.argv;
    for (let i = 1; i < a.length; i++) {
      const v = a[i]!.value;
      if (v === '-c' || v === '--command') return this.runCode(inv, a.slice(i + 1, i + 2), scope, [...origin, 'su -c'], false);
      if (v.startsWith('--command=')) return this.runCode(inv, [{ ...a[i]!, value: v.slice(10) }], scope, [...origin, 'su -c'], false);
    }
  }

  private ssh(inv: Invocation, scope: Scope, origin: string[]): void {
    const a = inv.argv;
    const withArg = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);
    let i = 1;
    for (; i < a.length; i++) {
      const v = a[i]!.value;
      if (v === '--') {
        i++;
        break;
      }
      if (!v.startsWith('-')) break;
      if (withArg.has(v)) i++;
    }
    const host = a[i];
    const rest = a.slice(i + 1);
    if (!host || !rest.length) return;
    const remote = copyScope(scope);
    remote.cwd = undefined;
    for (const k of remote.vars.keys()) remote.vars.set(k, null);
    this.runCode(inv, rest, remote, [...origin, `ssh ${host.value}`], true);
  }

  // ---- variables ----

  private home(): string | undefined {
    return this.ctx.home ?? this.ctx.env.HOME;
  }

  lookup(scope: Scope, name: string): string | null | undefined {
    if (scope.vars.has(name)) return scope.vars.get(name);
    if (name === 'PWD') return scope.cwd ?? null;
    // A new bash sets IFS itself, whatever the environment says; a live session's is its own.
    if (name === 'IFS') return (this.ctx.envComplete ? undefined : this.ctx.env.IFS) ?? ' \t\n';
    if (name === 'BASH') return '/bin/bash';
    // bash sets SHELL to the login shell when the environment doesn't.
    if (name === 'SHELL' && this.ctx.env.SHELL === undefined) return null;
    if (name === 'HOME') return this.home() ?? null;
    if (BASH_DYNAMIC.has(name)) return null;
    if (/^\d+$/.test(name) || name === '#') return scope.vars.has('#') ? undefined : null;
    const v = this.ctx.env[name];
    if (v !== undefined) return v;
    return this.ctx.envComplete ? undefined : null;
  }

  private baseVars: Readonly<Record<string, string>> | undefined;

  private varsFor(scope: Scope, assignments: Assignment[]): Readonly<Record<string, string>> {
    if (!this.baseVars) {
      const base: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.ctx.env)) if (v !== undefined) base[k] = v;
      this.baseVars = Object.freeze(base);
    }
    // Most commands see the environment unchanged: share one frozen copy.
    if (!scope.vars.size && !assignments.length) return this.baseVars;
    const vars: Record<string, string> = { ...this.baseVars };
    for (const [k, v] of scope.vars) {
      if (typeof v === 'string') vars[k] = v;
      else delete vars[k];
    }
    for (const a of assignments) {
      if (a.value.dynamic) delete vars[a.name];
      else vars[a.name] = a.value.value;
    }
    return vars;
  }

  wordEnv(scope: Scope, origin: string[]): WordEnv {
    return {
      lookup: (name) => this.lookup(scope, name),
      // `HOME=/etc; rm -rf ~/x`: tilde expands the variable when the line sets it.
      home: homeOf(scope, this.home()),
      nested: (node, kind) => {
        const o = [...origin, kind];
        this.seq(named(node), copyScope(scope), o);
      },
      unsure: (reason) => this.uncertain.add(reason),
      assign: (name) => scope.vars.set(name, null),
    };
  }
}

// ---- helpers ----

/** Variables a builtin assigns: read NAME..., read -a NAME, printf -v NAME, getopts OPTS NAME. */
function setByBuiltin(name: string, argv: Word[]): string[] {
  const a = argv.slice(1).map((w) => w.value);
  const out: string[] = [];
  if (name === 'printf') {
    const i = a.indexOf('-v');
    if (i >= 0 && a[i + 1]) out.push(a[i + 1]!);
    return out;
  }
  if (name === 'getopts') return a[1] ? [a[1]] : [];
  const withArg = new Set(['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u', '-C', '-c', '-O', '-s']);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === '-a' && a[i + 1]) out.push(a[++i]!);
    else if (withArg.has(v)) i++;
    else if (!v.startsWith('-')) out.push(v);
  }
  if (!out.length) out.push(name === 'read' ? 'REPLY' : 'MAPFILE');
  return out;
}

/** Programs that only read the files they name (so `cat package.json && npm test` is fine). */
const READERS = new Set(['cat', 'less', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'jq', 'wc', 'ls', 'stat', 'file', 'diff', 'cmp', 'md5sum', 'sha256sum', 'sha1sum', 'bat', 'test', '[', 'echo', 'printf']);
const GIT_READERS = new Set(['diff', 'log', 'show', 'status', 'blame', 'add', 'commit', 'ls-files', 'grep']);

/** Paths to well-known programs are binaries, not scripts to read. */
const WRAPPERS_WITH_PATH = new Set(['env', 'sudo', 'bash', 'sh']);
const SHEBANG = /^#!\s*(\/usr\/bin\/env\s+(-S\s+)?)?\S*\/?(ba|z|da|k|mk|a)?sh\b/;
const MAX_SCRIPT = 256 * 1024;

/** A shell script's text, if the file is one we should read (small, text, shell). */
function readScript(abs: string): string | undefined {
  try {
    const st = statSync(abs);
    if (!st.isFile() || st.size > MAX_SCRIPT) return undefined;
    const text = readFileSync(abs, 'utf8');
    if (text.includes('\0')) return undefined;
    if (text.startsWith('#!') && !SHEBANG.test(text.split('\n', 1)[0]!)) return undefined;
    return text;
  } catch {
    return undefined;
  }
}

function named(n: TSNode): TSNode[] {
  return n.namedChildren.filter((c): c is TSNode => !!c);
}

export function newScope(cwd: string | undefined, positional?: Array<string | null>): Scope {
  const scope: Scope = { vars: new Map(), cwd, funcs: new Map() };
  if (positional) setPositional(scope, positional);
  return scope;
}

/** $0, $1... and $# in the scope; `null` entries are unknown. */
export function setPositional(scope: Scope, values: Array<string | null>): void {
  for (const k of [...scope.vars.keys()]) if (/^\d+$/.test(k) && k !== '0') scope.vars.delete(k);
  values.forEach((v, i) => scope.vars.set(String(i), v));
  scope.vars.set('#', String(Math.max(0, values.length - 1)));
}

function positionalOf(scope: Scope): Array<string | null> | undefined {
  const n = scope.vars.get('#');
  if (typeof n !== 'string') return undefined;
  const out: Array<string | null> = [scope.vars.get('0') ?? null];
  for (let i = 1; i <= Number(n); i++) out.push(scope.vars.get(String(i)) ?? null);
  return out;
}

function copyScope(s: Scope): Scope {
  return { vars: new Map(s.vars), cwd: s.cwd, funcs: new Map(s.funcs) };
}

/** After a branch that may or may not run: changed variables and directory become unknown. */
function mergeBranch(outer: Scope, inner: Scope): void {
  for (const [k, v] of inner.vars) if (outer.vars.get(k) !== v || !outer.vars.has(k)) outer.vars.set(k, null);
  if (inner.cwd !== outer.cwd) outer.cwd = undefined;
  for (const [k, v] of inner.funcs) if (!outer.funcs.has(k)) outer.funcs.set(k, v);
}

/** $HOME for `~`: the line's value when it sets one (null: unknown), else the user's. */
function homeOf(scope: Scope, home: string | undefined): string | undefined {
  const h = scope.vars.get('HOME');
  return h === null ? undefined : h === undefined ? home : h;
}

function isDefaultIfs(scope: Scope, sessionIfs: string | undefined): boolean {
  // A new bash ignores IFS from the environment: only the line (or a live session) changes it.
  const v = scope.vars.has('IFS') ? scope.vars.get('IFS') : sessionIfs;
  return v === undefined || v === ' \t\n';
}

/** With CDPATH set, `cd name` (not `./name`, `../x` or `/x`) may go to a directory under CDPATH. */
function cdPathUnknown(argv: Word[], cdpath: string | null | undefined): boolean {
  if (cdpath === undefined || cdpath === '') return false;
  const d = argv.slice(1).find((a) => !/^-[LPe@]+$/.test(a.value) && a.value !== '--');
  return !!d && !d.dynamic && !/^(\/|\.\.?(\/|$)|~)/.test(d.value) && d.value !== '-';
}

function resolveDir(cwd: string | undefined, dir: string, home: string | undefined): string | undefined {
  if (dir === '~' || dir.startsWith('~/')) {
    if (!home) return undefined;
    dir = home + dir.slice(1);
  }
  if (path.isAbsolute(dir)) return path.normalize(dir);
  return cwd === undefined ? undefined : path.resolve(cwd, dir);
}

function cdTarget(argv: Word[], cwd: string | undefined, home: string | undefined): string | undefined {
  const args = argv.slice(1).filter((a) => !/^-[LPe@]+$/.test(a.value));
  if (args[0]?.value === '--') args.shift();
  const d = args[0];
  if (!d) return home;
  if (d.dynamic || d.glob || d.value === '-' || /^[+-]\d+$/.test(d.value)) return undefined;
  return resolveDir(cwd, d.value, home);
}

function stdinLabel(s: StdinSource | undefined): string {
  if (!s) return 'stdin to';
  return s.kind === 'pipe' ? 'pipe to' : `${s.kind} to`;
}

/** What a command prints, when that is a literal we can read (echo, printf, cat of a heredoc). */
export function literalOutput(inv: Invocation): string | undefined {
  const args = inv.argv.slice(1);
  if (args.some((a) => a.dynamic)) return undefined;
  switch (inv.name) {
    case 'echo': {
      let i = 0;
      let escapes = false;
      let newline = true;
      while (i < args.length && /^-[neE]+$/.test(args[i]!.value)) {
        if (args[i]!.value.includes('e')) escapes = true;
        if (args[i]!.value.includes('n')) newline = false;
        i++;
      }
      const s = args.slice(i).map((a) => a.value).join(' ');
      return (escapes ? decodeAnsiC(s) : s) + (newline ? '\n' : '');
    }
    case 'printf': {
      let i = 0;
      if (args[0]?.value === '--') i++;
      const fmt = args[i]?.value;
      if (fmt === undefined) return undefined;
      const rest = args.slice(i + 1).map((a) => a.value);
      let k = 0;
      const out = fmt.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sbdiqc])/g, (_m, spec: string) => {
        if (spec === '%') return '%';
        const v = rest[k++] ?? '';
        return spec.endsWith('b') ? decodeAnsiC(v) : v;
      });
      return decodeAnsiC(out) + (k < rest.length ? rest.slice(k).join('') : '');
    }
    case 'cat':
      if (args.length === 0 && inv.stdin && (inv.stdin.kind === 'heredoc' || inv.stdin.kind === 'herestring')) return inv.stdin.text;
      if (args.length === 0 && inv.stdin?.kind === 'pipe') return inv.stdin.text;
      return undefined;
    default:
      return undefined;
  }
}

/** Constructs tree-sitter-bash is known to get wrong: fail closed on them. */
export function checkBlindSpots(text: string, out: Set<string>): void {
  if (/\\\r?\n[ \t]*#/.test(text)) out.add('backslash-newline before #');
  // tree-sitter splits a word at a backslash-newline; bash joins it.
  if (/(^|[^\s\\])\\\r?\n/.test(text)) out.add('backslash-newline inside a word');
  // An array subscript is evaluated as arithmetic, running any $(...) in it, even from a string.
  if (/\[[^\]]*(\$\(|`)/.test(text)) out.add('command substitution inside an array subscript');
  if (text.includes('expand_aliases')) out.add('aliases are expanded');
  if (text.includes('`') && /<<-?\s*\S/.test(text) && /<<-?\s*['"\\]?\w+['"]?[^\n]*\n[\s\S]*`/.test(text)) {
    // Refined per heredoc in the walk; this catches bodies tree-sitter failed to attach.
    const m = /<<-?\s*(['"\\]?)(\w+)/.exec(text);
    if (m && !m[1]) out.add('backtick inside a heredoc');
  }
}

function describeError(root: TSNode): string {
  const err = findError(root);
  if (!err) return 'the line could not be parsed';
  const what = err.isMissing ? `missing ${err.type}` : `unexpected ${JSON.stringify(err.text.slice(0, 20))}`;
  return `parse error at column ${err.startPosition.column + 1}${err.startPosition.row ? ` of line ${err.startPosition.row + 1}` : ''}: ${what}`;
}

function findError(n: TSNode): TSNode | undefined {
  if (n.isError || n.isMissing) return n;
  for (const c of n.children) {
    if (c && (c.hasError || c.isMissing || c.isError)) {
      const e = findError(c);
      if (e) return e;
    }
  }
  return undefined;
}

export type { Seg };
