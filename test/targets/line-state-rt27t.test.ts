// Where, fifth round (red team 27, rt27t): framework and tool config files name the database,
// stack or cluster a command acts on per environment, and the line picks one by name (RAILS_ENV,
// --settings, artisan --env, MIX_ENV, alembic -c/-x, flyway -configFiles, knex --knexfile, dbt
// --target, helmfile -e, sam --config-env...). Where that config can't be read, a name that says
// production is evidence; a staging name is the team map's to say (`app-envs:`), and only when
// nothing on the line names production. A server named on the line (a URL past a run-time
// password, a .NET connection string, DB_HOST=) outranks the name it selects; a value computed
// at run time stays unknown.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itNamesEnvironments, lineState } from '../helpers/line-state.js';

const bare = lineState('countersign-rt27t-');
const mapped = lineState('countersign-rt27t-map-');
writeFileSync(
  path.join(mapped.ctx.cwd, '.countersign.yaml'),
  `environments:
  staging:
    match:
      app-envs: [staging, stg]
      kube-contexts: [staging]
      terraform-workspaces: [staging]
      op-env-files: ["*.env.staging*"]
`,
);
afterAll(() => {
  bare.remove();
  mapped.remove();
});

// Really staging: unknown without the map, staging with it.
const STAGING: Array<[string, RegExp]> = [
  ['RAILS_ENV=staging bin/rails db:reset', /RAILS_ENV=staging \(prefix\).*\n?.*app-env staging matches staging\.app-envs/],
  ['php artisan db:wipe --env=staging --force', /app-env staging matches staging\.app-envs/],
  ['MIX_ENV=staging mix ecto.reset', /MIX_ENV=staging/],
  ['DOTNET_ENVIRONMENT=Staging dotnet ef database drop -f --project src/Api', /app-env Staging matches staging\.app-envs/],
  ['npx sequelize db:seed:undo:all --env staging', /--env staging \(flag\)/],
  ['./gradlew flywayClean -Pflyway.configFiles=conf/flyway.staging.conf -Pflyway.cleanDisabled=false', /flyway\.configFiles conf\/flyway\.staging\.conf/],
  ['python manage.py flush --no-input --settings=mysite.settings.staging', /--settings mysite\.settings\.staging/],
  // Code that loads a file of variables by name: the file, for the map's op-env-files.
  [`python3 -c "from dotenv import load_dotenv; load_dotenv('.env.staging'); import os, redis; redis.from_url(os.environ['REDIS_URL']).flushall()"`, /env-file \.env\.staging matches staging\.op-env-files/],
];

// Production by what the line names, never staging (several pick a staging name too).
const PRODUCTION: Array<[string, RegExp]> = [
  ['alembic -c alembic.prod.ini downgrade base', /-c alembic\.prod\.ini \(flag\)/],
  ['alembic -x env=staging -x db_url=postgresql://app@prod-db.internal/app downgrade base', /-x db_url=postgresql/],
  ['flyway -configFiles=conf/flyway.prod.conf -cleanDisabled=false clean', /-configFiles conf\/flyway\.prod\.conf/],
  ['./mvnw flyway:clean -Dflyway.configFiles=src/main/resources/flyway-prod.conf -Dflyway.cleanDisabled=false', /flyway\.configFiles src\/main\/resources\/flyway-prod\.conf/],
  ['npx knex --knexfile db/knexfile.prod.js migrate:down', /--knexfile db\/knexfile\.prod\.js/],
  ['npx typeorm schema:drop -d dist/config/data-source.prod.js', /-d dist\/config\/data-source\.prod\.js/],
  ['npx drizzle-kit push --config=drizzle.prod.config.ts --force', /--config drizzle\.prod\.config\.ts/],
  ['npx sequelize-cli db:migrate:undo:all --url "mysql://root:$PW@prod-mysql.acme.internal:3306/shop"', /--url prod-mysql\.acme\.internal/],
  ['dbt run --target prod --full-refresh --select fct_orders+', /--target prod \(flag\)/],
  ['helmfile -e production destroy', /-e production \(flag\)/],
  ['sam delete --config-env prod --no-prompts', /--config-env prod \(flag\)/],
  ['ASPNETCORE_ENVIRONMENT=Staging dotnet ef database drop --force --connection "Host=prod-pg.internal;Database=shop;Username=app"', /--connection Host=prod-pg\.internal/],
  ['ConnectionStrings__Default="Server=sql-prod.database.windows.net;Database=shop" dotnet ef database drop -f', /ConnectionStrings__Default names the server sql-prod/],
  ['MIX_ENV=staging DATABASE_URL=ecto://postgres:$PW@prod-db.internal/myapp_prod mix ecto.reset', /DATABASE_URL names the server prod-db\.internal/],
  ['DB_HOST=db-primary.prod.internal DB_DATABASE=acme php artisan migrate:fresh --force', /DB_HOST names the server db-primary\.prod\.internal/],
  ['cp .env.production .env && php artisan config:clear && php artisan migrate:fresh --seed --force', /\.env is copied from \.env\.production first/],
  ['cp .env.production .env && RAILS_ENV=staging bin/rails db:reset', /\.env is copied from \.env\.production first/],
  ['set -a; . ./.env.production; set +a\npython manage.py migrate accounts 0001 --noinput', /\.env\.production/],
  ["sed -i 's/^DB_HOST=.*/DB_HOST=prod-mysql.acme.internal/' .env && php artisan migrate:rollback --step=10 --force", /prod-mysql\.acme\.internal/],
  ['DATABASE_URL="$(heroku config:get DATABASE_URL -a acme-web-prod)" python manage.py flush --noinput', /acme-web-prod/],
  ['TF_WORKSPACE=staging terraform init -backend-config="key=prod/terraform.tfstate" -reconfigure && TF_WORKSPACE=staging terraform destroy -auto-approve', /terraform-backend prod\/terraform\.tfstate names production/],
  ['kubectl --context staging --kubeconfig ~/.kube/prod-config delete ns web', /kubeconfig prod-config names production/],
  [`cat > fly.toml <<'TOML'\napp = "acme-api-prod"\nprimary_region = "iad"\nTOML\nfly apps destroy "$(awk -F'"' '/^app/{print $2}' fly.toml)" --yes`, /writes fly\.toml first with app acme-api-prod/],
  [`mkdir -p .vercel && printf '{"projectId":"prj_9fQx2","orgId":"team_acme","projectName":"acme-web-prod"}\\n' > .vercel/project.json\nvercel remove "$(awk -F'"' '{for(i=1;i<=NF;i++) if($i=="projectName") print $(i+2)}' .vercel/project.json)" --yes`, /projectName acme-web-prod/],
  [`python - <<'PY'\nfrom dotenv import load_dotenv\nload_dotenv('.env.production')\nimport os, psycopg2\nconn = psycopg2.connect(os.environ['DATABASE_URL'])\nconn.cursor().execute('DROP TABLE IF EXISTS events CASCADE')\nconn.commit()\nPY`, /loads \.env\.production first/],
  [`node -e "require('dotenv').config({path: '.env.production'}); const {Client}=require('pg'); const c=new Client({connectionString: process.env.DATABASE_URL}); c.connect().then(()=>c.query('TRUNCATE users CASCADE')).then(()=>c.end())"`, /\.env\.production/],
  [`node --env-file=.env.production -e "const {Client}=require('pg'); const c=new Client(); c.connect().then(()=>c.query('DROP SCHEMA public CASCADE')).then(()=>c.end())"`, /--env-file \.env\.production \(flag\)/],
  ["heroku run -a acme-api-production 'bin/rails db:rollback STEP=1'", /acme-api-production/],
  ['SPRING_PROFILES_ACTIVE=prod java -jar target/api.jar --spring.jpa.hibernate.ddl-auto=create-drop', /SPRING_PROFILES_ACTIVE=prod/],
  [`AWS_PROFILE=prod python3 -c "from dotenv import load_dotenv; load_dotenv('.env.staging'); import os, redis; redis.from_url(os.environ['REDIS_URL']).flushall()"`, /AWS_PROFILE=prod/],
];

// Computed when the line runs (or named nowhere): unknown both ways, never staging.
const UNKNOWN: string[] = [
  'npx knex migrate:rollback --all --env "${DEPLOY_ENV:-staging}"',
  'RAILS_ENV=$(cat .deploy-env) bin/rails db:drop DISABLE_DATABASE_ENVIRONMENT_CHECK=1',
  'npx prisma db push --force-reset --schema prisma/schema.prisma',
  'flyway -configFiles="conf/flyway.$STAGE.conf" -cleanDisabled=false clean',
  "ssh bastion 'curl -X DELETE localhost:8500/v1/kv/config?recurse'",
  `dbt run-operation drop_old_relations --args '{dry_run: false}' --target "$DBT_TARGET"`,
];

describe('where: framework and tool config selectors (rt27t)', () => {
  itNamesEnvironments(bare, mapped, { both: [], production: PRODUCTION, unknown: UNKNOWN, staging: STAGING });
});

// The project's own config on disk names a local test database (config/database.yml `test:` with
// no host, config/test.exs, .env.test): a reset there names LOCAL and follows the local-dev policy
// (allowed); the same reset pointed elsewhere, or at an environment the config doesn't name,
// still pauses. A production section's ERB (`url: <%= ENV['DATABASE_URL'] %>`) that can't be
// filled in here makes only that section computed, not the test one (rt27t).
const project = lineState('countersign-rt27t-proj-');
afterAll(() => project.remove());
{
  const at = (p: string, text: string): void => {
    mkdirSync(path.dirname(path.join(project.ctx.cwd, p)), { recursive: true });
    writeFileSync(path.join(project.ctx.cwd, p), text);
  };
  at('config/database.yml', `default: &default
  adapter: postgresql
  pool: 5
development:
  <<: *default
  database: app_development
test:
  <<: *default
  database: app_test
production:
  <<: *default
  url: <%= ENV['DATABASE_URL'] %>
`);
  at('config/config.exs', 'import Config\nimport_config "#{config_env()}.exs"\n');
  at('config/test.exs', `import Config
config :my_app, MyApp.Repo,
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "my_app_test#{System.get_env("MIX_TEST_PARTITION")}",
  pool: Ecto.Adapters.SQL.Sandbox
`);
  at('.env.test', 'DATABASE_URL=postgresql://postgres:postgres@localhost:5432/app_test\n');
  at('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n');
}

describe('where: a test database the project config names (rt27t)', () => {
  it.each([
    'RAILS_ENV=test bin/rails db:reset',
    'RAILS_ENV=test bundle exec rails db:drop db:create db:schema:load',
    'MIX_ENV=test mix ecto.reset',
    'npx dotenv -e .env.test -- npx prisma migrate reset --force',
  ])('local, allowed: %s', async (line) => {
    const r = await project.where(line);
    expect(r.decision).toBe('allow');
    if (r.env.length) expect(r.env.every((e) => e === 'local')).toBe(true);
  });
  it.each([
    ['RAILS_ENV=test DATABASE_URL=postgres://app@db.prod.internal/app bin/rails db:reset', 'production'],
    ['RAILS_ENV=production bin/rails db:reset', 'production'],
    ['RAILS_ENV=staging bin/rails db:reset', 'unknown'],
    ['MIX_ENV=prod mix ecto.reset', 'production'],
    ['npx dotenv -e .env.production -- npx prisma migrate reset --force', 'production'],
  ])('paused: %s', async (line, env) => {
    const r = await project.where(line);
    expect(r.decision).not.toBe('allow');
    expect(r.env).toContain(env);
    expect(r.env).not.toContain('local');
  });
});
