// The interactive wrapper as a terminal sees it: `cat` of a large file, keystroke echo latency and
// the wrapper's memory, for three sessions running the same bash:
//   plain     bash in a pty, read directly;
//   floor     bash behind a minimal node-pty pass-through (bench/pty-passthrough.cjs): the cost of
//             any wrapper that owns a pty, before countersign does anything;
//   native    bash behind util-linux `script`, a pty relay written in C (Linux only): what owning
//             a pty costs when the relay itself costs nothing;
//   wrapped   `countersign -i`.
// Two readers: raw (bytes counted, the worst case for a wrapper) and a terminal emulator
// (@xterm/headless parses every byte, as the user's terminal does). Needs @lydell/node-pty.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MB = 1024 * 1024;
type Pty = typeof import('@lydell/node-pty');
type Session = 'plain' | 'floor' | 'native' | 'wrapped';
type Reader = 'raw' | 'emulator';

interface Run {
  ms: number;
  /** Whole-machine CPU use while the cat ran (0..1): near 1 means CPU-bound. */
  busy: number;
  echoMs: number[];
  rssMb: number;
  peakRssMb: number;
}

export async function terminalBench(bin: string, sizeMb = Number(process.env.BENCH_TERMINAL_MB ?? 100), reps = Number(process.env.BENCH_TERMINAL_REPS ?? 2)) {
  const mod = (await import('@lydell/node-pty')) as unknown as Pty & { default?: Pty };
  const pty = mod.default ?? mod;
  const xterm = (await import('@xterm/headless')) as typeof import('@xterm/headless') & { default?: typeof import('@xterm/headless') };
  const Terminal = xterm.Terminal ?? xterm.default!.Terminal; // a CommonJS package, imported from ESM
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-term-'));
  const file = path.join(dir, 'big.txt');
  const line = 'x'.repeat(79) + '\n';
  writeFileSync(file, line.repeat(Math.floor((sizeMb * MB) / line.length)));
  const env = { ...process.env, HOME: dir, XDG_STATE_HOME: path.join(dir, 's'), XDG_CONFIG_HOME: path.join(dir, 'c'), PS1: '$ ', COUNTERSIGN_SHELL: '/bin/bash', TERM: 'xterm-256color' } as Record<string, string>;
  delete env.CI;
  delete env.COUNTERSIGN_SESSION;
  const passthrough = path.join(path.dirname(bin), '..', 'bench', 'pty-passthrough.cjs');
  const commands: Record<Session, [string, string[]]> = {
    plain: ['/bin/bash', ['--norc', '-i']],
    floor: [process.execPath, [passthrough, '/bin/bash', '--norc', '-i']],
    native: ['/usr/bin/script', ['-q', '-e', '-c', '/bin/bash --norc -i', '/dev/null']],
    wrapped: [process.execPath, [bin, '-i']],
  };
  const hasNative = process.platform === 'linux' && existsSync('/usr/bin/script');

  const once = (session: Session, reader: Reader, echo: boolean) =>
    new Promise<Run>((resolve, reject) => {
      const [cmd, args] = commands[session];
      const p = pty.spawn(cmd, args, { cols: 120, rows: 40, cwd: dir, env });
      const term = reader === 'emulator' ? new Terminal({ cols: 120, rows: 40, allowProposedApi: true }) : undefined;
      const marker = 'BENCH_DONE_MARK';
      let phase: 'start' | 'echo' | 'cat' | 'done' = 'start';
      let tail = '';
      let t0 = 0;
      let cpu0 = machineCpu();
      const echoMs: number[] = [];
      let typedAt = 0;
      let typed = 0;
      const timer = setTimeout(() => {
        p.kill();
        reject(new Error(`terminal bench (${session}, ${reader}) timed out`));
      }, 600_000);
      const finish = (): void => {
        const ms = performance.now() - t0;
        const busy = machineCpu().busyShare(cpu0);
        const mem = rss(p.pid);
        clearTimeout(timer);
        p.write('exit\r');
        setTimeout(() => {
          p.kill();
          term?.dispose();
          resolve({ ms, busy, echoMs, ...mem });
        }, 200);
      };
      const startCat = (): void => {
        phase = 'cat';
        tail = '';
        cpu0 = machineCpu();
        t0 = performance.now();
        p.write(`cat ${file}; echo ${marker.slice(0, 6)}""${marker.slice(6)}\r`);
      };
      const typeOne = (): void => {
        typedAt = performance.now();
        p.write('x');
      };
      p.onData((d) => {
        if (phase === 'done') return;
        tail = (tail + d).slice(-200);
        if (phase === 'start' && tail.includes('READY')) {
          if (echo) {
            phase = 'echo';
            tail = '';
            setTimeout(typeOne, 100);
          } else startCat();
        } else if (phase === 'echo' && d.includes('x')) {
          echoMs.push(performance.now() - typedAt);
          tail = '';
          if (++typed < 100) setTimeout(typeOne, 2); // 100: the line must not wrap (120 columns)
          else {
            p.write('\x15'); // Ctrl-U: clear the typed line
            setTimeout(startCat, 100);
          }
        } else if (phase === 'cat') {
          if (term) {
            const last = tail.includes(marker);
            term.write(d, last ? finish : undefined);
            if (last) phase = 'done';
          } else if (tail.includes(marker)) {
            phase = 'done';
            finish();
          }
        }
      });
      // Ask until the shell answers: the wrapper holds keys until its hook has connected.
      const ask = setInterval(() => {
        if (phase !== 'start') clearInterval(ask);
        else p.write('echo RE""ADY\r');
      }, 1500);
    });

  try {
    const sessions: Session[] = hasNative ? ['plain', 'floor', 'native', 'wrapped'] : ['plain', 'floor', 'wrapped'];
    const samples = new Map<string, Run[]>();
    // Alternated, so a busy moment hurts every session alike.
    for (let r = 0; r < reps; r++) {
      for (const reader of ['raw', 'emulator'] as Reader[]) {
        for (const s of sessions) {
          const run = await once(s, reader, reader === 'raw' && r === 0);
          const k = `${s}/${reader}`;
          samples.set(k, [...(samples.get(k) ?? []), run]);
        }
      }
    }
    const mbps = (k: string) => r1(median((samples.get(k) ?? []).map((x) => sizeMb / (x.ms / 1000))));
    const readers = Object.fromEntries(
      (['raw', 'emulator'] as Reader[]).map((reader) => {
        const [plain, floor, wrapped] = (['plain', 'floor', 'wrapped'] as Session[]).map((s) => mbps(`${s}/${reader}`));
        const native = hasNative ? { nativeMBps: mbps(`native/${reader}`), nativeRatio: r2(mbps(`native/${reader}`) / plain!) } : {};
        return [reader, { plainMBps: plain, floorMBps: floor, ...native, wrappedMBps: wrapped, ratio: r2(wrapped! / plain!), ratioToFloor: r2(wrapped! / floor!), cpuBusy: r2(median(samples.get(`wrapped/${reader}`)!.map((x) => x.busy))) }];
      }),
    );
    const echo = (s: Session) => {
      const xs = samples.get(`${s}/raw`)![0]!.echoMs;
      return { median: r2(median(xs)), p99: r2(quantile(xs, 0.99)) };
    };
    const wrapped = samples.get('wrapped/raw')!;
    return {
      sizeMb,
      reps,
      ...readers,
      echoMs: { plain: echo('plain'), floor: echo('floor'), ...(hasNative ? { native: echo('native') } : {}), wrapped: echo('wrapped') },
      wrapperRssMb: { afterCat: r1(median(wrapped.map((x) => x.rssMb))), peak: r1(Math.max(...wrapped.map((x) => x.peakRssMb))) },
    };
  } finally {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      /* the session may still be writing its state */
    }
  }
}

function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  const total = f.reduce((a, b) => a + b, 0);
  return {
    idle,
    total,
    busyShare(from: { idle: number; total: number }): number {
      const dt = total - from.total;
      return dt > 0 ? 1 - (idle - from.idle) / dt : 0;
    },
  };
}

function rss(pid: number): { rssMb: number; peakRssMb: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, peakRssMb: 0 };
  }
}

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
