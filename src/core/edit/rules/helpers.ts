/**
 * Small helpers shared by the edit rule packs: line access on either side of a change and
 * production detection. Rules stay declarative; anything clever lives in the parsers.
 */
import type { ScoreContext, Span } from '../../types';
import type { BatchRule, FileRule } from '../rule';
import { survivingLine } from '../diff';
import type { FileView, Side } from '../view';

export function defineRule(rule: FileRule): FileRule {
  return rule;
}

export function defineBatchRule(rule: BatchRule): BatchRule {
  return rule;
}

export interface LineRef {
  line: number;
  text: string;
  start: number;
  end: number;
}

/** Lines the change added or rewrote, with their offsets in the after text. */
export function addedLines(view: FileView, cap = 200_000): LineRef[] {
  return view.memo(`addedRefs:${cap}`, () => linesOf(view, 'after', view.addedLines(), cap));
}

/** Lines the change removed or rewrote, with their offsets in the before text. */
export function removedLines(view: FileView, cap = 200_000): LineRef[] {
  return view.memo(`removedRefs:${cap}`, () => linesOf(view, 'before', view.removedLines(), cap));
}

function linesOf(view: FileView, side: Side, lines: number[], cap: number): LineRef[] {
  const idx = view.index(side);
  const out: LineRef[] = [];
  for (const line of lines) {
    if (out.length >= cap) break;
    const start = idx.lineStart(line);
    const end = idx.lineEnd(line);
    out.push({ line, text: view.text(side).slice(start, end), start, end });
  }
  return out;
}

/** All lines of one side, bounded. */
export function allLines(view: FileView, side: Side, cap = 200_000): LineRef[] {
  return view.memo(`allRefs:${side}:${cap}`, () => {
    const idx = view.index(side);
    const n = Math.min(idx.lineCount, cap);
    const out: LineRef[] = [];
    for (let l = 0; l < n; l++) {
      const start = idx.lineStart(l);
      const end = idx.lineEnd(l);
      out.push({ line: l, text: view.text(side).slice(start, end), start, end });
    }
    return out;
  });
}

export function lineSpan(view: FileView, side: Side, line: number): Span {
  const idx = view.index(side);
  return { start: idx.lineStart(line), end: idx.lineEnd(line) };
}

/** Trims a span to the non-blank part of its text. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * Where a finding about something the change removed goes in the new text: the line that now
 * stands where the before-text offset was (the nearest surviving line), kept inside `within` (an
 * after-text span such as the block that held it, so the finding stays in its block), trimmed.
 */
export function survivingSpan(view: FileView, beforeOffset: number, within?: Span): Span {
  const idx = view.index('after');
  if (!idx.lineCount) return { start: 0, end: 0 };
  let line = survivingLine(view.diff, view.index('before').lineOf(beforeOffset), idx.lineCount);
  if (within) line = Math.max(idx.lineOf(within.start), Math.min(line, idx.lineOf(Math.max(within.start, within.end - 1))));
  const span = trimSpan(view.after, lineSpan(view, 'after', line));
  return span.end > span.start ? span : lineSpan(view, 'after', line);
}

/**
 * The first line inside an after-text span that the change added or rewrote (one that contains
 * `word`, when given, if there is one): where a finding about a whole object (a Kubernetes
 * document, a policy statement, a CI step) points when what made it fire is one changed line of
 * it. The span itself when no line of it changed.
 */
export function changedLineIn(view: FileView, span: Span, word?: string): Span {
  const idx = view.index('after');
  const first = idx.lineOf(span.start);
  const last = idx.lineOf(Math.max(span.start, span.end - 1));
  if (first === last) return span;
  let hit: number | undefined;
  for (const h of view.diff.hunks) {
    if (h.afterEnd <= first) continue;
    if (h.afterStart > last) break;
    for (let l = Math.max(first, h.afterStart); l < Math.min(last + 1, h.afterEnd); l++) {
      if (!word || idx.lineText(l).includes(word)) return trimSpan(view.after, lineSpan(view, 'after', l));
      hit ??= l;
    }
  }
  return hit === undefined ? span : trimSpan(view.after, lineSpan(view, 'after', hit));
}

/**
 * Where a finding about lines removed from a before-text object (`was`, such as a CI job that lost
 * its approval key) goes: the surviving line where the first removed line of it stood, kept inside
 * `within` (the same object in the after text); `within` itself when nothing inside `was` was removed.
 */
export function removedLineIn(view: FileView, was: Span, within: Span): { afterSpan: Span; beforeSpan?: Span } {
  const idx = view.index('before');
  const first = idx.lineOf(was.start);
  const last = idx.lineOf(Math.max(was.start, was.end - 1));
  for (const h of view.diff.hunks) {
    if (h.beforeEnd <= first || h.beforeEnd === h.beforeStart) continue;
    if (h.beforeStart > last) break;
    const line = Math.max(first, h.beforeStart);
    const removed = trimSpan(view.before, lineSpan(view, 'before', line));
    return { afterSpan: survivingSpan(view, removed.start, within), beforeSpan: removed };
  }
  return { afterSpan: within };
}

const PROD_SEGMENT = /^(prod|production|prd|live)$/;
const PROD_NAME = /(^|[._-])(prod|production|prd)([._-]|$)/;

/** Paths that name production (a folder `prod/`, `values-prod.yaml`, `production.tfvars`). */
export function isProductionPath(path: string): boolean {
  const parts = path.toLowerCase().split('/');
  for (let i = 0; i < parts.length - 1; i++) if (PROD_SEGMENT.test(parts[i])) return true;
  return PROD_NAME.test(parts[parts.length - 1] ?? '');
}

export function prodContext(view: FileView): ScoreContext | undefined {
  return isProductionPath(view.path) ? { scope: ['production'] } : undefined;
}
