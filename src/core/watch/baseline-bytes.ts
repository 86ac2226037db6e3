/**
 * The bytes of the baseline store (src/extension/baseline-store.ts), with its bounds: a file over
 * the per-file cap gets no baseline, and once the total cap is reached further files get none; a
 * pinned baseline (an open flagged change's) is never refused or dropped by a cap. Pure, so the
 * bench (bench/rewind-bench.ts) measures the same accounting the editor runs.
 */

/** Why a baseline was refused: the file alone is over the per-file cap, or the total cap is reached. */
export type Refusal = { kind: 'file'; key: string; size: number } | { kind: 'total'; key: string };

export class BaselineBytes {
  private readonly entries = new Map<string, Uint8Array>();
  private readonly pinned = new Set<string>();
  private sum = 0;

  constructor(
    /** The caps in bytes, read on every call so a settings change applies at once. */
    private readonly caps: () => { file: number; total: number },
    private readonly refused: (r: Refusal) => void = () => undefined,
  ) {}

  get(key: string): Uint8Array | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keeps the bytes as the file's baseline. False when a cap says no (a file over its cap loses its old one). */
  set(key: string, bytes: Uint8Array): boolean {
    const caps = this.caps();
    const old = this.entries.get(key);
    if (bytes.length > caps.file && !this.pinned.has(key)) {
      this.refused({ kind: 'file', key, size: bytes.length });
      this.delete(key);
      return false;
    }
    const total = this.sum - (old?.length ?? 0) + bytes.length;
    if (total > caps.total && !this.pinned.has(key)) {
      this.refused({ kind: 'total', key });
      return false;
    }
    this.entries.set(key, bytes);
    this.sum = total;
    return true;
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old) this.sum -= old.length;
    this.entries.delete(key);
    this.pinned.delete(key);
  }

  /** Pins the key's baseline (replacing its bytes when given): caps never drop it. */
  pin(key: string, bytes?: Uint8Array): void {
    this.pinned.add(key);
    if (bytes) {
      const old = this.entries.get(key);
      this.sum += bytes.length - (old?.length ?? 0);
      this.entries.set(key, bytes);
    }
  }

  unpin(key: string): void {
    this.pinned.delete(key);
  }

  /** Bytes kept, in total. */
  get total(): number {
    return this.sum;
  }

  /** Files with a baseline. */
  get size(): number {
    return this.entries.size;
  }
}
