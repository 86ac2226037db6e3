/**
 * The VS Code entry point: builds the one State, wires each feature to it, and returns the API
 * that in-editor tests (and other extensions) drive. Every feature module registers its own
 * listeners through `state.own()`, so deactivation releases everything.
 */
import * as vscode from 'vscode';
import { evaluateCommand } from '../core/engine';
import { grammarReady } from '../core/shell/grammar';
import type { TamperEntry } from '../core/tamper';
import type { CommandResult } from '../core/types';
import { loadShellGrammar } from '../node/grammar-files';
import { protectedAgentsSummary, registerAgentHooks } from './agent-hooks';
import { registerAuditLog } from './audit-log';
import { registerCodeActions } from './code-actions';
import { registerCommands } from './commands';
import { commandContext, judgeLine, loadPowerShellOnce, needsPowerShellGrammar } from './command-context';
import { registerEditWatching, type EditWatching } from './edit-watching';
import { registerEventActions } from './event-actions';
import { registerEventHistory } from './event-history';
import { registerEventsView } from './events-view';
import { type FirstRunView, registerFirstRun } from './first-run';
import { registerLauncher } from './launcher';
import { registerPolicySync } from './policy-sync';
import { State, errorText } from './state';
import { latestTampering, registerSelfProtection } from './self-protection';
import { type ProductionStatus, registerEnvironmentStatus } from './environment-status';
import { registerStatusBar } from './status-bar';
import { registerStopAgents } from './stop-agents';
import { registerTerminalCommands } from './terminal-commands';
import { registerTerminalGate } from './terminal-gate';
import { registerTerminalWatching, type TerminalWatching } from './terminal-watching';
import { registerTimelineView } from './timeline-view';

/** What `activate` returns: the surface in-editor tests and other extensions use. */
export interface BlastRadiusApi {
  version: string;
  /** Milliseconds from the start of activate() to its return. */
  activationMs: number;
  state: State;
  edits: EditWatching;
  /** Commands run in integrated terminals, as terminal watching judged them. */
  terminals: TerminalWatching;
  /** Resolves when the shell grammar has loaded (or failed to). */
  ready: Promise<void>;
  /**
   * Scores a command line with the current settings; undefined until the grammars it needs have
   * loaded (the shell grammar at start, the PowerShell grammar on the first line that needs it).
   */
  evaluateCommand(line: string, cwd?: string): CommandResult | undefined;
  /** The newest recorded attempt to switch protection off (what the status bar tooltip shows). */
  tampering(): TamperEntry | undefined;
  /** The status bar tooltip's account of agent hooks: per hook, whether the agent will run it. */
  agentHooksSummary(): string;
  /** The status bar tooltip as it is now (Markdown). */
  statusTooltip(): string;
  /** The production flame in the status bar, checked afresh: whether it shows, and its words. */
  productionStatus(): ProductionStatus | undefined;
  /** What the empty Recent Events view says is protected now (its context keys). */
  welcome(): ReturnType<FirstRunView['welcome']> | undefined;
}

export function activate(context: vscode.ExtensionContext): BlastRadiusApi {
  const started = performance.now();
  const state = new State(context);
  context.subscriptions.push(state);
  const declared = (context.extension.packageJSON as { version?: unknown }).version;
  const version = typeof declared === 'string' ? declared : 'unknown';

  const ready = loadShellGrammar().then(
    () => {
      state.log.info(`shell grammar loaded in ${Math.round(performance.now() - started)} ms`);
      // Compile the engine's hot paths now, so the first command an agent runs is not the slow one.
      const warm = performance.now();
      evaluateCommand('sudo rm -rf /tmp/x && git push --force origin main | terraform destroy -auto-approve', { ctx: commandContext() });
      state.log.info(`engine warmed up in ${Math.round(performance.now() - warm)} ms`);
    },
    (e: unknown) => state.log.error(`shell grammar failed to load; commands cannot be checked: ${errorText(e)}`),
  );

  const step = <T>(name: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      // One broken feature must not take the others down.
      state.log.error(`${name} could not start: ${errorText(e)}`);
      return undefined;
    }
  };
  step('audit log', () => registerAuditLog(state));
  step('event history', () => registerEventHistory(state));
  const edits = step('edit watching', () => registerEditWatching(state)) ?? inertEditWatching();
  // Our own settings writes (allow-list, strictness) are not someone else's edit to settings.json.
  state.config.countWritesAsOwn((write) => edits.ownWrite(write));
  step('code actions', () => registerCodeActions(state, edits));
  // One record per terminal command, which terminal watching and the confirm gate both complete.
  const commands = step('terminal commands', () => registerTerminalCommands(state, ready));
  const terminals = (commands && step('terminal watching', () => registerTerminalWatching(state, commands))) ?? { onDidFinishCommand: () => ({ dispose: () => undefined }) };
  step('events view', () => registerEventsView(state, edits));
  step('timeline view', () => registerTimelineView(state, edits));
  step('event actions', () => registerEventActions(state, edits));
  step('self-protection record', () => registerSelfProtection(state));
  // Before anything an agent does reaches the gate: a stop kept from the last window holds at once.
  step('stop agents', () => registerStopAgents(state));
  // The launcher puts its folder on PATH before the gate looks there.
  step('launcher', () => registerLauncher(state));
  // The gate before the status bar: its first tooltip then says what the gate is doing (starting).
  const gate = commands ? step('terminal gate', () => registerTerminalGate(state, commands)) : undefined;
  const statusBar = step('status bar', () => registerStatusBar(state, gate));
  const productionStatus = step('production status', () => registerEnvironmentStatus(state));
  step('commands', () => registerCommands(state, edits));
  step('policy sync', () => registerPolicySync(state, edits));
  step('agent hooks', () => registerAgentHooks(state, edits));
  const firstRun = step('welcome view', () => registerFirstRun(state, gate));

  const activationMs = performance.now() - started;
  state.log.info(`Blast Radius ${version} activated in ${activationMs.toFixed(1)} ms (strictness ${state.config.strictness})`);
  return {
    version,
    activationMs,
    state,
    edits,
    terminals,
    ready,
    evaluateCommand(line: string, cwd?: string): CommandResult | undefined {
      if (!grammarReady()) return undefined;
      if (needsPowerShellGrammar(line)) {
        void loadPowerShellOnce((e) => state.log.error(`PowerShell grammar failed to load; PowerShell is read without it: ${String(e)}`), (m) => state.log.warn(m));
        return undefined;
      }
      return judgeLine(line, { ctx: commandContext(cwd), policy: state.config.policy() });
    },
    tampering: latestTampering,
    agentHooksSummary: protectedAgentsSummary,
    statusTooltip: () => statusBar?.tooltip() ?? '',
    productionStatus: () => productionStatus?.(),
    welcome: () => firstRun?.welcome(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the State).
}

function inertEditWatching(): EditWatching {
  return {
    flush: () => Promise.resolve(),
    revert: () => Promise.resolve(false),
    createdFile: () => undefined,
    restoreEvent: () => Promise.resolve(undefined),
    accept: () => undefined,
    baselineOf: () => undefined,
    findingsFor: () => [],
    attributionOf: () => undefined,
    showDiff: () => Promise.resolve(),
    ownWrite: async (f) => f(),
    adopt: () => Promise.resolve(),
    relativePath: (uri) => vscode.workspace.asRelativePath(uri, false),
    onDidChangeFindings: () => ({ dispose: () => undefined }),
    onDidSeeDiskChange: () => ({ dispose: () => undefined }),
    holding: false,
    baselinesReady: Promise.resolve(),
    steps: () => [],
    timeline: () => [],
    savedTimeline: () => Promise.resolve([]),
    onDidRecordStep: () => ({ dispose: () => undefined }),
    rewindPreview: () => Promise.resolve({ reason: 'Edit watching did not start; see the log.' }),
    rewind: (preview) => Promise.resolve({ restored: [], removed: [], failed: [], movedTo: preview.movedTo }),
  };
}
