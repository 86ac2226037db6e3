/**
 * Read-only documents holding a file's baseline, under a scheme of our own, so that VS Code's
 * diff editor can show "last known version ↔ now" and related information can point into the
 * removed text. The URI keeps the file's path (for the language and the tab title) and carries
 * the real file's URI in its query.
 */
import * as vscode from 'vscode';

export const BASELINE_SCHEME = 'blast-radius-baseline';

export function baselineUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: BASELINE_SCHEME, path: file.path, query: encodeURIComponent(file.toString()) });
}

export function fileOfBaselineUri(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== BASELINE_SCHEME) return undefined;
  try {
    return vscode.Uri.parse(decodeURIComponent(uri.query), true);
  } catch {
    return undefined;
  }
}

export class BaselineContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly baselineOf: (file: vscode.Uri) => string | undefined) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const file = fileOfBaselineUri(uri);
    return (file && this.baselineOf(file)) ?? '';
  }

  /** Tells open baseline documents of the file that the baseline changed. */
  changed(file: vscode.Uri): void {
    this.emitter.fire(baselineUri(file));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export const PROPOSED_SCHEME = 'blast-radius-proposed';

/** A read-only document with the content an agent proposed for a held file (`id` names the hold). */
export function proposedUri(file: vscode.Uri, id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: file.path, query: id });
}

/** Serves held proposals by their hold id; they go when the hold is decided. */
export class ProposedContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly proposalOf: (id: string) => string | undefined) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposalOf(uri.query) ?? '';
  }
}
