// src/targets/database/postgres.ts on its own: where a libpq tool connects, step by step.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgres } from '../../../src/targets/database/postgres.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, world, write, type InvOptions } from '../helpers.js';

function pg(argv: string | string[], env: Record<string, string> = {}, o: InvOptions = {}, files: Record<string, string> = {}) {
  const { home, project } = world({ home: files });
  return postgres(makeRun(inv(argv, { cwd: project, ...o }), ctx(home, project, env)));
}

describe('postgres resolver', () => {
  it('reads host, port and database from a -d URL, and hides the password', () => {
    const c = pg(['psql', '-d', 'postgresql://u:pw@db.acme.com:6543/orders']);
    expect(c.facts).toMatchObject({ host: 'db.acme.com', port: '6543', database: 'orders' });
    expect(c.facts['url']).not.toContain('pw');
    expect(c.resource).toBe('postgres db.acme.com:6543/orders');
  });

  it('takes -h and -p, and psql -d db makes the first positional the user, not the database', () => {
    const c = pg('psql -h db.acme.com -p 5433 -d shop alice');
    expect(c.facts).toMatchObject({ host: 'db.acme.com', port: '5433', database: 'shop' });
  });

  it('reads PGSERVICE from the PGSERVICEFILE it names; -h still wins over the service', () => {
    const { home, project } = world({ project: { 'svc.conf': '[ledger]\nhost=pg.prod.acme.internal\nport=5439\ndbname=ledger\n' } });
    const c = ctx(home, project, { PGSERVICE: 'ledger', PGSERVICEFILE: join(project, 'svc.conf') });
    const t = postgres(makeRun(inv('psql', { cwd: project }), c));
    expect(t.facts).toMatchObject({ host: 'pg.prod.acme.internal', port: '5439', database: 'ledger' });
    expect(t.evidence.join('\n')).toContain('service ledger in');
    expect(postgres(makeRun(inv('psql -h db.staging.x', { cwd: project }), c)).facts).toMatchObject({ host: 'db.staging.x', port: '5439' });
  });

  it('reads a service from PGSYSCONFDIR, and fails closed on a service it cannot find', () => {
    const { home, project } = world();
    write(project, { 'etc/pg_service.conf': '[main]\nhost=10.9.9.9\n' });
    const t = postgres(makeRun(inv('psql service=main', { cwd: project }), ctx(home, project, { PGSYSCONFDIR: join(project, 'etc') })));
    expect(t.facts['host']).toBe('10.9.9.9');
    const missing = pg('psql service=nowhere');
    // Left to the name (classified later: unknown unless it names an environment, psql service=prod).
    expect(missing.environment).toBeUndefined();
    expect(missing.facts['app-env']).toBe('nowhere');
    expect(missing.evidence.join()).toContain('service nowhere not found');
  });

  it('falls back to PGHOSTADDR, PGPORT and PGDATABASE', () => {
    const c = pg('pg_dump', { PGHOSTADDR: '10.1.2.3', PGPORT: '5444', PGDATABASE: 'crm' });
    expect(c.facts).toMatchObject({ host: '10.1.2.3', port: '5444', database: 'crm' });
    expect(c.evidence[0]).toContain('PGHOSTADDR=10.1.2.3');
  });

  it('names the first of a host list, notes the rest; no host at all is the unix socket', () => {
    const c = pg('psql -h a.prod.x,b.prod.x');
    expect(c.facts['host']).toBe('a.prod.x');
    expect(c.evidence.join()).toContain('several hosts: a.prod.x,b.prod.x');
    expect(pg('psql').facts['host']).toMatch(/^\/(tmp|var\/run\/postgresql)$/);
  });

  it('is unknown when -h is computed at run time', () => {
    expect(pg(['psql', '-h', '$HOST'], {}, { dynamic: [2] }).environment).toBe('unknown');
  });

  // Bypasses: libpq connects to hostaddr when it is set, from any source; host then only names
  // the server for TLS and passwords. countersign took host=localhost and said local.
  it('lets hostaddr decide over host: in a URL, a conninfo string, a service, PGHOSTADDR over -h', () => {
    expect(pg(['psql', 'postgresql://localhost/app?hostaddr=10.0.0.9']).facts['host']).toBe('10.0.0.9');
    expect(pg(['psql', 'host=localhost hostaddr=10.0.0.8 dbname=app']).facts['host']).toBe('10.0.0.8');
    expect(pg('psql -h localhost', { PGHOSTADDR: '10.0.0.7' }).facts['host']).toBe('10.0.0.7');
    const svc = pg('psql service=s', {}, {}, { '.pg_service.conf': '[s]\nhost=localhost\nhostaddr=10.0.0.6\n' });
    expect(svc.facts['host']).toBe('10.0.0.6');
    expect(svc.evidence.join()).toContain('hostaddr');
  });
});

