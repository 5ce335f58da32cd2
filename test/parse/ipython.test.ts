// IPython text and notebooks read as python plus shell (src/parse/ipython.ts).
import { describe, expect, it } from 'vitest';
import { ipythonParts, ipythonSplit, notebookCells, quartoParts } from '../../src/parse/ipython.js';

const nb = (cells: string[], language = 'python'): string =>
  JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', source: [source], outputs: [] })).concat([{ cell_type: 'markdown', source: ['!rm -rf data'], outputs: [] }]), metadata: { kernelspec: { language } } });

describe('ipythonSplit', () => {
  it('reads shell escapes, aliases and shell magics as shell, the rest as python', () => {
    const p = ipythonSplit("import os\n!rm -rf data\nfiles = !ls build\n%rm -rf logs\nmv a b\ncd data\n%sx git clean -fdx\n%pip install x\nprint(os.getcwd())");
    expect(p.shell).toEqual(['rm -rf data', 'ls build', 'rm -rf logs', 'mv a b', 'cd data', 'git clean -fdx', 'pip install x']);
    expect(p.py.split('\n').filter((l) => l.trim() !== 'pass')).toEqual(['import os', 'print(os.getcwd())']);
    expect(p.unknown).toBeUndefined();
  });

  it('keeps python that only looks like an alias', () => {
    const p = ipythonSplit('ls = [1, 2]\nrm(x)\ncp -= 1\ncat.meow()\nif x != 3:\n    pass');
    expect(p.shell).toEqual([]);
  });

  it('reads cell magics: shell, files written, other interpreters; python expanded into a command is unknown', () => {
    expect(ipythonSplit('%%bash\nrm -rf data\n').shell).toEqual(['rm -rf data\n']);
    expect(ipythonSplit('%%script sh\nrm -rf data').shell).toEqual(['rm -rf data']);
    expect(ipythonSplit('%%writefile job.sh\nrm -rf data').shell[0]).toMatch(/^cat > job\.sh <<'__IPY_EOF__'\nrm -rf data\n__IPY_EOF__$/);
    expect(ipythonSplit('%%time\n!rm -rf data').shell).toEqual(['rm -rf data']);
    expect(ipythonSplit('%%html\n<b>rm -rf data</b>').shell).toEqual([]);
    expect(ipythonSplit('%%sql\nDROP TABLE users').unknown).toContain('%%sql');
    expect(ipythonSplit('for f in fs:\n    !rm -rf {f}').unknown).toContain('run time');
    expect(ipythonSplit('!rm -rf $target').unknown).toContain('run time');
    expect(ipythonSplit('!echo $HOME').shell).toEqual(['echo $HOME']);
  });

  it('reads get_ipython() calls in exported scripts', () => {
    const p = ipythonSplit("get_ipython().system('rm -rf data')\nget_ipython().run_line_magic('sx', 'rm -rf logs')\nget_ipython().run_cell_magic('bash', '', 'rm -rf build\\n')");
    expect(p.shell).toEqual(['rm -rf data', 'rm -rf logs', 'rm -rf build\n']);
    expect(ipythonSplit('get_ipython().system(cmd)').unknown).toBeDefined();
  });

  it('%alias, %env and %run', () => {
    expect(ipythonSplit('%alias nuke rm -rf\nnuke data').shell).toEqual(['rm -rf data']);
    expect(ipythonSplit('%env DATABASE_URL=postgres://db.prod/app').shell).toEqual(["export DATABASE_URL=postgres://db.prod/app"]);
    expect(ipythonSplit('%run scripts/wipe.py --all').shell).toEqual(['python3 scripts/wipe.py --all']);
  });
});

describe('notebooks', () => {
  it('reads code cells only, by the kernel language', () => {
    expect(notebookCells(nb(['!rm -rf data']))?.cells).toEqual(['!rm -rf data']);
    const parts = ipythonParts(nb(['import shutil', '!rm -rf data']), true);
    expect(Array.isArray(parts) && parts.flatMap((p) => p.shell)).toEqual(['rm -rf data']);
    const bash = ipythonParts(nb(['rm -rf data'], 'bash'), true);
    expect(Array.isArray(bash) && bash[0]!.shell).toEqual(['rm -rf data']);
    expect(ipythonParts(nb(['unlink("data", recursive=TRUE)'], 'R'), true)).toEqual({ unknown: "a r notebook's cells" });
    expect(ipythonParts('not json', true)).toEqual({ unknown: "a notebook that can't be read as one" });
  });
});

describe('quarto and R Markdown', () => {
  it('reads code chunks by engine and skips eval: false', () => {
    const doc = '---\ntitle: t\n---\n```{python}\n!rm -rf data\n```\n```{r, echo=FALSE}\nunlink("data", TRUE)\n```\n```{bash}\nrm -rf logs\n```\n```{python}\n#| eval: false\n!rm -rf keep\n```\n```{r eval=FALSE}\nunlink("keep2")\n```\nInline `r file.remove("x")`.\n';
    expect(quartoParts(doc).flatMap((p) => p.shell)).toEqual(['rm -rf data', `Rscript -e 'unlink("data", TRUE)'`, 'rm -rf logs', `Rscript -e 'file.remove("x")'`]);
    expect(quartoParts('```{sql connection=con}\nDROP TABLE users\n```')[0]?.unknown).toContain('{sql}');
    expect(quartoParts('```{ojs}\nx = 1\n```')).toEqual([{ py: '', shell: [] }]);
  });
});
