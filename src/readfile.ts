// Reading a file an agent could have put there (a team file, a startup file, a repository's
// .git/index, a kubeconfig): a FIFO blocks a plain readFileSync until someone writes to it, and
// /dev/zero never ends, so one `mkfifo` or `ln -s /dev/zero` would hang every later check until
// the agent's own hook timeout lets the command run. Keep this module free of heavy imports.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A regular file's bytes. Anything else (a FIFO, a device, a socket, a directory) and a file
 *  larger than `max` are refused, with an error whose code is ENOTREG or EFBIG, before a byte is
 *  read. Opened non-blocking and checked on the open descriptor: a FIFO swapped in after a check
 *  by path can't make the read block. Other errors (ENOENT, EACCES) pass through. */
export function readRegular(file: string, max: number): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
    if (st.size > max) throw Object.assign(new Error(`${file} is larger than ${max >> 10} KB`), { code: 'EFBIG' });
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    // Only the size seen: a file that keeps growing is read up to there.
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** readRegular as UTF-8 text. */
export function readRegularText(file: string, max: number): string {
  return readRegular(file, max).toString('utf8');
}
