// src/targets/database/laravel.ts on its own: the connection (--database, else 'default') from
// config/database.php (or the framework's defaults when the app has none) and env() values from
// the process environment, .env.<APP_ENV|--env> or .env. Anything else stays unknown.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/targets/index.js';
import { ctx, inv, world } from '../helpers.js';

// A published Laravel 10 config/database.php, trimmed.
const CONFIG = `<?php

use Illuminate\\Support\\Str;

return [

    /*
    | 'default' => 'pgsql_prod' in a comment is not read.
    */
    'default' => env('DB_CONNECTION', 'mysql'),

    'connections' => [

        'sqlite' => [
            'driver' => 'sqlite',
            'url' => env('DATABASE_URL'),
            'database' => env('DB_DATABASE', database_path('database.sqlite')),
        ],

        'mysql' => [
            'driver' => 'mysql',
            'url' => env('DATABASE_URL'),
            'host' => env('DB_HOST', '127.0.0.1'), // the docker host
            'port' => env('DB_PORT', '3306'),
            'database' => env('DB_DATABASE', 'forge'),
            'unix_socket' => env('DB_SOCKET', ''),
            'options' => extension_loaded('pdo_mysql') ? array_filter([
                'host' => 'localhost',
            ]) : [],
        ],

        "reporting" => [
            "driver" => "pgsql",
            "url" => 'postgres://u@db.prod.acme.com/reports', // read replica is elsewhere
        ],
    ],

    'redis' => [
        'default' => [
            'host' => env('REDIS_HOST', '127.0.0.1'),
        ],
    ],
];
`;

function target(line: string, o: { files?: Record<string, string>; env?: Record<string, string>; assign?: Record<string, string>; config?: string | null } = {}) {
  const files: Record<string, string> = { artisan: '#!/usr/bin/env php\n', '.env': 'APP_ENV=local\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_DATABASE=app\n', ...o.files };
  if (o.config !== null) files['config/database.php'] = o.config ?? CONFIG;
  const w = world({ project: files });
  return resolveTarget(inv(line, { cwd: w.project, assign: o.assign }), 'database', ctx(w.home, w.project, o.env ?? {}));
}

describe('laravel resolver', () => {
  it('reads the default connection and its env() values from .env', () => {
    const t = target('php artisan migrate:fresh --force');
    expect(t.environment).toBe('local');
    expect(t.facts).toMatchObject({ host: '127.0.0.1', port: '3306', database: 'app' });
    expect(t.evidence.join('\n')).toContain('DB_HOST in .env');
  });

  it('without config/database.php, uses the framework defaults (sqlite under database/)', () => {
    const t = target('php artisan db:wipe', { config: null, files: { '.env': 'APP_ENV=local\n' } });
    expect(t.environment).toBe('local');
    expect(t.facts['database']).toBe('database/database.sqlite');
    expect(target('php artisan db:wipe', { config: null, files: { '.env': 'DB_CONNECTION=pgsql\nDB_HOST=db.prod.acme.com\n' } }).environment).toBe('production');
  });

  it('the process environment wins over .env (phpdotenv never overrides it)', () => {
    expect(target('php artisan migrate:fresh', { env: { DB_HOST: 'db.prod.acme.com' } }).environment).toBe('production');
    expect(target('php artisan migrate:fresh', { assign: { DB_HOST: 'db.prod.acme.com' } }).environment).toBe('production');
  });

  it('a production host in .env is production', () => {
    expect(target('php artisan migrate:reset', { files: { '.env': 'DB_CONNECTION=mysql\nDB_HOST=db.prod.acme.com\n' } }).environment).toBe('production');
  });

  it('--database picks a connection; double-quoted keys and a // comment after a URL are read', () => {
    const t = target('php artisan migrate:fresh --database=reporting');
    expect(t.facts['host']).toBe('db.prod.acme.com');
    expect(t.environment).toBe('production');
  });

  it('APP_ENV or --env selects .env.<name> when it exists', () => {
    const files = { '.env.production': 'DB_CONNECTION=mysql\nDB_HOST=db.prod.acme.com\n' };
    expect(target('php artisan migrate:fresh', { files, assign: { APP_ENV: 'production' } }).environment).toBe('production');
    expect(target('php artisan migrate:fresh --env=production', { files }).environment).toBe('production');
    expect(target('php artisan migrate:fresh --env=staging', { files }).environment).toBe('local');
  });

  it('a URL in the environment is the connection', () => {
    expect(target('php artisan db:wipe', { env: { DATABASE_URL: 'mysql://u@db.prod.acme.com/app' } }).environment).toBe('production');
  });

  it('keys inside a nested array are not the connection\'s own', () => {
    expect(target('php artisan migrate:fresh', { files: { '.env': 'DB_HOST=db.prod.acme.com\n' } }).environment).toBe('production');
  });

  it('a MySQL socket is used instead of the host', () => {
    const t = target('php artisan migrate:fresh', { files: { '.env': 'DB_HOST=db.prod.acme.com\nDB_SOCKET=/var/run/mysqld/mysqld.sock\n' } });
    expect(t.facts['host']).toBe('/var/run/mysqld/mysqld.sock');
    expect(t.environment).toBe('local');
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    ['the configuration is cached', { 'bootstrap/cache/config.php': '<?php return [];' }, undefined],
    ['the config requires another file', {}, CONFIG.replace("use Illuminate", "require __DIR__.'/db-prod.php';\nuse Illuminate")],
    ['the config calls putenv', {}, CONFIG.replace("use Illuminate", "putenv('DB_HOST=db.prod.acme.com');\nuse Illuminate")],
    ['the config sets $_ENV', {}, CONFIG.replace("use Illuminate", "$_ENV['DB_HOST'] = 'db.prod.acme.com';\nuse Illuminate")],
    ['a value is a variable', {}, CONFIG.replace("env('DB_HOST', '127.0.0.1')", '$host')],
    ['a value is a heredoc', {}, CONFIG.replace("env('DB_HOST', '127.0.0.1')", '<<<EOT\ndb.prod.acme.com\nEOT')],
    ['a connection is defined twice (PHP keeps the last)', {}, CONFIG.replace('"reporting" =>', "'mysql' => ['driver' => 'mysql', 'host' => 'db.prod.acme.com'],\n        \"reporting\" =>")],
    ['a connection is written on one line', {}, CONFIG.replace(/'mysql' => \[[\s\S]*?\n        \],/, "'mysql' => ['driver' => 'mysql', 'host' => 'db.prod.acme.com'],")],
    ['the connection has read and write hosts', {}, CONFIG.replace("'port' => env('DB_PORT', '3306'),", "'port' => env('DB_PORT', '3306'),\n            'write' => ['host' => ['db.prod.acme.com']],")],
    ['an env value is the word null', { '.env': 'DB_HOST=null\n' }, undefined],
    ['the config is old array() syntax', {}, CONFIG.replace("'connections' => [", "'connections' => array(")],
  ])('is unknown when %s', (_why, files, config) => {
    const t = target('php artisan migrate:fresh', { files, config });
    expect(t.environment).toBe('unknown');
  });

  it('is unknown when --database is only known at run time', () => {
    const w = world({ project: { artisan: '', '.env': 'DB_HOST=127.0.0.1\n', 'config/database.php': CONFIG } });
    const dyn = inv(['php', 'artisan', 'migrate:fresh', '--database', 'x'], { cwd: w.project, dynamic: [4] });
    expect(resolveTarget(dyn, 'database', ctx(w.home, w.project, {})).environment).toBe('unknown');
  });
});

describe('laravel resolver without an app', () => {
  it('is unknown when no artisan file is found', () => {
    const w = world({ project: { '.env': 'DB_HOST=127.0.0.1\n' } });
    expect(resolveTarget(inv('php artisan migrate:fresh', { cwd: w.project }), 'database', ctx(w.home, w.project, {})).environment).toBe('unknown');
  });
});
