/**
 * The rewind history: earlier contents of files, byte for byte, by the hash of their bytes, so that
 * Rewind can put a file back to what it held at any step the timeline still lists. The same bytes
 * are kept once however many steps name them (a file rewritten back and forth, fifty files with the
 * same licence header). Bounded in total bytes by a number the user sets
 * (`blastRadius.rewind.maxHistoryMB`): past it, the contents least recently kept go first, and a
 * step naming them is told apart ("dropped") from one whose content was never seen.
 *
 * Pure: the caller hands in the hash function (node:crypto in the adapter).
 */

export interface HistoryFigures {
  /** Distinct contents kept. */
  contents: number;
  /** Their bytes, in total. */
  bytes: number;
  /** Contents dropped to stay within the bound since the history began. */
  dropped: number;
}

export class ContentHistory {
  /** Oldest kept first (a content kept again moves to the end). */
  private readonly blobs = new Map<string, Uint8Array>();
  /** Ids dropped to stay within the bound (bounded too: only to word the preview). */
  private readonly gone = new Set<string>();
  private total = 0;
  private droppedCount = 0;

  constructor(
    private readonly hash: (bytes: Uint8Array) => string,
    /** The bound in bytes, read on every call so a settings change applies at once. */
    private readonly maxBytes: () => number,
  ) {}

  /**
   * Keeps `bytes` and returns their id; undefined when they alone are over the bound (they are not
   * kept, and nothing else is dropped for them).
   */
  keep(bytes: Uint8Array): string | undefined {
    const id = this.hash(bytes);
    const old = this.blobs.get(id);
    if (old) {
      // Kept again: the newest use decides when it goes.
      this.blobs.delete(id);
      this.blobs.set(id, old);
      return id;
    }
    const max = this.maxBytes();
    if (bytes.length > max) return undefined;
    // A copy: the caller's buffer may be reused or changed later.
    this.blobs.set(id, bytes.slice());
    this.gone.delete(id);
    this.total += bytes.length;
    this.shrink(max);
    return id;
  }

  get(id: string): Uint8Array | undefined {
    return this.blobs.get(id);
  }

  has(id: string): boolean {
    return this.blobs.has(id);
  }

  /** The content was kept once and dropped to stay within the bound. */
  wasDropped(id: string): boolean {
    return this.gone.has(id);
  }

  /** Contents the steps of an earlier window name: their bytes stayed with that window (bounded: only to word the preview). */
  private readonly earlier = new Set<string>();

  /** The steps brought back from the last window name these contents. */
  rememberEarlier(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.earlier.size >= 100_000) break;
      this.earlier.add(id);
    }
  }

  /** The content was kept in an earlier window and is not kept in this one. */
  fromEarlierWindow(id: string): boolean {
    return this.earlier.has(id) && !this.blobs.has(id);
  }

  figures(): HistoryFigures {
    return { contents: this.blobs.size, bytes: this.total, dropped: this.droppedCount };
  }

  /** Drops the oldest contents until the total is within `max` (a lowered setting applies at the next keep). */
  shrink(max = this.maxBytes()): void {
    for (const [id, bytes] of this.blobs) {
      if (this.total <= max) break;
      this.blobs.delete(id);
      this.total -= bytes.length;
      this.droppedCount++;
      if (this.gone.size >= 100_000) this.gone.clear();
      this.gone.add(id);
    }
  }
}
