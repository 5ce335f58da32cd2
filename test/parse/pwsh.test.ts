import { describe, expect, it } from 'vitest';
import { pwshCode } from '../../src/parse/tools.js';

const code = (c: string) => pwshCode(c).map((e) => e.code ?? '<unknown>').join('\n');

describe('pwshCode: Set-Content and Out-File replace a file', () => {
  it('writes the file named by position or -Path', () => {
    expect(code('Set-Content data/db.sqlite ""')).toContain(': > data/db.sqlite');
    expect(code('Set-Content -Value "" -Path ./data/db.sqlite')).toContain(': > ./data/db.sqlite');
    expect(code('"x" | Out-File -FilePath C:\\app\\db.sqlite')).toContain(': > C:/app/db.sqlite');
    expect(code('sc data/x.txt hi')).toContain(': > data/x.txt');
  });
  it('appending or refusing to overwrite is no write', () => {
    expect(code('"x" | Out-File -Append data/db.sqlite')).not.toContain(':');
    expect(code('"x" | Out-File -NoClobber data/db.sqlite')).not.toContain(':');
  });
  it('a path from a variable is unknown', () => {
    expect(code('Set-Content $p ""')).toBe('<unknown>');
  });
});
