// IPython and Jupyter: code that is python plus shell. `ipython -c '!rm -rf data'`, a notebook run
// by `jupyter execute`, `jupyter nbconvert --execute`, `papermill` or `jupytext --execute`. Each
// cell is read the way IPython transforms it: `!cmd`, `x = !cmd`, `%sx`/`%system`, the aliases
// (`rm`, `mv`, `cp`... with or without `%`), `%cd`, `%env`, `%run`, `%pip`, and cell magics
// (`%%bash`, `%%sh`, `%%script`, `%%writefile`); the rest is python. A notebook's kernel decides
// its language. What the walker gets: the python, and shell text in the order it runs.
import path from 'node:path';
import type { Invocation, Word } from './types.js';
import { q } from './tools.js';
import { table } from '../own.js';

export interface IpyParts {
  /** The python, with each line IPython turns into something else left as `pass`. */
  py: string;
  /** Shell code, in order (`%%writefile` as a heredoc to cat). */
  shell: string[];
  /** Set when some of it is only known at run time (`!rm {path}`, an unknown cell magic). */
  unknown?: string;
}

/** IPython's default aliases on POSIX (automagic: usable without `%`), and `cd`. */
const ALIASES = new Set(['cat', 'cp', 'ldir', 'less', 'lf', 'lk', 'll', 'ls', 'lx', 'man', 'mkdir', 'more', 'mv', 'rm', 'rmdir']);
// Line magics that run their argument as a shell command, and those that run another program.
const SHELL_MAGICS = new Set(['sx', 'system', 'sc']);
const PROGRAM_MAGICS: Record<string, string> = table({ pip: 'pip', conda: 'conda', mamba: 'mamba', uv: 'uv' });
// Cell magics whose body is shell, python, or nothing run here (shown in the browser).
const SHELL_CELLS = new Set(['bash', 'sh', '!', 'system']);
const PYTHON_CELLS = new Set(['python', 'python3', 'time', 'timeit', 'capture', 'prun', 'debug']);
const SHOWN_CELLS = new Set(['html', 'HTML', 'markdown', 'latex', 'svg', 'javascript', 'js', 'md']);
// `%%script PROG`: PROG reads the body on stdin.
const SCRIPT_CELLS: Record<string, string> = table({ perl: 'perl', ruby: 'ruby', node: 'node', python2: 'python2', pypy: 'pypy' });

/** A shell line IPython would expand python into (`{expr}`, `$name` of a python variable): only
 *  known at run time. `$$` is a literal `$`; `$UPPER` is taken as the environment's. */
function expands(cmd: string): boolean {
  const s = cmd.replace(/\$\$/g, '').replace(/\{\{|\}\}/g, '');
  return /\{[^}]*\}/.test(s) || /\$(?![A-Z_][A-Z0-9_]*\b)[A-Za-z_]/.test(s);
}

/** One cell (or a whole `ipython -c` text / .ipy file). */
export function ipythonSplit(text: string): IpyParts {
  const out: IpyParts = { py: '', shell: [] };
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  const cell = /^%%(\S+)\s*(.*)$/.exec(first);
  if (cell) {
    const body = lines.slice(lines.findIndex((l) => l.trim() !== '') + 1).join('\n');
    const [name, args] = [cell[1]!, cell[2]!.trim()];
    const prog = name === 'script' ? path.basename(args.split(/\s+/).filter((a) => !a.startsWith('-'))[0] ?? '') : '';
    if (SHELL_CELLS.has(name) || /^(bash|sh|zsh|dash)$/.test(prog)) {
      // `%%!` and `%%system` run each line as `!` does, python expanded; `%%bash` takes it as is.
      if ((name === '!' || name === 'system') && expands(body)) out.unknown = `%%${name} cell built at run time`;
      else out.shell.push(body);
    } else if (name === 'writefile') {
      const parts = args.split(/\s+/);
      const append = parts[0] === '-a' || parts[0] === '--append';
      const file = parts[append ? 1 : 0];
      if (!file || expands(file)) out.unknown = '%%writefile to a name only known at run time';
      else out.shell.push(`cat ${append ? '>>' : '>'} ${q(file)} <<'__IPY_EOF__'\n${body}\n__IPY_EOF__`);
    } else if (PYTHON_CELLS.has(name) || /^python[\d.]*$/.test(prog)) {
      return ipythonSplit(body);
    } else if (SCRIPT_CELLS[name] || SCRIPT_CELLS[prog]) {
      out.shell.push(`${SCRIPT_CELLS[name] ?? SCRIPT_CELLS[prog]} <<'__IPY_EOF__'\n${body}\n__IPY_EOF__`);
    } else if (!SHOWN_CELLS.has(name)) {
      out.unknown = `the %%${name} cell magic runs its cell in a way countersign doesn't read`;
    }
    return out;
  }
  const py: string[] = [];
  const aliases = new Map<string, string>();
  for (const raw of lines) {
    // `%time STMT`, `%timeit -n 3 STMT`: the statement runs as if on its own.
    const line = raw.replace(/^(\s*)%(?:time|timeit|prun)\s+(?:-\w+(?:\s+\d+)?\s+)*/, '$1');
    const indent = /^\s*/.exec(line)![0];
    const l = line.trim();
    const shell = lineShell(l, aliases);
    if (shell === undefined) {
      py.push(line);
      continue;
    }
    py.push(l ? `${indent}pass` : '');
    if (shell === '') continue;
    if (expands(shell)) out.unknown ??= `IPython line built at run time: ${l.slice(0, 80)}`;
    else out.shell.push(shell);
  }
  out.py = py.join('\n');
  // Code exported from a notebook (jupytext, nbconvert --to script) calls IPython directly.
  for (const m of out.py.matchAll(/get_ipython\(\)\.(system|getoutput|run_line_magic|run_cell_magic)\(([^)]*)\)/g)) {
    const args = [...m[2]!.matchAll(/(['"])((?:\\.|(?!\1).)*)\1/g)].map((a) => a[2]!.replace(/\\n/g, '\n').replace(/\\(['"\\])/g, '$1'));
    const call = m[1]!;
    const needs = call === 'run_cell_magic' ? 3 : call === 'run_line_magic' ? 2 : 1;
    if (args.length < needs) {
      out.unknown ??= `get_ipython().${call}() with a command only known at run time`;
      continue;
    }
    const cmd = needs === 1 ? args[0]! : needs === 2 ? (lineShell(`%${args[0]} ${args[1]}`, aliases) ?? '') : '';
    const cellParts = needs === 3 ? ipythonSplit(`%%${args[0]} ${args[1]}\n${args[2]}`) : undefined;
    if (cellParts?.unknown) out.unknown ??= cellParts.unknown;
    for (const c of cellParts ? cellParts.shell : [cmd]) {
      if (expands(c)) out.unknown ??= `get_ipython().${call}() with a command built at run time`;
      else if (c) out.shell.push(c);
    }
  }
  return out;
}

/** What one line runs as shell: the command, '' for a line that runs nothing here (a display
 *  magic), undefined for python. */
function lineShell(l: string, aliases: Map<string, string>): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(?:[\w.,\s]+=\s*)?!!?(.*)$/s.exec(l)) && !/^[\w.,\s]+=\s*!=/.test(l) && !l.startsWith('!=')) return m[1]!.trim();
  m = /^(%)?([A-Za-z_]\w*)(?:\s+(.*))?$/s.exec(l);
  if (!m) return undefined;
  const [magic, name, rest] = [!!m[1], m[2]!, (m[3] ?? '').trim()];
  // Without `%` a word is python unless it can't be (`rm -rf data`, `cd data`): a name followed by
  // an operator, a call or an assignment is python.
  if (!magic && (rest === '' ? !ALIASES.has(name) && name !== 'cd' : /^([=(.[,:+\-*/%<>!&|^~]|is\b|in\b|and\b|or\b|not\b|if\b|for\b)/.test(rest) && !/^-[\w-]/.test(rest))) return undefined;
  if (!magic && !ALIASES.has(name) && !aliases.has(name) && name !== 'cd' && !SHELL_MAGICS.has(name) && !(name in PROGRAM_MAGICS)) return undefined;
  if (aliases.has(name)) return `${aliases.get(name)} ${rest}`.trim();
  if (ALIASES.has(name)) return `${name} ${rest}`.trim();
  if (name === 'cd') return rest ? `cd ${rest}` : 'cd';
  if (SHELL_MAGICS.has(name)) return rest.replace(/^-l\s+/, '');
  if (name in PROGRAM_MAGICS) return `${PROGRAM_MAGICS[name]} ${rest}`.trim();
  if (name === 'env') {
    const kv = /^([A-Za-z_]\w*)(?:\s*=\s*|\s+)(.*)$/.exec(rest);
    return kv ? `export ${kv[1]}=${q(kv[2]!)}` : '';
  }
  if (name === 'run') {
    const words = rest.split(/\s+/).filter(Boolean);
    const i = words.findIndex((w) => !w.startsWith('-'));
    if (words.includes('-m')) return `python3 -m ${words.slice(words.indexOf('-m') + 1).join(' ')}`;
    return i < 0 ? '' : `python3 ${words.slice(i).join(' ')}`;
  }
  if (name === 'alias') {
    const a = /^(\w+)\s+(.+)$/.exec(rest);
    if (a) aliases.set(a[1]!, a[2]!.replace(/%s|%l/g, ''));
    return '';
  }
  return '';
}

/** A notebook's code cells and its kernel's language; undefined when it isn't a notebook. */
export function notebookCells(json: string): { cells: string[]; lang: string } | undefined {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!nb || typeof nb !== 'object' || !Array.isArray((nb as { cells?: unknown }).cells)) return undefined;
  const o = nb as { cells: Array<{ cell_type?: string; source?: string | string[] }>; metadata?: { kernelspec?: { language?: string; name?: string }; language_info?: { name?: string } } };
  const lang = (o.metadata?.kernelspec?.language ?? o.metadata?.language_info?.name ?? o.metadata?.kernelspec?.name ?? 'python').toLowerCase();
  const cells = o.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')));
  return { cells, lang };
}

export interface IpyRun {
  /** The words naming the code: `-c` text, a .ipy/.py file, a notebook, or stdin. */
  kind: 'text' | 'file' | 'notebook' | 'stdin' | 'quarto';
  word?: Word;
  how: string;
}

const JUPYTER_EXEC = new Set(['execute', 'nbconvert', 'run']);

/** What an IPython or Jupyter command runs, if anything. */
export function ipythonRuns(inv: Invocation): IpyRun[] | { unknown: string } {
  const name = inv.name;
  let a = inv.argv.slice(1);
  let tool = name;
  if (name === 'jupyter' || /^jupyter-(execute|nbconvert|run)$/.test(name)) {
    const sub = name === 'jupyter' ? a.find((w) => !w.value.startsWith('-')) : undefined;
    tool = name === 'jupyter' ? (sub && !sub.dynamic && JUPYTER_EXEC.has(sub.value) ? `jupyter-${sub.value}` : '') : name;
    if (sub) a = a.slice(a.indexOf(sub) + 1);
    if (!tool) return [];
  }
  const opts = a.filter((w) => w.value.startsWith('-'));
  const ops = operands(a);
  switch (tool) {
    case 'ipython':
    case 'ipython3': {
      if (a.some((w) => /^--(InteractiveShellApp\.)?(exec_lines|code_to_run|exec_files|file_to_run)=/.test(w.value))) return { unknown: `${name} runs code given in its configuration options` };
      const c = a.findIndex((w) => w.value === '-c');
      if (c >= 0) return a[c + 1] ? [{ kind: 'text', word: a[c + 1], how: `${name} -c` }] : [];
      if (a.some((w) => w.value === '-m')) return [];
      const f = ops[0];
      if (f) return [{ kind: /\.ipynb$/.test(f.value) ? 'notebook' : 'file', word: f, how: `${name} ${f.value}` }];
      return [{ kind: 'stdin', how: `${name} reading its input` }];
    }
    case 'jupyter-execute':
      return ops.map((w) => ({ kind: 'notebook' as const, word: w, how: `jupyter execute ${w.value}` }));
    case 'jupyter-nbconvert':
      // Converting runs nothing; --execute (or the preprocessor turned on) runs every cell.
      if (!opts.some((w) => w.value === '--execute' || /^--ExecutePreprocessor\.enabled=(True|true|1)$/.test(w.value))) return [];
      return ops.filter((w) => /\.ipynb$/.test(w.value) || w.dynamic).map((w) => ({ kind: 'notebook' as const, word: w, how: `jupyter nbconvert --execute ${w.value}` }));
    case 'jupyter-run':
      return ops.map((w) => ({ kind: 'file' as const, word: w, how: `jupyter run ${w.value}` }));
    case 'papermill': {
      const nb = ops[0];
      if (!nb) return [];
      if (nb.value === '-' || /^[a-z0-9]+:\/\//i.test(nb.value)) return { unknown: `papermill runs ${nb.value}, whose cells can't be read here` };
      return [{ kind: 'notebook', word: nb, how: `papermill ${nb.value}` }];
    }
    case 'quarto': {
      // `quarto render|preview FILE`: a .qmd/.Rmd runs its code chunks; a notebook only with
      // --execute. With no file it renders the project (not read).
      const sub = a.find((w) => !w.value.startsWith('-'));
      if (!sub || sub.dynamic || !/^(render|preview)$/.test(sub.value)) return [];
      const f = operands(a.slice(a.indexOf(sub) + 1))[0];
      if (!f) return [];
      if (/\.ipynb$/.test(f.value)) return opts.some((w) => w.value === '--execute') ? [{ kind: 'notebook', word: f, how: `quarto ${sub.value} ${f.value}` }] : [];
      return [{ kind: 'quarto', word: f, how: `quarto ${sub.value} ${f.value}` }];
    }
    case 'jupytext':
      if (!opts.some((w) => w.value === '--execute')) return [];
      return ops.map((w) => ({ kind: /\.ipynb$/.test(w.value) ? ('notebook' as const) : ('file' as const), word: w, how: `jupytext --execute ${w.value}` }));
  }
  return [];
}

// Options that take a value, for the tools above (the rest are flags or `--x=y`).
const WITH_VALUE = /^(-c|-m|-p|-r|-k|--kernel|--kernel_name|-o|--output|--output-dir|--to|--from|--template|--ExecutePreprocessor\.\w+|--parameters_file|-f|--cwd|--log-level|--profile|--config|--request-save-on-cell-execute|--execution-timeout|--start-timeout|--engine|--language|--prefix|--opt|--set-kernel|--pipe|--check)$/;

function operands(a: Word[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!.value;
    if (v === '--') {
      out.push(...a.slice(i + 1));
      break;
    }
    if (v.startsWith('-') && v !== '-') {
      // papermill's -p NAME VALUE takes two.
      if (v === '-p' || v === '--parameters') i += 2;
      else if (!v.includes('=') && WITH_VALUE.test(v)) i++;
      continue;
    }
    out.push(a[i]!);
  }
  return out;
}

/** A Quarto or R Markdown document's code chunks (```{python}, ```{r}, ```{bash}) and inline
 *  `` `r expr` `` / `` `{python} expr` ``; chunks marked `eval: false` don't run. R and Julia become
 *  `Rscript -e` / `julia -e` lines for their readers; other engines (`{sql}`) are unknown. */
export function quartoParts(text: string): IpyParts[] {
  const out: IpyParts[] = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,})\s*\{([A-Za-z]\w*)([^}]*)\}\s*$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const body: string[] = [];
    for (i++; i < lines.length && !new RegExp(`^\\s*${open[1]}\\s*$`).test(lines[i]!); i++) body.push(lines[i]!);
    const code = body.join('\n');
    if (/\beval\s*=\s*(FALSE|F)\b/.test(open[3]!) || /^#\|\s*eval:\s*false\s*$/m.test(code)) continue;
    out.push(chunk(open[2]!.toLowerCase(), code));
  }
  const text2 = prose.join('\n');
  for (const m of text2.matchAll(/`r ([^`]+)`/g)) out.push(chunk('r', m[1]!));
  for (const m of text2.matchAll(/`\{python\} ([^`]+)`/g)) out.push(chunk('python', m[1]!));
  return out;
}

function chunk(lang: string, code: string): IpyParts {
  if (lang === 'python') return ipythonSplit(code);
  if (/^(bash|sh|zsh)$/.test(lang)) return { py: '', shell: [code] };
  if (lang === 'r') return { py: '', shell: [`Rscript -e ${q(code)}`] };
  if (lang === 'julia') return { py: '', shell: [`julia -e ${q(code)}`] };
  if (/^(ojs|mermaid|dot|html|css|js|javascript|md|markdown|yaml|json|text|txt)$/.test(lang)) return { py: '', shell: [] };
  return { py: '', shell: [], unknown: `a {${lang}} chunk, which countersign doesn't read` };
}

/** A notebook or IPython text as the parts to judge; a notebook in a kernel language other than
 *  python or a shell is only known as "code" (unknown). */
export function ipythonParts(text: string, notebook: boolean | 'quarto'): IpyParts[] | { unknown: string } {
  if (notebook === 'quarto') return quartoParts(text);
  if (!notebook) return [ipythonSplit(text)];
  const nb = notebookCells(text);
  if (!nb) return { unknown: "a notebook that can't be read as one" };
  if (/^(bash|sh|zsh)$/.test(nb.lang)) return nb.cells.map((c) => ({ py: '', shell: [c] }));
  if (!/^(python|ipython)/.test(nb.lang)) return nb.cells.some((c) => c.trim()) ? { unknown: `a ${nb.lang} notebook's cells` } : [];
  return nb.cells.map(ipythonSplit);
}
