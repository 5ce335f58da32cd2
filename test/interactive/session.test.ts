// End to end: `countersign` with no command on a terminal wraps the real shell (bash and zsh), and
// every line it submits is judged first. Driven key by key (a person) and a whole line at a time
// (an agent), on @xterm/headless, reading shell integration as VS Code does (OSC 633).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, makeFixture, requireBuilt } from '../helpers/fixture.js';
import { SHELLS, openSession, type Session } from './harness.js';

beforeAll(() => requireBuilt());

for (const shell of SHELLS) {
  const d = shell.path ? describe : describe.skip;
  if (!shell.path) console.warn(`test/interactive: ${shell.name} is not installed here, so its interactive session tests are skipped (apt-get install -y ${shell.name}).`);

  d(`interactive ${shell.name} session`, () => {
    let s: Session | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });
    const open = async (o: Parameters<typeof openSession>[1] = {}): Promise<Session> => (s = await openSession(shell.path!, o));

    it('passes benign commands through with their output and exit statuses (typed and sent whole)', async () => {
      const { t, run } = await open();
      const a = await run('echo hello-$((6*7)); printf "%s|%s\\n" x y');
      expect(a.exit).toBe(0);
      await t.waitFor('hello-42');
      await t.waitFor('x|y');
      expect((await run('false', 'send')).exit).toBe(1);
      expect((await run('(exit 3)', 'send')).exit).toBe(3);
      expect((await run('ls data', 'type')).exit).toBe(0);
      await t.waitFor('db.sqlite');
      // VS Code's view: E carries the command line, then C, then D with the status.
      const es = t.events.filter((e) => e.code === 633 && e.kind === 'E').map((e) => e.command);
      expect(es).toEqual(['echo hello-$((6*7)); printf "%s|%s\\n" x y', 'false', '(exit 3)', 'ls data']);
      const kinds = t.events.filter((e) => e.code === 633 && 'ECD'.includes(e.kind)).map((e) => e.kind).join('');
      expect(kinds).toBe('ECD'.repeat(4));
      // Also OSC 133, and the working directory after each command.
      expect(t.events.some((e) => e.code === 133 && e.kind === 'D' && e.exit === 3)).toBe(true);
      const cwd = t.events.filter((e) => e.code === 633 && e.kind === 'P' && e.key === 'Cwd').at(-1);
      expect(cwd?.value).toBe(s!.fx.repo);
    });

    it('emits A and B around the prompt and honours VSCODE_NONCE in E', async () => {
      const { t, run } = await open({ env: { VSCODE_NONCE: 'n0nce-123', TERM_PROGRAM: 'vscode' } });
      const since = t.events.length;
      await run('echo "a;b\\c"');
      const e = t.events.slice(since).find((x) => x.code === 633 && x.kind === 'E');
      expect(e?.command).toBe('echo "a;b\\c"');
      expect(e?.nonce).toBe('n0nce-123');
      expect(t.events.some((x) => x.code === 633 && x.kind === 'A')).toBe(true);
      // The nonce is not left for programs inside to forge a trusted command line with.
      await run('echo "nonce=[${VSCODE_NONCE-unset}]"');
      await t.waitFor('nonce=[unset]');
    });

    it('pauses `rm -rf data` with the panel and its environment; a wrong phrase and Ctrl-C leave data', async () => {
      const { t, fx, finished, mark } = await open();
      const { phrase } = await checkJson(fx, 'rm -rf data');
      expect(phrase).toBeTruthy();
      let since = mark();
      await t.type('rm -rf data\r');
      await t.waitFor('Type the phrase');
      const panel = t.text();
      expect(panel).toContain('filesystem/rm-protected');
      expect(panel).toContain('LOCAL');
      expect(panel).toContain(phrase!);
      // The panel comes between C and D.
      const c = t.events.slice(since).find((e) => e.code === 633 && e.kind === 'C');
      expect(c).toBeTruthy();
      expect(t.events.slice(since).some((e) => e.code === 633 && e.kind === 'D')).toBe(false);
      await t.type('delete everything please\r');
      await t.waitFor('That is not the phrase. Declined.');
      const d1 = await finished(since);
      expect(d1.exit).toBe(126);
      expect(existsSync(path.join(fx.data, 'db.sqlite'))).toBe(true);
      // Ctrl-C right away, the line sent whole (an agent).
      since = mark();
      t.send('rm -rf data\r');
      await t.waitForEvent((e) => e.code === 633 && e.kind === 'C', { since });
      await t.waitFor(/Type the phrase[\s\S]*Type the phrase/);
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      expect(readFileSync(path.join(fx.data, 'db.sqlite'), 'utf8')).toBe('precious\n');
    });

    it('runs `rm -rf data` once the right phrase is typed', async () => {
      const { t, fx, finished, mark } = await open();
      const { phrase } = await checkJson(fx, 'rm -rf data');
      const since = mark();
      await t.type('rm -rf data\r');
      await t.waitFor('Type the phrase');
      await t.type(phrase + '\r');
      const d = await finished(since);
      expect(d.exit).toBe(0);
      expect(existsSync(fx.data)).toBe(false);
      const e = t.events.slice(since).find((x) => x.code === 633 && x.kind === 'E');
      expect(e?.command).toBe('rm -rf data');
    });

    it('shows a line the policy denies, offers no phrase, and never runs it', async () => {
      const fx = makeFixture({ team: 'policy:\n  deny: [filesystem/rm-protected]\n' });
      try {
        const sess = (s = await openSession(shell.path!, { fx }));
        const since = sess.mark();
        sess.t.send('rm -rf data\r');
        const d = await sess.finished(since);
        expect(d.exit).toBe(126);
        const text = sess.t.text();
        expect(text).toContain('denied by policy');
        expect(text).not.toContain('Type the phrase');
        expect(existsSync(fx.data)).toBe(true);
        await sess.close();
      } finally {
        s = undefined;
        fx.cleanup();
      }
    });

    it('keeps a declined line in history, and checks it again when recalled', async () => {
      const { t, fx, finished, mark } = await open();
      let since = mark();
      await t.type('rm -rf data\r');
      await t.waitFor('Type the phrase');
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      since = mark();
      const before = count(t, 'Type the phrase');
      await t.type('\x1b[A');
      await t.type('\r');
      await waitCount(t, 'Type the phrase', before);
      const e = t.events.slice(since).find((x) => x.code === 633 && x.kind === 'E');
      expect(e?.command).toBe('rm -rf data');
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      expect(existsSync(fx.data)).toBe(true);
    });

    it('checks `!!` as what it expands to', async () => {
      const { t, fx, finished, mark } = await open();
      let since = mark();
      await t.type('rm -rf data\r');
      await t.waitFor('Type the phrase');
      t.send('\x03');
      await finished(since);
      since = mark();
      const before = count(t, 'Type the phrase');
      await t.type('!!\r');
      await waitCount(t, 'Type the phrase', before);
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      expect(existsSync(fx.data)).toBe(true);
      // A harmless one still runs.
      await s!.run('echo bang-ok');
      expect((await s!.run('!!')).exit).toBe(0);
      await waitCount(t, 'bang-ok', 2);
    });

    it('checks what an alias or a function defined earlier in the session runs', async () => {
      const { t, fx, finished, mark, run } = await open();
      expect((await run('wipe() { rm -rf "$1"; }; tidy() { wipe data; }', 'send')).exit).toBe(0);
      expect((await run("alias zap='rm -rf data'", 'send')).exit).toBe(0);
      for (const line of ['tidy', 'zap']) {
        const since = mark();
        const before = count(t, 'Type the phrase');
        t.send(line + '\r');
        await waitCount(t, 'Type the phrase', before);
        expect(t.text()).toContain('filesystem/rm-protected');
        t.send('\x03');
        expect((await finished(since)).exit).toBe(126);
      }
      expect(existsSync(fx.data)).toBe(true);
      // Harmless ones run as usual.
      expect((await run("greet() { echo hi-$1; }; alias hey='greet there'", 'send')).exit).toBe(0);
      expect((await run('hey')).exit).toBe(0);
      await t.waitFor('hi-there');
    });

    it('pauses a line that would switch the hook off', async () => {
      const { t, finished, mark } = await open();
      const line = shell.name === 'bash' ? 'bind \'"\\C-m": accept-line\'' : "bindkey '^M' .accept-line";
      const since = mark();
      t.send(line + '\r');
      await t.waitFor('Type the phrase');
      expect(t.text()).toContain('session/shell-hook');
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
    });

    it('checks every line of a multi-line bracketed paste', async () => {
      const { t, fx, finished, mark } = await open();
      const since = mark();
      t.send('\x1b[200~echo first-line\nrm -rf data\necho third-line\x1b[201~');
      await t.type('\r');
      await t.waitFor('Type the phrase');
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      // Nothing of it ran: not even the harmless first line.
      expect(t.text()).not.toMatch(/^first-line$/m);
      expect(existsSync(fx.data)).toBe(true);
      const e = t.events.slice(since).find((x) => x.code === 633 && x.kind === 'E');
      expect(e?.command).toBe('echo first-line\nrm -rf data\necho third-line');
    });

    it('keeps a compound command typed over several lines together, and checks it whole', async () => {
      const { t, fx, finished, mark } = await open();
      let since = mark();
      await t.type('for i in 1 2; do\r');
      await t.type('echo item-$i\r');
      await t.type('done\r');
      expect((await finished(since)).exit).toBe(0);
      await t.waitFor('item-2');
      since = mark();
      await t.type('for d in data; do\r');
      await t.type('rm -rf "$d"\r');
      await t.type('done\r');
      await t.waitFor('Type the phrase');
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      expect(existsSync(fx.data)).toBe(true);
    });

    it('guards a nested bash', async () => {
      const { t, fx, finished, mark, run } = await open();
      let since = mark();
      await t.type('bash\r');
      await t.waitForEvent((e) => e.code === 633 && e.kind === 'B', { since });
      const inner = await run('echo inner-$SHLVL-${COUNTERSIGN_SESSION:+guarded}');
      expect(inner.exit).toBe(0);
      await t.waitFor(/inner-\d+-guarded/);
      since = mark();
      await t.type('rm -rf data\r');
      await t.waitFor('Type the phrase');
      t.send('\x03');
      expect((await finished(since)).exit).toBe(126);
      expect(existsSync(fx.data)).toBe(true);
      since = mark();
      await t.type('exit\r');
      await finished(since);
    });

    it('holds keys back from a nested shell that never connected its guard', async () => {
      const { t, fx, mark } = await open();
      // The user's ~/.bashrc replaces the nested bash with sh, which has no hook.
      writeFileSync(path.join(fx.home, '.bashrc'), "PS1='$ '\n[ -n \"$SWAP_TO_SH\" ] && exec /bin/sh\n");
      mark();
      await t.type('SWAP_TO_SH=1 bash\r');
      await new Promise((r) => setTimeout(r, 500));
      await t.type('touch reached-sh\r');
      await new Promise((r) => setTimeout(r, 1500));
      expect(existsSync(path.join(fx.repo, 'reached-sh'))).toBe(false);
      // Nothing typed gets through now (not even `exit`): end it from outside.
      t.kill();
      await t.exited;
      fx.cleanup();
      s = undefined;
    });

    it('pauses a shell it cannot guard (sudo -s, exec bash)', async () => {
      const { t, finished, mark } = await open();
      for (const line of ['sudo -s', 'exec bash']) {
        const since = mark();
        const before = count(t, 'Type the phrase');
        t.send(line + '\r');
        await t.waitForEvent((e) => e.code === 633 && e.kind === 'C', { since });
        await waitCount(t, 'Type the phrase', before);
        expect(t.text()).toContain('session/unguarded-shell');
        t.send('\x03');
        expect((await finished(since)).exit).toBe(126);
      }
    });

    it('passes resizes to the shell inside', async () => {
      const { t, run } = await open({ cols: 90, rows: 25 });
      await run('stty size');
      await t.waitFor('25 90');
      t.resize(123, 41);
      await new Promise((r) => setTimeout(r, 200));
      await run('stty size');
      await t.waitFor('41 123');
    });

    it('lets full-screen programs and job control work as usual', async () => {
      const { t, run, finished, mark } = await open();
      // The alternate screen, and back.
      let since = mark();
      await t.type('less notes.txt\r');
      await until(() => t.term.buffer.active.type === 'alternate');
      await t.waitFor('second line');
      await t.type('q');
      expect((await finished(since)).exit).toBe(0);
      expect(t.term.buffer.active.type).toBe('normal');
      // Ctrl-Z stops a job; fg brings it back; Ctrl-C ends it.
      since = mark();
      await t.type('sleep 30\r');
      await t.waitForEvent((e) => e.code === 633 && e.kind === 'C', { since });
      await new Promise((r) => setTimeout(r, 300));
      t.send('\x1a');
      const stopped = await finished(since);
      expect(stopped.exit).toBe(148);
      await t.waitFor(/stopped|Stopped|suspended/);
      since = mark();
      await t.type('fg\r');
      await new Promise((r) => setTimeout(r, 300));
      t.send('\x03');
      expect((await finished(since)).exit).toBe(130);
      expect((await run('echo after-job')).exit).toBe(0);
    });

    it('ends with the shell\'s exit status', async () => {
      const fx = makeFixture();
      try {
        const sess = await openSession(shell.path!, { fx });
        sess.t.send('exit 7\r');
        const r = await sess.t.exit(20_000);
        expect(r.exitCode).toBe(7);
      } finally {
        fx.cleanup();
      }
    });
  });
}

async function until(pred: () => boolean, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function count(t: Session['t'], needle: string): number {
  return t.text().split(needle).length - 1;
}

/** Wait until `needle` appears more than `n` times. */
async function waitCount(t: Session['t'], needle: string, n: number): Promise<void> {
  await until(() => count(t, needle) > n);
}
