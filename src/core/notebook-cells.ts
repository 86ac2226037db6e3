/**
 * A notebook cell that an agent runs (VS Code's run_notebook_cell), as the command line that does
 * the same, so the command engine judges it: a Python cell is `python3 -c CODE` (the inline-code
 * reader reads it), its IPython shell escapes (`!cmd`, `!!cmd`, `x = !cmd`, `%sx cmd`,
 * `%system cmd`) and `%pip`/`%conda` lines are shell lines, and a `%%bash`/`%%sh`/`%%script bash`
 * cell is a shell script. Forms from IPython's documentation ("Built-in magic commands", and
 * `!` / `!!` in "IPython as a system shell"). Pure: the notebook's text comes from the adapter.
 */
import { shQuote } from './launcher-script';

export interface NotebookCell {
  /** 0-based position among all the notebook's cells. */
  index: number;
  language: string;
  source: string;
}

/** At most this many code cells are read from one notebook. */
export const MAX_NOTEBOOK_CELLS = 500;

/**
 * The code cells of a Jupyter notebook (nbformat 4: `cells[].cell_type`, `source` as a string or a
 * list of lines; the language from the cell's `metadata.vscode.languageId`, else the notebook's
 * `metadata.language_info.name` or `kernelspec.language`, else Python, as VS Code's Jupyter support
 * reads it).
 */
export function notebookCodeCells(text: string): { ok: true; cells: NotebookCell[]; more: boolean } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not a Jupyter notebook (${e instanceof Error ? e.message : String(e)})` };
  }
  const nb = record(raw);
  if (!nb || !Array.isArray(nb.cells)) return { ok: false, error: 'not a Jupyter notebook (no "cells" list)' };
  const meta = record(nb.metadata);
  const fallback = str(record(meta?.language_info)?.name) ?? str(record(meta?.kernelspec)?.language) ?? 'python';
  const cells: NotebookCell[] = [];
  let more = false;
  nb.cells.forEach((c, index) => {
    const cell = record(c);
    if (!cell || cell.cell_type !== 'code') return;
    if (cells.length >= MAX_NOTEBOOK_CELLS) {
      more = true;
      return;
    }
    const source = Array.isArray(cell.source) ? cell.source.filter((l): l is string => typeof l === 'string').join('') : (str(cell.source) ?? '');
    const language = str(record(record(cell.metadata)?.vscode)?.languageId) ?? fallback;
    cells.push({ index, language: language.toLowerCase(), source });
  });
  return { ok: true, cells, more };
}

const SHELL_LANGUAGES: ReadonlySet<string> = new Set(['shellscript', 'bash', 'sh', 'shell', 'zsh']);
const PYTHON_LANGUAGES: ReadonlySet<string> = new Set(['python', 'python3', 'ipython', 'ipython3']);

/** A `%%` cell magic whose body is a shell script (`%%bash`, `%%sh`, `%%script bash`, `%%script sh`). */
const SHELL_CELL_MAGIC = /^%%(?:bash|sh|script\s+(?:\S*\/)?(?:ba|z|da)?sh)\b/;

/**
 * What running a cell does, as a command line; `note` says what could not be read (another
 * language, a cell magic that is not a shell's), and then the cell is not judged.
 */
export function cellCommand(cell: Pick<NotebookCell, 'language' | 'source'>): { command: string } | { note: string } {
  const source = cell.source.replace(/\r\n?/g, '\n');
  if (!source.trim()) return { command: '' };
  if (SHELL_LANGUAGES.has(cell.language)) return { command: source };
  if (cell.language === 'javascript' || cell.language === 'typescript') return { command: `${cell.language === 'javascript' ? 'node' : 'tsx'} -e ${shQuote(source)}` };
  if (!PYTHON_LANGUAGES.has(cell.language)) return { note: `a ${cell.language} cell is not read` };
  const lines = source.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const head = lines[first].trim();
  if (head.startsWith('%%')) {
    if (SHELL_CELL_MAGIC.test(head)) return { command: lines.slice(first + 1).join('\n') };
    return { note: `the cell magic ${head.split(/\s+/)[0]} is not read` };
  }
  const shell: string[] = [];
  const python: string[] = [];
  let hasPython = false;
  for (const line of lines) {
    const escape = /^(\s*)(?:[A-Za-z_][\w.]*\s*=\s*)?!!?(.*)$/.exec(line) ?? /^(\s*)%(?:sx|system)\b\s*(.*)$/.exec(line);
    const pkg = /^(\s*)%(pip|conda|mamba)\b\s*(.*)$/.exec(line);
    if (escape) {
      shell.push(escape[2]);
      // The Python around it still parses: the escape becomes a statement that does nothing.
      python.push(`${escape[1]}pass`);
    } else if (pkg) {
      shell.push(`${pkg[2]} ${pkg[3]}`);
      python.push(`${pkg[1]}pass`);
    } else if (/^\s*%\w/.test(line)) {
      // Other line magics (%cd, %time, %matplotlib) run no program of their own.
      python.push(`${/^\s*/.exec(line)?.[0] ?? ''}pass`);
    } else {
      python.push(line);
      if (line.trim() !== '' && !line.trim().startsWith('#')) hasPython = true;
    }
  }
  const parts = shell.filter((l) => l.trim() !== '');
  if (hasPython) parts.push(`python3 -c ${shQuote(python.join('\n'))}`);
  return { command: parts.join('\n') };
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
