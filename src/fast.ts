// The fast path (dist/fast.cjs, CommonJS, one file): a harmless `-c` command runs without the ESM
// loader, the parser or YAML. It applies only when the config is the builtin one or is already
// compiled in the cache, and the line passes the quick reject; anything else returns undefined
// and the full program (dist/cli.mjs) decides, from scratch.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheFileName, fileId, findTeamFile, readConfigCache, userConfigFile } from './rules/config-cache.js';
import { quickIndex, quickReject } from './rules/quick.js';
import type { CommandSpec, MatchSpec } from './rules/types.js';
import { parseShellArgs } from './shell/args.js';
import { findRealShell } from './shell/real.js';
import { exitLike, runShell } from './shell/run.js';

interface QuickConfig {
  rules: Array<{ match: MatchSpec }>;
  commands: Record<string, CommandSpec>;
  errors?: unknown[];
  shell?: string;
}

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
  let cfg: QuickConfig | undefined;
  if (!team && !existsSync(user)) cfg = JSON.parse(readFileSync(path.join(distDir, 'quick.json'), 'utf8')) as QuickConfig;
  else {
    const state = path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'countersign');
    cfg = readConfigCache<QuickConfig>(cacheFileName(state, fileId(path.join(distDir, 'rulesets.json')), team, user, home));
  }
  if (!cfg || cfg.errors?.length) return undefined;
  if (!quickReject(req.code, quickIndex(cfg))) return undefined;
  const shell = forced ?? findRealShell(env, cfg.shell).path;
  return runShell(shell, argv).then(exitLike);
}
