/**
 * The last known text of a document, kept in step with typing at constant cost per keystroke.
 *
 * Splicing each keystroke into a string would copy the whole text every time (V8 flattens a
 * concatenated string on the next slice), so typed changes are only recorded; they are applied
 * together, through a piece table, when the text is needed or when enough have piled up.
 */

/** One change as VS Code reports it: replace `length` characters at `offset` with `text`. */
export interface TextSplice {
  offset: number;
  length: number;
  text: string;
}

/**
 * Recorded changes are applied together once this many have piled up; for large texts more
 * (one per KB, up to MAX_COMPACT_AFTER), since every compaction copies the whole text once.
 */
export const COMPACT_AFTER = 256;
export const MAX_COMPACT_AFTER = 2048;

export class TextBaseline {
  private base: string;
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private readonly texts: string[] = [];

  constructor(text: string) {
    this.base = text;
  }

  /** Records a change made to the document (offsets into the text as it was just before it). */
  splice(offset: number, length: number, text: string): void {
    this.offsets.push(offset);
    this.lengths.push(length);
    this.texts.push(text);
    if (this.offsets.length >= this.limit) this.compact();
  }

  private get limit(): number {
    return Math.min(MAX_COMPACT_AFTER, Math.max(COMPACT_AFTER, this.base.length >> 10));
  }

  /** Number of changes recorded but not yet applied. */
  get pendingCount(): number {
    return this.offsets.length;
  }

  /** The text with every recorded change applied. */
  text(): string {
    if (this.offsets.length) this.compact();
    return this.base;
  }

  /** Replaces the text and forgets recorded changes. */
  reset(text: string): void {
    this.base = text;
    this.offsets.length = 0;
    this.lengths.length = 0;
    this.texts.length = 0;
  }

  private compact(): void {
    const edits: TextSplice[] = [];
    for (let i = 0; i < this.offsets.length; i++) edits.push({ offset: this.offsets[i], length: this.lengths[i], text: this.texts[i] });
    this.base = applySplices(this.base, edits);
    this.offsets.length = 0;
    this.lengths.length = 0;
    this.texts.length = 0;
  }
}

interface Piece {
  src: string;
  start: number;
  len: number;
  /** Text typed during this compaction: a keystroke right after it is appended to it. */
  typed?: boolean;
}

/** Typed pieces grow by appending keystrokes up to this length, which keeps the piece count low. */
const MERGE_LIMIT = 1024;

/**
 * Applies changes in order, each with offsets into the text left by the ones before it (which is
 * how VS Code reports the changes of one event and of successive events). Offsets out of range
 * are clamped rather than thrown on. A piece table: O(k·p + n) for k changes, p pieces and n
 * characters, where consecutive keystrokes share one piece.
 */
export function applySplices(text: string, edits: readonly TextSplice[]): string {
  if (edits.length === 0) return text;
  if (edits.length === 1) {
    const e = edits[0];
    const start = clamp(e.offset, 0, text.length);
    const end = clamp(start + Math.max(0, e.length), start, text.length);
    return text.slice(0, start) + e.text + text.slice(end);
  }
  const pieces: Piece[] = text.length ? [{ src: text, start: 0, len: text.length }] : [];
  let total = text.length;
  for (const e of edits) {
    const start = clamp(e.offset, 0, total);
    const end = clamp(start + Math.max(0, e.length), start, total);
    // Find the piece holding `start`, and split it there so a piece boundary falls on `start`.
    let i = 0;
    let pos = 0;
    while (i < pieces.length && pos + pieces[i].len <= start) pos += pieces[i++].len;
    if (i < pieces.length && start > pos) {
      const p = pieces[i];
      const left = start - pos;
      pieces.splice(i, 1, { ...p, len: left }, { ...p, start: p.start + left, len: p.len - left });
      i++;
    }
    // Remove [start, end).
    let remove = end - start;
    let j = i;
    while (remove > 0 && j < pieces.length) {
      const p = pieces[j];
      if (p.len <= remove) {
        remove -= p.len;
        j++;
      } else {
        pieces[j] = { ...p, start: p.start + remove, len: p.len - remove };
        remove = 0;
      }
    }
    if (j > i) pieces.splice(i, j - i);
    // Insert, appending to the piece typed just before when there is one.
    if (e.text) {
      const prev = i > 0 ? pieces[i - 1] : undefined;
      if (prev?.typed && prev.len < MERGE_LIMIT) {
        const src = prev.src.slice(prev.start, prev.start + prev.len) + e.text;
        pieces[i - 1] = { src, start: 0, len: src.length, typed: true };
      } else pieces.splice(i, 0, { src: e.text, start: 0, len: e.text.length, typed: true });
    }
    total += e.text.length - (end - start);
  }
  const parts: string[] = [];
  for (const p of pieces) parts.push(p.start === 0 && p.len === p.src.length ? p.src : p.src.slice(p.start, p.start + p.len));
  return parts.join('');
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
