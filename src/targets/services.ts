// Where the platform and data-service CLIs small teams use act: Neon, PlanetScale, DigitalOcean,
// Firebase, Cloudflare (wrangler), MongoDB Atlas, Turso, Upstash, Render, object stores (mc,
// rclone, s3cmd) and self-run services (etcd, Consul, Kafka, Cassandra, InfluxDB, Vault). Flags
// first, then the tool's variables, then the files that link a folder to a project.
import { join } from 'node:path';
import type { Invocation, Word } from '../parse/index.js';
import { isFile, readJson, readText } from './cache.js';
import { readIni } from './ini.js';
import { absPath, findUp, showPath } from './paths.js';
import { dynamicNote, flag, getVar, hasFlag, grammarOf, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { optValue, withSwitch, type LineSwitch, type SwitchReader } from './switches.js';
import { httpHost } from './url.js';
import { table } from '../own.js';

function dyn(what: string): Candidate[] {
  return [{ facts: {}, evidence: [dynamicNote(what)], environment: 'unknown' }];
}

type Facts = Record<string, string>;

/** The first of: a flag, then a variable. Returns false when the value is built at run time. */
function fromFlagOrVar(run: Run, flags: string[], vars: string[], key: string, facts: Facts, ev: string[]): boolean {
  const f = flags.length ? flag(run.args, flags) : undefined;
  if (f) {
    if (f.dynamic) return false;
    facts[key] = f.value;
    ev.push(showFlag(f));
    return true;
  }
  for (const name of vars) {
    const v = getVar(run, name);
    if (v && v.value !== '') {
      if (v.dynamic) return false;
      facts[key] = v.value;
      ev.push(showVar(name, v));
      return true;
    }
  }
  return true;
}

/** Positionals, read with the program's registry grammar. */
function pos(run: Run): string[] {
  return positionals(run.args, grammarOf(run.name)).map((w: Word) => (w.dynamic ? '\0' : w.value));
}

/** The argument after `sub...` (e.g. the name in `projects delete NAME`); '\0' when dynamic. */
function argAfter(p: string[], ...sub: string[][]): string | undefined {
  for (const s of sub) if (s.every((w, i) => p[i] === w)) return p[s.length];
  return undefined;
}

function nameArg(facts: Facts, ev: string[], key: string, value: string | undefined, what: string): boolean {
  if (value === undefined) return true;
  if (value === '\0') return false;
  facts[key] = value;
  ev.push(`${what} ${value} (argument)`);
  return true;
}

function result(facts: Facts, ev: string[], resource: string): Candidate[] {
  return [{ facts, evidence: ev, resource }];
}

// ---------------------------------------------------------------------------------------------
// Neon: --project-id, else the `.neon` context file (set-context/link/checkout), found walking up
// from cwd and stopping at the first folder with .neon, package.json or .git; --context-file names
// another. The branch is the argument or --branch; a project's default branch is its production.

/** `neonctl set-context --project-id acme-prod-8821 && neonctl branches delete main`. */
const neonSwitch: SwitchReader = (prev, words) => (/^neon(ctl)?$/.test(prev.name) && words.some((w) => w.value === 'set-context') ? optValue(words, ['--project-id']) : undefined);

export function resolveNeon(run: Run): Candidate[] {
  if (flag(run.args, ['--project-id', '--context-file']) || getVar(run, 'NEON_PROJECT_ID')?.value) return neonWith(run, undefined);
  return withSwitch(run, neonSwitch, (sw) => neonWith(run, sw), 'if that switch failed, the context before it stands');
}

function neonWith(run: Run, sw: LineSwitch | undefined): Candidate[] {
  const facts: Facts = {};
  const ev: string[] = [];
  if (!fromFlagOrVar(run, ['--project-id'], ['NEON_PROJECT_ID'], 'neon-project', facts, ev)) return dyn('--project-id');
  const p = pos(run);
  if (p[0] === 'projects' || p[0] === 'project') {
    if (!nameArg(facts, ev, 'neon-project', argAfter(p, ['projects', 'delete'], ['project', 'delete']), 'project')) return dyn('the project');
  }
  if (!nameArg(facts, ev, 'neon-branch', argAfter(p, ['branches', 'delete'], ['branches', 'reset'], ['branches', 'restore'], ['branch', 'delete'], ['branch', 'reset'], ['branch', 'restore']), 'branch')) return dyn('the branch');
  if (!facts['neon-branch'] && !fromFlagOrVar(run, ['--branch'], [], 'neon-branch', facts, ev)) return dyn('--branch');
  if (!facts['neon-project'] && sw) {
    if (sw.dynamic) return dyn(`the switch ${sw.how}`);
    facts['neon-project'] = sw.name;
    ev.push(`the line sets the context to project ${sw.name} first (${sw.how})`);
  }
  if (!facts['neon-project']) {
    const cf = flag(run.args, ['--context-file']);
    const file = cf ? absPath(cf.value, run.cwd, run.ctx.home) : neonContextFile(run.cwd);
    const ctx = file ? (readJson(file) as { projectId?: string; branchId?: string } | undefined) : undefined;
    if (ctx?.projectId && file) {
      facts['neon-project'] = ctx.projectId;
      ev.push(`project ${ctx.projectId} in ${showPath(file, run.ctx, run.cwd)}`);
      if (!facts['neon-branch'] && ctx.branchId) facts['neon-branch'] = ctx.branchId;
    } else ev.push(run.cwd === undefined ? 'the working directory can\'t be known, so the .neon context can\'t be found' : 'no project given and no .neon context file');
  }
  return result(facts, ev, `Neon project ${facts['neon-project'] ?? '?'}${facts['neon-branch'] ? ` branch ${facts['neon-branch']}` : ''}`);
}

function neonContextFile(cwd: string | undefined): string | undefined {
  if (cwd === undefined) return undefined;
  const dir = findUp(cwd, (d) => isFile(join(d, '.neon')) || isFile(join(d, 'package.json')) || isFile(join(d, '.git')) || !!readText(join(d, '.git', 'HEAD')));
  return dir ? join(dir, '.neon') : undefined;
}

// ---------------------------------------------------------------------------------------------
// PlanetScale: DATABASE [BRANCH] arguments, --org, else .pscale.yml in the repo (org, database,
// branch) and the CLI's own config (~/.config/planetscale/pscale.yml: org).

export function resolvePlanetscale(run: Run): Candidate[] {
  const facts: Facts = {};
  const ev: string[] = [];
  if (!fromFlagOrVar(run, ['--org'], ['PLANETSCALE_ORG'], 'planetscale-org', facts, ev)) return dyn('--org');
  const p = pos(run);
  // database delete DB | branch delete DB BRANCH | backup delete DB BRANCH ID | shell DB BRANCH
  const at = p[0] === 'shell' ? 1 : 2;
  if (!nameArg(facts, ev, 'planetscale-database', p[at], 'database')) return dyn('the database');
  if (p[0] !== 'database' && p[0] !== 'db' && !nameArg(facts, ev, 'planetscale-branch', p[at + 1], 'branch')) return dyn('the branch');
  const root = run.cwd === undefined ? undefined : findUp(run.cwd, (d) => isFile(join(d, '.pscale.yml')));
  const local = root ? readText(join(root, '.pscale.yml')) : undefined;
  for (const [key, field] of [['planetscale-org', 'org'], ['planetscale-database', 'database'], ['planetscale-branch', 'branch']] as const) {
    const m = local ? new RegExp(`^${field}:\\s*["']?([^"'\\s#]+)`, 'm').exec(local) : null;
    if (!facts[key] && m?.[1] && root) {
      facts[key] = m[1];
      ev.push(`${field} ${m[1]} in ${showPath(join(root, '.pscale.yml'), run.ctx, run.cwd)}`);
    }
  }
  if (!facts['planetscale-org']) {
    const file = join(run.ctx.home, '.config', 'planetscale', 'pscale.yml');
    const org = /^org:\s*["']?([^"'\s#]+)/m.exec(readText(file) ?? '')?.[1];
    if (org) { facts['planetscale-org'] = org; ev.push(`org ${org} in ${showPath(file, run.ctx, run.cwd)}`); }
  }
  const db = facts['planetscale-database'] ?? '?';
  return result(facts, ev, `PlanetScale ${facts['planetscale-org'] ? `${facts['planetscale-org']}/` : ''}${db}${facts['planetscale-branch'] ? ` branch ${facts['planetscale-branch']}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// DigitalOcean: --context or DIGITALOCEAN_CONTEXT (an auth context, i.e. an account), else the
// config's current context; the resource is the argument after the verb.

/** `doctl auth switch --context acme-prod && doctl databases delete …`. */
const doctlSwitch: SwitchReader = (prev, words) => (prev.name === 'doctl' && words.filter((w) => !w.value.startsWith('-')).map((w) => w.value).slice(0, 2).join(' ') === 'auth switch' ? optValue(words, ['--context']) : undefined);

export function resolveDigitalocean(run: Run): Candidate[] {
  if (flag(run.args, ['--context']) || getVar(run, 'DIGITALOCEAN_CONTEXT')?.value) return digitaloceanWith(run, undefined);
  return withSwitch(run, doctlSwitch, (sw) => digitaloceanWith(run, sw), 'if that switch failed, the context before it stands');
}

function digitaloceanWith(run: Run, sw: LineSwitch | undefined): Candidate[] {
  const facts: Facts = {};
  const ev: string[] = [];
  if (!fromFlagOrVar(run, ['--context'], ['DIGITALOCEAN_CONTEXT'], 'digitalocean-context', facts, ev)) return dyn('--context');
  if (getVar(run, 'DIGITALOCEAN_ACCESS_TOKEN') || flag(run.args, ['-t', '--access-token'])) ev.push('an access token is given: it acts on whichever account it belongs to');
  const p = pos(run);
  const i = p.findIndex((w) => ['delete', 'rm', 'd', 'del'].includes(w));
  const names = i >= 0 ? p.slice(i + 1).filter((w) => w !== '\0') : [];
  if (i >= 0 && p.slice(i + 1).includes('\0')) return dyn('the resource');
  if (names.length) { facts['digitalocean-resource'] = names.join(' '); ev.push(`${names.join(' ')} (argument)`); }
  if (!facts['digitalocean-context'] && sw) {
    if (sw.dynamic) return dyn(`the switch ${sw.how}`);
    facts['digitalocean-context'] = sw.name;
    ev.push(`the line switches to context ${sw.name} first (${sw.how})`);
  }
  if (!facts['digitalocean-context']) {
    const cfg = readText(join(run.ctx.home, '.config', 'doctl', 'config.yaml'));
    const cur = cfg ? /^context:\s*["']?([^"'\s#]+)/m.exec(cfg)?.[1] : undefined;
    if (cur) { facts['digitalocean-context'] = cur; ev.push(`context ${cur} in ~/.config/doctl/config.yaml`); }
  }
  return result(facts, ev, `DigitalOcean ${facts['digitalocean-resource'] ?? 'resource ?'}${facts['digitalocean-context'] ? ` (context ${facts['digitalocean-context']})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Firebase: -P/--project (an alias from .firebaserc or a project id), else the folder's active
// project from `firebase use` (configstore activeProjects), else .firebaserc's default.

/** `firebase use prod && firebase firestore:delete …`: the project (or alias) the line made active
 *  first, the latest such switch among `before`, as the next firebase command would read it.
 *  `firebase use --add/--unalias/--clear` switch to nothing named here. */
type FirebaseSwitch = { name: string; dynamic: boolean; how: string };
function firebaseSwitch(before: readonly Invocation[]): FirebaseSwitch | undefined {
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    if (prev.name !== 'firebase') continue;
    const words = positionals(prev.argv.slice(1), grammarOf('firebase'));
    if (words[0]?.value !== 'use' || prev.argv.some((w) => /^--(add|alias|unalias|clear)(=|$)/.test(w.value))) continue;
    const w = words[1];
    if (!w || (!w.dynamic && w.value === '')) continue;
    return { name: w.value, dynamic: w.dynamic, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

export function resolveFirebase(run: Run, pinned?: { sw: FirebaseSwitch | undefined }): Candidate[] {
  // A switch that need not have worked (`firebase use prod; firebase …`): the project switched
  // to, or the one before it.
  const line = run.inv.line;
  if (!pinned && !flag(run.args, ['-P', '--project']) && !firebaseSwitch(run.inv.succeeded ?? []) && line) {
    const sw = firebaseSwitch(line.all.slice(0, line.at));
    if (sw) {
      const note = 'if that switch failed, the project before it stands';
      return [...resolveFirebase(run, { sw }).map((c) => ({ ...c, evidence: [...c.evidence, note] })), ...resolveFirebase(run, { sw: undefined })];
    }
  }
  const facts: Facts = {};
  const ev: string[] = [];
  const root = run.cwd === undefined ? undefined : findUp(run.cwd, (d) => isFile(join(d, 'firebase.json')) || isFile(join(d, '.firebaserc')));
  const rcFile = root ? join(root, '.firebaserc') : undefined;
  const rc = rcFile ? (readJson(rcFile) as { projects?: Record<string, string> } | undefined) : undefined;
  const alias = (name: string): string => rc?.projects?.[name] ?? name;
  const f = flag(run.args, ['-P', '--project']);
  if (f) {
    if (f.dynamic) return dyn(f.flag);
    facts['firebase-project'] = alias(f.value);
    ev.push(`${showFlag(f)}${alias(f.value) !== f.value ? ` = ${alias(f.value)} in .firebaserc` : ''}`);
  }
  for (const name of ['FIREBASE_PROJECT', 'GCLOUD_PROJECT']) {
    const v = getVar(run, name);
    if (!facts['firebase-project'] && v && v.value) { facts['firebase-project'] = alias(v.value); ev.push(showVar(name, v)); }
  }
  const sw = pinned ? pinned.sw : firebaseSwitch(run.inv.succeeded ?? []);
  if (!facts['firebase-project'] && sw) {
    if (sw.dynamic) return dyn(`the project of ${sw.how}`);
    facts['firebase-project'] = alias(sw.name);
    ev.push(`the line switches to ${sw.name}${alias(sw.name) !== sw.name ? ` (= ${alias(sw.name)} in .firebaserc)` : ''} first (${sw.how})`);
  }
  if (!facts['firebase-project'] && root) {
    const store = readJson(join(run.ctx.home, '.config', 'configstore', 'firebase-tools.json')) as { activeProjects?: Record<string, string> } | undefined;
    const active = store?.activeProjects?.[root];
    if (active) { facts['firebase-project'] = alias(active); ev.push(`firebase use ${active} for ${showPath(root, run.ctx, run.cwd)}`); }
  }
  if (!facts['firebase-project'] && rc?.projects?.['default'] && rcFile) {
    facts['firebase-project'] = rc.projects['default'];
    ev.push(`default project ${rc.projects['default']} in ${showPath(rcFile, run.ctx, run.cwd)}`);
  }
  if (!facts['firebase-project']) ev.push('no project given and no .firebaserc default');
  // database:* --instance NAME: the Realtime Database instance (NAME.firebaseio.com).
  const inst = flag(run.args, ['--instance']);
  if (inst) {
    if (inst.dynamic) return dyn('--instance');
    facts['firebase-instance'] = inst.value;
    ev.push(showFlag(inst));
  }
  if (rc?.projects && facts['firebase-project']) {
    const named = Object.entries(rc.projects).find(([, id]) => id === facts['firebase-project'])?.[0];
    if (named && named !== 'default') facts['app-env'] = named;
  }
  return result(facts, ev, `Firebase project ${facts['firebase-project'] ?? '?'}`);
}

// ---------------------------------------------------------------------------------------------
// Cloudflare wrangler: the Worker named in wrangler.toml/.json/.jsonc (or -c), its [env.X]
// section with -e/--env or CLOUDFLARE_ENV. D1 execute works on the local copy unless --remote
// from wrangler 3.33 on (read from node_modules/wrangler; an unknown version is not trusted to
// be local); anything with --local does.

export function resolveCloudflare(run: Run): Candidate[] {
  const facts: Facts = {};
  const ev: string[] = [];
  const p = pos(run);
  const d1 = p[0] === 'd1' && (p[1] === 'execute' || (p[1] === 'migrations' && p[2] === 'apply')) && !hasFlag(run.args, ['--remote']);
  const version = d1 && !hasFlag(run.args, ['--local']) ? wranglerVersion(run.cwd) : undefined;
  if (hasFlag(run.args, ['--local']) || (version && atLeast(version, [3, 33]))) {
    const why = version ? `wrangler ${version} (node_modules) runs d1 ${p[1]} without --remote on the local copy under .wrangler/state` : '--local (flag): the local copy under .wrangler/state';
    return [{ facts: { host: '127.0.0.1' }, evidence: [why], resource: 'local wrangler state' }];
  }
  if (d1) ev.push(version ? `wrangler ${version} runs d1 ${p[1]} on the remote database by default` : 'the wrangler version is not known here (no node_modules/wrangler): before 3.33, d1 commands act on the remote database');
  if (!fromFlagOrVar(run, ['-e', '--env'], ['CLOUDFLARE_ENV'], 'wrangler-env', facts, ev)) return dyn('--env');
  const c = flag(run.args, ['-c', '--config']);
  const cwdFlag = flag(run.args, ['--cwd']);
  const dir = cwdFlag ? absPath(cwdFlag.value, run.cwd, run.ctx.home) : run.cwd;
  const files = c ? [absPath(c.value, run.cwd, run.ctx.home)] : dir === undefined ? [] : ['wrangler.toml', 'wrangler.jsonc', 'wrangler.json'].map((f) => join(dir, f));
  const file = files.find((f): f is string => !!f && isFile(f));
  const text = file ? readText(file) : undefined;
  if (text && file) {
    const name = file.endsWith('.toml') ? /^\s*name\s*=\s*["']([^"']+)/m.exec(text.split(/^\s*\[/m)[0] ?? '')?.[1] : /"name"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    if (name) { facts['cloudflare-worker'] = name; ev.push(`worker ${name} in ${showPath(file, run.ctx, run.cwd)}`); }
    if (facts['wrangler-env'] && !new RegExp(`(\\[env\\.${facts['wrangler-env']}[\\].]|"${facts['wrangler-env']}"\\s*:)`).test(text)) ev.push(`no [env.${facts['wrangler-env']}] section in ${showPath(file, run.ctx, run.cwd)}`);
  } else ev.push(dir === undefined ? 'the working directory can\'t be known, so wrangler.toml can\'t be found' : 'no wrangler.toml/wrangler.json here');
  const target = p[0] === 'delete' && p[1] && p[1] !== '\0' ? p[1] : undefined;
  if (target) { facts['cloudflare-worker'] = target; ev.push(`worker ${target} (argument)`); }
  // The resource a subcommand names: `d1 delete|execute|info NAME`, `d1 time-travel restore NAME`,
  // `r2 bucket delete NAME`, `r2 object delete BUCKET/KEY`, `queues delete NAME`, `vectorize
  // delete NAME`, `pages project delete NAME` (developers.cloudflare.com/workers/wrangler/commands).
  const named = argAfter(p, ['d1', 'delete'], ['d1', 'execute'], ['d1', 'time-travel', 'restore'], ['d1', 'migrations', 'apply'], ['r2', 'bucket', 'delete'],
    ['r2', 'bucket', 'lifecycle', 'add'], ['r2', 'object', 'delete'], ['queues', 'delete'], ['vectorize', 'delete'], ['pages', 'project', 'delete'], ['hyperdrive', 'delete']);
  if (named && named !== '\0') {
    const what = p[0] === 'r2' ? 'bucket' : p[0] === 'd1' ? 'D1 database' : p[0] === 'pages' ? 'Pages project' : `${p[0]}`;
    let name = p[0] === 'r2' && p[1] === 'object' ? named.split('/')[0]! : named;
    ev.push(`${what} ${name} (argument)`);
    // `d1 execute DB`: a binding, whose database_name is in wrangler.toml (perhaps written earlier on the line).
    const bound = p[0] === 'd1' && text && file?.endsWith('.toml') ? d1Binding(text, name) : undefined;
    if (bound && bound !== name) { ev.push(`binding ${name} is database ${bound} in ${showPath(file!, run.ctx, run.cwd)}`); name = bound; }
    facts['cloudflare-resource'] = name;
  }
  if (getVar(run, 'CLOUDFLARE_API_TOKEN')) ev.push('CLOUDFLARE_API_TOKEN is set: it acts on the account it was made for');
  const env = facts['wrangler-env'];
  return result(facts, ev, `Cloudflare ${facts['cloudflare-resource'] ?? facts['cloudflare-worker'] ?? 'account'}${env ? ` (env ${env})` : ''}`);
}

/** The database_name of the [[d1_databases]] entry whose binding (or database_name) is `name`. */
function d1Binding(toml: string, name: string): string | undefined {
  for (const block of toml.split(/^\s*\[\[\s*d1_databases\s*\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\s*\[/m)[0] ?? '';
    const key = (k: string): string | undefined => new RegExp(`^\\s*${k}\\s*=\\s*["']([^"']+)`, 'm').exec(body)?.[1];
    if (key('binding') === name || key('database_name') === name) return key('database_name');
  }
  return undefined;
}

/** The wrangler installed for this project (node_modules/wrangler, the nearest one up). */
function wranglerVersion(cwd: string | undefined): string | undefined {
  if (cwd === undefined) return undefined;
  const dir = findUp(cwd, (d) => isFile(join(d, 'node_modules', 'wrangler', 'package.json')));
  const pkg = dir ? (readJson(join(dir, 'node_modules', 'wrangler', 'package.json')) as { version?: string } | undefined) : undefined;
  return typeof pkg?.version === 'string' ? pkg.version : undefined;
}

function atLeast(version: string, min: number[]): boolean {
  const v = version.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < min.length; i++) {
    const a = v[i] ?? 0;
    if (Number.isNaN(a)) return false;
    if (a !== min[i]) return a > min[i]!;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// MongoDB Atlas: --projectId, MONGODB_ATLAS_PROJECT_ID, else the profile's project
// (-P/--profile or MONGODB_ATLAS_PROFILE, else "default", in ~/.config/atlascli/config.toml).

export function resolveAtlas(run: Run): Candidate[] {
  const facts: Facts = {};
  const ev: string[] = [];
  // `atlas api TAG OPERATION --groupId ID` names the project the way --projectId does.
  if (!fromFlagOrVar(run, ['--projectId', '--groupId'], ['MONGODB_ATLAS_PROJECT_ID', 'MCLI_PROJECT_ID'], 'atlas-project', facts, ev)) return dyn('--projectId');
  const p = pos(run).filter((w) => w !== 'atlas');
  // Every delete also answers to `rm`; `projects delete ID` names the project itself.
  const deletes = (...nouns: string[]): string[][] => nouns.flatMap((n) => [[n, 'delete'], [n, 'rm']]);
  if (!nameArg(facts, ev, 'atlas-cluster', argAfter(p, ...deletes('clusters', 'cluster', 'serverless', 'deployments', 'deployment')), 'cluster')) return dyn('the cluster');
  if (!facts['atlas-project'] && !nameArg(facts, ev, 'atlas-project', argAfter(p, ...deletes('projects', 'project')), 'project')) return dyn('the project');
  if (!facts['atlas-cluster'] && !fromFlagOrVar(run, ['--clusterName'], [], 'atlas-cluster', facts, ev)) return dyn('--clusterName');
  if (!facts['atlas-project']) {
    const prof = flag(run.args, ['-P', '--profile'])?.value ?? getVar(run, 'MONGODB_ATLAS_PROFILE')?.value ?? 'default';
    const file = join(run.ctx.home, '.config', 'atlascli', 'config.toml');
    const section = (readText(file) ?? '').split(/^\s*\[/m).find((s) => s.startsWith(`${prof}]`));
    const id = section ? /^\s*project_id\s*=\s*['"]([^'"]+)/m.exec(section)?.[1] : undefined;
    if (id) { facts['atlas-project'] = id; ev.push(`project ${id} of profile ${prof} in ~/.config/atlascli/config.toml`); }
    else ev.push(`no project given, and profile ${prof} names none`);
  }
  return result(facts, ev, `Atlas ${facts['atlas-cluster'] ? `cluster ${facts['atlas-cluster']}` : 'project'} in ${facts['atlas-project'] ?? '?'}`);
}

// ---------------------------------------------------------------------------------------------
// Turso, Upstash, Render: the database, group or service named on the command line.

export function resolveNamed(run: Run, kind: 'turso' | 'upstash' | 'render'): Candidate[] {
  const facts: Facts = {};
  const ev: string[] = [];
  if (kind === 'turso') {
    const p = pos(run);
    const names = p.slice(2).filter((w) => w !== '\0');
    if (p.slice(2).includes('\0')) return dyn('the database');
    if (names[0]) { facts['turso-database'] = names[0]; ev.push(`${p[0] === 'group' ? 'group' : p[0] === 'org' ? 'organization' : 'database'} ${names.slice(0, p[1] === 'shell' ? 1 : undefined).join(' ')} (argument)`); }
    return result(facts, ev, `Turso ${facts['turso-database'] ?? '?'}`);
  }
  const id = flag(run.args, ['--id', '--name']);
  if (id?.dynamic) return dyn(id.flag);
  if (id) { facts[`${kind}-database`] = id.value; ev.push(showFlag(id)); }
  else ev.push('no database or service named');
  return result(facts, ev, `${kind === 'upstash' ? 'Upstash database' : 'Render service'} ${id?.value ?? '?'}`);
}

// ---------------------------------------------------------------------------------------------
// Object stores. mc: ALIAS/BUCKET, the alias's URL in ~/.mc/config.json (or -C/MC_CONFIG_DIR, or
// MC_HOST_<alias>). rclone: REMOTE:PATH, the remote in rclone.conf (--config, RCLONE_CONFIG).
// s3cmd: s3://BUCKET at host_base in ~/.s3cfg (-c). A local path is this machine.

export function resolveObjectStore(run: Run): Candidate[] {
  const name = run.name;
  if (name === 'mc' || name === 'mcli') return resolveMc(run);
  if (name === 'rclone') return resolveRclone(run);
  return resolveS3cmd(run);
}

function targetsOf(run: Run): string[] {
  return pos(run).slice(1);
}

/** The operand a command acts on: for a move, what it takes away (the first source that isn't a
 *  local path), not where it goes; otherwise (or moving local files up) the last operand. */
function actedOn(sub: string | undefined, paths: string[], moves: RegExp): string | undefined {
  if (!moves.test(sub ?? '') || paths.length < 2) return paths[paths.length - 1];
  const src = paths.slice(0, -1);
  return src.find((p) => p === '\0' || !/^(\.{0,2}\/|~|\.$)/.test(p)) ?? paths[paths.length - 1];
}

function resolveMc(run: Run): Candidate[] {
  const all = pos(run);
  const p = actedOn(all[0], all.slice(1), /^mv$/);
  if (p === undefined) return [{ facts: {}, evidence: ['no bucket named'], resource: 'MinIO ?' }];
  if (p === '\0') return dyn('the bucket');
  const [alias, bucket] = p.split('/');
  const env = alias ? getVar(run, `MC_HOST_${alias}`) : undefined;
  const cfgDir = flag(run.args, ['-C', '--config-dir'])?.value ?? getVar(run, 'MC_CONFIG_DIR')?.value ?? join(run.ctx.home, '.mc');
  const cfgFile = join(absPath(cfgDir, run.cwd, run.ctx.home) ?? cfgDir, 'config.json');
  const cfg = readJson(cfgFile) as { aliases?: Record<string, { url?: string }>; hosts?: Record<string, { url?: string }> } | undefined;
  // `mc alias set prod https://minio.prod… KEY SECRET && mc rb --force prod/x`: an alias the line
  // sets first (the latest such command) is what the next mc reads.
  const set = alias && !env ? lineAlias(run, alias) : undefined;
  if (set?.dynamic) return dyn(`the URL of alias ${alias}`);
  const url = env?.value ?? set?.url ?? (alias ? (cfg?.aliases ?? cfg?.hosts)?.[alias]?.url : undefined);
  const facts: Facts = {};
  const ev: string[] = [];
  if (set) ev.push(`the line sets alias ${alias} first (${set.how})`);
  if (bucket) facts['bucket'] = bucket;
  if (alias) facts['storage-remote'] = alias;
  const host = url ? httpHost(url.replace(/^(https?:\/\/)[^@/]*@/, '$1'))?.host : undefined;
  if (host) { facts['host'] = host; ev.push(`alias ${alias} is ${host} (${env ? `MC_HOST_${alias}` : showPath(cfgFile, run.ctx, run.cwd)})`); }
  else ev.push(`alias ${alias} is not in ${showPath(cfgFile, run.ctx, run.cwd)}`);
  return result(facts, ev, `bucket ${bucket ?? '?'} on ${alias ?? '?'}`);
}

function lineAlias(run: Run, alias: string): { url: string; dynamic: boolean; how: string } | undefined {
  const l = run.inv.line;
  const before = l ? l.all.slice(0, l.at) : [];
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    if (prev.name !== 'mc' && prev.name !== 'mcli') continue;
    const w = prev.argv.slice(1).filter((x) => x.dynamic || !x.value.startsWith('-'));
    const at = w[0]?.value === 'alias' && w[1]?.value === 'set' ? 2 : w[0]?.value === 'config' && w[1]?.value === 'host' && w[2]?.value === 'add' ? 3 : -1;
    if (at < 0 || w[at]?.dynamic || w[at]?.value !== alias || !w[at + 1]) continue;
    return { url: w[at + 1]!.value, dynamic: w[at + 1]!.dynamic, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

/** A config file chosen by name (`rclone --config rclone.production.conf`, `s3cmd -c
 *  ~/.s3cfg-production`): its name is evidence of where the remote is. */
function namedConfig(facts: Facts, ev: string[], f: { value: string; dynamic: boolean } | undefined, how: string): void {
  if (!f || f.dynamic || !f.value) return;
  facts['storage-config'] = f.value.replace(/^.*\//, '');
  ev.push(how);
}

function resolveRclone(run: Run): Candidate[] {
  const all = pos(run);
  const p = actedOn(all[0], all.slice(1), /^move(to)?$/);
  if (p === undefined) return [{ facts: {}, evidence: ['no path named'], resource: 'rclone ?' }];
  if (p === '\0') return dyn('the destination');
  const m = /^(:?[\w.\- ]+):(.*)$/.exec(p);
  if (!m) return [{ facts: { path: p }, evidence: [`${p} is a local path`], resource: p }];
  const remote = m[1]!;
  const facts: Facts = { 'storage-remote': remote.replace(/^:/, '') };
  const ev: string[] = [];
  const bucket = m[2]?.split('/')[0];
  if (bucket) facts['bucket'] = bucket;
  const cf = flag(run.args, ['--config']);
  const cv = cf ? undefined : getVar(run, 'RCLONE_CONFIG');
  namedConfig(facts, ev, cf ?? cv, cf ? showFlag(cf) : cv ? showVar('RCLONE_CONFIG', cv) : '');
  const conf = cf?.value ?? cv?.value ?? join(run.ctx.home, '.config', 'rclone', 'rclone.conf');
  const section = readIni(absPath(conf, run.cwd, run.ctx.home) ?? conf)?.get(remote);
  const endpoint = section?.['endpoint'] ?? section?.['url'];
  const host = endpoint ? httpHost(/^\w+:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`)?.host : undefined;
  if (host) facts['host'] = host;
  ev.push(section ? `remote ${remote} (${section['type'] ?? '?'}${host ? ` at ${host}` : ''}) in ${showPath(conf, run.ctx, run.cwd)}` : `remote ${remote} is not in ${showPath(conf, run.ctx, run.cwd)}`);
  return result(facts, ev, `${remote}:${m[2] ?? ''}`);
}

function resolveS3cmd(run: Run): Candidate[] {
  const paths = targetsOf(run);
  const p = [...paths].reverse().find((w) => w === '\0' || w.startsWith('s3://'));
  if (p === '\0') return dyn('the bucket');
  const facts: Facts = {};
  const ev: string[] = [];
  const bucket = p?.slice(5).split('/')[0];
  if (bucket) facts['bucket'] = bucket;
  const cf = flag(run.args, ['-c', '--config']);
  if (cf) namedConfig(facts, ev, cf, showFlag(cf));
  const cfg = cf?.value ?? join(run.ctx.home, '.s3cfg');
  const host = flag(run.args, ['--host'])?.value ?? readIni(absPath(cfg, run.cwd, run.ctx.home) ?? cfg)?.get('default')?.['host_base'] ?? 's3.amazonaws.com';
  facts['host'] = host.replace(/:\d+$/, '');
  ev.push(`s3cmd talks to ${host}`);
  return result(facts, ev, `bucket ${bucket ?? '?'} at ${host}`);
}

// ---------------------------------------------------------------------------------------------
// Self-run services: the server address from the flag, the tool's variable, or its default
// (this machine, unless a config says otherwise).

/** `agent`: the default address is a local agent that forwards to the cluster's servers (a
 *  Consul client agent runs on every node), so the default is no sign of a local store. */
interface Service { flags: string[]; vars: string[]; fallback?: string; label: string; agent?: true }
const SERVICES: Record<string, Service> = table({
  etcdctl: { flags: ['--endpoints'], vars: ['ETCDCTL_ENDPOINTS'], fallback: '127.0.0.1:2379', label: 'etcd' },
  consul: { flags: ['-http-addr', '--http-addr'], vars: ['CONSUL_HTTP_ADDR'], fallback: '127.0.0.1:8500', label: 'Consul', agent: true },
  vault: { flags: ['-address', '--address'], vars: ['VAULT_ADDR'], fallback: 'https://127.0.0.1:8200', label: 'Vault' },
  'kafka-topics': { flags: ['--bootstrap-server', '--zookeeper'], vars: [], label: 'Kafka' },
  'kafka-delete-records': { flags: ['--bootstrap-server'], vars: [], label: 'Kafka' },
  'kafka-configs': { flags: ['--bootstrap-server', '--zookeeper'], vars: [], label: 'Kafka' },
  'kafka-consumer-groups': { flags: ['--bootstrap-server'], vars: [], label: 'Kafka' },
  'kafka-streams-application-reset': { flags: ['--bootstrap-server', '--bootstrap-servers'], vars: [], label: 'Kafka' },
  rpk: { flags: ['--brokers', '-X'], vars: ['REDPANDA_BROKERS', 'RPK_BROKERS'], label: 'Redpanda' },
  cqlsh: { flags: [], vars: ['CQLSH_HOST'], fallback: '127.0.0.1', label: 'Cassandra' },
  influx: { flags: ['--host', '-host'], vars: ['INFLUX_HOST'], label: 'InfluxDB' },
  zkcli: { flags: ['-server'], vars: [], fallback: 'localhost:2181', label: 'ZooKeeper' },
  rabbitmqadmin: { flags: ['-H', '--host'], vars: [], fallback: 'localhost', label: 'RabbitMQ' },
  'zookeeper-shell': { flags: [], vars: [], label: 'ZooKeeper' },
});

const KEY_STORES = new Set(['etcd', 'Consul', 'Vault', 'ZooKeeper']);

export function resolveService(run: Run): Candidate[] {
  const svc = SERVICES[run.name.toLowerCase().replace(/\.sh$/, '')];
  if (!svc) return [];
  const ev: string[] = [];
  let addr: string | undefined;
  const f = svc.flags.length ? flag(run.args, svc.flags) : undefined;
  if (f) {
    if (f.dynamic) return dyn(f.flag);
    addr = f.value.replace(/^brokers=/, '');
    ev.push(showFlag(f));
  }
  if (!addr && (run.name === 'cqlsh' || run.name.startsWith('zookeeper-shell'))) {
    const host = positionals(run.args, grammarOf(run.name))[0];
    if (host?.dynamic) return dyn('the host');
    if (host) { addr = host.value; ev.push(`host ${host.value} (argument)`); }
  }
  if (!addr && run.name === 'cqlsh') {
    // cqlsh reads [connection] hostname from its cqlshrc (~/.cassandra/cqlshrc, or --cqlshrc).
    const rcFlag = flag(run.args, ['--cqlshrc']);
    if (rcFlag?.dynamic) return dyn(rcFlag.flag);
    const rc = rcFlag ? absPath(rcFlag.value, run.cwd, run.ctx.home) : join(run.ctx.home, '.cassandra', 'cqlshrc');
    const hostname = rc ? readIni(rc)?.get('connection')?.['hostname'] : undefined;
    if (rc && hostname) { addr = hostname; ev.push(`hostname ${hostname} in ${showPath(rc, run.ctx, run.cwd)} [connection]`); }
  }
  for (const name of addr ? [] : svc.vars) {
    const v = getVar(run, name);
    if (v && v.value) {
      if (v.dynamic) return dyn(name);
      addr = v.value;
      ev.push(showVar(name, v));
      break;
    }
  }
  if (!addr && run.name === 'influx') {
    // A config the line creates (or switches to) and makes active first:
    // `influx config create --config-name prod --host-url https://… --active && influx bucket delete …`.
    const made = (run.inv.succeeded ?? []).slice().reverse().find((p) => p.name === 'influx' && p.argv[1]?.value === 'config' && p.argv[2]?.value === 'create' && p.argv.some((x) => x.value === '--active' || x.value === '-a'));
    const url = made ? optValue(made.argv.slice(3), ['--host-url', '-u']) : undefined;
    if (made && url) {
      if (url.dynamic) return dyn('the active influx config\'s --host-url');
      addr = url.value;
      ev.push(`the line makes config ${optValue(made.argv.slice(3), ['--config-name', '-n'])?.value ?? '?'} active first with --host-url ${url.value} (${made.argv.map((x) => x.text).join(' ')})`);
    }
  }
  if (!addr && run.name === 'influx') {
    // The active connection config (influx config): its url.
    const cfg = readText(join(run.ctx.home, '.influxdbv2', 'configs')) ?? '';
    const active = cfg.split(/^\s*\[/m).find((s) => /^\s*active\s*=\s*true/m.test(s));
    const url = active ? /^\s*url\s*=\s*["']([^"']+)/m.exec(active)?.[1] : undefined;
    if (url) { addr = url; ev.push(`active config in ~/.influxdbv2/configs: ${url}`); }
    else return [{ facts: {}, evidence: ['no --host, INFLUX_HOST or active influx config'], resource: 'InfluxDB ?' }];
  }
  const agent = !addr && svc.fallback && svc.agent;
  if (agent) ev.push(`no address given: ${run.name} uses the local agent at ${svc.fallback}, which forwards to whatever cluster it joined`);
  else if (!addr && svc.fallback) ev.push(`no address given: ${run.name} uses ${svc.fallback}`);
  addr ??= svc.fallback;
  if (!addr) return [{ facts: {}, evidence: [`no ${svc.label} address given`], resource: `${svc.label} ?` }];
  const first = addr.split(',')[0]!.trim();
  const host = (/^\w+:\/\//.test(first) ? httpHost(first)?.host : first.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')) ?? first;
  const facts: Facts = agent ? {} : { host };
  // A key store's keys are names people choose: `vault kv metadata delete secret/prod/db` on a
  // server at 127.0.0.1 (a tunnel, a port-forward) names production, like a database
  // app_production on localhost (config.ts: the stricter guess wins).
  if (KEY_STORES.has(svc.label)) {
    const keys = positionals(run.args, grammarOf(run.name)).filter((w) => !w.dynamic && /\//.test(w.value)).map((w) => w.value);
    if (keys.length) facts['service-key'] = keys.join(' ');
  }
  // Vault Enterprise namespaces are names people choose (`VAULT_NAMESPACE=prod`, `-namespace=prod`).
  if (svc.label === 'Vault') {
    const nf = flag(run.args, ['-namespace', '--namespace', '-ns']);
    const nv = nf ? undefined : getVar(run, 'VAULT_NAMESPACE');
    const ns = nf ?? nv;
    if (ns && !ns.dynamic && ns.value) {
      facts['service-namespace'] = ns.value;
      ev.push(nf ? showFlag(nf) : showVar('VAULT_NAMESPACE', nv!));
    }
  }
  return result(facts, ev, `${svc.label} at ${first}`);
}
