/**
 * Undoing part of a change: the hunks of the line diff between the baseline and the current
 * text, which of them a finding touches, and the text with those hunks put back. Reverting every
 * hunk gives the baseline itself, character for character.
 */
import { diffLines, type Hunk } from '../edit/diff';
import { LineIndex } from '../edit/text';
import type { Range } from '../edit/types';

export interface HunkRevert {
  text: string;
  /** Hunks put back, and how many there were. */
  reverted: number;
  total: number;
}

/**
 * The hunks touched by a finding: by its range in the current text (a hunk that removed lines
 * touches the lines on either side of the gap) or by where the removed text was in the baseline.
 */
export function touchedHunks(hunks: readonly Hunk[], range?: Range, removedRange?: Range): Hunk[] {
  return hunks.filter((h) => {
    if (range) {
      const from = range.start.line;
      const to = Math.max(range.end.line, from);
      const lo = h.afterStart === h.afterEnd ? h.afterStart - 1 : h.afterStart;
      const hi = h.afterStart === h.afterEnd ? h.afterStart : h.afterEnd - 1;
      if (from <= hi && to >= lo) return true;
    }
    if (removedRange && h.beforeEnd > h.beforeStart) {
      if (removedRange.start.line < h.beforeEnd && Math.max(removedRange.end.line, removedRange.start.line) >= h.beforeStart) return true;
    }
    return false;
  });
}

/**
 * Puts back the hunks a finding touches; all of them when it touches none or no range is given
 * (a finding on a resource header, for example, sits above the lines that were removed).
 */
export function revertHunks(before: string, after: string, range?: Range, removedRange?: Range): HunkRevert {
  const diff = diffLines(before, after);
  const total = diff.hunks.length;
  if (total === 0) return { text: before, reverted: 0, total };
  const picked = range || removedRange ? touchedHunks(diff.hunks, range, removedRange) : [];
  if (picked.length === 0 || picked.length === total) return { text: before, reverted: total, total };
  const bi = new LineIndex(before);
  const ai = new LineIndex(after);
  const parts: string[] = [];
  let at = 0;
  for (const h of picked) {
    const aStart = ai.lineStart(h.afterStart);
    const aEnd = ai.lineStart(h.afterEnd);
    parts.push(after.slice(at, aStart), before.slice(bi.lineStart(h.beforeStart), bi.lineStart(h.beforeEnd)));
    at = aEnd;
  }
  parts.push(after.slice(at));
  return { text: parts.join(''), reverted: picked.length, total };
}

/** The smallest single replacement that turns `a` into `b`: offsets into `a`. */
export function minimalReplace(a: string, b: string): { start: number; end: number; text: string } {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  // Never split a CRLF pair or a surrogate pair at the edges.
  while (p > 0 && (a.charCodeAt(p - 1) === 13 || isHighSurrogate(a.charCodeAt(p - 1)))) p--;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  while (s > 0 && (a.charCodeAt(a.length - s) === 10 || isLowSurrogate(a.charCodeAt(a.length - s)))) s--;
  return { start: p, end: a.length - s, text: b.slice(p, b.length - s) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
