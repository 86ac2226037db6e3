/**
 * Small text utilities shared by the edit engine: line index, binary detection and path helpers.
 * Everything here is linear in the input and never throws.
 */

/** A position in a text: 0-based line and UTF-16 column (the CLI adds 1 for JSON and SARIF). */
export interface Position {
  line: number;
  col: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets to line/column and back. Line starts are computed once, on first use. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const s = [0];
    const t = this.text;
    let p = t.indexOf('\n');
    while (p !== -1) {
      s.push(p + 1);
      p = t.indexOf('\n', p + 1);
    }
    this.starts = s;
    return s;
  }

  /** Number of lines; a trailing newline does not open a new line. */
  get lineCount(): number {
    const s = this.lineStarts();
    if (this.text.length === 0) return 0;
    return s[s.length - 1] === this.text.length ? s.length - 1 : s.length;
  }

  lineStart(line: number): number {
    const s = this.lineStarts();
    if (line <= 0) return 0;
    if (line >= s.length) return this.text.length;
    return s[line];
  }

  /** End of the line's content, before `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const s = this.lineStarts();
    if (line < 0) return 0;
    let end = line + 1 < s.length ? s[line + 1] - 1 : this.text.length;
    if (end > s[Math.min(line, s.length - 1)] && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.lineStart(line));
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  lineOf(offset: number): number {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, col: o - this.lineStart(line) };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The range of a whole line's content. */
  lineRange(line: number): Range {
    return { start: { line, col: 0 }, end: { line, col: this.lineEnd(line) - this.lineStart(line) } };
  }
}

/** Text with a NUL byte in its first 8 KB is treated as binary, as git does. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  return text.slice(0, n).includes('\u0000');
}

export function dirname(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Counts lines that carry something other than whitespace or a lone bracket. */
export function meaningfulLines(text: string, cap = 1_000_000): number {
  let n = 0;
  let start = 0;
  let seen = 0;
  while (start <= text.length && seen < cap) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    if (line.length > 1 || (line.length === 1 && !'{}()[];,'.includes(line))) n++;
    start = end + 1;
    seen++;
  }
  return n;
}

/** Counts occurrences of a literal substring, bounded. */
export function countOf(text: string, needle: string, cap = 100_000): number {
  if (!needle) return 0;
  let n = 0;
  let p = text.indexOf(needle);
  while (p !== -1 && n < cap) {
    n++;
    p = text.indexOf(needle, p + needle.length);
  }
  return n;
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
