/**
 * Watches commands run in integrated terminals through shell integration. A command is scored
 * the moment it starts; by then it is already running, so this cannot stop it (the hooks and
 * shims do that): it tells the user what the command may destroy, keeps a record in the events
 * view and the audit trail, and the exit code is noted when the command ends.
 *
 * A gate-level command in a terminal the confirm gate guards is reported only if it runs unasked:
 * its record (terminal-commands.ts) says so when a shim or the hook asks about it (held) or when it
 * ends without having asked, whichever comes first. Elsewhere it is reported as it starts.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { redactSecrets } from '../core/audit';
import { evaluateCommand } from '../core/engine';
import { chainText } from '../core/follow/chain';
import type { CommandResult, Decision } from '../core/types';
import { coalescedNotificationText, commandNotificationText, shortCommand } from '../core/ui-text';
import { commandContext } from './command-context';
import { type LimiterHost, NotificationLimiter } from './notification-limiter';
import { openRuleDocs } from './rule-docs';
import { type FlaggedEvent, type State } from './state';
import { GRAMMAR_WAIT_MS, lineEventOf, shellKindOf, type TerminalCommand, type TerminalCommands } from './terminal-commands';

interface Scored {
  line: string;
  result: CommandResult;
  event?: FlaggedEvent;
}

function fileOf(uri: vscode.Uri | string | undefined): string | undefined {
  if (typeof uri === 'string') return path.isAbsolute(uri) ? uri : undefined;
  return uri && uri.scheme === 'file' ? uri.fsPath : undefined;
}

function cwdOf(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): string | undefined {
  const options = terminal.creationOptions;
  return fileOf(execution.cwd) ?? fileOf(terminal.shellIntegration?.cwd) ?? ('cwd' in options ? fileOf(options.cwd) : undefined);
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
    const chain = chainText(result.command, top, 200);
    const text = commandNotificationText(result.command, chain ? { ...top, chain } : top, result.findings.length - 1);
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
  /** The event the line was recorded as, if it was flagged (by watching, or by the gate as it let it run with a warning). */
  event?: FlaggedEvent;
  exitCode?: number;
  /** The command's one record: who saw and asked about it, what was decided, how it ended. */
  command?: TerminalCommand;
}

export interface TerminalWatching {
  /**
   * Fires when watching is done with a command: it ended, and whatever it was judged to be is
   * recorded (or not). Nothing in the extension listens; tests wait on it to know that a command
   * raised nothing, instead of waiting a while and looking.
   */
  readonly onDidFinishCommand: vscode.Event<WatchedCommand>;
}

export function registerTerminalWatching(state: State, commands: TerminalCommands): TerminalWatching {
  const warnings = new CommandWarnings(state);
  const started = new WeakMap<vscode.TerminalShellExecution, Promise<Scored | undefined>>();
  const finished = state.own(new vscode.EventEmitter<WatchedCommand>());

  const score = async (command: TerminalCommand, terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<Scored | undefined> => {
    const line = execution.commandLine.value.trim();
    if (!line) return undefined;
    if (!(await commands.waitForGrammar(GRAMMAR_WAIT_MS, line, shellKindOf(terminal)))) {
      state.log.warn(`shell grammar not loaded (waited up to ${GRAMMAR_WAIT_MS / 1000} s); judging "${redactSecrets(shortCommand(line, 60)).text}" without it`);
    }
    const cwd = cwdOf(terminal, execution);
    const ctx = { ...commandContext(cwd), shell: shellKindOf(terminal) };
    const policy = state.config.policy();
    const result = evaluateCommand(line, { ctx, policy });
    const confidence = confidenceNote(execution.commandLine.confidence);
    command.judged = result.decision;

    if (result.decision === 'allow') {
      // While paused the strictness is off: keep a trace of what the user's own level would have flagged.
      const unpaused = state.config.paused ? evaluateCommand(line, { ctx, policy: state.config.policy({ ignorePause: true }) }) : undefined;
      if (unpaused && unpaused.decision !== 'allow') {
        state.audit.record({ kind: 'command', command: line, score: unpaused.score, severity: unpaused.severity, decision: unpaused.decision, ruleIds: unpaused.findings.map((f) => f.ruleId), detail: `protection paused, not flagged; run in terminal "${terminal.name}"${confidence}` });
      }
      return { line, result };
    }

    // Where the confirm gate guards the terminal, a shim or the hook may ask about this command at
    // any point of its run: it ran unasked only if it ends first.
    if (result.decision === 'gate' && commands.gateGuards(terminal)) await command.heldOrEnded;
    // A command the confirm gate held (and a person let run) is no slip-through: the gate recorded it.
    if (result.decision === 'gate' && command.held) return { line, result };

    const audit = `run in terminal "${terminal.name}"${cwd ? ` in ${cwd}` : ''}${confidence}`;
    // The gate let the line run with a warning first, for the same findings: that is the line's event.
    const recorded = result.decision === 'warn' ? lineEventOf(state, command, result) : undefined;
    if (recorded) {
      state.audit.record({ kind: 'command', eventId: recorded.id, command: line, score: result.score, severity: result.severity, decision: result.decision, ruleIds: result.findings.map((f) => f.ruleId), status: recorded.status, detail: audit });
      return { line, result, event: recorded };
    }
    const ended = command.state === 'ended';
    const exitCode = ended ? command.exitCode : undefined;
    const event = state.commandEvent(result, {
      command: line,
      cwd,
      decision: result.decision,
      attribution: `run in terminal "${terminal.name}"${confidence}`,
      status: ended ? 'finished' : 'ran',
      exitCode,
      audit: `${audit}${exitCode !== undefined ? `; exit code ${exitCode}` : ''}`,
    });
    command.eventId = event.id;
    const top = result.findings[0];
    // The log is a file on disk too: it gets the redacted line, as the audit trail does.
    state.log[result.decision === 'gate' ? 'warn' : 'info'](`terminal "${terminal.name}": ${result.decision} ${result.score} ${top?.ruleId ?? ''}: ${redactSecrets(shortCommand(line, 120)).text}`);
    if (result.decision === 'gate') warnings.notify(event, result);
    return { line, result, event };
  };

  /** What the command was judged to be: at its start, or now when its line changed (the record has the end and its events). */
  const commandEnded = async (command: TerminalCommand | undefined, e: vscode.TerminalShellExecutionEndEvent): Promise<Scored | undefined> => {
    const pending = started.get(e.execution);
    started.delete(e.execution);
    const first = pending ? await pending.catch(() => undefined) : undefined;
    // The command line can be more accurate at the end; judge it again if it changed.
    const line = e.execution.commandLine.value.trim();
    if (command && state.config.settings.watchTerminal && line && line !== first?.line && !first?.event) {
      return score(command, e.terminal, e.execution);
    }
    return first;
  };

  state.own(
    commands.onDidStart(
      state.guard('terminal command start', (command: TerminalCommand) => {
        if (!state.config.settings.watchTerminal || !command.terminal || !command.execution) return;
        const scored = score(command, command.terminal, command.execution);
        started.set(command.execution, scored);
        scored.catch((err: unknown) => state.log.error(`scoring a terminal command failed: ${String(err)}`));
      }),
    ),
    commands.onDidEnd(
      state.guard('terminal command end', async ({ command, end: e }: { command: TerminalCommand | undefined; end: vscode.TerminalShellExecutionEndEvent }) => {
        let watched: Scored | undefined;
        try {
          watched = await commandEnded(command, e);
        } finally {
          finished.fire({
            terminal: e.terminal,
            execution: e.execution,
            line: watched?.line ?? e.execution.commandLine.value.trim(),
            ...(watched ? { decision: watched.result.decision } : {}),
            ...(watched?.event ? { event: watched.event } : {}),
            ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
            ...(command ? { command } : {}),
          });
        }
      }),
    ),
  );
  return { onDidFinishCommand: finished.event };
}
