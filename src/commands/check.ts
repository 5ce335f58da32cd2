// `countersign check [--json] -- 'COMMAND'`: judge one line in this directory and environment.
import { EXIT } from '../exit.js';
import { check } from '../engine.js';
import { table } from '../own.js';

export function parseArgs(args: string[], flags: string[]): { opts: Set<string>; values: Record<string, string>; rest: string[] } | string {
  const opts = new Set<string>();
  const values: Record<string, string> = table();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.includes('=')) {
      const [k, v] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      if (!flags.includes(k + '=')) return `unknown option ${k}`;
      values[k.slice(2)] = v;
    } else if (a.startsWith('-') && a.length > 1) {
      if (flags.includes(a + '=')) {
        const v = args[++i];
        if (v === undefined) return `${a} needs a value`;
        values[a.slice(2)] = v;
      } else if (flags.includes(a)) opts.add(a);
      else return `unknown option ${a}`;
    } else rest.push(a);
  }
  return { opts, values, rest };
}

export async function checkCommand(args: string[]): Promise<number> {
  const p = parseArgs(args, ['--json']);
  if (typeof p === 'string' || p.rest.length !== 1) {
    process.stderr.write(`countersign check: ${typeof p === 'string' ? p : 'give the command as one argument'}\nusage: countersign check [--json] -- 'COMMAND'\n`);
    return EXIT.USAGE;
  }
  const text = p.rest[0]!;
  const res = await check(text, { cwd: process.cwd(), env: process.env, envComplete: true });
  // The phrase is for a person reading the panel: an agent asking is not told it.
  const { agentMarkers, agentAncestor } = await import('../confirm/index.js');
  if (res.phrase && (agentMarkers(process.env).length || agentAncestor())) res.phrase = undefined;
  if (p.opts.has('--json')) {
    const out = {
      decision: res.decision,
      ...(res.phrase ? { phrase: res.phrase } : {}),
      findings: res.findings.map((f) => ({ rule: f.rule, severity: f.severity, summary: f.summary, invocation: f.invocation, detail: f.detail, ...(f.resource ? { resource: f.resource } : {}), decision: f.decision, target: f.target })),
      uncertain: res.uncertain,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const { renderCheck } = await import('../confirm/index.js');
    process.stdout.write(renderCheck(text, res, { color: !!process.stdout.isTTY && !process.env.NO_COLOR }));
  }
  return res.decision === 'allow' ? EXIT.OK : res.decision === 'deny' ? EXIT.DENY : EXIT.CONFIRM;
}
