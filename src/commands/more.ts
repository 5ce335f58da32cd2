// Subcommands that are not built yet say so plainly, and fail.
import { EXIT } from '../exit.js';

export async function run(name: string, args: string[]): Promise<number> {
  void args;
  process.stderr.write(`countersign ${name}: not available in this version yet\n`);
  return EXIT.USAGE;
}
