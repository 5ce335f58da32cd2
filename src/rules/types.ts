// Rule data as written in YAML, and findings as produced by matching.
import type { Invocation } from '../parse/index.js';
import type { ProgramSpec } from '../programs/index.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

/** A string list condition: any of these present, all present, none present. */
export interface AnyAllNone {
  any?: string[];
  all?: string[];
  none?: string[];
}

/** `default`: the name both commands mean when given no operand (`git stash apply` / `git stash
 *  drop`: stash@{0}). `none-between`: sub-commands of the program (word prefixes) that must not
 *  run on the line between the create and this command (a `git stash` push there would make the
 *  dropped stash another one). */
export interface UnlessCreated { program?: string | string[]; subcommand?: string | string[]; name: string[]; same?: string[]; only?: true; at?: number; for?: string | string[]; none?: string[]; 'none-here'?: string[]; flag?: string; option?: string; default?: string; 'none-between'?: string[] }

export interface MatchSpec {
  /** Program names (basename); `fly|flyctl` style alternatives go in a list. */
  command?: string | string[];
  /** Subcommand path(s) after global options: 'volume delete', 'db:drop'. */
  subcommand?: string | string[];
  flags?: AnyAllNone;
  /** Positional arguments after the subcommand: globs, or /regex/. */
  args?: AnyAllNone;
  /** A path argument is, is inside, or is an ancestor of a protected path. */
  /** from: positional args (default), all words, values of `flags`, or the last positional (a
   *  destination) plus values of `flags` (like `cp -t DIR`).
   *  `existing`: a literal path that doesn't exist yet (and the line doesn't make first) under
   *  protected data is a new file, not an overwrite; system and countersign paths still count. */
  /** `into`: the paths are directories the program writes files of any name into (an archive
   *  extracted there): a directory on PATH whose programs run in place of later ones (or in place
   *  of countersign's own launcher) counts, and with no such path on the line, the working
   *  directory is checked for that alone. */
  paths?: { protected: true; from?: 'args' | 'all' | 'flag-values' | 'last'; flags?: string[]; self?: boolean; existing?: boolean; into?: boolean };
  /** An output redirection (`>`) truncates a protected file, or with `matches` a file whose
   *  literal path matches that regex (on another machine, with `remote`, no protected paths are
   *  known). `append` counts `>>` too; `self` limits it to countersign's own config and state;
   *  `existing` as for `paths`. */
  redirect?: { protected?: true; matches?: string; append?: boolean; self?: boolean; existing?: boolean };
  sql?: string[];
  /** Where `sql` finds the SQL when the program isn't a database client (cloud CLIs). Without it,
   *  the client's own flags, heredocs and files are read (src/rules/sql/sources.ts, SQL_CLIENTS). */
  'sql-from'?: SqlFrom;
  http?: {
    methods?: string[];
    hosts?: string[];
    paths?: string[];
    mutations?: string[];
    local?: boolean;
    /** The statements the request carries (http/sql.ts) include one of these kinds. */
    sql?: string[];
    /** The visible body matches one of these (globs or /regex/): `null` to Firebase, `"force":true`. */
    body?: string[];
    /** The URL's query string (after `?`, '' when none, as written) matches one of these:
     *  PostgREST filters that select every row (`?id=not.is.null`, none at all). */
    query?: string[];
  };
  /** Inline interpreter code (python -c ...) calling these (see src/rules/inline/). */
  code?: string[];
  /** The python code's every store client is on this machine (src/rules/inline/local-stores.ts);
   *  for `not:` forms. */
  'local-stores'?: true;
  /** Variables the program reads (TF_CLI_ARGS): holds when one's value (a prefix, set earlier on
   *  the line, or the environment) matches a pattern, or is only known at run time. */
  vars?: Record<string, string[]>;
  /** The first positional after the subcommand is a saved Terraform plan that destroys or
   *  replaces something, or that can't be read (src/rules/tfplan.ts). */
  tfplan?: true;
  /** Every value given to these options names a scratch directory, and one is given: a path
   *  known before run time, under /tmp, /var/tmp or /dev/shm (not the root itself) as written,
   *  through links and on disk, and not inside the home, the project or a git repository. For
   *  `not:` forms (`--homedir /tmp/gnupg-test`). `operands` stands for the positionals after the
   *  subcommand, each up to a `::` (borg's REPO::ARCHIVE). */
  scratch?: string[];
  /** Every value given to these options is a name `mktemp` picked earlier on the line (a variable
   *  holding mktemp's pattern, `$d` of `d=$(mktemp -d)`), and one is given: nothing else had that
   *  name, so what is there is the line's own. For `not:` forms. `operands` as for scratch. */
  fresh?: string[];
  /** As `fresh`, or the name has a part only this run has: bash's `$$`, `$RANDOM`, `$SRANDOM` or
   *  `$BASHPID` (digits, never empty), as in `db=app_test_$$` or `-p "ci-$$"`: a name made for
   *  this run, which nothing else holds (a leftover of an earlier run of the same script at most).
   *  `operands` as for scratch, `last` for the last one; `$VAR` for a variable the program reads
   *  (COMPOSE_PROJECT_NAME), consulted only when none of the options is given. For `not:` forms. */
  unique?: string[];
  /** The command runs somewhere else: inside a pod or container (`kubectl exec`, `docker exec`)
   *  or on a host over ssh, where this machine's protected paths don't apply. */
  remote?: true;
  /** What stdin holds: `literal` when the line shows all of it (echo/printf/true/:, a heredoc or
   *  here-string, </dev/null, a file the line wrote with shown text), never a program's data. */
  stdin?: 'literal';
  /** The command's first operand was made fresh earlier in the line: a command of the same
   *  program with this `subcommand`, naming it in one of the `name` options, with equal `same`
   *  options, in the same directory, that had to succeed first (`&&`). Then the match fails.
   *  `only`: and it is the command's only operand (`git branch -D mine theirs` still matches).
   *  A `name` of `operand`: the create's first operand after its sub-command (`turso db create
   *  NAME`). `at`: the operand of this command that names the thing (`kubectl delete namespace
   *  NAME`: 1), with `only` then meaning no operand after it. `for`: only when this command is
   *  one of these of the rule's sub-commands (`turso db destroy`, not `turso group destroy`).
   *  A list: any one of them. `none`: flags that, on the create, void it (`git branch -f X`
   *  resets a branch already there); `none-here`: on this command (`consul kv delete -recurse`). `flag`: the
   *  create is a command with this flag (`kafka-topics --create`), `subcommand` then optional.
   *  `option`: the thing is this option's value on this command (`--topic NAME`), not an operand,
   *  and a plain name (letters, digits, `_`, `-`). `program`: the create is this other program
   *  (`createdb NAME && ... dropdb NAME`), `subcommand` then optional; `same` options then name
   *  the same thing in both programs' words. */
  'unless-created'?: UnlessCreated | UnlessCreated[];
  /** Escape hatch: a regex on the invocation's argv joined by spaces. Needs `keywords`. */
  regex?: string;
  /** The regex also reads the text on stdin; stdin that can't be read pauses. `code`: only when
   *  stdin is the interpreter's program (registry payload: `python -m json.tool` and
   *  `python script.py` read stdin as data). */
  'regex-stdin'?: true | 'code';
  /** The regex also reads the files the argv names with these prefixes (aws `file://`,
   *  `fileb://`: the CLI replaces the value with the file's content); one that can't be read pauses. */
  'regex-files'?: string[];
  /** A package manager installing or linking a local package globally (`npm link [DIR]`,
   *  `npm i -g ./DIR`, `pnpm add -g`, `bun link`, `yarn global add file:DIR`) whose package.json
   *  names one of these as its package or a bin: its program lands on PATH under that name. */
  'package-bins'?: string[];
  /** A regex on the commands that feed this one's input through pipes, when its arguments are
   *  appended from that input (xargs): `… | sed 's/origin\//:/' | xargs git push origin`. */
  'regex-input'?: string;
  /** A regex on the one command piped straight into this one's stdin (its words), the whole of
   *  what that pipe element runs: `kubectl create secret generic x --dry-run=client -o yaml |
   *  kubectl replace -f -` (what the producer prints is the manifest this command reads). */
  'regex-producer'?: string;
  /** The regex also reads the words as written (`"$PROD_DATABASE_URL"`: the variable's name), not
   *  only their values (an unset variable's is empty), the wrappers' words (`dotenv -e
   *  .env.production --`, `ssh prod-app`) and the files sourced earlier on the line. */
  'regex-written'?: true | 'line';
  /** A file this line wrote before the command, at a path matching `path` (a regex on the
   *  absolute path), whose content matches `content` (a case-insensitive regex), or whose content
   *  can't be seen (then it pauses): a migration in code the runner applies by itself. `ignore`:
   *  spans of the content not read (a migration's down step, which this run doesn't apply). Files on
   *  disk before the line are the project's reviewed history and are not read. */
  'written-file'?: { path: string; content: string; ignore?: string; settings?: string };
  /** An earlier command on the line deletes or moves away a file whose path (as written, a
   *  pattern included) matches this regex: `rm -f *.tf && terraform apply -auto-approve`. */
  'removed-file'?: string;
  /** An earlier command on the line, its words joined by spaces, matches this regex
   *  (case-insensitive): `terraform state mv A B && terraform apply -auto-approve`. */
  earlier?: string;
  /** The program reads the caller's input (no pipe, heredoc or `<` of the line's), and that input
   *  may be written by the caller (`countersign -c` on a pty or pipe, an interactive session): an
   *  interactive client whose statements an agent driving the pty types later, never judged. */
  'caller-input'?: true;
  keywords?: string[];
  /** Another match that must not hold (e.g. a dry-run form). Inherits the subcommand. */
  not?: MatchSpec;
  /** At least one of these must hold too (alternatives). Each inherits the subcommand. */
  'any-of'?: MatchSpec[];
}

/** SQL carried by a CLI's flags or arguments. Every source present is read; a value that can't be
 *  seen (built at run time, a file that can't be read) makes the rule's input unknown: fail closed. */
export interface SqlFrom {
  /** Options whose values are SQL text (`--sql`), each value on its own. */
  flags?: string[];
  /** Options whose values name a file of SQL (`--ddl-file`); `-` is stdin. */
  files?: string[];
  /** The positionals after the subcommand are SQL: joined with spaces (as `bq query` does), and each one. */
  args?: boolean;
  /** Stdin is SQL when none of the sources above is given (`bq query < drop.sql`). */
  stdin?: boolean;
  /** A value (of `flags` or `args`) starting with one of these names a file to read instead
   *  (aws `file://`, `fileb://`; gcloud sql `@`). */
  'file-prefix'?: string[];
  /** How the text reads: SQL (the default), Redis commands, mongo shell code, or Cypher. */
  dialect?: 'sql' | 'redis' | 'mongo' | 'cypher';
  /** Files the tool applies by itself (a migrations directory), as a regex on the absolute path:
   *  the ones the line wrote before the command are read (their content, or unknown). Files that
   *  were on disk before the line are not read here. */
  written?: string;
  /** A shell command that runs a file of SQL (libSQL's shell: an argument or stdin line `.read
   *  FILE`): the file that line names is read too, relative to the working directory. */
  'read-command'?: string;
}

export interface RuleSpec {
  id: string;
  severity: Severity;
  summary: string;
  match: MatchSpec;
  /** 'deny' means never, not even with a phrase. */
  action?: 'confirm' | 'deny';
  /** What kind of target the finding concerns, for environment resolution. */
  target?: string;
  /** Verb for the confirmation phrase: 'delete', 'drop', 'force-push'... */
  verb?: string;
  /** What the phrase calls the thing the verb acts on, and where its name comes from. */
  resource?: ResourceSpec;
  /** The finding stands only where its target resolves to one of these environments (by
   *  evidence: `unknown` is not `production` here, nor is a guess stricter than the first reading). For acts that are everyday work elsewhere: a
   *  one-step migration rollback on a database resolved as production. */
  'only-in'?: string[];
  tests?: { match?: Example[]; 'no-match'?: string[] };
}

/** `noun`: the kind of thing (`compose project`), said after the verb, before the name, and alone
 *  when the command names none. `from`: where the name is: the match's own finding (default),
 *  the value of one of these options (`[-p, --project-name]`, nothing when none is given), or
 *  `none` (the words after the subcommand are not a name: say the noun alone), or `sources` (a move's
 *  operands after the subcommand but the last: what is taken away, not where it goes). */
export interface ResourceSpec {
  noun?: string;
  from?: 'none' | 'sources' | string[];
}

/** A positive example: the command, or the command and the phrase a person must type for it. */
export type Example = string | { cmd: string; phrase?: string };

export function exampleCmd(ex: Example): string {
  return typeof ex === 'string' ? ex : ex.cmd;
}

/** Per-program facts shared by all rules: a program registry entry (src/programs/types.ts). */
export type CommandSpec = ProgramSpec;

export interface RuleFile {
  pack?: string;
  description?: string;
  commands?: Record<string, CommandSpec>;
  rules?: RuleSpec[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  summary: string;
  action: 'confirm' | 'deny';
  /** The invocation's text as the user would read it. */
  invocation: string;
  /** What was matched, for the panel: 'rm -rf data', 'DROP TABLE users', 'mutation volumeDelete'. */
  detail: string;
  verb?: string;
  /** The rule's word for the kind of thing the verb acts on (`compose project`). */
  noun?: string;
  /** The resource named in the command, when obvious (volume id, table, namespace). */
  resource?: string;
  /** The scripts the invocation was found in: `npm run db:reset (package.json) → script x.sh`. */
  via?: string;
  targetKind?: string;
  /** The rule saw that the command acts somewhere other than its words say (a proxied localhost
   *  request): the target is then unknown, with this as its evidence. */
  elsewhere?: string;
  /** Its input can't be seen only because a file it reads isn't there now and nothing earlier on
   *  the line may make it: the command fails as it stands. Policy still pauses where the target is
   *  production or unknown (the file may appear before it runs: another process, a sandbox that
   *  sees other files than this check). */
  absent?: boolean;
  /** The rule's `only-in`: the engine drops the finding where the target resolves elsewhere. */
  onlyIn?: string[];
  /** Filled in by targets. */
  target?: unknown;
  inv?: Invocation;
}
