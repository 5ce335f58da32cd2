// What each curl option does to the request of its group (`--next` starts a new group), and curl
// -K config files, read like argv.
import { runsElsewhere } from '../../parse/index.js';
import { join } from 'node:path';
import type { Invocation, Word } from '../../parse/index.js';
import { BUILTIN } from '../../programs/index.js';
import { Body, present, readFile, readStdin } from './body.js';
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
  /** The Content-Type a literal -H gives (lower-case, no parameters); 'unknown/several' when one
   *  is only known at run time or two differ. */
  contentType?: string;
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
    case 'header': {
      const m = /^content-type\s*:\s*([^;\s]*)/i.exec(value.value);
      // Two different ones (curl sends both): neither is trusted.
      if (m) g.contentType = value.dynamic || (g.contentType !== undefined && g.contentType !== m[1]!.toLowerCase()) ? 'unknown/several' : m[1]!.toLowerCase();
      break;
    }
    default:
      // curl 8.3+: --expand-OPTION is OPTION with {{variables}} expanded (--variable, or the
      // environment): a value that names one is only known at run time.
      if (name.startsWith('expand-')) curlOpt(inv, g, name.slice(7), /\{\{/.test(value.value) ? { ...value, dynamic: true } : value, depth);
  }
}

// curl's short flags that take no value and leave the method, URL, host and body alone (a config
// file's `-s`, `-L`): the registry's `names` maps every short option that matters to its long name.
const CURL_PLAIN_SHORT = new Set([...'aBfghijJklLMnNOpqRsSvV']);

/** A config line's option as a long name without dashes; undefined when it isn't known. */
function configName(dashes: string, name: string): string | undefined {
  if (dashes !== '-') return name;
  const long = BUILTIN.curl?.names?.[`-${name}`];
  if (long) return long.replace(/^--/, '');
  // -s, or a bundle of such flags (-sSL).
  return [...name].every((c) => CURL_PLAIN_SHORT.has(c)) ? name : undefined;
}

/** The default config curl reads before its arguments unless the first is -q or --disable: the
 *  first of $CURL_HOME/.curlrc, $XDG_CONFIG_HOME/curlrc, $HOME/.curlrc there is. */
export function curlrc(inv: Invocation, g: CurlGroup): void {
  const first = inv.argv[1];
  if (first && !first.dynamic && (first.value.startsWith('-q') || first.value === '--disable')) return;
  for (const [v, file] of [['CURL_HOME', '.curlrc'], ['XDG_CONFIG_HOME', 'curlrc'], ['HOME', '.curlrc']] as const) {
    if (inv.unknownVars?.includes(v)) {
      // In a pod, a container or on another host the variable is that machine's, and so is its
      // curlrc (the image's): only one this line writes there is a reason to doubt the request.
      if (othersConfig(inv, /curlrc$/)) continue;
      g.anywhere = `curl reads its default options from $${v}/${file}, and $${v} is only known at run time`;
      return;
    }
    const dir = inv.vars[v];
    if (!dir || !present(inv, join(dir, file))) continue;
    const p = join(dir, file);
    return curlConfig(inv, g, { value: p, dynamic: false, glob: false, text: `$${v}/${file}` }, 0);
  }
}

/** A client's config file under a variable only known at run time is that machine's own when the
 *  client runs in a pod, a container or on another host (the image's, not something this line
 *  set up), unless the line writes a file of that name there (or one whose name is unknown). */
export function othersConfig(inv: Invocation, name: RegExp): boolean {
  if (!runsElsewhere(inv)) return false;
  const w = inv.written;
  // texts are paths as written (`"$HOME/.wgetrc"`): quotes off before the name is looked at.
  return !w || !([...w.files.keys()].some((f) => name.test(f)) || w.texts.map((t) => t.replace(/["']/g, '')).some((t) => name.test(t) || /^\$|\$\{?[A-Za-z_]*\}?$/.test(t)));
}

/** curl -K FILE: one option a line (`url = "..."`, `request DELETE`, `-d x`), read like argv. A file
 *  that can't be read leaves method, URL and body unknown: every HTTP rule pauses (`anywhere`). */
function curlConfig(inv: Invocation, g: CurlGroup, file: Word, depth: number): void {
  const r = file.dynamic ? { unknown: `${file.text} is only known at run time` } : file.value === '-' ? readStdin(inv) : readFile(file.value, inv.cwd);
  // A config file that doesn't exist (and this line doesn't write): curl stops with error 26, sends nothing.
  if ('unknown' in r && !file.dynamic && file.value !== '-' && !present(inv, file.value)) return;
  if ('unknown' in r || depth > 2) {
    g.anywhere = `curl reads its options from ${file.text}, which can't be read here${'unknown' in r ? ` (${r.unknown})` : ''}`;
    return;
  }
  for (const line of r.text.split(/\r?\n/)) configLine(inv, g, file, line, depth);
}

function configLine(inv: Invocation, g: CurlGroup, file: Word, line: string, depth: number): void {
  const m = /^\s*(-{0,2})([A-Za-z][\w-]*)\s*(?:[=:]\s*|\s+|$)(.*?)\s*$/.exec(line);
  if (!m || line.trimStart().startsWith('#')) return;
  const name = configName(m[1]!, m[2]!);
  if (!name) {
    g.anywhere = `curl reads an option it doesn't know from ${file.text}: ${line.trim()}`;
    return;
  }
  let v = m[3]!;
  if (/^".*"$/s.test(v)) v = v.slice(1, -1).replace(/\\(.)/g, (_x, c: string) => ({ t: '\t', n: '\n', r: '\r', v: '\v' })[c] ?? c);
  const word: Word | undefined = v ? { value: v, dynamic: false, glob: false, text: v } : undefined;
  curlOpt(inv, g, name, word, depth + 1);
}
