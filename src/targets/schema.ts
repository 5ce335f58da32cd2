// The team file's `environments:` key, as a valibot schema. Only config loading and doctor need
// it: checking a command never loads the validator.
import * as v from 'valibot';
import { MATCH_KEYS, type MatchKey } from './config.js';

// YAML turns `[prod, 2024]` into a string and a number, and `hosts: db.acme.com` into one string.
const patterns = v.pipe(
  v.union([v.union([v.string(), v.number()]), v.array(v.union([v.string(), v.number()]))]),
  v.transform((x) => (Array.isArray(x) ? x : [x]).map(String)),
);

const matchEntries = Object.fromEntries(
  Object.keys(MATCH_KEYS).map((k) => [k, v.optional(patterns)]),
) as { [K in MatchKey]: v.OptionalSchema<typeof patterns, undefined> };

// Strict: a misspelt key (`kube-context:` for `kube-contexts:`) would silently match nothing.
const matchSchema = v.strictObject(matchEntries);

// Loose at the environment level: the policy part of the team file may add its own keys there.
const environmentSchema = v.nullish(v.looseObject({ match: v.nullish(matchSchema) }));

/** Schema of the team file's `environments:` key; environments keep file order. */
export const environmentsSchema = v.record(v.string(), environmentSchema);

export type EnvironmentsConfig = v.InferOutput<typeof environmentsSchema>;
