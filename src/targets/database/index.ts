// Databases: which server (or file) a database tool would connect to, read the way that tool
// reads it: its flags, its variables, its option files and the .env files it loads itself.
// One file an engine (postgres, mysql, redis, mongo, sqlite), one a project tool whose config names
// the database (prisma, rails), generic.ts for tools that take or read a URL; common.ts is shared.
import type { Run } from '../run.js';
import type { Candidate } from '../types.js';
import { generic } from './generic.js';
import { MONGO_TOOLS, mongo } from './mongo.js';
import { MYSQL_TOOLS, mysql } from './mysql.js';
import { PG_TOOLS, postgres } from './postgres.js';
import { prisma } from './prisma.js';
import { rails } from './rails.js';
import { REDIS_TOOLS, redis } from './redis.js';
import { SQLITE_TOOLS, sqlite } from './sqlite.js';

/** Program names that act on a database, for targetKindFor. */
export const DATABASE_TOOLS = new Set([
  ...PG_TOOLS, ...MYSQL_TOOLS, ...REDIS_TOOLS, ...MONGO_TOOLS, ...SQLITE_TOOLS, 'mysqlsh',
  'prisma', 'rails', 'drizzle-kit', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'mikro-orm', 'node-pg-migrate',
  'db-migrate', 'dbmate', 'sqlx', 'diesel', 'migrate', 'atlas', 'goose', 'flyway', 'liquibase', 'alembic', 'kysely',
]);

export function resolveDatabase(run: Run): Candidate[] {
  const n = run.name;
  if (PG_TOOLS.has(n)) return [postgres(run)];
  if (MYSQL_TOOLS.has(n)) return [mysql(run)];
  if (REDIS_TOOLS.has(n)) return [redis(run)];
  if (MONGO_TOOLS.has(n)) return [mongo(run)];
  if (SQLITE_TOOLS.has(n)) return [sqlite(run)];
  if (n === 'prisma') return prisma(run);
  if (n === 'rails' || n === 'rake') return rails(run);
  return generic(run);
}
