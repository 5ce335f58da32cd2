// Signed snapshots of the last trusted team file(s) and user config. A change that adds
// protection applies at once; a change that removes or weakens it applies only after a person
// signs it with `countersign trust` (the approver key); until then load.ts applies the union of
// the trusted and the current protection and lists what is waiting. A snapshot whose signature
// doesn't verify against the trust anchor counts as none.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readRegularText } from '../readfile.js';

/** A config file is read only when it is a regular file up to this size (a FIFO would block). */
const MAX_SNAPSHOT_FILE = 8 * 1024 * 1024;
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { seenSnapshotFile, teamSnapshotFile, userSnapshotFile } from './config-cache.js';
import { crypto } from '../lazy.js';
import type { TeamFile, UserFile } from './schema.js';
import { table } from '../own.js';

export interface SnapshotFile {
  path: string;
  text: string;
}

export interface Snapshot {
  version: 1;
  kind: 'team' | 'user';
  /** team: the project root (the team file's directory); user: the user config's path. */
  id: string;
  files: SnapshotFile[];
  trustedAt: string;
  by: string;
  fingerprint: string;
  signature: string;
}

/** What a trust signature is bound to: every path and text, in order. */
export function bindingOfFiles(files: SnapshotFile[]): string {
  const h = crypto().createHash('sha256');
  for (const f of files) h.update(`${f.path}\0${f.text.length}\0${f.text}\0`);
  return h.digest('hex');
}

const claimsOf = (s: Pick<Snapshot, 'kind' | 'id' | 'files' | 'by'>) => ({ purpose: 'trust' as const, id: `${s.kind}:${s.id}`, binding: bindingOfFiles(s.files), expires: 0, by: s.by });

/** The team file and the .countersign/*.yaml beside it, as they are now (none when absent). */
/** A file's text, or for one that is not a regular file or too big (a FIFO, /dev/null, a device:
 *  readfile.ts) a text no snapshot holds, so it never counts as the signed or first-seen one (its
 *  own reading is a config error). */
function snapshotText(file: string): string {
  try {
    return readRegularText(file, MAX_SNAPSHOT_FILE);
  } catch (e) {
    return `\0unreadable: ${(e as Error).message}`;
  }
}

export function currentTeamFiles(teamFile: string | undefined): SnapshotFile[] {
  if (!teamFile || !existsSync(teamFile)) return [];
  const out: SnapshotFile[] = [{ path: teamFile, text: snapshotText(teamFile) }];
  const extra = path.join(path.dirname(teamFile), '.countersign');
  try {
    if (statSync(extra).isDirectory()) for (const f of readdirSync(extra).filter((f) => /\.ya?ml$/.test(f)).sort()) out.push({ path: path.join(extra, f), text: snapshotText(path.join(extra, f)) });
  } catch {
    /* no extra files */
  }
  return out;
}

export function currentUserFiles(userFile: string | undefined): SnapshotFile[] {
  return userFile && existsSync(userFile) ? [{ path: userFile, text: snapshotText(userFile) }] : [];
}

export const sameFiles = (a: SnapshotFile[], b: SnapshotFile[]): boolean => bindingOfFiles(a) === bindingOfFiles(b);

export function snapshotPath(state: string, kind: 'team' | 'user', id: string): string {
  return kind === 'team' ? teamSnapshotFile(state, id) : userSnapshotFile(state);
}

/** Sign and write a snapshot (countersign trust). */
export async function writeSnapshot(state: string, key: KeyObject, fingerprint: string, kind: 'team' | 'user', id: string, files: SnapshotFile[], by: string): Promise<string> {
  const { sign } = await import('../keys/index.js');
  const base = { version: 1 as const, kind, id, files, trustedAt: new Date().toISOString(), by, fingerprint };
  const snap: Snapshot = { ...base, signature: sign(key, claimsOf(base)) };
  const file = snapshotPath(state, kind, id);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snap, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** Trust on first use: the team files as countersign first saw them in a project no one has
 *  signed yet, following them forward while they only add protection. Unsigned: forging it can
 *  only add protection (it is united with the files), and writing the state directory from a
 *  command line pauses. */
export interface SeenSnapshot {
  version: 1;
  kind: 'team-seen';
  id: string;
  files: SnapshotFile[];
}

export function readSeen(file: string): SeenSnapshot | undefined {
  try {
    // A FIFO or device put in its place would block the check (readfile.ts).
    const s = JSON.parse(readRegularText(file, 16 << 20)) as SeenSnapshot;
    if (s?.version !== 1 || s.kind !== 'team-seen' || typeof s.id !== 'string' || !Array.isArray(s.files) || s.files.some((f) => typeof f?.path !== 'string' || typeof f.text !== 'string')) return undefined;
    if (seenSnapshotFile(path.dirname(path.dirname(file)), s.id) !== file) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

export function writeSeen(state: string, root: string, files: SnapshotFile[]): void {
  const file = seenSnapshotFile(state, root);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, kind: 'team-seen', id: path.resolve(root), files } satisfies SeenSnapshot) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* a state directory that can't be written: the files as they are (a fresh clone's rule) */
  }
}

export interface Verified {
  snapshot?: Snapshot;
  /** Why a snapshot file that exists doesn't count (unsigned, forged, other key, no key). */
  problem?: string;
}

/** Read a snapshot and check its signature against the trust anchor. */
export async function readSnapshot(file: string | undefined, kind: 'team' | 'user', anchor: () => Promise<{ publicKey?: string; problem?: string }>): Promise<Verified> {
  if (!file) return {};
  let s: Snapshot;
  try {
    s = JSON.parse(readRegularText(file, 16 << 20)) as Snapshot;
  } catch (e) {
    return { problem: `${file}: unreadable trusted snapshot (${(e as Error).message}); ignored` };
  }
  if (s?.version !== 1 || s.kind !== kind || typeof s.id !== 'string' || !Array.isArray(s.files) || s.files.some((f) => typeof f?.path !== 'string' || typeof f.text !== 'string') || typeof s.by !== 'string') {
    return { problem: `${file}: not a trusted snapshot; ignored` };
  }
  if (kind === 'team' && snapshotPath(path.dirname(path.dirname(file)), 'team', s.id) !== file) return { problem: `${file}: names another project (${s.id}); ignored` };
  const a = await anchor();
  if (!a.publicKey) return { problem: `${file}: can't be checked: ${a.problem ?? 'no approver key'}; ignored` };
  const { verify } = await import('../keys/index.js');
  if (!verify(a.publicKey, claimsOf(s), s.signature)) return { problem: `${file}: the signature does not verify with the approver key (forged, edited or signed by another key); ignored` };
  return { snapshot: s };
}

// ---- protection as a list of items, for diffs ----

export interface Item {
  key: string;
  text: string;
  /** set: removing it weakens. weak: adding it weakens. */
  kind: 'set' | 'weak';
}

const sev = ['low', 'medium', 'high', 'critical'];

/** The protection a team or user file gives, as items a person can read. */
export function protectionItems(data: (TeamFile & Partial<UserFile>) | undefined, file: string, home: string, isUser: boolean): Item[] {
  if (!data) return [];
  const out: Item[] = [];
  const set = (key: string, text = key) => out.push({ key, text, kind: 'set' });
  const weak = (key: string, text = key) => out.push({ key, text, kind: 'weak' });
  const base = path.dirname(file);
  for (const e of data.extends ?? []) set(`extends: ${e}`);
  for (const p of data['protected-paths'] ?? []) set(`protected-paths: ${expand(p, base, home)}`);
  for (const r of data.rules ?? []) set(`rule ${r.id} ${JSON.stringify(r)}`, `rule ${r.id}${r.action === 'deny' ? ' (deny)' : ''} (${r.severity})`);
  for (const [name, spec] of Object.entries(data.commands ?? {})) weak(`commands.${name} ${JSON.stringify(spec)}`, `commands.${name}: ${JSON.stringify(spec)}`);
  for (const [name, spec] of Object.entries(data.programs ?? {})) weak(`programs.${name} ${JSON.stringify(spec)}`, `programs.${name}: ${JSON.stringify(spec)}`);
  for (const [id, s] of Object.entries(data.severity ?? {})) (isUser ? weak : set)(`severity.${id}: ${s}`);
  const pol = data.policy;
  if (pol?.['confirm-at']) (isUser ? weak : set)(`policy.confirm-at: ${pol['confirm-at']}`);
  for (const d of pol?.deny ?? []) set(`policy.deny: ${d}`);
  for (const [env, ep] of Object.entries(pol?.environments ?? {})) {
    for (const d of ep.deny ?? []) set(`policy.environments.${env}.deny: ${d}`);
    if (ep['confirm-at']) (isUser ? weak : set)(`policy.environments.${env}.confirm-at: ${ep['confirm-at']}`);
  }
  for (const [env, def] of Object.entries((data.environments ?? {}) as Record<string, { match?: Record<string, string[] | undefined> } | null>)) {
    for (const [k, pats] of Object.entries(def?.match ?? {})) for (const p of pats ?? []) (strictEnv(env) ? set : weak)(`environments.${env}.match.${k}: ${p}`);
  }
  const c = data.confirm;
  if (c?.hooks) (c.hooks === 'typed' ? set : weak)(`confirm.hooks: ${c.hooks}`);
  if (c?.ci) (c.ci === 'decline' ? set : weak)(`confirm.ci: ${c.ci}`);
  // A user's machine: may say "workstation" where the team says production; a strict one adds.
  for (const m of data.machine ?? []) (isUser && !strictEnv(m.environment) ? weak : set)(`machine: ${m.environment}${m.hosts ? ` (hosts ${m.hosts.join(', ')})` : ''}`);
  for (const d of data.disable ?? []) weak(`disable: ${d}`);
  if (data.shell) weak(`shell: ${data.shell}`);
  void sev;
  return out;
}

const strictEnv = (env: string): boolean => env === 'production' || env === 'unknown';

function expand(p: string, base: string, home: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(home, p.slice(1));
  if (p.startsWith('$HOME')) return path.join(home, p.slice(5));
  return path.resolve(base, p);
}

export interface Diff {
  added: Item[];
  removed: Item[];
  /** The changes that weaken: removed 'set' items and added 'weak' items. */
  weakening: string[];
}

export function diffItems(trusted: Item[], current: Item[]): Diff {
  const t = new Set(trusted.map((i) => i.key));
  const c = new Set(current.map((i) => i.key));
  const added = current.filter((i) => !t.has(i.key));
  const removed = trusted.filter((i) => !c.has(i.key));
  const weakening = [...removed.filter((i) => i.kind === 'set').map((i) => `removed ${i.text}`), ...added.filter((i) => i.kind === 'weak').map((i) => `added ${i.text}`)];
  return { added, removed, weakening };
}

// ---- the union ----

type Envs = Record<string, { match?: Record<string, string[] | undefined> | null; [k: string]: unknown } | null | undefined>;

/** Environments from a trusted and a current file: the trusted ones, in their order, plus the
 *  current file's new matches for production and unknown only. A new match for any other
 *  environment could move a production target there, so it waits for trust. */
export function mergeEnvironments(trusted: unknown, current: unknown): unknown {
  if (trusted === undefined) return addStrict({}, current as Envs);
  return addStrict(structuredClone(trusted as Envs), current as Envs);
}

function addStrict(into: Envs, current: Envs | undefined): Envs | undefined {
  for (const [name, def] of Object.entries(current ?? {})) {
    if (!strictEnv(name) || !def?.match) continue;
    const target = (into[name] ??= { match: {} })!;
    const m = (target.match ??= {});
    for (const [k, pats] of Object.entries(def.match)) m[k] = [...new Set([...(m[k] ?? []), ...(pats ?? [])])];
  }
  // Strict environments first: with the union, a target either file calls production is production.
  const order = Object.keys(into).sort((a, b) => Number(strictEnv(b)) - Number(strictEnv(a)));
  const out: Envs = {};
  for (const k of order) out[k] = into[k];
  return Object.keys(out).length ? out : undefined;
}

const rank = (s: string): number => sev.indexOf(s);
const stricter = (a: string, b: string): string => (rank(a) <= rank(b) ? a : b);

/** The user file's weakenings that both the trusted and the current version have, at the
 *  strictest of the two: what a person signed and still wants. */
export function bothWeakenings(cur: UserFile, tr: UserFile | undefined): Partial<UserFile> {
  if (!tr) return {};
  const out: Partial<UserFile> = {};
  const dis = (cur.disable ?? []).filter((d) => (tr.disable ?? []).includes(d));
  if (dis.length) out.disable = dis;
  const sevs: Record<string, string> = table();
  for (const [id, s] of Object.entries(cur.severity ?? {})) {
    const t = tr.severity?.[id];
    if (t) sevs[id] = rank(s) >= rank(t) ? s : t;
  }
  if (Object.keys(sevs).length) out.severity = sevs as never;
  const pc = cur.policy?.['confirm-at'];
  const pt = tr.policy?.['confirm-at'];
  const envs: Record<string, { 'confirm-at': string }> = table();
  for (const [env, ep] of Object.entries(cur.policy?.environments ?? {})) {
    const t = tr.policy?.environments?.[env]?.['confirm-at'];
    if (ep['confirm-at'] && t) envs[env] = { 'confirm-at': stricter(ep['confirm-at'], t) };
  }
  if ((pc && pt) || Object.keys(envs).length) out.policy = { ...(pc && pt ? { 'confirm-at': stricter(pc, pt) } : {}), ...(Object.keys(envs).length ? { environments: envs } : {}) } as never;
  const confirm: Record<string, string> = table();
  if (cur.confirm?.hooks === 'ask' && tr.confirm?.hooks === 'ask') confirm.hooks = 'ask';
  if (cur.confirm?.ci === 'wait' && tr.confirm?.ci === 'wait') confirm.ci = 'wait';
  if (Object.keys(confirm).length) out.confirm = confirm as never;
  if (cur.shell && cur.shell === tr.shell) out.shell = cur.shell;
  // This machine's environment: only the entries signed as they are.
  const sig = (m: { environment: string; hosts?: string[] }) => JSON.stringify([m.environment, m.hosts ?? null]);
  const signedMachine = (cur.machine ?? []).filter((m) => (tr.machine ?? []).some((t) => sig(t) === sig(m)));
  if (signedMachine.length) out.machine = signedMachine as never;
  return out;
}

// ---- what `countersign trust` signs ----

export interface Target {
  kind: 'team' | 'user';
  /** team: the project root; user: the user config's path. */
  id: string;
  /** The file a person knows it by. */
  label: string;
  trusted?: SnapshotFile[];
  /** `trusted` is the unsigned first-seen copy (nothing signed yet): shown against, still signed. */
  seenOnly?: true;
  current: SnapshotFile[];
}

/** The files `trust` would sign in cwd: the team file that applies, a trusted project root above
 *  it whose file is gone or shadowed, and the user config; with their verified snapshots. */
export async function trustTargets(o: { state: string; cwd: string; env: Readonly<Record<string, string | undefined>>; home: string; systemFile?: string }): Promise<{ targets: Target[]; problems: string[] }> {
  const { findTeamFile, trustFiles, userConfigFile, TEAM_FILE } = await import('./config-cache.js');
  const { trustAnchor } = await import('../keys/index.js');
  const anchor = async () => {
    const r = trustAnchor(o.env, o.home, o.state, o.systemFile ? { systemFile: o.systemFile } : {});
    return { publicKey: r.anchor?.publicKey, problem: r.problem };
  };
  const problems: string[] = [];
  const targets: Target[] = [];
  const tf = trustFiles(o.state, o.cwd, o.env, o.home);
  const teamFile = findTeamFile(o.cwd);
  const roots = new Set<string>();
  if (teamFile) roots.add(path.dirname(teamFile));
  const v = await readSnapshot(tf.team, 'team', anchor);
  if (v.problem) problems.push(v.problem);
  if (v.snapshot) roots.add(v.snapshot.id);
  // Never signed: the first-seen copy is what a change is shown against (a removal shows as −).
  const seenOf = (root: string) => (existsSync(seenSnapshotFile(o.state, root)) ? readSeen(seenSnapshotFile(o.state, root)) : undefined);
  if (!v.snapshot && tf.seen) {
    const s = readSeen(tf.seen);
    if (s) roots.add(s.id);
  }
  for (const root of roots) {
    const own = v.snapshot?.id === root ? v.snapshot : (await readSnapshot(existsSync(teamSnapshotFile(o.state, root)) ? teamSnapshotFile(o.state, root) : undefined, 'team', anchor)).snapshot;
    const file = path.join(root, TEAM_FILE);
    const seen = own ? undefined : seenOf(root);
    targets.push({ kind: 'team', id: root, label: file, trusted: own?.files ?? seen?.files, ...(seen ? { seenOnly: true as const } : {}), current: currentTeamFiles(existsSync(file) ? file : undefined) });
  }
  const user = userConfigFile(o.env, o.home);
  const u = await readSnapshot(tf.user, 'user', anchor);
  if (u.problem) problems.push(u.problem);
  const trustedUser = u.snapshot?.id === user ? u.snapshot.files : undefined;
  const currentUser = currentUserFiles(user);
  if (currentUser.length || trustedUser) targets.push({ kind: 'user', id: user, label: user, trusted: trustedUser, current: currentUser });
  return { targets, problems };
}

/** Protection added and removed between a target's trusted and current files, for a person. */
export async function describeTarget(t: Target, home: string): Promise<{ added: string[]; removed: string[]; weakening: string[]; errors: string[] }> {
  const { loadConfigLibs, readYamlFile, formatError } = await import('./load.js');
  await loadConfigLibs();
  const errors: string[] = [];
  const items = (files: SnapshotFile[] | undefined) =>
    (files ?? []).flatMap((f, i) => {
      const kind = t.kind === 'user' ? 'user' : i === 0 ? 'team' : 'pack';
      const r = readYamlFile(f.path, kind, f.text);
      if (r.errors.length) {
        if (files !== t.trusted) errors.push(...r.errors.map(formatError));
        return [];
      }
      return protectionItems(r.data as TeamFile, f.path, home, t.kind === 'user');
    });
  const d = diffItems(items(t.trusted), items(t.current));
  return { added: d.added.map((i) => i.text), removed: d.removed.map((i) => i.text), weakening: d.weakening, errors };
}
