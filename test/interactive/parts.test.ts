// The session's pieces on their own: escaping for OSC 633, the environment listings, the
// completeness test, the sync-marker filter, the request framing and the session's own findings.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeValue, preexecSequence, unescapeValue } from '../../src/shell/session/osc.js';
import { parseExportP, parseNulEnv } from '../../src/shell/session/envparse.js';
import { bashPrompts, completeness, surelyComplete, zshPrompts } from '../../src/shell/session/complete.js';
import fc from 'fast-check';
import { MarkerFilter } from '../../src/shell/session/markers.js';
import { RequestParser, type Request } from '../../src/shell/session/channel.js';
import { guardedShell, needsSessionLook, sessionLook, unguardedShell } from '../../src/shell/session/analysis.js';
import { shellOptions } from '../../src/shell/interactive.js';
import { Snapshot, candidateNames, defsToCode, parseRecords, splitDeclareF } from '../../src/shell/session/defs.js';
import { parse } from '../../src/parse/index.js';
import { deserialize } from '../helpers/term.js';
import { findShell } from './harness.js';

describe('OSC 633 escaping', () => {
  it('escapes like VS Code and round-trips through its decoder', () => {
    expect(escapeValue('a;b\\c')).toBe('a\\x3bb\\\\c');
    expect(escapeValue('x\ny\tz')).toBe('x\\x0ay\\x09z');
    expect(escapeValue('a b')).toBe('a\\x20b');
    for (const s of ['rm -rf data', 'echo "a;b\\c"', 'for i in 1; do\n  echo $i\ndone', 'ünïcødé ✓', '\x1b[31mred\x7f']) {
      expect(deserialize(escapeValue(s))).toBe(s);
      expect(unescapeValue(escapeValue(s))).toBe(s);
    }
  });
  it('puts the nonce after the command line, then C', () => {
    expect(preexecSequence('ls', 'N1')).toBe('\x1b]633;E;ls;N1\x07\x1b]633;C\x07\x1b]133;C\x07');
    expect(preexecSequence('ls', undefined)).toBe('\x1b]633;E;ls\x07\x1b]633;C\x07\x1b]133;C\x07');
  });
});

describe('environment listings', () => {
  it("reads bash's export -p, quoting and all", () => {
    const bash = findShell('bash');
    if (!bash) return;
    const values = { A: 'x\ny', B: 'q"$`\\z', C: 'tab\there\x01ctl', D: "it's", E: '', F: 'ünï', G: ' spaced  out ' };
    for (const lang of ['C.UTF-8', 'C']) {
      const out = execFileSync(bash, ['--norc', '--noprofile', '-c', 'export -p'], { env: { ...values, LC_ALL: lang, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
      const env = parseExportP(out);
      for (const [k, v] of Object.entries(values)) expect(env[k], `${k} in ${lang}`).toBe(v);
    }
    expect(parseExportP('declare -x UNSET\ndeclare -ax ARR=([0]="a")\nexport POSIX="p"\n')).toEqual({ POSIX: 'p' });
  });
  it('reads NUL-separated records', () => {
    expect(parseNulEnv('A=1\0B=x=y\0C=\0')).toEqual({ A: '1', B: 'x=y', C: '' });
  });
});

describe('completeness', () => {
  it('says "surely complete" only for lines that are', () => {
    for (const t of ['ls -la', 'git commit -m "a b; c"', "echo 'x y'", 'echo ${HOME}/x', 'echo {a,b}', "echo hi # it's", 'a && b', 'echo a\\ b']) expect(surelyComplete(t), t).toBe(true);
    for (const t of ['echo "abc', "echo 'abc", 'for i in 1; do', 'echo hi \\', 'a &&', 'a |', 'cat <<EOF', 'echo $(date)', '{ echo; }', 'if true; then']) expect(surelyComplete(t), t).toBe(false);
  });
  it('reads the prompts bash and zsh print', () => {
    expect(bashPrompts('\x01P1\x01for i\n\x01P2\x01x')).toEqual([1, 2]);
    expect(zshPrompts('# for> zsh: parse error near `\\n\'\n# ')).toEqual([1, 2, 1]);
    expect(zshPrompts('host% heredoc> heredoc> host% ')).toEqual([1, 2, 2, 1]);
  });
  for (const dialect of ['bash', 'zsh'] as const) {
    const sh = findShell(dialect);
    (sh ? it : it.skip)(`asks ${dialect} whether a buffer is finished`, async () => {
      const ask = (t: string) => completeness(t, { path: sh!, dialect });
      expect(await ask('for i in 1 2; do')).toBe('incomplete');
      expect(await ask('for i in 1 2; do\necho $i\ndone')).toBe('complete');
      expect(await ask("echo 'open")).toBe('incomplete');
      expect(await ask('cat <<EOF\nbody')).toBe('incomplete');
      expect(await ask('cat <<EOF\nbody\nEOF')).toBe('complete');
      expect(await ask('echo a \\')).toBe('incomplete');
      expect(await ask('fi')).toBe('complete'); // an error, but the shell won't wait for more
      expect(await ask('touch /tmp/countersign-must-not-exist')).toBe('complete');
    });
  }
});

describe('the gate marker', () => {
  const run = (chunks: string[]): { out: string; ids: string[] } => {
    let out = '';
    const ids: string[] = [];
    const f = new MarkerFilter((id) => ids.push(id), (b) => (out += b.toString('latin1')));
    for (const c of chunks) f.push(Buffer.from(c, 'latin1'));
    f.flush();
    return { out, ids };
  };
  it('takes markers out of the output, even split across reads', () => {
    expect(run(['a\x1b]6973;abc123\x07b'])).toEqual({ out: 'ab', ids: ['abc123'] });
    expect(run(['a\x1b]69', '73;ab', 'c123\x07b'])).toEqual({ out: 'ab', ids: ['abc123'] });
    expect(run(['x\x1b', ']6973;ff\x07'])).toEqual({ out: 'x', ids: ['ff'] });
  });
  it('any split of any stream: markers out, everything else through in order (property)', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '\x1b', ']', '6', '9', '7', '3', ';', '\x07', 'f', '\n') }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 8 }).map((id) => ({ id })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (pieces, cuts) => {
        // Plain text must not itself end up forming a marker with its neighbours.
        const text = pieces.map((p) => (typeof p === 'string' ? p.replaceAll('\x1b]6973;', '\x1b]6972;') : `\x1b]6973;${p.id}\x07`)).join('');
        fc.pre(!/\x1b]6973;[0-9a-f]{0,64}$/.test(text) && !text.includes('\x1b]6973;\x07'));
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((a, i, all) => text.slice(a, all[i + 1] ?? text.length));
        const want = run([text]);
        expect(run(chunks)).toEqual(want);
        expect(want.out).toBe(text.replace(/\x1b]6973;[0-9a-f]{1,64}\x07/g, ''));
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });
  it('leaves everything else alone', () => {
    const other = '\x1b]633;A\x07\x1b[31mred\x1b]6973;not ours!\x07\x1b';
    expect(run([other]).out).toBe(other);
    expect(run([other]).ids).toEqual([]);
  });
});

describe('request framing', () => {
  it('splits requests however the bytes arrive', () => {
    const got: Request[] = [];
    const p = new RequestParser((r) => got.push(r), (f, t) => (f === 'z' ? Object.fromEntries(t.split('\0').map((r) => r.split('='))) : { RAW: t }));
    const bytes = Buffer.from(
      'Q\x001\x00n1\x00/tmp\x00echo ü\x00\x000\x00afoo\x1fbar\x1e\x00E\x002\x00n2\x00z\x00A=1\x00B=2\x00\x00E\x003\x00n3\x00p\x00declare -x X="1"\n\x00W\x004\x00n4\x00id\x00rm -rf data\x00' +
        'D\x005\x00n5\x00fg\x1fg () \n{ \n    :\n}\n\x1e\x00S\x006\x00n6\x00ax\x1fy\x1e\x00f () \n{ \n    :\n}\n\x00',
    );
    for (let i = 0; i < bytes.length; i += 3) p.push(bytes.subarray(i, i + 3));
    expect(got).toEqual([
      { kind: 'Q', seq: '1', nonce: 'n1', pwd: '/tmp', line: 'echo ü', expanded: '', running: false, defs: 'afoo\x1fbar\x1e' },
      { kind: 'E', seq: '2', nonce: 'n2', env: { A: '1', B: '2' } },
      { kind: 'E', seq: '3', nonce: 'n3', env: { RAW: 'declare -x X="1"\n' } },
      { kind: 'W', seq: '4', nonce: 'n4', id: 'id', line: 'rm -rf data' },
      { kind: 'D', seq: '5', nonce: 'n5', defs: 'fg\x1fg () \n{ \n    :\n}\n\x1e' },
      { kind: 'S', seq: '6', nonce: 'n6', records: 'ax\x1fy\x1e', declareF: 'f () \n{ \n    :\n}\n' },
    ]);
  });
});

describe("the session's own findings", () => {
  const ctx = { cwd: '/tmp', env: { PATH: '/usr/bin:/bin', HOME: '/root' }, home: '/root' };
  const look = async (text: string) => sessionLook(text, await parse(text, ctx), '/run/countersign-x');
  it('treats nested bash by name and any zsh as guarded', async () => {
    for (const t of ['bash', 'bash -l', 'bash -i', 'bash --norc', 'zsh', 'exec zsh', '/usr/bin/zsh -l', 'env FOO=1 zsh', '( bash )']) {
      const l = await look(t);
      expect(l.shellsGuarded, t).toBe(true);
      expect(l.findings, t).toEqual([]);
    }
  });
  it('does not count on reaching other shells', async () => {
    for (const t of ['exec bash', '/bin/bash', 'command bash', 'sudo bash', 'bash --posix', 'zsh -f', 'env -i zsh', 'ZDOTDIR=/x zsh', 'sudo zsh', 'bash -s x']) {
      expect((await look(t)).shellsGuarded, t).toBe(false);
    }
    for (const t of ['sudo -s', 'sudo -i', 'sudo -u bob -s', 'su', 'su - root', 'doas -s', 'tmux', 'screen', 'pkexec', 'newgrp']) {
      expect((await look(t)).findings.map((f) => f.rule), t).toContain('session/unguarded-shell');
    }
    for (const t of ['sudo ls', 'su -c id', 'tmux ls', 'sudo -s ls']) expect((await look(t)).findings, t).toEqual([]);
  });
  it('pauses lines that would switch the hook off or re-run history unseen', async () => {
    for (const t of ['bind \'"\\C-m": accept-line\'', 'bind -r "\\C-m"', 'unset -f __cs_check', 'PROMPT_COMMAND=', 'zle -N accept-line x', 'bindkey "^M" .accept-line', 'unfunction bash', 'bash() { /bin/bash; }', 'echo $__cs_line', 'enable -n read', 'cat /run/countersign-x/1.r']) {
      expect((await look(t)).findings.map((f) => f.rule), t).toContain('session/shell-hook');
    }
    for (const t of ['fc -s', 'fc', 'r']) expect((await look(t)).findings.map((f) => f.rule), t).toContain('session/history-rerun');
    for (const t of ['bind -p', 'bind -X', 'fc -l', 'echo binding', 'R --version', 'git commit -m "unset PROMPT"']) expect((await look(t)).findings, t).toEqual([]);
  });
  it('only looks when a line mentions something it watches', () => {
    expect(needsSessionLook('ls -la', '/run/x')).toBe(false);
    expect(needsSessionLook('git status', '/run/x')).toBe(false);
    for (const t of ['bash', 'sudo -s', '/bin/zsh', 'echo $PROMPT_COMMAND', 'bind -x', 'fc -s']) expect(needsSessionLook(t, '/run/x'), t).toBe(true);
  });
  it('guardedShell and unguardedShell agree with the hook on options', () => {
    expect(unguardedShell('sudo', ['-s'])).toBeTruthy();
    expect(unguardedShell('sudo', ['-s', 'ls'])).toBeUndefined();
    expect(guardedShell({ argv: [{ value: 'bash', dynamic: false, glob: false, text: 'bash' }], name: 'bash', assignments: [], redirects: [], origin: ['top'], cwd: '/', vars: {}, text: 'bash' })).toBe(true);
  });
});

describe('shell options', () => {
  it('keeps the user\'s options for the real shell, always as a login shell', () => {
    expect(shellOptions([], 'bash')).toMatchObject({ login: true, long: [], short: [] });
    expect(shellOptions(['-i', '-l', '-o', 'vi', '--noediting', '-x'], 'bash')).toMatchObject({ long: ['--noediting'], short: ['-o', 'vi', '-x'] });
    expect(shellOptions(['--rcfile', '/x/shellIntegration-bash.sh'], 'bash').rcfile).toBeUndefined();
    expect(shellOptions(['--rcfile', '/x/my.rc', '--norc'], 'bash')).toMatchObject({ rcfile: '/x/my.rc', norc: true });
    // zsh can't skip startup files: the hook is in them.
    expect(shellOptions(['-f', '-o', 'norcs', '-x'], 'zsh').short).toEqual(['-x']);
  });
});

describe('definitions', () => {
  it("tells the startup files' aliases and functions from ones defined or changed later", () => {
    const bash = findShell('bash');
    if (!bash) return;
    const all = execFileSync(bash, ['--norc', '--noprofile', '-c', 'f() { echo "a b"; }; g() { cat <<EOF\nx () \nEOF\n}; function h.x { rm -rf /tmp/zz; }; declare -f'], { encoding: 'utf8' });
    const defs = splitDeclareF(all);
    expect(defs.map((d) => d.name)).toEqual(['f', 'g', 'h.x']);
    const one = execFileSync(bash, ['--norc', '--noprofile', '-c', 'f() { echo "a b"; }; declare -f f'], { encoding: 'utf8' });
    const snap = new Snapshot();
    snap.add(defs);
    snap.add(parseRecords('all\x1fls -l\x1e'));
    expect(snap.has({ kind: 'f', name: 'f', text: one })).toBe(true);
    expect(snap.has({ kind: 'f', name: 'f', text: one.replace('a b', 'rm -rf data') })).toBe(false);
    expect(snap.has({ kind: 'a', name: 'll', text: 'ls -l' })).toBe(true);
    expect(snap.has({ kind: 'a', name: 'll', text: 'rm -rf data' })).toBe(false);
  });
  it('turns them into code the engine walks, and asks for what they call', () => {
    const code = defsToCode([{ kind: 'a', name: 'zap', text: 'rm -rf' }, { kind: 'f', name: 'w', text: 'w () \n{ \n    tidy data\n}\n' }]);
    expect(code).toBe('w () \n{ \n    tidy data\n}\nzap () {\nrm -rf "$@"\n}');
    const asked = new Set(['w', 'zap']);
    expect(candidateNames(code, asked)).toEqual(['tidy', 'data', 'rm']);
    expect(candidateNames(code, asked)).toEqual([]);
  });
});
