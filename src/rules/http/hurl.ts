// hurl: each request in its files (stdin without one) starts with a line `METHOD URL`; what
// follows it (headers, sections, a body) is not read. A file that can't be read, or a URL or
// method made of {{variables}}, leaves the request unknown.
import type { Invocation, Word } from '../../parse/types.js';
import type { Read } from '../files.js';
import { present, readFile, readStdin } from './body.js';
import { walkOpts } from './options.js';
import { anywhereRequest, request, type HttpRequest } from './request.js';

const ENTRY = /^[ \t]*([A-Z]+|\{\{[^}]*\}\})[ \t]+(\S+)/;
// The section and keyword lines of a hurl file that start with capitals but aren't requests.
const NOT_METHOD = new Set(['HTTP']);

export function hurlRequests(inv: Invocation): HttpRequest[] {
  const files: Word[] = [];
  let proxy = false;
  for (const it of walkOpts(inv.argv.slice(1), 'hurl')) {
    if ('pos' in it) files.push(it.pos);
    else if (/^(proxy|x|connect-to|resolve|unix-socket)$/.test(it.name)) proxy = true;
    else if (it.name === 'glob') return [anywhereRequest('hurl', 'GET', `hurl runs the requests in the files ${it.value?.text ?? '--glob'} matches, which aren't read here`)];
  }
  // A file that is neither on disk nor written by the line: hurl stops with an error.
  const reads: Array<[string, Read]> = files.length
    ? files.filter((f) => f.dynamic || present(inv, f.value)).map((f) => [f.text, f.dynamic ? { unknown: `${f.text} is only known at run time` } : readFile(f.value, inv.cwd)])
    : [['stdin', readStdin(inv)]];
  const out: HttpRequest[] = [];
  for (const [name, r] of reads) {
    if ('unknown' in r) { out.push(anywhereRequest('hurl', 'GET', `hurl runs the requests in ${name}, which can't be read here (${r.unknown})`)); continue; }
    for (const line of r.text.split(/\r?\n/)) {
      const m = ENTRY.exec(line);
      if (!m || NOT_METHOD.has(m[1]!)) continue;
      const dynMethod = m[1]!.startsWith('{{');
      const url: Word = { value: m[2]!, dynamic: m[2]!.includes('{{'), glob: false, text: m[2]! };
      const methodUnknown = dynMethod ? `the method ${m[1]} is a hurl variable` : undefined;
      out.push(request('hurl', dynMethod ? 'GET' : m[1]!, url, 'http', undefined, proxy, { unknown: methodUnknown, methodUnknown }));
    }
  }
  return out;
}
