// countersign's entry point. Subcommands load their modules lazily: a shell invocation for a
// harmless command must not pay for YAML, prompts or the parser.
import { existsSync } from 'node:fs';
import { EXIT } from './exit.js';
import * as commands from './commands/index.js';
import { shellMain } from './shell/index.js';

const SUBCOMMANDS = new Set(['check', 'explain', 'test', 'approve', 'deny', 'log', 'env', 'mark', 'init', 'doctor', 'hook', 'shims', 'approver', 'trust', 'help', 'version']);

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return (await commands.help()).help();
  if (first === '--version' || first === 'version') {
    process.stdout.write(`countersign ${VERSION}\n`);
    return 0;
  }
  if (first !== undefined && SUBCOMMANDS.has(first)) {
    switch (first) {
      case 'check':
        return (await commands.check()).checkCommand(rest);
      case 'explain':
        return (await commands.explain()).explainCommand(rest);
      case 'test':
        return (await commands.test()).testCommand(rest);
      default: {
        const mod = await commands.more();
        return mod.run(first, rest);
      }
    }
  }
  const near = first !== undefined ? nearSubcommand(first) : undefined;
  if (near) {
    process.stderr.write(`countersign: unknown command '${first}'; did you mean '${near}'?\n`);
    return EXIT.USAGE;
  }
  // Anything else: countersign is being used as a shell (bash/zsh-compatible arguments).
  return shellMain(argv);
}

/** A misspelt subcommand (`chek`), unless a shell would run something by that name: a file here
 *  (or at that path) or a script on PATH, as bash finds `bash NAME`. Otherwise undefined. */
export function nearSubcommand(word: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (word.length < 3 || !/^[a-z][a-z-]*$/.test(word)) return undefined;
  let best: string | undefined;
  let bestD = word.length <= 4 ? 1 : 2;
  for (const s of SUBCOMMANDS) {
    const d = editDistance(word, s);
    if (d <= bestD && (best === undefined || d < bestD)) [best, bestD] = [s, d];
  }
  if (!best || existsSync(word)) return undefined;
  const onPath = (env.PATH ?? '').split(':').some((d) => d && existsSync(`${d}/${word}`));
  return onPath ? undefined : best;
}

/** Edit distance with adjacent swaps (Damerau, optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** A reader that stops early (`countersign log | head -1`) is not an error: stop writing and end
 *  with the command's own status (so `check` still says allow/confirm/deny by its status). */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

/** quietOnClosedPipe, once the stream is first used: making process.stdout (a pipe, for an agent)
 *  loads node's stream and net modules, a few ms a command that prints nothing doesn't pay. */
function quietWhenUsed(name: 'stdout' | 'stderr'): void {
  const d = Object.getOwnPropertyDescriptor(process, name);
  if (!d?.get || !d.configurable) return quietOnClosedPipe(process[name]);
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: d.enumerable,
    get() {
      if (!stream) quietOnClosedPipe((stream = d.get!.call(process) as NodeJS.WriteStream));
      return stream;
    },
  });
}

/** SIGUSR1 opens Node's inspector (a debugger on 127.0.0.1:9229) in the process that gets it:
 *  any program of the same user could then run code in the approver pane while its key is
 *  unlocked, or in a shell waiting for an approval, whatever `kernel.yama.ptrace_scope` says. A
 *  handler of our own keeps it shut (the launcher installs one first; this covers `node
 *  dist/cli.mjs`). Shell mode still passes SIGUSR1 on to the real shell while it runs. */
export function closeInspectorSignal(): void {
  if (process.platform !== 'win32' && process.listenerCount('SIGUSR1') === 0) process.on('SIGUSR1', () => {});
}

export async function runCli(): Promise<void> {
  let code: number;
  closeInspectorSignal();
  quietWhenUsed('stdout');
  quietWhenUsed('stderr');
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    // A crash never means "allowed": nothing was run, and the status says so.
    process.stderr.write(`countersign: internal error: ${(e as Error)?.stack ?? String(e)}\ncountersign: nothing was run.\n`);
    code = EXIT.INTERNAL;
  }
  process.exitCode = code;
}
