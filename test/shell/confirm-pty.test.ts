// The typed confirmation in a real terminal: node-pty gives countersign a pseudo-terminal as its
// controlling terminal, the test reads what is drawn on it and types key by key, like a person.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASH, BIN, auditLines, checkJson, makeFixture, type Fixture } from '../helpers/fixture.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';
import { PASSPHRASE, makeApprover } from '../helpers/approver.js';

const PROMPT = 'Type the phrase to run it';
const CMD = 'rm -rf data';
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

let fx: Fixture;
let phrase: string;
let procs: PtyProcess[] = [];

beforeEach(async () => {
  fx = makeFixture();
  makeApprover(fx.config);
  phrase = (await checkJson(fx, CMD)).phrase!;
  procs = [];
});

afterEach(() => {
  for (const p of procs) p.kill();
  fx.cleanup();
});

/** A terminal the way a person has one: colours on, no CI, nothing inherited. */
function term(file: string, args: string[], extraEnv: Record<string, string | undefined> = {}): PtyProcess {
  const p = spawnPty(file, args, { cwd: fx.repo, env: fx.env({ TERM: 'xterm-256color', NO_COLOR: undefined, ...extraEnv }) });
  procs.push(p);
  return p;
}

/** `countersign -c 'rm -rf data'` in its own terminal. */
const shell = (cmd = CMD): PtyProcess => term(BIN, ['-c', cmd]);
/** A line run by real bash in the terminal (to pipe into countersign or redirect it). */
const bashLine = (line: string, extraEnv: Record<string, string | undefined> = {}): PtyProcess => term(BASH, ['--norc', '--noprofile', '-c', line], extraEnv);

const dataIntact = (): boolean => existsSync(path.join(fx.data, 'db.sqlite')) && existsSync(path.join(fx.data, 'sub', 'keep.txt'));

async function enter(p: PtyProcess, text: string): Promise<void> {
  await p.type(text);
  p.write('\r');
}

/** A terminal is no proof of a person: after the phrase, the approver passphrase. */
async function unlock(p: PtyProcess): Promise<void> {
  await p.waitFor('Approver passphrase');
  await enter(p, PASSPHRASE);
}

/** The single audit record, parsed. */
function onlyAudit(): Record<string, unknown> {
  const lines = auditLines(fx);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('the panel and the phrase', () => {
  it('the check agrees on what this fixture needs', async () => {
    const r = await checkJson(fx, CMD);
    expect(r.decision).toBe('confirm');
    expect(r.findings.map((f) => [f.rule, f.target.environment])).toEqual([['filesystem/rm-protected', 'local']]);
    expect(phrase).toBe('delete data in local');
  });

  it('shows what, where and the phrase, then a wrong phrase declines with 126 (one try)', async () => {
    const p = shell();
    const panel = await p.waitFor(PROMPT);
    expect(panel).toContain('countersign paused a destructive command');
    expect(panel).toContain(`command: ${CMD}`);
    expect(panel).toContain('filesystem/rm-protected');
    expect(panel).toContain('deletes a protected path');
    expect(panel).toContain(`${fx.data} is protected (.countersign.yaml)`);
    expect(panel).toMatch(/target:\s+LOCAL/);
    expect(panel).toContain('files under the project');
    expect(panel).toContain(`type exactly:  ${phrase}`);
    // Colour on a terminal: the environment badge is drawn with a background colour.
    expect(p.raw()).toMatch(/\x1b\[4\dm/);

    expect(panel).toContain('One try: a wrong phrase, an empty line, Ctrl-C or Ctrl-D declines.');
    await enter(p, `${phrase}!`);
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(p.text()).toContain('That is not the phrase. Declined.');
    expect(p.text()).not.toContain('try 2');
    expect(p.text()).toContain('countersign: stopped, not run (the person declined)');
    expect(p.text()).toContain('Do not try to reach the same result another way');
    expect(dataIntact()).toBe(true);
    expect(onlyAudit()).toMatchObject({ command: CMD, decision: 'confirm', settled: 'declined', via: 'shell' });
    expect(onlyAudit()).not.toHaveProperty('exit');
  });

  it('the right phrase, typed key by key, runs the command', async () => {
    const p = shell();
    await p.waitFor(PROMPT);
    await enter(p, phrase);
    await unlock(p);
    expect(await p.exit()).toEqual({ exitCode: 0, signal: 0 });
    expect(existsSync(fx.data)).toBe(false);
    expect(p.text()).not.toContain('stopped, not run');
    expect(onlyAudit()).toMatchObject({ command: CMD, decision: 'confirm', settled: 'passphrase', exit: 0 });
  });

  it('the phrase in other capitals and with extra spaces runs it; one letter more does not', async () => {
    const q = shell();
    await q.waitFor(PROMPT);
    await enter(q, `${phrase}s`);
    expect(await q.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(dataIntact()).toBe(true);
    const p = shell();
    await p.waitFor(PROMPT);
    await enter(p, `  ${phrase.toUpperCase().replace(/ /g, '   ')} `);
    await unlock(p);
    expect(await p.exit()).toEqual({ exitCode: 0, signal: 0 });
    expect(existsSync(fx.data)).toBe(false);
  });

  it('a command line cannot redraw the panel with escape sequences or bidi controls', async () => {
    // Trailing comment that would move the cursor, clear lines, set the title and reverse text.
    const sneaky = `${CMD} #\x1b[5;7H\x1b[2K\r\x1b]0;PWNED\x07\u202e lacol ni`;
    const p = shell(sneaky);
    await p.waitFor(PROMPT);
    p.write('\x03');
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    for (const seq of ['\x1b[5;7H', '\x1b[2K\r', '\x1b]0;PWNED', '\u202e']) expect(p.raw()).not.toContain(seq);
    expect(p.text()).toContain('command: rm -rf data #\\e[5;7H\\e[2K\\r\\e]0;PWNED\\a\\u202e lacol ni');
    expect(dataIntact()).toBe(true);
  });

  it('the panel goes to the terminal, never into the command\'s stdout or stderr', async () => {
    const p = bashLine(`${q(BIN)} -c ${q(`${CMD}; echo ran`)} >out.txt 2>err.txt; echo "status=$?"`);
    await p.waitFor(PROMPT);
    await enter(p, phrase);
    await unlock(p);
    await p.waitFor('status=0');
    await p.exit();
    expect(readFileSync(path.join(fx.repo, 'out.txt'), 'utf8')).toBe('ran\n');
    expect(readFileSync(path.join(fx.repo, 'err.txt'), 'utf8')).toBe('');
    expect(p.text()).toContain('filesystem/rm-protected');
  });

  it('after the phrase the command gets the terminal back, in its normal mode', async () => {
    const p = shell(`${CMD} && echo "READY-$((20 + 22))" && read -r line && echo "got:$line"`);
    await p.waitFor(PROMPT);
    await enter(p, phrase);
    await unlock(p);
    await p.waitFor('READY-42');
    await enter(p, 'typed after');
    // Echoed by the terminal (cooked mode again), then read by the command.
    await p.waitFor('got:typed after');
    expect(await p.exit()).toEqual({ exitCode: 0, signal: 0 });
  });
});

describe('what declines', () => {
  it('Ctrl-C declines', async () => {
    const p = shell();
    await p.waitFor(PROMPT);
    await p.type('delete d');
    p.write('\x03');
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(dataIntact()).toBe(true);
    expect(onlyAudit()).toMatchObject({ settled: 'declined' });
  });

  it('Ctrl-D declines', async () => {
    const p = shell();
    await p.waitFor(PROMPT);
    p.write('\x04');
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(dataIntact()).toBe(true);
  });

  it('an empty line declines', async () => {
    const p = shell();
    await p.waitFor(PROMPT);
    p.write('\r');
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(p.text()).not.toContain('try 2');
    expect(dataIntact()).toBe(true);
  });

  it('a denied line shows the panel and offers no phrase', async () => {
    const p = shell(`${BIN} approve abcdef`);
    expect(await p.exit()).toEqual({ exitCode: 126, signal: 0 });
    expect(p.text()).toContain('countersign/self-approve');
    expect(p.text()).toContain('denied by policy');
    expect(p.text()).not.toContain(PROMPT);
  });
});

describe('nothing piped into the command can confirm it', () => {
  it('`yes |`: the piped lines never reach the prompt', async () => {
    const p = bashLine(`yes | ${q(BIN)} -c ${q(CMD)}; echo "status=$?"`);
    await p.waitFor(PROMPT);
    // Had stdin been read, a "y" line would have used up the one try by now.
    await enter(p, 'no');
    await p.waitFor('status=126');
    expect(p.text().match(/That is not the phrase/g)).toHaveLength(1);
    await p.exit();
    expect(dataIntact()).toBe(true);
  });

  it('`echo PHRASE |` with nothing typed does not confirm (declines when time runs out)', async () => {
    fx.userConfig('confirm:\n  timeout: 5\n'); // the shortest allowed
    const p = bashLine(`echo ${q(phrase)} | ${q(BIN)} -c ${q(CMD)}; echo "status=$?"`);
    await p.waitFor(PROMPT);
    await p.waitFor('status=126');
    await p.exit();
    expect(p.text()).toContain('No answer in time. Declined.');
    expect(p.text()).toContain('stopped, not run (no confirmation in time)');
    expect(dataIntact()).toBe(true);
    expect(onlyAudit()).toMatchObject({ settled: 'timeout' });
  });

  it('`echo PHRASE |` with wrong phrases typed declines', async () => {
    const p = bashLine(`echo ${q(phrase)} | ${q(BIN)} -c ${q(CMD)}; echo "status=$?"`);
    await p.waitFor(PROMPT);
    await enter(p, 'x');
    await p.waitFor('status=126');
    await p.exit();
    expect(dataIntact()).toBe(true);
  });

  it('a heredoc holding the phrase does not confirm', async () => {
    const p = bashLine(`${q(BIN)} -c ${q(CMD)} <<EOF\n${phrase}\n${phrase}\n${phrase}\nEOF\necho "status=$?"`);
    await p.waitFor(PROMPT);
    p.write('\x03');
    await p.waitFor('status=126');
    await p.exit();
    expect(dataIntact()).toBe(true);
  });
});

describe('a command running in the terminal', () => {
  it('gets one Ctrl-C, not two', async () => {
    // A program that counts SIGINTs (like terraform, where a second one forces an abort), and
    // reports on SIGUSR2. The test sends SIGUSR2 to countersign, which passes it on: countersign
    // handles the pending SIGINT first (lower signal numbers are delivered first), so by the
    // time the program sees SIGUSR2, a SIGINT passed on by countersign would have arrived.
    const counter = `exec node -e ${q("let n=0;process.on('SIGINT',()=>{n++;console.log('int '+n)});process.on('SIGUSR2',()=>{console.log('count='+n);process.exit(0)});console.log('ready');setInterval(()=>{},1000)")}`;
    const p = shell(counter);
    await p.waitFor('ready');
    p.write('\x03');
    await p.waitFor('int 1');
    process.kill(p.pid, 'SIGUSR2');
    await p.waitFor('count=');
    expect(await p.exit()).toEqual({ exitCode: 0, signal: 0 });
    expect(p.text()).toContain('count=1');
    expect(p.text()).not.toContain('int 2');
  });

  it('Ctrl-C ends a running command the way it ends it under bash', async () => {
    const p = shell('echo ready; sleep 30.5; echo not-reached');
    await p.waitFor('ready');
    // Press Ctrl-C once `sleep` is really running: between `echo` and `sleep` bash handles the
    // interrupt itself and exits 130, which is a different (also correct) outcome.
    await waitForProcess('sleep', '30.5');
    p.write('\x03');
    const e = await p.exit();
    expect(e.signal).toBe(2); // SIGINT, passed through as a death by signal
    expect(p.text()).not.toContain('not-reached');
  });
});

/** Wait (up to 20 s) until a process with this argv is running (Linux /proc). */
async function waitForProcess(name: string, arg: string): Promise<void> {
  const { readdirSync, readFileSync } = await import('node:fs');
  for (let i = 0; i < 400; i++) {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (argv[0]?.endsWith(name) && argv[1] === arg) return;
      } catch {
        /* gone */
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
