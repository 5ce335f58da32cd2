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
    case 'log':
      return logCommand(args);
    case 'mark':
      return markCommand(args);
    case 'env':
      return (await import('./env.js')).envCommand(args);
    case 'shims':
      return (await import('../agents/shims.js')).shimsCommand(args);
    case 'hook':
      return (await import('../agents/hooks.js')).hookCommand(args);
    case 'init': return (await import('./init.js')).initCommand(args);
    case 'doctor': return (await import('./doctor.js')).doctorCommand(args);
    default:
      process.stderr.write(`countersign ${name}: not available in this version yet\n`);
      return EXIT.USAGE;
  }
}

const state = () => stateDir(process.env, homeOf(process.env));

/** Is this process running inside a session wrapped by countersign? (Linux: /proc ancestry.) */
export function insideCountersign(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.COUNTERSIGN_SESSION) return 'COUNTERSIGN_SESSION is set';
  if (!existsSync('/proc/self/stat')) return undefined; // macOS: documented limit
  let pid = process.ppid;
  for (let i = 0; i < 64 && pid > 1; i++) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      // The program itself must be countersign (an argument that merely ends in "countersign",
      // like a tmux session or an editor's folder, doesn't count), and not another `countersign
      // approve`: only the word right after the program counts, so `countersign -c CMD approve`
      // is still a countersign shell.
      const at = countersignAt(cmd);
      if (at >= 0 && cmd[at + 1] !== 'approve') return `process ${pid} (${cmd.slice(0, 3).join(' ')}) is countersign`;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Where countersign's program path is in a command line (`countersign ...`, `node [flags]
 *  .../countersign ...`, `node .../dist/cli.mjs ...`), or -1. */
export function countersignAt(cmd: string[]): number {
  const isCs = (a: string | undefined): boolean => !!a && /(^|\/)countersign$|(^|\/)dist\/cli\.mjs$/.test(a);
  if (isCs(cmd[0])) return 0;
  if (!/(^|\/)(node|nodejs)[\d.]*$/.test(cmd[0] ?? '')) return -1;
  const script = cmd.findIndex((a, i) => i > 0 && !a.startsWith('-'));
  return script > 0 && isCs(cmd[script]) ? script : -1;
}

async function approveCommand(args: string[]): Promise<number> {
  const ap = await import('../confirm/approvals.js');
  const inside = insideCountersign();
  if (inside) {
    process.stderr.write(`countersign approve: refused: this terminal is guarded by countersign (${inside}), so an agent could be typing here.\nApprove from a terminal of your own that is not wrapped by countersign.\n`);
    return EXIT.DECLINED;
  }
  const { openTty, askPhrase, writeTty } = await import('../confirm/tty.js');
  const t = openTty();
  if (!t) {
    process.stderr.write('countersign approve: refused: there is no terminal. Only a person at a terminal can approve.\n');
    return EXIT.DECLINED;
  }
  try {
    const pending = ap.listPending(state());
    const id = args.find((a) => !a.startsWith('-'));
    if (!id) {
      if (!pending.length) {
        writeTty(t, 'No pending requests.\n');
        return EXIT.OK;
      }
      const { safe } = await import('../confirm/render.js');
      writeTty(t, `Pending requests:\n${pending.map((p) => `  ${safe(p.id)}  ${new Date(p.created).toLocaleTimeString()}  ${safe(p.cwd)}\n      ${safe(p.command.slice(0, 120))}`).join('\n')}\n`);
      if (pending.length > 1) {
        writeTty(t, '\nRun `countersign approve ID` for one of them.\n');
        return EXIT.OK;
      }
    }
    const p = id ? ap.getPending(state(), id) : pending[0];
    if (!p) {
      writeTty(t, `No pending request ${id}: it may have expired or been settled.\n`);
      return EXIT.USAGE;
    }
    const { renderPanel, safe } = await import('../confirm/render.js');
    const res = { decision: 'confirm' as const, findings: p.findings as never, uncertain: [], phrase: p.phrase, quick: false };
    writeTty(t, renderPanel(p.command, res, { color: !process.env.NO_COLOR, width: t.columns }));
    writeTty(t, `  requested from: ${safe(p.cwd)}  (via ${safe(p.via)}, request ${p.id})\n`);
    const answer = await askPhrase(t, p.phrase);
    if (answer !== 'confirmed') {
      writeTty(t, 'Not approved.\n');
      return EXIT.DECLINED;
    }
    if (!ap.getPending(state(), p.id)) {
      // It expired (or was settled elsewhere) while the phrase was being typed: the process that
      // asked has given up, so an approval now would only confuse.
      writeTty(t, `Request ${p.id} expired or was settled while you typed; not approved.\n`);
      return EXIT.DECLINED;
    }
    ap.approve(state(), p, `tty ${process.env.USER ?? ''}`.trim());
    writeTty(t, `Approved ${p.id}. It can run once${p.via === 'shell' ? '' : ' when the agent retries the same command'}.\n`);
    return EXIT.OK;
  } finally {
    t.close();
  }
}

async function denyCommand(args: string[]): Promise<number> {
  const ap = await import('../confirm/approvals.js');
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
  const p = parseArgs(args, ['--json', '--since=']);
  if (typeof p === 'string') {
    process.stderr.write(`countersign log: ${p}\nusage: countersign log [--since 1h|2d|DATE] [--json]\n`);
    return EXIT.USAGE;
  }
  const since = p.values.since ? parseSince(p.values.since) : undefined;
  if (p.values.since && since === undefined) {
    process.stderr.write(`countersign log: --since takes a duration like 30m, 2h, 7d, or a date\n`);
    return EXIT.USAGE;
  }
  const { readAudit } = await import('../audit/index.js');
  const recs = readAudit(state()).filter((r) => since === undefined || Date.parse(r.time) >= since);
  if (p.opts.has('--json')) {
    for (const r of recs) process.stdout.write(JSON.stringify(r) + '\n');
    return EXIT.OK;
  }
  const pc = (await import('picocolors')).default;
  const { safe } = await import('../confirm/render.js');
  const c = pc.createColors(!!process.stdout.isTTY && !process.env.NO_COLOR);
  for (const r of recs) {
    const envs = [...new Set(r.findings.map((f) => f.environment))].join(',');
    const mark = r.settled === 'phrase' || r.settled === 'approval' ? c.yellow('ran after confirmation') : r.settled === 'allowed' ? c.green('allowed') : c.red(safe(String(r.settled)));
    // The whole command: a pasted script's later lines are what ran too, indented under the first.
    const [first, ...more] = r.command.split('\n');
    process.stdout.write(`${c.dim(safe(r.time))}  ${mark}${r.exit !== undefined ? c.dim(` exit ${safe(String(r.exit))}`) : ''}  [${safe(envs)}]  ${safe(first ?? '')}\n`);
    for (const line of more) process.stdout.write(`      ${c.dim('|')} ${safe(line)}\n`);
    for (const f of r.findings) process.stdout.write(`    ${safe(f.rule)} (${safe(f.severity)}): ${safe(f.detail.slice(0, 120))}\n`);
  }
  if (!recs.length) process.stdout.write('No audit entries.\n');
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
  const { MARKER } = await import('../rules/paths.js');
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
