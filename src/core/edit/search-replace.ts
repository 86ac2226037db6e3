/**
 * Cline's `replace_in_file` edits: SEARCH/REPLACE blocks in its `diff` parameter, applied to the
 * file the way Cline applies them (cline/cline src/core/assistant-message/diff.ts,
 * constructNewFileContentV2), so the hook judges the file Cline would write. The format:
 *
 *   ------- SEARCH
 *   [exact lines to find]
 *   =======
 *   [lines to put there]
 *   +++++++ REPLACE
 *
 * Blocks apply in order, each searched from where the previous one ended: the exact text first,
 * then the same lines with leading and trailing whitespace ignored, then (three lines or more) a
 * block whose first and last lines match. An empty SEARCH creates the file when it is empty and
 * replaces the whole file otherwise. Cline also accepts any run of three or more marker characters
 * (`---- SEARCH`, `===`, `++++ REPLACE`) and its earlier `<<<<<<< SEARCH` / `>>>>>>> REPLACE`.
 * Pure and bounded: text in, blocks or the new text (or why not) out.
 */

export interface SearchReplaceBlock {
  /** The SEARCH lines, each with its line end (as Cline accumulates them). */
  search: string;
  replace: string;
}

export type ParsedBlocks = { ok: true; blocks: SearchReplaceBlock[] } | { ok: false; error: string };

const SEARCH_START = /^(?:-{3,}|<{3,}) SEARCH>?$/;
const SEPARATOR = /^={3,}$/;
const REPLACE_END = /^(?:\+{3,}|>{3,}) REPLACE<?$/;

/** Past this many blocks a diff is not read (Cline's own edits have a handful). */
const MAX_BLOCKS = 2000;

/** The blocks of a `diff` parameter; an unfinished or malformed block is an error, never skipped. */
export function parseSearchReplace(diff: string): ParsedBlocks {
  const blocks: SearchReplaceBlock[] = [];
  let state: 'idle' | 'search' | 'replace' = 'idle';
  let search = '';
  let replace = '';
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (SEARCH_START.test(line)) {
      if (state !== 'idle') return { ok: false, error: 'a SEARCH marker inside an unfinished block' };
      state = 'search';
      search = '';
      replace = '';
    } else if (SEPARATOR.test(line) && state === 'search') {
      state = 'replace';
    } else if (REPLACE_END.test(line)) {
      if (state !== 'replace') return { ok: false, error: 'a REPLACE marker without its SEARCH and ======= lines' };
      blocks.push({ search, replace });
      if (blocks.length > MAX_BLOCKS) return { ok: false, error: `more than ${MAX_BLOCKS} SEARCH/REPLACE blocks` };
      state = 'idle';
    } else if (state === 'search') {
      search += `${raw}\n`;
    } else if (state === 'replace') {
      replace += `${raw}\n`;
    }
    // Text outside a block is ignored, as Cline ignores it once the blocks are well formed.
  }
  if (state !== 'idle') return { ok: false, error: 'the last SEARCH/REPLACE block is not finished' };
  if (!blocks.length) return { ok: false, error: 'no SEARCH/REPLACE block in the diff' };
  return { ok: true, blocks };
}

function lineStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  return starts;
}

/** Cline's fallbacks: the search lines matched with whitespace trimmed, then by first and last line. */
function fallbackMatch(original: string, search: string, from: number): [number, number] | undefined {
  const lines = original.split('\n');
  const want = search.split('\n');
  if (want[want.length - 1] === '') want.pop();
  if (!want.length) return undefined;
  const starts = lineStarts(lines);
  let first = 0;
  while (first < lines.length && starts[first] < from) first++;
  const span = (i: number): [number, number] => [starts[i], starts[i] + want.reduce((n, _w, k) => n + lines[i + k].length + 1, 0)];
  const trimmed = want.map((w) => w.trim());
  for (let i = first; i + want.length <= lines.length; i++) {
    if (trimmed.every((w, k) => lines[i + k].trim() === w)) return span(i);
  }
  if (want.length >= 3) {
    const head = trimmed[0];
    const tail = trimmed[trimmed.length - 1];
    for (let i = first; i + want.length <= lines.length; i++) {
      if (lines[i].trim() === head && lines[i + want.length - 1].trim() === tail) return span(i);
    }
  }
  return undefined;
}

export type AppliedBlocks = { ok: true; text: string } | { ok: false; error: string };

/** The file after the blocks, as Cline builds it; `original` is '' for a file that does not exist. */
export function applySearchReplace(original: string, blocks: readonly SearchReplaceBlock[]): AppliedBlocks {
  let out = '';
  let done = 0;
  for (const b of blocks) {
    let start: number;
    let end: number;
    if (b.search === '') {
      start = 0;
      end = original.length;
    } else {
      const exact = original.indexOf(b.search, done);
      const found: [number, number] | undefined = exact !== -1 ? [exact, exact + b.search.length] : fallbackMatch(original, b.search, done);
      if (!found) return { ok: false, error: `a SEARCH block does not match the file: ${JSON.stringify(b.search.trimEnd().slice(0, 80))}` };
      [start, end] = found;
    }
    if (start < done) return { ok: false, error: 'a SEARCH block matches text an earlier block already replaced' };
    out += original.slice(done, start) + b.replace;
    done = end;
  }
  return { ok: true, text: out + original.slice(done) };
}
