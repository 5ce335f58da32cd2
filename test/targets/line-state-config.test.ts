// Where a destructive line acts when the line's tool config or CLI state says so (rt24t, second
// round of rt23t's line-state): namespaces made the context's default, contexts the line defines,
// kustomize overlays and manifests, skaffold profiles, `ssh -F`, ansible inventories, terraform
// backends and TF_CLI_ARGS, AWS roles and config files, cdk stacks, serverless stages, object-store
// config files and mc aliases, az defaults, heroku remotes the line adds, vercel scopes, cqlshrc,
// influx configs, vault namespaces, rabbitmqadmin hosts, mysql option files that aren't here.
// Through the whole engine, in a project and HOME with nothing in them and no variables naming
// servers: the finding names production with evidence saying how (file and key, flag or switch);
// unknown where the value isn't here; local twins local.
import { afterAll, describe, expect, it } from 'vitest';
import { expectProduction, lineState } from '../helpers/line-state.js';

const ls = lineState('countersign-line-config-');
afterAll(() => ls.remove());
const where = ls.where;

const PRODUCTION: Array<[string, RegExp]> = [
  // Kubernetes
  ['kubectl config set-context --current --namespace=production && kubectl delete deployment api', /makes namespace production the current context's default first/],
  ['kubens production; kubectl delete configmap app-config secret/app-secrets', /makes namespace production the current context's default first \(kubens production\)/],
  ['kubectl config set-context ops --cluster=prod-gke --user=admin --namespace=billing && kubectl config use-context ops && kubectl delete cronjob invoice-run', /the line defines context ops first/],
  ['kustomize build overlays/prod | kubectl delete -f -', /manifests from overlays\/prod \(kustomize build overlays\/prod/],
  ['kubectl delete -k overlays/production', /manifests from overlays\/production \(-k overlays\/production/],
  [`printf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: prod\\n' > ns.yaml && kubectl delete -f ns.yaml`, /namespaces prod in ns\.yaml/],
  ['skaffold delete -p prod', /manifests from prod \(-p prod/],
  // ssh and ansible
  [`cat > ./ssh_config <<'S'\nHost db\n  HostName db1.prod.acme.internal\nS\nssh -F ./ssh_config db 'sudo rm -rf /var/lib/postgresql/14/main'`, /Host db is HostName db1\.prod\.acme\.internal in \.\/ssh_config/],
  ['ssh -F ~/.ssh/config.prod bastion "redis-cli FLUSHALL"', /ssh-config config\.prod names production/],
  [`ansible -i inventories/prod all -b -m file -a 'path=/srv/app/data state=absent'`, /ansible-inventory inventories\/prod names production/],
  [`ANSIBLE_INVENTORY=inventories/prod ansible dbservers -b -m shell -a 'dropdb app'`, /hosts from inventory inventories\/prod/],
  // Terraform
  ['terraform init -reconfigure -backend-config=prod.hcl && terraform destroy -auto-approve', /configures the state backend first with prod\.hcl/],
  [`cat > backend.hcl <<'B'\nbucket = "acme-tfstate-prod"\nB\nterraform init -backend-config=backend.hcl -reconfigure && terraform destroy -auto-approve`, /bucket = "acme-tfstate-prod" in backend\.hcl/],
  [`printf 'terraform {\\n  backend "s3" {\\n    bucket = "acme-tfstate"\\n    key = "prod/terraform.tfstate"\\n  }\\n}\\n' > backend.tf && terraform init -reconfigure && terraform destroy -auto-approve`, /backend key = "prod\/terraform\.tfstate" in backend\.tf/],
  ['TF_CLI_ARGS_destroy="-var-file=prod.tfvars" terraform destroy -auto-approve', /terraform-var-file prod\.tfvars names production/],
  [`tofu destroy -auto-approve -var 'environment=production'`, /-var environment=production \(flag\)/],
  // AWS
  [`printf '[profile ops]\\nrole_arn = arn:aws:iam::999988887777:role/prod-ops\\nsource_profile = default\\n' >> ~/.aws/config && AWS_PROFILE=ops aws dynamodb delete-table --table-name sessions`, /aws-role prod-ops names production/],
  ['aws configure set profile.default.role_arn arn:aws:iam::999999999999:role/prod-admin && aws dynamodb delete-table --table-name users', /assumes arn:aws:iam::999999999999:role\/prod-admin \(the line sets it first/],
  ['export AWS_CONFIG_FILE=./infra/aws.prod.config\naws s3 rb s3://acme-invoices --force', /aws-config-file aws\.prod\.config names production/],
  ['cdk destroy ApiStack-Production --force', /stacks ApiStack-Production \(argument\)/],
  ['sls remove -s production --aws-profile acme', /-s production/],
  // Object stores
  ['s3cmd -c ~/.s3cfg-production rb --recursive s3://acme-backups', /storage-config \.s3cfg-production names production/],
  ['rclone delete --config ./rclone.production.conf remote:exports --rmdirs', /storage-config rclone\.production\.conf names production/],
  ['mc alias set store https://s3.prod.acme.io AKIAEXAMPLE secretexample\nmc rb --force store/reports', /the line sets alias store first/],
  // Azure
  ['export AZURE_CONFIG_DIR=~/.azure-prod\naz storage container delete --account-name acmeshared --name uploads', /azure-config-dir \.azure-prod names production/],
  ['az configure --defaults group=prod-rg && az vm delete -n api-vm --yes', /makes prod-rg the default resource group first/],
  // Platforms
  [`git remote add production https://git.heroku.com/acme-prod.git; heroku run -r production 'rails db:drop DISABLE_DATABASE_ENVIRONMENT_CHECK=1'`, /git remote production points at Heroku app acme-prod/],
  ['vercel rm acme-web --safe=false --yes --scope acme-prod', /vercel-scope acme-prod names production/],
  // Services
  [`mkdir -p ~/.cassandra && printf '[connection]\\nhostname = cass.prod.acme.io\\nport = 9042\\n' > ~/.cassandra/cqlshrc && cqlsh -e 'TRUNCATE events.clicks;'`, /hostname cass\.prod\.acme\.io in ~\/\.cassandra\/cqlshrc \[connection\]/],
  ['influx config create --config-name main --host-url https://influx.prod.acme.io --org acme --token "$TOKEN" --active && influx bucket delete --name metrics', /makes config main active first with --host-url https:\/\/influx\.prod\.acme\.io/],
  ['export VAULT_ADDR=https://vault.acme.io VAULT_NAMESPACE=prod\nvault auth disable userpass', /service-namespace prod names production/],
  ['rabbitmqadmin -H rabbit.prod.acme.io -u admin -p "$PW" delete queue name=emails', /-H rabbit\.prod\.acme\.io/],
  // Databases and app settings
  [`mysql --defaults-extra-file=./prod.cnf -e 'DROP TABLE payments' billing`, /option file prod\.cnf names production/],
  ['ASPNETCORE_ENVIRONMENT=Production dotnet ef database drop -f', /ASPNETCORE_ENVIRONMENT=Production/],
  [`echo '{"ConnectionStrings":{"Default":"Host=prod-db.acme.internal;Database=acme"}}' > appsettings.json && dotnet ef database drop --force`, /writes appsettings\.json first with Host prod-db\.acme\.internal/],
  [`printf 'export PGHOST=prod-db.acme.internal\\nexport PGUSER=admin\\n' > .envrc && direnv allow && eval "$(direnv export bash)" && psql -c 'DROP TABLE invoices'`, /writes \.envrc first with PGHOST prod-db\.acme\.internal/],
  // A config copied first from a file whose name says production (not on disk here).
  ['cp ~/.kube/prod-config ~/.kube/config && kubectl delete ns payments', /~\/\.kube\/config is copied from prod-config first/],
  ['cp fly.production.toml fly.toml && fly machine destroy --force 3d8d9014b32d89', /fly\.toml is copied from fly\.production\.toml first/],
  ['cp config/database.production.yml config/database.yml && bundle exec rake db:schema:load', /config\/database\.yml is copied from database\.production\.yml first/],
];

// Where the value isn't here (a file not on disk, a name only known at run time): unknown, never local.
const UNKNOWN: string[] = [
  'mysqladmin --defaults-file=/etc/mysql/shared.cnf -f drop shop',
  `export PGSERVICEFILE=./deploy/pg_service.conf PGSERVICE=main\npsql -c 'DROP SCHEMA public CASCADE'`,
  'WS=$(echo PROD | tr A-Z a-z); TF_WORKSPACE=$WS terraform destroy -auto-approve',
  'kubens "$NS" && kubectl delete deploy --all',
  'cp ~/.kube/team-config ~/.kube/config && kubectl delete ns payments',
];

const LOCAL: Array<[string, RegExp]> = [
  ['kind create cluster --name scratch && kubectl config set-context --current --namespace=apps && kubectl delete ns apps', /kind-scratch/],
  [`printf 'Host db\\n  HostName 127.0.0.1\\n' > ./ssh_config && ssh -F ./ssh_config db 'dropdb app'`, /Host db is HostName 127\.0\.0\.1 in \.\/ssh_config/],
  [`mkdir -p ~/.cassandra && printf '[connection]\\nhostname = 127.0.0.1\\n' > ~/.cassandra/cqlshrc && cqlsh -e 'DROP KEYSPACE scratch;'`, /hostname 127\.0\.0\.1 in ~\/\.cassandra\/cqlshrc/],
  // mongosh runs --eval before it reads ~/.mongoshrc.js, so the rc file's connect() comes too late.
  [`echo 'db = connect("mongodb://mongo.prod.acme.io:27017/app")' >> ~/.mongoshrc.js && mongosh --eval 'db.dropDatabase()'`, /no host given: mongosh connects to localhost/],
];

describe('a line whose tool config or CLI state says where it acts names that place', () => {
  it.each(PRODUCTION)('production: %s', async (line, evidence) => {
    expectProduction(await where(line), evidence);
  });

  it.each(UNKNOWN)('unknown: %s', async (line) => {
    const r = await where(line);
    expect(r.decision).not.toBe('allow');
    expect(r.env.length).toBeGreaterThan(0);
    expect(r.env.every((e) => e === 'unknown')).toBe(true);
  });

  it.each(LOCAL)('local: %s', async (line, evidence) => {
    const r = await where(line);
    expect(r.env.length).toBeGreaterThan(0);
    expect(r.env.every((e) => e === 'local')).toBe(true);
    expect(r.evidence).toMatch(evidence);
  });
});
