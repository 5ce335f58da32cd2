// rt23o (blind red team, classic evasion categories): printf's numeric conversions, a root shell
// that reads the line's input (`sudo -s`, `su` without -c), and `include /dev/stdin` in a makefile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { literalOutput } from '../../src/parse/walk.js';
import { inv } from '../helpers/invocation.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof detectionFixture>;
const decide = async (line: string) => (await check(line, fx.ctx)).decision;
beforeAll(() => {
  fx = detectionFixture('countersign-rt23o-');
});
afterAll(() => fx.cleanup());

describe('printf output', () => {
  const out = (...args: string[]) => literalOutput(inv(['printf', ...args]));
  it('prints the numeric conversions as bash does', () => {
    expect(out('%o', '114')).toBe('162');
    expect(out('\\%03o\\%03o', '114', '109')).toBe('\\162\\155');
    expect(out('%x|%X|%#x|%5d|%-4d|%05d|%+d', '255', '255', '255', '42', '7', '42', '3')).toBe('ff|FF|0xff|   42|7   |00042|+3');
    expect(out('%d %d %d', '010', '0x10', "'A")).toBe('8 16 65');
    expect(out('%.2s-%c', 'rmdir', 'mop')).toBe('rm-m');
    expect(out('%-6s|%6s', 'ab', 'cd')).toBe('ab    |    cd');
  });
  it('is unknown for a conversion it cannot print exactly', () => {
    expect(out('%f', '1.5')).toBeUndefined();
    expect(out('%d', 'abc')).toBeUndefined();
    expect(out('%e', '1')).toBeUndefined();
  });
});

describe('lines', () => {
  it('pause', async () => {
    for (const l of [
      'printf "\\\\$(printf %o 114)\\\\$(printf %o 109) -rf data" | sh',
      "sudo -s <<< 'rm -rf /etc'",
      "echo 'rm -rf ~/.ssh' | sudo -i",
      "doas -s <<< 'rm -rf /etc'",
      "su - root <<< 'rm -rf /etc'",
      "sudo su <<< 'rm -rf /etc'",
      "printf 'include /dev/stdin\\n' > Makefile && echo $'all:\\n\\trm -rf data' | make",
      "runuser -l root <<< 'rm -rf /etc'",
      "chroot / <<< 'rm -rf /etc'",
      "unshare -r <<< 'rm -rf data'",
      "nsenter -t 1 -m <<< 'rm -rf /etc'",
      "fakeroot <<< 'rm -rf data'",
      "firejail --noprofile <<< 'rm -rf data'",
      "newgrp docker <<< 'rm -rf data'",
      // the grammar drops the blank of `${x%% *}`: read as `${x%%*}` it was an empty name
      "x='rm -rf data'; \"${x%% *}\" -rf data",
      // and splits `${x% *}`'s pattern in two nodes: read from the source
      "x='data build'; rm -rf \"${x% *}\"",
      "p='old data'; rm -rf ./\"${p#* }\"",
      "ENV=<(echo 'rm -rf data') sh -i </dev/null",
    ]) expect(await decide(l), l).not.toBe('allow');
  });
  it('allow', async () => {
    for (const l of [
      "printf '%x\\n' 255 | sh",
      "sudo -s <<< 'ls -la /root'",
      "su - deploy <<< 'ls -la ~/app'",
      "printf 'include /dev/stdin\\n' > Makefile && echo $'all:\\n\\techo hello' | make",
      "chroot /srv/jail <<< 'ls -la /'",
      "runuser -u deploy -- ls -la",
      "newgrp docker <<< 'docker ps'",
      "x='a b'; echo \"${x%% *}\"",
      "x='build data'; rm -rf \"${x% *}\"",
      "p='data build'; rm -rf ./\"${p#* }\"",
      'ENV=$DEPLOY_ENV bash ./scripts/deploy-check.sh',
    ]) expect(await decide(l), l).toBe('allow');
  });
});
