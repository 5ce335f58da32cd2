// `countersign env [--json]`: what countersign resolves right now from this folder.
import { EXIT } from '../exit.js';
import { engineFor, homeOf } from '../engine.js';
import { parseArgs } from './check.js';

export async function envCommand(args: string[]): Promise<number> {
  const p = parseArgs(args, ['--json']);
  if (typeof p === 'string') {
    process.stderr.write(`countersign env: ${p}\n`);
    return EXIT.USAGE;
  }
  const env = process.env;
  const cwd = process.cwd();
  const home = homeOf(env);
  const engine = await engineFor({ cwd, env, home });
  const { describeCurrent, machineEnvironment } = await import('../targets/index.js');
  const machine = machineEnvironment(engine.config.machine);
  const rows = describeCurrent({ cwd, env, home, environments: engine.config.environments as never, projectRoot: engine.config.teamRoot, machine });
  if (p.opts.has('--json')) {
    process.stdout.write(JSON.stringify({ teamFile: engine.config.teamFile ?? null, rows }, null, 2) + '\n');
    return EXIT.OK;
  }
  const pc = (await import('picocolors')).default;
  const c = pc.createColors(!!process.stdout.isTTY && !env.NO_COLOR);
  process.stdout.write(`${c.bold('countersign env')}  ${c.dim(cwd)}\n`);
  process.stdout.write(`  team file: ${engine.config.teamFile ?? c.yellow('none (builtin defaults; unknown targets count as production)')}\n\n`);
  if (rows.every((r) => r.source === 'this machine')) process.stdout.write('  Nothing found: no kube context, cloud profile, linked project or database URL here.\n');
  const w = Math.max(8, ...rows.map((r) => r.source.length));
  for (const r of rows) {
    const e = r.environment;
    const badge = e === 'production' || e === 'unknown' ? c.bold(c.red(e)) : e === 'local' ? c.green(e) : c.yellow(e);
    process.stdout.write(`  ${r.source.padEnd(w)}  ${r.value}  →  ${badge}\n  ${' '.repeat(w)}  ${c.dim(r.evidence)}\n`);
  }
  return EXIT.OK;
}
