/**
 * The editor's side of edit watching: every change to an open document goes to the ledger.
 *
 * Typing takes a fast path: the change is only recorded into the baseline (no diff, no scoring).
 * Everything else waits for the document to be quiet and is then judged as one net change. When
 * VS Code puts the file's content back into a document (a revert, or a reload after another
 * process wrote the file; told apart from edits by the dirty flags, see core/watch/reload.ts), that
 * content is the baseline for the changes that follow, so an edit right after it is never judged
 * together with it.
 */
import * as vscode from 'vscode';
import { classifyChange } from '../core/watch/classify';
import { ReloadDetector } from '../core/watch/reload';
import { TextBaseline } from '../core/watch/text-baseline';
import { recordTyped, shapeOf } from '../core/watch/typing';
import { decodeText, isBinary } from './baseline-store';
import { ATTRIBUTION_DISK_WRITE, type EditLedger, type Tracked } from './edit-ledger';
import { WATCHED_SCHEMES } from './edit-paths';
import type { State } from './state';

const ATTRIBUTION_TYPED_AFTER_FLAG = 'typed after a flagged change';

export class EditDocuments implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ownDepth = 0;

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    state.own(
      vscode.workspace.onDidOpenTextDocument(state.guard('document opened', (doc: vscode.TextDocument) => this.opened(doc))),
      vscode.workspace.onDidCloseTextDocument(state.guard('document closed', (doc: vscode.TextDocument) => this.closed(doc))),
      vscode.workspace.onDidChangeTextDocument(state.guard('document changed', (e: vscode.TextDocumentChangeEvent) => this.changed(e))),
      vscode.workspace.onDidSaveTextDocument(state.guard('document saved', (doc: vscode.TextDocument) => this.saved(doc))),
    );
    for (const doc of vscode.workspace.textDocuments) this.opened(doc);
  }

  private opened(doc: vscode.TextDocument): void {
    if (!WATCHED_SCHEMES.has(doc.uri.scheme) || this.ledger.paths.isIgnored(doc.uri)) return;
    const key = doc.uri.toString();
    const existing = this.ledger.tracked.get(key);
    if (existing) {
      existing.doc = doc;
      existing.reloads = new ReloadDetector(doc.isDirty);
      if (existing.eventId) existing.diverged = true;
      return;
    }
    const last = doc.lineAt(doc.lineCount - 1).range.end;
    if (doc.offsetAt(last) > this.ledger.store.maxFileBytes) {
      this.ledger.once(`large-doc:${key}`, `not watching edits to ${doc.uri.fsPath}: larger than blastRadius.baseline.maxFileSizeKB`);
      return;
    }
    // What the editor shows when it opens is the baseline, dirty or not: a change that was
    // already unsaved when the window opened is the user's, restored by VS Code.
    this.ledger.tracked.set(key, { uri: doc.uri, key, base: new TextBaseline(doc.getText()), absent: false, doc, diverged: false, pending: undefined, eventId: undefined, findings: [], attribution: '', ownEdits: 0, reloads: new ReloadDetector(doc.isDirty) });
  }

  private closed(doc: vscode.TextDocument): void {
    const t = this.ledger.tracked.get(doc.uri.toString());
    if (!t || t.doc !== doc) return;
    t.doc = undefined;
    t.pending = undefined;
    if (!t.eventId) {
      this.ledger.tracked.delete(t.key);
      return;
    }
    // Closing a document may discard the flagged text: judge what is on disk now.
    this.ledger.enqueue('closed document', () => this.ledger.rejudgeFromDisk(t));
  }

  /** The hot path: runs for every keystroke. */
  private changed(e: vscode.TextDocumentChangeEvent): void {
    const t = this.ledger.tracked.get(e.document.uri.toString());
    if (!t || t.doc !== e.document) return;
    const doc = e.document;
    if (e.contentChanges.length === 0) {
      // Only the dirty state changed.
      t.reloads.dirtyChanged(doc.isDirty);
      if (t.pending && doc.isDirty) t.pending.sawDirty = true;
      return;
    }
    const reason = e.reason === vscode.TextDocumentChangeReason.Undo ? 'undo' : e.reason === vscode.TextDocumentChangeReason.Redo ? 'redo' : undefined;
    const signal = t.reloads.contentChanged(doc.isDirty, reason);
    if (t.ownEdits > 0) return;
    if (this.ownDepth > 0) {
      // Our own settings write: the new text is the baseline.
      if (!t.diverged && t.base) recordTyped(t.base, e.contentChanges);
      return;
    }
    if (signal === 'reverted') {
      this.reverted(t, doc);
      return;
    }
    if (signal === 'after-reload' && t.pending?.reload?.status === 'reload') {
      // The change held so far was VS Code reloading the file; this one is new. Judge them apart,
      // the reload now, so that this change is judged against what the reload brought.
      const p = t.pending;
      t.pending = undefined;
      this.state.log.debug(`${this.ledger.relativePath(t.uri)}: reloaded from disk, then changed again; judging the two apart`);
      this.ledger.enqueue('reloaded document', () => this.ledger.judgeDocument(t, p));
    }
    const active = vscode.window.activeTextEditor;
    const inActive = active?.document === doc;
    // Typing happens at a cursor: a small edit elsewhere in the focused file is an agent's.
    const cursorLines = inActive && e.contentChanges.length <= 8 ? active.selections.map((sel) => sel.active.line) : undefined;
    const c = classifyChange(shapeOf(e.contentChanges, inActive, vscode.window.state.focused, reason, undefined, cursorLines));
    if (c.typing && !t.diverged && t.base) {
      recordTyped(t.base, e.contentChanges);
      return;
    }
    if (!this.state.config.settings.watchEdits) {
      // Not judging edits: keep the baseline as the document, as typing does.
      if (!t.diverged && t.base) recordTyped(t.base, e.contentChanges);
      else if (t.base) t.base.reset(doc.getText());
      return;
    }
    t.diverged = true;
    const now = Date.now();
    if (!t.pending) t.pending = { since: now, last: now, attribution: c.typing ? t.attribution || ATTRIBUTION_TYPED_AFTER_FLAG : c.attribution, sawDirty: !!reason };
    else {
      t.pending.last = now;
      if (doc.isDirty) t.pending.sawDirty = true;
      if (!c.typing && (t.pending.attribution === ATTRIBUTION_TYPED_AFTER_FLAG || t.pending.attribution === t.attribution)) t.pending.attribution = c.attribution;
    }
    if (t.reloads.mayBeReload) t.pending.reload = t.reloads.keep(() => doc.getText());
    if (!this.timer) this.arm(this.quietMs());
  }

  private saved(doc: vscode.TextDocument): void {
    const t = this.ledger.tracked.get(doc.uri.toString());
    if (!t || t.diverged || !t.base) return;
    // A document in step with its baseline was saved: its bytes on disk are the new baseline.
    const text = doc.getText();
    this.ledger.enqueue('saved document', async () => {
      const r = await this.ledger.store.read(doc.uri);
      if (r.kind === 'text' && r.text === text) this.ledger.store.set(doc.uri, r.bytes);
    });
  }

  private quietMs(): number {
    return this.state.config.settings.quietPeriodMs;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dispatchDue(false);
    }, ms);
  }

  /** Queues the documents that have been quiet long enough (all of them when forced). */
  private dispatchDue(force: boolean): boolean {
    const now = Date.now();
    const quiet = this.quietMs();
    let next = Infinity;
    let any = false;
    for (const t of this.ledger.tracked.values()) {
      if (!t.pending) continue;
      const due = t.pending.last + quiet;
      if (force || due <= now) {
        const p = t.pending;
        t.pending = undefined;
        any = true;
        this.ledger.enqueue('edit', () => this.ledger.judgeDocument(t, p));
      } else next = Math.min(next, due);
    }
    if (next !== Infinity && !this.timer) this.arm(Math.max(10, next - now));
    return any;
  }

  /**
   * VS Code put the file's content back into a document that had unsaved changes (File: Revert,
   * discarding changes): the unsaved changes are gone, and nothing was written. The document's text
   * is its baseline at once, so that an edit right after it is judged on its own.
   */
  private reverted(t: Tracked, doc: vscode.TextDocument): void {
    t.pending = undefined;
    if (t.eventId) {
      // An open flagged change: what is left of it is judged now, against its own baseline.
      t.diverged = true;
      this.ledger.enqueue('reverted document', () => {
        if (t.doc === doc && !doc.isClosed && t.ownEdits === 0) this.ledger.judgeFile(t, doc.getText(), t.attribution, 'edit', {});
      });
      return;
    }
    const text = doc.getText();
    if (t.base) t.base.reset(text);
    else t.base = new TextBaseline(text);
    t.absent = false;
    t.diverged = false;
    this.state.log.debug(`${this.ledger.relativePath(t.uri)}: reverted to the file on disk; that is its baseline now`);
    this.ledger.enqueue('reverted document', () => this.judgeRevertedBytes(t, text));
  }

  /**
   * A write by another process while the document had unsaved changes is left to VS Code's conflict
   * handling, not judged; a revert then shows it. Judge it against the bytes last seen on disk.
   */
  private async judgeRevertedBytes(t: Tracked, text: string): Promise<void> {
    const r = await this.ledger.store.read(t.uri);
    // The file changed again since: the disk watcher judges that.
    if (r.kind !== 'text' || r.text !== text || t.eventId) return;
    const old = this.ledger.store.get(t.uri);
    const before = old && !isBinary(old) ? decodeText(old) : undefined;
    if (before === undefined || before === text || !this.state.config.settings.watchDisk) {
      this.ledger.store.set(t.uri, r.bytes);
      return;
    }
    this.ledger.judgeFile(t, text, ATTRIBUTION_DISK_WRITE, 'disk-write', { afterBytes: r.bytes, before: { text: before }, earlier: true });
  }

  /** Queues every document with a change waiting for its quiet period; true when there was one. */
  flushNow(): boolean {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.dispatchDue(true);
  }

  /** Runs `f` (a settings update, say) with every document change it causes counted as our own. */
  async ownWrite<T>(f: () => Thenable<T>): Promise<T> {
    this.ownDepth++;
    try {
      return await f();
    } finally {
      this.ownDepth--;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
