// The user's startup files as the session found them, alone, and with the judge: a nested shell
// started after a line changed them pauses (found while splitting the session: `echo 'rm -rf data'
// >> ~/.bashrc`, then `bash`, deleted data with no panel).
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Judge } from '../../../src/shell/session/judge.js';
import { StartupWatch, startupFiles } from '../../../src/shell/session/startup.js';
import { project, type Project } from './helpers.js';

let p: Project;
beforeEach(() => {
  p = project();
});
afterEach(() => p.remove());

describe('startupFiles', () => {
  it("lists bash's files in the home and zsh's in the user's ZDOTDIR, and the session's --rcfile", () => {
    const f = startupFiles('/h', '/z', 'my.rc');
    for (const x of ['/h/.bashrc', '/h/.bash_profile', '/h/.profile', '/h/.bash_aliases', '/z/.zshrc', '/z/.zshenv', '/h/my.rc']) expect(f).toContain(x);
    expect(f).not.toContain('/h/.zshrc');
    expect(startupFiles('/h', '')).toContain('/h/.zshrc');
  });
});

describe('StartupWatch', () => {
  it('names the files changed, created or removed since it started, and only those', () => {
    const [a, b, c] = ['.bashrc', '.profile', '.zshrc'].map((n) => path.join(p.home, n)) as [string, string, string];
    writeFileSync(a, 'PS1=x\n');
    writeFileSync(c, 'PS1=y\n');
    const w = new StartupWatch([a, b, c]);
    expect(w.changed()).toEqual([]);
    appendFileSync(a, 'rm -rf data\n');
    writeFileSync(b, 'rm -rf data\n');
    rmSync(c);
    expect(w.changed()).toEqual([a, b, c]);
  });
});

describe('the judge with the watch', () => {
  const judge = (files: string[]) => new Judge({ home: p.home, env: p.env, sessionDir: p.sessionDir, shells: { bash: '/bin/bash' }, startup: new StartupWatch(files) });

  it('pauses a nested shell once a startup file changed, naming it; other lines are not affected', async () => {
    const rc = path.join(p.home, '.bashrc');
    writeFileSync(rc, 'PS1=x\n');
    const j = judge(startupFiles(p.home, ''));
    expect(await j.full('bash', p.cwd, p.env, 'bash')).toMatchObject({ kind: 'allow', nested: true });
    appendFileSync(rc, 'rm -rf data\n');
    for (const line of ['bash', 'zsh', 'bash -l']) {
      const v = await j.full(line, p.cwd, p.env, 'bash');
      expect(v.kind, line).toBe('pause');
      if (v.kind !== 'pause') continue;
      const f = v.result.findings.find((x) => x.rule === 'session/startup-files-changed');
      expect(f?.detail).toContain(rc);
    }
    expect((await j.full('ls', p.cwd, p.env, 'bash')).kind).toBe('allow');
  });

  it("a zsh startup file in the user's ZDOTDIR counts too", async () => {
    const zd = path.join(p.home, 'zdot');
    mkdirSync(zd);
    const j = judge(startupFiles(p.home, zd));
    writeFileSync(path.join(zd, '.zshrc'), 'rm -rf data\n');
    expect((await j.full('zsh', p.cwd, p.env, 'zsh')).kind).toBe('pause');
  });
});
