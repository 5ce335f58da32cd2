// parse(text, context): every program a command line would run, or a reason to fail closed.
import { newParseEpoch } from './later.js';
import { loadParser } from './treesitter.js';
import type { ParseContext, ParseResult, Written } from './types.js';
import type { Registry } from '../programs/index.js';
import { LIMITS, Walk, newScope, type Limits } from './walk.js';
import { mark } from '../timing.js';

export { laterPlace, agentGuardScripts } from './later.js';
export * from './types.js';
// What the rules and targets read of the walk's records: files the line wrote, links, remote runs.
export { ANY_LINK, mayHaveMade, projectRun, throughLinks, writtenContent } from './writes.js';
export { elsewhere, remoteFileHost, runsElsewhere } from './wrappers.js';
import { bare } from '../own.js';
export { parseDotenv, type DotenvEntry } from './dotenv.js';
export { literalOutput } from './walk.js';
export { ANY_TUNNEL_END, tunnelEnds } from './tunnel.js';

/** Lines longer than this aren't parsed at all: fail closed at once. */
export const MAX_TEXT = 128 * 1024;

export interface ParseOptions {
  /** The environment is exactly what the command will see, so unset variables are empty. */
  envComplete?: boolean;
  /** $0, $1... when known (bash -c CMD NAME ARGS). */
  positional?: string[];
  dialect?: 'bash' | 'zsh';
  limits?: Partial<Limits>;
  /** Does a text mention anything a rule watches? Parse trouble inside a script file that
   *  mentions nothing is not a reason to confirm. */
  mentions?: (text: string) => boolean;
  /** The loaded config's program entries (packs' `commands:`, the team's `programs:`): a team's
   *  own wrappers are peeled like the builtin ones. */
  programs?: Registry;
  /** What the line around this text wrote before it runs (inline code's commands). */
  written?: Written;
  /** The agent runs the line inside `eval '...' && ...` (Claude Code), where bash ignores its set -e. */
  evalWrapped?: boolean;
}

export async function parse(text: string, ctx: ParseContext, opts: ParseOptions = {}): Promise<ParseResult> {
  if (text.length > MAX_TEXT) return { invocations: [], uncertain: [`the line is longer than ${MAX_TEXT / 1024} KB`] };
  try {
    const parser = await loadParser();
    mark('parser ready');
    const res = parseWith(parser, text, ctx, opts);
    mark('parse');
    return res;
  } catch (e) {
    return { invocations: [], uncertain: [`the parser failed: ${(e as Error).message}`] };
  }
}

/** Synchronous form for callers that already hold the parser (rules that re-parse strings). */
export function parseWith(parser: Awaited<ReturnType<typeof loadParser>>, text: string, ctx: ParseContext, opts: ParseOptions = {}): ParseResult {
  if (text.length > MAX_TEXT) return { invocations: [], uncertain: [`the line is longer than ${MAX_TEXT / 1024} KB`] };
  // bash reading a script from its input drops NUL bytes (`r\0m` runs rm); tree-sitter keeps them.
  if (text.includes('\0')) return { invocations: [], uncertain: ['the line holds a NUL byte'] };
  newParseEpoch();
  try {
    const walk = new Walk(parser, { ...ctx, env: bare(ctx.env), envComplete: opts.envComplete, dialect: opts.dialect, mentions: opts.mentions, programs: opts.programs, ...(opts.evalWrapped ? { evalWrapped: true } : {}) }, { ...LIMITS, ...opts.limits });
    walk.seedWritten(opts.written);
    walk.code(text, newScope(ctx.cwd, opts.positional), []);
    walk.finish();
    const all = walk.out;
    // Not enumerable: a copy or a JSON dump of an invocation leaves the whole line out.
    for (let i = 0; i < all.length; i++) Object.defineProperty(all[i]!, 'line', { value: { all, at: i }, enumerable: false, writable: true, configurable: true });
    return { invocations: all, uncertain: [...walk.uncertain] };
  } catch (e) {
    return { invocations: [], uncertain: [`the parser failed: ${(e as Error).message}`] };
  }
}

export { loadParser };
export { someName } from './tree.js';
