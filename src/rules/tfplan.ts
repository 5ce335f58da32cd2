// What a saved Terraform/OpenTofu plan would do when applied: `terraform apply PLANFILE`. The plan
// is a zip whose `tfplan` entry is protobuf (internal/plans/planproto/planfile.proto): Plan.ui_mode
// (17) is DESTROY for `plan -destroy`; each resource change (3, and deferred ones in 27) carries
// Change.action (field 9 → 1). A file that can't be read or parsed is unknown: fail closed.
import { statSync } from 'node:fs';
import { readRegular } from '../readfile.js';
import { isAbsolute, resolve } from 'node:path';
import { zlib } from '../lazy.js';

const MAX_PLAN = 64 * 1024 * 1024;
const DESTROY_MODE = 1;
// DELETE, DELETE_THEN_CREATE, CREATE_THEN_DELETE.
const DESTROYING = new Set([5, 6, 7]);

export type PlanVerdict = { destroys: string } | { safe: true } | { unknown: string };

type Field = { n: number; v: number | Buffer };

function varint(b: Buffer, at: { i: number }): number {
  let x = 0;
  let mul = 1;
  for (let k = 0; k < 10; k++) {
    if (at.i >= b.length) throw new Error('truncated');
    const byte = b[at.i++]!;
    x += (byte & 0x7f) * mul;
    if (!(byte & 0x80)) return x;
    mul *= 128;
  }
  throw new Error('bad varint');
}

function fields(b: Buffer): Field[] {
  const out: Field[] = [];
  const at = { i: 0 };
  while (at.i < b.length) {
    const tag = varint(b, at);
    const n = Math.floor(tag / 8);
    switch (tag & 7) {
      case 0: out.push({ n, v: varint(b, at) }); break;
      case 1: at.i += 8; break;
      case 5: at.i += 4; break;
      case 2: {
        const len = varint(b, at);
        if (at.i + len > b.length) throw new Error('truncated');
        out.push({ n, v: b.subarray(at.i, at.i + len) });
        at.i += len;
        break;
      }
      default: throw new Error('bad wire type');
    }
    if (at.i > b.length) throw new Error('truncated');
  }
  return out;
}

const msg = (f: Field[], n: number): Buffer[] => f.filter((x) => x.n === n && Buffer.isBuffer(x.v)).map((x) => x.v as Buffer);
const num = (f: Field[], n: number): number | undefined => f.find((x) => x.n === n && typeof x.v === 'number')?.v as number | undefined;

/** The `tfplan` entry of the zip, through its central directory (Go writes data descriptors). */
function zipEntry(zip: Buffer, name: string): Buffer {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip directory');
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const skip = nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (zip.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return zlib().inflateRawSync(data, { maxOutputLength: MAX_PLAN });
      throw new Error(`compression method ${method}`);
    }
    p += 46 + skip;
  }
  throw new Error(`no ${name} in it`);
}

function changeDestroys(ric: Buffer): string | undefined {
  const f = fields(ric);
  const action = msg(f, 9).map((c) => num(fields(c), 1) ?? 0)[0];
  if (action === undefined || !DESTROYING.has(action)) return undefined;
  const addr = msg(f, 13)[0]?.toString('utf8') ?? 'a resource';
  return `${action === 5 ? 'destroys' : 'replaces'} ${addr}`;
}

/** Read the plan at `p` (relative to `cwd`). */
export function readPlan(p: string, cwd: string | undefined): PlanVerdict {
  const full = isAbsolute(p) ? p : cwd === undefined ? undefined : resolve(cwd, p);
  if (!full) return { unknown: `can't tell which directory ${p} is relative to` };
  let zip: Buffer;
  try {
    const st = statSync(full);
    if (!st.isFile()) return { unknown: `${p} is not a plan file` };
    if (st.size > MAX_PLAN) return { unknown: `${p} is larger than 64 MB` };
    zip = readRegular(full, MAX_PLAN);
  } catch {
    return { unknown: `${p} doesn't exist yet (a plan made earlier on this line can't be read)` };
  }
  try {
    const plan = fields(zipEntry(zip, 'tfplan'));
    if (num(plan, 17) === DESTROY_MODE) return { destroys: `${p} is a destroy plan (plan -destroy)` };
    const changes = [...msg(plan, 3), ...msg(plan, 27).flatMap((d) => msg(fields(d), 2))];
    const hits = changes.map(changeDestroys).filter((x): x is string => !!x);
    if (hits.length) return { destroys: `${p} ${hits.slice(0, 3).join(', ')}${hits.length > 3 ? ` and ${hits.length - 3} more` : ''}` };
    return { safe: true };
  } catch (e) {
    return { unknown: `${p} can't be read as a plan (${(e as Error).message})` };
  }
}
