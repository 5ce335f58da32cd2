// A tmux server on its own socket, for tests that drive a real terminal from outside (a person's
// pane, or an agent's send-keys into it).
import { execFileSync } from 'node:child_process';

export interface TmuxPane {
  tmux(...args: string[]): string;
  /** What the pane shows now. */
  screen(): string;
  /** Poll the pane until `re` shows; the screen is in the error after 30 s. */
  waitScreen(re: RegExp): Promise<string>;
}

/** `sock()` is read at each call: suites set the socket in a beforeAll/beforeEach. */
export function tmuxPane(tmuxPath: string, sock: () => string, target: string): TmuxPane {
  const tmux = (...args: string[]): string => execFileSync(tmuxPath, ['-S', sock(), ...args], { encoding: 'utf8' });
  const screen = (): string => tmux('capture-pane', '-p', '-t', target);
  const waitScreen = async (re: RegExp): Promise<string> => {
    const end = Date.now() + 30_000;
    for (;;) {
      const s = screen();
      if (re.test(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; the screen showed:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { tmux, screen, waitScreen };
}
