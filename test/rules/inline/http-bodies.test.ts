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
