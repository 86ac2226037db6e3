/**
 * Telling VS Code's reloads from edits. VS Code replaces an open document's content with the file
 * on disk when the user reverts it (File: Revert, discarding unsaved changes) and when another
 * process writes the file while the document has no unsaved changes. The change event of such a
 * reload looks like any other edit; the dirty flags that come with the events tell them apart:
 *
 * - A revert clears the dirty flag before it loads the file, so its change event finds a document
 *   that was dirty already clean. No edit does that (only undo and redo can bring a document back
 *   to its saved state, and VS Code says when a change is one of those).
 * - A change to a clean document is an edit or a reload, and the flag that comes with it is stale
 *   (VS Code reports "now dirty" just after the change). After an edit that report arrives before
 *   anything else can happen to the document; after a reload it never comes. So a change that still
 *   finds the document clean after an earlier change to a clean one proves the earlier one was a
 *   reload, and one that finds it dirty proves it was an edit.
 *
 * Without this, a reload and an agent edit that follows it within the quiet period were judged as
 * one net change, and an agent removing what the reload had just brought back went unflagged.
 * Constant work per event: it runs on the typing fast path. Plain data.
 */

/** What a content change says about the document's content. */
export type ChangeSignal =
  /** The change replaced a dirty document's content with the file on disk: a revert. */
  | 'reverted'
  /** The change before this one was a reload from disk, and it is over: this change is something new. */
  | 'after-reload'
  | undefined;

/**
 * The text a document showed after a change that may have been a reload, kept so that the reload
 * can be judged on its own when more changes follow. Resolved by later events: `reload` once it
 * is proven, `edit` once the document turned out dirty.
 */
export interface ReloadCandidate {
  readonly text: string;
  status: 'maybe' | 'reload' | 'edit';
}

/** Follows one document's dirty flag across its change events. */
export class ReloadDetector {
  private dirty: boolean;
  /** The last content change found a clean document and left it clean (so far). */
  private cleanChange = false;
  private candidate: ReloadCandidate | undefined;

  constructor(dirty: boolean) {
    this.dirty = dirty;
  }

  /** An event that only changed the dirty flag. */
  dirtyChanged(dirty: boolean): void {
    this.dirty = dirty;
    if (dirty) {
      this.cleanChange = false;
      this.settleCandidate(false);
    }
  }

  /** A content change, with the dirty flag that came with it and the reason VS Code gave (undo or redo). */
  contentChanged(dirty: boolean, reason?: 'undo' | 'redo'): ChangeSignal {
    const wasDirty = this.dirty;
    const afterCleanChange = this.cleanChange;
    this.dirty = dirty;
    this.cleanChange = !wasDirty && !dirty && !reason;
    // Whatever this change is, arriving while the document is still clean proves the last one a reload.
    const signal: ChangeSignal = afterCleanChange ? 'after-reload' : wasDirty && !dirty && !reason ? 'reverted' : undefined;
    this.settleCandidate(signal === 'after-reload');
    return signal;
  }

  /** The last change may have been a reload: nothing has shown it to be an edit yet. */
  get mayBeReload(): boolean {
    return this.cleanChange;
  }

  /**
   * Keeps the text the document shows after the last change while that change may be a reload;
   * undefined when it cannot be one. Call it only where a change is judged (not for typing):
   * taking the text costs a copy of the document.
   */
  keep(text: () => string): ReloadCandidate | undefined {
    if (!this.cleanChange) return undefined;
    if (!this.candidate) this.candidate = { text: text(), status: 'maybe' };
    return this.candidate;
  }

  private settleCandidate(reload: boolean): void {
    if (!this.candidate) return;
    this.candidate.status = reload ? 'reload' : 'edit';
    this.candidate = undefined;
  }
}
