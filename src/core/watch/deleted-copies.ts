/**
 * Copies of deleted files, kept by event so that every deletion the editor saw can be restored from
 * its event (Restore in Recent Events) while its copy lasts: a deletion that raised nothing, and a
 * flagged one accepted or kept, as well as one still open. Bounded in bytes (the editor gives it a
 * quarter of blastRadius.baseline.maxTotalSizeMB): the oldest events' copies go first, and a file
 * larger than the whole budget is not kept. Keys are the files' URIs.
 */
export class DeletedCopies {
  /** Events oldest first (a Map keeps insertion order); each holds its files' bytes by key. */
  private readonly byEvent = new Map<string, Map<string, Uint8Array>>();
  private total = 0;

  constructor(private maxBytes: number) {}

  /** Changes the budget (a setting changed); drops the oldest copies when it shrank. */
  setLimit(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.trim();
  }

  /** Keeps `bytes` as the copy of `key` deleted in event `eventId`; false when it is over the whole budget. */
  keep(eventId: string, key: string, bytes: Uint8Array): boolean {
    if (bytes.length > this.maxBytes) return false;
    let files = this.byEvent.get(eventId);
    if (!files) this.byEvent.set(eventId, (files = new Map<string, Uint8Array>()));
    const old = files.get(key);
    this.total += bytes.length - (old?.length ?? 0);
    files.set(key, bytes);
    this.trim(eventId);
    return true;
  }

  /** The copies an event still has, by key (empty when none is left). */
  of(eventId: string): ReadonlyMap<string, Uint8Array> {
    return this.byEvent.get(eventId) ?? new Map<string, Uint8Array>();
  }

  has(eventId: string): boolean {
    return (this.byEvent.get(eventId)?.size ?? 0) > 0;
  }

  /** The copy was used (the file is back) or is no longer wanted. */
  drop(eventId: string, key?: string): void {
    const files = this.byEvent.get(eventId);
    if (!files) return;
    for (const [k, bytes] of [...files]) {
      if (key !== undefined && k !== key) continue;
      this.total -= bytes.length;
      files.delete(k);
    }
    if (!files.size) this.byEvent.delete(eventId);
  }

  /** The budget: a file larger than this is never kept as a copy. */
  get limit(): number {
    return this.maxBytes;
  }

  get bytes(): number {
    return this.total;
  }

  /** Drops whole events, oldest first, until the copies fit; `keepEvent`'s last are dropped last. */
  private trim(keepEvent?: string): void {
    for (const id of [...this.byEvent.keys()]) {
      if (this.total <= this.maxBytes) return;
      if (id !== keepEvent) this.drop(id);
    }
    if (this.total > this.maxBytes && keepEvent) {
      // The newest event alone is over the budget: its oldest files go.
      const files = this.byEvent.get(keepEvent);
      for (const k of files ? [...files.keys()] : []) {
        if (this.total <= this.maxBytes) return;
        this.drop(keepEvent, k);
      }
    }
  }
}
