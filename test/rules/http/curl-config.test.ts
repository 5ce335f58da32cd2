// curl's config files: the default one (~/.curlrc and friends) read before argv, -K files written
// by the line, short flags in a config, and --expand-OPTION.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation, Word } from '../../../src/parse/types.js';
import { withWritten } from '../../../src/rules/files.js';
import { httpRequests, type HttpRequest } from '../../../src/rules/http/index.js';
import { dyn, inv } from '../../helpers/invocation.js';

const one = (i: Invocation): HttpRequest => {
  // The rules read files through what the line wrote, as src/rules/index.ts sets it.
  const r = withWritten(i.written, () => httpRequests(i));
  expect(r).toHaveLength(1);
  return r[0]!;
};
const root = mkdtempSync(join(tmpdir(), 'countersign-curlrc-'));
const home = join(root, 'home');
const cwd = join(root, 'work');
mkdirSync(home);
mkdirSync(cwd);
const URL = 'https://api.example.com/users/42';

/** curl in `cwd` with these environment variables and files written by the line. */
function curl(args: Array<string | Word>, vars: Record<string, string>, written?: Record<string, string | null>, unknownVars?: string[]): Invocation {
  const i = inv(['curl', ...args], { cwd });
  return { ...i, vars, ...(written ? { written: { files: new Map(Object.entries(written)), texts: [] } } : {}), ...(unknownVars ? { unknownVars } : {}) };
}

describe('the default config file', () => {
  const dirs = ['curl-home', 'xdg', 'h'].map((d) => join(root, d));
  dirs.forEach((d) => mkdirSync(d));
  writeFileSync(join(dirs[0]!, '.curlrc'), 'request = DELETE\n');
  writeFileSync(join(dirs[1]!, 'curlrc'), '-X PATCH\n');
  writeFileSync(join(dirs[2]!, '.curlrc'), '--request PUT\n');

  it('$CURL_HOME/.curlrc, then $XDG_CONFIG_HOME/curlrc, then $HOME/.curlrc: the first there is', () => {
    expect(one(curl([URL], { CURL_HOME: dirs[0]!, XDG_CONFIG_HOME: dirs[1]!, HOME: dirs[2]! })).method).toBe('DELETE');
    expect(one(curl([URL], { XDG_CONFIG_HOME: dirs[1]!, HOME: dirs[2]! })).method).toBe('PATCH');
    expect(one(curl([URL], { CURL_HOME: home, HOME: dirs[2]! })).method).toBe('PUT');
    expect(one(curl([URL], { HOME: home })).method).toBe('GET');
  });

  it('argv comes after it: -X on the line wins', () => {
    expect(one(curl(['-X', 'GET', URL], { HOME: dirs[2]! })).method).toBe('GET');
  });

  it('-q or --disable as the first argument skips it; later, it does not', () => {
    expect(one(curl(['-q', URL], { HOME: dirs[2]! })).method).toBe('GET');
    expect(one(curl(['-qs', URL], { HOME: dirs[2]! })).method).toBe('GET');
    expect(one(curl(['--disable', URL], { HOME: dirs[2]! })).method).toBe('GET');
    expect(one(curl(['-s', '-q', URL], { HOME: dirs[2]! })).method).toBe('PUT');
  });

  it('a ~/.curlrc the line writes is read as written', () => {
    const rc = join(home, '.curlrc');
    expect(one(curl([URL], { HOME: home }, { [rc]: 'request = DELETE\n' })).method).toBe('DELETE');
    // Written with content only known at run time: anything goes.
    expect(one(curl([URL], { HOME: home }, { [rc]: null })).anywhere).toMatch(/curlrc/);
  });

  it('a relative $CURL_HOME is read from the working directory', () => {
    writeFileSync(join(cwd, '.curlrc'), 'request = DELETE\n');
    try {
      expect(one(curl([URL], { CURL_HOME: '.' })).method).toBe('DELETE');
    } finally {
      writeFileSync(join(cwd, '.curlrc'), '');
    }
  });

  it('$HOME set on the line to a run-time value: the default config could say anything', () => {
    expect(one(curl([URL], {}, undefined, ['HOME'])).anywhere).toMatch(/\$HOME\/\.curlrc/);
  });

  it("in a pod, a container or over ssh $HOME is that machine's: its curlrc is no reason to pause, unless the line writes one", () => {
    const inPod = (i: Invocation): Invocation => ({ ...i, origin: ['top', { kind: 'exec', into: inv(['kubectl', 'exec', 'p']) } as never] });
    expect(one(inPod(curl([URL], {}, undefined, ['HOME', 'CURL_HOME', 'XDG_CONFIG_HOME']))).anywhere).toBeUndefined();
    const wrote = { ...inPod(curl([URL], {}, undefined, ['HOME'])), written: { files: new Map(), texts: ['~/.curlrc'] } };
    expect(one(wrote).anywhere).toMatch(/curlrc/);
  });
});

describe('-K files', () => {
  it('one the line writes with content only known at run time (not on disk) could say anything', () => {
    expect(one(curl(['-K', 'x.cfg', URL], {}, { [join(cwd, 'x.cfg')]: null })).anywhere).toMatch(/x\.cfg/);
    expect(one(curl(['-K', 'x.cfg', URL], {}, { [join(cwd, 'x.cfg')]: 'request DELETE\n' })).method).toBe('DELETE');
  });

  it("short flags that don't touch the request (-s, -L, -k) are no reason to pause; unknown ones are", () => {
    writeFileSync(join(cwd, 'quiet.cfg'), '-s\n-L\n-k\n-sSL\n-H "X-A: b"\n-o out.txt\nsilent\n');
    expect(one(curl(['-K', 'quiet.cfg', URL], {}))).toMatchObject({ method: 'GET', host: 'api.example.com' });
    expect(one(curl(['-K', 'quiet.cfg', URL], {})).anywhere).toBeUndefined();
    writeFileSync(join(cwd, 'odd.cfg'), '-W\n');
    expect(one(curl(['-K', 'odd.cfg', URL], {})).anywhere).toMatch(/-W/);
    // A bundle with an option that takes a value isn't read apart: it could be -sXDELETE.
    writeFileSync(join(cwd, 'bundle.cfg'), '-sXDELETE\n');
    expect(one(curl(['-K', 'bundle.cfg', URL], {})).anywhere).toMatch(/-sXDELETE/);
  });

  it('short options that do touch it are read through the registry names (-X, -d, -T, -G)', () => {
    writeFileSync(join(cwd, 'short.cfg'), '-X DELETE\n-d a=1\n');
    expect(one(curl(['-K', 'short.cfg', URL], {}))).toMatchObject({ method: 'DELETE', body: 'a=1' });
  });
});

describe('--expand-OPTION (curl 8.3+)', () => {
  it('--expand-request is --request', () => {
    expect(one(curl(['--expand-request', 'DELETE', URL], {})).method).toBe('DELETE');
    expect(one(curl(['--expand-request=DELETE', URL], {})).method).toBe('DELETE');
  });

  it('a {{variable}} in it is only known at run time', () => {
    const r = one(curl(['--variable', 'm=DELETE', '--expand-request', '{{m}}', URL], {}));
    expect(r.methodUnknown).toMatch(/\{\{m\}\}/);
    expect(r.host).toBe('api.example.com');
    expect(one(curl(['--expand-url', 'https://{{host}}/x'], {}))).toMatchObject({ host: '' });
    expect(one(curl(['--expand-data', 'a={{x}}', URL], {})).bodyUnknown).toMatch(/\{\{x\}\}/);
    expect(one(curl(['--expand-config', '{{f}}', URL], {})).anywhere).toMatch(/\{\{f\}\}/);
  });

  it('--expand-data without variables is plain data', () => {
    expect(one(curl(['--expand-data', 'a=1', URL], {}))).toMatchObject({ method: 'POST', body: 'a=1' });
    expect(one(curl(['--expand-data', 'a=1', URL], {})).bodyUnknown).toBeUndefined();
  });

  it('a dynamic word stays dynamic', () => {
    expect(one(curl(['--expand-request', dyn('$M', '"$M"'), URL], {})).methodUnknown).toMatch(/\$M/);
  });
});
