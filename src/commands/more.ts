// Smaller subcommands: approve, deny, log, mark, env. Each loads only what it needs.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../exit.js';
import { homeOf, stateDir } from '../engine.js';
import { parseArgs } from './check.js';

export async function run(name: string, args: string[]): Promise<number> {
  switch (name) {
    case 'approve':
      return approveCommand(args);
    case 'deny':
      return denyCommand(args);
    case 'approver':
      return approverCommand(args);
    case 'log':
      return logCommand(args);
    case 'mark':
      return markCommand(args);
    case 'env':
      return (await import('./env.js')).envCommand(args);
    case 'shims':
      return (await import('../agents/index.js')).shimsCommand(args);
    case 'hook':
      return (await import('../agents/hooks.js')).hookCommand(args);
    case 'init': return (await import('./init.js')).initCommand(args);
    case 'doctor': return (await import('./doctor.js')).doctorCommand(args);
    case 'trust': return (await import('./trust.js')).trustCommand(args);
    default:
      process.stderr.write(`countersign ${name}: not available in this version yet\n`);
      return EXIT.USAGE;
  }
}

const state = () => stateDir(process.env, homeOf(process.env));

export { insideCountersign, countersignAt } from '../confirm/index.js';

async function approveCommand(args: string[]): Promise<number> {
  const { approveCommand: approve } = await (await import('../confirm/index.js')).approver();
  return approve(args, { env: process.env, home: homeOf(process.env) }, await unlockMinutes());
}

/** How long the approver key stays unlocked, from the config of this directory. */
async function unlockMinutes(): Promise<number> {
  try {
    const { engineFor } = await import('../engine.js');
    const e = await engineFor({ cwd: process.cwd(), env: process.env, home: homeOf(process.env) });
    return e.config.confirm['unlock-minutes'] ?? 15;
  } catch {
    return 15;
  }
}

async function approverCommand(args: string[]): Promise<number> {
  const sub = args[0];
  if (sub === 'approve') return approveCommand(args.slice(1));
  if (sub === 'deny') return denyCommand(args.slice(1));
  if (sub === 'setup' || sub === 'show' || sub === '--help' || sub === '-h') return (await import('./approver.js')).approverCommand(args);
  if (sub === 'list') {
    const ap = (await import('../confirm/index.js')).approvals;
    const { safe } = await import('../confirm/index.js');
    const pending = ap.listPending(state());
    process.stdout.write(pending.length ? pending.map((p) => `${p.id}  ${new Date(p.created).toLocaleTimeString()}  ${safe(p.cwd)}  ${safe(p.command.split('\n')[0]!.slice(0, 100))}${p.command.includes('\n') ? `  (+${p.command.split('\n').length - 1} more line${p.command.split('\n').length > 2 ? 's' : ''})` : ''}\n`).join('') : 'No pending requests.\n');
    return EXIT.OK;
  }
  if (sub === undefined || sub === 'watch') {
    const { approverPane } = await (await import('../confirm/index.js')).approver();
    return approverPane({ env: process.env, home: homeOf(process.env) }, await unlockMinutes());
  }
  process.stderr.write(`usage: countersign approver [watch|list|approve ID|deny ID|setup [--system]|show]\n`);
  return EXIT.USAGE;
}

async function denyCommand(args: string[]): Promise<number> {
  const ap = (await import('../confirm/index.js')).approvals;
  const id = args[0];
  const p = id ? ap.getPending(state(), id) : undefined;
  if (!p) {
    process.stderr.write(`countersign deny: no pending request ${id ?? '(give an ID)'}\n`);
    return EXIT.USAGE;
  }
  ap.deny(state(), p, process.env.USER ?? 'user');
  process.stdout.write(`Denied ${p.id}.\n`);
  return EXIT.OK;
}

export function parseSince(s: string, now = Date.now()): number | undefined {
  const m = /^(\d+)\s*(s|m|h|d|w)$/.exec(s);
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[m[2] as 's']!;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

async function logCommand(args: string[]): Promise<number> {
  const p = parseArgs(args, ['--json', '--since=', '--verify']);
  if (typeof p === 'string') {
    process.stderr.write(`countersign log: ${p}\nusage: countersign log [--since 1h|2d|DATE] [--json] [--verify]\n`);
    return EXIT.USAGE;
  }
  const since = p.values.since ? parseSince(p.values.since) : undefined;
  if (p.values.since && since === undefined) {
    process.stderr.write(`countersign log: --since takes a duration like 30m, 2h, 7d, or a date\n`);
    return EXIT.USAGE;
  }
  if (p.opts.has('--verify')) return verifyLog();
  const { readAudit } = await import('../audit/index.js');
  const recs = readAudit(state()).filter((r) => since === undefined || Date.parse(r.time) >= since);
  if (p.opts.has('--json')) {
    for (const r of recs) process.stdout.write(JSON.stringify(r) + '\n');
    return EXIT.OK;
  }
  const pc = (await import('picocolors')).default;
  const { safe } = await import('../confirm/index.js');
  const c = pc.createColors(!!process.stdout.isTTY && !process.env.NO_COLOR);
  for (const r of recs) {
    const envs = [...new Set(r.findings.map((f) => f.environment))].join(',');
    const mark = r.exit !== undefined && r.settled !== 'allowed' ? c.yellow(`ran after ${safe(r.settled)}`) : r.settled === 'allowed' ? c.green('allowed') : c.red(safe(String(r.settled)));
    // The whole command: a pasted script's later lines are what ran too, indented under the first.
    const [first, ...more] = r.command.split('\n');
    process.stdout.write(`${c.dim(safe(r.time))}  ${mark}${r.exit !== undefined ? c.dim(` exit ${safe(String(r.exit))}`) : ''}  [${safe(envs)}]  ${safe(first ?? '')}\n`);
    for (const line of more) process.stdout.write(`      ${c.dim('|')} ${safe(line)}\n`);
    for (const f of r.findings) process.stdout.write(`    ${safe(f.rule)} (${safe(f.severity)}): ${safe(f.detail.slice(0, 120))}\n`);
  }
  if (!recs.length) process.stdout.write('No audit entries.\n');
  return EXIT.OK;
}

/** `log --verify`: the hash chain and every signature; names the first bad record. */
async function verifyLog(): Promise<number> {
  const [{ verifyAudit, auditFile }, keys] = await Promise.all([import('../audit/index.js'), import('../keys/index.js')]);
  const env = process.env;
  const { anchor, problem } = keys.trustAnchor(env, homeOf(env), state());
  const res = verifyAudit(state(), (fp, claims, sig) => {
    if (!anchor) return `a signed record, but no approver key to check it against (${problem ?? 'none set up'})`;
    if (fp !== anchor.fingerprint) return `signed by key ${String(fp)}, not the approver key ${anchor.fingerprint}`;
    return keys.verify(anchor.publicKey, claims as import('../keys/index.js').Claims, sig) ? undefined : 'its signature does not match its contents';
  });
  if (res.bad) {
    process.stdout.write(`${auditFile(state())}: record ${res.bad.line} is bad: ${res.bad.why}.\n${res.records} records before it verify${res.signed ? ` (${res.signed} signed)` : ''}.\n`);
    return EXIT.DECLINED;
  }
  process.stdout.write(`${auditFile(state())}: ${res.records} records, chain intact, ${res.signed} signatures verify${anchor ? ` (key ${anchor.fingerprint})` : ''}.\n`);
  return EXIT.OK;
}

async function markCommand(args: string[]): Promise<number> {
  const target = args[0];
  if (!target) {
    process.stderr.write('usage: countersign mark PATH\n');
    return EXIT.USAGE;
  }
  const abs = path.resolve(target);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    process.stderr.write(`countersign mark: ${target} is not a directory\n`);
    return EXIT.USAGE;
  }
  const { MARKER } = await import('../rules/index.js');
  writeFileSync(path.join(abs, MARKER), '# countersign: this directory and everything under it is protected.\n# Deleting or overwriting it pauses for a typed confirmation. Commit this file to share it.\n');
  // Registered too, so deleting a parent is caught without searching the tree.
  const reg = path.join(state(), 'marked.json');
  let data: { marked: string[] } = { marked: [] };
  try {
    data = JSON.parse(readFileSync(reg, 'utf8')) as { marked: string[] };
  } catch {
    /* new registry */
  }
  if (!data.marked.includes(abs)) data.marked.push(abs);
  mkdirSync(path.dirname(reg), { recursive: true, mode: 0o700 });
  writeFileSync(reg, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  process.stdout.write(`Marked ${abs} (wrote ${MARKER}).\n`);
  return EXIT.OK;
}
