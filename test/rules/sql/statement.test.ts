// Reading one statement's tokens alone: whether a WHERE leaves rows out, names, keywords at a
// nesting level, strings concatenated at run time.
import { describe, expect, it } from 'vitest';
import { lex, PG, type Tok } from '../../../src/rules/sql/lex.js';
import { concatenated, filters, nameAt, segmentHas, wordAt } from '../../../src/rules/sql/statement.js';

const toks = (sql: string): Tok[] => lex(sql, PG)[0]!.toks;

describe('filters: a WHERE that can leave rows out', () => {
  it.each([
    'DELETE FROM t WHERE id = 1',
    'DELETE FROM t WHERE a = b', // two columns: not always equal
    'DELETE FROM t WHERE 1 = 1 AND id = 2',
    'DELETE FROM t WHERE created BETWEEN 1 AND 2',
    'DELETE FROM t WHERE lower(name) = \'x\'',
    'DELETE FROM t WHERE "Id" = 1',
    'DELETE FROM t WHERE id = 1 AND 1 IN (1)',
    'DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)',
    "DELETE FROM t WHERE name LIKE 'a%'",
    'UPDATE t SET a = 1 WHERE id IN (SELECT id FROM u WHERE true)',
    'DELETE FROM t WHERE a IS NULL OR b IS NOT NULL', // two columns
    'DELETE FROM t WHERE a IS NULL AND a IS NOT NULL',
  ])('%s', (sql) => expect(filters(toks(sql), 1)).toBe(true));

  it.each([
    'DELETE FROM t',
    'DELETE FROM t WHERE 1=1',
    'DELETE FROM t WHERE true',
    'DELETE FROM t WHERE 1',
    "DELETE FROM t WHERE '1'",
    'DELETE FROM t WHERE id = 5 OR 1=1',
    'DELETE FROM t WHERE (1=1)',
    'DELETE FROM t WHERE id = id',
    'DELETE FROM t WHERE NOT false',
    'DELETE FROM t WHERE 1 <> 0',
    'DELETE FROM t WHERE 2 > 1',
    "DELETE FROM t WHERE name LIKE '%'",
    'DELETE FROM t WHERE true IS TRUE',
    'DELETE FROM t WHERE 1=1 RETURNING *',
    'UPDATE t SET a = (SELECT 1 FROM u WHERE id = 2)', // the WHERE is the subquery's
    // naming no column: the same for every row
    'DELETE FROM t WHERE NULL IS NULL',
    'DELETE FROM t WHERE 1 IN (1)',
    'DELETE FROM t WHERE 1 BETWEEN 0 AND 2',
    'DELETE FROM t WHERE 1 IS NOT NULL',
    'DELETE FROM t WHERE 1::bool',
    'DELETE FROM t WHERE 1 <= 1',
    "DELETE FROM t WHERE 'a' || 'b' = 'ab'",
    'DELETE FROM t WHERE random() < 2',
    "DELETE FROM t WHERE DATE '2020-01-01' < now()",
    'DELETE FROM t WHERE CAST(1 AS int) = 1',
    'DELETE FROM t WHERE CASE WHEN 1 = 1 THEN true END',
    'DELETE FROM t WHERE 1 > 2', // keeps none: deletes nothing, flagged all the same
    'DELETE FROM t WHERE id = 5 OR NULL IS NULL',
    'DELETE FROM t WHERE (id = 1) OR 1 = 0', // a constant branch is taken as true
    // a column is NULL or it isn't
    'DELETE FROM t WHERE created_at IS NOT NULL OR created_at IS NULL',
    'DELETE FROM t WHERE x.a IS NULL OR NOT x.a IS NULL',
  ])('no: %s', (sql) => expect(filters(toks(sql), 1)).toBe(false));
});

describe('names and keywords', () => {
  it('nameAt reads a qualified, quoted name', () => {
    const t = toks('DROP TABLE app."Users" CASCADE');
    expect(nameAt(t, 2)).toBe('app.Users');
    expect(nameAt(toks('DROP TABLE (x)'), 2)).toBeUndefined();
  });
  it('wordAt finds a keyword at the same nesting level only', () => {
    const t = toks('UPDATE t SET a = (SELECT b FROM u) WHERE x = 1');
    expect(wordAt(t, 1, 'FROM')).toBe(-1);
    expect(t[wordAt(t, 1, 'WHERE')]!.up).toBe('WHERE');
    expect(segmentHas(t, 1, 'SET')).toBe(true);
  });
  it('concatenated: || or + after a string', () => {
    const pipe = toks(`EXECUTE 'DROP TABLE ' || name`);
    expect(concatenated(pipe, 2)).toBe(true);
    expect(concatenated(toks(`EXECUTE 'x' + @t`), 2)).toBe(true);
    expect(concatenated(toks(`EXECUTE 'x'`), 2)).toBe(false);
  });
});
