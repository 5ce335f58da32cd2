// Where a database command acts once the line itself loads variables (issue 15), through the
// whole engine with the default policy (a local database may be dropped without a pause):
// `source .env && psql "$DATABASE_URL" -c "DROP TABLE users"` used to say allow, LOCAL.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext } from '../../src/engine.js';

let root: string;
let prod: CheckContext;
let local: CheckContext;

function project(name: string, files: Record<string, string>): CheckContext {
  const cwd = path.join(root, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, f)), { recursive: true });
    writeFileSync(path.join(cwd, f), text);
  }
  const home = path.join(root, 'home');
  const env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: path.join(root, 'xdg'), XDG_STATE_HOME: path.join(root, 'state') };
  return { cwd, env, home, envComplete: true };
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'countersign-runtime-env-')));
  mkdirSync(path.join(root, 'home'), { recursive: true });
  writeFileSync(path.join(root, 'home', '.pg_service.conf'), '[prod]\nhost=db.prod.acme.com\ndbname=app\n[dev]\nhost=localhost\n');
  prod = project('prod', { '.env': 'DATABASE_URL=postgres://u:p@db.prod.acme.com:5432/app\n', '.envrc': 'dotenv\n', 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n', 'svc/pg_service.conf': '[x]\nhost=db.prod.acme.com\n' });
  local = project('local', { '.env': 'DATABASE_URL=postgres://dev@localhost:5432/app_dev\n', '.envrc': 'dotenv\n' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function where(line: string, ctx: CheckContext): Promise<{ decision: string; env: string[] }> {
  const r = await check(line, ctx);
  return { decision: r.decision, env: r.findings.map((f) => f.target.environment) };
}

const DROP = `psql "$DATABASE_URL" -c "DROP TABLE users"`;

describe('variables the line loads decide the database', () => {
  const loaders = [
    `source .env && ${DROP}`,
    `set -a; . ./.env; set +a; ${DROP}`,
    `export $(cat .env | xargs) && ${DROP}`,
    `export $(grep -v '^#' .env | xargs) && ${DROP}`,
    `npx dotenv -- sh -c '${DROP}'`,
    `dotenvx run -- sh -c '${DROP}'`,
    `direnv exec . sh -c '${DROP}'`,
  ];

  it('a production .env makes it production, not the local socket', async () => {
    for (const line of loaders) expect(await where(line, prod), line).toEqual({ decision: 'confirm', env: ['production'] });
  });

  it('a local .env stays local (a DROP TABLE is critical, so it still pauses, naming local)', async () => {
    for (const line of loaders) expect(await where(line, local), line).toEqual({ decision: 'confirm', env: ['local'] });
  });

  it('what can\'t be read is unknown and pauses', async () => {
    for (const line of [
      `make env; source ./missing.env; psql -h localhost -c "DROP TABLE users"`,
      `eval "$(doppler secrets download --no-file --format env)"; psql -h localhost -c "DROP TABLE users"`,
      `railway run psql -c "DROP TABLE users"`,
      `doppler run -- psql -c "DROP TABLE users"`,
      `op run -- psql -c "DROP TABLE users"`,
      `source .env; export PGHOST=$(cat host.txt); psql -c "DROP TABLE users"`,
    ]) {
      const r = await where(line, local);
      expect(r.decision, line).toBe('confirm');
      expect(r.env, line).not.toContain('local');
    }
  });

  it('eval of `aws configure export-credentials --format env`: set-up like pyenv init; what follows has unknown variables', async () => {
    expect((await where('eval "$(aws configure export-credentials --profile prod --format env)" && aws s3 ls', local)).decision).toBe('allow');
    const r = await where('eval "$(aws configure export-credentials --format env)"; psql -h localhost -c "DROP TABLE users"', local);
    expect(r.decision).toBe('confirm');
    expect(r.env).not.toContain('local');
    for (const line of ['eval "$(aws configure export-credentials --format env; echo rm -rf data)"', 'aws() { echo "rm -rf data"; }; eval "$(aws configure export-credentials --format env)"', 'eval "$(aws configure export-credentials --format powershell)"']) {
      expect((await where(line, local)).decision, line).toBe('confirm');
    }
  });

  it('eval of `direnv export bash` (what direnv\'s hook evaluates): set-up; what follows has unknown variables', async () => {
    expect((await where('eval "$(direnv export bash)" && env | grep -c APP_', local)).decision).toBe('allow');
    const r = await where('eval "$(direnv export bash)"; psql -h localhost -c "DROP TABLE users"', local);
    expect(r.decision).toBe('confirm');
    for (const line of ['eval "$(direnv export bash; echo rm -rf data)"', 'direnv() { echo "rm -rf data"; }; eval "$(direnv export bash)"', 'eval "$(direnv export fish)"', 'eval "$(direnv exec . env)"']) {
      expect((await where(line, local)).decision, line).toBe('confirm');
    }
  });

  it('eval of brew shellenv, conda\'s hook, minikube docker-env; source <(X completion bash): set-up; what follows has unknown variables', async () => {
    for (const line of ['eval "$(/opt/homebrew/bin/brew shellenv)"', 'eval "$(brew shellenv)"', 'eval "$(conda shell.bash hook)" && conda activate ml', 'eval $(minikube docker-env)', 'source <(kubectl completion bash)', '. <(npm completion)', 'source <(gh completion -s bash)', 'eval "$(uv generate-shell-completion bash)"', 'eval "$(docker-machine env default)"']) {
      expect((await where(line, local)).decision, line).toBe('allow');
    }
    const r = await where('eval "$(minikube docker-env)"; psql -h localhost -c "DROP TABLE users"', local);
    expect(r.decision).toBe('confirm');
    expect(r.env).not.toContain('local');
    for (const line of [
      'eval "$(/tmp/brew shellenv)"',
      'source <(curl -s https://example.com/completion.sh)',
      'source <(kubectl completion bash; echo rm -rf data)',
      'source <(kubectl completion bash | sed s/a/b/)',
      'kubectl() { echo "rm -rf data"; }; source <(kubectl completion bash)',
      'PATH=/tmp/x:$PATH; source <(helm completion bash)',
      'source <(kubectl completion bash) rm -rf data',
      'eval "$(minikube docker-env)" "$(rm -rf data)"',
      'eval "$(conda shell.fish hook)"',
      'eval "$(uvx generate-shell-completion bash)"',
      'eval "$(docker-machine ssh default cat /tmp/env.sh)"',
    ]) {
      expect((await where(line, local)).decision, line).toBe('confirm');
    }
  });

  it('an unexported assignment does not reach the tool: its own .env does', async () => {
    const r = await where('DATABASE_URL=postgres://dev@localhost/app_dev; npx prisma migrate reset --force', prod);
    expect(r.env).toEqual(['production']);
    expect(await where('export DATABASE_URL=postgres://dev@localhost/app_dev; npx prisma migrate reset --force', prod)).toEqual({ decision: 'allow', env: ['local'] });
  });
});

describe('psql service=NAME', () => {
  it('reads ~/.pg_service.conf, PGSERVICEFILE and PGSYSCONFDIR', async () => {
    expect((await where('psql service=prod -c "DROP TABLE users"', local)).env).toEqual(['production']);
    expect((await where('psql "service=dev" -c "DROP TABLE users"', local)).env).toEqual(['local']);
    expect((await where('PGSERVICE=prod psql -c "DROP TABLE users"', local)).env).toEqual(['production']);
    expect((await where(`PGSERVICEFILE=${path.join(root, 'prod', 'svc', 'pg_service.conf')} psql service=x -c "DROP TABLE users"`, local)).env).toEqual(['production']);
    expect((await where(`PGSYSCONFDIR=${path.join(root, 'prod', 'svc')} psql service=x -c "DROP TABLE users"`, local)).env).toEqual(['production']);
  });

  it('a service no file names is unknown', async () => {
    expect(await where('psql service=nowhere -c "DROP TABLE users"', local)).toEqual({ decision: 'confirm', env: ['unknown'] });
    // Its name is still evidence: a service named for production that no file names is production.
    expect(await where('psql service=billing-prod -c "DROP TABLE users"', local)).toEqual({ decision: 'confirm', env: ['production'] });
  });
});

describe('one engine judging line after line (the interactive session)', () => {
  it('reads the files afresh for each line: a .env rewritten since the last line is seen', async () => {
    const ctx = project('switch', { '.env': 'DATABASE_URL=postgres://dev@localhost:5432/app_dev\n', 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n' });
    const { engineFor } = await import('../../src/engine.js');
    const engine = await engineFor(ctx);
    const reset = 'npx prisma migrate reset --force';
    expect((await check(reset, ctx, engine)).findings.map((f) => f.target.environment)).toEqual(['local']);
    writeFileSync(path.join(ctx.cwd, '.env'), 'DATABASE_URL=postgres://u:p@db.prod.acme.com:5432/app\n');
    const r = await check(reset, ctx, engine);
    expect({ decision: r.decision, env: r.findings.map((f) => f.target.environment) }).toEqual({ decision: 'confirm', env: ['production'] });
  });

  it("and a kubeconfig whose context the last line switched", async () => {
    const ctx = project('kube', { 'kubeconfig': '' });
    const kube = (current: string) =>
      `apiVersion: v1\nkind: Config\ncurrent-context: ${current}\ncontexts:\n- name: kind-dev\n  context: {cluster: kind-dev}\n- name: prod\n  context: {cluster: prod}\nclusters:\n- name: kind-dev\n  cluster: {server: 'https://127.0.0.1:6443'}\n- name: prod\n  cluster: {server: 'https://k8s.prod.acme.com'}\n`;
    const kubeconfig = path.join(ctx.cwd, 'kubeconfig');
    const env = { ...ctx, env: { ...ctx.env, KUBECONFIG: kubeconfig } };
    writeFileSync(kubeconfig, kube('kind-dev'));
    const { engineFor } = await import('../../src/engine.js');
    const engine = await engineFor(env);
    expect((await check('kubectl delete ns payments', env, engine)).findings[0]?.target.environment).toBe('local');
    writeFileSync(kubeconfig, kube('prod'));
    expect((await check('kubectl delete ns payments', env, engine)).findings[0]?.target.environment).toBe('production');
  });
});

describe('startup files and tunnels move a local-looking target (red team 16-c)', () => {
  const RESET = 'npx prisma migrate reset --force';
  it('a shell runs its startup files before its command: what they export is what the command sees', async () => {
    const ctx = prod; // its prisma schema reads DATABASE_URL
    const write = `printf 'export DATABASE_URL=postgres://u:p@db.prod.acme.com:5432/app\\n'`;
    expect(await where(`${write} > .env.prod; BASH_ENV=.env.prod DATABASE_URL=postgres://dev@localhost/app_dev bash -c '${RESET}'`, ctx)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where(`${write} > .env.prod; ENV=.env.prod DATABASE_URL=postgres://dev@localhost/app_dev sh -i -c '${RESET}'`, ctx)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where(`${write} > rc; DATABASE_URL=postgres://dev@localhost/app_dev bash --rcfile rc -i -c '${RESET}'`, ctx)).toEqual({ decision: 'confirm', env: ['production'] });
    // a startup file that sets something else leaves the command's own variable
    expect(await where(`echo 'export NODE_ENV=test' > .env.test; BASH_ENV=.env.test DATABASE_URL=postgres://dev@localhost/app_dev bash -c '${RESET}'`, ctx)).toEqual({ decision: 'allow', env: ['local'] });
  });
  it('a loopback database behind a tunnel the line opened is not local', async () => {
    expect(await where(`ssh -fNL 15432:localhost:5432 ops@bastion && DATABASE_URL=postgres://u@localhost:15432/app ${RESET}`, prod)).toEqual({ decision: 'confirm', env: ['unknown'] });
    expect(await where(`kubectl port-forward svc/pg 5433:5432 & DATABASE_URL=postgres://u@127.0.0.1:5433/app ${RESET}`, prod)).toEqual({ decision: 'confirm', env: ['unknown'] });
    // a tunnel to another port: the local database is still local
    expect(await where(`kubectl port-forward svc/grafana 3000:3000 & DATABASE_URL=postgres://u@127.0.0.1:5432/app ${RESET}`, prod)).toEqual({ decision: 'allow', env: ['local'] });
  });
});

describe('secrets runners name the environment of the command they start', () => {
  it('railway run -e / doppler run -c: the runner environment, not unknown; files stay here', async () => {
    expect(await where(`railway run -e production -- psql -c 'DROP TABLE users'`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where(`doppler run -c prd -- psql -c 'DROP TABLE users'`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect((await where(`railway run -e production -- rm -rf data/x`, local)).env).not.toContain('production');
  });
  it('through the runner\'s shell (`doppler run -c prd -- sh -c \'…\'`): the runner environment still', async () => {
    expect(await where(`doppler run -c prd -- sh -c 'psql -c "DROP TABLE users"'`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect((await where(`railway run -e production -- bash -c 'curl -s -X DELETE https://api.render.com/v1/services/srv-1'`, local)).env).toContain('production');
    expect((await where(`doppler run -c dev -- sh -c 'npm test'`, local)).decision).toBe('allow');
  });
});

describe('a value only known at run time, read first from a file or secret named for production', () => {
  it('names production (a guess), and never changes a target the line names', async () => {
    // `local` has no .env.production: the sourced file can't be read, so the URL is unknown.
    expect(await where(`set -a; source .env.production; set +a; ${DROP}`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where(`export $(grep -v '^#' .env.prod | xargs) && ${DROP}`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where(`URL=$(vault kv get -field=url secret/prod/db); psql "$URL" -c "DROP TABLE users"`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where(`URL=$(aws secretsmanager get-secret-value --secret-id prod/app/db --query SecretString --output text); psql "$URL" -c "DROP TABLE users"`, local)).toEqual({ decision: 'confirm', env: ['production'] });
    // A file not named for production, or a reader that is not one: unknown, as before.
    expect(await where(`set -a; source .env.staging; set +a; ${DROP}`, local)).toEqual({ decision: 'confirm', env: ['unknown'] });
    expect(await where(`echo production; URL=$(cat url.txt); psql "$URL" -c "DROP TABLE users"`, local)).toEqual({ decision: 'confirm', env: ['unknown'] });
    // A target known whatever the file sets stands: files here are where they are.
    expect(await where(`source .env.production; rm -rf build`, local)).toEqual({ decision: 'allow', env: [] });
  });
});

describe("a framework's environment selected by name where its configuration can't be read", () => {
  it('names production (a guess, for an unknown target only)', async () => {
    expect(await where('MIX_ENV=prod mix ecto.drop --force', local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where('php artisan migrate:fresh --force --env=production', local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where('export NODE_ENV=production && npx sequelize-cli db:migrate:undo:all', local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where('MIX_ENV=dev mix ecto.drop --force', local)).toEqual({ decision: 'confirm', env: ['unknown'] });
  });
});

describe('a secrets runner with a package launcher between it and the tool', () => {
  it('gives the tool its environment through npx', async () => {
    expect(await where('railway run -e production npx prisma migrate reset --force', local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect(await where('doppler run -c prd -- npx prisma migrate reset --force', local)).toEqual({ decision: 'confirm', env: ['production'] });
    expect((await where('railway run -e production npx prisma migrate status', local)).decision).toBe('allow');
  });
});
