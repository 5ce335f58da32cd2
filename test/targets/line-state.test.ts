// Where a destructive line acts when only the line itself says so (rt23t): state it switches first
// (docker context use, gcloud config set project, az account set, doctl auth switch, neonctl
// set-context, cluster tools that make a kube context) and files it writes before the command
// reads them (~/.kube/config, ~/.docker/config.json, ~/.psqlrc, ~/.ssh/config, fly.toml,
// wrangler.toml, terraform.tfvars, .neon, gcloud configurations). Through the whole engine, in a
// project and HOME with nothing in them and no variables naming servers: the finding must name
// production, with evidence saying how (the file and key, or the switch), and local twins local.
import { afterAll, describe, expect, it } from 'vitest';
import { expectProduction, lineState } from '../helpers/line-state.js';

const ls = lineState('countersign-line-state-');
afterAll(() => ls.remove());
const where = ls.where;

const PRODUCTION: Array<[string, RegExp]> = [
  // The incident's shape with other state: the local default was named before.
  ['docker context use prod-swarm && docker volume rm pgdata', /switches to context prod-swarm first \(docker context use prod-swarm\)/],
  [`mkdir -p ~/.docker && echo '{"currentContext":"prod"}' > ~/.docker/config.json && docker compose down --volumes`, /currentContext prod in ~\/\.docker\/config\.json/],
  [`cat > ~/.psqlrc <<'EOF'\n\\connect 'host=prod-db.acme.internal dbname=acme'\nEOF\npsql -c 'DROP TABLE users'`, /~\/\.psqlrc connects first \(\\connect host=prod-db\.acme\.internal/],
  // Files the line writes first.
  [`cat > ~/.kube/config <<'EOF'\napiVersion: v1\nkind: Config\ncurrent-context: acme-prod\ncontexts:\n- name: acme-prod\n  context: {cluster: acme-prod, user: admin}\nEOF\nkubectl delete namespace api`, /current-context acme-prod in ~\/\.kube\/config/],
  [`mkdir -p ~/.config/gcloud/configurations && printf '[core]\\nproject = acme-prod\\n' > ~/.config/gcloud/configurations/config_default && gcloud sql instances delete main --quiet`, /project acme-prod in gcloud configuration default/],
  [`echo prod > ~/.config/gcloud/active_config && gcloud storage rm -r gs://acme-media`, /gcp-configuration prod names production/],
  [`printf 'Host db\\n  HostName prod-db.acme.internal\\n' >> ~/.ssh/config && ssh db 'sudo -u postgres dropdb acme'`, /Host db is HostName prod-db\.acme\.internal in ~\/\.ssh\/config/],
  [`printf 'app = "acme-prod"\\nprimary_region = "iad"\\n' > fly.toml && fly apps destroy --yes`, /app acme-prod in fly\.toml/],
  [`printf '[[d1_databases]]\\nbinding = "DB"\\ndatabase_name = "acme-prod"\\n' > wrangler.toml && npx wrangler d1 execute DB --remote --command 'DROP TABLE users'`, /binding DB is database acme-prod in wrangler\.toml/],
  [`printf 'environment = "production"\\n' > terraform.tfvars && terraform destroy -auto-approve`, /environment = "production" in terraform\.tfvars \(loaded by terraform\)/],
  [`echo '{"projectId":"acme-prod-8821"}' > .neon && neonctl branches delete main`, /project acme-prod-8821 in \.neon/],
  // CLI state switched earlier on the line.
  ['gcloud config set project acme-prod && gcloud sql instances delete main-db --quiet', /sets project acme-prod first/],
  ['gcloud config configurations activate production && gcloud compute instances delete web-1 --zone us-central1-a --quiet', /activates it first/],
  ['az account set --subscription "Acme Production" && az group delete -n rg-api --yes', /makes subscription Acme Production the default first/],
  ['doctl auth switch --context acme-prod && doctl databases delete 9cc10173 --force', /switches to context acme-prod first/],
  ['neonctl set-context --project-id acme-prod-8821 && neonctl branches delete main', /sets the context to project acme-prod-8821 first/],
  ['aws eks update-kubeconfig --name acme-prod --region us-east-1 && kubectl delete namespace api', /cluster\/acme-prod/],
  ['gcloud container clusters get-credentials prod-cluster --zone europe-west1-b --project acme-prod && kubectl delete ns web', /gke_acme-prod_europe-west1-b_prod-cluster/],
  ['az aks get-credentials -g rg-prod -n aks-prod && kubectl delete deployment --all -n app', /switches to context aks-prod first/],
  ['export KUBECONFIG=~/.kube/prod.yaml && kubectl delete ns monitoring', /kubeconfig prod\.yaml names production/],
  ['fly -c fly.production.toml volumes destroy vol_9x --yes', /fly-config fly\.production\.toml names production/],
  // A tool whose reading of its settings isn't modelled: the file the line writes first, and the key.
  [`printf '[alembic]\\nsqlalchemy.url = postgresql://app:pw@prod-db.acme.internal/app\\n' > alembic.ini && alembic downgrade base`, /writes alembic\.ini first with sqlalchemy\.url prod-db\.acme\.internal/],
  [`cat > knexfile.js <<'JS'\nmodule.exports = { client: 'pg', connection: 'postgres://app:pw@prod-db.acme.internal/app' };\nJS\nnpx knex migrate:rollback --all`, /writes knexfile\.js first with connection prod-db\.acme\.internal/],
  [`printf 'service: acme\\nprovider:\\n  stage: prod\\n' > serverless.yml && npx serverless remove`, /writes serverless\.yml first with stage prod/],
  ['npx cdk destroy --all --force -c env=production', /-c env=production \(flag\)/],
  // The file sourced was copied from one whose name says production.
  [`cp .env.production .env && source .env && psql "$DATABASE_URL" -c 'TRUNCATE users'`, /reads \.env\.production first \(cp \.env\.production \.env\)/],
];

const LOCAL: Array<[string, RegExp]> = [
  ['kind create cluster --name scratch && kubectl config use-context kind-scratch && kubectl delete ns default-apps', /kind-scratch/],
  ['minikube start -p minikube && kubectl delete pvc --all', /switches to context minikube first \(minikube start -p minikube\)/],
  [`printf 'Host devdb\\n  HostName 127.0.0.1\\n' >> ~/.ssh/config && ssh devdb 'dropdb app'`, /Host devdb is HostName 127\.0\.0\.1/],
  ['docker context use default && docker volume rm app_pgdata', /switches to context default first/],
];

describe('a line that sets up where it acts names that place', () => {
  it.each(PRODUCTION)('production: %s', async (line, evidence) => {
    expectProduction(await where(line), evidence);
  });

  it.each(LOCAL)('local: %s', async (line, evidence) => {
    const r = await where(line);
    expect(r.env.length).toBeGreaterThan(0);
    expect(r.env.every((e) => e === 'local')).toBe(true);
    expect(r.evidence).toMatch(evidence);
  });

  it('a switch that need not have worked (`;`) shows the switched place, the strictest', async () => {
    const r = await where('gcloud config set project acme-prod; gcloud sql instances delete main-db --quiet');
    expect(r.env).toEqual(['production']);
    expect(r.evidence).toMatch(/if that switch failed, the project set before it stands/);
  });

  it('a file written with content only known at run time is not trusted as local', async () => {
    const r = await where(`cp "$SRC" ~/.docker/config.json && docker volume rm pgdata`);
    expect(r.env).not.toContain('local');
  });
});
