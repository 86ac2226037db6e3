/**
 * A rule's documentation page, shipped with the extension (docs/rules/<id>.md, written by
 * `npm run docs`). Every way to reach it goes through here: the link a diagnostic carries (its
 * code target, which the Problems view and the hover open), and the `blastRadius.showRuleDocs`
 * command behind the hover's link, the quick fix, the events view and the terminal warning's
 * "Show Rule" button.
 */
import * as vscode from 'vscode';
import type { State } from './state';

/** Where the page of `ruleId` is, in this installation of the extension. */
export function ruleDocsUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/**
 * Shows the page of `ruleId`, rendered (as text where the Markdown preview is not available).
 * A page missing from this build is said to the user and logged. Resolves to whether it showed.
 */
export async function openRuleDocs(state: State, ruleId: string): Promise<boolean> {
  const uri = ruleDocsUri(state.context.extensionUri, ruleId);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    state.log.warn(`no documentation page for ${ruleId} at ${uri.fsPath}`);
    void vscode.window.showInformationMessage(`Blast Radius: no documentation page for ${ruleId} in this build.`);
    return false;
  }
  await showRendered(uri);
  return true;
}

/**
 * Shows a Markdown document rendered (the built-in Markdown preview), or as text where the preview
 * is not available (the Markdown extension disabled). Rule pages and an event's details open so.
 */
export async function showRendered(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}
