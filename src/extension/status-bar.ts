/**
 * The status bar item: the strictness in force and how many flagged events wait for a decision,
 * or a countdown while protection is paused. It also ends a pause when its time is up, and
 * flashes warn-level events briefly instead of raising a notification for each.
 */
import * as vscode from 'vscode';
import { flashText, shortCommand, statusBarView } from '../core/ui-text';
import { onDidChangeAgentsSummary, protectedAgentsSummary } from './agent-hooks';
import { onDidChangeTampering, tamperingTooltip } from './self-protection';
import { type GateView, noGateTooltip } from './terminal-gate';
import type { FlaggedEvent, State } from './state';

const FLASH_MS = 5000;

function flashLabel(e: FlaggedEvent): string {
  if (e.kind === 'command') return shortCommand(e.command ?? '', 40);
  return e.uri ? vscode.workspace.asRelativePath(e.uri) : e.kind;
}

/** What tests read of the status bar: the tooltip as it is now. */
export interface StatusBarView {
  tooltip(): string;
}

export function registerStatusBar(state: State, gate: GateView | undefined): StatusBarView {
  const item = state.own(vscode.window.createStatusBarItem('blastRadius.status', vscode.StatusBarAlignment.Left, 50));
  item.name = 'Blast Radius';
  item.command = 'blastRadius.setStrictness';

  let flash: { text: string; until: number } | undefined;
  let lastNewest = state.events.list()[0]?.id;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const now = Date.now();
    const config = state.config;
    if (!config.paused && config.pausedUntilMs > 0) {
      // The pause ran out: make it official so every listener (policy sync, audit) hears of it.
      state.log.info('protection resumed: the pause is over');
      config.resume();
      return;
    }
    const settings = config.settings;
    const sources = config.strictnessSources();
    const view = statusBarView({
      strictness: settings.strictness,
      openCount: state.events.openCount(),
      pausedUntilMs: config.pausedUntilMs,
      now,
      ...(sources.user && sources.user !== settings.strictness ? { userStrictness: sources.user } : {}),
    });
    const flashing = flash && flash.until > now && !config.paused ? flash : undefined;
    item.text = flashing ? flashing.text : view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip);
    tooltip.appendText(`\n\n${protectedAgentsSummary()}`);
    // When something last tried to switch protection off, whoever saw it (an agent hook, this editor).
    const tampering = tamperingTooltip();
    if (tampering) {
      tooltip.appendMarkdown('\n\n$(warning) ');
      tooltip.appendText(tampering);
    }
    // Which terminals the confirm gate guards, and which it cannot (fish, Windows shells, old terminals).
    tooltip.appendMarkdown(`\n\n${(gate ? gate.tooltipLines() : noGateTooltip()).join('\n\n')}`);
    tooltip.supportThemeIcons = true;
    item.tooltip = tooltip;
    item.backgroundColor = view.warning || flashing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.accessibilityInformation = { label: view.accessibilityLabel };
    item.show();

    // Tick once a second while the countdown runs; otherwise only to end a flash.
    if (config.paused) timer = setTimeout(guardedRender, Math.min(1000 - (now % 1000) + 5, config.pausedUntilMs - now + 5));
    else if (flashing) timer = setTimeout(guardedRender, flashing.until - now + 5);
  };
  const guardedRender = state.guard('status bar', render);

  const onEvents = (): void => {
    const newest = state.events.list()[0];
    if (newest && newest.id !== lastNewest && newest.decision === 'warn') {
      const top = newest.findings[0];
      flash = { text: flashText(flashLabel(newest), top?.ruleId ?? 'warning', newest.score), until: Date.now() + FLASH_MS };
    }
    lastNewest = newest?.id;
    render();
  };

  state.own(
    state.config.onDidChange(guardedRender),
    onDidChangeAgentsSummary(guardedRender),
    state.events.onDidChange(state.guard('status bar flash', onEvents)),
    onDidChangeTampering(guardedRender),
    // The gate starts, listens or stops on its own time: the tooltip follows at once.
    ...(gate ? [gate.onDidChange(guardedRender)] : []),
    { dispose: () => clearTimeout(timer) },
  );
  render();
  return { tooltip: () => (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '')) };
}
