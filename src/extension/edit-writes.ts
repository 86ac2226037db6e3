/**
 * Our own writes: what Revert, Restore and Apply anyway put into files and documents. They are
 * remembered (the bytes' hash and when) so that the disk watcher's report of them stays quiet,
 * while an agent writing again right after them is still judged; a document we edit counts its
 * own edits so that their change events are not judged either.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { minimalReplace } from '../core/watch/hunks';

/** How long a write waits for VS Code to reload a document after writing the file. */
const RELOAD_WAIT_MS = 3000;

export function bytesHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/** A document whose change events are ours while `ownEdits` is above zero. */
export interface OwnEdited {
  uri: vscode.Uri;
  ownEdits: number;
}

export class OwnWrites {
  /** Files we wrote, by `Uri.toString()`: the hash of the bytes and when, so their events stay quiet. */
  readonly recent = new Map<string, { hash: string; at: number }>();

  async writeOwn(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
    this.recent.set(uri.toString(), { hash: bytesHash(bytes), at: Date.now() });
    await vscode.workspace.fs.writeFile(uri, bytes);
  }

  /**
   * Puts `text` into an open document as our own edit. With `save` the file on disk holds it
   * afterwards: given its exact bytes, they are written and VS Code reloads them (falling back to an
   * edit if it does not within RELOAD_WAIT_MS); otherwise the document is saved.
   */
  async putDocument(t: OwnEdited, doc: vscode.TextDocument, text: string, save: boolean, exact: Uint8Array | undefined): Promise<void> {
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
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}
