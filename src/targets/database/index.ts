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
  return (engine && Object.hasOwn(ENGINES, engine) ? ENGINES[engine]! : generic)(run);
}
