import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/targets/dotenv.js';

describe('parseDotenv', () => {
  it('reads the forms dotenv accepts', () => {
    const env = parseDotenv([
      '# comment',
      'export A=plain value  # trailing comment',
      'B="double # not a comment"',
      "C='single $NOT_EXPANDED'",
      'D=',
      'E = spaced',
      'F="multi',
      'line"',
      'G=postgres://u:p@h:5432/db?sslmode=require',
    ].join('\n'));
    expect(env.get('A')?.value).toBe('plain value');
    expect(env.get('B')?.value).toBe('double # not a comment');
    expect(env.get('C')).toEqual({ value: 'single $NOT_EXPANDED', literal: true });
    expect(env.get('D')?.value).toBe('');
    expect(env.get('E')?.value).toBe('spaced');
    expect(env.get('F')?.value).toBe('multi\nline');
    expect(env.get('G')?.value).toBe('postgres://u:p@h:5432/db?sslmode=require');
  });
});
