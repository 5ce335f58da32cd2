// Realistic agent command lines for the latency bench: templates over the commands agents really
// run, plus the shared peer corpus's test cases.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const pick = <T>(a: T[], i: number): T => a[i % a.length]!;

const files = ['src/index.ts', 'README.md', 'package.json', 'src/app/page.tsx', 'test/api.test.ts', 'docs/setup.md', 'Cargo.toml', 'main.go'];
const dirs = ['src', 'test', 'lib', 'apps/web', 'packages/core', '.', 'scripts'];
const words = ['TODO', 'useEffect', 'handleSubmit', 'DATABASE_URL', 'export default', 'FIXME', 'describe('];
const templates: Array<(i: number) => string> = [
  () => 'git status',
  (i) => `git diff ${pick(['', '--stat', 'HEAD~1', '--cached', 'main...HEAD'], i)}`.trim(),
  (i) => `git log --oneline -n ${5 + (i % 20)}`,
  (i) => `git add ${pick(files, i)} && git commit -m "${pick(['fix: handle empty input', 'feat: add retry', 'chore: bump deps', 'refactor: drop old table code'], i)}"`,
  (i) => `git checkout -b ${pick(['feat/login', 'fix/123', 'chore/deps'], i)}`,
  () => 'npm test',
  (i) => `npm run ${pick(['build', 'lint', 'typecheck', 'dev', 'test -- --watch=false'], i)}`,
  (i) => `pnpm ${pick(['install', '-r build', 'vitest run', 'exec tsc --noEmit', 'add zod'], i)}`,
  (i) => `yarn ${pick(['install', 'build', 'test', 'lint --fix'], i)}`,
  (i) => `npx ${pick(['tsc --noEmit', 'vitest run src', 'eslint . --fix', 'prettier --check .', 'prisma generate'], i)}`,
  (i) => `ls -la ${pick(dirs, i)}`,
  (i) => `cat ${pick(files, i)}`,
  (i) => `head -n ${20 + (i % 50)} ${pick(files, i)}`,
  (i) => `grep -rn "${pick(words, i)}" ${pick(dirs, i)} | head -20`,
  (i) => `rg ${pick(words, i).replace(/[( ]/g, '')} --type ts`,
  (i) => `find ${pick(dirs, i)} -name '*.ts' | wc -l`,
  (i) => `sed -n '${i % 100},${(i % 100) + 40}p' ${pick(files, i)}`,
  (i) => `cd ${pick(dirs, i)} && npm test`,
  (i) => `python -m pytest -q ${pick(['', 'tests/unit', '-k login', '-x'], i)}`.trim(),
  () => 'python3 -c "import sys; print(sys.version)"',
  () => 'node -e "console.log(process.version)"',
  (i) => `cargo ${pick(['build', 'test', 'clippy -- -D warnings', 'fmt --check'], i)}`,
  (i) => `go ${pick(['test ./...', 'build ./cmd/server', 'vet ./...'], i)}`,
  (i) => `docker ${pick(['ps', 'compose up -d', 'compose logs -f api --tail=50', 'images', 'build -t app .'], i)}`,
  (i) => `kubectl ${pick(['get pods -n staging', 'logs deploy/api -n staging --tail=100', 'describe pod web-0', 'get svc -A'], i)}`,
  (i) => `psql -c "${pick(['select count(*) from users', "select * from orders where status = 'open' limit 10", '\\dt'], i)}"`,
  (i) => `curl -s ${pick(['http://localhost:3000/health', 'https://api.github.com/repos/x/y', 'https://example.com/api/v1/items?page=2'], i)} | jq .`,
  (i) => `mkdir -p ${pick(dirs, i)}/tmp && touch ${pick(dirs, i)}/tmp/.keep`,
  (i) => `rm -rf ${pick(['node_modules', 'dist', 'build', '.next', 'coverage', 'target'], i)}`,
  (i) => `echo "${pick(words, i)}" >> notes.txt`,
  (i) => `npm test 2>&1 | tail -${20 + (i % 30)}`,
  (i) => `wc -l ${pick(files, i)} ${pick(files, i + 1)}`,
  (i) => `tsc --noEmit -p ${pick(['.', 'tsconfig.build.json'], i)}`,
  (i) => `terraform ${pick(['plan', 'fmt -check', 'validate', 'init'], i)}`,
  (i) => `export NODE_ENV=test && npm run test:${pick(['unit', 'e2e', 'integration'], i)}`,
  (i) => `for f in ${pick(dirs, i)}/*.ts; do echo "$f"; done`,
  (i) => `if [ -f ${pick(files, i)} ]; then cat ${pick(files, i)}; fi`,
];

/** The repository root (this file may run from source or bundled under bench/.build/). */
export function repoRoot(): string {
  let d = import.meta.dirname;
  while (!existsSync(path.join(d, 'package.json')) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

export function corpusLines(dir = path.join(repoRoot(), '..', 'shared', 'corpora', 'shellfirm')): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const walk = (v: unknown): void => {
      if (typeof v === 'string') return;
      if (Array.isArray(v)) return v.forEach(walk);
      if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (typeof x === 'string' && /^(test|command|input|cmd)$/i.test(k)) out.push(x);
          else walk(x);
        }
      }
    };
    try {
      walk(YAML.parse(readFileSync(path.join(dir, f), 'utf8')));
    } catch {
      /* skip unreadable */
    }
  }
  return out;
}

export function benchLines(n = 5000): { lines: string[]; fromCorpus: number } {
  const lines: string[] = [];
  for (let i = 0; lines.length < n; i++) lines.push(templates[i % templates.length]!(Math.floor(i / templates.length)));
  const corpus = corpusLines();
  return { lines: [...lines, ...corpus], fromCorpus: corpus.length };
}
