import { describe, expect, it } from 'vitest';
import { touchesGuardedEnv } from '../../src/rules/selfguard.js';

describe('touchesGuardedEnv', () => {
  it('pauses lines that change the variables countersign finds its files by', () => {
    for (const line of [
      'export HOME=/tmp/x; rm -rf data',
      'export XDG_CONFIG_HOME=/tmp/evil',
      'declare -x HOME',
      'declare -n r=HOME; r=/tmp; countersign status',
      'export PATH=${HOME:=/tmp/h}/bin',
      'export X=${XDG_STATE_HOME=/tmp/s}',
      'unset HOME',
      'env -u COUNTERSIGN_SESSION sh',
      'readonly COUNTERSIGN_X',
      'env -i rm -rf data',
      '/usr/bin/env - sh',
      './env -i sh',
      "e'nv' --ignore-environment sh",
    ]) expect(touchesGuardedEnv(line), line).toBeDefined();
  });

  it('lets lines that only read them through', () => {
    for (const line of [
      'export PATH="$HOME/.local/bin:$PATH"',
      'export PATH=${HOME}/bin:$PATH; which rm',
      'export GOPATH=${HOME%/}/go',
      'local dir="${XDG_CONFIG_HOME:-$HOME/.config}/app"',
      'declare -r CACHE="${XDG_CACHE_HOME:-$HOME/.cache}"',
      // A file named *.env, then `-` for stdout: no env program.
      "aws s3 cp s3://acme-prod-config/app/prod.env - | grep -c '='",
      'diff staging.env - < /tmp/live.env',
    ]) expect(touchesGuardedEnv(line), line).toBeUndefined();
  });
});
