// Interactive sessions. Until the pty wrapper lands, say plainly that the session is not guarded.
import type { Engine } from '../engine.js';
import { exitLike, runShell } from './run.js';

export async function interactive(shell: string, argv: string[], engine: Engine): Promise<number> {
  void engine;
  process.stderr.write('countersign: interactive sessions are not guarded in this version; commands typed here run unchecked.\n');
  return exitLike(await runShell(shell, argv));
}
