// HTTP clients: the host of each URL is the fact. Requests to a cloud provider's control-plane
// API are unknown whatever the URL says: the token decides what they reach, and a token's scope
// can't be read locally. This is the Railway incident: an account-wide token sent with curl to
// backboard.railway.app deleted a production volume the agent believed was staging.
import type { Word } from '../parse/index.js';
import { flagAll, positionals, type Run } from './run.js';
import type { Candidate } from './types.js';
import { BUILTIN, grammarFor } from '../programs/index.js';
import { httpHost } from './url.js';
import { table } from '../own.js';

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
];

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
  const out: Candidate[] = [];
  for (const u of urls) {
    if (u.dynamic) {
      // `"$VAULT_ADDR/v1/secret/metadata/prod/db"`: a written-out segment still names production.
      const named = prodSegments(u.text.replace(/["']/g, '')).find((x) => !/[$`{}]/.test(x));
      if (named !== undefined) {
        out.push({ facts: { 'http-resource': named }, evidence: [`the URL ${u.text} is computed when the command runs, so its host can't be known`, `the URL names ${named}`], resource: 'HTTP request' });
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
    const named = prodSegments(h.url)[0];
    if (provider) {
      out.push(providerCandidate(provider, h, body, run, named));
      continue;
    }
    const facts: Record<string, string> = table({ host: h.host, url: h.url });
    if (named !== undefined) facts['http-resource'] = named;
    out.push({ facts, evidence: [`URL ${h.url} (argument)`], resource: `HTTP ${h.url}` });
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

function providerCandidate(provider: string, h: { host: string; url: string }, body: string, run: Run, named?: string): Candidate {
  const facts: Record<string, string> = table({ host: h.host, url: h.url });
  const ev: string[] = [`URL ${h.url} (argument)`];
  const headers = headerText(run);
  if (provider === 'Railway') {
    if (/project-access-token\s*:/i.test(headers)) {
      ev.push('a project token sent to the Railway API: it acts on the one environment it was made for, which can\'t be known from here');
    } else {
      ev.push('a bearer token sent to the Railway API: its scope can\'t be known from here and may reach every environment');
    }
    const env = /environmentId\\?["']?\s*[:=]\s*\\?["']?([0-9a-f-]{8,})/i.exec(body)?.[1];
    if (env) {
      facts['railway-environment-id'] = env;
      ev.push(`the request names environment ${env}, but the token decides what it can reach`);
    }
  } else {
    ev.push(`a token sent to the ${provider} API: what it reaches depends on the token's scope, which can't be known from here`);
  }
  // Whatever else the token reaches, the resource the URL names is production's.
  if (named !== undefined) {
    facts['http-resource'] = named;
    ev.push(`the URL names ${named}: a name with prod/production says production (default rule)`);
    return { facts, evidence: ev, environment: 'production', resource: `${provider} API ${h.url}` };
  }
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
