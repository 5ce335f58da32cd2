// The scratch fixture rule examples run in (src/commands/test.ts): a project whose data/ is
// protected, and a scratch HOME with .ssh, .aws, .kube and .config. The runner itself lives with the
// `test` command so that the rules never import the engine (rules -> engine -> rules).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table } from '../own.js';
export function makeFixture(): { root: string; project: string; home: string; env: Record<string, string>; cleanup(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'countersign-fixture-'));
  const project = path.join(root, 'project');
  const home = path.join(root, 'home');
  for (const d of ['data', 'empty', 'src', 'build', 'node_modules']) mkdirSync(path.join(project, d), { recursive: true });
  writeFileSync(path.join(project, 'data', 'db.sqlite'), '');
  for (const d of ['.ssh', '.aws', '.kube', '.config']) mkdirSync(path.join(home, d), { recursive: true });
  writeFileSync(path.join(home, '.ssh', 'id_rsa'), '');
  const env: Record<string, string> = table({
    HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_STATE_HOME: path.join(root, 'xdg-state'),
  });
  return { root, project, home, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
