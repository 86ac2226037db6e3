/**
 * The timeline of agent steps and Rewind, as data. The timeline folds the ledger's steps
 * (core/watch/steps.ts) into what a person recognises as one step: one burst of edits, one command
 * and everything it changed on disk, one deletion. Rewind to a step is planned here: which file goes
 * back to which content, which is removed (moved aside) or brought back, which was changed by hand
 * since (kept unless the person ticks it) and which cannot be put back, and why. The adapter reads
 * the files as they are now, shows the plan, and writes only what the person confirmed.
 *
 * Pure: contents are named by the ids of the rewind history (core/watch/content-history.ts) and
 * by the SHA-1 of their text; the adapter hashes what is on disk now.
 */
import type { ContentRef, HookCall, Step, StepFile, StepKind, StepOrigin, StepResolution } from './steps';

/** Disk writes with no command named join one timeline step while they come this close together. */
export const DISK_BURST_GAP_MS = 2000;

export type TimelineKind = 'edit' | 'command' | 'disk-write' | 'delete' | 'rewind';

export interface TimelineEntry {
  /** The id of its last step: rewinding to the entry keeps that step and undoes every later one. */
  id: string;
  stepIds: string[];
  /** When its first step happened, and its last. */
  time: number;
  endTime: number;
  kind: TimelineKind;
  origin: StepOrigin;
  /** The command line that made it, when known. */
  command?: string;
  /** The agent tool call that made it, when it went through our hook. */
  via?: HookCall;
  /** How its first step happened, in words. */
  attribution: string;
  /** Every file it touched, once each, in the order they were touched. */
  files: { key: string; path: string }[];
  /** The flagged events among its steps (their scores are the view's), oldest first. */
  eventIds: string[];
  /** Files it created, rewrote and deleted, counted over its steps' net effect on each file. */
  created: number;
  changed: number;
  deleted: number;
  /** Still waiting for a decision (`open` or `held`) when any step does; else the last step's. */
  resolution: StepResolution;
}

function kindOf(kind: StepKind, command: string | undefined): TimelineKind {
  if (kind === 'rewind') return 'rewind';
  if (command !== undefined && kind !== 'edit') return 'command';
  if (kind === 'batch' || kind === 'delete') return 'delete';
  return kind;
}

/**
 * What makes consecutive steps one timeline step: the same run of a command (the same line run
 * twice is two), or the same unnamed writer in one burst.
 */
function groupOf(s: Step): string | undefined {
  if (s.kind === 'edit' || s.kind === 'rewind') return undefined;
  if (s.run !== undefined) return `run\u0000${s.run}`;
  // Steps saved before runs were recorded: by the line.
  if (s.command !== undefined) return `command\u0000${s.command}`;
  // One tool call (a patch over several files) is one step.
  if (s.via) return `hook\u0000${s.via.agent}\u0000${s.via.tool}\u0000${s.via.time}`;
  return s.kind === 'disk-write' ? `disk\u0000${s.attribution}` : undefined;
}

/** The steps folded into timeline entries, oldest first. */
export function timelineOf(steps: readonly Step[], gapMs = DISK_BURST_GAP_MS): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let lastGroup: string | undefined;
  const firstRef = new Map<TimelineEntry, Map<string, { first: ContentRef; last: ContentRef }>>();
  for (const s of steps) {
    const group = groupOf(s);
    const prev = out[out.length - 1];
    const joins = prev !== undefined && group !== undefined && group === lastGroup && (s.command !== undefined || s.via !== undefined || s.time - prev.endTime <= gapMs);
    let entry: TimelineEntry;
    if (joins) {
      entry = prev;
      entry.stepIds.push(s.id);
      entry.id = s.id;
      entry.endTime = s.time;
    } else {
      entry = {
        id: s.id,
        stepIds: [s.id],
        time: s.time,
        endTime: s.time,
        kind: kindOf(s.kind, s.command),
        origin: s.origin,
        ...(s.command !== undefined ? { command: s.command } : {}),
        ...(s.via ? { via: s.via } : {}),
        attribution: s.attribution,
        files: [],
        eventIds: [],
        created: 0,
        changed: 0,
        deleted: 0,
        resolution: s.resolution,
      };
      out.push(entry);
      firstRef.set(entry, new Map());
    }
    lastGroup = group;
    if (s.eventId !== undefined && !entry.eventIds.includes(s.eventId)) entry.eventIds.push(s.eventId);
    const refs = firstRef.get(entry)!;
    for (const f of s.files) {
      const r = refs.get(f.key);
      if (r) r.last = effectiveAfter(s, f);
      else {
        refs.set(f.key, { first: f.before, last: effectiveAfter(s, f) });
        entry.files.push({ key: f.key, path: f.path });
      }
    }
    entry.resolution = entry.resolution === 'open' || entry.resolution === 'held' ? entry.resolution : s.resolution;
    let created = 0;
    let changed = 0;
    let deleted = 0;
    for (const { first, last } of refs.values()) {
      if ('absent' in first && !('absent' in last)) created++;
      else if (!('absent' in first) && 'absent' in last) deleted++;
      else if (!('absent' in first)) changed++;
    }
    Object.assign(entry, { created, changed, deleted });
  }
  return out;
}

/**
 * What a step left in a file: its `after`, unless the change was undone (reverted, restored, or held
 * and put back while it waits for an answer), when the file holds its `before` again.
 */
function undone(s: Step): boolean {
  return s.resolution === 'reverted' || s.resolution === 'restored' || s.resolution === 'held';
}

function effectiveAfter(s: Step, f: StepFile): ContentRef {
  return undone(s) ? f.before : f.after;
}

function effectiveAfterBytes(s: Step, f: StepFile): string | undefined {
  return undone(s) ? f.beforeBytes : f.afterBytes;
}


/** A file as it is now, as the adapter read it. */
export interface CurrentFile {
  exists: boolean;
  /** The id of its bytes on disk (the history's hash), when read. */
  bytes?: string;
  /** The SHA-1 of its text (what an open document shows, else its bytes decoded), when it is text. */
  sha?: string;
}

/** What the rewind history can say about a content id. */
export interface HistoryView {
  has(id: string): boolean;
  wasDropped(id: string): boolean;
  /** Kept in an earlier window (its steps came back after a reload), not in this one. */
  fromEarlierWindow?(id: string): boolean;
}

/**
 * - `restore`: the file goes back to its earlier content;
 * - `recreate`: the file was deleted since and comes back;
 * - `remove`: the file was created since and is moved to a restorable place;
 * - `cannot`: its earlier content is not known byte for byte (see `cannot`).
 */
export type RewindAction = 'restore' | 'recreate' | 'remove' | 'cannot';

/**
 * Why a file cannot be put back from the history: its earlier content was never seen (too large
 * for a baseline, outside the workspace, no baseline yet), it is binary and was not kept, or it was
 * kept and dropped to stay within `blastRadius.rewind.maxHistoryMB`, or kept by an earlier window
 * (the timeline survives a reload, the copies do not). The adapter words it, and
 * offers git's committed version when its text is the one the step names.
 */
export type CannotReason = 'never-seen' | 'binary' | 'dropped' | 'earlier-window';

export interface RewindItem {
  key: string;
  path: string;
  action: RewindAction;
  /** The content to write, by its history id (`restore`, `recreate`). */
  bytes?: string;
  /** The SHA-1 of the earlier text, when known: git's committed version is the fallback when it matches. */
  sha?: string;
  cannot?: CannotReason;
  /**
   * The file no longer holds what the last step left in it: someone changed it by hand since. The
   * preview shows it unticked; it is rewound only when the person ticks it.
   */
  handChanged: boolean;
  /** Steps after the chosen one that touched the file. */
  steps: number;
}

export type RewindPlan = { ok: true; stepId: string; items: RewindItem[]; undoneSteps: string[] } | { ok: false; reason: string };

function sameContent(a: ContentRef, aBytes: string | undefined, b: ContentRef, bBytes: string | undefined): boolean | undefined {
  if (aBytes !== undefined && bBytes !== undefined) return aBytes === bBytes;
  if ('absent' in a || 'absent' in b) return 'absent' in a && 'absent' in b;
  if ('sha' in a && 'sha' in b) return a.sha === b.sha;
  return undefined;
}

function holds(current: CurrentFile, ref: ContentRef, bytes: string | undefined): boolean | undefined {
  if ('absent' in ref) return !current.exists;
  if (!current.exists) return false;
  if (bytes !== undefined && current.bytes !== undefined && current.bytes === bytes) return true;
  if ('sha' in ref && current.sha !== undefined) return current.sha === ref.sha;
  if (bytes !== undefined && current.bytes !== undefined) return false;
  return undefined;
}

/**
 * Plans rewinding to just after step `stepId`: every file a later step touched goes back to what it
 * held then. `current` reads a file as it is now (by key); `history` says which contents are kept.
 * Files already holding their earlier content are left out.
 */
export function planRewind(steps: readonly Step[], stepId: string, current: (key: string) => CurrentFile, history: HistoryView): RewindPlan {
  const at = steps.findIndex((s) => s.id === stepId);
  if (at < 0) return { ok: false, reason: 'That step is no longer in the timeline (the oldest steps are forgotten first).' };
  const later = steps.slice(at + 1);
  if (!later.length) return { ok: false, reason: 'Nothing happened after that step.' };
  interface Seen {
    path: string;
    first: { s: Step; f: StepFile };
    last: { s: Step; f: StepFile };
    count: number;
  }
  const touched = new Map<string, Seen>();
  for (const s of later) {
    for (const f of s.files) {
      const seen = touched.get(f.key);
      if (seen) {
        seen.last = { s, f };
        seen.count++;
      } else touched.set(f.key, { path: f.path, first: { s, f }, last: { s, f }, count: 1 });
    }
  }
  // What each file held right after the chosen step, as that step (or an earlier one) left it.
  const before = new Map<string, { s: Step; f: StepFile }>();
  for (const s of steps.slice(0, at + 1)) for (const f of s.files) if (touched.has(f.key)) before.set(f.key, { s, f });
  const items: RewindItem[] = [];
  for (const [key, seen] of touched) {
    let ref = seen.first.f.before;
    let bytes = seen.first.f.beforeBytes;
    const earlier = before.get(key);
    if (earlier && !undone(earlier.s)) {
      // The first later step's `before` is what the ledger knew the file held then (with what a
      // person typed or reverted meanwhile). It is stale when that step was judged against the same
      // baseline as the earlier one: a change still open judged again, or an edit saved later
      // (its disk write is judged against the bytes last seen on disk). Then the earlier step's own
      // `after` is the content.
      const e = earlier.f;
      const stale = sameContent(e.before, e.beforeBytes, ref, bytes) === true && sameContent(e.before, e.beforeBytes, e.after, e.afterBytes) === false;
      if (stale && ('absent' in e.after || e.afterBytes !== undefined)) {
        ref = e.after;
        bytes = e.afterBytes;
      } else if (bytes === undefined && sameContent(e.after, e.afterBytes, ref, undefined) === true) bytes = e.afterBytes;
    }
    const now = current(key);
    const handChanged = holds(now, effectiveAfter(seen.last.s, seen.last.f), effectiveAfterBytes(seen.last.s, seen.last.f)) === false;
    const base = { key, path: seen.path, handChanged, steps: seen.count, ...('sha' in ref ? { sha: ref.sha } : {}) };
    if ('absent' in ref) {
      if (now.exists) items.push({ ...base, action: 'remove' });
      continue;
    }
    if (holds(now, ref, bytes) === true) continue;
    if (bytes !== undefined && history.has(bytes)) {
      items.push({ ...base, action: now.exists ? 'restore' : 'recreate', bytes });
      continue;
    }
    const cannot: CannotReason = bytes !== undefined && history.wasDropped(bytes) ? 'dropped' : bytes !== undefined && history.fromEarlierWindow?.(bytes) ? 'earlier-window' : 'binary' in ref ? 'binary' : 'never-seen';
    items.push({ ...base, action: 'cannot', cannot });
  }
  items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: true, stepId, items, undoneSteps: later.map((s) => s.id) };
}

/** The files a person's answer rewinds: the ones ticked, of those that can be written. */
export function chosenItems(plan: Extract<RewindPlan, { ok: true }>, ticked: ReadonlySet<string>): RewindItem[] {
  return plan.items.filter((i) => i.action !== 'cannot' && ticked.has(i.key));
}

/** What the preview ticks at first: everything it can write, except files changed by hand since. */
export function tickedByDefault(plan: Extract<RewindPlan, { ok: true }>): Set<string> {
  return new Set(plan.items.filter((i) => i.action !== 'cannot' && !i.handChanged).map((i) => i.key));
}
