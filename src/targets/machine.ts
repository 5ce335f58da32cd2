// This machine's own environment. Everything countersign finds "on this machine" (a database on
// localhost, the local Docker engine, a kind cluster, files) is `local` on a workstation; on a
// server that IS production (a VPS running docker compose) it is production. The team file names
// servers by hostname pattern and may only make a machine stricter; the user's own file may set
// it either way. No setting: a workstation.
import os from 'node:os';
import picomatch from 'picomatch';

/** One `machine:` entry as loaded, with the file it came from. */
export interface MachineEntry {
  environment: string;
  /** Hostname patterns; none: any machine. */
  hosts?: string[];
  source: string;
  /** From the user's own file (may relax), not the team file. */
  user: boolean;
}

export interface MachineEnv {
  hostname: string;
  environment: string;
  /** One line for a local target's evidence. */
  evidence: string;
}

// Same order as the target ranking: production, unknown, a team-named one, staging, local.
export function strictness(env: string): number {
  return env === 'production' ? 4 : env === 'unknown' ? 3 : env === 'staging' ? 1 : env === 'local' ? 0 : 2;
}

const applies = (e: MachineEntry, host: string): boolean =>
  !e.hosts || e.hosts.some((p) => picomatch(p, { nocase: true, dot: true, bash: true })(host));

/** This machine's environment from the loaded entries. The hostname is the kernel's
 *  (os.hostname()), never $HOSTNAME, which any program can set for its children. */
export function machineEnvironment(entries: MachineEntry[] | undefined, hostname: string = os.hostname()): MachineEnv {
  const hits = (entries ?? []).filter((e) => applies(e, hostname));
  // The user's own file decides when it says something (its last matching entry); else the
  // strictest team entry, which can't make the machine less strict than a workstation.
  const user = hits.filter((e) => e.user).pop();
  const team = hits.filter((e) => !e.user).sort((a, b) => strictness(b.environment) - strictness(a.environment))[0];
  const pick = user ?? (team && strictness(team.environment) > 0 ? team : undefined);
  if (!pick) return { hostname, environment: 'local', evidence: `this machine (${hostname}) is a workstation: local (no machine: setting names it)` };
  const as = pick.environment === 'local' ? 'a workstation: local' : pick.environment;
  return { hostname, environment: pick.environment, evidence: `this machine (${hostname}) is ${as}: machine: in ${pick.source}` };
}
