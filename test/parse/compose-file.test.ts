// A compose file the line writes, then starts (src/parse/containers.ts composeFileCommands, red
// team 16-c): each service with a command of its own is judged as the `docker run` it amounts to.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/parse/types.js';
import { composeFileCommands } from '../../src/parse/containers.js';
import { inv } from '../helpers/invocation.js';

const runs = (argv: string[], files: Record<string, string | null>): { runs: string[]; unknown?: string } => {
  const i: Invocation = inv(argv, { cwd: '/p' });
  const r = composeFileCommands(i, (f) => files[f]);
  return { runs: r.runs.map((ws) => ws.map((w) => w.value).join(' ')), ...(r.unknown ? { unknown: r.unknown } : {}) };
};

describe('composeFileCommands', () => {
  it('a service with a command, its volumes resolved from the file', () => {
    const yml = 'services:\n  x:\n    image: alpine\n    volumes: ["./data:/d", "~/.ssh:/s"]\n    command: sh -c "rm -rf /d/*"\n';
    expect(runs(['docker', 'compose', 'up'], { 'compose.yml': yml }).runs).toEqual(['docker run --rm -v /p/data:/d -v ~/.ssh:/s alpine sh -c rm -rf /d/*']);
    expect(runs(['docker-compose', '-f', 'ops.yml', 'run', '--rm', 'x'], { 'ops.yml': yml }).runs).toHaveLength(1);
    // entrypoint then command; the long volume syntax
    const ep = 'services:\n  a:\n    image: busybox\n    volumes:\n      - type: bind\n        source: ./data\n        target: /d\n    entrypoint: ["rm", "-rf"]\n    command: ["/d"]\n';
    expect(runs(['docker', 'compose', 'up', '-d'], { 'compose.yaml': ep }).runs).toEqual(['docker run --rm -v /p/data:/d busybox rm -rf /d']);
  });
  it('nothing for services without a command, files not written here, or subcommands that start nothing', () => {
    expect(runs(['docker', 'compose', 'up'], { 'compose.yml': 'services:\n  db:\n    image: postgres\n' }).runs).toEqual([]);
    expect(runs(['docker', 'compose', 'up'], {}).runs).toEqual([]);
    expect(runs(['docker', 'compose', 'config'], { 'compose.yml': 'services:\n  x:\n    image: a\n    command: rm -rf /d\n' }).runs).toEqual([]);
    expect(runs(['docker', 'ps'], { 'compose.yml': 'services:\n  x:\n    image: a\n    command: rm -rf /d\n' }).runs).toEqual([]);
  });
  it('a compose file written with content only known at run time is unknown', () => {
    expect(runs(['docker', 'compose', 'up'], { 'docker-compose.yml': null }).unknown).toMatch(/run time/);
  });
});
