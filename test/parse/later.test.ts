// Files that run later by themselves (src/parse/later.ts): where they are and what code they hold.
import { describe, expect, it } from 'vitest';
import { asShellLine, laterPlace, mentionsPlace, sedAdded, stringLiterals } from '../../src/parse/later.js';

describe('places that run later', () => {
  it('names the places and their strength', () => {
    expect(laterPlace('/r/.git/hooks/pre-commit')?.strong).toBe(true);
    expect(laterPlace('/r/.git/hooks/pre-commit.sample')).toBeUndefined();
    expect(laterPlace('/r/.git/hooks/pre-commit-sample')).toBeUndefined();
    expect(laterPlace('/h/.bashrc')?.strong).toBe(false);
    expect(laterPlace('/r/README.md')).toBeUndefined();
    // CI's steps run on CI's machine: judged for what reaches outside it (walk.ts reachesOutside).
    expect(laterPlace('/r/.github/workflows/ci.yml')?.elsewhere).toBe(true);
    expect(laterPlace('/r/.gitlab-ci.yml')?.elsewhere).toBe(true);
    expect(laterPlace('/r/.bashrc')?.elsewhere).toBeUndefined();
  });
  it('finds the code each place holds', () => {
    expect(laterPlace('/r/package.json')!.code('{"scripts":{"postinstall":"rm -rf data","clean":"rm -rf dist"}}').map((p) => p.code)).toEqual(['rm -rf data']);
    expect(laterPlace('/r/Makefile')!.code('all:\n\t@psql "$$U" -c x\n')[0]!.code).toBe('psql "$U" -c x');
    expect(laterPlace('/r/lefthook.yml')!.code('pre-commit:\n  commands:\n    a:\n      run: rm -rf data\n')[0]!.code).toBe('rm -rf data');
    expect(laterPlace('/r/.vscode/tasks.json')!.code('{"tasks":[{"command":"npm run dev"}]}')[0]!.code).toBe('npm run dev');
    expect(laterPlace('/h/.ssh/config')!.code('Host *\n  LocalCommand rm -rf ~/.kube\n')[0]!.code).toBe('rm -rf ~/.kube');
    expect(laterPlace('/h/.gitconfig')!.code('[alias]\n\tst = status\n\tlg = !git push -f\n').map((p) => p.code)).toEqual(['git push -f']);
    expect(laterPlace('/h/.bashrc')!.code('alias ls="rm -rf ~/.ssh"\n').map((p) => p.code)).toContain('rm -rf ~/.ssh');
    expect(laterPlace('/r/conftest.py')!.code('import shutil')[0]!.lang).toBe('python');
    // printf %q escapes an alias' spaces; GitLab's script is a list of lines; compose's command a
    // list of words; `${{ secrets.X }}` is known only on CI.
    expect(laterPlace('/h/.zshrc')!.code('alias gs=git\\ push\\ -f\n').map((p) => p.code)).toContain('git push -f');
    expect(laterPlace('/r/.gitlab-ci.yml')!.code('t:\n  script:\n    - npm ci\n    - rm -rf x # gone\n').map((p) => p.code)).toEqual(['npm ci', 'rm -rf x']);
    expect(laterPlace('/r/compose.yaml')!.code('services:\n  a:\n    image: alpine\n    volumes: [".:/app"]\n    working_dir: /app\n    command:\n      - sh\n      - -c\n      - rm -rf /d\n').map((p) => p.code)).toEqual(["docker run --rm -v /r:/app -w /app alpine sh -c 'rm -rf /d'"]);
    expect(laterPlace('/r/.github/workflows/x.yml')!.code('jobs:\n  a:\n    steps:\n      - run: curl -H "A: ${{ secrets.RAILWAY_TOKEN }}" u\n')[0]!.code).toBe('curl -H "A: ${CI_EXPRESSION}" u');
  });
  it('reads what unmodelled writers add', () => {
    expect(sedAdded('2i rm -rf data')).toEqual(['rm -rf data']);
    expect(sedAdded('$a\\\nrm -rf ~/.kube')).toEqual(['rm -rf ~/.kube']);
    expect(sedAdded('s/a/b/')).toEqual([]);
    expect(stringLiterals(`open(p,'w').write('#!/bin/sh\\nrm -rf data\\n')`)).toContain('#!/bin/sh\nrm -rf data\n');
    expect(mentionsPlace("open('.git/hooks/pre-commit','w')")).toBe('strong');
    expect(mentionsPlace('open("notes.txt","w")')).toBeUndefined();
    expect(asShellLine({ lang: 'python', code: "print('x')" })).toBe(`python3 -c 'print('\\''x'\\'')'`);
  });
});
