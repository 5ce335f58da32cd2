// COUNTERSIGN_TIMING=1: where a run's start-up time goes, printed to stderr at exit (README,
// "Where the full path's time goes"). Marks are shared between the fast path's bundle and the full
// program's through a global symbol; with the variable unset, mark() does nothing.
const KEY = Symbol.for('countersign.timing');

interface Marks {
  /** process.hrtime.bigint() when node started, in ns (now minus the process's uptime). */
  start: bigint;
  list: Array<[string, bigint]>;
}

// Read once: process.env is a call into the C++ environment on every access.
const ON = !!process.env.COUNTERSIGN_TIMING;

export function mark(name: string): void {
  if (!ON) return;
  const g = globalThis as Record<symbol, Marks | undefined>;
  let m = g[KEY];
  if (!m) {
    const now = process.hrtime.bigint();
    m = g[KEY] = { start: now - BigInt(Math.round(process.uptime() * 1e9)), list: [] };
    const marks = m;
    process.on('exit', () => {
      let prev = marks.start;
      const parts = marks.list.map(([n, t]) => {
        const s = `${n} +${(Number(t - prev) / 1e6).toFixed(1)}`;
        prev = t;
        return s;
      });
      process.stderr.write(`countersign timing (ms since the previous mark; node started at 0): ${parts.join(', ')}; total ${(Number(process.hrtime.bigint() - marks.start) / 1e6).toFixed(1)}\n`);
    });
  }
  m.list.push([name, process.hrtime.bigint()]);
}
