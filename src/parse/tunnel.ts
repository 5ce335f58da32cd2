// Tunnels a command opens (`opens-tunnel`, src/programs/builtin.ts): the local ends (ports, socket
// paths) that lead to another machine. Read by the targets (a loopback database after `ssh -L`) and
// by the HTTP rules (a loopback URL after `kubectl port-forward`).
import type { Invocation } from './types.js';
import { BUILTIN, readItems } from '../programs/index.js';

/** Any loopback port may be the tunnel's end. */
export const ANY_TUNNEL_END = '*';
const ANY = ANY_TUNNEL_END;

/** The local ends (ports, socket paths, or ANY) of the tunnel `inv` opens; undefined: none. */
export function tunnelEnds(inv: Invocation): string[] | undefined {
  const fwd = containerForwarder(inv);
  if (fwd) return fwd;
  const spec = BUILTIN[inv.name];
  const t = spec?.['opens-tunnel'];
  if (!t) return undefined;
  const items = readItems(inv.argv.slice(1), spec);
  const ends: string[] = [];
  if (t['ssh-after']) {
    const words = items.flatMap((it) => ('pos' in it ? [it.pos.value] : []));
    const dd = inv.argv.findIndex((w) => w.value === '--');
    if (dd > 0 && t['ssh-after'].some((path) => words.some((_, k) => path.every((p, j) => words[k + j] === p)))) {
      const after = inv.argv.slice(dd + 1);
      after.forEach((w, k) => {
        const next = after[k + 1];
        if (w.value === '-L' && next) ends.push(next.dynamic ? ANY : forwardEnd(next.value));
        else if (/^-L./.test(w.value)) ends.push(w.dynamic ? ANY : forwardEnd(w.value.slice(2)));
        else if (w.value === '-o' && next && /^LocalForward[= ]/i.test(next.value)) ends.push(next.dynamic ? ANY : forwardEnd(next.value.replace(/^LocalForward[= ]\s*/i, '').split(/\s+/)[0]!));
      });
      if (ends.length) return ends;
    }
  }
  if (t.forward) {
    for (const it of items) {
      if (!('opt' in it) || !it.value) continue;
      const v = it.value;
      const local = t.forward.includes(it.opt) ? v.value : it.opt === '-o' && /^LocalForward[= ]/i.test(v.value) ? v.value.replace(/^LocalForward[= ]\s*/i, '').split(/\s+/)[0]! : undefined;
      if (local === undefined) continue;
      ends.push(v.dynamic ? ANY : forwardEnd(local));
    }
    return ends.length ? ends : undefined;
  }
  const pos = items.flatMap((it) => ('pos' in it ? [it.pos] : []));
  let from = 0;
  if (t.sub) {
    const words = pos.map((w) => w.value);
    const at = t.sub.map((path) => words.findIndex((_, k) => path.every((p, j) => words[k + j] === p))).find((k) => k >= 0);
    if (at === undefined || at < 0) return undefined;
    from = at + (t.sub.find((path) => path.every((p, j) => words[at + j] === p))?.length ?? 0);
  }
  for (const it of items) {
    if ('opt' in it && it.value && t.port?.includes(it.opt)) ends.push(it.value.dynamic ? ANY : (/(\d+)\s*$/.exec(it.value.value)?.[1] ?? ANY));
  }
  for (const w of pos.slice(from)) {
    if (w.dynamic) continue;
    const m = /^(\d*):\d+$|^(\d+)$/.exec(w.value) ?? /LISTEN:(\d+)/i.exec(w.value);
    if (m) ends.push(m[1] || m[2] || ANY);
  }
  return ends.length ? ends : [ANY];
}

/** ssh's -L spec: `[bind:]port:host:hostport`, `[bind:]port:remote_socket`, `local_socket:…`. */
function forwardEnd(spec: string): string {
  const f = spec.replace(/\[[^\]]*\]/g, 'v6').split(':');
  if (f[0]!.startsWith('/')) return f[0]!;
  const num = f.slice(0, 2).find((x) => /^\d+$/.test(x));
  return num ?? ANY;
}

/** `docker run -p 55432:5432 alpine/socat tcp-listen:5432,fork tcp:db.prod:5432`: a container
 *  whose image or command is socat forwards what reaches its published ports elsewhere (the
 *  image's entrypoint runs socat, so no socat command is seen on the line). Its host ports. */
function containerForwarder(inv: Invocation): string[] | undefined {
  if (!/^(docker|podman|nerdctl)$/.test(inv.name)) return undefined;
  const a = inv.argv.slice(1);
  const at = a[0]?.value === 'run' ? 1 : a[0]?.value === 'container' && a[1]?.value === 'run' ? 2 : -1;
  if (at < 0 || !a.slice(at).some((w) => /socat/i.test(w.value))) return undefined;
  const ends: string[] = [];
  for (let i = at; i < a.length; i++) {
    const w = a[i]!;
    const val = w.value === '-p' || w.value === '--publish' ? a[++i] : /^(?:--publish=|-p)(.+)$/.test(w.value) ? { ...w, value: w.value.replace(/^(?:--publish=|-p)/, '') } : undefined;
    if (!val) continue;
    // [ip:]hostPort:containerPort[/proto]: the host's port.
    const f = val.value.replace(/\/\w+$/, '').split(':');
    ends.push(val.dynamic || f.length < 2 ? ANY : (f[f.length - 2] || ANY));
  }
  return ends.length ? ends : undefined;
}
