// The SQL tokenizer and statement splitter alone, in its Postgres and MySQL modes.
import { describe, expect, it } from 'vitest';
import { lex, MY, PG, type LexMode } from '../../../src/rules/sql/lex.js';

/** Each statement as its tokens: words upper-cased, s:'string', q:"ident", n:number, punctuation as is. */
function stmts(text: string, mode: LexMode): string[][] {
  return lex(text, mode).map((st) => st.toks.map((t) => (t.k === 'w' ? t.up : t.k === 's' ? `s:${t.v}` : t.k === 'q' ? `q:${t.v}` : t.k === 'n' ? `n:${t.v}` : t.v)));
}
const both = (text: string) => ({ pg: stmts(text, PG), my: stmts(text, MY) });

describe('statements', () => {
  it('split at semicolons, not inside strings or comments', () => {
    expect(stmts(`drop table a; select ';' -- ;\n; /* ; */ delete from b`, PG)).toEqual([['DROP', 'TABLE', 'A'], ['SELECT', 's:;'], ['DELETE', 'FROM', 'B']]);
  });
  it('start and end offsets cover the statement text', () => {
    const text = `  SELECT 1;\n DROP TABLE t  `;
    expect(lex(text, PG).map((s) => text.slice(s.s, s.e))).toEqual(['SELECT 1', 'DROP TABLE t']);
  });
  it('MySQL DELIMITER changes the separator', () => {
    expect(stmts(`DELIMITER //\nCREATE PROCEDURE p() BEGIN DROP TABLE a; END//\nDELIMITER ;\nSELECT 1;`, MY)).toEqual([
      ['CREATE', 'PROCEDURE', 'P', '(', ')', 'BEGIN', 'DROP', 'TABLE', 'A', ';', 'END'],
      ['SELECT', 'n:1'],
    ]);
  });
});

describe('strings and identifiers', () => {
  it("'' inside a string is a quote", () => {
    expect(stmts(`SELECT 'it''s'`, PG)).toEqual([['SELECT', "s:it's"]]);
  });
  it('backslashes escape in MySQL and in Postgres E strings only', () => {
    expect(both(`SELECT 'a\\'; DROP TABLE t; --'`)).toEqual({
      pg: [['SELECT', 's:a\\'], ['DROP', 'TABLE', 'T']],
      my: [['SELECT', "s:a'; DROP TABLE t; --"]],
    });
    expect(stmts(`SELECT E'a\\'b'`, PG)).toEqual([['SELECT', "s:a'b"]]);
  });
  it('double quotes: an identifier in Postgres, a string in MySQL; backticks an identifier', () => {
    expect(both('DROP TABLE "Users", `x`')).toEqual({
      pg: [['DROP', 'TABLE', 'q:Users', ',', 'q:x']],
      my: [['DROP', 'TABLE', 's:Users', ',', 'q:x']],
    });
  });
  it('dollar quotes are one string, tagged or not', () => {
    expect(stmts(`DO $$ DROP TABLE a; $$; SELECT $t$ ; $t$`, PG)).toEqual([['DO', 's: DROP TABLE a; '], ['SELECT', 's: ; ']]);
    expect(lex(`DO $$x$$`, PG)[0]!.toks[1]!.dollar).toBe(true);
  });
  it('a $ inside a word is part of it', () => {
    expect(stmts(`SELECT a$b$c`, PG)).toEqual([['SELECT', 'A$B$C']]);
  });
});

describe('comments', () => {
  it('nested block comments in Postgres only', () => {
    expect(both(`/* a /* b */ DROP TABLE t; */ SELECT 1`)).toEqual({
      pg: [['SELECT', 'n:1']],
      my: [['DROP', 'TABLE', 'T'], ['*', '/', 'SELECT', 'n:1']],
    });
  });
  it('# comments: MySQL always, Postgres at a line start only', () => {
    expect(both(`SELECT 1 # x; DROP TABLE t\n# DROP TABLE u\nSELECT 2`)).toEqual({
      pg: [['SELECT', 'n:1', '#', 'X'], ['DROP', 'TABLE', 'T', 'SELECT', 'n:2']],
      my: [['SELECT', 'n:1', 'SELECT', 'n:2']],
    });
  });
  it('MySQL /*! ... */ runs its contents', () => {
    expect(both(`SELECT 1 /*!50000 ; DROP TABLE t */`)).toEqual({
      pg: [['SELECT', 'n:1']],
      my: [['SELECT', 'n:1'], ['DROP', 'TABLE', 'T']],
    });
  });
});
