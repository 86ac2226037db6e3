/**
 * An agent's small edit to the file the person has open and focused is not typing: typing
 * happens at the cursor. (End-to-end testing found a one-line removal there going unflagged.)
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { blastRadius, TEST_GUARD_MS, until } from './helpers';

describe('an agent edit in the focused editor (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);

  it('a one-line change away from the cursor is flagged even in the focused editor', async () => {
    const api = await blastRadius();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.file(path.join(folder.uri.fsPath, 'infra/focused.tf'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('prevent_destroy'));
    const col = doc.lineAt(line).text.indexOf('true');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(line, col, line, col + 4), 'false');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('a Blast Radius diagnostic', async () => {
      await api.edits.flush();
      return vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Blast Radius');
    });
    const ev = api.state.events.list().find((e) => e.uri?.toString() === uri.toString());
    assert.equal(ev?.attribution, 'applied away from the cursor, not typed');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
