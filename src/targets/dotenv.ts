// .env files, read the way the tool that loads them reads them. Which files a tool loads, and in
// which order, differs per tool and is the usual source of "it connected to the wrong database".
import { join } from 'node:path';
import { memo, readJson, readText } from './cache.js';
import { absPath, showPath } from './paths.js';
import { bunEnvFiles, getVar, type Run } from './run.js';
import { parseDotenv, type DotenvEntry as Entry } from '../parse/index.js';
import { table } from '../own.js';

export { parseDotenv };

export function readDotenv(path: string): Map<string, Entry> | undefined {
  return memo(`dotenv:${path}`, () => {
    const text = readText(path);
    return text === undefined ? undefined : parseDotenv(text);
  });
}

export interface EnvHit {
  value: string;
  /** Human: `DATABASE_URL in prisma/.env (loaded by prisma)` or `DATABASE_URL=... (environment)`. */
  evidence: string;
  /** The file it came from, when it came from one. */
  file?: string;
  dynamic: boolean;
}

export interface EnvFiles {
  /** Absolute paths, highest priority first. */
  files: string[];
  /** Who loads them, for evidence: `prisma`, `Next.js`, `dotenv-cli`. */
  loader: string;
  /** Files override the process environment (dotenv -o); normally the environment wins. */
  override?: boolean;
  /** `${VAR}` references are expanded (dotenv-expand); node --env-file does not expand. */
  expand?: boolean;
}

/**
 * A variable as the tool sees it: a prefix or the process environment first (every loader we
 * know leaves set variables alone), then the files in priority order.
 */
export function lookupEnv(run: Run, name: string, files?: EnvFiles): EnvHit | undefined {
  const fromFiles = (): EnvHit | undefined => {
    if (!files) return undefined;
    for (const file of files.files) {
      const entry = readDotenv(file)?.get(name);
      if (!entry) continue;
      const value = files.expand === false || entry.literal ? entry.value : expand(entry.value, run, files);
      return {
        value,
        evidence: `${name} in ${showPath(file, run.ctx, run.cwd)} (loaded by ${files.loader})`,
        file,
        dynamic: false,
      };
    }
    return undefined;
  };
  if (files?.override) {
    const pre = run.assign.get(name);
    if (pre) return { value: pre.value, evidence: `${name} (prefix)`, dynamic: pre.dynamic };
    const hit = fromFiles();
    if (hit) return hit;
  }
  const v = getVar(run, name);
  if (v) return { value: v.value, evidence: `${name} (${v.from})`, dynamic: v.dynamic };
  return fromFiles();
}

/** Names of every variable defined in any of the files, or set for the command. */
export function envNames(run: Run, files?: EnvFiles): string[] {
  const names = new Set<string>([...run.assign.keys(), ...Object.keys(run.inv.vars)]);
  for (const [k, v] of Object.entries(run.ctx.env)) if (v !== undefined) names.add(k);
  for (const f of files?.files ?? []) for (const k of readDotenv(f)?.keys() ?? []) names.add(k);
  return [...names];
}

// dotenv-expand: ${NAME}, ${NAME:-default}, $NAME; the environment first, then the files.
function expand(value: string, run: Run, files: EnvFiles, depth = 0): string {
  if (depth > 5 || !value.includes('$')) return value;
  return value.replace(/\\?\$\{([A-Za-z_][\w]*)(?::?-([^}]*))?\}|\\?\$([A-Za-z_][\w]*)/g, (whole, a, def, b) => {
    if (whole.startsWith('\\')) return whole.slice(1);
    const key = (a ?? b) as string;
    const v = getVar(run, key)?.value ?? fileValue(key, files);
    if (v !== undefined && v !== '') return expand(v, run, files, depth + 1);
    return (def as string | undefined) ?? '';
  });
}

function fileValue(name: string, files: EnvFiles): string | undefined {
  for (const f of files.files) {
    const e = readDotenv(f)?.get(name);
    if (e) return e.value;
  }
  return undefined;
}

/** Resolve relative file names against the tool's directory; drops ones that can't be placed. */
export function placeFiles(run: Run, names: string[], dir: string | undefined = run.cwd): string[] {
  const out: string[] = [];
  for (const n of names) {
    const p = absPath(n, dir, run.ctx.home);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** The loading order of Next.js, Vite, Nuxt, Astro, Remix, dotenv-rails: first wins. */
export function frameworkEnvFiles(dir: string, mode: string): string[] {
  const names = [`.env.${mode}.local`, ...(mode === 'test' ? [] : ['.env.local']), `.env.${mode}`, '.env'];
  return names.map((n) => join(dir, n));
}

/**
 * Files the runner itself loads before the program: `node --env-file`, `tsx --env-file`,
 * `deno run --env-file`, plus what a wrapper (dotenv-cli, bun, pipenv) loads.
 */
export function runnerEnvFiles(run: Run): EnvFiles | undefined {
  const names: string[] = [];
  let loader = '';
  let expandVars = true;
  if (['node', 'tsx', 'ts-node', 'deno', 'bun', 'nodemon'].includes(run.name)) {
    // Node: later --env-file files override earlier ones, so reverse to "first wins".
    const own: string[] = [];
    const start = run.name === 'deno' && /^(run|task|test|serve|eval)$/.test(run.args[0]?.value ?? '') ? 1 : 0;
    for (let i = start; i < run.args.length; i++) {
      const v = run.args[i]?.value ?? '';
      if (!v.startsWith('-')) break;
      const m = /^--env-file(?:-if-exists)?(?:=(.*))?$/.exec(v);
      if (!m) continue;
      if (m[1] !== undefined) own.push(m[1]);
      else if (run.name === 'deno') own.push('.env');
      else own.push(run.args[++i]?.value ?? '');
    }
    if (own.length > 0) {
      names.push(...own.reverse());
      loader = `${run.name} --env-file`;
      expandVars = run.name !== 'node';
    } else if (run.name === 'bun') {
      names.push(...bunEnvFiles(run));
      loader = 'bun';
    }
  }
  const fw = FRAMEWORKS[run.name];
  if (fw && run.cwd !== undefined) {
    const mode = frameworkMode(run, fw);
    names.push(...frameworkEnvFiles(run.cwd, mode));
    loader = `${run.name} (${mode} mode)`;
  }
  if (run.wrapperEnvFiles.length > 0) {
    names.push(...run.wrapperEnvFiles);
    loader = loader ? `${loader}, ${run.wrapperLoader}` : run.wrapperLoader;
  }
  if (names.length === 0) return undefined;
  return { files: placeFiles(run, names), loader, override: run.wrapperOverride, expand: expandVars };
}

// Framework CLIs that load .env, .env.local, .env.<mode> and .env.<mode>.local themselves.
// `production` lists the subcommands that run in production mode; others run in development.
const FRAMEWORKS: Record<string, { production: string[]; modeFlag?: boolean }> = table({
  next: { production: ['build', 'start', 'export'] },
  vite: { production: ['build', 'preview'], modeFlag: true },
  'vite-node': { production: [], modeFlag: true },
  nuxt: { production: ['build', 'generate', 'preview', 'start'] },
  nuxi: { production: ['build', 'generate', 'preview', 'start'] },
  astro: { production: ['build', 'preview'], modeFlag: true },
  remix: { production: ['build'] },
  'react-router': { production: ['build'] },
});

function frameworkMode(run: Run, fw: { production: string[]; modeFlag?: boolean }): string {
  if (fw.modeFlag) {
    const i = run.args.findIndex((w) => w.value === '--mode' || w.value === '-m');
    const eq = run.args.find((w) => w.value.startsWith('--mode='));
    if (eq) return eq.value.slice(7);
    if (i >= 0 && run.args[i + 1]) return run.args[i + 1]?.value ?? 'development';
  }
  const sub = run.args.find((w) => !w.value.startsWith('-'))?.value ?? '';
  return fw.production.includes(sub) ? 'production' : 'development';
}

/** Whether package.json here depends on a framework that loads .env files by mode. */
export function usesFramework(dir: string): string | undefined {
  const pkg = readJson(join(dir, 'package.json')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | undefined;
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies };
  const known: Array<[string, string]> = [['next', 'Next.js'], ['nuxt', 'Nuxt'], ['astro', 'Astro'], ['vite', 'Vite'], ['@remix-run/dev', 'Remix'], ['@sveltejs/kit', 'SvelteKit']];
  return known.find(([dep]) => dep in deps)?.[1];
}
