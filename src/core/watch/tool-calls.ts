/**
 * Agent tool calls that went through our hook, as the timeline needs them: which agent's which tool
 * was about to write which files, and when. The hook (the CLI's and the warm server's alike) appends
 * one line per file tool call to `tool-calls.jsonl` in our data folder (src/node/tool-calls.ts); the
 * edit watcher, which sees the file change on disk but not who made it, looks the change up here and
 * names the agent and the tool in the step (origin `hook`).
 *
 * Pure: the adapter reads the file and hands in absolute paths, normalised alike on both sides.
 */

/** One file tool call the hook answered without refusing it. */
export interface ToolCallRecord {
  /** When the hook answered, in ms since the epoch. */
  time: number;
  /** The hook's agent id (`claude-code`, `codex`…). */
  agent: string;
  /** The agent's tool (`Write`, `Edit`, `apply_patch`…). */
  tool: string;
  /** The files the call will write, create or delete: absolute paths. */
  files: string[];
}

/** Files named per record, at most: a patch over a whole tree is still one small line. */
export const MAX_FILES_PER_CALL = 200;
/** Longest agent or tool name kept. */
const MAX_NAME = 60;
/** Longest path kept (longer ones are not recorded: they would never match). */
const MAX_PATH = 4096;

/** The record's line in the file (ends with a newline). */
export function toolCallLine(r: ToolCallRecord): string {
  const files = r.files.filter((f) => f.length <= MAX_PATH).slice(0, MAX_FILES_PER_CALL);
  return `${JSON.stringify({ t: r.time, agent: r.agent.slice(0, MAX_NAME), tool: r.tool.slice(0, MAX_NAME), files })}\n`;
}

/** The records in the file's text (or a tail of it), oldest first; a line that is not one is skipped. */
export function parseToolCalls(text: string): ToolCallRecord[] {
  const out: ToolCallRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const v = JSON.parse(line) as Record<string, unknown>;
      if (typeof v.t !== 'number' || !Number.isFinite(v.t) || typeof v.agent !== 'string' || typeof v.tool !== 'string' || !Array.isArray(v.files)) continue;
      const files = v.files.filter((f): f is string => typeof f === 'string').slice(0, MAX_FILES_PER_CALL);
      out.push({ time: v.t, agent: v.agent.slice(0, MAX_NAME), tool: v.tool.slice(0, MAX_NAME), files });
    } catch {
      // A line cut by a crash or a rotation: not a record.
    }
  }
  return out;
}

/**
 * How long after the hook's answer a change of a file it named is still the call's: a person may
 * take a while to approve the call in the agent's own prompt.
 */
export const TOOL_CALL_WINDOW_MS = 10 * 60_000;
/** Clocks of two processes on one machine, and a change reported before the hook's line was read. */
const SKEW_MS = 2000;

/**
 * The hook call that made the change of `file` seen at `at`: the latest record naming the file
 * answered before the change, within the window, whose claim on that file no earlier change used
 * up (`used` holds `time\0agent\0tool\0file` of claims taken; the caller keeps it). One call writes
 * a file once: a later change of the same file is some other process's, unless the agent called again.
 */
export function toolCallFor(records: readonly ToolCallRecord[], file: string, at: number, used: ReadonlySet<string>, windowMs = TOOL_CALL_WINDOW_MS): ToolCallRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.time > at + SKEW_MS) continue;
    if (at - r.time > windowMs) break;
    if (r.files.includes(file) && !used.has(toolCallClaim(r, file))) return r;
  }
  return undefined;
}

/** The key of one record's claim on one file (see toolCallFor). */
export function toolCallClaim(r: ToolCallRecord, file: string): string {
  return `${r.time}\u0000${r.agent}\u0000${r.tool}\u0000${file}`;
}
