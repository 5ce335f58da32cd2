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
