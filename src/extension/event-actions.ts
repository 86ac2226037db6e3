/**
 * The actions on an event in Recent Events, offered inline and in its context menu (package.json
 * `contributes.menus` "view/item/context" declares where; the tree item's contextValue says what
 * the event is): Restore (a deletion, from the copies kept while they last), Show Diff (a file's
 * change), Allow (the rule for the file, or the exact command in this workspace, after a modal a
 * person answers) and Rule Documentation. Each takes the tree element (an event or a file of a
 * batch) or an event id, so the tests drive them as a person's click does.
 */
import * as vscode from 'vscode';
import { redactSecrets } from '../core/audit';
import { environmentKey } from '../core/engine';
import { listPaths, restoreReport } from '../core/gate/held';
import { commandContext, judgeLine } from './command-context';
import { openRuleDocs } from './rule-docs';
import type { EditWatching } from './edit-watching';
import { type FlaggedEvent, loggedCommand, type State } from './state';

/** A tree element of the events view (an event, or one file of a batch), or an event's id. */
function eventOf(state: State, arg: unknown): { event: FlaggedEvent; file?: vscode.Uri } | undefined {
  if (typeof arg === 'string') {
    const event = state.events.get(arg);
    return event ? { event } : undefined;
  }
  if (!arg || typeof arg !== 'object') return undefined;
  if ('event' in arg && 'uri' in arg) {
    const { event, uri } = arg as { event: FlaggedEvent; uri: vscode.Uri };
    const shown = state.events.get(event.id);
    return shown ? { event: shown, file: uri } : undefined;
  }
  const id: unknown = 'id' in arg ? arg.id : undefined;
  if (typeof id === 'string') {
    const event = state.events.get(id);
    return event ? { event } : undefined;
  }
  return undefined;
}

/** What Restore did, in words for the person who asked. */
export function restoreMessage(r: { restored: number; unrestorable: readonly string[]; present: readonly string[] }): string {
  const parts: string[] = [];
  if (r.restored || r.unrestorable.length) parts.push(restoreReport(r.restored, r.unrestorable));
  if (r.present.length) parts.push(`Already there again, left as they are: ${listPaths(r.present, 10)}.`);
  return parts.join(' ') || 'Blast Radius: nothing to restore.';
}

export function registerEventActions(state: State, edits: EditWatching): void {
  const run = <A extends unknown[], R>(id: string, f: (...args: A) => Promise<R>): vscode.Disposable => loggedCommand(state, id, f);

  state.own(
    run('blastRadius.restoreEvent', async (arg?: unknown) => {
      const found = eventOf(state, arg);
      if (!found) return undefined;
      const r = await edits.restoreEvent(found.event.id);
      if (!r) {
        void vscode.window.showInformationMessage('Blast Radius: this event deleted no file, so there is nothing to restore.');
        return undefined;
      }
      const text = restoreMessage(r);
      if (r.unrestorable.length || !r.restored) void vscode.window.showWarningMessage(text);
      else void vscode.window.showInformationMessage(text);
      return r;
    }),
    run('blastRadius.showEventDiff', async (arg?: unknown) => {
      const found = eventOf(state, arg);
      const uri = found?.file ?? found?.event.uri;
      if (!found || !uri || found.event.kind === 'command') return false;
      await edits.showDiff(uri);
      return true;
    }),
    run('blastRadius.showEventDocs', async (arg?: unknown) => {
      const found = eventOf(state, arg);
      const ids = [...new Set(found?.event.findings.map((f) => f.ruleId) ?? [])];
      if (!ids.length) return false;
      const pick = ids.length === 1 ? ids[0] : (await vscode.window.showQuickPick(ids.map((id) => ({ label: id, description: found!.event.findings.find((f) => f.ruleId === id)?.message })), { title: 'Blast Radius: which rule?' }))?.label;
      return pick ? openRuleDocs(state, pick) : false;
    }),
    run('blastRadius.allowEvent', async (arg?: unknown) => {
      const found = eventOf(state, arg);
      if (!found || !found.event.findings.length) return false;
      return allow(state, edits, found.event, found.file);
    }),
  );
}

/**
 * Allow: the event's rules for its file, or its exact command line in this workspace. It loosens
 * protection, so a person answers a modal first; a command with a critical finding is not offered.
 */
async function allow(state: State, edits: EditWatching, event: FlaggedEvent, file: vscode.Uri | undefined): Promise<boolean> {
  const rules = [...new Set(event.findings.map((f) => f.ruleId))];
  if (event.kind === 'command') {
    const workspace = event.cwd ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(event.cwd))?.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const command = event.command;
    if (!command || !workspace) return false;
    // A line with a secret in it is never written to settings (and one brought back from the
    // history holds only its redacted text).
    if (redactSecrets(command).kinds.length || command.includes('[REDACTED]')) {
      void vscode.window.showWarningMessage('Blast Radius does not allow a command line with a secret in it: the allow-list would keep the secret in your settings.');
      return false;
    }
    // Judged again now: the entry is bound to the environment and the files the line runs as they are now, as the gate's is.
    const result = judgeLine(command, { ctx: commandContext(event.cwd ?? workspace), policy: state.config.policy() });
    const env = environmentKey(result.findings);
    if (result.findings.some((f) => f.severity === 'critical') || env.production) {
      void vscode.window.showWarningMessage(`Blast Radius does not always allow a command with a critical finding or one acting on production (${rules.join(', ')}). Confirm it each time it runs instead.`);
      return false;
    }
    const yes = 'Always Allow';
    const ok = (await vscode.window.showWarningMessage('Always allow this exact command in this workspace?', { modal: true, detail: `${command}\n\nIn ${workspace}. Manage it later with Blast Radius: Manage Allow-List…` }, yes)) === yes;
    if (!ok) return false;
    await state.config.addAllowEntry({ command, workspace, ...(env.key ? { environment: env.key } : {}), ...(result.chain ? { chain: result.chain } : {}) });
    state.audit.record({ kind: 'setting', command, eventId: event.id, detail: `always allow this exact command in ${workspace}${env.key ? ` while it acts on ${env.key}` : ''} (from Recent Events)` });
    void vscode.window.showInformationMessage(`Blast Radius: added an allow entry for this command in ${vscode.workspace.asRelativePath(workspace)}.`, 'Manage Allow-List…').then((c) => (c ? vscode.commands.executeCommand('blastRadius.listAllowEntries') : undefined));
    return true;
  }
  const uri = file ?? event.uri;
  if (!uri) return false;
  const path = edits.relativePath(uri);
  const yes = 'Allow';
  const ok = (await vscode.window.showWarningMessage(`Allow ${rules.join(', ')} for ${path}?`, { modal: true, detail: 'Changes to this file that only these rules flag will no longer be flagged (user settings, blastRadius.allow). Manage it later with Blast Radius: Manage Allow-List…' }, yes)) === yes;
  if (!ok) return false;
  for (const rule of rules) await state.config.addAllowEntry({ path, rule });
  state.audit.record({ kind: 'setting', path, ruleIds: rules, eventId: event.id, detail: `allowed ${rules.join(', ')} for ${path} (from Recent Events; user settings, blastRadius.allow)` });
  return true;
}
