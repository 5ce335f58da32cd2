// A named volume emptied inside a container (src/parse/containers.ts namedVolume/emptiesPath,
// Walk.namedVolumes): `docker run --rm -v pg_backups:/b alpine rm -rf /b/*` is judged as deleting
// the volume pg_backups on the same engine; tmpfs, binds, anonymous and read-only volumes aren't.
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { check } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';
import { afterAll, beforeAll } from 'vitest';

let fx: ReturnType<typeof detectionFixture>;
beforeAll(() => {
  fx = detectionFixture('countersign-volumes-');
});
afterAll(() => fx.cleanup());

const volumeRms = async (line: string): Promise<string[]> => {
  const r = await parse(line, { cwd: fx.ctx.cwd, env: fx.ctx.env, home: fx.ctx.home }, { envComplete: true });
  return r.invocations.filter((i) => i.argv[1]?.value === 'volume' || i.argv.some((w, k) => k > 0 && w.value === 'volume' && i.argv[k + 1]?.value === 'rm')).map((i) => i.argv.map((w) => w.value).join(' '));
};

describe('named volumes emptied in a container', () => {
  it('become `volume rm` of that volume on the same engine', async () => {
    const cases: Array<[string, string]> = [
      ['docker run --rm -v pg_backups:/b alpine rm -rf /b/*', 'docker volume rm pg_backups'],
      ['docker run --rm --volume=pg_backups:/b alpine sh -c "cd /b && rm -rf *"', 'docker volume rm pg_backups'],
      ['docker -H ssh://deploy@prod.example.com run --rm -v pg_backups:/b alpine rm -rf /b/x', 'docker -H ssh://deploy@prod.example.com volume rm pg_backups'],
      ['docker --context prod container run --rm -v pg_backups:/b alpine find /b -mindepth 1 -delete', 'docker --context prod volume rm pg_backups'],
      ['podman run --rm --mount type=volume,src=pg_backups,dst=/b alpine truncate -s0 /b/dump.sql', 'podman volume rm pg_backups'],
      ['docker compose run --rm -v pg_backups:/b app sh -c ": > /b/dump.sql"', 'docker volume rm pg_backups'],
      ['docker run --rm -w /b -v pg_backups:/b alpine rm -rf ./old', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b --entrypoint rm alpine -rf /b/x', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine sh -c "ls /b | xargs rm -f"', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine rsync -a --delete /empty/ /b/', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine mv /b/dump.sql /tmp/', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine dd if=/dev/zero of=/b/dump.sql bs=1M count=1', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine rm -rf /x/../b/*', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine rm -rf /*', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine rm -rf b', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/srv/b alpine find /srv -delete', 'docker volume rm pg_backups'],
      ['docker run --rm -v pg_backups:/b alpine sh -c "cd ~ && rm -rf *"', 'docker volume rm pg_backups'],
    ];
    for (const [line, want] of cases) expect(await volumeRms(line), line).toEqual([want]);
  });

  it('tmpfs, binds, anonymous and read-only volumes, reads and deletes elsewhere are not', async () => {
    for (const line of [
      'docker run --rm --tmpfs /b alpine rm -rf /b/*',
      'docker run --rm --mount type=tmpfs,dst=/b alpine rm -rf /b/*',
      'docker run --rm -v /tmp/x:/b alpine rm -rf /b/*',
      'docker run --rm -v /b alpine rm -rf /b/*',
      'docker run --rm -v pg_backups:/b:ro alpine rm -rf /b/*',
      'docker run --rm --mount type=volume,src=pg_backups,dst=/b,readonly alpine rm -rf /b/*',
      'docker run --rm -v pg_backups:/b alpine ls /b',
      'docker run --rm -v pg_backups:/b alpine rm -rf /tmp/*',
      'docker run --rm -v pg_backups:/b alpine rm -f /*',
      'docker run --rm -v pg_backups:/b alpine rm -rf build',
      'docker run --rm -v pg_backups:/b alpine sh -c "tar czf /tmp/x.tgz /b"',
    ]) expect(await volumeRms(line), line).toEqual([]);
  });

  it('the finding names the volume on the docker target, and the walk inside leaves nothing behind', async () => {
    const r = await check('docker run --rm -v pg_backups:/b alpine rm -rf /b/*', fx.ctx);
    expect(r.decision).toBe('confirm');
    expect(r.findings.map((f) => `${f.rule} ${f.target?.environment}`)).toEqual(['containers/volume-rm production']);
    // The container's own /etc and /usr are not the host's.
    expect((await check('docker run --rm -v pg_backups:/b alpine rm -rf /tmp/x /etc /usr', fx.ctx)).decision).toBe('allow');
  });

  it('a docker or podman client in a container with the engine socket mounted drives the host engine', async () => {
    const cases: Array<[string, string]> = [
      ['docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli docker volume rm -f app_pgdata', 'docker volume rm -f app_pgdata'],
      ['docker run --rm -v /var/run/docker.sock:/var/run/docker.sock:ro docker sh -c "docker volume rm app_pgdata"', 'docker volume rm app_pgdata'],
      ['podman run --rm --mount type=bind,src=/run/podman/podman.sock,dst=/var/run/docker.sock docker:cli docker volume rm app_pgdata', 'docker volume rm app_pgdata'],
    ];
    const inner = async (line: string): Promise<string[]> => {
      const r = await parse(line, { cwd: fx.ctx.cwd, env: fx.ctx.env, home: fx.ctx.home }, { envComplete: true });
      return r.invocations.filter((i) => i.argv[1]?.value === 'volume').map((i) => i.argv.map((w) => w.value).join(' '));
    };
    for (const [line, want] of cases) expect(await inner(line), line).toEqual([want]);
    // No socket: the client talks to the container's own engine (or none).
    expect(await inner('docker run --rm docker:dind docker volume rm app_pgdata')).toEqual([]);
    expect((await check('docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli docker ps', fx.ctx)).decision).toBe('allow');
  });
});
