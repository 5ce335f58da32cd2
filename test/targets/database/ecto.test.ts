// src/targets/database/ecto.ts on its own: MIX_ENV, config/<env>.exs and config/runtime.exs read
// as literal Elixir; anything else about a repo's connection stays unknown.
import { describe, expect, it } from 'vitest';
import { ecto } from '../../../src/targets/database/ecto.js';
import { resolveTarget } from '../../../src/targets/index.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, world } from '../helpers.js';

const MIX = 'defmodule MyApp.MixProject do\n  use Mix.Project\n  def project do\n    [app: :my_app]\n  end\nend\n';
const REPO = 'defmodule MyApp.Repo do\n  use Ecto.Repo,\n    otp_app: :my_app,\n    adapter: Ecto.Adapters.Postgres\nend\n';
const CONFIG = 'import Config\n\nconfig :my_app,\n  ecto_repos: [MyApp.Repo]\n\n# environment config\nimport_config "#{config_env()}.exs"\n';
const DEV = 'import Config\n\n# Configure your database\nconfig :my_app, MyApp.Repo,\n  username: "postgres",\n  password: "postgres",\n  hostname: "localhost",\n  database: "my_app_dev",\n  pool_size: 10\n';
const TEST = 'import Config\n\nconfig :my_app, MyApp.Repo,\n  username: "postgres",\n  hostname: "localhost",\n  database: "my_app_test#{System.get_env("MIX_TEST_PARTITION")}",\n  pool: Ecto.Adapters.SQL.Sandbox,\n  pool_size: System.schedulers_online() * 2\n';
const RUNTIME = `import Config

if config_env() == :prod do
  database_url =
    System.get_env("DATABASE_URL") ||
      raise """
      environment variable DATABASE_URL is missing.
      For example: ecto://USER:PASS@HOST/DATABASE
      """

  maybe_ipv6 = if System.get_env("ECTO_IPV6") in ~w(true 1), do: [:inet6], else: []

  config :my_app, MyApp.Repo,
    # ssl: true,
    url: database_url,
    socket_options: maybe_ipv6
end
`;

function project(files: Record<string, string> = {}) {
  return world({ project: { 'mix.exs': MIX, 'lib/my_app/repo.ex': REPO, 'config/config.exs': CONFIG, 'config/dev.exs': DEV, 'config/test.exs': TEST, 'config/runtime.exs': RUNTIME, ...files } });
}

function resolve(argv: string, o: { files?: Record<string, string>; env?: Record<string, string>; assign?: Record<string, string> } = {}) {
  const w = project(o.files);
  const c = ctx(w.home, w.project, o.env ?? {});
  return { cands: ecto(makeRun(inv(argv, { cwd: w.project, assign: o.assign }), c)), target: resolveTarget(inv(argv, { cwd: w.project, assign: o.assign }), undefined, c) };
}

describe('ecto resolver', () => {
  it("reads a generated Phoenix app's dev and test repos as local", () => {
    const dev = resolve('mix ecto.drop');
    expect(dev.cands[0]?.facts).toMatchObject({ host: 'localhost', database: 'my_app_dev', 'app-env': 'dev' });
    expect(dev.target.environment).toBe('local');
    const test = resolve('mix ecto.reset', { assign: { MIX_ENV: 'test' } });
    expect(test.cands[0]?.facts).toMatchObject({ host: 'localhost', database: 'my_app_test' });
    expect(test.target.environment).toBe('local');
  });

  it("reads runtime.exs's prod block: DATABASE_URL, else the environment MIX_ENV names", () => {
    // Where the URL can't be known, MIX_ENV=prod still names production (a guess; unknown before).
    expect(resolve('mix ecto.drop', { assign: { MIX_ENV: 'prod' } }).target.environment).toBe('production');
    const prod = resolve('mix ecto.drop', { assign: { MIX_ENV: 'prod' }, env: { DATABASE_URL: 'ecto://u:p@db.acme.com/app' } });
    expect(prod.cands[0]?.facts).toMatchObject({ host: 'db.acme.com', database: 'app' });
    expect(prod.target.environment).toBe('production');
    // A local URL in prod still carries app-env prod.
    expect(resolve('mix ecto.drop', { assign: { MIX_ENV: 'prod' }, env: { DATABASE_URL: 'ecto://u@localhost/app' } }).target.environment).toBe('production');
  });

  it('follows a hostname from the environment, and PGHOST when the config names none', () => {
    const envHost = 'import Config\nconfig :my_app, MyApp.Repo,\n  hostname: System.get_env("DB_HOST", "localhost"),\n  database: "d"\n';
    expect(resolve('mix ecto.drop', { files: { 'config/dev.exs': envHost } }).target.environment).toBe('local');
    expect(resolve('mix ecto.drop', { files: { 'config/dev.exs': envHost }, env: { DB_HOST: 'db.prod.acme.com' } }).target.environment).toBe('production');
    const none = 'import Config\nconfig :my_app, MyApp.Repo, database: "d"\n';
    expect(resolve('mix ecto.drop', { files: { 'config/dev.exs': none }, env: { PGHOST: 'db.prod.acme.com' } }).cands[0]?.facts['host']).toBe('db.prod.acme.com');
  });

  // What an agent could do to make a remote repo read as local: each stays unknown or remote.
  it.each([
    ['a repo configured in an unguarded runtime.exs block', { 'config/runtime.exs': 'import Config\nconfig :my_app, MyApp.Repo, url: System.get_env("PROD_URL")\n' }, { PROD_URL: 'ecto://db.prod.acme.com/app' }, 'production'],
    ['a URL in config.exs that the env file does not override', { 'config/config.exs': CONFIG.replace('import_config', 'config :my_app, MyApp.Repo, url: "ecto://db.prod.acme.com/app"\nimport_config') }, {}, 'production'],
    ['options from a variable', { 'config/dev.exs': 'import Config\nopts = [url: "ecto://db.prod.acme.com/app"]\nconfig :my_app, MyApp.Repo, opts\n' }, {}, 'unknown'],
    ['a host built by code', { 'config/dev.exs': 'import Config\nconfig :my_app, MyApp.Repo,\n  hostname: Enum.join(["db", "prod"], "."),\n  database: "d"\n' }, {}, 'unknown'],
    ['a host with an interpolation', { 'config/dev.exs': 'import Config\nconfig :my_app, MyApp.Repo,\n  hostname: "db.#{System.get_env("ZONE")}.acme.com"\n' }, {}, 'unknown'],
    ['a repo configured under a case', { 'config/runtime.exs': 'import Config\ncase config_env() do\n  :dev ->\n    config :my_app, MyApp.Repo, url: "ecto://db.prod.acme.com/app"\n  _ -> nil\nend\n' }, {}, 'unknown'],
    ['another file imported', { 'config/config.exs': CONFIG + 'import_config "secret.exs"\n' }, {}, 'unknown'],
    ['a file evaluated at run time', { 'config/runtime.exs': 'import Config\nCode.eval_file("db.exs")\n' }, {}, 'unknown'],
    ['a guard inside a heredoc', { 'config/runtime.exs': 'import Config\nnote = """\nif config_env() == :prod do\n"""\nconfig :my_app, MyApp.Repo, hostname: "db.prod.acme.com"\n' }, {}, 'production'],
    ['a guard inside a string over several lines', { 'config/runtime.exs': 'import Config\nnote = "\nif config_env() == :prod do\n"\nconfig :my_app, MyApp.Repo, hostname: "db.prod.acme.com"\n' }, {}, 'unknown'],
    ['a one-line if', { 'config/runtime.exs': 'import Config\nif true, do: config(:my_app, MyApp.Repo, hostname: "db.prod.acme.com")\n' }, {}, 'unknown'],
    ['put_env', { 'config/runtime.exs': 'import Config\nApplication.put_env(:my_app, MyApp.Repo, hostname: "db.prod.acme.com")\n' }, {}, 'unknown'],
    ['an end with no block', { 'config/runtime.exs': 'import Config\nend\nif config_env() == :prod do\nconfig :my_app, MyApp.Repo, hostname: "db.prod.acme.com"\n' }, {}, 'unknown'],
    ['a block left open', { 'config/runtime.exs': 'import Config\nif config_env() == :prod do\nconfig :my_app, MyApp.Repo, hostname: "db.prod.acme.com"\n' }, {}, 'unknown'],
    ['a name bound in a block that may not run', { 'config/dev.exs': 'import Config\nhost = "localhost"\nif System.get_env("X") do\n  host = "db.prod.acme.com"\nend\nconfig :my_app, MyApp.Repo, hostname: host\n' }, {}, 'unknown'],
    ['a dev block that runs in dev', { 'config/runtime.exs': 'import Config\nif config_env() == :dev do\n  config :my_app, MyApp.Repo, hostname: "db.prod.acme.com"\nend\n' }, {}, 'production'],
  ])('%s', (_what, files, env, want) => {
    expect(resolve('mix ecto.drop', { files, env }).target.environment).toBe(want);
  });

  it('keeps a prod block out of dev, and an else branch in', () => {
    const rt = 'import Config\nif config_env() == :prod do\n  config :my_app, MyApp.Repo, hostname: "db.prod.acme.com"\nelse\n  config :my_app, MyApp.Repo, hostname: "db.staging.acme.com"\nend\n';
    expect(resolve('mix ecto.drop', { files: { 'config/runtime.exs': rt } }).cands[0]?.facts['host']).toBe('db.staging.acme.com');
  });

  it('is unknown with a run-time MIX_ENV, no config, or a repo not configured', () => {
    expect(resolve('mix ecto.drop -r Other.Repo').target.environment).toBe('unknown');
    const w = world({ project: { 'mix.exs': MIX } });
    expect(ecto(makeRun(inv('mix ecto.drop', { cwd: w.project }), ctx(w.home, w.project)))[0]?.environment).toBe('unknown');
  });
});
