// CI configuration files a line writes, then pushes or triggers: their steps' commands are
// commands the line runs (on a CI runner), like the package scripts and Makefiles a line writes
// (indirect.ts, make.ts). `git push` runs the workflows of every CI service that watches the
// repository (GitHub Actions, GitLab CI, CircleCI, Bitbucket Pipelines, Buildkite); `gh workflow
// run`, `glab ci run`, `buildkite-agent pipeline upload [FILE]` and `circleci local execute` start
// their own service's; `act` (nektos/act) runs GitHub's workflows and `gitlab-ci-local` GitLab's
// pipeline on this machine. A file written with content only known at run time, or that isn't YAML
// countersign can read, is code nobody can read before it runs.
import path from 'node:path';
import { yaml } from '../lazy.js';
import type { Invocation } from './types.js';
import { table } from '../own.js';

// The files each service reads (relative to the repository root, which is where the line works).
const GITHUB = /(^|\/)\.github\/(workflows\/[^/]+|actions\/.+\/action)\.ya?ml$/;
const GITLAB = /(^|\/)\.gitlab-ci\.ya?ml$|(^|\/)\.gitlab\/.+\.ya?ml$/;
const BUILDKITE = /(^|\/)(\.buildkite\/[^/]+|buildkite|\.buildkite)\.ya?ml$|(^|\/)\.buildkite\/pipeline\.[^/]+\.ya?ml$/;
const CIRCLECI = /(^|\/)\.circleci\/config\.ya?ml$/;
const BITBUCKET = /(^|\/)bitbucket-pipelines\.ya?ml$/;
const OTHERS = /(^|\/)(azure-pipelines|\.travis)\.ya?ml$/;
const ALL = [GITHUB, GITLAB, BUILDKITE, CIRCLECI, BITBUCKET, OTHERS];

/** A file some CI service runs the steps of when the repository is pushed (later.ts: one the
 *  line writes without pushing). */
export const isCiFile = (abs: string): boolean => ALL.some((re) => re.test(abs));

/** Does this pipeline run on machines the team keeps (a self-hosted runner, Buildkite's agents,
 *  an Azure pool by name, a GitLab job pinned by tags, a CircleCI runner class, Bitbucket's
 *  self.hosted)? There a step's files and services may be ones that last, so every step is
 *  judged; on a hosted runner (a fresh VM or container) only what reaches outside it is. */
export function ciSelfHosted(abs: string, text: string): boolean {
  if (BUILDKITE.test(abs)) return true;
  if (GITHUB.test(abs)) return /\bself-hosted\b/.test(text) || /^[ \t]*runs-on:[ \t]*\[?[ \t]*['"]?(?!(ubuntu|windows|macos)-|\$\{\{)[\w.-]/m.test(text);
  if (GITLAB.test(abs)) return /^\s*tags:/m.test(text);
  if (CIRCLECI.test(abs)) return /^\s*resource_class:\s*['"]?[\w-]+\/[\w-]/m.test(text);
  if (BITBUCKET.test(abs)) return /\bself\.hosted\b/.test(text);
  if (/azure-pipelines/.test(abs)) return /^\s*pool:[ \t]*(\n\s+name:|['"]?[\w-]+['"]?[ \t]*$)/m.test(text);
  return false;
}

/** The CI files this command makes run: a test on a written file's absolute path (the file
 *  named on the line too, for `buildkite-agent pipeline upload FILE`), or undefined when the
 *  command triggers no CI. */
export function ciTrigger(inv: Invocation): ((abs: string) => boolean) | undefined {
  const a = inv.argv.map((w) => w.value);
  const has = (...words: string[]): boolean => words.every((w) => a.includes(w));
  const any = (res: RegExp[]) => (abs: string) => res.some((re) => re.test(abs));
  switch (inv.name) {
    case 'git': {
      // The subcommand after git's own options (-C DIR, -c K=V).
      let i = 1;
      while (i < a.length && a[i]!.startsWith('-')) i += /^(-C|-c|--git-dir|--work-tree|--namespace)$/.test(a[i]!) ? 2 : 1;
      if (a[i] !== 'push' || a.includes('--dry-run') || a.includes('-n')) return undefined;
      return any(ALL);
    }
    case 'gh':
      return has('workflow', 'run') ? any([GITHUB]) : undefined;
    case 'glab':
      return has('ci', 'run') || has('pipeline', 'run') ? any([GITLAB]) : undefined;
    case 'circleci':
      return has('local', 'execute') || has('execute') ? any([CIRCLECI]) : undefined;
    // act [EVENT] [-j JOB] [-W FILE]: only listing, graphing or a dry run runs no step.
    case 'act':
      return a.some((v) => /^(-l|--list|-g|--graph|-n|--dryrun|--dry-run|-h|--help|--version|--bug-report)$/.test(v)) ? undefined : any([GITHUB]);
    case 'gitlab-ci-local':
      return a.some((v) => /^(--list|--list-all|--list-json|--list-csv|--list-csv-all|--preview|--help|-h|--version|--completion)$/.test(v)) ? undefined : any([GITLAB]);
    case 'buildkite-agent': {
      const at = a.indexOf('upload');
      if (!has('pipeline', 'upload') || a.includes('--dry-run')) return undefined;
      const named = a.slice(at + 1).filter((v) => !v.startsWith('-'));
      if (!named.length) return any([BUILDKITE]);
      const cwd = inv.cwd ?? '/';
      const files = new Set(named.map((f) => path.resolve(cwd, f)));
      return (abs) => files.has(abs);
    }
  }
  return undefined;
}

// Keys whose values are shell commands: GitHub's and CircleCI's `run` (CircleCI's may be a map
// with `command`), GitLab's and Bitbucket's `script`/`before_script`/`after_script`, Buildkite's
// `command`/`commands`. Values under `with:` (an action's inputs: github-script's `script` is
// JavaScript) and environment maps are not commands.
const COMMAND_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'command', 'commands', 'pre-command', 'post-command']);
const NOT_COMMANDS = new Set(['with', 'env', 'environment', 'variables', 'vars', 'inputs', 'outputs', 'secrets', 'parameters']);

/** Does this command run the steps on this machine itself, so a step's files and services are
 *  this machine's whatever runner the file names? gitlab-ci-local runs a job without an image in a
 *  shell here (and mounts the project into the ones with an image); act copies the project into a
 *  container unless `--bind` mounts it, or a platform maps to `-self-hosted` (this machine). */
export function ciOnHost(inv: Invocation): boolean {
  if (inv.name === 'gitlab-ci-local') return true;
  if (inv.name !== 'act') return false;
  const a = inv.argv.map((w) => w.value);
  return a.some((v, i) => v === '-b' || v === '--bind' || (/^(-P|--platform)$/.test(a[i - 1] ?? '') && /=-self-hosted$/.test(v)) || /^(-P|--platform=).*=-self-hosted$/.test(v));
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A GitHub Actions `if:` that holds only for a workflow_dispatch run: `github.event_name ==
 *  'workflow_dispatch'` as one term of a chain of `&&` (in `${{ }}` or not), with no `||` or
 *  negation anywhere that could let another event through. */
function dispatchOnly(cond: unknown): boolean {
  if (typeof cond !== 'string') return false;
  const e = cond.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  if (/\|\||!(?!=)|\$\{\{/.test(e)) return false;
  return e.split('&&').some((t) => /^\(*\s*github\.event_name\s*==\s*'workflow_dispatch'\s*\)*$/.test(t.trim()));
}

/** What of a CI file a push runs: a GitHub workflow whose only trigger is `workflow_dispatch`
 *  runs when a person (or `gh workflow run`) starts it, never on a push, and neither does a job or
 *  step whose `if:` requires that event (dispatchOnly); a GitLab job that is
 *  `when: manual` (or whose every rule is manual or never) waits for a click in the pipeline, as
 *  does a CircleCI job each workflow runs only after an approval job.
 *  Kept whole: a GitLab job that extends, merges or includes another's settings (they may bring
 *  rules that run it), and a stop job of an environment (GitLab runs it by itself when the
 *  environment stops: a merged request, a deleted branch, `auto_stop_in`). */
function pushRuns(abs: string, text: string, doc: unknown): unknown {
  if (!isMap(doc)) return doc;
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(abs)) {
    const on = doc.on;
    const manual = on === 'workflow_dispatch' || (Array.isArray(on) && on.length > 0 && on.every((e) => e === 'workflow_dispatch')) || (isMap(on) && Object.keys(on).length > 0 && Object.keys(on).every((k) => k === 'workflow_dispatch'));
    // One top-level trigger key only (a second `on:`, `true:` or quoted one may be what GitHub reads).
    const keys = text.match(/^(?:on|"on"|'on'|true|True|TRUE|y|Y|yes|Yes|YES)[ \t]*:/gm) ?? [];
    if (manual && keys.length === 1) return {};
    // A job or step whose `if:` holds only when a person dispatched the workflow
    // (`github.event_name == 'workflow_dispatch' && inputs.confirm == 'destroy'`).
    if (!isMap(doc.jobs)) return doc;
    const jobs: Record<string, unknown> = table();
    for (const [k, job] of Object.entries(doc.jobs)) {
      if (isMap(job) && dispatchOnly(job.if)) continue;
      jobs[k] = isMap(job) && Array.isArray(job.steps) ? { ...job, steps: job.steps.filter((st) => !(isMap(st) && dispatchOnly(st.if))) } : job;
    }
    return { ...doc, jobs };
  }
  if (CIRCLECI.test(abs) && isMap(doc.jobs) && isMap(doc.workflows)) {
    // A job every workflow lists only behind an approval job (`requires: [hold]` with `hold:
    // {type: approval}`) waits for a click in CircleCI's UI.
    const refs = new Map<string, boolean[]>();
    for (const [wk, wf] of Object.entries(doc.workflows)) {
      if (wk === 'version') continue;
      if (!isMap(wf) || !Array.isArray(wf.jobs)) return doc;
      const approvals = new Set<string>();
      const entries: Array<[string, Record<string, unknown>]> = [];
      for (const j of wf.jobs) {
        if (typeof j === 'string') entries.push([j, {}]);
        else if (isMap(j) && Object.keys(j).length === 1) {
          const [name, opts] = Object.entries(j)[0]!;
          if (opts !== null && !isMap(opts)) return doc;
          entries.push([name, opts ?? {}]);
          if (isMap(opts) && opts.type === 'approval') approvals.add(typeof opts.name === 'string' ? opts.name : name);
        } else return doc;
      }
      for (const [name, opts] of entries) {
        const req = Array.isArray(opts.requires) ? opts.requires : [];
        (refs.get(name) ?? refs.set(name, []).get(name)!).push(opts.type !== 'approval' && req.some((r) => typeof r === 'string' && approvals.has(r)));
      }
    }
    const jobs = Object.fromEntries(Object.entries(doc.jobs).filter(([k]) => !(refs.get(k)?.length && refs.get(k)!.every(Boolean))));
    return { ...doc, jobs };
  }
  if (GITLAB.test(abs) && !('include' in doc)) {
    const out: Record<string, unknown> = table();
    for (const [k, job] of Object.entries(doc)) {
      const manual = isMap(job) && !('extends' in job) && !('<<' in job) && !(isMap(job.environment) && job.environment.action === 'stop') &&
        ('rules' in job
          ? Array.isArray(job.rules) && job.rules.length > 0 && job.rules.every((r) => isMap(r) && (r.when === 'manual' || r.when === 'never'))
          : job.when === 'manual');
      if (!manual) out[k] = job;
    }
    return out;
  }
  return doc;
}

/** The shell commands a CI file's steps run, in order; null when they can't be read. With
 *  `onPush`, only the steps a push runs (pushRuns): the file is written or pushed, not started. */
export function ciCommands(abs: string, text: string, onPush = false): string[] | null {
  let doc: unknown;
  try {
    doc = yaml().parse(text, { uniqueKeys: false });
  } catch {
    return null;
  }
  if (onPush) doc = pushRuns(abs, text, doc);
  const out: string[] = [];
  const strings = (v: unknown): boolean => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) return true;
    else if (Array.isArray(v)) return v.every(strings); // GitLab nests lists of lines
    else if (v && typeof v === 'object') return walk(v); // CircleCI: run: { command: ... }
    else return false;
    return true;
  };
  const walk = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.every(walk);
    if (!v || typeof v !== 'object') return true;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (NOT_COMMANDS.has(k)) continue;
      if (COMMAND_KEYS.has(k)) {
        if (!strings(x)) return false;
      } else if (!walk(x)) return false;
    }
    return true;
  };
  if (!walk(doc)) return null;
  // Buildkite interpolates the pipeline first: `$$` is a literal `$`. GitHub's `${{ expr }}` is
  // filled in before the shell runs: a value only known at run time.
  return out.map((c) => (BUILDKITE.test(abs) ? c.replace(/\$\$/g, '$') : c).replace(/\$\{\{[^}]*\}\}/g, '${CI_EXPRESSION}'));
}
