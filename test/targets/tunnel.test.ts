// Tunnels the line opens (red team 16-c): a loopback target after `ssh -L`, `kubectl
// port-forward`, `cloud-sql-proxy`… on the same line may be another machine.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/parse/types.js';
import { throughTunnel, tunnelEnds } from '../../src/targets/tunnel.js';
import { dyn, inv } from '../helpers/invocation.js';

describe('tunnelEnds', () => {
  it.each([
    [['ssh', '-fNL', '15432:localhost:5432', 'ops@bastion'], ['15432']],
    [['ssh', '-N', '-L', '127.0.0.1:6380:cache:6379', 'bastion'], ['6380']],
    [['ssh', '-L', '/tmp/d.sock:/var/run/docker.sock', 'ops@docker1'], ['/tmp/d.sock']],
    [['ssh', '-o', 'LocalForward=5433 db:5432', 'bastion'], ['5433']],
    [['ssh', '-L', dyn('$FWD'), 'bastion'], ['*']],
    [['kubectl', 'port-forward', 'svc/postgres', '5433:5432'], ['5433']],
    [['kubectl', '-n', 'db', 'port-forward', 'pod/pg-0', '5432'], ['5432']],
    [['kubectl', 'port-forward', 'svc/postgres', ':5432'], ['*']],
    [['cloud-sql-proxy', 'acme:us-central1:main', '--port', '6543'], ['6543']],
    [['cloud-sql-proxy', 'acme:us-central1:main'], ['*']],
    [['fly', 'proxy', '15432:5432', '-a', 'acme-db'], ['15432']],
    [['gcloud', 'compute', 'start-iap-tunnel', 'db-vm', '5432', '--local-host-port=localhost:15432'], ['15432', '5432']],
    [['socat', 'TCP-LISTEN:5432,fork', 'TCP:db.prod:5432'], ['5432']],
    [['pscale', 'connect', 'shop', 'main', '--port', '3309'], ['3309']],
    [['pscale', 'connect', 'shop', 'main'], ['*']],
    [['gcloud', 'compute', 'ssh', 'bastion', '--zone', 'us-central1-a', '--', '-N', '-L', '5434:10.0.0.5:5432'], ['5434']],
    [['az', 'ssh', 'vm', '-n', 'bastion', '--', '-fN', '-L6380:redis:6379'], ['6380']],
    // A container running socat forwards its published ports (session 26).
    [['docker', 'run', '-d', '-p', '55432:5432', 'alpine/socat', 'tcp-listen:5432,fork', 'tcp:db.prod:5432'], ['55432']],
    [['podman', 'container', 'run', '--publish=127.0.0.1:6380:6379/tcp', 'alpine/socat', 'tcp-listen:6379', 'tcp:redis.prod:6379'], ['6380']],
  ])('%j', (argv, want) => {
    expect(tunnelEnds(inv(argv))?.sort()).toEqual([...want].sort());
  });

  it('a container of a database image is no tunnel', () => {
    expect(tunnelEnds(inv(['docker', 'run', '-d', '-p', '55432:5432', 'postgres:16']))).toBeUndefined();
  });

  it.each([
    [['ssh', 'ops@bastion', 'uptime']],
    [['ssh', '-R', '8080:localhost:80', 'bastion']],
    [['kubectl', 'get', 'pods']],
    [['fly', 'deploy']],
    [['gcloud', 'compute', 'instances', 'list']],
    [['gcloud', 'compute', 'ssh', 'bastion', '--command', 'uptime']],
    [['gcloud', 'compute', 'ssh', 'bastion', '--', 'uptime']],
    [['pscale', 'database', 'list']],
  ])('no tunnel: %j', (argv) => {
    expect(tunnelEnds(inv(argv))).toBeUndefined();
  });
});

describe('throughTunnel', () => {
  const line = (...invs: Invocation[]): Invocation => {
    const all = invs;
    const last = invs[invs.length - 1]!;
    last.line = { all, at: all.length - 1 };
    return last;
  };
  it('a loopback port a tunnel forwards is not this machine', () => {
    const psql = line(inv(['ssh', '-fNL', '15432:localhost:5432', 'ops@bastion']), inv(['psql']));
    expect(throughTunnel(psql, { host: 'localhost', port: '15432' }, 'postgres localhost:15432/app')).toMatch(/tunnel/);
    // the engine's default port
    const fwd = line(inv(['kubectl', 'port-forward', 'svc/pg', '5432:5432']), inv(['psql']));
    expect(throughTunnel(fwd, { host: '127.0.0.1' }, 'postgres 127.0.0.1/app')).toMatch(/tunnel/);
    const sock = line(inv(['ssh', '-L', '/tmp/d.sock:/var/run/docker.sock', 'ops@docker1']), inv(['docker']));
    expect(throughTunnel(sock, { host: 'unix:///tmp/d.sock' }, 'docker')).toMatch(/tunnel/);
  });
  it('another port, a remote host, no tunnel, or a tunnel opened later: no', () => {
    const other = line(inv(['kubectl', 'port-forward', 'svc/grafana', '3000:3000']), inv(['psql']));
    expect(throughTunnel(other, { host: 'localhost', port: '5432' }, 'postgres localhost:5432/dev')).toBeUndefined();
    expect(throughTunnel(other, { host: 'localhost' }, 'postgres localhost/dev')).toBeUndefined();
    const remote = line(inv(['ssh', '-fNL', '15432:localhost:5432', 'bastion']), inv(['psql']));
    expect(throughTunnel(remote, { host: 'db.example.com', port: '15432' }, 'postgres')).toBeUndefined();
    const none = line(inv(['echo', 'hi']), inv(['psql']));
    expect(throughTunnel(none, { host: 'localhost', port: '15432' }, 'postgres')).toBeUndefined();
    const sockets = line(inv(['socat', 'TCP-LISTEN:5432,fork', 'TCP:db:5432']), inv(['psql']));
    expect(throughTunnel(sockets, { host: '/var/run/postgresql' }, 'postgres /var/run/postgresql')).toBeUndefined();
  });
});
