// `countersign trust`: sign the current team and user config so their weakening changes apply.
import { EXIT } from '../exit.js';

export async function trustCommand(_args: string[]): Promise<number> {
  process.stderr.write('countersign trust: not available in this version yet\n');
  return EXIT.USAGE;
}
