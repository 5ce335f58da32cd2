// `npm run bench`: check latency in process, process start-up ratios, parser bounds, and the
// terminal wrapper's throughput. Results go to bench/results/latest.json and latest.md.
// Benchmarks, not tests: nothing here fails on a time.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, engineFor } from '../src/engine.js';
import { MAX_TEXT, loadParser, parse } from '../src/parse/index.js';
import { quickReject } from '../src/rules/quick.js';
import { benchLines, repoRoot } from './lines.js';
import { terminalBench } from './terminal.js';

const root = repoRoot();
const bin = path.join(root, 'bin', 'countersign');
const only = process.argv.slice(2);
const want = (k: string) => !only.length || only.includes(k);

function stats(xs: number[]): { median: number; p99: number; max: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p99: q(0.99), max: s[s.length - 1]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}
const r2 = (x: number) => Math.round(x * 100) / 100;

function fixture(): { dir: string; home: string; env: Record<string, string> } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-'));
  const dir = path.join(base, 'project');
  const home = path.join(base, 'home');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(dir, '.countersign.yaml'), 'protected-paths: [data]\n');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: path.join(base, 'cfg'), XDG_STATE_HOME: path.join(base, 'state'), SHELL: '/bin/bash', COUNTERSIGN_SHELL: '/bin/bash', LANG: 'C.UTF-8' };
  return { dir, home, env };
}

async function latency() {
  const fx = fixture();
  const ctx = { cwd: fx.dir, env: fx.env, home: fx.home, envComplete: true };
  const engine = await engineFor(ctx);
  await loadParser();
  const { lines, fromCorpus } = benchLines(5000);
  // The first pass over every line is where each rarely taken path is compiled: it is reported
  // apart (first pass), and the budget is measured on the second, a long-lived session's steady state.
  const firstPass: number[] = [];
  for (const l of lines) {
    const t0 = performance.now();
    await check(l, ctx, engine);
    firstPass.push((performance.now() - t0) * 1000);
  }
  const times: number[] = [];
  const parsedTimes: number[] = [];
  let rejected = 0;
  const decisions = { allow: 0, confirm: 0, deny: 0 };
  for (const l of lines) {
    const t0 = performance.now();
    const r = await check(l, ctx, engine);
    const dt = (performance.now() - t0) * 1000;
    times.push(dt);
    if (r.quick) rejected++;
    else parsedTimes.push(dt);
    decisions[r.decision]++;
  }
  // Parse speed over the typical agent lines (all 5,000 templates), and over the harder subset
  // the quick reject can't decide.
  const parseAll: number[] = [];
  const parseHard: number[] = [];
  for (const l of lines.slice(0, 5000)) {
    const t0 = performance.now();
    await parse(l, { cwd: fx.dir, env: fx.env, home: fx.home }, { envComplete: true });
    const dt = (performance.now() - t0) * 1000;
    parseAll.push(dt);
    if (!quickReject(l, engine.index)) parseHard.push(dt);
  }
  return {
    lines: lines.length,
    fromCorpus,
    quickRejectRate: r2(rejected / lines.length),
    decisions,
    checkMicros: Object.fromEntries(Object.entries(stats(times)).map(([k, v]) => [k, r2(v)])),
    checkMicrosFirstPass: Object.fromEntries(Object.entries(stats(firstPass)).map(([k, v]) => [k, r2(v)])),
    fullPathMicros: Object.fromEntries(Object.entries(stats(parsedTimes)).map(([k, v]) => [k, r2(v)])),
    parseMicros: Object.fromEntries(Object.entries(stats(parseAll)).map(([k, v]) => [k, r2(v)])),
    parseMicrosUndecided: Object.fromEntries(Object.entries(stats(parseHard)).map(([k, v]) => [k, r2(v)])),
  };
}

/** `npm run bench -- slowest`: the lines whose best of 5 checks is slowest (what sets the p99 when
 *  it isn't the machine): a line slow every time is worth a look, a line slow once is noise. */
async function slowest() {
  const fx = fixture();
  const ctx = { cwd: fx.dir, env: fx.env, home: fx.home, envComplete: true };
  const engine = await engineFor(ctx);
  await loadParser();
  const { lines } = benchLines(5000);
  const best = new Map<string, number>();
  for (let rep = 0; rep < 5; rep++) {
    for (const l of lines) {
      const t0 = performance.now();
      await check(l, ctx, engine);
      const dt = (performance.now() - t0) * 1000;
      best.set(l, Math.min(best.get(l) ?? Infinity, dt));
    }
  }
  const sorted = [...best].sort((a, b) => b[1] - a[1]);
  const p99 = lines.map((l) => best.get(l)!).sort((a, b) => a - b)[Math.floor(0.99 * lines.length)]!;
  return { bestOf5P99Micros: r2(p99), slowest: sorted.slice(0, 30).map(([line, us]) => ({ us: r2(us), line: line.slice(0, 160) })) };
}

async function bounds() {
  const ctx = { cwd: '/tmp', env: { HOME: '/tmp' }, home: '/tmp' };
  await loadParser();
  const cases = {
    'a 1 MB line': 'echo ' + 'a'.repeat(1024 * 1024),
    'a line just under the size limit': 'echo ' + 'a b '.repeat(Math.floor((MAX_TEXT - 10) / 4)),
    'nesting 400 deep': '$('.repeat(400) + 'rm -rf /' + ')'.repeat(400),
    '2000 commands': Array.from({ length: 2000 }, (_, i) => `echo ${i}`).join('; '),
  };
  const out: Record<string, { ms: number; uncertain: boolean }> = {};
  for (const [k, t] of Object.entries(cases)) {
    const t0 = performance.now();
    const r = await parse(t, ctx);
    out[k] = { ms: r2(performance.now() - t0), uncertain: r.uncertain.length > 0 };
  }
  return out;
}

/** A Claude Code PreToolUse payload for the Bash tool. */
const hookPayload = (command: string, cwd: string) =>
  JSON.stringify({ session_id: 'bench', transcript_path: '/tmp/t.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'x' }, tool_use_id: 'toolu_1' });

/** Process start-up, alternated in one run. `pick` keeps only the variants named (with node). */
function startup(reps = 25, pick?: string[]) {
  const fx = fixture();
  const fifo = path.join(fx.home, 'stdin.fifo');
  spawnSync('mkfifo', [fifo]);
  /** `input` through a pipe (a FIFO, as Codex gives a hook), or through the socket node makes. */
  const run = (cmd: string, args: string[], extraEnv: Record<string, string> = {}, input?: string, via: 'pipe' | 'socket' = 'pipe') => {
    let rfd: number | undefined;
    if (input !== undefined && via === 'pipe') {
      rfd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const wfd = openSync(fifo, constants.O_WRONLY);
      writeSync(wfd, input);
      closeSync(wfd);
    }
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: fx.dir, env: { ...fx.env, ...extraEnv }, input: via === 'socket' ? input : undefined, stdio: [rfd ?? (input === undefined ? 'ignore' : 'pipe'), 'ignore', 'ignore'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (rfd !== undefined) closeSync(rfd);
    return { ms, status: r.status };
  };
  const variants: Record<string, () => { ms: number; status: number | null }> = {
    "node -e ''": () => run(process.execPath, ['-e', '']),
    'bash -c true': () => run('/bin/bash', ['-c', 'true']),
    'countersign -c true': () => run(process.execPath, [bin, '-c', 'true']),
    "countersign -c (full parse)": () => run(process.execPath, [bin, '-c', "bash -c 'echo $HOME' >/dev/null"]),
    'countersign -c (confirm, declined)': () => run(process.execPath, [bin, '-c', 'rm -rf data'], { CI: 'true' }),
    'countersign hook claude (ls -la)': () => run(process.execPath, [bin, 'hook', 'claude'], {}, hookPayload('ls -la', fx.dir)),
    'countersign hook claude (ls -la, socket stdin)': () => run(process.execPath, [bin, 'hook', 'claude'], {}, hookPayload('ls -la', fx.dir), 'socket'),
  };
  if (pick) for (const k of Object.keys(variants)) if (k !== "node -e ''" && !pick.includes(k)) delete variants[k];
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const f of Object.values(variants)) f(); // warm the file cache
  // The machine may be shared: the load average goes with the numbers.
  const loadBefore = os.loadavg().map(r2);
  for (let i = 0; i < reps; i++) for (const [k, f] of Object.entries(variants)) samples[k]!.push(f().ms);
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, r2(stats(v).median)]));
  const node = med["node -e ''"]!;
  const bash = med['bash -c true'] ?? NaN;
  return { reps, loadAverage: { before: loadBefore, after: os.loadavg().map(r2) }, medianMs: med, ratioToNode: Object.fromEntries(Object.entries(med).map(([k, v]) => [k, r2(v / node)])), ratioToBash: Object.fromEntries(Object.entries(med).map(([k, v]) => [k, r2(v / bash)])) };
}

/** Where the full path's time goes: medians of each stage COUNTERSIGN_TIMING reports (src/timing.ts). */
function stages(reps: number): Record<string, number> {
  const fx = fixture();
  const env = { ...fx.env, COUNTERSIGN_TIMING: '1' };
  const line = "bash -c 'echo $HOME' >/dev/null";
  spawnSync(process.execPath, [bin, '-c', line], { cwd: fx.dir, env, stdio: 'ignore' });
  const per: Record<string, number[]> = {};
  for (let i = 0; i < reps; i++) {
    const r = spawnSync(process.execPath, [bin, '-c', line], { cwd: fx.dir, env, encoding: 'utf8' });
    const report = r.stderr.split('\n').find((l) => l.startsWith('countersign timing'));
    for (const m of report?.matchAll(/([a-z][a-z ()]*?) \+?([\d.]+)(?=[,;]|$)/g) ?? []) (per[m[1]!.trim()] ??= []).push(Number(m[2]));
  }
  return Object.fromEntries(Object.entries(per).map(([k, v]) => [k, r2(stats(v).median)]));
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return { cpu, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString().slice(0, 10) };
}

const results: Record<string, unknown> = { machine: machine() };
if (want('latency')) results.latency = await latency();
if (want('bounds')) results.bounds = await bounds();
if (only.includes('slowest')) results.slowest = await slowest();
if (want('startup')) results.startup = startup();
// `npm run bench -- hook`: the hook's start-up against node and `-c true` alone (issue 14).
if (only.includes('hook')) results.hook = startup(25, ['countersign -c true', 'countersign hook claude (ls -la)', 'countersign hook claude (ls -la, socket stdin)']);
// `npm run bench -- full`: the full program's start-up (issue 17).
if (only.includes('full')) results.full = { ...startup(25, ['countersign -c true', 'countersign -c (full parse)', 'countersign -c (confirm, declined)']), stagesMs: stages(15) };
if (want('terminal')) results.terminal = await terminalBench(bin).catch((e: Error) => ({ skipped: e.message }));
const outDir = path.join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
// A partial run doesn't overwrite the full results.
writeFileSync(path.join(outDir, only.length ? `latest-${only.join('-')}.json` : 'latest.json'), JSON.stringify(results, null, 2) + '\n');
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
void execFileSync;
void rmSync;
