/**
 * The fast path for typing: turns a VS Code change event into the numbers `classifyChange`
 * reads, in constant work per change (a keystroke's text is short; a long text is only scanned
 * until its second newline), and records typed changes into the baseline.
 */
import { type ChangeShape, changesAtCursor } from './classify';
import type { TextBaseline } from './text-baseline';

/** The fields of `TextDocumentContentChangeEvent` the fast path reads. */
export interface ContentChangeLike {
  readonly range: { readonly start: { readonly line: number }; readonly end: { readonly line: number } };
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/** Newlines in `text`, counting no further than two (classification only asks "more than one?"). */
export function newlinesUpToTwo(text: string): number {
  const a = text.indexOf('\n');
  if (a === -1) return 0;
  return text.indexOf('\n', a + 1) === -1 ? 1 : 2;
}

export function shapeOf(
  changes: readonly ContentChangeLike[],
  inActiveEditor: boolean,
  windowFocused: boolean,
  reason?: 'undo' | 'redo',
  reloadedFromDisk?: boolean,
  cursorLines?: readonly number[],
): ChangeShape {
  const out: ChangeShape['changes'][number][] = [];
  // More than eight ranges is bulk whatever they hold: nine described ones say so.
  const n = Math.min(changes.length, 9);
  for (let i = 0; i < n; i++) {
    const c = changes[i];
    out.push({ rangeLength: c.rangeLength, rangeLineSpan: c.range.end.line - c.range.start.line, textLength: c.text.length, newlines: newlinesUpToTwo(c.text) });
  }
  const shape: ChangeShape = { changes: out, inActiveEditor, windowFocused, ...(reason ? { reason } : {}), ...(reloadedFromDisk ? { reloadedFromDisk } : {}) };
  if (cursorLines && n <= 8) {
    shape.atCursor = changesAtCursor(
      changes.slice(0, n).map((c, i) => ({ startLine: c.range.start.line, endLine: c.range.end.line, newlines: out[i].newlines })),
      cursorLines,
    );
  }
  return shape;
}

/** Applies a typed event's changes to the baseline, in the order VS Code reports them. */
export function recordTyped(baseline: TextBaseline, changes: readonly ContentChangeLike[]): void {
  for (const c of changes) baseline.splice(c.rangeOffset, c.rangeLength, c.text);
}
