// Invocations built by hand, for testing the analyzers without the parser.
import type { Invocation, StdinSource, Word } from '../../src/parse/types.js';

export const w = (v: string | Word): Word => (typeof v === 'string' ? { value: v, dynamic: false, glob: false, text: v } : v);

/** A word only known at run time. */
export const dyn = (value: string, text = value): Word => ({ value, dynamic: true, glob: false, text });

export function inv(args: Array<string | Word>, opts: { stdin?: StdinSource; cwd?: string } = {}): Invocation {
  const argv = args.map(w);
  return {
    argv,
    name: argv[0]!.value.split('/').pop()!.toLowerCase(),
    assignments: [],
    redirects: [],
    stdin: opts.stdin,
    origin: ['top'],
    cwd: 'cwd' in opts ? opts.cwd : '/tmp',
    vars: {},
    text: argv.map((a) => a.text).join(' '),
  };
}
