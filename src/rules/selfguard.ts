// Nothing in the line or its environment turns the guard off. countersign finds its config, its
// state (approvals, pins, trust) and its key through these variables: a line that changes them for
// a command (`HOME=… cmd`, `export XDG_CONFIG_HOME=…`, `env -u COUNTERSIGN_SESSION`, `unset HOME`)
// pauses. Read from the raw text, so quoting or a construct the parser doesn't model can't hide it:
// a mention inside an echoed string pauses too, which is rare and fails closed.
// Kept free of imports: the quick reject calls it on every line.

const NAMES = String.raw`(?:HOME|XDG_CONFIG_HOME|XDG_STATE_HOME|XDG_RUNTIME_DIR|COUNTERSIGN_\w*)`;
const SET = new RegExp(String.raw`(?:^|[\s;&|(\x60{])${NAMES}\+?=`);
const UNSET = new RegExp(String.raw`\b(?:unset|env)\b[^;&|\n]*\s(?:-u\s*|--unset[= ]|-[a-zA-Z]*\s)?${NAMES}\b`);
// `env` as a word of its own (`env -i`, `/usr/bin/env -`), not a file's extension (`aws s3 cp
// s3://b/prod.env - | wc -l`: `-` there is stdout).
const ENV_CLEAR = /(?<!\.)\benv\s+(?:-\w*i|--ignore-environment)\b|(?<!\.)\benv\s+-\s/;
const EXPORT = new RegExp(String.raw`\b(?:export|declare|typeset|readonly|local)\b[^;&|\n]*\b${NAMES}\b`);
// `$HOME`, `${HOME}`, `${HOME%/*}`: reading the variable (`export PATH="$HOME/.local/bin:$PATH"`)
// changes nothing; `${HOME=x}` and `${HOME:=x}` assign, so they stay.
const READ = new RegExp(String.raw`\$\{?${NAMES}(?![\w=]|:=)`, 'g');

/** What the line does to countersign's own variables, or undefined. */
export function touchesGuardedEnv(raw: string): string | undefined {
  // Quotes and backslashes dropped: `export HO""ME=/x` is still HOME after quote removal.
  const text = raw.includes('"') || raw.includes("'") || raw.includes('\\') ? raw.replace(/["'\\]/g, '') : raw;
  if (!text.includes('HOME') && !text.includes('COUNTERSIGN') && !text.includes('env') && !text.includes('XDG')) return undefined;
  const set = SET.exec(text);
  if (set) return `it sets ${set[0].replace(/^[^A-Z]/, '').replace(/\+?=$/, '')}, which decides where countersign reads its config, approvals and key`;
  if (ENV_CLEAR.test(text)) return 'it clears the environment (env -i), which decides where countersign reads its config, approvals and key';
  const un = UNSET.exec(text) ?? EXPORT.exec(text.replace(READ, '$'));
  if (un) return `it changes ${/\b(HOME|XDG_\w+|COUNTERSIGN_\w*)\b/.exec(un[0])?.[1] ?? 'a variable'}, which decides where countersign reads its config, approvals and key`;
  return undefined;
}
