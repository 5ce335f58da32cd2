// The one option reader and the registry lookup: rules, HTTP and targets read argv through them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN, lookup, programFor, readItems, readOptions } from '../../src/programs/index.js';
import { analyze, specFor } from '../../src/rules/match.js';
import { httpRequests } from '../../src/rules/http/index.js';
import { flag, positionals } from '../../src/targets/run.js';
import { dyn, inv, w } from '../helpers/invocation.js';

const words = (s: string) => s.split(' ').map((x) => w(x));
const read = (s: string, g: Parameters<typeof readOptions>[1]) => {
  const r = readOptions(words(s), g);
  return { pos: r.positionals.map((x) => x.value), flags: Object.fromEntries(r.flags) };
};

describe('readOptions', () => {
  const g = { 'value-options': ['-X', '--request', '-d'] };
  it('reads --opt=v, --opt v, -Xv, bundles ending in a value option, and --', () => {
    expect(read('--request=DELETE u1', g)).toEqual({ pos: ['u1'], flags: { '--request': ['DELETE'] } });
    expect(read('--request DELETE u1', g)).toEqual({ pos: ['u1'], flags: { '--request': ['DELETE'] } });
    expect(read('-XDELETE u1', g)).toEqual({ pos: ['u1'], flags: { '-X': ['DELETE'] } });
    expect(read('-sX DELETE u1', g)).toEqual({ pos: ['u1'], flags: { '-s': [''], '-X': ['DELETE'] } });
    expect(read('-sd x -- -X y', g)).toEqual({ pos: ['-X', 'y'], flags: { '-s': [''], '-d': ['x'] } });
  });

  it('a short option value drops a leading = unless the program keeps it (curl)', () => {
    expect(read('-X=DELETE u', g).flags['-X']).toEqual(['DELETE']);
    expect(read('-X=DELETE u', { ...g, 'keep-eq': true }).flags['-X']).toEqual(['=DELETE']);
  });

  it('attached-only options take the rest of the word and never the next one', () => {
    expect(read('-pSECRET db', { 'attached-options': ['-p'] })).toEqual({ pos: ['db'], flags: { '-p': ['SECRET'] } });
    expect(read('-p db', { 'attached-options': ['-p'] })).toEqual({ pos: ['db'], flags: { '-p': [''] } });
  });

  it('single-dash long options are never split; -opt=v is cut at =', () => {
    expect(read('-var-file=x.tfvars -destroy -target mod', { 'single-dash-long': true, 'value-options': ['-target'] })).toEqual({ pos: [], flags: { '-var-file': ['x.tfvars'], '-destroy': [''], '-target': ['mod'] } });
  });

  it('abbreviations resolve to the unique long option; ambiguous ones stay as written', () => {
    const curl = BUILTIN.curl!;
    expect(read('--user-ag UA https://x/y', curl)).toEqual({ pos: ['https://x/y'], flags: { '--user-agent': ['UA'] } });
    // --req: --request or --request-target, so curl itself refuses it.
    expect(read('--req DELETE', curl).pos).toEqual(['DELETE']);
  });

  it('-5 is a positional unless the program has digit options; a run-time word is a positional', () => {
    expect(read('-5 x', {}).pos).toEqual(['-5', 'x']);
    expect(read('-0 x', BUILTIN.curl!).pos).toEqual(['x']);
    const r = readOptions([dyn('$X'), w('-d'), dyn('$Y')], { 'value-options': ['-d'] });
    expect(r.positionals.map((x) => x.text)).toEqual(['$X']);
    expect(r.values.get('-d')![0]!.dynamic).toBe(true);
  });

  it('a value option at the end has no value (nothing past argv is read)', () => {
    expect(readItems(words('-X'), g)).toEqual([{ opt: '-X', word: w('-X') }]);
  });
});

describe('old-style bundles (tar, issue #15)', () => {
  it('a first word of letters is a bundle whose value options take the next words in order', () => {
    const tar = programFor('tar');
    expect(read('cIf zstd x.tar src', tar)).toEqual({ pos: ['src'], flags: { '-c': [''], '-I': ['zstd'], '-f': ['x.tar'] } });
    expect(read('xfC a.tar data', tar)).toEqual({ pos: [], flags: { '-x': [''], '-f': ['a.tar'], '-C': ['data'] } });
    // Only the first word, and only for a grammar that says so.
    expect(read('-c cf x', tar)).toEqual({ pos: ['cf', 'x'], flags: { '-c': [''] } });
    expect(read('xfC a.tar data', { 'value-options': ['-f', '-C'] }).pos).toEqual(['xfC', 'a.tar', 'data']);
  });
});

describe('registry lookup', () => {
  it('finds own entries, aliases and glob keys; the config adds to the builtin entry', () => {
    const overlay = { ourctl: { aliases: ['ourc'] }, 'kafka-*': { 'value-options': ['--topic'] }, curl: { 'value-options': ['--my-opt'] } };
    expect(lookup('ourc', overlay)).toBe(overlay.ourctl);
    expect(lookup('kafka-topics', overlay)).toBe(overlay['kafka-*']);
    const curl = programFor('curl', overlay)!;
    expect(curl['value-options']).toContain('--my-opt');
    expect(curl['value-options']).toContain('--request');
    expect(programFor('sudo')!.wraps!.withArg).toContain('-u');
  });
});

describe('one reader for rules, HTTP and targets', () => {
  it('curl -X DELETE: the rules read DELETE as the method, as http.ts does', () => {
    const i = inv(['curl', '-X', 'DELETE', 'https://x/y']);
    const an = analyze(i, specFor('curl', {}));
    expect(an.flags.get('-X')).toEqual(['DELETE']);
    expect(an.positionals.map((p) => p.value)).toEqual(['https://x/y']);
    expect(httpRequests(i)[0]).toMatchObject({ method: 'DELETE', host: 'x', path: '/y' });
  });

  it('gh api reads its own options after the subcommand', () => {
    const an = analyze(inv(['gh', 'api', '-X', 'DELETE', 'repos/o/r']), specFor('gh', {}));
    expect(an.positionals.map((p) => p.value)).toEqual(['api', 'repos/o/r']);
    expect(an.flags.get('-X')).toEqual(['DELETE']);
  });

  it("targets' flag reads bundles and stops at --; positionals skip registry values", () => {
    expect(flag(words('-qAh db.prod -- -h other'), ['-h', '--host'])).toMatchObject({ value: 'db.prod', flag: '-h' });
    expect(flag(words('--host=a -h b'), ['-h', '--host'])?.value).toBe('b');
    expect(positionals(words('-U admin -c -d app dump'), BUILTIN.pg_restore!).map((p) => p.value)).toEqual(['dump']);
  });
});

describe('a team rule on curl flags passes its own examples (countersign test)', () => {
  it('flags: {any: [-X=DELETE]}', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-programs-'));
    try {
      const file = path.join(dir, '.countersign.yaml');
      writeFileSync(file, `rules:
  - id: acme/curl-delete
    severity: high
    summary: sends a DELETE with curl
    match: { command: curl, flags: { any: [-X=DELETE, --request=DELETE] } }
    tests:
      match: [curl -X DELETE https://x/y, curl -sXDELETE https://x/y, curl --request DELETE https://x/y]
      no-match: [curl https://x/y, curl -X GET https://x/y]
`);
      const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
      const r = spawnSync(process.execPath, [bin, 'test', file], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'c'), XDG_STATE_HOME: path.join(dir, 's') } });
      expect(r.stdout).toContain('5 passed, 0 failed');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
