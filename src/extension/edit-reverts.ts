/**
 * Revert This Change: puts a flagged file back to its baseline (the whole file, or only the hunk
 * under a finding, after which what remains is judged again), or writes every file of a flagged
 * deletion back, byte for byte, and names any file that cannot be restored.
 */
import * as vscode from 'vscode';
import { restoreReport } from '../core/gate/held';
import { type CreatedFile, newFileRevertWords, textLines } from '../core/present';
import { revertHunks } from '../core/watch/hunks';
import type { EditLedger, Tracked } from './edit-ledger';
import { toEngineRange, toVsRange } from './edit-paths';
import type { State } from './state';

/** Answers the confirmation of a new file's revert in tests (`_blastRadius.revertTest`); the last dialog shown. */
let testAnswer: 'delete' | 'cancel' | undefined;
let lastDialog: { message: string; detail: string; button: string } | undefined;
let testCommand: vscode.Disposable | undefined;

export class EditReverts {
  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    if (state.context.extensionMode === vscode.ExtensionMode.Test && !testCommand) {
      try {
        testCommand = vscode.commands.registerCommand('_blastRadius.revertTest', (arg?: { answer?: 'delete' | 'cancel'; copyLimitBytes?: number | null }) => {
          if (arg && 'answer' in arg) testAnswer = arg.answer;
          // A smaller space for copies, so a small file counts as too large for one (null: the setting's again).
          if (arg && 'copyLimitBytes' in arg) ledger.copies.setLimit(arg.copyLimitBytes ?? Math.floor((state.config.settings.baselineMaxTotalMB * 1024 * 1024) / 4));
          return { lastDialog };
        });
      } catch {
        // Another copy of this module (a test bundle building its own watcher) registered it first.
      }
    }
  }

  /** The file, when its open flagged change created it: reverting that change deletes it. */
  createdFile(uri: vscode.Uri, text?: string): CreatedFile | undefined {
    const t = this.ledger.tracked.get(uri.toString());
    if (!t?.eventId || !(t.absent || !t.base)) return undefined;
    const ev = this.ledger.events.get(t.eventId);
    if (ev && (ev.kind === 'delete' || ev.kind === 'batch')) return undefined;
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    return { path: this.ledger.relativePath(uri), lines: textLines(text ?? doc?.getText() ?? '') };
  }

  /** Restores the baseline of the change at `range` (the whole file without one); false when there is nothing to revert. */
  async revert(uri: vscode.Uri, range?: vscode.Range): Promise<boolean> {
    const t = this.ledger.tracked.get(uri.toString());
    if (!t?.eventId) return false;
    // Reverting a change that created the file deletes it: a person says so first, in those words.
    const created = this.createdFile(uri, await this.currentText(uri));
    if (created && !(await this.confirmDelete(created))) {
      this.state.log.info(`${created.path}: not reverted (it would delete the new file)`);
      return false;
    }
    let ok = false;
    await this.ledger.schedule('revert', async () => {
      ok = await this.revertNow(t, range);
    });
    return ok;
  }

  private async currentText(uri: vscode.Uri): Promise<string | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    if (doc) return doc.getText();
    const r = await this.ledger.store.read(uri);
    return r.kind === 'text' ? r.text : undefined;
  }

  private async confirmDelete(file: CreatedFile): Promise<boolean> {
    const words = newFileRevertWords(file);
    lastDialog = { message: words.message, detail: words.detail, button: words.button };
    if (testAnswer !== undefined) return testAnswer === 'delete';
    return (await vscode.window.showWarningMessage(words.message, { modal: true, detail: words.detail }, words.button)) === words.button;
  }

  private async revertNow(t: Tracked, range?: vscode.Range): Promise<boolean> {
    const id = t.eventId;
    if (!id) return false;
    const ev = this.ledger.events.get(id);
    if (ev && (ev.kind === 'delete' || ev.kind === 'batch')) {
      const r = await this.ledger.restoreDeleted(ev);
      if (r.unrestorable.length) void vscode.window.showWarningMessage(restoreReport(r.restored, r.unrestorable));
      return r.restored > 0;
    }
    const base = t.absent || !t.base ? undefined : t.base.text();
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    // A created file, a file without a document or a revert without a range: the whole file goes back.
    if (base === undefined || !doc || !range) return this.ledger.putBack(t, 'reverted');
    const current = doc.getText();
    const finding = t.findings.find((f) => f.range && toVsRange(f.range).intersection(range));
    const target = revertHunks(base, current, toEngineRange(range), finding?.removedRange).text;
    if (target === base) return this.ledger.putBack(t, 'reverted');
    // Part of the change remains: a saved change is undone on disk too, and what is left is judged.
    await this.ledger.writes.putDocument(t, doc, target, !doc.isDirty, undefined);
    this.ledger.judgeFile(t, doc.getText(), t.attribution, 'edit', { partialRevert: true });
    if (!t.eventId) this.state.log.info(`${this.ledger.relativePath(t.uri)}: reverted the flagged part; the rest of the change is clean`);
    return true;
  }
}
