// Databases: which server (or file) a database tool would connect to, read the way that tool
// reads it: its flags, its variables, its option files and the .env files it loads itself.
// One file an engine (postgres, mysql, redis, mongo, sqlite), one a project tool whose config names
// the database (prisma, rails, ecto, django, laravel, symfony), generic.ts for tools that take or read a URL; common.ts is shared.
import { builtinActs } from '../../programs/index.js';
import type { Run } from '../run.js';
import type { Candidate } from '../types.js';
import { django, isDjango } from './django.js';
import { ecto } from './ecto.js';
import { isArtisan, laravel } from './laravel.js';
import { generic } from './generic.js';
import { mongo } from './mongo.js';
import { mysql } from './mysql.js';
import { postgres } from './postgres.js';
import { prisma } from './prisma.js';
import { rails } from './rails.js';
import { redis } from './redis.js';
import { sqlite } from './sqlite.js';
import { isSymfonyConsole, symfony } from './symfony.js';
import { table } from '../../own.js';
import { containerOnPort } from '../clouds.js';

// The registry's `acts.engine` (src/programs/builtin.ts) names the reader; none: generic.
const ENGINES: Record<string, (run: Run) => Candidate[]> = table({
  postgres: (run) => [postgres(run)],
  mysql: (run) => [mysql(run)],
  redis: (run) => [redis(run)],
  mongo: (run) => [mongo(run)],
  sqlite: (run) => [sqlite(run)],
  prisma,
  rails,
  ecto,
});

export function resolveDatabase(run: Run): Candidate[] {
  if (isArtisan(run)) return laravel(run);
  if (isSymfonyConsole(run)) return symfony(run);
  const dj = isDjango(run) ? django(run) : undefined;
  if (dj) return dj;
  const engine = builtinActs(run.name)?.engine;
  return startedHere(run, (engine && Object.hasOwn(ENGINES, engine) ? ENGINES[engine]! : generic)(run));
}

/** A server on the loopback at a port a database container the line started publishes, with no
 *  volume, on this machine's engine (clouds.ts containerOnPort): what it holds is the line's own
 *  (`docker run -d -p 5434:5432 postgres:15 && DATABASE_URL=postgres://…@localhost:5434/app_test
 *  bin/rails db:create db:schema:load`, rt26k). */
function startedHere(run: Run, out: Candidate[]): Candidate[] {
  for (const c of out) {
    const host = c.facts['host'];
    const port = c.facts['port'];
    if (c.facts['ephemeral'] || !port || !/^\d+$/.test(port) || !host || !/^(localhost|127\.0\.0\.1|::1|\[::1\])$/i.test(host)) continue;
    const started = containerOnPort(run, port, true);
    if (!started) continue;
    c.facts['ephemeral'] = 'a database container the line started';
    c.evidence.push(`port ${port} is published by a database container the line started with no volume (${started}): what it holds is the line's own`);
  }
  return out;
}
