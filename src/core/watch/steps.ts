/**
 * The ledger's record of agent steps: every change the edit watcher judged as it happened (one
 * burst of edits to a document, one write on disk, one deletion of a file or a batch of files),
 * where it came from, the files it touched with references to their content before and after it,
 * and how it ended. The timeline and rewind of issue 19 read this record; nothing decides from it.
 *
 * A content reference names a file by the baseline store's key (its URI) and its text by SHA-1;
 * the exact bytes, where the watchers had them, are named by their hash in the rewind history
 * (core/watch/content-history.ts), which hands them back to Rewind (core/watch/rewind.ts) and tells
 * when the file has changed since. Plain data, bounded: the oldest steps are forgotten first.
 */

/**
 * Where a step came from: the editor (an edit to an open document, a deletion through VS Code), a
 * command in a terminal, an agent's hook call, or a process writing on disk that nothing has
 * named yet (the terminal and hook pipelines name it where they know it).
 */
export type StepOrigin = 'editor' | 'terminal' | 'hook' | 'disk' | 'person';

/** `rewind`: a person rewound the workspace to an earlier step (origin `person`); it can be rewound in turn. */
export type StepKind = 'edit' | 'disk-write' | 'delete' | 'batch' | 'rewind';

/**
 * How a step ended. `open` while its change waits for a decision, `held` while a held change waits
 * for a person's answer, `clean` when nothing risky was found; the others are the decisions the
 * view and the audit trail record for the change.
 */
export type StepResolution = 'open' | 'clean' | 'held' | 'accepted' | 'reverted' | 'allowed' | 'restored' | 'kept';

/**
 * A file's content at one moment: the SHA-1 (base64) of its text as the engine judged it; or a
 * binary file (kept as bytes under its key, never decoded); or that it did not exist; or that it
 * existed with a content never seen.
 */
export type ContentRef = { sha: string } | { binary: true } | { absent: true } | { unknown: true };

/** An agent's tool call our hook answered: the agent's name as its maker writes it, the tool, and when the hook answered. */
export interface HookCall {
  agent: string;
  tool: string;
  time: number;
}

export interface StepFile {
  /** The baseline store's key: the file's URI as a string. */
  key: string;
  /** Workspace-relative with `/` (absolute outside the workspace). */
  path: string;
  before: ContentRef;
  after: ContentRef;
  /** The exact bytes before the step, by their id in the rewind history, when the watchers had them. */
  beforeBytes?: string;
  /** The exact bytes after the step (as written on disk, or as the editor will save the document). */
  afterBytes?: string;
}

export interface Step {
  /** `step-<n>`, unique in the window. */
  id: string;
  time: number;
  kind: StepKind;
  origin: StepOrigin;
  /** How it happened, in words ("applied in bulk, not typed", "deleted on disk"…). */
  attribution: string;
  /** The command line that made the change, when it is known. */
  command?: string;
  /**
   * Which run of the command made it: the terminal pipeline's id of the command's record, unique
   * across windows. The same line run twice is two runs; one run's changes are one timeline step
   * however late the watcher hands them over.
   */
  run?: string;
  /** The agent tool call that made the change, when it went through our hook (origin `hook`). */
  via?: HookCall;
  files: StepFile[];
  /** The flagged event the step belongs to (the view's and the audit trail's id), when it was risky. */
  eventId?: string;
  resolution: StepResolution;
  /** When the resolution was reached (absent while open or held). */
  resolvedAt?: number;
}

export type NewStep = Omit<Step, 'id' | 'resolvedAt'>;

/** Resolutions a step keeps for good; `open` and `held` still wait for one of them. */
const FINAL: ReadonlySet<StepResolution> = new Set(['clean', 'accepted', 'reverted', 'allowed', 'restored', 'kept']);

/** Steps looked back over for the earlier steps of a command's run (see StepLog.record). */
const RUN_LOOKBACK = 200;

export class StepLog {
  static readonly LIMIT = 1000;
  /** Files listed over all steps kept: a few deletions of a whole tree must not hold the memory of thousands of steps. */
  static readonly FILE_LIMIT = 50_000;
  /** Oldest first: the order of the timeline. */
  private readonly items: Step[] = [];
  private files = 0;
  private seq = 0;

  constructor(
    readonly limit = StepLog.LIMIT,
    readonly fileLimit = StepLog.FILE_LIMIT,
  ) {}

  /**
   * Records a step; a step recorded with a final resolution is resolved at its own time.
   *
   * A change of a command's run that arrives after other steps (the watcher hands a large burst
   * over in chunks, the next command's changes or an edit came in between) goes right after that
   * run's last step: it was made during the run, before what came in between, so the run stays one
   * step of the timeline and rewinding to a later step still undoes it. Only when no step in
   * between touched one of its files: then the order seen is the order that matters, and it stays last.
   */
  record(step: NewStep): Step {
    const s: Step = { ...step, id: `step-${++this.seq}`, files: [...step.files] };
    if (FINAL.has(s.resolution)) s.resolvedAt = s.time;
    const at = this.runEnd(s);
    if (at < this.items.length) this.items.splice(at, 0, s);
    else this.items.push(s);
    this.files += s.files.length;
    // The newest step stays, however many files it lists.
    while (this.items.length > 1 && (this.items.length > this.limit || this.files > this.fileLimit)) this.files -= this.items.shift()!.files.length;
    return s;
  }

  /** Where a step of a run goes: after the run's last step when only other files were touched since, else last. */
  private runEnd(s: Step): number {
    const n = this.items.length;
    if (s.run === undefined || !n || this.items[n - 1].run === s.run) return n;
    const keys = new Set(s.files.map((f) => f.key));
    for (let i = n - 1; i >= Math.max(0, n - RUN_LOOKBACK); i--) {
      const other = this.items[i];
      if (other.run === s.run) return i + 1;
      if (other.files.some((f) => keys.has(f.key))) return n;
    }
    return n;
  }

  /**
   * Brings back the steps of the last window, before every step of this one, each under a new id.
   * A step still open then is no longer open: its change is a flagged event of this window now (or
   * gone), so it counts as kept.
   */
  restore(saved: readonly Step[]): void {
    const back = saved.map((s): Step => {
      const step: Step = { ...s, id: `step-${++this.seq}`, files: [...s.files] };
      if (step.resolution === 'open') {
        step.resolution = 'kept';
        step.resolvedAt ??= step.time;
      }
      return step;
    });
    this.items.unshift(...back);
    this.files += back.reduce((n, s) => n + s.files.length, 0);
    while (this.items.length > 1 && (this.items.length > this.limit || this.files > this.fileLimit)) this.files -= this.items.shift()!.files.length;
  }

  get(id: string): Step | undefined {
    return this.items.find((s) => s.id === id);
  }

  /** Every step kept, oldest first. */
  list(): readonly Step[] {
    return this.items;
  }

  /**
   * The event's change was decided: each of its steps still open or held takes the resolution. A
   * step already decided keeps its own (an event opened again by undo has its earlier steps decided).
   */
  resolveEvent(eventId: string, resolution: StepResolution, at: number): void {
    for (const s of this.items) {
      if (s.eventId !== eventId || FINAL.has(s.resolution)) continue;
      s.resolution = resolution;
      if (FINAL.has(resolution)) s.resolvedAt = at;
      else delete s.resolvedAt;
    }
  }

  /** Names who made the event's open steps, once it is known (a command a person confirmed in the terminal). */
  attribute(eventId: string, origin: StepOrigin, command?: string): void {
    for (const s of this.items) {
      if (s.eventId !== eventId || FINAL.has(s.resolution)) continue;
      s.origin = origin;
      if (command !== undefined) s.command = command;
    }
  }
}

/** Steps saved for the next window, at most, and files listed over them. */
export const SAVED_STEPS = 500;
export const SAVED_FILES = 20_000;
const SAVED_VERSION = 1;

const KINDS: ReadonlySet<string> = new Set<StepKind>(['edit', 'disk-write', 'delete', 'batch', 'rewind']);
const ORIGINS: ReadonlySet<string> = new Set<StepOrigin>(['editor', 'terminal', 'hook', 'disk', 'person']);
const RESOLUTIONS: ReadonlySet<string> = new Set<StepResolution>(['open', 'clean', 'held', 'accepted', 'reverted', 'allowed', 'restored', 'kept']);

/** The newest steps (at most `limit`, listing at most `fileLimit` files) as the text saved for the next window. */
export function serializeSteps(steps: readonly Step[], limit = SAVED_STEPS, fileLimit = SAVED_FILES): string {
  const kept: Step[] = [];
  let files = 0;
  for (let i = steps.length - 1; i >= 0 && kept.length < limit; i--) {
    files += steps[i].files.length;
    if (files > fileLimit && kept.length) break;
    kept.push(steps[i]);
  }
  return JSON.stringify({ version: SAVED_VERSION, steps: kept.reverse() });
}

function contentRef(v: unknown): ContentRef | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.sha === 'string') return { sha: o.sha };
  if (o.binary === true) return { binary: true };
  if (o.absent === true) return { absent: true };
  if (o.unknown === true) return { unknown: true };
  return undefined;
}

function stepFile(v: unknown): StepFile | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const before = contentRef(o.before);
  const after = contentRef(o.after);
  if (typeof o.key !== 'string' || typeof o.path !== 'string' || !before || !after) return undefined;
  return { key: o.key, path: o.path, before, after, ...(typeof o.beforeBytes === 'string' ? { beforeBytes: o.beforeBytes } : {}), ...(typeof o.afterBytes === 'string' ? { afterBytes: o.afterBytes } : {}) };
}

function savedStep(v: unknown): Step | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.time !== 'number' || !Number.isFinite(o.time) || typeof o.kind !== 'string' || !KINDS.has(o.kind)) return undefined;
  if (typeof o.origin !== 'string' || !ORIGINS.has(o.origin) || typeof o.attribution !== 'string' || typeof o.resolution !== 'string' || !RESOLUTIONS.has(o.resolution) || !Array.isArray(o.files)) return undefined;
  const files: StepFile[] = [];
  for (const f of o.files) {
    const file = stepFile(f);
    if (!file) return undefined;
    files.push(file);
  }
  const via = o.via && typeof o.via === 'object' ? (o.via as Record<string, unknown>) : undefined;
  return {
    id: o.id,
    time: o.time,
    kind: o.kind as StepKind,
    origin: o.origin as StepOrigin,
    attribution: o.attribution,
    files,
    resolution: o.resolution as StepResolution,
    ...(typeof o.command === 'string' ? { command: o.command } : {}),
    ...(typeof o.run === 'string' ? { run: o.run } : {}),
    ...(via && typeof via.agent === 'string' && typeof via.tool === 'string' && typeof via.time === 'number' ? { via: { agent: via.agent, tool: via.tool, time: via.time } } : {}),
    ...(typeof o.eventId === 'string' ? { eventId: o.eventId } : {}),
    ...(typeof o.resolvedAt === 'number' ? { resolvedAt: o.resolvedAt } : {}),
  };
}

/** The steps saved by the last window, oldest first; what cannot be read is left out and named. Never throws. */
export function parseSteps(text: string): { steps: Step[]; problems: string[] } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { steps: [], problems: [`the saved steps are not JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  if (o.version !== SAVED_VERSION || !Array.isArray(o.steps)) return { steps: [], problems: ['the saved steps are in a format this version does not read'] };
  const steps: Step[] = [];
  let bad = 0;
  for (const s of o.steps.slice(-SAVED_STEPS)) {
    const step = savedStep(s);
    if (step) steps.push(step);
    else bad++;
  }
  return { steps, problems: bad ? [`${bad} saved step${bad === 1 ? '' : 's'} could not be read`] : [] };
}
