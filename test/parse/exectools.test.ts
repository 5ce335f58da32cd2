// Tools that run commands, bash semantics and container mounts (issue 15): what the parser sees
// each line run. `runs` lists invocations (argv, `*` for a value only known at run time).
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import type { Invocation } from '../../src/parse/types.js';
import { runsElsewhere } from '../../src/parse/wrappers.js';

interface Case {
  line: string;
  runs?: string[];
  not?: string[];
  opaque?: boolean;
  uncertain?: boolean;
  cwd?: string;
}

const ctx = { cwd: '/repo', env: { HOME: '/home/u', PATH: '/usr/bin:/bin' }, home: '/home/u' };
const show = (i: Invocation) => i.argv.map((w) => (w.dynamic ? '*' : w.value)).join(' ');

const TOOLS: Case[] = [
  // git aliases and transports
  { line: "git -c alias.x='!rm -rf' x data", runs: ['rm -rf data'] },
  { line: "git -c alias.up='push --force' up origin main", runs: ['git -c alias.up=push --force push --force origin main'] },
  { line: "git config alias.wipe '!rm -rf data' && git wipe", runs: ['rm -rf data'] },
  { line: "git config --global alias.nuke 'push origin --delete' && git nuke main", runs: ['git push origin --delete main'] },
  { line: "git config set alias.nuke 'push -f' && git nuke", runs: ['git push -f'] },
  { line: "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0='!rm -rf data' git x", runs: ['rm -rf data'] },
  { line: 'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0="$(cat f)" git x', opaque: true },
  { line: "git -c alias.x='!rm -rf' x \"$(cat f)\"", opaque: true },
  { line: 'git -c alias.co=checkout co main', runs: ['git -c alias.co=checkout checkout main'] },
  { line: "git clone 'ext::sh -c rm% -rf% data' x", runs: ['sh -c rm -rf data', 'rm -rf data'] },
  { line: "V='!rm -rf data' git --config-env=alias.x=V x", runs: ['rm -rf data'] },
  { line: "GIT_CONFIG_PARAMETERS=\"'alias.x=!rm -rf data'\" git x", runs: ['rm -rf data'] },
  { line: "GIT_CONFIG_PARAMETERS=\"'alias.x'='!rm -rf data'\" git x", runs: ['rm -rf data'] },
  { line: 'git -c include.path=/tmp/x.cfg wipe', opaque: true },
  { line: 'git -c include.path=/tmp/x.cfg status', opaque: false },
  { line: "git -c alias.a=b -c alias.b='!rm -rf data' a", runs: ['rm -rf data'] },
  { line: 'git -c alias.a=a a', uncertain: true },
  { line: "git -c alias.WIPE='!rm -rf data' wipe", runs: ['rm -rf data'] },
  { line: "git config alias.Wipe '!rm -rf' && git WIPE data", runs: ['rm -rf data'] },
  // commands in options
  { line: "ssh -o ProxyCommand='rm -rf data' host", runs: ['rm -rf data'] },
  { line: "ssh -oProxyCommand='nc %h %p' host", runs: ['nc host host'] },
  { line: "ssh -o 'ProxyCommand rm -rf data' host", runs: ['rm -rf data'] },
  { line: "ssh -vo ProxyCommand='rm -rf data' host", runs: ['rm -rf data'] },
  { line: "ssh -vNoProxyCommand='rm -rf data' host", runs: ['rm -rf data'] },
  { line: 'ssh -o ProxyCommand=none host true', not: ['none'] },
  // Dokku's ssh user runs `dokku CMD` (its authorized_keys command=); other users run CMD.
  { line: 'ssh dokku@apps.acme.com apps:destroy api --force', runs: ['dokku apps:destroy api --force'] },
  { line: 'ssh -t -l dokku apps.acme.com postgres:destroy db -f', runs: ['dokku postgres:destroy db -f'] },
  { line: 'ssh ssh://dokku@apps.acme.com:3022 apps:list', runs: ['dokku apps:list'] },
  { line: 'ssh -o User=dokku apps.acme.com apps:destroy api', runs: ['dokku apps:destroy api'] },
  // A host whose user ~/.ssh/config names: dokku's `plugin:subcommand` shape says it is dokku.
  { line: 'ssh dokku-prod apps:destroy api --force', runs: ['dokku apps:destroy api --force'] },
  { line: "ssh dokku-prod 'postgres:destroy api-db -f'", runs: ['dokku postgres:destroy api-db -f'] },
  { line: 'ssh deploy@apps.acme.com systemctl restart api', runs: ['systemctl restart api'], not: ['dokku systemctl restart api'] },
  { line: "scp -o ProxyCommand='rm -rf data' a host:b", runs: ['rm -rf data'] },
  { line: "rsync -e 'sh -c \"rm -rf data\"' a host:b", runs: ['rm -rf data'] },
  { line: 'rsync -av --rsh="$(cat f)" a host:b', opaque: true },
  { line: "sed -n '1e rm -rf data' f", runs: ['rm -rf data'] },
  { line: "sed -e '/x/e rm -rf data' f", runs: ['rm -rf data'] },
  { line: "echo x | sed 's/x/rm -rf data/e'", opaque: true },
  { line: "sed -i 's/e/f/g; /e/d' f", not: ['rm'] },
  { line: "sed '1i e rm -rf data' f", not: ['rm'] },
  { line: "sed -n 'w data/db.sqlite' f", runs: [':'] },
  { line: "sed -f /dev/stdin f <<< '1e rm -rf data'", runs: ['rm -rf data'] },
  { line: "vim -c 'call system(\"rm -rf data\")' -c q", runs: ['rm -rf data'] },
  { line: "vim -c 'r !rm -rf data' -c q", runs: ['rm -rf data'] },
  { line: "vim -c 'call delete(\"data\", \"rf\")' -c q", runs: ['rm -fr -- data'] },
  { line: "vim -es -c 'py3 import os' -c q", opaque: true },
  { line: "vim -c '%d' -c 'wq' data/db.sqlite", runs: [':'] },
  { line: "ex -s data/db.sqlite <<< $'%d\\nwq'", runs: [':'] },
  { line: "vim -c 'set number' README.md", not: [':'] },
  { line: 'find . -maxdepth 0 -fprint data/db.sqlite', runs: [':'] },
  { line: 'uniq /dev/null data/db.sqlite', runs: [':'] },
  { line: 'sort | uniq -c', not: [':'] },
  { line: "man -P 'rm -rf data' ls", runs: ['rm -rf data'] },
  { line: 'cat s.sed | sed -f - f', opaque: true },
  { line: "sed 's/a/b/w out.txt' f", runs: [':'] },
  { line: "sed 's/a/b/w /dev/stdout' f", not: [':'] },
  { line: "printf ',d\\nw\\nq\\n' | ed -s data/db.sqlite", runs: [':'] },
  { line: "printf ',p\\nq\\n' | ed -s README.md", not: [':'] },
  { line: "echo 'eval exec rm -rf data' | tclsh", runs: ['rm -rf data'] },
  { line: "gdb -batch -p 1 -ex 'call (int)system(\"rm -rf data\")'", runs: ['rm -rf data'] },
  { line: "gdb -batch -p 1 -ex 'call (int)system(buf)'", opaque: true },
  { line: "pwsh -NoProfile -ExecutionPolicy Bypass -c 'Remove-Item -Recurse data'", runs: ['rm -fr -- data'] },
  { line: "pwsh -c 'Get-ChildItem data | Remove-Item -Recurse -Force'", runs: ['rm -fr -- data/*'] },
  { line: "pwsh -c '[System.IO.Directory]::Delete(\"data\", $true)'", runs: ['rm -fr -- data'] },
  { line: "pwsh -c '[Console]::WriteLine(\"x\"); Write-Host hi'", uncertain: false },
  { line: "hyperfine -w 3 --prepare 'rm -rf data' 'make'", runs: ['rm -rf data', 'make'] },
  { line: "hyperfine -L v 1,2 'sleep {v}'", opaque: true },
  { line: "ls | entr -s 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'ls | entr rm -rf data', runs: ['rm -rf data'] },
  { line: "gdb -batch -ex 'shell rm -rf data'", runs: ['rm -rf data'] },
  { line: "gdb -batch -ex 'python import os'", opaque: true },
  { line: "zip -T -TT 'rm -rf data' x.zip f", runs: ['rm -rf data'] },
  { line: "echo 'exec rm -rf data' | tclsh", runs: ['rm -rf data'] },
  { line: "echo 'file delete -force data' | tclsh", runs: ['rm -fr -- data'] },
  { line: "echo 'exec $cmd' | tclsh", opaque: true },
  { line: "expect -c 'spawn rm -rf data; expect eof'", runs: ['rm -rf data'] },
  { line: "printf '!rm -rf data\\nq\\n' | ed", runs: ['rm -rf data'] },
  { line: "emacs --batch --eval '(delete-directory \"data\" t)'", runs: ['rm -fr -- data'] },
  { line: "emacs --batch --eval '(shell-command \"rm -rf data\")'", runs: ['rm -rf data'] },
  { line: "Rscript -e 'unlink(\"data\", recursive=TRUE)'", runs: ['rm -fr -- data'] },
  { line: "Rscript -e 'system(\"rm -rf data\")'", runs: ['rm -rf data'] },
  { line: "Rscript -e 'system(cmd)'", opaque: true },
  { line: "Rscript -e 'httr::DELETE(\"https://api.x.com/v1/a\", httr::add_headers(A = \"b\"))'", runs: ['curl -X DELETE https://api.x.com/v1/a'] },
  { line: "Rscript -e 'library(httr2); request(\"https://api.x.com/v1/a\") |> req_method(\"DELETE\") |> req_perform()'", runs: ['curl -X DELETE https://api.x.com/v1/a'] },
  { line: "Rscript -e 'httr::GET(\"https://api.x.com/v1/a\")'", not: ['curl'] },
  // Rscript FILE: a script the line wrote first is read as written; one on disk is not read here.
  { line: "echo 'unlink(\"data\", recursive = TRUE)' > c.R && Rscript --vanilla c.R", runs: ['rm -fr -- data'] },
  { line: "curl -so c.R https://x.io/c.R && Rscript c.R", opaque: true },
  { line: "echo 'print(1)' > c.R && Rscript c.R", not: ['rm'] },
  // go run of a file the line writes: exec.Command, os.RemoveAll, a DELETE request
  { line: "printf 'package main\\nfunc main() { req, _ := http.NewRequest(http.MethodDelete, \"https://api.x.com/v1/a\", nil); http.DefaultClient.Do(req) }\\n' > d.go && go run d.go", runs: ['curl -X DELETE https://api.x.com/v1/a'] },
  { line: "printf 'package main\\nfunc main() { os.RemoveAll(\"data\"); exec.Command(\"git\", \"push\", \"--force\").Run() }\\n' > d.go && go run d.go", runs: ['rm -fr -- data', 'git push --force'] },
  { line: "printf 'package main\\nfunc main() { os.RemoveAll(dir) }\\n' > d.go && go run d.go", opaque: true },
  { line: 'go run ./cmd/server', not: ['curl', 'rm'] },
  { line: "pwsh -c 'Remove-Item -Recurse -Force data'", runs: ['rm -fr -- data'] },
  // From WSL, by their Windows names.
  { line: "powershell.exe -c 'Remove-Item -Recurse -Force data'", runs: ['rm -fr -- data'] },
  { line: 'cmd.exe /c vssadmin delete shadows /all /quiet', runs: ['vssadmin delete shadows /all /quiet'] },
  { line: 'cmd.exe /C "rm -rf data"', runs: ['rm -rf data'] },
  // cmd's own builtins, read as the sh that does the same (cmdexe.ts).
  { line: 'cmd.exe /c "rd /s /q data"', runs: ['rm -rf -- data'] },
  { line: 'cmd.exe /d /c "rd /s /q data"', runs: ['rm -rf -- data'] },
  { line: "cmd.exe /c del 'data\\db.sqlite'", runs: ['rm -f -- data/db.sqlite data/db.sqlite/*'] },
  { line: "cmd.exe /c 'del /q /s *.tmp'", runs: ['find . -name *.tmp -exec rm -rf {} +'] },
  { line: "cmd.exe /c 'start /b cmd /c rd /s /q data'", runs: ['rm -rf -- data'] },
  { line: 'cmd.exe /c "dir /s /b"', not: ['rm'] },
  { line: 'cmd.exe /c "for /d %i in (*) do rd /s /q %i"', opaque: true },
  { line: "cmd.exe /c 'if \"%X%\"==\"1\" rd /s /q data'", uncertain: true },
  { line: "cmd.exe /c 'if exist dist (rd /s /q data)'", runs: ['rm -rf -- data'] },
  { line: "pwsh -c 'git push --force; Get-ChildItem'", runs: ['git push --force'] },
  { line: 'pwsh -EncodedCommand ZQBjAGgAbwA=', opaque: true },
  // Remove-Item: wildcards stay patterns, comma lists are several paths, $env:TEMP\x is under the
  // temp dir the environment names (code that sets TEMP is not read).
  { line: "pwsh -c 'Remove-Item -Recurse *'", runs: ['rm -fr -- *'] },
  // A command in a subexpression, an assignment, a cast or a block runs too.
  { line: "pwsh -c '(Remove-Item data -Recurse)'", runs: ['rm -fr -- data'] },
  { line: "pwsh -c '$x = Remove-Item data -Recurse'", runs: ['rm -fr -- data'] },
  { line: "pwsh -c '[void](Remove-Item -Recurse data)'", runs: ['rm -fr -- data'] },
  { line: "pwsh -c 'if (Test-Path ./dist) { Remove-Item -Recurse -Force ./dist }'", runs: ['rm -fr -- ./dist'] },
  // A listing filtered by name is the find that picks the same names.
  { line: "pwsh -c 'Get-ChildItem -Include bin,obj -Recurse | Remove-Item -Recurse'", runs: ['find . ( -iname bin -o -iname obj ) -exec rm -rf {} +'] },
  { line: "pwsh -c 'Get-ChildItem dist -Filter *.map | Remove-Item'", runs: ['find dist -mindepth 1 -maxdepth 1 ( -iname *.map ) -exec rm -rf {} +'] },
  { line: "pwsh -c 'Remove-Item -Recurse -Force build, data'", runs: ['rm -fr -- build data'] },
  { line: "powershell.exe -c 'Remove-Item $env:TEMP\\playwright* -Recurse'", runs: ['rm -fr -- /playwright*'] },
  { line: "powershell.exe -c '$env:TEMP = \".\"; Remove-Item $env:TEMP\\data -Recurse'", opaque: true },
  { line: "pwsh -c 'Remove-Item -Recurse $env:USERPROFILE\\.ssh'", opaque: true },
  { line: "pwsh -c 'iex $s'", opaque: true },
  { line: "pwsh -c 'Invoke-RestMethod -Method Delete -Uri https://api.vercel.com/v9/projects/web -Headers @{a = 1}'", runs: ['curl -X DELETE https://api.vercel.com/v9/projects/web'] },
  { line: "pwsh -c 'irm https://api.x.com/graphql -Method Post -UseBasicParsing -Body \"{}\"'", runs: ['curl -X POST https://api.x.com/graphql --data-raw {}'] },
  { line: "pwsh -c 'iwr -Uri $u -Method Delete'", opaque: true },
  // wrappers
  { line: "flock /tmp/l -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'flock -w 5 /tmp/l rm -rf data', runs: ['rm -rf data'] },
  { line: "screen -dmS s sh -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'prlimit --nofile=100 rm -rf data', runs: ['rm -rf data'] },
  { line: 'prlimit --pid 1 --nofile=100', not: ['1'] },
  { line: "sg staff -c 'rm -rf data'", runs: ['rm -rf data'] },
  // A wrapper's shell text sees the command's prefixes and exported variables, as sh -c does.
  { line: "X=data watch 'rm -rf $X'", runs: ['rm -rf data'] },
  { line: "X=data flock /tmp/l -c 'rm -rf $X'", runs: ['rm -rf data'] },
  { line: 'X=data WSLENV=X cmd.exe /c "rd /s /q %X%"', runs: ['rm -rf -- data'] },
  { line: 'sg staff rm -rf data', runs: ['rm -rf data'] },
  { line: 'pkexec --user root rm -rf data', runs: ['rm -rf data'] },
  { line: 'ssh-agent -t 60 rm -rf data', runs: ['rm -rf data'] },
  { line: 'dbus-run-session -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'xvfb-run -a -s "-screen 0 1x1x8" rm -rf data', runs: ['rm -rf data'] },
  { line: "faketime '2020-01-01' rm -rf data", runs: ['rm -rf data'] },
  { line: 'toybox rm -rf data', runs: ['rm -rf data'] },
  { line: 'railway run -s api rm -rf data', runs: ['rm -rf data'] },
  { line: "npx -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "npm exec --call='rm -rf data'", runs: ['rm -rf data'] },
  { line: 'sudo -iu postgres psql', runs: ['psql'] },
  { line: 'sshpass -p x rm -rf data', runs: ['rm -rf data'] },
  { line: "parallel 'rm -rf {}' ::: data build", runs: ['rm -rf data', 'rm -rf build'] },
  { line: 'parallel rm -rf ::: data', runs: ['rm -rf data'] },
  { line: 'ls | parallel rm -rf', runs: ['rm -rf *'] },
  // parallel fed by find: the paths it lists, under its root, as for xargs (rt22fp3).
  { line: "find logs -name '*.log' | parallel gzip", runs: ['gzip logs', 'gzip logs/**'] },
  // `{//}`, `{/}`, `{.}` are other words made from the input, known only at run time.
  { line: 'parallel rm -rf {.} ::: data.zip', runs: ['rm -rf *'] },
  // find's `{}` reaches "$@" as the paths it stands for (a pattern under the root, read with find's filters).
  { line: "find . -name data -exec sh -c 'rm -rf \"$@\"' sh {} +", runs: ['rm -rf ./**'] },
  { line: "printf 'data\\0' | xargs -0 sh -c 'rm -rf \"$@\"' _", runs: ['rm -rf data'] }, // xargs reads the literal it is fed (parse/xargs.ts)
  // find piped into xargs: the paths it lists, under its root (no odd names on disk here).
  { line: "find . -print0 | xargs -0 sh -c 'rm -rf \"$@\"' _", runs: ['rm -rf . ./**'] },
  { line: "grep -rl x src | xargs sed -i s/x/y/", runs: ['sed -i s/x/y/ src src/**'] },
  { line: "find . -print | xargs -0 rm", runs: ['rm'] }, // -0 reads what -print wrote as one name
  { line: "git ls-remote --upload-pack='rm -rf data; git-upload-pack' .", runs: ['rm -rf data'] },
  { line: "git push --receive-pack='rm -rf data' origin main", runs: ['rm -rf data'] },
  { line: "git clone -u 'rm -rf data' file:///x y", runs: ['rm -rf data'] },
  { line: "git -c remote.origin.uploadpack='rm -rf data' fetch origin", runs: ['rm -rf data'] },
  { line: "git config core.pager 'rm -rf data'; git log", runs: ['rm -rf data'] },
  { line: 'git -c "url.ext::sh -c rm% -rf% data.insteadOf=x" clone x y', runs: ['rm -rf data'] },
  { line: "nodemon --exec 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'nodemon app.js', not: ['app.js'] },
  { line: "nix-shell -p jq --run 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'nix develop -c rm -rf data', runs: ['rm -rf data'] },
  { line: 'conda run -n base rm -rf data', runs: ['rm -rf data'] },
  { line: 'mise x node@20 -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'run0 -u root rm -rf data', runs: ['rm -rf data'] },
  { line: 'setarch x86_64 -R rm -rf data', runs: ['rm -rf data'] },
  { line: 'numactl --cpunodebind=0 rm -rf data', runs: ['rm -rf data'] },
  { line: 'numactl --hardware', not: ['--hardware'] },
  { line: 'fakeroot -- rm -rf data', runs: ['rm -rf data'] },
  { line: 'perf stat -e cycles rm -rf data', runs: ['rm -rf data'] },
  { line: 'direnv exec . rm -rf data', runs: ['rm -rf data'] },
  { line: "pnpm dlx -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'corepack pnpm dlx rimraf data', runs: ['rimraf data'] },
  { line: 'fnm exec --using=20 rm -rf data', runs: ['rm -rf data'] },
  { line: "sops exec-env secrets.enc.env 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "gcloud compute ssh db-1 --zone us-central1-a --command 'sudo -u postgres dropdb shop'", runs: ['dropdb shop'] },
  { line: "gcloud --project p compute ssh db-1 --zone=z -- 'dropdb shop'", runs: ['dropdb shop'] },
  { line: 'gcloud compute instances list --zone us-central1-a', runs: ['gcloud compute instances list --zone us-central1-a'] },
  { line: 'pipx run --spec alembic alembic downgrade base', runs: ['alembic downgrade base'] },
  { line: 'npx cross-env NODE_ENV=production rm -rf data', runs: ['rm -rf data'] },
  { line: 'npx env-cmd -f .env.production rm -rf data', runs: ['rm -rf data'] },
  // `--use-shell`: the words joined run as one shell line.
  { line: "env-cmd -f .env.production --use-shell 'rm -rf data && echo done'", runs: ['rm -rf data', 'echo done'] },
  { line: 'pnpm --filter @acme/db exec rm -rf data', runs: ['rm -rf data'] },
  { line: 'yarn workspace @acme/db rimraf data', runs: ['rimraf data'] },
  // containers
  { line: 'docker run --rm -v /repo/data:/x alpine rm -rf /x', runs: ['rm -rf /repo/data'] },
  { line: "docker run --rm -v ./data:/x alpine sh -c 'rm -rf /x/*'", runs: ['rm -rf /repo/data/*'] },
  { line: 'docker run --rm -v /repo:/app -w /app alpine rm -rf data', runs: ['rm -rf data'], cwd: '/repo' },
  { line: 'docker run --rm --mount type=bind,source=/repo,target=/app alpine rm -rf /app/data', runs: ['rm -rf /repo/data'] },
  { line: 'docker run --rm --entrypoint rm -v /repo/data:/d alpine -rf /d', runs: ['rm -rf /repo/data'] },
  { line: 'docker run --rm alpine rm -rf /', not: ['rm'] },
  { line: 'docker compose -f c.yml run --rm -v ./data:/x app rm -rf /x', runs: ['rm -rf /repo/data'] },
  { line: "docker run -v /repo:/app alpine sh -c 'cd /app && rm -rf data'", runs: ['rm -rf data'], cwd: '/repo' },
  { line: 'docker run --rm -v $(pwd)/data:/x alpine rm -rf /x', runs: ['rm -rf /repo/data'] },
  // a named volume emptied inside: `docker volume rm` of it on the same engine (container-volumes.test.ts)
  { line: "docker run --rm -v pgdata:/d alpine sh -c 'rm -rf /d/*'", runs: ['docker volume rm pgdata'] },
  { line: 'docker run --rm --mount type=volume,src=pgdata,dst=/d alpine rm -rf /d/base', runs: ['docker volume rm pgdata'] },
  { line: 'docker run --rm -v pgdata:/d alpine rm -rf /tmp/x', not: ['rm'] },
  { line: 'docker run --rm -v pgdata:/var/lib/postgresql/data postgres:16', not: ['postgres'] },
  // network clients act the same from a container: walked without mounts (the image's entrypoint too)
  { line: 'docker run --rm curlimages/curl -X DELETE https://api.x.com/v1/a', runs: ['curl -X DELETE https://api.x.com/v1/a'] },
  { line: "docker run --rm postgres:16 psql postgresql://db.prod/app -c 'DROP TABLE users'", runs: ['psql postgresql://db.prod/app -c DROP TABLE users'] },
  { line: 'kubectl run t --rm -i --image=curlimages/curl -- -X DELETE https://api.x.com/v1/a', runs: ['curl -X DELETE https://api.x.com/v1/a'] },
  { line: 'kubectl run t --rm -i --image=alpine --command -- wget -qO- https://api.x.com/v1/a', runs: ['wget -qO- https://api.x.com/v1/a'] },
  { line: 'docker run --rm alpine ls /', not: ['ls'] },
  { line: 'docker run --rm amazon/aws-cli s3 rb s3://acme-prod --force', runs: ['aws s3 rb s3://acme-prod --force'] },
  { line: 'docker run --rm -v /repo:/w -w /w hashicorp/terraform:1.7 destroy -auto-approve', runs: ['terraform destroy -auto-approve'], cwd: '/repo' },
  // kubectl run's command runs in a pod of the cluster, with the env the line gives it (rt24r:
  // `--env=DATABASE_URL=… -- npx knex migrate:rollback --all`): walked like exec's.
  { line: 'kubectl run t --rm -i --image=alpine -- ls /', runs: ['ls /'] },
  // kubectl apply/create -f - of a manifest: each container's command runs in a pod.
  { line: "kubectl apply -f - <<'EOF'\nkind: Job\nmetadata: {name: w, namespace: prod}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: postgres:16\n        command: [psql, -c, DROP TABLE t]\nEOF", runs: ['psql -c DROP TABLE t'] },
  // A dry run starts no pod (rt27fp2); the last --dry-run counts.
  { line: "kubectl apply --dry-run=server -f - <<'EOF'\nkind: Job\nmetadata: {name: w, namespace: prod}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: postgres:16\n        command: [psql, -c, DROP TABLE t]\nEOF", not: ['psql'] },
  { line: "kubectl create --dry-run=client -o yaml -f - <<'EOF'\nkind: Job\nmetadata: {name: w, namespace: prod}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: postgres:16\n        command: [psql, -c, DROP TABLE t]\nEOF", not: ['psql'] },
  { line: "kubectl apply --dry-run=server --dry-run=none -f - <<'EOF'\nkind: Job\nmetadata: {name: w, namespace: prod}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: postgres:16\n        command: [psql, -c, DROP TABLE t]\nEOF", runs: ['psql -c DROP TABLE t'] },
  { line: "printf 'kind: Pod\\nspec:\\n  containers:\\n  - image: curlimages/curl\\n    args: [-X, DELETE, https://api.x.com/v1/a]\\n' > p.yaml && kubectl create -f p.yaml", runs: ['curl -X DELETE https://api.x.com/v1/a'] },
  { line: "kubectl apply -f - <<'EOF'\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - image: nginx\nEOF", not: ['nginx'] },
  // compose run without mounts of the line: the service has the compose file's volumes and
  // environment (its database), like compose exec; its directory is read as the project's.
  { line: 'docker compose run --rm api npx prisma migrate reset --force', runs: ['prisma migrate reset --force'] },
  { line: 'docker compose -f c.yml run --rm -e X=1 web python manage.py flush', runs: ['python manage.py flush'] },
  { line: 'docker compose run --rm api npm test', runs: ['npm test'], opaque: false },
  { line: 'docker compose run --rm tools rm -rf data', runs: ['rm -rf data'], cwd: '/repo' },
  // A client of something outside the container acts there whatever the container mounts.
  { line: 'docker run --rm postgres:16 psql -h db.prod -c "DROP TABLE users"', runs: ['psql -h db.prod -c DROP TABLE users'] },
  { line: 'podman run --rm -it postgres pg_restore --clean -d app x.dump', runs: ['pg_restore --clean -d app x.dump'] },
  // Images whose entrypoint is the CLI: the words after the image are its arguments.
  { line: 'docker run --rm amazon/aws-cli s3 rb s3://b --force', runs: ['aws s3 rb s3://b --force'] },
  { line: 'docker run --rm docker.io/amazon/aws-cli:2.15.0 aws s3 rb s3://b --force', runs: ['aws s3 rb s3://b --force'] },
  { line: 'docker run --rm node:20 npm test', not: ['npm'] },
  { line: 'docker run --rm alpine/git push --force origin main', not: ['git', 'push'] },
  // A relative program path in a pod, a container or on another machine: run like an absolute
  // one there (nothing there is read from here); a shell told to read it is still unseen code.
  { line: "kubectl exec deploy/api -- bin/rails runner 'p User.count'", runs: ['bin/rails runner p User.count'], opaque: false },
  { line: 'docker exec api ./bin/console', opaque: false },
  { line: 'ssh web1 ./bin/report', opaque: false },
  { line: 'kubectl exec deploy/api -- sh ./wipe.sh', opaque: true },
  { line: 'cd "$(cat f)" && ./wipe.sh', opaque: true },
  // rt23a: commands that run on the remote host, namespaces, small languages with a shell escape.
  { line: "ssh -o RemoteCommand='rm -rf /srv/x' host", runs: ['rm -rf /srv/x'] },
  { line: 'ssh -o RemoteCommand=none host', not: ['rm'] },
  { line: "rsync -a --rsync-path='rm -rf /srv/x; rsync' ./d/ host:/srv/", runs: ['rm -rf /srv/x'] },
  { line: "rsync -a --rsync-path='rm -rf /srv/x; rsync' ./d/ /tmp/d/", not: ['rm'] },
  { line: 'ip netns exec blue rm -rf data', runs: ['rm -rf data'] },
  { line: 'ip -all netns exec rm -rf data', runs: ['rm -rf data'] },
  { line: "m4 <<< 'syscmd(rm -rf data)'", runs: ['rm -rf data'] },
  { line: "dc -e '!rm -rf data'", runs: ['rm -rf data'] },
  { line: "dc -e '5 3 !<a p'", not: ['rm'] },
  { line: 'gnuplot -e \'system("rm -rf data")\'', runs: ['rm -rf data'] },
  { line: 'octave --eval \'rmdir("data", "s")\'', runs: ['rm -rf -- data'] },
  { line: 'octave --eval \'system(cmd)\'', opaque: true },
];

const BASH: Case[] = [
  // bash sets OLDPWD on cd, and `cd -` / `~-` go back to it.
  { line: 'cd /tmp; rm -rf "$OLDPWD/data"', runs: ['rm -rf /repo/data'] },
  { line: 'cd /tmp; cd -; rm -rf data', runs: ['rm -rf data'], cwd: '/repo' },
  { line: 'cd /tmp; cd /var; rm -rf "$OLDPWD/x"', runs: ['rm -rf /tmp/x'] },
  { line: 'rm -rf "$OLDPWD/x"', runs: ['rm -rf *'] },
  // A for list of plain words runs the body with each; anything else leaves the variable unknown.
  { line: 'for d in dist build .turbo; do rm -rf "$d"; done', runs: ['rm -rf dist', 'rm -rf build', 'rm -rf .turbo'] },
  { line: "for d in dist 'x data'; do rm -rf $d; done", runs: ['rm -rf dist', 'rm -rf x data'] },
  { line: 'for d in dist $X; do rm -rf "$d"; done', runs: ['rm -rf *'] },
  { line: 'for d in dist *; do rm -rf "$d"; done', runs: ['rm -rf *'] },
  { line: 'rm${IFS}-rf${IFS}data', runs: ['rm -rf data'] },
  { line: 'cd /repo/data && rm -rf ~+', runs: ['rm -rf /repo/data'] },
  { line: 'rm -rf ~-', runs: ['rm -rf *'] },
  { line: 'rm -rf ~1 ~+2 ~root', runs: ['rm -rf * * *'] },
  { line: 'CDPATH=/ cd etc && rm -rf ./*', runs: ['rm -rf ./*'], cwd: undefined },
  { line: 'CDPATH=/ cd ./etc && rm -rf x', runs: ['rm -rf x'], cwd: '/repo/etc' },
  { line: 'hash -p /bin/rm ls; ls -rf data', runs: ['/bin/rm -rf data'] },
  { line: 'hash -p "$(cat f)" ls; ls', opaque: true },
  { line: 'BASH_CMDS[ls]=/bin/rm; ls -rf data', runs: ['/bin/rm -rf data'] },
  { line: 'command_not_found_handle() { rm -rf data; }; nosuchcmd', runs: ['rm -rf data'] },
  { line: "mapfile -C 'rm -rf data #' -c 1 lines < f", runs: ['rm -rf data'] },
  { line: "readarray -t -C 'printf .' -c 100 lines < f", not: ['rm'] },
  { line: 'x=\'$(rm -rf data)\'; echo "${x@P}"', uncertain: true },
  { line: "x='\\x72\\x6d'; ${x@E} -rf data", runs: ['rm -rf data'] },
  { line: 'x=abc; echo ${x@U}', runs: ['echo ABC'] },
  { line: "PS4='$(rm -rf data)'; set -x; true", runs: ['rm -rf data'] },
  { line: "env 'BASH_FUNC_ls%%=() { rm -rf data; }' bash -c ls", runs: ['rm -rf data'] },
  { line: "$BASH -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "/proc/self/exe -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'HOME=/etc; rm -rf ~/ssl', runs: ['rm -rf /etc/ssl'] },
  { line: 'HOME=$(cat f); rm -rf ~/x', runs: ['rm -rf *'] },
  { line: 'enable -f /tmp/x.so rm', opaque: true },
  { line: 'enable -n echo', opaque: false },
  { line: "PROMPT_COMMAND='rm -rf data'", runs: ['rm -rf data'] },
];

// Programs that run another command (wave 2, #15).
const WAVE2: Case[] = [
  { line: 'bwrap --bind / / --dev /dev rm -rf data', runs: ['rm -rf data'] },
  { line: 'bwrap --overlay a b c --setenv X 1 --chdir /tmp rm -rf x', runs: ['rm -rf x'], cwd: '/tmp' },
  { line: 'proot -b /repo:/r -w /r rm -rf data', runs: ['rm -rf data'], cwd: '/r' },
  { line: '/usr/bin/time -v rm -rf data', runs: ['rm -rf data'] },
  { line: '/usr/local/bin/timeout 5 rm -rf data', runs: ['rm -rf data'] },
  { line: 'start-stop-daemon --start --exec /bin/rm -- -rf data', runs: ['/bin/rm -rf data'] },
  { line: 'start-stop-daemon -S --exec /bin/true --startas /bin/rm -- -rf data', runs: ['/bin/rm -rf data'] },
  { line: 'start-stop-daemon --stop --exec /bin/rm', not: ['rm'] },
  { line: 'watchexec -r -- rm -rf data', runs: ['rm -rf data'] },
  { line: "watchexec -e py 'rm -rf data && make'", runs: ['rm -rf data'] },
  { line: 'zellij run --cwd /tmp -- rm -rf data', runs: ['rm -rf data'], cwd: '/tmp' },
  { line: 'zellij --session s run -- rm -rf data', runs: ['rm -rf data'] },
  // commands run by git subcommands, socat addresses, script's shell, nu, typed terminal text
  { line: "git rebase -ix 'rm -rf data' main", runs: ['rm -rf data'] },
  { line: 'git bisect run rm -rf "da ta"', runs: ['rm -rf da ta'] },
  { line: "git difftool --extcmd='rm -rf data'", runs: ['rm -rf data'] },
  { line: 'git rebase -X theirs main', not: ['rm'], opaque: false },
  { line: "socat TCP-LISTEN:1,fork SYSTEM:'rm -rf \"a,b\"',pty", runs: ['rm -rf a,b'] },
  { line: "script -q /dev/null <<< 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'cat cmds | script -q /dev/null', opaque: true },
  { line: "nu -c 'rm -r data'", runs: ['rm -r data'] },
  { line: "xonsh -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "elvish -norc -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "echo 'rm -rf data' | xonsh", opaque: true },
  { line: "xonsh -V -c 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "nu --commands='rm -r data'", runs: ['rm -r data'] },
  { line: 'kitty @ send-text "\\x72m -rf data\\n"', runs: ['rm -rf data'] },
  { line: "kitty @ send-text 'rm -rf datax\\b'", opaque: true },
  { line: "kitty @ send-text -m id:1 --match-tab title:x 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "wezterm cli send-text --pane-id 2 'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'echo "rm -rf data" | wezterm cli send-text', runs: ['rm -rf data'] },
  { line: "zellij action write-chars 'rm -rf data'", runs: ['rm -rf data'] },
  { line: "docker compose -f c.yml exec -T db psql -c 'DROP TABLE t'", runs: ['psql -c DROP TABLE t'] },
  { line: 'docker --context prod compose exec -u root api rm -rf /srv', runs: ['rm -rf /srv'] },
  { line: 'docker compose up -d', not: ['up'] },
  { line: 'fd -e sqlite . data -x rm', runs: ['rm data/**'] },
  { line: 'fd -e sqlite data -x rm', runs: ['rm ./**'] },
  { line: 'fd -X rm -rf {} ;', runs: ['rm -rf ./**'] },
  { line: 'fd -e pyc . a b -x rm {.}.bak', runs: ['rm *'] },
  { line: 'fd -e md', not: ['rm'] },
  { line: 'bun x rimraf data', runs: ['rimraf data'] },
  { line: 'deno run -A npm:rimraf@5 data', runs: ['rimraf data'] },
  { line: 'deno run -A main.ts', not: ['main.ts'] },
  { line: 'yarn run rimraf data', runs: ['rimraf data'] },
  { line: "npx tsx -e 'process.exit(0)'", runs: ['node -e process.exit(0)'] },
  { line: "npx zx <<< 'await $`ls`'", opaque: true },
  { line: 'npx zx deploy.mjs', opaque: false },
  { line: 'parallel gzip ::: build/*.log', runs: ['gzip build/*.log'] },
  { line: 'zellij action write 108 115 10', runs: ['ls'] },
  { line: 'zellij action write 27 91 65', opaque: true },
  { line: "socat - SHELL:'rm -rf data'", runs: ['rm -rf data'] },
  { line: 'fd -e sqlite -xrm', runs: ['rm ./**'] },
  { line: 'fd --exec=rm -f -e sqlite', runs: ['rm -f -e sqlite ./**'] },
  { line: "ssh web1 'rm -rf ~/app'", runs: ['rm -rf *'] },
  { line: "kubectl exec p -- sh -c 'rm -rf ~/app'", runs: ['rm -rf *'] },
  // systemd-run: a user service starts in the home directory, a system one somewhere unknown here.
  { line: 'systemd-run --user --scope rm -rf data', runs: ['rm -rf data'], cwd: '/repo' },
  { line: 'systemd-run --user -d --wait rm -rf data', runs: ['rm -rf data'], cwd: '/repo' },
  { line: 'systemd-run --user --wait rm -rf data', runs: ['rm -rf data'], cwd: '/home/u' },
  { line: 'systemd-run --user --working-directory=/srv rm -rf data', runs: ['rm -rf data'], cwd: '/srv' },
  { line: 'systemd-run --wait rm -rf data', runs: ['rm -rf data'], cwd: undefined },
  // `time ( … )` times the subshell (tree-sitter reads a command named time).
  { line: 'time (cd /tmp && rm -rf data)', runs: ['rm -rf data'], cwd: '/tmp', opaque: false },
  // screen -X stuff types text into the session, with screen's newline escapes.
  { line: "screen -S dev -X stuff 'rm -rf data\\n'", runs: ['rm -rf data'] },
  { line: "screen -S dev -X stuff 'rm -rf data^M'", runs: ['rm -rf data'] },
  { line: "screen -S dev -X stuff 'rm -rf data\\033[A'", opaque: true },
  { line: "screen -S dev -X eval 'stuff x'", opaque: true },
  { line: 'screen -S dev -X quit', opaque: false },
  // rails runner CODE runs Ruby in the app; rake -e runs Ruby with rake's DSL (not read).
  { line: "bin/rails runner 'FileUtils.rm_rf(\"data\")'", runs: ['ruby -e FileUtils.rm_rf("data")'] },
  { line: 'bin/rails r script/fix.rb', runs: ['ruby script/fix.rb'] },
  { line: "bin/rails runner -e production 'puts 1'", runs: ['ruby -e puts 1'] },
  { line: 'bin/rails runner --help', not: ['ruby'] },
  { line: "rake -e 'rm_rf \"data\"'", opaque: true },
  { line: 'rake -T', opaque: false },
  // Dev environments run their tooling commands' programs in the project's container.
  { line: 'ddev wp db reset --yes', runs: ['wp db reset --yes'] },
  { line: 'lando mysql -e x', runs: ['mysql -e x'] },
  { line: 'npx wp-env run cli wp db drop --yes', runs: ['wp db drop --yes'] },
  { line: 'ddev exec -s web rm -rf x', runs: ['rm -rf x'] },
  { line: 'ddev start', not: ['wp'] },
  // Input that is only commit hashes adds no option or path to what xargs runs.
  { line: 'git log --format=%H -n 5 | xargs -n1 git show --stat', runs: ['git show --stat'] },
];

function table(name: string, cases: Case[], env: Record<string, string> = {}) {
  describe(name, () => {
    for (const c of cases) {
      it(c.line, async () => {
        const r = await parse(c.line, { ...ctx, env: { ...ctx.env, ...env } }, { envComplete: true });
        const shown = r.invocations.map(show);
        for (const want of c.runs ?? []) expect(shown, `invocations: ${JSON.stringify(shown)} uncertain: ${r.uncertain}`).toContain(want);
        for (const n of c.not ?? []) expect(r.invocations.map((i) => i.name), JSON.stringify(shown)).not.toContain(n);
        if (c.opaque !== undefined) expect(r.invocations.some((i) => i.opaque), JSON.stringify(shown)).toBe(c.opaque);
        if (c.uncertain !== undefined) expect(r.uncertain.length > 0, r.uncertain.join('; ')).toBe(c.uncertain);
        if ('cwd' in c) expect(r.invocations.filter((i) => c.runs?.includes(show(i))).at(-1)?.cwd).toBe(c.cwd);
      });
    }
  });
}

table('tools that run commands', TOOLS);
table('bash semantics', BASH);
table('programs that run commands (wave 2)', WAVE2);
// bash ignores IFS from the environment: `${IFS}` still splits on spaces.
table('bash semantics with IFS in the environment', [{ line: 'rm${IFS}-rf${IFS}data', runs: ['rm -rf data'] }], { IFS: ',' });

describe('IFS in a live session', () => {
  it('follows the session environment when it is not a new bash', async () => {
    const r = await parse('x=rm,-rf,data; $x', { ...ctx, env: { ...ctx.env, IFS: ',' } }, { envComplete: false });
    expect(r.invocations.map(show)).toContain('*');
  });
  it('a new bash (-c) resets it', async () => {
    const r = await parse('x=rm,-rf,data; $x', { ...ctx, env: { ...ctx.env, IFS: ',' } }, { envComplete: true });
    expect(r.invocations.map(show)).toContain('rm,-rf,data');
  });
});

describe('where a command runs (runsElsewhere)', () => {
  const where = async (line: string, prog: string) => {
    const r = await parse(line, ctx, { envComplete: true });
    const inv = r.invocations.find((i) => i.name === prog);
    expect(inv, line).toBeDefined();
    return runsElsewhere(inv!);
  };
  it('inside a pod, also through sh -c there', async () => {
    expect(await where('kubectl exec api -- rm -rf /data', 'rm')).toMatch(/pod/);
    expect(await where("kubectl exec api -- sh -c 'cd / && rm -rf data'", 'rm')).toMatch(/pod.*kubectl/);
  });
  it('inside a container and over ssh', async () => {
    expect(await where("docker exec app bash -c 'rm -rf /srv'", 'rm')).toMatch(/container/);
    expect(await where("ssh web1 'rm -rf /srv'", 'rm')).toMatch(/web1/);
  });
  it('not for local commands or a docker run with host mounts', async () => {
    expect(await where('rm -rf /srv', 'rm')).toBeUndefined();
    expect(await where('docker run --rm -v /repo/build:/x alpine rm -rf /x', 'rm')).toBeUndefined();
  });
});

// Red team 7 (issue #15): Windows tools from WSL, device dumps, build tools.
table('red team 7: WSL, devices and build tools', [
  { line: "pwsh -c 'Move-Item data /tmp/x'", runs: ['mv -- data /tmp/x'] },
  { line: "pwsh -c 'Copy-Item -Destination data/db.sqlite -Path /tmp/s.db'", runs: ['cp -r -- /tmp/s.db data/db.sqlite'] },
  { line: "pwsh -c '& rm -rf data'", runs: ['rm -fr -- data'] },
  { line: "printf 'Remove-Item -Recurse data\\n' > r.ps1 && pwsh -File ./r.ps1", runs: ['rm -fr -- data'] },
  { line: "pwsh -c 'Clear-Disk -Number 1 -RemoveData'", opaque: true },
  { line: 'wsl.exe --cd /tmp -e rm -rf data', runs: ['rm -rf data'], cwd: '/tmp' },
  { line: 'wsl.exe --unregister Ubuntu', not: ['Ubuntu', 'rm'] },
  { line: 'robocopy.exe /tmp/empty data /MIR', runs: ['rsync -a --delete -- /tmp/empty/ data/'] },
  { line: 'robocopy.exe /tmp/empty data /MIR /L', not: ['rsync'] },
  { line: '/mnt/c/Windows/System32/robocopy.exe /tmp/empty data /PURGE', runs: ['rsync -a --delete -- /tmp/empty/ data/'] },
  { line: 'cmd.exe /c rd /s /q data', runs: ['rm -rf -- data'] },
  { line: "cmd.exe /c 'del /q \\\\wsl$\\Ubuntu\\srv\\x.db'", runs: ['rm -f -- /srv/x.db /srv/x.db/*'] },
  { line: "openocd -c 'init; dump_image data/db.sqlite 0 16; exit'", runs: [':'] },
  { line: 'avrdude -p m328p -U flash:r:data/db.sqlite:r', runs: [':'] },
  { line: 'avrdude -p m328p -U flash:w:app.hex:i', not: [':'] },
  { line: "arm-none-eabi-gdb -batch -ex 'shell rm -rf data'", runs: ['rm -rf data'] },
  { line: "gdb -batch -ex 'dump binary memory data/db.sqlite 0 16'", runs: [':'] },
  { line: 'cmake -E rename a.db data/db.sqlite', runs: ['mv a.db data/db.sqlite'] },
  { line: "cmake -P <(echo 'file(REMOVE data)')", opaque: true },
  { line: 'CARGO_TARGET_DIR=data cargo clean', runs: ['rm -rf -- data'] },
  { line: 'go run github.com/pressly/goose/v3/cmd/goose@latest sqlite3 data/db.sqlite reset', runs: ['goose sqlite3 data/db.sqlite reset'] },
  { line: 'pio pkg exec -p tool-esptoolpy -- esptool.py chip_id', runs: ['esptool.py chip_id'] },
  { line: "make -f - x <<'MK'\n.RECIPEPREFIX = >\nx:\n> rm -rf data\nMK", runs: ['rm -rf data'] },
]);

describe('xargs input that is only commit hashes', () => {
  const appended = async (line: string) => (await parse(line, ctx, { envComplete: true })).invocations.find((i) => i.name === 'git' && i.argv[1]?.value === 'show')?.moreArgs ?? false;
  it('adds no words from git log --format=%H or rev-list, but does from other input', async () => {
    expect(await appended('git log --format=%H -n 5 | xargs -n1 git show --stat')).toBe(false);
    expect(await appended('git rev-list HEAD~3..HEAD | xargs git show --stat')).toBe(false);
    expect(await appended('git log --format=%H --name-only | xargs git show --stat')).toBe(true);
    expect(await appended('git log --format=%s | xargs git show --stat')).toBe(true);
    expect(await appended('cat list | xargs git show --stat')).toBe(true);
  });
});
