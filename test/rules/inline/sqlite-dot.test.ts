import { describe, expect, it } from 'vitest';
import { inlineCode } from '../../../src/rules/inline/extract.js';
import { sqliteDot } from '../../../src/rules/inline/sqlite-dot.js';
import { destructiveCalls, shellCalls } from '../../../src/rules/inline/sinks.js';
import { inv } from '../../helpers/invocation.js';

describe('sqliteDot', () => {
  it.each([
    ['.output data/db.sqlite', [{ what: '.output', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['.once -x "my file.csv"', [{ what: '.once', arg: 'my file.csv', kind: 'overwrite' }]],
    ['.backup data/db.sqlite', [{ what: '.backup', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['.save main data/db.sqlite', [{ what: '.save', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['.open --new data/db.sqlite', [{ what: '.open --new', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['.restore /tmp/empty.db', [{ what: '.restore', arg: 'app.db', kind: 'overwrite' }]],
    ['.restore other /tmp/empty.db', [{ what: '.restore', kind: 'overwrite' }]],
    ['.output stdout', []],
    ['.open data/db.sqlite', []],
    ['SELECT 1;\n.tables', []],
  ] as const)('%s', (code, want) => {
    expect(sqliteDot(code, 'app.db').hits).toEqual(want);
  });
  it('.shell, .system and .output |CMD run commands', () => {
    expect(sqliteDot('.shell rm -rf data', 'a.db').calls).toEqual([{ code: 'rm -rf data', how: '.shell' }]);
    expect(sqliteDot('.once |rm -rf data', 'a.db').calls).toEqual([{ code: 'rm -rf data', how: '.once |' }]);
  });
});

describe('sqlite3 input', () => {
  it('arguments after the database and -cmd values, else stdin', () => {
    const c = inlineCode(inv(['sqlite3', '-cmd', '.save x.db', '/tmp/e.db', '.backup data/db.sqlite', 'SELECT 1']));
    expect(c).toMatchObject({ lang: 'sqlite', from: '/tmp/e.db' });
    expect(destructiveCalls(c as never).map((h) => h.arg)).toEqual(['x.db', 'data/db.sqlite']);
    const s = inlineCode(inv(['sqlite3', 'data/db.sqlite'], { stdin: { kind: 'pipe', from: 'echo', text: '.restore /tmp/e.db\n' } }));
    expect(destructiveCalls(s as never)).toEqual([{ what: '.restore', arg: 'data/db.sqlite', kind: 'overwrite' }]);
    // SQL spread over lines in one argument is not a dot-command
    expect(destructiveCalls(inlineCode(inv(['sqlite3', 'a.db', 'SELECT 1\n.output x'])) as never)).toEqual([]);
    expect(shellCalls(inlineCode(inv(['sqlite3', 'a.db', '.system ls'])) as never).calls).toHaveLength(1);
    // stdin that can't be seen is the SQL rules' to pause on
    expect(inlineCode(inv(['sqlite3', 'a.db'], { stdin: { kind: 'pipe', from: 'curl' } }))).toBeUndefined();
  });
});
