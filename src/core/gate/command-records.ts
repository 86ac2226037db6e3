/**
 * One record per terminal command, shared by the two observers of a terminal: VS Code's shell
 * integration (a command line as it starts, its exit code as it ends) and the confirm gate (a shim
 * or the shell hook asks before a risky program runs). Whichever sees a command first makes its
 * record; the other completes it. Nothing here waits on a clock: a shim asks while its command
 * runs, so an ask that belongs to a command always arrives before that command's end, and the end
 * settles what the gate did not claim.
 *
 * The two reports travel different ways (the shell's output through VS Code, a request over the
 * gate's socket), so either may come first:
 *
 * - a shim asks while its terminal runs a command: the ask joins that command;
 * - a shim or hook asks while VS Code has not yet reported a start in its terminal (the hook asks
 *   before the line runs; a shim's request can overtake the start): the record waits, and the next
 *   start in that terminal takes it. A line the hook asked about that never started (zsh does not
 *   run a refused line) is done when the next line is asked about or starts;
 * - where the process tree cannot be read (macOS), an ask is told by its text instead;
 * - an ask from outside the editor's terminals, or from one without shell integration, is a
 *   record of its own.
 *
 * Pure: terminals and executions are opaque handles, process ids come with the requests.
 */
import type { Decision } from '../types';
import { isInside } from '../workspace-root';
import type { ConfirmOutcome } from './answer';
import type { GateKind } from './protocol';

/** Who saw a command: shell integration, or who asked the confirm gate about it (a shim, the bash or zsh hook). */
export type Observer = 'shell-integration' | GateKind;

/** One request to the confirm gate about a command or part of it. */
export interface GateAsk {
  kind: GateKind;
  /** The line the gate judged: a hook sends the line as typed, a shim its program's words re-quoted. */
  line: string;
  /** The asking process and its ancestors, nearest first; only the asking process where they cannot be read. */
  ancestors: readonly number[];
  /**
   * Part of the line as typed: a hook's ask, or a shim the shell ran straight from the line. What a
   * script or another program runs (an agent's tool calls, `make clean`'s rm) is a command of its
   * own inside the record, with an event of its own.
   */
  direct: boolean;
  /** The engine's decision at the strictness in force: warn runs at once, gate waits for a person. */
  decision: Decision;
  /** How a gate-level ask ended: a person's answer, or the gate's own (timeout, cool-down, a full queue, the caller gone). */
  outcome?: ConfirmOutcome;
  /**
   * The event the ask was recorded as: a held ask's (its dialog and answer), or a warn-level ask's
   * when it showed something no event of the command showed yet (it may be the line's own).
   */
  eventId?: string;
}

/**
 * - `asking`: the gate was asked; no start was reported (yet, or ever: a refused zsh line, a terminal
 *   without shell integration, a process outside the editor's terminals);
 * - `running`: shell integration reported its start;
 * - `ended`: it reported its end, the terminal closed, or the line never started.
 */
export type CommandState = 'asking' | 'running' | 'ended';

/** Where an ask comes from, as the caller read it from the terminals' shell processes. */
export interface AskPlace<T> {
  /** The terminal whose shell is the nearest of the asking process's ancestors. */
  terminal?: T;
  /** How far up the shell is (0: the shell itself asked, as the bash hook does). */
  depth?: number;
  /** Whether shell integration reports the commands of that terminal, so a start may still come. */
  reportsCommands?: boolean;
}

let nextId = 1;

export class CommandRecord<T, E> {
  readonly id = nextId++;
  terminal: T | undefined;
  execution: E | undefined;
  /** The line as typed: shell integration's once it reported one, else a hook's, else the first ask's. */
  line = '';
  readonly seenBy: Observer[] = [];
  readonly asks: GateAsk[] = [];
  /** What terminal watching judged the line as typed to be; undefined until it did (or when it did not). */
  judged: Decision | undefined;
  /** The line's own event in Recent Events: warn-level, or gate-level that ran unasked. */
  eventId: string | undefined;
  state: CommandState = 'asking';
  exitCode: number | undefined;
  /** A gate-level ask joined: the confirm gate holds, or held, this command or part of it. */
  held = false;
  /** The folder it runs in and when shell integration reported its start and end (for naming what changed files on disk). */
  cwd: string | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** Resolves when the gate holds the command or the command has ended, whichever comes first. */
  readonly heldOrEnded: Promise<'held' | 'ended'>;
  private settle!: (how: 'held' | 'ended') => void;
  /** The line the hook asked about, when a hook asked: a start with another line is not this one. */
  private hookLine: string | undefined;

  constructor(terminal: T | undefined) {
    this.terminal = terminal;
    this.heldOrEnded = new Promise((resolve) => (this.settle = resolve));
  }

  /** @internal The store's: adds an ask. */
  join(ask: GateAsk): void {
    this.asks.push(ask);
    if (!this.seenBy.includes(ask.kind)) this.seenBy.push(ask.kind);
    if (ask.kind !== 'shim') this.hookLine ??= ask.line;
    if (!this.line) this.line = ask.line;
    if (ask.decision === 'gate') {
      this.held = true;
      this.settle('held');
    }
  }

  /** @internal The store's: whether a start reporting `line` is this command's. */
  startsAs(line: string): boolean {
    return this.hookLine === undefined || !line || sameCommand(this.hookLine, line);
  }

  /** @internal The store's: the command is over. */
  finish(exitCode?: number): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    if (exitCode !== undefined) this.exitCode = exitCode;
    this.settle('ended');
  }
}

/** The same command line, whitespace aside, or one inside the other (a program's words in the typed line). */
export function sameCommand(a: string, b: string): boolean {
  const x = a.trim().replace(/\s+/g, ' ');
  const y = b.trim().replace(/\s+/g, ' ');
  return x.length > 0 && y.length > 0 && (x === y || x.includes(y) || y.includes(x));
}

/** How long after a command began its start may be reported (shell integration's sequence, then the extension host's event). */
const START_REPORT_SLACK_MS = 1000;
/** How long after a command's end a write made during it (by its mtime) may still be handed over. */
const LATE_REPORT_MS = 30_000;
/**
 * How long before the watcher reports a deletion it happened, at most, as taken for telling
 * commands run one after another apart: a deletion seen within this of one command's end, after
 * the next one started, is the first one's.
 */
const DELETE_SETTLE_MS = 300;
/** Records kept once they ended: enough for the events view's recent past, bounded. */
const DEFAULT_LIMIT = 200;
/** Asks told by their text that no start has taken yet. */
const UNPLACED_LIMIT = 32;
/** Processes between a shim's ask and the shell that ran it straight from the line: ask.bash, the shim, the shell. */
const DIRECT_DEPTH = 2;

export class CommandRecords<T, E> {
  private readonly all: CommandRecord<T, E>[] = [];
  private readonly running = new Map<T, CommandRecord<T, E>>();
  private readonly waiting = new Map<T, CommandRecord<T, E>>();
  private readonly byExecution = new Map<E, CommandRecord<T, E>>();
  private readonly unplaced: CommandRecord<T, E>[] = [];

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** Shell integration reported a start: the record an earlier ask made for it, or a new one. */
  started(terminal: T, execution: E, line: string, where: { cwd?: string; at?: number } = {}): CommandRecord<T, E> {
    let record: CommandRecord<T, E> | undefined;
    const waiting = this.waiting.get(terminal);
    this.waiting.delete(terminal);
    if (waiting?.startsAs(line)) record = waiting;
    else waiting?.finish();
    if (!record && line) {
      const i = this.unplaced.findIndex((r) => r.state === 'asking' && sameCommand(r.line, line));
      if (i >= 0) record = this.unplaced.splice(i, 1)[0];
    }
    record ??= this.add(new CommandRecord<T, E>(terminal));
    // A command whose end never came (shell integration can miss one) is over once the next starts.
    const previous = this.running.get(terminal);
    if (previous && previous !== record) this.end(previous);
    record.terminal = terminal;
    record.execution = execution;
    if (line) record.line = line;
    if (where.cwd) record.cwd = where.cwd;
    if (where.at !== undefined) record.startedAt = where.at;
    if (!record.seenBy.includes('shell-integration')) record.seenBy.push('shell-integration');
    record.state = 'running';
    this.running.set(terminal, record);
    this.byExecution.set(execution, record);
    return record;
  }

  /** Shell integration reported the end; undefined for an execution it never reported starting. */
  ended(execution: E, exitCode?: number, at?: number): CommandRecord<T, E> | undefined {
    const record = this.byExecution.get(execution);
    if (!record) return undefined;
    if (at !== undefined && record.state !== 'ended') record.endedAt = at;
    this.end(record, exitCode);
    return record;
  }

  /**
   * The one command that was running in a folder holding `file` at `at` (a disk change arriving up
   * to `latencyMs` after the command's end still counts); undefined when none was, or more than one
   * could have made the change.
   *
   * `mtime`, when the file was written (a write's; a deletion has none), tells apart commands run
   * one after another: a change that arrives after the next command started but was written before
   * it is the earlier command's, even when it arrives well after the earlier one's end (a burst
   * handed over in chunks). A deletion is taken to have happened a settle margin before the
   * watcher saw it: one seen just after a command ended is that command's, though the next one
   * started meanwhile. Commands running at once in two terminals stay undecided.
   */
  runningAt(file: string, at: number, latencyMs: number, mtime?: number): CommandRecord<T, E> | undefined {
    const found: CommandRecord<T, E>[] = [];
    for (const r of this.all) {
      if (r.cwd === undefined || r.startedAt === undefined || r.startedAt > at || !isInside(file, r.cwd)) continue;
      const over = r.state === 'ended';
      // A write the command made (its mtime in the command's run) may be handed over late: the
      // watcher passes a large burst on in chunks, and a loaded machine is slow to.
      const late = mtime !== undefined && r.endedAt !== undefined && mtime <= r.endedAt && mtime >= r.startedAt - START_REPORT_SLACK_MS && at - r.endedAt <= LATE_REPORT_MS;
      if (over && (r.endedAt === undefined || r.endedAt + latencyMs < at) && !late) continue;
      // Written after its end was reported: not its change, however soon it arrives.
      if (over && mtime !== undefined && r.endedAt !== undefined && mtime > r.endedAt) continue;
      found.push(r);
    }
    if (found.length <= 1) return found.length === 1 ? found[0] : undefined;
    // A deletion leaves no time on the file: it happened a little before the watcher saw it.
    const when = mtime ?? at - DELETE_SETTLE_MS;
    // Those that may have been running when the file was written: the start is reported a little
    // after the command began, so a write just before the reported start may be its own.
    const then = found.filter((r) => r.startedAt! - START_REPORT_SLACK_MS <= when && (r.state !== 'ended' || r.endedAt === undefined || when <= r.endedAt));
    if (then.length <= 1) return then[0];
    // One terminal runs one command at a time: the latest to start before the write, else its first.
    if (!then.every((r) => r.terminal !== undefined && r.terminal === then[0].terminal)) return undefined;
    const ordered = [...then].sort((a, b) => a.startedAt! - b.startedAt!);
    let pick = ordered[0];
    for (const r of ordered) if (r.startedAt! <= when) pick = r;
    return pick;
  }

  /** The confirm gate is answering a request: the command it belongs to, with the ask joined. */
  asked(request: Omit<GateAsk, 'direct'>, place: AskPlace<T>): CommandRecord<T, E> {
    const { terminal } = place;
    if (terminal !== undefined) {
      const ask: GateAsk = { ...request, direct: request.kind !== 'shim' || (place.depth ?? Infinity) <= DIRECT_DEPTH };
      const running = this.running.get(terminal);
      if (running) return this.join(running, ask);
      if (!place.reportsCommands) return this.join(this.add(new CommandRecord<T, E>(terminal)), ask);
      let waiting = this.waiting.get(terminal);
      if (waiting && ask.kind !== 'shim' && !waiting.startsAs(ask.line)) {
        // The line the hook asked about before never started (zsh does not run a refused line).
        waiting.finish();
        waiting = undefined;
      }
      if (!waiting) {
        waiting = this.add(new CommandRecord<T, E>(terminal));
        this.waiting.set(terminal, waiting);
      }
      return this.join(waiting, ask);
    }
    if (request.ancestors.length <= 1) {
      // No process tree to go by (macOS reads none): the command whose line this is, by its text.
      const ask: GateAsk = { ...request, direct: true };
      for (const r of this.running.values()) if (sameCommand(r.line, ask.line)) return this.join(r, ask);
      const record = this.add(new CommandRecord<T, E>(undefined));
      this.unplaced.push(record);
      if (this.unplaced.length > UNPLACED_LIMIT) this.unplaced.shift();
      return this.join(record, ask);
    }
    // A process outside the editor's terminals: a command of its own.
    return this.join(this.add(new CommandRecord<T, E>(undefined)), { ...request, direct: true });
  }

  /** The terminal closed: what ran or waited to start there is over. */
  closed(terminal: T): void {
    const running = this.running.get(terminal);
    if (running) this.end(running);
    this.waiting.get(terminal)?.finish();
    this.waiting.delete(terminal);
  }

  /** The record of an execution shell integration reported. */
  of(execution: E): CommandRecord<T, E> | undefined {
    return this.byExecution.get(execution);
  }

  /** Commands running now (shell integration reported their start and not yet their end). */
  runningNow(): CommandRecord<T, E>[] {
    return [...this.running.values()];
  }

  /** Every record kept, oldest first. */
  list(): readonly CommandRecord<T, E>[] {
    return this.all;
  }

  private join(record: CommandRecord<T, E>, ask: GateAsk): CommandRecord<T, E> {
    record.join(ask);
    return record;
  }

  private end(record: CommandRecord<T, E>, exitCode?: number): void {
    if (record.terminal !== undefined && this.running.get(record.terminal) === record) this.running.delete(record.terminal);
    if (record.execution !== undefined) this.byExecution.delete(record.execution);
    record.finish(exitCode);
  }

  private live(record: CommandRecord<T, E>): boolean {
    const t = record.terminal;
    return t !== undefined && (this.running.get(t) === record || this.waiting.get(t) === record);
  }

  private add(record: CommandRecord<T, E>): CommandRecord<T, E> {
    this.all.push(record);
    if (this.all.length > this.limit) {
      // The oldest record nothing will complete any more leaves: a running or waiting one stays.
      const i = this.all.findIndex((r) => !this.live(r));
      if (i >= 0) this.all.splice(i, 1);
    }
    return record;
  }
}
