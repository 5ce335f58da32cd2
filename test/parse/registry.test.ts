// The option grammars and per-program tables the parser reads from the program registry
// (src/programs/parsing.ts): what each line runs, as the program itself reads its argv.
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { gitSubIndex } from '../../src/parse/gitalias.js';
import type { Invocation } from '../../src/parse/types.js';

interface Case {
  line: string;
  runs?: string[];
  not?: string[];
  opaque?: boolean;
}

const ctx = { cwd: '/repo', env: { HOME: '/home/u', PATH: '/usr/bin:/bin' }, home: '/home/u' };
const show = (i: Invocation) => i.argv.map((w) => (w.dynamic ? '*' : w.value)).join(' ');

const CASES: Case[] = [
  // ssh: bundles, -P, options after the destination; the command is the next positional.
  { line: 'ssh -vl root web1 rm -rf /srv', runs: ['rm -rf /srv'], not: ['web1'] },
  { line: 'ssh -P tag web1 rm -rf /srv', runs: ['rm -rf /srv'], not: ['web1'] },
  { line: 'ssh web1 -l root rm -rf /srv', runs: ['rm -rf /srv'], not: ['-l'] },
  { line: 'ssh web1 -t rm -rf /srv', runs: ['rm -rf /srv'], not: ['-t'] },
  { line: 'ssh web1 -- rm -rf /srv', runs: ['rm -rf /srv'] },
  { line: 'ssh -luser web1 rm -rf /srv', runs: ['rm -rf /srv'] },
  // the remote command's own options stay its own
  { line: 'ssh web1 ls -l -o x', runs: ['ls -l -o x'] },
  { line: 'ssh web1 -o ProxyCommand=\'rm -rf data\' true', runs: ['rm -rf data', 'true'] },
  { line: "ssh web1 sort -o 'ProxyCommand rm -rf data' f", not: ['rm'] },
  // scp/sftp -S PROGRAM, bundled or attached
  { line: 'scp -vS wipe a web1:b', runs: ['wipe host'] },
  { line: 'sftp -Swipe web1', runs: ['wipe host'] },
  { line: 'scp -P 22 a web1:b', not: ['22'] },
  // rsync -e inside a bundle; -f takes the rest of its bundle as a filter rule
  { line: "rsync -avze 'sh -c \"rm -rf data\"' a web1:b", runs: ['rm -rf data'] },
  { line: "rsync -avfe 'sh -c \"rm -rf data\"' a web1:b", not: ['rm'] },
  { line: "rsync --exclude -e -a 'sh -c \"rm -rf data\"' web1:b", not: ['rm'] },
  // container engines: their own options before `run`, and the run's value options
  { line: 'docker --tlscacert ca.pem run -v /srv:/x alpine rm -rf /x', runs: ['rm -rf /srv'] },
  { line: 'docker -l debug run -v /srv:/x alpine rm -rf /x', runs: ['rm -rf /srv'] },
  { line: 'finch run -v /srv:/x alpine rm -rf /x/y', runs: ['rm -rf /srv/y'] },
  { line: 'docker compose -f c.yml run -v /srv:/x app rm -rf /x', runs: ['rm -rf /srv'] },
  // git's own options before the subcommand (registry: git): the alias is the subcommand
  { line: "git --attr-source HEAD -c alias.x='!rm -rf data' x", runs: ['rm -rf data'] },
  { line: "git config alias.x '!rm -rf data' && git --super-prefix p/ x", runs: ['rm -rf data'] },
  // tmux: its options, then a command with its own
  { line: "tmux run-shell -d 1 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "tmux display-popup -T t -d /tmp 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "tmux -L s new -d -s x 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "tmux -S /tmp/s split-window -l 10 -c /tmp 'rm -rf data'", runs: ['rm -rf data'] },
  // Red team 4a: launchers found later
  { line: "parallel ::: 'rm -rf data' 'echo hi'", runs: ['rm -rf data', 'echo hi'] },
  { line: "concurrently -n a,b 'rm -rf data' 'npm run dev'", runs: ['rm -rf data', 'npm run dev'] },
  { line: 'npx lerna exec --no-bail -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'npx nx exec -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'guix shell coreutils -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'envchain aws rm -rf data', runs: ['rm -rf data'] },
  { line: 'envchain --set aws AWS_SECRET_ACCESS_KEY', not: ['AWS_SECRET_ACCESS_KEY'] },
  { line: 'distrobox-host-exec rm -rf data', runs: ['rm -rf data'] },
  { line: 'cmake -E rm -rf data', runs: ['rm -rf data'] },
  { line: 'cmake -E remove_directory data build', runs: ['rm -rf data build'] },
  { line: 'cmake -E remove -f data/db.sqlite', runs: ['rm -f data/db.sqlite'] },
  { line: 'cmake -E chdir /tmp rm -rf x', runs: ['rm -rf x'] },
  { line: 'cmake -E copy a b', not: ['rm'] },
  { line: 'timeout -- 5s rm -rf data', runs: ['rm -rf data'] },
  { line: "sh 0<<<'rm -rf data'", runs: ['rm -rf data'] },
  { line: "sh 3<<<'rm -rf data'", not: ['rm'] },
  { line: "BASH_ALIASES[ll]='rm -rf data'\nshopt -s expand_aliases\nll", runs: ['rm -rf data'] },
  // git config files the line writes: their aliases and command keys
  { line: "printf '[alias]\\n\\tz = !rm -rf data\\n' >> .git/config && git z", runs: ['rm -rf data'] },
  { line: "printf '[core]\\n\\tfsmonitor = rm -rf data\\n' >> .git/config && git status", runs: ['rm -rf data'] },
  { line: "echo '[alias] wipe = !rm -rf data' >> ~/.gitconfig && git wipe", runs: ['rm -rf data'] },
  { line: "printf '[alias]\\n\\tco = checkout\\n' >> .git/config && git co -b x", runs: ['git checkout -b x'], not: ['rm'] },
  { line: "bash --rcfile <(echo 'rm -rf data') -i <<< exit", opaque: true },
  { line: 'GIT_SSH=/tmp/ssh git ls-remote git@example.com:a/b', runs: ['/tmp/ssh'] },
  // A program the line wrote, run by path, is its content whatever its name.
  { line: "printf 'rm -rf data\\n' > /tmp/at && chmod +x /tmp/at && /tmp/at", runs: ['rm -rf data'] },
  { line: "printf 'rm -rf data\\n' > /tmp/ssh && chmod +x /tmp/ssh && GIT_SSH=/tmp/ssh git fetch git@example.com:a/b", runs: ['rm -rf data'] },
  // A binary copied is no text to read: unknown, not garbage parsed as shell.
  { line: 'cp /bin/ls /tmp/myls && /tmp/myls -la', opaque: true, not: ['\u007fELF'] },
  { line: 'yarn workspaces foreach -A --include "@acme/*" exec rm -rf data', runs: ['rm -rf data'] },
  { line: "aider --auto-test --test-cmd 'rm -rf data' -m 'fix it'", runs: ['rm -rf data'] },
  { line: "aider -m 'fix it' --lint-cmd 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "echo 'rm -rf data' | tee /tmp/log | sh", runs: ['rm -rf data'] },
  { line: "echo 'ls' | tee -a /tmp/log | sh", runs: ['ls'], not: ['rm'] },
  // Configuration management run on this machine
  { line: "ansible localhost -c local -m shell -a 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "ansible all -m ansible.builtin.command -a 'chdir=/tmp rm -rf data'", runs: ['rm -rf data'] },
  { line: "ansible localhost -m file -a 'path=data state=directory'", not: ['rm'] },
  { line: 'ansible all -m ping', not: ['rm'] },
  // Parallel ssh: the words after the options are one command on every host (rt26a).
  { line: 'pdsh -w db-[1-3] sudo rm -rf /var/lib/mysql', runs: ['rm -rf /var/lib/mysql'] },
  { line: "pssh -h hosts.txt -i 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "clush -g prod -b 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'clush -g prod -c /etc/hosts --dest /tmp/hosts.new', not: ['rm'] },
  { line: "salt-call --local cmd.run 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "salt '*' file.remove /srv/data", runs: ['rm -rf -- /srv/data'] },
  // $SHELL set on the line: script -c and flock -c hand their command to it
  { line: "SHELL=/tmp/x.sh script -qc 'echo hi' /dev/null", runs: ['/tmp/x.sh -c echo hi'] },
  { line: "SHELL=/tmp/x.sh flock /tmp/l -c 'echo hi'", runs: ['/tmp/x.sh -c echo hi'] },
  { line: "SHELL=/bin/bash script -qc 'rm -rf data' /dev/null", runs: ['rm -rf data'] },
  // More than one word is the program's argv (tmux 3.0+): its quoting stays.
  { line: "tmux new-window -d sh -c 'rm -rf ~/.aws'", runs: ['rm -rf /home/u/.aws'] },
  { line: "tmux -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "tmux -L s send-keys 'rm -rf data' Enter", runs: ['rm -rf data'] },
  { line: 'tmux new -d -n rm data', not: ['rm'] },
  { line: 'tmux constructor rm -rf data', not: ['rm'] },
  // su and script: -c bundled, attached, abbreviated; -C
  { line: "su -lc 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "su -s /bin/sh --comm='rm -rf data' root", runs: ['rm -rf data'] },
  { line: "su --session-command 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "script -qc'rm -rf data' /dev/null", runs: ['rm -rf data'] },
  { line: "script -O log --command 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "runuser -lc 'rm -rf data' root", runs: ['rm -rf data'] },
  { line: 'runuser -u root -- rm -rf data', runs: ['rm -rf data'] },
  // -t's value is only attached: -tc is a timing file named c
  { line: "script -tc 'rm -rf data'", not: ['rm'] },
  // sed and gdb
  { line: "sed --expr='1e rm -rf data' f", runs: ['rm -rf data'] },
  { line: "sed -nl 5 '1e rm -rf data' f", runs: ['rm -rf data'] },
  { line: "sed -e'1e rm -rf data' f", runs: ['rm -rf data'] },
  { line: "gdb -batch -eval 'shell rm -rf data'", runs: ['rm -rf data'] },
  { line: "gdb -eiex 'shell rm -rf data'", runs: ['rm -rf data'] },
  { line: "gdb --args prog -ex 'shell rm -rf data'", not: ['rm'] },
  // raw socket clients: what the service's own client would send
  { line: "printf 'FLUSHALL\\r\\n' | nc -T lowdelay redis.prod 6379", runs: ['redis-cli -h redis.prod -p 6379'] },
  { line: "printf 'FLUSHALL\\r\\n' | nc -vw 1 redis.prod 6379", runs: ['redis-cli -h redis.prod -p 6379'] },
  { line: "ncat -lkc 'rm -rf data' 1234", runs: ['rm -rf data'] },
  { line: "ncat --sh-ex='rm -rf data' -l 1234", runs: ['rm -rf data'] },
  // database clients' shell escapes
  { line: "psql -Xc '\\! rm -rf data'", runs: ['rm -rf data'] },
  { line: "psql --comm='\\! rm -rf data'", runs: ['rm -rf data'] },
  { line: "mysql -Be 'system rm -rf data'", runs: ['rm -rf data'] },
  { line: "sqlite3 -separator , x.db '.shell rm -rf data'", runs: ['rm -rf data'] },
  { line: "duckdb -c '.shell rm -rf data'", runs: ['rm -rf data'] },
  { line: "psql -X --no-psqlrc -c 'select 1'", not: ['rm'] },
  // tar
  { line: "tar -xf x.tar --to-comm='rm -rf data'", runs: ['rm -rf data'] },
  { line: "tar -cI 'rm -rf data' -f x.tar .", runs: ['rm -rf data'] },
  { line: "tar -xf x.tar --to-command 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "tar --checkpoint-act=exec='rm -rf data' -cf x.tar .", runs: ['rm -rf data'] },
  { line: "tar -cf x.tar -C data --exclude 'rm -rf data' .", not: ['rm'] },
  // secret injectors: the command after the registry's value options
  { line: 'doppler -p proj run -c prd -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'chamber exec svc -- rm -rf data', runs: ['rm -rf data'] },
];

describe("git's subcommand after its own options", () => {
  const w = (s: string) => s.split(' ').map((value) => ({ value, dynamic: false, glob: false, text: value }));
  it.each([
    ['git --attr-source HEAD wipe', 3],
    ['git --super-prefix p/ wipe', 3],
    ['git --config-env core.x=V wipe', 3],
    ['git -C repo -c a=b wipe', 5],
    // --exec-path takes only `=value`: alone it prints the path
    ['git --exec-path wipe', 2],
  ])('%s', (line, at) => expect(gitSubIndex(w(line))).toBe(at));
});

describe('what lines run, by the registry grammars', () => {
  for (const c of CASES) {
    it(c.line, async () => {
      const r = await parse(c.line, ctx, { envComplete: true });
      const shown = r.invocations.map(show);
      for (const want of c.runs ?? []) expect(shown, JSON.stringify(shown)).toContain(want);
      for (const n of c.not ?? []) expect(r.invocations.map((i) => i.name), JSON.stringify(shown)).not.toContain(n);
      if (c.opaque !== undefined) expect(r.invocations.some((i) => i.opaque), JSON.stringify(shown)).toBe(c.opaque);
    });
  }
});
