// Differential check for the split of src/rules/http.ts into src/rules/http/ (issue #17): the module
// as it was at REV (taken from git, never copied into src/) and the current one read the same
// invocations, and every answer must be equal — httpRequests, readStdin and graphqlMutations.
// Inputs: every corpus line naming an HTTP client (test/evasion/**, rulesets/*.yaml), parsed for
// real, then fast-check's argv built from the clients' option grammars, values that reach each
// branch (files, stdin, -K configs, dynamic words, httpie items) and mutations of the corpus argv.
//
//   npx tsx scripts/http-differential.ts [--runs N] [--seed S] [--rev REV] [--new NEWREV]
//
// REV defaults to the last commit before the split. The new side is this checkout's src/, or with
// --new the src/ of NEWREV (unpacked from git into a temp dir under the repo, removed after). Exits 1
// on the first difference, printing it. The split itself is 8ac226f (branch httpsplit): use
// --new 8ac226f, as the commits after it change what is read on purpose (curl's default config,
// --expand-OPTION, wget's startup files, proxies), so against a later src/ it reports those.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { parse } from '../src/parse/index.js';
import type { Invocation, StdinSource, Word, Written } from '../src/parse/types.js';
import { BUILTIN, grammarFor } from '../src/programs/index.js';
import { withWritten } from '../src/rules/files.js';
import * as HERE from '../src/rules/http/index.js';

type Mod = typeof HERE & { withWritten: typeof withWritten };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : def;
};
const RUNS = Number(arg('--runs', '20000'));
const SEED = Number(arg('--seed', String(Date.now() % 1e9)));
const REV = arg('--rev', 'e851627');
const NEW_REV = arg('--new', '');
let NEW: Mod = { ...HERE, withWritten };

/** The old module, its relative imports pointed at this checkout's src/, in a temp dir. */
async function loadOld(tmp: string): Promise<Mod> {
  const text = execFileSync('git', ['-C', ROOT, 'show', `${REV}:src/rules/http.ts`], { encoding: 'utf8' })
    .replace(/from '\.\.\/([^']+)'/g, (_m, p: string) => `from '${path.join(ROOT, 'src', p)}'`)
    .replace(/from '\.\/([^']+)'/g, (_m, p: string) => `from '${path.join(ROOT, 'src', 'rules', p)}'`);
  const file = path.join(tmp, 'http-old.ts');
  // Its own instance of files.ts holds its own "written" state: export its setter too.
  writeFileSync(file, `${text}\nexport { withWritten } from '${path.join(ROOT, 'src', 'rules', 'files.js')}';\n`);
  return (await import(pathToFileURL(file).href)) as Mod;
}

/** The module at NEW_REV, unpacked under the repo so that its packages resolve. */
async function loadNew(): Promise<{ mod: Mod; dir: string }> {
  const dir = mkdtempSync(path.join(ROOT, '.http-differential-'));
  execFileSync('sh', ['-c', 'git -C "$1" archive "$2" src | tar -x -C "$3"', 'sh', ROOT, NEW_REV, dir]);
  const mod = (await import(pathToFileURL(path.join(dir, 'src', 'rules', 'http', 'index.ts')).href)) as typeof HERE;
  const files = (await import(pathToFileURL(path.join(dir, 'src', 'rules', 'files.ts')).href)) as { withWritten: typeof withWritten };
  return { mod: { ...mod, withWritten: files.withWritten }, dir };
}

// ------------------------------------------------------------------ files the requests read

function makeFiles(dir: string): void {
  const f = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
  f('body.json', '{"query":"mutation {\\n  volumeDelete(volumeId: \\"v\\")\\n}"}\n');
  f('crlf.txt', 'a=1\r\nb=2\r\n\n');
  f('q.graphql', 'mutation M { a: projectDelete(id: 1) { id } ...F } fragment F on Mutation { serviceDelete }');
  f('urls.txt', 'https://a.example.com/x\n# comment\n\nhttp://localhost:3000/y\n');
  f('get.cfg', 'url = "https://api.example.com/x"\n');
  f('del.cfg', '# c\nurl = "https://api.example.com/v1/x"\nrequest DELETE\n-d @body.json\n--header "X: y"\n');
  f('odd.cfg', '-Z\ndata="a\\tb\\nc"\nnext\nurl: http://127.0.0.1/x\n-K nested.cfg\n');
  f('nested.cfg', 'request = PATCH\nconfig nested.cfg\njson {"a":1}\n');
  f('expand.cfg', 'variable a=1\nexpand-data {{a}}\nupload-file crlf.txt\n');
  // A chain of -K files four deep (curl stops reading at the fourth).
  f('c1.cfg', 'config c2.cfg\n');
  f('c2.cfg', 'config = "c3.cfg"\n');
  f('c3.cfg', '-K c4.cfg\n');
  f('c4.cfg', 'url "http://localhost/\\v\\t"\nrequest DELETE\n');
  f('ops.json', '{"operations":"{\\"query\\":\\"mutation { fileDelete }\\"}"}');
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  f('sub/x.json', '[{"query":"mutation { a }"},{"mutation":"{ b }"}]');
}

// ------------------------------------------------------------------ generated invocations

const CLIENTS = ['curl', 'curlie', 'wget', 'http', 'https', 'xh', 'xhs', 'gh'];
const FILES = ['new.cfg', 'body.json', 'crlf.txt', 'q.graphql', 'urls.txt', 'get.cfg', 'del.cfg', 'odd.cfg', 'nested.cfg', 'expand.cfg', 'ops.json', 'sub/x.json', 'c1.cfg', 'c2.cfg', 'c3.cfg', 'missing.txt', '-', '.', ''];
const URLS = ['https://api.example.com/v1/volumes/1', 'http://localhost:3000/api/x', 'localhost:8080/x', 'http://127.1/x', 'http://[::1]:8080/x',
  'https://u:p@API.Example.com:8443/a?b=1#c', 'http://localhost@evil.com/x', 'api.example.com', ':3000/x', ':/x', 'https://backboard.railway.app/graphql/v2',
  'http://0x7f.1/', 'http://2130706433/', 'http://app.localhost./', 'graphql', '/graphql', 'repos/acme/app', 'https://ghe.example.com/api/graphql', 'http://x\\y/'];
const BODIES = ['a=1', '{"a":1}', '{"query":"mutation { volumeDelete(id: 1) }"}', 'query=mutation%20%7B%20x%20%7D', 'q=a b&c', '=raw', 'name@body.json', '@body.json',
  '@crlf.txt', '@-', '@missing.txt', 'x=<body.json', 'x=<crlf.txt;type=text/plain', 'f=@body.json', 'k', 'k=', 'v=1'];
const ITEMS = ['a=1', 'n:=2', 'o:={"x":[1]}', 'bad:=nope', 'q==search term', 'X-Head:val', 'H;', 'f@body.json', '@body.json', '@missing.txt', 'j:=@body.json',
  't=@crlf.txt', 'a\\=b=c', 'query=mutation { x }', 'noseparator', 'DELETE', 'post'];
const GH = ['api', 'graphql', 'repos/acme/app', '-f', '-F', 'query=mutation { deleteRepo }', 'query=@q.graphql', 'query=@-', 'query=@', 'operationName=Op', 'owner=acme',
  'n=1', '--input', '-X', '--method', '--hostname', 'ghe.example.com', 'acme.ghe.com', 'evilghe.com', 'https://api.github.com/graphql', '-Fquery=@q.graphql', '--paginate', '-H', 'Accept: x'];
const WGETRC = ['method = DELETE', 'post_data = a=1', 'body_data=x', 'post_file = body.json', 'body_file=crlf.txt', 'body-file = -', 'post-file=missing.txt', 'tries = 3', 'Method=put'];
const GQL_DOCS = ['mutation { a }', 'mutation M($v: Int = 1) @d { x: volumeDelete(id: $v) { id } ... on Mutation { b } ...F ... @skip(if: true) { c } }',
  'fragment F on Mutation { serviceDelete ...G } fragment G on Mutation { g ...F }', 'query { a } mutation { "s" ' + '"'.repeat(3) + ' block ' + '"'.repeat(3) + ' d(x: [1, {a: 2}]) }', '{ a } mutation', 'mutation { a # c\n b }'];
const METHODS = ['DELETE', 'delete', 'GET', 'POST', 'PUT', 'PATCH', 'HEAD'];
const DYNAMIC = ['$URL', 'https://$HOST/x', 'https://api.example.com/$ID', '$(cat body.json)', '$(< body.json)', "$(cat 'crlf.txt')", '$(cat -- q.graphql)', '$M',
  'query=$Q', '$K=1', 'query=@$F', '{{a}}', '$DATA', '`x`', 'a=$V'];

// The options that shape the request, drawn as often as all the others together.
const HOT: Record<string, string[]> = {
  curl: ['-X', '-d', '-F', '-T', '-K', '-G', '-I', '--json', '--data-binary', '--data-urlencode', '--url', '--url-query', '--next', '--form-string', '--data-raw',
    '--expand-data', '--expand-url', '--resolve', '-x', '--unix-socket', '--upload-file', '--config', '--get', '--head', '-:'],
  wget: ['--method', '--post-data', '--post-file', '--body-data', '--body-file', '-e', '--execute', '-i', '--input-file', '--spider'],
  httpie: ['--raw', '--form', '-f', '--multipart', '--offline', '--ignore-stdin', '-I', '--https', '--default-scheme', '--proxy', '--unix-socket', '--json'],
  gh: ['-X', '-f', '-F', '--input', '--hostname', '--method', '--field', '--raw-field'],
};
const hot = (tool: string): string[] => HOT[tool === 'curlie' ? 'curl' : /^(http|https|xhs?)$/.test(tool) ? 'httpie' : tool]!;

function optionNames(tool: string): string[] {
  const spec = tool === 'gh' ? grammarFor(BUILTIN.gh, 'api') : grammarFor(BUILTIN[tool === 'curlie' ? 'curl' : tool === 'wget' ? 'wget' : tool === 'curl' ? 'curl' : 'httpie'], undefined);
  const g = spec ?? {};
  return [...(g['value-options'] ?? []), ...(g['flag-options'] ?? []), ...Object.keys(g.names ?? {})];
}

const word = (value: string, dynamic = false): Word => ({ value, dynamic, glob: false, text: dynamic ? `"${value}"` : value });

/** One word, or an option and its value. */
function tokenArb(tool: string): fc.Arbitrary<Word[]> {
  const opt = fc.oneof(fc.constantFrom(...optionNames(tool)), fc.constantFrom(...hot(tool)));
  const value = fc.oneof(fc.constantFrom(...FILES), fc.constantFrom(...FILES, 'evilghe.com', 'acme.ghe.com', ...METHODS, ...BODIES, ...(tool === 'wget' ? WGETRC : []), ...(tool === 'gh' ? GQL_DOCS.map((d) => `query=${d}`) : [])));
  return fc.oneof(
    { weight: 3, arbitrary: wordArb(tool).map((w) => [w]) },
    { weight: 1, arbitrary: fc.tuple(opt, value).map(([o, v]) => [word(o), word(v)]) },
  );
}

function wordArb(tool: string): fc.Arbitrary<Word> {
  const pool = [...URLS, ...BODIES, ...METHODS, ...FILES, ...(tool === 'gh' ? GH : []), ...(/^(http|https|xh|xhs|curlie)$/.test(tool) ? ITEMS : [])];
  const opt = fc.oneof(fc.constantFrom(...optionNames(tool)), fc.constantFrom(...hot(tool)));
  const plain = fc.constantFrom(...pool);
  return fc.oneof(
    { weight: 4, arbitrary: opt.map((o) => word(o)) },
    { weight: 2, arbitrary: fc.tuple(opt, plain).map(([o, v]) => word(o.startsWith('--') ? `${o}=${v}` : `${o}${v}`)) },
    { weight: 1, arbitrary: fc.tuple(opt, opt).filter(([a, b]) => a.length === 2 && b.length === 2).map(([a, b]) => word(`-${a[1]}${b[1]}`)) },
    { weight: 6, arbitrary: plain.map((v) => word(v)) },
    { weight: 2, arbitrary: fc.constantFrom(...DYNAMIC).map((v) => word(v, true)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((v) => word(v)) },
  );
}

function stdinArb(dir: string): fc.Arbitrary<StdinSource | undefined> {
  const text = fc.constantFrom('{"query":"mutation { x }"}', 'a=1\n', '', 'https://api.example.com/a\n');
  return fc.oneof(
    fc.constant(undefined),
    text.map((t): StdinSource => ({ kind: 'heredoc', text: t }) as StdinSource),
    fc.tuple(text, fc.boolean()).map(([t, d]): StdinSource => ({ kind: 'herestring', text: t, dynamic: d }) as StdinSource),
    fc.tuple(text, fc.boolean()).map(([t, known]): StdinSource => ({ kind: 'pipe', from: 'echo', ...(known ? { text: t } : {}) }) as StdinSource),
    fc.tuple(fc.constantFrom(...FILES), fc.boolean()).map(([f, d]): StdinSource => ({ kind: 'file', path: word(d ? `$D/${f}` : path.join(dir, f), d) }) as StdinSource),
  );
}

function invArb(dir: string, seeds: Invocation[]): fc.Arbitrary<Invocation> {
  const fresh = fc.constantFrom(...CLIENTS).chain((tool) =>
    fc.record({
      tool: fc.constant(tool),
      args: fc.array(tokenArb(tool), { maxLength: 8 }).map((t) => [...(tool === 'gh' && t.length % 3 ? [word('api')] : []), ...t.flat()]),
      stdin: stdinArb(dir),
      cwd: fc.constantFrom<string | undefined>(dir, dir, undefined),
      vars: fc.constantFrom<Record<string, string>>({}, { GH_HOST: 'ghe.example.com' }, { GH_HOST: 'acme.ghe.com' }),
    }).map(({ tool, args, stdin, cwd, vars }): Invocation => ({
      argv: [word(tool), ...args], name: tool, assignments: [], redirects: [], stdin, origin: ['top'], cwd, vars, text: '',
    })));
  if (!seeds.length) return fresh;
  // A corpus invocation with words inserted, dropped or replaced.
  const mutated = fc.constantFrom(...seeds).chain((s) =>
    fc.tuple(fc.array(fc.tuple(fc.nat(), fc.nat(2), wordArb(s.name)), { maxLength: 4 }), stdinArb(dir)).map(([edits, stdin]) => {
      const argv = [...s.argv];
      for (const [at, kind, w] of edits) {
        const i = 1 + (at % Math.max(1, argv.length));
        if (kind === 0) argv.splice(i, 0, w);
        else if (kind === 1 && argv.length > 1) argv.splice(i, 1);
        else argv[Math.min(i, argv.length - 1) || 1] = w;
      }
      return { ...s, argv, stdin: stdin ?? s.stdin, cwd: dir };
    }));
  return fc.oneof({ weight: 3, arbitrary: fresh }, { weight: 2, arbitrary: mutated });
}

/** Files the line wrote before the command: a body file replaced, another only known at run time. */
function writtenArb(dir: string): fc.Arbitrary<Written | undefined> {
  const j = (f: string) => path.join(dir, f);
  return fc.constantFrom<Written | undefined>(undefined, undefined,
    { files: new Map([[j('new.cfg'), 'request DELETE\nurl = http://db.example.com/x\n'], [j('body.json'), '{"query":"mutation { b }"}']]), texts: [] },
    { files: new Map([[j('del.cfg'), null], [j('crlf.txt'), null]]), texts: ['python -c open("q.graphql","w")'] });
}

// ------------------------------------------------------------------ corpus seeds

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

function strings(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

async function seeds(dir: string): Promise<Invocation[]> {
  const files = [...yamlFiles(path.join(ROOT, 'test', 'evasion')), ...yamlFiles(path.join(ROOT, 'rulesets'))];
  const lines = new Set(files.flatMap((f) => strings(parseYaml(readFileSync(f, 'utf8')), [])).filter((s) => /\b(curl|curlie|wget|https?|xhs?|gh)\b/.test(s)));
  const out: Invocation[] = [];
  for (const line of lines) {
    const r = await parse(line, { cwd: dir, env: { HOME: dir } });
    out.push(...r.invocations.filter((i) => CLIENTS.includes(i.name)));
  }
  return out;
}

// ------------------------------------------------------------------ comparing

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { threw: String(e) };
  }
}

function same(OLD: Mod, inv: Invocation): boolean {
  const a = outcome(() => OLD.httpRequests(inv));
  const b = outcome(() => NEW.httpRequests(inv));
  const sa = outcome(() => OLD.readStdin(inv));
  const sb = outcome(() => NEW.readStdin(inv));
  if (!isDeepStrictEqual(a, b) || !isDeepStrictEqual(sa, sb)) {
    console.error('DIFF', JSON.stringify({ argv: inv.argv, stdin: inv.stdin, cwd: inv.cwd, vars: inv.vars }), '\nold', JSON.stringify(a), '\nnew', JSON.stringify(b));
    return false;
  }
  const reqs = (a as { ok?: Array<{ body?: string }> }).ok ?? [];
  return reqs.every((r) => r.body === undefined || sameGraphql(OLD, r.body));
}

function sameGraphql(OLD: Mod, body: string): boolean {
  const a = outcome(() => OLD.graphqlMutations(body));
  const b = outcome(() => NEW.graphqlMutations(body));
  if (isDeepStrictEqual(a, b)) return true;
  console.error('DIFF graphqlMutations', JSON.stringify(body), '\nold', JSON.stringify(a), '\nnew', JSON.stringify(b));
  return false;
}

const GQL = ['mutation', 'query', 'fragment', 'F', 'on', 'Mutation', '{', '}', '(', ')', '[', ']', '...', '@skip(if: true)', 'a:', 'b', 'volumeDelete', '"s"',
  '"""x"""', '#c\n', '$v', ':', 'Int!', '=', '1.5e3', ',', '"\\"}"', 'operations', 'query='];
const gqlArb = fc.oneof(
  fc.array(fc.constantFrom(...GQL), { maxLength: 25 }).map((t) => t.join(' ')),
  fc.array(fc.constantFrom(...GQL), { maxLength: 15 }).map((t) => JSON.stringify({ query: t.join(' ') })),
  fc.array(fc.constantFrom(...GQL), { maxLength: 15 }).map((t) => `query=${encodeURIComponent(t.join(' '))}&x=1`),
  fc.array(fc.constantFrom(...GQL), { maxLength: 15 }).map((t) => `{"query": "${t.join(' ')}", bad}`),
  fc.array(fc.constantFrom(...GQL), { maxLength: 15 }).map((t) => JSON.stringify([{ operations: JSON.stringify({ query: t.join(' ') }) }, { mutation: t.join('') }])),
  fc.array(fc.constantFrom(...GQL_DOCS), { minLength: 1, maxLength: 3 }).map((d) => JSON.stringify({ query: d.join('\n') })),
  fc.string({ maxLength: 40 }),
);

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'countersign-httpdiff-'));
  let newDir: string | undefined;
  try {
    if (NEW_REV) ({ mod: NEW, dir: newDir } = await loadNew());
    const OLD = await loadOld(tmp);
    const dir = path.join(tmp, 'cwd');
    mkdirSync(dir);
    makeFiles(dir);
    if (!isDeepStrictEqual(OLD.HTTP_CLIENTS, NEW.HTTP_CLIENTS)) throw new Error('HTTP_CLIENTS differ');
    const base = await seeds(dir);
    let bad = base.filter((i) => !same(OLD, i)).length;
    console.log(`corpus: ${base.length} invocations, ${bad} differ`);
    const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };
    const r1 = fc.check(fc.property(invArb(dir, base), writtenArb(dir), (i, w) => OLD.withWritten(w, () => NEW.withWritten(w, () => same(OLD, i)))), params);
    const r2 = fc.check(fc.property(gqlArb, (b) => sameGraphql(OLD, b)), { ...params, numRuns: Math.ceil(RUNS / 4) });
    if (r1.failed) { bad++; console.error(fc.defaultReportMessage(r1)); }
    if (r2.failed) { bad++; console.error(fc.defaultReportMessage(r2)); }
    console.log(`generated: ${RUNS} invocations and ${Math.ceil(RUNS / 4)} GraphQL bodies, seed ${SEED}: ${bad ? 'DIFFERENCES' : 'all equal'}`);
    process.exitCode = bad ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    if (newDir) rmSync(newDir, { recursive: true, force: true });
  }
}

await main();
