import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation, StdinSource, Word } from '../../src/parse/types.js';
import { HTTP_CLIENTS, graphqlMutations, httpRequests, type HttpRequest } from '../../src/rules/http/index.js';

import { dyn, inv, w } from '../helpers/invocation.js';
const one = (i: Invocation): HttpRequest => {
  const r = httpRequests(i);
  expect(r).toHaveLength(1);
  return r[0]!;
};
const dir = mkdtempSync(join(tmpdir(), 'countersign-http-'));
writeFileSync(join(dir, 'body.json'), '{"query":"mutation {\\n  volumeDelete(volumeId: \\"v\\")\\n}"}\n');
writeFileSync(join(dir, 'ops.json'), '{"query":"mutation { serviceDelete(id: 1) }"}');
writeFileSync(join(dir, 'urls.txt'), 'https://a.example.com/x\n# comment\nhttps://b.example.com/y\n');

describe('the incident', () => {
  it('curl -X POST to Railway with a volumeDelete mutation', () => {
    const r = one(inv(['curl', '-X', 'POST', 'https://backboard.railway.app/graphql/v2', '-H', 'Authorization: Bearer x', '-H', 'Content-Type: application/json',
      '-d', '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}']));
    expect(r).toMatchObject({ tool: 'curl', method: 'POST', host: 'backboard.railway.app', path: '/graphql/v2', local: false });
    expect(r.bodyUnknown).toBeUndefined();
    expect(graphqlMutations(r.body!)).toEqual(['volumeDelete']);
  });
});

describe('HTTP_CLIENTS', () => {
  it('lists the tools', () => {
    expect(HTTP_CLIENTS).toEqual(expect.arrayContaining(['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'curlie']));
  });
});

describe('curl', () => {
  const cases: Array<[string, Array<string | Word>, Partial<HttpRequest>]> = [
    ['plain GET', ['curl', 'https://api.example.com/v1/volumes'], { method: 'GET', host: 'api.example.com', path: '/v1/volumes' }],
    ['-X GET', ['curl', '-X', 'GET', 'https://api.example.com/v1/volumes/1'], { method: 'GET' }],
    ['-X DELETE', ['curl', '-X', 'DELETE', 'https://api.example.com/v1/volumes/1'], { method: 'DELETE', path: '/v1/volumes/1' }],
    ['-XDELETE attached', ['curl', '-XDELETE', 'https://api.example.com/v1/projects/42'], { method: 'DELETE' }],
    ['--request DELETE', ['curl', '--request', 'DELETE', 'https://api.example.com/v1/volumes/1'], { method: 'DELETE' }],
    ['--request=delete', ['curl', '--request=delete', 'https://api.example.com/x'], { method: 'DELETE' }],
    ['-sSX DELETE bundled', ['curl', '-sSX', 'DELETE', 'https://api.example.com/v1/volumes/1'], { method: 'DELETE' }],
    ['-sXPOST bundled attached', ['curl', '-sXPOST', 'https://api.example.com/x'], { method: 'POST' }],
    ['-sSL then URL', ['curl', '-sSL', 'https://api.example.com/x'], { method: 'GET', host: 'api.example.com' }],
    ['abbreviated --data-u', ['curl', '--data-u', 'q=a b', 'https://api.example.com/x'], { method: 'POST', body: 'q=a%20b' }],
    ['abbreviated --user-ag takes its value', ['curl', '--user-ag', 'x', 'https://api.example.com/x'], { host: 'api.example.com' }],
    ['-I', ['curl', '-I', 'https://api.example.com/v1/volumes/1'], { method: 'HEAD' }],
    ['--head', ['curl', '--head', 'https://api.example.com/'], { method: 'HEAD' }],
    ['-d makes POST', ['curl', '-d', 'a=1', 'https://api.example.com/x'], { method: 'POST', body: 'a=1' }],
    ['two -d joined by &', ['curl', '-d', 'a=1', '--data', 'b=2', 'https://api.example.com/x'], { body: 'a=1&b=2' }],
    ['--data-raw', ['curl', 'https://api.example.com/x', '--data-raw', '@notafile'], { method: 'POST', body: '@notafile' }],
    ['--json', ['curl', 'https://api.example.com/x', '--json', '{"a":1}'], { method: 'POST', body: '{"a":1}' }],
    ['--data-urlencode', ['curl', '--data-urlencode', 'q=a b&c', 'https://api.example.com/x'], { body: 'q=a%20b%26c' }],
    ['-G makes a query', ['curl', '-G', '-d', 'q=1', 'https://api.example.com/search'], { method: 'GET', url: 'https://api.example.com/search?q=1' }],
    ['-F form POST', ['curl', '-F', 'name=x', 'https://api.example.com/upload'], { method: 'POST', body: 'name=x' }],
    ['-T upload is PUT', ['curl', '-T', 'body.json', 'https://api.example.com/put'], { method: 'PUT' }],
    ['-X wins over -d', ['curl', '-X', 'PATCH', '-d', '{}', 'https://api.example.com/x'], { method: 'PATCH' }],
    ['--url', ['curl', '--url', 'https://api.example.com/u', '-X', 'DELETE'], { method: 'DELETE', host: 'api.example.com', path: '/u' }],
    ['--url=', ['curl', '--url=https://api.example.com/u'], { host: 'api.example.com' }],
    ['scheme-less', ['curl', 'api.example.com/x'], { url: 'http://api.example.com/x', host: 'api.example.com', path: '/x' }],
    ['port and userinfo', ['curl', 'https://u:p@API.example.com:8443/a?b=1#c'], { host: 'api.example.com', path: '/a' }],
    ['query without path', ['curl', 'https://api.example.com?x=1'], { path: '/' }],
    ['options with values skipped', ['curl', '-H', 'X: y', '-u', 'a:b', '-o', '/dev/null', '-A', 'ua', '-e', 'ref', '-b', 'c=1', '-c', 'jar', '--connect-timeout', '5', '-m', '10', '-w', '%{http_code}', '--resolve', 'x:443:1.2.3.4', '-x', 'http://proxy:3128', '--retry', '3', '--cacert', 'ca.pem', '--oauth2-bearer', 'tok', 'https://api.example.com/z'], { host: 'api.example.com', path: '/z', method: 'GET' }],
    ['dynamic header value', ['curl', '-H', dyn('Authorization: Bearer $TOKEN', '"Authorization: Bearer $TOKEN"'), '-X', 'DELETE', 'https://api.github.com/repos/acme/app'], { method: 'DELETE', host: 'api.github.com', path: '/repos/acme/app' }],
    ['-o and -w after URL', ['curl', '-X', 'DELETE', 'https://api.example.com/v1/volumes/1', '-o', '/dev/null', '-w', '%{http_code}'], { method: 'DELETE' }],
    ['localhost', ['curl', '-X', 'DELETE', 'http://localhost:3000/api/x'], { local: true, host: 'localhost' }],
    ['127.0.0.1', ['curl', '-X', 'DELETE', 'http://127.0.0.1:8080/cache/key'], { local: true }],
    ['127.1 short form', ['curl', 'http://127.1/x'], { local: true }],
    ['::1', ['curl', 'http://[::1]:8080/x'], { local: true, host: '::1' }],
    ['*.localhost', ['curl', 'http://app.localhost/x'], { local: true }],
    ['0.0.0.0', ['curl', 'http://0.0.0.0:8000/x'], { local: true }],
    ['scheme-less localhost', ['curl', 'localhost:8080/x'], { local: true }],
    ['localhost.evil.com is remote', ['curl', 'http://localhost.evil.com/x'], { local: false }],
    ['userinfo trick is remote', ['curl', 'http://localhost@evil.com/x'], { local: false, host: 'evil.com' }],
    ['127.0.0.1.nip.io is remote', ['curl', 'http://127.0.0.1.nip.io/x'], { local: false }],
    ['--unix-socket is not local', ['curl', '--unix-socket', '/var/run/docker.sock', '-X', 'DELETE', 'http://localhost/containers/x'], { local: false }],
    ['--resolve to remote is not local', ['curl', '--resolve', 'localhost:80:1.2.3.4', 'http://localhost/'], { local: false }],
    ['--proxy is not local', ['curl', '-x', 'http://proxy', 'http://localhost/'], { local: false }],
    ['delete in the path of a GET', ['curl', 'https://docs.example.com/delete-guide.html'], { method: 'GET', path: '/delete-guide.html' }],
  ];
  it.each(cases)('%s', (_n, args, want) => {
    expect(one(inv(args, { cwd: dir }))).toMatchObject(want);
  });

  it('-G leaves no body', () => {
    expect(one(inv(['curl', '-G', '-d', 'q=1', 'https://api.example.com/search'])).body).toBeUndefined();
  });

  it('quoted method arrives as one word', () => {
    expect(one(inv(['curl', '-X', { value: 'DELETE', dynamic: false, glob: false, text: `'DE'"LETE"` }, 'https://api.example.com/v1/volumes/1'])).method).toBe('DELETE');
  });

  it('one request per URL, --next starts a new group', () => {
    const r = httpRequests(inv(['curl', '-X', 'DELETE', 'https://a.example.com/1', 'https://b.example.com/2', '--next', 'https://c.example.com/3']));
    expect(r.map((x) => [x.method, x.host])).toEqual([['DELETE', 'a.example.com'], ['DELETE', 'b.example.com'], ['GET', 'c.example.com']]);
  });

  it('no URL, no request', () => {
    expect(httpRequests(inv(['curl', '--version']))).toEqual([]);
  });

  it('marks a mutation field completed by a run-time value ($OP where a field is named)', () => {
    expect(graphqlMutations('mutation { volume$OP(id: "v1") { id } }')).toEqual(['$']);
    expect(graphqlMutations('mutation { $OP(id: "v1") }')).toEqual(['$']);
    expect(graphqlMutations('mutation { a: volume$X$Y }')).toEqual(['$']);
    // Variables in arguments are GraphQL's own.
    expect(graphqlMutations('mutation M($id: ID!) { projectUpdate(id: $id) { id } }')).toEqual(['projectUpdate']);
  });

  it('reads -d @file relative to cwd (newlines dropped) and --data-binary @file as is', () => {
    const r = one(inv(['curl', '-d', '@body.json', 'https://backboard.railway.app/graphql/v2'], { cwd: dir }));
    expect(r.body).not.toContain('\n');
    expect(graphqlMutations(r.body!)).toEqual(['volumeDelete']);
    const b = one(inv(['curl', '--data-binary', `@${join(dir, 'body.json')}`, 'https://x.example.com/'], { cwd: undefined }));
    expect(b.body).toContain('\n');
  });

  it('body from stdin: heredoc, here-string, literal pipe', () => {
    const body = '{"query":"mutation { environmentDelete(id: \\"e1\\") }"}\n';
    for (const stdin of [
      { kind: 'heredoc', text: body, expands: false },
      { kind: 'herestring', text: body, dynamic: false },
      { kind: 'pipe', from: 'echo', text: body },
    ] as StdinSource[]) {
      const r = one(inv(['curl', '-H', 'content-type: application/json', '-d', '@-', 'https://backboard.railway.app/graphql/v2'], { stdin }));
      expect(r.method).toBe('POST');
      expect(graphqlMutations(r.body!)).toEqual(['environmentDelete']);
    }
    const bin = one(inv(['curl', '--data-binary', '@-', 'https://x.example.com/'], { stdin: { kind: 'herestring', text: 'x', dynamic: false } }));
    expect(bin.body).toBe('x');
  });

  it('body it cannot see', () => {
    expect(one(inv(['curl', '-d', '@-', 'https://x.example.com/'], { stdin: { kind: 'pipe', from: 'jq .' } })).bodyUnknown).toMatch(/piped from jq/);
    expect(one(inv(['curl', '-d', '@-', 'https://x.example.com/'])).bodyUnknown).toMatch(/terminal/);
    expect(one(inv(['curl', '-d', '@missing.json', 'https://x.example.com/'], { cwd: dir })).bodyUnknown).toMatch(/can't read missing\.json/);
    expect(one(inv(['curl', '-d', '@body.json', 'https://x.example.com/'], { cwd: undefined })).bodyUnknown).toMatch(/directory/);
    const d = one(inv(['curl', '-d', dyn('{"query":"mutation { volumeDelete(volumeId: \\"$ID\\") }"}'), 'https://x.example.com/']));
    expect(d.bodyUnknown).toMatch(/run time/);
    expect(graphqlMutations(d.body!)).toEqual(['volumeDelete']); // the visible part still counts
  });

  it('dynamic URL or method', () => {
    const u = one(inv(['curl', '-X', 'DELETE', dyn('$API/volumes/1', '"$API/volumes/1"')]));
    expect(u.unknown).toMatch(/URL/);
    expect(u.host).toBe('');
    expect(u.local).toBe(false);
    const h = one(inv(['curl', dyn('https://api.example.com/v1/$ID')]));
    expect(h.host).toBe('api.example.com');
    const m = one(inv(['curl', '-X', dyn('$M'), 'https://api.example.com/x']));
    expect(m.unknown).toMatch(/method/);
    // A config that exists but can't be read (here a directory) could hold anything.
    mkdirSync(join(dir, 'opts.d'), { recursive: true });
    const k = one(inv(['curl', '-K', 'opts.d'], { cwd: dir }));
    expect(k.unknown).toMatch(/opts\.d/);
    expect(k.anywhere).toMatch(/opts\.d/);
    expect(one(inv(['curl', '-K', dyn('$CFG'), 'https://x.example.com/'], { cwd: dir })).anywhere).toMatch(/CFG/);
    // A missing config file: curl stops with error 26 and sends nothing, so the URL given is all.
    expect(one(inv(['curl', '-K', 'missing.cfg', 'https://x.example.com/'], { cwd: dir })).anywhere).toBeUndefined();
  });

  it('-K FILE is read like argv: url, request, data lines', () => {
    writeFileSync(join(dir, 'del.cfg'), '# delete it\nurl = "https://api.render.com/v1/services/srv-1"\nrequest = "DELETE"\nsilent\n');
    writeFileSync(join(dir, 'post.cfg'), '-X POST\n--url https://backboard.railway.app/graphql/v2\ndata = "@ops.json"\n');
    writeFileSync(join(dir, 'odd.cfg'), '-Z\n');
    expect(one(inv(['curl', '-K', 'del.cfg'], { cwd: dir }))).toMatchObject({ method: 'DELETE', host: 'api.render.com', path: '/v1/services/srv-1' });
    expect(one(inv(['curl', '--config', 'del.cfg'], { cwd: dir })).anywhere).toBeUndefined();
    expect(graphqlMutations(one(inv(['curl', '-K', 'post.cfg'], { cwd: dir })).body!)).toEqual(['serviceDelete']);
    // An option it can't map could be anything.
    expect(one(inv(['curl', '-K', 'odd.cfg', 'https://x.example.com/'], { cwd: dir })).anywhere).toMatch(/-Z/);
  });

  it('a body from "$(cat FILE)" is the file, like @FILE', () => {
    const r = one(inv(['curl', 'https://backboard.railway.app/graphql/v2', '-d', dyn('$(cat ops.json)')], { cwd: dir }));
    expect(graphqlMutations(r.body!)).toEqual(['serviceDelete']);
    expect(r.bodyUnknown).toBeUndefined();
    expect(one(inv(['curl', 'https://x.example.com/', '--data-binary', dyn('$(< ops.json)')], { cwd: dir })).body).toContain('serviceDelete');
    expect(one(inv(['curl', 'https://x.example.com/', '-d', dyn('$(cat nothere.json)')], { cwd: dir })).bodyUnknown).toMatch(/nothere/);
    expect(one(inv(['curl', 'https://x.example.com/', '-d', dyn('$(cat a.json b.json)')], { cwd: dir })).bodyUnknown).toBeDefined();
  });

  it('--json and -F read files', () => {
    expect(graphqlMutations(one(inv(['curl', '--json', '@ops.json', 'https://x.example.com/g'], { cwd: dir })).body!)).toEqual(['serviceDelete']);
    const f = one(inv(['curl', '-F', 'operations=<ops.json', 'https://x.example.com/g'], { cwd: dir }));
    expect(graphqlMutations(f.body!)).toEqual(['serviceDelete']);
  });

  it('GraphQL bodies from the evasion list', () => {
    const bodies: Array<[Array<string | Word>, string[]]> = [
      [['curl', 'https://backboard.railway.com/graphql/v2', '--data-raw', '{"query":"mutation { projectDelete(id: \\"p1\\") }"}'], ['projectDelete']],
      [['curl', 'https://backboard.railway.app/graphql/v2', '--json', '{"query":"mutation { serviceDelete(id: \\"s1\\") }"}'], ['serviceDelete']],
      [['curl', 'https://backboard.railway.app/graphql/v2', '--data', '{"query":"mutation($id: String!) { volumeDelete(volumeId: $id) }","variables":{"id":"v1"}}'], ['volumeDelete']],
      [['curl', '-s', 'https://backboard.railway.app/graphql/v2', '-H', 'content-type: application/json', '-d', '{"query":"query { me { id email } }"}'], []],
    ];
    for (const [args, want] of bodies) {
      const r = one(inv(args));
      expect(r.method).toBe('POST');
      expect(graphqlMutations(r.body!)).toEqual(want);
    }
  });
});

describe('curlie', () => {
  it('httpie-style method and items with curl options', () => {
    const r = one(inv(['curlie', '-v', 'DELETE', 'https://api.example.com/x']));
    expect(r).toMatchObject({ tool: 'curlie', method: 'DELETE', host: 'api.example.com' });
    const p = one(inv(['curlie', 'POST', 'https://api.example.com/g', 'query=mutation { userDelete(id: 1) }']));
    expect(p.method).toBe('POST');
    expect(graphqlMutations(p.body!)).toEqual(['userDelete']);
    expect(one(inv(['curlie', 'https://api.example.com/x'])).method).toBe('GET');
  });
});

describe('wget', () => {
  const cases: Array<[string, Array<string | Word>, Partial<HttpRequest>]> = [
    ['plain', ['wget', '-qO-', 'https://api.example.com/health'], { method: 'GET', host: 'api.example.com', path: '/health' }],
    ['--method=DELETE', ['wget', '--method=DELETE', 'https://api.example.com/v1/volumes/1'], { method: 'DELETE' }],
    ['--method DELETE', ['wget', '-qO-', '--method', 'DELETE', 'https://api.example.com/v1/projects/42'], { method: 'DELETE' }],
    ['-nv is one option', ['wget', '-nv', '--method=delete', 'https://api.example.com/x'], { method: 'DELETE' }],
    ['--post-data', ['wget', '-qO-', '--post-data={"query":"mutation { serviceDelete(id: \\"s1\\") }"}', 'https://backboard.railway.com/graphql/v2'], { method: 'POST', host: 'backboard.railway.com' }],
    ['--body-data with --method', ['wget', '--method=PUT', '--body-data', 'x=1', 'https://api.example.com/x'], { method: 'PUT', body: 'x=1' }],
    ['--post-file', ['wget', '--post-file', 'body.json', 'https://api.example.com/g'], { method: 'POST' }],
    ['--spider is HEAD', ['wget', '--spider', 'https://api.example.com/x'], { method: 'HEAD' }],
    ['-e method=DELETE', ['wget', '-e', 'method=DELETE', 'https://api.example.com/x'], { method: 'DELETE' }],
    ['abbreviated --meth', ['wget', '--meth=DELETE', 'https://api.example.com/x'], { method: 'DELETE' }],
    ['options with values', ['wget', '-O', 'out', '-U', 'ua', '--header', 'A: b', '-t', '3', '-T', '5', 'https://api.example.com/x'], { method: 'GET', host: 'api.example.com' }],
  ];
  it.each(cases)('%s', (_n, args, want) => {
    expect(one(inv(args, { cwd: dir }))).toMatchObject(want);
  });
  it('finds the mutation in --post-data and --post-file', () => {
    expect(graphqlMutations(one(inv(['wget', '--post-data={"query":"mutation { serviceDelete(id: \\"s1\\") }"}', 'https://x/g'])).body!)).toEqual(['serviceDelete']);
    expect(graphqlMutations(one(inv(['wget', '--post-file', 'body.json', 'https://x/g'], { cwd: dir })).body!)).toEqual(['volumeDelete']);
  });
  it('-i reads URLs from a file', () => {
    expect(httpRequests(inv(['wget', '-i', 'urls.txt'], { cwd: dir })).map((r) => r.host)).toEqual(['a.example.com', 'b.example.com']);
    expect(one(inv(['wget', '-i', 'nope.txt'], { cwd: dir })).unknown).toMatch(/nope\.txt/);
  });
});

describe('httpie / xh', () => {
  const cases: Array<[string, Array<string | Word>, Partial<HttpRequest>]> = [
    ['http GET', ['http', 'GET', 'api.example.com/v1/volumes'], { method: 'GET', host: 'api.example.com', url: 'http://api.example.com/v1/volumes' }],
    ['http URL only', ['http', 'api.example.com/v1/volumes'], { method: 'GET' }],
    ['http DELETE', ['http', 'DELETE', 'api.example.com/x'], { method: 'DELETE', host: 'api.example.com' }],
    ['http delete lower-case', ['http', 'delete', 'api.example.com/x'], { method: 'DELETE' }],
    ['http flags and header item', ['http', '--ignore-stdin', 'DELETE', 'https://api.example.com/v1/users/7', 'Authorization:Bearer x'], { method: 'DELETE', path: '/v1/users/7' }],
    ['https defaults to https', ['https', 'api.example.com/x'], { url: 'https://api.example.com/x' }],
    ['xh DELETE', ['xh', 'DELETE', 'api.example.com/v1/volumes/1'], { tool: 'xh', method: 'DELETE' }],
    ['xhs', ['xhs', 'api.example.com/x'], { url: 'https://api.example.com/x' }],
    ['data items make POST JSON', ['http', 'api.example.com/x', 'name=bob', 'age:=3'], { method: 'POST', body: '{"name":"bob","age":3}' }],
    ['--form', ['http', '-f', 'api.example.com/x', 'a=b c'], { method: 'POST', body: 'a=b%20c' }],
    ['query items do not make a body', ['http', 'api.example.com/search', 'q==drop'], { method: 'GET', url: 'http://api.example.com/search?q=drop' }],
    ['--raw body', ['http', '--raw', 'mutation { a }', 'POST', 'api.example.com/g'], { method: 'POST', body: 'mutation { a }' }],
    [':3000 shorthand', ['http', 'DELETE', ':3000/x'], { local: true, host: 'localhost', path: '/x' }],
    ['options with values', ['http', '-a', 'u:p', '--timeout', '3', '-p', 'HBhb', 'PUT', 'api.example.com/x'], { method: 'PUT' }],
    ['body file item', ['http', 'POST', 'api.example.com/g', 'query=@body.json'], { method: 'POST' }],
  ];
  it.each(cases)('%s', (_n, args, want) => {
    expect(one(inv(args, { cwd: dir }))).toMatchObject(want);
  });
  it('reads the body from stdin unless told not to', () => {
    const stdin: StdinSource = { kind: 'pipe', from: 'echo', text: '{"query":"mutation { volumeDelete(id: 1) }"}' };
    const r = one(inv(['http', 'api.example.com/g'], { stdin }));
    expect(r.method).toBe('POST');
    expect(graphqlMutations(r.body!)).toEqual(['volumeDelete']);
    expect(one(inv(['http', '--ignore-stdin', 'api.example.com/g'], { stdin })).method).toBe('GET');
    expect(one(inv(['xh', 'POST', 'api.example.com/g'], { stdin: { kind: 'pipe', from: 'jq .' } })).bodyUnknown).toMatch(/piped/);
  });
  it('graphql via data item', () => {
    expect(graphqlMutations(one(inv(['http', 'POST', 'api.example.com/g', 'query=mutation { serviceDelete(id: 1) }'])).body!)).toEqual(['serviceDelete']);
  });
  it('--offline sends nothing', () => {
    expect(httpRequests(inv(['http', '--offline', 'DELETE', 'api.example.com/x']))).toEqual([]);
  });
});

// gh api: fields become the body, -F key=@file reads a file, --input is the whole body; a GraphQL
// query that can't be seen leaves the body unknown (the github pack then pauses).
describe('gh api', () => {
  writeFileSync(join(dir, 'delete-ref.graphql'), '# drop the release branch\nmutation($id: ID!) {\n  gone: deleteRef(input: {refId: $id}) { clientMutationId }\n}\n');
  writeFileSync(join(dir, 'viewer.graphql'), 'query { viewer { login } }\n');
  writeFileSync(join(dir, 'gh-body.json'), '{"query":"mutation { deleteIssue(input: {issueId: \\"I\\"}) { clientMutationId } }"}');
  const gh = (args: Array<string | Word>, o: { stdin?: StdinSource; cwd?: string } = {}) => one(inv(['gh', ...args], { cwd: dir, ...o }));
  const mutations = (r: HttpRequest) => graphqlMutations(r.body ?? '');

  const cases: Array<[string, Array<string | Word>, Partial<HttpRequest>]> = [
    ['a REST GET', ['api', 'repos/acme/shop'], { tool: 'gh', method: 'GET', url: 'https://api.github.com/repos/acme/shop', host: 'api.github.com', path: '/repos/acme/shop' }],
    ['a leading slash', ['api', '/repos/acme/shop'], { path: '/repos/acme/shop' }],
    ['-X DELETE', ['api', '-X', 'DELETE', 'repos/acme/shop'], { method: 'DELETE' }],
    ['-XDELETE', ['api', '-XDELETE', 'repos/acme/shop'], { method: 'DELETE' }],
    ['-X=DELETE (pflag drops the =)', ['api', '-X=DELETE', 'repos/acme/shop'], { method: 'DELETE' }],
    ['--method=delete after the endpoint', ['api', 'repos/acme/shop', '--method=delete'], { method: 'DELETE' }],
    ['flags before api', ['-R', 'acme/shop', 'api', 'repos/acme/shop'], { path: '/repos/acme/shop' }],
    ['fields make a POST with a JSON body', ['api', 'repos/acme/shop/issues', '-f', 'title=Bug', '-F', 'draft=true'], { method: 'POST', body: '{"title":"Bug","draft":"true"}' }],
    ['a GET sends REST fields as a query string', ['api', 'search/issues', '-X', 'GET', '-f', 'q=is:open'], { method: 'GET', url: 'https://api.github.com/search/issues?q=is%3Aopen' }],
    ['GraphQL: query on top, the rest under variables', ['api', 'graphql', '-F', 'id=REF', '-f', 'query=mutation($id: ID!) { deleteRef(input: {refId: $id}) { clientMutationId } }'],
      { method: 'POST', url: 'https://api.github.com/graphql', body: '{"query":"mutation($id: ID!) { deleteRef(input: {refId: $id}) { clientMutationId } }","variables":{"id":"REF"}}' }],
    ['Enterprise Server', ['--hostname', 'ghe.acme.com', 'api', 'graphql', '-f', 'query=query { viewer { login } }'], { url: 'https://ghe.acme.com/api/graphql', host: 'ghe.acme.com' }],
    ['Enterprise Server REST', ['api', '--hostname', 'ghe.acme.com', 'repos/acme/shop'], { url: 'https://ghe.acme.com/api/v3/repos/acme/shop' }],
    ['an absolute URL', ['api', 'https://api.github.com/graphql', '-f', 'query=mutation { deleteRef(input: {refId: "R"}) { clientMutationId } }'], { host: 'api.github.com', path: '/graphql' }],
    ['--input moves the fields to the URL', ['api', 'graphql', '--input', 'gh-body.json', '-f', 'operationName=Op'], { method: 'POST', url: 'https://api.github.com/graphql?operationName=Op' }],
  ];
  it.each(cases)('%s', (_n, args, want) => {
    expect(gh(args)).toMatchObject(want);
  });

  it('is only gh api', () => {
    expect(httpRequests(inv(['gh', 'repo', 'delete', 'acme/shop']))).toEqual([]);
    expect(httpRequests(inv(['gh', 'api']))).toEqual([]);
    expect(httpRequests(inv(['gh', dyn('$CMD'), 'repos/acme/shop']))).toEqual([]);
  });

  it('reads -F query=@FILE, relative to the working directory', () => {
    const r = gh(['api', 'graphql', '-F', 'query=@delete-ref.graphql', '-F', 'id=REF_kw']);
    expect(r.bodyUnknown).toBeUndefined();
    expect(mutations(r)).toEqual(['deleteRef']);
    expect(mutations(gh(['api', 'graphql', '--field', `query=@${join(dir, 'delete-ref.graphql')}`], { cwd: '/' }))).toEqual(['deleteRef']);
    expect(mutations(gh(['api', 'graphql', '-F=query=@delete-ref.graphql']))).toEqual(['deleteRef']);
    expect(mutations(gh(['api', 'graphql', '-F', 'query=@viewer.graphql']))).toEqual([]);
  });

  it('never reads a file for -f/--raw-field', () => {
    const r = gh(['api', 'graphql', '-f', 'query=@delete-ref.graphql']);
    expect(r.body).toBe('{"query":"@delete-ref.graphql"}');
    expect(r.bodyUnknown).toBeUndefined();
    expect(mutations(r)).toEqual([]);
    expect(gh(['api', 'graphql', '--raw-field', 'query=@missing.graphql']).bodyUnknown).toBeUndefined();
  });

  it('reads -F query=@- from a heredoc, a here-string, a literal pipe or a file', () => {
    expect(mutations(gh(['api', 'graphql', '-F', 'query=@-'], { stdin: { kind: 'heredoc', text: 'mutation { deleteProjectV2(input: {projectId: "P"}) { clientMutationId } }\n', expands: false } }))).toEqual(['deleteProjectV2']);
    expect(mutations(gh(['api', 'graphql', '-F', 'query=@-'], { stdin: { kind: 'herestring', text: 'mutation { deleteRef(input: {refId: "R"}) { clientMutationId } }', dynamic: false } }))).toEqual(['deleteRef']);
    expect(mutations(gh(['api', 'graphql', '-F', 'query=@-'], { stdin: { kind: 'pipe', from: 'echo', text: 'mutation { deleteRef(input: {refId: "R"}) { x } }' } }))).toEqual(['deleteRef']);
    expect(mutations(gh(['api', 'graphql', '-F', 'query=@-'], { stdin: { kind: 'file', path: w('delete-ref.graphql') } }))).toEqual(['deleteRef']);
  });

  const unknown: Array<[string, Array<string | Word>, RegExp, StdinSource?]> = [
    ['a missing file', ['api', 'graphql', '-F', 'query=@mutation.graphql'], /-F query=@mutation\.graphql: can't read mutation\.graphql/],
    ['a directory', ['api', 'graphql', '-F', 'query=@.'], /not a regular file/],
    ['a file named at run time', ['api', 'graphql', '-F', dyn('query=@$Q', 'query=@"$Q"')], /file name is only known at run time/],
    ['no file name', ['api', 'graphql', '-F', 'query=@'], /no file name/],
    ['stdin from the terminal', ['api', 'graphql', '-F', 'query=@-'], /stdin is the terminal/],
    ['stdin piped from a program', ['api', 'graphql', '-F', 'query=@-'], /stdin is piped from curl/, { kind: 'pipe', from: 'curl -s https://x/q' }],
    ['a dynamic here-string', ['api', 'graphql', '-F', 'query=@-'], /run time/, { kind: 'herestring', text: '$Q', dynamic: true }],
    ['a query built at run time', ['api', 'graphql', '-f', dyn('query=$(cat q.graphql)', 'query="$(cat q.graphql)"')], /the query is only known at run time/],
    ['a field name built at run time', ['api', 'graphql', '-f', dyn('$K=mutation { deleteRef }', '"$K=mutation { deleteRef }"')], /field name is only known at run time/],
    ['a missing --input', ['api', 'graphql', '--input', 'nope.json'], /--input nope\.json: can't read nope\.json/],
    ['--input named at run time', ['api', 'graphql', '--input', dyn('$B', '"$B"')], /only known at run time/],
    ['--input - from a program', ['api', 'graphql', '--input', '-'], /piped from jq/, { kind: 'pipe', from: 'jq -n ...' }],
  ];
  it.each(unknown)('GraphQL, unseen: %s', (_n, args, re, stdin) => {
    const r = gh(args, { stdin });
    expect(r.body).toBeUndefined();
    expect(r.bodyUnknown).toMatch(re);
  });

  it('a visible query next to an unseen one is still unknown', () => {
    const r = gh(['api', 'graphql', '-f', 'query=query { viewer { login } }', '-F', 'query=@missing.graphql']);
    expect(r.body).toBeUndefined();
    expect(r.bodyUnknown).toMatch(/missing\.graphql/);
  });

  it('a variable only known at run time does not hide the query', () => {
    const r = gh(['api', 'graphql', '-F', dyn('id=$ID', 'id="$ID"'), '-f', 'query=query($id: ID!) { node(id: $id) { id } }']);
    expect(r.bodyUnknown).toBeUndefined();
    expect(mutations(r)).toEqual([]);
  });

  it('reads --input FILE and --input - as the whole body', () => {
    expect(mutations(gh(['api', 'graphql', '--input', 'gh-body.json']))).toEqual(['deleteIssue']);
    expect(mutations(gh(['api', 'graphql', '--input', '-'], { stdin: { kind: 'herestring', text: '{"query":"mutation { deleteDiscussion(input: {id: \\"D\\"}) { clientMutationId } }"}', dynamic: false } }))).toEqual(['deleteDiscussion']);
  });

  it('does not need to see a REST body', () => {
    const r = gh(['api', 'repos/acme/shop/issues', '-F', 'body=@missing-notes.md', '-f', 'title=Bug']);
    expect(r.bodyUnknown).toBeUndefined();
    expect(gh(['api', 'repos/acme/shop/releases', '--input', 'nope.json']).bodyUnknown).toBeUndefined();
  });

  it('says when the method is only known at run time', () => {
    expect(gh(['api', '-X', dyn('$(echo DELETE)', '"$(echo DELETE)"'), 'repos/acme/shop']).methodUnknown).toMatch(/the method "\$\(echo DELETE\)" is only known at run time/);
    expect(gh(['api', '-X', 'DELETE', 'repos/acme/shop']).methodUnknown).toBeUndefined();
    expect(one(inv(['curl', '-X', dyn('$M'), 'https://api.example.com/x'])).methodUnknown).toMatch(/run time/);
    expect(one(inv(['wget', '--method', dyn('$M'), 'https://api.example.com/x'])).methodUnknown).toMatch(/run time/);
    expect(one(inv(['http', dyn('$M'), 'https://api.example.com/x'])).methodUnknown).toMatch(/run time/);
    expect(one(inv(['curl', '-X', 'POST', 'https://api.example.com/x'])).methodUnknown).toBeUndefined();
  });

  it('treats an endpoint only known at run time as GraphQL', () => {
    const r = gh(['api', dyn('$EP', '"$EP"'), '-F', 'query=@missing.graphql']);
    expect(r.host).toBe('');
    expect(r.bodyUnknown).toMatch(/can't read missing\.graphql/);
  });
});

describe('graphqlMutations', () => {
  const cases: Array<[string, string, string[]]> = [
    ['JSON body', '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}', ['volumeDelete']],
    ['raw document', 'mutation { volumeDelete(volumeId: "v") }', ['volumeDelete']],
    ['named with variables, aliases and selections', 'mutation Name($x: ID!) { a: volumeDelete(id: $x) { id } other: serviceDelete }', ['volumeDelete', 'serviceDelete']],
    ['several fields', 'mutation { projectDelete(id: 1) environmentDelete(id: 2) }', ['projectDelete', 'environmentDelete']],
    ['commas', 'mutation { a(id: 1), b(id: 2) }', ['a', 'b']],
    ['nested selections are not mutations', 'mutation { volumeDelete(id: 1) { deletedVolume { id } } }', ['volumeDelete']],
    ['directives', 'mutation M @live { a(x: 1) @include(if: true) b @skip(if: false) { id } }', ['a', 'b']],
    ['batched array', '[{"query":"mutation { a }"},{"query":"query { b }"},{"query":"mutation { c }"}]', ['a', 'c']],
    ['operationName with several operations', '{"query":"query Q { me { id } } mutation M { volumeDelete(id: 1) }","operationName":"Q"}', ['volumeDelete']],
    ['fragment spread', 'mutation { ...F } fragment F on Mutation { serviceDelete(id: 1) }', ['serviceDelete']],
    ['inline fragment', 'mutation { ... on Mutation { serviceDelete(id: 1) } }', ['serviceDelete']],
    ['strings with braces', 'mutation { a(note: "} mutation { b }") }', ['a']],
    ['block string', 'mutation { a(note: """ } b { """) }', ['a']],
    ['comment', '# mutation { a }\nquery { b }', []],
    ['a query is not a mutation', '{"query":"query { me { id email } }"}', []],
    ['anonymous query', '{ mutation { x } }', []],
    ['a field named mutation', 'query { mutation }', []],
    ['subscription', 'subscription { volumeDeleted }', []],
    ['non-GraphQL JSON', '{"name":"mutation { a }"}', []],
    ['urlencoded form', 'query=mutation%20%7B%20a%20%7D', ['a']],
    ['multipart operations', 'operations=%7B%22query%22%3A%22mutation%20%7B%20upload%20%7D%22%7D&map=%7B%7D', ['upload']],
    ['broken JSON falls back to the query string', '{"query":"mutation { a }", oops}', ['a']],
    ['empty', '', []],
    ['plain text', 'hello world', []],
  ];
  it.each(cases)('%s', (_n, body, want) => {
    expect(graphqlMutations(body)).toEqual(want);
  });
});

describe('pathKnown: the path is written out (a run-time part only before it)', () => {
  const known = (url: Word | string): boolean | undefined => one(inv(['curl', '-X', 'POST', url, '-d', '@query.json'])).pathKnown;
  it('a literal URL', () => expect(known('http://es.prod.example.com:9200/orders/_search')).toBe(true));
  it('one variable for the base URL', () => {
    expect(known(dyn('$ES_URL/orders/_search', '"$ES_URL/orders/_search"'))).toBe(true);
    expect(known(dyn('${ES_URL}/orders/_search', '"${ES_URL}/orders/_search"'))).toBe(true);
  });
  it('a variable in the host', () => expect(known(dyn('http://$HOST:9200/orders/_count', '"http://$HOST:9200/orders/_count"'))).toBe(true));
  it('a variable or substitution in the path, or a bare variable, is not', () => {
    expect(known(dyn('$ES_URL/$INDEX/_search', '"$ES_URL/$INDEX/_search"'))).toBeUndefined();
    expect(known(dyn('$ES_URL/orders/_search?x=$Y', '"$ES_URL/orders/_search?x=$Y"'))).toBeUndefined();
    expect(known(dyn('http://h/$(cat p)/_search', '"http://h/$(cat p)/_search"'))).toBeUndefined();
    expect(known(dyn('$ES_URL', '"$ES_URL"'))).toBeUndefined();
    expect(known(dyn('$A$B/_search', '"$A$B/_search"'))).toBeUndefined();
  });
});
