// git config file text (src/parse/gitalias.ts configPairs): the keys a written config defines.
import { describe, expect, it } from 'vitest';
import { configPairs, isGitConfigFile } from '../../src/parse/gitalias.js';

describe('configPairs', () => {
  it('reads sections, subsections, one-line headers, comments and quotes', () => {
    const text = '[core]\n\tbare = false\n[alias]\n\tz = !rm -rf data # gone\n\tq = "!echo \\"a;b\\""\n[remote "origin"]\n\turl = x\n[Alias] lg = log --oneline\n; note\n[core]\n\tfsmonitor';
    expect(configPairs(text)).toEqual([
      ['core.bare', 'false'],
      ['alias.z', '!rm -rf data'],
      ['alias.q', '!echo "a;b"'],
      ['remote.origin.url', 'x'],
      ['alias.lg', 'log --oneline'],
      ['core.fsmonitor', 'true'],
    ]);
  });

  it('knows the repository and user config files', () => {
    expect(isGitConfigFile('/w/repo/.git/config', '/h')).toBe(true);
    expect(isGitConfigFile('/h/.gitconfig', '/h')).toBe(true);
    expect(isGitConfigFile('/h/.config/git/config', '/h')).toBe(true);
    expect(isGitConfigFile('/w/repo/config', '/h')).toBe(false);
  });
});
