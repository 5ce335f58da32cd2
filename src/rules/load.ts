// Loading rule packs, the team file (.countersign.yaml, found walking up) and the user file.
// Errors carry file:line:column. The team file can only add protection; only the user's own
// file can weaken it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readRegularText } from '../readfile.js';
import { cacheSlot, type CacheSlot, fileId, findTeamFile, readConfigCache, seenSnapshotFile, TEAM_FILE, type TrustFiles, trustFiles, userConfigFile, writeConfigCache } from './config-cache.js';
import { quickIndex, quickIndexData, quickIndexFromData, type QuickIndex, type QuickIndexData } from './quick.js';
import { configDir, stateDir } from '../dirs.js';
import { yaml } from '../lazy.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandSpec, MatchSpec, RuleSpec, Severity } from './types.js';
import { SEVERITIES } from './types.js';
import type { PackFile, PolicyConfig, TeamFile, UserFile } from './schema.js';
import type * as V from 'valibot';
import { strictness, type MachineEntry } from '../targets/machine.js';
import { BUILTIN, mergeProgram } from '../programs/index.js';
import { table } from '../own.js';

export interface ConfigError {
  file: string;
  line?: number;
  col?: number;
  message: string;
}

export function formatError(e: ConfigError): string {
  return `${e.file}${e.line ? `:${e.line}:${e.col ?? 1}` : ''}: ${e.message}`;
}

export interface LoadedRule extends RuleSpec {
  pack: string;
  source: string;
  /** From a builtin pack (its patterns are audited: engine.ts runs short lines without a watchdog). */
  builtin?: true;
}

export interface ProtectedPath {
  path: string;
  /** 'subtree': the path and all under it. 'exact': the path itself (and so its ancestors). */
  kind: 'subtree' | 'exact';
  source: string;
  /** Only this path is meant, not its ancestors (a file that may not exist yet, in a directory
   *  people clear: `rm -rf node_modules` doesn't remove a `node` countersign would run). */
  only?: boolean;
  /** `path` is a directory on PATH in the home: a file put directly in it under the name of a
   *  program these directories (later on PATH) hold runs in that program's place (paths.ts). */
  shadows?: string[];
}

export interface Config {
  rules: LoadedRule[];
  commands: Record<string, CommandSpec>;
  protectedPaths: ProtectedPath[];
  policy: Required<Pick<PolicyConfig, 'confirm-at'>> & PolicyConfig;
  environments?: unknown;
  /** `machine:` entries, team file first, then the user file (src/targets/machine.ts reads them). */
  machine?: MachineEntry[];
  confirm: NonNullable<TeamFile['confirm']>;
  shell?: string;
  /** Files that were read, for doctor and explain. */
  sources: string[];
  teamFile?: string;
  teamRoot?: string;
  userFile?: string;
  errors: ConfigError[];
  warnings: string[];
  /** Weakening changes to the team or user config that wait for `countersign trust` (the
   *  union of trusted and current protection applies until then). */
  pendingTrust?: string[];
}

export interface LoadContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

export { TEAM_FILE } from './config-cache.js';

// ---- builtin packs ----

function rulesetsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const d of [path.join(here, '..', 'rulesets'), path.join(here, '..', '..', 'rulesets')]) if (existsSync(d)) return d;
  return path.join(here, '..', 'rulesets');
}

let builtinCache: Map<string, { file: PackFile; source: string }> | undefined;

/** Builtin packs: precompiled JSON beside the bundle, or the YAML sources when run from src/. */
export function builtinPacks(): Map<string, { file: PackFile; source: string }> {
  if (builtinCache) return builtinCache;
  const map = new Map<string, { file: PackFile; source: string }>();
  const here = path.dirname(fileURLToPath(import.meta.url));
  const json = path.join(here, 'rulesets.json');
  if (existsSync(json)) {
    const data = JSON.parse(readFileSync(json, 'utf8')) as Record<string, PackFile>;
    for (const [name, file] of Object.entries(data)) map.set(name, { file, source: `builtin:${name}` });
  } else {
    const dir = rulesetsDir();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const full = path.join(dir, f);
      const res = readYamlFile(full, 'pack');
      if (res.errors.length) throw new Error(res.errors.map(formatError).join('\n'));
      map.set(f.replace(/\.yaml$/, ''), { file: res.data as PackFile, source: full });
    }
  }
  builtinCache = map;
  return map;
}

// ---- YAML with positions ----

/** A config file larger than this is an error, not read (the largest builtin pack is ~140 KB). */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

type Kind = 'pack' | 'team' | 'user';

/** Parse and validate a YAML file; errors point at file:line:col. */
export function readYamlFile(file: string, kind: Kind, text?: string): { data: unknown; errors: ConfigError[] } {
  let src: string;
  try {
    src = text ?? readRegularText(file, MAX_CONFIG_BYTES);
  } catch (e) {
    return { data: undefined, errors: [{ file, message: `can't read: ${(e as Error).message}` }] };
  }
  return validateYaml(file, kind, src);
}

const PROTO_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

// YAML and the validator are loaded only when a file has to be read (see loadConfigLibs).
let libs: { YAML: typeof import('yaml'); v: typeof import('valibot'); schema: typeof import('./schema.js'); environments: V.GenericSchema } | undefined;

function validateYaml(file: string, kind: Kind, src: string): { data: unknown; errors: ConfigError[] } {
  if (!libs) throw new Error('config libraries not loaded (call loadConfigLibs first)');
  const { YAML, v, schema } = libs;
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(src, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const errors: ConfigError[] = [];
  // The first few errors: later ones are mostly echoes of the first.
  for (const e of doc.errors.slice(0, 3)) {
    const p = lc.linePos(e.pos[0]);
    errors.push({ file, line: p.line, col: p.col, message: e.message.split('\n')[0]! });
  }
  if (errors.length) return { data: undefined, errors };
  // A key named like a member of Object.prototype: the validator drops `constructor` and
  // `__proto__` from a map without a word (a team's program, environment or rule variable would
  // silently not be there), and a plain object looked up by it answers from the prototype. Refused.
  YAML.visit(doc, {
    Pair(_, pair) {
      const k = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof k === 'string' && PROTO_NAMES.has(k) && errors.length < 3) {
        const pos = YAML.isScalar(pair.key) && pair.key.range ? lc.linePos(pair.key.range[0]) : undefined;
        errors.push({ file, line: pos?.line, col: pos?.col, message: `a key can't be named ${JSON.stringify(k)} (a name JavaScript objects already have)` });
      }
    },
  });
  if (errors.length) return { data: undefined, errors };
  const data = doc.toJS() ?? {};
  const s = kind === 'pack' ? schema.packSchema : kind === 'team' ? schema.teamSchema : schema.userSchema;
  let res = v.safeParse(s as V.GenericSchema, data);
  // environments: is owned by the targets module; validate it here so errors get positions too.
  if (res.success && kind !== 'pack' && (res.output as { environments?: unknown }).environments !== undefined) {
    const envs = v.safeParse(libs.environments, (res.output as { environments: unknown }).environments);
    if (envs.success) (res.output as { environments: unknown }).environments = envs.output;
    else res = { ...envs, issues: envs.issues.map((i) => ({ ...i, path: [{ key: 'environments' }, ...(i.path ?? [])] })) } as never;
  }
  if (!res.success) {
    for (const issue of res.issues.slice(0, 10)) {
      const keyPath = (issue.path ?? []).map((p: { key: unknown }) => p.key as string | number);
      // Point at the deepest node that exists.
      let node: unknown;
      for (let n = keyPath.length; n >= 0 && !node; n--) node = n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, n), true);
      const range = (node as { range?: [number, number] } | undefined)?.range;
      const pos = range ? lc.linePos(range[0]) : undefined;
      const where = keyPath.length ? `${keyPath.join('.')}: ` : '';
      let msg = issue.message;
      // valibot reports a required key that is absent as a strict_object issue whose input is undefined.
      if (issue.kind === 'schema' && issue.type === 'strict_object') msg = issue.input === undefined ? `missing key ${JSON.stringify(keyPath.at(-1))}` : `unknown key ${JSON.stringify(issue.input)}`;
      errors.push({ file, line: pos?.line, col: pos?.col, message: where + msg });
    }
    return { data: undefined, errors };
  }
  return { data: res.output, errors };
}

export async function loadConfigLibs(): Promise<void> {
  if (libs) return;
  const [v, schema, targetsConfig] = await Promise.all([import('valibot'), import('./schema.js'), import('../targets/index.js').then((t) => t.schema())]);
  libs = { YAML: yaml(), v, schema, environments: targetsConfig.environmentsSchema as V.GenericSchema };
}

// ---- finding the files ----

export { findTeamFile, userConfigFile } from './config-cache.js';

// ---- merging ----

const DEFAULT_PACKS = ['recommended'];

export interface LoadOptions {
  teamFile?: string | null;
  userFile?: string | null;
  /** Directory for the compiled-config cache (the state dir); none: no cache. */
  cacheDir?: string;
  /** The state dir with the trusted snapshots (default: cacheDir, else from env). */
  stateDir?: string;
  /** Tests only: the system approvers file. */
  systemApprovers?: string;
}

export async function loadConfig(ctx: LoadContext, opts: LoadOptions = {}): Promise<Config> {
  const teamFile = opts.teamFile === null ? undefined : (opts.teamFile ?? findTeamFile(ctx.cwd));
  const userFile = opts.userFile === null ? undefined : (opts.userFile ?? userConfigFile(ctx.env, ctx.home));
  const bundled = existsSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'rulesets.json'));
  const state = opts.stateDir ?? opts.cacheDir ?? stateDir(ctx.env, ctx.home);
  let trust = trustFiles(state, ctx.cwd, ctx.env, ctx.home);
  // Trust on first use: a project no one has signed gets its team files recorded as first seen
  // (firstSeenTeam), before the cache key is read from the trust state.
  // A project inside another one has a first-seen copy of its own (not only the outer one's).
  if (teamFile && !trust.team && (!trust.seen || (trust.seen !== seenSnapshotFile(state, path.dirname(teamFile)) && !existsSync(seenSnapshotFile(state, path.dirname(teamFile)))))) {
    const t = (trustMod ??= await import('./trust.js'));
    let files: import('./trust.js').SnapshotFile[] | undefined;
    try {
      files = t.currentTeamFiles(teamFile);
    } catch {
      // Not a regular file (a FIFO, a device) or too big: nothing is recorded, and reading it
      // below is a config error, which pauses everything.
    }
    if (files) t.writeSeen(state, path.dirname(teamFile), files);
    trust = trustFiles(state, ctx.cwd, ctx.env, ctx.home);
  }
  const anyFile = !!(teamFile || (userFile && existsSync(userFile)) || trust.team || trust.seen || trust.user);
  // The trust state is part of the key: a weakened file is never served without its union.
  const slot = opts.cacheDir && anyFile && !opts.systemApprovers ? configCacheSlot(opts.cacheDir, teamFile, userFile, ctx.home, bundled, trust.key) : undefined;
  if (slot) {
    const hit = readConfigCache<Config, QuickIndexData>(slot);
    if (hit) {
      if (hit.quick) quickData.set(hit.config, hit.quick);
      return hit.config;
    }
  }
  // YAML and the validator load only when some file must be read (not for the builtin JSON).
  if (anyFile || !bundled) await loadConfigLibs();
  const cfg = await loadConfigUncached(ctx, teamFile, userFile, { state, trust, systemFile: opts.systemApprovers });
  // What this project protects, for commands run from outside it (engine.ts).
  if (cfg.teamRoot && !cfg.errors.length && !opts.systemApprovers && opts.stateDir === undefined && opts.teamFile === undefined) {
    const root = cfg.teamRoot;
    const { writeProjectPaths } = await import('./paths.js');
    writeProjectPaths(path.join(state, 'projects.json'), root, cfg.protectedPaths.filter((p) => p.source.startsWith(root + path.sep)));
  }
  if (slot && !cfg.errors.length) {
    const quick = quickIndexData(quickIndex(cfg));
    // Stored without the rules' examples (half the file): only `countersign test` reads them, and
    // it compiles the config itself.
    const stored: Config = { ...cfg, rules: cfg.rules.map(({ tests: _t, ...r }) => r) };
    writeConfigCache(slot, stored, cfg.teamRoot, quick);
    quickData.set(cfg, quick);
  } else if (!anyFile && bundled && !cfg.errors.length) {
    // The builtin config: the index the build wrote (test/rules/quick-data.test.ts: the same).
    try {
      quickData.set(cfg, readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'quick.idx')));
    } catch {
      /* built below */
    }
  }
  return cfg;
}

/** The quick-reject index stored with a compiled config (so a run needn't rebuild it). */
const quickData = new WeakMap<Config, QuickIndexData | Buffer>();

/** The quick-reject index of a config from loadConfig: the stored one, else built. */
export function quickIndexOf(cfg: Config): QuickIndex {
  const data = quickData.get(cfg);
  try {
    if (data) return quickIndexFromData(data);
  } catch {
    /* a damaged index: build it */
  }
  return quickIndex(cfg);
}

// ---- compiled-config cache (src/rules/config-cache.ts) ----

function configCacheSlot(dir: string, teamFile: string | undefined, userFile: string | undefined, home: string, bundled: boolean, trust: string): CacheSlot {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // The builtin packs: the compiled JSON, or (running from source) every pack file.
  const builtin = bundled ? fileId(path.join(here, 'rulesets.json')) : readdirSync(rulesetsDir()).sort().map((f) => fileId(path.join(rulesetsDir(), f))).join(',');
  return cacheSlot(dir, builtin, teamFile, userFile, home, trust);
}

interface TrustCtx {
  state: string;
  trust: TrustFiles;
  systemFile?: string;
}

async function loadConfigUncached(ctx: LoadContext, teamFile: string | undefined, userFile: string | undefined, tc: TrustCtx): Promise<Config> {
  const cfg: Config = {
    rules: [],
    commands: table(),
    protectedPaths: [...builtinProtected(ctx.home), ...selfProtected(ctx.env, ctx.home)],
    policy: { 'confirm-at': 'medium' },
    confirm: {},
    sources: [],
    errors: [],
    warnings: [],
  };
  const packs = builtinPacks();
  const loadedPacks = new Set<string>();
  const seenFiles = new Set<string>();

  const addPack = (name: string, from: string): void => {
    if (loadedPacks.has(name)) return;
    const p = packs.get(name);
    if (!p) {
      cfg.errors.push({ file: from, message: `unknown builtin pack ${JSON.stringify(name)} (known: ${[...packs.keys()].join(', ')})` });
      return;
    }
    loadedPacks.add(name);
    for (const e of p.file.extends ?? []) addPack(e, p.source);
    mergeCommands(cfg.commands, p.file.commands);
    for (const r of p.file.rules ?? []) cfg.rules.push({ ...r, pack: name, source: p.source, builtin: true });
  };
  for (const p of DEFAULT_PACKS) addPack(p, 'builtin');
  const builtinIds = new Set(cfg.rules.map((r) => r.id));

  // Files named in `extends:` that aren't builtin packs: relative rule files.
  // `texts`: a trusted snapshot's files, read instead of the disk (their keys count as other files).
  const seenRules = new Set<string>();
  const addFile = (file: string, kind: 'team' | 'pack', from: string, texts?: Map<string, string>): TeamFile | undefined => {
    const full = path.resolve(file);
    const text = texts?.get(full);
    const seenKey = text !== undefined ? `trusted:${full}` : full;
    if (seenFiles.has(seenKey)) return undefined;
    seenFiles.add(seenKey);
    const res = readYamlFile(full, kind === 'team' ? 'team' : 'pack', text);
    if (text === undefined) cfg.sources.push(full);
    if (res.errors.length) {
      cfg.errors.push(...res.errors);
      return undefined;
    }
    const data = res.data as TeamFile & PackFile;
    for (const e of data.extends ?? []) {
      if (packs.has(e)) addPack(e, full);
      else if (/[/\\]|\.ya?ml$/.test(e)) addFile(path.resolve(path.dirname(full), e), 'pack', full, texts);
      else cfg.errors.push({ file: full, message: `extends: unknown pack ${JSON.stringify(e)}` });
    }
    mergeCommands(cfg.commands, teamPrograms(cfg, full, data));
    for (const r of data.rules ?? []) {
      if (builtinIds.has(r.id)) {
        cfg.errors.push({ file: full, message: `rules: ${r.id} is a builtin rule id; give a team rule its own id` });
        continue;
      }
      // The same rule from the trusted and the current version of a file: once.
      const rk = `${full}\0${JSON.stringify(r)}`;
      if (seenRules.has(rk)) continue;
      seenRules.add(rk);
      cfg.rules.push({ ...r, pack: r.id.split('/')[0]!, source: full });
    }
    void from;
    return data;
  };

  if (teamFile) {
    cfg.teamFile = teamFile;
    cfg.teamRoot = path.dirname(teamFile);
    // The team files are countersign's own: an edit that weakens them waits for `countersign trust`
    // anyway, but a line that empties, removes or rewrites them is an attempt on the guard itself.
    cfg.protectedPaths.push({ path: teamFile, kind: 'exact', source: SELF }, { path: path.join(cfg.teamRoot, '.countersign'), kind: 'subtree', source: SELF });
    const team = addFile(teamFile, 'team', 'team');
    // .countersign/*.yaml beside the team file are part of it.
    const extra = path.join(cfg.teamRoot, '.countersign');
    if (existsSync(extra) && statSync(extra).isDirectory()) {
      for (const f of readdirSync(extra).filter((f) => /\.ya?ml$/.test(f)).sort()) addFile(path.join(extra, f), 'pack', teamFile);
    }
    if (team) applyLayer(cfg, team, teamFile, false, ctx);
  }

  const tr = await trustedSnapshots(ctx, tc, cfg);
  if (tr.team) unionTrustedTeam(cfg, ctx, teamFile, tr.team, addFile);
  else if (teamFile || tc.trust.seen) await firstSeenTeam(cfg, ctx, tc, teamFile, addFile);
  // A project inside another that no one signed: the outer one's first-seen protection applies
  // too (a team file the agent writes in a subdirectory, then `cd` there, can't lift it).
  for (const f of tc.trust.outerSeen ?? []) {
    const outer = (trustMod ??= await import('./trust.js')).readSeen(f);
    if (outer) unionTrustedTeam(cfg, ctx, undefined, { ...outer, kind: 'team' } as unknown as Snapshot, addFile, false);
  }

  await loadUserLayer(cfg, ctx, userFile, tr.user, addPack, addFile, packs);
  return cfg;
}

// ---- trusted snapshots (src/rules/trust.ts) ----

type AddFile = (file: string, kind: 'team' | 'pack', from: string, texts?: Map<string, string>) => TeamFile | undefined;
type Snapshot = import('./trust.js').Snapshot;

/** The snapshots that apply here, checked against the approver key; problems become warnings. */
async function trustedSnapshots(ctx: LoadContext, tc: TrustCtx, cfg: Config): Promise<{ team?: Snapshot; user?: Snapshot }> {
  if (!tc.trust.team && !tc.trust.user) return {};
  const { readSnapshot } = (trustMod ??= await import('./trust.js'));
  let anchor: Promise<{ publicKey?: string; problem?: string }> | undefined;
  const getAnchor = () =>
    (anchor ??= import('../keys/index.js').then((k) => {
      const r = k.trustAnchor(ctx.env, ctx.home, tc.state, tc.systemFile ? { systemFile: tc.systemFile } : {});
      return { publicKey: r.anchor?.publicKey, problem: r.problem };
    }));
  const team = await readSnapshot(tc.trust.team, 'team', getAnchor);
  const user = await readSnapshot(tc.trust.user, 'user', getAnchor);
  for (const v of [team, user]) if (v.problem) cfg.warnings.push(`trust: ${v.problem}`);
  return { team: team.snapshot, user: user.snapshot };
}

const pending = (cfg: Config, items: string[]): void => {
  if (items.length) (cfg.pendingTrust ??= []).push(...items);
};

/** A team file that differs from its trusted snapshot (or is gone): the trusted files apply too. */
function unionTrustedTeam(cfg: Config, ctx: LoadContext, teamFile: string | undefined, snap: Snapshot, addFile: AddFile, note = true): void {
  const trust = trustMod!; // loaded by trustedSnapshots
  const here = teamFile && path.dirname(teamFile) === snap.id ? teamFile : undefined;
  const current = trust.currentTeamFiles(here);
  if (trust.sameFiles(snap.files, current)) return;
  const texts = new Map(snap.files.map((f) => [f.path, f.text]));
  const [main, ...extra] = snap.files;
  const envBefore = cfg.environments;
  const before = cfg.warnings.length;
  if (main) {
    const data = addFile(main.path, 'team', 'trusted', texts);
    for (const f of extra) addFile(f.path, 'pack', main.path, texts);
    if (data) {
      const { environments: trustedEnvs, ...rest } = data;
      applyLayer(cfg, rest, main.path, false, ctx);
      cfg.environments = trust.mergeEnvironments(trustedEnvs, envBefore);
    }
  }
  cfg.warnings.length = before; // the trusted file's own notes were shown when it was current
  const itemsOf = (files: Array<{ path: string; text: string }>) =>
    files.flatMap((f, i) => {
      const r = validateYaml(f.path, i === 0 ? 'team' : 'pack', f.text);
      return r.errors.length ? [] : trust.protectionItems(r.data as TeamFile, f.path, ctx.home, false);
    });
  const label = path.join(snap.id, TEAM_FILE);
  if (!here) {
    if (!note) return;
    pending(cfg, [`${label}: the trusted team file is ${existsSync(label) ? `not the one that applies here (${teamFile ?? 'none'} does)` : 'gone (deleted or moved)'}; its protection stays until \`countersign trust\``]);
    return;
  }
  pending(cfg, trust.diffItems(itemsOf(snap.files), itemsOf(current)).weakening.map((w) => `${label}: ${w}`));
}

/** A project no one has signed: the team files as first seen are the floor (trust on first use).
 *  Seen for the first time, they are recorded; changed so that they only add, the record follows;
 *  changed so that they weaken (a removed protected path, `git checkout other -- .countersign.yaml`,
 *  the file deleted), the first-seen protection stays too until `countersign trust`. */
async function firstSeenTeam(cfg: Config, ctx: LoadContext, tc: TrustCtx, teamFile: string | undefined, addFile: AddFile): Promise<void> {
  const trust = (trustMod ??= await import('./trust.js'));
  const seen = tc.trust.seen ? trust.readSeen(tc.trust.seen) : undefined;
  const here = teamFile && (!seen || path.dirname(teamFile) === seen.id) ? teamFile : undefined;
  let current: import('./trust.js').SnapshotFile[];
  try {
    current = trust.currentTeamFiles(here);
  } catch (e) {
    // A team file that is a FIFO or device (readfile.ts): a config error (its own reading made
    // one), with the first-seen floor kept.
    if (!cfg.errors.length) cfg.errors.push({ file: here ?? '', message: `can't read: ${(e as Error).message}` });
    if (seen) unionTrustedTeam(cfg, ctx, teamFile, { ...seen, kind: 'team' } as unknown as Snapshot, addFile);
    return;
  }
  if (!seen) {
    if (teamFile && !cfg.errors.length) trust.writeSeen(tc.state, path.dirname(teamFile), current);
    return;
  }
  if (trust.sameFiles(seen.files, current)) return;
  if (here && !cfg.errors.length && !trust.diffItems(itemsOfFiles(seen.files, ctx.home), itemsOfFiles(current, ctx.home)).weakening.length) {
    trust.writeSeen(tc.state, seen.id, current);
    return;
  }
  unionTrustedTeam(cfg, ctx, teamFile, { ...seen, kind: 'team' } as unknown as Snapshot, addFile);
}

function itemsOfFiles(files: Array<{ path: string; text: string }>, home: string): import('./trust.js').Item[] {
  return files.flatMap((f, i) => {
    const r = validateYaml(f.path, i === 0 ? 'team' : 'pack', f.text);
    return r.errors.length ? [] : trustMod!.protectionItems(r.data as TeamFile, f.path, home, false);
  });
}

let trustMod: typeof import('./trust.js') | undefined;

/** The user's own file. Its weakenings (disable:, relaxed thresholds, lowered severities, `ask`,
 *  `wait`, shell:, environments) count only as far as a signed snapshot has them too. */
async function loadUserLayer(
  cfg: Config,
  ctx: LoadContext,
  userFile: string | undefined,
  snap: Snapshot | undefined,
  addPack: (name: string, from: string) => void,
  addFile: AddFile,
  packs: Map<string, unknown>,
): Promise<void> {
  if (!userFile) return;
  if (snap && snap.id !== userFile) {
    cfg.warnings.push(`trust: the trusted user config is for ${snap.id}, not ${userFile}; ignored`);
    snap = undefined;
  }
  const exists = existsSync(userFile);
  if (!exists && !snap?.files.length) return; // none, or its deletion was signed
  let user: UserFile | undefined;
  if (exists) {
    cfg.userFile = userFile;
    const res = readYamlFile(userFile, 'user');
    cfg.sources.push(userFile);
    if (res.errors.length) {
      cfg.errors.push(...res.errors);
      return;
    }
    user = res.data as UserFile;
  }
  // Loaded only when there is something to compare: a plain user file costs no crypto.
  const trust = snap || (user && hasWeakening(user, cfg.machine)) ? (trustMod ??= await import('./trust.js')) : undefined;
  const trustedText = snap?.files[0]?.text;
  const signed = !!snap && exists && trust!.sameFiles(snap.files, trust!.currentUserFiles(userFile));
  let trustedUser: UserFile | undefined;
  if (trustedText !== undefined && !signed) {
    const r = validateYaml(userFile, 'user', trustedText);
    if (r.errors.length) cfg.warnings.push(`trust: the trusted user config no longer loads (${formatError(r.errors[0]!)}); ignored`);
    else trustedUser = r.data as UserFile;
  }
  const additions = (u: UserFile): void => {
    for (const e of u.extends ?? []) {
      if (packs.has(e)) addPack(e, userFile);
      else addFile(path.resolve(path.dirname(userFile), e), 'pack', userFile);
    }
    mergeCommands(cfg.commands, teamPrograms(cfg, userFile, u));
    for (const r of u.rules ?? []) {
      if (!cfg.rules.some((x) => x.id === r.id && x.source === userFile && JSON.stringify({ ...x, pack: undefined, source: undefined }) === JSON.stringify({ ...r, pack: undefined, source: undefined }))) cfg.rules.push({ ...r, pack: r.id.split('/')[0]!, source: userFile });
    }
  };
  if (user) additions(user);
  if (!trust || (user && signed)) {
    // Signed as it is, or never signed and nothing in it weakens: the file applies in full.
    if (user) await applyUserWeakening(cfg, user, userFile, ctx);
    return;
  }
  // Not signed as it is: the current and the trusted versions add protection; weakenings apply
  // only where both have them, at the stricter of the two.
  if (trustedUser) additions(trustedUser);
  const before = cfg.warnings.length;
  const envBefore = cfg.environments;
  for (const u of [user, trustedUser]) if (u) applyLayer(cfg, { ...u, environments: undefined, disable: undefined, shell: undefined } as never, userFile, false, ctx);
  cfg.warnings.length = before;
  if (envBefore === undefined && (user?.environments !== undefined || trustedUser?.environments !== undefined)) cfg.environments = trust.mergeEnvironments(trustedUser?.environments, user?.environments);
  if (user) await applyUserWeakening(cfg, { ...trust.bothWeakenings(user, trustedUser), environments: undefined } as UserFile, userFile, ctx);
  const items = (u: UserFile | undefined) => trust.protectionItems(u as never, userFile, ctx.home, true);
  const what = user ? trust.diffItems(items(trustedUser), items(user)).weakening : [`deleted (its protection stays until \`countersign trust\`)`];
  pending(cfg, what.map((w) => `${userFile}: ${w}`));
}

/** Keys that only the user's own (trusted) file may use to weaken. A `machine:` entry weakens
 *  when it is less strict than one the team files name (`workstation` on a host they call production). */
function hasWeakening(u: UserFile, team: MachineEntry[] | undefined): boolean {
  const p = u.policy;
  return !!(
    (u.machine ?? []).some((m) => (team ?? []).some((t) => strictness(t.environment) > strictness(m.environment))) ||
    u.disable?.length || u.shell || u.severity || p?.['confirm-at'] || Object.values(p?.environments ?? {}).some((e) => e['confirm-at']) ||
    u.environments !== undefined || u.confirm?.hooks === 'ask' || u.confirm?.ci === 'wait'
  );
}

async function applyUserWeakening(cfg: Config, user: UserFile, userFile: string, ctx: LoadContext): Promise<void> {
  applyLayer(cfg, user, userFile, true, ctx);
  if (user.shell) cfg.shell = user.shell;
  if (user.disable?.length) {
    const pm = (await import('picomatch')).default;
    const off = pm(user.disable);
    cfg.rules = cfg.rules.filter((r) => !off(r.id));
  }
}

function mergeCommands(into: Record<string, CommandSpec>, add: Record<string, CommandSpec> | undefined): void {
  for (const [name, spec] of Object.entries(add ?? {})) into[name] = into[name] ? mergeProgram(into[name], spec) : { ...spec };
}

let knownNames: { exact: Set<string>; globs: RegExp[] } | undefined;

/** Programs the builtin registry or a builtin pack knows (its rules watch them, or read their options). */
function isKnownProgram(name: string): boolean {
  if (!knownNames) {
    const exact = new Set<string>();
    const globs: RegExp[] = [];
    const add = (n: string) => (/[*?[{]/.test(n) ? globs.push(globRegex(n)) : exact.add(n.toLowerCase()));
    for (const [k, spec] of Object.entries(BUILTIN)) [k, ...(spec.aliases ?? [])].forEach(add);
    const names = (m: MatchSpec | undefined): void => {
      if (!m) return;
      for (const c of typeof m.command === 'string' ? [m.command] : (m.command ?? [])) add(c);
      names(m.not);
      m['any-of']?.forEach(names);
    };
    for (const { file } of builtinPacks().values()) {
      for (const [k, spec] of Object.entries(file.commands ?? {})) [k, ...(spec.aliases ?? [])].forEach(add);
      for (const r of file.rules ?? []) names(r.match);
    }
    knownNames = { exact, globs };
  }
  const n = name.toLowerCase();
  return knownNames.exact.has(n) || knownNames.globs.some((g) => g.test(n));
}

function globRegex(p: string): RegExp {
  const esc = p.toLowerCase().replace(/[.+^$()|\\[\]{}*?]/g, '\\$&');
  return new RegExp(`^${esc.replace(/\\\*/g, '.*').replace(/\\\?/g, '.').replace(/\\\{([^\\]*)\\\}/g, (_, a: string) => `(${a.split(',').join('|')})`)}$`);
}

/** A team or user file's `programs:` and `commands:`. Protection only grows without a person: an
 *  entry for a program the builtin registry or packs know may only add names (aliases) to it; its
 *  option grammar, wrapping and target stay the builtin ones (a value option declared for
 *  `rm -r` would hide `data` from the rules; a wrapper declared for rm would peel rm away). An
 *  alias that is a known program's name is dropped for the same reason. */
function teamPrograms(cfg: Config, file: string, data: { commands?: Record<string, CommandSpec>; programs?: Record<string, CommandSpec> }): Record<string, CommandSpec> {
  const out: Record<string, CommandSpec> = table();
  for (const [key, entries] of [['programs', data.programs], ['commands', data.commands]] as const) {
    for (const [name, spec] of Object.entries(entries ?? {})) {
      // A pattern (allowed by the pack schema that .countersign/*.yaml use) would reach every program.
      if (/[*?[\]{}]/.test(name)) {
        cfg.warnings.push(`${file}: ${key}.${name}: a team or user entry names one program, not a pattern; ignored`);
        continue;
      }
      const aliases = (spec.aliases ?? []).filter((a) => {
        if (!isKnownProgram(a)) return true;
        cfg.warnings.push(`${file}: ${key}.${name}.aliases: ${a} is a program countersign already knows; an alias can't give it another program's options, so it is ignored`);
        return false;
      });
      let entry: CommandSpec = { ...spec, ...(spec.aliases ? { aliases } : {}) };
      if (isKnownProgram(name)) {
        const changed = Object.keys(spec).filter((k) => k !== 'aliases');
        if (changed.length) cfg.warnings.push(`${file}: ${key}.${name}: ${changed.join(', ')} ignored: ${name} is a program countersign's rules already read, and how they read it can only be changed in a builtin pack (a team or user entry may add aliases)`);
        entry = spec.aliases ? { aliases } : {};
      }
      // Its own options may come before the subcommand that wraps (`ourctl --cluster eu run -- cmd`).
      if (entry.wraps?.sub && entry['value-options']) entry = { ...entry, wraps: { ...entry.wraps, globalWithArg: [...new Set([...(entry.wraps.globalWithArg ?? []), ...entry['value-options']])] } };
      out[name] = out[name] ? mergeProgram(out[name], entry) : entry;
    }
  }
  return out;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Team and user layers. `trusted` (the user's own file) may weaken; the team file may not. */
function applyLayer(cfg: Config, layer: TeamFile & Partial<UserFile>, file: string, trusted: boolean, ctx: LoadContext): void {
  const base = path.dirname(file);
  for (const p of layer['protected-paths'] ?? []) cfg.protectedPaths.push({ path: expandPath(p, base, ctx.home), kind: 'subtree', source: file });
  if (layer.environments !== undefined) {
    if (trusted && cfg.environments !== undefined) cfg.warnings.push(`${file}: environments from the team file take precedence; the user file's are ignored`);
    else cfg.environments ??= layer.environments;
  }
  if (layer.machine) cfg.machine = [...(cfg.machine ?? []), ...layer.machine.map((m) => ({ ...m, source: file, user: trusted }))];
  for (const [id, sev] of Object.entries(layer.severity ?? {})) {
    const rules = cfg.rules.filter((r) => r.id === id);
    if (!rules.length) cfg.warnings.push(`${file}: severity: no rule ${id}`);
    for (const r of rules) {
      if (trusted || rank(sev) >= rank(r.severity)) r.severity = sev;
      else cfg.warnings.push(`${file}: severity of ${id} can only be raised here (lowering is honoured only from your own config)`);
    }
  }
  const pol = layer.policy;
  if (pol) {
    const at = pol['confirm-at'];
    if (at) {
      if (trusted || rank(at) <= rank(cfg.policy['confirm-at'])) cfg.policy['confirm-at'] = at;
      else cfg.warnings.push(`${file}: policy.confirm-at: ${at} is weaker than ${cfg.policy['confirm-at']}, so it is ignored: a team file can only make it stricter; ${userOnly(ctx)}`);
    }
    if (pol.deny) cfg.policy.deny = [...(cfg.policy.deny ?? []), ...pol.deny];
    for (const [env, ep] of Object.entries(pol.environments ?? {})) {
      const cur = ((cfg.policy.environments ??= {})[env] ??= {});
      if (ep.deny) cur.deny = [...(cur.deny ?? []), ...ep.deny];
      if (ep['confirm-at']) {
        if (trusted) Object.assign(cur, { 'confirm-at': ep['confirm-at'], userSet: true });
        else if (!cur['confirm-at'] || rank(ep['confirm-at']) <= rank(cur['confirm-at'])) cur['confirm-at'] = ep['confirm-at'];
        // policy.decideOne never lets a team threshold relax the default: say so here.
        if (!trusted && rank(ep['confirm-at']) > rank(cfg.policy['confirm-at'])) {
          cfg.warnings.push(`${file}: policy.environments.${env}.confirm-at: ${ep['confirm-at']} is weaker than ${cfg.policy['confirm-at']}, so it is ignored: a team file can only make it stricter; ${userOnly(ctx)}`);
        }
      }
    }
  }
  if (layer.confirm) {
    const c = layer.confirm;
    // `ask` hands the decision to the agent's own dialog: weaker, so only the user may choose it.
    if (c.hooks === 'typed' || (c.hooks === 'ask' && trusted)) cfg.confirm.hooks = c.hooks;
    else if (c.hooks) cfg.warnings.push(`${file}: confirm.hooks: ask is honoured only from your own config`);
    // 'always' only adds a passphrase: any file may ask for it; only your own may drop it again.
    if (c.passphrase === 'always' || (c.passphrase === 'auto' && trusted)) cfg.confirm.passphrase = c.passphrase;
    if (c['unlock-minutes'] !== undefined && (trusted || c['unlock-minutes'] < (cfg.confirm['unlock-minutes'] ?? 15))) cfg.confirm['unlock-minutes'] = c['unlock-minutes'];
    if (c.timeout !== undefined) cfg.confirm.timeout = c.timeout;
    if (c['approval-timeout'] !== undefined) cfg.confirm['approval-timeout'] = c['approval-timeout'];
    if (c.ci) {
      if (trusted || c.ci === 'decline') cfg.confirm.ci = c.ci;
      else cfg.warnings.push(`${file}: confirm.ci: wait is honoured only from your own config`);
    }
  }
  for (const key of ['disable', 'shell'] as const) {
    if (!trusted && layer[key] !== undefined) cfg.warnings.push(`${file}: ${key}: is ignored here: ${key} is only honoured in your user config (${userConfigShown(ctx)})`);
  }
}

function userConfigShown(ctx: LoadContext): string {
  const f = userConfigFile(ctx.env, ctx.home);
  return f.startsWith(ctx.home + path.sep) ? `~/${path.relative(ctx.home, f)}` : f;
}

const userOnly = (ctx: LoadContext) => `a weaker threshold is only honoured in your user config (${userConfigShown(ctx)})`;

export function expandPath(p: string, base: string, home: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(home, p.slice(1));
  if (p.startsWith('$HOME')) return path.join(home, p.slice(5));
  return path.resolve(base, p);
}

/** Dangerous roots that are always protected. */
/** The source tag of countersign's own directories among the protected paths. */
export const SELF = 'countersign';

/** countersign's own config and state (approvals, audit log, marks): an agent that could write
 *  there could approve its own commands. */
export function selfProtected(env: LoadContext['env'], home: string): ProtectedPath[] {
  const state = stateDir(env, home);
  const config = configDir(env, home);
  // The program's own files are protected like any protected path (rm, mv, cp, redirects onto
  // them pause); naming them, as running countersign by path does, is no write.
  return [
    ...[state, config, '/etc/countersign', '/Library/Application Support/countersign'].map((p) => ({ path: p, kind: 'subtree' as const, source: SELF })),
    { path: installRoot(), kind: 'subtree' as const, source: 'countersign (program)' },
    ...agentGuards(env, home),
  ];
}

/** The agents' own files that run countersign: their hook settings (an agent that rewrites them
 *  works unguarded from its next session) and Claude Code's shell snapshots (sourced before every
 *  command it runs: a PATH or function planted there changes what an approved command runs).
 *  The project's copies are added per repository (paths.ts withRepository); so are the MCP
 *  servers they start (an MCP tool runs outside every shell hook): Cursor's .cursor/mcp.json,
 *  Claude Code's and Copilot's .mcp.json, VS Code's .vscode/mcp.json (red team 26x). VS Code's
 *  terminal profile is not among them: its settings file is edited for everything else too. */
export const AGENT_PROJECT_FILES = ['.claude/settings.json', '.claude/settings.local.json', '.cursor/hooks.json', '.cursor/mcp.json', '.codex/hooks.json', '.codex/config.toml', '.gemini/settings.json', '.mcp.json', '.vscode/mcp.json'];
function agentGuards(env: LoadContext['env'], home: string): ProtectedPath[] {
  const codex = env['CODEX_HOME'] || path.join(home, '.codex');
  const files = [
    // ~/.claude.json holds Claude Code's user and local MCP servers and each project's allowed
    // tools; Cursor's mcp.json its MCP servers: programs the agent would call outside every hook.
    ...['.claude/settings.json', '.claude.json', '.cursor/hooks.json', '.cursor/mcp.json', '.gemini/settings.json', '.gemini/trustedFolders.json'].map((f) => path.join(home, f)),
    path.join(codex, 'hooks.json'), path.join(codex, 'config.toml'),
    // VS Code's user MCP servers (its agents' tools), Copilot's (red team 26x).
    ...['.config/Code/User/mcp.json', '.config/Code - Insiders/User/mcp.json', 'Library/Application Support/Code/User/mcp.json', 'Library/Application Support/Code - Insiders/User/mcp.json', '.copilot/mcp-config.json'].map((f) => path.join(home, f)),
    ...(env['COPILOT_HOME'] ? [path.join(env['COPILOT_HOME'], 'mcp-config.json')] : []),
  ];
  return [
    ...files.map((p) => ({ path: p, kind: 'exact' as const, source: SELF })),
    { path: path.join(home, '.claude', 'shell-snapshots'), kind: 'subtree' as const, source: SELF },
    // Gemini CLI loads every extension here (its MCP servers and hooks) at its next start: what
    // `gemini extensions install` (agents/agent-extension-added) writes, written by hand.
    { path: path.join(home, '.gemini', 'extensions'), kind: 'subtree' as const, source: SELF },
    // Claude Code's installed plugins (their hooks, commands, skills, MCP servers and scripts),
    // run from here by its next session once enabled (red team 27x): what `claude plugin
    // install` (agents/agent-extension-added) writes, rewritten by hand.
    { path: path.join(home, '.claude', 'plugins'), kind: 'subtree' as const, source: SELF },
  ];
}

/** The names countersign is started by: `countersign` (the agents' hooks and terminal profiles
 *  call it by that name) and `node` (bin/countersign is `#!/usr/bin/env node`). A file of either
 *  name written into a directory on PATH can run ahead of the real one: the agent's own program
 *  would then answer every hook, or run the approver pane where the person types the passphrase. */
export const LAUNCH_NAMES = ['countersign', 'node'];
export const LAUNCHER = 'countersign (launcher)';
/** The source of a PATH directory's shadow guard (ProtectedPath.shadows). */
export const PATH_SHADOW = 'a program on PATH';
const shadowMemo = new WeakMap<ProtectedPath[], Map<string, ProtectedPath[]>>();
/** Startup files whose PATH a person's next terminal gets (where `countersign approver` runs). */
const STARTUP = ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.zshrc', '.zshenv', '.zprofile', '.zlogin', '.config/fish/config.fish'];
/** Absolute directories a shell startup file in this home puts on PATH (`export PATH=~/x:$PATH`,
 *  zsh `path=(~/x $path)`, fish `fish_add_path`/`set -gx PATH`): the person's next terminal
 *  looks there first. Read by pattern, over-inclusive on purpose (only two names per directory). */
export function startupPathDirs(home: string): string[] {
  const out: string[] = [];
  for (const f of STARTUP) {
    let text: string;
    try {
      text = readRegularText(path.join(home, f), 1024 * 1024);
    } catch {
      continue;
    }
    for (const m of text.matchAll(/(?:\bPATH\b\s*\+?=|\bpath\s*\+?=\s*\(|fish_add_path|set\s+(?:-[a-zA-Z]+\s+)*PATH)([^\n;&|#]*)/g)) {
      for (const w of m[1]!.split(/[:\s"'()]+/)) {
        const d = w.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, home);
        if (path.isAbsolute(d) && !d.includes('$')) out.push(path.resolve(d));
      }
    }
  }
  return out;
}

/** protectedPaths plus `DIR/countersign` and `DIR/node` for every absolute directory on PATH,
 *  and on the PATH the home's shell startup files set. */
export function withPathShadows(protectedPaths: ProtectedPath[], PATH: string | undefined, home?: string): ProtectedPath[] {
  const key = `${PATH ?? ''}\0${home ?? ''}`;
  let per = shadowMemo.get(protectedPaths);
  if (!per) shadowMemo.set(protectedPaths, (per = new Map()));
  const hit = per.get(key);
  if (hit) return hit;
  const dirs = [...new Set([...(PATH ?? '').split(':').filter((d) => path.isAbsolute(d)).map((d) => path.resolve(d)), ...(home ? startupPathDirs(home) : [])])];
  // Not SELF: running countersign or node by its path names it, and is no write (`timeout 5
  // /usr/local/bin/countersign approver`); writing, copying or linking over it is.
  const out = [...protectedPaths, ...dirs.flatMap((d) => LAUNCH_NAMES.map((n) => ({ path: path.join(d, n), kind: 'exact' as const, source: LAUNCHER, only: true })))];
  // A directory of the person's own on PATH ahead of others (~/.local/bin, ~/bin): a program put
  // there under the name of one found later (`cp evil.sh ~/.local/bin/ls`) runs in its place on
  // every later `ls`, which is judged as the system's: writing it is the finding.
  const envDirs = (PATH ?? '').split(':').filter((d) => path.isAbsolute(d)).map((d) => path.resolve(d));
  if (home) {
    for (const d of dirs) {
      if (!d.startsWith(home + '/')) continue;
      const i = envDirs.indexOf(d);
      const later = (i >= 0 ? envDirs.slice(i + 1) : envDirs).filter((x) => x !== d);
      if (later.length) out.push({ path: d, kind: 'exact' as const, source: PATH_SHADOW, only: true, shadows: later });
    }
  }
  if (per.size > 16) per.clear();
  per.set(key, out);
  return out;
}

/** The installed package (bin/, dist/, rulesets/): replacing its files replaces the guard. */
function installRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/rules/ when run from source, dist/ when bundled.
  return existsSync(path.join(here, '..', 'package.json')) ? path.resolve(here, '..') : path.resolve(here, '..', '..');
}

/** Directories under the home that hold a person's credentials and tool logins (keys, tokens,
 *  cluster and registry configs): deleting or overwriting one is not production data lost, but
 *  a person's access, so it pauses like ~/.ssh. ~/.config holds gh, gcloud, doctl and more. */
export const CREDENTIAL_DIRS = ['.ssh', '.aws', '.kube', '.config', '.gnupg', '.azure', '.railway', '.supabase', '.oci', '.password-store', '.local/share/keyrings'];
/** Tool directories that also hold caches and plugins people clear (`rm -rf ~/.docker/buildx`,
 *  `~/.terraform.d/plugin-cache`, `~/.pulumi/plugins`): the directory itself and its
 *  credentials file pause, the rest doesn't. */
export const CREDENTIAL_FILES: Record<string, string[]> = table({
  '.docker': ['config.json'],
  '.terraform.d': ['credentials.tfrc.json'],
  '.pulumi': ['credentials.json'],
  '.fly': ['config.yml'],
});

export function builtinProtected(home: string): ProtectedPath[] {
  // Mounted drives as a whole: WSL's Windows drives (/mnt/c), removable and external disks.
  const mounts = ['/mnt/*', '/media/*', '/media/*/*', '/run/media/*/*', '/Volumes/*', '/mnt/*/Users', '/mnt/*/Users/*'];
  // /var/log as a whole (`rm -rf /var/log/*` to free disk space: every service's logs and the audit
  // trail); one log file or a service's rotated ones stay everyday.
  // A person's own folders as a whole (`rm -rf ~/Documents/*` to free disk space); a file in one
  // stays everyday. Not Desktop: installers and builds are moved there and deleted again.
  const personal = ['Documents', 'Pictures', 'Music', 'Movies', 'Videos'].map((d) => path.join(home, d));
  const exact = ['/', '/*', home, '/home/*', '/Users/*', '/root', '/var/log', ...personal, ...mounts, ...Object.entries(CREDENTIAL_FILES).flatMap(([d, fs]) => [path.join(home, d), ...fs.map((f) => path.join(home, d, f))])];
  const subtree = [
    '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/boot', '/sys', '/proc', '/var/lib', '/var/backups', '/opt',
    '/System', '/Library', '/Applications', '/private/etc', '/private/var/db',
    '/mnt/*/Windows', '/mnt/*/Program Files', '/mnt/*/Program Files (x86)', '/mnt/*/ProgramData',
    ...CREDENTIAL_DIRS.map((d) => path.join(home, d)),
    // Everyone's on this machine too (`rm -rf /home/*/.ssh`, another user's keys over sudo).
    ...CREDENTIAL_DIRS.flatMap((d) => ['/home/*', '/Users/*', '/root'].map((h) => path.join(h, d))),
    '/dev/sd*', '/dev/hd*', '/dev/vd*', '/dev/xvd*', '/dev/nvme*', '/dev/mmcblk*', '/dev/disk*', '/dev/rdisk*', '/dev/mapper/*', '/dev/md*', '/dev/dm-*', '/dev/loop*',
  ];
  return [
    ...exact.map((p) => ({ path: p, kind: 'exact' as const, source: 'builtin' })),
    ...subtree.map((p) => ({ path: p, kind: 'subtree' as const, source: 'builtin' })),
  ];
}
