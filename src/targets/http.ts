// HTTP clients: the host of each URL is the fact. A request to a cloud provider's control-plane
// API is unknown unless the request itself names the resource it acts on (a Fly app or Supabase
// project ref in the URL, a project a linked-project file or an earlier link on the line names):
// the token decides what it reaches, and a token's scope can't be read locally, so a token's
// origin (an account token read from `.env.staging`) never names staging. This is the Railway
// incident: an account-wide token sent with curl to backboard.railway.app deleted a production
// volume the agent believed was staging.
import type { Word } from '../parse/index.js';
import { flagAll, positionals, type Run } from './run.js';
import type { Candidate } from './types.js';
import { BUILTIN, grammarFor } from '../programs/index.js';
import { httpHost } from './url.js';
import { table } from '../own.js';
import { namesProduction } from './config.js';
import { readText } from './cache.js';
import { railwaySwitch } from './platforms.js';
import { resolve as resolvePath } from 'node:path';

/** Control-plane APIs: a token sent there reaches whatever the token can reach. */
const PROVIDER_APIS: Array<[RegExp, string]> = [
  [/^backboard\.railway(-staging|-develop)?\.(app|com)$/, 'Railway'],
  [/^api\.heroku\.com$/, 'Heroku'],
  [/^(api\.fly\.io|api\.machines\.dev)$/, 'Fly.io'],
  [/^api\.vercel\.com$/, 'Vercel'],
  [/^api\.supabase\.(com|io)$/, 'Supabase'],
  [/^management\.azure\.com$/, 'Azure'],
  [/^([\w-]+\.)?googleapis\.com$/, 'Google Cloud'],
  [/^api\.cloudflare\.com$/, 'Cloudflare'],
  [/^api\.digitalocean\.com$/, 'DigitalOcean'],
  [/^api\.render\.com$/, 'Render'],
  [/^api\.netlify\.com$/, 'Netlify'],
  [/^console\.neon\.tech$/, 'Neon'],
  [/^api\.planetscale\.com$/, 'PlanetScale'],
  [/^api\.turso\.tech$/, 'Turso'],
  [/^api\.doppler\.com$/, 'Doppler'],
  [/^api\.stripe\.com$/, 'Stripe'],
];

/** The resource a provider API's URL names, as the facts its own CLI gives (`fly -a APP`,
 *  `heroku -a APP`, `vercel --project`, `supabase --project-ref`, …), so the team's map
 *  (`fly-apps`, `heroku-apps`, …) and the default names apply: whatever else the token reaches,
 *  this request acts on the resource its URL names. Ids stay ids (a Render service id, a Railway
 *  volume id name nothing). */
const PROVIDER_PATHS: Record<string, Array<[RegExp, string[]]>> = table({
  'Fly.io': [[/^\/v1\/apps\/([^/?#]+)/, ['fly-app']]],
  Heroku: [[/^\/apps\/([^/?#]+)/, ['heroku-app']]],
  Vercel: [[/^\/v\d+\/projects\/([^/?#]+)/, ['vercel-project']]],
  Supabase: [[/^\/v1\/projects\/([^/?#]+)/, ['supabase-project']]],
  Neon: [[/^\/api\/v2\/projects\/([^/?#]+)/, ['neon-project']]],
  Netlify: [[/^\/api\/v1\/sites\/([^/?#]+)/, ['netlify-site']]],
  Cloudflare: [[/^\/client\/v4\/accounts\/[^/?#]*\/workers\/scripts\/([^/?#]+)/, ['cloudflare-worker']]],
  PlanetScale: [[/^\/v1\/organizations\/[^/?#]+\/databases\/([^/?#]+)(?:\/branches\/([^/?#]+))?/, ['planetscale-database', 'planetscale-branch']]],
  Turso: [[/^\/v1\/organizations\/[^/?#]+\/databases\/([^/?#]+)/, ['turso-database']]],
});

function providerFacts(provider: string, url: string): Array<[string, string]> {
  const u = (() => { try { return new URL(url); } catch { return undefined; } })();
  if (!u) return [];
  const out: Array<[string, string]> = [];
  let path = u.pathname;
  try { path = decodeURI(path); } catch { /* as written */ }
  for (const [re, keys] of PROVIDER_PATHS[provider] ?? []) {
    const m = re.exec(path);
    if (!m) continue;
    keys.forEach((k, i) => {
      let v = m[i + 1];
      // A segment only known at run time (`$APP`, `{run-time}`) names nothing.
      if (!v || /[$`{}]/.test(v)) return;
      if (k === 'netlify-site') v = v.replace(/\.netlify\.app$/i, '');
      if (k === 'vercel-project' && /^prj_/.test(v)) k = 'vercel-project-id';
      out.push([k, v]);
    });
  }
  // Doppler's config is in the query: `/v3/configs/config?project=acme&config=prd`.
  if (provider === 'Doppler') {
    const c = u.searchParams.get('config');
    if (c) out.push(['doppler-config', c]);
  }
  return out;
}

const ENV_FILE = /(?:^|[\s/'"=(:])(\.env\.[A-Za-z][\w.-]*)/g;
const NOT_ENV = /^\.env\.(example|sample|template|dist|defaults?|schema|keys|vault|me)$/i;

/** The .env.NAME files the request's values may come from: read in its own words (`-H "Bearer
 *  $(grep TOKEN .env.production | cut -d= -f2)"`), by the wrapper or interpreter it runs under
 *  (`dotenv -e .env.staging --`, `node --env-file=.env.production`), or earlier on the line
 *  (`source .env.production`, `KEY=$(grep … .env.production)`). Only when the request uses a value
 *  the line doesn't write out: a variable or a command's output. */
export function requestEnvFiles(run: Run): string[] {
  const inv = run.inv;
  if (!/[$`]/.test(inv.text) && !run.wrapperEnvFiles.length && !inv.via) return [];
  const found = new Set<string>();
  const scan = (t: string): void => {
    for (const m of t.matchAll(ENV_FILE)) {
      const f = m[1]!.replace(/[.,;:)'"]+$/, '');
      if (!NOT_ENV.test(f)) found.add(f);
    }
  };
  scan(inv.text);
  for (const f of run.wrapperEnvFiles) scan(' ' + f.replace(/^.*\//, ''));
  for (let v = inv.via; v; v = v.via) scan(v.text);
  const line = inv.line;
  if (line) {
    for (let i = 0; i < line.at; i++) {
      const prev = line.all[i]!;
      // A file the command writes is not one it reads.
      const written = new Set(prev.redirects.filter((r) => /^>|^&>/.test(r.op)).map((r) => r.target?.value));
      for (const w of prev.argv.slice(1)) if (!written.has(w.value)) scan(' ' + w.value);
    }
  }
  return [...found];
}

/** Files a CLI writes when it links a folder to one project, and the facts each names: the
 *  values a URL reads from them (`$(jq -r .projectId .vercel/project.json)`, `$(cat
 *  supabase/.temp/project-ref)`, `$(awk … fly.toml)`) belong to that project. */
type Linked = { re: RegExp; read: (text: string) => Array<[string, string]>; linkedBy: Array<[RegExp, string]> };
const str = (re: RegExp, t: string): string | undefined => re.exec(t)?.[1];
const jsonOf = (t: string): Record<string, unknown> => { try { const v = JSON.parse(t) as unknown; return v && typeof v === 'object' ? v as Record<string, unknown> : {}; } catch { return {}; } };
const LINKED: Linked[] = [
  { re: /(?:^|[\s'"(=/])((?:[\w.-]+\/)*fly(?:\.[\w-]+)?\.toml)(?![\w.])/, read: (t) => pairs(['fly-app', str(/^\s*app\s*=\s*["']([^"']+)["']/m, t)], ['app-env', str(/^\s*(?:APP_ENV|NODE_ENV|RAILS_ENV|ENVIRONMENT)\s*=\s*["']([^"']+)["']/m, t)]),
    linkedBy: [[/^(?:fly|flyctl)\s+(?:config\s+save|launch|apps\s+create)\b.*?\s(?:-a|--app)[\s=]([\w.-]+)/, 'fly-app']] },
  { re: /\.vercel\/project\.json/, read: (t) => { const j = jsonOf(t); const set = (j['settings'] ?? {}) as Record<string, unknown>; return pairs(['vercel-project', typeof j['projectName'] === 'string' ? j['projectName'] : typeof set['name'] === 'string' ? set['name'] as string : undefined], ['vercel-project-id', typeof j['projectId'] === 'string' ? j['projectId'] : undefined]); },
    linkedBy: [[/^vercel\s+link\b.*?\s--project[\s=]([\w.-]+)/, 'vercel-project']] },
  { re: /supabase\/\.temp\/project-ref/, read: (t) => pairs(['supabase-project', str(/^\s*([a-z0-9]{20})\s*$/, t)]),
    linkedBy: [[/^supabase\s+link\b.*?\s--project-ref[\s=]([a-z0-9]+)/, 'supabase-project']] },
  { re: /(?:^|[\s'"(=/])\.neon(?![\w./-])/, read: (t) => { const j = jsonOf(t); return pairs(['neon-project', typeof j['projectId'] === 'string' ? j['projectId'] : undefined]); },
    linkedBy: [[/^neonctl\s+set-context\b.*?\s--project-id[\s=]([\w-]+)/, 'neon-project']] },
  { re: /\.pscale\.ya?ml/, read: (t) => pairs(['planetscale-database', str(/^database:\s*["']?([\w.-]+)/m, t)], ['planetscale-branch', str(/^branch:\s*["']?([\w.-]+)/m, t)]), linkedBy: [] },
  { re: /(?:^|[\s'"(=/])doppler\.ya?ml/, read: (t) => pairs(['doppler-config', str(/^\s+config:\s*["']?([\w.-]+)/m, t)]),
    linkedBy: [[/^doppler\s+setup\b.*?\s(?:-c|--config)[\s=]([\w.-]+)/, 'doppler-config']] },
  { re: /\.netlify\/state\.json/, read: (t) => { const j = jsonOf(t); return pairs(['netlify-site', typeof j['siteId'] === 'string' ? j['siteId'] : undefined]); }, linkedBy: [] },
];
function pairs(...xs: Array<[string, string | undefined]>): Array<[string, string]> {
  return xs.filter((x): x is [string, string] => x[1] !== undefined && x[1] !== '');
}

/** What the linked-project file a computed URL reads names: its content as the line wrote it or
 *  as it is on disk, else the command earlier on the line that links it (`flyctl config save -a
 *  acme-api-prod`, `vercel link --project X`, `supabase link --project-ref X`). */
function linkedFacts(text: string, run: Run): { facts: Array<[string, string]>; how: string } | undefined {
  for (const l of LINKED) {
    const m = l.re.exec(text);
    if (!m) continue;
    const file = (m[1] ?? m[0]).replace(/^[\s'"(=]+/, '');
    const abs = run.cwd ? resolvePath(run.cwd, file) : undefined;
    const content = abs ? readText(abs) : undefined;
    const got = content !== undefined ? l.read(content) : [];
    if (got.length) return { facts: got, how: `the URL reads ${file}, which names ${got.map(([k, v]) => `${k} ${v}`).join(', ')}` };
    const line = run.inv.line;
    if (!line) continue;
    for (let i = line.at - 1; i >= 0; i--) {
      const prev = line.all[i]!;
      const words = prev.argv.map((w) => w.value).join(' ');
      for (const [re, key] of l.linkedBy) {
        const v = prev.argv.every((w) => !w.dynamic) ? re.exec(words)?.[1] : undefined;
        if (v) return { facts: [[key, v]], how: `the URL reads ${file}, which \`${words.slice(0, 80)}\` links earlier on the line to ${key} ${v}` };
      }
    }
  }
  return undefined;
}

/** Whether a value in `text` is one the line itself sets: a command's output written there, or
 *  only variables the line sets to run-time values (`URL=$(grep … .env.staging)`, a sourced
 *  file). A variable the process environment gives, or one it leaves unset, may hold anything,
 *  whatever files the line reads: an env file's name says nothing about it. */
export function setOnLine(text: string, run: Run, word?: Word): boolean {
  if (/\$\(|`/.test(text)) return true;
  const names = [...text.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]!);
  if (!names.length || names.some((n) => run.inv.vars[n] !== undefined)) return false;
  const set = run.inv.unknownVars ?? [];
  if (set.includes('*') || names.every((n) => set.includes(n))) return true;
  // Not exported, so not in the program's own environment, but set on the line (not unset).
  return word !== undefined && word.dynamic && word.unset === undefined;
}

/** The env file whose values the request may carry, as a fact: one named production first. */
function envFileFact(files: string[]): string | undefined {
  return files.find((f) => namesProduction(f)) ?? (files.length === 1 ? files[0] : undefined);
}

export function resolveHttp(run: Run): Candidate[] {
  const a = run.args;
  // glab api ENDPOINT: the URL is GitLab's API, read like the rules read it.
  if (run.name === 'glab') return [glabCandidate(run)];
  const isCurl = run.name === 'curl' || run.name === 'curlie';
  const valueFlags = BUILTIN[run.name] ?? BUILTIN.httpie!;
  const urls: Word[] = [];
  if (isCurl) for (const f of flagAll(a, ['--url'])) urls.push({ value: f.value, dynamic: f.dynamic, glob: false, text: f.value });
  let pos = positionals(a, valueFlags);
  // httpie/xh: an optional METHOD comes first; later words are request items (a=b, H:v).
  if (!isCurl && run.name !== 'wget') {
    if (pos[0] && (/^[A-Z]+$/.test(pos[0].value) || /^(get|post|put|patch|delete|head|options)$/i.test(pos[0].value))) pos = pos.slice(1);
    pos = pos.slice(0, 1);
  }
  urls.push(...pos);
  const socket = isCurl ? flagAll(a, ['--unix-socket', '--abstract-unix-socket']).pop() : undefined;

  const body = requestText(run, isCurl);
  const envFiles = requestEnvFiles(run);
  const envFile = envFileFact(envFiles);
  const envFileNote = envFile ? `the request's values may come from ${envFile}, which the line reads` : undefined;
  const out: Candidate[] = [];
  for (const u of urls) {
    if (u.dynamic) {
      // `"$VAULT_ADDR/v1/secret/metadata/prod/db"`: a written-out segment still names production.
      const named = prodSegments(u.text.replace(/["']/g, '')).find((x) => !/[$`{}]/.test(x));
      if (named !== undefined) {
        out.push({ facts: { 'http-resource': named }, evidence: [`the URL ${u.text} is computed when the command runs, so its host can't be known`, `the URL names ${named}`], resource: 'HTTP request' });
        continue;
      }
      // A URL that reads a linked project's file: the project that file names.
      // Only where the host is written out (or is the linked Supabase project's own).
      const hostKnown = /^["']?[a-z][\w+.-]*:\/\/[^$`/"']+\//i.test(u.text) || /^["']?https:\/\/\$\(cat [^)]*project-ref\)\.supabase\.(co|in)\//.test(u.text);
      const linked = hostKnown ? linkedFacts(u.text, run) : undefined;
      if (linked) {
        out.push({ facts: Object.fromEntries(linked.facts), evidence: [`the URL ${u.text} is computed when the command runs`, linked.how], resource: 'HTTP request' });
        continue;
      }
      // A URL the line reads from an env file (`"$(grep API_URL .env.staging | cut -d= -f2)/v1/…"`):
      // the file's name is the one thing that says where it points.
      // A file named otherwise names the URL's environment only if the line sets the URL's value.
      if (envFile && (namesProduction(envFile) || setOnLine(u.text, run, u))) {
        out.push({ facts: { 'env-file': envFile }, evidence: [`the URL ${u.text} is computed when the command runs, so its host can't be known`, envFileNote!], resource: 'HTTP request' });
        continue;
      }
      out.push({ facts: {}, evidence: [`the URL ${u.text} is computed when the command runs, so its host can't be known`], environment: 'unknown', resource: 'HTTP request' });
      continue;
    }
    const h = httpHost(u.value);
    if (!h) continue;
    if (socket) {
      out.push({ facts: { host: socket.value, url: h.url }, evidence: [`--unix-socket ${socket.value} (flag): the request goes to a local socket`], resource: `HTTP ${h.url} via ${socket.value}` });
      continue;
    }
    const provider = PROVIDER_APIS.find(([re]) => re.test(h.host))?.[1];
    // Stripe's ids carry a type prefix (`prod_…` is a product), not a name.
    const named = provider === 'Stripe' ? undefined : prodSegments(h.url)[0];
    if (provider) {
      out.push(providerCandidate(provider, h, body, run, named, envFile));
      continue;
    }
    const facts: Record<string, string> = table({ host: h.host, url: h.url });
    if (named !== undefined) facts['http-resource'] = named;
    const ev = [`URL ${h.url} (argument)`];
    // A Supabase project's own API (`REF.supabase.co/rest/v1/…`): the host names the project.
    const ref = /^([a-z0-9]{20})\.supabase\.(co|in)$/.exec(h.host)?.[1];
    if (ref) { facts['supabase-project'] = ref; ev.push(`Supabase project ${ref} (the URL's host)`); }
    // The host says where; a token from a file named production still makes it production.
    if (envFile && namesProduction(envFile)) { facts['env-file'] = envFile; ev.push(envFileNote!); }
    out.push({ facts, evidence: ev, resource: `HTTP ${h.url}` });
  }
  if (out.length === 0) return [{ facts: {}, evidence: ['no URL countersign can read in this request'], environment: 'unknown', resource: 'HTTP request' }];
  return out;
}

/** `glab api ENDPOINT`: GitLab's API on GITLAB_HOST (gitlab.com by default), or an absolute URL. */
function glabCandidate(run: Run): Candidate {
  const g = grammarFor(BUILTIN.glab, 'api');
  const ep = g ? positionals(run.args, g)[1] : undefined;
  if (!ep || ep.dynamic) return { facts: {}, evidence: ['the glab api endpoint is only known at run time'], environment: 'unknown', resource: 'HTTP request' };
  const host = (run.inv.vars.GITLAB_HOST || 'gitlab.com').replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  const url = ep.value.includes('://') ? ep.value : `https://${host}/api/${ep.value.replace(/^\//, '') === 'graphql' ? 'graphql' : `v4/${ep.value.replace(/^\//, '')}`}`;
  const h = httpHost(url);
  return { facts: { host: h?.host ?? host, url }, evidence: [`glab api sends it to ${url}`], resource: `HTTP ${url}` };
}

/** The URL path's segments that name production (`/apps/acme-production`, `/r2/buckets/prod-uploads`,
 *  `/projects/acme-prod/instances/pg`): resources people named, so a word prod/production/prd in
 *  one says production, as for a CLI's resource names. Not `live`, which APIs use as a word of
 *  their own (`/video/v1/live-streams`); not the query string. */
export function prodSegments(url: string): string[] {
  const path = url.replace(/^[a-zA-Z][\w+.-]*:\/\/[^/?#]*/, '').replace(/[?#].*$/s, '');
  return path
    .split('/')
    .map((x) => {
      try {
        return decodeURIComponent(x);
      } catch {
        return x;
      }
    })
    .filter((x) => x !== '' && x.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).some((t) => /^(prod|production|prd)\d*$/.test(t)));
}

function providerCandidate(provider: string, h: { host: string; url: string }, body: string, run: Run, named?: string, envFile?: string): Candidate {
  const facts: Record<string, string> = table({ host: h.host, url: h.url });
  const ev: string[] = [`URL ${h.url} (argument)`];
  const headers = headerText(run);
  const own: Array<[string, string]> = [];
  if (provider === 'Railway') {
    if (/project-access-token\s*:/i.test(headers)) {
      ev.push('a project token sent to the Railway API: it acts on the one environment it was made for, which can\'t be known from here');
    } else {
      ev.push('a bearer token sent to the Railway API: its scope can\'t be known from here and may reach every environment');
    }
    // The linked environment's id, read from the link the line made first (`railway link -e
    // production`, then `$(jq -r '.projects[…].environment' ~/.railway/config.json)` or `railway
    // status --json`): that environment. An account token reaches it, and the request names it.
    const readsLink = /\.railway\/config\.json|railway\s+status\b/.test(body + '\n' + run.inv.text);
    // A switch that need not have worked (`;`, a newline) counts only when it names production.
    const swOk = readsLink ? railwaySwitch(run.inv.succeeded ?? []) : undefined;
    const swAny = readsLink && run.inv.line ? railwaySwitch(run.inv.line.all.slice(0, run.inv.line.at)) : undefined;
    const sw = swOk ?? (swAny && namesProduction(swAny.name) ? swAny : undefined);
    if (sw && !sw.dynamic) {
      facts['railway-environment'] = sw.name;
      ev.push(`the request reads the linked environment, which the line links first to ${sw.name} (${sw.how})`);
      own.push(['railway-environment', sw.name]);
    }
    const env = /environmentId\\?["']?\s*[:=]\s*\\?["']?([0-9a-f-]{8,})/i.exec(body)?.[1];
    if (env) {
      facts['railway-environment-id'] = env;
      ev.push(`the request names environment ${env}, but the token decides what it can reach`);
    }
  } else if (provider === 'Stripe') {
    // The key says the mode: a live key (sk_live_, rk_live_) acts on live data.
    const live = /\b(sk|rk)_live_\w+/.exec(headers + '\n' + flagAll(run.args, ['-u', '--user']).map((f) => f.value).join('\n'))?.[0];
    if (live) {
      ev.push(`a live-mode Stripe key (${live.slice(0, 8)}…) acts on live data: production`);
      return { facts, evidence: ev, environment: 'production', resource: `${provider} API ${h.url}` };
    }
    ev.push('a Stripe key whose mode can\'t be read here: what it reaches can\'t be known');
  } else {
    ev.push(`a token sent to the ${provider} API: what it reaches depends on the token's scope, which can't be known from here`);
  }
  // The resource the URL names (an app, a project, a site): the request acts on it, whatever else
  // the token reaches. Its name decides through the team's map and the default names.
  const byUrl = providerFacts(provider, h.url);
  own.push(...byUrl);
  for (const [k, v] of own) facts[k] = v;
  if (byUrl.length) ev.push(`the URL names ${byUrl.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  // The token is read from an env file. A file named production makes it production's token; any
  // other name says which environment's token it is only for a token made for one environment (a
  // Railway project token): an account token read from .env.staging still reaches production.
  const tokenHeader = /project-access-token\s*:.*$/im.exec(headers)?.[0];
  const scoped = provider === 'Railway' && tokenHeader !== undefined && setOnLine(tokenHeader, run);
  if (envFile && (namesProduction(envFile) || scoped)) {
    own.push(['env-file', envFile]);
    facts['env-file'] = envFile;
    ev.push(`the token may come from ${envFile}, which the line reads`);
  } else if (envFile) {
    ev.push(`the token may come from ${envFile}, but a token's file doesn't limit what it reaches`);
  }
  // Whatever else the token reaches, the resource the URL names is production's.
  if (named !== undefined) {
    facts['http-resource'] = named;
    ev.push(`the URL names ${named}: a name with prod/production says production (default rule)`);
    return { facts, evidence: ev, environment: 'production', resource: `${provider} API ${h.url}` };
  }
  // What the request names decides (the API's own host names no environment); with none of it,
  // the token's scope: unknown.
  if (own.length) return { facts, evidence: ev, resource: `${provider} API ${h.url}` };
  return { facts, evidence: ev, environment: 'unknown', resource: `${provider} API ${h.url}` };
}

/** The request body as far as it is known: -d/--data/--json values and a heredoc on stdin. */
function requestText(run: Run, isCurl: boolean): string {
  const parts: string[] = [];
  if (isCurl) for (const f of flagAll(run.args, ['-d', '--data', '--data-raw', '--data-binary', '--json', '--data-ascii'])) parts.push(f.value);
  else if (run.name === 'wget') for (const f of flagAll(run.args, ['--post-data', '--body-data'])) parts.push(f.value);
  else parts.push(...run.args.map((w) => w.value));
  const stdin = run.inv.stdin;
  if (stdin && (stdin.kind === 'heredoc' || stdin.kind === 'herestring')) parts.push(stdin.text);
  else if (stdin?.kind === 'pipe' && stdin.text) parts.push(stdin.text);
  return parts.join('\n');
}

function headerText(run: Run): string {
  return flagAll(run.args, ['-H', '--header']).map((f) => f.value).join('\n') + '\n' + run.args.map((w) => w.value).filter((v) => /^[\w-]+:/.test(v) && !/^https?:/.test(v)).join('\n');
}
