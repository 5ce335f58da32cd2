// Inline interpreter code (python -c, node -e, ruby/perl -e, php -r, deno eval, bun -e, and the same
// fed on stdin): the shell commands it would run and the files it would delete. By layer:
// extract.ts finds the code in argv and stdin, lex.ts tokenizes it per language, evaluate.ts reads
// literal values and imports, sinks.ts reads the calls that run commands, delete files or send
// requests, reflection.ts flags the calls that can't be read.
export { codeOnStdin, inlineCode, type InlineCode, type InlineLang } from './extract.js';
export { localStoresOnly } from './local-stores.js';
export { HOLE_VAR, destructiveCalls, shellCalls, type CodeHit, type ShellCall } from './sinks.js';
