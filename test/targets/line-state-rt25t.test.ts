// Where a destructive line acts when it names more than one environment (rt25t): loops over
// `staging production`, the same command after another switch, a team label next to a resource
// whose own name says production, two servers given to one client. Through the whole engine, in a
// project and HOME with nothing in them; the second project has a team `environments:` map that
// names the staging resources, as a team's committed file would. A line that reaches production
// names production (never staging, the worst error: "it's only staging"); a staging line in the
// mapped project names staging and still pauses.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectProduction, itNamesEnvironments, lineState } from '../helpers/line-state.js';

const bare = lineState('countersign-rt25t-');
const mapped = lineState('countersign-rt25t-map-');
writeFileSync(
  path.join(mapped.ctx.cwd, '.countersign.yaml'),
  `environments:
  staging:
    match:
      hosts: ["*.staging.acme.internal"]
      kube-contexts: ["staging-*"]
      aws-profiles: [staging]
      terraform-workspaces: [staging]
      railway-environments: [staging]
`,
);
afterAll(() => {
  bare.remove();
  mapped.remove();
});

// Reaches staging and production, in both projects: the production run is named production.
const BOTH: Array<[string, RegExp]> = [
  // A loop's body runs once per value: the production run is judged too.
  ['for ws in staging prod; do terraform workspace select "$ws" && terraform destroy -auto-approve; done', /selects workspace prod first/],
  ['cd infra && terraform workspace select staging && terraform destroy -auto-approve && terraform workspace select prod && terraform destroy -auto-approve', /selects workspace prod first/],
  ['for host in db.staging.acme.internal db.prod.acme.internal; do psql -h "$host" -d shop -c \'DROP TABLE orders\'; done', /-h db\.prod\.acme\.internal/],
  [`printf 'DATABASE_URL=postgres://app@db.staging.acme.internal/app\\n' > .env.staging && printf 'DATABASE_URL=postgres://app@db.prod.acme.internal/app\\n' > .env.production && for env in staging production; do npx dotenv -e ".env.$env" -- npx prisma migrate reset --force; done`, /db\.prod\.acme\.internal/],
  ['for ctx in staging-eu prod-eu; do kubectl --context "$ctx" -n api delete deployment --all; done', /--context prod-eu/],
  ['railway run --environment staging -- npx prisma migrate reset --force && railway run --environment production -- npx prisma migrate reset --force', /--environment production/],
];

// Reaches production, in both projects: named production, never staging or local.
const PRODUCTION: Array<[string, RegExp]> = [
  // A label the team maps to staging doesn't hide a resource whose own name says production.
  ['aws --profile staging s3 rm s3://acme-prod-uploads --recursive', /bucket acme-prod-uploads names production/],
  ['AWS_PROFILE=staging aws rds delete-db-instance --db-instance-identifier acme-prod-db --skip-final-snapshot', /acme-prod-db names production/],
  // A client in a compose service connects where the service's environment says, as the line wrote it.
  [`printf 'services:\n  psql:\n    image: postgres:16\n    environment:\n      PGHOST: db.prod.acme.internal\n' > compose.yaml && docker compose run --rm psql psql -c 'DROP SCHEMA public CASCADE'`, /the environment of service psql in compose\.yaml/],
  [`printf 'services:\n  psql:\n    image: postgres:16\n    env_file: [.env, .env.production]\n' > compose.yaml && printf 'PGHOST=localhost\n' > .env && printf 'PGHOST=db.prod.acme.internal\n' > .env.production && docker compose run --rm psql psql -c 'DROP TABLE orders'`, /env_file \.env\.production of service psql/],
  ['docker compose run --rm -e PGHOST=db.prod.acme.internal psql psql -c \'DROP SCHEMA public CASCADE\'', /-e PGHOST=… on the line/],
  // env-cmd --use-shell runs its words as a shell line, with the file's variables.
  [`mkdir -p apps/api && printf 'DATABASE_URL=postgres://app@db.prod.acme.internal/app\\n' > apps/api/.env.production && env-cmd -f apps/api/.env.production --use-shell 'psql "$DATABASE_URL" -c "TRUNCATE payments"'`, /db\.prod\.acme\.internal/],
  // npm -w DIR runs the script of the workspace in that directory, where its .env is.
  [`mkdir -p apps/api && printf '{"name":"@acme/api","scripts":{"db:reset":"prisma migrate reset --force"}}\\n' > apps/api/package.json && printf '{"name":"acme","private":true,"workspaces":["apps/*"]}\\n' > package.json && printf 'DATABASE_URL=postgresql://api@db.prod.acme.internal/api\\n' > apps/api/.env && npm run db:reset -w apps/api`, /DATABASE_URL in \.env \(loaded by prisma\)/],
  // A .env the line fills first from a command whose own words name production.
  [`printf 'DATABASE_URL=postgresql://api@localhost/api\\n' > .env && heroku config:get DATABASE_URL -a acme-api-prod | sed 's/^/DATABASE_URL=/' > .env && npx prisma migrate reset --force`, /\.env is written first by `heroku config:get DATABASE_URL -a acme-api-prod`/],
  [`mkdir -p apps/api && printf 'DATABASE_URL=postgresql://api@localhost/api\\n' > apps/api/.env && vercel env pull apps/api/.env --environment=production --yes && cd apps/api && npx prisma db push --force-reset`, /whose words name production/],
  ['doppler secrets download --no-file --format env --config prd > .env && npx prisma migrate reset --force', /whose words name prd/],
  // sequelize-cli's config/config.json block of its environment (--env, else NODE_ENV).
  [`mkdir -p config && printf '{"development":{"dialect":"postgres","host":"127.0.0.1","database":"shop"},"production":{"dialect":"postgres","host":"db.prod.acme.internal","database":"shop"}}\\n' > config/config.json && NODE_ENV=production npx sequelize-cli db:drop`, /host db\.prod\.acme\.internal of production in config\/config\.json/],
  [`mkdir -p config && printf '{"production":{"use_env_variable":"DATABASE_URL"}}\\n' > config/config.json && DATABASE_URL=postgres://a@db.prod.acme.internal/x npx sequelize-cli db:drop --env=production`, /production in config\/config\.json uses DATABASE_URL/],
];

// Two servers named, which one is used not read: unknown in both projects. A .env filled from a
// command that names no production: unknown.
const UNKNOWN: string[] = [
  'heroku config:get DATABASE_URL -a acme-api-staging | sed "s/^/DATABASE_URL=/" > .env && npx prisma migrate reset --force',
  `mongosh "mongodb://db.staging.acme.internal/shop" --host db.prod.acme.internal --eval 'db.dropDatabase()'`,
];

// Really staging: unknown without a map (handled like production), staging with it; paused.
const STAGING: Array<[string, RegExp]> = [
  ['terraform workspace select staging && terraform destroy -auto-approve', /terraform-workspace staging matches staging/],
  ['psql -h db.staging.acme.internal -d shop -c \'DROP TABLE orders\'', /matches staging\.hosts/],
  ['kubectl --context staging-eu delete namespace api', /kube-context staging-eu matches staging/],
  [`mkdir -p config && printf '{"staging":{"dialect":"postgres","host":"db.staging.acme.internal","database":"shop"}}\\n' > config/config.json && npx sequelize-cli db:migrate:undo:all --env staging`, /host db\.staging\.acme\.internal of staging in config\/config\.json/],
  [`printf 'services:\n  psql:\n    image: postgres:16\n    env_file:\n      - path: .env.staging\n      - path: .env.staging.local\n        required: false\n' > compose.yaml && printf 'PGHOST=db.staging.acme.internal\n' > .env.staging && docker compose run --rm psql psql -c 'DROP SCHEMA public CASCADE'`, /env_file \.env\.staging\.local of service psql is optional and not there/],
];

// The client in the database's own container: the engine's, local.
const LOCAL: string[] = [
  `mkdir -p config && printf '{"development":{"dialect":"postgres","host":"127.0.0.1","database":"shop"},"production":{"dialect":"postgres","host":"db.prod.acme.internal","database":"shop"}}\\n' > config/config.json && npx sequelize-cli db:drop`,
  `printf 'services:\n  db:\n    image: postgres:16\n' > compose.yaml && docker compose exec db psql -U postgres -c 'DROP SCHEMA public CASCADE'`,
];

describe('a line that names more than one environment names the worst it reaches', () => {
  itNamesEnvironments(bare, mapped, { both: BOTH, production: PRODUCTION, unknown: UNKNOWN, staging: STAGING });

  it.each(LOCAL)('local: %s', async (line) => {
    const r = await bare.where(line);
    expect(r.env.length).toBeGreaterThan(0);
    expect(r.env.every((e) => e === 'local')).toBe(true);
  });
});
