// Shared shapes of the target module. Public ones are re-exported from index.ts.
import type { Invocation } from '../parse/index.js';
import type { EnvironmentsConfig } from './config.js';
import type { MachineEnv } from './machine.js';
import type { Registry } from '../programs/index.js';

export type TargetKind =
  | 'database' | 'kubernetes' | 'aws' | 'gcp' | 'azure' | 'railway' | 'terraform' | 'pulumi' | 'fly'
  | 'heroku' | 'vercel' | 'netlify' | 'supabase' | 'git' | 'docker' | 'filesystem' | 'http'
  | 'neon' | 'planetscale' | 'digitalocean' | 'firebase' | 'cloudflare' | 'atlas' | 'turso' | 'upstash'
  | 'render' | 'objectstore' | 'service' | 'github';

export interface Target {
  /** 'production' | 'staging' | 'local' | 'unknown' | any environment named in the team file. */
  environment: string;
  /** What would be acted on, in words: `postgres db.acme.com:5432/app`, `namespace payments on prod-eu`. */
  resource?: string;
  /** Kebab-case facts that the team file's `match:` keys are tested against. */
  facts: Record<string, string>;
  /** Short human lines: where each fact came from, then why it maps to the environment. */
  evidence: string[];
}

export interface TargetContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** The team file's `environments:`; undefined means only the built-in defaults apply. */
  environments?: EnvironmentsConfig;
  /** Root of the project, for "files under the project"; defaults to the git root of cwd. */
  projectRoot?: string;
  /** This machine's environment (`machine:`): what `local` targets become. None: local stays. */
  machine?: MachineEnv;
  /** The loaded config's program entries: a team's own CLI may say where it acts (`acts`). */
  programs?: Registry;
  /** The SQL a client invocation would send (the rules' reader, handed in: rules import targets).
   *  Without it no database counts as ending with the command. */
  sqlSources?: (inv: Invocation) => ReadonlyArray<{ text: string }> | { unknown: string };
}

/** One place a command may act on. Most commands have one; `git push --all` has several. */
export interface Candidate {
  facts: Record<string, string>;
  evidence: string[];
  resource?: string;
  /** Known without the team map (a bearer token sent to a cloud API is always unknown). */
  environment?: string;
  /** The facts rest on an assumption about the tool: they may make a target stricter, never local. */
  guessed?: boolean;
  /** Unknown only because the variable it reads (DATABASE_URL) isn't set here: a runner that
   *  injects variables (`railway run`, `doppler run`) fills it. */
  unset?: boolean;
}
