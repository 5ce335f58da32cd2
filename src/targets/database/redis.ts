// Redis and its forks: -s socket, then -h host, then -u URL, else 127.0.0.1.
import { dynamicNote, flag, showFlag, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { redactUrl } from '../url.js';
import { candidate, fromUrl, unknown } from './common.js';

export function redis(run: Run): Candidate {
  const a = run.args;
  // -h and -u both set the host and redis-cli reads them in order: the later one wins.
  const last = flag(a, ['-h', '-u']);
  const u = last?.flag === '-u' ? last : undefined;
  const h = last?.flag === '-h' ? last : undefined;
  const s = flag(a, ['-s']);
  const p = flag(a, ['-p'])?.value;
  const n = flag(a, ['-n'])?.value;
  for (const f of [flag(a, ['-u']), flag(a, ['-h']), s]) if (f?.dynamic) return unknown('redis', [dynamicNote(f.flag)]);
  if (s) return candidate('redis', { host: s.value, database: n }, [showFlag(s)]);
  if (h) return candidate('redis', { host: h.value, port: p, database: n }, [showFlag(h)]);
  if (u) return fromUrl(u.value, [`-u ${redactUrl(u.value)} (flag)`], run, run.cwd);
  return candidate('redis', { host: '127.0.0.1', port: p ?? '6379', database: n }, [`no host given: ${run.name} connects to 127.0.0.1`]);
}
