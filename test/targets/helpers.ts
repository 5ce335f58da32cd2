// Builders for target tests: invocations without the parser, fixtures in temp dirs.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Invocation, StdinSource, Word } from '../../src/parse/types.js';
import type { EnvironmentsConfig, TargetContext } from '../../src/targets/index.js';

export function word(value: string, dynamic = false): Word {
  return { value, dynamic, glob: false, text: value };
}

export interface InvOptions {
  cwd?: string | undefined;
  /** Variables known to the parser (process env plus line assignments). */
  vars?: Record<string, string>;
  /** `X=1 cmd` prefixes. */
  assign?: Record<string, string>;
  stdin?: StdinSource;
  origin?: string[];
  /** Indexes of argv words whose value is computed at run time. */
  dynamic?: number[];
}

/** An invocation from argv; a string is split on spaces (no quoting). */
export function inv(argv: string | string[], o: InvOptions = {}): Invocation {
  const words = (typeof argv === 'string' ? argv.split(/\s+/).filter(Boolean) : argv).map((v, i) => word(v, o.dynamic?.includes(i) ?? false));
  const name = (words[0]?.value.split('/').pop() ?? '').toLowerCase();
  const assignments = Object.entries(o.assign ?? {}).map(([n, v]) => ({ name: n, value: word(v) }));
  const out: Invocation = {
    argv: words,
    name,
    assignments,
    redirects: [],
    origin: o.origin ?? ['top'],
    cwd: 'cwd' in o ? o.cwd : '/',
    vars: { ...(o.vars ?? {}), ...(o.assign ?? {}) },
    text: words.map((w) => w.value).join(' '),
  };
  if (o.stdin) out.stdin = o.stdin;
  return out;
}

/** A fresh temp dir (realpath'd, as tools see cwd) with `files` written under it. */
export function fixture(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cs-targets-')));
  write(dir, files);
  return dir;
}

export function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

export function ctx(
  home: string,
  cwd: string,
  env: Record<string, string | undefined> = {},
  environments?: EnvironmentsConfig,
  projectRoot?: string,
): TargetContext {
  const c: TargetContext = { home, cwd, env };
  if (environments) c.environments = environments;
  if (projectRoot) c.projectRoot = projectRoot;
  return c;
}

/** A home and a project dir side by side in one temp dir. */
export function world(files: { home?: Record<string, string>; project?: Record<string, string> } = {}): { root: string; home: string; project: string } {
  const root = fixture();
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(home, { recursive: true });
  mkdirSync(project, { recursive: true });
  write(home, files.home ?? {});
  write(project, files.project ?? {});
  return { root, home, project };
}
