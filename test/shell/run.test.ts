// runShell starts the real shell two ways: through node's process handle directly (no
// child_process load, for start-up time) and through child_process (stdin input, or when the
// handle is unavailable). Both must behave the same; and a signal sent to countersign must reach
// the shell, whichever way it was started.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShell } from '../../src/shell/run.js';
import { BIN } from '../helpers/fixture.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cs-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['the process handle', true],
  ['child_process', false],
])('runShell through %s', (_name, light) => {
  const out = (): string => path.join(dir, `out-${light}`);

  it('returns the exit status', async () => {
    expect(await runShell('/bin/bash', ['-c', 'exit 7'], { light })).toEqual({ code: 7, signal: null });
    expect(await runShell('/bin/bash', ['-c', 'true'], { light })).toEqual({ code: 0, signal: null });
  });

  it('reports a death by signal as the signal', async () => {
    expect(await runShell('/bin/bash', ['-c', 'kill -TERM $$'], { light })).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('passes argv0, the arguments and the environment with the session marker', async () => {
    const r = await runShell('/bin/bash', ['-c', `tr '\\0' ' ' </proc/$$/cmdline >${out()}; echo >>${out()}; echo "[$1] [$COUNTERSIGN_SESSION]" >>${out()}`, 'zero', 'one two'], { light, argv0: '-custom' });
    expect(r.code).toBe(0);
    const [cmdline, vars] = readFileSync(out(), 'utf8').split('\n');
    expect(cmdline!.startsWith('-custom -c ')).toBe(true);
    expect(vars).toMatch(/^\[one two\] \[.+\]$/);
  });

  it('a shell that is not there is status 127 and a message, not a crash', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await runShell(path.join(dir, 'no-such-shell'), ['-c', 'true'], { light })).toEqual({ code: 127, signal: null });
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/can't start .*no-such-shell/);
  });
});

describe('signals sent to countersign reach the shell', () => {
  // The shell traps TERM and exits 5; countersign exits the same way. Without forwarding, node
  // would die of the SIGTERM and leave the shell running.
  const script = 'trap "echo got-term; exit 5" TERM; sleep 20 >/dev/null 2>&1 & echo ready; wait';
  const viaBin = (args: string[], input?: string) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_STATE_HOME: path.join(dir, 'state'), XDG_CONFIG_HOME: path.join(dir, 'cfg'), COUNTERSIGN_SHELL: '/bin/bash' };
      delete env.COUNTERSIGN_SESSION;
      const p = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out === 'ready\n') p.kill('SIGTERM');
      });
      p.stdin.end(input ?? '');
      p.on('exit', (code) => resolve({ code, out }));
    });

  it('with -c (started through the process handle)', async () => {
    expect(await viaBin(['-c', script])).toEqual({ code: 5, out: 'ready\ngot-term\n' });
  });

  it('with a script on stdin (started through child_process)', async () => {
    expect(await viaBin(['-s'], `${script}\n`)).toEqual({ code: 5, out: 'ready\ngot-term\n' });
  });
});
