/**
 * The change ledger under the edit watcher: it owns the files the watchers hold state for, their
 * baselines (their last known content), the open flagged events, the judging queue and the life
 * cycle of a change: judged (against its baseline, by the edit engine), then settled (clean: its
 * content is the baseline now), flagged (an open event in the view and the audit trail) or
 * resolved (accepted, reverted, restored, kept, held). It records each agent step it judged (see
 * core/watch/steps.ts) and announces what happened to the modules on top of it, which import the
 * ledger and not each other:
 *
 * - edit-documents.ts and edit-disk.ts feed it changes (the editor's documents, the disk watcher);
 * - edit-diagnostics.ts shows findings (onDidChangeFindings) and the last known versions (onDidMoveBaseline);
 * - edit-holds.ts holds what was judged at gate level (onDidJudgeGate);
 * - edit-reverts.ts carries out Revert; edit-persistence.ts keeps open events across a reload (onDidChangeFindings, onDidResolve).
 *
 * All judging runs one step at a time on the ledger's queue, so a document event and a disk event
 * for the same file never race.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { evaluateBatch, evaluateEdit } from '../core/edit/engine';
import type { EditFinding, FileChange } from '../core/edit/types';
import { newFileRevertWords, textLines } from '../core/present';
import type { Attribution } from '../core/watch/classify';
import { stoppedEditFinding } from '../core/stop';
import { batchFindings, fileFindings, summarize } from '../core/watch/findings';
import { JudgedMemory } from '../core/watch/judged';
import { ContentHistory } from '../core/watch/content-history';
import { type ReloadCandidate, ReloadDetector } from '../core/watch/reload';
import { DeletedCopies } from '../core/watch/deleted-copies';
import { type ContentRef, type HookCall, StepLog, type StepFile, type StepOrigin, type StepResolution } from '../core/watch/steps';
import { TextBaseline } from '../core/watch/text-baseline';
import { toolCallClaim, toolCallFor } from '../core/watch/tool-calls';
import { HOOK_AGENT_NAMES, isHookAgent } from '../core/hook-answer';
import { hostEnv } from '../node/hooks/paths';
import { isSetAside, putBack as putBackSetAside, setAside } from '../node/moved-files';
import { ToolCallLog, toolCallsPath } from '../node/tool-calls';
import { BaselineStore, decodeText, isBinary } from './baseline-store';
import { GitBridge } from './edit-git';
import { PathFilter } from './edit-paths';
import { bytesHash, OwnWrites } from './edit-writes';
import { errorText, type EventKind, type EventStatus, type FlaggedFinding, type State } from './state';

export const ATTRIBUTION_DISK_WRITE = 'written on disk by another process';
export const ATTRIBUTION_DISK_DELETE = 'deleted on disk';
export const ATTRIBUTION_EDITOR_DELETE = 'deleted through the editor (the explorer, an extension or an in-editor agent)';
const UNDO_OR_REDO: Attribution = 'undo or redo';

/** Files remembered as created in this window, at most. */
const MAX_CREATED = 20_000;

/** Deleted files without a baseline are looked up in git only for small batches. */
const MAX_GIT_LOOKUPS = 20;

/** The statuses a watched change ends with (commands have their own). */
export type EditStatus = Extract<EventStatus, StepResolution>;

export interface Pending {
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
export interface Tracked {
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
  findings: EditFinding[];
  attribution: string;
  /** Our own edits are being applied (Revert): change events are not judged. */
  ownEdits: number;
  /** Tells VS Code's reverts and reloads of the document from edits. */
  reloads: ReloadDetector;
}

/** A flagged change that is still open: one file, or every file of a deletion batch. */
export interface OpenEvent {
  id: string;
  kind: EventKind;
  attribution: string;
  keys: string[];
  time: number;
}

/** A file's findings changed: flagged, judged again, or cleared (`file.findings` empty). */
export interface FindingsChange {
  file: Tracked;
  /** What the file holds now, when the ledger knows it (undefined: gone, or read from the document). */
  text: string | undefined;
}

/** A change was judged at gate level (the event's decision is `gate`). */
export interface GateJudgement {
  eventId: string;
  kind: EventKind;
  /** The files of the change: the one judged, or every file of a deletion (the first carries the batch's findings). */
  files: Tracked[];
  /** `new`: it just happened; `settings`: an open change judged again after a settings change; `restored`: brought back from the last window. */
  reason: 'new' | 'settings' | 'restored';
}

/** A file's change was resolved (its diagnostics are gone); `eventId` is the event it had, if any. */
export interface Resolution {
  file: Tracked;
  eventId: string | undefined;
  status: EditStatus;
}

export interface JudgeOptions {
  /** The bytes on disk when the change came from there (they become the baseline when it is clean). */
  afterBytes?: Uint8Array;
  /** Judged again because settings changed: no judged-change memory, and nothing is held. */
  settings?: boolean;
  /** Restored from the last window, with the event's time. */
  restoredTime?: number;
  /** Judge against this text instead of the baseline (the bytes last seen on disk); it becomes the baseline. */
  before?: { text: string | undefined };
  /** The content is what the document showed before its latest changes (see settle). */
  earlier?: boolean;
  /** What remains of an open change after a person reverted part of it: judged on its own, never by an earlier verdict. */
  partialRevert?: boolean;
  /** The terminal command that was running when the change came from disk (the step names it). */
  command?: DiskCommand;
}

/** The terminal command a change on disk is given to: its line, and which run of it (see Step.run). */
export interface DiskCommand {
  line: string;
  run?: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasBom(bytes: Uint8Array | undefined): boolean {
  return !!bytes && bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}

/** The bytes VS Code saves for `text` in a UTF-8 file: with a BOM when the file had one (`like`). */
export function encodeLike(text: string, like: Uint8Array | undefined): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!hasBom(like)) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM, 0);
  out.set(body, 3);
  return out;
}

export function sha(text: string | undefined): string {
  if (text === undefined) return '-';
  return createHash('sha1').update(text).digest('base64');
}

export class EditLedger implements vscode.Disposable {
  readonly tracked = new Map<string, Tracked>();
  readonly events = new Map<string, OpenEvent>();
  readonly memory = new JudgedMemory();
  /** Every change judged as it happened, for the timeline of agent steps. */
  readonly steps = new StepLog();
  /** The exact bytes the steps name before and after them, for Rewind (bounded by blastRadius.rewind.maxHistoryMB). */
  readonly history: ContentHistory;
  /**
   * Files a recorded step created in this window and that still exist as far as the ledger saw
   * (file system paths): the agent's own work, which measured impact does not count as lost.
   */
  private readonly created = new Set<string>();
  /** The agents' file tool calls our hook answered (src/node/tool-calls.ts), and the claims changes used up. */
  private readonly toolCalls = new ToolCallLog(toolCallsPath(hostEnv()));
  private readonly usedToolCalls = new Set<string>();
  readonly paths: PathFilter;
  readonly store: BaselineStore;
  readonly git: GitBridge;
  readonly writes = new OwnWrites();
  /** Copies of deleted files by event, for Restore on any deletion event while they last. */
  readonly copies: DeletedCopies;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private disposed = false;
  private readonly loggedOnce = new Set<string>();
  private readonly findingsEmitter = new vscode.EventEmitter<FindingsChange>();
  private readonly gateEmitter = new vscode.EventEmitter<GateJudgement>();
  private readonly resolveEmitter = new vscode.EventEmitter<Resolution>();
  private readonly baselineEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly stepEmitter = new vscode.EventEmitter<void>();
  /** A step was recorded (the timeline grows). */
  readonly onDidRecordStep = this.stepEmitter.event;
  /** A file's findings changed ("changed"): set, or cleared when its change resolves. */
  readonly onDidChangeFindings = this.findingsEmitter.event;
  /** A change was "judged at gate level". Fired last in its judgement, on the queue. */
  readonly onDidJudgeGate = this.gateEmitter.event;
  /** A file's change was "resolved". */
  readonly onDidResolve = this.resolveEmitter.event;
  /** A file's baseline moved (what its last known version shows). */
  readonly onDidMoveBaseline = this.baselineEmitter.event;

  constructor(private readonly state: State) {
    this.paths = state.own(new PathFilter(state));
    this.git = state.own(new GitBridge(state));
    this.store = new BaselineStore(state, this.paths);
    this.history = new ContentHistory(bytesHash, () => state.config.settings.rewindMaxHistoryMB * 1024 * 1024);
    // A quarter of the baselines' budget: the copies are what the baselines of deleted files were.
    const copyBudget = (): number => Math.floor((state.config.settings.baselineMaxTotalMB * 1024 * 1024) / 4);
    this.copies = new DeletedCopies(copyBudget());
    state.own(state.config.onDidChange(() => this.copies.setLimit(copyBudget())));
    state.own({ dispose: () => this.store.dispose() });
    state.own<vscode.Disposable>(this.findingsEmitter, this.gateEmitter, this.resolveEmitter, this.baselineEmitter, this.stepEmitter);
  }

  // -------------------------------------------------------------------------------------------
  // The queue

  enqueue(what: string, f: () => Promise<void> | void): void {
    void this.schedule(what, f);
  }

  /** Runs `f` after everything queued before it; the promise never rejects. */
  schedule(what: string, f: () => Promise<void> | void): Promise<void> {
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

  /** Resolves when everything queued so far has run. */
  drained(): Promise<void> {
    return this.chain;
  }

  /** Work queued and not yet finished. */
  get queuedCount(): number {
    return this.queued;
  }

  // -------------------------------------------------------------------------------------------
  // Judging

  /** Judges a document's change once it has been quiet (or must be judged now). */
  async judgeDocument(t: Tracked, p: Pending): Promise<void> {
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
      } else this.judgeFile(t, after, this.diskAttribution('write', [t.uri], p.since), 'disk-write', { earlier: true });
      // The disk watcher skips the write when later changes made the document dirty: the bytes the
      // document reloaded are the file's baseline bytes from now on.
      if (!t.eventId) this.enqueue('reloaded bytes', () => this.refreshBytes(t.uri, after));
      return;
    }
    this.judgeFile(t, after, p.attribution, 'edit', {});
  }

  /**
   * Judges one file's net change. `after` undefined means the file is gone. `afterBytes` are the
   * bytes on disk when the change came from there (they become the baseline when it is clean).
   */
  judgeFile(t: Tracked, after: string | undefined, attribution: string, kind: 'edit' | 'disk-write', opts: JudgeOptions): void {
    const before = opts.before ? opts.before.text : t.absent || !t.base ? undefined : t.base.text();
    if (before === after) {
      this.settle(t, after, opts.afterBytes, 'reverted', opts.earlier);
      return;
    }
    // Verdicts are per file: the same text in another file is judged by other rules.
    const beforeSha = sha(before);
    const bh = `${t.key} ${beforeSha}`;
    const ah = sha(after);
    // Agents stopped by the user: every change made from now on is held, whatever was said of it before.
    const stopped = this.state.stop.active && !opts.settings && opts.restoredTime === undefined;
    const remembered = opts.settings || stopped ? undefined : this.memory.get(bh, ah);
    // What remains after a partial revert is still this event's change: an earlier answer to the
    // same text (accepted, or clean then) is not an answer to it.
    const verdict = opts.partialRevert && remembered?.kind !== 'flagged' ? undefined : remembered;
    // A step is a change as it happens: not one judged again (settings, a reload of the window, the same text seen again).
    const step = !opts.settings && opts.restoredTime === undefined && !(verdict?.kind === 'flagged' && verdict.eventId === t.eventId);
    const files = (): StepFile[] => {
      // The bytes before: the stored ones when they are this text, else the text as VS Code would save it.
      const stored = this.store.get(t.uri);
      const storedText = stored && !isBinary(stored) ? decodeText(stored) : undefined;
      const beforeBytes = before === undefined ? undefined : this.history.keep(storedText === before ? stored! : encodeLike(before, stored));
      const afterBytes = after === undefined ? undefined : this.history.keep(opts.afterBytes ?? encodeLike(after, stored));
      return [
        {
          key: t.key,
          path: this.relativePath(t.uri),
          before: before === undefined ? (t.absent ? { absent: true } : { unknown: true }) : { sha: beforeSha },
          after: after === undefined ? { absent: true } : { sha: ah },
          ...(beforeBytes ? { beforeBytes } : {}),
          ...(afterBytes ? { afterBytes } : {}),
        },
      ];
    };
    if (verdict && verdict.kind !== 'flagged') {
      if (step) this.recordStep(kind, attribution, files(), verdict.kind === 'accepted' ? 'accepted' : 'clean', undefined, opts.command);
      this.settle(t, after, opts.afterBytes, verdict.kind === 'accepted' ? 'accepted' : 'reverted', opts.earlier);
      return;
    }
    const loc = this.paths.locate(t.uri);
    const started = performance.now();
    const result = evaluateEdit({ path: loc.path, before, after }, { policy: this.state.config.policy(), ctx: this.paths.editContext(loc) });
    const shown = stopped ? [stoppedEditFinding(this.state.stop.record?.since), ...fileFindings(result)] : fileFindings(result);
    const ms = performance.now() - started;
    if (!shown.length) {
      this.memory.set(bh, ah, { kind: 'clean' });
      if (step) this.recordStep(kind, attribution, files(), 'clean', undefined, opts.command);
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
    if (step) this.recordStep(ev?.kind ?? kind, attr, files(), 'open', t.eventId, opts.command);
    this.showFindings(t, after);
    this.state.log.info(`${loc.path}: ${shown.map((f) => `${f.ruleId} ${f.decision} ${f.score}`).join(', ')} (${attr}; judged in ${ms.toFixed(1)} ms)`);
    // flag() has just recorded the decision on the event.
    if (this.state.events.get(t.eventId!)?.decision === 'gate') this.gateEmitter.fire({ eventId: t.eventId!, kind, files: [t], reason: reasonOf(opts) });
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

  /** Judges files deleted together (one step) as one batch. */
  async judgeDeletion(folder: vscode.WorkspaceFolder | undefined, uris: vscode.Uri[], attribution: string, opts: { restoredTime?: number; settings?: boolean; command?: DiskCommand } = {}): Promise<void> {
    const lookups = { left: MAX_GIT_LOOKUPS };
    const changes: FileChange[] = [];
    const unknown = new Set<string>();
    const included: vscode.Uri[] = [];
    const pathToUri = new Map<string, vscode.Uri>();
    const refs: ContentRef[] = [];
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
      refs.push(this.lostRef(uri, t, before));
    }
    if (!changes.length) return;
    const ctx = { ...this.paths.editContext({ folder, path: '' }), ...(folder ? { folderSizes: this.store.folderSizes(folder) } : {}) };
    if (!ctx.folderSizes) delete ctx.folderSizes;
    const result = evaluateBatch(changes, { policy: this.state.config.policy(), ctx });
    const { findings, wide, byPath } = batchFindings(result);
    if (this.state.stop.active && !opts.settings && opts.restoredTime === undefined) {
      // Agents stopped by the user: every deletion from now on is held.
      const stop = { ...stoppedEditFinding(this.state.stop.record?.since), paths: changes.map((c) => c.path) };
      findings.unshift(stop);
      wide.unshift(stop);
    }
    const kind: EventKind = included.length === 1 ? 'delete' : 'batch';
    const step = !opts.settings && opts.restoredTime === undefined;
    const files = (): StepFile[] =>
      included.map((u, i) => {
        const stored = this.store.get(u);
        const lost = changes[i].before;
        // The stored bytes are what was lost, unless the ledger knew newer text (an open document's).
        const bytes = stored && (isBinary(stored) || decodeText(stored) === lost || unknown.has(u.toString())) ? stored : 'sha' in refs[i] ? encodeLike(lost ?? '', stored) : undefined;
        const beforeBytes = bytes ? this.history.keep(bytes) : undefined;
        return { key: u.toString(), path: changes[i].path, before: refs[i], after: { absent: true }, ...(beforeBytes ? { beforeBytes } : {}) };
      });
    if (!findings.length) {
      if (!step) {
        for (const u of included) this.forgetFile(u, opts.settings ? 'allowed' : 'accepted');
        return;
      }
      // Nothing risky, but files are gone: a quiet event, restorable from its copies while they last.
      const ev = this.state.events.add({ kind, uri: included[0], ...(included.length > 1 ? { uris: included } : {}), score: 0, severity: 'none', decision: 'allow', attribution, findings: [], status: 'kept' });
      this.recordStep(kind, attribution, files(), 'clean', undefined, opts.command);
      for (const u of included) this.forgetFile(u, 'accepted', ev.id);
      const copied = this.copies.of(ev.id).size;
      this.audit(ev.id, kind, included[0], 'kept', `${attribution}; ${included.length === 1 ? '1 file' : `${included.length} files`}, nothing flagged${copied ? `; a copy of ${copied === included.length ? (copied === 1 ? 'it' : 'each') : `${copied} of them`} is kept for Restore` : ''}`, []);
      this.state.log.info(`${included.length === 1 ? this.relativePath(included[0]) : `${included.length} files (${this.relativePath(included[0])}, …)`} deleted (${attribution}): nothing flagged; ${copied ? `kept a copy of ${copied} for Restore in Recent Events` : 'no copy kept'}`);
      return;
    }
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
        if (old && !old.keys.length) {
          this.events.delete(old.id);
          this.steps.resolveEvent(old.id, 'kept', Date.now());
        }
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
    if (step) this.recordStep(kind, attribution, files(), 'open', id, opts.command);
    for (const t of trackedFiles) {
      t.eventId = id;
      t.attribution = attribution;
      t.diverged = true;
      const own = byPath.get(this.paths.locate(t.uri).path) ?? [];
      t.findings = t === first ? [...wide, ...own] : own;
      this.showFindings(t, undefined);
    }
    const s = summarize(findings);
    this.state.log.info(`${included.length} file(s) deleted on disk: ${findings.map((f) => `${f.ruleId} ${f.decision} ${f.score}`).join(', ')} (score ${s.score})`);
    if (s.decision === 'gate') this.gateEmitter.fire({ eventId: id, kind, files: trackedFiles, reason: reasonOf(opts) });
  }

  /** What a deleted file's content was, as a step records it (`before` as lostText gave it). */
  private lostRef(uri: vscode.Uri, t: Tracked | undefined, before: string | null): ContentRef {
    if (before === null) return { unknown: true };
    const bytes = t?.base ? undefined : this.store.get(uri);
    return bytes && isBinary(bytes) ? { binary: true } : { sha: sha(before) };
  }

  private recordStep(kind: EventKind, attribution: string, files: StepFile[], resolution: StepResolution, eventId?: string, command?: DiskCommand): void {
    // Commands are the terminal pipeline's steps; the ledger's events are never commands.
    if (kind === 'command') return;
    for (const f of files) {
      const fsPath = vscode.Uri.parse(f.key).fsPath;
      if ('absent' in f.after) this.created.delete(fsPath);
      else if ('absent' in f.before && this.created.size < MAX_CREATED) this.created.add(fsPath);
    }
    const origin = command !== undefined && kind !== 'edit' ? 'terminal' : originOf(kind, attribution);
    const now = Date.now();
    const via = origin === 'disk' || origin === 'hook' ? this.hookCallFor(files.map((f) => f.key), now) : undefined;
    this.steps.record({
      time: now,
      kind,
      origin: via ? 'hook' : origin,
      attribution: via ? hookAttribution(kind === 'delete' || kind === 'batch' ? 'delete' : 'write', via) : attribution,
      files,
      resolution,
      ...(eventId ? { eventId } : {}),
      ...(command !== undefined ? { command: command.line, ...(command.run !== undefined && kind !== 'edit' ? { run: command.run } : {}) } : {}),
      ...(via ? { via } : {}),
    });
    this.stepEmitter.fire();
  }

  /**
   * The agent tool call that changed every one of the files on disk, when our hook answered it (the
   * hook records the files each call will change); its claim on each file is used up.
   */
  private hookCallFor(keys: readonly string[], at: number, claim = true): HookCall | undefined {
    if (!keys.length) return undefined;
    const records = this.toolCalls.recent();
    if (!records.length) return undefined;
    // Resolved as the records' paths are: a link on either side (macOS's /tmp) still matches.
    const paths = keys.map((k) => vscode.Uri.parse(k)).map((u) => (u.scheme === 'file' ? this.toolCalls.realPaths.of(u.fsPath) : undefined));
    if (paths.some((p) => p === undefined)) return undefined;
    const first = toolCallFor(records, paths[0]!, at, this.usedToolCalls);
    if (!first || !paths.every((p) => first.files.includes(p!))) return undefined;
    if (claim) {
      if (this.usedToolCalls.size > 10_000) this.usedToolCalls.clear();
      for (const p of paths) this.usedToolCalls.add(toolCallClaim(first, p!));
    }
    return { agent: isHookAgent(first.agent) ? HOOK_AGENT_NAMES[first.agent] : first.agent, tool: first.tool, time: first.time };
  }

  /** A person rewound files: a step of its own, which can be rewound in turn. */
  recordRewind(attribution: string, files: StepFile[]): void {
    this.steps.record({ time: Date.now(), kind: 'rewind', origin: 'person', attribution, files, resolution: 'clean' });
    this.stepEmitter.fire();
  }

  /**
   * A change on disk the engine does not judge (a binary file, one over the baseline size cap) is
   * still a step of the timeline: Rewind puts a binary file back from its kept bytes, and names a
   * file too large to keep as one it cannot restore. Unchanged bytes are no step.
   */
  recordUnjudgedWrite(uri: vscode.Uri, after: Uint8Array | undefined, attribution: string, command: DiskCommand | undefined): void {
    const stored = this.store.get(uri);
    if (stored && after && bytesHash(stored) === bytesHash(after)) return;
    const known = this.store.isKnown(uri) || this.tracked.has(uri.toString());
    const beforeBytes = stored ? this.history.keep(stored) : undefined;
    const afterBytes = after ? this.history.keep(after) : undefined;
    const before: ContentRef = stored ? (isBinary(stored) ? { binary: true } : { sha: sha(decodeText(stored)) }) : known ? { unknown: true } : { absent: true };
    const file: StepFile = { key: uri.toString(), path: this.relativePath(uri), before, after: after ? { binary: true } : { unknown: true }, ...(beforeBytes ? { beforeBytes } : {}), ...(afterBytes ? { afterBytes } : {}) };
    this.recordStep('disk-write', attribution, [file], 'clean', undefined, command);
    // It exists: its next change is not the creation of a new file.
    this.store.markKnown(uri);
  }

  /** True when a step this window recorded created the file at `fsPath` (see `created`). */
  createdInSession(fsPath: string): boolean {
    return this.created.has(fsPath);
  }

  /** Settings changed (strictness, rules, allow-list, pause): judge every open change again. */
  rejudgeAll(): void {
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

  private async rejudgeDeletion(ev: OpenEvent): Promise<void> {
    const uris = ev.keys.map((k) => this.tracked.get(k)?.uri).filter((u): u is vscode.Uri => !!u);
    if (!uris.length) return;
    await this.judgeDeletion(vscode.workspace.getWorkspaceFolder(uris[0]), uris, ev.attribution, { settings: true });
  }

  /** A closed document may have discarded the flagged text: judge what is on disk now. */
  async rejudgeFromDisk(t: Tracked): Promise<void> {
    if (t.doc) return;
    const r = await this.store.read(t.uri);
    const ev = t.eventId ? this.events.get(t.eventId) : undefined;
    if (r.kind === 'text') this.judgeFile(t, r.text, t.attribution || ATTRIBUTION_DISK_WRITE, ev?.kind === 'edit' ? 'edit' : 'disk-write', { afterBytes: r.bytes });
    else if (r.kind === 'missing' && ev && (ev.kind === 'delete' || ev.kind === 'batch')) this.showFindings(t, undefined);
  }

  // -------------------------------------------------------------------------------------------
  // The life cycle: settle, flag, resolve

  /**
   * The change is clean (or no longer there): its content becomes the baseline. `earlier` says the
   * content is what the document showed before its latest changes (a reload they followed), which
   * keep waiting for their own judgement.
   */
  settle(t: Tracked, after: string | undefined, afterBytes: Uint8Array | undefined, status: EditStatus, earlier = false): void {
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
    this.baselineMoved(t.uri);
  }

  /** Opens (or updates) the event of a flagged file and records it. */
  private flag(t: Tracked, findings: EditFinding[], attribution: string, kind: EventKind, keys: string[], restoredTime?: number): void {
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
  }

  /** Closes the file's event (if it has one) with a status, and clears its findings. */
  resolve(t: Tracked, status: EditStatus): void {
    const id = t.eventId;
    t.eventId = undefined;
    t.findings = [];
    t.pending = undefined;
    this.showFindings(t, undefined);
    if (id) {
      const ev = this.events.get(id);
      const keys = ev ? ev.keys.filter((k) => k !== t.key) : [];
      if (ev && keys.length) {
        // Other files of the batch are still open.
        ev.keys = keys;
      } else {
        this.events.delete(id);
        this.steps.resolveEvent(id, status, Date.now());
        const shown = this.state.events.get(id);
        if (shown && shown.status === 'open') {
          this.state.events.update(id, { status });
          this.audit(id, 'decision', t.uri, status, `change ${status}`, shown.findings);
        }
      }
      this.store.unpin(t.uri);
    }
    this.resolveEmitter.fire({ file: t, eventId: id, status });
    if (!t.doc && !t.eventId) this.tracked.delete(t.key);
  }

  /**
   * A deleted file whose deletion is settled: its baseline goes, and becomes the copy its event
   * (`eventId`, else the flagged event it had) keeps for Restore.
   */
  forgetFile(uri: vscode.Uri, status: EditStatus, eventId?: string): void {
    const t = this.tracked.get(uri.toString());
    const id = eventId ?? t?.eventId;
    if (id && status !== 'restored') {
      const bytes = this.store.get(uri) ?? (t?.base && !t.absent ? new TextEncoder().encode(t.base.text()) : undefined);
      if (bytes) this.copies.keep(id, uri.toString(), bytes);
    }
    if (t) {
      this.resolve(t, status);
      if (!t.doc) this.tracked.delete(t.key);
    }
    this.store.forget(uri);
  }

  /**
   * Restore on a deletion event: an open one as Revert does; a settled one from the copies it kept
   * (else the committed version), never over a file that is there again. Undefined when the event
   * is no deletion the ledger knows of.
   */
  async restoreEvent(id: string): Promise<{ restored: number; unrestorable: string[]; present: string[] } | undefined> {
    const open = this.events.get(id);
    if (open && (open.kind === 'delete' || open.kind === 'batch')) return { ...(await this.restoreDeleted(open)), present: [] };
    const shown = this.state.events.get(id);
    if (!shown || (shown.kind !== 'delete' && shown.kind !== 'batch')) return undefined;
    const copies = this.copies.of(id);
    const uris = shown.uris ?? (shown.uri ? [shown.uri] : []);
    let restored = 0;
    const unrestorable: string[] = [];
    const present: string[] = [];
    for (const uri of uris) {
      const key = uri.toString();
      if ((await this.store.read(uri)).kind !== 'missing') {
        present.push(this.relativePath(uri));
        continue;
      }
      const stored = this.setAsideOf(id, key);
      if (stored && (await isSetAside(stored))) {
        try {
          await putBackSetAside(stored, uri.fsPath);
          restored++;
        } catch (e) {
          this.state.log.error(`restoring ${uri.fsPath} from ${stored} failed: ${errorText(e)}`);
          unrestorable.push(this.relativePath(uri));
        }
        continue;
      }
      const bytes = copies.get(key) ?? (await this.git.committedBytes(uri));
      if (!bytes) {
        unrestorable.push(this.relativePath(uri));
        continue;
      }
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
        await this.writes.writeOwn(uri, bytes);
        this.store.set(uri, bytes);
        this.copies.drop(id, key);
        restored++;
      } catch (e) {
        this.state.log.error(`restoring ${uri.fsPath} failed: ${errorText(e)}`);
        unrestorable.push(this.relativePath(uri));
      }
    }
    if (restored) {
      this.state.events.update(id, { status: 'restored' });
      this.steps.resolveEvent(id, 'restored', Date.now());
      this.audit(id, 'decision', uris[0], 'restored', `restored ${restored} of ${uris.length} from the copies kept`, shown.findings);
      this.state.log.info(`restored ${restored} deleted ${restored === 1 ? 'file' : 'files'} of event ${id}${unrestorable.length ? `; no copy of ${unrestorable.join(', ')}` : ''}`);
    }
    return { restored, unrestorable, present };
  }

  /** Marks the file's flagged change reviewed: its current content becomes the baseline. */
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

  /** The file's bytes on disk are its baseline bytes, when they still hold `text`. */
  async refreshBytes(uri: vscode.Uri, text: string): Promise<void> {
    const r = await this.store.read(uri);
    if (r.kind === 'text' && r.text === text) {
      this.store.unpin(uri);
      this.store.set(uri, r.bytes);
    }
  }

  audit(eventId: string, kind: EventKind | 'decision', uri: vscode.Uri, status: EventStatus, detail: string, findings: readonly FlaggedFinding[]): void {
    const s = summarize(findings);
    try {
      this.state.audit.record({ kind, eventId, path: this.relativePath(uri), score: s.score, severity: s.severity, decision: s.decision, ruleIds: [...new Set(findings.map((f) => f.ruleId))], status, detail });
    } catch (e) {
      this.state.log.error(`audit failed: ${errorText(e)}`);
    }
  }

  /** Tells the modules showing the file's findings that they changed (`text`: what the file holds, when known). */
  showFindings(t: Tracked, text: string | undefined): void {
    this.findingsEmitter.fire({ file: t, text });
  }

  /** Tells the modules showing the file's last known version that it moved. */
  baselineMoved(uri: vscode.Uri): void {
    this.baselineEmitter.fire(uri);
  }

  // -------------------------------------------------------------------------------------------
  // Putting files back

  /**
   * Puts an edited file back to its baseline, byte for byte when the baseline's bytes are known,
   * and settles its change with `status`; a change that created the file removes it (into the
   * trash when possible). A saved change is undone on disk too.
   */
  async putBack(t: Tracked, status: EditStatus): Promise<boolean> {
    const bytes = this.store.get(t.uri);
    const base = t.absent || !t.base ? undefined : t.base.text();
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    if (base === undefined) {
      // The change created the file: reverting it removes the file. A revert keeps a copy first, as
      // every deletion the editor sees does (a held file's copy is the held proposal itself). A file
      // too large for the copies is moved into our storage instead, so nothing is lost.
      if (status !== 'held' && !doc?.isDirty && t.uri.scheme === 'file') {
        const size = await vscode.workspace.fs.stat(t.uri).then((st) => st.size, () => -1);
        if (size > this.copies.limit) {
          if (!(await this.setAsideNewFile(t.uri, 'Revert'))) return false;
          this.settle(t, undefined, undefined, status);
          this.tracked.delete(t.key);
          this.store.forget(t.uri);
          return true;
        }
      }
      const kept = status === 'held' ? undefined : await this.currentBytes(t, doc);
      await vscode.workspace.fs.delete(t.uri, { useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(t.uri, { useTrash: false }));
      this.settle(t, undefined, undefined, status);
      this.tracked.delete(t.key);
      this.store.forget(t.uri);
      if (kept) await this.keepDeletedNewFile(t.uri, kept, 'Revert');
      return true;
    }
    const exactBytes = bytes && !isBinary(bytes) && decodeText(bytes) === base ? bytes : undefined;
    if (!doc) {
      await this.writes.writeOwn(t.uri, exactBytes ?? new TextEncoder().encode(base));
      this.settle(t, base, exactBytes, status);
      return true;
    }
    // With the baseline's own bytes when the whole file goes back.
    await this.writes.putDocument(t, doc, base, !doc.isDirty, exactBytes);
    this.settle(t, doc.isClosed ? base : doc.getText(), undefined, status);
    if (t.base && !doc.isClosed && doc.getText() !== base) {
      // The document could not be brought back exactly (its line endings, say): judge what it shows.
      this.judgeFile(t, doc.getText(), t.attribution || ATTRIBUTION_DISK_WRITE, 'edit', {});
    }
    return true;
  }

  /** What a file holds now: an open document's text when it has unsaved changes, else its bytes on disk. */
  private async currentBytes(t: Tracked, doc: vscode.TextDocument | undefined): Promise<Uint8Array | undefined> {
    if (doc?.isDirty) return new TextEncoder().encode(doc.getText());
    const r = await this.store.read(t.uri);
    if (r.kind === 'text' || r.kind === 'binary') return r.bytes;
    return doc ? new TextEncoder().encode(doc.getText()) : undefined;
  }

  /**
   * A new file that Revert (or Discard of a held one) deleted: a quiet deletion event that keeps its
   * bytes, so Restore in Recent Events brings it back while the copy lasts, and a log line that says
   * it was deleted.
   */
  async keepDeletedNewFile(uri: vscode.Uri, bytes: Uint8Array, how: 'Revert' | 'Discard'): Promise<void> {
    const file = { path: this.relativePath(uri), lines: isBinary(bytes) ? 0 : textLines(decodeText(bytes)) };
    const words = newFileRevertWords(file);
    const ev = this.state.events.add({ kind: 'delete', uri, score: 0, severity: 'none', decision: 'allow', attribution: how === 'Revert' ? 'reverted by you: the change created it' : 'discarded by you: the held change created it', findings: [], status: 'kept' });
    const log = how === 'Revert' ? words.log : words.log.replace(/^Revert:/, 'Discard:');
    if (this.copies.keep(ev.id, uri.toString(), bytes)) {
      this.audit(ev.id, 'delete', uri, 'kept', log, []);
      this.state.log.info(log);
      return;
    }
    // Larger than the space for copies (a discarded held file, whose bytes are only in memory): they
    // are written into our storage, where Restore finds them.
    const dir = this.setAsideDir();
    const stored = dir && path.join(dir, `${ev.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${path.basename(uri.fsPath)}`);
    const written = stored ? await fs.mkdir(dir, { recursive: true }).then(() => fs.writeFile(stored, bytes, { flag: 'wx' })).then(() => true, (e: unknown) => (this.state.log.error(`setting ${uri.fsPath} aside failed: ${errorText(e)}`), false)) : false;
    if (written) this.recordSetAside(ev.id, uri, stored!);
    const said = written ? `${log.slice(0, log.indexOf(';'))}; it is larger than the space for copies, so it was set aside in the extension's storage for Restore in Recent Events` : `${log.slice(0, log.indexOf(';'))}; it is larger than the space for copies and could not be set aside, so no copy was kept`;
    this.audit(ev.id, 'delete', uri, 'kept', said, []);
    if (written) this.state.log.info(said);
    else this.state.log.warn(said);
  }

  /** Where new files too large for the copies are set aside (our storage), or undefined without a file path. */
  private setAsideDir(): string | undefined {
    const storage = this.state.context.storageUri ?? this.state.context.globalStorageUri;
    return storage.scheme === 'file' ? path.join(storage.fsPath, 'set-aside') : undefined;
  }

  /** The event remembers where its file was set aside (kept with Recent Events across reloads). */
  private recordSetAside(eventId: string, uri: vscode.Uri, stored: string): void {
    const setAside = { ...(this.state.events.get(eventId)?.setAside ?? {}), [uri.toString()]: stored };
    this.state.events.update(eventId, { setAside });
  }

  /** A set-aside file of an event, only when it lies in our own folder for them. */
  private setAsideOf(eventId: string, key: string): string | undefined {
    const stored = this.state.events.get(eventId)?.setAside?.[key];
    const dir = this.setAsideDir();
    return stored && dir && path.dirname(stored) === dir ? stored : undefined;
  }

  /**
   * Reverting a new file larger than the space for copies: the file is moved into our storage (a
   * rename, or a checked copy across file systems when it fits the baselines' budget) as a quiet
   * deletion event that Restore undoes. When it cannot be moved, it stays where it is and the person
   * is told; false then.
   */
  private async setAsideNewFile(uri: vscode.Uri, how: 'Revert'): Promise<boolean> {
    const rel = this.relativePath(uri);
    const dir = this.setAsideDir();
    const name = `${Date.now().toString(36)}-${createHash('sha256').update(uri.toString()).digest('hex').slice(0, 8)}`;
    const r = dir ? await setAside(uri.fsPath, dir, name, this.state.config.settings.baselineMaxTotalMB * 1024 * 1024) : { kind: 'kept' as const, reason: 'the extension has no storage folder on disk' };
    if (r.kind === 'kept') {
      const said = `${how}: kept the new file ${rel}: it is larger than the space for copies and could not be set aside (${r.reason}), so it was not deleted`;
      this.state.log.warn(said);
      void vscode.window.showWarningMessage(`Blast Radius: ${said}.`);
      return false;
    }
    const ev = this.state.events.add({ kind: 'delete', uri, score: 0, severity: 'none', decision: 'allow', attribution: 'reverted by you: the change created it', findings: [], status: 'kept' });
    this.recordSetAside(ev.id, uri, r.stored);
    const said = `${how}: deleted the new file ${rel}; it is larger than the space for copies, so it was moved into the extension's storage for Restore in Recent Events`;
    this.audit(ev.id, 'delete', uri, 'kept', said, []);
    this.state.log.info(said);
    return true;
  }

  /**
   * Writes every file of a deletion back, byte for byte: from the baseline store, else the text last
   * seen (newer than any commit; as the committed bytes when it is that version), else the committed
   * version. A file known by none of them is named, not invented.
   */
  async restoreDeleted(ev: OpenEvent): Promise<{ restored: number; unrestorable: string[] }> {
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
        await this.writes.writeOwn(t.uri, bytes);
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
  // Baselines

  /**
   * We just wrote or deleted this file ourselves (the policy file kept in step with the settings,
   * an agent hook a person added or removed): what is on disk now is its baseline, not a change.
   */
  async adopt(file: string): Promise<void> {
    const uri = vscode.Uri.file(file);
    if (this.tracked.get(uri.toString())?.eventId) return;
    const r = await this.store.read(uri);
    if (r.kind === 'text' || r.kind === 'binary') this.store.set(uri, r.bytes);
    else if (r.kind === 'missing') this.store.forget(uri);
  }

  /** The text a file is judged against, if known. */
  baselineOf(uri: vscode.Uri): string | undefined {
    const t = this.tracked.get(uri.toString());
    if (t) return t.absent ? '' : t.base?.text();
    const bytes = this.store.get(uri);
    return bytes && !isBinary(bytes) ? decodeText(bytes) : undefined;
  }

  /**
   * How a change on disk happened, in words: with the terminal command that was running in its
   * folder at the time when the terminal pipeline knows one, else by "another process".
   */
  diskAttribution(kind: 'write' | 'delete', uris: readonly vscode.Uri[], at: number, mtime?: number): string {
    const found = this.diskCommand(uris, at, mtime);
    if (!found) {
      // An agent's tool call our hook answered: the event names it as its step does (the step takes the claim).
      const via = this.hookCallFor(uris.map((u) => u.toString()), at, false);
      if (via) return hookAttribution(kind, via);
      return kind === 'write' ? ATTRIBUTION_DISK_WRITE : ATTRIBUTION_DISK_DELETE;
    }
    const command = `"${oneLine(found.line, 80)}"`;
    const terminal = `terminal "${oneLine(found.terminal, 40)}"`;
    return kind === 'write' ? `written on disk while ${command} was running in ${terminal}` : `deleted on disk while ${command} was running in ${terminal}`;
  }

  /**
   * The one terminal command that was running in the folder of every file at `at` (when the change
   * was seen; `mtime`, when the file was written, tells commands run one after another apart), as
   * the terminal pipeline knows it.
   */
  diskCommand(uris: readonly vscode.Uri[], at: number, mtime?: number): { line: string; run: string; terminal: string } | undefined {
    const files = uris.filter((u) => u.scheme === 'file').slice(0, 50);
    const found = files.length ? this.state.commandRunningAt(files[0].fsPath, at, mtime) : undefined;
    // Every file of a deletion in the same command's folder, or the command is not named.
    if (!found || files.some((u) => this.state.commandRunningAt(u.fsPath, at, mtime)?.id !== found.id)) return undefined;
    return found;
  }

  /** The path the engine and allow entries use: workspace-relative with `/`. */
  relativePath(uri: vscode.Uri): string {
    return this.paths.locate(uri).path;
  }

  /** Logs a line once per key (per file, or per kind of problem). */
  once(key: string, line: string): void {
    if (this.loggedOnce.has(key)) return;
    if (this.loggedOnce.size > 10_000) this.loggedOnce.clear();
    this.loggedOnce.add(key);
    this.state.log.info(line);
  }

  /** Work queued from now on is dropped: the window is closing. */
  dispose(): void {
    this.disposed = true;
  }
}

/** A change on disk made by an agent's tool call our hook answered, in words (the event's and the step's alike). */
function hookAttribution(kind: 'write' | 'delete', via: HookCall): string {
  return `${kind === 'delete' ? 'deleted' : 'written'} by ${via.agent}'s ${via.tool} tool call, through its hook`;
}

/** A command line or name on one line, at most `max` characters. */
function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

function reasonOf(opts: { settings?: boolean; restoredTime?: number }): GateJudgement['reason'] {
  return opts.settings ? 'settings' : opts.restoredTime !== undefined ? 'restored' : 'new';
}

/** Where a step came from, as far as the watchers can tell (a disk write's process is named later, by the terminal and hook pipelines). */
function originOf(kind: EventKind, attribution: string): StepOrigin {
  return kind === 'edit' || attribution === ATTRIBUTION_EDITOR_DELETE ? 'editor' : 'disk';
}
