/**
 * The record of agent file tool calls that went through our hook (`tool-calls.jsonl` in the user's
 * data folder, beside `sessions/`): the hook appends one line per call it did not refuse, the editor
 * reads the tail when it names who changed a file on disk (src/core/watch/tool-calls.ts). One append
 * per call, no waiting; past a size the file is moved to `tool-calls.old.jsonl` and begun again.
 * Guarded like the rest of our state (core/guard.ts): an agent writing there is tampering.
 * Never throws: a record that cannot be written or read means "not known", and nothing changes.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseToolCalls, type ToolCallRecord, toolCallLine } from '../core/watch/tool-calls';
import { dataDir, type HostEnv } from './hooks/paths';

export const TOOL_CALLS_FILE = 'tool-calls.jsonl';
export const TOOL_CALLS_OLD_FILE = 'tool-calls.old.jsonl';
/** Past this the file is moved aside and begun again. */
const MAX_BYTES = 256 * 1024;
/** What a reader reads from the end of each file: the last several hundred calls. */
const TAIL_BYTES = 96 * 1024;

export function toolCallsPath(host: HostEnv): string {
  return path.join(dataDir(host), TOOL_CALLS_FILE);
}

/** Appends one call; returns what went wrong instead of throwing (the hook's answer is what matters). */
export function recordToolCall(host: HostEnv, call: Omit<ToolCallRecord, 'time'>, now = Date.now(), file = toolCallsPath(host)): string | undefined {
  if (!call.files.length) return undefined;
  const line = toolCallLine({ ...call, time: now });
  try {
    let fd: number;
    try {
      fd = openSync(file, 'a', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fd = openSync(file, 'a', 0o600);
    }
    try {
      if (fstatSync(fd).size > MAX_BYTES) {
        // Another hook appending meanwhile lands in the old file: the reader reads both.
        renameSync(file, path.join(path.dirname(file), TOOL_CALLS_OLD_FILE));
        closeSync(fd);
        fd = openSync(file, 'a', 0o600);
      }
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function readTail(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    let n = 0;
    while (n < length) {
      const got = readSync(fd, buf, n, length - n, size - length + n);
      if (got === 0) break;
      n += got;
    }
    const text = buf.subarray(0, n).toString('utf8');
    // A tail that starts inside a line: its first piece is no record.
    return size > length ? text.slice(text.indexOf('\n') + 1) : text;
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

/** Folders resolved, at most, before the cache starts again. */
const REAL_FOLDERS_LIMIT = 4096;
/** Folders walked up, at most, to find one that exists (a folder deleted, or not made yet). */
const REAL_PATH_DEPTH = 32;

/**
 * Paths with the symbolic links of their folders resolved, so that a path an agent named and the
 * path the editor's watcher reports for the same file match (macOS: `/tmp` is `/private/tmp`; a
 * workspace opened through a link). The folder is resolved, not the file: a file deleted or not yet
 * written resolves alike, and a link the agent wrote is the file it changed. A folder that does not
 * exist is resolved by its nearest existing parent. Bounded and cached: one `realpath` per folder,
 * never a throw (a folder that cannot be resolved stays as it is).
 */
export class RealPaths {
  private readonly folders = new Map<string, string>();

  constructor(private readonly resolve: (p: string) => string = (p) => realpathSync.native(p)) {}

  of(p: string): string {
    if (!path.isAbsolute(p)) return p;
    const dir = path.dirname(p);
    if (dir === p) return p;
    return path.join(this.folder(dir), path.basename(p));
  }

  private folder(dir: string): string {
    const hit = this.folders.get(dir);
    if (hit !== undefined) return hit;
    const real = this.walk(dir);
    if (this.folders.size >= REAL_FOLDERS_LIMIT) this.folders.clear();
    this.folders.set(dir, real);
    return real;
  }

  private walk(p: string): string {
    let dir = p;
    const rest: string[] = [];
    for (let i = 0; i <= REAL_PATH_DEPTH; i++) {
      try {
        const real = this.resolve(dir);
        return rest.length ? path.join(real, ...rest.reverse()) : real;
      } catch {
        const up = path.dirname(dir);
        if (up === dir) break;
        rest.push(path.basename(dir));
        dir = up;
      }
    }
    return p;
  }
}

/**
 * Reads the record for the editor, again only when the file changed since the last read (its size
 * and time), so that looking up every file of a large disk change costs one `stat`.
 */
export class ToolCallLog {
  private stamp = '';
  private records: ToolCallRecord[] = [];

  constructor(
    private readonly file: string,
    /** Resolves the paths the records name; the caller resolves the watcher's paths with the same. */
    readonly realPaths = new RealPaths(),
  ) {}

  /** Every call recorded in the tail of the record, oldest first, the paths they name resolved (see RealPaths). */
  recent(): readonly ToolCallRecord[] {
    let stamp: string;
    try {
      const s = statSync(this.file);
      stamp = `${s.ino} ${s.size} ${s.mtimeMs}`;
    } catch {
      stamp = '-';
    }
    if (stamp === this.stamp) return this.records;
    this.stamp = stamp;
    const current = stamp === '-' ? '' : readTail(this.file);
    // Just after a rotation the latest calls before it are in the old file.
    const old = current.length < TAIL_BYTES ? readTail(path.join(path.dirname(this.file), TOOL_CALLS_OLD_FILE)) : '';
    this.records = [...parseToolCalls(old), ...parseToolCalls(current)].sort((a, b) => a.time - b.time).map((r) => ({ ...r, files: r.files.map((f) => this.realPaths.of(f)) }));
    return this.records;
  }
}
