// countersign as a shell: accept what bash and zsh accept, check what would run, settle a confirm
// with a person, then hand the arguments to the real shell unchanged.
import { accessSync, constants, existsSync, fstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../exit.js';
import { check, engineFor, homeOf } from '../engine.js';
import { parseShellArgs } from './args.js';
import { dialectOf, findRealShell, runsThisCountersign } from './real.js';
import { exitLike, runShell } from './run.js';
import { mark } from '../timing.js';

const MAX_STDIN_SCRIPT = 16 * 1024 * 1024;

export async function shellMain(args: string[]): Promise<number> {
  // Shims name their real shell first: `countersign --real-shell /usr/bin/bash ARGS...`.
  let forced: string | undefined;
  let argv = args;
  if (argv[0] === '--real-shell' && argv[1]) {
    forced = argv[1];
    argv = argv.slice(2);
  }
  const req = parseShellArgs(argv);
  const env = process.env;
  const cwd = process.cwd();
  const home = homeOf(env);
  const engine = await engineFor({ cwd, env, home });
  mark('config');
  const shell = forced ? { path: forced, from: 'shim' } : findRealShell(env, engine.config.shell);
  if (req.kind === 'error') {
    // Nothing to run (`-c` without its command): the real shell reports it in its own words.
    return exitLike(await runShell(shell.path, argv));
  }

  if (req.kind === 'stdin' && process.stdin.isTTY) {
    // An interactive session: the wrapper guards every line it submits.
    const { interactive } = await import('./interactive.js');
    return interactive(shell.path, argv, engine);
  }

  let text: string;
  let input: Buffer | undefined;
  const positional = req.kind === 'command' || req.kind === 'stdin' ? req.positional : req.positional.slice(1);
  if (req.kind === 'command') text = req.code;
  else if (req.kind === 'script') {
    const found = readScript(req.file, cwd, env.PATH);
    if (found.kind === 'missing') {
      // Neither here nor on PATH, or unreadable: the real shell can't read it either, and
      // reports it exactly as it would have.
      return exitLike(await runShell(shell.path, argv));
    }
    if (found.kind === 'error') {
      process.stderr.write(`countersign: can't read the script ${req.file} (${found.message}); nothing was run.\n`);
      return EXIT.DECLINED;
    }
    text = found.text;
  } else {
    const got = await readAll(process.stdin, MAX_STDIN_SCRIPT);
    if (got.truncated) {
      // Fail closed: a script too large to read whole is not run unchecked.
      process.stderr.write(`countersign: the script on standard input is larger than ${MAX_STDIN_SCRIPT >> 20} MB and can't be checked; nothing was run.\n`);
      return EXIT.DECLINED;
    }
    input = got.buf;
    text = input.toString('utf8');
  }
  // The environment the command gets is ours, unless the shell reads startup files first.
  const dialect = dialectOf(shell.path);
  const envComplete = dialect === 'bash' && !env.BASH_ENV && !('login' in req && req.login) && !('interactive' in req && req.interactive);
  // A broken config: say so at once, with the error and the fix, rather than pause the command as
  // if it were destructive (a person at a terminal or an agent alike; the interactive session
  // keeps its own handling, so an editor can still be opened to fix the file).
  if (engine.config.errors.length) return configDeclined(engine.config.errors);
  // Codex's wrapper ending in `exec SHIM -c CMD`: the inner countersign judges CMD; judge the rest here.
  const delegated = req.kind === 'command' ? await codexDelegated(text) : undefined;
  const inputOpen = input === undefined && writableInput();
  // A BASH_ENV in our environment is a file bash sources before the command (a startup file set
  // by the terminal this agent was started from): judged as sourced first (red team 25).
  const judged = (t: string): string => (dialect === 'bash' && env.BASH_ENV && !('interactive' in req && req.interactive) ? `. "$BASH_ENV"\n${t}` : t);
  const result = await check(judged(delegated ?? text), { cwd, env, home, envComplete, dialect, positional: req.kind === 'command' ? positional : undefined, inputOpen }, engine);
  mark('check');
  if (result.decision === 'allow' && !result.findings.length) return exitLike(await runShell(shell.path, argv, { input }));

  const { confirmShell, finish } = await import('../confirm/index.js');
  const { agentPayload } = await import('../confirm/index.js');
  const ctx = { text, shown: agentPayload(text), cwd, env, home, result, confirm: engine.config.confirm, notes: engine.config.pendingTrust, via: 'shell' };
  const settled = await confirmShell(ctx);
  if (!settled.run) {
    if (settled.message) process.stderr.write(settled.message);
    return EXIT.DECLINED;
  }
  if (settled.how === 'signed-approval') {
    // The person approved what the panel showed, maybe minutes ago; the files the line runs or
    // reads (a script edited while this waited) may say something else now. Judged again: only
    // the same findings run.
    const changed = await changedSinceApproved(settled, () => {
      if (req.kind !== 'script') return text;
      const again = readScript(req.file, cwd, env.PATH);
      return again.kind === 'ok' ? again.text : undefined;
    }, { cwd, env, home, envComplete, dialect, positional: req.kind === 'command' ? positional : undefined, inputOpen }, delegated !== undefined, judged);
    if (changed) {
      const { audit } = await import('../confirm/index.js');
      await audit(ctx, 'declined', { approval: settled.approval, note: `approved, but ${changed} since; not run` });
      process.stderr.write(`countersign: not run: request ${settled.approval ?? ''} was approved, but ${changed} since. Nothing ran; the changed command needs a new approval.\n`);
      return EXIT.DECLINED;
    }
  }
  const run = await runShell(shell.path, argv, { input });
  await finish(ctx, settled, run.signal ?? run.code ?? 'unknown');
  return exitLike(run);
}

/** Why an approved line no longer is what was approved (what it runs changed on disk), or
 *  undefined when judging it again gives the binding the approval signed. */
async function changedSinceApproved(
  settled: import('../confirm/index.js').Outcome,
  textNow: () => string | undefined,
  opts: Parameters<typeof check>[1],
  delegatedRun: boolean,
  judgedAs: (t: string) => string = (t) => t,
): Promise<string | undefined> {
  const signed = settled.extra?.signed?.claims.binding;
  if (!signed) return 'its signature could not be read back';
  const text = textNow();
  if (text === undefined) return 'the script can no longer be read';
  const engine = await engineFor({ cwd: opts.cwd, env: opts.env, home: opts.home });
  const judged = delegatedRun ? ((await codexDelegated(text)) ?? text) : text;
  const again = await check(judgedAs(judged), opts, engine);
  const { agentPayload, approvals } = await import('../confirm/index.js');
  const binding = approvals.bindingOf(agentPayload(text) ?? text, opts.cwd, again.findings, again.root);
  return binding === signed ? undefined : 'what it would do changed (a file it runs or reads was edited)';
}

async function codexDelegated(text: string): Promise<string | undefined> {
  if (!text.includes('__CODEX_SNAPSHOT_')) return undefined;
  const { codexDelegation, codexPreambleShort } = await import('../confirm/index.js');
  const d = codexDelegation(text);
  if (!d || !runsThisCountersign(d.shell)) return undefined;
  return codexPreambleShort(d.preamble) ?? d.preamble;
}

async function configDeclined(errors: import('../rules/load.js').ConfigError[]): Promise<number> {
  const [{ configErrorMessage }, { formatError }] = await Promise.all([import('../confirm/index.js'), import('../rules/load.js')]);
  process.stderr.write(configErrorMessage(errors.map(formatError)));
  return EXIT.DECLINED;
}

type ScriptRead = { kind: 'ok'; text: string } | { kind: 'missing' } | { kind: 'error'; message: string };

/** Read a script the way bash finds it: the name as given, and when that doesn't exist and the
 *  name has no slash, the first readable file of that name on PATH. Reading another file than
 *  bash would run would let the real script through unchecked. */
export function readScript(file: string, cwd: string, pathVar: string | undefined): ScriptRead {
  const tryRead = (p: string): ScriptRead => {
    try {
      const st = statSync(p);
      if (st.isDirectory()) return { kind: 'missing' }; // bash: "Is a directory"
      if (!st.isFile()) {
        // A pipe, a device or a socket (`/dev/stdin`, `<(...)`): reading it here would take
        // what bash is about to read. Fail closed.
        if (realpathSync(p) === '/dev/null') return { kind: 'ok', text: '' };
        return { kind: 'error', message: 'not a regular file, so it can only be read once' };
      }
      return { kind: 'ok', text: readFileSync(p, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ELOOP' || code === 'ENAMETOOLONG') return { kind: 'missing' };
      return { kind: 'error', message: (e as Error).message };
    }
  };
  const direct = path.resolve(cwd, file);
  if (existsSync(direct) || file.includes('/')) return tryRead(direct);
  for (const dir of (pathVar ?? '').split(':')) {
    const p = path.resolve(cwd, dir || '.', file);
    if (!existsSync(p)) continue;
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.R_OK);
    } catch {
      continue;
    }
    return tryRead(p);
  }
  return { kind: 'missing' };
}

function readAll(stream: NodeJS.ReadableStream, max: number): Promise<{ buf: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    stream.on('data', (c: Buffer) => {
      n += c.length;
      if (n <= max) chunks.push(c);
    });
    stream.on('end', () => resolve({ buf: Buffer.concat(chunks), truncated: n > max }));
    stream.on('error', reject);
  });
}

// Finding the real shell and what countersign's own shims look like (init, doctor, shims).
export * from './real.js';

/** Whether our standard input, which the command inherits, may be written by whoever started us:
 *  a terminal, pipe or socket. /dev/null, a regular file or a closed descriptor give a shell
 *  started with no command nothing to read. */
function writableInput(): boolean {
  try {
    const st = fstatSync(0);
    if (st.isFile()) return false;
    if (st.isCharacterDevice()) {
      const nul = statSync('/dev/null', { throwIfNoEntry: false });
      return !(nul && st.rdev === nul.rdev);
    }
    return true;
  } catch {
    return false;
  }
}
