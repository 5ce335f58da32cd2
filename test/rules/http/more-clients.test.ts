// HTTP clients and config files added for issue #15, with files already on disk (the evasion
// corpus covers the ones a line writes): httpie/xh config.json default_options, ~/.wget2rc, hurl
// files, lwp-request's links, and gh aliases kept in gh's config.yml.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedCode } from '../../../src/parse/embedded.js';
import type { Invocation } from '../../../src/parse/types.js';
import { withWritten } from '../../../src/rules/files.js';
import { httpRequests } from '../../../src/rules/http/index.js';
import { inv } from '../../helpers/invocation.js';

const root = mkdtempSync(join(tmpdir(), 'countersign-more-http-'));
const home = join(root, 'home');
const plain = join(root, 'plain');
const cwd = join(root, 'work');
for (const d of [join(home, '.config', 'httpie'), join(home, '.config', 'xh'), join(home, '.config', 'gh'), plain, cwd]) mkdirSync(d, { recursive: true });
writeFileSync(join(home, '.config', 'httpie', 'config.json'), '{"default_options": ["--style=auto", "DELETE"]}');
writeFileSync(join(home, '.config', 'xh', 'config.json'), '{"default_options": ["DELETE"]}');
writeFileSync(join(home, '.wget2rc'), 'method = DELETE\n');
writeFileSync(join(home, '.config', 'gh', 'config.yml'), 'git_protocol: https\naliases:\n    co: pr checkout\n    nuke: api -X DELETE /repos/o/r\n    wipe: \'!rm -rf data\'\n');
writeFileSync(join(cwd, 'api.hurl'), '# smoke\nGET https://api.example.com/health\nHTTP 200\n\nDELETE https://api.example.com/users/42\nAuthorization: Bearer x\nHTTP 204\n');
const URL = 'https://api.example.com/users/42';

const run = (argv: string[], vars: Record<string, string>): Invocation => ({ ...inv(argv, { cwd }), vars });
const methods = (i: Invocation): string[] => withWritten(i.written, () => httpRequests(i)).map((r) => r.method);

describe('config files on disk', () => {
  it('httpie and xh put config.json default_options (a METHOD too) before the arguments', () => {
    expect(methods(run(['http', URL], { HOME: home }))).toEqual(['DELETE']);
    expect(methods(run(['xh', URL], { HOME: home }))).toEqual(['DELETE']);
    expect(methods(run(['http', URL], { HOME: plain }))).toEqual(['GET']);
    expect(methods(run(['http', URL], { HOME: plain, HTTPIE_CONFIG_DIR: join(home, '.config', 'httpie') }))).toEqual(['DELETE']);
  });

  it('wget2 reads ~/.wget2rc, not ~/.wgetrc', () => {
    expect(methods(run(['wget2', URL], { HOME: home }))).toEqual(['DELETE']);
    expect(methods(run(['wget2', URL], { HOME: plain }))).toEqual(['GET']);
  });

  it('hurl sends each request line of its files', () => {
    expect(methods(run(['hurl', '--test', 'api.hurl'], {}))).toEqual(['GET', 'DELETE']);
    expect(methods(run(['hurl', 'missing.hurl'], {}))).toEqual([]);
  });

  it("lwp-request's links are named by the method, which -m overrides", () => {
    // The walker names them lwp-request (programs/links.ts; the evasion corpus runs that part).
    const lwp = (argv: string[]) => ({ ...run(argv, {}), name: 'lwp-request' });
    expect(methods(lwp(['DELETE', URL]))).toEqual(['DELETE']);
    expect(methods(lwp(['/usr/bin/GET', '-m', 'DELETE', URL]))).toEqual(['DELETE']);
    expect(methods(lwp(['GET', URL]))).toEqual(['GET']);
    expect(methods(lwp(['lwp-request', URL]))).toEqual(['GET']);
  });

  it("gh runs an alias of its config.yml; gh's own commands and unknown names run nothing more", () => {
    const code = (argv: string[]) => embeddedCode(run(argv, { HOME: home })).map((e) => e.code);
    expect(code(['gh', 'nuke'])).toEqual(['gh api -X DELETE /repos/o/r']);
    expect(code(['gh', 'wipe'])).toEqual(['rm -rf data']);
    expect(code(['gh', 'co', '12'])).toEqual(['gh pr checkout 12']);
    expect(code(['gh', 'pr', 'list'])).toEqual([]);
  });
});

describe('glab api', () => {
  const reqs = (argv: string[], vars: Record<string, string> = {}) => httpRequests(run(argv, vars)).map((r) => `${r.method} ${r.url}`);
  it("reads gh's options against GitLab's /api/v4/ and /api/graphql, on GITLAB_HOST when set", () => {
    expect(reqs(['glab', 'api', '-X', 'DELETE', 'projects/4512345'])).toEqual(['DELETE https://gitlab.com/api/v4/projects/4512345']);
    expect(reqs(['glab', 'api', '--method', 'DELETE', '/projects/acme%2Fshop'], { GITLAB_HOST: 'https://git.acme.com' })).toEqual(['DELETE https://git.acme.com/api/v4/projects/acme%2Fshop']);
    expect(reqs(['glab', 'api', 'graphql', '-f', 'query=mutation { destroyNote(input: {id: "n"}) { errors } }'])).toEqual(['POST https://gitlab.com/api/graphql']);
    expect(reqs(['glab', 'api', 'projects/4512345/repository/branches'])).toEqual(['GET https://gitlab.com/api/v4/projects/4512345/repository/branches']);
    expect(reqs(['glab', 'mr', 'list'])).toEqual([]);
  });
});

describe('load generators', () => {
  const reqs = (argv: string[]) => httpRequests(run(argv, {})).map((r) => `${r.method} ${r.url}`);
  it('ab, hey and oha send -m METHOD to their one URL (ab: -p posts, -u puts, -i is HEAD)', () => {
    expect(reqs(['ab', '-n', '1', '-m', 'DELETE', '-H', 'A: b', URL])).toEqual([`DELETE ${URL}`]);
    expect(reqs(['ab', '-n', '10', '-p', 'body.json', '-T', 'application/json', URL])).toEqual([`POST ${URL}`]);
    expect(reqs(['ab', '-n', '10', '-c', '2', URL])).toEqual([`GET ${URL}`]);
    expect(reqs(['hey', '-n', '1', '-c', '1', '-m', 'DELETE', '-host', 'x', URL])).toEqual([`DELETE ${URL}`]);
    expect(reqs(['oha', '-n', '1', '--method', 'delete', URL])).toEqual([`DELETE ${URL}`]);
  });
});

describe('graphqurl', () => {
  it('posts -q QUERY (or --queryFile) as a GraphQL body to its endpoint; without a query it opens a prompt', () => {
    const r = httpRequests(run(['gq', 'https://api.x.com/graphql', '-H', 'A: b', '-q', 'mutation { volumeDelete(volumeId: "v") }'], {}));
    expect(r.map((x) => [x.method, x.url, x.body])).toEqual([['POST', 'https://api.x.com/graphql', '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}']]);
    expect(httpRequests(run(['graphqurl', 'https://api.x.com/graphql', '--queryFile', 'missing.graphql'], {}))[0]?.bodyUnknown).toBeTruthy();
    expect(httpRequests(run(['gq', 'https://api.x.com/graphql'], {}))).toEqual([]);
  });
});
