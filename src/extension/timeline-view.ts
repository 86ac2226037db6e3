/**
 * The "Agent Steps" view: the timeline of agent steps (one burst of edits, one command and what it
 * changed on disk, one deletion, a rewind), newest first, each with its time, its files, its score
 * and where it came from; and Rewind to Here. Rewind shows every file and what will happen to it
 * in a quick pick (files changed by hand since unticked), then asks in a modal dialog; nothing is
 * written before the person's answer. No argument, setting or file can answer for them: a step
 * handed to the command only chooses where the preview starts.
 *
 * Test builds (ExtensionMode.Test) answer the modal through `_blastRadius.rewindTest`.
 */
import * as vscode from 'vscode';
import { chosenItems, type TimelineEntry, tickedByDefault } from '../core/watch/rewind';
import { ACTION_WORDS, confirmText, entryLabel } from '../core/watch/rewind-words';
import { shortCommand } from '../core/ui-text';
import type { EditWatching } from './edit-watching';
import type { RewindPreview, RewindPreviewItem } from './edit-rewind';
import type { State } from './state';

export const REWIND_PICK_TITLE = 'Blast Radius: Rewind';
export const REWIND_STEP_PICK_TITLE = 'Blast Radius: Rewind to a Step';
const REWIND_BUTTON = 'Rewind';

interface StepFileNode {
  entry: TimelineEntry;
  key: string;
  path: string;
}

type Node = TimelineEntry | StepFileNode;

const isFile = (n: Node): n is StepFileNode => 'entry' in n;

const ORIGIN_WORDS: Readonly<Record<TimelineEntry['origin'], string>> = {
  editor: 'editor',
  terminal: 'terminal',
  hook: 'agent hook',
  disk: 'another process',
  person: 'you',
};

/** The highest score among the step's flagged events, if any. */
function scoreOf(state: State, e: TimelineEntry): number | undefined {
  let score: number | undefined;
  for (const id of e.eventIds) {
    const s = state.events.get(id)?.score;
    if (s !== undefined && (score === undefined || s > score)) score = s;
  }
  return score;
}

function describe(state: State, e: TimelineEntry): string {
  const score = scoreOf(state, e);
  const origin = e.via ? `${e.via.agent} ${e.via.tool} (${ORIGIN_WORDS.hook})` : ORIGIN_WORDS[e.origin];
  return `${score === undefined ? 'no finding' : `score ${score}`} · ${new Date(e.time).toLocaleTimeString()} · ${origin}`;
}

/** How long the view waits after a step before it shows the timeline again. */
const REFRESH_MS = 250;

class TimelineTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly state: State,
    private readonly edits: EditWatching,
  ) {}

  /** Refreshes soon: a command writing thousands of files records as many steps, and the view folds them all again each time. */
  refresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emitter.fire(undefined);
    }, REFRESH_MS);
  }

  getChildren(element?: Node): Node[] {
    if (!element) return this.edits.timeline().reverse();
    if (isFile(element)) return [];
    return element.files.map((f) => ({ entry: element, key: f.key, path: f.path }));
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (isFile(element)) {
      const item = new vscode.TreeItem(vscode.Uri.parse(element.key), vscode.TreeItemCollapsibleState.None);
      item.id = `${element.entry.stepIds[0]}/${element.key}`;
      item.label = element.path;
      item.description = true;
      return item;
    }
    const e = element;
    const item = new vscode.TreeItem(entryLabel(e), e.files.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    // The first step's id: later steps of a running command join the entry and move its own id.
    item.id = e.stepIds[0];
    item.description = describe(this.state, e);
    item.iconPath = new vscode.ThemeIcon(e.kind === 'command' ? 'terminal' : e.kind === 'rewind' ? 'history' : e.kind === 'delete' ? 'trash' : e.kind === 'edit' ? 'edit' : 'save');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${new Date(e.time).toLocaleString()}** · ${describe(this.state, e)} · ${e.resolution}\n\n`);
    if (e.command) md.appendCodeblock(shortCommand(e.command, 500), 'bash');
    md.appendText(e.attribution);
    md.appendMarkdown('\n\n');
    for (const f of e.files.slice(0, 12)) {
      md.appendMarkdown('- ');
      md.appendText(f.path);
      md.appendMarkdown('\n');
    }
    if (e.files.length > 12) md.appendMarkdown(`- … and ${e.files.length - 12} more\n`);
    md.appendMarkdown('\n*Rewind to Here* puts every file changed after this step back to how it was just after it.');
    item.tooltip = md;
    item.contextValue = 'blastRadius.step';
    item.accessibilityInformation = { label: `${entryLabel(e)}, ${describe(this.state, e)}` };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }
}

interface FileItem extends vscode.QuickPickItem {
  key?: string;
}

const ACTION_ICONS: Readonly<Record<RewindPreviewItem['action'], string>> = {
  restore: '$(discard)',
  recreate: '$(add)',
  remove: '$(archive)',
  cannot: '$(circle-slash)',
};

function itemOf(i: RewindPreviewItem): FileItem {
  const detail = i.action === 'cannot' ? i.why : i.handChanged ? 'changed by hand since: kept unless you tick it' : i.source === 'git' ? "from git's committed version (no copy was kept; its text is the one the step names)" : undefined;
  return { label: `${ACTION_ICONS[i.action]} ${i.path}`, description: ACTION_WORDS[i.action], ...(detail ? { detail } : {}), key: i.key };
}

/** The preview: every file and what will happen to it. Resolves with the keys ticked, or undefined. */
function pickFiles(state: State, preview: RewindPreview): Promise<Set<string> | undefined> {
  const plan = { ok: true as const, stepId: preview.stepId, items: preview.items, undoneSteps: [] };
  const ticked = tickedByDefault(plan);
  const groups: [string, RewindPreviewItem[]][] = [
    ['Put back', preview.items.filter((i) => i.action !== 'cannot' && !i.handChanged)],
    ['Changed by hand since: kept unless you tick them', preview.items.filter((i) => i.action !== 'cannot' && i.handChanged)],
    ['Cannot be restored', preview.items.filter((i) => i.action === 'cannot')],
  ];
  const items: FileItem[] = [];
  for (const [label, list] of groups) {
    if (!list.length) continue;
    items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    items.push(...list.map(itemOf));
  }
  const qp = vscode.window.createQuickPick<FileItem>();
  qp.title = REWIND_PICK_TITLE;
  qp.placeholder = `Back to ${new Date(preview.time).toLocaleTimeString()}: untick what to leave as it is, then Enter (a dialog asks before anything is written)`;
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.key !== undefined && ticked.has(i.key));
  return new Promise((resolve) => {
    const shown = qp.onDidChangeActive(() => {
      shown.dispose();
      state.pickShown(REWIND_PICK_TITLE);
    });
    qp.onDidAccept(() => {
      resolve(new Set(chosenItems(plan, new Set(qp.selectedItems.flatMap((i) => (i.key ? [i.key] : [])))).map((i) => i.key)));
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      shown.dispose();
      qp.dispose();
    });
    qp.show();
    // Open on the first file: the workbench then reports the active item (and the pick is on screen).
    const first = items.find((i) => i.key !== undefined);
    if (first) qp.activeItems = [first];
  });
}

export function registerTimelineView(state: State, edits: EditWatching): void {
  const tree = state.own(new TimelineTree(state, edits));
  state.own(vscode.window.createTreeView<Node>('blastRadius.timeline', { treeDataProvider: tree, showCollapseAll: true }));
  const testMode = state.context.extensionMode === vscode.ExtensionMode.Test;
  let testAnswer: 'rewind' | 'cancel' | undefined;
  let lastDialog: { message: string; detail: string } | undefined;
  let lastOutcome: unknown;

  const rewind = async (stepId: string): Promise<void> => {
    // Every change seen so far is a step before the files are read.
    await edits.flush();
    const preview = await edits.rewindPreview(stepId);
    state.log.info('reason' in preview ? `rewind to ${stepId}: ${preview.reason}` : `rewind to ${stepId}: ${preview.items.length} file(s) in the preview (${preview.items.filter((i) => i.action === 'cannot').length} cannot be restored, ${preview.items.filter((i) => i.handChanged).length} changed by hand since)`);
    if ('reason' in preview) {
      void vscode.window.showInformationMessage(`Blast Radius: cannot rewind. ${preview.reason}`);
      return;
    }
    if (!preview.items.length) {
      void vscode.window.showInformationMessage('Blast Radius: every file changed since that step already holds what it held then.');
      return;
    }
    const keys = await pickFiles(state, preview);
    if (!keys?.size) return;
    lastDialog = confirmText(preview.items, keys, new Date(preview.time).toLocaleTimeString(), preview.movedTo);
    const answer = testMode && testAnswer !== undefined ? (testAnswer === 'rewind' ? REWIND_BUTTON : undefined) : await vscode.window.showWarningMessage(lastDialog.message, { modal: true, detail: lastDialog.detail }, REWIND_BUTTON);
    if (answer !== REWIND_BUTTON) return;
    const outcome = await edits.rewind(preview, keys);
    lastOutcome = outcome;
    const words = `${outcome.restored.length} file(s) put back${outcome.removed.length ? `, ${outcome.removed.length} created since moved to ${outcome.movedTo}` : ''}`;
    if (outcome.failed.length) void vscode.window.showErrorMessage(`Blast Radius: rewind: ${words}; ${outcome.failed.length} could not be written (${outcome.failed.slice(0, 5).join(', ')}); see the log.`);
    else void vscode.window.showInformationMessage(`Blast Radius: rewound: ${words}.`);
  };

  const guarded = (id: string, f: (...args: unknown[]) => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await f(...args);
      } catch (e) {
        state.log.error(`${id} failed: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage('Blast Radius: Rewind failed; see the log (Blast Radius: Show Log).');
      }
    });

  state.own(
    edits.onDidRecordStep(state.guard('timeline refresh', () => tree.refresh())),
    state.events.onDidChange(state.guard('timeline refresh', () => tree.refresh())),
    // From the view: the step whose menu was used. Only where the preview starts; the person answers.
    guarded('blastRadius.rewindToStep', async (node: unknown) => {
      const id = node && typeof node === 'object' && 'stepIds' in node && typeof (node as TimelineEntry).id === 'string' ? (node as TimelineEntry).id : undefined;
      if (id) await rewind(id);
    }),
    guarded('blastRadius.rewind', async () => {
      const entries = edits.timeline().reverse();
      if (!entries.length) {
        void vscode.window.showInformationMessage('Blast Radius: no agent step recorded in this window yet.');
        return;
      }
      const items = entries.map((e) => ({ label: entryLabel(e), description: describe(state, e), id: e.id }));
      const qp = vscode.window.createQuickPick<(typeof items)[number]>();
      qp.title = REWIND_STEP_PICK_TITLE;
      qp.placeholder = 'Rewind to just after which step? (a preview lists every file before anything is written)';
      qp.items = items;
      const picked = await new Promise<string | undefined>((resolve) => {
        const shown = qp.onDidChangeActive(() => {
          shown.dispose();
          state.pickShown(REWIND_STEP_PICK_TITLE);
        });
        qp.onDidAccept(() => {
          resolve((qp.selectedItems[0] ?? qp.activeItems[0])?.id);
          qp.hide();
        });
        qp.onDidHide(() => {
          resolve(undefined);
          qp.dispose();
        });
        qp.show();
      });
      if (picked) await rewind(picked);
    }),
  );
  if (testMode) {
    state.own(
      vscode.commands.registerCommand('_blastRadius.rewindTest', (arg?: { modalAnswer?: string | null }) => {
        if (arg && 'modalAnswer' in arg) testAnswer = arg.modalAnswer === 'rewind' || arg.modalAnswer === 'cancel' ? arg.modalAnswer : undefined;
        return { lastDialog, lastOutcome, modalAnswer: testAnswer };
      }),
    );
  }
}
