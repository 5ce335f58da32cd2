// netcat's -e/-c by which netcat runs: traditional nc (Debian's nc.traditional, Hobbit's 1.10)
// runs `-e PROG` after connecting and `-c CMD` through /bin/sh; busybox nc runs `-e PROG ARGS...`;
// ncat reads -e/-c as its own (registry: ncat); OpenBSD nc reads -c as TLS and -e NAME as the TLS
// peer's name, running nothing. The program `nc`/`netcat` names is found on the line's PATH and
// read by the name its link resolves to; one that can't be found or told is read as traditional,
// so its command form pauses.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Embedded } from './embedded.js';
import { programFor, readItems } from '../programs/index.js';
import { codeValues, q } from './tools.js';
import type { Invocation, Word } from './types.js';
import { table } from '../own.js';

type Flavor = 'traditional' | 'openbsd' | 'ncat' | 'busybox';

const BY_NAME: Record<string, Flavor> = table({ 'nc.openbsd': 'openbsd', 'nc.traditional': 'traditional', ncat: 'ncat', busybox: 'busybox' });

/** The netcat `inv` runs, by the name of the file it resolves to. */
export function netcatFlavor(inv: Invocation): Flavor {
  const own = BY_NAME[inv.name];
  if (own) return own;
  const first = inv.argv[0]!;
  if (first.dynamic || inv.written?.files.size && [...inv.written.files.keys()].some((f) => path.basename(f) === path.basename(first.value))) return 'traditional';
  const file = first.value.includes('/') ? path.resolve(inv.cwd ?? '/', first.value) : onPath(inv, first.value);
  if (!file) return 'traditional';
  try {
    return BY_NAME[path.basename(realpathSync(file))] ?? 'traditional';
  } catch {
    return 'traditional';
  }
}

function onPath(inv: Invocation, name: string): string | undefined {
  const p = inv.vars.PATH;
  if (!p || inv.unknownVars?.some((v) => v === 'PATH' || v === '*')) return undefined;
  for (const d of p.split(':')) {
    if (!d.startsWith('/')) return undefined; // a relative directory: depends on where it runs
    if (existsSync(path.join(d, name))) return path.join(d, name);
  }
  return undefined;
}

const word = (w: Word | undefined): string | undefined => (w && !w.dynamic ? w.value : undefined);

export function netcatCode(inv: Invocation): Embedded[] {
  const args = inv.argv.slice(1);
  const flavor = netcatFlavor(inv);
  const how = `${inv.name} (${flavor} netcat)`;
  switch (flavor) {
    case 'openbsd': return [];
    case 'ncat': return codeValues(args, 'ncat').map((c) => ({ code: word(c), how: `${how} --sh-exec` }));
    case 'busybox': {
      // -e PROG [ARGS...] must come last: the rest of the line is the command.
      const e = args.findIndex((a) => a.value === '-e' || /^-[^-]*e$/.test(a.value));
      const cmd = e >= 0 ? args.slice(e + 1) : [];
      return cmd.length ? [{ code: cmd.some((w) => w.dynamic) ? undefined : cmd.map((w) => q(w.value)).join(' '), how: `${how} -e` }] : [];
    }
    default: {
      const out: Embedded[] = [];
      for (const it of readItems(args, programFor('nc.traditional'))) {
        if (!('opt' in it) || !it.value) continue;
        if (it.opt === '-c') out.push({ code: word(it.value), how: `${how} -c` });
        // -e PROG: exec'd with no arguments (a shell there reads the connection).
        else if (it.opt === '-e') out.push({ code: it.value.dynamic ? undefined : q(it.value.value), how: `${how} -e` });
      }
      return out;
    }
  }
}
