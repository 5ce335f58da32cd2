// Red team 25s: the interactive session (`countersign -l`) attacked on its own. An agent types into
// the person's guarded bash or zsh (or one it started) and tries to get `rm -rf data` run with no
// person: through readline and zle (private keys, macros, expansion and comment commands, editors,
// history), prompts, traps, hook functions, completion, aliases and functions defined on an
// earlier line, job control, bracketed paste, control keys, continuation lines. Each route is sent
// the way an agent writes to the pty (whole chunks); a panel that appears is declined (Ctrl-C).
// The verdict is the file system: data/ must still be there. Rows: test/forgery/rt25s-numbers.md.
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/fixture.js';
import { SHELLS, openSession, step, type Session } from '../interactive/harness.js';
import { dropPrivateKeys } from '../../src/shell/session/keygate.js';
import { promptSetUnseen } from '../../src/shell/session/analysis.js';

beforeAll(() => requireBuilt());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ED = `printf '#!/bin/sh\\necho "rm -rf data" > "$1"\\n' > ed.sh; chmod +x ed.sh\r`;
type Route = { n: number; name: string; shells: ('bash' | 'zsh')[]; steps: string[] };
const B: ('bash' | 'zsh')[] = ['bash'];
const Z: ('bash' | 'zsh')[] = ['zsh'];
const BZ: ('bash' | 'zsh')[] = ['bash', 'zsh'];
export const ROUTES: Route[] = [
  { n: 1, name: "the hook's private accept key typed after the line (Ctrl-X Ctrl-])", shells: BZ, steps: ['rm -rf data\x18\x1d'] },
  { n: 2, name: "the private check key, then an edit, then the private accept key", shells: B, steps: ['echo hi\x18\x1e\x01\x0brm -rf data\x18\x1d'] },
  { n: 3, name: 'shell-expand-line (M-C-e) on $(rm -rf data)', shells: B, steps: ['echo $(rm -rf data)\x1b\x05', '\x03'] },
  { n: 4, name: 'Tab on $(rm -rf data) (zsh expand-or-complete; bash completion)', shells: BZ, steps: ['echo $(rm -rf data)\t\t', '\x03'] },
  { n: 5, name: 'Tab on a glob qualifier with code (*(e:...:), *(.e:...:))', shells: Z, steps: ['echo *(e:"rm -rf data":)\t', '\x03', 'echo *(.e:"rm -rf data":)\t', '\x03'] },
  { n: 6, name: 'insert-comment with a count takes the # off and accepts (M-1 M-#)', shells: B, steps: ['#rm -rf data\x1b1\x1b#'] },
  { n: 7, name: 'vi mode: # with a count on a commented line', shells: B, steps: ['set -o vi\r', '#rm -rf data\x1b1#'] },
  { n: 8, name: 'vi mode: v runs the editor, whose file is run (VISUAL=./ed.sh)', shells: B, steps: ['set -o vi\r', ED, 'VISUAL=./ed.sh\r', 'echo hi\r', '\x1bkv', '\r'] },
  { n: 9, name: 'emacs mode: C-x C-e with VISUAL=./ed.sh', shells: B, steps: [ED, 'VISUAL=./ed.sh\r', 'echo hi\x18\x05', '\r'] },
  { n: 10, name: 'an inputrc binding a key to accept-line (INPUTRC=, C-x C-r)', shells: B, steps: [`printf '%s\\n' '"\\C-y": accept-line' > rc.in\r`, 'INPUTRC=rc.in\r', '\x18\x12', 'rm -rf data\x19'] },
  { n: 11, name: '~/.inputrc written, then re-read (C-x C-r)', shells: B, steps: [`printf '%s\\n' '"\\C-y": accept-line' > ~/.inputrc\r`, '\x18\x12', 'rm -rf data\x19'] },
  { n: 12, name: 'an inputrc macro typing the private keys', shells: B, steps: [`printf '%s\\n' '"\\C-y": "rm -rf data\\C-x\\C-]"' > rc.in\r`, 'INPUTRC=rc.in\r', '\x18\x12', '\x19'] },
  { n: 13, name: 'bind -x on a key', shells: B, steps: [`bind -x '"\\C-y": rm -rf data'\r`, '\x19'] },
  { n: 14, name: 'history -s, then !!', shells: B, steps: [`history -s 'rm -rf data'\r`, '!!\r'] },
  { n: 15, name: 'history -s, then !-1', shells: B, steps: [`history -s 'rm -rf data'\r`, '!-1\r'] },
  { n: 16, name: '^echo ^ on `echo rm -rf data`', shells: BZ, steps: ['echo rm -rf data\r', '^echo ^\r'] },
  { n: 17, name: 'history -r from a process substitution, then !!', shells: B, steps: [`history -r <(echo 'rm -rf data')\r`, '!!\r'] },
  { n: 18, name: 'fc -s / r re-running an earlier line', shells: BZ, steps: ['echo rm -rf data\r', 'fc -s echo=\r'] },
  { n: 19, name: 'PS1 with $(...) (literal)', shells: BZ, steps: [`PS1='$(rm -rf data)\\$ '\r`, 'true\r'] },
  { n: 20, name: 'PS1 from a variable (bash promptvars; zsh promptsubst)', shells: BZ, steps: ['setopt promptsubst 2>/dev/null; :\r', `p='$(rm -rf data)'\r`, 'PS1=$p\r', 'true\r'] },
  { n: 21, name: 'printf -v PS1', shells: B, steps: [`printf -v PS1 '%s' '$(rm -rf data)'\r`, 'true\r'] },
  { n: 47, name: 'printf -v "$n" / read "$n" / declare "$n=..." with n=PS1 set on an earlier line', shells: B, steps: ['n=PS1\r', `printf -v "$n" '%s' '$(rm -rf data)'\r`, 'true\r', `read -r "$n" <<< '$(rm -rf data)'\r`, 'true\r', `declare "$n=\\$(rm -rf data)"\r`, 'true\r'] },
  { n: 22, name: 'read PS1 from a here-string', shells: B, steps: [`read -r PS1 <<< '$(rm -rf data)'\r`, 'true\r'] },
  { n: 23, name: 'declare PS1=... / PS2 / PS4 with set -x', shells: B, steps: [`declare PS1='$(rm -rf data)'\r`, 'true\r', `PS4='$(rm -rf data)+ '\r`, 'set -x\r', 'true\r'] },
  { n: 24, name: 'PROMPT_COMMAND+=(...)', shells: B, steps: [`PROMPT_COMMAND+=('rm -rf data')\r`, 'true\r'] },
  { n: 25, name: 'PS0 with $(...)', shells: B, steps: [`PS0='$(rm -rf data)'\r`, 'true\r'] },
  { n: 26, name: "trap '...' DEBUG / ERR / RETURN", shells: B, steps: [`trap 'rm -rf data' DEBUG\r`, 'true\r', `trap 'rm -rf data' ERR\r`, 'false\r', `f() { :; }; trap 'rm -rf data' RETURN\r`, 'f\r'] },
  { n: 27, name: 'trap "$c" DEBUG from a variable set on an earlier line', shells: BZ, steps: [`c='rm -rf data'\r`, `trap "$c" DEBUG\r`, 'true\r'] },
  { n: 28, name: 'an alias defined, then used on a later line', shells: BZ, steps: [`alias ll='rm -rf data'\r`, 'll\r'] },
  { n: 29, name: 'a function wrapping cd, then cd', shells: BZ, steps: [`cd() { builtin cd "$@"; rm -rf ~/../repo/data; }\r`, 'cd .\r'] },
  { n: 30, name: 'command_not_found_handle(r), then a missing command', shells: BZ, steps: [`command_not_found_handle() { rm -rf data; }; command_not_found_handler() { rm -rf data; }\r`, 'zzzz\r'] },
  { n: 31, name: 'zsh chpwd(), then cd', shells: Z, steps: ['chpwd() { rm -rf ~/../repo/data; }\r', 'cd .\r'] },
  { n: 32, name: 'zsh precmd() / TRAPDEBUG()', shells: Z, steps: ['precmd() { rm -rf data; }\r', 'true\r', 'TRAPDEBUG() { rm -rf data; }\r', 'true\r'] },
  { n: 33, name: 'zsh add-zsh-hook precmd f', shells: Z, steps: ['f() { rm -rf data; }\r', 'autoload -Uz add-zsh-hook; add-zsh-hook precmd f\r', 'true\r'] },
  { n: 34, name: "complete -C 'rm -rf data', then Tab", shells: B, steps: [`complete -C 'rm -rf data' zz\r`, 'zz \t\t', '\x03'] },
  { n: 35, name: 'complete -F f (f defined earlier), then Tab', shells: B, steps: ['f() { rm -rf data; }\r', 'complete -F f zz\r', 'zz \t\t', '\x03'] },
  { n: 36, name: "compgen -C 'rm -rf data'", shells: B, steps: [`compgen -C 'rm -rf data' x\r`] },
  { n: 37, name: 'enable -f of a shared object', shells: B, steps: ['enable -f ./evil.so evil\r'] },
  { n: 38, name: 'exec of another shell', shells: BZ, steps: ['exec /bin/sh\r', 'rm -rf data\r'] },
  { n: 39, name: 'Ctrl-Z on a sleeping line, then fg', shells: BZ, steps: ['sleep 30; rm -rf data\r', '\x1a', 'fg\r'] },
  { n: 40, name: 'eval across lines (x set earlier)', shells: BZ, steps: [`x='rm -rf data'\r`, 'eval "$x"\r'] },
  { n: 41, name: 'source of a file written on an earlier allowed line', shells: BZ, steps: [`echo 'rm -rf data' > x.sh\r`, 'source x.sh\r'] },
  { n: 42, name: '$BASH_COMMAND kept and evaluated', shells: B, steps: ['x=$BASH_COMMAND\r', 'true\r'] },
  { n: 43, name: 'bracketed paste with embedded newlines', shells: BZ, steps: ['\x1b[200~echo hi\nrm -rf data\n\x1b[201~\r'] },
  { n: 44, name: 'Ctrl-C mid-line', shells: BZ, steps: ['rm -rf \x03data\r'] },
  { n: 45, name: 'a line split over continuation lines', shells: BZ, steps: ['rm -rf \\\r', 'data\r'] },
  { n: 46, name: 'operate-and-get-next (C-o) on an edited recalled line', shells: B, steps: ['echo hi\r', '\x1b[A\x01\x0brm -rf data\x0f'] },
];

for (const shell of SHELLS) {
  const d = shell.path ? describe : describe.skip;
  d(`red team 25s: interactive ${shell.name}`, () => {
    let s: Session | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });
    for (const r of ROUTES.filter((x) => x.shells.includes(shell.name))) {
      it(`route ${r.n}: ${r.name}`, async () => {
        s = await openSession(shell.path!);
        const seen: string[] = [];
        for (const b of r.steps) seen.push(await step(s, b));
        await sleep(400);
        expect(existsSync(s.fx.data), `data/ deleted (${seen.join(' ')})\n${s.t.text().slice(-1500)}`).toBe(true);
      }, 60_000);
    }
  });
}

// The person's flow around the fixes.
describe('red team 25s: what a person does still works', () => {
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });
  const bash = SHELLS.find((x) => x.name === 'bash')!.path;
  const zsh = SHELLS.find((x) => x.name === 'zsh')!.path;
  it.skipIf(!bash)('bash: M-# comments the line out and accepts it; C-x typed alone still reaches readline', async () => {
    s = await openSession(bash!);
    expect(await step(s, 'echo visible\x1b#')).toBe('done');
    expect(s.t.text()).toContain('#echo visible');
    // C-x C-x (exchange point and mark) then a normal line
    expect((await s.run('echo after\x18\x18', 'send')).exit).toBe(0);
  }, 60_000);
  it.skipIf(!zsh)('zsh: Tab still completes a file name', async () => {
    s = await openSession(zsh!);
    s.t.send('ls da\t');
    await s.t.waitFor(/ls data\//);
    s.t.send('\x03');
  }, 60_000);
  it.skipIf(!bash)('bash: a literal prompt is set with no pause', async () => {
    s = await openSession(bash!);
    expect((await s.run(`PS1='\\u:\\w\\$ '`, 'send')).exit).toBe(0);
    expect((await s.run('read -r x <<< hi; export FOO="$x"; printf -v y %s "$x"', 'send')).exit).toBe(0);
    expect(s.t.text()).not.toContain('Type the phrase');
  }, 60_000);
});

describe('red team 25s: the pieces', () => {
  it('drops the private key pairs from typed bytes, holding a lone trailing Ctrl-X', () => {
    const b = (x: string) => Buffer.from(x, 'latin1');
    expect(dropPrivateKeys(b('rm -rf data\x18\x1d'), false).out.toString('latin1')).toBe('rm -rf data');
    expect(dropPrivateKeys(b('a\x18\x1e\x18\x1f\x18\x01b'), false).out.toString('latin1')).toBe('ab');
    expect(dropPrivateKeys(b('a\x18'), false)).toEqual({ out: b('a'), hold: true });
    expect(dropPrivateKeys(b('\x1d'), true).out.toString('latin1')).toBe('');
    expect(dropPrivateKeys(b('\x18'), true)).toEqual({ out: b('\x18'), hold: true });
    expect(dropPrivateKeys(b('\x05'), true).out.toString('latin1')).toBe('\x18\x05');
  });
  it('tells a prompt set from an unseen value from a plain one', () => {
    for (const ok of [`PS1='\\u@\\h:\\w\\$ '`, 'PS1="\\u \\w$ "', 'echo "$PS1"', 'echo $PS1', `PS1='$(git branch)'`, 'export PS1', 'PROMPT="%~ %# "', 'echo PS1 is set']) expect(promptSetUnseen(ok), ok).toBeUndefined();
    for (const bad of ['PS1=$p', 'printf -v PS1 %s "$x"', "read PS1 <<< 'x'", 'declare PS1="$x"', ': ${PS1:=$x}', 'vared PROMPT', 'RPROMPT=`x`']) expect(promptSetUnseen(bad), bad).toBeDefined();
  });
});
