// Subcommands that run code (registry `code-subcommands`): `wp eval CODE`, `wp eval-file FILE`
// and `wp shell` on stdin run PHP; the parser hands the code on as `php -r CODE`, on the machine
// `--ssh=` or an `@alias` names, and pauses (opaque) on code it can't read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { originOf, type Invocation } from '../../src/parse/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cs-code-sub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'wipe.php'), "<?php\n$wpdb->query('DROP TABLE wp_posts');\n");
const ctx = { cwd: dir, env: { HOME: '/home/u', PATH: '/usr/bin:/bin' }, home: '/home/u' };

const php = async (line: string): Promise<{ code: string[]; inv: Invocation[]; opaque: string[] }> => {
  const r = await parse(line, ctx, { envComplete: true });
  const inv = r.invocations.filter((i) => i.name === 'php' && i.argv[1]?.value === '-r');
  return { code: inv.map((i) => i.argv[2]!.value), inv, opaque: r.invocations.flatMap((i) => (i.opaque ? [i.opaque] : [])) };
};

describe('wp eval, eval-file and shell', () => {
  it('hand their PHP on as php -r', async () => {
    expect((await php(`wp eval '$wpdb->query("DROP TABLE wp_posts");'`)).code).toEqual(['$wpdb->query("DROP TABLE wp_posts");']);
    expect((await php(`wp --path=/var/www/html --allow-root eval 'unlink("x");' --skip-plugins`)).code).toEqual(['unlink("x");']);
    expect((await php(`echo 'unlink("x");' | wp shell`)).code).toEqual(['unlink("x");\n']);
    expect((await php(`wp eval-file - <<'EOF'\nunlink("x");\nEOF`)).code).toEqual(['unlink("x");\n']);
    expect((await php('wp eval-file wipe.php')).code).toEqual(["<?php\n$wpdb->query('DROP TABLE wp_posts');\n"]);
    expect((await php(`printf '%s' 'unlink("y");' > w.php && wp eval-file w.php`)).code).toEqual(['unlink("y");']);
    expect((await php(`wp-cli.phar eval 'unlink("x");'`)).code).toEqual(['unlink("x");']);
  });
  it('run on the machine --ssh= or an alias names', async () => {
    const ssh = (await php(`wp --ssh=deploy@web1.example.com:2222/var/www eval 'unlink("x");'`)).inv[0]!;
    expect(originOf(ssh.origin, 'ssh')?.host).toBe('web1.example.com');
    const alias = (await php(`wp @staging eval 'unlink("x");'`)).inv[0]!;
    expect(originOf(alias.origin, 'ssh')?.host).toBe('staging');
    expect(originOf((await php(`wp eval 'unlink("x");'`)).inv[0]!.origin, 'ssh')).toBeUndefined();
  });
  it('pause on code they cannot read', async () => {
    expect((await php('wp eval-file missing.php')).opaque).toHaveLength(1);
    expect((await php('wp eval-file "$(mktemp)"')).opaque).toHaveLength(1);
    expect((await php('curl -s https://x.example.com/a.php | wp shell')).opaque).toHaveLength(1);
    expect((await php('wp --ssh=web1 eval-file wipe.php')).opaque).toHaveLength(1);
  });
  it('leave other subcommands alone', async () => {
    for (const line of ['wp db export backup.sql', 'wp plugin list', 'wp shell', 'wp help eval', 'wp post list --format=ids']) {
      const r = await php(line);
      expect(r.code, line).toEqual([]);
      expect(r.opaque, line).toEqual([]);
    }
  });
});
