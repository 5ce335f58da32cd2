// A team map that names its staging labels (rt25t2): a serverless stage (`stages:`), an
// infrastructure folder (`iac-dirs:`), a secrets runner's environment (`doppler-configs:`,
// `infisical-envs:`, `op-env-files:`, `railway-environments:`). With the map those lines name
// staging; without it they stay unknown (handled like production). A label never hides a
// production name elsewhere on the target (a profile, a var file, a stack, a host, a .env value).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectProduction, itNamesEnvironments, lineState } from '../helpers/line-state.js';

const bare = lineState('countersign-rt25t2-');
const mapped = lineState('countersign-rt25t2-map-');
writeFileSync(
  path.join(mapped.ctx.cwd, '.countersign.yaml'),
  `environments:
  staging:
    match:
      railway-environments: [staging]
      stages: [staging]
      iac-dirs: ["infra/envs/staging", "infra/live/staging/*"]
      doppler-configs: [stg, "stg_*"]
      infisical-envs: [staging]
      op-env-files: ["*.env.staging*"]
`,
);
afterAll(() => {
  bare.remove();
  mapped.remove();
});

// Really staging: unknown without the map, staging with it; paused either way.
const STAGING: Array<[string, RegExp]> = [
  ['npx sst remove --stage staging', /aws-stage staging matches staging\.stages/],
  ['npx serverless remove --stage staging --region eu-west-1', /aws-stage staging matches staging\.stages/],
  ['npx cdk destroy --all --force -c stage=staging', /aws-stage staging matches staging\.stages/],
  ['terraform -chdir=infra/envs/staging destroy -auto-approve', /terraform-dir infra\/envs\/staging matches staging\.iac-dirs/],
  ['terragrunt destroy --working-dir infra/live/staging/rds -auto-approve', /matches staging\.iac-dirs/],
  ['cd infra/envs/staging && terraform destroy -auto-approve', /terraform-dir infra\/envs\/staging matches staging\.iac-dirs/],
  ['cd infra/live/staging/us-east-1/rds && terragrunt destroy --terragrunt-non-interactive -auto-approve', /matches staging\.iac-dirs/],
  ['railway run --environment staging -- npx prisma migrate reset --force', /railway run's variables decide/],
  ['doppler run -c stg_ci -- npx prisma migrate reset --force', /doppler-config stg_ci matches staging\.doppler-configs/],
  ['infisical run --env staging --path=/apps/api -- npx prisma migrate reset --force', /infisical run's variables decide/],
  [`printf 'DATABASE_URL="op://staging/api-db/url"\\n' > .env.staging && op run --env-file=.env.staging -- npx prisma migrate reset --force`, /op-env-file \.env\.staging matches staging\.op-env-files/],
  ['op run --env-file=apps/api/.env.staging.tpl -- npx prisma migrate reset --force', /op-env-file apps\/api\/\.env\.staging\.tpl matches staging\.op-env-files/],
];

// Production twins: production in both projects, never staging.
const PRODUCTION: Array<[string, RegExp]> = [
  ['npx sst remove --stage production', /aws-stage production names production/],
  ['npx sst remove --stage=staging --profile acme-prod', /aws-profile acme-prod names production/],
  ['npx serverless remove --stage staging --config serverless.prod.yml', /serverless-config serverless\.prod\.yml names production/],
  ['npx cdk destroy --all -f -c env=staging -c env=prod', /aws-stage prod names production/],
  ['npx cdk destroy --force --context env=staging ApiStack-Prod', /ApiStack-Prod/],
  ['terraform -chdir=infra/envs/staging destroy -auto-approve -var-file=../production/terraform.tfvars', /terraform-var-file/],
  ['TF_WORKSPACE=production terraform -chdir=infra/envs/staging destroy -auto-approve', /terraform-workspace production names production/],
  ['terragrunt destroy --working-dir infra/live/prod/rds -auto-approve', /terraform-dir infra\/live\/prod\/rds names production/],
  ['railway run -e staging -- psql -h db.prod.acme.internal -c \'DROP TABLE users\'', /host db\.prod\.acme\.internal names production/],
  ['DATABASE_URL=postgresql://app@db.prod.acme.internal/app railway run -e staging -- npx prisma migrate reset --force', /db\.prod\.acme\.internal/],
  ['doppler run --config prd -- npx prisma migrate reset --force', /prd names production/],
  ['doppler run -c stg -- psql -h db.prod.acme.internal -c \'DROP SCHEMA public CASCADE\'', /host db\.prod\.acme\.internal names production/],
  ['infisical run --env=prod --path=/apps/api -- npx prisma migrate reset --force', /prod names production/],
  [`printf 'DATABASE_URL=postgresql://app@db.prod.acme.internal/app\\n' > .env.staging && op run --env-file=.env.staging -- npx prisma migrate reset --force`, /host db\.prod\.acme\.internal names production/],
  ['op run --env-file=apps/api/.env.production.tpl -- npx prisma migrate reset --force', /op-env-file apps\/api\/\.env\.production\.tpl names production/],
];

// Staging and production on one line: the production run is named production in both projects.
const BOTH: Array<[string, RegExp]> = [
  ['for env in staging production; do terraform -chdir="infra/envs/$env" destroy -auto-approve; done', /infra\/envs\/production names production/],
  ['cd infra/envs/staging && terraform destroy -auto-approve && cd ../prod && terraform destroy -auto-approve', /infra\/envs\/prod names production/],
  ['for c in stg prd; do doppler run --config "$c" -- npx prisma migrate reset --force; done', /prd names production/],
  ['npx sst remove --stage staging && npx sst remove --stage production', /aws-stage production names production/],
];

// Not in the map, or nothing names the runner's environment: unknown in both projects.
const UNKNOWN: string[] = [
  'npx sst remove --stage stg',
  'terraform -chdir=infra/envs/staging-copy destroy -auto-approve',
  'doppler run -- npx prisma migrate reset --force',
  'op run -- npx prisma migrate reset --force',
];

describe('a team map names staging stages, folders and runners; production stays production', () => {
  itNamesEnvironments(bare, mapped, { both: BOTH, production: PRODUCTION, unknown: UNKNOWN, staging: STAGING });


  it('a printf-written .env beside a staging runner: the .env production value is named with the map', async () => {
    const m = await mapped.where(`printf 'DATABASE_URL=postgresql://app@db.prod.acme.internal/app\\n' > .env && railway run -e staging -- npx prisma migrate reset --force`);
    expectProduction(m, /db\.prod\.acme\.internal/);
  });
});
