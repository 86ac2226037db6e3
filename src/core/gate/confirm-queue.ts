/**
 * One confirmation dialog at a time. Requests that arrive while a dialog is open wait their turn;
 * the same command from the same folder waits on the dialog already queued for it instead of
 * opening another; a bounded queue and a bounded wait make a flood of risky commands end in
 * refusals, never in a storm of dialogs or a caller that waits forever.
 */
import type { ConfirmChoice } from './answer';

/** How a request ended without an answer from a person (see ConfirmOutcome in answer.ts). */
export type QueueOutcome = 'dismissed' | 'timeout' | 'queue-full' | 'cooldown' | 'abandoned';

export interface ConfirmQueueOptions<T, C extends string = ConfirmChoice> {
  /** Shows the dialog for `item`; resolves with the answer, or undefined when it was dismissed. */
  ask(item: T, signal: AbortSignal): Promise<C | undefined>;
  /** How long a person has to answer once the dialog shows (read at each dialog: settings change live). */
  timeoutMs(): number;
  /** Most requests queued or on screen at once; beyond that a request is refused at once. */
  maxPending?: number;
  /** Longest wait in the queue before the dialog shows; default twice the timeout. */
  maxQueueWaitMs?(): number;
  /** After a refusal, the same key is refused without a dialog for this long (an agent retrying in a loop). */
  cooldownMs?: number;
  now?(): number;
}

interface Waiter<C extends string> {
  resolve(outcome: C | QueueOutcome): void;
}

interface Entry<T, C extends string> {
  key: string;
  item: T;
  waiters: Set<Waiter<C>>;
  arrived: number;
  controller: AbortController;
}

/** Outcomes after which the same key is refused for a while (the terminal gate's "Don't run" included). */
const REFUSALS: ReadonlySet<string> = new Set(['dont-run', 'dismissed', 'timeout']);

export class ConfirmQueue<T, C extends string = ConfirmChoice> {
  private readonly entries = new Map<string, Entry<T, C>>();
  private readonly queued: Entry<T, C>[] = [];
  private active: Entry<T, C> | undefined;
  /** The on-screen dialog's time limit; cleared when it ends or the queue is disposed. */
  private activeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly cooldown = new Map<string, number>();
  private readonly maxPending: number;
  private readonly cooldownMs: number;
  private disposed = false;

  constructor(private readonly opts: ConfirmQueueOptions<T, C>) {
    this.maxPending = opts.maxPending ?? 32;
    this.cooldownMs = opts.cooldownMs ?? 10_000;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /** Requests queued or on screen. */
  get pending(): number {
    return this.entries.size;
  }

  /** True while a dialog is on screen (or the last one timed out and the next has not shown yet). */
  get showing(): boolean {
    return this.active !== undefined;
  }

  /** Whether a request for `key` now would reach a person (not refused by the cool-down or a full queue). */
  accepts(key: string): boolean {
    if (this.disposed) return false;
    const until = this.cooldown.get(key);
    if (until !== undefined && until > this.now()) return false;
    return this.entries.has(key) || this.entries.size < this.maxPending;
  }

  /** Asks a person about `item`; `key` identifies the same command (line and folder). */
  request(key: string, item: T, signal?: AbortSignal): Promise<C | QueueOutcome> {
    if (this.disposed) return Promise.resolve('abandoned');
    const until = this.cooldown.get(key);
    if (until !== undefined) {
      if (until > this.now()) return Promise.resolve('cooldown');
      this.cooldown.delete(key);
    }
    return new Promise<C | QueueOutcome>((resolve) => {
      let entry = this.entries.get(key);
      if (!entry) {
        if (this.entries.size >= this.maxPending) {
          resolve('queue-full');
          return;
        }
        entry = { key, item, waiters: new Set(), arrived: this.now(), controller: new AbortController() };
        this.entries.set(key, entry);
        this.queued.push(entry);
      }
      const waiter: Waiter<C> = { resolve };
      entry.waiters.add(waiter);
      if (signal) {
        const onAbort = (): void => this.leave(entry, waiter);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      this.pump();
    });
  }

  /** A caller went away: it hears 'abandoned'; a queued dialog nobody waits for any more is dropped. */
  private leave(entry: Entry<T, C>, waiter: Waiter<C>): void {
    if (!entry.waiters.delete(waiter)) return;
    waiter.resolve('abandoned');
    if (entry.waiters.size === 0 && entry !== this.active) {
      const i = this.queued.indexOf(entry);
      if (i >= 0) this.queued.splice(i, 1);
      this.entries.delete(entry.key);
      entry.controller.abort();
    }
  }

  private settle(entry: Entry<T, C>, outcome: C | QueueOutcome): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    if (REFUSALS.has(outcome) && this.cooldownMs > 0) {
      this.cooldown.set(entry.key, this.now() + this.cooldownMs);
      if (this.cooldown.size > 256) this.pruneCooldown();
    }
    for (const w of entry.waiters) w.resolve(outcome);
    entry.waiters.clear();
  }

  private pruneCooldown(): void {
    const now = this.now();
    for (const [k, until] of this.cooldown) if (until <= now) this.cooldown.delete(k);
    while (this.cooldown.size > 256) this.cooldown.delete(this.cooldown.keys().next().value!);
  }

  private pump(): void {
    if (this.active || this.disposed) return;
    const maxWait = this.opts.maxQueueWaitMs ? this.opts.maxQueueWaitMs() : 2 * this.opts.timeoutMs();
    let next: Entry<T, C> | undefined;
    while ((next = this.queued.shift())) {
      if (next.waiters.size === 0) {
        this.entries.delete(next.key);
        continue;
      }
      if (this.now() - next.arrived > maxWait) {
        this.settle(next, 'timeout');
        continue;
      }
      break;
    }
    if (!next) return;
    const entry = next;
    this.active = entry;
    let done = false;
    const finish = (outcome: C | QueueOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (this.activeTimer === timer) this.activeTimer = undefined;
      this.settle(entry, outcome);
      if (this.active === entry) this.active = undefined;
      this.pump();
    };
    const timer = setTimeout(() => finish('timeout'), Math.max(0, this.opts.timeoutMs()));
    this.activeTimer = timer;
    let asked: Promise<C | undefined>;
    try {
      asked = this.opts.ask(entry.item, entry.controller.signal);
    } catch {
      asked = Promise.resolve(undefined);
    }
    asked.then(
      (choice) => finish(choice ?? 'dismissed'),
      () => finish('dismissed'),
    );
  }

  /** Everyone still waiting hears 'abandoned' (their command does not run). */
  dispose(): void {
    this.disposed = true;
    // Nothing is left to time out: a pending timer would only keep the process alive.
    clearTimeout(this.activeTimer);
    this.activeTimer = undefined;
    for (const e of [...this.entries.values()]) {
      e.controller.abort();
      this.settle(e, 'abandoned');
    }
    this.queued.length = 0;
    this.active = undefined;
  }
}
