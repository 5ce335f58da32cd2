// src/targets/database/mongo.ts on its own.
import { describe, expect, it } from 'vitest';
import { mongo } from '../../../src/targets/database/mongo.js';
import { makeRun } from '../../../src/targets/run.js';
import { ctx, inv, type InvOptions } from '../helpers.js';

const m = (argv: string | string[], o: InvOptions = {}) => mongo(makeRun(inv(argv, o), ctx('/nonexistent-home', '/')));

describe('mongo resolver', () => {
  it('reads --uri and a connection-string argument', () => {
    expect(m('mongodump --uri mongodb://u:p@mongo.prod.x:27018/shop').facts).toMatchObject({ host: 'mongo.prod.x', port: '27018', database: 'shop' });
    expect(m(['mongosh', 'mongodb+srv://c0.abc.mongodb.net/crm']).facts).toMatchObject({ host: 'c0.abc.mongodb.net', database: 'crm' });
  });

  it('reads the first member of a --host replica-set list, and mongosh host:port/db', () => {
    expect(m('mongorestore --host rs0/a.prod.x:27017,b.prod.x:27017 -d shop').facts).toMatchObject({ host: 'a.prod.x', database: 'shop' });
    expect(m('mongosh db.staging.x:27017/app').facts).toMatchObject({ host: 'db.staging.x', database: 'app' });
  });

  it('defaults to localhost:27017 with the named database; a computed URI is unknown', () => {
    expect(m('mongosh shop').resource).toBe('mongodb localhost:27017/shop');
    expect(m(['mongosh', '--uri', '$U'], { dynamic: [2] }).environment).toBe('unknown');
  });
});
