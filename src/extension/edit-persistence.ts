/**
 * Open flagged changes survive a window reload: each open event's files with their baselines (the
 * bytes too, so that Revert still writes back exactly what was there) are saved to the extension's
 * storage soon after the ledger's open events change, and judged again from there in the next window.
 *
 * So does the timeline of agent steps: the newest steps (bounded, core/watch/steps.ts) with the ids
 * of the contents they name, not the contents. In the next window Rewind writes back what the
 * baseline store still holds under those ids (a file as it is on disk) or git's committed version,
 * and names the rest as kept by the window before.
 */
import * as vscode from 'vscode';
import { parseState, serializeState, type SavedEvent, type SavedFile } from '../core/watch/persist';
import { parseSteps, serializeSteps, type StepLog } from '../core/watch/steps';
import { bytesHash } from './edit-writes';
import { ReloadDetector } from '../core/watch/reload';
import { TextBaseline } from '../core/watch/text-baseline';
import { decodeText, isBinary } from './baseline-store';
import type { EditLedger, Tracked } from './edit-ledger';
import { errorText, type State } from './state';

const STATE_FILE = 'flagged-changes.json';
const STEPS_FILE = 'agent-steps.json';
/** How long after a step the timeline is saved (a command writing thousands of files records as many steps). */
const STEPS_SAVE_MS = 2000;

export class EditPersistence implements vscode.Disposable {
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private stepsTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly stateFile: vscode.Uri;
  private readonly stepsFile: vscode.Uri;

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    const storage = state.context.storageUri ?? state.context.globalStorageUri;
    this.stateFile = vscode.Uri.joinPath(storage, STATE_FILE);
    this.stepsFile = vscode.Uri.joinPath(storage, STEPS_FILE);
    state.own(
      // A flagged file's findings changed (its event opened or was judged again), or a file's event ended.
      ledger.onDidChangeFindings(({ file }) => {
        if (file.eventId) this.saveSoon();
      }),
      ledger.onDidResolve(({ eventId }) => {
        if (eventId) this.saveSoon();
        this.saveStepsSoon();
      }),
      ledger.onDidRecordStep(() => this.saveStepsSoon()),
    );
  }

  private saveStepsSoon(): void {
    if (this.stepsTimer) return;
    this.stepsTimer = setTimeout(() => {
      this.stepsTimer = undefined;
      void this.saveSteps();
    }, STEPS_SAVE_MS);
  }

  /** Saves the newest steps of the timeline now (a failure is logged once, never thrown). */
  private saveSteps(): Promise<void> {
    if (this.stepsTimer) {
      clearTimeout(this.stepsTimer);
      this.stepsTimer = undefined;
    }
    const text = serializeSteps(this.ledger.steps.list());
    this.saving = this.saving.then(async () => {
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.stepsFile, '..'));
        await vscode.workspace.fs.writeFile(this.stepsFile, new TextEncoder().encode(text));
      } catch (e) {
        this.ledger.once('save-steps', `cannot save the timeline of agent steps for the next window: ${errorText(e)}`);
      }
    });
    return this.saving;
  }

  /**
   * Brings the last window's steps back into `log` (the ledger's, at start), before this window's.
   * The contents they name are this window's again where the baseline store holds the same bytes.
   */
  async restoreSteps(log: StepLog = this.ledger.steps): Promise<void> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.stepsFile));
    } catch {
      return;
    }
    const { steps, problems } = parseSteps(text);
    for (const p of problems) this.state.log.warn(`restoring the timeline: ${p}`);
    if (!steps.length) return;
    log.restore(steps);
    const ids = new Set<string>();
    for (const s of steps) for (const f of s.files) for (const id of [f.beforeBytes, f.afterBytes]) if (id !== undefined) ids.add(id);
    this.ledger.history.rememberEarlier(ids);
    if (log === this.ledger.steps) this.state.log.info(`restored ${steps.length} agent step${steps.length === 1 ? '' : 's'} from the last window`);
    void this.ledger.store.ready.then(() => {
      for (const key of new Set(steps.flatMap((s) => s.files.map((f) => f.key)))) {
        const bytes = this.ledger.store.get(vscode.Uri.parse(key));
        if (bytes && ids.has(bytesHash(bytes))) this.ledger.history.keep(bytes);
      }
    });
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
    if (this.stepsTimer) void this.saveSteps();
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
    // The last steps are written as the window goes.
    if (this.stepsTimer) void this.saveSteps();
  }
}
