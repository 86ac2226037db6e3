/**
 * Small helpers shared by the edit rule packs: line access on either side of a change and
 * production detection. Rules stay declarative; anything clever lives in the parsers.
 */
import type { ScoreContext, Span } from '../../types';
import type { BatchRule, FileRule } from '../rule';
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
