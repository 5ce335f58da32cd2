// Text shown to people: `check` output, the confirmation panel, and the message to the agent.
import pc from 'picocolors';
import type { CheckResult } from '../engine.js';
import type { JudgedFinding } from '../policy/index.js';
import { isStrict } from '../policy/index.js';
import { table } from '../own.js';

type Colors = ReturnType<typeof pc.createColors>;

// Control characters (except tab, and newline where a block allows it), DEL, C1 controls,
// zero-width characters and bidirectional overrides, and the characters terminals draw as nothing
// (soft hyphen, the Arabic letter mark, Hangul fillers, variation selectors, tag characters). Written to a terminal as they are, they
// would let a command line redraw the panel (erase itself, move the cursor over the target's
// name, reverse text), so that the person reads something else than what would run.
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\ufff9-\ufffb\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;
const UNSAFE_BUT_NEWLINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\ufff9-\ufffb\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;
const NAMED: Record<string, string> = table({ '\x1b': '\\e', '\r': '\\r', '\n': '\\n', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\x07': '\\a' });
const visible = (ch: string): string => {
  const cp = ch.codePointAt(0)!;
  return NAMED[ch] ?? (cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`);
};

/** Text from outside (the command, paths, names, evidence) made safe to draw on a terminal:
 *  every character that could move the cursor or change what is shown is written visibly. */
export function safe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** The same, keeping line breaks (a command line of several lines). */
export function safeBlock(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, visible);
}

function envBadge(env: string, c: Colors): string {
  const label = ` ${safe(env.toUpperCase())} `;
  // Unknown is a guess countersign refuses to make: say how it is treated.
  if (env === 'unknown') return `${c.bold(c.bgRed(c.white(label)))} ${c.red('(handled like production)')}`;
  if (isStrict(env)) return c.bold(c.bgRed(c.white(label)));
  if (env === 'local') return c.bold(c.bgGreen(c.black(label)));
  return c.bold(c.bgYellow(c.black(label)));
}

/** Findings as shown: one entry for findings that say the same thing about the same target
 *  (a Railway API call is both railway/api-destroy and http/graphql-destructive-mutation), the
 *  strictest first, with the other rules' ids kept. */
export function shownFindings(findings: JudgedFinding[]): Array<JudgedFinding & { also: string[] }> {
  const order = { deny: 2, confirm: 1, allow: 0 } as const;
  const sev = ['low', 'medium', 'high', 'critical'];
  const key = (f: JudgedFinding): string => JSON.stringify([f.detail, f.resource, f.via, f.target.environment, f.target.resource, f.target.evidence]);
  const groups = new Map<string, JudgedFinding[]>();
  for (const f of findings) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  return [...groups.values()].map((g) => {
    const [top, ...rest] = [...g].sort((a, b) => order[b.decision] - order[a.decision] || sev.indexOf(b.severity) - sev.indexOf(a.severity));
    return { ...top!, also: [...new Set(rest.map((f) => f.rule).filter((r) => r !== top!.rule))] };
  });
}

function sevColor(s: string, c: Colors): (t: string) => string {
  return s === 'critical' || s === 'high' ? (t) => c.bold(c.red(t)) : s === 'medium' ? c.yellow : c.dim;
}

function findingLines(f: JudgedFinding & { also?: string[] }, c: Colors): string[] {
  const also = f.also?.length ? ` ${c.dim(`(also ${safe(f.also.join(', '))})`)}` : '';
  const out = [
    `  ${sevColor(f.severity, c)(safe(f.severity.toUpperCase()))} ${c.bold(safe(f.rule))}${also}: ${safe(f.summary)}`,
    `    ${c.dim('what:')}  ${safe(f.detail)}`,
  ];
  if (f.via) out.push(`    ${c.dim('from:')}  ${safe(f.via)}`);
  if (f.resource) out.push(`    ${c.dim('which:')} ${safe(f.resource)}`);
  out.push(`    ${c.dim('where:')} ${envBadge(f.target.environment, c)}${f.target.resource ? ` ${safe(f.target.resource)}` : ''}`);
  for (const e of f.target.evidence.slice(0, 6)) out.push(`           ${c.dim('·')} ${safe(e)}`);
  return out;
}

export function renderCheck(text: string, res: CheckResult, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  // The verdict on its own line, the command on the next: a command never reads as the phrase.
  const head =
    res.decision === 'allow'
      ? c.green('allow')
      : res.decision === 'deny'
        ? c.bold(c.red('deny: this never runs'))
        : `${c.bold(c.yellow('confirm: a person must confirm'))}${res.phrase ? ` (phrase: "${c.bold(safe(res.phrase))}")` : ''}`;
  const lines = [head, `  ${c.dim('command:')} ${c.dim(safe(text.length > 120 ? text.slice(0, 117) + '...' : text))}`];
  for (const f of shownFindings(res.findings)) lines.push(...findingLines(f, c));
  return lines.join('\n') + '\n';
}

/** The panel drawn on the terminal before asking for the phrase. */
export function renderPanel(text: string, res: CheckResult, opts: { color: boolean; width?: number; notes?: string[]; fingerprint?: string }): string {
  const c = pc.createColors(opts.color);
  const width = Math.max(40, Math.min(opts.width ?? 80, 100));
  const rule = c.red('━'.repeat(width));
  const envs = [...new Set(res.findings.filter((f) => f.decision !== 'allow').map((f) => f.target.environment))];
  const lines = [
    '',
    rule,
    `${c.bold(c.red(' ⛔ countersign paused a destructive command'))}`,
    rule,
    // A command of several lines keeps the panel's indentation on each of them.
    `  ${c.dim('command:')} ${safeBlock(text.length > 400 ? text.slice(0, 397) + '...' : text).split('\n').map((l) => c.bold(l)).join(`\n${' '.repeat(11)}`)}`,
    `  ${c.dim('target:')}  ${envs.map((e) => envBadge(e, c)).join(' ')}`,
    '',
  ];
  for (const f of shownFindings(res.findings.filter((x) => x.decision !== 'allow'))) lines.push(...findingLines(f, c), '');
  for (const n of opts.notes ?? []) lines.push(c.yellow(`  note: ${safe(n)}`));
  if (opts.fingerprint) lines.push(c.dim(`  approver key: ${safe(opts.fingerprint)}`));
  if (res.decision === 'deny') lines.push(c.bold(c.red('  This command is denied by policy. It will not run.')));
  else if (res.phrase) {
    lines.push(
      `  To run it, type exactly:  ${c.bold(c.cyan(safe(res.phrase)))}`,
      c.dim('  (capitals and extra spaces don\'t matter). One try: a wrong phrase, an empty line, Ctrl-C or Ctrl-D declines.'),
    );
  }
  lines.push(rule, '');
  return lines.join('\n');
}

/** One paragraph on stderr for the agent whose command was stopped. */
export function agentMessage(text: string, res: CheckResult, how: string, opts: { approvable?: boolean; id?: string } = {}): string {
  const top = shownFindings(res.findings.filter((f) => f.decision !== 'allow'));
  const what = safe(top.map((f) => `${f.rule} (${f.summary}: ${f.detail})`).join('; '));
  const envName = (e: string): string => (e === 'unknown' ? 'unknown (handled like production)' : e);
  const envs = safe([...new Set(top.map((f) => `${envName(f.target.environment)}${f.target.evidence[0] ? ` [${f.target.evidence[0]}]` : ''}`))].join(', '));
  return (
    `countersign: stopped, not run (${how}). The command \`${safe(text.length > 200 ? text.slice(0, 197) + '...' : text)}\` ` +
    `was flagged as destructive: ${what}. Target environment: ${envs || 'unknown (handled like production)'}. ` +
    `Do not try to reach the same result another way (another tool, an API call, a script, or rewording the command); ` +
    `stop and ask the user. ` +
    (opts.approvable === false
      ? (res.decision === 'deny' ? `Policy forbids it everywhere.\n` : `A person who wants it run can run it in their own terminal.\n`)
      : `Only a person can approve it, in their own terminal (\`countersign approver\` or \`countersign approve${opts.id ? ` ${opts.id}` : ''}\`, with the approver passphrase); after that, retry exactly the same command once.\n`)
  );
}

/** Stopped because countersign's own configuration doesn't load: names the file:line errors and
 *  the fix, and calls no command destructive (nothing was judged). */
export function configErrorMessage(errors: string[]): string {
  return (
    `countersign: not run: countersign's configuration has errors, so no command can be checked until it is fixed ` +
    `(this says nothing about the command itself):\n` +
    errors.slice(0, 5).map((e) => `  ${safe(e)}\n`).join('') +
    `Ask the user to fix ${errors.length > 1 ? 'these' : 'this'} (\`countersign doctor\` lists every problem; the README's Configuration section shows the format), ` +
    `then run the command again.\n`
  );
}
