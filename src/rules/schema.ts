// Schemas for rule packs, the team file and the user file. Unknown keys are errors: a typo must
// never quietly turn a protection off.
import * as v from 'valibot';

const str = v.string();
const strList = v.array(str);
const strOrList = v.union([str, strList]);
const severity = v.picklist(['low', 'medium', 'high', 'critical']);
const anyAllNone = v.strictObject({ any: v.optional(strList), all: v.optional(strList), none: v.optional(strList) });

type MatchIn = {
  command?: string | string[];
  subcommand?: string | string[];
  flags?: v.InferOutput<typeof anyAllNone>;
  args?: v.InferOutput<typeof anyAllNone>;
  paths?: { protected: true; from?: 'args' | 'all' | 'flag-values' | 'last'; flags?: string[] };
  redirect?: { protected: true; append?: boolean; self?: boolean };
  sql?: string[];
  'sql-from'?: { flags?: string[]; files?: string[]; args?: boolean; stdin?: boolean; 'file-prefix'?: string[] };
  http?: { methods?: string[]; hosts?: string[]; paths?: string[]; mutations?: string[]; local?: boolean };
  code?: string[];
  vars?: Record<string, string[]>;
  tfplan?: true;
  regex?: string;
  keywords?: string[];
  not?: MatchIn;
  'any-of'?: MatchIn[];
};

export const matchSchema: v.GenericSchema<MatchIn> = v.pipe(v.strictObject({
  command: v.optional(strOrList),
  subcommand: v.optional(strOrList),
  flags: v.optional(anyAllNone),
  args: v.optional(anyAllNone),
  paths: v.optional(v.strictObject({ protected: v.literal(true), from: v.optional(v.picklist(['args', 'all', 'flag-values', 'last'])), flags: v.optional(strList) })),
  redirect: v.optional(v.strictObject({ protected: v.literal(true), append: v.optional(v.boolean()), self: v.optional(v.boolean()) })),
  sql: v.optional(v.array(v.picklist(['drop', 'truncate', 'delete-without-where', 'update-without-where', 'alter-drop', 'flush', 'drop-database']))),
  'sql-from': v.optional(
    v.strictObject({
      flags: v.optional(strList),
      files: v.optional(strList),
      args: v.optional(v.boolean()),
      stdin: v.optional(v.boolean()),
      'file-prefix': v.optional(v.array(v.pipe(str, v.minLength(1)))),
    }),
  ),
  http: v.optional(
    v.strictObject({
      methods: v.optional(strList),
      hosts: v.optional(strList),
      paths: v.optional(strList),
      mutations: v.optional(strList),
      local: v.optional(v.boolean()),
    }),
  ),
  code: v.optional(strList),
  vars: v.optional(v.record(str, strList)),
  tfplan: v.optional(v.literal(true)),
  regex: v.optional(str),
  keywords: v.optional(strList),
  not: v.optional(v.lazy(() => matchSchema)),
  'any-of': v.optional(v.array(v.lazy(() => matchSchema))),
}),
  // sql-from says where this match's `sql:` reads; alone it would silently match nothing.
  v.check((m) => !m['sql-from'] || !!m.sql, 'sql-from needs sql: (the kinds to look for) in the same match'),
  v.check((m) => {
    const f = m['sql-from'];
    return !f || !!(f.flags?.length || f.files?.length || f.args || f.stdin);
  }, 'sql-from needs at least one source: flags, files, args or stdin'),
);

export const ruleSchema = v.pipe(
  v.strictObject({
    id: v.pipe(str, v.regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, 'rule ids look like pack/name (lower-case, digits, dashes)')),
    severity,
    summary: v.pipe(str, v.minLength(3)),
    match: matchSchema,
    action: v.optional(v.picklist(['confirm', 'deny'])),
    target: v.optional(str),
    verb: v.optional(str),
    tests: v.optional(v.strictObject({ match: v.optional(strList), 'no-match': v.optional(strList) })),
  }),
  v.check((r) => !r.match.regex || (r.match.keywords?.length ?? 0) > 0, 'a rule with a regex needs keywords (words that must appear for it to apply)'),
);

export const commandSchema = v.strictObject({
  'value-options': v.optional(strList),
  'single-dash-long': v.optional(v.boolean()),
  'attached-options': v.optional(strList),
  aliases: v.optional(strList),
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

/** Keys shared by the team file and the user file. */
const common = {
  extends: v.optional(strList),
  'protected-paths': v.optional(strList),
  environments: v.optional(v.unknown()), // validated by src/targets (its schema)
  rules: v.optional(v.array(ruleSchema)),
  commands: v.optional(v.record(str, commandSchema)),
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
    }),
  ),
};

export const teamSchema = v.strictObject({ ...common, version: v.optional(v.number()) });

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
