/**
 * Rewind, on the ledger: reads the files a rewind would touch as they are now, asks core/watch/
 * rewind.ts for the plan, words what cannot be put back (and takes git's committed version where
 * its text is the one the step names), then writes what the person confirmed, on the ledger's
 * queue: earlier contents byte for byte, files created since moved into a folder of their own
 * (never deleted outright), files deleted since written back. The rewind is itself a step, with the
 * bytes it replaced, so it can be rewound. Its writes are our own: the watchers stay quiet, and
 * any open flagged change of a rewound file is closed as reverted (or restored).
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { type CurrentFile, planRewind, type RewindItem, type RewindPlan, timelineOf, type TimelineEntry } from '../core/watch/rewind';
import { plural } from '../core/plain-text';
import { cannotWords } from '../core/watch/rewind-words';
import type { ContentRef, StepFile } from '../core/watch/steps';
import { TextBaseline } from '../core/watch/text-baseline';
import { decodeText, isBinary } from './baseline-store';
import { encodeLike, type EditLedger, sha } from './edit-ledger';
import { bytesHash } from './edit-writes';
import { errorText, type State } from './state';

/** One file of the preview: the plan's item, where its content comes from, and why it cannot be put back. */
export interface RewindPreviewItem extends RewindItem {
  /** `history`: the kept bytes; `git`: the committed version, whose text is the one the step names. */
  source?: 'history' | 'git';
  /** Why the file cannot be put back, in words (action `cannot`). */
  why?: string;
}

export interface RewindPreview {
  stepId: string;
  /** When the chosen step happened: the files go back to how they were just after it. */
  time: number;
  items: RewindPreviewItem[];
  /** Where files created since are moved. */
  movedTo: string;
}

export interface RewindOutcome {
  restored: string[];
  removed: string[];
  failed: string[];
  movedTo: string;
}

export class EditRewind {
  /** Committed bytes read for the preview, by key, used when the person confirms. */
  private readonly gitBytes = new Map<string, Uint8Array>();

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {}

  timeline(): TimelineEntry[] {
    return timelineOf(this.ledger.steps.list());
  }

  /** Reads the files and plans rewinding to just after `stepId`; a plan that cannot be made says why. */
  async preview(stepId: string): Promise<RewindPreview | { reason: string }> {
    const steps = this.ledger.steps.list();
    const at = steps.findIndex((s) => s.id === stepId);
    const keys = new Set<string>();
    for (const s of steps.slice(at + 1)) for (const f of s.files) keys.add(f.key);
    const now = new Map<string, CurrentFile>();
    for (const key of keys) now.set(key, await this.current(vscode.Uri.parse(key)));
    const plan: RewindPlan = planRewind(steps, stepId, (k) => now.get(k) ?? { exists: false }, this.ledger.history);
    if (!plan.ok) return { reason: plan.reason };
    this.gitBytes.clear();
    const items: RewindPreviewItem[] = [];
    for (const item of plan.items) {
      if (item.action !== 'cannot') {
        items.push({ ...item, ...(item.action !== 'remove' ? { source: 'history' as const } : {}) });
        continue;
      }
      const uri = vscode.Uri.parse(item.key);
      // Git's committed version is the fallback when its text is the one the step names.
      const committed = item.sha ? await this.ledger.git.committedBytes(uri) : undefined;
      if (committed && !isBinary(committed) && sha(decodeText(committed)) === item.sha) {
        this.gitBytes.set(item.key, committed);
        items.push({ ...item, action: now.get(item.key)?.exists ? 'restore' : 'recreate', source: 'git' });
        continue;
      }
      items.push({ ...item, why: await this.whyNot(uri, item) });
    }
    const time = steps[at].time;
    return { stepId, time, items, movedTo: this.movedToFolder(time).fsPath };
  }

  /**
   * Rewinds the files of `keys` (of the preview's items) on the ledger's queue. Files that changed
   * again since the preview was read are rewound all the same: the person chose their content.
   */
  async apply(preview: RewindPreview, keys: ReadonlySet<string>): Promise<RewindOutcome> {
    const outcome: RewindOutcome = { restored: [], removed: [], failed: [], movedTo: preview.movedTo };
    await this.ledger.schedule('rewind', async () => {
      const files: StepFile[] = [];
      for (const item of preview.items) {
        if (!keys.has(item.key) || item.action === 'cannot') continue;
        const uri = vscode.Uri.parse(item.key);
        try {
          const replaced = await this.keepCurrent(uri);
          if (item.action === 'remove') {
            await this.moveAside(uri, preview.movedTo);
            outcome.removed.push(item.path);
            files.push({ key: item.key, path: item.path, ...replaced, after: { absent: true } });
            continue;
          }
          const bytes = item.source === 'git' ? this.gitBytes.get(item.key) : item.bytes ? this.ledger.history.get(item.bytes) : undefined;
          if (!bytes) throw new Error('its earlier content is no longer kept');
          await this.writeBack(uri, bytes, item.action === 'recreate' ? 'restored' : 'reverted');
          outcome.restored.push(item.path);
          const afterBytes = this.ledger.history.keep(bytes);
          const after: ContentRef = isBinary(bytes) ? { binary: true } : { sha: sha(decodeText(bytes)) };
          files.push({ key: item.key, path: item.path, ...replaced, after, ...(afterBytes ? { afterBytes } : {}) });
        } catch (e) {
          this.state.log.error(`rewinding ${uri.fsPath} failed: ${errorText(e)}`);
          outcome.failed.push(item.path);
        }
      }
      if (files.length) {
        const when = new Date(preview.time).toLocaleTimeString();
        this.ledger.recordRewind(`rewound by you to ${when}`, files);
        this.state.audit.record({ kind: 'decision', status: 'reverted', detail: `rewound to ${new Date(preview.time).toISOString()}: ${plural(outcome.restored.length, 'file')} put back, ${outcome.removed.length} created since moved to ${preview.movedTo}${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}` });
      }
    });
    return outcome;
  }

  /** A file as it is now: what an open document shows, else its bytes on disk. */
  private async current(uri: vscode.Uri): Promise<CurrentFile> {
    const doc = this.openDocument(uri);
    if (doc?.isDirty) return { exists: true, sha: sha(doc.getText()) };
    const r = await this.ledger.store.read(uri);
    switch (r.kind) {
      case 'missing':
        return { exists: false };
      case 'text':
        return { exists: true, bytes: bytesHash(r.bytes), sha: sha(r.text) };
      case 'binary':
        return { exists: true, bytes: bytesHash(r.bytes) };
      default:
        return { exists: true };
    }
  }

  /** What the file holds now, as the rewind step's `before` (kept so the rewind can be rewound). */
  private async keepCurrent(uri: vscode.Uri): Promise<Pick<StepFile, 'before' | 'beforeBytes'>> {
    const doc = this.openDocument(uri);
    let bytes: Uint8Array | undefined;
    if (doc?.isDirty) bytes = encodeLike(doc.getText(), this.ledger.store.get(uri));
    else {
      const r = await this.ledger.store.read(uri);
      if (r.kind === 'missing') return { before: { absent: true } };
      if (r.kind === 'text' || r.kind === 'binary') bytes = r.bytes;
      // Over the baseline cap: kept when the history can hold it (it refuses more than its bound).
      else if (r.kind === 'too-large' && r.size <= this.state.config.settings.rewindMaxHistoryMB * 1024 * 1024) bytes = await vscode.workspace.fs.readFile(uri);
    }
    if (!bytes) return { before: { unknown: true } };
    const beforeBytes = this.ledger.history.keep(bytes);
    const before: ContentRef = isBinary(bytes) ? { binary: true } : { sha: sha(decodeText(bytes)) };
    return { before, ...(beforeBytes ? { beforeBytes } : {}) };
  }

  /**
   * Writes `bytes` back as the file's content and baseline. An open document is brought along as
   * our own edit (saved, so the disk holds the exact bytes); an open change of the file is closed.
   */
  private async writeBack(uri: vscode.Uri, bytes: Uint8Array, status: 'reverted' | 'restored'): Promise<void> {
    const { ledger } = this;
    const key = uri.toString();
    const text = isBinary(bytes) ? undefined : decodeText(bytes);
    const t = ledger.tracked.get(key);
    // The baseline first: the disk watcher's report of the write then finds nothing new.
    ledger.store.unpin(uri);
    ledger.store.set(uri, bytes);
    ledger.store.markKnown(uri);
    if (t && text !== undefined) {
      if (t.base) t.base.reset(text);
      else t.base = new TextBaseline(text);
      t.absent = false;
    }
    if (t?.eventId) ledger.resolve(t, status);
    const doc = this.openDocument(uri);
    if (doc && t && text !== undefined) {
      if (doc.isDirty) {
        // Unsaved agent edits: the document takes the text and is saved; then the exact bytes.
        await ledger.writes.putDocument(t, doc, text, true, undefined);
        const r = await ledger.store.read(uri);
        if (!((r.kind === 'text' || r.kind === 'binary') && bytesHash(r.bytes) === bytesHash(bytes))) await ledger.writes.putDocument(t, doc, text, true, bytes);
      } else await ledger.writes.putDocument(t, doc, text, true, bytes);
      t.diverged = false;
    } else await ledger.writes.writeOwn(uri, bytes);
    ledger.baselineMoved(uri);
  }

  /** Moves a file created since into `folder` (beside its workspace-relative path), never deleting it. */
  private async moveAside(uri: vscode.Uri, folder: string): Promise<void> {
    const { ledger } = this;
    const rel = ledger.relativePath(uri);
    const dest = vscode.Uri.file(path.join(folder, path.isAbsolute(rel) ? rel.replace(/^[/\\]+|:/g, '') : rel));
    const t = ledger.tracked.get(uri.toString());
    if (t?.eventId) ledger.resolve(t, 'reverted');
    // Forgotten first: the disk watcher's report of the deletion finds nothing it knew.
    ledger.store.forget(uri);
    const tracked = ledger.tracked.get(uri.toString());
    if (tracked) {
      tracked.absent = true;
      tracked.base = undefined;
      if (!tracked.doc) ledger.tracked.delete(tracked.key);
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(dest.fsPath)));
    try {
      await vscode.workspace.fs.rename(uri, dest, { overwrite: false });
    } catch {
      // Another device: a copy, checked, then the original goes.
      await vscode.workspace.fs.copy(uri, dest, { overwrite: false });
      const [a, b] = await Promise.all([vscode.workspace.fs.readFile(uri), vscode.workspace.fs.readFile(dest)]);
      if (bytesHash(a) !== bytesHash(b)) throw new Error(`the copy in ${dest.fsPath} differs; ${uri.fsPath} is left in place`);
      await vscode.workspace.fs.delete(uri, { useTrash: false });
    }
    this.state.log.info(`rewind: ${rel} moved to ${dest.fsPath}`);
    ledger.baselineMoved(uri);
  }

  private movedToFolder(time: number): vscode.Uri {
    const storage = this.state.context.storageUri ?? this.state.context.globalStorageUri;
    const stamp = new Date(time).toISOString().replace(/[:.]/g, '-');
    return vscode.Uri.joinPath(storage, 'rewound', `${stamp}-${Date.now().toString(36)}`);
  }

  private async whyNot(uri: vscode.Uri, item: RewindItem): Promise<string> {
    const settings = this.state.config.settings;
    let sizeKB: number | undefined;
    try {
      sizeKB = (await vscode.workspace.fs.stat(uri)).size / 1024;
    } catch {
      sizeKB = undefined;
    }
    return cannotWords(item.cannot ?? 'never-seen', { outsideWorkspace: !vscode.workspace.getWorkspaceFolder(uri), ...(sizeKB !== undefined ? { sizeKB } : {}), maxFileKB: settings.baselineMaxFileKB, maxHistoryMB: settings.rewindMaxHistoryMB });
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === key);
  }
}
