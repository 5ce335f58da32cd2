// countersign's own directories, defined once. They are security-relevant (approvals, the approver
// key and pin, trust snapshots, the audit log, compiled-config caches live here), so every entry
// point — the fast path, the engine, config loading, hooks — must agree on them.
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

export function homeOf(env: Env): string {
  // node:os loads only when HOME is unset: every command's start pays for what it imports.
  return env.HOME || (process.getBuiltinModule('node:os') as typeof import('node:os')).homedir();
}

/** $XDG_STATE_HOME/countersign: approvals, pin, snapshots, audit log, caches. */
export function stateDir(env: Env, home: string): string {
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'countersign');
}

/** $XDG_CONFIG_HOME/countersign: the user's config and approver key. */
export function configDir(env: Env, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'countersign');
}

export function userConfigFile(env: Env, home: string): string {
  return path.join(configDir(env, home), 'config.yaml');
}

export function approverFile(env: Env, home: string): string {
  return path.join(configDir(env, home), 'approver.json');
}

/** The root-owned approver file: when it exists, it alone says whose signature counts. */
export const SYSTEM_APPROVERS = process.platform === 'darwin' ? '/Library/Application Support/countersign/approvers' : '/etc/countersign/approvers';
