// The least any full-path check can cost with countersign's parser: node, web-tree-sitter, the bash
// grammar and one parse of one line, nothing else (no rules, config or shell). `npm run bench --
// full` runs it beside the real full path, so the README can say how much of that path is the floor.
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only'); // as countersign runs it
const require = createRequire(import.meta.url);
const { Parser, Language } = await import(require.resolve('web-tree-sitter'));
await Parser.init();
const grammar = await Language.load(path.join(import.meta.dirname, '..', 'dist', 'tree-sitter-bash.wasm'));
const parser = new Parser();
parser.setLanguage(grammar);
if (!parser.parse(process.argv[2] ?? 'true').rootNode) process.exit(1);
