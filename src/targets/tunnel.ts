// A loopback address is this machine, unless the line opened a tunnel there first: `ssh -fNL
// 15432:db.prod:5432 bastion && psql -h localhost -p 15432`, `kubectl port-forward svc/pg 5433:5432
// & rails db:reset` with DATABASE_URL on 127.0.0.1:5433. The registry says which programs open
// one and where its local end is (`opens-tunnel`, src/programs/builtin.ts).
import type { Invocation } from '../parse/index.js';
import { ANY_TUNNEL_END, tunnelEnds } from '../parse/index.js';
import { isLocalHost, isSocketPath } from './url.js';

const ANY = ANY_TUNNEL_END;

// The port a client uses when none is named, by the engine the resource starts with.
const DEFAULT_PORT: Array<[RegExp, string]> = [[/^postgres/, '5432'], [/^mysql/, '3306'], [/^redis/, '6379'], [/^mongo/, '27017']];

/** Why a loopback target may be another machine: a tunnel an earlier command on the line opened
 *  whose local end is this host's port (or socket), or one whose end can't be told. */
export function throughTunnel(inv: Invocation, facts: Record<string, string>, resource: string | undefined): string | undefined {
  const host = facts['host'];
  const line = inv.line;
  if (!host || !isLocalHost(host) || !line) return undefined;
  const socket = isSocketPath(host) ? host.replace(/^unix:\/\//, '') : undefined;
  const port = facts['port'] ?? DEFAULT_PORT.find(([re]) => re.test(resource ?? ''))?.[1];
  for (const before of line.all.slice(0, line.at)) {
    const ends = tunnelEnds(before);
    if (!ends) continue;
    const hit = socket !== undefined ? ends.includes(socket) : ends.includes(ANY) || port === undefined || ends.includes(port);
    if (hit) {
      const where = socket ?? `${host}${port ? `:${port}` : ''}`;
      return `${where} may be the tunnel \`${before.argv.map((w) => w.value).join(' ').slice(0, 80)}\` opened earlier on this line: another machine, so not trusted as local: unknown`;
    }
  }
  return undefined;
}

export { tunnelEnds };
