// The fast path (dist/fast.cjs, CommonJS, one file): a harmless `-c` command runs without the ESM
// loader, the parser or YAML. It applies only when the config is the builtin one or is already
// compiled in the cache, and the line passes the quick reject; anything else returns undefined
// and the full program (dist/cli.mjs) decides, from scratch. Every import here costs start-up
// time on every command: bench it (`npm run bench -- startup`).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheSlot, fileId, findTeamFile, readQuickCache, trustFiles, userConfigFile } from './rules/config-cache.js';
import { quickIndexFromData, quickReject, type QuickIndexData } from './rules/quick.js';
import { parseShellArgs } from './shell/args.js';
import { findRealShell } from './shell/real.js';
import { exitLike, runShell } from './shell/run.js';

export function fastPath(args: string[], distDir: string): Promise<never> | undefined {
  let argv = args;
  let forced: string | undefined;
  if (argv[0] === '--real-shell' && argv[1]) {
    forced = argv[1];
    argv = argv.slice(2);
  }
  const req = parseShellArgs(argv);
  if (req.kind !== 'command') return undefined;
  const env = process.env;
  const home = env.HOME || os.homedir();
  const team = findTeamFile(process.cwd());
  const user = userConfigFile(env, home);
  let data: QuickIndexData;
  let shell: string | undefined;
  const state = path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'countersign');
  // A trusted snapshot keeps a deleted team file's protection: then the builtin index won't do.
  const trust = trustFiles(state, process.cwd(), env, home);
  if (!team && !existsSync(user) && !trust.team && !trust.user) data = JSON.parse(readFileSync(path.join(distDir, 'quick.json'), 'utf8')) as QuickIndexData;
  else {
    // Written only for a config without errors; verified against its sources like the full one.
    const hit = readQuickCache<QuickIndexData>(cacheSlot(state, fileId(path.join(distDir, 'rulesets.json')), team, user, home, trust.key));
    if (!hit) return undefined;
    data = hit.quick;
    shell = hit.shell;
  }
  if (!quickReject(req.code, quickIndexFromData(data), process.cwd())) return undefined;
  return runShell(forced ?? findRealShell(env, shell).path, argv).then(exitLike);
}
