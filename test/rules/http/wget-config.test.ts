// wget's startup file (~/.wgetrc, $WGETRC, --config) and wgetrc command names (-e), read before
// its options like wget does.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation, Word } from '../../../src/parse/types.js';
import { withWritten } from '../../../src/rules/files.js';
import { graphqlMutations, httpRequests, type HttpRequest } from '../../../src/rules/http/index.js';
import { dyn, inv } from '../../helpers/invocation.js';

const one = (i: Invocation): HttpRequest => {
  // The rules read files through what the line wrote, as src/rules/index.ts sets it.
  const r = withWritten(i.written, () => httpRequests(i));
  expect(r).toHaveLength(1);
  return r[0]!;
};
const root = mkdtempSync(join(tmpdir(), 'countersign-wgetrc-'));
const home = join(root, 'home');
const empty = join(root, 'empty');
const cwd = join(root, 'work');
[home, empty, cwd].forEach((d) => mkdirSync(d));
writeFileSync(join(home, '.wgetrc'), '# mine\nmethod = DELETE\n');
writeFileSync(join(cwd, 'post.rc'), 'Post-Data = {"query":"mutation { volumeDelete(volumeId: 1) }"}\n');
writeFileSync(join(cwd, 'quiet.rc'), 'quiet = on\ntries = 3\n');
const URL = 'https://api.example.com/users/42';

function wget(args: Array<string | Word>, vars: Record<string, string>, written?: Record<string, string | null>, unknownVars?: string[]): Invocation {
  const i = inv(['wget', ...args], { cwd });
  return { ...i, vars, ...(written ? { written: { files: new Map(Object.entries(written)), texts: [] } } : {}), ...(unknownVars ? { unknownVars } : {}) };
}

describe('the startup file', () => {
  it('~/.wgetrc is read before the options, which win', () => {
    expect(one(wget([URL], { HOME: home })).method).toBe('DELETE');
    expect(one(wget(['--method=GET', URL], { HOME: home })).method).toBe('GET');
    expect(one(wget([URL], { HOME: empty })).method).toBe('GET');
  });

  it('$WGETRC instead of ~/.wgetrc', () => {
    expect(one(wget([URL], { HOME: home, WGETRC: join(cwd, 'quiet.rc') })).method).toBe('GET');
    expect(one(wget([URL], { HOME: empty, WGETRC: join(home, '.wgetrc') })).method).toBe('DELETE');
  });

  it('--config FILE instead of both; --no-config reads none, unless --config is given too', () => {
    const r = one(wget(['--config=post.rc', URL], { HOME: home }));
    expect(r.method).toBe('POST');
    expect(graphqlMutations(r.body!)).toEqual(['volumeDelete']);
    expect(one(wget(['--no-config', URL], { HOME: home })).method).toBe('GET');
    expect(one(wget(['--no-config', '--config', 'post.rc', URL], { HOME: home })).method).toBe('POST');
  });

  it('a startup file the line writes: as written, or anything when only known at run time', () => {
    const rc = join(empty, '.wgetrc');
    expect(one(wget([URL], { HOME: empty }, { [rc]: 'method=PUT\n' })).method).toBe('PUT');
    expect(one(wget([URL], { HOME: empty }, { [rc]: null })).anywhere).toMatch(/\$HOME\/\.wgetrc/);
    expect(one(wget(['--config', dyn('$RC'), URL], {})).anywhere).toMatch(/\$RC/);
    expect(one(wget([URL], {}, undefined, ['WGETRC'])).anywhere).toMatch(/WGETRC/);
  });

  it("in a pod or container the startup file under an unknown $HOME is the image's, unless the line writes one", () => {
    const inPod = (i: Invocation): Invocation => ({ ...i, origin: ['top', { kind: 'exec', into: inv(['docker', 'exec', 'c']) } as never] });
    expect(one(inPod(wget([URL], {}, undefined, ['WGETRC', 'HOME']))).anywhere).toBeUndefined();
    expect(one({ ...inPod(wget([URL], {}, undefined, ['HOME'])), written: { files: new Map(), texts: ['~/.wgetrc'] } }).anywhere).toMatch(/HOME/);
  });

  it('a startup file that is not there is no reason to pause', () => {
    expect(one(wget(['--config=missing.rc', URL], { HOME: empty }))).toMatchObject({ method: 'GET', host: 'api.example.com' });
    expect(one(wget(['--config=missing.rc', URL], { HOME: empty })).anywhere).toBeUndefined();
  });
});

describe('wgetrc command names ignore case, _ and -', () => {
  it.each([['me_thod=DELETE'], ['METHOD = delete'], ['m-e-t-h-o-d=DELETE']])('-e %s', (cmd) => {
    expect(one(wget(['-e', cmd, URL], {})).method).toBe('DELETE');
  });

  it('-e body-data with -e method: the body is seen', () => {
    const r = one(wget(['-e', 'body-data={"query":"mutation { serviceDelete }"}', '-e', 'method=POST', URL], {}));
    expect(graphqlMutations(r.body!)).toEqual(['serviceDelete']);
  });

  it('-e input=FILE reads URLs like -i', () => {
    writeFileSync(join(cwd, 'urls.txt'), 'https://a.example.com/x\n');
    expect(one(wget(['-e', 'input=urls.txt'], {})).host).toBe('a.example.com');
  });
});
