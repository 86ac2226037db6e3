/**
 * Watches commands run in integrated terminals through shell integration. A command is scored
 * the moment it starts; by then it is already running, so this cannot stop it (the hooks and
 * shims do that): it tells the user at once what the command may destroy, keeps a record in the
 * events view and the audit trail, and notes the exit code when the command ends.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { redactSecrets } from '../core/audit';
import { evaluateCommand } from '../core/engine';
import { decide } from '../core/policy';
import { grammarReady } from '../core/shell/grammar';
import type { CommandResult, Decision, ShellKind } from '../core/types';
import { coalescedNotificationText, commandNotificationText, shortCommand } from '../core/ui-text';
import { commandContext } from './command-context';
import { type LimiterHost, NotificationLimiter } from './notification-limiter';
import { gateClaimsCommand } from './terminal-gate';
import { type FlaggedEvent, type State } from './state';

/** How long a command waits for the shell grammar at start-up before it is judged without it. */
const GRAMMAR_WAIT_MS = 15_000;
const GRAMMAR_POLL_MS = 25;

interface Scored {
  line: string;
  result: CommandResult;
  event?: FlaggedEvent;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true once the shell grammar is loaded, false after the bound. */
async function waitForGrammar(ms = GRAMMAR_WAIT_MS): Promise<boolean> {
  const until = Date.now() + ms;
  while (!grammarReady() && Date.now() < until) await sleep(GRAMMAR_POLL_MS);
  return grammarReady();
}

function fileOf(uri: vscode.Uri | string | undefined): string | undefined {
  if (typeof uri === 'string') return path.isAbsolute(uri) ? uri : undefined;
  return uri && uri.scheme === 'file' ? uri.fsPath : undefined;
}

function cwdOf(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): string | undefined {
  const options = terminal.creationOptions;
  return fileOf(execution.cwd) ?? fileOf(terminal.shellIntegration?.cwd) ?? ('cwd' in options ? fileOf(options.cwd) : undefined);
}

/**
 * The shell the line is written for: the terminal's own shell, else the default one (PowerShell
 * on most Windows machines). Anything unknown is read as bash.
 */
function shellOf(terminal: vscode.Terminal): ShellKind {
  const options = terminal.creationOptions;
  const shellPath = ('shellPath' in options ? options.shellPath : undefined) ?? vscode.env.shell;
  const name = shellPath ? path.basename(shellPath.replace(/\\/g, '/')).toLowerCase().replace(/\.exe$/, '') : '';
  if (name === 'pwsh' || name === 'powershell') return 'pwsh';
  if (name === 'cmd') return 'cmd';
  if (name === 'zsh') return 'zsh';
  if (name === 'sh' || name === 'dash') return 'sh';
  return 'bash';
}

function confidenceNote(c: vscode.TerminalShellExecutionCommandLineConfidence): string {
  switch (c) {
    case vscode.TerminalShellExecutionCommandLineConfidence.High:
      return '';
    case vscode.TerminalShellExecutionCommandLineConfidence.Medium:
      return ' (command line read from the screen)';
    default:
      return ' (command line read from the screen, low confidence)';
  }
}

/** Opens a rule's page from the docs shipped with the extension. */
async function openRuleDocs(state: State, ruleId: string): Promise<void> {
  const uri = vscode.Uri.joinPath(state.context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showInformationMessage(`Blast Radius: no documentation page for ${ruleId} in this build.`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

/**
 * Warnings of commands that started unasked, at most one on screen: what arrives meanwhile is folded
 * into one summary shown after it, so an agent running twenty risky commands does not bury the editor.
 */
class CommandWarnings {
  private readonly limiter: NotificationLimiter<FlaggedEvent>;

  constructor(private readonly state: State) {
    const host: LimiterHost = { showWarning: (text, ...buttons) => vscode.window.showWarningMessage(text, ...buttons), guard: (what, f) => state.guard(what, f) };
    this.limiter = new NotificationLimiter<FlaggedEvent>(host, 'terminal warning', (missed) => ({
      text: coalescedNotificationText(missed.length, missed[missed.length - 1].command ?? ''),
      buttons: ['Show Events'],
      then: (choice) => (choice === 'Show Events' ? vscode.commands.executeCommand('blastRadius.events.focus') : undefined),
    }));
  }

  notify(event: FlaggedEvent, result: CommandResult): void {
    const top = result.findings[0];
    const text = commandNotificationText(result.command, top, result.findings.length - 1);
    this.limiter.show(
      {
        text,
        buttons: ['Show Details', 'Show Rule'],
        then: (choice) => {
          if (choice === 'Show Details') return this.showDetails(event.id);
          if (choice === 'Show Rule') return openRuleDocs(this.state, top.ruleId);
          return undefined;
        },
      },
      event,
    );
  }

  private async showDetails(id: string): Promise<void> {
    await vscode.commands.executeCommand('blastRadius.revealEvent', id);
    await vscode.commands.executeCommand('blastRadius.openEvent', id);
  }
}

/** What terminal watching made of one command, once it is done with it (the command has ended). */
export interface WatchedCommand {
  terminal: vscode.Terminal;
  execution: vscode.TerminalShellExecution;
  /** The command line as judged, trimmed; empty when shell integration reported none. */
  line: string;
  /** The decision at the strictness in force; undefined when the command was not judged (watching off, no line). */
  decision?: Decision;
  /** The event it was recorded as, if it was flagged. */
  event?: FlaggedEvent;
  exitCode?: number;
}

export interface TerminalWatching {
  /**
   * Fires when watching is done with a command: it ended, and whatever it was judged to be is
   * recorded (or not). Nothing in the extension listens; tests wait on it to know that a command
   * raised nothing, instead of waiting a while and looking.
   */
  readonly onDidFinishCommand: vscode.Event<WatchedCommand>;
}

export function registerTerminalWatching(state: State): TerminalWatching {
  const warnings = new CommandWarnings(state);
  const started = new WeakMap<vscode.TerminalShellExecution, Promise<Scored | undefined>>();
  const finished = state.own(new vscode.EventEmitter<WatchedCommand>());

  const score = async (terminal: vscode.Terminal, execution: vscode.TerminalShellExecution, exitCode?: number, ended = false): Promise<Scored | undefined> => {
    const line = execution.commandLine.value.trim();
    if (!line) return undefined;
    if (!grammarReady() && !(await waitForGrammar())) {
      state.log.warn(`shell grammar still not loaded after ${GRAMMAR_WAIT_MS / 1000} s; judging "${redactSecrets(shortCommand(line, 60)).text}" without it`);
    }
    const cwd = cwdOf(terminal, execution);
    const ctx = { ...commandContext(cwd), shell: shellOf(terminal) };
    const policy = state.config.policy();
    const result = evaluateCommand(line, { ctx, policy });
    const confidence = confidenceNote(execution.commandLine.confidence);

    if (result.decision === 'allow') {
      // While paused the strictness is off but the findings are complete: keep a trace of what
      // the user's own level would have flagged.
      const unpaused = decide(result.severity, state.config.settings.strictness);
      if (state.config.paused && unpaused !== 'allow') {
        state.audit.record({ kind: 'command', command: line, score: result.score, severity: result.severity, decision: unpaused, ruleIds: result.findings.map((f) => f.ruleId), detail: `protection paused, not flagged; run in terminal "${terminal.name}"${confidence}` });
      }
      return { line, result };
    }

    // A command the confirm gate held (and a person let run) is no slip-through: the gate recorded it.
    if (result.decision === 'gate' && (await gateClaimsCommand(terminal, line))) return { line, result };

    const event = state.commandEvent(result, {
      command: line,
      cwd,
      decision: result.decision,
      attribution: `run in terminal "${terminal.name}"${confidence}`,
      status: ended ? 'finished' : 'ran',
      strictness: policy.strictness,
      exitCode,
      audit: `run in terminal "${terminal.name}"${cwd ? ` in ${cwd}` : ''}${confidence}${exitCode !== undefined ? `; exit code ${exitCode}` : ''}`,
    });
    const top = result.findings[0];
    // The log is a file on disk too: it gets the redacted line, as the audit trail does.
    state.log[result.decision === 'gate' ? 'warn' : 'info'](`terminal "${terminal.name}": ${result.decision} ${result.score} ${top?.ruleId ?? ''}: ${redactSecrets(shortCommand(line, 120)).text}`);
    if (result.decision === 'gate') warnings.notify(event, result);
    return { line, result, event };
  };

  /** Notes the end of a command judged at its start, or judges it now when its line changed; returns what it was judged to be. */
  const commandEnded = async (e: vscode.TerminalShellExecutionEndEvent): Promise<Scored | undefined> => {
    const pending = started.get(e.execution);
    started.delete(e.execution);
    const first = pending ? await pending.catch(() => undefined) : undefined;
    // The command line can be more accurate at the end; judge it again if it changed.
    const line = e.execution.commandLine.value.trim();
    if (state.config.settings.watchTerminal && line && line !== first?.line && !first?.event) {
      return score(e.terminal, e.execution, e.exitCode, true);
    }
    if (!first?.event) return first;
    state.events.update(first.event.id, { status: 'finished', ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) });
    state.audit.record({
      kind: 'command',
      eventId: first.event.id,
      command: first.line,
      status: 'finished',
      detail: e.exitCode === undefined ? 'finished; the shell reported no exit code' : `finished with exit code ${e.exitCode}`,
    });
    return first;
  };

  state.own(
    vscode.window.onDidStartTerminalShellExecution(
      state.guard('terminal command start', (e: vscode.TerminalShellExecutionStartEvent) => {
        if (!state.config.settings.watchTerminal) return;
        const scored = score(e.terminal, e.execution);
        started.set(e.execution, scored);
        scored.catch((err: unknown) => state.log.error(`scoring a terminal command failed: ${String(err)}`));
      }),
    ),
    vscode.window.onDidEndTerminalShellExecution(
      state.guard('terminal command end', async (e: vscode.TerminalShellExecutionEndEvent) => {
        let watched: Scored | undefined;
        try {
          watched = await commandEnded(e);
        } finally {
          finished.fire({
            terminal: e.terminal,
            execution: e.execution,
            line: watched?.line ?? e.execution.commandLine.value.trim(),
            ...(watched ? { decision: watched.result.decision } : {}),
            ...(watched?.event ? { event: watched.event } : {}),
            ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
          });
        }
      }),
    ),
  );
  return { onDidFinishCommand: finished.event };
}
