// Request bodies and URLs built in code (red team 22-fp2): a JSON field whose string is only partly
// known, a const object passed to JSON.stringify, a name read in an f-string URL. Each is read as
// far as it can be, so a deploy trigger or a comment is allowed and a mutation still pauses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/engine.js';
import { detectionFixture } from '../../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const decide = async (line: string) => (await check(line, fx.ctx)).decision;
beforeAll(() => {
  fx = detectionFixture('countersign-inline-http-');
});
afterAll(() => fx.cleanup());

describe('request bodies built in code', () => {
  it('allows a POST whose body is read: an f-string URL of a bound name, a const object, a known-start string field', async () => {
    for (const l of [
      `python3 -c 'import os, httpx\nsid = "srv-1"\nhttpx.post(f"https://api.render.com/v1/services/{sid}/deploys", json={"clearCache": "do_not_clear"})'`,
      `node -e 'const body = { query: "mutation($id: String!) { deploymentRedeploy(id: $id) { id } }", variables: { id: "d1" } }; fetch("https://backboard.railway.com/graphql/v2", { method: "POST", body: JSON.stringify(body) })'`,
      `node -e "fetch('https://sentry.io/api/0/organizations/acme/releases/',{method:'POST',body:JSON.stringify({version:'api@'+require('./package.json').version,projects:['api']})})"`,
    ]) expect(await decide(l), l).toBe('allow');
  });
  it('still pauses a mutation that shows, or a document field only known at run time', async () => {
    for (const l of [
      `python3 -c 'import requests\nidx = "orders"\nrequests.post(f"https://es.prod.acme.com/{idx}/_delete_by_query", json={"query": {"match_all": {}}})'`,
      `node -e 'const body = { query: "mutation { volumeDelete(volumeId: \\"v\\") }" }; fetch("https://backboard.railway.com/graphql/v2", { method: "POST", body: JSON.stringify(body) })'`,
      // the object is changed after it is declared: not read
      `node -e 'const body = { query: "query { me { id } }" }; body.query = "mutation { volumeDelete(volumeId: \\"v\\") }"; fetch("https://backboard.railway.com/graphql/v2", { method: "POST", body: JSON.stringify(body) })'`,
      // a query (or SQL) field whose text is only partly known
      `node -e 'fetch("https://backboard.railway.com/graphql/v2", { method: "POST", body: JSON.stringify({ query: "mutation { volume" + op + " }" }) })'`,
      `node -e 'fetch("https://db.turso.io/v2/pipeline", { method: "POST", body: JSON.stringify({ requests: [{ type: "execute", stmt: { sql: "DELETE FROM " + t } }] }) })'`,
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});

describe('ruby Net::HTTP with its URL named once', () => {
  it('reads the one request: a comment, a snapshot action', async () => {
    for (const l of [
      `ruby -rnet/http -rjson -e 'u = URI("https://api.digitalocean.com/v2/droplets/3/actions"); r = Net::HTTP.post(u, { type: "snapshot", name: "pre" }.to_json, "Content-Type" => "application/json"); puts r.code'`,
      `ruby -rnet/http -rjson -e 'uri = URI("https://gitlab.com/api/v4/projects/1/merge_requests/7/notes")\nreq = Net::HTTP::Post.new(uri, "Content-Type" => "application/json")\nreq.body = { body: "ran clean" }.to_json\nres = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }\nputs res.code'`,
      `ruby -rnet/http -e 'u = URI.parse("https://hooks.example.com/deploy"); req = Net::HTTP::Post.new(u.request_uri); req.set_form_data(ref: "main"); Net::HTTP.new(u.host, u.port).request(req)'`,
    ]) expect(await decide(l), l).toBe('allow');
  });
  it('pauses a delete, a mutation, an unread body, a changed URI or another host', async () => {
    for (const l of [
      `ruby -rnet/http -e 'u = URI("https://api.digitalocean.com/v2/droplets/3"); r = Net::HTTP::Delete.new(u); Net::HTTP.start(u.host, u.port, use_ssl: true) { |h| h.request(r) }'`,
      `ruby -rnet/http -rjson -e 'u = URI("https://backboard.railway.com/graphql/v2"); Net::HTTP.post(u, { query: "mutation { volumeDelete(volumeId: \\"v\\") }" }.to_json)'`,
      `ruby -rnet/http -rjson -e 'u = URI("https://backboard.railway.com/graphql/v2"); q = File.read("q.graphql"); Net::HTTP.post(u, { query: q }.to_json)'`,
      `ruby -rnet/http -rjson -e 'u = URI("https://api.example.com/notes"); u.path = "/graphql"; Net::HTTP.post(u, { query: q }.to_json)'`,
      `ruby -rnet/http -e 'u = URI("https://api.example.com/x"); h = Net::HTTP.new(ENV["H"], 443); r = Net::HTTP::Post.new(u.path); r.body = File.read("b"); h.request(r)'`,
      `ruby -rnet/http -e 'u = URI("https://es.prod.acme.com:9200/orders/_delete_by_query"); req = Net::HTTP::Post.new(u); req.body = "{\\"query\\":{\\"match_all\\":{}}}"; Net::HTTP.start(u.host, u.port) { |h| h.request(req) }'`,
    ]) expect(await decide(l), l).not.toBe('allow');
  });
});

describe('python dicts bound once and handed to a request', () => {
  const post = (pre: string) => `python3 -c 'import requests\n${pre}\nrequests.post("https://backboard.railway.com/graphql/v2", json=payload)'`;
  it('reads the dict', async () => {
    expect(await decide(post('payload = {"query": "query { me { id } }"}'))).toBe('allow');
    expect(await decide(post('payload = {"query": "mutation { volumeDelete(volumeId: \\"v\\") }"}'))).not.toBe('allow');
  });
  it('not when it is changed, aliased, bound twice or shadowed by a parameter', async () => {
    for (const pre of [
      'payload = {"query": "query { me { id } }"}\npayload["query"] = q',
      'payload = {"query": "query { me { id } }"}\npayload.update(query=q)',
      'payload = {"query": "query { me { id } }"}\np2 = payload',
      'payload = {"query": "query { me { id } }"}\npayload = {"query": q}',
      'payload = {"query": "query { me { id } }"}\ndef f(payload):\n    pass',
    ]) expect(await decide(post(pre)), pre).not.toBe('allow');
  });
});

describe('a body word whose only run-time parts print plain text (body.ts plainOutput)', () => {
  it('is seen with each such substitution as 0', async () => {
    const { plainOutput } = await import('../../../src/rules/http/body.js');
    expect(plainOutput('"{\\"text\\":\\"Deployed $(git rev-parse --short HEAD) to staging\\"}"')).toBe('{"text":"Deployed 0 to staging"}');
    expect(plainOutput('"{\\"at\\":\\"$(date -u +%FT%TZ)\\",\\"n\\":$(nproc)}"')).toBe('{"at":"0","n":0}');
    // A ref name in a value of a JSON object whose keys are all literal (rt25k3's refsInValues: a
    // ref may hold `"` but never `:` or `\\`, so it can add no key): seen.
    expect(plainOutput('"{\\"v\\":\\"$(git describe --tags)\\"}"')).toBe('{"v":"0"}');
    // Anything else at run time, a quote closing the string.
    expect(plainOutput('"{\\"text\\":\\"$(cat msg.txt)\\"}"')).toBeUndefined();
    expect(plainOutput('"{\\"a\\":\\"$(git rev-parse HEAD)\\",\\"b\\":\\"$X\\"}"')).toBeUndefined();
    expect(plainOutput('"$(git rev-parse HEAD)"x"$Y"')).toBeUndefined();
    expect(plainOutput("'{\"a\":1}'")).toBeUndefined();
  });
});
