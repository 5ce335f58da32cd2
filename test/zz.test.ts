import { it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os'; import path from 'node:path';
import YAML from 'yaml';
import { check } from '../src/engine.js';
it('bare', async () => {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'bare-')));
  const cwd = path.join(root, 'repo'); const home = path.join(root, 'home');
  mkdirSync(path.join(cwd, 'data'), { recursive: true }); writeFileSync(path.join(cwd, 'data', 'db.sqlite'), '');
  writeFileSync(path.join(cwd, '.countersign.yaml'), 'protected-paths: [data]\n');
  execFileSync('git', ['init', '-q', cwd]);
  for (const d of ['.ssh', '.aws', '.kube']) mkdirSync(path.join(home, d), { recursive: true });
  const env = { HOME: home, PATH: process.env.PATH!, XDG_CONFIG_HOME: path.join(root, 'c'), XDG_STATE_HOME: path.join(root, 's') };
  const ctx = { cwd, env, home, envComplete: true };
  const byRule = new Map<string, string[]>(); let n = 0, allowed = 0;
  for (const f of readdirSync('test/evasion/destructive')) for (const e of YAML.parse(readFileSync(`test/evasion/destructive/${f}`, 'utf8')) ?? []) {
    if (e.known) continue; n++;
    const r = await check(e.cmd, ctx);
    if (r.decision === 'allow') { allowed++; const k = r.findings.map((x: any) => x.rule).join(',') || '(none)'; byRule.set(k, [...(byRule.get(k) ?? []), e.cmd.replace(/\n/g, '⏎').slice(0, 110)]); }
  }
  let bn = 0, bp = 0;
  for (const f of readdirSync('test/evasion/benign')) for (const e of YAML.parse(readFileSync(`test/evasion/benign/${f}`, 'utf8')) ?? []) { bn++; const r = await check(e.cmd, ctx); if (r.decision !== 'allow') bp++; }
  console.log(`destructive ${n}, allowed ${allowed} (${(100 * allowed / n).toFixed(1)}%); benign ${bn}, paused ${bp}`);
  for (const [k, v] of [...byRule].sort((a, b) => b[1].length - a[1].length)) console.log(String(v.length).padStart(4), k, '|', v.slice(0, 3).join(' || '));
}, 600000);
