/**
 * The "Recent Events" view: flagged edits, disk writes, deletions, batches and terminal commands,
 * newest first, with their score, time and what the user decided. Selecting one opens its diff or
 * its details (`blastRadius.openEvent`, in commands.ts).
 */
import * as vscode from 'vscode';
import { stopViewMessage } from '../core/stop';
import { notesLine, shortCommand } from '../core/ui-text';
import type { EditWatching } from './edit-watching';
import { shownCommand } from './event-history';
import type { EventStatus, FlaggedEvent, State } from './state';

/** A file of a batch, shown under the batch. */
interface BatchFile {
  event: FlaggedEvent;
  uri: vscode.Uri;
}

type Node = FlaggedEvent | BatchFile;

const isBatchFile = (n: Node): n is BatchFile => 'event' in n && 'uri' in n && !('id' in n);

const STATUS_WORDS: Readonly<Record<EventStatus, string>> = {
  open: 'waiting for you',
  held: 'held for your answer',
  accepted: 'accepted',
  reverted: 'reverted',
  allowed: 'allowed',
  ran: 'running',
  blocked: 'blocked',
  restored: 'restored',
  kept: 'kept',
  finished: 'finished',
};

const KIND_WORDS: Readonly<Record<FlaggedEvent['kind'], string>> = {
  edit: 'Edit',
  'disk-write': 'Written on disk',
  delete: 'Deleted',
  batch: 'Batch',
  command: 'Terminal command',
};

function statusText(e: FlaggedEvent): string {
  if (e.kind === 'command' && e.status === 'finished') return e.exitCode === undefined ? 'finished' : `exit ${e.exitCode}`;
  return STATUS_WORDS[e.status];
}

/** Decided events show what was decided; the rest show how serious they are. */
function iconOf(e: FlaggedEvent): vscode.ThemeIcon {
  switch (e.status) {
    case 'accepted':
    case 'allowed':
    case 'kept':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'reverted':
    case 'restored':
      return new vscode.ThemeIcon('discard');
    case 'blocked':
      return new vscode.ThemeIcon('circle-slash');
    case 'held':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground'));
    default:
      if (e.decision === 'gate') return new vscode.ThemeIcon(e.kind === 'command' ? 'terminal' : 'error', new vscode.ThemeColor('list.errorForeground'));
      if (e.decision === 'warn') return new vscode.ThemeIcon(e.kind === 'command' ? 'terminal' : 'warning', new vscode.ThemeColor('list.warningForeground'));
      return new vscode.ThemeIcon('info');
  }
}

function labelOf(e: FlaggedEvent): string {
  if (e.kind === 'command') return shortCommand(shownCommand(e), 70);
  const files = e.uris ?? (e.uri ? [e.uri] : []);
  if (e.kind === 'batch' && files.length > 1) return `${files.length} files: ${vscode.workspace.asRelativePath(files[0])}, …`;
  return files[0] ? vscode.workspace.asRelativePath(files[0]) : KIND_WORDS[e.kind];
}

function tooltipOf(e: FlaggedEvent): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${KIND_WORDS[e.kind]}** · score **${e.score}** · ${e.severity} · ${statusText(e)}\n\n`);
  if (e.command) md.appendCodeblock(shortCommand(shownCommand(e), 500), 'bash');
  md.appendMarkdown(`${new Date(e.time).toLocaleString()}${e.attribution ? ` · ` : ''}`);
  md.appendText(e.attribution);
  md.appendMarkdown('\n\n');
  for (const f of e.findings.slice(0, 8)) {
    md.appendMarkdown(`- \`${f.ruleId}\` ${f.severity}, score ${f.score}: `);
    md.appendText(f.message);
    if ('chain' in f && f.chain) {
      md.appendMarkdown(' *Runs:* ');
      md.appendText(f.chain);
    }
    md.appendMarkdown('\n');
  }
  if (e.findings.length > 8) md.appendMarkdown(`- … and ${e.findings.length - 8} more\n`);
  const note = notesLine(e.notes);
  if (note) {
    md.appendMarkdown('\n');
    md.appendText(note);
  }
  return md;
}

class EventsTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly state: State) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(element?: Node): Node[] {
    if (!element) return [...this.state.events.list()];
    if (isBatchFile(element)) return [];
    return element.kind === 'batch' && (element.uris?.length ?? 0) > 1 ? element.uris!.map((uri) => ({ event: element, uri })) : [];
  }

  getParent(element: Node): Node | undefined {
    return isBatchFile(element) ? element.event : undefined;
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (isBatchFile(element)) {
      const item = new vscode.TreeItem(element.uri, vscode.TreeItemCollapsibleState.None);
      item.id = `${element.event.id}/${element.uri.toString()}`;
      item.description = true;
      item.contextValue = 'blastRadius.eventFile';
      item.command = { command: 'blastRadius.openEvent', title: 'Show Diff', arguments: [element.event.id, element.uri.toString()] };
      return item;
    }
    const e = element;
    const collapsible = e.kind === 'batch' && (e.uris?.length ?? 0) > 1 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(labelOf(e), collapsible);
    item.id = e.id;
    item.description = `${e.score} · ${new Date(e.time).toLocaleTimeString()} · ${statusText(e)}`;
    item.iconPath = iconOf(e);
    item.tooltip = tooltipOf(e);
    // What the event is, for the actions package.json offers on it: `.flagged` when it has findings (Allow, Rule Documentation).
    item.contextValue = `blastRadius.event.${e.kind}.${e.status}${e.findings.length ? '.flagged' : ''}`;
    item.accessibilityInformation = { label: `${KIND_WORDS[e.kind]} ${labelOf(e)}, score ${e.score}, ${statusText(e)}` };
    item.command = { command: 'blastRadius.openEvent', title: e.kind === 'command' ? 'Show Details' : 'Show Diff', arguments: [e.id] };
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerEventsView(state: State, _edits: EditWatching): void {
  const tree = state.own(new EventsTree(state));
  const view = state.own(vscode.window.createTreeView<Node>('blastRadius.events', { treeDataProvider: tree, showCollapseAll: false }));

  const update = (): void => {
    tree.refresh();
    const open = state.events.openCount();
    view.badge = open ? { value: open, tooltip: `${open} flagged ${open === 1 ? 'event waits' : 'events wait'} for a decision` } : undefined;
  };
  update();
  // Agents stopped by the user (stop-agents.ts): said at the top of the view, unmistakably.
  const stopped = (): void => {
    view.message = state.stop.record ? stopViewMessage(state.stop.record) : undefined;
    view.description = state.stop.active ? 'AGENTS STOPPED' : undefined;
  };
  stopped();

  state.own(
    state.stop.onDidChange(state.guard('events view stop', stopped)),
    state.events.onDidChange(state.guard('events view refresh', update)),
    // Used by "Show Details" on a terminal warning: bring the view up with the event selected.
    vscode.commands.registerCommand(
      'blastRadius.revealEvent',
      state.guard('reveal event', async (id: unknown) => {
        const event = typeof id === 'string' ? state.events.get(id) : undefined;
        if (!event) return;
        await vscode.commands.executeCommand('blastRadius.events.focus');
        await view.reveal(event, { select: true, focus: false });
      }),
    ),
  );
}
