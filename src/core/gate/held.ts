/**
 * The words of the dialog for held changes: edits put back to their baseline and deletions
 * waiting for a decision, grouped per agent step so a person answers once for the whole step.
 * Whether something is held at all comes from the one policy table (its decision is `gate`);
 * nothing here decides.
 */
import type { Severity } from '../types';
import { plainCode } from '../plain-text';
import { sentence } from './answer';

/** What the person can answer. `undo` is the safe one: discard the edits, restore the files. */
export type HoldChoice = 'undo' | 'keep' | 'diff';

/** One held item: an edit to one file, or a deletion of one or more files. */
export interface HeldSummary {
  kind: 'edit' | 'delete';
  /** Workspace-relative paths: one for an edit, every deleted file for a deletion. */
  paths: string[];
  score: number;
  severity: Severity | 'none';
  /** The change created the file (an edit whose "discard" removes it). */
  created?: boolean;
  /** How the change happened ("written on disk by another process"…). */
  attribution: string;
  findings: readonly { ruleId: string; severity: Severity; message: string; alternative: string }[];
}

export interface HoldButton {
  choice: HoldChoice;
  title: string;
}

export interface HoldDialog {
  message: string;
  detail: string;
  /** The safe answer first: it is the dialog's primary button, so a reflexive Enter picks it. */
  buttons: HoldButton[];
}

/** Items listed by name in the dialog; the rest are counted. */
const LISTED = 8;
/** Further findings of one item listed in words; the rest are counted. */
const ALSO_LISTED = 4;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function listPaths(paths: readonly string[], max: number): string {
  const shown = paths.slice(0, max).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

/** The titles of the buttons for a step holding these items. */
export function holdButtons(items: readonly HeldSummary[]): HoldButton[] {
  const edits = items.some((i) => i.kind === 'edit');
  const deletions = items.some((i) => i.kind === 'delete');
  if (edits && deletions) {
    return [
      { choice: 'undo', title: 'Discard edits and restore files' },
      { choice: 'keep', title: 'Apply edits and keep deleted' },
      { choice: 'diff', title: 'Show diff' },
    ];
  }
  if (deletions) {
    return [
      { choice: 'undo', title: 'Restore all' },
      { choice: 'keep', title: 'Keep deleted' },
    ];
  }
  const n = items.length;
  return [
    { choice: 'undo', title: n === 1 ? 'Discard' : 'Discard all' },
    { choice: 'keep', title: 'Apply anyway' },
    { choice: 'diff', title: 'Show diff' },
  ];
}

function headline(items: readonly HeldSummary[]): string {
  const edits = items.filter((i) => i.kind === 'edit');
  const deletedFiles = items.filter((i) => i.kind === 'delete').flatMap((i) => i.paths);
  const parts: string[] = [];
  if (edits.length === 1) parts.push(`held ${edits[0].created ? 'a new file' : 'an edit to'} ${edits[0].paths[0]}`);
  else if (edits.length > 1) parts.push(`held ${plural(edits.length, 'edit')}`);
  if (deletedFiles.length === 1) parts.push(`${deletedFiles[0]} was deleted`);
  else if (deletedFiles.length > 1) parts.push(`${plural(deletedFiles.length, 'file')} were deleted`);
  return `Blast Radius: ${parts.join('; ')}.`;
}

/** The dialog for one agent step: what each item would destroy, the safer way, what each button does. */
export function holdDialog(items: readonly HeldSummary[], ctx: { timeoutSeconds: number }): HoldDialog {
  const buttons = holdButtons(items);
  const lines: string[] = [];
  for (const item of items.slice(0, LISTED)) {
    const top = item.findings[0];
    const what = item.kind === 'edit' ? (item.created ? `New file ${item.paths[0]}` : item.paths[0]) : `Deleted: ${listPaths(item.paths, 5)}`;
    lines.push(`${what} (${item.attribution})`);
    if (top) {
      lines.push(`  Score ${item.score} · ${top.severity} · ${top.ruleId}: ${plainCode(sentence(top.message))}`);
      lines.push(`  Safer: ${plainCode(sentence(top.alternative))}`);
    }
    // Every further finding in words, one line each: the same finding twice is one line.
    const further = new Map<string, { f: HeldSummary['findings'][number]; n: number }>();
    for (const f of item.findings.slice(1)) {
      const k = `${f.ruleId}\u0000${f.message}`;
      const seen = further.get(k);
      if (seen) seen.n++;
      else if (k !== `${top?.ruleId}\u0000${top?.message}`) further.set(k, { f, n: 1 });
    }
    const shown = [...further.values()];
    for (const { f, n } of shown.slice(0, ALSO_LISTED)) lines.push(`  Also ${f.ruleId} (${f.severity}): ${plainCode(sentence(f.message))}${n > 1 ? ` (${n} times)` : ''}`);
    if (shown.length > ALSO_LISTED) lines.push(`  …and ${plural(shown.length - ALSO_LISTED, 'more finding')}.`);
  }
  if (items.length > LISTED) lines.push(`…and ${plural(items.length - LISTED, 'more item')}.`);
  lines.push('');
  const edits = items.some((i) => i.kind === 'edit');
  const deletions = items.some((i) => i.kind === 'delete');
  if (edits) lines.push('The edited files are back to their last known content now; the proposed content is kept until you answer.');
  // A held new file is not there until the answer: discarding it deletes what the agent wrote, so say so.
  const created = items.filter((i) => i.kind === 'edit' && i.created).map((i) => i.paths[0]);
  if (created.length) lines.push(`${buttons[0].title} deletes the new ${created.length === 1 ? `file ${created[0]}` : `files ${listPaths(created, 5)}`}; a copy is kept for Restore in Recent Events.`);
  if (deletions) lines.push('Restoring writes every file back byte for byte from its last known version or the committed one.');
  const safe = buttons[0].title;
  lines.push(`Escape, closing this dialog or no answer within ${ctx.timeoutSeconds} s all count as ${safe}.`);
  return { message: headline(items), detail: lines.join('\n'), buttons };
}

/**
 * After Show diff: the diff editors are open, and a modal would cover them. The question comes back
 * as a notification (no agent can answer that either) with the same answers but Show diff.
 */
export function holdReminder(items: readonly HeldSummary[], ctx: { timeoutSeconds: number }): HoldDialog {
  const buttons = holdButtons(items).filter((b) => b.choice !== 'diff');
  return {
    message: `${headline(items)} The diff is open: answer here when you have read it. Closing this or no answer within ${ctx.timeoutSeconds} s of the first question counts as ${buttons[0].title}.`,
    detail: '',
    buttons,
  };
}

/** How a dialog ended → what happens. Anything but an explicit "keep" undoes the step. */
export function holdOutcome(choice: HoldChoice | undefined): 'undo' | 'keep' {
  return choice === 'keep' ? 'keep' : 'undo';
}

/** The note after a restore: how many came back, and which files could not (named). */
export function restoreReport(restored: number, unrestorable: readonly string[]): string {
  const head = `Blast Radius restored ${plural(restored, 'file')}.`;
  if (!unrestorable.length) return head;
  return `${head} Not restorable (never seen by Blast Radius and not committed): ${listPaths(unrestorable, 10)}.`;
}
