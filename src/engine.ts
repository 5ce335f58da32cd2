// One engine for every entry point: text -> parse -> rules -> targets -> policy.
import path from 'node:path';
import { homeOf, stateDir } from './dirs.js';
import type { Config, QuickIndex } from './rules/index.js';
import { mentionsWatched, quickReject } from './rules/quick.js';
import type { Decision, JudgedFinding, TargetInfo } from './policy/index.js';
import { originOf, type Invocation } from './parse/types.js';
import type { Registry } from './programs/index.js';
import { mark } from './timing.js';
import { bare, table } from './own.js';
import { during, resetView } from './fs-view.js';

export interface CheckContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  home?: string;
  /** The environment is exactly what the command will get (shell -c mode). */
  envComplete?: boolean;
  positional?: string[];
  dialect?: 'bash' | 'zsh';
  /** The command's standard input may be written by whoever started it: a terminal or pipe under
   *  `countersign -c` (an agent's tool may type into it), an interactive session. A shell started
   *  there with no command reads what they write, unseen, so it pauses. Unset (check, hooks): the
   *  agents' tools give a command no input to type into, as for any REPL (README, threat model). */
  inputOpen?: boolean;
  /** The agent runs the command inside `eval '...' && ...` (Claude Code's Bash tool; Cursor's is not
   *  known): a set -e in it is ignored, so nothing after it surely succeeded (parse/walk.ts). */
  evalWrapped?: boolean;
}

export interface CheckResult {
  decision: Decision;
  findings: JudgedFinding[];
  uncertain: string[];
  phrase?: string;
  /** True when the quick reject decided without parsing. */
  quick: boolean;
  /** The project root the phrase's paths are relative to. */
  root?: string;
}

export interface Engine {
  config: Config;
  index: QuickIndex;
}

const ALLOW: CheckResult = { decision: 'allow', findings: [], uncertain: [], quick: true };


let engineCache: { key: string; engine: Engine } | undefined;

/** Load the config for a directory (cached per process for the same team file). */
export async function engineFor(ctx: Pick<CheckContext, 'cwd' | 'env' | 'home'>): Promise<Engine> {
  const { loadConfig, findTeamFile, quickIndexOf } = await import('./rules/load.js');
  const home = ctx.home ?? homeOf(ctx.env);
  const key = `${findTeamFile(ctx.cwd) ?? ''}\0${home}\0${ctx.env.XDG_CONFIG_HOME ?? ''}`;
  if (engineCache?.key === key) return engineCache.engine;
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, home }, { cacheDir: stateDir(ctx.env, home) });
  const engine = { config, index: quickIndexOf(config) };
  engineCache = { key, engine };
  return engine;
}

export async function check(text: string, ctx: CheckContext, engine?: Engine): Promise<CheckResult> {
  const eng = engine ?? (await engineFor(ctx));
  if (!eng.config.errors.length && quickReject(text, eng.index, ctx.cwd, 0, ctx.env)) return ALLOW;
  return fullCheck(text, ctx, eng);
}

/** check() without the quick reject: tests hold the quick reject to what this decides. */
export async function checkFully(text: string, ctx: CheckContext, engine?: Engine): Promise<CheckResult> {
  return fullCheck(text, ctx, engine ?? (await engineFor(ctx)));
}

type FullModules = [typeof import('./parse/index.js'), typeof import('./rules/index.js'), Targets, typeof import('./policy/index.js'), typeof import('./programs/index.js')];
let full: FullModules | undefined;

/** The heavy modules, loaded once, only when the quick reject can't decide. */
async function fullModules(): Promise<FullModules> {
  full ??= await Promise.all([import('./parse/index.js'), import('./rules/index.js'), import('./targets/index.js'), import('./policy/index.js'), import('./programs/index.js')]);
  return full;
}

async function fullCheck(text: string, ctx: CheckContext, eng: Engine): Promise<CheckResult> {
  // Variable names on the line are looked up in the environment: `$constructor` is no variable.
  ctx = { ...ctx, env: bare(ctx.env) };
  const mods = full ?? (await fullModules());
  let parser: Awaited<ReturnType<FullModules[0]['loadParser']>> | undefined;
  let parserError: string | undefined;
  try {
    parser = await mods[0].loadParser();
    mark('parser ready');
  } catch (e) {
    parserError = (e as Error).message;
  }
  // Everything from here on is synchronous: a timer can't interrupt it, so a line that makes it
  // run long (a regex that backtracks, a parse that doesn't call back) would keep the hook from
  // answering until the agent's own timeout lets the command run. V8 stops it at the limit
  // instead, wherever it is (inside a regex, inside the parser's wasm, past any try/catch), and
  // the line pauses.
  // The watchdog costs ~0.2 ms a check (V8 starts a thread for it), so it guards what can run
  // long: a long line, or rules not of the builtin packs (a team's regex nobody audited). The
  // builtin patterns are linear on short input (test/fuzz/rt24z.test.ts).
  const limit = checkLimitFrom(ctx.env);
  // The line is judged against one view of the disk (fs-view.ts), started fresh for each line.
  resetView();
  const run = (): CheckResult => during(() => fullCheckSync(text, ctx, eng, mods, parser, parserError));
  const done = text.length > UNBOUNDED_CHARS || foreignRules(eng) || ctx.env.COUNTERSIGN_CHECK_LIMIT_MS !== undefined
    ? bounded(run, limit)
    : { value: run() };
  resetView();
  if (done) return done.value;
  parser?.reset();
  return pauseWhole(text, ctx, eng, mods, `checking took longer than ${Math.round(limit / 1000)} s`);
}

function fullCheckSync(text: string, ctx: CheckContext, eng: Engine, mods: FullModules, parser: Awaited<ReturnType<FullModules[0]['loadParser']>> | undefined, parserError: string | undefined): CheckResult {
  const [{ parseWith }, rules, targets, policy, { BUILTIN }] = mods;
  // Files read for the last line may have changed since (a session's previous line switched the
  // kubeconfig's context): each line reads them afresh.
  targets.clearTargetCache();
  const home = ctx.home ?? homeOf(ctx.env);
  const parseCtx = { cwd: ctx.cwd, env: ctx.env, home };
  const res = parser ? parseWith(parser, text, parseCtx, { envComplete: ctx.envComplete, positional: ctx.positional, dialect: ctx.dialect, mentions: (t) => mentionsWatched(t, eng.index), programs: eng.config.commands, ...(ctx.evalWrapped ? { evalWrapped: true } : {}) }) : { invocations: [], uncertain: [`the parser failed: ${parserError}`] };
  mark('parse');
  const marked = rules.readMarkedRegistry(path.join(stateDir(ctx.env, home), 'marked.json'));
  const registry = path.join(stateDir(ctx.env, home), 'projects.json');
  const projects = rules.readProjectRegistry(registry);
  // This project missing from the registry (a lost concurrent update, the file deleted while the
  // compiled config stayed cached): recorded again.
  const teamRoot = eng.config.teamRoot;
  if (teamRoot && !eng.config.errors.length && !projects.some((p) => p.root === teamRoot)) {
    const mine = eng.config.protectedPaths.filter((p) => p.source.startsWith(teamRoot + path.sep));
    if (mine.length) rules.writeProjectPaths(registry, teamRoot, mine);
  }
  const own = withOtherProjects(eng.config, projects);
  const rctx = { cwd: ctx.cwd, home, protectedPaths: rules.withPathShadows(rules.withRepository(own, ctx.cwd, home), ctx.env.PATH, home), marked, commands: eng.config.commands, parseCtx, parser, inputOpen: ctx.inputOpen };
  const { findings } = rules.evaluateRules(res, eng.config, rctx, eng.index, text);
  mark('rules');
  const tctx = { cwd: ctx.cwd, env: ctx.env, home, environments: eng.config.environments as never, projectRoot: eng.config.teamRoot, machine: targets.machineEnvironment(eng.config.machine), programs: eng.config.commands, sqlSources: rules.sqlSources };
  const judged: JudgedFinding[] = findings.flatMap((f) => {
    let t = f.elsewhere ? { environment: 'unknown', facts: {}, evidence: [f.elsewhere] } : f.inv ? targetOf(f.inv, f.targetKind, tctx, targets, BUILTIN) : { environment: 'unknown', facts: {}, evidence: ['the whole line is affected, so no single target can be named'] };
    // Code only known at run time in a tool that edits files (`perl -e 'system(pack("H*", …))'`,
    // awk, sed): what it runs may reach any host, not only files here (rt27b).
    if (f.rule === 'core/opaque' && t.environment === 'local' && f.inv && targets.targetKindFor(f.inv) === 'filesystem') {
      t = { environment: 'unknown', facts: {}, evidence: [`${f.inv.name} runs code only known at run time, which may act anywhere: unknown, handled like production`] };
    }
    // A local database file inside a protected path is still protected data.
    const file = t.facts['sqlite-file'];
    const why = file ? rules.protectedReason(path.resolve(f.inv?.cwd ?? ctx.cwd, file), rctx) : undefined;
    if (why) t = { ...t, facts: { ...t.facts, 'protected-path': file! }, evidence: [...t.evidence, why] };
    if (f.onlyIn && (!f.onlyIn.includes(t.environment) || t.facts['possible-targets'])) return [];
    const withTarget = { ...f, target: t };
    const { inv: _inv, ...rest } = withTarget;
    void _inv;
    return [{ ...rest, target: t, decision: policy.decideOne(withTarget, eng.config.policy) } as JudgedFinding];
  });
  const decision = policy.decide(judged);
  const out: CheckResult = { decision, findings: sameTarget(judged), uncertain: res.uncertain, quick: false };
  const root = targets.projectRoot(tctx);
  const phrase = decision === 'confirm' ? policy.phraseFor(judged, { home, root }) : undefined;
  if (root) out.root = root;
  if (phrase) out.phrase = phrase;
  return out;
}


/** The longest (wall clock) the synchronous part of a check may run; the environment can only
 *  lower it (tests). Under the hooks' own 20 s, which a blocked thread can't enforce. */
export const CHECK_LIMIT_MS = 10_000;
/** One finding per rule, command text and detail: where the same text ran more than once (a
 *  loop's body over `staging production`, a command repeated after another switch) or was read
 *  two ways (a compose service's command, through the engine and through the service), the one
 *  that acts in the worst place stands (the first of equals): production or unknown before a
 *  named environment, that before local. */
function sameTarget(fs: JudgedFinding[]): JudgedFinding[] {
  const DECISION = ['allow', 'confirm', 'deny'];
  const rank = (f: JudgedFinding): number => DECISION.indexOf(f.decision) * 10 + (f.target.environment === 'production' ? 3 : f.target.environment === 'unknown' ? 2 : f.target.environment === 'local' ? 0 : 1);
  const best = new Map<string, JudgedFinding>();
  for (const f of fs) {
    const k = [f.rule, f.invocation, f.detail].join('\0');
    const cur = best.get(k);
    if (!cur || rank(f) > rank(cur)) best.set(k, f);
  }
  const keep = new Set(best.values());
  return fs.filter((f) => keep.has(f));
}

function checkLimitFrom(env: CheckContext['env']): number {
  const n = Number(env.COUNTERSIGN_CHECK_LIMIT_MS);
  return Number.isFinite(n) && n > 0 ? Math.min(n, CHECK_LIMIT_MS) : CHECK_LIMIT_MS;
}

/** Lines up to this long, with only the builtin packs' rules, run without the watchdog. */
const UNBOUNDED_CHARS = 2048;
const foreign = new WeakMap<Engine, boolean>();
function foreignRules(eng: Engine): boolean {
  let f = foreign.get(eng);
  if (f === undefined) foreign.set(eng, (f = eng.config.rules.some((r) => !r.builtin)));
  return f;
}

const BOUNDED = Symbol.for('countersign.bounded');
let boundedScript: import('node:vm').Script | undefined;
/** fn() run with V8's watchdog: undefined when it ran longer than `ms`. The stop can't be caught
 *  inside fn (a `catch` that would read it as "no match" never sees it). */
function bounded<T>(fn: () => T, ms: number): { value: T } | undefined {
  const vm = process.getBuiltinModule('node:vm') as typeof import('node:vm');
  boundedScript ??= new vm.Script('globalThis[Symbol.for("countersign.bounded")]()');
  const g = globalThis as Record<symbol, unknown>;
  const outer = g[BOUNDED];
  g[BOUNDED] = fn;
  try {
    return { value: boundedScript.runInThisContext({ timeout: ms }) as T };
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return undefined;
    throw e;
  } finally {
    g[BOUNDED] = outer;
  }
}

/** A pause for the whole line, with the reason, when it couldn't be checked. */
function pauseWhole(text: string, ctx: CheckContext, eng: Engine, mods: FullModules, why: string): CheckResult {
  const policy = mods[3];
  const target = { environment: 'unknown', facts: {}, evidence: ['the whole line is affected, so no single target can be named'] };
  const f = { rule: 'core/uncertain', severity: 'high' as const, summary: "the line can't be read with certainty", action: 'confirm' as const, invocation: text.slice(0, 300), detail: why, target };
  const judged = [{ ...f, decision: policy.decideOne(f as never, eng.config.policy) } as JudgedFinding];
  const decision = policy.decide(judged);
  const home = ctx.home ?? homeOf(ctx.env);
  const out: CheckResult = { decision, findings: judged, uncertain: [why], quick: false };
  const phrase = decision === 'confirm' ? policy.phraseFor(judged, { home, root: eng.config.teamRoot }) : undefined;
  if (phrase) out.phrase = phrase;
  return out;
}

type Targets = typeof import('./targets/index.js');

const otherMemo = new WeakMap<object, { projects: unknown; out: Config['protectedPaths'] }>();
/** The config's protected paths plus what every other project countersign has loaded protects
 *  (rules/paths.ts readProjectRegistry): `rm -rf repo/data` from the directory above the project
 *  (Codex's `workdir: ".."`, a `cd ..` an earlier call left) is the same data. The project the
 *  command runs in is left to its own config, whose trust state is exact. */
function withOtherProjects(cfg: Config, projects: import('./rules/index.js').ProjectPaths[]): Config['protectedPaths'] {
  if (!projects.length) return cfg.protectedPaths;
  const hit = otherMemo.get(cfg.protectedPaths);
  if (hit && hit.projects === projects) return hit.out;
  const others = projects.filter((p) => p.root !== cfg.teamRoot).flatMap((p) => p.paths);
  const out = others.length ? [...cfg.protectedPaths, ...others] : cfg.protectedPaths;
  otherMemo.set(cfg.protectedPaths, { projects, out });
  return out;
}

/** Where an invocation acts. A command run inside a pod, a container or over ssh acts there,
 *  not on this machine. */
function targetOf(inv: Invocation, kind: string | undefined, tctx: Parameters<Targets['resolveTarget']>[2], targets: Targets, builtin: Registry): TargetInfo {
  const ruleKind = kind;
  // `docker exec db psql -h db.prod.example.com`: the host its own arguments name is where it
  // acts; the container, pod or ssh host only carries the connection. A bare service name
  // (`-h db`) inside a container or pod is a neighbour on its network (a compose service, a
  // cluster service): the engine or cluster still names where that is.
  const through = (how: string, inner = false): TargetInfo | undefined => {
    const t = explicitRemote(inv, kind, tctx, targets, inner ? NEIGHBOUR : undefined);
    return t && { ...t, evidence: [...t.evidence, `sent from ${how}`] };
  };
  for (let v = inv.via; v; v = v.via) {
    // Builtin wrappers that run the command inside a pod or container act where that is.
    const kind = builtin[v.name]?.wraps && builtin[v.name]?.acts?.kind;
    if (kind === 'kubernetes' || kind === 'docker') {
      const remote = through(`inside a ${kind === 'kubernetes' ? 'pod' : 'container'} through \`${v.name} exec\``, true);
      if (remote) return remote;
      const t = targets.resolveTarget(v, kind, tctx);
      const app = kind === 'docker' ? appDatabase(inv, ruleKind, v, t, tctx, targets) : undefined;
      if (app) return app;
      return { ...t, evidence: [`runs inside a ${kind === 'kubernetes' ? 'pod' : 'container'} through \`${v.name} exec\``, ...t.evidence] };
    }
  }
  // Reached through `sh -c` or a script inside the pod or container: it still acts there.
  const ex = originOf(inv.origin, 'exec');
  if (ex) {
    const k = builtin[ex.into.name]?.acts?.kind === 'kubernetes' ? 'kubernetes' : 'docker';
    const remote = through(`inside a ${k === 'kubernetes' ? 'pod' : 'container'} through \`${ex.into.name} exec\``, true);
    if (remote) return remote;
    const t = targets.resolveTarget(ex.into, k, tctx);
    const app = k === 'docker' ? appDatabase(inv, ruleKind, ex.into, t, tctx, targets) : undefined;
    if (app) return app;
    return { ...t, evidence: [`runs inside a ${k === 'kubernetes' ? 'pod' : 'container'} through \`${ex.into.name} exec\``, ...t.evidence] };
  }
  const ssh = originOf(inv.origin, 'ssh');
  const platform = ssh?.via ? SSH_PLATFORMS[ssh.via.name] : undefined;
  if (ssh?.via && platform) {
    // `fly ssh console`, `railway ssh`, `render ssh`: the machine is one of the app's or the
    // service's, named the way that platform's own rules name it.
    const t = targets.resolveTarget(ssh.via, platform.kind as never, tctx);
    return { ...t, evidence: [`runs on ${platform.what} through \`${ssh.via.name}\``, ...t.evidence] };
  }
  if (ssh) {
    const remote = through(ssh.via ? `${ssh.host} through \`${ssh.via.name}\`` : `${ssh.host} over ssh`);
    if (remote) return remote;
    // An alias in ~/.ssh/config (as the line left it) names the machine by its HostName.
    // `ssh -F FILE`, `-o HostName=…` (its Host blocks, its name) and `ansible -i INVENTORY` say
    // where the host is; one known only at run time leaves it unknown.
    const cfg = ssh.via ? undefined : ssh.config;
    if (cfg?.dynamic) {
      const what = cfg.inventory !== undefined ? 'the ansible inventory' : 'its ssh config file or HostName';
      return { environment: 'unknown', facts: { host: ssh.host }, evidence: [`runs on ${ssh.host} over ssh`, `${what} is only known at run time: unknown, handled like production`] };
    }
    const alias = ssh.via ? undefined : targets.sshHostName(ssh.host, tctx.home, inv.written, { ...cfg, cwd: inv.cwd ?? tctx.cwd });
    const host = alias?.hostName ?? ssh.host;
    const facts: Record<string, string> = table({ host });
    if (cfg?.file !== undefined && !alias) facts['ssh-config'] = cfg.file.replace(/^.*\//, '');
    if (cfg?.inventory !== undefined) facts['ansible-inventory'] = cfg.inventory;
    let c = targets.classify(facts, tctx);
    // The alias is a name people chose too (`Host prod`): the stricter reading stands.
    if (alias && c.environment !== 'production') {
      const byAlias = targets.classify({ host: ssh.host }, tctx);
      if (byAlias.environment === 'production') c = byAlias;
    }
    // `ssh localhost` is this machine again, with this machine's environment.
    // Through another program (`adb shell`, a CI file `git push` runs, `aws ssm send-command`).
    const evidence = [ssh.via ? `runs on ${host} through \`${ssh.via.name}\`` : `runs on ${ssh.host} over ssh`,
      ...(alias ? [alias.file === '-o HostName' ? `-o HostName=${alias.hostName} (flag)` : `Host ${ssh.host} is HostName ${alias.hostName} in ${cfg?.file ?? '~/.ssh/config'}`] : []),
      ...(facts['ssh-config'] ? [`ssh -F ${cfg!.file}: Host ${ssh.host} is not read there`] : []), ...(facts['ansible-inventory'] ? [`hosts from inventory ${facts['ansible-inventory']}`] : []), ...c.evidence];
    return { environment: targets.onThisMachine(c.environment, evidence, tctx), facts, evidence };
  }
  // The copy keeps the line the walk recorded (not enumerable, so a spread drops it).
  return targets.resolveTarget(inv.cwd !== undefined ? inv : Object.defineProperty({ ...inv, cwd: tctx.cwd }, 'line', { value: inv.line, enumerable: false }), kind as never, tctx);
}

/** An app's database tool run in a container (`docker compose exec app php artisan db:wipe`):
 *  the database its settings name. On the engine's network (a compose service, localhost there)
 *  or a file, it is where the engine is; elsewhere, where that server is; unread, unknown. */
function appDatabase(inv: Invocation, kind: string | undefined, wrapper: Invocation, engine: TargetInfo, tctx: Parameters<Targets['resolveTarget']>[2], targets: Targets): TargetInfo | undefined {
  if ((kind ?? targets.targetKindFor(inv)) !== 'database') return undefined;
  const t = targets.resolveInContainer(inv, wrapper, tctx);
  if (!t) return undefined;
  const how = `runs inside a container through \`${wrapper.name} exec\`: the app's database, as its settings there name it`;
  const host = t.facts['host'];
  // No host: a file there (local as read) is on the engine; a named environment stands as named.
  if (host !== undefined && host !== '' ? targets.isLocalHost(host) || NEIGHBOUR.test(host) : t.environment === 'local') {
    const own = t.evidence.filter((e) => !/: unknown, handled like production$/.test(e));
    return { ...engine, resource: t.resource ?? engine.resource, facts: { ...engine.facts, ...t.facts }, evidence: [how, ...own, `${host ? `${host} is on the container's network` : 'it is in the container'}, on its engine:`, ...engine.evidence] };
  }
  return { ...t, evidence: [how, ...t.evidence] };
}

/** A container's or pod's neighbour: a service name alone, or a cluster's service address. */
/** Platform CLIs whose ssh runs a command on one of an app's machines or a service's container:
 *  the target kind their own rules resolve. */
const SSH_PLATFORMS: Record<string, { kind: string; what: string }> = table({
  fly: { kind: 'fly', what: 'a machine of the Fly app' },
  flyctl: { kind: 'fly', what: 'a machine of the Fly app' },
  railway: { kind: 'railway', what: 'the Railway service' },
  render: { kind: 'render', what: 'the Render service' },
});
const NEIGHBOUR = /^([a-z0-9_-]+|[\w.-]+\.svc(\.cluster\.local)?)$/i;

/** Kinds whose programs name the server they talk to in their own arguments (a host flag, a URL). */
const HOSTED = new Set(['database', 'http']);

/** Where a command run elsewhere (a container, a pod, an ssh host) acts when its own arguments
 *  name a server that isn't that machine itself (`psql -h db.prod.example.com`, a URL), or one
 *  only known at run time. Read from the arguments alone: the variables and files here are not
 *  the ones it sees there. Undefined: the machine it runs on decides. */
function explicitRemote(inv: Invocation, kind: string | undefined, tctx: Parameters<Targets['resolveTarget']>[2], targets: Targets, neighbour?: RegExp): TargetInfo | undefined {
  const k = kind ?? targets.targetKindFor(inv);
  if (!k || !HOSTED.has(k)) return undefined;
  const bare = { ...tctx, env: {}, home: '/nonexistent/home' };
  const t = targets.resolveTarget({ ...inv, cwd: '/nonexistent/cwd', vars: table(), unknownVars: undefined }, k as never, bare);
  const host = t.facts['host'];
  if (host !== undefined && host !== '' && !targets.isLocalHost(host) && !neighbour?.test(host)) return t;
  if (t.environment === 'unknown' && host === undefined && t.evidence.some((e) => e.includes('computed when the command runs') || e.includes('only known at run time'))) return t;
  return undefined;
}

export { homeOf, stateDir };
