// src/targets/database/symfony.ts on its own: DATABASE_URL through Symfony's .env files, trusted
// only when config/packages/doctrine.yaml is the recipe's one connection from it.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/targets/index.js';
import { ctx, inv, world } from '../helpers.js';

// The doctrine/doctrine-bundle Flex recipe's config/packages/doctrine.yaml.
const RECIPE = `doctrine:
    dbal:
        url: '%env(resolve:DATABASE_URL)%'

        # IMPORTANT: You MUST configure your server version,
        # either here or in the DATABASE_URL env var (see .env file)
        #server_version: '16'

        profiling_collect_backtrace: '%kernel.debug%'
        use_savepoints: true
    orm:
        auto_generate_proxy_classes: true
        enable_lazy_ghost_objects: true
        report_fields_where_declared: true
        validate_xml_mapping: true
        naming_strategy: doctrine.orm.naming_strategy.underscore_number_aware
        auto_mapping: true
        mappings:
            App:
                type: attribute
                is_bundle: false
                dir: '%kernel.project_dir%/src/Entity'
                prefix: 'App\\Entity'
                alias: App
        controller_resolver:
            auto_mapping: false

when@test:
    doctrine:
        dbal:
            # "TEST_TOKEN" is typically set by ParaTest
            dbname_suffix: '_test%env(default::TEST_TOKEN)%'

when@prod:
    doctrine:
        orm:
            auto_generate_proxy_classes: false
            proxy_dir: '%kernel.build_dir%/doctrine/orm/Proxies'
            query_cache_driver:
                type: pool
                pool: doctrine.system_cache_pool
            result_cache_driver:
                type: pool
                pool: doctrine.result_cache_pool

    framework:
        cache:
            pools:
                doctrine.result_cache_pool:
                    adapter: cache.app
                doctrine.system_cache_pool:
                    adapter: cache.system
`;

function target(line: string, o: { files?: Record<string, string>; env?: Record<string, string>; assign?: Record<string, string>; config?: string | null } = {}) {
  const files: Record<string, string> = { 'bin/console': '#!/usr/bin/env php\n', '.env': 'APP_ENV=dev\nDATABASE_URL="postgresql://app:pw@127.0.0.1:5432/app?serverVersion=16"\n', ...o.files };
  if (o.config !== null) files['config/packages/doctrine.yaml'] = o.config ?? RECIPE;
  const w = world({ project: files });
  return resolveTarget(inv(line, { cwd: w.project, assign: o.assign }), 'database', ctx(w.home, w.project, o.env ?? {}));
}

const PROD_LOCAL = { '.env.local': 'DATABASE_URL="postgresql://app:pw@db.prod.acme.com:5432/app"\n' };

describe('symfony resolver', () => {
  it('reads DATABASE_URL from .env through the recipe config', () => {
    const t = target('php bin/console doctrine:database:drop --force');
    expect(t.environment).toBe('local');
    expect(t.facts).toMatchObject({ host: '127.0.0.1', database: 'app' });
    expect(t.evidence.join('\n')).toContain('DATABASE_URL in .env (loaded by Symfony)');
  });

  it('.env.local overrides .env, and names the real host', () => {
    const t = target('php bin/console doctrine:schema:drop --force --full-database', { files: PROD_LOCAL });
    expect(t.facts['host']).toBe('db.prod.acme.com');
    expect(t.environment).toBe('production');
  });

  it('the test env skips .env.local and reads .env.test; .env.<env>.local wins over both', () => {
    expect(target('php bin/console doctrine:database:drop --force', { files: PROD_LOCAL, assign: { APP_ENV: 'test' } }).environment).toBe('local');
    expect(target('php bin/console doctrine:database:drop --force --env=prod', { files: { '.env.prod': 'DATABASE_URL=mysql://u@db.prod.acme.com/app\n' } }).environment).toBe('production');
    expect(target('php bin/console doctrine:database:drop --force', { files: { '.env.dev.local': 'DATABASE_URL=mysql://u@db.prod.acme.com/app\n' } }).environment).toBe('production');
  });

  it('the process environment wins over every file', () => {
    expect(target('php bin/console doctrine:database:drop --force', { env: { DATABASE_URL: 'postgresql://u@db.prod.acme.com/app' } }).environment).toBe('production');
    expect(target('bin/console doctrine:database:drop --force', { assign: { DATABASE_URL: 'postgresql://u@db.prod.acme.com/app' } }).environment).toBe('production');
  });

  it('expands ${VAR} from the files and the environment', () => {
    expect(target('php bin/console doctrine:database:drop --force', { files: { '.env': 'DB_HOST=db.prod.acme.com\nDATABASE_URL=postgresql://u@${DB_HOST}/app\n' } }).environment).toBe('production');
  });

  it('APP_ENV set in .env.local selects that env\'s files', () => {
    const files = { '.env.local': 'APP_ENV=prod\n', '.env.prod': 'DATABASE_URL=mysql://u@db.prod.acme.com/app\n' };
    expect(target('php bin/console doctrine:database:drop --force', { files }).environment).toBe('production');
  });

  it('a sqlite URL under the project dir is that file', () => {
    const t = target('php bin/console doctrine:database:drop --force', { files: { '.env': 'DATABASE_URL="sqlite:///%kernel.project_dir%/var/data.db"\n' } });
    expect(t.facts['database']).toBe('var/data.db');
    expect(t.environment).toBe('local');
  });

  it.each<[string, Record<string, string>, string | null | undefined]>([
    ['no bin/console', { 'bin/console': '' }, undefined],
    ['.env.local.php is compiled', { '.env.local.php': "<?php return ['DATABASE_URL' => 'x'];" }, undefined],
    ['no doctrine.yaml', {}, null],
    ['an env-specific doctrine file', { 'config/packages/dev/doctrine.yaml': 'doctrine: {}\n' }, undefined],
    ['named connections', {}, RECIPE.replace("        url: '%env(resolve:DATABASE_URL)%'", "        default_connection: default\n        connections:\n            default:\n                url: '%env(resolve:DATABASE_URL)%'")],
    ['a host next to the url', {}, RECIPE.replace("        use_savepoints: true", "        use_savepoints: true\n        host: db.prod.acme.com")],
    ['another variable for the url', {}, RECIPE.replace('DATABASE_URL)', 'PROD_DATABASE_URL)')],
    ['the dev env sets its own url', {}, RECIPE + "\nwhen@dev:\n    doctrine:\n        dbal:\n            url: '%env(resolve:PROD_URL)%'\n"],
    ['a YAML anchor', {}, RECIPE.replace('    dbal:', '    dbal: &dbal')],
    ['a dbname suffix outside the test env', {}, RECIPE.replace("when@test:\n    doctrine:\n        dbal:", "when@dev:\n    doctrine:\n        dbal:")],
    ['a command substitution in the URL', { '.env': 'DATABASE_URL=postgresql://u@$(cat /tmp/h)/app\n' }, undefined],
    ['no DATABASE_URL anywhere', { '.env': 'APP_ENV=dev\n' }, undefined],
  ])('is unknown when %s', (_why, files, config) => {
    const f = { ...files };
    let line = 'php bin/console doctrine:database:drop --force';
    if (f['bin/console'] === '') {
      delete f['bin/console'];
      line = 'php sub/bin/console doctrine:database:drop --force';
    }
    const t = target(line, { files: f, config });
    expect(t.environment).toBe('unknown');
  });
});
