// AWS, Google Cloud and Azure: the profile, project or subscription the CLI would act in.
import { join } from 'node:path';
import { isFile, readJson, readText } from './cache.js';
import { readIni } from './ini.js';
import { absPath, showPath } from './paths.js';
import { dynamicNote, flag, flagAll, getVar, grammarOf, positionals, showFlag, showVar, type Run } from './run.js';
import type { Candidate } from './types.js';
import { httpHost } from './url.js';
import type { Word } from '../parse/index.js';
import { argAfter, optValue, startsWith, withSwitch, type LineSwitch, type SwitchReader } from './switches.js';
import { table } from '../own.js';

function dyn(what: string): Candidate[] {
  return [{ facts: {}, evidence: [dynamicNote(what)], environment: 'unknown' }];
}

/** The resources a cloud CLI line names, for the default rule (a name with prod/production/live
 *  says production): the values of its name options (`--bucket acme-prod-uploads`,
 *  `--db-instance-identifier prod-pg`, `az … -g rg-production`) and, after its verb, the names it
 *  is given (`gcloud sql instances delete prod-pg`). Values built at run time say nothing. */
function namedResources(args: Word[], opts: RegExp, afterVerb?: RegExp): { names: string[]; ev: string[] } {
  const names: string[] = [];
  const ev: string[] = [];
  // The names right after the verb, up to the first long option without `=` (whose value can't be
  // told from a name without the tool's whole grammar: `delete web-1 --zone us-central1-a`); short
  // switches (`bq rm -r -f -d DATASET`) don't end them.
  let verb: 'before' | 'names' | 'done' = afterVerb ? 'before' : 'done';
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const eq = /^(--?[\w-]+)=(.*)$/s.exec(w.value);
    const name = eq ? eq[1]! : w.value;
    if (name.startsWith('-')) {
      if (verb === 'names' && /^--[\w-]+$/.test(w.value)) verb = 'done';
      if (!opts.test(name)) continue;
      const v = eq ? { value: eq[2]!, dynamic: w.dynamic } : args[i + 1];
      if (!eq) i++;
      if (v && !v.dynamic && v.value && !v.value.startsWith('-')) { names.push(v.value); ev.push(`${name} ${v.value} (flag)`); }
      continue;
    }
    if (verb === 'before') { if (!w.dynamic && afterVerb!.test(w.value)) verb = 'names'; continue; }
    if (verb === 'names' && !w.dynamic && !/^[a-z][\w.-]*:\/\//.test(w.value) && w.value.length > 1) { names.push(w.value); ev.push(`${w.value} (argument)`); }
  }
  return { names, ev };
}

// ---------------------------------------------------------------------------------------------
// AWS. The aws CLI (botocore) takes --profile, then AWS_DEFAULT_PROFILE, then AWS_PROFILE; other
// AWS tools (SDK-based: cdk, sam) read only AWS_PROFILE. Keys in AWS_ACCESS_KEY_ID beat any
// profile that wasn't given with --profile.

export function resolveAws(run: Run): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  if (run.name === 'awslocal') {
    return [{ facts: { host: 'localhost' }, evidence: ['awslocal talks to LocalStack on this machine'], resource: 'LocalStack' }];
  }
  const configFile = pathVar(run, 'AWS_CONFIG_FILE') ?? join(run.ctx.home, '.aws', 'config');
  const credsFile = pathVar(run, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(run.ctx.home, '.aws', 'credentials');
  const config = readIni(configFile);
  const creds = readIni(credsFile);

  // The CLI's parser takes any unambiguous prefix of a long option (`--prof prod`).
  // Serverless Framework takes --aws-profile too.
  const pFlag = flag(a, ['--profile', '--profil', '--profi', '--prof']) ?? (/^(serverless|sls)$/.test(run.name) ? flag(a, ['--aws-profile']) : undefined);
  let profile: string | undefined;
  let guessed = false;
  if (pFlag) {
    if (pFlag.dynamic) return dyn('--profile');
    profile = pFlag.value;
    ev.push(showFlag(pFlag));
  } else {
    const names = run.name === 'aws' ? ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE'] : ['AWS_PROFILE'];
    for (const n of names) {
      const v = getVar(run, n);
      if (v && v.value !== '') {
        if (v.dynamic) return dyn(n);
        profile = v.value;
        ev.push(showVar(n, v));
        break;
      }
    }
    const keys = getVar(run, 'AWS_ACCESS_KEY_ID');
    if (keys) {
      // The keys decide the account; a profile name would only be a guess about them.
      ev.push(`AWS_ACCESS_KEY_ID is set (${keys.from}): those keys decide the account, whatever the profile says`);
      facts['aws-credentials'] = 'environment keys';
      guessed = true;
    }
  }
  if (profile === undefined && (config?.has('default') || creds?.has('default') || lineConfigureSet(run, 'default', 'role_arn'))) {
    profile = 'default';
    ev.push(`no profile given: default in ${showPath(config?.has('default') ? configFile : credsFile, run.ctx, run.cwd)}`);
  }
  const section = profile === undefined ? undefined : profile === 'default' ? config?.get('default') : config?.get(`profile ${profile}`);
  if (profile !== undefined) {
    if (!facts['aws-credentials']) facts['aws-profile'] = profile;
    else facts['aws-profile-named'] = profile;
    if (!section && !creds?.has(profile)) ev.push(`profile ${profile} is not in ${showPath(configFile, run.ctx, run.cwd)}`);
    const account = section?.['sso_account_id'] ?? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(section?.['role_arn'] ?? '')?.[1];
    if (account) facts['aws-account'] = account;
    // The role the profile assumes is a name people chose (`role_arn = …:role/prod-admin`).
    const setFirst = lineConfigureSet(run, profile, 'role_arn');
    const roleArn = setFirst?.value ?? section?.['role_arn'];
    const role = /:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(roleArn ?? '')?.[1] ?? section?.['sso_role_name'];
    if (role) {
      facts['aws-role'] = role;
      ev.push(`profile ${profile} ${roleArn ? `assumes ${roleArn}` : `uses SSO role ${role}`} (${setFirst ? `the line sets it first: ${setFirst.how}` : showPath(configFile, run.ctx, run.cwd)})`);
    }
  }
  // A config file chosen by name (`AWS_CONFIG_FILE=./infra/aws.prod.config`): its name is evidence too.
  const cfVar = getVar(run, 'AWS_CONFIG_FILE');
  if (cfVar && cfVar.value !== '' && !cfVar.dynamic) {
    facts['aws-config-file'] = cfVar.value.replace(/^.*\//, '');
    ev.push(showVar('AWS_CONFIG_FILE', cfVar));
  }
  if (profile === undefined && !facts['aws-credentials']) {
    ev.push('no AWS profile, keys or config found: the CLI would use an instance or container role, if any');
  }

  const region = flag(a, ['--region', '--regio', '--regi', '--reg'])?.value ?? getVar(run, 'AWS_REGION')?.value ?? getVar(run, 'AWS_DEFAULT_REGION')?.value ?? section?.['region'];
  if (region) facts['aws-region'] = region;

  const endpoint = flag(a, ['--endpoint-url'])?.value ?? getVar(run, 'AWS_ENDPOINT_URL')?.value ?? section?.['endpoint_url'];
  if (endpoint) {
    const h = httpHost(endpoint);
    if (h) {
      facts['host'] = h.host;
      facts['url'] = h.url;
      ev.push(`endpoint ${h.url}`);
    }
  }
  const emu = endpoint ? emulatorStarted(run, endpoint) : undefined;
  if (emu) {
    facts['ephemeral'] = 'an emulator the line started';
    ev.push(`the endpoint's port is published by a container the line started with no volume (${emu}): what it holds is the line's own`);
  }
  const bucket = positionals(a, grammarOf('aws')).find((w) => w.value.startsWith('s3://'));
  if (bucket && !bucket.dynamic) facts['bucket'] = bucket.value.slice(5).split('/')[0]!;
  const named = namedResources(a, AWS_NAME_OPTS);
  if (named.names.length) { facts['aws-resource'] = named.names.join(' '); ev.push(...named.ev); }
  // cdk's stacks (`cdk destroy ApiStack-Production`), serverless/sst's stage (`-s production`).
  if (run.name === 'cdk') {
    const valued = /^(-c|--context|-a|--app|--profile|-o|--output|-r|--role-arn|--toolkit-stack-name|--plugin|-p|--parameters|--exclusively|--outputs-file|--ca-bundle-path|--proxy)$/;
    const stacks = a.filter((w, j) => !w.value.startsWith('-') && !(j > 0 && valued.test(a[j - 1]!.value))).slice(1).filter((w) => !w.dynamic && /\w/.test(w.value) && !w.value.includes('='));
    if (stacks.length) { facts['aws-resource'] = [facts['aws-resource'], ...stacks.map((w) => w.value)].filter(Boolean).join(' '); ev.push(`stacks ${stacks.map((w) => w.value).join(' ')} (argument)`); }
    // `-c stage=staging` / `--context env=prod`: the context an app reads its stage from, by the
    // usual names (a team's `stages:`); the last one given wins, as in cdk.
    for (const c of flagAll(a, ['-c', '--context'])) {
      const m = /^(stage|env|environment|envName|deployEnv|STAGE|ENV)=(.+)$/.exec(c.value);
      if (!m) continue;
      if (c.dynamic) return dyn(c.flag);
      facts['aws-stage'] = m[2]!;
      ev.push(`${c.flag} ${c.value} (flag)`);
    }
  }
  if (/^(serverless|sls|sst)$/.test(run.name)) {
    const st = flag(a, ['--stage', '-s']);
    if (st?.dynamic) return dyn(st.flag);
    if (st) { facts['aws-stage'] = st.value; ev.push(showFlag(st)); }
    // `--config serverless.prod.yml`: the service file's own name.
    const cf = run.name === 'sst' ? undefined : flag(a, ['--config', '-c']);
    if (cf && !cf.dynamic) { facts['serverless-config'] = cf.value; ev.push(showFlag(cf)); }
  }
  const what = bucket ? bucket.value : `AWS${profile ? ` profile ${profile}` : ''}`;
  return [{ facts, evidence: ev, resource: region ? `${what} (${region})` : what, guessed: guessed && !facts['host'] }];
}

/** `aws --endpoint-url http://localhost:4566 …` after `docker run -d -p 4566:4566 localstack/localstack`
 *  succeeded on the line (`&&`, set -e): a loopback endpoint (plain http: no S3 or other AWS service answers there through
 *  a tunnel, their signatures name the host) whose port a container the line started publishes,
 *  with no volume, bind mount or volumes of another container: an emulator whose state is only
 *  what this line put in it. The container's words, or undefined (rt25k1). */
function emulatorStarted(run: Run, endpoint: string): string | undefined {
  const m = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)\/?$/i.exec(endpoint.trim());
  if (!m || !run.inv.line) return undefined;
  return containerOnPort(run, m[1]!, false);
}

/** Database servers' official images (and bitnami's), run with their own entrypoint. */
const DB_IMAGES = /^(docker\.io\/)?(library\/)?(postgres|postgis\/postgis|mysql|mariadb|mongo|redis|valkey\/valkey|bitnami\/(postgresql|mysql|mariadb|mongodb|redis))(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/;

/** A container surely started on this line (`&&`, set -e) that publishes PORT on the loopback,
 *  with no volume, bind mount or volumes of another container, no host network or pid, no
 *  privilege, on a local engine (no DOCKER_HOST, DOCKER_CONTEXT or CONTAINER_HOST other than a
 *  unix socket, no current context in the docker config: a remote engine publishes the port on
 *  its own host, and the loopback here is something else): its state is only what this line put
 *  in it. The `docker run`'s words, or undefined. `db` (targets/database/index.ts, rt26k): also a
 *  database server's own image with its own entrypoint and only `-c key=value` settings after it
 *  (not a forwarder such as socat). */
export function containerOnPort(run: Run, port: string, db: boolean): string | undefined {
  // Only a container surely started (`&&`, or set -e): if `docker run` failed (the port or the
  // name taken), whatever else listens there would be reached.
  for (const prev of run.inv.succeeded ?? []) {
    if (!/^(docker|podman)$/.test(prev.name) || prev.via) continue;
    const a = prev.argv.slice(1);
    const at = a[0]?.value === 'run' ? 1 : a[0]?.value === 'container' && a[1]?.value === 'run' ? 2 : -1;
    if (at < 0) continue;
    if (!localEngine(run, prev)) continue;
    let published = false;
    let ok = true;
    let image = -1;
    for (let i = at; i < a.length; i++) {
      const w = a[i]!;
      if (w.dynamic) { ok = false; break; }
      const v = w.value;
      if (!v.startsWith('-')) { image = i; break; } // the image: its command and arguments follow
      if (/^(-v|--volume|--mount|--volumes-from|--privileged|--pid|--network|--net)(=|$)/.test(v) || /^-[a-zA-Z]*v/.test(v) && !v.startsWith('--')) { ok = false; break; }
      if (db && /^--(entrypoint|tmpfs)(=|$)/.test(v)) { ok = false; break; }
      const val = v === '-p' || v === '--publish' ? a[++i]?.value : /^(?:--publish=|-p)(.+)$/.exec(v)?.[1];
      if (val !== undefined) {
        if (new RegExp(`^(?:(?:127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\]):)?${port}:\\d+(?:/tcp)?$`).test(val)) published = true;
        continue;
      }
      // Options that take a value: skip it (the common ones; an unknown one ends the reading).
      if (/^(-d|--detach|--rm|-i|-t|-it|-dit|-ti|--init|-q|--quiet)$/.test(v)) continue;
      if (/^(--name|-e|--env|--env-file|-w|--workdir|--hostname|-h|--platform|--pull|--restart|-l|--label|--user|-u|--entrypoint|--health-cmd|--health-interval|--health-timeout|--health-retries|--memory|-m|--cpus|--shm-size|--ulimit|--add-host|--stop-timeout)$/.test(v)) { i++; continue; }
      if (/^--[\w-]+=/.test(v)) continue;
      ok = false;
      break;
    }
    if (db && ok) {
      const rest = image < 0 ? [] : a.slice(image + 1).map((w) => w.value);
      if (image < 0 || !DB_IMAGES.test(a[image]!.value) || rest.length % 2 || rest.some((v, k) => (k % 2 === 0 ? v !== '-c' : !/^[\w.]+=[\w.-]*$/.test(v)))) ok = false;
    }
    if (ok && published) return prev.argv.map((w) => w.value).join(' ');
  }
  return undefined;
}

/** The container engine `prev` talks to is this machine's (containerOnPort). */
function localEngine(run: Run, prev: Run['inv']): boolean {
  if (prev.unknownVars?.some((v) => v === '*' || /^(DOCKER_|CONTAINER_)/.test(v))) return false;
  for (const k of ['DOCKER_HOST', 'CONTAINER_HOST']) {
    const v = prev.vars[k];
    if (v !== undefined && v !== '' && !v.startsWith('unix://')) return false;
  }
  if (prev.vars['DOCKER_CONTEXT'] || prev.vars['CONTAINER_CONNECTION']) return false;
  const home = run.ctx.home;
  const dir = prev.vars['DOCKER_CONFIG'] ?? (home ? join(home, '.docker') : undefined);
  if (!dir) return false;
  const conf = readText(join(dir, 'config.json'));
  if (conf !== undefined && /"currentContext"\s*:\s*"(?!default")/.test(conf)) return false;
  return true;
}

// The aws CLI's options that name the resource acted on (s3api --bucket, rds
// --db-instance-identifier, dynamodb --table-name, cloudformation --stack-name, lambda
// --function-name, secretsmanager --secret-id, kms --key-id, ecs --cluster, sqs --queue-url...).
const AWS_NAME_OPTS = /^--(bucket|cluster|secret-id|key-id|queue-url|topic-arn|file-system-id|[\w-]+-(name|identifier))$/;

/** `aws configure set profile.default.role_arn arn:…:role/prod-admin && aws …`: a profile setting
 *  the line writes first (`KEY VALUE --profile P`, `profile.P.KEY`, `default.KEY`). */
function lineConfigureSet(run: Run, profile: string, key: string): { value: string; how: string } | undefined {
  const l = run.inv.line;
  const before = l ? l.all.slice(0, l.at) : [];
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    if (prev.name !== 'aws') continue;
    const words = prev.argv.slice(1);
    const pos = words.filter((w, j) => !w.value.startsWith('-') && !(j > 0 && /^--(profile|region|output)$/.test(words[j - 1]!.value)));
    if (pos[0]?.value !== 'configure' || pos[1]?.value !== 'set' || !pos[2] || !pos[3] || pos[2].dynamic || pos[3].dynamic) continue;
    const k = pos[2].value;
    const p = flag(words, ['--profile'])?.value ?? 'default';
    const m = /^(?:profile\.([^.]+)\.|default\.)?(.+)$/.exec(k)!;
    const forProfile = m[1] ?? (k.startsWith('default.') ? 'default' : p);
    if (forProfile === profile && m[2] === key) return { value: pos[3].value, how: prev.argv.map((x) => x.text).join(' ') };
  }
  return undefined;
}

function pathVar(run: Run, name: string): string | undefined {
  const v = getVar(run, name);
  return v && v.value !== '' ? absPath(v.value, run.cwd, run.ctx.home) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Google Cloud: --project, then CLOUDSDK_CORE_PROJECT, then the active configuration's
// [core] project. The configuration is --configuration, CLOUDSDK_ACTIVE_CONFIG_NAME, or the name
// in <config dir>/active_config; the config dir is CLOUDSDK_CONFIG or ~/.config/gcloud.

export function gcloudConfigDir(run: Run): string {
  return pathVar(run, 'CLOUDSDK_CONFIG') ?? join(run.ctx.home, '.config', 'gcloud');
}

/** `gcloud config set project acme-prod && …` (project) and `gcloud config configurations activate
 *  prod && …` / `… create prod` (configuration): what the line set first, tagged `p\0` or `c\0`. */
const gcloudSwitch: SwitchReader = (prev, words) => {
  if (prev.name !== 'gcloud') return undefined;
  const tag = (t: string, w: Word | undefined): Word | undefined => (w ? { ...w, value: `${t}\0${w.value}` } : undefined);
  if (startsWith(words, 'config', 'set', 'project')) return tag('p', argAfter(words, 'config', 'set', 'project'));
  if (startsWith(words, 'config', 'set', 'core/project')) return tag('p', argAfter(words, 'config', 'set', 'core/project'));
  if (startsWith(words, 'config', 'configurations', 'activate')) return tag('c', argAfter(words, 'config', 'configurations', 'activate'));
  if (startsWith(words, 'config', 'configurations', 'create') && !words.some((w) => w.value === '--no-activate')) return tag('c', argAfter(words, 'config', 'configurations', 'create'));
  return undefined;
};

export function resolveGcp(run: Run): Candidate[] {
  const a = run.args;
  const projFlag = run.name === 'bq' ? flag(a, ['--project_id']) : run.name === 'gsutil' ? flag(a, ['-p']) : flag(a, ['--project']);
  if (projFlag || getVar(run, 'CLOUDSDK_CORE_PROJECT')?.value || flag(a, ['--configuration'])) return gcpWith(run, undefined);
  return withSwitch(run, gcloudSwitch, (sw) => gcpWith(run, sw), 'if that switch failed, the project set before it stands');
}

function gcpWith(run: Run, sw: LineSwitch | undefined): Candidate[] {
  const a = run.args;
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const projFlag = run.name === 'bq' ? flag(a, ['--project_id']) : run.name === 'gsutil' ? flag(a, ['-p']) : flag(a, ['--project']);
  const dir = gcloudConfigDir(run);
  const cFlag = flag(a, ['--configuration']);
  const cVar = getVar(run, 'CLOUDSDK_ACTIVE_CONFIG_NAME');
  const activeFile = join(dir, 'active_config');
  if (sw?.dynamic) return dyn(`the switch ${sw.how}`);
  const [swKind, swName] = sw ? (sw.name.split('\0') as [string, string]) : [];
  const configName = cFlag?.value ?? (swKind === 'c' ? swName : undefined) ?? (cVar?.value || undefined) ?? readText(activeFile)?.trim() ?? 'default';
  const configPath = join(dir, 'configurations', `config_${configName}`);
  const config = readIni(configPath);

  if (projFlag) {
    if (projFlag.dynamic) return dyn(projFlag.flag);
    facts['gcp-project'] = projFlag.value;
    ev.push(showFlag(projFlag));
  } else {
    const v = getVar(run, 'CLOUDSDK_CORE_PROJECT');
    if (v && v.value !== '') {
      facts['gcp-project'] = v.value;
      ev.push(showVar('CLOUDSDK_CORE_PROJECT', v));
    } else if (swKind === 'p' && swName) {
      facts['gcp-project'] = swName;
      ev.push(`the line sets project ${swName} first (${sw!.how})`);
    } else if (config?.get('core')?.['project']) {
      const p = config.get('core')?.['project'] ?? '';
      facts['gcp-project'] = p;
      const how = cFlag ? showFlag(cFlag) : swKind === 'c' ? `the line activates it first (${sw!.how})` : cVar ? showVar('CLOUDSDK_ACTIVE_CONFIG_NAME', cVar) : isFile(activeFile) ? `active in ${showPath(activeFile, run.ctx, run.cwd)}` : 'the default configuration';
      ev.push(`project ${p} in gcloud configuration ${configName} (${how})`);
    } else {
      ev.push(`no project set in gcloud configuration ${configName}${swKind === 'c' ? ` (the line activates it first: ${sw!.how})` : ''}`);
      // A configuration chosen by a name that says production says it of the project it holds.
      if (configName !== 'default') facts['gcp-configuration'] = configName;
    }
  }
  const account = config?.get('core')?.['account'];
  if (account) facts['gcp-account'] = account;
  const bucket = a.find((w) => w.value.startsWith('gs://'));
  if (bucket && !bucket.dynamic) facts['bucket'] = bucket.value.slice(5).split('/')[0]!;
  const named = namedResources(a, GCP_NAME_OPTS, GCP_VERBS);
  if (named.names.length) { facts['gcp-resource'] = named.names.join(' '); ev.push(...named.ev); }
  return [{ facts, evidence: ev, resource: bucket?.value ?? `Google Cloud project ${facts['gcp-project'] ?? '?'}` }];
}

// gcloud's (and bq's) options that name the resource acted on, and the verbs after which the
// words are the resources' names (`gcloud sql instances delete NAME`, `bq rm -d PROJECT:DATASET`).
const GCP_NAME_OPTS = /^--(instance|cluster|bucket|database|dataset|topic|repository|service|function|job|queue|secret|keyring|key|backup|table|dataset_id)$/;
const GCP_VERBS = /^(delete|remove|destroy|reset|restore|import|patch|update|clear|purge|truncate|rollback|failover|restart|stop|deploy|undelete|rm|rb|mk|load|cp|mv|rsync|promote-replica|delete-instances|recreate-instances|abandon-instances)$/;

// ---------------------------------------------------------------------------------------------
// Azure: --subscription (a name or an id), else the subscription marked isDefault in
// azureProfile.json under AZURE_CONFIG_DIR or ~/.azure.

// az's options that name the resource acted on: -n/--name, -g/--resource-group, and the
// --X-name family (--account-name, --server-name, --vault-name, --cluster-name...), --server.
const AZ_NAME_OPTS = /^(-n|-g|--name|--resource-group|--server|--vault|--cluster|--[\w-]+-name)$/;

interface AzureSub { id?: string; name?: string; isDefault?: boolean; tenantId?: string }

/** `az account set --subscription "Acme Production" && az group delete …`: the subscription the line made the default. */
const azSwitch: SwitchReader = (prev, words) => (prev.name === 'az' && startsWith(words, 'account', 'set') ? optValue(words, ['--subscription', '-s', '--name', '-n']) : undefined);

export function resolveAzure(run: Run): Candidate[] {
  if (flag(run.args, ['--subscription'])) return azureWith(run, undefined);
  return withSwitch(run, azSwitch, (sw) => azureWith(run, sw), 'if that switch failed, the default subscription before it stands');
}

function azureWith(run: Run, sw: LineSwitch | undefined): Candidate[] {
  const ev: string[] = [];
  const facts: Record<string, string> = table();
  const dir = pathVar(run, 'AZURE_CONFIG_DIR') ?? join(run.ctx.home, '.azure');
  const profilePath = join(dir, 'azureProfile.json');
  const profile = readJson(profilePath) as { subscriptions?: AzureSub[] } | undefined;
  const subs = Array.isArray(profile?.subscriptions) ? profile.subscriptions : [];
  const sFlag = flag(run.args, ['--subscription']);
  let sub: AzureSub | undefined;
  if (sFlag) {
    if (sFlag.dynamic) return dyn('--subscription');
    ev.push(showFlag(sFlag));
    const want = sFlag.value.toLowerCase();
    sub = subs.find((s) => s.id?.toLowerCase() === want || s.name?.toLowerCase() === want) ?? { name: sFlag.value };
  } else if (sw) {
    if (sw.dynamic) return dyn(`the switch ${sw.how}`);
    const want = sw.name.toLowerCase();
    sub = subs.find((s) => s.id?.toLowerCase() === want || s.name?.toLowerCase() === want) ?? { name: sw.name };
    ev.push(`the line makes subscription ${sw.name} the default first (${sw.how})`);
  } else {
    sub = subs.find((s) => s.isDefault);
    if (sub) ev.push(`default subscription ${sub.name ?? sub.id} in ${showPath(profilePath, run.ctx, run.cwd)}`);
    else ev.push(`no default subscription in ${showPath(profilePath, run.ctx, run.cwd)}`);
  }
  if (sub?.name) facts['azure-subscription'] = sub.name;
  if (sub?.id) facts['azure-subscription-id'] = sub.id;
  if (sub?.tenantId) facts['azure-tenant'] = sub.tenantId;
  const named = namedResources(run.args, AZ_NAME_OPTS);
  // The resource group a command without -g uses: `az configure --defaults group=prod-rg` earlier
  // on the line (or AZURE_DEFAULTS_GROUP), else [defaults] group in the config file.
  if (!flag(run.args, ['-g', '--resource-group'])) {
    const dg = defaultGroup(run, dir);
    if (dg) { named.names.push(dg.value); named.ev.push(dg.how); }
  }
  if (named.names.length) { facts['azure-resource'] = named.names.join(' '); ev.push(...named.ev); }
  // A config directory chosen by name (`AZURE_CONFIG_DIR=~/.azure-prod`): its name is evidence too.
  const cd = getVar(run, 'AZURE_CONFIG_DIR');
  if (cd && !cd.dynamic && cd.value) { facts['azure-config-dir'] = cd.value.replace(/\/+$/, '').replace(/^.*\//, ''); ev.push(showVar('AZURE_CONFIG_DIR', cd)); }
  return [{ facts, evidence: ev, resource: `Azure subscription ${sub?.name ?? sub?.id ?? '?'}` }];
}

function defaultGroup(run: Run, dir: string): { value: string; how: string } | undefined {
  const l = run.inv.line;
  const before = l ? l.all.slice(0, l.at) : [];
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i]!;
    if (prev.name !== 'az' || prev.argv[1]?.value !== 'configure') continue;
    const d = optValue(prev.argv.slice(2), ['--defaults', '-d']);
    const g = d && !d.dynamic ? /(?:^|\s)group=(\S+)/.exec(d.value)?.[1] : undefined;
    if (g) return { value: g, how: `the line makes ${g} the default resource group first (${prev.argv.map((x) => x.text).join(' ')})` };
  }
  const v = getVar(run, 'AZURE_DEFAULTS_GROUP');
  if (v && !v.dynamic && v.value) return { value: v.value, how: showVar('AZURE_DEFAULTS_GROUP', v) };
  const cfgFile = join(dir, 'config');
  const g = readIni(cfgFile)?.get('defaults')?.['group'];
  return g ? { value: g, how: `default resource group ${g} in ${showPath(cfgFile, run.ctx, run.cwd)}` } : undefined;
}
