/**
 * The one state owner: every long-lived object of the extension hangs off `State`, and every
 * disposable is registered here so deactivation releases everything.
 */
import * as vscode from 'vscode';
import { Confirmations } from '../core/gate/confirmations';
import { Config } from './config';
import { chainText } from '../core/follow/chain';
import type { EditFinding } from '../core/edit/types';
import type { StopRecord } from '../core/stop';
import type { CommandFinding, CommandResult, Decision, Severity, SeverityOrNone } from '../core/types';

/**
 * A finding of either engine, as its engine judged it: commands' carry spans, edits' ranges. A
 * command finding in what the line runs carries its chain in words (`npm run clean → package.json
 * scripts.clean → rm -rf src`), made from the line it was found in.
 */
export type FlaggedFinding = (CommandFinding & { chain?: string }) | EditFinding;

export type EventKind = 'edit' | 'disk-write' | 'delete' | 'batch' | 'command';
export type EventStatus = 'open' | 'held' | 'accepted' | 'reverted' | 'allowed' | 'ran' | 'blocked' | 'restored' | 'kept' | 'finished';

/** One flagged thing an agent (or anyone) did, as shown in the view and written to the audit trail. */
export interface FlaggedEvent {
  id: string;
  kind: EventKind;
  time: number;
  /** The file (edits, disk writes, deletions) or the first file of a batch. */
  uri?: vscode.Uri;
  /** Every file of a batch. */
  uris?: vscode.Uri[];
  /** The command line (terminal commands): the line judged (a shim sends its program's words re-quoted). */
  command?: string;
  /** The line as typed in the terminal, when shell integration reported it and it differs from `command`. */
  typed?: string;
  cwd?: string;
  score: number;
  severity: SeverityOrNone;
  decision: Decision;
  /** How the change happened: "applied in bulk, not typed", "written on disk by another process"… */
  attribution: string;
  findings: FlaggedFinding[];
  status: EventStatus;
  exitCode?: number;
  /** What the judgement could not cover (a command whose followed files ran out of budget). */
  notes?: string[];
  /**
   * Deleted files set aside in our storage instead of copied (too large for the copies), by file
   * URI: where Restore finds them, across reloads too.
   */
  setAside?: Record<string, string>;
}

/** Recent flagged events, newest first, bounded. The view and the status bar read this. */
export class EventLog implements vscode.Disposable {
  static readonly LIMIT = 500;
  private readonly items: FlaggedEvent[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private seq = 0;

  add(e: Omit<FlaggedEvent, 'id' | 'time'> & { time?: number }): FlaggedEvent {
    const event: FlaggedEvent = { ...e, id: `${Date.now().toString(36)}-${(this.seq++).toString(36)}`, time: e.time ?? Date.now() };
    this.items.unshift(event);
    if (this.items.length > EventLog.LIMIT) this.items.length = EventLog.LIMIT;
    this.emitter.fire();
    return event;
  }

  update(id: string, patch: Partial<FlaggedEvent>): FlaggedEvent | undefined {
    const e = this.items.find((x) => x.id === id);
    if (!e) return undefined;
    Object.assign(e, patch);
    this.emitter.fire();
    return e;
  }

  get(id: string): FlaggedEvent | undefined {
    return this.items.find((x) => x.id === id);
  }

  /** Events kept from an earlier window, newest first: they go after the ones this window has, once each. */
  restore(earlier: readonly FlaggedEvent[]): void {
    const have = new Set(this.items.map((e) => e.id));
    for (const e of earlier) if (!have.has(e.id) && this.items.length < EventLog.LIMIT) this.items.push(e);
    this.items.sort((a, b) => b.time - a.time);
    this.emitter.fire();
  }

  list(): readonly FlaggedEvent[] {
    return this.items;
  }

  /** Events still waiting for a decision (open edits and deletions). */
  openCount(): number {
    return this.items.filter((e) => e.status === 'open' && e.decision !== 'allow').length;
  }

  clear(): void {
    this.items.length = 0;
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * Whether agents are stopped (Stop Agents), and what was held since. stop-agents.ts alone sets it;
 * the confirm gate and the edit watcher read it, and note what they held for the Resume dialog.
 */
export class StopSwitch implements vscode.Disposable {
  private current: StopRecord | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  /** Commands the gate held while stopped, and whether the person let them run. */
  readonly commands: { line: string; ran: boolean }[] = [];
  /** Files (workspace-relative) whose agent changes were held while stopped. */
  readonly files = new Set<string>();

  get active(): boolean {
    return this.current !== undefined;
  }

  get record(): StopRecord | undefined {
    return this.current;
  }

  /** stop-agents.ts only: stopped with `record`, or resumed (undefined). A new stop starts a new tally. */
  set(record: StopRecord | undefined): void {
    if (record && !this.current) {
      this.commands.length = 0;
      this.files.clear();
    }
    this.current = record;
    this.emitter.fire();
  }

  noteCommand(line: string, ran: boolean): void {
    if (!this.current || this.commands.length >= 200) return;
    this.commands.push({ line, ran });
    this.emitter.fire();
  }

  noteFile(file: string): void {
    if (!this.current || this.files.size >= 1000 || this.files.has(file)) return;
    this.files.add(file);
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export interface AuditEntry {
  time: string;
  kind: EventKind | 'decision' | 'setting' | 'error';
  eventId?: string;
  path?: string;
  command?: string;
  score?: number;
  severity?: Severity | 'none';
  decision?: Decision;
  ruleIds?: string[];
  status?: EventStatus;
  detail?: string;
}

/** Writes audit entries somewhere durable; implemented in audit-log.ts. */
export interface AuditSink {
  record(entry: Omit<AuditEntry, 'time'>): void;
}

export class State implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly config: Config;
  readonly diagnostics: vscode.DiagnosticCollection;
  readonly events = new EventLog();
  /** Commands a person just confirmed in the confirm gate: their effects on disk are not asked about again. */
  readonly confirmations = new Confirmations();
  /** Agents stopped by the user (stop-agents.ts sets it; the gate and the edit watcher read it). */
  readonly stop = new StopSwitch();
  /**
   * The one terminal command that was running in a folder holding `file` at `at`, as the terminal
   * pipeline knows it (terminal-commands.ts sets this); undefined when it knows none or several.
   */
  commandRunningAt: (file: string, at: number, mtime?: number) => { id: number; run: string; line: string; terminal: string } | undefined = () => undefined;
  audit: AuditSink = { record: () => undefined };
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pickShownEmitter = new vscode.EventEmitter<string>();
  /**
   * Fires with the title of one of our quick picks once the workbench shows it with an item active.
   * Nothing in the extension listens: a test that answers a pick waits on it instead of a pause.
   */
  readonly onDidShowPick = this.pickShownEmitter.event;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Blast Radius', { log: true });
    this.config = new Config(this.log);
    this.diagnostics = vscode.languages.createDiagnosticCollection('blast-radius');
    this.disposables.push(this.log, this.config, this.diagnostics, this.events, this.pickShownEmitter, this.stop);
  }

  /** Our quick picks call this when the workbench first reports an active item: the pick is on screen. */
  pickShown(title: string): void {
    this.pickShownEmitter.fire(title);
  }

  /**
   * Records a judged command line as an event (the Recent Events view) and, unless `audit` is
   * left out (the confirm gate audits the answer instead), as an audit line with `audit` as its detail.
   */
  commandEvent(
    result: CommandResult,
    e: { command: string; cwd?: string; decision: Decision; attribution: string; status: EventStatus; exitCode?: number; audit?: string },
  ): FlaggedEvent {
    const event = this.events.add({
      kind: 'command',
      command: e.command,
      ...(e.cwd ? { cwd: e.cwd } : {}),
      score: result.score,
      severity: result.severity,
      decision: e.decision,
      attribution: e.attribution,
      findings: result.findings.map((f) => {
        const chain = chainText(result.command, f);
        return chain ? { ...f, chain } : f;
      }),
      status: e.status,
      ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
      ...(result.notes?.length ? { notes: result.notes } : {}),
    });
    if (e.audit !== undefined) {
      this.audit.record({
        kind: 'command',
        eventId: event.id,
        command: e.command,
        score: result.score,
        severity: result.severity,
        decision: e.decision,
        ruleIds: result.findings.map((f) => f.ruleId),
        status: event.status,
        detail: e.audit,
      });
    }
    return event;
  }

  /** Registers disposables owned by the extension's lifetime. */
  own<T extends vscode.Disposable>(...items: T[]): T {
    this.disposables.push(...items);
    return items[0];
  }

  /** Runs an event handler so that our own failure is logged and never reaches the user as a crash. */
  guard<A extends unknown[]>(what: string, f: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const r = f(...args);
        if (r instanceof Promise) r.catch((e: unknown) => this.log.error(`${what} failed: ${errorText(e)}`));
      } catch (e) {
        this.log.error(`${what} failed: ${errorText(e)}`);
      }
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // Disposal must finish for everything else even if one item fails.
      }
    }
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** Registers a command whose failure is logged and shown, never thrown at the caller. */
export function loggedCommand<A extends unknown[], R>(state: State, id: string, f: (...args: A) => R | Promise<R>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
    try {
      return await f(...args);
    } catch (e) {
      state.log.error(`${id} failed: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Blast Radius: ${id.replace('blastRadius.', '')} failed; see the log (Blast Radius: Show Log).`);
      return undefined;
    }
  });
}
