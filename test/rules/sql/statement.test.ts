// Reading one statement's tokens alone: whether a WHERE leaves rows out, names, keywords at a
// nesting level, strings concatenated at run time.
import { describe, expect, it } from 'vitest';
import { lex, PG, type Tok } from '../../../src/rules/sql/lex.js';
import { concatenated, filters, joinsOnly, nameAt, segmentHas, wordAt } from '../../../src/rules/sql/statement.js';

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
    // look-alikes of the always-true shapes below (red team 16-c)
    'DELETE FROM t WHERE id IN (SELECT id FROM t u WHERE u.x = 1)',
    'DELETE FROM t WHERE id IN (SELECT id FROM (SELECT id FROM t LIMIT 10) s)',
    'DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT 5)',
    'DELETE FROM t WHERE id = ANY(SELECT t_id FROM u)',
    'DELETE FROM t WHERE id = ANY(ARRAY[1, 2])',
    'DELETE FROM t WHERE id = ANY(ARRAY(SELECT id FROM t WHERE x > 1))',
    'DELETE FROM t WHERE NOT EXISTS (SELECT 1)',
    'DELETE FROM t WHERE EXISTS (SELECT 1 FROM u JOIN v ON v.id = u.id)',
    'DELETE FROM t WHERE a.x = b.x',
    "DELETE FROM t WHERE lower(email) = lower('X')",
    'DELETE FROM t WHERE deleted_at IS DISTINCT FROM NULL',
    'DELETE FROM t WHERE NOT (deleted_at IS NULL)',
    "DELETE FROM t WHERE status IS NULL OR status = 'x'",
    'DELETE FROM t WHERE a IN (1) OR b NOT IN (1)',
    'DELETE FROM t WHERE id BETWEEN 1 AND 1000',
    'DELETE FROM t WHERE id < 1000',
    'DELETE FROM t WHERE id <> 5',
    'DELETE FROM t WHERE id NOT IN (1, 2)',
    'DELETE FROM t WHERE created_at < current_date',
    'DELETE FROM t WHERE x >= 1 AND x <= 1',
    'DELETE FROM t WHERE a IS NULL OR b IS NOT NULL', // two columns
    'DELETE FROM t WHERE a IS NULL AND a IS NOT NULL',
    // comparisons that are not each other's complement (rt23a)
    'DELETE FROM t WHERE x < 5 OR x > 5',
    'DELETE FROM t WHERE a > 1 OR b <= 1',
    'DELETE FROM t WHERE x >= 1 OR x < 2',
    'DELETE FROM t WHERE id NOT IN (SELECT t_id FROM u WHERE u.x = 1)',
    'DELETE FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)',
    'DELETE FROM t WHERE id NOT IN (SELECT id FROM u WHERE true)',
  ])('%s', (sql) => expect(filters(toks(sql), 1, 't')).toBe(true));

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
    // red team 16-c
    'DELETE FROM t WHERE id IN (SELECT id FROM t u)',
    'DELETE FROM t WHERE id IN (SELECT id FROM t AS u)',
    'DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT ALL)',
    'DELETE FROM t WHERE id IN (SELECT id FROM (SELECT id FROM t) AS x)',
    'DELETE FROM t WHERE id = ANY(SELECT id FROM t)',
    'DELETE FROM t x WHERE x.id = ANY(ARRAY(SELECT id FROM t))',
    'DELETE FROM t WHERE EXISTS (SELECT 1)',
    'DELETE FROM t WHERE EXISTS (SELECT 1 FROM u)',
    'DELETE FROM t WHERE t.id = t.id',
    'DELETE FROM t WHERE coalesce(id, 0) = coalesce(id, 0)',
    'DELETE FROM t WHERE id::text = id::text',
    'DELETE FROM t WHERE current_date IS NOT NULL',
    'DELETE FROM t WHERE id IS DISTINCT FROM NULL',
    'DELETE FROM t WHERE NOT (id IS NULL)',
    'DELETE FROM t WHERE email IS NULL OR email IS NOT NULL',
    'DELETE FROM t WHERE id IN (SELECT a FROM u) OR id NOT IN (SELECT a FROM u)',
    'DELETE FROM t WHERE x = 1 OR NOT (x = 1)',
    // a comparison and its complement (rt23a): every row with a value
    'DELETE FROM t WHERE expires_at > 0 OR expires_at <= 0',
    'DELETE FROM t WHERE x >= now() OR x < now()',
    'DELETE FROM t WHERE status = 1 OR status <> 1',
    'DELETE FROM t WHERE status != 1 OR (status = 1)',
    // nothing is in an empty subquery
    'DELETE FROM t WHERE id NOT IN (SELECT id FROM t WHERE false)',
    'DELETE FROM t WHERE NOT EXISTS (SELECT 1 WHERE 1 = 0)',
    'DELETE FROM t WHERE id BETWEEN 0 AND 2147483647',
    'DELETE FROM t WHERE id < 9223372036854775807',
    'DELETE FROM t WHERE id <> -1',
    'DELETE FROM t WHERE id NOT IN (0)',
    'DELETE FROM t WHERE id NOT IN (SELECT -1)',
    // a column is NULL or it isn't
    'DELETE FROM t WHERE created_at IS NOT NULL OR created_at IS NULL',
    'DELETE FROM t WHERE x.a IS NULL OR NOT x.a IS NULL',
  ])('no: %s', (sql) => expect(filters(toks(sql), 1, 't')).toBe(false));
});

describe('joinsOnly: a DELETE … USING whose WHERE is only the join (rt23a)', () => {
  it.each([
    'DELETE FROM orders o USING users u WHERE o.user_id = u.id',
    'DELETE FROM orders o USING users u, carts c WHERE o.user_id = u.id AND (c.order_id = o.id)',
  ])('%s', (sql) => expect(joinsOnly(toks(sql), 1)).toBe(true));
  it.each([
    'DELETE FROM orders o USING users u WHERE o.user_id = u.id AND u.email = $1',
    'DELETE FROM t a USING t b WHERE a.id < b.id AND a.email = b.email',
    'DELETE FROM orders o WHERE o.user_id = o.id',
    'DELETE FROM orders WHERE id = 1',
  ])('no: %s', (sql) => expect(joinsOnly(toks(sql), 1)).toBe(false));
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
