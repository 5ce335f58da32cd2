// A throwaway project for config tests: ROOT/project with a data/ folder, ROOT/home, and an
// environment whose config and state directories are inside ROOT (nothing of the machine's).
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempProject {
  root: string;
  project: string;
  home: string;
  env: Record<string, string>;
}

export function tempProject(prefix: string, PATH = '/usr/bin:/bin'): TempProject {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const project = path.join(root, 'project');
  const home = path.join(root, 'home');
  mkdirSync(path.join(project, 'data'), { recursive: true });
  mkdirSync(home, { recursive: true });
  return { root, project, home, env: { HOME: home, PATH, XDG_CONFIG_HOME: path.join(root, 'cfg'), XDG_STATE_HOME: path.join(root, 'state') } };
}

/** `check` of one line in the project, with its config loaded as countersign would (team file,
 *  user config, state), and the environment taken as complete. */
export async function checkIn(tp: TempProject, cmd: string, extra: { inputOpen?: boolean } = {}) {
  const [{ check }, { loadConfig }, { quickIndex }] = await Promise.all([import('../../src/engine.js'), import('../../src/rules/load.js'), import('../../src/rules/quick.js')]);
  const config = await loadConfig({ cwd: tp.project, env: tp.env, home: tp.home });
  return check(cmd, { cwd: tp.project, env: tp.env, home: tp.home, envComplete: true, ...extra }, { config, index: quickIndex(config) });
}
