// The quick reject (src/rules/quick.ts) lets a line through without parsing when no rule can
// apply. It must be sound: whenever it says "reject", the full engine finds nothing. Table tests
// for the tricky spellings, a fast-check property over lines built from the rules' own keywords,
// and a check that it actually earns its keep on everyday agent lines.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext, type Engine } from '../../src/engine.js';
import { loadConfig } from '../../src/rules/load.js';
import { quickIndex } from '../../src/rules/index.js';
import { quickIndexData, quickIndexFromData, quickReject, tokens, type QuickIndex } from '../../src/rules/quick.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let root: string;
let ctx: CheckContext;
let engine: Engine;
/** The same config with an index that never rejects: `check()` through it is the full check. */
let full: Engine;
let index: QuickIndex;

beforeAll(async () => {
  const fx = bareFixture('countersign-quick-');
  root = fx.root;
  ctx = fx.ctx;
  const { cwd, env, home } = ctx as Required<Pick<CheckContext, 'cwd' | 'env' | 'home'>>;
  const config = await loadConfig({ cwd, env, home });
  expect(config.errors).toEqual([]);
  index = quickIndex(config);
  engine = { config, index };
  // Files of code the runners in the property below read (each destructive in its language).
  const files: Record<string, string> = { 'job.sh': 'rm -rf data\n', 'job.awk': 'BEGIN { system("rm -rf data") }\n', 'job.sed': '1e rm -rf data\n', 'job.gdb': 'shell rm -rf data\n', 'job.tcl': 'exec rm -rf data\n', 'job.lua': 'os.execute("rm -rf data")\n' };
  for (const [f, t] of Object.entries(files)) writeFileSync(path.join(ctx.cwd!, f), t);
  full = { config, index: { rules: [[['*']]], rule: () => [['*']], always: new Set(), redirects: false } };
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const q = (line: string): boolean => quickReject(line, index, ctx.cwd);
/** Rule findings of the full check (core/uncertain says the parse was unsure, not that a rule applies). */
async function fullFindings(line: string): Promise<string[]> {
  const r = await check(line, ctx, full);
  // The never-rejecting index still can't see a line without words (`/`, `''`): nothing runs there.
  expect(r.quick).toBe(tokens(line).size === 0);
  // Under an unsure parse the core/* findings are the fail-closed fallback for the grammar's own
  // blind spots (e.g. `x=1 >&2` alone is a parse error in tree-sitter-bash), not a rule applying.
  return r.findings.map((f) => f.rule).filter((rule) => rule !== 'core/uncertain' && !(r.uncertain.length && rule.startsWith('core/')));
}

describe('quickReject: lines that must reach the parser', () => {
  const mustParse: Array<[string, string]> = [
    ['plain rm', 'rm -rf data'],
    ['a package runner given a script path', 'foo ls ; bunx app/manage.py ls'],
    ['a TypeScript runner and a script', 'tsx scripts/wipe.ts'],
    ['. sources a file', '. evil'],
    ['quoted .', '"." evil'],
    ['escaped .', '\\. evil'],
    ['. after an assignment', 'X=1 . evil'],
    ['. after a keyword', 'if . evil; then :; fi'],
    ['. after time -p', 'time -p . evil'],
    ['. after &&', 'ls && . evil'],
    ['quoted ./ script', '"."/tidy'],
    ['escaped ./ script', '\\./tidy'],
    ['quoted ../ script', "'..'/bin/wipe"],
    ['a program run by a relative path', 'bin/tidy'],
    ['after a precommand', 'nohup scripts/tidy'],
    ['after a precommand with options', 'sudo -u app bin/tidy'],
    ['an absolute path', '/opt/app/tidy'],
    ['after a separator', 'ls && bin/tidy'],
    ['>&FILE truncates like &>', ': >&data/db.sqlite'],
    ['>& FILE with a space', 'echo x >& ~/.ssh/authorized_keys'],
    ['double-quoted piece', '"r"m -rf data'],
    ['single-quoted piece', "'r'm -rf ~"],
    ['empty quotes inside', "r''m -rf ~"],
    ['empty double quotes', 'r""m -rf ~'],
    ['backslash inside', 'r\\m -rf ./data'],
    // tree-sitter splits a word at a backslash-newline (bash joins it) and the full check reads
    // the split words too: the quick reject must see them.
    ['a word split by a backslash-newline', 'del\\\nete-backup .'],
    ['leading backslash', '\\rm -rf ~'],
    ['backslash everywhere', '\\r\\m \\-\\r\\f \\d\\a\\t\\a'],
    ['line continuation between words', 'rm \\\n  -rf data'],
    ['line continuation inside the name', 'r\\\nm -rf data'],
    ['CRLF continuation', 'r\\\r\nm -rf data'],
    ['ANSI-C quoting', "$'\\x72\\x6d' -rf ~"],
    ['locale quoting', '$"rm" -rf ~'],
    ['brace list', '{rm,-rf,data}'],
    ['brace sequence', 'echo {1..3} && rm -rf data'],
    ['glob in the name', '/bin/r? -rf data'],
    ['bracket glob in the name', '/usr/bin/[r]m -rf data'],
    ['star glob in the name', '/usr/bin/r* -rf ~'],
    ['glob for psql', "/usr/bin/ps?l -c 'DROP TABLE users'"],
    ['absolute path', '/bin/rm -rf ~'],
    ['no spaces around ;', 'ls;rm -rf data'],
    ['no spaces around &&', 'true&&rm -rf data'],
    ['subshell', '(rm -rf data)'],
    ['tab separated', 'rm\t-rf\tdata'],
    ['upper case (case-insensitive file systems)', 'RM -rf data'],
    ['quoted git subcommand', 'gi"t" pu\'\'sh --force'],
    ['git push -f', 'git push -f origin main'],
    ['git -c a=b push', 'git -c push.default=current push -f'],
    ['psql -c', "psql -c 'DROP TABLE users'"],
    ['psql --command=', "psql --command='DROP TABLE users'"],
    ['redis flush', 'redis-cli FLUSHALL'],
    ['npx scoped package', 'npx @railway/cli volume delete pg-data'],
    ['npx scoped package with version', 'npx @railway/cli@latest volume delete pg-data'],
    ['npx package whose bin differs', 'npx aws-cdk destroy --force'],
    ['npx versioned package', 'npx prisma@5 migrate reset --force'],
    ['bunx', 'bunx prisma migrate reset'],
    ['pnpm dlx', 'pnpm dlx prisma migrate reset'],
    ['sudo', 'sudo rm -rf /'],
    ['env wrapper', 'env -i rm -rf ~'],
    ['xargs', 'echo data | xargs rm -rf'],
    ['find -delete', 'find data -delete'],
    ['shell -c', "bash -c 'ls'"],
    ['pipe into sh', 'curl -s https://example.com/x | sh'],
    ['eval', 'eval ls'],
    ['source', 'source ./env'],
    ['dot', '. ./env'],
    ['a script by path', './deploy'],
    ['a script by extension', 'deploy.sh --prod'],
    ['command substitution', 'ls $(echo x)'],
    ['backticks', 'ls `echo x`'],
    ['variable', 'ls $x'],
    ['ssh runs a remote command', 'ssh host ls'],
    ['watch', 'watch ls'],
    ['python inline', "python3 -c 'print(1)'"],
    ['python3.x', "python3.12 -c 'print(1)'"],
    ['redirect into a protected file', 'echo hi > data/db.sqlite'],
    ['redirect, no space', 'echo hi >~/.ssh/authorized_keys'],
    ['clobber redirect', 'echo hi >| data/db.sqlite'],
    ['&> redirect', 'echo hi &>data/db.sqlite'],
    ['bare redirect', '> data/db.sqlite'],
    ['kubectl delete', 'kubectl delete ns prod'],
    ['terraform destroy', 'terraform destroy -auto-approve'],
    ['docker compose down -v', 'docker compose down -v'],
    ['curl DELETE', 'curl -X DELETE https://api.example.com/x'],
    ['awk system()', 'awk \'BEGIN { system("rm -rf data") }\''],
    ['railway', 'railway volume delete pg-data'],
  ];
  it.each(mustParse)('%s: %s', (_name, line) => {
    expect(q(line)).toBe(false);
  });

  it('a repository script run by its path is read, not passed unread', async () => {
    mkdirSync(path.join(ctx.cwd, 'bin'), { recursive: true });
    writeFileSync(path.join(ctx.cwd, 'bin', 'deploy'), '#!/bin/sh\nrm -rf data\n', { mode: 0o755 });
    for (const line of ['bin/deploy', 'nohup bin/deploy', 'ls && bin/deploy', `${ctx.cwd}/bin/deploy`]) {
      const r = await check(line, ctx, engine);
      expect(r.decision, line).toBe('confirm');
    }
    rmSync(path.join(ctx.cwd, 'bin'), { recursive: true, force: true });
  });

});

describe('quickReject: harmless lines it may reject', () => {
  const rejected = [
    'git status',
    'ls -la',
    'npm test',
    'echo hello > /dev/null',
    'npm run build 2>&1',
    'npm test >/dev/null 2>&1',
    'cat README.md',
    'git log --oneline -5',
    'grep -rn TODO src',
    "printf 'DROP TABLE x\\n'",
    'git commit -m "fix: handle DROP TABLE in the parser"',
  ];
  it.each(rejected)('%s', (line) => {
    expect(q(line)).toBe(true);
  });

  it('tokens drop quotes and backslashes, split on shell punctuation and name package bins', () => {
    expect([...tokens('"r"m -r\'f\' d\\ata')]).toEqual(['rm', '-rf', 'data']);
    expect(tokens('npx aws-cdk destroy').has('cdk')).toBe(true);
    expect(tokens('npx @railway/cli volume delete').has('railway')).toBe(true);
    // A short-option cluster may end in the program it runs: `env -iS"rm -rf data"`.
    expect(tokens('env -iS"rm -rf data"').has('rm')).toBe(true);
    // A list around the command (aws ssm --parameters 'commands=["rm -rf x"]', a manifest's command: [psql, ...]).
    expect(tokens(`aws ssm send-command --parameters 'commands=["rm -rf /srv/app"]'`).has('rm')).toBe(true);
    expect(tokens('command: [psql, -c, x]').has('psql')).toBe(true);
    expect(tokens('npx -y @anthropic-ai/claude-code -p x').has('claude')).toBe(true);
  });
});

describe('quickReject soundness (property)', () => {
  // Built from the words the rules need, plus quoting, separators, wrappers and harmless words.
  const harmless = ['ls', 'echo', 'cat', 'README.md', 'status', 'test', 'build', 'src', '-la', 'foo', 'x', '1', 'main', 'origin', 'log', 'list', 'get', 'SELECT', '*', 'WHERE', 'id=1'];
  const args = ['-rf', '-f', '-r', '--force', '-v', '--volumes', 'data', 'data/db.sqlite', '~', '~/.ssh', '/', '.', '/etc', 'node_modules', 'build/', '-c', '-e', '--eval', "'DROP TABLE users'", '"DELETE FROM t"', 'FLUSHALL', '-X', 'DELETE', 'https://api.example.com/x', 'http://localhost/x', '-delete', '--delete', '--hard', '-auto-approve', '--all', 'ns', 'prod', 'pg-data', '-y', '+main', ':feature', '-fdx'];
  const wrappers = ['sudo', 'env', 'nice', 'timeout 5', 'nohup', 'command', 'time', 'xargs', 'npx', 'bunx', 'stdbuf -oL', 'ionice -c3'];
  // Programs that run code from their input or a file the line names (parse/walk.ts, embedded.ts),
  // with those files (written in beforeAll): a quick pass must never skip what they run.
  const runners = ['at now', 'batch', 'parallel', 'parallel -a', 'ksh93 -c', 'bash5', 'run-parts', 'awk -f', 'sed -f', 'gdb -batch -x', 'tclsh', 'lua', 'xargs -I{} {}', 'expect -f', 'sh'];
  const codeFiles = ['job.sh', 'job.awk', 'job.sed', 'job.gdb', 'job.tcl', 'job.lua', '< job.sh', '< job.tcl', '.'];
  const separators = [' ; ', ' && ', ' || ', ' | ', '\n', ' & ', ';', '&&', ' |& ', ' \\\n  '];
  const redirects = ['> out.txt', '2>&1', '>/dev/null', '> data/db.sqlite', '>&2', '>> log.txt', '< in.txt', '> ~/.ssh/config', '>& data/db.sqlite', '>&out.log', '&> out.log'];

  /** Disguise a word with quotes, backslashes or a line continuation (keeps bash's reading). */
  const disguise = (w: string, how: number, at: number): string => {
    if (w.length < 2 || /['"\\\s]/.test(w)) return w;
    const i = 1 + (at % (w.length - 1));
    const [a, b] = [w.slice(0, i), w.slice(i)];
    switch (how) {
      case 1: return `"${a}"${b}`;
      case 2: return `${a}''${b}`;
      case 3: return `${a}\\${b}`;
      case 4: return `'${w}'`;
      case 5: return `${a}\\\n${b}`;
      default: return w;
    }
  };

  let vocabulary: string[];
  beforeAll(() => {
    // Every literal word the quick index knows (command names, first subcommand words, keywords),
    // minus glob patterns, which a command line would not contain literally.
    const words = new Set<string>();
    for (const groups of index.rules) for (const g of groups) for (const k of g) if (!/[*?[]/.test(k)) for (const part of k.split(/\s+/)) words.add(part);
    vocabulary = [...words].sort();
    expect(vocabulary.length).toBeGreaterThan(50);
  });

  it('whenever the quick reject says no rule applies, the full check finds nothing', async () => {
    const word = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...codeFiles) },
      { weight: 3, arbitrary: fc.constantFrom(...harmless) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((i) => vocabulary[i % vocabulary.length]!) },
      { weight: 3, arbitrary: fc.constantFrom(...args) },
    );
    const disguised = fc.tuple(word, fc.integer({ min: 0, max: 8 }), fc.nat()).map(([w, how, at]) => disguise(w, how, at));
    const command = fc.tuple(fc.option(fc.constantFrom(...wrappers), { freq: 4 }), fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...runners) }), fc.array(disguised, { minLength: 1, maxLength: 6 }), fc.option(fc.constantFrom(...redirects), { freq: 4 })).map(
      ([wrap, run, ws, redir]) => [wrap, run, ...ws, redir].filter((x) => x !== null).join(' '),
    );
    const line = fc.tuple(command, fc.array(fc.tuple(fc.constantFrom(...separators), command), { maxLength: 2 })).map(([first, more]) => first + more.map(([sep, c]) => sep + c).join(''));

    let rejected = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        total++;
        if (!q(l)) return true;
        rejected++;
        const found = await fullFindings(l);
        return found.length === 0;
      }),
      { numRuns: Number(process.env.QUICK_RUNS ?? 3000), seed: Number(process.env.QUICK_SEED ?? 20260514), verbose: 1 },
    );
    console.log(`quick-reject property: ${total} lines, ${rejected} rejected and checked sound`);
    // The generator must exercise both sides.
    expect(rejected).toBeGreaterThan(total / 20);
    expect(rejected).toBeLessThan(total);
  });
});

describe('the ready-made index (dist/quick.idx, the config cache)', () => {
  // The anchor index is only a shortcut: the same answers with it, without it, and from JSON.
  const lines = fc.array(fc.constantFrom('git', 'push', '--force', 'rm', '-rf', 'data', 'ls', 'echo', 'hi', '"DROP TABLE t"', 'psql', '-c', 'kubectl', 'delete', 'ns', 'prod', 'x*', 'python3.12', 'os.system', '>', 'out', '|', ';', 'curl', '-X', 'DELETE', 'xargs', '-I{}', '{}', 'python3.11', 'lua5.4', 'os.remove'), { minLength: 1, maxLength: 7 }).map((ws) => ws.join(' '));
  it('gives the answers of the per-rule loop, with or without the anchors, and after a JSON round trip', () => {
    // The plain per-rule loop, with no shortcut at all.
    const noVocab: QuickIndex = { ...index, anchors: undefined, unanchored: undefined };
    expect((index.anchors as Map<string, number[]>).size).toBeGreaterThan(50);
    const fromJson = quickIndexFromData(JSON.parse(JSON.stringify(quickIndexData(index))));
    fc.assert(
      fc.property(lines, (l) => {
        const a = quickReject(l, index);
        return a === quickReject(l, noVocab) && a === quickReject(l, fromJson);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
  });

  it('the text form reads back the same rules, anchors and flags, one line at a time', () => {
    const idx = quickIndex({ rules: [{ match: { keywords: ['wipe*'] } }, { match: { command: 'rm' } }, { match: { command: 'ourctl', keywords: ['löschen'] } }, { match: { redirect: { protected: true } } }], commands: {} });
    const back = quickIndexFromData(quickIndexData(idx));
    // Each rule alone (the fast path), then the whole list (a line with globs).
    expect([0, 1, 2].map((r) => back.rule(r))).toEqual(idx.rules);
    expect(back.rules).toEqual(idx.rules);
    expect(back.redirects).toBe(true);
    expect(back.unanchored).toEqual([]);
    expect(back.prefixes).toEqual([['wipe', [0]]]);
    for (const w of ['rm', 'ourctl', 'löschen', 'r', 'rmx', 'ls']) expect(back.anchors?.get(w), w).toEqual(idx.anchors?.get(w));
    expect(quickReject('ourctl löschen x', back)).toBe(false);
    expect(quickReject('ourctl list', back)).toBe(true);
    expect(quickReject('echo wipeout', back)).toBe(false);
    // Cut short (the anchors lost): refused, so the caller checks in full.
    const text = quickIndexData(idx);
    expect(() => quickIndexFromData(text.slice(0, -4))).toThrow(/length/);
    const empty = quickIndexFromData(quickIndexData(quickIndex({ rules: [], commands: {} })));
    expect(empty.rules).toEqual([]);
    expect(quickReject('rm -rf data', empty)).toBe(true);
  });

  it('a rule that needs no word is checked against every line', () => {
    const idx = quickIndex({ rules: [{ match: { keywords: ['/'] } }, { match: { command: 'rm' } }], commands: {} });
    expect(idx.unanchored).toEqual([0]);
    expect(quickReject('ls /tmp', idx)).toBe(false);
    const words = quickIndex({ rules: [{ match: { command: 'rm' } }], commands: {} });
    expect(words.anchors).toEqual(new Map([['rm', [0]]]));
    expect(quickReject('ls /tmp', words)).toBe(true);
    expect(quickReject('r"m" -rf /tmp', words)).toBe(false);
  });

  it('xargs may make any word the program (`xargs -I{} {} -rf data`): never passed on anchors', () => {
    const words = quickIndex({ rules: [{ match: { command: 'rm' } }], commands: {} });
    expect(quickReject('cat f | xargs -I{} {} -rf data', words)).toBe(false);
    expect(quickReject('ls | parallel -j2', words)).toBe(false);
    expect(quickReject('ls | sort', words)).toBe(true);
  });
});

describe('quickReject earns its keep', () => {
  // Typical lines an agent runs all day: most must be allowed without loading the parser.
  const typical = [
    'git status', 'git diff', 'git diff --stat', 'git log --oneline -20', 'git add -A', 'git commit -m "fix tests"',
    'git branch', 'git fetch origin', 'git pull --rebase', 'git checkout -b feature/x', 'git show HEAD',
    'npm test', 'npm install', 'npm ci', 'npm run build', 'npm run lint -- --fix', 'npx tsc --noEmit', 'npx vitest run',
    'pnpm install', 'yarn test', 'cargo build', 'cargo test', 'go test ./...', 'go build ./...', 'make', 'make test',
    'ls', 'ls -la', 'ls -la src/', 'pwd', 'cat README.md', 'cat package.json', 'head -50 src/index.ts', 'tail -n 100 app.log',
    'grep -rn "TODO" src', 'rg handleRequest', 'find . -name "*.ts"', 'wc -l src/*.ts', 'tree -L 2', 'which node',
    'node --version', 'echo done', 'mkdir -p build', 'touch notes.md', 'cp .env.example .env', 'mv old.ts new.ts',
    'npm test 2>&1', 'cargo test 2>&1 | tail -20', 'docker ps', 'docker compose up -d', 'kubectl get pods',
    'gh pr view 12', 'gh issue list', 'gh run list', 'aws s3 ls', 'aws sts get-caller-identity', 'gcloud config list',
    'az account show', 'fly status', 'vercel ls', 'heroku logs -a shop',
  ];
  // Not rejected, by design: lines naming a program some rule watches by name alone (mv, find,
  // node, git branch/checkout, docker compose), and `./...` (read as a script path by buildsWords).
  it('rejects most typical agent lines without a parse', () => {
    const notRejected = typical.filter((l) => !q(l));
    const rate = 1 - notRejected.length / typical.length;
    console.log(`quick-reject rate on ${typical.length} typical lines: ${(100 * rate).toFixed(1)}%${notRejected.length ? `; parsed: ${notRejected.join(' | ')}` : ''}`);
    expect(rate).toBeGreaterThanOrEqual(0.75);
  });

  it('a `.` that is an argument is not `source`', () => {
    for (const l of ['eslint .', 'prettier --write . && echo done', 'git add .', 'ls -la . | wc -l']) expect(q(l), l).toBe(true);
  });

  it('and those lines are allowed by check() itself', async () => {
    for (const l of typical) expect((await check(l, ctx, engine)).decision, l).toBe('allow');
  });
});

describe('quickReject reads multi-word and any-of subcommands whole', () => {
  // A rule for `gh issue delete` needs both words; one whose any-of alternatives each name a
  // subcommand needs one of those. Read-only neighbours must not cost a parse.
  it('rejects read-only neighbours of destructive subcommands, and still parses the destructive ones', () => {
    for (const l of ['gh issue list', 'aws ecr describe-images --repository-name api', 'vercel ls']) expect(q(l), l).toBe(true);
    for (const l of ['gh issue delete 12', 'aws ecr batch-delete-image --repository-name api --image-ids imageTag=v1', 'vercel rm shop --yes']) expect(q(l), l).toBe(false);
  });

  // A /regex/ word of a subcommand (`'/.*/ cancel'`) is matched against the line's words, not
  // split into keywords: `.*` once asked for a word starting with a dot, and the line was passed.
  it('a /regex/ word of a subcommand needs no keyword of its own', async () => {
    for (const l of ['stripe subscriptions cancel sub_1 --live', 'stripe invoices void_invoice in_1 --live']) {
      expect(q(l), l).toBe(false);
      expect((await check(l, ctx, engine)).decision, l).not.toBe('allow');
    }
  });
});

describe('quickReject anchors a rule whose any-of alternatives name the programs', () => {
  // Without a top-level command, each alternative's program must still anchor the rule: an
  // unanchored rule sends every line to the full parse (rt21a found the trap).
  it('needs one of the alternatives\' programs', () => {
    const idx = quickIndex({ rules: [{ match: { 'any-of': [{ command: 'pg_ctl', subcommand: 'stop' }, { command: 'mysqladmin', subcommand: 'shutdown' }] } }], commands: {} });
    expect(quickReject('ls -la src', idx)).toBe(true);
    expect(quickReject('echo stop', idx)).toBe(true);
    expect(quickReject('pg_ctl stop -D /var/lib/pg', idx)).toBe(false);
    expect(quickReject('mysqladmin shutdown', idx)).toBe(false);
  });
});

describe('quickReject and the small-team platform packs (issue 15)', () => {
  // Read-only neighbours of the platform rules cost no parse; the destructive spellings do parse.
  it('rejects read-only neighbours, and still parses the destructive ones', () => {
    const readOnly = [
      'supabase projects list', 'neonctl branches list', 'pscale branch list shop', 'doctl databases list', 'doctl compute droplet list',
      'firebase deploy', 'wrangler deploy', 'wrangler d1 list', 'atlas clusters list', 'turso db list', 'upstash redis list',
      'mc ls prod/uploads', 'rclone ls s3:shop', 's3cmd ls s3://shop', 'etcdctl get --prefix /', 'consul kv get config/a',
      // Not `influx bucket list`: the 1.x CLI runs whatever it is piped with no option or word
      // to say so (datastores/influxql-stdin), so every influx line is parsed.
      'kafka-topics --list --bootstrap-server kafka:9092', 'vault kv get secret/a', 'heroku logs -a shop',
      'terraform plan', 'aws s3api get-bucket-lifecycle-configuration --bucket shop',
    ];
    const destructive = [
      'supabase projects delete abc', 'neonctl branches delete main', 'pscale branch delete shop main', 'doctl databases delete x',
      'firebase database:remove /', 'wrangler d1 delete db', 'atlas clusters delete c', 'turso db destroy d', 'upstash redis delete --id x',
      'mc rb prod/uploads', 'rclone purge s3:shop', 's3cmd rb s3://shop', 'etcdctl del --prefix /', 'consul kv delete -recurse a',
      'kafka-topics --delete --topic t', "influx -execute 'DROP DATABASE t'", 'vault secrets disable kv', 'heroku run rails db:drop -a shop',
      'terraform apply p', 'TF_CLI_ARGS=-destroy terraform apply',
    ];
    for (const l of readOnly) expect(q(l), l).toBe(true);
    for (const l of destructive) expect(q(l), l).toBe(false);
  });
});
