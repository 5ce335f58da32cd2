// Nothing in the line or its environment turns the guard off. countersign finds its config, its
// state (approvals, pins, trust) and its key through these variables: a line that changes them for
// a command (`HOME=… cmd`, `export XDG_CONFIG_HOME=…`, `env -u COUNTERSIGN_SESSION`, `unset HOME`)
// pauses. Read from the raw text, so quoting or a construct the parser doesn't model can't hide it:
// a mention inside an echoed string pauses too, which is rare and fails closed.
// Kept free of imports: the quick reject calls it on every line.

const NAMES = String.raw`(?:HOME|XDG_CONFIG_HOME|XDG_STATE_HOME|XDG_RUNTIME_DIR|COUNTERSIGN_\w*)`;
const SET = new RegExp(String.raw`(?:^|[\s;&|(\x60{])${NAMES}\+?=`);
const UNSET = new RegExp(String.raw`\b(?:unset|env)\b[^;&|\n]*\s(?:-u\s*|--unset[= ]|-[a-zA-Z]*\s)?${NAMES}\b`, 'y');
const UNSET_WORD = /\b(?:unset|env)\b/g;
// `env` as a word of its own (`env -i`, `/usr/bin/env -`), not a file's extension (`aws s3 cp
// s3://b/prod.env - | wc -l`: `-` there is stdout).
const ENV_CLEAR = /(?<!\.)\benv\s+(?:-\w*i|--ignore-environment)\b|(?<!\.)\benv\s+-\s/;
const EXPORT = new RegExp(String.raw`\b(?:export|declare|typeset|readonly|local)\b[^;&|\n]*\b${NAMES}\b`, 'y');
const EXPORT_WORD = /\b(?:export|declare|typeset|readonly|local)\b/g;
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
  const un = fromFirstWord(text, UNSET_WORD, UNSET) ?? fromFirstWord(text.replace(READ, '$'), EXPORT_WORD, EXPORT);
  if (un) return `it changes ${/\b(HOME|XDG_\w+|COUNTERSIGN_\w*)\b/.exec(un[0])?.[1] ?? 'a variable'}, which decides where countersign reads its config, approvals and key`;
  return undefined;
}

/** `whole.exec(text)` for a pattern that starts with one of `word`'s words and then runs to the
 *  end of a command (`[^;&|\n]*`): tried only at the first such word of each command. A later
 *  word of the same command can't match where the first didn't (the first's `[^;&|\n]*` reaches
 *  every place the later one's does), and trying every word is quadratic: 128 KB of `env env ...`
 *  took 13 s. `word` is global, `whole` sticky. */
function fromFirstWord(text: string, word: RegExp, whole: RegExp): RegExpExecArray | null {
  word.lastIndex = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    whole.lastIndex = m.index;
    const hit = whole.exec(text);
    if (hit) return hit;
    // On to the next command.
    const end = text.slice(m.index).search(/[;&|\n]/);
    if (end < 0) return null;
    word.lastIndex = m.index + end + 1;
  }
  return null;
}
