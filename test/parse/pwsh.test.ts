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

describe('pwshCode: recursive or filtered listings piped to a delete are the find that deletes them', () => {
  it('reads -Recurse, -Filter/-Include and -File as find does', () => {
    expect(code("Get-ChildItem -Path . -Filter *.log -Recurse | Remove-Item -Force")).toBe("find . \\( -iname '*.log' \\) -exec rm -rf {} +");
    expect(code('gci data -File -Recurse | % { $_.Delete() }')).toBe('rm -fr -- data/*');
    expect(code('Get-ChildItem data -Filter *.tmp | Remove-Item')).toBe("find data -mindepth 1 -maxdepth 1 \\( -iname '*.tmp' \\) -exec rm -rf {} +");
  });
  it('a plain listing still removes the directory content', () => {
    expect(code('Get-ChildItem build | Remove-Item -Recurse -Force')).toBe('rm -fr -- build/*');
  });
});

describe('pwshCode: moves, copies, new files and archive expansion', () => {
  it('are the mv, cp, truncation and unzip that do the same', () => {
    expect(code('Move-Item data /tmp/x')).toBe('mv -- data /tmp/x');
    expect(code('Rename-Item data data.old')).toBe('mv -- data data.old');
    expect(code('Copy-Item -Destination data/db.sqlite -Path /tmp/s.db')).toBe('cp -r -- /tmp/s.db data/db.sqlite');
    expect(code('New-Item -ItemType File -Path data/db.sqlite -Force')).toBe(': > data/db.sqlite');
    expect(code('New-Item -ItemType Directory -Path data -Force')).toBe('');
    expect(code('Expand-Archive -Path s.zip -DestinationPath data -Force')).toBe('unzip -o -q archive.zip -d data');
    expect(code('[IO.File]::WriteAllText("data/db.sqlite", "")')).toBe(': > data/db.sqlite');
    expect(code('Clear-Disk -Number 1 -RemoveData')).toBe('<unknown>');
  });
});

describe('pwshCode: ForEach-Object blocks and temp paths (merge of red team 7 branches)', () => {
  it('a block that only deletes its item is Remove-Item on what was listed', () => {
    expect(code('gci build | % { $_.Delete() }')).toBe('rm -fr -- build/*');
    expect(code('Get-ChildItem data | ForEach-Object { Remove-Item $_.FullName -Recurse -Force }')).toBe('rm -fr -- data/*');
  });
  it('a block doing more with the item is unknown', () => {
    expect(code('gci . | % { Remove-Item "data/$($_.Name)" }')).toBe('<unknown>');
  });
  it('copies and moves read $env:TEMP as the TEMP variable, other variables as unknown', () => {
    expect(code('Copy-Item $env:TEMP/x.db data/db.sqlite')).toBe('cp -r -- "${TEMP}"/x.db data/db.sqlite');
    expect(code('Move-Item $p data')).toBe('<unknown>');
    expect(code('$env:TEMP = "C:/app"; Move-Item $env:TEMP/data /tmp/x')).toBe('<unknown>');
  });
});

describe('pwshCode: a request body built from an expression', () => {
  it('is unknown (the mutation could be in it)', () => {
    expect(code('Invoke-RestMethod -Method Post -Uri https://backboard.railway.app/graphql/v2 -Body (@{query="mutation { volumeDelete(volumeId: \\"v\\") }"} | ConvertTo-Json)')).toBe('<unknown>');
    expect(code('irm -Method Post -Uri https://api.example.com/x -Body $b')).toBe('<unknown>');
  });
  it('a GET with headers stays a request', () => {
    expect(code('Invoke-RestMethod -Uri https://api.github.com/repos/x/y')).toContain('curl -X GET');
  });
});
