// GitHub (`gh`): the repository (-R/--repo, GH_REPO, else the folder's github.com remote), and
// the deployment environment or organisation a secret or variable belongs to (-e/--env, -o/--org).
// A repository holds every environment, so only the environment's name can say production.
import { join } from 'node:path';
import { readIni } from './ini.js';
import { gitDirOf } from './git.js';
import { showPath } from './paths.js';
import { dynamicNote, flag, getVar, grammarOf, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { table } from '../own.js';

/** owner/repo of a github.com remote URL (https, ssh or scp form). */
function githubRepo(url: string): string | undefined {
  const m = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@)(?:www\.)?github\.com[:/]([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m?.[1];
}

export function resolveGithub(run: Run): Candidate[] {
  const facts: Record<string, string> = table();
  const ev: string[] = [];
  const dyn = (what: string): Candidate[] => [{ facts: {}, evidence: [dynamicNote(what)], environment: 'unknown' }];
  const r = flag(run.args, ['-R', '--repo']);
  const v = r ? undefined : getVar(run, 'GH_REPO');
  if (r?.dynamic) return dyn(r.flag);
  if (v?.dynamic && v.value !== '') return dyn('GH_REPO');
  // `gh repo delete OWNER/REPO`, `gh api repos/OWNER/REPO/...`: the repository is in the words.
  const pos = positionals(run.args, grammarOf('gh'));
  const endpoint = pos[0]?.value === 'api' ? positionals(run.args.slice(run.args.indexOf(pos[0]) + 1), grammarOf('gh', 'api'))[0] : undefined;
  const named = pos[0]?.value === 'repo' && pos[1] && pos[2] ? pos[2] : endpoint && /^\/?repos\/[^/]+\/[^/?]+/.test(endpoint.value) ? endpoint : undefined;
  if (named && !named.dynamic && /\//.test(named.value)) {
    const m = /^(?:https?:\/\/github\.com\/|\/?repos\/)?([^/\s]+\/[^/?\s]+)/.exec(named.value);
    if (m?.[1]) { facts['github-repo'] = m[1].replace(/\.git$/, ''); ev.push(`repository ${facts['github-repo']} (argument)`); }
  }
  if (facts['github-repo']) { /* named in the words */ }
  else if (r) { facts['github-repo'] = r.value.replace(/^(https?:\/\/)?github\.com\//, ''); ev.push(showFlag(r)); }
  else if (v && v.value) { facts['github-repo'] = v.value; ev.push(showVar('GH_REPO', v)); }
  else if (run.cwd) {
    // gh picks among the remotes (upstream, github, origin) or the one `gh repo set-default` saved; origin is the usual one.
    const g = gitDirOf(run.cwd);
    const cfg = g ? readIni(join(g.common, 'config')) : undefined;
    const url = cfg?.get('remote "origin"')?.['url'];
    const repo = url ? githubRepo(url) : undefined;
    if (repo && g) { facts['github-repo'] = repo; ev.push(`remote origin ${repo} in ${showPath(join(g.common, 'config'), run.ctx, run.cwd)}`); }
  }
  // `gh api repos/O/R/environments/production/…`, `…/git/refs/heads/main`: the environment or
  // branch the endpoint names, a written-out segment even when the repository part is computed.
  if (endpoint) {
    const t = endpoint.dynamic ? endpoint.text.replace(/^["']|["']$/g, '') : endpoint.value;
    const env = /\/environments\/([^/?\s$`{}"']+)/.exec(t)?.[1];
    if (env) { facts['github-environment'] = env; ev.push(`environment ${env} (the API path)`); }
    const br = /\/(?:git\/refs\/heads|branches)\/([^?\s$`{}"']+?)(?:\/protection.*)?$/.exec(t)?.[1];
    if (br) { facts['git-branch'] = br; ev.push(`branch ${br} (the API path)`); }
  }
  for (const [names, key, what] of [[['-e', '--env'], 'github-environment', 'environment'], [['-o', '--org'], 'github-org', 'organisation']] as const) {
    const f = flag(run.args, [...names]);
    if (f?.dynamic) return dyn(f.flag);
    if (f) { facts[key] = f.value; ev.push(`${what} ${f.value} (${f.flag})`); }
  }
  if (!facts['github-repo'] && !facts['github-org']) ev.push('no repository named, and no github.com remote here');
  const where = facts['github-environment'] ? ` environment ${facts['github-environment']}` : '';
  const what = facts['github-org'] ? ` org ${facts['github-org']}` : facts['github-repo'] ? ` ${facts['github-repo']}` : '';
  return [{ facts, evidence: ev, resource: `GitHub${what}${where}` }];
}
