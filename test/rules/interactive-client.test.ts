// An interactive database client on production whose input the caller may write (an agent driving
// a pty types statements into it later): `databases/interactive-client` pauses it only where that
// input is open, and a real `countersign -c` reads whether it is (a pipe: open; /dev/null: not).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/fixture.js';
import { checkIn, tempProject, type TempProject } from '../helpers/project.js';

let tp: TempProject;
beforeEach(() => {
  tp = tempProject('cs-repl-', process.env.PATH ?? '/usr/bin:/bin');
});
afterEach(() => rmSync(tp.root, { recursive: true, force: true }));

const run = (cmd: string, inputOpen: boolean) => checkIn(tp, cmd, { inputOpen });
const rules = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => f.rule);

const PROD = 'postgres://app@db.prod.acme.com/app';

describe('databases/interactive-client', () => {
  it('pauses a production client whose input the caller may write, and names the target', async () => {
    for (const cmd of [`psql ${PROD}`, 'redis-cli -h redis.prod.acme.com', 'mongosh "mongodb+srv://admin@prod-cluster.abc12.mongodb.net/shop"', `kubectl --context prod exec -it db-0 -- psql -U postgres`]) {
      const r = await run(cmd, true);
      expect(rules(r), cmd).toContain('databases/interactive-client');
      expect(r.findings.find((f) => f.rule === 'databases/interactive-client')!.target.environment, cmd).toBe('production');
    }
    expect(rules(await run('psql "$PROD_DATABASE_URL"', true))).toContain('databases/interactive-client');
  });

  it('stays quiet where the input is closed (hooks, check), the statements are on the line, or the target is local', async () => {
    expect(rules(await run(`psql ${PROD}`, false))).not.toContain('databases/interactive-client');
    for (const cmd of [`psql ${PROD} -c 'SELECT 1'`, `echo 'SELECT 1' | psql ${PROD}`, `psql ${PROD} < report.sql`, `psql ${PROD} -l`, 'psql -h localhost app_dev', 'redis-cli -h redis.prod.acme.com INFO', 'bash -c "psql ' + PROD + ' < /dev/null"']) {
      expect(rules(await run(cmd, true)), cmd).not.toContain('databases/interactive-client');
    }
  });

  it('countersign -c: input on a pipe pauses (exit 126 with no terminal), input on /dev/null runs', () => {
    const cenv = { ...tp.env, CI: 'true' };
    const piped = spawnSync(BIN, ['-c', `psql ${PROD}`], { cwd: tp.project, env: cenv, input: '', encoding: 'utf8' });
    expect(piped.status).toBe(126);
    expect(piped.stderr).toContain('databases/interactive-client');
    // psql itself then runs (and fails: the host doesn't resolve here), unpaused.
    const closed = spawnSync('sh', ['-c', `"$0" -c 'psql ${PROD}' < /dev/null`, BIN], { cwd: tp.project, env: cenv, encoding: 'utf8' });
    expect(closed.status).not.toBe(126);
    expect(closed.stderr).not.toContain('databases/interactive-client');
  });
});

describe('REPLs reading the caller input (core/opaque)', () => {
  it('an interpreter or REPL started with no code pauses where its input is open, on any target', async () => {
    for (const cmd of ['python3', 'python3 -q', 'python3 -i', 'python3 -', 'node', 'node --inspect', 'node -', 'ruby', 'perl', 'php -a', 'bun repl', 'deno', 'irb', 'pry', 'ipython', 'iex -S mix', 'iex --remsh app@prod', 'R', 'julia', 'lua', 'ghci', 'uv run python', 'poetry run python']) {
      const r = await run(cmd, true);
      expect(r.findings.find((f) => f.rule === 'core/opaque')?.detail ?? '', cmd).toMatch(/interpreter reads code from its input|REPL/);
      expect((await run(cmd, false)).decision, cmd).toBe('allow');
    }
  });

  it('code on the line, a script, a module, a version, or input from the line: no REPL', async () => {
    for (const cmd of ['python3 app.py', 'python3 -c "print(1)"', 'python3 -m pytest -q', 'python3 --version', 'node -v', 'node server.js', 'echo 1 | python3', 'python3 - <<< "print(1)"', 'R CMD check .', 'Rscript x.R', 'deno run main.ts', 'bun', 'lua x.lua', 'julia script.jl', 'python3() { echo hi; }; python3']) {
      expect((await run(cmd, true)).decision, cmd).toBe('allow');
    }
  });
});

describe('remote login shells reading the caller input (core/opaque)', () => {
  it('ssh/fly/gcloud/railway with no command pause where the input is open', async () => {
    for (const cmd of ['ssh deploy@prod.example.com', 'ssh prod', 'ssh -t bastion', 'fly ssh console -a api', 'gcloud compute ssh prod-vm --zone us-east1-b', 'railway ssh']) {
      const r = await run(cmd, true);
      expect(r.findings.find((f) => f.rule === 'core/opaque')?.detail ?? '', cmd).toContain('a remote shell reads commands from its input');
      expect((await run(cmd, false)).decision, cmd).toBe('allow');
    }
  });

  it('a command, stdin from the line, a tunnel, a forward, a config print or a git host: no login shell', async () => {
    for (const cmd of ['ssh prod uptime', 'echo uptime | ssh prod', 'ssh -N -L 5432:db:5432 bastion', 'ssh -fN -D 1080 bastion', 'ssh -W db:22 bastion', 'ssh -G prod', 'ssh -O check prod', 'ssh -T git@github.com', 'ssh -T git@gitlab.com', 'fly ssh console -a api -C "uptime"']) {
      expect((await run(cmd, true)).decision, cmd).toBe('allow');
    }
  });
});

describe('framework and platform consoles reading the caller input', () => {
  it('rails console, manage.py shell, artisan tinker, heroku run CONSOLE, ssh host python3 pause where the input is open', async () => {
    for (const cmd of ['rails console -e production', 'bin/rails c', 'bundle exec rails c', 'python manage.py shell', 'php artisan tinker', 'heroku run rails console -a acme-prod', 'heroku run bash -a acme-prod', 'heroku run python manage.py shell -a acme-prod']) {
      expect((await run(cmd, true)).decision, cmd).toBe('confirm');
      expect((await run(cmd, false)).decision, cmd).toBe('allow');
    }
    // Over plain ssh the line's input reaches it whoever calls: as `ssh host bash`, always.
    expect((await run('ssh host python3', false)).decision).toBe('confirm');
  });

  it('code on the line, a runner or another task: no console', async () => {
    for (const cmd of ['python manage.py shell -c "print(1)"', 'rails runner "puts 1"', 'rails server', 'python manage.py migrate', 'php artisan migrate:status', "heroku run -a acme-prod -- python manage.py shell -c 'print(1)'", 'ssh -n host python3', 'heroku run rails db:migrate:status -a acme-prod']) {
      expect((await run(cmd, true)).decision, cmd).toBe('allow');
    }
  });
});
