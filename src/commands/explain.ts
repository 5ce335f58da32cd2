// `countersign explain [--json] -- 'COMMAND'`: what countersign sees in a line.
import { EXIT } from '../exit.js';
import { parseArgs } from './check.js';
import { parse } from '../parse/index.js';
import { showOrigin, type Invocation } from '../parse/index.js';
import { homeOf } from '../engine.js';

export async function explainCommand(args: string[]): Promise<number> {
  const p = parseArgs(args, ['--json']);
  if (typeof p === 'string' || p.rest.length !== 1) {
    process.stderr.write(`countersign explain: ${typeof p === 'string' ? p : 'give the command as one argument'}\nusage: countersign explain [--json] -- 'COMMAND'\n`);
    return EXIT.USAGE;
  }
  const res = await parse(p.rest[0]!, { cwd: process.cwd(), env: process.env, home: homeOf(process.env) }, { envComplete: true });
  if (p.opts.has('--json')) {
    const slim = res.invocations.map((i) => ({ ...i, vars: undefined }));
    process.stdout.write(JSON.stringify({ invocations: slim, uncertain: res.uncertain }, null, 2) + '\n');
    return EXIT.OK;
  }
  process.stdout.write(renderTree(res.invocations, res.uncertain));
  return EXIT.OK;
}

export function renderTree(invs: Invocation[], uncertain: string[]): string {
  const lines: string[] = [];
  if (!invs.length) lines.push('(no commands)');
  for (const inv of invs) {
    const depth = inv.origin.filter((o) => o !== 'top').length;
    const via = inv.origin.filter((o) => o !== 'top').map(showOrigin);
    const words = inv.argv.map((w) => (w.dynamic ? `⟨${w.text}⟩` : /[\s'"\\$`]/.test(w.value) || w.value === '' ? JSON.stringify(w.value) : w.value));
    let line = `${'  '.repeat(depth)}• ${words.join(' ') || '(redirection only)'}`;
    if (via.length) line += `   [via ${via.join(' › ')}]`;
    const notes: string[] = [];
    if (inv.cwd === undefined) notes.push('cwd unknown');
    if (inv.stdin) notes.push(`stdin: ${inv.stdin.kind}`);
    for (const r of inv.redirects) if (r.target) notes.push(`${r.fd ?? ''}${r.op} ${r.target.value}`);
    if (inv.moreArgs) notes.push('more arguments at run time');
    if (notes.length) line += `   (${notes.join(', ')})`;
    lines.push(line);
    if (inv.opaque) lines.push(`${'  '.repeat(depth)}  ⚠ opaque: ${inv.opaque}`);
  }
  for (const u of uncertain) lines.push(`⚠ uncertain: ${u}`);
  return lines.join('\n') + '\n';
}
