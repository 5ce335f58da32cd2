// Files a line writes before it reads them: `cat > run.sh <<EOF ... EOF; bash run.sh`,
// `printf 'DROP TABLE t' > q.sql && psql -f q.sql`, `cp /dev/stdin x.py <<EOF`. What is on disk
// now is not what will run. The walker keeps a running record (path -> literal content, or null
// when only known at run time); each invocation carries the record as it stood before it ran, so
// the walker and the rules read the line's own version of a file, or fail closed.
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { readRegularText } from '../readfile.js';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Invocation, Word, Written } from './types.js';
import { programFor, readItems, type Registry } from '../programs/index.js';
import { table } from '../own.js';
import { revisionTree } from './gitrev.js';

const MAX = 256 * 1024;

/** Whether a command's words may name a file called `base`: the name anywhere in a word
 *  (`-obin/rails`, `https://h/rails?x=1` for curl -O, `'bin/' 'rails'`), but not as the start of a
 *  longer name (`docker run --name rails-test-pg && bin/rails db:migrate`, rt25fp2). */
export function mentionsName(t: string, base: string): boolean {
  let at = t.indexOf(base);
  while (at >= 0) {
    if (!/[\w.-]/.test(t[at + base.length] ?? '')) return true;
    at = t.indexOf(base, at + 1);
  }
  return false;
}

/** What the line wrote to `abs` before: the literal content, null (unknown), or undefined (not written). */
export function writtenContent(w: Written | undefined, abs: string, depth = 0): string | null | undefined {
  if (!w) return undefined;
  const c = w.files.get(abs);
  if (c !== undefined) return c;
  const base = path.basename(abs);
  for (const [i, t] of w.texts.entries()) {
    if (t.startsWith(COPY)) {
      const copy = copiedContent(w, i, abs, depth);
      if (copy === 'skip') continue;
      return copy;
    }
    if (t.startsWith(REV)) {
      const r = revContent(w, i, abs, depth);
      if (r === 'skip') continue;
      return r;
    }
    const pr = projectRun(t);
    if (pr && !pr.mayMake(abs)) continue;
    if (t === ANY_FILE || (t.startsWith(UNDER) ? abs.startsWith(t.slice(UNDER.length) + '/') : base && mentionsName(t, base))) return null;
  }
  return undefined;
}

/** A texts entry of a recursive copy of a directory the line doesn't write (rsync -a SRC/ DEST/,
 *  cp -r SRC DEST): COPY, DEST, SRC and the basename patterns it excludes, joined by NUL. It
 *  comes just before the UNDER entry of DEST. */
const COPY = '\0copy:';

/** A file under a COPY entry's directory holds the source's file as it is on disk: when nothing
 *  on the line writes that source (before or after the copy), no later command may have
 *  written the copy, no pattern excludes it, and the source is a regular file ('skip': the
 *  entry doesn't cover abs; undefined: the source has no such file, so the copy makes none). */
function copiedContent(w: Written, i: number, abs: string, depth: number): string | null | undefined | 'skip' {
  const [dest = '', src = '', ...excludes] = w.texts[i]!.slice(COPY.length).split('\0');
  if (abs !== dest && !abs.startsWith(dest + '/')) return 'skip';
  if (depth > 3) return null;
  const rel = path.relative(dest, abs);
  // A file copied whole (`cp SRC DEST` of a source missing now): the source itself.
  if (!rel && (!w.texts[i + 1] || w.texts[i + 1] === UNDER + dest)) {
    const from = src;
    if (writtenContent({ files: new Map(), texts: w.texts.filter((_, k) => k > i + 1), links: w.links }, abs, depth + 1) !== undefined) return null;
    if (writtenContent({ ...w, texts: w.texts.filter((_, k) => k !== i && k !== i + 1) }, from, depth + 1) !== undefined) return null;
    if (w.links && throughLinks(from, w.links) !== from) return null;
    return sourceText(from);
  }
  if (!rel || rel.startsWith('..') || excludes.some((p) => rel.split('/').some((c) => picomatch.isMatch(c, p, { dot: true })))) return null;
  // The copy's own UNDER entry (of the directory rsync was given) comes right after it.
  const own = w.texts[i + 1]?.startsWith(UNDER) ? i + 1 : -1;
  if (writtenContent({ files: new Map(), texts: w.texts.filter((_, k) => k > i && k !== own), links: w.links }, abs, depth + 1) !== undefined) return null;
  const from = path.join(src, rel);
  if (from === dest || from.startsWith(dest + '/')) return null;
  if (writtenContent({ ...w, texts: w.texts.filter((_, k) => k !== i && k !== own) }, from, depth + 1) !== undefined) return null;
  if (w.links && throughLinks(from, w.links) !== from) return null;
  return sourceText(from);
}

/** A copy's source as the copy carries it: undefined when it is missing, null when its text
 *  can't be shown (not a regular file, over 1 MB, unreadable). */
function sourceText(from: string): string | null | undefined {
  const st = lstatSync(from, { throwIfNoEntry: false });
  if (!st) return undefined;
  if (!st.isFile() || st.size > 1 << 20) return null;
  try {
    return readRegularText(from, 1 << 20);
  } catch {
    return null;
  }
}

/** A texts entry of `git archive REV | tar -x -C DIR` of this repository into a directory mktemp
 *  made on the line (archiveInto): REV, DIR, the repository's top, the revision, and the
 *  directories git reads its settings from, joined by NUL. */
const REV = '\0rev:';

/** A file under a REV entry's directory holds the revision's committed text (gitrev.ts), when no
 *  later write of the line may have changed it ('skip': the entry doesn't cover abs, or the
 *  revision has no such file, so the archive makes none). */
function revContent(w: Written, i: number, abs: string, depth: number): string | null | undefined | 'skip' {
  const [dir = '', top = '', rev = '', ...conf] = w.texts[i]!.slice(REV.length).split('\0');
  if (!abs.startsWith(dir + '/')) return 'skip';
  if (depth > 3) return null;
  if (writtenContent({ files: new Map(), texts: w.texts.slice(i + 1), links: w.links }, abs, depth + 1) !== undefined) return null;
  if (w.links && throughLinks(abs, w.links) !== abs) return null;
  const tree = revisionTree(top, rev, conf);
  if (tree === null) return null;
  if (tree === 'absent') return 'skip';
  const c = tree.file(path.relative(dir, abs));
  return c === undefined ? 'skip' : c;
}

/** A path in a directory mktemp named (its pattern's X's kept, walk.ts mktempValue). */
const FRESH_DEST = /\/[^/]*X{3,}[^/]*\/[^/]+$/;

/** Texts entries with a meaning: any file may have changed (an archive was unpacked, a patch
 *  applied), or any file under a directory (a recursive copy). */
const ANY_FILE = '\0*';
const UNDER = '\0under:';

/** A texts entry of a recursive copy or move: the directory every new file is under, else undefined. */
export function underDir(t: string): string | undefined {
  return t.startsWith(UNDER) ? t.slice(UNDER.length) : undefined;
}

/** A texts entry of a command that makes only new regular files in one directory (`split`):
 *  the directory. As UNDER for mayHaveMade; it makes no link (onlyPlainFiles). */
const PLAIN = '\0plain:';

/** Every texts entry is one of PLAIN: the line made no link the parser can't name. */
export function onlyPlainFiles(texts: readonly string[]): boolean {
  return texts.every((t) => t.startsWith(PLAIN));
}

/** `split [-l N|-b N|-n N|-a N|-d|-x|--additional-suffix=S…] INPUT [PREFIX]`: regular files named
 *  PREFIX followed by a suffix, in PREFIX's directory; undefined for anything else (`--filter`
 *  runs a shell command). */
function splitDir(inv: Invocation, env: WriteEnv): string | undefined {
  if (inv.name !== 'split' || inv.argv.some((w) => w.dynamic || w.glob)) return undefined;
  const a = inv.argv.slice(1).map((w) => w.value);
  const pos: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (/^-[lbCnaL]$/.test(v)) i++;
    else if (/^(-[lbCna]\S+|-[dxe]|-[dx]?[de]|--(lines|bytes|line-bytes|number|suffix-length|additional-suffix|numeric-suffixes|hex-suffixes)(=[\w.-]+)?|--elide-empty-files|--verbose|-u|--unbuffered)$/.test(v)) continue;
    else if (v === '--') pos.push(...a.slice(i + 1)), (i = a.length);
    else if (v.startsWith('-') && v !== '-') return undefined;
    else pos.push(v);
  }
  if (pos.length > 2) return undefined;
  const prefix = pos[1] ?? 'x';
  return prefix.endsWith('/') ? undefined : env.resolve(path.posix.dirname(prefix));
}

/** A texts entry of a command that makes no file its words don't name (namesOnly): the words. */
const NAMED = '\0named:';

/** A texts entry of an in-place edit that rewrites only files already there (and their backups,
 *  named by adding a plain suffix): the words it was given (plainSedInPlace). No reader but
 *  walk.ts's madeUnder trusts it (it makes no new name with a blank or quote under a root):
 *  mayHaveMade reads it as any file. */
export const EDITS = '\0edits:';
export function namedWords(t: string): string | undefined {
  return t.startsWith(NAMED) ? t.slice(NAMED.length) : undefined;
}

/** A texts entry of a command that runs the project's own tasks, tests or migrations (see
 *  projectRunner): the directory it ran in, its argument words, and all its words. */
const PROJ = '\0proj:';

/** Directories of a project's own fixed sources under the directory a runner ran in: `bin/rails`,
 *  `bin/rspec`, `script/server`, `scripts/seed.js`, `src/scripts/list-users.ts` are checked in,
 *  not what a test run, a migration or a client generator writes (they write under tmp/, log/,
 *  coverage/, node_modules/, generated/...). Not under node_modules/ (a package's bin). */
const FIXED_SOURCE = /^(?!(.*\/)?node_modules\/)(.*\/)?(bin|script|scripts)\//;

/** The reading of a PROJ entry: may the runner have made `abs`? Yes unless `abs` is under a fixed
 *  source directory of the directory it ran in and none of its argument words names it. */
export function projectRun(t: string): { mayMake(abs: string): boolean } | undefined {
  if (!t.startsWith(PROJ)) return undefined;
  const [dir = '', args = ''] = t.slice(PROJ.length).split('\0');
  return {
    mayMake: (abs) => !dir || !FIXED_SOURCE.test(path.relative(dir, abs)) || (args !== '' && namesFile(args, abs)),
  };
}

/** A command that runs the project's own code, which countersign doesn't read: its tasks,
 *  migrations, tests or a client generator (`bin/rails db:migrate`, `bundle exec rake
 *  db:test:prepare`, `npx prisma generate`, `poetry run pytest`, `python -m pytest`). That code
 *  could do any harm itself, unseen; what it plausibly writes is build output, caches, logs
 *  and generated code, not the project's checked-in scripts. So a script missing from disk
 *  under bin/, script/ or scripts/ after it was missing before too (`bin/rails
 *  db:test:prepare && bin/rspec`). Not: generators and code runners (`rails generate`, `rails
 *  runner`, `rake -e`), interpreters running a file or code (`python gen.py && sh out.sh` reads
 *  gen.py, whose writes are not followed), options naming an output. The argument words after
 *  the runner's own, or undefined. */
function projectRunner(inv: Invocation, script: string | undefined): string | undefined {
  if (inv.argv.some((w) => w.dynamic || w.glob)) return undefined;
  let a = inv.argv.map((w) => w.value);
  // `python manage.py migrate`: Django's commands (not shell, dbshell or runscript: code).
  if (/^python[\d.]*$/.test(inv.name) && a[1] === '\0script' && script !== undefined && path.basename(script) === 'manage.py') {
    const rest = a.slice(2);
    return /^(migrate|test|check|showmigrations|collectstatic|runserver|loaddata|makemigrations|createsuperuser|compilemessages|sqlmigrate)$/.test(rest[0] ?? '') && !rest.some((v) => /^(-o|--output)(=|$)/.test(v)) ? rest.map((v) => v.replace(/^--?[\w-]+=/, '')).join(' ') : undefined;
  }
  // The program's name (a script run by path is the walker's `\0script` word here).
  a[0] = inv.name;
  // Launchers of a project's tools: bundle exec, npx, pnpm/yarn exec, poetry/pipenv/uv/pdm run.
  for (let hop = 0; hop < 3; hop++) {
    if (a[0] === 'bundle' && a[1] === 'exec') a = a.slice(2);
    else if (/^(npx|bunx)$/.test(a[0]!) && a[1] && !a[1].startsWith('-')) a = a.slice(1);
    else if (/^(pnpm|yarn)$/.test(a[0]!) && a[1] === 'exec') a = a.slice(2);
    else if (/^(poetry|pipenv|uv|pdm|rye|hatch)$/.test(a[0]!) && a[1] === 'run' && a[2] && !a[2].startsWith('-')) a = a.slice(2);
    else if (/^python[\d.]*$/.test(a[0]!) && a[1] === '-m' && /^(pytest|unittest)$/.test(a[2] ?? '')) a = a.slice(2);
    else break;
    if (a.length) a[0] = path.basename(a[0]!);
  }
  const [p = '', ...rest] = a;
  if (rest.some((v) => /^(-o|--out[\w-]*|--output[\w-]*|-e|--eval|--exec(ute)?[\w-]*|-r|--require|-f|--rakefile|-I|--libdir)(=|$)/.test(v))) return undefined;
  const sub = rest[0] ?? '';
  let ok = false;
  switch (p) {
    // Spring's binstub: `bin/spring stop` (then `bin/rails s`) stops its preloader.
    case 'spring':
      ok = /^(stop|status)$/.test(sub) && rest.length === 1;
      break;
    case 'rails':
      ok = /^(db:[\w:]+|s|server|t|test(:[\w:]+)?|assets:[\w:]+|routes|about|stats|zeitwerk:check|spec(:[\w:]+)?|log:clear|tmp:clear|middleware|notes|version)$/.test(sub);
      break;
    case 'rake':
      ok = rest.every((v) => /^[\w:]+$|^(-t|--trace)$/.test(v));
      break;
    case 'rspec':
    case 'pytest':
    case 'py.test':
    case 'unittest':
    case 'jest':
    case 'vitest':
    case 'mocha':
    case 'cucumber':
    case 'gotestsum':
      ok = true;
      break;
    case 'prisma':
      ok = /^(generate|migrate|db|validate|format)$/.test(sub) && !rest.includes('execute');
      break;
    // dbt runs the project's models, macros and hooks (Python models run locally with dbt-duckdb);
    // it writes under target/, logs/ and dbt_packages/ (rt27fp1: `dbt run --target dev -s x &&
    // python scripts/validate_counts.py`). Not `init` (a new project from a template).
    case 'dbt':
      ok = /^(run|build|test|compile|seed|snapshot|ls|list|show|docs|source|parse|debug|deps|clean|retry|run-operation)$/.test(sub);
      break;
    // The build tools' clean targets (redteam21-fp1: `dotnet clean && rm -rf */bin */obj`): the
    // project's own task, that makes no program for the line to run next.
    case 'dotnet':
    case 'cargo':
      ok = sub === 'clean' && rest.length === 1;
      break;
    case 'gradle':
    case 'gradlew':
    case 'mvn':
    case 'mvnw':
      ok = rest.length > 0 && rest.every((v) => /^(clean|:?[\w-]+:clean|--no-daemon|--offline|-q|--quiet|-B|--batch-mode)$/.test(v)) && rest.some((v) => /clean$/.test(v));
      break;
  }
  // An option's value is a word too (`--basetemp=bin`).
  return ok ? rest.map((v) => v.replace(/^--?[\w-]+=/, '')).join(' ') : undefined;
}

/** May a names-only command (its words `t`) have made `abs`? When a word is the file's name, a
 *  directory holding it (`git checkout other -- scripts`, `kubectl cp pod:/x .`) or a pattern. */
const REMOTE_URL = /^(?!file:)[a-z][a-z\d+.-]*:\/\/[^/\s]/i;
/** Stands for a blank inside one word of a names-only command's text (NAMED). */
const SPACE = '\u0001';

export function namesFile(t: string, abs: string): boolean {
  const base = path.basename(abs);
  if (base && mentionsName(t, base)) return true;
  return t.split(/\s+/).some((w) => {
    const v = w.replace(/^['"]|['"]$/g, '').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    // A remote URL names no file here: its `?` and `*` are a query and an object pattern
    // (`curl -s 'http://es:9200/x/_search?size=5' > out/h.json && python scripts/h.py`, `gsutil ls
    // 'gs://b/x/*'`), not a pattern of local names (rt27fp1). Not file:// (a local path).
    if (REMOTE_URL.test(v)) return false;
    // One word with blanks in it: a name with spaces (`"my dir/"`), never a pattern a program
    // expands for a local file (bash doesn't glob a quoted word).
    if (v.includes(SPACE)) {
      const n = v.split(SPACE).join(' ').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      return abs.endsWith('/' + n) || abs.includes('/' + n + '/');
    }
    return v === '' || v === '.' || v === '..' || /[*?[$`]/.test(v) || abs.endsWith('/' + v) || abs.includes('/' + v + '/');
  });
}

/** Commands that make no file their words don't name, so a script missing from disk after them
 *  was missing before too (`git stash && ./gradlew test`, `docker compose up -d && python
 *  manage.py migrate`): the registry's `names-only` (src/programs/parsing.ts, or a team's
 *  `programs:` entry). A file it may change that is on disk is judged by what is on disk. */
function namesOnlySpec(name: string, pos: string[], args: string[], programs: Registry | undefined): boolean {
  const spec = programFor(name, programs)?.['names-only'];
  if (!spec) return false;
  const starts = (seq: string): boolean => seq.split(' ').every((w, i) => pos[i] === w);
  if (spec.except?.some(starts)) return false;
  if (spec.writes?.some((o) => args.some((a) => a === o || (o.startsWith('--') ? a.startsWith(o + '=') : /^-[^-]$/.test(o) && new RegExp(`^-[a-zA-Z]*${o[1]!.replace(/[^\w]/g, '\\$&')}`).test(a))))) return false;
  return spec.subcommands.some((s) => s === '*' || starts(s));
}

/** `docker compose [OPTIONS] up|down|ps|logs|build|...`: its sub-command after the options that
 *  take a value (docs.docker.com/reference/cli/docker/compose). Not run/exec/cp (composeCommand). */
function composeOnly(pos: string[], args: string[]): boolean {
  if (pos[0] !== 'compose') return false;
  const a = args.slice(args.indexOf('compose') + 1);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (/^(-f|--file|-p|--project-name|--env-file|--profile|--project-directory|--ansi|--parallel|--progress)$/.test(v)) { i++; continue; }
    if (v.startsWith('-')) continue;
    return /^(up|down|ps|logs|build|pull|push|stop|start|restart|config|ls|images|top|kill|rm|pause|unpause|create|wait|version|events|port|watch)$/.test(v);
  }
  return false;
}

/** `docker compose [OPTIONS] exec|run [OPTIONS] SERVICE CMD...`: the command given runs in the
 *  container, where the walker reads it as a command of its own (parse/walk.ts), with its own
 *  writes (which reach this machine's files only through the service's mounts); compose itself
 *  makes no file. Not with no command (the service's own, which the line doesn't show) or another
 *  entrypoint (rt25k1). */
function composeCommand(inv: Invocation): boolean {
  if (!/^(docker|podman)$/.test(inv.name) || inv.argv.some((w) => w.dynamic)) return false;
  const a = inv.argv.slice(1).map((w) => w.value);
  let i = a.indexOf('compose');
  if (i < 0 || a.slice(0, i).some((v) => !v.startsWith('-'))) return false;
  for (i++; i < a.length && a[i]!.startsWith('-'); i++) if (/^(-f|--file|-p|--project-name|--env-file|--profile|--project-directory|--ansi|--parallel|--progress)$/.test(a[i]!)) i++;
  if (a[i] !== 'exec' && a[i] !== 'run') return false;
  for (i++; i < a.length && a[i]!.startsWith('-'); i++) {
    if (/^--entrypoint(=|$)/.test(a[i]!)) return false;
    if (/^(-e|--env|-u|--user|-w|--workdir|-v|--volume|-p|--publish|--name|-l|--label|--index|--env-from-file|--pull|--cap-add|--cap-drop)$/.test(a[i]!)) i++;
  }
  // A program found by name (python, sh -c, pg_isready): not a file of the image or a mount run by
  // its path (`./gen`), whose writes nothing here reads.
  return i + 1 < a.length && !a[i + 1]!.includes('/');
}

function namesOnly(inv: Invocation, pos: Word[], args: Word[], programs: Registry | undefined): boolean {
  if (args.some((a) => a.dynamic)) return false;
  const p = pos.map((w) => w.value);
  const a = args.map((w) => w.value);
  // docker compose's sub-commands after compose's own options.
  if (inv.name === 'docker' || inv.name === 'podman') { if (composeOnly(p, a)) return true; }
  else if (inv.name === 'docker-compose' || inv.name === 'podman-compose') return composeOnly(['compose', ...p], ['compose', ...a]);
  return namesOnlySpec(inv.name, p, a, programs);
}

/** The key of a link whose own name is only known at run time: any later path may be it. */
export const ANY_LINK = '\0*';

/** `abs` with a link the line made in its leading part replaced by the link's target; null when
 *  that target is only known at run time. */
export function throughLinks(abs: string, links: ReadonlyMap<string, string | null> | undefined): string | null {
  if (!links) return abs;
  let cur = abs;
  // Links to links: follow a few hops, then give up (a loop or a long chain is unknown).
  for (let hop = 0; hop < 8; hop++) {
    let next: string | null | undefined;
    for (const [l, t] of links) {
      if (l === ANY_LINK || !(cur === l || cur.startsWith(l === '/' ? l : l + '/'))) continue;
      next = t === null ? null : t + cur.slice(l.length);
      break;
    }
    if (next === undefined) return cur;
    if (next === null) return null;
    cur = next;
  }
  return null;
}

/** An install from the project's own manifest (`npm ci`, `composer install`, `pip install -r
 *  requirements.txt`, `bundle install`, `poetry install`, `uv sync`): it writes package code
 *  under its own directories (node_modules, vendor, site-packages), not content the line wrote,
 *  so `composer install && vendor/bin/phpunit` runs nothing new. With package names, or options
 *  that send files elsewhere (--prefix, --target, --root), it may write anything: not this. */
function manifestInstall(inv: Invocation): boolean {
  // `python3 -m pip install …` is pip's own.
  if (/^python[\d.]*$/.test(inv.name) && inv.argv[1]?.value === '-m' && /^pip3?$/.test(inv.argv[2]?.value ?? '') && !inv.argv[2]!.dynamic) return manifestInstall({ ...inv, name: 'pip', argv: inv.argv.slice(2) });
  const a = inv.argv.map((w) => (w.dynamic ? '\0' : w.value));
  if (a.some((v) => v === '\0' || /^(--prefix|--target|-t|--root|--dir|-C|--cwd|--global|-g|--location|--working-dir|-d|--path|--src)(=|$)/.test(v))) return false;
  // Values of options that take one (`bundle install --jobs 4`, `npm ci --loglevel warn`) are no package names.
  const rest = (from: number): string[] => a.slice(from).filter((v, i, all) => !v.startsWith('-') && !/^(-r|--requirement|-c|--constraint|--jobs|-j|--retry|--loglevel|--network-timeout|--mutex)$/.test(all[i - 1] ?? ''));
  const sub = a[1];
  switch (inv.name) {
    case 'npm':
    case 'pnpm':
    case 'bun':
      return /^(install|i|ci)$/.test(sub ?? '') && !rest(2).length;
    case 'yarn':
      return sub === 'install' && !rest(2).length;
    case 'pip':
    case 'pip3':
      return sub === 'install' && rest(2).every((v) => v === '.') && a.slice(2).some((v) => /^(-r|--requirement|-e|--editable|\.)$/.test(v));
    case 'poetry':
    case 'bundle':
    case 'composer':
      return sub === 'install' && !rest(2).length;
    case 'uv':
      return sub === 'sync' && !rest(2).length;
    case 'go':
      return sub === 'mod' && a[2] === 'download' && !rest(3).length;
  }
  return false;
}

/** Programs that don't write the files they name (or whose writes the walker follows itself). */
const NON_WRITERS = new Set([
  'cat', 'less', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'jq', 'yq', 'wc', 'ls', 'stat', 'file', 'diff', 'cmp',
  'md5sum', 'sha256sum', 'sha1sum', 'bat', 'test', '[', 'echo', 'printf', 'cd', 'pushd', 'popd', 'source', '.', 'bash', 'sh', 'zsh',
  'dash', 'ksh', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'set', 'true', 'false', ':', 'exit', 'return', 'eval',
  'psql', 'mysql', 'mariadb', 'sqlite3', 'redis-cli', 'mongosh', 'mongo', 'xargs', 'env', 'sudo', 'time', 'nice', 'timeout', 'nohup',
  'chmod', 'chown', 'mkdir', 'rm', 'rmdir', 'sleep', 'kill', 'date', 'pwd', 'whoami', 'uname', 'id', 'compgen', 'read', 'basename',
  'dirname', 'realpath', 'readlink', 'du', 'df', 'seq', 'nproc', 'hostname',
  // Package checkers and uploaders, archive listers: they read files and print or send them.
  'twine', 'zipinfo',
  // Builtins that set shell state: a trap's code is walked (and its writes recorded) on its own.
  'trap', 'shopt', 'ulimit', 'umask', 'wait',
  // mktemp makes one empty file or directory under a name nothing had (rt23fp1: `w=$(mktemp -d);
  // node bench.js` read bench.js as maybe written by it).
  'mktemp',
  // Formatters rewrite layout, not what a script runs.
  'prettier', 'eslint', 'biome', 'dprint', 'black', 'ruff', 'isort', 'gofmt', 'rustfmt', 'shfmt', 'clang-format', 'which', 'type', 'command', 'ssh', 'nc', 'ncat', 'netcat', 'sort', 'uniq', 'cut', 'tr', 'base64', 'find',
  'pint', 'php-cs-fixer', 'phpcbf', 'rubocop', 'standardrb', 'goimports', 'gofumpt', 'stylelint', 'ktlint', 'swiftformat', 'swiftlint', 'autopep8', 'yapf',
  // Linters and checkers: they print findings.
  'phpstan', 'psalm', 'phpcs', 'golangci-lint', 'staticcheck', 'mypy', 'flake8', 'pylint', 'pyright', 'tflint', 'hadolint', 'shellcheck', 'yamllint', 'actionlint', 'kubeconform', 'kubeval',
  // Process, network and system readers (`kill $(lsof -t -i:8000); python manage.py runserver`).
  'lsof', 'ps', 'pgrep', 'pkill', 'pidof', 'fuser', 'killall', 'ss', 'netstat', 'printenv', 'tree', 'column', 'nl', 'tac', 'od', 'xxd', 'hexdump', 'strings', 'pg_isready', 'nvidia-smi', 'free', 'uptime', 'ping', 'dig', 'nslookup', 'host', 'getent', 'lscpu',
]);
const GIT_READERS = new Set(['diff', 'log', 'show', 'status', 'blame', 'add', 'commit', 'ls-files', 'grep', 'push', 'fetch', 'remote', 'branch', 'tag', 'rev-parse', 'config']);
const WRITE_API = /\bopen\s*\([^)]*['"][wax+]|write_text|write_bytes|writeFile|appendFile|createWriteStream|copyFile|File\.(write|open)|IO\.write|fopen|file_put_contents|shutil\.(copy|move)|os\.rename|\.rename\(|Deno\.writeTextFile|Bun\.write/;
const DEVICES = /^\/dev\/(null|stdout|stderr|tty|fd\/[12])$/;

/** Python code that is nothing but `[import pathlib | from pathlib import Path]` and one
 *  `[pathlib.]Path('LIT').write_text('LIT')` of plain strings (`\n` the only escape): the file
 *  and what it will hold. */
const PY_LITERAL_WRITE = /^\s*(?:(?:import pathlib|from pathlib import Path)\s*[;\n]\s*)?(?:pathlib\.)?Path\(\s*(['"])([\w./-]+)\1\s*\)\.write_text\(\s*(['"])((?:(?!\3)[^\\\n]|\\n)*)\3\s*\)\s*$/;
function pyLiteralWrite(code: string): { path: string; content: string } | undefined {
  const m = PY_LITERAL_WRITE.exec(code);
  return m ? { path: m[2]!, content: m[4]!.replace(/\\n/g, '\n') } : undefined;
}

export interface WriteEnv {
  /** Absolute path of a word as this command sees it; undefined when the directory is unknown. */
  resolve(p: string): string | undefined;
  /** What the command prints, when it is a literal (echo, printf, cat of a heredoc). */
  output(): string | undefined;
  prev: Written | undefined;
  /** Whether a text names anything a rule watches (parse's `mentions`); unset: assume it does. */
  mentions?: (text: string) => boolean;
  /** The config's program entries (a team's `names-only`). */
  programs?: Registry;
  /** The script file the command runs (its word reads `\0script` in argv): `manage.py`. */
  script?: string;
  /** For a tar reading a pipe: the repository and revision when what it reads is the system's
   *  `git archive REV` of this repository as it stands (walk.ts archiveSource), and the
   *  directories git reads its settings from. */
  archive?: () => { top: string; rev: string; conf: string[] } | undefined;
}

/** `git archive REV | tar -x [-v] [-p] [-f -] -C "$d"` where "$d" is a directory mktemp made on
 *  the line (its pattern's X's, from a variable; nothing there before): a REV entry. Only GNU
 *  tar's plain extract of the whole stream (no member names, no TAR_OPTIONS, no option that
 *  renames, strips, keeps old files or runs a program). */
function archiveInto(inv: Invocation, args: Word[], env: WriteEnv): string | undefined {
  if (inv.redirects.length || inv.stdin?.kind !== 'pipe' || inv.vars.TAR_OPTIONS !== undefined || inv.unknownVars?.length || !env.archive) return undefined;
  let dir: Word | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a.dynamic || a.glob) return undefined;
    const v = a.value;
    if (v === '-C' || v === '--directory') {
      if (dir) return undefined;
      dir = args[++k];
    } else if (v.startsWith('--directory=')) {
      if (dir) return undefined;
      dir = { ...a, value: v.slice(12) };
    } else if (/^-?[xvpo]*x[xvpo]*f?$/.test(v) && (k === 0 || v.startsWith('-'))) {
      if (v.endsWith('f') && args[++k]?.value !== '-') return undefined;
    } else if (/^-[vpo]+$|^--(extract|verbose|no-same-owner|no-same-permissions|preserve-permissions)$/.test(v)) continue;
    else if (v === '-f' || v === '--file') {
      if (args[++k]?.value !== '-') return undefined;
    } else if (v === '--file=-') continue;
    else return undefined;
  }
  if (!dir || dir.glob || !dir.text.includes('$') || dir.value.split('/').includes('..') || !/(^|\/)[^/]*X{3,}[^/]*$/.test(dir.value)) return undefined;
  const abs = env.resolve(dir.value);
  if (abs === undefined || existsSync(abs)) return undefined;
  const src = env.archive();
  if (!src) return undefined;
  return [REV + abs, src.top, src.rev, ...src.conf].join('\0');
}

/** Sub-commands that only log in, switch a profile or environment, or print state: what they
 *  write is the tool's own settings outside the project (`conda activate ml && python train.py`,
 *  `wandb offline && python train.py`), never a file a later command of the line runs. Each is
 *  the words right after the program name, with only literal option words after them. */
const SETTINGS_ONLY: Record<string, string[]> = table({
  conda: ['activate', 'deactivate', 'info', 'list', 'env list'],
  mamba: ['activate', 'deactivate', 'info', 'list', 'env list'],
  // pip's reports (`python -m pip check` reads as the program pip too).
  // `bundle config set --local path vendor/bundle` writes .bundle/config, which nothing runs.
  bundle: ['config'],
  pip: ['check', 'list', 'show', 'freeze', 'config list', 'cache dir', 'debug', 'index versions'],
  pip3: ['check', 'list', 'show', 'freeze', 'config list', 'cache dir', 'debug', 'index versions'],
  micromamba: ['activate', 'deactivate', 'info', 'list', 'env list'],
  wandb: ['login', 'offline', 'online', 'status', 'enabled', 'disabled'],
  'huggingface-cli': ['login', 'whoami', 'env'],
  hf: ['auth login', 'auth whoami', 'env'],
  gcloud: ['auth login', 'auth list', 'auth application-default login', 'config list'],
  az: ['login', 'account show'],
  aws: ['sso login', 'configure list', 'sts get-caller-identity'],
  gh: ['auth login', 'auth status', 'auth setup-git'],
  docker: ['login', 'ps', 'images', 'info', 'version'],
  mlflow: ['ui'],
  // Version managers switch or install a toolchain under their own home (~/.sdkman, ~/.nvm,
  // ~/.pyenv, ~/.asdf, ~/.rustup); `pyenv local`, `jenv local`, `asdf local` and `sdk env init`
  // write a one-line version file of their own (`.python-version`, `.sdkmanrc`) in the project
  // (`sdk use java 21.0.2-tem && ./gradlew build`, `nvm use && ./scripts/dev.sh`). Not `nvm exec`
  // or `nvm run` (a command), `volta pin`/`corepack use` (they edit package.json), `mise use`
  // (mise.toml, which also holds tasks).
  sdk: ['use', 'u', 'current', 'c', 'list', 'ls', 'l', 'version', 'v', 'default', 'd', 'home', 'h', 'env', 'install', 'i', 'help'],
  nvm: ['use', 'install', 'ls', 'list', 'current', 'version', 'which', 'alias', 'ls-remote', 'deactivate'],
  fnm: ['use', 'install', 'list', 'ls', 'current', 'default', 'list-remote'],
  volta: ['install', 'list', 'which', 'fetch'],
  pyenv: ['local', 'global', 'shell', 'version', 'versions', 'which', 'install', 'rehash'],
  rbenv: ['local', 'global', 'shell', 'version', 'versions', 'which', 'install', 'rehash'],
  nodenv: ['local', 'global', 'shell', 'version', 'versions', 'which', 'install', 'rehash'],
  goenv: ['local', 'global', 'shell', 'version', 'versions', 'which', 'install', 'rehash'],
  jenv: ['local', 'global', 'shell', 'version', 'versions', 'which', 'add', 'rehash', 'enable-plugin', 'doctor'],
  asdf: ['install', 'local', 'global', 'set', 'current', 'list', 'plugin add', 'plugin list', 'reshim', 'where', 'which'],
  rustup: ['default', 'override set', 'toolchain install', 'toolchain list', 'target add', 'target list', 'component add', 'component list', 'show', 'update', 'install'],
  corepack: ['enable', 'prepare'],
  mise: ['install'],
  // Devices and toolchains listed or checked (`adb devices && ./gradlew installDebug`).
  adb: ['devices', 'version', 'wait-for-device', 'start-server', 'kill-server'],
  flutter: ['doctor', 'devices', 'emulators'],
  xcrun: ['simctl list'],
  'update-alternatives': ['--list', '--display', '--query'],
  java_home: ['-V', '-v', '--verbose'],
});

/** `java -version`, `node -v`, `python3 --version`: a version flag alone prints the version and
 *  exits (`java -version && ./gradlew build`). `--version` for any program found by name (not one
 *  run by its path: a script's own code decides what it does); the short forms only where they
 *  mean the version, and only alone (`ruby -v x.rb` runs x.rb, `python -v` is a verbose REPL). */
const VERSION_FLAGS: Record<string, string[]> = table({
  java: ['-version'], javac: ['-version'], kotlin: ['-version'], kotlinc: ['-version'], scala: ['-version'], scalac: ['-version'],
  node: ['-v'], nodejs: ['-v'], npm: ['-v'], pnpm: ['-v'], yarn: ['-v'], bun: ['-v'], ruby: ['-v'], php: ['-v'], perl: ['-v'], gradle: ['-v'],
  python: ['-V'], python3: ['-V'], pip: ['-V'], pip3: ['-V'], cargo: ['-V'], rustc: ['-V'], rustup: ['-V'], deno: ['-V'], composer: ['-V'],
});

function versionOnly(inv: Invocation, script: string | undefined): boolean {
  if (script !== undefined || inv.argv.length !== 2 || inv.argv[0]!.dynamic || !/^[\w.+-]+$/.test(inv.argv[0]!.value)) return false;
  const f = inv.argv[1]!;
  return !f.dynamic && !f.glob && (f.value === '--version' || !!VERSION_FLAGS[inv.name]?.includes(f.value));
}

const VERSION_MANAGERS = new Set(['rbenv', 'pyenv', 'nodenv', 'goenv', 'jenv', 'nvm', 'fnm', 'asdf']);

function settingsOnly(inv: Invocation): boolean {
  // `python3 -m pip check` is pip's own.
  const mod = /^python[\d.]*$/.test(inv.name) && inv.argv[1]?.value === '-m' && !inv.argv[2]?.dynamic ? inv.argv[2]!.value : undefined;
  const subs = SETTINGS_ONLY[mod ?? inv.name];
  if (!subs || inv.stdin?.kind === 'pipe') return false;
  const a = inv.argv.slice(mod !== undefined ? 3 : 1);
  // A version manager's version word may be read at run time (`rbenv install -s "$(cat
  // .ruby-version)"`): none of their sub-commands here takes an option that writes elsewhere.
  if (a.some((w, i) => w.glob || (w.dynamic && !(i > 0 && VERSION_MANAGERS.has(inv.name) && /^"?\$\(cat [\w./-]+\)"?$/.test(w.text))))) return false;
  return subs.some((s) => {
    const words = s.split(' ');
    return words.every((x, i) => a[i]?.value === x) && a.slice(words.length).every((w) => !/^(-o|--output|--log-file|--dir|--directory|--local-dir|--file)(=|$)/.test(w.value));
  });
}

/** `unzip -l dist/*.whl`, `unzip -t x.zip`, `unzip -Z1 x.zip`: lists or tests, extracts nothing
 *  (no -d, no other option). */
function unzipListOnly(inv: Invocation): boolean {
  if (inv.name !== 'unzip' || inv.argv.length < 3) return false;
  const f = inv.argv[1]!;
  return !f.dynamic && /^-(l|t|v|lv|vl|tq|qt|Z|Z1|Zl|qql|ql)$/.test(f.value) && inv.argv.slice(2).every((w) => !w.value.startsWith('-'));
}

/** `awk '{print $4}' FILE`, `awk -F, -v n=3 'NR > 1 {s += $n} END {print s}'`: a program that
 *  only prints (to stdout, or a redirect of the line's own) writes no file (rt27fp1: `aws s3 ls …
 *  | awk '{print $4}' > out/keys.txt && python scripts/x.py`). Not a program file (-f), gawk's
 *  -i/-l/-E/@include/@load, output redirection or a pipe in it (`print > "f"`, `print | "sh"`),
 *  system(), getline (`"cmd" | getline`), or a program only known at run time. */
function awkPrintOnly(inv: Invocation): boolean {
  if (!/^[gmn]?awk$/.test(inv.name)) return false;
  let prog: string | undefined;
  for (let i = 1; i < inv.argv.length; i++) {
    const w = inv.argv[i]!;
    if (w.dynamic) return false;
    const v = w.value;
    if (prog !== undefined) continue; // input files and var=value assignments are read
    if (v === '-F' || v === '-v') { if (inv.argv[++i]?.dynamic) return false; continue; }
    if (/^-F.|^-v\w+=|^--(field-separator|assign)=/.test(v)) continue;
    if (v === '--') continue;
    if (v.startsWith('-')) return false;
    prog = v;
  }
  if (prog === undefined) return false;
  // Strings first (their `;`, `}` and `>` are text): `print "a; b" > "f"` is still a redirect.
  const code = prog.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\|\|/g, ' ');
  if (/"/.test(code.replace(/""/g, ''))) return false;
  return !/\bsystem\s*\(|\bgetline\b|\||\bprintf?\b[^;{}\n]*>|@\w|\bclose\s*\(|\bfflush\b/.test(code);
}

/** `crontab -l` (also `-u USER -l`) prints the schedule: it writes nothing. */
function crontabList(inv: Invocation): boolean {
  const a = inv.argv.slice(1).map((w) => (w.dynamic ? '\0' : w.value));
  return inv.name === 'crontab' && a.includes('-l') && a.every((v, i) => v === '-l' || v === '-u' || (i > 0 && a[i - 1] === '-u' && v !== '\0'));
}

/** `pyenv init -`, `direnv hook bash`: a tool printing its shell set-up (registry: `shell-setup`)
 *  writes no file. */
const setupRes = new Map<string, RegExp>();
function printsSetup(inv: Invocation, programs: Registry | undefined): boolean {
  const src = programFor(inv.name, programs)?.['shell-setup'];
  if (!src || inv.argv.some((w) => w.dynamic)) return false;
  let re = setupRes.get(src);
  if (!re) setupRes.set(src, (re = new RegExp(`^(?:${src})$`)));
  return re.test(inv.argv.slice(1).map((w) => w.value).join(' '));
}

/** `pip install --upgrade pip wheel`, `python3 -m pip install pre-commit==3.7`: packages by name
 *  (no path, URL or option that sends files elsewhere) go into the environment's site-packages
 *  and bin, not the project: the files it may make here are only ones its names name (`pkg`,
 *  `pkg.py`). The names, or undefined. */
const PY_TOOLS = new Set(['pip', 'setuptools', 'wheel', 'build', 'twine', 'pytest', 'black', 'ruff', 'mypy', 'pre-commit', 'poetry', 'pipx', 'uv', 'virtualenv', 'tox', 'nox', 'coverage', 'isort', 'flake8', 'pylint', 'pip-tools', 'hatch', 'flit', 'maturin', 'nox', 'invoke']);
function pipNamed(inv: Invocation): string[] | undefined {
  let argv = inv.argv;
  // A virtual environment's own pip (`/tmp/v/bin/python -m pip install tox`): venvProgram's.
  if (argv[0]?.value.includes('/')) return undefined;
  if (/^python[\d.]*$/.test(inv.name) && argv[1]?.value === '-m') argv = argv.slice(2);
  else if (!/^pip[\d.]*$/.test(inv.name)) return undefined;
  if (!/^pip[\d.]*$/.test(argv[0]?.value ?? '') || argv[1]?.value !== 'install' || argv.some((w) => w.dynamic || w.glob)) return undefined;
  const rest = argv.slice(2).map((w) => w.value);
  const names = rest.filter((v) => !v.startsWith('-'));
  if (!names.length || !rest.every((v) => (v.startsWith('-') ? /^(-U|--upgrade|-q|--quiet|-v|--user|--no-cache-dir|--pre|--disable-pip-version-check|--no-input|--progress-bar=\w+)$/.test(v) : /^[A-Za-z0-9][\w.-]*(\[[\w,.-]+\])?([=<>!~]=?[\w.*+!-]+)?$/.test(v)))) return undefined;
  // A name's module file stays possible (`pip install pkg && python3 pkg.py`), but not for the
  // packaging and test tools themselves (`pip install -U pip build && python -m build`).
  return names.map((v) => v.replace(/[[=<>!~].*$/, '')).flatMap((n) => [n, n.replace(/-/g, '_'), ...(PY_TOOLS.has(n.toLowerCase()) ? [] : [`${n}.py`, `${n.replace(/-/g, '_')}.py`])]);
}

/** `bin/rails runner 'puts ActiveRecord::Base.connection.tables.size'`, `ruby -e 'puts
 *  RUBY_VERSION'`: inline ruby that prints a constant or a chain of the framework's own read-only
 *  methods on one: it writes no file (the app it loads is the project's own, as for `bin/rails
 *  db:migrate`) (rt25k1). */
function railsRunnerPrintOnly(inv: Invocation): boolean {
  if (inv.argv.length !== 3 || inv.argv.some((w) => w.dynamic)) return false;
  // The runner (its script word reads `\0script`), and the ruby code the walker reads in it.
  const runner = inv.name === 'rails' && /^(runner|r)$/.test(inv.argv[1]!.value);
  if (!runner && !(inv.name === 'ruby' && inv.argv[1]!.value === '-e')) return false;
  const c = inv.argv[2]!.value;
  // A constant and reads of the framework's own state only: a model's method may write files.
  return /^\s*(puts|p|pp|print)[ (]\s*[A-Z]\w*(::[A-Z]\w*)*(\.(connection|tables|size|count|length|version|current_database|adapter_name|database_version|column_names|env|name|to_s|inspect|migration_context|current_version|needs_migration\?|first|last))*\s*\)?\s*;?\s*$/.test(c);
}

/** `gem install bundler -v "$(tail -n 1 Gemfile.lock)"`: gems named by plain words, with at most
 *  a version (which may be only known at run time), into gem's own directories (no --install-dir,
 *  --bindir, -g or a file): files its names name at most, as pip's (rt25k1). */
function gemNamed(inv: Invocation): string[] | undefined {
  if (inv.name !== 'gem' || inv.argv[1]?.value !== 'install' || inv.argv[1]!.dynamic) return undefined;
  const a = inv.argv.slice(2);
  const names: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (!w.dynamic && /^(-v|--version)$/.test(w.value)) { i++; continue; }
    if (w.dynamic || w.glob) return undefined;
    if (/^(-N|--no-document|--no-doc|--conservative|--user-install|-q|--quiet|--silent|--no-user-install|--minimal-deps|--prerelease|--pre)$/.test(w.value)) continue;
    if (w.value.startsWith('-') || !/^[A-Za-z0-9][\w.-]*$/.test(w.value)) return undefined;
    names.push(w.value);
  }
  return names.length ? names : undefined;
}

/** `node -p "require('./package.json').version"`, `node -e 'console.log(require("./a.json").x)'`:
 *  code given inline that can only read JSON and print. Its text holds no module but JSON files
 *  (`require('x.json')`), no file or process API, no dynamic code: it writes nothing. */
function nodePrintOnly(inv: Invocation): boolean {
  if (!/^(node|nodejs|bun)$/.test(inv.name) || inv.argv.length !== 3) return false;
  const [flag, code] = [inv.argv[1]!, inv.argv[2]!];
  if (flag.dynamic || code.dynamic || !/^(-p|--print|-e|--eval)$/.test(flag.value)) return false;
  const c = code.value;
  const requires = [...c.matchAll(/\brequire\s*\(([^)]*)\)/g)];
  if (!requires.every((m) => /^\s*(['"])[\w./@-]+\.json\1\s*$/.test(m[1]!))) return false;
  const rest = c.replace(/\brequire\s*\([^)]*\)/g, '');
  return !/\b(import|fs|child_process|process\s*\.\s*(binding|dlopen|mainModule|chdir|kill)|exec|spawn|fork|write|append|unlink|rm|rename|mkdir|copy|cp|symlink|link|truncate|chmod|chown|open|eval|Function|globalThis|global|constructor|Reflect|module|Bun|Deno|fetch|http|net|WebSocket|Worker)\b|\[\s*['"`]|\\u/.test(rest);
}

/** `python3 -c "import django; print(django.get_version())"`: code given inline that imports
 *  only modules not in the directory it runs in and prints, with no file, process or dynamic
 *  code API in its text: it writes nothing. A module's `__version__` is a plain attribute read;
 *  other dunder names (`__import__`, `__builtins__`, `__class__`) reach code. */
function pyPrintOnly(inv: Invocation, env: WriteEnv): boolean {
  if (!/^python[\d.]*$/.test(inv.name) || inv.argv.length !== 3 || inv.argv[1]!.value !== '-c' || inv.argv.some((w) => w.dynamic)) return false;
  const c = inv.argv[2]!.value;
  if (/\b(open|write\w*|remove\w*|unlink|rmtree|rmdir|rename|replace|mkdir|makedirs|touch|copy\w*|move|chmod|chown|truncate|symlink|link|os|shutil|subprocess|system|popen|spawn\w*|exec\w*|eval|compile|getattr|setattr|__(?!version__\b)\w+__|importlib|pathlib|Path|sqlite3|socket|urllib|requests|http|pickle|ctypes|sys\.modules|lambda|globals|locals|vars)\b|from\s+\.|\\x|\\u/.test(c)) return false;
  const mods = [...c.matchAll(/\b(?:import|from)\s+([\w.]+(?:\s*,\s*[\w.]+)*)/g)].flatMap((m) => m[1]!.split(',').map((x) => x.trim().split('.')[0]!));
  return mods.every((m) => {
    const abs = env.resolve(m);
    return abs !== undefined && !existsSync(abs) && !existsSync(abs + '.py') && !(env.prev && mayHaveMade(env.prev, abs));
  });
}

/** The record after `inv` ran; `prev` itself when it wrote nothing. */
export function afterWrites(inv: Invocation, env: WriteEnv): Written | undefined {
  // Most commands write nothing: no work for them (this runs for every command).
  if (!inv.redirects.length && ((NON_WRITERS.has(inv.name) && !yqInPlace(inv)) || composeCommand(inv) || railsRunnerPrintOnly(inv) || inv.argv.length < 2 || manifestInstall(inv) || settingsOnly(inv) || versionOnly(inv, env.script) || crontabList(inv) || printsSetup(inv, env.programs) || nodePrintOnly(inv) || pyPrintOnly(inv, env) || unzipListOnly(inv))) return env.prev;
  // `python3 -m build [--sdist|--wheel] [.]`: the packages go to dist/, the backend's scratch to
  // build/ (and *.egg-info, which nothing runs).
  if (!inv.redirects.length && /^python[\d.]*$/.test(inv.name) && inv.argv[1]?.value === '-m' && inv.argv[2]?.value === 'build' && inv.argv.slice(3).every((w) => !w.dynamic && /^(--sdist|--wheel|-s|-w|-n|--no-isolation|\.)$/.test(w.value))) {
    const dist = env.resolve('dist');
    const build = env.resolve('build');
    if (dist !== undefined && build !== undefined) return { ...(env.prev ?? { files: new Map(), texts: [] }), texts: [...(env.prev?.texts ?? []), UNDER + dist, UNDER + build] };
  }
  const split = inv.redirects.length ? undefined : splitDir(inv, env);
  if (split !== undefined) return { ...(env.prev ?? { files: new Map(), texts: [] }), texts: [...(env.prev?.texts ?? []), PLAIN + split] };
  const pip = inv.redirects.length ? undefined : pipNamed(inv) ?? gemNamed(inv);
  if (pip) return { ...(env.prev ?? { files: new Map(), texts: [] }), texts: [...(env.prev?.texts ?? []), NAMED + pip.join(' ')] };
  // A new virtual environment: files under it with known roles, not "anything its words name".
  const venv = inv.redirects.length ? undefined : venvDir(inv);
  const venvAbs = venv === undefined ? undefined : env.resolve(venv);
  if (venvAbs !== undefined) return { ...(env.prev ?? { files: new Map(), texts: [] }), venvs: [...(env.prev?.venvs ?? []), venvAbs] };
  // `git mv SRC... DEST`: a move, recorded as mv records one; `git mv -n` moves nothing.
  const gitMv = inv.redirects.length ? undefined : gitMoveAsMv(inv);
  if (gitMv === null) return env.prev;
  if (gitMv) return afterWrites(gitMv, env);
  const files: Array<[string, string | null]> = [];
  const texts: string[] = [];
  const put = (w: Word | undefined, content: string | null): void => {
    if (!w) return;
    if (w.dynamic || w.glob) {
      texts.push(w.text);
      return;
    }
    if (DEVICES.test(w.value)) return;
    const abs = env.resolve(w.value);
    if (abs === undefined) texts.push(w.value);
    else files.push([abs, content]);
  };
  const known = (w: Word): string | null => {
    if (w.dynamic) return null;
    if (w.value === '/dev/null') return '';
    const abs = env.resolve(w.value);
    if (abs === undefined) return null;
    const c = writtenContent(env.prev, abs);
    return c !== undefined ? c : readSmall(abs);
  };
  const missing = (w: Word): boolean => {
    const abs = w.dynamic ? undefined : env.resolve(w.value);
    return abs === undefined || (writtenContent(env.prev, abs) === undefined && !statSync(abs, { throwIfNoEntry: false }));
  };
  const stdin = (): string | null => {
    const s = inv.stdin;
    if (!s) return null;
    if (s.kind === 'file') return known(s.path);
    return s.kind === 'herestring' && s.dynamic ? null : (s.text ?? null);
  };

  for (const r of inv.redirects) {
    if (!r.op.includes('>') || r.op === '>&' && r.target && /^\d+$|^-$/.test(r.target.value)) continue;
    // `exec > >(tee -a build.log)`: a pipe to a process substitution, whose own commands record
    // what they write.
    if (r.target && /^>\([^]*\)$/.test(r.target.text)) continue;
    const out = r.fd === undefined || r.fd === 1 ? env.output() ?? null : null;
    if (r.op === '>>' || r.op === '&>>') put(r.target, out === null || !r.target ? null : append(r.target, out));
    else put(r.target, r.op === '<>' ? null : out);
  }
  let links: Map<string, string | null> | undefined;
  let copied: string | undefined;
  const movedNow: Array<[string, string]> = [];
  const args = inv.argv.slice(1);
  // install's -m MODE, -o OWNER, -g GROUP, -S SUFFIX take the next word (not a file).
  const pos = args.filter((a, k) => (!a.value.startsWith('-') || a.value === '-') && !(inv.name === 'install' && k > 0 && /^-[a-zA-Z]*[mogS]$/.test(args[k - 1]!.value)));
  switch (inv.name) {
    case 'tee': {
      const add = args.some((a) => /^-[a-z]*a/.test(a.value) || a.value === '--append');
      const text = stdin();
      for (const f of pos) put(f, text === null ? null : add ? append(f, text) : text);
      break;
    }
    case 'cp':
    case 'install':
    case 'mv': {
      const t = args.findIndex((a) => a.value === '-t' || a.value.startsWith('--target-directory'));
      const dir = t >= 0 ? (args[t]!.value.includes('=') ? { ...args[t]!, value: args[t]!.value.split('=')[1]! } : args[t + 1]) : undefined;
      const srcs = dir ? pos.filter((p) => p !== dir) : pos.slice(0, -1);
      const dest = dir ?? pos[pos.length - 1];
      if (!dest) break;
      const intoDir = !!dir || srcs.length > 1 || dest.value.endsWith('/') || isDir(env.resolve(dest.value));
      const recursive = args.some((a) => /^-[a-zA-Z]*[rRa]|^--recursive$|^--archive$/.test(a.value));
      // `cp -s`/`cp -l` make links, not copies; `mv LINK X` moves a link the line made.
      if (inv.name === 'cp' && args.some((a) => /^-[a-zA-Z]*[sl]|^--(symbolic-)?link$/.test(a.value))) recordLinks(args, pos, !args.some((a) => /^-[a-zA-Z]*s|^--symbolic-link$/.test(a.value)));
      // A link moved or copied (mv; cp -a/-P/-r copy the link itself) still points where it did.
      moveLinks(srcs, dest, intoDir);
      if (inv.name === 'cp' && !inv.redirects.length && srcs.length === 1) {
        // `cp data/db.sqlite "$tmp"/`: the copy is the directory's file of the source's name.
        const to = intoDir ? (dir || dest.dynamic ? undefined : { ...dest, value: path.join(dest.value, path.basename(srcs[0]!.value)) }) : dest;
        const copy = to && plainCopy(srcs[0]!, to, args);
        if (copy) copied = copy;
      }
      for (const s of srcs) {
        // A source not there now may be by the time cp runs (a tool, `curl -o` earlier): what the
        // copy holds is unknown (`cp /tmp/other/package.json . ; yarn x`), not empty.
        const read = s.value === '/dev/stdin' || s.value === '-' ? stdin() : known(s);
        const content = read === '' && s.value !== '/dev/stdin' && s.value !== '-' && missing(s) ? null : read;
        const to = intoDir ? { ...dest, value: path.join(dest.value, path.basename(s.value)) } : dest;
        // -n/--no-clobber/--update=none keep a file already there; -u replaces it only when older.
        const there = (): boolean | undefined => {
          const abs = to.dynamic ? undefined : env.resolve(to.value);
          return abs === undefined ? undefined : writtenContent(env.prev, abs) !== undefined || !!lstatSync(abs, { throwIfNoEntry: false });
        };
        const keep = args.some((a) => /^-[a-zA-Z]*n|^--no-clobber$|^--update=none(-fail)?$/.test(a.value));
        const older = args.some((a) => /^-[a-zA-Z]*u|^--update(=older)?$/.test(a.value));
        // A source missing from disk that nothing earlier on the line may have made, copied into
        // a directory mktemp made on the line: the copy is whatever the source holds when cp
        // runs, read as the source is (a COPY entry): nothing, as it is now, for a reader that
        // reads a missing file as none (`cp -r src package.json "$d"/ && cd "$d" && npm run
        // build` in a project without package.json is `npm run build` there, rt26k). Elsewhere
        // unknown: a later pattern of the line would no longer be read from disk (wroteNothing).
        const sAbs = s.dynamic || s.glob || s.value === '-' || s.value.startsWith('/dev/') ? undefined : env.resolve(s.value);
        const toAbs = to.dynamic || to.glob ? undefined : env.resolve(to.value);
        if (inv.name === 'cp' && content === null && !keep && !older && sAbs !== undefined && toAbs !== undefined && FRESH_DEST.test(toAbs) && toAbs !== sAbs && !toAbs.startsWith(sAbs + '/') && !(env.prev && mayHaveMade(env.prev, sAbs)) && missing(s) && !args.some((a) => /^-[a-zA-Z]*[sl]|^--(symbolic-)?link$|^-[a-zA-Z]*t|^--target/.test(a.value))) {
          texts.push([COPY + toAbs, sAbs].join('\0'), UNDER + toAbs);
          continue;
        }
        if (keep || older) {
          const t = there();
          if (t === undefined) put(to, null);
          else if (!t) put(to, content);
          else if (older) put(to, null);
          // kept: the file keeps what it holds
        } else put(to, content);
        if (inv.name === 'mv') put(s, null);
        if (inv.name === 'mv' && !keep && !older && !s.dynamic && !s.glob && !to.dynamic && !to.glob) {
          const [from, at] = [env.resolve(s.value), env.resolve(to.value)];
          if (from !== undefined && at !== undefined) movedNow.push([at, from]);
        }
        // A directory copied or moved: every file under the destination is new.
        const abs = to.dynamic ? undefined : env.resolve(to.value);
        // `cp -r src "$tmp/"`, `cp -r . /tmp/app`: what is under the copy is what is under src on
        // disk (as for rsync -a), when the line wrote nothing under either.
        if (abs && inv.name === 'cp' && recursive && (intoDir || srcs.length === 1) && !inv.redirects.length) {
          const copy = cpCopy(s, abs, args);
          if (copy) texts.push(copy);
        }
        if (abs && (recursive || inv.name === 'mv' || isDir(env.resolve(s.value)))) texts.push(UNDER + abs);
        else if (!abs && recursive) texts.push(ANY_FILE);
      }
      break;
    }
    case 'touch': {
      // A file touch creates is empty (one already there, or written earlier, keeps its content).
      if (args.some((a) => /^-[a-zA-Z]*c|^--no-create$/.test(a.value))) break;
      const files = args.filter((a, k) => !a.value.startsWith('-') && !(k > 0 && /^(-[a-zA-Z]*[dtr]|--date|--reference)$/.test(args[k - 1]!.value)));
      for (const f of files) {
        const abs = f.dynamic ? undefined : env.resolve(f.value);
        if (abs && writtenContent(env.prev, abs) === undefined && !lstatSync(abs, { throwIfNoEntry: false })) put(f, '');
      }
      break;
    }
    case 'ln':
      put(pos[pos.length - 1], null);
      recordLinks(args, pos, !args.some((a) => /^-[a-zA-Z]*s|^--symbolic$/.test(a.value)) || args.some((a) => /^-[a-zA-Z]*r|^--relative$/.test(a.value)));
      break;
    case 'tar':
    case 'gtar':
    case 'bsdtar':
      if (/^-?[a-z]*x|^--extract|^--get/.test(args[0]?.value ?? '') || args.some((a) => a.value === '-x' || a.value === '--extract')) {
        const rev = archiveInto(inv, args, env);
        if (rev) {
          const dir = rev.slice(REV.length).split('\0')[0]!;
          // What the line wrote there before may be replaced now.
          for (const k of env.prev?.files.keys() ?? []) if (k.startsWith(dir + '/')) put({ value: k, dynamic: false, glob: false, text: k }, null);
          texts.push(rev);
        } else texts.push(ANY_FILE);
      }
      break;
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk':
      if (!awkPrintOnly(inv)) generic();
      break;
    case 'unzip':
    case 'cpio':
    case 'patch':
    case '7z':
    case '7za':
    case 'busybox':
      texts.push(ANY_FILE);
      break;
    case 'rsync': {
      // rsync writes under its local destination (the last operand, or that file itself); a remote
      // one writes nothing here. Options that write elsewhere (a log, a batch, a backup or temp
      // directory) or a destination known only at run time: any file.
      const ops = readItems(args, programFor('rsync')).flatMap((it) => ('pos' in it ? [it.pos] : []));
      const elsewhere = args.some((a) => /^--(log-file|write-batch|only-write-batch|temp-dir|backup-dir|partial-dir|files-from|read-batch)\b|^-[a-zA-Z]*T/.test(a.value));
      const to = ops.length >= 2 ? ops[ops.length - 1] : undefined;
      if (!to) break;
      const remote = !to.dynamic && /^[^/]*:|^rsync:\/\//.test(to.value);
      if (remote && !elsewhere) break;
      const abs = to.dynamic || to.glob || elsewhere ? undefined : env.resolve(to.value);
      if (abs === undefined) texts.push(ANY_FILE);
      else {
        put(to, null);
        // What the line wrote under it before may be replaced now (rt24fp1).
        for (const k of env.prev?.files.keys() ?? []) if (k.startsWith(abs + '/')) put({ value: k, dynamic: false, glob: false, text: k }, null);
        const copy = rsyncCopy(ops.slice(0, -1), to, abs, args);
        if (copy) texts.push(copy);
        texts.push(UNDER + abs);
      }
      break;
    }
    case 'npm':
    case 'pnpm': {
      const pj: Word = { value: 'package.json', dynamic: false, glob: false, text: 'package.json' };
      const sub = pos[0]?.value;
      // `npm init -y` writes a package.json where there is none (one there keeps its scripts).
      if (sub === 'init' && pos.length === 1 && args.some((a) => a.value === '-y' || a.value === '--yes')) {
        if (known(pj) === '') put(pj, NPM_INIT);
      } else if (sub === 'pkg' && pos[1]?.value === 'set') put(pj, pkgSet(known(pj), pos.slice(2), args));
      // `npm config set script-shell X`: the user's .npmrc (a project's with --location project).
      else if ((sub === 'config' || sub === 'c') && pos[1]?.value === 'set' && pos[2]) {
        const rc: Word = { value: args.some((a) => a.value === '--location=project' || a.value === '-L=project') ? '.npmrc' : '~/.npmrc', dynamic: false, glob: false, text: '.npmrc' };
        const kv = pos[3] ? (pos[2].dynamic || pos[3].dynamic ? null : `${pos[2].value}=${pos[3].value}\n`) : pos[2].dynamic ? null : `${pos[2].value}\n`;
        put(rc, kv === null ? null : append(rc, kv));
      }
      else if (args.some((a) => a.value === 'pkg' || a.value === 'set-script' || a.value === 'init')) put(pj, null);
      break;
    }
    case 'node':
    case 'nodejs': {
      // `node -e "const p=require('./package.json'); p.scripts.x='…'; fs.writeFileSync(…)"`:
      // literal key assignments replayed on the file, as for jq and npm pkg set.
      const edit = nodeJsonEdit(inv, known);
      if (!edit) {
        generic();
        break;
      }
      put({ value: edit.file, dynamic: false, glob: false, text: edit.file }, edit.text);
      break;
    }
    case 'sed':
    case 'gsed': {
      // `sed -i 's/"version": "1.2.3"/"version": "1.2.4"/' package.json`: one literal s///
      // replayed on the file's text, so a reader (npm, source) sees the edited file, not "unknown".
      const edit = literalSedEdit(inv);
      // A file that isn't there now: sed can't read it and writes nothing, but the line was
      // written for a project that has it, whose text can't be seen. Only an edit of one key's
      // whole value to a value no rule watches (`"version": "1.2.3"` -> `"1.2.4"`, `PORT=3001`)
      // can't change what a reader runs.
      if (!edit || edit.files.some((f) => known(f) === '' && missing(f)) && !(valueEdit(edit.pattern, edit.replacement) && !(env.mentions ?? (() => true))(edit.replacement))) {
        // One literal s/// (no w or e flag, no second command) writes only the files it names
        // (and their backups): what it does to them is unknown, but it makes no other file
        // (`sed -i "s/ruby '3.2.2'/ruby '3.3.0'/" Gemfile && bin/rails test`).
        if (!edit) {
          // The same one s/// (no w or e flag) over files named at run time (`rg -l X src | xargs
          // sed -i 's/a/b/g'`): it rewrites files that are there (and makes their backups), no
          // other file; which ones and what they hold after is unknown (EDITS).
          const named = plainSedInPlace(inv);
          if (named === undefined) generic();
          else {
            texts.push(EDITS + named.map((f) => f.value).join(' '));
            for (const f of named) if (!f.glob && isFile(env.resolve(f.value))) put(f, null);
          }
          break;
        }
        const names = edit.files.flatMap((f) => (edit.backup !== undefined ? [f.value, f.value + edit.backup] : [f.value]));
        texts.push(NAMED + names.join(' '));
        for (const f of edit.files) if (isFile(env.resolve(f.value))) put(f, null);
        break;
      }
      for (const f of edit.files) {
        const before = known(f);
        if (before === '' && missing(f)) continue;
        put(f, before === null ? null : edit.apply(before));
        if (edit.backup !== undefined) put({ ...f, value: f.value + edit.backup, text: f.text + edit.backup }, before);
      }
      break;
    }
    // composer's package commands write vendor/ (package code, whose bins run like those npm
    // puts under node_modules) and composer.json/composer.lock's requirements, not scripts
    // (redteam22-fp1: `composer require --dev pestphp/pest && ./vendor/bin/pest --init`).
    case 'composer':
      // `composer config scripts.x CMD` edits the project's composer.json (not with -g).
      if (pos[0]?.value === 'config' && !args.some((a) => /^(-g|--global|-d|--working-dir)(=|$)/.test(a.value))) put({ value: 'composer.json', dynamic: false, glob: false, text: 'composer.json' }, null);
      else if (!/^(install|i|update|u|upgrade|require|r|remove|rm|uninstall|dump-autoload|dumpautoload|reinstall)$/.test(pos[0]?.value ?? '') || args.some((a) => a.dynamic || /^(-d|--working-dir)(=|$)/.test(a.value))) generic();
      break;
    case 'git': {
      // The sub-command, past global options and their values (`git -c user.name=ci commit`).
      let sub: string | undefined;
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        if (/^(-c|-C|--git-dir|--work-tree|--namespace|--exec-path|--config-env)$/.test(v)) i++;
        else if (!v.startsWith('-')) { sub = args[i]!.dynamic ? undefined : v; break; }
      }
      if (sub === 'apply' || sub === 'am') texts.push(ANY_FILE);
      // `git archive REV` prints the archive; only -o/--output writes a file.
      else if (sub === 'archive' && !args.some((a) => a.dynamic || /^(-o|--output)/.test(a.value))) break;
      else if (!GIT_READERS.has(sub ?? '')) texts.push((namesOnly(inv, pos, args, env.programs) ? NAMED : '') + inv.argv.map((a) => a.text).join(' '));
      break;
    }
    default:
      generic();
  }
  function generic(): void {
    // No command (a redirect judged on its own, `a | b > f`'s): only its redirects write.
    if (inv.argv.length && (!NON_WRITERS.has(inv.name) || yqInPlace(inv)) && !crontabList(inv) && !awkReadsOnly(inv) && (args.length || inv.stdin)) {
      // Anything else may write the files it names (sed -i, an interpreter's open(...,'w')).
      const text = inv.stdin?.kind === 'file' ? null : stdin();
      const all = inv.argv.map((a) => a.value).join(' ') + (text === null ? '' : `\n${text}`);
      const runner = namesOnly(inv, pos, args, env.programs) ? undefined : projectRunner(inv, env.script);
      const here = runner === undefined ? undefined : env.resolve('.');
      // A names-only command's words keep their bounds: one word holding blanks (a query, `bq query
      // 'SELECT * FROM \`p.d.t\`'`) is one name in namesFile, its `*` and backticks no pattern.
      const words = inv.argv.map((a) => a.value.replace(/\s+/g, SPACE)).join(' ') + (text === null ? '' : `\n${text}`);
      texts.push(namesOnly(inv, pos, args, env.programs) ? NAMED + words : here !== undefined ? `${PROJ}${here}\0${runner}\0${all}` : all);
      // In-place editors write the files they name: record them, so readers of a known file
      // (a task runner, a test tool) see it changed.
      if ((IN_PLACE.test(inv.name) && args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a.value))) || yqInPlace(inv)) for (const f of pos) if (!f.dynamic && !f.glob && isFile(env.resolve(f.value))) put(f, null);
      // Code that writes files under a name it builds (`open('x'+'.sh','w')`) may write any. Code
      // that is only one `Path('/tmp/q.sql').write_text('SELECT ...')` (and its import) writes
      // that literal to that file (redteam21-fp1).
      const ci = inv.argv.findIndex((a) => a.value === '-c');
      const code = ci > 0 ? (ci === inv.argv.length - 2 && !inv.argv[ci + 1]!.dynamic ? inv.argv[ci + 1]!.value : undefined) : inv.argv.length === 2 && inv.argv[1]!.value === '-' ? text : undefined;
      const lit = /^python[\d.]*$/.test(inv.name) && code ? pyLiteralWrite(code) : undefined;
      if (lit) put({ value: lit.path, text: lit.path, dynamic: false, glob: false }, lit.content);
      else if (WRITE_API.test(all)) texts.push(ANY_FILE);
    }
  }
  if (inv.name === 'curl' || inv.name === 'wget') {
    const out = inv.name === 'curl' ? /^(-[a-zA-Z]*o|--output)$/ : /^(-[a-zA-Z]*O|--output-document)$/;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.value;
      if (out.test(v)) put(args[i + 1], null);
      else if (/^--output(-document)?=/.test(v)) put({ ...args[i]!, value: v.slice(v.indexOf('=') + 1) }, null);
    }
  }
  if (!files.length && !texts.length && !links) return env.prev;
  // Copies stay copies until something else may have written them.
  let copies = env.prev?.copies;
  if (copies?.size) {
    const touched = (k: string) => files.some(([f]) => f === k) || texts.some((t) => t === ANY_FILE || (t.startsWith(UNDER) ? k.startsWith(t.slice(UNDER.length) + '/') : t.includes(path.basename(k))));
    const kept = [...copies].filter((k) => !touched(k));
    copies = kept.length === copies.size ? copies : new Set(kept);
  }
  if (copied) copies = new Set([...(copies ?? []), copied]);
  const map = new Map(env.prev?.files ?? []);
  // A write the line shows earlier no longer holds once something may have changed the file.
  if (texts.length) for (const k of map.keys()) if (texts.some((t) => t.includes(path.basename(k)))) map.set(k, null);
  for (const [k, v] of files) map.set(k, v);
  const out: Written = { files: map, texts: [...(env.prev?.texts ?? []), ...texts] };
  const allLinks = links ?? env.prev?.links;
  if (allLinks) out.links = allLinks;
  if (env.prev?.venvs) out.venvs = env.prev.venvs;
  if (copies?.size) out.copies = copies;
  // A moved file stays the moved file until anything else writes that name.
  if (env.prev?.moved?.size || movedNow.length) {
    const moved = new Map([...(env.prev?.moved ?? [])].filter(([k]) => !files.some(([f]) => f === k)));
    for (const [at, from] of movedNow) moved.set(at, from);
    if (moved.size) out.moved = moved;
  }
  return out;

  /** `cp SRC DEST` (no link, no archive flags) of a regular file the line didn't write, to a name
   *  with nothing there and nothing written by the line: DEST will be a new regular file. */
  /** `rsync -a [--delete] [--exclude NAME] SRC/ DEST/`: one local source directory copied whole
   *  (only NAME patterns left out), a COPY entry; else undefined. Not with options that keep
   *  files already there, filter otherwise, compare or only show (rt24fp1). */
  function rsyncCopy(srcs: Word[], to: Word, destAbs: string, args: Word[]): string | undefined {
    if (srcs.length !== 1) return undefined;
    const s = srcs[0]!;
    if (s.dynamic || s.glob || /^[^/]*:|^rsync:\/\//.test(s.value)) return undefined;
    const excludes: string[] = [];
    for (let k = 0; k < args.length; k++) {
      const v = args[k]!.value;
      if (args[k] === s || args[k] === to || !v.startsWith('-')) continue;
      if (v === '--exclude' || v.startsWith('--exclude=')) {
        const p = v === '--exclude' ? args[++k] : { ...args[k]!, value: v.slice(10) };
        if (!p || p.dynamic || !/^[\w.*-]+$/.test(p.value)) return undefined;
        excludes.push(p.value);
        continue;
      }
      // Archive, recursion, verbosity, deletes, compression, progress, checksums: the copy is whole.
      if (!/^(-[arvzhPcqtpogDlHAX]+|--(archive|recursive|verbose|quiet|delete|delete-after|delete-before|delete-during|delete-excluded|compress|progress|partial|human-readable|stats|checksum|times|perms|owner|group|devices|specials|links|hard-links|acls|xattrs|itemize-changes|info=[\w,]+|mkpath))$/.test(v)) return undefined;
    }
    const from = env.resolve(s.value);
    if (from === undefined || !isDir(from)) return undefined;
    // `rsync -a src dest/` makes dest/src; `src/` (or `.`) copies what is in it.
    const dest = s.value.endsWith('/') || /(^|\/)\.$/.test(s.value) ? destAbs : path.join(destAbs, path.basename(from));
    if (dest === from || from.startsWith(dest + '/')) return undefined;
    return [COPY + dest, from, ...excludes].join('\0');
  }

  /** `cp -r SRC DEST` (recursion, archive, verbosity, force, preserve only) of a local directory,
   *  or of one not there (cp then fails and makes nothing), DEST being SRC's copy (see the caller):
   *  a COPY entry, when the line may have made nothing under either; else undefined. Not a source
   *  that is a file on disk, nor one inside the destination. */
  function cpCopy(s: Word, destAbs: string, args: Word[]): string | undefined {
    if (s.dynamic || s.glob || s.value.endsWith('/.') || args.some((a) => a.value.startsWith('-') && !/^(-[rRapvfP]+|--(recursive|archive|verbose|force|no-dereference|preserve(=[a-z,]+)?))$/.test(a.value))) return undefined;
    const from = env.resolve(s.value);
    if (from === undefined) return undefined;
    const st = lstatSync(from, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) return undefined;
    if (destAbs === from || destAbs.startsWith(from + '/') || from.startsWith(destAbs + '/')) return undefined;
    if (env.prev && (mayHaveMade(env.prev, from) || mayHaveMade(env.prev, destAbs))) return undefined;
    return [COPY + destAbs, from].join('\0');
  }

  function plainCopy(src: Word, dest: Word, all: Word[]): string | undefined {
    if (src.dynamic || src.glob || dest.dynamic || dest.glob) return undefined;
    if (all.some((a) => a.value.startsWith('-') && !/^(-[fivnpuT]+|--(force|interactive|verbose|no-clobber|preserve(=[a-z,]+)?|update|no-target-directory))$/.test(a.value))) return undefined;
    const from = env.resolve(src.value);
    const to = env.resolve(dest.value);
    if (from === undefined || to === undefined || from === to) return undefined;
    const prevLinks = env.prev?.links;
    if (throughLinks(from, prevLinks) !== from || throughLinks(to, prevLinks) !== to) return undefined;
    if (writtenContent(env.prev, from) !== undefined || writtenContent(env.prev, to) !== undefined) return undefined;
    if (!lstatSync(from, { throwIfNoEntry: false })?.isFile() || lstatSync(to, { throwIfNoEntry: false })) return undefined;
    return to;
  }

  /** `ln [-s] TARGET... [LINK|DIR]`, `ln -t DIR TARGET...`: each link now names its target.
   *  A symbolic link's relative target is read from the link's directory (unless -r). */
  function recordLinks(all: Word[], names: Word[], fromCwd: boolean): void {
    const t = all.findIndex((a) => a.value === '-t' || a.value.startsWith('--target-directory'));
    const dir = t >= 0 ? (all[t]!.value.includes('=') ? { ...all[t]!, value: all[t]!.value.split('=')[1]! } : all[t + 1]) : undefined;
    const noDir = all.some((a) => /^-[a-zA-Z]*T|^--no-target-directory$/.test(a.value));
    const targets = dir ? names.filter((p) => p !== dir) : names.length > 1 ? names.slice(0, -1) : names;
    const dest = dir ?? (names.length > 1 ? names[names.length - 1] : { value: '.', dynamic: false, glob: false, text: '.' });
    if (!dest || !targets.length) return;
    const destAbs = dest.dynamic || dest.glob ? undefined : env.resolve(dest.value);
    const intoDir = !noDir && (!!dir || targets.length > 1 || dest.value.endsWith('/') || isDir(destAbs));
    for (const tw of targets) {
      const base = path.basename(tw.value);
      const at = destAbs === undefined || (intoDir && tw.dynamic) ? undefined : intoDir ? path.join(destAbs, base) : destAbs;
      const to = tw.dynamic || tw.glob ? null : linkTarget(tw.value, at, fromCwd);
      addLink(at ?? ANY_LINK, to);
      // `ln -sfn data build` when build is a directory: the link lands in it, or replaces it (-n).
      if (intoDir && destAbs && !dir) addLink(destAbs, to);
    }
  }

  function linkTarget(v: string, at: string | undefined, fromCwd: boolean): string | null {
    const abs = v.startsWith('/') || v.startsWith('~') || fromCwd || at === undefined ? env.resolve(v) : path.resolve(path.dirname(at), v);
    return abs === undefined ? null : throughLinks(abs, links ?? env.prev?.links);
  }

  function addLink(at: string, to: string | null): void {
    links ??= new Map(env.prev?.links ?? []);
    links.set(at, to);
  }

  function moveLinks(srcs: Word[], dest: Word, intoDir: boolean): void {
    const have = links ?? env.prev?.links;
    const destAbs = dest.dynamic ? undefined : env.resolve(dest.value);
    for (const s of srcs) {
      const from = s.dynamic ? undefined : env.resolve(s.value);
      if (from === undefined) continue;
      let to: string | null;
      if (have?.has(from)) to = have.get(from)!;
      else if (isSymlink(from)) to = realOrNull(from);
      else continue;
      addLink(destAbs === undefined ? ANY_LINK : intoDir ? path.join(destAbs, path.basename(from)) : destAbs, to);
    }
  }

  function append(w: Word, more: string): string | null {
    const before = known(w);
    return before === null ? null : before + more;
  }
}

const IN_PLACE = /^(g?sed|perl|ruby)$/;
/** rt27t: `awk -F'"' '/^app/{print $2}' fly.toml` reads the files it names and prints: a program
 *  given on the line with no output redirection (`>`, `|`), system(), or gawk's in-place edit
 *  writes nothing (a file it names keeps what the line wrote there). Options with values: -F -v. */
function awkReadsOnly(inv: Invocation): boolean {
  if (!/^(awk|gawk|mawk|nawk)$/.test(inv.name)) return false;
  const a = inv.argv.slice(1);
  let k = 0;
  for (; k < a.length; k++) {
    const v = a[k]!;
    if (v.dynamic) return false;
    if (v.value === '--') { k++; break; }
    if (/^-[Fv]$/.test(v.value)) { k++; continue; }
    if (/^-[Fv]./.test(v.value)) continue;
    if (v.value.startsWith('-')) return false; // -f FILE, -i inplace, -E, --exec...
    break;
  }
  const prog = a[k];
  return !!prog && !prog.dynamic && !/[>|]|\bsystem\b|\bfflush\b|\bclose\b|@/.test(prog.value);
}

/** rt26b: `yq -i 'del(.Resources.OrdersTable)' template.yaml` rewrites the files it names (yq
 *  reads otherwise, and stays a reader then). */
function yqInPlace(inv: Invocation): boolean {
  return inv.name === 'yq' && inv.argv.slice(1).some((a) => /^-[a-zA-Z]*i[a-zA-Z]*$|^--inplace(=true)?$/.test(a.value) && !/^-[a-zA-Z]*I/.test(a.value));
}

/** `sed -i[SUFFIX] [-e] 's/PAT/REP/[g]' FILE...` whose pattern is literal text (`.` any
 *  character, `\.` and `\DELIM` literal) and whose replacement is literal text: what it does to
 *  a file's text, which files and the backup suffix. undefined for anything else (other options,
 *  several commands, regex operators, `&` or escapes in the replacement, words known at run time). */
/** `"KEY": "OLD"` -> `"KEY": "NEW"` (a JSON member's whole string value) or `KEY=OLD` ->
 *  `KEY=NEW` with plain values: an edit that changes one setting's value and nothing else. */
function valueEdit(pattern: string, replacement: string): boolean {
  const json = /^"([\w.:@/-]+)": ?"[^"\\$`]*"$/;
  const kv = /^([A-Za-z_][\w.]*)=[\w.:@/-]*$/;
  // `^KEY=.*`: the key's whole value, whatever it is.
  const pat = pattern.replace(/^\^/, '').replace(/\.\*\$?$/, '').replace(/\$$/, '');
  for (const re of [json, kv]) {
    const a = re.exec(re === kv ? pat : pattern);
    const b = re.exec(replacement);
    if (a && b && a[1] === b[1]) return true;
  }
  return false;
}

/** `sed -i[SUFFIX] [-E|-r] [-e] 's/PAT/REP/FLAGS' FILE...` (each script one s command whose flags
 *  are only g, p, i/I, m/M or a number: no w or e, no other command), with file words that may be
 *  patterns (xargs' `src/**`) but aren't built at run time: the file words, else undefined. */
export function plainSedInPlace(inv: Invocation): Word[] | undefined {
  const args = inv.argv.slice(1);
  if (args.some((a) => a.dynamic)) return undefined;
  let inPlace = false;
  const scripts: string[] = [];
  const files: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (a.glob) files.push(a);
    else if (v === '-i' || v === '--in-place' || (/^-i[\w.~-]+$/.test(v) && !v.includes('/')) || /^--in-place=[\w.~-]+$/.test(v)) inPlace = true;
    else if (/^(-E|-r|--regexp-extended|-s|--separate)$/.test(v)) continue;
    else if (v === '-e' || v === '--expression') {
      if (i + 1 >= args.length) return undefined;
      scripts.push(args[++i]!.value);
    } else if (v.startsWith('-')) return undefined;
    else if (!scripts.length) scripts.push(v);
    else files.push(a);
  }
  // BSD sed takes the word after a bare -i as the backup suffix (as literalSedEdit).
  if (!inPlace || !scripts.length || !files.length || files.some((f) => /^s[^\w\s\\]/.test(f.value))) return undefined;
  for (const script of scripts) {
    const d = script[1];
    if (script[0] !== 's' || d === undefined || /[\\\n\s\w]/.test(d)) return undefined;
    const parts: string[] = [];
    let cur = '';
    for (let i = 2; i < script.length; i++) {
      const c = script[i]!;
      if (c === '\\' && i + 1 < script.length) cur += c + script[++i]!;
      else if (c === d) {
        parts.push(cur);
        cur = '';
      } else cur += c;
    }
    parts.push(cur);
    if (parts.length !== 3 || !/^[gpiImM0-9]*$/.test(parts[2]!)) return undefined;
  }
  return files;
}

/** `git mv [-f] [-k] [-v] [--] SRC... DEST` as the mv that does the same; null for a dry run
 *  (-n); undefined for anything else (git's own options first, words built at run time). */
function gitMoveAsMv(inv: Invocation): Invocation | null | undefined {
  const a = inv.argv;
  if (inv.name !== 'git' || a[1]?.value !== 'mv' || a.some((w) => w.dynamic)) return undefined;
  const rest: Word[] = [];
  let ends = false;
  for (const w of a.slice(2)) {
    if (!ends && w.value === '--') ends = true;
    else if (!ends && (w.value === '-n' || w.value === '--dry-run')) return null;
    else if (!ends && /^(-[fkv]+|--force|--verbose|--sparse)$/.test(w.value)) continue;
    else if (w.value.startsWith('-')) return undefined;
    else rest.push(w);
  }
  return { ...inv, name: 'mv', argv: [{ ...a[0]!, value: 'mv', text: 'mv' }, ...rest] };
}

export function literalSedEdit(inv: Invocation): { files: Word[]; backup?: string; pattern: string; replacement: string; apply(text: string): string } | undefined {
  const args = inv.argv.slice(1);
  if (args.some((a) => a.dynamic || a.glob)) return undefined;
  let inPlace = false;
  let backup: string | undefined;
  let script: string | undefined;
  const files: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-i' || v === '--in-place') inPlace = true;
    else if (/^-i[\w.~-]+$/.test(v) && !v.includes('/')) (inPlace = true), (backup = v.slice(2));
    else if (/^--in-place=[\w.~-]+$/.test(v)) (inPlace = true), (backup = v.slice(11));
    else if (v === '-e' || v === '--expression') {
      if (script !== undefined || i + 1 >= args.length) return undefined;
      script = args[++i]!.value;
    } else if (v.startsWith('-')) return undefined;
    else if (script === undefined) script = v;
    else files.push(args[i]!);
  }
  // BSD sed takes the word after a bare -i as the backup suffix: a file word that reads as an
  // s command would be the script there.
  if (!inPlace || script === undefined || !files.length || files.some((f) => /^s[^\w\s\\]/.test(f.value))) return undefined;
  const m = /^s(.)/.exec(script);
  if (!m) return undefined;
  const d = m[1]!;
  if (/[\\\n\s\w]/.test(d)) return undefined;
  // Split on unescaped delimiters: s D pat D rep D flags.
  const parts: string[] = [];
  let cur = '';
  for (let i = 2; i < script.length; i++) {
    const c = script[i]!;
    if (c === '\\' && i + 1 < script.length) {
      cur += c + script[++i]!;
    } else if (c === d) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  if (parts.length !== 3) return undefined;
  const [pat, rep, flags] = parts as [string, string, string];
  if (!pat || !/^g?$/.test(flags)) return undefined;
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') {
      const n = pat[++i]!;
      if (n !== '.' && n !== d) return undefined;
      re += n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '.' && pat[i + 1] === '*') (re += '[^\\n]*'), i++;
    else if (c === '.') re += '[^\\n]';
    // `^` first and `$` last anchor to the line (`s/^PORT=.*/PORT=3001/`).
    else if ((c === '^' && i === 0) || (c === '$' && i === pat.length - 1)) re += c;
    else if (/[*[\]^$+?(){}|\n]/.test(c)) return undefined;
    else re += c.replace(/[/-]/g, '\\$&');
  }
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\') {
      const n = rep[++i]!;
      if (n !== d) return undefined;
      out += n;
    } else if (c === '&' || c === '\n') return undefined;
    else out += c;
  }
  // JS and sed differ on empty matches under g (`s/.*/X/g`: JS adds one at the line's end).
  if (flags === 'g' && new RegExp(re).test('')) return undefined;
  const rx = new RegExp(re, flags === 'g' ? 'g' : '');
  const apply = (text: string): string => text.split('\n').map((line) => line.replace(rx, () => out)).join('\n');
  return { files, backup, pattern: pat.replace(/\\(.)/g, '$1'), replacement: out, apply };
}

/** `node -e CODE` whose code only reads a JSON file (`require('./package.json')` or
 *  `JSON.parse(fs.readFileSync('package.json', 'utf8'))`), sets keys of it to literal values
 *  (`p.scripts.x = '…'`, `p["scripts"]["x"] = "…"`) and writes it back
 *  (`fs.writeFileSync('package.json', JSON.stringify(p, null, 2) + '\n')`): the file it writes and
 *  its text (null when the file's text before can't be known). undefined for any other code (the
 *  generic reading: any file may change). */
export function nodeJsonEdit(inv: Invocation, known: (w: Word) => string | null): { file: string; text: string | null } | undefined {
  const a = inv.argv.slice(1);
  if (a.length !== 2 || (a[0]!.value !== '-e' && a[0]!.value !== '--eval') || a.some((w) => w.dynamic)) return undefined;
  const stmts = jsStatements(a[1]!.value);
  if (!stmts) return undefined;
  const STR = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\x60[^\x60\\$]*\x60`;
  const strValue = (lit: string): string | undefined => {
    if (lit.startsWith('`')) return lit.slice(1, -1);
    let out = '';
    for (let i = 1; i < lit.length - 1; i++) {
      const c = lit[i]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const n = lit[++i]!;
      const esc: Record<string, string> = table({ n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"', '`': '`' });
      if (esc[n] === undefined) return undefined;
      out += esc[n];
    }
    return out;
  };
  const ID = String.raw`[A-Za-z_$][\w$]*`;
  const decl = new RegExp(String.raw`^(?:const|let|var)\s+(${ID})\s*=\s*(.+)$`, 's');
  const fsMods = new Set<string>();
  const isFs = (e: string): boolean => new RegExp(String.raw`^require\(\s*(['"])(node:)?fs\1\s*\)$`).test(e) || fsMods.has(e);
  const fileOf = (lit: string): string | undefined => {
    const v = strValue(lit);
    return v === undefined ? undefined : v.replace(/^(\.\/)+/, '');
  };
  let file: string | undefined;
  let name: string | undefined;
  let obj: unknown;
  let text: string | null | undefined;
  let wrote = false;
  let absent = false;
  for (const st of stmts) {
    if (wrote) return undefined;
    const d = decl.exec(st);
    if (d && isFs(d[2]!.trim())) {
      fsMods.add(d[1]!);
      continue;
    }
    if (d && name === undefined) {
      const e = d[2]!.trim();
      const req = new RegExp(String.raw`^require\(\s*(${STR})\s*\)$`).exec(e);
      const read = new RegExp(String.raw`^JSON\.parse\(\s*(.+?)\.readFileSync\(\s*(${STR})\s*(?:,\s*(?:(['"])utf-?8\3|\{\s*encoding\s*:\s*(['"])utf-?8\4\s*\})\s*)?\)\s*\)$`).exec(e);
      let f: string | undefined;
      if (req && /^(['"`])\.\.?\//.test(req[1]!) && /\.json$/.test(req[1]!.slice(1, -1))) f = fileOf(req[1]!);
      else if (read && isFs(read[1]!.trim())) f = fileOf(read[2]!);
      if (f === undefined || f.includes('..')) return undefined;
      file = f;
      name = d[1]!;
      const before = known({ value: f, dynamic: false, glob: false, text: f });
      // Not there: node fails and writes nothing, but the line was written for a project that
      // has one: its keys are read as set on an empty one (as for jq and npm pkg set).
      if (before === '') (obj = {}), (absent = true);
      else if (before === null) text = null;
      else {
        try {
          obj = JSON.parse(before);
        } catch {
          return undefined;
        }
      }
      continue;
    }
    if (name === undefined) return undefined;
    const set = new RegExp(String.raw`^${name.replace(/\$/g, '\\$')}((?:\.${ID}|\[\s*(?:${STR})\s*\])+)\s*=\s*(${STR}|-?\d+(?:\.\d+)?|true|false|null)$`, 's').exec(st);
    if (set) {
      if (text === null) continue;
      const keys: string[] = [];
      for (const m of set[1]!.matchAll(new RegExp(String.raw`\.(${ID})|\[\s*(${STR})\s*\]`, 'g'))) {
        const k = m[1] ?? strValue(m[2]!);
        if (k === undefined || k === '__proto__') return undefined;
        keys.push(k);
      }
      const lit = set[2]!;
      const value = /^['"`]/.test(lit) ? strValue(lit) : JSON.parse(lit);
      if (value === undefined) return undefined;
      let at = obj;
      for (const k of keys.slice(0, -1)) {
        // A missing object on the way throws (TypeError) before the write: not read here.
        if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
        const o = at as Record<string, unknown>;
        if (absent && o[k] === undefined) o[k] = {};
        at = o[k];
      }
      if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
      (at as Record<string, unknown>)[keys.at(-1)!] = value;
      continue;
    }
    const w = new RegExp(String.raw`^(.+?)\.writeFileSync\(\s*(${STR})\s*,\s*JSON\.stringify\(\s*${name.replace(/\$/g, '\\$')}\s*(?:,\s*null\s*,\s*(\d|'\\t'|"\\t"))?\s*\)\s*(\+\s*(['"])\\n\5)?\s*\)$`, 's').exec(st);
    if (!w || !isFs(w[1]!.trim()) || fileOf(w[2]!) !== file) return undefined;
    if (text !== null) {
      const indent = w[3] === undefined ? 0 : /^\d$/.test(w[3]) ? Number(w[3]) : '\t';
      text = JSON.stringify(obj, null, indent) + (w[4] ? '\n' : '');
    }
    wrote = true;
  }
  return wrote && file !== undefined && text !== undefined ? { file, text } : undefined;
}

/** JavaScript source split into its statements at `;` and line ends outside strings, brackets
 *  and comments; undefined when it has comments or unbalanced quotes or brackets. */
function jsStatements(code: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '/' && (code[i + 1] === '/' || code[i + 1] === '*')) return undefined;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (; j < code.length && code[j] !== c; j++) if (code[j] === '\\') j++;
      if (j >= code.length) return undefined;
      cur += code.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth < 0) return undefined;
    if (depth === 0 && (c === ';' || c === '\n')) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (depth) return undefined;
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** What `npm init -y` writes (npm 10/11; its name is the directory's, not read here). */
const NPM_INIT = JSON.stringify({ name: 'x', version: '1.0.0', main: 'index.js', scripts: { test: 'echo "Error: no test specified" && exit 1' } }, null, 2) + '\n';

/** package.json after `npm pkg set KEY=VALUE...` (npm-pkg(1): dotted keys, `--json` values):
 *  null when it can't be told (unknown file or words, workspaces, brackets). Without a
 *  package.json npm fails, but the line was written for a project that has one: its keys are
 *  read as set on an empty one. */
function pkgSet(before: string | null, pairs: Word[], args: Word[]): string | null {
  if (before === '') before = '{}';
  if (before === null || args.some((a) => a.dynamic || /^(-w|--workspace|--workspaces|-ws|--prefix|-C|--dir)(=|$)/.test(a.value))) return null;
  const json = args.some((a) => a.value === '--json');
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(before) as Record<string, unknown>;
  } catch {
    return null;
  }
  for (const p of pairs) {
    const eq = p.value.indexOf('=');
    if (eq <= 0 || /[[\]]/.test(p.value.slice(0, eq))) return null;
    const keys = p.value.slice(0, eq).split('.');
    let value: unknown = p.value.slice(eq + 1);
    if (json) {
      try {
        value = JSON.parse(value as string);
      } catch {
        return null;
      }
    }
    let at = obj;
    for (const k of keys.slice(0, -1)) {
      const next = at[k];
      if (next === undefined) at = at[k] = {} as Record<string, unknown>;
      else if (next && typeof next === 'object' && !Array.isArray(next)) at = next as Record<string, unknown>;
      else return null;
    }
    at[keys.at(-1)!] = value;
  }
  return JSON.stringify(obj, null, 2) + '\n';
}

/** What `jq '.scripts.test = "vitest run"' package.json` prints: the file's JSON with keys set to
 *  literal values (strings, numbers, true/false/null), each `.a.b` or `.a["b-c"]` path, several
 *  joined by `|`. Only -M, -r, -c, -S and --indent N besides. undefined for anything else (unknown).
 *  One reader for both a redirect of it and a pipe from it (walk.ts literalOutput). */
export function jqSet(inv: Invocation, known: (w: Word) => string | null): string | undefined {
  if (inv.name !== 'jq') return undefined;
  const a = inv.argv.slice(1);
  let filter: string | undefined;
  let file: Word | undefined;
  let indent = 2;
  let sort = false;
  // `--arg k v` ($k is the string v), `--argjson k JSON` ($k is that value).
  const named = new Map<string, unknown>();
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.dynamic || w.glob) return undefined;
    if (w.value === '--arg' || w.value === '--argjson') {
      const k = a[i + 1];
      const v = a[i + 2];
      if (!k || !v || k.dynamic || v.dynamic || !/^[A-Za-z_]\w*$/.test(k.value)) return undefined;
      if (w.value === '--arg') named.set(k.value, v.value);
      else {
        try {
          named.set(k.value, JSON.parse(v.value));
        } catch {
          return undefined;
        }
      }
      i += 2;
      continue;
    }
    if (w.value === '-M' || w.value === '--monochrome-output' || w.value === '-r' || w.value === '--raw-output') continue;
    if (w.value === '-c' || w.value === '--compact-output') { indent = 0; continue; }
    if (w.value === '-S' || w.value === '--sort-keys') { sort = true; continue; }
    if (w.value === '--indent' && /^[0-7]$/.test(a[i + 1]?.value ?? '')) { indent = Number(a[++i]!.value); continue; }
    if (w.value.startsWith('-')) return undefined;
    if (filter === undefined) filter = w.value;
    else if (file === undefined) file = w;
    else return undefined;
  }
  if (filter === undefined || file === undefined) return undefined;
  // A file not there (or empty): jq prints nothing and fails, so what runs after it is at most
  // the keys set here (as `npm pkg set` on no package.json).
  const before = known(file);
  if (before === null) return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(before || '{}');
  } catch {
    return undefined;
  }
  const key = String.raw`(?:\.[A-Za-z_]\w*|\.?\["[^"\\]*"\]|\."[^"\\]*")`;
  const lit = String.raw`"(?:[^"\\]|\\["\\/bfnrt])*"|-?\d+(?:\.\d+)?|true|false|null|\$[A-Za-z_]\w*`;
  for (const part of jqPipes(filter)) {
    const m = new RegExp(String.raw`^\s*((?:${key})+)\s*(\+?=)\s*(${lit}|[[{][^]*)\s*$`).exec(part);
    if (!m) return undefined;
    const keys = [...m[1]!.matchAll(/\.([A-Za-z_]\w*)|\["([^"\\]*)"\]|\."([^"\\]*)"/g)].map((k) => k[1] ?? k[2] ?? k[3]!);
    let at = obj;
    for (const k of keys.slice(0, -1)) {
      if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
      const o = at as Record<string, unknown>;
      if (o[k] === undefined || o[k] === null) o[k] = {};
      at = o[k];
    }
    if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
    const v = m[3]!;
    if (v.startsWith('$') && !named.has(v.slice(1))) return undefined;
    let value: unknown;
    try {
      // An array or object literal in JSON's own syntax (jq's bare keys and expressions are not read).
      value = v.startsWith('$') ? structuredClone(named.get(v.slice(1))) : JSON.parse(v);
    } catch {
      return undefined;
    }
    const o = at as Record<string, unknown>;
    const k = keys.at(-1)!;
    if (m[2] === '+=') {
      // jq's `+`: arrays concatenate, objects merge, strings and numbers add; null adds nothing.
      const was = o[k];
      if (was === undefined || was === null) o[k] = value;
      else if (Array.isArray(was) && Array.isArray(value)) o[k] = [...was, ...value];
      else if (typeof was === 'string' && typeof value === 'string') o[k] = was + value;
      else if (typeof was === 'number' && typeof value === 'number') o[k] = was + value;
      else if (was && value && typeof was === 'object' && typeof value === 'object' && !Array.isArray(was) && !Array.isArray(value)) o[k] = { ...was, ...value };
      else return undefined;
    } else o[k] = value;
  }
  const sorted = (v: unknown): unknown => !sort || !v || typeof v !== 'object' ? v : Array.isArray(v) ? v.map(sorted) : Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
  return JSON.stringify(sorted(obj), null, indent) + '\n';
}

/** A jq filter split at its top-level pipes (not those inside strings or brackets). */
function jqPipes(filter: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i]!;
    if (c === '"') {
      for (i++; i < filter.length && filter[i] !== '"'; i++) if (filter[i] === '\\') i++;
    } else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(filter.slice(from, i));
      from = i + 1;
    }
  }
  out.push(filter.slice(from));
  return out;
}

/** `jq -Rs '{query: .}' FILE` (or the text on its stdin): the whole text as one JSON string under
 *  one key, the way a GraphQL body is made from a .graphql file. `known` gives a file's text (''
 *  when missing: jq fails and prints nothing), or null when it can't be known now. */
export function jqRawSlurp(inv: Invocation, known: (w: Word) => string | null): string | undefined {
  if (inv.name !== 'jq') return undefined;
  let raw = false;
  let slurp = false;
  let indent = 2;
  let filter: string | undefined;
  let file: Word | undefined;
  for (const w of inv.argv.slice(1)) {
    if (w.dynamic || w.glob) return undefined;
    const v = w.value;
    if (v === '-R' || v === '--raw-input') raw = true;
    else if (v === '-s' || v === '--slurp') slurp = true;
    else if (v === '-c' || v === '--compact-output') indent = 0;
    else if (v === '-M' || v === '--monochrome-output') continue;
    else if (/^-[RscM]+$/.test(v)) {
      raw ||= v.includes('R');
      slurp ||= v.includes('s');
      if (v.includes('c')) indent = 0;
    } else if (v.startsWith('-')) return undefined;
    else if (filter === undefined) filter = v;
    else if (file === undefined) file = w;
    else return undefined;
  }
  const m = filter === undefined ? null : /^\s*\{\s*(?:([A-Za-z_]\w*)|"([^"\\]*)")\s*:\s*\.\s*\}\s*$/.exec(filter);
  if (!raw || !slurp || !m) return undefined;
  let text: string | null | undefined;
  if (file) text = known(file);
  else if (inv.stdin?.kind === 'heredoc' || inv.stdin?.kind === 'pipe' || (inv.stdin?.kind === 'herestring' && !inv.stdin.dynamic)) text = inv.stdin.text;
  if (text === null || text === undefined) return undefined;
  if (file && text === '') return '';
  return JSON.stringify({ [m[1] ?? m[2]!]: text }, null, indent) + '\n';
}

function isFile(abs: string | undefined): boolean {
  if (!abs) return false;
  try {
    return statSync(abs, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function isSymlink(abs: string): boolean {
  try {
    return lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false;
  }
}

function realOrNull(abs: string): string | null {
  try {
    return realpathSync(abs);
  } catch {
    return null; // dangling: it may point at something the line creates
  }
}

function isDir(abs: string | undefined): boolean {
  if (!abs) return false;
  try {
    return statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** The directory `python3 -m venv DIR`, `virtualenv DIR` or `uv venv [DIR]` creates (its last
 *  positional word); undefined for anything else or a word only known at run time. */
function venvDir(inv: Invocation): string | undefined {
  const a = inv.argv.map((w) => w.value);
  let rest: Word[];
  if (/^python[\d.]*$/.test(inv.name) && a[1] === '-m' && (a[2] === 'venv' || a[2] === 'virtualenv')) rest = inv.argv.slice(3);
  // The module itself (the walker also reads `python3 -m venv DIR` as the program `venv DIR`).
  else if (inv.name === 'virtualenv' || inv.name === 'venv') rest = inv.argv.slice(1);
  else if (inv.name === 'uv' && a[1] === 'venv') rest = inv.argv.slice(2);
  else return undefined;
  if (rest.some((w) => w.dynamic || w.glob)) return undefined;
  const pos = rest.filter((w) => !w.value.startsWith('-'));
  return pos.length ? pos[pos.length - 1]!.value : inv.name === 'uv' ? '.venv' : undefined;
}

/** A file's current text ('' when it doesn't exist yet), or null when it can't be read. */
function readSmall(abs: string): string | null {
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return '';
    if (!st.isFile() || st.size > MAX) return null;
    const text = readRegularText(abs, MAX);
    // A binary (`cp /bin/ls /tmp/x`): no text a reader could judge.
    return text.includes('\0') ? null : text;
  } catch {
    return null;
  }
}

/** `python3 -m venv /tmp/v && /tmp/v/bin/pip install black && /tmp/v/bin/black --check src`: a
 *  program in the bin/ of a virtual environment this line created, put there by the environment
 *  or by its own pip (`VENV/bin/pip install X`, `VENV/bin/python -m pip install X`): the installed
 *  package's program, run like `pip install black && black`. Not when the line names that file
 *  in a write (a redirect, cp, tee: read as usual), may have changed any file under it (an
 *  archive, a recursive copy), or when anything but such a pip install named the program. A shell
 *  told to read it as commands is not running a program: walk.ts keeps that opaque. */
export function venvProgram(abs: string, written: Written | undefined): boolean {
  if (!written?.venvs?.length) return false;
  const dir = path.dirname(abs);
  if (path.basename(dir) !== 'bin' || !written.venvs.includes(path.dirname(dir))) return false;
  if (written.files.has(abs)) return false;
  const base = path.basename(abs);
  const pipInstall = /^\S*\/bin\/(pip3?(\.\d+)?|python[\d.]*\s+-m\s+pip)\s+install\s/;
  return written.texts.every((t) => {
    if (t === ANY_FILE) return false;
    if (t.startsWith(UNDER)) return !abs.startsWith(t.slice(UNDER.length) + '/');
    // The installer's own path (`VENV/bin/pip install -U pip`) names no file it writes.
    return !t.includes(base) || (pipInstall.test(t) && !t.replace(pipInstall, '').includes(`/bin/${base}`));
  });
}

/** The line's writes may have made ABS: a write the parser can't name (an archive unpacked, a
 *  recursive copy, code run), a link, or a write of ABS, of a file under it or of a directory
 *  holding it. When every write is named and none is any of those, a script missing from disk
 *  was missing before the line too (`echo 1 > /tmp/app.pid; node server.js`), the same as on a
 *  line that writes nothing. */
/** mayHaveMade, but a copy of a file (a COPY entry and the UNDER entry of its destination that
 *  follows it) counts as writtenContent reads it: the source as it is now (rt27k). */
export function mayHaveMadeButCopies(written: Written, abs: string): boolean {
  const texts = written.texts.filter((t, i) => !t.startsWith(COPY) && !(i > 0 && written.texts[i - 1]!.startsWith(COPY) && t.startsWith(UNDER)));
  return mayHaveMade(texts.length === written.texts.length ? written : { ...written, texts }, abs);
}

export function mayHaveMade(written: Written, abs: string): boolean {
  if (written.links?.size) return true;
  // A directory copied or moved (`cp -r seed/uploads /tmp/x/`) makes files under its destination
  // only; any other entry (an archive unpacked, a patch applied, a tool's writes) may make any.
  for (const t of written.texts) {
    const pr = projectRun(t);
    if (pr) {
      if (pr.mayMake(abs)) return true;
      continue;
    }
    // A command that makes only files its words name (NAMES_ONLY).
    const named = namedWords(t);
    if (named !== undefined) {
      if (namesFile(named, abs)) return true;
      continue;
    }
    // A copy's own UNDER entry follows it.
    if (t.startsWith(COPY)) continue;
    const d = underDir(t) ?? (t.startsWith(PLAIN) ? t.slice(PLAIN.length) : t.startsWith(REV) ? t.slice(REV.length).split('\0')[0] : undefined);
    if (d === undefined || abs === d || abs.startsWith(d + '/') || d.startsWith(abs + '/')) return true;
  }
  for (const k of written.files.keys()) if (k === abs || k.startsWith(abs + '/') || abs.startsWith(k + '/')) return true;
  return false;
}
