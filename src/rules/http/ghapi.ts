// gh api's options (cli/cli pkg/cmd/api) are the registry's `gh` entry, subcommand `api`; glab api
// (the GitLab CLI) copies them, with GitLab's /api/v4/ and /api/graphql endpoints.
import type { Invocation, Word } from '../../parse/index.js';
import type { Read } from '../files.js';
import { Body, readFile, readStdin } from './body.js';
import { walkOpts } from './options.js';
import { request, type HttpRequest } from './request.js';

type Field = { word: Word; magic: boolean };
interface GhOptions { pos: Word[]; fields: Field[]; method?: Word; input?: Word; hostname: string }

function readOptions(inv: Invocation, glab: boolean): GhOptions {
  const o: GhOptions = { pos: [], fields: [], hostname: (glab ? inv.vars.GITLAB_HOST?.replace(/^https?:\/\//, '') || 'gitlab.com' : inv.vars.GH_HOST || 'github.com').toLowerCase() };
  for (const it of walkOpts(inv.argv.slice(1), glab ? 'glab' : 'gh', 'api')) {
    if ('pos' in it) { o.pos.push(it.pos); continue; }
    if (!it.value) continue;
    if (it.name === 'method') o.method = it.value;
    else if (it.name === 'field' || it.name === 'raw-field') o.fields.push({ word: it.value, magic: it.name === 'field' });
    else if (it.name === 'input') o.input = it.value;
    else if (it.name === 'hostname') o.hostname = it.value.value.toLowerCase();
  }
  return o;
}

/** The URL the endpoint names on `hostname`, as a word that keeps the endpoint's dynamic flag. */
function endpointUrl(ep: Word, hostname: string, graphql: boolean, glab: boolean): Word {
  if (glab) {
    const path = ep.value.replace(/^\//, '');
    const absolute = ep.value.includes('://') || (ep.dynamic && /^[$`]/.test(ep.value));
    const url = absolute ? ep.value : `https://${hostname}/api/${graphql && path === 'graphql' ? 'graphql' : `v4/${path}`}`;
    return { value: url, dynamic: ep.dynamic, glob: false, text: ep.text };
  }
  // ghinstance: github.com and *.ghe.com have an api. host; Enterprise Server serves /api/v3 and /api/graphql.
  const api = hostname === 'github.com' || hostname.endsWith('.ghe.com') ? `https://api.${hostname}/` : `https://${hostname}/api/`;
  const path = ep.value.replace(/^\//, '');
  const absolute = ep.value.includes('://') || (ep.dynamic && /^[$`]/.test(ep.value));
  const url = absolute ? ep.value : graphql && path === 'graphql' ? `${api}graphql` : `${api}${api.endsWith('/api/') ? 'v3/' : ''}${path}`;
  return { value: url, dynamic: ep.dynamic, glob: false, text: ep.text };
}

interface Fields { top: Record<string, unknown>; variables: Record<string, unknown>; unknown: string[] }

/** For `graphql`: `query` and `operationName` at the top, the rest under `variables`. */
function readFields(inv: Invocation, fields: Field[], graphql: boolean): Fields {
  const f: Fields = { top: {}, variables: {}, unknown: [] };
  const queries: string[] = [];
  for (const { word, magic } of fields) {
    const eq = word.value.indexOf('=');
    const key = eq < 0 ? word.value : word.value.slice(0, eq);
    const val = eq < 0 ? '' : word.value.slice(eq + 1);
    const label = `${magic ? '-F' : '-f'} ${word.text}`;
    // Only the query decides which mutations run; a variable only known at run time can't change that.
    if (word.dynamic && /[$`]/.test(key)) { f.unknown.push(`${label}: the field name is only known at run time`); continue; }
    if (key !== 'query') { (graphql && key !== 'operationName' ? f.variables : f.top)[key] = val; continue; }
    const q = queryValue(inv, word, val, magic);
    if ('text' in q) queries.push(q.text);
    else f.unknown.push(`${label}: ${q.unknown}`);
  }
  if (queries.length) f.top.query = queries.join('\n');
  if (Object.keys(f.variables).length) f.top.variables = f.variables;
  return f;
}

/** `-F query=@file` reads the file (`@-`: stdin); `-f` never does. */
function queryValue(inv: Invocation, word: Word, val: string, magic: boolean): Read {
  if (magic && val.startsWith('@')) {
    const p = val.slice(1);
    return word.dynamic ? { unknown: 'the file name is only known at run time' } : !p ? { unknown: 'no file name after @' } : p === '-' ? readStdin(inv) : readFile(p, inv.cwd);
  }
  return word.dynamic ? { unknown: 'the query is only known at run time' } : { text: val };
}

/** `--input FILE` is the whole body and the fields go to the URL; a GET sends the fields as the
 *  query string (for GraphQL they are judged as a body all the same), else they are a JSON body. */
function ghBody(inv: Invocation, o: GhOptions, f: Fields, method: string, graphql: boolean): { body: Body; query?: string } {
  const body = new Body();
  let query: string | undefined;
  if (o.input) {
    const input = o.input;
    const r: Read = input.dynamic ? { unknown: `--input ${input.text} is only known at run time` } : input.value === '-' ? readStdin(inv) : readFile(input.value, inv.cwd);
    if ('text' in r) body.parts.push(r.text);
    else {
      f.unknown.push(`--input ${input.text}: ${r.unknown}`);
      if (!graphql) body.unread.push(`--input ${input.text}: ${r.unknown}`);
    }
    if (o.fields.length) query = new URLSearchParams(Object.entries({ ...f.top, ...f.variables }).map(([k, v]) => [k, String(v)])).toString();
  } else if (o.fields.length) {
    if (method === 'GET' && !graphql) query = new URLSearchParams(Object.entries(f.top).map(([k, v]) => [k, String(v)])).toString();
    else body.parts.push(JSON.stringify(f.top));
  }
  // Only a GraphQL endpoint needs to see its body: mutations are all a rule looks for there.
  if (graphql && f.unknown.length) {
    body.parts = [];
    body.unknown = f.unknown;
  }
  return { body, query };
}

/** The request `gh api ENDPOINT` sends. For a GraphQL endpoint, a query that can't be seen leaves
 *  the body unknown. */
export function ghApiRequests(inv: Invocation): HttpRequest[] {
  const glab = inv.name === 'glab';
  const o = readOptions(inv, glab);
  const ep = o.pos[1];
  if (o.pos[0]?.value !== 'api' || o.pos[0].dynamic || !ep) return [];
  const graphql = ep.dynamic || /^\/?graphql\/?$|^[a-z][a-z0-9+.-]*:\/\/[^?#]*\/graphql\/?([?#]|$)/i.test(ep.value);
  const urlWord = endpointUrl(ep, o.hostname, graphql, glab);
  const f = readFields(inv, o.fields, graphql);
  const m = o.method ? o.method.value.toUpperCase() : o.fields.length || o.input ? 'POST' : 'GET';
  const { body, query } = ghBody(inv, o, f, m, graphql);
  const methodUnknown = o.method?.dynamic ? `the method ${o.method.text} is only known at run time` : undefined;
  return [request(inv.name, m, urlWord, 'https', body, false, { unknown: methodUnknown, query, methodUnknown })];
}
