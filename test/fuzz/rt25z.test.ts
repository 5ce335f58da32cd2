// Red team 25z: fail closed under stress, second round. (1) Differential parsing: lines bash
// accepts, compared with what bash's own parser says runs (`bash --pretty-print FILE`, which never
// executes: test/fuzz/bash-oracle.ts). (2) Object.prototype's names (`constructor`, `__proto__`,
// `toString`...) wherever agent or team text becomes a lookup key. (3) The entry points under
// malformed, huge and odd input. No timed assertions. Routes and results: rt25z-numbers.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, engineFor, type CheckContext } from '../../src/engine.js';
import { own, table } from '../../src/own.js';
import { claudePayload, codexPayload, cursorPayload, geminiPayload } from '../agents/payloads.js';
import { detectionFixture } from '../helpers/detection-fixture.js';
import { SHELLS, openSession } from '../interactive/harness.js';
import { bashNormalised, oracleCleanup, runsIn } from './bash-oracle.js';

const D = 'rm -rf data';
let fx: ReturnType<typeof detectionFixture>;
let ctx: CheckContext;

beforeAll(() => {
  fx = detectionFixture('cs-rt25z-');
  ctx = fx.ctx;
});
afterAll(() => {
  fx.cleanup();
  oracleCleanup();
});

/** check()'s verdict; 'error' when it throws (every caller denies or refuses then). */
async function verdict(line: string, c: CheckContext = ctx): Promise<string> {
  try {
    return (await check(line, c)).decision;
  } catch {
    return 'error';
  }
}

function fresh(): ReturnType<typeof detectionFixture> {
  return detectionFixture('cs-rt25z-x-');
}

const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString'];
/** A name no table holds: what a prototype name must be read as. */
const CONTROL = 'zqxfoo';

describe('the bash oracle itself (parse only: the file form of --pretty-print never runs the line)', () => {
  it('tells a command from a quoted, commented, heredoc or escaped look-alike', () => {
    const runs = (l: string) => runsIn(bashNormalised(l)!, D);
    for (const l of [D, 'x=1 rm -rf data', 'echo $(rm -rf data)', 'ls | rm -rf data', 'if true; then rm -rf data; fi', 'cat <<E\nx\nE\nrm -rf data', 'case a in a) rm -rf data;; esac', 'echo `x` `rm -rf data`']) expect(runs(l), l).toBe(true);
    for (const l of ['$(echo x) rm -rf data', '$(echo x)rm -rf data', '\u0001true{dodo ?-`x` rm -rf data', 'echo "rm -rf data"', "echo 'rm -rf data'", 'cat <<E\nrm -rf data\nE', '# rm -rf data', 'ls\\\nrm -rf data', 'rm -rf data2', 'esac\\;rm -rf data', '@whilerm -rf data']) expect(runs(l), l).toBe(false);
    expect(bashNormalised('if; then')).toBeUndefined();
  });
  it('never runs what it parses', () => {
    const f = fresh();
    try {
      bashNormalised(`touch ${path.join(f.root, 'ran')}; rm -rf ${path.join(f.ctx.cwd, 'data')}`);
      expect(existsSync(path.join(f.root, 'ran'))).toBe(false);
      expect(existsSync(path.join(f.ctx.cwd, 'data'))).toBe(true);
    } finally {
      f.cleanup();
    }
  });
});

describe('differential parsing: where bash runs the destructive command, countersign never allows', () => {
  it('odd blanks tree-sitter skips and bash keeps in a word (a carriage return before a newline after `>`)', async () => {
    // Found by the fuzz: `evalcat+\$>⏎psql ...` with a CR before the newline. bash redirects to a
    // file named by the CR and runs the next line; tree-sitter made the next line the target.
    for (const line of ['x >\r\nrm -rf data', 'x \\$>\r\nrm -rf data', 'evalcat+\\$>\r\npsql $PROD -c \'DROP TABLE users\' ;\n\u000b {/for\u000b~', 'echo hi >>\r\nrm -rf data', 'ls 2>\r\nrm -rf data', 'x >\u00a0\nrm -rf data', 'x >\u000b\nrm -rf data', 'x >\u000c\nrm -rf data']) {
      expect(bashNormalised(line) === undefined || runsIn(bashNormalised(line)!, line.includes('psql') ? "psql $PROD -c 'DROP TABLE users'" : D), JSON.stringify(line)).toBe(true);
      expect(await verdict(line), JSON.stringify(line)).toBe('confirm');
    }
  });
  it('an escaped tab tree-sitter skips as a blank: bash keeps it in the word, and `#` after it starts no comment', async () => {
    // Found by the fuzz: `^esac␛\⇥#; psql ...`: the parser read `#; psql ...` as a comment.
    for (const line of ['echo x\\\t#; rm -rf data', "^esac\u001b\\\t#; psql $PROD -c 'DROP TABLE users' | trueif!", 'cat notes.txt >\\ \nrm -rf data']) {
      const norm = bashNormalised(line);
      expect(norm !== undefined && runsIn(norm, line.includes('psql') ? "psql $PROD -c 'DROP TABLE users'" : D), JSON.stringify(line)).toBe(true);
      expect(await verdict(line), JSON.stringify(line)).toBe('confirm');
    }
    // File names with escaped blanks read as before.
    for (const line of ['cd My\\ Documents && ls', 'ls My\\\tDir', 'git commit -m x\\ y', 'echo a\\\\ b; ls']) expect(await verdict(line), JSON.stringify(line)).toBe('allow');
  });
  it('CRLF scripts and no-break spaces read as before (no second reading where the commands agree)', async () => {
    for (const line of ['echo hi\r\nls\r\n', "cat <<'EOF'\r\nrm -rf data\r\nEOF\r\nls\r\n", 'echo "a\u00a0b"', 'printf "x\\r\\n"\r\nls', 'git status\r\n']) {
      const r = await check(line, ctx);
      expect(r.decision, JSON.stringify(line)).toBe('allow');
    }
    for (const line of ['echo hi\r\nrm -rf data\r\n', 'ls\r\n\r\nrm -rf data']) expect(await verdict(line), JSON.stringify(line)).toBe('confirm');
  });

  const DS = ['rm -rf data', "psql $PROD -c 'DROP TABLE users'", 'curl -X DELETE https://api.prod.acme.internal/users/1'];
  const chars = ['a', 'x', ' ', ' ', '\t', '\n', '\r', "'", '"', '\\', '$', '`', ';', '&', '|', '<', '>', '(', ')', '{', '}', '[', ']', '#', '!', '~', '*', '?', '=', '\u00a0', '\u2003', '\u3000', '\ufeff', '\x00', '\x01', '\x07', '\x0b', '\x0c', '\x1b', '\x1f', 'é', '-', '/', '.', ',', ':', '%', '^', '@', '+'];
  const words = ['echo', 'x', 'EOF', '<<', '<<-', '<<<', '$(', '${', '$((', '))', '&&', '||', ';;', 'if', 'then', 'fi', 'do', 'done', 'case', 'in', 'esac', 'while', 'for', 'function', 'alias', 'eval', '\\\n', "$'", '$"', 'cat', 'true', '2>&1', '>|', '&>', '|&', 'time', '!', 'coproc', '((', 'let'];
  const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...chars) }, { weight: 1, arbitrary: fc.constantFrom(...words) });
  const noise = fc.array(piece, { maxLength: 24 }).map((a) => a.join(''));
  const sep = fc.constantFrom('', ' ', '; ', '\n', ' && ', ' || ', ' | ', ' & ', '\r\n', '\t', ';', '\n\n', ' ;\n');

  it('random context in a wide alphabet around three destructive commands (fixed seed; 12k+ run once by hand)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(noise, sep, fc.constantFrom(...DS), sep, noise, async (pre, s1, d, s2, post) => {
        const line = pre + s1 + d + s2 + post;
        const norm = bashNormalised(line);
        // Lines bash refuses (or warns about) are out of the comparison; so are those where the
        // command is not a command to bash (quoted, in a heredoc, a word of another command).
        if (norm === undefined || !runsIn(norm, d)) return;
        compared++;
        expect(await verdict(line), JSON.stringify(line)).not.toBe('allow');
      }),
      { numRuns: 400, seed: 25 },
    );
    expect(compared).toBeGreaterThan(20);
  });
});

describe('prototype names as keys: never a crash, never another verdict than any other name', () => {
  const shapes = [
    '$W', '$W x', 'sudo $W', 'npx $W', 'git $W', 'git $W -fdx', 'kubectl $W ns prod', 'docker $W', 'aws s3 $W', 'rm -$W data',
    'curl -X $W https://api.prod.acme.internal/users', 'curl -X DELETE https://$W/users', 'curl -X DELETE $W://api.prod.acme.internal/users',
    'ssh $W rm -rf /srv', 'kubectl --context $W delete ns prod', '$W=1 rm -rf data', 'export $W=1; ls', 'echo $$W', 'rm -rf $$W', 'rm -rf ${$W}',
    '$W() { rm -rf data; }; $W', 'alias $W=ls; $W', 'make $W', 'npm run $W', 'python3 -m $W', 'redis-cli -h $W flushall', 'env $W rm -rf data',
    'env -u $W rm -rf data', 'psql postgres://$W/app -c "drop table x"', 'psql "$W://u@pg.prod.acme.internal/app" -c "drop table x"', 'git -c alias.$W="!rm -rf data" $W',
    'find data -$W -delete', 'rsync -a --delete ./ $W:/srv/data/', 'read $W <<< "data"; rm -rf "$$W"', 'for $W in data; do rm -rf "$$$W"; done', 'docker compose rm -f $W',
  ];
  it('words of a line: program, subcommand, option, host, scheme, variable, function, alias', async () => {
    for (const s of shapes) {
      const want = await verdict(s.replaceAll('$W', CONTROL));
      for (const n of PROTO) {
        const line = s.replaceAll('$W', n);
        const r = await check(line, ctx);
        expect(r.uncertain.filter((u) => /parser failed|internal/.test(u)), line).toEqual([]);
        expect(r.decision, line).toBe(want);
      }
    }
  });

  it('the environment handed in has the name (process.env answers `$constructor` with a function)', async () => {
    const env = Object.assign({}, ctx.env) as Record<string, string>;
    for (const n of ['constructor', 'toString']) {
      // Not a variable of the environment: empty, `rm -rf` with no operand (allowed) as for any unset name.
      expect((await check(`rm -rf $${n}`, { ...ctx, env })).decision).toBe((await check(`rm -rf $${CONTROL}`, { ...ctx, env })).decision);
      // A real one holding data.
      expect((await check(`rm -rf $${n}`, { ...ctx, env: { ...env, [n]: 'data' } })).decision).toBe('confirm');
    }
  });

  it("a team file's keys named like Object.prototype's members: refused with a config error, not dropped", async () => {
    // valibot drops `constructor` and `__proto__` from a record without a word: a program the team
    // declared as a wrapper (`constructor -- rm -rf data`) was then unknown, and the line allowed.
    const teams = (n: string): string[] => [
      `protected-paths: [data]\nprograms:\n  ${n}:\n    wraps: { after: "--" }\n`,
      `protected-paths: [data]\ncommands:\n  ${n}:\n    acts: { kind: database }\n`,
      `protected-paths: [data]\nseverity:\n  ${n}: low\n`,
      `protected-paths: [data]\npolicy:\n  environments:\n    ${n}: { confirm-at: critical }\n`,
      `protected-paths: [data]\nenvironments:\n  ${n}:\n    match:\n      hosts: ["*.prod.acme.internal"]\n`,
      `protected-paths: [data]\nrules:\n  - id: team/x\n    severity: high\n    summary: x\n    match:\n      command: ourctl\n      vars:\n        ${n}: [prod]\n    tests:\n      match: ["ourctl x"]\n      no-match: ["ls"]\n`,
    ];
    for (const n of ['constructor', '__proto__', 'toString']) {
      for (const team of teams(n)) {
        const f = fresh();
        try {
          writeFileSync(path.join(f.ctx.cwd, '.countersign.yaml'), team);
          const eng = await engineFor(f.ctx);
          expect(eng.config.errors.map((e) => e.message).join(), team).toContain(`a key can't be named "${n}"`);
          for (const line of [`${n} -- rm -rf data`, D, 'ls']) expect(await verdict(line, f.ctx), `${team} / ${line}`).not.toBe('allow');
        } finally {
          f.cleanup();
        }
      }
    }
    // The same file with an ordinary name: the wrapper is read, the line pauses, ls is allowed.
    const f = fresh();
    try {
      writeFileSync(path.join(f.ctx.cwd, '.countersign.yaml'), `protected-paths: [data]\nprograms:\n  ${CONTROL}:\n    wraps: { after: "--" }\n`);
      expect(await verdict(`${CONTROL} -- rm -rf data`, f.ctx)).toBe('confirm');
      expect(await verdict('ls', f.ctx)).toBe('allow');
    } finally {
      f.cleanup();
    }
  });

  it('files a line reads keyed by name: package.json scripts, .env, kubeconfig, ssh config, git aliases, Makefile', async () => {
    for (const n of ['__proto__', 'constructor', 'toString']) {
      const f = fresh();
      try {
        const c = f.ctx.cwd;
        const h = f.ctx.home!;
        // JSON.parse keeps `__proto__` as an own key (npm runs that script); copying it into a
        // plain object by assignment dropped it, and `npm run __proto__` was allowed.
        writeFileSync(path.join(c, 'package.json'), `{"scripts": {"${n}": "rm -rf data", "build": "tsc"}}`);
        writeFileSync(path.join(c, '.env'), `${n}=postgres://app@pg.prod.acme.internal/app\n`);
        writeFileSync(path.join(h, '.kube', 'config'), `apiVersion: v1\nkind: Config\ncurrent-context: ${n}\ncontexts:\n- name: ${n}\n  context: {cluster: ${n}, user: ${n}}\nclusters:\n- name: ${n}\n  cluster: {server: "https://k8s.prod.acme.internal"}\nusers:\n- name: ${n}\n  user: {}\n`);
        writeFileSync(path.join(h, '.ssh', 'config'), `Host ${n}\n  HostName db.prod.acme.internal\n`);
        writeFileSync(path.join(c, 'Makefile'), `${n}:\n\trm -rf data\n`);
        expect(JSON.parse(readFileSync(path.join(c, 'package.json'), 'utf8')).scripts[n]).toBe('rm -rf data');
        for (const line of [`npm run ${n}`, `yarn ${n}`, `pnpm run ${n}`, `set -a; . ./.env; psql "$${n}" -c "DROP TABLE users"`, 'kubectl delete ns prod', `kubectl --context ${n} delete ns prod`, `ssh ${n} rm -rf /srv/data`, `rsync -a --delete ./ ${n}:/srv/data/`, `make ${n}`]) {
          const r = await check(line, f.ctx);
          expect(r.decision, `${n}: ${line}`).toBe('confirm');
          expect(r.uncertain.filter((u) => /parser failed|internal/.test(u)), line).toEqual([]);
        }
        expect(await verdict('kubectl get pods', f.ctx)).toBe('allow');
      } finally {
        f.cleanup();
      }
    }
  });

  it('rsync to a host whose name starts with `_` (an ssh config alias): the remote delete pauses', async () => {
    // The rule's host pattern wanted a letter or digit first; rsync reads any name before `:` as a host.
    expect(await verdict('rsync -a --delete ./build/ _deploy:/srv/app/')).toBe('confirm');
    expect(await verdict('rsync -a --remove-source-files _backup:/var/backups/ ./backups/')).toBe('confirm');
    expect(await verdict('rsync -a --delete ./src/ ./mirror/')).toBe('allow');
  });

  it('table() and own(): only own entries', () => {
    const t = table({ a: 1, __proto__: 2 } as Record<string, number>);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(t))).toBeNull();
    expect(Object.keys(Object.getPrototypeOf(t) as object)).toEqual([]);
    t.__proto__ = 3;
    expect(Object.keys(t)).toEqual(['a', '__proto__']);
    expect(t.a).toBe(1);
    for (const n of PROTO) if (n !== '__proto__') expect(t[n], n).toBeUndefined();
    const parsed = JSON.parse('{"__proto__": "x", "b": 2}') as Record<string, unknown>;
    expect(own(parsed, '__proto__')).toBe('x');
    expect(own(parsed, 'constructor')).toBeUndefined();
    expect(own({ b: 2 }, 'toString')).toBeUndefined();
    expect(own(undefined, 'b')).toBeUndefined();
  });

  it('every module-level table keyed by text is made with table() (no `Record<string, …> = {…}` literal, no `= {}` to fill)', () => {
    const src = path.resolve(import.meta.dirname, '..', '..', 'src');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const p = path.join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(src);
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node) => {
        if (ts.isVariableDeclaration(n) && n.type && n.initializer) {
          const type = n.type.getText(sf).replace(/\s+/g, ' ');
          const init = n.initializer;
          if (/^(Readonly<|Partial<)*Record< ?string\b/.test(type) && (ts.isObjectLiteralExpression(init) || (ts.isCallExpression(init) && /^Object\.fromEntries/.test(init.getText(sf))))) {
            bad.push(`${path.relative(src, f)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${n.name.getText(sf)}`);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(bad).toEqual([]);
  });
});

describe('entry points under stress (the built program): deny, never allow, never hang', () => {
  const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'countersign');
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: ctx.cwd, env: ctx.env as NodeJS.ProcessEnv, input, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  const payload: Record<string, (c: unknown, extra?: Record<string, unknown>) => string> = {
    claude: (c, e) => claudePayload(c, ctx.cwd, e),
    codex: (c, e) => codexPayload(c, ctx.cwd, {}, e),
    cursor: (c, e) => cursorPayload(c, ctx.cwd, e),
    gemini: (c, e) => geminiPayload(c, ctx.cwd, {}, e),
  };
  const denied = (agent: string, out: string): boolean => {
    const j = JSON.parse(out) as Record<string, any>;
    return agent === 'cursor' ? j.permission === 'deny' : agent === 'gemini' ? j.decision === 'deny' : j.hookSpecificOutput?.permissionDecision === 'deny';
  };
  const shapes: Array<[string, (a: string) => string]> = [
    ['malformed JSON', (a) => payload[a]!(D).slice(0, -3)],
    ['empty input', () => ''],
    ['null', () => 'null'],
    ['an array', () => '[]'],
    ['a bare string', () => JSON.stringify(D)],
    ['the command as an array', (a) => payload[a]!(['rm', '-rf', 'data'])],
    ['the command as an object', (a) => payload[a]!({ toString: D })],
    ['the command null', (a) => payload[a]!(null)],
    ['no tool_input', (a) => { const j = JSON.parse(payload[a]!(D)) as Record<string, unknown>; delete j.tool_input; if (a === 'cursor') delete j.command; return JSON.stringify(j); }],
    ['cwd a number', (a) => payload[a]!(D, { cwd: 5 })],
    ['cwd `__proto__`', (a) => payload[a]!(D, { cwd: '__proto__' })],
    ['a `__proto__` key beside the command', (a) => payload[a]!(D).replace(/^\{/, '{"__proto__":{"command":"ls","tool_name":"Read"},')],
    ['duplicate command keys, rm last', (a) => payload[a]!('ls').replace('"command":"ls"', '"command":"ls","command":"rm -rf data"')],
    ['1M levels of nesting in another field', (a) => payload[a]!(D).replace(/}$/, ',"x":' + '['.repeat(1_000_000) + ']'.repeat(1_000_000) + '}')],
    ['a BOM before the JSON', (a) => '\ufeff' + payload[a]!(D)],
    ['trailing garbage', (a) => payload[a]!(D) + 'xyz'],
    ['two documents, rm second', (a) => payload[a]!('ls') + '\n' + payload[a]!(D)],
    ['invalid UTF-8', () => Buffer.from([0xff, 0xfe, 0x7b]).toString('latin1')],
    ['the CR-before-newline line', (a) => payload[a]!('x >\r\nrm -rf data')],
    ['a prototype name on the line', (a) => payload[a]!('echo $constructor; rm -rf data')],
  ];
  for (const agent of ['claude', 'codex', 'cursor', 'gemini']) {
    it(`${agent} hook: every odd payload around rm is denied`, () => {
      if (!existsSync(path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.mjs'))) throw new Error('dist/ is missing: run `npm run build`');
      for (const [name, make] of shapes) {
        const r = run(['hook', agent], make(agent));
        expect(r.signal, `${agent}: ${name}`).toBeNull();
        expect(denied(agent, r.stdout), `${agent}: ${name}: ${r.stdout.slice(0, 200)}`).toBe(true);
      }
    });
  }

  it('-c and check: prototype names and the CR line are refused, nothing runs', () => {
    for (const line of ['x >\r\nrm -rf data', 'echo $__proto__; rm -rf data', 'rm -rf $constructor data']) {
      const c = run(['check', '--json', '--', line]);
      expect(c.status, line).not.toBe(0);
      expect(JSON.parse(c.stdout).decision, line).toBe('confirm');
      const sh = run(['-c', line]);
      expect(sh.signal).toBeNull();
      expect(sh.status, line).not.toBe(0);
      expect(existsSync(path.join(ctx.cwd, 'data')), line).toBe(true);
    }
    for (const args of [['check'], ['check', '--constructor', D], ['check', '--__proto__', D], ['hook', 'constructor'], ['hook', '__proto__']]) {
      const r = run(args, '{}');
      expect(r.status, args.join(' ')).not.toBe(0);
    }
  });
});

const bashShell = SHELLS.find((x) => x.name === 'bash')?.path;
(bashShell ? describe : describe.skip)('the interactive session: prototype names in the shell and on the line', () => {
  it('a shell variable named constructor holding data: `rm -rf $constructor` pauses; `echo $toString` runs', async () => {
    if (!existsSync(path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.mjs'))) throw new Error('dist/ is missing: run `npm run build`');
    const s = await openSession(bashShell!);
    try {
      expect((await s.run('export constructor=data __proto__=data', 'send')).exit).toBe(0);
      expect((await s.run('echo "[$toString]"', 'send')).exit).toBe(0);
      const since = s.mark();
      s.t.send('rm -rf $constructor\r');
      await s.t.waitFor('Type the phrase');
      s.t.send('\x03');
      expect((await s.finished(since)).exit).toBe(126);
      expect(existsSync(path.join(s.fx.data))).toBe(true);
      const since2 = s.mark();
      s.t.send('rm -rf "$__proto__"\r');
      await s.t.waitFor(/Type the phrase[\s\S]*Type the phrase/);
      s.t.send('\x03');
      expect((await s.finished(since2)).exit).toBe(126);
      expect(existsSync(path.join(s.fx.data))).toBe(true);
    } finally {
      await s.close();
    }
  });
});
