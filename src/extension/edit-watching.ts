/**
 * Watching edits: every change to an open document and every write or deletion on disk is
 * judged against the file's baseline (its last known content), and a risky one becomes
 * diagnostics, an event in the view and an audit entry until it is reverted, accepted, allowed
 * or gone.
 *
 * Typing takes a fast path: the change is only recorded into the baseline (no diff, no
 * scoring). Everything else waits for the document to be quiet and is then judged as one net
 * change. All judging runs one step at a time on a single queue, so a document event and a disk
 * event for the same file never race. When VS Code puts the file's content back into a document (a
 * revert, or a reload after another process wrote the file; told apart from edits by the dirty
 * flags, see core/watch/reload.ts), that content is the baseline for the changes that follow, so an
 * edit right after it is never judged together with it.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { evaluateBatch, evaluateEdit } from '../core/edit/engine';
import { LineIndex } from '../core/edit/text';
import type { FileChange, Range as EngineRange } from '../core/edit/types';
import { type Attribution, classifyChange } from '../core/watch/classify';
import { batchFindings, diagnosticData, fileFindings, summarize, type WatchFinding } from '../core/watch/findings';
import { restoreReport } from '../core/gate/held';
import { revertHunks, minimalReplace } from '../core/watch/hunks';
import { reapply } from '../core/watch/merge';
import { JudgedMemory } from '../core/watch/judged';
import { parseState, serializeState, type SavedEvent, type SavedFile } from '../core/watch/persist';
import { ReloadDetector, type ReloadCandidate } from '../core/watch/reload';
import { TextBaseline } from '../core/watch/text-baseline';
import { recordTyped, shapeOf } from '../core/watch/typing';
import { BaselineStore, decodeText, isBinary } from './baseline-store';
import { BaselineContentProvider, BASELINE_SCHEME, baselineUri, PROPOSED_SCHEME, ProposedContentProvider, proposedUri } from './diff-provider';
import { type DiskChange, DiskWatching, type SeenDiskChange } from './disk-watching';
import { guardWatches, matchesWatch } from '../node/guard-roots';
import { hostEnv } from '../node/hooks/paths';
import { GitBridge } from './edit-git';
import { PathFilter, WATCHED_SCHEMES } from './edit-paths';
import { type HeldEntry, HoldPrompt } from './hold-prompt';
import { errorText, type EventKind, type EventStatus, type FlaggedFinding, type State } from './state';

export interface EditWatching {
  /** Resolves when every change seen so far (documents and disk) has been judged. */
  flush(): Promise<void>;
  /** Restores the baseline of the change at `range` (the whole file without one); false when there is nothing to revert. */
  revert(uri: vscode.Uri, range?: vscode.Range): Promise<boolean>;
  /** Marks the file's flagged change reviewed: its current content becomes the baseline. */
  accept(uri: vscode.Uri): void;
  /** The text a file is judged against, if known. */
  baselineOf(uri: vscode.Uri): string | undefined;
  /** The open findings on a file. */
  findingsFor(uri: vscode.Uri): readonly FlaggedFinding[];
  /** How the file's flagged change happened ("applied in bulk, not typed"…). */
  attributionOf(uri: vscode.Uri): string | undefined;
  /** Opens the diff editor: baseline on the left, the file now on the right. */
  showDiff(uri: vscode.Uri): Promise<void>;
  /** Runs `f` (a settings update, say) with every document change it causes counted as our own. */
  ownWrite<T>(f: () => Thenable<T>): Promise<T>;
  /**
   * We just wrote or deleted this file ourselves (the policy file kept in step with the settings,
   * an agent hook a person added or removed): what is on disk now is its baseline, not a change.
   */
  adopt(file: string): Promise<void>;
  /** The path the engine and allow entries use: workspace-relative with `/`. */
  relativePath(uri: vscode.Uri): string;
  /** Fires with a file whose findings changed. */
  readonly onDidChangeFindings: vscode.Event<vscode.Uri>;
  /**
   * Fires for every change the disk watcher reports, as it arrives and before it is judged
   * (`flush()` then judges it). Tests wait on it instead of guessing how long a write takes to arrive.
   */
  readonly onDidSeeDiskChange: vscode.Event<SeenDiskChange>;
  /**
   * True while a held change waits for a person's answer or its answer is being carried out. After
   * `flush()` it tells whether the changes judged so far are held (a dialog is or will be on screen).
   */
  readonly holding: boolean;
  /** Resolves when the background baseline scan has finished. */
  readonly baselinesReady: Promise<void>;
}

export const ATTRIBUTION_DISK_WRITE = 'written on disk by another process';
export const ATTRIBUTION_DISK_DELETE = 'deleted on disk';
export const ATTRIBUTION_EDITOR_DELETE = 'deleted through the editor (the explorer, an extension or an in-editor agent)';
const ATTRIBUTION_TYPED_AFTER_FLAG = 'typed after a flagged change';
const UNDO_OR_REDO: Attribution = 'undo or redo';

const STATE_FILE = 'flagged-changes.json';
/** Other files listed in a batch diagnostic's related information. */
const MAX_RELATED = 50;
/** Deleted files without a baseline are looked up in git only for small batches. */
const MAX_GIT_LOOKUPS = 20;
/** Files judged from one window of disk events; a clone of 100,000 files must not take minutes. */
const MAX_WRITES_PER_WINDOW = 2000;
/** How long Revert waits for VS Code to reload a document after writing the file. */
const RELOAD_WAIT_MS = 3000;

interface Pending {
  since: number;
  last: number;
  attribution: string;
  /**
   * The document was dirty at some point since the change. A document that changed but never
   * became dirty was reloaded from disk: another process wrote the file. (The dirty flag that
   * comes with the first change of a clean document is stale, so the hot path cannot tell.)
   */
  sawDirty: boolean;
  /** What the document showed after the change, kept while that change may be a reload from disk. */
  reload?: ReloadCandidate;
}

/** One file the watchers hold state for: open documents and files with an open flagged change. */
interface Tracked {
  uri: vscode.Uri;
  key: string;
  /** The baseline text; undefined when the file did not exist before (`absent`) or is unknown. */
  base: TextBaseline | undefined;
  absent: boolean;
  doc: vscode.TextDocument | undefined;
  /** The document no longer equals the baseline: typing is not recorded, it marks a re-score. */
  diverged: boolean;
  pending: Pending | undefined;
  eventId: string | undefined;
  findings: FlaggedFinding[];
  attribution: string;
  /** Our own edits are being applied (Revert): change events are not judged. */
  ownEdits: number;
  /** Tells VS Code's reverts and reloads of the document from edits. */
  reloads: ReloadDetector;
}

/** A flagged change that is still open: one file, or every file of a deletion batch. */
interface OpenEvent {
  id: string;
  kind: EventKind;
  attribution: string;
  keys: string[];
  time: number;
}

/**
 * A gate-level edit put back to its baseline until a person answers: the proposed content is kept
 * here (and only here) so that Apply anyway can write exactly it.
 */
interface HeldEdit {
  id: string;
  kind: 'edit';
  eventId: string;
  uri: vscode.Uri;
  key: string;
  /** What the file was put back to; undefined when the change created the file. */
  base: string | undefined;
  proposed: string;
  /** The proposal's exact bytes, when it had reached the disk. */
  proposedBytes: Uint8Array | undefined;
  /** The proposal had been written to disk (saved, or written by another process). */
  onDisk: boolean;
}

/** A gate-level deletion waiting for Restore all / Keep deleted (the files stay deleted meanwhile). */
interface HeldDeletion {
  id: string;
  kind: 'delete';
  eventId: string;
}

type Held = HeldEdit | HeldDeletion;

function bytesHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

function sha(text: string | undefined): string {
  if (text === undefined) return '-';
  return createHash('sha1').update(text).digest('base64');
}

function toVsRange(r: EngineRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.col, r.end.line, r.end.col);
}

function toEngineRange(r: vscode.Range): EngineRange {
  return { start: { line: r.start.line, col: r.start.character }, end: { line: r.end.line, col: r.end.character } };
}

function severityOf(level: string): vscode.DiagnosticSeverity {
  return level === 'error' ? vscode.DiagnosticSeverity.Error : level === 'warning' ? vscode.DiagnosticSeverity.Warning : level === 'information' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Hint;
}

class EditWatcher implements EditWatching, vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly events = new Map<string, OpenEvent>();
  private readonly memory = new JudgedMemory();
  private readonly paths: PathFilter;
  private readonly store: BaselineStore;
  private readonly git: GitBridge;
  private readonly disk: DiskWatching;
  private readonly content: BaselineContentProvider;
  private readonly findingsEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeFindings = this.findingsEmitter.event;
  readonly onDidSeeDiskChange: vscode.Event<SeenDiskChange>;
  readonly baselinesReady: Promise<void>;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ownDepth = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly stateFile: vscode.Uri;
  private readonly docsUri: vscode.Uri;
  /** Files we wrote (Revert, restore): the hash of the bytes and when, so their events stay quiet. */
  private readonly ownWrites = new Map<string, { hash: string; at: number }>();
  private readonly loggedOnce = new Set<string>();
  private disposed = false;
  /** Files (and folders) deleted through VS Code's workspace API, and when. */
  private readonly editorDeletes = new Map<string, number>();
  /** Held changes waiting for a person's answer, by hold id. */
  private readonly held = new Map<string, Held>();
  private holdSeq = 0;
  private readonly prompt: HoldPrompt;

  constructor(private readonly state: State) {
    this.paths = state.own(new PathFilter(state));
    this.git = state.own(new GitBridge(state));
    this.store = new BaselineStore(state, this.paths);
    state.own({ dispose: () => this.store.dispose() });
    this.baselinesReady = this.store.ready;
    this.content = state.own(new BaselineContentProvider((uri) => this.baselineOf(uri)));
    state.own(vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, this.content));
    state.own(
      vscode.workspace.registerTextDocumentContentProvider(
        PROPOSED_SCHEME,
        new ProposedContentProvider((id) => {
          const h = this.held.get(id);
          return h?.kind === 'edit' ? h.proposed : undefined;
        }),
      ),
    );
    this.prompt = state.own(new HoldPrompt(state, (items, outcome, how) => this.decideHeld(items, outcome, how)));
    // The files that keep protection on outside the workspace (an agent's user settings, our policy
    // and launcher) are judged like workspace files when another process writes or deletes them.
    // The editor's own user settings are not among them: its Settings UI writes that file too.
    this.disk = state.own(
      new DiskWatching(state, this.paths, (changes, openedAt) => this.schedule('disk changes', () => this.onDisk(changes, openedAt)), {
        watches: () => guardWatches(hostEnv()),
        watching: (dir, pattern) => this.enqueue('baselines of guarded files', () => this.seedGuarded(dir, pattern)),
      }),
    );
    this.onDidSeeDiskChange = this.disk.onDidSee;
    const storage = state.context.storageUri ?? state.context.globalStorageUri;
    this.stateFile = vscode.Uri.joinPath(storage, STATE_FILE);
    this.docsUri = vscode.Uri.joinPath(state.context.extensionUri, 'docs', 'rules');

    state.own(
      vscode.workspace.onDidOpenTextDocument(state.guard('document opened', (doc: vscode.TextDocument) => this.opened(doc))),
      vscode.workspace.onDidCloseTextDocument(state.guard('document closed', (doc: vscode.TextDocument) => this.closed(doc))),
      vscode.workspace.onDidChangeTextDocument(state.guard('document changed', (e: vscode.TextDocumentChangeEvent) => this.changed(e))),
      vscode.workspace.onDidSaveTextDocument(state.guard('document saved', (doc: vscode.TextDocument) => this.saved(doc))),
      vscode.workspace.onDidDeleteFiles(
        state.guard('files deleted', (e: vscode.FileDeleteEvent) => {
          const now = Date.now();
          if (this.editorDeletes.size > 10_000) this.editorDeletes.clear();
          for (const f of e.files) this.editorDeletes.set(f.toString(), now);
        }),
      ),
      state.config.onDidChange(state.guard('settings changed', () => this.rejudgeAll())),
      this.findingsEmitter,
      { dispose: () => this.dispose() },
    );
    for (const doc of vscode.workspace.textDocuments) this.opened(doc);
    this.git.start();
    this.enqueue('restore flagged changes', () => this.restore());
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  private opened(doc: vscode.TextDocument): void {
    if (!WATCHED_SCHEMES.has(doc.uri.scheme) || this.paths.isIgnored(doc.uri)) return;
    const key = doc.uri.toString();
    const existing = this.tracked.get(key);
    if (existing) {
      existing.doc = doc;
      existing.reloads = new ReloadDetector(doc.isDirty);
      if (existing.eventId) existing.diverged = true;
      return;
    }
    const last = doc.lineAt(doc.lineCount - 1).range.end;
    if (doc.offsetAt(last) > this.store.maxFileBytes) {
      this.once(`large-doc:${key}`, `not watching edits to ${doc.uri.fsPath}: larger than blastRadius.baseline.maxFileSizeKB`);
      return;
    }
    // What the editor shows when it opens is the baseline, dirty or not: a change that was
    // already unsaved when the window opened is the user's, restored by VS Code.
    this.tracked.set(key, { uri: doc.uri, key, base: new TextBaseline(doc.getText()), absent: false, doc, diverged: false, pending: undefined, eventId: undefined, findings: [], attribution: '', ownEdits: 0, reloads: new ReloadDetector(doc.isDirty) });
  }

  private closed(doc: vscode.TextDocument): void {
    const t = this.tracked.get(doc.uri.toString());
    if (!t || t.doc !== doc) return;
    t.doc = undefined;
    t.pending = undefined;
    if (!t.eventId) {
      this.tracked.delete(t.key);
      return;
    }
    // Closing a document may discard the flagged text: judge what is on disk now.
    this.enqueue('closed document', () => this.rejudgeFromDisk(t));
  }

  /** The hot path: runs for every keystroke. */
  private changed(e: vscode.TextDocumentChangeEvent): void {
    const t = this.tracked.get(e.document.uri.toString());
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
      this.state.log.debug(`${this.relativePath(t.uri)}: reloaded from disk, then changed again; judging the two apart`);
      this.enqueue('reloaded document', () => this.judgeDocument(t, p));
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
    const t = this.tracked.get(doc.uri.toString());
    if (!t || t.diverged || !t.base) return;
    // A document in step with its baseline was saved: its bytes on disk are the new baseline.
    const text = doc.getText();
    this.enqueue('saved document', async () => {
      const r = await this.store.read(doc.uri);
      if (r.kind === 'text' && r.text === text) this.store.set(doc.uri, r.bytes);
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
    for (const t of this.tracked.values()) {
      if (!t.pending) continue;
      const due = t.pending.last + quiet;
      if (force || due <= now) {
        const p = t.pending;
        t.pending = undefined;
        any = true;
        this.enqueue('edit', () => this.judgeDocument(t, p));
      } else next = Math.min(next, due);
    }
    if (next !== Infinity && !this.timer) this.arm(Math.max(10, next - now));
    return any;
  }

  private async judgeDocument(t: Tracked, p: Pending): Promise<void> {
    const doc = t.doc;
    if (!doc || doc.isClosed || t.ownEdits > 0) return;
    // A change proven to be a reload is judged as the text it brought, whatever followed it.
    const reloaded = p.reload?.status === 'reload' ? p.reload.text : undefined;
    const after = reloaded ?? doc.getText();
    const loc = this.paths.locate(t.uri);
    if (reloaded !== undefined || (!p.sawDirty && p.reload?.status !== 'edit' && !doc.isDirty)) {
      // VS Code reloaded the document because another process wrote the file. Changes made after
      // the reload are not part of it: they wait for their own judgement, against what it brought.
      if (await this.git.movedSince(loc.folder, p.since)) {
        this.paths.forgetGit();
        this.settle(t, after, undefined, 'kept', true);
      } else this.judgeFile(t, after, ATTRIBUTION_DISK_WRITE, 'disk-write', { earlier: true });
      // The disk watcher skips the write when later changes made the document dirty: the bytes the
      // document reloaded are the file's baseline bytes from now on.
      if (!t.eventId) this.enqueue('reloaded bytes', () => this.refreshBytes(t.uri, after));
      return;
    }
    this.judgeFile(t, after, p.attribution, 'edit', {});
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
      this.enqueue('reverted document', () => {
        if (t.doc === doc && !doc.isClosed && t.ownEdits === 0) this.judgeFile(t, doc.getText(), t.attribution, 'edit', {});
      });
      return;
    }
    const text = doc.getText();
    if (t.base) t.base.reset(text);
    else t.base = new TextBaseline(text);
    t.absent = false;
    t.diverged = false;
    this.state.log.debug(`${this.relativePath(t.uri)}: reverted to the file on disk; that is its baseline now`);
    this.enqueue('reverted document', () => this.judgeRevertedBytes(t, text));
  }

  /**
   * A write by another process while the document had unsaved changes is left to VS Code's conflict
   * handling, not judged; a revert then shows it. Judge it against the bytes last seen on disk.
   */
  private async judgeRevertedBytes(t: Tracked, text: string): Promise<void> {
    const r = await this.store.read(t.uri);
    // The file changed again since: the disk watcher judges that.
    if (r.kind !== 'text' || r.text !== text || t.eventId) return;
    const old = this.store.get(t.uri);
    const before = old && !isBinary(old) ? decodeText(old) : undefined;
    if (before === undefined || before === text || !this.state.config.settings.watchDisk) {
      this.store.set(t.uri, r.bytes);
      return;
    }
    this.judgeFile(t, text, ATTRIBUTION_DISK_WRITE, 'disk-write', { afterBytes: r.bytes, before: { text: before }, earlier: true });
  }

  // -------------------------------------------------------------------------------------------
  // Judging

  private enqueue(what: string, f: () => Promise<void> | void): void {
    void this.schedule(what, f);
  }

  /** Runs `f` after everything queued before it; the promise never rejects. */
  private schedule(what: string, f: () => Promise<void> | void): Promise<void> {
    this.queued++;
    const run = this.chain.then(async () => {
      try {
        // Work queued before the window closed is dropped once the extension is disposed.
        if (!this.disposed) await f();
      } catch (e) {
        this.state.log.error(`${what} failed: ${errorText(e)}`);
      } finally {
        this.queued--;
      }
    });
    this.chain = run;
    return run;
  }

  /**
   * Judges one file's net change. `after` undefined means the file is gone. `afterBytes` are the
   * bytes on disk when the change came from there (they become the baseline when it is clean).
   */
  private judgeFile(
    t: Tracked,
    after: string | undefined,
    attribution: string,
    kind: 'edit' | 'disk-write',
    opts: { afterBytes?: Uint8Array; settings?: boolean; restoredTime?: number; before?: { text: string | undefined }; earlier?: boolean },
  ): void {
    const before = opts.before ? opts.before.text : t.absent || !t.base ? undefined : t.base.text();
    if (before === after) {
      this.settle(t, after, opts.afterBytes, 'reverted', opts.earlier);
      return;
    }
    // Verdicts are per file: the same text in another file is judged by other rules.
    const bh = `${t.key} ${sha(before)}`;
    const ah = sha(after);
    const verdict = opts.settings ? undefined : this.memory.get(bh, ah);
    if (verdict && verdict.kind !== 'flagged') {
      this.settle(t, after, opts.afterBytes, verdict.kind === 'accepted' ? 'accepted' : 'reverted', opts.earlier);
      return;
    }
    const loc = this.paths.locate(t.uri);
    const started = performance.now();
    const result = evaluateEdit({ path: loc.path, before, after }, { policy: this.state.config.policy(), ctx: this.paths.editContext(loc) });
    const shown = fileFindings(result);
    const ms = performance.now() - started;
    if (!shown.length) {
      this.memory.set(bh, ah, { kind: 'clean' });
      this.settle(t, after, opts.afterBytes, opts.settings ? 'allowed' : 'reverted', opts.earlier);
      return;
    }
    const earlier = verdict?.kind === 'flagged' ? this.state.events.get(verdict.eventId) : undefined;
    if (!t.eventId && verdict?.kind === 'flagged' && earlier && earlier.status !== 'held' && attribution === UNDO_OR_REDO) {
      // Undo or redo brought back a change already judged: the same event, open again. (The same
      // change made anew, by an agent trying again, is a new event with its own time and attribution.)
      t.eventId = verdict.eventId;
      if (!this.events.has(verdict.eventId)) this.events.set(verdict.eventId, { id: verdict.eventId, kind, attribution: this.state.events.get(verdict.eventId)?.attribution ?? attribution, keys: [t.key], time: Date.now() });
    }
    if (opts.before) {
      // Judged against the bytes last seen on disk: they are the baseline from now on.
      t.base = before === undefined ? undefined : new TextBaseline(before);
      t.absent = before === undefined;
    }
    const ev = t.eventId ? this.events.get(t.eventId) : undefined;
    const attr = ev?.attribution ?? attribution;
    this.flag(t, shown, attr, ev?.kind ?? kind, [t.key], opts.restoredTime);
    this.memory.set(bh, ah, { kind: 'flagged', eventId: t.eventId! });
    this.render(t, after);
    this.state.log.info(`${loc.path}: ${shown.map((f) => `${f.ruleId} ${f.decision} ${f.score}`).join(', ')} (${attr}; judged in ${ms.toFixed(1)} ms)`);
    // flag() has just recorded the decision on the event.
    if (this.holds(opts) && this.state.events.get(t.eventId!)?.decision === 'gate') {
      const id = t.eventId!;
      const confirmed = kind === 'disk-write' ? this.state.confirmations.covering([t.uri.fsPath]) : undefined;
      if (confirmed) this.allowConfirmed([t.key], confirmed.command);
      else this.enqueue('hold edit', () => this.holdEdit(t, id));
    }
  }

  /** A change made by a command a person just confirmed in the terminal: recorded as allowed, not asked again. */
  private allowConfirmed(keys: readonly string[], command: string): void {
    const first = this.tracked.get(keys[0]);
    const id = first?.eventId;
    if (!first || !id) return;
    this.audit(id, 'decision', first.uri, 'accepted', `confirmed in the terminal: ${command}`, first.findings);
    this.state.log.info(`${this.relativePath(first.uri)}${keys.length > 1 ? ` and ${keys.length - 1} more` : ''}: made by "${command}", which you confirmed in the terminal; not asked again`);
    // Accepting the first file settles the whole event (every file of a deletion batch).
    this.accept(first.uri);
  }

  /**
   * Whether a gate-level change judged now is held. Not when settings changed (an open change is
   * only judged again) or a change is restored from the last window: holding is for what just happened.
   */
  private holds(opts: { settings?: boolean; restoredTime?: number }): boolean {
    return this.state.config.settings.holdChanges && !opts.settings && opts.restoredTime === undefined;
  }

  /**
   * The change is clean (or no longer there): its content becomes the baseline. `earlier` says the
   * content is what the document showed before its latest changes (a reload they followed), which
   * keep waiting for their own judgement.
   */
  private settle(t: Tracked, after: string | undefined, afterBytes: Uint8Array | undefined, status: EventStatus, earlier = false): void {
    const docText = t.doc && !t.doc.isClosed ? t.doc.getText() : undefined;
    // A document's baseline moves only to what the document shows (a disk write that VS Code
    // has not reloaded yet will come back through the document), or showed before later changes.
    if (after !== undefined && (docText === undefined || docText === after || earlier)) {
      if (t.base) t.base.reset(after);
      else t.base = new TextBaseline(after);
      t.absent = false;
      t.diverged = docText !== undefined && docText !== after;
    }
    if (afterBytes) {
      this.store.unpin(t.uri);
      this.store.set(t.uri, afterBytes);
    }
    const later = earlier ? t.pending : undefined;
    this.resolve(t, status);
    if (later && t.doc) t.pending = later;
    this.content.changed(t.uri);
  }

  /** Opens (or updates) the event of a flagged file and records it. */
  private flag(t: Tracked, findings: WatchFinding[], attribution: string, kind: EventKind, keys: string[], restoredTime?: number): void {
    const s = summarize(findings);
    t.findings = findings;
    t.attribution = attribution;
    t.diverged = true;
    const uris = keys.map((k) => this.tracked.get(k)?.uri ?? vscode.Uri.parse(k));
    const existing = t.eventId ? this.state.events.get(t.eventId) : undefined;
    // The view was cleared: the change is still open, under a new event.
    if (t.eventId && !existing) this.events.delete(t.eventId);
    if (existing) {
      const reopened = existing.status !== 'open';
      this.state.events.update(existing.id, { score: s.score, severity: s.severity, decision: s.decision, findings, status: 'open' });
      if (reopened) this.audit(existing.id, kind, t.uri, 'open', `re-introduced (${attribution})`, findings);
    } else {
      const ev = this.state.events.add({ kind, uri: t.uri, ...(uris.length > 1 ? { uris } : {}), score: s.score, severity: s.severity, decision: s.decision, attribution, findings, status: 'open', ...(restoredTime ? { time: restoredTime } : {}) });
      t.eventId = ev.id;
      if (!restoredTime) this.audit(ev.id, kind, t.uri, 'open', attribution, findings);
    }
    const id = t.eventId!;
    this.events.set(id, { id, kind, attribution, keys, time: this.state.events.get(id)?.time ?? Date.now() });
    this.store.pin(t.uri);
    this.saveSoon();
  }

  /** Closes the file's event (if it has one) with a status, and clears its diagnostics. */
  private resolve(t: Tracked, status: EventStatus): void {
    const id = t.eventId;
    t.eventId = undefined;
    t.findings = [];
    t.pending = undefined;
    this.state.diagnostics.delete(t.uri);
    this.findingsEmitter.fire(t.uri);
    if (id) {
      const ev = this.events.get(id);
      const keys = ev ? ev.keys.filter((k) => k !== t.key) : [];
      if (ev && keys.length) {
        // Other files of the batch are still open.
        ev.keys = keys;
      } else {
        this.events.delete(id);
        const shown = this.state.events.get(id);
        if (shown && shown.status === 'open') {
          this.state.events.update(id, { status });
          this.audit(id, 'decision', t.uri, status, `change ${status}`, shown.findings);
        }
      }
      this.store.unpin(t.uri);
      this.saveSoon();
    }
    if (!t.doc && !t.eventId) this.tracked.delete(t.key);
  }

  private audit(eventId: string, kind: EventKind | 'decision', uri: vscode.Uri, status: EventStatus, detail: string, findings: readonly FlaggedFinding[]): void {
    const s = summarize(findings);
    try {
      this.state.audit.record({ kind, eventId, path: this.relativePath(uri), score: s.score, severity: s.severity, decision: s.decision, ruleIds: [...new Set(findings.map((f) => f.ruleId))], status, detail });
    } catch (e) {
      this.state.log.error(`audit failed: ${errorText(e)}`);
    }
  }

  /** Diagnostics of a file, from its findings, against the text it has now. */
  private render(t: Tracked, text: string | undefined): void {
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    let lineCount: number;
    let lineLength: (l: number) => number;
    if (doc) {
      lineCount = doc.lineCount;
      lineLength = (l) => (l < doc.lineCount ? doc.lineAt(l).text.length : 0);
    } else {
      const idx = new LineIndex(text ?? '');
      lineCount = idx.lineCount;
      lineLength = (l) => idx.lineText(l).length;
    }
    const ev = t.eventId ? this.events.get(t.eventId) : undefined;
    const others = ev ? ev.keys.filter((k) => k !== t.key).slice(0, MAX_RELATED) : [];
    const diagnostics = t.findings.map((f) => {
      const d = diagnosticData(f, t.attribution, lineCount, lineLength);
      const diag = new vscode.Diagnostic(toVsRange(d.range), d.message, severityOf(d.level));
      diag.source = 'Blast Radius';
      diag.code = { value: f.ruleId, target: vscode.Uri.joinPath(this.docsUri, `${f.ruleId}.md`) };
      const related: vscode.DiagnosticRelatedInformation[] = [];
      if (d.removedRange) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(baselineUri(t.uri), toVsRange(d.removedRange)), 'the removed text, in the last known version'));
      if (f.paths && f.paths.length > 1) {
        for (const k of others) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(k), new vscode.Position(0, 0)), 'also deleted in this step'));
      }
      if (!related.length && t.base && !t.absent) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(baselineUri(t.uri), new vscode.Position(0, 0)), 'the last known version of this file'));
      diag.relatedInformation = related;
      return diag;
    });
    this.state.diagnostics.set(t.uri, diagnostics);
    this.findingsEmitter.fire(t.uri);
  }

  private async rejudgeFromDisk(t: Tracked): Promise<void> {
    if (t.doc) return;
    const r = await this.store.read(t.uri);
    const ev = t.eventId ? this.events.get(t.eventId) : undefined;
    if (r.kind === 'text') this.judgeFile(t, r.text, t.attribution || ATTRIBUTION_DISK_WRITE, ev?.kind === 'edit' ? 'edit' : 'disk-write', { afterBytes: r.bytes });
    else if (r.kind === 'missing' && ev && (ev.kind === 'delete' || ev.kind === 'batch')) this.render(t, undefined);
  }

  /** Settings changed (strictness, rules, allow-list, pause): judge every open change again. */
  private rejudgeAll(): void {
    for (const ev of [...this.events.values()]) {
      if (ev.kind === 'delete' || ev.kind === 'batch') {
        this.enqueue('re-judge deletion', () => this.rejudgeDeletion(ev));
        continue;
      }
      const t = this.tracked.get(ev.keys[0]);
      if (!t) continue;
      this.enqueue('re-judge', async () => {
        if (t.doc && !t.doc.isClosed) this.judgeFile(t, t.doc.getText(), t.attribution, 'edit', { settings: true });
        else {
          const r = await this.store.read(t.uri);
          if (r.kind === 'text') this.judgeFile(t, r.text, t.attribution, 'disk-write', { afterBytes: r.bytes, settings: true });
        }
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Disk

  async adopt(file: string): Promise<void> {
    const uri = vscode.Uri.file(file);
    if (this.tracked.get(uri.toString())?.eventId) return;
    const r = await this.store.read(uri);
    if (r.kind === 'text' || r.kind === 'binary') this.store.set(uri, r.bytes);
    else if (r.kind === 'missing') this.store.forget(uri);
  }

  /** Baselines for the guarded files in a folder outside the workspace, as its watcher starts. */
  private async seedGuarded(dir: vscode.Uri, pattern: string): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (!(type & vscode.FileType.File) || !matchesWatch(pattern, name)) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      if (this.store.has(uri) || this.tracked.has(uri.toString())) continue;
      const r = await this.store.read(uri);
      if (r.kind === 'text' || r.kind === 'binary') this.store.set(uri, r.bytes);
    }
  }

  private async onDisk(changes: DiskChange[], openedAt: number): Promise<void> {
    const writes: DiskChange[] = [];
    const deletions: DiskChange[] = [];
    for (const c of changes) (c.type === 'deleted' ? deletions : writes).push(c);
    const movedFolders = new Map<string, boolean>();
    const moved = async (uri: vscode.Uri): Promise<boolean> => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) return false;
      const k = folder.uri.toString();
      if (!movedFolders.has(k)) movedFolders.set(k, await this.git.movedSince(folder, openedAt));
      return movedFolders.get(k)!;
    };
    // A folder moved or copied in arrives as one event: its files are the writes.
    const expanded: vscode.Uri[] = [];
    for (const c of writes) {
      if (c.type === 'created') expanded.push(...(await this.filesUnder(c.uri)));
      else expanded.push(c.uri);
    }
    if (expanded.length > MAX_WRITES_PER_WINDOW) {
      // A clone or an unpacked archive: judge a bounded share, and say so.
      this.state.log.warn(`${expanded.length} files written on disk at once; judging the first ${MAX_WRITES_PER_WINDOW}, the rest keep their old baselines`);
      expanded.length = MAX_WRITES_PER_WINDOW;
    }
    // A deleted file whose bytes reappear under a new name in the same window was moved, not lost.
    const deleted = this.deletedFiles(deletions);
    const byContent = new Map<string, vscode.Uri>();
    for (const u of deleted.values()) {
      const bytes = this.store.get(u);
      if (bytes && !this.tracked.get(u.toString())?.eventId) byContent.set(bytesHash(bytes), u);
    }
    for (const uri of expanded) {
      try {
        if (byContent.size && !this.store.has(uri) && !this.tracked.has(uri.toString())) {
          const r = await this.store.read(uri);
          const from = r.kind === 'text' || r.kind === 'binary' ? byContent.get(bytesHash(r.bytes)) : undefined;
          if (from && (r.kind === 'text' || r.kind === 'binary')) {
            byContent.delete(bytesHash(r.bytes));
            deleted.delete(from.toString());
            this.store.forget(from);
            this.store.set(uri, r.bytes);
            this.state.log.info(`${this.relativePath(from)} moved to ${this.relativePath(uri)}`);
            continue;
          }
        }
        await this.onDiskWrite(uri, await moved(uri));
      } catch (e) {
        this.state.log.error(`judging ${uri.fsPath} failed: ${errorText(e)}`);
      }
    }
    if (deleted.size) await this.onDiskDeletions(deleted, moved);
    if ([...movedFolders.values()].some(Boolean)) this.paths.forgetGit();
  }

  /** The file itself, or the files under a created folder (bounded, skipped folders left out). */
  private async filesUnder(uri: vscode.Uri): Promise<vscode.Uri[]> {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return [uri];
    }
    if (!(stat.type & vscode.FileType.Directory)) return [uri];
    const out: vscode.Uri[] = [];
    const queue = [uri];
    while (queue.length && out.length < MAX_WRITES_PER_WINDOW) {
      const dir = queue.shift()!;
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        continue;
      }
      for (const [name, type] of entries) {
        const child = vscode.Uri.joinPath(dir, name);
        if (this.paths.isIgnored(child)) continue;
        if (type & vscode.FileType.Directory) queue.push(child);
        else if (type & vscode.FileType.File) out.push(child);
      }
    }
    return out;
  }

  /** Deleted files we knew: a deleted folder arrives as one event, its files are the ones under it. */
  private deletedFiles(deletions: readonly DiskChange[]): Map<string, vscode.Uri> {
    const files = new Map<string, vscode.Uri>();
    for (const d of deletions) {
      const key = d.uri.toString();
      if (this.store.isKnown(d.uri) || this.tracked.has(key) || this.store.has(d.uri)) files.set(key, d.uri);
      else for (const u of this.store.keysUnder(d.uri)) files.set(u.toString(), u);
    }
    return files;
  }

  private async onDiskWrite(uri: vscode.Uri, checkout: boolean): Promise<void> {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc?.isDirty) {
      // The editor holds unsaved work for this file; VS Code itself reports the conflict on save.
      this.state.log.info(`${uri.fsPath} changed on disk while it has unsaved changes in the editor; not judged`);
      return;
    }
    const pendingDoc = this.tracked.get(key);
    if (pendingDoc?.doc && pendingDoc.pending) {
      // The editor saved a change it has not judged yet: judge the edit first, then this write.
      const p = pendingDoc.pending;
      pendingDoc.pending = undefined;
      this.enqueue('edit before its save', () => this.judgeDocument(pendingDoc, p));
      this.enqueue('disk write after an edit', () => this.onDiskWrite(uri, checkout));
      return;
    }
    const own = this.ownWrites.get(key);
    const r = await this.store.read(uri);
    if (r.kind === 'missing') return;
    if (r.kind === 'error') {
      this.state.log.warn(`cannot read ${uri.fsPath} to judge its change: ${r.message}`);
      return;
    }
    if (r.kind === 'too-large') {
      this.once(`large:${key}`, `${uri.fsPath} changed on disk but is ${Math.round(r.size / 1024)} KB, over blastRadius.baseline.maxFileSizeKB: not judged`);
      this.store.delete(uri);
      return;
    }
    let t = this.tracked.get(key);
    if (r.kind === 'binary') {
      this.once(`binary:${key}`, `${uri.fsPath} is binary: kept for restoring, never decoded for scoring`);
      if (!t?.eventId) this.store.set(uri, r.bytes);
      return;
    }
    if (own !== undefined) {
      this.ownWrites.delete(key);
      // Only our own bytes are ours: an agent writing again right after a Revert is judged.
      if (own.at > Date.now() - 10_000 && own.hash === bytesHash(r.bytes)) {
        if (!t?.eventId) this.store.set(uri, r.bytes);
        return;
      }
    }
    // A file of an open deletion batch is back.
    if (t?.eventId) {
      const ev = this.events.get(t.eventId);
      if (ev && (ev.kind === 'delete' || ev.kind === 'batch')) {
        const same = !t.absent && t.base?.text() === r.text;
        this.resolve(t, 'restored');
        t = this.tracked.get(key);
        if (same) {
          this.store.set(uri, r.bytes);
          return;
        }
      }
    }
    if (!t) {
      const baseBytes = this.store.get(uri);
      let before: string | undefined;
      if (baseBytes && !isBinary(baseBytes)) before = decodeText(baseBytes);
      else if (!baseBytes) before = await this.git.committed(uri);
      else {
        this.store.set(uri, r.bytes);
        return;
      }
      if (before === r.text) {
        this.store.set(uri, r.bytes);
        return;
      }
      t = { uri, key, base: before === undefined ? undefined : new TextBaseline(before), absent: before === undefined, doc, diverged: false, pending: undefined, eventId: undefined, findings: [], attribution: '', ownEdits: 0, reloads: new ReloadDetector(doc?.isDirty ?? false) };
      this.tracked.set(key, t);
    }
    // An open document in step with its baseline is judged against the bytes last seen on disk:
    // a small reload can look like typing and be in the document's baseline already.
    let before: { text: string | undefined } | undefined;
    if (t.doc && !t.eventId) {
      const baseBytes = this.store.get(uri);
      if (baseBytes && !isBinary(baseBytes)) before = { text: decodeText(baseBytes) };
      if (before?.text === r.text) {
        this.store.set(uri, r.bytes);
        return;
      }
    }
    this.store.markKnown(uri);
    if (checkout) {
      this.settle(t, r.text, r.bytes, 'kept');
      return;
    }
    if (!this.state.config.settings.watchDisk) return;
    this.judgeFile(t, r.text, ATTRIBUTION_DISK_WRITE, 'disk-write', { afterBytes: r.bytes, ...(before ? { before } : {}) });
  }

  private async onDiskDeletions(files: Map<string, vscode.Uri>, moved: (uri: vscode.Uri) => Promise<boolean>): Promise<void> {
    // Check the files are really gone (a quick delete-and-recreate by an editor is a write).
    const gone: vscode.Uri[] = [];
    for (const uri of files.values()) {
      const r = await this.store.read(uri);
      if (r.kind === 'missing') gone.push(uri);
      else if (r.kind !== 'error') await this.onDiskWrite(uri, await moved(uri));
    }
    const byFolder = new Map<string, { folder: vscode.WorkspaceFolder | undefined; uris: vscode.Uri[] }>();
    for (const uri of gone) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const k = folder?.uri.toString() ?? '';
      let g = byFolder.get(k);
      if (!g) byFolder.set(k, (g = { folder, uris: [] }));
      g.uris.push(uri);
    }
    for (const { folder, uris } of byFolder.values()) {
      if (await moved(uris[0])) {
        for (const u of uris) this.forgetFile(u, 'kept');
        continue;
      }
      if (!this.state.config.settings.watchDisk) {
        for (const u of uris) this.forgetFile(u, 'kept');
        continue;
      }
      await this.judgeDeletion(folder, uris, this.deletedThroughEditor(uris) ? ATTRIBUTION_EDITOR_DELETE : ATTRIBUTION_DISK_DELETE);
    }
  }

  /** True when VS Code's own file operations deleted every one of the files (or their folders) just now. */
  private deletedThroughEditor(uris: readonly vscode.Uri[]): boolean {
    if (!this.editorDeletes.size) return false;
    const recent = Date.now() - 30_000;
    return uris.every((u) => {
      for (let p = u.toString(); p.includes('/'); p = p.slice(0, p.lastIndexOf('/'))) {
        const at = this.editorDeletes.get(p);
        if (at !== undefined && at >= recent) return true;
      }
      return false;
    });
  }

  /**
   * The text a deleted file had: undefined when the file did not exist before (nothing was lost),
   * null when it existed but its content is not known (it is scored as empty, and named as not
   * restorable unless git has it when it comes to restoring).
   */
  private async lostText(uri: vscode.Uri, lookups: { left: number }): Promise<string | null | undefined> {
    const t = this.tracked.get(uri.toString());
    if (t && !t.absent && t.base) return t.base.text();
    if (t?.absent) return undefined;
    const bytes = this.store.get(uri);
    if (bytes) return isBinary(bytes) ? '' : decodeText(bytes);
    if (lookups.left-- > 0) return (await this.git.committed(uri)) ?? null;
    return null;
  }

  private async judgeDeletion(folder: vscode.WorkspaceFolder | undefined, uris: vscode.Uri[], attribution: string, opts: { restoredTime?: number; settings?: boolean } = {}): Promise<void> {
    const lookups = { left: MAX_GIT_LOOKUPS };
    const changes: FileChange[] = [];
    const unknown = new Set<string>();
    const included: vscode.Uri[] = [];
    const pathToUri = new Map<string, vscode.Uri>();
    for (const uri of uris) {
      const t = this.tracked.get(uri.toString());
      // Created and deleted again: nothing was lost.
      if (t?.absent && !t.eventId) {
        this.tracked.delete(t.key);
        continue;
      }
      if (t?.absent && t.eventId) {
        this.resolve(t, 'reverted');
        continue;
      }
      const before = await this.lostText(uri, lookups);
      if (before === undefined) continue;
      if (before === null) unknown.add(uri.toString());
      const path = this.paths.locate(uri).path;
      changes.push({ path, before: before ?? '', after: undefined });
      included.push(uri);
      pathToUri.set(path, uri);
    }
    if (!changes.length) return;
    const ctx = { ...this.paths.editContext({ folder, path: '' }), ...(folder ? { folderSizes: this.store.folderSizes(folder) } : {}) };
    if (!ctx.folderSizes) delete ctx.folderSizes;
    const result = evaluateBatch(changes, { policy: this.state.config.policy(), ctx });
    const { findings, wide, byPath } = batchFindings(result);
    if (!findings.length) {
      for (const u of included) this.forgetFile(u, opts.settings ? 'allowed' : 'accepted');
      return;
    }
    const kind: EventKind = included.length === 1 ? 'delete' : 'batch';
    const keys = included.map((u) => u.toString());
    const trackedFiles: Tracked[] = [];
    for (const [i, uri] of included.entries()) {
      let t = this.tracked.get(keys[i]);
      if (!t) {
        t = { uri, key: keys[i], base: unknown.has(keys[i]) ? undefined : new TextBaseline(changes[i].before ?? ''), absent: false, doc: undefined, diverged: true, pending: undefined, eventId: undefined, findings: [], attribution, ownEdits: 0, reloads: new ReloadDetector(false) };
        this.tracked.set(keys[i], t);
      } else if (t.eventId && this.events.get(t.eventId)?.kind !== 'delete' && this.events.get(t.eventId)?.kind !== 'batch') {
        // The file had another open change; the deletion supersedes it.
        const old = this.events.get(t.eventId);
        if (old && old.keys.length === 1) this.state.events.update(t.eventId, { status: 'kept' });
        if (old) old.keys = old.keys.filter((k) => k !== t!.key);
        if (old && !old.keys.length) this.events.delete(old.id);
        t.eventId = undefined;
      }
      this.store.pin(uri);
      trackedFiles.push(t);
    }
    // Batch-wide findings go on the first file; each file also carries its own.
    const first = trackedFiles[0];
    const existingId = trackedFiles.find((t) => t.eventId)?.eventId;
    for (const t of trackedFiles) t.eventId = existingId;
    this.flag(first, findings, attribution, kind, keys, opts.restoredTime);
    const id = first.eventId!;
    for (const t of trackedFiles) {
      t.eventId = id;
      t.attribution = attribution;
      t.diverged = true;
      const own = byPath.get(this.paths.locate(t.uri).path) ?? [];
      t.findings = t === first ? [...wide, ...own] : own;
      this.render(t, undefined);
    }
    const s = summarize(findings);
    this.state.log.info(`${included.length} file(s) deleted on disk: ${findings.map((f) => `${f.ruleId} ${f.decision} ${f.score}`).join(', ')} (score ${s.score})`);
    if (this.holds(opts) && s.decision === 'gate') {
      const confirmed = this.state.confirmations.covering(included.map((u) => u.fsPath));
      if (confirmed) this.allowConfirmed(keys, confirmed.command);
      else this.holdDeletion(id);
    }
  }

  private async rejudgeDeletion(ev: OpenEvent): Promise<void> {
    const uris = ev.keys.map((k) => this.tracked.get(k)?.uri).filter((u): u is vscode.Uri => !!u);
    if (!uris.length) return;
    await this.judgeDeletion(vscode.workspace.getWorkspaceFolder(uris[0]), uris, ev.attribution, { settings: true });
  }

  /** A deleted file whose deletion is settled: its baseline goes. */
  private forgetFile(uri: vscode.Uri, status: EventStatus): void {
    const t = this.tracked.get(uri.toString());
    if (t) {
      this.resolve(t, status);
      if (!t.doc) this.tracked.delete(t.key);
    }
    this.store.forget(uri);
  }

  // -------------------------------------------------------------------------------------------
  // The API

  get holding(): boolean {
    return this.prompt.pending;
  }

  async flush(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      const docs = this.dispatchDue(true);
      const disk = this.disk.flushNow();
      await this.chain;
      if (!docs && !disk && this.queued === 0) break;
    }
    await this.saveNow();
  }

  baselineOf(uri: vscode.Uri): string | undefined {
    const t = this.tracked.get(uri.toString());
    if (t) return t.absent ? '' : t.base?.text();
    const bytes = this.store.get(uri);
    return bytes && !isBinary(bytes) ? decodeText(bytes) : undefined;
  }

  findingsFor(uri: vscode.Uri): readonly FlaggedFinding[] {
    return this.tracked.get(uri.toString())?.findings ?? [];
  }

  attributionOf(uri: vscode.Uri): string | undefined {
    const t = this.tracked.get(uri.toString());
    return t?.eventId ? t.attribution : undefined;
  }

  relativePath(uri: vscode.Uri): string {
    return this.paths.locate(uri).path;
  }

  async ownWrite<T>(f: () => Thenable<T>): Promise<T> {
    this.ownDepth++;
    try {
      return await f();
    } finally {
      this.ownDepth--;
    }
  }

  async showDiff(uri: vscode.Uri): Promise<void> {
    const left = baselineUri(uri);
    const name = uri.path.split('/').pop() ?? uri.path;
    const exists = !!vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) || (await this.store.read(uri)).kind !== 'missing';
    if (!exists) {
      await vscode.window.showTextDocument(left, { preview: true });
      return;
    }
    await vscode.commands.executeCommand('vscode.diff', left, uri, `${name} (last known ↔ now)`, { preview: true });
  }

  accept(uri: vscode.Uri): void {
    const t = this.tracked.get(uri.toString());
    if (!t?.eventId) return;
    const ev = this.events.get(t.eventId);
    if (ev && (ev.kind === 'delete' || ev.kind === 'batch')) {
      // Accepting a deletion: every file of the batch is gone for good.
      for (const k of [...ev.keys]) {
        const other = this.tracked.get(k);
        if (other) this.forgetFile(other.uri, 'accepted');
      }
      return;
    }
    const before = t.absent || !t.base ? undefined : t.base.text();
    if (t.doc && !t.doc.isClosed) {
      const text = t.doc.getText();
      this.memory.set(`${t.key} ${sha(before)}`, sha(text), { kind: 'accepted' });
      const dirty = t.doc.isDirty;
      this.settle(t, text, undefined, 'accepted');
      if (!dirty) this.enqueue('accepted bytes', () => this.refreshBytes(uri, text));
    } else {
      this.resolve(t, 'accepted');
      this.enqueue('accepted bytes', async () => {
        const r = await this.store.read(uri);
        if (r.kind !== 'text') return;
        this.memory.set(`${t.key} ${sha(before)}`, sha(r.text), { kind: 'accepted' });
        this.store.set(uri, r.bytes);
      });
    }
  }

  private async refreshBytes(uri: vscode.Uri, text: string): Promise<void> {
    const r = await this.store.read(uri);
    if (r.kind === 'text' && r.text === text) {
      this.store.unpin(uri);
      this.store.set(uri, r.bytes);
    }
  }

  async revert(uri: vscode.Uri, range?: vscode.Range): Promise<boolean> {
    const t = this.tracked.get(uri.toString());
    if (!t?.eventId) return false;
    let ok = false;
    await this.schedule('revert', async () => {
      ok = await this.revertNow(t, range);
    });
    return ok;
  }

  private async revertNow(t: Tracked, range?: vscode.Range, status: EventStatus = 'reverted'): Promise<boolean> {
    const id = t.eventId;
    if (!id) return false;
    const ev = this.events.get(id);
    if (ev && (ev.kind === 'delete' || ev.kind === 'batch')) {
      const r = await this.restoreDeleted(ev);
      if (r.unrestorable.length) void vscode.window.showWarningMessage(restoreReport(r.restored, r.unrestorable));
      return r.restored > 0;
    }
    const bytes = this.store.get(t.uri);
    const base = t.absent || !t.base ? undefined : t.base.text();
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    if (base === undefined) {
      // The change created the file: reverting it removes the file (into the trash when possible).
      await vscode.workspace.fs.delete(t.uri, { useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(t.uri, { useTrash: false }));
      this.settle(t, undefined, undefined, status);
      this.tracked.delete(t.key);
      this.store.forget(t.uri);
      return true;
    }
    const exactBytes = bytes && !isBinary(bytes) && decodeText(bytes) === base ? bytes : undefined;
    if (!doc) {
      await this.writeOwn(t.uri, exactBytes ?? new TextEncoder().encode(base));
      this.settle(t, base, exactBytes, status);
      return true;
    }
    const current = doc.getText();
    const finding = range ? t.findings.find((f) => f.range && toVsRange(f.range).intersection(range)) : undefined;
    const target = range ? revertHunks(base, current, toEngineRange(range), finding?.removedRange).text : base;
    const whole = target === base;
    // A saved change is undone on disk too: with the baseline's own bytes when the whole file goes back.
    await this.putDocument(t, doc, target, !doc.isDirty, whole ? exactBytes : undefined);
    if (whole) {
      this.settle(t, doc.isClosed ? base : doc.getText(), undefined, status);
      if (t.base && !doc.isClosed && doc.getText() !== base) {
        // The document could not be brought back exactly (its line endings, say): judge what it shows.
        this.judgeFile(t, doc.getText(), t.attribution || ATTRIBUTION_DISK_WRITE, 'edit', {});
      }
    } else {
      // Part of the change remains: judge what is left.
      this.judgeFile(t, doc.getText(), t.attribution, 'edit', {});
      if (!t.eventId) this.state.log.info(`${this.relativePath(t.uri)}: reverted the flagged part; the rest of the change is clean`);
    }
    return true;
  }

  /**
   * Puts `text` into an open document as our own edit. With `save` the file on disk holds it
   * afterwards: given its exact bytes, they are written and VS Code reloads them (falling back to an
   * edit if it does not within RELOAD_WAIT_MS); otherwise the document is saved.
   */
  private async putDocument(t: Tracked, doc: vscode.TextDocument, text: string, save: boolean, exact: Uint8Array | undefined): Promise<void> {
    t.ownEdits++;
    try {
      if (save && exact) {
        await this.writeOwn(t.uri, exact);
        if (!(await waitFor(() => doc.isClosed || doc.getText() === text, RELOAD_WAIT_MS))) await this.replaceText(doc, text);
        return;
      }
      await this.replaceText(doc, text);
      if (save) await doc.save();
    } finally {
      t.ownEdits--;
    }
  }

  private async replaceText(doc: vscode.TextDocument, text: string): Promise<void> {
    const current = doc.getText();
    if (current === text) return;
    const m = minimalReplace(current, text);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end)), m.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit restoring ${doc.uri.fsPath}`);
  }

  private async writeOwn(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
    this.ownWrites.set(uri.toString(), { hash: bytesHash(bytes), at: Date.now() });
    await vscode.workspace.fs.writeFile(uri, bytes);
  }

  /**
   * Writes every file of a deletion back, byte for byte: from the baseline store, else the text last
   * seen (newer than any commit; as the committed bytes when it is that version), else the committed
   * version. A file known by none of them is named, not invented.
   */
  private async restoreDeleted(ev: OpenEvent): Promise<{ restored: number; unrestorable: string[] }> {
    let restored = 0;
    const unrestorable: string[] = [];
    for (const k of [...ev.keys]) {
      const t = this.tracked.get(k);
      if (!t) continue;
      const bytes = this.store.get(t.uri) ?? (await this.lastSeenBytes(t));
      if (!bytes) {
        this.state.log.warn(`cannot restore ${t.uri.fsPath}: its content was never seen and it is not committed`);
        unrestorable.push(this.relativePath(t.uri));
        continue;
      }
      try {
        await this.writeOwn(t.uri, bytes);
        restored++;
        this.store.unpin(t.uri);
        this.resolve(t, 'restored');
      } catch (e) {
        this.state.log.error(`restoring ${t.uri.fsPath} failed: ${errorText(e)}`);
        unrestorable.push(this.relativePath(t.uri));
      }
    }
    return { restored, unrestorable };
  }

  /** A deleted file's content without a stored copy: the text last seen, else the committed version. */
  private async lastSeenBytes(t: Tracked): Promise<Uint8Array | undefined> {
    const committed = await this.git.committedBytes(t.uri);
    if (!t.base) return committed;
    const text = t.base.text();
    return committed && decodeText(committed) === text ? committed : new TextEncoder().encode(text);
  }

  // -------------------------------------------------------------------------------------------
  // Holding gate-level changes

  /** Puts a gate-level edit back to its baseline at once and asks a person what to do with it. */
  private async holdEdit(t: Tracked, eventId: string): Promise<void> {
    const shown = this.state.events.get(eventId);
    if (t.eventId !== eventId || !shown || shown.status !== 'open' || shown.decision !== 'gate') return;
    const started = performance.now();
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    let proposed: string;
    let proposedBytes: Uint8Array | undefined;
    let onDisk = false;
    if (doc) {
      proposed = doc.getText();
      if (!doc.isDirty) {
        const r = await this.store.read(t.uri);
        if (r.kind === 'text' && r.text === proposed) {
          proposedBytes = r.bytes;
          onDisk = true;
        }
      }
    } else {
      const r = await this.store.read(t.uri);
      // Gone or unreadable since: there is nothing to hold (a deletion is judged on its own).
      if (r.kind !== 'text') return;
      proposed = r.text;
      proposedBytes = r.bytes;
      onDisk = true;
    }
    const base = t.absent || !t.base ? undefined : t.base.text();
    const findings = t.findings;
    const attribution = t.attribution;
    if (!(await this.revertNow(t, undefined, 'held'))) return;
    const id = `hold-${++this.holdSeq}`;
    this.held.set(id, { id, kind: 'edit', eventId, uri: t.uri, key: t.key, base, proposed, proposedBytes, onDisk });
    const path = this.relativePath(t.uri);
    this.state.log.info(`${path}: held (${findings.map((f) => f.ruleId).join(', ')}); put back to its last known content in ${(performance.now() - started).toFixed(1)} ms, until you answer`);
    this.audit(eventId, 'decision', t.uri, 'held', `held: put back to its last known content (${attribution})`, findings);
    this.prompt.add({
      id,
      summary: { kind: 'edit', paths: [path], score: shown.score, severity: shown.severity, created: base === undefined, attribution, findings },
      showDiff: () => this.showHeldDiff(id),
    });
  }

  /** Asks a person about a gate-level deletion (the files stay deleted until the answer). */
  private holdDeletion(eventId: string): void {
    const ev = this.events.get(eventId);
    const shown = this.state.events.get(eventId);
    if (!ev || !shown || [...this.held.values()].some((h) => h.eventId === eventId)) return;
    const id = `hold-${++this.holdSeq}`;
    this.held.set(id, { id, kind: 'delete', eventId });
    const paths = ev.keys.map((k) => this.relativePath(this.tracked.get(k)?.uri ?? vscode.Uri.parse(k)));
    this.prompt.add({ id, summary: { kind: 'delete', paths, score: shown.score, severity: shown.severity, attribution: ev.attribution, findings: shown.findings } });
  }

  private async showHeldDiff(id: string): Promise<void> {
    const h = this.held.get(id);
    if (h?.kind !== 'edit') return;
    const name = h.uri.path.split('/').pop() ?? h.uri.path;
    await vscode.commands.executeCommand('vscode.diff', h.base === undefined ? proposedUri(h.uri, 'none') : h.uri, proposedUri(h.uri, id), `${name} (now ↔ held proposal)`, { preview: true });
  }

  /** Carries out a person's answer for one step of held changes, on the judging queue. */
  private decideHeld(items: readonly HeldEntry[], outcome: 'undo' | 'keep', how: string): Promise<void> {
    return this.schedule('held changes', async () => {
      let restored = 0;
      const unrestorable: string[] = [];
      for (const item of items) {
        const h = this.held.get(item.id);
        if (!h) continue;
        this.held.delete(item.id);
        try {
          if (h.kind === 'edit') {
            if (outcome === 'keep') await this.applyHeld(h, how);
            else this.closeHeld(h, 'reverted', `discarded: ${how}`);
            continue;
          }
          const ev = this.events.get(h.eventId);
          // The files came back (or the change was decided elsewhere) while the dialog was open.
          if (!ev) continue;
          if (outcome === 'keep') {
            this.audit(h.eventId, 'decision', this.tracked.get(ev.keys[0])?.uri ?? vscode.Uri.parse(ev.keys[0]), 'kept', `kept deleted: ${how}`, this.state.events.get(h.eventId)?.findings ?? []);
            for (const k of [...ev.keys]) this.forgetFile(this.tracked.get(k)?.uri ?? vscode.Uri.parse(k), 'kept');
          } else {
            const r = await this.restoreDeleted(ev);
            restored += r.restored;
            unrestorable.push(...r.unrestorable);
          }
        } catch (e) {
          this.state.log.error(`carrying out the answer for ${h.kind === 'edit' ? this.relativePath(h.uri) : 'a deletion'} failed: ${errorText(e)}`);
        }
      }
      if (unrestorable.length) void vscode.window.showWarningMessage(restoreReport(restored, unrestorable));
      else if (restored) void vscode.window.showInformationMessage(restoreReport(restored, []));
    });
  }

  /** Ends a held edit's event with the person's decision. */
  private closeHeld(h: HeldEdit, status: EventStatus, detail: string): void {
    const ev = this.state.events.get(h.eventId);
    if (!ev || ev.status !== 'held') return;
    this.state.events.update(h.eventId, { status });
    this.audit(h.eventId, 'decision', h.uri, status, detail, ev.findings);
    this.state.log.info(`${this.relativePath(h.uri)}: ${detail}`);
  }

  /** Apply anyway: writes exactly the proposed content (re-applied as a patch if the file moved on). */
  private async applyHeld(h: HeldEdit, how: string): Promise<void> {
    const path = this.relativePath(h.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === h.key && !d.isClosed);
    let current: string | undefined;
    if (doc) current = doc.getText();
    else {
      const r = await this.store.read(h.uri);
      if (r.kind === 'text') current = r.text;
      else if (r.kind !== 'missing') throw new Error(`cannot read ${h.uri.fsPath}`);
    }
    let target: string | undefined;
    if (current === h.base || (h.base === undefined && (current === undefined || current === h.proposed))) target = h.proposed;
    else if (current !== undefined && h.base !== undefined) target = reapply(h.base, h.proposed, current);
    if (target === undefined) {
      // The file changed in the same place since: nothing is overwritten; the proposal is shown.
      this.state.log.warn(`${path}: the held change cannot be applied: the file changed in the same place since it was held`);
      void vscode.window.showWarningMessage(`Blast Radius: the held change to ${path} was not applied: the file changed in the same place since. Its proposed content is open in a new editor.`);
      const proposal = await vscode.workspace.openTextDocument({ content: h.proposed });
      await vscode.window.showTextDocument(proposal, { preview: false });
      this.closeHeld(h, 'reverted', `not applied (the file changed since): ${how}`);
      return;
    }
    const exact = target === h.proposed && h.proposedBytes ? h.proposedBytes : undefined;
    const t = this.tracked.get(h.key);
    if (doc && t) {
      // A proposal that had reached the disk reaches it again.
      const save = h.onDisk && !doc.isDirty;
      await this.putDocument(t, doc, target, save, exact);
      if (save && !exact) {
        // Our save is not a change to judge: its bytes are the file's baseline bytes now.
        const r = await this.store.read(h.uri);
        if (r.kind === 'text' && r.text === target) this.store.set(h.uri, r.bytes);
      }
    } else {
      await this.writeOwn(h.uri, exact ?? new TextEncoder().encode(target));
    }
    this.memory.set(`${h.key} ${sha(h.base)}`, sha(h.proposed), { kind: 'accepted' });
    const after = this.tracked.get(h.key);
    if (after) {
      if (after.base) after.base.reset(target);
      else after.base = new TextBaseline(target);
      after.absent = false;
      after.diverged = !!after.doc && !after.doc.isClosed && after.doc.getText() !== target;
      this.content.changed(h.uri);
    }
    this.closeHeld(h, 'accepted', `applied anyway: ${how}`);
  }

  // -------------------------------------------------------------------------------------------
  // Surviving a reload

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveNow();
    }, 250);
  }

  private saveNow(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const saved: SavedEvent[] = [];
    for (const ev of this.events.values()) {
      const files: SavedFile[] = [];
      for (const k of ev.keys) {
        const t = this.tracked.get(k);
        if (!t) continue;
        const f: SavedFile = { uri: k };
        if (t.absent) f.absent = true;
        else if (t.base) f.text = t.base.text();
        const bytes = this.store.get(t.uri);
        if (bytes) f.bytes = Buffer.from(bytes).toString('base64');
        files.push(f);
      }
      if (files.length && ev.kind !== 'command') saved.push({ eventId: ev.id, kind: ev.kind, attribution: ev.attribution, time: ev.time, files });
    }
    const text = serializeState(saved);
    this.saving = this.saving.then(async () => {
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.stateFile, '..'));
        await vscode.workspace.fs.writeFile(this.stateFile, new TextEncoder().encode(text));
      } catch (e) {
        this.once('save-state', `cannot save flagged changes for the next window: ${errorText(e)}`);
      }
    });
    return this.saving;
  }

  private async restore(): Promise<void> {
    let text: string | undefined;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.stateFile));
    } catch {
      return;
    }
    const { events, problems } = parseState(text);
    for (const p of problems) this.state.log.warn(`restoring flagged changes: ${p}`);
    for (const saved of events) {
      const uris: vscode.Uri[] = [];
      for (const f of saved.files) {
        const uri = vscode.Uri.parse(f.uri, true);
        const bytes = f.bytes !== undefined ? new Uint8Array(Buffer.from(f.bytes, 'base64')) : undefined;
        const baseText = f.text ?? (bytes && !isBinary(bytes) ? decodeText(bytes) : bytes ? '' : undefined);
        if (bytes) this.store.pin(uri, bytes);
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri);
        const existing = this.tracked.get(f.uri);
        const t: Tracked = existing ?? { uri, key: f.uri, base: undefined, absent: false, doc, diverged: true, pending: undefined, eventId: undefined, findings: [], attribution: saved.attribution, ownEdits: 0, reloads: new ReloadDetector(doc?.isDirty ?? false) };
        t.absent = !!f.absent;
        t.base = f.absent || baseText === undefined ? undefined : new TextBaseline(baseText);
        t.diverged = true;
        t.attribution = saved.attribution;
        this.tracked.set(f.uri, t);
        uris.push(uri);
      }
      if (saved.kind === 'delete' || saved.kind === 'batch') {
        const missing: vscode.Uri[] = [];
        for (const u of uris) if ((await this.store.read(u)).kind === 'missing') missing.push(u);
        for (const u of uris) if (!missing.includes(u)) this.forgetFile(u, 'restored');
        if (missing.length) await this.judgeDeletion(vscode.workspace.getWorkspaceFolder(missing[0]), missing, saved.attribution, { restoredTime: saved.time });
        continue;
      }
      const t = this.tracked.get(uris[0].toString());
      if (!t) continue;
      if (t.doc && !t.doc.isClosed) this.judgeFile(t, t.doc.getText(), saved.attribution, saved.kind, { restoredTime: saved.time });
      else {
        const r = await this.store.read(t.uri);
        if (r.kind === 'text') this.judgeFile(t, r.text, saved.attribution, saved.kind, { afterBytes: r.bytes, restoredTime: saved.time });
        else if (r.kind === 'missing') this.judgeFile(t, undefined, saved.attribution, saved.kind, { restoredTime: saved.time });
      }
    }
    if (events.length) this.state.log.info(`restored ${events.length} flagged change(s) from the last window`);
  }

  // -------------------------------------------------------------------------------------------

  private once(key: string, line: string): void {
    if (this.loggedOnce.has(key)) return;
    if (this.loggedOnce.size > 10_000) this.loggedOnce.clear();
    this.loggedOnce.add(key);
    this.state.log.info(line);
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.timer = undefined;
    this.saveTimer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimers();
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

/** Starts watching edits and disk writes; returns the API the rest of the extension (and tests) use. */
export function registerEditWatching(state: State): EditWatching {
  return state.own(new EditWatcher(state));
}
