// Target environments: for a finding, WHERE the command would act (production, staging, local,
// unknown, or a team-named environment) and the evidence for it. Everything is read from files
// and variables directly: no subprocesses, no network. Called lazily, only for findings.
import { join, relative } from 'node:path';
import type { Invocation, Word } from '../parse/index.js';
import { isFile, listDir, readingAsWritten } from './cache.js';
import { resolveAws, resolveAzure, resolveGcp } from './clouds.js';
import { classify, namesProduction as namesProductionWord } from './config.js';
import { resolveDatabase } from './database/index.js';
import { urlGiven } from './database/generic.js';
import { resolveDocker } from './docker.js';
import { containerEnv } from './compose.js';
import { placeFiles, readDotenv } from './dotenv.js';
import { resolveFilesystem } from './filesystem.js';
import { resolveGit } from './git.js';
import { prodSegments, resolveHttp } from './http.js';
import { resolvePulumi, resolveTerraform } from './iac.js';
import { resolveGithub } from './github.js';
import { resolveKube } from './kube.js';
import { absPath, projectRoot, showPath } from './paths.js';
import { throughTunnel } from './tunnel.js';
import { resolveFly, resolveHeroku, resolveNetlify, resolveRailway, resolveSupabase, resolveVercel } from './platforms.js';
import { dynamicNote, flag, flagAll, getVar, INJECTORS, makeRun, showVar, type Run } from './run.js';
import { declaredActs, resolveActs } from './acts.js';
import { builtinActs, builtinSelects } from '../programs/index.js';
import { resolveAtlas, resolveCloudflare, resolveDigitalocean, resolveFirebase, resolveNamed, resolveNeon, resolveObjectStore, resolvePlanetscale, resolveService } from './services.js';
import type { Candidate, Target, TargetContext, TargetKind } from './types.js';
import { looksLikeDbUrl, parseConnUrl } from './url.js';
import { table } from '../own.js';

export { classify, type EnvironmentsConfig } from './config.js';
export { projectRoot } from './paths.js';
export { machineEnvironment, type MachineEnv } from './machine.js';
export type { Target, TargetContext, TargetKind } from './types.js';

// MongoDB's `atlas` CLI shares its name with Ariga's schema tool (a database client).
const ATLAS_CLOUD = /^(clusters?|serverless|projects?|backups?|deployments?|dbusers|streams|organizations|iam|api|alerts|accessLists|networking|privateEndpoints|auditing|dataFederation|logs|metrics|processes|customDbRoles|integrations|maintenanceWindows)$/;

function kindOfName(name: string, args: Word[]): TargetKind | undefined {
  if (name === 'atlas' && ATLAS_CLOUD.test(args.find((w) => !w.value.startsWith('-'))?.value ?? '')) return 'atlas';
  // rake runs any task; only the db: ones act on the database.
  if (name === 'rake' && !args.some((w) => w.value.startsWith('db:'))) return undefined;
  // So does mix; its ecto.* tasks act on the repos.
  if (name === 'mix' && !args.some((w) => w.value.startsWith('ecto.'))) return undefined;
  // Builtin kinds only (their names are checked against TargetKind in test/programs/acts.test.ts).
  return name ? (builtinActs(name)?.kind as TargetKind | undefined) : undefined;
}

const NO_CTX: TargetContext = { cwd: '/', env: {}, home: '' };

/** The kind of target a program acts on, from its name (after npx, dotenv, bundle exec...). */
export function targetKindFor(inv: Invocation): TargetKind | undefined {
  const run = makeRun(inv, { ...NO_CTX, cwd: inv.cwd ?? '/' });
  if (run.injected) {
    const inner = run.injected.inner;
    return kindOfName(inner.name, inner.args) ?? kindOfName(run.injected.by, []);
  }
  return kindOfName(run.name, run.args);
}

function resolveKind(run: Run, kind: TargetKind): Candidate[] {
  // A tool with a kind of its own is read as that tool, whatever the rule asked for:
  // `supabase db reset` is a Supabase target, `docker exec db psql` a Docker engine.
  const own = kindOfName(run.name, run.args);
  // A database tool run from its image in a new container (`docker run flyway/flyway
  // -url=jdbc:postgresql://prod-db/app clean`) connects where its URL says, not to the engine.
  // With no URL on the line, the database is whatever the image's configuration or the variables
  // it is given name (`docker run -e DATABASE_URL=... app:latest npx prisma migrate reset`): unknown.
  if (own === 'docker' && kind === 'database' && run.args.find((w) => !w.value.startsWith('-'))?.value === 'run') {
    const given = urlGiven(run);
    return [...resolveDocker(run), ...(given.length ? given : [{ facts: {}, evidence: ["the container's database is named by its image's configuration or the variables it is given"], resource: 'database', environment: 'unknown' as const }])];
  }
  const k = own ?? kind;
  switch (k) {
    case 'database': return resolveDatabase(run);
    case 'kubernetes': return resolveKube(run);
    case 'aws': return resolveAws(run);
    case 'gcp': return resolveGcp(run);
    case 'azure': return resolveAzure(run);
    case 'railway': return resolveRailway(run);
    case 'terraform': return resolveTerraform(run);
    case 'pulumi': return resolvePulumi(run);
    case 'fly': return resolveFly(run);
    case 'heroku': return resolveHeroku(run);
    case 'vercel': return resolveVercel(run);
    case 'netlify': return resolveNetlify(run);
    case 'supabase': return resolveSupabase(run);
    case 'git': return resolveGit(run);
    case 'docker': return resolveDocker(run);
    case 'filesystem': return resolveFilesystem(run);
    case 'http': return resolveHttp(run);
    case 'neon': return resolveNeon(run);
    case 'planetscale': return resolvePlanetscale(run);
    case 'digitalocean': return resolveDigitalocean(run);
    case 'firebase': return resolveFirebase(run);
    case 'cloudflare': return resolveCloudflare(run);
    case 'atlas': return resolveAtlas(run);
    case 'turso': case 'upstash': case 'render': return resolveNamed(run, k);
    case 'objectstore': return resolveObjectStore(run);
    case 'service': return resolveService(run);
    case 'github': return resolveGithub(run);
    // A kind no resolver knows (a team rule's own target:): nothing says where, so unknown.
    default: return [];
  }
}

const SHELL_NAMES = /^(sh|bash|zsh|dash|ksh|ash|mksh|fish)$/;

// Which environment to show when a command may reach several. Unknown is handled like
// production by policy; a named production is shown first because it says more.
function rank(env: string): number {
  switch (env) {
    case 'production': return 4;
    case 'unknown': return 3;
    case 'staging': return 1;
    case 'local': return 0;
    default: return 2;
  }
}

function settle(c: Candidate, run: Run | undefined, ctx: TargetContext): Target {
  let environment: string;
  let why: string[];
  if (c.environment !== undefined) {
    environment = c.environment;
    why = [];
  } else {
    const r = classify(c.facts, ctx);
    environment = r.environment;
    why = r.evidence;
  }
  const evidence = [...(run?.notes ?? []), ...c.evidence, ...why];
  if (environment === 'local' && (c.guessed || run?.guessed)) {
    environment = 'unknown';
    evidence.push('that rests on an assumption, so it is not trusted as local: unknown');
  }
  const tunnel = environment === 'local' && run ? throughTunnel(run.inv, c.facts, c.resource) : undefined;
  if (tunnel) {
    environment = 'unknown';
    evidence.push(tunnel);
  }
  environment = onThisMachine(environment, evidence, ctx);
  const t: Target = { environment, facts: { ...c.facts }, evidence };
  if (c.resource !== undefined) t.resource = c.resource;
  return t;
}

/** A local target is on this machine, so it has this machine's environment (`machine:`). */
export function onThisMachine(environment: string, evidence: string[], ctx: TargetContext): string {
  if (environment !== 'local' || !ctx.machine) return environment;
  evidence.push(ctx.machine.evidence);
  return ctx.machine.environment;
}

function pick(cands: Candidate[], run: Run | undefined, ctx: TargetContext): Target {
  const settled = cands.map((c) => settle(c, run, ctx));
  if (settled.length === 0) return { environment: 'unknown', facts: {}, evidence: ['nothing says where this acts: unknown'] };
  let best = settled[0] as Target;
  for (const t of settled) if (rank(t.environment) > rank(best.environment)) best = t;
  if (settled.length > 1) {
    const others = settled.filter((t) => t !== best).slice(0, 4).map((t) => `${t.resource ?? '?'} (${t.environment})`);
    best.evidence.push(`${settled.length} possible targets, the strictest shown; also: ${others.join(', ')}${settled.length > 5 ? ', ...' : ''}`);
    // For a rule's `only-in`: a guess other than the first reading (DATABASE_URL before the
    // other URLs) is not evidence of where it acts.
    if (best !== settled[0]) best.facts['possible-targets'] = String(settled.length);
  }
  return best;
}

/** Where `inv` would act. `kind` undefined → targetKindFor(inv); an unknown kind → unknown.
 *  Files the line wrote before it (a kubeconfig, fly.toml, .env) are read as the line wrote them. */
export function resolveTarget(inv: Invocation, kind: TargetKind | undefined, ctx: TargetContext): Target {
  const { value: t, unknown } = readingAsWritten(inv.written, () => resolveOne(inv, kind, ctx));
  // `cp ~/.kube/prod-config ~/.kube/config && kubectl delete ns x`, `cp fly.production.toml fly.toml
  // && fly …`: a file read with content only known at run time, copied first from one whose name
  // says production, is that file (a guess: it only makes the target stricter).
  const copied = unknown.length && t.environment !== 'production' ? copiedFrom(inv, unknown, ctx) : undefined;
  if (copied) return { ...t, environment: 'production', facts: { ...t.facts, 'app-env': copied.name }, evidence: [...t.evidence, copied.how] };
  if (unknown.length && !isStrictEnv(t.environment)) {
    const shown = unknown.slice(0, 3).map((f) => showPath(f, ctx, inv.cwd)).join(', ');
    return { ...t, environment: 'unknown', evidence: [...t.evidence, `${shown} ${unknown.length > 1 ? 'are' : 'is'} written earlier on this line, with content only known at run time: unknown`] };
  }
  return t;
}

const isStrictEnv = (env: string): boolean => env === 'production' || env === 'unknown';

function copiedFrom(inv: Invocation, files: string[], ctx: TargetContext): { name: string; how: string } | undefined {
  const line = inv.line;
  if (!line) return undefined;
  for (let i = line.at - 1; i >= 0; i--) {
    const prev = line.all[i]!;
    if (!/^(cp|ln|mv|install|rsync)$/.test(prev.name)) continue;
    const pos = prev.argv.slice(1).filter((w) => !w.value.startsWith('-'));
    if (pos.length < 2 || pos.some((w) => w.dynamic)) continue;
    const to = absPath(pos[pos.length - 1]!.value, prev.cwd, ctx.home);
    if (!to || !files.includes(to)) continue;
    const src = pos.slice(0, -1).map((w) => w.value.replace(/\/+$/, '').replace(/^.*\//, '')).find((b) => namesProductionWord(b));
    if (!src) return undefined;
    return { name: src, how: `${showPath(to, ctx, inv.cwd)} is ${prev.name === 'ln' ? 'linked to' : 'copied from'} ${src} first (${prev.argv.map((x) => x.text).join(' ')}): a name with prod/production says production (default rule)` };
  }
  return fetchedFrom(inv, files, ctx);
}

// Programs whose words are patterns or code, not where their output comes from.
const TEXT_TOOLS = /^(sed|perl|awk|gawk|grep|egrep|rg|tr|cut|echo|printf|cat|tee|jq|yq|envsubst|python3?|node|ruby)$/;

/** `vercel env pull .env --environment=production`, `heroku config:get DATABASE_URL -a acme-prod |
 *  sed … > .env`, `doppler secrets download --config prd > .env`: a file the line fills first from
 *  a command whose own words name production (a guess that only makes the target stricter). */
function fetchedFrom(inv: Invocation, files: string[], ctx: TargetContext): { name: string; how: string } | undefined {
  const line = inv.line;
  if (!line) return undefined;
  const prodWord = (p: Invocation): string | undefined => {
    if (TEXT_TOOLS.test(p.name)) return undefined;
    for (const w of p.argv.slice(1)) {
      if (w.dynamic) continue;
      const v = w.value.replace(/^--?[\w-]+=/, '');
      if (/[/.]/.test(v) && !/^[\w-]+$/.test(v)) continue; // a path or a URL: not a name
      if (namesProductionWord(v)) return v;
    }
    return undefined;
  };
  for (let i = line.at - 1; i >= 0; i--) {
    const prev = line.all[i]!;
    // The command that wrote it: the first one after which the line's record holds it.
    const next = i + 1 < line.at ? line.all[i + 1]! : inv;
    const file = files.find((f) => next.written?.files.has(f) && (!prev.written?.files.has(f) || prev.written.files.get(f) !== next.written.files.get(f)));
    if (!file) continue;
    // The commands piped into it, back to the pipeline's first (`heroku … | sed … > .env`).
    const from = [prev];
    for (let p = prev; p.stdin?.kind === 'pipe' && p.stdin.producer && from.length < 8; p = p.stdin.producer) from.push(p.stdin.producer);
    for (const p of from) {
      const name = prodWord(p);
      if (name) return { name, how: `${showPath(file, ctx, inv.cwd)} is written first by \`${p.argv.map((x) => x.text).join(' ')}\`, whose words name ${name}: a name with prod/production says production (default rule)` };
    }
    return undefined;
  }
  return undefined;
}

function resolveOne(inv: Invocation, kind: TargetKind | undefined, ctx: TargetContext): Target {
  const run = makeRun(inv, ctx);
  if (run.injected) return resolveInjected(run, kind, ctx);
  // The command a secrets runner started (`railway run -e production -- psql …`, unwrapped by the
  // parser): judged with the runner, whose environment gives it its variables.
  // Files and repositories here are where they are, whatever variables it is given.
  const local = (kind ?? kindOfName(run.name, run.args) ?? builtinActs(run.name)?.kind) === 'filesystem' || run.name === 'git';
  // Through launchers between them (`railway run -e production npx prisma migrate reset`: npx).
  let via = inv.via;
  while (via && !INJECTORS.has(via.name) && via.via && via.via.cwd === inv.cwd) via = via.via;
  if (!local && via && via !== inv.via && INJECTORS.has(via.name) && via.cwd === inv.cwd) {
    const outer = makeRun(via, ctx);
    if (outer.injected) return resolveInjected({ ...outer, injected: { ...outer.injected, inner: run } }, kind, ctx);
  }
  if (!local && inv.via && INJECTORS.has(inv.via.name) && inv.via.cwd === inv.cwd) {
    const outer = makeRun(inv.via, ctx);
    if (outer.injected && outer.injected.inner.name === run.name) return resolveInjected(outer, kind, ctx);
    // Through the runner's shell (`doppler run -c prd -- sh -c 'curl …'`, walk.ts): this command
    // in place of the shell.
    if (outer.injected && SHELL_NAMES.test(outer.injected.inner.name) && outer.injected.inner.name !== run.name) return resolveInjected({ ...outer, injected: { ...outer.injected, inner: run } }, kind, ctx);
  }
  // A team's own CLI says where it acts (its `programs:` entry); builtin tools are read as always.
  const acts = declaredActs(run, ctx.programs);
  if (acts && !kindOfName(run.name, run.args)) return pick(resolveActs(run, acts, ctx.programs), run, ctx);
  const k = kind ?? kindOfName(run.name, run.args);
  if (!k) {
    const t: Target = {
      environment: 'unknown',
      facts: {},
      evidence: [...run.notes, `countersign doesn't know where ${run.name || 'this command'} acts: unknown, handled like production`],
    };
    const named = ansibleInventory(run) ?? codeNames(run) ?? selectedEnv(run) ?? profileNames(run) ?? writtenFirst(run, ctx) ?? teamSelected(run, [], ctx) ?? codeEnvFile(run, ctx);
    return named ? pick([named], run, ctx) : t;
  }
  const cands = resolveKind(run, k);
  const t = pick(cands, run, ctx);
  // A target local by default (psql with no host) is only as local as the variables a wrapper's
  // .env.production, there but unreadable here, would leave it.
  if (t.environment === 'local') {
    const w = wrapperFile(run, inv, ctx, true) ?? codeHost(run);
    return w ? upgrade(t, w, run, ctx) : t;
  }
  if (t.environment !== 'unknown') return t;
  // Code that loads a file or names a server itself (`load_dotenv('.env.production')`, rt27t).
  const read = readFirst(run) ?? writtenFirst(run, ctx) ?? codeNames(run);
  if (read) return pick([...cands, read], run, ctx);
  const w = wrapperFile(run, inv, ctx, false);
  if (w) return upgrade(t, w, run, ctx);
  const team = teamSelected(run, cands, ctx);
  return team ? pick([team], run, ctx) : t;
}

/** `RAILS_ENV=staging bin/rails db:reset`, `alembic --name staging downgrade -3`, `npx sequelize
 *  db:seed:undo:all --env staging` where the app's configuration can't be read here: the name the
 *  line selects is the team's to map (`app-envs:`), as a team's own CLI's environment is. Only
 *  when nothing on the line names production (its words, its variables, the commands before it),
 *  nothing is computed at run time, and every reading was unknown for want of a file or variable;
 *  never local (a guess). rt27t. */
function teamSelected(run: Run, cands: Candidate[], ctx: TargetContext): Candidate | undefined {
  if (!ctx.environments) return undefined;
  if (cands.some((c) => Object.keys(c.facts).length || c.evidence.some((e) => /computed when the command runs|can't be known|written earlier/.test(e)))) return undefined;
  if (!nothingElseNamed(run)) return undefined;
  const named = selectedName(run);
  if (!named) return undefined;
  const envs = new Map<string, string[]>();
  for (const tok of new Set([named.value, ...named.value.split(/[^A-Za-z0-9]+/)])) {
    if (!tok) continue;
    const r = classify({ 'app-env': tok }, ctx);
    if (isStrictEnv(r.environment) || /^(local|dev|development|test|sandbox)$/i.test(r.environment) || !r.evidence.some((e) => e.includes(' matches '))) continue;
    envs.set(r.environment, r.evidence);
  }
  if (envs.size !== 1) return undefined;
  const [env] = [...envs.keys()];
  return {
    facts: { 'app-env': [...new Set(named.value.split(/[^A-Za-z0-9]+/))].find((t) => classify({ 'app-env': t }, ctx).environment === env) ?? named.value },
    evidence: [`the line selects the app's environment by name: ${named.how}; its configuration can't be read here`],
    resource: `the ${env} environment's database`,
    guessed: true,
  };
}

/** Nothing on the line names production (its words, its variables, the commands before it, its
 *  wrappers) and nothing is computed at run time: a label may then be the team's to map. */
function nothingElseNamed(run: Run): boolean {
  const inv = run.inv;
  // A default for a variable the session may set (`--env "${DEPLOY_ENV:-staging}"`) is no name.
  if (inv.unknownVars?.length || inv.argv.some((w) => w.dynamic || w.unset !== undefined || w.text.includes('$'))) return false;
  if ([...run.assign.values()].some((v) => v.dynamic || v.text.includes('$'))) return false;
  const prodWord = (w: Word): boolean => !w.dynamic && namesProductionWord(w.value);
  if (inv.argv.some(prodWord) || [...run.assign.values()].some((v) => namesProductionWord(v.value))) return false;
  for (const p of inv.line?.all.slice(0, inv.line.at) ?? []) if (p.argv.some(prodWord)) return false;
  for (let v = inv.via; v; v = v.via) if (v.argv.some(prodWord)) return false;
  return true;
}

/** `python3 -c "…load_dotenv('.env.staging')…redis.from_url(os.environ['REDIS_URL']).flushall()"`:
 *  inline code that loads a file of variables by name acts where that file points; its name is an
 *  `env-file` fact for the team map (`op-env-files:`), as a request's token file is (rt27t). */
function codeEnvFile(run: Run, ctx: TargetContext): Candidate | undefined {
  if (!INTERPRETERS.test(run.name) || !nothingElseNamed(run)) return undefined;
  const texts = run.args.filter((w) => !w.dynamic).map((w) => w.value);
  const stdin = run.inv.stdin;
  if (stdin && (stdin.kind === 'heredoc' || stdin.kind === 'herestring')) texts.push(stdin.text);
  for (const text of texts) {
    const m = /\bload_dotenv\(\s*(?:dotenv_path\s*=\s*)?['"]([^'"$]+)['"]|\bdotenv\b[\w.'"()\]\[]*\.config\(\s*\{\s*path\s*:\s*['"`]([^'"`$]+)['"`]/.exec(text);
    const file = m?.[1] ?? m?.[2];
    // Never local by a file's name (a team's `development` environment included).
    if (file && /^(local|dev|development|test|sandbox)$/i.test(classify({ 'env-file': file }, ctx).environment)) return undefined;
    if (file) return { facts: { 'env-file': file }, evidence: [`the code loads ${file} first: its variables say where it acts`], resource: `what ${file} names`, guessed: true };
  }
  return undefined;
}

/** The first name the line selects the app's environment or configuration by (any name). */
function selectedName(run: Run): { value: string; how: string } | undefined {
  const sel = builtinSelects(run.name);
  const own = sel?.flag?.length ? flag(run.args, sel.flag) : undefined;
  if (own) return own.dynamic ? undefined : { value: own.value, how: `${own.flag} ${own.value} (flag)` };
  // `--env KEY=VALUE` sets a variable (docker, fly): no environment's name.
  const f = flag(run.args, ['--env', '--environment', '--stage', '--settings', '--target']);
  if (f) return f.dynamic || f.value.includes('=') ? undefined : { value: f.value, how: `${f.flag} ${f.value} (flag)` };
  for (const w of run.args) {
    if (w.dynamic || !/(configFile|propertyFile|defaultsFile|profiles\.active|runList)/i.test(w.value)) continue;
    for (const m of w.value.matchAll(PROPERTY_SELECTOR)) return { value: m[2]!, how: `${m[1]} ${m[2]} (argument)` };
  }
  for (const name of [...(sel?.variable ?? []), ...ENV_SELECTORS, 'DJANGO_SETTINGS_MODULE']) {
    const v = getVar(run, name);
    if (v && v.from !== 'environment') return v.dynamic ? undefined : { value: v.value, how: showVar(name, v) };
  }
  return undefined;
}

/** The target with a guess's environment when that is production: its facts and evidence kept,
 *  the guess's evidence added (the facts still say what was read). */
function upgrade(t: Target, guess: Candidate, run: Run, ctx: TargetContext): Target {
  const g = pick([guess], undefined, ctx);
  if (g.environment !== 'production') return t;
  return { ...t, environment: 'production', facts: { ...g.facts, ...t.facts }, evidence: [...t.evidence, ...g.evidence] };
}

/** `dotenv -e .env.production -- curl …` (also through `bash -c`): a file a wrapper loads before
 *  the command, whose name says production, is evidence of where the command's variables point
 *  (a guess, like readFirst's). `unread`: only a file that is there but can't be read (its
 *  variables are unknown), for a target that would otherwise be local. */
function wrapperFile(run: Run, inv: Invocation, ctx: TargetContext, unread: boolean): Candidate | undefined {
  const runs = [run];
  for (let v = inv.via, n = 0; v && n < 4; v = v.via, n++) if (v.cwd === inv.cwd) runs.push(makeRun(v, ctx));
  for (const r of runs) {
    for (const f of r.wrapperEnvFiles) {
      const base = f.replace(/^.*\//, '');
      if (!namesProductionWord(base)) continue;
      const abs = placeFiles(r, [f])[0];
      // A file that isn't there is skipped by the loader (nothing set); one that is there but
      // can't be read sets variables countersign can't see.
      const unreadable = abs === undefined || (isFile(abs) && readDotenv(abs) === undefined);
      if (unread && !unreadable) continue;
      return {
        facts: { 'app-env': base },
        evidence: [`${r.wrapperLoader || 'a wrapper'} loads ${f} first${unreadable ? ', which can\'t be read here: the variables it sets are unknown' : ''}`],
        resource: `what ${f} sets`,
        guessed: true,
      };
    }
  }
  return undefined;
}

const INTERPRETERS = /^(python[\d.]*|pypy3?|node|nodejs|bun|deno|ruby|perl|php|tsx|ts-node)$/;

/** `python3 -c "…Bucket('acme-prod-uploads').delete()"`, `node -e "…dropDatabase('prod')"`: inline
 *  code (an option's value or a heredoc) with a string literal that names production. What the
 *  code reaches is its credentials' to say, but the resource it names is production's (a guess,
 *  for an unknown target only). */
function codeNames(run: Run): Candidate | undefined {
  if (!INTERPRETERS.test(run.name)) return undefined;
  const texts = run.args.filter((w) => !w.dynamic && /['"`]/.test(w.value)).map((w) => w.value);
  const stdin = run.inv.stdin;
  if (stdin && (stdin.kind === 'heredoc' || stdin.kind === 'herestring')) texts.push(stdin.text);
  for (const text of texts) {
    for (const m of text.matchAll(/(['"`])([\w.:\/@-]{2,120})\1/g)) {
      const lit = m[2]!;
      if (/^https?:\/\//.test(lit) ? prodSegments(lit).length || namesProductionWord(lit.replace(/^https?:\/\/([^/]*).*$/, '$1')) : namesProductionWord(lit)) {
        return { facts: { 'app-env': lit }, evidence: [`the code names ${lit}: a name with prod/production says production (default rule)`], resource: `what ${lit} names`, guessed: true };
      }
    }
  }
  return undefined;
}

/** `perl -MRedis -e '… Redis->new(server => "cache.prod.internal:6379") …'`: inline code read as
 *  acting on this machine's files that names a server whose name says production (a URL, or a
 *  host with a port or three labels, not a file name): the server is what it reaches. */
function codeHost(run: Run): Candidate | undefined {
  const c = codeNames(run);
  const lit = c?.facts['app-env'];
  if (!lit || !(/^\w+:\/\/[^/]/.test(lit) || /^[a-z][\w-]*(\.[\w-]+)+:\d+$/i.test(lit) || /^[a-z][\w-]*(\.[\w-]+){2,}$/i.test(lit))) return undefined;
  return c;
}

/** `ansible -i inventories/prod all -m file -a 'state=absent …'`, `ANSIBLE_INVENTORY=… ansible-playbook`:
 *  the hosts are the inventory's, and its name is a name people chose. */
function ansibleInventory(run: Run): Candidate | undefined {
  if (!/^ansible(-playbook|-console)?$/.test(run.name)) return undefined;
  const f = flag(run.args, ['-i', '--inventory', '--inventory-file']);
  const v = f ?? getVar(run, 'ANSIBLE_INVENTORY');
  if (!v) return undefined;
  if (v.dynamic) return { facts: {}, evidence: [dynamicNote(f ? f.flag : 'ANSIBLE_INVENTORY')], environment: 'unknown' };
  return { facts: { 'ansible-inventory': v.value }, evidence: [f ? `${f.flag} ${f.value} (flag)` : showVar('ANSIBLE_INVENTORY', v as ReturnType<typeof getVar> & object)], resource: `the hosts of inventory ${v.value}` };
}

/** `AWS_PROFILE=prod python3 - <<EOF … boto3 …`: a cloud profile or project chosen by name for a
 *  program whose target isn't known (a guess, for an unknown target only). */
function profileNames(run: Run): Candidate | undefined {
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'CLOUDSDK_CORE_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'AZURE_SUBSCRIPTION', 'KUBECONTEXT']) {
    const v = run.assign.get(name);
    if (v && !v.dynamic && namesProductionWord(v.value)) return { facts: { 'app-env': v.value }, evidence: [`${name}=${v.value} (prefix) names production (default rule)`], resource: `what ${v.value} names`, guessed: true };
  }
  return undefined;
}

// Variables and options frameworks pick their environment (and so their database) by. The last
// ones name a file of variables the app loads (python-decouple/django-environ's ENV_FILE, dotenv's
// DOTENV_CONFIG_PATH) or a Spring profile.
const ENV_SELECTORS = ['RAILS_ENV', 'RACK_ENV', 'MIX_ENV', 'APP_ENV', 'NODE_ENV', 'FLASK_ENV', 'DJANGO_ENV', 'SYMFONY_ENV', 'STAGE', 'ENVIRONMENT', 'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT',
  'SPRING_PROFILES_ACTIVE', 'ENV_FILE', 'DOTENV_CONFIG_PATH'];
// Build tools' properties that pick a config file or profile by name (`./mvnw flyway:clean
// -Dflyway.configFiles=src/main/resources/flyway-prod.conf`, `./gradlew dropAll -PrunList=prod`),
// and a Spring Boot app's profile argument (`--spring.profiles.active=prod`, also inside `--args='…'`).
const PROPERTY_SELECTOR = /(?:^|[\s'"=])-[DP]?-?([\w.-]*?(?:configFiles|configFile|propertyFile|defaultsFile|profiles\.active|runList))[=\s]['"]?([^\s'"]+)/gi;
// Variables that name the server a tool connects to, set on the command (`DB_HOST=db.prod.internal
// php artisan migrate:fresh`, `MIX_ENV=staging DATABASE_URL=ecto://…@prod-db/app mix ecto.reset`).
const SERVER_VAR = /^(DB_HOST|DATABASE_HOST|PGHOST|MYSQL_HOST|REDIS_HOST|MONGO_HOST|DATABASE_URL|\w+_(URL|URI|DSN)|ConnectionStrings__\w+)$/;

/** The host a URL, a libpq/ADO.NET `key=value` string, or a bare host names (a password only known
 *  at run time doesn't hide it: `postgres://app:$PW@prod-db/app`); undefined when the host itself is. */
export function serverOf(text: string): string | undefined {
  const url = /^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?([^/:?;,\s]+)/i.exec(text);
  if (url) return url[1]!.includes('$') ? undefined : url[1];
  const kv = /(?:^|;)\s*(?:host|server|data source|address|addr)\s*=\s*(?:tcp:)?([^;,:\s]+)/i.exec(text) ?? /(?:^|\s)host=([^\s]+)/i.exec(text);
  if (kv) return kv[1]!.includes('$') ? undefined : kv[1];
  return /^[\w.-]+$/.test(text) ? text : undefined;
}

/** `MIX_ENV=prod mix ecto.drop`, `php artisan migrate:fresh --env=production`, `npx knex
 *  migrate:rollback --env production` where the app's configuration can't be read: the
 *  environment it selects by name is evidence (a guess, for an unknown target only). */
function selectedEnv(run: Run): Candidate | undefined {
  const f = flag(run.args, ['--env', '--environment', '--stage']);
  const hits: string[] = [];
  if (f && !f.dynamic && namesProductionWord(f.value) && !f.value.includes('=')) hits.push(`${f.flag} ${f.value} (flag)`);
  // `cdk destroy -c env=production`: a context value that picks the environment.
  const cx = flag(run.args, ['-c', '--context']);
  const kv = cx && !cx.dynamic ? /^(env|environment|stage)=(.+)$/.exec(cx.value) : null;
  if (kv && namesProductionWord(kv[2]!)) hits.push(`${cx!.flag} ${cx!.value} (flag)`);
  for (const name of ENV_SELECTORS) {
    const v = getVar(run, name);
    if (v && !v.dynamic && namesProductionWord(v.value)) hits.push(showVar(name, v));
  }
  // Django picks its settings module by name: `--settings=config.settings.production`.
  const sf = flag(run.args, ['--settings']);
  if (sf && !sf.dynamic && namesProductionWord(sf.value)) hits.push(`${sf.flag} ${sf.value} (flag)`);
  const sv = sf ? undefined : getVar(run, 'DJANGO_SETTINGS_MODULE');
  if (sv && !sv.dynamic && namesProductionWord(sv.value)) hits.push(showVar('DJANGO_SETTINGS_MODULE', sv));
  // rt27t: the program's own selectors (the registry's), a database or connection named on the
  // line (`manage.py flush --database=replica_prod`, `dotnet ef database drop --connection
  // "Host=prod-pg…"`), a file of variables it loads (`node --env-file=.env.production`), build
  // tools' properties, and a server a variable set on the command names.
  const sel = builtinSelects(run.name);
  for (const f of flagAll(run.args, [...(sel?.flag ?? []), '--database', '--connection', '--env-file', '--envPath', '--env-path', '--dotenv'])) {
    // A URL whose password is only known at run time still names its host (`--url
    // "mysql://root:$PW@prod-mysql…/shop"`).
    const v = f.dynamic || f.flag === '--connection' || f.flag === '--url' ? serverOf(f.value) ?? '' : f.value;
    if (v && namesProductionWord(v, false)) hits.push(`${f.flag} ${f.dynamic ? v : f.value} (flag)`);
  }
  // `dotnet ef … -- --environment Production`: past `--`, for the app.
  if (run.name === 'dotnet') {
    const at = run.args.findIndex((w) => w.value === '--environment');
    const v = at >= 0 ? run.args[at + 1] : undefined;
    if (v && !v.dynamic && namesProductionWord(v.value)) hits.push(`--environment ${v.value} (argument)`);
  }
  for (const name of sel?.variable ?? []) {
    const v = getVar(run, name);
    if (v && !v.dynamic && namesProductionWord(v.value)) hits.push(showVar(name, v));
  }
  for (const w of run.args) {
    if (w.dynamic || !/(configFile|propertyFile|defaultsFile|profiles\.active|runList)/i.test(w.value)) continue;
    for (const m of w.value.matchAll(PROPERTY_SELECTOR)) if (namesProductionWord(m[2]!, false)) hits.push(`${m[1]} ${m[2]} (argument)`);
  }
  for (const [name, v] of run.assign) {
    if (!SERVER_VAR.test(name)) continue;
    const host = serverOf(v.value);
    if (host && namesProductionWord(host)) hits.push(`${name} names the server ${host} (prefix)`);
  }
  if (!hits.length) return undefined;
  return { facts: { 'app-env': 'production' }, evidence: [`the line selects the app's environment by name: ${hits.join(', ')}`], resource: 'the production environment\'s database', guessed: true };
}

// Programs that change the files or variables a later command loads.
const LOADS = new Set(['source', '.', 'cp', 'ln', 'install', 'mv']);
// Programs that read a value from a file or a secret store for the line to use later.
const READERS = new Set(['source', '.', 'cp', 'ln', 'cat', 'grep', 'egrep', 'rg', 'sed', 'awk', 'gawk', 'jq', 'yq', 'cut', 'head', 'tail', 'envsubst', 'op', 'vault', 'doppler', 'infisical', 'sops']);

/** `set -a; source .env.production; set +a; psql "$DATABASE_URL" …`, `URL=$(vault kv get -field=url
 *  secret/prod/db); psql "$URL" …`: where a value only known at run time decides the target, a
 *  file or secret read earlier on the line whose name says production is evidence of where it
 *  points (a guess: it can only make an unknown target production, never a known one). */
function readFirst(run: Run): Candidate | undefined {
  const named = selectedEnv(run);
  if (named) return named;
  const inv = run.inv;
  const line = inv.line;
  if (!line) return undefined;
  // With nothing computed at run time, only what changes the files and variables the tool loads
  // (`cp .env.production .env && php artisan migrate:fresh`, `set -a; . ./.env.production; set +a;
  // python manage.py migrate app 0001`, `sed -i 's/^DB_HOST=.*/DB_HOST=prod-…/' .env && …`), rt27t.
  const loose = !(inv.unknownVars?.length || inv.argv.some((w) => w.dynamic || w.unset !== undefined));
  for (let i = line.at - 1; i >= 0; i--) {
    const prev = line.all[i]!;
    if (loose && !LOADS.has(prev.name) && !(prev.name === 'sed' && prev.argv.some((w) => /^-[a-zA-Z]*i|^--in-place/.test(w.value)))) continue;
    if (loose && /^(cp|ln|mv|install)$/.test(prev.name)) {
      // A copy made first, in the words resolveTarget's copiedFrom uses for one the tool reads.
      const pos = prev.argv.slice(1).filter((w) => !w.value.startsWith('-'));
      if (pos.length < 2 || pos.some((w) => w.dynamic)) continue;
      const to = absPath(pos[pos.length - 1]!.value, prev.cwd, run.ctx.home);
      const src = pos.slice(0, -1).map((w) => w.value.replace(/\/+$/, '').replace(/^.*\//, '')).find((b) => namesProductionWord(b));
      if (!to || !src) continue;
      return {
        facts: { 'app-env': src },
        evidence: [`${showPath(to, run.ctx, inv.cwd)} is ${prev.name === 'ln' ? 'linked to' : 'copied from'} ${src} first (${prev.argv.map((x) => x.text).join(' ')}): a name with prod/production says production (default rule)`],
        resource: `what ${src} names`,
        guessed: true,
      };
    }
    const words = prev.argv.slice(1).filter((w) => !w.dynamic);
    const values = words.map((w) => w.value);
    // A command substitution computes the value (`DATABASE_URL="$(heroku config:get DATABASE_URL
    // -a acme-web-prod)" python manage.py flush`), rt27t.
    const reader = READERS.has(prev.name) || (prev.origin.includes('$()') && !TEXT_TOOLS.test(prev.name))
      || (prev.name === 'aws' && values.some((v) => v === 'secretsmanager' || v === 'ssm'))
      || (prev.name === 'gcloud' && values.includes('secrets'))
      || ((prev.name === 'kubectl' || prev.name === 'oc') && values.includes('get') && values.some((v) => /^secrets?(\/|$)/.test(v)));
    if (!reader) continue;
    const named = words.find((w) => !w.value.startsWith('-') && namesProductionWord(w.value));
    if (!named) continue;
    return {
      facts: { 'app-env': named.value },
      evidence: [`the line reads ${named.value} first (${prev.argv.map((x) => x.text).join(' ')}): a value only known at run time may come from there`],
      resource: `what ${named.value} names`,
      guessed: true,
    };
  }
  return undefined;
}

// A key whose value names where an app or tool acts: `environment = "production"`,
// `stage: prod`, `"projectId": "prj-acme-prod"`, `stack_name = "acme-prod"`, `DB_HOST=…`.
// A .NET connection string's `"Default":"Host=prod-db…;Database=…"` and `export PGHOST=…` count.
const WHERE_KEY = /(?:^|[\s{,;]|:")["']?((?:[\w.-]*[_.-]|PG|pg)?(?:env|environment|stage|project|project[_-]?id|projectId|project[_-]?name|projectName|stack[_-]?name|app|profile|host|hostname|url|uri|server|connection|database[_-]?url|db[_-]?host|site[_-]?id|siteId|cluster|context|currentContext|current-context|target|account))["']?\s*[:=]\s*["']?([\w.:/@%?=&-]{2,200})/gim;

/** `printf 'sqlalchemy.url = postgresql://app@prod-db…' > alembic.ini && alembic downgrade base`:
 *  where the tool's own reading isn't modelled, a file the line writes first (its literal content)
 *  with a URL, host or environment key whose value names production is evidence of where it acts
 *  (a guess, like readFirst's: it can only make an unknown target production). */
function writtenFirst(run: Run, ctx: TargetContext): Candidate | undefined {
  const files = run.inv.written?.files;
  if (!files?.size) return undefined;
  for (const [file, text] of files) {
    if (!text || text.length > 64 * 1024) continue;
    for (const m of text.matchAll(WHERE_KEY)) {
      const key = m[1]!;
      const raw = m[2]!;
      const host = /^[a-z][\w+.-]*:\/\//i.test(raw) ? (parseConnUrl(raw)?.host ?? raw.replace(/^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?([^/:?]+).*$/i, '$1')) : raw;
      if (!namesProductionWord(host)) continue;
      return {
        facts: { 'app-env': host },
        evidence: [`the line writes ${showPath(file, ctx, run.cwd)} first with ${key} ${host}: where ${run.name || 'the command'} reads its settings isn't modelled, and that names production (default rule)`],
        resource: `what ${host} names`,
        guessed: true,
      };
    }
  }
  return undefined;
}

// Database clients (psql, redis-cli...) inside a container talk to the server there by default;
// an app's tools (prisma, artisan, manage.py, rails) connect where the app's settings say.
const CLIENT_ENGINES = new Set(['postgres', 'mysql', 'redis', 'mongo', 'sqlite']);
/** The variables a client reads its server from (libpq's, the mysql client's). */
const CLIENT_HOST_VARS: Record<string, string[]> = table({ postgres: ['PGHOST', 'PGHOSTADDR', 'PGSERVICE'], mysql: ['MYSQL_HOST'] });

/** The database an app's tool run inside a container acts on (`docker compose exec app npx
 *  prisma migrate reset --force`): read with the environment the compose service gives it (and
 *  the project's own files, which the container usually mounts), not this shell's. Undefined:
 *  not `docker exec` / `docker compose exec|run`, or a plain database client. */
export function resolveInContainer(inv: Invocation, wrapper: Invocation, ctx: TargetContext): Target | undefined {
  // The compose file and env files as the line left them (`cat > compose.yaml <<EOF … && docker
  // compose run …`).
  const { value: ce } = readingAsWritten(wrapper.written ?? inv.written, () => containerEnv(wrapper, ctx));
  if (!ce) return undefined;
  const cwd = wrapper.cwd ?? ctx.cwd;
  const inner: Invocation = { ...inv, cwd, vars: table(), unknownVars: ce.unknown.length ? ce.unknown : undefined };
  const ictx = { ...ctx, env: ce.env };
  const run = makeRun(inner, ictx);
  // A client whose server the service's environment names (`env_file:` with PGHOST, `-e
  // MYSQL_HOST=…`) connects there, not to the server in its container.
  const engine = builtinActs(run.injected?.inner.name ?? run.name)?.engine ?? '';
  if (CLIENT_ENGINES.has(engine) && !(CLIENT_HOST_VARS[engine] ?? []).some((k) => ce.env[k] !== undefined && ce.env[k] !== '')) return undefined;
  const t = resolveTarget(inner, 'database', ictx);
  return { ...t, evidence: [...ce.evidence, ...t.evidence] };
}

// `railway run`, `doppler run`, `op run`, `infisical run`: the inner command gets variables from
// a service. Its own reading of the environment is then a guess; the wrapper's target counts too.
function resolveInjected(run: Run, kind: TargetKind | undefined, ctx: TargetContext): Target {
  const inj = run.injected;
  if (!inj) return pick([], run, ctx);
  const innerKind = kind ?? kindOfName(inj.inner.name, inj.inner.args);
  const inner = innerKind ? resolveKind(inj.inner, innerKind).map((c) => ({ ...c, guessed: true, evidence: [...c.evidence, `${inj.by} run replaces some of these variables with its own`] })) : [];
  let outer: Candidate[];
  if (inj.by === 'railway') {
    outer = resolveRailway(inj.outer).map((c) => ({ ...c, evidence: [...c.evidence, 'railway run gives the command this environment\'s variables'] }));
  } else {
    const a = inj.outer.args;
    const f = flag(a, ['--env', '-c', '--config']);
    const named = f && !f.dynamic ? f.value : undefined;
    const facts: Record<string, string> = table();
    if (named) facts['app-env'] = named;
    // The runner's own environment, for a team's `doppler-configs:` / `infisical-envs:`.
    const own = OWN_RUNNER_FACT[inj.by];
    if (named && own) facts[own] = named;
    // `op run --env-file=FILE`: the file's name is the team's label for where its references point.
    const envFile = inj.by === 'op' ? flag(a, ['--env-file']) : undefined;
    if (envFile && !envFile.dynamic) {
      const abs = absPath(envFile.value, inj.outer.cwd, ctx.home);
      facts['op-env-file'] = abs ? relative(projectRoot(ctx, inj.outer.cwd), abs) || envFile.value : envFile.value;
      // Its plain values (not `op://` references) are given as they are: a database URL there
      // names its server, which a label on the file doesn't hide.
      const hosts = [...(abs ? readDotenv(abs)?.values() ?? [] : [])]
        .filter((e) => !/^op:\/\//.test(e.value) && looksLikeDbUrl(e.value))
        .map((e) => parseConnUrl(e.value)?.host)
        .filter((h): h is string => !!h);
      const host = hosts.find((h) => namesProductionWord(h)) ?? hosts[0];
      if (host) facts['host'] = host;
    }
    const shown = named ?? (envFile ? `--env-file ${envFile.value}` : undefined);
    outer = [{
      facts,
      evidence: [`${inj.by} run injects variables countersign can't see${shown ? ` (${shown})` : ''}`],
      resource: `${inj.inner.name} with ${inj.by} variables`,
    }];
  }
  // The inner command's "the variable isn't set here" is the runner's to fill: when the team names
  // the runner's environment (staging), that reading stands for it. A place the inner command
  // names itself (a host, a .env value) still counts, and a production or unknown runner does too.
  const outerEnv = outer.length ? outer.map((c) => settle(c, run, ctx).environment) : [];
  if (innerKind && outerEnv.length && outerEnv.every((e) => !isStrictEnv(e) && e !== 'local')) {
    // The parser marks every variable of the inner command as set at run time (the runner sets
    // them); read it without that mark, so a variable the line never sets reads as unset.
    const iv = inj.inner.inv;
    const own = !inj.outer.inv.unknownVars?.includes('*') && iv.unknownVars?.includes('*');
    const plain = own ? { ...inj.inner, inv: { ...iv, unknownVars: iv.unknownVars!.filter((u) => u !== '*') } } : inj.inner;
    const again = own ? resolveKind(plain, innerKind).map((c) => ({ ...c, guessed: true, evidence: [...c.evidence, `${inj.by} run replaces some of these variables with its own`] })) : inner;
    const named = again.filter((c) => !c.unset);
    if (named.length < again.length) for (const c of outer) c.evidence.push(`${again.find((x) => x.unset)?.resource ?? inj.inner.name}: what it reads isn't set here, so ${inj.by} run's variables decide`);
    if (own || named.length < again.length) return pick([...outer, ...named], run, ctx);
  }
  return pick([...outer, ...inner], run, ctx);
}

const OWN_RUNNER_FACT: Record<string, string> = table({ doppler: 'doppler-config', infisical: 'infisical-env' });

// ---------------------------------------------------------------------------------------------
// `countersign env`: what resolves right now from this folder.

function word(value: string): Word {
  return { value, dynamic: false, glob: false, text: value };
}

function synthetic(ctx: TargetContext, ...argv: string[]): Invocation {
  const vars: Record<string, string> = table();
  for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) vars[k] = v;
  return { argv: argv.map(word), name: argv[0] ?? '', assignments: [], redirects: [], origin: ['top'], cwd: ctx.cwd, vars, text: argv.join(' ') };
}

export interface CurrentRow { source: string; value: string; environment: string; evidence: string }

const LOADERS: Array<[RegExp, string]> = [
  [/^\.env$/, 'loaded by prisma, dotenv, Next.js, Vite, dotenv-rails'],
  [/^\.env\.local$/, 'loaded by Next.js, Vite, dotenv-rails; not by prisma'],
  [/^\.env\.(development|dev)(\.local)?$/, 'loaded by Next.js, Vite in development'],
  [/^\.env\.(production|prod)(\.local)?$/, 'loaded by Next.js, Vite in production builds'],
  [/^\.env\.test(\.local)?$/, 'loaded by test runners that read .env.test'],
];

export function describeCurrent(ctx: TargetContext): CurrentRow[] {
  const rows: CurrentRow[] = [];
  if (ctx.machine) rows.push({ source: 'this machine', value: ctx.machine.hostname, environment: ctx.machine.environment, evidence: `${ctx.machine.evidence}; databases, containers and clusters on it count as ${ctx.machine.environment}` });
  const add = (source: string, t: Target, value: string): void => {
    rows.push({ source, value, environment: t.environment, evidence: t.evidence.join('; ') });
  };
  const r = (...argv: string[]): Target => resolveTarget(synthetic(ctx, ...argv), undefined, ctx);

  const kube = r('kubectl');
  if (kube.facts['kube-context']) add('kube context', kube, `${kube.facts['kube-context']} (namespace ${kube.facts['kube-namespace'] ?? 'default'})`);
  const aws = r('aws');
  if (aws.facts['aws-profile'] || aws.facts['aws-credentials']) {
    const p = aws.facts['aws-profile'] ?? `${aws.facts['aws-credentials']}${aws.facts['aws-profile-named'] ? ` (profile ${aws.facts['aws-profile-named']} named)` : ''}`;
    add('AWS profile', aws, `${p}${aws.facts['aws-region'] ? ` (${aws.facts['aws-region']})` : ''}`);
  }
  const gcp = r('gcloud');
  if (gcp.facts['gcp-project']) add('gcloud project', gcp, gcp.facts['gcp-project']);
  const az = r('az');
  if (az.facts['azure-subscription'] || az.facts['azure-subscription-id']) add('Azure subscription', az, az.facts['azure-subscription'] ?? az.facts['azure-subscription-id'] ?? '');
  const railway = r('railway');
  if (railway.facts['railway-project'] || railway.facts['railway-environment'] || railway.facts['railway-environment-id']) {
    add('Railway link', railway, `${railway.facts['railway-project'] ?? '?'} / ${railway.facts['railway-environment'] ?? railway.facts['railway-environment-id'] ?? '?'}`);
  }
  const hasTf = listDir(ctx.cwd).some((f) => f.endsWith('.tf') || f === '.terraform' || f === 'terragrunt.hcl') || ctx.env['TF_WORKSPACE'] !== undefined;
  if (hasTf) {
    const tf = r('terraform');
    add('Terraform workspace', tf, tf.facts['terraform-workspace'] ?? '?');
  }
  const pulumi = r('pulumi');
  if (pulumi.facts['pulumi-project']) add('Pulumi stack', pulumi, pulumi.facts['pulumi-stack-ref'] ?? pulumi.facts['pulumi-stack'] ?? '(none selected)');
  const fly = r('fly');
  if (fly.facts['fly-app']) add('Fly app', fly, fly.facts['fly-app']);
  const heroku = r('heroku');
  if (heroku.facts['heroku-app']) add('Heroku app', heroku, heroku.facts['heroku-app']);
  const vercel = r('vercel');
  if (vercel.facts['vercel-project'] || vercel.facts['vercel-project-id']) add('Vercel project', vercel, vercel.facts['vercel-project'] ?? vercel.facts['vercel-project-id'] ?? '');
  const supabase = r('supabase', 'db', 'push');
  if (supabase.facts['supabase-project']) add('Supabase project', supabase, supabase.facts['supabase-project']);
  const git = r('git', 'push');
  if (git.facts['git-remote'] && git.facts['git-branch']) add('git push', git, `${git.facts['git-remote']} ${git.facts['git-branch']}`);
  const docker = r('docker');
  if (docker.facts['docker-context'] || (docker.facts['docker-host'] && !docker.facts['docker-host'].startsWith('unix://'))) {
    add('Docker engine', docker, docker.facts['docker-context'] ?? docker.facts['docker-host'] ?? '');
  }

  // Databases: what prisma would use, then every database URL in the .env files here.
  const hasPrisma = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema'].some((p) => isFile(join(ctx.cwd, p)) || listDir(join(ctx.cwd, p)).length > 0);
  if (hasPrisma) {
    const p = r('prisma', 'migrate', 'status');
    add('prisma', p, p.resource ?? '?');
  }
  const envFiles = listDir(ctx.cwd).filter((f) => /^\.env(\.[\w.-]+)?$/.test(f) && !/\.(example|sample|template|dist)$/.test(f)).map((f) => join(ctx.cwd, f));
  if (isFile(join(ctx.cwd, 'prisma', '.env'))) envFiles.push(join(ctx.cwd, 'prisma', '.env'));
  for (const file of envFiles) {
    const base = file.split('/').pop() ?? file;
    const loader = file.endsWith(join('prisma', '.env')) ? 'loaded by prisma' : LOADERS.find(([re]) => re.test(base))?.[1] ?? 'loaded only by tools told to load it';
    for (const [name, entry] of readDotenv(file) ?? []) {
      if (!looksLikeDbUrl(entry.value)) continue;
      const t = dbRow(ctx, entry.value);
      const shadow = ctx.env[name] !== undefined ? `; ${name} in the environment overrides it` : '';
      rows.push({ source: `${name} in ${showPath(file, ctx)}`, value: t.value, environment: t.target.environment, evidence: `${loader}${shadow}; ${t.target.evidence.join('; ')}` });
    }
  }
  for (const [name, value] of Object.entries(ctx.env)) {
    if (value === undefined || !/(^DATABASE_URL$|_(URL|URI|DSN)$)/.test(name) || !looksLikeDbUrl(value)) continue;
    const t = dbRow(ctx, value);
    rows.push({ source: `${name} (environment)`, value: t.value, environment: t.target.environment, evidence: t.target.evidence.join('; ') });
  }
  return rows;
}

function dbRow(ctx: TargetContext, url: string): { value: string; target: Target } {
  const ep = parseConnUrl(url);
  const facts: Record<string, string> = table();
  if (ep?.host) facts['host'] = ep.host;
  if (ep?.database) facts['database'] = ep.database;
  const c = classify(facts, ctx);
  const value = `${ep?.host ?? '?'}${ep?.port ? `:${ep.port}` : ''}${ep?.database ? `/${ep.database}` : ''}`;
  const evidence = [...c.evidence];
  return { value, target: { environment: onThisMachine(c.environment, evidence, ctx), facts, evidence } };
}

// Readers other folders use (agents/discover.ts): the public surface, so no one reaches inside.
export { clearTargetCache, listDir } from './cache.js';
export { MATCH_KEYS, namesProduction } from './config.js';
/** The environment map's schema (valibot: loaded only when a file is checked). */
export const schema = (): Promise<typeof import('./schema.js')> => import('./schema.js');
export { readDotenv } from './dotenv.js';
export { readIni } from './ini.js';
export { sshHostName } from './sshconfig.js';
export { loadKubeconfig } from './kube.js';
export { httpHost, isLocalHost, isSocketPath, looksLikeDbUrl, parseConnUrl } from './url.js';
