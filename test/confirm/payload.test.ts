// What an agent's wrapper runs, read out of the wrapper (Codex's login-shell preamble).
import { describe, expect, it } from 'vitest';
import { codexDelegation } from '../../src/confirm/index.js';

const PREAMBLE = `__CODEX_SNAPSHOT_OVERRIDE_SET_0="\${CODEX_THREAD_ID+x}"
if . '/home/u/.codex/shell_snapshots/a.sh' >/dev/null 2>&1; then :; fi
if [ -n "\${PATH:-}" ]; then export PATH='/opt/codex-path':"$PATH"; fi
`;

describe('codexDelegation', () => {
  it("reads Codex 0.169's quoting of a quote ('\"'\"')", () => {
    const text = `${PREAMBLE}\nexec '/home/u/.countersign/bin/bash' -c 'curl -X POST https://backboard.railway.app/graphql/v2 -H '"'"'Authorization: Bearer x'"'"' -d '"'"'{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'"'"''`;
    const d = codexDelegation(text);
    expect(d?.shell).toBe('/home/u/.countersign/bin/bash');
    expect(d?.command).toBe(`curl -X POST https://backboard.railway.app/graphql/v2 -H 'Authorization: Bearer x' -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`);
    expect(d?.preamble).toBe(`${PREAMBLE}`);
  });

  it("reads the older '\\'' quoting and a plain command", () => {
    expect(codexDelegation(`${PREAMBLE}\nexec '/s/bash' -c 'echo '\\''hi'\\'''`)?.command).toBe("echo 'hi'");
    expect(codexDelegation(`${PREAMBLE}\nexec '/s/bash' -c 'rm -r data'`)?.command).toBe('rm -r data');
  });

  it('is no delegation when the last word could expand or more follows it', () => {
    // A double-quoted part with an expansion is not a literal command: the whole line is judged.
    expect(codexDelegation(`${PREAMBLE}\nexec '/s/bash' -c 'echo '"$(rm -rf ~)"`)).toBeUndefined();
    expect(codexDelegation(`${PREAMBLE}\nexec '/s/bash' -c 'ls'; rm -rf data`)).toBeUndefined();
    expect(codexDelegation(`${PREAMBLE}\nexec '/s/bash' -c 'ls' && rm -rf data`)).toBeUndefined();
    expect(codexDelegation(`exec '/s/bash' -c 'ls'`)).toBeUndefined();
  });
});
