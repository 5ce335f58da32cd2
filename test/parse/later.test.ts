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
    expect(laterPlace('/r/.github/workflows/ci.yml')).toBeUndefined();
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
