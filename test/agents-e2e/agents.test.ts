// The real agents against countersign: each integration the README documents, driven headless by
// a scripted model, asserted on the file system and on what the model got back.
// `npm run test:agents` (after test/agents-e2e/install.sh). Without the CLIs it skips, except with
// CI=true, where it fails.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, missing } from './driver.js';
import { INTEGRATIONS, RM_RF, claudeBlockOnFailure, claudeBypass, codexHook, codexHookUntrusted, geminiHook, loginShim, runPtyForgery, runSession, runShort, versionOf, type ShortRun } from './scenarios.js';
import type { Outcome } from './scenarios.js';
import { renderDoc, renderTable } from './table.js';

const why = missing();
const ci = process.env.CI === 'true';
if (why && !ci) console.warn(`\nagents-e2e: SKIPPED: ${why}\n`);

const outcomes: Outcome[] = [];

/** What a hook that can't start did, per agent (the README's sentence on it). */
const failRows: string[] = [];

afterAll(() => {
  // Everything recorded, for reading faults after the fact.
  if (process.env.CS_E2E_RAW) writeFileSync(process.env.CS_E2E_RAW, JSON.stringify(outcomes.map((o) => ({ ...o, integration: `${o.integration.agent}: ${o.integration.name}` })), null, 2));
  if (!outcomes.length) return;
  const order = (o: Outcome) => INTEGRATIONS.indexOf(o.integration);
  const table = renderTable(outcomes.sort((a, b) => order(a) - order(b)));
  // docs/ gets only a complete table; a filtered run prints it (or writes CS_E2E_TABLE).
  const file = process.env.CS_E2E_TABLE ?? (outcomes.length === INTEGRATIONS.length ? path.join(ROOT, 'docs', 'agents-e2e.md') : undefined);
  console.log(`\n${table}`);
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderDoc(outcomes, failRows));
  // The README keeps the same table between its markers (a complete run only).
  if (process.env.CS_E2E_TABLE) return;
  const readme = path.join(ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const a = text.indexOf('<!-- agents-e2e:begin -->');
  const b = text.indexOf('<!-- agents-e2e:end -->');
  if (a >= 0 && b > a) writeFileSync(readme, `${text.slice(0, a)}<!-- agents-e2e:begin -->\n${table.trimEnd()}\n${text.slice(b)}`);
});

/** Everything worth reading when a session went wrong. */
function dump(o: Outcome): string {
  return [
    `agent exit ${o.run.code} ${o.run.signal ?? ''}${o.run.timedOut ? ' (timed out)' : ''}`,
    `error: ${o.error ?? '-'}`,
    `data after each step: ${JSON.stringify(o.dataAfter)} at end: ${o.dataAtEnd}`,
    `stdout: ${o.run.stdout.slice(-3000)}`,
    `stderr: ${o.run.stderr.slice(-3000)}`,
    `results:\n${o.results.map((r) => `  [${r.step}] ${r.text.slice(0, 1500)}`).join('\n')}`,
    `server:\n${o.serverLog.join('\n')}`,
  ].join('\n');
}

describe('real agents against countersign', () => {
  it.runIf(!!why && ci)('has the pinned agent CLIs (CI=true: a missing CLI is a failure)', () => {
    throw new Error(why);
  });

  for (const integration of INTEGRATIONS) describe.skipIf(!!why)(`${integration.agent}: ${integration.name}`, () => {
    it('stops rm -r data, rm -rf data and the Railway curl, runs echo, and runs an approved retry exactly once', async () => {
      if (integration.user.endsWith('-login')) loginShim();
      const o = await runSession(integration);
      outcomes.push(o);
      const info = dump(o);
      expect.soft(o.error, info).toBeUndefined();
      const own = integration.ownPrompt;
      if (own) {
        // The agent's own flow decides harmless commands and approved retries: countersign never
        // allows more than the agent would. Headless, this agent refuses both itself.
        expect.soft(o.results[o.steps.echo]?.text, `echo: not the agent's own refusal\n${info}`).toMatch(own);
        expect.soft(o.results[o.steps.retry]?.text, `the approved retry did not reach the agent's own flow\n${info}`).toMatch(own);
      } else {
        expect.soft(o.outTxt, `the harmless echo did not run\n${info}`).toBe('hello\n');
        expect.soft(o.dataAfter[o.steps.retry], `the approved retry did not run\n${info}`).toBe(false);
      }
      expect.soft(o.dataAfter[o.steps.rmR], `rm -r data ran\n${info}`).toBe(true);
      expect.soft(o.sinkHits, `the volumeDelete curl reached the server\n${info}`).toBe(0);
      expect.soft(o.dataAfter[o.steps.rmRf], `rm -rf data ran\n${info}`).toBe(true);
      expect.soft(o.dataAfter[o.steps.ask], `rm -r data ran before anyone approved\n${info}`).toBe(true);
      expect.soft(o.approval, `no person approved\n${info}`).toBeDefined();
      expect.soft(o.dataAtEnd, `a second retry ran on one approval\n${info}`).toBe(true);
      // What the model got back: the finding, and how a person approves; never the phrase.
      const rmR = o.results[o.steps.rmR]?.text ?? '';
      expect.soft(rmR, 'rm -r data: the model was not told the finding').toMatch(/filesystem\/rm-protected/);
      expect.soft(rmR, 'rm -r data: the model was not told how a person approves').toMatch(/countersign approve/);
      const curl = o.results[o.steps.curl]?.text ?? '';
      expect.soft(curl, 'curl: the model was not told the finding').toMatch(/railway\/api-destroy/);
      expect.soft(curl, 'curl: the model was not told how a person approves').toMatch(/countersign approve/);
      // The approval was used once: the second retry is stopped again.
      expect.soft(o.results[o.steps.retry2]?.text ?? '', `the second retry was not stopped by countersign\n${info}`).toMatch(/countersign/);
      const rmRf = o.results[o.steps.rmRf]?.text ?? '';
      // Codex refuses `rm -f`-style commands itself when no hook answers first.
      const codexOwn = integration.agent === 'codex' && /rm -f style commands are not permitted/.test(rmRf);
      if (!codexOwn) expect.soft(rmRf, `${RM_RF}: the model was not told the finding`).toMatch(/filesystem\/rm-protected/);
      // The model and the person see the command the agent asked for, not the agent's wrapper
      // (Claude's `\builtin shopt -u extglob … eval '…'`, Codex's snapshot preamble).
      {
        if (integration.route === 'shell') expect.soft(rmR, 'the model was not shown the real command').toContain('The command `rm -r data`');
        expect.soft(o.approval?.screen ?? '', 'the person was not shown the real command').toMatch(/command: rm -r data\s*$/m);
      }
      if (o.approval) for (const r of o.results) expect.soft(r.text, 'the model saw the confirmation phrase').not.toContain(o.approval.phrase);
    });
  });

  describe.skipIf(!!why)('codex: login-shell shim, the model asks for a pty', () => {
    // Fails on today's code: the panel and the phrase go to the pty Codex gives the model, and the
    // model types the phrase back with write_stdin. The lead is fixing it.
    it('a model that reads the phrase in its pty and types it does not get rm -r data run', async () => {
      loginShim();
      const r = await runPtyForgery();
      const info = `typed: ${r.typed}\nstderr: ${r.run.stderr.slice(-3000)}\nresults:\n${r.results.map((x) => `  [${x.step}] ${x.text.slice(0, 1500)}`).join('\n')}\nserver:\n${r.serverLog.join('\n')}`;
      expect(r.dataAtEnd, `data/ was deleted by the model typing the phrase\n${info}`).toBe(true);
      for (const x of r.results) if (r.typed) expect(x.text, 'the model saw the phrase').not.toContain(r.typed);
    });
  });

  describe.skipIf(!!why)('codex: hook with confirm.hooks: ask', () => {
    // Fails on today's code: Codex 0.169 doesn't take "ask" from a PreToolUse hook; it reports
    // "hook: PreToolUse Failed" and runs the command. Codex must get deny (issue 14).
    it('does not run rm -r data', async () => {
      const r = await runShort(codexHook, { userConfig: 'confirm:\n  hooks: ask\n' });
      expect(r.dataAtEnd, `rm -r data ran\n${shortDump(r)}`).toBe(true);
    });
  });

  // What the README says about a hook that can't start (a moved or uninstalled countersign).
  // These pin each agent's measured behaviour: when one fails, the README's sentence is wrong.
  describe.skipIf(!!why)('a hook that cannot start', () => {
    const gone = (agent: string) => `/nonexistent/countersign hook ${agent}`;
    const row = (agent: 'claude' | 'codex' | 'gemini', hook: string, r: ShortRun) =>
      failRows.push(`| ${agent} | ${versionOf(agent)} | ${hook} | ${r.dataAtEnd ? 'blocked' : 'runs (fails open)'} |`);
    it('claude: the command runs (fails open)', async () => {
      const r = await runShort(claudeBypass, { hook: gone('claude') });
      row('claude', 'PreToolUse', r);
      expect(r.outTxt && !r.dataAtEnd, shortDump(r)).toBe(true);
    });
    it('claude with "onFailure": "block": every command is blocked', async () => {
      const r = await runShort(claudeBlockOnFailure, { hook: gone('claude') });
      row('claude', 'PreToolUse with `"onFailure": "block"`', r);
      expect(!r.outTxt && r.dataAtEnd, shortDump(r)).toBe(true);
      expect(r.results[1]?.text).toMatch(/blocking because onFailure is "block"/);
    });
    it('codex: the command runs (fails open)', async () => {
      const r = await runShort(codexHook, { hook: gone('claude') });
      row('codex', 'PreToolUse (trusted)', r);
      expect(r.outTxt && !r.dataAtEnd, shortDump(r)).toBe(true);
    });
    it('codex: a hook nobody trusted in the TUI never runs, and nothing says so', async () => {
      const r = await runShort(codexHookUntrusted);
      row('codex', 'PreToolUse, not trusted in the TUI (countersign installed)', r);
      expect(r.outTxt && !r.dataAtEnd, shortDump(r)).toBe(true);
      expect(`${r.run.stderr}${r.results.map((x) => x.text).join('')}`).not.toMatch(/countersign/);
    });
    it('gemini: every command is blocked', async () => {
      const r = await runShort(geminiHook, { hook: gone('gemini') });
      row('gemini', 'BeforeTool', r);
      expect(!r.outTxt && r.dataAtEnd, shortDump(r)).toBe(true);
    });
  });
});

function shortDump(r: ShortRun): string {
  return `agent exit ${r.run.code}${r.run.timedOut ? ' (timed out)' : ''}; echo ran: ${r.outTxt}; data/ survives: ${r.dataAtEnd}\nresults:\n${r.results.map((x) => `  [${x.step}] ${x.text.slice(0, 800)}`).join('\n')}\nstderr: ${r.run.stderr.slice(-2000)}`;
}
