// Prisma: the schema's datasource names a variable (usually DATABASE_URL); Prisma loads .env from
// the project root and from next to the schema (the first of: --schema's folder, package.json's
// prisma.schema folder, ./prisma, .), and refuses to run when both define the same variable.
import { dirname, join } from 'node:path';
import { isDir, isFile, listDir, readJson, readText } from '../cache.js';
import { lookupEnv, readDotenv, runnerEnvFiles, type EnvFiles, type EnvHit } from '../dotenv.js';
import { absPath, findUp, showPath } from '../paths.js';
import { dynamicNote, flag, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { redactUrl } from '../url.js';
import { fromUrl, unknown } from './common.js';

const PRISMA_CONFIGS = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs', '.config/prisma.ts'];

interface Datasource {
  provider?: string;
  url?: { env?: string; literal?: string };
  directUrl?: { env?: string; literal?: string };
  file: string;
}

/** Where the project's files are, as Prisma finds them. */
interface PrismaFiles {
  schemaPath: string | undefined;
  /** --schema was given. */
  schemaFlag: boolean;
  pkgDir: string | undefined;
  pkgSchema: string | undefined;
  config: string | undefined;
}

export function prisma(run: Run): Candidate[] {
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('prisma', ['the working directory can\'t be known, so neither the schema nor its .env can be found'])];
  const urlFlag = flag(run.args, ['--url', '--to-url', '--from-url']);
  if (urlFlag) {
    if (urlFlag.dynamic) return [unknown('prisma', [dynamicNote(urlFlag.flag)])];
    return [fromUrl(urlFlag.value, [`${urlFlag.flag} ${redactUrl(urlFlag.value)} (flag)`], run, cwd)];
  }
  const pf = prismaFiles(run, cwd);
  const ev: string[] = [];
  const ds = pf.schemaPath ? readDatasource(pf.schemaPath) : undefined;
  if (pf.schemaPath) ev.push(`schema ${showPath(pf.schemaPath, run.ctx, cwd)}`);
  const envFiles = prismaEnvFiles(run, cwd, pf, ev);
  let guessed = Boolean(pf.config);
  const runner = runnerEnvFiles(run);

  const urlRef = ds?.directUrl ?? ds?.url;
  if (ds?.directUrl) ev.push('the datasource has a directUrl, which Prisma\'s CLI uses');
  if (urlRef?.literal) return [fromUrl(urlRef.literal, [...ev, `url ${redactUrl(urlRef.literal)} in the schema`], run, dirname(ds?.file ?? cwd), { guessed })];
  let varName = urlRef?.env;
  if (!varName) {
    varName = 'DATABASE_URL';
    guessed = true;
    ev.push(ds ? 'the schema names no url (set in prisma.config): assuming DATABASE_URL' : 'no Prisma schema found: assuming DATABASE_URL');
  }
  if (runner) {
    const hit = lookupEnv(run, varName, runner);
    if (hit?.file) return [hitCandidate(hit, run, ev, ds, guessed)];
  }
  const hit = lookupEnv(run, varName, envFiles);
  if (!hit) return [{ ...unknown('prisma', [...ev, `${varName} is not set in the environment or in any .env that prisma loads`]), unset: true }];
  if (!pf.config) {
    const both = conflict(run, cwd, varName, hit, envFiles, ev, ds, guessed);
    if (both) return both;
  }
  return [hitCandidate(hit, run, ev, ds, guessed)];
}

function prismaFiles(run: Run, cwd: string): PrismaFiles {
  const a = run.args;
  const schemaFlag = flag(a, ['--schema']);
  const pkgDir = findUp(cwd, (d) => isFile(join(d, 'package.json')) && (readJson(join(d, 'package.json')) as { name?: string } | undefined)?.name !== '.prisma/client');
  const pkgSchema = (() => {
    const pkg = readJson(join(cwd, 'package.json')) as { prisma?: { schema?: unknown } } | undefined;
    const s = pkg?.prisma?.schema;
    return typeof s === 'string' ? join(cwd, s) : undefined;
  })();
  const configFlag = flag(a, ['--config']);
  const config = configFlag ? absPath(configFlag.value, cwd, run.ctx.home) : PRISMA_CONFIGS.map((f) => join(cwd, f)).find(isFile);
  const schemaPath = schemaFlag ? absPath(schemaFlag.value, cwd, run.ctx.home) : pkgSchema ?? [join(cwd, 'prisma', 'schema.prisma'), join(cwd, 'schema.prisma'), join(cwd, 'prisma', 'schema')].find((p) => isFile(p) || isDir(p));
  return { schemaPath, schemaFlag: schemaFlag !== undefined, pkgDir, pkgSchema, config };
}

/** .env files, as Prisma picks them. */
function prismaEnvFiles(run: Run, cwd: string, pf: PrismaFiles, ev: string[]): EnvFiles {
  if (pf.config) {
    // With a config file, the config (code) loads variables; Prisma no longer reads .env itself.
    // `import 'dotenv/config'` is the usual line, which loads ./.env.
    ev.push(`${showPath(pf.config, run.ctx, cwd)} is code: assuming it loads .env as dotenv/config does`);
    return { files: [join(cwd, '.env')], loader: 'dotenv in the prisma config (assumed)' };
  }
  const root = pf.pkgDir ? join(pf.pkgDir, '.env') : undefined;
  const schemaEnvCandidates = [
    pf.schemaFlag && pf.schemaPath ? join(dirname(pf.schemaPath), '.env') : undefined,
    pf.pkgSchema ? join(dirname(pf.pkgSchema), '.env') : undefined,
    join(cwd, 'prisma', '.env'),
    join(cwd, '.env'),
  ];
  const schemaEnv = schemaEnvCandidates.find((p) => p !== undefined && isFile(p));
  const files = [root, schemaEnv].filter((p): p is string => p !== undefined && isFile(p));
  return { files: [...new Set(files)], loader: 'prisma' };
}

// Both files define it: Prisma stops with "There is a conflict between env vars".
function conflict(run: Run, cwd: string, varName: string, hit: EnvHit, envFiles: EnvFiles, ev: string[], ds: Datasource | undefined, guessed: boolean): Candidate[] | undefined {
  if (!hit.file || envFiles.files.length !== 2) return undefined;
  const other = envFiles.files.find((f) => f !== hit.file);
  const otherEntry = other ? readDotenv(other)?.get(varName) : undefined;
  if (!other || !otherEntry) return undefined;
  const note = `${varName} is in both ${envFiles.files.map((f) => showPath(f, run.ctx, cwd)).join(' and ')}: prisma refuses to run on the conflict`;
  const second = lookupEnv(run, varName, { ...envFiles, files: [other] });
  return [hitCandidate(hit, run, [...ev, note], ds, guessed), ...(second ? [hitCandidate(second, run, [...ev, note], ds, guessed)] : [])];
}

function hitCandidate(hit: EnvHit, run: Run, ev: string[], ds: Datasource | undefined, guessed: boolean): Candidate {
  if (hit.dynamic) return unknown('database', [...ev, dynamicNote(hit.evidence)]);
  const base = ds?.provider === 'sqlite' && ds.file ? dirname(ds.file) : run.cwd;
  return fromUrl(hit.value, [...ev, hit.evidence], run, base, { guessed });
}

function readDatasource(schemaPath: string): Datasource | undefined {
  const files = isDir(schemaPath)
    ? listDir(schemaPath).filter((f) => f.endsWith('.prisma')).map((f) => join(schemaPath, f))
    : [schemaPath];
  for (const file of files) {
    const text = readText(file);
    if (!text) continue;
    // Drop // comments but not the // inside a quoted URL.
    const code = text.replace(/("(?:[^"\\\n]|\\.)*")|\/\/.*$/gm, (_m, str: string | undefined) => str ?? '');
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(code);
    if (!block) continue;
    const body = block[1] ?? '';
    const field = (name: string): { env?: string; literal?: string } | undefined => {
      const m = new RegExp(`^\\s*${name}\\s*=\\s*(?:env\\(\\s*"([^"]+)"\\s*\\)|"([^"]*)")`, 'm').exec(body);
      if (!m) return undefined;
      return m[1] !== undefined ? { env: m[1] } : { literal: m[2] ?? '' };
    };
    const provider = /^\s*provider\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    return { provider, url: field('url'), directUrl: field('directUrl'), file };
  }
  return undefined;
}
