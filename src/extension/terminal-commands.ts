/**
 * The one pipeline of terminal commands. Shell integration's start and end events and the confirm
 * gate's asks meet here, in one record per command (src/core/gate/command-records.ts): who saw or
 * asked about it, the line as typed, what was decided and by whom, how it ended. Terminal watching
 * judges the line as it starts and reports what ran without the gate; the confirm gate holds what
 * a shim or the hook asks about; neither looks for the other: each completes the record the other
 * may have made, and waits for the record's events (held, ended), never for a while.
 *
 * The record is also what the Recent Events view shows for a command (its events are finished here,
 * with the exit code, when the command ends) and what stopping the agents acts on (the terminal, its
 * shell, the processes that asked). Here too, once for both: the wait for the shell grammar and the
 * name of a terminal's shell.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { type AskPlace, type CommandRecord, CommandRecords } from '../core/gate/command-records';
import type { GateRequest } from '../core/gate/protocol';
import { grammarsNeeded } from '../core/engine';
import { grammarReady } from '../core/shell/grammar';
import { loadPowerShellGrammar } from '../node/grammar-files';
import type { CommandResult, Decision, ShellKind } from '../core/types';
import type { FlaggedEvent, State } from './state';

/** How long after a command's end the disk watcher may still report a change it made. */
const DISK_REPORT_LATENCY_MS = 1500;

/** This window's mark on the runs it names: record ids start again in every window, runs stay unique in saved steps. */
const WINDOW_MARK = Date.now().toString(36);

/** How long a command waits for the shell grammar at start-up before it is judged without it (or the terminal asks the CLI). */
export const GRAMMAR_WAIT_MS = 15_000;

export type TerminalCommand = CommandRecord<vscode.Terminal, vscode.TerminalShellExecution>;

/** A command's end as shell integration reported it, with the command's record (none for a start it never reported). */
export interface CommandEnd {
  command: TerminalCommand | undefined;
  end: vscode.TerminalShellExecutionEndEvent;
}

/** What the confirm gate tells the pipeline: whether it may still be asked about a command in `terminal`. */
export interface GateGuard {
  guards(terminal: vscode.Terminal): boolean;
}

/** The program name of a terminal's shell (its own, else the default one), lower case, without folder or `.exe`. */
export function shellNameOf(terminal: vscode.Terminal): string {
  const options = terminal.creationOptions;
  const shellPath = ('shellPath' in options ? options.shellPath : undefined) ?? vscode.env.shell;
  return shellPath ? path.basename(shellPath.replace(/\\/g, '/')).toLowerCase().replace(/\.exe$/, '') : '';
}

/**
 * The folder a command runs in: as shell integration reports it, else the folder the terminal was
 * opened in (a shell that does not report its folder).
 */
function cwdOf(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): string | undefined {
  const reported = execution.cwd ?? terminal.shellIntegration?.cwd;
  // A folder on the terminal's machine: code-server reports it as vscode-local, a remote as vscode-remote.
  if (reported) return ['file', 'vscode-local', 'vscode-remote'].includes(reported.scheme) ? reported.fsPath : undefined;
  const options = terminal.creationOptions;
  const opened = 'cwd' in options ? options.cwd : undefined;
  return typeof opened === 'string' ? opened : opened?.scheme === 'file' ? opened.fsPath : undefined;
}

/**
 * The shell a line typed in `terminal` is written for: the terminal's own shell, else the default
 * one (PowerShell on most Windows machines). Anything unknown is read as bash.
 */
export function shellKindOf(terminal: vscode.Terminal): ShellKind {
  const name = shellNameOf(terminal);
  if (name === 'pwsh' || name === 'powershell') return 'pwsh';
  if (name === 'cmd') return 'cmd';
  if (name === 'zsh') return 'zsh';
  if (name === 'sh' || name === 'dash') return 'sh';
  return 'bash';
}

/**
 * The event the command's line was recorded as already, when it shows every finding of `result`:
 * the other observer then adds nothing new, and the command stays one event. When `result` finds
 * more (a shim asked about one program of a longer line), it gets an event of its own.
 */
export function lineEventOf(state: State, command: TerminalCommand, result: CommandResult): FlaggedEvent | undefined {
  const event = command.eventId === undefined ? undefined : state.events.get(command.eventId);
  return event && result.findings.every((f) => event.findings.some((g) => g.ruleId === f.ruleId)) ? event : undefined;
}

/**
 * The line as typed, for an event of the command's own line whose text is the judged one (a
 * shim's words, re-quoted): shell integration's report, when it made one and it differs.
 */
export function typedLine(command: TerminalCommand, event: Pick<FlaggedEvent, 'command'>): { typed?: string } {
  return command.seenBy.includes('shell-integration') && command.line && command.line !== event.command ? { typed: command.line } : {};
}

export class TerminalCommands implements vscode.Disposable {
  private readonly records = new CommandRecords<vscode.Terminal, vscode.TerminalShellExecution>();
  private readonly shellPids = new Map<vscode.Terminal, number>();
  private readonly startEmitter = new vscode.EventEmitter<TerminalCommand>();
  private readonly endEmitter = new vscode.EventEmitter<CommandEnd>();
  private gate: GateGuard | undefined;
  /** Fires when shell integration reports a command's start, once its record has it. */
  readonly onDidStart = this.startEmitter.event;
  /** Fires when shell integration reports a command's end, once its record and its events say so. */
  readonly onDidEnd = this.endEmitter.event;

  constructor(
    private readonly state: State,
    /** Settles once the shell grammar has loaded or failed to. */
    private readonly grammar: Thenable<void>,
  ) {}

  /** Starts following the terminals: their shell processes, their commands' starts and ends. */
  listen(): void {
    const { state } = this;
    state.own(
      vscode.window.onDidOpenTerminal(state.guard('terminal opened', (t: vscode.Terminal) => this.remember(t))),
      vscode.window.onDidCloseTerminal(
        state.guard('terminal closed', (t: vscode.Terminal) => {
          this.shellPids.delete(t);
          this.records.closed(t);
        }),
      ),
      vscode.window.onDidStartTerminalShellExecution(
        state.guard('terminal command start', (e: vscode.TerminalShellExecutionStartEvent) => {
          this.startEmitter.fire(this.records.started(e.terminal, e.execution, e.execution.commandLine.value.trim(), { cwd: cwdOf(e.terminal, e.execution), at: Date.now() }));
        }),
      ),
      vscode.window.onDidEndTerminalShellExecution(
        state.guard('terminal command end', (e: vscode.TerminalShellExecutionEndEvent) => {
          const command = this.records.ended(e.execution, e.exitCode, Date.now());
          try {
            if (command) this.finishEvents(command);
          } finally {
            this.endEmitter.fire({ command, end: e });
          }
        }),
      ),
    );
    for (const t of vscode.window.terminals) this.remember(t);
  }

  /** The confirm gate says where it can be asked; until then (and after) it can be asked nowhere. */
  attachGate(gate: GateGuard): vscode.Disposable {
    this.gate = gate;
    return { dispose: () => (this.gate === gate ? (this.gate = undefined) : undefined) };
  }

  /** Whether the confirm gate may still be asked about a command running in `terminal`. */
  gateGuards(terminal: vscode.Terminal): boolean {
    return this.gate?.guards(terminal) ?? false;
  }

  /** Where the process with these ancestors (nearest first) runs: the terminal whose shell is nearest. */
  placeOf(ancestors: readonly number[]): AskPlace<vscode.Terminal> {
    let terminal: vscode.Terminal | undefined;
    let depth = -1;
    for (const [t, pid] of this.shellPids) {
      const i = ancestors.indexOf(pid);
      if (i >= 0 && (depth < 0 || i < depth)) {
        terminal = t;
        depth = i;
      }
    }
    return terminal ? { terminal, depth, reportsCommands: terminal.shellIntegration !== undefined } : {};
  }

  /**
   * The confirm gate answers `req` at warn or gate level: the command it belongs to, with the ask
   * joined as its last. A gate-level ask marks the command held, which is how terminal watching
   * learns that the command did not run unasked.
   */
  asked(req: GateRequest, ancestors: readonly number[], decision: Decision, place: AskPlace<vscode.Terminal>): TerminalCommand {
    return this.records.asked({ kind: req.kind, line: req.line, ancestors, decision }, place);
  }

  /** The one command that was running in a folder holding `file` at `at`, or that wrote it at `mtime` (see CommandRecords.runningAt). */
  runningAt(file: string, at: number, mtime?: number): { id: number; run: string; line: string; terminal: string } | undefined {
    // Shell integration may report the folder after the start: read it again for those without one.
    for (const c of this.records.list()) if (c.cwd === undefined && c.terminal && c.execution) c.cwd = cwdOf(c.terminal, c.execution);
    const r = this.records.runningAt(file, at, DISK_REPORT_LATENCY_MS, mtime);
    return r?.terminal ? { id: r.id, run: `${WINDOW_MARK}-${r.id}`, line: r.line, terminal: r.terminal.name } : undefined;
  }

  /**
   * Resolves true once the shell grammar is loaded, false when it failed to load or after `ms`
   * without it. Given the line, it also loads the PowerShell grammar when the line needs it (the
   * first time only; until then, and if it fails, PowerShell is read by the tokenizer).
   */
  async waitForGrammar(ms = GRAMMAR_WAIT_MS, line?: string, shell?: ShellKind): Promise<boolean> {
    if (line !== undefined && grammarsNeeded(line, shell).powershell) {
      const loading = loadPowerShellGrammar((m) => this.state.log.warn(m)).then(
        () => undefined,
        (e: unknown) => this.state.log.error(`PowerShell grammar failed to load; PowerShell is read without it: ${String(e)}`),
      );
      await Promise.race([loading, new Promise((resolve) => setTimeout(resolve, ms))]);
    }
    return this.waitForBashGrammar(ms);
  }

  private waitForBashGrammar(ms: number): Promise<boolean> {
    if (grammarReady()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(grammarReady()), ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve(grammarReady());
      };
      this.grammar.then(done, done);
    });
  }

  /**
   * The command ended: its events say so. The line's own event gets the exit code; an event of a
   * program a script or agent ran inside it is over too, though its own exit code is unknown. A held
   * ask's event keeps its answer (ran, blocked, allowed).
   */
  private finishEvents(command: TerminalCommand): void {
    const { state } = this;
    const own = command.eventId === undefined ? undefined : state.events.get(command.eventId);
    if (own && own.status === 'ran') {
      state.events.update(own.id, { status: 'finished', ...typedLine(command, own), ...(command.exitCode !== undefined ? { exitCode: command.exitCode } : {}) });
      state.audit.record({
        kind: 'command',
        eventId: own.id,
        command: own.command,
        status: 'finished',
        detail: command.exitCode === undefined ? 'finished; the shell reported no exit code' : `finished with exit code ${command.exitCode}`,
      });
    }
    // A warn-level ask let run, or a held one a person let run (Run once): over too. The line's own
    // ask ended with the line, so its exit code is the line's.
    // Every event of the line's own asks shows the line as typed, whatever was answered.
    for (const ask of command.asks) {
      const event = ask.eventId === undefined || ask.eventId === own?.id ? undefined : state.events.get(ask.eventId);
      if (!event) continue;
      const typed = ask.direct ? typedLine(command, event) : {};
      if (event.status !== 'ran') {
        if (typed.typed && event.typed !== typed.typed) state.events.update(event.id, typed);
        continue;
      }
      const exit = ask.direct && command.exitCode !== undefined ? { exitCode: command.exitCode } : {};
      state.events.update(event.id, { status: 'finished', ...typed, ...exit });
    }
  }

  private remember(terminal: vscode.Terminal): void {
    void Promise.resolve(terminal.processId).then(
      (pid) => {
        if (pid && vscode.window.terminals.includes(terminal)) this.shellPids.set(terminal, pid);
      },
      () => undefined,
    );
  }

  dispose(): void {
    // What still runs is not ended here: a command the window stops following did not run unasked.
    this.startEmitter.dispose();
    this.endEmitter.dispose();
  }
}

/** The pipeline, following the terminals from now on; `grammar` settles once the shell grammar has loaded or failed to. */
export function registerTerminalCommands(state: State, grammar: Thenable<void>): TerminalCommands {
  const commands = state.own(new TerminalCommands(state, grammar));
  commands.listen();
  state.commandRunningAt = (file, at, mtime) => commands.runningAt(file, at, mtime);
  return commands;
}
