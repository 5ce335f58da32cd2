// The typed confirmation on the controlling terminal. The phrase is read from /dev/tty only, so
// nothing piped into the command (`yes |`, `echo PHRASE |`, heredocs) can ever confirm it.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import tty from 'node:tty';
import { phraseMatches } from '../policy/index.js';

export type Answer = 'confirmed' | 'declined' | 'timeout';

export interface Tty {
  input: tty.ReadStream;
  output: tty.WriteStream;
  /** The terminal's write descriptor (the streams don't expose theirs). */
  outFd: number;
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
    // A terminal that goes away mid-prompt must not crash the process with an unhandled
    // 'error' event: the prompt fails and that declines.
    input.on('error', () => {});
    output.on('error', () => {});
    return {
      input,
      output,
      outFd: wfd,
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
    writeSync(t.outFd, text);
  } catch {
    /* the terminal went away: nothing more to show, and the prompt on it declines */
  }
}

/** A stream for one prompt: inquirer ends its output when the prompt is done, which must not
 *  close the terminal (the panel, the next try and the messages after it still need it). */
export function borrowOutput(t: Tty): NodeJS.WritableStream {
  const out = t.output;
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        for (let off = 0; off < chunk.length; ) off += writeSync(t.outFd, chunk, off);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  w.on('error', () => {}); // a terminal that went away: the prompt's own input fails too
  Object.defineProperties(w, {
    isTTY: { value: true },
    columns: { get: () => out.columns || 80 },
    rows: { get: () => out.rows || 24 },
  });
  return w;
}

/** Ask for the phrase, once by default (the panel says so): a wrong phrase, empty input, Ctrl-C,
 *  Ctrl-D or timeout decline. */
export async function askPhrase(t: Tty, phrase: string, opts: { tries?: number; timeoutMs?: number; color?: boolean } = {}): Promise<Answer> {
  const { input } = await import('../prompts.js');
  const tries = opts.tries ?? 1;
  // One deadline for all tries; Ctrl-D (end of input, which readline only turns into a silent
  // close) declines through the same signal.
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort('timeout'), opts.timeoutMs ?? 300_000);
  const onData = (d: Buffer | string): void => {
    if ((typeof d === 'string' ? d : d.toString('latin1')).includes('\x04')) ctl.abort('eof');
  };
  t.input.on('data', onData);
  try {
    for (let i = 1; i <= tries; i++) {
      let typed: string;
      try {
        typed = await input(
          { message: `Type the phrase to run it${i > 1 ? ` (try ${i} of ${tries})` : ''}:`, theme: { prefix: '›' } },
          { input: t.input, output: borrowOutput(t), signal: ctl.signal, clearPromptOnDone: false },
        );
      } catch {
        // AbortPromptError (timeout, Ctrl-D), ExitPromptError (Ctrl-C) and anything else.
        if (ctl.signal.reason === 'timeout') {
          writeTty(t, '\n  No answer in time. Declined.\n');
          return 'timeout';
        }
        writeTty(t, '\n  Declined.\n');
        return 'declined';
      }
      if (ctl.signal.aborted) return ctl.signal.reason === 'timeout' ? 'timeout' : 'declined';
      if (typed.trim() === '') {
        writeTty(t, '  Declined.\n');
        return 'declined';
      }
      if (phraseMatches(typed, phrase)) return 'confirmed';
      writeTty(t, `  That is not the phrase.${i < tries ? '' : ' Declined.'}\n`);
    }
    return 'declined';
  } finally {
    clearTimeout(timer);
    t.input.off('data', onData);
  }
}

/** Ask for the approver passphrase on the terminal, masked. undefined on Ctrl-C, Ctrl-D or timeout. */
export async function askPassphrase(t: Tty, message: string, timeoutMs = 300_000): Promise<string | undefined> {
  const { password } = await import('../prompts.js');
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort('timeout'), timeoutMs);
  const onData = (d: Buffer | string): void => {
    if ((typeof d === 'string' ? d : d.toString('latin1')).includes('\x04')) ctl.abort('eof');
  };
  t.input.on('data', onData);
  try {
    return await password({ message, mask: '*', theme: { prefix: '›' } }, { input: t.input, output: borrowOutput(t), signal: ctl.signal, clearPromptOnDone: false });
  } catch {
    writeTty(t, '\n');
    return undefined;
  } finally {
    clearTimeout(timer);
    t.input.off('data', onData);
  }
}
