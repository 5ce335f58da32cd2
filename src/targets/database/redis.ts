// Redis and its forks: -s socket, then -h host, then -u URL, else 127.0.0.1.
import { readLeading } from '../../programs/index.js';
import { dynamicNote, showFlag, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { redactUrl } from '../url.js';
import { candidate, fromUrl, grammar, toolFlag, unknown } from './common.js';

export function redis(run: Run): Candidate {
  // redis-cli's options end at its command: `FLUSHALL -h x` sends -h x to the server.
  const g = grammar(run.name);
  const rest = readLeading(run.args, g).rest;
  const a = run.args.slice(0, run.args.length - rest.length);
  const opt = (names: string[]) => toolFlag(run, names, a);
  // -h and -u both set the host and redis-cli reads them in order: the later one wins.
  const last = opt(['-h', '-u']);
  const u = last?.flag === '-u' ? last : undefined;
  const h = last?.flag === '-h' ? last : undefined;
  const s = opt(['-s']);
  const p = opt(['-p'])?.value;
  const n = opt(['-n'])?.value;
  // `redis-cli --cluster call|fix|… HOST:PORT CMD`: the cluster of the node named first.
  const cl = opt(['--cluster']);
  const node = cl ? rest[0] : undefined;
  if (node?.dynamic) return unknown('redis', [`--cluster ${cl!.value} ${node.text}: its node is known only at run time`]);
  if (node && /^[^\s:]+:\d+$/.test(node.value)) {
    const [host, port] = node.value.split(':');
    return candidate('redis', { host: host!, port: port!, database: n }, [`--cluster ${cl!.value} ${node.value} (a node of the cluster)`]);
  }
  for (const f of [opt(['-u']), opt(['-h']), s]) if (f?.dynamic) return unknown('redis', [dynamicNote(f.flag)]);
  if (s) return candidate('redis', { host: s.value, database: n }, [showFlag(s)]);
  if (h) return candidate('redis', { host: h.value, port: p, database: n }, [showFlag(h)]);
  if (u) return fromUrl(u.value, [`-u ${redactUrl(u.value)} (flag)`], run, run.cwd);
  return candidate('redis', { host: '127.0.0.1', port: p ?? '6379', database: n }, [`no host given: ${run.name} connects to 127.0.0.1`]);
}
