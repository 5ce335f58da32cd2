// curl's body options: -d/--data (@file without newlines), --data-binary and --json (@file as
// is), --data-raw, --data-urlencode, -F/--form-string, and "$(cat FILE)" as a value.
import type { Invocation, Word } from '../../parse/index.js';
import { attached, readFile, readStdin } from './body.js';
import type { CurlGroup } from './curl-options.js';

// "$(cat FILE)" / "$(<FILE)" as the whole value: the file's text, like @FILE.
const CAT_SUB = /^\$\(\s*(?:cat\s+(?:--\s+)?|<\s*)(['"]?)([^\s'"$`()*?[\]]+)\1\s*\)$/;

type Encode = (s: string) => string;

// A field name written out at the start of the word (`from=…`, `"from=…`).
const LITERAL_NAME = /^["']?([A-Za-z_][\w.-]*)=/;
// Fields a GraphQL server reads its document from, or a database its statements (sql.ts FIELD).
const DOCUMENT_FIELD = /^(query|operations|mutation|extensions|sql|statement|statements|stmt|sqltext|command)$/i;

export function curlData(inv: Invocation, g: CurlGroup, name: string, w: Word): void {
  const v = w.value;
  const cat = w.dynamic ? CAT_SUB.exec(v) : null;
  if (cat && !/^(form|form-string|data-urlencode)$/.test(name)) {
    if (name === 'json') g.json = true;
    // The substitution drops the trailing newlines.
    g.body.add(readFile(cat[2]!, inv.cwd), (s) => s.replace(/\n+$/, ''));
    return;
  }
  switch (name) {
    case 'data':
    case 'data-ascii':
      if (v.startsWith('@')) dataFile(inv, g, w, v.slice(1), true);
      else g.body.word(w);
      return;
    case 'data-binary':
    case 'json':
      if (name === 'json') g.json = true;
      if (v.startsWith('@')) dataFile(inv, g, w, v.slice(1), false);
      else g.body.word(w);
      return;
    case 'data-raw':
      g.body.word(w);
      return;
    case 'data-urlencode':
      return urlencoded(inv, g, w);
    case 'form':
    case 'form-string':
      return formField(inv, g, name, w);
  }
}

/** The body read from file `p` (`-`: stdin) that word `w` names. */
function dataFile(inv: Invocation, g: CurlGroup, w: Word, p: string, strip: boolean, enc: Encode = (s) => s): void {
  const r = p === '-' ? readStdin(inv) : readFile(p, inv.cwd);
  if (w.dynamic) g.body.unknown.push(`${w.text} is only known at run time`);
  // -d @file drops carriage returns and newlines; --data-binary keeps them.
  g.body.add(r, (s) => enc(strip ? s.replace(/[\r\n]/g, '') : s));
}

// content | =content | name=content | @file | name@file
function urlencoded(inv: Invocation, g: CurlGroup, w: Word): void {
  const v = w.value;
  if (v.startsWith('=')) return g.body.word(attached(w, v.slice(1)), encodeURIComponent);
  const eq = v.indexOf('=');
  const at = eq < 0 ? v.indexOf('@') : -1;
  if (at >= 0) return dataFile(inv, g, w, v.slice(at + 1), false, (s) => (at > 0 ? `${v.slice(0, at)}=` : '') + encodeURIComponent(s));
  if (eq > 0) {
    const name = v.slice(0, eq);
    // `--data-urlencode "from=$(date +%s)"`: curl encodes the content, so what only the run knows
    // stays that field's value. A field no server reads a document or statement from (not query,
    // operations, sql...) can't carry a mutation: the field is seen, its value left empty.
    if (w.dynamic && LITERAL_NAME.exec(w.text)?.[1] === name && !DOCUMENT_FIELD.test(name)) return void g.body.parts.push(`${name}=`);
    return g.body.word(attached(w, v.slice(eq + 1)), (s) => `${name}=${encodeURIComponent(s)}`);
  }
  return g.body.word(w, encodeURIComponent);
}

function formField(inv: Invocation, g: CurlGroup, name: string, w: Word): void {
  g.form = true;
  const v = w.value;
  const eq = v.indexOf('=');
  const key = eq < 0 ? v : v.slice(0, eq);
  const val = eq < 0 ? '' : v.slice(eq + 1);
  // name=<file sends the file's text as the field; name=@file uploads it as a file.
  if (name === 'form' && val.startsWith('<')) return dataFile(inv, g, w, val.slice(1).replace(/;type=.*$/, ''), false, (s) => `${key}=${encodeURIComponent(s)}`);
  return g.body.word(attached(w, val), (s) => `${key}=${encodeURIComponent(s)}`);
}
