// `docker run -v ./data:/x alpine rm -rf /x`: a host directory mounted into a container and
// changed there. The command run in the container is walked with the mount targets rewritten to
// the host paths they stand for, so the path rules judge the host files it touches. Only when the
// command names a mount (or runs in one): paths inside the container's own filesystem are not the
// host's. A program that acts over the network (an HTTP or database client, a platform CLI) acts
// the same from inside: it is walked whatever it touches, also when the image's entrypoint is the
// program (`docker run curlimages/curl -X DELETE URL`, `docker run amazon/aws-cli s3 rb ...`) and
// in `kubectl run --image=... -- ARGS`: `docker run --rm postgres psql "$URL" -c 'DROP TABLE t'`
// drops the same table from there.
import path from 'node:path';
import { builtinActs, lookup, programFor, type ProgramSpec, type Registry } from '../programs/index.js';
import type { Invocation, Word } from './types.js';
import { yaml } from '../lazy.js';
import { table } from '../own.js';

/** The engine's entry when `name run IMAGE CMD` runs CMD in a container (registry: `runs-containers`). */
function engine(name: string): ProgramSpec | undefined {
  const spec = programFor(name);
  return spec?.['runs-containers'] ? spec : undefined;
}

export interface ContainerRun {
  inner: Word[];
  /** The inner program acts over the network: walked even without mounts. */
  remote?: boolean;
  /** Mount target in the container -> host path (absolute), longest target first. */
  mounts: Array<{ target: string; host: string }>;
  /** The container's working directory mapped to the host, when it is under a mount. */
  cwd?: string;
  /** A mount source only known at run time. */
  dynamicMount: boolean;
  /** `docker compose run`: the service also gets the compose file's volumes and environment. */
  compose?: boolean;
  /** Named volumes mounted writable (`-v pgdata:/b`, `--mount type=volume,src=pgdata,dst=/b`). */
  volumes: Array<{ name: string; target: string }>;
  /** The engine's words before `run` (its global options: -H, --context), to name a volume on
   *  the same engine. */
  engineArgs: Word[];
  /** The container's working directory as given (-w). */
  workdir?: string;
  /** `--volumes-from C`: the containers whose volumes it mounts, where they mount them. */
  volumesFrom?: Word[];
  /** `--pid=host`: the host's processes are visible, so `nsenter -t 1` reaches the host. */
  hostPid?: boolean;
  /** A container engine's socket is mounted (`-v /var/run/docker.sock:/var/run/docker.sock`): a
   *  docker or podman client inside drives the host's engine, its volumes and containers. */
  engineSocket?: boolean;
  /** --privileged, --device, --cap-add, --pid, --ipc, --userns, --security-opt: the command may
   *  reach the host's devices or processes, not only its mounts. */
  hostAccess?: boolean;
}

/** `docker [container] run ...` with a command; undefined for any other form. */
/** `docker compose [globals] exec SERVICE ...` (docker-compose, podman compose): a service of
 *  the project's compose file, where the project is usually mounted or built in. */
export function composeExec(name: string, argv: Word[]): boolean {
  let i = 1;
  if (name === 'docker' || name === 'podman') {
    const spec = engine(name);
    const globals = new Set(spec?.['value-options']);
    while (i < argv.length && argv[i]!.value.startsWith('-')) i += globals.has(argv[i]!.value) ? 2 : 1;
    if (argv[i]?.value !== 'compose') return false;
    i++;
  } else if (name !== 'docker-compose' && name !== 'podman-compose') return false;
  const compose = new Set(programFor('docker-compose')?.wraps?.globalWithArg);
  for (; i < argv.length && argv[i]!.value.startsWith('-') && !argv[i]!.dynamic; i++) if (compose.has(argv[i]!.value)) i++;
  return argv[i]?.value === 'exec' && !argv[i]!.dynamic;
}

export function containerRun(name: string, argv: Word[], cwd: string | undefined, home: string | undefined): ContainerRun | undefined {
  const spec = engine(name);
  if (!spec) return undefined;
  const globals = new Set(spec['value-options']);
  let i = 1;
  while (i < argv.length && argv[i]!.value.startsWith('-')) i += globals.has(argv[i]!.value) ? 2 : 1;
  // An option the registry doesn't know may take a value (`docker -l debug run`).
  const SUBS = /^(run|container|compose)$/;
  if (i > 1 && !SUBS.test(argv[i]?.value ?? '') && /^-[^=]*$/.test(argv[i - 1]!.value) && SUBS.test(argv[i + 1]?.value ?? '')) i++;
  const engineArgs = argv.slice(1, i).filter((w) => !/^(run|container|compose)$/.test(w.value));
  if (argv[i]?.value === 'container') i++;
  // `docker compose [-f file -p name] run [opts] SERVICE cmd`: the service stands where the image does.
  const isCompose = argv[i]?.value === 'compose';
  if (isCompose) {
    const compose = new Set(programFor('docker-compose')?.wraps?.globalWithArg);
    for (i++; i < argv.length && argv[i]!.value.startsWith('-'); i++) if (compose.has(argv[i]!.value)) i++;
  }
  if (argv[i]?.value !== 'run') return undefined;
  const runOpts = new Set(spec.subcommands?.run?.['value-options']);
  const mounts: ContainerRun['mounts'] = [];
  let workdir: string | undefined;
  let entrypoint: Word | undefined;
  let dynamicMount = false;
  const volumes: ContainerRun['volumes'] = [];
  const volumesFrom: Word[] = [];
  let hostPid = false;
  let engineSocket = false;
  let hostAccess = false;
  for (i++; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a.value;
    if (v === '--') { i++; break; }
    if (!v.startsWith('-') || v === '-') break;
    if (a.dynamic || /^--(privileged|device|cap-add|pid|ipc|userns|security-opt|cgroupns)(=|$)/.test(v)) hostAccess = true;
    const eq = v.startsWith('--') ? v.indexOf('=') : -1;
    const opt = eq > 0 ? v.slice(0, eq) : /^-[a-zA-Z]/.test(v) && !v.startsWith('--') && v.length > 2 && runOpts.has(v.slice(0, 2)) ? v.slice(0, 2) : v;
    if (!runOpts.has(opt)) continue;
    const val: Word | undefined = eq > 0 ? { ...a, value: v.slice(eq + 1) } : opt !== v ? { ...a, value: v.slice(2) } : argv[++i];
    if (!val) break;
    if (opt === '-v' || opt === '--volume' || opt === '--mount') {
      const named = val.dynamic ? undefined : namedVolume(val.value, opt === '--mount');
      if (named) volumes.push(named);
      const m = opt === '--mount' ? mountSpec(val.value) : volumeSpec(val.value);
      if (!m) continue;
      if (ENGINE_SOCKET.test(m.target) || ENGINE_SOCKET.test(m.source)) engineSocket = true;
      // -v "$(pwd)":/app is the directory the command runs in.
      const source = val.dynamic && cwd ? m.source.replace(/^(\$\(pwd( -[LP])?\)|`pwd`)/, cwd) : m.source;
      if (val.dynamic && /[$`]/.test(source)) { dynamicMount = true; continue; }
      const host = hostPath(source, cwd, home);
      if (host) mounts.push({ target: path.posix.normalize(m.target).replace(/\/+$/, '') || '/', host });
    } else if (opt === '--volumes-from') volumesFrom.push(val.dynamic ? val : { ...val, value: val.value.replace(/:(ro|rw)$/, '') });
    else if (opt === '--pid') hostPid ||= val.dynamic || val.value === 'host';
    else if (opt === '-w' || opt === '--workdir') workdir = val.dynamic ? undefined : val.value;
    else if (opt === '--entrypoint') entrypoint = val;
  }
  const image = argv[i];
  if (!image) return undefined;
  const inner = withEntrypoint(image, entrypoint, argv.slice(i + 1));
  if (!inner.length) return undefined;
  mounts.sort((x, y) => y.target.length - x.target.length);
  return { inner, mounts, cwd: workdir ? toHost(workdir, mounts) : undefined, dynamicMount, remote: isRemote(inner), ...(isCompose ? { compose: true } : {}), volumes, engineArgs, ...(workdir ? { workdir } : {}), ...(volumesFrom.length ? { volumesFrom } : {}), ...(hostPid ? { hostPid } : {}), ...(engineSocket ? { engineSocket } : {}), ...(hostAccess ? { hostAccess } : {}) };
}

// A container engine's API socket (docker's, podman's, containerd's through nerdctl).
const ENGINE_SOCKET = /(^|\/)(docker|podman|containerd)\.sock$/;

/** `kubectl run NAME --image=IMG [--command] -- ARGS`: the pod's command (ARGS after the image's
 *  entrypoint, or ARGS alone with --command), when it acts over the network. */
export function podRun(name: string, argv: Word[]): Word[] | undefined {
  if (!/^(kubectl|oc|kubecolor)$/.test(name) || argv[1]?.value !== 'run') return undefined;
  const dd = argv.findIndex((w) => w.value === '--');
  if (dd < 0) return undefined;
  const opts = argv.slice(2, dd);
  const at = opts.findIndex((w) => w.value === '--image');
  const eq = opts.find((w) => w.value.startsWith('--image='));
  const image = at >= 0 ? opts[at + 1] : eq && { ...eq, value: eq.value.slice('--image='.length) };
  const rest = argv.slice(dd + 1);
  const inner = opts.some((w) => w.value === '--command') || !image ? rest : withEntrypoint(image, undefined, rest);
  return inner.length && isRemote(inner) ? inner : undefined;
}

// Images whose entrypoint is a client or CLI, so the words after the image are its arguments:
// `docker run amazon/aws-cli s3 rb s3://b --force` runs `aws s3 rb s3://b --force`.
const ENTRYPOINTS: Record<string, string> = table({
  'curlimages/curl': 'curl', 'alpine/curl': 'curl', 'appropriate/curl': 'curl', 'byrnedo/alpine-curl': 'curl', 'alpine/httpie': 'http',
  'amazon/aws-cli': 'aws', 'public.ecr.aws/aws-cli/aws-cli': 'aws', 'restic/restic': 'restic', 'rclone/rclone': 'rclone',
  'minio/mc': 'mc', 'bitnami/kubectl': 'kubectl', 'rancher/kubectl': 'kubectl', 'hashicorp/terraform': 'terraform', 'velero/velero': 'velero', 'kopia/kopia': 'kopia',
  'alpine/helm': 'helm', 'flyio/flyctl': 'flyctl', 'digitalocean/doctl': 'doctl',
  // Registry clients (rulesets/registries.yaml): their images' entrypoint is the CLI.
  'gcr.io/go-containerregistry/crane': 'crane', 'gcr.io/go-containerregistry/gcrane': 'crane', 'quay.io/skopeo/stable': 'skopeo',
  'ghcr.io/oras-project/oras': 'oras', 'ghcr.io/regclient/regctl': 'regctl', 'regclient/regctl': 'regctl',
});

/** `docker.io/library/x:tag@sha256:...` -> `x`. */
function imageName(ref: string): string {
  return ref.replace(/@[^/]*$/, '').replace(/:[^/:]*$/, '').replace(/^docker\.io\//, '').replace(/^library\//, '');
}

// Programs whose effect is over the network: the same from a container as from the host.
const REMOTE = /^(curl|wget|wget2|http|https|xh|xhs|curlie|httpx|hurl|awscurl|grpcurl|psql|mysql|mariadb|mongosh|mongo|redis-cli|valkey-cli|keydb-cli|clickhouse-client|cqlsh|sqlcmd|gh|glab|aws|gcloud|gsutil|bq|az|doctl|fly|flyctl|heroku|vercel|netlify|railway|supabase|neonctl|pscale|wrangler|turso|upstash|kubectl|helm|terraform|tofu|pulumi|crane|skopeo|oras|regctl)$/;

function withEntrypoint(image: Word, entrypoint: Word | undefined, rest: Word[]): Word[] {
  if (entrypoint) return [entrypoint, ...rest];
  const cli = image.dynamic ? undefined : ENTRYPOINTS[imageName(image.value)];
  // `docker run amazon/aws-cli aws s3 ...` names the entrypoint again: once is enough.
  return cli && rest.length && path.posix.basename(rest[0]!.value) !== cli ? [{ ...image, value: cli, text: cli }, ...rest] : rest;
}

function isRemote(inner: Word[]): boolean {
  const w = inner[0];
  return !!w && !w.dynamic && REMOTE.test(w.value.split('/').pop()!);
}

const LOCAL_KINDS = new Set(['filesystem', 'docker', 'git']);

/** Does the container's command act on something outside the container (a database, a cloud, a
 *  backup repository a pack describes), not on the container's own files? */
export function actsOutside(run: ContainerRun, programs?: Registry): boolean {
  if (run.remote) return true;
  const first = run.inner[0];
  if (!first || first.dynamic) return false;
  const name = path.posix.basename(first.value);
  const kind = builtinActs(name)?.kind;
  // The host's engine socket mounted: `docker volume rm` inside removes the host's volume.
  if (kind === 'docker' && run.engineSocket) return true;
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

/** A writable named volume: `NAME:/target[:opts]` or `type=volume,src=NAME,dst=/target` (the
 *  default type). Anonymous volumes, binds, tmpfs and read-only mounts are not. */
function namedVolume(v: string, mount: boolean): { name: string; target: string } | undefined {
  if (mount) {
    const kv = new Map(v.split(',').map((p) => { const e = p.indexOf('='); return [e < 0 ? p : p.slice(0, e), e < 0 ? 'true' : p.slice(e + 1)] as [string, string]; }));
    const name = kv.get('source') ?? kv.get('src');
    const target = kv.get('target') ?? kv.get('destination') ?? kv.get('dst');
    const ro = ['readonly', 'ro'].some((k) => kv.has(k) && !/^(false|0)$/i.test(kv.get(k)!));
    if ((kv.get('type') ?? 'volume') !== 'volume' || !name || !target || ro) return undefined;
    return { name, target: path.posix.normalize(target).replace(/\/+$/, '') || '/' };
  }
  const parts = v.split(':');
  if (parts.length < 2 || /^[/.~]|\$/.test(parts[0]!) || !parts[0] || !parts[1]!.startsWith('/')) return undefined;
  if (parts[2] && parts[2].split(',').some((o) => o === 'ro' || o === 'readonly')) return undefined;
  return { name: parts[0]!, target: path.posix.normalize(parts[1]!).replace(/\/+$/, '') || '/' };
}

/** Does this invocation (run in a container) delete, empty or overwrite files under `target`?
 *  rm/rmdir/unlink/shred/truncate of a path there, find there with -delete or -exec, mv from
 *  there, rsync --delete or dd of= into there, a `>` redirection onto a file there. */
export function emptiesPath(inv: Invocation, target: string): string | undefined {
  // A path only known at run time (or relative to a directory that is) may be under the mount; a
  // recursive delete of a directory above it (`rm -rf /*`, `find / -delete`) empties it too.
  const under = (w: Word | undefined, ancestors = false): boolean => {
    if (!w) return false;
    if (w.dynamic || (!w.value.startsWith('/') && inv.cwd === undefined)) return true;
    const p = path.posix.normalize(w.value.startsWith('/') ? w.value : path.posix.join(inv.cwd!, w.value)).replace(/\/+$/, '') || '/';
    if (target === '/' || p === target || p.startsWith(target + '/')) return true;
    const g = p.search(/[*?[]/);
    const dir = g < 0 ? p : p.slice(0, p.lastIndexOf('/', g)) || '/';
    return ancestors && (dir === '/' || target.startsWith(dir + '/'));
  };
  const name = path.posix.basename(inv.argv[0]?.value ?? '');
  const args = inv.argv.slice(1);
  const ops = args.filter((w) => !w.value.startsWith('-'));
  const recursive = name === 'find' || name === 'rsync' || (name === 'rm' && args.some((w) => /^(-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)$/.test(w.value)));
  const hit = (w: Word | undefined) => (w && under(w, recursive) ? `${name} ${w.dynamic ? w.text : w.value}` : undefined);
  // `xargs rm`: more operands come at run time.
  const more = inv.moreArgs ? [{ value: '', dynamic: true, glob: false, text: '(arguments from input)' }] : [];
  for (const r of inv.redirects) if (/^(>|>\||&>)$/.test(r.op) && under(r.target)) return `> ${r.target!.value}`;
  switch (name) {
    case 'rm': case 'rmdir': case 'unlink': case 'shred': case 'srm': case 'truncate':
      return [...ops, ...more].map(hit).find(Boolean);
    case 'find':
      return args.some((w) => /^-(delete|exec|execdir|ok|okdir)$/.test(w.value)) ? hit(args.find((w) => !w.value.startsWith('-'))) : undefined;
    case 'mv':
      return ops.slice(0, -1).map(hit).find(Boolean);
    case 'rsync':
      return args.some((w) => w.value.startsWith('--del')) ? hit(ops.at(-1)) : undefined;
    case 'dd':
      return hit(args.filter((w) => w.value.startsWith('of=')).map((w) => ({ ...w, value: w.value.slice(3) })).at(-1));
  }
  return undefined;
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

/** A mount target named in a word (or in shell code inside it), as a whole path or its start. */
const targetRe = (target: string): RegExp => new RegExp(`(^|[\\s'"=:;(|&])${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[/\\s'";)|&*])`, 'g');

/** Replace mount targets in a word (or in shell code inside it) by their host paths. */
export function rewriteMounts(s: string, mounts: ContainerRun['mounts']): string {
  let out = s;
  for (const m of mounts) {
    if (m.target === '/') continue;
    out = out.replace(targetRe(m.target), (_x, pre: string) => pre + m.host);
  }
  return out;
}

/** Whether the command touches a mount: names a target (also one mounted at its own host path,
 *  `-v /var:/var`) or runs inside one. */
export function touchesMount(run: ContainerRun): boolean {
  return !!run.cwd || run.mounts.some((m) => m.target !== '/' && run.inner.some((w) => targetRe(m.target).test(w.value) || abovePath(w.value, m.target))) || run.mounts.some((m) => m.target === '/');
}

/** A path in a word (or in shell code inside it) that is a directory above `target`, or a pattern
 *  whose fixed start is: `rm -rf /*` or `rm -rf /srv` with `-v ./data:/srv/in` empties the mount
 *  though it never names it (rt25fp1). */
function abovePath(s: string, target: string): boolean {
  for (const m of s.matchAll(/(?:^|[\s'"=;(|&])(\/[^\s'";)|&]*)/g)) {
    const p = m[1]!;
    const g = p.search(/[*?[]/);
    const dir = path.posix.normalize(g < 0 ? p : p.slice(0, p.lastIndexOf('/', g) + 1) || '/').replace(/(.)\/+$/, '$1');
    if (dir === '/' || target.startsWith(dir + '/')) return true;
  }
  return false;
}

/** `kubectl apply|create|replace -f -` (or `-f FILE`) of a Pod, Job, CronJob or workload whose
 *  containers name a command: the cluster runs it in a pod. Each one is returned as the same
 *  command run in that pod (`kubectl exec [-n NS] NAME -- CMD`), so it is judged like any command
 *  run inside a pod: a database client or platform CLI acts where it points; paths are the pod's.
 *  `text` reads a named file the line wrote (a manifest already on disk is the project's, left
 *  to its own review: its commands run in the pod, not here). A dry run starts nothing. */
export function podManifestCommands(inv: Invocation, text: (file: string) => string | null | undefined): Word[][] {
  if (!/^(kubectl|oc|kubecolor)$/.test(inv.name)) return [];
  const a = inv.argv;
  const sub = a.findIndex((w, i) => i > 0 && /^(apply|create|replace)$/.test(w.value));
  if (sub < 0) return [];
  // `--dry-run[=client|server]` only shows or validates the objects: no pod starts (rt27fp2).
  // `--dry-run=none` (or a value only known at run time) is a real apply.
  // The last one counts (`--dry-run=server --dry-run=none` applies).
  const dry = a.filter((w) => /^--dry-run(=|$)/.test(w.value) || (w.dynamic && w.text.includes('dry'))).pop();
  if (dry && !dry.dynamic && /^--dry-run(=(client|server|true))?$/.test(dry.value)) return [];
  const globals: Word[] = [];
  const sources: string[] = [];
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!.value;
    const f = v === '-f' || v === '--filename' ? a[++i] : /^(-f|--filename=)./.test(v) ? { ...a[i]!, value: v.replace(/^(-f=?|--filename=)/, '') } : undefined;
    if (f) {
      if (f.dynamic) continue;
      if (f.value === '-' || f.value === '/dev/stdin') {
        const s = inv.stdin;
        const t = s && s.kind !== 'file' ? s.text : s?.kind === 'file' && !s.path.dynamic ? text(s.path.value) : undefined;
        if (typeof t === 'string' && !(s?.kind === 'herestring' && s.dynamic)) sources.push(t);
      } else if (/\.ya?ml$|\.json$/.test(f.value)) {
        const t = text(f.value);
        if (typeof t === 'string') sources.push(t);
      }
    } else if (/^(--context|--kubeconfig|--cluster|--server|-s|--user)$/.test(v) && a[i + 1]) globals.push(a[i]!, a[++i]!);
    else if (/^--(context|kubeconfig|cluster|server|user)=/.test(v)) globals.push(a[i]!);
  }
  const w = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
  const out: Word[][] = [];
  for (const src of sources) {
    if (!/\b(command|args)\s*:/.test(src)) continue;
    let docs: unknown[];
    try {
      docs = yamlDocs(src);
    } catch {
      continue;
    }
    for (const doc of docs) {
      const meta = (doc as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
      const name = typeof meta?.name === 'string' ? meta.name : 'pod';
      const ns = typeof meta?.namespace === 'string' ? ['-n', meta.namespace] : [];
      for (const c of containersIn(doc, 0)) {
        const strs = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every((y) => typeof y === 'string' || typeof y === 'number') ? x.map(String) : undefined);
        const cmd = strs(c.command);
        const args = strs(c.args) ?? [];
        const image = typeof c.image === 'string' ? c.image : undefined;
        const inner = cmd ? [...cmd, ...args] : image && ENTRYPOINTS[imageName(image)] && args.length ? [ENTRYPOINTS[imageName(image)]!, ...args] : undefined;
        if (inner?.length) out.push([w(inv.name), ...globals, w('exec'), ...ns.map(w), w(name), w('--'), ...inner.map(w)]);
      }
    }
  }
  return out;
}

function yamlDocs(src: string): unknown[] {
  const { parseAllDocuments } = yaml();
  return parseAllDocuments(src).map((d) => d.toJS({ maxAliasCount: 50 }) as unknown);
}

/** The containers (and init containers) anywhere in a manifest: a Pod's spec, a Job's template,
 *  a CronJob's jobTemplate, a List's items. */
function containersIn(x: unknown, depth: number): Array<Record<string, unknown>> {
  if (depth > 12 || !x || typeof x !== 'object') return [];
  if (Array.isArray(x)) return x.flatMap((y) => containersIn(y, depth + 1));
  const out: Array<Record<string, unknown>> = [];
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if ((k === 'containers' || k === 'initContainers' || k === 'ephemeralContainers') && Array.isArray(v)) out.push(...v.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object'));
    else out.push(...containersIn(v, depth + 1));
  }
  return out;
}

// The files `docker compose` reads when no -f names one (compose-spec.io: compose.yaml first,
// docker-compose.yml for compatibility, and the override file next to each).
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml', 'compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];
// Subcommands that start a service's container with its command.
const COMPOSE_STARTS = /^(up|run|start|restart|create)$/;

/** `docker compose up|run|start…` (docker-compose, podman compose) with a compose file the line
 *  wrote first: each service that runs a command of its own (`command:`, `entrypoint:`) as
 *  `docker run -v HOST:TARGET… IMAGE CMD`, so a service that mounts the project (or ~/.ssh) and
 *  empties it is judged like the `docker run` it amounts to. `text` reads a file as the line
 *  left it (undefined: not written on the line; null: written, content unknown). A written file
 *  whose content is unknown gives `unknown`. Files already on disk are the project's own. */
export function composeFileCommands(inv: Invocation, text: (file: string) => string | null | undefined): { runs: Word[][]; unknown?: string } {
  const a = inv.argv;
  let i = 1;
  if (inv.name === 'docker' || inv.name === 'podman') {
    const globals = new Set(engine(inv.name)?.['value-options']);
    while (i < a.length && a[i]!.value.startsWith('-')) i += globals.has(a[i]!.value) ? 2 : 1;
    if (a[i]?.value !== 'compose') return { runs: [] };
    i++;
  } else if (inv.name !== 'docker-compose' && inv.name !== 'podman-compose') return { runs: [] };
  const files: string[] = [];
  const withArg = new Set(programFor('docker-compose')?.wraps?.globalWithArg);
  for (; i < a.length && a[i]!.value.startsWith('-'); i++) {
    const v = a[i]!.value;
    const f = v === '-f' || v === '--file' ? a[i + 1] : /^--file=/.test(v) ? { ...a[i]!, value: v.slice(7) } : undefined;
    if (f && !f.dynamic) files.push(f.value);
    if (withArg.has(v)) i++;
  }
  const sub = a[i];
  if (!sub || sub.dynamic || !COMPOSE_STARTS.test(sub.value)) return { runs: [] };
  const runs: Word[][] = [];
  for (const f of files.length ? files : COMPOSE_FILES) {
    const t = text(f);
    if (t === undefined) continue;
    if (t === null) return { runs, unknown: `${inv.name} compose starts services from ${f}, which this line writes first with content only known at run time` };
    const more = composeRuns(t, inv.cwd !== undefined ? path.dirname(path.resolve(inv.cwd, f)) : undefined);
    if (more === undefined) return { runs, unknown: `${f}, written on this line, can't be read as YAML` };
    runs.push(...more);
  }
  return { runs };
}

/** Each service of a compose file's text that runs a command of its own, as the `docker run
 *  --rm -v HOST:TARGET… IMAGE CMD` it amounts to (relative sources are `dir`'s); undefined when
 *  the text isn't YAML. later.ts reads a compose file the line plants the same way. */
export function composeRuns(t: string, dir: string | undefined): Word[][] | undefined {
  const w = (value: string): Word => ({ value, dynamic: false, glob: false, text: value });
  const runs: Word[][] = [];
  {
    let doc: unknown;
    try {
      doc = yamlDocs(t)[0];
    } catch {
      return undefined;
    }
    const services = (doc as { services?: Record<string, unknown> } | null)?.services;
    if (!services || typeof services !== 'object') return runs;
    for (const svc of Object.values(services)) {
      const s = svc as { image?: unknown; command?: unknown; entrypoint?: unknown; volumes?: unknown; working_dir?: unknown } | null;
      if (!s || typeof s !== 'object') continue;
      const words = (x: unknown): string[] | undefined => (typeof x === 'string' ? shellWords(x) : Array.isArray(x) && x.every((y) => typeof y === 'string' || typeof y === 'number') ? x.map(String) : undefined);
      const inner = [...(words(s.entrypoint) ?? []), ...(words(s.command) ?? [])];
      if (!inner.length) continue;
      const vols: string[] = [];
      for (const v of Array.isArray(s.volumes) ? s.volumes : []) {
        const spec = typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { source?: unknown }).source === 'string' && typeof (v as { target?: unknown }).target === 'string' ? `${(v as { source: string }).source}:${(v as { target: string }).target}` : undefined;
        if (!spec) continue;
        // Relative sources are the compose file's directory's.
        vols.push(dir && /^\.\.?(\/|:)/.test(spec) ? path.resolve(dir, spec.slice(0, spec.indexOf(':'))) + spec.slice(spec.indexOf(':')) : spec);
      }
      const image = typeof s.image === 'string' ? s.image : 'service-image';
      const wd = typeof s.working_dir === 'string' ? [w('-w'), w(s.working_dir)] : [];
      runs.push([w('docker'), w('run'), w('--rm'), ...vols.flatMap((v) => [w('-v'), w(v)]), ...wd, w(image), ...inner.map(w)]);
    }
  }
  return runs;
}

/** A compose `command:` string, split as the Compose spec does (shell-like words, no shell). */
function shellWords(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}
