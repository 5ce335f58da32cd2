// The channel alone: real FIFOs in a private directory, written and read as a hook does.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelServer, type Channel, type Request } from '../../../src/shell/session/channel.js';
import { parseExportP, parseNulEnv } from '../../../src/shell/session/envparse.js';
import { until } from './helpers.js';

let dir: string;
let server: ChannelServer;
let hellos: Array<[number, string]>;
let requests: Array<{ ch: Channel; req: Request }>;
const fds: number[] = [];

const mkfifo = (name: string): void => void execFileSync('mkfifo', ['-m', '600', path.join(dir, name)]);
const open = (name: string): number => {
  const fd = openSync(path.join(dir, name), constants.O_RDWR | constants.O_NONBLOCK);
  fds.push(fd);
  return fd;
};
const write = (fd: number, s: string): void => void writeSync(fd, Buffer.from(s));

/** A hooked shell: its FIFO pair, then its hello. */
async function connect(pid: number, dialect = 'bash'): Promise<{ q: number; r: number }> {
  mkfifo(`${pid}.q`);
  mkfifo(`${pid}.r`);
  const ends = { q: open(`${pid}.q`), r: open(`${pid}.r`) };
  write(open('ctl'), `H ${pid} ${dialect}\n`);
  await until(() => hellos.some(([p]) => p === pid), 'the hello');
  return ends;
}

function readReply(fd: number): string[] {
  const buf = Buffer.alloc(4096);
  let n = 0;
  try {
    n = readSync(fd, buf, 0, buf.length, null);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
  }
  return buf.subarray(0, n).toString().split('\0');
}

beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cs-chan-')));
  mkfifo('ctl');
  hellos = [];
  requests = [];
  server = new ChannelServer({
    dir,
    onRequest: (ch, req) => void requests.push({ ch, req }),
    onHello: (pid, dialect) => void hellos.push([pid, dialect]),
    parseEnv: (format, text) => (format === 'z' ? parseNulEnv(text) : parseExportP(text)),
  });
  server.start();
});

afterEach(() => {
  server.close();
  for (const fd of fds.splice(0)) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

describe('channel', () => {
  it('connects a shell that says hello, reads its requests and writes its replies', async () => {
    const { q } = await connect(process.pid);
    expect(hellos).toEqual([[process.pid, 'bash']]);
    expect(server.pids()).toEqual([process.pid]);
    write(q, 'Q\x001\x00nonce\x00/tmp\x00ls\x00\x000\x00\x00');
    await until(() => requests.length === 1, 'the request');
    expect(requests[0]!.req).toEqual({ kind: 'Q', seq: '1', nonce: 'nonce', pwd: '/tmp', line: 'ls', expanded: '', running: false, defs: '' });
    expect(requests[0]!.ch.pid).toBe(process.pid);
  });

  it('replies are five NUL-terminated fields, NULs in values taken out', async () => {
    const { q, r } = await connect(process.pid);
    write(q, 'W\x007\x00n\x00abc\x00rm -rf data\x00');
    await until(() => requests.length === 1, 'the request');
    requests[0]!.ch.reply('7', 'n', 'X', 'a\0b');
    let got: string[] = [];
    await until(() => (got = readReply(r)).length > 1, 'the reply');
    expect(got).toEqual(['X', '7', 'n', 'ab', '', '']);
  });

  it('reads an environment in either listing', async () => {
    const { q } = await connect(process.pid, 'zsh');
    write(q, 'E\x001\x00n\x00z\x00A=1\x00B=x=y\x00\x00');
    write(q, 'E\x002\x00n\x00p\x00declare -x C="3"\n\x00');
    await until(() => requests.length === 2, 'the requests');
    expect(requests.map((x) => x.req)).toEqual([
      { kind: 'E', seq: '1', nonce: 'n', env: { A: '1', B: 'x=y' } },
      { kind: 'E', seq: '2', nonce: 'n', env: { C: '3' } },
    ]);
    expect(requests[0]!.ch.dialect).toBe('zsh');
  });

  it("ignores a hello whose FIFOs aren't there, and lines that aren't hellos", async () => {
    const ctl = open('ctl');
    write(ctl, `H ${process.pid} bash\n`);
    write(ctl, 'hello there\nH 12 fish\n');
    await connect(process.ppid);
    expect(hellos).toEqual([[process.ppid, 'bash']]);
  });

  it('forgets shells that have exited when another says hello', async () => {
    const child = spawnSync('true');
    const gone = child.pid!;
    await connect(gone);
    expect(server.pids()).toContain(gone);
    await connect(process.pid);
    expect(server.pids()).toEqual([process.pid]);
  });

  it('a second hello from the same pid (exec zsh) replaces the first connection', async () => {
    await connect(process.pid);
    const again = open(`${process.pid}.q`);
    write(open('ctl'), `H ${process.pid} zsh\n`);
    await until(() => hellos.length === 2, 'the second hello');
    write(again, 'D\x001\x00n\x00\x00');
    await until(() => requests.length === 1, 'the request');
    expect(requests[0]!.ch.dialect).toBe('zsh');
  });
});
