// Terminal throughput: `cat` of a large file through the interactive wrapper against a plain pty
// running the same shell; and the wrapper's memory. Needs @lydell/node-pty.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MB = 1024 * 1024;

export async function terminalBench(bin: string, sizeMb = Number(process.env.BENCH_TERMINAL_MB ?? 100)) {
  const mod = (await import('@lydell/node-pty')) as unknown as typeof import('@lydell/node-pty') & { default?: typeof import('@lydell/node-pty') };
  const pty = mod.default ?? mod;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-term-'));
  const file = path.join(dir, 'big.txt');
  const line = 'x'.repeat(79) + '\n';
  writeFileSync(file, line.repeat(Math.floor((sizeMb * MB) / line.length)));
  const env = { ...process.env, HOME: dir, XDG_STATE_HOME: path.join(dir, 's'), XDG_CONFIG_HOME: path.join(dir, 'c'), PS1: '$ ', COUNTERSIGN_SHELL: '/bin/bash', TERM: 'xterm-256color' } as Record<string, string>;
  delete env.CI;
  const once = (file0: string, args: string[]) =>
    new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
      const p = pty.spawn(file0, args, { cols: 120, rows: 40, cwd: dir, env });
      let bytes = 0;
      let t0 = 0;
      let started = false;
      const marker = 'BENCH_DONE_MARK';
      let tail = '';
      const timer = setTimeout(() => {
        p.kill();
        reject(new Error('terminal bench timed out'));
      }, 600_000);
      p.onData((d) => {
        bytes += d.length;
        if (process.env.BENCH_DEBUG) process.stderr.write(`[${file0} ${bytes}] ${JSON.stringify(d.slice(0, 2000))}\n`);
        tail = (tail + d).slice(-200);
        if (!started && tail.includes('READY')) {
          started = true;
          tail = '';
          t0 = performance.now();
          p.write(`cat ${file}; echo ${marker.slice(0, 6)}""${marker.slice(6)}\r`);
        } else if (started && tail.includes(marker)) {
          const ms = performance.now() - t0;
          clearTimeout(timer);
          p.write('exit\r');
          p.kill();
          resolve({ ms, bytes });
        }
      });
      // Ask until the shell answers: the wrapper holds keys until its hook has connected.
      const ask = setInterval(() => {
        if (started) clearInterval(ask);
        else p.write('echo RE""ADY\r');
      }, 1500);
    });
  try {
    const plain = await once('/bin/bash', ['--norc', '-i']);
    const wrapped = await once(process.execPath, [bin, '-i']);
    return {
      sizeMb,
      plainMBps: Math.round((sizeMb / (plain.ms / 1000)) * 10) / 10,
      wrappedMBps: Math.round((sizeMb / (wrapped.ms / 1000)) * 10) / 10,
      ratio: Math.round((plain.ms / wrapped.ms) * 100) / 100,
    };
  } finally {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      /* the session may still be writing its state */
    }
  }
}
