import { describe, expect, it } from 'vitest';
import { ssmCommands } from '../../src/parse/walk.js';

describe('ssmCommands: the shell lines of aws ssm send-command --parameters', () => {
  it('reads JSON and the shorthand forms', () => {
    expect(ssmCommands('{"commands":["uptime","rm -rf /x"]}')).toEqual(['uptime', 'rm -rf /x']);
    expect(ssmCommands('commands=rm -rf /x')).toEqual(['rm -rf /x']);
    expect(ssmCommands('commands=uptime,df -h')).toEqual(['uptime', 'df -h']);
    expect(ssmCommands('commands=["rm -rf /x"]')).toEqual(['rm -rf /x']);
  });
  it('gives up (undefined) on what it cannot read, so the line pauses', () => {
    expect(ssmCommands('{"commands":')).toBeUndefined();
    expect(ssmCommands('workingDirectory=/tmp,commands=rm -rf /x')).toBeUndefined();
  });
  it('finds no commands where none are given', () => {
    expect(ssmCommands('executionTimeout=3600')).toEqual([]);
  });
});
