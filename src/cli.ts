// countersign's entry point. Subcommands load their modules lazily: a shell invocation for a
// harmless command must not pay for YAML, prompts or the parser.
import { EXIT } from './exit.js';
import { shellMain } from './shell/index.js';

const SUBCOMMANDS = new Set(['check', 'explain', 'test', 'approve', 'deny', 'log', 'env', 'mark', 'init', 'doctor', 'hook', 'shims', 'approver', 'trust', 'help', 'version']);

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return (await import('./commands/help.js')).help();
  if (first === '--version' || first === 'version') {
    process.stdout.write(`countersign ${VERSION}\n`);
    return 0;
  }
  if (first !== undefined && SUBCOMMANDS.has(first)) {
    switch (first) {
      case 'check':
        return (await import('./commands/check.js')).checkCommand(rest);
      case 'explain':
        return (await import('./commands/explain.js')).explainCommand(rest);
      case 'test':
        return (await import('./commands/test.js')).testCommand(rest);
      default: {
        const mod = await import('./commands/more.js');
        return mod.run(first, rest);
      }
    }
  }
  // Anything else: countersign is being used as a shell (bash/zsh-compatible arguments).
  return shellMain(argv);
}

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export async function runCli(): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    // A crash never means "allowed": nothing was run, and the status says so.
    process.stderr.write(`countersign: internal error: ${(e as Error)?.stack ?? String(e)}\ncountersign: nothing was run.\n`);
    code = EXIT.INTERNAL;
  }
  process.exitCode = code;
}
