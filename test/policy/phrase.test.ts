// The phrase a person types: what it names and how typing is compared.
import { describe, expect, it } from 'vitest';
import { phraseFor, phraseMatches, type JudgedFinding } from '../../src/policy/index.js';

function finding(over: Partial<JudgedFinding> & { env?: string; facts?: Record<string, string>; targetResource?: string }): JudgedFinding {
  const { env = 'production', facts = {}, targetResource, ...rest } = over;
  return {
    rule: 'x/y',
    severity: 'high',
    summary: 's',
    action: 'confirm',
    invocation: 'cmd',
    detail: 'd',
    decision: 'confirm',
    target: { environment: env, facts, evidence: [], ...(targetResource ? { resource: targetResource } : {}) },
    ...rest,
  } as JudgedFinding;
}

describe('phraseFor', () => {
  it('says each word once', () => {
    expect(phraseFor([finding({ verb: 'delete namespace', resource: 'namespace payments' })])).toBe('delete namespace payments in production');
    expect(phraseFor([finding({ verb: 'delete namespace', resource: 'ns payments' })])).toBe('delete namespace payments in production');
    expect(phraseFor([finding({ verb: 'flush', resource: 'FLUSHALL' })])).toBe('flush in production');
    expect(phraseFor([finding({ verb: 'remove env var', resource: 'DATABASE_URL production' })])).toBe('remove env var DATABASE_URL in production');
    // A name that only starts like the verb is still a name.
    expect(phraseFor([finding({ verb: 'drain node', resource: 'node01' })])).toBe('drain node node01 in production');
  });

  it('names a database by its name, not by a connection description', () => {
    const f = finding({ verb: 'reset database with', facts: { host: 'db.prod.acme.com', database: 'app' }, targetResource: 'postgres db.prod.acme.com:5432/app' });
    expect(phraseFor([f])).toBe('reset database app in production');
  });

  it('names a Terraform workspace without the folder', () => {
    const f = finding({ verb: 'destroy', facts: { 'terraform-workspace': 'prod', 'terraform-dir': '.' }, targetResource: 'Terraform workspace prod in .' });
    expect(phraseFor([f])).toBe('destroy workspace prod in production');
  });

  it('keeps a name rather than its kind when the phrase must be short', () => {
    const f = finding({ verb: 'discard changes with', facts: { 'git-branch': 'master' }, targetResource: 'git repository .' });
    expect(phraseFor([f])).toBe('discard changes master in production');
    expect(phraseFor([{ ...f, target: { ...f.target, environment: 'local' } }])).toBe('discard changes branch master in local');
  });

  it('drops "with" filler and the target description when nothing better is known', () => {
    expect(phraseFor([finding({ verb: 'discard changes with', env: 'local', targetResource: 'git repository .' })])).toBe('discard changes in local');
    // A path that is "." stays: it is what `rm -rf .` deletes.
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '.' })])).toBe('delete . in local');
  });

  it('keeps the $ of a name known only at run time, and names nothing for unverified code', () => {
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '"$d"' })])).toBe('delete $d in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '"${arr[@]}"' })])).toBe('delete $arr in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '${DIR:-/tmp}/x' })])).toBe('delete $DIR/x in local');
    // A positional parameter keeps its $ too (`sh -c 'rm -rf "$1"/data' _ {}`), not "1/data".
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '$1/data' })])).toBe('delete $1/data in local');
    // Not "run unverified code master": the branch is where it runs, not what it acts on.
    expect(phraseFor([finding({ rule: 'core/opaque', env: 'local', facts: { 'git-branch': 'master' } })])).toBe('run unverified code in local');
  });

  it('keeps "of" before a name the rule saw', () => {
    expect(phraseFor([finding({ verb: 'delete every row of', resource: 'users' })])).toBe('delete every row of users in production');
    expect(phraseFor([finding({ verb: 'delete objects in', resource: 'gs://acme/tmp/' })])).toBe('delete objects acme/tmp/ in production');
  });

  it('shows paths from the project root or ~', () => {
    const where = { home: '/home/me', root: '/home/me/code/app' };
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/home/me/.ssh' })], where)).toBe('delete ~/.ssh in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/home/me/code/app/data/db' })], where)).toBe('delete data/db in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/home/me' })], where)).toBe('delete ~ in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/home/me/code/app' })], where)).toBe('delete ~/code/app in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/srv/app' })], { root: '/srv/app' })).toBe('delete /srv/app in local');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/srv/data' })], where)).toBe('delete /srv/data in local');
    // A project at / or above home doesn't hide home.
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '/home/me/.ssh' })], { home: '/home/me', root: '/' })).toBe('delete ~/.ssh in local');
  });

  it('cuts a long URL or id to the part people recognise', () => {
    expect(phraseFor([finding({ verb: 'delete queue', resource: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' })])).toBe('delete queue orders in production');
    expect(phraseFor([finding({ verb: 'send delete to', resource: 'https://management.azure.com/x/prod-rg?api-version=2021' })])).toBe('send delete to prod-rg in production');
    // Code: up to its first punctuation, not cut mid-word.
    expect(phraseFor([finding({ verb: 'run ORM code with', resource: 'MyApp.Repo.delete_all(MyApp.User)' })])).toBe('run orm code MyApp.Repo.delete_all in production');
  });

  it('shows a long opaque id by its first 8 characters, after its kind prefix', () => {
    expect(phraseFor([finding({ verb: 'delete volume', resource: 'vol-0123456789abcdef0' })])).toBe('delete volume vol-01234567 in production');
    expect(phraseFor([finding({ verb: 'delete backups of', resource: '5f4007f327a3bd7b6f4103c5' })])).toBe('delete backups of 5f4007f3 in production');
    expect(phraseFor([finding({ verb: 'delete database', resource: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30' })])).toBe('delete database 9cc10173 in production');
    // Not opaque: a number, a short id, a name with other letters.
    expect(phraseFor([finding({ verb: 'delete backup', resource: '1712345678901' })])).toBe('delete backup 1712345678901 in production');
    expect(phraseFor([finding({ verb: 'delete machine', resource: '148ed193b95' })])).toBe('delete machine 148ed193b95 in production');
    expect(phraseFor([finding({ verb: 'delete user pool', resource: 'us-east-1_AbCdEf123' })])).toBe('delete user pool us-east-1_AbCdEf123 in production');
  });

  it('keeps the segment before a long URL or path\'s last one when it says something', () => {
    expect(phraseFor([finding({ verb: 'call', resource: 'api.github.com/repos/acme/shop' })])).toBe('call acme/shop in production');
    expect(phraseFor([finding({ verb: 'replace', resource: 'module.db.aws_rds_cluster.this' })])).toBe('replace db.aws_rds_cluster.this in production');
  });

  it('says the rule\'s noun after the verb: before the name, alone without one, never twice', () => {
    expect(phraseFor([finding({ verb: 'delete', noun: 'compose volumes', resource: 'shop' })])).toBe('delete compose volumes shop in production');
    expect(phraseFor([finding({ verb: 'take down', noun: 'hosting site' })])).toBe('take down hosting site in production');
    expect(phraseFor([finding({ verb: 'delete database', noun: 'database', resource: 'app' })])).toBe('delete database app in production');
    // The noun is the object a trailing "of" needs; without noun or name the "of" goes.
    expect(phraseFor([finding({ verb: 'delete volumes of', noun: 'project' })])).toBe('delete volumes of project in production');
    expect(phraseFor([finding({ verb: 'delete volumes of' })])).toBe('delete volumes in production');
  });

  it('a lone "-" is no name; a file that looks like an option is', () => {
    expect(phraseFor([finding({ verb: 'delete backup', resource: '- archive' })])).toBe('delete backup archive in production');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: '-rf' })])).toBe('delete -rf in local');
  });

  it('an "into" or "at" verb names one thing: the destination, the place', () => {
    expect(phraseFor([finding({ verb: 'sync over', resource: './public r2:site' })])).toBe('sync over r2:site in production');
    expect(phraseFor([finding({ verb: 'overwrite data at', resource: '/users seed.json' })])).toBe('overwrite data at /users in production');
    expect(phraseFor([finding({ verb: 'overwrite data at' })])).toBe('overwrite data in production');
  });

  it('puts the environment last, the strictest finding first', () => {
    const local = finding({ verb: 'delete', env: 'local', resource: 'data', severity: 'critical' });
    const prod = finding({ verb: 'drop database', env: 'production', resource: 'app', severity: 'critical' });
    expect(phraseFor([local, prod])).toBe('drop database app in production');
    expect(phraseFor([finding({ verb: 'x', decision: 'allow' })])).toBeUndefined();
  });

  it('keeps only letters, digits and the punctuation of names', () => {
    expect(phraseFor([finding({ verb: 'delete', resource: '$(docker volume ls -q)' })])).toBe('delete docker volume in production');
    expect(phraseFor([finding({ verb: 'call', resource: 'volumeDelete' , env: 'unknown' })])).toBe('call volumeDelete in unknown');
  });

  it('a name cannot pose as the environment', () => {
    expect(phraseFor([finding({ verb: 'delete', resource: 'in local' })])).toBe('delete local in production');
    expect(phraseFor([finding({ verb: 'delete', env: 'local', resource: 'in production' })])).toBe('delete production in local');
  });

  it('is never a bare yes', () => {
    expect(phraseFor([finding({ rule: 'x/yes', verb: 'yes', env: '' })])).not.toMatch(/^(y|yes|ok)$/i);
  });
});

describe('phraseMatches', () => {
  const p = 'call volumeDelete in unknown';
  it('ignores case and runs of spaces', () => {
    expect(phraseMatches('call volumedelete in unknown', p)).toBe(true);
    expect(phraseMatches('CALL VOLUMEDELETE IN UNKNOWN', p)).toBe(true);
    expect(phraseMatches('  call   volumeDelete\tin unknown  ', p)).toBe(true);
  });
  it('forgives nothing else', () => {
    for (const typed of ['call volumeDelete in unknown.', 'call volume-delete in unknown', 'call volumeDelete in', 'callvolumeDelete in unknown', '', '   ', 'call volumeDelete in unknowN!', 'y', 'yes'])
      expect(phraseMatches(typed, p), typed).toBe(false);
    // Only A-Z fold: the Kelvin sign (U+212A) lowercases to k in Unicode, but isn't a k.
    expect(phraseMatches('delete \u212Aey in production', 'delete key in production')).toBe(false);
    expect(phraseMatches('delete data in local\u200b', 'delete data in local')).toBe(false);
  });
});
