// Hosting platforms: Railway, Fly, Heroku, Vercel, Supabase. Each links a folder to a project in
// its own file; flags and variables override the link.
import { join } from 'node:path';
import { isFile, readJson, readText } from './cache.js';
import { readIni } from './ini.js';
import { absPath, findUp, showPath } from './paths.js';
import { dynamicNote, flag, getVar, hasFlag, grammarOf, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { optValue, withSwitch, type LineSwitch, type SwitchReader } from './switches.js';
import type { Invocation, Word } from '../parse/types.js';
import { parseConnUrl, redactUrl } from './url.js';
import { gitDirOf } from './git.js';
import { table } from '../own.js';

function dyn(what: string): Candidate[] {
  return [{ facts: {}, evidence: [dynamicNote(what)], environment: 'unknown' }];
}

// ---------------------------------------------------------------------------------------------
// Railway. `railway link` records folder → project/environment in ~/.railway/config.json
// (config-staging.json / config-dev.json when RAILWAY_ENV points the CLI at Railway's own
// staging); the CLI uses the entry for the folder or its nearest linked parent. RAILWAY_TOKEN is
// a project token, scoped to one environment the CLI looks up over the network.

interface RailwayLink { projectPath?: string; name?: string; project?: string; environment?: string; environmentName?: string; service?: string }

export function railwayConfigPath(run: Run): string {
  const env = getVar(run, 'RAILWAY_ENV')?.value.toLowerCase();
  const file = env === 'staging' ? 'config-staging.json' : env === 'dev' || env === 'develop' ? 'config-dev.json' : 'config.json';
  return join(run.ctx.home, '.railway', file);
}

export function railwayLink(run: Run): { link: RailwayLink; dir: string; file: string } | undefined {
  if (run.cwd === undefined) return undefined;
  const file = railwayConfigPath(run);
  const cfg = readJson(file) as { projects?: Record<string, RailwayLink> } | undefined;
  const projects = cfg?.projects;
  if (!projects || typeof projects !== 'object') return undefined;
  const dir = findUp(run.cwd, (d) => Object.prototype.hasOwnProperty.call(projects, d));
  const link = dir ? projects[dir] : undefined;
  return dir && link ? { link, dir, file } : undefined;
}


/** `railway link --environment production && railway run …`, `railway environment production;
 *  railway …`: the environment the line linked first, the latest such switch among `before`. */
export type RailwaySwitch = { name: string; dynamic: boolean; how: string };
export function railwaySwitch(before: readonly Invocation[]): RailwaySwitch | undefined {
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    if (prev.name !== 'railway') continue;
    const args = prev.argv.slice(1);
    const pos = positionals(args, grammarOf('railway'));
    let w: Word | undefined;
    if (pos[0]?.value === 'link') {
      const e = flag(args, ['-e', '--environment']);
      if (e) w = { value: e.value, dynamic: e.dynamic, glob: false, text: e.value };
    } else if (pos[0]?.value === 'environment' || pos[0]?.value === 'env') {
      const sub = pos[1]?.value;
      if (sub === 'link') w = pos[2];
      else if (sub !== undefined && !['new', 'delete', 'rm', 'remove', 'edit', 'config'].includes(sub)) w = pos[1];
    }
    if (!w || (!w.dynamic && w.value === '')) continue;
    return { name: w.value, dynamic: w.dynamic, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

export function resolveRailway(run: Run, pinned?: { sw: RailwaySwitch | undefined }): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  let guessed = false;
  const named = !!flag(a, ['-e', '--environment']) || !!getVar(run, 'RAILWAY_TOKEN');
  // A switch that need not have worked (`;`): the environment switched to, or the one before it.
  const line = run.inv.line;
  if (!pinned && !named && !railwaySwitch(run.inv.succeeded ?? []) && line) {
    const sw = railwaySwitch(line.all.slice(0, line.at));
    if (sw) {
      const note = 'if that switch failed, the environment linked before it stands';
      return [...resolveRailway(run, { sw }).map((c) => ({ ...c, evidence: [...c.evidence, note] })), ...resolveRailway(run, { sw: undefined })];
    }
  }
  const sw = named ? undefined : pinned ? pinned.sw : railwaySwitch(run.inv.succeeded ?? []);

  const token = getVar(run, 'RAILWAY_TOKEN');
  const apiToken = getVar(run, 'RAILWAY_API_TOKEN');
  const link = token ? undefined : railwayLink(run);

  const pFlag = flag(a, ['-p', '--project']);
  if (pFlag) {
    if (pFlag.dynamic) return dyn(pFlag.flag);
    facts['railway-project'] = pFlag.value;
    ev.push(showFlag(pFlag));
  }
  const eFlag = flag(a, ['-e', '--environment']);
  if (eFlag) {
    if (eFlag.dynamic) return dyn(eFlag.flag);
    facts['railway-environment'] = eFlag.value;
    ev.push(showFlag(eFlag));
  }
  // `railway environment delete NAME`
  const pos = positionals(a, grammarOf('railway')).map((w) => w.value);
  if ((pos[0] === 'environment' || pos[0] === 'env') && (pos[1] === 'delete' || pos[1] === 'rm') && pos[2]) {
    facts['railway-environment'] = pos[2];
    ev.push(`environment ${pos[2]} (argument)`);
  }

  if (!facts['railway-environment']) {
    for (const name of ['RAILWAY_ENVIRONMENT_NAME', 'RAILWAY_ENVIRONMENT']) {
      const v = getVar(run, name);
      if (v && v.value !== '') {
        facts['railway-environment'] = v.value;
        ev.push(showVar(name, v));
        break;
      }
    }
  }
  if (!facts['railway-environment'] && sw) {
    if (sw.dynamic) return dyn(`the environment of ${sw.how}`);
    facts['railway-environment'] = sw.name;
    ev.push(`the line links environment ${sw.name} first (${sw.how})`);
  }
  const envId = getVar(run, 'RAILWAY_ENVIRONMENT_ID');
  if (envId && !facts['railway-environment']) {
    facts['railway-environment-id'] = envId.value;
    ev.push(showVar('RAILWAY_ENVIRONMENT_ID', envId));
  }
  const projId = getVar(run, 'RAILWAY_PROJECT_ID');
  if (projId && !facts['railway-project']) {
    facts['railway-project'] = projId.value;
    ev.push(showVar('RAILWAY_PROJECT_ID', projId));
  }

  if (token) {
    ev.push(`RAILWAY_TOKEN is set (${token.from}): a project token acts on the one environment it was made for, which can't be read from here`);
    if (!facts['railway-environment']) guessed = true;
  } else if (link) {
    const where = `${showPath(link.file, run.ctx, run.cwd)} (linked at ${showPath(link.dir, run.ctx, run.cwd) || '.'})`;
    if (!facts['railway-project']) facts['railway-project'] = link.link.name ?? link.link.project ?? '';
    if (!facts['railway-environment'] && !facts['railway-environment-id']) {
      if (link.link.environmentName) facts['railway-environment'] = link.link.environmentName;
      if (link.link.environment) facts['railway-environment-id'] = link.link.environment;
      ev.push(`project ${facts['railway-project']} environment ${link.link.environmentName ?? link.link.environment ?? '?'} in ${where}`);
    } else {
      ev.push(`project ${facts['railway-project']} linked in ${where}`);
    }
  } else if (!facts['railway-environment']) {
    ev.push(run.cwd === undefined ? 'the working directory can\'t be known, so the Railway link can\'t be found' : `this folder is not linked in ${showPath(railwayConfigPath(run), run.ctx, run.cwd)}`);
  }
  if (apiToken) ev.push(`RAILWAY_API_TOKEN is set (${apiToken.from}): an account or team token reaches every project and environment it can see`);
  for (const k of Object.keys(facts)) if (facts[k] === '') delete facts[k];
  const env = facts['railway-environment'] ?? facts['railway-environment-id'];
  return [{ facts, evidence: ev, resource: `Railway ${facts['railway-project'] ?? 'project ?'}${env ? ` / ${env}` : ''}`, guessed }];
}

// ---------------------------------------------------------------------------------------------
// Fly: -a/--app, then FLY_APP, then `app` in fly.toml (or the file given with -c/--config).

export function resolveFly(run: Run): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  // fly's grammar: `-Cbash` is -C's value, not -a's (`-C -b -a sh`).
  const g = grammarOf('fly');
  const aFlag = flag(a, ['-a', '--app'], a.length, g);
  const pos = positionals(a, g);
  let app: string | undefined;
  let configName: string | undefined;
  if (aFlag) {
    if (aFlag.dynamic) return dyn(aFlag.flag);
    app = aFlag.value;
    ev.push(showFlag(aFlag));
  } else if ((pos[0]?.value === 'apps' && ['destroy', 'delete', 'remove'].includes(pos[1]?.value ?? '')) || pos[0]?.value === 'destroy') {
    const name = pos[0]?.value === 'destroy' ? pos[1] : pos[2];
    if (name) { app = name.value; ev.push(`app ${app} (argument)`); }
  }
  if (!app) {
    const v = getVar(run, 'FLY_APP');
    if (v && v.value !== '') { app = v.value; ev.push(showVar('FLY_APP', v)); }
  }
  if (!app) {
    const c = flag(a, ['-c', '--config'], a.length, g);
    const file = c ? absPath(c.value, run.cwd, run.ctx.home) : run.cwd !== undefined ? join(run.cwd, 'fly.toml') : undefined;
    const toml = file ? readText(file) : undefined;
    const name = toml ? /^\s*app\s*=\s*["']([^"']+)["']/m.exec(toml.split(/^\s*\[/m)[0] ?? '')?.[1] : undefined;
    if (name && file) { app = name; ev.push(`app ${name} in ${showPath(file, run.ctx, run.cwd)}`); }
    else ev.push(file ? `no app in ${showPath(file, run.ctx, run.cwd)}` : 'the working directory can\'t be known, so fly.toml can\'t be found');
    // A config chosen by name (`-c fly.production.toml`) says which app it is for.
    if (!app && c && !c.dynamic) configName = c.value.replace(/^.*\//, '');
  }
  const facts: Record<string, string> = app ? { 'fly-app': app } : {};
  if (configName) { facts['fly-config'] = configName; ev.push(showFlag(flag(a, ['-c', '--config'], a.length, g)!)); }
  return [{ facts, evidence: ev, resource: `Fly app ${app ?? '?'}` }];
}

// ---------------------------------------------------------------------------------------------
// Heroku: -a/--app, then HEROKU_APP, then the git remotes that point at Heroku (the one named by
// -r/--remote or `heroku.remote` in git config; if none is named, the only one).

export function herokuRemotes(dir: string | undefined): Array<{ remote: string; app: string }> {
  const git = dir ? gitDirOf(dir) : undefined;
  const cfg = git ? readIni(join(git.common, 'config')) : undefined;
  const out: Array<{ remote: string; app: string }> = [];
  for (const [section, values] of cfg ?? []) {
    const m = /^remote "(.*)"$/.exec(section);
    const url = values['url'] ?? '';
    const app = /^(?:https:\/\/git\.heroku\.com\/|git@heroku\.com:|ssh:\/\/git@heroku\.com\/)([\w-]+?)(?:\.git)?\/?$/.exec(url)?.[1];
    if (m && app) out.push({ remote: m[1] ?? '', app });
  }
  return out;
}

function lineHerokuRemotes(run: Run): Array<{ remote: string; app: string }> {
  const l = run.inv.line;
  const out: Array<{ remote: string; app: string }> = [];
  for (const prev of l ? l.all.slice(0, l.at).reverse() : []) {
    const w = prev.argv.slice(1).filter((x) => !x.value.startsWith('-') || x.dynamic);
    let remote: string | undefined;
    let app: string | undefined;
    if (prev.name === 'git' && w[0]?.value === 'remote' && (w[1]?.value === 'add' || w[1]?.value === 'set-url') && w[2] && w[3] && !w[2].dynamic && !w[3].dynamic) {
      remote = w[2].value;
      app = /^(?:https:\/\/git\.heroku\.com\/|git@heroku\.com:|ssh:\/\/git@heroku\.com\/)([\w-]+?)(?:\.git)?\/?$/.exec(w[3].value)?.[1];
    } else if (prev.name === 'heroku' && w[0]?.value === 'git:remote') {
      const a = flag(prev.argv.slice(1), ['-a', '--app']);
      const r = flag(prev.argv.slice(1), ['-r', '--remote']);
      if (a && !a.dynamic && !r?.dynamic) { app = a.value; remote = r?.value ?? 'heroku'; }
    }
    if (remote && app && !out.some((x) => x.remote === remote)) out.push({ remote, app });
  }
  return out;
}

export function resolveHeroku(run: Run): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const aFlag = flag(a, ['-a', '--app']);
  let app: string | undefined;
  if (aFlag) {
    if (aFlag.dynamic) return dyn(aFlag.flag);
    app = aFlag.value;
    ev.push(showFlag(aFlag));
  }
  // `heroku apps:destroy [APP]` (and its aliases) also takes the app as its argument
  // (devcenter.heroku.com/articles/heroku-cli-commands#heroku-apps-destroy).
  const sub = a.find((w) => !w.value.startsWith('-'));
  if (!app && sub && /^(apps:destroy|destroy|apps:delete)$/.test(sub.value)) {
    const rest = a.slice(a.indexOf(sub) + 1);
    const arg = rest.find((w, i) => !w.value.startsWith('-') && !/^(-a|--app|-r|--remote|-c|--confirm)$/.test(rest[i - 1]?.value ?? ''));
    if (arg?.dynamic) return dyn('the app');
    if (arg) { app = arg.value; ev.push(`app ${app} (argument)`); }
  }
  if (!app) {
    const v = getVar(run, 'HEROKU_APP');
    if (v && v.value !== '') { app = v.value; ev.push(showVar('HEROKU_APP', v)); }
  }
  // --confirm must repeat the app's name (apps:destroy, pg:reset, addons:destroy): it names it.
  if (!app) {
    const c = flag(a, ['--confirm']);
    if (c?.dynamic) return dyn(c.flag);
    if (c && c.value) { app = c.value; ev.push(`${showFlag(c)}: the app name heroku asks for`); }
  }
  if (!app) {
    const rFlag = flag(a, ['-r', '--remote']);
    const git = run.cwd !== undefined ? gitDirOf(run.cwd) : undefined;
    const named = rFlag?.value ?? (git ? readIni(join(git.common, 'config'))?.get('heroku')?.['remote'] : undefined);
    // Remotes the line adds first (`git remote add production https://git.heroku.com/acme-prod.git`,
    // `heroku git:remote -a acme-prod -r production`) stand before the ones on disk.
    const added = lineHerokuRemotes(run);
    const remotes = [...added, ...herokuRemotes(run.cwd).filter((r) => !added.some((x) => x.remote === r.remote))].filter((r) => named === undefined || r.remote === named);
    if (remotes.length === 1) {
      app = remotes[0]?.app;
      ev.push(`git remote ${remotes[0]?.remote} points at Heroku app ${app}${rFlag ? ' (--remote)' : ''}`);
    } else if (remotes.length > 1) {
      ev.push(`several git remotes point at Heroku (${remotes.map((r) => `${r.remote}: ${r.app}`).join(', ')}): heroku will ask which`);
    } else {
      ev.push(named ? `no git remote ${named} pointing at Heroku` : 'no app given and no git remote points at Heroku');
    }
  }
  return [{ facts: app ? { 'heroku-app': app } : {}, evidence: ev, resource: `Heroku app ${app ?? '?'}` }];
}

// ---------------------------------------------------------------------------------------------
// Netlify: the project (site) from the argument of sites:delete, --site, NETLIFY_SITE_ID, else
// the folder's link (.netlify/state.json siteId, written by `netlify link`; the nearest one up,
// from --cwd when given). The deploy context (-c/--context of env:* commands) is the environment.
// Checked against netlify/cli (src/utils/state-config.ts, commands/sites, commands/env).

export function resolveNetlify(run: Run): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const pos = positionals(a, grammarOf('netlify'));
  const sub = pos[0]?.value;
  const site = flag(a, ['--site']);
  if (site) {
    if (site.dynamic) return [{ facts: {}, evidence: [dynamicNote(site.flag)], environment: 'unknown' }];
    facts['netlify-site'] = site.value;
    ev.push(showFlag(site));
  } else if (sub === 'sites:delete' && pos[1]) {
    if (pos[1].dynamic) return [{ facts: {}, evidence: [dynamicNote('the project id')], environment: 'unknown' }];
    facts['netlify-site'] = pos[1].value;
    ev.push(`project ${pos[1].value} (argument)`);
  } else {
    const v = getVar(run, 'NETLIFY_SITE_ID');
    if (v && v.value) {
      if (v.dynamic) return [{ facts: {}, evidence: [dynamicNote('NETLIFY_SITE_ID')], environment: 'unknown' }];
      facts['netlify-site'] = v.value;
      ev.push(showVar('NETLIFY_SITE_ID', v));
    } else {
      const cwdFlag = flag(a, ['--cwd']);
      const start = cwdFlag ? absPath(cwdFlag.value, run.cwd, run.ctx.home) : run.cwd;
      const dir = start === undefined ? undefined : findUp(start, (d) => isFile(join(d, '.netlify', 'state.json')));
      const file = dir === undefined ? undefined : join(dir, '.netlify', 'state.json');
      const id = file ? (readJson(file) as { siteId?: string } | undefined)?.siteId : undefined;
      if (id && file) { facts['netlify-site'] = id; ev.push(`project ${id} linked in ${showPath(file, run.ctx, run.cwd)}`); }
      else ev.push('no project given and no .netlify/state.json link here');
    }
  }
  const ctx = /^env:/.test(sub ?? '') ? flag(a, ['-c', '--context']) : undefined;
  if (ctx) {
    if (ctx.dynamic) return [{ facts: {}, evidence: [dynamicNote(ctx.flag)], environment: 'unknown' }];
    facts['netlify-context'] = ctx.value;
    ev.push(showFlag(ctx));
  }
  const c = facts['netlify-context'];
  return [{ facts, evidence: ev, resource: `Netlify project ${facts['netlify-site'] ?? '?'}${c ? ` (context ${c})` : ''}` }];
}

// ---------------------------------------------------------------------------------------------
// Vercel: the project linked in .vercel/project.json (or VERCEL_PROJECT_ID with VERCEL_ORG_ID);
// the environment is the deployment target: --prod / --target, `vercel env rm NAME production`,
// promote and rollback (which change production).

export function vercelLink(dir: string | undefined): { file: string; id?: string; name?: string } | undefined {
  if (dir === undefined) return undefined;
  const file = join(dir, '.vercel', 'project.json');
  const p = readJson(file) as { projectId?: string; projectName?: string } | undefined;
  return p ? { file, id: p.projectId, name: p.projectName } : undefined;
}

export function resolveVercel(run: Run): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const cwdFlag = flag(a, ['--cwd']);
  const dir = cwdFlag ? absPath(cwdFlag.value, run.cwd, run.ctx.home) : run.cwd;
  const pid = getVar(run, 'VERCEL_PROJECT_ID');
  const pos = positionals(a, grammarOf('vercel'));
  const sub = pos[0]?.value;
  const projFlag = flag(a, ['--project']);
  if (projFlag) {
    facts['vercel-project'] = projFlag.value;
    ev.push(showFlag(projFlag));
  } else if ((sub === 'remove' || sub === 'rm') && pos[1]) {
    facts['vercel-project'] = pos[1].value;
    ev.push(`${pos[1].value} (argument)`);
  } else if (pid && getVar(run, 'VERCEL_ORG_ID')) {
    facts['vercel-project-id'] = pid.value;
    ev.push(showVar('VERCEL_PROJECT_ID', pid));
  } else {
    const link = vercelLink(dir);
    if (link) {
      if (link.name) facts['vercel-project'] = link.name;
      if (link.id) facts['vercel-project-id'] = link.id;
      ev.push(`project ${link.name ?? link.id} linked in ${showPath(link.file, run.ctx, run.cwd)}`);
    } else {
      ev.push(dir === undefined ? 'the working directory can\'t be known, so .vercel/project.json can\'t be found' : 'this folder is not linked (.vercel/project.json)');
    }
  }
  const target = flag(a, ['--target']);
  if (hasFlag(a, ['--prod', '--production'])) {
    facts['vercel-target'] = 'production';
    ev.push('--prod (flag)');
  } else if (target) {
    facts['vercel-target'] = target.value;
    ev.push(showFlag(target));
  } else if (sub === 'promote' || sub === 'rollback') {
    facts['vercel-target'] = 'production';
    ev.push(`vercel ${sub} changes what production serves`);
  } else if (sub === 'env' && ['rm', 'remove', 'add', 'pull'].includes(pos[1]?.value ?? '') && pos[3]) {
    facts['vercel-target'] = pos[3].value;
    ev.push(`environment ${pos[3].value} (argument)`);
  }
  // The team (`--scope acme-prod`) is a name people chose.
  const scope = flag(a, ['--scope', '-S']);
  if (scope && !scope.dynamic && scope.value) { facts['vercel-scope'] = scope.value; ev.push(showFlag(scope)); }
  const project = facts['vercel-project'] ?? facts['vercel-project-id'] ?? '?';
  return [{ facts, evidence: ev, resource: `Vercel project ${project}${facts['vercel-target'] ? ` (${facts['vercel-target']})` : ''}` }];
}

// ---------------------------------------------------------------------------------------------
// Supabase: --db-url, --local, --linked or --project-ref; else SUPABASE_PROJECT_ID; else the ref
// `supabase link` wrote to supabase/.temp/project-ref in the project folder (the nearest folder
// with supabase/config.toml, or --workdir / SUPABASE_WORKDIR). Commands differ in their default:
// `db reset`, `start`, `stop`, `migration up` act on the local stack unless told otherwise.

const LOCAL_BY_DEFAULT = [['db', 'reset'], ['start'], ['stop'], ['status'], ['migration', 'up'], ['db', 'diff'], ['db', 'lint'], ['seed'], ['test']];

export function supabaseWorkdir(run: Run): string | undefined {
  const w = flag(run.args, ['--workdir']) ?? undefined;
  if (w) return absPath(w.value, run.cwd, run.ctx.home);
  const v = getVar(run, 'SUPABASE_WORKDIR');
  if (v && v.value) return absPath(v.value, run.cwd, run.ctx.home);
  if (run.cwd === undefined) return undefined;
  return findUp(run.cwd, (d) => isFile(join(d, 'supabase', 'config.toml'))) ?? run.cwd;
}

/** `supabase link --project-ref abcd… && supabase db reset --linked`: the project the line links first. */
const supabaseSwitch: SwitchReader = (prev, words) => (prev.name === 'supabase' && words.find((w) => !w.value.startsWith('-'))?.value === 'link' ? optValue(words, ['--project-ref']) : undefined);

export function resolveSupabase(run: Run): Candidate[] {
  return withSwitch(run, supabaseSwitch, (sw) => supabaseWith(run, sw), 'if that link failed, the project linked before it stands');
}

function supabaseWith(run: Run, sw: LineSwitch | undefined): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const dbUrl = flag(a, ['--db-url']);
  if (dbUrl) {
    if (dbUrl.dynamic) return dyn('--db-url');
    const ep = parseConnUrl(dbUrl.value);
    if (ep?.host) facts['host'] = ep.host;
    if (ep?.database) facts['database'] = ep.database;
    facts['url'] = redactUrl(dbUrl.value);
    const ref = /(?:^|\.)(?:db\.)?([a-z0-9]{20})\.supabase\.co$/.exec(ep?.host ?? '')?.[1] ?? /postgres\.([a-z0-9]{20})/.exec(dbUrl.value)?.[1];
    if (ref) facts['supabase-project'] = ref;
    return [{ facts, evidence: [`--db-url ${redactUrl(dbUrl.value)} (flag)`], resource: `Supabase database ${ep?.host ?? '?'}` }];
  }
  if (hasFlag(a, ['--local'])) {
    return [{ facts: { host: '127.0.0.1', 'supabase-project': 'local' }, evidence: ['--local (flag): the local Supabase stack'], resource: 'local Supabase stack' }];
  }
  const pos = positionals(a, grammarOf('supabase')).map((w) => w.value);
  const explicit = hasFlag(a, ['--linked', '--project-ref']);
  if (!explicit && LOCAL_BY_DEFAULT.some((cmd) => cmd.every((c, i) => pos[i] === c)) && !(pos[0] === 'db' && pos[1] === 'diff' && hasFlag(a, ['--linked']))) {
    return [{ facts: { host: '127.0.0.1', 'supabase-project': 'local' }, evidence: [`supabase ${pos.slice(0, 2).join(' ')} acts on the local stack unless given --linked or --db-url`], resource: 'local Supabase stack' }];
  }
  const refFlag = flag(a, ['--project-ref']);
  let ref: string | undefined;
  if (refFlag) {
    if (refFlag.dynamic) return dyn('--project-ref');
    ref = refFlag.value;
    ev.push(showFlag(refFlag));
  } else if ((pos[0] === 'projects' && pos[1] === 'delete') || (pos[0] === 'branches' && pos[1] === 'delete')) {
    if (pos[2]) { ref = pos[2]; ev.push(`${pos[0] === 'projects' ? 'project' : 'branch'} ${ref} (argument)`); }
  }
  if (!ref) {
    const v = getVar(run, 'SUPABASE_PROJECT_ID');
    if (v && v.value) { ref = v.value; ev.push(showVar('SUPABASE_PROJECT_ID', v)); }
  }
  if (!ref && sw) {
    if (sw.dynamic) return dyn(`the link ${sw.how}`);
    ref = sw.name;
    ev.push(`the line links project ${ref} first (${sw.how})`);
  }
  if (!ref) {
    const dir = supabaseWorkdir(run);
    const file = dir ? join(dir, 'supabase', '.temp', 'project-ref') : undefined;
    const text = file ? readText(file)?.trim() : undefined;
    if (text && file) { ref = text; ev.push(`project ${ref} linked in ${showPath(file, run.ctx, run.cwd)}`); }
    else ev.push(dir === undefined ? 'the working directory can\'t be known, so the Supabase link can\'t be found' : 'this folder is not linked (supabase/.temp/project-ref)');
  }
  if (ref) facts['supabase-project'] = ref;
  return [{ facts, evidence: ev, resource: `Supabase project ${ref ?? '?'}` }];
}
