/**
 * At most one notification of a kind on screen at a time. What arrives meanwhile is folded into one
 * summary shown after it, so an agent running twenty risky commands does not bury the editor.
 *
 * It is handed how to show a warning (`vscode.window.showWarningMessage`) rather than importing the
 * editor, so the unit tests drive it with a stand-in.
 */

/**
 * A notification left alone hides itself after a while without settling its promise; after this
 * long it no longer counts as on screen, so the next one is not held back forever.
 */
export const ON_SCREEN_MS = 15_000;

export interface Notice {
  text: string;
  buttons?: string[];
  /** Runs with the button chosen; undefined when the notification was closed. */
  then?(choice: string | undefined): unknown;
}

export interface LimiterHost {
  /** Shows a warning with these buttons; settles with the button chosen (undefined when closed). */
  showWarning(text: string, ...buttons: string[]): PromiseLike<string | undefined>;
  /** Wraps a callback so that its failure is logged, never thrown at the editor (State.guard). */
  guard<A extends unknown[]>(what: string, f: (...args: A) => unknown): (...args: A) => void;
  /** Runs `f` after `ms` unless cancelled; setTimeout unless a test stands in. */
  schedule?(f: () => void, ms: number): () => void;
}

export class NotificationLimiter<T> {
  private onScreen = false;
  private missed: T[] = [];

  /** `summary` words what arrived while one was on screen (oldest first); `what` names its callbacks in the log. */
  constructor(
    private readonly host: LimiterHost,
    private readonly what: string,
    private readonly summary: (missed: T[]) => Notice,
  ) {}

  /** Shows `notice` now, or counts `item` into the summary shown after the one on screen. */
  show(notice: Notice, item: T): void {
    if (this.onScreen) {
      this.missed.push(item);
      return;
    }
    this.onScreen = true;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      cancel();
      this.onScreen = false;
      this.showMissed();
    };
    const cancel = this.schedule(release, ON_SCREEN_MS);
    this.host.showWarning(notice.text, ...(notice.buttons ?? [])).then(
      this.host.guard(this.what, (choice: string | undefined) => {
        release();
        return notice.then?.(choice);
      }),
      release,
    );
  }

  private schedule(f: () => void, ms: number): () => void {
    if (this.host.schedule) return this.host.schedule(f, ms);
    const timer = setTimeout(f, ms);
    return () => clearTimeout(timer);
  }

  private showMissed(): void {
    if (!this.missed.length) return;
    const missed = this.missed.splice(0);
    this.show(this.summary(missed), missed[missed.length - 1]);
  }
}
