// Schemas for rule packs, the team file and the user file. Unknown keys are errors: a typo must
// never quietly turn a protection off.
import * as v from 'valibot';
import type { TargetKind } from '../targets/index.js';
import { table } from '../own.js';
import { HTTP_CLIENTS } from '../programs/links.js';

const str = v.string();
const strList = v.array(str);
const strOrList = v.union([str, strList]);
/** Names in a `command:` list that stand for a group of programs known to the registry. */
const COMMAND_GROUPS: Record<string, readonly string[]> = table({ '@http-clients': HTTP_CLIENTS });
const commandNames = v.pipe(
  strOrList,
  v.check((c) => [c].flat().every((n) => !n.startsWith('@') || Object.hasOwn(COMMAND_GROUPS, n)), `unknown command group (known: ${Object.keys(COMMAND_GROUPS).join(', ')})`),
  v.transform((c): string | string[] => (typeof c === 'string' && !c.startsWith('@') ? c : [...new Set([c].flat().flatMap((n) => COMMAND_GROUPS[n] ?? [n]))])),
);
const severity = v.picklist(['low', 'medium', 'high', 'critical']);
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'];
/** A regex must compile when the pack loads, not crash the first line that reaches it. */
const compiles = (re: string, flags = 'i'): boolean => { try { new RegExp(re, flags); return true; } catch { return false; } };
const slashed = (p: string): boolean => p.length > 2 && p.startsWith('/') && p.endsWith('/');
// A word pattern: literal, glob, or a slashed regex (also after `=`, as in `-X=/DEL.+/`).
const pattern = v.pipe(str, v.check((p) => {
  const eq = p.startsWith('-') ? p.indexOf('=') : -1;
  return [p, eq > 0 ? p.slice(eq + 1) : ''].every((x) => !slashed(x) || compiles(x.slice(1, -1)));
}, 'a /regex/ pattern must be a valid regular expression'));
const patternList = v.array(pattern);
const anyAllNone = v.strictObject({ any: v.optional(patternList), all: v.optional(patternList), none: v.optional(patternList) });
type UnlessCreated = { program?: string | string[]; subcommand?: string | string[]; name: string[]; same?: string[]; only?: true; at?: number; for?: string | string[]; none?: string[]; 'none-here'?: string[]; flag?: string; option?: string; default?: string; 'none-between'?: string[] };
const unlessCreated = v.pipe(
  v.strictObject({ program: v.optional(strOrList), subcommand: v.optional(strOrList), name: v.pipe(strList, v.minLength(1)), same: v.optional(strList), only: v.optional(v.literal(true)), at: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3))), for: v.optional(strOrList), none: v.optional(strList), 'none-here': v.optional(strList), flag: v.optional(str), option: v.optional(str), default: v.optional(str), 'none-between': v.optional(strList) }),
  v.check((u) => u.subcommand !== undefined || u.flag !== undefined || u.program !== undefined, 'unless-created needs a subcommand, a flag or a program'),
);

type MatchIn = {
  command?: string | string[];
  subcommand?: string | string[];
  flags?: v.InferOutput<typeof anyAllNone>;
  args?: v.InferOutput<typeof anyAllNone>;
  paths?: { protected: true; from?: 'args' | 'all' | 'flag-values' | 'last'; flags?: string[] };
  redirect?: { protected?: true; matches?: string; append?: boolean; self?: boolean; existing?: boolean };
  sql?: string[];
  'sql-from'?: { flags?: string[]; files?: string[]; args?: boolean; stdin?: boolean; 'file-prefix'?: string[]; dialect?: 'sql' | 'redis' | 'mongo' | 'cypher'; 'read-command'?: string };
  http?: { methods?: string[]; hosts?: string[]; paths?: string[]; mutations?: string[]; local?: boolean; sql?: string[]; body?: string[]; query?: string[] };
  code?: string[];
  vars?: Record<string, string[]>;
  tfplan?: true;
  remote?: true;
  stdin?: 'literal';
  'unless-created'?: UnlessCreated | UnlessCreated[];
  regex?: string;
  /** The regex also reads the text on stdin (code piped to `manage.py shell`); unreadable stdin pauses.
   *  `code`: only when stdin is the interpreter's program (not with a script file or `-m MODULE`). */
  'regex-stdin'?: true | 'code';
  /** The regex also reads files named `file://F` in argv (aws); an unreadable one pauses. */
  'regex-files'?: string[];
  'regex-input'?: string;
  'regex-producer'?: string;
  'regex-written'?: true | 'line';
  'written-file'?: { path: string; content: string; ignore?: string; settings?: string };
  'removed-file'?: string;
  earlier?: string;
  'caller-input'?: true;
  keywords?: string[];
  not?: MatchIn;
  'any-of'?: MatchIn[];
};

export const matchSchema: v.GenericSchema<MatchIn> = v.pipe(v.strictObject({
  command: v.optional(commandNames),
  subcommand: v.optional(strOrList),
  flags: v.optional(anyAllNone),
  args: v.optional(anyAllNone),
  paths: v.optional(v.strictObject({ protected: v.literal(true), from: v.optional(v.picklist(['args', 'all', 'flag-values', 'last'])), flags: v.optional(strList), self: v.optional(v.boolean()), existing: v.optional(v.boolean()), into: v.optional(v.boolean()) })),
  redirect: v.optional(
    v.pipe(
      v.strictObject({ protected: v.optional(v.literal(true)), matches: v.optional(v.pipe(str, v.check((r) => compiles(r), 'matches must be a valid regular expression'))), append: v.optional(v.boolean()), self: v.optional(v.boolean()), existing: v.optional(v.boolean()) }),
      v.check((r) => !!r.protected !== !!r.matches, 'redirect needs one of protected: true or matches: REGEX'),
    ),
  ),
  sql: v.optional(v.array(v.picklist(['drop', 'truncate', 'delete-without-where', 'update-without-where', 'alter-drop', 'flush', 'drop-database', 'delete-dedupe', 'delete-history', 'delete-queue']))),
  'sql-from': v.optional(
    v.strictObject({
      flags: v.optional(strList),
      files: v.optional(strList),
      args: v.optional(v.boolean()),
      stdin: v.optional(v.boolean()),
      'file-prefix': v.optional(v.array(v.pipe(str, v.minLength(1)))),
      dialect: v.optional(v.picklist(['sql', 'redis', 'mongo', 'cypher'])),
      written: v.optional(v.pipe(str, v.check((x) => compiles(x, ''), 'written is a regular expression'))),
      'read-command': v.optional(v.pipe(str, v.regex(/^\.?\w+$/, 'read-command is one word, like .read'))),
    }),
  ),
  http: v.optional(
    v.strictObject({
      // A misspelt method would quietly match nothing.
      methods: v.optional(v.array(v.pipe(str, v.check((m) => HTTP_METHODS.includes(m.toUpperCase()), 'methods are HTTP methods (GET, POST, PUT, PATCH, DELETE, ...)')))),
      hosts: v.optional(patternList),
      paths: v.optional(patternList),
      mutations: v.optional(patternList),
      local: v.optional(v.boolean()),
      sql: v.optional(v.array(v.picklist(['drop', 'truncate', 'delete-without-where', 'update-without-where', 'alter-drop', 'flush', 'drop-database', 'delete-dedupe', 'delete-history', 'delete-queue']))),
      body: v.optional(patternList),
      query: v.optional(patternList),
    }),
  ),
  code: v.optional(patternList),
  'local-stores': v.optional(v.literal(true)),
  vars: v.optional(v.record(str, patternList)),
  tfplan: v.optional(v.literal(true)),
  scratch: v.optional(v.pipe(strList, v.minLength(1))),
  fresh: v.optional(v.pipe(strList, v.minLength(1))),
  unique: v.optional(v.pipe(strList, v.minLength(1))),
  remote: v.optional(v.literal(true)),
  stdin: v.optional(v.picklist(['literal'])),
  'unless-created': v.optional(v.union([unlessCreated, v.pipe(v.array(unlessCreated), v.minLength(1))])),
  regex: v.optional(v.pipe(str, v.check((r) => compiles(r), 'regex must be a valid regular expression'))),
  'regex-stdin': v.optional(v.union([v.literal(true), v.literal('code')])),
  'regex-files': v.optional(v.array(v.pipe(str, v.minLength(1)))),
  'package-bins': v.optional(v.array(v.pipe(str, v.minLength(1)))),
  'regex-input': v.optional(v.pipe(str, v.check((r) => compiles(r), 'regex-input must be a valid regular expression'))),
  'regex-producer': v.optional(v.pipe(str, v.check((r) => compiles(r), 'regex-producer must be a valid regular expression'))),
  'regex-written': v.optional(v.union([v.literal(true), v.literal('line')])),
  'removed-file': v.optional(v.pipe(str, v.check((x) => compiles(x, ''), 'removed-file is a regular expression'))),
  earlier: v.optional(v.pipe(str, v.check((x) => compiles(x), 'earlier is a regular expression'))),
  'caller-input': v.optional(v.literal(true)),
  'written-file': v.optional(v.strictObject({ path: v.pipe(str, v.check((x) => compiles(x, ''), 'path is a regular expression')), content: v.pipe(str, v.check((x) => compiles(x), 'content is a regular expression')), ignore: v.optional(v.pipe(str, v.check((x) => compiles(x), 'ignore is a regular expression'))), settings: v.optional(v.pipe(str, v.check((x) => compiles(x, ''), 'settings is a regular expression'))) })),
  // The quick reject splits a keyword at punctuation (rules/quick.ts): one that is only `*` and
  // separators (`*`, `*:*`) would put the rule on every line.
  keywords: v.optional(v.pipe(strList, v.check((ks) => ks.every((k) => /[^\s;&|()<>=/,:{}@!+#%^~*]/.test(k)), 'a keyword must name some word: one of only `*` and punctuation matches every line'))),
  not: v.optional(v.lazy(() => matchSchema)),
  'any-of': v.optional(v.array(v.lazy(() => matchSchema))),
}),
  // sql-from says where this match's `sql:` reads; alone it would silently match nothing.
  v.check((m) => !m['sql-from'] || !!m.sql, 'sql-from needs sql: (the kinds to look for) in the same match'),
  v.check((m) => {
    const f = m['sql-from'];
    return !f || !!(f.flags?.length || f.files?.length || f.args || f.stdin || f.written);
  }, 'sql-from needs at least one source: flags, files, args, stdin or written'),
);

/** A positive example, alone or with the phrase the self-test expects for it. */
const example = v.union([str, v.strictObject({ cmd: str, phrase: v.optional(str) })]);
/** What the phrase calls the thing (`noun`) and where its name comes from (`from`: options, or none). */
const resourceSchema = v.strictObject({
  noun: v.optional(v.pipe(str, v.regex(/^[a-z][a-z0-9 -]*$/, 'resource noun is lower-case words (compose project)'))),
  from: v.optional(v.union([v.literal('none'), v.literal('sources'), v.pipe(strList, v.minLength(1, 'resource from lists the options that carry the name, or is none or sources'))])),
});
/** The kinds a rule's `target:` may name: what src/targets can resolve. An unknown kind must be
 *  a load error with a position, never a crash when the rule first matches. */
export const TARGET_KINDS = [
  'database', 'kubernetes', 'aws', 'gcp', 'azure', 'railway', 'terraform', 'pulumi', 'fly',
  'heroku', 'vercel', 'netlify', 'supabase', 'git', 'docker', 'filesystem', 'http',
  'neon', 'planetscale', 'digitalocean', 'firebase', 'cloudflare', 'atlas', 'turso', 'upstash',
  'render', 'objectstore', 'service', 'github',
] as const satisfies readonly TargetKind[];
// Every TargetKind is listed (a new kind in src/targets fails the typecheck until added here).
const allKinds: Exclude<TargetKind, (typeof TARGET_KINDS)[number]> extends never ? true : never = true;
void allKinds;

export const ruleSchema = v.pipe(
  v.strictObject({
    id: v.pipe(str, v.regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, 'rule ids look like pack/name (lower-case, digits, dashes)')),
    severity,
    summary: v.pipe(str, v.minLength(3)),
    match: matchSchema,
    action: v.optional(v.picklist(['confirm', 'deny'])),
    target: v.optional(v.picklist(TARGET_KINDS, `target must be one of: ${TARGET_KINDS.join(', ')}`)),
    verb: v.optional(str),
    resource: v.optional(resourceSchema),
    'only-in': v.optional(v.pipe(strList, v.minLength(1, 'only-in names at least one environment'))),
    tests: v.optional(v.strictObject({ match: v.optional(v.array(example)), 'no-match': v.optional(strList) })),
  }),
  v.check((r) => !r.match.regex || (r.match.keywords?.length ?? 0) > 0, 'a rule with a regex needs keywords (words that must appear for it to apply)'),
);

// ---- program entries: packs' `commands:`, the team's and user's `programs:` (same thing) ----

const optionName = v.pipe(str, v.regex(/^-{1,2}[^-\s=]/, 'options start with - or -- (e.g. -e, --env)'));
const optionList = v.array(optionName);
const wordList = v.array(v.pipe(str, v.regex(/^[^-\s][^\s]*$/, 'a word (not an option, no spaces)')));
const strings = v.pipe(strOrList, v.transform((x) => (typeof x === 'string' ? [x] : x)));

/** How a program runs another one, as written in YAML; becomes a WrapperSpec (src/programs). */
const wrapsSchema = v.pipe(
  v.strictObject({
    /** The command comes after this option: `--` (`ourctl run -- cmd`) or a flag (`gdb --args cmd`). */
    after: v.optional(v.pipe(str, v.regex(/^(--|-{1,2}[^-\s=]\S*)$/, 'after is `--` or an option (--args)'))),
    /** Subcommand words that must come first (`run`, `exec`). */
    sub: v.optional(wordList),
    /** Positional words before the command (`timeout 5 cmd`). */
    skip: v.optional(v.pipe(v.number(), v.integer('skip is a whole number of words'), v.minValue(1), v.maxValue(5))),
    /** Options before the command that take a value (`-u root`). */
    'with-arg': v.optional(optionList),
    /** Options whose value is a shell command string (`-c 'cmd'`). */
    'shell-option': v.optional(optionList),
    /** NAME=VALUE words before the command are its environment. */
    assigns: v.optional(v.boolean()),
    /** Options that mean no command is run (`--list`). */
    'no-run': v.optional(optionList),
    /** The words after `after` are arguments of this program (`capsh -- -c CMD` runs `bash -c CMD`). */
    'args-of': v.optional(v.pipe(str, v.regex(/^[^-\s][^\s]*$/, 'args-of names a program'))),
  }),
  v.check((w) => !(w.after && (w.skip || w['shell-option'])), 'wraps: `after` finds the command by itself; it can\'t be combined with skip or shell-option'),
  v.check((w) => !w['args-of'] || !!w.after, 'wraps: `args-of` needs `after` (the words after it are that program\'s arguments)'),
  v.transform((w) => ({
    ...(w.after === '--' ? { afterDashDash: true } : w.after ? { afterFlag: w.after } : {}),
    ...(w.sub ? { sub: w.sub } : {}),
    ...(w.skip ? { skip: w.skip } : {}),
    ...(w['with-arg'] ? { withArg: w['with-arg'] } : {}),
    ...(w['shell-option'] ? { shellOpt: w['shell-option'] } : {}),
    ...(w.assigns ? { assigns: true } : {}),
    ...(w['no-run'] ? { noRun: w['no-run'] } : {}),
    ...(w['args-of'] ? { argsOf: w['args-of'] } : {}),
  })),
);

const actsSchema = v.strictObject({
  kind: v.picklist(TARGET_KINDS, `acts.kind must be one of: ${TARGET_KINDS.join(', ')}`),
  environment: v.optional(
    v.pipe(
      v.strictObject({
        flag: v.optional(v.pipe(v.union([optionName, optionList]), v.transform((x) => (typeof x === 'string' ? [x] : x)))),
        variable: v.optional(v.pipe(strings, v.check((l) => l.every((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)), 'variable names are letters, digits and _'))),
        file: v.optional(v.pipe(strings, v.check((l) => l.every((f) => f.length > 0 && !f.includes('\0')), 'file names a file'))),
      }),
      v.check((e) => !!(e.flag?.length || e.variable?.length || e.file?.length), 'acts.environment needs a flag, variable or file'),
    ),
  ),
});

const grammarEntries = {
  'value-options': v.optional(optionList),
  'single-dash-long': v.optional(v.boolean()),
  'attached-options': v.optional(v.array(v.pipe(str, v.regex(/^-[^-]$/, 'attached options are short options (-p)')))),
  'flag-options': v.optional(optionList),
  abbreviations: v.optional(v.boolean()),
};

/** Sub-commands after which the program makes no file its words don't name (parse/writes.ts). */
const wordSeqs = v.array(v.pipe(str, v.regex(/^[^-\s]\S*( [^-\s]\S*)*$/, 'a sub-command: words (not options), one space between')));
const namesOnlySchema = v.strictObject({
  subcommands: v.pipe(v.array(v.pipe(str, v.regex(/^(\*|[^-\s]\S*( [^-\s]\S*)*)$/, 'a sub-command (words, not options), or * for any'))), v.minLength(1, 'names-only lists at least one sub-command (or *)')),
  except: v.optional(wordSeqs),
  writes: v.optional(optionList),
});

export const commandSchema = v.strictObject({
  ...grammarEntries,
  aliases: v.optional(strList),
  subcommands: v.optional(v.record(str, v.strictObject(grammarEntries))),
  wraps: v.optional(wrapsSchema),
  acts: v.optional(actsSchema),
  'names-only': v.optional(namesOnlySchema),
});

export const packSchema = v.strictObject({
  pack: v.optional(str),
  description: v.optional(str),
  extends: v.optional(strList),
  commands: v.optional(v.record(str, commandSchema)),
  rules: v.optional(v.array(ruleSchema)),
});

const envPolicy = v.strictObject({
  /** Lowest severity that pauses for a phrase in this environment. */
  'confirm-at': v.optional(severity),
  /** Rules (ids or globs like 'databases/*') that are denied outright here. */
  deny: v.optional(strList),
});

export const policySchema = v.strictObject({
  'confirm-at': v.optional(severity),
  deny: v.optional(strList),
  environments: v.optional(v.record(str, envPolicy)),
});

/** This machine's environment: `production`, or entries `{environment, hosts: [patterns]}`. */
const machineEntry = v.strictObject({ environment: v.pipe(str, v.minLength(1)), hosts: v.optional(strOrList) });
// Read as a list of {environment, hosts?}; `workstation` is another word for local.
const machineSchema = v.pipe(
  // Chosen by shape, so a misspelt key is reported as such (a union only says "invalid type").
  v.lazy((m: unknown) => (typeof m === 'string' ? v.pipe(str, v.minLength(1)) : Array.isArray(m) ? v.array(machineEntry) : machineEntry)),
  v.transform((m) =>
    (typeof m === 'string' ? [{ environment: m }] : Array.isArray(m) ? m : [m]).map((e: { environment: string; hosts?: string | string[] }) => ({
      environment: e.environment === 'workstation' ? 'local' : e.environment,
      ...(e.hosts !== undefined ? { hosts: typeof e.hosts === 'string' ? [e.hosts] : e.hosts } : {}),
    })),
  ),
);

/** A team or user entry names one program: a pattern could reach programs the rules watch. */
const programName = v.pipe(str, v.regex(/^[^\s*?[\]{}/]+$/, 'a program name (no spaces, slashes or patterns)'));

/** Keys shared by the team file and the user file. */
const common = {
  machine: v.optional(machineSchema),
  extends: v.optional(strList),
  'protected-paths': v.optional(strList),
  environments: v.optional(v.unknown()), // validated by src/targets (its schema)
  rules: v.optional(v.array(ruleSchema)),
  commands: v.optional(v.record(programName, commandSchema)),
  /** The same as commands: (the team's own CLIs); both are read. */
  programs: v.optional(v.record(programName, commandSchema)),
  policy: v.optional(policySchema),
  severity: v.optional(v.record(str, severity)),
  confirm: v.optional(
    v.strictObject({
      /** Seconds to wait for the phrase on the terminal. */
      timeout: v.optional(v.pipe(v.number(), v.minValue(5))),
      /** Seconds to wait for `countersign approve` when there is no terminal. */
      'approval-timeout': v.optional(v.pipe(v.number(), v.minValue(0))),
      /** With CI=true: decline at once (default) or wait for an approval. */
      ci: v.optional(v.picklist(['decline', 'wait'])),
      /** Agent hooks: 'typed' (deny, approve in a terminal, retry) or 'ask' (the agent's dialog). */
      hooks: v.optional(v.picklist(['typed', 'ask'])),
      /** Where the approver passphrase is needed besides terminals an agent may drive: 'auto'
       *  (only there) or 'always' (the interactive session too). */
      passphrase: v.optional(v.picklist(['auto', 'always'])),
      /** Minutes an unlocked approver key stays in memory (approver pane, interactive session). */
      'unlock-minutes': v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(720))),
    }),
  ),
};

export const teamSchema = v.strictObject({
  ...common,
  version: v.optional(v.number()),
  // Honoured only in the user's own file; read here only to say so (a warning, not "unknown key").
  disable: v.optional(strList),
  shell: v.optional(str),
});

export const userSchema = v.strictObject({
  ...common,
  version: v.optional(v.number()),
  /** Only honoured here: rule ids or globs ('git/*') to turn off. */
  disable: v.optional(strList),
  /** The real shell to run commands with. */
  shell: v.optional(str),
});

export type PackFile = v.InferOutput<typeof packSchema>;
export type TeamFile = v.InferOutput<typeof teamSchema>;
export type UserFile = v.InferOutput<typeof userSchema>;
export type PolicyConfig = v.InferOutput<typeof policySchema>;
export { v };
