// What each curl option does to the request of its group (`--next` starts a new group), and curl
// -K config files, read like argv.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Invocation, Word } from '../../parse/types.js';
import { Body, readFile, readStdin } from './body.js';
import { curlData } from './curl-data.js';

export interface CurlGroup {
  urls: Word[];
  method?: Word;
  head: boolean;
  get: boolean;
  body: Body;
  json: boolean;
  form: boolean;
  upload?: Word;
  query: string[];
  unknown: string[];
  reroute: boolean;
  /** Why method, URL and body may be anything (a curl config file that can't be read). */
  anywhere?: string;
}

export function newGroup(): CurlGroup {
  return { urls: [], head: false, get: false, body: new Body(), json: false, form: false, query: [], unknown: [], reroute: false };
}

// Options that send the request somewhere other than the URL's host.
const CURL_REROUTE = new Set(['resolve', 'connect-to', 'proxy', 'preproxy', 'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'unix-socket', 'abstract-unix-socket']);

const DATA = new Set(['data', 'data-ascii', 'data-binary', 'data-raw', 'data-urlencode', 'json', 'form', 'form-string']);

/** `depth`: how deep in -K files this option was read (they may name each other). */
export function curlOpt(inv: Invocation, g: CurlGroup, name: string, value: Word | undefined, depth: number): void {
  if (CURL_REROUTE.has(name)) g.reroute = true;
  if (!value) {
    if (name === 'head') g.head = true;
    else if (name === 'get') g.get = true;
    return;
  }
  if (DATA.has(name)) return curlData(inv, g, name, value);
  switch (name) {
    case 'request': g.method = value; break;
    case 'url': g.urls.push(value); break;
    case 'url-query': g.query.push(value.value.replace(/^\+/, '')); break;
    case 'upload-file': g.upload = value; break;
    case 'config': curlConfig(inv, g, value, depth); break;
    default:
      // curl 8.3+: --expand-data and friends take the same value after {{variable}} expansion.
      if (name.startsWith('expand-')) {
        curlData(inv, g, name.slice(7), value);
        if (/\{\{/.test(value.value)) g.body.unknown.push(`${value.text} expands curl variables`);
      }
  }
}

// Short options a config file may spell with a dash; the rest are long names without dashes.
const CURL_CONFIG_SHORT: Record<string, string> = { X: 'request', d: 'data', F: 'form', G: 'get', I: 'head', T: 'upload-file', K: 'config', x: 'proxy' };

/** curl -K FILE: one option a line (`url = "..."`, `request DELETE`, `-d x`), read like argv. A file
 *  that can't be read leaves method, URL and body unknown: every HTTP rule pauses (`anywhere`). */
function curlConfig(inv: Invocation, g: CurlGroup, file: Word, depth: number): void {
  const r = file.dynamic ? { unknown: `${file.text} is only known at run time` } : file.value === '-' ? readStdin(inv) : readFile(file.value, inv.cwd);
  // A config file that doesn't exist (and this line doesn't write): curl stops with error 26, sends nothing.
  if ('unknown' in r && !file.dynamic && file.value !== '-' && inv.cwd && !existsSync(resolve(inv.cwd, file.value))) return;
  if ('unknown' in r || depth > 2) {
    g.anywhere = `curl reads its options from ${file.text}, which can't be read here${'unknown' in r ? ` (${r.unknown})` : ''}`;
    return;
  }
  for (const line of r.text.split(/\r?\n/)) configLine(inv, g, file, line, depth);
}

function configLine(inv: Invocation, g: CurlGroup, file: Word, line: string, depth: number): void {
  const m = /^\s*(-{0,2})([A-Za-z][\w-]*)\s*(?:[=:]\s*|\s+|$)(.*?)\s*$/.exec(line);
  if (!m || line.trimStart().startsWith('#')) return;
  const name = m[1] === '-' ? CURL_CONFIG_SHORT[m[2]!] : m[2]!;
  if (!name) {
    g.anywhere = `curl reads an option it doesn't know from ${file.text}: ${line.trim()}`;
    return;
  }
  let v = m[3]!;
  if (/^".*"$/s.test(v)) v = v.slice(1, -1).replace(/\\(.)/g, (_x, c: string) => ({ t: '\t', n: '\n', r: '\r', v: '\v' })[c] ?? c);
  const word: Word | undefined = v ? { value: v, dynamic: false, glob: false, text: v } : undefined;
  curlOpt(inv, g, name, word, depth + 1);
}
