// API calls whose environment shows in a token's file, a linked project's file, the resource a
// provider API's URL names, or the team map (red team 26, rt26t). A provider's URL names the
// app, project, site or database the request acts on; a token read from .env.production makes
// it production's; a token read from .env.staging says staging only when it is made for one
// environment (a Railway project token): an account token from any file stays unknown, as does
// an id looked up when the line runs (the Railway volume incident).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectProduction, itNamesEnvironments, lineState } from '../helpers/line-state.js';

const bare = lineState('countersign-rt26t-');
const mapped = lineState('countersign-rt26t-map-');
writeFileSync(
  path.join(mapped.ctx.cwd, '.countersign.yaml'),
  `environments:
  production:
    match:
      fly-apps: [acme-db]
      supabase-projects: [qwertyuiopasdfghjklz]
      netlify-sites: [acme-www]
      turso-databases: [acme-main]
      vercel-projects: [acme-web]
  staging:
    match:
      hosts: ["*.staging.acme.com"]
      fly-apps: ["*-staging", "*-stg"]
      heroku-apps: ["*-staging"]
      vercel-projects: ["*-staging"]
      doppler-configs: [stg]
      github-environments: [staging, stage]
      op-env-files: ["*.env.staging*"]
      railway-environments: [staging]
`,
);
afterAll(() => {
  bare.remove();
  mapped.remove();
});

// Really staging: unknown without the map, staging with it; paused either way.
const STAGING: Array<[string, RegExp]> = [
  ['curl -i -X DELETE -H "Authorization: Bearer $FLY_API_TOKEN" "https://api.machines.dev/v1/apps/acme-worker-staging/volumes/vol_4y5w8r2q9p1v"', /fly-app acme-worker-staging matches staging\.fly-apps/],
  ["curl --netrc -X DELETE https://api.heroku.com/apps/acme-api-staging/addons/postgresql-shaped-12345 -H 'Accept: application/vnd.heroku+json; version=3'", /heroku-app acme-api-staging matches staging\.heroku-apps/],
  ['curl -X DELETE "https://api.vercel.com/v9/projects/acme-web-staging/env/env_7sYqW2" -H "Authorization: Bearer $VERCEL_TOKEN"', /vercel-project acme-web-staging matches staging\.vercel-projects/],
  ["curl --request DELETE --url 'https://api.doppler.com/v3/configs/config?project=acme&config=stg' --header \"authorization: Bearer $DOPPLER_TOKEN\"", /doppler-config stg matches staging\.doppler-configs/],
  ['gh api --method DELETE /repos/acme/api/environments/staging/secrets/DATABASE_URL', /github-environment staging matches staging\.github-environments/],
  // A Railway project token is made for one environment: the file it is read from names it.
  [`curl -sS https://backboard.railway.app/graphql/v2 -H "Project-Access-Token: $(sed -n 's/^RAILWAY_TOKEN=//p' .env.staging)" -H 'Content-Type: application/json' --data '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`, /env-file \.env\.staging matches staging\.op-env-files/],
  // The URL itself is read from .env.staging.
  [`BASE_URL=$(grep '^API_URL=' .env.staging | cut -d= -f2) && curl -X DELETE "$BASE_URL/v1/webhooks" -H "Authorization: Bearer $T"`, /env-file \.env\.staging matches staging\.op-env-files/],
  // The environment the line links first (and only if that link worked), read back by the request.
  [`railway link --project acme --environment staging && curl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' -d "{\\"query\\":\\"mutation { environmentDelete(id: \\\\\\"$(jq -r --arg p "$PWD" '.projects[$p].environment' ~/.railway/config.json)\\\\\\") }\\"}"`, /links first to staging/],
  // A linked project's file the line writes: the config it names.
  [`cat > doppler.yaml <<'EOF'\nsetup:\n  project: acme\n  config: stg\nEOF\ncurl -X DELETE "https://api.doppler.com/v3/configs/config?project=acme&config=$(yq .setup.config doppler.yaml)" -H "Authorization: Bearer $DOPPLER_TOKEN"`, /doppler\.yaml, which names doppler-config stg/],
];

// Production by the names alone: production in both projects, never staging.
const PRODUCTION: Array<[string, RegExp]> = [
  ['curl -X DELETE -H "Authorization: Bearer $FLY_API_TOKEN" https://api.machines.dev/v1/apps/acme-api-prod', /the URL names acme-api-prod/],
  ['curl https://api.stripe.com/v1/webhook_endpoints/we_1OaBcDeFgHiJkL -u sk_live_51HqAcme9xYzAbCdEfGhIjKlMnOp: -X DELETE', /live-mode Stripe key/],
  ['curl -X DELETE "https://api.doppler.com/v3/configs/config/secret?project=acme&config=prd&name=DATABASE_URL" -H "Authorization: Bearer $DOPPLER_TOKEN"', /doppler-config prd names production/],
  ['gh api -X DELETE repos/acme/api/environments/production', /github-environment production names production/],
  ['gh api -X DELETE "repos/$(gh repo view --json nameWithOwner -q .nameWithOwner)/environments/production"', /github-environment production names production/],
  ['gh api -X DELETE "repos/{owner}/{repo}/git/refs/heads/production"', /git-branch production names production/],
  ['curl -X DELETE "https://api.vercel.com/v9/projects/acme-web" -H "Authorization: Bearer $(grep VERCEL_TOKEN .env.production | cut -d= -f2)"', /token may come from \.env\.production/],
  [`source .env.production && curl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H "Content-Type: application/json" -d '{"query":"mutation { serviceDelete(id: \\"s1\\") }"}'`, /env-file \.env\.production names production/],
  [`STRIPE_KEY=$(grep STRIPE_SECRET_KEY .env.production | cut -d '=' -f 2)\ncurl https://api.stripe.com/v1/customers/cus_PxQ81kLmN0aB -u "$STRIPE_KEY:" -X DELETE`, /env-file \.env\.production names production/],
  ['curl -X DELETE "$(grep NEXT_PUBLIC_SUPABASE_URL .env.production | cut -d= -f2)/rest/v1/profiles?id=not.is.null" -H "apikey: $K"', /env-file \.env\.production names production/],
  ['curl -X DELETE https://api.example.com/v1/tenants/42 -H "Authorization: Bearer $(grep ADMIN_TOKEN .env.production | cut -d= -f2)"', /env-file \.env\.production names production/],
  [`flyctl config save -a acme-api-prod -y\ncurl -X DELETE -H "Authorization: Bearer $FLY_API_TOKEN" "https://api.machines.dev/v1/apps/$(grep '^app' fly.toml | cut -d'"' -f2)/volumes/vol_2n0prq8w5k1z"`, /links earlier on the line to fly-app acme-api-prod/],
  // The request reads the environment the line linked first.
  [`railway link --project acme --environment production\ncurl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' -d "{\\"query\\":\\"mutation { environmentDelete(id: \\\\\\"$(jq -r --arg p "$PWD" '.projects[$p].environment' ~/.railway/config.json)\\\\\\") }\\"}"`, /links first to production/],
];

// The team map's production resources: production with the map (unknown without it).
const MAPPED_PRODUCTION: Array<[string, RegExp]> = [
  ['curl -X DELETE "https://api.machines.dev/v1/apps/acme-db/volumes/vol_2n0prq8w5k1z" -H "Authorization: Bearer $FLY_API_TOKEN"', /fly-app acme-db matches production\.fly-apps/],
  ['curl -X DELETE "https://qwertyuiopasdfghjklz.supabase.co/rest/v1/orders?created_at=lt.2026-01-01" -H "apikey: $K" -H "Authorization: Bearer $K"', /supabase-project qwertyuiopasdfghjklz matches production\.supabase-projects/],
  ['curl -X DELETE "https://api.turso.tech/v1/organizations/acme/databases/acme-main" -H "Authorization: Bearer $TURSO_API_TOKEN"', /turso-database acme-main matches production\.turso-databases/],
  ['curl -X DELETE "https://api.netlify.com/api/v1/sites/acme-www.netlify.app" -H "Authorization: Bearer $NETLIFY_AUTH_TOKEN"', /netlify-site acme-www matches production\.netlify-sites/],
  ['supabase link --project-ref qwertyuiopasdfghjklz\ncurl -X DELETE "https://api.supabase.com/v1/projects/$(cat supabase/.temp/project-ref)/branches" -H "Authorization: Bearer $SUPABASE_ACCESS_TOKEN"', /supabase-project qwertyuiopasdfghjklz matches production\.supabase-projects/],
];

// An account token, an id or a host that names nothing: unknown in both projects, never staging.
const UNKNOWN: string[] = [
  // The incident: an account token and a bare volume id.
  `echo '{"query":"mutation { volumeDelete(volumeId: \\"8f2c1e0a-5b7d-4a7e-9a43-0c1f2d3e4b5a\\") }"}' | curl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' --data @-`,
  // An account token read from .env.staging still reaches production.
  `set -a; . ./.env.staging; set +a\ncurl -s -X POST "https://backboard.railway.app/graphql/v2" -H "Authorization: Bearer \${RAILWAY_API_TOKEN}" -H "Content-Type: application/json" -d '{"query":"mutation { environmentDelete(id: \\"e1f2a3b4\\") }"}'`,
  'curl -X DELETE "https://api.vercel.com/v13/deployments/dpl_8sK2mXq9Vh3f" -H "Authorization: Bearer $(grep VERCEL_TOKEN .env.staging | cut -d= -f2)"',
  // A Stripe id (`prod_…` is a product) names nothing; a key of unknown mode says nothing.
  'curl https://api.stripe.com/v1/products/prod_Q9x8 -u "$(grep -h STRIPE_SECRET_KEY .env.staging | cut -d= -f2):" -X DELETE',
  // Looked up when the line runs.
  `APP=$(fly apps list --json | jq -r '.[] | select(.Name | contains("staging")) | .Name' | head -1)\ncurl -X DELETE "https://api.machines.dev/v1/apps/$APP" -H "Authorization: Bearer $FLY_API_TOKEN"`,
  // .env.staging holding a host that names no stage: the host decides, not the file's name.
  `printf 'API_URL=https://api.acme.com\\nAPI_TOKEN=%s\\n' "$T" > .env.staging\nset -a; . ./.env.staging; set +a\ncurl -X DELETE "$API_URL/v1/webhooks" -H "Authorization: Bearer $API_TOKEN"`,
  // A link to staging that need not have worked: the environment linked before it may stand.
  `railway link --project acme --environment staging; curl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' -d "{\\"query\\":\\"mutation { environmentDelete(id: \\\\\\"$(jq -r --arg p "$PWD" '.projects[$p].environment' ~/.railway/config.json)\\\\\\") }\\"}"`,
  // The line reads .env.staging, but the URL is the process environment's, not the file's.
  'grep -q API_URL .env.staging && curl -X DELETE "$API_URL/v1/webhooks" -H "Authorization: Bearer $T"',
  // fly's Machines API proxy on localhost: another machine, not this one.
  'fly machines api-proxy -a acme-api &\nsleep 2 && curl -X DELETE http://127.0.0.1:4280/v1/apps/acme-api/volumes/vol_8r2zq0 -H "Authorization: Bearer $FLY_API_TOKEN"',
];

describe('API calls: the resource a URL names, the token\'s file and the linked project name the environment', () => {
  itNamesEnvironments(bare, mapped, { both: [], production: PRODUCTION, unknown: UNKNOWN, staging: STAGING });

  it.each(MAPPED_PRODUCTION)('team map: production: %s', async (line, evidence) => {
    const b = await bare.where(line);
    expect(b.decision).not.toBe('allow');
    expect(b.env.every((e) => e === 'unknown')).toBe(true);
    const m = await mapped.where(line);
    expectProduction(m, evidence);
    expect(m.env).not.toContain('staging');
  });
});
