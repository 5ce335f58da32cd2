// Text shown to people: `check` output, the confirmation panel, and the message to the agent.
import pc from 'picocolors';
import type { CheckResult } from '../engine.js';
import type { JudgedFinding } from '../policy/index.js';
import { isStrict } from '../policy/index.js';

type Colors = ReturnType<typeof pc.createColors>;

function envBadge(env: string, c: Colors): string {
  const label = ` ${env.toUpperCase()} `;
  if (isStrict(env)) return c.bold(c.bgRed(c.white(label)));
  if (env === 'local') return c.bold(c.bgGreen(c.black(label)));
  return c.bold(c.bgYellow(c.black(label)));
}

function sevColor(s: string, c: Colors): (t: string) => string {
  return s === 'critical' || s === 'high' ? (t) => c.bold(c.red(t)) : s === 'medium' ? c.yellow : c.dim;
}

function findingLines(f: JudgedFinding, c: Colors): string[] {
  const out = [
    `  ${sevColor(f.severity, c)(f.severity.toUpperCase())} ${c.bold(f.rule)}: ${f.summary}`,
    `    ${c.dim('what:')}  ${f.detail}`,
  ];
  if (f.resource) out.push(`    ${c.dim('which:')} ${f.resource}`);
  out.push(`    ${c.dim('where:')} ${envBadge(f.target.environment, c)}${f.target.resource ? ` ${f.target.resource}` : ''}`);
  for (const e of f.target.evidence.slice(0, 6)) out.push(`           ${c.dim('·')} ${e}`);
  return out;
}

export function renderCheck(text: string, res: CheckResult, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const head =
    res.decision === 'allow'
      ? c.green('allow')
      : res.decision === 'deny'
        ? c.bold(c.red('deny: this never runs'))
        : c.bold(c.yellow('confirm: a person must type the phrase'));
  const lines = [`${head}  ${c.dim(text.length > 120 ? text.slice(0, 117) + '...' : text)}`];
  for (const f of res.findings) lines.push(...findingLines(f, c));
  if (res.phrase) lines.push(`  phrase: ${c.bold(res.phrase)}`);
  return lines.join('\n') + '\n';
}

/** The panel drawn on the terminal before asking for the phrase. */
export function renderPanel(text: string, res: CheckResult, opts: { color: boolean; width?: number }): string {
  const c = pc.createColors(opts.color);
  const width = Math.max(40, Math.min(opts.width ?? 80, 100));
  const rule = c.red('━'.repeat(width));
  const envs = [...new Set(res.findings.filter((f) => f.decision !== 'allow').map((f) => f.target.environment))];
  const lines = [
    '',
    rule,
    `${c.bold(c.red(' ⛔ countersign paused a destructive command'))}`,
    rule,
    `  ${c.dim('command:')} ${c.bold(text.length > 400 ? text.slice(0, 397) + '...' : text)}`,
    `  ${c.dim('target:')}  ${envs.map((e) => envBadge(e, c)).join(' ')}`,
    '',
  ];
  for (const f of res.findings.filter((x) => x.decision !== 'allow')) lines.push(...findingLines(f, c), '');
  if (res.decision === 'deny') lines.push(c.bold(c.red('  This command is denied by policy. It will not run.')));
  else if (res.phrase) lines.push(`  To run it, type exactly:  ${c.bold(c.cyan(res.phrase))}`, c.dim('  Anything else, an empty line, Ctrl-C or Ctrl-D declines.'));
  lines.push(rule, '');
  return lines.join('\n');
}

/** One paragraph on stderr for the agent whose command was stopped. */
export function agentMessage(text: string, res: CheckResult, how: string, opts: { approvable?: boolean } = {}): string {
  const top = res.findings.filter((f) => f.decision !== 'allow');
  const what = top.map((f) => `${f.rule} (${f.summary}: ${f.detail})`).join('; ');
  const envs = [...new Set(top.map((f) => `${f.target.environment}${f.target.evidence[0] ? ` [${f.target.evidence[0]}]` : ''}`))].join(', ');
  return (
    `countersign: stopped, not run (${how}). The command \`${text.length > 200 ? text.slice(0, 197) + '...' : text}\` ` +
    `was flagged as destructive: ${what}. Target environment: ${envs || 'unknown'}. ` +
    `Do not try to reach the same result another way (another tool, an API call, a script, or rewording the command); ` +
    `stop and ask the user. ` +
    (opts.approvable === false
      ? (res.decision === 'deny' ? `Policy forbids it everywhere.\n` : `A person who wants it run can run it in their own terminal.\n`)
      : `A person can approve it by running the command in their own terminal, or with \`countersign approve\`.\n`)
  );
}
