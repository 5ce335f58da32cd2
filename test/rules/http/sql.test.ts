// The statements a request carries to a database's HTTP API (src/rules/http/sql.ts): JSON fields
// named like a statement at any depth, the same names in a form or the URL's query, a text body.
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../src/rules/http/request.js';
import { requestSqlHits, requestStatements } from '../../../src/rules/http/sql.js';

const req = (url: string, body?: string): HttpRequest => {
  const u = new URL(url);
  return { tool: 'curl', method: body ? 'POST' : 'GET', url, host: u.hostname, path: u.pathname, body, local: false };
};

describe('requestStatements', () => {
  it('reads JSON fields named sql/query/statement/stmt at any depth, and only those', () => {
    expect(requestStatements(req('https://prod.turso.io/v2/pipeline', '{"requests":[{"type":"execute","stmt":{"sql":"DROP TABLE users"}},{"type":"close"}]}'))).toEqual(['DROP TABLE users']);
    expect(requestStatements(req('https://x.snowflakecomputing.com/api/v2/statements', '{"statement":"DROP DATABASE A","warehouse":"W"}'))).toEqual(['DROP DATABASE A']);
    expect(requestStatements(req('https://api.github.com/repos/a/b/issues', '{"title":"DROP TABLE users","body":"x"}'))).toEqual([]);
  });

  it('reads a form by the same names, a text body whole, and the URL query', () => {
    expect(requestStatements(req('https://ch.example.com:8443/', 'query=TRUNCATE+TABLE+events&x=1'))).toEqual(['TRUNCATE TABLE events']);
    expect(requestStatements(req('https://ch.example.com:8443/', 'DROP TABLE events'))).toEqual(['DROP TABLE events']);
    expect(requestStatements(req('https://ch.example.com:8443/?query=DROP%20TABLE%20events'))).toEqual(['DROP TABLE events']);
    expect(requestStatements(req('https://api.github.com/search/issues?q=drop+table'))).toEqual([]);
  });

  it('keeps only statements shaped like SQL: a search field holding "truncate" or "drop dead gorgeous" is not a statement', () => {
    const kinds = ['drop', 'truncate', 'delete-without-where'];
    const hits = (body: string) => requestSqlHits(req('https://x.example.com/q', body), kinds).map((h) => h.statement);
    expect(hits('{"query":"DROP TABLE users"}')).toEqual(['DROP TABLE users']);
    expect(hits('{"sql":"TRUNCATE orders"}')).toEqual(['TRUNCATE orders']);
    expect(hits('{"query":"truncate"}')).toEqual([]);
    expect(hits('{"query":"drop dead gorgeous"}')).toEqual([]);
    expect(hits('{"query":"DELETE FROM s WHERE id = 1"}')).toEqual([]);
  });
});
