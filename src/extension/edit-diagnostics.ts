/**
 * What a person sees of an open change: its findings as diagnostics (errors for gate-level,
 * warnings for warn-level, the rule id linking to its page, related information pointing at the
 * removed text in the last known version and at the other files of a deletion), the last known
 * version as a read-only document, and the diff against it.
 */
import * as vscode from 'vscode';
import { LineIndex } from '../core/edit/text';
import { isStopFinding } from '../core/stop';
import type { Range } from '../core/edit/types';
import { baselinePointer, diagnosticData } from '../core/watch/findings';
import { BaselineContentProvider, BASELINE_SCHEME, baselineUri } from './diff-provider';
import type { EditLedger, FindingsChange, Tracked } from './edit-ledger';
import { toVsRange } from './edit-paths';
import { ruleDocsUri } from './rule-docs';
import type { State } from './state';

/** Other files listed in a batch diagnostic's related information. */
const MAX_RELATED = 50;

function severityOf(level: string): vscode.DiagnosticSeverity {
  return level === 'error' ? vscode.DiagnosticSeverity.Error : level === 'warning' ? vscode.DiagnosticSeverity.Warning : level === 'information' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Hint;
}

export class EditDiagnostics {
  private readonly content: BaselineContentProvider;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with a file whose findings changed, once its diagnostics show them. */
  readonly onDidChangeFindings = this.emitter.event;

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    this.content = state.own(new BaselineContentProvider((uri) => ledger.baselineOf(uri)));
    state.own(vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, this.content));
    state.own(
      ledger.onDidChangeFindings(state.guard('showing findings', (c: FindingsChange) => this.show(c))),
      ledger.onDidMoveBaseline((uri) => this.content.changed(uri)),
      this.emitter,
    );
  }

  private show({ file: t, text }: FindingsChange): void {
    if (t.eventId) {
      this.render(t, text);
      return;
    }
    // The change was resolved: nothing to show.
    this.state.diagnostics.delete(t.uri);
    this.emitter.fire(t.uri);
  }

  /** Diagnostics of a file, from its findings, against the text it has now. */
  private render(t: Tracked, text: string | undefined): void {
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    let lineCount: number;
    let lineLength: (l: number) => number;
    if (doc) {
      lineCount = doc.lineCount;
      lineLength = (l) => (l < doc.lineCount ? doc.lineAt(l).text.length : 0);
    } else {
      const idx = new LineIndex(text ?? '');
      lineCount = idx.lineCount;
      lineLength = (l) => idx.lineText(l).length;
    }
    const ev = t.eventId ? this.ledger.events.get(t.eventId) : undefined;
    const others = ev ? ev.keys.filter((k) => k !== t.key).slice(0, MAX_RELATED) : [];
    // Made at most once per render, and only when some finding points into the last known version.
    let pointer: ((afterLine: number) => Range) | undefined;
    const inBaseline = (afterLine: number): Range | undefined => {
      const base = t.base?.text();
      if (base === undefined) return undefined;
      pointer ??= baselinePointer(base, doc ? doc.getText() : (text ?? ''));
      return pointer(afterLine);
    };
    const diagnostics = t.findings.map((f) => {
      const d = diagnosticData(f, t.attribution, lineCount, lineLength);
      const diag = new vscode.Diagnostic(toVsRange(d.range), d.message, severityOf(d.level));
      diag.source = 'Blast Radius';
      // The stop's finding is not a rule's: it has no page to link to.
      diag.code = isStopFinding(f) ? f.ruleId : { value: f.ruleId, target: ruleDocsUri(this.state.context.extensionUri, f.ruleId) };
      const related: vscode.DiagnosticRelatedInformation[] = [];
      if (d.removedRange) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(baselineUri(t.uri), toVsRange(d.removedRange)), 'the removed text, in the last known version'));
      if (f.paths && f.paths.length > 1) {
        for (const k of others) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(k), new vscode.Position(0, 0)), 'also deleted in this step'));
      }
      if (!related.length && t.base && !t.absent) {
        const at = inBaseline(d.range.start.line);
        related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(baselineUri(t.uri), at ? toVsRange(at) : new vscode.Position(0, 0)), 'this line in the last known version of the file'));
      }
      diag.relatedInformation = related;
      return diag;
    });
    this.state.diagnostics.set(t.uri, diagnostics);
    this.emitter.fire(t.uri);
  }

  /** Opens the diff editor: baseline on the left, the file now on the right. */
  async showDiff(uri: vscode.Uri): Promise<void> {
    const left = baselineUri(uri);
    const name = uri.path.split('/').pop() ?? uri.path;
    const exists = !!vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) || (await this.ledger.store.read(uri)).kind !== 'missing';
    if (!exists) {
      await vscode.window.showTextDocument(left, { preview: true });
      return;
    }
    await vscode.commands.executeCommand('vscode.diff', left, uri, `${name} (last known ↔ now)`, { preview: true });
  }
}
