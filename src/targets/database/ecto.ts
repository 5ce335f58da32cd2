// Ecto (mix ecto.*): MIX_ENV picks config/<env>.exs, which config/config.exs imports, and
// config/runtime.exs runs last. The config is Elixir code; only its common literal shapes are read
// (a keyword list of strings, System.get_env with a default, a name bound to one of those, blocks
// under `if config_env() == :env do`). Anything else about a repo's connection is unknown.
import { join } from 'node:path';
import { isFile, readText } from '../cache.js';
import { findUp } from '../paths.js';
import { dynamicNote, flag, getVar, showVar, type Run } from '../run.js';
import type { Candidate } from '../types.js';
import { candidate, fromUrl, unconfiguredTest, unknown } from './common.js';

/** `built`: a string with `#{…}` in it, read without that part (a test partition's suffix). */
type Value = { value: string; built?: boolean } | { unknown: string } | undefined;
interface RepoConfig { keys: Map<string, Value>; files: Set<string> }

const KEYS = new Set(['url', 'hostname', 'socket_dir', 'socket', 'database', 'port', 'adapter']);

export function ecto(run: Run): Candidate[] {
  const cwd = run.cwd;
  if (cwd === undefined) return [unknown('ecto', ["the working directory can't be known, so config/ can't be found"])];
  const root = findUp(cwd, (d) => isFile(join(d, 'config', 'config.exs')));
  if (!root) {
    const mix = getVar(run, 'MIX_ENV');
    const ev = mix ? [showVar('MIX_ENV', mix)] : [];
    const test = mix && !mix.dynamic && mix.value === 'test' && !findUp(cwd, (d) => isFile(join(d, 'mix.exs')))
      ? unconfiguredTest('ecto', run, cwd, ['DATABASE_URL', 'PGHOST', 'MYSQL_HOST'], ev, 'no mix.exs or config/config.exs')
      : undefined;
    return [test ?? unknown('ecto', [...ev, 'no config/config.exs above the working directory'])];
  }
  const ev: string[] = [];
  const envVar = getVar(run, 'MIX_ENV');
  if (envVar?.dynamic) return [unknown('ecto', [dynamicNote('MIX_ENV')])];
  const env = envVar?.value || 'dev';
  ev.push(envVar ? showVar('MIX_ENV', envVar) : 'MIX_ENV not set: dev');

  const repos = new Map<string, RepoConfig>();
  const main = readText(join(root, 'config', 'config.exs')) ?? '';
  for (const m of main.matchAll(/^\s*import_config\s+(.*)$/gm)) {
    if (!/^"#\{(config_env|Mix\.env)\(\)\}\.exs"\s*$/.test(m[1]!.trim())) return [unknown('ecto', [...ev, `config/config.exs imports ${m[1]!.trim()}, which isn't read`])];
  }
  for (const file of ['config.exs', `${env}.exs`, 'runtime.exs']) {
    const text = readText(join(root, 'config', file));
    if (text !== undefined) {
      const why = readConfig(text, file, env, run, repos);
      if (why) return [unknown('ecto', [...ev, why])];
    }
  }
  const picked = flag(run.args, ['-r', '--repo']);
  if (picked?.dynamic) return [unknown('ecto', [...ev, dynamicNote(picked.flag)])];
  const chosen = [...repos].filter(([name]) => !picked || name === picked.value);
  if (!chosen.length) return [unknown('ecto', [...ev, `no ${picked ? picked.value : 'repo'} configured for ${env} in config/`])];
  return chosen.map(([name, c]) => fromRepo(run, root, name, c, [...ev]));
}

function fromRepo(run: Run, root: string, name: string, c: RepoConfig, ev: string[]): Candidate {
  const where = `${name} in config/${[...c.files].join(', config/')}`;
  const get = (k: string): string | undefined => {
    const v = c.keys.get(k);
    return v && 'value' in v ? v.value : undefined;
  };
  for (const [k, v] of c.keys) {
    if (v && 'unknown' in v) return unknown('ecto', [...ev, `${k} of ${where}: ${v.unknown}`]);
    if (v?.built && k !== 'database') return unknown('ecto', [...ev, `${k} of ${where} is built when the config runs`]);
  }
  const appEnv = { facts: { 'app-env': ev[0]?.startsWith('MIX_ENV not set') ? 'dev' : (getVar(run, 'MIX_ENV')?.value ?? 'dev') } };
  const adapter = get('adapter') ?? repoAdapter(root);
  const url = get('url');
  // Ecto's own scheme: the adapter says which server it is.
  if (url) return fromUrl(url.replace(/^ecto:/i, /MyXQL/.test(adapter ?? '') ? 'mysql:' : 'postgres:'), [...ev, `url of ${where}`], run, root, appEnv);
  if (/SQLite3/.test(adapter ?? '')) {
    const db = get('database');
    if (!db) return unknown('ecto', [...ev, `no database file for ${where}`]);
    return fromUrl(`sqlite:${db.startsWith('/') ? db : join(root, 'config', db)}`, [...ev, `sqlite database of ${where}`], run, root, appEnv);
  }
  const engine = /MyXQL|Tds/.test(adapter ?? '') ? 'mysql' : 'postgres';
  let host = get('hostname') ?? get('socket_dir') ?? get('socket');
  if (host) ev.push(`hostname ${host} of ${where}`);
  else if (engine === 'postgres' && getVar(run, 'PGHOST')) {
    const v = getVar(run, 'PGHOST')!;
    if (v.dynamic) return unknown('ecto', [...ev, dynamicNote('PGHOST')]);
    host = v.value;
    ev.push(`no hostname in ${where}: Postgrex uses ${showVar('PGHOST', v)}`);
  } else {
    host = 'localhost';
    ev.push(`no hostname in ${where}: ${engine === 'postgres' ? 'Postgrex' : 'the adapter'} connects to localhost`);
  }
  return candidate(engine, { host, port: get('port'), database: get('database') }, ev, appEnv);
}

/** The adapter a repo module names (`use Ecto.Repo, otp_app: :app, adapter: Ecto.Adapters.X`). */
function repoAdapter(root: string): string | undefined {
  const app = /app:\s*:(\w+)/.exec(readText(join(root, 'mix.exs')) ?? '')?.[1];
  if (!app) return undefined;
  return /adapter:\s*([\w.]+)/.exec(readText(join(root, 'lib', app, 'repo.ex')) ?? '')?.[1];
}

/** Add what one config file sets for repos in this environment; a reason when it can't be read. */
function readConfig(raw: string, file: string, env: string, run: Run, repos: Map<string, RepoConfig>): string | undefined {
  const text = stripComments(raw);
  // config.exs's own import of the environment's file is checked by the caller.
  if (/\b(Code\.eval\w*|Code\.require_file|Config\.Reader)\b/.test(text) || (file !== 'config.exs' && /\bimport_config\b/.test(text))) return `config/${file} loads other files`;
  const bound = new Map<string, Value>();
  // Blocks opened by `if`/`unless`/`case`/`fn`... and closed by `end`, with whether this env runs them.
  const stack: Array<{ runs: boolean | undefined; indent: number }> = [];
  const lines = withoutHeredocs(text.split('\n'));
  if (!lines) return `config/${file} has a string countersign can't follow`;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.search(/\S/);
    if (indent < 0) continue;
    const t = line.trim();
    const live = stack.every((b) => b.runs !== false);
    const sure = stack.every((b) => b.runs !== undefined);
    if (/^end\b/.test(t)) {
      if (!stack.pop()) return `config/${file} has an \`end\` countersign can't place`;
      continue;
    }
    if (/^else\b/.test(t)) { const b = stack.at(-1); if (b) b.runs = b.runs === undefined ? undefined : !b.runs; continue; }
    const cond = /^if\s+config_env\(\)\s*==\s*:(\w+)\s+do$/.exec(t) ?? /^if\s+Mix\.env\(\)\s*==\s*:(\w+)\s+do$/.exec(t);
    if (cond) { stack.push({ runs: cond[1] === env, indent }); continue; }
    if (/\bdo$/.test(t) || /\bfn\b.*->$/.test(t)) { stack.push({ runs: undefined, indent }); continue; }
    const bind = /^([a-z_]\w*)\s*=(?!=)\s*(.*)$/.exec(t);
    if (bind && live && !sure) {
      bound.set(bind[1]!, { unknown: `${bind[1]} is set inside a block countersign can't evaluate` });
      continue;
    }
    if (bind && live) {
      // `url =\n  System.get_env("X") ||\n    raise "..."`: the value goes on over the next lines.
      let rhs = bind[2]!;
      while ((rhs === '' || /\|\|$/.test(rhs)) && i + 1 < lines.length) rhs = `${rhs} ${lines[++i]!.trim()}`.trim();
      bound.set(bind[1]!, parseValue(rhs, run, bound));
      continue;
    }
    const cfg = /^config\s+:\w+,\s*([\w.]+),(.*)$/.exec(t) ?? /^config\s+:\w+,\s*([\w.]+)\s*,?\s*$/.exec(t);
    // A repo configured any other way (`if x, do: config(:app, App.Repo, …)`, put_env) isn't read.
    if (!cfg && (/\bconfig\s*\(?\s*:\w+\s*,\s*[\w.]*Repo\b/.test(t) || /\bput_env\b/.test(t))) return `config/${file} configures a repo in a form countersign doesn't read`;
    if (!cfg || !/Repo\b/.test(cfg[1]!)) continue;
    if (!live) continue;
    // The keyword list: the rest of this line and the lines indented under it.
    let body = cfg[2] ?? '';
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || lines[i + 1]!.search(/\S/) > indent)) body += '\n' + lines[++i]!;
    if (!sure) return `config/${file} configures ${cfg[1]} inside a block countersign can't evaluate`;
    const c = repos.get(cfg[1]!) ?? { keys: new Map(), files: new Set() };
    repos.set(cfg[1]!, c);
    c.files.add(file);
    const kw = keywordList(body, run, bound);
    if (!kw) return `config/${file} configures ${cfg[1]} with something other than a keyword list`;
    for (const [k, v] of kw) if (KEYS.has(k)) c.keys.set(k, v);
  }
  return stack.length ? `config/${file} has a block countersign can't close` : undefined;
}

/** Lines with heredoc bodies blanked (their text could look like code); undefined when a string
 *  spans lines some other way. */
function withoutHeredocs(lines: string[]): string[] | undefined {
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const marks = (line.match(/"""|'''/g) ?? []).length;
    if (inside) {
      out.push('');
      if (marks % 2) inside = false;
      continue;
    }
    if (marks % 2) inside = true;
    const rest = line.replace(/"""|'''/g, '').replace(/\\./g, '');
    if ((rest.match(/"/g) ?? []).length % 2) return undefined;
    out.push(line);
  }
  return inside ? undefined : out;
}

/** `key: value` pairs of a keyword list, split at top-level commas. */
function keywordList(body: string, run: Run, bound: Map<string, Value>): Array<[string, Value]> | undefined {
  const out: Array<[string, Value]> = [];
  for (const part of splitTop(body)) {
    if (!part.trim()) continue;
    const m = /^\s*(\w+):\s*([\s\S]*?)\s*$/.exec(part);
    if (!m) return undefined;
    out.push([m[1]!, parseValue(m[2]!, run, bound)]);
  }
  return out;
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let str = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (str) {
      if (ch === '\\') { cur += ch + (s[++i] ?? ''); continue; }
      if (ch === '"') str = false;
    } else if (ch === '"') str = true;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

const STR = /^"((?:[^"\\#]|\\.|#(?!\{))*)"$/;

/** A value's text: a string literal, an integer, a bound name, System.get_env("X") [|| "d"],
 *  System.get_env("X", "d"), System.fetch_env!("X"); a `#{...}` in a database name is dropped. */
function parseValue(src: string, run: Run, bound: Map<string, Value>): Value {
  const t = src.trim();
  const lit = STR.exec(t);
  if (lit) return { value: lit[1]!.replace(/\\(.)/g, '$1') };
  if (/^\d+$/.test(t)) return { value: t };
  const built = interpolated(t);
  if (built !== undefined) return { value: built, built: true };
  if (/^[a-z_]\w*$/.test(t)) return bound.has(t) ? bound.get(t) : { unknown: `${t} isn't bound to a value countersign can read` };
  if (/^[A-Z][\w.]*$/.test(t)) return { value: t };
  const env = /^System\.(get_env|fetch_env!)\(\s*"([A-Za-z_]\w*)"\s*(?:,\s*("[^"]*"))?\s*\)\s*(?:\|\|\s*(.+))?$/.exec(t);
  if (env) {
    const v = getVar(run, env[2]!);
    if (v?.dynamic) return { unknown: dynamicNote(env[2]!) };
    if (v) return { value: v.value };
    const def = env[3] ?? env[4];
    if (def === undefined || /^raise\b/.test(def.trim())) return { unknown: `${env[2]} is not set here` };
    return parseValue(def, run, bound);
  }
  return { unknown: `${t.slice(0, 60)} is code countersign doesn't run` };
}

/** A string with `#{…}` parts: its text without them; undefined for anything else. */
function interpolated(t: string): string | undefined {
  if (!t.startsWith('"') || !t.endsWith('"') || t.length < 2) return undefined;
  let out = '';
  let parts = 0;
  for (let i = 1; i < t.length - 1; i++) {
    const ch = t[i]!;
    if (ch === '\\') { out += t[++i] ?? ''; continue; }
    if (ch === '"') return undefined;
    if (ch === '#' && t[i + 1] === '{') {
      let depth = 0;
      for (i++; i < t.length - 1; i++) {
        if (t[i] === '{') depth++;
        else if (t[i] === '}' && --depth === 0) break;
      }
      if (depth !== 0) return undefined;
      parts++;
      continue;
    }
    out += ch;
  }
  return parts ? out : undefined;
}

function stripComments(s: string): string {
  return s
    .split('\n')
    .map((l) => {
      let str = false;
      for (let i = 0; i < l.length; i++) {
        if (l[i] === '\\') { i++; continue; }
        if (l[i] === '"') str = !str;
        else if (!str && l[i] === '#') return l.slice(0, i);
      }
      return l;
    })
    .join('\n');
}

