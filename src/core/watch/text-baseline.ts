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

/** Recorded changes are applied together once this many have piled up. */
export const COMPACT_AFTER = 256;

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
    if (this.offsets.length >= COMPACT_AFTER) this.compact();
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
}

/**
 * Applies changes in order, each with offsets into the text left by the ones before it (which is
 * how VS Code reports the changes of one event and of successive events). Offsets out of range
 * are clamped rather than thrown on. O(k² + n) for k changes over n characters.
 */
export function applySplices(text: string, edits: readonly TextSplice[]): string {
  if (edits.length === 0) return text;
  if (edits.length === 1) {
    const e = edits[0];
    const start = clamp(e.offset, 0, text.length);
    const end = clamp(start + Math.max(0, e.length), start, text.length);
    return text.slice(0, start) + e.text + text.slice(end);
  }
  let pieces: Piece[] = text.length ? [{ src: text, start: 0, len: text.length }] : [];
  let total = text.length;
  for (const e of edits) {
    const start = clamp(e.offset, 0, total);
    const end = clamp(start + Math.max(0, e.length), start, total);
    const next: Piece[] = [];
    let pos = 0;
    let inserted = false;
    for (const p of pieces) {
      const pEnd = pos + p.len;
      // Keep the part of the piece before the replaced range.
      if (pos < start) next.push(start >= pEnd ? p : { src: p.src, start: p.start, len: start - pos });
      if (!inserted && pEnd >= start) {
        if (e.text) next.push({ src: e.text, start: 0, len: e.text.length });
        inserted = true;
      }
      // Keep the part of the piece after the replaced range.
      if (pEnd > end) {
        const from = Math.max(end, pos);
        next.push(from === pos ? p : { src: p.src, start: p.start + (from - pos), len: pEnd - from });
      }
      pos = pEnd;
    }
    if (!inserted && e.text) next.push({ src: e.text, start: 0, len: e.text.length });
    pieces = next;
    total += e.text.length - (end - start);
  }
  const parts: string[] = [];
  for (const p of pieces) parts.push(p.start === 0 && p.len === p.src.length ? p.src : p.src.slice(p.start, p.start + p.len));
  return parts.join('');
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
