// The gate's sync marker in the shell's output: `ESC ] 6973 ; ID BEL`. It tells the session that
// everything the shell printed before the gate (OSC 633;E and C included) has gone out, so the panel
// comes after it. Markers are taken out of the stream; everything else passes unchanged. Only a
// chunk that ends inside a possible marker is held back, until the next chunk (or 30 ms).

const START = Buffer.from('\x1b]6973;', 'latin1');
const MAX_ID = 64;

export class MarkerFilter {
  private carry: Buffer | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onMarker: (id: string) => void,
    private readonly out: (b: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    for (;;) {
      const at = b.indexOf(START);
      if (at < 0) break;
      const bel = b.indexOf(0x07, at + START.length);
      if (bel < 0) {
        if (b.length - at - START.length <= MAX_ID) {
          // The rest of the marker is still on its way.
          if (at > 0) this.out(b.subarray(0, at));
          this.hold(b.subarray(at));
          return;
        }
        break;
      }
      const id = b.subarray(at + START.length, bel).toString('latin1');
      if (bel - at - START.length > MAX_ID || !/^[0-9a-f]+$/.test(id)) {
        // Not ours: pass it on.
        this.out(b.subarray(0, bel + 1));
        b = b.subarray(bel + 1);
        continue;
      }
      if (at > 0) this.out(b.subarray(0, at));
      b = b.subarray(bel + 1);
      this.onMarker(id);
    }
    // A chunk that ends with the first bytes of a marker: hold those bytes.
    const keep = partialTail(b);
    if (keep) {
      if (b.length > keep) this.out(b.subarray(0, b.length - keep));
      this.hold(b.subarray(b.length - keep));
      return;
    }
    if (b.length) this.out(b);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.carry?.length) this.out(this.carry);
    this.carry = undefined;
  }

  private hold(b: Buffer): void {
    this.carry = Buffer.from(b);
    this.timer = setTimeout(() => this.flush(), 30);
  }
}

/** How many bytes at the end of b are a proper prefix of the marker start. */
function partialTail(b: Buffer): number {
  const max = Math.min(START.length - 1, b.length);
  // Almost every chunk has no ESC near its end: one scan, no copies.
  if (b.lastIndexOf(0x1b, b.length - 1) < b.length - max) return 0;
  for (let k = max; k > 0; k--) {
    if (b.subarray(b.length - k).equals(START.subarray(0, k))) return k;
  }
  return 0;
}
