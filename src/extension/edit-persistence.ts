/**
 * Open flagged changes survive a window reload: each open event's files with their baselines (the
 * bytes too, so that Revert still writes back exactly what was there) are saved to the extension's
 * storage soon after the ledger's open events change, and judged again from there in the next window.
 */
import * as vscode from 'vscode';
import { parseState, serializeState, type SavedEvent, type SavedFile } from '../core/watch/persist';
import { ReloadDetector } from '../core/watch/reload';
import { TextBaseline } from '../core/watch/text-baseline';
import { decodeText, isBinary } from './baseline-store';
import type { EditLedger, Tracked } from './edit-ledger';
import { errorText, type State } from './state';

const STATE_FILE = 'flagged-changes.json';

export class EditPersistence implements vscode.Disposable {
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly stateFile: vscode.Uri;

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    const storage = state.context.storageUri ?? state.context.globalStorageUri;
    this.stateFile = vscode.Uri.joinPath(storage, STATE_FILE);
    state.own(
      // A flagged file's findings changed (its event opened or was judged again), or a file's event ended.
      ledger.onDidChangeFindings(({ file }) => {
        if (file.eventId) this.saveSoon();
      }),
      ledger.onDidResolve(({ eventId }) => {
        if (eventId) this.saveSoon();
      }),
    );
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveNow();
    }, 250);
  }

  /** Saves the open events now; resolves when written (a failure is logged once, never thrown). */
  saveNow(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const saved: SavedEvent[] = [];
    for (const ev of this.ledger.events.values()) {
      const files: SavedFile[] = [];
      for (const k of ev.keys) {
        const t = this.ledger.tracked.get(k);
        if (!t) continue;
        const f: SavedFile = { uri: k };
        if (t.absent) f.absent = true;
        else if (t.base) f.text = t.base.text();
        const bytes = this.ledger.store.get(t.uri);
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
        this.ledger.once('save-state', `cannot save flagged changes for the next window: ${errorText(e)}`);
      }
    });
    return this.saving;
  }

  /** Brings back the open events of the last window (run on the ledger's queue at start). */
  async restore(): Promise<void> {
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
        if (bytes) this.ledger.store.pin(uri, bytes);
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri);
        const existing = this.ledger.tracked.get(f.uri);
        const t: Tracked = existing ?? { uri, key: f.uri, base: undefined, absent: false, doc, diverged: true, pending: undefined, eventId: undefined, findings: [], attribution: saved.attribution, ownEdits: 0, reloads: new ReloadDetector(doc?.isDirty ?? false) };
        t.absent = !!f.absent;
        t.base = f.absent || baseText === undefined ? undefined : new TextBaseline(baseText);
        t.diverged = true;
        t.attribution = saved.attribution;
        this.ledger.tracked.set(f.uri, t);
        uris.push(uri);
      }
      if (saved.kind === 'delete' || saved.kind === 'batch') {
        const missing: vscode.Uri[] = [];
        for (const u of uris) if ((await this.ledger.store.read(u)).kind === 'missing') missing.push(u);
        for (const u of uris) if (!missing.includes(u)) this.ledger.forgetFile(u, 'restored');
        if (missing.length) await this.ledger.judgeDeletion(vscode.workspace.getWorkspaceFolder(missing[0]), missing, saved.attribution, { restoredTime: saved.time });
        continue;
      }
      const t = this.ledger.tracked.get(uris[0].toString());
      if (!t) continue;
      if (t.doc && !t.doc.isClosed) this.ledger.judgeFile(t, t.doc.getText(), saved.attribution, saved.kind, { restoredTime: saved.time });
      else {
        const r = await this.ledger.store.read(t.uri);
        if (r.kind === 'text') this.ledger.judgeFile(t, r.text, saved.attribution, saved.kind, { afterBytes: r.bytes, restoredTime: saved.time });
        else if (r.kind === 'missing') this.ledger.judgeFile(t, undefined, saved.attribution, saved.kind, { restoredTime: saved.time });
      }
    }
    if (events.length) this.state.log.info(`restored ${events.length} flagged change(s) from the last window`);
  }

  dispose(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }
}
