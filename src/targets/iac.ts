// Infrastructure as code: the Terraform/OpenTofu workspace and the Pulumi stack a command acts on.
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isFile, listDir, readJson, readText, readYaml, sha1Hex } from './cache.js';
import { namesProduction } from './config.js';
import { absPath, findUp, projectRoot, showPath } from './paths.js';
import { dynamicNote, flag, getVar, grammarOf, positionals, showFlag, showVar, flagAll, type Run } from './run.js';
import type { Candidate } from './types.js';
import type { Invocation, Word } from '../parse/types.js';
import { writtenContent } from '../parse/index.js';
import { table } from '../own.js';

function dyn(what: string): Candidate[] {
  return [{ facts: {}, evidence: [dynamicNote(what)], environment: 'unknown' }];
}

// ---------------------------------------------------------------------------------------------
// Terraform / OpenTofu: the workspace is TF_WORKSPACE, else the name in
// <TF_DATA_DIR or .terraform>/environment in the working directory (-chdir moves it), else
// "default". Many teams keep one directory per environment instead, so the directory and any
// -var-file are facts too.

/** `terraform workspace select prod && terraform destroy`: the workspace the line selected (or
 *  created) first in the same directory, the latest such switch among `before`. */
type TfSwitch = { name: string; dynamic: boolean; how: string };
function tfDir(argv: readonly Word[], cwd: string | undefined): { dir: string | undefined; i: number; dynamic: boolean } {
  let dir = cwd;
  let i = 0;
  let dynamic = false;
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.value.startsWith('-')) break;
    if (w.value.startsWith('-chdir=')) {
      if (w.dynamic) dynamic = true;
      const p = w.value.slice(7);
      dir = isAbsolute(p) ? p : dir === undefined ? undefined : resolve(dir, p);
    }
  }
  return { dir, i, dynamic };
}
function tfSwitch(run: Run, before: readonly Invocation[], dir: string): TfSwitch | undefined {
  const family = (n: string): string => (n === 'tofu' ? 'terraform' : n);
  for (let k = before.length - 1; k >= 0; k--) {
    const prev = before[k]!;
    if (family(prev.name) !== family(run.name) || run.name === 'terragrunt') continue;
    const argv = prev.argv.slice(1);
    const at = tfDir(argv, prev.cwd);
    if (at.dynamic || at.dir !== dir) continue;
    if (argv[at.i]?.value !== 'workspace' || !['select', 'new'].includes(argv[at.i + 1]?.value ?? '')) continue;
    const w = positionals(argv.slice(at.i + 2), grammarOf(run.name, 'workspace')).pop();
    if (!w || (!w.dynamic && w.value === '')) continue;
    return { name: w.value, dynamic: w.dynamic, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

export function resolveTerraform(run: Run, pinned?: { sw: TfSwitch | undefined }): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  let dir = run.cwd;
  let i = 0;
  for (; i < a.length; i++) {
    const v = a[i]?.value ?? '';
    if (!v.startsWith('-')) break;
    if (v.startsWith('-chdir=')) {
      if (a[i]?.dynamic) return dyn('-chdir');
      const p = v.slice(7);
      dir = isAbsolute(p) ? p : dir === undefined ? undefined : resolve(dir, p);
      ev.push(`-chdir=${p} (flag)`);
    }
  }
  const sub = a.slice(i).map((w) => w.value);
  if (run.name === 'terragrunt') {
    const wd = flag(a, ['--terragrunt-working-dir', '--working-dir']);
    if (wd) { dir = absPath(wd.value, run.cwd, run.ctx.home); ev.push(showFlag(wd)); }
  }
  if (dir === undefined) return [{ facts: {}, evidence: [...ev, 'the working directory can\'t be known'], environment: 'unknown', resource: 'Terraform' }];
  // A workspace selected earlier on the line that need not have worked (`;`): that one, or the one before it.
  const line = run.inv.line;
  if (!pinned && !getVar(run, 'TF_WORKSPACE')?.value && !tfSwitch(run, run.inv.succeeded ?? [], dir) && line) {
    const sw = tfSwitch(run, line.all.slice(0, line.at), dir);
    if (sw) {
      const note = 'if that switch failed, the workspace before it stands';
      return [...resolveTerraform(run, { sw }).map((c) => ({ ...c, evidence: [...c.evidence, note] })), ...resolveTerraform(run, { sw: undefined })];
    }
  }
  const sw = pinned ? pinned.sw : tfSwitch(run, run.inv.succeeded ?? [], dir);

  // `terraform workspace delete NAME` acts on NAME, not on the selected workspace.
  if (sub[0] === 'workspace' && sub[1] === 'delete') {
    const name = positionals(a.slice(i + 2), grammarOf(run.name, 'workspace')).pop()?.value;
    if (name) {
      facts['terraform-workspace'] = name;
      ev.push(`workspace ${name} (argument)`);
    }
  }
  if (!facts['terraform-workspace']) {
    const v = getVar(run, 'TF_WORKSPACE');
    if (v && v.value !== '') {
      if (v.dynamic) return dyn('TF_WORKSPACE');
      facts['terraform-workspace'] = v.value;
      ev.push(showVar('TF_WORKSPACE', v));
    } else if (sw) {
      if (sw.dynamic) return dyn(`the workspace of ${sw.how}`);
      facts['terraform-workspace'] = sw.name;
      ev.push(`the line selects workspace ${sw.name} first (${sw.how})`);
    } else {
      const dataDir = getVar(run, 'TF_DATA_DIR')?.value || '.terraform';
      const file = resolve(dir, dataDir, 'environment');
      const name = readText(file)?.trim();
      if (name) {
        facts['terraform-workspace'] = name;
        ev.push(`workspace ${name} in ${showPath(file, run.ctx, run.cwd)}`);
      } else {
        facts['terraform-workspace'] = 'default';
        ev.push(`no ${showPath(file, run.ctx, run.cwd)}: the default workspace`);
      }
    }
  }
  // The folder's own repository, else (a folder not in one, or not there yet) the project's.
  let root = projectRoot(run.ctx, dir);
  if (root === dir) root = projectRoot(run.ctx);
  const relDir = relative(root, dir);
  if (relDir && !relDir.startsWith('..')) facts['terraform-dir'] = relDir;
  const varFiles = flagAll(a, ['-var-file']).map((f) => f.value);
  // TF_CLI_ARGS and TF_CLI_ARGS_<subcommand> add options to the command (developer.hashicorp.com/
  // terraform/cli/config/environment-variables).
  const cliArgs: string[] = [];
  for (const name of ['TF_CLI_ARGS', sub[0] ? `TF_CLI_ARGS_${sub[0]}` : '']) {
    const v = name ? getVar(run, name) : undefined;
    if (!v || v.value === '') continue;
    // Built at run time: which options it adds can't be known (the workspace still stands).
    if (v.dynamic) { ev.push(`${name} is computed when the command runs: the options it adds can't be known`); continue; }
    cliArgs.push(...(v.value.match(/-var(?:-file)?[= ](?:"[^"]*"|'[^']*'|\S+)/g) ?? []));
    if (/-var/.test(v.value)) ev.push(showVar(name, v));
  }
  const unq = (x: string): string => x.replace(/^(["'])(.*)\1$/, '$2');
  for (const c of cliArgs) if (c.startsWith('-var-file')) varFiles.push(unq(c.slice(10)));
  if (varFiles.length > 0) {
    facts['terraform-var-file'] = varFiles.join(', ');
    ev.push(`-var-file ${varFiles.join(', ')} (flag)`);
  }
  // `-var 'environment=production'`: a variable that names the environment.
  const vars = [...flagAll(a, ['-var']).map((f) => f.dynamic ? '' : f.value), ...cliArgs.filter((c) => !c.startsWith('-var-file')).map((c) => unq(c.slice(5)))];
  const envVar = vars.map((v) => /^(environment|env|stage|environment_name|env_name)=["']?([\w.-]+)/.exec(v)).find((m) => m);
  const auto = envVar ? { value: envVar[2]!, how: `-var ${envVar[0]} (flag)` } : autoVars(run, dir);
  if (auto) {
    facts['terraform-env'] = auto.value;
    ev.push(auto.how);
  }
  // The state the command reads and changes: a backend configured by `terraform init
  // -backend-config=prod.hcl` earlier on the line (the file's name, or its key/bucket/prefix).
  const backend = initBackend(run, dir);
  if (backend) {
    facts['terraform-backend'] = backend.value;
    ev.push(backend.how);
  }
  const where = showPath(dir, run.ctx, run.cwd) || '.';
  return [{ facts, evidence: ev, resource: `Terraform workspace ${facts['terraform-workspace']} in ${where}` }];
}

/** `terraform init -backend-config=prod.hcl && terraform destroy`: the state backend the line
 *  configured first in the same directory. The file's key/bucket/prefix/workspace_key_prefix or
 *  an inline `-backend-config="key=prod/app.tfstate"` when one names production, else the file
 *  name. */
function initBackend(run: Run, dir: string): { value: string; how: string } | undefined {
  const line = run.inv.line;
  const before = line ? line.all.slice(0, line.at) : [];
  const family = (n: string): string => (n === 'tofu' ? 'terraform' : n);
  for (let k = before.length - 1; k >= 0; k--) {
    const prev = before[k]!;
    if (family(prev.name) !== family(run.name)) continue;
    const argv = prev.argv.slice(1);
    const at = tfDir(argv, prev.cwd);
    if (at.dynamic || at.dir !== dir || argv[at.i]?.value !== 'init') continue;
    const how = prev.argv.map((x) => x.text).join(' ');
    let fileName: string | undefined;
    for (const f of flagAll(argv, ['-backend-config'])) {
      if (f.dynamic) continue;
      const kv = /^(key|bucket|prefix|path|workspace_key_prefix|container_name|storage_account_name|organization|name)=(.+)$/.exec(f.value);
      if (kv) { if (namesProduction(kv[2]!)) return { value: kv[2]!, how: `-backend-config ${f.value} (${how})` }; continue; }
      const file = absPath(f.value, prev.cwd ?? dir, run.ctx.home);
      // As the init read it (the line's version then; terraform's own run may rewrite it after).
      const before = file ? writtenContent(prev.written, file) : undefined;
      const text = file ? (before !== undefined ? before ?? undefined : readText(file)) : undefined;
      for (const m of text?.matchAll(/^\s*(key|bucket|prefix|path|workspace_key_prefix|container_name|organization|name)\s*=\s*"([^"]+)"/gm) ?? []) {
        if (namesProduction(m[2]!)) return { value: m[2]!, how: `${m[1]} = "${m[2]}" in ${f.value}, the backend config of ${how}` };
      }
      fileName ??= basename(f.value);
    }
    if (fileName) return { value: fileName, how: `the line configures the state backend first with ${fileName} (${how})` };
    break;
  }
  // The backend block in the directory's .tf files (perhaps written earlier on the line): the state
  // the command changes (`backend "s3" { key = "prod/terraform.tfstate" }`).
  const written = [...(run.inv.written?.files.keys() ?? [])].filter((f) => dirname(f) === dir).map((f) => basename(f));
  for (const n of [...new Set([...listDir(dir), ...written])].filter((x) => x.endsWith('.tf')).sort()) {
    const file = join(dir, n);
    const text = readText(file);
    const block = text ? /\bbackend\s+"[\w-]+"\s*\{([^}]*)\}/.exec(text)?.[1] : undefined;
    for (const m of block?.matchAll(/^\s*(key|bucket|prefix|path|workspace_key_prefix|container_name|organization|name)\s*=\s*"([^"]+)"/gm) ?? []) {
      if (namesProduction(m[2]!)) return { value: m[2]!, how: `backend ${m[1]} = "${m[2]}" in ${showPath(file, run.ctx, run.cwd)}` };
    }
  }
  return undefined;
}

/** The variables terraform loads by itself (terraform.tfvars, *.auto.tfvars, perhaps written
 *  earlier on the line) that name the environment (`environment = "production"`), or the name of
 *  an auto-loaded file (`prod.auto.tfvars`). */
function autoVars(run: Run, dir: string): { value: string; how: string } | undefined {
  const written = [...(run.inv.written?.files.keys() ?? [])].filter((f) => dirname(f) === dir).map((f) => basename(f));
  const names = [...new Set([...listDir(dir), ...written])].filter((n) => n === 'terraform.tfvars' || n.endsWith('.auto.tfvars')).sort();
  let named: { value: string; how: string } | undefined;
  for (const n of names) {
    const file = join(dir, n);
    const text = readText(file);
    const m = text === undefined ? undefined : /^\s*(environment|env|stage|environment_name|env_name)\s*=\s*"([\w.-]+)"/m.exec(text);
    if (m) return { value: m[2]!, how: `${m[1]} = "${m[2]}" in ${showPath(file, run.ctx, run.cwd)} (loaded by terraform)` };
    const base = n.replace(/\.auto\.tfvars$/, '');
    if (!named && n !== 'terraform.tfvars' && namesProduction(base)) named = { value: base, how: `${showPath(file, run.ctx, run.cwd)} (loaded by terraform)` };
  }
  return named;
}

// ---------------------------------------------------------------------------------------------
// Pulumi: -s/--stack, else the stack `pulumi stack select` saved. Verified against pulumi's
// sdk/go/common/workspace (workspace.go, paths.go): the file is
// <PULUMI_HOME or ~/.pulumi>/workspaces/<project name>-<sha1 hex of the Pulumi.yaml path>-workspace.json
// holding {"stack": "..."}; the project file is found by walking up from the working directory
// (-C/--cwd moves it) and its path is absolute but not symlink-resolved. Not verified: Windows
// paths, and stacks selected through the Automation API (which uses the same file).
// There is no PULUMI_STACK variable in the CLI.

const PROJECT_FILES = ['Pulumi.yaml', 'Pulumi.yml', 'Pulumi.json'];

export function pulumiProject(dir: string): { file: string; name?: string } | undefined {
  const found = findUp(dir, (d) => PROJECT_FILES.some((f) => isFile(join(d, f))));
  if (!found) return undefined;
  const file = PROJECT_FILES.map((f) => join(found, f)).find(isFile) ?? join(found, 'Pulumi.yaml');
  const doc = (file.endsWith('.json') ? readJson(file) : readYaml(file)) as { name?: unknown } | undefined;
  return { file, name: typeof doc?.name === 'string' ? doc.name : undefined };
}

export function pulumiSelectedStack(run: Run, project: { file: string; name?: string }): { stack: string; file: string } | undefined {
  if (!project.name) return undefined;
  const home = getVar(run, 'PULUMI_HOME')?.value || join(run.ctx.home, '.pulumi');
  const file = join(home, 'workspaces', `${project.name}-${sha1Hex(project.file)}-workspace.json`);
  const stack = (readJson(file) as { stack?: unknown } | undefined)?.stack;
  return typeof stack === 'string' && stack !== '' ? { stack, file } : undefined;
}

/** `pulumi stack select prod && pulumi destroy`: the stack the line selected (or created, which
 *  selects it) first in the same directory, the latest such switch among `before`. */
function pulumiDir(args: Word[], cwd: string | undefined, home: string): { dir: string | undefined; dynamic: boolean } {
  const c = flag(args, ['-C', '--cwd']);
  return { dir: c ? absPath(c.value, cwd, home) : cwd, dynamic: !!c?.dynamic };
}
function pulumiSwitch(run: Run, before: readonly Invocation[], dir: string | undefined): TfSwitch | undefined {
  for (let k = before.length - 1; k >= 0; k--) {
    const prev = before[k]!;
    if (prev.name !== 'pulumi') continue;
    const args = prev.argv.slice(1);
    const at = pulumiDir(args, prev.cwd, run.ctx.home);
    if (at.dynamic || at.dir !== dir) continue;
    const pos = positionals(args, grammarOf('pulumi'));
    if (pos[0]?.value !== 'stack' || !['select', 'init', 'new'].includes(pos[1]?.value ?? '')) continue;
    const s = flag(args, ['-s', '--stack']);
    const w = s ? { value: s.value, dynamic: s.dynamic } : pos[2];
    if (!w || (!w.dynamic && w.value === '')) continue;
    return { name: w.value, dynamic: w.dynamic, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

export function resolvePulumi(run: Run, pinned?: { sw: TfSwitch | undefined }): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const dir = pulumiDir(a, run.cwd, run.ctx.home).dir;
  const sFlag = flag(a, ['-s', '--stack']);
  const pos = positionals(a, grammarOf('pulumi'));
  let stack: string | undefined;
  const line = run.inv.line;
  if (!sFlag && !pinned && !pulumiSwitch(run, run.inv.succeeded ?? [], dir) && line) {
    const sw = pulumiSwitch(run, line.all.slice(0, line.at), dir);
    if (sw) {
      const note = 'if that switch failed, the stack before it stands';
      return [...resolvePulumi(run, { sw }).map((c) => ({ ...c, evidence: [...c.evidence, note] })), ...resolvePulumi(run, { sw: undefined })];
    }
  }
  const sw = pinned ? pinned.sw : pulumiSwitch(run, run.inv.succeeded ?? [], dir);
  if (sFlag) {
    if (sFlag.dynamic) return dyn(sFlag.flag);
    stack = sFlag.value;
    ev.push(showFlag(sFlag));
  } else if (pos[0]?.value === 'stack' && (pos[1]?.value === 'rm' || pos[1]?.value === 'remove') && pos[2]) {
    stack = pos[2].value;
    ev.push(`stack ${stack} (argument)`);
  } else if (sw) {
    if (sw.dynamic) return dyn(`the stack of ${sw.how}`);
    stack = sw.name;
    ev.push(`the line selects stack ${sw.name} first (${sw.how})`);
  }
  const project = dir ? pulumiProject(dir) : undefined;
  if (project?.name) facts['pulumi-project'] = project.name;
  if (project) {
    // The project's folder, for a team's `iac-dirs:` (one Pulumi project per environment).
    const rel = relative(projectRoot(run.ctx, dir), dirname(project.file));
    if (rel && !rel.startsWith('..')) facts['pulumi-dir'] = rel;
  }
  if (!stack) {
    if (!dir) ev.push('the working directory can\'t be known, so the selected stack can\'t be found');
    else if (!project) ev.push('no Pulumi.yaml found from here up');
    else {
      const sel = pulumiSelectedStack(run, project);
      if (sel) {
        stack = sel.stack;
        ev.push(`stack ${stack} selected in ${showPath(sel.file, run.ctx, run.cwd)} (for ${showPath(project.file, run.ctx, run.cwd)})`);
      } else {
        ev.push(`no stack selected for ${showPath(project.file, run.ctx, run.cwd)}: pulumi would ask`);
      }
    }
  }
  if (stack) {
    // org/project/stack or org/stack: the team file matches the plain stack name or the whole ref.
    const short = stack.split('/').pop() ?? stack;
    facts['pulumi-stack'] = short;
    if (short !== stack) facts['pulumi-stack-ref'] = stack;
  }
  return [{ facts, evidence: ev, resource: `Pulumi stack ${stack ?? '?'}${project?.name ? ` of ${project.name}` : ''}` }];
}
