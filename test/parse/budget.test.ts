// The parser's budget counts this thread's CPU time: V8's background threads (the wasm compile the
// launcher starts early, concurrent GC and compilation) must not spend it for the parse.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cpuMs } from '../../src/parse/treesitter.js';

const processMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

describe.runIf(process.platform === 'linux')('cpuMs', () => {
  it('does not count CPU burnt by other threads of the process', async () => {
    const before = cpuMs();
    const p0 = process.cpuUsage();
    // The worker spins until the process has used 500 ms of CPU; this thread only waits.
    const worker = new Worker(
      'const p0 = process.cpuUsage(); let x = 0; for (;;) { for (let i = 0; i < 1e5; i++) x += Math.sqrt(x + 1); const u = process.cpuUsage(p0); if (u.user + u.system > 5e5) break; } require("node:worker_threads").parentPort.postMessage(x);',
      { eval: true },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(processMs(p0)).toBeGreaterThan(500);
    expect(cpuMs() - before).toBeLessThan(200);
  });

  it("counts this thread's own work", () => {
    const before = cpuMs();
    const p0 = process.cpuUsage();
    let x = 0;
    while (processMs(p0) < 300) for (let i = 0; i < 1e5; i++) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    expect(cpuMs() - before).toBeGreaterThan(200);
  });
});
