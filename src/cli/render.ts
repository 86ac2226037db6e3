/**
 * Human output for `check`: the command with each risky span underlined, then what was found
 * and the safer way. The command text is untrusted, so control and invisible characters are
 * shown as visible escapes instead of being sent to the terminal.
 */
import { chainText } from '../core/follow/chain';
import type { CommandResult, Decision, Finding, Span } from '../core/types';
import { whereText } from '../core/environment/where';
import { plural } from '../core/plain-text';

export interface RenderOptions {
  color?: boolean;
  /** Terminal width; the excerpt is cut to fit. */
  columns?: number;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
};

type Paint = (style: keyof typeof ANSI, s: string) => string;

const DECISION_STYLE: Record<Decision, keyof typeof ANSI> = { allow: 'green', warn: 'yellow', gate: 'red' };

/** Lines of a span shown at most; longer spans show their first and last lines. */
const MAX_EXCERPT_LINES = 6;
/** Findings listed at most; the rest are counted. */
const MAX_FINDINGS = 20;

export function renderResult(result: CommandResult, opts: RenderOptions = {}): string {
  const paint: Paint = opts.color ? (style, s) => `${ANSI[style]}${s}${ANSI.reset}` : (_style, s) => s;
  const width = Math.max(40, Math.min(opts.columns ?? 100, 400));
  const style = DECISION_STYLE[result.decision];
  const out: string[] = [];

  const n = result.findings.length;
  const head = n === 0
    ? `${paint(style, paint('bold', result.decision.toUpperCase()))}  no findings`
    : `${paint(style, paint('bold', result.decision.toUpperCase()))}  ${result.severity}, score ${result.score}, ${n} finding${n === 1 ? '' : 's'}`;
  out.push(head);
  if (n === 0) {
    out.push(...excerpt(result.command, undefined, width, paint, style).map((l) => `  ${l}`));
    out.push(...notes(result, paint));
    return `${out.join('\n')}\n`;
  }

  for (const f of result.findings.slice(0, MAX_FINDINGS)) {
    out.push('');
    out.push(...excerpt(result.command, f.span, width - 2, paint, style).map((l) => `  ${l}`));
    out.push(`  ${findingHeader(f, paint)}`);
    out.push(`  ${visible(f.message)}`);
    // What the line runs that does it: `npm run clean → package.json scripts.clean → rm -rf src`.
    const chain = chainText(result.command, f);
    if (chain) out.push(`  ${paint('cyan', 'Runs:')} ${visible(chain)}`);
    const where = whereText(f.environment);
    if (where) out.push(`  ${paint(f.environment?.production ? 'red' : 'cyan', 'Where:')} ${visible(where)}`);
    if (f.alternative) out.push(`  ${paint('green', 'Safer:')} ${visible(f.alternative)}`);
  }
  if (n > MAX_FINDINGS) out.push('', `  … and ${n - MAX_FINDINGS} more (use --format json to see all)`);
  out.push(...notes(result, paint));
  return `${out.join('\n')}\n`;
}

/** What the judgement could not cover (following stopped early): said, never left out. */
function notes(result: CommandResult, paint: Paint): string[] {
  return (result.notes ?? []).flatMap((t) => ['', `  ${paint('cyan', 'Note:')} ${visible(t)}`]);
}

function findingHeader(f: Finding, paint: Paint): string {
  const sev = f.severity === 'critical' || f.severity === 'high' ? paint('red', f.severity) : f.severity === 'medium' ? paint('yellow', f.severity) : f.severity;
  return `${paint('bold', f.ruleId)} ${sev} ${f.score} ${paint('dim', `(${f.category})`)}`;
}

/** One displayed piece of the command: a code point, or an escape standing for one. */
interface Cell {
  text: string;
  width: number;
  /** UTF-16 offsets in the command. */
  start: number;
  end: number;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function isZeroWidth(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x200d;
}

/** Characters that change how text reads without being seen: bidi controls, zero-width spaces. */
function isInvisibleControl(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0x00ad
  );
}

function cellText(cp: number): { text: string; width: number } {
  if (cp === 0x09) return { text: ' ', width: 1 };
  if (cp < 0x20) return { text: `^${String.fromCharCode(cp + 64)}`, width: 2 };
  if (cp === 0x7f) return { text: '^?', width: 2 };
  if (cp >= 0x80 && cp <= 0x9f) return { text: `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`, width: 8 };
  if (isInvisibleControl(cp)) {
    const t = `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
    return { text: t, width: t.length };
  }
  const text = String.fromCodePoint(cp);
  return { text, width: isZeroWidth(cp) ? 0 : isWide(cp) ? 2 : 1 };
}

function cellsOf(text: string, from: number, to: number): Cell[] {
  const cells: Cell[] = [];
  let i = from;
  while (i < to) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const { text: t, width } = cellText(cp);
    cells.push({ text: t, width, start: i, end: Math.min(i + len, to) });
    i += len;
  }
  return cells;
}

/** Escapes control and invisible characters in a one-line message. */
export function visible(s: string): string {
  return cellsOf(s, 0, s.length)
    .map((c) => c.text)
    .join('');
}

interface LineRange {
  start: number;
  /** Exclusive, before the line break. */
  end: number;
  number: number;
}

function linesOf(text: string): LineRange[] {
  const lines: LineRange[] = [];
  let start = 0;
  let number = 1;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      const end = i > start && text[i - 1] === '\r' ? i - 1 : i;
      lines.push({ start, end, number: number++ });
      start = i + 1;
    }
  }
  return lines;
}

function clampSpan(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(length, Number.isFinite(span.start) ? span.start : 0));
  const end = Math.max(start, Math.min(length, Number.isFinite(span.end) ? span.end : length));
  return { start, end };
}

/**
 * The lines of `command` that `span` touches, each followed by an underline (`^` at the start
 * of the span, `~` after it). Without a span, the first lines of the command, plainly.
 */
export function excerpt(command: string, span: Span | undefined, width: number, paint: Paint, style: keyof typeof ANSI): string[] {
  const lines = linesOf(command);
  const multi = lines.length > 1;
  const gutterWidth = multi ? String(lines.length).length : 0;
  const gutter = (n?: number): string => (multi ? `${paint('dim', `${n === undefined ? ' '.repeat(gutterWidth) : String(n).padStart(gutterWidth)} |`)} ` : '');
  const textWidth = Math.max(20, width - (multi ? gutterWidth + 3 : 0));

  if (!span) {
    const shown = lines.slice(0, MAX_EXCERPT_LINES);
    const out = shown.map((l) => gutter(l.number) + fit(cellsOf(command, l.start, l.end), 0, 0, textWidth).text);
    if (lines.length > shown.length) out.push(`${gutter()}… ${plural(lines.length - shown.length, 'more line')}`);
    return out;
  }

  const s = clampSpan(span, command.length);
  let touched = lines.filter((l) => (s.start === s.end ? s.start >= l.start && s.start <= l.end + 1 : l.start < s.end && l.end + 1 > s.start));
  // A span that starts on a line break belongs to the next line, not the end of this one.
  if (touched.length > 1 && s.start >= touched[0].end) touched = touched.slice(1);
  if (touched.length === 0) touched = [lines[lines.length - 1]];
  let omitted = 0;
  if (touched.length > MAX_EXCERPT_LINES) {
    omitted = touched.length - (MAX_EXCERPT_LINES - 1);
    touched = [...touched.slice(0, MAX_EXCERPT_LINES - 2), touched[touched.length - 1]];
  }

  const out: string[] = [];
  touched.forEach((l, idx) => {
    if (omitted && idx === touched.length - 1) out.push(`${gutter()}${paint('dim', `… ${omitted} more lines`)}`);
    const cells = cellsOf(command, l.start, l.end);
    const from = Math.max(s.start, l.start);
    const to = Math.min(s.end, l.end);
    // Columns of the span on this line.
    let col = 0;
    let spanStartCol = -1;
    let spanEndCol = -1;
    for (const c of cells) {
      if (spanStartCol === -1 && c.end > from) spanStartCol = col;
      col += c.width;
      if (c.start < to) spanEndCol = col;
    }
    if (spanStartCol === -1) spanStartCol = col;
    if (spanEndCol < spanStartCol) spanEndCol = spanStartCol;
    const view = fit(cells, spanStartCol, spanEndCol, textWidth);
    out.push(gutter(l.number) + view.text);
    const a = Math.max(0, spanStartCol - view.offset);
    const b = Math.max(a + 1, Math.min(spanEndCol, view.offset + view.visibleWidth) - view.offset);
    const first = s.start >= l.start;
    const mark = (first ? '^' : '~') + '~'.repeat(Math.max(0, b - a - 1));
    out.push(gutter() + ' '.repeat(a + view.lead) + paint(style, mark));
  });
  return out;
}

/**
 * Cuts a line to `width` columns, keeping the columns [from, to) in view where possible.
 * Returns the text, the first column shown, how many columns are shown, and how wide the
 * leading ellipsis is.
 */
function fit(cells: Cell[], from: number, to: number, width: number): { text: string; offset: number; visibleWidth: number; lead: number } {
  const total = cells.reduce((n, c) => n + c.width, 0);
  if (total <= width) return { text: cells.map((c) => c.text).join(''), offset: 0, visibleWidth: total, lead: 0 };
  const room = width - 2;
  // Show some context before the span; when the span is wider than the room, start at it.
  let offset = Math.max(0, Math.min(from - Math.floor(room / 4), total - room));
  if (to - offset > room && from - offset > 8) offset = Math.max(0, from - 8);
  const lead = offset > 0 ? 1 : 0;
  const avail = room + 1 - lead;
  let col = 0;
  let text = '';
  let first = -1;
  let shown = 0;
  for (const c of cells) {
    const next = col + c.width;
    if (col >= offset && next - offset <= avail) {
      // A wide character straddling the cut moves the first shown column to the next cell.
      if (first === -1) first = col;
      text += c.text;
      shown = next - first;
    }
    col = next;
  }
  if (first === -1) first = offset;
  const tail = first + shown < total ? '…' : '';
  return { text: (lead ? '…' : '') + text + tail, offset: first, visibleWidth: shown, lead };
}
