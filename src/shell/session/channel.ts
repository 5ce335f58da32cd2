// The private channel between the session and the hooks of the shells inside it: a directory only
// this user can enter, holding a control FIFO (`ctl`) on which each hooked shell announces itself
// (`H PID bash|zsh`), and one FIFO pair per shell (`PID.q` requests, `PID.r` replies). The session
// holds every FIFO open read-write, so the hook's opens never block and the session never sees EOF.
//
// Requests are NUL-separated fields: Q seq nonce pwd line expanded running defs | E seq nonce p TEXT
// | E seq nonce z NAME=VALUE... "" | W seq nonce gate-id line | D seq nonce defs (definitions asked
// for) | S seq nonce records declare-f (what the startup files defined). Replies are always five fields:
// kind seq nonce a b. The hook ignores any reply whose seq and nonce are not those of its request,
// so a reply written into the FIFO in advance by someone else can't answer it.
import { closeSync, constants, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export type Request =
  | { kind: 'Q'; seq: string; nonce: string; pwd: string; line: string; expanded: string; running: boolean; defs: string }
  | { kind: 'D'; seq: string; nonce: string; defs: string }
  | { kind: 'S'; seq: string; nonce: string; records: string; declareF: string }
  | { kind: 'E'; seq: string; nonce: string; env: Record<string, string> }
  | { kind: 'W'; seq: string; nonce: string; id: string; line: string };

export interface Channel {
  pid: number;
  dialect: 'bash' | 'zsh';
  reply(seq: string, nonce: string, kind: string, a?: string, b?: string): void;
}

export interface ChannelServerOptions {
  dir: string;
  onRequest(ch: Channel, req: Request): void;
  onHello?(pid: number, dialect: 'bash' | 'zsh'): void;
  parseEnv(format: string, text: string): Record<string, string>;
}

function openFifo(p: string): number {
  return openSync(p, constants.O_RDWR | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
}

export class ChannelServer {
  private ctl?: net.Socket;
  private channels = new Map<number, { ch: Channel; q: net.Socket; r: net.Socket }>();

  constructor(private readonly o: ChannelServerOptions) {}

  start(): void {
    const fd = openFifo(path.join(this.o.dir, 'ctl'));
    this.ctl = new net.Socket({ fd, readable: true, writable: false });
    let buf = '';
    this.ctl.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^H (\d+) (bash|zsh)$/.exec(line);
        if (m) this.hello(Number(m[1]), m[2] as 'bash' | 'zsh');
      }
      if (buf.length > 4096) buf = '';
    });
    this.ctl.on('error', () => {});
  }

  private hello(pid: number, dialect: 'bash' | 'zsh'): void {
    this.reap();
    this.drop(pid);
    let qfd: number | undefined;
    let rfd: number | undefined;
    try {
      qfd = openFifo(path.join(this.o.dir, `${pid}.q`));
      rfd = openFifo(path.join(this.o.dir, `${pid}.r`));
    } catch {
      for (const fd of [qfd, rfd]) if (fd !== undefined) try { closeSync(fd); } catch { /* ignore */ }
      return;
    }
    const q = new net.Socket({ fd: qfd, readable: true, writable: false });
    const r = new net.Socket({ fd: rfd, readable: false, writable: true });
    q.on('error', () => {});
    r.on('error', () => {});
    const ch: Channel = {
      pid,
      dialect,
      reply(seq, nonce, kind, a = '', b = '') {
        const clean = (s: string): string => s.replace(/\0/g, '');
        r.write(`${kind}\0${seq}\0${nonce}\0${clean(a)}\0${clean(b)}\0`);
      },
    };
    this.channels.set(pid, { ch, q, r });
    const parser = new RequestParser((req) => this.o.onRequest(ch, req), this.o.parseEnv);
    q.on('data', (d: Buffer) => parser.push(d));
    this.o.onHello?.(pid, dialect);
  }

  private drop(pid: number): void {
    const c = this.channels.get(pid);
    if (!c) return;
    c.q.destroy();
    c.r.destroy();
    this.channels.delete(pid);
  }

  /** Forget shells that have exited (nested shells come and go). */
  private reap(): void {
    for (const pid of [...this.channels.keys()]) {
      try {
        process.kill(pid, 0);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH') this.drop(pid);
      }
    }
  }

  /** Shells connected now. */
  pids(): number[] {
    return [...this.channels.keys()];
  }

  close(): void {
    this.ctl?.destroy();
    for (const pid of [...this.channels.keys()]) this.drop(pid);
  }
}

/** Splits the byte stream of a request FIFO into requests. */
export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly emit: (r: Request) => void,
    private readonly parseEnv: (format: string, text: string) => Record<string, string>,
  ) {}

  push(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      const used = this.one();
      if (used === 0) break;
      this.buf = this.buf.subarray(used);
    }
    // A runaway request (over 64 MB) can't be a hook's: drop it.
    if (this.buf.length > 64 << 20) this.buf = Buffer.alloc(0);
  }

  /** Parse one request from the start of the buffer; bytes used, or 0 when incomplete. */
  private one(): number {
    const b = this.buf;
    const fields: string[] = [];
    let pos = 0;
    const next = (): boolean => {
      const z = b.indexOf(0, pos);
      if (z < 0) return false;
      fields.push(b.subarray(pos, z).toString('utf8'));
      pos = z + 1;
      return true;
    };
    if (!next()) return 0;
    const kind = fields[0];
    const want = kind === 'Q' ? 8 : kind === 'W' || kind === 'S' ? 5 : kind === 'E' || kind === 'D' ? 4 : 0;
    if (!want) {
      // Not a request: skip to the next field.
      return pos;
    }
    while (fields.length < want) if (!next()) return 0;
    const [, seq = '', nonce = ''] = fields;
    if (kind === 'Q') {
      this.emit({ kind, seq, nonce, pwd: fields[3]!, line: fields[4]!, expanded: fields[5]!, running: fields[6] !== '0' && fields[6] !== '', defs: fields[7]! });
      return pos;
    }
    if (kind === 'D') {
      this.emit({ kind, seq, nonce, defs: fields[3]! });
      return pos;
    }
    if (kind === 'S') {
      this.emit({ kind, seq, nonce, records: fields[3]!, declareF: fields[4]! });
      return pos;
    }
    if (kind === 'W') {
      this.emit({ kind, seq, nonce, id: fields[3]!, line: fields[4]! });
      return pos;
    }
    const format = fields[3]!;
    if (format === 'z') {
      const recs: string[] = [];
      for (;;) {
        const z = b.indexOf(0, pos);
        if (z < 0) return 0;
        const rec = b.subarray(pos, z).toString('utf8');
        pos = z + 1;
        if (rec === '') break;
        recs.push(rec);
      }
      this.emit({ kind: 'E', seq, nonce, env: this.parseEnv('z', recs.join('\0')) });
      return pos;
    }
    if (!next()) return 0;
    this.emit({ kind: 'E', seq, nonce, env: this.parseEnv('p', fields[4]!) });
    return pos;
  }
}
