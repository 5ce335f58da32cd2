// The confirmation on the outer terminal: the session owns it, so while the panel is up nothing
// typed reaches the shell inside, and only keys from the outer terminal can type the phrase. The
// terminal is in raw mode with output processing off, so lines end with \r\n here.
import type { CheckResult } from '../../engine.js';
import { phraseMatches } from '../../policy/index.js';

export type Outcome = 'confirmed' | 'declined' | 'timeout' | 'denied';

export interface UiIo {
  write(s: string): void;
  /** Keys from the outer terminal, while the UI has them. */
  onKeys(cb: (d: Buffer) => void): () => void;
  columns(): number;
}

export interface UiOptions {
  color: boolean;
  tries?: number;
  timeoutMs?: number;
}

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

export async function confirmUi(io: UiIo, text: string, result: CheckResult, o: UiOptions): Promise<Outcome> {
  const { renderPanel } = await import('../../confirm/index.js');
  io.write(crlf(renderPanel(text, result, { color: o.color, width: io.columns() })));
  if (result.decision === 'deny' || !result.phrase) {
    io.write('\r\n');
    return 'denied';
  }
  const phrase = result.phrase;
  const tries = o.tries ?? 1;
  const deadline = Date.now() + (o.timeoutMs ?? 300_000);
  for (let i = 1; i <= tries; i++) {
    io.write(`\u203a Type the phrase to run it${i > 1 ? ` (try ${i} of ${tries})` : ''}: `);
    const typed = await readLine(io, deadline - Date.now());
    if (typed === undefined) {
      io.write('\r\n');
      return 'timeout';
    }
    if (typed === null || typed.trim() === '') return 'declined';
    if (phraseMatches(typed, phrase)) return 'confirmed';
    io.write(`  That is not the phrase.${i < tries ? '' : ' Declined.'}\r\n`);
  }
  return 'declined';
}

/** One line from the keys: printable text is echoed; Backspace, Ctrl-U and Ctrl-W edit; Enter
 *  ends it; Ctrl-C, Ctrl-D and Escape (alone) give null; escape sequences (arrows, bracketed paste
 *  markers) are skipped. undefined on timeout. */
export function readLine(io: UiIo, timeoutMs: number, opts: { mask?: boolean } = {}): Promise<string | null | undefined> {
  return new Promise((resolve) => {
    let line = '';
    let esc = '';
    const done = (v: string | null | undefined): void => {
      clearTimeout(timer);
      off();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), Math.max(0, timeoutMs));
    timer.unref();
    const off = io.onKeys((d) => {
      const s = d.toString('utf8');
      for (const ch of s) {
        if (esc) {
          esc += ch;
          // CSI: ESC [ params final; SS3: ESC O x; other: ESC x.
          if (esc.length === 2 && ch !== '[' && ch !== 'O') esc = '';
          else if (esc.length > 2 && (esc[1] === 'O' || /[@-~]/.test(ch))) esc = '';
          continue;
        }
        if (ch === '\x1b') {
          esc = ch;
          continue;
        }
        if (ch === '\r' || ch === '\n') {
          io.write('\r\n');
          return done(line);
        }
        if (ch === '\x03' || ch === '\x04') {
          io.write(ch === '\x03' ? '^C\r\n' : '\r\n');
          return done(null);
        }
        if (ch === '\x7f' || ch === '\b') {
          if (line.length) {
            const chars = [...line];
            chars.pop();
            line = chars.join('');
            io.write('\b \b');
          }
          continue;
        }
        if (ch === '\x15') {
          io.write('\b \b'.repeat([...line].length));
          line = '';
          continue;
        }
        if (ch === '\x17') {
          const m = /\S+\s*$/.exec(line);
          const cut = m ? [...m[0]].length : 0;
          io.write('\b \b'.repeat(cut));
          line = line.slice(0, line.length - (m?.[0].length ?? 0));
          continue;
        }
        if (ch < ' ') continue;
        line += ch;
        io.write(opts.mask ? '*' : ch);
      }
      // A lone Escape key (nothing after it in the same read) declines.
      if (esc === '\x1b') {
        io.write('\r\n');
        return done(null);
      }
    });
  });
}
