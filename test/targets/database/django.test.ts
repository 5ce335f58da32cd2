// src/targets/database/django.ts on its own: the settings module (flag, variable, manage.py's
// default) and its DATABASES, read as literal Python; anything else stays unknown.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/targets/index.js';
import { ctx, inv, world } from '../helpers.js';

const MANAGE = "import os\nimport sys\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local')\n";
const BASE = `"""Base settings.

DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'localhost'}}
"""
from pathlib import Path
import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DATABASES = {
    # the project database
    'default': env.db('DATABASE_URL', default='postgres:///app_dev'),
}
DATABASES['default']['ATOMIC_REQUESTS'] = True
`;
const LOCAL = 'from .base import *  # noqa\nfrom .base import env\n\nDEBUG = True\n';
const TEST = `from .base import *
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'test_app',
        'HOST': os.environ.get('DB_HOST', 'localhost'),
        'PORT': os.environ.get('DB_PORT', 5432),
    }
}
`;

function target(line: string, o: { files?: Record<string, string>; env?: Record<string, string>; assign?: Record<string, string> } = {}) {
  const w = world({ project: { 'manage.py': MANAGE, 'config/__init__.py': '', 'config/settings/__init__.py': '', 'config/settings/base.py': BASE, 'config/settings/local.py': LOCAL, 'config/settings/test.py': TEST, ...o.files } });
  return resolveTarget(inv(line, { cwd: w.project, assign: o.assign }), 'database', ctx(w.home, w.project, o.env ?? {}));
}

describe('django resolver', () => {
  it("follows manage.py's default module through a star import to a URL default", () => {
    const t = target('python manage.py flush --noinput');
    expect(t.environment).toBe('local');
    expect(t.evidence).toContain('DJANGO_SETTINGS_MODULE defaults to config.settings.local in manage.py');
    expect(t.facts['database']).toBe('app_dev');
  });

  it('reads --settings and DJANGO_SETTINGS_MODULE, and a dict with os.environ.get defaults', () => {
    const t = target('python manage.py flush --settings=config.settings.test');
    expect(t.facts).toMatchObject({ host: 'localhost', database: 'test_app', port: '5432' });
    expect(t.environment).toBe('local');
    expect(target('./manage.py flush', { assign: { DJANGO_SETTINGS_MODULE: 'config.settings.test', DB_HOST: 'db.prod.acme.com' } }).environment).toBe('production');
  });

  it('takes DATABASE_URL over the default, and a docstring is not read as code', () => {
    const t = target('python manage.py flush', { env: { DATABASE_URL: 'postgres://u@db.prod.acme.com/app' } });
    expect(t.facts['host']).toBe('db.prod.acme.com');
    expect(t.environment).toBe('production');
  });

  it('reads a generated settings.py with sqlite in the project', () => {
    const settings = "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n        'NAME': BASE_DIR / 'db.sqlite3',\n    }\n}\n";
    const t = target('python manage.py flush', { files: { 'manage.py': MANAGE.replace('config.settings.local', 'mysite.settings'), 'mysite/settings.py': settings } });
    expect(t.facts['sqlite-file']).toMatch(/\/db\.sqlite3$/);
    expect(t.environment).toBe('local');
  });

  it('falls back to the generic reader when nothing names a settings module', () => {
    const w = world({ project: {} });
    const t = resolveTarget(inv('python manage.py flush', { cwd: w.project }), 'database', ctx(w.home, w.project, { DATABASE_URL: 'postgres://db.prod.acme.com/app' }));
    expect(t.facts['host']).toBe('db.prod.acme.com');
  });

  // What an agent could do to make a remote database read as local: each stays unknown or remote.
  const local = (extra: string) => ({ 'config/settings/local.py': LOCAL + extra });
  it.each([
    ['a settings file imported in a try block', { ...local("try:\n    from .secrets import *\nexcept ImportError:\n    pass\n"), 'config/settings/secrets.py': "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.prod.acme.com'}}\n" }, {}, 'unknown'],
    ['DATABASES changed inside an if', local("if os.environ.get('X'):\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.prod.acme.com'}}\n"), {}, 'unknown'],
    ['DATABASES updated', local("DATABASES.update({'default': {'HOST': 'db.prod.acme.com'}})\n"), {}, 'unknown'],
    ['a HOST set over the URL', local("DATABASES['default']['HOST'] = 'db.prod.acme.com'\n"), {}, 'unknown'],
    ['the whole default replaced', local("DATABASES['default'] = {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.prod.acme.com'}\n"), {}, 'production'],
    ['code run from a string', local("exec(open('prod.py').read())\n"), {}, 'unknown'],
    ['an f-string host', { 'config/settings/local.py': TEST.replace("os.environ.get('DB_HOST', 'localhost')", "f\"db.{os.environ.get('ZONE')}.acme.com\"") }, {}, 'unknown'],
    ['a name bound in a block', { 'config/settings/local.py': "from .base import *\nHOST = 'localhost'\nif True:\n    HOST = 'db.prod.acme.com'\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': HOST}}\n" }, {}, 'unknown'],
    ['the .env the settings load', { 'config/settings/base.py': BASE.replace('env = environ.Env()', 'env = environ.Env()\nenviron.Env.read_env()'), '.env': 'DATABASE_URL=postgres://u@db.prod.acme.com/app\n' }, {}, 'production'],
    ['a variable set by the settings', local("os.environ.setdefault('DATABASE_URL', 'postgres://db.prod.acme.com/app')\n"), {}, 'unknown'],
    ['a .env loaded from another path', { 'config/settings/base.py': BASE.replace('env = environ.Env()', "env = environ.Env()\nenviron.Env.read_env(BASE_DIR / '.env.prod')") }, {}, 'unknown'],
    ['a project module that sets the environment', { ...local('import config.boot\n'), 'config/boot.py': "import os\nos.environ['DATABASE_URL'] = 'postgres://db.prod.acme.com/app'\n" }, {}, 'unknown'],
    ['a dict spread', { 'config/settings/local.py': "from .base import *\nDATABASES = {'default': {**PROD_DB}}\n" }, {}, 'unknown'],
  ])('%s', (_what, files, env, want) => {
    expect(target('python manage.py flush', { files, env }).environment).toBe(want);
  });

  it('is unknown with --pythonpath, a run-time settings module, or a module that is not there', () => {
    expect(target('python manage.py flush --pythonpath=/srv/app').environment).toBe('unknown');
    expect(target('python manage.py flush --settings=config.settings.staging').environment).toBe('unknown');
    // A module that is not there but whose name says production: that name is the evidence.
    expect(target('python manage.py flush --settings=config.settings.production').environment).toBe('production');
    const w = world({ project: { 'manage.py': MANAGE } });
    const t = resolveTarget(inv('python manage.py flush', { cwd: w.project, dynamic: [] , assign: {} }), 'database', ctx(w.home, w.project));
    expect(t.environment).toBe('unknown');
  });
});
