// filesystem/rm-remote (#15): a recursive delete inside a pod or container, or over ssh, acts
// where that is: this machine's protected paths don't apply there, so it pauses by itself, named
// with the pod's environment, also when reached through `sh -c` inside the pod.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

const fx = detectionFixture('countersign-remote-');
afterAll(() => rmSync(fx.root, { recursive: true, force: true }));

const remote = async (line: string) => (await check(line, fx.ctx)).findings.find((f) => f.rule === 'filesystem/rm-remote');

describe('filesystem/rm-remote', () => {
  it('names the pod environment, directly and through sh -c in the pod', async () => {
    for (const line of ['kubectl --context prod-cluster exec api -- rm -rf /srv/x', "kubectl --context prod-cluster exec api -- sh -c 'cd / && rm -rf srv/x'"]) {
      const f = await remote(line);
      expect(f, line).toBeDefined();
      expect((f!.target as { environment: string }).environment, line).toBe('production');
      expect((await check(line, fx.ctx)).decision, line).toBe('confirm');
    }
  });
  it('over ssh, and a remote ~ is not this home', async () => {
    expect(await remote("ssh web1 'rm -rf ~/app'")).toBeDefined();
    expect(await remote('docker compose exec api rm -r /app/uploads')).toBeDefined();
  });
  it('temp dirs, single files and local deletes are not remote deletes', async () => {
    for (const line of ['kubectl exec api -- rm -rf /tmp/cache', 'docker exec app rm -f /srv/app.pid', 'rm -rf /srv/app/build', 'docker run --rm -v ./build:/x alpine rm -rf /x']) {
      expect(await remote(line), line).toBeUndefined();
    }
    expect(await remote('kubectl exec api -- rm -rf /tmp/../srv')).toBeDefined();
  });
  it('fly ssh console / fly machine exec run a shell line on a machine of the app, named by its environment', async () => {
    for (const line of ["fly ssh console -a shop-prod -C \"sh -c 'r''m -rf /srv/x'\"", "echo 'rm -rf /srv/x' | flyctl ssh console --app=shop-prod", "fly machine exec 3d8d9 'rm -rf /srv/x' -a shop-prod"]) {
      const f = await remote(line);
      expect(f, line).toBeDefined();
      expect((f!.target as { environment: string }).environment, line).toBe('production');
      expect(f!.target!.evidence.join(' '), line).toMatch(/through `fly(ctl)?`/);
    }
    for (const line of ['fly ssh console -a shop-prod', "fly ssh console -a shop-prod -C 'ls -la /srv'", "echo 'df -h' | fly ssh console -a shop-prod", 'fly ssh console -a shop-prod -C "rm -rf /tmp/cache"']) {
      expect(await remote(line), line).toBeUndefined();
    }
  });
  it('railway ssh / render ssh run their trailing words in the service, named by its environment', async () => {
    for (const line of ['railway ssh --service api -- rm -rf /srv/x', 'railway ssh -e production -s api rm -rf /srv/x', "echo 'rm -rf /srv/x' | railway ssh -e production", 'render ssh srv-cj5s2dicn0 -- rm -rf /srv/x']) {
      const f = await remote(line);
      expect(f, line).toBeDefined();
      expect(f!.target!.evidence.join(' '), line).toMatch(/through `(railway|render)`/);
    }
    expect(((await remote('railway ssh -e production -s api rm -rf /srv/x'))!.target as { environment: string }).environment).toBe('production');
    for (const line of ['railway ssh --service api', 'railway ssh -s api -- ls -la /srv', 'render ssh srv-cj5s2dicn0', 'render ssh srv-cj5s2dicn0 -- df -h', 'railway ssh -s api -- rm -rf /tmp/cache']) {
      expect(await remote(line), line).toBeUndefined();
    }
  });
});
