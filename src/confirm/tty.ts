// The typed confirmation on the controlling terminal. The phrase is read from /dev/tty only, so
// nothing piped into the command (`yes |`, `echo PHRASE |`, heredocs) can ever confirm it.
import { closeSync, openSync, writeSync } from 'node:fs';
import tty from 'node:tty';

export type Answer = 'confirmed' | 'declined' | 'timeout';

export interface Tty {
  input: tty.ReadStream;
  output: tty.WriteStream;
  columns: number;
  close(): void;
}

/** Open the controlling terminal, or undefined when there is none. */
export function openTty(path = '/dev/tty'): Tty | undefined {
  let rfd: number | undefined;
  let wfd: number | undefined;
  try {
    rfd = openSync(path, 'r');
    wfd = openSync(path, 'w');
    if (!tty.isatty(rfd)) throw new Error('not a terminal');
    const input = new tty.ReadStream(rfd);
    const output = new tty.WriteStream(wfd);
    return {
      input,
      output,
      columns: output.columns || 80,
      close() {
        try {
          input.setRawMode?.(false);
        } catch {
          /* already closed */
        }
        input.destroy();
        output.destroy();
      },
    };
  } catch {
    for (const fd of [rfd, wfd]) if (fd !== undefined) try { closeSync(fd); } catch { /* ignore */ }
    return undefined;
  }
}

export function writeTty(t: Tty, text: string): void {
  try {
    writeSync((t.output as unknown as { fd: number }).fd, text);
  } catch {
    t.output.write(text);
  }
}

/** Ask for the exact phrase, up to `tries` times. Empty input, Ctrl-C, Ctrl-D or timeout decline. */
export async function askPhrase(t: Tty, phrase: string, opts: { tries?: number; timeoutMs?: number; color?: boolean } = {}): Promise<Answer> {
  const { input } = await import('@inquirer/prompts');
  const tries = opts.tries ?? 3;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 300_000);
  for (let i = 1; i <= tries; i++) {
    let typed: string;
    try {
      typed = await input(
        { message: `Type the phrase to run it${i > 1 ? ` (try ${i} of ${tries})` : ''}:`, theme: { prefix: '›' } },
        { input: t.input, output: t.output, signal, clearPromptOnDone: false },
      );
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'AbortPromptError' || signal.aborted) return 'timeout';
      return 'declined'; // ExitPromptError (Ctrl-C / Ctrl-D) and anything else
    }
    if (typed.trim() === '') return 'declined';
    if (typed.trim() === phrase) return 'confirmed';
    writeTty(t, `  That is not the phrase.${i < tries ? '' : ' Declined.'}\n`);
  }
  return 'declined';
}
