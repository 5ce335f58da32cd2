// `countersign test [FILES...]`: run rule examples (`tests: {match, no-match}`) through the whole
// engine in a scratch fixture (src/rules/selftest.ts), like a test runner.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type Engine } from '../engine.js';
import { EXIT } from '../exit.js';
import { quickIndex } from '../rules/index.js';
import { builtinPacks, findTeamFile, formatError, loadConfig, loadConfigLibs, type LoadedRule } from '../rules/load.js';
import { exampleCmd, makeFixture } from '../rules/index.js';

export interface SelfTestResult {
  passed: number;
  failed: number;
  errors: number;
  report: string[];
  /** Each failing rule, with the file it came from. */
  failures: string[];
}

export async function testCommand(args: string[]): Promise<number> {
  const quiet = args.includes('--quiet') || args.includes('-q');
  const files = args.filter((a) => !a.startsWith('-'));
  const res = await runRuleTests(files.length ? files : undefined, files.length ? undefined : findTeamFile(process.cwd()));
  for (const line of res.report) if (!quiet || line.startsWith('✗') || line.startsWith('!')) process.stdout.write(line + '\n');
  process.stdout.write(`\n${res.passed} passed, ${res.failed} failed${res.errors ? `, ${res.errors} file error(s)` : ''}\n`);
  if (res.failures.length) process.stdout.write(`failing: ${res.failures.join(', ')}\n`);
  return res.failed || res.errors ? EXIT.CONFIG : EXIT.OK;
}

/** `files`: those files alone. Without: the builtin packs, then `teamFile` (the team's own rules
 *  and .countersign/*.yaml beside it), so a failing team example fails the run. */
export async function runRuleTests(files?: string[], teamFile?: string): Promise<SelfTestResult> {
  await loadConfigLibs();
  const fx = makeFixture();
  const res: SelfTestResult = { passed: 0, failed: 0, errors: 0, report: [], failures: [] };
  try {
    const suites: Array<{ name: string; cwd: string; teamFile: string; only?: string }> = [];
    if (!files) {
      const packs = [...builtinPacks().keys()];
      const team = path.join(fx.project, '.countersign.yaml');
      writeFileSync(team, `extends: [${packs.join(', ')}]\nprotected-paths: [data]\n`);
      suites.push({ name: 'builtin packs', cwd: fx.project, teamFile: team });
      if (teamFile) suites.push({ name: teamFile, cwd: path.dirname(teamFile), teamFile, only: teamFile });
    } else {
      for (const f of files) {
        const abs = path.resolve(f);
        suites.push({ name: f, cwd: path.dirname(abs), teamFile: abs, only: abs });
      }
    }
    for (const s of suites) {
      const ctx = { cwd: s.cwd, env: fx.env, home: fx.home };
      const config = await loadConfig(ctx, { teamFile: s.teamFile, userFile: null });
      if (config.errors.length) {
        res.errors += config.errors.length;
        for (const e of config.errors) res.report.push(`! ${formatError(e)}`);
        continue;
      }
      const engine: Engine = { config, index: quickIndex(config) };
      const rules = config.rules.filter((r) => !s.only || r.source === s.only || r.source.startsWith(path.dirname(s.only)));
      res.report.push(`${s.name}: ${rules.length} rules`);
      for (const rule of rules) {
        const failed = res.failed;
        // Input the caller may write: rules for interactive clients (`caller-input`) can match.
        await runRule(rule, engine, { ...ctx, envComplete: true, inputOpen: true }, res);
        if (res.failed > failed) res.failures.push(`${rule.id} (${rule.source.startsWith('builtin:') ? rule.source : path.relative(process.cwd(), rule.source) || rule.source})`);
      }
    }
  } finally {
    fx.cleanup();
  }
  return res;
}

async function runRule(rule: LoadedRule, engine: Engine, ctx: Parameters<typeof check>[1], res: SelfTestResult): Promise<void> {
  const t = rule.tests ?? {};
  const lines: string[] = [];
  let ok = true;
  for (const [want, examples] of [[true, t.match ?? []], [false, t['no-match'] ?? []]] as const) {
    for (const example of examples) {
      const ex = exampleCmd(example);
      const r = await check(ex, ctx, engine);
      const got = r.findings.some((f) => f.rule === rule.id);
      // A written phrase is what a person would have to type: it must be exactly that.
      const phrase = typeof example === 'string' ? undefined : example.phrase;
      if (got === want && (phrase === undefined || r.phrase === phrase)) res.passed++;
      else {
        res.failed++;
        ok = false;
        const others = r.findings.map((f) => f.rule).join(', ') || 'none';
        if (got !== want) lines.push(`    ✗ ${want ? 'should match' : 'should not match'}: ${ex}   (findings: ${others}${r.uncertain.length ? `; uncertain: ${r.uncertain.join('; ')}` : ''})`);
        else lines.push(`    ✗ phrase: ${ex}   (expected "${phrase}", got ${r.phrase === undefined ? `no phrase (${r.decision})` : `"${r.phrase}"`})`);
      }
    }
  }
  res.report.push(`${ok ? '✓' : '✗'} ${rule.id}`, ...lines);
}
