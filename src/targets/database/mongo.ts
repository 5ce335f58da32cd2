// MongoDB: a connection string (--uri or the first argument), then --host, else localhost.
import { dynamicNote, positionals, showFlag, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { redactUrl } from '../url.js';
import { candidate, fromUrl, grammar, toolFlag, unknown } from './common.js';

export function mongo(run: Run): Candidate {
  const a = run.args;
  const uriFlag = toolFlag(run, ['--uri']);
  const pos = positionals(a, grammar(run.name));
  const first = pos[0];
  // The connection string wherever it is among the arguments: an option countersign doesn't know
  // may have taken the word before it.
  const url = pos.find((p) => /^mongodb(\+srv)?:\/\//i.test(p.value));
  const uri = uriFlag ?? (url ? { value: url.value, dynamic: url.dynamic, flag: 'argument' } : undefined);
  if (uri) {
    if (uri.dynamic) return unknown('mongodb', [dynamicNote('the connection string')]);
    // `mongosh mongodb://db.staging… --host db.prod…`: two places named; mongosh refuses a
    // conflicting --host or takes one of them, and a guess could name the wrong one.
    const other = toolFlag(run, ['--host']);
    if (other) return unknown('mongodb', [`connection URL ${redactUrl(uri.value)} and ${showFlag(other)} both name a server: which one is used isn't read`]);
    return fromUrl(uri.value, [`connection URL ${redactUrl(uri.value)} (${uri.flag === 'argument' ? 'argument' : 'flag'})`], run, run.cwd);
  }
  const h = toolFlag(run, ['--host', '-h']);
  const port = toolFlag(run, ['--port'])?.value;
  let db = toolFlag(run, ['-d', '--db'])?.value;
  if (h) {
    if (h.dynamic) return unknown('mongodb', [dynamicNote(h.flag)]);
    // --host rs0/a:27017,b:27017
    const list = h.value.includes('/') ? h.value.slice(h.value.indexOf('/') + 1) : h.value;
    const host = (list.split(',')[0] ?? list).split(':')[0] ?? list;
    return candidate('mongodb', { host, port, database: db }, [showFlag(h)]);
  }
  if (run.name === 'mongosh' || run.name === 'mongo') {
    // `mongosh host:port/db` or `mongosh db`
    // A first argument only known at run time may be a connection string.
    if (first?.dynamic) return unknown('mongodb', [dynamicNote('the first argument')]);
    if (first && !first.value.endsWith('.js')) {
      const m = /^([^/]+)\/(.*)$/.exec(first.value);
      if (m) return candidate('mongodb', { host: (m[1] ?? '').split(':')[0], database: m[2] }, [`address ${first.value} (argument)`]);
      db = first.value;
    }
  }
  return candidate('mongodb', { host: 'localhost', port: port ?? '27017', database: db }, [`no host given: ${run.name} connects to localhost`]);
}
