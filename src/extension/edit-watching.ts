/**
 * Watching edits: every change to an open document and every write or deletion on disk is
 * judged against the file's baseline (its last known content), and a risky one becomes
 * diagnostics, an event in the view and an audit entry until it is reverted, accepted, allowed
 * or gone.
 *
 * This file puts the parts together and is the API the rest of the extension (and the tests) use.
 * The change ledger (edit-ledger.ts) owns the tracked files, their baselines, the open events, the
 * judging queue and the life cycle of a change; the editor's documents (edit-documents.ts) and the
 * disk (edit-disk.ts) feed it; diagnostics (edit-diagnostics.ts), holds (edit-holds.ts), reverts
 * (edit-reverts.ts) and persistence (edit-persistence.ts) sit on top of it, each importing the
 * ledger and not each other.
 */
import * as vscode from 'vscode';
import type { EditFinding } from '../core/edit/types';
import { type TimelineEntry, timelineOf } from '../core/watch/rewind';
import { type Step, StepLog } from '../core/watch/steps';
import type { SeenDiskChange } from './disk-watching';
import { useCreatedInSession } from './command-context';
import { DiskJudging } from './edit-disk';
import { EditDiagnostics } from './edit-diagnostics';
import { EditDocuments } from './edit-documents';
import { EditHolds } from './edit-holds';
import { EditLedger } from './edit-ledger';
import { EditPersistence } from './edit-persistence';
import type { CreatedFile } from '../core/present';
import { EditReverts } from './edit-reverts';
import { EditRewind, type RewindOutcome, type RewindPreview } from './edit-rewind';
import type { State } from './state';

export interface EditWatching {
  /** Resolves when every change seen so far (documents and disk) has been judged. */
  flush(): Promise<void>;
  /** Restores the baseline of the change at `range` (the whole file without one); false when there is nothing to revert. */
  revert(uri: vscode.Uri, range?: vscode.Range): Promise<boolean>;
  /**
   * The file, when its open flagged change created it (reverting that deletes it), with its lines
   * in `text` (the document's, else the last text seen).
   */
  createdFile(uri: vscode.Uri, text?: string): CreatedFile | undefined;
  /**
   * Restore on a deletion event (open, accepted or one that raised nothing): writes its files back
   * from the copies kept while they last, else the committed version; a file that is there again is
   * left alone. Undefined when the event deleted no file.
   */
  restoreEvent(id: string): Promise<{ restored: number; unrestorable: string[]; present: string[] } | undefined>;
  /** Marks the file's flagged change reviewed: its current content becomes the baseline. */
  accept(uri: vscode.Uri): void;
  /** The text a file is judged against, if known. */
  baselineOf(uri: vscode.Uri): string | undefined;
  /** The open findings on a file. */
  findingsFor(uri: vscode.Uri): readonly EditFinding[];
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
  /** The agent steps judged in this window, oldest first (the ledger's record; see core/watch/steps.ts). */
  steps(): readonly Step[];
  /** The steps as the timeline shows them, oldest first (core/watch/rewind.ts). */
  timeline(): TimelineEntry[];
  /** Fires when a step is recorded. */
  readonly onDidRecordStep: vscode.Event<void>;
  /**
   * The timeline the next window will show: the steps saved so far read back from the extension's
   * storage into a ledger of their own, as activation does (call `flush()` first to save them).
   */
  savedTimeline(): Promise<TimelineEntry[]>;
  /** Reads the files and plans rewinding to just after the step (a reason when it cannot be). */
  rewindPreview(stepId: string): Promise<RewindPreview | { reason: string }>;
  /** Rewinds the preview's files named by `keys` (what the person ticked and confirmed). */
  rewind(preview: RewindPreview, keys: ReadonlySet<string>): Promise<RewindOutcome>;
}

class EditWatcher implements EditWatching, vscode.Disposable {
  private readonly ledger: EditLedger;
  private readonly documents: EditDocuments;
  private readonly disk: DiskJudging;
  private readonly diagnostics: EditDiagnostics;
  private readonly holds: EditHolds;
  private readonly reverts: EditReverts;
  private readonly persistence: EditPersistence;
  private readonly rewinds: EditRewind;
  readonly onDidRecordStep: vscode.Event<void>;
  readonly onDidChangeFindings: vscode.Event<vscode.Uri>;
  readonly onDidSeeDiskChange: vscode.Event<SeenDiskChange>;
  readonly baselinesReady: Promise<void>;

  constructor(state: State) {
    this.ledger = new EditLedger(state);
    this.baselinesReady = this.ledger.store.ready;
    this.diagnostics = new EditDiagnostics(state, this.ledger);
    this.onDidChangeFindings = this.diagnostics.onDidChangeFindings;
    this.holds = new EditHolds(state, this.ledger);
    this.disk = new DiskJudging(state, this.ledger);
    this.onDidSeeDiskChange = this.disk.onDidSeeDiskChange;
    this.persistence = new EditPersistence(state, this.ledger);
    this.reverts = new EditReverts(state, this.ledger);
    this.documents = new EditDocuments(state, this.ledger);
    this.rewinds = new EditRewind(state, this.ledger);
    this.onDidRecordStep = this.ledger.onDidRecordStep;
    state.own(
      state.config.onDidChange(state.guard('settings changed', () => this.ledger.rejudgeAll())),
      // Registered last, so disposed first: work still queued is dropped before the parts go.
      { dispose: () => this.dispose() },
    );
    // What the ledger saw created is the agent's own work to the impact count of a deletion.
    useCreatedInSession((fsPath) => this.ledger.createdInSession(fsPath));
    state.own({ dispose: () => useCreatedInSession(undefined) });
    this.ledger.git.start();
    // The timeline first: the changes brought back after it are no new steps.
    this.ledger.enqueue('restore the timeline', () => this.persistence.restoreSteps());
    this.ledger.enqueue('restore flagged changes', () => this.persistence.restore());
  }

  get holding(): boolean {
    return this.holds.holding;
  }

  async flush(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const docs = this.documents.flushNow();
      const disk = this.disk.flushNow();
      await this.ledger.drained();
      if (!docs && !disk && this.ledger.queuedCount === 0) break;
    }
    await this.persistence.saveNow();
  }

  createdFile(uri: vscode.Uri, text?: string): CreatedFile | undefined {
    return this.reverts.createdFile(uri, text);
  }

  revert(uri: vscode.Uri, range?: vscode.Range): Promise<boolean> {
    return this.reverts.revert(uri, range);
  }

  accept(uri: vscode.Uri): void {
    this.ledger.accept(uri);
  }

  async restoreEvent(id: string): Promise<{ restored: number; unrestorable: string[]; present: string[] } | undefined> {
    let r: { restored: number; unrestorable: string[]; present: string[] } | undefined;
    await this.ledger.schedule('restore event', async () => {
      r = await this.ledger.restoreEvent(id);
    });
    return r;
  }

  baselineOf(uri: vscode.Uri): string | undefined {
    return this.ledger.baselineOf(uri);
  }

  findingsFor(uri: vscode.Uri): readonly EditFinding[] {
    return this.ledger.tracked.get(uri.toString())?.findings ?? [];
  }

  attributionOf(uri: vscode.Uri): string | undefined {
    const t = this.ledger.tracked.get(uri.toString());
    return t?.eventId ? t.attribution : undefined;
  }

  showDiff(uri: vscode.Uri): Promise<void> {
    return this.diagnostics.showDiff(uri);
  }

  ownWrite<T>(f: () => Thenable<T>): Promise<T> {
    return this.documents.ownWrite(f);
  }

  adopt(file: string): Promise<void> {
    return this.ledger.adopt(file);
  }

  relativePath(uri: vscode.Uri): string {
    return this.ledger.relativePath(uri);
  }

  steps(): readonly Step[] {
    return this.ledger.steps.list();
  }

  timeline(): TimelineEntry[] {
    return this.rewinds.timeline();
  }

  async savedTimeline(): Promise<TimelineEntry[]> {
    const log = new StepLog();
    await this.persistence.restoreSteps(log);
    return timelineOf(log.list());
  }

  rewindPreview(stepId: string): Promise<RewindPreview | { reason: string }> {
    return this.rewinds.preview(stepId);
  }

  rewind(preview: RewindPreview, keys: ReadonlySet<string>): Promise<RewindOutcome> {
    return this.rewinds.apply(preview, keys);
  }

  dispose(): void {
    this.ledger.dispose();
    this.documents.dispose();
    this.persistence.dispose();
  }
}

/** Starts watching edits and disk writes; returns the API the rest of the extension (and tests) use. */
export function registerEditWatching(state: State): EditWatching {
  return state.own(new EditWatcher(state));
}
