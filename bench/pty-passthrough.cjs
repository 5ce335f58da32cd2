// The floor for a terminal wrapper: run a program in a pty and copy bytes both ways, nothing else.
// The outer terminal is set up as countersign's wrapper sets it (raw, output processing off), so
// the terminal bench compares like with like. Usage: node pty-passthrough.cjs PROGRAM ARGS...
'use strict';
const { spawnSync } = require('node:child_process');
const pty = require('@lydell/node-pty');

const [file, ...args] = process.argv.slice(2);
const p = pty.spawn(file, args, { cols: process.stdout.columns || 80, rows: process.stdout.rows || 24, cwd: process.cwd(), env: process.env, encoding: null });
if (process.stdin.isTTY) process.stdin.setRawMode(true);
spawnSync('stty', ['-opost'], { stdio: [0, 'ignore', 'ignore'] });
p.onData((d) => process.stdout.write(d));
process.stdin.on('data', (d) => p.write(d));
p.onExit(({ exitCode }) => process.exit(exitCode));
