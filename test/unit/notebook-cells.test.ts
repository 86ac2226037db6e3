/**
 * A notebook cell as the command line that does the same (core/notebook-cells.ts), for
 * VS Code's run_notebook_cell: IPython's shell escapes and cell magics, per IPython's docs.
 */
import assert from 'node:assert/strict';
import { cellCommand, MAX_NOTEBOOK_CELLS, notebookCodeCells } from '../../src/core/notebook-cells';

const py = (source: string) => cellCommand({ language: 'python', source });

describe('notebook cells as command lines', () => {
  it('a Python cell is python3 -c with its code; shell escapes are shell lines', () => {
    assert.deepEqual(py("import shutil\nshutil.rmtree('/srv/data')\n"), { command: "python3 -c 'import shutil\nshutil.rmtree('\\''/srv/data'\\'')\n'" });
    assert.deepEqual(py('!rm -rf ~/projects\n'), { command: 'rm -rf ~/projects' });
    assert.deepEqual(py('!!git push --force origin main'), { command: 'git push --force origin main' });
    assert.deepEqual(py('files = !ls data\nprint(files)'), { command: "ls data\npython3 -c 'pass\nprint(files)'" });
    assert.deepEqual(py('%sx terraform destroy -auto-approve'), { command: 'terraform destroy -auto-approve' });
    assert.deepEqual(py('%system dropdb prod'), { command: 'dropdb prod' });
    assert.deepEqual(py('%pip install pandas'), { command: 'pip install pandas' });
    // An escape inside a block keeps the Python around it readable.
    assert.deepEqual(py('if True:\n    !make clean\n    x = 1'), { command: "make clean\npython3 -c 'if True:\n    pass\n    x = 1'" });
    // Other line magics run nothing; a comparison is not an escape.
    assert.deepEqual(py('%matplotlib inline\n%cd data'), { command: '' });
    assert.deepEqual(py('ok = a != b'), { command: "python3 -c 'ok = a != b'" });
  });

  it('%%bash, %%sh and %%script bash cells are shell scripts; other cell magics are not read', () => {
    assert.deepEqual(py('%%bash\nrm -rf /var/lib/postgresql\n'), { command: 'rm -rf /var/lib/postgresql\n' });
    assert.deepEqual(py('\n%%sh\nkubectl delete ns prod'), { command: 'kubectl delete ns prod' });
    assert.deepEqual(py('%%script /bin/bash\ngit clean -fdx'), { command: 'git clean -fdx' });
    assert.deepEqual(py('%%writefile run.sh\nrm -rf /'), { note: 'the cell magic %%writefile is not read' });
  });

  it('shell, JavaScript and TypeScript cells; another language is not read', () => {
    assert.deepEqual(cellCommand({ language: 'shellscript', source: 'rm -rf ~' }), { command: 'rm -rf ~' });
    assert.deepEqual(cellCommand({ language: 'javascript', source: "require('fs').rmSync('/srv', { recursive: true })" }), { command: "node -e 'require('\\''fs'\\'').rmSync('\\''/srv'\\'', { recursive: true })'" });
    assert.deepEqual(cellCommand({ language: 'r', source: 'unlink("x", recursive = TRUE)' }), { note: 'a r cell is not read' });
    assert.deepEqual(py('   \n'), { command: '' });
  });

  it("reads a notebook's code cells with their languages", () => {
    const nb = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# x'] },
        { cell_type: 'code', source: ['!ls\n', 'x = 1\n'] },
        { cell_type: 'code', source: 'echo hi', metadata: { vscode: { languageId: 'shellscript' } } },
      ],
      metadata: { kernelspec: { language: 'python' } },
    });
    assert.deepEqual(notebookCodeCells(nb), { ok: true, more: false, cells: [{ index: 1, language: 'python', source: '!ls\nx = 1\n' }, { index: 2, language: 'shellscript', source: 'echo hi' }] });
    const r = notebookCodeCells(JSON.stringify({ cells: [], metadata: { language_info: { name: 'Julia' } } }));
    assert.deepEqual(r, { ok: true, cells: [], more: false });
    assert.equal(notebookCodeCells('{').ok, false);
    assert.equal(notebookCodeCells('{"cells": 3}').ok, false);
    const many = notebookCodeCells(JSON.stringify({ cells: Array.from({ length: MAX_NOTEBOOK_CELLS + 3 }, () => ({ cell_type: 'code', source: 'x' })) }));
    assert.ok(many.ok && many.cells.length === MAX_NOTEBOOK_CELLS && many.more);
  });
});
