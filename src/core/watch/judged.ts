/**
 * What was already decided about a change, keyed by the (baseline, text) pair. Undo and redo
 * bring back texts that were judged before; the verdict then stands instead of a new event.
 * Bounded: the oldest pairs are forgotten first.
 */
export type Verdict = { kind: 'flagged'; eventId: string } | { kind: 'accepted' } | { kind: 'clean' };

export class JudgedMemory {
  private readonly map = new Map<string, Verdict>();

  constructor(readonly limit = 2000) {}

  static key(beforeHash: string, afterHash: string): string {
    return `${beforeHash}>${afterHash}`;
  }

  get(beforeHash: string, afterHash: string): Verdict | undefined {
    const k = JudgedMemory.key(beforeHash, afterHash);
    const v = this.map.get(k);
    if (v) {
      // Refresh so that pairs in use are the last to be forgotten.
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }

  set(beforeHash: string, afterHash: string, verdict: Verdict): void {
    const k = JudgedMemory.key(beforeHash, afterHash);
    this.map.delete(k);
    this.map.set(k, verdict);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}
