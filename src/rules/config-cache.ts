// The compiled-config cache. Parsing YAML costs tens of milliseconds per shell invocation, so the
// compiled config is kept as JSON keyed by the identity (path, size, mtime, inode) of every file it
// was built from; each of those is checked again on use, so an edited, added or removed file is
// read afresh. No dependencies beyond node: the CommonJS fast path (src/fast.ts) reads it too.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CACHE_VERSION = 1;

export const TEAM_FILE = '.countersign.yaml';

/** The team file: .countersign.yaml in this directory or the nearest parent that has one. */
export function findTeamFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const f = path.join(dir, TEAM_FILE);
    if (existsSync(f)) return f;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function userConfigFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const base = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(base, 'countersign', 'config.yaml');
}

export function fileId(p: string): string {
  try {
    const st = statSync(p);
    return `${p}:${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return `${p}:absent`;
  }
}

/** `builtin` identifies the builtin packs (fileId of dist/rulesets.json, or of each pack file). */
export function cacheFileName(dir: string, builtin: string, teamFile: string | undefined, userFile: string | undefined, home: string): string {
  const parts = [String(CACHE_VERSION), builtin, teamFile ? fileId(teamFile) : '-', teamFile ? fileId(path.join(path.dirname(teamFile), '.countersign')) : '-', userFile ? fileId(userFile) : '-', home];
  return path.join(dir, 'cache', `config-${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24)}.json`);
}

export function readConfigCache<T>(file: string): T | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version: number; sources: string[]; config: T };
    if (data.version !== CACHE_VERSION) return undefined;
    for (const s of data.sources) if (fileId(s.slice(0, s.indexOf(':'))) !== s) return undefined;
    return data.config;
  } catch {
    return undefined;
  }
}

export function writeConfigCache(file: string, cfg: { sources: string[] }, teamRoot: string | undefined): void {
  try {
    const sources = [...new Set([...cfg.sources, ...teamFiles(teamRoot)])].map(fileId);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, sources, config: cfg }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* a cache is optional */
  }
}

function teamFiles(teamRoot: string | undefined): string[] {
  if (!teamRoot) return [];
  const d = path.join(teamRoot, '.countersign');
  try {
    return readdirSync(d).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(d, f));
  } catch {
    return [];
  }
}
