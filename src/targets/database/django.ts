// Django (manage.py / django-admin): --settings, else DJANGO_SETTINGS_MODULE, else manage.py's
// setdefault names the settings module; its DATABASES (through `from .base import *`) names the
// database. Settings are Python: only their common literal shapes are read (a dict of strings,
// os.environ.get/getenv with a default, dj_database_url / django-environ URLs, names bound at the
// top level, BASE_DIR / 'db.sqlite3'). Anything else about the database is unknown.
import { dirname, join } from 'node:path';
import { isFile, readText } from '../cache.js';
import { lookupEnv, type EnvFiles } from '../dotenv.js';
import { absPath, showPath } from '../paths.js';
import { dynamicNote, flag, getVar, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { candidate, fromUrl, pgSocketDir, unconfiguredTest, unknown } from './common.js';

type Val = { value: string; evidence?: string } | { unknown: string };
interface State {
  run: Run;
  root: string;
  names: Map<string, Val>;
  /** The databases dict's text per alias, with the file it came from. */
  dbs?: { text: string; file: string };
  /** Keys set later (`DATABASES['default']['HOST'] = …`). */
  overrides: Array<{ alias: string; key?: string; expr: string; file: string }>;
  dotenv: boolean;
  /** .env/settings.ini files the settings' loader may read instead of the root's. */
  envFiles: string[];
  why?: string;
  depth: number;
}

/** Is this run Django's command runner? */
export function isDjango(run: Run): boolean {
  if (['manage.py', 'django-admin', 'django-admin.py'].includes(run.name)) return true;
  if (!/^(python[\d.]*|pypy3?)$/.test(run.name)) return false;
  const first = run.args[0]?.value ?? '';
  return first.endsWith('manage.py') || (first === '-m' && run.args[1]?.value === 'django');
}

/** Undefined when nothing names a settings module (no manage.py default): the generic reader. */
export function django(run: Run): Candidate[] | undefined {
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('django', ["the working directory can't be known, so the settings can't be found"])];
  if (flag(run.args, ['--pythonpath'])) return [unknown('django', ['--pythonpath changes where the settings module is found'])];
  const script = run.name === 'manage.py' ? run.inv.argv[0]?.value : run.args[0]?.value.endsWith('manage.py') ? run.args[0].value : undefined;
  const manage = script ? absPath(script, cwd, run.ctx.home) : undefined;
  const root = manage ? dirname(manage) : cwd;
  const ev: string[] = [];
  const module = settingsModule(run, manage, ev);
  if (!module) return undefined;
  if ('unknown' in module) return [unknown('django', [...ev, module.unknown])];
  const file = moduleFile(root, module.value);
  if (!file) {
    // `python manage.py flush --settings=app.settings.test` with no manage.py: python fails (an
    // installed settings package counts only through django-admin, which stays unknown).
    const test = manage && !isFile(manage) && /(^|[._])tests?$|(^|[._])testing$|\.test_\w+$/.test(module.value)
      ? unconfiguredTest('django', run, root, ['DATABASE_URL', 'DJANGO_DATABASE_URL', 'DB_HOST', 'POSTGRES_HOST'], ev, `no ${showPath(manage, run.ctx, cwd)} and no settings module ${module.value}`)
      : undefined;
    return [test ?? unknown('django', [...ev, `settings module ${module.value} isn't a file under ${showPath(root, run.ctx, cwd)}`])];
  }
  const st: State = { run, root, names: new Map(), overrides: [], dotenv: false, envFiles: [], depth: 0 };
  readSettings(st, file);
  if (st.why) return [unknown('django', [...ev, st.why])];
  const db = flag(run.args, ['--database']);
  if (db?.dynamic) return [unknown('django', [...ev, dynamicNote(db.flag)])];
  const alias = db?.value ?? 'default';
  if (!st.dbs) return [unknown('django', [...ev, `no DATABASES in ${module.value}`])];
  const where = `DATABASES['${alias}'] in ${showPath(st.dbs.file, run.ctx, cwd)}`;
  const entry = dictEntry(st.dbs.text, alias);
  if (entry === undefined) return [unknown('django', [...ev, `no ${where}`])];
  return [fromEntry(st, entry, st.overrides.filter((o) => o.alias === alias), where, ev)];
}

function settingsModule(run: Run, manage: string | undefined, ev: string[]): Val | undefined {
  const f = flag(run.args, ['--settings']);
  if (f) {
    if (f.dynamic) return { unknown: dynamicNote(f.flag) };
    ev.push(`--settings ${f.value} (flag)`);
    return { value: f.value };
  }
  const v = getVar(run, 'DJANGO_SETTINGS_MODULE');
  if (v) {
    if (v.dynamic) return { unknown: dynamicNote('DJANGO_SETTINGS_MODULE') };
    ev.push(showVar('DJANGO_SETTINGS_MODULE', v));
    return { value: v.value };
  }
  const text = manage ? readText(manage) : undefined;
  const m = text ? /os\.environ\.setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]\s*\)/.exec(text) : undefined;
  if (!m) return text === undefined ? undefined : { unknown: 'no --settings, DJANGO_SETTINGS_MODULE or default in manage.py' };
  ev.push(`DJANGO_SETTINGS_MODULE defaults to ${m[1]} in manage.py`);
  return { value: m[1]! };
}

function moduleFile(base: string, module: string): string | undefined {
  const p = join(base, ...module.split('.'));
  return [`${p}.py`, join(p, '__init__.py')].find((f) => isFile(f));
}

const SETS_ENV = /os\.environ\s*\[[^\]]*\]\s*=(?!=)|os\.environ\.(setdefault|update|pop|__setitem__)|os\.putenv|\bsys\.modules\b/;
const DYNAMIC = /\b(exec|eval|importlib|__import__|globals|locals|setattr|vars)\s*\(|\bimport_module\b/;

/** Read a settings file's top level in order; star imports are read in place. */
function readSettings(st: State, file: string): void {
  if (st.why) return;
  if (++st.depth > 8) { st.why = 'the settings import each other too deeply'; return; }
  const raw = readText(file);
  if (raw === undefined) { st.why = `${showPath(file, st.run.ctx, st.run.cwd)} can't be read`; return; }
  const shown = showPath(file, st.run.ctx, st.run.cwd);
  const text = stripPython(raw);
  if (text === undefined) { st.why = `${shown} has a string countersign can't follow`; return; }
  if (DYNAMIC.test(text)) { st.why = `${shown} runs code built at run time`; return; }
  if (SETS_ENV.test(text)) { st.why = `${shown} sets environment variables`; return; }
  // A .env named by another path than the project's own may hold anything.
  for (const m of text.matchAll(/\b(?:read_env|load_dotenv)\s*\(([^)]*)\)/g)) {
    if (!/^\s*(find_dotenv\(\s*)?$|^\s*(str\()?\s*BASE_DIR\s*\/\s*(['"])\.env\3\s*\)?\s*$|^\s*os\.path\.join\(\s*BASE_DIR\s*,\s*(['"])\.env\4\s*\)\s*$/.test(m[1]!)) { st.why = `${shown} loads ${m[1]!.trim().slice(0, 60)}`; return; }
  }
  if (/\b(read_env|load_dotenv)\s*\(|\bfrom\s+decouple\s+import\b/.test(text)) {
    st.dotenv = true;
    for (let d = dirname(file); d.startsWith(st.root) && d !== dirname(st.root); d = dirname(d)) st.envFiles.push(join(d, '.env'), join(d, 'settings.ini'));
  }
  const stmts = statements(text);
  for (const s of stmts) {
    if (st.why) return;
    const first = s.split('\n')[0]!;
    const indented = /^\s/.test(first);
    if (indented) {
      // Inside if/try/def: a condition can't be evaluated here.
      if (/\bDATABASES\b/.test(s)) { st.why = `${shown} changes DATABASES inside a block`; return; }
      // `try: from .local import *`: a file that exists may change anything.
      const star = /^\s+from\s+(\.*)([\w.]*)\s+import\s+\*/.exec(first);
      if (star) {
        const target = star[2] ? moduleFile(star[1] ? dirnameN(file, star[1].length) : st.root, star[2]) : undefined;
        if (!star[2] || target) { st.why = `${shown} imports ${star[1]}${star[2]} inside a block`; return; }
      }
      const bind = /^\s+([A-Za-z_]\w*)\s*[+]?=(?!=)/.exec(first);
      if (bind) st.names.set(bind[1]!, { unknown: `${bind[1]} is set inside a block in ${shown}` });
      continue;
    }
    const star = /^from\s+(\.*)([\w.]*)\s+import\s+\*\s*$/.exec(s.trim());
    if (star) {
      const base = star[1] ? dirnameN(file, star[1].length) : st.root;
      const target = star[2] ? moduleFile(base, star[2]) : join(base, '__init__.py');
      if (!target) { st.why = `${shown} imports ${star[1]}${star[2]}, which isn't a file countersign can read`; return; }
      readSettings(st, target);
      continue;
    }
    if (/^(from|import)\b/.test(s)) {
      if (/\bDATABASES\b/.test(s)) { st.why = `${shown} imports DATABASES`; return; }
      // A project module runs when imported: one that sets the environment (or runs built code) could change what is read.
      const mod = /^from\s+(\.*)([\w.]*)\s+import\b/.exec(s) ?? /^import\s+()([\w.]+)/.exec(s);
      const local = mod?.[2] ? moduleFile(mod[1] ? dirnameN(file, mod[1].length) : st.root, mod[2]) : undefined;
      const code = local ? readText(local) ?? '' : '';
      if (SETS_ENV.test(code) || DYNAMIC.test(code)) { st.why = `${shown} imports ${showPath(local!, st.run.ctx, st.run.cwd)}, which may change the settings or the environment`; return; }
      continue;
    }
    const dbs = /^DATABASES\s*=\s*([\s\S]*)$/.exec(s);
    if (dbs) {
      st.dbs = { text: dbs[1]!.trim(), file };
      st.overrides = [];
      continue;
    }
    const over = /^DATABASES\s*\[\s*(['"])(\w+)\1\s*\](?:\s*\[\s*(['"])(\w+)\3\s*\])?\s*=\s*([\s\S]+)$/.exec(s);
    if (over) {
      st.overrides.push({ alias: over[2]!, key: over[4], expr: over[5]!.trim(), file });
      continue;
    }
    if (/\bDATABASES\b/.test(s)) { st.why = `${shown} changes DATABASES in a way countersign doesn't read`; return; }
    const bind = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(s);
    if (bind) st.names.set(bind[1]!, evalExpr(st, bind[2]!.trim()));
    else if (/^([A-Za-z_]\w*)\s*[-+*/|&]=/.test(s)) st.names.set(/^(\w+)/.exec(s)![1]!, { unknown: `${/^(\w+)/.exec(s)![1]} is changed in ${shown}` });
  }
  st.depth--;
}

function dirnameN(file: string, dots: number): string {
  let d = dirname(file);
  for (let i = 1; i < dots; i++) d = dirname(d);
  return d;
}

function fromEntry(st: State, entry: string, overrides: State['overrides'], where: string, ev: string[]): Candidate {
  const run = st.run;
  let keys: Map<string, Val>;
  const whole = overrides.filter((o) => !o.key).at(-1);
  const base = whole ? whole.expr : entry;
  if (base.startsWith('{')) {
    const parsed = dictItems(base);
    if (!parsed) return unknown('django', [...ev, `${where} isn't a dict countersign can read`]);
    keys = new Map(parsed.map(([k, v]) => [k, evalExpr(st, v)]));
  } else {
    const url = evalExpr(st, base);
    if ('unknown' in url) return unknown('django', [...ev, `${where}: ${url.unknown}`]);
    // A key set over the URL's dict (`DATABASES['default']['HOST'] = …`) isn't merged here.
    const changed = overrides.find((o) => o.key && /^(ENGINE|NAME|HOST|PORT)$/.test(o.key));
    if (changed) return unknown('django', [...ev, `${where} is a URL with ${changed.key} set over it`]);
    keys = new Map([['URL', url]]);
  }
  for (const o of overrides) if (o.key && (!whole || overrides.indexOf(o) > overrides.indexOf(whole))) keys.set(o.key, evalExpr(st, o.expr));
  for (const k of ['ENGINE', 'NAME', 'HOST', 'PORT', 'URL']) {
    const v = keys.get(k);
    if (v && 'unknown' in v) return unknown('django', [...ev, `${k} of ${where}: ${v.unknown}`]);
  }
  const get = (k: string): string | undefined => {
    const v = keys.get(k);
    return v && 'value' in v ? v.value : undefined;
  };
  for (const k of ['URL', 'HOST', 'NAME']) {
    const v = keys.get(k);
    if (v && 'value' in v && v.evidence) ev.push(v.evidence);
  }
  const url = get('URL');
  if (url !== undefined) return fromUrl(url, [...ev, `URL of ${where}`], run, st.root);
  const engine = get('ENGINE') ?? '';
  if (/sqlite3/.test(engine)) {
    const name = get('NAME');
    if (!name) return unknown('django', [...ev, `no NAME for the sqlite database of ${where}`]);
    const path = absPath(name, st.root, run.ctx.home) ?? name;
    return candidate('sqlite', { sqlite: path, database: showPath(path, run.ctx, run.cwd) }, [...ev, `sqlite database in ${where}`]);
  }
  const kind = /mysql/.test(engine) ? 'mysql' : /postgres|postgis/.test(engine) ? 'postgres' : undefined;
  if (!kind) return unknown('django', [...ev, `${where} uses ${engine || 'no ENGINE'}, which countersign doesn't read`]);
  let host = get('HOST');
  if (host) ev.push(`HOST ${host} in ${where}`);
  else if (kind === 'postgres' && getVar(run, 'PGHOST')) {
    const v = getVar(run, 'PGHOST')!;
    if (v.dynamic) return unknown('django', [...ev, dynamicNote('PGHOST')]);
    host = v.value;
    ev.push(`no HOST in ${where}: libpq uses ${showVar('PGHOST', v)}`);
  } else {
    host = kind === 'postgres' ? pgSocketDir() : 'localhost';
    ev.push(`no HOST in ${where}: the local ${kind === 'postgres' ? 'unix socket' : 'server'}`);
  }
  return candidate(kind, { host, port: get('PORT'), database: get('NAME') }, ev);
}

const STRING = /^[rRbBuU]?(['"])((?:(?!\1)[^\\]|\\.)*)\1$/;

/** What a settings expression gives, when it is one of the literal shapes. */
function evalExpr(st: State, src: string): Val {
  const t = src.trim().replace(/,$/, '').trim();
  const s = STRING.exec(t);
  if (s) return { value: s[2]! };
  if (/^\d+$/.test(t)) return { value: t };
  if (/^[A-Za-z_]\w*$/.test(t)) return st.names.get(t) ?? { unknown: `${t} isn't bound to a value countersign can read` };
  const str = /^str\(([\s\S]*)\)$/.exec(t);
  if (str) return evalExpr(st, str[1]!);
  // BASE_DIR / 'db.sqlite3', os.path.join(BASE_DIR, 'db.sqlite3'): a file in the project.
  const under = /^BASE_DIR\s*\/\s*(['"])([\w./-]+)\1$/.exec(t) ?? /^os\.path\.join\(\s*BASE_DIR\s*,\s*(['"])([\w./-]+)\1\s*\)$/.exec(t);
  if (under) return /(^|\/)\.\.(\/|$)/.test(under[2]!) ? { unknown: `${t} leaves the project` } : { value: join(st.root, under[2]!) };
  const call = /^(os\.environ\.get|os\.getenv|env|env\.str|env\.int|config|dj_database_url\.config|env\.db|env\.db_url)\(([\s\S]*)\)$/.exec(t);
  if (call) {
    const args = splitTop(call[2]!).map((a) => a.trim()).filter(Boolean);
    const kw = (k: string): string | undefined => args.find((a) => new RegExp(`^${k}\\s*=`).test(a))?.replace(/^\w+\s*=\s*/, '');
    const pos = args.filter((a) => !/^\w+\s*=/.test(a));
    const isUrl = /db|dj_database_url/.test(call[1]!);
    const nameText = isUrl ? (kw('env') ?? kw('var') ?? pos[0]) : pos[0];
    const name = nameText === undefined ? (isUrl ? 'DATABASE_URL' : undefined) : STRING.exec(nameText)?.[2];
    if (!name) return { unknown: `${t.slice(0, 60)} reads a variable named at run time` };
    return envValue(st, name, kw('default') ?? (isUrl ? undefined : pos[1]));
  }
  const item = /^os\.environ\[\s*(['"])(\w+)\1\s*\]$/.exec(t);
  if (item) return envValue(st, item[2]!, undefined);
  const parse = /^dj_database_url\.parse\(\s*([\s\S]+?)\s*(?:,[\s\S]*)?\)$/.exec(t);
  if (parse) return evalExpr(st, parse[1]!);
  return { unknown: `${t.slice(0, 60)} is code countersign doesn't run` };
}

/** A variable the settings read: the environment, a .env the settings load, else the default. */
function envValue(st: State, name: string, def: string | undefined): Val {
  const v = getVar(st.run, name);
  if (v?.dynamic) return { unknown: dynamicNote(name) };
  if (v) return { value: v.value, evidence: showVar(name, v) };
  if (st.dotenv) {
    const files: EnvFiles = { files: [join(st.root, '.env')], loader: 'the settings (read_env, load_dotenv or decouple; assumed at the project root)' };
    const hit = lookupEnv(st.run, name, files);
    if (hit) return { value: hit.value, evidence: hit.evidence };
    // Another .env (or decouple's settings.ini) may be the one loaded.
    if (st.envFiles.some((f) => isFile(f))) return { unknown: `the settings load a .env file, and ${name} isn't in the project's .env` };
  }
  if (def === undefined) return { unknown: `${name} is not set here` };
  const d = evalExpr(st, def);
  return 'value' in d ? { value: d.value, evidence: `${name} not set: the default in the settings` } : d;
}

/** The value text of one key of a dict literal. */
function dictEntry(dict: string, key: string): string | undefined {
  const items = dictItems(dict);
  return items?.find(([k]) => k === key)?.[1];
}

/** `{'K': V, …}` as [K, V text] pairs; undefined for anything else (`**spread`, a comprehension). */
function dictItems(dict: string): Array<[string, string]> | undefined {
  const t = dict.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  const out: Array<[string, string]> = [];
  for (const part of splitTop(t.slice(1, -1))) {
    if (!part.trim()) continue;
    const m = /^\s*(['"])(\w+)\1\s*:\s*([\s\S]+?)\s*$/.exec(part);
    if (!m) return undefined;
    out.push([m[2]!, m[3]!]);
  }
  return out;
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      if (ch === '\\') { cur += ch + (s[++i] ?? ''); continue; }
      if (ch === q) q = undefined;
    } else if (ch === '"' || ch === "'") q = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Statements: a line, joined with the next while brackets are open or it ends in `\`. */
function statements(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const line of text.split('\n')) {
    if (!cur && !line.trim()) continue;
    cur = cur ? `${cur}\n${line}` : line;
    for (const ch of line.replace(/(['"])(?:(?!\1)[^\\]|\\.)*\1/g, '')) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (depth > 0 || /\\$/.test(line)) continue;
    out.push(cur);
    cur = '';
    depth = 0;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/** Comments removed and triple-quoted strings emptied; undefined when quotes don't pair up. */
function stripPython(raw: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '#') {
      while (i < raw.length && raw[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = raw.startsWith(ch.repeat(3), i);
      const end = triple ? ch.repeat(3) : ch;
      let j = i + end.length;
      while (j < raw.length && !raw.startsWith(end, j)) {
        if (raw[j] === '\\') j++;
        else if (!triple && raw[j] === '\n') return undefined;
        j++;
      }
      if (j >= raw.length) return undefined;
      // A docstring's text could look like code: it is dropped (an empty string stays).
      out += triple ? '""' : raw.slice(i, j + 1);
      i = j + end.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
