// Bundle entry (dist/cli.mjs).
import { runCli } from './cli.js';

await runCli();
