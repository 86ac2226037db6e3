/**
 * Who probably made a document change. VS Code does not say, so the event's shape decides:
 * one small edit at the cursor in the focused editor is typing (the fast path, no scoring);
 * anything else is scored, and the attribution says why we think it was not typed.
 */

/** The facts of one `TextDocumentChangeEvent`, reduced to numbers. */
export interface ChangeShape {
  /** One entry per content change: characters replaced, characters inserted, newlines inserted. */
  changes: readonly { rangeLength: number; rangeLineSpan: number; textLength: number; newlines: number }[];
  /** The document is the one in the focused (active) editor. */
  inActiveEditor: boolean;
  windowFocused: boolean;
  /** VS Code's `reason`: undo or redo. */
  reason?: 'undo' | 'redo';
  /**
   * Every change touches a line that holds a cursor of the focused editor. Typing happens where
   * the cursor is; an agent's small edit elsewhere in the open file is not typing. Undefined when
   * unknown (treated as at the cursor).
   */
  atCursor?: boolean;
  /** The document was reloaded from disk (no longer dirty and the whole text replaced). */
  reloadedFromDisk?: boolean;
}

export type Attribution =
  | 'typed'
  | 'applied in bulk, not typed'
  | 'changed in a document that is not in the focused editor'
  | 'changed while the window was not focused'
  | 'applied away from the cursor, not typed'
  | 'reloaded from disk after another process wrote it'
  | 'undo or redo';

export interface Classified {
  /** Typing takes the fast path: no baseline, no scoring. */
  typing: boolean;
  attribution: Attribution;
}

/** Longest insertion that still counts as a keystroke (auto-closing pairs, IME commits, Enter + indent). */
export const MAX_TYPED_INSERT = 64;
/** Longest deletion that still counts as a keystroke (backspace over a word, a small selection). */
export const MAX_TYPED_DELETE = 64;

/** Constant work per event: one pass over the (usually single) change. */
export function classifyChange(e: ChangeShape): Classified {
  if (e.reloadedFromDisk) return { typing: false, attribution: 'reloaded from disk after another process wrote it' };
  if (e.reason) return { typing: false, attribution: 'undo or redo' };
  if (!e.windowFocused) return { typing: false, attribution: 'changed while the window was not focused' };
  if (!e.inActiveEditor) return { typing: false, attribution: 'changed in a document that is not in the focused editor' };
  // Multi-cursor typing produces several tiny changes; treat up to a handful as typing.
  if (e.changes.length === 0) return { typing: true, attribution: 'typed' };
  if (e.changes.length > 8) return { typing: false, attribution: 'applied in bulk, not typed' };
  for (const c of e.changes) {
    if (c.textLength > MAX_TYPED_INSERT || c.rangeLength > MAX_TYPED_DELETE || c.rangeLineSpan > 1 || c.newlines > 1) {
      return { typing: false, attribution: 'applied in bulk, not typed' };
    }
  }
  if (e.atCursor === false) return { typing: false, attribution: 'applied away from the cursor, not typed' };
  return { typing: true, attribution: 'typed' };
}

/**
 * Whether each change (by its start line and the number of lines it inserts) touches a line that
 * holds a cursor. Selections may be reported before or after VS Code moves them for the change,
 * so both the change's first and last line count.
 */
export function changesAtCursor(changes: readonly { startLine: number; endLine: number; newlines: number }[], cursorLines: readonly number[]): boolean {
  if (cursorLines.length === 0) return false;
  return changes.every((c) => cursorLines.some((l) => (l >= c.startLine && l <= c.endLine) || l === c.startLine + c.newlines));
}
