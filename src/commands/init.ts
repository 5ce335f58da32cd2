// `countersign init`: set up a team repo. Writes (each only when missing or different):
//   .countersign.yaml        a commented starter extending `recommended`, with environments
//                            proposed from what is visible here (asked on /dev/tty, or --yes)
//   .vscode/settings.json    the "countersign" terminal profile (Cursor reads it too)
//   .cursor/hooks.json       with --cursor-hooks: the beforeShellExecution hook
//   .claude/settings.json    with --claude: the PreToolUse hook for Bash
//   .codex/hooks.json        with --codex: Codex's PreToolUse hook (with --codex-user: in
//                            $CODEX_HOME/hooks.json instead); Codex runs it once a person trusts it
// And in the user's own config (never a committed file): `machine:`, what this machine is
// (asked on /dev/tty, or --machine): a workstation, or the environment a server runs.
// These are meant to be committed, so they run `countersign` found on PATH, never this machine's
// path. With --local, this machine's absolute path goes into the person's own files instead:
// the user's VS Code settings, ~/.cursor/hooks.json, .claude/settings.local.json.
// Existing JSONC files are merged without losing comments or formatting. Idempotent: a second
// run changes nothing and says so.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../exit.js';
import { homeOf } from '../engine.js';
import { codexHome, discover, JsoncError, mergeClaudeHooks, mergeCodexHooks, mergeCursorHooks, mergeTerminalProfile, PORTABLE_PROGRAM, programPath, propose, repoRoot, vscodeUserSettings, type Change, type Found, type FoundKey } from '../agents/index.js';
import { isCountersign, onPath } from '../shell/index.js';
import { clearTargetCache } from '../targets/index.js';
import { userConfigFile } from '../dirs.js';
import { yaml } from '../lazy.js';

export interface InitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  yes: boolean;
  cursorHooks: boolean;
  claude: boolean;
  /** Codex's hooks.json: in the project, or in $CODEX_HOME for every project. */
  codex?: 'project' | 'user';
  defaultProfile: boolean;
  /** Write this machine's path into the person's own files instead of the committed ones. */
  local?: boolean;
  /** The program written with --local (default: this installation's absolute path). */
  program?: string;
  /** Which of the found names are production (default: ask on /dev/tty, or the --yes defaults). */
  choose?: (found: Found[], proposed: Set<Found>) => Promise<Set<Found>>;
  /** This machine's environment for the user's config (`--machine`): workstation, production, ... */
  machine?: string;
  /** Ask what this machine is (default: on /dev/tty; undefined when there is none). */
  askMachine?: () => Promise<string | undefined>;
  out?: (s: string) => void;
}

export interface InitResult {
  root: string;
  changes: Change[];
  ok: boolean;
}

// ---- the team file ----

const YAML_WORDS = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A YAML scalar for a name matched as a glob: glob characters escaped, quoted when needed. */
export function yamlGlobLiteral(name: string): string {
  const escaped = name.replace(/[*?[\]{}()!\\]/g, (c) => `\\${c}`);
  if (/^[A-Za-z_][\w./@-]*$/.test(escaped) && !YAML_WORDS.test(escaped)) return escaped;
  return JSON.stringify(escaped);
}

const KEY_ORDER: FoundKey[] = ['kube-contexts', 'aws-profiles', 'railway-environments', 'hosts'];

function matchBlock(items: Found[], indent: string): string[] {
  const lines: string[] = [];
  for (const key of KEY_ORDER) {
    const vals = items.filter((f) => f.key === key);
    if (!vals.length) continue;
    lines.push(`${indent}${key}: [${vals.map((f) => yamlGlobLiteral(f.value)).join(', ')}]`);
  }
  return lines;
}

export function teamFileText(found: Found[], production: Set<Found>): string {
  const local = found.filter((f) => !production.has(f) && propose(f) === 'local');
  const prod = found.filter((f) => production.has(f));
  const rest = found.filter((f) => !production.has(f) && !local.includes(f));
  const L: string[] = [
    '# countersign team policy for this repository. Commit it: it applies to everyone working here.',
    '# A repository can only add protection (rules, protected paths, stricter policy); weakening',
    '# anything is honoured only from your own ~/.config/countersign/config.yaml. See README.md.',
    'extends: [recommended]',
    '',
    '# Paths that pause for a typed confirmation before they are deleted or overwritten; each',
    '# protects itself and everything under it.',
    '# protected-paths: [data]',
    '',
    '# Which environment a command acts on, from what countersign resolves (`countersign env` shows',
    '# it). Values are globs; the first environment that matches wins; a target nothing matches is',
    '# "unknown" and handled like production. Proposed by `countersign init` from what it saw here.',
  ];
  if (prod.length || local.length) {
    L.push('environments:');
    if (prod.length) L.push('  production:', '    match:', ...matchBlock(prod, '      '));
    if (local.length) L.push('  local:', '    match:', ...matchBlock(local, '      '));
    if (rest.length) {
      L.push('  # Also seen here, not classified: put them under an environment (a staging one, say).');
      L.push('  # staging:', '  #   match:', ...matchBlock(rest, '  #     '));
    }
  } else {
    L.push('# environments:', '#   production:', '#     match:', '#       hosts: ["*.prod.example.com"]');
    if (rest.length) {
      L.push('#   # Also seen here, not classified: put them under an environment.');
      L.push('#   staging:', '#     match:', ...matchBlock(rest, '#       '));
    }
  }
  L.push(
    '',
    'policy:',
    '  confirm-at: medium   # the lowest severity that pauses: low | medium | high | critical',
    '  # deny: [iac/terraform-destroy]   # rules (ids or globs) that never run, not even with a phrase',
    '  # environments:',
    '  #   production: { deny: ["databases/*"] }',
    '',
    'confirm:',
    '  # Agent hooks: typed = deny, a person runs `countersign approve ID` in their own terminal,',
    "  # the agent retries; ask = the agent's own approval dialog (Claude Code, Cursor).",
    '  hooks: typed',
    '',
  );
  return L.join('\n');
}

export class Cancelled extends Error {}

async function askProduction(found: Found[], proposed: Set<Found>): Promise<Set<Found> | undefined> {
  const { openTty } = await import('../confirm/index.js');
  const t = openTty();
  if (!t) return undefined;
  try {
    const { checkbox } = await import('../prompts.js');
    const chosen = await checkbox(
      {
        message: 'Which of these are production? (space toggles, enter accepts)',
        choices: found.map((f) => ({ value: f, name: `${f.key.replace(/s$/, '')} ${f.value}  (${f.from}${f.current ? ', in use here' : ''})`, checked: proposed.has(f) })),
        pageSize: 20,
      },
      { input: t.input, output: t.output },
    ).catch((e: Error) => {
      // Ctrl-C or Ctrl-D: stop before anything is written (the team file is the first step).
      throw new Cancelled(e.message);
    });
    return new Set(chosen);
  } finally {
    t.close();
  }
}

// ---- this machine (the user's config) ----

/** What `--machine` takes: workstation, or the name of the environment this server runs. */
export const MACHINE_NAME = /^[a-z][a-z0-9-]*$/;

async function askMachine(): Promise<string | undefined> {
  const { openTty } = await import('../confirm/index.js');
  const { input, select } = await import('../prompts.js');
  // One terminal per prompt: a prompt ends its output stream when it is done.
  const ask = async <T>(prompt: (io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }) => Promise<T>): Promise<T | undefined> => {
    const t = openTty();
    if (!t) return undefined;
    try {
      return await prompt({ input: t.input, output: t.output }).catch((e: Error) => {
        throw new Cancelled(e.message);
      });
    } finally {
      t.close();
    }
  };
  const kind = await ask((io) =>
    select(
      {
        message: 'Is this machine a workstation (laptop, dev box) or a server that runs a real environment?',
        choices: [
          { value: 'workstation', name: 'a workstation: what runs here (a local database, Docker, files) is local' },
          { value: 'server', name: 'a server: what runs here IS an environment (production, staging...)' },
        ],
      },
      io,
    ),
  );
  if (kind !== 'server') return kind;
  const env = await ask((io) =>
    select({ message: 'Which environment does this server run?', choices: [{ value: 'production' }, { value: 'staging' }, { value: '', name: 'another (type its name)' }] }, io),
  );
  if (env !== '') return env;
  const name = await ask((io) =>
    input({ message: 'Its name (lower-case letters, digits, dashes):', validate: (x) => MACHINE_NAME.test(x.trim()) || 'lower-case letters, digits and dashes, starting with a letter' }, io),
  );
  return name?.trim();
}

/** This machine's answer into the user's own config (never the committed team file): a new file,
 *  or `machine:` set in the existing one with its comments kept. Entries by hostname are the
 *  person's own work: left alone. */
function writeMachine(file: string, machine: string): Change {
  const line = `machine: ${machine}`;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `# countersign: your own settings (not committed). See README.md.
# What this machine is (countersign init): workstation, or the environment a server runs.
${line}
`);
    return { file, status: 'created', notes: [line] };
  }
  const text = readFileSync(file, 'utf8');
  const YAML = yaml();
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw new Error(`${doc.errors[0]!.message.split('\n')[0]}; not changed (fix the file and run init again)`);
  if (doc.contents !== null && !YAML.isMap(doc.contents)) throw new Error('not a mapping; not changed (fix the file and run init again)');
  const cur = doc.get('machine', true);
  if (cur !== undefined && !YAML.isScalar(cur)) return { file, status: 'unchanged', notes: ['machine: names hosts here; left as it is (edit it by hand)'] };
  if (YAML.isScalar(cur) && String(cur.value) === machine) return { file, status: 'unchanged', notes: [line] };
  // Only the value's own characters change (or a line is added): the rest stays as the person wrote it.
  const out = YAML.isScalar(cur) && cur.range ? text.slice(0, cur.range[0]) + machine + text.slice(cur.range[1]) : `${text}${text && !text.endsWith('\n') ? '\n' : ''}${line}\n`;
  writeFileSync(file, out);
  return { file, status: 'updated', notes: [line] };
}

/** The machine step: the flag, else the answer on the terminal; nothing without either. */
async function machineAnswer(opts: InitOptions, existing: string | undefined, say: (s: string) => void): Promise<string | undefined> {
  if (opts.machine !== undefined) return opts.machine;
  if (opts.yes || existing !== undefined) return undefined;
  const answer = await (opts.askMachine ?? askMachine)();
  if (answer === undefined) say('(no terminal to ask whether this machine is a server: taken as a workstation; on a server run `countersign init --machine production`)\n');
  return answer;
}

/** The `machine:` the user's config has now, as written (undefined: none, or not a plain word). */
function currentMachine(file: string): string | undefined {
  try {
    const v = (yaml().parse(readFileSync(file, 'utf8')) as { machine?: unknown } | null)?.machine;
    return v === undefined ? undefined : typeof v === 'string' ? v : '(by host)';
  } catch {
    return undefined;
  }
}

async function writeTeamFile(root: string, opts: InitOptions, say: (s: string) => void): Promise<Change> {
  const file = path.join(root, '.countersign.yaml');
  if (existsSync(file)) return { file, status: 'unchanged', notes: ['exists; left as it is (edit it by hand)'] };
  clearTargetCache();
  const found = discover({ cwd: root, env: opts.env, home: homeOf(opts.env) });
  const proposed = new Set(found.filter((f) => propose(f) === 'production'));
  // Names of this machine need no question: they are local.
  const askable = found.filter((f) => propose(f) !== 'local');
  let production = proposed;
  if (!opts.yes && askable.length) {
    const picked = opts.choose ? await opts.choose(askable, proposed) : await askProduction(askable, proposed);
    if (picked) production = picked;
    else say('(no terminal to ask on: used the defaults, as with --yes)\n');
  }
  writeFileSync(file, teamFileText(found, production));
  const notes = found.map((f) => `${f.key.replace(/s$/, '')} ${f.value} (${f.from}) → ${production.has(f) ? 'production' : propose(f) === 'local' ? 'local' : 'left as a comment'}`);
  if (!found.length) notes.push('no kube contexts, AWS profiles, Railway link or .env hosts found: environments left as an example');
  return { file, status: 'created', notes };
}

export async function runInit(opts: InitOptions): Promise<InitResult> {
  const say = opts.out ?? ((s: string) => process.stdout.write(s));
  const root = repoRoot(opts.cwd);
  const home = homeOf(opts.env);
  const program = opts.local ? (opts.program ?? programPath(opts.env)) : PORTABLE_PROGRAM;
  const changes: Change[] = [];
  const attempt = async (file: string, f: () => Change | Promise<Change>): Promise<void> => {
    try {
      changes.push(await f());
    } catch (e) {
      if (e instanceof Cancelled) throw e;
      const msg = e instanceof JsoncError ? `${e.message}; not changed (fix the file and run init again)` : `${(e as Error).message}`;
      changes.push({ file, status: 'error', notes: [msg] });
    }
  };
  // Asked first, written after the team file: Ctrl-C at either question writes nothing.
  const userFile = userConfigFile(opts.env, home);
  const machine = await machineAnswer(opts, currentMachine(userFile), say);
  await attempt(path.join(root, '.countersign.yaml'), () => writeTeamFile(root, opts, say));
  if (machine !== undefined) await attempt(userFile, () => machineNotes(writeMachine(userFile, machine), root, opts, home));
  const files = opts.local
    ? { vscode: vscodeUserSettings(home, opts.env), cursor: path.join(home, '.cursor', 'hooks.json'), claude: path.join(root, '.claude', 'settings.local.json') }
    : { vscode: path.join(root, '.vscode', 'settings.json'), cursor: path.join(root, '.cursor', 'hooks.json'), claude: path.join(root, '.claude', 'settings.json') };
  await attempt(files.vscode, () => mergeTerminalProfile(files.vscode, program, { setDefault: opts.defaultProfile }));
  if (opts.cursorHooks) await attempt(files.cursor, () => mergeCursorHooks(files.cursor, program));
  if (opts.claude) {
    await attempt(files.claude, () => mergeClaudeHooks(files.claude, program));
    if (opts.local) ignoreLocally(root, '.claude/settings.local.json');
  }
  if (opts.codex) {
    const file = opts.codex === 'user' ? path.join(codexHome(opts.env, homeOf(opts.env)), 'hooks.json') : path.join(root, '.codex', 'hooks.json');
    await attempt(file, () => mergeCodexHooks(file, program));
  }
  // A committed `countersign` that doesn't start here protects nothing here: say so now.
  const found = onPath(PORTABLE_PROGRAM, opts.env);
  if (!opts.local && !(found && isCountersign(found))) {
    changes.find((c) => c.file === files.vscode)?.notes.push(`\`countersign\` is not on your PATH, so these settings can't start it on this machine (the Claude hook then blocks every command; Cursor's fails closed): put bin/countersign on PATH (\`npm link\`, or a symlink in ~/.local/bin). Every teammate needs it there too`);
  }
  return { root, changes, ok: changes.every((c) => c.status !== 'error') };
}

/** What the machine setting does here now: the environment, and when the team's stricter one
 *  still applies until the person signs the change (`countersign trust`). */
async function machineNotes(c: Change, root: string, opts: InitOptions, home: string): Promise<Change> {
  const { loadConfig } = await import('../rules/load.js');
  const { machineEnvironment } = await import('../targets/index.js');
  const cfg = await loadConfig({ cwd: root, env: opts.env, home });
  c.notes.push(`now: ${machineEnvironment(cfg.machine).evidence}`);
  const waiting = (cfg.pendingTrust ?? []).filter((p) => p.startsWith(`${c.file}: `) && p.includes('machine:'));
  if (waiting.length) c.notes.push('a team file names this machine stricter: your setting applies once you sign it with `countersign trust`');
  return c;
}

/** Keep a personal file out of commits without touching the shared .gitignore. */
function ignoreLocally(root: string, rel: string): void {
  const exclude = path.join(root, '.git', 'info', 'exclude');
  try {
    if (!existsSync(path.join(root, '.git'))) return;
    const cur = existsSync(exclude) ? readFileSync(exclude, 'utf8') : '';
    if (cur.split('\n').includes(rel)) return;
    mkdirSync(path.dirname(exclude), { recursive: true });
    appendFileSync(exclude, `${cur && !cur.endsWith('\n') ? '\n' : ''}${rel}\n`);
  } catch {
    /* .git may be a file (worktrees): the note in the README covers it */
  }
}

export function formatInit(res: InitResult): string {
  const lines: string[] = [];
  for (const c of res.changes) {
    const rel = c.file.startsWith(res.root + path.sep) ? path.relative(res.root, c.file) : c.file;
    const mark = c.status === 'error' ? '✗' : c.status === 'unchanged' ? '=' : '+';
    lines.push(`${mark} ${rel}: ${c.status}`);
    for (const n of c.notes) lines.push(`    ${n}`);
  }
  const changed = res.changes.filter((c) => c.status === 'created' || c.status === 'updated');
  const errors = res.changes.filter((c) => c.status === 'error').length;
  if (changed.length) lines.push(`\n${changed.length} file(s) changed in ${res.root}. Run \`countersign doctor\` to check the setup.`);
  else lines.push(`\nNothing changed${errors ? '' : `: ${res.root} is already set up`}.`);
  if (errors) lines.push(`${errors} file(s) could not be set up (see ✗ above).`);
  return lines.join('\n') + '\n';
}

const USAGE =
  'usage: countersign init [--yes] [--cursor-hooks] [--claude] [--codex | --codex-user] [--default-profile] [--local] [--machine WHAT]\n' +
  '  --machine  what this machine is, for your own config: workstation (the default), or the environment\n' +
  '             a server runs (production, staging, NAME); asked at a terminal when not given\n' +
  '  --local  write this machine\'s path of countersign into your own files (your VS Code settings,\n' +
  '           ~/.cursor/hooks.json, .claude/settings.local.json) instead of the files a team commits\n';

export async function initCommand(args: string[]): Promise<number> {
  const flags = new Set(['--yes', '-y', '--cursor-hooks', '--claude', '--codex', '--codex-user', '--default-profile', '--local']);
  let machine: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return EXIT.OK;
    }
    if (a === '--machine' || a.startsWith('--machine=')) {
      machine = a === '--machine' ? args[++i] : a.slice('--machine='.length);
      if (!machine || !MACHINE_NAME.test(machine)) {
        process.stderr.write(`countersign init: --machine takes workstation, production, staging or another environment's name (lower-case letters, digits, dashes)\n${USAGE}`);
        return EXIT.USAGE;
      }
      continue;
    }
    if (!flags.has(a)) {
      process.stderr.write(`countersign init: unknown argument ${a}\n${USAGE}`);
      return EXIT.USAGE;
    }
  }
  const has = (a: string) => args.includes(a);
  let res: InitResult;
  try {
    res = await runInit({
    cwd: process.cwd(),
    env: process.env,
    yes: has('--yes') || has('-y'),
    cursorHooks: has('--cursor-hooks'),
    claude: has('--claude'),
    codex: has('--codex-user') ? 'user' : has('--codex') ? 'project' : undefined,
    defaultProfile: has('--default-profile'),
    local: has('--local'),
    ...(machine !== undefined ? { machine } : {}),
    });
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    process.stderr.write('countersign init: cancelled; nothing was written.\n');
    return 1;
  }
  process.stdout.write(formatInit(res));
  // The approver key is the person's, not the repo's: offered here, never written without them.
  await (await import('./approver.js')).offerApprover({ yes: has('--yes') || has('-y') }, (s) => process.stdout.write(s));
  return res.ok ? EXIT.OK : 1;
}
