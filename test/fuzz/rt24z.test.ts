// Red team 24z: fail closed under stress. A line (or a file it reads, or a config) that makes
// countersign crash, give up or run long must pause, never pass: a hook that doesn't answer before
// the agent's own timeout lets the command run (Claude, Gemini). No timed assertions: every bound
// is in the code and tested by its outcome (see rt24z-numbers.md for the routes).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext } from '../../src/engine.js';
import { parse } from '../../src/parse/index.js';
import { aliasIn } from '../../src/parse/ghalias.js';
import { readRegular } from '../../src/readfile.js';
import { buildsWords, handedDelete, MAX_QUICK, quickReject } from '../../src/rules/quick.js';
import { touchesGuardedEnv } from '../../src/rules/selfguard.js';
import { engineFor } from '../../src/engine.js';
import { codexPayload, cursorPayload, geminiPayload } from '../agents/payloads.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

const D = 'rm -rf data';
let fx: ReturnType<typeof detectionFixture>;
let ctx: CheckContext;

beforeAll(() => {
  fx = detectionFixture('cs-rt24z-');
  ctx = fx.ctx;
});
afterAll(() => fx.cleanup());

/** check()'s verdict; 'error' when it throws: every caller answers that with deny or a refusal
 *  (the hook's internal-error deny, `-c` exiting 70 without running, check's exit 70). */
async function verdict(line: string, c: CheckContext): Promise<string> {
  try {
    return (await check(line, c)).decision;
  } catch {
    return 'error';
  }
}

/** A fresh fixture for a test that breaks files (the engine caches a config per team file). */
function fresh(): ReturnType<typeof detectionFixture> {
  return detectionFixture('cs-rt24z-x-');
}

describe('parser limits: every entry of a long or odd line still pauses', () => {
  const lines: Array<[string, () => string]> = [
    ['1 MB of harmless words, then rm', () => 'echo ' + 'a '.repeat(500_000) + '; ' + D],
    ['10 MB, then rm', () => 'echo ' + 'a '.repeat(5_000_000) + '; ' + D],
    ['100 KB (under the bound), then rm', () => 'echo ' + 'a '.repeat(50_000) + '; ' + D],
    ['20k `;`', () => 'true; '.repeat(20_000) + D],
    ['10k pipes', () => 'cat x | '.repeat(10_000) + D],
    ['16k pipes of quoted words (tree-sitter aborts its wasm at this size)', () => 'a "b"|'.repeat(16_000) + D],
    ['10k &&', () => 'true && '.repeat(10_000) + D],
    ['2000 nested $(', () => '$('.repeat(2000) + D + ')'.repeat(2000)],
    ['5000 nested (', () => '('.repeat(5000) + D + ')'.repeat(5000)],
    ['3000 nested {', () => '{ '.repeat(3000) + D + '; }'.repeat(3000)],
    ['3000 nested if', () => 'if true; then '.repeat(3000) + D + '; fi'.repeat(3000)],
    ['5000 nested arithmetic parens', () => 'echo $((' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ')); ' + D],
    ['3000 nested ${a:-', () => 'echo ${a:-'.repeat(3000) + '}'.repeat(3000) + '; ' + D],
    ['1500 nested "$(', () => '"$('.repeat(1500) + D + ')"'.repeat(1500)],
    ['a heredoc in a command substitution in a heredoc', () => `cat <<A\n$(cat <<B\n$(${D})\nB\n)\nA`],
    ['3000 heredocs', () => Array.from({ length: 3000 }, (_, i) => `cat <<E${i}\nx\nE${i}`).join('\n') + '\n' + D],
    ['a NUL byte inside the program name', () => 'r\0m -rf data'],
    ['a NUL byte before', () => 'echo hi\0; ' + D],
    ['lone surrogates', () => 'echo \udc80\ud800; ' + D],
    ['CRLF', () => 'echo hi\r\n' + D + '\r\n'],
    ['every byte value', () => Array.from({ length: 2000 }, (_, i) => String.fromCharCode(i % 256)).join('') + '\n' + D],
    ['a 120 KB word, then rm', () => 'echo ' + 'x'.repeat(120_000) + ' && ' + D],
    ['100k arguments, then rm', () => 'echo ' + 'a '.repeat(100_000) + '&& ' + D],
    ['60k arguments to rm', () => 'rm -rf ' + 'a '.repeat(60_000) + 'data'],
    ['5000 function definitions calling each other', () => Array.from({ length: 5000 }, (_, i) => `f${i}() { f${i + 1}; }`).join('\n') + `\nf5000() { ${D}; }\nf0`],
    ['2000 aliases in a chain', () => Array.from({ length: 2000 }, (_, i) => `alias a${i}=a${i + 1}`).join('\n') + `\nalias a2000='${D}'\na0`],
    ['5000 variables in a chain', () => 'v0=data; ' + Array.from({ length: 5000 }, (_, i) => `v${i + 1}=$v${i}`).join('; ') + '; rm -rf $v5000'],
    ['a 128 KB line of `{`, then rm (quadratic in the quick reject before)', () => D + '; echo ' + '{'.repeat(127_000)],
    ['1 MB of `{`, then rm', () => D + '; echo ' + '{'.repeat(1_000_000)],
    ['1 MB of `mutation`, then rm', () => D + '; echo ' + 'mutation '.repeat(110_000)],
    ['128 KB of `env`, then rm', () => D + '; echo ' + 'env '.repeat(31_000)],
  ];
  for (const [name, make] of lines) {
    it(name, async () => {
      const r = await check(make(), ctx);
      expect(r.decision).not.toBe('allow');
    });
  }

  it('after the line that aborts the parser, the next lines are read as before', async () => {
    await check('a "b"|'.repeat(16_000) + D, ctx);
    const rm = await check(D, ctx);
    expect(rm.decision).toBe('confirm');
    expect(rm.uncertain).toEqual([]);
    expect(rm.findings.some((f) => f.rule.startsWith('filesystem/'))).toBe(true);
    expect((await check('ls -la', ctx)).decision).toBe('allow');
  });

  it('the parse itself says why', async () => {
    const p = { cwd: '/tmp', env: {}, home: '/tmp' };
    expect((await parse('r\0m -rf x', p)).uncertain).toEqual(['the line holds a NUL byte']);
    expect((await parse('a "b"|'.repeat(4001) + 'rm -rf x', p)).uncertain.join()).toMatch(/more than 4000 `\|`/);
  });
});

describe('the quick reject: bounded, and exactly what its old regexes said', () => {
  it('never passes a line over its bound, or one with a NUL byte', async () => {
    const eng = await engineFor(ctx);
    expect(quickReject('echo ' + 'a '.repeat(MAX_QUICK / 2), eng.index, ctx.cwd, 0, ctx.env)).toBe(false);
    expect(quickReject('r\0m -rf data', eng.index, ctx.cwd, 0, ctx.env)).toBe(false);
    expect(quickReject('echo hi', eng.index, ctx.cwd, 0, ctx.env)).toBe(true);
  });

  it('adversarial lines under the bound come back with an answer', async () => {
    const eng = await engineFor(ctx);
    for (const s of ['echo ' + '{'.repeat(120_000), 'echo mutation' + '{'.repeat(120_000), 'echo ' + 'mutation '.repeat(13_000)]) {
      expect(quickReject(s, eng.index, ctx.cwd, 0, ctx.env)).toBe(true);
    }
    expect(touchesGuardedEnv('env '.repeat(32_000))).toBeUndefined();
    expect(touchesGuardedEnv('env '.repeat(32_000) + 'env -u HOME x')).toMatch(/HOME/);
  });

  const piece = fc.constantFrom('{', '}', ',', '..', '.', 'a', ' ', 'mutation', 'Mutation', 'delete', 'drop', '{x', 'x}', ';', '\n', 'mutations');
  const text = fc.array(piece, { maxLength: 14 }).map((a) => a.join(''));
  it('brace lists: the one-pass scan is the old regex', () => {
    fc.assert(
      fc.property(text, (t) => {
        // buildsWords' other reasons ($, `, ./, /) never appear in these pieces.
        expect(buildsWords(t)).toBe(/\{[^}]*(,|\.\.)[^}]*\}/.test(t));
      }),
      { numRuns: 3000 },
    );
  });
  it('a GraphQL delete handed on: the one-pass scan is the old regex', () => {
    const old = /\bmutation\b[^{]*\{[^}]*(delete|destroy|remove|purge|truncate|erase|wipe|reset|drop)/i;
    fc.assert(
      fc.property(text, (t) => {
        expect(handedDelete(t)).toBe(old.test(t));
      }),
      { numRuns: 3000 },
    );
  });
  it("countersign's own variables: the per-command scan is the old regex", () => {
    const NAMES = String.raw`(?:HOME|XDG_CONFIG_HOME|XDG_STATE_HOME|XDG_RUNTIME_DIR|COUNTERSIGN_\w*)`;
    const UNSET = new RegExp(String.raw`\b(?:unset|env)\b[^;&|\n]*\s(?:-u\s*|--unset[= ]|-[a-zA-Z]*\s)?${NAMES}\b`);
    const EXPORT = new RegExp(String.raw`\b(?:export|declare|typeset|readonly|local)\b[^;&|\n]*\b${NAMES}\b`);
    const READ = new RegExp(String.raw`\$\{?${NAMES}(?![\w=]|:=)`, 'g');
    const w = fc.constantFrom('env', 'unset', 'export', 'local', ' ', '  ', '-u', '-u ', '--unset=', '-x ', 'HOME', 'XDG_STATE_HOME', 'COUNTERSIGN_X', '$HOME', '${HOME}', ';', '|', '\n', 'a', '=', 'foo');
    fc.assert(
      fc.property(fc.array(w, { maxLength: 12 }).map((a) => a.join('')), (t) => {
        // Only the unset/export branch: lines that set or clear (SET, ENV_CLEAR) answer before it.
        const old = UNSET.exec(t) ?? EXPORT.exec(t.replace(READ, '$'));
        const got = touchesGuardedEnv(t);
        if (got === undefined || /^it changes/.test(got)) expect(got === undefined, t).toBe(!old);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('regexes that backtracked: same answer as a short twin', () => {
  it('kill -s -s -s ... (exponential in services/kill-everything)', async () => {
    const long = await check('kill' + ' -s'.repeat(60), ctx);
    const short = await check('kill -s -s -s', ctx);
    expect(long.decision).toBe(short.decision);
    expect((await check('kill -s -s -s -1', ctx)).decision).toBe('confirm');
    expect((await check('kill' + ' -s'.repeat(60) + ' -1', ctx)).decision).toBe('confirm');
  });
  it("vim -c with a long run of spaces (cubic in parse/embedded's `:!`)", async () => {
    const long = await check(`vim -c '${' '.repeat(5000)}echo x' f.txt`, ctx);
    const short = await check(`vim -c ' echo x' f.txt`, ctx);
    expect(long.decision).toBe(short.decision);
    expect((await check(`vim -c '${' '.repeat(5000)}!rm -rf data' f.txt`, ctx)).decision).toBe('confirm');
    expect((await check(`vim -c "'<,'>w !rm -rf data" f.txt`, ctx)).decision).toBe('confirm');
  });
  it('awk with a long run of spaces before `| getline` (quadratic)', async () => {
    const long = await check(`awk '{ ${' '.repeat(20_000)}print }' f.txt`, ctx);
    const short = await check(`awk '{ print }' f.txt`, ctx);
    expect(long.decision).toBe(short.decision);
    expect((await check(`awk 'BEGIN { ${' '.repeat(20_000)}"rm -rf data" | getline x }'`, ctx)).decision).toBe('confirm');
  });
  it('a gh alias file with a long line of spaces (cubic in parse/ghalias)', () => {
    const text = `aliases:\n${' '.repeat(20_000)}x\n    co: pr checkout\n    'q x': "api graphql"\n`;
    expect(aliasIn(text, 'co')).toBe('pr checkout');
    expect(aliasIn(text, 'q x')).toBe('api graphql');
    expect(aliasIn(text, 'nope')).toBeUndefined();
  });
  it('a cypher query with thousands of `{` (quadratic in sql/cypher)', async () => {
    const long = await check(`cypher-shell -a neo4j://db.prod.acme.internal "MATCH (n) ${'{'.repeat(20_000)} DETACH DELETE n"`, ctx);
    expect(long.decision).not.toBe('allow');
  });
});

describe('resource exhaustion: files a line reads that never end, configs that explode', () => {
  it('a FIFO as the team file of a subdirectory, the line run there: paused, not a hang', async () => {
    const f = fresh();
    try {
      mkdirSync(path.join(f.ctx.cwd, 'sub'));
      execFileSync('mkfifo', [path.join(f.ctx.cwd, 'sub', '.countersign.yaml')]);
      expect(await verdict('rm -rf ../data', { ...f.ctx, cwd: path.join(f.ctx.cwd, 'sub') })).not.toBe('allow');
      expect(await verdict('ls', { ...f.ctx, cwd: path.join(f.ctx.cwd, 'sub') })).not.toBe('allow');
      // A config error (what a broken team file is), not an internal error.
      expect((await check('ls', { ...f.ctx, cwd: path.join(f.ctx.cwd, 'sub') })).findings.map((x) => x.rule)).toContain('core/config-error');
    } finally {
      f.cleanup();
    }
  });

  it('/dev/zero as a team file, and as a .countersign/ pack: refused, not read forever', async () => {
    for (const where of ['.countersign.yaml', '.countersign/x.yaml']) {
      const f = fresh();
      try {
        const file = path.join(f.ctx.cwd, where);
        mkdirSync(path.dirname(file), { recursive: true });
        if (existsSync(file)) unlinkSync(file);
        symlinkSync('/dev/zero', file);
        expect(await verdict(D, f.ctx)).not.toBe('allow');
        expect(await verdict('ls', f.ctx)).not.toBe('allow');
      } finally {
        f.cleanup();
      }
    }
  });

  it('a FIFO as a shell startup file or a kubeconfig: read around, the line judged as ever', async () => {
    const f = fresh();
    try {
      execFileSync('mkfifo', [path.join(f.ctx.home!, '.zlogin')]);
      symlinkSync('/dev/zero', path.join(f.ctx.home!, '.bashrc'));
      execFileSync('mkfifo', [path.join(f.ctx.home!, '.kube', 'config')]);
      execFileSync('mkfifo', [path.join(f.ctx.home!, '.ssh', 'config')]);
      expect((await check(D, f.ctx)).decision).toBe('confirm');
      expect((await check('kubectl delete ns prod', f.ctx)).decision).toBe('confirm');
      expect((await check('ssh prod rm -rf /srv', f.ctx)).decision).toBe('confirm');
      expect((await check('ls', f.ctx)).decision).toBe('allow');
    } finally {
      f.cleanup();
    }
  });

  it('a FIFO as .git/index, .git/config or a sourced env file', async () => {
    const f = fresh();
    try {
      execFileSync('mkfifo', [path.join(f.ctx.cwd, '.git', 'index')]);
      rmSync(path.join(f.ctx.cwd, '.git', 'config'));
      execFileSync('mkfifo', [path.join(f.ctx.cwd, '.git', 'config')]);
      execFileSync('mkfifo', [path.join(f.ctx.cwd, '.env')]);
      expect((await check('git clean -fdx', f.ctx)).decision).toBe('confirm');
      expect((await check('git rm -r data', f.ctx)).decision).toBe('confirm');
      expect((await check('set -a; . ./.env; psql -c "drop table users"', f.ctx)).decision).toBe('confirm');
    } finally {
      f.cleanup();
    }
  });

  it('a FIFO as the script an interpreter, a shell or psql runs: its code comes from elsewhere, paused', async () => {
    const f = fresh();
    try {
      for (const n of ['p.py', 'q.sql', 'env.sh']) execFileSync('mkfifo', [path.join(f.ctx.cwd, n)]);
      writeFileSync(path.join(f.ctx.cwd, 'ok.py'), 'print(1)\n');
      for (const line of ['python3 p.py', 'node p.py', 'ruby p.py', 'psql -f q.sql', 'mysql < q.sql', '. ./env.sh && ls', 'sh env.sh', 'source /dev/zero; ls']) {
        expect(await verdict(line, f.ctx), line).toBe('confirm');
      }
      expect(await verdict('python3 ok.py', f.ctx)).toBe('allow');
      expect(await verdict("python3 /dev/stdin <<'EOF'\nprint(1)\nEOF", f.ctx)).toBe('allow');
    } finally {
      f.cleanup();
    }
  });

  it('the safe reader refuses a FIFO, a device and a large file without reading', () => {
    const f = fresh();
    try {
      const fifo = path.join(f.root, 'fifo');
      execFileSync('mkfifo', [fifo]);
      expect(() => readRegular(fifo, 1024)).toThrow(/not a regular file/);
      expect(() => readRegular('/dev/zero', 1024)).toThrow(/not a regular file/);
      writeFileSync(path.join(f.root, 'big'), 'x'.repeat(2048));
      expect(() => readRegular(path.join(f.root, 'big'), 1024)).toThrow(/larger than/);
      expect(readRegular(path.join(f.root, 'big'), 4096).length).toBe(2048);
    } finally {
      f.cleanup();
    }
  });

  it('a YAML bomb (aliases) in the team file: refused, and the line pauses', async () => {
    const f = fresh();
    try {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 0; i < 9; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
      writeFileSync(path.join(f.ctx.cwd, '.countersign.yaml'), 'protected-paths: [data]\n' + lines.join('\n') + '\n');
      expect(await verdict(D, f.ctx)).not.toBe('allow');
      expect(await verdict('ls', f.ctx)).not.toBe('allow');
    } finally {
      f.cleanup();
    }
  });

  it("a team rule whose regex backtracks forever: the check's own limit pauses the line", async () => {
    const f = fresh();
    try {
      writeFileSync(
        path.join(f.ctx.cwd, '.countersign.yaml'),
        [
          'protected-paths: [data]',
          'rules:',
          '  - id: team/slow',
          '    severity: high',
          '    summary: a rule with a catastrophic regex',
          '    match:',
          '      command: mytool',
          "      regex: '^mytool (a+)+$'",
          '      keywords: [mytool]',
          '    tests:',
          '      match: ["mytool aaa"]',
          '      no-match: ["mytool b"]',
          '',
        ].join('\n'),
      );
      const env = { ...f.ctx.env, COUNTERSIGN_CHECK_LIMIT_MS: '300' };
      const eng = await engineFor({ ...f.ctx, env });
      expect(eng.config.errors).toEqual([]);
      const r = await check('mytool ' + 'a'.repeat(40) + '!', { ...f.ctx, env });
      expect(r.decision).toBe('confirm');
      expect(r.uncertain.join()).toMatch(/took longer than/);
      // The engine works on afterwards.
      expect((await check('mytool aaa', { ...f.ctx, env })).decision).toBe('confirm');
      expect((await check('ls', { ...f.ctx, env })).decision).toBe('allow');
      // The environment can lower the limit, never raise it.
      const raised = await check('mytool ' + 'a'.repeat(40) + '!', { ...f.ctx, env: { ...env, COUNTERSIGN_CHECK_LIMIT_MS: '1e12' } });
      expect(raised.decision).toBe('confirm');
    } finally {
      f.cleanup();
    }
  });

  it('scripts that source each other, and a symlink loop in a path', async () => {
    const f = fresh();
    try {
      writeFileSync(path.join(f.ctx.cwd, 'a.sh'), '. ./b.sh\n');
      writeFileSync(path.join(f.ctx.cwd, 'b.sh'), '. ./a.sh\nrm -rf data\n');
      expect((await check('. ./a.sh', f.ctx)).decision).toBe('confirm');
      symlinkSync('loop', path.join(f.ctx.cwd, 'loop'));
      expect((await check('rm -rf loop/x data', f.ctx)).decision).toBe('confirm');
      // `rm -rf loop/x` alone deletes nothing (ELOOP): allowing it is right.
    } finally {
      f.cleanup();
    }
  });

  it('a state directory that is a file, and one that can not be written: the line is still judged', async () => {
    const f = fresh();
    try {
      const state = path.join(f.root, 'state-file');
      writeFileSync(state, 'x');
      const env = { ...f.ctx.env, XDG_STATE_HOME: state };
      expect((await check(D, { ...f.ctx, env })).decision).toBe('confirm');
      expect((await check('ls', { ...f.ctx, env })).decision).toBe('allow');
    } finally {
      f.cleanup();
    }
  });
});

describe('properties', () => {
  const harmless = fc.constantFrom('echo hi', 'ls -la', 'git status', 'true', 'cat README.md', 'npm test', 'pwd', ':', 'date', 'echo "a; b"', "printf '%s\\n' x");
  const sep = fc.constantFrom('; ', ' && ', ' || true; ', '\n', ' ;\n', ' & ', '\r\n', ';\t');
  const destructive = fc.constantFrom('rm -rf data', 'rm -r -f data/', 'git clean -fdx', 'psql -c "DROP TABLE users"', 'kubectl delete ns prod', 'find data -delete');
  const dress = fc.constantFrom<(s: string) => string>(
    (s) => s,
    (s) => `  ${s}  `,
    (s) => `\t${s}`,
    (s) => `sh -c '${s.replace(/'/g, `'\\''`)}'`,
    (s) => `bash -c "${s.replace(/["$`\\]/g, '\\$&')}"`,
    (s) => `(${s})`,
    (s) => `{ ${s}; }`,
    (s) => `if true; then ${s}; fi`,
    (s) => s.replace(/^(\w)/, '\\$1'),
    (s) => s.replace(/^(\w)(\w)/, `$1''$2`),
    (s) => s.replace(/^(\w)(\w)/, '$1""$2'),
  );
  it('lines tree-sitter joins (a backslash-led line, a lone `$`, `>\\ `, `\\r==` before a newline): paused', async () => {
    for (const line of ['ls\n\\rm -rf data', 'echo hi\r\n\\rm -rf data', 'x=1\n\\git clean -fdx', 'true\n\n\\rm -rf data', 'alias rm=echo\n\\rm -rf data', 'echo a\n\\\nrm -rf data', '$\nrm -rf data', 'price=$\nrm -rf data', '$\\ \nrm -rf data', 'cat notes.txt >\\ \nrm -rf data', 'echo done\r==\nrm -rf data']) {
      expect(await verdict(line, ctx), JSON.stringify(line)).toBe('confirm');
    }
    // Read right, not just paused: Claude Code's snapshot has `⏎\alias -p` after an echo.
    expect(await verdict('echo "# aliases"\n\\alias -p\necho done', ctx)).toBe('allow');
    expect(await verdict('cd src\n\\ls -la', ctx)).toBe('allow');
    // A heredoc's first line starting with a backslash is content: a LaTeX file written stays allowed.
    expect(await verdict("cat > paper.tex <<'EOF'\n\\documentclass{article}\n\\begin{document}\nHi\n\\end{document}\nEOF", ctx)).toBe('allow');
  });
  it('harmless lines around a destructive one, in any quoting and spacing: never allowed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(harmless, { maxLength: 4 }), sep, destructive, dress, fc.array(harmless, { maxLength: 3 }), sep, async (pre, s1, d, wrap, post, s2) => {
        const line = [...pre, wrap(d)].join(s1) + (post.length ? s2 + post.join(s2) : '');
        const r = await check(line, ctx);
        expect(r.decision, JSON.stringify(line)).not.toBe('allow');
      }),
      { numRuns: 250 },
    );
  });

  it("Object.prototype's names as words never throw (a record looked up by a word of the line)", async () => {
    // fast-check found `__proto__`: PACKAGE_BINS['__proto__'] was Object.prototype, not a name.
    for (const w of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      for (const line of [w, `${w} x`, `npx ${w}`, `git ${w}`, `kubectl ${w}`, `${w.toUpperCase()} http://x`, `export ${w}=1; ls`, `rm -rf ${w}`]) {
        expect(['allow', 'confirm', 'deny'], line).toContain((await check(line, ctx)).decision);
      }
    }
  });

  it('random strings and bytes never throw out of check()', async () => {
    const noise = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')));
    await fc.assert(
      fc.asyncProperty(noise, async (t) => {
        const r = await check(t, ctx);
        expect(['allow', 'confirm', 'deny']).toContain(r.decision);
      }),
      { numRuns: 300 },
    );
  });

  it('random noise around a destructive line: never allowed', async () => {
    const noise = fc.string({ unit: fc.constantFrom('a', ' ', '#', '\\', '"', "'", ';', '\n', '|', '&', '(', ')', '$', '`', '{', '}', '\r', 'é', '<<', 'x'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(noise, async (n) => {
        // The noise is a complete script of its own (bash -n reads it without a word of warning,
        // and it doesn't end in a line continuation), on the lines before the command: bash runs
        // the command after it.
        const sh = spawnSync('bash', ['-n', '-c', n], { encoding: 'utf8' });
        fc.pre(sh.status === 0 && sh.stderr === '' && !/\\\r?$/.test(n));
        const line = `${n}\n${D}`;
        const r = await check(line, ctx);
        expect(r.decision, JSON.stringify(line)).not.toBe('allow');
      }),
      { numRuns: 300 },
    );
  });
});

describe('entry points (the built program): an 8 MB hook payload and a huge -c line', () => {
  const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: ctx.cwd, env: ctx.env as NodeJS.ProcessEnv, input, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });

  it('claude hook: 7 MB of `{` after rm is denied, not left to the agent timeout', () => {
    if (!existsSync(path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.mjs'))) throw new Error('dist/ is missing: run `npm run build`');
    const command = D + '; echo ' + '{'.repeat(7 << 20);
    const payload = JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: ctx.cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
    const r = run(['hook', 'claude'], payload);
    expect(r.signal).toBeNull();
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('cursor, gemini and codex hooks: the same 7 MB line is denied', () => {
    const command = D + '; echo ' + '{'.repeat(7 << 20);
    const denied = (agent: string, out: string): boolean => {
      const j = JSON.parse(out) as Record<string, any>;
      return agent === 'cursor' ? j.permission === 'deny' : agent === 'gemini' ? j.decision === 'deny' : j.hookSpecificOutput?.permissionDecision === 'deny';
    };
    for (const [agent, payload] of [['cursor', cursorPayload(command, ctx.cwd)], ['gemini', geminiPayload(command, ctx.cwd)], ['codex', codexPayload(command, ctx.cwd)]] as const) {
      const r = run(['hook', agent], payload);
      expect(r.signal, agent).toBeNull();
      expect(denied(agent, r.stdout), agent).toBe(true);
    }
  });

  it('countersign check and -c: a 120 KB line of `{` after rm (one argument holds at most 128 KB) is refused, not run', () => {
    const line = D + '; echo ' + '{'.repeat(120_000);
    const c = run(['check', '--json', '--', line]);
    expect(c.signal).toBeNull();
    expect(c.status).not.toBe(0);
    // Under -c with no terminal to confirm on, the line doesn't run: data is still there.
    const sh = run(['-c', line]);
    expect(sh.signal).toBeNull();
    expect(sh.status).not.toBe(0);
    expect(existsSync(path.join(ctx.cwd, 'data'))).toBe(true);
  });
});
