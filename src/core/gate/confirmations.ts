/**
 * Commands a person just confirmed in the confirm gate (Run once, Always allow). What such a
 * command then does on disk (`rm -rf src` deleting src) was already answered for: the watchers
 * record it as allowed instead of asking a second time. Only files under the command's working
 * folder count, and only for a short while after the answer.
 */
import { isInside } from '../workspace-root';

/** How long after a confirmation its command's effects on disk count as confirmed. */
export const CONFIRMED_WINDOW_MS = 60_000;
const MAX_KEPT = 32;

export interface Confirmation {
  command: string;
  /** The folder the command ran in (absolute, as the platform writes paths). */
  cwd: string;
  at: number;
}

export class Confirmations {
  private readonly items: Confirmation[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  add(command: string, cwd: string | undefined): void {
    // Without a folder there is nothing to scope the confirmation to: it covers nothing.
    if (!cwd) return;
    this.items.push({ command, cwd, at: this.now() });
    if (this.items.length > MAX_KEPT) this.items.splice(0, this.items.length - MAX_KEPT);
  }

  /** The recent confirmation whose folder holds every one of `paths`, if any. */
  covering(paths: readonly string[]): Confirmation | undefined {
    if (!paths.length) return undefined;
    const since = this.now() - CONFIRMED_WINDOW_MS;
    for (let i = this.items.length - 1; i >= 0; i--) {
      const c = this.items[i];
      if (c.at < since) break;
      if (paths.every((p) => isInside(p, c.cwd))) return c;
    }
    return undefined;
  }
}
