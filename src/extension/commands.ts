/**
 * The palette commands: log, strictness and pause, the allow-list, the audit export, the events
 * list, and "Check a Command Line…". Anything that loosens protection asks in a modal dialog:
 * an agent can run editor commands, but it cannot answer a modal.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { AUDIT_FILE, AUDIT_ROTATED_FILE } from '../core/audit';
import { chainText } from '../core/follow/chain';
import { isStrictness, strictnessRank } from '../core/policy';
import { DEFAULT_SETTINGS } from '../core/settings';
import { grammarReady } from '../core/shell/grammar';
import type { CommandResult, RuleMeta, Strictness } from '../core/types';
import { ruleMetaById } from '../core/rule-meta';
import { EVENT_DETAILS_SCHEME, type EventDetails, eventDetailsMarkdown, eventTitle, STRICTNESS_LABEL, strictnessPickItems, type StrictnessPickItem, verdictText } from '../core/ui-text';
import { AuditLog } from './audit-log';
import { commandContext, judgeLine, loadPowerShellOnce, needsPowerShellGrammar } from './command-context';
import type { EditWatching } from './edit-watching';
import { shownCommand } from './event-history';
import { ruleDocsUri, showRendered } from './rule-docs';
import { errorText, type FlaggedEvent, loggedCommand, type State } from './state';

const PAUSE_MINUTES = 15;
const GRAMMAR_WAIT_MS = 10_000;
/** Ad-hoc verdicts of "Check a Command Line…" kept for their read-only documents. */
const MAX_CHECKS = 20;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The rules' metadata by id, for what an event's details say about why each finding matters. */
function ruleMetas(ruleIds: readonly string[]): Record<string, RuleMeta | undefined> {
  const out: Record<string, RuleMeta | undefined> = {};
  for (const id of ruleIds) out[id] = ruleMetaById(id);
  return out;
}

function docsLinks(state: State, ruleIds: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ruleIds) out[id] = ruleDocsUri(state.context.extensionUri, id).toString();
  return out;
}

function detailsOf(state: State, e: FlaggedEvent): EventDetails {
  const files = e.uris?.map((u) => vscode.workspace.asRelativePath(u));
  return {
    kind: e.kind,
    when: new Date(e.time).toLocaleString(),
    ...(e.command !== undefined ? { command: shownCommand(e) } : {}),
    ...(e.uri ? { file: vscode.workspace.asRelativePath(e.uri) } : {}),
    ...(files ? { files } : {}),
    ...(e.cwd ? { cwd: e.cwd } : {}),
    score: e.score,
    severity: e.severity,
    decision: e.decision,
    status: e.status,
    ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
    attribution: e.attribution,
    findings: e.findings,
    docs: docsLinks(state, e.findings.map((f) => f.ruleId)),
    ...(e.notes?.length ? { notes: e.notes } : {}),
    rules: ruleMetas(e.findings.map((f) => f.ruleId)),
  };
}

function checkDetails(state: State, result: CommandResult, strictness: Strictness, cwd: string | undefined): EventDetails {
  return {
    kind: 'command',
    when: new Date().toLocaleString(),
    command: result.command,
    ...(cwd ? { cwd } : {}),
    score: result.score,
    severity: result.severity,
    decision: result.decision,
    status: `checked at ${STRICTNESS_LABEL[strictness]}, not run`,
    attribution: 'Check a Command Line…',
    findings: result.findings.map((f) => {
      const chain = chainText(result.command, f);
      return chain ? { ...f, chain } : f;
    }),
    docs: docsLinks(state, result.findings.map((f) => f.ruleId)),
    rules: ruleMetas(result.findings.map((f) => f.ruleId)),
  };
}

/** Serves the read-only markdown documents for events and checks. */
class DetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  readonly checks = new Map<string, EventDetails>();
  private seq = 0;

  constructor(private readonly state: State) {}

  /** `/event/<id>/<title>.md`: the details tab is named by what the event was and how it ended. */
  eventUri(id: string): vscode.Uri {
    const event = this.state.events.get(id);
    return vscode.Uri.from({ scheme: EVENT_DETAILS_SCHEME, path: `/event/${id}/${event ? eventTitle(detailsOf(this.state, event)) : 'event'}.md` });
  }

  addCheck(details: EventDetails): vscode.Uri {
    const key = String(++this.seq);
    this.checks.set(key, details);
    if (this.checks.size > MAX_CHECKS) this.checks.delete(this.checks.keys().next().value!);
    return vscode.Uri.from({ scheme: EVENT_DETAILS_SCHEME, path: `/check/${key}/${eventTitle(details)}.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // `/event/<id>.md` (older links) or `/event/<id>/<title>.md`.
    const m = /^\/(event|check)\/([^/]+?)(?:\.md|\/[^/]*\.md)$/.exec(uri.path);
    if (m?.[1] === 'check') {
      const d = this.checks.get(m[2]);
      return d ? eventDetailsMarkdown(d) : '# Blast Radius\n\nThis check is no longer kept; run "Check a Command Line…" again.\n';
    }
    const event = m ? this.state.events.get(m[2]) : undefined;
    return event ? eventDetailsMarkdown(detailsOf(this.state, event)) : '# Blast Radius\n\nThis event is no longer in the recent list (it was cleared or pushed out by newer ones). The audit trail keeps every flagged event.\n';
  }

  /** Open details documents follow their event (an exit code arriving, a decision taken). */
  refreshOpen(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === EVENT_DETAILS_SCHEME && doc.uri.path.startsWith('/event/')) this.emitter.fire(doc.uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Opens the details rendered (the Markdown preview), or as text where the preview is not available. */
async function showDetails(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await showRendered(uri);
}

/** A single-choice quick pick that opens on `active` (the current level), not on the first item. */
function pickOne<T extends vscode.QuickPickItem>(state: State, items: T[], active: T | undefined, options: { title: string; placeholder: string }): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.placeholder = options.placeholder;
  qp.matchOnDetail = true;
  qp.items = items;
  return new Promise<T | undefined>((resolve) => {
    // The workbench reports the active item once it shows the pick.
    const shown = qp.onDidChangeActive(() => {
      shown.dispose();
      state.pickShown(options.title);
    });
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      shown.dispose();
      qp.dispose();
    });
    qp.show();
    if (active) qp.activeItems = [active];
  });
}

/** Asks in a modal dialog; resolves true only when the user pressed `action`. */
async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

function expiryText(expires: unknown, now: Date): string {
  if (typeof expires !== 'string' || !expires) return 'never expires';
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59` : expires);
  if (Number.isNaN(t)) return `expiry "${expires}" is not a date`;
  return t < now.getTime() ? `expired ${expires}` : `expires ${expires}`;
}

export function registerCommands(state: State, edits: EditWatching): void {
  const details = state.own(new DetailsProvider(state));
  let lastChecked = '';
  /** Registers a command whose failure is logged and shown, never thrown at the caller. */
  const command = <A extends unknown[], R>(id: string, f: (...args: A) => R | Promise<R>): void => {
    state.own(loggedCommand(state, id, f));
  };

  const pause = async (): Promise<boolean> => {
    const ok = await confirmModal(
      `Pause Blast Radius for ${PAUSE_MINUTES} minutes?`,
      'Nothing is scored, warned about or held until protection resumes by itself. Hooks and shims outside the editor keep judging as before.',
      `Pause for ${PAUSE_MINUTES} minutes`,
    );
    if (!ok) return false;
    state.config.pause(PAUSE_MINUTES * 60_000);
    state.log.warn(`protection paused for ${PAUSE_MINUTES} minutes`);
    return true;
  };

  const resume = (): void => {
    if (!state.config.paused) return;
    state.config.resume();
    state.log.info('protection resumed');
    void vscode.window.showInformationMessage('Blast Radius: protection resumed.');
  };

  /** Writes the user's level; lowering it by an argument, or to off, needs a modal yes. */
  const setLevel = async (level: Strictness, viaArgument: boolean): Promise<Strictness | undefined> => {
    const sources = state.config.strictnessSources();
    const current = sources.user ?? DEFAULT_SETTINGS.strictness;
    const lowering = strictnessRank(level) < strictnessRank(current);
    if ((viaArgument && lowering) || (level === 'off' && current !== 'off')) {
      const ok = await confirmModal(
        `Lower Blast Radius from ${STRICTNESS_LABEL[current]} to ${STRICTNESS_LABEL[level]}?`,
        level === 'off' ? 'Nothing will be warned about or held in any workspace.' : 'This changes your user setting for every workspace.',
        `Set ${STRICTNESS_LABEL[level]}`,
      );
      if (!ok) return undefined;
    }
    await state.config.setUserStrictness(level);
    state.log.info(`user strictness set to ${level}${sources.workspace && strictnessRank(sources.workspace) > strictnessRank(level) ? ` (this workspace keeps ${sources.workspace})` : ''}`);
    return level;
  };

  command('blastRadius.showLog', () => state.log.show(true));

  command('blastRadius.setStrictness', async (level?: unknown): Promise<Strictness | undefined> => {
    // A level as argument (keybindings, tests) skips the pick but not the confirmation.
    if (isStrictness(level)) return setLevel(level, true);
    const sources = state.config.strictnessSources();
    const items = strictnessPickItems({
      ...(sources.user ? { user: sources.user } : {}),
      ...(sources.workspace ? { workspace: sources.workspace } : {}),
      paused: state.config.paused,
      pausedUntilMs: state.config.pausedUntilMs,
      now: Date.now(),
      pauseMinutes: PAUSE_MINUTES,
    });
    type Item = vscode.QuickPickItem & { model: StrictnessPickItem };
    const picks: Item[] = items.map((model) => ({
      label: model.label,
      detail: model.detail,
      ...(model.kind === 'level' && model.description ? { description: model.description } : {}),
      model,
    }));
    picks.splice(picks.length - 1, 0, { label: '', kind: vscode.QuickPickItemKind.Separator, model: items[items.length - 1] });
    const current = picks.find((p) => p.model.kind === 'level' && p.model.current);
    const chosen = await pickOne(state, picks, current, { title: 'Blast Radius strictness (your user setting)', placeholder: 'How much should Blast Radius let through?' });
    if (!chosen) return undefined;
    const m = chosen.model;
    if (m.kind === 'level') return setLevel(m.level, false);
    if (m.kind === 'pause') await pause();
    else resume();
    return undefined;
  });

  command('blastRadius.pauseProtection', pause);
  command('blastRadius.resumeProtection', resume);

  command('blastRadius.listAllowEntries', async () => {
    const raw = state.config.userValue('allow');
    const entries = Array.isArray(raw) ? (raw as unknown[]) : [];
    if (!entries.length) {
      void vscode.window.showInformationMessage('Blast Radius: your allow-list is empty.');
      return;
    }
    const now = new Date();
    type Item = vscode.QuickPickItem & { index: number };
    const items: Item[] = entries.map((e, index) => {
      const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
      const what = typeof o.command === 'string' ? `$(terminal) ${o.command}` : typeof o.path === 'string' ? `$(file) ${o.path}` : `$(question) ${JSON.stringify(e)}`;
      const where = typeof o.workspace === 'string' ? ` · only in ${o.workspace}` : '';
      return { label: what, description: typeof o.rule === 'string' ? `rule ${o.rule}` : 'all rules', detail: `${expiryText(o.expires, now)}${where}`, index };
    });
    const picked = await vscode.window.showQuickPick(items, { title: 'Blast Radius allow-list', placeHolder: 'Pick entries to revoke', canPickMany: true, matchOnDescription: true, matchOnDetail: true });
    if (!picked?.length) return;
    const revoke = new Set(picked.map((p) => p.index));
    const remaining = entries.filter((_, i) => !revoke.has(i));
    await state.config.setUserAllow(remaining);
    state.audit.record({ kind: 'setting', detail: `revoked ${revoke.size} allow ${revoke.size === 1 ? 'entry' : 'entries'}: ${picked.map((p) => p.label.replace(/^\$\([a-z]+\) /, '')).join('; ')}` });
    void vscode.window.showInformationMessage(`Blast Radius: revoked ${revoke.size} allow ${revoke.size === 1 ? 'entry' : 'entries'}.`);
  });

  command('blastRadius.exportAudit', async () => {
    const audit = state.audit instanceof AuditLog ? state.audit : undefined;
    await audit?.flush();
    const dir = audit?.dir ?? state.context.globalStorageUri.fsPath;
    const read = (file: string): Promise<string> => readFile(path.join(dir, file), 'utf8').catch(() => '');
    const text = (await read(AUDIT_ROTATED_FILE)) + (await read(AUDIT_FILE));
    const lines = text.split('\n').filter((l) => l.trim()).length;
    const target = await vscode.window.showSaveDialog({
      title: 'Export the Blast Radius audit trail',
      defaultUri: auditExportDefault(new Date()),
      filters: { 'JSON Lines': ['jsonl'], 'All files': ['*'] },
      saveLabel: 'Export',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Blast Radius: exported ${lines} audit ${lines === 1 ? 'entry' : 'entries'} to ${target.scheme === 'file' ? target.fsPath : target.toString()}.`);
  });

  command('blastRadius.clearEvents', () => {
    state.events.clear();
  });

  command('blastRadius.openEvent', async (id?: unknown, file?: unknown) => {
    const event = typeof id === 'string' ? state.events.get(id) : undefined;
    if (!event) {
      if (typeof id === 'string') await showDetails(details.eventUri(id));
      return;
    }
    const target = typeof file === 'string' ? vscode.Uri.parse(file) : event.uri;
    if (event.kind !== 'command' && target && typeof edits.showDiff === 'function') {
      try {
        await edits.showDiff(target);
        return;
      } catch (e) {
        state.log.warn(`no diff for ${target.toString()} (${errorText(e)}); showing the details instead`);
      }
    }
    await showDetails(details.eventUri(event.id));
  });

  command('blastRadius.checkCommand', async (line?: unknown): Promise<CommandResult | undefined> => {
    const interactive = typeof line !== 'string';
    const input = interactive
      ? await vscode.window.showInputBox({ title: 'Blast Radius: check a command line', prompt: 'Nothing is run: the line is only scored with your current settings.', placeHolder: 'rm -rf build && git push --force', value: lastChecked })
      : line;
    if (!input?.trim()) return undefined;
    lastChecked = input;
    for (let waited = 0; !grammarReady() && waited < GRAMMAR_WAIT_MS; waited += 50) await sleep(50);
    if (needsPowerShellGrammar(input)) await Promise.race([loadPowerShellOnce((e) => state.log.error(`PowerShell grammar failed to load; PowerShell is read without it: ${String(e)}`), (m) => state.log.warn(m)), sleep(GRAMMAR_WAIT_MS)]);
    const cwd = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    const policy = state.config.policy();
    const result = judgeLine(input, { ctx: commandContext(cwd), policy });
    if (!interactive) return result;
    const top = result.findings[0];
    const chain = top ? chainText(result.command, top, 200) : undefined;
    const text = verdictText(input, result.decision, result.score, policy.strictness, top && chain ? { ...top, chain } : top, result.notes);
    const buttons = ['Show Details', 'Check Another'];
    const message = `Blast Radius: ${text}`;
    const choice =
      result.decision === 'gate'
        ? await vscode.window.showErrorMessage(message, ...buttons)
        : result.decision === 'warn'
          ? await vscode.window.showWarningMessage(message, ...buttons)
          : await vscode.window.showInformationMessage(message, ...buttons);
    if (choice === 'Show Details') await showDetails(details.addCheck(checkDetails(state, result, policy.strictness, cwd)));
    else if (choice === 'Check Another') await vscode.commands.executeCommand('blastRadius.checkCommand');
    return result;
  });

  state.own(
    vscode.workspace.registerTextDocumentContentProvider(EVENT_DETAILS_SCHEME, details),
    state.events.onDidChange(state.guard('event details refresh', () => details.refreshOpen())),
  );
}

/**
 * Where Export Audit Trail proposes to save: the home folder, never a workspace folder, where the
 * trail (command lines, paths) could be committed with the project.
 */
export function auditExportDefault(now: Date): vscode.Uri {
  return vscode.Uri.joinPath(vscode.Uri.file(os.homedir()), `blast-radius-audit-${now.toISOString().slice(0, 10)}.jsonl`);
}
