// `docker run -v ./data:/x alpine rm -rf /x`: a host directory mounted into a container and
// changed there. The command run in the container is walked with the mount targets rewritten to
// the host paths they stand for, so the path rules judge the host files it touches. Only when the
// command names a mount (or runs in one): paths inside the container's own filesystem are not the
// host's. A client of something outside the container (psql, aws, restic) is walked whatever it
// mounts: `docker run --rm postgres psql "$URL" -c 'DROP TABLE t'` drops the same table from there.
import path from 'node:path';
import { builtinActs, lookup, programFor, type ProgramSpec, type Registry } from '../programs/index.js';
import type { Word } from './types.js';

/** The engine's entry when `name run IMAGE CMD` runs CMD in a container (registry: `runs-containers`). */
function engine(name: string): ProgramSpec | undefined {
  const spec = programFor(name);
  return spec?.['runs-containers'] ? spec : undefined;
}

export interface ContainerRun {
  inner: Word[];
  /** Mount target in the container -> host path (absolute), longest target first. */
  mounts: Array<{ target: string; host: string }>;
  /** The container's working directory mapped to the host, when it is under a mount. */
  cwd?: string;
  /** A mount source only known at run time. */
  dynamicMount: boolean;
}

/** `docker [container] run ...` with a command; undefined for any other form. */
export function containerRun(name: string, argv: Word[], cwd: string | undefined, home: string | undefined): ContainerRun | undefined {
  const spec = engine(name);
  if (!spec) return undefined;
  const globals = new Set(spec['value-options']);
  let i = 1;
  while (i < argv.length && argv[i]!.value.startsWith('-')) i += globals.has(argv[i]!.value) ? 2 : 1;
  // An option the registry doesn't know may take a value (`docker -l debug run`).
  const SUBS = /^(run|container|compose)$/;
  if (i > 1 && !SUBS.test(argv[i]?.value ?? '') && /^-[^=]*$/.test(argv[i - 1]!.value) && SUBS.test(argv[i + 1]?.value ?? '')) i++;
  if (argv[i]?.value === 'container') i++;
  // `docker compose [-f file -p name] run [opts] SERVICE cmd`: the service stands where the image does.
  if (argv[i]?.value === 'compose') {
    const compose = new Set(programFor('docker-compose')?.wraps?.globalWithArg);
    for (i++; i < argv.length && argv[i]!.value.startsWith('-'); i++) if (compose.has(argv[i]!.value)) i++;
  }
  if (argv[i]?.value !== 'run') return undefined;
  const runOpts = new Set(spec.subcommands?.run?.['value-options']);
  const mounts: ContainerRun['mounts'] = [];
  let workdir: string | undefined;
  let entrypoint: Word | undefined;
  let dynamicMount = false;
  for (i++; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a.value;
    if (v === '--') { i++; break; }
    if (!v.startsWith('-') || v === '-') break;
    const eq = v.startsWith('--') ? v.indexOf('=') : -1;
    const opt = eq > 0 ? v.slice(0, eq) : /^-[a-zA-Z]/.test(v) && !v.startsWith('--') && v.length > 2 && runOpts.has(v.slice(0, 2)) ? v.slice(0, 2) : v;
    if (!runOpts.has(opt)) continue;
    const val: Word | undefined = eq > 0 ? { ...a, value: v.slice(eq + 1) } : opt !== v ? { ...a, value: v.slice(2) } : argv[++i];
    if (!val) break;
    if (opt === '-v' || opt === '--volume' || opt === '--mount') {
      const m = opt === '--mount' ? mountSpec(val.value) : volumeSpec(val.value);
      if (!m) continue;
      // -v "$(pwd)":/app is the directory the command runs in.
      const source = val.dynamic && cwd ? m.source.replace(/^(\$\(pwd( -[LP])?\)|`pwd`)/, cwd) : m.source;
      if (val.dynamic && /[$`]/.test(source)) { dynamicMount = true; continue; }
      const host = hostPath(source, cwd, home);
      if (host) mounts.push({ target: path.posix.normalize(m.target).replace(/\/+$/, '') || '/', host });
    } else if (opt === '-w' || opt === '--workdir') workdir = val.dynamic ? undefined : val.value;
    else if (opt === '--entrypoint') entrypoint = val;
  }
  const image = argv[i];
  if (!image) return undefined;
  const rest = argv.slice(i + 1);
  const cli = entrypoint || image.dynamic ? undefined : ENTRYPOINTS[imageName(image.value)];
  const inner = entrypoint ? [entrypoint, ...rest] : cli && path.posix.basename(rest[0]?.value ?? '') !== cli ? [{ ...image, value: cli, text: cli }, ...rest] : rest;
  if (!inner.length) return undefined;
  mounts.sort((x, y) => y.target.length - x.target.length);
  return { inner, mounts, cwd: workdir ? toHost(workdir, mounts) : undefined, dynamicMount };
}

// Images whose entrypoint is a CLI, so the words after the image are its arguments:
// `docker run amazon/aws-cli s3 rb s3://b --force` runs `aws s3 rb s3://b --force`.
const ENTRYPOINTS: Record<string, string> = {
  'amazon/aws-cli': 'aws', 'public.ecr.aws/aws-cli/aws-cli': 'aws', 'restic/restic': 'restic', 'rclone/rclone': 'rclone',
  'minio/mc': 'mc', 'bitnami/kubectl': 'kubectl', 'hashicorp/terraform': 'terraform', 'velero/velero': 'velero', 'kopia/kopia': 'kopia',
};

/** `docker.io/library/x:tag@sha256:...` -> `x`. */
function imageName(ref: string): string {
  return ref.replace(/@[^/]*$/, '').replace(/:[^/:]*$/, '').replace(/^docker\.io\//, '').replace(/^library\//, '');
}

const LOCAL_KINDS = new Set(['filesystem', 'docker', 'git']);

/** Does the container's command act on something outside the container (a database, a cloud, a
 *  backup repository a pack describes), not on the container's own files? */
export function actsOutside(run: ContainerRun, programs?: Registry): boolean {
  const first = run.inner[0];
  if (!first || first.dynamic) return false;
  const name = path.posix.basename(first.value);
  const kind = builtinActs(name)?.kind;
  if (kind) return !LOCAL_KINDS.has(kind);
  return !!(programs && lookup(name, programs));
}

function volumeSpec(v: string): { source: string; target: string } | undefined {
  const parts = v.split(':');
  if (parts.length < 2) return undefined; // an anonymous volume
  const [source, target] = parts as [string, string];
  // A named volume has no slash and isn't a relative path.
  if (!/^[/.~]|\$/.test(source)) return undefined;
  return { source, target };
}

function mountSpec(v: string): { source: string; target: string } | undefined {
  const kv = new Map(v.split(',').map((p) => { const e = p.indexOf('='); return [e < 0 ? p : p.slice(0, e), e < 0 ? '' : p.slice(e + 1)] as [string, string]; }));
  if ((kv.get('type') ?? 'volume') !== 'bind') return undefined;
  const source = kv.get('source') ?? kv.get('src');
  const target = kv.get('target') ?? kv.get('destination') ?? kv.get('dst');
  return source && target ? { source, target } : undefined;
}

function hostPath(p: string, cwd: string | undefined, home: string | undefined): string | undefined {
  if (p === '~' || p.startsWith('~/')) return home ? path.join(home, p.slice(1)) : undefined;
  if (path.isAbsolute(p)) return path.normalize(p);
  return cwd ? path.resolve(cwd, p) : undefined;
}

/** A container path under a mount, as the host path; undefined when it isn't under one. */
export function toHost(p: string, mounts: ContainerRun['mounts']): string | undefined {
  for (const m of mounts) {
    if (p === m.target) return m.host;
    if (m.target === '/' || p.startsWith(m.target + '/')) return path.posix.join(m.host, p.slice(m.target === '/' ? 0 : m.target.length));
  }
  return undefined;
}

/** Replace mount targets in a word (or in shell code inside it) by their host paths. */
export function rewriteMounts(s: string, mounts: ContainerRun['mounts']): string {
  let out = s;
  for (const m of mounts) {
    if (m.target === '/') continue;
    const re = new RegExp(`(^|[\\s'"=:;(|&])${m.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[/\\s'";)|&*])`, 'g');
    out = out.replace(re, (_x, pre: string) => pre + m.host);
  }
  return out;
}

/** Whether the command touches a mount: names a target or runs inside one. */
export function touchesMount(run: ContainerRun): boolean {
  return !!run.cwd || run.mounts.some((m) => m.target !== '/' && run.inner.some((w) => rewriteMounts(w.value, [m]) !== w.value)) || run.mounts.some((m) => m.target === '/');
}
