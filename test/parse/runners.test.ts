import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';

const names = async (line: string) => (await parse(line, { cwd: '/repo', env: { HOME: '/home/u' }, home: '/home/u' }, { envComplete: true })).invocations.map((i) => i.name);

describe('TypeScript runners run code as node', () => {
  it('tsx, ts-node and esno are node to the rules', async () => {
    expect(await names("tsx -e 'x'")).toEqual(['node']);
    expect(await names("ts-node -e 'x'")).toEqual(['node']);
    expect(await names('./node_modules/.bin/esno script.ts')).toEqual(['node']);
    expect(await names('tsc --noEmit')).toEqual(['tsc']);
  });
});
