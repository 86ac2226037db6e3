/**
 * The flagged changes that must survive a window reload: for each open event, the files it
 * covers and their baselines (bytes, base64, so that Revert still writes back exactly what was
 * there). Parsing never throws; a damaged entry is dropped and reported.
 */

export interface SavedFile {
  /** `Uri.toString()` of the file. */
  uri: string;
  /** The baseline text the change is judged against (a document's baseline can be unsaved). */
  text?: string;
  /** The baseline bytes on disk, base64. */
  bytes?: string;
  /** The file did not exist before the change. */
  absent?: boolean;
}

export interface SavedEvent {
  eventId: string;
  kind: 'edit' | 'disk-write' | 'delete' | 'batch';
  attribution: string;
  time: number;
  files: SavedFile[];
}

export interface SavedState {
  version: 1;
  events: SavedEvent[];
}

const KINDS = new Set(['edit', 'disk-write', 'delete', 'batch']);
/** A saved state above this size is not written; the oldest events go first. */
export const MAX_SAVED_CHARS = 64 * 1024 * 1024;

export function serializeState(events: readonly SavedEvent[]): string {
  let kept = [...events].sort((a, b) => b.time - a.time);
  let text = JSON.stringify({ version: 1, events: kept } satisfies SavedState);
  while (text.length > MAX_SAVED_CHARS && kept.length > 0) {
    kept = kept.slice(0, Math.floor(kept.length / 2));
    text = JSON.stringify({ version: 1, events: kept } satisfies SavedState);
  }
  return text;
}

export function parseState(text: string | undefined): { events: SavedEvent[]; problems: string[] } {
  const problems: string[] = [];
  if (!text) return { events: [], problems };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { events: [], problems: [`saved state is not JSON (${String(e).slice(0, 120)}); starting empty`] };
  }
  const obj = raw as { version?: unknown; events?: unknown };
  if (!obj || typeof obj !== 'object' || obj.version !== 1 || !Array.isArray(obj.events)) {
    return { events: [], problems: ['saved state has an unknown shape; starting empty'] };
  }
  const events: SavedEvent[] = [];
  for (const [i, e] of (obj.events as unknown[]).entries()) {
    const v = e as Partial<SavedEvent> | null;
    if (!v || typeof v !== 'object' || typeof v.eventId !== 'string' || !KINDS.has(String(v.kind)) || typeof v.attribution !== 'string' || typeof v.time !== 'number' || !Array.isArray(v.files)) {
      problems.push(`saved event ${i} is damaged; dropped`);
      continue;
    }
    const files: SavedFile[] = [];
    for (const f of v.files as unknown[]) {
      const x = f as Partial<SavedFile> | null;
      if (!x || typeof x !== 'object' || typeof x.uri !== 'string') continue;
      const file: SavedFile = { uri: x.uri };
      if (typeof x.text === 'string') file.text = x.text;
      if (typeof x.bytes === 'string') file.bytes = x.bytes;
      if (x.absent === true) file.absent = true;
      if (file.text === undefined && file.bytes === undefined && !file.absent) continue;
      files.push(file);
    }
    if (!files.length) {
      problems.push(`saved event ${i} has no usable files; dropped`);
      continue;
    }
    events.push({ eventId: v.eventId, kind: v.kind as SavedEvent['kind'], attribution: v.attribution, time: v.time, files });
  }
  return { events, problems };
}
