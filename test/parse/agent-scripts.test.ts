// parse/later.ts agentScripts' memo (session 27 lead): one process (an interactive session, the
// bench) keeps what the agents' settings run while their files are unchanged, checked by the
// directories' and files' mtimes; a settings file or directory made later, an edited settings file
// and a script edited to run countersign are seen at the next parse.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentGuardScripts, newParseEpoch } from '../../src/parse/later.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cs-agent-scripts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// mtimes in the past and then moved on by hand: two writes in one clock tick must still differ.
let tick = 1_700_000_000;
function write(f: string, text: string): void {
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
  tick += 10;
  utimesSync(f, tick, tick);
  utimesSync(path.dirname(f), tick, tick);
}
const guards = (home: string, cwd: string): string[] => {
  newParseEpoch();
  return agentGuardScripts(home, cwd);
};
const hook = (cmd: string): string => JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: cmd }] }] } });

describe('agent scripts memo', () => {
  it('sees a settings directory made after the first look, an edited settings file and an edited script', () => {
    const home = path.join(root, 'home');
    const cwd = path.join(root, 'proj');
    mkdirSync(home, { recursive: true });
    mkdirSync(path.join(cwd, '.git'), { recursive: true });
    const script = path.join(home, 'bin', 'guard.sh');
    write(script, '#!/bin/sh\nexec countersign hook claude\n');
    expect(guards(home, cwd)).toEqual([]);
    // ~/.claude didn't exist: made now (the home's mtime moves).
    write(path.join(home, '.claude', 'settings.json'), hook(script));
    tick += 10;
    utimesSync(home, tick, tick);
    expect(guards(home, cwd)).toEqual([script]);
    // The settings edited to run another script.
    const other = path.join(home, 'bin', 'other.sh');
    write(other, '#!/bin/sh\necho hi\n');
    write(path.join(home, '.claude', 'settings.json'), hook(other));
    expect(guards(home, cwd)).toEqual([]);
    // That script edited to run countersign: a guard now.
    write(other, '#!/bin/sh\nexec countersign hook claude\n');
    expect(guards(home, cwd)).toEqual([other]);
    // A project settings file made in a directory that is there (the project's mtime moves).
    const proj = path.join(cwd, 'scripts', 'g.sh');
    write(proj, 'countersign hook claude\n');
    write(path.join(cwd, '.mcp.json'), JSON.stringify({ mcpServers: { x: { command: proj } } }));
    expect(guards(home, cwd).sort()).toEqual([other, proj].sort());
  });
});
