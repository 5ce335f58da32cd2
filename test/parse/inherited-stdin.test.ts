// Red team 16-c: what a shell (or a script it runs) is given on stdin reaches the commands of its
// `-c` string; a shell in a container with no mount is read for clients that act outside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
beforeAll(() => {
  fx = detectionFixture('countersign-inherited-stdin-');
});
afterAll(() => fx.cleanup());

const rules = async (line: string): Promise<string[]> => (await check(line, fx.ctx)).findings.map((f) => f.rule);

describe('stdin handed down', () => {
  it('to the commands of bash -c and of a script the line wrote', async () => {
    expect(await rules("printf 'DROP TABLE users;\\n' | bash -c 'psql -d app'")).toContain('databases/drop-table');
    expect(await rules("printf 'TRUNCATE orders;\\n' | flock /tmp/l bash -c 'psql -d app'")).toContain('databases/truncate');
    expect(await rules(`printf '#!/bin/sh\\nexec psql "$@"\\n' > w.sh; chmod +x w.sh; ./w.sh app <<< 'DROP TABLE users'`)).toContain('databases/drop-table');
    expect(await rules("printf 'SELECT 1;\\n' | bash -c 'psql -d app'")).toEqual([]);
  });
  it('a shell in a container with no mount: its outside clients count, its own files do not', async () => {
    expect(await rules(`docker run --rm -e DATABASE_URL postgres:16 sh -c 'psql "$DATABASE_URL" -c "TRUNCATE users"'`)).toContain('databases/truncate');
    expect(await rules("docker run --rm alpine sh -c 'rm -rf /tmp/* /var/cache'")).toEqual([]);
  });
});

describe('printf %b', () => {
  it('reads \\0nnn octal in its argument, as echo -e does', async () => {
    expect(await rules(`eval "$(printf '%b' '\\0162\\0155 -rf data')"`)).toContain('filesystem/rm-protected');
  });
});
