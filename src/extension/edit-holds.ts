/**
 * Holding gate-level changes: an edit judged at gate level is put back to its baseline at once and
 * its proposed content kept here (and only here) until a person answers the dialog; a gate-level
 * deletion waits for Restore all / Keep deleted with its files still deleted. A change made by a
 * command a person just confirmed in the terminal is not asked about again.
 */
import * as vscode from 'vscode';
import { restoreReport } from '../core/gate/held';
import { reapply } from '../core/watch/merge';
import { TextBaseline } from '../core/watch/text-baseline';
import { PROPOSED_SCHEME, ProposedContentProvider, proposedUri } from './diff-provider';
import { type EditLedger, type EditStatus, type GateJudgement, sha, type Tracked } from './edit-ledger';
import { type HeldEntry, HoldPrompt } from './hold-prompt';
import { errorText, type State } from './state';

/**
 * A gate-level edit put back to its baseline until a person answers: the proposed content is kept
 * here (and only here) so that Apply anyway can write exactly it.
 */
interface HeldEdit {
  id: string;
  kind: 'edit';
  eventId: string;
  uri: vscode.Uri;
  key: string;
  /** What the file was put back to; undefined when the change created the file. */
  base: string | undefined;
  proposed: string;
  /** The proposal's exact bytes, when it had reached the disk. */
  proposedBytes: Uint8Array | undefined;
  /** The proposal had been written to disk (saved, or written by another process). */
  onDisk: boolean;
}

/** A gate-level deletion waiting for Restore all / Keep deleted (the files stay deleted meanwhile). */
interface HeldDeletion {
  id: string;
  kind: 'delete';
  eventId: string;
}

type Held = HeldEdit | HeldDeletion;

export class EditHolds {
  /** Held changes waiting for a person's answer, by hold id. */
  private readonly held = new Map<string, Held>();
  private holdSeq = 0;
  private readonly prompt: HoldPrompt;

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    state.own(
      vscode.workspace.registerTextDocumentContentProvider(
        PROPOSED_SCHEME,
        new ProposedContentProvider((id) => {
          const h = this.held.get(id);
          return h?.kind === 'edit' ? h.proposed : undefined;
        }),
      ),
    );
    this.prompt = state.own(new HoldPrompt(state, (items, outcome, how) => this.decideHeld(items, outcome, how)));
    state.own(ledger.onDidJudgeGate(state.guard('holding a gate-level change', (j: GateJudgement) => this.judgedAtGate(j))));
  }

  /** True while a held change waits for a person's answer or its answer is being carried out. */
  get holding(): boolean {
    return this.prompt.pending;
  }

  /**
   * A change just judged at gate level is held, unless a person confirmed the command that made it.
   * Not when settings changed (an open change is only judged again) or a change is restored from
   * the last window: holding is for what just happened. While agents are stopped every change
   * comes here (the ledger adds the stop's finding) and is held even with holding switched off.
   */
  private judgedAtGate(j: GateJudgement): void {
    // Agents stopped by the user: held whatever the setting says.
    const stopped = this.state.stop.active;
    if ((!this.state.config.settings.holdChanges && !stopped) || j.reason !== 'new') return;
    if (stopped) for (const t of j.files) this.state.stop.noteFile(this.ledger.relativePath(t.uri));
    const keys = j.files.map((t) => t.key);
    if (j.kind === 'delete' || j.kind === 'batch') {
      const confirmed = this.state.confirmations.covering(j.files.map((t) => t.uri.fsPath));
      if (confirmed) this.allowConfirmed(keys, confirmed.command);
      else this.holdDeletion(j.eventId);
      return;
    }
    const t = j.files[0];
    const confirmed = j.kind === 'disk-write' ? this.state.confirmations.covering([t.uri.fsPath]) : undefined;
    if (confirmed) this.allowConfirmed(keys, confirmed.command);
    else this.ledger.enqueue('hold edit', () => this.holdEdit(t, j.eventId));
  }

  /** A change made by a command a person just confirmed in the terminal: recorded as allowed, not asked again. */
  private allowConfirmed(keys: readonly string[], command: string): void {
    const first = this.ledger.tracked.get(keys[0]);
    const id = first?.eventId;
    if (!first || !id) return;
    this.ledger.steps.attribute(id, 'terminal', command);
    this.ledger.audit(id, 'decision', first.uri, 'accepted', `confirmed in the terminal: ${command}`, first.findings);
    this.state.log.info(`${this.ledger.relativePath(first.uri)}${keys.length > 1 ? ` and ${keys.length - 1} more` : ''}: made by "${command}", which you confirmed in the terminal; not asked again`);
    // Accepting the first file settles the whole event (every file of a deletion batch).
    this.ledger.accept(first.uri);
  }

  /** Puts a gate-level edit back to its baseline at once and asks a person what to do with it. */
  private async holdEdit(t: Tracked, eventId: string): Promise<void> {
    const shown = this.state.events.get(eventId);
    if (t.eventId !== eventId || !shown || shown.status !== 'open' || shown.decision !== 'gate') return;
    const started = performance.now();
    const doc = t.doc && !t.doc.isClosed ? t.doc : undefined;
    let proposed: string;
    let proposedBytes: Uint8Array | undefined;
    let onDisk = false;
    if (doc) {
      proposed = doc.getText();
      if (!doc.isDirty) {
        const r = await this.ledger.store.read(t.uri);
        if (r.kind === 'text' && r.text === proposed) {
          proposedBytes = r.bytes;
          onDisk = true;
        }
      }
    } else {
      const r = await this.ledger.store.read(t.uri);
      // Gone or unreadable since: there is nothing to hold (a deletion is judged on its own).
      if (r.kind !== 'text') return;
      proposed = r.text;
      proposedBytes = r.bytes;
      onDisk = true;
    }
    const base = t.absent || !t.base ? undefined : t.base.text();
    const findings = t.findings;
    const attribution = t.attribution;
    // Accepted meanwhile (the event is gone): there is nothing to put back.
    if (!t.eventId || !(await this.ledger.putBack(t, 'held'))) return;
    const id = `hold-${++this.holdSeq}`;
    this.held.set(id, { id, kind: 'edit', eventId, uri: t.uri, key: t.key, base, proposed, proposedBytes, onDisk });
    const path = this.ledger.relativePath(t.uri);
    this.state.log.info(`${path}: held (${findings.map((f) => f.ruleId).join(', ')}); put back to its last known content in ${(performance.now() - started).toFixed(1)} ms, until you answer`);
    this.ledger.audit(eventId, 'decision', t.uri, 'held', `held: put back to its last known content (${attribution})`, findings);
    this.prompt.add({
      id,
      summary: { kind: 'edit', paths: [path], score: shown.score, severity: shown.severity, created: base === undefined, attribution, findings },
      showDiff: () => this.showHeldDiff(id),
    });
  }

  /** Asks a person about a gate-level deletion (the files stay deleted until the answer). */
  private holdDeletion(eventId: string): void {
    const ev = this.ledger.events.get(eventId);
    const shown = this.state.events.get(eventId);
    if (!ev || !shown || [...this.held.values()].some((h) => h.eventId === eventId)) return;
    const id = `hold-${++this.holdSeq}`;
    this.held.set(id, { id, kind: 'delete', eventId });
    const paths = ev.keys.map((k) => this.ledger.relativePath(this.ledger.tracked.get(k)?.uri ?? vscode.Uri.parse(k)));
    this.prompt.add({ id, summary: { kind: 'delete', paths, score: shown.score, severity: shown.severity, attribution: ev.attribution, findings: shown.findings } });
  }

  private async showHeldDiff(id: string): Promise<void> {
    const h = this.held.get(id);
    if (h?.kind !== 'edit') return;
    const name = h.uri.path.split('/').pop() ?? h.uri.path;
    await vscode.commands.executeCommand('vscode.diff', h.base === undefined ? proposedUri(h.uri, 'none') : h.uri, proposedUri(h.uri, id), `${name} (now ↔ held proposal)`, { preview: true });
  }

  /** The "now ↔ held proposal" tab of a decided hold goes with its answer: the proposal it shows is gone. */
  private async closeHeldDiff(id: string): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSED_SCHEME && t.input.modified.query === id);
    if (!tabs.length) return;
    try {
      await vscode.window.tabGroups.close(tabs, true);
    } catch (e) {
      this.state.log.warn(`could not close the diff of a decided hold: ${errorText(e)}`);
    }
  }

  /** Carries out a person's answer for one step of held changes, on the judging queue. */
  private decideHeld(items: readonly HeldEntry[], outcome: 'undo' | 'keep', how: string): Promise<void> {
    return this.ledger.schedule('held changes', async () => {
      let restored = 0;
      const unrestorable: string[] = [];
      for (const item of items) {
        const h = this.held.get(item.id);
        if (!h) continue;
        this.held.delete(item.id);
        try {
          if (h.kind === 'edit') {
            if (outcome === 'keep') await this.applyHeld(h, how);
            else {
              this.closeHeld(h, 'reverted', `discarded: ${how}`);
              // Discarding a held new file deletes it for good unless its proposal is kept: it is, for Restore.
              if (h.base === undefined) await this.ledger.keepDeletedNewFile(h.uri, h.proposedBytes ?? new TextEncoder().encode(h.proposed), 'Discard');
            }
            await this.closeHeldDiff(h.id);
            continue;
          }
          const ev = this.ledger.events.get(h.eventId);
          // The files came back (or the change was decided elsewhere) while the dialog was open.
          if (!ev) continue;
          if (outcome === 'keep') {
            this.ledger.audit(h.eventId, 'decision', this.ledger.tracked.get(ev.keys[0])?.uri ?? vscode.Uri.parse(ev.keys[0]), 'kept', `kept deleted: ${how}`, this.state.events.get(h.eventId)?.findings ?? []);
            for (const k of [...ev.keys]) this.ledger.forgetFile(this.ledger.tracked.get(k)?.uri ?? vscode.Uri.parse(k), 'kept');
          } else {
            const r = await this.ledger.restoreDeleted(ev);
            restored += r.restored;
            unrestorable.push(...r.unrestorable);
          }
        } catch (e) {
          this.state.log.error(`carrying out the answer for ${h.kind === 'edit' ? this.ledger.relativePath(h.uri) : 'a deletion'} failed: ${errorText(e)}`);
        }
      }
      if (unrestorable.length) void vscode.window.showWarningMessage(restoreReport(restored, unrestorable));
      else if (restored) void vscode.window.showInformationMessage(restoreReport(restored, []));
    });
  }

  /** Ends a held edit's event with the person's decision. */
  private closeHeld(h: HeldEdit, status: EditStatus, detail: string): void {
    this.ledger.steps.resolveEvent(h.eventId, status, Date.now());
    const ev = this.state.events.get(h.eventId);
    if (!ev || ev.status !== 'held') return;
    this.state.events.update(h.eventId, { status });
    this.ledger.audit(h.eventId, 'decision', h.uri, status, detail, ev.findings);
    this.state.log.info(`${this.ledger.relativePath(h.uri)}: ${detail}`);
  }

  /** Apply anyway: writes exactly the proposed content (re-applied as a patch if the file moved on). */
  private async applyHeld(h: HeldEdit, how: string): Promise<void> {
    const path = this.ledger.relativePath(h.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === h.key && !d.isClosed);
    let current: string | undefined;
    if (doc) current = doc.getText();
    else {
      const r = await this.ledger.store.read(h.uri);
      if (r.kind === 'text') current = r.text;
      else if (r.kind !== 'missing') throw new Error(`cannot read ${h.uri.fsPath}`);
    }
    let target: string | undefined;
    if (current === h.base || (h.base === undefined && (current === undefined || current === h.proposed))) target = h.proposed;
    else if (current !== undefined && h.base !== undefined) target = reapply(h.base, h.proposed, current);
    if (target === undefined) {
      // The file changed in the same place since: nothing is overwritten; the proposal is shown.
      this.state.log.warn(`${path}: the held change cannot be applied: the file changed in the same place since it was held`);
      void vscode.window.showWarningMessage(`Blast Radius: the held change to ${path} was not applied: the file changed in the same place since. Its proposed content is open in a new editor.`);
      const proposal = await vscode.workspace.openTextDocument({ content: h.proposed });
      await vscode.window.showTextDocument(proposal, { preview: false });
      this.closeHeld(h, 'reverted', `not applied (the file changed since): ${how}`);
      return;
    }
    const exact = target === h.proposed && h.proposedBytes ? h.proposedBytes : undefined;
    const t = this.ledger.tracked.get(h.key);
    if (doc && t) {
      // A proposal that had reached the disk reaches it again.
      const save = h.onDisk && !doc.isDirty;
      await this.ledger.writes.putDocument(t, doc, target, save, exact);
      if (save && !exact) {
        // Our save is not a change to judge: its bytes are the file's baseline bytes now.
        const r = await this.ledger.store.read(h.uri);
        if (r.kind === 'text' && r.text === target) this.ledger.store.set(h.uri, r.bytes);
      }
    } else {
      await this.ledger.writes.writeOwn(h.uri, exact ?? new TextEncoder().encode(target));
    }
    this.ledger.memory.set(`${h.key} ${sha(h.base)}`, sha(h.proposed), { kind: 'accepted' });
    const after = this.ledger.tracked.get(h.key);
    if (after) {
      if (after.base) after.base.reset(target);
      else after.base = new TextBaseline(target);
      after.absent = false;
      after.diverged = !!after.doc && !after.doc.isClosed && after.doc.getText() !== target;
      this.ledger.baselineMoved(h.uri);
    }
    this.closeHeld(h, 'accepted', `applied anyway: ${how}`);
  }
}
