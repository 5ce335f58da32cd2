// `countersign test [FILES...]`: run rule examples like a test runner.
import { EXIT } from '../exit.js';
import { runRuleTests } from '../rules/selftest.js';
import { findTeamFile } from '../rules/config-cache.js';

export async function testCommand(args: string[]): Promise<number> {
  const quiet = args.includes('--quiet') || args.includes('-q');
  const files = args.filter((a) => !a.startsWith('-'));
  const res = await runRuleTests(files.length ? files : undefined, files.length ? undefined : findTeamFile(process.cwd()));
  for (const line of res.report) if (!quiet || line.startsWith('✗') || line.startsWith('!')) process.stdout.write(line + '\n');
  process.stdout.write(`\n${res.passed} passed, ${res.failed} failed${res.errors ? `, ${res.errors} file error(s)` : ''}\n`);
  if (res.failures.length) process.stdout.write(`failing: ${res.failures.join(', ')}\n`);
  return res.failed || res.errors ? EXIT.CONFIG : EXIT.OK;
}
