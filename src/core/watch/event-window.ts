/**
 * Groups events that arrive close together into one step: a window opens with the first event,
 * stays open while events keep coming within `quietMs` of each other, and closes at the latest
 * `maxMs` after it opened. A CLI agent deleting a folder produces dozens of events in a few
 * milliseconds; they are judged as one batch. Plain data; the caller owns the clock and timers.
 */
export class EventWindow<T> {
  private readonly items = new Map<string, T>();
  private first = 0;
  private last = 0;

  constructor(readonly quietMs: number, readonly maxMs: number) {}

  /** Adds (or replaces) the event for `key`. */
  add(key: string, item: T, now: number): void {
    if (this.items.size === 0) this.first = now;
    this.last = now;
    this.items.set(key, item);
  }

  get size(): number {
    return this.items.size;
  }

  /** When the open window closes, or undefined when nothing is waiting. */
  dueAt(): number | undefined {
    if (this.items.size === 0) return undefined;
    return Math.min(this.last + this.quietMs, this.first + this.maxMs);
  }

  /** The events of the window when it has closed at `now` (or at once when forced); empties it. */
  take(now: number, force = false): T[] | undefined {
    const due = this.dueAt();
    if (due === undefined || (!force && now < due)) return undefined;
    const out = [...this.items.values()];
    this.items.clear();
    return out;
  }

  /** Time the window opened (ms), 0 when empty. */
  get openedAt(): number {
    return this.items.size ? this.first : 0;
  }
}
