import { describe, expect, it } from 'vitest';
import type { Invocation, StdinSource, Word } from '../../src/parse/types.js';
import { destructiveCalls, inlineCode, shellCalls, type CodeHit, type InlineCode, type InlineLang, type ShellCall } from '../../src/rules/inline/index.js';

import { dyn, inv as build, w } from '../helpers/invocation.js';

const inv = (args: Array<string | Word>, stdin?: StdinSource) => build(args, { stdin });
const heredoc = (text: string): StdinSource => ({ kind: 'heredoc', text, expands: false });
const code = (lang: InlineLang, src: string): InlineCode => ({ lang, code: src, from: '-c' });

describe('inlineCode', () => {
  const found: Array<[string, Invocation, Partial<InlineCode>]> = [
    ['python -c', inv(['python', '-c', 'import os']), { lang: 'python', code: 'import os', from: '-c' }],
    ['python3 -c', inv(['python3', '-c', 'x']), { lang: 'python', code: 'x' }],
    ['python3.12 -c', inv(['python3.12', '-c', 'x']), { lang: 'python', code: 'x' }],
    ['python -u -c', inv(['python3', '-u', '-c', 'x', 'arg']), { code: 'x' }],
    ['python -Bc bundled', inv(['python3', '-Bc', 'x']), { code: 'x' }],
    ['python -cCODE attached', inv(['python3', '-cprint(1)']), { code: 'print(1)' }],
    ['python -W value', inv(['python3', '-W', 'ignore', '-c', 'x']), { code: 'x' }],
    ['python - heredoc', inv(['python3', '-'], heredoc('print(1)\n')), { code: 'print(1)\n', from: 'heredoc' }],
    ['python heredoc without -', inv(['python3'], heredoc('import shutil\n')), { code: 'import shutil\n' }],
    ['python from a literal pipe', inv(['python3'], { kind: 'pipe', from: 'echo', text: "import shutil; shutil.rmtree('data')\n" }), { code: "import shutil; shutil.rmtree('data')\n", from: 'stdin from echo' }],
    ['node -e', inv(['node', '-e', 'x']), { lang: 'node', code: 'x', from: '-e' }],
    ['nodejs --eval=', inv(['nodejs', '--eval=x']), { lang: 'node', code: 'x' }],
    ['node --eval', inv(['node', '--eval', 'x']), { code: 'x' }],
    ['node -p', inv(['node', '-p', 'x']), { code: 'x' }],
    ['node -pe', inv(['node', '-pe', 'x']), { code: 'x' }],
    ['node -r mod -e', inv(['node', '-r', 'dotenv/config', '-e', 'x']), { code: 'x' }],
    ['node heredoc', inv(['node'], heredoc('x')), { code: 'x' }],
    ['ruby -e', inv(['ruby', '-e', 'x']), { lang: 'ruby', code: 'x', from: '-e' }],
    ['ruby two -e', inv(['ruby', '-e', 'a', '-e', 'b']), { code: 'a\nb' }],
    ['ruby -I lib -e', inv(['ruby', '-I', 'lib', '-rjson', '-e', 'x']), { code: 'x' }],
    ['perl -e', inv(['perl', '-e', 'x']), { lang: 'perl', code: 'x', from: '-e' }],
    ['perl -E', inv(['perl', '-E', 'say 1']), { code: 'say 1', from: '-E' }],
    ['perl -lne', inv(['perl', '-lne', 'print', 'file']), { code: 'print' }],
    ['perl -M -e', inv(['perl', '-MFile::Path=rmtree', '-e', 'rmtree($ENV{HOME})']), { code: 'rmtree($ENV{HOME})' }],
    ['perl -i.bak -pe', inv(['perl', '-i.bak', '-pe', 's/a/b/', 'f']), { code: 's/a/b/' }],
    ['php -r', inv(['php', '-r', 'x;']), { lang: 'php', code: 'x;', from: '-r' }],
    ['php -d -r', inv(['php', '-d', 'memory_limit=1G', '-r', 'x;']), { code: 'x;' }],
    ['php -R', inv(['php', '-R', 'x;']), { code: 'x;', from: '-R' }],
    ['deno eval', inv(['deno', 'eval', 'x']), { lang: 'deno', code: 'x', from: 'deno eval' }],
    ['deno eval -p', inv(['deno', 'eval', '-p', 'x']), { code: 'x' }],
    ['deno run -', inv(['deno', 'run', '-A', '-'], heredoc('x')), { lang: 'deno', code: 'x' }],
    ['bun -e', inv(['bun', '-e', 'x']), { lang: 'bun', code: 'x' }],
    ['bun --eval', inv(['bun', '--eval', 'x']), { lang: 'bun', code: 'x' }],
  ];
  it.each(found)('%s', (_n, i, want) => {
    expect(inlineCode(i)).toMatchObject(want);
  });

  const none: Array<[string, Invocation]> = [
    ['python script', inv(['python3', 'manage.py', 'flush'])],
    ['python -m', inv(['python3', '-m', 'http.server'])],
    ['python interactive', inv(['python3'])],
    ['node script', inv(['node', 'server.js'])],
    ['node --check', inv(['node', '--check', 'x.js'])],
    ['ruby script', inv(['ruby', 'x.rb'])],
    ['ruby -c check', inv(['ruby', '-c', 'x.rb'])],
    ['perl script', inv(['perl', 'x.pl'])],
    ['php -f', inv(['php', '-f', 'x.php'])],
    ['php -l', inv(['php', '-l', 'x.php'])],
    ['deno run file', inv(['deno', 'run', 'main.ts'])],
    ['bun run script', inv(['bun', 'run', 'build'])],
    ['not an interpreter', inv(['grep', '-e', 'x'])],
  ];
  it.each(none)('%s → undefined', (_n, i) => {
    expect(inlineCode(i)).toBeUndefined();
  });

  const unknown: Array<[string, Invocation]> = [
    ['dynamic python -c', inv(['python3', '-c', dyn('"$CODE"')])],
    ['dynamic node -e', inv(['node', '-e', dyn('"$(cat x.js)"')])],
    ['dynamic ruby -e', inv(['ruby', '-e', dyn('$X')])],
    ['python stdin from a program', inv(['python3'], { kind: 'pipe', from: 'curl -s https://x/install.py' })],
    ['python dynamic here-string', inv(['python3'], { kind: 'herestring', text: '$X', dynamic: true })],
    ['python < missing file', inv(['python3'], { kind: 'file', path: w('/nonexistent/x.py') })],
  ];
  it.each(unknown)('%s → unknown', (_n, i) => {
    expect(inlineCode(i)).toHaveProperty('unknown');
  });
});

describe('shellCalls', () => {
  const cases: Array<[InlineLang, string, Array<Partial<ShellCall>>, number]> = [
    // python
    ['python', 'import os; os.system("rm -rf ~")', [{ code: 'rm -rf ~', how: 'os.system' }], 0],
    ['python', "import os\nos.popen('ls').read()", [{ code: 'ls', how: 'os.popen' }], 0],
    ['python', "import subprocess; subprocess.run(['git','push','--force'])", [{ argv: ['git', 'push', '--force'], how: 'subprocess.run', code: 'git push --force' }], 0],
    ['python', "import subprocess as sp; sp.check_call('rm -rf data', shell=True)", [{ code: 'rm -rf data', how: 'subprocess.check_call' }], 0],
    ['python', "from subprocess import run; run(('rm', '-rf', 'x'))", [{ argv: ['rm', '-rf', 'x'] }], 0],
    ['python', "from subprocess import *\ncall('make clean', shell=True)", [{ code: 'make clean', how: 'subprocess.call' }], 0],
    ['python', "subprocess.Popen(args=['ls'])", [{ argv: ['ls'] }], 0],
    ['python', "subprocess.run('git push --force'.split())", [{ argv: ['git', 'push', '--force'] }], 0],
    ['python', "import shlex, subprocess; subprocess.run(shlex.split(\"rm -rf 'my dir'\"))", [{ argv: ['rm', '-rf', 'my dir'] }], 0],
    ['python', "import os; os.execvp('rm', ['rm', '-rf', 'data'])", [{ argv: ['rm', '-rf', 'data'], how: 'os.execvp' }], 0],
    ['python', "os.execl('/bin/rm', 'rm', '-rf', 'x')", [{ argv: ['rm', '-rf', 'x'] }], 0],
    ['python', "os.spawnlp(os.P_WAIT, 'rm', 'rm', '-rf', 'x')", [{ argv: ['rm', '-rf', 'x'] }], 0],
    ['python', "__import__('os').system('reboot')", [{ code: 'reboot', how: 'os.system' }], 0],
    ['python', "import os\nos.system('rm -rf ' + os.path.expanduser('~'))", [{ code: 'rm -rf ~' }], 0],
    ['python', 'os.system(f"rm -rf /tmp/x")', [{ code: 'rm -rf /tmp/x' }], 0],
    ['python', "exec(\"import os; os.system('rm -rf data')\")", [{ code: 'rm -rf data' }], 0],
    ['python', "exec(__import__('base64').b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ3JtIC1yZiBkYXRhJyk='))", [{ code: 'rm -rf data' }], 0],
    ['python', 'os.system(cmd)', [], 1],
    ['python', "os.system('rm -rf ' + path)", [], 1],
    ['python', 'os.system(f"rm -rf {path}")', [], 1],
    ['python', "os.system('rm -rf %s' % path)", [], 1],
    ['python', "subprocess.run(['rm', '-rf', target])", [{ code: 'rm -rf "${RUNTIME_ARG}"' }], 0],
    ['python', 'exec(open("x.py").read())', [], 1],
    ['python', "exec(__import__('zlib').decompress(b'xx'))", [], 1],
    // harmless python
    ['python', "print('rm -rf /')", [], 0],
    ['python', "# os.system('rm -rf /')\nprint(1)", [], 0],
    ['python', '"""os.system(\'rm -rf /\')"""', [], 0],
    ['python', "x = 'os.system(\"rm -rf /\")'", [], 0],
    ['python', "import asyncio; asyncio.run(main())", [], 0],
    ['python', 'app.run(debug=True)', [], 0],
    // node
    ['node', "require('child_process').execSync('rm -rf data')", [{ code: 'rm -rf data', how: 'child_process.execSync' }], 0],
    ['node', "const cp = require('node:child_process'); cp.exec('ls', () => {})", [{ code: 'ls', how: 'child_process.exec' }], 0],
    ['node', "const { execSync: run } = require('child_process'); run(`git push --force`)", [{ code: 'git push --force' }], 0],
    ['node', "import { spawnSync } from 'child_process'; spawnSync('rm', ['-rf', 'x'], { stdio: 'inherit' })", [{ argv: ['rm', '-rf', 'x'], how: 'child_process.spawnSync' }], 0],
    ['node', "child_process.execFileSync('git', ['push', '-f'])", [{ argv: ['git', 'push', '-f'] }], 0],
    ['node', "require('child_process').spawn('ls')", [{ code: 'ls' }], 0],
    ['node', "eval(Buffer.from('cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIpLmV4ZWNTeW5jKCJybSAtcmYgZGF0YSIp','base64').toString())", [{ code: 'rm -rf data' }], 0],
    ['node', 'require("child_process").execSync(`rm -rf ${dir}`)', [], 1],
    ['node', "require('child_process').execSync('rm -rf ' + process.argv[2])", [], 1],
    ['node', 'eval(process.argv[1])', [], 1],
    ['node', "console.log('execSync(\"rm -rf /\")')", [], 0],
    ['node', "// require('child_process').execSync('rm -rf /')\nconsole.log(1)", [], 0],
    ['node', "const re = /'/; console.log(re)", [], 0],
    ['node', "require('child_process').execSync(`rm -rf ${process.env.HOME}/.cache`)", [{ code: 'rm -rf $HOME/.cache' }], 0],
    ['deno', "new Deno.Command('rm', { args: ['-rf', 'x'] }).outputSync()", [{ argv: ['rm', '-rf', 'x'], how: 'Deno.Command' }], 0],
    ['deno', "Deno.run({ cmd: ['git', 'push', '--force'] })", [{ argv: ['git', 'push', '--force'] }], 0],
    ['bun', "Bun.spawnSync(['rm', '-rf', 'x'])", [{ argv: ['rm', '-rf', 'x'] }], 0],
    ['bun', 'await Bun.$`rm -rf data`', [{ code: 'rm -rf data', how: 'Bun.$' }], 0],
    ['bun', "import { $ } from 'bun'; await $`rm -rf ${x}`", [], 1],
    // ruby
    ['ruby', 'system("rm -rf /")', [{ code: 'rm -rf /', how: 'system' }], 0],
    ['ruby', 'system "rm -rf /"', [{ code: 'rm -rf /' }], 0],
    ['ruby', "system('git', 'push', '--force')", [{ argv: ['git', 'push', '--force'] }], 0],
    ['ruby', 'exec "reboot"', [{ code: 'reboot', how: 'exec' }], 0],
    ['ruby', 'puts `ls -la`', [{ code: 'ls -la', how: 'backticks' }], 0],
    ['ruby', 'x = %x(rm -rf data)', [{ code: 'rm -rf data', how: '%x' }], 0],
    ['ruby', "require 'open3'; Open3.capture2('git push -f')", [{ code: 'git push -f', how: 'Open3.capture2' }], 0],
    ['ruby', 'system("rm -rf #{dir}")', [], 1],
    ['ruby', 'puts "system(\'rm -rf /\')"', [], 0],
    ['ruby', '# system("rm -rf /")\nputs 1', [], 0],
    // qualified calls without parentheses, and a top-level ::Kernel
    ['ruby', 'Kernel.system "rm -rf data"', [{ code: 'rm -rf data', how: 'Kernel.system' }], 0],
    ['ruby', 'Kernel::system "rm -rf data"', [{ code: 'rm -rf data', how: 'Kernel.system' }], 0],
    ['ruby', 'Process.spawn "rm -rf data"; Process.wait', [{ code: 'rm -rf data', how: 'Process.spawn' }], 0],
    ['ruby', "require 'open3'; Open3.capture2 'git push -f'", [{ code: 'git push -f', how: 'Open3.capture2' }], 0],
    ['ruby', '::Kernel.system("rm -rf data")', [{ code: 'rm -rf data', how: 'Kernel.system' }], 0],
    ['ruby', 'x = ::Kernel.exec "reboot"', [{ code: 'reboot', how: 'Kernel.exec' }], 0],
    ['ruby', 'Kernel.puts "system(1)"', [], 0],
    // perl
    ['perl', 'system("rm -rf ~")', [{ code: 'rm -rf ~', how: 'system' }], 0],
    ['perl', "system 'rm', '-rf', 'data'", [{ argv: ['rm', '-rf', 'data'] }], 0],
    ['perl', 'my $x = `ls`; print $x', [{ code: 'ls', how: 'backticks' }], 0],
    ['perl', 'print qx{git push --force}', [{ code: 'git push --force', how: 'qx' }], 0],
    // the builtin by its full name
    ['perl', 'CORE::system("rm -rf data")', [{ code: 'rm -rf data', how: 'system' }], 0],
    ['perl', 'CORE::system "rm -rf data"', [{ code: 'rm -rf data', how: 'system' }], 0],
    ['perl', 'CORE::GLOBAL::exec("reboot")', [{ code: 'reboot', how: 'exec' }], 0],
    ['perl', 'CORE::say("system(1)")', [], 0],
    ['perl', 'system qw(rm -rf data)', [{ argv: ['rm', '-rf', 'data'] }], 0],
    ['perl', 'open(my $fh, "-|", "git", "push", "-f")', [{ argv: ['git', 'push', '-f'], how: 'open' }], 0],
    ['perl', 'open(FH, "rm -rf x |")', [{ code: 'rm -rf x', how: 'open' }], 0],
    ['perl', 'system("rm -rf $dir")', [], 1],
    ['perl', 'print "rm -rf ~\\n"', [], 0],
    ['perl', '# system("rm -rf /")\nprint 1', [], 0],
    ['perl', 'print "\\$HOME is system(rm)"', [], 0],
    // php
    ['php', 'system("rm -rf data");', [{ code: 'rm -rf data', how: 'system' }], 0],
    ['php', "echo shell_exec('ls');", [{ code: 'ls', how: 'shell_exec' }], 0],
    ['php', "passthru('git push -f');", [{ code: 'git push -f' }], 0],
    ['php', 'echo `ls -la`;', [{ code: 'ls -la', how: 'backticks' }], 0],
    ['php', "\\SYSTEM('reboot');", [{ code: 'reboot' }], 0],
    ['php', "pcntl_exec('/bin/rm', ['-rf', 'x']);", [{ argv: ['/bin/rm', '-rf', 'x'] }], 0],
    ['php', 'exec("rm -rf $dir");', [], 1],
    ['php', "echo 'system(\"rm -rf /\")';", [], 0],
    ['php', "// system('rm -rf /')\necho 1;", [], 0],
  ];
  it.each(cases)('%s: %s', (lang, src, want, dynamic) => {
    const r = shellCalls(code(lang, src));
    expect(r.calls).toHaveLength(want.length);
    want.forEach((c, k) => expect(r.calls[k]).toMatchObject(c));
    expect(r.dynamic).toHaveLength(dynamic);
  });

  it('HTTP requests from code come back as the equivalent curl', () => {
    const calls = (lang: InlineLang, src: string) => shellCalls(code(lang, src));
    expect(calls('python', "import urllib.request as u; u.urlopen(u.Request('https://api.example.com/v1/volumes/1', method='DELETE'))").calls)
      .toEqual([{ code: 'curl -X DELETE https://api.example.com/v1/volumes/1', how: 'urllib.request.Request', argv: ['curl', '-X', 'DELETE', 'https://api.example.com/v1/volumes/1'] }]);
    expect(calls('python', "import requests; requests.delete('https://api.example.com/x')").calls[0]!.argv).toEqual(['curl', '-X', 'DELETE', 'https://api.example.com/x']);
    expect(calls('python', "requests.request('DELETE', 'https://api.example.com/x')").calls[0]!.argv).toEqual(['curl', '-X', 'DELETE', 'https://api.example.com/x']);
    const gql = calls('python', `import requests\nrequests.post('https://backboard.railway.app/graphql/v2', json={'query': 'mutation { volumeDelete(volumeId: "v") }'}, headers={'Authorization': 'Bearer x'})`);
    expect(gql.calls[0]!.argv).toEqual(['curl', '-X', 'POST', 'https://backboard.railway.app/graphql/v2', '--data-raw', '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}']);
    expect(calls('python', "requests.post('https://api.example.com/g', json=payload)").calls[0]!.argv).toEqual(['curl', '-X', 'POST', 'https://api.example.com/g', '-d', '@<the request body is built at run time>']);
    expect(calls('python', "import json, urllib.request\nurllib.request.urlopen(urllib.request.Request('https://x.example.com/g', data=json.dumps({'query': 'mutation { a }'}).encode()))").calls[0]!.argv)
      .toEqual(['curl', '-X', 'POST', 'https://x.example.com/g', '--data-raw', '{"query":"mutation { a }"}']);
    expect(calls('python', "requests.get('https://api.example.com/x')")).toEqual({ calls: [], dynamic: [] });
    expect(calls('python', "requests.delete(f'{API}/x')").dynamic).toHaveLength(1);
    expect(calls('node', "fetch('https://api.example.com/v1/x', { method: 'DELETE' })").calls[0]!.argv).toEqual(['curl', '-X', 'DELETE', 'https://api.example.com/v1/x']);
    expect(calls('node', "await fetch('https://backboard.railway.app/graphql/v2', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { serviceDelete(id: \"s\") }' }) })").calls[0]!.argv)
      .toEqual(['curl', '-X', 'POST', 'https://backboard.railway.app/graphql/v2', '--data-raw', '{"query":"mutation { serviceDelete(id: \\"s\\") }"}']);
    expect(calls('node', "fetch('https://api.example.com/x').then(r => r.json())")).toEqual({ calls: [], dynamic: [] });
    expect(calls('node', "const axios = require('axios'); axios.delete('https://api.example.com/x/1')").calls[0]!.argv).toEqual(['curl', '-X', 'DELETE', 'https://api.example.com/x/1']);
    expect(calls('node', "fetch(url, { method: 'DELETE' })").dynamic).toHaveLength(1);
  });

  it("python's sqlite3 module: the SQL comes back as `sqlite3 DB SQL`", () => {
    const r = shellCalls(code('python', "import sqlite3; c = sqlite3.connect('data/db.sqlite'); c.execute('DROP TABLE users')"));
    expect(r.calls).toEqual([{ code: "sqlite3 data/db.sqlite 'DROP TABLE users'", how: 'sqlite3.execute', argv: ['sqlite3', 'data/db.sqlite', 'DROP TABLE users'] }]);
    expect(shellCalls(code('python', 'import sqlite3; db = sqlite3.connect(p); db.execute(q)')).dynamic).toHaveLength(1);
    // without the import, .execute is some other library's
    expect(shellCalls(code('python', "cur.execute('DROP TABLE x')"))).toEqual({ calls: [], dynamic: [] });
  });

  it("ruby Net::HTTP writes whose URL is built from parts are unread, so they pause; reads don't", () => {
    expect(shellCalls(code('ruby', 'u = URI("https://api.x/v1/s/1"); Net::HTTP.start(u.host, 443) { |h| h.delete(u.path) }')).dynamic).toHaveLength(1);
    // One request to a URL the code names (rt22fp2): read, as the curl it amounts to.
    expect(shellCalls(code('ruby', 'Net::HTTP.post(URI("https://api.x/q"), "{}")')).calls.map((c) => c.argv?.join(' '))).toEqual(['curl -X POST https://api.x/q --data-raw {}']);
    expect(shellCalls(code('ruby', 'Net::HTTP.post(URI("https://api.x/q"), "{}"); Net::HTTP.post(URI("https://api.y/q"), "{}")')).dynamic).toHaveLength(1);
    expect(shellCalls(code('ruby', 'puts Net::HTTP.get(URI("https://api.x/v1/s"))')).dynamic).toEqual([]);
    expect(shellCalls(code('ruby', 'h = {a: 1}; h.delete(:a)')).dynamic).toEqual([]);
  });

  it('DELETE through clients the tables do not model: each remote URL literal, or a pause with none; local URLs stay quiet', () => {
    const urls = (lang: InlineLang, src: string) => shellCalls(code(lang, src)).calls.map((c) => c.argv?.join(' '));
    expect(urls('python', "import requests; s = requests.Session(); s.delete('https://api.vercel.com/v9/projects/web')")).toEqual(['curl -X DELETE https://api.vercel.com/v9/projects/web']);
    expect(urls('python', "import httpx; httpx.Client().delete('https://console.neon.tech/api/v2/projects/p')")).toEqual(['curl -X DELETE https://console.neon.tech/api/v2/projects/p']);
    expect(urls('node', "require('got').delete('https://api.heroku.com/apps/a')")).toEqual(['curl -X DELETE https://api.heroku.com/apps/a']);
    expect(urls('ruby', 'require "httparty"; HTTParty.delete("https://api.vercel.com/v9/projects/web")')).toEqual(['curl -X DELETE https://api.vercel.com/v9/projects/web']);
    expect(urls('perl', 'use LWP::UserAgent; LWP::UserAgent->new->request(HTTP::Request->new(DELETE => "https://api.render.com/v1/services/s"))')).toEqual(['curl -X DELETE https://api.render.com/v1/services/s']);
    expect(urls('php', '$c = curl_init("https://api.digitalocean.com/v2/droplets/1"); curl_setopt($c, CURLOPT_CUSTOMREQUEST, "DELETE"); curl_exec($c);')).toEqual(['curl -X DELETE https://api.digitalocean.com/v2/droplets/1']);
    // the host given apart (http.client, https.request): unread, so it pauses
    expect(shellCalls(code('python', "import http.client; c = http.client.HTTPSConnection('api.heroku.com'); c.request('DELETE', '/apps/a')")).dynamic).toHaveLength(1);
    expect(shellCalls(code('node', "require('https').request({hostname: 'api.digitalocean.com', path: '/v2/droplets/1', method: 'DELETE'}).end()")).dynamic).toHaveLength(1);
    // reads, Map#delete of a key, and the agent's own dev server are no DELETE to judge
    expect(shellCalls(code('python', "import requests; s = requests.Session(); print(s.get('https://api.vercel.com/v9/projects').status_code)"))).toEqual({ calls: [], dynamic: [] });
    expect(shellCalls(code('node', "const m = new Map([['k', 1]]); m.delete('k'); fetch('https://api.example.com/x')")).calls.filter((c) => c.argv?.includes('DELETE'))).toEqual([]);
    expect(urls('python', "import requests; requests.Session().delete('http://localhost:8000/api/items/1')").every((u) => u?.includes('localhost'))).toBe(true);
    // a request line written to a socket by hand
    expect(shellCalls(code('python', "import socket; s = socket.create_connection(('api.x.com', 80)); s.send(b'DELETE /v1/a HTTP/1.1\\r\\nHost: api.x.com\\r\\n\\r\\n')")).dynamic).toHaveLength(1);
    // 'delete' as data (a label filtered in a GET's results) is no method
    expect(shellCalls(code('python', "import requests; r = requests.get('https://api.github.com/repos/o/r/labels'); print([l for l in r.json() if l['name'] != 'delete'])"))).toEqual({ calls: [], dynamic: [] });
    expect(urls('python', "import urllib3; urllib3.PoolManager().request('DELETE', 'https://api.x.com/v1/a')")).toEqual(['curl -X DELETE https://api.x.com/v1/a']);
  });

  it('database drivers: destructive SQL literals go to the SQL rules as the CLI, against the URL or variable the code names', () => {
    const codes = (lang: InlineLang, src: string) => shellCalls(code(lang, src)).calls.map((c) => c.code);
    expect(codes('python', "import psycopg2, os; psycopg2.connect(os.environ['DATABASE_URL']).cursor().execute('DROP TABLE orders')")).toEqual([`psql "$DATABASE_URL" -c 'DROP TABLE orders'`]);
    expect(codes('node', "const { neon } = require('@neondatabase/serverless'); neon('postgres://u@ep-1.neon.tech/db')('TRUNCATE users')")).toEqual(["psql postgres://u@ep-1.neon.tech/db -c 'TRUNCATE users'"]);
    expect(codes('python', "import pymysql; pymysql.connect(host='h').cursor().execute('DELETE FROM users')")).toEqual(["usql -c 'DELETE FROM users'"]);
    // reads, and SQL-looking text without a driver, are not sent anywhere
    expect(codes('python', "import psycopg2; psycopg2.connect('postgresql://localhost/dev').cursor().execute('select 1')")).toEqual([]);
    expect(codes('python', "print('DROP TABLE users')")).toEqual([]);
  });

  it('platform SDKs: a method named like a delete pauses (the credentials decide what it reaches); reads do not', () => {
    const dyn = (lang: InlineLang, src: string) => shellCalls(code(lang, src)).dynamic.length;
    expect(dyn('python', "import boto3; boto3.client('dynamodb').delete_table(TableName='orders')")).toBe(1);
    expect(dyn('python', "import pymongo; pymongo.MongoClient(u).drop_database('shop')")).toBe(1);
    expect(dyn('node', "const { S3Client, DeleteBucketCommand } = require('@aws-sdk/client-s3'); new S3Client({}).send(new DeleteBucketCommand({ Bucket: 'b' }))")).toBe(1);
    expect(dyn('node', "import Redis from 'ioredis'; new Redis(process.env.REDIS_URL).flushall()")).toBe(1);
    expect(dyn('ruby', "require 'aws-sdk-s3'; Aws::S3::Client.new.delete_bucket(bucket: 'b')")).toBe(1);
    expect(dyn('python', "import boto3; print(boto3.client('s3').list_buckets())")).toBe(0);
    expect(dyn('python', "import redis, sys; print(redis.from_url(u).get('k')); sys.stdout.flush()")).toBe(0);
    expect(dyn('python', "d = {}; d.delete_me = 1; import json")).toBe(0);
    expect(dyn('python', "import redis; redis.from_url(u).delete('session:1')")).toBe(0);
    // A key that holds a queue or stream is every job waiting in it (rt26a).
    expect(dyn('python', "import redis; r = redis.from_url(u); r.delete('queue:default', 'queue:mailers')")).toBe(1);
    expect(dyn('node', "const Redis = require('ioredis'); new Redis(process.env.REDIS_URL).del('bull:emails:wait')")).toBe(1);
    expect(dyn('python', "import redis; redis.from_url(u).unlink('cache:user:42', 'lock:reconcile')")).toBe(0);
    expect(dyn('python', "import boto3, pandas as pd; df = pd.read_csv('s3://b/k.csv'); print(df.drop(columns=['x']).dropna().head())")).toBe(0);
    expect(dyn('node', "const { MongoClient } = require('mongodb'); new MongoClient(u).db('shop').collection('orders').drop()")).toBe(1);
    // Git hosts' SDKs moving a branch by force (rt22a); the same call without force is a fast-forward.
    expect(dyn('node', "const { Octokit } = require('@octokit/rest'); new Octokit({ auth: t }).git.updateRef({ owner: 'a', repo: 'b', ref: 'heads/main', sha: 's', force: true })")).toBe(1);
    expect(dyn('python', "from github import Github; Github(t).get_repo('a/b').get_git_ref('heads/main').edit('s', force=True)")).toBe(1);
    expect(dyn('node', "const { Octokit } = require('octokit'); new Octokit({ auth: t }).request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner: 'a', repo: 'b', ref: 'heads/main', sha: 's', force: true })")).toBe(1);
    expect(dyn('node', "const { Octokit } = require('@octokit/rest'); new Octokit({ auth: t }).git.updateRef({ owner: 'a', repo: 'b', ref: 'heads/main', sha: 's' })")).toBe(0);
    expect(dyn('python', "from github import Github; Github(t).get_repo('a/b').get_git_ref('heads/main').edit('s')")).toBe(0);
    // Qdrant on :memory: or a literal localhost URL stays on this machine; any other client does not.
    expect(dyn('python', "from qdrant_client import QdrantClient; c = QdrantClient(':memory:'); c.delete_collection('t')")).toBe(0);
    expect(dyn('python', "from qdrant_client import QdrantClient; QdrantClient(url='http://localhost:6333').delete_collection('t')")).toBe(0);
    expect(dyn('python', "from qdrant_client import QdrantClient; QdrantClient(url='https://q.prod:6333').delete_collection('t')")).toBe(1);
    expect(dyn('python', "from qdrant_client import QdrantClient; QdrantClient(':memory:'); QdrantClient(host=h).delete_collection('t')")).toBe(1);
    expect(dyn('python', "import os; from qdrant_client import QdrantClient; QdrantClient(url='http://localhost:6333').delete_collection(os.environ['C'])")).toBe(1);
    // ML platforms: W&B runs and artifacts, the Hugging Face Hub (a function imported by name, a
    // history squash), MLflow.
    expect(dyn('python', "import wandb; [r.delete(delete_artifacts=True) for r in wandb.Api().runs('acme/churn')]")).toBe(1);
    expect(dyn('python', "from huggingface_hub import delete_repo; delete_repo('acme/data', repo_type='dataset')")).toBe(1);
    expect(dyn('python', "from huggingface_hub import HfApi; HfApi().super_squash_history('acme/bert')")).toBe(1);
    expect(dyn('python', "import mlflow; mlflow.delete_experiment('12')")).toBe(1);
    expect(dyn('python', "from huggingface_hub import snapshot_download; snapshot_download('acme/bert')")).toBe(0);
    expect(dyn('python', "import wandb; run = wandb.init(project='churn'); run.log({'loss': 0.1}); run.finish()")).toBe(0);
    expect(dyn('python', "def delete_tmp(p): pass\ndelete_tmp('x')")).toBe(0);
    // AI platforms' SDKs (OpenAI, Anthropic, LangSmith) and job queues, where emptying the queue
    // is the delete (RQ, BullMQ, Celery's control.purge on the project's app, Sidekiq's clear).
    expect(dyn('python', "from openai import OpenAI; c = OpenAI(); [c.files.delete(f.id) for f in c.files.list()]")).toBe(1);
    expect(dyn('node', "const OpenAI = require('openai'); new OpenAI().beta.assistants.del('asst_1')")).toBe(1);
    expect(dyn('python', "import anthropic; anthropic.Anthropic().beta.files.delete('file_1')")).toBe(1);
    expect(dyn('python', "from langsmith import Client; Client().delete_dataset(dataset_name='evals')")).toBe(1);
    expect(dyn('python', "from redis import Redis; from rq import Queue; Queue('default', connection=Redis()).empty()")).toBe(1);
    expect(dyn('node', "const { Queue } = require('bullmq'); new Queue('emails').obliterate({ force: true })")).toBe(1);
    expect(dyn('python', "from proj.celery import app; app.control.purge()")).toBe(1);
    expect(dyn('ruby', "require 'sidekiq/api'; Sidekiq::DeadSet.new.clear")).toBe(1);
    expect(dyn('python', "import modal; modal.Volume.from_name('training-data').remove_file('/checkpoints', recursive=True)")).toBe(1);
    expect(dyn('python', "import modal; print(list(modal.Volume.from_name('training-data').listdir('/')))")).toBe(0);
    expect(dyn('python', "from openai import OpenAI; print(OpenAI().files.list())")).toBe(0);
    expect(dyn('node', "const { Queue } = require('bullmq'); new Queue('emails').add('welcome', { id: 1 })")).toBe(0);
    expect(dyn('python', "from proj.celery import app; print(app.control.inspect().active())")).toBe(0);
    expect(dyn('ruby', "require 'sidekiq/api'; puts Sidekiq::Queue.new('default').size")).toBe(0);
    // Workspace and cloud SDKs: Slack (Web API methods are named area_verb), OVH, ArangoDB.
    expect(dyn('python', "import os; from slack_sdk import WebClient; WebClient(token=os.environ['T']).admin_conversations_delete(channel_id='C1')")).toBe(1);
    expect(dyn('python', "import ovh; ovh.Client(endpoint='ovh-eu').delete('/cloud/project/p/instance/i')")).toBe(1);
    expect(dyn('node', "const { WebClient } = require('@slack/web-api'); new WebClient(process.env.T).chat.delete({ channel: 'C1', ts: '1' })")).toBe(1);
    expect(dyn('python', "import os; from slack_sdk import WebClient; WebClient(token=os.environ['T']).conversations_history(channel='C1')")).toBe(0);
    // A graph driver's Cypher goes to cypher-shell's rules, with the server the code names.
    const cy = (src: string) => shellCalls(code('python', src)).calls.map((c) => c.code);
    expect(cy("from neo4j import GraphDatabase; GraphDatabase.driver('neo4j+s://graph.prod', auth=('u', 'p')).session().run('MATCH (n) DETACH DELETE n')")).toEqual(["cypher-shell -a neo4j+s://graph.prod 'MATCH (n) DETACH DELETE n'"]);
    expect(cy("from neo4j import GraphDatabase; GraphDatabase.driver('bolt://x').session().run('MATCH (n) RETURN count(n)')")).toEqual([]);
  });

  it("pandas to_sql(if_exists='replace') drops the table: a sqlite file the code names goes to the SQL rules", () => {
    const sc = (src: string) => shellCalls(code('python', src));
    expect(sc("import pandas as pd, sqlite3; pd.DataFrame().to_sql('users', sqlite3.connect('data/db.sqlite'), if_exists='replace')").calls.map((c) => c.code)).toEqual(["sqlite3 data/db.sqlite 'DROP TABLE users'"]);
    expect(sc("import pandas as pd; from sqlalchemy import create_engine; df.to_sql('t', create_engine('sqlite:///app.db'), if_exists='replace', index=False)").calls.map((c) => c.code)).toEqual(["sqlite3 app.db 'DROP TABLE t'"]);
    expect(sc("import pandas as pd; df.to_sql('users', engine, if_exists='replace')").dynamic.length).toBe(1);
    expect(sc("import pandas as pd, sqlite3; df.to_sql('users', sqlite3.connect('data/db.sqlite'), if_exists='append')").calls).toEqual([]);
  });

  it('shows the dynamic call', () => {
    expect(shellCalls(code('python', 'import os\nos.system(cmd)')).dynamic).toEqual(['os.system(cmd)']);
  });

  // No shell splits an argv item: one known only at run time is one unknown word.
  it('an argv list with a literal program and items known only at run time: each item one unknown word', () => {
    const one = (lang: InlineLang, src: string) => shellCalls(code(lang, src));
    expect(one('python', "import subprocess, sys; subprocess.run(['git', 'tag', sys.argv[1]])").calls).toEqual([{ code: 'git tag "${RUNTIME_ARG}"', how: 'subprocess.run', holes: true }]);
    expect(one('node', "require('child_process').spawnSync('rm', ['-rf', process.argv[1]])").calls.map((c) => c.code)).toEqual(['rm -rf "${RUNTIME_ARG}"']);
    expect(one('node', "require('child_process').execFileSync('git', ['tag', v])").calls.map((c) => c.code)).toEqual(['git tag "${RUNTIME_ARG}"']);
    // The program unknown, or a splat that may be any number of words: still built at run time.
    for (const src of ["import subprocess, sys; subprocess.run([sys.argv[1], '-rf', 'data'])", "import subprocess, sys; subprocess.run(['rm', '-rf', *sys.argv[1:]])"]) {
      expect(one('python', src).calls, src).toEqual([]);
      expect(one('python', src).dynamic.length, src).toBe(1);
    }
    expect(one('node', "require('child_process').spawnSync('rm', ['-rf', ...paths])").dynamic.length).toBe(1);
  });

  it('an argv item from the environment or the home directory stays live as a shell word (rt23o)', () => {
    const codes = (lang: InlineLang, src: string) => shellCalls(code(lang, src)).calls.map((c) => c.code);
    expect(codes('perl', 'system "rm", "-rf", "$ENV{HOME}/.ssh"')).toEqual(['rm -rf "${HOME}"/.ssh']);
    expect(codes('python', 'import os, subprocess; subprocess.run(["rm", "-rf", os.path.expanduser("~/.ssh")])')).toEqual(['rm -rf ~/.ssh']);
    expect(codes('node', 'require("child_process").spawnSync("rm", ["-rf", require("os").homedir() + "/.ssh"])')).toEqual(['rm -rf ~/.ssh']);
    // Other text with a `$` or a `~` inside stays quoted.
    expect(codes('python', 'import subprocess; subprocess.run(["echo", "cost: $5 and a~b"])')).toEqual(["echo 'cost: $5 and a~b'"]);
    expect(codes('python', 'import subprocess; subprocess.run(["psql", "-c", "DELETE FROM t WHERE id = $id"])')).toEqual(["psql -c 'DELETE FROM t WHERE id = $id'"]);
  });

  it("perl's indirect-object system/exec: the list after the block is the argv (rt23o)", () => {
    const codes = (src: string) => shellCalls(code('perl', src)).calls.map((c) => c.code);
    expect(codes('system { "rm" } "rm", "-rf", "data"')).toEqual(['rm -rf data']);
    expect(codes('exec {"git"} "git", "status"')).toEqual(['git status']);
  });

  it('perl string eval of a scalar bound once to a literal and read only where interpolated (rt25k2)', () => {
    const r = (src: string) => shellCalls(code('perl', src));
    expect(r('my $f = "length"; print eval "$f(q{hello})", "\\n"')).toEqual({ calls: [], dynamic: [] });
    expect(r('my $f = "system"; print eval "$f(q{rm -rf data})"').calls.map((c) => c.code)).toEqual(['rm -rf data']);
    for (const src of ['my $f = "length"; eval q{$f = "system"}; eval "$f(q{x})"', 'my $f = "length"; $f =~ s/l/s/; eval "$f(q{x})"', 'my $f = "length"; my $f = "system"; eval "$f(q{x})"', 'my $f = "length"; eval "${\\ ($f = q{system})}(q{x})"']) {
      expect(r(src).dynamic.length, src).toBeGreaterThan(0);
    }
  });

  it('code inside a string interpolation runs as the string is built (rt25k2)', () => {
    const codes = (lang: InlineLang, src: string) => shellCalls(code(lang, src)).calls.map((c) => c.code);
    expect(codes('node', 'console.log(`${require("child_process").execSync("rm -rf data")}`)')).toEqual(['rm -rf data']);
    expect(codes('ruby', 'puts "x #{system(%q{rm -rf data})}"')).toEqual(['rm -rf data']);
    expect(codes('perl', 'print "@{[ system q{rm -rf data} ]}"')).toEqual(['rm -rf data']);
    expect(codes('perl', 'print "${\\ system(q{rm -rf data}) }"')).toEqual(['rm -rf data']);
    expect(shellCalls(code('node', 'console.log(`${process.cwd()} ${[1, 2].join(",")}`)'))).toEqual({ calls: [], dynamic: [] });
    expect(shellCalls(code('perl', 'print "@{[ scalar localtime ]} $x @y\\n"'))).toEqual({ calls: [], dynamic: [] });
  });

  it("perl's ExtUtils::Command functions take their paths from @ARGV (rt23o)", () => {
    const hits = (src: string, args?: string[]) => destructiveCalls({ ...code('perl', src), ...(args ? { args } : {}) });
    expect(hits('rm_rf', ['data', 'build'])).toEqual([{ what: 'rm_rf', arg: 'data', kind: 'delete' }, { what: 'rm_rf', arg: 'build', kind: 'delete' }]);
    expect(hits('rm_f')).toEqual([{ what: 'rm_f', kind: 'delete' }]);
    expect(hits('mkpath', ['build/out'])).toEqual([]);
    expect(inlineCode(inv(['perl', '-MExtUtils::Command', '-e', 'rm_rf', '--', 'data']))).toMatchObject({ code: 'rm_rf', args: ['data'] });
  });
});

describe('destructiveCalls', () => {
  const cases: Array<[InlineLang, string, CodeHit[]]> = [
    ['python', "import shutil, os; shutil.rmtree(os.path.expanduser('~'))", [{ what: 'shutil.rmtree', arg: '~', kind: 'delete' }]],
    ['python', "import shutil; shutil.rmtree('data')", [{ what: 'shutil.rmtree', arg: 'data', kind: 'delete' }]],
    ['python', "__import__('shutil').rmtree(__import__('os').path.expanduser('~/.ssh'))", [{ what: 'shutil.rmtree', arg: '~/.ssh', kind: 'delete' }]],
    ['python', "import os; os.remove('data/db.sqlite')", [{ what: 'os.remove', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['python', "from os import unlink as u; u('x')", [{ what: 'os.unlink', arg: 'x', kind: 'delete' }]],
    ['python', "from shutil import rmtree\nrmtree(os.environ['HOME'])", [{ what: 'shutil.rmtree', arg: '$HOME', kind: 'delete' }]],
    ['python', "shutil.rmtree(os.environ.get('HOME') + '/.cache')", [{ what: 'shutil.rmtree', arg: '$HOME/.cache', kind: 'delete' }]],
    ['python', "shutil.rmtree(os.getenv('HOME'))", [{ what: 'shutil.rmtree', arg: '$HOME', kind: 'delete' }]],
    ['python', "from pathlib import Path; shutil.rmtree(Path.home() / '.ssh')", [{ what: 'shutil.rmtree', arg: '~/.ssh', kind: 'delete' }]],
    ['python', "shutil.rmtree(os.path.join(os.path.expanduser('~'), 'proj'))", [{ what: 'shutil.rmtree', arg: '~/proj', kind: 'delete' }]],
    ['python', "shutil.rmtree(f\"{os.environ['HOME']}/x\")", [{ what: 'shutil.rmtree', arg: '$HOME/x', kind: 'delete' }]],
    ['python', "import pathlib; pathlib.Path('data/db.sqlite').unlink()", [{ what: 'Path.unlink', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['python', "from pathlib import Path\nPath('build').rmdir()", [{ what: 'Path.rmdir', arg: 'build', kind: 'delete' }]],
    ['python', "(Path.home() / '.ssh').unlink()", [{ what: 'Path.unlink', arg: '~/.ssh', kind: 'delete' }]],
    ['python', 'p.unlink(missing_ok=True)', [{ what: 'Path.unlink', kind: 'delete' }]],
    ['python', 'shutil.rmtree(target)', [{ what: 'shutil.rmtree', kind: 'delete' }]],
    ['python', "open('data/db.sqlite', 'w').close()", [{ what: 'open', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['python', "open('x', mode='wb')", [{ what: 'open', arg: 'x', kind: 'overwrite' }]],
    ['python', "exec(__import__('base64').b64decode('aW1wb3J0IHNodXRpbDtzaHV0aWwucm10cmVlKCdkYXRhJyk='))", [{ what: 'shutil.rmtree', arg: 'data', kind: 'delete' }]],
    ['python', "import polars as pl; pl.DataFrame().write_parquet('data/db.sqlite')", [{ what: 'polars.DataFrame.write_parquet', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['python', "df.to_csv(f'data/{name}.csv', index=False)", [{ what: 'df.to_csv', prefix: 'data/', kind: 'overwrite' }]],
    ['python', 'df.to_csv(buf); print(df.to_json())', []],
    ['python', 'df.to_parquet(sys.argv[1])', []],
    ['python', "open('x').read()", []],
    ['python', "open('x', 'a').write('y')", []],
    ['python', "print('shutil.rmtree(\"/\")')", []],
    ['python', "# shutil.rmtree('/')\nprint(1)", []],
    ['python', "os.path.exists('x')", []],
    // node
    ['node', "require('fs').rmSync(process.env.HOME,{recursive:true})", [{ what: 'fs.rmSync', arg: '$HOME', kind: 'delete' }]],
    ['node', 'require("fs").rmSync("data", {recursive: true, force: true})', [{ what: 'fs.rmSync', arg: 'data', kind: 'delete' }]],
    ['node', "fs.rmSync(require('os').homedir(), {recursive: true})", [{ what: 'fs.rmSync', arg: '~', kind: 'delete' }]],
    ['node', "const path = require('path'); fs.rmSync(path.join(os.homedir(), '.ssh'), {recursive: true})", [{ what: 'fs.rmSync', arg: '~/.ssh', kind: 'delete' }]],
    ['node', "const fsp = require('fs/promises'); await fsp.rm('data', {recursive: true})", [{ what: 'fs.promises.rm', arg: 'data', kind: 'delete' }]],
    ['node', "require('fs').promises.unlink(`${process.env.HOME}/.npmrc`)", [{ what: 'fs.promises.unlink', arg: '$HOME/.npmrc', kind: 'delete' }]],
    ['node', "import { rmSync } from 'node:fs'; rmSync('x')", [{ what: 'fs.rmSync', arg: 'x', kind: 'delete' }]],
    ['node', "require('fs-extra').removeSync('dist')", [{ what: 'fs-extra.removeSync', arg: 'dist', kind: 'delete' }]],
    ['node', "const fse = require('fs-extra'); fse.emptyDirSync('data')", [{ what: 'fs-extra.emptyDirSync', arg: 'data', kind: 'delete' }]],
    ['node', "require('rimraf').sync('node_modules')", [{ what: 'rimraf', arg: 'node_modules', kind: 'delete' }]],
    ['node', "require('fs').writeFileSync('data/db.sqlite', '')", [{ what: 'fs.writeFileSync', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['node', "eval(Buffer.from('cmVxdWlyZSgnZnMnKS5ybVN5bmMoJ2RhdGEnLHtyZWN1cnNpdmU6dHJ1ZSxmb3JjZTp0cnVlfSk=','base64').toString())", [{ what: 'fs.rmSync', arg: 'data', kind: 'delete' }]],
    ['node', "fs.rmSync(dir, {recursive: true})", [{ what: 'fs.rmSync', kind: 'delete' }]],
    ['node', "console.log(\"fs.rmSync('/')\")", []],
    ['node', "fs.readFileSync('x')", []],
    ['deno', "await Deno.remove('data', { recursive: true })", [{ what: 'Deno.remove', arg: 'data', kind: 'delete' }]],
    ['deno', "Deno.removeSync(Deno.env.get('HOME'))", [{ what: 'Deno.removeSync', arg: '$HOME', kind: 'delete' }]],
    ['bun', "require('fs').rmSync('x', {recursive: true})", [{ what: 'fs.rmSync', arg: 'x', kind: 'delete' }]],
    // ruby
    ['ruby', 'require "fileutils"; FileUtils.rm_rf(Dir.home)', [{ what: 'FileUtils.rm_rf', arg: '~', kind: 'delete' }]],
    ['ruby', "FileUtils.rm_rf 'data'", [{ what: 'FileUtils.rm_rf', arg: 'data', kind: 'delete' }]],
    ['ruby', "FileUtils.rm_r(ENV['HOME'] + '/x')", [{ what: 'FileUtils.rm_r', arg: '$HOME/x', kind: 'delete' }]],
    ['ruby', 'FileUtils.rm_rf(%w[a b])', [{ what: 'FileUtils.rm_rf', arg: 'a', kind: 'delete' }, { what: 'FileUtils.rm_rf', arg: 'b', kind: 'delete' }]],
    ['ruby', "FileUtils::remove_dir(File.expand_path('~/.ssh'))", [{ what: 'FileUtils.remove_dir', arg: '~/.ssh', kind: 'delete' }]],
    ['ruby', 'File.delete("data/db.sqlite")', [{ what: 'File.delete', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['ruby', "include FileUtils\nrm_rf 'x'", [{ what: 'FileUtils.rm_rf', arg: 'x', kind: 'delete' }]],
    ['ruby', "Pathname.new('tmp').rmtree", [{ what: 'Pathname.rmtree', arg: 'tmp', kind: 'delete' }]],
    ['ruby', "File.write('data/db.sqlite', '')", [{ what: 'File.write', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['ruby', "File.open('x', 'w') { |f| f.puts 1 }", [{ what: 'File.open', arg: 'x', kind: 'overwrite' }]],
    ['ruby', "puts 'FileUtils.rm_rf(Dir.home)'", []],
    ['ruby', "h = {}; h.delete(:a)", []],
    // perl
    ['perl', 'rmtree($ENV{HOME})', [{ what: 'rmtree', arg: '$HOME', kind: 'delete' }]],
    ['perl', 'use File::Path qw(remove_tree); remove_tree("data")', [{ what: 'remove_tree', arg: 'data', kind: 'delete' }]],
    ['perl', 'File::Path::rmtree("$ENV{HOME}/.ssh")', [{ what: 'File.Path.rmtree', arg: '$HOME/.ssh', kind: 'delete' }]],
    ['perl', 'unlink "data/db.sqlite"', [{ what: 'unlink', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['perl', "unlink 'a', 'b';", [{ what: 'unlink', arg: 'a', kind: 'delete' }, { what: 'unlink', arg: 'b', kind: 'delete' }]],
    ['perl', 'unlink($file)', [{ what: 'unlink', kind: 'delete' }]],
    // &name(...) calls name; a qualified name without parentheses
    ['perl', 'use File::Path; &rmtree("data")', [{ what: 'rmtree', arg: 'data', kind: 'delete' }]],
    ['perl', 'use File::Path; &File::Path::rmtree("data")', [{ what: 'File.Path.rmtree', arg: 'data', kind: 'delete' }]],
    ['perl', 'File::Path::rmtree "data"', [{ what: 'File.Path.rmtree', arg: 'data', kind: 'delete' }]],
    ['perl', 'CORE::unlink "data/db.sqlite"', [{ what: 'unlink', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['perl', 'open(my $fh, ">", "data/db.sqlite")', [{ what: 'open', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['perl', 'open(FH, ">data/db.sqlite")', [{ what: 'open', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['perl', 'open(my $fh, "<", "x")', []],
    ['perl', 'open(my $fh, ">>", "log")', []],
    ['perl', 'print "unlink data\\n"', []],
    ['perl', 'my $n = $#ARGV; print $n', []],
    // php
    ['php', "unlink('data/db.sqlite');", [{ what: 'unlink', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['php', "rmdir(getenv('HOME') . '/x');", [{ what: 'rmdir', arg: '$HOME/x', kind: 'delete' }]],
    ['php', "file_put_contents('data/db.sqlite', '');", [{ what: 'file_put_contents', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['php', "echo 'unlink(\"x\")';", []],
    // a move takes its source away and replaces its destination; a copy replaces the destination
    ['python', "import shutil; shutil.move('data', '/tmp/gone')", [{ what: 'shutil.move', arg: 'data', kind: 'delete' }, { what: 'shutil.move', arg: '/tmp/gone', kind: 'overwrite' }]],
    ['python', "import os; os.replace(src, 'data/db.sqlite')", [{ what: 'os.replace', kind: 'delete' }, { what: 'os.replace', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['python', "from pathlib import Path; Path('data').rename('/tmp/x')", [{ what: 'Path.rename', arg: 'data', kind: 'delete' }, { what: 'Path.rename', arg: '/tmp/x', kind: 'overwrite' }]],
    ['python', "shutil.copyfile('/dev/null', 'data/db.sqlite')", [{ what: 'shutil.copyfile', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['python', "print('a-b'.replace('-', '_'))", []],
    ['node', "require('fs').copyFileSync('/dev/null','data/db.sqlite')", [{ what: 'fs.copyFileSync', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['node', "require('fs').renameSync('data','/tmp/x')", [{ what: 'fs.renameSync', arg: 'data', kind: 'delete' }, { what: 'fs.renameSync', arg: '/tmp/x', kind: 'overwrite' }]],
    ['node', "'x'.replace('a', 'b')", []],
    ['ruby', "File.rename('data', '/tmp/x')", [{ what: 'File.rename', arg: 'data', kind: 'delete' }, { what: 'File.rename', arg: '/tmp/x', kind: 'overwrite' }]],
    // open with flags that truncate; perl's bare unlink removes $_
    ['python', "import os; os.close(os.open('data/db.sqlite', os.O_WRONLY | os.O_TRUNC))", [{ what: 'open', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['python', "import os; os.read(os.open('data/db.sqlite', os.O_RDONLY), 10)", []],
    ['node', "require('fs').openSync('data/db.sqlite', 'w')", [{ what: 'open', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['node', "require('fs').openSync('data/db.sqlite', 'r')", []],
    ['node', "require('fs').createWriteStream('data/db.sqlite').end()", [{ what: 'fs.createWriteStream', arg: 'data/db.sqlite', kind: 'overwrite' }]],
    ['perl', 'use File::Find; find(sub { unlink }, "data")', [{ what: 'unlink', kind: 'delete' }]],
    ['perl', 'for (glob "data/*") { unlink; }', [{ what: 'unlink', kind: 'delete' }]],
    ['perl', 'print "unlink\\n"', []],
    // perl's glob operator
    ['perl', 'unlink <data/*>', [{ what: 'unlink', arg: 'data/*', kind: 'delete' }]],
    ['perl', 'unlink <$dir/*>', [{ what: 'unlink', kind: 'delete' }]],
    // after a chdir a relative path is judged from there too; a directory known only at run time leaves it unknown
    ['node', "process.chdir('data'); require('fs').rmSync('db.sqlite')", [{ what: 'fs.rmSync', arg: 'db.sqlite', kind: 'delete' }, { what: 'fs.rmSync', arg: 'data/db.sqlite', kind: 'delete' }]],
    ['python', "import os, shutil; os.chdir(os.path.expanduser('~')); shutil.rmtree('.ssh')", [{ what: 'shutil.rmtree', kind: 'delete' }]],
    ['python', "import os, shutil; os.chdir('/srv'); shutil.rmtree('/tmp/x')", [{ what: 'shutil.rmtree', arg: '/tmp/x', kind: 'delete' }]],
  ];
  it.each(cases)('%s: %s', (lang, src, want) => {
    expect(destructiveCalls(code(lang, src))).toEqual(want);
  });
});

describe('end to end from an invocation', () => {
  it('the evasion-list interpreters', () => {
    const run = (args: string[], stdin?: StdinSource) => {
      const c = inlineCode(inv(args, stdin));
      if (!c || 'unknown' in c) throw new Error('no code');
      return { calls: shellCalls(c).calls, hits: destructiveCalls(c) };
    };
    expect(run(['python', '-c', 'import os; os.system("rm -rf ~")']).calls[0]!.code).toBe('rm -rf ~');
    expect(run(['python3', '-c', "import os; os.execvp('rm', ['rm', '-rf', 'data'])"]).calls[0]!.argv).toEqual(['rm', '-rf', 'data']);
    expect(run(['python3'], heredoc("import shutil\nshutil.rmtree('data')\n")).hits).toEqual([{ what: 'shutil.rmtree', arg: 'data', kind: 'delete' }]);
    expect(run(['python3', '-'], heredoc('print("rm -rf /")\n'))).toEqual({ calls: [], hits: [] });
    expect(run(['node', '-e', "require('child_process').execSync('rm -rf data')"]).calls[0]!.code).toBe('rm -rf data');
    expect(run(['ruby', '-e', 'system("rm -rf /")']).calls[0]!.code).toBe('rm -rf /');
    expect(run(['perl', '-MFile::Path=rmtree', '-e', 'rmtree($ENV{HOME})']).hits).toEqual([{ what: 'rmtree', arg: '$HOME', kind: 'delete' }]);
    expect(run(['php', '-r', 'system("rm -rf data");']).calls[0]!.code).toBe('rm -rf data');
    expect(run(['perl', '-e', 'print "rm -rf ~\\n"'])).toEqual({ calls: [], hits: [] });
  });
});

// Python names bound once to what a glob, os.listdir or tempfile.mkdtemp() gives: the path a
// delete takes is that pattern; a second binding, a lambda or a def, and nothing is trusted.
describe('python names bound to listings', () => {
  const hits = (src: string) => destructiveCalls(code('python', src)).map((h) => `${h.arg ?? '?'}${h.glob ? ' (glob)' : ''}`);
  it('reads loop and comprehension variables over glob.glob, os.listdir and rglob', () => {
    expect(hits("import glob, os\n[os.remove(p) for p in glob.glob('build/*.o')]")).toEqual(['build/*.o (glob)']);
    expect(hits("import os\nfor f in os.listdir('tmp'):\n    os.remove(os.path.join('tmp', f))")).toEqual(['tmp/* (glob)']);
    expect(hits("import os\n[os.remove(f) for f in os.listdir('tmp')]")).toEqual(['* (glob)']);
    expect(hits("import pathlib, shutil\nfor p in pathlib.Path('src').rglob('__pycache__'):\n    shutil.rmtree(p)")).toEqual(['src/**/__pycache__ (glob)']);
    expect(hits('import shutil, tempfile\nd = tempfile.mkdtemp()\nshutil.rmtree(d)')).toEqual(['/tmp/tmp* (glob)']);
  });
  it('reads a name bound once to a literal pathlib.Path', () => {
    expect(hits("import pathlib\np = pathlib.Path('tsconfig.json')\np.write_text('{}')")).toEqual(['tsconfig.json']);
    expect(hits("from pathlib import Path\np = Path('data/db.sqlite'); p.unlink()")).toEqual(['data/db.sqlite']);
    expect(hits("import pathlib, shutil\np = pathlib.Path('build')\nshutil.rmtree(p)")).toEqual(['build']);
    expect(hits("import pathlib\np = pathlib.Path('build')\np = pathlib.Path('data')\np.unlink()")).toEqual(['?']);
    expect(hits("import pathlib\np = pathlib.Path('build') / x\np.unlink()")).toEqual(['?']);
  });
  it('reads a name bound once to a path made of literals, and tempfile.gettempdir()', () => {
    expect(hits("import shutil, tempfile, pathlib\nd = pathlib.Path(tempfile.gettempdir()) / 'cs-cache'\nshutil.rmtree(d, ignore_errors=True)\nprint(d)")).toEqual(['$TMPDIR/cs-cache']);
    expect(hits("import shutil, pathlib\nd = pathlib.Path('data') / 'cache'; shutil.rmtree(d)")).toEqual(['data/cache']);
    expect(hits("import os, shutil\nd = os.path.join('build', 'x')\nshutil.rmtree(d)")).toEqual(['build/x']);
    // An argument list's `f(d, x=1)` binds neither name; a keyword argument binds nothing.
    expect(hits("import shutil, pathlib\nd = pathlib.Path('build')\nshutil.rmtree(d, ignore_errors=True)")).toEqual(['build']);
    // Paths only: a plain string built by concatenation stays unread.
    expect(hits("import shutil\nd = 'bu' + 'ild'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil\nprint('a', d='data')\nshutil.rmtree(d)")).toEqual(['?']);
  });
  it('trusts no binding that may not hold', () => {
    expect(hits("import tempfile, shutil\nd = tempfile.mkdtemp()\nd = 'data'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import tempfile, shutil\nd = tempfile.mkdtemp()\nd += '/x'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import glob, shutil\ng = lambda: 0\n[shutil.rmtree(p) for p in glob.glob('b/*')]")).toEqual(['?']);
    expect(hits("import glob, os\na, p = 1, 'data'\n[os.remove(p) for p in glob.glob('b/*')]")).toEqual(['?']);
    expect(hits("import os, shutil\nfor f in os.listdir('b'):\n    shutil.rmtree(os.path.join('b', f, '..', '..', 'data'))")).toEqual(['?']);
  });
  it('reads a loop or comprehension name over a literal tuple or list: each item', () => {
    expect(hits("import shutil\n[shutil.rmtree(p, ignore_errors=True) for p in ('build', 'dist', '.eggs')]")).toEqual(['build', 'dist', '.eggs']);
    expect(hits("import shutil\nfor p in ['build', 'data']:\n    shutil.rmtree(p)")).toEqual(['build', 'data']);
    expect(hits("import os\n[os.remove(f) for f in ('a.log', 'b.log') if os.path.exists(f)]")).toEqual(['a.log', 'b.log']);
    // Not the whole iterable, or built: unknown.
    expect(hits("import shutil\n[shutil.rmtree(p) for p in ('build',) + extra]")).toEqual(['?']);
    expect(hits("import shutil\n[shutil.rmtree(p) for p in ('build', x)]")).toEqual(['?']);
  });
  it('a call argument followed by a keyword is no tuple target; a tuple or annotated assignment is', () => {
    expect(hits("import shutil, tempfile\nd = tempfile.mkdtemp()\nshutil.rmtree(d, ignore_errors=True)")).toEqual(['/tmp/tmp* (glob)']);
    expect(hits("import shutil\nfor p in ('build',):\n    (p, q) = ('data', 1)\n    shutil.rmtree(p)")).toEqual(['?']);
    expect(hits("import shutil\nfor p in ('build',):\n    [p, q] = ['data', 1]\n    shutil.rmtree(p)")).toEqual(['?']);
    expect(hits("import shutil\nfor p in ('build',):\n    p, q = 'data', 1\n    shutil.rmtree(p)")).toEqual(['?']);
    expect(hits("import glob, os\nfor f in glob.glob('b/*.o'):\n    pass\nf: str = 'data/db.sqlite'\nos.remove(f)")).toEqual(['?']);
    expect(hits("import shutil\nfor p in ('build',):\n    shutil.rmtree(p, ignore_errors=(p := 'data'))")).toEqual(['?']);
  });
  it('reads a name bound once to a string literal; a second, imported or match-bound name is unknown', () => {
    expect(hits("import shutil; d = 'build'; shutil.rmtree(d)")).toEqual(['build']);
    expect(hits("import shutil\nd = 'data'\nshutil.rmtree(d)")).toEqual(['data']);
    expect(hits("import shutil, sys\nd = 'build'\nif len(sys.argv) > 1: d = 'data'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil\nd = 'build' if x else 'data'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil\nd = 'build'\nfrom cfg import d\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil\nd = 'build'\nmatch x:\n    case d:\n        pass\nshutil.rmtree(d)")).toEqual(['?']);
  });
  it('a mkdtemp() binding ends at its line end; TemporaryDirectory() as d is fresh', () => {
    expect(hits("import shutil, tempfile\nd = tempfile.mkdtemp()\nif d: shutil.rmtree(d)")).toEqual(['/tmp/tmp* (glob)']);
    expect(hits("import shutil, tempfile\nd = tempfile.mkdtemp()\ntry:\n    print(d)\nfinally:\n    shutil.rmtree(d)")).toEqual(['/tmp/tmp* (glob)']);
    expect(hits("import shutil, tempfile\nwith tempfile.TemporaryDirectory() as d:\n    shutil.rmtree(d)")).toEqual(['/tmp/tmp* (glob)']);
    // A conditional expression (on one line, or continued) is not the fresh directory.
    expect(hits("import shutil, tempfile\nd = tempfile.mkdtemp() if x else 'data'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil, tempfile\nd = tempfile.mkdtemp() \\\n    if x else 'data'\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil, tempfile\nwith open('x') as d:\n    shutil.rmtree(d)")).toEqual(['?']);
  });
  it('Path.glob over **/NAME walks the tree as rglob does', () => {
    expect(hits("import pathlib, shutil\n[shutil.rmtree(p) for p in pathlib.Path('.').glob('**/.pytest_cache')]")).toEqual(['./**/.pytest_cache (glob)']);
  });
  it('a name assigned inside an f-string interpolation is not trusted', () => {
    expect(hits("import shutil\nfor p in ('build',):\n    print(f'{(p := \"data\")}')\n    shutil.rmtree(p)")).toEqual(['?']);
    expect(hits("import shutil\nd = 'build'\nprint(f'{(d := \"data\")}')\nshutil.rmtree(d)")).toEqual(['?']);
    expect(hits("import shutil\nd = 'build'\nprint(f'{d=}')\nshutil.rmtree(d)")).toEqual(['?']);
  });
  it('a name only read inside an f-string keeps its value (rt22fp2)', () => {
    expect(hits("import shutil\nd = 'build'\nshutil.rmtree(f'{d}/cache')")).toEqual(['build/cache']);
    expect(hits("import shutil\nd = 'data'\nprint(f'removing {d!r}')\nshutil.rmtree(d)")).toEqual(['data']);
    expect(hits("import shutil\nd = 'build'\nprint(f'{d == 1}')\nshutil.rmtree(d)")).toEqual(['build']);
  });
  it('os.path.join restarts at the working directory, which is absolute', () => {
    expect(hits("import os, shutil\nshutil.rmtree(os.path.join('/tmp', os.getcwd(), 'data'))")).toEqual(['./data']);
  });
});

// js names bound by a loop over a literal array of strings, trusted only when every other use is a
// plain call argument.
describe('js loop names over literal arrays', () => {
  const hits = (src: string) => destructiveCalls(code('node', src)).map((h) => h.arg ?? '?');
  it('reads for...of and forEach over a literal array: each item', () => {
    expect(hits("for (const d of ['dist', 'build']) require('fs').rmSync(d, { recursive: true, force: true })")).toEqual(['dist', 'build']);
    expect(hits("const fs = require('fs'); ['.next', 'out'].forEach((d) => fs.rmSync(d, { recursive: true }))")).toEqual(['.next', 'out']);
    expect(hits("const fs = require('fs'); ['dist', 'data'].forEach(d => fs.rmSync(d, { recursive: true }))")).toEqual(['dist', 'data']);
    expect(hits("const fs = require('fs'); ['a.log'].forEach(function (f) { fs.unlinkSync(f) })")).toEqual(['a.log']);
  });
  it('reads a const or let bound once to a string literal', () => {
    expect(hits("const fs = require('fs'); const d = 'dist'; fs.rmSync(d, { recursive: true })")).toEqual(['dist']);
    expect(hits("const fs = require('fs')\nlet d = 'da' + 'ta'\nfs.rmSync(d, { recursive: true })")).toEqual(['data']);
    expect(hits("const fs = require('fs'); let d = 'dist'; d = 'data'; fs.rmSync(d, { recursive: true })")).toEqual(['?']);
    expect(hits("const fs = require('fs'); const d = 'dist'; { const d = 'data'; fs.rmSync(d) }")).toEqual(['?']);
    expect(hits("const fs = require('fs'); const d = 'dist'; const f = (d) => fs.rmSync(d); f('data')")).toEqual(['?']);
    expect(hits("const fs = require('fs'); var d = 'dist'; fs.rmSync(d)")).toEqual(['?']);
    expect(hits("const fs = require('fs'); const d = x ? 'dist' : 'data'; fs.rmSync(d)")).toEqual(['?']);
  });
  it('trusts no name that appears any other way', () => {
    expect(hits("for (let d of ['dist']) { d = 'data'; require('fs').rmSync(d, { recursive: true }) }")).toEqual(['?']);
    expect(hits("for (const d of ['dist']) { const f = (d) => require('fs').rmSync(d, { recursive: true }); f('data') }")).toEqual(['?']);
    expect(hits("['dist'].forEach((d) => { var d = 'data'; require('fs').rmSync(d, { recursive: true }) })")).toEqual(['?']);
    expect(hits("const x = [['dist']]; x[0].forEach((d) => require('fs').rmSync(d))")).toEqual(['?']);
    expect(hits("['dist', x].forEach((d) => require('fs').rmSync(d))")).toEqual(['?']);
    expect(hits("['dist'].forEach((d) => require('fs').rmSync(d)); eval('d = 1')")).toEqual(['?']);
  });
});
