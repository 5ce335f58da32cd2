// Peer agreement: run shellfirm's per-rule test cases (Apache-2.0, /work/shared/corpora/shellfirm)
// through countersign's engine and write docs/peer-agreement.md: per group (file), the share of
// shellfirm's positives countersign intercepts (confirm or deny) and of its negatives it allows,
// the overall figures, and the deliberate differences with a reason each.
//
//   npx tsx scripts/peer-agreement.ts [--corpus DIR] [--out FILE] [--check]
//
// --check prints the figures and the unexplained disagreements without writing the doc.
// test/rules/corpus.test.ts imports `runAgreement` to keep the intercept rate from regressing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectionFixture } from '../test/helpers/detection-fixture.js';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { check, type CheckContext, type CheckResult } from '../src/engine.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// shared/ sits beside the repository checkout (as in CI).
export const DEFAULT_CORPUS = process.env.SHELLFIRM_CORPUS ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpora', 'shellfirm');

export interface Case {
  group: string;
  /** shellfirm's rule id: the expected id of a positive, the section heading of a negative. */
  rule: string;
  test: string;
  description: string;
  positive: boolean;
}

export interface Outcome extends Case {
  decision: CheckResult['decision'];
  rules: string[];
  /** countersign agrees: intercepts a positive, allows a negative. */
  agree: boolean;
  /** The deliberate difference that explains a disagreement, if any. */
  why?: Difference;
}

/** Read every `*.yaml` of the corpus; section headings (`# -- id --`) name the rule of negatives. */
export function loadCorpus(dir = DEFAULT_CORPUS): Case[] {
  const out: Case[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const group = file.replace(/\.yaml$/, '');
    const text = readFileSync(path.join(dir, file), 'utf8');
    const headings: string[] = [];
    let heading = group;
    for (const line of text.split('\n')) {
      const h = /^#\s*--\s*(\S+)/.exec(line);
      if (h) heading = h[1]!;
      if (/^-\s+test:/.test(line)) headings.push(heading);
    }
    const items = (parseYaml(text) ?? []) as Array<{ test: string; description?: string; expect_ids?: string[] }>;
    if (items.length !== headings.length) throw new Error(`${file}: ${items.length} cases but ${headings.length} "- test:" lines`);
    items.forEach((it, i) => {
      const ids = it.expect_ids ?? [];
      out.push({ group, rule: ids[0] ?? headings[i]!, test: it.test, description: it.description ?? '', positive: ids.length > 0 });
    });
  }
  return out;
}

/** The evasion suite's fixture (test/helpers/detection-fixture.ts). */
export function makeFixture(): { root: string; ctx: CheckContext; cleanup(): void } {
  return detectionFixture('countersign-peer-');
}

// ---- deliberate differences ----

export interface Difference {
  /** Short name for the doc. */
  title: string;
  /** One line: why countersign decides differently. */
  reason: string;
  /** Which side of shellfirm's cases it concerns. */
  side: 'positive' | 'negative';
  /** shellfirm rule ids (globs with *) or a predicate on the case (and countersign's findings). */
  rules?: string[];
  test?: (c: Case & { rules?: string[] }) => boolean;
}

const idGlob = (g: string): RegExp => new RegExp('^' + g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*') + '$');

/** Why countersign lets a shellfirm positive run, or pauses a shellfirm negative. The first that
 *  fits explains the case. Groups of rules countersign doesn't cover at all come first. */
export const DIFFERENCES: Difference[] = [
  // ---- positives countersign lets run: out of its scope ----
  { side: 'positive', title: 'identities, access and repository settings', rules: ['aws:iam_delete', 'azure:delete_ad_app', 'gcp:delete_service_account', 'heroku:remove_member', 'heroku:remove_user_access', 'heroku:remove_yourself_from_app', 'heroku:update_collaborators_access', 'heroku:destroy_client', 'heroku:rotate_oauth_client', 'heroku:update_oauth_client', 'heroku:rename_app_name', 'heroku:disable_app_feature', 'heroku:detach_addon', 'github:repo_archive', 'github:repo_rename', 'github:repo_change_visibility'],
    reason: 'users, roles, service accounts (undeletable for 30 days on GCP), collaborators, OAuth clients, names, features, visibility, archiving and add-on attachments hold no data and can be put back; countersign pauses deletes of what holds data' },
  { side: 'positive', title: 'app availability on Heroku', rules: ['heroku:enable_maintenance_mode', 'heroku:kill_app_dynos', 'heroku:restart_app_dynos', 'heroku:stop_app_dynos', 'heroku:remove_app_container', 'heroku:reset_repo', 'heroku:unset_environment_variable'],
    reason: 'stopping, restarting or killing dynos, maintenance mode, removing a built image and resetting the build repository lose no data (the code is in your git); `heroku rollback` restores unset config vars' },
  { side: 'positive', title: 'cloud deletes that hold or lose no data', test: (c) => ['aws:sns_delete_topic', 'aws:ecs_delete'].includes(c.rule) || (c.rule === 'aws:ecr_delete_repository' && !/--force/.test(c.test)),
    reason: 'an SNS topic stores no messages; an ECS cluster holds no data and refuses deletion while services run; `ecr delete-repository` without --force refuses a repository that still has images' },
  { side: 'positive', title: 'parted that only prints', test: (c) => c.rule === 'fs:parted_disk_modify' && /^parted\s+(-s\s+)?\S+\s+(unit\s+\S+\s+)?print(\s+\S+)?\s*$/.test(c.test.trim()),
    reason: '`parted DEVICE print` lists the partition table and changes nothing; parted with any command that writes (mklabel, rm, mkpart, resizepart...) pauses' },
  { side: 'positive', title: 'one named object', test: (c) => c.rule === 'azure:delete_storage' && /\bblob\s+delete\b/.test(c.test),
    reason: 'deleting one named blob is routine cleanup (like `rm file`); a container, share, account, batch or recursive delete pauses' },
  { side: 'positive', title: '`vercel rm` with nothing named', test: (c) => c.rule === 'vercel:remove' && /^\s*(vercel|vc)\s+(rm|remove)\s*$/.test(c.test),
    reason: 'without a project or deployment name the command refuses to run; `vercel rm NAME` pauses' },
  { side: 'positive', title: 'machine administration', rules: ['base:reboot_machine', 'base:shutdown_machine', 'base:poweroff_machine', 'base:init_shutdown_reboot', 'process:*', 'systemd:*', 'network:*', 'base:bash_fork_bomb', 'base:execute_all_history_commands'],
    reason: 'reboots, kills, service, network and firewall changes lose no data; countersign guards irreversible data loss, not availability' },
  { side: 'positive', title: 'package registry', rules: ['npm:*'],
    reason: 'unpublishing or deprecating a package is a registry action outside the packs' },
  { side: 'positive', title: 'shellfirm strict mode', rules: ['fs-strict:*', 'git-strict:*', 'kubernetes-strict:*'],
    reason: 'shellfirm\'s opt-in "strict" checks (any deletion, chmod, git add -A, commit -a, tags, rebase, kubectl delete/patch/scale of one object) are routine work; countersign would pause all day' },
  // ---- positives: countersign's narrower policy ----
  { side: 'positive', title: 'dry runs', test: (c) => /^(git:clean_force|fs:rsync_delete|fs:mkfs_format)$/.test(c.rule) && /\s(--dry-run|-[a-zA-Z]*n[a-zA-Z]*)(\s|$)/.test(c.test),
    reason: '`git clean -n`, `rsync -n` and `mke2fs -n` only show what they would do' },
  { side: 'positive', title: 'unprotected files and folders', rules: ['fs:recursively_delete', 'fs:move_to_dev_null', 'fs:delete_find_files', 'fs:shred', 'fs:truncate_zero', 'fs:flush_file_content', 'fs:rsync_delete'],
    reason: 'countersign pauses deletes, truncations, overwrites and mirrors only on protected paths (data/ here, marked directories) and dangerous roots (/, /*, ~, ~/.ssh, ~/.aws, ~/.kube, ~/.config, system directories, block devices), not on any folder: `rm -rf build` stays quiet' },
  { side: 'positive', title: 'permissions and ownership', rules: ['fs:recursively_chmod', 'fs:recursively_chown'],
    reason: 'chmod and chown change access, not content; countersign pauses them recursively on the system\'s own top directories (`/`, `/usr`, `/etc`, `/var`, …: setuid bits and config modes are lost with no record) and where they take read access away from protected data (`chmod -R 000 data`); `chmod -R` with no mode, `.`, `..` or `*` in a project are routine' },
  { side: 'positive', title: 'mounts, encryption keys, backups, device settings', rules: ['fs:mount_operations', 'fs:encryption_operations', 'fs:filesystem_backup', 'fs:partprobe_disk_update', 'fs:blockdev_disk_modify'],
    reason: 'these change how storage is seen, or read it; countersign pauses what overwrites a device: dd of=, mkfs, wipefs, fdisk/gdisk/sfdisk/parted/sgdisk, blkdiscard, cryptsetup luksFormat/erase, lvremove/vgremove/pvremove' },
  { side: 'positive', title: 'reading a partition table', test: (c) => /^fs:(fdisk|gdisk|sfdisk|parted)/.test(c.rule) && /\s(-l|--list)\b|sfdisk\s.*(-d|--dump)\b/.test(c.test),
    reason: '`fdisk -l`, `gdisk -l` and `sfdisk -d` list or dump the table and change nothing' },
  { side: 'positive', title: 'crontab -r', rules: ['base:delete_all_cron_tasks'],
    reason: 'the crontab is configuration outside the packs' },
  { side: 'positive', title: 'ssh agent and known_hosts', rules: ['ssh:*'],
    reason: '`ssh-add -D` and `ssh-keygen -R` edit the agent and known_hosts; the keys in ~/.ssh stay (deleting ~/.ssh itself pauses)' },
  { side: 'positive', title: 'everyday git', rules: ['git:bisect', 'git:cherry_pick', 'git:merge_no_ff', 'git:worktree_management', 'git:delete_all', 'git:interactive_rebase'],
    reason: 'bisect, cherry-pick, merges, rebases, adding worktrees and `git rm` without -f keep every change recoverable (git refuses to drop uncommitted changes without -f); `git rm -f .`, `worktree remove -f` pause' },
  { side: 'positive', title: '`git reset` without --hard', test: (c) => c.rule === 'git:reset' && !/--hard|--merge/.test(c.test),
    reason: 'a mixed or soft reset keeps the working tree; only --hard throws changes away' },
  { side: 'positive', title: '`git restore --staged`', test: (c) => c.rule === 'git:restore_discard_all' && /--staged|\s-S\b/.test(c.test) && !/--worktree|\s-W\b|-SW|-WS/.test(c.test),
    reason: '--staged alone only unstages; the working tree is untouched' },
  { side: 'positive', title: '`git branch -d`', test: (c) => c.rule === 'git:force_delete_branch' && !/\s-D\b|--force|\s-f\b|-df|-fd/.test(c.test),
    reason: '`git branch -d` refuses to delete unmerged commits; only -D / --force loses them' },
  { side: 'positive', title: '--force-with-lease', test: (c) => c.rule === 'git:force_push' && /--force-with-lease|--force-if-includes/.test(c.test) && !/(\s-f\b|--force(\s|$))/.test(c.test.replace(/--force-with-lease(=\S*)?|--force-if-includes/g, '')),
    reason: '`git push --force-with-lease` refuses to overwrite commits it hasn\'t seen, so countersign treats it as safe' },
  { side: 'positive', title: 'containers, images, networks', rules: ['docker:force_remove_all_containers', 'docker:force_remove_images', 'docker:image_prune_all', 'docker:container_prune', 'docker:stop_all_containers', 'docker:remove_network', 'docker:buildx_prune_all', 'docker:run_privileged'],
    reason: 'containers, images, networks and build caches can be rebuilt; countersign pauses where data lives: volumes (volume rm/prune, system prune --volumes, compose down -v, rm -v)' },
  { side: 'positive', title: '`docker system prune` without --volumes', test: (c) => c.rule === 'docker:system_prune_all' && !/--volumes/.test(c.test),
    reason: 'without --volumes it removes only rebuildable things' },
  { side: 'positive', title: 'a plain drain', test: (c) => c.rule === 'kubernetes:drain_node' && !/--force|--delete-(emptydir|local)-data|--disable-eviction|\s(-l|--selector)[\s=]/.test(c.test),
    reason: 'a drain without --force, emptyDir deletion, an eviction-API bypass or a node selector evicts only pods their controllers recreate elsewhere, within disruption budgets: nothing is lost; with any of those it pauses' },
  { side: 'positive', title: 'Kubernetes changes that keep data', rules: ['kubernetes:cordon_node', 'helm:rollback', 'helm:upgrade_force'],
    reason: 'cordon, helm rollback and helm upgrade --force keep volumes and their claims; countersign pauses deletes of namespaces, storage, stateful sets, everything of a kind or of a manifest, forced replace/apply, drains and uninstalls' },
  { side: 'positive', title: 'Terraform plumbing and unattended apply', rules: ['terraform:force_unlock', 'terraform:force_unlock_with_force_flag', 'terraform:apply_with_auto_approve', 'terraform:state'],
    reason: '`force-unlock`, `state mv/replace-provider` and `apply -auto-approve` don\'t destroy by themselves; countersign pauses destroy, apply -destroy, state rm and workspace delete' },
  { side: 'positive', title: 'statements typed inside an interactive client', rules: ['mongodb:interactive_*', 'redis:interactive_*'],
    reason: 'a bare `FLUSHALL` or `db.users.drop()` line is not a shell command; countersign judges command lines and reads what a client is given on them (`redis-cli FLUSHALL`, `mongosh --eval ...`)' },
  { side: 'positive', title: 'index drops', rules: ['database:drop_index'],
    reason: 'an index is rebuilt from its table; no rows are lost' },
  { side: 'positive', title: 'DROP of roles and users', test: (c) => c.rule === 'database:drop_schema_role_user' && /\b(role|user)\b/i.test(c.test),
    reason: 'dropping a role or user loses no rows; DROP SCHEMA and DROP DATABASE pause' },
  { side: 'positive', title: 'unquoted SQL after -c / -e', test: (c) => /^(psql|mysql):|^database:/.test(c.rule) && /\b(psql|mysql)\s+(-c|-e)\s+[A-Za-z]+\s/.test(c.test),
    reason: '`psql -c DROP TABLE users` gives the client the one word `DROP` (TABLE and users become other arguments), which fails; countersign reads the SQL the client actually gets' },
  { side: 'positive', title: 'SQL text that is not a command', test: (c) => /^(database|psql|mysql|mongodb):/.test(c.rule) && !/^\s*(sudo\s+)?(psql|mysql|mariadb|sqlite3|duckdb|mongosh|mongo|clickhouse|cockroach)\b/.test(c.test) && !/\|/.test(c.test),
    reason: 'shellfirm matches SQL words anywhere in the line; a bare `DROP TABLE x` line runs a program named DROP. countersign reads SQL where a client gets it (psql -c, mysql -e, sqlite3 args, heredocs, pipes, files)' },

  // ---- negatives countersign pauses ----
  { side: 'negative', title: 'secrets and variables that cannot be read back', rules: ['flyio:secrets_unset', 'netlify:env_unset', 'netlify:env_clone', 'vercel:env_remove'],
    reason: 'Fly secrets and Netlify/Vercel sensitive variables can\'t be read back once set, so removing (or overwriting, for env:clone) one loses its value; countersign pauses these at medium' },
  { side: 'negative', title: 'lines bash cannot parse', test: (c) => !!c.rules?.includes('core/uncertain'),
    reason: 'the line is not valid bash (`SELECT COUNT(*) ...`, an unquoted `find()`): countersign pauses unreadable lines that may mention a watched program (an unquoted `*` could be any name)' },
  { side: 'negative', title: 'code fetched or built at run time', test: (c) => /\|\s*(sudo\s+)?(ba|z|da|k)?sh\b|\beval\b|\bsource\b/.test(c.test),
    reason: 'downloaded code fed to any shell is opaque (here `| dash`); countersign pauses rather than guess' },
  { side: 'negative', title: 'formatting a device, whatever the options', rules: ['fs:mkfs_format'],
    reason: 'mkfs on a block device destroys it with -F, -L, -c, -q, -b, -i or -m alike (shellfirm\'s cases expect no match for these spellings); only `mke2fs -n` is a dry run; `mkfs.ext4 /mnt/external` names a whole mounted drive, a protected root' },
  { side: 'negative', title: 'SQL typed at the shell with a command substitution', test: (c) => /^\s*(DELETE|PUT|POST|GET|HEAD)\s/.test(c.test) && /`|\$\(/.test(c.test),
    reason: 'at a shell `DELETE FROM `users`` runs lwp-request\'s DELETE (libwww-perl installs it) with a URL that `users` prints when the line runs: a DELETE to a URL only known then pauses' },
  { side: 'negative', title: 'IAM inline policies', test: (c) => /\baws\s+iam\s+delete-(role|user|group)-policy\b/.test(c.test),
    reason: 'an inline policy\'s document exists only on its role or user (unlike a managed policy it has no versions to go back to): deleting it loses it, and whatever relied on those permissions stops working' },
  { side: 'negative', title: '`mv .`', test: (c) => /^\s*mv\s+\.\s*$/.test(c.test),
    reason: 'in the fixture `.` holds the protected data/, so moving it pauses (bash would fail for want of a destination, which countersign doesn\'t second-guess)' },
  { side: 'negative', title: 'rsync --delete-after / --delete-excluded', rules: ['fs:rsync_delete'],
    reason: 'these delete at the destination too, and /dest is a top-level directory (/*), a dangerous root' },
  { side: 'negative', title: 'applying a saved plan that can\'t be read', test: (c) => !!c.rules?.includes('iac/terraform-apply-destroying-plan'),
    reason: 'the saved plan decides what apply does: countersign reads it and pauses when it destroys or replaces, or when it can\'t be read (here the file doesn\'t exist; on a real line it is often written earlier on the same line, as `plan -destroy -out p && apply p`)' },
  { side: 'negative', title: 'terraform destroy and workspace delete without -auto-approve / -force', rules: ['terraform:destroy_auto_approve', 'terraform:workspace_delete_*'],
    reason: 'an agent answers terraform\'s "yes" prompt as easily as it adds -auto-approve, so countersign pauses the destroy itself' },
];

export function explain(c: Case & { rules?: string[] }): Difference | undefined {
  const side = c.positive ? 'positive' : 'negative';
  return DIFFERENCES.find((d) => d.side === side && ((d.rules && d.rules.some((g) => idGlob(g).test(c.rule))) || (d.test && d.test(c))));
}

/** Groups countersign claims to cover: their in-scope positives are held to a floor in CI. */
export const COVERED_GROUPS = ['fs', 'git', 'database', 'psql', 'mysql', 'mongodb', 'redis', 'docker', 'kubernetes', 'terraform', 'shell', 'aws', 'gcp', 'azure', 'flyio', 'heroku', 'vercel', 'netlify', 'github'];

export async function runAgreement(corpus = DEFAULT_CORPUS): Promise<Outcome[]> {
  const cases = loadCorpus(corpus);
  const fx = makeFixture();
  try {
    const out: Outcome[] = [];
    for (const c of cases) {
      const r = await check(c.test, fx.ctx);
      const intercept = r.decision !== 'allow';
      const agree = c.positive ? intercept : !intercept;
      const o: Outcome = { ...c, decision: r.decision, rules: r.findings.filter((f) => f.decision !== 'allow').map((f) => f.rule), agree };
      if (!agree) o.why = explain(o);
      out.push(o);
    }
    return out;
  } finally {
    fx.cleanup();
  }
}

// ---- figures ----

export interface Figures {
  positives: number;
  intercepted: number;
  negatives: number;
  allowed: number;
}

export function figures(outs: Outcome[]): Figures {
  const pos = outs.filter((o) => o.positive);
  const neg = outs.filter((o) => !o.positive);
  return { positives: pos.length, intercepted: pos.filter((o) => o.agree).length, negatives: neg.length, allowed: neg.filter((o) => o.agree).length };
}

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)}%` : '–');

/** Positives countersign should intercept under its own policy: those it does, plus the misses no
 *  deliberate difference explains. */
export function inScope(outs: Outcome[]): Outcome[] {
  return outs.filter((o) => o.positive && (o.agree || !o.why));
}

function render(outs: Outcome[]): string {
  const groups = [...new Set(outs.map((o) => o.group))];
  const all = figures(outs);
  const covered = outs.filter((o) => COVERED_GROUPS.includes(o.group));
  const cov = figures(covered);
  const scoped = inScope(covered);
  const scopedHit = scoped.filter((o) => o.agree).length;
  const L: string[] = [];
  L.push('# Peer agreement: countersign and shellfirm');
  L.push('');
  L.push('<!-- Generated by `npm run peer-agreement` (scripts/peer-agreement.ts). Do not edit by hand. -->');
  L.push('');
  L.push('[shellfirm](https://github.com/kaplanelad/shellfirm) is an interactive guard for risky shell');
  L.push('commands. Its per-rule test cases (`shellfirm/tests/checks/*.yaml`, snapshot at commit 7ebf869,');
  L.push('version 0.3.10) are a useful outside opinion on what counts as dangerous. This page runs every');
  L.push('one of them through countersign\'s engine (`check()`, the builtin packs) in the evasion suite\'s');
  L.push('fixture: a git repository whose `data/` is protected, a scratch HOME with `.ssh`, `.aws` and');
  L.push('`.kube`, and an empty environment. A positive counts as intercepted when countersign confirms or');
  L.push('denies it; a negative agrees when countersign allows it.');
  L.push('');
  L.push('> **Attribution.** The test cases come from the shellfirm project and its contributors');
  L.push('> (https://github.com/kaplanelad/shellfirm, `tests/checks/*.yaml`), licensed under the');
  L.push('> [Apache License 2.0](https://www.apache.org/licenses/LICENSE-2.0). They are read unchanged as');
  L.push('> test data from `shared/corpora/shellfirm` beside the repository (with its `LICENSE` and `NOTICE`); countersign');
  L.push('> ships neither them nor any shellfirm code. This page quotes a few of them.');
  L.push('');
  L.push('## Overall');
  L.push('');
  L.push('| | positives intercepted | negatives allowed |');
  L.push('|---|---|---|');
  L.push(`| all ${groups.length} groups | ${all.intercepted}/${all.positives} (${pct(all.intercepted, all.positives)}) | ${all.allowed}/${all.negatives} (${pct(all.allowed, all.negatives)}) |`);
  L.push(`| groups countersign covers (${COVERED_GROUPS.join(', ')}) | ${cov.intercepted}/${cov.positives} (${pct(cov.intercepted, cov.positives)}) | ${cov.allowed}/${cov.negatives} (${pct(cov.allowed, cov.negatives)}) |`);
  L.push(`| of those, the positives countersign's own policy says to pause (all but the deliberate differences below) | ${scopedHit}/${scoped.length} (${pct(scopedHit, scoped.length)}) | |`);
  L.push('');
  L.push('The low overall figure is by design: shellfirm also guards availability (reboots, kills, firewalls),');
  L.push('cloud consoles, package registries and routine git, and pauses `rm -rf` of any folder. countersign');
  L.push('guards irreversible data loss and pauses only where that can happen. `test/rules/corpus.test.ts`');
  L.push('fails when the covered groups\' figures drop (fewer positives intercepted, fewer negatives allowed)');
  L.push('or when a shellfirm positive is let run with no deliberate reason.');
  L.push('');
  L.push('## Per group');
  L.push('');
  L.push('| group | positives intercepted | negatives allowed | covered |');
  L.push('|---|---|---|---|');
  for (const g of groups) {
    const f = figures(outs.filter((o) => o.group === g));
    L.push(`| ${g} | ${f.intercepted}/${f.positives} (${pct(f.intercepted, f.positives)}) | ${f.allowed}/${f.negatives} (${pct(f.allowed, f.negatives)}) | ${COVERED_GROUPS.includes(g) ? 'yes' : 'no'} |`);
  }
  L.push('');
  L.push('## Deliberate differences');
  L.push('');
  L.push('Each line: the shellfirm cases it explains (positives countersign lets run, or negatives it');
  L.push('pauses), then why.');
  L.push('');
  const used = new Map<Difference, Outcome[]>();
  for (const o of outs) if (!o.agree && o.why) used.set(o.why, [...(used.get(o.why) ?? []), o]);
  for (const d of DIFFERENCES) {
    const os = used.get(d);
    if (!os?.length) continue;
    const ids = [...new Set(os.map((o) => o.rule))];
    const shown = ids.slice(0, 6).map((i) => `\`${i}\``).join(', ') + (ids.length > 6 ? `, … (${ids.length} rules)` : '');
    L.push(`- **${d.title}** (${os.length} ${d.side === 'positive' ? 'positives let run' : 'negatives paused'}; ${shown}): ${d.reason}.`);
  }
  const fixed = [
    ['policy', 'countersign pauses DROP/TRUNCATE/DELETE-without-WHERE/FLUSHALL and volume deletes even on a local database or Docker engine (critical severity); framework resets (`prisma migrate reset`, `rails db:reset`) stay relaxed on local targets'],
    ['policy', 'countersign pauses `git reset --hard`, `git clean -f`, `git checkout .`/`restore .` and `git stash drop/clear` (work that exists nowhere else), but not `git reset` without --hard'],
  ];
  L.push('');
  L.push('Policy notes that shape the figures:');
  L.push('');
  for (const [, t] of fixed) L.push(`- ${t}.`);
  const open = outs.filter((o) => !o.agree && !o.why);
  L.push('');
  L.push('## Unexplained disagreements');
  L.push('');
  if (!open.length) L.push('None: every disagreement above is deliberate.');
  else {
    L.push('Cases where countersign differs from shellfirm with no deliberate reason yet (gaps to look at):');
    L.push('');
    for (const o of open) L.push(`- \`${o.group}\` ${o.positive ? 'positive let run' : 'negative paused'} (${o.rule}): \`${o.test.replace(/`/g, "'")}\`${o.rules.length ? ` — ${o.rules.join(', ')}` : ''}`);
  }
  L.push('');
  return L.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const corpus = args.includes('--corpus') ? args[args.indexOf('--corpus') + 1]! : DEFAULT_CORPUS;
  const outFile = args.includes('--out') ? args[args.indexOf('--out') + 1]! : path.join(ROOT, 'docs', 'peer-agreement.md');
  if (!existsSync(corpus)) {
    process.stderr.write(`peer-agreement: no corpus at ${corpus} (set --corpus or SHELLFIRM_CORPUS)\n`);
    process.exit(2);
  }
  const outs = await runAgreement(corpus);
  const all = figures(outs);
  const scoped = inScope(outs.filter((o) => COVERED_GROUPS.includes(o.group)));
  process.stdout.write(`positives intercepted ${all.intercepted}/${all.positives} (${pct(all.intercepted, all.positives)}), negatives allowed ${all.allowed}/${all.negatives} (${pct(all.allowed, all.negatives)})\n`);
  process.stdout.write(`in-scope positives of covered groups: ${scoped.filter((o) => o.agree).length}/${scoped.length} (${pct(scoped.filter((o) => o.agree).length, scoped.length)})\n`);
  const open = outs.filter((o) => !o.agree && !o.why);
  for (const o of open) process.stdout.write(`  ${o.positive ? 'MISS' : 'FP  '} [${o.group} ${o.rule}] ${o.test}${o.rules.length ? `  (${o.rules.join(', ')})` : ''}\n`);
  if (args.includes('--check')) return;
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, render(outs));
  process.stdout.write(`wrote ${path.relative(process.cwd(), outFile)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`peer-agreement: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
