/**
 * The words of the timeline and of Rewind's preview and dialog: what a step was, what happens to
 * each file, and why a file cannot be put back. Pure; the view (src/extension/timeline-view.ts)
 * shows them.
 */
import { shortCommand } from '../ui-text';
import type { CannotReason, RewindAction, TimelineEntry } from './rewind';

/** A file of the preview as the words need it. */
export interface PreviewLine {
  key: string;
  path: string;
  action: RewindAction;
  /** `git`: the committed version stands in for a copy that was not kept. */
  source?: 'history' | 'git';
  /** Why it cannot be put back (action `cannot`). */
  why?: string;
  handChanged: boolean;
}

function filesWords(e: TimelineEntry): string {
  const parts: string[] = [];
  if (e.changed) parts.push(`${e.changed} changed`);
  if (e.created) parts.push(`${e.created} created`);
  if (e.deleted) parts.push(`${e.deleted} deleted`);
  return parts.join(', ') || `${e.files.length} file${e.files.length === 1 ? '' : 's'}`;
}

/** A step in a few words: the command and what it did to files, or the kind of step and its first file. */
export function entryLabel(e: TimelineEntry): string {
  const first = e.files[0]?.path ?? '';
  const more = e.files.length > 1 ? ` and ${e.files.length - 1} more` : '';
  switch (e.kind) {
    case 'command':
      return `${shortCommand(e.command ?? '', 60)} (${filesWords(e)})`;
    case 'rewind':
      return `Rewind (${filesWords(e)})`;
    case 'delete':
      return `Deleted ${first}${more}`;
    case 'edit':
      return `Edited ${first}${more}`;
    default:
      return `Written on disk: ${first}${more}`;
  }
}

/** What the preview says happens to a file. */
export const ACTION_WORDS: Readonly<Record<RewindAction, string>> = {
  restore: 'goes back to its earlier content',
  recreate: 'deleted since: comes back',
  remove: 'created since: moved aside (restorable)',
  cannot: 'cannot be restored',
};

/** What the adapter found out about a file that cannot be put back. */
export interface CannotFacts {
  outsideWorkspace: boolean;
  /** Its size now, when it exists. */
  sizeKB?: number;
  maxFileKB: number;
  maxHistoryMB: number;
}

/** Why a file cannot be put back, in words a person can act on. */
export function cannotWords(reason: CannotReason, facts: CannotFacts): string {
  if (reason === 'dropped') return `its earlier copy was dropped to stay within blastRadius.rewind.maxHistoryMB (${facts.maxHistoryMB} MB)`;
  if (reason === 'earlier-window') return 'its earlier copy was kept by the window before a reload (the timeline is kept across a reload, the copies are not), and git has no matching version';
  if (facts.outsideWorkspace) return 'outside the workspace: no copy of its earlier content was kept, and git has no matching version';
  if (facts.sizeKB !== undefined && facts.sizeKB > facts.maxFileKB) return `${Math.round(facts.sizeKB)} KB, over blastRadius.baseline.maxFileSizeKB (${facts.maxFileKB} KB): no copy was kept, and git has no matching version`;
  if (reason === 'binary') return "binary, and no copy of its earlier bytes was kept (over the baseline store's bounds); git has no matching version";
  return 'its earlier content was never seen (no baseline had been kept), and git has no matching version';
}

/**
 * The dialog after the preview: how many files go back to which time, each with what happens to
 * it (the first 20), what is left as it is, what cannot be restored and why, and where files
 * created since are moved.
 */
export function confirmText(lines: readonly PreviewLine[], keys: ReadonlySet<string>, when: string, movedTo: string): { message: string; detail: string } {
  const chosen = lines.filter((i) => keys.has(i.key) && i.action !== 'cannot');
  const out = chosen.slice(0, 20).map((i) => `${i.action === 'restore' ? 'Restore' : i.action === 'recreate' ? 'Bring back' : 'Move aside'}: ${i.path}${i.source === 'git' ? " (git's committed version)" : ''}`);
  if (chosen.length > 20) out.push(`… and ${chosen.length - 20} more`);
  const kept = lines.filter((i) => i.action !== 'cannot' && !keys.has(i.key));
  if (kept.length) out.push('', `Left as they are: ${kept.map((i) => i.path).slice(0, 10).join(', ')}${kept.length > 10 ? ', …' : ''}`);
  const cannot = lines.filter((i) => i.action === 'cannot');
  if (cannot.length) out.push('', 'Cannot be restored:', ...cannot.slice(0, 10).map((i) => `${i.path}: ${i.why ?? 'no copy was kept'}`));
  if (cannot.length > 10) out.push(`… and ${cannot.length - 10} more`);
  if (chosen.some((i) => i.action === 'remove')) out.push('', `Files created since are moved to ${movedTo}.`);
  out.push('', 'The rewind is itself a step in the timeline: you can rewind it.');
  return { message: `Rewind ${chosen.length} file${chosen.length === 1 ? '' : 's'} to how they were at ${when}?`, detail: out.join('\n') };
}
