/**
 * Measured impact: what a path target actually holds, counted by the adapter (bounded in time and
 * files) and handed to the pure core, which turns it into a weight and words. A count never
 * lowers a finding unless git can bring every file back exactly or the files are known build
 * output; a count that stopped at its bound weighs as if everything in it were lost.
 */
import type { ImpactCount, Severity } from '../types';

export type { CommitLoss, ImpactCount, ImpactReader, RepositoryState } from '../types';

/** Files whose loss git cannot undo: uncommitted changes and untracked work, less what the agent itself made in this session. */
export function lostFiles(c: ImpactCount): number {
  return Math.max(0, c.modified + c.untracked - c.createdInSession);
}

/** Every file can be brought back exactly: tracked and unmodified, or known build output. */
export function fullyRestorable(c: ImpactCount): boolean {
  return c.exists && !c.bounded && c.inRepository && lostFiles(c) === 0 && c.modified === 0 && c.tracked + c.buildOutput + c.createdInSession >= c.files;
}

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** A number as people write it: 4,210. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/**
 * How deleting a target weighs once its content is counted, from the weight the path alone gave.
 * `mayLower` says whether the target is one the project owns (inside the workspace, not its root
 * nor git's own folder): only there may a fully restorable count lower the weight, by one step.
 */
export function weighDeletion(base: Severity, c: ImpactCount | undefined, opts: { mayLower: boolean }): { severity: Severity; lowered: boolean; raised: boolean } {
  if (!c || !c.exists) return { severity: base, lowered: false, raised: false };
  // Counting stopped at its bound: weigh as if everything were lost, which is the path's own weight or high.
  const lost = c.bounded ? c.files : lostFiles(c);
  if (lost > 0) {
    const severity = ORDER.indexOf(base) < ORDER.indexOf('high') ? 'high' : base;
    return { severity, lowered: false, raised: severity !== base };
  }
  // Lowered one step, not to nothing: git brings the files back, but a whole source folder gone is
  // still worth a word (a warning with its numbers), and what the path alone makes a gate stays a warning.
  if (opts.mayLower && fullyRestorable(c) && base !== 'low') return { severity: ORDER[ORDER.indexOf(base) - 1], lowered: true, raised: false };
  return { severity: base, lowered: false, raised: false };
}

/**
 * The count in words, after the target's name: "32 files, 4,210 lines; 3 files have changes that
 * were never committed and cannot be restored from git."
 */
export function describeImpact(c: ImpactCount): string {
  const more = c.bounded ? '+' : '';
  const parts = [`${formatCount(c.files)}${more} ${c.files === 1 && !more ? 'file' : 'files'}`];
  if (c.folders > 1) parts.push(`${formatCount(c.folders)}${more} folders`);
  parts.push(`${sizeText(c.bytes)}${more}`);
  let text = parts.join(', ');
  const lost = lostFiles(c);
  if (c.bounded) return `${text}; counting stopped there, so all of it is weighed as lost`;
  if (lost > 0) {
    const modified = Math.min(c.modified, lost);
    const untracked = lost - modified;
    const what: string[] = [];
    if (modified) what.push(`${plural(modified, 'file has', 'files have')} changes that were never committed`);
    if (untracked) what.push(`${plural(untracked, 'file is', 'files are')} not in git${c.inRepository ? '' : ' (no repository holds them)'}`);
    const lines = c.lines ? ` (${plural(c.lines, 'line')} of text)` : '';
    text += `; ${what.join(' and ')}${lines}, which cannot be restored from git`;
    if (c.lostSample?.length) text += ` (${c.lostSample.slice(0, 3).map((p) => `\`${p}\``).join(', ')}${lost > c.lostSample.slice(0, 3).length ? ', …' : ''})`;
    return text;
  }
  if (fullyRestorable(c)) {
    const made = c.createdInSession ? `, ${plural(c.createdInSession, 'file')} made in this session` : '';
    const build = c.buildOutput ? `, ${plural(c.buildOutput, 'file')} of build output` : '';
    return `${text}; every file is committed and unchanged${build}${made}, so git can restore it`;
  }
  return text;
}
